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
ContingencyEstimate contingency_start(const Table2x2& t, double confidence,
                                      ZeroCorrection correction, const char* measure,
                                      const char* method);

/// Fills the log-scale Wald interval, z and p of a ratio from its log and the log's SE. A zero
/// SE gives a zero-width interval and NaN z and p, with `zero_se_note` in `note`.
void contingency_log_wald(ContingencyEstimate& r, double log_estimate, double se,
                          const char* zero_se_note = "");

}  // namespace detail

/// Odds ratio (a d) / (b c) with the log (Woolf) Wald CI; see the file comment for the layout
/// and the zero-cell policy. Throws InvalidArgument for a negative or non-finite count, an
/// empty row or a confidence outside (0, 1).
ContingencyEstimate odds_ratio(const Table2x2& table, double confidence = 0.95,
                               ZeroCorrection correction = ZeroCorrection::Haldane);

/// Relative risk (a / (a + b)) / (c / (c + d)) with the log (Katz) Wald CI. With
/// ZeroCorrection::None, a = 0 or c = 0 gives NaN with a note (b = 0 or d = 0 is fine).
ContingencyEstimate relative_risk(const Table2x2& table, double confidence = 0.95,
                                  ZeroCorrection correction = ZeroCorrection::Haldane);

/// Risk difference a / (a + b) − c / (c + d) with the Wald CI. No zero-cell correction by
/// default (the difference is always defined; see the file comment). With a risk of 0 or 1 in
/// both rows the SE is 0: the interval has zero width, z and p are NaN, and the note says so.
ContingencyEstimate risk_difference(const Table2x2& table, double confidence = 0.95,
                                    ZeroCorrection correction = ZeroCorrection::None);

}  // namespace hipmech::stats
