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
void mean_ss(const Eigen::Ref<const Eigen::VectorXd>& x, double& mean, double& ss);

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
Descriptives describe(const Eigen::Ref<const Eigen::VectorXd>& x, double confidence = 0.95,
                      Missing missing = Missing::Propagate, const char* arg = "x");

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
Eigen::VectorXd combine_trials(const Eigen::Ref<const RowMatrix>& trials, TrialCombination method,
                               bool higher_is_better = true, Missing missing = Missing::Propagate,
                               Eigen::VectorXi* n_used = nullptr,
                               std::vector<std::string>* notes = nullptr);

}  // namespace hipmech::stats
