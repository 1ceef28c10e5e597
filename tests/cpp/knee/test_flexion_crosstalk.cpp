// Knee flexion cross-talk check (include/hipmech/knee/flexion_crosstalk.hpp).
//
// Expected values: a knee that only flexes (0 -> 60 -> 0 deg in swing, no ab/adduction), its
// angles computed by hipmech's own knee_angles() from a thigh frame rotated about its long axis
// by a known theta (the axis-misalignment model of Piazza & Cavanagh 2000, J Biomech
// 33:1029-1034). The measured angles must satisfy tan(varus) = tan(theta) sin(flexion) (the
// closed form derived in the header; Rivest 2005, J Biomech 38:1604-1611, corrects with the
// same model) and the check must recover theta; theta = 0 gives no cross-talk.
#include <cmath>
#include <limits>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "geometry/geometry_fixtures.hpp"
#include "helpers/thrown.hpp"
#include "hipmech/knee/flexion_crosstalk.hpp"
#include "hipmech/knee/knee_angles.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using hipmech::Series;
using hipmech::Side;
using hipmech::events::EventKind;
using hipmech::events::GaitEvent;
using hipmech::events::Window;
using hipmech::geometry::Rotations;
using hipmech::knee::CrosstalkOptions;
using hipmech::knee::flexion_crosstalk;
using hipmech::knee::FlexionCrosstalk;
using hipmech::knee::knee_angles;
using hipmech::knee::KneeAngles;
using hipmech::test::thrown_argument;
using hipmech::testing::as_row;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = kPi / 180.0;
const double nan_value = std::numeric_limits<double>::quiet_NaN();

constexpr Eigen::Index kFrames = 200;
// Two strides of a right knee: swing [40, 80) and [140, 180); stance elsewhere (flexion 5 deg).
const std::vector<Window> kSwings = {{Side::Right, 40, 80}, {Side::Right, 140, 180}};

/// True knee flexion [rad]: 5 deg in stance, 0 -> 60 -> 0 deg (a raised cosine) in swing.
Series true_flexion() {
  Series phi = Series::Constant(kFrames, 5 * kDeg);
  for (const Window& w : kSwings) {
    for (Eigen::Index f = w.begin; f < w.end; ++f) {
      const double u = static_cast<double>(f - w.begin) / static_cast<double>(w.size() - 1);
      phi[f] = 60 * kDeg * 0.5 * (1.0 - std::cos(2.0 * kPi * u));
    }
  }
  return phi;
}

Eigen::Matrix3d about_y(double a) {
  return Eigen::AngleAxisd(a, Eigen::Vector3d::UnitY()).toRotationMatrix();
}
Eigen::Matrix3d about_z(double a) {
  return Eigen::AngleAxisd(a, Eigen::Vector3d::UnitZ()).toRotationMatrix();
}

/// Knee angles of a knee flexing by `phi` about the true axis (the thigh's Z; a flexing shank
/// turns by -phi about it on both sides, ISB axes), measured with the thigh frame rotated
/// internally by `theta` about its long axis (+Y on the right, -Y on the left: internal turns
/// the anterior X axis medially). The thigh itself is flexed 20 deg in the lab.
KneeAngles measured(const Series& phi, double theta, Side side) {
  const double internal = side == Side::Right ? 1.0 : -1.0;
  Rotations thigh(phi.size(), 9), shank(phi.size(), 9);
  for (Eigen::Index f = 0; f < phi.size(); ++f) {
    const Eigen::Matrix3d T = about_z(20 * kDeg);
    thigh.row(f) = as_row(T * about_y(internal * theta));
    shank.row(f) = as_row(T * about_z(-phi[f]));
  }
  return knee_angles(thigh, shank, side);
}

GaitEvent event(Side side, EventKind kind, Eigen::Index frame) {
  GaitEvent e;
  e.side = side;
  e.kind = kind;
  e.frame = frame;
  return e;
}

}  // namespace

TEST_CASE("a misaligned flexion axis obeys tan(varus) = tan(theta) sin(flexion)",
          "[knee][flexion_crosstalk]") {
  const Series phi = true_flexion();
  for (const Side side : {Side::Left, Side::Right}) {
    for (const double theta : {-20 * kDeg, -5 * kDeg, 12 * kDeg, 25 * kDeg}) {
      const KneeAngles a = measured(phi, theta, side);
      for (Eigen::Index f = 0; f < kFrames; ++f) {
        // The closed forms of the header, in hipmech's own angles on both sides.
        CHECK_THAT(std::tan(a.adduction_rad()[f]),
                   WithinAbs(std::tan(theta) * std::sin(a.flexion_rad()[f]), 1e-12));
        CHECK_THAT(std::sin(a.adduction_rad()[f]),
                   WithinAbs(std::sin(theta) * std::sin(phi[f]), 1e-12));
        CHECK_THAT(std::tan(a.flexion_rad()[f]),
                   WithinAbs(std::cos(theta) * std::tan(phi[f]), 1e-12));
      }
    }
  }
}

TEST_CASE("flexion_crosstalk recovers a known axis misalignment", "[knee][flexion_crosstalk]") {
  const Series phi = true_flexion();
  for (const Side side : {Side::Left, Side::Right}) {
    for (const double theta : {-20 * kDeg, 15 * kDeg, 25 * kDeg}) {
      const KneeAngles a = measured(phi, theta, side);
      std::vector<Window> swings = kSwings;
      for (Window& w : swings) w.side = side;
      const FlexionCrosstalk c =
          flexion_crosstalk(a.flexion_rad(), a.adduction_rad(), side, swings);
      CHECK(c.side == side);
      CHECK(c.judged);
      CHECK(c.suspected);
      CHECK(c.windows == 2);
      CHECK(c.frames == 80);
      CHECK(c.missing_frames == 0);
      // Exact model: the fit of tan(varus) on sin(flexion) is exact.
      CHECK_THAT(c.misalignment_rad, WithinAbs(theta, 1e-9));
      CHECK(std::abs(c.correlation) > 0.99);
      CHECK(c.correlation * theta > 0.0);
      // Swing flexion from 0 to the largest sampled phi (just under 60 deg), measured as
      // atan(cos(theta) tan(phi)); the frontal range from sin(varus) = sin(theta) sin(phi).
      const double phi_max = phi.maxCoeff();
      CHECK_THAT(c.flexion_range_rad,
                 WithinAbs(std::atan(std::cos(theta) * std::tan(phi_max)), 1e-12));
      CHECK_THAT(c.frontal_range_rad,
                 WithinAbs(std::abs(std::asin(std::sin(theta) * std::sin(phi_max))), 1e-12));
      CHECK_THAT(c.note, ContainsSubstring("cross-talk suspected"));
      CHECK_THAT(c.note, ContainsSubstring(theta > 0 ? "internally" : "externally"));
      CHECK_THAT(c.note, ContainsSubstring("thigh rotation offset"));
    }
  }
}

TEST_CASE("flexion_crosstalk: an aligned axis and small misalignments are not suspected",
          "[knee][flexion_crosstalk]") {
  const Series phi = true_flexion();
  SECTION("theta = 0: no frontal motion at all (constant angle)") {
    const KneeAngles a = measured(phi, 0.0, Side::Right);
    const FlexionCrosstalk c =
        flexion_crosstalk(a.flexion_rad(), a.adduction_rad(), Side::Right, kSwings);
    CHECK_FALSE(c.suspected);
    CHECK_THAT(c.frontal_range_rad, WithinAbs(0.0, 1e-12));
    CHECK_THAT(c.note, ContainsSubstring("constant"));
  }
  SECTION("theta = 0 with a genuine frontal wobble unrelated to flexion") {
    const KneeAngles a = measured(phi, 0.0, Side::Right);
    Series varus(kFrames);
    for (Eigen::Index f = 0; f < kFrames; ++f) {
      varus[f] = 3 * kDeg * std::sin(2.0 * kPi * static_cast<double>(f) / 7.0);
    }
    const FlexionCrosstalk c = flexion_crosstalk(a.flexion_rad(), varus, Side::Right, kSwings);
    CHECK(c.judged);
    CHECK_FALSE(c.suspected);
    CHECK(std::abs(c.correlation) < 0.3);
    CHECK_THAT(c.note, ContainsSubstring("no flexion cross-talk suspected"));
  }
  SECTION("theta = 5 deg: flexion-locked but within the frontal range cut-off") {
    const KneeAngles a = measured(phi, 5 * kDeg, Side::Right);
    const FlexionCrosstalk c =
        flexion_crosstalk(a.flexion_rad(), a.adduction_rad(), Side::Right, kSwings);
    CHECK(c.judged);
    CHECK_FALSE(c.suspected);
    CHECK(c.correlation > 0.99);
    CHECK_THAT(c.misalignment_rad, WithinAbs(5 * kDeg, 1e-9));
    CHECK_THAT(c.note, ContainsSubstring("moves little"));
  }
}

TEST_CASE("flexion_crosstalk with noise and a constant offset stays within 1 deg",
          "[knee][flexion_crosstalk]") {
  const Series phi = true_flexion();
  const KneeAngles a = measured(phi, 15 * kDeg, Side::Left);
  Series varus = a.adduction_rad();
  for (Eigen::Index f = 0; f < kFrames; ++f) {
    // 2 deg of static varus and 0.5 deg of deterministic "noise".
    varus[f] += 2 * kDeg + 0.5 * kDeg * std::sin(2.0 * kPi * static_cast<double>(f) / 3.3);
  }
  const FlexionCrosstalk c =
      flexion_crosstalk(a.flexion_rad(), varus, Side::Left,
                        std::vector<Window>{{Side::Left, 40, 80}, {Side::Left, 140, 180}});
  CHECK(c.suspected);
  CHECK_THAT(c.misalignment_rad, WithinAbs(15 * kDeg, 1 * kDeg));
}

TEST_CASE("flexion_crosstalk from gait events, other sides and missing frames",
          "[knee][flexion_crosstalk]") {
  const Series phi = true_flexion();
  const KneeAngles a = measured(phi, 20 * kDeg, Side::Right);
  Series flexion = a.flexion_rad();
  flexion[50] = nan_value;
  flexion[150] = nan_value;
  flexion[10] = nan_value;  // stance: not counted
  const std::vector<GaitEvent> events = {
      event(Side::Right, EventKind::FootStrike, 0),   event(Side::Right, EventKind::FootOff, 40),
      event(Side::Right, EventKind::FootStrike, 80),  event(Side::Right, EventKind::FootOff, 140),
      event(Side::Right, EventKind::FootStrike, 180), event(Side::Left, EventKind::FootOff, 100),
      event(Side::Left, EventKind::FootStrike, 130)};
  const FlexionCrosstalk c = flexion_crosstalk(flexion, a.adduction_rad(), Side::Right, events);
  CHECK(c.suspected);
  CHECK(c.windows == 2);
  CHECK(c.frames == 78);
  CHECK(c.missing_frames == 2);
  CHECK_THAT(c.note, ContainsSubstring("2 missing skipped"));
  CHECK_THAT(c.misalignment_rad, WithinAbs(20 * kDeg, 1e-9));

  // The left knee has one swing [100, 130) of stance-level flexion (5 deg): not judged.
  const FlexionCrosstalk left = flexion_crosstalk(flexion, a.adduction_rad(), Side::Left, events);
  CHECK_FALSE(left.judged);
  CHECK_FALSE(left.suspected);
  CHECK(left.windows == 1);
  CHECK_THAT(left.note, ContainsSubstring("too little flexion"));

  // Overlapping windows count each frame once; windows of the other side are ignored.
  const std::vector<Window> overlapping = {
      {Side::Right, 40, 80}, {Side::Right, 60, 80}, {Side::Left, 0, 200}};
  const FlexionCrosstalk o =
      flexion_crosstalk(a.flexion_rad(), a.adduction_rad(), Side::Right, overlapping);
  CHECK(o.windows == 2);
  CHECK(o.frames == 40);
}

TEST_CASE("flexion_crosstalk says why it cannot judge", "[knee][flexion_crosstalk]") {
  const Series phi = true_flexion();
  const KneeAngles a = measured(phi, 20 * kDeg, Side::Right);
  SECTION("no swing window of the side") {
    const FlexionCrosstalk c =
        flexion_crosstalk(a.flexion_rad(), a.adduction_rad(), Side::Left, kSwings);
    CHECK_FALSE(c.judged);
    CHECK(c.windows == 0);
    CHECK(std::isnan(c.correlation));
    CHECK_THAT(c.note, ContainsSubstring("no swing window of the left knee"));
  }
  SECTION("too few frames") {
    const FlexionCrosstalk c = flexion_crosstalk(a.flexion_rad(), a.adduction_rad(), Side::Right,
                                                 std::vector<Window>{{Side::Right, 50, 55}});
    CHECK_FALSE(c.judged);
    CHECK(c.frames == 5);
    CHECK_THAT(c.note, ContainsSubstring("fewer than 10"));
  }
  SECTION("every swing frame missing") {
    Series varus = a.adduction_rad();
    varus.segment(40, 40).setConstant(nan_value);
    varus.segment(140, 40).setConstant(nan_value);
    const FlexionCrosstalk c = flexion_crosstalk(a.flexion_rad(), varus, Side::Right, kSwings);
    CHECK_FALSE(c.judged);
    CHECK(c.frames == 0);
    CHECK(c.missing_frames == 80);
    CHECK(std::isnan(c.frontal_range_rad));
  }
}

TEST_CASE("flexion_crosstalk rejects bad arguments by name", "[knee][flexion_crosstalk]") {
  const Series phi = true_flexion();
  const KneeAngles a = measured(phi, 20 * kDeg, Side::Right);
  const Series flex = a.flexion_rad(), var = a.adduction_rad();
  const auto call = [&](const Series& f, const Series& v, const std::vector<Window>& w,
                        const CrosstalkOptions& o = {}) {
    return thrown_argument([&] { flexion_crosstalk(f, v, Side::Right, w, o); });
  };
  SECTION("sizes differ") {
    CHECK(call(flex, var.head(100), kSwings) == "varus_rad");
  }
  SECTION("infinity") {
    Series bad = var;
    bad[3] = std::numeric_limits<double>::infinity();
    CHECK(call(flex, bad, kSwings) == "varus_rad");
  }
  SECTION("degrees passed as radians") {
    CHECK(call(Series(flex / kDeg), var, kSwings) == "flexion_rad");
    CHECK(call(flex, Series(var / kDeg), kSwings) == "varus_rad");
  }
  SECTION("windows out of range or empty") {
    CHECK(call(flex, var, {{Side::Right, 40, 80}, {Side::Right, 190, 201}}) == "swing_windows[1]");
    CHECK(call(flex, var, {{Side::Left, -1, 10}}) == "swing_windows[0]");
    CHECK(call(flex, var, {{Side::Right, 50, 50}}) == "swing_windows[0]");
  }
  SECTION("options") {
    CrosstalkOptions o;
    o.min_abs_correlation = 1.5;
    CHECK(call(flex, var, kSwings, o) == "min_abs_correlation");
    o = {};
    o.min_frontal_range_rad = nan_value;
    CHECK(call(flex, var, kSwings, o) == "min_frontal_range_rad");
    o = {};
    o.min_flexion_range_rad = -1.0;
    CHECK(call(flex, var, kSwings, o) == "min_flexion_range_rad");
    o = {};
    o.min_frames = 2;
    CHECK(call(flex, var, kSwings, o) == "min_frames");
  }
  SECTION("event outside the series") {
    const std::vector<GaitEvent> events = {event(Side::Right, EventKind::FootOff, 40),
                                           event(Side::Right, EventKind::FootStrike, 200)};
    CHECK(thrown_argument([&] { flexion_crosstalk(flex, var, Side::Right, events); }) ==
          "events[1]");
  }
}
