// Gap detection and filling (include/hipmech/signal/gaps.hpp). Checked against analytic cases:
// linear interpolation reproduces straight lines, and the not-a-knot spline reproduces every
// cubic polynomial exactly (de Boor, A Practical Guide to Splines, ch. IV); scipy's
// CubicSpline agreement is tested in tests/python/test_signal.py.
#include <cmath>
#include <limits>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/eigen_matchers.hpp"
#include "hipmech/signal.hpp"

using Catch::Matchers::ContainsSubstring;
using hipmech::InvalidArgument;
using hipmech::testing::IsNear;
namespace sig = hipmech::signal;

namespace {
const double nan_value = std::numeric_limits<double>::quiet_NaN();
double cubic(double t) { return 0.5 - 0.2 * t + 0.03 * t * t - 0.001 * t * t * t; }
}  // namespace

TEST_CASE("find_gaps lists runs of missing frames", "[signal]") {
  hipmech::Trajectory t = hipmech::Trajectory::Zero(12, 3);
  t(0, 0) = nan_value;            // leading gap, frame 0
  t.row(4).setConstant(nan_value);
  t(5, 2) = nan_value;            // frames 4-5 missing as a whole
  t(11, 1) = nan_value;           // trailing
  const auto gaps = sig::find_gaps(t);
  REQUIRE(gaps.size() == 3);
  CHECK((gaps[0].first == 0 && gaps[0].length == 1 && gaps[0].leading && !gaps[0].trailing));
  CHECK((gaps[1].first == 4 && gaps[1].length == 2 && gaps[1].interior()));
  CHECK((gaps[2].first == 11 && gaps[2].trailing && gaps[2].channel == -1));
  const auto per = sig::find_gaps(t, true);
  REQUIRE(per.size() == 5);  // ch0: 0, 4; ch1: 4, 11; ch2: 4-5
  CHECK((per[0].channel == 0 && per[4].channel == 2 && per[4].length == 2));
  CHECK(sig::describe_gaps(gaps) == "frames 0, 4-5, 11");
  CHECK(sig::find_gaps(hipmech::Trajectory::Zero(5, 3)).empty());
}

TEST_CASE("fill_gaps linear reproduces lines; cubic reproduces cubics", "[signal]") {
  const Eigen::Index n = 40;
  hipmech::Channels x(n, 2);
  for (Eigen::Index i = 0; i < n; ++i) x.row(i) << 1.0 + 0.25 * static_cast<double>(i), cubic(static_cast<double>(i));
  hipmech::Channels holed = x;
  holed.middleRows(5, 3).setConstant(nan_value);   // 3 frames
  holed.middleRows(20, 6).setConstant(nan_value);  // 6 frames
  holed.middleRows(30, 1).setConstant(nan_value);
  const auto lin = sig::fill_gaps(holed, sig::FillMethod::Linear, 10);
  CHECK_THAT(lin.values.col(0), IsNear(x.col(0), 1e-12));
  const auto cub = sig::fill_gaps(holed, sig::FillMethod::Cubic, 10);
  CHECK_THAT(cub.values, IsNear(x, 1e-12));
  REQUIRE(cub.gaps.size() == 3);
  for (const auto& g : cub.gaps) CHECK(g.filled);
}

TEST_CASE("fill_gaps leaves long gaps and edge gaps missing", "[signal]") {
  hipmech::Channels x(20, 1);
  for (Eigen::Index i = 0; i < 20; ++i) x(i, 0) = static_cast<double>(i);
  x.middleRows(0, 2).setConstant(nan_value);   // leading
  x.middleRows(5, 2).setConstant(nan_value);   // short
  x.middleRows(10, 5).setConstant(nan_value);  // long
  x.middleRows(19, 1).setConstant(nan_value);  // trailing
  for (auto method : {sig::FillMethod::Linear, sig::FillMethod::Cubic}) {
    const auto r = sig::fill_gaps(x, method, 4);
    REQUIRE(r.gaps.size() == 4);
    CHECK((!r.gaps[0].filled && r.gaps[1].filled && !r.gaps[2].filled && !r.gaps[3].filled));
    CHECK(r.values.topRows(2).array().isNaN().all());
    CHECK_THAT(r.values(5, 0), Catch::Matchers::WithinAbs(5.0, 1e-12));
    CHECK(r.values.middleRows(10, 5).array().isNaN().all());
    CHECK(std::isnan(r.values(19, 0)));
  }
}

TEST_CASE("fill_gaps on a trajectory fills whole frames; per channel fills columns", "[signal]") {
  hipmech::Trajectory t(10, 3);
  for (Eigen::Index i = 0; i < 10; ++i) {
    const double d = static_cast<double>(i);
    t.row(i) << d, 2.0 * d, -1.0 * d;
  }
  hipmech::Trajectory holed = t;
  holed(4, 1) = nan_value;  // frame 4 missing as a whole; its x and z are discarded
  holed(4, 0) = 100.0;
  const auto r = sig::fill_gaps(holed, sig::FillMethod::Linear, 3);
  CHECK_THAT(r.values, IsNear(t, 1e-12));
  const auto per = sig::fill_gaps(holed, sig::FillMethod::Linear, 3, true);
  CHECK(per.values(4, 0) == 100.0);  // the valid coordinate is kept
  CHECK_THAT(per.values(4, 1), Catch::Matchers::WithinAbs(8.0, 1e-12));
}

TEST_CASE("fill_gaps rejects bad arguments", "[signal]") {
  hipmech::Channels x = hipmech::Channels::Zero(5, 1);
  SECTION("negative max_gap") {
    REQUIRE_THROWS_WITH(sig::fill_gaps(x, sig::FillMethod::Linear, -1),
                        ContainsSubstring("max_gap"));
  }
  SECTION("infinity") {
    x(2, 0) = std::numeric_limits<double>::infinity();
    REQUIRE_THROWS_AS(sig::fill_gaps(x, sig::FillMethod::Cubic, 3), InvalidArgument);
  }
}
