// 3-D knee angles with a valgus view (include/hipmech/knee/knee_angles.hpp).
//
// Expected values: Grood & Suntay (1983) angles computed from the axes as vectors (their
// e1 = thigh Z, e3 = shank Y, e2 = e3 x e1 floating) with the per-side clinical signs of
// docs/conventions.md; shanks built from known flexion, valgus and rotation with
// geometry::compose, checked against where those motions move the ankle and the shank's
// anterior axis; sagittal mirror symmetry (a right knee mirrored is a left knee).
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <string>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include "geometry/geometry_fixtures.hpp"
#include "helpers/eigen_matchers.hpp"
#include "helpers/thrown.hpp"
#include "hipmech/knee/knee_angles.hpp"

using hipmech::test::thrown_argument;
using hipmech::test::thrown_message;

using Catch::Matchers::WithinAbs;
using hipmech::InvalidArgument;
using hipmech::Series;
using hipmech::Side;
using hipmech::Trajectory;
using hipmech::geometry::CardanSequence;
using hipmech::geometry::compose;
using hipmech::geometry::Rotations;
using hipmech::geometry::rotation_at;
using hipmech::knee::knee_angles;
using hipmech::knee::KneeAngles;
using hipmech::testing::as_row;
using hipmech::testing::IsNear;
using hipmech::testing::random_rotation;

namespace {

constexpr double kDeg = 3.14159265358979323846 / 180.0;
const double nan_value = std::numeric_limits<double>::quiet_NaN();

double lateral(Side side) {
  return side == Side::Right ? 1.0 : -1.0;
}

/// Knee flexion, adduction (varus), internal rotation from Grood & Suntay's vector definitions
/// (P thigh axes, D shank axes as columns): e1 = Zp, e3 = Yd, e2 = e3 x e1 / |e3 x e1|;
/// about e1 atan2(e2 . Yp, e2 . Xp), about e2 asin(Zp . Yd), about e3 atan2(Zd . e2, Xd . e2).
/// Knee flexion is the negative rotation about Zp (the shank swings backwards); adduction and
/// internal rotation are right-handed on the right limb and mirrored on the left.
Eigen::Vector3d grood_suntay_knee(const Eigen::Matrix3d& P, const Eigen::Matrix3d& D, Side side) {
  const Eigen::Vector3d e1 = P.col(2), e3 = D.col(1);
  const Eigen::Vector3d e2 = e3.cross(e1).normalized();
  return {-std::atan2(e2.dot(P.col(1)), e2.dot(P.col(0))), lateral(side) * std::asin(e1.dot(e3)),
          lateral(side) * std::atan2(D.col(2).dot(e2), D.col(0).dot(e2))};
}

/// Random thigh and shank frames with a physiological relative rotation (flexion 0-120 deg,
/// ab/adduction and rotation within +-25 deg) and a random thigh.
void random_knees(std::mt19937& rng, Eigen::Index n, Rotations& thigh, Rotations& shank) {
  std::uniform_real_distribution<double> flex(0.0, 120 * kDeg), small(-25 * kDeg, 25 * kDeg);
  thigh.resize(n, 9);
  shank.resize(n, 9);
  Trajectory rel(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) rel.row(f) << -flex(rng), small(rng), small(rng);
  const Rotations R_rel = compose(rel, CardanSequence::ZXY);
  for (Eigen::Index f = 0; f < n; ++f) {
    const Eigen::Matrix3d T = random_rotation(rng);
    thigh.row(f) = as_row(T);
    shank.row(f) = as_row(T * Eigen::Matrix3d(rotation_at(R_rel, f)));
  }
}

}  // namespace

TEST_CASE("knee_angles are Grood & Suntay's knee angles with clinical signs", "[knee][knee_angles]") {
  std::mt19937 rng(29);
  const Eigen::Index n = 200;
  Rotations thigh, shank;
  random_knees(rng, n, thigh, shank);
  for (Side side : {Side::Left, Side::Right}) {
    CAPTURE(to_string(side));
    const KneeAngles k = knee_angles(thigh, shank, side);
    REQUIRE(k.rad.rows() == n);
    for (Eigen::Index f = 0; f < n; ++f) {
      const Eigen::Vector3d expected =
          grood_suntay_knee(rotation_at(thigh, f), rotation_at(shank, f), side);
      CHECK_THAT(Eigen::Vector3d(k.rad.row(f).transpose()), IsNear(expected, 1e-12));
    }
    // The same numbers as the model area's knee, and the valgus view is minus adduction.
    CHECK_THAT(k.rad, IsNear(hipmech::model::joint_angles(thigh, shank, side,
                                                          hipmech::model::Joint::Knee),
                             0.0));
    CHECK_THAT(k.flexion_rad(), IsNear(k.rad.col(0), 0.0));
    CHECK_THAT(k.adduction_rad(), IsNear(k.rad.col(1), 0.0));
    CHECK_THAT(k.valgus_rad(), IsNear(Series(-k.rad.col(1)), 0.0));
    CHECK_THAT(k.rotation_rad(), IsNear(k.rad.col(2), 0.0));
  }
}

TEST_CASE("knee_angles recover the flexion, valgus and rotation a shank was built with",
          "[knee][knee_angles]") {
  // Relative rotation R_thigh_shank = R_Z(-flexion) R_X(-lateral * valgus) R_Y(lateral *
  // rotation) (the JCS's ZXY order). Before trusting the signs, check what each motion does in
  // thigh coordinates (X anterior, Y up, Z right): flexion swings the ankle backwards, valgus
  // moves it laterally, internal rotation turns the shank's anterior axis medially.
  std::mt19937 rng(31);
  for (Side side : {Side::Left, Side::Right}) {
    const double lat = lateral(side);
    CAPTURE(to_string(side));
    {
      const Eigen::Vector3d a(-30 * kDeg, 0.0, 0.0), b(0.0, -lat * 10 * kDeg, 0.0),
          c(0.0, 0.0, lat * 20 * kDeg);
      const Eigen::Matrix3d F = hipmech::geometry::compose_one(a, CardanSequence::ZXY);
      const Eigen::Matrix3d V = hipmech::geometry::compose_one(b, CardanSequence::ZXY);
      const Eigen::Matrix3d I = hipmech::geometry::compose_one(c, CardanSequence::ZXY);
      CHECK((-F.col(1)).x() < 0.0);              // ankle behind the knee: flexion
      CHECK((-V.col(1)).z() * lat > 0.0);        // ankle lateral: valgus
      CHECK(I.col(0).z() * lat < 0.0);           // anterior axis turned medially: internal
    }
    const Eigen::Index n = 60;
    Trajectory truth(n, 3), rel(n, 3);
    std::uniform_real_distribution<double> flex(-5 * kDeg, 130 * kDeg), small(-20 * kDeg, 20 * kDeg);
    for (Eigen::Index f = 0; f < n; ++f) {
      truth.row(f) << flex(rng), small(rng), small(rng);  // flexion, valgus, internal rotation
      rel.row(f) << -truth(f, 0), -lat * truth(f, 1), lat * truth(f, 2);
    }
    const Rotations R_rel = compose(rel, CardanSequence::ZXY);
    Rotations thigh(n, 9), shank(n, 9);
    for (Eigen::Index f = 0; f < n; ++f) {
      const Eigen::Matrix3d T = random_rotation(rng);
      thigh.row(f) = as_row(T);
      shank.row(f) = as_row(T * Eigen::Matrix3d(rotation_at(R_rel, f)));
    }
    const KneeAngles k = knee_angles(thigh, shank, side);
    CHECK_THAT(k.flexion_rad(), IsNear(truth.col(0), 1e-12));
    CHECK_THAT(k.valgus_rad(), IsNear(truth.col(1), 1e-12));
    CHECK_THAT(k.adduction_rad(), IsNear(Series(-truth.col(1)), 1e-12));
    CHECK_THAT(k.rotation_rad(), IsNear(truth.col(2), 1e-12));
  }
}

TEST_CASE("knee_angles are mirror symmetric between the sides", "[knee][knee_angles]") {
  // Mirroring across the sagittal plane (M = diag(1, 1, -1)) turns a right limb into a left
  // one; its ISB frames, with Z turned back to the right, are M R M. The clinical angles of the
  // mirrored left knee equal those of the right knee.
  std::mt19937 rng(37);
  const Eigen::Index n = 100;
  Rotations thigh, shank;
  random_knees(rng, n, thigh, shank);
  const Eigen::Matrix3d M = Eigen::Vector3d(1.0, 1.0, -1.0).asDiagonal();
  Rotations thigh_m(n, 9), shank_m(n, 9);
  for (Eigen::Index f = 0; f < n; ++f) {
    thigh_m.row(f) = as_row(M * Eigen::Matrix3d(rotation_at(thigh, f)) * M);
    shank_m.row(f) = as_row(M * Eigen::Matrix3d(rotation_at(shank, f)) * M);
  }
  CHECK_THAT(knee_angles(thigh_m, shank_m, Side::Left).rad,
             IsNear(knee_angles(thigh, shank, Side::Right).rad, 1e-12));
  CHECK_THAT(knee_angles(thigh_m, shank_m, Side::Right).rad,
             IsNear(knee_angles(thigh, shank, Side::Left).rad, 1e-12));
}

TEST_CASE("knee_angles carry missing frames and reject bad input", "[knee][knee_angles]") {
  std::mt19937 rng(41);
  Rotations thigh, shank;
  random_knees(rng, 5, thigh, shank);
  const Trajectory full = knee_angles(thigh, shank, Side::Right).rad;
  Rotations thigh_gap = thigh, shank_gap = shank;
  thigh_gap(1, 3) = nan_value;
  shank_gap.row(3).setConstant(nan_value);
  const Trajectory gap = knee_angles(thigh_gap, shank_gap, Side::Right).rad;
  CHECK(gap.row(1).array().isNaN().all());
  CHECK(gap.row(3).array().isNaN().all());
  for (Eigen::Index f : {0, 2, 4}) CHECK_THAT(gap.row(f), IsNear(full.row(f), 0.0));

  SECTION("R_lab_shank with other #frames") {
    REQUIRE_THROWS_AS(knee_angles(thigh, shank.topRows(4), Side::Left), InvalidArgument);
    CHECK(thrown_argument([&] { (void)knee_angles(thigh, shank.topRows(4), Side::Left); }) ==
          "R_lab_shank");
  }
  SECTION("infinity") {
    Rotations bad = thigh;
    bad(2, 8) = std::numeric_limits<double>::infinity();
    REQUIRE_THROWS_AS(knee_angles(bad, shank, Side::Left), InvalidArgument);
    CHECK(thrown_argument([&] { (void)knee_angles(bad, shank, Side::Left); }) == "R_lab_thigh");
    CHECK(thrown_argument([&] { (void)knee_angles(thigh, bad, Side::Left); }) == "R_lab_shank");
  }
}

TEST_CASE("knee_angles: the result names its side and convention", "[knee][angles]") {
  // Identical thigh and shank frames: zero angles; the side and convention travel with them.
  hipmech::geometry::Rotations R(2, 9);
  for (Eigen::Index f = 0; f < 2; ++f) {
    R.row(f) << 1, 0, 0, 0, 1, 0, 0, 0, 1;
  }
  const hipmech::knee::KneeAngles a = hipmech::knee::knee_angles(R, R, hipmech::Side::Right);
  CHECK(a.side == hipmech::Side::Right);
  CHECK(std::string(hipmech::knee::KneeAngles::convention).find("Grood & Suntay") == 0);
  CHECK(a.rad.cwiseAbs().maxCoeff() == 0.0);
}
