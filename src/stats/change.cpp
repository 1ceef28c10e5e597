// The compiled definitions of <hipmech/stats/change.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/stats/change.hpp"

namespace hipmech::stats {

const char* change_category_name(ChangeCategory c) {
  switch (c) {
    case ChangeCategory::Worsened:
      return "worsened";
    case ChangeCategory::Within:
      return "within";
    case ChangeCategory::Improved:
      return "improved";
    case ChangeCategory::Undefined:
    default:
      return "undefined";
  }
}

Change change(const Eigen::Ref<const Eigen::VectorXd>& baseline,
              const Eigen::Ref<const Eigen::VectorXd>& follow_up, double mdc, bool higher_is_better,
              double confidence, Missing missing) {
  check_confidence(confidence);
  HIPMECH_CHECK_ARG(std::isnan(mdc) || (std::isfinite(mdc) && mdc > 0.0), "mdc",
                    "a positive minimal detectable change in the unit of the values (or none)",
                    mdc);
  const PairedSample s =
      apply_missing_paired(baseline, follow_up, missing, "baseline", "follow_up");
  Change r;
  r.confidence = confidence;
  r.mdc = mdc;
  r.higher_is_better = higher_is_better;
  r.n_missing = s.n_missing;
  const Eigen::Index n_all = baseline.size();
  r.n = n_all - s.n_missing;
  const auto add_note = [&r](const std::string& what) { detail::append_note(r.note, what); };

  // Per subject.
  r.change = follow_up - baseline;
  r.percent_change.resize(n_all);
  r.category.assign(static_cast<std::size_t>(n_all), ChangeCategory::Undefined);
  Eigen::Index n_zero_baseline = 0;
  const bool has_mdc = !std::isnan(mdc);
  // |change| equal to the MDC within rounding is "within" (1.3 - 1.0 is 0.30000000000000004).
  const double mdc_tol = kMdcTolerance * (has_mdc && mdc > 1.0 ? mdc : 1.0);
  for (Eigen::Index i = 0; i < n_all; ++i) {
    const double dv = r.change[i];
    if (std::isnan(dv)) {
      r.percent_change[i] = detail::kNaN;
      continue;
    }
    if (baseline[i] == 0.0) {
      r.percent_change[i] = detail::kNaN;
      ++n_zero_baseline;
    } else {
      r.percent_change[i] = 100.0 * dv / std::fabs(baseline[i]);
    }
    if (!has_mdc) continue;
    const double better = higher_is_better ? dv : -dv;
    ChangeCategory c = ChangeCategory::Within;
    if (better > mdc + mdc_tol) {
      c = ChangeCategory::Improved;
      ++r.n_improved;
    } else if (better < -(mdc + mdc_tol)) {
      c = ChangeCategory::Worsened;
      ++r.n_worsened;
    } else {
      ++r.n_within;
    }
    r.category[static_cast<std::size_t>(i)] = c;
  }
  if (n_zero_baseline > 0) {
    add_note(std::to_string(n_zero_baseline) +
             " subject(s) with a baseline of 0: their percent change is undefined");
  }

  // Group summary.
  if (s.propagate_nan) {
    add_note(detail::missing_note(s.n_missing, n_all, "baseline' or 'follow_up", "subjects"));
    return r;
  }
  if (s.a.size() == 0) {
    add_note("no subjects");
    return r;
  }
  r.mean_baseline = s.a.mean();
  r.mean_follow_up = s.b.mean();
  // The paired t-test of follow_up − baseline gives the mean change, its SE, CI, t and p.
  const TTest tt = ttest_paired(s.b, s.a, Alternative::TwoSided, confidence, Missing::Raise);
  const Eigen::VectorXd d = s.b - s.a;
  double ss = detail::kNaN;
  detail::mean_ss(d, r.mean_change, ss);
  if (d.size() < 2) {
    add_note("one subject: the SD, CI and t-test need at least 2");
    return r;
  }
  r.df = tt.df;
  r.sd_change = std::sqrt(ss / r.df);
  r.se_change = tt.se;
  r.ci_low = tt.ci_low;
  r.ci_high = tt.ci_high;
  r.statistic = tt.statistic;
  r.p_value = tt.p_value;
  if (!tt.note.empty()) {
    add_note(
        "zero variance: every subject changed by the same amount, so t, the p-value and the CI "
        "are undefined (as in ttest_paired)");
  }
  return r;
}

}  // namespace hipmech::stats
