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

// The model with every offset a real Vicon subject file carries (a child's: thigh rotation
// -6/-13 deg, shank rotation +3.9/-0.5 deg, tibial torsion -16/-21 deg, static foot offsets):
// the closed-form offset chord solve on all four joint centres and the torsion turn of both
// shanks. Issue 18: >= 0.8 M frames/s.
void BM_plug_in_gait_offsets(benchmark::State& state) {
  const PigTrial trial(state.range(0));
  hipmech::model::PigParameters p = parameters();
  p.thigh_rotation_rad = {-0.1047, -0.2269};
  p.shank_rotation_rad = {0.0686, -0.0082};
  p.tibial_torsion_rad = {-0.2827, -0.3580};
  p.static_plantar_flexion_rad = {0.1887, 0.2336};
  p.static_rotation_offset_rad = {0.0486, 0.0592};
  for (auto _ : state) {
    auto body = hipmech::model::plug_in_gait(trial.markers, p);
    benchmark::DoNotOptimize(body.foot[1].R_lab_segment.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_plug_in_gait_offsets)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

// The chord function alone, without and with a rotation offset (the closed-form solve).
void BM_chord_function(benchmark::State& state) {
  const PigTrial trial(state.range(0));
  const hipmech::model::PigLowerBody body = hipmech::model::plug_in_gait(trial.markers, parameters());
  const double rotation = static_cast<double>(state.range(1)) * 1e-3;  // mrad
  for (auto _ : state) {
    auto knee = hipmech::model::chord_function(trial.markers.get("RTHI"), body.hip_centre[1],
                                               trial.markers.get("RKNE"), 0.057, rotation);
    benchmark::DoNotOptimize(knee.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_chord_function)->Args({100000, 0})->Args({100000, -227})
    ->Unit(benchmark::kMillisecond);

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
