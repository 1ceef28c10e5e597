// Pelvis area: pelvis angles over whole trials (part of the >= 2 million frames/s budget with
// two hip JCS computations), conversion between conventions, contralateral drop per stance and
// 2-D obliquity from keypoints.
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include <Eigen/Geometry>

#include "hipmech/pelvis.hpp"

namespace {

using hipmech::Side;
using hipmech::Trajectory;
using hipmech::geometry::Matrix3r;
using hipmech::geometry::Rotations;
using hipmech::pelvis::PelvisConvention;

constexpr double kPi = 3.14159265358979323846;

void frame_range(benchmark::internal::Benchmark* b) {
  b->Arg(1000)->Arg(1000000)->Unit(benchmark::kMicrosecond);
}

/// A walking pelvis at 100 Hz along -X in a Z-up lab: tilt 10 +- 2 deg, obliquity +-5 deg,
/// rotation +-8 deg at the stride frequency, 1 % of frames missing (NaN).
Rotations walking_pelvis(Eigen::Index n) {
  Eigen::Matrix3d R_lab_prog;
  R_lab_prog << -1, 0, 0, 0, 0, 1, 0, 1, 0;
  Rotations R(n, 9);
  for (Eigen::Index f = 0; f < n; ++f) {
    const double t = static_cast<double>(f) / 100.0;
    const double ph = 2 * kPi * 0.9 * t;
    const double tilt = (10 + 2 * std::sin(2 * ph)) * kPi / 180;
    const double obl = 5 * std::sin(ph) * kPi / 180;
    const double rot = 8 * std::cos(ph) * kPi / 180;
    const Eigen::Matrix3d m = Eigen::AngleAxisd(-tilt, Eigen::Vector3d::UnitZ()).matrix() *
                              Eigen::AngleAxisd(obl, Eigen::Vector3d::UnitX()).matrix() *
                              Eigen::AngleAxisd(-rot, Eigen::Vector3d::UnitY()).matrix();
    Eigen::Map<Matrix3r>(R.row(f).data()) = R_lab_prog * m;
  }
  for (Eigen::Index i = 250; i + 5 <= n; i += 500) {
    R.middleRows(i, 5).setConstant(std::nan(""));
  }
  return R;
}

Eigen::Matrix3d progression() {
  Eigen::Matrix3d R;
  R << -1, 0, 0, 0, 0, 1, 0, 1, 0;
  return R;
}

void BM_pelvis_angles_plug_in_gait(benchmark::State& state) {
  const Rotations R = walking_pelvis(state.range(0));
  const Eigen::Matrix3d ref = progression();
  for (auto _ : state) {
    Trajectory a = hipmech::pelvis::pelvis_angles(R, Side::Left, PelvisConvention::PlugInGait, ref);
    benchmark::DoNotOptimize(a.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_pelvis_angles_plug_in_gait)->Apply(frame_range);

void BM_pelvis_angles_baker(benchmark::State& state) {
  const Rotations R = walking_pelvis(state.range(0));
  const Eigen::Matrix3d ref = progression();
  for (auto _ : state) {
    Trajectory a = hipmech::pelvis::pelvis_angles(R, Side::Right, PelvisConvention::Baker, ref);
    benchmark::DoNotOptimize(a.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_pelvis_angles_baker)->Apply(frame_range);

void BM_convert_pelvis_angles(benchmark::State& state) {
  const Trajectory pig = hipmech::pelvis::pelvis_angles(walking_pelvis(state.range(0)), Side::Left,
                                                        PelvisConvention::PlugInGait, progression());
  for (auto _ : state) {
    Trajectory a = hipmech::pelvis::convert_pelvis_angles(pig, Side::Left,
                                                          PelvisConvention::PlugInGait,
                                                          PelvisConvention::Baker);
    benchmark::DoNotOptimize(a.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_convert_pelvis_angles)->Apply(frame_range);

void BM_contralateral_drop(benchmark::State& state) {
  const Eigen::Index n = state.range(0);
  hipmech::Series obl(n);
  for (Eigen::Index f = 0; f < n; ++f) obl[f] = 0.08 * std::sin(2 * kPi * 0.9 * static_cast<double>(f) / 100.0);
  // A stride of 111 frames: left strike, right off (+12), right strike (+56), left off (+67).
  std::vector<hipmech::events::GaitEvent> ev;
  for (Eigen::Index s = 0; s + 111 < n; s += 111) {
    ev.push_back({Side::Left, hipmech::events::EventKind::FootStrike, s, 0.0, ""});
    ev.push_back({Side::Right, hipmech::events::EventKind::FootOff, s + 12, 0.0, ""});
    ev.push_back({Side::Right, hipmech::events::EventKind::FootStrike, s + 56, 0.0, ""});
    ev.push_back({Side::Left, hipmech::events::EventKind::FootOff, s + 67, 0.0, ""});
  }
  for (auto _ : state) {
    auto d = hipmech::pelvis::contralateral_drop(obl, Side::Left, ev);
    benchmark::DoNotOptimize(d.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_contralateral_drop)->Apply(frame_range);

void BM_obliquity_2d(benchmark::State& state) {
  const Eigen::Index n = state.range(0);
  hipmech::Points2 l(n, 2), r(n, 2);
  for (Eigen::Index f = 0; f < n; ++f) {
    const double a = 0.08 * std::sin(static_cast<double>(f) / 20.0);
    l.row(f) << 580 - 60 * std::cos(a), 400 - 60 * std::sin(a);
    r.row(f) << 700 + 60 * std::cos(a), 400 + 60 * std::sin(a);
  }
  for (auto _ : state) {
    hipmech::Series o = hipmech::pelvis::obliquity_2d(l, r, Side::Left);
    benchmark::DoNotOptimize(o.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_obliquity_2d)->Apply(frame_range);

}  // namespace
