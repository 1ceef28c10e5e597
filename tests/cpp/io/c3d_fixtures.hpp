// Synthetic trials with known content for the C3D tests (and the fuzzer's seed corpus).
#pragma once

#include <cmath>

#include "hipmech/io.hpp"

namespace hipmech::testing {

/// A small trial: 3 markers (one missing for two frames), an angle and a moment output,
/// 4 analog channels at 4x the point rate in N, Nmm and V, two events, subject parameters.
inline io::Trial small_trial(Eigen::Index n_frames = 12) {
  io::Trial t;
  t.point_rate_hz = 100.0;
  t.first_frame = 7;
  const char* names[] = {"LASI", "RASI", "SACR"};
  for (int m = 0; m < 3; ++m) {
    Trajectory v(n_frames, 3);
    for (Eigen::Index i = 0; i < n_frames; ++i) {
      const double x = static_cast<double>(i);
      v.row(i) << 0.1 * m + 0.01 * x, -0.125 + 0.25 * m, 0.95 + 0.001 * std::sin(x);
    }
    if (m == 2) v.row(3).setConstant(std::nan("")), v.row(4).setConstant(std::nan(""));
    t.set_point(names[m], v, io::PointKind::Marker, "mm");
  }
  Trajectory angle(n_frames, 3);
  for (Eigen::Index i = 0; i < n_frames; ++i) angle.row(i) << 0.1 * static_cast<double>(i), -0.2, 0.3;
  t.set_point("LKneeAngles", angle, io::PointKind::Angle, "deg", "knee angles");
  t.set_point("LHipMoment", angle * 2.0, io::PointKind::Moment, "Nmm");
  t.analog.rate_hz = 400.0;
  t.analog.names = {"Fz1", "Mx1", "EMG", "Aux"};
  t.analog.descriptions = {"force", "moment", "emg", ""};
  t.analog.units_original = {"N", "Nmm", "V", "V"};
  t.analog.values.resize(4 * n_frames, 4);
  for (Eigen::Index r = 0; r < t.analog.values.rows(); ++r) {
    const double x = static_cast<double>(r);
    t.analog.values.row(r) << 500.0 + x, 0.5 * x - 3.0, 0.001 * std::cos(x), -x;
  }
  t.events.push_back({"Foot Strike", "Left", "heel", "S01", 0.08, 1, 0});
  t.events.push_back({"Foot Off", "Right", "", "S01", 0.15, 2, 1});
  t.subject.body_mass_kg = 72.5;
  t.subject.height_m = 1.75;
  t.subject.leg_length_m[0] = 0.9;
  t.subject.leg_length_m[1] = 0.91;
  t.parameters.set("SUBJECTS", io::make_parameter("NAMES", std::vector<std::string>{"S01"}));
  t.parameters.set("MANUFACTURER",
                   io::make_parameter("SOFTWARE", std::vector<std::string>{"hipmech tests"}));
  t.parameters.set("CUSTOM", io::make_parameter("MATRIX", {1, 2, 3, 4, 5, 6},
                                                io::ParameterType::Float, {2, 3}));
  t.parameters.set("CUSTOM", io::make_parameter("FLAGS", {0, 1, 255}, io::ParameterType::Byte));
  return t;
}

}  // namespace hipmech::testing
