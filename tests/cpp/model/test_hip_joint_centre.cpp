// Hip joint centre regressions against their published equations, and the chord function
// against its geometric definition.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <cmath>
#include <limits>

#include "hipmech/model.hpp"

using namespace hipmech;
using Catch::Matchers::WithinAbs;

TEST_CASE("hip joint centre regressions follow the published equations", "[model]") {
  const double pw = 0.25, pd = 0.16, ll = 0.92;
  // Bell et al. (1990) J Biomech 23:617: 19 % posterior, 30 % inferior, 36 % lateral of PW.
  const Eigen::Vector3d bell = model::bell_hip_joint_centre(pw, Side::Left);
  CHECK((bell - Eigen::Vector3d(-0.0475, -0.075, -0.09)).norm() < 1e-15);
  // Harrington et al. (2007) J Biomech 40:595, in mm: x = -0.24PD - 9.9,
  // y = -0.16PW - 0.04LL - 7.1, z = 0.28PD + 0.16PW + 7.9.
  const Eigen::Vector3d h = model::harrington_hip_joint_centre(pw, pd, ll, Side::Right);
  CHECK((h * 1e3 - Eigen::Vector3d(-48.3, -83.9, 92.7)).norm() < 1e-12);
  // Width only: x = -0.138PW - 10.4, y = -0.305PW - 10.9, z = 0.33PW + 7.3.
  const Eigen::Vector3d hw = model::harrington_width_only_hip_joint_centre(pw, Side::Right);
  CHECK((hw * 1e3 - Eigen::Vector3d(-44.9, -87.15, 89.8)).norm() < 1e-12);
  // Left and right are mirror images.
  CHECK((model::harrington_hip_joint_centre(pw, pd, ll, Side::Left) -
         Eigen::Vector3d(h.x(), h.y(), -h.z()))
            .norm() < 1e-15);
  // Plug-in Gait's default ASIS-trochanter distance: 0.1288 LL - 48.56 mm.
  CHECK_THAT(model::default_asis_trochanter_distance(0.877), WithinAbs(0.06439760, 1e-8));

  SECTION("bad measurements are named") {
    REQUIRE_THROWS_AS(model::bell_hip_joint_centre(0.0, Side::Left), InvalidArgument);
    REQUIRE_THROWS_AS(model::harrington_hip_joint_centre(pw, std::nan(""), ll, Side::Left),
                      InvalidArgument);
    REQUIRE_THROWS_AS(model::davis_hip_joint_centre(0.9, pw, 0.06, -0.001, Side::Left),
                      InvalidArgument);
  }
}

TEST_CASE("chord_function meets its geometric definition", "[model]") {
  // c = lateral marker at the origin, b = proximal centre straight above, a = wand lateral.
  Trajectory a(2, 3), b(2, 3), c(2, 3);
  a << 0.0, 0.2, 0.1, 0.0, 0.2, 0.1;
  b << 0.0, 0.4, -0.05, 0.0, 0.4, -0.05;
  c.setZero();
  const double offset = 0.06;
  const Trajectory j = model::chord_function(a, b, c, offset);
  for (Eigen::Index f = 0; f < 2; ++f) {
    const Eigen::Vector3d J = j.row(f).transpose();
    CHECK_THAT(J.norm(), WithinAbs(offset, 1e-15));                       // |J - c| = offset
    CHECK_THAT((b.row(f).transpose() - J).dot(-J), WithinAbs(0.0, 1e-15));  // right angle at J
    CHECK(std::abs(J.x()) < 1e-15);                                       // in the plane x = 0
    CHECK(J.z() < 0);                                                     // away from the wand
  }
  SECTION("impossible geometry gives NaN, bad offsets throw") {
    const Trajectory far = model::chord_function(a, b, c, 1.0);  // offset longer than |b - c|
    CHECK(far.array().isNaN().all());
    REQUIRE_THROWS_AS(model::chord_function(a, b, c, -1.0), InvalidArgument);
    REQUIRE_THROWS_AS(model::chord_function(a, b.topRows(1), c, offset), InvalidArgument);
    Trajectory bad = a;
    bad(1, 2) = std::numeric_limits<double>::infinity();
    REQUIRE_THROWS_AS(model::chord_function(bad, b, c, offset), InvalidArgument);
  }
}
