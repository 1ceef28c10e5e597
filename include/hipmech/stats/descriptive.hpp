/// \file
/// Descriptive statistics of one sample with a t-based confidence interval of the mean, and the
/// combination of repeated trials per subject (mean, best, mean of the best two) used for
/// strength tests (docs/stats.md, "Descriptive statistics").
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/stats/distributions.hpp"
#include "hipmech/stats/missing.hpp"

namespace hipmech::stats {

/// Mean, SD (n − 1), SE, CV and the t-based CI of the mean of one sample.
struct Descriptives {
  Eigen::Index n = 0;          ///< values used
  Eigen::Index n_missing = 0;  ///< NaN values (left out under Missing::Omit)
  double mean = detail::kNaN;
  double sd = detail::kNaN;          ///< sample SD with n − 1 in the denominator
  double se = detail::kNaN;          ///< SD / √n
  double cv_percent = detail::kNaN;  ///< 100 · SD / |mean|; NaN when the mean is 0
  double ci_low = detail::kNaN;      ///< mean − t(1 − α/2, n − 1) · SE
  double ci_high = detail::kNaN;
  double confidence = 0.95;
  double df = detail::kNaN;  ///< n − 1
  std::string note;          ///< why a field is NaN; empty when all are defined
};

namespace detail {

/// True when every value equals the first (a zero variance that floating-point rounding of
/// the mean might otherwise turn into a tiny positive one).
inline bool all_equal(const Eigen::Ref<const Eigen::VectorXd>& x) {
  return x.size() > 0 && x.minCoeff() == x.maxCoeff();
}

/// Mean and sum of squared deviations of NaN-free values (two passes); SS is exactly 0 when
/// all values are equal, and the mean is then that value.
inline void mean_ss(const Eigen::Ref<const Eigen::VectorXd>& x, double& mean, double& ss) {
  if (x.size() == 0) {
    mean = kNaN;
    ss = kNaN;
    return;
  }
  if (all_equal(x)) {
    mean = x[0];
    ss = 0.0;
    return;
  }
  mean = x.mean();
  ss = (x.array() - mean).square().sum();
}

/// Mean and sample variance (n − 1) of NaN-free values (mean_ss); NaN variance when n < 2,
/// exactly 0 when all values are equal.
inline void mean_variance(const Eigen::Ref<const Eigen::VectorXd>& x, double& mean,
                          double& variance) {
  double ss = kNaN;
  mean_ss(x, mean, ss);
  variance = x.size() > 1 ? ss / static_cast<double>(x.size() - 1) : kNaN;
}

}  // namespace detail

/// Descriptive statistics of `x` with a `confidence` CI of the mean from Student's t with
/// n − 1 degrees of freedom. Fewer than 2 values give NaN SD/SE/CI with a note; a zero mean
/// gives a NaN CV with a note.
inline Descriptives describe(const Eigen::Ref<const Eigen::VectorXd>& x, double confidence = 0.95,
                             Missing missing = Missing::Propagate, const char* arg = "x") {
  check_confidence(confidence);
  const Sample s = apply_missing(x, missing, arg);
  Descriptives d;
  d.confidence = confidence;
  d.n_missing = s.n_missing;
  d.n = s.propagate_nan ? x.size() - s.n_missing : s.values.size();
  if (s.propagate_nan) {
    d.note = detail::missing_note(s.n_missing, x.size(), arg);
    return d;
  }
  const Eigen::Index n = s.values.size();
  if (n == 0) {
    d.note = "no values";
    return d;
  }
  double var = detail::kNaN;
  detail::mean_variance(s.values, d.mean, var);
  if (n < 2) {
    d.note = "one value: SD, SE and the CI need at least 2";
    return d;
  }
  d.df = static_cast<double>(n - 1);
  d.sd = std::sqrt(var);
  if (var == 0.0) d.note = "all values are equal: SD 0, the CI is the mean itself";
  d.se = d.sd / std::sqrt(static_cast<double>(n));
  const double t = t_quantile(0.5 + 0.5 * confidence, d.df);
  d.ci_low = d.mean - t * d.se;
  d.ci_high = d.mean + t * d.se;
  if (d.mean == 0.0) {
    detail::append_note(d.note, "the mean is 0: the CV is undefined");
  } else {
    d.cv_percent = 100.0 * d.sd / std::fabs(d.mean);
  }
  return d;
}

/// How repeated trials of one subject (and limb) are combined into one score.
enum class TrialCombination : std::uint8_t {
  Mean,           ///< the mean of the trials
  Best,           ///< the best trial
  MeanOfBestTwo,  ///< the mean of the two best trials ("best two of three")
};

/// "mean", "best" or "mean_of_best_two"; InvalidArgument naming `arg` otherwise.
inline TrialCombination parse_trial_combination(const std::string& name,
                                                const char* arg = "method") {
  if (name == "mean") return TrialCombination::Mean;
  if (name == "best") return TrialCombination::Best;
  if (name == "mean_of_best_two" || name == "best_two") return TrialCombination::MeanOfBestTwo;
  ::hipmech::detail::throw_invalid_argument(arg, "'mean', 'best' or 'mean_of_best_two'",
                                            "'" + name + "'");
}

/// One score per row of `trials` (n_subjects × n_trials). `higher_is_better` says which trial
/// is best (strength: true; a time: false). Missing trials (NaN) follow `missing`: Propagate
/// gives NaN for that subject (its note says why), Omit combines the trials present (a subject
/// needs one trial for Mean/Best and two for MeanOfBestTwo, else NaN with a note), Raise
/// throws. `n_used` receives the trials used per subject, `notes` the reason per subject
/// (empty when the score is defined); both may be null.
inline Eigen::VectorXd combine_trials(const Eigen::Ref<const RowMatrix>& trials,
                                      TrialCombination method, bool higher_is_better = true,
                                      Missing missing = Missing::Propagate,
                                      Eigen::VectorXi* n_used = nullptr,
                                      std::vector<std::string>* notes = nullptr) {
  HIPMECH_CHECK_ARG(trials.cols() >= 1, "trials", "at least one trial (column)",
                    std::to_string(trials.cols()) + " columns");
  if (method == TrialCombination::MeanOfBestTwo) {
    HIPMECH_CHECK_ARG(trials.cols() >= 2, "trials",
                      "at least two trials (columns) for the mean of the best two",
                      std::to_string(trials.cols()) + " columns");
  }
  check_values(trials, "trials", missing == Missing::Raise ? NanPolicy::Reject : NanPolicy::Allow);
  const Eigen::Index n = trials.rows();
  Eigen::VectorXd out(n);
  if (n_used) n_used->setZero(n);
  if (notes) notes->assign(static_cast<std::size_t>(n), std::string());
  std::vector<double> row;
  for (Eigen::Index i = 0; i < n; ++i) {
    row.clear();
    for (Eigen::Index j = 0; j < trials.cols(); ++j) {
      if (!std::isnan(trials(i, j))) row.push_back(trials(i, j));
    }
    const auto k = static_cast<Eigen::Index>(row.size());
    const bool incomplete = k < trials.cols();
    const Eigen::Index needed = method == TrialCombination::MeanOfBestTwo ? 2 : 1;
    if ((incomplete && missing == Missing::Propagate) || k < needed) {
      out[i] = detail::kNaN;
      if (notes) {
        (*notes)[static_cast<std::size_t>(i)] =
            incomplete && missing == Missing::Propagate
                ? std::to_string(trials.cols() - k) + " missing trial(s); pass missing='omit'"
                : "needs " + std::to_string(needed) + " trial(s), has " + std::to_string(k);
      }
      continue;
    }
    if (higher_is_better) {
      std::sort(row.begin(), row.end(), [](double a, double b) { return a > b; });
    } else {
      std::sort(row.begin(), row.end());
    }
    Eigen::Index used = k;
    switch (method) {
      case TrialCombination::Best:
        out[i] = row[0];
        used = 1;
        break;
      case TrialCombination::MeanOfBestTwo:
        out[i] = 0.5 * (row[0] + row[1]);
        used = 2;
        break;
      case TrialCombination::Mean:
      default: {
        double sum = 0.0;
        for (double v : row) sum += v;
        out[i] = sum / static_cast<double>(k);
        break;
      }
    }
    if (n_used) (*n_used)[i] = static_cast<int>(used);
  }
  return out;
}

}  // namespace hipmech::stats
