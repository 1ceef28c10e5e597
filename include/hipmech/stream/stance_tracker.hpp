/// \file
/// Per-stance summaries online: peak contralateral pelvic drop over single-limb support, peak
/// knee valgus and peak hip adduction over the stance, emitted once the stance's foot off is
/// known and its frames are in (docs/stream.md, "Per-stance summaries"). The values are those
/// of the offline pipeline for the same events and per-frame values (pelvis::contralateral_drop,
/// report::analyse's stance peaks; both through events::window_peak, the one implementation).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "hipmech/stream/frame.hpp"

namespace hipmech::stream {

/// Keeps the recent per-frame values and gait events of a session and summarises each stance.
///
/// Stance of side S: a foot strike of S followed by a foot off of S with no other event of S
/// between them (by frame; events::stance_windows' rule). Single-limb support: the swing of the
/// other foot [its off, its next strike) overlapping the stance most, clipped to it (first on
/// ties; events::single_limb_support_windows). Peak drop = largest obliquity of S over single
/// support (pelvis::contralateral_drop with obliquity_side = S and no static offset), NaN
/// (kDropFramesMissing) when a frame is NaN, NaN (kNoSingleSupport) without single support.
/// Peak knee valgus and hip adduction of S: largest value over the stance [strike, off), NaN
/// when a frame is NaN (report::analyse's window peak).
///
/// Output delay: a session whose angles lag its events by delay_frames (a causal filter)
/// evaluates the stance [s, o) on the value frames [s + delay_frames, o + delay_frames). A
/// summary is emitted by the first push_values (or on_event) at which (1) the value frame
/// o + delay_frames - 1 is in and (2) every event before frame o is known (the
/// events_complete_before watermark of OnlineZeni / OnlinePlates reaches o), so the single
/// support uses the other foot's strike when it lies inside the stance. Its frames
/// (single_support_*, peak_pelvic_drop_frame) are event frames (value frame - delay_frames).
///
/// Difference from the offline rule: a swing of the other foot whose next event is not a
/// strike (a second off, or none yet) runs on to this foot off (offline, such a swing does not
/// exist). With delay_frames > 0 the values are the lagged (filtered) ones: equal to the offline
/// values only for delay_frames = 0.
///
/// Buffer: the values of the last capacity_frames() frames, capacity = ceil(max_stance_s x
/// rate) + max(0, event_delay_bound_frames - delay_frames) + 2; a stance whose first value
/// frame is older gives NaN peaks and kLongerThanBuffer. Fixed-size state: push_values and
/// on_event allocate nothing. Not thread-safe (one producer thread).
class StanceTracker {
 public:
  /// Most summaries waiting to be emitted (a further one replaces the oldest).
  static constexpr int kMaxPending = 8;
  /// Events kept (the most recent, by frame).
  static constexpr int kHistory = 32;

  /// \param[in] rate_hz frame rate [Hz], > 0
  /// \param[in] max_stance_s longest stance summarised [s], > 0 (sizes the buffer)
  /// \param[in] delay_frames lag of the pushed values behind the events [frames], >= 0
  ///            (round(CausalButterworth::delay_s() x rate), 0 without filter)
  /// \param[in] event_delay_bound_frames largest detected_frame - frame of the events [frames],
  ///            >= 0 (OnlineZeni / OnlinePlates::delay_bound_frames())
  /// \throws InvalidArgument naming 'rate_hz', 'max_stance_s', 'delay_frames' or
  ///         'event_delay_bound_frames'.
  StanceTracker(double rate_hz, double max_stance_s, std::int64_t delay_frames,
                std::int64_t event_delay_bound_frames);

  /// The values of one frame, then the summaries this completes.
  /// \param[in] frame 0-based value frame: 0 first, then the previous one + 1
  /// \param[in] time_s time of the frame [s] (not used for the values; kept for reference)
  /// \param[in] obliquity_rad pelvic obliquity [left, right] (this side up +) [rad], NaN missing
  /// \param[in] knee_valgus_rad knee valgus [left, right] (valgus +) [rad], NaN missing
  /// \param[in] hip_adduction_rad hip adduction [left, right] (adduction +) [rad], NaN missing
  /// \param[in] events_complete_before every event with a smaller frame has been given to
  ///            on_event (OnlineZeni / OnlinePlates::complete_before(); frame + 1 when events
  ///            are reported without delay)
  /// \param[out] out room for `capacity` summaries
  /// \param[in] capacity size of `out` (>= 0); summaries that do not fit stay pending
  /// \return the number of summaries written
  /// \throws InvalidArgument naming 'frame' when it is not the next frame.
  int push_values(std::int64_t frame, double time_s, const std::array<double, 2>& obliquity_rad,
                  const std::array<double, 2>& knee_valgus_rad,
                  const std::array<double, 2>& hip_adduction_rad,
                  std::int64_t events_complete_before, StanceSummary* out, int capacity);

  /// A gait event (any order of frames, each once), then the summaries ready now (a foot off
  /// closing a stance whose frames are in).
  ///
  /// Order per frame k: first on_event for each event the detector's push of frame k reported,
  /// then push_values(k, ..., detector.complete_before(), ...), so that the watermark never
  /// covers an event not given yet.
  /// \return the number of summaries written to `out` (at most `capacity`)
  int on_event(const StreamEvent& event, StanceSummary* out, int capacity);

  /// Number of value frames kept.
  std::int64_t capacity_frames() const noexcept { return capacity_; }
  /// Lag of the values behind the events [frames].
  std::int64_t delay_frames() const noexcept { return delay_; }
  /// Summaries waiting for their frames or events.
  int n_pending() const noexcept { return n_pending_; }
  /// Summaries dropped because kMaxPending were waiting.
  std::int64_t n_dropped() const noexcept { return n_dropped_; }
  /// Back to the state after construction (frame 0 next, no events).
  void reset() noexcept;

 private:
  struct Pending {
    Side side = Side::Left;
    std::int64_t strike_frame = -1, off_frame = -1;
    double strike_time_s = 0.0, off_time_s = 0.0;
  };
  double rate_hz_;
  std::int64_t delay_;
  std::int64_t capacity_;
  std::int64_t next_frame_ = 0;
  std::int64_t complete_before_ = 0;
  std::vector<double> values_;  ///< ring: capacity x 6 (obliquity, valgus, adduction; L, R)
  std::array<StreamEvent, kHistory> history_{};  ///< sorted by frame
  int n_history_ = 0;
  std::array<Pending, kMaxPending> pending_{};
  int n_pending_ = 0;
  std::int64_t n_dropped_ = 0;
  std::array<int, 2> n_stances_{};
  int emit_ready(StanceSummary* out, int capacity);
  StanceSummary summarise(const Pending& p);
  double value(std::int64_t frame, int quantity, int side) const noexcept;
};

}  // namespace hipmech::stream
