// Isometric dynamometer torque, MVIC, onset, RTD, normalisation and per-side trial summaries
// (include/hipmech/hip/dynamometer.hpp).
//
// Expected values are independent of the implementation:
// - gravity: the moment of a weight about a pivot, m g d cos(theta) (statics; Winter, Wells &
//   Orr 1981, Eur J Appl Physiol 46:397-408, for its use in dynamometry), with Winter's (2009,
//   Biomechanics and Motor Control of Human Movement, 4th ed., Table 4.1) total-leg fractions
//   0.161 body mass and centre of mass 0.447 of the greater trochanter - medial malleolus length;
// - MVIC and RTD: synthetic contractions whose answers follow from their formulas
//   (Maffiuletti et al. 2016, Eur J Appl Physiol 116:1091-1116, for the definitions): a
//   trapezoid (a ramp of known slope after a known onset, a flat plateau), the same with a
//   short spike, and a first-order rise T(t) = Tmax (1 - exp(-(t - t0) / tau)) whose window
//   RTDs, peak slope and window means have closed forms (derivations next to the tests);
// - normalisation and trial summaries: arithmetic by hand.
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/eigen_matchers.hpp"
#include "helpers/thrown.hpp"
#include "hipmech/hip/dynamometer.hpp"

using hipmech::test::thrown_argument;
using hipmech::test::thrown_message;

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using hipmech::InvalidArgument;
using hipmech::Series;
using hipmech::Side;
using hipmech::testing::IsNear;
namespace hip = hipmech::hip;
using hip::DynamometerSetup;
using hip::GravityEffect;
using hip::MvicOptions;
using hip::MvicResult;
using hip::OnsetRule;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kG = 9.81;
const double nan_value = std::numeric_limits<double>::quiet_NaN();
const double inf_value = std::numeric_limits<double>::infinity();

// Throws InvalidArgument, and names `name` as the argument.
#define REQUIRE_INVALID(name, ...)                                             \
  do {                                                                         \
    REQUIRE_THROWS_AS(__VA_ARGS__, InvalidArgument);                           \
    CHECK(thrown_argument([&] { (void)(__VA_ARGS__); }) == std::string(name)); \
  } while (false)

/// Trapezoid at 1000 Hz, 4000 samples: 0 before sample 1000, a ramp of 0.5 N m per sample
/// (500 N m/s) over samples 1000..1199 (T[1000 + j] = 0.5 j), 100 N m over 1200..3199, a ramp
/// down over 3200..3399, 0 after.
Series trapezoid() {
  Series t = Series::Zero(4000);
  for (Eigen::Index i = 1000; i < 1200; ++i) t[i] = 0.5 * static_cast<double>(i - 1000);
  for (Eigen::Index i = 1200; i < 3200; ++i) t[i] = 100.0;
  for (Eigen::Index i = 3200; i < 3400; ++i) t[i] = 100.0 - 0.5 * static_cast<double>(i - 3200);
  return t;
}

/// The trapezoid with a 10-sample spike to 130 N m over samples 2500..2509.
Series spiked_trapezoid() {
  Series t = trapezoid();
  t.segment(2500, 10).setConstant(130.0);
  return t;
}

/// First-order rise at 1000 Hz, 1600 samples: 0 before sample 600, then
/// T[600 + j] = Tmax (1 - exp(-j / (rate tau))) with Tmax = 120 N m, tau = 0.08 s (80 samples).
constexpr double kTmax = 120.0;
constexpr double kTauSamples = 80.0;
Series first_order_rise() {
  Series t = Series::Zero(1600);
  for (Eigen::Index j = 0; j < 1000; ++j) {
    t[600 + j] = kTmax * (1.0 - std::exp(-static_cast<double>(j) / kTauSamples));
  }
  return t;
}

MvicOptions threshold_options(double threshold_nm) {
  MvicOptions o;
  o.onset_rule = OnsetRule::AboveBaseline;
  o.onset_threshold = threshold_nm;
  return o;
}

DynamometerSetup side_lying() {
  DynamometerSetup s;
  s.lever_arm_m = 0.45;
  s.limb_mass_kg = 10.0;
  s.limb_com_distance_m = 0.4;
  s.limb_angle_rad = 0.0;
  s.gravity = GravityEffect::Opposes;
  return s;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Gravity and pad torque
// ---------------------------------------------------------------------------------------------

TEST_CASE("limb_weight_torque_nm is m g d cos(theta)", "[hip][dynamometer]") {
  // Statics: 10 kg at 0.4 m, horizontal: 10 x 9.81 x 0.4 = 39.24 N m; at 60 deg above or below
  // the horizontal the lever of the weight halves (cos 60 deg = 1/2).
  CHECK_THAT(hip::limb_weight_torque_nm(10.0, 0.4, 0.0), WithinAbs(39.24, 1e-12));
  CHECK_THAT(hip::limb_weight_torque_nm(10.0, 0.4, kPi / 3.0), WithinAbs(19.62, 1e-12));
  CHECK_THAT(hip::limb_weight_torque_nm(10.0, 0.4, -kPi / 3.0), WithinAbs(19.62, 1e-12));
  CHECK_THAT(hip::limb_weight_torque_nm(10.0, 0.4, 0.0, 9.80665), WithinAbs(39.2266, 1e-12));
  // A vertical limb (standing, no abduction) has no weight moment about the hip.
  CHECK_THAT(hip::limb_weight_torque_nm(10.0, 0.4, -kPi / 2.0), WithinAbs(0.0, 1e-12));
  // Standing with the limb abducted by alpha from the vertical: theta = alpha - pi/2, moment
  // m g d sin(alpha).
  const double alpha = 10.0 * kPi / 180.0;
  CHECK_THAT(hip::limb_weight_torque_nm(10.0, 0.4, alpha - kPi / 2.0),
             WithinRel(10.0 * kG * 0.4 * std::sin(alpha), 1e-12));
  // Winter (2009) Table 4.1, a 70 kg subject with a 0.90 m greater trochanter - medial malleolus
  // length: total leg 0.161 x 70 = 11.27 kg, centre of mass 0.447 x 0.90 = 0.4023 m from the
  // hip; side-lying with the limb horizontal: 11.27 x 9.81 x 0.4023 = 44.47776501 N m.
  CHECK_THAT(hip::limb_weight_torque_nm(0.161 * 70.0, 0.447 * 0.90, 0.0),
             WithinRel(11.27 * 9.81 * 0.4023, 1e-12));
  CHECK_THAT(hip::limb_weight_torque_nm(11.27, 0.4023, 0.0), WithinAbs(44.47776501, 1e-8));
  // No mass, no moment.
  CHECK(hip::limb_weight_torque_nm(0.0, 0.4, 0.0) == 0.0);
}

TEST_CASE("limb_weight_torque_nm rejects bad arguments", "[hip][dynamometer]") {
  SECTION("negative mass") {
    REQUIRE_INVALID("limb_mass_kg", hip::limb_weight_torque_nm(-1.0, 0.4, 0.0));
  }
  SECTION("NaN mass") {
    REQUIRE_INVALID("limb_mass_kg", hip::limb_weight_torque_nm(nan_value, 0.4, 0.0));
  }
  SECTION("negative distance") {
    REQUIRE_INVALID("limb_com_distance_m", hip::limb_weight_torque_nm(10.0, -0.1, 0.0));
  }
  SECTION("angle beyond the vertical") {
    REQUIRE_INVALID("limb_angle_rad", hip::limb_weight_torque_nm(10.0, 0.4, 2.0));
  }
  SECTION("infinite angle") {
    REQUIRE_INVALID("limb_angle_rad", hip::limb_weight_torque_nm(10.0, 0.4, inf_value));
  }
  SECTION("zero gravity") {
    REQUIRE_INVALID("gravity_mps2", hip::limb_weight_torque_nm(10.0, 0.4, 0.0, 0.0));
  }
}

TEST_CASE("gravity_torque_nm adds the weight when it opposes and removes it when it assists",
          "[hip][dynamometer]") {
  // Winter, Wells & Orr (1981): muscle moment = measured moment + weight moment against
  // gravity, - weight moment with it.
  DynamometerSetup s = side_lying();
  CHECK_THAT(hip::gravity_torque_nm(s), WithinAbs(39.24, 1e-12));
  s.gravity = GravityEffect::Assists;
  CHECK_THAT(hip::gravity_torque_nm(s), WithinAbs(-39.24, 1e-12));
  s.gravity = GravityEffect::None;  // supine: the limb's weight has no abduction moment
  CHECK(hip::gravity_torque_nm(s) == 0.0);
  s.gravity = GravityEffect::Opposes;
  s.limb_angle_rad = kPi / 3.0;
  s.gravity_mps2 = 9.80665;
  CHECK_THAT(hip::gravity_torque_nm(s), WithinAbs(10.0 * 9.80665 * 0.4 * 0.5, 1e-12));
}

TEST_CASE("dynamometer_torque is F L plus the gravity term, sample by sample",
          "[hip][dynamometer]") {
  // 0.45 m lever: 100 N -> 45 N m, 250 N -> 112.5 N m; side-lying adds 39.24 N m.
  Series force(4);
  force << 0.0, 100.0, nan_value, 250.0;
  Series expected(4);
  expected << 39.24, 84.24, nan_value, 151.74;
  CHECK_THAT(hip::dynamometer_torque(force, side_lying()), IsNear(expected, 1e-12));

  DynamometerSetup supine;
  supine.lever_arm_m = 0.45;
  Series expected_supine(4);
  expected_supine << 0.0, 45.0, nan_value, 112.5;
  CHECK_THAT(hip::dynamometer_torque(force, supine), IsNear(expected_supine, 1e-12));
  // A limb mass given with GravityEffect::None changes nothing.
  supine.limb_mass_kg = 10.0;
  supine.limb_com_distance_m = 0.4;
  CHECK_THAT(hip::dynamometer_torque(force, supine), IsNear(expected_supine, 1e-12));

  DynamometerSetup assists = side_lying();
  assists.gravity = GravityEffect::Assists;
  Series expected_assists(4);
  expected_assists << -39.24, 5.76, nan_value, 73.26;
  CHECK_THAT(hip::dynamometer_torque(force, assists), IsNear(expected_assists, 1e-12));

  // The scalar overload (the peak a hand-held dynamometer displays).
  CHECK_THAT(hip::dynamometer_torque(250.0, side_lying()), WithinAbs(151.74, 1e-12));
  CHECK(std::isnan(hip::dynamometer_torque(nan_value, side_lying())));
}

TEST_CASE("dynamometer_torque rejects bad arguments", "[hip][dynamometer]") {
  const Series force = Series::Constant(3, 100.0);
  SECTION("lever arm left at its NaN default") {
    REQUIRE_INVALID("setup.lever_arm_m", hip::dynamometer_torque(force, DynamometerSetup{}));
  }
  SECTION("zero lever arm") {
    DynamometerSetup s = side_lying();
    s.lever_arm_m = 0.0;
    REQUIRE_INVALID("setup.lever_arm_m", hip::dynamometer_torque(force, s));
  }
  SECTION("negative lever arm") {
    DynamometerSetup s = side_lying();
    s.lever_arm_m = -0.45;
    REQUIRE_INVALID("setup.lever_arm_m", hip::dynamometer_torque(force, s));
    REQUIRE_INVALID("setup.lever_arm_m", hip::dynamometer_torque(100.0, s));
  }
  SECTION("infinite lever arm") {
    DynamometerSetup s = side_lying();
    s.lever_arm_m = inf_value;
    REQUIRE_INVALID("setup.lever_arm_m", hip::gravity_torque_nm(s));
  }
  SECTION("negative limb mass") {
    DynamometerSetup s = side_lying();
    s.limb_mass_kg = -10.0;
    REQUIRE_INVALID("setup.limb_mass_kg", hip::dynamometer_torque(force, s));
  }
  SECTION("negative centre-of-mass distance") {
    DynamometerSetup s = side_lying();
    s.limb_com_distance_m = -0.4;
    REQUIRE_INVALID("setup.limb_com_distance_m", hip::dynamometer_torque(force, s));
  }
  SECTION("limb angle outside [-pi/2, pi/2]") {
    DynamometerSetup s = side_lying();
    s.limb_angle_rad = -1.6;
    REQUIRE_INVALID("setup.limb_angle_rad", hip::dynamometer_torque(force, s));
  }
  SECTION("gravity correction with no limb mass") {
    DynamometerSetup s = side_lying();
    s.limb_mass_kg = 0.0;
    REQUIRE_INVALID("setup.limb_mass_kg", hip::dynamometer_torque(force, s));
  }
  SECTION("gravity correction with no centre-of-mass distance") {
    DynamometerSetup s = side_lying();
    s.gravity = GravityEffect::Assists;
    s.limb_com_distance_m = 0.0;
    REQUIRE_INVALID("setup.limb_com_distance_m", hip::dynamometer_torque(force, s));
  }
  SECTION("non-positive gravity") {
    DynamometerSetup s = side_lying();
    s.gravity_mps2 = -9.81;
    REQUIRE_INVALID("setup.gravity_mps2", hip::dynamometer_torque(force, s));
  }
  SECTION("empty force series") {
    REQUIRE_INVALID("force_n", hip::dynamometer_torque(Series(0), side_lying()));
  }
  SECTION("infinite force sample") {
    Series f = force;
    f[1] = inf_value;
    REQUIRE_INVALID("force_n", hip::dynamometer_torque(f, side_lying()));
    REQUIRE_INVALID("force_n", hip::dynamometer_torque(-inf_value, side_lying()));
  }
}

// ---------------------------------------------------------------------------------------------
// analyse_mvic
// ---------------------------------------------------------------------------------------------

TEST_CASE("MvicOptions defaults", "[hip][dynamometer]") {
  const MvicOptions o;
  CHECK(o.baseline_begin_s == 0.0);
  CHECK(o.baseline_duration_s == 0.5);
  CHECK(o.onset_rule == OnsetRule::AboveBaseline);
  CHECK(o.onset_threshold == 1.0);
  CHECK(o.plateau_windows_s == std::vector<double>{1.0, 0.5});
  CHECK(o.rtd_windows_ms == std::vector<double>{50.0, 100.0, 200.0});
  CHECK(o.peak_rtd_window_ms == 20.0);
}

TEST_CASE("analyse_mvic on a trapezoid: ramp slope, plateau, onset", "[hip][dynamometer]") {
  // Onset 1.2 N m above the zero baseline: T[1000 + j] = 0.5 j > 1.2 first at j = 3
  // (1.5 N m; j = 2 gives 1.0). RTD from onset 1003: 0-50 ms and 0-100 ms lie on the ramp
  // (slope 500 N m/s); 0-200 ms ends on the plateau: (100 - 1.5) / 0.2 = 492.5 N m/s.
  const MvicResult r = hip::analyse_mvic(trapezoid(), 1000.0, threshold_options(1.2));
  CHECK(r.note.empty());
  CHECK(r.peak_nm == 100.0);
  CHECK(r.peak_sample == 1200);
  CHECK_THAT(r.peak_time_s, WithinAbs(1.2, 1e-15));
  REQUIRE(r.plateaus.size() == 2);
  CHECK(r.plateaus[0].window_s == 1.0);
  CHECK_THAT(r.plateaus[0].mean_nm, WithinAbs(100.0, 1e-12));
  CHECK(r.plateaus[0].begin == 1200);
  CHECK(r.plateaus[0].end == 2200);
  CHECK(r.plateaus[1].window_s == 0.5);
  CHECK_THAT(r.plateaus[1].mean_nm, WithinAbs(100.0, 1e-12));
  CHECK(r.plateaus[1].begin == 1200);
  CHECK(r.plateaus[1].end == 1700);
  CHECK(r.baseline_nm == 0.0);
  CHECK(r.baseline_sd_nm == 0.0);
  CHECK_THAT(r.onset_level_nm, WithinAbs(1.2, 1e-15));
  CHECK(r.onset_sample == 1003);
  CHECK_THAT(r.onset_time_s, WithinAbs(1.003, 1e-15));
  CHECK_THAT(r.time_to_peak_s, WithinAbs(0.197, 1e-15));
  REQUIRE(r.rtd.size() == 3);
  CHECK(r.rtd[0].window_ms == 50.0);
  CHECK_THAT(r.rtd[0].rtd_nm_per_s, WithinAbs(500.0, 1e-9));
  CHECK_THAT(r.rtd[0].torque_at_end_nm, WithinAbs(26.5, 1e-12));
  CHECK_THAT(r.rtd[1].rtd_nm_per_s, WithinAbs(500.0, 1e-9));
  CHECK_THAT(r.rtd[1].torque_at_end_nm, WithinAbs(51.5, 1e-12));
  CHECK_THAT(r.rtd[2].rtd_nm_per_s, WithinAbs(492.5, 1e-9));
  CHECK_THAT(r.rtd[2].torque_at_end_nm, WithinAbs(100.0, 1e-12));
  // Every 20-sample window on the ramp has slope 500 N m/s; the earliest wins.
  CHECK_THAT(r.peak_rtd_nm_per_s, WithinAbs(500.0, 1e-9));
  CHECK(r.peak_rtd_begin == 1003);
  CHECK_THAT(r.peak_rtd_window_s, WithinAbs(0.02, 1e-15));
}

TEST_CASE("analyse_mvic: the plateau differs from the peak when the peak is a spike",
          "[hip][dynamometer]") {
  // Spike of 10 samples at 130 N m over 2500..2509 on the 100 N m plateau. Highest 1-s mean:
  // any 1000-sample window on the plateau holding the whole spike, (990 x 100 + 10 x 130) /
  // 1000 = 100.3 N m, the earliest beginning at 2510 - 1000 = 1510. Over 0.5 s:
  // (490 x 100 + 10 x 130) / 500 = 100.6 N m from 2010.
  const MvicResult r = hip::analyse_mvic(spiked_trapezoid(), 1000.0, threshold_options(1.2));
  CHECK(r.peak_nm == 130.0);
  CHECK(r.peak_sample == 2500);
  CHECK_THAT(r.plateaus[0].mean_nm, WithinAbs(100.3, 1e-9));
  CHECK(r.plateaus[0].begin == 1510);
  CHECK(r.plateaus[0].end == 2510);
  CHECK_THAT(r.plateaus[1].mean_nm, WithinAbs(100.6, 1e-9));
  CHECK(r.plateaus[1].begin == 2010);
  CHECK(r.plateaus[1].end == 2510);
  // The onset walks back from the spike through the plateau to the same ramp crossing.
  CHECK(r.onset_sample == 1003);
  // The step onto the spike is the steepest 20-sample slope: (130 - 100) / 0.02 = 1500 N m/s,
  // first in the window 2480..2500 (why noisy traces should be filtered first).
  CHECK_THAT(r.peak_rtd_nm_per_s, WithinAbs(1500.0, 1e-9));
  CHECK(r.peak_rtd_begin == 2480);
}

TEST_CASE("analyse_mvic on a first-order rise: closed-form RTD, peak RTD and plateaus",
          "[hip][dynamometer]") {
  // T(t) = Tmax (1 - exp(-(t - t0) / tau)) from t0 = 0.6 s, Tmax = 120 N m, tau = 0.08 s.
  const Series t = first_order_rise();
  const double tau = kTauSamples / 1000.0;

  SECTION("manual onset at t0: RTD(W) = Tmax (1 - exp(-W / tau)) / W") {
    MvicOptions o;
    o.onset_rule = OnsetRule::Manual;
    o.onset_sample = 600;
    const MvicResult r = hip::analyse_mvic(t, 1000.0, o);
    CHECK(r.note.empty());
    CHECK(r.onset_sample == 600);
    CHECK(std::isnan(r.onset_level_nm));
    CHECK_THAT(r.onset_time_s, WithinAbs(0.6, 1e-15));
    for (const auto& x : r.rtd) {
      CAPTURE(x.window_ms);
      const double w = x.window_ms / 1000.0;
      CHECK_THAT(x.rtd_nm_per_s, WithinRel(kTmax * (1.0 - std::exp(-w / tau)) / w, 1e-12));
    }
    // The curve is concave from t0, so the steepest 20 ms chord is the first:
    // Tmax (1 - exp(-0.02 / tau)) / 0.02.
    CHECK_THAT(r.peak_rtd_nm_per_s, WithinRel(kTmax * (1.0 - std::exp(-0.02 / tau)) / 0.02, 1e-12));
    CHECK(r.peak_rtd_begin == 600);
    // Strictly increasing: the peak is the last sample, Tmax (1 - exp(-999 / 80)).
    CHECK(r.peak_sample == 1599);
    CHECK_THAT(r.peak_nm, WithinRel(kTmax * (1.0 - std::exp(-999.0 / kTauSamples)), 1e-14));
    CHECK_THAT(r.time_to_peak_s, WithinAbs(0.999, 1e-15));
    // Highest mean over the last N samples j = J..J+N-1 (J = 1000 - N): by the geometric sum,
    // Tmax (1 - q^J (1 - q^N) / (N (1 - q))), q = exp(-1/80).
    const double q = std::exp(-1.0 / kTauSamples);
    for (const auto& p : r.plateaus) {
      const double n_w = p.window_s * 1000.0;
      const double j0 = 1000.0 - n_w;
      CAPTURE(p.window_s);
      CHECK(p.end == 1600);
      CHECK(p.begin == 1600 - static_cast<Eigen::Index>(n_w));
      CHECK_THAT(p.mean_nm, WithinRel(kTmax * (1.0 - std::pow(q, j0) * (1.0 - std::pow(q, n_w)) /
                                                         (n_w * (1.0 - q))),
                                      1e-12));
    }
  }

  SECTION("threshold onset: the first sample above 2 N m, then chords from there") {
    // 120 (1 - exp(-j / 80)) > 2  <=>  j > -80 ln(1 - 2/120) = 1.3445: first at j = 2.
    const double j_cross = -kTauSamples * std::log(1.0 - 2.0 / kTmax);
    REQUIRE(j_cross > 1.0);
    REQUIRE(j_cross < 2.0);
    const MvicResult r = hip::analyse_mvic(t, 1000.0, threshold_options(2.0));
    CHECK(r.onset_sample == 602);
    // RTD(W) = (T(602 + W) - T(602)) / W = Tmax (exp(-2/80) - exp(-(2 + W)/80)) / W (W in
    // samples = ms at 1000 Hz).
    for (const auto& x : r.rtd) {
      CAPTURE(x.window_ms);
      const double expected =
          kTmax * (std::exp(-2.0 / kTauSamples) - std::exp(-(2.0 + x.window_ms) / kTauSamples)) /
          (x.window_ms / 1000.0);
      CHECK_THAT(x.rtd_nm_per_s, WithinRel(expected, 1e-10));
    }
  }
}

TEST_CASE("analyse_mvic: every onset rule", "[hip][dynamometer]") {
  SECTION("BaselineSd: baseline mean + k sample SDs") {
    // Baseline alternating +0.5, -0.5 N m over samples 0..999: over the 500-sample baseline
    // window the mean is 0 and the sample SD 0.5 sqrt(500 / 499). Level with k = 3:
    // 1.5 sqrt(500/499) = 1.5015 N m; the ramp 0.5 j passes it first at j = 4 (2.0 N m;
    // j = 3 gives 1.5).
    Series t = trapezoid();
    for (Eigen::Index i = 0; i < 1000; ++i) t[i] = (i % 2 == 0) ? 0.5 : -0.5;
    MvicOptions o;
    o.onset_rule = OnsetRule::BaselineSd;
    o.onset_threshold = 3.0;
    const MvicResult r = hip::analyse_mvic(t, 1000.0, o);
    CHECK_THAT(r.baseline_nm, WithinAbs(0.0, 1e-15));
    CHECK_THAT(r.baseline_sd_nm, WithinRel(0.5 * std::sqrt(500.0 / 499.0), 1e-14));
    CHECK_THAT(r.onset_level_nm, WithinRel(1.5 * std::sqrt(500.0 / 499.0), 1e-14));
    CHECK(r.onset_sample == 1004);
    // The baseline noise (|0.5| < 1.5015) never triggers the onset.
    CHECK(r.note.empty());
  }
  SECTION("FractionOfPeak: baseline + f (peak - baseline)") {
    // f = 0.047: level 4.7 N m; 0.5 j > 4.7 first at j = 10.
    MvicOptions o;
    o.onset_rule = OnsetRule::FractionOfPeak;
    o.onset_threshold = 0.047;
    const MvicResult r = hip::analyse_mvic(trapezoid(), 1000.0, o);
    CHECK_THAT(r.onset_level_nm, WithinAbs(4.7, 1e-12));
    CHECK(r.onset_sample == 1010);
  }
  SECTION("AboveBaseline measures from the baseline, not from zero") {
    // A 20 N m offset (limb weight in side-lying) moves the level to 21.2 N m and leaves the
    // onset and every RTD unchanged.
    const MvicResult r =
        hip::analyse_mvic(Series(trapezoid().array() + 20.0), 1000.0, threshold_options(1.2));
    CHECK_THAT(r.baseline_nm, WithinAbs(20.0, 1e-12));
    CHECK_THAT(r.onset_level_nm, WithinAbs(21.2, 1e-12));
    CHECK(r.onset_sample == 1003);
    CHECK_THAT(r.rtd[0].rtd_nm_per_s, WithinAbs(500.0, 1e-9));
    CHECK_THAT(r.peak_nm, WithinAbs(120.0, 1e-12));
  }
  SECTION("Manual: the caller's onset, RTD from it") {
    // From 1000 (T = 0): 0-50 ms 25 / 0.05 and 0-200 ms 100 / 0.2, both 500 N m/s.
    MvicOptions o;
    o.onset_rule = OnsetRule::Manual;
    o.onset_sample = 1000;
    const MvicResult r = hip::analyse_mvic(trapezoid(), 1000.0, o);
    CHECK(r.onset_sample == 1000);
    CHECK_THAT(r.rtd[0].rtd_nm_per_s, WithinAbs(500.0, 1e-9));
    CHECK_THAT(r.rtd[2].rtd_nm_per_s, WithinAbs(500.0, 1e-9));
    CHECK(r.peak_rtd_begin == 1000);
  }
  SECTION("baseline window placed later in the recording") {
    // Baseline over 0.4..0.9 s of zeros; onset unchanged.
    MvicOptions o = threshold_options(1.2);
    o.baseline_begin_s = 0.4;
    o.baseline_duration_s = 0.5;
    const MvicResult r = hip::analyse_mvic(trapezoid(), 1000.0, o);
    CHECK(r.baseline_nm == 0.0);
    CHECK(r.onset_sample == 1003);
  }
}

TEST_CASE("analyse_mvic: RTD windows between samples are interpolated linearly",
          "[hip][dynamometer]") {
  // 250 Hz: 50 ms = 12.5 samples. A ramp of 300 N m/s from sample 250 gives 300 N m/s for
  // every window; a parabola T = 0.1 j^2 gives T(12.5) = 0.1 (144 + 169) / 2 = 15.65 N m by
  // linear interpolation, RTD = 15.65 / 0.05 = 313 N m/s.
  Series ramp = Series::Zero(1000);
  Series parabola = Series::Zero(1000);
  for (Eigen::Index j = 0; j < 750; ++j) {
    const double jd = static_cast<double>(j);
    ramp[250 + j] = 300.0 * jd / 250.0;
    parabola[250 + j] = 0.1 * jd * jd;
  }
  MvicOptions o;
  o.onset_rule = OnsetRule::Manual;
  o.onset_sample = 250;
  o.rtd_windows_ms = {50.0, 100.0, 4.0};  // 12.5, 25 and 1 samples
  o.peak_rtd_window_ms = 20.0;            // 5 samples
  const MvicResult r = hip::analyse_mvic(ramp, 250.0, o);
  CHECK_THAT(r.rtd[0].rtd_nm_per_s, WithinAbs(300.0, 1e-9));
  CHECK_THAT(r.rtd[1].rtd_nm_per_s, WithinAbs(300.0, 1e-9));
  CHECK_THAT(r.rtd[2].rtd_nm_per_s, WithinAbs(300.0, 1e-9));
  CHECK_THAT(r.peak_rtd_nm_per_s, WithinAbs(300.0, 1e-9));
  CHECK_THAT(r.peak_rtd_window_s, WithinAbs(0.02, 1e-15));
  const MvicResult p = hip::analyse_mvic(parabola, 250.0, o);
  CHECK_THAT(p.rtd[0].torque_at_end_nm, WithinAbs(15.65, 1e-12));
  CHECK_THAT(p.rtd[0].rtd_nm_per_s, WithinAbs(313.0, 1e-9));
  // 100 ms = 25 samples exactly: 0.1 x 625 / 0.1 = 625 N m/s.
  CHECK_THAT(p.rtd[1].rtd_nm_per_s, WithinAbs(625.0, 1e-9));
  // Peak RTD rounds 23 ms at 250 Hz (5.75 samples) to 6 samples, 24 ms.
  o.peak_rtd_window_ms = 23.0;
  CHECK_THAT(hip::analyse_mvic(ramp, 250.0, o).peak_rtd_window_s, WithinAbs(0.024, 1e-15));
}

TEST_CASE("analyse_mvic: missing samples never become zero", "[hip][dynamometer]") {
  SECTION("NaN in an RTD window: that RTD is NaN, the shorter ones are kept") {
    // Onset 1003; NaN at 1080 lies in the 0-100 and 0-200 ms windows, not in 0-50 ms.
    Series t = trapezoid();
    t[1080] = nan_value;
    const MvicResult r = hip::analyse_mvic(t, 1000.0, threshold_options(1.2));
    CHECK(r.onset_sample == 1003);  // the walk back from the peak steps over the gap
    CHECK_THAT(r.rtd[0].rtd_nm_per_s, WithinAbs(500.0, 1e-9));
    CHECK(std::isnan(r.rtd[1].rtd_nm_per_s));
    CHECK(std::isnan(r.rtd[1].torque_at_end_nm));
    CHECK(std::isnan(r.rtd[2].rtd_nm_per_s));
    CHECK_THAT(r.note, ContainsSubstring("1 of 4000 samples are missing"));
    CHECK_THAT(r.note, ContainsSubstring("RTD 0-100 ms: the window holds NaN"));
    // The 21 peak-RTD windows holding sample 1080 (begins 1060..1080) are skipped.
    CHECK_THAT(r.note, ContainsSubstring("peak RTD: 21 windows hold NaN"));
    CHECK_THAT(r.peak_rtd_nm_per_s, WithinAbs(500.0, 1e-9));
  }
  SECTION("NaN at the crossing: the onset is unknown") {
    // T[1002] = 1.0 <= 1.2 is the last sample at or below the level; 1003 is missing, so the
    // crossing falls in the gap.
    Series t = trapezoid();
    t[1003] = nan_value;
    const MvicResult r = hip::analyse_mvic(t, 1000.0, threshold_options(1.2));
    CHECK(r.onset_sample == -1);
    CHECK(std::isnan(r.onset_time_s));
    CHECK(std::isnan(r.rtd[0].rtd_nm_per_s));
    CHECK(std::isnan(r.peak_rtd_nm_per_s));
    CHECK_THAT(r.note, ContainsSubstring("sample 1003"));
    CHECK(r.peak_nm == 100.0);  // what does not need the onset is still reported
  }
  SECTION("NaN in the baseline: no baseline, no automatic onset") {
    Series t = trapezoid();
    t[100] = nan_value;
    const MvicResult r = hip::analyse_mvic(t, 1000.0, threshold_options(1.2));
    CHECK(std::isnan(r.baseline_nm));
    CHECK(std::isnan(r.baseline_sd_nm));
    CHECK(r.onset_sample == -1);
    CHECK_THAT(r.note, ContainsSubstring("baseline window holds NaN"));
    CHECK(r.peak_nm == 100.0);
    CHECK_THAT(r.plateaus[0].mean_nm, WithinAbs(100.0, 1e-12));
    // A manual onset does not need the baseline.
    MvicOptions o;
    o.onset_rule = OnsetRule::Manual;
    o.onset_sample = 1000;
    CHECK_THAT(hip::analyse_mvic(t, 1000.0, o).rtd[0].rtd_nm_per_s, WithinAbs(500.0, 1e-9));
  }
  SECTION("NaN in the plateau: windows holding it are skipped") {
    // Spike case with sample 2000 missing: the best 1-s window must hold the spike
    // (begin >= 1510) and not 2000 (begin >= 2001): 100.3 N m from 2001. The 0.5-s best window
    // [2010, 2510) does not hold 2000 and stays.
    Series t = spiked_trapezoid();
    t[2000] = nan_value;
    const MvicResult r = hip::analyse_mvic(t, 1000.0, threshold_options(1.2));
    CHECK_THAT(r.plateaus[0].mean_nm, WithinAbs(100.3, 1e-9));
    CHECK(r.plateaus[0].begin == 2001);
    CHECK_THAT(r.plateaus[1].mean_nm, WithinAbs(100.6, 1e-9));
    CHECK(r.plateaus[1].begin == 2010);
    // 1000 windows of 1 s (begins 1001..2000) and 500 of 0.5 s (1501..2000) hold sample 2000.
    CHECK_THAT(r.note, ContainsSubstring("plateau over 1 s: 1000 of 3001 windows hold NaN"));
    CHECK_THAT(r.note, ContainsSubstring("plateau over 0.5 s: 500 of 3501 windows hold NaN"));
  }
  SECTION("NaN at the manual onset: no RTD") {
    Series t = trapezoid();
    t[1000] = nan_value;
    MvicOptions o;
    o.onset_rule = OnsetRule::Manual;
    o.onset_sample = 1000;
    const MvicResult r = hip::analyse_mvic(t, 1000.0, o);
    CHECK(std::isnan(r.rtd[0].rtd_nm_per_s));
    CHECK(std::isnan(r.peak_rtd_nm_per_s));
    CHECK_THAT(r.note, ContainsSubstring("torque at the onset is missing"));
  }
  SECTION("all NaN: a result of NaN with a note, not an error") {
    const MvicResult r = hip::analyse_mvic(Series::Constant(4000, nan_value), 1000.0);
    CHECK(std::isnan(r.peak_nm));
    CHECK(r.peak_sample == -1);
    REQUIRE(r.plateaus.size() == 2);
    CHECK(std::isnan(r.plateaus[0].mean_nm));
    CHECK(r.plateaus[0].begin == -1);
    CHECK(r.plateaus[0].window_s == 1.0);
    REQUIRE(r.rtd.size() == 3);
    CHECK(std::isnan(r.rtd[2].rtd_nm_per_s));
    CHECK(r.rtd[2].window_ms == 200.0);
    CHECK(std::isnan(r.baseline_nm));
    CHECK(r.onset_sample == -1);
    CHECK(std::isnan(r.peak_rtd_nm_per_s));
    CHECK(r.note == "every sample is missing (NaN)");
  }
}

TEST_CASE("analyse_mvic: when there is no onset or no room for a window, NaN and a note",
          "[hip][dynamometer]") {
  SECTION("no contraction: the peak does not exceed the level") {
    const MvicResult r = hip::analyse_mvic(Series::Constant(2000, 0.3), 1000.0);
    CHECK(r.peak_nm == 0.3);
    CHECK(r.peak_sample == 0);  // the first of equal samples
    CHECK(r.onset_sample == -1);
    CHECK_THAT(r.note, ContainsSubstring("does not exceed the onset level"));
  }
  SECTION("the torque is already above the level at the end of the baseline") {
    // Baseline over the first 1.1 s ends inside the ramp (T[1099] = 49.5 N m): baseline mean
    // 0.5 (0 + ... + 99) / 1100 = 2.25 N m, level 3.45 N m.
    MvicOptions o = threshold_options(1.2);
    o.baseline_duration_s = 1.1;
    const MvicResult r = hip::analyse_mvic(trapezoid(), 1000.0, o);
    CHECK_THAT(r.baseline_nm, WithinAbs(2.25, 1e-12));
    CHECK(r.onset_sample == -1);
    CHECK_THAT(r.note, ContainsSubstring("already above the onset level"));
  }
  SECTION("the peak lies in the baseline window") {
    MvicOptions o = threshold_options(1.2);
    o.baseline_duration_s = 1.3;
    const MvicResult r = hip::analyse_mvic(trapezoid(), 1000.0, o);
    CHECK(r.onset_sample == -1);
    CHECK_THAT(r.note, ContainsSubstring("peak lies in the baseline window"));
  }
  SECTION("an RTD window running past the end of the recording") {
    // 1100 samples: onset 1003, the last sample 1099; 0-50 ms fits, 0-100 ms (1103) does not.
    const Series t = trapezoid().head(1100);
    const MvicResult r = hip::analyse_mvic(t, 1000.0, threshold_options(1.2));
    CHECK(r.peak_sample == 1099);
    CHECK_THAT(r.rtd[0].rtd_nm_per_s, WithinAbs(500.0, 1e-9));
    CHECK(std::isnan(r.rtd[1].rtd_nm_per_s));
    CHECK(std::isnan(r.rtd[2].rtd_nm_per_s));
    CHECK_THAT(r.note, ContainsSubstring("RTD 0-100 ms: the window runs past the end"));
    CHECK_THAT(r.peak_rtd_nm_per_s, WithinAbs(500.0, 1e-9));
  }
  SECTION("a rise shorter than the peak-RTD window") {
    // 0 -> 100 N m over 5 samples (20, 40, 60, 80, 100 at 1000..1004): onset 1000, peak 1004,
    // 4 samples of rise for a 20-sample window. RTD 0-50 ms = (100 - 20) / 0.05.
    Series t = Series::Zero(3000);
    for (Eigen::Index j = 0; j < 5; ++j) t[1000 + j] = 20.0 * static_cast<double>(j + 1);
    t.segment(1005, 1000).setConstant(100.0);
    const MvicResult r = hip::analyse_mvic(t, 1000.0, threshold_options(1.2));
    CHECK(r.onset_sample == 1000);
    CHECK(r.peak_sample == 1004);
    CHECK_THAT(r.rtd[0].rtd_nm_per_s, WithinAbs(1600.0, 1e-9));
    CHECK(std::isnan(r.peak_rtd_nm_per_s));
    CHECK(r.peak_rtd_begin == -1);
    CHECK_THAT(r.note, ContainsSubstring("shorter than the 20 ms window"));
  }
  SECTION("a manual onset after the peak") {
    MvicOptions o;
    o.onset_rule = OnsetRule::Manual;
    o.onset_sample = 1500;
    const MvicResult r = hip::analyse_mvic(trapezoid(), 1000.0, o);
    CHECK(std::isnan(r.peak_rtd_nm_per_s));
    CHECK_THAT(r.time_to_peak_s, WithinAbs(-0.3, 1e-15));
    CHECK_THAT(r.note, ContainsSubstring("onset is not before the peak"));
    CHECK_THAT(r.rtd[0].rtd_nm_per_s, WithinAbs(0.0, 1e-12));  // flat plateau
  }
}

TEST_CASE("analyse_mvic rejects bad arguments", "[hip][dynamometer]") {
  const Series t = trapezoid();  // 4000 samples at 1000 Hz = 4 s
  SECTION("empty series") {
    REQUIRE_INVALID("torque_nm", hip::analyse_mvic(Series(0), 1000.0));
  }
  SECTION("one sample") {
    REQUIRE_INVALID("torque_nm", hip::analyse_mvic(Series::Constant(1, 5.0), 1000.0));
  }
  SECTION("infinite sample") {
    Series bad = t;
    bad[7] = inf_value;
    REQUIRE_INVALID("torque_nm", hip::analyse_mvic(bad, 1000.0));
  }
  SECTION("rate") {
    REQUIRE_INVALID("rate_hz", hip::analyse_mvic(t, 0.0));
    REQUIRE_INVALID("rate_hz", hip::analyse_mvic(t, -1000.0));
    REQUIRE_INVALID("rate_hz", hip::analyse_mvic(t, nan_value));
  }
  SECTION("baseline start before the recording") {
    MvicOptions o;
    o.baseline_begin_s = -0.1;
    REQUIRE_INVALID("options.baseline_begin_s", hip::analyse_mvic(t, 1000.0, o));
  }
  SECTION("baseline duration not positive") {
    MvicOptions o;
    o.baseline_duration_s = 0.0;
    REQUIRE_INVALID("options.baseline_duration_s", hip::analyse_mvic(t, 1000.0, o));
  }
  SECTION("baseline shorter than one sample") {
    MvicOptions o;
    o.baseline_duration_s = 0.0004;  // 0.4 samples at 1000 Hz
    REQUIRE_INVALID("options.baseline_duration_s", hip::analyse_mvic(t, 1000.0, o));
  }
  SECTION("baseline of one sample for the SD rule") {
    MvicOptions o;
    o.onset_rule = OnsetRule::BaselineSd;
    o.onset_threshold = 3.0;
    o.baseline_duration_s = 0.001;
    REQUIRE_INVALID("options.baseline_duration_s", hip::analyse_mvic(t, 1000.0, o));
  }
  SECTION("baseline ending after the recording") {
    MvicOptions o;
    o.baseline_begin_s = 3.9;
    o.baseline_duration_s = 0.5;
    REQUIRE_INVALID("options.baseline_duration_s", hip::analyse_mvic(t, 1000.0, o));
    o.baseline_begin_s = 0.0;
    o.baseline_duration_s = 1e30;  // saturates, never overflows
    REQUIRE_INVALID("options.baseline_duration_s", hip::analyse_mvic(t, 1000.0, o));
  }
  SECTION("baseline starting after the recording") {
    MvicOptions o;
    o.baseline_begin_s = 4.0;
    REQUIRE_INVALID("options.baseline_begin_s", hip::analyse_mvic(t, 1000.0, o));
    o.baseline_begin_s = 1e30;
    REQUIRE_INVALID("options.baseline_begin_s", hip::analyse_mvic(t, 1000.0, o));
  }
  SECTION("onset threshold outside its rule's range") {
    MvicOptions o;
    o.onset_rule = OnsetRule::AboveBaseline;
    o.onset_threshold = 0.0;
    REQUIRE_INVALID("options.onset_threshold", hip::analyse_mvic(t, 1000.0, o));
    o.onset_threshold = nan_value;
    REQUIRE_INVALID("options.onset_threshold", hip::analyse_mvic(t, 1000.0, o));
    o.onset_rule = OnsetRule::BaselineSd;
    o.onset_threshold = -3.0;
    REQUIRE_INVALID("options.onset_threshold", hip::analyse_mvic(t, 1000.0, o));
    o.onset_rule = OnsetRule::FractionOfPeak;
    o.onset_threshold = 1.0;
    REQUIRE_INVALID("options.onset_threshold", hip::analyse_mvic(t, 1000.0, o));
    o.onset_threshold = 0.0;
    REQUIRE_INVALID("options.onset_threshold", hip::analyse_mvic(t, 1000.0, o));
  }
  SECTION("manual onset outside the recording") {
    MvicOptions o;
    o.onset_rule = OnsetRule::Manual;  // onset_sample left at -1
    REQUIRE_INVALID("options.onset_sample", hip::analyse_mvic(t, 1000.0, o));
    o.onset_sample = 4000;
    REQUIRE_INVALID("options.onset_sample", hip::analyse_mvic(t, 1000.0, o));
  }
  SECTION("plateau window not positive, shorter than a sample or longer than the recording") {
    MvicOptions o;
    o.plateau_windows_s = {1.0, 0.0};
    REQUIRE_INVALID("options.plateau_windows_s", hip::analyse_mvic(t, 1000.0, o));
    o.plateau_windows_s = {-1.0};
    REQUIRE_INVALID("options.plateau_windows_s", hip::analyse_mvic(t, 1000.0, o));
    o.plateau_windows_s = {nan_value};
    REQUIRE_INVALID("options.plateau_windows_s", hip::analyse_mvic(t, 1000.0, o));
    o.plateau_windows_s = {0.0001};
    REQUIRE_INVALID("options.plateau_windows_s", hip::analyse_mvic(t, 1000.0, o));
    o.plateau_windows_s = {4.5};
    REQUIRE_INVALID("options.plateau_windows_s", hip::analyse_mvic(t, 1000.0, o));
    o.plateau_windows_s = {1e300};
    REQUIRE_INVALID("options.plateau_windows_s", hip::analyse_mvic(t, 1000.0, o));
    o.plateau_windows_s = {4.0};  // exactly the recording: allowed, one window
    const MvicResult r = hip::analyse_mvic(t, 1000.0, o);
    CHECK(r.plateaus[0].begin == 0);
    CHECK(r.plateaus[0].end == 4000);
  }
  SECTION("RTD window shorter than a sampling interval or longer than the recording") {
    MvicOptions o;
    o.rtd_windows_ms = {50.0, 0.0};
    REQUIRE_INVALID("options.rtd_windows_ms", hip::analyse_mvic(t, 1000.0, o));
    o.rtd_windows_ms = {0.5};
    REQUIRE_INVALID("options.rtd_windows_ms", hip::analyse_mvic(t, 1000.0, o));
    o.rtd_windows_ms = {4000.0};  // the recording spans 3999 ms between its first and last
    REQUIRE_INVALID("options.rtd_windows_ms", hip::analyse_mvic(t, 1000.0, o));
    o.rtd_windows_ms = {inf_value};
    REQUIRE_INVALID("options.rtd_windows_ms", hip::analyse_mvic(t, 1000.0, o));
  }
  SECTION("peak-RTD window not positive, under a sample or longer than the recording") {
    MvicOptions o;
    o.peak_rtd_window_ms = 0.0;
    REQUIRE_INVALID("options.peak_rtd_window_ms", hip::analyse_mvic(t, 1000.0, o));
    o.peak_rtd_window_ms = 0.4;
    REQUIRE_INVALID("options.peak_rtd_window_ms", hip::analyse_mvic(t, 1000.0, o));
    o.peak_rtd_window_ms = 4000.0;
    REQUIRE_INVALID("options.peak_rtd_window_ms", hip::analyse_mvic(t, 1000.0, o));
    o.peak_rtd_window_ms = 1e300;
    REQUIRE_INVALID("options.peak_rtd_window_ms", hip::analyse_mvic(t, 1000.0, o));
  }
  SECTION("the message says what was expected and what arrived") {
    MvicOptions o;
    o.plateau_windows_s = {4.5};
    try {
      (void)hip::analyse_mvic(t, 1000.0, o);
      FAIL("no exception");
    } catch (const InvalidArgument& e) {
      CHECK_THAT(std::string(e.what()), ContainsSubstring("no longer than the recording"));
      CHECK_THAT(std::string(e.what()), ContainsSubstring("4000 samples, 4 s"));
      CHECK(e.got() == "4.5");
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------

TEST_CASE("torque normalised by body mass, mass x length and %BW x height", "[hip][dynamometer]") {
  // 150 N m, 75 kg, 1.80 m: 2 N m/kg; 150 / 135 = 1.1111 N m/(kg m);
  // 100 x 150 / (75 x 9.81 x 1.80) = 11.326311 %BW x height.
  CHECK_THAT(hip::torque_per_kg(150.0, 75.0), WithinAbs(2.0, 1e-15));
  CHECK_THAT(hip::torque_per_kg_m(150.0, 75.0, 1.8), WithinAbs(150.0 / 135.0, 1e-15));
  CHECK_THAT(hip::torque_percent_bw_height(150.0, 75.0, 1.8),
             WithinAbs(15000.0 / (75.0 * 9.81 * 1.8), 1e-12));
  CHECK_THAT(hip::torque_percent_bw_height(150.0, 75.0, 1.8), WithinAbs(11.326311, 1e-6));
  CHECK_THAT(hip::torque_percent_bw_height(150.0, 75.0, 1.8, 10.0),
             WithinAbs(15000.0 / 1350.0, 1e-12));
  // %BW x height = 100 x (N m/(kg m)) / g.
  CHECK_THAT(hip::torque_percent_bw_height(150.0, 75.0, 1.8),
             WithinRel(100.0 * hip::torque_per_kg_m(150.0, 75.0, 1.8) / kG, 1e-14));
  // A missing torque stays missing.
  CHECK(std::isnan(hip::torque_per_kg(nan_value, 75.0)));
  CHECK(std::isnan(hip::torque_per_kg_m(nan_value, 75.0, 1.8)));
  CHECK(std::isnan(hip::torque_percent_bw_height(nan_value, 75.0, 1.8)));
}

TEST_CASE("normalisation rejects bad arguments", "[hip][dynamometer]") {
  SECTION("body mass") {
    REQUIRE_INVALID("body_mass_kg", hip::torque_per_kg(150.0, 0.0));
    REQUIRE_INVALID("body_mass_kg", hip::torque_per_kg(150.0, -75.0));
    REQUIRE_INVALID("body_mass_kg", hip::torque_per_kg_m(150.0, nan_value, 1.8));
    REQUIRE_INVALID("body_mass_kg", hip::torque_percent_bw_height(150.0, 0.0, 1.8));
  }
  SECTION("length and height") {
    REQUIRE_INVALID("length_m", hip::torque_per_kg_m(150.0, 75.0, 0.0));
    REQUIRE_INVALID("height_m", hip::torque_percent_bw_height(150.0, 75.0, -1.8));
  }
  SECTION("gravity") {
    REQUIRE_INVALID("gravity_mps2", hip::torque_percent_bw_height(150.0, 75.0, 1.8, 0.0));
  }
  SECTION("infinite torque") {
    REQUIRE_INVALID("torque_nm", hip::torque_per_kg(inf_value, 75.0));
    REQUIRE_INVALID("torque_nm", hip::torque_per_kg_m(-inf_value, 75.0, 1.8));
    REQUIRE_INVALID("torque_nm", hip::torque_percent_bw_height(inf_value, 75.0, 1.8));
  }
}

// ---------------------------------------------------------------------------------------------
// Trials per side
// ---------------------------------------------------------------------------------------------

TEST_CASE("summarise_trials: best, mean and mean of the best two", "[hip][dynamometer]") {
  SECTION("three valid trials") {
    // {100, 110, 105}: best 110 (trial 1); mean 105, SD sqrt((25 + 25 + 0) / 2) = 5;
    // best two 110 and 105 (trials 1, 2): 107.5.
    const hip::TrialSummary s = hip::summarise_trials(Side::Left, {100.0, 110.0, 105.0});
    CHECK(s.side == Side::Left);
    CHECK(s.n_trials == 3);
    CHECK(s.n_valid == 3);
    CHECK(s.best == 110.0);
    CHECK(s.best_trial == 1);
    CHECK_THAT(s.mean, WithinAbs(105.0, 1e-12));
    CHECK_THAT(s.sd, WithinAbs(5.0, 1e-12));
    CHECK_THAT(s.mean_best_two, WithinAbs(107.5, 1e-12));
    CHECK(s.best_two_trials == std::array<Eigen::Index, 2>{1, 2});
    CHECK(s.note.empty());
    CHECK(hip::trial_statistic(s, hip::TrialStatistic::Best) == 110.0);
    CHECK_THAT(hip::trial_statistic(s, hip::TrialStatistic::Mean), WithinAbs(105.0, 1e-12));
    CHECK_THAT(hip::trial_statistic(s, hip::TrialStatistic::MeanOfBestTwo),
               WithinAbs(107.5, 1e-12));
  }
  SECTION("a missing trial is left out and counted") {
    // {NaN, 90, 95, 92}: 3 valid; best 95 (trial 2); mean 277 / 3; SD of {90, 95, 92}:
    // deviations -2.333, 2.667, -0.333, sum of squares 12.667, / 2 -> sqrt(6.3333);
    // best two 95 and 92 (trials 2, 3): 93.5.
    const hip::TrialSummary s = hip::summarise_trials(Side::Right, {nan_value, 90.0, 95.0, 92.0});
    CHECK(s.side == Side::Right);
    CHECK(s.n_trials == 4);
    CHECK(s.n_valid == 3);
    CHECK(s.best == 95.0);
    CHECK(s.best_trial == 2);
    CHECK_THAT(s.mean, WithinAbs(277.0 / 3.0, 1e-12));
    CHECK_THAT(s.sd, WithinAbs(std::sqrt(19.0 / 3.0), 1e-12));
    CHECK_THAT(s.mean_best_two, WithinAbs(93.5, 1e-12));
    CHECK(s.best_two_trials == std::array<Eigen::Index, 2>{2, 3});
    CHECK_THAT(s.note, ContainsSubstring("1 of 4 right trials are missing"));
  }
  SECTION("ties go to the earlier trial") {
    const hip::TrialSummary s = hip::summarise_trials(Side::Left, {90.0, 100.0, 100.0});
    CHECK(s.best_trial == 1);
    CHECK(s.best_two_trials == std::array<Eigen::Index, 2>{1, 2});
    const hip::TrialSummary u = hip::summarise_trials(Side::Left, {100.0, 100.0, 100.0});
    CHECK(u.best_two_trials == std::array<Eigen::Index, 2>{0, 1});
    CHECK(u.sd == 0.0);
  }
  SECTION("the best two when the largest comes last") {
    const hip::TrialSummary s = hip::summarise_trials(Side::Left, {80.0, 90.0, 120.0});
    CHECK(s.best_two_trials == std::array<Eigen::Index, 2>{2, 1});
    CHECK_THAT(s.mean_best_two, WithinAbs(105.0, 1e-12));
  }
  SECTION("one valid trial: no SD, no mean of the best two") {
    const hip::TrialSummary s = hip::summarise_trials(Side::Left, {nan_value, 88.0});
    CHECK(s.best == 88.0);
    CHECK(s.best_trial == 1);
    CHECK(s.mean == 88.0);
    CHECK(std::isnan(s.sd));
    CHECK(std::isnan(s.mean_best_two));
    CHECK(s.best_two_trials == std::array<Eigen::Index, 2>{1, -1});
    CHECK_THAT(s.note, ContainsSubstring("one valid left trial"));
  }
  SECTION("no trial or no valid trial: NaN with a note") {
    const hip::TrialSummary e = hip::summarise_trials(Side::Right, {});
    CHECK(e.n_trials == 0);
    CHECK(std::isnan(e.best));
    CHECK(e.best_trial == -1);
    CHECK(std::isnan(e.mean));
    CHECK_THAT(e.note, ContainsSubstring("no valid right trial"));
    const hip::TrialSummary m = hip::summarise_trials(Side::Right, {nan_value, nan_value});
    CHECK(m.n_valid == 0);
    CHECK(std::isnan(m.mean_best_two));
  }
  SECTION("an infinite trial is an error") {
    REQUIRE_INVALID("trial_values", hip::summarise_trials(Side::Left, {100.0, inf_value}));
  }
}

TEST_CASE("summarise_sides: one summary per side, mirror-consistent", "[hip][dynamometer]") {
  const std::vector<double> a{100.0, 110.0, 105.0};
  const std::vector<double> b{nan_value, 90.0, 95.0, 92.0};
  const hip::SideTrials s = hip::summarise_sides(a, b);
  CHECK(s.left.side == Side::Left);
  CHECK(s.right.side == Side::Right);
  CHECK(s.left.best == 110.0);
  CHECK(s.right.best == 95.0);
  // Swapping the sides swaps the values (and only the side labels change).
  const hip::SideTrials w = hip::summarise_sides(b, a);
  CHECK(w.left.best == s.right.best);
  CHECK(w.left.best_trial == s.right.best_trial);
  CHECK(w.right.mean == s.left.mean);
  CHECK(w.right.best_two_trials == s.left.best_two_trials);
  // Identical limbs give identical summaries.
  const hip::SideTrials same = hip::summarise_sides(a, a);
  CHECK(same.left.best == same.right.best);
  CHECK(same.left.mean == same.right.mean);
  CHECK(same.left.mean_best_two == same.right.mean_best_two);
  SECTION("the offending side is named") {
    REQUIRE_INVALID("left_values", hip::summarise_sides({inf_value}, a));
    REQUIRE_INVALID("right_values", hip::summarise_sides(a, {1.0, -inf_value}));
  }
}

TEST_CASE("from pad force to a per-side summary of normalised plateaus", "[hip][dynamometer]") {
  // Side-lying, lever 0.45 m, limb 10 kg at 0.4 m horizontal (39.24 N m). Each trial: 0.5 s at
  // rest, then a 0.2 s ramp to a force plateau F held 2 s, at 1000 Hz. The 1-s plateau torque
  // is F x 0.45 + 39.24; per kg of a 75 kg subject, / 75.
  const DynamometerSetup setup = side_lying();
  auto trial = [](double plateau_force_n) {
    Series f = Series::Zero(3000);
    for (Eigen::Index j = 0; j < 200; ++j) {
      f[500 + j] = plateau_force_n * static_cast<double>(j) / 200.0;
    }
    f.segment(700, 2000).setConstant(plateau_force_n);
    return f;
  };
  auto plateau_per_kg = [&](double force_n) {
    const MvicResult r = hip::analyse_mvic(hip::dynamometer_torque(trial(force_n), setup), 1000.0);
    return hip::torque_per_kg(r.plateaus[0].mean_nm, 75.0);
  };
  const std::vector<double> left{plateau_per_kg(200.0), plateau_per_kg(220.0),
                                 plateau_per_kg(210.0)};
  const std::vector<double> right{plateau_per_kg(180.0), nan_value, plateau_per_kg(190.0)};
  const hip::SideTrials s = hip::summarise_sides(left, right);
  CHECK_THAT(s.left.best, WithinAbs((220.0 * 0.45 + 39.24) / 75.0, 1e-12));
  CHECK(s.left.best_trial == 1);
  CHECK_THAT(s.left.mean, WithinAbs((210.0 * 0.45 + 39.24) / 75.0, 1e-12));
  CHECK_THAT(s.right.mean_best_two, WithinAbs((185.0 * 0.45 + 39.24) / 75.0, 1e-12));
  CHECK(s.right.n_valid == 2);
  // The limb's weight is in every torque sample, the baseline included, so the onset (1 N m
  // above the baseline) and the RTD are those of the pad torque alone: ramp slope
  // 220 x 0.45 / 0.2 = 495 N m/s.
  const MvicResult r = hip::analyse_mvic(hip::dynamometer_torque(trial(220.0), setup), 1000.0);
  CHECK_THAT(r.baseline_nm, WithinAbs(39.24, 1e-12));
  CHECK_THAT(r.rtd[0].rtd_nm_per_s, WithinAbs(495.0, 1e-9));
}
