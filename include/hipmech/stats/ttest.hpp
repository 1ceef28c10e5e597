/// \file
/// Student's t-tests (docs/stats-comparisons.md, "t-tests"): one sample against a null mean,
/// paired samples (on the differences a − b), and two independent samples with pooled
/// variances (Student 1908) or without (Welch 1947). Each result carries the t statistic, its
/// degrees of freedom, the p-value under the chosen alternative, the estimate with its standard
/// error and confidence interval, the sample sizes, the method's name and, when a field is
/// NaN, a note saying why. The results agree with scipy.stats.ttest_1samp / ttest_rel /
/// ttest_ind (statistic, p-value and confidence_interval()).
///
/// Degenerate input never gives infinity and never throws: too few values or zero variance
/// give NaN statistic, p-value and CI with the reason in `note`.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/stats/descriptive.hpp"
#include "hipmech/stats/distributions.hpp"
#include "hipmech/stats/missing.hpp"

namespace hipmech::stats {

/// The result of a t-test. NaN fields are explained in `note`.
struct TTest {
  double statistic = detail::kNaN;  ///< t = (estimate − null_value) / se
  double df = detail::kNaN;  ///< degrees of freedom (Welch: Welch–Satterthwaite, not integer)
  double p_value = detail::kNaN;  ///< under `alternative`
  Alternative alternative = Alternative::TwoSided;
  /// The mean (one sample), the mean of the differences a − b (paired) or the difference of
  /// the means, mean(a) − mean(b) (independent), in the unit of the data.
  double estimate = detail::kNaN;
  double null_value = 0.0;        ///< μ0 of the one-sample test; 0 for the others
  double se = detail::kNaN;       ///< standard error of `estimate`
  double ci_low = detail::kNaN;   ///< confidence interval of `estimate`: two-sided, or
  double ci_high = detail::kNaN;  ///< one-sided with an infinite bound (as scipy does)
  double confidence = 0.95;
  Eigen::Index n1 = 0;         ///< values used from x / a (paired: complete pairs)
  Eigen::Index n2 = 0;         ///< values used from b (paired: complete pairs; one sample: 0)
  Eigen::Index n_missing = 0;  ///< NaN values (paired: incomplete pairs), both samples counted
  /// "one-sample t-test", "paired t-test", "Welch's t-test" or "Student's t-test".
  std::string method;
  std::string note;  ///< why a field is NaN; empty when all are defined
};

namespace detail {

/// Fills statistic, p-value and CI of `r` from estimate, se and df. se must be > 0.
/// CI (two-sided): estimate ± t(1 − α/2, df) · se; one-sided "less": (−∞, estimate +
/// t(1 − α, df) · se]; "greater": [estimate − t(1 − α, df) · se, +∞), α = 1 − confidence.
void t_inference(TTest& r);

/// One-sample inference on NaN-free `x` (used by the one-sample and paired tests).
/// `one`/`many` name the unit ("value"/"values", "pair"/"pairs"), `spread` what varies.
void one_sample_core(const Eigen::Ref<const Eigen::VectorXd>& x, TTest& r, const char* one,
                     const char* many, const char* spread);

}  // namespace detail

/// One-sample t-test of H0: mean = `mu` (Student 1908).
///
/// t = (x̄ − μ0) / (s / √n), df = n − 1, s the sample SD (n − 1). The CI is that of the
/// population mean (scipy.stats.ttest_1samp(...).confidence_interval()).
/// \param[in] x #values, the sample (any unit); NaN marks a missing value, handled by `missing`
/// \param[in] mu the null mean μ0, in the unit of x; must be finite
/// \param[in] alternative two-sided, or the mean less / greater than μ0
/// \param[in] confidence level of the CI, in (0, 1)
/// \param[in] missing Propagate (NaN result with a note), Omit or Raise
/// \throws InvalidArgument for infinite values, a non-finite `mu`, a bad confidence or a NaN
///         under Missing::Raise
TTest ttest_one_sample(const Eigen::Ref<const Eigen::VectorXd>& x, double mu = 0.0,
                       Alternative alternative = Alternative::TwoSided, double confidence = 0.95,
                       Missing missing = Missing::Propagate);

/// Paired t-test of H0: mean(a − b) = 0: the one-sample t-test of the differences
/// d_i = a_i − b_i (Student 1908), t = d̄ / (s_d / √n), df = n − 1. A pair with a NaN in a or
/// b is missing. The CI is that of the mean difference (scipy.stats.ttest_rel).
/// \param[in] a, b #pairs each, the two measurements of each subject (same unit)
/// \throws InvalidArgument when a and b differ in length, for infinite values, a bad
///         confidence or a NaN under Missing::Raise
TTest ttest_paired(const Eigen::Ref<const Eigen::VectorXd>& a,
                   const Eigen::Ref<const Eigen::VectorXd>& b,
                   Alternative alternative = Alternative::TwoSided, double confidence = 0.95,
                   Missing missing = Missing::Propagate);

/// Two-sample t-test of H0: mean(a) = mean(b) for independent groups.
///
/// Welch (1947), `equal_var` false (the default): se = √(s_a²/n_a + s_b²/n_b), df by
/// Welch–Satterthwaite: df = (s_a²/n_a + s_b²/n_b)² / [(s_a²/n_a)²/(n_a − 1) +
/// (s_b²/n_b)²/(n_b − 1)]; needs 2 values per group.
/// Student (1908), `equal_var` true: s_p² = [(n_a − 1)s_a² + (n_b − 1)s_b²] / (n_a + n_b − 2),
/// se = s_p √(1/n_a + 1/n_b), df = n_a + n_b − 2; needs one value per group and 3 in all.
/// t = (ā − b̄) / se; the CI is that of ā − b̄ (scipy.stats.ttest_ind).
/// \param[in] a, b #values each, the two groups (same unit; lengths may differ)
TTest ttest_independent(const Eigen::Ref<const Eigen::VectorXd>& a,
                        const Eigen::Ref<const Eigen::VectorXd>& b, bool equal_var = false,
                        Alternative alternative = Alternative::TwoSided, double confidence = 0.95,
                        Missing missing = Missing::Propagate);

}  // namespace hipmech::stats
