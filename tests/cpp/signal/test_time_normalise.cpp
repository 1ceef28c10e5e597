// Time normalisation (include/hipmech/signal/time_normalise.hpp): linear functions are
// reproduced exactly by linear interpolation; numpy.interp agreement is in test_signal.py.
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/eigen_matchers.hpp"
#include "hipmech/signal.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using hipmech::InvalidArgument;
using hipmech::testing::IsNear;
namespace sig = hipmech::signal;

TEST_CASE("time_normalise samples a cycle at 0-100 %", "[signal]") {
  hipmech::Channels x(50, 2);
  for (Eigen::Index i = 0; i < 50; ++i) {
    const double d = static_cast<double>(i);
    x.row(i) << 3.0 * d - 1.0, -0.5 * d;
  }
  const double begin = 7.25, end = 41.5;
  const hipmech::Channels y = sig::time_normalise(x, begin, end);
  REQUIRE(y.rows() == 101);
  for (Eigen::Index p = 0; p <= 100; ++p) {
    const double t = begin + (end - begin) * static_cast<double>(p) / 100.0;
    CHECK_THAT(y(p, 0), WithinAbs(3.0 * t - 1.0, 1e-12));
    CHECK_THAT(y(p, 1), WithinAbs(-0.5 * t, 1e-12));
  }
  const auto cycles = sig::time_normalise_cycles(
      x, std::vector<std::pair<double, double>>{{0.0, 20.0}, {begin, end}}, 101);
  REQUIRE(cycles.rows() == 202);
  CHECK_THAT(cycles.bottomRows(101), IsNear(y, 1e-15));
  CHECK_THAT(cycles(100, 0), WithinAbs(59.0, 1e-12));
}

TEST_CASE("time_normalise: a point next to a missing frame is missing", "[signal]") {
  Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(11, 0.0, 10.0);
  x(5) = std::nan("");
  const hipmech::Channels y = sig::time_normalise(x, 0.0, 10.0, 21);  // every half frame
  CHECK(std::isnan(y(9, 0)));   // t = 4.5
  CHECK(std::isnan(y(10, 0)));  // t = 5
  CHECK(std::isnan(y(11, 0)));  // t = 5.5
  CHECK_THAT(y(8, 0), WithinAbs(4.0, 1e-15));
  CHECK_THAT(y(12, 0), WithinAbs(6.0, 1e-15));
}

TEST_CASE("time_normalise rejects bad arguments", "[signal]") {
  const Eigen::VectorXd x = Eigen::VectorXd::Zero(10);
  SECTION("end before begin") {
    REQUIRE_THROWS_WITH(sig::time_normalise(x, 5.0, 2.0), ContainsSubstring("'end'"));
  }
  SECTION("end past the last frame") {
    REQUIRE_THROWS_WITH(sig::time_normalise(x, 0.0, 9.5), ContainsSubstring("'end'"));
  }
  SECTION("negative begin") { REQUIRE_THROWS_AS(sig::time_normalise(x, -1.0, 5.0), InvalidArgument); }
  SECTION("n_points") {
    REQUIRE_THROWS_WITH(sig::time_normalise(x, 0.0, 5.0, 1), ContainsSubstring("n_points"));
  }
  SECTION("a bad cycle is named") {
    REQUIRE_THROWS_WITH(sig::time_normalise_cycles(
                            x, std::vector<std::pair<double, double>>{{0.0, 4.0}, {3.0, 12.0}}),
                        ContainsSubstring("cycles[1].end"));
  }
}
