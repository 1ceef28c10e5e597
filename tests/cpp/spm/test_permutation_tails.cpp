// Two-tailed permutation cluster p values (hipmech/spm/permutation.hpp, docs/spm.md
// "Permutation inference"): the null distribution of the largest cluster metric counts both
// tails (Nichols & Holmes 2002, the two-sided test on the maximum over both tails), so the
// cluster p of an exact test equals the one of a brute-force enumeration of every sign flip
// (all 2^J, not one per mirror pair) and does not depend on the order of the curves. spm1d
// counts the positive tail only and doubles p, which with its mirror half makes the p value
// depend on which curve comes first (the review's data set: 0.0022 or 0.026 with the rows
// reversed); hipmech differs from spm1d there on purpose.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "hipmech/spm/field.hpp"
#include "hipmech/spm/permutation.hpp"

namespace sp = hipmech::spm;
using Catch::Matchers::WithinAbs;

namespace {

constexpr double kPi = 3.14159265358979323846;

/// Largest extent (number of nodes) of a run with |t| > u, by the definition, over both tails.
double max_extent_both_tails(const Eigen::VectorXd& t, double u) {
  double best = 0.0;
  for (const double s : {1.0, -1.0}) {
    double run = 0.0;
    for (Eigen::Index q = 0; q < t.size(); ++q) {
      run = s * t(q) > u ? run + 1.0 : 0.0;
      best = std::max(best, run);
    }
  }
  return best;
}

/// Textbook one-sample t of each column (mean / (SD / √J)).
Eigen::VectorXd t_columns(const Eigen::MatrixXd& y) {
  const auto J = static_cast<double>(y.rows());
  Eigen::VectorXd t(y.cols());
  for (Eigen::Index q = 0; q < y.cols(); ++q) {
    const double m = y.col(q).mean();
    const double var = (y.col(q).array() - m).square().sum() / (J - 1.0);
    t(q) = m / std::sqrt(var / J);
  }
  return t;
}

/// 9 paired differences over 41 nodes: smooth, with a negative bump on nodes 12-24 so that
/// the observed field has a cluster below −zstar (the tail spm1d does not count).
Eigen::MatrixXd differences() {
  Eigen::MatrixXd d(9, 41);
  for (Eigen::Index i = 0; i < d.rows(); ++i) {
    const double ph = 0.7 * static_cast<double>(i * i % 7),
                 amp = 0.4 + 0.1 * static_cast<double>(i % 4);
    for (Eigen::Index q = 0; q < d.cols(); ++q) {
      const double x = static_cast<double>(q) / 40.0;
      const double bump =
          (q >= 12 && q <= 24) ? -0.9 * std::sin(kPi * static_cast<double>(q - 12) / 12.0) : 0.0;
      d(i, q) = amp * std::sin(2.0 * kPi * x + ph) +
                0.3 * std::cos(3.0 * kPi * x * (1.0 + 0.1 * static_cast<double>(i))) + bump;
    }
  }
  return d;
}

}  // namespace

TEST_CASE("permutation: two-tailed exact cluster p counts both tails (brute force over 2^J)",
          "[spm][permutation]") {
  const Eigen::MatrixXd d = differences();
  const sp::Field f = sp::ttest(d);
  sp::PermutationOptions opt;
  opt.n_permutations = -1;
  opt.cluster_metric = "extent";
  const sp::Inference r = sp::inference_permutation(f, 0.05, true, opt);
  REQUIRE(r.exact);
  REQUIRE_FALSE(r.clusters.empty());

  // Brute force: every one of the 2^9 sign flips, the textbook t, max |t| and the largest
  // two-tailed run; zstar as numpy's linear percentile of the 256 maxima with the first curve's
  // sign kept (one per mirror pair, as spm1d's exact two-tailed threshold; the 512 hold each
  // value twice, whose interpolated percentile differs slightly).
  const Eigen::Index J = d.rows();
  std::vector<double> max_abs;
  std::vector<Eigen::VectorXd> fields;
  for (unsigned m = 0; m < (1u << J); ++m) {
    Eigen::MatrixXd y = d;
    for (Eigen::Index i = 0; i < J; ++i) {
      if ((m >> i) & 1u) y.row(i) *= -1.0;
    }
    fields.push_back(t_columns(y));
    if ((m & 1u) == 0u) max_abs.push_back(fields.back().cwiseAbs().maxCoeff());
  }
  std::vector<double> s = max_abs;
  std::sort(s.begin(), s.end());
  const double index = 0.95 * static_cast<double>(s.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(index));
  const double zstar = s[lo] + (index - static_cast<double>(lo)) * (s[lo + 1] - s[lo]);
  CHECK_THAT(r.zstar, WithinAbs(zstar, 1e-12));

  for (const sp::Cluster& c : r.clusters) {
    // The observed cluster measured as every permutation is: its nodes beyond zstar (fields[0]
    // is the observed labelling, no sign flipped).
    double observed = 0.0;
    for (auto q = static_cast<Eigen::Index>(std::ceil(c.start));
         q <= static_cast<Eigen::Index>(std::floor(c.end)); ++q) {
      if (c.sign * fields[0](q) > zstar) observed += 1.0;
    }
    std::size_t reached = 0;
    for (const Eigen::VectorXd& t : fields) {
      if (max_extent_both_tails(t, zstar) >= observed - 1e-12) ++reached;
    }
    const double p = std::min(0.05, std::max(static_cast<double>(reached), 2.0) / 512.0);
    CHECK_THAT(c.p, WithinAbs(p, 1e-12));
  }
}

TEST_CASE("permutation: two-tailed exact cluster p does not depend on the order of the curves",
          "[spm][permutation]") {
  const Eigen::MatrixXd d = differences();
  const Eigen::MatrixXd reversed = d.colwise().reverse();
  for (const char* metric : {"integral", "extent"}) {
    sp::PermutationOptions opt;
    opt.n_permutations = -1;
    opt.cluster_metric = metric;
    const sp::Inference r1 = sp::inference_permutation(sp::ttest(d), 0.05, true, opt);
    const sp::Inference r2 = sp::inference_permutation(sp::ttest(reversed), 0.05, true, opt);
    REQUIRE(r1.clusters.size() == r2.clusters.size());
    CHECK_THAT(r1.zstar, WithinAbs(r2.zstar, 1e-12));
    for (std::size_t i = 0; i < r1.clusters.size(); ++i) {
      CHECK_THAT(r1.clusters[i].p, WithinAbs(r2.clusters[i].p, 1e-12));
    }
  }
}
