// Plug-in Gait test fixtures shared by the model and dynamics tests: the validation trial's
// files (skipping when ../shared/validation is absent) and a still, standing subject.
#pragma once

#include <catch2/catch_test_macros.hpp>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/io/markers.hpp"
#include "hipmech/model/plug_in_gait.hpp"

namespace hipmech::test {

/// ../shared/validation/<folder>/<name> (by default the stair trial's folder); SKIPs the test
/// when it is absent.
inline std::filesystem::path pig_validation_file(const char* name,
                                                 const char* folder = "pycgm_pig_stair") {
  const std::filesystem::path file =
      std::filesystem::path(HIPMECH_VALIDATION_DIR) / folder / name;
  if (!std::filesystem::exists(file)) SKIP("validation data not found at " << file.string());
  return file;
}

/// A standing subject in an ISB-aligned lab (X forward, Y up, Z right) [m]; `n` frames, the
/// Plug-in Gait markers (with TOE and HEE) and measurements.
struct Standing {
  std::vector<std::pair<std::string, Trajectory>> data;
  io::Markers markers;
  explicit Standing(Eigen::Index n = 3) {
    auto add = [&](const std::string& name, double x, double y, double z) {
      Trajectory t(n, 3);
      t.rowwise() = Eigen::RowVector3d(x, y, z);
      data.emplace_back(name, t);
    };
    add("LASI", 0, 1, -0.12);
    add("RASI", 0, 1, 0.12);
    add("LPSI", -0.15, 1, -0.05);
    add("RPSI", -0.15, 1, 0.05);
    for (double side : {-1.0, 1.0}) {
      const std::string s = side < 0 ? "L" : "R";
      add(s + "THI", 0.02, 0.75, side * 0.16);
      add(s + "KNE", 0, 0.5, side * 0.15);
      add(s + "TIB", 0.02, 0.3, side * 0.14);
      add(s + "ANK", 0, 0.08, side * 0.13);
      add(s + "TOE", 0.15, 0.03, side * 0.1);
      add(s + "HEE", -0.05, 0.03, side * 0.1);
    }
    for (auto& [name, t] : data) markers.add(name, t);
  }
  Standing(const Standing&) = delete;  // markers view data
  Standing& operator=(const Standing&) = delete;
  static model::PigParameters parameters() {
    model::PigParameters p;
    p.leg_length_m = {0.9, 0.9};
    p.knee_width_m = {0.1, 0.1};
    p.ankle_width_m = {0.07, 0.07};
    return p;
  }
  TrajectoryMap toe(Side s) const { return markers.get(s == Side::Left ? "LTOE" : "RTOE"); }
};

}  // namespace hipmech::test
