/// \file
/// Pelvic obliquity from 2-D video keypoints (left and right hip, or PSIS, keypoints in a
/// frontal-plane view), side-aware so that a camera behind or in front of the subject gives the
/// same value (docs/pelvis.md, "2-D pelvic drop from video").
///
/// Image coordinates are pixels with x to the right and y pointing DOWN (the convention of
/// OpenCV, OpenPose, MediaPipe and every pose pipeline); heights are -y.
#pragma once

#include <cmath>
#include <limits>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"

namespace hipmech::pelvis {

/// A floor (or any horizontal reference) line in the image, through two points [pixels].
struct FloorLine {
  Eigen::Vector2d a_px = Eigen::Vector2d(0.0, 0.0);
  Eigen::Vector2d b_px = Eigen::Vector2d(1.0, 0.0);
};

namespace detail {

/// Unit vectors along the floor line (u) and normal to it pointing up in the image (n, n.y < 0).
/// \throws InvalidArgument naming 'floor' (coincident points, vertical line, not finite).
void floor_axes(const FloorLine& floor, Eigen::Vector2d& u, Eigen::Vector2d& n);

/// One frame of obliquity_2d() (the loop body it calls for every frame), allocation-free:
/// atan2(d . n, |d . u|) with d = s (left - right) [pixels], s = +1 for the left side, -1 for
/// the right; NaN where a keypoint is missing or both coincide.
/// \param[in] left_px, right_px (x, y) keypoints [pixels, y down]
/// \param[in] u, n the floor axes of floor_axes()
inline double obliquity_2d_one(const Eigen::Vector2d& left_px, const Eigen::Vector2d& right_px,
                               double s, const Eigen::Vector2d& u,
                               const Eigen::Vector2d& n) noexcept {
  const Eigen::Vector2d d = s * (left_px - right_px);
  const double h = d.dot(n);
  const double w = std::abs(d.dot(u));
  return (h == 0.0 && w == 0.0) ? std::numeric_limits<double>::quiet_NaN() : std::atan2(h, w);
}

/// The sign s of obliquity_2d_one() for `side`: +1 left, -1 right (the vector from the other
/// side to `side`).
constexpr double obliquity_2d_sign(Side side) noexcept {
  return side == Side::Left ? 1.0 : -1.0;
}

}  // namespace detail

/// Pelvic obliquity of `side` from 2-D keypoints, frame by frame:
///   obliquity_S = atan2(height(S) - height(other), |horizontal distance|),
/// with heights and horizontal distances measured relative to the floor line (by default the
/// image horizontal, height = -y). Positive = side S higher than the other side, whichever way
/// the camera looks (the horizontal distance enters as an absolute value), so the contralateral
/// drop of a stance of side S is obliquity_S (contralateral_drop takes this series as is).
/// \param left_hip_px #frames by 2, left hip (or left PSIS) keypoint (x, y) [pixels, y down]
/// \param right_hip_px #frames by 2, right keypoint, same #frames
/// \param side the side whose obliquity is returned
/// \param floor the horizontal reference line in the image (default: the image x axis)
/// \return #frames obliquity [rad] in (-pi/2, pi/2]; NaN where a keypoint is missing or both
/// keypoints coincide.
/// \throws InvalidArgument naming 'right_hip_px' (#frames differ), the keypoint argument
/// (infinity) or 'floor' (coincident points, vertical line, not finite).
Series obliquity_2d(const Points2CRef& left_hip_px, const Points2CRef& right_hip_px, Side side,
                    const FloorLine& floor = {});

}  // namespace hipmech::pelvis
