// Signal processing on channels: zero-lag Butterworth (butter + filtfilt) of 100 channels by
// N samples, the acceptance case of the signal issue (10,000 samples must be at least 2x faster
// than scipy.signal.filtfilt(axis=0) on the same (10000, 100) C-order array; compare with
// benchmarks/python/compare_filtfilt.py), plus derivatives, gap filling and residual analysis.
#include <benchmark/benchmark.h>

#include <cmath>
#include <limits>

#include "hipmech/signal.hpp"

namespace {

hipmech::Channels channels(Eigen::Index n, Eigen::Index k) {
  hipmech::Channels x(n, k);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index c = 0; c < k; ++c) {
      x(i, c) = std::sin(0.01 * static_cast<double>(i) * static_cast<double>(c + 1)) +
                0.01 * std::sin(1.3 * static_cast<double>(i * (c + 3)));
    }
  }
  return x;
}

void sample_range(benchmark::internal::Benchmark* b) {
  b->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
}

void BM_lowpass_100_channels(benchmark::State& state) {
  const hipmech::Channels x = channels(state.range(0), 100);
  hipmech::signal::ZeroLagOptions o;
  o.order = 2;
  for (auto _ : state) {
    auto r = hipmech::signal::zero_lag_butterworth(x, 100.0, 6.0, o);
    benchmark::DoNotOptimize(r.values.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0) * 100);
}
BENCHMARK(BM_lowpass_100_channels)->Apply(sample_range);

// The same channels in column-major storage (Fortran order: a pandas DataFrame's values from
// Python), read in place through strides; the floor is BM_lowpass_100_channels.
void BM_lowpass_100_channels_column_major(benchmark::State& state) {
  const Eigen::MatrixXd x = channels(state.range(0), 100);
  const Eigen::Map<const hipmech::Channels, 0, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>> view(
      x.data(), x.rows(), x.cols(), Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(1, x.rows()));
  hipmech::signal::ZeroLagOptions o;
  o.order = 2;
  for (auto _ : state) {
    auto r = hipmech::signal::zero_lag_butterworth(view, 100.0, 6.0, o);
    benchmark::DoNotOptimize(r.values.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0) * 100);
}
BENCHMARK(BM_lowpass_100_channels_column_major)->Apply(sample_range);

void BM_lowpass_order4_100_channels(benchmark::State& state) {
  const hipmech::Channels x = channels(state.range(0), 100);
  hipmech::signal::ZeroLagOptions o;
  o.order = 4;
  for (auto _ : state) {
    auto r = hipmech::signal::zero_lag_butterworth(x, 100.0, 6.0, o);
    benchmark::DoNotOptimize(r.values.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0) * 100);
}
BENCHMARK(BM_lowpass_order4_100_channels)->Apply(sample_range);

void BM_lowpass_trajectory(benchmark::State& state) {
  const hipmech::Trajectory x = channels(state.range(0), 3);
  for (auto _ : state) {
    hipmech::Trajectory y = hipmech::signal::lowpass(x, 100.0, 6.0);
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_lowpass_trajectory)->Apply(sample_range);

void BM_derivative_100_channels(benchmark::State& state) {
  const hipmech::Channels x = channels(state.range(0), 100);
  for (auto _ : state) {
    hipmech::Channels d = hipmech::signal::central_difference(x, 100.0, 2);
    benchmark::DoNotOptimize(d.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0) * 100);
}
BENCHMARK(BM_derivative_100_channels)->Apply(sample_range);

void BM_fill_gaps_cubic_trajectory(benchmark::State& state) {
  hipmech::Trajectory x = channels(state.range(0), 3);
  for (Eigen::Index i = 10; i + 5 < x.rows(); i += 50) {
    x.middleRows(i, 5).setConstant(std::numeric_limits<double>::quiet_NaN());
  }
  for (auto _ : state) {
    auto r = hipmech::signal::fill_gaps(x, hipmech::signal::FillMethod::Cubic, 10);
    benchmark::DoNotOptimize(r.values.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_fill_gaps_cubic_trajectory)->Apply(sample_range);

void BM_residual_analysis_trajectory(benchmark::State& state) {
  const hipmech::Trajectory x = channels(state.range(0), 3);
  for (auto _ : state) {
    auto r = hipmech::signal::residual_analysis(x, 100.0);
    benchmark::DoNotOptimize(r.intercept.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_residual_analysis_trajectory)->Apply(sample_range);

}  // namespace
