/// \file
/// The Plug-in Gait chord function: a joint centre from a proximal joint centre, a wand marker
/// and a lateral marker, at a known distance from the lateral marker, optionally turned about
/// the segment's long axis by a rotation offset (Plug-in Gait's thigh and shank rotation).
#pragma once

#include <cmath>
#include <limits>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "hipmech/core/check.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/geometry/cardan.hpp"

namespace hipmech::model {

namespace detail {

/// One frame of chord_function(); returns false (and leaves `out` alone) where there is no
/// solution. Notation of chord_function's documentation.
bool chord_point(const Eigen::Vector3d& a, const Eigen::Vector3d& b, const Eigen::Vector3d& c,
                 double d, double cos_beta, double sin_beta, bool rotated, Eigen::Vector3d& out);

/// The per-call terms of chord_point() for a rotation offset: cos and sin of `rotation_rad`,
/// and whether it is non-zero (chord_function() computes them once per call).
struct ChordRotation {
  double cos_beta = 1.0;
  double sin_beta = 0.0;
  bool rotated = false;
};

/// ChordRotation of `rotation_rad` [rad] (not checked).
inline ChordRotation chord_rotation_terms(double rotation_rad) {
  return {std::cos(rotation_rad), std::sin(rotation_rad), rotation_rad != 0.0};
}

}  // namespace detail

/// Plug-in Gait's rotation offset of a side (PROCESSING:LThighRotation / RThighRotation for the
/// knee, LShankRotation / RShankRotation for the ankle; Vicon's sign, positive internal) as the
/// rotation_rad of chord_function(): +offset on the left, -offset on the right (the mirror
/// image). Checked against Vicon's knee and ankle centres of a child with offsets of -13 to
/// +4 deg (../shared/validation/biomechzoo_pig_child, tests/python/test_model_offsets.py).
constexpr double chord_rotation(Side side, double offset_rad) noexcept {
  return -lateral_sign(side) * offset_rad;
}

/// The chord function of the Conventional Gait Model (Davis et al. 1991; Baker 2013,
/// "Measuring Walking", ch. 8; Vicon Plug-in Gait reference guide, "joint centres"): the joint
/// centre J
///   - lies at the distance `offset_m` from the lateral marker c,
///   - so that the angle b-J-c is a right angle (J on the sphere over the chord bc), and
///   - turned by `rotation_rad` about the segment's long axis: the signed angle, about
///     k = (b - J)/|b - J| (right-hand rule), from the direction J -> c to the projection of
///     J -> a onto the plane normal to k is `rotation_rad`.
/// With rotation_rad = 0, J lies in the plane of a, b and c, on the side of the line bc away
/// from the wand (the classic chord function):
///   J = c + offset (cos(phi) u + sin(phi) n x u), u = (b - c)/|b - c|,
///   n = unit((a - c) x (b - c)), cos(phi) = offset / |b - c|.
/// Otherwise J = c + offset (cos(phi) u + sin(phi) (cos(psi) n x u + sin(psi) n)), where psi
/// solves the offset condition in closed form (it is linear in cos(psi), sin(psi); docs/model.md
/// gives the derivation); of its two roots the one that gives the angle itself (not its
/// opposite) nearest psi = 0 is taken.
/// Plug-in Gait solves the same condition iteratively (to about 0.001 deg); the closed form is
/// its limit. Plug-in Gait's offsets map through chord_rotation(): +LThighRotation on the left,
/// -RThighRotation on the right.
/// Knee: a = THI, b = hip centre, c = KNE, offset = (knee width + marker diameter) / 2.
/// Ankle: a = TIB, b = knee centre, c = ANK, offset = (ankle width + marker diameter) / 2.
/// \param[in] wand #frames by 3, lab frame [m]
/// \param[in] proximal_centre #frames by 3, lab frame [m]
/// \param[in] lateral #frames by 3, lab frame [m]
/// \param offset_m distance from the lateral marker to the joint centre [m]
/// \param rotation_rad rotation offset [rad], in [-pi, pi]
/// \return #frames by 3 [m]; NaN where an input is missing, the three points are collinear,
///         the offset is not shorter than |b - c| or no point of the circle has the angle.
/// \throws InvalidArgument if the #frames differ, an input holds infinity, offset_m is not
///         finite and positive, or rotation_rad is not finite or beyond +/-pi.
Trajectory chord_function(const TrajectoryCRef& wand, const TrajectoryCRef& proximal_centre,
                          const TrajectoryCRef& lateral, double offset_m,
                          double rotation_rad = 0.0);

}  // namespace hipmech::model
