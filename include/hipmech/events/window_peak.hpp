/// \file
/// The peak of a per-frame quantity over a window of frames, with the missing-frame rule of
/// the per-stance summaries: the one implementation used by pelvis::contralateral_drop (peak
/// drop over single support), report::analyse (per-stance peaks over [strike, off)) and
/// stream::StanceTracker (the same peaks online).
#pragma once

#include <cmath>
#include <limits>

#include <Eigen/Core>

namespace hipmech::events {

/// Result of window_peak.
struct WindowPeak {
  /// Largest value over the window; NaN when the window is empty or any frame is NaN (a peak
  /// over an incomplete window is not the peak).
  double value = std::numeric_limits<double>::quiet_NaN();
  /// First frame holding the largest value; -1 when value is NaN.
  Eigen::Index frame = -1;
  /// Number of NaN frames in the window.
  Eigen::Index n_missing = 0;
  /// First NaN frame, -1 when none.
  Eigen::Index first_missing = -1;
};

/// Peak of value_at(f) over the frames [begin, end): the largest value and its first frame,
/// NaN when the window is empty or any of its frames is NaN.
/// \param[in] value_at callable Eigen::Index -> double, the value of a frame (any unit)
/// \param[in] begin first frame, \param[in] end one past the last frame
template <typename ValueAt>
WindowPeak window_peak(ValueAt&& value_at, Eigen::Index begin, Eigen::Index end) {
  WindowPeak p;
  double best = -std::numeric_limits<double>::infinity();
  Eigen::Index best_f = -1;
  for (Eigen::Index f = begin; f < end; ++f) {
    const double v = value_at(f);
    if (std::isnan(v)) {
      if (p.n_missing++ == 0) p.first_missing = f;
    } else if (v > best) {
      best = v;
      best_f = f;
    }
  }
  if (end > begin && p.n_missing == 0) {
    p.value = best;
    p.frame = best_f;
  }
  return p;
}

}  // namespace hipmech::events
