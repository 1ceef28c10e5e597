// Change over a programme (include/hipmech/stats/change.hpp).
//
// Expected values are hand arithmetic on small synthetic groups (shown next to each check)
// and the paired t-test's textbook form: t = mean(d) / (sd(d) / sqrt(n)) on n - 1 df (Student
// 1908, Biometrika 6:1-25), with t-distribution values from standard tables (NIST/SEMATECH
// e-Handbook of Statistical Methods, 2012, section 1.3.6.7.2: t(0.975, 3) = 3.182).
#include <cmath>
#include <limits>
#include <string>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/thrown.hpp"
#include "hipmech/stats/change.hpp"
#include "hipmech/stats/ttest.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using hipmech::test::thrown_argument;
namespace hs = hipmech::stats;
using Cat = hs::ChangeCategory;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
}

TEST_CASE("change per subject and group summary by hand", "[stats][change]") {
  // Hip abduction torque [N m]: changes 10, -2, 10, 20.
  Eigen::VectorXd base(4);
  Eigen::VectorXd follow(4);
  base << 100, 120, 90, 110;
  follow << 110, 118, 100, 130;
  const auto r = hs::change(base, follow, 5.0);
  CHECK(r.n == 4);
  CHECK_THAT(r.change[1], WithinAbs(-2.0, 1e-12));
  CHECK_THAT(r.percent_change[0], WithinAbs(10.0, 1e-12));
  CHECK_THAT(r.percent_change[1], WithinAbs(-200.0 / 120.0, 1e-12));
  CHECK(r.category[0] == Cat::Improved);
  CHECK(r.category[1] == Cat::Within);
  CHECK(r.category[3] == Cat::Improved);
  CHECK(r.n_improved == 3);
  CHECK(r.n_within == 1);
  CHECK(r.n_worsened == 0);
  // Mean 9.5; deviations 0.5, -11.5, 0.5, 10.5: SS = 0.25 + 132.25 + 0.25 + 110.25 = 243,
  // SD = sqrt(81) = 9, SE = 4.5, t = 9.5 / 4.5 = 2.1111 on 3 df.
  CHECK_THAT(r.mean_change, WithinAbs(9.5, 1e-12));
  CHECK_THAT(r.sd_change, WithinAbs(9.0, 1e-12));
  CHECK_THAT(r.se_change, WithinAbs(4.5, 1e-12));
  CHECK_THAT(r.statistic, WithinAbs(9.5 / 4.5, 1e-12));
  CHECK(r.df == 3.0);
  CHECK_THAT(r.ci_low, WithinAbs(9.5 - 3.182 * 4.5, 5e-3));
  CHECK_THAT(r.ci_high, WithinAbs(9.5 + 3.182 * 4.5, 5e-3));
  CHECK_THAT(r.p_value, WithinAbs(2.0 * hs::t_sf(9.5 / 4.5, 3.0), 1e-15));
  CHECK(r.p_value > 0.05);
  CHECK(r.p_value < 0.2);
  CHECK_THAT(r.mean_baseline, WithinAbs(105.0, 1e-12));
  CHECK_THAT(r.mean_follow_up, WithinAbs(114.5, 1e-12));
  CHECK(r.note.empty());
}

TEST_CASE("the MDC is judged in the better direction", "[stats][change]") {
  Eigen::VectorXd base(4);
  Eigen::VectorXd follow(4);
  base << 10, 10, 10, 10;
  follow << 13, 7, 11, 12;  // changes 3, -3, 1, 2
  SECTION("higher is better (strength)") {
    const auto r = hs::change(base, follow, 2.0);
    CHECK(r.category[0] == Cat::Improved);
    CHECK(r.category[1] == Cat::Worsened);
    CHECK(r.category[2] == Cat::Within);
    CHECK(r.category[3] == Cat::Within);  // exactly the MDC is not beyond it
    CHECK(r.n_improved == 1);
    CHECK(r.n_worsened == 1);
    CHECK(r.n_within == 2);
  }
  SECTION("lower is better (a time, a pain score)") {
    const auto r = hs::change(base, follow, 2.0, false);
    CHECK(r.category[0] == Cat::Worsened);
    CHECK(r.category[1] == Cat::Improved);
    CHECK(r.n_improved == 1);
    CHECK(r.n_worsened == 1);
  }
  SECTION("no MDC: categories undefined, counts 0") {
    const auto r = hs::change(base, follow);
    CHECK(std::isnan(r.mdc));
    CHECK(r.category[0] == Cat::Undefined);
    CHECK(r.n_improved + r.n_worsened + r.n_within == 0);
    CHECK(std::string(hs::change_category_name(r.category[0])) == "undefined");
  }
}

TEST_CASE("a change equal to the MDC within rounding is within", "[stats][change]") {
  // 1.3 - 1.0 = 0.30000000000000004 in binary floating point (IEEE 754 double), 0.3 exactly in
  // decimal: |change| <= MDC, so "within" (review of issue 23); either direction, and the
  // same at a large MDC (130 - 100 vs 30). A change 1e-6 beyond the MDC is still beyond.
  Eigen::VectorXd base(4);
  Eigen::VectorXd follow(4);
  base << 1.0, 1.3, 1.0, 1.0;
  follow << 1.3, 1.0, 1.300001, 0.699999;
  REQUIRE(follow[0] - base[0] > 0.3);  // the rounding this test is about
  for (const bool hib : {true, false}) {
    const auto r = hs::change(base, follow, 0.3, hib);
    CHECK(r.category[0] == Cat::Within);
    CHECK(r.category[1] == Cat::Within);
    CHECK(r.category[2] == (hib ? Cat::Improved : Cat::Worsened));
    CHECK(r.category[3] == (hib ? Cat::Worsened : Cat::Improved));
  }
  Eigen::VectorXd b1(1);
  Eigen::VectorXd f1(1);
  b1 << 100.3;
  f1 << 130.3;
  REQUIRE(f1[0] - b1[0] > 30.0);  // 30.000000000000014
  CHECK(hs::change(b1, f1, 30.0).category[0] == Cat::Within);
}

TEST_CASE("a zero baseline has no percent change", "[stats][change]") {
  Eigen::VectorXd base(3);
  Eigen::VectorXd follow(3);
  base << 0, -10, 20;
  follow << 5, -5, 10;
  const auto r = hs::change(base, follow);
  CHECK(std::isnan(r.percent_change[0]));
  CHECK_THAT(r.percent_change[1], WithinAbs(50.0, 1e-12));  // +5 over |-10|
  CHECK_THAT(r.percent_change[2], WithinAbs(-50.0, 1e-12));
  CHECK_THAT(r.note, ContainsSubstring("baseline of 0"));
  CHECK(std::isfinite(r.mean_change));
}

TEST_CASE("change follows the missing-data policy", "[stats][change]") {
  Eigen::VectorXd base(5);
  Eigen::VectorXd follow(5);
  base << 100, 120, 90, 110, 95;
  follow << 110, 118, kNaN, 130, 99;
  SECTION("propagate: NaN summary, per-subject values kept") {
    const auto r = hs::change(base, follow, 5.0);
    CHECK(std::isnan(r.mean_change));
    CHECK(std::isnan(r.p_value));
    CHECK(r.n_missing == 1);
    CHECK(r.n == 4);
    CHECK_THAT(r.note, ContainsSubstring("1 of 5 subjects"));
    CHECK(std::isnan(r.change[2]));
    CHECK(r.category[2] == Cat::Undefined);
    CHECK(r.category[3] == Cat::Improved);
    CHECK(r.n_improved == 2);  // counted over the subjects with both values
  }
  SECTION("omit: left out of the summary and counted") {
    const auto r = hs::change(base, follow, 5.0, true, 0.95, hs::Missing::Omit);
    CHECK(r.n == 4);
    CHECK(r.n_missing == 1);
    CHECK_THAT(r.mean_change, WithinAbs((10.0 - 2.0 + 20.0 + 4.0) / 4.0, 1e-12));
    CHECK(r.change.size() == 5);
  }
  SECTION("raise") {
    CHECK(thrown_argument([&] { hs::change(base, follow, 5.0, true, 0.95, hs::Missing::Raise); }) ==
          "follow_up");
  }
}

TEST_CASE("change edge cases and bad input", "[stats][change]") {
  Eigen::VectorXd base(3);
  Eigen::VectorXd follow(3);
  base << 1, 2, 3;
  follow << 2, 3, 4;
  // Everyone changed by +1: SD 0, no t-test.
  const auto r = hs::change(base, follow);
  CHECK_THAT(r.mean_change, WithinAbs(1.0, 1e-12));
  CHECK(std::isnan(r.statistic));
  CHECK_THAT(r.note, ContainsSubstring("same amount"));
  // One subject: a mean change, nothing else.
  const auto r1 = hs::change(base.head(1), follow.head(1));
  CHECK_THAT(r1.mean_change, WithinAbs(1.0, 1e-12));
  CHECK(std::isnan(r1.sd_change));
  CHECK_THAT(r1.note, ContainsSubstring("one subject"));
  // Bad input names the argument.
  CHECK(thrown_argument([&] { hs::change(base, follow.head(2)); }) == "follow_up");
  CHECK(thrown_argument([&] { hs::change(base, follow, 0.0); }) == "mdc");
  CHECK(thrown_argument([&] { hs::change(base, follow, -1.0); }) == "mdc");
  CHECK(thrown_argument(
            [&] { hs::change(base, follow, std::numeric_limits<double>::infinity()); }) == "mdc");
  CHECK(thrown_argument([&] { hs::change(base, follow, 1.0, true, 0.0); }) == "confidence");
  Eigen::VectorXd inf = base;
  inf[0] = std::numeric_limits<double>::infinity();
  CHECK(thrown_argument([&] { hs::change(inf, follow); }) == "baseline");
}

TEST_CASE("change's group summary is ttest_paired's, zero variance included", "[stats][change]") {
  Eigen::VectorXd base(3);
  Eigen::VectorXd follow(3);
  SECTION("all changes equal: NaN t, p and CI with a note, as the t-test") {
    base << 0, 0, 0;
    follow << 0.1, 0.1, 0.1;
    const auto r = hs::change(base, follow);
    const auto t = hs::ttest_paired(follow, base);
    CHECK(std::isnan(t.statistic));
    CHECK(r.mean_change == 0.1);
    CHECK(r.sd_change == 0.0);
    CHECK(r.se_change == 0.0);
    CHECK(std::isnan(r.statistic));
    CHECK(std::isnan(r.p_value));
    CHECK(std::isnan(r.ci_low));
    CHECK(std::isnan(r.ci_high));
    CHECK_THAT(r.note, ContainsSubstring("zero variance"));
    CHECK(r.ci_method == "t (paired)");
  }
  SECTION("otherwise the same numbers as ttest_paired(follow_up, baseline)") {
    base << 10, 12, 9;
    follow << 13, 12.5, 15;
    const auto r = hs::change(base, follow, kNaN, true, 0.9);
    const auto t = hs::ttest_paired(follow, base, hs::Alternative::TwoSided, 0.9);
    CHECK(r.mean_change == t.estimate);
    CHECK(r.se_change == t.se);
    CHECK(r.statistic == t.statistic);
    CHECK(r.df == t.df);
    CHECK(r.p_value == t.p_value);
    CHECK(r.ci_low == t.ci_low);
    CHECK(r.ci_high == t.ci_high);
    CHECK(r.note.empty());
  }
}
