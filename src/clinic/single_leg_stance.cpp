// The compiled definitions of <hipmech/clinic/single_leg_stance.hpp> (declared and documented
// there).
#include "hipmech/clinic/single_leg_stance.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "hipmech/core/check.hpp"
#include "hipmech/model/plug_in_gait.hpp"
#include "hipmech/pelvis/drop_2d.hpp"
#include "hipmech/pelvis/pelvis_angles.hpp"

namespace hipmech::clinic {

const char* const trendelenburg_source =
    "Hardcastle P, Nade S (1985) The significance of the Trendelenburg test. J Bone Joint Surg Br "
    "67(5):741-746";

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDeg = 180.0 / 3.14159265358979323846;

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

const char* side_name(Side s) {
  return s == Side::Left ? "left" : "right";
}

}  // namespace

namespace detail {

double finite_median(const SeriesCRef& x, Eigen::Index begin, Eigen::Index end) {
  std::vector<double> v;
  for (Eigen::Index i = std::max<Eigen::Index>(begin, 0); i < std::min(end, x.size()); ++i) {
    if (std::isfinite(x[i])) v.push_back(x[i]);
  }
  if (v.empty()) return kNaN;
  const std::size_t m = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m), v.end());
  if (v.size() % 2 == 1) return v[m];
  const double hi = v[m];
  const double lo = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m));
  return 0.5 * (lo + hi);
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

std::vector<Lift> find_lifts(const SeriesCRef& height, double threshold, double release) {
  std::vector<Lift> out;
  const Eigen::Index n = height.size();
  Eigen::Index run_begin = -1;  // first frame above `release` of the current run
  bool confirmed = false;       // the run exceeded `threshold`
  for (Eigen::Index f = 0; f < n; ++f) {
    const double h = height[f];
    if (!std::isfinite(h)) continue;  // a missing frame changes nothing
    if (h > release) {
      if (run_begin < 0) run_begin = f;
      confirmed = confirmed || h > threshold;
    } else if (run_begin >= 0) {
      if (confirmed) out.push_back({run_begin, f, true});
      run_begin = -1;
      confirmed = false;
    }
  }
  if (run_begin >= 0 && confirmed) out.push_back({run_begin, n, false});
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
  r.lift_threshold =
      s.height_in_leg_lengths ? options.lift_threshold_leg_lengths : options.lift_threshold_m;
  const std::string unit = s.height_in_leg_lengths ? " leg lengths" : " m";
  const double threshold = r.lift_threshold;
  const double release = options.release_fraction * threshold;
  const Eigen::Index baseline_frames = std::max<Eigen::Index>(
      1, std::min<Eigen::Index>(
             n, static_cast<Eigen::Index>(std::llround(options.baseline_s * s.rate_hz))));

  // Foot heights above their standing level; re-done once when a lift starts inside the
  // baseline window (the window is then clipped to the frames before it).
  const Series* heights[2] = {&s.foot_height_left, &s.foot_height_right};
  Series rel[2];
  std::optional<detail::Lift> lift[2];
  std::size_t n_lifts[2] = {0, 0};
  for (int k = 0; k < 2; ++k) {
    Eigen::Index end = baseline_frames;
    for (int pass = 0; pass < 2; ++pass) {
      const double level = detail::finite_median(*heights[k], 0, end);
      rel[k] = heights[k]->array() - level;
      const auto lifts = detail::find_lifts(rel[k], threshold, release);
      n_lifts[k] = lifts.size();
      lift[k] = longest(lifts);
      if (!lift[k] || lifts.front().begin >= end || lifts.front().begin == 0) break;
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
                                fixed(options.drop_cutoff_deg, 1) + " deg during the hold";
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
    const std::string why = !stance ? "no lift-off found: neither foot rose more than " +
                                          fixed(threshold, 3) + unit + " above its standing level"
                                    : "no lift-off found: the " +
                                          std::string(side_name(opposite(*stance))) +
                                          " (free) foot never rose more than " +
                                          fixed(threshold, 3) + unit + " above its standing level";
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
  if (hold.came_down) {
    r.touch_down_frame = hold.end;
    r.touch_down_s = r.time_s[hold.end];
    r.hold_time_s = static_cast<double>(hold.end - hold.begin) * dt;
  } else {
    r.hold_time_s = static_cast<double>(n - hold.begin) * dt;
    r.notes.push_back("the recording ended with the free foot still up: the hold time (" +
                      fixed(r.hold_time_s, 2) + " s) is a lower bound");
  }

  // Baselines over the quiet double stance before lift-off.
  const Eigen::Index base_end = std::min(baseline_frames, hold.begin);
  if (base_end < baseline_frames) {
    r.notes.push_back("lift-off at " + fixed(r.lift_off_s, 2) +
                      " s, inside the baseline window: baselines taken over the " +
                      std::to_string(base_end) + " frames before it");
  }
  const Series obl_s = sign * s.obliquity_left_rad.array();
  const double base_obl = detail::finite_mean(obl_s, 0, base_end);
  r.baseline_obliquity_deg = kDeg * base_obl;
  if (!std::isfinite(base_obl)) {
    r.notes.push_back(
        "no quiet-standing frame with a pelvic obliquity before lift-off: the "
        "drop has no baseline");
  }
  r.pelvic_drop_deg = kDeg * (obl_s.array() - base_obl);

  // Drop over the hold.
  r.hold_frames = hold.end - hold.begin;
  double peak = -std::numeric_limits<double>::infinity(), sum = 0.0;
  Eigen::Index peak_f = -1, count = 0;
  for (Eigen::Index f = hold.begin; f < hold.end; ++f) {
    const double d = r.pelvic_drop_deg[f];
    if (!std::isfinite(d)) {
      ++r.missing_hold_frames;
      continue;
    }
    sum += d;
    ++count;
    if (d > peak) {
      peak = d;
      peak_f = f;
    }
    if (std::isnan(r.time_to_drop_s) && d > options.drop_cutoff_deg) {
      r.time_to_drop_s = static_cast<double>(f - hold.begin) * dt;
    }
  }
  if (count > 0) {
    r.pelvic_drop_peak_deg = peak;
    r.pelvic_drop_peak_s = r.time_s[peak_f];
    r.pelvic_drop_mean_deg = sum / static_cast<double>(count);
  }
  if (r.missing_hold_frames > 0) {
    r.notes.push_back(std::to_string(r.missing_hold_frames) + " of " +
                      std::to_string(r.hold_frames) +
                      " hold frames have no pelvic obliquity: peak and mean are over the other " +
                      std::to_string(count));
  }

  // Trunk lean towards the stance side, relative to quiet standing.
  if (has_trunk) {
    const Series lean = sign * s.trunk_lean_left_rad.array();
    const double base = detail::finite_mean(lean, 0, base_end);
    r.trunk_lean_deg = kDeg * (lean.array() - base);
    double tpeak = -std::numeric_limits<double>::infinity(), tsum = 0.0;
    Eigen::Index tn = 0;
    for (Eigen::Index f = hold.begin; f < hold.end; ++f) {
      const double v = r.trunk_lean_deg[f];
      if (!std::isfinite(v)) continue;
      tpeak = std::max(tpeak, v);
      tsum += v;
      ++tn;
    }
    if (tn > 0) {
      r.trunk_lean_peak_deg = tpeak;
      r.trunk_lean_mean_deg = tsum / static_cast<double>(tn);
    }
  } else {
    r.notes.push_back("no trunk points: trunk lean not measured");
  }

  // Flags.
  r.flags.push_back(make_flag("pelvic_drop_peak_deg", stance_text, r.pelvic_drop_peak_deg,
                              options.drop_cutoff_deg, "deg", drop_rule,
                              std::string(trendelenburg_source) +
                                  " (pelvis on the raised side drops); the tolerance in deg is "
                                  "a hipmech choice",
                              r.pelvic_drop_peak_deg > options.drop_cutoff_deg,
                              "no pelvic obliquity during the hold or no baseline"));
  if (!r.hold_complete && r.hold_time_s < options.hold_cutoff_s) {
    Flag f = not_assessed(
        "hold_time_s", stance_text, options.hold_cutoff_s, "s", hold_rule,
        "the recording ended after " + fixed(r.hold_time_s, 2) + " s with the free foot still up");
    f.value = r.hold_time_s;
    r.flags.push_back(f);
  } else {
    r.flags.push_back(make_flag("hold_time_s", stance_text, r.hold_time_s, options.hold_cutoff_s,
                                "s", hold_rule,
                                std::string(trendelenburg_source) + " (held for 30 s)",
                                r.hold_time_s < options.hold_cutoff_s));
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

Eigen::Index baseline_rows(double baseline_s, double rate_hz, Eigen::Index n) {
  return std::max<Eigen::Index>(
      1, std::min<Eigen::Index>(n, static_cast<Eigen::Index>(std::llround(baseline_s * rate_hz))));
}

/// Per frame, the smallest finite value among the series of `h`, each taken relative to its own
/// median over [0, base) (NaN when none is finite): the lowest point of a foot above its
/// standing level, robust to one of its points dropping out.
Series lowest_relative(const std::vector<Series>& h, Eigen::Index n, Eigen::Index base) {
  Series out = Series::Constant(n, kNaN);
  for (const Series& x : h) {
    const double level = detail::finite_median(x, 0, base);
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
  const Eigen::Index base = baseline_rows(baseline_s, rate_hz, n);
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
    (side == Side::Left ? s.foot_height_left : s.foot_height_right) = lowest_relative(h, n, base);
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

  // Leg length: hip-to-ankle distance, mean of both sides, median over the baseline.
  const Eigen::Index base = baseline_rows(baseline_s, rate_hz, n);
  const Points2 la = detail::keypoint_on_grid(keypoints, "left_ankle");
  const Points2 ra = detail::keypoint_on_grid(keypoints, "right_ankle");
  double leg = kNaN;
  if (la.rows() == n && ra.rows() == n) {
    const Series d = 0.5 * ((lh - la).rowwise().norm() + (rh - ra).rowwise().norm());
    leg = detail::finite_median(d, 0, base);
  } else if (la.rows() == n || ra.rows() == n) {
    const Series d =
        la.rows() == n ? Series((lh - la).rowwise().norm()) : Series((rh - ra).rowwise().norm());
    leg = detail::finite_median(d, 0, base);
  }
  HIPMECH_CHECK_ARG(std::isfinite(leg) && leg > 0.0, "keypoints",
                    "hip and ankle keypoints during the first baseline_s seconds (the leg "
                    "length)",
                    "no frame with both");
  for (const char* side : {"left", "right"}) {
    std::vector<Series> h;
    for (const char* part : {"_ankle", "_heel", "_big_toe"}) {
      const Points2 p = detail::keypoint_on_grid(keypoints, std::string(side) + part);
      if (p.rows() == n) h.push_back(-p.col(1) / leg);
    }
    (std::string(side) == "left" ? s.foot_height_left : s.foot_height_right) =
        lowest_relative(h, n, base);
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
