// The compiled definitions of <hipmech/model/joint_angles.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/model/joint_angles.hpp"

namespace hipmech::model {

Joint parse_joint(std::string_view text, const char* arg) {
  const std::string s = hipmech::detail::folded(text);
  if (s == "hip") return Joint::Hip;
  if (s == "knee") return Joint::Knee;
  if (s == "ankle") return Joint::Ankle;
  hipmech::detail::throw_invalid_argument(arg, "'hip', 'knee' or 'ankle'",
                                          "'" + std::string(text) + "'");
}

Trajectory joint_angles(const geometry::RotationsCRef& R_lab_proximal,
                        const geometry::RotationsCRef& R_lab_distal, Side side, Joint joint) {
  Trajectory a = geometry::jcs_angles(R_lab_proximal, R_lab_distal);
  const std::array<double, 3> sign = detail::clinical_signs(side, joint);
  a.col(0) *= sign[0];
  a.col(1) *= sign[1];
  a.col(2) *= sign[2];
  return a;
}

}  // namespace hipmech::model
