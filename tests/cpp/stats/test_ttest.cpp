// hipmech/stats/ttest.hpp against independent sources:
//  - the paired t-test of the real-statistics.com weight-clinic example (also bundled with
//    spm1d, data/uv0d/tpaired.py "RSWeightClinic"), read from
//    ../shared/validation/stats_reference/stats_reference_values.json,
//    key paired_t_real_statistics_weight_clinic;
//  - closed-form cases worked by hand (t, df, p from the t quantile, one-sided intervals);
//  - invariances (paired = one-sample of the differences, Welch = Student at equal n and SD);
//  - degenerate input (NaN with a reason, never inf) and bad input (argument named).
// scipy.stats.ttest_* comparisons on random data are in tests/python/test_stats_comparisons.py.
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
#include "hipmech/stats/ttest.hpp"

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
const double kInf = std::numeric_limits<double>::infinity();

}  // namespace

TEST_CASE("paired t-test reproduces the real-statistics.com weight-clinic example",
          "[stats][ttest]") {
  // real-statistics.com, "Paired sample t test" example (15 clients weighed before and after);
  // expected values as bundled in spm1d (RSWeightClinic): t = 6.6896995, df = 14,
  // p (two-tailed) = 1.028e-05.
  const std::string ref = reference_section("paired_t_real_statistics_weight_clinic");
  const VectorXd before = vec(json_values(ref, "before"));
  const VectorXd after = vec(json_values(ref, "after"));
  const auto r = hs::ttest_paired(before, after);
  CHECK_THAT(r.statistic, WithinAbs(json_values(ref, "t")[0], 1e-6));
  CHECK(r.df == json_values(ref, "df")[0]);
  CHECK_THAT(r.p_value, WithinAbs(json_values(ref, "p_two_tailed")[0], 5e-9));
  CHECK(r.method == "paired t-test");
  CHECK(r.n1 == 15);
  CHECK(r.n2 == 15);
  CHECK(r.note.empty());
  // The CI is that of the mean difference: estimate ± t(0.975, 14) · se.
  CHECK_THAT(r.estimate, WithinRel((before - after).mean(), 1e-14));
  CHECK_THAT(r.ci_high - r.estimate, WithinRel(hs::t_quantile(0.975, 14) * r.se, 1e-12));
  CHECK_THAT(r.estimate - r.ci_low, WithinRel(hs::t_quantile(0.975, 14) * r.se, 1e-12));
}

TEST_CASE("one-sample t-test, worked by hand", "[stats][ttest]") {
  // x = 1..5: mean 3, s² = 2.5, se = √(2.5/5) = √0.5; against μ0 = 1: t = 2/√0.5 = 2√2, df 4.
  const VectorXd x = VectorXd::LinSpaced(5, 1.0, 5.0);
  const auto r = hs::ttest_one_sample(x, 1.0);
  CHECK_THAT(r.statistic, WithinRel(2.0 * std::sqrt(2.0), 1e-14));
  CHECK(r.df == 4.0);
  CHECK_THAT(r.se, WithinRel(std::sqrt(0.5), 1e-14));
  CHECK(r.estimate == 3.0);
  CHECK(r.null_value == 1.0);
  CHECK_THAT(r.p_value, WithinRel(2.0 * hs::t_sf(2.0 * std::sqrt(2.0), 4.0), 1e-14));
  // The two-sided 95 % CI of the mean: 3 ± 2.776445 · √0.5 (t table, df 4).
  CHECK_THAT(r.ci_low, WithinAbs(3.0 - 2.776445105 * std::sqrt(0.5), 1e-8));
  CHECK_THAT(r.ci_high, WithinAbs(3.0 + 2.776445105 * std::sqrt(0.5), 1e-8));
  CHECK(r.method == "one-sample t-test");

  SECTION("one-sided alternatives give one-sided intervals with an infinite bound") {
    const auto g = hs::ttest_one_sample(x, 1.0, hs::Alternative::Greater, 0.9);
    CHECK_THAT(g.p_value, WithinRel(r.p_value / 2.0, 1e-12));
    CHECK(g.ci_high == kInf);
    CHECK_THAT(g.ci_low, WithinRel(3.0 - hs::t_quantile(0.9, 4.0) * std::sqrt(0.5), 1e-14));
    const auto l = hs::ttest_one_sample(x, 1.0, hs::Alternative::Less, 0.9);
    CHECK_THAT(l.p_value, WithinAbs(1.0 - g.p_value, 1e-14));
    CHECK(l.ci_low == -kInf);
    CHECK_THAT(l.ci_high, WithinRel(3.0 + hs::t_quantile(0.9, 4.0) * std::sqrt(0.5), 1e-14));
    CHECK(l.confidence == 0.9);
  }
}

TEST_CASE("paired t-test is the one-sample t-test of the differences", "[stats][ttest]") {
  const VectorXd a = (VectorXd(6) << 3.1, 4.5, 2.2, 5.0, 4.1, 3.3).finished();
  const VectorXd b = (VectorXd(6) << 2.0, 4.4, 2.9, 3.1, 3.5, 3.0).finished();
  for (auto alt : {hs::Alternative::TwoSided, hs::Alternative::Less, hs::Alternative::Greater}) {
    const auto p = hs::ttest_paired(a, b, alt, 0.9);
    const auto o = hs::ttest_one_sample(a - b, 0.0, alt, 0.9);
    CHECK_THAT(p.statistic, WithinRel(o.statistic, 1e-14));
    CHECK_THAT(p.p_value, WithinRel(o.p_value, 1e-14));
    CHECK(p.ci_low == o.ci_low);
    CHECK(p.ci_high == o.ci_high);
  }
  // Swapping a and b flips the sign of t and keeps the two-sided p.
  const auto ab = hs::ttest_paired(a, b);
  const auto ba = hs::ttest_paired(b, a);
  CHECK_THAT(ba.statistic, WithinRel(-ab.statistic, 1e-14));
  CHECK_THAT(ba.p_value, WithinRel(ab.p_value, 1e-14));
}

TEST_CASE("independent t-tests, Welch and Student", "[stats][ttest]") {
  // Equal sizes and equal SDs: Welch's df is 2n − 2 and both tests agree.
  const VectorXd a = (VectorXd(4) << 1.0, 2.0, 3.0, 4.0).finished();
  const VectorXd b = (VectorXd(4) << 3.0, 4.0, 5.0, 6.0).finished();
  const auto w = hs::ttest_independent(a, b);
  const auto s = hs::ttest_independent(a, b, true);
  CHECK(w.method == "Welch's t-test");
  CHECK(s.method == "Student's t-test");
  // s² = 5/3 in both, se = √(2 · 5/3 / 4) = √(5/6); t = −2/√(5/6).
  CHECK_THAT(s.statistic, WithinRel(-2.0 / std::sqrt(5.0 / 6.0), 1e-14));
  CHECK_THAT(w.statistic, WithinRel(s.statistic, 1e-14));
  CHECK_THAT(w.df, WithinRel(6.0, 1e-14));
  CHECK(s.df == 6.0);
  CHECK(s.estimate == -2.0);
  CHECK(s.n1 == 4);
  CHECK(s.n2 == 4);

  SECTION("Welch–Satterthwaite df, worked by hand") {
    // a: n 3, s² 1 (1,2,3); b: n 5, s² 10 (1,3,5,7,9 → s² = 10).
    const VectorXd a3 = (VectorXd(3) << 1.0, 2.0, 3.0).finished();
    const VectorXd b5 = (VectorXd(5) << 1.0, 3.0, 5.0, 7.0, 9.0).finished();
    const auto r = hs::ttest_independent(a3, b5);
    const double va = 1.0 / 3.0;
    const double vb = 10.0 / 5.0;
    CHECK_THAT(r.df, WithinRel((va + vb) * (va + vb) / (va * va / 2.0 + vb * vb / 4.0), 1e-14));
    CHECK_THAT(r.se, WithinRel(std::sqrt(va + vb), 1e-14));
    CHECK_THAT(r.statistic, WithinRel(-3.0 / std::sqrt(va + vb), 1e-14));
  }

  SECTION("Student's t-test accepts a group of one value") {
    const VectorXd one = (VectorXd(1) << 7.0).finished();
    const auto r = hs::ttest_independent(one, a, true);
    // s_p² = SS_a / (1 + 4 − 2) = 5/3; se = √(5/3 · (1 + 1/4)).
    CHECK(r.df == 3.0);
    CHECK_THAT(r.se, WithinRel(std::sqrt(5.0 / 3.0 * 1.25), 1e-14));
    const auto welch = hs::ttest_independent(one, a);
    CHECK(std::isnan(welch.statistic));
    CHECK_THAT(welch.note, ContainsSubstring("at least 2 values in each group"));
  }
}

TEST_CASE("degenerate samples give NaN with a reason, never inf", "[stats][ttest]") {
  SECTION("zero variance") {
    const VectorXd c = VectorXd::Constant(5, 0.1);
    const auto r = hs::ttest_one_sample(c, 0.0);
    CHECK(std::isnan(r.statistic));
    CHECK(std::isnan(r.p_value));
    CHECK(std::isnan(r.ci_low));
    CHECK(std::isnan(r.ci_high));
    CHECK(r.estimate == 0.1);
    CHECK(r.se == 0.0);
    CHECK_THAT(r.note, ContainsSubstring("zero variance"));
    const auto p = hs::ttest_paired(c, VectorXd::Constant(5, 0.3));
    CHECK(std::isnan(p.statistic));
    CHECK_THAT(p.note, ContainsSubstring("differences"));
    for (bool eq : {false, true}) {
      const auto i = hs::ttest_independent(c, VectorXd::Constant(3, 2.0), eq);
      CHECK(std::isnan(i.statistic));
      CHECK(std::isnan(i.df) == !eq);
      CHECK_THAT(i.note, ContainsSubstring("zero variance"));
    }
  }
  SECTION("too few values") {
    const auto one = hs::ttest_one_sample((VectorXd(1) << 2.0).finished());
    CHECK(std::isnan(one.statistic));
    CHECK(one.estimate == 2.0);
    CHECK_THAT(one.note, ContainsSubstring("at least 2"));
    const auto none = hs::ttest_one_sample(VectorXd(0));
    CHECK(std::isnan(none.estimate));
    CHECK(none.note == "no values");
    const auto pair = hs::ttest_paired(VectorXd::Ones(1), VectorXd::Zero(1));
    CHECK_THAT(pair.note, ContainsSubstring("one pair"));
    const auto empty_b = hs::ttest_independent(VectorXd::Ones(3), VectorXd(0), true);
    CHECK_THAT(empty_b.note, ContainsSubstring("no values in 'b'"));
    const auto two = hs::ttest_independent(VectorXd::Ones(1), VectorXd::Zero(1), true);
    CHECK_THAT(two.note, ContainsSubstring("at least 3"));
  }
}

TEST_CASE("missing values follow the missing-data policy", "[stats][ttest]") {
  VectorXd x = VectorXd::LinSpaced(6, 1.0, 6.0);
  x[2] = kNaN;
  VectorXd kept(5);
  kept << 1.0, 2.0, 4.0, 5.0, 6.0;

  SECTION("propagate: NaN with a note counting the missing values") {
    const auto r = hs::ttest_one_sample(x, 0.0);
    CHECK(std::isnan(r.statistic));
    CHECK(std::isnan(r.estimate));
    CHECK(r.n_missing == 1);
    CHECK(r.n1 == 5);
    CHECK_THAT(r.note, ContainsSubstring("1 of 6 values of 'x' are missing"));
    const auto i = hs::ttest_independent(x, x);
    CHECK_THAT(i.note, ContainsSubstring("'a'") && ContainsSubstring("'b'"));
    CHECK(i.n_missing == 2);
  }
  SECTION("omit: left out and counted") {
    const auto r = hs::ttest_one_sample(x, 0.0, hs::Alternative::TwoSided, 0.95, hs::Missing::Omit);
    const auto ref = hs::ttest_one_sample(kept, 0.0);
    CHECK(r.statistic == ref.statistic);
    CHECK(r.n1 == 5);
    CHECK(r.n_missing == 1);
    CHECK(r.note.empty());
  }
  SECTION("paired: a pair with a NaN on either side is missing") {
    VectorXd b = VectorXd::Zero(6);
    b[4] = kNaN;
    const auto r = hs::ttest_paired(x, b, hs::Alternative::TwoSided, 0.95, hs::Missing::Omit);
    CHECK(r.n1 == 4);
    CHECK(r.n_missing == 2);
    const VectorXd d = (VectorXd(4) << 1.0, 2.0, 4.0, 6.0).finished();
    CHECK_THAT(r.statistic, WithinRel(hs::ttest_one_sample(d).statistic, 1e-14));
    const auto p = hs::ttest_paired(x, b);
    CHECK_THAT(p.note, ContainsSubstring("2 of 6 pairs"));
  }
  SECTION("raise: InvalidArgument naming the argument") {
    using hipmech::test::thrown_argument;
    CHECK(thrown_argument([&] {
            hs::ttest_one_sample(x, 0.0, hs::Alternative::TwoSided, 0.95, hs::Missing::Raise);
          }) == "x");
    CHECK(thrown_argument([&] {
            hs::ttest_independent(kept, x, false, hs::Alternative::TwoSided, 0.95,
                                  hs::Missing::Raise);
          }) == "b");
  }
}

TEST_CASE("bad arguments are named", "[stats][ttest]") {
  using hipmech::test::thrown_argument;
  const VectorXd x = VectorXd::LinSpaced(5, 1.0, 5.0);
  VectorXd inf_x = x;
  inf_x[1] = kInf;
  CHECK(thrown_argument([&] { hs::ttest_one_sample(x, kNaN); }) == "mu");
  CHECK(thrown_argument([&] { hs::ttest_one_sample(inf_x); }) == "x");
  CHECK(thrown_argument([&] { hs::ttest_one_sample(x, 0.0, hs::Alternative::TwoSided, 95.0); }) ==
        "confidence");
  CHECK(thrown_argument([&] { hs::ttest_paired(x, VectorXd::Ones(4)); }) == "b");
  CHECK(thrown_argument([&] { hs::ttest_independent(x, inf_x); }) == "b");
  CHECK_THROWS_AS(hs::ttest_paired(x, VectorXd::Ones(3)), std::invalid_argument);
}
