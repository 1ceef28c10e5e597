// The compiled definitions of <hipmech/stream/online_events.hpp> (declared and documented
// there).
#include "hipmech/stream/online_events.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "hipmech/core/check.hpp"
#include "hipmech/events/kinematic_events.hpp"

namespace hipmech::stream {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_capacity(const StreamEvent* out, int capacity, int needed) {
  HIPMECH_CHECK_ARG(out != nullptr && capacity >= needed, "capacity",
                    "room for at least " + std::to_string(needed) + " events",
                    out == nullptr ? std::string("no output array") : std::to_string(capacity));
}

void check_next_frame(std::int64_t frame, std::int64_t next) {
  HIPMECH_CHECK_ARG(frame == next, "frame", "the next frame, " + std::to_string(next),
                    std::to_string(frame));
}

/// Sorts out[0, n) by frame (insertion sort: a handful of events, no allocation).
void sort_by_frame(StreamEvent* out, int n) {
  for (int i = 1; i < n; ++i) {
    for (int j = i; j > 0 && out[j].frame < out[j - 1].frame; --j) std::swap(out[j], out[j - 1]);
  }
}

}  // namespace

// ------------------------------------------------------------------------------------------
// OnlineZeni
// ------------------------------------------------------------------------------------------

OnlineZeni::OnlineZeni(double rate_hz, const Eigen::Vector3d& forward_unit,
                       double min_separation_s)
    : rate_hz_(rate_hz), p_(Eigen::Vector3d::UnitX()), d_(1) {
  check_positive(rate_hz, "rate_hz", "Hz");
  HIPMECH_CHECK_ARG(forward_unit.allFinite() && forward_unit.norm() > 0.0, "forward_unit",
                    "a finite non-zero direction of progression", forward_unit.transpose());
  HIPMECH_CHECK_ARG(std::isfinite(min_separation_s) && min_separation_s >= 0.0, "min_separation_s",
                    "a finite value >= 0 s", min_separation_s);
  // zeni_events normalises the same way (progression.normalized()).
  p_ = forward_unit.normalized();
  d_ = static_cast<std::int64_t>(events::detail::separation_samples(min_separation_s, rate_hz));
  // Times of the frames an event can still refer to: beyond 4 d + 8 frames back only with a
  // flat top of more than ~8 d equal samples (then time_s is NaN, the frame is exact).
  times_.assign(static_cast<std::size_t>(4 * d_ + 8), kNaN);
}

std::int64_t OnlineZeni::delay_bound_frames() const noexcept {
  return std::max<std::int64_t>(1, 2 * d_ - 1);
}

double OnlineZeni::time_of(std::int64_t frame) const noexcept {
  const auto n = static_cast<std::int64_t>(times_.size());
  if (frame < 0 || frame >= next_frame_ || frame < next_frame_ - n) return kNaN;
  return times_[static_cast<std::size_t>(frame % n)];
}

std::int64_t OnlineZeni::complete_before() const noexcept {
  std::int64_t w = next_frame_;  // no event at or after the next frame is known yet
  for (const Channel& c : channels_) {
    if (c.held_frame >= 0) w = std::min(w, c.held_frame);
    const Eigen::Index b = c.scanner.pending_begin();
    if (b >= 0) w = std::min<std::int64_t>(w, b);
  }
  return w;
}

void OnlineZeni::reset() noexcept {
  next_frame_ = 0;
  for (Channel& c : channels_) c = Channel{};
  std::fill(times_.begin(), times_.end(), kNaN);
}

int OnlineZeni::push(std::int64_t frame, double time_s, const Eigen::Vector3d& sacrum_m,
                     const std::array<Eigen::Vector3d, 2>& heel_m,
                     const std::array<Eigen::Vector3d, 2>& toe_m, StreamEvent* out,
                     int capacity) {
  check_next_frame(frame, next_frame_);
  check_capacity(out, capacity, kMaxEventsPerPush);
  times_[static_cast<std::size_t>(frame % static_cast<std::int64_t>(times_.size()))] = time_s;
  next_frame_ = frame + 1;
  int n = 0;
  auto emit = [&](Channel& c, int channel) {
    StreamEvent& e = out[n++];
    e.side = channel < 2 ? Side::Left : Side::Right;
    e.kind = channel % 2 == 0 ? events::EventKind::FootStrike : events::EventKind::FootOff;
    e.frame = c.held_frame;
    e.time_s = time_of(c.held_frame);
    e.detected_frame = frame;
    e.source = EventSource::Kinematics;
    e.plate = -1;
    c.held_frame = -1;
  };
  for (int k = 0; k < 4; ++k) {
    Channel& c = channels_[static_cast<std::size_t>(k)];
    const std::size_t side = k < 2 ? 0 : 1;
    // Strike: maxima of (heel - sacrum) . p; off: minima of (toe - sacrum) . p, i.e. maxima of
    // its negation (find_minima's rule).
    const double s = k % 2 == 0 ? events::detail::zeni_signal(heel_m[side], sacrum_m, p_)
                                : -events::detail::zeni_signal(toe_m[side], sacrum_m, p_);
    double value = 0.0;
    const Eigen::Index m = c.scanner.push(static_cast<Eigen::Index>(frame), s, &value);
    if (m >= 0) {
      if (c.held_frame >= 0 && m - c.held_frame < d_) {
        // scipy's thinning of a pair: the higher one stays; on a tie the later one.
        if (value >= c.held_value) {
          c.held_frame = m;
          c.held_value = value;
        }
      } else {
        if (c.held_frame >= 0) emit(c, k);
        c.held_frame = m;
        c.held_value = value;
      }
    }
    if (c.held_frame >= 0) {
      // Earliest frame a later extreme can have: the pending top's middle is at least
      // floor((begin + frame) / 2) (its top runs at least to this frame); else the next frame.
      const Eigen::Index b = c.scanner.pending_begin();
      const std::int64_t earliest = b >= 0 ? (static_cast<std::int64_t>(b) + frame) / 2 : frame + 1;
      if (earliest >= c.held_frame + d_) emit(c, k);
    }
  }
  sort_by_frame(out, n);
  return n;
}

// ------------------------------------------------------------------------------------------
// OnlinePlates (stub until implemented)
// ------------------------------------------------------------------------------------------

OnlinePlates::OnlinePlates(double point_rate_hz, int samples_per_frame,
                           std::vector<Corners> plate_corners_m, const LabAxes& lab_axes,
                           const events::ForcePlateEventOptions& options, double max_contact_s)
    : point_rate_hz_(point_rate_hz), spf_(samples_per_frame), r_(1.0), options_(options),
      horizontal_(lab_axes) {
  (void)plate_corners_m;
  (void)max_contact_s;
}

std::int64_t OnlinePlates::complete_before() const noexcept { return next_frame_; }

void OnlinePlates::reset() noexcept { next_frame_ = 0; }

int OnlinePlates::push(std::int64_t frame, double time_s, const double* plate_samples,
                       const Eigen::Vector3d* foot_points_m, StreamEvent* out, int capacity) {
  (void)time_s, (void)plate_samples, (void)foot_points_m, (void)out, (void)capacity;
  check_next_frame(frame, next_frame_);
  next_frame_ = frame + 1;
  return 0;
}

void OnlinePlates::finish_contact(Plate&, int, std::int64_t, StreamEvent*, int&) {}

}  // namespace hipmech::stream
