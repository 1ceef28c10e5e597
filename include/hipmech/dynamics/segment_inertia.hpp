/// \file
/// Inertial parameters of one body segment of one subject, in the segment's own frame: what
/// the Newton-Euler recursion needs (docs/dynamics.md).
#pragma once

#include <cmath>
#include <limits>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"

namespace hipmech::dynamics {

/// Mass, centre of mass and inertia tensor of one segment, expressed in the segment frame
/// (the frame its geometry::SegmentFrames carry, ISB axes: X anterior, Y superior, Z right).
struct SegmentInertia {
  /// Mass [kg].
  double mass_kg = std::numeric_limits<double>::quiet_NaN();
  /// Centre of mass in the segment frame, from the frame's origin [m].
  Eigen::Vector3d com_m = Eigen::Vector3d::Zero();
  /// Inertia tensor about the centre of mass, segment axes [kg m^2] (symmetric, positive
  /// semi-definite; the products of inertia are the off-diagonal terms, I_xy = -sum m x y).
  Eigen::Matrix3d inertia_kgm2 = Eigen::Matrix3d::Zero();
};

/// Throws InvalidArgument naming `arg` unless the mass is finite and positive, the centre of
/// mass finite and the tensor finite and symmetric with non-negative principal moments.
void check_segment_inertia(const SegmentInertia& s, const char* arg);

}  // namespace hipmech::dynamics
