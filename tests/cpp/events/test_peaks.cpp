// Local extrema with a minimum separation. Expected indices come from
// scipy.signal.find_peaks (SciPy 1.17.1), run on the same arrays:
//   find_peaks(x)[0] = [1, 4, 7, 9, 12]; find_peaks(x, distance=3)[0] = [1, 4, 9, 12]
//   find_peaks(-x)[0] = [2, 6, 8, 11, 14]; find_peaks(-x, distance=4)[0] = [2, 6, 14]
//   find_peaks(y)[0] = [5, 10] (y holds NaN: no peak next to a missing sample)
#include <limits>
#include <vector>

#include <catch2/catch_test_macros.hpp>

#include "hipmech/events/peaks.hpp"

namespace ev = hipmech::events;
using Idx = std::vector<Eigen::Index>;

namespace {
hipmech::Series series(std::initializer_list<double> v) {
  hipmech::Series s(static_cast<Eigen::Index>(v.size()));
  Eigen::Index i = 0;
  for (double x : v) s[i++] = x;
  return s;
}
const double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

TEST_CASE("find_maxima and find_minima follow scipy.signal.find_peaks", "[events][peaks]") {
  const hipmech::Series x = series({0, 1, 0, 2, 2, 2, 0, 3, 1, 5, 1, 0, 4, 4, 0, 1});
  CHECK(ev::find_maxima(x) == Idx{1, 4, 7, 9, 12});  // flat tops at their middle (rounded down)
  CHECK(ev::find_maxima(x, 3) == Idx{1, 4, 9, 12});
  CHECK(ev::find_minima(x) == Idx{2, 6, 8, 11, 14});
  CHECK(ev::find_minima(x, 4) == Idx{2, 6, 14});
}

TEST_CASE("find_maxima takes no extreme next to a missing sample", "[events][peaks]") {
  const hipmech::Series y = series({0, 1, kNaN, 2, 1, 3, 2, kNaN, 5, 4, 6, 5, 5});
  CHECK(ev::find_maxima(y) == Idx{5, 10});
  CHECK(ev::find_maxima(series({})).empty());
  CHECK(ev::find_maxima(series({1, 2})).empty());
  CHECK(ev::find_maxima(series({1, 1, 1})).empty());
}

TEST_CASE("find_maxima rejects a separation below one sample", "[events][peaks]") {
  REQUIRE_THROWS_AS(ev::find_maxima(series({0, 1, 0}), 0), hipmech::InvalidArgument);
}
