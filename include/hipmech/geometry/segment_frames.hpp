/// \file
/// Segment frames built from marker vectors, and points moved between the lab and a segment
/// frame (docs/geometry.md, "Frames from markers").
#pragma once

#include <cmath>
#include <limits>
#include <string>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "hipmech/core/check.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/geometry/rotations.hpp"

namespace hipmech::geometry {

/// A segment axis: index 0, 1, 2 of the segment frame (ISB: X anterior, Y superior, Z right).
enum class Axis { X, Y, Z };

/// "X", "Y" or "Z".
constexpr const char* to_string(Axis a) noexcept {
  return a == Axis::X ? "X" : a == Axis::Y ? "Y" : "Z";
}

/// N frames of one segment: its origin and orientation in the lab frame.
struct SegmentFrames {
  /// #frames by 3, origin of the segment frame in the lab frame [m].
  Trajectory origin;
  /// #frames by 9, R_lab_segment: the columns of each (row-major) matrix are the segment's
  /// X, Y, Z axes in lab coordinates.
  Rotations R_lab_segment;
  /// Number of frames.
  Eigen::Index n_frames() const { return origin.rows(); }
};

/// Relative tolerance under which two vectors count as parallel in frames_from_vectors: the
/// part of v_secondary orthogonal to v_primary shorter than this times |v_secondary|
/// (an angle below about 1e-12 rad).
inline constexpr double parallel_tolerance = 1e-12;

/// Orthonormal right-handed segment frames from two vectors per frame (Gram-Schmidt).
///
/// The `primary` axis points along v_primary exactly; the `secondary` axis lies in the plane of
/// v_primary and v_secondary, on v_secondary's side, orthogonal to the primary axis; the third
/// axis completes a right-handed set (e.g. primary Y, secondary X: Z = X x Y). This is how ISB
/// (Wu et al. 2002) and Plug-in Gait build segment frames from markers.
/// \param[in] origin #frames by 3, origin of the frame in the lab [m]
/// \param[in] v_primary #frames by 3, direction of the primary axis in the lab (any length > 0)
/// \param[in] primary which segment axis v_primary defines
/// \param[in] v_secondary #frames by 3, a vector in the primary-secondary plane, on the
/// secondary axis' positive side (any length > 0)
/// \param[in] secondary which segment axis v_secondary defines; must differ from `primary`
/// \return the frames. A frame with NaN in any input, a zero-length vector, or parallel
/// vectors (see parallel_tolerance) has NaN origin and rotation: it is data, not an error.
/// \throws InvalidArgument if primary == secondary (naming 'secondary'), the #frames differ
/// (naming the argument) or an input holds infinity.
SegmentFrames frames_from_vectors(const TrajectoryCRef& origin, const TrajectoryCRef& v_primary,
                                  Axis primary, const TrajectoryCRef& v_secondary, Axis secondary);

namespace detail {

/// The axis indices of frames_from_vectors: p primary, q secondary, r the third axis, and
/// whether (p, q, r) is cyclic (e_r = e_p x e_q, otherwise e_q x e_p).
struct FrameAxes {
  int p = 0, q = 1, r = 2;
  bool cyclic = true;
};

/// The FrameAxes of (primary, secondary).
/// \throws InvalidArgument naming 'secondary' if primary == secondary.
FrameAxes frame_axes(Axis primary, Axis secondary);

/// One frame of frames_from_vectors() (the loop body it calls for every frame), allocation-free:
/// writes the rotation (row-major, 9 values, columns the segment axes in the lab) to
/// `R_lab_segment` and the origin (3 values) to `origin_out`, or NaN into both for a NaN input,
/// a zero-length vector or parallel vectors (returning false).
/// \param[in] origin origin of the frame in the lab [m]
/// \param[in] v_primary, v_secondary the two defining vectors in the lab (any length > 0)
bool frame_from_vectors_one(const Eigen::Vector3d& origin, const Eigen::Vector3d& v_primary,
                            const Eigen::Vector3d& v_secondary, const FrameAxes& axes,
                            double* R_lab_segment, double* origin_out) noexcept;

/// One frame of to_lab(): out = origin + R_lab_segment p_segment, row vectors (3 values each;
/// R row-major, 9 values). `out` must not alias the inputs.
inline void to_lab_one(const double* origin, const double* R_lab_segment,
                       const double* point_segment, double* out) noexcept {
  const Eigen::Map<const Matrix3r> R(R_lab_segment);
  Eigen::Map<Eigen::RowVector3d>(out).noalias() =
      Eigen::Map<const Eigen::RowVector3d>(origin) +
      Eigen::Map<const Eigen::RowVector3d>(point_segment) * R.transpose();
}

inline void check_frames(const TrajectoryCRef& origin, const RotationsCRef& R_lab_segment,
                         const TrajectoryCRef& points, const char* arg) {
  check_same_frames(R_lab_segment.rows(), origin.rows(), "R_lab_segment", "origin");
  check_same_frames(points.rows(), origin.rows(), arg, "origin");
  check_values(origin, "origin");
  check_values(R_lab_segment, "R_lab_segment");
  check_values(points, arg);
}
}  // namespace detail

/// Points expressed in the segment frame: p_seg = R_lab_segment^T (p_lab - origin), per frame.
/// \param[in] origin #frames by 3, segment origin in the lab frame [m]
/// \param[in] R_lab_segment #frames by 9, segment axes in the lab frame (columns X, Y, Z)
/// \param[in] points_lab #frames by 3, points in the lab frame [m]
/// \return #frames by 3, the points in segment coordinates [m]; NaN where the point or the
/// frame is NaN.
/// \throws InvalidArgument if the #frames differ (naming the argument) or infinity arrives.
Trajectory to_segment(const TrajectoryCRef& origin, const RotationsCRef& R_lab_segment,
                      const TrajectoryCRef& points_lab);

/// to_segment for a SegmentFrames value.
inline Trajectory to_segment(const SegmentFrames& frames, const TrajectoryCRef& points_lab) {
  return to_segment(frames.origin, frames.R_lab_segment, points_lab);
}

/// Points given in the segment frame expressed in the lab: p_lab = origin + R_lab_segment p_seg.
/// \param[in] origin #frames by 3, segment origin in the lab frame [m]
/// \param[in] R_lab_segment #frames by 9, segment axes in the lab frame (columns X, Y, Z)
/// \param[in] points_segment #frames by 3, points in segment coordinates [m]
/// \return #frames by 3, the points in the lab frame [m]; NaN where the point or frame is NaN.
/// \throws InvalidArgument if the #frames differ (naming the argument) or infinity arrives.
Trajectory to_lab(const TrajectoryCRef& origin, const RotationsCRef& R_lab_segment,
                  const TrajectoryCRef& points_segment);

/// to_lab for a SegmentFrames value.
inline Trajectory to_lab(const SegmentFrames& frames, const TrajectoryCRef& points_segment) {
  return to_lab(frames.origin, frames.R_lab_segment, points_segment);
}

}  // namespace hipmech::geometry
