/// \file
/// Inverse-variance meta-analysis: the fixed-effect (common-effect) and the DerSimonian–Laird
/// random-effects pooled estimates, heterogeneity (Cochran's Q, τ², I², H²) and the
/// prediction interval (docs/stats-agreement.md, "Meta-analysis").
///
/// Input: k ≥ 2 study effect sizes y_i (any additive scale: mean differences, standardized
/// mean differences, log odds ratios, log risk ratios...) and their sampling variances
/// v_i > 0 (the squared standard errors). With w_i = 1 / v_i:
///   fixed effect        μ̂_F = Σ w_i y_i / Σ w_i,   SE = 1 / √Σ w_i
///   Cochran's Q         Q = Σ w_i (y_i − μ̂_F)²,  df = k − 1,  p = P(χ²_df > Q)
///   DerSimonian–Laird   τ² = max(0, (Q − df) / (Σ w_i − Σ w_i² / Σ w_i))
///                       (DerSimonian & Laird 1986, Control Clin Trials 7:177–188, eq. 8)
///   random effects      w*_i = 1 / (v_i + τ²),  μ̂_R = Σ w*_i y_i / Σ w*_i,  SE = 1 / √Σ w*_i
///   CIs                 μ̂ ± z SE with z = Φ⁻¹(1 − α/2); p from z = μ̂ / SE (two-sided)
///   heterogeneity       I² = max(0, (Q − df) / Q) × 100 %,  H² = Q / df
///                       (Higgins & Thompson 2002, Stat Med 21:1539–1558)
///   prediction interval μ̂_R ± t(1 − α/2, k − 2) √(τ² + SE_R²), k ≥ 3
///                       (Higgins, Thompson & Spiegelhalter 2009, J R Stat Soc A 172:137–159)
/// Weights are reported per study as a percentage of their sum (fixed and random).
/// H² is reported unbounded (Q / df < 1 when the studies agree more than chance predicts);
/// I² is truncated at 0. With Q = 0 (identical effects) I² is 0.
#pragma once

#include <cmath>
#include <string>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/stats/distributions.hpp"

namespace hipmech::stats {

/// Result of meta_analysis(). Units are those of the effects (variances in their square).
struct MetaAnalysis {
  Eigen::Index k = 0;  ///< number of studies
  double confidence = 0.95;
  std::string method = "DerSimonian-Laird";  ///< the τ² estimator

  double fixed_estimate = detail::kNaN;  ///< inverse-variance (common-effect) estimate
  double fixed_se = detail::kNaN;
  double fixed_ci_low = detail::kNaN;
  double fixed_ci_high = detail::kNaN;
  double fixed_z = detail::kNaN;
  double fixed_p_value = detail::kNaN;

  double random_estimate = detail::kNaN;  ///< DerSimonian–Laird random-effects estimate
  double random_se = detail::kNaN;
  double random_ci_low = detail::kNaN;
  double random_ci_high = detail::kNaN;
  double random_z = detail::kNaN;
  double random_p_value = detail::kNaN;

  double tau2 = detail::kNaN;        ///< between-study variance τ² (DerSimonian–Laird)
  double tau = detail::kNaN;         ///< √τ²
  double q = detail::kNaN;           ///< Cochran's Q
  double q_df = detail::kNaN;        ///< k − 1
  double q_p_value = detail::kNaN;   ///< P(χ²(k − 1) > Q)
  double i2_percent = detail::kNaN;  ///< I² [%]
  double h2 = detail::kNaN;          ///< H² = Q / (k − 1)

  double prediction_low = detail::kNaN;  ///< prediction interval of a new study's true effect
  double prediction_high = detail::kNaN;

  Eigen::VectorXd effects;                 ///< y_i as given
  Eigen::VectorXd variances;               ///< v_i as given (or SE²)
  Eigen::VectorXd study_ci_low;            ///< y_i − z √v_i
  Eigen::VectorXd study_ci_high;           ///< y_i + z √v_i
  Eigen::VectorXd weights_fixed_percent;   ///< 100 w_i / Σ w_i
  Eigen::VectorXd weights_random_percent;  ///< 100 w*_i / Σ w*_i
  std::string note;                        ///< why a field is NaN; empty when all are defined
};

/// DerSimonian–Laird meta-analysis of `effects` (k values) with sampling `variances` (k
/// values, > 0). Throws InvalidArgument for unequal lengths, fewer than 2 studies, a
/// non-finite effect (NaN included: drop a study without an estimate before pooling), a
/// variance that is not finite and positive, or a confidence outside (0, 1). `variances_arg`
/// names the variance argument in messages.
inline MetaAnalysis meta_analysis(const Eigen::Ref<const Eigen::VectorXd>& effects,
                                  const Eigen::Ref<const Eigen::VectorXd>& variances,
                                  double confidence = 0.95,
                                  const char* variances_arg = "variances") {
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

/// The same with standard errors `se` (> 0) instead of variances (v_i = se_i²); messages
/// name `se`.
inline MetaAnalysis meta_analysis_se(const Eigen::Ref<const Eigen::VectorXd>& effects,
                                     const Eigen::Ref<const Eigen::VectorXd>& se,
                                     double confidence = 0.95) {
  check_values(se, "se", NanPolicy::Reject);
  for (Eigen::Index i = 0; i < se.size(); ++i) {
    HIPMECH_CHECK_ARG(se[i] > 0.0, "se", "positive standard errors",
                      ::hipmech::detail::to_message(se[i]) + " for study " + std::to_string(i));
  }
  const Eigen::VectorXd v = se.array().square().matrix();
  return meta_analysis(effects, v, confidence, "se");
}

}  // namespace hipmech::stats
