/// \file
/// Segment kinematics for inverse dynamics: centre-of-mass position and acceleration, angular
/// velocity and acceleration in the lab frame, from segment frames sampled at a fixed rate
/// (docs/dynamics.md, "Kinematics").
#pragma once

#include <string>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/geometry/rotations.hpp"
#include "hipmech/signal/derivative.hpp"

namespace hipmech::dynamics {

/// Kinematics of one segment, every vector in the lab frame, #frames by 3 each.
struct SegmentMotion {
  Trajectory com_m;                         ///< centre of mass [m]
  Trajectory com_acceleration_mps2;         ///< its second time derivative [m/s^2]
  Trajectory angular_velocity_radps;        ///< omega, with dR/dt = [omega]x R [rad/s]
  Trajectory angular_acceleration_radps2;   ///< d omega / dt [rad/s^2]
};

namespace detail {

/// Angular velocity (lab frame) from a rotation matrix R and its time derivative:
/// [omega]x = dR/dt R^T, taking the skew-symmetric part of the finite-difference estimate
/// (Zatsiorsky 1998, Kinematics of Human Motion, eq. 1.69).
template <typename A, typename B>
Eigen::Vector3d angular_velocity(const Eigen::MatrixBase<A>& R, const Eigen::MatrixBase<B>& dR) {
  const Eigen::Matrix3d W = dR * R.transpose();
  return 0.5 * Eigen::Vector3d(W(2, 1) - W(1, 2), W(0, 2) - W(2, 0), W(1, 0) - W(0, 1));
}

/// The stencils of signal::central_difference evaluated at one sample, on values fetched by a
/// callable x(k) (so that nothing is stored; newton_euler_3d's sliding window and the
/// rotation derivative use them): the first derivative at sample f of n (n >= 3).
template <typename X>
auto first_difference_at(const X& x, Eigen::Index f, Eigen::Index n, double rate_hz) {
  const double s = 0.5 * rate_hz;
  using V = decltype(x(f));
  if (f == 0) return V(s * (-3.0 * x(0) + 4.0 * x(1) - x(2)));
  if (f == n - 1) return V(s * (3.0 * x(n - 1) - 4.0 * x(n - 2) + x(n - 3)));
  return V(s * (x(f + 1) - x(f - 1)));
}

/// The second-derivative stencil of signal::central_difference at sample f of n (n >= 4).
template <typename X>
auto second_difference_at(const X& x, Eigen::Index f, Eigen::Index n, double rate_hz) {
  const double s = rate_hz * rate_hz;
  using V = decltype(x(f));
  if (f == 0) return V(s * (2.0 * x(0) - 5.0 * x(1) + 4.0 * x(2) - x(3)));
  if (f == n - 1) return V(s * (2.0 * x(n - 1) - 5.0 * x(n - 2) + 4.0 * x(n - 3) - x(n - 4)));
  return V(s * (x(f + 1) - 2.0 * x(f) + x(f - 1)));
}

/// omega at frame f of a batch of rotations: the axial vector of the skew part of dR/dt R^T,
/// with dR/dt by the first-derivative stencil computed in place (no #frames by 9 array).
inline Eigen::Vector3d angular_velocity_at(const geometry::RotationsCRef& R, Eigen::Index f,
                                           double rate_hz) {
  const Eigen::Index n = R.rows();
  const auto Rk = [&R](Eigen::Index k) { return geometry::Matrix3r(geometry::rotation_at(R, k)); };
  const geometry::Matrix3r dR = first_difference_at(Rk, f, n, rate_hz);
  return angular_velocity(geometry::rotation_at(R, f), dR);
}

/// Centre of mass at frame k: origin + R com_local.
inline Eigen::Vector3d com_at(const geometry::RotationsCRef& R, const TrajectoryCRef& origin,
                              const Eigen::Vector3d& com_local, Eigen::Index k) {
  return origin.row(k).transpose() + geometry::rotation_at(R, k) * com_local;
}

/// Checks of segment_motion() (names as there, after `prefix`, e.g. "chain[1]."), rotations
/// first so that an infinity in them is reported as such rather than through the centre of
/// mass it corrupts.
void check_segment_motion_args(const geometry::RotationsCRef& R_lab_segment,
                               const TrajectoryCRef& origin_m, const Eigen::Vector3d& com_local_m,
                               double rate_hz, const std::string& prefix = "");

}  // namespace detail

/// Angular velocity and acceleration of segment frames in the lab, by central differences of
/// the rotation matrices (signal::central_difference: second-order, one-sided at the ends).
/// omega is the axial vector of the skew part of dR/dt R^T; alpha its central difference.
/// A missing frame (NaN) makes omega NaN at its neighbours and alpha NaN two frames around it.
/// \param[in] R_lab_segment #frames by 9, segment-to-lab rotations (row-major)
/// \param[in] rate_hz sampling rate [Hz], > 0
/// \param[out] omega_radps #frames by 3 [rad/s]
/// \param[out] alpha_radps2 #frames by 3 [rad/s^2]
/// \throws InvalidArgument naming `R_lab_segment` (fewer than 3 frames, infinity) or `rate_hz`
void angular_kinematics(const geometry::RotationsCRef& R_lab_segment, double rate_hz,
                        Trajectory& omega_radps, Trajectory& alpha_radps2);

/// Kinematics of one segment for inverse dynamics (Winter 2009, ch. 5): the centre of mass
/// com = origin + R com_local, its acceleration by second central differences, and the
/// angular velocity and acceleration from angular_kinematics(). No filtering: filter the
/// markers (or frames) first, with the cut-off you also apply to the forces.
/// \param[in] R_lab_segment #frames by 9, segment-to-lab rotations
/// \param[in] origin_m #frames by 3, origin of the segment frame in the lab [m]
/// \param[in] com_local_m centre of mass in the segment frame [m] (SegmentInertia::com_m)
/// \param[in] rate_hz sampling rate [Hz]
/// \throws InvalidArgument naming the argument (frame counts differ, fewer than 4 frames,
///         infinity, rate_hz not positive)
SegmentMotion segment_motion(const geometry::RotationsCRef& R_lab_segment,
                             const TrajectoryCRef& origin_m, const Eigen::Vector3d& com_local_m,
                             double rate_hz);

}  // namespace hipmech::dynamics
