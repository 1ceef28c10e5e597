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

OnlineZeni::OnlineZeni(double rate_hz, const Eigen::Vector3d& forward_unit, double min_separation_s)
    : rate_hz_(rate_hz), p_(Eigen::Vector3d::UnitX()), d_(1) {
  check_positive(rate_hz, "rate_hz", "Hz");
  HIPMECH_CHECK_ARG(forward_unit.allFinite() && forward_unit.norm() > 0.0, "forward_unit",
                    "a finite non-zero direction of progression", forward_unit.transpose());
  HIPMECH_CHECK_ARG(std::isfinite(min_separation_s) && min_separation_s >= 0.0 &&
                        min_separation_s <= kMaxSeparationS,
                    "min_separation_s", "a value from 0 to 10 s (sizes the frame buffers)",
                    min_separation_s);
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
                     const std::array<Eigen::Vector3d, 2>& toe_m, StreamEvent* out, int capacity) {
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

int OnlineZeni::flush(StreamEvent* out, int capacity) {
  check_capacity(out, capacity, 4);
  int n = 0;
  for (int k = 0; k < 4; ++k) {
    Channel& c = channels_[static_cast<std::size_t>(k)];
    if (c.held_frame < 0) continue;
    StreamEvent& e = out[n++];
    e.side = k < 2 ? Side::Left : Side::Right;
    e.kind = k % 2 == 0 ? events::EventKind::FootStrike : events::EventKind::FootOff;
    e.frame = c.held_frame;
    e.time_s = time_of(c.held_frame);
    e.detected_frame = next_frame_ - 1;
    e.source = EventSource::Kinematics;
    e.plate = -1;
    c.held_frame = -1;
  }
  sort_by_frame(out, n);
  return n;
}

// ------------------------------------------------------------------------------------------
// OnlinePlates
// ------------------------------------------------------------------------------------------

OnlinePlates::OnlinePlates(double point_rate_hz, int samples_per_frame,
                           std::vector<Corners> plate_corners_m, const LabAxes& lab_axes,
                           const events::ForcePlateEventOptions& options, double max_contact_s)
    : point_rate_hz_(point_rate_hz),
      spf_(samples_per_frame),
      r_(1.0),
      options_(options),
      horizontal_(lab_axes) {
  check_positive(point_rate_hz, "point_rate_hz", "Hz");
  HIPMECH_CHECK_ARG(samples_per_frame >= 1 && samples_per_frame <= kMaxSamplesPerFrame,
                    "samples_per_frame", "1 to 10000 analog samples per point frame",
                    samples_per_frame);
  HIPMECH_CHECK_ARG(!plate_corners_m.empty(), "plate_corners_m", "at least one force plate",
                    "none");
  for (std::size_t i = 0; i < plate_corners_m.size(); ++i) {
    HIPMECH_CHECK_ARG(plate_corners_m[i].allFinite(), "plate_corners_m[" + std::to_string(i) + "]",
                      "finite corners", plate_corners_m[i]);
  }
  check_positive(max_contact_s, "max_contact_s", "s");
  events::detail::check_plate_options(options);  // the option checks of from_force_plates
  const std::array<const std::vector<std::string>*, 2> feet{&options.left_foot,
                                                            &options.right_foot};
  const std::array<const char*, 2> foot_arg{"left_foot", "right_foot"};
  for (std::size_t k = 0; k < 2; ++k) {
    HIPMECH_CHECK_ARG(!feet[k]->empty() && feet[k]->size() <= kMaxFootMarkers, foot_arg[k],
                      "1 to " + std::to_string(kMaxFootMarkers) + " marker names",
                      std::to_string(feet[k]->size()) + " names");
    n_foot_[k] = static_cast<int>(feet[k]->size());
  }
  const double analog_rate_hz = point_rate_hz * samples_per_frame;
  r_ = point_rate_hz / analog_rate_hz;  // frames per sample, as from_force_plates
  const double frames = std::ceil(max_contact_s * point_rate_hz);
  HIPMECH_CHECK_ARG(frames < 1e7, "max_contact_s", "at most 1e7 point frames", max_contact_s);
  max_contact_frames_ = static_cast<std::int64_t>(frames) + 2;
  // A contact lasts at most max_contact_s: a longer min_contact_s could never confirm one.
  HIPMECH_CHECK_ARG(options.min_contact_s <= max_contact_s, "min_contact_s",
                    "at most max_contact_s (" + std::to_string(max_contact_s) +
                        " s): a longer strike could never be confirmed",
                    options.min_contact_s);
  // Samples a run needs to be a contact: the first count c >= 1 with c / rate >=
  // min_contact_s, computed directly then moved by one sample to meet that exact condition.
  const auto meets = [&](std::int64_t c) {
    return static_cast<double>(c) / analog_rate_hz >= options.min_contact_s;
  };
  confirm_samples_ = std::max<std::int64_t>(
      1, static_cast<std::int64_t>(std::ceil(options.min_contact_s * analog_rate_hz - 1e-9)));
  while (confirm_samples_ > 1 && meets(confirm_samples_ - 1)) --confirm_samples_;
  while (!meets(confirm_samples_)) ++confirm_samples_;
  // Strike delay: reported at the push holding the confirming sample and the first contact
  // frame f0, whichever is later, for the frame round(begin r); worst case over the position
  // of the first sample within its frame.
  delay_bound_ = 0;
  for (std::int64_t j = 0; j < spf_; ++j) {
    const double b = static_cast<double>(j);
    const std::int64_t confirm = (j + confirm_samples_ - 1) / spf_;
    const auto f0 = static_cast<std::int64_t>(std::ceil(b * r_ - 1e-9));
    const std::int64_t strike = std::llround(b * r_);
    delay_bound_ = std::max(delay_bound_, std::max(confirm, f0) - strike);
  }
  plates_.resize(plate_corners_m.size());
  for (std::size_t i = 0; i < plates_.size(); ++i) {
    Plate& pl = plates_[i];
    pl.corners_m = plate_corners_m[i];
    std::array<events::detail::Point2, 4> pts;
    for (int c = 0; c < 4; ++c)
      pts[static_cast<std::size_t>(c)] = horizontal_(pl.corners_m.row(c).transpose());
    pl.n_outline =
        static_cast<int>(events::detail::convex_hull_into(pts.data(), 4, pl.outline.data()));
    pl.surface_m = (pl.corners_m * horizontal_.up).mean();  // as from_force_plates
    for (std::size_t k = 0; k < 2; ++k) {
      pl.dist_m[k].assign(static_cast<std::size_t>(max_contact_frames_), kNaN);
      pl.on_plate[k].assign(static_cast<std::size_t>(max_contact_frames_), 0);
    }
  }
  scratch_.assign(static_cast<std::size_t>(max_contact_frames_), 0.0);
  times_.assign(static_cast<std::size_t>(max_contact_frames_ + delay_bound_ + 4), kNaN);
}

double OnlinePlates::time_of(std::int64_t frame) const noexcept {
  const auto n = static_cast<std::int64_t>(times_.size());
  if (frame < 0 || frame >= next_frame_ || frame < next_frame_ - n) return kNaN;
  return times_[static_cast<std::size_t>(frame % n)];
}

std::int64_t OnlinePlates::complete_before() const noexcept {
  std::int64_t w = next_frame_;
  for (const Plate& pl : plates_) {
    if (pl.in_run && pl.strike_seen && !pl.strike_reported) {
      w = std::min<std::int64_t>(w, std::llround(static_cast<double>(pl.begin_sample) * r_));
    }
    if (pl.off_deferred) w = std::min(w, pl.deferred.frame);
  }
  return w;
}

void OnlinePlates::reset() noexcept {
  next_frame_ = 0;
  n_accepted_ = 0;
  rejections_.fill(0);
  std::fill(times_.begin(), times_.end(), kNaN);
  for (Plate& pl : plates_) {
    pl.prev_fz_n = kNaN;
    pl.in_run = false;
    pl.off_deferred = false;
  }
}

void OnlinePlates::store_frame(Plate& pl, std::int64_t frame, const double* cop_m) {
  const std::int64_t i = frame - pl.f0;
  if (i != pl.n_stored) return;  // stored already (or before f0)
  if (i >= max_contact_frames_) {
    pl.overflow = true;
    return;
  }
  const Eigen::Vector3d cop(cop_m[0], cop_m[1], cop_m[2]);
  const bool has_cop = cop.allFinite();
  pl.any_cop = pl.any_cop || has_cop;
  const events::detail::Point2 c2 = horizontal_(cop);
  const auto at = static_cast<std::size_t>(i);
  for (std::size_t k = 0; k < 2; ++k) {
    pl.dist_m[k][at] =
        has_cop ? events::detail::hull_distance(c2, hull_[k].data(), n_hull_[k]) : kNaN;
    pl.on_plate[k][at] = events::detail::foot_on_plate(
        hull_[k].data(), n_hull_[k], lowest_m_[k], pl.outline.data(),
        static_cast<std::size_t>(pl.n_outline), pl.surface_m, options_);
  }
  ++pl.n_stored;
  // The strike's side: the nearest foot at the first frame with a centre of pressure and both
  // feet's markers.
  if (!pl.side_known && std::isfinite(pl.dist_m[0][at]) && std::isfinite(pl.dist_m[1][at])) {
    pl.side_known = true;
    pl.strike_side = pl.dist_m[1][at] < pl.dist_m[0][at] ? Side::Right : Side::Left;
  }
}

void OnlinePlates::finish_contact(Plate& pl, int index, std::int64_t end_sample, bool off_seen,
                                  std::int64_t frame, StreamEvent* out, int& n) {
  pl.in_run = false;
  if (pl.n_samples < confirm_samples_) return;  // a noise spike (offline: not listed)
  auto reject = [&](OnlinePlateRejection why) { ++rejections_[static_cast<std::size_t>(why)]; };
  if (!pl.strike_seen) return reject(OnlinePlateRejection::StrikeNotObserved);
  if (!off_seen) return reject(OnlinePlateRejection::OffNotObserved);
  const auto f1 =
      static_cast<std::int64_t>(std::floor(static_cast<double>(end_sample - 1) * r_ + 1e-9));
  if (f1 < pl.f0) return reject(OnlinePlateRejection::ShorterThanFrame);
  if (pl.overflow || f1 - pl.f0 + 1 > max_contact_frames_) {
    return reject(OnlinePlateRejection::LongerThanBuffer);
  }
  const auto nf = static_cast<std::size_t>(f1 - pl.f0 + 1);
  if (static_cast<std::int64_t>(nf) != pl.n_stored) {
    return reject(OnlinePlateRejection::LongerThanBuffer);  // not every frame kept
  }
  const std::array<bool, 2> other_on_plate{pl.on_plate[0][0] != 0 && pl.on_plate[0][nf - 1] != 0,
                                           pl.on_plate[1][0] != 0 && pl.on_plate[1][nf - 1] != 0};
  const events::detail::ContactDecision d =
      events::detail::decide_contact(pl.dist_m[0].data(), pl.dist_m[1].data(), nf, pl.any_cop,
                                     other_on_plate, options_.max_cop_distance_m, scratch_.data());
  if (d.rejected) return reject(static_cast<OnlinePlateRejection>(static_cast<int>(d.reason)));
  if (!pl.strike_reported) return reject(OnlinePlateRejection::StrikeSideUnknown);
  const Side side = d.foot == 0 ? Side::Left : Side::Right;
  if (side != pl.strike_side) return reject(OnlinePlateRejection::SideChanged);
  ++n_accepted_;
  StreamEvent e;
  e.side = side;
  e.kind = events::EventKind::FootOff;
  e.frame = std::llround(static_cast<double>(end_sample) * r_);
  e.source = EventSource::Plates;
  e.plate = index;
  if (e.frame > frame) {  // its frame is the next one: reported by the next push
    pl.off_deferred = true;
    pl.deferred = e;
    return;
  }
  e.time_s = time_of(e.frame);
  e.detected_frame = frame;
  out[n++] = e;
}

bool OnlinePlates::contact_open(int plate, std::int64_t strike_frame) const noexcept {
  if (plate < 0 || plate >= n_plates()) return false;
  const Plate& pl = plates_[static_cast<std::size_t>(plate)];
  if (pl.off_deferred) return true;
  return pl.in_run && pl.strike_reported &&
         std::llround(static_cast<double>(pl.begin_sample) * r_) == strike_frame;
}

int OnlinePlates::push(std::int64_t frame, double time_s, const double* plate_samples,
                       const Eigen::Vector3d* foot_points_m, StreamEvent* out, int capacity) {
  check_next_frame(frame, next_frame_);
  HIPMECH_CHECK_ARG(foot_points_m != nullptr, "foot_points_m",
                    std::to_string(n_foot_[0] + n_foot_[1]) + " foot marker points", "nullptr");
  check_capacity(out, capacity, max_events_per_push());
  times_[static_cast<std::size_t>(frame % static_cast<std::int64_t>(times_.size()))] = time_s;
  next_frame_ = frame + 1;
  // The feet's outlines at this frame (detail::foot_outline, as offline).
  for (std::size_t k = 0; k < 2; ++k) {
    const Eigen::Vector3d* points = foot_points_m + (k == 0 ? 0 : n_foot_[0]);
    n_hull_[k] =
        events::detail::foot_outline(points, static_cast<std::size_t>(n_foot_[k]), horizontal_,
                                     work_.data(), hull_[k].data(), &lowest_m_[k]);
  }
  const int np = n_plates();
  int n = 0;
  const std::int64_t first_sample = frame * spf_;
  for (int p = 0; p < np; ++p) {
    Plate& pl = plates_[static_cast<std::size_t>(p)];
    if (pl.off_deferred && pl.deferred.frame <= frame) {
      pl.off_deferred = false;
      pl.deferred.time_s = time_of(pl.deferred.frame);
      pl.deferred.detected_frame = frame;
      out[n++] = pl.deferred;
    }
    auto sample_at = [&](std::int64_t sample) -> const double* {
      static const double kMissing[6] = {kNaN, kNaN, kNaN, kNaN, kNaN, kNaN};
      if (plate_samples == nullptr) return kMissing;
      return plate_samples + ((sample - first_sample) * np + p) * 6;
    };
    for (int j = 0; j < spf_; ++j) {
      const std::int64_t sample = first_sample + j;
      const double* v = sample_at(sample);
      // force . up, in from_force_plates' order (force_n * up).
      const double fz =
          v[0] * horizontal_.up(0) + v[1] * horizontal_.up(1) + v[2] * horizontal_.up(2);
      const bool above = fz > options_.threshold_n;
      if (pl.in_run && !above) {
        // The run ends at this sample: its last frame's distances first (CoP at the frame's
        // own sample, clamped into the run, as offline), then the decision.
        const auto f1 =
            static_cast<std::int64_t>(std::floor(static_cast<double>(sample - 1) * r_ + 1e-9));
        if (f1 == frame && f1 >= pl.f0) {
          store_frame(pl, frame,
                      sample_at(std::clamp(first_sample, pl.begin_sample, sample - 1)) + 3);
        }
        finish_contact(pl, p, sample, std::isfinite(fz), frame, out, n);
      } else if (pl.in_run) {
        ++pl.n_samples;
      } else if (above) {
        pl.in_run = true;
        pl.strike_seen = std::isfinite(pl.prev_fz_n);  // at or below the threshold just before
        pl.strike_reported = false;
        pl.side_known = false;
        pl.begin_sample = sample;
        pl.n_samples = 1;
        pl.f0 = static_cast<std::int64_t>(std::ceil(static_cast<double>(sample) * r_ - 1e-9));
        pl.n_stored = 0;
        pl.overflow = false;
        pl.any_cop = false;
      }
      pl.prev_fz_n = fz;
    }
    if (pl.in_run) {
      if (frame >= pl.f0) {
        store_frame(pl, frame, sample_at(std::max(first_sample, pl.begin_sample)) + 3);  // CoP
      }
      if (pl.strike_seen && !pl.strike_reported && pl.side_known &&
          pl.n_samples >= confirm_samples_) {
        pl.strike_reported = true;
        StreamEvent& e = out[n++];
        e.side = pl.strike_side;
        e.kind = events::EventKind::FootStrike;
        e.frame = std::llround(static_cast<double>(pl.begin_sample) * r_);
        e.time_s = time_of(e.frame);
        e.detected_frame = frame;
        e.source = EventSource::Plates;
        e.plate = p;
      }
    }
  }
  sort_by_frame(out, n);
  return n;
}

}  // namespace hipmech::stream
