// One-dimensional SPM (hipmech/spm). BM_SpmRftPaired20x101: a whole paired RFT analysis of 20
// pairs of curves × 101 nodes (a gait cycle in 1 % steps): the paired t field, the FWHM from
// the residuals, the critical threshold (TOMS 748 root of the expected Euler characteristic),
// the clusters and their p values. The target: ≥ 20× faster than spm1d in one process
// (spm1d timed in benchmarks/python, not here). Names start with BM_Spm so that
// --benchmark_filter=Spm selects them. New SPM benchmarks are appended below.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>

#include "hipmech/spm.hpp"

namespace {

/// A deterministic set of J smooth curves × Q nodes (sums of sinusoids with trigonometric
/// pseudo-random amplitudes and phases) plus `effect` × a half-sine bump on nodes 40–69, so
/// that every platform benchmarks the same numbers and the field has a cluster.
Eigen::MatrixXd spm_curves(Eigen::Index J, Eigen::Index Q, double effect, double salt) {
  constexpr double kPi = 3.14159265358979323846;
  Eigen::MatrixXd y = Eigen::MatrixXd::Zero(J, Q);
  for (Eigen::Index i = 0; i < J; ++i) {
    for (int h = 1; h <= 6; ++h) {
      const double s = static_cast<double>(i * 7 + h) + salt;
      const double a = std::sin(12.9898 * s + 78.233) / h;
      const double phase = 2.0 * kPi * std::fabs(std::cos(4.1414 * s));
      for (Eigen::Index q = 0; q < Q; ++q) {
        y(i, q) += a * std::sin(kPi * h * static_cast<double>(q) / static_cast<double>(Q) + phase);
      }
    }
    for (Eigen::Index q = 40; q < 70 && q < Q; ++q) {
      y(i, q) += effect * std::sin(kPi * static_cast<double>(q - 40) / 30.0);
    }
  }
  return y;
}

void BM_SpmRftPaired20x101(benchmark::State& state) {
  const Eigen::MatrixXd a = spm_curves(20, 101, 0.8, 0.0);
  const Eigen::MatrixXd b = spm_curves(20, 101, 0.0, 0.5);
  std::size_t clusters = 0;
  for (auto _ : state) {
    const hipmech::spm::Inference r =
        hipmech::spm::inference_rft(hipmech::spm::ttest_paired(a, b), 0.05, true);
    clusters += r.clusters.size();
    benchmark::DoNotOptimize(r.zstar);
  }
  state.counters["clusters"] =
      static_cast<double>(clusters) / static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SpmRftPaired20x101)->Unit(benchmark::kMicrosecond);

}  // namespace

// BM_SpmPermutationPaired20x101_10k: permutation inference of the same 20 paired curves ×
// 101 nodes with 10,000 seeded Monte Carlo sign flips (2^20 possible), two-tailed: the null
// distribution of max |t|, the threshold, the clusters and their p values (integral metric).
// The target: under 100 ms on one thread. items_per_second = permutations per second.
#include "hipmech/spm/permutation.hpp"

namespace {

void BM_SpmPermutationPaired20x101_10k(benchmark::State& state) {
  const Eigen::MatrixXd a = spm_curves(20, 101, 0.8, 0.0);
  const Eigen::MatrixXd b = spm_curves(20, 101, 0.0, 0.5);
  const hipmech::spm::Field f = hipmech::spm::ttest_paired(a, b);
  hipmech::spm::PermutationOptions opt;
  opt.n_permutations = 10000;
  opt.seed = 1;
  std::size_t clusters = 0;
  for (auto _ : state) {
    const hipmech::spm::Inference r = hipmech::spm::inference_permutation(f, 0.05, true, opt);
    clusters += r.clusters.size();
    benchmark::DoNotOptimize(r.zstar);
  }
  state.counters["clusters"] =
      static_cast<double>(clusters) / static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations() * opt.n_permutations);
}
BENCHMARK(BM_SpmPermutationPaired20x101_10k)->Unit(benchmark::kMillisecond);

}  // namespace
