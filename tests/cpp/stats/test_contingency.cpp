// Odds ratio, relative risk and risk difference of a 2x2 table
// (include/hipmech/stats/contingency.hpp).
//
// Expected values are independent of the implementation:
// - the BCG vaccine trials (Colditz et al. 1994, JAMA 271:698-702; metafor's dat.bcg): the log
//   odds ratios and their Woolf variances printed by metafor's escalc for the van Houwelingen,
//   Arends & Stijnen (2002, Stat Med 21:589-624) analysis page (metafor-project.org,
//   "analyses:vanhouwelingen2002"): trial 1 (4, 119, 11, 128) yi = -0.9387, vi = 0.3571;
//   trial 2 (6, 300, 29, 274) -1.6662, 0.2081; trial 4 (62, 13536, 248, 12619) -1.4564, 0.0203;
// - hand arithmetic on small tables (shown next to each check);
// - Haldane's correction (Haldane 1956, Ann Hum Genet 20:309-311): 0.5 added to every cell.
#include <cmath>
#include <limits>
#include <string>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/thrown.hpp"
#include "hipmech/stats/contingency.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using hipmech::test::thrown_argument;
namespace hs = hipmech::stats;

TEST_CASE("the odds ratio reproduces metafor's log odds ratios of the BCG trials",
          "[stats][contingency]") {
  struct Row {
    hs::Table2x2 t;
    double yi;
    double vi;
  };
  for (const Row& row :
       {Row{{4, 119, 11, 128}, -0.9387, 0.3571}, Row{{6, 300, 29, 274}, -1.6662, 0.2081},
        Row{{62, 13536, 248, 12619}, -1.4564, 0.0203}}) {
    const auto r = hs::odds_ratio(row.t);
    CHECK_THAT(r.log_estimate, WithinAbs(row.yi, 5e-5));
    CHECK_THAT(r.se * r.se, WithinAbs(row.vi, 5e-5));
    CHECK_THAT(r.estimate, WithinRel(std::exp(r.log_estimate), 1e-14));
    const double z = 1.959963984540054;
    CHECK_THAT(r.ci_low, WithinRel(std::exp(r.log_estimate - z * r.se), 1e-12));
    CHECK_THAT(r.ci_high, WithinRel(std::exp(r.log_estimate + z * r.se), 1e-12));
    CHECK_FALSE(r.corrected);
    CHECK(r.note.empty());
    CHECK(r.ci_method == "log (Woolf) Wald");
  }
}

TEST_CASE("odds ratio, relative risk and risk difference by hand", "[stats][contingency]") {
  // a = 10, b = 90, c = 5, d = 95: risks 0.10 and 0.05.
  const hs::Table2x2 t{10, 90, 5, 95};
  const auto orr = hs::odds_ratio(t);
  CHECK_THAT(orr.estimate, WithinRel(950.0 / 450.0, 1e-14));
  CHECK_THAT(orr.se, WithinRel(std::sqrt(1.0 / 10 + 1.0 / 90 + 1.0 / 5 + 1.0 / 95), 1e-14));
  const auto rr = hs::relative_risk(t);
  CHECK_THAT(rr.estimate, WithinRel(2.0, 1e-14));
  CHECK_THAT(rr.se, WithinRel(std::sqrt(0.28), 1e-14));  // 1/10 - 1/100 + 1/5 - 1/100
  CHECK_THAT(rr.risk_exposed, WithinRel(0.10, 1e-14));
  CHECK_THAT(rr.risk_unexposed, WithinRel(0.05, 1e-14));
  // z = ln 2 / sqrt(0.28) = 1.309926, two-sided p = 0.190218.
  CHECK_THAT(rr.z, WithinAbs(1.3099259, 1e-6));
  CHECK_THAT(rr.p_value, WithinAbs(0.190218, 1e-5));
  const auto rd = hs::risk_difference(t, 0.90);
  CHECK_THAT(rd.estimate, WithinAbs(0.05, 1e-14));
  CHECK_THAT(rd.se, WithinRel(std::sqrt(0.001375), 1e-13));  // 0.1 0.9/100 + 0.05 0.95/100
  CHECK_THAT(rd.ci_low, WithinAbs(0.05 - 1.6448536269514722 * std::sqrt(0.001375), 1e-12));
  CHECK_THAT(rd.ci_high, WithinAbs(0.05 + 1.6448536269514722 * std::sqrt(0.001375), 1e-12));
  CHECK(std::isnan(rd.log_estimate));
  // No association: OR = RR = 1, RD = 0, p = 1.
  const auto none = hs::odds_ratio({20, 80, 5, 20});
  CHECK_THAT(none.estimate, WithinRel(1.0, 1e-14));
  CHECK_THAT(none.p_value, WithinAbs(1.0, 1e-12));
  // Real (weighted) counts are accepted.
  const auto w = hs::relative_risk({2.5, 7.5, 1.25, 8.75});
  CHECK_THAT(w.estimate, WithinRel(2.0, 1e-14));
}

TEST_CASE("zero cells: Haldane's correction or NaN with a reason", "[stats][contingency]") {
  const hs::Table2x2 t{0, 10, 5, 5};
  SECTION("haldane adds 0.5 to every cell") {
    const auto r = hs::odds_ratio(t);
    CHECK(r.corrected);
    CHECK_THAT(r.estimate, WithinRel(0.5 * 5.5 / (10.5 * 5.5), 1e-14));
    CHECK_THAT(r.se, WithinRel(std::sqrt(1 / 0.5 + 1 / 10.5 + 1 / 5.5 + 1 / 5.5), 1e-14));
    CHECK(r.table.a == 0.5);
    CHECK_THAT(r.note, ContainsSubstring("Haldane"));
    const auto rr = hs::relative_risk(t);
    CHECK_THAT(rr.estimate, WithinRel((0.5 / 11.0) / (5.5 / 11.0), 1e-14));
    const auto rd = hs::risk_difference(t, 0.95, hs::ZeroCorrection::Haldane);
    CHECK_THAT(rd.estimate, WithinAbs(0.5 / 11.0 - 0.5, 1e-14));
  }
  SECTION("none: undefined estimates are NaN with a note") {
    const auto r = hs::odds_ratio(t, 0.95, hs::ZeroCorrection::None);
    CHECK_FALSE(r.corrected);
    CHECK(std::isnan(r.estimate));
    CHECK(std::isnan(r.ci_low));
    CHECK_THAT(r.note, ContainsSubstring("zero cell"));
    const auto rr = hs::relative_risk(t, 0.95, hs::ZeroCorrection::None);
    CHECK(std::isnan(rr.estimate));
    CHECK_THAT(rr.note, ContainsSubstring("zero count"));
    // b = 0 leaves the relative risk defined: RR = 1 / 0.2 = 5, var = 1/2 - 1/10 = 0.4.
    const auto rr_b = hs::relative_risk({3, 0, 2, 8}, 0.95, hs::ZeroCorrection::None);
    CHECK_THAT(rr_b.estimate, WithinRel(5.0, 1e-14));
    CHECK_THAT(rr_b.se, WithinRel(std::sqrt(0.4), 1e-13));
    // The risk difference stays defined; a risk of 0 is flagged.
    const auto rd = hs::risk_difference(t, 0.95, hs::ZeroCorrection::None);
    CHECK_THAT(rd.estimate, WithinAbs(-0.5, 1e-14));
    CHECK_THAT(rd.se, WithinRel(std::sqrt(0.25 / 10.0), 1e-14));
    CHECK_THAT(rd.note, ContainsSubstring("risk of 0 or 1"));
    // Risks of 0 and 1: zero SE, zero-width interval, no test.
    const auto rd0 = hs::risk_difference({0, 5, 5, 0}, 0.95, hs::ZeroCorrection::None);
    CHECK_THAT(rd0.estimate, WithinAbs(-1.0, 1e-14));
    CHECK(rd0.se == 0.0);
    CHECK(std::isnan(rd0.p_value));
    CHECK_THAT(rd0.note, ContainsSubstring("zero width"));
  }
}

TEST_CASE("2x2 tables reject bad counts naming the cell", "[stats][contingency]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(thrown_argument([] { hs::odds_ratio({-1, 2, 3, 4}); }) == "a");
  CHECK(thrown_argument([&] { hs::relative_risk({1, nan, 3, 4}); }) == "b");
  CHECK(thrown_argument([] {
          hs::risk_difference({1, 2, std::numeric_limits<double>::infinity(), 4});
        }) == "c");
  CHECK(thrown_argument([] { hs::odds_ratio({0, 0, 3, 4}); }) == "table");
  CHECK(thrown_argument([] { hs::relative_risk({1, 2, 0, 0}); }) == "table");
  CHECK(thrown_argument([] { hs::odds_ratio({1, 2, 3, 4}, 0.0); }) == "confidence");
  CHECK(thrown_argument([] { hs::parse_zero_correction("yates"); }) == "correction");
  CHECK(hs::parse_zero_correction("none") == hs::ZeroCorrection::None);
  CHECK(std::string(hs::zero_correction_name(hs::ZeroCorrection::Haldane)) == "haldane");
}

TEST_CASE("the risk difference is uncorrected by default; the ratios use Haldane",
          "[stats][contingency]") {
  // 0/10 against 5/20: RD = -0.25, Wald SE = sqrt(0 + 0.25 * 0.75 / 20).
  const hs::Table2x2 t{0, 10, 5, 15};
  const auto rd = hs::risk_difference(t);
  CHECK_FALSE(rd.corrected);
  CHECK(rd.correction == hs::ZeroCorrection::None);
  CHECK_THAT(rd.estimate, WithinAbs(-0.25, 1e-15));
  const double se = std::sqrt(0.25 * 0.75 / 20.0);
  CHECK_THAT(rd.se, WithinRel(se, 1e-14));
  CHECK_THAT(rd.ci_high, WithinRel(-0.25 + hs::normal_quantile(0.975) * se, 1e-13));
  CHECK(rd.ci_high < 0.0);
  CHECK(hs::odds_ratio(t).corrected);
  CHECK(hs::relative_risk(t).corrected);
  CHECK(hs::odds_ratio(t).ci_method == "log (Woolf) Wald");
  CHECK(rd.ci_method == "Wald");
}

TEST_CASE("a relative risk with a zero SE explains its NaN fields", "[stats][contingency]") {
  // b = d = 0: both risks are 1, RR = 1 and the variance of ln RR is 1/5 - 1/5 + 1/3 - 1/3 = 0.
  const auto rr = hs::relative_risk({5, 0, 3, 0}, 0.95, hs::ZeroCorrection::None);
  CHECK(rr.estimate == 1.0);
  CHECK(rr.se == 0.0);
  CHECK(rr.ci_low == 1.0);
  CHECK(rr.ci_high == 1.0);
  CHECK(std::isnan(rr.z));
  CHECK(std::isnan(rr.p_value));
  CHECK_FALSE(rr.note.empty());
  CHECK_THAT(rr.note, ContainsSubstring("z and the p-value are undefined"));
}
