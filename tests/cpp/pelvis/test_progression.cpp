// Progression frame detection (include/hipmech/pelvis/progression.hpp).
//
// Expected values: synthetic walks along known lab axes (the answer is the axis walked along),
// and the right-hand rule right = forward x up for the frame's columns.
#include <cmath>
#include <limits>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <Eigen/Geometry>

#include "helpers/eigen_matchers.hpp"
#include "hipmech/pelvis/progression.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using hipmech::InvalidArgument;
using hipmech::LabAxes;
using hipmech::NumericalError;
using hipmech::SignedAxis;
using hipmech::Trajectory;
using hipmech::geometry::Matrix3r;
using hipmech::geometry::Rotations;
using hipmech::pelvis::detect_progression;
using hipmech::pelvis::progression_from_axis;
using hipmech::pelvis::progression_from_orientation;
using hipmech::pelvis::ProgressionMethod;
using hipmech::testing::IsNear;

namespace {

const double nan_value = std::numeric_limits<double>::quiet_NaN();

/// n frames of a pelvis origin moving by `step` per frame with a small sway, height 0.95 m.
Trajectory walk(Eigen::Index n, const Eigen::RowVector3d& step) {
  Trajectory p(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    const double t = static_cast<double>(f);
    p.row(f) = t * step + Eigen::RowVector3d(0.01 * std::sin(0.3 * t), 0.02 * std::cos(0.3 * t), 0.95);
  }
  return p;
}

/// n copies of one pelvis orientation.
Rotations constant(Eigen::Index n, const Eigen::Matrix3d& R) {
  Rotations out(n, 9);
  for (Eigen::Index f = 0; f < n; ++f) Eigen::Map<Matrix3r>(out.row(f).data()) = R;
  return out;
}

}  // namespace

TEST_CASE("detect_progression finds the signed lab axis walked along", "[pelvis][progression]") {
  const LabAxes lab("Z", "X");
  const Rotations none(0, 9);
  SECTION("walking along -X (the validation trial's direction)") {
    const auto p = detect_progression(walk(200, {-0.012, 0.001, 0.0}), none, lab);
    CHECK(p.forward == SignedAxis::NegX);
    CHECK(p.method == ProgressionMethod::Displacement);
    CHECK_THAT(p.displacement_m, WithinAbs(199 * 0.012 - 0.01 * std::sin(0.3 * 199), 1e-12));
    // Columns: forward -X, up +Z, right = (-X) x Z = +Y.
    Eigen::Matrix3d expected;
    expected << -1, 0, 0, 0, 0, 1, 0, 1, 0;
    CHECK_THAT(p.R_lab_progression, IsNear(expected, 0.0));
    CHECK(p.axes.right() == SignedAxis::PosY);
  }
  SECTION("walking along +Y, missing frames at both ends skipped") {
    Trajectory o = walk(150, {0.0005, 0.01, 0.0});
    o.row(0).setConstant(nan_value);
    o.row(149).setConstant(nan_value);
    const auto p = detect_progression(o, none, lab);
    CHECK(p.forward == SignedAxis::PosY);
  }
  SECTION("a Y-up lab walking along -Z") {
    const LabAxes y_up("Y", "X");
    Trajectory o = walk(100, {0.0, 0.0, -0.011});
    o.col(1).setConstant(0.9);  // Y is up: no vertical motion
    const auto p = detect_progression(o, none, y_up);
    CHECK(p.forward == SignedAxis::NegZ);
    CHECK(p.axes.up() == SignedAxis::PosY);
  }
}

TEST_CASE("detect_progression falls back on the pelvis orientation below the threshold",
          "[pelvis][progression]") {
  const LabAxes lab("Z", "X");
  // Treadmill: the origin hardly moves; the pelvis faces -Y (its anterior axis, column 0, is
  // -Y, slightly tilted down), Y up along lab Z.
  Eigen::Matrix3d R;
  R.col(0) = Eigen::Vector3d(0.05, -0.99, -0.1).normalized();
  R.col(1) = Eigen::Vector3d(0, -0.1, 0.99).normalized();
  R.col(1) = (R.col(1) - R.col(1).dot(R.col(0)) * R.col(0)).normalized();
  R.col(2) = R.col(0).cross(R.col(1));
  const Trajectory o = walk(100, {0.001, 0.0, 0.0});  // 0.1 m < 0.8 m
  Rotations Rs = constant(100, R);
  Rs.row(3).setConstant(nan_value);  // a missing frame is skipped
  const auto p = detect_progression(o, Rs, lab);
  CHECK(p.forward == SignedAxis::NegY);
  CHECK(p.method == ProgressionMethod::PelvisOrientation);
  CHECK_THAT(p.displacement_m, WithinAbs(99 * 0.001 + 0.01 * std::sin(0.3 * 99), 1e-12));
  // With a lower threshold the displacement (along +X) decides.
  CHECK(detect_progression(o, Rs, lab, 0.05).forward == SignedAxis::PosX);
  CHECK(progression_from_orientation(Rs, lab).forward == SignedAxis::NegY);
}

TEST_CASE("progression_from_axis is the caller's override", "[pelvis][progression]") {
  const auto p = progression_from_axis(SignedAxis::NegY, LabAxes("Z", "X"));
  CHECK(p.method == ProgressionMethod::Given);
  CHECK(p.axes.forward() == SignedAxis::NegY);
  // right = (-Y) x Z = -X.
  CHECK_THAT(Eigen::Vector3d(p.R_lab_progression.col(2)), IsNear(Eigen::Vector3d(-1, 0, 0), 0.0));
  CHECK(std::isnan(p.displacement_m));
}

TEST_CASE("detect_progression rejects bad input", "[pelvis][progression]") {
  const LabAxes lab("Z", "X");
  const Trajectory o = walk(10, {0.001, 0.0, 0.0});
  SECTION("forward along up") {
    REQUIRE_THROWS_AS(progression_from_axis(SignedAxis::NegZ, lab), InvalidArgument);
  }
  SECTION("negative threshold") {
    REQUIRE_THROWS_WITH(detect_progression(o, Rotations(0, 9), lab, -1.0),
                        ContainsSubstring("min_displacement_m"));
  }
  SECTION("too little displacement and no orientation") {
    REQUIRE_THROWS_AS(detect_progression(o, Rotations(0, 9), lab), InvalidArgument);
    REQUIRE_THROWS_WITH(detect_progression(o, Rotations(0, 9), lab),
                        ContainsSubstring("R_lab_pelvis"));
  }
  SECTION("frames differ") {
    REQUIRE_THROWS_WITH(detect_progression(o, constant(9, Eigen::Matrix3d::Identity()), lab),
                        ContainsSubstring("R_lab_pelvis"));
  }
  SECTION("infinity in the origin") {
    Trajectory bad = o;
    bad(2, 1) = std::numeric_limits<double>::infinity();
    REQUIRE_THROWS_WITH(detect_progression(bad, Rotations(0, 9), lab),
                        ContainsSubstring("pelvis_origin_lab"));
  }
  SECTION("all frames missing") {
    Trajectory bad = Trajectory::Constant(5, 3, nan_value);
    Rotations Rs = Rotations::Constant(5, 9, nan_value);
    REQUIRE_THROWS_AS(detect_progression(bad, Rs, lab), NumericalError);
  }
}
