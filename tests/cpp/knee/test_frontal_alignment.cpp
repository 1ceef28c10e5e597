// Frontal-plane alignment besides the FPPA (include/hipmech/knee/frontal_alignment.hpp): the
// knee-to-ankle separation ratio (Noyes et al. 2005) and the medial knee displacement.
//
// Expected values: separations placed by hand (ratio = knee separation / ankle separation); the
// distance of a point placed at a known offset along the unit normal of a tilted line; the
// triangle-area identity |hip - ankle| * MKD = |thigh| |shank| sin(FPPA) (and, for equal
// segments, MKD = L sin(FPPA / 2)); 3-D versions against 2-D versions of points projected by
// hand; mirror symmetry between sides and views.
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
#include "hipmech/knee/frontal_alignment.hpp"

using hipmech::test::thrown_argument;
using hipmech::test::thrown_message;

using Catch::Matchers::WithinAbs;
using hipmech::InvalidArgument;
using hipmech::Points2;
using hipmech::Series;
using hipmech::Side;
using hipmech::Trajectory;
using hipmech::geometry::Rotations;
using hipmech::knee::CameraView;
using hipmech::knee::fppa_2d;
using hipmech::knee::ImageYAxis;
using hipmech::knee::knee_ankle_separation_ratio;
using hipmech::knee::medial_knee_displacement;
using hipmech::knee::project_frontal;
using hipmech::knee::SeparationResult;
using hipmech::testing::as_row;
using hipmech::testing::IsNear;
using hipmech::testing::random_rotation;

namespace {

const double nan_value = std::numeric_limits<double>::quiet_NaN();
const double inf_value = std::numeric_limits<double>::infinity();

Rotations one_rotation(const Eigen::Matrix3d& R) {
  Rotations out(1, 9);
  out.row(0) = as_row(R);
  return out;
}

/// The frontal image by hand: a viewer in front of the frame, facing -X with Y up, has its
/// right hand along (-X) x Y = -Z: x = -p . Z, y = p . Y.
Points2 by_hand(const Trajectory& p, const Rotations& R) {
  Points2 out(p.rows(), 2);
  for (Eigen::Index f = 0; f < p.rows(); ++f) {
    const Eigen::Matrix3d Rf = hipmech::geometry::rotation_at(R, R.rows() == 1 ? 0 : f);
    out(f, 0) = -p.row(f).dot(Rf.col(2).transpose());
    out(f, 1) = p.row(f).dot(Rf.col(1).transpose());
  }
  return out;
}

Points2 mirrored_x(Points2 p) {
  p.col(0) *= -1.0;
  return p;
}

Points2 mirrored_y(Points2 p) {
  p.col(1) *= -1.0;
  return p;
}

/// Knees and ankles in the image of a camera in front, pixels: the subject's left is image +x,
/// so the left point sits at cx + sep / 2 and the right one at cx - sep / 2. Heights random.
struct Feet {
  Points2 left_knee, right_knee, left_ankle, right_ankle;
  Feet(const Series& knee_sep, const Series& ankle_sep, std::mt19937& rng)
      : left_knee(knee_sep.size(), 2),
        right_knee(knee_sep.size(), 2),
        left_ankle(knee_sep.size(), 2),
        right_ankle(knee_sep.size(), 2) {
    std::uniform_real_distribution<double> y(300.0, 700.0);
    const double cx = 640.0;
    for (Eigen::Index f = 0; f < knee_sep.size(); ++f) {
      left_knee.row(f) << cx + knee_sep[f] / 2, y(rng);
      right_knee.row(f) << cx - knee_sep[f] / 2, y(rng);
      left_ankle.row(f) << cx + ankle_sep[f] / 2, y(rng);
      right_ankle.row(f) << cx - ankle_sep[f] / 2, y(rng);
    }
  }
  SeparationResult ratio(CameraView view) const {
    return knee_ankle_separation_ratio(left_knee, right_knee, left_ankle, right_ankle, view);
  }
};

}  // namespace

TEST_CASE("project_frontal is the image of an orthographic camera in front", "[knee][frontal]") {
  Trajectory p(3, 3);
  p << 1, 2, 3, -0.5, 0.9, 0.2, nan_value, 1, 1;
  // Lab frame: x = -Z, y = Y.
  Points2 expected(3, 2);
  expected << -3, 2, -0.2, 0.9, -1, 1;
  Points2 got = project_frontal(p, one_rotation(Eigen::Matrix3d::Identity()));
  CHECK_THAT(got.row(0), IsNear(expected.row(0), 0.0));
  CHECK_THAT(got.row(1), IsNear(expected.row(1), 0.0));
  CHECK(std::isnan(got(2, 0)));
  // A Vicon lab (Z up, X forward, Y left) as a frame: right = -Y, so x = -(p . -Y) = p_y and
  // y = p_z.
  const hipmech::LabAxes vicon;
  const Points2 v = project_frontal(p.topRows(2), one_rotation(vicon.R_isb_lab().transpose()));
  Points2 expected_v(2, 2);
  expected_v << 2, 3, 0.9, 0.2;
  CHECK_THAT(v, IsNear(expected_v, 0.0));
  // One rotation per frame, one of them missing.
  std::mt19937 rng(2);
  Rotations R(3, 9);
  for (Eigen::Index f = 0; f < 3; ++f) R.row(f) = as_row(random_rotation(rng));
  R.row(1).setConstant(nan_value);  // a missing frame is a row of NaN
  const Points2 per_frame = project_frontal(p, R);
  CHECK_THAT(per_frame.row(0), IsNear(by_hand(p, R).row(0), 1e-15));
  CHECK(per_frame.row(1).array().isNaN().all());

  SECTION("R_lab_frame neither 1 nor #frames") {
    REQUIRE_THROWS_AS(project_frontal(p, R.topRows(2)), InvalidArgument);
    CHECK(thrown_argument([&] { (void)project_frontal(p, R.topRows(2)); }) == "R_lab_frame");
  }
  SECTION("infinity") {
    Trajectory bad = p;
    bad(0, 1) = inf_value;
    REQUIRE_THROWS_AS(project_frontal(bad, R), InvalidArgument);
    CHECK(thrown_argument([&] { (void)project_frontal(bad, R); }) == "points_lab");
    CHECK(thrown_argument([&] { (void)project_frontal(bad, R, "knee_lab"); }) == "knee_lab");
  }
}

TEST_CASE("knee_ankle_separation_ratio of known separations", "[knee][frontal][kasr]") {
  // Frame: knee separation, ankle separation -> ratio (Noyes et al. 2005: knee separation
  // divided by ankle separation, both horizontal).
  //   0: 0.20 m, 0.25 m -> 0.8 (knees closer than ankles: valgus alignment)
  //   1: 0.25, 0.25 -> 1;   2: 0.30, 0.20 -> 1.5 (varus alignment)
  //   3: -0.05, 0.25 -> -0.2 (knees crossed)
  //   4: 0.1, 0 (feet together) -> NaN, degenerate;  5: 0.1, -0.05 (ankles crossed) -> NaN,
  //   degenerate;  6: valid geometry but a missing right ankle y -> NaN, missing
  Series knee_sep(7), ankle_sep(7), expected(7);
  knee_sep << 0.20, 0.25, 0.30, -0.05, 0.1, 0.1, 0.2;
  ankle_sep << 0.25, 0.25, 0.20, 0.25, 0.0, -0.05, 0.3;
  expected << 0.8, 1.0, 1.5, -0.2, nan_value, nan_value, nan_value;
  std::mt19937 rng(4);
  Feet front(knee_sep * 1000.0, ankle_sep * 1000.0, rng);  // in pixels
  front.right_ankle(6, 1) = nan_value;
  const SeparationResult r = front.ratio(CameraView::Anterior);
  CHECK_THAT(r.ratio, IsNear(expected, 1e-13));
  CHECK_THAT(r.knee_separation, IsNear(Series(knee_sep * 1000.0), 1e-10));
  CHECK_THAT(r.ankle_separation, IsNear(Series(ankle_sep * 1000.0), 1e-10));
  CHECK(r.degenerate_frames == 2);
  CHECK(r.missing_frames == 1);

  // From behind the subject's left is image -x: the mirrored image read as posterior gives the
  // same result; read as anterior, left and right are swapped and every separation changes sign.
  Feet back = front;
  back.left_knee = mirrored_x(front.left_knee);
  back.right_knee = mirrored_x(front.right_knee);
  back.left_ankle = mirrored_x(front.left_ankle);
  back.right_ankle = mirrored_x(front.right_ankle);
  const SeparationResult rb = back.ratio(CameraView::Posterior);
  CHECK_THAT(rb.ratio, IsNear(expected, 1e-13));
  CHECK_THAT(rb.knee_separation, IsNear(r.knee_separation, 1e-10));
  CHECK(rb.degenerate_frames == 2);
  CHECK(rb.missing_frames == 1);
  const SeparationResult wrong_view = back.ratio(CameraView::Anterior);
  CHECK_THAT(wrong_view.knee_separation, IsNear(Series(-r.knee_separation), 1e-10));
  CHECK(std::isnan(wrong_view.ratio[0]));  // negative ankle separation: no ratio
}

TEST_CASE("knee_ankle_separation_ratio from 3-D points", "[knee][frontal][kasr]") {
  // Known: in an ISB lab (Z right) knees at Z = -/+0.08 m (left/right), ankles at -/+0.12 m:
  // ratio 0.16 / 0.24 = 2/3; unchanged when the subject and the frame turn together.
  Trajectory lk(1, 3), rk(1, 3), la(1, 3), ra(1, 3);
  lk << 0.10, 0.50, -0.08;
  rk << 0.05, 0.52, 0.08;
  la << 0.00, 0.08, -0.12;
  ra << 0.02, 0.07, 0.12;
  const Rotations I = one_rotation(Eigen::Matrix3d::Identity());
  const SeparationResult r = knee_ankle_separation_ratio(lk, rk, la, ra, I);
  CHECK_THAT(r.ratio[0], WithinAbs(2.0 / 3.0, 1e-15));
  CHECK_THAT(r.knee_separation[0], WithinAbs(0.16, 1e-15));
  CHECK_THAT(r.ankle_separation[0], WithinAbs(0.24, 1e-15));
  std::mt19937 rng(6);
  const Eigen::Matrix3d Q = random_rotation(rng);
  auto turn = [&](const Trajectory& p) -> Trajectory { return p * Q.transpose(); };
  CHECK_THAT(knee_ankle_separation_ratio(turn(lk), turn(rk), turn(la), turn(ra), one_rotation(Q))
                 .ratio[0],
             WithinAbs(2.0 / 3.0, 1e-14));

  // Random points and a frame per frame: the 2-D ratio of the points projected by hand.
  const Eigen::Index n = 50;
  std::uniform_real_distribution<double> u(-0.3, 0.3);
  Trajectory LK(n, 3), RK(n, 3), LA(n, 3), RA(n, 3);
  Rotations R(n, 9);
  for (Eigen::Index f = 0; f < n; ++f) {
    LK.row(f) << u(rng), 0.5 + u(rng), -0.1 + u(rng);
    RK.row(f) << u(rng), 0.5 + u(rng), 0.1 + u(rng);
    LA.row(f) << u(rng), 0.1 + u(rng), -0.1 + u(rng);
    RA.row(f) << u(rng), 0.1 + u(rng), 0.1 + u(rng);
    R.row(f) = as_row(random_rotation(rng));
  }
  LA(7, 2) = nan_value;
  const SeparationResult r3 = knee_ankle_separation_ratio(LK, RK, LA, RA, R);
  const SeparationResult r2 = knee_ankle_separation_ratio(by_hand(LK, R), by_hand(RK, R),
                                                          by_hand(LA, R), by_hand(RA, R),
                                                          CameraView::Anterior);
  CHECK_THAT(r3.ratio, IsNear(r2.ratio, 1e-12));
  CHECK(r3.missing_frames == 1);
  CHECK(r3.missing_frames == r2.missing_frames);
  CHECK(r3.degenerate_frames == r2.degenerate_frames);

  SECTION("points with other #frames") {
    REQUIRE_THROWS_AS(knee_ankle_separation_ratio(LK, RK.topRows(3), LA, RA, R), InvalidArgument);
    CHECK(thrown_argument([&] { (void)knee_ankle_separation_ratio(LK, RK.topRows(3), LA, RA, R); }) ==
          "right_knee_lab");
    CHECK(thrown_argument([&] { (void)knee_ankle_separation_ratio(LK, RK, LA, RA.topRows(2), R); }) ==
          "right_ankle_lab");
  }
  SECTION("frames neither 1 nor #frames") {
    REQUIRE_THROWS_AS(knee_ankle_separation_ratio(LK, RK, LA, RA, R.topRows(2)), InvalidArgument);
    CHECK(thrown_argument([&] { (void)knee_ankle_separation_ratio(LK, RK, LA, RA, R.topRows(2)); }) ==
          "R_lab_frame");
  }
  SECTION("infinity") {
    Trajectory bad = LA;
    bad(0, 0) = inf_value;
    REQUIRE_THROWS_AS(knee_ankle_separation_ratio(LK, RK, bad, RA, R), InvalidArgument);
    CHECK(thrown_argument([&] { (void)knee_ankle_separation_ratio(LK, RK, bad, RA, R); }) ==
          "left_ankle_lab");
  }
}

TEST_CASE("knee_ankle_separation_ratio rejects bad 2-D input", "[knee][frontal][kasr]") {
  const Points2 p = Points2::Ones(4, 2);
  SECTION("other #frames") {
    REQUIRE_THROWS_AS(knee_ankle_separation_ratio(p, p, p.topRows(3), p), InvalidArgument);
    CHECK(thrown_argument([&] { (void)knee_ankle_separation_ratio(p, p.topRows(1), p, p); }) ==
          "right_knee");
    CHECK(thrown_argument([&] { (void)knee_ankle_separation_ratio(p, p, p.topRows(3), p); }) ==
          "left_ankle");
  }
  SECTION("infinity") {
    Points2 bad = p;
    bad(3, 1) = -inf_value;
    REQUIRE_THROWS_AS(knee_ankle_separation_ratio(p, p, p, bad), InvalidArgument);
    CHECK(thrown_argument([&] { (void)knee_ankle_separation_ratio(p, p, p, bad); }) == "right_ankle");
    CHECK(thrown_argument([&] { (void)knee_ankle_separation_ratio(bad, p, p, p); }) == "left_knee");
  }
}

TEST_CASE("medial_knee_displacement is the signed distance from the hip-ankle line",
          "[knee][frontal][mkd]") {
  // Right limb seen from the front, y down: the medial side is image +x. A tilted hip-ankle
  // line from (100, 100) to (400, 500) (length 500, unit u = (3/5, 4/5)) and its unit normal
  // n = (4/5, -3/5), the one with +x (medial) component. Knee = hip + 250 u + d n lies at a
  // distance |d| from the line, medial for d > 0. Other sides, views and y axes see the
  // mirrored image (x -> -x when the medial side is image -x, y -> -y for y up).
  const Series d = (Series(6) << 0.0, 12.5, -7.0, 40.0, -120.0, 1e-3).finished();
  const Eigen::RowVector2d hip0(100, 100), u(0.6, 0.8), n(0.8, -0.6);
  Points2 hip(d.size(), 2), knee(d.size(), 2), ankle(d.size(), 2);
  for (Eigen::Index f = 0; f < d.size(); ++f) {
    hip.row(f) = hip0;
    knee.row(f) = hip0 + 250.0 * u + d[f] * n;
    ankle.row(f) = hip0 + 500.0 * u;
  }
  for (Side side : {Side::Left, Side::Right}) {
    for (CameraView view : {CameraView::Anterior, CameraView::Posterior}) {
      for (ImageYAxis y_axis : {ImageYAxis::Down, ImageYAxis::Up}) {
        CAPTURE(to_string(side), to_string(view), y_axis == ImageYAxis::Down);
        const bool mx = (side == Side::Left) != (view == CameraView::Posterior);
        const bool my = y_axis == ImageYAxis::Up;
        auto img = [&](const Points2& p) {
          const Points2 q = mx ? mirrored_x(p) : p;
          return my ? mirrored_y(q) : q;
        };
        CHECK_THAT(medial_knee_displacement(img(hip), img(knee), img(ankle), side, view, y_axis),
                   IsNear(d, 1e-12));
        // The opposite side reads the same knee as lateral.
        CHECK_THAT(medial_knee_displacement(img(hip), img(knee), img(ankle), opposite(side), view,
                                            y_axis),
                   IsNear(Series(-d), 1e-12));
      }
    }
  }
}

TEST_CASE("medial_knee_displacement and the FPPA measure the same deviation",
          "[knee][frontal][mkd]") {
  // The triangle hip-knee-ankle has area |t x s| / 2 = |thigh| |shank| |sin FPPA| / 2 (the FPPA
  // is the angle between t and s) and also |hip - ankle| |MKD| / 2; both are positive for a
  // medial knee, so |hip - ankle| MKD = |thigh| |shank| sin FPPA. With equal segments L the
  // triangle is isosceles, its base angles are FPPA / 2 (the exterior angle at the knee is the
  // sum of the two base angles) and MKD = L sin(FPPA / 2) = |hip - ankle| / 2 tan(FPPA / 2).
  std::mt19937 rng(8);
  std::uniform_real_distribution<double> pos(100.0, 1100.0), len(80.0, 260.0), lean(-0.6, 0.6),
      angle(-0.9, 0.9), roll(-0.3, 0.3);
  const Eigen::Index n = 300;
  Points2 hip(n, 2), knee(n, 2), ankle(n, 2), ihip(n, 2), iknee(n, 2), iankle(n, 2);
  Series L(n);
  for (Eigen::Index f = 0; f < n; ++f) {
    const double l1 = len(rng), l2 = len(rng);
    hip.row(f) << pos(rng), pos(rng);
    knee.row(f) = hip.row(f) + Eigen::RowVector2d(lean(rng) * l1, l1);
    ankle.row(f) = knee.row(f) + Eigen::RowVector2d(lean(rng) * l2, l2);
    // Isosceles: thigh and shank of length L at +-g/2 from a rolled vertical.
    L[f] = l1;
    const double g = angle(rng), r = roll(rng);
    ihip.row(f) << pos(rng), pos(rng);
    iknee.row(f) = ihip.row(f) + L[f] * Eigen::RowVector2d(std::sin(r + g / 2), std::cos(r + g / 2));
    iankle.row(f) = iknee.row(f) + L[f] * Eigen::RowVector2d(std::sin(r - g / 2), std::cos(r - g / 2));
  }
  for (Side side : {Side::Left, Side::Right}) {
    CAPTURE(to_string(side));
    const Series fppa = fppa_2d(hip, knee, ankle, side).fppa_rad;
    const Series mkd = medial_knee_displacement(hip, knee, ankle, side);
    for (Eigen::Index f = 0; f < n; ++f) {
      const double ha = (ankle.row(f) - hip.row(f)).norm();
      const double lt = (knee.row(f) - hip.row(f)).norm(), ls = (ankle.row(f) - knee.row(f)).norm();
      CHECK_THAT(ha * mkd[f], WithinAbs(lt * ls * std::sin(fppa[f]), 1e-9));
    }
    const Series ifppa = fppa_2d(ihip, iknee, iankle, side).fppa_rad;
    const Series imkd = medial_knee_displacement(ihip, iknee, iankle, side);
    for (Eigen::Index f = 0; f < n; ++f) {
      const double ha = (iankle.row(f) - ihip.row(f)).norm();
      CHECK_THAT(imkd[f], WithinAbs(L[f] * std::sin(ifppa[f] / 2), 1e-10));
      CHECK_THAT(imkd[f], WithinAbs(ha / 2 * std::tan(ifppa[f] / 2), 1e-10));
    }
  }
  // The example of the FPPA tests: hip (0, 0), knee (d, 1), ankle (0, 2): MKD = d, and
  // |hip - ankle| / 2 tan(FPPA / 2) = tan(atan d) = d.
  Points2 h(1, 2), k(1, 2), a(1, 2);
  h << 0, 0;
  k << 0.3, 1;
  a << 0, 2;
  CHECK_THAT(medial_knee_displacement(h, k, a, Side::Right)[0], WithinAbs(0.3, 1e-15));
}

TEST_CASE("medial_knee_displacement marks missing and undefined frames NaN",
          "[knee][frontal][mkd]") {
  // 0: valid (d = 0.3); 1: hip = ankle (no line); 2: NaN knee; 3: all three together; 4: a
  // straight limb (0); 5: knee on the line extended beyond the ankle (0).
  Points2 hip(6, 2), knee(6, 2), ankle(6, 2);
  hip << 0, 0, 1, 1, 0, 0, 2, 2, 0, 0, 0, 0;
  knee << 0.3, 1, 1.5, 2, nan_value, 1, 2, 2, 3, 4, 0, 3;
  ankle << 0, 2, 1, 1, 0, 2, 2, 2, 6, 8, 0, 2;
  Series expected(6);
  expected << 0.3, nan_value, nan_value, nan_value, 0.0, 0.0;
  CHECK_THAT(medial_knee_displacement(hip, knee, ankle, Side::Right), IsNear(expected, 1e-15));

  SECTION("other #frames") {
    REQUIRE_THROWS_AS(medial_knee_displacement(hip, knee.topRows(2), ankle, Side::Left),
                      InvalidArgument);
    CHECK(thrown_argument([&] { (void)medial_knee_displacement(hip, knee.topRows(2), ankle, Side::Left); }) ==
          "knee");
    CHECK(thrown_argument([&] { (void)medial_knee_displacement(hip, knee, ankle.topRows(5), Side::Left); }) ==
          "ankle");
  }
  SECTION("infinity") {
    Points2 bad = hip;
    bad(4, 0) = inf_value;
    REQUIRE_THROWS_AS(medial_knee_displacement(bad, knee, ankle, Side::Left), InvalidArgument);
    CHECK(thrown_argument([&] { (void)medial_knee_displacement(bad, knee, ankle, Side::Left); }) == "hip");
  }
}

TEST_CASE("medial_knee_displacement from 3-D points", "[knee][frontal][mkd]") {
  // Known: ISB lab, hip (0, 0.9, 0.1), knee (0, 0.7, 0.05), ankle (0, 0.5, 0.1): the knee is
  // 0.05 m towards -Z (the subject's left) of the vertical hip-ankle line: medial for the right
  // limb, lateral for the left.
  Trajectory h(1, 3), k(1, 3), a(1, 3);
  h << 0, 0.9, 0.1;
  k << 0, 0.7, 0.05;
  a << 0, 0.5, 0.1;
  const Rotations I = one_rotation(Eigen::Matrix3d::Identity());
  CHECK_THAT(medial_knee_displacement(h, k, a, Side::Right, I)[0], WithinAbs(0.05, 1e-15));
  CHECK_THAT(medial_knee_displacement(h, k, a, Side::Left, I)[0], WithinAbs(-0.05, 1e-15));

  // Random limbs and pelvis frames: the 2-D value of the points projected by hand.
  std::mt19937 rng(10);
  std::uniform_real_distribution<double> u(-0.1, 0.1);
  const Eigen::Index n = 80;
  Trajectory hip(n, 3), knee(n, 3), ankle(n, 3);
  Rotations R(n, 9);
  for (Eigen::Index f = 0; f < n; ++f) {
    hip.row(f) << u(rng), 0.9 + u(rng), 0.1 + u(rng);
    knee.row(f) << u(rng), 0.5 + u(rng), 0.1 + u(rng);
    ankle.row(f) << u(rng), 0.1 + u(rng), 0.1 + u(rng);
    R.row(f) = as_row(random_rotation(rng));
  }
  for (Side side : {Side::Left, Side::Right}) {
    CHECK_THAT(medial_knee_displacement(hip, knee, ankle, side, R),
               IsNear(medial_knee_displacement(by_hand(hip, R), by_hand(knee, R), by_hand(ankle, R),
                                               side, CameraView::Anterior, ImageYAxis::Up),
                      1e-14));
  }

  SECTION("bad input") {
    REQUIRE_THROWS_AS(medial_knee_displacement(hip, knee.topRows(3), ankle, Side::Left, R),
                      InvalidArgument);
    CHECK(thrown_argument([&] { (void)medial_knee_displacement(hip, knee.topRows(3), ankle, Side::Left, R); }) ==
          "knee_lab");
    CHECK(thrown_argument([&] { (void)medial_knee_displacement(hip, knee, ankle, Side::Left, R.topRows(2)); }) ==
          "R_lab_frame");
    Trajectory bad = ankle;
    bad(1, 1) = inf_value;
    CHECK(thrown_argument([&] { (void)medial_knee_displacement(hip, knee, bad, Side::Left, R); }) ==
          "ankle_lab");
  }
}
