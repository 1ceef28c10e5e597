// 2-D pelvic obliquity from video keypoints (include/hipmech/pelvis/drop_2d.hpp).
//
// Expected values: keypoints placed analytically at a known angle (left hip higher by theta),
// seen from behind and from the front (mirrored x), in a straight and a rolled image.
#include <cmath>
#include <limits>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/eigen_matchers.hpp"
#include "hipmech/pelvis/drop_2d.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using hipmech::InvalidArgument;
using hipmech::Points2;
using hipmech::Series;
using hipmech::Side;
using hipmech::pelvis::FloorLine;
using hipmech::pelvis::obliquity_2d;
using hipmech::testing::IsNear;

namespace {

constexpr double kDeg = 3.14159265358979323846 / 180.0;
const double nan_value = std::numeric_limits<double>::quiet_NaN();

/// Left and right hip keypoints [px, y down] with the left hip higher by theta (frame f has
/// theta = thetas[f]), half-width 60 px, centre (640, 400). `behind`: camera behind the
/// subject, whose left is on the image left; otherwise in front (left on the image right).
void hips(const Series& thetas, bool behind, Points2& left, Points2& right) {
  const Eigen::Index n = thetas.size();
  left.resize(n, 2);
  right.resize(n, 2);
  const double side_x = behind ? -1.0 : 1.0;  // image x direction of the subject's left
  for (Eigen::Index f = 0; f < n; ++f) {
    const double c = std::cos(thetas[f]) * 60.0, s = std::sin(thetas[f]) * 60.0;
    left.row(f) << 640.0 + side_x * c, 400.0 - s;   // higher = smaller y
    right.row(f) << 640.0 - side_x * c, 400.0 + s;
  }
}

Series thetas() {
  Series t(5);
  t << 0.0, 4 * kDeg, -7 * kDeg, 12 * kDeg, -0.5 * kDeg;
  return t;
}

}  // namespace

TEST_CASE("obliquity_2d recovers the analytic angle from behind and from the front",
          "[pelvis][drop2d]") {
  const Series t = thetas();
  for (bool behind : {true, false}) {
    CAPTURE(behind);
    Points2 l, r;
    hips(t, behind, l, r);
    CHECK_THAT(obliquity_2d(l, r, Side::Left), IsNear(t, 1e-14));
    CHECK_THAT(obliquity_2d(l, r, Side::Right), IsNear(Series(-t), 1e-14));
  }
}

TEST_CASE("obliquity_2d measures relative to a floor line in a rolled image", "[pelvis][drop2d]") {
  // Roll the whole image by phi about the origin (a tilted camera): the floor line rolls too,
  // and the angle relative to it is unchanged.
  const double phi = 9 * kDeg;
  const Series t = thetas();
  Points2 l, r;
  hips(t, true, l, r);
  Eigen::Matrix2d roll;
  roll << std::cos(phi), -std::sin(phi), std::sin(phi), std::cos(phi);
  const Points2 lr = l * roll.transpose();
  const Points2 rr = r * roll.transpose();
  FloorLine floor;
  floor.a_px = roll * Eigen::Vector2d(100, 900);
  floor.b_px = roll * Eigen::Vector2d(1200, 900);
  CHECK_THAT(obliquity_2d(lr, rr, Side::Left, floor), IsNear(t, 1e-13));
  // The same floor given right to left.
  std::swap(floor.a_px, floor.b_px);
  CHECK_THAT(obliquity_2d(lr, rr, Side::Left, floor), IsNear(t, 1e-13));
  // Against the image horizontal the roll adds to the angle. In image coordinates (y down) a
  // rotation by +phi turns the line from the right hip to the left hip (behind view: pointing
  // to -x) so that the left end goes up by phi: obliquity_left = theta + phi.
  CHECK_THAT(obliquity_2d(lr, rr, Side::Left), IsNear(Series(t.array() + phi), 1e-13));
}

TEST_CASE("obliquity_2d marks missing and coincident keypoints NaN and rejects bad input",
          "[pelvis][drop2d]") {
  Points2 l, r;
  hips(thetas(), true, l, r);
  l(1, 0) = nan_value;
  r.row(2) = l.row(2);
  const Series o = obliquity_2d(l, r, Side::Left);
  CHECK(std::isnan(o[1]));
  CHECK(std::isnan(o[2]));
  CHECK_THAT(o[3], WithinAbs(12 * kDeg, 1e-14));

  SECTION("frames differ") {
    REQUIRE_THROWS_WITH(obliquity_2d(l, r.topRows(3), Side::Left), ContainsSubstring("right_hip_px"));
  }
  SECTION("infinity") {
    l(0, 1) = std::numeric_limits<double>::infinity();
    REQUIRE_THROWS_WITH(obliquity_2d(l, r, Side::Left), ContainsSubstring("left_hip_px"));
  }
  SECTION("degenerate floor") {
    FloorLine same;
    same.b_px = same.a_px;
    REQUIRE_THROWS_AS(obliquity_2d(l, r, Side::Left, same), InvalidArgument);
    FloorLine vertical;
    vertical.b_px = Eigen::Vector2d(0, 10);
    REQUIRE_THROWS_WITH(obliquity_2d(l, r, Side::Left, vertical), ContainsSubstring("floor"));
  }
}
