// The compiled definitions of <hipmech/stats/ttest.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/stats/ttest.hpp"

namespace hipmech::stats::detail {

void t_inference(TTest& r) {
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

void one_sample_core(const Eigen::Ref<const Eigen::VectorXd>& x, TTest& r, const char* one,
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

}  // namespace hipmech::stats::detail

namespace hipmech::stats {

TTest ttest_one_sample(const Eigen::Ref<const Eigen::VectorXd>& x, double mu,
                       Alternative alternative, double confidence, Missing missing) {
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

TTest ttest_paired(const Eigen::Ref<const Eigen::VectorXd>& a,
                   const Eigen::Ref<const Eigen::VectorXd>& b, Alternative alternative,
                   double confidence, Missing missing) {
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

TTest ttest_independent(const Eigen::Ref<const Eigen::VectorXd>& a,
                        const Eigen::Ref<const Eigen::VectorXd>& b, bool equal_var,
                        Alternative alternative, double confidence, Missing missing) {
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
