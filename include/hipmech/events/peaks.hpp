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
std::vector<Eigen::Index> find_maxima(const SeriesCRef& x, Eigen::Index min_distance = 1);

/// Indices of the local minima of `x`: the maxima of -x (see find_maxima).
inline std::vector<Eigen::Index> find_minima(const SeriesCRef& x, Eigen::Index min_distance = 1) {
  const Series negated = -x;
  return find_maxima(negated, min_distance);
}

}  // namespace hipmech::events
