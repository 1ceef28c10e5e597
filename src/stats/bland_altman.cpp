// The compiled definitions of <hipmech/stats/bland_altman.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/stats/bland_altman.hpp"

namespace hipmech::stats {

BlandAltman bland_altman(const Eigen::Ref<const Eigen::VectorXd>& a,
                         const Eigen::Ref<const Eigen::VectorXd>& b, double confidence,
                         LoaCi loa_ci, bool percent, Missing missing, double agreement) {
  check_confidence(confidence);
  check_confidence(agreement, "agreement");
  const PairedSample s = apply_missing_paired(a, b, missing, "a", "b");
  BlandAltman r;
  const auto add_note = [&r](const std::string& what) { detail::append_note(r.note, what); };
  r.confidence = confidence;
  r.agreement = agreement;
  r.percent = percent;
  r.ci_method = loa_ci;
  r.n_missing = s.n_missing;
  r.z = normal_quantile(0.5 + 0.5 * agreement);

  // Per-pair values over the whole input, for plotting (NaN where a pair is missing).
  const Eigen::Index n_all = a.size();
  r.means = 0.5 * (a + b);
  r.differences = a - b;
  Eigen::Index n_zero_mean = 0;
  if (percent) {
    for (Eigen::Index i = 0; i < n_all; ++i) {
      if (r.means[i] == 0.0) {
        ++n_zero_mean;
        r.differences[i] = detail::kNaN;
      } else {
        r.differences[i] = 100.0 * r.differences[i] / std::fabs(r.means[i]);
      }
    }
  }
  r.n = n_all - s.n_missing;
  if (s.propagate_nan) {
    r.note = detail::missing_note(s.n_missing, n_all, "a' or 'b", "pairs");
    return r;
  }
  if (n_zero_mean > 0) {
    r.note = std::to_string(n_zero_mean) +
             " pair(s) with mean 0: their percent difference is undefined (NaN), so the "
             "summary is NaN";
    return r;
  }
  // The differences and means actually used (missing pairs dropped under Omit).
  Eigen::VectorXd m = 0.5 * (s.a + s.b);
  Eigen::VectorXd d = s.a - s.b;
  if (percent) d = (100.0 * d.array() / m.array().abs()).matrix();
  const Eigen::Index n = d.size();
  if (n == 0) {
    r.note = "no pairs";
    return r;
  }
  double ss = detail::kNaN;
  detail::mean_ss(d, r.bias, ss);  // SS exactly 0 when all differences are equal
  if (n < 2) {
    r.note = "one pair: the SD, limits and intervals need at least 2";
    return r;
  }
  const double nd = static_cast<double>(n);
  r.df = nd - 1.0;
  r.sd = std::sqrt(ss / r.df);
  // The bias, its SE and CI: the one-sample t interval of the differences (one code path with
  // the t-tests, including their zero-variance rule).
  const TTest tt = ttest_one_sample(d, 0.0, Alternative::TwoSided, confidence, Missing::Raise);
  r.se = tt.se;
  r.bias_ci_low = tt.ci_low;
  r.bias_ci_high = tt.ci_high;
  if (!tt.note.empty()) {
    add_note(
        "all differences are equal (SD 0): the bias CI is undefined, as in the t-test, and the "
        "limits of agreement and their intervals collapse onto the bias");
  }
  const double t = t_quantile(0.5 + 0.5 * confidence, r.df);
  r.loa_low = r.bias - r.z * r.sd;
  r.loa_high = r.bias + r.z * r.sd;
  const double alpha = 1.0 - confidence;
  if (loa_ci == LoaCi::Approximate) {
    const double se_loa = r.sd * std::sqrt(1.0 / nd + r.z * r.z / (2.0 * (nd - 1.0)));
    r.loa_low_ci_low = r.loa_low - t * se_loa;
    r.loa_low_ci_high = r.loa_low + t * se_loa;
    r.loa_high_ci_low = r.loa_high - t * se_loa;
    r.loa_high_ci_high = r.loa_high + t * se_loa;
  } else {
    const double ncp = r.z * std::sqrt(nd);
    const double k_low = noncentral_t_quantile(0.5 * alpha, r.df, ncp) / std::sqrt(nd);
    const double k_high = noncentral_t_quantile(1.0 - 0.5 * alpha, r.df, ncp) / std::sqrt(nd);
    r.loa_high_ci_low = r.bias + k_low * r.sd;
    r.loa_high_ci_high = r.bias + k_high * r.sd;
    r.loa_low_ci_low = r.bias - k_high * r.sd;
    r.loa_low_ci_high = r.bias - k_low * r.sd;
  }

  // Proportional bias: OLS of d on m.
  if (n < 3) {
    add_note("two pairs: the proportional-bias regression needs at least 3");
    return r;
  }
  const double m_mean = m.mean();
  const Eigen::ArrayXd mc = m.array() - m_mean;
  const Eigen::ArrayXd dc = d.array() - r.bias;
  const double sxx = mc.square().sum();
  if (!(sxx > 0.0)) {
    add_note("all pair means are equal: the proportional-bias slope is undefined");
    return r;
  }
  r.slope = (mc * dc).sum() / sxx;
  r.intercept = r.bias - r.slope * m_mean;
  const double rss = std::fmax(0.0, (dc - r.slope * mc).square().sum());
  const double df2 = nd - 2.0;
  r.slope_se = std::sqrt(rss / df2 / sxx);
  const double t2 = t_quantile(0.5 + 0.5 * confidence, df2);
  r.slope_ci_low = r.slope - t2 * r.slope_se;
  r.slope_ci_high = r.slope + t2 * r.slope_se;
  if (r.slope_se > 0.0) {
    r.slope_p_value = t_p_value(r.slope / r.slope_se, df2, Alternative::TwoSided);
  } else {
    r.slope_p_value = r.slope == 0.0 ? detail::kNaN : 0.0;
    if (r.slope == 0.0) {
      add_note("the differences are constant: the slope test is undefined");
    }
  }
  return r;
}

}  // namespace hipmech::stats
