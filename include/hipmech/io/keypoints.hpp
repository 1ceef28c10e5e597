/// \file
/// 2-D video keypoints from pose-estimation pipelines, read from a long-format CSV file: one
/// row per (frame, keypoint) with pixel coordinates and a detection confidence
/// (docs/io-text-formats.md). Encodings as the OpenSim readers (<hipmech/io/opensim.hpp>):
/// UTF-8, UTF-16 with a byte-order mark or Latin-1, returned as UTF-8.
#pragma once

#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "hipmech/core/error.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/io/cancellation.hpp"

namespace hipmech::io {

/// How read_keypoints_csv filters and describes the keypoints.
struct KeypointOptions {
  /// Keypoints whose confidence is below this value become NaN (x and y); their confidence is
  /// kept. In [0, 1]. A keypoint with a blank confidence passes only when this is 0. Pipelines
  /// that write undetected keypoints as (0, 0) with confidence 0 (OpenPose) need a value > 0.
  double min_confidence = 0.0;
  /// Image width [pixels]; NaN takes the file's `# image_width=...` comment line (if any).
  double image_width_px = std::numeric_limits<double>::quiet_NaN();
  /// Image height [pixels]; NaN takes the file's `# image_height=...` comment line (if any).
  double image_height_px = std::numeric_limits<double>::quiet_NaN();
  /// Cancellation hook (<hipmech/io/cancellation.hpp>): called from the reading thread before
  /// each cancel_check_bytes read from the file, once the text is decoded and split into lines,
  /// then once per cancel_check_bytes of lines parsed (once per line when a line is longer).
  /// It throws to abandon the read; the exception propagates unchanged. Empty: never called.
  CancelCheck check_cancelled;
};

/// 2-D keypoints of one video, one #frames by 2 array per keypoint name.
struct Keypoints2D {
  /// Keypoint names, in order of first appearance in the file.
  std::vector<std::string> names;
  /// The frame numbers present in the file, sorted and unique. Gaps are not filled: row i of
  /// every array belongs to frame frames[i].
  std::vector<long> frames;
  /// One #frames by 2 array per name: image x and y [pixels], NaN where the keypoint is absent
  /// from the file, blank/NaN in it, or below KeypointOptions::min_confidence.
  std::vector<Points2> points_px;
  /// One #frames series per name: the file's confidence, NaN where absent or blank.
  std::vector<Series> confidence;
  /// Image size [pixels], NaN when neither the options nor the file give it.
  double image_width_px = std::numeric_limits<double>::quiet_NaN();
  double image_height_px = std::numeric_limits<double>::quiet_NaN();

  Eigen::Index n_frames() const noexcept { return static_cast<Eigen::Index>(frames.size()); }

  /// Index of the keypoint called `name`, or -1.
  Eigen::Index find(const std::string& name) const noexcept;
  /// The #frames by 2 pixel coordinates of the keypoint called `name`.
  /// \throws InvalidArgument (argument 'name') listing the names available when there is none.
  const Points2& point(const std::string& name) const;
};

/// Reads a long-format keypoint CSV file: a header row naming the columns `frame`, `keypoint`,
/// `x`, `y` and optionally `confidence` and `time`, in any order and any case (other columns
/// are ignored, `time` included: rows are indexed by frame number), then one row per
/// (frame, keypoint). Leading comment lines start with '#'; `# image_width=W` and
/// `# image_height=H` give the image size. Fields may be double-quoted ("" escapes a quote).
/// \param options min_confidence filter, image size (explicit sizes override the file's) and
///        cancellation hook.
/// \throws InvalidArgument when options.min_confidence is outside [0, 1] (or above 0 for a file
///         without a confidence column) or an image size is not NaN or a positive number.
/// \throws FileError when the file cannot be opened, or (naming the line) on a missing header or
///         required column, a repeated column, a row with another number of cells than the
///         header, a frame that is not an integer, an empty keypoint name, x, y or confidence
///         that is not a number (naming the column), a repeated (frame, keypoint) pair, a bad
///         image-size comment, or a file so sparse that the arrays would exceed 64 cells per
///         row (plus 4 Mi cells).
Keypoints2D read_keypoints_csv(const std::string& path, const KeypointOptions& options = {});

/// Parses keypoint CSV text held in memory; `name` stands for the path in errors. Safe on any
/// bytes (the entry point of the fuzzer).
Keypoints2D read_keypoints_csv_text(std::string_view text, const std::string& name = "<memory>",
                                    const KeypointOptions& options = {});

}  // namespace hipmech::io
