// The compiled definitions of <hipmech/stats/descriptive.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/stats/descriptive.hpp"

namespace hipmech::stats::detail {

void mean_ss(const Eigen::Ref<const Eigen::VectorXd>& x, double& mean, double& ss) {
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

}  // namespace hipmech::stats::detail

namespace hipmech::stats {

Descriptives describe(const Eigen::Ref<const Eigen::VectorXd>& x, double confidence,
                      Missing missing, const char* arg) {
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

Eigen::VectorXd combine_trials(const Eigen::Ref<const RowMatrix>& trials, TrialCombination method,
                               bool higher_is_better, Missing missing, Eigen::VectorXi* n_used,
                               std::vector<std::string>* notes) {
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
