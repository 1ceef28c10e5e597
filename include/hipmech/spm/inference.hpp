/// \file
/// Inference on a statistic field (docs/spm.md): the critical threshold zstar at α, whether
/// the null hypothesis is rejected (some node beyond zstar), the supra-threshold clusters with
/// their p values and the set-level p value. inference_rft uses 1-D random field theory
/// (hipmech/spm/rft.hpp); inference_permutation (hipmech/spm/permutation.hpp) the
/// non-parametric permutation distribution of the field's maximum (Nichols & Holmes 2002).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/spm/clusters.hpp"
#include "hipmech/spm/field.hpp"

namespace hipmech::spm {

/// How the threshold and the p values are found.
enum class Method {
  RFT,          ///< random field theory (parametric, smooth Gaussian residuals)
  Permutation,  ///< permutation of signs / labels / regressor (non-parametric)
};

/// The inferred result (spm1d's "SPMi" object).
struct Inference {
  Field field;
  Method method = Method::RFT;
  double alpha = 0.05;
  bool two_tailed = true;  ///< always false for F fields
  /// Critical threshold (unitless; two-tailed: clusters beyond ±zstar).
  double zstar = std::numeric_limits<double>::quiet_NaN();
  /// True when a node is beyond the threshold (a cluster exists).
  bool h0reject = false;
  /// Set-level p value (RFT): P(≥ c clusters of at least the smallest extent), 1 when there
  /// is no cluster (as spm1d reports it); NaN for permutation inference, which has none.
  double p_set = std::numeric_limits<double>::quiet_NaN();
  /// Supra-threshold clusters in order of position, each with its p value.
  std::vector<Cluster> clusters;
  // Permutation only:
  std::int64_t n_permutations = 0;  ///< entries of permutation_max
  bool exact = false;
  bool mirror_half = false;  ///< exact, two-tailed, one permutation of each mirror pair
  /// n_permutations_possible(field) (spm1d's nPermUnique), saturating at INT64_MAX.
  std::int64_t n_permutations_possible = 0;
  /// The permutations an exact test enumerates: n_permutations_possible, or half of it
  /// two-tailed for a mirrored design (sign flips; two samples of equal size).
  std::int64_t n_permutations_exact = 0;
  std::uint64_t seed = 0;
  std::string cluster_metric;       ///< "extent" or "integral"
  Eigen::VectorXd permutation_max;  ///< null distribution of the maximum statistic
};

/// RFT inference on `f` at significance `alpha` (0 < α < 1). `two_tailed` applies to t fields
/// only. Refused with InvalidArgument naming the argument: 'alpha' outside (0, 1) or so small
/// that the threshold is not finite in double precision (rft_threshold); 'two_tailed' true for
/// an F field; 'f' with fewer than 2 nodes or without smoothness (fwhm NaN or ≤ 0, as a Field
/// not made by ttest, ttest_paired, ttest2, regress or anova1 has). An infinite fwhm (residuals
/// without roughness) is accepted: 0 resels beyond the first, the single-node threshold.
Inference inference_rft(const Field& f, double alpha = 0.05, bool two_tailed = true);

}  // namespace hipmech::spm
