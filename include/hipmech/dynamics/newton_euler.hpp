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
void check_chain(const std::vector<LimbSegment>& chain, const ExternalLoad& load, double rate_hz,
                 const NewtonEulerOptions& options);

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
std::vector<JointLoads> newton_euler_3d(const std::vector<LimbSegment>& chain,
                                        const ExternalLoad& load, double rate_hz,
                                        const NewtonEulerOptions& options = {});

}  // namespace hipmech::dynamics
