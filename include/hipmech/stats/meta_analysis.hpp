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
MetaAnalysis meta_analysis(const Eigen::Ref<const Eigen::VectorXd>& effects,
                           const Eigen::Ref<const Eigen::VectorXd>& variances,
                           double confidence = 0.95, const char* variances_arg = "variances");

/// The same with standard errors `se` (> 0) instead of variances (v_i = se_i²); messages
/// name `se`.
MetaAnalysis meta_analysis_se(const Eigen::Ref<const Eigen::VectorXd>& effects,
                              const Eigen::Ref<const Eigen::VectorXd>& se,
                              double confidence = 0.95);

}  // namespace hipmech::stats
