/// \file
/// One-dimensional random field theory (docs/spm.md, "Random field theory"): the expected
/// Euler characteristic of the excursion set of a smooth t or F field on an interval (Worsley
/// et al. 1996 Hum Brain Mapp 4:58, Table 2 EC densities; Adler & Taylor 2007, Theorem 12.4.2),
/// which approximates the survival function of the field's maximum; the critical threshold at
/// α; and the cluster-level and set-level p values of supra-threshold clusters (Friston et al.
/// 1994 Hum Brain Mapp 1:210; Cao 1999 Adv Appl Prob 31:579; Pataky 2016 J Stat Softw 71(7)).
///
/// The search space is spm1d's resels tuple (resels0, resels1): resels0 = 1 (Euler
/// characteristic of one interval), resels1 = (Q − 1) / FWHM (FWHM in nodes). Thresholds are
/// values of the statistic (unitless); extents are in resels.
#pragma once

#include "hipmech/spm/field.hpp"

namespace hipmech::spm {

/// The d-dimensional EC density ρ_d(u) of a unit-smoothness (per resel) t field with `df2`
/// degrees of freedom (Statistic::T) or F field with (df1, df2) (Statistic::F), d = 0 or 1.
/// ρ_0 is the survival function of the statistic; ρ_1 is per resel (FWHM units; the factor
/// √(4 ln 2) of Worsley 1996 is included).
double rft_ec_density(int d, double u, Statistic s, double df1, double df2);

/// P(max z > u) ≈ E[EC] = resels0 ρ_0(u) + resels1 ρ_1(u), clipped to [0, 1] as spm1d does
/// (one tail; a two-tailed t test uses 2 × this at |u|).
double rft_sf_max(double u, Statistic s, double df1, double df2, double resels0, double resels1);

/// The critical threshold zstar with P(max z > zstar) = α (t, one-tailed), α/2 (t, two-tailed)
/// or α (F; `two_tailed` must be false). Solved with Boost's TOMS 748 to 1e-12 relative.
/// docs/spm.md says whether a Bonferroni floor is applied (as spm1d does).
double rft_threshold(double alpha, Statistic s, double df1, double df2, double resels0,
                     double resels1, bool two_tailed);

/// Cluster-level p value: the probability of a cluster of at least `extent_resels` (resels)
/// above the threshold `u` anywhere in the field (Friston 1994 / Cao 1999 extent distribution,
/// as in spm1d). Two-tailed t: doubled (docs/spm.md), at most 1.
double rft_p_cluster(double extent_resels, double u, Statistic s, double df1, double df2,
                     double resels0, double resels1, bool two_tailed);

/// Set-level p value: the probability of `c` or more clusters, each of at least
/// `k_min_resels` resels, above the threshold `u` (Friston et al. 1996 NeuroImage 4:223; the
/// Poisson clumping heuristic). Two-tailed t: as spm1d (docs/spm.md).
double rft_p_set(int c, double k_min_resels, double u, Statistic s, double df1, double df2,
                 double resels0, double resels1, bool two_tailed);

}  // namespace hipmech::spm
