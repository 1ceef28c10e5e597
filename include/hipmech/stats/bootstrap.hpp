/// \file
/// Nonparametric bootstrap confidence intervals: seeded resampling that gives the same resamples
/// on every platform, percentile and BCa intervals, and a generic driver over any statistic of
/// one or more samples (docs/stats-bootstrap.md).
///
/// Sources:
///  - Efron B (1987) Better bootstrap confidence intervals. J Am Stat Assoc 82:171–185 (BCa:
///    bias correction z0, acceleration a, adjusted levels, eqs. 2.3–2.4 and 6.6);
///  - Efron B, Tibshirani RJ (1993) An Introduction to the Bootstrap. Chapman & Hall, ch. 13
///    (percentile interval) and ch. 14 (BCa: eq. 14.10 for α1, α2; eq. 14.14 for z0; eq. 14.15
///    for the jackknife acceleration), ch. 6 (bootstrap SE, B − 1 denominator);
///  - DiCiccio TJ, Efron B (1996) Bootstrap confidence intervals. Stat Sci 11:189–228 (§2–3,
///    the BCa as the second-order correct percentile method);
///  - Lemire D (2019) Fast random integer generation in an interval. ACM Trans Model Comput
///    Simul 29(1):3 (bounded integers without bias and almost without division);
///  - Hyndman RJ, Fan Y (1996) Sample quantiles in statistical packages. Am Stat 50:361–365
///    (definition 7, numpy's default "linear" quantile).
///
/// What is resampled. The data are one or more samples, each a RowMatrix of n_j rows
/// (observations) × k_j columns (variables measured on the same observation). Each resample
/// draws n_j rows of every sample with replacement, independently of the other samples: two
/// independent groups are two samples; paired data (pre/post, left/right, the k raters of one
/// subject) are one sample whose rows are resampled whole. This is scipy.stats.bootstrap with
/// `paired=False` for several samples and `paired=True` for the columns of one.
///
/// Random numbers. `std::mt19937_64` (its output is fixed by the C++ standard, [rand.predef])
/// seeded with the 64-bit seed; row indices in [0, n) by Lemire's (2019) multiply-shift method
/// with rejection, which is exact (no modulo bias) and defined here, unlike
/// `std::uniform_int_distribution`, whose algorithm each standard library chooses. The same
/// seed therefore gives the same resamples and the same interval on every platform and
/// compiler. Draw order: resample 0, sample 0 rows 0…n_0−1, sample 1 rows 0…n_1−1, …; then
/// resample 1, and so on (`bootstrap_indices` returns exactly these indices).
///
/// Non-finite replicates. A resample can be degenerate (all rows equal: an SD of 0 is fine, but
/// an ICC is 0/0). Replicates whose statistic is NaN or ±inf are left out of the interval,
/// the SE and the bias, counted in `n_nonfinite` and reported in `note`; the interval uses the
/// remaining replicates. Nothing is dropped silently.
///
/// Missing data. NaN (or infinity) in a sample is an error naming the sample: resampling would
/// copy a missing value into a random subset of resamples and make the interval depend on how
/// often it was drawn. Remove incomplete rows first (that choice belongs to the caller).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/detail/text.hpp"
#include "hipmech/stats/descriptive.hpp"
#include "hipmech/stats/distributions.hpp"
#include "hipmech/stats/effect_size.hpp"
#include "hipmech/stats/icc.hpp"
#include "hipmech/stats/missing.hpp"

namespace hipmech::stats {

// ---- random numbers -------------------------------------------------------------------------

namespace detail {

/// The high 64 bits of the 128-bit product a·b; the low 64 bits go to `lo`. Portable (32-bit
/// halves); the compiler's 128-bit integer, where it exists, gives the same bits faster.
inline std::uint64_t mul_hi_lo_portable(std::uint64_t a, std::uint64_t b, std::uint64_t& lo) {
  const std::uint64_t mask = 0xFFFFFFFFULL;
  const std::uint64_t a_lo = a & mask;
  const std::uint64_t a_hi = a >> 32U;
  const std::uint64_t b_lo = b & mask;
  const std::uint64_t b_hi = b >> 32U;
  const std::uint64_t p0 = a_lo * b_lo;
  const std::uint64_t p1 = a_lo * b_hi;
  const std::uint64_t p2 = a_hi * b_lo;
  const std::uint64_t p3 = a_hi * b_hi;
  const std::uint64_t mid = (p0 >> 32U) + (p1 & mask) + (p2 & mask);
  lo = (mid << 32U) | (p0 & mask);
  return p3 + (p1 >> 32U) + (p2 >> 32U) + (mid >> 32U);
}

inline std::uint64_t mul_hi_lo(std::uint64_t a, std::uint64_t b, std::uint64_t& lo) {
#if defined(__SIZEOF_INT128__)
  __extension__ typedef unsigned __int128 U128;
  const U128 m = static_cast<U128>(a) * static_cast<U128>(b);
  lo = static_cast<std::uint64_t>(m);
  return static_cast<std::uint64_t>(m >> 64U);
#else
  return mul_hi_lo_portable(a, b, lo);
#endif
}

}  // namespace detail

/// The bootstrap's random numbers: `std::mt19937_64` seeded with `seed` (the standard fixes
/// its output stream, [rand.predef]: the 10000th output of the default seed 5489 is
/// 9981545732273789042) and exact bounded integers by Lemire's (2019) method. Same seed, same
/// stream, on every platform and compiler.
class BootstrapRng {
 public:
  explicit BootstrapRng(std::uint64_t seed) : engine_(seed) {}

  /// The next raw 64-bit output of mt19937_64.
  std::uint64_t next() { return static_cast<std::uint64_t>(engine_()); }

  /// A uniform integer in [0, range), range ≥ 1, without bias: Lemire (2019), Algorithm 5
  /// ("nearly divisionless"). The 128-bit product x·range of a 64-bit draw x maps x to
  /// ⌊x·range / 2⁶⁴⌋; draws whose low 64 bits fall below 2⁶⁴ mod range are rejected, so every
  /// value has exactly ⌊2⁶⁴ / range⌋ preimages. The division (2⁶⁴ mod range) runs only when a
  /// rejection is possible (probability range / 2⁶⁴).
  std::uint64_t bounded(std::uint64_t range) {
    std::uint64_t lo = 0;
    std::uint64_t hi = detail::mul_hi_lo(next(), range, lo);
    if (lo < range) {
      const std::uint64_t threshold = (std::uint64_t{0} - range) % range;  // 2⁶⁴ mod range
      while (lo < threshold) hi = detail::mul_hi_lo(next(), range, lo);
    }
    return hi;
  }

 private:
  std::mt19937_64 engine_;
};

// ---- interval methods -----------------------------------------------------------------------

/// How the interval is read off the bootstrap distribution.
enum class BootstrapMethod : std::uint8_t {
  Percentile,  ///< Efron & Tibshirani (1993) ch. 13: the α and 1 − α quantiles
  BCa,         ///< bias-corrected and accelerated, Efron (1987); Efron & Tibshirani ch. 14
};

/// "percentile" or "bca" (any case: "BCa"); InvalidArgument naming `arg` otherwise.
inline BootstrapMethod parse_bootstrap_method(const std::string& name, const char* arg = "method") {
  const std::string f = ::hipmech::detail::folded(name);
  if (f == "percentile") return BootstrapMethod::Percentile;
  if (f == "bca") return BootstrapMethod::BCa;
  ::hipmech::detail::throw_invalid_argument(arg, "'bca' or 'percentile'", "'" + name + "'");
}

/// "BCa" or "percentile".
inline const char* bootstrap_method_name(BootstrapMethod m) {
  return m == BootstrapMethod::BCa ? "BCa" : "percentile";
}

/// The quantile of level `p` (0 ≤ p ≤ 1) of `sorted` (ascending, finite, at least one value) by
/// linear interpolation between order statistics: Hyndman & Fan (1996) definition 7, numpy's
/// default `method="linear"`. With m values, h = (m − 1)·p, j = ⌊h⌋, g = h − j:
/// Q = x₍ⱼ₎ + g·(x₍ⱼ₊₁₎ − x₍ⱼ₎) (0-based order statistics). The arithmetic is numpy's (`_lerp`:
/// from the upper neighbour when g ≥ 0.5), so the bits match numpy.quantile.
inline double quantile_linear(const Eigen::Ref<const Eigen::VectorXd>& sorted, double p) {
  const Eigen::Index m = sorted.size();
  if (m == 0 || std::isnan(p)) return detail::kNaN;
  const double h = static_cast<double>(m - 1) * std::clamp(p, 0.0, 1.0);
  const double j = std::floor(h);
  const auto lo = static_cast<Eigen::Index>(j);
  if (lo >= m - 1) return sorted[m - 1];
  const double g = h - j;
  const double a = sorted[lo];
  const double b = sorted[lo + 1];
  const double d = b - a;
  return g >= 0.5 ? b - d * (1.0 - g) : a + d * g;
}

/// Replicates within this multiple of the bootstrap SE of the estimate count as ties in z0
/// (see bca_z0).
inline constexpr double kBootstrapTieTolerance = 1e-9;

/// The BCa bias correction z0 = Φ⁻¹(p̂) with p̂ the proportion of replicates below the estimate,
/// ties counting one half: p̂ = (#{θ* < θ̂ − τ} + #{θ* ≤ θ̂ + τ}) / (2B). Efron & Tibshirani
/// (1993) eq. 14.14 counts θ* < θ̂; the half weight for ties is scipy's `_percentile_of_score`
/// (it keeps z0 = 0 for a statistic that does not vary). `tie_tolerance` τ ≥ 0 makes a tie
/// "equal up to rounding": a statistic computed two ways (C++ and numpy, different summation
/// orders) differs in the last bits, and with discrete data many replicates equal θ̂ exactly in
/// real arithmetic; bootstrap_interval passes τ = 1e-9 × the bootstrap SE, far below any real
/// spacing of the replicates and far above rounding. `sorted`: the finite replicates,
/// ascending. ±inf when every replicate lies on one side; NaN without replicates or with a NaN
/// estimate.
inline double bca_z0(double estimate, const Eigen::Ref<const Eigen::VectorXd>& sorted,
                     double tie_tolerance = 0.0) {
  const Eigen::Index m = sorted.size();
  if (m == 0 || std::isnan(estimate)) return detail::kNaN;
  const double tol = std::isfinite(tie_tolerance) ? std::fabs(tie_tolerance) : 0.0;
  const double* first = sorted.data();
  const double* last = first + m;
  const auto below = std::lower_bound(first, last, estimate - tol) - first;
  const auto at_or_below = std::upper_bound(first, last, estimate + tol) - first;
  return normal_quantile(static_cast<double>(below + at_or_below) / (2.0 * static_cast<double>(m)));
}

/// The BCa acceleration from jackknife values, one vector per sample: `jackknife[j][i]` is the
/// statistic with row i of sample j left out (the other samples whole). For one sample this is
/// Efron & Tibshirani (1993) eq. 14.15,
///   a = Σᵢ (θ̄ − θ₍ᵢ₎)³ / (6 [Σᵢ (θ̄ − θ₍ᵢ₎)²]^{3/2}),  θ̄ = mean of the θ₍ᵢ₎.
/// For several samples each sample's rows are left out in turn and the empirical influence
/// values Uⱼᵢ = (nⱼ − 1)(θ̄ⱼ − θ₍ⱼᵢ₎) are combined as
///   a = Σⱼ Σᵢ Uⱼᵢ³ / nⱼ³ / (6 [Σⱼ Σᵢ Uⱼᵢ² / nⱼ²]^{3/2})
/// (Efron & Tibshirani 1993 §14.3 and eq. 15.36, the multi-sample form scipy.stats.bootstrap
/// uses); with one sample the (n − 1)/n factors cancel and this is eq. 14.15. NaN when a
/// jackknife value is not finite or when they are all equal (0/0).
inline double bca_acceleration(const std::vector<Eigen::VectorXd>& jackknife) {
  double num = 0.0;
  double den = 0.0;
  bool any = false;
  for (const Eigen::VectorXd& t : jackknife) {
    const Eigen::Index n = t.size();
    if (n == 0) continue;
    if (!t.allFinite()) return detail::kNaN;
    any = true;
    const double dn = static_cast<double>(n);
    const double mean = t.mean();
    double s2 = 0.0;
    double s3 = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double u = (dn - 1.0) * (mean - t[i]);
      s2 += u * u;
      s3 += u * u * u;
    }
    num += s3 / (dn * dn * dn);
    den += s2 / (dn * dn);
  }
  if (!any || !(den > 0.0)) return detail::kNaN;
  return num / (6.0 * std::pow(den, 1.5));
}

/// An interval read off a bootstrap distribution (see bootstrap_interval).
struct BootstrapInterval {
  double ci_low = detail::kNaN;                      ///< lower end
  double ci_high = detail::kNaN;                     ///< upper end
  BootstrapMethod ci_method = BootstrapMethod::BCa;  ///< the interval method
  double confidence = 0.95;
  double level_low = detail::kNaN;   ///< quantile level of `ci_low`: α (percentile) or α1 (BCa)
  double level_high = detail::kNaN;  ///< quantile level of `ci_high`: 1 − α or α2
  double z0 = detail::kNaN;  ///< bias correction Φ⁻¹(p̂), ties within 1e-9·se (both methods)
  double acceleration = detail::kNaN;  ///< jackknife acceleration (BCa only; NaN otherwise)
  double se = detail::kNaN;      ///< SD of the finite replicates, B − 1 denominator (E&T eq. 6.6)
  double bias = detail::kNaN;    ///< mean of the finite replicates − estimate (E&T eq. 10.2)
  Eigen::Index n_used = 0;       ///< finite replicates
  Eigen::Index n_nonfinite = 0;  ///< replicates left out because NaN or ±inf
  std::string note;              ///< why a field is NaN, what was left out; empty otherwise
};

/// Reads a `confidence` interval of `method` off the bootstrap `distribution` (the statistic of
/// each resample, any order) of the statistic whose value on the data is `estimate`.
///
/// Percentile (Efron & Tibshirani 1993 ch. 13): [Q(α), Q(1 − α)] with α = (1 − confidence)/2
/// and Q the linear quantile of the replicates (quantile_linear).
///
/// BCa (Efron 1987; Efron & Tibshirani 1993 eq. 14.10): [Q(α1), Q(α2)] with
///   α1 = Φ(z0 + (z0 + z_α) / (1 − a (z0 + z_α))),  α2 = Φ(z0 + (z0 + z_{1−α}) / (1 − a (z0 +
///   z_{1−α}))), z_α = Φ⁻¹(α), z0 from bca_z0 (ties: replicates within 1e-9 SE of θ̂) and a
///   from bca_acceleration(`jackknife`).
///
/// Non-finite replicates are left out and counted (see the file comment). The interval is NaN,
/// with the reason in `note`, when no replicate is finite, and for BCa also when the estimate
/// is not finite, every replicate lies on one side of it (z0 infinite), the acceleration is
/// undefined (a jackknife value not finite, or all equal), or 1 − a(z0 + z) ≤ 0 (the level
/// formula breaks down). InvalidArgument for an empty distribution, a confidence outside
/// (0, 1), or BCa without jackknife values.
inline BootstrapInterval bootstrap_interval(double estimate,
                                            const Eigen::Ref<const Eigen::VectorXd>& distribution,
                                            const std::vector<Eigen::VectorXd>& jackknife,
                                            double confidence, BootstrapMethod method) {
  check_confidence(confidence);
  HIPMECH_CHECK_ARG(distribution.size() >= 1, "distribution", "at least one bootstrap replicate",
                    "none");
  if (method == BootstrapMethod::BCa) {
    Eigen::Index n_jack = 0;
    for (const auto& t : jackknife) n_jack += t.size();
    HIPMECH_CHECK_ARG(n_jack >= 1, "jackknife",
                      "the jackknife values of the statistic (one vector per sample) for BCa",
                      "none");
  }
  BootstrapInterval r;
  r.ci_method = method;
  r.confidence = confidence;
  const Eigen::Index b = distribution.size();
  Eigen::VectorXd sorted(b);
  Eigen::Index m = 0;
  for (Eigen::Index i = 0; i < b; ++i) {
    if (std::isfinite(distribution[i])) sorted[m++] = distribution[i];
  }
  sorted.conservativeResize(m);
  std::sort(sorted.data(), sorted.data() + m);
  r.n_used = m;
  r.n_nonfinite = b - m;
  if (r.n_nonfinite > 0) {
    detail::append_note(r.note, std::to_string(r.n_nonfinite) + " of " + std::to_string(b) +
                                    " bootstrap replicates were not finite (degenerate resamples) "
                                    "and were left out; the interval uses the other " +
                                    std::to_string(m));
  }
  if (m == 0) {
    detail::append_note(r.note, "no finite bootstrap replicate: the interval is undefined");
    return r;
  }
  const double mean = sorted.mean();
  if (m >= 2) r.se = std::sqrt((sorted.array() - mean).square().sum() / static_cast<double>(m - 1));
  const bool estimate_ok = std::isfinite(estimate);
  if (estimate_ok) {
    r.bias = mean - estimate;
    r.z0 = bca_z0(estimate, sorted, std::isfinite(r.se) ? kBootstrapTieTolerance * r.se : 0.0);
  } else {
    detail::append_note(r.note, "the estimate is not finite");
  }
  const double alpha = 0.5 * (1.0 - confidence);
  if (method == BootstrapMethod::Percentile) {
    r.level_low = alpha;
    r.level_high = 1.0 - alpha;
  } else {
    r.acceleration = bca_acceleration(jackknife);
    if (!estimate_ok) {
      detail::append_note(r.note, "BCa needs a finite estimate: the interval is undefined");
      return r;
    }
    if (std::isinf(r.z0)) {
      detail::append_note(r.note,
                          std::string("every finite replicate lies ") +
                              (r.z0 > 0 ? "at or below" : "at or above") +
                              " the estimate (z0 infinite): the BCa interval is undefined; use "
                              "method='percentile'");
      return r;
    }
    if (std::isnan(r.acceleration)) {
      detail::append_note(
          r.note,
          "the jackknife acceleration is undefined (a jackknife value is not finite, "
          "or all are equal): the BCa interval is undefined; use "
          "method='percentile'");
      return r;
    }
    const double z_alpha = normal_quantile(alpha);
    const double zs[2] = {z_alpha, -z_alpha};
    double levels[2] = {detail::kNaN, detail::kNaN};
    for (int s = 0; s < 2; ++s) {
      const double num = r.z0 + zs[s];
      const double den = 1.0 - r.acceleration * num;
      if (!(den > 0.0)) {
        detail::append_note(r.note, "1 - a (z0 + z) <= 0 (acceleration " +
                                        ::hipmech::detail::to_message(r.acceleration) +
                                        "): the BCa levels are undefined; use method='percentile'");
        return r;
      }
      levels[s] = normal_cdf(r.z0 + num / den);
    }
    r.level_low = levels[0];
    r.level_high = levels[1];
    const double md = static_cast<double>(m);
    if (r.level_low * md < 1.0 || (1.0 - r.level_high) * md < 1.0) {
      detail::append_note(
          r.note, "a BCa level (" + ::hipmech::detail::to_message(r.level_low) + ", " +
                      ::hipmech::detail::to_message(r.level_high) +
                      ") falls beyond the most extreme of the " + std::to_string(m) +
                      " replicates: that end is an extreme replicate; increase n_resamples");
    }
  }
  r.ci_low = quantile_linear(sorted, r.level_low);
  r.ci_high = quantile_linear(sorted, r.level_high);
  return r;
}

// ---- resampling -----------------------------------------------------------------------------

/// Row indices of resamples: n_resamples rows × n_j columns for sample j (int64, like numpy's
/// intp, so that Python indexes with them directly).
using BootstrapIndices =
    Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// The largest n_resamples accepted (10⁸: the distribution alone is 800 MB).
inline constexpr Eigen::Index kMaxBootstrapResamples = 100000000;
/// The smallest n_resamples accepted for BCa: below 100 replicates z0 moves in steps of
/// 1/(2B) of probability and the adjusted quantiles sit among the few most extreme values;
/// Efron & Tibshirani (1993 §14.3, §19.3) recommend 1000–2000.
inline constexpr Eigen::Index kMinBcaResamples = 100;

namespace detail {

inline void check_n_resamples(Eigen::Index n_resamples) {
  HIPMECH_CHECK_ARG(n_resamples >= 1 && n_resamples <= kMaxBootstrapResamples, "n_resamples",
                    "between 1 and 100000000 resamples", n_resamples);
}

inline std::string sample_arg(std::size_t j) {
  return "samples[" + std::to_string(j) + "]";
}

}  // namespace detail

/// The row indices the bootstrap draws for samples of `sizes[j]` rows (each ≥ 1) with `seed`:
/// element (b, i) of matrix j is the row of sample j copied to row i of resample b. The stream
/// order is that of the file comment, so bootstrap() with the same seed and sample sizes uses
/// exactly these resamples (n_resamples only truncates the stream: the first resamples of a
/// longer run are the same).
inline std::vector<BootstrapIndices> bootstrap_indices(const std::vector<Eigen::Index>& sizes,
                                                       Eigen::Index n_resamples,
                                                       std::uint64_t seed) {
  HIPMECH_CHECK_ARG(!sizes.empty(), "sizes", "the row count of at least one sample", "none");
  for (std::size_t j = 0; j < sizes.size(); ++j) {
    HIPMECH_CHECK_ARG(sizes[j] >= 1, "sizes", "row counts of at least 1",
                      std::to_string(sizes[j]) + " at position " + std::to_string(j));
  }
  detail::check_n_resamples(n_resamples);
  std::vector<BootstrapIndices> out;
  out.reserve(sizes.size());
  for (Eigen::Index n : sizes) out.emplace_back(n_resamples, n);
  BootstrapRng rng(seed);
  for (Eigen::Index b = 0; b < n_resamples; ++b) {
    for (std::size_t j = 0; j < sizes.size(); ++j) {
      const auto n = static_cast<std::uint64_t>(sizes[j]);
      std::int64_t* row = out[j].data() + b * sizes[j];
      for (Eigen::Index i = 0; i < sizes[j]; ++i)
        row[i] = static_cast<std::int64_t>(rng.bounded(n));
    }
  }
  return out;
}

// ---- the driver -----------------------------------------------------------------------------

/// The samples handed to a statistic: one RowMatrix per sample (rows = observations).
using BootstrapSamples = std::vector<RowMatrix>;

/// One sample as passed to bootstrap(): a view of an n × k row-major block (no copy from numpy).
using SampleRef = Eigen::Ref<const RowMatrix>;

/// Options of bootstrap().
struct BootstrapOptions {
  Eigen::Index n_resamples = 10000;  ///< B, the number of resamples (1 … 10⁸; BCa ≥ 100)
  double confidence = 0.95;          ///< two-sided confidence level, 0 < confidence < 1
  BootstrapMethod method = BootstrapMethod::BCa;
  std::uint64_t seed = 0;            ///< seed of BootstrapRng
  bool return_distribution = false;  ///< keep the replicates and jackknife values in the result
};

/// A bootstrap confidence interval with everything needed to report and reproduce it.
struct BootstrapResult {
  double estimate = detail::kNaN;  ///< the statistic on the data, θ̂
  double ci_low = detail::kNaN;
  double ci_high = detail::kNaN;
  std::string ci_method;  ///< the interval method, "BCa" or "percentile"
  double confidence = 0.95;
  Eigen::Index n_resamples = 0;  ///< B, including non-finite replicates
  std::uint64_t seed = 0;
  double se = detail::kNaN;            ///< bootstrap SE: SD of the finite θ* (B − 1)
  double bias = detail::kNaN;          ///< mean θ* − θ̂
  double z0 = detail::kNaN;            ///< BCa bias correction (also given for percentile)
  double acceleration = detail::kNaN;  ///< BCa acceleration (NaN for percentile)
  double level_low = detail::kNaN;     ///< quantile level of ci_low (α or α1)
  double level_high = detail::kNaN;    ///< quantile level of ci_high (1 − α or α2)
  Eigen::Index n_nonfinite = 0;        ///< replicates left out (NaN or ±inf statistic)
  std::string note;                    ///< why something is NaN, what was left out; else empty
  /// The B replicates in resample order (non-finite ones included), if asked for.
  std::optional<Eigen::VectorXd> distribution;
  /// The jackknife values, one vector per sample (BCa only), if the distribution was asked for.
  std::optional<std::vector<Eigen::VectorXd>> jackknife;
};

namespace detail {

/// Checks the samples of bootstrap(): at least one, each with ≥ `min_rows` rows, ≥ 1 column
/// and only finite values (the NaN policy of the file comment).
inline void check_bootstrap_samples(const std::vector<SampleRef>& samples, Eigen::Index min_rows,
                                    const char* why) {
  HIPMECH_CHECK_ARG(!samples.empty(), "samples", "at least one sample", "none");
  for (std::size_t j = 0; j < samples.size(); ++j) {
    const SampleRef& s = samples[j];
    const std::string arg = sample_arg(j);
    HIPMECH_CHECK_ARG(
        s.rows() >= min_rows && s.cols() >= 1, arg,
        "at least " + std::to_string(min_rows) + " row(s) (observations)" + why + " and 1 column",
        "shape (" + std::to_string(s.rows()) + ", " + std::to_string(s.cols()) + ")");
    if (!s.allFinite()) {
      for (Eigen::Index r = 0; r < s.rows(); ++r) {
        for (Eigen::Index c = 0; c < s.cols(); ++c) {
          if (!std::isfinite(s(r, c))) {
            ::hipmech::detail::throw_invalid_argument(
                arg,
                "finite values (the bootstrap refuses missing values: resampling would spread "
                "them; drop incomplete rows first)",
                ::hipmech::detail::to_message(s(r, c)) + " at row " + std::to_string(r) +
                    ", column " + std::to_string(c));
          }
        }
      }
    }
  }
}

/// Copies rows `idx` of `src` into `dst` (dst already n × k).
inline void copy_row(const SampleRef& src, Eigen::Index from, RowMatrix& dst, Eigen::Index to) {
  const Eigen::Index k = src.cols();
  const double* s = src.data() + from * src.outerStride();
  double* d = dst.data() + to * k;
  std::copy(s, s + k, d);
}

}  // namespace detail

/// Bootstrap confidence interval of `statistic` over `samples` (see the file comment for what is
/// resampled, the random numbers, non-finite replicates and missing data).
///
/// \param statistic a callable `double(const BootstrapSamples&)`: the statistic of the samples
///        (same count and column counts as `samples`, n_j rows each; n_j − 1 rows for sample j
///        during the jackknife). It may keep mutable scratch space (it is called through a
///        non-const reference) and may throw; it is called B times, then n_j times per sample
///        for BCa, from one thread.
/// \param samples one or more n_j × k_j samples, finite values, n_j ≥ 1 (≥ 2 for BCa, whose
///        jackknife leaves one row out).
/// \param options B, confidence, method, seed, whether to keep the distribution.
///
/// The resampled samples live in buffers allocated once: no allocation per resample beyond
/// what the statistic itself does. InvalidArgument naming the argument for bad options or
/// samples.
template <typename Statistic>
BootstrapResult bootstrap(Statistic&& statistic, const std::vector<SampleRef>& samples,
                          const BootstrapOptions& options = {}) {
  check_confidence(options.confidence);
  detail::check_n_resamples(options.n_resamples);
  const bool bca = options.method == BootstrapMethod::BCa;
  if (bca) {
    HIPMECH_CHECK_ARG(options.n_resamples >= kMinBcaResamples, "n_resamples",
                      "at least 100 resamples for BCa (1000-2000 recommended, Efron & "
                      "Tibshirani 1993 ch. 14 and 19)",
                      options.n_resamples);
  }
  detail::check_bootstrap_samples(samples, bca ? 2 : 1, bca ? " for the BCa jackknife" : "");

  const std::size_t n_samples = samples.size();
  BootstrapSamples work;
  work.reserve(n_samples);
  for (const SampleRef& s : samples) work.emplace_back(s);

  BootstrapResult res;
  res.ci_method = bootstrap_method_name(options.method);
  res.confidence = options.confidence;
  res.n_resamples = options.n_resamples;
  res.seed = options.seed;
  res.estimate = statistic(static_cast<const BootstrapSamples&>(work));

  // Resamples: B × (Σ n_j bounded draws and row copies) into `work`, reused throughout.
  const Eigen::Index B = options.n_resamples;
  Eigen::VectorXd distribution(B);
  BootstrapRng rng(options.seed);
  for (Eigen::Index b = 0; b < B; ++b) {
    for (std::size_t j = 0; j < n_samples; ++j) {
      const SampleRef& src = samples[j];
      const Eigen::Index n = src.rows();
      const auto range = static_cast<std::uint64_t>(n);
      for (Eigen::Index i = 0; i < n; ++i) {
        detail::copy_row(src, static_cast<Eigen::Index>(rng.bounded(range)), work[j], i);
      }
    }
    distribution[b] = statistic(static_cast<const BootstrapSamples&>(work));
  }

  // Jackknife (BCa): leave out row i of sample j, the others whole. Going from "row i − 1 left
  // out" to "row i left out" changes one row of the buffer.
  std::vector<Eigen::VectorXd> jackknife;
  if (bca) {
    for (std::size_t j = 0; j < n_samples; ++j) work[j] = samples[j];
    jackknife.resize(n_samples);
    for (std::size_t j = 0; j < n_samples; ++j) {
      const SampleRef& src = samples[j];
      const Eigen::Index n = src.rows();
      RowMatrix& buf = work[j];
      buf.resize(n - 1, src.cols());
      for (Eigen::Index i = 1; i < n; ++i) detail::copy_row(src, i, buf, i - 1);
      Eigen::VectorXd& t = jackknife[j];
      t.resize(n);
      for (Eigen::Index i = 0; i < n; ++i) {
        if (i > 0) detail::copy_row(src, i - 1, buf, i - 1);
        t[i] = statistic(static_cast<const BootstrapSamples&>(work));
      }
      buf = src;
    }
  }

  const BootstrapInterval iv =
      bootstrap_interval(res.estimate, distribution, jackknife, options.confidence, options.method);
  res.ci_low = iv.ci_low;
  res.ci_high = iv.ci_high;
  res.se = iv.se;
  res.bias = iv.bias;
  res.z0 = iv.z0;
  res.acceleration = iv.acceleration;
  res.level_low = iv.level_low;
  res.level_high = iv.level_high;
  res.n_nonfinite = iv.n_nonfinite;
  res.note = iv.note;
  if (B < 1000) {
    detail::append_note(res.note,
                        "fewer than 1000 resamples: the interval's ends carry a large "
                        "Monte-Carlo error (Efron & Tibshirani 1993 ch. 19)");
  }
  if (options.return_distribution) {
    res.distribution = std::move(distribution);
    if (bca) res.jackknife = std::move(jackknife);
  }
  return res;
}

// ---- named statistics -----------------------------------------------------------------------

/// The statistics bootstrap_named() computes in C++.
enum class BootstrapStatistic : std::uint8_t {
  Mean,            ///< mean of one sample of one column
  Median,          ///< median (mean of the two middle values for even n), one column
  Sd,              ///< sample SD (n − 1), one column
  MeanDifference,  ///< mean(a) − mean(b) of two one-column samples, or the paired mean
                   ///< difference mean(x₀ − x₁) of one two-column sample
  Icc,             ///< an ICC form of one n targets × k raters sample (icc_value)
  CohenD,          ///< Cohen's d (pooled SD) of two one-column samples (effect_size.hpp)
  HedgesG,         ///< Hedges' g (exact J) of two one-column samples
  CohenDz,         ///< Cohen's d_z of one two-column (paired) sample: mean(x₀ − x₁) / SD
};

/// A named statistic: its kind, and the ICC form for BootstrapStatistic::Icc.
struct NamedStatistic {
  BootstrapStatistic kind = BootstrapStatistic::Mean;
  IccForm icc_form = IccForm::AgreementSingle;
  std::string name;  ///< canonical name ("mean", "ICC(2,1)")
};

/// "mean", "median", "sd", "mean_difference", or an ICC form in either naming system
/// ("ICC(2,1)", "ICC(A,1)", "ICC(3,k)", …; see parse_icc_form). InvalidArgument naming `arg`.
inline NamedStatistic parse_bootstrap_statistic(const std::string& name,
                                                const char* arg = "statistic") {
  const std::string f = ::hipmech::detail::folded(name);
  NamedStatistic s;
  if (f == "cohen_d" || f == "hedges_g" || f == "cohen_dz") {
    s.kind = f == "cohen_d"    ? BootstrapStatistic::CohenD
             : f == "hedges_g" ? BootstrapStatistic::HedgesG
                               : BootstrapStatistic::CohenDz;
    s.name = f;
    return s;
  }
  if (f == "mean" || f == "median" || f == "sd" || f == "mean_difference") {
    s.kind = f == "mean"     ? BootstrapStatistic::Mean
             : f == "median" ? BootstrapStatistic::Median
             : f == "sd"     ? BootstrapStatistic::Sd
                             : BootstrapStatistic::MeanDifference;
    s.name = f;
    return s;
  }
  if (f.rfind("icc", 0) == 0) {
    s.kind = BootstrapStatistic::Icc;
    s.icc_form = parse_icc_form(name, arg);
    s.name = detail::icc_row_label(icc_row_index(name, arg));  // the row asked for: ICC(A,1)
    return s;
  }
  ::hipmech::detail::throw_invalid_argument(
      arg,
      "'mean', 'median', 'sd', 'mean_difference', 'cohen_d', 'hedges_g', 'cohen_dz' or an ICC "
      "form ('ICC(1,1)', 'ICC(2,1)', "
      "'ICC(3,1)', 'ICC(1,k)', 'ICC(2,k)', 'ICC(3,k)' or McGraw & Wong's 'ICC(A,1)', ...) or, "
      "in Python, a callable",
      "'" + name + "'");
}

namespace detail {

inline double column_mean(const RowMatrix& x) {
  return Eigen::Map<const Eigen::VectorXd>(x.data(), x.rows()).mean();
}

/// Checks the shapes a named statistic needs (before any resampling).
inline void check_named_shapes(const NamedStatistic& s, const std::vector<SampleRef>& samples,
                               bool bca) {
  const auto shape = [](const SampleRef& x) {
    return "shape (" + std::to_string(x.rows()) + ", " + std::to_string(x.cols()) + ")";
  };
  const Eigen::Index jack = bca ? 1 : 0;  // the BCa jackknife needs one row more
  const std::string for_bca = bca ? " (one more than the minimum, for the BCa jackknife)" : "";
  switch (s.kind) {
    case BootstrapStatistic::Mean:
    case BootstrapStatistic::Median:
    case BootstrapStatistic::Sd: {
      HIPMECH_CHECK_ARG(samples.size() == 1, "samples", "one sample for '" + s.name + "'",
                        std::to_string(samples.size()) + " samples");
      const Eigen::Index min_rows = (s.kind == BootstrapStatistic::Sd ? 2 : 1) + jack;
      HIPMECH_CHECK_ARG(samples[0].cols() == 1 && samples[0].rows() >= min_rows, "samples[0]",
                        "one column of at least " + std::to_string(min_rows) + " values" + for_bca +
                            " for '" + s.name + "'",
                        shape(samples[0]));
      break;
    }
    case BootstrapStatistic::CohenD:
    case BootstrapStatistic::HedgesG:
      HIPMECH_CHECK_ARG(samples.size() == 2, "samples",
                        "two one-column samples for '" + s.name + "'",
                        std::to_string(samples.size()) + " samples");
      for (std::size_t j = 0; j < 2; ++j) {
        HIPMECH_CHECK_ARG(samples[j].cols() == 1 && samples[j].rows() >= 2 + jack, sample_arg(j),
                          "one column of at least " + std::to_string(2 + jack) + " values" +
                              for_bca + " for '" + s.name + "'",
                          shape(samples[j]));
      }
      break;
    case BootstrapStatistic::CohenDz:
      HIPMECH_CHECK_ARG(samples.size() == 1, "samples",
                        "one two-column (paired) sample for 'cohen_dz'",
                        std::to_string(samples.size()) + " samples");
      HIPMECH_CHECK_ARG(samples[0].cols() == 2 && samples[0].rows() >= 2 + jack, "samples[0]",
                        "two columns (paired) and at least " + std::to_string(2 + jack) + " rows" +
                            for_bca + " for 'cohen_dz'",
                        shape(samples[0]));
      break;
    case BootstrapStatistic::MeanDifference: {
      HIPMECH_CHECK_ARG(samples.size() == 1 || samples.size() == 2, "samples",
                        "two one-column samples, or one two-column (paired) sample, for "
                        "'mean_difference'",
                        std::to_string(samples.size()) + " samples");
      const Eigen::Index want_cols = samples.size() == 1 ? 2 : 1;
      for (std::size_t j = 0; j < samples.size(); ++j) {
        HIPMECH_CHECK_ARG(
            samples[j].cols() == want_cols && samples[j].rows() >= 1 + jack, sample_arg(j),
            std::string(want_cols == 2 ? "two columns (paired)" : "one column") + " and at least " +
                std::to_string(1 + jack) + " rows" + for_bca + " for 'mean_difference'",
            shape(samples[j]));
      }
      break;
    }
    case BootstrapStatistic::Icc:
    default:
      HIPMECH_CHECK_ARG(samples.size() == 1, "samples",
                        "one n targets x k raters sample for '" + s.name + "'",
                        std::to_string(samples.size()) + " samples");
      HIPMECH_CHECK_ARG(samples[0].rows() >= 2 + jack && samples[0].cols() >= 2, "samples[0]",
                        "at least " + std::to_string(2 + jack) + " targets (rows)" + for_bca +
                            " and 2 raters (columns) for '" + s.name + "'",
                        shape(samples[0]));
      break;
  }
}

}  // namespace detail

/// bootstrap() of a named statistic computed in C++ (see BootstrapStatistic; shapes are checked
/// first, InvalidArgument naming "samples" or "samples[j]").
inline BootstrapResult bootstrap_named(const NamedStatistic& statistic,
                                       const std::vector<SampleRef>& samples,
                                       const BootstrapOptions& options = {}) {
  // Options first, so that a bad option is reported before a shape the option would change.
  check_confidence(options.confidence);
  detail::check_n_resamples(options.n_resamples);
  detail::check_named_shapes(statistic, samples, options.method == BootstrapMethod::BCa);
  switch (statistic.kind) {
    case BootstrapStatistic::Mean:
      return bootstrap([](const BootstrapSamples& x) { return detail::column_mean(x[0]); }, samples,
                       options);
    case BootstrapStatistic::Median: {
      std::vector<double> scratch;
      return bootstrap(
          [scratch](const BootstrapSamples& x) mutable {
            const RowMatrix& v = x[0];
            scratch.assign(v.data(), v.data() + v.rows());
            const auto n = scratch.size();
            const auto mid = static_cast<std::ptrdiff_t>(n / 2);
            std::nth_element(scratch.begin(), scratch.begin() + mid, scratch.end());
            const double upper = scratch[n / 2];
            if (n % 2 == 1) return upper;
            const double lower = *std::max_element(scratch.begin(), scratch.begin() + mid);
            return (lower + upper) / 2.0;
          },
          samples, options);
    }
    case BootstrapStatistic::Sd:
      return bootstrap(
          [](const BootstrapSamples& x) {
            double mean = 0.0;
            double var = 0.0;
            detail::mean_variance(Eigen::Map<const Eigen::VectorXd>(x[0].data(), x[0].rows()), mean,
                                  var);
            return std::sqrt(var);
          },
          samples, options);
    case BootstrapStatistic::MeanDifference:
      if (samples.size() == 2) {
        return bootstrap(
            [](const BootstrapSamples& x) {
              return detail::column_mean(x[0]) - detail::column_mean(x[1]);
            },
            samples, options);
      }
      return bootstrap(
          [](const BootstrapSamples& x) {
            const RowMatrix& v = x[0];
            double sum = 0.0;
            for (Eigen::Index i = 0; i < v.rows(); ++i) sum += v(i, 0) - v(i, 1);
            return sum / static_cast<double>(v.rows());
          },
          samples, options);
    case BootstrapStatistic::CohenD:
      // Cohen (1988) d with the pooled SD, as standardized_mean_difference. A resample of equal
      // values has SD 0: the replicate is NaN, left out and counted (see bootstrap()).
      return bootstrap(
          [](const BootstrapSamples& x) {
            return detail::cohen_d_value(
                Eigen::Map<const Eigen::VectorXd>(x[0].data(), x[0].rows()),
                Eigen::Map<const Eigen::VectorXd>(x[1].data(), x[1].rows()));
          },
          samples, options);
    case BootstrapStatistic::HedgesG:
      // g = J·d with Hedges' (1981) exact J, as hedges_g.
      return bootstrap(
          [](const BootstrapSamples& x) {
            return detail::hedges_g_value(
                Eigen::Map<const Eigen::VectorXd>(x[0].data(), x[0].rows()),
                Eigen::Map<const Eigen::VectorXd>(x[1].data(), x[1].rows()),
                HedgesCorrection::Exact);
          },
          samples, options);
    case BootstrapStatistic::CohenDz: {
      // d_z = mean / SD of the paired differences, as cohen_dz.
      Eigen::VectorXd diff;
      return bootstrap(
          [diff](const BootstrapSamples& x) mutable {
            const RowMatrix& v = x[0];
            diff = v.col(0) - v.col(1);
            return detail::cohen_dz_value(diff);
          },
          samples, options);
    }
    case BootstrapStatistic::Icc:
    default: {
      const IccForm form = statistic.icc_form;
      return bootstrap([form](const BootstrapSamples& x) { return icc_value(x[0], form); }, samples,
                       options);
    }
  }
}

/// bootstrap_named() with the statistic's name (parse_bootstrap_statistic).
inline BootstrapResult bootstrap_named(const std::string& statistic,
                                       const std::vector<SampleRef>& samples,
                                       const BootstrapOptions& options = {}) {
  return bootstrap_named(parse_bootstrap_statistic(statistic), samples, options);
}

}  // namespace hipmech::stats
