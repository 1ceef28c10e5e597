// The compiled definitions of <hipmech/knee/flexion_crosstalk.hpp> (declared and documented
// there).
#include "hipmech/knee/flexion_crosstalk.hpp"

#include <algorithm>
#include <cstddef>

namespace hipmech::knee {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = 180.0 / kPi;

std::string deg_text(double rad) {
  return detail::significant_digits(rad * kDeg, 3) + " deg";
}

/// Throws naming `arg` when a finite value exceeds `limit` in magnitude: no such angle exists,
/// so the series is most likely in degrees (issue 19: degrees passed as radians ran silently).
void check_angle_range(const SeriesCRef& angle_rad, double limit, const char* arg,
                       const char* what) {
  for (Eigen::Index f = 0; f < angle_rad.size(); ++f) {
    const double v = angle_rad[f];
    HIPMECH_CHECK_ARG(!(std::abs(v) > limit), arg,
                      std::string(what) + " in radians (degrees given?)",
                      detail::to_message(v) + " at frame " + std::to_string(f));
  }
}

void check_options(const CrosstalkOptions& o) {
  HIPMECH_CHECK_ARG(o.min_abs_correlation >= 0.0 && o.min_abs_correlation <= 1.0,
                    "min_abs_correlation", "a value in [0, 1]", o.min_abs_correlation);
  HIPMECH_CHECK_ARG(std::isfinite(o.min_frontal_range_rad) && o.min_frontal_range_rad >= 0.0 &&
                        o.min_frontal_range_rad <= kPi,
                    "min_frontal_range_rad", "a range in [0, pi] rad", o.min_frontal_range_rad);
  HIPMECH_CHECK_ARG(std::isfinite(o.min_flexion_range_rad) && o.min_flexion_range_rad >= 0.0 &&
                        o.min_flexion_range_rad <= 2.0 * kPi,
                    "min_flexion_range_rad", "a range in [0, 2 pi] rad", o.min_flexion_range_rad);
  HIPMECH_CHECK_ARG(o.min_frames >= 3, "min_frames", "at least 3 frames", o.min_frames);
}

/// Pearson r and least-squares slope of y on x (two-pass, centred sums).
struct Fit {
  double r = std::numeric_limits<double>::quiet_NaN();
  double slope = std::numeric_limits<double>::quiet_NaN();
};

Fit fit(const std::vector<double>& x, const std::vector<double>& y) {
  Fit out;
  const std::size_t n = x.size();
  if (n < 2) return out;
  double mx = 0.0, my = 0.0;
  for (std::size_t i = 0; i < n; ++i) mx += x[i], my += y[i];
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxx = 0.0, syy = 0.0, sxy = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double dx = x[i] - mx, dy = y[i] - my;
    sxx += dx * dx, syy += dy * dy, sxy += dx * dy;
  }
  if (sxx > 0.0) out.slope = sxy / sxx;
  if (sxx > 0.0 && syy > 0.0) out.r = std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
  return out;
}

}  // namespace

FlexionCrosstalk flexion_crosstalk(const SeriesCRef& flexion_rad, const SeriesCRef& varus_rad,
                                   Side side, const std::vector<events::Window>& swing_windows,
                                   const CrosstalkOptions& options) {
  const Eigen::Index n = flexion_rad.size();
  check_same_frames(varus_rad.size(), n, "varus_rad", "flexion_rad");
  check_values(flexion_rad, "flexion_rad");
  check_values(varus_rad, "varus_rad");
  check_angle_range(flexion_rad, kPi, "flexion_rad", "knee flexion within [-pi, pi]");
  check_angle_range(varus_rad, kPi / 2.0, "varus_rad", "a JCS ab/adduction within [-pi/2, pi/2]");
  for (std::size_t i = 0; i < swing_windows.size(); ++i) {
    const events::Window& w = swing_windows[i];
    HIPMECH_CHECK_ARG(w.begin >= 0 && w.begin < w.end && w.end <= n,
                      "swing_windows[" + std::to_string(i) + "]",
                      "0 <= begin < end <= " + std::to_string(n) + " (the #frames)",
                      "[" + std::to_string(w.begin) + ", " + std::to_string(w.end) + ")");
  }
  check_options(options);

  FlexionCrosstalk r;
  r.side = side;
  const std::string knee = std::string(to_string(side)) + " knee";
  FrameMask in_swing = FrameMask::Zero(n);
  for (const events::Window& w : swing_windows) {
    if (w.side != side) continue;
    ++r.windows;
    in_swing.segment(w.begin, w.size()).setConstant(true);
  }
  if (r.windows == 0) {
    r.note = "not judged: no swing window of the " + knee +
             " (a swing is a foot off followed by the next foot strike of the same foot)";
    return r;
  }

  std::vector<double> flex, var, sin_flex, tan_var;
  for (Eigen::Index f = 0; f < n; ++f) {
    if (!in_swing[f]) continue;
    const double a = flexion_rad[f], b = varus_rad[f];
    if (std::isnan(a) || std::isnan(b)) {
      ++r.missing_frames;
      continue;
    }
    flex.push_back(a), var.push_back(b);
    sin_flex.push_back(std::sin(a)), tan_var.push_back(std::tan(b));
  }
  r.frames = static_cast<Eigen::Index>(flex.size());
  const std::string frames_text =
      std::to_string(r.frames) + " swing frames in " + std::to_string(r.windows) +
      (r.windows == 1 ? " window" : " windows") +
      (r.missing_frames > 0 ? " (" + std::to_string(r.missing_frames) + " missing skipped)" : "");
  if (r.frames > 0) {
    const auto [fmin, fmax] = std::minmax_element(flex.begin(), flex.end());
    const auto [vmin, vmax] = std::minmax_element(var.begin(), var.end());
    r.flexion_range_rad = *fmax - *fmin;
    r.frontal_range_rad = *vmax - *vmin;
  }
  const Fit linear = fit(flex, var);
  r.correlation = linear.r;
  r.slope = linear.slope;
  const Fit model = fit(sin_flex, tan_var);
  r.misalignment_rad = std::isnan(model.slope) ? model.slope : std::atan(model.slope);

  if (r.frames < options.min_frames) {
    r.note = "not judged: " + frames_text + " in the " + knee + ", fewer than " +
             std::to_string(options.min_frames);
    return r;
  }
  if (!(r.flexion_range_rad >= options.min_flexion_range_rad)) {
    r.note = "not judged: knee flexion spans " + deg_text(r.flexion_range_rad) + " over " +
             frames_text + " of the " + knee + ", less than " +
             deg_text(options.min_flexion_range_rad) +
             ": too little flexion for cross-talk to show";
    return r;
  }
  if (std::isnan(r.correlation)) {
    r.note = "not judged: the frontal angle is constant over " + frames_text + " of the " + knee;
    return r;
  }
  r.judged = true;
  const bool correlated = std::abs(r.correlation) >= options.min_abs_correlation;
  const bool large = r.frontal_range_rad >= options.min_frontal_range_rad;
  r.suspected = correlated && large;
  const std::string numbers =
      "r(flexion, varus) = " + detail::significant_digits(r.correlation, 3) +
      " (cut-off |r| >= " + detail::significant_digits(options.min_abs_correlation, 3) +
      "), frontal range " + deg_text(r.frontal_range_rad) + " (cut-off " +
      deg_text(options.min_frontal_range_rad) + ") while flexion spans " +
      deg_text(r.flexion_range_rad) + ", over " + frames_text;
  if (r.suspected) {
    const bool varus = r.misalignment_rad > 0.0;
    r.note = "flexion cross-talk suspected in the " + knee + ": the " +
             (varus ? "varus" : "valgus") + " angle follows knee flexion through swing; " +
             numbers + ". A misaligned knee flexion axis of about " +
             deg_text(std::abs(r.misalignment_rad)) + " (thigh frame rotated " +
             (varus ? "internally" : "externally") +
             ", tan(varus) = tan(theta) sin(flexion)) explains it: check the thigh marker or "
             "wand placement, the thigh rotation offset and the knee alignment device before "
             "reading the knee's frontal angle";
  } else {
    r.note = std::string("no flexion cross-talk suspected in the ") + knee + ": " + numbers +
             (correlated ? "; the frontal angle follows flexion but moves little"
                         : (large ? "; the frontal angle moves but not with flexion" : ""));
  }
  return r;
}

FlexionCrosstalk flexion_crosstalk(const SeriesCRef& flexion_rad, const SeriesCRef& varus_rad,
                                   Side side, const std::vector<events::GaitEvent>& events,
                                   const CrosstalkOptions& options) {
  const Eigen::Index n = flexion_rad.size();
  for (std::size_t i = 0; i < events.size(); ++i) {
    HIPMECH_CHECK_ARG(
        events[i].frame >= 0 && events[i].frame < n, "events[" + std::to_string(i) + "]",
        "a frame in [0, " + std::to_string(n) + ") (the #frames of flexion_rad)", events[i].frame);
  }
  return flexion_crosstalk(flexion_rad, varus_rad, side, events::swing_windows(events, side),
                           options);
}

}  // namespace hipmech::knee
