// DerSimonian-Laird meta-analysis (include/hipmech/stats/meta_analysis.hpp).
//
// Expected values are independent of the implementation:
// - the BCG vaccine trials (Colditz et al. 1994, JAMA 271:698-702; metafor's dat.bcg), log risk
//   ratios: metafor's test "rma.uni() against metan with dat.bcg"
//   (wviechtb/metafor tests/testthat/test_misc_metan_vs_rma.uni_with_dat.bcg.r), which checks
//   rma(method = "DL") against Stata's metan: random effects -0.7141, CI -1.0644 to -0.3638,
//   z -3.9952, tau^2 0.3088, I^2 92.1173 %; fixed effect -0.4303, CI -0.5097 to -0.3509,
//   z -10.6247, Q 152.2330. The per-trial log risk ratios and variances come from
//   relative_risk() (Katz), as escalc(measure = "RR") computes them;
// - Kacker (2004, Metrologia 41:132-136) interlaboratory example as run through metafor's
//   rma(method = "DL") in statsmodels' test data (statsmodels/stats/tests/results/
//   results_meta.py, exk1_dl): tau^2 0.288049246973751, estimate 62.3901386044504,
//   SE 0.245749668040304, CI 61.9084781058787 to 62.8717991030221, Q 24.801897741835,
//   p(Q) 0.00167935146372742, I^2 67.744403741711 %, H^2 3.10023721772938;
// - homogeneous studies (tau^2 = 0: random = fixed) and two studies by hand.
#include <cmath>
#include <limits>
#include <string>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/thrown.hpp"
#include "hipmech/stats/contingency.hpp"
#include "hipmech/stats/meta_analysis.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using hipmech::test::thrown_argument;
namespace hs = hipmech::stats;

TEST_CASE("DerSimonian-Laird reproduces metafor and metan on the BCG trials",
          "[stats][meta_analysis]") {
  const hs::Table2x2 bcg[13] = {
      {4, 119, 11, 128},       {6, 300, 29, 274},        {3, 228, 11, 209},
      {62, 13536, 248, 12619}, {33, 5036, 47, 5761},     {180, 1361, 372, 1079},
      {8, 2537, 10, 619},      {505, 87886, 499, 87892}, {29, 7470, 45, 7232},
      {17, 1699, 65, 1600},    {186, 50448, 141, 27197}, {5, 2493, 3, 2338},
      {27, 16886, 29, 17825}};
  Eigen::VectorXd y(13);
  Eigen::VectorXd v(13);
  for (int i = 0; i < 13; ++i) {
    const auto rr = hs::relative_risk(bcg[i]);
    y[i] = rr.log_estimate;
    v[i] = rr.se * rr.se;
  }
  const auto r = hs::meta_analysis(y, v);
  CHECK(r.k == 13);
  CHECK_THAT(r.random_estimate, WithinAbs(-0.7141, 5e-5));
  CHECK_THAT(r.random_ci_low, WithinAbs(-1.0644, 5e-5));
  CHECK_THAT(r.random_ci_high, WithinAbs(-0.3638, 5e-5));
  CHECK_THAT(r.random_z, WithinAbs(-3.9952, 5e-5));
  CHECK_THAT(r.tau2, WithinAbs(0.3088, 5e-5));
  CHECK_THAT(r.i2_percent, WithinAbs(92.1173, 5e-5));
  CHECK_THAT(r.fixed_estimate, WithinAbs(-0.4303, 5e-5));
  CHECK_THAT(r.fixed_ci_low, WithinAbs(-0.5097, 5e-5));
  CHECK_THAT(r.fixed_ci_high, WithinAbs(-0.3509, 5e-5));
  CHECK_THAT(r.fixed_z, WithinAbs(-10.6247, 5e-5));
  CHECK_THAT(r.q, WithinAbs(152.2330, 5e-5));
  CHECK(r.q_df == 12.0);
  CHECK_THAT(r.weights_fixed_percent.sum(), WithinAbs(100.0, 1e-10));
  CHECK_THAT(r.weights_random_percent.sum(), WithinAbs(100.0, 1e-10));
  // Prediction interval, Higgins et al. 2009: mu +/- t(0.975, 11) sqrt(tau^2 + SE^2).
  const double half = 2.200985160082949 * std::sqrt(r.tau2 + r.random_se * r.random_se);
  CHECK_THAT(r.prediction_low, WithinAbs(r.random_estimate - half, 1e-9));
  CHECK_THAT(r.prediction_high, WithinAbs(r.random_estimate + half, 1e-9));
  CHECK(r.note.empty());
}

TEST_CASE("DerSimonian-Laird reproduces metafor on Kacker's example", "[stats][meta_analysis]") {
  Eigen::VectorXd y(9);
  Eigen::VectorXd v(9);
  y << 61.0, 61.4, 62.21, 62.3, 62.34, 62.6, 62.7, 62.84, 65.9;
  v << 0.2025, 1.2100, 0.0900, 0.2025, 0.3844, 0.5625, 0.0676, 0.0225, 1.8225;
  const auto r = hs::meta_analysis(y, v);
  CHECK_THAT(r.tau2, WithinAbs(0.288049246973751, 1e-10));
  CHECK_THAT(r.random_estimate, WithinAbs(62.3901386044504, 1e-10));
  CHECK_THAT(r.random_se, WithinAbs(0.245749668040304, 1e-10));
  CHECK_THAT(r.random_ci_low, WithinAbs(61.9084781058787, 1e-9));
  CHECK_THAT(r.random_ci_high, WithinAbs(62.8717991030221, 1e-9));
  CHECK_THAT(r.q, WithinAbs(24.801897741835, 1e-9));
  CHECK_THAT(r.q_p_value, WithinAbs(0.00167935146372742, 1e-12));
  CHECK_THAT(r.i2_percent, WithinAbs(67.744403741711, 1e-8));
  CHECK_THAT(r.h2, WithinAbs(3.10023721772938, 1e-10));
  CHECK_THAT(r.tau, WithinAbs(std::sqrt(0.288049246973751), 1e-10));
  // The same with standard errors.
  const auto s = hs::meta_analysis_se(y, v.array().sqrt().matrix());
  CHECK_THAT(s.tau2, WithinAbs(r.tau2, 1e-12));
  CHECK_THAT(s.random_estimate, WithinAbs(r.random_estimate, 1e-12));
}

TEST_CASE("homogeneous studies: tau^2 = 0 and random = fixed", "[stats][meta_analysis]") {
  Eigen::VectorXd y(4);
  Eigen::VectorXd v(4);
  y << 0.3, 0.3, 0.3, 0.3;
  v << 0.04, 0.05, 0.06, 0.03;
  const auto r = hs::meta_analysis(y, v);
  CHECK(r.q == 0.0);
  CHECK(r.tau2 == 0.0);
  CHECK(r.i2_percent == 0.0);
  CHECK(r.h2 == 0.0);
  CHECK_THAT(r.random_estimate, WithinAbs(0.3, 1e-14));
  CHECK_THAT(r.random_se, WithinAbs(r.fixed_se, 1e-14));
  CHECK(r.q_p_value == 1.0);
  // Weights proportional to 1 / v.
  const double sw = 1 / 0.04 + 1 / 0.05 + 1 / 0.06 + 1 / 0.03;
  CHECK_THAT(r.weights_fixed_percent[3], WithinAbs(100.0 / 0.03 / sw, 1e-12));
}

TEST_CASE("two studies by hand; the prediction interval needs three", "[stats][meta_analysis]") {
  // y = (0, 1), v = (1, 1): fixed 0.5, SE 1/sqrt(2); Q = 0.5; C = 2 - 2/2 = 1;
  // tau^2 = max(0, 0.5 - 1) = 0; I^2 = 0; H^2 = 0.5.
  Eigen::VectorXd y(2);
  Eigen::VectorXd v(2);
  y << 0.0, 1.0;
  v << 1.0, 1.0;
  auto r = hs::meta_analysis(y, v);
  CHECK_THAT(r.fixed_estimate, WithinAbs(0.5, 1e-14));
  CHECK_THAT(r.fixed_se, WithinAbs(std::sqrt(0.5), 1e-14));
  CHECK_THAT(r.q, WithinAbs(0.5, 1e-14));
  CHECK(r.tau2 == 0.0);
  CHECK_THAT(r.h2, WithinAbs(0.5, 1e-14));
  CHECK(std::isnan(r.prediction_low));
  CHECK_THAT(r.note, ContainsSubstring("prediction interval"));
  // y = (0, 4), v = (1, 1): Q = 8, tau^2 = (8 - 1) / 1 = 7, random SE = sqrt(8 / 2) = 2.
  y << 0.0, 4.0;
  r = hs::meta_analysis(y, v);
  CHECK_THAT(r.tau2, WithinAbs(7.0, 1e-13));
  CHECK_THAT(r.random_se, WithinAbs(2.0, 1e-13));
  CHECK_THAT(r.i2_percent, WithinAbs(87.5, 1e-12));
  CHECK_THAT(r.weights_random_percent[0], WithinAbs(50.0, 1e-12));
  CHECK_THAT(r.study_ci_high[1], WithinAbs(4.0 + 1.959963984540054, 1e-12));
}

TEST_CASE("meta-analysis rejects bad input naming the argument", "[stats][meta_analysis]") {
  Eigen::VectorXd y(3);
  Eigen::VectorXd v(3);
  y << 0.1, 0.2, 0.3;
  v << 0.01, 0.02, 0.03;
  CHECK(thrown_argument([&] { hs::meta_analysis(y.head(1), v.head(1)); }) == "effects");
  CHECK(thrown_argument([&] { hs::meta_analysis(y, v.head(2)); }) == "variances");
  Eigen::VectorXd bad = v;
  bad[1] = 0.0;
  CHECK(thrown_argument([&] { hs::meta_analysis(y, bad); }) == "variances");
  bad[1] = -0.5;
  CHECK(thrown_argument([&] { hs::meta_analysis(y, bad); }) == "variances");
  bad[1] = std::numeric_limits<double>::quiet_NaN();
  CHECK(thrown_argument([&] { hs::meta_analysis(y, bad); }) == "variances");
  CHECK(thrown_argument([&] { hs::meta_analysis_se(y, bad); }) == "se");
  Eigen::VectorXd ybad = y;
  ybad[0] = std::numeric_limits<double>::quiet_NaN();
  CHECK(thrown_argument([&] { hs::meta_analysis(ybad, v); }) == "effects");
  CHECK(thrown_argument([&] { hs::meta_analysis_se(y, -v); }) == "se");
  CHECK(thrown_argument([&] { hs::meta_analysis_se(y, v.head(2)); }) == "se");
  CHECK(thrown_argument([&] { hs::meta_analysis(y, v, 1.5); }) == "confidence");
}
