// Stats area: every ICC form with F-tests and exact/approximate CIs (hipmech::stats::icc) of an
// n targets × 4 raters table, and the estimate-only fast path (icc_value) used by the
// bootstrap. The target: all forms with CIs for 1,000 × 4 ratings in under 50 µs.
// Names start with BM_Stats so that --benchmark_filter=Stats selects the area.
#include <benchmark/benchmark.h>

#include <random>

#include "hipmech/stats/icc.hpp"

namespace {

namespace hs = hipmech::stats;

/// n subjects × k sessions: subject SD 15 N·m around 100 N·m, session offsets, error SD 5.
hs::RowMatrix ratings(Eigen::Index n, Eigen::Index k) {
  std::mt19937_64 rng(42);
  std::normal_distribution<double> z(0.0, 1.0);
  hs::RowMatrix x(n, k);
  Eigen::VectorXd offset(k);
  for (Eigen::Index j = 0; j < k; ++j) offset[j] = 3.0 * z(rng);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double subject = 100.0 + 15.0 * z(rng);
    for (Eigen::Index j = 0; j < k; ++j) x(i, j) = subject + offset[j] + 5.0 * z(rng);
  }
  return x;
}

void BM_StatsIccAllForms(benchmark::State& state) {
  const hs::RowMatrix x = ratings(state.range(0), 4);
  for (auto _ : state) {
    hs::IccResult r = hs::icc(x);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StatsIccAllForms)->Arg(30)->Arg(1000)->Arg(100000)->Unit(benchmark::kMicrosecond);

void BM_StatsIccValue(benchmark::State& state) {
  const hs::RowMatrix x = ratings(state.range(0), 4);
  for (auto _ : state) {
    double v = hs::icc_value(x, hs::IccForm::AgreementSingle);
    benchmark::DoNotOptimize(v);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StatsIccValue)->Arg(30)->Arg(1000)->Unit(benchmark::kMicrosecond);

}  // namespace
