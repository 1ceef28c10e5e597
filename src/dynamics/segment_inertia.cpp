// The compiled definitions of <hipmech/dynamics/segment_inertia.hpp> (declared and documented
// there): heavy functions users never need inline, compiled once into the library.
#include "hipmech/dynamics/segment_inertia.hpp"

namespace hipmech::dynamics {

void check_segment_inertia(const SegmentInertia& s, const char* arg) {
  HIPMECH_CHECK_ARG(std::isfinite(s.mass_kg) && s.mass_kg > 0.0, arg, "a finite positive mass_kg",
                    s.mass_kg);
  HIPMECH_CHECK_ARG(s.com_m.allFinite(), arg, "a finite com_m", s.com_m.transpose());
  HIPMECH_CHECK_ARG(s.inertia_kgm2.allFinite(), arg, "a finite inertia_kgm2", "a non-finite value");
  const double scale = s.inertia_kgm2.cwiseAbs().maxCoeff();
  HIPMECH_CHECK_ARG((s.inertia_kgm2 - s.inertia_kgm2.transpose()).cwiseAbs().maxCoeff() <=
                        1e-12 * (scale + 1e-300),
                    arg, "a symmetric inertia_kgm2", "an asymmetric tensor");
  HIPMECH_CHECK_ARG(s.inertia_kgm2.diagonal().minCoeff() >= 0.0, arg,
                    "non-negative moments of inertia", s.inertia_kgm2.diagonal().transpose());
}

}  // namespace hipmech::dynamics
