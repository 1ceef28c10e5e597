/// \file
/// Local maxima and minima of a time series with a minimum separation, the rule of
/// scipy.signal.find_peaks(x, distance=d) (Virtanen et al. 2020, SciPy 1.0, Nat Methods
/// 17:261-272): a maximum is a sample (or the middle of a flat run) higher than both
/// neighbours; of maxima closer than d samples only the highest is kept.
#pragma once

#include <algorithm>
#include <numeric>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/trajectory.hpp"

namespace hipmech::events {

/// Indices of the local maxima of `x`, in increasing order.
///
/// A maximum is a sample higher than the sample before it and the sample after it; a flat top
/// (equal samples) counts once, at its middle (rounded down). The first and last samples are
/// never maxima, and neither is a sample next to a NaN: NaN marks a missing sample, so the
/// extreme is not observed there (NaN compares false, as in scipy). Maxima closer than
/// `min_distance` samples are thinned from the highest down: the highest is kept and every
/// other maximum less than `min_distance` samples from it is dropped, as
/// scipy.signal.find_peaks(x, distance=min_distance) does.
/// \param[in] x #samples values, NaN where missing
/// \param[in] min_distance minimum separation of kept maxima [samples], >= 1
/// \throws InvalidArgument (argument 'min_distance') if min_distance < 1.
inline std::vector<Eigen::Index> find_maxima(const SeriesCRef& x, Eigen::Index min_distance = 1) {
  HIPMECH_CHECK_ARG(min_distance >= 1, "min_distance", "at least 1 sample", min_distance);
  std::vector<Eigen::Index> peaks;
  const Eigen::Index n = x.size();
  Eigen::Index i = 1;
  while (i < n - 1) {
    if (x[i - 1] < x[i]) {
      Eigen::Index ahead = i + 1;
      while (ahead < n - 1 && x[ahead] == x[i]) ++ahead;
      if (x[ahead] < x[i]) {
        peaks.push_back((i + ahead - 1) / 2);
        i = ahead;
      }
    }
    ++i;
  }
  if (min_distance <= 1 || peaks.size() < 2) return peaks;
  // Highest first (stable: among equal heights the later one is visited first, as in scipy).
  std::vector<std::size_t> order(peaks.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return x[peaks[a]] < x[peaks[b]]; });
  std::vector<char> keep(peaks.size(), 1);
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const std::size_t j = *it;
    if (!keep[j]) continue;
    for (std::size_t k = j; k-- > 0 && peaks[j] - peaks[k] < min_distance;) keep[k] = 0;
    for (std::size_t k = j + 1; k < peaks.size() && peaks[k] - peaks[j] < min_distance; ++k) {
      keep[k] = 0;
    }
  }
  std::vector<Eigen::Index> kept;
  for (std::size_t j = 0; j < peaks.size(); ++j) {
    if (keep[j]) kept.push_back(peaks[j]);
  }
  return kept;
}

/// Indices of the local minima of `x`: the maxima of -x (see find_maxima).
inline std::vector<Eigen::Index> find_minima(const SeriesCRef& x, Eigen::Index min_distance = 1) {
  const Series negated = -x;
  return find_maxima(negated, min_distance);
}

}  // namespace hipmech::events
