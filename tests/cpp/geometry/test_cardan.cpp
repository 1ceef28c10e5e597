// Cardan/Euler composition and decomposition for the twelve sequences (cardan.hpp).
// Independent references: Eigen's AngleAxis products for compose; round trips and hand-derived
// gimbal-lock identities (e.g. R_x(a) R_y(pi/2) R_z(c) = R_x(a + c) R_y(pi/2)) for decompose.
#include <cmath>
#include <limits>
#include <random>
#include <string>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include "geometry/geometry_fixtures.hpp"
#include "helpers/eigen_matchers.hpp"
#include "hipmech/geometry.hpp"

using namespace hipmech::geometry;
using hipmech::Trajectory;
using hipmech::testing::as_row;
using hipmech::testing::IsNear;
using hipmech::testing::kPi;
using hipmech::testing::random_angles;
using hipmech::testing::random_rotation;
using hipmech::testing::reference_compose;
using Catch::Matchers::WithinAbs;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
}

TEST_CASE("parse_sequence and sequence names", "[geometry][cardan]") {
  CHECK(parse_sequence("zxy") == CardanSequence::ZXY);
  CHECK(parse_sequence(" Z-X-Y ") == CardanSequence::ZXY);
  CHECK(parse_sequence("y,x,y") == CardanSequence::YXY);
  for (CardanSequence s : all_sequences) CHECK(parse_sequence(to_string(s)) == s);
  CHECK_THROWS_AS(parse_sequence("XXY"), hipmech::InvalidArgument);
  CHECK_THROWS_AS(parse_sequence("ZX"), hipmech::InvalidArgument);
}

TEST_CASE("compose equals the AngleAxis product for all 12 sequences", "[geometry][cardan]") {
  // Reference: Eigen::AngleAxisd, right-handed rotations about the moving axes.
  std::mt19937 rng(1);
  std::uniform_real_distribution<double> u(-7.0, 7.0);  // any angles, beyond the ranges too
  for (CardanSequence s : all_sequences) {
    INFO(std::string(to_string(s)));
    Trajectory angles(50, 3);
    for (Eigen::Index f = 0; f < angles.rows(); ++f) angles.row(f) << u(rng), u(rng), u(rng);
    const Rotations R = compose(angles, s);
    REQUIRE(R.rows() == 50);
    for (Eigen::Index f = 0; f < angles.rows(); ++f) {
      const Eigen::Matrix3d expected = reference_compose(angles.row(f).transpose(), s);
      CHECK_THAT(R.row(f), IsNear(as_row(expected), 1e-14));
      CHECK_THAT(compose_one(angles.row(f).transpose(), s), IsNear(expected, 1e-14));
    }
  }
}

TEST_CASE("decompose inverts compose on random angles in range", "[geometry][cardan]") {
  std::mt19937 rng(2);
  for (CardanSequence s : all_sequences) {
    INFO(std::string(to_string(s)));
    Trajectory angles(1000, 3);
    for (Eigen::Index f = 0; f < angles.rows(); ++f) angles.row(f) = random_angles(rng, s).transpose();
    const Trajectory back = decompose(compose(angles, s), s);
    CHECK_THAT(back, IsNear(angles, 1e-9));  // 1e-9: conditioning near the range ends
  }
}

TEST_CASE("compose inverts decompose on random rotations; ranges hold", "[geometry][cardan]") {
  std::mt19937 rng(3);
  Rotations R(2000, 9);
  for (Eigen::Index f = 0; f < R.rows(); ++f) R.row(f) = as_row(random_rotation(rng));
  for (CardanSequence s : all_sequences) {
    INFO(std::string(to_string(s)));
    const Trajectory a = decompose(R, s);
    CHECK_THAT(compose(a, s), IsNear(R, 2e-15 * 8));
    const double lo2 = is_cardan(s) ? -kPi / 2 : 0.0;
    const double hi2 = is_cardan(s) ? kPi / 2 : kPi;
    CHECK((a.col(0).array() > -kPi).all());
    CHECK((a.col(0).array() <= kPi).all());
    CHECK((a.col(2).array() > -kPi).all());
    CHECK((a.col(2).array() <= kPi).all());
    CHECK((a.col(1).array() >= lo2).all());
    CHECK((a.col(1).array() <= hi2).all());
    for (Eigen::Index f = 0; f < 5; ++f) {
      CHECK_THAT(decompose_one(rotation_at(R, f), s), IsNear(a.row(f).transpose(), 0.0));
    }
  }
}

TEST_CASE("angles of exactly +-pi come back as +pi", "[geometry][cardan]") {
  // R_z(pi) R_x(0) R_y(0) has a1 = pi exactly; (-pi, pi] excludes -pi.
  const Eigen::Vector3d a = decompose_one(compose_one({-kPi, 0.0, 0.0}, CardanSequence::ZXY),
                                          CardanSequence::ZXY);
  CHECK_THAT(std::abs(a(0)), WithinAbs(kPi, 1e-15));
  CHECK(a(0) > 0.0);
}

TEST_CASE("gimbal lock: a3 = 0 and a1 takes the merged rotation", "[geometry][cardan]") {
  // Hand-derived: R_y(+-pi/2) R_z(c) R_y(-+pi/2) = R_x(+-c), so
  // R_x(a) R_y(pi/2) R_z(c) = R_x(a + c) R_y(pi/2) and R_x(a) R_y(-pi/2) R_z(c) = R_x(a - c) R_y(-pi/2).
  const double a = 0.3, c = 0.2;
  Eigen::Vector3d up = decompose_one(compose_one({a, kPi / 2, c}, CardanSequence::XYZ), CardanSequence::XYZ);
  CHECK_THAT(up, IsNear(Eigen::Vector3d(a + c, kPi / 2, 0.0), 1e-14));
  Eigen::Vector3d down =
      decompose_one(compose_one({a, -kPi / 2, c}, CardanSequence::XYZ), CardanSequence::XYZ);
  CHECK_THAT(down, IsNear(Eigen::Vector3d(a - c, -kPi / 2, 0.0), 1e-14));
  // Euler ZXZ: a2 = 0 gives R_z(a + c); a2 = pi: R_x(pi) R_z(c) = R_z(-c) R_x(pi), so a1 = a - c.
  Eigen::Vector3d zero = decompose_one(compose_one({a, 0.0, c}, CardanSequence::ZXZ), CardanSequence::ZXZ);
  CHECK_THAT(zero, IsNear(Eigen::Vector3d(a + c, 0.0, 0.0), 1e-14));
  Eigen::Vector3d pi = decompose_one(compose_one({a, kPi, c}, CardanSequence::ZXZ), CardanSequence::ZXZ);
  CHECK_THAT(pi, IsNear(Eigen::Vector3d(a - c, kPi, 0.0), 1e-14));
  // Every sequence at the lock: a3 = 0 exactly and the matrix is reproduced.
  std::mt19937 rng(4);
  std::uniform_real_distribution<double> u(-3.0, 3.0);
  for (CardanSequence s : all_sequences) {
    INFO(std::string(to_string(s)));
    const double locks[2] = {is_cardan(s) ? kPi / 2 : 0.0, is_cardan(s) ? -kPi / 2 : kPi};
    for (double a2 : locks) {
      const Eigen::Matrix3d R = compose_one({u(rng), a2, u(rng)}, s);
      const Eigen::Vector3d d = decompose_one(R, s);
      CHECK(d(2) == 0.0);
      CHECK_THAT(d(1), WithinAbs(a2, 1e-15));
      CHECK_THAT(compose_one(d, s), IsNear(R, 1e-14));
    }
  }
}

TEST_CASE("near gimbal lock the matrix is still reproduced to rounding", "[geometry][cardan]") {
  // Within 1e-9 rad of the lock the separate angles are ill-conditioned, but a3 is solved from
  // the whole matrix, so compose(decompose(R)) = R to about 1e-15.
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(-3.0, 3.0);
  for (CardanSequence s : all_sequences) {
    INFO(std::string(to_string(s)));
    for (double eps : {1e-6, 1e-9, 1e-11, 1e-13}) {
      const double a2 = is_cardan(s) ? kPi / 2 - eps : eps;
      const Eigen::Matrix3d R = compose_one({u(rng), a2, u(rng)}, s);
      CHECK_THAT(compose_one(decompose_one(R, s), s), IsNear(R, 1e-12));
    }
  }
}

TEST_CASE("NaN frames give NaN rows, other frames are unaffected", "[geometry][cardan]") {
  Trajectory angles(3, 3);
  angles << 0.1, 0.2, 0.3, kNaN, 0.0, 0.0, -0.4, 0.5, 1.0;
  const Rotations R = compose(angles, CardanSequence::YXZ);
  CHECK(R.row(1).array().isNaN().all());
  CHECK(!R.row(0).hasNaN());
  Rotations R2 = R;
  R2(2, 4) = kNaN;  // one entry of frame 2 missing: the whole frame is missing
  const Trajectory back = decompose(R2, CardanSequence::YXZ);
  CHECK(back.row(1).array().isNaN().all());
  CHECK(back.row(2).array().isNaN().all());
  CHECK_THAT(back.row(0), IsNear(angles.row(0), 1e-14));
  CHECK(decompose(Rotations(0, 9), CardanSequence::XYZ).rows() == 0);
}

TEST_CASE("compose and decompose reject infinity", "[geometry][cardan]") {
  SECTION("angles") {
    Trajectory a = Trajectory::Zero(2, 3);
    a(1, 2) = std::numeric_limits<double>::infinity();
    try {
      (void)compose(a, CardanSequence::ZXY);
      FAIL("no exception");
    } catch (const hipmech::InvalidArgument& e) {
      CHECK(e.argument() == "angles");
    }
  }
  SECTION("R") {
    Rotations R = Rotations::Zero(2, 9);
    R(0, 0) = -std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(decompose(R, CardanSequence::ZXY), hipmech::InvalidArgument);
  }
}

TEST_CASE("mirroring across the sagittal plane flips the X and Y angles", "[geometry][cardan]") {
  // With D = diag(1, 1, -1) (ISB: Z is right), D R_z(a) D = R_z(a), D R_x(a) D = R_x(-a),
  // D R_y(a) D = R_y(-a); so D R D has the angles about X and Y negated (Cardan sequences) or
  // at least the same matrix as the negated angles (Euler, whose a2 range is [0, pi]).
  const Eigen::Matrix3d D = Eigen::Vector3d(1.0, 1.0, -1.0).asDiagonal();
  std::mt19937 rng(6);
  for (CardanSequence s : all_sequences) {
    INFO(std::string(to_string(s)));
    for (int t = 0; t < 100; ++t) {
      const Eigen::Vector3d a = random_angles(rng, s);
      Eigen::Vector3d flipped = a;
      for (int k = 0; k < 3; ++k) {
        if (sequence_axis(s, k) != 2) flipped(k) = -a(k);
      }
      const Eigen::Matrix3d mirrored = D * compose_one(a, s) * D;
      CHECK_THAT(compose_one(flipped, s), IsNear(mirrored, 1e-14));
      if (is_cardan(s)) CHECK_THAT(decompose_one(mirrored, s), IsNear(flipped, 1e-9));
    }
  }
}
