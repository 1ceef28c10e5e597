// Stance, swing, gait-cycle and single-limb-support windows from a hand-made event sequence
// whose windows follow from the definitions (Perry & Burnfield 2010, ch. 2): a symmetric gait
// at 100 frames per stride, left strike at 0, right off at 10, right strike at 50, left off at
// 60, and so on (stance 60 %, double support 10 % + 10 %).
#include <algorithm>
#include <vector>

#include <catch2/catch_test_macros.hpp>

#include "hipmech/events/windows.hpp"

namespace ev = hipmech::events;
using hipmech::Side;
using ev::EventKind;

namespace {
std::vector<ev::GaitEvent> walk() {
  std::vector<ev::GaitEvent> e;
  for (Eigen::Index k = 0; k < 3; ++k) {
    const Eigen::Index o = 100 * k;
    e.push_back({Side::Left, EventKind::FootStrike, o, 0.0, "test"});
    e.push_back({Side::Right, EventKind::FootOff, o + 10, 0.0, "test"});
    e.push_back({Side::Right, EventKind::FootStrike, o + 50, 0.0, "test"});
    e.push_back({Side::Left, EventKind::FootOff, o + 60, 0.0, "test"});
  }
  return e;  // ends with left off at 260
}

std::vector<std::pair<Eigen::Index, Eigen::Index>> ranges(const std::vector<ev::Window>& w) {
  std::vector<std::pair<Eigen::Index, Eigen::Index>> r;
  for (const auto& x : w) r.emplace_back(x.begin, x.end);
  return r;
}
using R = std::vector<std::pair<Eigen::Index, Eigen::Index>>;
}  // namespace

TEST_CASE("windows of a symmetric walk", "[events][windows]") {
  std::vector<ev::GaitEvent> e = walk();
  std::reverse(e.begin(), e.end());  // any order in, time order inside
  CHECK(ranges(ev::stance_windows(e, Side::Left)) == R{{0, 60}, {100, 160}, {200, 260}});
  CHECK(ranges(ev::stance_windows(e, Side::Right)) == R{{50, 110}, {150, 210}});
  CHECK(ranges(ev::swing_windows(e, Side::Left)) == R{{60, 100}, {160, 200}});
  CHECK(ranges(ev::swing_windows(e, Side::Right)) == R{{10, 50}, {110, 150}, {210, 250}});
  CHECK(ranges(ev::gait_cycles(e, Side::Left)) == R{{0, 100}, {100, 200}});
  CHECK(ranges(ev::gait_cycles(e, Side::Right)) == R{{50, 150}, {150, 250}});
  // Left single support: right off (10) to right strike (50), inside each left stance.
  CHECK(ranges(ev::single_limb_support_windows(e, Side::Left)) == R{{10, 50}, {110, 150}, {210, 250}});
  CHECK(ranges(ev::single_limb_support_windows(e, Side::Right)) == R{{60, 100}, {160, 200}});
  for (const auto& w : ev::stance_windows(e, Side::Right)) {
    CHECK(w.side == Side::Right);
    CHECK(w.size() == 60);
  }
}

TEST_CASE("windows never span a missing event", "[events][windows]") {
  std::vector<ev::GaitEvent> e = walk();
  // Drop the left off at 160: the stance from 100 would run into the strike at 200.
  e.erase(std::remove_if(e.begin(), e.end(),
                         [](const ev::GaitEvent& x) { return x.frame == 160; }),
          e.end());
  CHECK(ranges(ev::stance_windows(e, Side::Left)) == R{{0, 60}, {200, 260}});
  CHECK(ranges(ev::swing_windows(e, Side::Left)) == R{{60, 100}});
  // Strides do not need the off.
  CHECK(ranges(ev::gait_cycles(e, Side::Left)) == R{{0, 100}, {100, 200}});
  // Drop the right strike at 150: no single support in the left stance 100-160 (gone anyway)
  // nor a right stance from 150.
  CHECK(ev::stance_windows({}, Side::Left).empty());
  CHECK(ev::single_limb_support_windows({}, Side::Left).empty());
}

TEST_CASE("single-limb support in running is the whole stance", "[events][windows]") {
  // Running: the other foot's swing spans the stance (flight phases, no double support).
  const std::vector<ev::GaitEvent> run = {{Side::Right, EventKind::FootOff, 5, 0.0, ""},
                                          {Side::Left, EventKind::FootStrike, 10, 0.0, ""},
                                          {Side::Left, EventKind::FootOff, 40, 0.0, ""},
                                          {Side::Right, EventKind::FootStrike, 55, 0.0, ""},
                                          {Side::Right, EventKind::FootOff, 85, 0.0, ""},
                                          {Side::Left, EventKind::FootStrike, 100, 0.0, ""}};
  CHECK(ranges(ev::single_limb_support_windows(run, Side::Left)) == R{{10, 40}});
  CHECK(ranges(ev::single_limb_support_windows(run, Side::Right)) == R{{55, 85}});
}

TEST_CASE("event kinds parse and sort", "[events][windows]") {
  CHECK(ev::parse_event_kind("Foot Strike") == EventKind::FootStrike);
  CHECK(ev::parse_event_kind("foot_off") == EventKind::FootOff);
  CHECK(ev::to_string(EventKind::FootOff) == "foot_off");
  REQUIRE_THROWS_AS(ev::parse_event_kind("heel rise"), hipmech::InvalidArgument);
  const auto s = ev::sorted_events({{Side::Right, EventKind::FootOff, 5, 0.0, ""},
                                    {Side::Left, EventKind::FootOff, 5, 0.0, ""},
                                    {Side::Left, EventKind::FootStrike, 5, 0.0, ""},
                                    {Side::Left, EventKind::FootStrike, 1, 0.0, ""}});
  CHECK(s[0].frame == 1);
  CHECK((s[1].kind == EventKind::FootStrike && s[2].side == Side::Left && s[3].side == Side::Right));
}
