/// \file
/// Non-parametric permutation inference on a statistic field (docs/spm.md, "Permutation";
/// Nichols & Holmes 2002 Hum Brain Mapp 15:1): the field is recomputed for every relabelling
/// of the data that the null hypothesis leaves exchangeable — sign flips of the curves
/// (one-sample, paired), group labels (two-sample, one-way ANOVA), the order of the curves
/// against the regressor (regression) — and the critical threshold zstar is the 100(1 − α)
/// percentile of the field's maximum over the permutations. Clusters are those of
/// find_clusters (hipmech/spm/clusters.hpp); a cluster's p value is the fraction of
/// permutations whose largest cluster metric (integral or extent) at zstar reaches the
/// observed cluster's. A repeated-measures ANOVA field (anova1rm) is refused (InvalidArgument
/// naming `f`): its within-subject relabelling is not implemented.
///
/// The rules reproduce spm1d 0.4.55 (`spm1d.stats.nonparam.<test>(...).inference(alpha,
/// iterations=-1, two_tailed=..., cluster_metric=...)`) in exact mode; docs/spm.md ("Permutation
/// inference") gives each rule with the evidence:
///  - null distribution: the maximum of z (one-tailed) or of |z| (two-tailed) per permutation;
///    two-tailed sign flips and balanced two-sample labels use one permutation of each mirror
///    pair (the first curve's sign fixed; the first curve in group a), because a permutation
///    and its mirror give −z, hence the same maximum of |z|. This reproduces spm1d; it is not
///    the percentile of the full distribution: each value counted once instead of twice moves
///    the interpolated percentile, a little lower (slightly liberal) for small designs — for
///    one data set of J = 8 curves, 4.3267 from the 128 of the half against 4.4393 from all
///    2^8 sign flips; the difference shrinks as the permutations grow;
///  - zstar: the 100(1 − α) percentile of that distribution with linear interpolation
///    (numpy's default), for one and two tails alike (the two-tailed distribution is of |z|);
///  - cluster metric per permutation: the largest, over the runs of nodes with z > zstar (and,
///    two-tailed, also the runs with −z > zstar), of the trapezoidal integral of s·z − zstar
///    over the run's nodes (unit spacing; one node: its s·z − zstar) or of the number of nodes
///    in the run; 0 without a run. Two-tailed, both tails count (Nichols & Holmes 2002), so a
///    permutation and its mirror have the same metric. spm1d counts the positive tail only and
///    doubles p: with one permutation of each mirror pair, its exact two-tailed cluster p then
///    depends on the order of the curves (0.0022 or 0.026 for one data set and its rows
///    reversed); hipmech's does not, and differs from spm1d's there;
///  - the observed cluster's metric is measured as every permutation's is: over its nodes with
///    s·z > zstar (s = the cluster's sign), the unit-spacing trapezoid of s·z − zstar or the
///    number of nodes. So the observed labelling's own entry in the null distribution reaches
///    it. spm1d adds 0 at the interpolated crossings (and measures the extent between them), a
///    larger value than its own null entries, which biases its cluster p low (the statistician's
///    review: 0.0371 against 0.0449) — hipmech differs from spm1d there on purpose;
///  - cluster p, exact: #{metric ≥ observed}/n, n = the entries of the distribution (all
///    permutations, or one per mirror pair two-tailed); Monte Carlo: (#{metric ≥ observed} + 1)
///    / (n + 1) with n draws, the observed labelling counted (Phipson & Smyth 2010, Stat Appl
///    Genet Mol Biol 9:39; spm1d uses #/n). Metrics within 1e-12 (relative) of the observed
///    count as reaching it. Capped at α as spm1d reports it (a cluster exists only above zstar);
///  - nodes with z equal to zstar belong to the observed clusters (spm1d labels z ≥ zstar).
///
/// Exact enumeration when the permutations to enumerate (n_permutations_possible, halved
/// two-tailed for a mirrored design) are at most PermutationOptions::n_permutations (or
/// n_permutations = −1, "all", up to 10^7 possible); otherwise
/// seeded Monte Carlo: n_permutations draws with replacement from all permutations, uniformly,
/// with std::mt19937_64 seeded with `seed` (stats::BootstrapRng), the observed labelling not
/// added (as spm1d). Differences from spm1d: spm1d enumerates only with iterations = −1
/// (hipmech also when the count allows it); for a two-tailed regression or unbalanced
/// two-sample test spm1d's exact distribution holds the first half of its enumeration order,
/// which is not a mirror half — hipmech uses all permutations there.
#pragma once

#include <cstdint>
#include <string>

#include <Eigen/Core>

#include "hipmech/io/cancellation.hpp"
#include "hipmech/spm/field.hpp"
#include "hipmech/spm/inference.hpp"

namespace hipmech::spm {

/// The most permutations that exact enumeration ("all", n_permutations = −1) accepts.
inline constexpr std::int64_t kMaxExactPermutations = 10'000'000;
/// The most permutations PermutationOptions::n_permutations accepts (the two null
/// distributions take 16 bytes per permutation, the only memory that grows with them: 1.6 GB
/// at this cap).
inline constexpr std::int64_t kMaxPermutations = 100'000'000;
/// Permutations between two calls of PermutationOptions::check_cancelled: one block of the
/// computation (128 statistic fields, well under a millisecond for 40 curves of 101 nodes).
inline constexpr std::int64_t kCancelCheckPermutations = 128;

/// Options of permutation inference.
struct PermutationOptions {
  /// Monte Carlo draws, or the limit up to which all permutations are enumerated (exact mode
  /// when the permutations to enumerate — n_permutations_possible(f), halved two-tailed for
  /// sign flips and two samples of equal size — are at most n_permutations), at most 10^8
  /// (kMaxPermutations); −1 enumerates all (at most 10^7 possible).
  std::int64_t n_permutations = 10000;
  /// Seed of the Monte Carlo draws (std::mt19937_64); unused in exact mode.
  std::uint64_t seed = 0;
  /// "integral" (spm1d's default, MaxClusterIntegral) or "extent" (MaxClusterExtent).
  std::string cluster_metric = "integral";
  /// Monte Carlo draws even when all permutations would fit in n_permutations.
  bool force_monte_carlo = false;
  /// Cancellation hook (the CancelCheck of hipmech/io/cancellation.hpp). An empty hook (the
  /// default) is never called. Otherwise permutation_null and inference_permutation call it
  /// from the calling thread before every kCancelCheckPermutations permutations they visit (in
  /// each of the two passes over the permutations), never per permutation. To abandon the
  /// inference the hook throws; the exception leaves the function unchanged, nothing is leaked
  /// and no partial result is returned. A hook that returns lets the inference go on, and the
  /// result is the one without a hook. The Python bindings pass a hook that raises
  /// KeyboardInterrupt when Ctrl-C (SIGINT) arrived.
  io::CancelCheck check_cancelled;
};

/// The number of distinct permutations of the design (spm1d's nPermUnique), saturating at
/// INT64_MAX: 2^J sign flips (one-sample, paired); C(J_a + J_b, J_a) label sets (two-sample);
/// J! orderings (regression); J! / Π n_g! distinct label sequences (one-way ANOVA, groups of
/// equal size counted once per labelling, as spm1d counts them).
std::int64_t n_permutations_possible(const Field& f);

/// The permutation null distributions of a field at significance `alpha`.
struct PermutationNull {
  /// Largest z (one-tailed) or |z| (two-tailed) of each permutation (spm1d's PDF0), in the
  /// order of enumeration or of the draws.
  Eigen::VectorXd max_statistic;
  /// Largest positive-tail cluster metric of each permutation at `zstar` (spm1d's PDF1).
  Eigen::VectorXd max_cluster_metric;
  /// The 100(1 − α) percentile of max_statistic (linear interpolation).
  double zstar = 0.0;
  bool exact = false;           ///< all permutations (or one of each mirror pair) enumerated
  bool mirror_half = false;     ///< exact, two-tailed, one permutation of each mirror pair
  std::int64_t n_possible = 0;  ///< n_permutations_possible(f)
  /// The permutations an exact test enumerates: n_possible, or n_possible / 2 two-tailed for
  /// a mirrored design (sign flips; two samples of equal size).
  std::int64_t n_exact = 0;
  /// Permutations the distribution stands for: n_possible (exact) or the draws (Monte Carlo).
  std::int64_t n_represented = 0;
};

/// The permutation null distributions of `f` (any design of field.hpp) at `alpha`, for
/// `two_tailed` (t fields only) and the options (docs above). InvalidArgument naming the
/// argument: alpha outside (0, 1) or below 1 / (entries of the distribution: the possible
/// permutations in exact mode, half of them two-tailed with a mirror half; n_permutations in
/// Monte Carlo mode), two_tailed for an F field,
/// n_permutations 0, below −1 or above 10^8, −1 with more than 10^7 possible permutations or with
/// force_monte_carlo, an unknown cluster_metric, a field without its data (y, x, groups).
PermutationNull permutation_null(const Field& f, double alpha, bool two_tailed,
                                 const PermutationOptions& opt = {});

/// Permutation inference on `f` at `alpha`: zstar, the clusters (find_clusters, endpoints
/// interpolated) with their p values, h0reject when a cluster exists. Inference::
/// permutation_max holds the null distribution of the maximum, n_permutations its size,
/// exact / seed / cluster_metric the mode; p_set is NaN (spm1d has no set-level p value for
/// permutation inference). Cluster::integral holds the observed cluster's integral metric
/// (the rule above; it differs from the geometric area above zstar). Errors as
/// permutation_null.
Inference inference_permutation(const Field& f, double alpha = 0.05, bool two_tailed = true,
                                const PermutationOptions& opt = {});

}  // namespace hipmech::spm
