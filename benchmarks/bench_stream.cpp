// Stream area (issue 25): one push of a real-time session per iteration, so the time per
// iteration is the time per frame. Targets: <= 2 us per frame for the Plug-in Gait pelvis,
// both hips and both knees (filter off and on), <= 0.2 us per frame for the 2-D keypoint
// session (FPPA + pelvic obliquity of both sides).
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>
#include <vector>

#include "hipmech/io/trial.hpp"
#include "hipmech/stream/keypoint_session.hpp"
#include "hipmech/stream/pig_session.hpp"
#include "hipmech/synth/walking.hpp"

namespace {

using hipmech::Trajectory;

/// The frames of a synthetic walking trial (100 Hz, 1 mm marker noise), row-major per frame,
/// the markers of the trial in its order, and the session options for them.
struct PigFrames {
  hipmech::stream::PigSessionOptions options;
  std::vector<std::vector<double>> frames;
};

PigFrames pig_frames(Eigen::Index n_frames) {
  hipmech::synth::WalkingSettings ws;
  ws.marker_noise_m = 0.001;
  ws.n_strides = 4;
  const hipmech::synth::SyntheticWalking w = hipmech::synth::walking(ws);
  PigFrames out;
  out.options.point_rate_hz = w.trial.point_rate_hz;
  out.options.parameters = w.truth.body.pig_parameters();
  std::vector<const Trajectory*> values;
  for (const hipmech::io::Point& p : w.trial.points) {
    if (p.kind != hipmech::io::PointKind::Marker) continue;
    out.options.marker_names.push_back(p.name);
    values.push_back(&p.values);
  }
  const Eigen::Index n_trial = values.front()->rows();
  for (Eigen::Index f = 0; f < n_frames; ++f) {
    std::vector<double> buf;
    for (const Trajectory* t : values) {
      buf.insert(buf.end(), {(*t)(f % n_trial, 0), (*t)(f % n_trial, 1), (*t)(f % n_trial, 2)});
    }
    out.frames.push_back(std::move(buf));
  }
  return out;
}

/// Arguments: (0 = no filter, 1 = filter 6 Hz order 2, 2 = filter + kinematic events and
/// stance summaries; frames cycled through).
void BM_StreamPigFrame(benchmark::State& state) {
  PigFrames data = pig_frames(state.range(1));
  if (state.range(0) != 0) data.options.cutoff_hz = 6.0;
  if (state.range(0) == 2) data.options.events = hipmech::stream::EventSource::Kinematics;
  hipmech::stream::PigSession session(data.options);
  const std::size_t n = data.frames.size();
  std::size_t i = 0;
  for (auto _ : state) {
    const std::vector<double>& buf = data.frames[i];
    const hipmech::stream::PigFrame& out = session.push(buf.data(), buf.size());
    benchmark::DoNotOptimize(out.knee_valgus_rad[1]);
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(state.range(0) == 2   ? "filter 6 Hz order 2, kinematic events"
                 : state.range(0) == 1 ? "filter 6 Hz order 2"
                                       : "no filter");
}
BENCHMARK(BM_StreamPigFrame)
    ->Args({0, 1000})
    ->Args({1, 1000})
    ->Args({2, 1000})
    ->Unit(benchmark::kNanosecond);

/// 2-D keypoints (pixels): a frontal view of a squat, 7 keypoints of which the session uses 6.
void BM_StreamKeypointFrame(benchmark::State& state) {
  const Eigen::Index n = state.range(1);
  hipmech::stream::KeypointSessionOptions o;
  o.point_rate_hz = 60.0;
  o.keypoint_names = {"nose",       "left_hip",   "right_hip",  "left_knee",
                      "right_knee", "left_ankle", "right_ankle"};
  if (state.range(0) != 0) o.cutoff_hz = 6.0;
  std::vector<std::vector<double>> frames;
  for (Eigen::Index f = 0; f < n; ++f) {
    const double t = static_cast<double>(f) / 60.0;
    const double drop = 12.0 * std::sin(2.0 * t), valgus = 15.0 * std::sin(3.0 * t);
    frames.push_back({320.0, 80.0, 380.0, 300.0 + drop, 260.0, 300.0 - drop, 375.0 - valgus, 420.0,
                      265.0 + valgus, 420.0, 378.0, 540.0, 262.0, 540.0});
  }
  hipmech::stream::KeypointSession session(o);
  std::size_t i = 0;
  for (auto _ : state) {
    const std::vector<double>& buf = frames[i];
    const hipmech::stream::KeypointFrame& out = session.push(buf.data(), buf.size());
    benchmark::DoNotOptimize(out.fppa_rad[1]);
    if (++i == frames.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(state.range(0) != 0 ? "filter 6 Hz order 2" : "no filter");
}
BENCHMARK(BM_StreamKeypointFrame)->Args({0, 1000})->Args({1, 1000})->Unit(benchmark::kNanosecond);

}  // namespace
