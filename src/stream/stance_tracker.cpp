// The compiled definitions of <hipmech/stream/stance_tracker.hpp> (declared and documented
// there).
#include "hipmech/stream/stance_tracker.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "hipmech/core/check.hpp"
#include "hipmech/events/window_peak.hpp"

namespace hipmech::stream {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
enum Quantity { kObliquity = 0, kValgus = 1, kAdduction = 2 };

int side_index(Side s) {
  return s == Side::Left ? 0 : 1;
}

/// events::sorted_events' order: frame, then strike before off, then left before right.
bool before(const StreamEvent& a, const StreamEvent& b) {
  if (a.frame != b.frame) return a.frame < b.frame;
  if (a.kind != b.kind) return static_cast<int>(a.kind) < static_cast<int>(b.kind);
  return static_cast<int>(a.side) < static_cast<int>(b.side);
}

}  // namespace

StanceTracker::StanceTracker(double rate_hz, double max_stance_s, std::int64_t delay_frames,
                             std::int64_t event_delay_bound_frames,
                             std::int64_t open_swing_wait_frames)
    : rate_hz_(rate_hz), delay_(delay_frames), open_wait_(open_swing_wait_frames), capacity_(1) {
  check_positive(rate_hz, "rate_hz", "Hz");
  check_positive(max_stance_s, "max_stance_s", "s");
  HIPMECH_CHECK_ARG(delay_frames >= 0, "delay_frames", "a lag >= 0 frames", delay_frames);
  HIPMECH_CHECK_ARG(event_delay_bound_frames >= 0 && event_delay_bound_frames <= kMaxBoundFrames,
                    "event_delay_bound_frames", "a delay of 0 to 1e7 frames (sizes the buffer)",
                    event_delay_bound_frames);
  HIPMECH_CHECK_ARG(
      open_swing_wait_frames >= kOpenSwingRunsOn && open_swing_wait_frames <= kMaxBoundFrames,
      "open_swing_wait_frames", "kOpenSwingRunsOn (-1) or a wait of 0 to 1e7 frames",
      open_swing_wait_frames);
  const double stance_frames = std::ceil(max_stance_s * rate_hz - 1e-9);
  HIPMECH_CHECK_ARG(stance_frames <= static_cast<double>(kMaxBoundFrames), "max_stance_s",
                    "at most 1e7 frames at rate_hz (a buffer that fits in memory)", max_stance_s);
  capacity_ = static_cast<std::int64_t>(stance_frames) +
              std::max<std::int64_t>(0, event_delay_bound_frames +
                                            std::max<std::int64_t>(0, open_swing_wait_frames) -
                                            delay_frames) +
              2;
  values_.assign(static_cast<std::size_t>(capacity_ * 6), kNaN);
}

void StanceTracker::reset() noexcept {
  next_frame_ = 0;
  complete_before_ = 0;
  std::fill(values_.begin(), values_.end(), kNaN);
  n_history_ = 0;
  n_pending_ = 0;
  n_dropped_ = 0;
  n_stances_ = {0, 0};
}

double StanceTracker::value(std::int64_t frame, int quantity, int side) const noexcept {
  if (frame < 0 || frame >= next_frame_ || frame < next_frame_ - capacity_) return kNaN;
  return values_[static_cast<std::size_t>((frame % capacity_) * 6 + quantity * 2 + side)];
}

int StanceTracker::push_values(std::int64_t frame, double time_s,
                               const std::array<double, 2>& obliquity_rad,
                               const std::array<double, 2>& knee_valgus_rad,
                               const std::array<double, 2>& hip_adduction_rad,
                               std::int64_t events_complete_before, StanceSummary* out,
                               int capacity) {
  (void)time_s;
  HIPMECH_CHECK_ARG(frame == next_frame_, "frame", "the next frame, " + std::to_string(next_frame_),
                    std::to_string(frame));
  double* row = &values_[static_cast<std::size_t>((frame % capacity_) * 6)];
  for (int s = 0; s < 2; ++s) {
    const auto k = static_cast<std::size_t>(s);
    row[kObliquity * 2 + s] = obliquity_rad[k];
    row[kValgus * 2 + s] = knee_valgus_rad[k];
    row[kAdduction * 2 + s] = hip_adduction_rad[k];
  }
  next_frame_ = frame + 1;
  complete_before_ = std::max(complete_before_, events_complete_before);
  return emit_ready(out, capacity);
}

int StanceTracker::on_event(const StreamEvent& event, StanceSummary* out, int capacity) {
  // Insert by frame (events::sorted_events' order); a full history forgets its oldest event.
  if (n_history_ == kHistory) {
    std::move(history_.begin() + 1, history_.end(), history_.begin());
    --n_history_;
  }
  int at = n_history_;
  while (at > 0 && before(event, history_[static_cast<std::size_t>(at - 1)])) {
    history_[static_cast<std::size_t>(at)] = history_[static_cast<std::size_t>(at - 1)];
    --at;
  }
  history_[static_cast<std::size_t>(at)] = event;
  ++n_history_;
  // A stance [strike, off) of this side: the off's previous event of the side is a strike
  // (events::stance_windows); the new event is its off, or its strike arriving late.
  auto neighbour = [&](int from, int step) {
    for (int j = from + step; j >= 0 && j < n_history_; j += step) {
      if (history_[static_cast<std::size_t>(j)].side == event.side) return j;
    }
    return -1;
  };
  int strike = -1, off = -1;
  if (event.kind == events::EventKind::FootOff) {
    strike = neighbour(at, -1);
    off = at;
  } else {
    strike = at;
    off = neighbour(at, +1);
  }
  if (strike >= 0 && off >= 0) {
    const StreamEvent& a = history_[static_cast<std::size_t>(strike)];
    const StreamEvent& b = history_[static_cast<std::size_t>(off)];
    if (a.kind == events::EventKind::FootStrike && b.kind == events::EventKind::FootOff &&
        b.frame > a.frame) {
      if (n_pending_ == kMaxPending) {  // forget the oldest
        std::move(pending_.begin() + 1, pending_.end(), pending_.begin());
        --n_pending_;
        ++n_dropped_;
      }
      pending_[static_cast<std::size_t>(n_pending_++)] =
          Pending{event.side, a.frame, b.frame, a.time_s, b.time_s};
    }
  }
  return emit_ready(out, capacity);
}

bool StanceTracker::retract(const StreamEvent& event) noexcept {
  int at = -1;
  for (int j = 0; j < n_history_; ++j) {
    const StreamEvent& e = history_[static_cast<std::size_t>(j)];
    if (e.side == event.side && e.kind == event.kind && e.frame == event.frame) {
      at = j;
      break;
    }
  }
  if (at < 0) return false;
  std::move(history_.begin() + at + 1, history_.begin() + n_history_, history_.begin() + at);
  --n_history_;
  int kept = 0;
  for (int i = 0; i < n_pending_; ++i) {
    const Pending& p = pending_[static_cast<std::size_t>(i)];
    const std::int64_t frame =
        event.kind == events::EventKind::FootStrike ? p.strike_frame : p.off_frame;
    if (p.side == event.side && frame == event.frame) continue;
    pending_[static_cast<std::size_t>(kept++)] = p;
  }
  n_pending_ = kept;
  return true;
}

int StanceTracker::emit_ready(StanceSummary* out, int capacity) {
  int n = 0;
  int kept = 0;
  for (int i = 0; i < n_pending_; ++i) {
    const Pending& p = pending_[static_cast<std::size_t>(i)];
    // (3) force plates: an open swing of the other foot waits for its strike, at most until
    // every event before off + W is known.
    const bool ready =
        next_frame_ - 1 >= p.off_frame + delay_ - 1 && complete_before_ >= p.off_frame &&
        (open_wait_ < 0 || complete_before_ >= p.off_frame + open_wait_ || !other_swing_open(p));
    if (ready && out != nullptr && n < capacity) {
      out[n++] = summarise(p);
    } else {
      pending_[static_cast<std::size_t>(kept++)] = p;
    }
  }
  n_pending_ = kept;
  return n;
}

int StanceTracker::finish(StanceSummary* out, int capacity, std::int64_t& n_dropped) noexcept {
  int n = 0;
  n_dropped = 0;
  for (int i = 0; i < n_pending_; ++i) {
    const Pending& p = pending_[static_cast<std::size_t>(i)];
    if (next_frame_ - 1 >= p.off_frame + delay_ - 1 && out != nullptr && n < capacity) {
      out[n++] = summarise(p);
    } else {
      ++n_dropped;
    }
  }
  n_pending_ = 0;
  return n;
}

bool StanceTracker::other_swing_open(const Pending& p) const noexcept {
  // The other foot's last known event (history sorted by frame): an off before this foot off
  // whose next strike is not known yet.
  const Side other = opposite(p.side);
  for (int j = n_history_ - 1; j >= 0; --j) {
    const StreamEvent& e = history_[static_cast<std::size_t>(j)];
    if (e.side != other) continue;
    return e.kind == events::EventKind::FootOff && e.frame < p.off_frame;
  }
  return false;
}

StanceSummary StanceTracker::summarise(const Pending& p) {
  StanceSummary s;
  s.side = p.side;
  const int i = side_index(p.side);
  s.stance = ++n_stances_[static_cast<std::size_t>(i)];
  s.foot_strike_frame = p.strike_frame;
  s.foot_off_frame = p.off_frame;
  s.foot_strike_time_s = p.strike_time_s;
  s.foot_off_time_s = p.off_time_s;
  s.stance_time_s = p.off_time_s - p.strike_time_s;
  s.detected_frame = next_frame_ - 1;
  // Single-limb support: the other foot's swing [off, next strike) overlapping the stance most
  // (events::single_limb_support_windows; first on ties). A swing whose next event is not
  // known yet runs on to this foot off with kinematic events (kOpenSwingRunsOn); with a wait
  // (force plates) it is no swing, as offline.
  const Side other = opposite(p.side);
  std::int64_t sls_begin = p.strike_frame, sls_end = p.strike_frame;
  for (int j = 0; j < n_history_; ++j) {
    const StreamEvent& e = history_[static_cast<std::size_t>(j)];
    if (e.side != other || e.kind != events::EventKind::FootOff) continue;
    std::int64_t swing_end = open_wait_ < 0 ? p.off_frame : -1;
    for (int k = j + 1; k < n_history_; ++k) {
      const StreamEvent& next = history_[static_cast<std::size_t>(k)];
      if (next.side != other) continue;
      swing_end =
          next.kind == events::EventKind::FootStrike && next.frame > e.frame ? next.frame : -1;
      break;
    }
    if (swing_end < 0) continue;
    const std::int64_t b = std::max(p.strike_frame, e.frame);
    const std::int64_t en = std::min(p.off_frame, swing_end);
    if (en - b > sls_end - sls_begin) {
      sls_begin = b;
      sls_end = en;
    }
  }
  // The values of event frame f are at value frame f + delay.
  const std::int64_t first_value = p.strike_frame + delay_;
  const bool in_buffer = first_value >= next_frame_ - capacity_;
  if (!in_buffer) s.note |= kLongerThanBuffer;
  if (sls_end > sls_begin) {
    s.single_support_begin = sls_begin;
    s.single_support_end = sls_end;
  } else {
    s.note |= kNoSingleSupport;
  }
  if (!in_buffer) return s;
  auto series = [&](int q) {
    return [this, q, i](Eigen::Index f) { return value(static_cast<std::int64_t>(f), q, i); };
  };
  if (sls_end > sls_begin) {
    // pelvis::contralateral_drop: drop = this side's obliquity, peak over single support.
    const events::WindowPeak drop =
        events::window_peak(series(kObliquity), sls_begin + delay_, sls_end + delay_);
    if (drop.n_missing > 0) {
      s.note |= kDropFramesMissing;
    } else {
      s.peak_pelvic_drop_rad = drop.value;
      s.peak_pelvic_drop_frame = drop.frame - delay_;
    }
  }
  // report::analyse's stance peaks over [strike, off).
  const events::WindowPeak valgus =
      events::window_peak(series(kValgus), p.strike_frame + delay_, p.off_frame + delay_);
  s.peak_knee_valgus_rad = valgus.value;
  if (valgus.n_missing > 0) s.note |= kValgusFramesMissing;
  const events::WindowPeak adduction =
      events::window_peak(series(kAdduction), p.strike_frame + delay_, p.off_frame + delay_);
  s.peak_hip_adduction_rad = adduction.value;
  if (adduction.n_missing > 0) s.note |= kAdductionFramesMissing;
  return s;
}

}  // namespace hipmech::stream
