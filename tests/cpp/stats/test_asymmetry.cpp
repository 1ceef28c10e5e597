// hipmech/stats/asymmetry.hpp against the worked table of Int J Phys Med Rehabil 2014;2:201,
// Table 1 (fictive step lengths NP/P; Eq. 5 = Robinson 1987 SI, Eq. 8 = Zifchock 2008 SA; the
// table applies Eq. 8 with NP in Zifchock's X_L slot) and closed forms of the wrap branch.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include <cmath>

#include "helpers/thrown.hpp"
#include "hipmech/stats/asymmetry.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
namespace hs = hipmech::stats;
using hipmech::Side;
using hs::AsymmetryIndex;
using hs::AsymmetryReason;

TEST_CASE("asymmetry: the worked table (Int J Phys Med Rehabil 2014, Table 1)",
          "[stats][asymmetry]") {
  const double np[] = {0.39, 0.59, 0.47, 0.25, 0.4, 0.37};
  const double p[] = {0.25, 0.4, 0.37, 0.39, 0.59, 0.47};
  const double si[] = {43.75, 38.38, 23.81, -43.75, -38.38, -23.81};
  const double sa[] = {-13.71, -12.07, -7.54, 13.71, 12.07, 7.54};
  const double ratio[] = {1.56, 1.48, 1.27, 0.64, 0.68, 0.79};
  const double diff[] = {35.9, 32.2, 21.28, -35.9, -32.2, -21.28};
  for (int i = 0; i < 6; ++i) {
    // NP as "left", P as the reference ("right").
    CHECK_THAT(hs::symmetry_index_percent(np[i], p[i], Side::Right).value, WithinAbs(si[i], 0.005));
    CHECK_THAT(hs::asymmetry_to_reference(AsymmetryIndex::Ratio, np[i], p[i]).value,
               WithinAbs(ratio[i], 0.0051));  // printed to 2 dp: 1.475 → 1.48
    CHECK_THAT(hs::asymmetry_to_reference(AsymmetryIndex::PercentDifferenceMax, np[i], p[i]).value,
               WithinAbs(diff[i], 0.05));
    // The table's SA uses arctan(NP/P): NP is Zifchock's X_L, i.e. NP is the reference.
    CHECK_THAT(hs::symmetry_angle_percent(np[i], p[i], Side::Left).value, WithinAbs(sa[i], 0.005));
  }
}

TEST_CASE("asymmetry: every index reads the same way for either reference", "[stats][asymmetry]") {
  // Other limb larger → positive SI/SA/%diff, LSI > 100, ratio > 1.
  CHECK_THAT(hs::limb_symmetry_index_percent(120, 100, Side::Right).value, WithinRel(120, 1e-12));
  CHECK_THAT(hs::limb_symmetry_index_percent(100, 120, Side::Left).value, WithinRel(120, 1e-12));
  CHECK(hs::symmetry_index_percent(100, 120, Side::Left).value > 0);
  CHECK(hs::symmetry_angle_percent(100, 120, Side::Left).value > 0);
  CHECK_THAT(hs::symmetry_angle_percent(120, 100, Side::Left).value,
             WithinRel(-hs::symmetry_angle_percent(100, 120, Side::Left).value, 1e-12));
  // Two negative values (e.g. moments) compare magnitudes.
  CHECK_THAT(hs::symmetry_index_percent(-6, -4, Side::Right).value, WithinRel(40, 1e-12));
  CHECK_THAT(hs::limb_symmetry_index_percent(-6, -4, Side::Right).value, WithinRel(150, 1e-12));
  CHECK_THAT(hs::asymmetry_to_reference(AsymmetryIndex::PercentDifferenceReference, -6, -4).value,
             WithinRel(50, 1e-12));
}

TEST_CASE("asymmetry: Zifchock's wrap branch and zero limits", "[stats][asymmetry]") {
  // Opposite signs with |ref| > |other|: 45° − arctan(ref/other) > 90° → subtract 180°.
  // ref = −2, other = 1: 45 − arctan(−2) = 45 + 63.435 = 108.435 → −71.565° → −79.51 %.
  const double expected = 100 * (45 + std::atan(2.0) * 180 / M_PI - 180) / 90;
  CHECK_THAT(hs::asymmetry_to_reference(AsymmetryIndex::SymmetryAngle, 1.0, -2.0).value,
             WithinRel(expected, 1e-12));
  CHECK(hs::asymmetry_to_reference(AsymmetryIndex::SymmetryAngle, 1.0, -2.0).value > -100);
  // No wrap when |other| ≥ |ref|: ref = −1, other = 2 → 45 + 26.565 = 71.565° → 79.52 %.
  CHECK_THAT(hs::asymmetry_to_reference(AsymmetryIndex::SymmetryAngle, 2.0, -1.0).value,
             WithinRel(100 * (45 + std::atan(0.5) * 180 / M_PI) / 90, 1e-12));
  // A zero value is the limit of the formula: other = 0 → −50 %, reference = 0 → +50 %.
  CHECK_THAT(hs::asymmetry_to_reference(AsymmetryIndex::SymmetryAngle, 0.0, 3.0).value, WithinRel(-50, 1e-12));
  CHECK_THAT(hs::asymmetry_to_reference(AsymmetryIndex::SymmetryAngle, 3.0, 0.0).value, WithinRel(50, 1e-12));
}

TEST_CASE("asymmetry: edge cases are NaN with a reason, never inf", "[stats][asymmetry]") {
  auto check_nan = [](AsymmetryIndex i, double o, double r, AsymmetryReason why) {
    const auto v = hs::asymmetry_to_reference(i, o, r);
    CHECK(std::isnan(v.value));
    CHECK(v.reason == why);
    CHECK(std::string(hs::asymmetry_reason_text(why)).size() > 0);
  };
  check_nan(AsymmetryIndex::LimbSymmetryIndex, 5, 0, AsymmetryReason::ZeroReference);
  check_nan(AsymmetryIndex::Ratio, 5, 0, AsymmetryReason::ZeroReference);
  check_nan(AsymmetryIndex::PercentDifferenceReference, 5, 0, AsymmetryReason::ZeroReference);
  check_nan(AsymmetryIndex::SymmetryIndex, 0, 0, AsymmetryReason::BothZero);
  check_nan(AsymmetryIndex::SymmetryAngle, 0, 0, AsymmetryReason::BothZero);
  check_nan(AsymmetryIndex::SymmetryIndex, 5, -5, AsymmetryReason::OppositeSigns);
  check_nan(AsymmetryIndex::LimbSymmetryIndex, -1, 3, AsymmetryReason::OppositeSigns);
  check_nan(AsymmetryIndex::PercentDifferenceMax, std::nan(""), 3, AsymmetryReason::Missing);
  // A zero other value is fine: LSI 0 %, SI −200 %.
  CHECK(hs::asymmetry_to_reference(AsymmetryIndex::LimbSymmetryIndex, 0, 4).value == 0);
  CHECK_THAT(hs::asymmetry_to_reference(AsymmetryIndex::SymmetryIndex, 0, 4).value, WithinRel(-200, 1e-12));
}

TEST_CASE("asymmetry over arrays", "[stats][asymmetry]") {
  Eigen::VectorXd left(3), right(3);
  left << 100, 0, std::nan("");
  right << 80, 0, 50;
  const auto v = hs::asymmetry(AsymmetryIndex::LimbSymmetryIndex, left, right, Side::Left);
  CHECK_THAT(v.value[0], WithinRel(80, 1e-12));
  CHECK(v.reason[1] == AsymmetryReason::BothZero);
  CHECK(v.reason[2] == AsymmetryReason::Missing);
  Eigen::VectorXd shorter(2);
  shorter << 1, 2;
  CHECK(hipmech::test::thrown_argument(
            [&] { hs::asymmetry(AsymmetryIndex::Ratio, left, shorter, Side::Left); }) == "right");
  right[0] = std::numeric_limits<double>::infinity();
  CHECK(hipmech::test::thrown_argument(
            [&] { hs::asymmetry(AsymmetryIndex::Ratio, left, right, Side::Left); }) == "right");
}
