/// \file
/// Bottom-up planar (2-D) Newton-Euler inverse dynamics of a limb (Winter 2009, ch. 5):
/// sagittal or frontal plane, counter-clockwise moments (docs/dynamics.md).
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/signal/derivative.hpp"

namespace hipmech::dynamics {

/// One segment of a planar chain, defined by two points in the plane (x, y) [m]. Views only.
struct PlanarSegment {
  /// #frames by 2, proximal end = the joint the moment is taken about [m].
  Points2CRef proximal_m;
  /// #frames by 2, distal end [m]; with proximal_m it defines the segment's angle and length.
  Points2CRef distal_m;
  double mass_kg;
  /// Centre of mass as the fraction of the proximal-to-distal vector (0 = at the proximal end).
  double com_fraction;
  /// Moment of inertia about the centre of mass, normal to the plane [kg m^2].
  double inertia_kgm2;
};

/// Load of the environment on the most distal segment, one row per frame.
struct PlanarLoad {
  Points2 force_n;   ///< force on the body (x, y) [N]
  Points2 point_m;   ///< point of application (centre of pressure) [m]
  Series moment_nm;  ///< free moment about point_m, counter-clockwise positive [N m]
};

/// Net load at a joint: what the proximal segment exerts on the distal one (the internal
/// moment), counter-clockwise positive in the (x, y) plane.
struct PlanarJointLoads {
  Points2 force_n;   ///< [N]
  Series moment_nm;  ///< about the joint centre [N m]
};

/// Terms of the planar equations; all on by default.
struct PlanarOptions {
  /// Gravitational acceleration in the plane [m/s^2]; default 9.81 down -y.
  Eigen::Vector2d gravity_mps2{0.0, -9.81};
  bool inertial = true;  ///< include m a and I alpha
  bool weight = true;    ///< include the segments' weights
};

namespace detail {

inline double cross2(const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
  return a.x() * b.y() - a.y() * b.x();
}

/// Angle of p->d per frame, unwrapped across frames (NaN frames skipped, stay NaN).
Series unwrapped_angle(const Points2CRef& p, const Points2CRef& d);

}  // namespace detail

/// Planar Newton-Euler recursion, distal segment first (Winter 2009, eqs. 5.3-5.5): for each
/// segment, with F_d, M_d the load on it at its distal point P_d, P its proximal joint and c
/// its centre of mass,
///
///   F = m (a_c - g) - F_d,
///   M = I theta'' - M_d - (P_d - c) x F_d - (P - c) x F      (x: the planar cross product).
///
/// theta is the angle of proximal->distal (unwrapped); a_c and theta'' by second central
/// differences (signal::central_difference), without filtering.
/// \param[in] chain segments, distal first; segment s > 0 takes the previous segment's
///            proximal point as its distal load point
/// \param[in] load external load on chain[0]
/// \param[in] rate_hz sampling rate [Hz]
/// \return one PlanarJointLoads per segment at its proximal joint, in chain order.
/// \throws InvalidArgument naming the argument (empty chain, frame counts, mass not positive,
///         com_fraction or inertia not finite / negative, fewer than 4 frames, infinity)
std::vector<PlanarJointLoads> newton_euler_2d(const std::vector<PlanarSegment>& chain,
                                              const PlanarLoad& load, double rate_hz,
                                              const PlanarOptions& options = {});

}  // namespace hipmech::dynamics
