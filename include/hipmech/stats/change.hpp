/// \file
/// Change over a programme: baseline against follow-up per subject (a strength, a limb
/// symmetry index...), each change judged against a minimal detectable change (MDC), and the
/// group's mean change with its t interval and paired t-test (docs/stats-agreement.md,
/// "Change over a programme").
///
/// Per subject i: change Δ_i = f_i − b_i (follow-up minus baseline, in the unit of the
/// values) and percent change 100 Δ_i / |b_i| (NaN when b_i = 0; dividing by |b_i| keeps the
/// sign of the change). With an MDC (a positive number in the unit of the values, e.g. the
/// MDC95 = 1.96 √2 SEM of a reliability study; Weir 2005, J Strength Cond Res 19:231–240) a
/// change is "improved" when it goes beyond the MDC in the better direction (Δ > MDC when
/// higher is better, Δ < −MDC when lower is better), "worsened" beyond it in the other
/// direction, and "within" otherwise (|Δ| ≤ MDC: not distinguishable from measurement error).
/// A |Δ| equal to the MDC within rounding (kMdcTolerance · max(1, MDC), as the clinic cut-offs'
/// clinic::cutoff_tolerance) is "within": 1.3 − 1.0 is 0.30000000000000004, not beyond 0.3.
///
/// Group (subjects with both values): mean change Δ̄, SD, SE and the CI Δ̄ ± t(1 − α/2, n − 1) SE
/// with the paired t-test t = Δ̄ / SE on n − 1 degrees of freedom (Student 1908) and its
/// two-sided p-value, all from ttest_paired(follow_up, baseline) (so the paired t-test is
/// computed in one place). When every subject changed by exactly the same amount the variance
/// is 0 and, as in the t-test, t, p and the CI are NaN with a note.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/stats/distributions.hpp"
#include "hipmech/stats/missing.hpp"
#include "hipmech/stats/ttest.hpp"

namespace hipmech::stats {

/// Relative tolerance of the comparison with the MDC: a |change| within kMdcTolerance ·
/// max(1, MDC) of the MDC counts as equal to it (floating-point rounding, not a clinical margin).
inline constexpr double kMdcTolerance = 1e-9;

/// How one subject's change compares with the MDC.
enum class ChangeCategory : std::int8_t {
  Worsened = -1,  ///< beyond the MDC in the worse direction
  Within = 0,     ///< within ± MDC
  Improved = 1,   ///< beyond the MDC in the better direction
  Undefined = 2,  ///< no MDC given, or a value is missing
};

const char* change_category_name(ChangeCategory c);

/// Result of change(). Changes are in the unit of the inputs; percent changes in %.
struct Change {
  Eigen::Index n = 0;          ///< subjects with both values
  Eigen::Index n_missing = 0;  ///< subjects with a NaN baseline or follow-up
  double confidence = 0.95;
  double mdc = detail::kNaN;  ///< the MDC used; NaN when none was given
  bool higher_is_better = true;

  Eigen::VectorXd change;          ///< per subject f − b, input order, NaN where missing
  Eigen::VectorXd percent_change;  ///< per subject 100 (f − b) / |b|; NaN for b = 0 or missing
  std::vector<ChangeCategory> category;  ///< per subject, against the MDC

  double mean_baseline = detail::kNaN;   ///< over the subjects used
  double mean_follow_up = detail::kNaN;  ///< over the subjects used
  double mean_change = detail::kNaN;
  double sd_change = detail::kNaN;
  double se_change = detail::kNaN;
  double ci_low = detail::kNaN;  ///< mean change − t(1 − α/2, n − 1) SE
  double ci_high = detail::kNaN;
  std::string ci_method = "t (paired)";  ///< the interval method
  double statistic = detail::kNaN;       ///< paired t statistic, mean change / SE
  double df = detail::kNaN;
  double p_value = detail::kNaN;  ///< two-sided paired t-test of a mean change of 0

  Eigen::Index n_improved = 0;  ///< subjects (with both values) beyond the MDC, better
  Eigen::Index n_worsened = 0;  ///< beyond the MDC, worse
  Eigen::Index n_within = 0;    ///< within ± MDC (all three 0 when no MDC is given)
  std::string note;             ///< why a field is NaN; empty when all are defined
};

/// Change from `baseline` to `follow_up` (n values each, same subjects in the same order).
/// `mdc` > 0 in the unit of the values, or NaN for none; `higher_is_better` gives the
/// direction of improvement (strength, LSI: true; a time or pain score: false). Subjects with
/// a NaN follow `missing` for the group summary (Propagate: NaN summary with a note; Omit:
/// left out and counted; Raise: InvalidArgument); the per-subject results always keep the
/// input's length, NaN (category Undefined) where a value is missing. Throws InvalidArgument
/// for unequal lengths, infinity, a non-positive or infinite MDC, or a confidence outside
/// (0, 1).
Change change(const Eigen::Ref<const Eigen::VectorXd>& baseline,
              const Eigen::Ref<const Eigen::VectorXd>& follow_up, double mdc = detail::kNaN,
              bool higher_is_better = true, double confidence = 0.95,
              Missing missing = Missing::Propagate);

}  // namespace hipmech::stats
