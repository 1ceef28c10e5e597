// Measurement uncertainty (uncertainty::propagate, issue 26): the stages of one Monte Carlo
// draw on a synth::walking trial of about 1000 frames with plates and 1 mm marker noise (the
// marker noise and filter, the Plug-in Gait model, the angles, the inverse dynamics, the whole
// TrialPipeline::evaluate), and the target: 200 draws of the whole per-trial pipeline
// on 2 threads in under 1 s (BM_UncertaintyMonteCarlo, wall time). Items = point frames (draws
// x frames for the Monte Carlo).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "../src/uncertainty/monte_carlo.hpp"
#include "../src/uncertainty/pipeline.hpp"
#include "hipmech/dynamics/lower_limb.hpp"
#include "hipmech/knee/knee_angles.hpp"
#include "hipmech/model/joint_angles.hpp"
#include "hipmech/model/plug_in_gait.hpp"
#include "hipmech/pelvis/pelvis_angles.hpp"
#include "hipmech/pelvis/progression.hpp"
#include "hipmech/report/analysis.hpp"
#include "hipmech/synth/walking.hpp"
#include "hipmech/uncertainty/propagation.hpp"

namespace {

namespace unc = hipmech::uncertainty;
namespace detail = hipmech::uncertainty::detail;
using hipmech::Side;

/// A synth::walking trial of about `frames` frames (a stride is about 108 frames), plates
/// under every stance, 1 mm marker noise; its analysis and its pipeline.
struct Fixture {
  hipmech::synth::SyntheticWalking walk;
  hipmech::report::TrialSummary nominal;
  detail::TrialPipeline pipeline;
  explicit Fixture(long frames)
      : walk(make(frames)),
        nominal(hipmech::report::analyse(walk.trial)),
        pipeline(walk.trial, nominal, {}, nullptr) {}
  static hipmech::synth::SyntheticWalking make(long frames) {
    hipmech::synth::WalkingSettings s;
    s.n_strides = static_cast<int>(
        std::clamp(std::lround(static_cast<double>(frames) / 107.6) - 1, 1L, 100L));
    s.marker_noise_m = 0.001;
    return hipmech::synth::walking(s);
  }
  hipmech::io::Markers markers() const {
    hipmech::io::Markers m;
    for (std::size_t k = 0; k < pipeline.marker_names().size(); ++k) {
      m.add(pipeline.marker_names()[k], pipeline.filtered_markers()[k]);
    }
    return m;
  }
};

/// The fixture of the first size asked for (every benchmark here runs at 1000 frames).
const Fixture& fixture(long frames) {
  static const Fixture f(frames);
  return f;
}

/// Marker noise on the pipeline's markers and the analysis's filter (6 Hz, order 2).
void BM_UncertaintyNoiseFilter(benchmark::State& state) {
  const Fixture& f = fixture(state.range(0));
  unc::UncertaintyModel model = unc::UncertaintyModel::none();
  model.marker_noise_m = 0.001;
  std::vector<hipmech::Trajectory> noisy, filtered;
  Eigen::Index d = 0;
  for (auto _ : state) {
    detail::draw_markers(f.pipeline, model, 1, d++, noisy, filtered);
    benchmark::DoNotOptimize(filtered.data());
  }
  state.SetItemsProcessed(state.iterations() * f.pipeline.n_frames());
}
BENCHMARK(BM_UncertaintyNoiseFilter)->Arg(1000)->Unit(benchmark::kMicrosecond);

/// The filter alone.
void BM_UncertaintyFilter(benchmark::State& state) {
  const Fixture& f = fixture(state.range(0));
  std::vector<hipmech::Trajectory> filtered;
  for (auto _ : state) {
    f.pipeline.filter(f.pipeline.raw_markers(), filtered);
    benchmark::DoNotOptimize(filtered.data());
  }
  state.SetItemsProcessed(state.iterations() * f.pipeline.n_frames());
}
BENCHMARK(BM_UncertaintyFilter)->Arg(1000)->Unit(benchmark::kMicrosecond);

/// The Plug-in Gait model with feet, as evaluate() builds it.
void BM_UncertaintyModel(benchmark::State& state) {
  const Fixture& f = fixture(state.range(0));
  const hipmech::io::Markers m = f.markers();
  for (auto _ : state) {
    const hipmech::model::PigLowerBody body = hipmech::model::plug_in_gait(m, f.nominal.parameters);
    benchmark::DoNotOptimize(body.hip_centre[0].data());
  }
  state.SetItemsProcessed(state.iterations() * f.pipeline.n_frames());
}
BENCHMARK(BM_UncertaintyModel)->Arg(1000)->Unit(benchmark::kMicrosecond);

/// Pelvis, hip and knee angles of both sides.
void BM_UncertaintyAngles(benchmark::State& state) {
  const Fixture& f = fixture(state.range(0));
  const hipmech::model::PigLowerBody body =
      hipmech::model::plug_in_gait(f.markers(), f.nominal.parameters);
  const Eigen::Matrix3d R =
      hipmech::pelvis::detect_progression(body.pelvis.origin, body.pelvis.R_lab_segment,
                                          f.walk.trial.lab_axes)
          .R_lab_progression;
  for (auto _ : state) {
    for (Side s : {Side::Left, Side::Right}) {
      const std::size_t i = s == Side::Left ? 0 : 1;
      const hipmech::Trajectory pa = hipmech::pelvis::pelvis_angles(
          body.pelvis.R_lab_segment, s, hipmech::pelvis::PelvisConvention::Baker, R);
      const hipmech::Trajectory hip = hipmech::model::joint_angles(
          body.pelvis.R_lab_segment, body.thigh[i].R_lab_segment, s, hipmech::model::Joint::Hip);
      const hipmech::knee::KneeAngles knee =
          hipmech::knee::knee_angles(body.thigh[i].R_lab_segment, body.shank[i].R_lab_segment, s);
      benchmark::DoNotOptimize(pa.data());
      benchmark::DoNotOptimize(hip.data());
      benchmark::DoNotOptimize(knee.rad.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * f.pipeline.n_frames());
}
BENCHMARK(BM_UncertaintyAngles)->Arg(1000)->Unit(benchmark::kMicrosecond);

/// Inverse dynamics of both legs with fixed loads and inertia (the loads copied per call, as
/// evaluate() does).
void BM_UncertaintyDynamics(benchmark::State& state) {
  const Fixture& f = fixture(state.range(0));
  const hipmech::model::PigLowerBody body =
      hipmech::model::plug_in_gait(f.markers(), f.nominal.parameters);
  hipmech::dynamics::TrialDynamicsOptions d;
  d.cutoff_hz = 6.0;
  const hipmech::dynamics::TrialDynamics dyn = hipmech::dynamics::lower_limb_dynamics(
      f.walk.trial, f.nominal.parameters, f.nominal.body_mass_kg, f.nominal.events, d);
  const std::array<hipmech::dynamics::LegInertia, 2> inertia = {dyn.dynamics.leg[0].inertia,
                                                                dyn.dynamics.leg[1].inertia};
  hipmech::dynamics::FootLoads loads = dyn.dynamics.loads;
  loads.notes.clear();
  hipmech::dynamics::LowerLimbOptions limb;
  for (auto _ : state) {
    const hipmech::dynamics::LowerLimbDynamics out = hipmech::dynamics::lower_limb_dynamics(
        body, inertia, loads, f.nominal.body_mass_kg, f.walk.trial.point_rate_hz, limb);
    benchmark::DoNotOptimize(out.leg[1].hip.clinical_nm.data());
  }
  state.SetItemsProcessed(state.iterations() * f.pipeline.n_frames());
}
BENCHMARK(BM_UncertaintyDynamics)->Arg(1000)->Unit(benchmark::kMicrosecond);

/// One whole evaluation (model, angles, curves, inverse dynamics, peaks) with systematic
/// errors on every source.
void BM_UncertaintyEvaluate(benchmark::State& state) {
  const Fixture& f = fixture(state.range(0));
  unc::UncertaintyModel model;
  model = model.resolved(&f.walk.trial);
  const detail::Systematic sys = detail::draw_systematic(model, 1, 0, f.pipeline.n_plates());
  detail::Output out;
  for (auto _ : state) {
    f.pipeline.evaluate(f.pipeline.filtered_markers(), sys, out);
    benchmark::DoNotOptimize(out.peaks.data());
  }
  state.SetItemsProcessed(state.iterations() * f.pipeline.n_frames());
}
BENCHMARK(BM_UncertaintyEvaluate)->Arg(1000)->Unit(benchmark::kMicrosecond);

/// The target: propagate() with 200 Monte Carlo draws of every source (the default
/// model) on 2 threads, wall time (target < 1 s on 2 cores).
void BM_UncertaintyMonteCarlo(benchmark::State& state) {
  const Fixture& f = fixture(state.range(0));
  unc::PropagationOptions p;
  p.n_draws = 200;
  p.n_threads = 2;
  for (auto _ : state) {
    const unc::UncertaintyResult r =
        unc::propagate(f.walk.trial, f.nominal, {}, unc::UncertaintyModel{}, p);
    benchmark::DoNotOptimize(r.stances.data());
  }
  state.SetItemsProcessed(state.iterations() * p.n_draws * f.pipeline.n_frames());
  state.counters["frames"] = static_cast<double>(f.pipeline.n_frames());
}
BENCHMARK(BM_UncertaintyMonteCarlo)
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

}  // namespace

namespace {

/// Building the trial's pipeline once per propagate() (the nominal inverse dynamics, each
/// plate's share of the foot loads, the nominal model and progression).
void BM_UncertaintyPipeline(benchmark::State& state) {
  const Fixture& f = fixture(state.range(0));
  for (auto _ : state) {
    const detail::TrialPipeline p(f.walk.trial, f.nominal, {}, nullptr);
    benchmark::DoNotOptimize(&p);
  }
  state.SetItemsProcessed(state.iterations() * f.pipeline.n_frames());
  state.counters["plates"] = static_cast<double>(f.pipeline.n_plates());
}
BENCHMARK(BM_UncertaintyPipeline)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
