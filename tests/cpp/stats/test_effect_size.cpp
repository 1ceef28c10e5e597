// hipmech/stats/effect_size.hpp against independent sources:
//  - Cohen's d, Hedges' g (both J) and three CIs of d for the two groups of the R package
//    effsize's cohen.d tests (values asserted in pingouin's tests/test_effsize.py), read from
//    ../shared/validation/stats_reference/stats_reference_values.json,
//    key cohen_d_hedges_g_effsize_R;
//  - d_z and d_av of the real-statistics.com weight-clinic example (key
//    paired_t_real_statistics_weight_clinic);
//  - Hedges' J against its gamma-function closed forms at small df;
//  - closed-form and invariance checks, degenerate and bad input.
// pingouin and scipy.stats.nct comparisons on random data are in
// tests/python/test_stats_comparisons.py.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "helpers/stats_reference.hpp"
#include "helpers/thrown.hpp"
#include "hipmech/stats/effect_size.hpp"

namespace hs = hipmech::stats;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using Eigen::VectorXd;
using hipmech::test::json_values;
using hipmech::test::reference_section;
using hipmech::test::vec;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

TEST_CASE("d, g and the CIs of d reproduce R effsize", "[stats][effect_size]") {
  // R package effsize, cohen.d(a, b) (Torchiano), as asserted in pingouin's test suite:
  // d = 1.002549, g (approximate J) = 0.9254296, J ≈ 0.9230769, exact J = 0.9227456,
  // g (exact J) = 0.9250975; 95 % CIs of d: t (df 10) [−0.3623, 2.3674], z [−0.1980, 2.2031],
  // noncentral t [−0.2308, 2.1928].
  const std::string ref = reference_section("cohen_d_hedges_g_effsize_R");
  const VectorXd a = vec(json_values(ref, "a"));
  const VectorXd b = vec(json_values(ref, "b"));

  const auto d = hs::cohen_d(a, b);
  CHECK_THAT(d.estimate, WithinAbs(json_values(ref, "cohen_d_pooled_sd")[0], 1e-6));
  CHECK(d.name == "Cohen's d (pooled SD)");
  CHECK(d.ci_method == "noncentral_t");
  CHECK(d.df == 10.0);
  CHECK(std::isnan(d.j));
  const auto nct = json_values(ref, "noncentral_t_exact");
  CHECK_THAT(d.ci_low, WithinAbs(nct[0], 1e-4));
  CHECK_THAT(d.ci_high, WithinAbs(nct[1], 1e-4));

  const auto dt = hs::cohen_d(a, b, hs::EffectSizeCi::T);
  const auto t = json_values(ref, "t_crit_df10_SE_HedgesOlkin");
  CHECK_THAT(dt.ci_low, WithinAbs(t[0], 1e-4));
  CHECK_THAT(dt.ci_high, WithinAbs(t[1], 1e-4));
  CHECK(dt.ci_method == "t");
  const auto dz = hs::cohen_d(a, b, hs::EffectSizeCi::Z);
  const auto z = json_values(ref, "z_crit_SE_HedgesOlkin");
  CHECK_THAT(dz.ci_low, WithinAbs(z[0], 1e-4));
  CHECK_THAT(dz.ci_high, WithinAbs(z[1], 1e-4));

  const auto g_approx = hs::hedges_g(a, b, hs::HedgesCorrection::Approximate);
  CHECK_THAT(g_approx.estimate, WithinAbs(json_values(ref, "hedges_g_approx_J")[0], 1e-6));
  CHECK_THAT(g_approx.j,
             WithinAbs(json_values(ref, "J_approx_1_minus_3_over_4N_minus_9")[0], 1e-7));
  CHECK(g_approx.name == "Hedges' g (pooled SD, approximate J)");
  const auto g = hs::hedges_g(a, b);
  CHECK_THAT(g.estimate, WithinAbs(json_values(ref, "hedges_g_exact_J")[0], 1e-6));
  CHECK_THAT(g.j, WithinAbs(json_values(ref, "J_exact_gamma")[0], 1e-7));
  CHECK(g.name == "Hedges' g (pooled SD, exact J)");
  // g's noncentral interval is d's scaled by J.
  CHECK_THAT(g.ci_low, WithinRel(d.ci_low * g.j, 1e-12));
  CHECK_THAT(g.ci_high, WithinRel(d.ci_high * g.j, 1e-12));
}

TEST_CASE("d_z and d_av reproduce the weight-clinic example", "[stats][effect_size]") {
  // real-statistics.com paired example (spm1d RSWeightClinic): d_z = 1.72727, and
  // "cohen_d_av" 0.41166, which is the difference over √((s_a² + s_b²)/2) (the RmsSd
  // standardizer); Lakens' (2013) eq. 5 mean of the SDs gives 0.412933 (computed by hand from
  // s_a = 26.0472, s_b = 23.4553 below).
  const std::string ref = reference_section("paired_t_real_statistics_weight_clinic");
  const VectorXd before = vec(json_values(ref, "before"));
  const VectorXd after = vec(json_values(ref, "after"));
  const auto dz = hs::cohen_dz(before, after);
  CHECK_THAT(dz.estimate, WithinAbs(json_values(ref, "cohen_dz")[0], 1e-5));
  CHECK(dz.df == 14.0);
  CHECK(dz.name == "Cohen's d_z (SD of the differences)");
  const auto rms = hs::cohen_dav(before, after, hs::DavStandardizer::RmsSd);
  CHECK_THAT(rms.estimate, WithinAbs(json_values(ref, "cohen_d_av")[0], 1e-5));
  const auto lakens = hs::cohen_dav(before, after);
  const double sa = std::sqrt((before.array() - before.mean()).square().sum() / 14.0);
  const double sb = std::sqrt((after.array() - after.mean()).square().sum() / 14.0);
  CHECK_THAT(lakens.estimate, WithinRel((before - after).mean() / (0.5 * (sa + sb)), 1e-13));
  CHECK_THAT(lakens.estimate, WithinAbs(0.412933, 1e-6));
  CHECK(lakens.ci_method == "none");
  CHECK(std::isnan(lakens.ci_low));
  CHECK(std::isnan(lakens.se));
  CHECK_THAT(lakens.note, ContainsSubstring("bootstrap"));
  // The noncentral t interval of d_z inverts the paired t statistic t = d_z √n.
  const double t_obs = dz.estimate * std::sqrt(15.0);
  CHECK_THAT(hs::noncentral_t_cdf(t_obs, 14.0, dz.ci_low * std::sqrt(15.0)),
             WithinAbs(0.975, 1e-9));
  CHECK_THAT(hs::noncentral_t_cdf(t_obs, 14.0, dz.ci_high * std::sqrt(15.0)),
             WithinAbs(0.025, 1e-9));
  // SE of d_z: √(1/n + d_z²/(2n)).
  CHECK_THAT(dz.se, WithinRel(std::sqrt(1.0 / 15.0 + dz.estimate * dz.estimate / 30.0), 1e-14));
  CHECK_THAT(dz.variance, WithinRel(dz.se * dz.se, 1e-14));
}

TEST_CASE("Hedges' J against its closed forms", "[stats][effect_size]") {
  // Hedges (1981) eq. 6e, J(m) = Γ(m/2) / (√(m/2) Γ((m − 1)/2)), worked with Γ(1) = Γ(2) = 1,
  // Γ(1/2) = √π, Γ(3/2) = √π/2, Γ(5/2) = 3√π/4.
  const double pi = 3.14159265358979323846;
  const double sqrt_pi = std::sqrt(pi);
  CHECK_THAT(hs::hedges_j(2, hs::HedgesCorrection::Exact), WithinRel(1.0 / sqrt_pi, 1e-14));
  CHECK_THAT(hs::hedges_j(3, hs::HedgesCorrection::Exact),
             WithinRel(0.5 * sqrt_pi / std::sqrt(1.5), 1e-14));
  CHECK_THAT(hs::hedges_j(4, hs::HedgesCorrection::Exact),
             WithinRel(1.0 / (std::sqrt(2.0) * 0.5 * sqrt_pi), 1e-14));
  CHECK_THAT(hs::hedges_j(5, hs::HedgesCorrection::Exact),
             WithinRel(0.75 * sqrt_pi / std::sqrt(2.5), 1e-14));
  // The approximation 1 − 3/(4 df − 1) and its agreement for large df (error O(df⁻²)).
  CHECK(hs::hedges_j(10, hs::HedgesCorrection::Approximate) == 1.0 - 3.0 / 39.0);
  for (double df : {30.0, 100.0, 1e4, 1e8}) {
    CHECK_THAT(
        hs::hedges_j(df, hs::HedgesCorrection::Exact),
        WithinAbs(hs::hedges_j(df, hs::HedgesCorrection::Approximate), 1.0 / (df * df) + 1e-15));
  }
  CHECK(hs::hedges_j(7, hs::HedgesCorrection::None) == 1.0);
  CHECK(std::isnan(hs::hedges_j(1, hs::HedgesCorrection::Exact)));
}

TEST_CASE("effect sizes: invariances and closed forms", "[stats][effect_size]") {
  const VectorXd a = (VectorXd(5) << 5.1, 6.3, 4.8, 7.2, 6.0).finished();
  const VectorXd b = (VectorXd(7) << 4.2, 5.0, 3.9, 5.5, 4.4, 6.1, 4.0).finished();
  const auto d = hs::cohen_d(a, b);

  SECTION("swapping the groups flips the sign and the interval") {
    const auto r = hs::cohen_d(b, a);
    CHECK_THAT(r.estimate, WithinRel(-d.estimate, 1e-14));
    CHECK_THAT(r.ci_low, WithinRel(-d.ci_high, 1e-9));
    CHECK_THAT(r.ci_high, WithinRel(-d.ci_low, 1e-9));
  }
  SECTION("scale and shift invariance") {
    const VectorXd a2 = (3.0 * a.array() + 10.0).matrix();
    const VectorXd b2 = (3.0 * b.array() + 10.0).matrix();
    CHECK_THAT(hs::cohen_d(a2, b2).estimate, WithinRel(d.estimate, 1e-12));
    CHECK_THAT(hs::cohen_dz(a2.head(5), b2.head(5)).estimate,
               WithinRel(hs::cohen_dz(a, b.head(5)).estimate, 1e-12));
  }
  SECTION("d is t · √(1/n1 + 1/n2) of Student's t-test") {
    const auto t = hs::ttest_independent(a, b, true);
    CHECK_THAT(d.estimate, WithinRel(t.statistic * std::sqrt(1.0 / 5 + 1.0 / 7), 1e-13));
    CHECK_THAT(d.mean_difference, WithinRel(t.estimate, 1e-14));
    CHECK_THAT(hs::cohen_dz(a, b.head(5)).estimate,
               WithinRel(hs::ttest_paired(a, b.head(5)).statistic / std::sqrt(5.0), 1e-13));
  }
  SECTION("Hedges & Olkin SE and the t and z intervals") {
    const double se = std::sqrt(12.0 / 35.0 + d.estimate * d.estimate / 24.0);
    CHECK_THAT(d.se, WithinRel(se, 1e-14));
    CHECK_THAT(d.variance, WithinRel(se * se, 1e-14));
    const auto z = hs::cohen_d(a, b, hs::EffectSizeCi::Z, 0.9);
    CHECK_THAT(z.ci_high, WithinRel(d.estimate + hs::normal_quantile(0.95) * se, 1e-14));
    const auto g = hs::hedges_g(a, b, hs::HedgesCorrection::Exact, hs::EffectSizeCi::T);
    const double se_g = std::sqrt(12.0 / 35.0 + g.estimate * g.estimate / 24.0);
    CHECK_THAT(g.se, WithinRel(se_g, 1e-14));
    CHECK_THAT(g.ci_low, WithinRel(g.estimate - hs::t_quantile(0.975, 10) * se_g, 1e-14));
  }
  SECTION("the noncentral t interval inverts the noncentral t at t_obs") {
    const double k = std::sqrt(35.0 / 12.0);
    for (double conf : {0.8, 0.95, 0.99}) {
      const auto r = hs::cohen_d(a, b, hs::EffectSizeCi::NoncentralT, conf);
      CHECK_THAT(hs::noncentral_t_cdf(d.estimate * k, 10.0, r.ci_low * k),
                 WithinAbs(0.5 + conf / 2, 1e-9));
      CHECK_THAT(hs::noncentral_t_cdf(d.estimate * k, 10.0, r.ci_high * k),
                 WithinAbs(0.5 - conf / 2, 1e-9));
    }
  }
  SECTION("Glass's delta standardizes by the SD of b") {
    const auto r = hs::glass_delta(a, b);
    const double sb = std::sqrt((b.array() - b.mean()).square().sum() / 6.0);
    CHECK_THAT(r.estimate, WithinRel((a.mean() - b.mean()) / sb, 1e-13));
    CHECK(r.df == 6.0);
    CHECK(r.ci_method == "t");
    const double se = std::sqrt(12.0 / 35.0 + r.estimate * r.estimate / 12.0);
    CHECK_THAT(r.ci_high, WithinRel(r.estimate + hs::t_quantile(0.975, 6.0) * se, 1e-13));
    const auto nct = hs::glass_delta(a, b, hs::EffectSizeCi::NoncentralT);
    CHECK(std::isnan(nct.ci_low));
    CHECK(std::isfinite(nct.estimate));
    CHECK_THAT(nct.note, ContainsSubstring("no exact noncentral t interval"));
  }
  SECTION("summary statistics give the same d and g as the data") {
    const double sa = std::sqrt((a.array() - a.mean()).square().sum() / 4.0);
    const double sb = std::sqrt((b.array() - b.mean()).square().sum() / 6.0);
    for (auto c : {hs::HedgesCorrection::None, hs::HedgesCorrection::Exact,
                   hs::HedgesCorrection::Approximate}) {
      const auto s = hs::smd_from_summary(a.mean(), sa, 5, b.mean(), sb, 7, c);
      const auto r = hs::standardized_mean_difference(a, b, c);
      CHECK_THAT(s.estimate, WithinRel(r.estimate, 1e-12));
      CHECK_THAT(s.variance, WithinRel(r.variance, 1e-12));
      CHECK_THAT(s.ci_low, WithinRel(r.ci_low, 1e-9));
      CHECK(s.name == r.name);
    }
  }
}

TEST_CASE("effect sizes: degenerate input gives NaN with a reason", "[stats][effect_size]") {
  const VectorXd c = VectorXd::Constant(4, 0.7);
  const auto d = hs::cohen_d(c, VectorXd::Constant(3, 0.2));
  CHECK(std::isnan(d.estimate));
  CHECK(std::isnan(d.ci_low));
  CHECK(std::isnan(d.se));
  CHECK_THAT(d.note, ContainsSubstring("zero pooled SD"));
  CHECK_THAT(hs::cohen_dz(c, VectorXd::Constant(4, 0.1)).note,
             ContainsSubstring("zero SD of the differences"));
  CHECK_THAT(hs::cohen_dav(c, VectorXd::Constant(4, 0.1)).note, ContainsSubstring("zero SD"));
  CHECK_THAT(hs::glass_delta(VectorXd::Ones(3), c).note, ContainsSubstring("zero SD in 'b'"));
  CHECK_THAT(hs::cohen_d(VectorXd::Ones(1), VectorXd::Zero(1)).note,
             ContainsSubstring("at least 3"));
  CHECK_THAT(hs::cohen_dz(VectorXd::Ones(1), VectorXd::Zero(1)).note,
             ContainsSubstring("one pair"));
  // df = 1: Hedges' J is undefined (it would be 0).
  const auto g = hs::hedges_g((VectorXd(2) << 1.0, 2.0).finished(), VectorXd::Ones(1));
  CHECK(std::isnan(g.estimate));
  CHECK_THAT(g.note, ContainsSubstring("df"));
  // A huge effect: the interval stays finite or NaN with a note, never inf.
  const VectorXd a = (VectorXd(4) << 100.0, 100.001, 100.002, 100.003).finished();
  const auto big = hs::cohen_d(a, VectorXd::LinSpaced(4, 0.0, 0.003));
  CHECK(std::isfinite(big.estimate));
  CHECK(!std::isinf(big.ci_low));
  CHECK(!std::isinf(big.ci_high));
  CHECK((std::isfinite(big.ci_low) || !big.note.empty()));
}

TEST_CASE("effect sizes: missing values", "[stats][effect_size]") {
  VectorXd a = VectorXd::LinSpaced(6, 1.0, 6.0);
  a[1] = kNaN;
  const VectorXd b = VectorXd::LinSpaced(6, 0.0, 2.5);
  const auto p = hs::cohen_d(a, b);
  CHECK(std::isnan(p.estimate));
  CHECK(p.n_missing == 1);
  CHECK(p.n1 == 5);
  CHECK_THAT(p.note, ContainsSubstring("1 of 6 values of 'a'"));
  const auto o = hs::cohen_d(a, b, hs::EffectSizeCi::NoncentralT, 0.95, hs::Missing::Omit);
  VectorXd kept(5);
  kept << 1.0, 3.0, 4.0, 5.0, 6.0;
  CHECK_THAT(o.estimate, WithinRel(hs::cohen_d(kept, b).estimate, 1e-14));
  CHECK(o.n_missing == 1);
  const auto dz = hs::cohen_dz(a, b, hs::EffectSizeCi::T, 0.95, hs::Missing::Omit);
  CHECK(dz.n1 == 5);
  CHECK_THAT(hs::cohen_dav(a, b).note, ContainsSubstring("1 of 6 pairs"));
  CHECK(hipmech::test::thrown_argument(
            [&] { hs::cohen_dz(b, a, hs::EffectSizeCi::T, 0.95, hs::Missing::Raise); }) == "b");
}

TEST_CASE("effect sizes: bad arguments are named", "[stats][effect_size]") {
  using hipmech::test::thrown_argument;
  const VectorXd x = VectorXd::LinSpaced(5, 1.0, 5.0);
  CHECK(thrown_argument([&] { hs::cohen_dz(x, VectorXd::Ones(4)); }) == "b");
  CHECK(thrown_argument([&] { hs::cohen_dav(x, VectorXd::Ones(6)); }) == "b");
  CHECK(thrown_argument([&] { hs::cohen_d(x, x, hs::EffectSizeCi::T, 0.0); }) == "confidence");
  CHECK(thrown_argument([&] { hs::hedges_g(x, x, hs::HedgesCorrection::None); }) == "correction");
  CHECK(thrown_argument([&] { hs::parse_effect_size_ci("exact"); }) == "ci");
  CHECK(thrown_argument([&] { hs::parse_hedges_correction("hedges"); }) == "correction");
  CHECK(thrown_argument([&] { hs::parse_dav_standardizer("pooled"); }) == "standardizer");
  CHECK(thrown_argument([&] { hs::smd_from_summary(kNaN, 1, 5, 0, 1, 5); }) == "mean1");
  CHECK(thrown_argument([&] { hs::smd_from_summary(0, -1, 5, 0, 1, 5); }) == "sd1");
  CHECK(thrown_argument([&] { hs::smd_from_summary(0, 1, 5, 0, kNaN, 5); }) == "sd2");
  CHECK(thrown_argument([&] { hs::smd_from_summary(0, 1, 0, 0, 1, 5); }) == "n1");
  CHECK(thrown_argument([&] { hs::smd_from_summary(0, 1, 1, 0, 1, 1); }) == "n2");
  CHECK(hs::parse_effect_size_ci("nct") == hs::EffectSizeCi::NoncentralT);
  CHECK(hs::parse_hedges_correction("approximate") == hs::HedgesCorrection::Approximate);
}

TEST_CASE("the value functions are the estimates of the full results", "[stats][effect_size]") {
  VectorXd a(5);
  VectorXd b(7);
  a << 3.2, 6.4, 1.8, 2.4, 5.8;
  b << 2.4, 3.2, 3.2, 1.4, 2.8, 3.5, 2.9;
  CHECK(hs::detail::cohen_d_value(a, b) == hs::cohen_d(a, b).estimate);
  CHECK(hs::detail::hedges_g_value(a, b, hs::HedgesCorrection::Exact) ==
        hs::hedges_g(a, b).estimate);
  CHECK(hs::detail::hedges_g_value(a, b, hs::HedgesCorrection::Approximate) ==
        hs::hedges_g(a, b, hs::HedgesCorrection::Approximate).estimate);
  const VectorXd diff = a - b.head(5);
  CHECK(hs::detail::cohen_dz_value(diff) == hs::cohen_dz(a, b.head(5)).estimate);
  // Degenerate input: NaN (all values equal, too few values).
  CHECK(std::isnan(hs::detail::cohen_d_value(VectorXd::Constant(3, 2.0), VectorXd::Constant(4, 2.0))));
  CHECK(std::isnan(hs::detail::cohen_d_value(a.head(1), b.head(1))));
  CHECK(std::isnan(hs::detail::cohen_dz_value(VectorXd::Constant(4, 0.1))));
  CHECK(std::isnan(hs::detail::cohen_dz_value(diff.head(1))));
}

TEST_CASE("smd_from_summary rejects group sizes beyond 2^53", "[stats][effect_size]") {
  const Eigen::Index huge = (Eigen::Index{1} << 53) + 1;
  CHECK(hipmech::test::thrown_argument([&] { hs::smd_from_summary(1, 1, huge, 0, 1, 10); }) == "n1");
  CHECK(hipmech::test::thrown_argument([&] { hs::smd_from_summary(1, 1, 10, 0, 1, huge); }) == "n2");
}
