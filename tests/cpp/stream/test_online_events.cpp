// OnlineZeni and OnlinePlates (include/hipmech/stream/online_events.hpp) against the offline
// detectors they reproduce: events::zeni_events / from_kinematics (Zeni et al. 2008 Gait
// Posture 27:710-714) and events::from_force_plates, on hipmech::synth::walking trials (markers
// and force plates of known truth) pushed one frame at a time.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <random>
#include <tuple>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "hipmech/events/force_plate_events.hpp"
#include "hipmech/events/kinematic_events.hpp"
#include "hipmech/events/peaks.hpp"
#include "hipmech/io/markers.hpp"
#include "hipmech/stream/online_events.hpp"
#include "hipmech/synth/walking.hpp"

namespace ev = hipmech::events;
namespace st = hipmech::stream;
using Catch::Matchers::ContainsSubstring;
using hipmech::Side;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
using Key = std::tuple<int, int, std::int64_t>;  // side, kind, frame

Key key(Side s, ev::EventKind k, std::int64_t f) {
  return {static_cast<int>(s), static_cast<int>(k), f};
}

std::vector<Key> keys(const std::vector<ev::GaitEvent>& events) {
  std::vector<Key> out;
  for (const auto& e : events) out.push_back(key(e.side, e.kind, e.frame));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Key> keys(const std::vector<st::StreamEvent>& events) {
  std::vector<Key> out;
  for (const auto& e : events) out.push_back(key(e.side, e.kind, e.frame));
  std::sort(out.begin(), out.end());
  return out;
}

Eigen::Vector3d row(const hipmech::io::Markers& m, const char* name, Eigen::Index f) {
  return m.get(name).row(f).transpose();
}

/// Pushes every frame of `trial` through OnlineZeni (sacrum = SACR if present, else the PSIS
/// mean, as from_kinematics), time = frame / rate.
std::vector<st::StreamEvent> run_zeni(st::OnlineZeni& zeni, const hipmech::io::Trial& trial,
                                      bool flush = true) {
  const auto m = hipmech::io::Markers::from_trial(trial);
  const hipmech::Trajectory sacrum =
      ev::mean_marker(m, m.has("SACR") ? std::vector<std::string>{"SACR"}
                                       : std::vector<std::string>{"LPSI", "RPSI"});
  std::vector<st::StreamEvent> all;
  std::array<st::StreamEvent, st::OnlineZeni::kMaxEventsPerPush> out{};
  for (Eigen::Index f = 0; f < m.n_frames(); ++f) {
    const int n =
        zeni.push(f, static_cast<double>(f) / trial.point_rate_hz, sacrum.row(f).transpose(),
                  {row(m, "LHEE", f), row(m, "RHEE", f)}, {row(m, "LTOE", f), row(m, "RTOE", f)},
                  out.data(), static_cast<int>(out.size()));
    all.insert(all.end(), out.begin(), out.begin() + n);
  }
  if (flush) {
    const int n = zeni.flush(out.data(), static_cast<int>(out.size()));
    all.insert(all.end(), out.begin(), out.begin() + n);
  }
  return all;
}

}  // namespace

TEST_CASE("MaximumScanner equals find_maxima's extreme rule", "[stream][events]") {
  // Independent source: find_maxima as it was before the scanner (the scan loop of scipy's
  // _local_maxima_1d, re-typed here), on random series with flat runs and NaN.
  auto reference = [](const Eigen::VectorXd& x) {
    std::vector<Eigen::Index> peaks;
    const Eigen::Index n = x.size();
    Eigen::Index i = 1;
    while (i < n - 1) {
      if (x[i - 1] < x[i]) {
        Eigen::Index ahead = i + 1;
        while (ahead < n - 1 && x[ahead] == x[i]) ++ahead;
        if (x[ahead] < x[i]) {
          peaks.push_back((i + ahead - 1) / 2);
          i = ahead;
        }
      }
      ++i;
    }
    return peaks;
  };
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> level(0, 4);
  std::uniform_int_distribution<int> nan_roll(0, 30);
  for (int trial = 0; trial < 300; ++trial) {
    Eigen::VectorXd x(1 + trial % 60);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      x[i] = nan_roll(rng) == 0 ? kNaN : static_cast<double>(level(rng));
    }
    CHECK(ev::find_maxima(x, 1) == reference(x));
  }
}

TEST_CASE("OnlineZeni equals zeni_events on synthetic walking", "[stream][events]") {
  for (double noise : {0.0, 0.001}) {
    hipmech::synth::WalkingSettings settings;
    settings.n_strides = 8;
    settings.marker_noise_m = noise;
    const auto walk = hipmech::synth::walking(settings);
    const auto offline = ev::from_kinematics(walk.trial);  // direction: estimated (Auto)
    st::OnlineZeni zeni(walk.trial.point_rate_hz, offline.progression, 0.3);
    const auto online = run_zeni(zeni, walk.trial);
    INFO("noise " << noise);
    CHECK(keys(online) == keys(offline.events));
    REQUIRE(!online.empty());
    // Without flush: every event at least delay_bound_frames before the end is reported.
    st::OnlineZeni live(walk.trial.point_rate_hz, offline.progression, 0.3);
    const auto pushed = run_zeni(live, walk.trial, false);
    const auto n = walk.trial.point("LHEE").values.rows();
    std::vector<ev::GaitEvent> early;
    for (const auto& e : offline.events) {
      if (e.frame + live.delay_bound_frames() < n) early.push_back(e);
    }
    const std::vector<Key> pushed_keys = keys(pushed);
    for (const auto& k : keys(early)) {
      CHECK(std::count(pushed_keys.begin(), pushed_keys.end(), k) == 1);
    }
    for (const auto& e : pushed) {
      CHECK(e.detected_frame >= e.frame);
      CHECK(e.detected_frame - e.frame <= zeni.delay_bound_frames());
      CHECK(e.detected_frame - e.frame <= zeni.separation_frames());  // no flat runs here
      CHECK(e.time_s == static_cast<double>(e.frame) / walk.trial.point_rate_hz);
      CHECK(e.source == st::EventSource::Kinematics);
      CHECK(e.plate == -1);
    }
    CHECK(zeni.separation_frames() == 30);  // ceil(0.3 s x 100 Hz)
    CHECK(zeni.delay_bound_frames() == 59);
  }
}

TEST_CASE("OnlineZeni: a missing heel gives no event next to the gap, as offline",
          "[stream][events]") {
  auto walk = hipmech::synth::walking({});
  auto& lhee = walk.trial.point("LHEE").values;
  const auto offline_before = ev::from_kinematics(walk.trial);
  // Blank 20 frames around the second left strike.
  std::int64_t strike = -1;
  int seen = 0;
  for (const auto& e : offline_before.events) {
    if (e.side == Side::Left && e.kind == ev::EventKind::FootStrike && ++seen == 2)
      strike = e.frame;
  }
  REQUIRE(strike > 10);
  lhee.middleRows(strike - 10, 20).setConstant(kNaN);
  const auto offline = ev::from_kinematics(walk.trial);
  st::OnlineZeni zeni(walk.trial.point_rate_hz, offline.progression, 0.3);
  const auto online = run_zeni(zeni, walk.trial);
  CHECK(keys(online) == keys(offline.events));
  CHECK(keys(offline.events).size() + 1 == keys(offline_before.events).size());
}

TEST_CASE("OnlineZeni: complete_before is a true watermark", "[stream][events]") {
  const auto walk = hipmech::synth::walking({});
  const auto offline = ev::from_kinematics(walk.trial);
  st::OnlineZeni zeni(walk.trial.point_rate_hz, offline.progression, 0.3);
  const auto m = hipmech::io::Markers::from_trial(walk.trial);
  const hipmech::Trajectory sacrum = ev::mean_marker(m, {"LPSI", "RPSI"});
  std::array<st::StreamEvent, 8> out{};
  std::vector<std::int64_t> watermark;
  std::vector<st::StreamEvent> all;
  for (Eigen::Index f = 0; f < m.n_frames(); ++f) {
    const int n =
        zeni.push(f, kNaN, sacrum.row(f).transpose(), {row(m, "LHEE", f), row(m, "RHEE", f)},
                  {row(m, "LTOE", f), row(m, "RTOE", f)}, out.data(), 8);
    all.insert(all.end(), out.begin(), out.begin() + n);
    watermark.push_back(zeni.complete_before());
  }
  // No event reported later than the push at which the watermark passed its frame.
  for (const auto& e : all) {
    for (std::int64_t f = 0; f < e.detected_frame; ++f) {
      CHECK(watermark[static_cast<std::size_t>(f)] <= e.frame);
    }
  }
}

TEST_CASE("OnlineZeni rejects bad arguments, naming them", "[stream][events]") {
  const Eigen::Vector3d x = Eigen::Vector3d::UnitX();
  CHECK_THROWS_WITH(st::OnlineZeni(0.0, x), ContainsSubstring("rate_hz"));
  CHECK_THROWS_WITH(st::OnlineZeni(100.0, Eigen::Vector3d::Zero()),
                    ContainsSubstring("forward_unit"));
  CHECK_THROWS_WITH(st::OnlineZeni(100.0, Eigen::Vector3d(kNaN, 0, 0)),
                    ContainsSubstring("forward_unit"));
  CHECK_THROWS_WITH(st::OnlineZeni(100.0, x, -0.1), ContainsSubstring("min_separation_s"));
  st::OnlineZeni zeni(100.0, x);
  std::array<st::StreamEvent, 8> out{};
  const Eigen::Vector3d p = Eigen::Vector3d::Zero();
  CHECK_THROWS_WITH(zeni.push(1, 0.0, p, {p, p}, {p, p}, out.data(), 8),
                    ContainsSubstring("frame"));
  CHECK_THROWS_WITH(zeni.push(0, 0.0, p, {p, p}, {p, p}, out.data(), 3),
                    ContainsSubstring("capacity"));
  CHECK(zeni.push(0, 0.0, p, {p, p}, {p, p}, out.data(), 8) == 0);
}

namespace {

struct PlateRun {
  std::vector<st::StreamEvent> events;
  std::int64_t delay_bound = 0;
  std::int64_t accepted = 0;
  std::int64_t rejected = 0;
};

PlateRun run_plates(const hipmech::io::Trial& trial, const ev::ForcePlateEventOptions& options) {
  const auto m = hipmech::io::Markers::from_trial(trial);
  const int spf = static_cast<int>(std::lround(trial.analog.rate_hz / trial.point_rate_hz));
  std::vector<st::OnlinePlates::Corners> corners;
  for (const auto& fp : trial.force_plates) corners.push_back(fp.corners_m);
  st::OnlinePlates plates(trial.point_rate_hz, spf, corners, trial.lab_axes, options);
  const int np = plates.n_plates();
  std::vector<double> samples(static_cast<std::size_t>(spf * np * 6));
  std::vector<Eigen::Vector3d> feet;
  std::vector<st::StreamEvent> out(static_cast<std::size_t>(plates.max_events_per_push()));
  PlateRun run;
  for (Eigen::Index f = 0; f < m.n_frames(); ++f) {
    for (int j = 0; j < spf; ++j) {
      for (int k = 0; k < np; ++k) {
        const auto& fp = trial.force_plates[static_cast<std::size_t>(k)];
        double* v = &samples[static_cast<std::size_t>((j * np + k) * 6)];
        const Eigen::Index s = f * spf + j;
        for (int c = 0; c < 3; ++c) {
          v[c] = fp.force_n(s, c);
          v[3 + c] = fp.cop_m(s, c);
        }
      }
    }
    feet.clear();
    for (const auto& name : options.left_foot) feet.push_back(row(m, name.c_str(), f));
    for (const auto& name : options.right_foot) feet.push_back(row(m, name.c_str(), f));
    const int n = plates.push(f, static_cast<double>(f) / trial.point_rate_hz, samples.data(),
                              feet.data(), out.data(), static_cast<int>(out.size()));
    run.events.insert(run.events.end(), out.begin(), out.begin() + n);
  }
  run.delay_bound = plates.delay_bound_frames();
  run.accepted = plates.n_accepted();
  for (int r = 0; r < st::kOnlinePlateRejectionCount; ++r) {
    run.rejected += plates.rejections(static_cast<st::OnlinePlateRejection>(r));
  }
  return run;
}

/// The strikes followed (same plate) by their off: the online events offline also lists.
std::vector<st::StreamEvent> paired(const std::vector<st::StreamEvent>& events) {
  std::vector<st::StreamEvent> out;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].kind != ev::EventKind::FootStrike) continue;
    for (std::size_t j = i + 1; j < events.size(); ++j) {
      if (events[j].plate != events[i].plate) continue;
      if (events[j].kind == ev::EventKind::FootOff && events[j].side == events[i].side) {
        out.push_back(events[i]);
        out.push_back(events[j]);
      }
      break;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("OnlinePlates equals from_force_plates on synthetic walking", "[stream][events]") {
  for (double analog : {1000.0, 100.0}) {
    hipmech::synth::WalkingSettings settings;
    settings.analog_rate_hz = analog;
    const auto walk = hipmech::synth::walking(settings);
    const ev::ForcePlateEventOptions options;
    const auto offline = ev::from_force_plates(walk.trial, options);
    const auto run = run_plates(walk.trial, options);
    INFO("analog rate " << analog);
    REQUIRE(!offline.events.empty());
    CHECK(keys(paired(run.events)) == keys(offline.events));
    CHECK(run.accepted == static_cast<std::int64_t>(offline.contacts.size()));
    CHECK(run.rejected == static_cast<std::int64_t>(offline.rejected.size()));
    for (const auto& e : run.events) {
      CHECK(e.detected_frame >= e.frame);
      CHECK(e.detected_frame - e.frame <= run.delay_bound);
      CHECK(e.source == st::EventSource::Plates);
      CHECK(e.time_s == static_cast<double>(e.frame) / walk.trial.point_rate_hz);
    }
    // Offline: plate index in the source; online: the same plate.
    for (const auto& c : offline.contacts) {
      const auto it = std::find_if(run.events.begin(), run.events.end(), [&](const auto& e) {
        return e.frame == c.strike_frame && e.kind == ev::EventKind::FootStrike;
      });
      REQUIRE(it != run.events.end());
      CHECK(it->plate == c.plate);
      CHECK(it->side == c.side);
    }
  }
}

TEST_CASE("OnlinePlates: rejected contacts report no off, with the offline reason",
          "[stream][events]") {
  auto walk = hipmech::synth::walking({});
  // Left foot markers missing throughout the trial: every contact is MissingMarkers offline;
  // online no strike side is known, so nothing at all is reported.
  for (const char* name : {"LHEE", "LTOE", "LANK"}) {
    walk.trial.point(name).values.setConstant(kNaN);
  }
  const auto offline = ev::from_force_plates(walk.trial);
  REQUIRE(offline.events.empty());
  REQUIRE(!offline.rejected.empty());
  const auto run = run_plates(walk.trial, {});
  CHECK(run.events.empty());
  CHECK(run.rejected == static_cast<std::int64_t>(offline.rejected.size()));
}

TEST_CASE("OnlinePlates rejects bad arguments, naming them", "[stream][events]") {
  using C = st::OnlinePlates::Corners;
  C corners;
  corners << 0, 0, 0, 0.6, 0, 0, 0.6, 0.4, 0, 0, 0.4, 0;
  const hipmech::LabAxes lab;
  CHECK_THROWS_WITH(st::OnlinePlates(0.0, 10, {corners}, lab), ContainsSubstring("point_rate_hz"));
  CHECK_THROWS_WITH(st::OnlinePlates(100.0, 0, {corners}, lab),
                    ContainsSubstring("samples_per_frame"));
  CHECK_THROWS_WITH(st::OnlinePlates(100.0, 10, {}, lab), ContainsSubstring("plate_corners_m"));
  C bad = corners;
  bad(0, 0) = kNaN;
  CHECK_THROWS_WITH(st::OnlinePlates(100.0, 10, {bad}, lab),
                    ContainsSubstring("plate_corners_m[0]"));
  CHECK_THROWS_WITH(st::OnlinePlates(100.0, 10, {corners}, lab, {}, 0.0),
                    ContainsSubstring("max_contact_s"));
  ev::ForcePlateEventOptions o;
  o.threshold_n = -1;
  CHECK_THROWS_WITH(st::OnlinePlates(100.0, 10, {corners}, lab, o),
                    ContainsSubstring("threshold_n"));
  o = {};
  o.left_foot.clear();
  CHECK_THROWS_WITH(st::OnlinePlates(100.0, 10, {corners}, lab, o), ContainsSubstring("left_foot"));
  st::OnlinePlates plates(100.0, 10, {corners}, lab);
  std::vector<st::StreamEvent> out(3);
  std::vector<Eigen::Vector3d> feet(6, Eigen::Vector3d::Zero());
  CHECK_THROWS_WITH(plates.push(2, 0.0, nullptr, feet.data(), out.data(), 3),
                    ContainsSubstring("frame"));
  CHECK_THROWS_WITH(plates.push(0, 0.0, nullptr, nullptr, out.data(), 3),
                    ContainsSubstring("foot_points_m"));
  CHECK_THROWS_WITH(plates.push(0, 0.0, nullptr, feet.data(), out.data(), 2),
                    ContainsSubstring("capacity"));
  CHECK(plates.push(0, 0.0, nullptr, feet.data(), out.data(), 3) == 0);  // no samples: NaN
}

TEST_CASE("Online detectors bound the durations that size them, naming the argument",
          "[stream][events]") {
  using C = st::OnlinePlates::Corners;
  C corners;
  corners << 0, 0, 0, 0.6, 0, 0, 0.6, 0.4, 0, 0, 0.4, 0;
  const hipmech::LabAxes lab;
  ev::ForcePlateEventOptions o;
  // min_contact_s = 1e7 used to hang (a count found by adding 1 per loop): a strike longer
  // than max_contact_s could never be confirmed.
  o.min_contact_s = 1e7;
  CHECK_THROWS_WITH(st::OnlinePlates(100.0, 10, {corners}, lab, o),
                    ContainsSubstring("min_contact_s"));
  o.min_contact_s = 3.5;
  CHECK_THROWS_WITH(st::OnlinePlates(100.0, 10, {corners}, lab, o, 3.0),
                    ContainsSubstring("min_contact_s"));
  CHECK_NOTHROW(st::OnlinePlates(100.0, 10, {corners}, lab, o, 3.5));
  CHECK_THROWS_WITH(st::OnlinePlates(100.0, 1000000, {corners}, lab),
                    ContainsSubstring("samples_per_frame"));
  CHECK_NOTHROW(st::OnlinePlates(100.0, st::OnlinePlates::kMaxSamplesPerFrame, {corners}, lab));
  // min_separation_s = 1e12 used to throw std::bad_alloc.
  const Eigen::Vector3d x = Eigen::Vector3d::UnitX();
  CHECK_THROWS_WITH(st::OnlineZeni(100.0, x, 1e12), ContainsSubstring("min_separation_s"));
  CHECK_THROWS_WITH(st::OnlineZeni(100.0, x, 10.5), ContainsSubstring("min_separation_s"));
  CHECK_NOTHROW(st::OnlineZeni(100.0, x, st::OnlineZeni::kMaxSeparationS));
}

TEST_CASE("OnlinePlates: the confirmation count is the first c with c / rate >= min_contact_s",
          "[stream][events]") {
  // Source: the definition, counted here by adding one sample at a time (the former loop),
  // against the direct computation, through delay_bound_frames() (which it sets) and the
  // first push that reports a strike of a constant load.
  using C = st::OnlinePlates::Corners;
  C corners;
  corners << 0, 0, 0, 0.6, 0, 0, 0.6, 0.4, 0, 0, 0.4, 0;
  const hipmech::LabAxes lab;
  for (const int spf : {1, 3, 10}) {
    for (const double min_s : {0.001, 0.01, 0.03, 0.05, 0.07, 0.1 / 3.0, 0.2}) {
      CAPTURE(spf, min_s);
      const double analog = 100.0 * spf;
      std::int64_t c = 1;
      while (static_cast<double>(c) / analog < min_s) ++c;
      ev::ForcePlateEventOptions o;
      o.min_contact_s = min_s;
      st::OnlinePlates plates(100.0, spf, {corners}, lab, o);
      // Strike at the first sample of frame 1: reported at frame 1 + (c - 1) / spf.
      std::vector<double> samples(static_cast<std::size_t>(spf) * 6, 0.0);
      // Left heel, toe, ankle around the centre of pressure; the right foot far away.
      const std::vector<Eigen::Vector3d> feet{{0.25, 0.15, 0.0}, {0.35, 0.15, 0.0},
                                              {0.3, 0.25, 0.0},  {5.25, 5.15, 0.0},
                                              {5.35, 5.15, 0.0}, {5.3, 5.25, 0.0}};
      for (int j = 0; j < spf; ++j) {
        samples[static_cast<std::size_t>(j) * 6 + 3] = 0.3;
        samples[static_cast<std::size_t>(j) * 6 + 4] = 0.2;
      }
      std::vector<st::StreamEvent> out(3);
      std::int64_t reported = -1;
      for (std::int64_t f = 0; f < 40 && reported < 0; ++f) {
        for (int j = 0; j < spf; ++j)
          samples[static_cast<std::size_t>(j) * 6 + 2] = f ? 100.0 : 0.0;
        const int k = plates.push(f, static_cast<double>(f) / 100.0, samples.data(), feet.data(),
                                  out.data(), 3);
        for (int i = 0; i < k; ++i) {
          if (out[static_cast<std::size_t>(i)].kind == ev::EventKind::FootStrike) reported = f;
        }
      }
      CHECK(reported == 1 + (c - 1) / spf);
    }
  }
}
