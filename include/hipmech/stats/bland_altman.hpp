/// \file
/// Bland–Altman agreement between two methods that measure the same quantity on the same
/// subjects (docs/stats-agreement.md, "Bland–Altman"): the bias, the limits of agreement with
/// their confidence intervals by a named method, and proportional bias.
///
/// For n pairs (a_i, b_i) the differences are d_i = a_i − b_i (or, with `percent`, the
/// differences as a percentage of the magnitude of the pair mean, d_i = 100 (a_i − b_i) / |m_i|,
/// so that the sign of a difference stays that of a − b for negative measurements; NaN for
/// m_i = 0) and the means m_i = (a_i + b_i) / 2. With d̄ and s the mean and SD (n − 1) of the
/// differences (Bland & Altman 1986, Lancet i:307–310):
///   bias = d̄,  CI of the bias d̄ ± t(1 − α/2, n − 1) s / √n (the one-sample t interval of the
///   differences, from ttest_one_sample; NaN with a note when all differences are equal),
///   limits of agreement (LoA) d̄ ± z s,  z = Φ⁻¹((1 + p) / 2)  (p = 0.95: z = 1.96),
/// where p is the agreement level (the share of differences the limits should hold) and
/// 1 − α the confidence level of the intervals.
///
/// Confidence intervals of each limit, by name:
///  - Approximate (Bland & Altman 1999, Stat Methods Med Res 8:135–160, section 2.3): the
///    variance of d̄ + z s is about s² (1/n + z² / (2 (n − 1))), so each limit ± t(1 − α/2,
///    n − 1) · s √(1/n + z² / (2 (n − 1))). (The 1986 paper used √(3 s² / n), the same with
///    z = 2 and n − 1 ≈ n.)
///  - Exact (Carkeet 2015, Optom Vis Sci 92:e71–e80, limits "considered individually", i.e.
///    one-sided normal tolerance factors): for the upper limit θ_U = μ + z σ the pivot
///    √n (θ_U − d̄) / s follows a noncentral t with n − 1 degrees of freedom and noncentrality
///    z √n, so with t'(q) its q-quantile
///      upper LoA ∈ [d̄ + s t'(α/2) / √n,  d̄ + s t'(1 − α/2) / √n],
///      lower LoA ∈ [d̄ − s t'(1 − α/2) / √n,  d̄ − s t'(α/2) / √n].
///    The coefficients t'(q) / √n are the one-sided tolerance factors k(n, coverage = (1 + p)/2,
///    confidence = q) tabulated by Odeh & Owen (1980) and Natrella (1963, Table A-7). Carkeet's
///    second variant, limits "considered as a pair" (two-sided tolerance factors), is not
///    implemented.
///
/// Proportional bias: the ordinary least-squares regression of the differences on the means,
/// d_i = β₀ + β₁ m_i (Bland & Altman 1999, section 3.2), with the t-test of β₁ = 0 on n − 2
/// degrees of freedom (scipy.stats.linregress gives the same slope, SE and p).
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/stats/distributions.hpp"
#include "hipmech/stats/missing.hpp"
#include "hipmech/stats/ttest.hpp"

namespace hipmech::stats {

/// How the confidence intervals of the limits of agreement are computed (see the file comment).
enum class LoaCi : std::uint8_t {
  Exact,        ///< noncentral t, limits considered individually (Carkeet 2015)
  Approximate,  ///< Bland & Altman 1999: SE = s √(1/n + z² / (2 (n − 1))), t quantile
};

/// "exact" or "approximate"; InvalidArgument naming `arg` otherwise.
inline LoaCi parse_loa_ci(const std::string& name, const char* arg = "loa_ci") {
  if (name == "exact") return LoaCi::Exact;
  if (name == "approximate") return LoaCi::Approximate;
  ::hipmech::detail::throw_invalid_argument(arg, "'exact' or 'approximate'", "'" + name + "'");
}

inline const char* loa_ci_name(LoaCi m) {
  return m == LoaCi::Approximate ? "approximate" : "exact";
}

/// Result of bland_altman(). Units are those of the inputs (percent of the pair mean when
/// `percent` is set). NaN marks a statistic that is undefined; `note` says why.
struct BlandAltman {
  Eigen::Index n = 0;              ///< pairs used
  Eigen::Index n_missing = 0;      ///< pairs with a NaN in a or b (left out under Missing::Omit)
  double confidence = 0.95;        ///< confidence level 1 − α of every interval
  double agreement = 0.95;         ///< agreement level p of the limits
  double z = detail::kNaN;         ///< Φ⁻¹((1 + p) / 2), 1.96 for p = 0.95
  double df = detail::kNaN;        ///< n − 1
  bool percent = false;            ///< differences are 100 (a − b) / |mean|
  LoaCi ci_method = LoaCi::Exact;  ///< the method of the limits' intervals (argument `loa_ci`)

  double bias = detail::kNaN;          ///< mean difference d̄
  double sd = detail::kNaN;            ///< SD of the differences (n − 1)
  double se = detail::kNaN;            ///< SE of the bias, s / √n
  double bias_ci_low = detail::kNaN;   ///< d̄ − t(1 − α/2, n − 1) s / √n (one-sample t)
  double bias_ci_high = detail::kNaN;  ///< d̄ + t(1 − α/2, n − 1) s / √n

  double loa_low = detail::kNaN;   ///< d̄ − z s
  double loa_high = detail::kNaN;  ///< d̄ + z s
  double loa_low_ci_low = detail::kNaN;
  double loa_low_ci_high = detail::kNaN;
  double loa_high_ci_low = detail::kNaN;
  double loa_high_ci_high = detail::kNaN;

  double slope = detail::kNaN;         ///< proportional bias: OLS slope of d on m
  double intercept = detail::kNaN;     ///< its intercept
  double slope_se = detail::kNaN;      ///< SE of the slope
  double slope_ci_low = detail::kNaN;  ///< slope ± t(1 − α/2, n − 2) SE
  double slope_ci_high = detail::kNaN;
  double slope_p_value = detail::kNaN;  ///< two-sided t-test of slope = 0, n − 2 df

  Eigen::VectorXd means;        ///< per pair (a + b) / 2, input order, NaN where missing
  Eigen::VectorXd differences;  ///< per pair a − b (or 100 (a − b) / |mean|), input order, NaN
                                ///< where missing or (percent) where the pair mean is 0
  std::string note;             ///< why a field is NaN; empty when all are defined
};

/// Bland–Altman analysis of paired measurements `a` and `b` (n values each, same unit, same
/// subjects in the same order). `confidence` is the level of every interval, `agreement` the
/// share of differences the limits should hold (0.95 gives ±1.96 SD). `percent` analyses the
/// differences as a percentage of the magnitude of the pair mean, 100 (a − b) / |m| (a pair
/// with mean 0 has a NaN percent difference, which makes the summary NaN with a note). Pairs with a
/// NaN follow `missing` (a pair is missing when either value is). Fewer than 2 pairs give NaN SD,
/// limits and intervals; fewer than 3 a NaN slope. Throws InvalidArgument for unequal lengths,
/// infinity, or a level outside (0, 1).
BlandAltman bland_altman(const Eigen::Ref<const Eigen::VectorXd>& a,
                         const Eigen::Ref<const Eigen::VectorXd>& b, double confidence = 0.95,
                         LoaCi loa_ci = LoaCi::Exact, bool percent = false,
                         Missing missing = Missing::Propagate, double agreement = 0.95);

}  // namespace hipmech::stats
