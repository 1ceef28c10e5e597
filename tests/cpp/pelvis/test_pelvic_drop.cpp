// Contralateral pelvic drop per stance (include/hipmech/pelvis/pelvic_drop.hpp).
//
// Expected values: a synthetic obliquity curve made of two Gaussian bumps whose peaks, frames
// and midstance values are known in closed form, with hand-placed gait events.
#include <cmath>
#include <limits>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "hipmech/pelvis/pelvic_drop.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using hipmech::InvalidArgument;
using hipmech::Series;
using hipmech::Side;
using hipmech::events::EventKind;
using hipmech::events::GaitEvent;
using hipmech::events::Window;
using hipmech::pelvis::contralateral_drop;
using hipmech::pelvis::drop_windows;
using hipmech::pelvis::DropOptions;
using hipmech::pelvis::Midstance;
using hipmech::pelvis::StanceDrop;
using hipmech::pelvis::static_obliquity;

namespace {

constexpr double kDeg = 3.14159265358979323846 / 180.0;
const double nan_value = std::numeric_limits<double>::quiet_NaN();
constexpr double kLeftPeak = 8 * kDeg;   // left stance: the right side drops 8 deg at frame 40
constexpr double kRightPeak = 3 * kDeg;  // right stance: the left side drops 3 deg at frame 100

/// Obliquity of the LEFT side: positive bump (left higher = right dropped) during the left
/// stance, negative bump (left lower) during the right stance.
double left_obliquity(double f) {
  return kLeftPeak * std::exp(-std::pow((f - 40.0) / 8.0, 2)) -
         kRightPeak * std::exp(-std::pow((f - 100.0) / 8.0, 2));
}

Series curve(Eigen::Index n) {
  Series s(n);
  for (Eigen::Index f = 0; f < n; ++f) s[f] = left_obliquity(static_cast<double>(f));
  return s;
}

GaitEvent ev(Side side, EventKind kind, Eigen::Index frame) {
  GaitEvent e;
  e.side = side;
  e.kind = kind;
  e.frame = frame;
  return e;
}

/// Walking: left stance [10, 80) with single support [22, 70); right stance [70, 141) with
/// single support [80, 130). The last left strike (130) has no foot off: not a stance.
std::vector<GaitEvent> walking_events() {
  return {ev(Side::Left, EventKind::FootStrike, 10), ev(Side::Right, EventKind::FootOff, 22),
          ev(Side::Right, EventKind::FootStrike, 70), ev(Side::Left, EventKind::FootOff, 80),
          ev(Side::Left, EventKind::FootStrike, 130), ev(Side::Right, EventKind::FootOff, 141)};
}

}  // namespace

TEST_CASE("drop_windows finds stances and single support for walking and running",
          "[pelvis][drop]") {
  SECTION("walking") {
    const auto w = drop_windows(walking_events());
    REQUIRE(w.stances.size() == 2);
    CHECK((w.stances[0].side == Side::Left && w.stances[0].begin == 10 && w.stances[0].end == 80));
    CHECK((w.stances[1].side == Side::Right && w.stances[1].begin == 70 && w.stances[1].end == 141));
    REQUIRE(w.single_support.size() == 2);
    CHECK((w.single_support[0].begin == 22 && w.single_support[0].end == 70));
    CHECK((w.single_support[1].begin == 80 && w.single_support[1].end == 130));
  }
  SECTION("running: no double support, single support is the whole stance") {
    const std::vector<GaitEvent> run = {
        ev(Side::Right, EventKind::FootOff, 5),    ev(Side::Left, EventKind::FootStrike, 10),
        ev(Side::Left, EventKind::FootOff, 40),    ev(Side::Right, EventKind::FootStrike, 55),
        ev(Side::Right, EventKind::FootOff, 85),   ev(Side::Left, EventKind::FootStrike, 100),
        ev(Side::Left, EventKind::FootOff, 130)};
    const auto w = drop_windows(run);
    REQUIRE(w.stances.size() == 3);  // left 10-40, left 100-130, right 55-85
    // The last left stance has no single support: the right foot's swing from 85 has no
    // observed strike (the trial ends), so nothing is assumed about it.
    REQUIRE(w.single_support.size() == 2);
    CHECK((w.single_support[0].side == Side::Left && w.single_support[0].begin == 10 &&
           w.single_support[0].end == 40));
    CHECK((w.single_support[1].side == Side::Right && w.single_support[1].begin == 55 &&
           w.single_support[1].end == 85));
  }
}

TEST_CASE("contralateral_drop reports peak, timing and midstance per stance", "[pelvis][drop]") {
  const Series obl = curve(200);
  DropOptions options;
  options.trendelenburg_threshold_rad = 5 * kDeg;
  const std::vector<StanceDrop> d = contralateral_drop(obl, Side::Left, walking_events(), options);
  REQUIRE(d.size() == 2);

  // Left stance [10, 80): drop = left obliquity; peak at frame 40 (the bump's centre).
  CHECK(d[0].side == Side::Left);
  CHECK(d[0].peak_frame == 40);
  CHECK_THAT(d[0].peak_rad, WithinAbs(left_obliquity(40), 1e-15));
  CHECK_THAT(d[0].peak_percent_stance, WithinAbs(100.0 * 30.0 / 70.0, 1e-12));
  // Midstance = middle of single support [22, 70): frame 46.
  CHECK_THAT(d[0].midstance_frame, WithinAbs(46.0, 0.0));
  CHECK_THAT(d[0].midstance_rad, WithinAbs(left_obliquity(46), 1e-15));
  CHECK_THAT(d[0].midstance_percent_stance, WithinAbs(100.0 * 36.0 / 70.0, 1e-12));
  CHECK(d[0].trendelenburg == true);
  CHECK(d[0].note.empty());

  // Right stance [70, 141): drop = -left obliquity; peak at frame 100.
  CHECK(d[1].side == Side::Right);
  CHECK(d[1].peak_frame == 100);
  CHECK_THAT(d[1].peak_rad, WithinAbs(-left_obliquity(100), 1e-15));
  CHECK_THAT(d[1].peak_rad, WithinAbs(kRightPeak, 1e-12));
  CHECK_THAT(d[1].peak_percent_stance, WithinAbs(100.0 * 30.0 / 71.0, 1e-12));
  CHECK_THAT(d[1].midstance_rad, WithinAbs(-left_obliquity(105), 1e-15));
  CHECK(d[1].trendelenburg == false);

  // The same answer from the right side's obliquity (minus the left's).
  const Series right_obl = -obl;
  const auto d_right = contralateral_drop(right_obl, Side::Right, walking_events(), options);
  CHECK_THAT(d_right[0].peak_rad, WithinAbs(d[0].peak_rad, 0.0));
  CHECK_THAT(d_right[1].midstance_rad, WithinAbs(d[1].midstance_rad, 0.0));
}

TEST_CASE("contralateral_drop at 50 % of stance interpolates between frames", "[pelvis][drop]") {
  DropOptions options;
  options.midstance = Midstance::HalfStance;
  const auto d = contralateral_drop(curve(200), Side::Left, walking_events(), options);
  CHECK_THAT(d[0].midstance_frame, WithinAbs(45.0, 0.0));
  CHECK_THAT(d[0].midstance_percent_stance, WithinAbs(50.0, 1e-12));
  CHECK_THAT(d[0].midstance_rad, WithinAbs(left_obliquity(45), 1e-15));
  // Right stance [70, 141): 50 % at frame 105.5, halfway between frames 105 and 106.
  CHECK_THAT(d[1].midstance_frame, WithinAbs(105.5, 0.0));
  CHECK_THAT(d[1].midstance_rad,
             WithinAbs(-0.5 * (left_obliquity(105) + left_obliquity(106)), 1e-15));
  CHECK_FALSE(d[1].trendelenburg.has_value());  // no threshold given
}

TEST_CASE("contralateral_drop subtracts a static-trial offset", "[pelvis][drop]") {
  Series standing(50);
  standing.setConstant(1 * kDeg);
  standing[7] = nan_value;  // a missing frame is ignored
  const double offset = static_obliquity(standing);
  CHECK_THAT(offset, WithinAbs(1 * kDeg, 1e-15));
  DropOptions options;
  options.static_obliquity_rad = offset;
  const auto d = contralateral_drop(curve(200), Side::Left, walking_events(), options);
  CHECK_THAT(d[0].peak_rad, WithinAbs(left_obliquity(40) - offset, 1e-15));
  // The right stance's drop is minus the left obliquity: the offset enters with a + sign.
  CHECK_THAT(d[1].peak_rad, WithinAbs(-left_obliquity(100) + offset, 1e-15));
}

TEST_CASE("contralateral_drop reports NaN with a note, never drops a stance", "[pelvis][drop]") {
  Series obl = curve(200);
  obl[50] = nan_value;   // inside the left single support [22, 70), not at midstance (46)
  obl[105] = nan_value;  // the right stance's midstance frame
  const auto d = contralateral_drop(obl, Side::Left, walking_events());
  REQUIRE(d.size() == 2);
  CHECK(std::isnan(d[0].peak_rad));
  CHECK(d[0].peak_frame == -1);
  CHECK(std::isnan(d[0].peak_percent_stance));
  CHECK_THAT(d[0].note, ContainsSubstring("1 of 48 single-support frames missing") &&
                            ContainsSubstring("frame 50"));
  CHECK_THAT(d[0].midstance_rad, WithinAbs(left_obliquity(46), 1e-15));
  // Frame 105 is both the right stance's midstance and inside its single support [80, 130).
  CHECK(std::isnan(d[1].peak_rad));
  CHECK(std::isnan(d[1].midstance_rad));
  CHECK_THAT(d[1].note, ContainsSubstring("peak: 1 of 50 single-support frames missing") &&
                            ContainsSubstring("midstance: frame 105 missing"));

  // A stance without any event of the other foot: no single support, said so.
  const std::vector<GaitEvent> lonely = {ev(Side::Left, EventKind::FootStrike, 10),
                                         ev(Side::Left, EventKind::FootOff, 60)};
  const auto e = contralateral_drop(curve(200), Side::Left, lonely);
  REQUIRE(e.size() == 1);
  CHECK(std::isnan(e[0].peak_rad));
  CHECK(std::isnan(e[0].midstance_rad));
  CHECK(e[0].single_support.size() == 0);
  CHECK_THAT(e[0].note, ContainsSubstring("no single-limb support"));
}

TEST_CASE("contralateral_drop with explicit windows clips single support to the stance",
          "[pelvis][drop]") {
  const std::vector<Window> stances = {{Side::Left, 10, 80}};
  const std::vector<Window> sls = {{Side::Left, 30, 95}, {Side::Right, 0, 200}};
  const auto d = contralateral_drop(curve(200), Side::Left, stances, sls);
  REQUIRE(d.size() == 1);
  CHECK(d[0].single_support.begin == 30);
  CHECK(d[0].single_support.end == 80);
  CHECK(d[0].peak_frame == 40);
  CHECK_THAT(d[0].midstance_frame, WithinAbs(55.0, 0.0));
}

TEST_CASE("contralateral_drop rejects bad input", "[pelvis][drop]") {
  const Series obl = curve(100);
  const std::vector<Window> none;
  SECTION("window past the end") {
    const std::vector<Window> bad = {{Side::Left, 10, 101}};
    REQUIRE_THROWS_AS(contralateral_drop(obl, Side::Left, bad, none), InvalidArgument);
    REQUIRE_THROWS_WITH(contralateral_drop(obl, Side::Left, bad, none),
                        ContainsSubstring("stances[0]") && ContainsSubstring("[10, 101)"));
  }
  SECTION("empty single-support window") {
    const std::vector<Window> ok = {{Side::Left, 10, 50}};
    const std::vector<Window> bad = {{Side::Left, 20, 20}};
    REQUIRE_THROWS_WITH(contralateral_drop(obl, Side::Left, ok, bad),
                        ContainsSubstring("single_support[0]"));
  }
  SECTION("event past the end") {
    const std::vector<GaitEvent> bad = {ev(Side::Left, EventKind::FootStrike, 100)};
    REQUIRE_THROWS_WITH(contralateral_drop(obl, Side::Left, bad), ContainsSubstring("events[0]"));
  }
  SECTION("negative event frame") {
    const std::vector<GaitEvent> bad = {ev(Side::Left, EventKind::FootStrike, -1)};
    REQUIRE_THROWS_AS(drop_windows(bad), InvalidArgument);
  }
  SECTION("infinity in the obliquity") {
    Series bad = obl;
    bad[3] = std::numeric_limits<double>::infinity();
    REQUIRE_THROWS_WITH(contralateral_drop(bad, Side::Left, none, none),
                        ContainsSubstring("obliquity"));
  }
  SECTION("non-finite static offset") {
    DropOptions o;
    o.static_obliquity_rad = nan_value;
    REQUIRE_THROWS_WITH(contralateral_drop(obl, Side::Left, none, none, o),
                        ContainsSubstring("static_obliquity_rad"));
  }
  SECTION("static trial all missing") {
    REQUIRE_THROWS_AS(static_obliquity(Series::Constant(4, nan_value)), InvalidArgument);
  }
}

TEST_CASE("contralateral_drop refuses obliquity in degrees (issue 19)", "[pelvis][drop]") {
  // A pelvis is never tilted 90 deg sideways: 6.0 is degrees, not 6 rad. An OpenSim table keeps
  // its degrees (io::Table::in_degrees); before this check the drop came out in degrees under a
  // name in radians, and a Trendelenburg threshold of 5 (deg) never flagged anyone.
  hipmech::Series obliquity_deg = hipmech::Series::Constant(50, 6.0);
  const std::vector<hipmech::events::Window> stances{{Side::Left, 10, 40}};
  const std::vector<hipmech::events::Window> single{{Side::Left, 15, 35}};
  REQUIRE_THROWS_WITH(contralateral_drop(obliquity_deg, Side::Left, stances, single),
                      ContainsSubstring("obliquity") && ContainsSubstring("degrees"));
  REQUIRE_THROWS_WITH(hipmech::pelvis::static_obliquity(obliquity_deg),
                      ContainsSubstring("degrees"));
  hipmech::pelvis::DropOptions o;
  o.trendelenburg_threshold_rad = 5.0;
  const hipmech::Series obliquity_rad = obliquity_deg * (3.14159265358979323846 / 180.0);
  REQUIRE_THROWS_WITH(contralateral_drop(obliquity_rad, Side::Left, stances, single, o),
                      ContainsSubstring("trendelenburg_threshold_rad"));
  o.trendelenburg_threshold_rad = 5.0 * 3.14159265358979323846 / 180.0;
  CHECK(contralateral_drop(obliquity_rad, Side::Left, stances, single, o).size() == 1);
}
