// The compiled definitions of <hipmech/dynamics/segment_motion.hpp> (declared and documented
// there): heavy functions users never need inline, compiled once into the library.
#include "hipmech/dynamics/segment_motion.hpp"

namespace hipmech::dynamics::detail {

void check_segment_motion_args(const geometry::RotationsCRef& R_lab_segment,
                               const TrajectoryCRef& origin_m, const Eigen::Vector3d& com_local_m,
                               double rate_hz, const std::string& prefix) {
  const std::string R_name = prefix + "R_lab_segment", o_name = prefix + "origin_m";
  check_same_frames(origin_m.rows(), R_lab_segment.rows(), o_name.c_str(), R_name.c_str());
  check_values(R_lab_segment, R_name.c_str(), NanPolicy::Allow);
  check_values(origin_m, o_name.c_str(), NanPolicy::Allow);
  HIPMECH_CHECK_ARG(com_local_m.allFinite(),
                    prefix.empty() ? std::string("com_local_m") : prefix + "inertia.com_m",
                    "a finite vector [m]", com_local_m.transpose());
  const Eigen::Index n = origin_m.rows();
  HIPMECH_CHECK_ARG(n >= 4, o_name, "at least 4 frames for an acceleration",
                    std::to_string(n) + " frames");
  check_positive(rate_hz, "rate_hz", "Hz");
}

}  // namespace hipmech::dynamics::detail

namespace hipmech::dynamics {

void angular_kinematics(const geometry::RotationsCRef& R_lab_segment, double rate_hz,
                        Trajectory& omega_radps, Trajectory& alpha_radps2) {
  check_positive(rate_hz, "rate_hz", "Hz");
  const Eigen::Index n = R_lab_segment.rows();
  HIPMECH_CHECK_ARG(n >= 3, "R_lab_segment", "at least 3 frames to differentiate",
                    std::to_string(n) + " frames");
  check_values(R_lab_segment, "R_lab_segment", NanPolicy::Allow);
  // omega with dR/dt by the stencil in place (the arithmetic of central_difference on an
  // #frames by 9 dR array, without that array), then alpha = D omega.
  omega_radps.resize(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    omega_radps.row(f) = detail::angular_velocity_at(R_lab_segment, f, rate_hz).transpose();
  }
  alpha_radps2 = signal::derivative(omega_radps, rate_hz, 1);
}

SegmentMotion segment_motion(const geometry::RotationsCRef& R_lab_segment,
                             const TrajectoryCRef& origin_m, const Eigen::Vector3d& com_local_m,
                             double rate_hz) {
  detail::check_segment_motion_args(R_lab_segment, origin_m, com_local_m, rate_hz);
  const Eigen::Index n = origin_m.rows();
  SegmentMotion m;
  m.com_m.resize(n, 3);
  m.angular_velocity_radps.resize(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    m.com_m.row(f) = detail::com_at(R_lab_segment, origin_m, com_local_m, f).transpose();
    m.angular_velocity_radps.row(f) =
        detail::angular_velocity_at(R_lab_segment, f, rate_hz).transpose();
  }
  m.com_acceleration_mps2 = signal::derivative(m.com_m, rate_hz, 2);
  m.angular_acceleration_radps2 = signal::derivative(m.angular_velocity_radps, rate_hz, 1);
  return m;
}

}  // namespace hipmech::dynamics
