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
  const double side_sign = lateral_sign(side);
  a.col(0) *= flexion_sign(joint);
  a.col(1) *= side_sign;
  a.col(2) *= side_sign;
  return a;
}

}  // namespace hipmech::model
