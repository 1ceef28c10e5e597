/// \file
/// Supra-threshold clusters of a 1-D statistic field (docs/spm.md, "Clusters"): the runs of
/// nodes where z exceeds the critical threshold zstar (two-tailed also where z < −zstar), with
/// endpoints linearly interpolated to the threshold crossing as spm1d reports them (Pataky
/// 2016 J Stat Softw 71(7), "RFT1D", cluster extents). Positions are in nodes (0..Q−1,
/// fractional where interpolated); extents are in nodes.
#pragma once

#include <limits>
#include <vector>

#include <Eigen/Core>

namespace hipmech::spm {

/// One supra-threshold cluster.
struct Cluster {
  /// First and last position of the cluster [nodes], fractional where interpolated to the
  /// threshold crossing; a cluster touching the domain's boundary starts/ends at 0 / Q − 1.
  double start = std::numeric_limits<double>::quiet_NaN();
  double end = std::numeric_limits<double>::quiet_NaN();
  /// Length of the cluster [nodes], as spm1d reports it (docs/spm.md gives the rule).
  double extent = std::numeric_limits<double>::quiet_NaN();
  /// extent / fwhm [resels] (RFT inference; NaN until inference sets it).
  double extent_resels = std::numeric_limits<double>::quiet_NaN();
  /// Area between |z| and zstar from start to end [statistic × nodes], trapezoids through the
  /// interpolated crossings (find_clusters, RFT inference). inference_permutation replaces it
  /// with the permutation "integral" metric of the cluster (unit-spacing trapezoid over its
  /// nodes beyond zstar, hipmech/spm/permutation.hpp), as its null distribution measures it.
  double integral = std::numeric_limits<double>::quiet_NaN();
  /// z at the node of largest |z| in the cluster, and that node.
  double peak = std::numeric_limits<double>::quiet_NaN();
  Eigen::Index peak_node = -1;
  /// +1 for a cluster above zstar, −1 for one below −zstar (two-tailed t only).
  int sign = +1;
  /// Cluster-level p value (NaN until inference sets it).
  double p = std::numeric_limits<double>::quiet_NaN();
};

/// The supra-threshold clusters of `z` (#nodes Q ≥ 2) at the finite threshold `zstar`, in order
/// of position (two-tailed: clusters of either sign, still ordered by start). Two-tailed,
/// zstar ≥ 0 is required (below 0 a node would be beyond both +zstar and −zstar and belong to
/// two clusters; InvalidArgument naming 'zstar'); one-tailed, any finite zstar (a one-tailed
/// t threshold is below 0 for α > 0.5). With `interp`, the
/// endpoints of a cluster are moved to the linear-interpolated crossing of ±zstar between the
/// last node below and the first node above; without, they are the first and last supra-
/// threshold nodes. NaN in z is refused (InvalidArgument naming 'z').
std::vector<Cluster> find_clusters(const Eigen::Ref<const Eigen::VectorXd>& z, double zstar,
                                   bool two_tailed, bool interp = true);

}  // namespace hipmech::spm
