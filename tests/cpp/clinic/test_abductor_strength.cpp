// Hip-abductor strength (include/hipmech/clinic/abductor_strength.hpp).
//
// Expected values are hand-computed: torque = force x lever arm (+ m g d cos(theta) when the
// limb's weight opposes abduction; Winter, Wells & Orr 1981, Eur J Appl Physiol 46:397-408,
// with Winter's (2009) total-leg mass fraction 0.161), torque / body mass, LSI = 100 x
// involved / reference and deficit = 100 - LSI; the 90 % cut-off (Thomeé et al. 2011; Grindem
// et al. 2016, applied to the hip).
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/thrown.hpp"
#include "hipmech/clinic.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using hipmech::Side;
using hipmech::test::thrown_argument;
namespace clinic = hipmech::clinic;
namespace hip = hipmech::hip;
using clinic::FlagState;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

clinic::AbductorStrengthOptions force_options(double lever_arm_m = 0.5) {
  clinic::AbductorStrengthOptions o;
  hip::DynamometerSetup s;
  s.lever_arm_m = lever_arm_m;
  o.setup = s;
  o.body_mass_kg = 70.0;
  return o;
}

}  // namespace

TEST_CASE("hip_abductor_strength: forces to torque, N m/kg, LSI and deficit",
          "[clinic][abductor_strength]") {
  // Left 200/210/205 N, right 150/160/155 N at 0.5 m: best torques 105 and 80 N m; 1.5 and
  // 1.142857 N m/kg; right involved: LSI = 100 x 80 / 105 = 76.190 %, deficit 23.810 %.
  auto o = force_options();
  o.involved = Side::Right;
  const auto a = clinic::hip_abductor_strength({200, 210, 205}, {150, 160, 155}, o);
  CHECK(a.torque_nm_left == std::vector<double>{100.0, 105.0, 102.5});
  CHECK(a.left_torque_nm == 105.0);
  CHECK(a.right_torque_nm == 80.0);
  CHECK_THAT(a.left_torque_nm_per_kg, WithinAbs(1.5, 1e-12));
  CHECK_THAT(a.right_torque_nm_per_kg, WithinAbs(80.0 / 70.0, 1e-12));
  CHECK_THAT(a.lsi_percent, WithinAbs(100.0 * 80.0 / 105.0, 1e-12));
  CHECK_THAT(a.deficit_percent, WithinAbs(100.0 - 100.0 * 80.0 / 105.0, 1e-12));
  CHECK(a.lsi_side == "right");
  CHECK(a.reference_side == "left");
  REQUIRE(a.flags.size() == 1);
  CHECK(a.flags[0].state == FlagState::Flagged);
  CHECK(a.flags[0].cutoff == 90.0);
  CHECK_THAT(a.flags[0].source, ContainsSubstring("Thom"));
}

TEST_CASE("hip_abductor_strength: a 28 % deficit, mean of trials, weaker side by default",
          "[clinic][abductor_strength]") {
  // Torques: left mean 100 N m, right mean 72 N m -> weaker right: LSI 72 %, deficit 28 %.
  clinic::AbductorStrengthOptions o;
  o.quantity = clinic::StrengthQuantity::TorqueNm;
  o.body_mass_kg = 80.0;
  o.summary = hip::TrialStatistic::Mean;
  const auto a = clinic::hip_abductor_strength({98, 102}, {70, 74}, o);
  CHECK_THAT(a.lsi_percent, WithinAbs(72.0, 1e-12));
  CHECK_THAT(a.deficit_percent, WithinAbs(28.0, 1e-12));
  CHECK(a.lsi_side == "right");
  bool noted = false;
  for (const auto& n : a.notes) noted = noted || n.find("weaker (right)") != std::string::npos;
  CHECK(noted);
  // A named involved side that is stronger: LSI above 100, not flagged.
  o.involved = Side::Left;
  const auto b = clinic::hip_abductor_strength({98, 102}, {70, 74}, o);
  CHECK_THAT(b.lsi_percent, WithinAbs(100.0 * 100.0 / 72.0, 1e-12));
  CHECK(b.flags[0].state == FlagState::Clear);
}

TEST_CASE("hip_abductor_strength: gravity correction (side-lying)", "[clinic][abductor_strength]") {
  // Side-lying, limb horizontal: + m g d = 0.161 x 70 kg x 9.81 x 0.40 m = 44.22348 N m.
  auto o = force_options(0.45);
  o.setup->limb_mass_kg = 0.161 * 70.0;
  o.setup->limb_com_distance_m = 0.40;
  o.setup->gravity = hip::GravityEffect::Opposes;
  const auto a = clinic::hip_abductor_strength({200}, {180}, o);
  const double g = 0.161 * 70.0 * 9.81 * 0.40;
  CHECK_THAT(a.gravity_torque_nm, WithinAbs(g, 1e-12));
  CHECK_THAT(a.left_torque_nm, WithinAbs(200 * 0.45 + g, 1e-12));
  CHECK_THAT(a.lsi_percent, WithinAbs(100.0 * (180 * 0.45 + g) / (200 * 0.45 + g), 1e-12));
}

TEST_CASE("hip_abductor_strength: NaN trials; an all-NaN side is not assessed",
          "[clinic][abductor_strength]") {
  auto a = clinic::hip_abductor_strength({200, kNaN}, {150}, force_options());
  CHECK(a.left_torque_nm == 100.0);
  CHECK(std::isnan(a.torque_nm_left[1]));
  a = clinic::hip_abductor_strength({kNaN}, {150}, force_options());
  CHECK(std::isnan(a.lsi_percent));
  CHECK(a.flags[0].state == FlagState::NotAssessed);
  CHECK(a.lsi_side.empty());
}

TEST_CASE("hip_abductor_strength: an LSI at the cut-off within rounding is not flagged",
          "[clinic][abductor_strength]") {
  // 100 x 128.7 / 143 = 89.99999999999999 in binary floating point, 90 % in decimal (review of
  // issue 23); the rule is strict (below 90 %).
  clinic::AbductorStrengthOptions o;
  o.quantity = clinic::StrengthQuantity::TorqueNm;
  o.body_mass_kg = 70.0;
  o.involved = Side::Right;
  const auto a = clinic::hip_abductor_strength({143.0}, {128.7}, o);
  REQUIRE(a.lsi_percent < 90.0);
  CHECK(a.flags.at(0).state == FlagState::Clear);
  CHECK_THAT(a.flags.at(0).rule, ContainsSubstring("involved / reference"));
  CHECK(clinic::hip_abductor_strength({143.0}, {128.6}, o).flags.at(0).state == FlagState::Flagged);
  o.involved.reset();
  CHECK_THAT(clinic::hip_abductor_strength({143.0}, {128.6}, o).flags.at(0).rule,
             ContainsSubstring("weaker / stronger"));
}

TEST_CASE("hip_abductor_strength: a torque per kg no hip abductor produces is refused",
          "[clinic][abductor_strength]") {
  // Review of issue 23: a torque of 2000 N m (N cm? 20 N m) gave 28.6 N m/kg, accepted. Hip
  // abduction by dynamometry is about 1-3 N m/kg; the limit is 10 N m/kg per trial.
  const auto msg = [](auto f) { return hipmech::test::thrown_message(f); };
  clinic::AbductorStrengthOptions o;
  o.quantity = clinic::StrengthQuantity::TorqueNm;
  o.body_mass_kg = 70.0;
  const auto n_cm = [&] { clinic::hip_abductor_strength({100}, {90, 2000}, o); };
  CHECK(thrown_argument(n_cm) == "right");
  CHECK_THAT(msg(n_cm),
             ContainsSubstring("28.57 N m/kg (torque 2000 N m, body mass 70 kg) at trial 1"));
  CHECK_NOTHROW(clinic::hip_abductor_strength({700}, {kNaN, 90}, o));  // 10 N m/kg: the limit
  // A force with the lever arm in cm (50 for 0.5 m): 200 N x 50 = 10000 N m, 143 N m/kg.
  CHECK(thrown_argument([] { clinic::hip_abductor_strength({200}, {150}, force_options(50)); }) ==
        "left");
  CHECK_THAT(msg([] { clinic::hip_abductor_strength({200}, {150}, force_options(50)); }),
             ContainsSubstring("lever arm in cm"));
}

TEST_CASE("hip_abductor_strength: bad input names the field", "[clinic][abductor_strength]") {
  CHECK(thrown_argument([] { clinic::hip_abductor_strength({-1}, {150}, force_options()); }) ==
        "left");
  CHECK(thrown_argument([] { clinic::hip_abductor_strength({200}, {}, force_options()); }) ==
        "right");
  auto o = force_options();
  o.body_mass_kg = 0.0;
  CHECK(thrown_argument([&] { clinic::hip_abductor_strength({200}, {150}, o); }) == "body_mass_kg");
  o.body_mass_kg = 7200.0;  // 7.2 kg in g? 72 kg x 100? Not a body mass in kg (limit 500).
  CHECK(thrown_argument([&] { clinic::hip_abductor_strength({200}, {150}, o); }) == "body_mass_kg");
  o.body_mass_kg = 500.0;
  CHECK_NOTHROW(clinic::hip_abductor_strength({200}, {150}, o));
  o = force_options();
  o.setup.reset();
  CHECK(thrown_argument([&] { clinic::hip_abductor_strength({200}, {150}, o); }) == "setup");
  o = force_options(-0.2);
  CHECK(thrown_argument([&] { clinic::hip_abductor_strength({200}, {150}, o); }) ==
        "setup.lever_arm_m");
  o = force_options();
  o.quantity = clinic::StrengthQuantity::TorqueNm;
  CHECK(thrown_argument([&] { clinic::hip_abductor_strength({200}, {150}, o); }) == "setup");
}
