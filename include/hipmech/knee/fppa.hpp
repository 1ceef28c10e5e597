/// \file
/// Frontal plane projection angle (FPPA) of the knee: signed, side-aware, 0 for a straight limb
/// and positive for valgus on both sides (docs/knee.md).
///
/// Willson & Davis (2008) "Utility of the frontal plane projection angle in females with
/// patellofemoral pain", J Orthop Sports Phys Ther 38:606-615: the angle between the line from
/// the hip (or ASIS) to the knee centre and the line from the knee centre to the ankle centre,
/// in a frontal-plane view; 0 when the three points are in line, valgus when the knee lies
/// medial to the hip-ankle line.
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/detail/text.hpp"
#include "hipmech/core/lab_axes.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/geometry/rotations.hpp"

namespace hipmech::knee {

/// Where the camera looks from.
enum class CameraView {
  Anterior,   ///< in front of the subject, looking backwards (the subject's right is on the
              ///< image's left)
  Posterior,  ///< behind the subject, looking forwards (the subject's right is on the right)
};

/// Direction of the image's vertical axis.
enum class ImageYAxis {
  Down,  ///< pixels: y grows downwards (OpenCV, OpenPose, MediaPipe, every pose pipeline)
  Up,    ///< metric or plotted coordinates: y grows upwards
};

/// "anterior" or "posterior".
constexpr std::string_view to_string(CameraView v) noexcept {
  return v == CameraView::Anterior ? "anterior" : "posterior";
}

/// Parses "anterior"/"front"/"frontal" or "posterior"/"back"/"rear" (any case).
/// \throws InvalidArgument naming `arg` for anything else.
inline CameraView parse_camera_view(std::string_view text, const char* arg = "view") {
  const std::string s = detail::folded(text);
  if (s == "anterior" || s == "front" || s == "frontal") return CameraView::Anterior;
  if (s == "posterior" || s == "back" || s == "rear") return CameraView::Posterior;
  detail::throw_invalid_argument(arg, "'anterior' or 'posterior'", "'" + std::string(text) + "'");
}

/// Parses "down" or "up" (any case). \throws InvalidArgument naming `arg` for anything else.
inline ImageYAxis parse_image_y_axis(std::string_view text, const char* arg = "y_axis") {
  const std::string s = detail::folded(text);
  if (s == "down") return ImageYAxis::Down;
  if (s == "up") return ImageYAxis::Up;
  detail::throw_invalid_argument(arg, "'down' or 'up'", "'" + std::string(text) + "'");
}

/// FPPA per frame and why frames are NaN.
struct FppaResult {
  Series fppa_rad;                    ///< #frames, in (-pi, pi), positive = valgus [rad]
  Eigen::Index missing_frames = 0;    ///< frames with a missing (NaN) point
  Eigen::Index degenerate_frames = 0; ///< frames with coincident points or a folded limb
};

/// Relative length below which a segment counts as a point: a thigh or shank shorter than this
/// fraction of the other segment (in the plane of the angle) gives NaN.
inline constexpr double degenerate_ratio = 1e-9;

namespace detail {

/// Signed angle from the thigh t = knee - hip to the shank s = knee -> ankle, times `sign`.
/// NaN for missing inputs, coincident points (a segment shorter than degenerate_ratio times the
/// other) and a limb folded back onto itself (t and s antiparallel: the side of the deviation
/// is undefined). Counts both kinds of NaN.
double signed_angle(double tx, double ty, double sx, double sy, double sign, FppaResult& counts);

/// One frame of fppa_2d() (its loop body), allocation-free: signed_angle of t = knee - hip and
/// s = ankle - knee from the (x, y) coordinates of the three points.
inline double fppa_2d_one(double hx, double hy, double kx, double ky, double ax, double ay,
                          double sign, FppaResult& counts) {
  return signed_angle(kx - hx, ky - hy, ax - kx, ay - ky, sign, counts);
}

/// Throws InvalidArgument naming 'R_lab_frame' unless it holds 1 rotation (one frame for the
/// trial) or one per frame of `points_arg` (#frames `n`).
inline void check_frame_count(Eigen::Index n_rotations, Eigen::Index n, const char* points_arg) {
  HIPMECH_CHECK_ARG(n_rotations == 1 || n_rotations == n, "R_lab_frame",
                    "1 rotation or " + std::to_string(n) + " (as '" + points_arg + "')",
                    std::to_string(n_rotations) + " rotations");
}

/// A lab vector in the frontal plane of frame R (ISB axes) as a camera in front of the subject
/// sees it, y up: (-v . Z, v . Y).
template <typename Rotation>
Eigen::Vector2d frontal_image(const Rotation& R, const Eigen::Vector3d& v) {
  return {-R.col(2).dot(v), R.col(1).dot(v)};
}

/// +1 when, with this side, view and y axis, a valgus knee turns the thigh-to-shank angle
/// counter-clockwise in (x, y) coordinates (a positive cross product t x s).
/// Right leg, anterior view, y down: the medial side is image +x; a knee displaced to +x with
/// the hip above the ankle makes t x s > 0. Each of left, posterior and y-up mirrors it.
constexpr double valgus_sign(Side side, CameraView view, ImageYAxis y_axis) noexcept {
  return (side == Side::Right ? 1.0 : -1.0) * (view == CameraView::Anterior ? 1.0 : -1.0) *
         (y_axis == ImageYAxis::Down ? 1.0 : -1.0);
}

}  // namespace detail

/// FPPA from 2-D points (video keypoints in pixels, or metric image coordinates), per frame:
///   FPPA = sign * atan2(t x s, t . s),  t = knee - hip,  s = ankle - knee,
/// the angle from the thigh line to the shank line, 0 for three points in line with the knee
/// between hip and ankle, positive when the knee lies medial to the hip-ankle line (valgus) on
/// both sides and from either view (Willson & Davis 2008). The sign depends on `side`, `view`
/// and `y_axis` only, so the value is exactly invariant to translation, scale and in-plane
/// rotation (camera roll) of the image; it is not invariant to the camera's yaw or pitch
/// (docs/knee.md, "Sensitivity to the camera").
/// \param hip #frames by 2, hip (or ASIS) point (x, y) [px or m]
/// \param knee #frames by 2, knee centre, same unit
/// \param ankle #frames by 2, ankle centre, same unit
/// \param side the limb
/// \param view where the camera is (anterior: in front of the subject)
/// \param y_axis image y grows down (pixels) or up
/// \return FPPA [rad] per frame; NaN (and counted) where a point is missing, two points coincide
/// or the limb folds back onto itself.
/// \throws InvalidArgument naming 'knee' or 'ankle' (#frames differ from 'hip') or the point
/// holding an infinity.
FppaResult fppa_2d(const Points2CRef& hip, const Points2CRef& knee, const Points2CRef& ankle,
                   Side side, CameraView view = CameraView::Anterior,
                   ImageYAxis y_axis = ImageYAxis::Down);

/// FPPA from 3-D points projected onto the frontal plane of a frame (the pelvis, the
/// progression frame or the lab): the plane spanned by the frame's Y (up) and Z (right) axes,
/// ISB axes (X anterior). Equal to fppa_2d of an orthographic camera looking along -X (from in
/// front), so the same sign rule holds: positive = valgus on both sides.
/// \param hip_lab #frames by 3, hip joint centre (or ASIS), lab frame [m]
/// \param knee_lab #frames by 3, knee joint centre, lab frame [m]
/// \param ankle_lab #frames by 3, ankle joint centre, lab frame [m]
/// \param side the limb
/// \param R_lab_frame 1 by 9 (one frame for the whole trial, e.g. the progression frame) or
/// #frames by 9 (e.g. the pelvis), row-major rotations from the frame to the lab, ISB axes
/// \return FPPA [rad] per frame; NaN (and counted) where a point or the frame is missing, or the
/// projected limb is degenerate (a segment along the plane's normal, the limb folded back).
/// \throws InvalidArgument naming the argument whose #frames differ or that holds an infinity.
FppaResult fppa_3d(const TrajectoryCRef& hip_lab, const TrajectoryCRef& knee_lab,
                   const TrajectoryCRef& ankle_lab, Side side,
                   const geometry::RotationsCRef& R_lab_frame);

/// FPPA from 3-D points projected onto the lab's frontal plane (spanned by `lab.up()` and
/// `lab.right()`): fppa_3d with the ISB-aligned lab frame.
inline FppaResult fppa_3d(const TrajectoryCRef& hip_lab, const TrajectoryCRef& knee_lab,
                          const TrajectoryCRef& ankle_lab, Side side, const LabAxes& lab) {
  geometry::Rotations R(1, 9);
  Eigen::Map<geometry::Matrix3r>(R.data()) = lab.R_isb_lab().transpose();
  return fppa_3d(hip_lab, knee_lab, ankle_lab, side, R);
}

}  // namespace hipmech::knee
