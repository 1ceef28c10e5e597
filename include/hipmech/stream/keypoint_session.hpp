/// \file
/// A real-time 2-D keypoint session: push one frame of video keypoints, get that frame's knee
/// frontal plane projection angles and pelvic obliquity, with the offline formulas and no
/// allocation per frame (docs/stream.md).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/knee/fppa.hpp"
#include "hipmech/pelvis/drop_2d.hpp"
#include "hipmech/stream/causal_filter.hpp"
#include "hipmech/stream/frame.hpp"

namespace hipmech::stream {

/// How a KeypointSession is set up (once, before the first frame).
struct KeypointSessionOptions {
  /// Keypoint frame rate [Hz], > 0. Required.
  double point_rate_hz = 0.0;
  /// The keypoints of each pushed frame, in row order (n_keypoints rows of x, y). Unique names.
  std::vector<std::string> keypoint_names;
  /// Names of the (left, right) hip, knee and ankle keypoints among keypoint_names.
  std::array<std::string, 2> hip{"left_hip", "right_hip"};
  std::array<std::string, 2> knee{"left_knee", "right_knee"};
  std::array<std::string, 2> ankle{"left_ankle", "right_ankle"};
  /// Where the camera looks from (the FPPA's sign rule, knee::fppa_2d).
  knee::CameraView view = knee::CameraView::Anterior;
  /// Direction of the image's y axis: Down for pixels (every pose pipeline), Up for metric
  /// coordinates. Obliquity is measured with y down (pelvis::obliquity_2d): y is negated first
  /// for Up, the floor line too.
  knee::ImageYAxis y_axis = knee::ImageYAxis::Down;
  /// The horizontal reference line of the pelvic obliquity, in the keypoints' coordinates
  /// (default: the image x axis).
  pelvis::FloorLine floor;
  /// Causal low-pass cut-off of the keypoints [Hz] (CausalButterworth); empty = no filter.
  std::optional<double> cutoff_hz;
  /// Order of the causal Butterworth, 1 to 8.
  int filter_order = 2;
};

/// A real-time 2-D keypoint session (issue 25): knee FPPA (Willson & Davis 2008; knee::fppa_2d)
/// and pelvic obliquity (pelvis::obliquity_2d) of both sides per pushed frame, from the
/// (optionally causally filtered) hip, knee and ankle keypoints. Each value comes from the
/// offline one-frame kernels (knee::detail::fppa_2d_one, pelvis::detail::obliquity_2d_one):
/// with no filter it equals the offline functions on the same frames bit for bit. A missing
/// keypoint (NaN) gives NaN, never an error. No events (a frontal-plane video has no reliable
/// foot contact signal).
///
/// Real time: allocation-free push(), no locks, throws only for bad input. Not thread-safe:
/// one producer thread per session.
class KeypointSession {
 public:
  /// Validates the options and allocates every buffer.
  /// \throws InvalidArgument naming 'point_rate_hz', 'keypoint_names' (missing or duplicate
  /// names), 'floor', 'cutoff_hz' or 'filter_order'.
  explicit KeypointSession(KeypointSessionOptions options);

  /// Pushes one frame and returns its outputs. The returned reference is valid until the next
  /// push() (copy the KeypointFrame before handing it to another thread). push allocates
  /// nothing when its input is valid (an error message allocates).
  /// \param keypoints_xy n_keypoints * 2 doubles: row = keypoint in keypoint_names order,
  ///        (x, y) [px or m]; NaN = missing
  /// \param n_values the number of doubles at keypoints_xy (must be n_keypoints * 2)
  /// \param time_s the frame's time [s]; NaN: frame / point_rate_hz. Otherwise finite and
  ///        strictly greater than the previous frame's time.
  /// \throws InvalidArgument naming 'session' (push after close(), or on a moved-from
  ///         session), 'keypoints' (wrong size, an
  ///         infinite value) or 'time_s' (not after the previous time; both values named).
  const KeypointFrame& push(const double* keypoints_xy, std::size_t n_values,
                            double time_s = detail::nan);

  /// Ends the session: further pushes throw. Idempotent. Call it from the pushing thread
  /// (not thread-safe, like push()).
  void close() noexcept { closed_ = true; }
  bool closed() const noexcept { return closed_; }
  /// Number of frames pushed.
  std::int64_t n_frames() const noexcept { return n_frames_; }
  /// Number of values push() expects: n_keypoints * 2.
  std::size_t n_values() const noexcept { return 2 * options_.keypoint_names.size(); }
  /// CausalButterworth::delay_s() of the keypoint filter [s]; 0 without filter.
  double filter_delay_s() const noexcept { return filter_ ? filter_->delay_s() : 0.0; }
  /// Frames whose FPPA was NaN for a missing keypoint, and for coincident points or a folded
  /// limb, both sides together (knee::FppaResult's counts).
  std::int64_t fppa_missing() const noexcept { return counts_.missing_frames; }
  std::int64_t fppa_degenerate() const noexcept { return counts_.degenerate_frames; }
  /// What the session chose (filter delay), one sentence each.
  const std::vector<std::string>& notes() const noexcept { return notes_; }
  const KeypointSessionOptions& options() const noexcept { return options_; }
  /// The last frame pushed (frame -1 before the first push).
  const KeypointFrame& last() const noexcept { return frame_; }

 private:
  KeypointSessionOptions options_;
  std::vector<std::string> notes_;
  // Rows of left hip, right hip, left knee, right knee, left ankle, right ankle.
  std::array<int, 6> rows_{};
  std::array<double, 12> raw_{}, filtered_{};
  std::optional<CausalButterworth> filter_;
  Eigen::Vector2d floor_u_, floor_n_;
  double y_sign_ = 1.0;  // -1: y up, negated for the obliquity
  std::array<double, 2> fppa_sign_{};
  knee::FppaResult counts_;
  KeypointFrame frame_;
  std::int64_t n_frames_ = 0;
  double last_time_s_ = detail::nan;
  bool closed_ = false;
};

}  // namespace hipmech::stream
