// Streaming events (issue 25): OnlineZeni, OnlinePlates and StanceTracker push paths on a
// hipmech::synth::walking trial (100 Hz markers, 1000 Hz plates under every stance), cycled.
// Each iteration pushes Arg() frames; items/s = frames/s (per-frame cost = 1 / items/s).
#include <benchmark/benchmark.h>

#include <array>
#include <vector>

#include "hipmech/events/kinematic_events.hpp"
#include "hipmech/io/markers.hpp"
#include "hipmech/stream/online_events.hpp"
#include "hipmech/stream/stance_tracker.hpp"
#include "hipmech/synth/walking.hpp"

namespace {

namespace ev = hipmech::events;
namespace st = hipmech::stream;

/// The trial's frames in push form (allocated once, outside the timed loop).
struct Frames {
  double rate_hz = 100.0;
  int spf = 10;
  Eigen::Vector3d forward;
  std::vector<std::array<Eigen::Vector3d, 5>> zeni;  // sacrum, LHEE, RHEE, LTOE, RTOE
  std::vector<std::vector<Eigen::Vector3d>> feet;    // LHEE LTOE LANK RHEE RTOE RANK
  std::vector<std::vector<double>> plates;           // spf x n_plates x 6
  std::vector<st::OnlinePlates::Corners> corners;
  hipmech::LabAxes lab;
};

const Frames& frames() {
  static const Frames f = [] {
    Frames out;
    const auto walk = hipmech::synth::walking({});
    const auto& trial = walk.trial;
    const auto m = hipmech::io::Markers::from_trial(trial);
    out.rate_hz = trial.point_rate_hz;
    out.spf = static_cast<int>(trial.analog.rate_hz / trial.point_rate_hz + 0.5);
    out.forward = ev::from_kinematics(trial).progression;
    out.lab = trial.lab_axes;
    const hipmech::Trajectory sacrum = ev::mean_marker(m, {"LPSI", "RPSI"});
    for (const auto& fp : trial.force_plates) out.corners.push_back(fp.corners_m);
    const auto np = static_cast<Eigen::Index>(trial.force_plates.size());
    for (Eigen::Index i = 0; i < m.n_frames(); ++i) {
      auto p = [&](const char* name) -> Eigen::Vector3d { return m.get(name).row(i).transpose(); };
      out.zeni.push_back({sacrum.row(i).transpose(), p("LHEE"), p("RHEE"), p("LTOE"), p("RTOE")});
      out.feet.push_back({p("LHEE"), p("LTOE"), p("LANK"), p("RHEE"), p("RTOE"), p("RANK")});
      std::vector<double> s(static_cast<std::size_t>(out.spf * np * 6));
      for (int j = 0; j < out.spf; ++j) {
        for (Eigen::Index k = 0; k < np; ++k) {
          const auto& fp = trial.force_plates[static_cast<std::size_t>(k)];
          for (int c = 0; c < 3; ++c) {
            s[static_cast<std::size_t>((j * np + k) * 6 + c)] = fp.force_n(i * out.spf + j, c);
            s[static_cast<std::size_t>((j * np + k) * 6 + 3 + c)] = fp.cop_m(i * out.spf + j, c);
          }
        }
      }
      out.plates.push_back(std::move(s));
    }
    return out;
  }();
  return f;
}

void BM_StreamOnlineZeniPush(benchmark::State& state) {
  const Frames& f = frames();
  st::OnlineZeni zeni(f.rate_hz, f.forward, 0.3);
  std::array<st::StreamEvent, st::OnlineZeni::kMaxEventsPerPush> out{};
  std::int64_t frame = 0;
  const auto n = static_cast<std::int64_t>(f.zeni.size());
  for (auto _ : state) {
    for (std::int64_t i = 0; i < state.range(0); ++i, ++frame) {
      const auto& z = f.zeni[static_cast<std::size_t>(frame % n)];
      const int k = zeni.push(frame, 0.0, z[0], {z[1], z[2]}, {z[3], z[4]}, out.data(), 8);
      benchmark::DoNotOptimize(k);
    }
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_StreamOnlineZeniPush)->Arg(1000)->Arg(100000);

void BM_StreamOnlinePlatesPush(benchmark::State& state) {
  const Frames& f = frames();
  st::OnlinePlates plates(f.rate_hz, f.spf, f.corners, f.lab);
  std::vector<st::StreamEvent> out(static_cast<std::size_t>(plates.max_events_per_push()));
  std::int64_t frame = 0;
  const auto n = static_cast<std::int64_t>(f.plates.size());
  for (auto _ : state) {
    for (std::int64_t i = 0; i < state.range(0); ++i, ++frame) {
      const auto at = static_cast<std::size_t>(frame % n);
      const int k = plates.push(frame, 0.0, f.plates[at].data(), f.feet[at].data(), out.data(),
                                static_cast<int>(out.size()));
      benchmark::DoNotOptimize(k);
    }
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["plates"] = static_cast<double>(plates.n_plates());
  state.counters["samples_per_frame"] = f.spf;
}
BENCHMARK(BM_StreamOnlinePlatesPush)->Arg(1000)->Arg(100000);

/// OnlineZeni + StanceTracker as a session composes them (events, then values).
void BM_StreamZeniStanceTrackerPush(benchmark::State& state) {
  const Frames& f = frames();
  st::OnlineZeni zeni(f.rate_hz, f.forward, 0.3);
  st::StanceTracker tracker(f.rate_hz, 3.0, 0, zeni.delay_bound_frames());
  std::array<st::StreamEvent, 8> events{};
  std::array<st::StanceSummary, 4> out{};
  std::int64_t frame = 0, n_stances = 0;
  const auto n = static_cast<std::int64_t>(f.zeni.size());
  for (auto _ : state) {
    for (std::int64_t i = 0; i < state.range(0); ++i, ++frame) {
      const auto& z = f.zeni[static_cast<std::size_t>(frame % n)];
      const int ne = zeni.push(frame, 0.0, z[0], {z[1], z[2]}, {z[3], z[4]}, events.data(), 8);
      for (int e = 0; e < ne; ++e) {
        n_stances += tracker.on_event(events[static_cast<std::size_t>(e)], out.data(), 4);
      }
      const double v = 0.01 * static_cast<double>(frame % 97);
      n_stances += tracker.push_values(frame, 0.0, {v, -v}, {v, v}, {v, v}, zeni.complete_before(),
                                       out.data(), 4);
    }
  }
  benchmark::DoNotOptimize(n_stances);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_StreamZeniStanceTrackerPush)->Arg(1000)->Arg(100000);

}  // namespace
