// Core paths every area runs on each call: validating a trajectory, finding missing frames,
// re-expressing it in ISB axes, and handing a numpy-like buffer to a TrajectoryCRef.
#include <benchmark/benchmark.h>

#include <vector>

#include "hipmech/core.hpp"
#include "synthetic_trial.hpp"

namespace {

using hipmech::Trajectory;

void frame_range(benchmark::internal::Benchmark* b) {
  b->RangeMultiplier(100)->Range(1000, 1000000)->Unit(benchmark::kMicrosecond);
}

// Baseline: copying the input, the floor any whole-trial function is compared with.
void BM_copy_trajectory(benchmark::State& state) {
  const Trajectory p = hipmech::bench::walking_marker(state.range(0));
  for (auto _ : state) {
    Trajectory q = p;
    benchmark::DoNotOptimize(q.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * state.range(0) * 3 * 8);
}
BENCHMARK(BM_copy_trajectory)->Apply(frame_range);

void BM_check_values_allow_nan(benchmark::State& state) {
  const Trajectory p = hipmech::bench::walking_marker(state.range(0));
  for (auto _ : state) {
    hipmech::check_values(p, "points", hipmech::NanPolicy::Allow);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_check_values_allow_nan)->Apply(frame_range);

void BM_missing_frames(benchmark::State& state) {
  const Trajectory p = hipmech::bench::walking_marker(state.range(0));
  for (auto _ : state) {
    hipmech::FrameMask m = hipmech::missing_frames(p);
    benchmark::DoNotOptimize(m.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_missing_frames)->Apply(frame_range);

void BM_lab_to_isb(benchmark::State& state) {
  const Trajectory p = hipmech::bench::walking_marker(state.range(0));
  const hipmech::LabAxes lab("Z", "-X");
  for (auto _ : state) {
    Trajectory q = lab.to_isb(p);
    benchmark::DoNotOptimize(q.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_lab_to_isb)->Apply(frame_range);

// The zero-copy path from Python: a C-contiguous (n, 3) float64 buffer viewed by a Map and
// passed to a TrajectoryCRef is read in place ...
double sum_heights(const hipmech::TrajectoryCRef& points) {
  return points.col(2).sum();
}

void BM_ref_from_row_major_buffer(benchmark::State& state) {
  const Trajectory p = hipmech::bench::walking_marker(state.range(0));
  std::vector<double> buffer(p.data(), p.data() + p.size());
  for (auto _ : state) {
    const hipmech::TrajectoryMap view(buffer.data(), state.range(0), 3);
    benchmark::DoNotOptimize(sum_heights(view));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ref_from_row_major_buffer)->Apply(frame_range);

// ... while a column-major (Fortran-order) buffer forces Eigen::Ref to copy it into a row-major
// temporary first: the cost a non-contiguous numpy array would pay. The difference between the
// two benchmarks is the copy the zero-copy path saves.
void BM_ref_from_column_major_buffer(benchmark::State& state) {
  const Eigen::MatrixXd p = hipmech::bench::walking_marker(state.range(0));
  for (auto _ : state) {
    benchmark::DoNotOptimize(sum_heights(p));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ref_from_column_major_buffer)->Apply(frame_range);

}  // namespace
