// Central differences (include/hipmech/signal/derivative.hpp) against analytic derivatives:
// exact for polynomials of degree 2 (first derivative) and 3 (second), O(h^2) for sin.
#include <cmath>
#include <limits>

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

TEST_CASE("derivatives are exact for low-degree polynomials", "[signal]") {
  const double fs = 50.0;
  const Eigen::Index n = 30;
  Eigen::VectorXd quad(n), dquad(n), cub(n), ddcub(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / fs;
    quad(i) = 1.0 + 2.0 * t - 3.0 * t * t;
    dquad(i) = 2.0 - 6.0 * t;
    cub(i) = 0.5 - t + 4.0 * t * t + 2.0 * t * t * t;
    ddcub(i) = 8.0 + 12.0 * t;
  }
  CHECK_THAT(sig::derivative(quad, fs), IsNear(dquad, 1e-10));
  CHECK_THAT(sig::derivative(cub, fs, 2), IsNear(ddcub, 1e-8));
}

TEST_CASE("derivatives of sin converge at O(h^2)", "[signal]") {
  double previous = 0.0;
  for (double fs : {100.0, 200.0, 400.0}) {
    const auto n = static_cast<Eigen::Index>(fs);  // one second
    hipmech::Trajectory x(n, 3), dx(n, 3), ddx(n, 3);
    for (Eigen::Index i = 0; i < n; ++i) {
      const double t = static_cast<double>(i) / fs;
      x.row(i) << std::sin(2 * t), std::cos(3 * t), t;
      dx.row(i) << 2 * std::cos(2 * t), -3 * std::sin(3 * t), 1.0;
      ddx.row(i) << -4 * std::sin(2 * t), -9 * std::cos(3 * t), 0.0;
    }
    const double e1 = (sig::derivative(x, fs) - dx).cwiseAbs().maxCoeff();
    const double e2 = (sig::derivative(x, fs, 2) - ddx).cwiseAbs().maxCoeff();
    // leading error terms: h^2/6 |f'''| (centre), h^2/3 |f'''| (ends); 11/12 h^2 |f''''| (ends)
    const double h = 1.0 / fs;
    CHECK(e1 <= 27.0 / 3.0 * h * h * 1.05);
    CHECK(e2 <= 81.0 * 11.0 / 12.0 * h * h * 1.05);
    if (previous > 0.0) CHECK_THAT(previous / e1, WithinAbs(4.0, 0.3));
    previous = e1;
  }
}

TEST_CASE("a derivative that needs a missing sample is NaN", "[signal]") {
  Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(10, 0.0, 9.0);
  x(5) = std::nan("");
  const Eigen::VectorXd d1 = sig::derivative(x, 1.0);
  CHECK(std::isnan(d1(4)));
  CHECK(std::isnan(d1(6)));
  CHECK_THAT(d1(5), WithinAbs(1.0, 1e-15));  // the centre stencil skips x[5]
  CHECK_THAT(d1(3), WithinAbs(1.0, 1e-15));
  const Eigen::VectorXd d2 = sig::derivative(x, 1.0, 2);
  CHECK((std::isnan(d2(4)) && std::isnan(d2(5)) && std::isnan(d2(6))));
  CHECK_THAT(d2(7), WithinAbs(0.0, 1e-15));
}

TEST_CASE("derivative rejects bad arguments", "[signal]") {
  const Eigen::VectorXd x = Eigen::VectorXd::Zero(10);
  SECTION("rate") { REQUIRE_THROWS_AS(sig::derivative(x, 0.0), InvalidArgument); }
  SECTION("order") { REQUIRE_THROWS_WITH(sig::derivative(x, 1.0, 3), ContainsSubstring("order")); }
  SECTION("too short") {
    REQUIRE_THROWS_WITH(sig::derivative(Eigen::VectorXd::Zero(3).eval(), 1.0, 2),
                        ContainsSubstring("at least 4 samples"));
  }
}
