/// \file
/// Bottom-up 3-D Newton-Euler inverse dynamics of a limb (foot, shank, thigh) in vector form
/// (Winter 2009, ch. 5; Dumas et al. 2004 for the 3-D equations), with the external load of a
/// force plate and its free moment (docs/dynamics.md).
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "hipmech/core/check.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/dynamics/segment_inertia.hpp"
#include "hipmech/dynamics/segment_motion.hpp"
#include "hipmech/geometry/rotations.hpp"

namespace hipmech::dynamics {

/// One segment of a chain: its frames, its inertia, and the joint at its proximal end.
/// Views only: the arrays must outlive the call.
struct LimbSegment {
  /// #frames by 9, segment-to-lab rotations (ISB axes, the axes of `inertia`).
  geometry::RotationsCRef R_lab_segment;
  /// #frames by 3, origin of the segment frame in the lab [m].
  TrajectoryCRef origin_m;
  /// #frames by 3, centre of the joint at the segment's proximal end in the lab [m] (ankle
  /// for the foot, knee for the shank, hip for the thigh): the point the joint moment is
  /// taken about.
  TrajectoryCRef proximal_joint_m;
  /// Mass, centre of mass and inertia tensor in the segment frame.
  SegmentInertia inertia;
};

/// A load applied by the environment to the most distal segment (a ground reaction), lab
/// frame, one row per frame. NaN in a frame makes that frame's joint loads NaN; a foot in
/// the air carries an exact zero load (docs/dynamics.md, "External loads").
struct ExternalLoad {
  /// Force on the body [N].
  Trajectory force_n;
  /// The point about which moment_nm is taken [m] (the centre of pressure, or the plate's
  /// origin when moment_nm is the plate moment there).
  Trajectory point_m;
  /// Moment of the load about point_m [N m] (at the centre of pressure: the free moment).
  Trajectory moment_nm;

  /// n frames of zero load (a foot in the air) about the lab origin.
  static ExternalLoad zero(Eigen::Index n_frames) {
    return {Trajectory::Zero(n_frames, 3), Trajectory::Zero(n_frames, 3),
            Trajectory::Zero(n_frames, 3)};
  }
};

/// Net load at one joint, lab frame, one row per frame: the force and moment that the
/// proximal segment exerts on the distal segment at the joint centre. The moment is the net
/// internal (muscle) moment of docs/conventions.md; the external moment is its negative.
struct JointLoads {
  Trajectory force_n;    ///< [N]
  Trajectory moment_nm;  ///< about the joint centre [N m]
};

/// Terms of the equations of motion; all on by default (full inverse dynamics). Both off is
/// the quasi-static ground-reaction lever-arm method (hip::grf_lever_arm_moment).
struct NewtonEulerOptions {
  /// Gravitational acceleration in the lab [m/s^2]; default 9.81 m/s^2 down a Z-up lab
  /// (Winter 2009). Use LabAxes: -9.81 * unit_vector(lab_axes.up()).
  Eigen::Vector3d gravity_mps2{0.0, 0.0, -9.81};
  /// Include m a, I alpha and omega x I omega.
  bool inertial = true;
  /// Include the segments' weights.
  bool weight = true;
};

namespace detail {

/// The argument checks of newton_euler_3d() and newton_euler_3d_wrench(): every view of the
/// chain with the same #frames (>= 4), finite values, valid inertia and gravity; the message
/// names the segment ("chain[1].origin_m").
inline void check_chain(const std::vector<LimbSegment>& chain, const ExternalLoad& load,
                        double rate_hz, const NewtonEulerOptions& options) {
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

}  // namespace detail

/// Bottom-up Newton-Euler recursion of a chain of rigid segments, distal first (foot, shank,
/// thigh), in the lab frame. For each segment, with F_d, M_d the load on it at its distal end
/// (the external load for the first segment; minus the previous joint's load otherwise),
/// P_d the point M_d is taken about, P the proximal joint centre and c the centre of mass:
///
///   F = m (a_c - g) - F_d
///   M = I alpha + omega x (I omega) - M_d - (P_d - c) x F_d - (P - c) x F,
///
/// with I = R I_local R^T (Winter 2009, eq. 5.3-5.4, written in 3-D as in Dumas et al. 2004). Kinematics come from segment_motion() (central differences, no filtering).
/// \param[in] chain segments, distal first; every array with the same #frames (>= 4)
/// \param[in] load external load on chain[0] (lab frame), #frames rows
/// \param[in] rate_hz sampling rate of every array [Hz]
/// \param[in] options gravity and which terms to include
/// \return one JointLoads per segment, in chain order: the load at its proximal joint
///         (ankle, knee, hip), acting on it from the next segment up; NaN in frames whose
///         inputs (or, for the inertial terms, their neighbours) are missing.
/// \throws InvalidArgument naming the argument (empty chain, frame counts, bad inertia,
///         infinity, fewer than 4 frames, rate_hz)
inline std::vector<JointLoads> newton_euler_3d(const std::vector<LimbSegment>& chain,
                                               const ExternalLoad& load, double rate_hz,
                                               const NewtonEulerOptions& options = {}) {
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
