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
std::uint64_t mul_hi_lo_portable(std::uint64_t a, std::uint64_t b, std::uint64_t& lo);

std::uint64_t mul_hi_lo(std::uint64_t a, std::uint64_t b, std::uint64_t& lo);

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
double quantile_linear(const Eigen::Ref<const Eigen::VectorXd>& sorted, double p);

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
double bca_z0(double estimate, const Eigen::Ref<const Eigen::VectorXd>& sorted,
              double tie_tolerance = 0.0);

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
double bca_acceleration(const std::vector<Eigen::VectorXd>& jackknife);

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
BootstrapInterval bootstrap_interval(double estimate,
                                     const Eigen::Ref<const Eigen::VectorXd>& distribution,
                                     const std::vector<Eigen::VectorXd>& jackknife,
                                     double confidence, BootstrapMethod method);

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
std::vector<BootstrapIndices> bootstrap_indices(const std::vector<Eigen::Index>& sizes,
                                                Eigen::Index n_resamples, std::uint64_t seed);

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
void check_bootstrap_samples(const std::vector<SampleRef>& samples, Eigen::Index min_rows,
                             const char* why);

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
NamedStatistic parse_bootstrap_statistic(const std::string& name, const char* arg = "statistic");

namespace detail {

inline double column_mean(const RowMatrix& x) {
  return Eigen::Map<const Eigen::VectorXd>(x.data(), x.rows()).mean();
}

/// Checks the shapes a named statistic needs (before any resampling).
void check_named_shapes(const NamedStatistic& s, const std::vector<SampleRef>& samples, bool bca);

}  // namespace detail

/// bootstrap() of a named statistic computed in C++ (see BootstrapStatistic; shapes are checked
/// first, InvalidArgument naming "samples" or "samples[j]").
BootstrapResult bootstrap_named(const NamedStatistic& statistic,
                                const std::vector<SampleRef>& samples,
                                const BootstrapOptions& options = {});

/// bootstrap_named() with the statistic's name (parse_bootstrap_statistic).
inline BootstrapResult bootstrap_named(const std::string& statistic,
                                       const std::vector<SampleRef>& samples,
                                       const BootstrapOptions& options = {}) {
  return bootstrap_named(parse_bootstrap_statistic(statistic), samples, options);
}

}  // namespace hipmech::stats
