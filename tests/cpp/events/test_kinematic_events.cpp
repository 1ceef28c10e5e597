// Zeni et al. (2008) events on synthetic trajectories with known extremes: the heel and toe
// move sinusoidally relative to a sacrum that walks along -X at 1.2 m/s (as the pyCGM stair
// trial does), stride 1 s at 100 Hz. Heel - sacrum along progression = 0.3 sin(2 pi t): maxima
// (left foot strikes) at t = 0.25 + k s -> frames 25, 125, 225, 325. Toe - sacrum =
// 0.3 sin(2 pi (t - 0.1)): minima (left foot offs) at t = 0.85 + k -> frames 85, 185, 285, 385.
// The right foot is half a stride later: strikes 75, 175, 275, 375; offs 35, 135, 235, 335.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "hipmech/events.hpp"
#include "hipmech/io/trial.hpp"

namespace ev = hipmech::events;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using hipmech::Side;
using Idx = std::vector<Eigen::Index>;

namespace {
constexpr double kRate = 100.0;
constexpr Eigen::Index kFrames = 400;
const double kPi = std::acos(-1.0);

hipmech::io::Trial zeni_trial(bool psis = false) {
  hipmech::io::Trial t;
  t.point_rate_hz = kRate;
  hipmech::Trajectory sacr(kFrames, 3), lhee(kFrames, 3), ltoe(kFrames, 3), rhee(kFrames, 3),
      rtoe(kFrames, 3);
  for (Eigen::Index f = 0; f < kFrames; ++f) {
    const double time = static_cast<double>(f) / kRate;
    const double x = 3.0 - 1.2 * time;  // walking along -X
    sacr.row(f) << x, 0.0, 1.0;
    // Position along progression (-X) relative to the sacrum: lab x = x_sacrum - relative.
    auto rel = [&](double phase_s) { return 0.3 * std::sin(2 * kPi * (time - phase_s)); };
    lhee.row(f) << x - rel(0.0), 0.1, 0.05 + 0.02 * std::cos(2 * kPi * time);
    ltoe.row(f) << x - rel(0.1), 0.1, 0.03;
    rhee.row(f) << x - rel(0.5), -0.1, 0.05;
    rtoe.row(f) << x - rel(0.6), -0.1, 0.03;
  }
  if (psis) {
    t.set_point("LPSI", sacr.rowwise() + Eigen::RowVector3d(0.0, 0.05, 0.0));
    t.set_point("RPSI", sacr.rowwise() + Eigen::RowVector3d(0.0, -0.05, 0.0));
  } else {
    t.set_point("SACR", sacr);
  }
  t.set_point("LHEE", lhee);
  t.set_point("LTOE", ltoe);
  t.set_point("RHEE", rhee);
  t.set_point("RTOE", rtoe);
  return t;
}

Idx frames(const std::vector<ev::GaitEvent>& e, Side side, ev::EventKind kind) {
  Idx out;
  for (const auto& x : e) {
    if (x.side == side && x.kind == kind) out.push_back(x.frame);
  }
  return out;
}
}  // namespace

TEST_CASE("Zeni events land on the known extremes", "[events][zeni]") {
  for (const bool psis : {false, true}) {
    const auto r = ev::from_kinematics(zeni_trial(psis));
    CHECK_THAT(r.progression.x(), WithinAbs(-1.0, 1e-12));  // estimated: walking along -X
    CHECK(frames(r.events, Side::Left, ev::EventKind::FootStrike) == Idx{25, 125, 225, 325});
    CHECK(frames(r.events, Side::Left, ev::EventKind::FootOff) == Idx{85, 185, 285, 385});
    CHECK(frames(r.events, Side::Right, ev::EventKind::FootStrike) == Idx{75, 175, 275, 375});
    CHECK(frames(r.events, Side::Right, ev::EventKind::FootOff) == Idx{35, 135, 235, 335});
    REQUIRE(r.events.size() == 16);
    CHECK(r.events.front().frame == 25);
    CHECK_THAT(r.events.front().time_s, WithinAbs(0.25, 1e-15));
    CHECK(r.events.front().source == "zeni");
  }
}

TEST_CASE("Zeni progression: lab forward against the walking direction swaps the extremes",
          "[events][zeni]") {
  const hipmech::io::Trial t = zeni_trial();
  ev::ZeniOptions o;
  o.progression = ev::ProgressionSource::Given;
  o.progression_direction = Eigen::Vector3d(-2.0, 0.0, 0.0);  // any length
  CHECK(frames(ev::from_kinematics(t, o).events, Side::Left, ev::EventKind::FootStrike) ==
        Idx{25, 125, 225, 325});
  // The lab's +X is backwards here: the heel maxima become the minima, at t = 0.75 + k.
  o.progression = ev::ProgressionSource::LabForward;
  CHECK(frames(ev::from_kinematics(t, o).events, Side::Left, ev::EventKind::FootStrike) ==
        Idx{75, 175, 275, 375});
}

TEST_CASE("Zeni handles missing markers frame by frame", "[events][zeni]") {
  hipmech::io::Trial t = zeni_trial();
  const double kNaN = std::numeric_limits<double>::quiet_NaN();
  // The heel is occluded around the strike at 125: that strike is not observed; a gap far from
  // an extreme changes nothing.
  t.point("LHEE").values.middleRows(124, 3).setConstant(kNaN);
  t.point("LHEE").values.middleRows(50, 5).setConstant(kNaN);
  t.point("SACR").values.row(0).setConstant(kNaN);  // progression from the first observed frame
  const auto r = ev::from_kinematics(t);
  CHECK(frames(r.events, Side::Left, ev::EventKind::FootStrike) == Idx{25, 225, 325});
  CHECK(frames(r.events, Side::Right, ev::EventKind::FootStrike) == Idx{75, 175, 275, 375});
}

TEST_CASE("Zeni min separation thins close extremes", "[events][zeni]") {
  hipmech::io::Trial t = zeni_trial();
  // The left heel jumps 0.5 m forward (-X) at frame 135 (a marker swap): relative position
  // 0.3 sin(2 pi 1.35) + 0.5 = 0.743 m, a spurious maximum 10 frames after the true one (0.3).
  t.point("LHEE").values(135, 0) -= 0.5;
  ev::ZeniOptions o;
  o.min_separation_s = 0.0;
  CHECK(frames(ev::from_kinematics(t, o).events, Side::Left, ev::EventKind::FootStrike) ==
        Idx{25, 125, 135, 225, 325});
  // Within 0.3 s only the larger extreme stays (the spike: a reason to clean markers first).
  o.min_separation_s = 0.3;
  CHECK(frames(ev::from_kinematics(t, o).events, Side::Left, ev::EventKind::FootStrike) ==
        Idx{25, 135, 225, 325});
}

TEST_CASE("Zeni rejects bad input", "[events][zeni]") {
  const hipmech::io::Trial t = zeni_trial();
  SECTION("missing markers are listed with the markers available") {
    hipmech::io::Trial u = t;
    u.points.erase(u.points.begin() + u.find_point("LHEE"));
    try {
      ev::from_kinematics(u);
      FAIL("no exception");
    } catch (const hipmech::InvalidArgument& e) {
      CHECK(e.argument() == "markers");
      CHECK_THAT(e.what(), ContainsSubstring("'LHEE'") && ContainsSubstring("available") &&
                               ContainsSubstring("'RTOE'"));
    }
  }
  SECTION("no sacrum: neither SACR nor LPSI/RPSI") {
    hipmech::io::Trial u = t;
    u.points.erase(u.points.begin() + u.find_point("SACR"));
    CHECK_THROWS_WITH(ev::from_kinematics(u), ContainsSubstring("'LPSI', 'RPSI'"));
  }
  SECTION("a treadmill trial cannot estimate the progression") {
    hipmech::io::Trial u = t;
    u.point("SACR").values.col(0).setConstant(0.0);
    CHECK_THROWS_AS(ev::from_kinematics(u), hipmech::InvalidArgument);
    ev::ZeniOptions o;
    o.progression = ev::ProgressionSource::LabForward;
    CHECK_NOTHROW(ev::from_kinematics(u, o));
  }
  SECTION("bad options") {
    ev::ZeniOptions o;
    o.min_separation_s = -1.0;
    CHECK_THROWS_AS(ev::from_kinematics(t, o), hipmech::InvalidArgument);
    o = {};
    o.progression = ev::ProgressionSource::Given;
    o.progression_direction.setZero();
    CHECK_THROWS_AS(ev::from_kinematics(t, o), hipmech::InvalidArgument);
    hipmech::io::Trial u = t;
    u.point_rate_hz = 0.0;
    CHECK_THROWS_AS(ev::from_kinematics(u), hipmech::InvalidArgument);
  }
  SECTION("trajectories of different lengths") {
    const hipmech::Trajectory a = hipmech::Trajectory::Zero(10, 3);
    const hipmech::Trajectory b = hipmech::Trajectory::Zero(9, 3);
    CHECK_THROWS_AS(ev::zeni_events(a, a, b, a, a, 100.0, Eigen::Vector3d::UnitX()),
                    hipmech::InvalidArgument);
  }
}
