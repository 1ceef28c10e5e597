// Reading and writing C3D in memory: a Plug-in-Gait-sized trial (60 markers, 30 outputs,
// 28 analog channels at 10 samples per frame, 4 type-2 plates), so the numbers are the parse
// and reduction cost without the disk. Compare with ezc3d: benchmarks/python/compare_c3d_read.py.
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>

#include "hipmech/io.hpp"

namespace {

hipmech::io::Trial pig_sized_trial(Eigen::Index n_frames) {
  using hipmech::io::make_parameter;
  using hipmech::io::ParameterType;
  hipmech::io::Trial t;
  t.point_rate_hz = 100.0;
  for (int m = 0; m < 90; ++m) {
    hipmech::Trajectory v(n_frames, 3);
    for (Eigen::Index i = 0; i < n_frames; ++i) {
      const double x = 0.01 * static_cast<double>(i);
      v.row(i) << x + 0.01 * m, 0.1 * std::sin(x + m), 0.9 + 0.05 * std::cos(x);
    }
    t.set_point("M" + std::to_string(m), std::move(v), hipmech::io::PointKind::Marker, "mm");
  }
  t.analog.rate_hz = 1000.0;
  t.analog.values.resize(10 * n_frames, 28);
  for (Eigen::Index r = 0; r < t.analog.values.rows(); ++r) {
    for (Eigen::Index c = 0; c < 28; ++c) {
      t.analog.values(r, c) = (c % 6 == 2 ? -700.0 : 20.0) + std::sin(0.001 * static_cast<double>(r * (c + 1)));
    }
  }
  for (int c = 0; c < 28; ++c) {
    t.analog.names.push_back("ch" + std::to_string(c));
    t.analog.units_original.push_back(c % 6 < 3 ? "N" : "Nmm");
  }
  std::vector<double> corners, origin, channel, type;
  for (int k = 0; k < 4; ++k) {
    const double x0 = 600.0 * k;
    for (double c : {x0 + 600, 400.0, 0.0, x0, 400.0, 0.0, x0, 0.0, 0.0, x0 + 600, 0.0, 0.0}) corners.push_back(c);
    for (double o : {0.0, 0.0, 40.0}) origin.push_back(o);
    for (int j = 1; j <= 6; ++j) channel.push_back(6 * k + j);
    type.push_back(2);
  }
  t.parameters.set("POINT", make_parameter("UNITS", std::vector<std::string>{"mm"}));
  t.parameters.set("FORCE_PLATFORM", make_parameter("USED", {4}, ParameterType::Int16));
  t.parameters.set("FORCE_PLATFORM", make_parameter("TYPE", type, ParameterType::Int16));
  t.parameters.set("FORCE_PLATFORM", make_parameter("CORNERS", corners, ParameterType::Float, {3, 4, 4}));
  t.parameters.set("FORCE_PLATFORM", make_parameter("ORIGIN", origin, ParameterType::Float, {3, 4}));
  t.parameters.set("FORCE_PLATFORM", make_parameter("CHANNEL", channel, ParameterType::Int16, {6, 4}));
  return t;
}

void frame_range(benchmark::internal::Benchmark* b) {
  b->RangeMultiplier(10)->Range(1000, 10000)->Unit(benchmark::kMillisecond);
}

void BM_read_c3d_float(benchmark::State& state) {
  const auto bytes = hipmech::io::write_c3d_bytes(pig_sized_trial(state.range(0)));
  for (auto _ : state) {
    hipmech::io::Trial t = hipmech::io::read_c3d_bytes(bytes.data(), bytes.size());
    benchmark::DoNotOptimize(t.points.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}
BENCHMARK(BM_read_c3d_float)->Apply(frame_range);

void BM_read_c3d_integer_dec(benchmark::State& state) {
  hipmech::io::C3dWriteOptions o;
  o.processor = hipmech::io::C3dProcessor::Dec;
  o.integer_format = true;
  const auto bytes = hipmech::io::write_c3d_bytes(pig_sized_trial(state.range(0)), o);
  for (auto _ : state) {
    hipmech::io::Trial t = hipmech::io::read_c3d_bytes(bytes.data(), bytes.size());
    benchmark::DoNotOptimize(t.points.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_read_c3d_integer_dec)->Apply(frame_range);

void BM_write_c3d_float(benchmark::State& state) {
  const hipmech::io::Trial t = pig_sized_trial(state.range(0));
  for (auto _ : state) {
    auto bytes = hipmech::io::write_c3d_bytes(t);
    benchmark::DoNotOptimize(bytes.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_write_c3d_float)->Apply(frame_range);

}  // namespace
