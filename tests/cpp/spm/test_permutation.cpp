// hipmech/spm/permutation.hpp against independent truths: tiny designs whose permutations are
// enumerated here by hand or by brute force from the textbook statistic (mean / (SD / √J),
// pooled-variance t, t of the OLS slope) — not from the library's algebraic shortcuts — the
// percentile of numpy's default (linear, Hyndman & Fan 1996 definition 7), the counting rules
// of Nichols & Holmes 2002 (the observed data's p value under a known ordering), the counts of
// distinct permutations (2^J, binomial, factorial, multinomial), seeded Monte Carlo
// reproducibility, and the Dvoretzky–Kiefer–Wolfowitz bound between the exact and the Monte
// Carlo distributions. spm1d's equality (exact mode) is checked in
// tests/python/test_spm_oracle.py; docs/spm.md ("Permutation inference") gives the rules.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "helpers/thrown.hpp"
#include "hipmech/spm/field.hpp"
#include "hipmech/spm/permutation.hpp"

namespace sp = hipmech::spm;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

constexpr double kPi = 3.14159265358979323846;

/// One-sample t of each column of `y` by the textbook two-pass formula.
Eigen::VectorXd t_one_sample(const Eigen::MatrixXd& y) {
  const auto J = static_cast<double>(y.rows());
  Eigen::VectorXd t(y.cols());
  for (Eigen::Index q = 0; q < y.cols(); ++q) {
    const double m = y.col(q).mean();
    const double var = (y.col(q).array() - m).square().sum() / (J - 1.0);
    t(q) = m / std::sqrt(var / J);
  }
  return t;
}

/// numpy.percentile(v, 100 (1 − alpha)), linear: v_lo + (index − lo)(v_hi − v_lo).
double percentile(std::vector<double> v, double alpha) {
  std::sort(v.begin(), v.end());
  const double index = (1.0 - alpha) * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(index));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (index - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

std::vector<double> sorted(const Eigen::VectorXd& v) {
  std::vector<double> s(v.data(), v.data() + v.size());
  std::sort(s.begin(), s.end());
  return s;
}

/// J smooth curves of Q nodes (random sinusoids of periods ≥ Q/3) plus `effect` × a half-sine
/// bump on nodes [lo, hi).
Eigen::MatrixXd curves(Eigen::Index J, Eigen::Index Q, double effect, Eigen::Index lo,
                       Eigen::Index hi, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> nd(0.0, 1.0);
  std::uniform_real_distribution<double> ud(0.0, 2.0 * kPi);
  Eigen::MatrixXd y = Eigen::MatrixXd::Zero(J, Q);
  for (Eigen::Index j = 0; j < J; ++j) {
    for (int k = 1; k <= 3; ++k) {
      const double a = nd(rng), ph = ud(rng);
      for (Eigen::Index q = 0; q < Q; ++q) {
        y(j, q) +=
            a * std::sin(2.0 * kPi * k * static_cast<double>(q) / static_cast<double>(Q - 1) + ph) /
            k;
      }
    }
    for (Eigen::Index q = lo; q < hi; ++q) {
      y(j, q) +=
          effect * std::sin(kPi * static_cast<double>(q - lo) / static_cast<double>(hi - lo));
    }
  }
  return y;
}

}  // namespace

TEST_CASE("permutation: three curves, the 8 sign flips enumerated by hand", "[spm][permutation]") {
  // Both nodes hold (1, 2, 3)·c, so every sign pattern gives the same t at both nodes:
  // +++ 2√3, ++− 0, +−+ 2/√19, −++ 4/√13 and the negatives (mean / (SD/√3) by hand:
  // e.g. (1, −2, 3): mean 2/3, variance 19/3, t = (2/3) / √(19/9) = 2/√19).
  Eigen::MatrixXd y(3, 2);
  y << 1.0, 0.5, 2.0, 1.0, 3.0, 1.5;
  const sp::Field f = sp::ttest(y);
  CHECK(sp::n_permutations_possible(f) == 8);
  const double a = 2.0 * std::sqrt(3.0), b = 4.0 / std::sqrt(13.0), c = 2.0 / std::sqrt(19.0);
  const std::vector<double> one_tailed = {-a, -b, -c, 0.0, 0.0, c, b, a};

  SECTION("one-tailed: the distribution, zstar and the observed cluster's p") {
    sp::PermutationOptions opt;
    opt.n_permutations = -1;
    const double alpha = 0.2;
    const sp::PermutationNull null = sp::permutation_null(f, alpha, false, opt);
    REQUIRE(null.exact);
    REQUIRE(null.max_statistic.size() == 8);
    const std::vector<double> got = sorted(null.max_statistic);
    for (std::size_t i = 0; i < 8; ++i) CHECK_THAT(got[i], WithinAbs(one_tailed[i], 1e-12));
    // Index 0.8·7 = 5.6 between c and b.
    const double zstar = c + 0.6 * (b - c);
    CHECK_THAT(null.zstar, WithinAbs(zstar, 1e-12));
    // Cluster metric (integral) per permutation: the whole field (2 nodes) above zstar only
    // for +++ and −++: trapezoid of (t − zstar, t − zstar) = t − zstar; the rest 0.
    const std::vector<double> m = sorted(null.max_cluster_metric);
    for (std::size_t i = 0; i < 6; ++i) CHECK(m[i] == 0.0);
    CHECK_THAT(m[6], WithinAbs(b - zstar, 1e-12));
    CHECK_THAT(m[7], WithinAbs(a - zstar, 1e-12));

    const sp::Inference r = sp::inference_permutation(f, alpha, false, opt);
    CHECK(r.method == sp::Method::Permutation);
    CHECK(r.exact);
    CHECK(r.n_permutations == 8);
    CHECK(r.h0reject);
    REQUIRE(r.clusters.size() == 1);
    CHECK(r.clusters[0].start == 0.0);
    CHECK(r.clusters[0].end == 1.0);
    CHECK_THAT(r.clusters[0].integral, WithinAbs(a - zstar, 1e-12));
    // The observed labelling is the largest of 8: p = 1/8.
    CHECK_THAT(r.clusters[0].p, WithinAbs(1.0 / 8.0, 1e-15));
    CHECK(std::isnan(r.p_set));
    // Extent metric: 2 nodes for +++ and −++, both reach the observed end − start = 1.
    opt.cluster_metric = "extent";
    const sp::Inference e = sp::inference_permutation(f, alpha, false, opt);
    REQUIRE(e.clusters.size() == 1);
    CHECK_THAT(e.clusters[0].p, WithinAbs(alpha, 1e-15));  // 2/8 capped at α (spm1d)
  }

  SECTION("two-tailed: one of each mirror pair, max |t|") {
    sp::PermutationOptions opt;
    opt.n_permutations = -1;
    const sp::PermutationNull null = sp::permutation_null(f, 0.25, true, opt);
    CHECK(null.mirror_half);
    REQUIRE(null.max_statistic.size() == 4);
    const std::vector<double> got = sorted(null.max_statistic);
    const std::vector<double> expected = {0.0, c, b, a};
    for (std::size_t i = 0; i < 4; ++i) CHECK_THAT(got[i], WithinAbs(expected[i], 1e-12));
    CHECK_THAT(null.zstar, WithinAbs(b + 0.25 * (a - b), 1e-12));  // index 0.75·3 = 2.25
    // Observed: the largest of the 4 (the mirror of +++ is −−−); p = 2·(1/4) capped at α.
    const sp::Inference r = sp::inference_permutation(f, 0.25, true, opt);
    REQUIRE(r.clusters.size() == 1);
    CHECK(r.clusters[0].sign == 1);
    CHECK_THAT(r.clusters[0].p, WithinAbs(0.25, 1e-15));
  }
}

TEST_CASE("permutation: brute force over every relabelling of small designs",
          "[spm][permutation]") {
  const Eigen::MatrixXd y = curves(8, 21, 1.2, 5, 15, 11);
  sp::PermutationOptions all;
  all.n_permutations = -1;

  SECTION("one-sample: 2^8 sign flips; two-tailed: every |t| maximum twice over 2^8") {
    const sp::Field f = sp::ttest(y);
    std::vector<double> max_t, max_abs;
    for (int code = 0; code < 256; ++code) {
      Eigen::MatrixXd s = y;
      for (int i = 0; i < 8; ++i) {
        if ((code >> i) & 1) s.row(i) *= -1.0;
      }
      const Eigen::VectorXd t = t_one_sample(s);
      max_t.push_back(t.maxCoeff());
      max_abs.push_back(t.cwiseAbs().maxCoeff());
    }
    const sp::PermutationNull one = sp::permutation_null(f, 0.05, false, all);
    const std::vector<double> got = sorted(one.max_statistic);
    std::sort(max_t.begin(), max_t.end());
    REQUIRE(got.size() == 256);
    for (std::size_t i = 0; i < 256; ++i) CHECK_THAT(got[i], WithinRel(max_t[i], 1e-12));
    CHECK_THAT(one.zstar, WithinRel(percentile(max_t, 0.05), 1e-12));

    const sp::PermutationNull two = sp::permutation_null(f, 0.05, true, all);
    std::sort(max_abs.begin(), max_abs.end());
    const std::vector<double> got2 = sorted(two.max_statistic);
    REQUIRE(got2.size() == 128);
    for (std::size_t i = 0; i < 128; ++i) CHECK_THAT(got2[i], WithinRel(max_abs[2 * i], 1e-12));
  }

  SECTION("two-sample 4 + 4: C(8, 4) = 70 label sets, pooled-variance t") {
    const sp::Field f = sp::ttest2(y.topRows(4), y.bottomRows(4));
    CHECK(sp::n_permutations_possible(f) == 70);
    std::vector<double> max_t;
    std::vector<int> pick = {0, 0, 0, 0, 1, 1, 1, 1};
    do {
      Eigen::MatrixXd a(4, y.cols()), b(4, y.cols());
      int ia = 0, ib = 0;
      for (int i = 0; i < 8; ++i) {
        if (pick[static_cast<std::size_t>(i)] == 0)
          a.row(ia++) = y.row(i);
        else
          b.row(ib++) = y.row(i);
      }
      Eigen::VectorXd t(y.cols());
      for (Eigen::Index q = 0; q < y.cols(); ++q) {
        const double ma = a.col(q).mean(), mb = b.col(q).mean();
        const double sp2 =
            ((a.col(q).array() - ma).square().sum() + (b.col(q).array() - mb).square().sum()) / 6.0;
        t(q) = (ma - mb) / std::sqrt(sp2 * 0.5);
      }
      max_t.push_back(t.maxCoeff());
    } while (std::next_permutation(pick.begin(), pick.end()));
    const sp::PermutationNull null = sp::permutation_null(f, 0.05, false, all);
    const std::vector<double> got = sorted(null.max_statistic);
    std::sort(max_t.begin(), max_t.end());
    REQUIRE(got.size() == 70);
    for (std::size_t i = 0; i < 70; ++i) CHECK_THAT(got[i], WithinRel(max_t[i], 1e-12));
    // Two-tailed, balanced: one of each mirror pair (35).
    CHECK(sp::permutation_null(f, 0.05, true, all).max_statistic.size() == 35);
  }

  SECTION("regression on 5 curves: 5! = 120 orderings, t of the OLS slope") {
    const Eigen::MatrixXd y5 = y.topRows(5);
    Eigen::VectorXd x(5);
    x << 0.3, -1.2, 2.0, 0.7, -0.4;
    const sp::Field f = sp::regress(y5, x);
    CHECK(sp::n_permutations_possible(f) == 120);
    std::vector<int> perm = {0, 1, 2, 3, 4};
    std::vector<double> max_t;
    do {
      Eigen::VectorXd xp(5);
      for (int i = 0; i < 5; ++i) xp(i) = x(perm[static_cast<std::size_t>(i)]);
      const double xm = xp.mean();
      const double sxx = (xp.array() - xm).square().sum();
      Eigen::VectorXd t(y5.cols());
      for (Eigen::Index q = 0; q < y5.cols(); ++q) {
        const double ym = y5.col(q).mean();
        const double slope = ((xp.array() - xm) * (y5.col(q).array() - ym)).sum() / sxx;
        const double icpt = ym - slope * xm;
        const double sse = (y5.col(q).array() - icpt - slope * xp.array()).square().sum();
        t(q) = slope / std::sqrt(sse / 3.0 / sxx);
      }
      max_t.push_back(t.maxCoeff());
    } while (std::next_permutation(perm.begin(), perm.end()));
    const sp::PermutationNull null = sp::permutation_null(f, 0.05, false, all);
    const std::vector<double> got = sorted(null.max_statistic);
    std::sort(max_t.begin(), max_t.end());
    REQUIRE(got.size() == 120);
    for (std::size_t i = 0; i < 120; ++i) CHECK_THAT(got[i], WithinRel(max_t[i], 1e-10));
    // Not symmetric: two-tailed uses all 120.
    CHECK(sp::permutation_null(f, 0.05, true, all).max_statistic.size() == 120);
  }

  SECTION("one-way ANOVA 3 + 3 + 2: 8!/(3! 3! 2!) = 560 distinct label sequences") {
    Eigen::VectorXi g(8);
    g << 0, 1, 2, 0, 1, 2, 0, 1;
    const sp::Field f = sp::anova1(y, g);
    CHECK(sp::n_permutations_possible(f) == 560);
    const sp::PermutationNull null = sp::permutation_null(f, 0.05, false, all);
    CHECK(null.max_statistic.size() == 560);
    // The observed labelling is one of them: its maximum F is in the distribution.
    const double observed = f.z.maxCoeff();
    const auto hits = (null.max_statistic.array() - observed).abs() < 1e-9 * observed;
    CHECK(hits.count() >= 1);
  }
}

TEST_CASE("permutation: counts of distinct permutations", "[spm][permutation]") {
  const Eigen::MatrixXd y = curves(10, 11, 0.0, 0, 1, 3);
  CHECK(sp::n_permutations_possible(sp::ttest(y)) == 1024);
  CHECK(sp::n_permutations_possible(sp::ttest_paired(y, 0.5 * y)) == 1024);
  CHECK(sp::n_permutations_possible(sp::ttest2(y.topRows(5), y.bottomRows(5))) == 252);
  CHECK(sp::n_permutations_possible(sp::ttest2(y.topRows(4), y.bottomRows(6))) == 210);
  Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(6, 0.0, 5.0);
  CHECK(sp::n_permutations_possible(sp::regress(y.topRows(6), x)) == 720);
  Eigen::VectorXi g(9);
  g << 0, 0, 0, 1, 1, 1, 2, 2, 2;
  CHECK(sp::n_permutations_possible(sp::anova1(y.topRows(9), g)) == 1680);
  // Saturation: 2^70 and 25! do not fit in int64.
  const Eigen::MatrixXd big = curves(70, 5, 0.0, 0, 1, 4);
  CHECK(sp::n_permutations_possible(sp::ttest(big)) == INT64_MAX);
  CHECK(sp::n_permutations_possible(
            sp::regress(big.topRows(25), Eigen::VectorXd::LinSpaced(25, 0.0, 1.0))) == INT64_MAX);
  // C(60, 30) = 118264581564861424 fits.
  CHECK(sp::n_permutations_possible(sp::ttest2(big.topRows(30), big.middleRows(30, 30))) ==
        118264581564861424LL);
}

TEST_CASE("permutation: seeded Monte Carlo", "[spm][permutation]") {
  const Eigen::MatrixXd a = curves(14, 41, 1.0, 10, 25, 21);
  const Eigen::MatrixXd b = curves(14, 41, 0.0, 0, 1, 22);
  const sp::Field f = sp::ttest_paired(a, b);  // 2^14 = 16384 possible
  sp::PermutationOptions opt;
  opt.n_permutations = 2000;
  opt.seed = 7;
  const sp::Inference r1 = sp::inference_permutation(f, 0.05, true, opt);
  const sp::Inference r2 = sp::inference_permutation(f, 0.05, true, opt);
  CHECK_FALSE(r1.exact);
  CHECK(r1.n_permutations == 2000);
  CHECK(r1.seed == 7);
  CHECK(r1.permutation_max == r2.permutation_max);
  CHECK(r1.zstar == r2.zstar);
  opt.seed = 8;
  const sp::Inference r3 = sp::inference_permutation(f, 0.05, true, opt);
  CHECK(r3.permutation_max != r1.permutation_max);
  // The p floor in Monte Carlo mode: 1 / (draws + 1) (a cluster beyond every draw, the observed
  // labelling counted: Phipson & Smyth 2010; both tails are in the two-tailed metric, so the
  // p value is not doubled).
  for (const sp::Cluster& c : r1.clusters) CHECK(c.p >= 1.0 / 2001.0);
  // Enough draws for all 16384: exact, unless Monte Carlo is forced.
  opt.n_permutations = 20000;
  CHECK(sp::inference_permutation(f, 0.05, true, opt).exact);
  opt.force_monte_carlo = true;
  const sp::Inference mc = sp::inference_permutation(f, 0.05, true, opt);
  CHECK_FALSE(mc.exact);
  CHECK(mc.n_permutations == 20000);
}

TEST_CASE("permutation: exact and Monte Carlo distributions agree (DKW bound)",
          "[spm][permutation]") {
  // Paired, 12 pairs: 4096 sign flips. 20,000 uniform draws estimate the exact distribution
  // of the maximum; the Dvoretzky–Kiefer–Wolfowitz inequality (Massart 1990) bounds the
  // largest CDF difference by sqrt(ln(2/δ) / (2n)) = 0.0190 with probability 1 − δ, δ = 1e-6.
  const Eigen::MatrixXd a = curves(12, 31, 0.6, 5, 20, 31);
  const Eigen::MatrixXd b = curves(12, 31, 0.0, 0, 1, 32);
  const sp::Field f = sp::ttest_paired(a, b);
  sp::PermutationOptions opt;
  opt.n_permutations = -1;
  const sp::PermutationNull exact = sp::permutation_null(f, 0.05, false, opt);
  REQUIRE(exact.max_statistic.size() == 4096);
  opt.n_permutations = 20000;
  opt.force_monte_carlo = true;
  opt.seed = 123;
  const sp::PermutationNull mc = sp::permutation_null(f, 0.05, false, opt);
  const std::vector<double> e = sorted(exact.max_statistic), m = sorted(mc.max_statistic);
  double d = 0.0;
  for (double v : e) {
    const double fe = static_cast<double>(std::upper_bound(e.begin(), e.end(), v) - e.begin()) /
                      static_cast<double>(e.size());
    const double fm = static_cast<double>(std::upper_bound(m.begin(), m.end(), v) - m.begin()) /
                      static_cast<double>(m.size());
    d = std::max(d, std::abs(fe - fm));
  }
  const double bound = std::sqrt(std::log(2.0 / 1e-6) / (2.0 * 20000.0));
  CHECK(d < bound);
  // The thresholds: within the quantiles of the exact distribution at 0.95 ± bound.
  CHECK(mc.zstar >= percentile(e, 0.05 + bound));
  CHECK(mc.zstar <= percentile(e, 0.05 - bound));
}

TEST_CASE("permutation: a known effect window is found", "[spm][permutation]") {
  const Eigen::MatrixXd a = curves(12, 101, 2.5, 40, 70, 41);
  const Eigen::MatrixXd b = curves(12, 101, 0.0, 0, 1, 42);
  const sp::Inference r = sp::inference_permutation(sp::ttest_paired(a, b), 0.05, true);
  CHECK(r.exact);  // 4096 ≤ 10000
  CHECK(r.n_permutations == 2048);
  CHECK(r.h0reject);
  bool inside = false;
  for (const sp::Cluster& c : r.clusters) {
    if (c.start >= 38.0 && c.end <= 72.0 && c.sign == 1 && c.p <= 0.05) inside = true;
  }
  CHECK(inside);
}

TEST_CASE("permutation: bad input names the argument", "[spm][permutation]") {
  using hipmech::test::thrown_argument;
  const Eigen::MatrixXd y = curves(8, 11, 0.0, 0, 1, 5);
  const sp::Field f = sp::ttest(y);
  sp::PermutationOptions opt;
  CHECK(thrown_argument([&] { sp::inference_permutation(f, 0.0, true, opt); }) == "alpha");
  CHECK(thrown_argument([&] { sp::inference_permutation(f, 1.0, true, opt); }) == "alpha");
  // 2^8 = 256 permutations cannot give α = 0.001 (spm1d refuses α < 1/256 too).
  CHECK(thrown_argument([&] { sp::inference_permutation(f, 0.001, false, opt); }) == "alpha");
  opt.n_permutations = 0;
  CHECK(thrown_argument([&] { sp::inference_permutation(f, 0.05, true, opt); }) ==
        "n_permutations");
  opt.n_permutations = -2;
  CHECK(thrown_argument([&] { sp::inference_permutation(f, 0.05, true, opt); }) ==
        "n_permutations");
  opt.n_permutations = 100'000'001;
  CHECK(thrown_argument([&] { sp::inference_permutation(f, 0.05, true, opt); }) ==
        "n_permutations");
  opt.n_permutations = -1;
  opt.force_monte_carlo = true;
  CHECK(thrown_argument([&] { sp::inference_permutation(f, 0.05, true, opt); }) ==
        "n_permutations");
  opt = {};
  opt.n_permutations = -1;  // 2^30 > 10^7
  CHECK(thrown_argument([&] {
          sp::inference_permutation(sp::ttest(curves(30, 11, 0.0, 0, 1, 6)), 0.05, true, opt);
        }) == "n_permutations");
  opt = {};
  opt.cluster_metric = "height";
  CHECK(thrown_argument([&] { sp::inference_permutation(f, 0.05, true, opt); }) ==
        "cluster_metric");
  Eigen::VectorXi g(8);
  g << 0, 0, 0, 1, 1, 1, 2, 2;
  const sp::Field fa = sp::anova1(y, g);
  CHECK(thrown_argument([&] { sp::inference_permutation(fa, 0.05, true); }) == "two_tailed");
  CHECK(thrown_argument([&] { sp::inference_permutation(fa, 0.05, false); }).empty());
  sp::Field empty;
  CHECK(thrown_argument([&] { sp::inference_permutation(empty, 0.05, true); }) == "f");
}
