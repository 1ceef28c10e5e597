// Force-plate events on synthetic plates with a known answer: a vertical-force profile that
// first exceeds 20 N at a chosen analog sample and first falls back below it at another, so
// the strike and off samples (and frames, sample / 10 at 1000 Hz analog and 100 Hz markers) are
// known; feet placed on known plates. Then every rejection reason and bad input, and the
// pyCGM stair trial (validation data) against Zeni events.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "hipmech/events.hpp"
#include "hipmech/io.hpp"

namespace ev = hipmech::events;
namespace io = hipmech::io;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using hipmech::Side;

namespace {
constexpr double kPointRate = 100.0;
constexpr double kAnalogRate = 1000.0;
constexpr Eigen::Index kFrames = 200;
constexpr Eigen::Index kSamples = 2000;
const double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Vertical force of a contact over [begin, end): 25 N at `begin`, rising 100 N per sample
/// to 800 N, symmetric down to 25 N at end - 1, 0 outside. First sample > 20 N: begin; first
/// sample <= 20 N after it: end.
double profile(Eigen::Index s, Eigen::Index begin, Eigen::Index end) {
  if (s < begin || s >= end) return 0.0;
  const double up = 25.0 + 100.0 * static_cast<double>(s - begin);
  const double down = 25.0 + 100.0 * static_cast<double>(end - 1 - s);
  return std::min({800.0, up, down});
}

/// A plate in a Z-up lab spanning x in [x0, x0 + 0.6], y in [-0.3, 0.3] at height z.
io::ForcePlate plate(double x0, double z = 0.0) {
  io::ForcePlate p;
  p.corners_m << x0 + 0.6, 0.3, z, x0, 0.3, z, x0, -0.3, z, x0 + 0.6, -0.3, z;
  p.center_m = p.corners_m.colwise().mean().transpose();
  p.force_n = hipmech::Trajectory::Zero(kSamples, 3);
  p.cop_m = hipmech::Trajectory::Constant(kSamples, 3, kNaN);
  return p;
}

/// Load a contact [begin, end) on `p` with the centre of pressure rolling from `heel` to `toe`.
void load(io::ForcePlate& p, Eigen::Index begin, Eigen::Index end, const Eigen::Vector3d& heel,
          const Eigen::Vector3d& toe) {
  for (Eigen::Index s = std::max<Eigen::Index>(begin, 0); s < std::min(end, kSamples); ++s) {
    p.force_n(s, 2) = profile(s, begin, end);
    const double a = static_cast<double>(s - begin) / static_cast<double>(end - begin);
    if (p.force_n(s, 2) >= 10.0) p.cop_m.row(s) = ((1 - a) * heel + a * toe).transpose();
  }
}

/// Foot markers standing still: heel, toe and (lateral) ankle, `side_y` lateral offset.
void put_foot(io::Trial& t, char side, const Eigen::Vector3d& heel, Eigen::Index from = 0,
              Eigen::Index to = kFrames) {
  const double lateral = side == 'L' ? 0.03 : -0.03;  // ankle marker lateral (Y points left)
  const std::string p(1, side);
  for (const auto& [name, offset] :
       std::vector<std::pair<std::string, Eigen::Vector3d>>{
           {p + "HEE", Eigen::Vector3d(0.0, 0.0, 0.04)},
           {p + "TOE", Eigen::Vector3d(0.2, 0.0, 0.02)},
           {p + "ANK", Eigen::Vector3d(0.05, lateral, 0.08)}}) {
    if (t.find_point(name) < 0) t.set_point(name, hipmech::Trajectory::Constant(kFrames, 3, kNaN));
    t.point(name).values.middleRows(from, to - from).rowwise() = (heel + offset).transpose();
  }
}

/// Left foot on plate 0 (samples 300-900: frames 30-90), right foot on plate 1 (800-1400:
/// frames 80-140) passing over plate 0 in frames 45-65; plate 2 loaded from the first sample
/// (strike not observed); plate 3 loaded with no foot near (a hand, a bag).
io::Trial walk() {
  io::Trial t;
  t.point_rate_hz = kPointRate;
  t.analog.rate_hz = kAnalogRate;
  const Eigen::Vector3d lheel(0.6, 0.1, 0.0), rheel(1.2, -0.1, 0.0);
  put_foot(t, 'L', lheel);
  put_foot(t, 'R', rheel);
  put_foot(t, 'R', Eigen::Vector3d(0.7, -0.1, 0.03), 45, 66);  // swing over plate 0
  t.force_plates = {plate(0.4), plate(1.0), plate(1.6), plate(2.2)};
  load(t.force_plates[0], 300, 900, lheel, lheel + Eigen::Vector3d(0.2, 0, 0));
  load(t.force_plates[0], 100, 103, lheel, lheel);  // a 3 ms spike: noise
  load(t.force_plates[1], 800, 1400, rheel, rheel + Eigen::Vector3d(0.2, 0, 0));
  load(t.force_plates[2], -50, 150, Eigen::Vector3d(1.9, 0, 0), Eigen::Vector3d(1.9, 0, 0));
  load(t.force_plates[3], 1000, 1300, Eigen::Vector3d(2.5, 0, 0), Eigen::Vector3d(2.5, 0, 0));
  return t;
}

struct Expected {
  Side side;
  ev::EventKind kind;
  Eigen::Index frame;
  std::string source;
};

void check_walk_events(const ev::ForcePlateEvents& r) {
  const std::vector<Expected> expected{
      {Side::Left, ev::EventKind::FootStrike, 30, "force_plate:0"},
      {Side::Right, ev::EventKind::FootStrike, 80, "force_plate:1"},
      {Side::Left, ev::EventKind::FootOff, 90, "force_plate:0"},
      {Side::Right, ev::EventKind::FootOff, 140, "force_plate:1"}};
  REQUIRE(r.events.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CHECK(r.events[i].side == expected[i].side);
    CHECK(r.events[i].kind == expected[i].kind);
    CHECK(r.events[i].frame == expected[i].frame);
    CHECK_THAT(r.events[i].time_s, WithinAbs(static_cast<double>(expected[i].frame) / 100.0, 1e-12));
    CHECK(r.events[i].source == expected[i].source);
  }
  REQUIRE(r.contacts.size() == 2);
  const ev::PlateContact& c = r.contacts[0];
  CHECK(c.begin_sample == 300);
  CHECK(c.end_sample == 900);
  CHECK_THAT(c.strike_time_s, WithinAbs(0.3, 1e-12));
  CHECK_THAT(c.off_time_s, WithinAbs(0.9, 1e-12));
  CHECK_THAT(c.peak_force_n, WithinAbs(800.0, 1e-12));
  CHECK(c.cop_distance_m[0] < 0.01);   // the centre of pressure runs along the left foot
  CHECK(c.cop_distance_m[1] > 0.15);   // the right foot is on plate 1 most of the time
  REQUIRE(r.rejected.size() == 2);
  CHECK(r.rejected[0].contact.plate == 2);
  CHECK(r.rejected[0].reason == ev::ContactRejection::StrikeNotObserved);
  CHECK(r.rejected[1].contact.plate == 3);
  CHECK(r.rejected[1].reason == ev::ContactRejection::NoFootNearCop);
  CHECK_THAT(r.rejected[1].message, ContainsSubstring("0.15 m"));
}
}  // namespace

TEST_CASE("force-plate events of a synthetic walk with known strike and off samples",
          "[events][force_plate]") {
  check_walk_events(ev::from_force_plates(walk()));
}

TEST_CASE("force-plate events do not depend on the lab's axes", "[events][force_plate]") {
  // The same walk in a Y-up, X-forward lab (OpenSim's): (x, y, z) -> (x, z, -y).
  io::Trial t = walk();
  auto turn = [](hipmech::Trajectory& a) {
    const hipmech::Trajectory b = a;
    a.col(1) = b.col(2);
    a.col(2) = -b.col(1);
  };
  for (auto& p : t.points) turn(p.values);
  for (auto& p : t.force_plates) {
    turn(p.force_n);
    turn(p.cop_m);
    hipmech::Trajectory c = p.corners_m;
    turn(c);
    p.corners_m = c;
  }
  t.lab_axes = hipmech::LabAxes("Y", "X");
  check_walk_events(ev::from_force_plates(t));
}

TEST_CASE("force-plate options: threshold and minimum contact", "[events][force_plate]") {
  const io::Trial t = walk();
  ev::ForcePlateEventOptions o;
  o.threshold_n = 900.0;  // above the 800 N peak: no contact
  CHECK(ev::from_force_plates(t, o).events.empty());
  o.threshold_n = 20.0;
  o.min_contact_s = 0.0;  // the 3-sample spike becomes a left contact at frame 10
  const auto r = ev::from_force_plates(t, o);
  REQUIRE(r.contacts.size() == 3);
  CHECK(r.contacts[0].begin_sample == 100);
  CHECK(r.contacts[0].end_sample == 103);
  CHECK(r.events.front().frame == 10);
  // A threshold of 500 N: the ramp crosses it 5 samples later (25 + 100 * 5 = 525 > 500).
  o.threshold_n = 500.0;
  o.min_contact_s = 0.05;
  const auto h = ev::from_force_plates(t, o);
  REQUIRE(!h.contacts.empty());
  CHECK(h.contacts[0].begin_sample == 305);
  CHECK(h.contacts[0].end_sample == 895);
}

TEST_CASE("force-plate contacts that cannot be trusted are rejected with the reason",
          "[events][force_plate]") {
  SECTION("both feet standing on one plate") {
    io::Trial t = walk();
    put_foot(t, 'R', Eigen::Vector3d(0.6, -0.1, 0.0));  // right foot beside the left, always
    const auto r = ev::from_force_plates(t);
    bool found = false;
    for (const auto& x : r.rejected) {
      if (x.contact.plate == 0) {
        found = true;
        CHECK(x.reason == ev::ContactRejection::BothFeet);
        CHECK_THAT(x.message, ContainsSubstring("right foot is also on the plate"));
      }
    }
    CHECK(found);
  }
  SECTION("the centre of pressure moves from one foot to the other") {
    io::Trial t = walk();
    io::ForcePlate& p = t.force_plates[0];
    // Left heel first, then the right foot (stepping onto the same plate at y = -0.1).
    for (Eigen::Index s = 600; s < 900; ++s) p.cop_m.row(s) << 0.75, -0.1, 0.0;
    put_foot(t, 'R', Eigen::Vector3d(0.7, -0.1, 0.0), 60, kFrames);
    const auto r = ev::from_force_plates(t);
    REQUIRE(!r.rejected.empty());
    CHECK(r.rejected.front().contact.plate == 0);
    CHECK(r.rejected.front().reason == ev::ContactRejection::BothFeet);
    CHECK_THAT(r.rejected.front().message, ContainsSubstring("left foot at the start"));
  }
  SECTION("foot markers missing throughout the contact") {
    io::Trial t = walk();
    for (const char* m : {"LHEE", "LTOE", "LANK"}) t.point(m).values.setConstant(kNaN);
    const auto r = ev::from_force_plates(t);
    CHECK(r.rejected.front().reason == ev::ContactRejection::MissingMarkers);
    CHECK_THAT(r.rejected.front().message, ContainsSubstring("LHEE, LTOE, LANK"));
  }
  SECTION("no centre of pressure") {
    io::Trial t = walk();
    t.force_plates[0].cop_m.setConstant(kNaN);
    const auto r = ev::from_force_plates(t);
    CHECK(r.rejected.front().reason == ev::ContactRejection::NoCenterOfPressure);
  }
  SECTION("off not observed, and a NaN next to a contact") {
    io::Trial t = walk();
    load(t.force_plates[1], 1900, 2100, Eigen::Vector3d(1.2, -0.1, 0), Eigen::Vector3d(1.4, -0.1, 0));
    t.force_plates[0].force_n(299, 2) = kNaN;  // the sample before the left strike is missing
    const auto r = ev::from_force_plates(t);
    std::vector<ev::ContactRejection> reasons;
    for (const auto& x : r.rejected) reasons.push_back(x.reason);
    CHECK(std::count(reasons.begin(), reasons.end(), ev::ContactRejection::OffNotObserved) == 1);
    CHECK(std::count(reasons.begin(), reasons.end(), ev::ContactRejection::StrikeNotObserved) == 2);
    // The rejected contact still names its foot when the markers could tell.
    for (const auto& x : r.rejected) {
      if (x.contact.plate == 0) CHECK((x.contact.side_known && x.contact.side == Side::Left));
    }
  }
}

TEST_CASE("force-plate events reject bad input", "[events][force_plate]") {
  const io::Trial t = walk();
  SECTION("no force plates") {
    io::Trial u = t;
    u.force_plates.clear();
    CHECK_THROWS_WITH(ev::from_force_plates(u), ContainsSubstring("force_plates"));
  }
  SECTION("bad thresholds and durations") {
    for (double v : {0.0, -20.0, kNaN}) {
      ev::ForcePlateEventOptions o;
      o.threshold_n = v;
      CHECK_THROWS_AS(ev::from_force_plates(t, o), hipmech::InvalidArgument);
    }
    ev::ForcePlateEventOptions o;
    o.min_contact_s = -0.1;
    CHECK_THROWS_AS(ev::from_force_plates(t, o), hipmech::InvalidArgument);
    o = {};
    o.max_cop_distance_m = 0.0;
    CHECK_THROWS_AS(ev::from_force_plates(t, o), hipmech::InvalidArgument);
  }
  SECTION("missing foot markers are listed with the markers available") {
    ev::ForcePlateEventOptions o;
    o.left_foot = {"LHEEL", "LTOE"};
    try {
      ev::from_force_plates(t, o);
      FAIL("no exception");
    } catch (const hipmech::InvalidArgument& e) {
      CHECK(e.argument() == "markers");
      CHECK_THAT(std::string(e.what()), ContainsSubstring("'LHEEL'") && ContainsSubstring("'LHEE'"));
    }
  }
  SECTION("a rate of zero") {
    io::Trial u = t;
    u.analog.rate_hz = 0.0;
    CHECK_THROWS_AS(ev::from_force_plates(u), hipmech::InvalidArgument);
  }
  SECTION("force and centre of pressure of different lengths") {
    io::Trial u = t;
    u.force_plates[1].cop_m.conservativeResize(10, 3);
    CHECK_THROWS_WITH(ev::from_force_plates(u), ContainsSubstring("force_plates[1].cop_m"));
  }
}

TEST_CASE("events from the file's EVENT group", "[events][file]") {
  io::Trial t;
  t.point_rate_hz = 100.0;
  t.first_frame = 11;  // the first row is capture frame 11: t = 0.10 s
  t.n_frames_without_points = 100;
  t.events = {{"Foot Strike", "Left", "", "", 0.25, 0, 0},   // row 25 - 10 = 15
              {"Foot Off", "right", "", "", 0.50, 0, 0},     // row 40
              {"Event", "General", "", "", 0.30, 0, 0},      // not a gait event
              {"Foot Strike", "General", "", "", 0.30, 0, 0},  // no side
              {"Foot Strike", "Right", "", "", 0.05, 0, 0},  // before the first row
              {"Heel Strike", "R", "", "", 0.124, 0, 0}};    // row round(12.4) - 10 = 2
  const auto r = ev::from_trial_events(t);
  REQUIRE(r.events.size() == 3);
  CHECK((r.events[0].frame == 2 && r.events[0].side == Side::Right));
  CHECK((r.events[1].frame == 15 && r.events[1].kind == ev::EventKind::FootStrike));
  CHECK((r.events[2].frame == 40 && r.events[2].kind == ev::EventKind::FootOff));
  CHECK_THAT(r.events[1].time_s, WithinAbs(0.15, 1e-12));
  CHECK(r.events[1].source == "file");
  REQUIRE(r.skipped.size() == 3);
  CHECK_THAT(r.skipped[2].reason, ContainsSubstring("outside the trial"));
  io::Trial u = t;
  u.point_rate_hz = 0.0;
  REQUIRE_THROWS_AS(ev::from_trial_events(u), hipmech::InvalidArgument);
}

TEST_CASE("force-plate and Zeni events of the pyCGM stair trial", "[events][validation]") {
  // ../shared/validation/README.md: stair descent on 4 type-2 plates, 120 Hz markers, 1080 Hz
  // analog, progression along -X; the file's EVENT group is empty (EVENT:USED = 0).
  const std::filesystem::path file =
      std::filesystem::path(HIPMECH_VALIDATION_DIR) / "pycgm_pig_stair" / "Movement_trial.c3d";
  if (!std::filesystem::exists(file)) SKIP("validation data not found at " << file.string());
  const io::Trial t = io::read_c3d(file.string());
  CHECK(ev::from_trial_events(t).events.empty());
  const auto fp = ev::from_force_plates(t);
  // Three whole contacts (plates 3, 2, 1: right, left, right, stepping down) and the last one
  // on plate 0 still loaded at the end of the trial.
  REQUIRE(fp.contacts.size() == 3);
  CHECK((fp.contacts[0].plate == 1 && fp.contacts[0].side == Side::Right));
  CHECK((fp.contacts[1].plate == 2 && fp.contacts[1].side == Side::Left));
  CHECK((fp.contacts[2].plate == 3 && fp.contacts[2].side == Side::Right));
  REQUIRE(fp.rejected.size() == 1);
  CHECK(fp.rejected[0].contact.plate == 0);
  CHECK(fp.rejected[0].reason == ev::ContactRejection::OffNotObserved);
  CHECK((fp.rejected[0].contact.side_known && fp.rejected[0].contact.side == Side::Left));
  // Zeni with the progression estimated from the PSIs (no SACR): along -X.
  const auto zeni = ev::from_kinematics(t);
  CHECK(zeni.progression.x() < -0.99);
  // Each force-plate event against the nearest Zeni event of the same foot and kind. Measured
  // (120 Hz frames): foot offs 4-5 frames early, foot strikes 11-15 frames early: on stairs the
  // heel reaches its most anterior position before the forefoot lands (Zeni et al. validated
  // level walking).
  for (const auto& e : fp.events) {
    Eigen::Index best = 1000;
    for (const auto& z : zeni.events) {
      if (z.side == e.side && z.kind == e.kind && std::abs(z.frame - e.frame) < std::abs(best)) {
        best = z.frame - e.frame;
      }
    }
    INFO("force plate " << e.source << " frame " << e.frame);
    if (e.kind == ev::EventKind::FootOff) {
      CHECK((best <= -3 && best >= -6));
    } else {
      CHECK((best <= -10 && best >= -16));
    }
  }
}
