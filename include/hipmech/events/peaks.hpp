/// \file
/// Local maxima and minima of a time series with a minimum separation, the rule of
/// scipy.signal.find_peaks(x, distance=d) (Virtanen et al. 2020, SciPy 1.0, Nat Methods
/// 17:261-272): a maximum is a sample (or the middle of a flat run) higher than both
/// neighbours; of maxima closer than d samples only the highest is kept.
#pragma once

#include <algorithm>
#include <limits>
#include <numeric>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/trajectory.hpp"

namespace hipmech::events {

namespace detail {

/// find_maxima's extreme rule one sample at a time (without the thinning): the single
/// implementation used by find_maxima offline and by stream::OnlineZeni online.
///
/// A maximum is a sample higher than the sample before it and the sample after it; a flat top
/// (equal samples) counts once, at its middle (rounded down); nothing next to a NaN (NaN
/// compares false). Samples must be pushed in order, indices consecutive from 0. A maximum is
/// known when the first lower sample after it arrives; a flat top still open at the last
/// sample, or a rise at the last sample, is no maximum. Fixed-size state, no allocation.
class MaximumScanner {
 public:
  /// Pushes sample `index` (0, 1, 2, ...) with value `x`.
  /// \return the index of the maximum this sample completes, or -1; its value goes to
  ///         `*peak_value` when given.
  Eigen::Index push(Eigen::Index index, double x, double* peak_value = nullptr) noexcept {
    Eigen::Index found = -1;
    if (start_ >= 0) {
      if (x == value_) {  // the flat top goes on
        prev_ = x;
        return -1;
      }
      if (x < value_) {
        found = (start_ + index - 1) / 2;  // middle of [start_, index), rounded down
        if (peak_value != nullptr) *peak_value = value_;
      }
      start_ = -1;  // resolved (a maximum, a further rise or a NaN)
    }
    if (prev_ < x) {  // a strict rise: a candidate starts here (false after a NaN)
      start_ = index;
      value_ = x;
    }
    prev_ = x;
    return found;
  }
  /// First sample of the candidate maximum not resolved yet (a rise, possibly a flat top that
  /// goes on), or -1: a maximum found later lies at this index or after it.
  Eigen::Index pending_begin() const noexcept { return start_; }
  /// Back to the initial state (no sample seen).
  void reset() noexcept { *this = MaximumScanner{}; }

 private:
  double prev_ = std::numeric_limits<double>::quiet_NaN();  ///< previous sample (NaN at start)
  double value_ = 0.0;                                      ///< value of the candidate
  Eigen::Index start_ = -1;  ///< first sample of the candidate's top, -1 = none
};

}  // namespace detail

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
