// The compiled definitions of <hipmech/geometry/jcs.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/geometry/jcs.hpp"

namespace hipmech::geometry {

Trajectory jcs_angles(const RotationsCRef& R_lab_proximal, const RotationsCRef& R_lab_distal) {
  check_same_frames(R_lab_distal.rows(), R_lab_proximal.rows(), "R_lab_distal", "R_lab_proximal");
  check_values(R_lab_proximal, "R_lab_proximal");
  check_values(R_lab_distal, "R_lab_distal");
  const Eigen::Index n = R_lab_proximal.rows();
  Trajectory out(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    detail::jcs_angles_one(R_lab_proximal.row(f).data(), R_lab_distal.row(f).data(),
                           out.row(f).data());
  }
  return out;
}

}  // namespace hipmech::geometry
