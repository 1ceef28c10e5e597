/// \file
/// Odds ratio, relative risk and risk difference of a 2×2 table, with Wald confidence
/// intervals by named methods and a named zero-cell correction (docs/stats-agreement.md,
/// "2×2 tables").
///
/// Layout (rows: exposure, columns: outcome; e.g. exposed = "previous groin injury",
/// outcome = "new injury this season"):
///
///                  outcome   no outcome
///     exposed         a          b          n₁ = a + b
///     unexposed       c          d          n₀ = c + d
///
/// Counts are non-negative numbers (integers, or real counts such as weighted ones).
///  - Odds ratio OR = (a d) / (b c); CI exp(ln OR ± z √(1/a + 1/b + 1/c + 1/d)), the log (Woolf)
///    method (Woolf 1955, Ann Hum Genet 19:251–253).
///  - Relative risk RR = (a / n₁) / (c / n₀); CI exp(ln RR ± z √(1/a − 1/n₁ + 1/c − 1/n₀)), the
///    log (Katz) method (Katz, Baptista, Azen & Pike 1978, Biometrics 34:469–474).
///  - Risk difference RD = a / n₁ − c / n₀; CI RD ± z √(p₁ (1 − p₁) / n₁ + p₀ (1 − p₀) / n₀),
///    the Wald method.
/// z = Φ⁻¹(1 − α/2); each estimate also gets the Wald z statistic (ln OR / SE, ln RR / SE,
/// RD / SE) and its two-sided p-value against no association (OR = RR = 1, RD = 0).
///
/// Zero cells (ZeroCorrection): "haldane" adds 0.5 to every cell when any cell is 0 (Haldane
/// 1956, Ann Hum Genet 20:309–311; as metafor's add = 1/2, to = "only0"), and says so in
/// `note`; "none" keeps the counts, and an estimate or SE that a zero makes undefined (OR: any
/// zero cell; RR: a = 0 or c = 0) is NaN with the reason in `note`. The default is "haldane"
/// for the odds ratio and the relative risk, whose logs are infinite at a zero count, and
/// "none" for the risk difference, which is always defined: adding 0.5 to every cell would
/// only shrink the risks towards 1/2 and bias the difference (0/10 against 5/20 gives −0.25
/// uncorrected but −0.216 corrected). With "none" a risk of 0 or 1 makes that row's Wald
/// variance 0 (the interval too narrow; zero width when every risk is 0 or 1), which the note
/// points out. Every NaN field (apart from log_estimate of the risk difference, which has no
/// log) is explained in `note`.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

#include "hipmech/core/check.hpp"
#include "hipmech/stats/distributions.hpp"
#include "hipmech/stats/missing.hpp"

namespace hipmech::stats {

/// A 2×2 table in the layout of the file comment: a = exposed with the outcome, b = exposed
/// without, c = unexposed with, d = unexposed without. Counts (non-negative, may be real).
struct Table2x2 {
  double a = 0.0;
  double b = 0.0;
  double c = 0.0;
  double d = 0.0;
};

/// What to do with a zero cell (see the file comment).
enum class ZeroCorrection : std::uint8_t {
  Haldane,  ///< add 0.5 to every cell when any cell is 0 (Haldane 1956)
  None,     ///< no correction: undefined estimates are NaN with a reason
};

/// "haldane" or "none"; InvalidArgument naming `arg` otherwise.
inline ZeroCorrection parse_zero_correction(const std::string& name,
                                            const char* arg = "correction") {
  if (name == "haldane") return ZeroCorrection::Haldane;
  if (name == "none") return ZeroCorrection::None;
  ::hipmech::detail::throw_invalid_argument(arg, "'haldane' or 'none'", "'" + name + "'");
}

inline const char* zero_correction_name(ZeroCorrection c) {
  return c == ZeroCorrection::None ? "none" : "haldane";
}

/// One measure of association of a 2×2 table with its CI. For the ratios, `se` is the SE of
/// the log ratio and `log_estimate` the log ratio; the CI is on the ratio scale.
struct ContingencyEstimate {
  std::string measure;    ///< "odds ratio", "relative risk" or "risk difference"
  std::string ci_method;  ///< the CI method by name (e.g. "log (Woolf) Wald")
  double confidence = 0.95;
  ZeroCorrection correction = ZeroCorrection::Haldane;
  bool corrected = false;  ///< 0.5 was added to every cell
  Table2x2 table;          ///< the counts used (after any correction)
  double estimate = detail::kNaN;
  double log_estimate = detail::kNaN;  ///< ln OR or ln RR; NaN for the risk difference
  double se = detail::kNaN;            ///< SE of ln OR / ln RR, or of RD
  double ci_low = detail::kNaN;
  double ci_high = detail::kNaN;
  double z = detail::kNaN;               ///< Wald statistic against no association
  double p_value = detail::kNaN;         ///< two-sided
  double risk_exposed = detail::kNaN;    ///< a / (a + b) of the table used
  double risk_unexposed = detail::kNaN;  ///< c / (c + d) of the table used
  std::string note;                      ///< corrections made, or why a field is NaN
};

namespace detail {

/// Validates the counts (finite, ≥ 0, a positive total in each row) and applies `correction`.
inline ContingencyEstimate contingency_start(const Table2x2& t, double confidence,
                                             ZeroCorrection correction, const char* measure,
                                             const char* method) {
  check_confidence(confidence);
  const double cells[4] = {t.a, t.b, t.c, t.d};
  const char* names[4] = {"a", "b", "c", "d"};
  for (int i = 0; i < 4; ++i) {
    HIPMECH_CHECK_ARG(std::isfinite(cells[i]) && cells[i] >= 0.0, names[i],
                      "a finite non-negative count", cells[i]);
  }
  HIPMECH_CHECK_ARG(t.a + t.b > 0.0, "table", "a positive total in the exposed row (a + b > 0)",
                    "a = b = 0");
  HIPMECH_CHECK_ARG(t.c + t.d > 0.0, "table", "a positive total in the unexposed row (c + d > 0)",
                    "c = d = 0");
  ContingencyEstimate r;
  r.measure = measure;
  r.ci_method = method;
  r.confidence = confidence;
  r.correction = correction;
  r.table = t;
  const bool zero = t.a == 0.0 || t.b == 0.0 || t.c == 0.0 || t.d == 0.0;
  if (zero && correction == ZeroCorrection::Haldane) {
    r.table = {t.a + 0.5, t.b + 0.5, t.c + 0.5, t.d + 0.5};
    r.corrected = true;
    r.note = "a zero cell: 0.5 added to every cell (Haldane 1956)";
  }
  const Table2x2& u = r.table;
  r.risk_exposed = u.a / (u.a + u.b);
  r.risk_unexposed = u.c / (u.c + u.d);
  return r;
}

/// Fills the log-scale Wald interval, z and p of a ratio from its log and the log's SE. A zero
/// SE gives a zero-width interval and NaN z and p, with `zero_se_note` in `note`.
inline void contingency_log_wald(ContingencyEstimate& r, double log_estimate, double se,
                                 const char* zero_se_note = "") {
  const double zc = normal_quantile(0.5 + 0.5 * r.confidence);
  r.log_estimate = log_estimate;
  r.estimate = std::exp(log_estimate);
  r.se = se;
  r.ci_low = std::exp(log_estimate - zc * se);
  r.ci_high = std::exp(log_estimate + zc * se);
  if (!(se > 0.0)) {
    detail::append_note(r.note, zero_se_note);
    return;
  }
  r.z = log_estimate / se;
  r.p_value = z_p_value(r.z, Alternative::TwoSided);
}

}  // namespace detail

/// Odds ratio (a d) / (b c) with the log (Woolf) Wald CI; see the file comment for the layout
/// and the zero-cell policy. Throws InvalidArgument for a negative or non-finite count, an
/// empty row or a confidence outside (0, 1).
inline ContingencyEstimate odds_ratio(const Table2x2& table, double confidence = 0.95,
                                      ZeroCorrection correction = ZeroCorrection::Haldane) {
  ContingencyEstimate r =
      detail::contingency_start(table, confidence, correction, "odds ratio", "log (Woolf) Wald");
  const Table2x2& u = r.table;
  if (u.a == 0.0 || u.b == 0.0 || u.c == 0.0 || u.d == 0.0) {
    r.note = "a zero cell makes the odds ratio or its SE undefined; pass correction='haldane'";
    return r;
  }
  const double log_or = std::log(u.a) + std::log(u.d) - std::log(u.b) - std::log(u.c);
  detail::contingency_log_wald(r, log_or, std::sqrt(1.0 / u.a + 1.0 / u.b + 1.0 / u.c + 1.0 / u.d));
  return r;
}

/// Relative risk (a / (a + b)) / (c / (c + d)) with the log (Katz) Wald CI. With
/// ZeroCorrection::None, a = 0 or c = 0 gives NaN with a note (b = 0 or d = 0 is fine).
inline ContingencyEstimate relative_risk(const Table2x2& table, double confidence = 0.95,
                                         ZeroCorrection correction = ZeroCorrection::Haldane) {
  ContingencyEstimate r =
      detail::contingency_start(table, confidence, correction, "relative risk", "log (Katz) Wald");
  const Table2x2& u = r.table;
  if (u.a == 0.0 || u.c == 0.0) {
    r.note =
        "a zero count of outcomes (a or c) makes the relative risk or its SE undefined; "
        "pass correction='haldane'";
    return r;
  }
  const double n1 = u.a + u.b;
  const double n0 = u.c + u.d;
  const double log_rr = std::log(u.a) - std::log(n1) - std::log(u.c) + std::log(n0);
  const double var = 1.0 / u.a - 1.0 / n1 + 1.0 / u.c - 1.0 / n0;
  detail::contingency_log_wald(
      r, log_rr, std::sqrt(std::fmax(0.0, var)),
      "every outcome count fills its row (b = d = 0, both risks 1): the SE of ln RR is 0, the "
      "interval has zero width and z and the p-value are undefined");
  return r;
}

/// Risk difference a / (a + b) − c / (c + d) with the Wald CI. No zero-cell correction by
/// default (the difference is always defined; see the file comment). With a risk of 0 or 1 in
/// both rows the SE is 0: the interval has zero width, z and p are NaN, and the note says so.
inline ContingencyEstimate risk_difference(const Table2x2& table, double confidence = 0.95,
                                           ZeroCorrection correction = ZeroCorrection::None) {
  ContingencyEstimate r =
      detail::contingency_start(table, confidence, correction, "risk difference", "Wald");
  const Table2x2& u = r.table;
  const double p1 = r.risk_exposed;
  const double p0 = r.risk_unexposed;
  const double n1 = u.a + u.b;
  const double n0 = u.c + u.d;
  r.estimate = p1 - p0;
  r.se = std::sqrt(p1 * (1.0 - p1) / n1 + p0 * (1.0 - p0) / n0);
  const double zc = normal_quantile(0.5 + 0.5 * confidence);
  r.ci_low = r.estimate - zc * r.se;
  r.ci_high = r.estimate + zc * r.se;
  if (r.se > 0.0) {
    r.z = r.estimate / r.se;
    r.p_value = z_p_value(r.z, Alternative::TwoSided);
  } else {
    r.note =
        "every risk is 0 or 1: the Wald SE is 0, the interval has zero width and the test "
        "is undefined";
  }
  if (!r.corrected && (p1 == 0.0 || p1 == 1.0 || p0 == 0.0 || p0 == 1.0) && r.se > 0.0) {
    r.note = "a risk of 0 or 1: the Wald interval understates the uncertainty of that row";
  }
  return r;
}

}  // namespace hipmech::stats
