/// \file
/// Data layout shared by every area (docs/conventions.md, "Data layout"):
/// a marker trajectory is #frames by 3, float64, row-major, so that a C-contiguous numpy
/// array of shape (n, 3) maps onto it without a copy. NaN marks a missing sample.
#pragma once

#include <Eigen/Core>

namespace hipmech {

/// #frames by 3 positions or vectors, one frame per row, row-major [usually m].
using Trajectory = Eigen::Matrix<double, Eigen::Dynamic, 3, Eigen::RowMajor>;
/// Read-only view of a Trajectory or of any row-major #frames by 3 block: the argument type of
/// non-template functions. Binds to numpy memory without a copy.
using TrajectoryCRef = Eigen::Ref<const Trajectory>;
/// Writable view of a row-major #frames by 3 block.
using TrajectoryRef = Eigen::Ref<Trajectory>;
/// View of external memory (a numpy buffer) as a Trajectory.
using TrajectoryMap = Eigen::Map<const Trajectory>;

/// #frames by 2 image or plane points (video keypoints), row-major [pixels or m].
using Points2 = Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor>;
using Points2CRef = Eigen::Ref<const Points2>;

/// A scalar time series, one value per frame or sample.
using Series = Eigen::VectorXd;
using SeriesCRef = Eigen::Ref<const Series>;

/// #samples by #channels (analog data, several angles), row-major.
using Channels = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ChannelsCRef = Eigen::Ref<const Channels>;
/// Channels read in place whatever the row and column strides: C order, Fortran order (the
/// layout of pandas.DataFrame.to_numpy()) or a strided slice (the filters and derivatives).
using ChannelsStridedCRef =
    Eigen::Ref<const Channels, 0, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>;

/// One flag per frame.
using FrameMask = Eigen::Array<bool, Eigen::Dynamic, 1>;

/// Frames (rows) that hold at least one NaN: the missing frames of a trajectory.
/// \param[in] points #frames by 3
/// \return #frames flags, true where the frame is missing.
inline FrameMask missing_frames(const TrajectoryCRef& points) {
  return points.array().isNaN().rowwise().any();
}

/// Number of frames that hold at least one NaN.
inline Eigen::Index count_missing_frames(const TrajectoryCRef& points) {
  return missing_frames(points).count();
}

}  // namespace hipmech
