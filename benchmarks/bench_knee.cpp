// Knee area: the FPPA from 2-D keypoints over whole trials (target: >= 20 M frames/s and within
// 3x of copying its input at 10^6 frames; BM_Knee_copy_fppa_input is that copy), the FPPA from
// 3-D points, 3-D knee angles and the split of a depth signal into repetitions.
// Names start with BM_Knee so that --benchmark_filter=Knee selects the area.
#include <benchmark/benchmark.h>

#include <cmath>
#include <limits>

#include <Eigen/Geometry>

#include "hipmech/knee.hpp"

namespace {

using hipmech::Points2;
using hipmech::Series;
using hipmech::Side;
using hipmech::Trajectory;
using hipmech::geometry::Matrix3r;
using hipmech::geometry::Rotations;

constexpr double kPi = 3.14159265358979323846;

void frame_range(benchmark::internal::Benchmark* b) {
  b->Arg(1000)->Arg(1000000)->Unit(benchmark::kMicrosecond);
}

/// Knee flexion of single-leg squats at 60 Hz: 2 s squats to 70 deg with 1 s pauses [rad].
double flexion_at(Eigen::Index f) {
  const double t = std::fmod(static_cast<double>(f) / 60.0, 3.0);
  return t < 2.0 ? 70.0 * kPi / 180.0 * (1.0 - std::cos(kPi * t)) / 2.0 : 0.0;
}

/// 5-frame gaps every 500 frames: 1 % missing, as occlusions give.
template <typename M>
void punch_gaps(M& m) {
  for (Eigen::Index i = 250; i + 5 <= m.rows(); i += 500) {
    m.middleRows(i, 5).setConstant(std::numeric_limits<double>::quiet_NaN());
  }
}

/// Right hip, knee and ankle keypoints of the squats filmed from the front [px, y down]: the
/// knee drifts medially by up to 40 px at depth.
struct Keypoints {
  Points2 hip, knee, ankle;
  explicit Keypoints(Eigen::Index n) : hip(n, 2), knee(n, 2), ankle(n, 2) {
    for (Eigen::Index f = 0; f < n; ++f) {
      const double q = flexion_at(f);
      const double drop = 180.0 * (1.0 - std::cos(q));
      hip.row(f) << 600.0, 300.0 + drop;
      knee.row(f) << 600.0 + 40.0 * std::sin(q), 500.0 + 0.5 * drop;
      ankle.row(f) << 605.0, 700.0;
    }
    punch_gaps(hip);
  }
};

/// The same squats in a Vicon lab (Z up, X forward) [m], with the thigh and shank leaning
/// forward and backward and a medial knee drift.
struct LabPoints {
  Trajectory hip, knee, ankle;
  explicit LabPoints(Eigen::Index n) : hip(n, 3), knee(n, 3), ankle(n, 3) {
    for (Eigen::Index f = 0; f < n; ++f) {
      const double q = flexion_at(f);
      ankle.row(f) << 0.10, -0.12, 0.08;
      knee.row(f) = ankle.row(f) + 0.42 * Eigen::RowVector3d(std::sin(q / 2), 0.03 * std::sin(q), std::cos(q / 2));
      hip.row(f) = knee.row(f) + 0.43 * Eigen::RowVector3d(-std::sin(q / 2), -0.05, std::cos(q / 2));
    }
    punch_gaps(knee);
  }
};

void BM_Knee_fppa_2d(benchmark::State& state) {
  const Keypoints k(state.range(0));
  for (auto _ : state) {
    hipmech::knee::FppaResult r = hipmech::knee::fppa_2d(k.hip, k.knee, k.ankle, Side::Right);
    benchmark::DoNotOptimize(r.fppa_rad.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Knee_fppa_2d)->Apply(frame_range);

/// The floor for BM_Knee_fppa_2d: copying its input, three #frames by 2 arrays, into arrays
/// allocated once (the memory traffic of reading the input and writing as much).
void BM_Knee_copy_fppa_input(benchmark::State& state) {
  const Keypoints k(state.range(0));
  Points2 hip = k.hip, knee = k.knee, ankle = k.ankle;
  for (auto _ : state) {
    hip = k.hip;
    knee = k.knee;
    ankle = k.ankle;
    benchmark::DoNotOptimize(hip.data());
    benchmark::DoNotOptimize(knee.data());
    benchmark::DoNotOptimize(ankle.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Knee_copy_fppa_input)->Apply(frame_range);

/// The same copy into new arrays on every call, as BM_copy_trajectory does. At 10^6 frames the
/// three 16 MB arrays freed at the top of the heap exceed glibc's trim threshold, so every call
/// maps fresh pages and this times page faults more than copying: read BM_Knee_fppa_2d against
/// BM_Knee_copy_fppa_input.
void BM_Knee_copy_fppa_input_new_arrays(benchmark::State& state) {
  const Keypoints k(state.range(0));
  for (auto _ : state) {
    Points2 hip = k.hip, knee = k.knee, ankle = k.ankle;
    benchmark::DoNotOptimize(hip.data());
    benchmark::DoNotOptimize(knee.data());
    benchmark::DoNotOptimize(ankle.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Knee_copy_fppa_input_new_arrays)->Apply(frame_range);

/// fppa_3d onto the frontal plane of the lab (one rotation for the trial).
void BM_Knee_fppa_3d_lab(benchmark::State& state) {
  const LabPoints p(state.range(0));
  const hipmech::LabAxes lab;
  for (auto _ : state) {
    hipmech::knee::FppaResult r = hipmech::knee::fppa_3d(p.hip, p.knee, p.ankle, Side::Right, lab);
    benchmark::DoNotOptimize(r.fppa_rad.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Knee_fppa_3d_lab)->Apply(frame_range);

/// fppa_3d onto the frontal plane of a moving pelvis (one rotation per frame).
void BM_Knee_fppa_3d_pelvis(benchmark::State& state) {
  const Eigen::Index n = state.range(0);
  const LabPoints p(n);
  Rotations R(n, 9);
  for (Eigen::Index f = 0; f < n; ++f) {
    const double yaw = 0.1 * std::sin(static_cast<double>(f) / 30.0);
    Eigen::Matrix3d R_lab_isb;  // columns: the ISB axes in Vicon lab coordinates: X, Z, -Y
    R_lab_isb << 1, 0, 0, 0, 0, -1, 0, 1, 0;
    Eigen::Map<Matrix3r>(R.row(f).data()) =
        R_lab_isb * Eigen::AngleAxisd(yaw, Eigen::Vector3d::UnitY()).toRotationMatrix();
  }
  for (auto _ : state) {
    hipmech::knee::FppaResult r = hipmech::knee::fppa_3d(p.hip, p.knee, p.ankle, Side::Right, R);
    benchmark::DoNotOptimize(r.fppa_rad.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_Knee_fppa_3d_pelvis)->Apply(frame_range);

/// 3-D knee angles (Grood & Suntay JCS) from thigh and shank frames.
void BM_Knee_angles(benchmark::State& state) {
  const Eigen::Index n = state.range(0);
  Trajectory thigh_angles(n, 3), knee_rel(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    const double q = flexion_at(f);
    thigh_angles.row(f) << 0.6 * q, 0.05 * std::sin(q), 0.1;
    knee_rel.row(f) << -q, -0.08 * q, 0.1 * q;
  }
  const Rotations thigh = hipmech::geometry::compose(thigh_angles, hipmech::geometry::CardanSequence::ZXY);
  const Rotations rel = hipmech::geometry::compose(knee_rel, hipmech::geometry::CardanSequence::ZXY);
  Rotations shank(n, 9);
  for (Eigen::Index f = 0; f < n; ++f) {
    Eigen::Map<Matrix3r>(shank.row(f).data()) =
        hipmech::geometry::rotation_at(thigh, f) * hipmech::geometry::rotation_at(rel, f);
  }
  punch_gaps(shank);
  for (auto _ : state) {
    hipmech::knee::KneeAngles a = hipmech::knee::knee_angles(thigh, shank, Side::Left);
    benchmark::DoNotOptimize(a.rad.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_Knee_angles)->Apply(frame_range);

/// Repetitions of the squats' knee flexion (one every 3 s at 60 Hz), then the value of a
/// valgus signal per repetition.
void BM_Knee_find_repetitions(benchmark::State& state) {
  const Eigen::Index n = state.range(0);
  Series depth(n);
  for (Eigen::Index f = 0; f < n; ++f) {
    depth[f] = flexion_at(f) + 0.002 * std::sin(1.7 * static_cast<double>(f));
  }
  punch_gaps(depth);
  for (auto _ : state) {
    hipmech::knee::RepetitionSplit s = hipmech::knee::find_repetitions(depth);
    benchmark::DoNotOptimize(s.repetitions.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_Knee_find_repetitions)->Apply(frame_range);

void BM_Knee_per_repetition(benchmark::State& state) {
  const Eigen::Index n = state.range(0);
  Series depth(n);
  for (Eigen::Index f = 0; f < n; ++f) depth[f] = flexion_at(f);
  const Series valgus = 0.2 * depth;
  const hipmech::knee::RepetitionSplit s = hipmech::knee::find_repetitions(depth);
  for (auto _ : state) {
    hipmech::knee::RepetitionMetric m = hipmech::knee::per_repetition(s.repetitions, valgus);
    benchmark::DoNotOptimize(m.per_repetition.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_Knee_per_repetition)->Apply(frame_range);

}  // namespace
