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
/// support uses the other foot's strike when it lies inside the stance, and (3) with a wait
/// W >= 0 and an open swing of the other foot, its strike is known or the watermark reaches
/// o + W (below). Its frames
/// (single_support_*, peak_pelvic_drop_frame) are event frames (value frame - delay_frames).
///
/// Open swing of the other foot (its last known event an off before this foot off, its next
/// strike not known yet), by event source (constructor's open_swing_wait_frames):
/// - kOpenSwingRunsOn (kinematic events, every strike observed): the swing runs on to this foot
///   off. An unknown strike then means the other foot is still in the air (running: flight),
///   and once that strike is known the offline window is the same [max(strike, other off),
///   off), so the summary equals the offline one; only at the end of a trial (the strike never
///   comes) does it differ (offline, such a swing does not exist).
/// - W >= 0 frames (force plates: a strike off the plates is never observed): the summary
///   waits until that strike is known or the watermark events_complete_before reaches
///   off + W, then applies the offline rule to the events known (a swing needs its off AND its
///   next strike): strike seen -> [max(strike, other off), off); not seen -> no single support
///   (NaN drop, kNoSingleSupport), as offline when that foot never meets a plate. In walking
///   the other foot struck the floor before this foot off, so running on would make a window
///   that includes double support; W longer than a running flight phase (PigSession: 0.3 s)
///   keeps the window of an instrumented-treadmill runner, whose next strike comes after this
///   foot off. Differs from offline only when the other foot's next plate strike comes W or
///   more frames after this foot off (offline would use it).
///
/// Latency: a summary is emitted at most delay_frames + event_delay_bound_frames (+ W with
/// plates, when the other foot's swing is open: W frames of waiting plus the strike
/// confirmation, OnlinePlates::delay_bound_frames()) frames after its foot off. With
/// delay_frames > 0 the values are the lagged (filtered) ones: equal to the offline values
/// only for delay_frames = 0.
///
/// Buffer: the values of the last capacity_frames() frames, capacity = ceil(max_stance_s x
/// rate) + max(0, event_delay_bound_frames + max(0, W) - delay_frames) + 2; a stance whose
/// first value frame is older gives NaN peaks and kLongerThanBuffer. Fixed-size state:
/// push_values and on_event allocate nothing. Not thread-safe (one producer thread).
class StanceTracker {
 public:
  /// Most summaries waiting to be emitted (a further one replaces the oldest).
  static constexpr int kMaxPending = 8;
  /// Events kept (the most recent, by frame).
  static constexpr int kHistory = 32;
  /// open_swing_wait_frames for kinematic events: an open swing runs on to the foot off.
  static constexpr std::int64_t kOpenSwingRunsOn = -1;
  /// Largest event_delay_bound_frames, open_swing_wait_frames and ceil(max_stance_s x rate)
  /// accepted [frames] (they size the value buffer).
  static constexpr std::int64_t kMaxBoundFrames = 10000000;

  /// \param[in] rate_hz frame rate [Hz], > 0
  /// \param[in] max_stance_s longest stance summarised [s], > 0 (sizes the buffer)
  /// \param[in] delay_frames lag of the pushed values behind the events [frames], >= 0
  ///            (round(CausalButterworth::delay_s() x rate), 0 without filter)
  /// \param[in] event_delay_bound_frames largest detected_frame - frame of the events [frames],
  ///            >= 0 (OnlineZeni / OnlinePlates::delay_bound_frames())
  /// \param[in] open_swing_wait_frames the rule for an open swing of the other foot (class
  ///            comment): kOpenSwingRunsOn (kinematic events, the default), or W >= 0 frames
  ///            to wait past the foot off for its strike (force-plate events; PigSession:
  ///            ceil(open_swing_wait_s x rate))
  /// \throws InvalidArgument naming 'rate_hz', 'max_stance_s' (more than kMaxBoundFrames
  ///         frames), 'delay_frames', 'event_delay_bound_frames' (< 0 or > kMaxBoundFrames) or
  ///         'open_swing_wait_frames' (< -1 or > kMaxBoundFrames).
  StanceTracker(double rate_hz, double max_stance_s, std::int64_t delay_frames,
                std::int64_t event_delay_bound_frames,
                std::int64_t open_swing_wait_frames = kOpenSwingRunsOn);

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

  /// Takes back an event given to on_event: a force-plate strike whose contact was then
  /// rejected (OnlinePlates reported no off: offline that contact has no events at all), so
  /// that it no longer ends the other foot's swing in a summary nor stops the open-swing wait.
  /// A stance pending with it (as strike or off) is dropped silently. Summaries emitted
  /// before the retraction are not changed (PigSession retracts at the push that ends the
  /// contact, before the other foot's off that would use it when the contact ends first).
  /// \param[in] event the event as given to on_event (side, kind and frame are compared)
  /// \return whether it was in the history (false: unknown or forgotten already)
  bool retract(const StreamEvent& event) noexcept;

  /// The end of the stream (PigSession::close()): releases every pending summary whose value
  /// frames [strike + delay_frames, off + delay_frames) are in, with the events known now,
  /// whatever the watermark (an open swing of the other foot: with a wait W >= 0 it is no
  /// swing, the offline rule: kNoSingleSupport when no other swing overlaps; with
  /// kOpenSwingRunsOn it runs on to the off). The others (frames not in, or no room in `out`)
  /// are dropped. Nothing stays pending.
  /// \param[out] out room for `capacity` summaries
  /// \param[in] capacity size of `out` (>= 0)
  /// \param[out] n_dropped the number of pending summaries dropped
  /// \return the number of summaries written
  int finish(StanceSummary* out, int capacity, std::int64_t& n_dropped) noexcept;

  /// Number of value frames kept.
  std::int64_t capacity_frames() const noexcept { return capacity_; }
  /// Lag of the values behind the events [frames].
  std::int64_t delay_frames() const noexcept { return delay_; }
  /// The open-swing rule: kOpenSwingRunsOn, or the wait W [frames] (constructor).
  std::int64_t open_swing_wait_frames() const noexcept { return open_wait_; }
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
  std::int64_t open_wait_;
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
  bool other_swing_open(const Pending& p) const noexcept;
  StanceSummary summarise(const Pending& p);
  double value(std::int64_t frame, int quantity, int side) const noexcept;
};

}  // namespace hipmech::stream
