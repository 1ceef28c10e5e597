// Grood & Suntay joint coordinate system angles and relative rotations (jcs.hpp, rotations.hpp).
// References: Grood & Suntay (1983) definitions applied with vectors (e1 = proximal Z,
// e3 = distal Y, e2 = e3 x e1 / |e3 x e1|) on hand-built frames; the ZXY decomposition of
// the relative rotation; rigid-motion invariance; sagittal mirror symmetry.
#include <cmath>
#include <limits>
#include <random>

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
using hipmech::testing::random_rotation;
using Catch::Matchers::WithinAbs;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Grood & Suntay's angles from the axes as vectors (their Table 1 / eq. 6-8 in our axis names):
/// flexion about e1 = Zp: atan2(e2 . Yp, e2 . Xp); about e2: asin(Zp . Yd);
/// about e3 = Yd: atan2(Zd . e2, Xd . e2).
Eigen::Vector3d grood_suntay(const Eigen::Matrix3d& P, const Eigen::Matrix3d& D) {
  const Eigen::Vector3d e1 = P.col(2);
  const Eigen::Vector3d e3 = D.col(1);
  const Eigen::Vector3d e2 = e3.cross(e1).normalized();
  return {std::atan2(e2.dot(P.col(1)), e2.dot(P.col(0))), std::asin(e1.dot(e3)),
          std::atan2(D.col(2).dot(e2), D.col(0).dot(e2))};
}
}  // namespace

TEST_CASE("relative_rotations is R_lab_a^T R_lab_b", "[geometry][jcs]") {
  std::mt19937 rng(21);
  Rotations A(20, 9), B(20, 9);
  for (Eigen::Index f = 0; f < 20; ++f) {
    A.row(f) = as_row(random_rotation(rng));
    B.row(f) = as_row(random_rotation(rng));
  }
  const Rotations rel = relative_rotations(A, B);
  for (Eigen::Index f = 0; f < 20; ++f) {
    const Eigen::Matrix3d a = rotation_at(A, f), b = rotation_at(B, f);
    CHECK_THAT(Eigen::Matrix3d(rotation_at(rel, f)), IsNear(a.transpose() * b, 1e-15));
    // R_lab_b = R_lab_a R_a_b
    CHECK_THAT(a * Eigen::Matrix3d(rotation_at(rel, f)), IsNear(b, 1e-14));
  }
  CHECK(max_orthonormality_error(rel) < 1e-14);
  Rotations refl = A;
  rotation_at(refl, 3).col(2) *= -1.0;
  CHECK(max_orthonormality_error(refl) == 2.0);
}

TEST_CASE("JCS angles on hand-built knee frames with known angles", "[geometry][jcs]") {
  // Thigh = lab axes. Knee flexed 90 deg about Zp: the shank's long axis Yd points to -X
  // (R_z(90) e_y = (-1, 0, 0)); its X points to +Y. Expected (pi/2, 0, 0).
  Rotations P(1, 9), D(1, 9);
  P.row(0) = as_row(Eigen::Matrix3d::Identity());
  Eigen::Matrix3d d;
  d.col(0) << 0, 1, 0;
  d.col(1) << -1, 0, 0;
  d.col(2) << 0, 0, 1;
  D.row(0) = as_row(d);
  CHECK_THAT(jcs_angles(P, D), IsNear(Eigen::RowVector3d(kPi / 2, 0.0, 0.0), 1e-15));
  // Long axis tilted 10 deg towards +Zp (a rotation about the floating axis e2 = Xp):
  // Yd = (0, cos 10, sin 10), Zd = (0, -sin 10, cos 10); expected (0, 10 deg, 0).
  const double b = 10.0 * kPi / 180.0;
  d.col(0) << 1, 0, 0;
  d.col(1) << 0, std::cos(b), std::sin(b);
  d.col(2) << 0, -std::sin(b), std::cos(b);
  D.row(0) = as_row(d);
  CHECK_THAT(jcs_angles(P, D), IsNear(Eigen::RowVector3d(0.0, b, 0.0), 1e-15));
}

TEST_CASE("JCS angles recover flexion, ab/adduction and rotation applied about the G&S axes",
          "[geometry][jcs]") {
  // Build the distal frame by rotating the proximal axes with lab-frame AngleAxis rotations
  // about the Grood & Suntay axes in turn: alpha about e1 = Zp, beta about the floating axis
  // (the current X), gamma about the distal long axis (the current Y). The proximal frame is a
  // random orientation in the lab.
  std::mt19937 rng(22);
  std::uniform_real_distribution<double> flex(-2.5, 2.5), add(-1.2, 1.2), rot(-2.5, 2.5);
  const Eigen::Index n = 300;
  Rotations P(n, 9), D(n, 9);
  Trajectory expected(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    const Eigen::Matrix3d p = random_rotation(rng);
    const double al = flex(rng), be = add(rng), ga = rot(rng);
    Eigen::Matrix3d axes = Eigen::AngleAxisd(al, p.col(2)) * p;
    axes = Eigen::AngleAxisd(be, axes.col(0)) * axes;
    axes = Eigen::AngleAxisd(ga, axes.col(1)) * axes;
    P.row(f) = as_row(p);
    D.row(f) = as_row(axes);
    expected.row(f) << al, be, ga;
    CHECK_THAT(grood_suntay(p, axes), IsNear(Eigen::Vector3d(al, be, ga), 1e-12));
  }
  const Trajectory jcs = jcs_angles(P, D);
  CHECK_THAT(jcs, IsNear(expected, 1e-12));
  // The same as the ZXY decomposition of the relative rotation.
  CHECK_THAT(jcs, IsNear(decompose(relative_rotations(P, D), CardanSequence::ZXY), 1e-15));
}

TEST_CASE("JCS angles are unchanged by a rigid motion of all markers", "[geometry][jcs]") {
  // Thigh from hip, knee, lateral knee markers; shank from knee, ankle, lateral ankle; all
  // markers moved by one random rigid motion (Q, t).
  std::mt19937 rng(23);
  std::normal_distribution<double> g(0.0, 0.05);
  const Eigen::Index n = 200;
  Trajectory hip(n, 3), knee(n, 3), lknee(n, 3), ankle(n, 3), lankle(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    hip.row(f) << g(rng), 0.9 + g(rng), 0.1 + g(rng);
    knee.row(f) << 0.05 + g(rng), 0.5 + g(rng), 0.1 + g(rng);
    lknee.row(f) << 0.05 + g(rng), 0.5 + g(rng), 0.2 + g(rng);
    ankle.row(f) << g(rng), 0.1 + g(rng), 0.1 + g(rng);
    lankle.row(f) << g(rng), 0.1 + g(rng), 0.17 + g(rng);
  }
  const auto angles = [](const Trajectory& h, const Trajectory& k, const Trajectory& lk,
                         const Trajectory& a, const Trajectory& la) {
    const SegmentFrames thigh = frames_from_vectors(k, h - k, Axis::Y, lk - k, Axis::Z);
    const SegmentFrames shank = frames_from_vectors(a, k - a, Axis::Y, la - a, Axis::Z);
    return jcs_angles(thigh.R_lab_segment, shank.R_lab_segment);
  };
  const Eigen::Matrix3d Q = random_rotation(rng);
  const Eigen::RowVector3d t(1.0, -2.0, 0.5);
  const auto move = [&](const Trajectory& m) {
    Trajectory r = m * Q.transpose();
    r.rowwise() += t;
    return r;
  };
  const Trajectory before = angles(hip, knee, lknee, ankle, lankle);
  const Trajectory after = angles(move(hip), move(knee), move(lknee), move(ankle), move(lankle));
  CHECK(!before.hasNaN());
  CHECK_THAT(after, IsNear(before, 1e-12));
}

TEST_CASE("JCS angles of mirrored markers: flexion kept, the other two negated", "[geometry][jcs]") {
  // Mirroring the markers across the sagittal plane (lab Z -> -Z, ISB lab) turns a right limb
  // into a left one. Its frames keep ISB axes (Z to the right) when built with the lateral
  // vector reversed (the left lateral marker is on the left): Y' = M Y, Z' = -M Z, X' = M X, so
  // R' = M R D with M = D = diag(1, 1, -1) for both segments; the relative rotation becomes
  // D R_rel D and (a1, a2, a3) -> (a1, -a2, -a3) (D R_z D = R_z, D R_x D = R_x^T,
  // D R_y D = R_y^T): flexion keeps its sign, the other two are the ones the caller mirrors.
  std::mt19937 rng(24);
  std::normal_distribution<double> g(0.0, 0.05);
  const Eigen::Index n = 200;
  Trajectory hip(n, 3), knee(n, 3), lknee(n, 3), ankle(n, 3), lankle(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    hip.row(f) << g(rng), 0.9 + g(rng), 0.1 + g(rng);
    knee.row(f) << 0.05 + g(rng), 0.5 + g(rng), 0.1 + g(rng);
    lknee.row(f) << 0.05 + g(rng), 0.5 + g(rng), 0.2 + g(rng);
    ankle.row(f) << g(rng), 0.1 + g(rng), 0.1 + g(rng);
    lankle.row(f) << g(rng), 0.1 + g(rng), 0.17 + g(rng);
  }
  const auto mirror = [](Trajectory m) {
    m.col(2) *= -1.0;
    return m;
  };
  const auto angles = [](const Trajectory& h, const Trajectory& k, const Trajectory& lk,
                         const Trajectory& a, const Trajectory& la, double lateral_sign) {
    const SegmentFrames thigh =
        frames_from_vectors(k, h - k, Axis::Y, lateral_sign * (lk - k), Axis::Z);
    const SegmentFrames shank =
        frames_from_vectors(a, k - a, Axis::Y, lateral_sign * (la - a), Axis::Z);
    return jcs_angles(thigh.R_lab_segment, shank.R_lab_segment);
  };
  const Trajectory right = angles(hip, knee, lknee, ankle, lankle, 1.0);
  const Trajectory left =
      angles(mirror(hip), mirror(knee), mirror(lknee), mirror(ankle), mirror(lankle), -1.0);
  Trajectory expected = right;
  expected.col(1) *= -1.0;
  expected.col(2) *= -1.0;
  CHECK_THAT(left, IsNear(expected, 1e-12));
}

TEST_CASE("JCS: NaN frames, gimbal lock and bad input", "[geometry][jcs]") {
  Rotations P(3, 9), D(3, 9);
  for (Eigen::Index f = 0; f < 3; ++f) {
    P.row(f) = as_row(Eigen::Matrix3d::Identity());
    D.row(f) = as_row(Eigen::Matrix3d::Identity());
  }
  D(1, 0) = kNaN;
  // Frame 2: the distal long axis along the proximal Z (e3 x e1 = 0): gimbal lock, column 2 = 0.
  D.row(2) = as_row(compose_one({0.4, kPi / 2, 0.3}, CardanSequence::ZXY));
  const Trajectory a = jcs_angles(P, D);
  CHECK_THAT(a.row(0), IsNear(Eigen::RowVector3d::Zero(), 0.0));
  CHECK(a.row(1).array().isNaN().all());
  CHECK_THAT(a.row(2), IsNear(Eigen::RowVector3d(0.7, kPi / 2, 0.0), 1e-14));
  SECTION("different #frames") {
    try {
      (void)jcs_angles(P, D.topRows(2));
      FAIL("no exception");
    } catch (const hipmech::InvalidArgument& e) {
      CHECK(e.argument() == "R_lab_distal");
    }
    CHECK_THROWS_AS(relative_rotations(P, D.topRows(1)), hipmech::InvalidArgument);
  }
  SECTION("infinity") {
    Rotations Pi = P;
    Pi(0, 3) = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(jcs_angles(Pi, D), hipmech::InvalidArgument);
    CHECK_THROWS_AS(relative_rotations(P, Pi), hipmech::InvalidArgument);
  }
}
