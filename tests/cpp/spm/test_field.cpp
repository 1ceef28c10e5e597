// hipmech/spm/field.hpp against independent sources:
//  - statistic fields worked by hand on tiny arrays (one-sample, paired, two-sample, regression,
//    one-way ANOVA), and the textbook identities F = t² (two groups) and t = r √(ν / (1 − r²));
//  - the FWHM of a field whose roughness is known in closed form (rows cos(ωq + φ_i) with
//    evenly spaced phases: the central-difference roughness is sin²ω inside and 4 sin²(ω/2) at
//    the ends, Kiebel et al. 1999 with numpy.gradient's differences, docs/spm.md), and of white
//    noise smoothed by a Gaussian kernel of known FWHM (within 10 %: estimation error);
//  - bad input (NaN naming the curve and node, shapes, too few curves, zero variance).
// The exhaustive comparison with spm1d (GPL, test-only oracle) is tests/python/test_spm*.py.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <cmath>
#include <limits>
#include <random>

#include "helpers/thrown.hpp"
#include "hipmech/spm/field.hpp"

namespace sp = hipmech::spm;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

constexpr double kPi = 3.14159265358979323846;

/// J white-noise curves of Q nodes smoothed by a Gaussian kernel of `fwhm` nodes (kernel
/// truncated at ±5σ, computed on a padded domain so that no edge is attenuated).
Eigen::MatrixXd smooth_noise(Eigen::Index J, Eigen::Index Q, double fwhm, std::uint64_t seed) {
  const double sigma = fwhm / std::sqrt(8.0 * std::log(2.0));
  const auto h = static_cast<Eigen::Index>(std::ceil(5.0 * sigma));
  Eigen::VectorXd kernel(2 * h + 1);
  for (Eigen::Index k = -h; k <= h; ++k) {
    const double x = static_cast<double>(k) / sigma;
    kernel(k + h) = std::exp(-0.5 * x * x);
  }
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  Eigen::MatrixXd y(J, Q);
  Eigen::VectorXd e(Q + 2 * h);
  for (Eigen::Index i = 0; i < J; ++i) {
    for (Eigen::Index k = 0; k < e.size(); ++k) e(k) = normal(rng);
    for (Eigen::Index q = 0; q < Q; ++q) y(i, q) = kernel.dot(e.segment(q, 2 * h + 1));
  }
  return y;
}

}  // namespace

TEST_CASE("spm ttest: the t field by hand", "[spm]") {
  // Node 0: 1, 3, 5 (mean 3, SD 2): t = 3 / (2 / √3) = 1.5 √3.
  // Node 1: 2, 6, 4 (mean 4, SD 2): t = 4 / (2 / √3) = 2 √3.
  Eigen::MatrixXd y(3, 2);
  y << 1, 2, 3, 6, 5, 4;
  const sp::Field f = sp::ttest(y);
  CHECK(f.test == "ttest");
  CHECK(f.statistic == sp::Statistic::T);
  CHECK(f.design == sp::Design::OneSample);
  REQUIRE(f.z.size() == 2);
  CHECK_THAT(f.z(0), WithinRel(1.5 * std::sqrt(3.0), 1e-14));
  CHECK_THAT(f.z(1), WithinRel(2.0 * std::sqrt(3.0), 1e-14));
  CHECK(f.df1 == 1.0);
  CHECK(f.df2 == 2.0);
  CHECK(f.n_curves == 3);
  CHECK(f.n_nodes == 2);
  // Residuals: deviations from the node means.
  CHECK_THAT(f.residuals(0, 0), WithinAbs(-2.0, 1e-14));
  CHECK_THAT(f.residuals(1, 1), WithinAbs(2.0, 1e-14));
  CHECK_THAT(f.resels1, WithinRel(1.0 / f.fwhm, 1e-14));  // (Q − 1) / FWHM, Q = 2
  CHECK(f.resels0 == 1.0);

  SECTION("mu shifts the null mean: t = (mean − mu) / (s / √J)") {
    const sp::Field g = sp::ttest(y, 1.0);
    CHECK_THAT(g.z(0), WithinRel(2.0 / (2.0 / std::sqrt(3.0)), 1e-14));
    CHECK_THAT(g.z(1), WithinRel(3.0 / (2.0 / std::sqrt(3.0)), 1e-14));
    CHECK_THAT(g.fwhm, WithinRel(f.fwhm, 1e-14));  // residuals do not depend on mu
  }
}

TEST_CASE("spm ttest_paired is the one-sample field of a − b, positive where a > b", "[spm]") {
  Eigen::MatrixXd a(3, 3), b(3, 3);
  a << 2, 5, 1, 4, 9, 2, 6, 8, 3;
  b << 1, 3, 1, 1, 3, 0, 1, 4, 2;  // a − b: (1,2,0), (3,6,2), (5,4,1)
  const sp::Field f = sp::ttest_paired(a, b);
  Eigen::MatrixXd d = a - b;
  const sp::Field g = sp::ttest(d);
  CHECK(f.test == "ttest_paired");
  CHECK(f.design == sp::Design::Paired);
  CHECK_THAT(f.z(0), WithinRel(1.5 * std::sqrt(3.0), 1e-14));  // 1, 3, 5
  CHECK_THAT(f.z(1), WithinRel(2.0 * std::sqrt(3.0), 1e-14));  // 2, 6, 4
  CHECK_THAT(f.z(2), WithinRel(g.z(2), 1e-14));
  CHECK(f.z(2) > 0.0);
  CHECK(f.y.isApprox(d));
  CHECK_THAT(f.fwhm, WithinRel(g.fwhm, 1e-14));
}

TEST_CASE("spm ttest2: pooled-variance t by hand; anova1 of two groups gives F = t²", "[spm]") {
  // Node 0: a = 1, 3 (mean 2, SS 2), b = 4, 6, 8 (mean 6, SS 8); s_p² = 10 / 3;
  // t = (2 − 6) / √(10/3 · (1/2 + 1/3)) = −4 / √(25/9) = −2.4.
  Eigen::MatrixXd a(2, 2), b(3, 2);
  a << 1, 0, 3, 1;
  b << 4, 0, 6, 2, 8, 1;
  const sp::Field f = sp::ttest2(a, b);
  CHECK(f.test == "ttest2");
  CHECK_THAT(f.z(0), WithinRel(-2.4, 1e-14));
  CHECK(f.df2 == 3.0);
  REQUIRE(f.groups.size() == 5);
  CHECK(f.groups(1) == 0);
  CHECK(f.groups(2) == 1);
  Eigen::MatrixXd y(5, 2);
  y << a, b;
  Eigen::VectorXi g(5);
  g << 7, 7, 9, 9, 9;  // any labels
  const sp::Field F = sp::anova1(y, g);
  CHECK(F.statistic == sp::Statistic::F);
  CHECK(F.df1 == 1.0);
  CHECK(F.df2 == 3.0);
  CHECK_THAT(F.z(0), WithinRel(f.z(0) * f.z(0), 1e-13));
  CHECK_THAT(F.z(1), WithinRel(f.z(1) * f.z(1), 1e-13));
  CHECK(F.groups(0) == 0);
  CHECK(F.groups(4) == 1);
}

TEST_CASE("spm anova1: F by hand for three groups", "[spm]") {
  // Node 0: groups {1,2,3}, {4,5,6}, {7,8,9}: means 2, 5, 8, grand 5; SSB = 3·(9 + 0 + 9) = 54,
  // SSW = 3·2 = 6; F = (54 / 2) / (6 / 6) = 27. Node 1: the same values reversed within groups.
  Eigen::MatrixXd y(9, 2);
  Eigen::VectorXi g(9);
  for (int i = 0; i < 9; ++i) {
    y(i, 0) = i + 1;
    y(i, 1) = 10 - (i + 1) + 0.5 * (i % 3);
    g(i) = i / 3;
  }
  const sp::Field f = sp::anova1(y, g);
  CHECK(f.test == "anova1");
  CHECK(f.df1 == 2.0);
  CHECK(f.df2 == 6.0);
  CHECK_THAT(f.z(0), WithinRel(27.0, 1e-14));
  // Node 1: values 9, 8.5, 8 | 6, 5.5, 5 | 3, 2.5, 2: means 8.5, 5.5, 2.5, grand 5.5;
  // SSB = 3·(9 + 0 + 9) = 54, SSW = 3·0.5 = 1.5; F = 27 / 0.25 = 108.
  CHECK_THAT(f.z(1), WithinRel(108.0, 1e-13));
}

TEST_CASE("spm regress: slope t by hand and t = r √(ν / (1 − r²))", "[spm]") {
  // x = 0, 1, 2, 3; node 0: y = 1, 3, 2, 5: Sxx = 5, Sxy = 5.5, slope 1.1, intercept
  // 2.75 − 1.1 · 1.5 = 1.1; fitted 1.1, 2.2, 3.3, 4.4; SSE = 0.01 + 0.64 + 1.69 + 0.36 = 2.7;
  // t = 1.1 / √(2.7 / 2 / 5).
  Eigen::MatrixXd y(4, 2);
  y << 1, 0, 3, 1, 2, 1, 5, 3;
  Eigen::VectorXd x(4);
  x << 0, 1, 2, 3;
  const sp::Field f = sp::regress(y, x);
  CHECK(f.test == "regress");
  CHECK(f.df2 == 2.0);
  CHECK_THAT(f.beta(0), WithinRel(1.1, 1e-14));
  CHECK_THAT(f.z(0), WithinRel(1.1 / std::sqrt(2.7 / 2.0 / 5.0), 1e-13));
  for (Eigen::Index q = 0; q < 2; ++q) {
    const double r = f.r(q);
    CHECK_THAT(f.z(q), WithinRel(r * std::sqrt(2.0 / (1.0 - r * r)), 1e-12));
  }
  CHECK(f.x.size() == 4);
}

TEST_CASE("spm estimate_fwhm: closed-form roughness of phase-shifted cosines", "[spm]") {
  // R_iq = cos(ωq + 2πi/J), J = 8: Σ_i R² = J/2 at every node; central differences give
  // Σ_i (∂R)² = (J/2) sin²ω inside, one-sided ones (J/2) 4 sin²(ω/2) at both ends. So
  // FWHM = √(4 ln 2) Q / ((Q − 2) |sin ω| + 2 · 2 |sin(ω/2)|).
  const Eigen::Index J = 8, Q = 51;
  for (double omega : {0.05, 0.2, 0.7}) {
    Eigen::MatrixXd R(J, Q);
    for (Eigen::Index i = 0; i < J; ++i) {
      for (Eigen::Index q = 0; q < Q; ++q) {
        R(i, q) = std::cos(omega * static_cast<double>(q) +
                           2.0 * kPi * static_cast<double>(i) / static_cast<double>(J));
      }
    }
    const double expected =
        std::sqrt(4.0 * std::log(2.0)) * static_cast<double>(Q) /
        (static_cast<double>(Q - 2) * std::sin(omega) + 4.0 * std::sin(0.5 * omega));
    CHECK_THAT(sp::estimate_fwhm(R), WithinRel(expected, 1e-12));
  }
}

TEST_CASE("spm estimate_fwhm: Gaussian-smoothed noise of known FWHM", "[spm]") {
  // Estimation error of 100 curves × 201 nodes: a few percent (measured with numpy on other
  // seeds: −4 % to +7 % for 40 curves); 10 % is the tolerance.
  for (double fwhm : {8.0, 20.0}) {
    const Eigen::MatrixXd y = smooth_noise(100, 201, fwhm, 17);
    const sp::Field f = sp::ttest(y);
    CHECK_THAT(f.fwhm, WithinRel(fwhm, 0.10));
    CHECK_THAT(f.resels1, WithinRel(200.0 / f.fwhm, 1e-14));
  }
}

TEST_CASE("spm fields refuse bad input, naming it", "[spm]") {
  using hipmech::InvalidArgument;
  using hipmech::test::thrown_argument;
  using hipmech::test::thrown_message;
  Eigen::MatrixXd y = smooth_noise(6, 30, 5.0, 3);
  const double nan = std::numeric_limits<double>::quiet_NaN();

  SECTION("NaN names the argument, the curve and the node") {
    Eigen::MatrixXd a = y;
    a(3, 17) = nan;
    const std::string msg = thrown_message([&] { sp::ttest_paired(a, y); });
    CHECK_THAT(msg, ContainsSubstring("'a'") && ContainsSubstring("curve 3") &&
                        ContainsSubstring("node 17") && ContainsSubstring("NaN"));
    CHECK(thrown_argument([&] { sp::ttest_paired(y, a); }) == "b");
    CHECK(thrown_argument([&] { sp::ttest(a); }) == "y");
    Eigen::MatrixXd inf = y;
    inf(0, 0) = std::numeric_limits<double>::infinity();
    CHECK_THAT(thrown_message([&] { sp::ttest2(y, inf); }),
               ContainsSubstring("curve 0") && ContainsSubstring("inf"));
  }
  SECTION("shapes") {
    CHECK(thrown_argument([&] { sp::ttest_paired(y, y.leftCols(29)); }) == "b");
    CHECK(thrown_argument([&] { sp::ttest_paired(y, y.topRows(5)); }) == "b");
    CHECK(thrown_argument([&] { sp::ttest2(y, y.leftCols(29)); }) == "b");
    CHECK(thrown_argument([&] { sp::ttest(y.leftCols(1)); }) == "y");  // one node
    Eigen::VectorXd x5 = Eigen::VectorXd::LinSpaced(5, 0, 1);
    CHECK(thrown_argument([&] { sp::regress(y, x5); }) == "x");
    Eigen::VectorXi g5 = Eigen::VectorXi::Zero(5);
    CHECK(thrown_argument([&] { sp::anova1(y, g5); }) == "groups");
  }
  SECTION("too few curves") {
    CHECK(thrown_argument([&] { sp::ttest(y.topRows(1)); }) == "y");
    CHECK(thrown_argument([&] { sp::ttest_paired(y.topRows(1), y.bottomRows(1)); }) == "a");
    CHECK_THROWS_AS(sp::ttest2(y.topRows(1), y.bottomRows(1)), InvalidArgument);
    CHECK_THROWS_AS(sp::ttest2(y.topRows(0), y), InvalidArgument);
    Eigen::VectorXd x2(2);
    x2 << 0, 1;
    CHECK(thrown_argument([&] { sp::regress(y.topRows(2), x2); }) == "y");
    Eigen::VectorXi one = Eigen::VectorXi::Zero(6);
    CHECK(thrown_argument([&] { sp::anova1(y, one); }) == "groups");
    Eigen::VectorXi each(6);
    each << 0, 1, 2, 3, 4, 5;  // N = k: no error df
    CHECK(thrown_argument([&] { sp::anova1(y, each); }) == "y");
  }
  SECTION("a constant regressor") {
    Eigen::VectorXd x = Eigen::VectorXd::Constant(6, 2.5);
    CHECK_THAT(thrown_message([&] { sp::regress(y, x); }), ContainsSubstring("not constant"));
    x(2) = nan;
    CHECK(thrown_argument([&] { sp::regress(y, x); }) == "x");
  }
  SECTION("zero variance names the nodes") {
    Eigen::MatrixXd c = y;
    c.col(0).setConstant(1.0);
    c.col(1).setConstant(2.0);
    c.col(2).setConstant(3.0);
    c.col(7).setConstant(0.0);
    const std::string msg = thrown_message([&] { sp::ttest(c); });
    CHECK_THAT(msg, ContainsSubstring("zero variance at nodes 0\u20132, 7"));
    CHECK_THROWS_AS(sp::estimate_fwhm(Eigen::MatrixXd::Zero(3, 4)), InvalidArgument);
  }
}
