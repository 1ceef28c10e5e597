// Statistics area. Bootstrap: whole bootstrap confidence intervals (resampling, the statistic on
// every resample, the jackknife for BCa and the interval) of an ICC on 30 subjects × 3 raters
// and of a two-group mean difference (2 × 30 values). The benchmark argument is the number of
// resamples; items_per_second = resamples per second. The target: 10,000 resamples of
// an ICC on 30 × 3 ratings in under 50 ms single-threaded, percentile and BCa. Names start with
// BM_Bootstrap so that --benchmark_filter=Bootstrap selects them.
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "hipmech/stats/bootstrap.hpp"

namespace {

namespace hs = hipmech::stats;
using hs::RowMatrix;

void resample_range(benchmark::internal::Benchmark* b) {
  b->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
}

/// A deterministic table of n subjects × k raters: a subject's true score (spread 10 around
/// 50), a rater offset (±1.5) and measurement noise (SD ≈ 3), from trigonometric sequences so
/// that every platform benchmarks the same numbers.
RowMatrix ratings(Eigen::Index n, Eigen::Index k) {
  RowMatrix m(n, k);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double subject = 50.0 + 10.0 * std::sin(1.7 * static_cast<double>(i) + 0.3);
    for (Eigen::Index j = 0; j < k; ++j) {
      const double rater = 1.5 * std::cos(2.1 * static_cast<double>(j));
      const double noise = 3.0 * std::sin(12.9898 * static_cast<double>(i * k + j) + 78.233);
      m(i, j) = subject + rater + noise;
    }
  }
  return m;
}

RowMatrix group(Eigen::Index n, double mean, double phase) {
  RowMatrix m(n, 1);
  for (Eigen::Index i = 0; i < n; ++i) {
    m(i, 0) = mean + 5.0 * std::sin(3.7 * static_cast<double>(i) + phase);
  }
  return m;
}

void run(benchmark::State& state, const char* statistic, const std::vector<RowMatrix>& data,
         hs::BootstrapMethod method) {
  std::vector<hs::SampleRef> samples(data.begin(), data.end());
  hs::BootstrapOptions o;
  o.n_resamples = state.range(0);
  o.method = method;
  o.seed = 1;
  const hs::NamedStatistic stat = hs::parse_bootstrap_statistic(statistic);
  for (auto _ : state) {
    const hs::BootstrapResult r = hs::bootstrap_named(stat, samples, o);
    benchmark::DoNotOptimize(r.ci_low);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_Bootstrap_icc_30x3_percentile(benchmark::State& state) {
  run(state, "ICC(2,1)", {ratings(30, 3)}, hs::BootstrapMethod::Percentile);
}
BENCHMARK(BM_Bootstrap_icc_30x3_percentile)->Apply(resample_range);

void BM_Bootstrap_icc_30x3_bca(benchmark::State& state) {
  run(state, "ICC(2,1)", {ratings(30, 3)}, hs::BootstrapMethod::BCa);
}
BENCHMARK(BM_Bootstrap_icc_30x3_bca)->Apply(resample_range);

void BM_Bootstrap_mean_difference_2x30_percentile(benchmark::State& state) {
  run(state, "mean_difference", {group(30, 10.0, 0.0), group(30, 12.0, 1.0)},
      hs::BootstrapMethod::Percentile);
}
BENCHMARK(BM_Bootstrap_mean_difference_2x30_percentile)->Apply(resample_range);

void BM_Bootstrap_mean_difference_2x30_bca(benchmark::State& state) {
  run(state, "mean_difference", {group(30, 10.0, 0.0), group(30, 12.0, 1.0)},
      hs::BootstrapMethod::BCa);
}
BENCHMARK(BM_Bootstrap_mean_difference_2x30_bca)->Apply(resample_range);

/// The resample indices alone (30 + 30 rows): the cost of the random stream.
void BM_Bootstrap_indices_2x30(benchmark::State& state) {
  for (auto _ : state) {
    const auto idx = hs::bootstrap_indices({30, 30}, state.range(0), 1);
    benchmark::DoNotOptimize(idx[0].data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Bootstrap_indices_2x30)->Apply(resample_range);

}  // namespace
