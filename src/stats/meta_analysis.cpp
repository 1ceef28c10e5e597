// The compiled definitions of <hipmech/stats/meta_analysis.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/stats/meta_analysis.hpp"

namespace hipmech::stats {

MetaAnalysis meta_analysis(const Eigen::Ref<const Eigen::VectorXd>& effects,
                           const Eigen::Ref<const Eigen::VectorXd>& variances, double confidence,
                           const char* variances_arg) {
  check_confidence(confidence);
  HIPMECH_CHECK_SIZE(variances.size(), effects.size(), variances_arg,
                     "values (one per study, as in 'effects')");
  HIPMECH_CHECK_ARG(effects.size() >= 2, "effects", "at least 2 studies",
                    std::to_string(effects.size()) + " studies");
  check_values(effects, "effects", NanPolicy::Reject);
  check_values(variances, variances_arg, NanPolicy::Reject);
  for (Eigen::Index i = 0; i < variances.size(); ++i) {
    HIPMECH_CHECK_ARG(
        variances[i] > 0.0, variances_arg, "positive sampling variances",
        ::hipmech::detail::to_message(variances[i]) + " for study " + std::to_string(i));
  }
  MetaAnalysis r;
  r.k = effects.size();
  r.confidence = confidence;
  r.effects = effects;
  r.variances = variances;
  const double zc = normal_quantile(0.5 + 0.5 * confidence);
  r.study_ci_low = (effects.array() - zc * variances.array().sqrt()).matrix();
  r.study_ci_high = (effects.array() + zc * variances.array().sqrt()).matrix();

  // Fixed effect (inverse variance).
  const Eigen::ArrayXd w = variances.array().inverse();
  const double sw = w.sum();
  r.fixed_estimate = (w * effects.array()).sum() / sw;
  r.fixed_se = 1.0 / std::sqrt(sw);
  r.fixed_ci_low = r.fixed_estimate - zc * r.fixed_se;
  r.fixed_ci_high = r.fixed_estimate + zc * r.fixed_se;
  r.fixed_z = r.fixed_estimate / r.fixed_se;
  r.fixed_p_value = z_p_value(r.fixed_z, Alternative::TwoSided);
  r.weights_fixed_percent = (100.0 * w / sw).matrix();

  // Heterogeneity and the DerSimonian–Laird τ².
  const double df = static_cast<double>(r.k - 1);
  r.q = (w * (effects.array() - r.fixed_estimate).square()).sum();
  r.q_df = df;
  r.q_p_value = chi2_sf(r.q, df);
  const double c = sw - w.square().sum() / sw;
  r.tau2 = c > 0.0 ? std::fmax(0.0, (r.q - df) / c) : 0.0;
  r.tau = std::sqrt(r.tau2);
  r.i2_percent = r.q > 0.0 ? 100.0 * std::fmax(0.0, (r.q - df) / r.q) : 0.0;
  r.h2 = r.q / df;

  // Random effects.
  const Eigen::ArrayXd ws = (variances.array() + r.tau2).inverse();
  const double sws = ws.sum();
  r.random_estimate = (ws * effects.array()).sum() / sws;
  r.random_se = 1.0 / std::sqrt(sws);
  r.random_ci_low = r.random_estimate - zc * r.random_se;
  r.random_ci_high = r.random_estimate + zc * r.random_se;
  r.random_z = r.random_estimate / r.random_se;
  r.random_p_value = z_p_value(r.random_z, Alternative::TwoSided);
  r.weights_random_percent = (100.0 * ws / sws).matrix();

  // Prediction interval (t with k − 2 degrees of freedom).
  if (r.k >= 3) {
    const double t = t_quantile(0.5 + 0.5 * confidence, static_cast<double>(r.k - 2));
    const double half = t * std::sqrt(r.tau2 + r.random_se * r.random_se);
    r.prediction_low = r.random_estimate - half;
    r.prediction_high = r.random_estimate + half;
  } else {
    r.note = "two studies: the prediction interval needs at least 3 (t with k - 2 df)";
  }
  return r;
}

MetaAnalysis meta_analysis_se(const Eigen::Ref<const Eigen::VectorXd>& effects,
                              const Eigen::Ref<const Eigen::VectorXd>& se, double confidence) {
  check_values(se, "se", NanPolicy::Reject);
  for (Eigen::Index i = 0; i < se.size(); ++i) {
    HIPMECH_CHECK_ARG(se[i] > 0.0, "se", "positive standard errors",
                      ::hipmech::detail::to_message(se[i]) + " for study " + std::to_string(i));
  }
  const Eigen::VectorXd v = se.array().square().matrix();
  return meta_analysis(effects, v, confidence, "se");
}

}  // namespace hipmech::stats
