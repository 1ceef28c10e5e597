// Pauwels' static model of single-leg stance (include/hipmech/hip/pauwels.hpp).
//
// Expected values come from the literature or from hand geometry, never from the code's own
// output:
// - Pauwels F (1965) Der Schenkelhalsbruch, pp. 101-112 (English 1980): 58.7 kg, S5 = 47.76 kg,
//   h = 10.99 cm, a = 40 mm, theta = 21 deg give M/S5 = 2.75, R/S5 = 3.7, R/BW = 3.01, R at
//   15.4 deg to the vertical; values as stored in
//   /work/shared/validation/stats_reference/stats_reference_values.json, key
//   "pauwels_1965_original_numbers" (from RWTHmediTEC/HipJointForceModel Pauwels1965.m);
// - equilibrium: on random inputs the forces on the body above the stance hip (S5, cane,
//   abductors, joint force) and their moments about the hip centre sum to zero, moments taken
//   as 2-D cross products with points on each line of action built in the test;
// - the hip-centre helper: BW d / 2 = S5 h, by hand;
// - abductor lines through a 3-4-5 triangle and a vertical line, by hand;
// - pelvic drop: a rigid rotation about the hip centre, (x, y) -> (x cos + y sin, -x sin + y cos);
// - cane: M a = S5 h - C c.
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <string>

#include <Eigen/Core>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/eigen_matchers.hpp"
#include "helpers/thrown.hpp"
#include "hipmech/hip/pauwels.hpp"

using hipmech::test::thrown_argument;
using hipmech::test::thrown_message;

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using hipmech::InvalidArgument;
using hipmech::hip::abductor_line_from_points;
using hipmech::hip::AbductorLine;
using hipmech::hip::cane_force_for_zero_abductor_n;
using hipmech::hip::partial_body_lever_arm_from_hip_centres;
using hipmech::hip::pauwels;
using hipmech::hip::PauwelsInput;
using hipmech::hip::PauwelsPoints;
using hipmech::hip::PauwelsResult;
using hipmech::hip::point_after_pelvic_drop;
using hipmech::testing::IsNear;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = kPi / 180.0;
const double nan_value = std::numeric_limits<double>::quiet_NaN();
const double inf_value = std::numeric_limits<double>::infinity();

/// 2-D cross product: the moment about the origin of force f applied at r (positive =
/// counter-clockwise in (medial, superior), i.e. lifting the medial/swing side).
double cross(const Eigen::Vector2d& r, const Eigen::Vector2d& f) {
  return r.x() * f.y() - r.y() * f.x();
}

PauwelsInput pauwels_1965() {
  // stats_reference_values.json "pauwels_1965_original_numbers": body_mass_kg 58.7,
  // S5_lever_arm_frontal_cm 10.99, abductor_lever_arm_mm_default 40,
  // abductor_angle_to_vertical_deg_default 21. These are also the struct's defaults.
  PauwelsInput in;
  in.body_mass_kg = 58.7;
  in.partial_body_lever_arm_m = 0.1099;
  in.abductor_lever_arm_m = 0.040;
  in.abductor_angle_rad = 21.0 * kDeg;
  return in;
}

/// Points of an abductor line with lever arm a and angle theta: the foot of the perpendicular
/// from the hip centre is a (-cos theta, sin theta) (lateral of the hip for theta = 0), and the
/// line runs along u = (sin theta, cos theta); origin 8 cm above the foot, insertion 2 cm below.
void abductor_points(double a, double theta, Eigen::Vector2d& origin, Eigen::Vector2d& insertion) {
  const Eigen::Vector2d foot(-a * std::cos(theta), a * std::sin(theta));
  const Eigen::Vector2d u(std::sin(theta), std::cos(theta));
  origin = foot + 0.08 * u;
  insertion = foot - 0.02 * u;
}

/// Random but physiological inputs, cane force below both limits.
PauwelsInput random_input(std::mt19937& rng) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  PauwelsInput in;
  in.body_mass_kg = 40.0 + 80.0 * unit(rng);
  in.stance_limb_mass_fraction = 0.12 + 0.12 * unit(rng);
  in.partial_body_lever_arm_m = 0.06 + 0.08 * unit(rng);
  in.abductor_lever_arm_m = 0.03 + 0.04 * unit(rng);
  in.abductor_angle_rad = (-20.0 + 60.0 * unit(rng)) * kDeg;
  in.pelvic_drop_rad = (-10.0 + 20.0 * unit(rng)) * kDeg;
  in.partial_body_com_height_m = 0.05 + 0.2 * unit(rng);
  in.g_mps2 = 9.7 + 0.2 * unit(rng);
  in.cane_lever_arm_m = 0.2 + 0.3 * unit(rng);
  const double h = in.partial_body_lever_arm_m * std::cos(in.pelvic_drop_rad) +
                   in.partial_body_com_height_m * std::sin(in.pelvic_drop_rad);
  const double s5 = (1.0 - in.stance_limb_mass_fraction) * in.body_mass_kg * in.g_mps2;
  in.cane_force_n = unit(rng) < 0.3 ? 0.0 : 0.9 * unit(rng) * s5 * h / in.cane_lever_arm_m;
  return in;
}

/// Checks that the free body above the stance hip is in equilibrium: S5 down on the line
/// x = h, the cane up on x = c, the abductor force M pulling from origin to insertion along a
/// line through `insertion`, and the acetabulum's force -R through the hip centre.
void check_equilibrium(const PauwelsResult& r, const PauwelsInput& in, double h,
                       const Eigen::Vector2d& origin, const Eigen::Vector2d& insertion) {
  const double s5 = r.partial_body_weight_n;
  const Eigen::Vector2d w(0.0, -s5);
  const Eigen::Vector2d cane(0.0, in.cane_force_n);
  const Eigen::Vector2d muscle = r.abductor_force_n * (insertion - origin).normalized();
  const Eigen::Vector2d joint = -r.hip_force_n;
  const double scale = r.body_weight_n;
  CHECK_THAT((w + cane + muscle + joint).norm() / scale, WithinAbs(0.0, 1e-12));
  const double moment = cross(Eigen::Vector2d(h, 0.3), w) +
                        cross(Eigen::Vector2d(in.cane_lever_arm_m, -0.8), cane) +
                        cross(insertion, muscle) + cross(Eigen::Vector2d::Zero(), joint);
  CHECK_THAT(moment / (scale * 0.1), WithinAbs(0.0, 1e-12));
}

}  // namespace

TEST_CASE("pauwels reproduces Pauwels' 1965 numbers", "[hip][pauwels]") {
  // Pauwels (1965) pp. 105-112 via stats_reference_values.json "pauwels_1965_original_numbers":
  // S5 = 47.76 kg; derived_by_helper: M/S5 = 2.75, R/S5 = 3.7, R/BW = 3.01, 15.4 deg.
  const double g = 9.81;
  for (const PauwelsInput& in : {pauwels_1965(), [] {
                                   PauwelsInput d;  // the defaults are Pauwels' values
                                   d.body_mass_kg = 58.7;
                                   return d;
                                 }()}) {
    const PauwelsResult r = pauwels(in);
    CHECK_THAT(r.body_weight_n, WithinRel(58.7 * g, 1e-14));
    CHECK_THAT(r.partial_body_weight_n / g, WithinAbs(47.76, 0.005));
    CHECK_THAT(r.abductor_force_per_partial, WithinAbs(2.75, 0.005));
    CHECK_THAT(r.hip_force_per_partial, WithinAbs(3.7, 0.05));
    CHECK_THAT(r.hip_force_bw, WithinAbs(3.01, 0.005));
    CHECK_THAT(r.hip_force_angle_rad / kDeg, WithinAbs(15.4, 0.05));
    // Unrounded hand values: M/S5 = h/a = 10.99/4; R from S5 (1 + (h/a) e_theta).
    CHECK_THAT(r.abductor_force_per_partial, WithinRel(10.99 / 4.0, 1e-12));
    const double k = 10.99 / 4.0;
    const double rx = k * std::sin(21.0 * kDeg), ry = 1.0 + k * std::cos(21.0 * kDeg);
    CHECK_THAT(r.hip_force_per_partial, WithinRel(std::hypot(rx, ry), 1e-12));
    CHECK_THAT(r.hip_force_angle_rad, WithinRel(std::atan2(rx, ry), 1e-12));
    // R on the femoral head points down and laterally.
    CHECK(r.hip_force_n.x() < 0.0);
    CHECK(r.hip_force_n.y() < 0.0);
    CHECK_THAT(r.abductor_force_bw, WithinRel(r.abductor_force_n / r.body_weight_n, 1e-14));
    CHECK_THAT(r.partial_body_lever_arm_m, WithinAbs(0.1099, 1e-15));
    CHECK_THAT(r.abductor_lever_arm_m, WithinAbs(0.040, 1e-15));
    CHECK_THAT(r.abductor_angle_rad, WithinAbs(21.0 * kDeg, 1e-15));
  }
}

TEST_CASE("pauwels overestimates the in vivo one-leg-stance hip force", "[hip][pauwels]") {
  // Bergmann et al. (2016) PLoS One 11:e0155612, OrthoLoad one-leg stance, 10 patients:
  // 260.7 +/- 28.7 %BW (stats_reference_values.json "orthoload_one_leg_stance_in_vivo").
  // Pauwels' 301 %BW lies 1.4 SD above the in vivo mean, inside mean + 2 SD.
  const PauwelsResult r = pauwels(pauwels_1965());
  const double percent_bw = 100.0 * r.hip_force_bw;
  CHECK(percent_bw > 260.7);
  CHECK(percent_bw < 260.7 + 2.0 * 28.7);
}

TEST_CASE("pauwels is in equilibrium on random inputs", "[hip][pauwels]") {
  std::mt19937 rng(20240615);
  for (int i = 0; i < 200; ++i) {
    const PauwelsInput in = random_input(rng);
    INFO("case " << i);
    // Lever-arm form: h after the drop by the rotation formula, abductor line as given.
    const PauwelsResult r = pauwels(in);
    const double h = in.partial_body_lever_arm_m * std::cos(in.pelvic_drop_rad) +
                     in.partial_body_com_height_m * std::sin(in.pelvic_drop_rad);
    CHECK_THAT(r.partial_body_lever_arm_m, WithinAbs(h, 1e-15));
    Eigen::Vector2d origin, insertion;
    abductor_points(in.abductor_lever_arm_m, in.abductor_angle_rad, origin, insertion);
    check_equilibrium(r, in, h, origin, insertion);
    CHECK(r.abductor_force_n >= 0.0);
    CHECK(r.hip_force_n.y() < 0.0);  // compressive: the head is pushed down
    CHECK_THAT(r.hip_force_magnitude_n, WithinRel(r.hip_force_n.norm(), 1e-14));
    CHECK_THAT(r.hip_force_bw * r.body_weight_n, WithinRel(r.hip_force_magnitude_n, 1e-14));
    CHECK_THAT(r.hip_force_per_partial * r.partial_body_weight_n,
               WithinRel(r.hip_force_magnitude_n, 1e-14));
    CHECK_THAT(r.abductor_force_per_partial * r.partial_body_weight_n,
               WithinRel(r.abductor_force_n, 1e-14));

    // Point form: the same geometry as points, pelvis level, then dropped by the test's own
    // rotation; the insertion stays put.
    PauwelsPoints p;
    p.partial_body_com_m =
        Eigen::Vector2d(in.partial_body_lever_arm_m, in.partial_body_com_height_m);
    p.abductor_origin_m = origin;
    p.abductor_insertion_m = insertion;
    const double c = std::cos(in.pelvic_drop_rad), s = std::sin(in.pelvic_drop_rad);
    const Eigen::Vector2d origin_dropped(c * origin.x() + s * origin.y(),
                                         -s * origin.x() + c * origin.y());
    const PauwelsResult rp = pauwels(in, p);
    CHECK_THAT(rp.partial_body_lever_arm_m, WithinAbs(h, 1e-15));
    check_equilibrium(rp, in, h, origin_dropped, insertion);
  }
}

TEST_CASE("partial_body_lever_arm_from_hip_centres balances BW d/2 = S5 h", "[hip][pauwels]") {
  // By hand: d = 0.20 m, limb fraction 0.2 -> h = 0.10 / 0.8 = 0.125 m.
  CHECK_THAT(partial_body_lever_arm_from_hip_centres(0.20, 0.2), WithinRel(0.125, 1e-15));
  // Pauwels: h = 10.99 cm with S5/BW = 1 - 0.18635 needs d = 2 x 0.81365 x 10.99 cm = 17.884 cm.
  CHECK_THAT(partial_body_lever_arm_from_hip_centres(0.17884027, 0.18635), WithinRel(0.1099, 1e-9));
  // Braune (1895) p. 96: the subject's hip centres were 17.0 cm apart -> h = 10.45 cm, 5 % less
  // than Pauwels' 10.99 cm measured from the phase-16 posture.
  CHECK_THAT(partial_body_lever_arm_from_hip_centres(0.170, 0.18635), WithinAbs(0.10447, 1e-5));
  // The identity itself on a few values.
  for (double d : {0.15, 0.18, 0.21}) {
    for (double f : {0.1, 0.16, 0.25}) {
      const double h = partial_body_lever_arm_from_hip_centres(d, f);
      CHECK_THAT((1.0 - f) * h, WithinRel(d / 2.0, 1e-14));  // S5 h = BW d / 2, per unit BW
    }
  }
}

TEST_CASE("abductor_line_from_points matches hand geometry", "[hip][pauwels]") {
  SECTION("vertical line 5 cm lateral") {
    const AbductorLine l = abductor_line_from_points({-0.05, 0.08}, {-0.05, -0.01});
    CHECK_THAT(l.lever_arm_m, WithinAbs(0.05, 1e-15));
    CHECK_THAT(l.angle_rad, WithinAbs(0.0, 1e-15));
  }
  SECTION("3-4-5 triangle: origin 3 cm medial and 4 cm above the insertion") {
    // d = (0.03, 0.04), |d| = 0.05, theta = atan(3/4); distance = |i x d| / |d| with
    // i = (-0.04, 0.03): |-0.04 * 0.04 - 0.03 * 0.03| / 0.05 = 0.0025 / 0.05 = 0.05 m.
    const AbductorLine l = abductor_line_from_points({-0.01, 0.07}, {-0.04, 0.03});
    CHECK_THAT(l.lever_arm_m, WithinAbs(0.05, 1e-15));
    CHECK_THAT(l.angle_rad, WithinAbs(std::atan2(3.0, 4.0), 1e-15));
  }
  SECTION("origin lateral of the insertion: negative angle") {
    const AbductorLine l = abductor_line_from_points({-0.07, 0.07}, {-0.04, 0.03});
    CHECK_THAT(l.angle_rad, WithinAbs(-std::atan2(3.0, 4.0), 1e-15));
    // i x d = -0.04 * 0.04 - 0.03 * (-0.03) = -0.0007 -> 0.014 m lateral.
    CHECK_THAT(l.lever_arm_m, WithinAbs(0.014, 1e-15));
  }
  SECTION("line passing medial of the hip centre: negative lever arm") {
    const AbductorLine l = abductor_line_from_points({0.02, 0.05}, {0.02, -0.05});
    CHECK_THAT(l.lever_arm_m, WithinAbs(-0.02, 1e-15));
  }
  SECTION("Pauwels' a = 40 mm, theta = 21 deg round-trip, any point pair on the line") {
    Eigen::Vector2d o, i;
    abductor_points(0.040, 21.0 * kDeg, o, i);
    const AbductorLine l = abductor_line_from_points(o, i);
    CHECK_THAT(l.lever_arm_m, WithinAbs(0.040, 1e-15));
    CHECK_THAT(l.angle_rad, WithinAbs(21.0 * kDeg, 1e-15));
    const Eigen::Vector2d u = (o - i).normalized();
    const AbductorLine l2 = abductor_line_from_points(o + 0.05 * u, i - 0.03 * u);
    CHECK_THAT(l2.lever_arm_m, WithinAbs(0.040, 1e-15));
    CHECK_THAT(l2.angle_rad, WithinAbs(21.0 * kDeg, 1e-15));
  }
}

TEST_CASE("pauwels with points and no drop equals the lever-arm form", "[hip][pauwels]") {
  Eigen::Vector2d o, i;
  abductor_points(0.040, 21.0 * kDeg, o, i);
  PauwelsPoints p;
  p.partial_body_com_m = Eigen::Vector2d(0.1099, 0.1614);
  p.abductor_origin_m = o;
  p.abductor_insertion_m = i;
  const PauwelsInput in = pauwels_1965();
  const PauwelsResult a = pauwels(in);
  const PauwelsResult b = pauwels(in, p);
  CHECK_THAT(b.abductor_force_n, WithinRel(a.abductor_force_n, 1e-13));
  CHECK_THAT(b.hip_force_n, IsNear(a.hip_force_n, 1e-10));
  CHECK_THAT(b.hip_force_angle_rad, WithinAbs(a.hip_force_angle_rad, 1e-13));
  CHECK_THAT(b.abductor_lever_arm_m, WithinAbs(0.040, 1e-15));
}

TEST_CASE("pelvic drop of zero equals no drop", "[hip][pauwels]") {
  PauwelsInput in = pauwels_1965();
  const PauwelsResult a = pauwels(in);
  in.pelvic_drop_rad = 0.0;
  in.partial_body_com_height_m = 0.5;  // irrelevant without a drop
  const PauwelsResult b = pauwels(in);
  CHECK(b.partial_body_lever_arm_m == a.partial_body_lever_arm_m);
  CHECK(b.abductor_force_n == a.abductor_force_n);
  CHECK(b.hip_force_n == a.hip_force_n);
  CHECK(point_after_pelvic_drop(Eigen::Vector2d(0.1, 0.2), 0.0) == Eigen::Vector2d(0.1, 0.2));
}

TEST_CASE("pelvic drop rotates S5 and the abductor origin about the hip centre", "[hip][pauwels]") {
  const double drop = 5.0 * kDeg;
  SECTION("rotation direction: swing side down, points above the hip move medially") {
    const Eigen::Vector2d swing = point_after_pelvic_drop({0.1, 0.0}, drop);
    CHECK_THAT(swing.y(), WithinAbs(-0.1 * std::sin(drop), 1e-16));
    CHECK(swing.y() < 0.0);
    const Eigen::Vector2d above = point_after_pelvic_drop({0.0, 0.2}, drop);
    CHECK_THAT(above.x(), WithinAbs(0.2 * std::sin(drop), 1e-16));
    CHECK(above.x() > 0.0);
    // A rotation keeps distances to the hip centre.
    CHECK_THAT(point_after_pelvic_drop({0.03, -0.07}, 0.3).norm(),
               WithinRel(std::hypot(0.03, -0.07), 1e-14));
  }
  SECTION("lever-arm form: h' = h cos + v sin, abductor line kept, M scales with h") {
    PauwelsInput in = pauwels_1965();
    in.pelvic_drop_rad = drop;
    in.partial_body_com_height_m = 0.1614;
    const PauwelsResult r = pauwels(in);
    // 0.1099 cos 5 deg + 0.1614 sin 5 deg = 0.1094818 + 0.0140669 = 0.1235487 m.
    CHECK_THAT(r.partial_body_lever_arm_m, WithinAbs(0.1235487, 1e-7));
    CHECK_THAT(r.partial_body_lever_arm_m,
               WithinAbs(0.1099 * std::cos(drop) + 0.1614 * std::sin(drop), 1e-15));
    CHECK(r.abductor_lever_arm_m == 0.040);
    CHECK(r.abductor_angle_rad == 21.0 * kDeg);
    const PauwelsResult level = pauwels(pauwels_1965());
    CHECK_THAT(r.abductor_force_n / level.abductor_force_n,
               WithinRel(r.partial_body_lever_arm_m / 0.1099, 1e-13));
    CHECK(r.hip_force_magnitude_n > level.hip_force_magnitude_n);
    // A pelvic hike (negative drop) moves S5 laterally instead.
    in.pelvic_drop_rad = -drop;
    CHECK(pauwels(in).partial_body_lever_arm_m < 0.1099);
  }
  SECTION("point form: the origin rotates, the insertion stays") {
    PauwelsInput in = pauwels_1965();
    in.pelvic_drop_rad = drop;
    PauwelsPoints p;
    p.partial_body_com_m = Eigen::Vector2d(0.1099, 0.1614);
    p.abductor_origin_m = Eigen::Vector2d(-0.01, 0.07);
    p.abductor_insertion_m = Eigen::Vector2d(-0.04, 0.03);
    const double c = std::cos(drop), s = std::sin(drop);
    const Eigen::Vector2d o(-0.01 * c + 0.07 * s, 0.01 * s + 0.07 * c);
    const Eigen::Vector2d d = o - Eigen::Vector2d(-0.04, 0.03);
    const double a = std::abs(-0.04 * d.y() - 0.03 * d.x()) / d.norm();
    const PauwelsResult r = pauwels(in, p);
    CHECK_THAT(r.partial_body_lever_arm_m, WithinAbs(0.1099 * c + 0.1614 * s, 1e-15));
    CHECK_THAT(r.abductor_lever_arm_m, WithinAbs(a, 1e-15));
    CHECK_THAT(r.abductor_angle_rad, WithinAbs(std::atan2(d.x(), d.y()), 1e-15));
    CHECK_THAT(r.abductor_force_n,
               WithinRel(r.partial_body_weight_n * (0.1099 * c + 0.1614 * s) / a, 1e-13));
  }
}

TEST_CASE("a contralateral cane reduces M and R as M a = S5 h - C c says", "[hip][pauwels]") {
  PauwelsInput in = pauwels_1965();
  const PauwelsResult none = pauwels(in);
  const double s5 = none.partial_body_weight_n;
  in.cane_lever_arm_m = 0.45;
  in.cane_force_n = 0.15 * none.body_weight_n;  // 15 % BW on the cane
  const PauwelsResult r = pauwels(in);
  const double m = (s5 * 0.1099 - in.cane_force_n * 0.45) / 0.040;
  CHECK_THAT(r.abductor_force_n, WithinRel(m, 1e-13));
  const double rx = -m * std::sin(21.0 * kDeg);
  const double ry = -(s5 - in.cane_force_n + m * std::cos(21.0 * kDeg));
  CHECK_THAT(r.hip_force_n, IsNear(Eigen::Vector2d(rx, ry), 1e-9));
  CHECK(r.abductor_force_n < none.abductor_force_n);
  CHECK(r.hip_force_magnitude_n < none.hip_force_magnitude_n);
  // 15 % BW at 45 cm: M from 2.24 to 0.55 BW, R from 3.01 to 1.19 BW (hand arithmetic).
  CHECK_THAT(r.abductor_force_bw, WithinAbs(0.548, 0.001));
  CHECK_THAT(r.hip_force_bw, WithinAbs(1.192, 0.001));

  SECTION("the cane force that unloads the abductors") {
    const double c0 = cane_force_for_zero_abductor_n(in);
    CHECK_THAT(c0, WithinRel(s5 * 0.1099 / 0.45, 1e-14));
    in.cane_force_n = c0;
    const PauwelsResult zero = pauwels(in);
    CHECK_THAT(zero.abductor_force_n, WithinAbs(0.0, 1e-9));
    // With M = 0 the head carries S5 - C, straight down.
    CHECK_THAT(zero.hip_force_n, IsNear(Eigen::Vector2d(0.0, -(s5 - c0)), 1e-9));
    CHECK_THAT(zero.hip_force_angle_rad, WithinAbs(0.0, 1e-12));
    in.cane_force_n = 1.001 * c0;
    REQUIRE_THROWS_AS(pauwels(in), InvalidArgument);
    CHECK(thrown_argument([&] { pauwels(in); }) == "cane_force_n");
  }
  SECTION("a cane closer than h cannot carry more than S5") {
    in.cane_lever_arm_m = 0.05;
    in.cane_force_n = 1.01 * s5;
    CHECK(thrown_argument([&] { pauwels(in); }) == "cane_force_n");
    in.cane_force_n = s5;
    CHECK_THAT(pauwels(in).hip_force_n.y(),
               WithinAbs(-pauwels(in).abductor_force_n * std::cos(21.0 * kDeg), 1e-9));
  }
}

TEST_CASE("pauwels rejects bad input naming the field", "[hip][pauwels]") {
  const auto expect_field = [](PauwelsInput in, const std::string& field) {
    INFO("field " << field);
    REQUIRE_THROWS_AS(pauwels(in), InvalidArgument);
    CHECK(thrown_argument([&] { pauwels(in); }) == field);
    CHECK_THAT(thrown_message([&] { pauwels(in); }), ContainsSubstring("'" + field + "'"));
  };
  const PauwelsInput good = pauwels_1965();
  SECTION("body mass missing, zero, negative, NaN, infinite") {
    for (double v : {0.0, -70.0, nan_value, inf_value}) {
      PauwelsInput in = good;
      in.body_mass_kg = v;
      expect_field(in, "body_mass_kg");
    }
    expect_field(PauwelsInput{}, "body_mass_kg");  // the default is NaN: must be given
  }
  SECTION("stance limb fraction outside (0, 1)") {
    for (double v : {0.0, 1.0, -0.1, 1.5, nan_value}) {
      PauwelsInput in = good;
      in.stance_limb_mass_fraction = v;
      expect_field(in, "stance_limb_mass_fraction");
    }
  }
  SECTION("lever arms <= 0 or NaN") {
    for (double v : {0.0, -0.01, nan_value, inf_value}) {
      PauwelsInput in = good;
      in.partial_body_lever_arm_m = v;
      expect_field(in, "partial_body_lever_arm_m");
      in = good;
      in.abductor_lever_arm_m = v;
      expect_field(in, "abductor_lever_arm_m");
    }
  }
  SECTION("angles with |angle| >= 90 deg or NaN") {
    for (double v : {kPi / 2.0, -kPi / 2.0, 2.0, nan_value}) {
      PauwelsInput in = good;
      in.abductor_angle_rad = v;
      expect_field(in, "abductor_angle_rad");
      in = good;
      in.pelvic_drop_rad = v;
      expect_field(in, "pelvic_drop_rad");
    }
  }
  SECTION("cane: negative or NaN force, negative or missing lever arm") {
    for (double v : {-1.0, nan_value}) {
      PauwelsInput in = good;
      in.cane_force_n = v;
      in.cane_lever_arm_m = 0.4;
      expect_field(in, "cane_force_n");
      in = good;
      in.cane_lever_arm_m = v;
      expect_field(in, "cane_lever_arm_m");
    }
    PauwelsInput in = good;
    in.cane_force_n = 50.0;  // no lever arm
    expect_field(in, "cane_lever_arm_m");
  }
  SECTION("g and the centre-of-mass height") {
    for (double v : {0.0, -9.81, nan_value}) {
      PauwelsInput in = good;
      in.g_mps2 = v;
      expect_field(in, "g_mps2");
    }
    PauwelsInput in = good;
    in.partial_body_com_height_m = nan_value;
    expect_field(in, "partial_body_com_height_m");
  }
  SECTION("a hike that carries S5 lateral of the hip") {
    PauwelsInput in = good;
    in.pelvic_drop_rad = -60.0 * kDeg;  // h' = 0.1099 cos 60 - 0.1614 sin 60 < 0
    expect_field(in, "pelvic_drop_rad");
  }
}

TEST_CASE("the geometry helpers reject bad input naming the argument", "[hip][pauwels]") {
  SECTION("partial_body_lever_arm_from_hip_centres") {
    for (double d : {0.0, -0.17, nan_value}) {
      REQUIRE_THROWS_AS(partial_body_lever_arm_from_hip_centres(d, 0.18), InvalidArgument);
      CHECK(thrown_argument([&] { partial_body_lever_arm_from_hip_centres(d, 0.18); }) ==
            "hip_centre_distance_m");
    }
    for (double f : {0.0, 1.0, nan_value}) {
      REQUIRE_THROWS_AS(partial_body_lever_arm_from_hip_centres(0.17, f), InvalidArgument);
      CHECK(thrown_argument([&] { partial_body_lever_arm_from_hip_centres(0.17, f); }) ==
            "stance_limb_mass_fraction");
    }
  }
  SECTION("abductor_line_from_points") {
    REQUIRE_THROWS_AS(abductor_line_from_points({nan_value, 0.07}, {-0.04, 0.0}), InvalidArgument);
    CHECK(thrown_argument([] {
            abductor_line_from_points({nan_value, 0.07}, {-0.04, 0.0});
          }) == "origin_m");
    CHECK(thrown_argument([] {
            abductor_line_from_points({0.0, 0.07}, {-0.04, inf_value});
          }) == "insertion_m");
    // Origin below, level with, or equal to the insertion.
    CHECK(thrown_argument([] {
            abductor_line_from_points({-0.04, 0.0}, {0.0, 0.07});
          }) == "origin_m");
    CHECK(thrown_argument([] {
            abductor_line_from_points({-0.02, 0.03}, {-0.06, 0.03});
          }) == "origin_m");
    CHECK_THAT(thrown_message([] {
                 abductor_line_from_points({0.0, 0.0}, {0.0, 0.0});
               }),
               ContainsSubstring("superior to insertion_m"));
  }
  SECTION("pauwels with points") {
    PauwelsPoints p;
    p.partial_body_com_m = Eigen::Vector2d(0.1099, 0.1614);
    p.abductor_origin_m = Eigen::Vector2d(-0.01, 0.07);
    p.abductor_insertion_m = Eigen::Vector2d(-0.04, 0.03);
    const PauwelsInput in = pauwels_1965();
    REQUIRE_NOTHROW(pauwels(in, p));
    PauwelsPoints bad = p;
    bad.partial_body_com_m.x() = nan_value;
    CHECK(thrown_argument([&] { pauwels(in, bad); }) == "partial_body_com_m");
    bad = p;
    bad.partial_body_com_m.x() = -0.01;  // lateral of the hip
    CHECK(thrown_argument([&] { pauwels(in, bad); }) == "partial_body_com_m");
    bad = p;
    bad.abductor_origin_m = Eigen::Vector2d(0.02, 0.08);  // line medial of the hip centre
    bad.abductor_insertion_m = Eigen::Vector2d(0.02, -0.02);
    CHECK(thrown_argument([&] { pauwels(in, bad); }) == "abductor_origin_m");
    bad = p;
    bad.abductor_insertion_m.y() = inf_value;
    CHECK(thrown_argument([&] { pauwels(in, bad); }) == "abductor_insertion_m");
    CHECK(thrown_argument([&] { pauwels(in, PauwelsPoints{}); }) == "partial_body_com_m");
    PauwelsInput no_mass = in;
    no_mass.body_mass_kg = -1.0;
    CHECK(thrown_argument([&] { pauwels(no_mass, p); }) == "body_mass_kg");
  }
  SECTION("cane_force_for_zero_abductor_n needs a cane lever arm") {
    CHECK(thrown_argument([] { cane_force_for_zero_abductor_n(pauwels_1965()); }) ==
          "cane_lever_arm_m");
  }
}
