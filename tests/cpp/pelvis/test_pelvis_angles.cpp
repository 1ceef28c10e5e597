// Pelvis angles in named conventions (include/hipmech/pelvis/pelvis_angles.hpp,
// include/hipmech/pelvis/conventions.hpp).
//
// Expected values: pelvises built here with Eigen::AngleAxisd (independent of
// hipmech::geometry) from known angles, the analytic relation between the two sequences
// (Baker 2001, Gait Posture 13:1-6), and the physical meaning of each sign.
#include <cmath>
#include <limits>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <Eigen/Geometry>

#include "helpers/eigen_matchers.hpp"
#include "hipmech/pelvis/pelvis_angles.hpp"
#include "hipmech/pelvis/progression.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using hipmech::InvalidArgument;
using hipmech::LabAxes;
using hipmech::Side;
using hipmech::Trajectory;
using hipmech::geometry::CardanSequence;
using hipmech::geometry::Matrix3r;
using hipmech::geometry::Rotations;
using hipmech::pelvis::convert_pelvis_angles;
using hipmech::pelvis::parse_pelvis_convention;
using hipmech::pelvis::pelvis_angles;
using hipmech::pelvis::pelvis_angles_raw;
using hipmech::pelvis::pelvis_rotations;
using hipmech::pelvis::PelvisConvention;
using hipmech::testing::IsNear;

namespace {

constexpr double kDeg = 3.14159265358979323846 / 180.0;
const double nan_value = std::numeric_limits<double>::quiet_NaN();

Eigen::Matrix3d Rx(double a) { return Eigen::AngleAxisd(a, Eigen::Vector3d::UnitX()).matrix(); }
Eigen::Matrix3d Ry(double a) { return Eigen::AngleAxisd(a, Eigen::Vector3d::UnitY()).matrix(); }
Eigen::Matrix3d Rz(double a) { return Eigen::AngleAxisd(a, Eigen::Vector3d::UnitZ()).matrix(); }

/// R_ref_pelvis from clinical angles (tilt anterior +, obliquity of `side` up +, rotation of
/// `side` forward +), written out per convention from the sign table of docs/pelvis.md.
Eigen::Matrix3d clinical_pelvis(PelvisConvention c, Side side, double tilt, double obliquity,
                                double rotation) {
  const double l = side == Side::Left ? 1.0 : -1.0;
  switch (c) {
    case PelvisConvention::PlugInGait:  // ZXY: a1 = -tilt, a2 = l*obliquity, a3 = -l*rotation
      return Rz(-tilt) * Rx(l * obliquity) * Ry(-l * rotation);
    case PelvisConvention::Baker:  // YXZ: a1 = -l*rotation, a2 = l*obliquity, a3 = -tilt
      return Ry(-l * rotation) * Rx(l * obliquity) * Rz(-tilt);
    case PelvisConvention::OpenSim:  // ZXY raw
    default:
      return Rz(tilt) * Rx(obliquity) * Ry(rotation);
  }
}

Rotations batch(std::initializer_list<Eigen::Matrix3d> Rs) {
  Rotations out(static_cast<Eigen::Index>(Rs.size()), 9);
  Eigen::Index f = 0;
  for (const auto& R : Rs) Eigen::Map<Matrix3r>(out.row(f++).data()) = R;
  return out;
}

Trajectory rows(std::initializer_list<Eigen::RowVector3d> r) {
  Trajectory out(static_cast<Eigen::Index>(r.size()), 3);
  Eigen::Index f = 0;
  for (const auto& v : r) out.row(f++) = v;
  return out;
}

// The progression frame of a walk along -X with Z up: forward -X, up +Z, right = -X x Z = +Y.
Eigen::Matrix3d R_lab_prog_negx() {
  Eigen::Matrix3d R;
  R << -1, 0, 0,  //
      0, 0, 1,    //
      0, 1, 0;
  return R;
}

}  // namespace

TEST_CASE("pelvis_angles recovers known angles in every convention, both sides",
          "[pelvis][angles]") {
  const Trajectory truth = rows({{12 * kDeg, 6 * kDeg, -9 * kDeg},
                                 {-5 * kDeg, -8 * kDeg, 25 * kDeg},
                                 {30 * kDeg, 15 * kDeg, 40 * kDeg}});
  const Eigen::Matrix3d R_lab_prog = R_lab_prog_negx();
  for (PelvisConvention c :
       {PelvisConvention::PlugInGait, PelvisConvention::Baker, PelvisConvention::OpenSim}) {
    for (Side side : {Side::Left, Side::Right}) {
      Rotations R(truth.rows(), 9);
      for (Eigen::Index f = 0; f < truth.rows(); ++f) {
        Eigen::Map<Matrix3r>(R.row(f).data()) =
            R_lab_prog * clinical_pelvis(c, side, truth(f, 0), truth(f, 1), truth(f, 2));
      }
      CAPTURE(to_string(c), to_string(side));
      CHECK_THAT(pelvis_angles(R, side, c, R_lab_prog), IsNear(truth, 1e-12));
    }
  }
}

TEST_CASE("pelvis_angles signs mean the same thing on both sides", "[pelvis][angles]") {
  // Pelvis frames built from their physical meaning in the ISB reference (X forward, Y up,
  // Z right), not from the sign table.
  const Eigen::Matrix3d I = Eigen::Matrix3d::Identity();
  // Anterior tilt of 10 deg: the anterior axis points down, a negative rotation about +Z.
  const Eigen::Matrix3d anterior = Rz(-10 * kDeg);
  // Right side 5 deg higher: the right (Z) axis rises, a negative rotation about +X
  // (R_x(a) e_z = (0, -sin a, cos a)).
  const Eigen::Matrix3d right_up = Rx(-5 * kDeg);
  // Right side 8 deg forward: the right axis turns towards +X, a positive rotation about +Y
  // (R_y(a) e_z = (sin a, 0, cos a)).
  const Eigen::Matrix3d right_forward = Ry(8 * kDeg);
  const Rotations R = batch({anterior, right_up, right_forward});
  for (PelvisConvention c : {PelvisConvention::PlugInGait, PelvisConvention::Baker}) {
    CAPTURE(to_string(c));
    const Trajectory left = pelvis_angles(R, Side::Left, c, I);
    const Trajectory right = pelvis_angles(R, Side::Right, c, I);
    const Trajectory expected_left =
        rows({{10 * kDeg, 0, 0}, {0, -5 * kDeg, 0}, {0, 0, -8 * kDeg}});
    const Trajectory expected_right =
        rows({{10 * kDeg, 0, 0}, {0, 5 * kDeg, 0}, {0, 0, 8 * kDeg}});
    CHECK_THAT(left, IsNear(expected_left, 1e-12));
    CHECK_THAT(right, IsNear(expected_right, 1e-12));
  }
  // OpenSim keeps raw signs: posterior tilt +, list + with the right side down, rotation +
  // with the right side forward (gait2392 ground_pelvis axes 0 0 1, 1 0 0, 0 1 0).
  const Trajectory osim = pelvis_angles(R, Side::Left, PelvisConvention::OpenSim, I);
  CHECK_THAT(osim, IsNear(rows({{-10 * kDeg, 0, 0}, {0, -5 * kDeg, 0}, {0, 0, 8 * kDeg}}), 1e-12));
  CHECK_THAT(pelvis_angles(R, Side::Right, PelvisConvention::OpenSim, I), IsNear(osim, 0.0));
}

TEST_CASE("Baker's example: tilt-first misreports obliquity when tilt and rotation are large",
          "[pelvis][angles]") {
  // Baker (2001) Gait Posture 13:1-6: with the rotation-obliquity-tilt sequence a pelvis rotated
  // and tilted but level (zero obliquity) reads 0 obliquity; the tilt-first (Plug-in Gait)
  // sequence reads a spurious obliquity. For R = R_y(r) R_z(t) (Baker: rotation r, obliquity 0,
  // raw tilt t), the ZXY decomposition has sin(a2) = R[2][1] = sin(r) sin(t) (multiply out
  // R_y(r) R_z(t): row 2 is (-sin r cos t, sin r sin t, cos r)).
  const double rotation = 35 * kDeg;  // left side forward 35 deg
  const double tilt = 25 * kDeg;      // 25 deg anterior tilt
  const Eigen::Matrix3d R = clinical_pelvis(PelvisConvention::Baker, Side::Left, tilt, 0.0, rotation);
  const Rotations Rb = batch({R});
  const Eigen::Matrix3d I = Eigen::Matrix3d::Identity();
  const Trajectory baker = pelvis_angles(Rb, Side::Left, PelvisConvention::Baker, I);
  const Trajectory pig = pelvis_angles(Rb, Side::Left, PelvisConvention::PlugInGait, I);
  CHECK_THAT(baker(0, 1), WithinAbs(0.0, 1e-14));
  CHECK_THAT(baker(0, 0), WithinAbs(tilt, 1e-14));
  CHECK_THAT(baker(0, 2), WithinAbs(rotation, 1e-14));
  // Raw a1 (about Y) = -rotation (left), a3 (about Z) = -tilt: sin(a2) = sin(-r) sin(-t).
  const double expected = std::asin(std::sin(rotation) * std::sin(tilt));  // about 14.0 deg
  CHECK_THAT(pig(0, 1), WithinAbs(expected, 1e-12));
  CHECK(std::abs(pig(0, 1)) > 10 * kDeg);
}

TEST_CASE("convert_pelvis_angles round-trips and agrees with direct computation",
          "[pelvis][angles][convert]") {
  const Trajectory pig_left = rows({{12 * kDeg, 6 * kDeg, -9 * kDeg},
                                    {25 * kDeg, -3 * kDeg, 38 * kDeg},
                                    {nan_value, nan_value, nan_value},
                                    {-8 * kDeg, 11 * kDeg, 20 * kDeg}});
  const Eigen::Matrix3d I = Eigen::Matrix3d::Identity();
  for (Side side : {Side::Left, Side::Right}) {
    CAPTURE(to_string(side));
    Rotations R(pig_left.rows(), 9);
    for (Eigen::Index f = 0; f < R.rows(); ++f) {
      Eigen::Map<Matrix3r>(R.row(f).data()) = clinical_pelvis(
          PelvisConvention::PlugInGait, side, pig_left(f, 0), pig_left(f, 1), pig_left(f, 2));
    }
    if (pig_left.row(2).hasNaN()) R.row(2).setConstant(nan_value);
    for (PelvisConvention to :
         {PelvisConvention::PlugInGait, PelvisConvention::Baker, PelvisConvention::OpenSim}) {
      CAPTURE(to_string(to));
      const Trajectory direct = pelvis_angles(R, side, to, I);
      const Trajectory converted =
          convert_pelvis_angles(pig_left, side, PelvisConvention::PlugInGait, to);
      CHECK_THAT(converted, IsNear(direct, 1e-12));
      // And back.
      CHECK_THAT(convert_pelvis_angles(converted, side, to, PelvisConvention::PlugInGait),
                 IsNear(pig_left, 1e-12));
    }
    // pelvis_rotations is the inverse of pelvis_angles.
    const Rotations back = pelvis_rotations(pig_left, side, PelvisConvention::PlugInGait);
    CHECK_THAT(back, IsNear(R, 1e-15));
  }
}

TEST_CASE("pelvis_angles_raw decomposes relative to the reference in any sequence",
          "[pelvis][angles]") {
  const Eigen::Matrix3d R_lab_prog = R_lab_prog_negx();
  const double a = 0.3, b = -0.2, c = 0.7;
  const Rotations R = batch({R_lab_prog * (Rx(a) * Ry(b) * Rz(c)), R_lab_prog * (Rz(a) * Rx(b) * Rz(c))});
  const Trajectory xyz = pelvis_angles_raw(R, CardanSequence::XYZ, R_lab_prog);
  CHECK_THAT(Eigen::RowVector3d(xyz.row(0)), IsNear(Eigen::RowVector3d(a, b, c), 1e-12));
  const Trajectory zxz = pelvis_angles_raw(R, CardanSequence::ZXZ, R_lab_prog);
  // Proper Euler: a2 in [0, pi]; (a, b, c) and (a + pi, -b, c + pi) are the same rotation.
  CHECK_THAT(Eigen::RowVector3d(zxz.row(1)),
             IsNear(Eigen::RowVector3d(a - 3.14159265358979323846, -b, c - 3.14159265358979323846), 1e-12));
}

TEST_CASE("pelvis_angles relative to the lab uses the ISB-aligned lab axes", "[pelvis][angles]") {
  // Lab Z up, X forward: ISB lab axes are forward X, up Z, right -Y.
  const LabAxes lab("Z", "X");
  const Eigen::Matrix3d R_lab_isb = hipmech::pelvis::lab_reference(lab);
  Eigen::Matrix3d expected;
  expected << 1, 0, 0, 0, 0, -1, 0, 1, 0;
  CHECK_THAT(R_lab_isb, IsNear(expected, 0.0));
  // A pelvis aligned with the ISB lab axes has zero angles.
  const Trajectory angles =
      pelvis_angles(batch({R_lab_isb}), Side::Right, PelvisConvention::PlugInGait, R_lab_isb);
  CHECK_THAT(angles, IsNear(Trajectory::Zero(1, 3), 1e-15));
}

TEST_CASE("pelvis_angles keeps NaN frames and rejects bad input", "[pelvis][angles]") {
  const Eigen::Matrix3d I = Eigen::Matrix3d::Identity();
  Rotations R = batch({Rz(0.1), Rz(0.2)});
  R(0, 4) = nan_value;
  const Trajectory a = pelvis_angles(R, Side::Left, PelvisConvention::Baker, I);
  CHECK(a.row(0).array().isNaN().all());
  CHECK_THAT(a(1, 0), WithinAbs(-0.2, 1e-15));

  SECTION("infinity in R_lab_pelvis") {
    R(1, 2) = std::numeric_limits<double>::infinity();
    REQUIRE_THROWS_AS(pelvis_angles(R, Side::Left, PelvisConvention::Baker, I), InvalidArgument);
    REQUIRE_THROWS_WITH(pelvis_angles(R, Side::Left, PelvisConvention::Baker, I),
                        ContainsSubstring("R_lab_pelvis"));
  }
  SECTION("non-finite reference") {
    Eigen::Matrix3d bad = I;
    bad(0, 0) = nan_value;
    REQUIRE_THROWS_AS(pelvis_angles(R, Side::Left, PelvisConvention::Baker, bad), InvalidArgument);
    REQUIRE_THROWS_WITH(pelvis_angles(R, Side::Left, PelvisConvention::Baker, bad),
                        ContainsSubstring("R_lab_reference"));
  }
  SECTION("infinity in angles to convert") {
    Trajectory t = Trajectory::Zero(2, 3);
    t(1, 1) = -std::numeric_limits<double>::infinity();
    REQUIRE_THROWS_AS(convert_pelvis_angles(t, Side::Left, PelvisConvention::Baker,
                                            PelvisConvention::OpenSim),
                      InvalidArgument);
  }
}

TEST_CASE("parse_pelvis_convention accepts the documented names", "[pelvis][conventions]") {
  CHECK(parse_pelvis_convention("Plug-in Gait") == PelvisConvention::PlugInGait);
  CHECK(parse_pelvis_convention("tilt-obliquity-rotation") == PelvisConvention::PlugInGait);
  CHECK(parse_pelvis_convention("PiG") == PelvisConvention::PlugInGait);
  CHECK(parse_pelvis_convention("rotation_obliquity_tilt") == PelvisConvention::Baker);
  CHECK(parse_pelvis_convention("Baker") == PelvisConvention::Baker);
  CHECK(parse_pelvis_convention("OpenSim") == PelvisConvention::OpenSim);
  CHECK(hipmech::pelvis::sequence_of(PelvisConvention::Baker) == CardanSequence::YXZ);
  CHECK(hipmech::pelvis::sequence_of(PelvisConvention::PlugInGait) == CardanSequence::ZXY);
  SECTION("unknown name") {
    REQUIRE_THROWS_AS(parse_pelvis_convention("ZXY"), InvalidArgument);
    REQUIRE_THROWS_WITH(parse_pelvis_convention("ZXY", "sequence"),
                        ContainsSubstring("argument 'sequence'"));
  }
}

TEST_CASE("pelvis_angles: the Progression and LabAxes overloads need no raw matrix",
          "[pelvis][angles]") {
  // Known answer: a pelvis whose axes are the lab's forward, up and right axes (a Z-up, X-forward
  // Vicon lab) has zero tilt, obliquity and rotation relative to the lab, and relative to the
  // progression frame along +X. The identity matrix instead means an ISB-aligned lab (Y up):
  // the trap of issue 19, a level pelvis then reads as tilted by 90 deg.
  const LabAxes lab("Z", "X");
  const Eigen::Matrix3d R = hipmech::pelvis::lab_reference(lab);
  Rotations pelvis(3, 9);
  for (Eigen::Index f = 0; f < 3; ++f) {
    Eigen::Map<Matrix3r>(pelvis.row(f).data()) = R;
  }
  for (Side s : {Side::Left, Side::Right}) {
    const Trajectory a = hipmech::pelvis::pelvis_angles(pelvis, s, PelvisConvention::Baker, lab);
    CHECK(a.cwiseAbs().maxCoeff() < 1e-12);
    const hipmech::pelvis::Progression p =
        hipmech::pelvis::progression_from_axis(hipmech::SignedAxis::PosX, lab);
    const Trajectory b =
        hipmech::pelvis::pelvis_angles(pelvis, s, PelvisConvention::PlugInGait, p);
    CHECK(b.cwiseAbs().maxCoeff() < 1e-12);
    const Trajectory wrong = hipmech::pelvis::pelvis_angles(
        pelvis, s, PelvisConvention::Baker, Eigen::Matrix3d::Identity().eval());
    CHECK(wrong.cwiseAbs().maxCoeff() > 1.0);
  }
}
