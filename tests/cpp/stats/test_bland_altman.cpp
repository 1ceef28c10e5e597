// Bland–Altman agreement (include/hipmech/stats/bland_altman.hpp).
//
// Expected values are independent of the implementation:
// - Bland & Altman (1986, Lancet i:307-310, Table 1): peak expiratory flow [l/min] of 17
//   subjects, first reading with the Wright and the mini Wright meter. The paper gives a mean
//   difference of -2.1 l/min, an SD of 38.8 l/min, limits of -79.7 to 75.5 l/min with 2 SD and
//   the CI of the bias -2.1 +/- 2.12 x 9.4 = -22.0 to 17.8 l/min;
// - the exact interval's coefficients are one-sided normal tolerance factors: for n = 10 and
//   n = 20 with 95 % coverage and 95 % confidence k = 2.911 and 2.396 (Natrella 1963,
//   Experimental Statistics, NBS Handbook 91, Table A-7; Odeh & Owen 1980);
// - synthetic data whose answers follow by hand (a constant offset, an exact proportional
//   bias, a straight line through the differences).
#include <cmath>
#include <limits>
#include <string>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/thrown.hpp"
#include "hipmech/stats/bland_altman.hpp"
#include "hipmech/stats/ttest.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using hipmech::test::thrown_argument;
namespace hs = hipmech::stats;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

Eigen::VectorXd wright() {
  Eigen::VectorXd v(17);
  v << 494, 395, 516, 434, 476, 557, 413, 442, 650, 433, 417, 656, 267, 478, 178, 423, 427;
  return v;
}

Eigen::VectorXd mini_wright() {
  Eigen::VectorXd v(17);
  v << 512, 430, 520, 428, 500, 600, 364, 380, 658, 445, 432, 626, 260, 477, 259, 350, 451;
  return v;
}

}  // namespace

TEST_CASE("Bland-Altman reproduces the 1986 peak-flow example", "[stats][bland_altman]") {
  // Bland & Altman 1986, Lancet, Table 1 and text: bias -2.1, SD 38.8 l/min.
  const auto r = hs::bland_altman(wright(), mini_wright());
  CHECK(r.n == 17);
  CHECK(r.note.empty());
  CHECK_THAT(r.bias, WithinAbs(-2.1, 0.05));
  CHECK_THAT(r.sd, WithinAbs(38.8, 0.05));
  CHECK_THAT(r.se, WithinAbs(9.4, 0.05));
  // CI of the bias: -22.0 to 17.8 (t(0.975, 16) = 2.12).
  CHECK_THAT(r.bias_ci_low, WithinAbs(-22.0, 0.1));
  CHECK_THAT(r.bias_ci_high, WithinAbs(17.8, 0.1));
  // 95 % limits with z = 1.96: -2.1 -/+ 1.96 x 38.8 = -78.1 and 73.9.
  CHECK_THAT(r.z, WithinAbs(1.959964, 1e-6));
  CHECK_THAT(r.loa_low, WithinAbs(-78.1, 0.1));
  CHECK_THAT(r.loa_high, WithinAbs(73.9, 0.1));
  // The paper's limits use 2 SD: agreement 2 Phi(2) - 1 gives z = 2, limits -79.7 and 75.5
  // (from the rounded bias and SD; the unrounded values are -79.65 and 75.41).
  const double p2 = std::erf(2.0 / std::sqrt(2.0));
  const auto r2 = hs::bland_altman(wright(), mini_wright(), 0.95, hs::LoaCi::Approximate, false,
                                   hs::Missing::Propagate, p2);
  CHECK_THAT(r2.z, WithinAbs(2.0, 1e-9));
  CHECK_THAT(r2.loa_low, WithinAbs(-79.7, 0.1));
  CHECK_THAT(r2.loa_high, WithinAbs(75.5, 0.1));
  // Per-pair values for the plot: means and differences in input order.
  CHECK_THAT(r.differences[0], WithinAbs(494.0 - 512.0, 1e-12));
  CHECK_THAT(r.means[0], WithinAbs(503.0, 1e-12));
}

TEST_CASE("the approximate LoA interval is Bland & Altman 1999's formula",
          "[stats][bland_altman]") {
  const auto r = hs::bland_altman(wright(), mini_wright(), 0.95, hs::LoaCi::Approximate);
  // SE = s sqrt(1/n + z^2 / (2 (n - 1))), t(0.975, 16) = 2.119905.
  const double n = 17.0;
  const double se = r.sd * std::sqrt(1.0 / n + r.z * r.z / (2.0 * (n - 1.0)));
  const double t = 2.1199052992210112;
  CHECK_THAT(r.loa_low_ci_low, WithinAbs(r.loa_low - t * se, 1e-9));
  CHECK_THAT(r.loa_low_ci_high, WithinAbs(r.loa_low + t * se, 1e-9));
  CHECK_THAT(r.loa_high_ci_low, WithinAbs(r.loa_high - t * se, 1e-9));
  CHECK_THAT(r.loa_high_ci_high, WithinAbs(r.loa_high + t * se, 1e-9));
  // Bland & Altman 1986 with SE = sqrt(3 s^2 / n) = 16.3 gave -114.3 to -45.1 around the 2-SD
  // limit -79.7; the 1999 SE (16.6 with z = 2) widens that by about 1 l/min on each side.
  const double p2 = std::erf(2.0 / std::sqrt(2.0));
  const auto r2 = hs::bland_altman(wright(), mini_wright(), 0.95, hs::LoaCi::Approximate, false,
                                   hs::Missing::Propagate, p2);
  CHECK_THAT(r2.loa_low_ci_low, WithinAbs(-114.3, 1.5));
  CHECK_THAT(r2.loa_low_ci_high, WithinAbs(-45.1, 1.5));
}

TEST_CASE("the exact LoA interval uses one-sided tolerance factors", "[stats][bland_altman]") {
  // Coverage 95 % one-sided (agreement 0.90, z = 1.645) and confidence 95 % one-sided
  // (confidence 0.90): the upper end of the upper limit's CI is d + k s with Natrella's k.
  for (const auto& [n, k] :
       {std::pair<int, double>{10, 2.911}, std::pair<int, double>{20, 2.396}}) {
    Eigen::VectorXd a(n);
    Eigen::VectorXd b = Eigen::VectorXd::Zero(n);
    for (int i = 0; i < n; ++i) a[i] = std::sin(1.7 * i) + 0.1 * i;  // any spread will do
    const auto r =
        hs::bland_altman(a, b, 0.90, hs::LoaCi::Exact, false, hs::Missing::Propagate, 0.90);
    CHECK_THAT((r.loa_high_ci_high - r.bias) / r.sd, WithinAbs(k, 5e-4));
    CHECK_THAT((r.bias - r.loa_low_ci_low) / r.sd, WithinAbs(k, 5e-4));
  }
  // The exact interval is asymmetric around each limit (wider outside) and contains it.
  const auto r = hs::bland_altman(wright(), mini_wright());
  CHECK(r.loa_high_ci_low < r.loa_high);
  CHECK(r.loa_high < r.loa_high_ci_high);
  CHECK(r.loa_high_ci_high - r.loa_high > r.loa_high - r.loa_high_ci_low);
  CHECK_THAT(r.loa_low_ci_low + r.loa_high_ci_high, WithinAbs(2.0 * r.bias, 1e-9));
  CHECK_THAT(r.loa_low_ci_high + r.loa_high_ci_low, WithinAbs(2.0 * r.bias, 1e-9));
  // It satisfies its defining equation: F(sqrt(n) k; n - 1, z sqrt(n)) = 0.975 and 0.025.
  const double n = 17.0;
  const double k_hi = (r.loa_high_ci_high - r.bias) / r.sd;
  const double k_lo = (r.loa_high_ci_low - r.bias) / r.sd;
  CHECK_THAT(hs::noncentral_t_cdf(std::sqrt(n) * k_hi, n - 1.0, r.z * std::sqrt(n)),
             WithinAbs(0.975, 1e-9));
  CHECK_THAT(hs::noncentral_t_cdf(std::sqrt(n) * k_lo, n - 1.0, r.z * std::sqrt(n)),
             WithinAbs(0.025, 1e-9));
}

TEST_CASE("proportional bias is the OLS slope of the differences on the means",
          "[stats][bland_altman]") {
  // b = 2 a exactly: d = -a, m = 1.5 a, so d = -(2/3) m with zero residual.
  Eigen::VectorXd a(5);
  a << 1, 2, 3, 4, 6;
  const Eigen::VectorXd b = 2.0 * a;
  const auto r = hs::bland_altman(a, b);
  CHECK_THAT(r.slope, WithinAbs(-2.0 / 3.0, 1e-12));
  CHECK_THAT(r.intercept, WithinAbs(0.0, 1e-12));
  CHECK_THAT(r.slope_se, WithinAbs(0.0, 1e-12));
  CHECK(r.slope_p_value < 1e-12);
  // A constant offset has no proportional bias: slope 0, SD 0, limits = bias.
  Eigen::VectorXd c(4);
  c << 10, 12, 15, 11;
  const auto r0 = hs::bland_altman((c.array() + 3.0).matrix(), c);
  CHECK_THAT(r0.bias, WithinAbs(3.0, 1e-12));
  CHECK_THAT(r0.sd, WithinAbs(0.0, 1e-12));
  CHECK_THAT(r0.loa_low, WithinAbs(3.0, 1e-12));
  CHECK_THAT(r0.loa_high_ci_high, WithinAbs(3.0, 1e-12));
  CHECK_THAT(r0.slope, WithinAbs(0.0, 1e-12));
  CHECK(std::isnan(r0.slope_p_value));
  CHECK_THAT(r0.note, ContainsSubstring("constant"));
  // Hand computation with residuals: m = (1, 2, 3, 4), d = (1, 1, 3, 3).
  // Sxx = 5, Sxy = 4, slope 0.8, intercept 2 - 0.8 x 2.5 = 0; residuals (0.2, -0.6, 0.6, -0.2),
  // RSS = 0.8, SE = sqrt(0.8 / 2 / 5) = 0.2828427; t = 2.828427 on 2 df, p = 0.105573.
  Eigen::VectorXd x(4);
  Eigen::VectorXd y(4);
  x << 1.5, 2.5, 4.5, 5.5;
  y << 0.5, 1.5, 1.5, 2.5;
  const auto r3 = hs::bland_altman(x, y);
  CHECK_THAT(r3.slope, WithinAbs(0.8, 1e-12));
  CHECK_THAT(r3.intercept, WithinAbs(0.0, 1e-12));
  CHECK_THAT(r3.slope_se, WithinAbs(0.28284271247461906, 1e-12));
  CHECK_THAT(r3.slope_p_value, WithinAbs(0.10557280900008403, 1e-9));
}

TEST_CASE("percent differences are relative to the pair mean", "[stats][bland_altman]") {
  Eigen::VectorXd a(3);
  Eigen::VectorXd b(3);
  a << 110, 90, 105;
  b << 90, 110, 95;
  const auto r = hs::bland_altman(a, b, 0.95, hs::LoaCi::Exact, true);
  CHECK(r.percent);
  CHECK_THAT(r.differences[0], WithinAbs(20.0, 1e-12));
  CHECK_THAT(r.differences[1], WithinAbs(-20.0, 1e-12));
  CHECK_THAT(r.differences[2], WithinAbs(10.0, 1e-12));
  CHECK_THAT(r.bias, WithinAbs(10.0 / 3.0, 1e-12));
  // A pair with mean 0 has no percent difference: NaN summary with a note.
  a[1] = -5;
  b[1] = 5;
  const auto r0 = hs::bland_altman(a, b, 0.95, hs::LoaCi::Exact, true);
  CHECK(std::isnan(r0.bias));
  CHECK(std::isnan(r0.differences[1]));
  CHECK_THAT(r0.note, ContainsSubstring("mean 0"));
}

TEST_CASE("percent differences divide by the magnitude of the pair mean", "[stats][bland_altman]") {
  // Negative measurements (e.g. a joint angle in flexion): a - b keeps its sign in percent.
  Eigen::VectorXd a(3);
  Eigen::VectorXd b(3);
  a << -110, -90, -105;
  b << -90, -110, -95;
  const auto r = hs::bland_altman(a, b, 0.95, hs::LoaCi::Exact, true);
  CHECK_THAT(r.differences[0], WithinAbs(-20.0, 1e-12));  // -20 / |-100|
  CHECK_THAT(r.differences[1], WithinAbs(20.0, 1e-12));
  CHECK_THAT(r.differences[2], WithinAbs(-10.0, 1e-12));
  CHECK_THAT(r.bias, WithinAbs(-10.0 / 3.0, 1e-12));
  // Mixed signs: mean -1 and +1 give the same magnitude.
  Eigen::VectorXd c(2);
  Eigen::VectorXd d(2);
  c << -0.5, 1.5;
  d << -1.5, 0.5;
  const auto m = hs::bland_altman(c, d, 0.95, hs::LoaCi::Exact, true);
  CHECK_THAT(m.differences[0], WithinAbs(100.0, 1e-12));
  CHECK_THAT(m.differences[1], WithinAbs(100.0, 1e-12));
}

TEST_CASE("the bias CI is the one-sample t interval of the differences", "[stats][bland_altman]") {
  Eigen::VectorXd a(5);
  Eigen::VectorXd b(5);
  a << 494, 395, 516, 434, 476;
  b << 512, 430, 520, 428, 500;
  const auto r = hs::bland_altman(a, b, 0.9);
  const auto t = hs::ttest_one_sample(a - b, 0.0, hs::Alternative::TwoSided, 0.9);
  CHECK(r.bias == t.estimate);
  CHECK(r.se == t.se);
  CHECK(r.bias_ci_low == t.ci_low);
  CHECK(r.bias_ci_high == t.ci_high);
  CHECK(r.ci_method == hs::LoaCi::Exact);
  // All differences equal: the t-test's zero-variance rule, with a note.
  Eigen::VectorXd c = b.array() + 0.1;
  const auto z = hs::bland_altman(c, b);
  CHECK(z.sd == 0.0);
  CHECK(std::isnan(z.bias_ci_low));
  CHECK(std::isnan(z.bias_ci_high));
  CHECK(z.loa_low == z.bias);
  CHECK_THAT(z.note, ContainsSubstring("bias CI is undefined"));
}

TEST_CASE("Bland-Altman follows the missing-data policy", "[stats][bland_altman]") {
  Eigen::VectorXd a = wright();
  Eigen::VectorXd b = mini_wright();
  a[3] = kNaN;
  SECTION("propagate: NaN summary, a note, per-pair values kept") {
    const auto r = hs::bland_altman(a, b);
    CHECK(std::isnan(r.bias));
    CHECK(std::isnan(r.loa_low));
    CHECK(r.n == 16);
    CHECK(r.n_missing == 1);
    CHECK_THAT(r.note, ContainsSubstring("1 of 17 pairs"));
    CHECK(std::isnan(r.differences[3]));
    CHECK_THAT(r.differences[0], WithinAbs(-18.0, 1e-12));
  }
  SECTION("omit: the pair is left out and counted") {
    const auto r = hs::bland_altman(a, b, 0.95, hs::LoaCi::Exact, false, hs::Missing::Omit);
    Eigen::VectorXd a16(16);
    Eigen::VectorXd b16(16);
    a16 << wright().head(3), wright().tail(13);
    b16 << mini_wright().head(3), mini_wright().tail(13);
    const auto ref = hs::bland_altman(a16, b16);
    CHECK(r.n == 16);
    CHECK(r.n_missing == 1);
    CHECK_THAT(r.bias, WithinAbs(ref.bias, 1e-12));
    CHECK_THAT(r.loa_high_ci_high, WithinAbs(ref.loa_high_ci_high, 1e-9));
    CHECK_THAT(r.slope, WithinAbs(ref.slope, 1e-12));
    CHECK(r.differences.size() == 17);
  }
  SECTION("raise: InvalidArgument naming the argument") {
    CHECK(thrown_argument([&] {
            hs::bland_altman(a, b, 0.95, hs::LoaCi::Exact, false, hs::Missing::Raise);
          }) == "a");
  }
}

TEST_CASE("Bland-Altman with too few pairs gives NaN with a reason", "[stats][bland_altman]") {
  Eigen::VectorXd one(1);
  one << 3.0;
  const auto r1 = hs::bland_altman(one, Eigen::VectorXd::Zero(1));
  CHECK_THAT(r1.bias, WithinAbs(3.0, 1e-12));
  CHECK(std::isnan(r1.sd));
  CHECK(std::isnan(r1.loa_high_ci_high));
  CHECK_THAT(r1.note, ContainsSubstring("one pair"));
  Eigen::VectorXd two(2);
  two << 1.0, 4.0;
  const auto r2 = hs::bland_altman(two, Eigen::VectorXd::Zero(2));
  CHECK(std::isfinite(r2.loa_high_ci_high));
  CHECK(std::isnan(r2.slope));
  CHECK_THAT(r2.note, ContainsSubstring("at least 3"));
  const auto r0 = hs::bland_altman(Eigen::VectorXd(0), Eigen::VectorXd(0));
  CHECK(std::isnan(r0.bias));
  CHECK_THAT(r0.note, ContainsSubstring("no pairs"));
}

TEST_CASE("Bland-Altman rejects bad input naming the argument", "[stats][bland_altman]") {
  const Eigen::VectorXd a = wright();
  SECTION("unequal lengths") {
    CHECK(thrown_argument([&] { hs::bland_altman(a, a.head(5)); }) == "b");
  }
  SECTION("infinity") {
    Eigen::VectorXd b = mini_wright();
    b[2] = std::numeric_limits<double>::infinity();
    CHECK(thrown_argument([&] { hs::bland_altman(a, b); }) == "b");
  }
  SECTION("levels outside (0, 1)") {
    CHECK(thrown_argument([&] { hs::bland_altman(a, a, 1.0); }) == "confidence");
    CHECK(thrown_argument([&] {
            hs::bland_altman(a, a, 0.95, hs::LoaCi::Exact, false, hs::Missing::Propagate, 0.0);
          }) == "agreement");
  }
  SECTION("unknown method name") {
    CHECK(thrown_argument([] { hs::parse_loa_ci("carkeet"); }) == "loa_ci");
    CHECK(hs::parse_loa_ci("approximate") == hs::LoaCi::Approximate);
    CHECK(std::string(hs::loa_ci_name(hs::LoaCi::Exact)) == "exact");
  }
}
