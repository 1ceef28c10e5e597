// Clinic area: the two movement tasks on a 30 s trial at 100 Hz (3000 frames; 1000 for the smoke
// run): single-leg stance from 2-D keypoints (complete, and with every fifth frame missing) and
// from 3-D markers (front end + scoring), single-leg squat from 2-D keypoints. Names start with
// BM_Clinic so that --benchmark_filter=Clinic selects the area. No timing is asserted anywhere.
#include <benchmark/benchmark.h>

#include <cmath>
#include <deque>
#include <string>

#include <Eigen/Geometry>

#include "hipmech/clinic.hpp"

namespace {

using hipmech::Points2;
using hipmech::Series;
using hipmech::Side;
using hipmech::Trajectory;

constexpr double kPi = 3.14159265358979323846;

void frame_range(benchmark::internal::Benchmark* b) {
  b->Arg(1000)->Arg(3000)->Unit(benchmark::kMicrosecond);
}

double ramp(Eigen::Index f, Eigen::Index a, Eigen::Index b) {
  return f <= a ? 0.0 : f >= b ? 1.0 : static_cast<double>(f - a) / static_cast<double>(b - a);
}

/// Right-leg stance keypoints, camera in front: the left foot up from 1 s to 1 s before the
/// end, the left side of the pelvis falling by 4 deg, keypoint jitter of about 1 px.
hipmech::io::Keypoints2D stance_keypoints(Eigen::Index n) {
  hipmech::io::Keypoints2D k;
  k.names = {"left_hip",    "right_hip",     "left_ankle",
             "right_ankle", "left_shoulder", "right_shoulder"};
  k.points_px.assign(6, Points2(n, 2));
  k.confidence.assign(6, Series::Ones(n));
  for (Eigen::Index f = 0; f < n; ++f) {
    k.frames.push_back(static_cast<long>(f));
    const double j = std::sin(0.7 * static_cast<double>(f));
    const double o = (1.0 - 4.0 * ramp(f, n / 3, n / 2)) * kPi / 180.0;
    const double up = 60.0 * ramp(f, 100, 110) * (1.0 - ramp(f, n - 100, n - 90));
    k.points_px[0].row(f) << 640 + 60 * std::cos(o), 400 - 60 * std::sin(o) + j;
    k.points_px[1].row(f) << 640 - 60 * std::cos(o), 400 + 60 * std::sin(o) - j;
    k.points_px[2].row(f) << 700, 800 - up + j;
    k.points_px[3].row(f) << 580, 800 - j;
    k.points_px[4].row(f) << 730, 150 + j;
    k.points_px[5].row(f) << 550, 150 - j;
  }
  return k;
}

/// The same stance as 3-D Plug-in Gait markers in a Z-up lab [m].
struct StanceMarkers {
  std::deque<Trajectory> store;
  hipmech::io::Markers markers;
  explicit StanceMarkers(Eigen::Index n) {
    auto add = [&](const char* name, auto pos) {
      Trajectory t(n, 3);
      for (Eigen::Index f = 0; f < n; ++f) t.row(f) = pos(f);
      store.push_back(t);
      markers.add(name, store.back());
    };
    auto obl = [n](Eigen::Index f) { return (1.0 - 4.0 * ramp(f, n / 3, n / 2)) * kPi / 180.0; };
    auto up = [n](Eigen::Index f) {
      return 0.1 * ramp(f, 100, 110) * (1.0 - ramp(f, n - 100, n - 90));
    };
    // Lab Y = the subject's left; right side lower by obl.
    add("LASI", [&](Eigen::Index f) {
      return Eigen::RowVector3d(0.1, 0.12 * std::cos(obl(f)), 0.95 + 0.12 * std::sin(obl(f)));
    });
    add("RASI", [&](Eigen::Index f) {
      return Eigen::RowVector3d(0.1, -0.12 * std::cos(obl(f)), 0.95 - 0.12 * std::sin(obl(f)));
    });
    add("SACR", [&](Eigen::Index) { return Eigen::RowVector3d(-0.06, 0.0, 0.95); });
    add("LHEE", [&](Eigen::Index f) { return Eigen::RowVector3d(-0.05, 0.1, 0.05 + up(f)); });
    add("LTOE", [&](Eigen::Index f) { return Eigen::RowVector3d(0.15, 0.1, 0.03 + up(f)); });
    add("RHEE", [&](Eigen::Index) { return Eigen::RowVector3d(-0.05, -0.1, 0.05); });
    add("RTOE", [&](Eigen::Index) { return Eigen::RowVector3d(0.15, -0.1, 0.03); });
    add("LSHO", [&](Eigen::Index) { return Eigen::RowVector3d(0.0, 0.18, 1.45); });
    add("RSHO", [&](Eigen::Index) { return Eigen::RowVector3d(0.0, -0.18, 1.45); });
  }
};

/// Right-leg squats filmed from the front: 2 s squats to 0.25 leg lengths with 1 s pauses, the
/// knee drifting medially up to 15 deg FPPA.
hipmech::io::Keypoints2D squat_keypoints(Eigen::Index n) {
  hipmech::io::Keypoints2D k;
  k.names = {"left_hip", "right_hip", "right_knee", "right_ankle"};
  k.points_px.assign(4, Points2(n, 2));
  k.confidence.assign(4, Series::Ones(n));
  for (Eigen::Index f = 0; f < n; ++f) {
    k.frames.push_back(static_cast<long>(f));
    const double t = std::fmod(static_cast<double>(f) / 100.0, 3.0);
    const double q = t >= 1.0 ? 0.5 * (1.0 - std::cos(kPi * (t - 1.0))) : 0.0;
    const double d = 400.0 * (1.0 - 0.25 * q);
    const double fppa = 15.0 * q * kPi / 180.0;
    k.points_px[1].row(f) << 560, 800 - d;
    k.points_px[2].row(f) << 560 + 0.5 * d * std::tan(0.5 * fppa), 800 - 0.5 * d;
    k.points_px[3].row(f) << 560, 800;
    k.points_px[0].row(f) << 680, 800 - d + 5 * q;
  }
  return k;
}

void BM_Clinic_single_leg_stance_2d(benchmark::State& state) {
  const hipmech::io::Keypoints2D k = stance_keypoints(state.range(0));
  for (auto _ : state) {
    const auto r = hipmech::clinic::single_leg_stance(hipmech::clinic::stance_signals_2d(k, 100.0));
    benchmark::DoNotOptimize(r.pelvic_drop_peak_deg);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Clinic_single_leg_stance_2d)->Apply(frame_range);

// The same with every fifth frame missing (NaN): the gaps are filled before the filter.
void BM_Clinic_single_leg_stance_2d_gaps(benchmark::State& state) {
  hipmech::io::Keypoints2D k = stance_keypoints(state.range(0));
  for (auto& p : k.points_px) {
    for (Eigen::Index f = 2; f < p.rows(); f += 5) p.row(f).setConstant(std::nan(""));
  }
  for (auto _ : state) {
    const auto r = hipmech::clinic::single_leg_stance(hipmech::clinic::stance_signals_2d(k, 100.0));
    benchmark::DoNotOptimize(r.pelvic_drop_peak_deg);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Clinic_single_leg_stance_2d_gaps)->Apply(frame_range);

void BM_Clinic_single_leg_stance_3d(benchmark::State& state) {
  const StanceMarkers m(state.range(0));
  const hipmech::LabAxes lab;
  for (auto _ : state) {
    const auto r = hipmech::clinic::single_leg_stance(
        hipmech::clinic::stance_signals_3d(m.markers, lab, 100.0));
    benchmark::DoNotOptimize(r.pelvic_drop_peak_deg);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Clinic_single_leg_stance_3d)->Apply(frame_range);

void BM_Clinic_single_leg_squat_2d(benchmark::State& state) {
  const hipmech::io::Keypoints2D k = squat_keypoints(state.range(0));
  for (auto _ : state) {
    const auto r = hipmech::clinic::single_leg_squat(
        hipmech::clinic::squat_signals_2d(k, Side::Right, 100.0), Side::Right);
    benchmark::DoNotOptimize(r.peak_fppa_deg.mean);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Clinic_single_leg_squat_2d)->Apply(frame_range);

}  // namespace
