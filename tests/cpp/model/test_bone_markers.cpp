// Segment frames from Plug-in Gait bone markers (include/hipmech/model/bone_markers.hpp).
//
// Expected values: synthetic bone markers placed 100 mm along known Plug-in Gait axes of a
// known segment (Vicon, "Plug-in Gait Reference Guide", output bone markers: {bone}O origin,
// {bone}A, {bone}L, {bone}P along the segment's X (anterior), Y (left), Z (proximal); for the
// foot X points up and Z from the toe to the ankle). Relabelled to ISB axes (X anterior,
// Y proximal, Z right) the frame is X = A - O, Y = P - O, Z = -(L - O) (foot: X = O - P,
// Y = A - O, Z = -(L - O)), each divided by 100 mm.
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "geometry/geometry_fixtures.hpp"
#include "helpers/eigen_matchers.hpp"
#include "hipmech/model/bone_markers.hpp"

using Catch::Matchers::ContainsSubstring;
using hipmech::InvalidArgument;
using hipmech::Trajectory;
using hipmech::geometry::rotation_at;
using hipmech::geometry::SegmentFrames;
using hipmech::io::Markers;
using hipmech::model::bone_marker_frames;
using hipmech::testing::IsNear;
using hipmech::testing::random_rotation;

namespace {

const double nan_value = std::numeric_limits<double>::quiet_NaN();

/// The four bone markers of one segment over n frames, from its true ISB frames.
struct BoneMarkers {
  Trajectory O, A, L, P;
  std::vector<Eigen::Matrix3d> R_isb;  // true frames: columns X anterior, Y proximal, Z right

  BoneMarkers(std::mt19937& rng, Eigen::Index n, bool foot) : O(n, 3), A(n, 3), L(n, 3), P(n, 3) {
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    for (Eigen::Index f = 0; f < n; ++f) {
      const Eigen::Matrix3d R = random_rotation(rng);
      R_isb.push_back(R);
      const Eigen::RowVector3d o(u(rng), u(rng), 0.5 + u(rng));
      const Eigen::RowVector3d X = R.col(0).transpose(), Y = R.col(1).transpose(),
                               Z = R.col(2).transpose();
      // Plug-in Gait axes: long bones X_pig = X (anterior), Y_pig = -Z (left), Z_pig = Y
      // (proximal); foot X_pig = Y (up), Y_pig = -Z (left), Z_pig = -X (toe to ankle).
      const Eigen::RowVector3d x_pig = foot ? Y : X, y_pig = -Z, z_pig = foot ? Eigen::RowVector3d(-X) : Y;
      O.row(f) = o;
      A.row(f) = o + 0.1 * x_pig;
      L.row(f) = o + 0.1 * y_pig;
      P.row(f) = o + 0.1 * z_pig;
    }
  }

  void add_to(Markers& m, const std::string& bone) const {
    m.add(bone + "O", O);
    m.add(bone + "A", A);
    m.add(bone + "L", L);
    m.add(bone + "P", P);
  }
};

}  // namespace

TEST_CASE("bone_marker_frames recover the ISB frame of long bones and the pelvis",
          "[model][bone_markers]") {
  std::mt19937 rng(43);
  const Eigen::Index n = 40;
  for (const char* bone : {"LFE", "RFE", "LTI", "RTI", "PEL"}) {
    CAPTURE(bone);
    const BoneMarkers b(rng, n, false);
    Markers m;
    b.add_to(m, bone);
    const SegmentFrames fr = bone_marker_frames(m, bone);
    REQUIRE(fr.n_frames() == n);
    CHECK_THAT(fr.origin, IsNear(b.O, 0.0));
    for (Eigen::Index f = 0; f < n; ++f) {
      const Eigen::Matrix3d R = rotation_at(fr.R_lab_segment, f);
      CHECK_THAT(R, IsNear(b.R_isb[static_cast<std::size_t>(f)], 1e-14));
      // The relabelling read straight off the markers.
      CHECK_THAT(R.col(0), IsNear(((b.A.row(f) - b.O.row(f)) / 0.1).transpose(), 1e-14));
      CHECK_THAT(R.col(1), IsNear(((b.P.row(f) - b.O.row(f)) / 0.1).transpose(), 1e-14));
      CHECK_THAT(R.col(2), IsNear((-(b.L.row(f) - b.O.row(f)) / 0.1).transpose(), 1e-14));
    }
  }
}

TEST_CASE("bone_marker_frames recover the ISB frame of the foot", "[model][bone_markers]") {
  std::mt19937 rng(47);
  const Eigen::Index n = 40;
  for (const char* bone : {"LFO", "RFO"}) {
    CAPTURE(bone);
    const BoneMarkers b(rng, n, true);
    Markers m;
    b.add_to(m, bone);
    const SegmentFrames fr = bone_marker_frames(m, bone);
    for (Eigen::Index f = 0; f < n; ++f) {
      const Eigen::Matrix3d R = rotation_at(fr.R_lab_segment, f);
      CHECK_THAT(R, IsNear(b.R_isb[static_cast<std::size_t>(f)], 1e-14));
      CHECK_THAT(R.col(0), IsNear(((b.O.row(f) - b.P.row(f)) / 0.1).transpose(), 1e-14));
      CHECK_THAT(R.col(1), IsNear(((b.A.row(f) - b.O.row(f)) / 0.1).transpose(), 1e-14));
      CHECK_THAT(R.col(2), IsNear((-(b.L.row(f) - b.O.row(f)) / 0.1).transpose(), 1e-14));
    }
  }
}

TEST_CASE("bone_marker_frames: a fixed example, missing samples and missing markers",
          "[model][bone_markers]") {
  // A femur standing upright in a Vicon lab (Z up, X forward, Y left), origin at the knee:
  // Plug-in Gait X forward = lab +X, Y left = lab +Y, Z up = lab +Z; ISB X = lab X,
  // Y = lab Z, Z (right) = lab -Y.
  Trajectory O(3, 3), A(3, 3), L(3, 3), P(3, 3);
  O << 0.1, 0.2, 0.5, 0.1, 0.2, 0.5, nan_value, 0.2, 0.5;
  A = O;
  A.col(0).array() += 0.1;
  L = O;
  L.col(1).array() += 0.1;
  P = O;
  P.col(2).array() += 0.1;
  P(1, 2) = nan_value;
  Markers m;
  m.add("RFEO", O);
  m.add("RFEA", A);
  m.add("RFEP", P);
  const SegmentFrames fr = bone_marker_frames(m, "RFE");  // RFEL is not needed
  Eigen::Matrix3d expected;
  expected << 1, 0, 0, 0, 0, -1, 0, 1, 0;
  CHECK_THAT(Eigen::Matrix3d(rotation_at(fr.R_lab_segment, 0)), IsNear(expected, 1e-15));
  CHECK(fr.R_lab_segment.row(1).array().isNaN().all());  // a missing marker sample
  CHECK(fr.origin.row(1).array().isNaN().all());
  CHECK(fr.R_lab_segment.row(2).array().isNaN().all());  // a missing origin sample

  SECTION("missing markers are listed") {
    Markers partial;
    partial.add("LTIO", O);
    partial.add("LTIL", L);
    REQUIRE_THROWS_AS(bone_marker_frames(partial, "LTI"), InvalidArgument);
    try {
      (void)bone_marker_frames(partial, "LTI");
      FAIL("no exception");
    } catch (const InvalidArgument& e) {
      CHECK(e.argument() == "markers");
      CHECK(e.expected() == "the markers 'LTIA', 'LTIP'");
      CHECK_THAT(e.got(), ContainsSubstring("'LTIO', 'LTIL'"));
    }
  }
  SECTION("a bone that is not there") {
    REQUIRE_THROWS_AS(bone_marker_frames(m, "LFE"), InvalidArgument);
    try {
      (void)bone_marker_frames(m, "LFE");
      FAIL("no exception");
    } catch (const InvalidArgument& e) {
      CHECK(e.argument() == "markers");
      CHECK(e.expected() == "the markers 'LFEO', 'LFEA', 'LFEP'");
    }
  }
}
