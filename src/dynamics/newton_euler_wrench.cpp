// The compiled definitions of <hipmech/dynamics/newton_euler_wrench.hpp> (declared and documented
// there): heavy functions users never need inline, compiled once into the library.
#include "hipmech/dynamics/newton_euler_wrench.hpp"

namespace hipmech::dynamics {

Quaternions unit_quaternions(const geometry::RotationsCRef& R_lab_segment) {
  check_values(R_lab_segment, "R_lab_segment", NanPolicy::Allow);
  const Eigen::Index n = R_lab_segment.rows();
  Quaternions q(n, 4);
  Eigen::Vector4d last = Eigen::Vector4d::Zero();
  for (Eigen::Index f = 0; f < n; ++f) {
    const auto R = geometry::rotation_at(R_lab_segment, f);
    if (R.hasNaN()) {
      q.row(f).setConstant(std::numeric_limits<double>::quiet_NaN());
      continue;
    }
    const Eigen::Quaterniond e{Eigen::Matrix3d(R)};
    Eigen::Vector4d v(e.w(), e.x(), e.y(), e.z());
    v.normalize();
    if (v.dot(last) < 0.0) v = -v;
    q.row(f) = v.transpose();
    last = v;
  }
  return q;
}

}  // namespace hipmech::dynamics

namespace hipmech::dynamics::detail {

QuaternionMotion quaternion_motion(const geometry::RotationsCRef& R_lab_segment,
                                   const TrajectoryCRef& origin_m,
                                   const Eigen::Vector3d& com_local_m, double rate_hz) {
  const Eigen::Index n = origin_m.rows();
  QuaternionMotion out;
  out.q = unit_quaternions(R_lab_segment);
  const Quaternions& q = out.q;
  const Channels qd = signal::central_difference(ChannelsCRef(q), rate_hz, 1);
  const Channels qdd_of_qd = signal::central_difference(ChannelsCRef(qd), rate_hz, 1);
  const Channels qdd = signal::central_difference(ChannelsCRef(q), rate_hz, 2);
  const Channels origin_dd = signal::central_difference(ChannelsCRef(origin_m), rate_hz, 2);
  const Eigen::Vector4d c = pure_quaternion(com_local_m);
  SegmentMotion& m = out.motion;
  m.com_m.resize(n, 3);
  m.com_acceleration_mps2.resize(n, 3);
  m.angular_velocity_radps.resize(n, 3);
  m.angular_acceleration_radps2.resize(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    const Eigen::Vector4d qf = q.row(f).transpose();
    const Eigen::Vector4d qs = quaternion_conjugate(qf);
    const Eigen::Vector4d d1 = qd.row(f).transpose();
    const Eigen::Vector4d d1s = quaternion_conjugate(d1);
    const Eigen::Vector4d d2 = qdd.row(f).transpose();
    const Eigen::Vector4d dd = qdd_of_qd.row(f).transpose();
    // omega = 2 q' q*, alpha = 2 q'' q* + 2 q' q'* (lab frame).
    const Eigen::Vector4d omega = 2.0 * quaternion_product(d1, qs);
    const Eigen::Vector4d alpha =
        2.0 * quaternion_product(dd, qs) + 2.0 * quaternion_product(d1, d1s);
    // com - origin = q c q*, and its second derivative by the product rule.
    const Eigen::Vector4d com = quaternion_product(qf, quaternion_product(c, qs));
    const Eigen::Vector4d acc =
        quaternion_product(d2, quaternion_product(c, qs)) +
        2.0 * quaternion_product(d1, quaternion_product(c, d1s)) +
        quaternion_product(qf, quaternion_product(c, quaternion_conjugate(d2)));
    m.angular_velocity_radps.row(f) = omega.tail<3>().transpose();
    m.angular_acceleration_radps2.row(f) = alpha.tail<3>().transpose();
    m.com_m.row(f) = origin_m.row(f) + com.tail<3>().transpose();
    m.com_acceleration_mps2.row(f) = origin_dd.row(f) + acc.tail<3>().transpose();
  }
  return out;
}

std::vector<JointLoads> proximal_wrenches(const std::vector<LimbSegment>& chain,
                                          const ExternalLoad& load,
                                          const std::vector<SegmentMotion>& motion,
                                          const std::vector<Quaternions>& orientation,
                                          const NewtonEulerOptions& options) {
  const Eigen::Index n = chain.front().R_lab_segment.rows();
  const Eigen::Vector3d g = options.weight ? options.gravity_mps2 : Eigen::Vector3d::Zero();
  const Eigen::Matrix3d E = Eigen::Matrix3d::Identity();
  std::vector<JointLoads> out(chain.size());
  for (std::size_t s = 0; s < chain.size(); ++s) {
    const LimbSegment& seg = chain[s];
    const SegmentMotion& mo = motion[s];
    const double m = seg.inertia.mass_kg;
    JointLoads& j = out[s];
    j.force_n.resize(n, 3);
    j.moment_nm.resize(n, 3);
    for (Eigen::Index f = 0; f < n; ++f) {
      const Eigen::Vector3d P = seg.proximal_joint_m.row(f).transpose();
      // Inertia tensor about the centre of mass in the lab: R I R^T, R from the quaternion.
      const Eigen::Matrix3d R = quaternion_to_rotation(orientation[s].row(f).transpose());
      const Eigen::Matrix3d I = R * seg.inertia.inertia_kgm2 * R.transpose();
      // Lever arm from the proximal joint centre to the centre of mass.
      const Eigen::Vector3d c = mo.com_m.row(f).transpose() - P;
      // Generalised inertia matrix about the proximal joint: [m E, 0; m [c]x, I].
      Matrix6d Phi;
      Phi << m * E, Eigen::Matrix3d::Zero(), m * skew(c), I;
      // (linear; angular) acceleration, gravity moved to the left as in a - g.
      Wrench acc;
      Wrench gyro = Wrench::Zero();
      if (options.inertial) {
        const Eigen::Vector3d w = mo.angular_velocity_radps.row(f).transpose();
        acc << mo.com_acceleration_mps2.row(f).transpose() - g,
            mo.angular_acceleration_radps2.row(f).transpose();
        gyro.tail<3>() = w.cross(I * w);
      } else {
        acc << -g, Eigen::Vector3d::Zero();
      }
      // The wrench this segment exerts on the distal side, and the point it is taken about:
      // minus the external load at its point for the first segment, else the previous joint's
      // wrench at the previous proximal joint centre.
      Wrench Wd;
      Eigen::Vector3d Pd;
      if (s == 0) {
        Wd << -load.force_n.row(f).transpose(), -load.moment_nm.row(f).transpose();
        Pd = load.point_m.row(f).transpose();
      } else {
        Wd << out[s - 1].force_n.row(f).transpose(), out[s - 1].moment_nm.row(f).transpose();
        Pd = chain[s - 1].proximal_joint_m.row(f).transpose();
      }
      // Transport of that wrench from Pd to P: [E, 0; [d]x, E], d = Pd - P.
      Matrix6d T;
      T << E, Eigen::Matrix3d::Zero(), skew(Pd - P), E;
      const Wrench W = lower_block_product(Phi, acc) + gyro + lower_block_product(T, Wd);
      j.force_n.row(f) = W.head<3>().transpose();
      j.moment_nm.row(f) = W.tail<3>().transpose();
    }
  }
  return out;
}

}  // namespace hipmech::dynamics::detail

namespace hipmech::dynamics {

std::vector<JointLoads> newton_euler_3d_wrench(const std::vector<LimbSegment>& chain,
                                               const ExternalLoad& load, double rate_hz,
                                               const NewtonEulerOptions& options) {
  detail::check_chain(chain, load, rate_hz, options);
  std::vector<SegmentMotion> motion;
  std::vector<Quaternions> orientation;
  motion.reserve(chain.size());
  orientation.reserve(chain.size());
  for (const LimbSegment& seg : chain) {
    detail::QuaternionMotion qm =
        detail::quaternion_motion(seg.R_lab_segment, seg.origin_m, seg.inertia.com_m, rate_hz);
    orientation.push_back(std::move(qm.q));
    motion.push_back(std::move(qm.motion));
  }
  return detail::proximal_wrenches(chain, load, motion, orientation, options);
}

}  // namespace hipmech::dynamics
