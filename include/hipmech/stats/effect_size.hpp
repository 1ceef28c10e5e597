/// \file
/// Standardized mean differences with named confidence intervals (docs/stats-comparisons.md,
/// "Effect sizes"): Cohen's d and Hedges' g for independent groups, Glass's Δ, Cohen's d_z and
/// d_av for paired measurements, and d or g from published summary statistics (the input of a
/// meta-analysis).
///
/// Every result names its estimator (`name`) and its interval method (`ci_method`), carries the
/// large-sample standard error and sampling variance of the estimate (Hedges & Olkin 1985), and
/// explains any NaN field in `note`. Interval methods (EffectSizeCi):
///  - "noncentral_t": exact interval by inverting the noncentral t distribution at the observed
///    t statistic (Steiger & Fouladi 1997; Cumming & Finch 2001);
///  - "t": es ± t(1 − α/2, df) · SE, SE from Hedges & Olkin (1985) (pingouin's compute_esci);
///  - "z": es ± z(1 − α/2) · SE, the same SE (the normal approximation used by meta-analyses).
///
/// References: Cohen J (1988) Statistical power analysis for the behavioral sciences, 2nd ed.;
/// Hedges LV (1981) J Educ Stat 6:107–128; Hedges LV, Olkin I (1985) Statistical methods for
/// meta-analysis; Glass GV, McGaw B, Smith ML (1981) Meta-analysis in social research;
/// Steiger JH, Fouladi RT (1997) in What if there were no significance tests?, 221–257;
/// Cumming G, Finch S (2001) Educ Psychol Meas 61:532–574; Lakens D (2013) Front Psychol 4:863;
/// Cumming G (2012) Understanding the new statistics.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

#include <Eigen/Core>
#include <boost/math/special_functions/gamma.hpp>

#include "hipmech/core/check.hpp"
#include "hipmech/core/error.hpp"
#include "hipmech/stats/distributions.hpp"
#include "hipmech/stats/missing.hpp"
#include "hipmech/stats/ttest.hpp"

namespace hipmech::stats {

/// How the confidence interval of a standardized mean difference is computed (file comment).
enum class EffectSizeCi : std::uint8_t {
  T,            ///< es ± t(1 − α/2, df) · SE (Hedges & Olkin SE)
  Z,            ///< es ± z(1 − α/2) · SE (Hedges & Olkin SE)
  NoncentralT,  ///< exact: inverts the noncentral t (Steiger & Fouladi 1997)
};

/// "t", "z" or "noncentral_t" (also "noncentral-t", "nct"); InvalidArgument naming `arg`.
EffectSizeCi parse_effect_size_ci(const std::string& name, const char* arg = "ci");

/// The name stored in EffectSize::ci_method: "t", "z" or "noncentral_t".
const char* effect_size_ci_name(EffectSizeCi ci);

/// Hedges' small-sample bias correction J(df) (Hedges 1981): none (Cohen's d), exact
/// Γ(df/2) / (√(df/2) Γ((df − 1)/2)) or the approximation 1 − 3/(4 df − 1).
enum class HedgesCorrection : std::uint8_t { None, Exact, Approximate };

/// "none", "exact" or "approximate"; InvalidArgument naming `arg` otherwise.
inline HedgesCorrection parse_hedges_correction(const std::string& name,
                                                const char* arg = "correction") {
  if (name == "none") return HedgesCorrection::None;
  if (name == "exact") return HedgesCorrection::Exact;
  if (name == "approximate" || name == "approx") return HedgesCorrection::Approximate;
  ::hipmech::detail::throw_invalid_argument(arg, "'exact', 'approximate' or 'none'",
                                            "'" + name + "'");
}

const char* hedges_correction_name(HedgesCorrection c);

/// The standardizer of Cohen's d_av for paired measurements.
enum class DavStandardizer : std::uint8_t {
  MeanSd,  ///< (s_a + s_b) / 2, Lakens (2013) eq. 5
  RmsSd,   ///< √((s_a² + s_b²) / 2), Cumming (2012) (pingouin's paired "cohen")
};

/// "mean_sd" or "rms_sd"; InvalidArgument naming `arg` otherwise.
inline DavStandardizer parse_dav_standardizer(const std::string& name,
                                              const char* arg = "standardizer") {
  if (name == "mean_sd") return DavStandardizer::MeanSd;
  if (name == "rms_sd") return DavStandardizer::RmsSd;
  ::hipmech::detail::throw_invalid_argument(arg, "'mean_sd' or 'rms_sd'", "'" + name + "'");
}

/// Hedges' correction factor J for `df` degrees of freedom (Hedges 1981, eq. 6e and its
/// approximation): exact J = Γ(df/2) / (√(df/2) · Γ((df − 1)/2)), computed as Boost.Math's
/// tgamma_ratio(df/2, (df − 1)/2) / √(df/2); approximate J = 1 − 3/(4 df − 1); None gives 1.
/// NaN for df < 2 (J would be 0 at df = 1) or NaN df.
double hedges_j(double df, HedgesCorrection correction);

/// A standardized mean difference with its interval. NaN fields are explained in `note`.
struct EffectSize {
  double estimate = detail::kNaN;  ///< the effect size (unitless, in SDs)
  double ci_low = detail::kNaN;
  double ci_high = detail::kNaN;
  /// "noncentral_t", "t", "z" (see EffectSizeCi) or "none" when no interval is given.
  std::string ci_method;
  double confidence = 0.95;
  /// The estimator, e.g. "Cohen's d (pooled SD)", "Hedges' g (pooled SD, exact J)".
  std::string name;
  double mean_difference = detail::kNaN;  ///< mean(a) − mean(b) or mean(a − b), data unit
  double standardizer = detail::kNaN;     ///< the SD divided by, data unit
  Eigen::Index n1 = 0;                    ///< values used from a (paired: complete pairs)
  Eigen::Index n2 = 0;                    ///< values used from b (paired: complete pairs)
  Eigen::Index n_missing = 0;             ///< NaN values (paired: incomplete pairs)
  double df = detail::kNaN;               ///< degrees of freedom of the standardizer
  double j = detail::kNaN;                ///< Hedges' J when a correction was applied, else NaN
  /// Large-sample standard error √(variance) (Hedges & Olkin 1985), also given with the
  /// noncentral t interval (which does not use it).
  double se = detail::kNaN;
  double variance = detail::kNaN;  ///< sampling variance, the weight input of a meta-analysis
  std::string note;                ///< why a field is NaN; empty when all are defined
};

namespace detail {

/// Mean difference mean(a) − mean(b) and pooled SD s_p = √((SS_a + SS_b) / (n_a + n_b − 2)) of
/// two NaN-free samples (SS exactly 0 when a sample's values are all equal, see mean_ss). s_p
/// is NaN when a sample is empty or n_a + n_b < 3.
void pooled_mean_difference(const Eigen::Ref<const Eigen::VectorXd>& a,
                            const Eigen::Ref<const Eigen::VectorXd>& b, double& mean_difference,
                            double& pooled_sd);

/// Cohen's d (pooled SD) of two NaN-free samples, (ā − b̄) / s_p; NaN when undefined (an empty
/// sample, fewer than 3 values in all, or a zero pooled SD). The value of
/// standardized_mean_difference without its interval (used by the bootstrap).
inline double cohen_d_value(const Eigen::Ref<const Eigen::VectorXd>& a,
                            const Eigen::Ref<const Eigen::VectorXd>& b) {
  double mean_difference = kNaN;
  double sp = kNaN;
  pooled_mean_difference(a, b, mean_difference, sp);
  return sp > 0.0 ? mean_difference / sp : kNaN;
}

/// Hedges' g = J(n_a + n_b − 2) · d of two NaN-free samples (d as cohen_d_value; `correction`
/// None gives d); NaN when undefined.
inline double hedges_g_value(const Eigen::Ref<const Eigen::VectorXd>& a,
                             const Eigen::Ref<const Eigen::VectorXd>& b,
                             HedgesCorrection correction) {
  const double d = cohen_d_value(a, b);
  if (correction == HedgesCorrection::None || std::isnan(d)) return d;
  return d * hedges_j(static_cast<double>(a.size() + b.size() - 2), correction);
}

/// Mean and SD (n − 1) of NaN-free values: SD NaN for fewer than 2 values, exactly 0 when all
/// values are equal (mean_ss).
inline void mean_sd(const Eigen::Ref<const Eigen::VectorXd>& x, double& mean, double& sd) {
  double ss = kNaN;
  mean_ss(x, mean, ss);
  sd = x.size() > 1 ? std::sqrt(ss / static_cast<double>(x.size() - 1)) : kNaN;
}

/// Cohen's d_z of NaN-free paired differences a − b: mean / SD (n − 1); NaN for fewer than 2
/// differences or a zero SD. The value of cohen_dz without its interval (used by the bootstrap).
inline double cohen_dz_value(const Eigen::Ref<const Eigen::VectorXd>& differences) {
  double mean = kNaN;
  double sd = kNaN;
  mean_sd(differences, mean, sd);
  return sd > 0.0 ? mean / sd : kNaN;
}

/// Fills se, variance and the interval of `r` (estimate, df, confidence set):
/// SE² = v0 + estimate² / v_den; t/z: estimate ± crit · SE. Noncentral t: with t_obs = d · k (d the
/// uncorrected estimate) the bounds are λ(1 − α/2) / k · scale and λ(α/2) / k · scale where
/// F(t_obs; df, λ(p)) = p (noncentral_t_ncp_for_cdf); k NaN means no exact interval exists,
/// and `no_exact` says why.
void smd_interval(EffectSize& r, EffectSizeCi ci, double d, double k, double scale, double v0,
                  double v_den, const char* no_exact = "");

/// d or g of independent groups from the mean difference, the pooled SD and the group sizes
/// (shared by the data and the summary-statistics entry points).
inline std::string smd_name(HedgesCorrection correction) {
  return correction == HedgesCorrection::None
             ? std::string("Cohen's d (pooled SD)")
             : std::string("Hedges' g (pooled SD, ") + hedges_correction_name(correction) + " J)";
}

void independent_smd(EffectSize& r, double mean_diff, double sp, Eigen::Index n1, Eigen::Index n2,
                     HedgesCorrection correction, EffectSizeCi ci);

/// Propagated-NaN note for two independent samples.
inline std::string two_sample_missing_note(const Sample& sa, Eigen::Index na, const Sample& sb,
                                           Eigen::Index nb) {
  std::string note;
  if (sa.propagate_nan) note = missing_note(sa.n_missing, na, "a");
  if (sb.propagate_nan) append_note(note, missing_note(sb.n_missing, nb, "b"));
  return note;
}

}  // namespace detail

/// Cohen's d (Cohen 1988) or Hedges' g (Hedges 1981) of two independent groups:
/// d = (ā − b̄) / s_p, s_p² = [(n_a − 1)s_a² + (n_b − 1)s_b²] / (n_a + n_b − 2); g = J(df) · d,
/// df = n_a + n_b − 2. `correction` None gives d. SE² = (n_a + n_b)/(n_a n_b) +
/// es²/(2(n_a + n_b)) with es = d or g (Hedges & Olkin 1985). Noncentral t interval: invert
/// at t = d √(n_a n_b/(n_a + n_b)), df, and scale the λ bounds by √((n_a + n_b)/(n_a n_b))
/// (and J for g).
/// \param[in] a, b #values each, the two groups (same unit); NaN handled by `missing`
EffectSize standardized_mean_difference(const Eigen::Ref<const Eigen::VectorXd>& a,
                                        const Eigen::Ref<const Eigen::VectorXd>& b,
                                        HedgesCorrection correction,
                                        EffectSizeCi ci = EffectSizeCi::NoncentralT,
                                        double confidence = 0.95,
                                        Missing missing = Missing::Propagate);

/// Cohen's d with the pooled SD (Cohen 1988); see standardized_mean_difference.
inline EffectSize cohen_d(const Eigen::Ref<const Eigen::VectorXd>& a,
                          const Eigen::Ref<const Eigen::VectorXd>& b,
                          EffectSizeCi ci = EffectSizeCi::NoncentralT, double confidence = 0.95,
                          Missing missing = Missing::Propagate) {
  return standardized_mean_difference(a, b, HedgesCorrection::None, ci, confidence, missing);
}

/// Hedges' g = J · d (Hedges 1981) with the exact or approximate J; see
/// standardized_mean_difference. \throws InvalidArgument for correction None (use cohen_d).
inline EffectSize hedges_g(const Eigen::Ref<const Eigen::VectorXd>& a,
                           const Eigen::Ref<const Eigen::VectorXd>& b,
                           HedgesCorrection correction = HedgesCorrection::Exact,
                           EffectSizeCi ci = EffectSizeCi::NoncentralT, double confidence = 0.95,
                           Missing missing = Missing::Propagate) {
  HIPMECH_CHECK_ARG(correction != HedgesCorrection::None, "correction",
                    "'exact' or 'approximate' (cohen_d is the uncorrected d)", "'none'");
  return standardized_mean_difference(a, b, correction, ci, confidence, missing);
}

/// Glass's Δ = (ā − b̄) / s_b: the difference standardized by the SD of the control group b
/// alone (Glass, McGaw & Smith 1981), for groups whose variances differ. df = n_b − 1;
/// SE² = (n_a + n_b)/(n_a n_b) + Δ²/(2(n_b − 1)) (Hedges & Olkin 1985). Only the t (df n_b − 1)
/// and z intervals exist; NoncentralT gives a NaN interval with a note.
EffectSize glass_delta(const Eigen::Ref<const Eigen::VectorXd>& a,
                       const Eigen::Ref<const Eigen::VectorXd>& b,
                       EffectSizeCi ci = EffectSizeCi::T, double confidence = 0.95,
                       Missing missing = Missing::Propagate);

/// Cohen's d_z for paired measurements: d_z = mean(a − b) / s_(a−b) (Cohen 1988; Lakens 2013
/// eq. 6), df = n − 1, SE² = 1/n + d_z²/(2n). Noncentral t interval: invert at t = d_z √n (the
/// paired t statistic) and divide the λ bounds by √n. A pair with a NaN is missing.
/// \param[in] a, b #pairs each, the two measurements of each subject (same unit)
EffectSize cohen_dz(const Eigen::Ref<const Eigen::VectorXd>& a,
                    const Eigen::Ref<const Eigen::VectorXd>& b,
                    EffectSizeCi ci = EffectSizeCi::NoncentralT, double confidence = 0.95,
                    Missing missing = Missing::Propagate);

/// Cohen's d_av for paired measurements: the mean difference standardized by the average SD
/// of the two measurements, so that it is comparable with a between-subjects d (Lakens 2013):
/// d_av = mean(a − b) / ((s_a + s_b)/2) (MeanSd, Lakens 2013 eq. 5) or
/// mean(a − b) / √((s_a² + s_b²)/2) (RmsSd, Cumming 2012). df = n − 1. Its sampling
/// distribution depends on the correlation of a and b, and no exact interval exists; the CI
/// (and SE) are NaN with a note pointing to a bootstrap of the pairs (ci_method "none").
EffectSize cohen_dav(const Eigen::Ref<const Eigen::VectorXd>& a,
                     const Eigen::Ref<const Eigen::VectorXd>& b,
                     DavStandardizer standardizer = DavStandardizer::MeanSd,
                     double confidence = 0.95, Missing missing = Missing::Propagate);

/// Cohen's d or Hedges' g from published summary statistics of two independent groups (the
/// input of a meta-analysis): s_p² = [(n1 − 1) sd1² + (n2 − 1) sd2²] / (n1 + n2 − 2),
/// d = (mean1 − mean2) / s_p, g = J(n1 + n2 − 2) · d; interval, SE and sampling variance as in
/// standardized_mean_difference (variance = (n1 + n2)/(n1 n2) + es²/(2(n1 + n2)), Hedges &
/// Olkin 1985, with es = g for g as in metafor's escalc "SMD").
/// \param[in] mean1, mean2 group means (same unit); sd1, sd2 sample SDs (n − 1), ≥ 0
/// \param[in] n1, n2 group sizes ≥ 1, n1 + n2 ≥ 3
/// \throws InvalidArgument for a non-finite mean or SD, a negative SD or bad sizes
EffectSize smd_from_summary(double mean1, double sd1, Eigen::Index n1, double mean2, double sd2,
                            Eigen::Index n2, HedgesCorrection correction = HedgesCorrection::Exact,
                            EffectSizeCi ci = EffectSizeCi::NoncentralT, double confidence = 0.95);

}  // namespace hipmech::stats
