// Single-leg stance (include/hipmech/clinic/single_leg_stance.hpp).
//
// Expected values come from the definitions, on synthetic trials built with a known answer: a
// foot raised along a linear ramp between known frames (lift-off = first frame above half the
// threshold, touch-down = first frame back at or below it), a pelvis rotated by a known
// obliquity about its anterior axis, a trunk leaned by a known angle; 3-D markers placed on such
// a pelvis in a Z-up lab with the subject facing 30 deg off the lab's X, 2-D keypoints of the
// same in an image (y down, camera in front). Acceptance: the issue's 0.5 deg and one frame.
#include <cmath>
#include <deque>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Geometry>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/thrown.hpp"
#include "hipmech/clinic/single_leg_stance.hpp"
#include "hipmech/stats/distributions.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using hipmech::LabAxes;
using hipmech::Points2;
using hipmech::Series;
using hipmech::Side;
using hipmech::Trajectory;
using hipmech::clinic::FlagState;
using hipmech::clinic::single_leg_stance;
using hipmech::clinic::StanceOptions;
using hipmech::clinic::StanceSignals;
using hipmech::test::thrown_argument;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = kPi / 180.0;
const double nan_value = std::numeric_limits<double>::quiet_NaN();

/// A foot raised by `lift` along 10-frame linear ramps starting at frames `up` and `down`:
/// height = lift * (f - up) / 10 rising, lift * (1 - (f - down) / 10) falling.
Series raised_foot(Eigen::Index n, Eigen::Index up, Eigen::Index down, double lift) {
  Series h = Series::Zero(n);
  for (Eigen::Index f = 0; f < n; ++f) {
    if (f >= up && f < up + 10) h[f] = lift * static_cast<double>(f - up) / 10.0;
    if (f >= up + 10 && f < down) h[f] = lift;
    if (f >= down && f < down + 10) h[f] = lift * (1.0 - static_cast<double>(f - down) / 10.0);
  }
  return h;
}

/// A smooth step from 0 to 1 between frames a and b (half cosine).
double step(Eigen::Index f, Eigen::Index a, Eigen::Index b) {
  if (f <= a) return 0.0;
  if (f >= b) return 1.0;
  return 0.5 * (1.0 - std::cos(kPi * static_cast<double>(f - a) / static_cast<double>(b - a)));
}

/// 40 s at 100 Hz, right-leg stance: the left foot is raised by 0.10 m at frame 195 and lowered
/// at frame 3695 (threshold 0.03 m, release 0.015 m: lift-off 197, touch-down 3704, hold
/// 35.07 s). Standing obliquity of the left side +1 deg; from frame 1000 to 1100 the left side
/// falls by `drop_deg` and stays there. Trunk leans 5 deg to the right during the hold.
StanceSignals right_stance(double drop_deg, Eigen::Index down = 3695, Eigen::Index n = 4000) {
  StanceSignals s;
  s.rate_hz = 100.0;
  s.foot_height_left = raised_foot(n, 195, down, 0.10);
  s.foot_height_right = Series::Zero(n);
  s.obliquity_left_rad = Series(n);
  s.trunk_lean_left_rad = Series(n);
  for (Eigen::Index f = 0; f < n; ++f) {
    s.obliquity_left_rad[f] = (1.0 - drop_deg * step(f, 1000, 1100)) * kDeg;
    s.trunk_lean_left_rad[f] = -5.0 * kDeg * step(f, 200, 300) * (1.0 - step(f, down, down + 50));
  }
  return s;
}

/// The definitions on their own: no low-pass filter, the peak of single frames.
StanceOptions raw() {
  StanceOptions o;
  o.filter_cutoff_hz = 0.0;
  o.sustained_s = 0.0;
  return o;
}

const hipmech::clinic::Flag& flag(const hipmech::clinic::StanceResult& r, const std::string& n) {
  for (const auto& f : r.flags) {
    if (f.name == n) return f;
  }
  FAIL("no flag " << n);
  return r.flags.front();
}

}  // namespace

TEST_CASE("single_leg_stance: lift-off, touch-down, hold and drop from the definitions",
          "[clinic][single_leg_stance]") {
  const auto r = single_leg_stance(right_stance(3.0), raw());
  REQUIRE(r.stance_side == Side::Right);
  CHECK(r.stance_side_detected);
  CHECK(r.lift_off_frame == 197);
  CHECK(r.touch_down_frame == 3704);
  CHECK(r.hold_complete);
  CHECK_THAT(r.hold_time_s, WithinAbs(35.07, 1e-9));
  CHECK_THAT(r.lift_off_s, WithinAbs(1.97, 1e-12));
  // drop of the right stance = obliquity of the right side (minus the left's) - baseline (-1).
  CHECK_THAT(r.baseline_obliquity_deg, WithinAbs(-1.0, 1e-9));
  CHECK_THAT(r.pelvic_drop_peak_deg, WithinAbs(3.0, 1e-9));
  // Mean over [197, 3704): 0 before 1000, the half-cosine ramp over frames 1000..1099 (mean
  // 3 * 0.5 * (1 - 1/100) = 1.485: the cosines of pi k / 100, k = 0..99, sum to 1), 3 after.
  const double mean = (0.0 * (1000 - 197) + 1.485 * 100 + 3.0 * (3704 - 1100)) / (3704 - 197);
  CHECK_THAT(r.pelvic_drop_mean_deg, WithinAbs(mean, 1e-9));
  // time to drop: first frame with 3 * step > 2, step > 2/3: 1 - cos(pi x) > 4/3.
  const double x = std::acos(1.0 - 4.0 / 3.0) / kPi;  // fraction of the ramp
  const auto first = static_cast<Eigen::Index>(std::floor(1000 + 100 * x)) + 1;
  CHECK_THAT(r.time_to_drop_s, WithinAbs(static_cast<double>(first - 197) / 100.0, 1e-9));
  CHECK_THAT(r.trunk_lean_peak_deg, WithinAbs(5.0, 1e-9));  // towards the stance (right) side
  CHECK(r.trendelenburg == "positive");
  CHECK(flag(r, "pelvic_drop_peak_deg").state == FlagState::Flagged);
  CHECK(flag(r, "hold_time_s").state == FlagState::Clear);
  CHECK_THAT(flag(r, "hold_time_s").source, ContainsSubstring("Hardcastle"));
  CHECK(r.pelvic_drop_deg.size() == 4000);
  CHECK(r.free_foot_height.size() == 4000);
  // The defaults (2 Hz low-pass, peak held 1 s) leave a plateau reached over 1 s as it is:
  // the filter's step response settles to 1e-4 of the step within 1 s (time constant
  // 1 / (sqrt(2) pi 2 Hz) = 0.11 s), and the time to drop moves by less than a frame or two.
  const auto d = single_leg_stance(right_stance(3.0));
  CHECK_THAT(d.pelvic_drop_peak_deg, WithinAbs(3.0, 1e-3));
  CHECK_THAT(d.pelvic_drop_mean_deg, WithinAbs(mean, 1e-3));
  CHECK_THAT(d.time_to_drop_s, WithinAbs(r.time_to_drop_s, 0.02));
  CHECK_THAT(d.trunk_lean_peak_deg, WithinAbs(5.0, 1e-3));
  CHECK(d.trendelenburg == "positive");
  // 3-D-like signals with no jitter: the noise is 0 and does not stop the rule.
  CHECK_THAT(d.obliquity_noise_deg, WithinAbs(0.0, 1e-9));
}

TEST_CASE("single_leg_stance: a level pelvis held 35 s is negative, 10 s positive",
          "[clinic][single_leg_stance]") {
  const auto held = single_leg_stance(right_stance(-2.0), raw());  // the free side rises
  CHECK(held.trendelenburg == "negative");
  CHECK_THAT(held.pelvic_drop_peak_deg, WithinAbs(0.0, 1e-9));
  CHECK(std::isnan(held.time_to_drop_s));
  const auto brief = single_leg_stance(right_stance(-2.0, 1195), raw());
  CHECK_THAT(brief.hold_time_s, WithinAbs(10.07, 1e-9));
  CHECK(flag(brief, "hold_time_s").state == FlagState::Flagged);
  CHECK(brief.trendelenburg == "positive");
  StanceOptions lenient;
  lenient.hold_cutoff_s = 10.0;
  CHECK(single_leg_stance(right_stance(-2.0, 1195), lenient).trendelenburg == "negative");
}

TEST_CASE("single_leg_stance: left stance mirrors the right", "[clinic][single_leg_stance]") {
  StanceSignals s = right_stance(3.0);
  std::swap(s.foot_height_left, s.foot_height_right);
  s.obliquity_left_rad = -s.obliquity_left_rad;
  s.trunk_lean_left_rad = -s.trunk_lean_left_rad;
  const auto r = single_leg_stance(s, raw());
  REQUIRE(r.stance_side == Side::Left);
  CHECK(r.lift_off_frame == 197);
  CHECK_THAT(r.pelvic_drop_peak_deg, WithinAbs(3.0, 1e-9));
  CHECK_THAT(r.trunk_lean_peak_deg, WithinAbs(5.0, 1e-9));
}

TEST_CASE("single_leg_stance: missing samples stay NaN and are counted",
          "[clinic][single_leg_stance]") {
  StanceSignals s = right_stance(3.0);
  s.obliquity_left_rad.segment(2000, 50).setConstant(nan_value);
  s.foot_height_left.segment(1500, 20).setConstant(nan_value);  // does not split the lift
  const auto r = single_leg_stance(s, raw());
  CHECK(r.lift_off_frame == 197);
  CHECK(r.touch_down_frame == 3704);
  CHECK(r.missing_hold_frames == 50);
  CHECK_THAT(r.pelvic_drop_peak_deg, WithinAbs(3.0, 1e-9));
  CHECK(std::isnan(r.pelvic_drop_deg[2010]));
  bool noted = false;
  for (const auto& n : r.notes) noted = noted || n.find("50 of 3507") != std::string::npos;
  CHECK(noted);
  // Filtered, each gap-free run on its own: the gap stays NaN, the plateau stays 3 deg.
  const auto f = single_leg_stance(s);
  CHECK(std::isnan(f.pelvic_drop_deg[2010]));
  CHECK_THAT(f.pelvic_drop_peak_deg, WithinAbs(3.0, 1e-3));
}

TEST_CASE("single_leg_stance: no lift-off, or the recording ends with the foot up",
          "[clinic][single_leg_stance]") {
  StanceSignals s = right_stance(3.0);
  s.foot_height_left.setZero();
  const auto none = single_leg_stance(s);
  CHECK_FALSE(none.stance_side.has_value());
  CHECK(none.trendelenburg == "not assessed");
  CHECK(none.lift_off_frame == -1);
  CHECK(std::isnan(none.hold_time_s));
  for (const auto& f : none.flags) CHECK(f.state == FlagState::NotAssessed);
  CHECK_THAT(none.notes.front(), ContainsSubstring("no lift-off"));

  // A level pelvis and the recording stopped 18.03 s after lift-off: the hold is not assessed.
  const auto open = single_leg_stance(right_stance(-2.0, 3695, 2000));
  CHECK_FALSE(open.hold_complete);
  CHECK_THAT(open.hold_time_s, WithinAbs(18.03, 1e-9));
  CHECK(flag(open, "hold_time_s").state == FlagState::NotAssessed);
  CHECK(open.trendelenburg == "not assessed");
  // ... but a drop within it is positive all the same.
  CHECK(single_leg_stance(right_stance(3.0, 3695, 2000)).trendelenburg == "positive");

  // The stance side given as the foot that is lifted: the other foot stood.
  StanceOptions o;
  o.stance_side = Side::Right;  // `s`: neither foot lifted
  CHECK_THAT(single_leg_stance(s, o).notes.front(), ContainsSubstring("left (free) foot never"));
  o.stance_side = Side::Left;
  const auto wrong = single_leg_stance(right_stance(3.0), o);
  CHECK(wrong.trendelenburg == "not assessed");
  CHECK(wrong.stance_side_contradicted);
  CHECK_THAT(wrong.notes.front(), ContainsSubstring("the left foot was lifted, not the right"));
  CHECK_FALSE(single_leg_stance(right_stance(3.0)).stance_side_contradicted);
}

TEST_CASE("single_leg_stance: bad input names the argument", "[clinic][single_leg_stance]") {
  StanceSignals s = right_stance(3.0);
  s.rate_hz = 0.0;
  CHECK(thrown_argument([&] { single_leg_stance(s); }) == "rate_hz");
  s = right_stance(3.0);
  s.foot_height_left = Series::Zero(10);
  CHECK(thrown_argument([&] { single_leg_stance(s); }) == "foot_height_left");
  s = right_stance(3.0);
  s.obliquity_left_rad[3] = std::numeric_limits<double>::infinity();
  CHECK(thrown_argument([&] { single_leg_stance(s); }) == "obliquity_left_rad");
  StanceOptions o;
  o.release_fraction = 0.0;
  CHECK(thrown_argument([&] { single_leg_stance(right_stance(3.0), o); }) == "release_fraction");
  o = {};
  o.lift_threshold_m = -1.0;
  CHECK(thrown_argument([&] { single_leg_stance(right_stance(3.0), o); }) == "lift_threshold_m");
  o = {};
  o.filter_cutoff_hz = 50.0;  // the Nyquist frequency at 100 Hz
  CHECK(thrown_argument([&] { single_leg_stance(right_stance(3.0), o); }) == "filter_cutoff_hz");
  o = {};
  o.sustained_s = -1.0;
  CHECK(thrown_argument([&] { single_leg_stance(right_stance(3.0), o); }) == "sustained_s");
  // More than 1 s interpolated invents the pelvis's motion (review 3 of issue 23, item E: a 10
  // deg drop inside a 6 s gap was filled away with max_gap_s = 10).
  o = {};
  o.max_gap_s = 10.0;
  CHECK(thrown_argument([&] { single_leg_stance(right_stance(3.0), o); }) == "max_gap_s");
  try {
    single_leg_stance(right_stance(3.0), o);
  } catch (const std::exception& e) {
    CHECK_THAT(std::string(e.what()), ContainsSubstring("invents"));
  }
  o.max_gap_s = 1.0;
  CHECK_NOTHROW(single_leg_stance(right_stance(3.0), o));
}

// ---------------------------------------------------------------------------------------------
// 3-D markers and 2-D keypoints
// ---------------------------------------------------------------------------------------------

namespace {

/// Markers of a subject standing in a Z-up lab (X forward: right = -Y), facing `yaw` from the
/// lab's X, with a pelvis whose left side is higher by obliquity_deg[f] (rotation about the
/// pelvis's anterior axis), the left foot raised per raised_foot, and shoulders leaned towards
/// the subject's left by lean_deg[f] about the pelvis origin.
struct StandingMarkers {
  std::deque<Trajectory> store;
  hipmech::io::Markers markers;

  StandingMarkers(const Series& obliquity_deg, const Series& left_foot_m, const Series& lean_deg,
                  double yaw) {
    const Eigen::Index n = obliquity_deg.size();
    const Eigen::Vector3d up(0, 0, 1), fwd(std::cos(yaw), std::sin(yaw), 0);
    const Eigen::Vector3d right_h = fwd.cross(up);
    const Eigen::Vector3d origin(0.3, 0.2, 0.95);
    auto add = [&](const std::string& name, auto position) {
      Trajectory t(n, 3);
      for (Eigen::Index f = 0; f < n; ++f) t.row(f) = position(f).transpose();
      store.push_back(t);
      markers.add(name, store.back());
    };
    auto right_axis = [&](Eigen::Index f) {
      const double o = obliquity_deg[f] * kDeg;
      return Eigen::Vector3d(std::cos(o) * right_h - std::sin(o) * up);  // right side lower
    };
    auto pelvis_up = [&](Eigen::Index f) { return Eigen::Vector3d(right_axis(f).cross(fwd)); };
    add("LASI", [&](Eigen::Index f) { return Eigen::Vector3d(origin - 0.12 * right_axis(f)); });
    add("RASI", [&](Eigen::Index f) { return Eigen::Vector3d(origin + 0.12 * right_axis(f)); });
    add("LPSI", [&](Eigen::Index f) {
      return Eigen::Vector3d(origin - 0.16 * fwd - 0.045 * right_axis(f) + 0.0 * pelvis_up(f));
    });
    add("RPSI", [&](Eigen::Index f) {
      return Eigen::Vector3d(origin - 0.16 * fwd + 0.045 * right_axis(f));
    });
    for (int side = 0; side < 2; ++side) {
      const double lat = side == 0 ? -0.1 : 0.1;
      const std::string p = side == 0 ? "L" : "R";
      auto lift = [&, side](Eigen::Index f) { return side == 0 ? left_foot_m[f] : 0.0; };
      add(p + "HEE", [&, lat, lift](Eigen::Index f) {
        return Eigen::Vector3d(lat * right_h - 0.05 * fwd + (0.05 + lift(f)) * up);
      });
      add(p + "TOE", [&, lat, lift](Eigen::Index f) {
        return Eigen::Vector3d(lat * right_h + 0.15 * fwd + (0.03 + lift(f)) * up);
      });
      add(p + "ANK", [&, lat, lift](Eigen::Index f) {
        return Eigen::Vector3d(lat * right_h + (0.08 + lift(f)) * up);
      });
    }
    for (int side = 0; side < 2; ++side) {
      const double lat = side == 0 ? -0.18 : 0.18;
      add(side == 0 ? "LSHO" : "RSHO", [&, lat](Eigen::Index f) {
        const double l = lean_deg[f] * kDeg;
        const Eigen::Vector3d trunk = 0.5 * (std::cos(l) * up - std::sin(l) * right_h);
        return Eigen::Vector3d(origin + trunk + lat * right_h);
      });
    }
  }
};

}  // namespace

TEST_CASE("single_leg_stance: 3-D markers with a known drop, lift and lean",
          "[clinic][single_leg_stance]") {
  const Eigen::Index n = 4000;
  const StanceSignals truth = right_stance(3.0);
  Series obl_deg = truth.obliquity_left_rad / kDeg;
  Series lean_deg = truth.trunk_lean_left_rad / kDeg;
  const StandingMarkers m(obl_deg, truth.foot_height_left, lean_deg, 30.0 * kDeg);
  const LabAxes lab;  // Z up, X forward
  const StanceSignals s = hipmech::clinic::stance_signals_3d(m.markers, lab, 100.0);
  REQUIRE(s.obliquity_left_rad.size() == n);
  for (Eigen::Index f : {0, 500, 1050, 2000}) {
    CHECK_THAT(s.obliquity_left_rad[f] / kDeg, WithinAbs(obl_deg[f], 1e-9));
    CHECK_THAT(s.trunk_lean_left_rad[f] / kDeg, WithinAbs(lean_deg[f], 1e-9));
  }
  const auto r = single_leg_stance(s);
  REQUIRE(r.stance_side == Side::Right);
  CHECK(std::abs(r.lift_off_frame - 197) <= 1);
  CHECK(std::abs(r.touch_down_frame - 3704) <= 1);
  CHECK_THAT(r.pelvic_drop_peak_deg, WithinAbs(3.0, 0.5));
  CHECK_THAT(r.trunk_lean_peak_deg, WithinAbs(5.0, 0.5));
  CHECK(r.trendelenburg == "positive");

  hipmech::io::Markers no_feet;
  Trajectory z = Trajectory::Zero(n, 3);
  for (const char* name : {"LASI", "RASI", "SACR"}) no_feet.add(name, z);
  CHECK(thrown_argument([&] { hipmech::clinic::stance_signals_3d(no_feet, lab, 100.0); }) ==
        "markers");
}

TEST_CASE("single_leg_stance: 2-D keypoints with gaps, camera in front",
          "[clinic][single_leg_stance]") {
  const StanceSignals truth = right_stance(3.0);
  const Eigen::Index n = truth.obliquity_left_rad.size();
  hipmech::io::Keypoints2D k;
  k.names = {"left_hip",    "right_hip",     "left_ankle",
             "right_ankle", "left_shoulder", "right_shoulder"};
  // Frames 10..4009 with frames 1510..1519 absent from the file; leg 400 px long.
  std::vector<Eigen::Index> rows;
  for (Eigen::Index f = 0; f < n; ++f) {
    if (f < 1500 || f >= 1510) rows.push_back(f);
  }
  for (long f : std::vector<long>(rows.begin(), rows.end())) k.frames.push_back(f + 10);
  const auto m = static_cast<Eigen::Index>(rows.size());
  k.points_px.assign(6, Points2(m, 2));
  k.confidence.assign(6, Series::Ones(m));
  for (Eigen::Index i = 0; i < m; ++i) {
    const Eigen::Index f = rows[static_cast<std::size_t>(i)];
    const double o = truth.obliquity_left_rad[f], l = truth.trunk_lean_left_rad[f];
    // In front: the subject's left is image +x; up is -y.
    k.points_px[0].row(i) << 640 + 60 * std::cos(o), 400 - 60 * std::sin(o);
    k.points_px[1].row(i) << 640 - 60 * std::cos(o), 400 + 60 * std::sin(o);
    k.points_px[2].row(i) << 700, 800 - 400 * truth.foot_height_left[f] / 0.8;
    k.points_px[3].row(i) << 580, 800;
    k.points_px[4].row(i) << 640 + 250 * std::sin(l) + 90, 400 - 250 * std::cos(l);
    k.points_px[5].row(i) << 640 + 250 * std::sin(l) - 90, 400 - 250 * std::cos(l);
  }
  const StanceSignals s = hipmech::clinic::stance_signals_2d(k, 100.0);
  REQUIRE(s.obliquity_left_rad.size() == n);
  CHECK(s.height_in_leg_lengths);
  CHECK_THAT(s.start_time_s, WithinAbs(0.1, 1e-12));
  CHECK(std::isnan(s.obliquity_left_rad[1505]));  // the absent frames are NaN rows
  // leg length = |hip - ankle| = 400 px (mean of both sides, to 1e-3 px with the 1 deg standing
  // obliquity); the foot rises 0.10 m at 500 px/m = 50 px.
  const double leg = 400.0;
  CHECK_THAT(s.foot_height_left[1000], WithinAbs(50.0 / leg, 1e-5));
  StanceOptions o;
  o.lift_threshold_leg_lengths = 0.03 * 500.0 / leg;  // the 3-D threshold in this image
  const auto r = single_leg_stance(s, o);
  REQUIRE(r.stance_side == Side::Right);
  CHECK(std::abs(r.lift_off_frame - 197) <= 1);
  CHECK(std::abs(r.touch_down_frame - 3704) <= 1);
  CHECK_THAT(r.lift_off_s, WithinAbs(1.97 + 0.1, 0.011));
  CHECK_THAT(r.pelvic_drop_peak_deg, WithinAbs(3.0, 0.5));
  CHECK_THAT(r.trunk_lean_peak_deg, WithinAbs(5.0, 0.5));
  CHECK(r.missing_hold_frames == 10);

  hipmech::io::Keypoints2D bare = k;
  bare.names = {"left_hip", "right_hip", "nose", "x", "y", "z"};
  CHECK(thrown_argument([&] { hipmech::clinic::stance_signals_2d(bare, 100.0); }) == "keypoints");
}

// ---------------------------------------------------------------------------------------------
// Keypoint jitter, side views, missing frames (issue 23 review, items 2, 3, 7, 12)
// ---------------------------------------------------------------------------------------------

namespace {

/// Portable Gaussian noise: Box-Muller on std::mt19937_64 (whose output the standard fixes;
/// std::normal_distribution is implementation-defined).
struct Gauss {
  std::mt19937_64 g;
  explicit Gauss(unsigned seed) : g(seed) {}
  double operator()(double sd) {
    const double u1 = (static_cast<double>(g() >> 11) + 0.5) * 0x1.0p-53;
    const double u2 = (static_cast<double>(g() >> 11) + 0.5) * 0x1.0p-53;
    return sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * kPi * u2);
  }
};

/// The reviewer's video (/tmp/review23/repro_noise.py): 40 s at 30 frames/s, camera in front,
/// hips 120 px apart at y 400, ankles at y 800 (a 400 px leg); the left foot is lifted 60 px
/// at frame 60 (2 s) and put down at frame 1110 (37 s): hold 35 s. The left (free) side of
/// the pelvis rotates down about the right hip by drop_deg over 0.5 s from 5 s (half cosine)
/// and back over 0.3 s at touch-down, so obliquity_2d's drop is drop_deg exactly. Every
/// coordinate gets Gaussian noise of noise_px. hip_x_left = 700 and hip_x_right = 580 unless
/// side_view (both at 640, the ankles too). turn_cos < 1: the camera turned from the frontal
/// plane by acos(turn_cos) about the vertical (every x offset from 640 times turn_cos), so
/// obliquity_2d reads atan(tan(drop) / turn_cos).
hipmech::io::Keypoints2D stance_video(double drop_deg, double noise_px, unsigned seed,
                                      bool side_view = false, double turn_cos = 1.0) {
  const Eigen::Index n = 1200;
  const double rate = 30.0;
  Gauss noise(seed);
  hipmech::io::Keypoints2D k;
  k.names = {"left_hip", "right_hip", "left_ankle", "right_ankle"};
  for (long f = 0; f < n; ++f) k.frames.push_back(f);
  k.points_px.assign(4, Points2(n, 2));
  k.confidence.assign(4, Series::Ones(n));
  const double xl = side_view ? 640.0 : 640.0 + 60.0 * turn_cos;
  const double xr = side_view ? 640.0 : 640.0 - 60.0 * turn_cos;
  for (Eigen::Index f = 0; f < n; ++f) {
    const double t = static_cast<double>(f) / rate;
    auto ramp = [](double x) {
      return x <= 0 ? 0.0 : x >= 1 ? 1.0 : 0.5 - 0.5 * std::cos(kPi * x);
    };
    const double d = drop_deg * kDeg * ramp((t - 5.0) / 0.5) * (1.0 - ramp((t - 37.0) / 0.3));
    const double lift = (f >= 60 && f < 1110) ? 60.0 : 0.0;
    const double w = side_view ? 0.0 : 120.0;
    k.points_px[1].row(f) << xr, 400.0;
    k.points_px[0].row(f) << xr + w * turn_cos * std::cos(d), 400.0 + 120.0 * std::sin(d);
    k.points_px[2].row(f) << xl, 800.0 - lift;
    k.points_px[3].row(f) << xr, 800.0;
    for (auto& p : k.points_px) p.row(f) += Eigen::RowVector2d(noise(noise_px), noise(noise_px));
  }
  return k;
}

hipmech::clinic::StanceResult score_video(const hipmech::io::Keypoints2D& k,
                                          const StanceOptions& o = {}) {
  return single_leg_stance(hipmech::clinic::stance_signals_2d(k, 30.0), o);
}

}  // namespace

TEST_CASE("single_leg_stance: keypoint jitter up to 2 px is not a Trendelenburg sign",
          "[clinic][single_leg_stance]") {
  // The reviewer's grid: noise 0.5, 1, 1.5, 2 px per coordinate on a 120 px hip width, 10
  // seeds. Truth: no drop (negative), or a 4 deg drop recovered within 0.5 deg (the issue's
  // tolerance), and the hold (35 s) within one frame. The obliquity's noise is that of
  // atan(dy / 120) with dy the difference of two noisy y: SD = sqrt(2) noise / 120 rad, 1.35
  // deg at 2 px. The baseline's mean then has an SD of 1.35 / sqrt(30) = 0.25 deg over the
  // default 1 s: at 2 px the 4 deg drop is scored with the whole 2 s of quiet standing
  // (baseline_s = 2, SD 0.17 deg) to stay within 0.5 deg.
  // At 2 px the drop's noise SD (the filtered noise with the baseline mean's error) is about
  // 0.5 deg, so a level pelvis reading 0.5 deg or more lies within 3 SD of the 2 deg cut-off:
  // not assessed (2 of the 10 seeds), never positive.
  for (double noise : {0.5, 1.0, 1.5, 2.0}) {
    StanceOptions o;
    if (noise > 1.5) o.baseline_s = 2.0;
    for (unsigned seed = 1; seed <= 10; ++seed) {
      CAPTURE(noise, seed);
      const auto level = score_video(stance_video(0.0, noise, seed), {});
      if (noise < 2.0) {
        CHECK(level.trendelenburg == "negative");
      } else {
        CHECK(level.trendelenburg != "positive");
        CHECK((level.trendelenburg == "negative") ==
              (level.pelvic_drop_peak_deg < 2.0 - 3.0 * level.drop_noise_deg));
      }
      CHECK(level.pelvic_drop_peak_deg < 1.0);
      const double sd = std::sqrt(2.0) * noise / 120.0 / kDeg;
      CHECK_THAT(level.obliquity_noise_deg, WithinAbs(sd, 0.5 * sd));  // 30 frames of baseline
      const auto dropped = score_video(stance_video(4.0, noise, seed + 100), o);
      CHECK_THAT(dropped.pelvic_drop_peak_deg, WithinAbs(4.0, 0.5));
      CHECK_THAT(dropped.hold_time_s, WithinAbs(35.0, 1.0 / 30.0 + 1e-9));
      CHECK(dropped.trendelenburg == "positive");
    }
  }
  // Unfiltered, single-frame peaks (the old definition): 2 px of jitter alone gives a peak
  // "drop" above 2 deg, and the noise check then refuses to judge it.
  StanceOptions old;
  old.filter_cutoff_hz = 0.0;
  old.sustained_s = 0.0;
  const auto unfiltered = score_video(stance_video(0.0, 2.0, 1), old);
  CHECK(unfiltered.pelvic_drop_peak_deg > 2.0);
  CHECK(unfiltered.trendelenburg == "not assessed");
}

TEST_CASE("single_leg_stance: the filter's noise gain is the Butterworth response's",
          "[clinic][single_leg_stance]") {
  // White noise of unit variance through the zero-lag filter keeps the variance
  // (2 / fs) * integral over [0, fs / 2] of |H(f)|^4, with the digital (bilinear) order-2
  // Butterworth |H(f)|^2 = 1 / (1 + (tan(pi f / fs) / tan(pi fc / fs))^4) (Oppenheim &
  // Schafer, Discrete-Time Signal Processing, 3rd ed., section 7.3); integrated here by the
  // midpoint rule.
  for (auto [fs, fc] : {std::pair{30.0, 2.0}, std::pair{60.0, 3.0}, std::pair{100.0, 6.0}}) {
    const int m = 200000;
    double sum = 0.0;
    for (int i = 0; i < m; ++i) {
      const double f = (i + 0.5) * 0.5 * fs / m;
      const double h2 = 1.0 / (1.0 + std::pow(std::tan(kPi * f / fs) / std::tan(kPi * fc / fs), 4));
      sum += h2 * h2 * 0.5 * fs / m;
    }
    CHECK_THAT(hipmech::clinic::detail::lowpass_noise_gain(fs, fc),
               WithinAbs(std::sqrt(2.0 / fs * sum), 1e-4));
  }
  CHECK(hipmech::clinic::detail::lowpass_noise_gain(30.0, 0.0) == 1.0);
}

TEST_CASE("single_leg_stance: noise that could reach the cut-off leaves the drop unassessed",
          "[clinic][single_leg_stance]") {
  // 5 px on a 120 px hip width: obliquity SD 3.4 deg, about 1.1 deg after the 2 Hz filter
  // (gain 0.33 at 30 frames/s), 1.3 deg with the error of the 30-frame baseline's mean
  // (3.4 / sqrt(30)): a level pelvis lies within 3 SD of the 2 deg cut-off.
  const auto r = score_video(stance_video(0.0, 5.0, 7), {});
  CHECK(flag(r, "pelvic_drop_peak_deg").state == FlagState::NotAssessed);
  CHECK_THAT(flag(r, "pelvic_drop_peak_deg").note, ContainsSubstring("too noisy"));
  CHECK_THAT(
      r.drop_noise_deg,
      WithinAbs(std::hypot(r.filtered_noise_deg, r.obliquity_noise_deg / std::sqrt(30.0)), 1e-12));
  CHECK(r.trendelenburg == "not assessed");  // the hold (35 s) is clear
  CHECK(flag(r, "hold_time_s").state == FlagState::Clear);
  // The review's obvious positive (a 25 deg drop under the same noise): above 2 + 3 SD.
  for (unsigned seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    const auto big = score_video(stance_video(25.0, 5.0, seed), {});
    CHECK(big.pelvic_drop_peak_deg > 2.0 + 3.0 * big.drop_noise_deg);
    CHECK(big.trendelenburg == "positive");
    CHECK(flag(big, "pelvic_drop_peak_deg").state == FlagState::Flagged);
  }
}

TEST_CASE("single_leg_stance: the noise band around the cut-off", "[clinic][single_leg_stance]") {
  // Known noise: during the baseline (frames 0..99 of right_stance) the obliquity alternates
  // +-a about its level, so its SD (n - 1) is a sqrt(100 / 99) and its mean exact; the
  // alternation (at half the frame rate) does not pass the 2 Hz filter, and the hold carries
  // the step drop alone. drop_noise = hypot(gain x SD, SD / sqrt(100)), gain the filter's
  // noise gain (checked against the Butterworth response in the test above; 0.183 at 100 Hz
  // and 2 Hz). With a = 0.5 deg: SD 0.503, 3 SD of the drop 0.31 deg: positive above 2.31,
  // negative below 1.69, not assessed in between.
  const double a = 0.5;
  auto with_noise = [&](double drop) {
    StanceSignals s = right_stance(drop);
    for (Eigen::Index f = 0; f < 100; ++f) s.obliquity_left_rad[f] += (f % 2 ? a : -a) * kDeg;
    return single_leg_stance(s);
  };
  const double sd = a * std::sqrt(100.0 / 99.0);
  const double u =
      std::hypot(hipmech::clinic::detail::lowpass_noise_gain(100.0, 2.0) * sd, sd / 10.0);
  const auto level = with_noise(0.0);
  CHECK_THAT(level.obliquity_noise_deg, WithinAbs(sd, 1e-9));
  CHECK_THAT(level.drop_noise_deg, WithinAbs(u, 1e-9));
  CHECK_THAT(level.pelvic_drop_peak_deg, WithinAbs(0.0, 1e-3));
  CHECK(level.trendelenburg == "negative");
  for (double drop : {2.0 - 3.0 * u + 0.05, 2.0, 2.0 + 3.0 * u - 0.05}) {
    CAPTURE(drop);
    const auto r = with_noise(drop);
    CHECK_THAT(r.pelvic_drop_peak_deg, WithinAbs(drop, 1e-3));
    CHECK(flag(r, "pelvic_drop_peak_deg").state == FlagState::NotAssessed);
    CHECK_THAT(flag(r, "pelvic_drop_peak_deg").note, ContainsSubstring("within 3 SD"));
    CHECK(r.trendelenburg == "not assessed");
  }
  CHECK(with_noise(2.0 - 3.0 * u - 0.05).trendelenburg == "negative");
  CHECK(with_noise(2.0 + 3.0 * u + 0.05).trendelenburg == "positive");
}

TEST_CASE("single_leg_stance: short gaps are filled before the filter",
          "[clinic][single_leg_stance]") {
  // The longest gap filled: k frames with k / rate <= max_gap_s.
  using hipmech::clinic::detail::max_gap_frames;
  CHECK(max_gap_frames(0.2, 30.0) == 6);
  CHECK(max_gap_frames(0.2, 60.0) == 12);
  CHECK(max_gap_frames(0.2, 4.0) == 0);
  CHECK(max_gap_frames(0.0, 30.0) == 0);
  // Linear filling (numpy.interp between the neighbours): a ramp is restored exactly; a gap
  // longer than max_gap stays NaN.
  Series ramp(20);
  for (Eigen::Index f = 0; f < 20; ++f) ramp[f] = 0.5 * static_cast<double>(f);
  Series holed = ramp;
  holed.segment(5, 3).setConstant(nan_value);
  Eigen::Index unfiltered = 0;
  const Series filled = hipmech::clinic::detail::lowpass_runs(holed, 30.0, 0.0, 3, unfiltered);
  CHECK(filled.isApprox(ramp, 1e-12));
  const Series kept = hipmech::clinic::detail::lowpass_runs(holed, 30.0, 0.0, 2, unfiltered);
  CHECK(std::isnan(kept[5]));
  CHECK(std::isnan(kept[7]));

  // The review's case: every other frame missing (frames numbered 0, 2, 4, ... at 60 Hz, and
  // odd rows NaN at 30 Hz). The 4 deg drop is a plateau, which linear filling keeps exactly:
  // peak 4 deg, hold 35 s, every missing hold frame filled, the whole hold scored.
  const hipmech::io::Keypoints2D full = stance_video(4.0, 0.0, 1);
  hipmech::io::Keypoints2D odd = full;
  for (auto& p : odd.points_px) {
    for (Eigen::Index f = 1; f < p.rows(); f += 2) p.row(f).setConstant(nan_value);
  }
  const auto r = score_video(odd);
  CHECK_THAT(r.pelvic_drop_peak_deg, WithinAbs(4.0, 1e-3));
  CHECK_THAT(r.hold_time_s, WithinAbs(35.0, 1.0 / 30.0 + 1e-9));
  CHECK(r.trendelenburg == "positive");
  CHECK(r.hold_frames == 1050);
  CHECK(r.missing_hold_frames == 525);
  CHECK(r.filled_hold_frames == 525);
  hipmech::io::Keypoints2D every_other;  // frames 0, 2, 4, ... of a 60 Hz video
  every_other.names = full.names;
  for (long f = 0; f < 1200; ++f) every_other.frames.push_back(2 * f);
  every_other.points_px = full.points_px;
  every_other.confidence = full.confidence;
  const auto e =
      single_leg_stance(hipmech::clinic::stance_signals_2d(every_other, 60.0), StanceOptions{});
  CHECK_THAT(e.pelvic_drop_peak_deg, WithinAbs(4.0, 1e-3));
  CHECK_THAT(e.hold_time_s, WithinAbs(35.0, 2.0 / 60.0 + 1e-9));
  CHECK(e.trendelenburg == "positive");
  CHECK(e.filled_hold_frames == e.missing_hold_frames);
  // A 1 s gap (30 frames > 6) stays NaN: left out, and the note counts the frames scored.
  hipmech::io::Keypoints2D hole = full;
  for (auto& p : hole.points_px) p.middleRows(600, 30).setConstant(nan_value);
  const auto h = score_video(hole);
  CHECK(h.missing_hold_frames == 30);
  CHECK(h.filled_hold_frames == 0);
  CHECK_THAT(h.pelvic_drop_peak_deg, WithinAbs(4.0, 1e-3));
  bool noted = false;
  for (const auto& n : h.notes)
    noted = noted || n.find("over 1020 frames (97 % of the hold)") != std::string::npos;
  CHECK(noted);
  // max_gap_s = 0: the old behaviour, the alternate frames are runs too short to filter.
  StanceOptions none;
  none.max_gap_s = 0.0;
  CHECK(score_video(odd, none).trendelenburg == "not assessed");
}

TEST_CASE("single_leg_stance: a brief drop is reported beside the sustained peak",
          "[clinic][single_leg_stance]") {
  // right_stance (100 Hz, no drop) with the left side down 10 deg over frames 1500..1529
  // (0.3 s), unfiltered: no 1 s window is above 0 throughout, so the sustained peak is 0;
  // the largest frame is 10 deg at 15.00 s, and a note names both.
  StanceSignals s = right_stance(0.0);
  for (Eigen::Index f = 1500; f < 1530; ++f) s.obliquity_left_rad[f] -= 10.0 * kDeg;
  StanceOptions raw;
  raw.filter_cutoff_hz = 0.0;
  const auto r = single_leg_stance(s, raw);
  CHECK_THAT(r.pelvic_drop_peak_deg, WithinAbs(0.0, 1e-9));
  CHECK_THAT(r.pelvic_drop_max_deg, WithinAbs(10.0, 1e-9));
  CHECK_THAT(r.pelvic_drop_max_s, WithinAbs(15.0, 1e-9));
  CHECK(r.trendelenburg == "negative");
  bool noted = false;
  for (const auto& n : r.notes) {
    noted = noted || (n.find("a brief drop") != std::string::npos &&
                      n.find("10.0 deg at 15.00 s") != std::string::npos);
  }
  CHECK(noted);
  // Filtered (2 Hz): the dip is smoothed, its largest frame still well above the peak.
  const auto f = single_leg_stance(s);
  CHECK(f.pelvic_drop_max_deg > 5.0);
  CHECK(f.pelvic_drop_max_deg <= 10.0);
  CHECK(f.pelvic_drop_peak_deg < 0.5);
  // A held drop: largest frame and sustained peak agree, no note.
  const auto held = single_leg_stance(right_stance(4.0));
  // (the filter's step response overshoots by under 0.5 %)
  CHECK_THAT(held.pelvic_drop_max_deg, WithinAbs(held.pelvic_drop_peak_deg, 0.05));
  for (const auto& n : held.notes) CHECK(n.find("brief drop") == std::string::npos);
}

TEST_CASE("single_leg_stance: the largest frame leaves out the filter's edge zones",
          "[clinic][single_leg_stance]") {
  using hipmech::clinic::detail::edge_zone;
  using hipmech::clinic::detail::filter_edge_frames;
  // 1 / (2 cut-off) s, rounded up: 7.5 -> 8 frames at 30 Hz and 2 Hz; 25 at 100 Hz; none
  // unfiltered.
  CHECK(filter_edge_frames(30.0, 2.0) == 8);
  CHECK(filter_edge_frames(100.0, 2.0) == 25);
  CHECK(filter_edge_frames(60.0, 3.0) == 10);
  CHECK(filter_edge_frames(30.0, 0.0) == 0);
  // Runs [0, 6) and [8, 20) with edge 2: the first and last 2 frames of each.
  Series x = Series::Zero(20);
  x.segment(6, 2).setConstant(nan_value);
  const std::vector<bool> z = edge_zone(x, 2);
  const std::vector<bool> want = {1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1};
  for (std::size_t f = 0; f < 20; ++f) {
    CAPTURE(f);
    CHECK(z[f] == want[f]);
  }

  // The third review's case (/tmp/review23c/edge.py): no drop, 1 px of jitter, every keypoint
  // missing for 6 s (13 to 19 s, longer than max_gap_s). The filter's padding leaves the noise
  // of the last frame before the gap at about 3 times its SD elsewhere (scipy.signal.filtfilt of
  // white noise), which made it the largest frame and raised a false brief-drop note. Now the
  // largest frame is that of the same video without the gap whenever that one lies outside the
  // edge zones, and never within 8 frames of the gap.
  for (unsigned seed = 1; seed <= 6; ++seed) {
    CAPTURE(seed);
    const hipmech::io::Keypoints2D full = stance_video(0.0, 1.0, seed);
    hipmech::io::Keypoints2D gap = full;
    for (auto& p : gap.points_px) p.middleRows(390, 180).setConstant(nan_value);
    const auto r = score_video(gap);
    const auto ref = score_video(full);
    CHECK(r.missing_hold_frames == 180);
    CHECK(std::isfinite(r.pelvic_drop_max_deg));
    CHECK_FALSE((r.pelvic_drop_max_s > 13.0 - 8.5 / 30.0 && r.pelvic_drop_max_s < 13.0));
    CHECK_FALSE((r.pelvic_drop_max_s >= 19.0 && r.pelvic_drop_max_s < 19.0 + 7.5 / 30.0));
    CHECK(r.pelvic_drop_max_deg < ref.pelvic_drop_max_deg + 0.5 * ref.filtered_noise_deg);
    for (const auto& n : r.notes) CHECK(n.find("brief drop") == std::string::npos);
    bool noted = false;
    for (const auto& n : r.notes) {
      noted = noted || n.find(
                           "pelvic_drop_max_deg leaves out the 16 frames within 0.27 s of a "
                           "gap") != std::string::npos;
    }
    CHECK(noted);
  }
}

TEST_CASE("single_leg_stance: the brief-drop margin bounds what noise alone does",
          "[clinic][single_leg_stance]") {
  using hipmech::clinic::detail::brief_drop_margin_deg;
  // z(k) = the normal quantile at 1 - 0.01 / k (scipy.stats.norm.isf(0.01 / k)): 4.275772 for
  // 1050 frames, 3.402933 for a 30-frame window, 3.719016 for 100.
  CHECK_THAT(brief_drop_margin_deg(1.0, 1050, 30), WithinAbs(4.275772 + 3.402933, 1e-5));
  CHECK_THAT(
      brief_drop_margin_deg(0.5, 3000, 100),
      WithinAbs(0.5 * (hipmech::stats::normal_quantile(1.0 - 0.01 / 3000.0) + 3.719016), 1e-5));
  CHECK_THAT(brief_drop_margin_deg(0.1, 1050, 30), WithinAbs(2.0, 1e-12));  // the 2 deg floor
  CHECK_THAT(brief_drop_margin_deg(nan_value, 1050, 30), WithinAbs(2.0, 1e-12));

  // The third review: unfiltered, no drop, 1 px of jitter: the largest frame exceeded the
  // sustained peak (pulled low by the window minimum) by 2.6 deg, more than 5 SDs of a noise
  // SD estimated 25 % low from the 1 s baseline, and a false note followed. In numpy (20000
  // white-noise holds of 1050 frames, 30-frame windows, SD estimated from 30 frames) the old
  // margin of 5 estimated SDs is exceeded in 16 % of holds, the union bound (7.7) in 0.06 %.
  StanceOptions raw;
  raw.filter_cutoff_hz = 0.0;
  for (unsigned seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    const auto r = score_video(stance_video(0.0, 1.0, seed + 300), raw);
    CHECK(r.pelvic_drop_max_deg - r.pelvic_drop_peak_deg > 0.0);
    for (const auto& n : r.notes) CHECK(n.find("brief drop") == std::string::npos);
  }
  // A true brief drop (15 deg for 0.3 s, unfiltered and at 2 Hz, 1 px of jitter) is still noted.
  for (const StanceOptions& o : {raw, StanceOptions{}}) {
    hipmech::io::Keypoints2D k = stance_video(0.0, 1.0, 301);
    for (Eigen::Index f = 450; f < 459; ++f) {
      k.points_px[0](f, 1) += 120.0 * std::sin(15.0 * kDeg);  // the left (free) hip lower
    }
    const auto r = score_video(k, o);
    CHECK(r.pelvic_drop_max_deg > 8.0);
    CHECK(r.pelvic_drop_peak_deg < 1.0);
    bool noted = false;
    for (const auto& n : r.notes) noted = noted || n.find("a brief drop") != std::string::npos;
    CHECK(noted);
  }
}

TEST_CASE("single_leg_stance: the sustained peak is not pulled down by jitter",
          "[clinic][single_leg_stance]") {
  // The maximum over 1 s windows of their minimum, at 2 px on a 120 px hip width with a 2 s
  // baseline (filtered noise SD 0.44 deg): over 20 seeds the 4 deg drop reads 4.23 deg on
  // average (the baseline mean's error, SD 0.17 deg, averages out): the maximum over the
  // windows lifts it by about 0.4 SD, it is not pulled down. The maximum of window medians
  // reads about 0.6 deg high (1.35 SD; 40 seeds of the same video in numpy), hence the minimum.
  // The review's -1.5 deg for a level pelvis (t/noisy.py, one seed, 1 s baseline, 40 px hips)
  // was the baseline mean's error, which drop_noise_deg now includes.
  StanceOptions o;
  o.baseline_s = 2.0;
  double sum = 0.0;
  for (unsigned seed = 1; seed <= 20; ++seed) {
    sum += score_video(stance_video(4.0, 2.0, seed + 200), o).pelvic_drop_peak_deg;
  }
  CHECK(sum / 20.0 > 4.0);
  CHECK(sum / 20.0 < 4.0 + 0.35);
}

TEST_CASE("single_leg_stance: a turned camera is noted, not refused",
          "[clinic][single_leg_stance]") {
  // Turned 60 deg (cos 0.5): hips 0.15 leg lengths apart, above the side-view limit 0.1 but
  // below 0.16. obliquity_2d reads atan(tan(6 deg) / 0.5) = 11.86 deg for a 6 deg drop.
  const auto r = score_video(stance_video(6.0, 0.0, 1, false, 0.5));
  CHECK_THAT(r.hip_width_leg_lengths, WithinAbs(0.15, 1e-9));
  CHECK_THAT(r.pelvic_drop_peak_deg, WithinAbs(std::atan(std::tan(6.0 * kDeg) / 0.5) / kDeg, 1e-3));
  CHECK(r.trendelenburg == "positive");
  bool noted = false;
  for (const auto& n : r.notes) {
    noted = noted || (n.find("turned") != std::string::npos &&
                      n.find("1 / cos a too large") != std::string::npos &&
                      n.find("by about 61 deg") != std::string::npos &&
                      n.find("for a child by about 34 deg") != std::string::npos);
  }
  CHECK(noted);  // acos(0.15 / 0.31) = 61.1 deg, acos(0.15 / 0.18) = 33.6 deg
  // A child's frontal view (hips 0.18 leg lengths apart; review 3 of issue 23, item D): no
  // note with the default 0.16; an adult turned more than acos(0.16 / 0.31) = 59 deg is noted.
  const auto child = score_video(stance_video(6.0, 0.0, 1, false, 0.6));
  CHECK_THAT(child.hip_width_leg_lengths, WithinAbs(0.18, 1e-9));
  for (const auto& n : child.notes) CHECK(n.find("turned") == std::string::npos);
  CHECK(StanceOptions{}.narrow_hip_width_leg_lengths == 0.16);
  // Frontal (0.30): no such note.
  for (const auto& n : score_video(stance_video(6.0, 0.0, 1)).notes) {
    CHECK(n.find("turned") == std::string::npos);
  }
  StanceOptions off;
  off.narrow_hip_width_leg_lengths = 0.0;
  for (const auto& n : score_video(stance_video(6.0, 0.0, 1, false, 0.5), off).notes) {
    CHECK(n.find("turned") == std::string::npos);
  }
}

TEST_CASE("single_leg_stance: a side view is not assessed", "[clinic][single_leg_stance]") {
  // Both hips at image x 640: the obliquity is that of two points 1 px apart.
  const auto r = score_video(stance_video(0.0, 0.5, 3, true), {});
  CHECK(r.hip_width_leg_lengths < 0.01);
  CHECK(std::isnan(r.pelvic_drop_peak_deg));
  CHECK(flag(r, "pelvic_drop_peak_deg").state == FlagState::NotAssessed);
  CHECK_THAT(flag(r, "pelvic_drop_peak_deg").note, ContainsSubstring("side"));
  CHECK(r.trendelenburg == "not assessed");
  CHECK_THAT(r.hold_time_s, WithinAbs(35.0, 1e-9));  // the foot is still timed
  // A frontal view: 120 / 400 = 0.3 leg lengths.
  CHECK_THAT(score_video(stance_video(0.0, 0.0, 3)).hip_width_leg_lengths, WithinAbs(0.3, 1e-9));
}

TEST_CASE("single_leg_stance: touch-down hidden by missing keypoints",
          "[clinic][single_leg_stance]") {
  // The reviewer's case: every keypoint missing from frame 1101 (36.7 s) to the end, the foot
  // still up then (down at 37 s): the hold ends at the last frame seen, 1101 - 60 frames.
  hipmech::io::Keypoints2D k = stance_video(0.0, 0.0, 1);
  for (auto& p : k.points_px) p.bottomRows(1200 - 1101).setConstant(nan_value);
  const auto r = score_video(k);
  CHECK_FALSE(r.hold_complete);
  CHECK_FALSE(r.free_foot_seen_to_end);
  CHECK_THAT(r.hold_time_s, WithinAbs((1101 - 60) / 30.0, 1e-9));
  bool noted = false;
  for (const auto& n : r.notes)
    noted = noted || n.find("touch-down not observed") != std::string::npos;
  CHECK(noted);
  for (const auto& n : r.notes) CHECK(n.find("recording ended") == std::string::npos);
  // The file cut at the same frame instead: the recording ended with the foot seen up.
  hipmech::io::Keypoints2D cut = stance_video(0.0, 0.0, 1);
  cut.frames.resize(1101);
  for (auto& p : cut.points_px) p.conservativeResize(1101, 2);
  for (auto& c : cut.confidence) c.conservativeResize(1101);
  const auto e = score_video(cut);
  CHECK(e.free_foot_seen_to_end);
  CHECK_THAT(e.hold_time_s, WithinAbs(r.hold_time_s, 1e-12));
}

TEST_CASE("single_leg_stance: the baseline starts when the person is first detected",
          "[clinic][single_leg_stance]") {
  // No person in the first 45 frames (1.5 s; the lift is at 2 s): the baseline is frames
  // 45..74, and the 4 deg drop and the hold are found as before.
  hipmech::io::Keypoints2D k = stance_video(4.0, 0.0, 1);
  for (auto& p : k.points_px) p.topRows(45).setConstant(nan_value);
  const auto r = score_video(k);
  CHECK_THAT(r.pelvic_drop_peak_deg, WithinAbs(4.0, 1e-3));
  CHECK_THAT(r.hold_time_s, WithinAbs(35.0, 1e-9));
  CHECK(r.trendelenburg == "positive");
  // Nobody at all (e.g. every point below min_confidence): the error says where to look.
  for (auto& p : k.points_px) p.setConstant(nan_value);
  CHECK(thrown_argument([&] { hipmech::clinic::stance_signals_2d(k, 30.0); }) == "keypoints");
  try {
    hipmech::clinic::stance_signals_2d(k, 30.0);
  } catch (const std::exception& e) {
    CHECK_THAT(std::string(e.what()), ContainsSubstring("min_confidence"));
  }
}
