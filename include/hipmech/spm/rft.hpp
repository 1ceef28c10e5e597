/// \file
/// One-dimensional random field theory (docs/spm.md, "Random field theory"): the expected
/// Euler characteristic of the excursion set of a smooth t or F field on an interval (Worsley
/// et al. 1996 Hum Brain Mapp 4:58, Table 2 EC densities; Adler & Taylor 2007, Theorem 12.4.2),
/// which approximates the survival function of the field's maximum; the critical threshold at
/// α; and the cluster-level and set-level p values of supra-threshold clusters (Friston et al.
/// 1994 Hum Brain Mapp 1:210, the Gaussian extent law that spm1d uses also for t and F fields,
/// not Cao 1999's t-field law; Friston et al. 1996 NeuroImage 4:223; Pataky 2016 J Stat Softw
/// 71(7)). Every choice where the papers allow variants reproduces spm1d (docs/spm.md).
///
/// The search space is spm1d's resels tuple (resels0, resels1): resels0 = 1 (Euler
/// characteristic of one interval), resels1 = (Q − 1) / FWHM (FWHM in nodes). Thresholds are
/// values of the statistic (unitless); extents are in resels.
#pragma once

#include <Eigen/Core>

#include "hipmech/spm/field.hpp"

namespace hipmech::spm {

/// The d-dimensional EC density ρ_d(u) of a unit-smoothness (per resel) t field with `df2`
/// degrees of freedom (Statistic::T) or F field with (df1, df2) (Statistic::F), d = 0 or 1.
/// ρ_0 is the survival function of the statistic; ρ_1 is per resel (FWHM units; the factor
/// √(4 ln 2) of Worsley 1996 is included). NaN for a NaN u; another d is refused
/// (InvalidArgument naming 'd').
double rft_ec_density(int d, double u, Statistic s, double df1, double df2);

/// P(max z > u) ≈ 1 − exp(−E[EC](u)), E[EC](u) = resels0 ρ_0(u) + resels1 ρ_1(u): the
/// expected Euler characteristic of the excursion set, taken as the mean of a Poisson number
/// of upcrossings (Friston et al. 1994; Worsley et al. 1996). One tail; without the 0-D and
/// Bonferroni bounds of rft_threshold.
double rft_sf_max(double u, Statistic s, double df1, double df2, double resels0, double resels1);

/// The critical threshold zstar of a field of `n_nodes` nodes: u_rft with P(max z > u) =
/// 1 − exp(−E[EC](u)) = a (Poisson clumping; Friston et al. 1994), a = α (t one-tailed, F) or
/// α/2 (t two-tailed), then bounded as spm1d does: zstar = min(max(u_rft, u_0D), u_Bonf), where
/// u_0D is the threshold of one node at a and u_Bonf that of one node at a / n_nodes
/// (Bonferroni; matters for rough fields, FWHM of a few nodes). Solved with Boost's TOMS 748
/// (Alefeld, Potra & Shi 1995) to ~1e-13 relative. `two_tailed` must be false for F.
/// InvalidArgument naming 'alpha' when α is outside (0, 1) or so small that the threshold is
/// beyond the range of double (about 1e-300: the quantiles overflow), rather than an infinite
/// zstar.
double rft_threshold(double alpha, Statistic s, double df1, double df2, double resels0,
                     double resels1, bool two_tailed, Eigen::Index n_nodes);

/// Cluster-level p value: the probability of a cluster of at least `extent_resels` (resels)
/// above the threshold `u` anywhere in the field (Friston et al. 1994): E_c = E[EC](u) clusters
/// expected, E_k = ρ_0(u) / ρ_1(u) resels per cluster, β = (Γ(3/2) / E_k)², P(k ≥ K) =
/// exp(−β K²), p = 1 − exp(−E_c P(k ≥ K)). Two-tailed t: 2p, at most 1 (as spm1d).
double rft_p_cluster(double extent_resels, double u, Statistic s, double df1, double df2,
                     double resels0, double resels1, bool two_tailed);

/// Set-level p value: the probability of `c` or more clusters, each of at least
/// `k_min_resels` resels (the smallest observed), above the threshold `u` (Friston et al. 1996
/// NeuroImage 4:223): P(N ≥ c), N ~ Poisson(E_c P(k ≥ k_min)), with E_c and P(k ≥ K) of
/// rft_p_cluster. c = 0 gives 1. Two-tailed t: doubled, at most 1 (as spm1d).
double rft_p_set(int c, double k_min_resels, double u, Statistic s, double df1, double df2,
                 double resels0, double resels1, bool two_tailed);

}  // namespace hipmech::spm
