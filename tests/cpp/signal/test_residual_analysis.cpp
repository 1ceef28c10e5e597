// Residual analysis (include/hipmech/signal/residual_analysis.hpp) on a synthetic signal with
// a known answer: sines up to 4 Hz plus white Gaussian noise of known standard deviation.
// For white noise the residual's straight-line part extrapolates to the noise SD at 0 Hz
// (Winter 2009, section 3.4.4.3).
#include <cmath>
#include <random>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "hipmech/signal.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinRel;
using hipmech::InvalidArgument;
namespace sig = hipmech::signal;

TEST_CASE("residual analysis recovers the noise level and a sensible cut-off", "[signal]") {
  const double fs = 200.0, pi = 3.14159265358979323846;
  const Eigen::Index n = 4000;
  std::mt19937_64 rng(42);
  std::normal_distribution<double> noise(0.0, 1.0);
  const double sd[2] = {0.02, 0.05};
  hipmech::Channels x(n, 2);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / fs;
    const double s = std::sin(2 * pi * 1.0 * t) + 0.5 * std::sin(2 * pi * 2.5 * t + 1.0) +
                     0.3 * std::sin(2 * pi * 4.0 * t + 2.0);
    for (int c = 0; c < 2; ++c) x(i, c) = s + sd[c] * noise(rng);
  }
  const auto r = sig::residual_analysis(x, fs);
  REQUIRE(r.cutoffs_hz.size() == 80);
  REQUIRE(r.residuals.rows() == 80);
  for (int c = 0; c < 2; ++c) {
    CHECK_THAT(r.intercept(c), WithinRel(sd[c], 0.05));  // tolerance: 5 %
    CHECK(r.slope(c) < 0.0);
    CHECK(r.cutoff_hz(c) > 4.0);              // above the top signal frequency
    CHECK(r.cutoff_hz(c) < r.fit_from_hz);    // below the noise-only region
  }
  CHECK(r.cutoff_hz(0) > r.cutoff_hz(1));  // less noise: a higher cut-off
}

TEST_CASE("residual analysis rejects bad arguments", "[signal]") {
  const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(200, 0.0, 1.0);
  SECTION("cut-offs not increasing") {
    REQUIRE_THROWS_WITH(sig::residual_analysis(x, 100.0, Eigen::Vector3d(5.0, 4.0, 6.0)),
                        ContainsSubstring("cutoffs_hz"));
  }
  SECTION("cut-off above Nyquist") {
    REQUIRE_THROWS_AS(sig::residual_analysis(x, 100.0, Eigen::Vector3d(5.0, 10.0, 60.0)),
                      InvalidArgument);
  }
  SECTION("fit range with no grid points") {
    sig::ResidualOptions o;
    o.fit_from_hz = 45.0;
    o.fit_to_hz = 46.0;
    REQUIRE_THROWS_WITH(sig::residual_analysis(x, 100.0, Eigen::VectorXd(), o),
                        ContainsSubstring("fit_from_hz"));
  }
  SECTION("NaN") {
    Eigen::VectorXd y = x;
    y(3) = std::nan("");
    REQUIRE_THROWS_WITH(sig::residual_analysis(y, 100.0), ContainsSubstring("frames 3"));
  }
}
