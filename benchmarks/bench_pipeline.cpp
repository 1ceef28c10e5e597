// Whole-trial pipeline on synthetic Plug-in Gait walking trials (hipmech::synth::walking):
// generating a trial, and the analysis a report runs on it (Plug-in Gait model, pelvis angles,
// contralateral drop, inverse dynamics of both legs). Items = point frames.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "hipmech/dynamics.hpp"
#include "hipmech/events.hpp"
#include "hipmech/model.hpp"
#include "hipmech/pelvis.hpp"
#include "hipmech/report.hpp"
#include "hipmech/synth.hpp"

namespace {

using hipmech::Side;

/// Settings for a trial of about `frames` point frames at 100 Hz (a stride is about 108
/// frames). Plates under every stance up to 2000 frames; beyond, under the first two stances
/// of each side only, so that the analog channels stay small.
hipmech::synth::WalkingSettings settings_for(long frames) {
  hipmech::synth::WalkingSettings s;
  s.n_strides = static_cast<int>(std::clamp(std::lround(static_cast<double>(frames) / 107.6) - 1, 1L, 100L));
  if (frames > 2000) {
    s.plates_every_stance = false;
    s.plate_stances = {{Side::Left, 0}, {Side::Right, 0}, {Side::Left, 1}, {Side::Right, 1}};
  }
  return s;
}

void BM_SynthWalking(benchmark::State& state) {
  const hipmech::synth::WalkingSettings s = settings_for(static_cast<long>(state.range(0)));
  Eigen::Index frames = 0;
  for (auto _ : state) {
    hipmech::synth::SyntheticWalking w = hipmech::synth::walking(s);
    frames = w.trial.n_frames();
    benchmark::DoNotOptimize(w.trial.points.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * frames);
  state.counters["frames"] = static_cast<double>(frames);
}
BENCHMARK(BM_SynthWalking)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_PipelinePlugInGait(benchmark::State& state) {
  const hipmech::synth::SyntheticWalking w =
      hipmech::synth::walking(settings_for(static_cast<long>(state.range(0))));
  const auto parameters = hipmech::model::PigParameters::from_subject(w.trial.subject);
  for (auto _ : state) {
    const hipmech::io::Markers markers = hipmech::io::Markers::from_trial(w.trial);
    const hipmech::model::PigLowerBody body = hipmech::model::plug_in_gait(markers, parameters);
    const hipmech::pelvis::Progression prog = hipmech::pelvis::detect_progression(
        body.pelvis.origin, body.pelvis.R_lab_segment, w.trial.lab_axes);
    const hipmech::Trajectory angles = hipmech::pelvis::pelvis_angles(
        body.pelvis.R_lab_segment, Side::Left, hipmech::pelvis::PelvisConvention::Baker,
        prog.R_lab_progression);
    const std::vector<hipmech::events::GaitEvent> events =
        hipmech::events::from_trial_events(w.trial).events;
    const auto drops = hipmech::pelvis::contralateral_drop(angles.col(1), Side::Left, events);
    const hipmech::dynamics::TrialDynamics dyn =
        hipmech::dynamics::lower_limb_dynamics(w.trial, parameters, w.trial.subject.body_mass_kg, events);
    benchmark::DoNotOptimize(drops.data());
    benchmark::DoNotOptimize(dyn.dynamics.leg[0].hip.moment_nm.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * w.trial.n_frames());
}
BENCHMARK(BM_PipelinePlugInGait)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace

namespace {

// The whole hip analysis of a trial, as `hipmech report` and hipmech.report.analyse run it
// (report::analyse: filtering, model, events, drops, inverse dynamics, bootstrap CIs with 2000
// resamples per index, curves). Items = point frames.
void BM_ReportAnalyse(benchmark::State& state) {
  const hipmech::synth::SyntheticWalking w =
      hipmech::synth::walking(settings_for(static_cast<long>(state.range(0))));
  for (auto _ : state) {
    const hipmech::report::TrialSummary r = hipmech::report::analyse(w.trial);
    benchmark::DoNotOptimize(r.summary[0].left.mean);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * w.trial.n_frames());
  state.counters["frames"] = static_cast<double>(w.trial.n_frames());
}
BENCHMARK(BM_ReportAnalyse)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace
