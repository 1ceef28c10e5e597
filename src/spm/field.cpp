// The compiled definitions of <hipmech/spm/field.hpp> (declared and documented there).
#include "hipmech/spm/field.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <Eigen/QR>

#include "hipmech/core/check.hpp"
#include "hipmech/core/error.hpp"

namespace hipmech::spm {

namespace {

/// Refuses NaN/inf naming the curve (row) and node (column), and fewer than 2 nodes.
void check_curves(const Eigen::Ref<const Eigen::MatrixXd>& y, const char* arg) {
  HIPMECH_CHECK_ARG(y.cols() >= 2, arg, "curves as rows with at least 2 nodes (columns)",
                    std::to_string(y.rows()) + " x " + std::to_string(y.cols()));
  if (y.allFinite()) return;
  for (Eigen::Index i = 0; i < y.rows(); ++i) {
    for (Eigen::Index q = 0; q < y.cols(); ++q) {
      const double v = y(i, q);
      if (!std::isfinite(v)) {
        detail::throw_invalid_argument(
            arg, "finite values (hipmech.spm refuses missing samples; drop the curve or fill it)",
            "curve " + std::to_string(i) + " has " +
                (std::isnan(v) ? "NaN" : detail::to_message(v)) + " at node " + std::to_string(q));
      }
    }
  }
}

/// "0–4, 7, 9–10" from sorted node indices.
std::string node_ranges(const std::vector<Eigen::Index>& nodes) {
  std::string out;
  for (std::size_t k = 0; k < nodes.size();) {
    std::size_t e = k;
    while (e + 1 < nodes.size() && nodes[e + 1] == nodes[e] + 1) ++e;
    if (!out.empty()) out += ", ";
    out += std::to_string(nodes[k]);
    if (e > k) out += "\u2013" + std::to_string(nodes[e]);
    k = e + 1;
  }
  return out;
}

/// Sum of squared residuals per node; refuses nodes whose residuals are zero (relative to the
/// data at that node), naming them.
Eigen::VectorXd residual_ss(const Eigen::MatrixXd& residuals, const Eigen::MatrixXd& data,
                            const char* arg) {
  const Eigen::VectorXd ss = residuals.colwise().squaredNorm().transpose();
  const Eigen::VectorXd raw = data.colwise().squaredNorm().transpose();
  std::vector<Eigen::Index> bad;
  for (Eigen::Index q = 0; q < ss.size(); ++q) {
    if (!(ss(q) > 1e-26 * raw(q)) || ss(q) == 0.0) bad.push_back(q);
  }
  if (!bad.empty()) {
    detail::throw_invalid_argument(arg, "curves that vary across curves at every node",
                                   "zero variance at nodes " + node_ranges(bad));
  }
  return ss;
}

void finish(Field& f) {
  f.n_nodes = f.z.size();
  f.fwhm = estimate_fwhm(f.residuals);
  f.resels0 = 1.0;
  f.resels1 = static_cast<double>(f.n_nodes - 1) / f.fwhm;
}

Field one_sample(Eigen::MatrixXd d, Design design, const char* test, const char* arg) {
  const Eigen::Index J = d.rows();
  Field f;
  f.design = design;
  f.statistic = Statistic::T;
  f.test = test;
  f.n_curves = J;
  const Eigen::RowVectorXd mean = d.colwise().mean();
  f.residuals = d.rowwise() - mean;
  const Eigen::VectorXd ss = residual_ss(f.residuals, d, arg);
  const double v = static_cast<double>(J - 1);
  const double sqrt_j = std::sqrt(static_cast<double>(J));
  f.z = (mean.transpose().array() / (ss.array() / v).sqrt() * sqrt_j).matrix();
  f.df1 = 1.0;
  f.df2 = v;
  f.y = std::move(d);
  finish(f);
  return f;
}

}  // namespace

Field ttest(const Eigen::Ref<const Eigen::MatrixXd>& y, double mu) {
  check_curves(y, "y");
  HIPMECH_CHECK_ARG(std::isfinite(mu), "mu", "a finite null mean", mu);
  HIPMECH_CHECK_ARG(y.rows() >= 2, "y", "at least 2 curves (rows)", y.rows());
  return one_sample(y.array() - mu, Design::OneSample, "ttest", "y");
}

Field ttest_paired(const Eigen::Ref<const Eigen::MatrixXd>& a,
                   const Eigen::Ref<const Eigen::MatrixXd>& b) {
  check_curves(a, "a");
  check_curves(b, "b");
  HIPMECH_CHECK_ARG(
      a.rows() == b.rows() && a.cols() == b.cols(), "b",
      "the shape of 'a' (" + std::to_string(a.rows()) + " x " + std::to_string(a.cols()) + ")",
      std::to_string(b.rows()) + " x " + std::to_string(b.cols()));
  HIPMECH_CHECK_ARG(a.rows() >= 2, "a", "at least 2 pairs of curves (rows)", a.rows());
  return one_sample(a - b, Design::Paired, "ttest_paired", "a - b");
}

Field ttest2(const Eigen::Ref<const Eigen::MatrixXd>& a,
             const Eigen::Ref<const Eigen::MatrixXd>& b) {
  check_curves(a, "a");
  check_curves(b, "b");
  HIPMECH_CHECK_ARG(a.cols() == b.cols(), "b",
                    std::to_string(a.cols()) + " nodes (columns, as 'a')", b.cols());
  HIPMECH_CHECK_ARG(a.rows() >= 1, "a", "at least 1 curve (row)", a.rows());
  HIPMECH_CHECK_ARG(b.rows() >= 1, "b", "at least 1 curve (row)", b.rows());
  HIPMECH_CHECK_ARG(a.rows() + b.rows() >= 3, "b",
                    "at least 3 curves in 'a' and 'b' together (df = J_a + J_b - 2 > 0)",
                    a.rows() + b.rows());
  const Eigen::Index Ja = a.rows(), Jb = b.rows(), Q = a.cols();
  Field f;
  f.design = Design::TwoSample;
  f.statistic = Statistic::T;
  f.test = "ttest2";
  f.n_curves = Ja + Jb;
  f.y.resize(Ja + Jb, Q);
  f.y.topRows(Ja) = a;
  f.y.bottomRows(Jb) = b;
  f.groups.resize(Ja + Jb);
  f.groups.head(Ja).setZero();
  f.groups.tail(Jb).setOnes();
  const Eigen::RowVectorXd ma = a.colwise().mean(), mb = b.colwise().mean();
  f.residuals.resize(Ja + Jb, Q);
  f.residuals.topRows(Ja) = a.rowwise() - ma;
  f.residuals.bottomRows(Jb) = b.rowwise() - mb;
  const Eigen::VectorXd ss = residual_ss(f.residuals, f.y, "a, b");
  const double v = static_cast<double>(Ja + Jb - 2);
  const double k = std::sqrt(1.0 / static_cast<double>(Ja) + 1.0 / static_cast<double>(Jb));
  f.z = ((ma - mb).transpose().array() / ((ss.array() / v).sqrt() * k)).matrix();
  f.df1 = 1.0;
  f.df2 = v;
  finish(f);
  return f;
}

Field regress(const Eigen::Ref<const Eigen::MatrixXd>& y,
              const Eigen::Ref<const Eigen::VectorXd>& x) {
  check_curves(y, "y");
  HIPMECH_CHECK_SIZE(x.size(), y.rows(), "x", "values (one per curve of 'y')");
  HIPMECH_CHECK_ARG(y.rows() >= 3, "y", "at least 3 curves (rows) for a regression", y.rows());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    HIPMECH_CHECK_ARG(std::isfinite(x(i)), "x", "finite values",
                      detail::to_message(x(i)) + " at curve " + std::to_string(i));
  }
  const Eigen::Index J = y.rows();
  const double xm = x.mean();
  const Eigen::VectorXd xc = x.array() - xm;
  const double sxx = xc.squaredNorm();
  HIPMECH_CHECK_ARG(sxx > 0.0 && sxx > 1e-26 * x.squaredNorm(), "x",
                    "a regressor that is not constant", "the same value for every curve");
  Field f;
  f.design = Design::Regression;
  f.statistic = Statistic::T;
  f.test = "regress";
  f.n_curves = J;
  const Eigen::RowVectorXd ym = y.colwise().mean();
  const Eigen::MatrixXd yc = y.rowwise() - ym;
  const Eigen::RowVectorXd sxy = xc.transpose() * yc;
  const Eigen::RowVectorXd beta = sxy / sxx;
  f.residuals = yc - xc * beta;
  const Eigen::VectorXd ss = residual_ss(f.residuals, yc, "y");
  const double v = static_cast<double>(J - 2);
  f.beta = beta.transpose();
  f.z = (beta.transpose().array() / (ss.array() / v / sxx).sqrt()).matrix();
  const Eigen::RowVectorXd syy = yc.colwise().squaredNorm();
  f.r = (sxy.array() / (syy.array() * sxx).sqrt()).transpose().matrix();
  f.df1 = 1.0;
  f.df2 = v;
  f.y = y;
  f.x = x;
  finish(f);
  return f;
}

Field anova1(const Eigen::Ref<const Eigen::MatrixXd>& y,
             const Eigen::Ref<const Eigen::VectorXi>& groups) {
  check_curves(y, "y");
  HIPMECH_CHECK_SIZE(groups.size(), y.rows(), "groups", "labels (one per curve of 'y')");
  std::map<int, int> index;
  for (Eigen::Index i = 0; i < groups.size(); ++i) index.emplace(groups(i), 0);
  int k = 0;
  for (auto& kv : index) kv.second = k++;
  const Eigen::Index N = y.rows(), Q = y.cols();
  HIPMECH_CHECK_ARG(k >= 2, "groups", "at least 2 distinct group labels", k);
  HIPMECH_CHECK_ARG(N > k, "y", "more curves than groups (N > k, df = N - k > 0)",
                    std::to_string(N) + " curves in " + std::to_string(k) + " groups");
  Field f;
  f.design = Design::Anova1;
  f.statistic = Statistic::F;
  f.test = "anova1";
  f.n_curves = N;
  f.groups.resize(N);
  for (Eigen::Index i = 0; i < N; ++i) f.groups(i) = index.at(groups(i));
  Eigen::MatrixXd means = Eigen::MatrixXd::Zero(k, Q);
  Eigen::VectorXd counts = Eigen::VectorXd::Zero(k);
  for (Eigen::Index i = 0; i < N; ++i) {
    means.row(f.groups(i)) += y.row(i);
    counts(f.groups(i)) += 1.0;
  }
  for (Eigen::Index g = 0; g < k; ++g) means.row(g) /= counts(g);
  const Eigen::RowVectorXd grand = y.colwise().mean();
  f.residuals.resize(N, Q);
  for (Eigen::Index i = 0; i < N; ++i) f.residuals.row(i) = y.row(i) - means.row(f.groups(i));
  const Eigen::MatrixXd yc = y.rowwise() - grand;
  const Eigen::VectorXd ssw = residual_ss(f.residuals, yc, "y");
  Eigen::VectorXd ssb = Eigen::VectorXd::Zero(Q);
  for (Eigen::Index g = 0; g < k; ++g) {
    ssb += counts(g) * (means.row(g) - grand).array().square().matrix().transpose();
  }
  f.df1 = static_cast<double>(k - 1);
  f.df2 = static_cast<double>(N - k);
  f.z = ((ssb.array() / f.df1) / (ssw.array() / f.df2)).matrix();
  f.y = y;
  finish(f);
  return f;
}

Field anova1rm(const Eigen::Ref<const Eigen::MatrixXd>& y,
               const Eigen::Ref<const Eigen::VectorXi>& groups,
               const Eigen::Ref<const Eigen::VectorXi>& subjects) {
  check_curves(y, "y");
  HIPMECH_CHECK_SIZE(groups.size(), y.rows(), "groups", "labels (one per curve of 'y')");
  HIPMECH_CHECK_SIZE(subjects.size(), y.rows(), "subjects", "labels (one per curve of 'y')");
  std::map<int, int> level_index, subject_index;
  for (Eigen::Index i = 0; i < groups.size(); ++i) level_index.emplace(groups(i), 0);
  for (Eigen::Index i = 0; i < subjects.size(); ++i) subject_index.emplace(subjects(i), 0);
  int k = 0, n = 0;
  for (auto& kv : level_index) kv.second = k++;
  for (auto& kv : subject_index) kv.second = n++;
  HIPMECH_CHECK_ARG(k >= 2, "groups", "at least 2 distinct levels (group labels)", k);
  HIPMECH_CHECK_ARG(n >= 2, "subjects", "at least 2 distinct subjects", n);
  const Eigen::Index N = y.rows(), Q = y.cols();
  Field f;
  f.design = Design::Anova1rm;
  f.statistic = Statistic::F;
  f.test = "anova1rm";
  f.n_curves = N;
  f.groups.resize(N);
  f.subjects.resize(N);
  // Balanced design: exactly one curve per subject and level.
  std::vector<Eigen::Index> cell(static_cast<std::size_t>(k) * static_cast<std::size_t>(n), -1);
  for (Eigen::Index i = 0; i < N; ++i) {
    const int a = level_index.at(groups(i)), s = subject_index.at(subjects(i));
    f.groups(i) = a;
    f.subjects(i) = s;
    Eigen::Index& c = cell[static_cast<std::size_t>(s) * static_cast<std::size_t>(k) +
                           static_cast<std::size_t>(a)];
    if (c >= 0) {
      detail::throw_invalid_argument(
          "subjects", "one curve per subject and level (a balanced repeated-measures design)",
          "subject " + std::to_string(subjects(i)) + " has curves " + std::to_string(c) + " and " +
              std::to_string(i) + " at level " + std::to_string(groups(i)));
    }
    c = i;
  }
  for (int s = 0; s < n; ++s) {
    for (int a = 0; a < k; ++a) {
      if (cell[static_cast<std::size_t>(s) * static_cast<std::size_t>(k) +
               static_cast<std::size_t>(a)] < 0) {
        int s_label = 0, a_label = 0;
        for (const auto& kv : subject_index) {
          if (kv.second == s) s_label = kv.first;
        }
        for (const auto& kv : level_index) {
          if (kv.second == a) a_label = kv.first;
        }
        detail::throw_invalid_argument(
            "subjects", "one curve per subject and level (a balanced repeated-measures design)",
            "subject " + std::to_string(s_label) + " has no curve at level " +
                std::to_string(a_label));
      }
    }
  }
  // Sums of squares (Winer et al. 1991; Howell 2010 ch. 18).
  Eigen::MatrixXd level_mean = Eigen::MatrixXd::Zero(k, Q);
  Eigen::MatrixXd subject_mean = Eigen::MatrixXd::Zero(n, Q);
  for (Eigen::Index i = 0; i < N; ++i) {
    level_mean.row(f.groups(i)) += y.row(i);
    subject_mean.row(f.subjects(i)) += y.row(i);
  }
  level_mean /= static_cast<double>(n);
  subject_mean /= static_cast<double>(k);
  const Eigen::RowVectorXd grand = y.colwise().mean();
  // The interaction (error) residuals y − ȳ_a − ȳ_s + ȳ: their sum of squares is SS_error.
  Eigen::MatrixXd interaction(N, Q);
  for (Eigen::Index i = 0; i < N; ++i) {
    interaction.row(i) =
        y.row(i) - level_mean.row(f.groups(i)) - subject_mean.row(f.subjects(i)) + grand;
  }
  const Eigen::MatrixXd yc = y.rowwise() - grand;
  const Eigen::VectorXd ss_error = residual_ss(interaction, yc, "y");
  const Eigen::VectorXd ss_a =
      static_cast<double>(n) * (level_mean.rowwise() - grand).colwise().squaredNorm().transpose();
  f.df1 = static_cast<double>(k - 1);
  f.df2 = static_cast<double>((k - 1) * (n - 1));
  f.z = ((ss_a.array() / f.df1) / (ss_error.array() / f.df2)).matrix();
  // spm1d's residuals of this design (black-box, docs/spm.md): the least squares fit on an
  // intercept, the lowest level's and the lowest subject's indicators.
  Eigen::MatrixXd x(N, 3);
  for (Eigen::Index i = 0; i < N; ++i) {
    x(i, 0) = 1.0;
    x(i, 1) = f.groups(i) == 0 ? 1.0 : 0.0;
    x(i, 2) = f.subjects(i) == 0 ? 1.0 : 0.0;
  }
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(x);
  f.residuals = y - x * qr.solve(Eigen::MatrixXd(y));
  f.y = y;
  finish(f);
  return f;
}

double estimate_fwhm(const Eigen::Ref<const Eigen::MatrixXd>& residuals) {
  check_curves(residuals, "residuals");
  HIPMECH_CHECK_ARG(residuals.rows() >= 2, "residuals", "at least 2 curves (rows)",
                    residuals.rows());
  const Eigen::Index J = residuals.rows(), Q = residuals.cols();
  // Kiebel et al. 1999, eq. 7-8 in 1-D: the roughness at node q is the sum over curves of the
  // squared gradient of the residuals along the nodes, over the residuals' sum of squares at q;
  // resels per node sqrt(roughness / (4 ln 2)); FWHM = 1 / their mean over the nodes. The
  // gradient is numpy.gradient's: central differences inside, one-sided at the two ends.
  const Eigen::RowVectorXd ss = residuals.colwise().squaredNorm();
  std::vector<Eigen::Index> bad;
  for (Eigen::Index q = 0; q < Q; ++q) {
    if (!(ss(q) > 0.0)) bad.push_back(q);
  }
  if (!bad.empty()) {
    detail::throw_invalid_argument("residuals", "residuals that vary at every node",
                                   "zero variance at nodes " + node_ranges(bad));
  }
  const double four_ln2 = 4.0 * std::log(2.0);
  double sum_rate = 0.0;
  for (Eigen::Index q = 0; q < Q; ++q) {
    double g2 = 0.0;
    for (Eigen::Index i = 0; i < J; ++i) {
      double d;
      if (q == 0) {
        d = residuals(i, 1) - residuals(i, 0);
      } else if (q == Q - 1) {
        d = residuals(i, Q - 1) - residuals(i, Q - 2);
      } else {
        d = 0.5 * (residuals(i, q + 1) - residuals(i, q - 1));
      }
      g2 += d * d;
    }
    sum_rate += std::sqrt(g2 / ss(q) / four_ln2);
  }
  const double mean_rate = sum_rate / static_cast<double>(Q);
  if (!(mean_rate > 0.0)) return std::numeric_limits<double>::infinity();
  return 1.0 / mean_rate;
}

}  // namespace hipmech::spm
