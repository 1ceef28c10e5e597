// The compiled definitions of <hipmech/geometry/jcs.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/geometry/jcs.hpp"

namespace hipmech::geometry {

Trajectory jcs_angles(const RotationsCRef& R_lab_proximal, const RotationsCRef& R_lab_distal) {
  check_same_frames(R_lab_distal.rows(), R_lab_proximal.rows(), "R_lab_distal", "R_lab_proximal");
  check_values(R_lab_proximal, "R_lab_proximal");
  check_values(R_lab_distal, "R_lab_distal");
  constexpr auto q = axes_of(CardanSequence::ZXY);
  const Eigen::Index n = R_lab_proximal.rows();
  Trajectory out(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    const Eigen::Map<const Matrix3r> p(R_lab_proximal.row(f).data());
    const Eigen::Map<const Matrix3r> d(R_lab_distal.row(f).data());
    Matrix3r rel;
    rel.noalias() = p.transpose() * d;
    decompose_into(rel.data(), q, out.row(f).data());
  }
  return out;
}

}  // namespace hipmech::geometry
