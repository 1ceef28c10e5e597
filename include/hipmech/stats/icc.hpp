/// \file
/// Intraclass correlation coefficients in every form, under both naming systems, with their
/// F-tests and confidence intervals (docs/stats.md, "Reliability").
///
/// Sources: Shrout PE, Fleiss JL (1979) Psychol Bull 86:420–428 (ICC(1,1) … ICC(3,k), Table 2
/// and the interval formulas); McGraw KO, Wong SP (1996) Psychol Methods 1:30–46 (the ten
/// one-way/two-way, random/mixed, consistency/absolute-agreement, single/average forms; the
/// F-tests of Table 8 with ρ0 = 0 and the intervals of Table 7, including the Satterthwaite
/// degrees of freedom of the absolute-agreement forms). Koo TK, Li MY (2016) J Chiropr Med
/// 15:155–163 map the two systems onto each other.
///
/// Ratings are an n targets (subjects) × k raters (or trials, sessions) table. Mean squares of
/// the two-way ANOVA without replication:
///   MSR = k Σᵢ (x̄ᵢ. − x̄)² / (n − 1)              between targets (Shrout & Fleiss' BMS)
///   MSC = n Σⱼ (x̄.ⱼ − x̄)² / (k − 1)              between raters (JMS)
///   MSE = Σᵢⱼ (xᵢⱼ − x̄ᵢ. − x̄.ⱼ + x̄)² / ((n−1)(k−1))   residual (EMS)
///   MSW = (SSC + SSE) / (n (k − 1))                within targets, one-way (WMS)
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/stats/distributions.hpp"
#include "hipmech/stats/missing.hpp"

namespace hipmech::stats {

/// The six distinct ICC formulas. Each is one Shrout & Fleiss form and one or two McGraw & Wong
/// forms (the random- and mixed-rater versions of a two-way form share their formula).
enum class IccForm : std::uint8_t {
  OneWaySingle,        ///< ICC(1,1) = McGraw & Wong ICC(1)
  OneWayAverage,       ///< ICC(1,k) = ICC(k)
  AgreementSingle,     ///< ICC(2,1) = ICC(A,1), two-way random or mixed
  AgreementAverage,    ///< ICC(2,k) = ICC(A,k)
  ConsistencySingle,   ///< ICC(3,1) = ICC(C,1), two-way mixed or random
  ConsistencyAverage,  ///< ICC(3,k) = ICC(C,k)
};

/// The form named by either system: "ICC(1,1)", "ICC(2,1)", "ICC(3,1)", "ICC(1,k)",
/// "ICC(2,k)", "ICC(3,k)" (Shrout & Fleiss) or "ICC(1)", "ICC(k)", "ICC(A,1)", "ICC(A,k)",
/// "ICC(C,1)", "ICC(C,k)" (McGraw & Wong); case and spaces are ignored. InvalidArgument
/// naming `arg` otherwise.
namespace detail {

/// An ICC name without spaces, upper-case ("icc(a, 1)" → "ICC(A,1)").
std::string icc_key(const std::string& name);

}  // namespace detail

IccForm parse_icc_form(const std::string& name, const char* arg = "form");

/// Shrout & Fleiss' name of a form ("ICC(2,1)").
inline const char* shrout_fleiss_name(IccForm f) {
  static constexpr std::array<const char*, 6> names = {"ICC(1,1)", "ICC(1,k)", "ICC(2,1)",
                                                       "ICC(2,k)", "ICC(3,1)", "ICC(3,k)"};
  return names[static_cast<std::size_t>(f)];
}

/// McGraw & Wong's name of a form ("ICC(A,1)").
inline const char* mcgraw_wong_name(IccForm f) {
  static constexpr std::array<const char*, 6> names = {"ICC(1)",   "ICC(k)",   "ICC(A,1)",
                                                       "ICC(A,k)", "ICC(C,1)", "ICC(C,k)"};
  return names[static_cast<std::size_t>(f)];
}

inline bool is_average(IccForm f) {
  return f == IccForm::OneWayAverage || f == IccForm::AgreementAverage ||
         f == IccForm::ConsistencyAverage;
}

/// The two-way ANOVA of a ratings table (see the file comment for the mean squares).
struct IccAnova {
  Eigen::Index n_targets = 0;
  Eigen::Index n_raters = 0;
  double grand_mean = detail::kNaN;
  double ss_targets = detail::kNaN;  ///< SSR
  double ss_raters = detail::kNaN;   ///< SSC
  double ss_error = detail::kNaN;    ///< SSE (residual)
  double ms_targets = detail::kNaN;  ///< MSR (BMS)
  double ms_raters = detail::kNaN;   ///< MSC (JMS)
  double ms_error = detail::kNaN;    ///< MSE (EMS)
  double ms_within = detail::kNaN;   ///< MSW (WMS), one-way
  double sd_all = detail::kNaN;  ///< SD of all n·k ratings (n·k − 1), for SEM = SD·√(1 − ICC)
};

namespace detail {

inline void check_ratings_shape(Eigen::Index n, Eigen::Index k, const char* arg) {
  HIPMECH_CHECK_ARG(n >= 2 && k >= 2, arg,
                    "a table of at least 2 targets (rows) × 2 raters or trials (columns)",
                    "shape (" + std::to_string(n) + ", " + std::to_string(k) + ")");
}

}  // namespace detail

/// The ANOVA of NaN-free `ratings` (n ≥ 2 targets × k ≥ 2 raters). One pass for the row and
/// column means, one for the residual; no allocation beyond two small mean vectors.
IccAnova icc_anova(const Eigen::Ref<const RowMatrix>& ratings);

/// The ICC of `form` from an ANOVA (Shrout & Fleiss 1979 eqs. 2, 4, 6 and their Spearman–
/// Brown averages; McGraw & Wong 1996 Table 4). NaN when the denominator is 0 (all ratings
/// equal).
double icc_from_anova(const IccAnova& a, IccForm form);

/// The ICC of one form of NaN-free `ratings`, without tests or intervals: the fast path for
/// resampling (bootstrap). InvalidArgument for fewer than 2 rows or columns.
inline double icc_value(const Eigen::Ref<const RowMatrix>& ratings, IccForm form) {
  return icc_from_anova(icc_anova(ratings), form);
}

/// One row of the ICC table: a McGraw & Wong form with its Shrout & Fleiss name (empty for the
/// four McGraw & Wong forms Shrout & Fleiss did not name), its estimate, F-test (H0: ρ = 0,
/// McGraw & Wong Table 8) and confidence interval (Table 7).
struct IccRow {
  IccForm form = IccForm::OneWaySingle;
  const char* label = "";          ///< unique key: the Shrout & Fleiss name, else McGraw & Wong's
  const char* shrout_fleiss = "";  ///< "ICC(2,1)", or "" when Shrout & Fleiss have no name
  const char* mcgraw_wong = "";    ///< "ICC(A,1)"
  const char* model = "";          ///< "one-way random", "two-way random", "two-way mixed"
  const char* definition = "";     ///< "absolute agreement" or "consistency"
  const char* unit = "";           ///< "single" or "average" (of the k raters)
  double icc = detail::kNaN;
  double f = detail::kNaN;  ///< F statistic
  double df1 = detail::kNaN;
  double df2 = detail::kNaN;
  double p_value = detail::kNaN;
  double ci_low = detail::kNaN;
  double ci_high = detail::kNaN;
  const char* ci_method = "";  ///< "exact (F)" or "approximate (F, Satterthwaite df)"
};

/// Every ICC form of a ratings table: ten McGraw & Wong rows (the six Shrout & Fleiss forms
/// first, then the two-way random consistency and two-way mixed agreement forms, whose numbers
/// equal ICC(3,·) and ICC(2,·)).
struct IccResult {
  std::array<IccRow, 10> rows{};
  IccAnova anova;
  double confidence = 0.95;
  Eigen::Index n_targets_dropped = 0;  ///< targets left out under Missing::Omit
  Eigen::Index n_missing = 0;          ///< missing cells (NaN) in the input
  std::string note;                    ///< why values are NaN, what was dropped

  /// The first row of `form` (the Shrout & Fleiss row; the later rows repeat its numbers).
  const IccRow& row(IccForm form) const {
    for (const auto& r : rows) {
      if (r.form == form) return r;
    }
    return rows[0];
  }
};

namespace detail {

struct IccRowName {
  IccForm form;
  const char* shrout_fleiss;
  const char* model;
  const char* definition;
};

// The table's row order and names (McGraw & Wong 1996 Table 4; Shrout & Fleiss 1979 Table 1).
inline constexpr std::array<IccRowName, 10> kIccRows = {{
    {IccForm::OneWaySingle, "ICC(1,1)", "one-way random", "absolute agreement"},
    {IccForm::AgreementSingle, "ICC(2,1)", "two-way random", "absolute agreement"},
    {IccForm::ConsistencySingle, "ICC(3,1)", "two-way mixed", "consistency"},
    {IccForm::OneWayAverage, "ICC(1,k)", "one-way random", "absolute agreement"},
    {IccForm::AgreementAverage, "ICC(2,k)", "two-way random", "absolute agreement"},
    {IccForm::ConsistencyAverage, "ICC(3,k)", "two-way mixed", "consistency"},
    {IccForm::ConsistencySingle, "", "two-way random", "consistency"},
    {IccForm::ConsistencyAverage, "", "two-way random", "consistency"},
    {IccForm::AgreementSingle, "", "two-way mixed", "absolute agreement"},
    {IccForm::AgreementAverage, "", "two-way mixed", "absolute agreement"},
}};

/// The label (table index) of row `i`: the Shrout & Fleiss name, else McGraw & Wong's.
inline const char* icc_row_label(std::size_t i) {
  return kIccRows[i].shrout_fleiss[0] != '\0' ? kIccRows[i].shrout_fleiss
                                              : mcgraw_wong_name(kIccRows[i].form);
}

}  // namespace detail

/// The row (0–9) of the ICC table a name selects: a table label ("ICC(2,1)" is two-way random
/// absolute agreement, "ICC(A,1)" two-way mixed absolute agreement, "ICC(C,1)" two-way random
/// consistency, "ICC(3,1)" two-way mixed consistency, …) or McGraw & Wong's one-way "ICC(1)",
/// "ICC(k)". Case and spaces are ignored; InvalidArgument naming `arg` otherwise.
std::size_t icc_row_index(const std::string& name, const char* arg = "form");

namespace detail {

/// Fills the estimates, F-tests and intervals of the six distinct forms (index = IccForm).
void icc_forms(const IccAnova& a, double confidence, std::array<IccRow, 6>& out);

}  // namespace detail

/// Every ICC form of `ratings` (n targets × k raters, n, k ≥ 2) with F-tests and `confidence`
/// intervals. Missing ratings (NaN) follow `missing`: Propagate gives NaN values and a note,
/// Omit leaves out every target with a missing rating (listwise deletion, as Shrout & Fleiss'
/// complete-table design requires) and counts them, Raise throws. Degenerate tables are NaN
/// with a note, never inf: all ratings equal (0/0), or no residual variance (the F test and
/// intervals are undefined; the estimate stays).
IccResult icc(const Eigen::Ref<const RowMatrix>& ratings, double confidence = 0.95,
              Missing missing = Missing::Propagate);

}  // namespace hipmech::stats
