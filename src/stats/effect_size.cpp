// The compiled definitions of <hipmech/stats/effect_size.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/stats/effect_size.hpp"

namespace hipmech::stats {

EffectSizeCi parse_effect_size_ci(const std::string& name, const char* arg) {
  if (name == "t") return EffectSizeCi::T;
  if (name == "z") return EffectSizeCi::Z;
  if (name == "noncentral_t" || name == "noncentral-t" || name == "nct") {
    return EffectSizeCi::NoncentralT;
  }
  ::hipmech::detail::throw_invalid_argument(arg, "'noncentral_t', 't' or 'z'", "'" + name + "'");
}

const char* effect_size_ci_name(EffectSizeCi ci) {
  switch (ci) {
    case EffectSizeCi::T:
      return "t";
    case EffectSizeCi::Z:
      return "z";
    case EffectSizeCi::NoncentralT:
    default:
      return "noncentral_t";
  }
}

const char* hedges_correction_name(HedgesCorrection c) {
  switch (c) {
    case HedgesCorrection::Exact:
      return "exact";
    case HedgesCorrection::Approximate:
      return "approximate";
    case HedgesCorrection::None:
    default:
      return "none";
  }
}

double hedges_j(double df, HedgesCorrection correction) {
  if (correction == HedgesCorrection::None) return 1.0;
  if (std::isnan(df) || df < 2.0) return detail::kNaN;
  if (std::isinf(df)) return 1.0;
  if (correction == HedgesCorrection::Approximate) return 1.0 - 3.0 / (4.0 * df - 1.0);
  return detail::boost_call("hedges_j", [&] {
    return boost::math::tgamma_ratio(0.5 * df, 0.5 * (df - 1.0), Policy()) / std::sqrt(0.5 * df);
  });
}

}  // namespace hipmech::stats

namespace hipmech::stats::detail {

void pooled_mean_difference(const Eigen::Ref<const Eigen::VectorXd>& a,
                            const Eigen::Ref<const Eigen::VectorXd>& b, double& mean_difference,
                            double& pooled_sd) {
  double ma = kNaN;
  double mb = kNaN;
  double ssa = kNaN;
  double ssb = kNaN;
  mean_ss(a, ma, ssa);
  mean_ss(b, mb, ssb);
  const Eigen::Index na = a.size();
  const Eigen::Index nb = b.size();
  mean_difference = ma - mb;
  pooled_sd = na > 0 && nb > 0 && na + nb > 2
                  ? std::sqrt((ssa + ssb) / static_cast<double>(na + nb - 2))
                  : kNaN;
}

void smd_interval(EffectSize& r, EffectSizeCi ci, double d, double k, double scale, double v0,
                  double v_den, const char* no_exact) {
  r.ci_method = effect_size_ci_name(ci);
  r.variance = v0 + r.estimate * r.estimate / v_den;
  r.se = std::sqrt(r.variance);
  const double alpha = 1.0 - r.confidence;
  switch (ci) {
    case EffectSizeCi::T:
    case EffectSizeCi::Z: {
      const double q = ci == EffectSizeCi::T ? t_quantile(1.0 - 0.5 * alpha, r.df)
                                             : normal_quantile(1.0 - 0.5 * alpha);
      r.ci_low = r.estimate - q * r.se;
      r.ci_high = r.estimate + q * r.se;
      break;
    }
    case EffectSizeCi::NoncentralT:
    default: {
      if (std::isnan(k)) {
        append_note(r.note, no_exact);
        return;
      }
      const double t_obs = d * k;
      try {
        r.ci_low = noncentral_t_ncp_for_cdf(t_obs, r.df, 1.0 - 0.5 * alpha) / k * scale;
        r.ci_high = noncentral_t_ncp_for_cdf(t_obs, r.df, 0.5 * alpha) / k * scale;
      } catch (const NumericalError& e) {
        r.ci_low = r.ci_high = kNaN;
        append_note(r.note, std::string("the noncentral t inversion failed (") + e.what() +
                                "); use ci='t' or 'z'");
        return;
      }
      if (std::isnan(r.ci_low) || std::isnan(r.ci_high)) {
        r.ci_low = r.ci_high = kNaN;
        append_note(r.note, "the noncentral t inversion found no root at t = " +
                                ::hipmech::detail::to_message(t_obs) + "; use ci='t' or 'z'");
      }
      break;
    }
  }
}

void independent_smd(EffectSize& r, double mean_diff, double sp, Eigen::Index n1, Eigen::Index n2,
                     HedgesCorrection correction, EffectSizeCi ci) {
  r.name = smd_name(correction);
  r.ci_method = effect_size_ci_name(ci);
  r.n1 = n1;
  r.n2 = n2;
  r.mean_difference = mean_diff;
  if (n1 < 1 || n2 < 1) {
    r.note = std::string("no values in '") + (n1 < 1 ? "a" : "b") + "'";
    return;
  }
  if (n1 + n2 < 3) {
    r.note = "the pooled SD needs at least 3 values in all";
    return;
  }
  const double f1 = static_cast<double>(n1);
  const double f2 = static_cast<double>(n2);
  r.df = f1 + f2 - 2.0;
  r.standardizer = sp;
  if (!(sp > 0.0)) {
    r.note = "zero pooled SD: the values within each group are all equal";
    return;
  }
  const double d = mean_diff / sp;
  double scale = 1.0;
  if (correction != HedgesCorrection::None) {
    r.j = hedges_j(r.df, correction);
    if (std::isnan(r.j)) {
      r.note = "Hedges' J needs df = n1 + n2 − 2 ≥ 2";
      return;
    }
    scale = r.j;
  }
  r.estimate = d * scale;
  // Hedges & Olkin (1985) eq. 5.14: Var = (n1 + n2)/(n1 n2) + es² / (2 (n1 + n2)).
  // Noncentral t: t = d √(n1 n2 / (n1 + n2)) with df = n1 + n2 − 2.
  smd_interval(r, ci, d, std::sqrt(f1 * f2 / (f1 + f2)), scale, (f1 + f2) / (f1 * f2),
               2.0 * (f1 + f2));
}

}  // namespace hipmech::stats::detail

namespace hipmech::stats {

EffectSize standardized_mean_difference(const Eigen::Ref<const Eigen::VectorXd>& a,
                                        const Eigen::Ref<const Eigen::VectorXd>& b,
                                        HedgesCorrection correction, EffectSizeCi ci,
                                        double confidence, Missing missing) {
  check_confidence(confidence);
  const Sample sa = apply_missing(a, missing, "a");
  const Sample sb = apply_missing(b, missing, "b");
  EffectSize r;
  r.confidence = confidence;
  r.ci_method = effect_size_ci_name(ci);
  r.n_missing = sa.n_missing + sb.n_missing;
  if (sa.propagate_nan || sb.propagate_nan) {
    r.name = detail::smd_name(correction);
    r.n1 = a.size() - sa.n_missing;
    r.n2 = b.size() - sb.n_missing;
    r.note = detail::two_sample_missing_note(sa, a.size(), sb, b.size());
    return r;
  }
  double mean_difference = detail::kNaN;
  double sp = detail::kNaN;
  detail::pooled_mean_difference(sa.values, sb.values, mean_difference, sp);
  detail::independent_smd(r, mean_difference, sp, sa.values.size(), sb.values.size(), correction,
                          ci);
  return r;
}

EffectSize glass_delta(const Eigen::Ref<const Eigen::VectorXd>& a,
                       const Eigen::Ref<const Eigen::VectorXd>& b, EffectSizeCi ci,
                       double confidence, Missing missing) {
  check_confidence(confidence);
  const Sample sa = apply_missing(a, missing, "a");
  const Sample sb = apply_missing(b, missing, "b");
  EffectSize r;
  r.name = "Glass's delta (SD of b)";
  r.confidence = confidence;
  r.ci_method = effect_size_ci_name(ci);
  r.n_missing = sa.n_missing + sb.n_missing;
  r.n1 = a.size() - sa.n_missing;
  r.n2 = b.size() - sb.n_missing;
  if (sa.propagate_nan || sb.propagate_nan) {
    r.note = detail::two_sample_missing_note(sa, a.size(), sb, b.size());
    return r;
  }
  double ma = detail::kNaN;
  double mb = detail::kNaN;
  double ssa = detail::kNaN;
  double ssb = detail::kNaN;
  detail::mean_ss(sa.values, ma, ssa);
  detail::mean_ss(sb.values, mb, ssb);
  r.mean_difference = ma - mb;
  if (r.n1 < 1) {
    r.note = "no values in 'a'";
    return r;
  }
  if (r.n2 < 2) {
    r.note = "Glass's delta needs at least 2 values in 'b' (the control group)";
    return r;
  }
  const double f1 = static_cast<double>(r.n1);
  const double f2 = static_cast<double>(r.n2);
  r.df = f2 - 1.0;
  r.standardizer = std::sqrt(ssb / r.df);
  if (!(r.standardizer > 0.0)) {
    r.note = "zero SD in 'b': its values are all equal";
    return r;
  }
  r.estimate = r.mean_difference / r.standardizer;
  detail::smd_interval(r, ci, r.estimate, detail::kNaN, 1.0, (f1 + f2) / (f1 * f2), 2.0 * r.df,
                       "no exact noncentral t interval for Glass's delta (its t statistic "
                       "would need the pooled SD); use ci='t' or 'z'");
  return r;
}

EffectSize cohen_dz(const Eigen::Ref<const Eigen::VectorXd>& a,
                    const Eigen::Ref<const Eigen::VectorXd>& b, EffectSizeCi ci, double confidence,
                    Missing missing) {
  check_confidence(confidence);
  const PairedSample s = apply_missing_paired(a, b, missing, "a", "b");
  EffectSize r;
  r.name = "Cohen's d_z (SD of the differences)";
  r.confidence = confidence;
  r.ci_method = effect_size_ci_name(ci);
  r.n_missing = s.n_missing;
  r.n1 = r.n2 = a.size() - s.n_missing;
  if (s.propagate_nan) {
    r.note = detail::missing_note(s.n_missing, a.size(), "a' and 'b", "pairs");
    return r;
  }
  const Eigen::VectorXd diff = s.a - s.b;
  detail::mean_sd(diff, r.mean_difference, r.standardizer);
  const Eigen::Index n = diff.size();
  if (n < 2) {
    r.note = n == 0 ? "no pairs" : "one pair: d_z needs at least 2";
    return r;
  }
  const double fn = static_cast<double>(n);
  r.df = fn - 1.0;
  if (!(r.standardizer > 0.0)) {
    r.note = "zero SD of the differences: all differences a − b are equal";
    return r;
  }
  r.estimate = r.mean_difference / r.standardizer;
  detail::smd_interval(r, ci, r.estimate, std::sqrt(fn), 1.0, 1.0 / fn, 2.0 * fn);
  return r;
}

EffectSize cohen_dav(const Eigen::Ref<const Eigen::VectorXd>& a,
                     const Eigen::Ref<const Eigen::VectorXd>& b, DavStandardizer standardizer,
                     double confidence, Missing missing) {
  check_confidence(confidence);
  const PairedSample s = apply_missing_paired(a, b, missing, "a", "b");
  EffectSize r;
  r.name = standardizer == DavStandardizer::MeanSd
               ? "Cohen's d_av (mean of the two SDs)"
               : "Cohen's d_av (root mean square of the two SDs)";
  r.confidence = confidence;
  r.ci_method = "none";
  r.n_missing = s.n_missing;
  r.n1 = r.n2 = a.size() - s.n_missing;
  if (s.propagate_nan) {
    r.note = detail::missing_note(s.n_missing, a.size(), "a' and 'b", "pairs");
    return r;
  }
  double ma = detail::kNaN;
  double mb = detail::kNaN;
  double ssa = detail::kNaN;
  double ssb = detail::kNaN;
  detail::mean_ss(s.a, ma, ssa);
  detail::mean_ss(s.b, mb, ssb);
  const Eigen::VectorXd diff = s.a - s.b;
  r.mean_difference = diff.size() > 0 ? diff.mean() : detail::kNaN;
  const Eigen::Index n = diff.size();
  if (n < 2) {
    r.note = n == 0 ? "no pairs" : "one pair: d_av needs at least 2";
    return r;
  }
  r.df = static_cast<double>(n - 1);
  const double va = ssa / r.df;
  const double vb = ssb / r.df;
  r.standardizer = standardizer == DavStandardizer::MeanSd ? 0.5 * (std::sqrt(va) + std::sqrt(vb))
                                                           : std::sqrt(0.5 * (va + vb));
  if (!(r.standardizer > 0.0)) {
    r.note = "zero SD: the values of 'a' and of 'b' are all equal";
    return r;
  }
  r.estimate = r.mean_difference / r.standardizer;
  r.note =
      "no CI for d_av: its sampling distribution depends on the correlation of 'a' and "
      "'b' and no exact interval exists; use a bootstrap CI over the pairs, or d_z";
  return r;
}

EffectSize smd_from_summary(double mean1, double sd1, Eigen::Index n1, double mean2, double sd2,
                            Eigen::Index n2, HedgesCorrection correction, EffectSizeCi ci,
                            double confidence) {
  HIPMECH_CHECK_ARG(std::isfinite(mean1), "mean1", "a finite mean", mean1);
  HIPMECH_CHECK_ARG(std::isfinite(mean2), "mean2", "a finite mean", mean2);
  HIPMECH_CHECK_ARG(std::isfinite(sd1) && sd1 >= 0.0, "sd1", "a finite SD ≥ 0", sd1);
  HIPMECH_CHECK_ARG(std::isfinite(sd2) && sd2 >= 0.0, "sd2", "a finite SD ≥ 0", sd2);
  // 2^53: sizes stay exact as doubles, and n1 + n2 cannot overflow.
  constexpr Eigen::Index kMaxSize = Eigen::Index{1} << 53;
  HIPMECH_CHECK_ARG(n1 >= 1 && n1 <= kMaxSize, "n1", "a group size from 1 to 2^53", n1);
  HIPMECH_CHECK_ARG(n2 >= 1 && n2 <= kMaxSize, "n2", "a group size from 1 to 2^53", n2);
  HIPMECH_CHECK_ARG(n1 + n2 >= 3, "n2", "n1 + n2 ≥ 3 (the pooled SD needs df ≥ 1)",
                    std::to_string(n2) + " (n1 + n2 = " + std::to_string(n1 + n2) + ")");
  check_confidence(confidence);
  EffectSize r;
  r.confidence = confidence;
  const double df = static_cast<double>(n1 + n2 - 2);
  const double sp = std::sqrt(
      (static_cast<double>(n1 - 1) * sd1 * sd1 + static_cast<double>(n2 - 1) * sd2 * sd2) / df);
  detail::independent_smd(r, mean1 - mean2, sp, n1, n2, correction, ci);
  return r;
}

}  // namespace hipmech::stats
