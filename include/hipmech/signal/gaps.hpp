/// \file
/// Gaps (runs of missing frames, NaN) in a series, a trajectory or channels: finding them,
/// describing them in error messages and filling the short interior ones by linear or cubic
/// spline interpolation (docs/signal.md, "Gaps").
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/trajectory.hpp"

namespace hipmech::signal {

/// A run of consecutive missing frames.
struct Gap {
  /// Column the gap is in, or -1 when whole frames are missing (a frame of a trajectory is
  /// missing when any of its coordinates is NaN).
  Eigen::Index channel = -1;
  Eigen::Index first = 0;   ///< first missing frame, 0-based
  Eigen::Index length = 0;  ///< number of missing frames
  bool leading = false;     ///< the gap starts at frame 0 (nothing before it)
  bool trailing = false;    ///< the gap ends at the last frame (nothing after it)
  bool filled = false;      ///< set by fill_gaps when the gap was interpolated

  /// One past the last missing frame.
  Eigen::Index stop() const { return first + length; }
  /// True for a gap with valid samples on both sides.
  bool interior() const { return !leading && !trailing; }
};

/// Runs of true flags in `missing`, in frame order, each tagged with `channel`.
/// \param[in] missing #frames flags, true where the frame is missing
/// \param[in] channel column to record in each Gap (-1: whole frames)
std::vector<Gap> find_gaps_in_mask(const FrameMask& missing, Eigen::Index channel = -1);

/// Gaps of a series, trajectory or channels.
/// \param[in] data #frames by #columns (a Series is #frames by 1), NaN = missing
/// \param[in] per_channel false: a frame is missing when any column is NaN (trajectories);
///            true: the gaps of each column separately, in column order
std::vector<Gap> find_gaps(const ChannelsCRef& data, bool per_channel = false);

/// "channel 0: frames 10-12, 40; channel 2: frames 3-5" (frame ranges inclusive, 0-based),
/// at most `max_listed` gaps then "and N more".
std::string describe_gaps(const std::vector<Gap>& gaps, std::size_t max_listed = 10);

/// Throws InvalidArgument naming `arg` when `data` holds NaN, listing the gaps of each column,
/// and when it holds infinity. `hint` tells the caller what to do ("pass nan='runs' ...").
void check_no_gaps(const ChannelsCRef& data, const char* arg, const std::string& hint);

/// How fill_gaps interpolates.
enum class FillMethod {
  Linear,  ///< straight line between the samples on each side of the gap (numpy.interp)
  Cubic,   ///< not-a-knot cubic spline through every valid sample (scipy CubicSpline)
};

/// What fill_gaps returns: the filled data and every gap found, with `filled` set.
struct FilledGaps {
  Channels values;        ///< #frames by #columns, gaps filled where allowed, NaN elsewhere
  std::vector<Gap> gaps;  ///< every gap in frame order (per column when per_channel)
};

namespace detail {

/// Slopes of the not-a-knot cubic spline through (t_i, y_i), scipy.interpolate.CubicSpline's
/// tridiagonal system (bc_type="not-a-knot"), solved by the Thomas algorithm (stable here:
/// after eliminating the first row every pivot is >= dx[0] + dx[1] > 0). n >= 4.
Eigen::VectorXd not_a_knot_slopes(const Eigen::VectorXd& t, const Eigen::VectorXd& y);

/// Fills `gaps` (all interior, already selected) of column `col` of `v` (rows `valid` hold
/// finite values) with a not-a-knot spline through every valid row, or linearly when fewer
/// than 4 valid rows (scipy: 2 points give a line, 3 a parabola).
void fill_cubic(Channels& v, Eigen::Index col, const std::vector<Eigen::Index>& valid,
                const std::vector<const Gap*>& gaps);

}  // namespace detail

/// Fills the interior gaps of at most `max_gap` frames; longer gaps and gaps at the start or
/// end (nothing to interpolate from on one side) stay NaN: nothing is extrapolated.
///
/// Linear: each missing frame is the straight line between the valid frames on each side of
/// the gap (equal to numpy.interp over all valid frames). Cubic: the not-a-knot cubic spline
/// through every valid frame of the column, evaluated at the filled frames (equal to
/// scipy.interpolate.CubicSpline(valid_frames, valid_values) with its default
/// bc_type="not-a-knot"; with 3 valid frames the parabola, with 2 the line through them).
/// Frames count as the abscissa, so the result does not depend on the sampling rate.
///
/// With per_channel = false a frame is missing when any column is NaN (a trajectory): its
/// valid coordinates are discarded too and the whole frame is interpolated, so the filled
/// points lie on one curve. With per_channel = true each column has its own gaps.
/// \param[in] data #frames by #columns, NaN = missing; infinity is rejected
/// \param[in] method linear or cubic
/// \param[in] max_gap longest gap to fill [frames], >= 0 (0 fills nothing)
/// \param[in] per_channel see above
/// \return the filled values and the list of gaps with `filled` flags
FilledGaps fill_gaps(const ChannelsCRef& data, FillMethod method, Eigen::Index max_gap,
                     bool per_channel = false);

}  // namespace hipmech::signal
