// The compiled definitions of <hipmech/hip/lever_arm.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/hip/lever_arm.hpp"

namespace hipmech::hip {

Trajectory grf_lever_arm_moment(const TrajectoryCRef& force_n, const TrajectoryCRef& cop_m,
                                const TrajectoryCRef& joint_centre_m,
                                const TrajectoryCRef& free_moment_nm, bool external) {
  const Eigen::Index n = force_n.rows();
  check_same_frames(cop_m.rows(), n, "cop_m", "force_n");
  check_same_frames(joint_centre_m.rows(), n, "joint_centre_m", "force_n");
  const bool has_free = free_moment_nm.rows() > 0;
  if (has_free) check_same_frames(free_moment_nm.rows(), n, "free_moment_nm", "force_n");
  check_values(force_n, "force_n", NanPolicy::Allow);
  check_values(cop_m, "cop_m", NanPolicy::Allow);
  check_values(joint_centre_m, "joint_centre_m", NanPolicy::Allow);
  check_values(free_moment_nm, "free_moment_nm", NanPolicy::Allow);
  const double sign = external ? 1.0 : -1.0;
  Trajectory out(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    const Eigen::Vector3d r = (cop_m.row(f) - joint_centre_m.row(f)).transpose();
    Eigen::Vector3d m = r.cross(Eigen::Vector3d(force_n.row(f).transpose()));
    if (has_free) m += free_moment_nm.row(f).transpose();
    out.row(f) = sign * m.transpose();
  }
  return out;
}

}  // namespace hipmech::hip
