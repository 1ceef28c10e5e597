// hipmech/spm/inference.hpp: RFT inference assembled from the pieces tested elsewhere, checked
// against their definitions (docs/spm.md): the threshold is rft_threshold of the field's df and
// resels; the clusters are find_clusters at that threshold with extent_resels = extent / FWHM
// and p from rft_p_cluster; p_set from rft_p_set with the smallest extent; a cluster that
// covers the whole field has its p at its lowest height (it never crosses the threshold).
// A synthetic paired data set with a known effect window finds that window. Bad input.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "helpers/thrown.hpp"
#include "hipmech/spm/inference.hpp"
#include "hipmech/spm/rft.hpp"

namespace sp = hipmech::spm;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

constexpr double kPi = 3.14159265358979323846;

/// J smooth random curves of Q nodes (sums of 6 random sinusoids of periods ≥ Q/3) plus
/// `effect` × a half-sine bump on nodes [lo, hi).
Eigen::MatrixXd curves(Eigen::Index J, Eigen::Index Q, double effect, Eigen::Index lo,
                       Eigen::Index hi, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> phase(0.0, 2.0 * kPi);
  Eigen::MatrixXd y = Eigen::MatrixXd::Zero(J, Q);
  for (Eigen::Index i = 0; i < J; ++i) {
    for (int h = 1; h <= 6; ++h) {
      const double a = normal(rng) / h, ph = phase(rng);
      for (Eigen::Index q = 0; q < Q; ++q) {
        y(i, q) += a * std::sin(kPi * h * static_cast<double>(q) / static_cast<double>(Q) + ph);
      }
    }
    for (Eigen::Index q = lo; q < hi; ++q) {
      y(i, q) +=
          effect * std::sin(kPi * static_cast<double>(q - lo) / static_cast<double>(hi - lo));
    }
  }
  return y;
}

}  // namespace

TEST_CASE("spm inference_rft follows its definition", "[spm]") {
  const Eigen::MatrixXd a = curves(20, 101, 1.5, 40, 70, 1);
  const Eigen::MatrixXd b = curves(20, 101, 0.0, 0, 0, 2);
  const sp::Field f = sp::ttest_paired(a, b);
  for (bool two_tailed : {true, false}) {
    const sp::Inference r = sp::inference_rft(f, 0.05, two_tailed);
    CHECK(r.method == sp::Method::RFT);
    CHECK(r.two_tailed == two_tailed);
    CHECK(r.zstar ==
          sp::rft_threshold(0.05, sp::Statistic::T, 1, 19, 1, f.resels1, two_tailed, 101));
    const auto expected = sp::find_clusters(f.z, r.zstar, two_tailed, true);
    REQUIRE(r.clusters.size() == expected.size());
    CHECK(r.h0reject == !expected.empty());
    double k_min = 1e300;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      const sp::Cluster& c = r.clusters[i];
      CHECK(c.start == expected[i].start);
      CHECK(c.end == expected[i].end);
      CHECK_THAT(c.extent_resels, WithinRel(c.extent / f.fwhm, 1e-15));
      CHECK(c.p == sp::rft_p_cluster(c.extent_resels, r.zstar, sp::Statistic::T, 1, 19, 1,
                                     f.resels1, two_tailed));
      k_min = std::min(k_min, c.extent_resels);
    }
    if (!expected.empty()) {
      CHECK(r.p_set == sp::rft_p_set(static_cast<int>(expected.size()), k_min, r.zstar,
                                     sp::Statistic::T, 1, 19, 1, f.resels1, two_tailed));
    } else {
      CHECK(r.p_set == 1.0);
    }
  }
}

TEST_CASE("spm inference_rft finds a known effect window", "[spm]") {
  // Effect 2 (in units of the curves' spread) on nodes 30–59 of 20 pairs: one cluster inside
  // the window, positive (a > b), p < 0.05.
  const Eigen::MatrixXd a = curves(20, 101, 2.0, 30, 60, 11);
  const Eigen::MatrixXd b = curves(20, 101, 0.0, 0, 0, 12);
  const sp::Inference r = sp::inference_rft(sp::ttest_paired(a, b), 0.05, true);
  REQUIRE(r.h0reject);
  REQUIRE(r.clusters.size() == 1);
  const sp::Cluster& c = r.clusters[0];
  CHECK(c.sign == 1);
  CHECK(c.start > 29.0);
  CHECK(c.end < 60.0);
  CHECK(c.p < 0.05);
  CHECK(r.p_set <= c.p + 1e-15);
  CHECK(c.peak_node >= 30);
  CHECK(c.peak_node < 60);
}

TEST_CASE("spm inference_rft: a cluster covering the whole field", "[spm]") {
  // A large constant shift: every node beyond zstar. The cluster p is taken at the field's
  // lowest value (the cluster never crosses the threshold), p_set at zstar.
  const Eigen::MatrixXd a = curves(12, 51, 0.0, 0, 0, 5).array() + 3.0;
  const sp::Field f = sp::ttest(a);
  const sp::Inference r = sp::inference_rft(f, 0.05, false);
  REQUIRE(r.clusters.size() == 1);
  const sp::Cluster& c = r.clusters[0];
  REQUIRE(c.start == 0.0);
  REQUIRE(c.end == 50.0);
  CHECK(c.p == sp::rft_p_cluster(c.extent_resels, f.z.minCoeff(), sp::Statistic::T, 1, 11, 1,
                                 f.resels1, false));
  CHECK(r.p_set ==
        sp::rft_p_set(1, c.extent_resels, r.zstar, sp::Statistic::T, 1, 11, 1, f.resels1, false));
}

TEST_CASE("spm inference_rft: F fields are one-tailed; alpha in (0, 1)", "[spm]") {
  using hipmech::test::thrown_argument;
  Eigen::MatrixXd y = curves(12, 41, 0.0, 0, 0, 7);
  Eigen::VectorXi g(12);
  for (int i = 0; i < 12; ++i) g(i) = i % 3;
  const sp::Field f = sp::anova1(y, g);
  CHECK(thrown_argument([&] { sp::inference_rft(f, 0.05, true); }) == "two_tailed");
  const sp::Inference r = sp::inference_rft(f, 0.05, false);
  CHECK_FALSE(r.two_tailed);
  CHECK(r.zstar > 0.0);
  for (const auto& c : r.clusters) CHECK(c.sign == 1);
  CHECK(thrown_argument([&] { sp::inference_rft(sp::ttest(y), 1.5); }) == "alpha");
  CHECK(thrown_argument([&] { sp::inference_rft(sp::Field{}, 0.05); }) == "f");
  // An alpha so small that the threshold overflows double is refused naming alpha.
  CHECK(thrown_argument([&] { sp::inference_rft(sp::ttest(y), 1e-300); }) == "alpha");
  // A field without smoothness (fwhm NaN, as a hand-made Field has) is refused naming f.
  sp::Field rough = sp::ttest(y);
  rough.fwhm = std::numeric_limits<double>::quiet_NaN();
  CHECK(thrown_argument([&] { sp::inference_rft(rough, 0.05); }) == "f");
}
