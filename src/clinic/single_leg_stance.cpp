// The compiled definitions of <hipmech/clinic/single_leg_stance.hpp> (declared and documented
// there).
#include "hipmech/clinic/single_leg_stance.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>

#include "hipmech/core/check.hpp"
#include "hipmech/events/force_plate_events.hpp"  // events::detail::finite_median
#include "hipmech/model/plug_in_gait.hpp"
#include "hipmech/pelvis/drop_2d.hpp"
#include "hipmech/pelvis/pelvis_angles.hpp"
#include "hipmech/signal/gaps.hpp"
#include "hipmech/signal/zero_lag.hpp"
#include "hipmech/stats/distributions.hpp"
#include "task_common.hpp"

namespace hipmech::clinic {

const char* const trendelenburg_source =
    "Hardcastle P, Nade S (1985) The significance of the Trendelenburg test. J Bone Joint Surg Br "
    "67(5):741-746";

namespace {

using namespace task_detail;  // kNaN, kDeg, fixed, baseline_rows

const char* side_name(Side s) {
  return s == Side::Left ? "left" : "right";
}

}  // namespace

namespace detail {

double finite_median(const SeriesCRef& x, Eigen::Index begin, Eigen::Index end) {
  const Eigen::Index b = std::max<Eigen::Index>(begin, 0);
  const Eigen::Index e = std::min(end, x.size());
  if (e <= b) return kNaN;
  const auto range = x.segment(b, e - b);
  return events::detail::finite_median(std::vector<double>(range.begin(), range.end()));
}

double finite_mean(const SeriesCRef& x, Eigen::Index begin, Eigen::Index end) {
  double sum = 0.0;
  Eigen::Index n = 0;
  for (Eigen::Index i = std::max<Eigen::Index>(begin, 0); i < std::min(end, x.size()); ++i) {
    if (std::isfinite(x[i])) {
      sum += x[i];
      ++n;
    }
  }
  return n == 0 ? kNaN : sum / static_cast<double>(n);
}

double finite_sd(const SeriesCRef& x, Eigen::Index begin, Eigen::Index end,
                 Eigen::Index min_count) {
  const double mean = finite_mean(x, begin, end);
  double ss = 0.0;
  Eigen::Index n = 0;
  for (Eigen::Index i = std::max<Eigen::Index>(begin, 0); i < std::min(end, x.size()); ++i) {
    if (std::isfinite(x[i])) {
      ss += (x[i] - mean) * (x[i] - mean);
      ++n;
    }
  }
  return n < std::max<Eigen::Index>(min_count, 2) ? kNaN
                                                  : std::sqrt(ss / static_cast<double>(n - 1));
}

Eigen::Index first_finite(const SeriesCRef& x) {
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (std::isfinite(x[i])) return i;
  }
  return x.size();
}

namespace {
constexpr int kFilterOrder = 2;
constexpr Eigen::Index kFilterMinLength = 3 * (kFilterOrder + 1) + 1;  // filtfilt's padding + 1
}  // namespace

Eigen::Index max_gap_frames(double max_gap_s, double rate_hz) {
  return static_cast<Eigen::Index>(std::floor(max_gap_s * rate_hz + 1e-9 * rate_hz));
}

Series lowpass_runs(const Series& x, double rate_hz, double cutoff_hz, Eigen::Index max_gap,
                    Eigen::Index& unfiltered_frames) {
  const Series filled =
      max_gap > 0 && !x.allFinite()
          ? Series(signal::fill_gaps(x, signal::FillMethod::Linear, max_gap).values.col(0))
          : x;
  if (cutoff_hz == 0.0) return filled;
  if (filled.size() < kFilterMinLength) {  // too short to filter at all: left NaN, a short run
    unfiltered_frames += (filled.array().isFinite()).count();
    return Series::Constant(filled.size(), kNaN);
  }
  signal::ZeroLagOptions o;
  o.order = kFilterOrder;
  o.nan = signal::GapPolicy::Runs;
  signal::FilterResult r = signal::zero_lag_butterworth(filled, rate_hz, cutoff_hz, o);
  for (const signal::Gap& g : r.unfiltered) unfiltered_frames += g.length;
  return r.values.col(0);
}

double lowpass_noise_gain(double rate_hz, double cutoff_hz) {
  if (cutoff_hz == 0.0) return 1.0;
  // The impulse response decays within a few periods of the cut-off: 10 on each side.
  const Eigen::Index half =
      std::max<Eigen::Index>(kFilterMinLength, std::llround(10.0 * rate_hz / cutoff_hz));
  Series d = Series::Zero(2 * half + 1);
  d[half] = 1.0;
  return signal::lowpass(d, rate_hz, cutoff_hz, kFilterOrder).norm();
}

Eigen::Index filter_edge_frames(double rate_hz, double cutoff_hz) {
  if (!(cutoff_hz > 0.0)) return 0;
  return static_cast<Eigen::Index>(std::ceil(0.5 * rate_hz / cutoff_hz - 1e-9));
}

std::vector<bool> edge_zone(const SeriesCRef& x, Eigen::Index edge) {
  const Eigen::Index n = x.size();
  std::vector<bool> out(static_cast<std::size_t>(n), false);
  if (edge <= 0) return out;
  Eigen::Index f = 0;
  while (f < n) {
    if (!std::isfinite(x[f])) {
      ++f;
      continue;
    }
    Eigen::Index e = f;  // [f, e): a gap-free run
    while (e < n && std::isfinite(x[e])) ++e;
    for (Eigen::Index k = f; k < e; ++k) {
      out[static_cast<std::size_t>(k)] = k - f < edge || e - 1 - k < edge;
    }
    f = e;
  }
  return out;
}

double brief_drop_margin_deg(double noise_deg, Eigen::Index frames, Eigen::Index window) {
  if (!std::isfinite(noise_deg) || frames < 1) return 2.0;
  const double alpha = 0.01;
  const double z_max = stats::normal_quantile(1.0 - alpha / static_cast<double>(frames));
  const double z_win =
      stats::normal_quantile(1.0 - alpha / static_cast<double>(std::max<Eigen::Index>(window, 1)));
  return std::max(2.0, (z_max + z_win) * noise_deg);
}

double sustained_peak(const SeriesCRef& x, Eigen::Index begin, Eigen::Index end,
                      Eigen::Index window, Eigen::Index& at, double cutoff,
                      Eigen::Index& first_above) {
  at = -1;
  first_above = -1;
  begin = std::max<Eigen::Index>(begin, 0);
  end = std::min(end, x.size());
  if (end <= begin) return kNaN;
  const Eigen::Index w = std::clamp<Eigen::Index>(window, 1, end - begin);
  const Eigen::Index need = (w + 1) / 2;
  // Sliding minimum of the finite values (a monotonic deque of frames, O(#frames)) and a
  // running count of finite frames.
  std::deque<Eigen::Index> q;
  Eigen::Index count = 0, best_start = -1;
  double best = kNaN;
  for (Eigen::Index f = begin; f < end; ++f) {
    if (std::isfinite(x[f])) {
      while (!q.empty() && x[q.back()] >= x[f]) q.pop_back();
      q.push_back(f);
      ++count;
    }
    const Eigen::Index s = f - w + 1;  // start of the window ending at f
    if (s > begin && std::isfinite(x[s - 1])) --count;
    if (s < begin) continue;
    while (!q.empty() && q.front() < s) q.pop_front();
    if (count < need || q.empty()) continue;
    const double lo = x[q.front()];
    if (!(lo <= best)) {  // larger, or the first qualifying window
      best = lo;
      best_start = s;
    }
    if (first_above < 0 && above_cutoff(lo, cutoff)) first_above = s;
  }
  if (best_start >= 0) {  // the largest frame of the winning window
    double hi = -std::numeric_limits<double>::infinity();
    for (Eigen::Index f = best_start; f < best_start + w; ++f) {
      if (std::isfinite(x[f]) && x[f] > hi) {
        hi = x[f];
        at = f;
      }
    }
  }
  return best;
}

std::vector<Lift> find_lifts(const SeriesCRef& height, double threshold, double release) {
  std::vector<Lift> out;
  const Eigen::Index n = height.size();
  Eigen::Index run_begin = -1;  // first frame above `release` of the current run
  Eigen::Index last_up = -1;    // last frame seen above `release` in the current run
  bool confirmed = false;       // the run exceeded `threshold`
  for (Eigen::Index f = 0; f < n; ++f) {
    const double h = height[f];
    if (!std::isfinite(h)) continue;  // a missing frame changes nothing
    if (h > release) {
      if (run_begin < 0) run_begin = f;
      last_up = f;
      confirmed = confirmed || h > threshold;
    } else if (run_begin >= 0) {
      if (confirmed) out.push_back({run_begin, f, true, last_up});
      run_begin = -1;
      confirmed = false;
    }
  }
  // Not seen coming down: the lift ends after the last frame it was seen up.
  if (run_begin >= 0 && confirmed) out.push_back({run_begin, last_up + 1, false, last_up});
  return out;
}

Points2 keypoint_on_grid(const io::Keypoints2D& keypoints, const std::string& name) {
  const Eigen::Index k = keypoints.find(name);
  if (k < 0 || keypoints.frames.empty()) return Points2(0, 2);
  const long first = keypoints.frames.front();
  const Eigen::Index n = static_cast<Eigen::Index>(keypoints.frames.back() - first + 1);
  Points2 out = Points2::Constant(n, 2, kNaN);
  const Points2& p = keypoints.points_px[static_cast<std::size_t>(k)];
  for (std::size_t r = 0; r < keypoints.frames.size(); ++r) {
    out.row(static_cast<Eigen::Index>(keypoints.frames[r] - first)) =
        p.row(static_cast<Eigen::Index>(r));
  }
  return out;
}

}  // namespace detail

namespace {

void check_options(const StanceOptions& o) {
  HIPMECH_CHECK_ARG(std::isfinite(o.lift_threshold_m) && o.lift_threshold_m > 0.0,
                    "lift_threshold_m", "a positive height in m", o.lift_threshold_m);
  HIPMECH_CHECK_ARG(
      std::isfinite(o.lift_threshold_leg_lengths) && o.lift_threshold_leg_lengths > 0.0,
      "lift_threshold_leg_lengths", "a positive fraction of the leg length",
      o.lift_threshold_leg_lengths);
  HIPMECH_CHECK_ARG(o.release_fraction > 0.0 && o.release_fraction <= 1.0, "release_fraction",
                    "a fraction in (0, 1]", o.release_fraction);
  HIPMECH_CHECK_ARG(std::isfinite(o.baseline_s) && o.baseline_s > 0.0, "baseline_s",
                    "a positive duration in s", o.baseline_s);
  HIPMECH_CHECK_ARG(std::isfinite(o.drop_cutoff_deg), "drop_cutoff_deg", "a finite angle in deg",
                    o.drop_cutoff_deg);
  HIPMECH_CHECK_ARG(std::isfinite(o.hold_cutoff_s) && o.hold_cutoff_s > 0.0, "hold_cutoff_s",
                    "a positive duration in s", o.hold_cutoff_s);
  HIPMECH_CHECK_ARG(std::isfinite(o.filter_cutoff_hz) && o.filter_cutoff_hz >= 0.0,
                    "filter_cutoff_hz", "a cut-off in Hz >= 0 (0: not filtered)",
                    o.filter_cutoff_hz);
  HIPMECH_CHECK_ARG(std::isfinite(o.sustained_s) && o.sustained_s >= 0.0, "sustained_s",
                    "a duration in s >= 0 (0: the largest single frame)", o.sustained_s);
  HIPMECH_CHECK_ARG(
      std::isfinite(o.min_hip_width_leg_lengths) && o.min_hip_width_leg_lengths >= 0.0,
      "min_hip_width_leg_lengths", "a fraction of the leg length >= 0",
      o.min_hip_width_leg_lengths);
  HIPMECH_CHECK_ARG(
      std::isfinite(o.narrow_hip_width_leg_lengths) && o.narrow_hip_width_leg_lengths >= 0.0,
      "narrow_hip_width_leg_lengths", "a fraction of the leg length >= 0",
      o.narrow_hip_width_leg_lengths);
  check_max_gap(o.max_gap_s);
}

/// The longest lift of a foot (relative heights), or none.
std::optional<detail::Lift> longest(const std::vector<detail::Lift>& lifts) {
  std::optional<detail::Lift> best;
  for (const auto& l : lifts) {
    if (!best || l.end - l.begin > best->end - best->begin) best = l;
  }
  return best;
}

Flag not_assessed(std::string name, const std::string& side, double cutoff, std::string unit,
                  std::string rule, std::string note) {
  Flag f{std::move(name),
         side,
         kNaN,
         cutoff,
         std::move(unit),
         std::move(rule),
         trendelenburg_source,
         FlagState::NotAssessed,
         std::move(note)};
  return f;
}

}  // namespace

StanceResult single_leg_stance(const StanceSignals& s, const StanceOptions& options) {
  check_positive(s.rate_hz, "rate_hz", "Hz");
  HIPMECH_CHECK_ARG(std::isfinite(s.start_time_s), "start_time_s", "a finite time in s",
                    s.start_time_s);
  check_options(options);
  HIPMECH_CHECK_ARG(options.filter_cutoff_hz < 0.5 * s.rate_hz, "filter_cutoff_hz",
                    "a cut-off below half the frame rate (" + fixed(0.5 * s.rate_hz, 3) +
                        " Hz), or 0 (not filtered)",
                    options.filter_cutoff_hz);
  const Eigen::Index n = s.obliquity_left_rad.size();
  check_values(s.obliquity_left_rad, "obliquity_left_rad");
  check_same_frames(s.foot_height_left.size(), n, "foot_height_left", "obliquity_left_rad");
  check_same_frames(s.foot_height_right.size(), n, "foot_height_right", "obliquity_left_rad");
  check_values(s.foot_height_left, "foot_height_left");
  check_values(s.foot_height_right, "foot_height_right");
  const bool has_trunk = s.trunk_lean_left_rad.size() > 0;
  if (has_trunk) {
    check_same_frames(s.trunk_lean_left_rad.size(), n, "trunk_lean_left_rad", "obliquity_left_rad");
    check_values(s.trunk_lean_left_rad, "trunk_lean_left_rad");
  }

  StanceResult r;
  const double dt = 1.0 / s.rate_hz;
  r.time_s = Series(n);
  for (Eigen::Index f = 0; f < n; ++f) r.time_s[f] = s.start_time_s + static_cast<double>(f) * dt;
  r.hip_width_leg_lengths = s.hip_width_leg_lengths;
  r.lift_threshold =
      s.height_in_leg_lengths ? options.lift_threshold_leg_lengths : options.lift_threshold_m;
  const std::string unit = s.height_in_leg_lengths ? " leg lengths" : " m";
  const std::string seen = s.height_in_leg_lengths ? "keypoints" : "markers";
  const double threshold = r.lift_threshold;
  const double release = options.release_fraction * threshold;
  const Eigen::Index baseline_frames = std::max<Eigen::Index>(
      1, std::min<Eigen::Index>(
             n, static_cast<Eigen::Index>(std::llround(options.baseline_s * s.rate_hz))));
  // The baseline starts where the person is first seen: the first frame with an obliquity
  // (else with a foot height).
  Eigen::Index b0 = detail::first_finite(s.obliquity_left_rad);
  if (b0 == n)
    b0 = std::min(detail::first_finite(s.foot_height_left),
                  detail::first_finite(s.foot_height_right));
  if (b0 == n) b0 = 0;
  const Eigen::Index b1 = std::min(n, b0 + baseline_frames);

  // Foot heights above their standing level; re-done once when a lift starts inside the
  // baseline window (the window is then clipped to the frames before it).
  const Series* heights[2] = {&s.foot_height_left, &s.foot_height_right};
  Series rel[2];
  std::optional<detail::Lift> lift[2];
  std::size_t n_lifts[2] = {0, 0};
  for (int k = 0; k < 2; ++k) {
    Eigen::Index end = b1;
    for (int pass = 0; pass < 2; ++pass) {
      const double level = detail::finite_median(*heights[k], b0, end);
      rel[k] = heights[k]->array() - level;
      const auto lifts = detail::find_lifts(rel[k], threshold, release);
      n_lifts[k] = lifts.size();
      lift[k] = longest(lifts);
      if (!lift[k] || lifts.front().begin >= end || lifts.front().begin <= b0) break;
      end = lifts.front().begin;
    }
  }

  // The stance side: given, or the foot other than the one with the longest lift.
  std::optional<Side> stance = options.stance_side;
  r.stance_side_detected = !stance.has_value();
  if (!stance) {
    const Eigen::Index len_l = lift[0] ? lift[0]->end - lift[0]->begin : 0;
    const Eigen::Index len_r = lift[1] ? lift[1]->end - lift[1]->begin : 0;
    if (len_l > 0 || len_r > 0) stance = len_l >= len_r ? Side::Right : Side::Left;
    if (len_l > 0 && len_r > 0) {
      r.notes.push_back("both feet were lifted; the " + std::string(side_name(*stance)) +
                        " leg was taken as the stance leg (the other foot's lift is the longer)");
    }
  }

  const std::string drop_rule = "peak pelvic drop (free side below its quiet-standing level) > " +
                                fixed(options.drop_cutoff_deg, 1) +
                                " deg during the hold (not assessed within 3 noise SDs of it)";
  const std::string hold_rule = "hold < " + fixed(options.hold_cutoff_s, 1) + " s";
  const std::string stance_text = stance ? side_name(*stance) : "";
  const int free_k = stance && *stance == Side::Left ? 1 : 0;

  // Obliquity of the stance side, raw (left's when unknown).
  const double sign = stance && *stance == Side::Right ? -1.0 : 1.0;
  r.obliquity_deg = sign * kDeg * s.obliquity_left_rad.array();
  r.pelvic_drop_deg = Series::Constant(n, kNaN);
  r.trunk_lean_deg = has_trunk ? Series::Constant(n, kNaN) : Series(0);
  r.free_foot_height = Series::Constant(n, kNaN);

  if (!stance || !lift[free_k]) {
    std::string why;
    if (!stance) {
      why = "no lift-off found: neither foot rose more than " + fixed(threshold, 3) + unit +
            " above its standing level";
    } else if (lift[1 - free_k]) {
      // The given stance foot is the one that was lifted.
      r.stance_side_contradicted = true;
      why = "the " + std::string(side_name(*stance)) + " foot was lifted, not the " +
            side_name(opposite(*stance)) + " one: stance_side '" + side_name(*stance) +
            "' contradicts the recording (the standing leg looks like the " +
            side_name(opposite(*stance)) + "); not assessed";
    } else {
      why = "no lift-off found: the " + std::string(side_name(opposite(*stance))) +
            " (free) foot never rose more than " + fixed(threshold, 3) + unit +
            " above its standing level";
    }
    r.notes.push_back(why);
    if (stance) r.stance_side = stance;
    r.flags.push_back(not_assessed("pelvic_drop_peak_deg", stance_text, options.drop_cutoff_deg,
                                   "deg", drop_rule, why));
    r.flags.push_back(
        not_assessed("hold_time_s", stance_text, options.hold_cutoff_s, "s", hold_rule, why));
    if (stance) r.free_foot_height = rel[free_k];
    return r;
  }

  r.stance_side = stance;
  const detail::Lift hold = *lift[free_k];
  r.free_foot_height = rel[free_k];
  if (n_lifts[free_k] > 1) {
    r.notes.push_back("the free foot was lifted " + std::to_string(n_lifts[free_k]) +
                      " times; the longest lift is assessed");
  }
  r.lift_off_frame = hold.begin;
  r.lift_off_s = r.time_s[hold.begin];
  r.hold_complete = hold.came_down;
  r.hold_time_s = static_cast<double>(hold.end - hold.begin) * dt;
  std::string open_hold;  // why no touch-down was seen
  if (hold.came_down) {
    r.touch_down_frame = hold.end;
    r.touch_down_s = r.time_s[hold.end];
    if (hold.end - hold.last_up > 1) {
      r.notes.push_back("the free foot was not seen between " + fixed(r.time_s[hold.last_up], 2) +
                        " s and " + fixed(r.touch_down_s, 2) +
                        " s: it touched down in that gap; the hold counts to the first frame "
                        "seen down");
    }
  } else if (hold.end == n) {
    open_hold =
        "the recording ended after " + fixed(r.hold_time_s, 2) + " s with the free foot still up";
    r.notes.push_back(open_hold + ": the hold time is a lower bound");
  } else {
    r.free_foot_seen_to_end = false;
    open_hold = "touch-down not observed: the free foot's " + seen + " are missing from " +
                fixed(r.time_s[hold.end], 2) + " s to the end of the recording (" +
                fixed(r.time_s[n - 1] + dt, 2) + " s)";
    r.notes.push_back(open_hold + "; the hold time (" + fixed(r.hold_time_s, 2) +
                      " s) runs to the last frame the foot was seen up and is a lower bound");
  }

  // Baselines over the quiet double stance before lift-off.
  const Eigen::Index base_end = std::min(b1, hold.begin);
  if (b0 > 0) {
    r.notes.push_back("no pelvis in the first " + std::to_string(b0) +
                      " frames: the baseline starts at " + fixed(r.time_s[b0], 2) + " s");
  }
  if (base_end < b1) {
    r.notes.push_back("lift-off at " + fixed(r.lift_off_s, 2) +
                      " s, inside the baseline window: baselines taken over the " +
                      std::to_string(std::max<Eigen::Index>(base_end - b0, 0)) +
                      " frames before it");
  }
  const Series obl_s = sign * s.obliquity_left_rad.array();
  const double base_obl = detail::finite_mean(obl_s, b0, base_end);
  r.baseline_obliquity_deg = kDeg * base_obl;
  if (!std::isfinite(base_obl)) {
    r.notes.push_back(
        "no quiet-standing frame with a pelvic obliquity before lift-off: the "
        "drop has no baseline");
  }
  const double gain = detail::lowpass_noise_gain(s.rate_hz, options.filter_cutoff_hz);
  r.obliquity_noise_deg = kDeg * detail::finite_sd(obl_s, b0, base_end);
  r.filtered_noise_deg = gain * r.obliquity_noise_deg;
  const std::string filter_text =
      options.filter_cutoff_hz > 0.0
          ? "after the " + fixed(options.filter_cutoff_hz, 1) + " Hz filter"
          : "unfiltered";

  // A side view: the hips (nearly) coincide in the image; the obliquity means nothing.
  const std::string side_view_note = task_detail::side_view_note(
      s.hip_width_leg_lengths, options.min_hip_width_leg_lengths, "pelvic drop and trunk lean");
  const bool side_view = !side_view_note.empty();
  if (side_view) r.notes.push_back(side_view_note);

  // A narrow view: a camera turned from the frontal plane magnifies the drop (a note).
  const double turn_cos = adult_turn_cos(s.hip_width_leg_lengths);
  const std::string narrow_note =
      narrow_view_note(s.hip_width_leg_lengths, options.min_hip_width_leg_lengths,
                       options.narrow_hip_width_leg_lengths,
                       "the pelvic drop and trunk lean read about 1 / cos a too large (x " +
                           fixed(1.0 / turn_cos, 2) + " for that adult)");
  if (!narrow_note.empty()) r.notes.push_back(narrow_note);

  Eigen::Index unfiltered = 0;
  const Eigen::Index max_gap = detail::max_gap_frames(options.max_gap_s, s.rate_hz);
  const Eigen::Index window = std::max<Eigen::Index>(
      1, static_cast<Eigen::Index>(std::llround(options.sustained_s * s.rate_hz)));
  Eigen::Index count = 0, max_frames = 0, edge_frames = 0;
  const Eigen::Index edge = detail::filter_edge_frames(s.rate_hz, options.filter_cutoff_hz);
  if (!side_view && std::isfinite(base_obl)) {
    const Series raw_drop = kDeg * (obl_s.array() - base_obl);
    r.pelvic_drop_deg =
        detail::lowpass_runs(raw_drop, s.rate_hz, options.filter_cutoff_hz, max_gap, unfiltered);
    // Drop over the hold: the largest value held for `window` frames.
    Eigen::Index at = -1, first_above = -1;
    r.pelvic_drop_peak_deg = detail::sustained_peak(r.pelvic_drop_deg, hold.begin, hold.end, window,
                                                    at, options.drop_cutoff_deg, first_above);
    if (at >= 0) r.pelvic_drop_peak_s = r.time_s[at];
    if (first_above >= 0) r.time_to_drop_s = static_cast<double>(first_above - hold.begin) * dt;
    r.pelvic_drop_mean_deg = detail::finite_mean(r.pelvic_drop_deg, hold.begin, hold.end);
    // The largest single frame, leaving out the filter's edge zones: the first and last `edge`
    // frames of each gap-free run, where the zero-lag filter's padding leaves the noise up to
    // about 3 times its interior SD.
    const std::vector<bool> near_edge = detail::edge_zone(r.pelvic_drop_deg, edge);
    for (Eigen::Index f = hold.begin; f < hold.end; ++f) {
      const double v = r.pelvic_drop_deg[f];
      if (!std::isfinite(v)) continue;
      ++count;
      if (near_edge[static_cast<std::size_t>(f)]) {
        ++edge_frames;
      } else {
        ++max_frames;
        if (!(v <= r.pelvic_drop_max_deg)) {  // larger, or the first frame
          r.pelvic_drop_max_deg = v;
          r.pelvic_drop_max_s = r.time_s[f];
        }
      }
      r.filled_hold_frames += std::isfinite(obl_s[f]) ? 0 : 1;
    }
  }
  r.hold_frames = hold.end - hold.begin;
  for (Eigen::Index f = hold.begin; f < hold.end; ++f) {
    r.missing_hold_frames += std::isfinite(obl_s[f]) ? 0 : 1;
  }
  if (r.missing_hold_frames > 0 && !side_view) {
    const std::string gap_text = fixed(options.max_gap_s, 2) + " s";
    r.notes.push_back(
        std::to_string(r.missing_hold_frames) + " of " + std::to_string(r.hold_frames) +
        " hold frames have no pelvic obliquity: " + std::to_string(r.filled_hold_frames) +
        " in gaps of at most " + gap_text +
        " were filled (linear) before the filter; peak and mean are over " + std::to_string(count) +
        " frames (" +
        fixed(100.0 * static_cast<double>(count) /
                  static_cast<double>(std::max<Eigen::Index>(r.hold_frames, 1)),
              0) +
        " % of the hold)" +
        (edge_frames > 0 ? "; pelvic_drop_max_deg leaves out the " + std::to_string(edge_frames) +
                               " frames within " + fixed(static_cast<double>(edge) * dt, 2) +
                               " s of a gap or the recording's ends (the filter's edge zone)"
                         : std::string()));
  }

  // Trunk lean towards the stance side, relative to quiet standing.
  if (has_trunk && !side_view) {
    const Series lean = sign * s.trunk_lean_left_rad.array();
    const double base = detail::finite_mean(lean, b0, base_end);
    r.trunk_lean_deg = detail::lowpass_runs(Series(kDeg * (lean.array() - base)), s.rate_hz,
                                            options.filter_cutoff_hz, max_gap, unfiltered);
    Eigen::Index at = -1, unused = -1;
    r.trunk_lean_peak_deg =
        detail::sustained_peak(r.trunk_lean_deg, hold.begin, hold.end, window, at, kNaN, unused);
    r.trunk_lean_mean_deg = detail::finite_mean(r.trunk_lean_deg, hold.begin, hold.end);
  } else if (!has_trunk) {
    r.notes.push_back("no trunk points: trunk lean not measured");
  }
  if (unfiltered > 0) {
    r.notes.push_back(std::to_string(unfiltered) +
                      " frame(s) of pelvic obliquity or trunk lean in gap-free runs too short to "
                      "filter (at most " +
                      std::to_string(3 * (2 + 1)) + " frames) were left out (NaN)");
  }

  // The drop's noise: each frame's filtered noise and the error of the baseline's mean.
  {
    Eigen::Index n_base = 0;
    for (Eigen::Index f = b0; f < base_end; ++f) n_base += std::isfinite(obl_s[f]) ? 1 : 0;
    if (n_base > 0 && std::isfinite(r.filtered_noise_deg)) {
      r.drop_noise_deg = std::hypot(r.filtered_noise_deg,
                                    r.obliquity_noise_deg / std::sqrt(static_cast<double>(n_base)));
    }
  }
  const double u3 = 3.0 * r.drop_noise_deg;
  if (!side_view && std::isnan(r.obliquity_noise_deg)) {
    r.notes.push_back(
        "the noise of the obliquity was not estimated (fewer than 5 frames of quiet "
        "standing with a pelvis): the drop is compared with the cut-off as it is");
  }

  // A brief drop: the largest frame well above the sustained peak, by more than noise alone
  // could put it (detail::brief_drop_margin_deg).
  const double brief_margin = detail::brief_drop_margin_deg(
      r.filtered_noise_deg, max_frames, std::min<Eigen::Index>(window, r.hold_frames));
  if (std::isfinite(r.pelvic_drop_max_deg) && std::isfinite(r.pelvic_drop_peak_deg) &&
      r.pelvic_drop_max_deg - r.pelvic_drop_peak_deg > brief_margin) {
    r.notes.push_back("a brief drop: the pelvis dropped " + fixed(r.pelvic_drop_max_deg, 1) +
                      " deg at " + fixed(r.pelvic_drop_max_s, 2) + " s (pelvic_drop_max_deg) but " +
                      fixed(r.pelvic_drop_peak_deg, 1) + " deg is the most held for " +
                      fixed(options.sustained_s, 1) +
                      " s (pelvic_drop_peak_deg, what is scored: Hardcastle & Nade judge a "
                      "pelvis that drops and stays down); look at the video around that time");
  }

  // Flags.
  const std::string drop_source = std::string(trendelenburg_source) +
                                  " (pelvis on the raised side drops); the tolerance in deg and "
                                  "the noise band are hipmech choices";
  const bool banded = !side_view && std::isfinite(r.pelvic_drop_peak_deg) && std::isfinite(u3);
  const bool in_band = banded &&
                       !above_cutoff(r.pelvic_drop_peak_deg, options.drop_cutoff_deg + u3) &&
                       !below_cutoff(r.pelvic_drop_peak_deg, options.drop_cutoff_deg - u3);
  if (side_view || in_band) {
    std::string why = side_view_note;
    if (in_band) {
      why =
          "the pelvic obliquity is too noisy to judge a peak drop of " +
          fixed(r.pelvic_drop_peak_deg, 2) + " deg against the " +
          fixed(options.drop_cutoff_deg, 1) + " deg rule: the drop's noise SD is " +
          fixed(r.drop_noise_deg, 2) + " deg (SD " + fixed(r.obliquity_noise_deg, 2) +
          " deg during quiet standing, " + fixed(r.filtered_noise_deg, 2) + " deg " + filter_text +
          ", with the error of the baseline's mean), and the peak lies within 3 SD of the "
          "cut-off (" +
          fixed(options.drop_cutoff_deg - u3, 2) + " to " + fixed(options.drop_cutoff_deg + u3, 2) +
          " deg), where noise alone could put it on either side (a steadier, closer or "
          "higher-resolution video, or a longer quiet stance, helps)";
      r.notes.push_back(why);
    }
    Flag f = not_assessed("pelvic_drop_peak_deg", stance_text, options.drop_cutoff_deg, "deg",
                          drop_rule, why);
    f.value = r.pelvic_drop_peak_deg;
    f.source = drop_source;
    r.flags.push_back(f);
  } else {
    const double hi = banded ? options.drop_cutoff_deg + u3 : options.drop_cutoff_deg;
    r.flags.push_back(make_flag("pelvic_drop_peak_deg", stance_text, r.pelvic_drop_peak_deg,
                                options.drop_cutoff_deg, "deg", drop_rule, drop_source,
                                above_cutoff(r.pelvic_drop_peak_deg, hi),
                                "no pelvic obliquity during the hold or no baseline"));
  }
  if (!r.hold_complete && below_cutoff(r.hold_time_s, options.hold_cutoff_s)) {
    Flag f =
        not_assessed("hold_time_s", stance_text, options.hold_cutoff_s, "s", hold_rule, open_hold);
    f.value = r.hold_time_s;
    r.flags.push_back(f);
  } else {
    r.flags.push_back(make_flag("hold_time_s", stance_text, r.hold_time_s, options.hold_cutoff_s,
                                "s", hold_rule,
                                std::string(trendelenburg_source) + " (held for 30 s)",
                                below_cutoff(r.hold_time_s, options.hold_cutoff_s)));
  }
  bool any_flagged = false, all_clear = true;
  for (const Flag& f : r.flags) {
    any_flagged = any_flagged || f.state == FlagState::Flagged;
    all_clear = all_clear && f.state == FlagState::Clear;
  }
  r.trendelenburg = any_flagged ? "positive" : all_clear ? "negative" : "not assessed";
  return r;
}

// ---------------------------------------------------------------------------------------------
// Front ends
// ---------------------------------------------------------------------------------------------

namespace {

/// Per frame, the smallest finite value among the series of `h`, each taken relative to its own
/// median over [b0, b1) (NaN when none is finite): the lowest point of a foot above its
/// standing level, robust to one of its points dropping out.
Series lowest_relative(const std::vector<Series>& h, Eigen::Index n, Eigen::Index b0,
                       Eigen::Index b1) {
  Series out = Series::Constant(n, kNaN);
  for (const Series& x : h) {
    const double level = detail::finite_median(x, b0, b1);
    if (!std::isfinite(level)) continue;
    for (Eigen::Index f = 0; f < n; ++f) {
      const double v = x[f] - level;
      if (std::isfinite(v) && !(v >= out[f])) out[f] = v;
    }
  }
  return out;
}

}  // namespace

StanceSignals stance_signals_3d(const io::Markers& markers, const LabAxes& lab, double rate_hz,
                                double start_time_s, double baseline_s) {
  check_positive(rate_hz, "rate_hz", "Hz");
  check_positive(baseline_s, "baseline_s", "s");
  const geometry::SegmentFrames pelvis = model::pig_pelvis(markers);
  const Eigen::Index n = pelvis.n_frames();
  StanceSignals s;
  s.rate_hz = rate_hz;
  s.start_time_s = start_time_s;
  s.obliquity_left_rad =
      pelvis::pelvis_angles(pelvis.R_lab_segment, Side::Left, pelvis::PelvisConvention::Baker, lab)
          .col(1);
  // The baseline: from the first frame with a pelvis.
  const Eigen::Index b0 = std::min(detail::first_finite(s.obliquity_left_rad), n);
  const Eigen::Index b1 = std::min(n, b0 + baseline_rows(baseline_s, rate_hz, n));
  for (Side side : {Side::Left, Side::Right}) {
    std::vector<Series> h;
    for (const char* stem : {"HEE", "TOE", "ANK"}) {
      const std::string name = io::side_marker(side, stem);
      if (markers.has(name)) h.push_back(lab.height(markers.get(name)));
    }
    if (h.empty()) {
      const std::string hee = io::side_marker(side, "HEE"), toe = io::side_marker(side, "TOE"),
                        ank = io::side_marker(side, "ANK");
      markers.require(std::vector<std::string_view>{}, {{hee}, {toe}, {ank}}, "markers");
    }
    (side == Side::Left ? s.foot_height_left : s.foot_height_right) = lowest_relative(h, n, b0, b1);
  }
  // Trunk: the pelvis origin to the shoulders' (else C7/CLAV's) midpoint.
  Trajectory top;
  if (markers.has("LSHO") && markers.has("RSHO")) {
    top = 0.5 * (markers.get("LSHO") + markers.get("RSHO"));
  } else if (markers.has("C7") && markers.has("CLAV")) {
    top = 0.5 * (markers.get("C7") + markers.get("CLAV"));
  } else if (markers.has("C7")) {
    top = markers.get("C7");
  }
  if (top.rows() == n && n > 0) {
    const Eigen::Vector3d up = unit_vector(lab.up());
    s.trunk_lean_left_rad = Series(n);
    for (Eigen::Index f = 0; f < n; ++f) {
      const Eigen::Map<const geometry::Matrix3r> R(pelvis.R_lab_segment.row(f).data());
      Eigen::Vector3d left = -R.col(2);
      left -= left.dot(up) * up;
      const Eigen::Vector3d v = (top.row(f) - pelvis.origin.row(f)).transpose();
      const double ln = left.norm();
      s.trunk_lean_left_rad[f] =
          (ln > 0.0) ? std::atan2(v.dot(left / ln), v.dot(up)) : kNaN;  // NaN propagates
    }
  }
  return s;
}

StanceSignals stance_signals_2d(const io::Keypoints2D& keypoints, double rate_hz,
                                double baseline_s) {
  check_positive(rate_hz, "rate_hz", "Hz");
  check_positive(baseline_s, "baseline_s", "s");
  std::vector<std::string> missing;
  for (const char* name : {"left_hip", "right_hip"}) {
    if (keypoints.find(name) < 0) missing.emplace_back(name);
  }
  for (const char* side : {"left", "right"}) {
    bool any = false;
    for (const char* part : {"_ankle", "_heel", "_big_toe"}) {
      any = any || keypoints.find(std::string(side) + part) >= 0;
    }
    if (!any) missing.push_back(std::string(side) + "_ankle (or _heel, _big_toe)");
  }
  if (!missing.empty()) {
    std::string got;
    for (const auto& m : missing) got += (got.empty() ? "'" : ", '") + m + "'";
    hipmech::detail::throw_invalid_argument(
        "keypoints", "left_hip, right_hip and per foot an ankle, heel or big_toe keypoint",
        "keypoints without " + got);
  }
  HIPMECH_CHECK_ARG(!keypoints.frames.empty(), "keypoints", "at least one frame", "no frame");
  const Points2 lh = detail::keypoint_on_grid(keypoints, "left_hip");
  const Points2 rh = detail::keypoint_on_grid(keypoints, "right_hip");
  const Eigen::Index n = lh.rows();
  StanceSignals s;
  s.rate_hz = rate_hz;
  s.start_time_s = static_cast<double>(keypoints.frames.front()) / rate_hz;
  s.height_in_leg_lengths = true;
  s.obliquity_left_rad = pelvis::obliquity_2d(lh, rh, Side::Left);

  // Leg length: hip-to-ankle distance, mean of both sides (one when the other ankle is
  // absent), median over the baseline: baseline_s from the first frame with it (the person
  // first detected).
  const Points2 la = detail::keypoint_on_grid(keypoints, "left_ankle");
  const Points2 ra = detail::keypoint_on_grid(keypoints, "right_ankle");
  Series d = Series::Constant(n, kNaN);
  if (la.rows() == n && ra.rows() == n) {
    d = 0.5 * ((lh - la).rowwise().norm() + (rh - ra).rowwise().norm());
  } else if (la.rows() == n || ra.rows() == n) {
    d = la.rows() == n ? Series((lh - la).rowwise().norm()) : Series((rh - ra).rowwise().norm());
  }
  const Eigen::Index b0 = detail::first_finite(d);
  HIPMECH_CHECK_ARG(b0 < n, "keypoints",
                    "a frame with both hips and the ankle keypoints (the leg length)",
                    "no such frame among " + std::to_string(keypoints.frames.size()) +
                        " (keypoints below the reader's min_confidence are missing: a lower "
                        "min_confidence may help)");
  const Eigen::Index b1 = std::min(n, b0 + baseline_rows(baseline_s, rate_hz, n));
  const double leg = detail::finite_median(d, b0, b1);
  HIPMECH_CHECK_ARG(std::isfinite(leg) && leg > 0.0, "keypoints",
                    "hips and ankles apart in the image (the leg length)", leg);
  s.hip_width_leg_lengths =
      detail::finite_median(Series((lh.col(0) - rh.col(0)).cwiseAbs()), b0, b1) / leg;
  for (const char* side : {"left", "right"}) {
    std::vector<Series> h;
    for (const char* part : {"_ankle", "_heel", "_big_toe"}) {
      const Points2 p = detail::keypoint_on_grid(keypoints, std::string(side) + part);
      if (p.rows() == n) h.push_back(-p.col(1) / leg);
    }
    (std::string(side) == "left" ? s.foot_height_left : s.foot_height_right) =
        lowest_relative(h, n, b0, b1);
  }
  const Points2 ls = detail::keypoint_on_grid(keypoints, "left_shoulder");
  const Points2 rs = detail::keypoint_on_grid(keypoints, "right_shoulder");
  if (ls.rows() == n && rs.rows() == n) {
    // The image direction of the subject's left: the sign of left_hip.x - right_hip.x.
    const double dir = detail::finite_median(Series(lh.col(0) - rh.col(0)), 0, n);
    const double left_x = dir < 0.0 ? -1.0 : 1.0;
    s.trunk_lean_left_rad = Series(n);
    for (Eigen::Index f = 0; f < n; ++f) {
      const Eigen::RowVector2d v = 0.5 * (ls.row(f) + rs.row(f)) - 0.5 * (lh.row(f) + rh.row(f));
      s.trunk_lean_left_rad[f] = std::atan2(left_x * v.x(), -v.y());
    }
  }
  return s;
}

}  // namespace hipmech::clinic
