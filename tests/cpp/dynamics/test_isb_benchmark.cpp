// Planar inverse dynamics against the ISB inverse-dynamics benchmark (van den Bogert & de
// Koning 1996, Proc. 9th Biennial Conf. Canadian Society for Biomechanics, pp. 214-215): a
// forward simulation of running at 10 kHz whose true joint moments are known
// (../shared/validation/isb_invdyn_vandenbogert, README there). Segment parameters are the
// benchmark's own. The moments in all.mom act on the distal segment, counter-clockwise
// positive with x forward and y up: the internal moment of PlanarJointLoads.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "hipmech/dynamics/newton_euler_2d.hpp"

using namespace hipmech;
using namespace hipmech::dynamics;

namespace {

hipmech::Channels read_columns(const std::string& name, Eigen::Index cols) {
  const std::filesystem::path file =
      std::filesystem::path(HIPMECH_VALIDATION_DIR) / "isb_invdyn_vandenbogert" / name;
  if (!std::filesystem::exists(file)) SKIP("validation data not found at " << file.string());
  std::ifstream in(file);
  std::vector<double> v;
  double x = 0;
  while (in >> x) v.push_back(x);
  REQUIRE(v.size() % static_cast<std::size_t>(cols) == 0);
  const Eigen::Index rows = static_cast<Eigen::Index>(v.size()) / cols;
  return Eigen::Map<hipmech::Channels>(v.data(), rows, cols);
}

struct Benchmark {
  Points2 hip, knee, ankle, toe;
  PlanarLoad load;
  hipmech::Channels moments;  // hip, knee, ankle [N m]
};

Benchmark read_benchmark() {
  const hipmech::Channels kin = read_columns("all.kin", 8);
  const hipmech::Channels frc = read_columns("all.frc", 3);
  Benchmark b;
  b.moments = read_columns("all.mom", 3);
  b.hip = kin.leftCols(2);
  b.knee = kin.middleCols(2, 2);
  b.ankle = kin.middleCols(4, 2);
  b.toe = kin.rightCols(2);
  const Eigen::Index n = kin.rows();
  b.load.force_n = frc.leftCols(2);
  b.load.point_m = Points2::Zero(n, 2);
  b.load.point_m.col(0) = frc.col(2);  // the ground is y = 0
  b.load.moment_nm = Series::Zero(n);
  return b;
}

std::vector<PlanarSegment> benchmark_chain(const Benchmark& b) {
  // Benchmark page: foot 1.00 kg, 0.0200 kg m^2, centre of mass at the ankle; shank 2.86 kg,
  // 0.042996389 kg m^2 at 0.4334975 knee->ankle; thigh 6.85 kg, 0.145361267 kg m^2 at
  // 0.4323725 hip->knee.
  return {PlanarSegment{b.ankle, b.toe, 1.00, 0.0, 0.0200},
          PlanarSegment{b.knee, b.ankle, 2.86, 0.4334975, 0.042996389},
          PlanarSegment{b.hip, b.knee, 6.85, 0.4323725, 0.145361267}};
}

}  // namespace

TEST_CASE("newton_euler_2d reproduces the ISB benchmark's true moments in stance",
          "[dynamics][newton_euler][validation]") {
  const Benchmark b = read_benchmark();
  const auto loads = newton_euler_2d(benchmark_chain(b), b.load, 10000.0);
  // Stance: the rows with a ground reaction (heel strike at row 3001, 1-based).
  double sum[3] = {0, 0, 0};
  int count = 0;
  for (Eigen::Index f = 0; f < b.load.force_n.rows(); ++f) {
    if (b.load.force_n(f, 1) <= 0.0) continue;
    ++count;
    for (int j = 0; j < 3; ++j) {
      const double e = loads[static_cast<std::size_t>(2 - j)].moment_nm[f] - b.moments(f, j);
      sum[j] += e * e;
    }
  }
  REQUIRE(count > 1000);
  const double rms_hip = std::sqrt(sum[0] / count), rms_knee = std::sqrt(sum[1] / count),
               rms_ankle = std::sqrt(sum[2] / count);
  INFO("stance RMS hip " << rms_hip << ", knee " << rms_knee << ", ankle " << rms_ankle);
  // Issue 6: <= 0.5 N m at every joint.
  CHECK(rms_hip <= 0.5);
  CHECK(rms_knee <= 0.5);
  CHECK(rms_ankle <= 0.5);
}
