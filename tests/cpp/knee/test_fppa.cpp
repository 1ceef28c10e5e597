// Frontal plane projection angle (include/hipmech/knee/fppa.hpp).
//
// Expected values come from analytic geometry, never from the code's own output:
// - the isosceles limb hip (0, 0), knee (d, 1), ankle (0, 2): t = (d, 1), s = (-d, 1) each make
//   atan(d) with the vertical, on opposite sides, so the thigh-to-shank angle is 2 atan(d);
// - a vertical thigh with the shank turned by alpha: FPPA = alpha;
// - an orthographic camera yawed by psi about the vertical seeing a sagittal limb (thigh
//   forward by a, shank backward by b): |FPPA| = atan(tan a sin psi) + atan(tan b sin psi);
// - a knee built with the Grood & Suntay (1983) / ISB (Wu et al. 2002) joint coordinate
//   system: FPPA = atan(tan v / cos(phi - theta)) (derivation next to the test);
// - properties: mirror symmetry, invariance to image similarity transforms and to rigid
//   motions of points and frame together.
// The valgus sign follows Willson & Davis (2008): positive when the knee lies medial to the
// hip-ankle line, on both sides and from either view (docs/conventions.md).
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <Eigen/Geometry>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include "geometry/geometry_fixtures.hpp"
#include "helpers/eigen_matchers.hpp"
#include "helpers/thrown.hpp"
#include "hipmech/knee/fppa.hpp"

using hipmech::test::thrown_argument;
using hipmech::test::thrown_message;

using Catch::Matchers::WithinAbs;
using hipmech::InvalidArgument;
using hipmech::LabAxes;
using hipmech::Points2;
using hipmech::Series;
using hipmech::Side;
using hipmech::Trajectory;
using hipmech::geometry::Rotations;
using hipmech::knee::CameraView;
using hipmech::knee::fppa_2d;
using hipmech::knee::fppa_3d;
using hipmech::knee::FppaResult;
using hipmech::knee::ImageYAxis;
using hipmech::testing::as_row;
using hipmech::testing::IsNear;
using hipmech::testing::random_rotation;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = kPi / 180.0;
const double nan_value = std::numeric_limits<double>::quiet_NaN();
const double inf_value = std::numeric_limits<double>::infinity();

constexpr Side kSides[] = {Side::Left, Side::Right};
constexpr CameraView kViews[] = {CameraView::Anterior, CameraView::Posterior};
constexpr ImageYAxis kYAxes[] = {ImageYAxis::Down, ImageYAxis::Up};

/// Image x direction (+1 or -1) of the limb's medial side. From the front the subject's right
/// is on the image's left (CameraView::Anterior), so the right limb's medial side (towards the
/// subject's left) is image +x; the left limb and the posterior view each mirror it.
double medial_x(Side side, CameraView view) {
  return (side == Side::Right ? 1.0 : -1.0) * (view == CameraView::Anterior ? 1.0 : -1.0);
}

/// Image y direction (+1 or -1) of "down" (from hip towards ankle).
double down_y(ImageYAxis y_axis) {
  return y_axis == ImageYAxis::Down ? 1.0 : -1.0;
}

/// A limb of `n` frames, one row per frame.
struct Limb2 {
  Points2 hip, knee, ankle;
  explicit Limb2(Eigen::Index n = 0) : hip(n, 2), knee(n, 2), ankle(n, 2) {}
  FppaResult fppa(Side side, CameraView view, ImageYAxis y_axis) const {
    return fppa_2d(hip, knee, ankle, side, view, y_axis);
  }
};

/// Hip above the ankle by 2h, knee halfway down and displaced medially by d h (laterally for
/// d < 0), in pixels about (640, 360), as the given camera sees it. FPPA = 2 atan(d).
Limb2 isosceles(const std::vector<double>& d, Side side, CameraView view, ImageYAxis y_axis) {
  const double h = 150.0, x0 = 640.0, y0 = 360.0;
  const double mx = medial_x(side, view), dy = down_y(y_axis);
  Limb2 l(static_cast<Eigen::Index>(d.size()));
  for (Eigen::Index f = 0; f < l.hip.rows(); ++f) {
    const double df = d[static_cast<std::size_t>(f)];
    l.hip.row(f) << x0, y0;
    l.knee.row(f) << x0 + mx * df * h, y0 + dy * h;
    l.ankle.row(f) << x0, y0 + dy * 2.0 * h;
  }
  return l;
}

/// Realistic random limbs in pixels: hip above knee above ankle, each segment leaning by up
/// to about 31 deg either way, so |FPPA| stays well below pi.
Limb2 random_limbs(std::mt19937& rng, Eigen::Index n, ImageYAxis y_axis) {
  std::uniform_real_distribution<double> pos(100.0, 1100.0), len(80.0, 260.0), lean(-0.6, 0.6);
  const double dy = down_y(y_axis);
  Limb2 l(n);
  for (Eigen::Index f = 0; f < n; ++f) {
    const double l1 = len(rng), l2 = len(rng);
    l.hip.row(f) << pos(rng), pos(rng);
    l.knee.row(f) = l.hip.row(f) + Eigen::RowVector2d(lean(rng) * l1, dy * l1);
    l.ankle.row(f) = l.knee.row(f) + Eigen::RowVector2d(lean(rng) * l2, dy * l2);
  }
  return l;
}

/// One rotation as a 1 by 9 batch.
Rotations one_rotation(const Eigen::Matrix3d& R) {
  Rotations out(1, 9);
  out.row(0) = as_row(R);
  return out;
}

/// Orthographic image of lab points by a viewer facing `forward` with `up` upwards: image
/// x = p . right with right = forward x up (the viewer's right hand, LabAxes' rule), y = p . up
/// (ImageYAxis::Up).
Points2 project(const Trajectory& p, const Eigen::Vector3d& forward, const Eigen::Vector3d& up) {
  const Eigen::Vector3d right = forward.cross(up);
  Points2 out(p.rows(), 2);
  for (Eigen::Index f = 0; f < p.rows(); ++f) {
    out(f, 0) = p.row(f).dot(right.transpose());
    out(f, 1) = p.row(f).dot(up.transpose());
  }
  return out;
}

/// Random 3-D limbs in metres, standing in an ISB-aligned lab (X forward, Y up, Z right):
/// hip about 0.9 m up, thigh and shank about 0.4 m leaning up to about 30 deg in any direction.
void random_limbs_3d(std::mt19937& rng, Eigen::Index n, Trajectory& hip, Trajectory& knee,
                     Trajectory& ankle) {
  std::uniform_real_distribution<double> u(-1.0, 1.0), len(0.35, 0.45);
  hip.resize(n, 3);
  knee.resize(n, 3);
  ankle.resize(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    const double l1 = len(rng), l2 = len(rng);
    hip.row(f) << u(rng), 0.9 + 0.1 * u(rng), u(rng);
    knee.row(f) = hip.row(f) + l1 * Eigen::RowVector3d(0.5 * u(rng), -1.0, 0.5 * u(rng)).normalized();
    ankle.row(f) = knee.row(f) + l2 * Eigen::RowVector3d(0.5 * u(rng), -1.0, 0.5 * u(rng)).normalized();
  }
}

}  // namespace

TEST_CASE("fppa_2d of an isosceles limb is 2 atan(d), valgus positive on both sides and views",
          "[knee][fppa]") {
  // Hip (0, 0), knee (d, 1), ankle (0, 2) with the knee displaced medially by d: the thigh
  // t = (d, 1) and the shank s = (-d, 1) each make atan(d) with the hip-ankle line, on opposite
  // sides, so the angle between them is 2 atan(d) (valgus for d > 0, varus for d < 0).
  const std::vector<double> d{0.0, 0.05, 0.1, -0.1, 0.3, -0.45, 1.0, 2.0};
  Series expected(static_cast<Eigen::Index>(d.size()));
  for (std::size_t i = 0; i < d.size(); ++i) {
    expected[static_cast<Eigen::Index>(i)] = 2.0 * std::atan(d[i]);
  }
  for (Side side : kSides) {
    for (CameraView view : kViews) {
      for (ImageYAxis y_axis : kYAxes) {
        CAPTURE(to_string(side), to_string(view), y_axis == ImageYAxis::Down);
        const FppaResult r = isosceles(d, side, view, y_axis).fppa(side, view, y_axis);
        CHECK_THAT(r.fppa_rad, IsNear(expected, 1e-14));
        CHECK(r.missing_frames == 0);
        CHECK(r.degenerate_frames == 0);
      }
    }
  }
  // d = 1: a right angle at the knee, d = 2: 2 atan 2 = pi - atan(4/3) (126.87 deg).
  CHECK_THAT(expected[6], WithinAbs(kPi / 2, 1e-15));
  CHECK_THAT(expected[7], WithinAbs(kPi - std::atan(4.0 / 3.0), 1e-15));
}

TEST_CASE("fppa_2d of a vertical thigh is the shank's lateral lean", "[knee][fppa]") {
  // Thigh straight down; the shank turned by alpha with the ankle lateral (the knee then lies
  // medial to the hip-ankle line): the angle from the thigh line to the shank line is alpha.
  // Past 90 deg the shank points upwards and the angle keeps growing towards pi.
  const std::vector<double> alpha{-30 * kDeg, 5 * kDeg, 20 * kDeg, 60 * kDeg, 120 * kDeg};
  for (Side side : kSides) {
    for (CameraView view : kViews) {
      for (ImageYAxis y_axis : kYAxes) {
        CAPTURE(to_string(side), to_string(view), y_axis == ImageYAxis::Down);
        const double mx = medial_x(side, view), dy = down_y(y_axis);
        Limb2 l(static_cast<Eigen::Index>(alpha.size()));
        Series expected(l.hip.rows());
        for (Eigen::Index f = 0; f < l.hip.rows(); ++f) {
          const double a = alpha[static_cast<std::size_t>(f)];
          l.hip.row(f) << 300.0, 200.0;
          l.knee.row(f) << 300.0, 200.0 + dy * 180.0;
          l.ankle.row(f) << 300.0 - mx * 170.0 * std::sin(a), 200.0 + dy * (180.0 + 170.0 * std::cos(a));
          expected[f] = a;
        }
        CHECK_THAT(l.fppa(side, view, y_axis).fppa_rad, IsNear(expected, 1e-14));
      }
    }
  }
}

TEST_CASE("fppa_2d is mirror symmetric", "[knee][fppa]") {
  // Mirroring the image (x -> -x) turns a left limb into a right one and an anterior view into
  // a posterior one; flipping y turns y-down coordinates into y-up ones. Each mirror with the
  // matching change of argument leaves the FPPA unchanged.
  std::mt19937 rng(7);
  for (Side side : kSides) {
    for (CameraView view : kViews) {
      for (ImageYAxis y_axis : kYAxes) {
        CAPTURE(to_string(side), to_string(view), y_axis == ImageYAxis::Down);
        const Limb2 l = random_limbs(rng, 200, y_axis);
        const Series value = l.fppa(side, view, y_axis).fppa_rad;
        Limb2 mx = l;
        mx.hip.col(0) *= -1.0;
        mx.knee.col(0) *= -1.0;
        mx.ankle.col(0) *= -1.0;
        const CameraView other_view =
            view == CameraView::Anterior ? CameraView::Posterior : CameraView::Anterior;
        CHECK_THAT(mx.fppa(opposite(side), view, y_axis).fppa_rad, IsNear(value, 1e-15));
        CHECK_THAT(mx.fppa(side, other_view, y_axis).fppa_rad, IsNear(value, 1e-15));
        Limb2 my = l;
        my.hip.col(1) *= -1.0;
        my.knee.col(1) *= -1.0;
        my.ankle.col(1) *= -1.0;
        const ImageYAxis other_y = y_axis == ImageYAxis::Down ? ImageYAxis::Up : ImageYAxis::Down;
        CHECK_THAT(my.fppa(side, view, other_y).fppa_rad, IsNear(value, 1e-15));
        // The same limb called the other side reads with the opposite sign.
        CHECK_THAT(l.fppa(opposite(side), view, y_axis).fppa_rad, IsNear(Series(-value), 1e-15));
      }
    }
  }
}

TEST_CASE("fppa_2d is invariant to image translation, uniform scale and camera roll",
          "[knee][fppa]") {
  // An angle between two lines is preserved by every similarity transform of the plane
  // p -> s Rot(roll) p + c (s > 0): the FPPA depends on the camera's yaw and pitch only.
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> roll(-kPi, kPi), scale(0.05, 20.0), shift(-2000.0, 2000.0);
  for (int trial = 0; trial < 20; ++trial) {
    const Limb2 l = random_limbs(rng, 100, ImageYAxis::Down);
    const Series value = l.fppa(Side::Right, CameraView::Anterior, ImageYAxis::Down).fppa_rad;
    const double r = roll(rng), s = scale(rng);
    Eigen::Matrix2d M;
    M << std::cos(r), -std::sin(r), std::sin(r), std::cos(r);
    M *= s;
    const Eigen::RowVector2d c(shift(rng), shift(rng));
    auto move = [&](const Points2& p) -> Points2 {
      Points2 out = p * M.transpose();
      out.rowwise() += c;
      return out;
    };
    Limb2 moved;
    moved.hip = move(l.hip);
    moved.knee = move(l.knee);
    moved.ankle = move(l.ankle);
    CAPTURE(trial, r, s);
    CHECK_THAT(moved.fppa(Side::Right, CameraView::Anterior, ImageYAxis::Down).fppa_rad,
               IsNear(value, 1e-12));
  }
}

TEST_CASE("fppa_2d marks missing and degenerate frames NaN and counts them", "[knee][fppa]") {
  // Frame by frame: 0 a valgus limb (2 atan 0.2), 1 hip = knee, 2 knee = ankle, 3 the ankle
  // folded back onto the hip, 4 the shank folded back past the hip (t and s antiparallel),
  // 5 NaN hip x, 6 NaN ankle y, 7 a straight limb (0), 8 all three points together, 9 a very
  // short but valid thigh (1e-6 of the shank) at 90 deg, 10 a varus limb (-2 atan 0.2).
  Limb2 l(11);
  l.hip << 0, 0, 5, 5, 0, 0, 0, 0, 0, 0, nan_value, 0, 0, 0, 0, 0, 7, 7, 0, 0, 0, 0;
  l.knee << 0.2, 1, 5, 5, 0, 1, 0, 1, 0, 1, 0.2, 1, 0.2, 1, 3, 4, 7, 7, 0, 1e-6, -0.2, 1;
  l.ankle << 0, 2, 5, 8, 0, 1, 0, 0, 0, -1, 0, 2, 0, nan_value, 6, 8, 7, 7, 1, 1e-6, 0, 2;
  const FppaResult r = l.fppa(Side::Right, CameraView::Anterior, ImageYAxis::Down);
  Series expected(11);
  expected << 2 * std::atan(0.2), nan_value, nan_value, nan_value, nan_value, nan_value, nan_value,
      0.0, nan_value, -kPi / 2, -2 * std::atan(0.2);
  CHECK_THAT(r.fppa_rad, IsNear(expected, 1e-14));
  CHECK(r.missing_frames == 2);
  CHECK(r.degenerate_frames == 5);
  // Straight: exactly 0 (t x s = 3*4 - 4*3 = 0 exactly).
  CHECK(r.fppa_rad[7] == 0.0);
  // Frame 9: t = (0, 1e-6) down, s = (1, 0) to image +x (medial for the right leg from the
  // front): the shank turns by 90 deg towards the medial side, i.e. the ankle is medial: varus.
  CHECK_THAT(r.fppa_rad[9], WithinAbs(-kPi / 2, 1e-15));

  SECTION("every frame missing") {
    Limb2 m(3);
    m.hip.setConstant(nan_value);
    m.knee.setConstant(nan_value);
    m.ankle.setConstant(nan_value);
    const FppaResult rm = m.fppa(Side::Left, CameraView::Posterior, ImageYAxis::Up);
    CHECK(rm.fppa_rad.array().isNaN().all());
    CHECK(rm.missing_frames == 3);
    CHECK(rm.degenerate_frames == 0);
  }
  SECTION("no frames") {
    const FppaResult r0 = Limb2(0).fppa(Side::Left, CameraView::Anterior, ImageYAxis::Down);
    CHECK(r0.fppa_rad.size() == 0);
    CHECK(r0.missing_frames + r0.degenerate_frames == 0);
  }
}

TEST_CASE("fppa_2d reproduces the closed form of a yawed camera", "[knee][fppa]") {
  // A limb in the sagittal plane (no valgus) of an ISB lab (X forward, Y up, Z right): thigh
  // leaning forward by a (knee in front of the hip), shank leaning backward by b.
  //   knee = hip + L1 (sin a, -cos a, 0), ankle = knee + L2 (-sin b, -cos b, 0).
  // An orthographic camera yawed by psi from the anterior view (moved round towards the
  // subject's left for psi > 0) has image axes x = (-sin psi, 0, -cos psi) (-Z at psi = 0: the
  // subject's left on the image's right) and y = Y (up). Then
  //   t_img = (-L1 sin a sin psi, -L1 cos a),  s_img = (L2 sin b sin psi, -L2 cos b),
  // each leaning from the vertical by atan(tan a sin psi) and atan(tan b sin psi) to opposite
  // sides: |FPPA| = atan(tan a sin psi) + atan(tan b sin psi). The knee (in front) shows on
  // image -x, which is lateral for the right limb and medial for the left one, so the right
  // limb reads varus (negative) and the left valgus (positive) for psi > 0.
  const double L1 = 0.42, L2 = 0.40;
  const Eigen::Vector3d hip(0.05, 0.92, 0.11);
  for (double a : {5 * kDeg, 20 * kDeg, 45 * kDeg, 70 * kDeg}) {
    for (double b : {0.0, 10 * kDeg, 35 * kDeg, 60 * kDeg}) {
      const Eigen::Vector3d knee = hip + L1 * Eigen::Vector3d(std::sin(a), -std::cos(a), 0);
      const Eigen::Vector3d ankle = knee + L2 * Eigen::Vector3d(-std::sin(b), -std::cos(b), 0);
      const std::vector<double> psis{-40 * kDeg, -10 * kDeg, 0.0, 1 * kDeg, 15 * kDeg, 30 * kDeg,
                                     60 * kDeg};
      Limb2 l(static_cast<Eigen::Index>(psis.size()));
      Series magnitude(l.hip.rows());
      for (Eigen::Index f = 0; f < l.hip.rows(); ++f) {
        const double psi = psis[static_cast<std::size_t>(f)];
        const Eigen::Vector3d x_img(-std::sin(psi), 0.0, -std::cos(psi)), y_img(0.0, 1.0, 0.0);
        l.hip.row(f) << hip.dot(x_img), hip.dot(y_img);
        l.knee.row(f) << knee.dot(x_img), knee.dot(y_img);
        l.ankle.row(f) << ankle.dot(x_img), ankle.dot(y_img);
        magnitude[f] = std::atan(std::tan(a) * std::sin(psi)) + std::atan(std::tan(b) * std::sin(psi));
      }
      CAPTURE(a / kDeg, b / kDeg);
      CHECK_THAT(l.fppa(Side::Left, CameraView::Anterior, ImageYAxis::Up).fppa_rad,
                 IsNear(magnitude, 1e-14));
      CHECK_THAT(l.fppa(Side::Right, CameraView::Anterior, ImageYAxis::Up).fppa_rad,
                 IsNear(Series(-magnitude), 1e-14));
    }
  }
}

TEST_CASE("fppa_2d rejects bad input naming the argument", "[knee][fppa]") {
  const Limb2 l = isosceles({0.1, 0.2, 0.3}, Side::Right, CameraView::Anterior, ImageYAxis::Down);
  const Points2 two = l.hip.topRows(2);
  SECTION("knee with other #frames") {
    REQUIRE_THROWS_AS(fppa_2d(l.hip, two, l.ankle, Side::Right), InvalidArgument);
    CHECK(thrown_argument([&] { (void)fppa_2d(l.hip, two, l.ankle, Side::Right); }) == "knee");
  }
  SECTION("ankle with other #frames") {
    REQUIRE_THROWS_AS(fppa_2d(l.hip, l.knee, two, Side::Right), InvalidArgument);
    CHECK(thrown_argument([&] { (void)fppa_2d(l.hip, l.knee, two, Side::Right); }) == "ankle");
  }
  SECTION("infinity") {
    for (const char* arg : {"hip", "knee", "ankle"}) {
      Limb2 bad = l;
      Points2& p = std::string(arg) == "hip" ? bad.hip : std::string(arg) == "knee" ? bad.knee : bad.ankle;
      p(1, 1) = -inf_value;
      CAPTURE(arg);
      REQUIRE_THROWS_AS(bad.fppa(Side::Left, CameraView::Anterior, ImageYAxis::Down), InvalidArgument);
      CHECK(thrown_argument([&] { (void)bad.fppa(Side::Left, CameraView::Anterior, ImageYAxis::Down); }) == arg);
    }
  }
}

TEST_CASE("parse_camera_view and parse_image_y_axis", "[knee][fppa]") {
  using hipmech::knee::parse_camera_view;
  using hipmech::knee::parse_image_y_axis;
  for (const char* s : {"anterior", "Front", " FRONTAL "}) {
    CHECK(parse_camera_view(s) == CameraView::Anterior);
  }
  for (const char* s : {"posterior", "BACK", "rear"}) {
    CHECK(parse_camera_view(s) == CameraView::Posterior);
  }
  CHECK(parse_image_y_axis("Down") == ImageYAxis::Down);
  CHECK(parse_image_y_axis("UP") == ImageYAxis::Up);
  CHECK(to_string(CameraView::Posterior) == "posterior");
  SECTION("unknown view") {
    REQUIRE_THROWS_AS(parse_camera_view("side"), InvalidArgument);
    CHECK(thrown_argument([] { (void)parse_camera_view("lateral"); }) == "view");
    CHECK(thrown_argument([] { (void)parse_camera_view("", "camera"); }) == "camera");
  }
  SECTION("unknown y axis") {
    REQUIRE_THROWS_AS(parse_image_y_axis("upwards"), InvalidArgument);
    CHECK(thrown_argument([] { (void)parse_image_y_axis("-y"); }) == "y_axis");
  }
}

TEST_CASE("fppa_3d equals fppa_2d of an orthographic camera in front", "[knee][fppa]") {
  // The frontal plane of a frame (ISB axes: X anterior, Y up, Z right) seen from in front: a
  // viewer facing -X with Y up has its right hand along (-X) x Y = -Z, so image x = -p . Z,
  // y = p . Y with y up (the subject's left on the image's right, as CameraView::Anterior).
  std::mt19937 rng(3);
  const Eigen::Index n = 300;
  Trajectory hip, knee, ankle;
  random_limbs_3d(rng, n, hip, knee, ankle);
  auto through_camera = [&](const Eigen::Matrix3d& R, Eigen::Index f, Side side) {
    Trajectory h = hip.row(f), k = knee.row(f), a = ankle.row(f);
    const Eigen::Vector3d forward = -R.col(0), up = R.col(1);
    return fppa_2d(project(h, forward, up), project(k, forward, up), project(a, forward, up),
                   side, CameraView::Anterior, ImageYAxis::Up)
        .fppa_rad[0];
  };
  SECTION("the lab frame, one rotation") {
    for (Side side : kSides) {
      const FppaResult r = fppa_3d(hip, knee, ankle, side, one_rotation(Eigen::Matrix3d::Identity()));
      for (Eigen::Index f = 0; f < n; ++f) {
        CHECK_THAT(r.fppa_rad[f], WithinAbs(through_camera(Eigen::Matrix3d::Identity(), f, side), 1e-13));
      }
    }
  }
  SECTION("a turned frame, one rotation") {
    const Eigen::Matrix3d R = random_rotation(rng);
    for (Side side : kSides) {
      const FppaResult r = fppa_3d(hip, knee, ankle, side, one_rotation(R));
      for (Eigen::Index f = 0; f < n; ++f) {
        CHECK_THAT(r.fppa_rad[f], WithinAbs(through_camera(R, f, side), 1e-12));
      }
    }
  }
  SECTION("a frame per frame (e.g. the pelvis)") {
    Rotations R(n, 9);
    std::vector<Eigen::Matrix3d> Rs;
    for (Eigen::Index f = 0; f < n; ++f) {
      Rs.push_back(random_rotation(rng));
      R.row(f) = as_row(Rs.back());
    }
    for (Side side : kSides) {
      const FppaResult r = fppa_3d(hip, knee, ankle, side, R);
      for (Eigen::Index f = 0; f < n; ++f) {
        CHECK_THAT(r.fppa_rad[f], WithinAbs(through_camera(Rs[static_cast<std::size_t>(f)], f, side), 1e-12));
      }
      CHECK(r.missing_frames == 0);
      CHECK(r.degenerate_frames == 0);
    }
  }
}

TEST_CASE("fppa_3d with LabAxes projects onto the lab's frontal plane", "[knee][fppa]") {
  // The same limbs in an ISB-aligned lab (X forward, Y up, Z right) and rewritten by hand in
  // other labs; every lab must give the value of the ISB lab with the identity frame.
  std::mt19937 rng(5);
  Trajectory hip, knee, ankle;
  random_limbs_3d(rng, 100, hip, knee, ankle);
  // Vicon/Qualisys: Z up, X forward, so Y points to the left: (x, y, z)_vicon = (X, -Z, Y)_isb.
  auto to_vicon = [](const Trajectory& p) {
    Trajectory out(p.rows(), 3);
    out.col(0) = p.col(0);
    out.col(1) = -p.col(2);
    out.col(2) = p.col(1);
    return out;
  };
  // Y up, walking along -Z: right = forward x up = (-Z) x Y = +X, so (x, y, z) = (Z, Y, -X)_isb.
  auto to_y_up_neg_z = [](const Trajectory& p) {
    Trajectory out(p.rows(), 3);
    out.col(0) = p.col(2);
    out.col(1) = p.col(1);
    out.col(2) = -p.col(0);
    return out;
  };
  for (Side side : kSides) {
    CAPTURE(to_string(side));
    const Series isb = fppa_3d(hip, knee, ankle, side, one_rotation(Eigen::Matrix3d::Identity())).fppa_rad;
    CHECK_THAT(fppa_3d(hip, knee, ankle, side, LabAxes("Y", "X")).fppa_rad, IsNear(isb, 1e-15));
    CHECK_THAT(fppa_3d(to_vicon(hip), to_vicon(knee), to_vicon(ankle), side, LabAxes()).fppa_rad,
               IsNear(isb, 1e-15));
    CHECK_THAT(fppa_3d(to_vicon(hip), to_vicon(knee), to_vicon(ankle), side, LabAxes("+Z", "+X")).fppa_rad,
               IsNear(isb, 1e-15));
    CHECK_THAT(fppa_3d(to_y_up_neg_z(hip), to_y_up_neg_z(knee), to_y_up_neg_z(ankle), side,
                       LabAxes("Y", "-Z"))
                   .fppa_rad,
               IsNear(isb, 1e-15));
  }
  // A known value in the Vicon lab: right limb, knee 0.05 m towards the subject's left (+Y in
  // Vicon, medial) halfway between hip and ankle 0.4 m apart: 2 atan(0.05 / 0.2).
  Trajectory h(1, 3), k(1, 3), a(1, 3);
  h << 0.1, -0.1, 0.9;
  k << 0.1, -0.05, 0.7;
  a << 0.1, -0.1, 0.5;
  CHECK_THAT(fppa_3d(h, k, a, Side::Right, LabAxes()).fppa_rad[0],
             WithinAbs(2 * std::atan(0.25), 1e-14));
  CHECK_THAT(fppa_3d(h, k, a, Side::Left, LabAxes()).fppa_rad[0],
             WithinAbs(-2 * std::atan(0.25), 1e-14));
}

TEST_CASE("fppa_3d is invariant to a rigid motion of points and frame together",
          "[knee][fppa]") {
  std::mt19937 rng(17);
  const Eigen::Index n = 200;
  Trajectory hip, knee, ankle;
  random_limbs_3d(rng, n, hip, knee, ankle);
  Rotations R_pelvis(n, 9);
  for (Eigen::Index f = 0; f < n; ++f) R_pelvis.row(f) = as_row(random_rotation(rng));
  const Eigen::Matrix3d Q = random_rotation(rng);
  const Eigen::RowVector3d c(2.5, -1.0, 0.7);
  auto move = [&](const Trajectory& p) -> Trajectory {
    Trajectory out = p * Q.transpose();
    out.rowwise() += c;
    return out;
  };
  Rotations R_moved(n, 9);
  for (Eigen::Index f = 0; f < n; ++f) {
    R_moved.row(f) = as_row(Q * Eigen::Matrix3d(hipmech::geometry::rotation_at(R_pelvis, f)));
  }
  for (Side side : kSides) {
    CHECK_THAT(fppa_3d(move(hip), move(knee), move(ankle), side, R_moved).fppa_rad,
               IsNear(fppa_3d(hip, knee, ankle, side, R_pelvis).fppa_rad, 1e-12));
    // One frame for the whole trial moves too.
    const Eigen::Matrix3d R0 = hipmech::geometry::rotation_at(R_pelvis, 0);
    CHECK_THAT(fppa_3d(move(hip), move(knee), move(ankle), side, one_rotation(Q * R0)).fppa_rad,
               IsNear(fppa_3d(hip, knee, ankle, side, one_rotation(R0)).fppa_rad, 1e-12));
  }
}

TEST_CASE("fppa_3d of a JCS knee: atan(tan v / cos(phi - theta))", "[knee][fppa]") {
  // Derivation. ISB lab (X forward, Y up, Z right), frontal image x = -Z, y = Y (y up, seen
  // from the front). The thigh flexed forward by theta at the hip: R_lab_thigh = R_Z(theta),
  // long axis Y_t = (-sin theta, cos theta, 0), knee - hip = -L1 Y_t, whose image
  // t = (0, -L1 cos theta) points straight down. The shank by the Grood & Suntay JCS (e1 =
  // thigh Z, e2 floating, e3 = shank Y: R_thigh_shank = R_Z(a1) R_X(a2) R_Y(a3)) with knee
  // flexion phi = -a1, valgus v (a2 = -v on the right, +v on the left: the ankle moves
  // laterally) and a rotation a3 about the shank's own long axis, which cannot move the ankle:
  //   Y_s = R_Z(theta - phi) R_X(a2) e_y = (sin(phi - theta) cos a2, cos(phi - theta) cos a2, sin a2),
  // ankle - knee = -L2 Y_s, with image s = L2 (sin a2, -cos(phi - theta) cos a2). Its lateral
  // part is L2 sin v (its Z is -L2 sin a2: +L2 sin v to the right on the right limb, to the left
  // on the left one) and its downward part L2 cos v cos(phi - theta), so the shank leans from
  // the (vertical) thigh line
  // by atan2(sin v, cos v cos(phi - theta)) with the ankle lateral, i.e. the knee medial:
  //   FPPA = atan2(sin v, cos v cos(phi - theta)) = atan(tan v / cos(phi - theta))
  // for |phi - theta| < 90 deg, the formula (theta = 0: atan(tan v / cos phi)).
  // phi = 110 deg checks the atan2 form beyond it (the shank image points upwards).
  const double L1 = 0.43, L2 = 0.41;
  const Eigen::Vector3d knee_pos(0.2, 0.5, 0.15);
  for (Side side : kSides) {
    const double lat = side == Side::Right ? 1.0 : -1.0;
    for (double theta : {0.0, 10 * kDeg, 30 * kDeg}) {
      for (double phi : {0.0, 20 * kDeg, 45 * kDeg, 70 * kDeg, 110 * kDeg}) {
        for (double v : {-8 * kDeg, 3 * kDeg, 12 * kDeg}) {
          for (double rot : {0.0, 15 * kDeg}) {
            CAPTURE(to_string(side), theta / kDeg, phi / kDeg, v / kDeg, rot / kDeg);
            const Eigen::Matrix3d R_thigh =
                Eigen::AngleAxisd(theta, Eigen::Vector3d::UnitZ()).toRotationMatrix();
            const Eigen::Matrix3d R_shank =
                R_thigh * (Eigen::AngleAxisd(-phi, Eigen::Vector3d::UnitZ()) *
                           Eigen::AngleAxisd(-lat * v, Eigen::Vector3d::UnitX()) *
                           Eigen::AngleAxisd(lat * rot, Eigen::Vector3d::UnitY()))
                              .toRotationMatrix();
            Trajectory hip(1, 3), knee(1, 3), ankle(1, 3);
            knee.row(0) = knee_pos.transpose();
            hip.row(0) = (knee_pos + L1 * R_thigh.col(1)).transpose();
            ankle.row(0) = (knee_pos - L2 * R_shank.col(1)).transpose();
            // The construction puts the ankle lateral of the knee for valgus (Z right).
            CHECK((ankle(0, 2) - knee(0, 2)) * lat * v > 0.0);
            const double expected = std::atan2(std::sin(v), std::cos(v) * std::cos(phi - theta));
            if (std::cos(phi - theta) > 0.0) {
              CHECK_THAT(expected, WithinAbs(std::atan(std::tan(v) / std::cos(phi - theta)), 1e-15));
            }
            const FppaResult r = fppa_3d(hip, knee, ankle, side, LabAxes("Y", "X"));
            CHECK_THAT(r.fppa_rad[0], WithinAbs(expected, 1e-14));
          }
        }
      }
    }
  }
}

TEST_CASE("fppa_3d marks missing and degenerate frames and rejects bad input", "[knee][fppa]") {
  // Frame 0: valgus right limb 2 atan(0.25); 1: the thigh along X (the plane's normal: hip
  // straight behind the knee) projects to a point; 2: NaN knee; 3: NaN frame rotation.
  Trajectory hip(4, 3), knee(4, 3), ankle(4, 3);
  hip << 0, 0.9, 0.1, -0.4, 0.5, 0.1, 0, 0.9, 0.1, 0, 0.9, 0.1;
  knee << 0, 0.7, 0.05, 0, 0.5, 0.1, nan_value, 0.7, 0.05, 0, 0.7, 0.05;
  ankle << 0, 0.5, 0.1, 0, 0.1, 0.1, 0, 0.5, 0.1, 0, 0.5, 0.1;
  Rotations R(4, 9);
  for (Eigen::Index f = 0; f < 4; ++f) R.row(f) = as_row(Eigen::Matrix3d::Identity());
  R(3, 4) = nan_value;
  const FppaResult r = fppa_3d(hip, knee, ankle, Side::Right, R);
  Series expected(4);
  expected << 2 * std::atan(0.25), nan_value, nan_value, nan_value;
  CHECK_THAT(r.fppa_rad, IsNear(expected, 1e-14));
  CHECK(r.missing_frames == 2);
  CHECK(r.degenerate_frames == 1);

  SECTION("R_lab_frame neither 1 nor #frames") {
    REQUIRE_THROWS_AS(fppa_3d(hip, knee, ankle, Side::Right, R.topRows(2)), InvalidArgument);
    CHECK(thrown_argument([&] { (void)fppa_3d(hip, knee, ankle, Side::Right, R.topRows(2)); }) ==
          "R_lab_frame");
  }
  SECTION("points with other #frames") {
    REQUIRE_THROWS_AS(fppa_3d(hip, knee.topRows(3), ankle, Side::Right, R), InvalidArgument);
    CHECK(thrown_argument([&] { (void)fppa_3d(hip, knee.topRows(3), ankle, Side::Right, R); }) ==
          "knee_lab");
    CHECK(thrown_argument([&] { (void)fppa_3d(hip, knee, ankle.topRows(1), Side::Right, R); }) ==
          "ankle_lab");
  }
  SECTION("infinity") {
    Rotations Rbad = R;
    Rbad(1, 0) = inf_value;
    REQUIRE_THROWS_AS(fppa_3d(hip, knee, ankle, Side::Left, Rbad), InvalidArgument);
    CHECK(thrown_argument([&] { (void)fppa_3d(hip, knee, ankle, Side::Left, Rbad); }) == "R_lab_frame");
    Trajectory abad = ankle;
    abad(2, 2) = inf_value;
    CHECK(thrown_argument([&] { (void)fppa_3d(hip, knee, abad, Side::Left, R); }) == "ankle_lab");
    Trajectory hbad = hip;
    hbad(0, 0) = -inf_value;
    CHECK(thrown_argument([&] { (void)fppa_3d(hbad, knee, ankle, Side::Left, LabAxes()); }) == "hip_lab");
  }
}
