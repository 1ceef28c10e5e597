// Marker trajectories of realistic shape for the benchmarks: a pelvis marker walking at
// 1.2 m/s along +X in a Z-up lab at 100 Hz, with vertical and lateral oscillation at the
// stride frequency and a 1 % share of missing (NaN) frames in short gaps, as occlusions give.
// Kept for the single-trajectory benchmarks; whole Plug-in Gait trials with plates come from
// hipmech::synth::walking (bench_pipeline.cpp).
#pragma once

#include <cmath>
#include <limits>

#include "hipmech/core/trajectory.hpp"

namespace hipmech::bench {

inline Trajectory walking_marker(Eigen::Index n_frames, double rate_hz = 100.0) {
  constexpr double pi = 3.14159265358979323846;
  const double stride_hz = 0.9;
  Trajectory p(n_frames, 3);
  for (Eigen::Index i = 0; i < n_frames; ++i) {
    const double t = static_cast<double>(i) / rate_hz;
    p(i, 0) = 1.2 * t;
    p(i, 1) = 0.02 * std::sin(2 * pi * stride_hz * t);
    p(i, 2) = 0.95 + 0.025 * std::cos(4 * pi * stride_hz * t);
  }
  // 5-frame gaps every 500 frames: 1 % missing.
  for (Eigen::Index i = 250; i + 5 <= n_frames; i += 500) {
    p.middleRows(i, 5).setConstant(std::numeric_limits<double>::quiet_NaN());
  }
  return p;
}

}  // namespace hipmech::bench
