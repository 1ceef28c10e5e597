// The Plug-in Gait lower body over a trial: a standing marker set moved along a walking
// pelvis path (benchmarks/synthetic_trial.hpp) with per-frame sway, so every frame does the
// full work (pelvis, two Davis hip centres, four chord functions, seven segment frames).
#include <benchmark/benchmark.h>

#include <cmath>
#include <deque>
#include <string>
#include <utility>

#include "hipmech/model.hpp"
#include "synthetic_trial.hpp"

namespace {

struct PigTrial {
  std::deque<std::pair<std::string, hipmech::Trajectory>> data;
  hipmech::io::Markers markers;

  explicit PigTrial(Eigen::Index n) {
    const hipmech::Trajectory path = hipmech::bench::walking_marker(n);
    // Plug-in Gait markers of a standing subject in a Z-up, X-forward lab [m] (Y left).
    const std::pair<const char*, Eigen::RowVector3d> layout[] = {
        {"LASI", {0.0, 0.12, 0.0}},     {"RASI", {0.0, -0.12, 0.0}},
        {"LPSI", {-0.15, 0.05, 0.02}},  {"RPSI", {-0.15, -0.05, 0.02}},
        {"LTHI", {0.02, 0.16, -0.25}},  {"RTHI", {0.02, -0.16, -0.25}},
        {"LKNE", {0.0, 0.15, -0.5}},    {"RKNE", {0.0, -0.15, -0.5}},
        {"LTIB", {0.02, 0.14, -0.7}},   {"RTIB", {0.02, -0.14, -0.7}},
        {"LANK", {0.0, 0.13, -0.92}},   {"RANK", {0.0, -0.13, -0.92}},
        {"LTOE", {0.15, 0.1, -0.97}},   {"RTOE", {0.15, -0.1, -0.97}}};
    for (const auto& [name, offset] : layout) {
      hipmech::Trajectory t(n, 3);
      for (Eigen::Index f = 0; f < n; ++f) {
        const double sway = 0.01 * std::sin(0.05 * static_cast<double>(f) + offset.x());
        t.row(f) = path.row(f) + offset + Eigen::RowVector3d(sway, 0.5 * sway, 0.0);
      }
      data.emplace_back(name, std::move(t));
      markers.add(data.back().first, data.back().second);
    }
  }
};

hipmech::model::PigParameters parameters() {
  hipmech::model::PigParameters p;
  p.leg_length_m = {0.9, 0.9};
  p.knee_width_m = {0.1, 0.1};
  p.ankle_width_m = {0.07, 0.07};
  return p;
}

void BM_plug_in_gait(benchmark::State& state) {
  const PigTrial trial(state.range(0));
  const hipmech::model::PigParameters p = parameters();
  for (auto _ : state) {
    auto body = hipmech::model::plug_in_gait(trial.markers, p);
    benchmark::DoNotOptimize(body.foot[1].R_lab_segment.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_plug_in_gait)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_both_hip_angles(benchmark::State& state) {
  const PigTrial trial(state.range(0));
  const auto body = hipmech::model::plug_in_gait(trial.markers, parameters());
  for (auto _ : state) {
    for (hipmech::Side s : {hipmech::Side::Left, hipmech::Side::Right}) {
      const std::size_t i = s == hipmech::Side::Left ? 0 : 1;
      auto hip = hipmech::model::joint_angles(body.pelvis.R_lab_segment,
                                              body.thigh[i].R_lab_segment, s,
                                              hipmech::model::Joint::Hip);
      benchmark::DoNotOptimize(hip.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_both_hip_angles)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
