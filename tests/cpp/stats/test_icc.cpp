// hipmech/stats/icc.hpp and reliability.hpp against published values:
//  - Shrout & Fleiss (1979) Psychol Bull 86:420–428, Table 2 (6 targets × 4 judges) with the
//    mean squares of their Table 2 and the ICCs of Table 4 (to 2 dp); the 4-dp values and the
//    95 % intervals are R psych::ICC's, as transcribed in
//    ../shared/validation/stats_reference/stats_reference_values.json;
//  - the 8 wines × 4 judges example of real-statistics.com (same JSON);
//  - closed forms: perfect agreement, a constant rater offset (consistency 1, agreement < 1),
//    Weir (2005)'s SEM identities.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include <cmath>
#include <string>

#include "helpers/thrown.hpp"
#include "hipmech/stats/icc.hpp"
#include "hipmech/stats/reliability.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
namespace hs = hipmech::stats;
using hs::IccForm;

namespace {

hs::RowMatrix shrout_fleiss() {
  hs::RowMatrix x(6, 4);
  x << 9, 2, 5, 8, 6, 1, 3, 2, 8, 4, 6, 8, 7, 1, 2, 6, 10, 5, 6, 9, 6, 2, 4, 7;
  return x;
}

hs::RowMatrix wine() {
  hs::RowMatrix x(8, 4);
  x << 1, 2, 0, 1, 1, 3, 3, 2, 3, 8, 1, 4, 6, 4, 3, 3, 6, 5, 5, 6, 7, 5, 6, 2, 8, 7, 7, 9, 9, 9, 9,
      8;
  return x;
}

struct Expected {
  IccForm form;
  double icc, lo, hi;
};

}  // namespace

TEST_CASE("ICC: Shrout & Fleiss (1979) Table 2 mean squares and every form", "[stats][icc]") {
  const hs::IccAnova a = hs::icc_anova(shrout_fleiss());
  // Shrout & Fleiss Table 2: BMS 11.24, WMS 6.26, JMS 32.49, EMS 1.02.
  CHECK_THAT(a.ms_targets, WithinAbs(11.2417, 1e-4));
  CHECK_THAT(a.ms_within, WithinAbs(6.2639, 1e-4));
  CHECK_THAT(a.ms_raters, WithinAbs(32.4861, 1e-4));
  CHECK_THAT(a.ms_error, WithinAbs(1.0194, 1e-4));

  const hs::IccResult r = hs::icc(shrout_fleiss());
  const Expected expected[] = {
      {IccForm::OneWaySingle, 0.1657, -0.1329, 0.7226},
      {IccForm::AgreementSingle, 0.2898, 0.0188, 0.7611},
      {IccForm::ConsistencySingle, 0.7148, 0.3425, 0.9459},
      {IccForm::OneWayAverage, 0.4428, -0.8844, 0.9124},
      {IccForm::AgreementAverage, 0.6201, 0.0711, 0.9272},
      {IccForm::ConsistencyAverage, 0.9093, 0.6757, 0.9859},
  };
  for (const auto& e : expected) {
    INFO(hs::shrout_fleiss_name(e.form));
    const hs::IccRow& row = r.row(e.form);
    CHECK_THAT(row.icc, WithinAbs(e.icc, 1e-4));
    CHECK_THAT(row.ci_low, WithinAbs(e.lo, 1e-4));
    CHECK_THAT(row.ci_high, WithinAbs(e.hi, 1e-4));
  }
  // F-tests (JSON / R psych): F(5, 18) = 1.795, p = 0.16472; F(5, 15) = 11.027, p = 0.00013.
  CHECK_THAT(r.row(IccForm::OneWaySingle).f, WithinAbs(1.795, 5e-4));
  CHECK(r.row(IccForm::OneWaySingle).df2 == 18);
  // The JSON prints p = 0.16472; F(5, 18) = 1.7947 gives 0.164769 (scipy.stats.f.sf and pingouin
  // agree), so the transcription is off in the 5th decimal: checked to 1e-4.
  CHECK_THAT(r.row(IccForm::OneWaySingle).p_value, WithinAbs(0.16472, 1e-4));
  CHECK_THAT(r.row(IccForm::AgreementSingle).f, WithinAbs(11.027, 5e-4));
  CHECK(r.row(IccForm::ConsistencyAverage).df2 == 15);
  CHECK_THAT(r.row(IccForm::ConsistencySingle).p_value, WithinAbs(0.00013, 5e-6));
  CHECK(r.note.empty());
}

TEST_CASE("ICC: the ten McGraw & Wong rows carry both names", "[stats][icc]") {
  const hs::IccResult r = hs::icc(shrout_fleiss());
  CHECK(std::string(r.rows[1].shrout_fleiss) == "ICC(2,1)");
  CHECK(std::string(r.rows[1].mcgraw_wong) == "ICC(A,1)");
  CHECK(std::string(r.rows[1].model) == "two-way random");
  CHECK(std::string(r.rows[6].label) == "ICC(C,1)");
  CHECK(std::string(r.rows[6].model) == "two-way random");
  CHECK(std::string(r.rows[8].label) == "ICC(A,1)");
  CHECK(std::string(r.rows[8].model) == "two-way mixed");
  CHECK(r.rows[6].icc == r.rows[2].icc);  // random and mixed consistency share the formula
  CHECK(r.rows[9].ci_low == r.rows[4].ci_low);
  CHECK(hs::parse_icc_form("icc(c, k)") == IccForm::ConsistencyAverage);
  CHECK(hipmech::test::thrown_argument([] { hs::parse_icc_form("ICC(4,1)"); }) == "form");
}

TEST_CASE("ICC: the 8 wines × 4 judges example", "[stats][icc]") {
  const hs::IccResult r = hs::icc(wine());
  const Expected expected[] = {
      {IccForm::OneWaySingle, 0.7275, 0.4338, 0.9267},
      {IccForm::AgreementSingle, 0.7277, 0.4345, 0.9267},
      {IccForm::ConsistencySingle, 0.7295, 0.4261, 0.9279},
      {IccForm::OneWayAverage, 0.9144, 0.754, 0.9806},
      {IccForm::AgreementAverage, 0.9145, 0.7545, 0.9806},
      {IccForm::ConsistencyAverage, 0.9152, 0.7481, 0.9809},
  };
  for (const auto& e : expected) {
    INFO(hs::shrout_fleiss_name(e.form));
    CHECK_THAT(r.row(e.form).icc, WithinAbs(e.icc, 1e-4));
    CHECK_THAT(r.row(e.form).ci_low, WithinAbs(e.lo, 1e-4));
    CHECK_THAT(r.row(e.form).ci_high, WithinAbs(e.hi, 1e-4));
  }
  CHECK(r.row(IccForm::OneWaySingle).df2 == 24);
  CHECK(r.row(IccForm::AgreementSingle).df2 == 21);
}

TEST_CASE("ICC: closed forms", "[stats][icc]") {
  // A constant offset between raters: perfect consistency, imperfect agreement
  // (ICC(A,1) = σ²_s / (σ²_s + σ²_r) with σ²_r the raters' variance).
  hs::RowMatrix x(4, 2);
  x << 1, 3, 2, 4, 3, 5, 4, 6;
  const hs::IccResult r = hs::icc(x);
  CHECK_THAT(r.row(IccForm::ConsistencySingle).icc, WithinRel(1.0, 1e-12));
  CHECK(std::isnan(r.row(IccForm::ConsistencySingle).ci_low));  // MSE = 0: no test
  CHECK(std::isnan(r.row(IccForm::ConsistencySingle).f));
  // MSR = 2·var(1.. 4 + 1) = 2·(5/3); MSC = 4·2·1 = 8; MSE = 0 → (10/3)/(10/3 + 2·8/4)
  CHECK_THAT(r.row(IccForm::AgreementSingle).icc, WithinRel((10.0 / 3) / (10.0 / 3 + 4.0), 1e-12));
  CHECK(!r.note.empty());

  // Equal ratings whose means are not exact in binary (0.1): still 0/0, not a round-off ICC.
  const hs::IccResult tenth = hs::icc(hs::RowMatrix::Constant(5, 3, 0.1));
  for (const auto& row : tenth.rows) CHECK(std::isnan(row.icc));
  CHECK(hs::icc_row_index("ICC(A,1)") == 8);
  CHECK(hs::icc_row_index("icc(2, 1)") == 1);
  CHECK(hs::icc_row_index("ICC3K") == 5);
  CHECK(hipmech::test::thrown_argument([] { hs::icc_row_index("ICC(B,1)"); }) == "form");
  hs::RowMatrix same = hs::RowMatrix::Constant(3, 3, 7.0);
  const hs::IccResult e = hs::icc(same);
  for (const auto& row : e.rows) CHECK(std::isnan(row.icc));
  CHECK(e.note.find("all ratings are equal") != std::string::npos);
}

TEST_CASE("ICC: missing ratings follow the policy", "[stats][icc]") {
  hs::RowMatrix x = shrout_fleiss();
  x(2, 1) = std::nan("");
  const hs::IccResult p = hs::icc(x);
  CHECK(std::isnan(p.row(IccForm::AgreementSingle).icc));
  CHECK(p.n_missing == 1);
  CHECK(p.note.find("missing") != std::string::npos);

  const hs::IccResult o = hs::icc(x, 0.95, hs::Missing::Omit);
  CHECK(o.n_targets_dropped == 1);
  CHECK(o.anova.n_targets == 5);
  hs::RowMatrix complete(5, 4);
  complete << shrout_fleiss().topRows(2), shrout_fleiss().bottomRows(3);
  CHECK_THAT(o.row(IccForm::AgreementSingle).icc,
             WithinRel(hs::icc_value(complete, IccForm::AgreementSingle), 1e-12));

  CHECK(hipmech::test::thrown_argument([&] { hs::icc(x, 0.95, hs::Missing::Raise); }) == "ratings");
}

TEST_CASE("ICC: bad input names the argument", "[stats][icc]") {
  using hipmech::test::thrown_argument;
  CHECK(thrown_argument([] { hs::icc(hs::RowMatrix::Ones(1, 4)); }) == "ratings");
  CHECK(thrown_argument([] { hs::icc(hs::RowMatrix::Ones(5, 1)); }) == "ratings");
  CHECK(thrown_argument([] { hs::icc(shrout_fleiss(), 1.5); }) == "confidence");
  hs::RowMatrix inf = shrout_fleiss();
  inf(0, 0) = std::numeric_limits<double>::infinity();
  CHECK(thrown_argument([&] { hs::icc(inf); }) == "ratings");
}

TEST_CASE("SEM, MDC and SWC (Weir 2005)", "[stats][reliability]") {
  const hs::RowMatrix x = shrout_fleiss();
  const hs::IccAnova a = hs::icc_anova(x);
  const hs::Reliability r = hs::reliability(x, IccForm::ConsistencySingle);
  CHECK_THAT(r.sem_sqrt_ems, WithinRel(std::sqrt(a.ms_error), 1e-12));
  CHECK(r.sem == r.sem_sqrt_ems);
  CHECK_THAT(r.sem_sd_icc, WithinRel(a.sd_all * std::sqrt(1 - r.icc.icc), 1e-12));
  CHECK_THAT(r.mdc95, WithinRel(1.959963984540054 * std::sqrt(2.0) * r.sem, 1e-12));
  CHECK_THAT(r.mdc90, WithinRel(1.644853626951472 * std::sqrt(2.0) * r.sem, 1e-12));
  CHECK_THAT(r.swc, WithinRel(0.2 * a.sd_all, 1e-12));
  CHECK_THAT(r.mdc95_percent, WithinRel(100 * r.mdc95 / a.grand_mean, 1e-12));

  const hs::Reliability one = hs::reliability(x, IccForm::OneWaySingle, hs::SemMethod::SdIcc);
  CHECK_THAT(one.sem_sqrt_ems, WithinRel(std::sqrt(a.ms_within), 1e-12));
  CHECK(one.sem == one.sem_sd_icc);
  // de Vet (2006): agreement SEM adds the raters' variance (MSC − MSE)/n.
  CHECK_THAT(r.sem_agreement,
             WithinRel(std::sqrt((a.ms_raters - a.ms_error) / 6 + a.ms_error), 1e-12));

  // The mean of k trials: error variance / k.
  const hs::Reliability avg = hs::reliability(x, IccForm::ConsistencyAverage);
  CHECK_THAT(avg.sem_sqrt_ems, WithinRel(std::sqrt(a.ms_error / 4), 1e-12));

  // Weir's identity: with ICC(3,1) and the SD of consistency-adjusted scores the two SEMs
  // agree; here the SD of all scores includes the judges' offsets, so SD·√(1−ICC) is larger.
  CHECK(r.sem_sd_icc > r.sem_sqrt_ems);

  CHECK(hipmech::test::thrown_argument([&] {
          hs::reliability(x, IccForm::AgreementSingle, hs::SemMethod::SqrtEms, 0.0);
        }) == "swc_factor");
}
