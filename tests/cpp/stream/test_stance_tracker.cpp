// StanceTracker (include/hipmech/stream/stance_tracker.hpp) against the offline per-stance
// values on the same events and per-frame series: pelvis::contralateral_drop (peak drop over
// single-limb support) and a per-stance maximum over [strike, off) computed here with Eigen
// (report::analyse's stance peaks: NaN when any frame is NaN). Events: Zeni et al. (2008)
// online (OnlineZeni) on hipmech::synth::walking, which equal events::from_kinematics
// (test_online_events.cpp).
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "hipmech/events/kinematic_events.hpp"
#include "hipmech/events/windows.hpp"
#include "hipmech/io/markers.hpp"
#include "hipmech/pelvis/pelvic_drop.hpp"
#include "hipmech/stream/online_events.hpp"
#include "hipmech/stream/stance_tracker.hpp"
#include "hipmech/synth/walking.hpp"

namespace ev = hipmech::events;
namespace st = hipmech::stream;
using Catch::Matchers::ContainsSubstring;
using hipmech::Side;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kPi = std::acos(-1.0);

/// Per-frame series, index [quantity][side]: obliquity, valgus, adduction [rad].
using Series6 = std::array<std::array<Eigen::VectorXd, 2>, 3>;

Series6 make_series(Eigen::Index n, double rate) {
  Series6 s;
  for (int q = 0; q < 3; ++q) {
    for (int k = 0; k < 2; ++k) {
      Eigen::VectorXd x(n);
      for (Eigen::Index f = 0; f < n; ++f) {
        const double t = static_cast<double>(f) / rate;
        x[f] = 0.05 * std::sin(2 * kPi * (0.9 + 0.1 * q) * t + k) +
               0.01 * std::sin(2 * kPi * 3.7 * t + q);
      }
      s[static_cast<std::size_t>(q)][static_cast<std::size_t>(k)] = x;
    }
  }
  return s;
}

struct Run {
  std::vector<st::StanceSummary> stances;
  std::vector<ev::GaitEvent> offline_events;
};

/// Events online (OnlineZeni) and the tracker fed in the documented order; values lag the
/// events by `delay` frames (value frame v holds the series at frame v - delay).
Run run(const hipmech::io::Trial& trial, const Series6& s, std::int64_t delay,
        double max_stance_s = 3.0) {
  Run r;
  const auto offline = ev::from_kinematics(trial);
  r.offline_events = offline.events;
  const auto m = hipmech::io::Markers::from_trial(trial);
  const hipmech::Trajectory sacrum = ev::mean_marker(m, {"LPSI", "RPSI"});
  st::OnlineZeni zeni(trial.point_rate_hz, offline.progression, 0.3);
  st::StanceTracker tracker(trial.point_rate_hz, max_stance_s, delay, zeni.delay_bound_frames());
  std::array<st::StreamEvent, 8> events{};
  std::array<st::StanceSummary, 4> out{};
  auto p = [&](const char* name, Eigen::Index f) -> Eigen::Vector3d {
    return m.get(name).row(f).transpose();
  };
  const Eigen::Index n = m.n_frames();
  for (Eigen::Index f = 0; f < n + delay; ++f) {
    const Eigen::Index g = std::min(f, n - 1);  // past the end: the last frame again
    const int ne = f < n ? zeni.push(f, static_cast<double>(f) / trial.point_rate_hz,
                                     sacrum.row(g).transpose(), {p("LHEE", g), p("RHEE", g)},
                                     {p("LTOE", g), p("RTOE", g)}, events.data(), 8)
                         : 0;
    for (int i = 0; i < ne; ++i) {
      const int k = tracker.on_event(events[static_cast<std::size_t>(i)], out.data(), 4);
      r.stances.insert(r.stances.end(), out.begin(), out.begin() + k);
    }
    std::array<std::array<double, 2>, 3> v{};
    for (int q = 0; q < 3; ++q) {
      for (int k = 0; k < 2; ++k) {
        const Eigen::Index raw = f - delay;
        v[static_cast<std::size_t>(q)][static_cast<std::size_t>(k)] =
            raw >= 0 && raw < n ? s[static_cast<std::size_t>(q)][static_cast<std::size_t>(k)][raw]
                                : kNaN;
      }
    }
    const std::int64_t watermark = f < n ? zeni.complete_before() : 0;
    const int k = tracker.push_values(f, kNaN, v[0], v[1], v[2],
                                      f < n ? watermark : std::numeric_limits<std::int64_t>::min(),
                                      out.data(), 4);
    r.stances.insert(r.stances.end(), out.begin(), out.begin() + k);
  }
  return r;
}

double peak(const Eigen::VectorXd& x, const ev::Window& w) {
  const auto seg = x.segment(w.begin, w.size());
  return seg.hasNaN() ? kNaN : seg.maxCoeff();
}

/// Every online summary equals the offline values of the same stance (exactly: same frames,
/// same arithmetic).
void check_against_offline(const Run& r, const Series6& s, std::int64_t delay) {
  std::size_t matched = 0;
  for (Side side : {Side::Left, Side::Right}) {
    const std::size_t k = side == Side::Left ? 0 : 1;
    const auto drops = hipmech::pelvis::contralateral_drop(s[0][k], side, r.offline_events);
    for (const auto& d : drops) {
      if (d.side != side) continue;
      const st::StanceSummary* on = nullptr;
      for (const auto& x : r.stances) {
        if (x.side == side && x.foot_strike_frame == d.stance.begin &&
            x.foot_off_frame == d.stance.end) {
          on = &x;
        }
      }
      // The last stance may end too late to be summarised online (its off is never
      // confirmed); every other one must be there.
      if (on == nullptr) continue;
      ++matched;
      INFO("side " << static_cast<int>(side) << " stance " << d.stance.begin << "-"
                   << d.stance.end);
      CHECK(on->single_support_begin == d.single_support.begin);
      CHECK(on->single_support_end == d.single_support.end);
      if (std::isnan(d.peak_rad)) {
        CHECK(std::isnan(on->peak_pelvic_drop_rad));
      } else {
        CHECK(on->peak_pelvic_drop_rad == d.peak_rad);
        CHECK(on->peak_pelvic_drop_frame == d.peak_frame);
      }
      const double valgus = peak(s[1][k], d.stance);
      const double adduction = peak(s[2][k], d.stance);
      CHECK((on->peak_knee_valgus_rad == valgus ||
             (std::isnan(valgus) && std::isnan(on->peak_knee_valgus_rad))));
      CHECK((on->peak_hip_adduction_rad == adduction ||
             (std::isnan(adduction) && std::isnan(on->peak_hip_adduction_rad))));
      CHECK(on->detected_frame >= on->foot_off_frame + delay - 1);
      CHECK(on->stance_time_s == on->foot_off_time_s - on->foot_strike_time_s);
    }
  }
  const std::size_t offline_count = ev::stance_windows(r.offline_events, Side::Left).size() +
                                    ev::stance_windows(r.offline_events, Side::Right).size();
  CHECK(matched == r.stances.size());   // every online summary is an offline stance
  CHECK(matched + 2 >= offline_count);  // at most each side's last stance missing
  CHECK(matched >= 8);
}

}  // namespace

TEST_CASE("StanceTracker equals contralateral_drop and the stance peaks", "[stream][stance]") {
  hipmech::synth::WalkingSettings settings;
  settings.n_strides = 6;
  const auto walk = hipmech::synth::walking(settings);
  const Eigen::Index n = walk.trial.point("LHEE").values.rows();
  Series6 s = make_series(n, walk.trial.point_rate_hz);
  SECTION("no lag") {
    check_against_offline(run(walk.trial, s, 0), s, 0);
  }
  SECTION("values lagging by 7 frames (a causal filter's delay)") {
    check_against_offline(run(walk.trial, s, 7), s, 7);
  }
  SECTION("missing frames: NaN peaks with their notes") {
    // NaN in the left obliquity, valgus and adduction over frames 150-154.
    for (int q = 0; q < 3; ++q) s[static_cast<std::size_t>(q)][0].segment(150, 5).setConstant(kNaN);
    const Run r = run(walk.trial, s, 0);
    check_against_offline(r, s, 0);
    bool seen = false;
    for (const auto& x : r.stances) {
      if (x.side != Side::Left || x.foot_strike_frame > 154 || x.foot_off_frame <= 150) continue;
      seen = true;
      CHECK(std::isnan(x.peak_knee_valgus_rad));
      CHECK((x.note & st::kValgusFramesMissing) != 0);
      CHECK((x.note & st::kAdductionFramesMissing) != 0);
      const bool in_sls = x.single_support_begin <= 154 && x.single_support_end > 150;
      CHECK(((x.note & st::kDropFramesMissing) != 0) == in_sls);
    }
    CHECK(seen);
  }
}

TEST_CASE("StanceTracker: no single support, longer than the buffer", "[stream][stance]") {
  auto strike = [](Side s, std::int64_t f) {
    st::StreamEvent e;
    e.side = s;
    e.kind = ev::EventKind::FootStrike;
    e.frame = f;
    e.time_s = static_cast<double>(f) / 100.0;
    e.detected_frame = f;
    return e;
  };
  auto off = [&](Side s, std::int64_t f) {
    st::StreamEvent e = strike(s, f);
    e.kind = ev::EventKind::FootOff;
    return e;
  };
  std::array<st::StanceSummary, 4> out{};
  // max_stance_s 0.3 s at 100 Hz: 30 + 2 frames kept.
  st::StanceTracker t(100.0, 0.3, 0, 0);
  CHECK(t.capacity_frames() == 32);
  std::vector<st::StanceSummary> got;
  auto push = [&](std::int64_t f) {
    const double v = 0.001 * static_cast<double>(f);
    const int k = t.push_values(f, kNaN, {v, -v}, {v, v}, {v, v}, f + 1, out.data(), 4);
    got.insert(got.end(), out.begin(), out.begin() + k);
  };
  for (std::int64_t f = 0; f <= 10; ++f) push(f);
  CHECK(t.on_event(strike(Side::Left, 10), out.data(), 4) == 0);
  for (std::int64_t f = 11; f <= 30; ++f) push(f);
  // Left stance [10, 30), no right event: no single support; peaks over [10, 30).
  REQUIRE(t.on_event(off(Side::Left, 30), out.data(), 4) == 1);
  CHECK((out[0].note & st::kNoSingleSupport) != 0);
  CHECK(std::isnan(out[0].peak_pelvic_drop_rad));
  CHECK(out[0].peak_knee_valgus_rad == 0.001 * 29.0);  // max of 0.001 f over [10, 30)
  CHECK(out[0].single_support_begin == -1);
  CHECK(out[0].stance == 1);
  CHECK(out[0].detected_frame == 30);
  // Right stance [31, 80): 49 frames, more than the 32 kept.
  push(31);
  t.on_event(strike(Side::Right, 31), out.data(), 4);
  for (std::int64_t f = 32; f <= 80; ++f) push(f);
  REQUIRE(t.on_event(off(Side::Right, 80), out.data(), 4) == 1);
  CHECK((out[0].note & st::kLongerThanBuffer) != 0);
  CHECK(std::isnan(out[0].peak_knee_valgus_rad));
  CHECK(got.empty());
}

TEST_CASE("StanceTracker rejects bad arguments, naming them", "[stream][stance]") {
  CHECK_THROWS_WITH(st::StanceTracker(0.0, 3.0, 0, 0), ContainsSubstring("rate_hz"));
  CHECK_THROWS_WITH(st::StanceTracker(100.0, 0.0, 0, 0), ContainsSubstring("max_stance_s"));
  CHECK_THROWS_WITH(st::StanceTracker(100.0, 3.0, -1, 0), ContainsSubstring("delay_frames"));
  CHECK_THROWS_WITH(st::StanceTracker(100.0, 3.0, 0, -1),
                    ContainsSubstring("event_delay_bound_frames"));
  st::StanceTracker t(100.0, 3.0, 0, 0);
  std::array<st::StanceSummary, 4> out{};
  CHECK_THROWS_WITH(t.push_values(3, 0.0, {0, 0}, {0, 0}, {0, 0}, 0, out.data(), 4),
                    ContainsSubstring("frame"));
}

namespace {

/// A gait event at `f` (100 Hz), reported at once.
st::StreamEvent event_at(Side s, ev::EventKind kind, std::int64_t f) {
  st::StreamEvent e;
  e.side = s;
  e.kind = kind;
  e.frame = f;
  e.time_s = static_cast<double>(f) / 100.0;
  e.detected_frame = f;
  return e;
}

/// Feeds frames 0 .. n-1 to `t` in the documented order (the events of frame k, then its
/// values with the watermark k + 1: events reported without delay); obliquity of both sides
/// = `obliquity`[k]. Returns every summary.
std::vector<st::StanceSummary> feed(st::StanceTracker& t, const std::vector<st::StreamEvent>& evs,
                                    const Eigen::VectorXd& obliquity) {
  std::vector<st::StanceSummary> got;
  std::array<st::StanceSummary, 4> out{};
  for (Eigen::Index f = 0; f < obliquity.size(); ++f) {
    for (const st::StreamEvent& e : evs) {
      if (e.frame != f) continue;
      const int k = t.on_event(e, out.data(), 4);
      got.insert(got.end(), out.begin(), out.begin() + k);
    }
    const double v = obliquity[f];
    const int k = t.push_values(f, kNaN, {v, v}, {v, v}, {v, v}, f + 1, out.data(), 4);
    got.insert(got.end(), out.begin(), out.begin() + k);
  }
  return got;
}

std::vector<ev::GaitEvent> offline_events(const std::vector<st::StreamEvent>& evs) {
  std::vector<ev::GaitEvent> out;
  for (const st::StreamEvent& e : evs) out.push_back({e.side, e.kind, e.frame, e.time_s, ""});
  return out;
}

}  // namespace

TEST_CASE("StanceTracker open swing: run on (kinematics) or wait, then offline (plates)",
          "[stream][stance]") {
  using K = ev::EventKind;
  const Eigen::Index n = 200;
  Eigen::VectorXd obliquity(n);
  for (Eigen::Index f = 0; f < n; ++f) {
    obliquity[f] =
        0.05 * std::sin(0.07 * static_cast<double>(f)) + 0.001 * static_cast<double>(f % 7);
  }
  constexpr std::int64_t kWait = 30;  // PigSession: ceil(0.3 s x 100 Hz)

  SECTION("walking on plates: the other foot's strike (on the floor) is never seen") {
    // Left stance [10, 70); the right foot leaves its plate at 20 and strikes the floor (not a
    // plate, no event) at about 60, before the left off.
    const std::vector<st::StreamEvent> evs{event_at(Side::Left, K::FootStrike, 10),
                                           event_at(Side::Right, K::FootOff, 20),
                                           event_at(Side::Left, K::FootOff, 70)};
    // Source: offline pipeline on the same events (pelvis::contralateral_drop through
    // events::single_limb_support_windows): a swing needs its next strike, so no single
    // support and a NaN drop.
    const auto drops =
        hipmech::pelvis::contralateral_drop(obliquity, Side::Left, offline_events(evs));
    REQUIRE(drops.size() == 1);
    REQUIRE(std::isnan(drops[0].peak_rad));

    st::StanceTracker plates(100.0, 3.0, 0, 0, kWait);
    CHECK(plates.open_swing_wait_frames() == kWait);
    const auto got = feed(plates, evs, obliquity);
    REQUIRE(got.size() == 1);
    CHECK(got[0].foot_strike_frame == 10);
    CHECK(got[0].foot_off_frame == 70);
    CHECK((got[0].note & st::kNoSingleSupport) != 0);
    CHECK(std::isnan(got[0].peak_pelvic_drop_rad));
    CHECK(got[0].single_support_begin == -1);
    // Waited until every event before off + W was known (watermark 100 at frame 99).
    CHECK(got[0].detected_frame == 70 + kWait - 1);
    // The stance peaks do not depend on the single support: max over [10, 70).
    CHECK(got[0].peak_knee_valgus_rad == obliquity.segment(10, 60).maxCoeff());

    // Kinematic rule (unchanged): the open swing runs on to the off, emitted with no wait.
    st::StanceTracker kinematics(100.0, 3.0, 0, 0);
    CHECK(kinematics.open_swing_wait_frames() == st::StanceTracker::kOpenSwingRunsOn);
    const auto run_on = feed(kinematics, evs, obliquity);
    REQUIRE(run_on.size() == 1);
    CHECK(run_on[0].single_support_begin == 20);
    CHECK(run_on[0].single_support_end == 70);
    CHECK(run_on[0].detected_frame == 69);
    CHECK(run_on[0].peak_pelvic_drop_rad == obliquity.segment(20, 50).maxCoeff());
  }

  SECTION("running on plates: the other foot strikes after this foot off, within W") {
    // Left stance [10, 50); right off 20 (after the left strike: no double support), left off
    // 50, right strike 60: 10 frames of flight.
    const std::vector<st::StreamEvent> evs{
        event_at(Side::Left, K::FootStrike, 10), event_at(Side::Right, K::FootOff, 20),
        event_at(Side::Left, K::FootOff, 50), event_at(Side::Right, K::FootStrike, 60)};
    // Source: pelvis::contralateral_drop on the same events: single support [20, 50).
    const auto drops =
        hipmech::pelvis::contralateral_drop(obliquity, Side::Left, offline_events(evs));
    REQUIRE(drops.size() == 1);
    REQUIRE(drops[0].single_support.begin == 20);
    REQUIRE(drops[0].single_support.end == 50);
    for (const std::int64_t wait : {st::StanceTracker::kOpenSwingRunsOn, kWait}) {
      INFO("open_swing_wait_frames " << wait);
      st::StanceTracker t(100.0, 3.0, 0, 0, wait);
      const auto got = feed(t, evs, obliquity);
      REQUIRE(got.size() == 1);
      CHECK(got[0].single_support_begin == drops[0].single_support.begin);
      CHECK(got[0].single_support_end == drops[0].single_support.end);
      CHECK(got[0].peak_pelvic_drop_rad == drops[0].peak_rad);
      CHECK(got[0].peak_pelvic_drop_frame == drops[0].peak_frame);
      CHECK(got[0].note == 0);
      // Plates: emitted when the right strike arrives (on_event at frame 60, after the values
      // of frame 59); kinematics: at the off.
      CHECK(got[0].detected_frame == (wait < 0 ? 49 : 59));
    }
  }

  SECTION("plates: a strike W or more frames after the off is not waited for") {
    // Right strike at 90 = off 50 + 40 > W: summary at watermark 80 with no single support
    // (offline would pair off 20 with strike 90: the documented difference).
    const std::vector<st::StreamEvent> evs{
        event_at(Side::Left, K::FootStrike, 10), event_at(Side::Right, K::FootOff, 20),
        event_at(Side::Left, K::FootOff, 50), event_at(Side::Right, K::FootStrike, 90)};
    st::StanceTracker t(100.0, 3.0, 0, 0, kWait);
    const auto got = feed(t, evs, obliquity);
    REQUIRE(got.size() == 1);
    CHECK(got[0].detected_frame == 50 + kWait - 1);
    CHECK((got[0].note & st::kNoSingleSupport) != 0);
    CHECK(std::isnan(got[0].peak_pelvic_drop_rad));
  }

  SECTION("plates, walking with the other strike seen: no wait, offline window") {
    // Right off 20, right strike 40 (on a plate), left off 70: not open at the off.
    const std::vector<st::StreamEvent> evs{
        event_at(Side::Left, K::FootStrike, 10), event_at(Side::Right, K::FootOff, 20),
        event_at(Side::Right, K::FootStrike, 40), event_at(Side::Left, K::FootOff, 70)};
    const auto drops =
        hipmech::pelvis::contralateral_drop(obliquity, Side::Left, offline_events(evs));
    REQUIRE(drops.size() == 1);
    st::StanceTracker t(100.0, 3.0, 0, 0, kWait);
    const auto got = feed(t, evs, obliquity);
    REQUIRE(got.size() == 1);
    CHECK(got[0].detected_frame == 69);
    CHECK(got[0].single_support_begin == 20);
    CHECK(got[0].single_support_end == 40);
    CHECK(got[0].peak_pelvic_drop_rad == drops[0].peak_rad);
  }

  SECTION("the buffer keeps the wait; bad wait") {
    CHECK(st::StanceTracker(100.0, 0.3, 0, 0, kWait).capacity_frames() == 30 + kWait + 2);
    CHECK(st::StanceTracker(100.0, 0.3, 0, 0).capacity_frames() == 32);
    CHECK_THROWS_WITH(st::StanceTracker(100.0, 3.0, 0, 0, -2),
                      ContainsSubstring("open_swing_wait_frames"));
  }
}

TEST_CASE("StanceTracker::retract: a rejected plate strike no longer ends the other swing",
          "[stream][stance]") {
  using K = ev::EventKind;
  const Eigen::Index n = 120;
  Eigen::VectorXd obliquity(n);
  for (Eigen::Index f = 0; f < n; ++f) {
    obliquity[f] =
        0.05 * std::sin(0.09 * static_cast<double>(f)) + 0.002 * static_cast<double>(f % 5);
  }
  // Left stance [10, 70); right off 20; a right plate strike at 30 whose contact is rejected
  // (no off) at 45; the right foot's real strike at 55.
  const st::StreamEvent rejected = event_at(Side::Right, K::FootStrike, 30);
  const std::vector<st::StreamEvent> evs{
      event_at(Side::Left, K::FootStrike, 10), event_at(Side::Right, K::FootOff, 20), rejected,
      event_at(Side::Right, K::FootStrike, 55), event_at(Side::Left, K::FootOff, 70)};
  // Source: pelvis::contralateral_drop on the offline events, which have no event of the
  // rejected contact: single support [20, 55).
  const std::vector<st::StreamEvent> kept{evs[0], evs[1], evs[3], evs[4]};
  const auto drops =
      hipmech::pelvis::contralateral_drop(obliquity, Side::Left, offline_events(kept));
  REQUIRE(drops.size() == 1);
  REQUIRE(drops[0].single_support.begin == 20);
  REQUIRE(drops[0].single_support.end == 55);

  for (const bool retract : {false, true}) {
    INFO("retract " << retract);
    st::StanceTracker t(100.0, 3.0, 0, 0, 30);
    std::vector<st::StanceSummary> got;
    std::array<st::StanceSummary, 4> out{};
    for (Eigen::Index f = 0; f < n; ++f) {
      for (const st::StreamEvent& e : evs) {
        if (e.frame != f) continue;
        const int k = t.on_event(e, out.data(), 4);
        got.insert(got.end(), out.begin(), out.begin() + k);
      }
      if (retract && f == 45) CHECK(t.retract(rejected));
      const double v = obliquity[f];
      const int k = t.push_values(f, kNaN, {v, v}, {v, v}, {v, v}, f + 1, out.data(), 4);
      got.insert(got.end(), out.begin(), out.begin() + k);
    }
    REQUIRE(got.size() == 1);
    if (retract) {
      CHECK(got[0].single_support_begin == drops[0].single_support.begin);
      CHECK(got[0].single_support_end == drops[0].single_support.end);
      CHECK(got[0].peak_pelvic_drop_rad == drops[0].peak_rad);
      CHECK(got[0].peak_pelvic_drop_frame == drops[0].peak_frame);
    } else {
      CHECK(got[0].single_support_end == 30);  // what the retraction fixes
    }
    if (retract) CHECK_FALSE(t.retract(rejected));  // taken back once
  }
}

TEST_CASE("StanceTracker bounds its buffer arguments, naming them", "[stream][stance]") {
  // A huge event delay bound used to throw std::length_error from the buffer allocation.
  CHECK_THROWS_WITH(st::StanceTracker(100.0, 3.0, 0, std::int64_t{1} << 60),
                    ContainsSubstring("event_delay_bound_frames"));
  CHECK_THROWS_WITH(st::StanceTracker(100.0, 3.0, 0, 0, std::int64_t{1} << 40),
                    ContainsSubstring("open_swing_wait_frames"));
  CHECK_THROWS_WITH(st::StanceTracker(100.0, 1e9, 0, 0), ContainsSubstring("max_stance_s"));
  CHECK_NOTHROW(st::StanceTracker(100.0, 3.0, 0, st::StanceTracker::kMaxBoundFrames / 100));
}
