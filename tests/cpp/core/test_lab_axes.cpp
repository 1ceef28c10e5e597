#include <limits>
#include <string>

#include <Eigen/Geometry>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/eigen_matchers.hpp"
#include "hipmech/core/lab_axes.hpp"

using hipmech::LabAxes;
using hipmech::SignedAxis;
using hipmech::testing::IsNear;

namespace {
const SignedAxis all_axes[] = {SignedAxis::PosX, SignedAxis::NegX, SignedAxis::PosY,
                               SignedAxis::NegY, SignedAxis::PosZ, SignedAxis::NegZ};
}

TEST_CASE("LabAxes of the common labs", "[core][lab_axes]") {
  // Vicon/Qualisys: Z up, X forward, so Y points to the left and right is -Y.
  const LabAxes vicon;
  CHECK(vicon.up() == SignedAxis::PosZ);
  CHECK(vicon.forward() == SignedAxis::PosX);
  CHECK(vicon.right() == SignedAxis::NegY);
  CHECK(hipmech::to_string(vicon) == "LabAxes(up=+Z, forward=+X, right=-Y)");
  // OpenSim: Y up, X forward, Z right (already ISB-aligned).
  const LabAxes opensim("Y", "X");
  CHECK(opensim.right() == SignedAxis::PosZ);
  CHECK_THAT(opensim.R_isb_lab(), IsNear(Eigen::Matrix3d::Identity(), 0.0));
  // The pyCGM stair trial walks along -X in a Z-up lab.
  CHECK(LabAxes("z", "-x").right() == SignedAxis::PosY);
}

TEST_CASE("every valid LabAxes is a proper rotation and to_isb equals R * p", "[core][lab_axes]") {
  hipmech::Trajectory p(3, 3);
  p << 1.0, 2.0, 3.0,   //
      -0.5, 0.25, 8.0,  //
      std::numeric_limits<double>::quiet_NaN(), 1.0, 2.0;
  int combos = 0;
  for (SignedAxis up : all_axes) {
    for (SignedAxis forward : all_axes) {
      if (hipmech::axis_index(up) == hipmech::axis_index(forward)) continue;
      ++combos;
      const LabAxes lab(up, forward);
      const Eigen::Matrix3d R = lab.R_isb_lab();
      INFO(hipmech::to_string(lab));
      // Independent check of right(): Eigen's cross product of the unit vectors.
      CHECK_THAT(hipmech::unit_vector(lab.right()),
                 IsNear(hipmech::unit_vector(forward).cross(hipmech::unit_vector(up)), 0.0));
      CHECK_THAT(R * R.transpose(), IsNear(Eigen::Matrix3d::Identity(), 0.0));
      CHECK(R.determinant() == 1.0);
      // to_isb is the matrix product, computed here row by row with Eigen (NaN row aside).
      const hipmech::Trajectory q = lab.to_isb(p);
      for (int f = 0; f < 2; ++f) {
        CHECK_THAT(q.row(f).transpose(), IsNear(R * p.row(f).transpose(), 0.0));
      }
      CHECK(hipmech::count_missing_frames(q) == 1);
      CHECK_THAT(lab.from_isb(q), IsNear(p, 0.0));
      // height is the ISB Y component.
      CHECK_THAT(lab.height(p), IsNear(q.col(1), 0.0));
    }
  }
  CHECK(combos == 24);
}

TEST_CASE("LabAxes rejects bad axes and names the argument", "[core][lab_axes]") {
  using Catch::Matchers::Equals;
  SECTION("forward along up") {
    REQUIRE_THROWS_AS(LabAxes(SignedAxis::PosZ, SignedAxis::NegZ), hipmech::InvalidArgument);
    REQUIRE_THROWS_WITH(LabAxes("Z", "-Z"),
                        Equals("argument 'forward': expected an axis perpendicular to up (+Z), "
                               "got -Z"));
  }
  SECTION("unparseable up") {
    REQUIRE_THROWS_WITH(
        LabAxes("W", "X"),
        Equals("argument 'up': expected an axis such as 'X', '+Y' or '-Z', got 'W'"));
  }
  SECTION("empty and doubled signs") {
    REQUIRE_THROWS_AS(LabAxes("", "X"), hipmech::InvalidArgument);
    REQUIRE_THROWS_AS(LabAxes("Z", "--X"), hipmech::InvalidArgument);
    REQUIRE_THROWS_AS(LabAxes("Z", "XY"), hipmech::InvalidArgument);
  }
}

TEST_CASE("parse_signed_axis round-trips to_string", "[core][lab_axes]") {
  for (SignedAxis a : all_axes) {
    CHECK(hipmech::parse_signed_axis(hipmech::to_string(a), "axis") == a);
  }
  CHECK(hipmech::parse_signed_axis(" -y ", "axis") == SignedAxis::NegY);
}
