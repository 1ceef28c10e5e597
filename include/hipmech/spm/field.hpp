/// \file
/// The statistic field of one-dimensional statistical parametric mapping (SPM1D; Pataky 2010
/// J Biomech 43:1976; Friston et al. 2007 "Statistical Parametric Mapping", ch. 8): a t or F
/// statistic at every node of a set of curves, with its degrees of freedom, the residuals and
/// the smoothness (FWHM) estimated from them (Kiebel et al. 1999 NeuroImage 10:756). This is
/// the "SPM" object of spm1d before inference (docs/spm.md).
///
/// Data layout: curves are rows. `y` is #curves J by #nodes Q; node q of a curve is at
/// 100·q/(Q−1) % of the cycle. Statistics are unitless; the FWHM is in nodes.
///
/// Bad input (InvalidArgument naming the argument): NaN or infinity (the message names the
/// curve and the node), fewer than 2 nodes, too few curves, mismatched shapes, and zero
/// variance of the residuals at a node (the message names the nodes).
#pragma once

#include <limits>
#include <string>

#include <Eigen/Core>

namespace hipmech::spm {

/// The experimental design of a test.
enum class Design {
  OneSample,   ///< ttest: mean of y against mu
  Paired,      ///< ttest_paired: one-sample test of the differences a − b
  TwoSample,   ///< ttest2: two independent groups, pooled variance (Student)
  Regression,  ///< regress: simple linear regression of each node on a scalar x
  Anova1,      ///< anova1: one-way ANOVA of k independent groups
  Anova1rm,    ///< anova1rm: one-way repeated-measures ANOVA (every subject at every level)
};

/// The statistic of a field.
enum class Statistic {
  T,  ///< Student's t, df = (1, v)
  F,  ///< Fisher's F, df = (k − 1, N − k)
};

/// The statistic field before inference (spm1d's "SPM" object).
struct Field {
  Design design = Design::OneSample;
  Statistic statistic = Statistic::T;
  /// spm1d's test name: "ttest", "ttest_paired", "ttest2", "regress", "anova1" or "anova1rm".
  std::string test;
  /// The statistic at each node (#nodes Q), unitless. t > 0 when the mean (one-sample: of y −
  /// mu; paired: of a − b; two-sample: of a minus that of b) is positive, or when the slope of
  /// the regression is positive.
  Eigen::VectorXd z;
  /// Degrees of freedom as spm1d's `df`: t fields (1, v), F fields (k − 1, N − k).
  double df1 = 1.0;
  double df2 = std::numeric_limits<double>::quiet_NaN();
  /// Residuals of the linear model, #curves J by #nodes Q (paired: of the differences).
  Eigen::MatrixXd residuals;
  /// Smoothness: full width at half maximum of the Gaussian kernel that would give the
  /// residuals' roughness, in nodes (estimate_fwhm).
  double fwhm = std::numeric_limits<double>::quiet_NaN();
  /// spm1d's resels tuple (resels0, resels1): the Euler characteristic of the domain (1 for
  /// one interval) and the number of resolution elements (Q − 1) / fwhm.
  double resels0 = 1.0;
  double resels1 = std::numeric_limits<double>::quiet_NaN();
  Eigen::Index n_curves = 0;  ///< J (paired: number of pairs)
  Eigen::Index n_nodes = 0;   ///< Q
  Eigen::VectorXd beta;       ///< regress: slope at each node [unit of y per unit of x]; else empty
  Eigen::VectorXd r;          ///< regress: Pearson correlation at each node; else empty
  // What permutation inference needs to recompute the statistic:
  /// The analysed data, #curves by #nodes (one-sample: y − mu; paired: a − b; else y).
  Eigen::MatrixXd y;
  Eigen::VectorXd x;       ///< regress: the regressor (#curves); else empty
  Eigen::VectorXi groups;  ///< ttest2: 0 (a) / 1 (b) per row of y; anova1(rm): 0..k−1; else empty
  Eigen::VectorXi subjects;  ///< anova1rm: subject 0..n−1 per row of y; else empty
};

/// One-sample t field of `y` (#curves J ≥ 2 by #nodes Q ≥ 2) against the null mean `mu` (same
/// unit as y): t = (ȳ − mu) / (s / √J), df = (1, J − 1). Unlike spm1d, no machine epsilon is
/// added to the variance (spm1d's t = c / √(s²/J + 2.2e-16)), so t does not depend on the unit;
/// the two differ by less than 1e-10 relative when s²/J > 1.1e-6 (docs/spm.md).
Field ttest(const Eigen::Ref<const Eigen::MatrixXd>& y, double mu = 0.0);

/// Paired t field: the one-sample field of the differences a − b (both #pairs J ≥ 2 by #nodes
/// Q, row i of a paired with row i of b). t > 0 where a is larger.
Field ttest_paired(const Eigen::Ref<const Eigen::MatrixXd>& a,
                   const Eigen::Ref<const Eigen::MatrixXd>& b);

/// Two-sample t field with pooled variance (Student; spm1d's ttest2 with equal_var=True):
/// t = (ā − b̄) / (s_p √(1/J_a + 1/J_b)), df = (1, J_a + J_b − 2). Each group ≥ 1 curve,
/// J_a + J_b ≥ 3, the same #nodes. t > 0 when mean(a) > mean(b).
Field ttest2(const Eigen::Ref<const Eigen::MatrixXd>& a,
             const Eigen::Ref<const Eigen::MatrixXd>& b);

/// Simple linear regression of each node of `y` (#curves J ≥ 3 by #nodes Q) on the scalar
/// regressor `x` (J values, not constant) with an intercept: t of the slope, df = (1, J − 2).
/// Field::beta holds the slopes and Field::r the correlation coefficients.
Field regress(const Eigen::Ref<const Eigen::MatrixXd>& y,
              const Eigen::Ref<const Eigen::VectorXd>& x);

/// One-way ANOVA F field (classical, equal variances; spm1d's anova1 with equal_var=True):
/// F = (SS_between / (k − 1)) / (SS_within / (N − k)), df = (k − 1, N − k). `groups` holds one
/// label per row of `y` (any integers; k ≥ 2 distinct labels, N > k). Field::groups holds the
/// labels renumbered 0..k−1 in increasing order of the given labels.
Field anova1(const Eigen::Ref<const Eigen::MatrixXd>& y,
             const Eigen::Ref<const Eigen::VectorXi>& groups);

/// One-way repeated-measures ANOVA F field (classical univariate RM ANOVA, sphericity assumed;
/// spm1d's anova1rm with equal_var=True; Winer et al. 1991 ch. 4, Howell 2010 ch. 18):
/// with k levels, n subjects and one curve per subject and level (N = k·n rows of `y`),
///   SS_A = n Σ_a (ȳ_a − ȳ)², SS_S = k Σ_s (ȳ_s − ȳ)², SS_error = SS_total − SS_A − SS_S,
///   F = (SS_A / (k − 1)) / (SS_error / ((k − 1)(n − 1))),  df = (k − 1, (k − 1)(n − 1)),
/// at each node. `groups` holds the level and `subjects` the subject of each row (any integers).
/// The design must be balanced: k ≥ 2 levels, n ≥ 2 subjects and every subject has exactly
/// one curve at every level; otherwise InvalidArgument naming `subjects` (a subject lacking a
/// level or repeating one) or `groups`. Field::groups and Field::subjects hold the labels
/// renumbered 0..k−1 and 0..n−1 in increasing order of the given labels.
/// The residuals (and so the FWHM) are those spm1d reports for this design: of the least
/// squares fit of each node on an intercept, the indicator of the lowest level label and the
/// indicator of the lowest subject label (found black-box; docs/spm.md "Repeated measures").
/// Permutation inference of this field is not implemented (inference_permutation refuses it).
Field anova1rm(const Eigen::Ref<const Eigen::MatrixXd>& y,
               const Eigen::Ref<const Eigen::VectorXi>& groups,
               const Eigen::Ref<const Eigen::VectorXi>& subjects);

/// FWHM [nodes] of a 1-D field from its residuals R (#curves J ≥ 2 by #nodes Q ≥ 2), Kiebel et
/// al. 1999 in one dimension, in the variant that reproduces spm1d (docs/spm.md, "Smoothness"):
/// roughness ρ_q = Σ_i (∂R_iq/∂q)² / Σ_i R_iq² with numpy.gradient's differences (central
/// inside, one-sided at the two ends), resels per node √(ρ_q / (4 ln 2)), FWHM = 1 / their
/// mean over the nodes. A node whose residuals are all zero is refused, naming the nodes.
double estimate_fwhm(const Eigen::Ref<const Eigen::MatrixXd>& residuals);

}  // namespace hipmech::spm
