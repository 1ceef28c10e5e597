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
inline void t_inference(TTest& r) {
  r.statistic = (r.estimate - r.null_value) / r.se;
  r.p_value = t_p_value(r.statistic, r.df, r.alternative);
  const double inf = std::numeric_limits<double>::infinity();
  switch (r.alternative) {
    case Alternative::Less:
      r.ci_low = -inf;
      r.ci_high = r.estimate + t_quantile(r.confidence, r.df) * r.se;
      break;
    case Alternative::Greater:
      r.ci_low = r.estimate - t_quantile(r.confidence, r.df) * r.se;
      r.ci_high = inf;
      break;
    case Alternative::TwoSided:
    default: {
      const double q = t_quantile(0.5 + 0.5 * r.confidence, r.df);
      r.ci_low = r.estimate - q * r.se;
      r.ci_high = r.estimate + q * r.se;
      break;
    }
  }
}

/// One-sample inference on NaN-free `x` (used by the one-sample and paired tests).
/// `one`/`many` name the unit ("value"/"values", "pair"/"pairs"), `spread` what varies.
inline void one_sample_core(const Eigen::Ref<const Eigen::VectorXd>& x, TTest& r, const char* one,
                            const char* many, const char* spread) {
  const Eigen::Index n = x.size();
  if (n == 0) {
    r.note = std::string("no ") + many;
    return;
  }
  double ss = kNaN;
  mean_ss(x, r.estimate, ss);
  if (n < 2) {
    r.note = std::string("one ") + one + ": the t-test needs at least 2";
    return;
  }
  r.df = static_cast<double>(n - 1);
  r.se = std::sqrt(ss / r.df / static_cast<double>(n));
  if (!(r.se > 0.0)) {
    r.note = std::string("zero variance: all ") + spread +
             " are equal, so t, the p-value and the CI are undefined";
    return;
  }
  t_inference(r);
}

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
inline TTest ttest_one_sample(const Eigen::Ref<const Eigen::VectorXd>& x, double mu = 0.0,
                              Alternative alternative = Alternative::TwoSided,
                              double confidence = 0.95, Missing missing = Missing::Propagate) {
  HIPMECH_CHECK_ARG(std::isfinite(mu), "mu", "a finite null mean", mu);
  check_confidence(confidence);
  const Sample s = apply_missing(x, missing, "x");
  TTest r;
  r.method = "one-sample t-test";
  r.alternative = alternative;
  r.confidence = confidence;
  r.null_value = mu;
  r.n_missing = s.n_missing;
  r.n1 = x.size() - s.n_missing;
  if (s.propagate_nan) {
    r.note = detail::missing_note(s.n_missing, x.size(), "x");
    return r;
  }
  detail::one_sample_core(s.values, r, "value", "values", "values");
  return r;
}

/// Paired t-test of H0: mean(a − b) = 0: the one-sample t-test of the differences
/// d_i = a_i − b_i (Student 1908), t = d̄ / (s_d / √n), df = n − 1. A pair with a NaN in a or
/// b is missing. The CI is that of the mean difference (scipy.stats.ttest_rel).
/// \param[in] a, b #pairs each, the two measurements of each subject (same unit)
/// \throws InvalidArgument when a and b differ in length, for infinite values, a bad
///         confidence or a NaN under Missing::Raise
inline TTest ttest_paired(const Eigen::Ref<const Eigen::VectorXd>& a,
                          const Eigen::Ref<const Eigen::VectorXd>& b,
                          Alternative alternative = Alternative::TwoSided, double confidence = 0.95,
                          Missing missing = Missing::Propagate) {
  check_confidence(confidence);
  const PairedSample s = apply_missing_paired(a, b, missing, "a", "b");
  TTest r;
  r.method = "paired t-test";
  r.alternative = alternative;
  r.confidence = confidence;
  r.n_missing = s.n_missing;
  r.n1 = r.n2 = a.size() - s.n_missing;
  if (s.propagate_nan) {
    r.note = detail::missing_note(s.n_missing, a.size(), "a' and 'b", "pairs");
    return r;
  }
  const Eigen::VectorXd d = s.a - s.b;
  detail::one_sample_core(d, r, "pair", "pairs", "differences a − b");
  return r;
}

/// Two-sample t-test of H0: mean(a) = mean(b) for independent groups.
///
/// Welch (1947), `equal_var` false (the default): se = √(s_a²/n_a + s_b²/n_b), df by
/// Welch–Satterthwaite: df = (s_a²/n_a + s_b²/n_b)² / [(s_a²/n_a)²/(n_a − 1) +
/// (s_b²/n_b)²/(n_b − 1)]; needs 2 values per group.
/// Student (1908), `equal_var` true: s_p² = [(n_a − 1)s_a² + (n_b − 1)s_b²] / (n_a + n_b − 2),
/// se = s_p √(1/n_a + 1/n_b), df = n_a + n_b − 2; needs one value per group and 3 in all.
/// t = (ā − b̄) / se; the CI is that of ā − b̄ (scipy.stats.ttest_ind).
/// \param[in] a, b #values each, the two groups (same unit; lengths may differ)
inline TTest ttest_independent(const Eigen::Ref<const Eigen::VectorXd>& a,
                               const Eigen::Ref<const Eigen::VectorXd>& b, bool equal_var = false,
                               Alternative alternative = Alternative::TwoSided,
                               double confidence = 0.95, Missing missing = Missing::Propagate) {
  check_confidence(confidence);
  const Sample sa = apply_missing(a, missing, "a");
  const Sample sb = apply_missing(b, missing, "b");
  TTest r;
  r.method = equal_var ? "Student's t-test" : "Welch's t-test";
  r.alternative = alternative;
  r.confidence = confidence;
  r.n_missing = sa.n_missing + sb.n_missing;
  r.n1 = a.size() - sa.n_missing;
  r.n2 = b.size() - sb.n_missing;
  if (sa.propagate_nan || sb.propagate_nan) {
    if (sa.propagate_nan) r.note = detail::missing_note(sa.n_missing, a.size(), "a");
    if (sb.propagate_nan) {
      r.note += (r.note.empty() ? "" : "; ") + detail::missing_note(sb.n_missing, b.size(), "b");
    }
    return r;
  }
  const Eigen::Index na = sa.values.size();
  const Eigen::Index nb = sb.values.size();
  double mean_a = detail::kNaN;
  double mean_b = detail::kNaN;
  double ss_a = detail::kNaN;
  double ss_b = detail::kNaN;
  detail::mean_ss(sa.values, mean_a, ss_a);
  detail::mean_ss(sb.values, mean_b, ss_b);
  r.estimate = mean_a - mean_b;
  const auto count = [](Eigen::Index n) { return std::to_string(n); };
  if (na == 0 || nb == 0) {
    r.note = std::string("no values in '") + (na == 0 ? "a" : "b") + "'";
    return r;
  }
  const double fa = static_cast<double>(na);
  const double fb = static_cast<double>(nb);
  if (equal_var) {
    if (na + nb < 3) {
      r.note = "Student's t-test needs at least 3 values in all (has " + count(na + nb) + ")";
      return r;
    }
    r.df = fa + fb - 2.0;
    const double sp2 = (ss_a + ss_b) / r.df;
    r.se = std::sqrt(sp2 * (1.0 / fa + 1.0 / fb));
  } else {
    if (na < 2 || nb < 2) {
      r.note = "Welch's t-test needs at least 2 values in each group (a has " + count(na) +
               ", b has " + count(nb) + "); Student's t-test (equal_var) needs 1";
      return r;
    }
    const double va = ss_a / (fa - 1.0) / fa;  // s_a² / n_a
    const double vb = ss_b / (fb - 1.0) / fb;
    r.se = std::sqrt(va + vb);
    if (r.se > 0.0) r.df = (va + vb) * (va + vb) / (va * va / (fa - 1.0) + vb * vb / (fb - 1.0));
  }
  if (!(r.se > 0.0)) {
    r.note =
        "zero variance: the values within each group are all equal, so t, the p-value "
        "and the CI are undefined";
    return r;
  }
  detail::t_inference(r);
  return r;
}

}  // namespace hipmech::stats
