// Quasi-static joint moments from the ground reaction (include/hipmech/hip/lever_arm.hpp).
//
// Sources, all independent of the function's own arithmetic:
// - the cross product written out component by component, (c - j) x F + T (the external
//   moment of the ground reaction about the joint; Winter 2009, ch. 5), and its negative for
//   the internal moment (docs/conventions.md);
// - dynamics::newton_euler_3d with the inertial terms and the weights switched off on a random
//   three-segment chain (foot, shank, thigh): by the statics of massless segments its ankle,
//   knee and hip moments equal the lever-arm moments about the chain's proximal joints with
//   the load at the centre of pressure (Wells 1981, J Biomech 14:73-82).
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <Eigen/Geometry>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/eigen_matchers.hpp"
#include "helpers/thrown.hpp"
#include "hipmech/dynamics/newton_euler.hpp"
#include "hipmech/hip/lever_arm.hpp"

using hipmech::test::thrown_argument;
using hipmech::test::thrown_message;

using namespace hipmech;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using hip::grf_lever_arm_moment;
using hipmech::testing::IsNear;

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

Trajectory random_rows(Eigen::Index n, std::mt19937& rng, double lo, double hi) {
  std::uniform_real_distribution<double> u(lo, hi);
  Trajectory t(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) t.row(f) << u(rng), u(rng), u(rng);
  return t;
}

/// (c - j) x F + T written out per component.
Trajectory external_by_hand(const Trajectory& F, const Trajectory& c, const Trajectory& j,
                            const Trajectory* T) {
  Trajectory out(F.rows(), 3);
  for (Eigen::Index f = 0; f < F.rows(); ++f) {
    const double rx = c(f, 0) - j(f, 0), ry = c(f, 1) - j(f, 1), rz = c(f, 2) - j(f, 2);
    out(f, 0) = ry * F(f, 2) - rz * F(f, 1);
    out(f, 1) = rz * F(f, 0) - rx * F(f, 2);
    out(f, 2) = rx * F(f, 1) - ry * F(f, 0);
    if (T != nullptr) out.row(f) += T->row(f);
  }
  return out;
}

const Trajectory kNoFree(0, 3);

}  // namespace

TEST_CASE("grf_lever_arm_moment is the cross product plus the free moment",
          "[hip][lever_arm]") {
  std::mt19937 rng(11u);
  const Eigen::Index n = 60;
  const Trajectory F = random_rows(n, rng, -900.0, 900.0);
  const Trajectory c = random_rows(n, rng, -1.0, 1.0);
  const Trajectory j = random_rows(n, rng, -1.0, 1.0);
  const Trajectory T = random_rows(n, rng, -5.0, 5.0);
  const Trajectory ext = external_by_hand(F, c, j, &T);
  // 1e3 N x 1 m: products of size ~1e3, round-off ~1e-13.
  CHECK_THAT(grf_lever_arm_moment(F, c, j, T, true), IsNear(ext, 1e-10));
  SECTION("internal = -external (the default)") {
    CHECK_THAT(grf_lever_arm_moment(F, c, j, T), IsNear(Trajectory(-ext), 1e-10));
    CHECK_THAT(grf_lever_arm_moment(F, c, j, T, false),
               IsNear(Trajectory(-grf_lever_arm_moment(F, c, j, T, true)), 0.0));
  }
  SECTION("no free moment: an empty array") {
    const Trajectory lever = external_by_hand(F, c, j, nullptr);
    CHECK_THAT(grf_lever_arm_moment(F, c, j, kNoFree, true), IsNear(lever, 1e-10));
    CHECK_THAT(grf_lever_arm_moment(F, c, j, kNoFree), IsNear(Trajectory(-lever), 1e-10));
    // The lever-arm moment is perpendicular to both the force and the lever arm.
    for (Eigen::Index f = 0; f < n; ++f) {
      CHECK_THAT(lever.row(f).dot(F.row(f)), WithinAbs(0.0, 1e-8));
      CHECK_THAT(lever.row(f).dot(c.row(f) - j.row(f)), WithinAbs(0.0, 1e-10));
    }
  }
  SECTION("a vertical force in front of and right of the joint, by hand") {
    // Z-up lab, X forward: 700 N up, 0.1 m in front of the joint and 0.05 m to the right
    // (+Y left in a right-handed X forward, Z up lab: -0.05 in Y): external M = r x F =
    // (ry Fz, -rx Fz, 0) = (-35, -70, 0).
    Trajectory F1(1, 3), c1(1, 3), j1(1, 3);
    F1 << 0.0, 0.0, 700.0;
    c1 << 0.1, -0.05, 0.0;
    j1 << 0.0, 0.0, 0.9;
    Trajectory expected(1, 3);
    expected << -35.0, -70.0, 0.0;
    CHECK_THAT(grf_lever_arm_moment(F1, c1, j1, kNoFree, true), IsNear(expected, 1e-12));
  }
}

TEST_CASE("grf_lever_arm_moment: NaN stays in its frame", "[hip][lever_arm]") {
  std::mt19937 rng(12u);
  const Eigen::Index n = 8;
  Trajectory F = random_rows(n, rng, -900.0, 900.0);
  Trajectory c = random_rows(n, rng, -1.0, 1.0);
  Trajectory j = random_rows(n, rng, -1.0, 1.0);
  Trajectory T = random_rows(n, rng, -5.0, 5.0);
  F(1, 0) = kNan;
  c(3, 2) = kNan;
  j(5, 1) = kNan;
  T(6, 2) = kNan;
  const Trajectory m = grf_lever_arm_moment(F, c, j, T);
  for (Eigen::Index f : {1, 3, 5, 6}) {
    INFO("frame " << f);
    CHECK(m.row(f).array().isNaN().any());
  }
  for (Eigen::Index f : {0, 2, 4, 7}) {
    INFO("frame " << f);
    CHECK(m.row(f).allFinite());
    CHECK_THAT(m.row(f), IsNear(Trajectory(-external_by_hand(F, c, j, &T)).row(f), 1e-10));
  }
  // Without the free moment, frame 6 is complete.
  CHECK(grf_lever_arm_moment(F, c, j, kNoFree).row(6).allFinite());
}

TEST_CASE("grf_lever_arm_moment rejects bad input naming the argument", "[hip][lever_arm]") {
  std::mt19937 rng(13u);
  const Eigen::Index n = 10;
  const Trajectory F = random_rows(n, rng, -900.0, 900.0);
  const Trajectory c = random_rows(n, rng, -1.0, 1.0);
  const Trajectory j = random_rows(n, rng, -1.0, 1.0);
  const Trajectory T = random_rows(n, rng, -5.0, 5.0);
  const Trajectory short_t = c.topRows(n - 1);
  const Trajectory long_t = random_rows(n + 1, rng, -1.0, 1.0);
  SECTION("frame counts") {
    REQUIRE_THROWS_AS(grf_lever_arm_moment(F, short_t, j, T), InvalidArgument);
    CHECK(thrown_argument([&] { (void)grf_lever_arm_moment(F, short_t, j, T); }) == "cop_m");
    CHECK_THAT(thrown_message([&] { (void)grf_lever_arm_moment(F, short_t, j, T); }),
               ContainsSubstring("10 frames") && ContainsSubstring("'force_n'"));
    REQUIRE_THROWS_AS(grf_lever_arm_moment(F, c, short_t, T), InvalidArgument);
    CHECK(thrown_argument([&] { (void)grf_lever_arm_moment(F, c, short_t, T); }) ==
          "joint_centre_m");
    REQUIRE_THROWS_AS(grf_lever_arm_moment(F, c, j, long_t), InvalidArgument);
    CHECK(thrown_argument([&] { (void)grf_lever_arm_moment(F, c, j, long_t); }) ==
          "free_moment_nm");
    // The force sets the count: a short force makes the others mismatch.
    CHECK(thrown_argument([&] { (void)grf_lever_arm_moment(short_t, c, j, T); }) == "cop_m");
  }
  SECTION("infinity") {
    for (int k = 0; k < 4; ++k) {
      Trajectory a[4] = {F, c, j, T};
      a[k](4, 1) = kInf;
      const char* names[4] = {"force_n", "cop_m", "joint_centre_m", "free_moment_nm"};
      INFO("argument " << names[k]);
      REQUIRE_THROWS_AS(grf_lever_arm_moment(a[0], a[1], a[2], a[3]), InvalidArgument);
      CHECK(thrown_argument([&] { (void)grf_lever_arm_moment(a[0], a[1], a[2], a[3]); }) ==
            names[k]);
    }
  }
}

namespace {

void set_rotation(geometry::Rotations& R, Eigen::Index f, const Eigen::Matrix3d& M) {
  Eigen::Map<geometry::Matrix3r>(R.row(f).data()) = M;
}

}  // namespace

TEST_CASE("grf_lever_arm_moment equals newton_euler_3d without inertia and weight",
          "[hip][lever_arm][dynamics]") {
  // A random 3-segment chain (foot, shank, thigh) with random frames, origins, joint centres
  // and inertia; the ground reaction F at the centre of pressure c with free moment T.
  std::mt19937 rng(14u);
  std::normal_distribution<double> g(0.0, 1.0);
  const Eigen::Index n = 40;
  struct Seg {
    geometry::Rotations R;
    Trajectory origin, joint;
    dynamics::SegmentInertia inertia;
  };
  std::vector<Seg> segs(3);
  const double masses[3] = {1.2, 3.7, 8.5};
  for (std::size_t s = 0; s < 3; ++s) {
    Seg& seg = segs[s];
    seg.R.resize(n, 9);
    for (Eigen::Index f = 0; f < n; ++f) {
      Eigen::Quaterniond q(g(rng), g(rng), g(rng), g(rng));
      set_rotation(seg.R, f, q.normalized().toRotationMatrix());
    }
    seg.origin = random_rows(n, rng, -0.5, 1.0);
    seg.joint = random_rows(n, rng, -0.5, 1.0);
    seg.inertia.mass_kg = masses[s];
    seg.inertia.com_m = Eigen::Vector3d(0.01, -0.15, 0.02) * static_cast<double>(s + 1);
    seg.inertia.inertia_kgm2 = Eigen::Vector3d(0.05, 0.01, 0.06).asDiagonal();
    seg.inertia.inertia_kgm2 *= static_cast<double>(s + 1);
  }
  dynamics::ExternalLoad load;
  load.force_n = random_rows(n, rng, -800.0, 800.0);
  load.point_m = random_rows(n, rng, -0.5, 0.5);
  load.moment_nm = Trajectory::Zero(n, 3);
  load.moment_nm.col(2) = random_rows(n, rng, -8.0, 8.0).col(0);  // free moment about Z
  // Two frames with a missing input, which both methods must leave NaN.
  load.force_n(7, 1) = kNan;
  load.point_m(21, 0) = kNan;
  std::vector<dynamics::LimbSegment> chain;
  for (const Seg& s : segs) chain.push_back({s.R, s.origin, s.joint, s.inertia});
  dynamics::NewtonEulerOptions o;
  o.inertial = false;
  o.weight = false;
  const std::vector<dynamics::JointLoads> j = dynamics::newton_euler_3d(chain, load, 100.0, o);
  REQUIRE(j.size() == 3);
  const char* joints[3] = {"ankle", "knee", "hip"};
  for (std::size_t s = 0; s < 3; ++s) {
    INFO(joints[s]);
    const Trajectory lever =
        grf_lever_arm_moment(load.force_n, load.point_m, segs[s].joint, load.moment_nm);
    // Round-off: forces ~1e3 N times lever arms ~1 m, summed over the chain.
    CHECK_THAT(j[s].moment_nm, IsNear(lever, 1e-9));
    // The joint force is minus the ground reaction (massless segments).
    CHECK_THAT(j[s].force_n, IsNear(Trajectory(-load.force_n), 1e-9));
    CHECK(j[s].moment_nm.row(7).array().isNaN().any());
    CHECK(j[s].moment_nm.row(21).array().isNaN().any());
  }
  // And the external form is the opposite.
  CHECK_THAT(grf_lever_arm_moment(load.force_n, load.point_m, segs[2].joint, load.moment_nm, true),
             IsNear(Trajectory(-j[2].moment_nm), 1e-9));
}
