// Internal helpers shared by the movement tasks (single_leg_stance.cpp, single_leg_squat.cpp):
// not installed, not part of the API.
#pragma once

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "hipmech/core/check.hpp"

namespace hipmech::clinic::task_detail {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kDeg = 180.0 / 3.14159265358979323846;  // degrees per radian

/// `v` with `digits` decimals, for notes.
inline std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

/// Rows of a baseline of `baseline_s` seconds at `rate_hz`, at least 1 and at most `n`.
inline Eigen::Index baseline_rows(double baseline_s, double rate_hz, Eigen::Index n) {
  return std::max<Eigen::Index>(
      1, std::min<Eigen::Index>(n, static_cast<Eigen::Index>(std::llround(baseline_s * rate_hz))));
}

/// Hip separation over the leg length of a frontal view (2-D keypoints, hip centres over
/// hip-to-ankle): about 0.31 for an adult and 0.18 for a child (StanceOptions::
/// min_hip_width_leg_lengths).
inline constexpr double kFrontalHipWidthAdult = 0.31;
inline constexpr double kFrontalHipWidthChild = 0.18;

/// The longest gap the movement tasks fill by interpolation [s] (StanceOptions::max_gap_s).
inline constexpr double kMaxGapLimitS = 1.0;

/// Checks StanceOptions/SquatOptions::max_gap_s: in [0, kMaxGapLimitS].
inline void check_max_gap(double max_gap_s) {
  HIPMECH_CHECK_ARG(
      std::isfinite(max_gap_s) && max_gap_s >= 0.0 && max_gap_s <= kMaxGapLimitS, "max_gap_s",
      "a duration in s from 0 (no gap filled) to 1 (interpolating across a longer "
      "gap invents the pelvis's and the knee's motion: a drop or a knee valgus inside "
      "it is lost)",
      max_gap_s);
}

/// cos a of the turn a from the frontal plane that shows an adult's hips `width` leg lengths
/// apart (width / 0.31, at most 1).
inline double adult_turn_cos(double width) {
  return std::min(1.0, width / kFrontalHipWidthAdult);
}

/// The same for a child's (width / 0.18, at most 1).
inline double child_turn_cos(double width) {
  return std::min(1.0, width / kFrontalHipWidthChild);
}

/// The note for hips `width` leg lengths apart in the image, at least `min_width` (else a side
/// view, refused elsewhere) but below `narrow`: a camera turned from the frontal plane or a
/// narrow subject; `effects` says what a turn by an angle a does to the task's quantities
/// (adult_turn_cos gives cos a for an adult). Empty when the width is not in [min_width,
/// narrow) or NaN (3-D).
inline std::string narrow_view_note(double width, double min_width, double narrow,
                                    const std::string& effects) {
  if (!(width >= min_width && width < narrow)) return {};
  const double a = std::acos(adult_turn_cos(width)) * kDeg;
  const double c = std::acos(child_turn_cos(width)) * kDeg;
  return "the hips are " + fixed(width, 3) + " leg lengths apart in the image (< " +
         fixed(narrow, 2) + "; a frontal view shows about " + fixed(kFrontalHipWidthAdult, 2) +
         " for an adult, " + fixed(kFrontalHipWidthChild, 2) +
         " for a child): the camera may be turned from the subject's frontal plane (for an "
         "adult by about " +
         fixed(a, 0) + " deg, for a child by about " + fixed(c, 0) +
         " deg) or the subject is narrow; turned by an angle a, " + effects +
         ": check that the camera faces the subject";
}

/// The note of a side view (hips closer than `min_width` leg lengths in the image), naming the
/// `quantities` not assessed; empty when the view is frontal enough or the width unknown.
inline std::string side_view_note(double width, double min_width, const char* quantities) {
  if (!(std::isfinite(width) && width < min_width)) return {};
  return "the hips are " + fixed(width, 3) + " leg lengths apart in the image (< " +
         fixed(min_width, 2) + "): a side or strongly oblique view; " + quantities +
         " need a frontal view and are not assessed";
}

}  // namespace hipmech::clinic::task_detail
