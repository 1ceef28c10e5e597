// Internal helpers shared by the movement tasks (single_leg_stance.cpp, single_leg_squat.cpp):
// not installed, not part of the API.
#pragma once

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

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

}  // namespace hipmech::clinic::task_detail
