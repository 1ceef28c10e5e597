// The compiled definitions of <hipmech/dynamics/newton_euler.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/dynamics/newton_euler.hpp"

namespace hipmech::dynamics::detail {

void check_chain(const std::vector<LimbSegment>& chain, const ExternalLoad& load, double rate_hz,
                 const NewtonEulerOptions& options) {
  HIPMECH_CHECK_ARG(!chain.empty(), "chain", "at least one segment (distal first)",
                    "an empty chain");
  check_positive(rate_hz, "rate_hz", "Hz");
  const Eigen::Index n = chain.front().R_lab_segment.rows();
  for (std::size_t s = 0; s < chain.size(); ++s) {
    const LimbSegment& seg = chain[s];
    const std::string name = "chain[" + std::to_string(s) + "]";
    HIPMECH_CHECK_SIZE(seg.R_lab_segment.rows(), n, name + ".R_lab_segment", "frames");
    HIPMECH_CHECK_SIZE(seg.origin_m.rows(), n, name + ".origin_m", "frames");
    HIPMECH_CHECK_SIZE(seg.proximal_joint_m.rows(), n, name + ".proximal_joint_m", "frames");
    check_values(seg.proximal_joint_m, (name + ".proximal_joint_m").c_str(), NanPolicy::Allow);
    check_segment_inertia(seg.inertia, (name + ".inertia").c_str());
  }
  HIPMECH_CHECK_SIZE(load.force_n.rows(), n, "load.force_n", "frames");
  HIPMECH_CHECK_SIZE(load.point_m.rows(), n, "load.point_m", "frames");
  HIPMECH_CHECK_SIZE(load.moment_nm.rows(), n, "load.moment_nm", "frames");
  check_values(load.force_n, "load.force_n", NanPolicy::Allow);
  check_values(load.point_m, "load.point_m", NanPolicy::Allow);
  check_values(load.moment_nm, "load.moment_nm", NanPolicy::Allow);
  HIPMECH_CHECK_ARG(options.gravity_mps2.allFinite(), "options.gravity_mps2", "a finite vector",
                    options.gravity_mps2.transpose());
  for (std::size_t s = 0; s < chain.size(); ++s) {
    check_segment_motion_args(chain[s].R_lab_segment, chain[s].origin_m, chain[s].inertia.com_m,
                              rate_hz, "chain[" + std::to_string(s) + "].");
  }
}

}  // namespace hipmech::dynamics::detail

namespace hipmech::dynamics {

std::vector<JointLoads> newton_euler_3d(const std::vector<LimbSegment>& chain,
                                        const ExternalLoad& load, double rate_hz,
                                        const NewtonEulerOptions& options) {
  detail::check_chain(chain, load, rate_hz, options);
  const Eigen::Index n = chain.front().R_lab_segment.rows();
  std::vector<JointLoads> out(chain.size());
  const Eigen::Vector3d g = options.weight ? options.gravity_mps2 : Eigen::Vector3d::Zero();
  for (std::size_t s = 0; s < chain.size(); ++s) {
    const LimbSegment& seg = chain[s];
    const double m = seg.inertia.mass_kg;
    const Eigen::Matrix3d& I = seg.inertia.inertia_kgm2;
    const geometry::RotationsCRef& Rs = seg.R_lab_segment;
    // Kinematics of segment_motion() (same stencils, same arithmetic), computed frame by frame
    // on a sliding window of centre of mass and omega instead of stored #frames arrays.
    const auto com = [&](Eigen::Index k) {
      return detail::com_at(Rs, seg.origin_m, seg.inertia.com_m, k);
    };
    const auto omega = [&](Eigen::Index k) { return detail::angular_velocity_at(Rs, k, rate_hz); };
    Eigen::Vector3d c_prev = Eigen::Vector3d::Zero(), c_here = c_prev, c_next = c_prev;
    Eigen::Vector3d w_prev = c_prev, w_here = c_prev, w_next = c_prev;
    // The distal load on this segment: the ground reaction, or minus the joint load below.
    const Trajectory& Fd = s == 0 ? load.force_n : out[s - 1].force_n;
    const Trajectory& Md = s == 0 ? load.moment_nm : out[s - 1].moment_nm;
    const double sign = s == 0 ? 1.0 : -1.0;
    JointLoads& j = out[s];
    j.force_n.resize(n, 3);
    j.moment_nm.resize(n, 3);
    for (Eigen::Index f = 0; f < n; ++f) {
      Eigen::Vector3d a = Eigen::Vector3d::Zero(), alpha = a;
      if (!options.inertial) {
        c_here = com(f);
      } else if (f <= 1 || f == n - 1) {
        // The ends (one-sided stencils) and the first interior frame: evaluate directly, and
        // at f = 1 fill the window (frames 0, 1, 2) that later frames slide along.
        c_here = com(f);
        w_here = omega(f);
        a = detail::second_difference_at(com, f, n, rate_hz);
        alpha = detail::first_difference_at(omega, f, n, rate_hz);
        if (f == 1) {
          c_prev = com(0);
          c_next = com(2);
          w_prev = omega(0);
          w_next = omega(2);
        }
      } else {
        c_prev = c_here;
        c_here = c_next;
        c_next = com(f + 1);
        w_prev = w_here;
        w_here = w_next;
        w_next = omega(f + 1);
        // The interior stencils of second_difference_at / first_difference_at.
        a = rate_hz * rate_hz * (c_next - 2.0 * c_here + c_prev);
        alpha = 0.5 * rate_hz * (w_next - w_prev);
      }
      const Eigen::Vector3d& c = c_here;
      const Eigen::Vector3d Pd =
          s == 0 ? Eigen::Vector3d(load.point_m.row(f).transpose())
                 : Eigen::Vector3d(chain[s - 1].proximal_joint_m.row(f).transpose());
      const Eigen::Vector3d P = seg.proximal_joint_m.row(f).transpose();
      const Eigen::Vector3d fd = sign * Fd.row(f).transpose();
      const Eigen::Vector3d md = sign * Md.row(f).transpose();
      Eigen::Vector3d F = -m * g - fd;
      Eigen::Vector3d M = -md - (Pd - c).cross(fd);
      if (options.inertial) {
        const auto R = geometry::rotation_at(Rs, f);
        const Eigen::Vector3d w = R.transpose() * w_here;
        const Eigen::Vector3d al = R.transpose() * alpha;
        F += m * a;
        M += R * (I * al + w.cross(I * w));
      }
      M -= (P - c).cross(F);
      j.force_n.row(f) = F.transpose();
      j.moment_nm.row(f) = M.transpose();
    }
  }
  return out;
}

}  // namespace hipmech::dynamics
