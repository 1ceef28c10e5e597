// merge_events on hand-made sources whose merged sequence follows from the rule stated in
// hipmech/events/merge.hpp: the first source wins within the window, each foot alternates.
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "hipmech/core/check.hpp"
#include "hipmech/events/merge.hpp"
#include "hipmech/events/windows.hpp"

namespace ev = hipmech::events;
using ev::EventKind;
using hipmech::Side;

namespace {
ev::GaitEvent e(Side s, EventKind k, Eigen::Index f, const char* src) {
  return {s, k, f, static_cast<double>(f) / 100.0, src};
}
constexpr auto FS = EventKind::FootStrike;
constexpr auto FO = EventKind::FootOff;
constexpr auto L = Side::Left;
constexpr auto R = Side::Right;
}  // namespace

TEST_CASE("merge_events: the file's events are completed by later sources", "[events][merge]") {
  // The file marks one cycle (a child's Vicon trial does: ../shared/validation/README.md); the
  // kinematic source finds every event 2 frames later than the file.
  const std::vector<ev::GaitEvent> file{e(R, FS, 18, "file"), e(L, FS, 70, "file"),
                                        e(R, FO, 79, "file"), e(L, FO, 132, "file")};
  std::vector<ev::GaitEvent> zeni;
  for (const auto& x :
       {e(R, FS, 20, "zeni"), e(L, FO, 29, "zeni"), e(L, FS, 72, "zeni"), e(R, FO, 81, "zeni"),
        e(R, FS, 118, "zeni"), e(L, FO, 134, "zeni"), e(L, FS, 168, "zeni")}) {
    zeni.push_back(x);
  }
  const ev::MergedEvents m = ev::merge_events({file, {}, zeni}, 30);
  REQUIRE(m.events.size() == 7);
  CHECK(m.used_per_source == std::vector<Eigen::Index>{4, 0, 3});
  CHECK(m.dropped.size() == 4);  // the Zeni duplicates of the file's four
  for (const auto& d : m.dropped) {
    CHECK(d.reason == "covered");
    CHECK(d.kept.source == "file");
  }
  // The left stance [70, 132) now has its single support [79, 118): right off (file) to right
  // strike (zeni).
  const auto sls = ev::single_limb_support_windows(m.events, L);
  REQUIRE(sls.size() == 1);
  CHECK(sls[0].begin == 79);
  CHECK(sls[0].end == 118);
  CHECK(m.events.front().source == "file");
}

TEST_CASE("merge_events: each foot alternates, the higher priority wins", "[events][merge]") {
  // A plate strike at 100 and a kinematic strike at 140 (outside a 30-frame window) with no
  // off between: the kinematic one is dropped as out of sequence.
  const std::vector<ev::GaitEvent> plates{e(L, FS, 100, "force_plate:1"),
                                          e(L, FO, 160, "force_plate:1")};
  const std::vector<ev::GaitEvent> zeni{e(L, FS, 140, "zeni"), e(L, FO, 40, "zeni")};
  const ev::MergedEvents m = ev::merge_events({plates, zeni}, 30);
  REQUIRE(m.events.size() == 3);
  CHECK(m.events[0].frame == 40);
  CHECK(m.events[1].frame == 100);
  CHECK(m.events[2].frame == 160);
  REQUIRE(m.dropped.size() == 1);
  CHECK(m.dropped[0].reason == "out of sequence");
  CHECK(m.dropped[0].event.frame == 140);
  CHECK(m.dropped[0].kept.frame == 100);
  // Reversed priority: the plate strike is dropped instead.
  const ev::MergedEvents r = ev::merge_events({zeni, plates}, 30);
  REQUIRE(r.dropped.size() == 1);
  CHECK(r.dropped[0].event.source == "force_plate:1");
  CHECK(r.events.size() == 3);
}

TEST_CASE("merge_events: window edges and bad arguments", "[events][merge]") {
  const std::vector<ev::GaitEvent> a{e(R, FS, 100, "a")};
  const std::vector<ev::GaitEvent> b{e(R, FS, 130, "b")};
  CHECK(ev::merge_events({a, b}, 30).events.size() == 1);  // inclusive window
  CHECK(ev::merge_events({a, b}, 29).events.size() == 1);  // out of sequence instead
  CHECK(ev::merge_events({a, b}, 29).dropped[0].reason == "out of sequence");
  const std::vector<ev::GaitEvent> other_side{e(L, FS, 100, "b")};
  CHECK(ev::merge_events({a, other_side}, 30).events.size() == 2);
  CHECK(ev::merge_events({}, 0).events.empty());
  CHECK_THROWS_AS(ev::merge_events({a}, -1), hipmech::InvalidArgument);
  const std::vector<ev::GaitEvent> bad{e(R, FS, -3, "x")};
  CHECK_THROWS_WITH(ev::merge_events({a, bad}, 3),
                    Catch::Matchers::ContainsSubstring("sources[1][0]"));
}

TEST_CASE("merge_events: a phase shorter than the minimum between two sources is dropped",
          "[events][merge]") {
  // The demo's synthetic trial: the file's first event is a left strike at 27, and the
  // kinematic method adds a left off at 21 (gait initiation at the recording's start): a
  // 6-frame swing no gait has. With a 10-frame minimum (0.1 s at 100 Hz) the Zeni off goes.
  const std::vector<ev::GaitEvent> file{e(L, FS, 27, "file"), e(L, FO, 93, "file")};
  const std::vector<ev::GaitEvent> zeni{e(L, FO, 21, "zeni")};
  const ev::MergedEvents kept = ev::merge_events({file, zeni}, 30);
  CHECK(kept.events.size() == 3);  // no check by default
  const ev::MergedEvents m = ev::merge_events({file, zeni}, 30, 10);
  REQUIRE(m.events.size() == 2);
  REQUIRE(m.dropped.size() == 1);
  CHECK(m.dropped[0].reason == "implausible phase");
  CHECK(m.dropped[0].event.frame == 21);
  CHECK(m.dropped[0].kept.frame == 27);
  // Two events of one source are the source's own: kept however close.
  const std::vector<ev::GaitEvent> close{e(R, FS, 50, "file"), e(R, FO, 55, "file")};
  CHECK(ev::merge_events({close}, 30, 10).events.size() == 2);
  CHECK_THROWS_WITH(ev::merge_events({close}, 30, -1),
                    Catch::Matchers::ContainsSubstring("min_phase_frames"));
}
