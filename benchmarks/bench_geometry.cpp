// Geometry over whole trials: compose/decompose, relative rotations, JCS angles, segment frames.
// The target: pelvis angles plus both hip JCS angles over 10^6 frames at >= 2 million
// frames/s single-threaded, i.e. BM_decompose_zxy + 2 x BM_jcs_angles under 0.5 s at 10^6
// (BM_pelvis_and_two_hips measures exactly that).
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

#include "hipmech/geometry.hpp"
#include "synthetic_trial.hpp"

namespace {

using hipmech::Trajectory;
using namespace hipmech::geometry;

void frame_range(benchmark::internal::Benchmark* b) {
  b->RangeMultiplier(1000)->Range(1000, 1000000)->Unit(benchmark::kMillisecond);
}

/// Gait-like angles (a few tens of degrees, oscillating) at 100 Hz, 1 % missing frames.
Trajectory gait_angles(Eigen::Index n, double phase) {
  Trajectory a(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    const double t = static_cast<double>(f) / 100.0;
    a.row(f) << 0.6 * std::sin(6.0 * t + phase), 0.15 * std::sin(6.0 * t + 1.0 + phase),
        0.2 * std::cos(6.0 * t + phase);
    if (f % 100 == 57) a.row(f).setConstant(std::nan(""));
  }
  return a;
}

void BM_compose_zxy(benchmark::State& state) {
  const Trajectory a = gait_angles(state.range(0), 0.0);
  for (auto _ : state) {
    Rotations R = compose(a, CardanSequence::ZXY);
    benchmark::DoNotOptimize(R.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_compose_zxy)->Apply(frame_range);

void BM_decompose_zxy(benchmark::State& state) {
  const Rotations R = compose(gait_angles(state.range(0), 0.0), CardanSequence::ZXY);
  for (auto _ : state) {
    Trajectory a = decompose(R, CardanSequence::ZXY);
    benchmark::DoNotOptimize(a.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_decompose_zxy)->Apply(frame_range);

void BM_decompose_zxz(benchmark::State& state) {
  const Rotations R = compose(gait_angles(state.range(0), 0.0), CardanSequence::ZXZ);
  for (auto _ : state) {
    Trajectory a = decompose(R, CardanSequence::ZXZ);
    benchmark::DoNotOptimize(a.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_decompose_zxz)->Apply(frame_range);

void BM_relative_rotations(benchmark::State& state) {
  const Rotations P = compose(gait_angles(state.range(0), 0.0), CardanSequence::ZXY);
  const Rotations D = compose(gait_angles(state.range(0), 0.7), CardanSequence::ZXY);
  for (auto _ : state) {
    Rotations R = relative_rotations(P, D);
    benchmark::DoNotOptimize(R.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_relative_rotations)->Apply(frame_range);

void BM_jcs_angles(benchmark::State& state) {
  const Rotations P = compose(gait_angles(state.range(0), 0.0), CardanSequence::ZXY);
  const Rotations D = compose(gait_angles(state.range(0), 0.7), CardanSequence::ZXY);
  for (auto _ : state) {
    Trajectory a = jcs_angles(P, D);
    benchmark::DoNotOptimize(a.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_jcs_angles)->Apply(frame_range);

// The target: pelvis angles (decompose) plus left and right hip JCS angles.
void BM_pelvis_and_two_hips(benchmark::State& state) {
  const Rotations pelvis = compose(gait_angles(state.range(0), 0.0), CardanSequence::ZXY);
  const Rotations left = compose(gait_angles(state.range(0), 0.7), CardanSequence::ZXY);
  const Rotations right = compose(gait_angles(state.range(0), 3.8), CardanSequence::ZXY);
  for (auto _ : state) {
    Trajectory a = decompose(pelvis, CardanSequence::ZXY);
    Trajectory l = jcs_angles(pelvis, left);
    Trajectory r = jcs_angles(pelvis, right);
    benchmark::DoNotOptimize(a.data());
    benchmark::DoNotOptimize(l.data());
    benchmark::DoNotOptimize(r.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_pelvis_and_two_hips)->Apply(frame_range);

void BM_frames_from_vectors(benchmark::State& state) {
  const Eigen::Index n = state.range(0);
  const Trajectory o = hipmech::bench::walking_marker(n);
  Trajectory up = Trajectory::Zero(n, 3), fwd = Trajectory::Zero(n, 3);
  up.col(2).setConstant(1.0);
  up.col(0) = 0.1 * o.col(1);
  fwd.col(0).setConstant(1.0);
  fwd.col(1) = 0.1 * o.col(2);
  for (auto _ : state) {
    SegmentFrames fr = frames_from_vectors(o, up, Axis::Y, fwd, Axis::X);
    benchmark::DoNotOptimize(fr.R_lab_segment.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_frames_from_vectors)->Apply(frame_range);

}  // namespace
