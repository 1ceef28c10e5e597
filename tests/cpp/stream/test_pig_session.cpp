// Tests of <hipmech/stream/pig_session.hpp>: per-frame angles equal to the offline pipeline
// (model::plug_in_gait without feet, pelvis::pelvis_angles Baker wrt progression,
// model::joint_angles hip, knee::knee_angles) frame by frame on synth::walking, with missing
// markers, with Plug-in Gait offsets, with the causal filter; bad input; no allocation per push.
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/thrown.hpp"
#include "hipmech/events/force_plate_events.hpp"
#include "hipmech/events/gait_events.hpp"
#include "hipmech/events/kinematic_events.hpp"
#include "hipmech/events/merge.hpp"
#include "hipmech/io/force_plate.hpp"
#include "hipmech/knee/knee_angles.hpp"
#include "hipmech/model/joint_angles.hpp"
#include "hipmech/model/plug_in_gait.hpp"
#include "hipmech/pelvis/pelvic_drop.hpp"
#include "hipmech/pelvis/pelvis_angles.hpp"
#include "hipmech/stream/pig_session.hpp"
#include "hipmech/synth/walking.hpp"
#include "stream/allocation_counter.hpp"

// ---------------------------------------------------------------------------------------------
// The allocation counter (allocation_counter.hpp): the global operator new replaced for the
// whole test binary, forwarding to malloc; counted only between count_allocations(true/false).
// ---------------------------------------------------------------------------------------------
namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};

void* counted_malloc(std::size_t size) {
  if (g_counting.load(std::memory_order_relaxed)) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
  }
  void* p = std::malloc(size == 0 ? 1 : size);
  return p;
}

// Not inlined, so that GCC does not pair this free() with an inlined operator new
// (-Wmismatched-new-delete).
[[gnu::noinline]] void release(void* p) noexcept {
  std::free(p);
}
}  // namespace

void* operator new(std::size_t size) {
  void* p = counted_malloc(size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* operator new[](std::size_t size) {
  void* p = counted_malloc(size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return counted_malloc(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return counted_malloc(size);
}
void operator delete(void* p) noexcept {
  release(p);
}
void operator delete[](void* p) noexcept {
  release(p);
}
void operator delete(void* p, std::size_t) noexcept {
  release(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  release(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  release(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  release(p);
}

namespace hipmech::test {
void count_allocations(bool on) noexcept {
  if (on) g_allocations.store(0);
  g_counting.store(on);
}
long allocations() noexcept {
  return g_allocations.load();
}
}  // namespace hipmech::test

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using namespace hipmech;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A synthetic trial's markers as named trajectories (copies we may edit) and the row-major
/// frame buffer a session is pushed.
struct Recording {
  std::vector<std::string> names;
  std::vector<Trajectory> values;
  double rate_hz = 0.0;
  model::PigParameters parameters;
  Eigen::Index n_frames() const { return values.front().rows(); }
  io::Markers markers() const {
    io::Markers m;
    for (std::size_t k = 0; k < names.size(); ++k) m.add(names[k], values[k]);
    return m;
  }
  std::vector<double> frame(Eigen::Index f) const {
    std::vector<double> out;
    for (const Trajectory& t : values) out.insert(out.end(), {t(f, 0), t(f, 1), t(f, 2)});
    return out;
  }
  Trajectory& operator[](const std::string& name) {
    for (std::size_t k = 0; k < names.size(); ++k)
      if (names[k] == name) return values[k];
    FAIL("no marker " << name);
    return values.front();
  }
};

/// The markers, rate and Plug-in Gait parameters of the synthetic walking trial `w`.
Recording recording_of(const synth::SyntheticWalking& w) {
  Recording r;
  for (const io::Point& p : w.trial.points) {
    if (p.kind != io::PointKind::Marker) continue;
    r.names.push_back(p.name);
    r.values.push_back(p.values);
  }
  r.rate_hz = w.trial.point_rate_hz;
  r.parameters = w.truth.body.pig_parameters();
  return r;
}

Recording walking_recording(double noise_m = 0.0, int n_strides = 3) {
  synth::WalkingSettings ws;
  ws.n_strides = n_strides;
  ws.marker_noise_m = noise_m;
  return recording_of(synth::walking(ws));
}

stream::PigSessionOptions options_for(const Recording& r) {
  stream::PigSessionOptions o;
  o.point_rate_hz = r.rate_hz;
  o.marker_names = r.names;
  o.parameters = r.parameters;
  return o;
}

/// The offline angles of report::analyse ("Kinematics per side") for `markers`.
struct Offline {
  std::array<Trajectory, 2> pelvis, hip, knee;
};

Offline offline(const io::Markers& markers, const model::PigParameters& parameters,
                const pelvis::Progression& progression,
                model::PelvisRear rear = model::PelvisRear::Auto) {
  model::PigOptions mo;
  mo.feet = false;
  mo.pelvis_rear = rear;
  const model::PigLowerBody body = model::plug_in_gait(markers, parameters, mo);
  Offline out;
  for (Side s : {Side::Left, Side::Right}) {
    const std::size_t i = s == Side::Left ? 0 : 1;
    out.pelvis[i] =
        pelvis::pelvis_angles(body.pelvis.R_lab_segment, s, pelvis::PelvisConvention::Baker,
                              progression.R_lab_progression);
    out.hip[i] = model::joint_angles(body.pelvis.R_lab_segment, body.thigh[i].R_lab_segment, s,
                                     model::Joint::Hip);
    out.knee[i] =
        knee::knee_angles(body.thigh[i].R_lab_segment, body.shank[i].R_lab_segment, s).rad;
  }
  return out;
}

/// |a - b| <= 1e-12, or both NaN; counts the values compared and the NaN pairs.
struct Comparer {
  long compared = 0, nan_pairs = 0, exact = 0;
  double max_difference = 0.0;
  void operator()(double session, double batch) {
    ++compared;
    if (std::isnan(batch)) {
      CHECK(std::isnan(session));
      ++nan_pairs;
      return;
    }
    REQUIRE_THAT(session, WithinAbs(batch, 1e-12));
    if (session == batch) ++exact;
    max_difference = std::max(max_difference, std::abs(session - batch));
  }
};

void compare_frame(Comparer& same, const stream::PigFrame& fr, const Offline& off, Eigen::Index f) {
  for (std::size_t i = 0; i < 2; ++i) {
    same(fr.pelvic_tilt_rad, off.pelvis[i](f, 0));
    same(fr.pelvic_obliquity_rad[i], off.pelvis[i](f, 1));
    same(fr.pelvic_rotation_rad[i], off.pelvis[i](f, 2));
    same(fr.hip_flexion_rad[i], off.hip[i](f, 0));
    same(fr.hip_adduction_rad[i], off.hip[i](f, 1));
    same(fr.hip_rotation_rad[i], off.hip[i](f, 2));
    same(fr.knee_flexion_rad[i], off.knee[i](f, 0));
    same(fr.knee_valgus_rad[i], -off.knee[i](f, 1));  // report: valgus = -knee adduction col
    same(fr.knee_rotation_rad[i], off.knee[i](f, 2));
  }
}

}  // namespace

TEST_CASE("PigSession without filter equals the offline pipeline frame by frame",
          "[stream][pig_session]") {
  Recording r = walking_recording(0.001);
  // Missing markers: a knee marker for 3 frames, a PSIS for 2, an ASIS for 1 (NaN, not errors).
  r["LKNE"].middleRows(10, 3).setConstant(kNaN);
  r["RPSI"].middleRows(40, 2).setConstant(kNaN);
  r["RASI"].row(77).setConstant(kNaN);
  r["RTIB"](90, 1) = kNaN;
  stream::PigSession session(options_for(r));
  CHECK(session.pelvis_rear() == model::PelvisRear::Psis);
  const Offline off = offline(r.markers(), r.parameters, session.options().progression);
  Comparer same;
  for (Eigen::Index f = 0; f < r.n_frames(); ++f) {
    const std::vector<double> buf = r.frame(f);
    const stream::PigFrame& fr = session.push(buf.data(), buf.size());
    CHECK(fr.frame == f);
    CHECK_THAT(fr.time_s, WithinAbs(static_cast<double>(f) / r.rate_hz, 1e-15));
    CHECK(fr.reports.n_events == 0);
    compare_frame(same, fr, off, f);
  }
  CHECK(session.n_frames() == r.n_frames());
  // The missing markers gave NaN: left knee (3 frames x 3 knee angles + 3 hip angles), the
  // pelvis (1 + 2 frames: every angle), the right shank (1 frame: knee angles).
  CHECK(same.nan_pairs > 0);
  INFO("max |session - offline| = " << same.max_difference << ", exact " << same.exact << " of "
                                    << same.compared - same.nan_pairs);
  CHECK(same.exact == same.compared - same.nan_pairs);  // the same one-frame code: bit for bit
}

TEST_CASE("PigSession equals the offline pipeline with SACR, offsets and a given progression",
          "[stream][pig_session]") {
  Recording r = walking_recording(0.0, 2);
  // A sacrum marker (so that Auto picks SACR) and every Plug-in Gait offset non-zero: rotated
  // chord function, tibial torsion, ankle ab/adduction.
  r.names.push_back("SACR");
  Trajectory sacr = 0.5 * (r["LPSI"] + r["RPSI"]);
  sacr.col(2).array() += 0.01;
  r.values.push_back(sacr);
  r.parameters.thigh_rotation_rad = {0.1, -0.2};
  r.parameters.shank_rotation_rad = {0.05, -0.07};
  r.parameters.tibial_torsion_rad = {-0.3, -0.25};
  r.parameters.ankle_abduction_rad = {0.02, -0.03};
  r.parameters.asis_trochanter_distance_m = {kNaN, 0.08};  // default taken on the left
  r["SACR"].row(5).setConstant(kNaN);
  for (model::PelvisRear rear : {model::PelvisRear::Auto, model::PelvisRear::Psis}) {
    stream::PigSessionOptions o = options_for(r);
    o.pelvis_rear = rear;
    // The progression given explicitly (the default is the same: +X forward, +Z up).
    o.progression = pelvis::progression_from_axis(SignedAxis::PosX, LabAxes("+Z", "+X"));
    stream::PigSession session(o);
    CHECK(session.pelvis_rear() ==
          (rear == model::PelvisRear::Auto ? model::PelvisRear::Sacrum : model::PelvisRear::Psis));
    CHECK(std::isnan(session.parameters().asis_trochanter_distance_m[0]) == false);
    bool noted = false;
    for (const std::string& n : session.notes()) {
      noted = noted || n.find("ASIS-trochanter") != std::string::npos;
    }
    CHECK(noted);
    const Offline off = offline(r.markers(), r.parameters, o.progression, rear);
    Comparer same;
    for (Eigen::Index f = 0; f < r.n_frames(); ++f) {
      const std::vector<double> buf = r.frame(f);
      const double t = 0.5 + 0.01 * static_cast<double>(f);
      compare_frame(same, session.push(buf.data(), buf.size(), t), off, f);
    }
    CHECK(same.exact == same.compared - same.nan_pairs);
    CHECK_THAT(session.last().time_s,
               WithinAbs(0.5 + 0.01 * static_cast<double>(r.n_frames() - 1), 1e-15));
  }
}

TEST_CASE("PigSession with the causal filter equals the offline pipeline on filtered markers",
          "[stream][pig_session][filter]") {
  Recording r = walking_recording(0.002, 2);
  r["LTHI"].middleRows(30, 4).setConstant(kNaN);  // the channel restarts after the gap
  stream::PigSessionOptions o = options_for(r);
  o.cutoff_hz = 6.0;
  o.filter_order = 2;
  stream::PigSession session(o);
  // delay: order 2 at 6 Hz, 100 Hz: 3.706783558429907 samples (numpy/scipy, see the filter test)
  CHECK_THAT(session.filter_delay_s(), WithinAbs(3.706783558429907 / r.rate_hz, 1e-12));
  CHECK(session.filter_delay_frames() == 4);
  // Offline: every marker coordinate through its own one-channel CausalButterworth (tested
  // against scipy.signal.lfilter in test_causal_filter.cpp), then the offline pipeline.
  Recording filtered = r;
  for (Trajectory& t : filtered.values) {
    for (Eigen::Index c = 0; c < 3; ++c) {
      stream::CausalButterworth one(1, r.rate_hz, 6.0, 2);
      for (Eigen::Index f = 0; f < t.rows(); ++f) {
        const double x = t(f, c);
        one.step(&x, &t(f, c));
      }
    }
  }
  const Offline off = offline(filtered.markers(), r.parameters, o.progression);
  Comparer same;
  for (Eigen::Index f = 0; f < r.n_frames(); ++f) {
    const std::vector<double> buf = r.frame(f);
    compare_frame(same, session.push(buf.data(), buf.size()), off, f);
  }
  CHECK(same.nan_pairs > 0);
}

TEST_CASE("PigSession allocates nothing per push", "[stream][pig_session][allocation]") {
  const Recording r = walking_recording(0.001, 2);
  for (int variant = 0; variant < 3; ++variant) {
    stream::PigSessionOptions o = options_for(r);
    if (variant >= 1) o.cutoff_hz = 8.0;
    // With kinematic events and stance summaries (events reported, summaries emitted).
    if (variant == 2) o.events = stream::EventSource::Kinematics;
    stream::PigSession session(o);
    std::vector<std::vector<double>> frames;
    for (Eigen::Index f = 0; f < r.n_frames(); ++f) frames.push_back(r.frame(f));
    frames[7][0] = kNaN;  // a missing marker on the way
    test::count_allocations(true);
    double sum = 0.0;
    int n_stances = 0;
    for (const std::vector<double>& buf : frames) {
      const stream::PigFrame& fr = session.push(buf.data(), buf.size());
      if (std::isfinite(fr.hip_adduction_rad[1])) sum += fr.hip_adduction_rad[1];
      n_stances += fr.reports.n_stances;
    }
    session.close();
    test::count_allocations(false);
    CAPTURE(variant);
    CHECK(std::isfinite(sum));
    CHECK(test::allocations() == 0);
    if (variant == 2) CHECK(n_stances >= 2);
  }
  // The counter works: a vector allocates.
  test::count_allocations(true);
  std::vector<double> v(10);
  test::count_allocations(false);
  CHECK(test::allocations() >= 1);
}

TEST_CASE("PigSession rejects bad set-up and bad frames, naming the argument",
          "[stream][pig_session]") {
  using test::thrown_argument;
  using test::thrown_message;
  const Recording r = walking_recording(0.0, 1);
  SECTION("set-up") {
    stream::PigSessionOptions o = options_for(r);
    o.point_rate_hz = 0.0;
    CHECK(thrown_argument([&] { stream::PigSession s(o); }) == "point_rate_hz");
    o = options_for(r);
    o.marker_names.erase(o.marker_names.begin() + 1);  // RASI
    CHECK(thrown_argument([&] { stream::PigSession s(o); }) == "marker_names");
    CHECK_THAT(thrown_message([&] { stream::PigSession s(o); }), ContainsSubstring("'RASI'"));
    o = options_for(r);
    o.marker_names.push_back("LASI");
    CHECK_THAT(thrown_message([&] { stream::PigSession s(o); }), ContainsSubstring("twice"));
    o = options_for(r);
    o.parameters.inter_asis_distance_m = kNaN;
    CHECK(thrown_argument([&] { stream::PigSession s(o); }) == "inter_asis_distance_m");
    CHECK_THAT(thrown_message([&] { stream::PigSession s(o); }),
               ContainsSubstring("plug_in_gait_static"));
    o = options_for(r);
    o.parameters.leg_length_m[1] = kNaN;
    CHECK(thrown_argument([&] { stream::PigSession s(o); }) == "leg_length_m[right]");
    o = options_for(r);
    o.parameters.knee_width_m[0] = 95.0;  // mm
    CHECK(thrown_argument([&] { stream::PigSession s(o); }) == "knee_width_m[left]");
    o = options_for(r);
    o.cutoff_hz = 60.0;
    CHECK(thrown_argument([&] { stream::PigSession s(o); }) == "cutoff_hz");
    o = options_for(r);
    o.cutoff_hz = 6.0;
    o.filter_order = 9;
    CHECK(thrown_argument([&] { stream::PigSession s(o); }) == "filter_order");
    o = options_for(r);
    o.max_stance_s = 0.0;
    CHECK(thrown_argument([&] { stream::PigSession s(o); }) == "max_stance_s");
    o = options_for(r);
    o.samples_per_frame = 0;
    CHECK(thrown_argument([&] { stream::PigSession s(o); }) == "samples_per_frame");
  }
  SECTION("frames") {
    stream::PigSession session(options_for(r));
    std::vector<double> buf = r.frame(0);
    CHECK(thrown_argument([&] { session.push(buf.data(), buf.size() - 3); }) == "markers");
    CHECK(session.n_frames() == 0);  // a rejected frame is not counted
    buf[4] = std::numeric_limits<double>::infinity();
    CHECK(thrown_argument([&] { session.push(buf.data(), buf.size()); }) == "markers");
    buf = r.frame(0);
    const std::vector<double> plates(6, 0.0);
    CHECK(thrown_argument([&] { session.push(buf.data(), buf.size(), kNaN, plates.data(), 6); }) ==
          "plates");
    session.push(buf.data(), buf.size(), 1.0);
    CHECK(thrown_argument([&] { session.push(buf.data(), buf.size(), 1.0); }) == "time_s");
    CHECK_THAT(thrown_message([&] { session.push(buf.data(), buf.size(), 0.5); }),
               ContainsSubstring("1 s") && ContainsSubstring("0.5 s"));
    CHECK(thrown_argument([&] {
            session.push(buf.data(), buf.size(), std::numeric_limits<double>::infinity());
          }) == "time_s");
    session.push(buf.data(), buf.size(), 1.01);
    CHECK(session.n_frames() == 2);
    session.close();
    CHECK(session.closed());
    CHECK_THAT(thrown_message([&] { session.push(buf.data(), buf.size()); }),
               ContainsSubstring("session closed"));
    CHECK(thrown_argument([&] { session.push(buf.data(), buf.size()); }) == "session");
  }
}

namespace {

/// Everything a session reported over a recording.
struct Reported {
  std::vector<stream::StreamEvent> events;
  std::vector<stream::StanceSummary> stances;
  std::vector<events::GaitEvent> gait_events() const {
    std::vector<events::GaitEvent> out;
    for (const stream::StreamEvent& e : events) {
      out.push_back({e.side, e.kind, static_cast<Eigen::Index>(e.frame), e.time_s, "stream"});
    }
    return events::sorted_events(std::move(out));
  }
};

void collect(Reported& r, const stream::FrameReports& reports) {
  for (int k = 0; k < reports.n_events; ++k) {
    r.events.push_back(reports.events[static_cast<std::size_t>(k)]);
  }
  for (int k = 0; k < reports.n_stances; ++k) {
    r.stances.push_back(reports.stances[static_cast<std::size_t>(k)]);
  }
}

void collect(Reported& r, const stream::PigFrame& fr) {
  collect(r, fr.reports);
}

/// A 3-stride synthetic walking trial with force plates (synth::walking): the trial, its
/// markers, and the options of a plate-event session on them (the plates' corners, analog
/// samples per marker frame).
struct PlateWalk {
  synth::SyntheticWalking w = synth::walking(three_strides());
  Recording r = recording_of(w);
  stream::PigSessionOptions o = options_for(r);
  PlateWalk() {
    o.events = stream::EventSource::Plates;
    o.samples_per_frame = static_cast<int>(std::lround(w.trial.analog.rate_hz / r.rate_hz));
    for (const io::ForcePlate& p : w.trial.force_plates) o.plate_corners.push_back(p.corners_m);
  }
  static synth::WalkingSettings three_strides() {
    synth::WalkingSettings ws;
    ws.n_strides = 3;
    return ws;
  }
};

/// Pushes every frame of `r` with that frame's samples of `w`'s plates (NaN past their end) into
/// `session` (made with PlateWalk::o), collecting what it reports in `rep`.
void push_with_plates(stream::PigSession& session, const Recording& r,
                      const synth::SyntheticWalking& w, Reported& rep) {
  const int spf = session.options().samples_per_frame;
  const std::size_t n_plates = w.trial.force_plates.size();
  std::vector<double> plates(session.n_plate_values());
  for (Eigen::Index f = 0; f < r.n_frames(); ++f) {
    for (int j = 0; j < spf; ++j) {
      for (std::size_t k = 0; k < n_plates; ++k) {
        const io::ForcePlate& p = w.trial.force_plates[k];
        const Eigen::Index s = f * spf + j;
        double* dst = plates.data() + (static_cast<std::size_t>(j) * n_plates + k) * 6;
        for (Eigen::Index c = 0; c < 3; ++c) {
          dst[c] = s < p.force_n.rows() ? p.force_n(s, c) : kNaN;
          dst[3 + c] = s < p.cop_m.rows() ? p.cop_m(s, c) : kNaN;
        }
      }
    }
    const std::vector<double> buf = r.frame(f);
    collect(rep, session.push(buf.data(), buf.size(), kNaN, plates.data(), plates.size()));
  }
}

/// report::analyse's stance peak: the largest value over [begin, end), NaN if any is NaN.
double window_peak(const Eigen::VectorXd& v, std::int64_t begin, std::int64_t end) {
  double peak = -std::numeric_limits<double>::infinity();
  for (std::int64_t f = begin; f < end; ++f) {
    const double x = v[static_cast<Eigen::Index>(f)];
    if (std::isnan(x)) return kNaN;
    peak = std::max(peak, x);
  }
  return peak;
}

/// Checks every complete summary against the offline per-stance values on the same events
/// (pelvis::contralateral_drop; report::analyse's window peaks of valgus and adduction).
int check_summaries(const Reported& rep, const Offline& off) {
  const std::vector<events::GaitEvent> ev = rep.gait_events();
  int checked = 0;
  for (const stream::StanceSummary& s : rep.stances) {
    const std::size_t i = s.side == Side::Left ? 0 : 1;
    CAPTURE(i, s.foot_strike_frame, s.foot_off_frame, s.note);
    CHECK(s.detected_frame >= s.foot_off_frame - 1);
    CHECK_THAT(s.stance_time_s, WithinAbs(s.foot_off_time_s - s.foot_strike_time_s, 1e-12));
    if (s.note != stream::kStanceComplete) continue;
    const Eigen::VectorXd obliquity = off.pelvis[i].col(1);
    bool found = false;
    for (const pelvis::StanceDrop& d : pelvis::contralateral_drop(obliquity, s.side, ev)) {
      if (d.side != s.side || d.stance.begin != s.foot_strike_frame) continue;
      found = true;
      CHECK(d.stance.end == s.foot_off_frame);
      if (d.single_support.size() == 0 && s.single_support_end == s.foot_off_frame) {
        // The documented difference (StanceTracker): the other foot's swing whose strike is
        // not among the events runs on to this foot off online; offline it does not exist.
        continue;
      }
      CHECK(d.single_support.begin == s.single_support_begin);
      CHECK(d.single_support.end == s.single_support_end);
      CHECK(d.peak_rad == s.peak_pelvic_drop_rad);
      CHECK(d.peak_frame == s.peak_pelvic_drop_frame);
    }
    CHECK(found);
    const Eigen::VectorXd valgus = -off.knee[i].col(1);
    const Eigen::VectorXd adduction = off.hip[i].col(1);
    CHECK(s.peak_knee_valgus_rad == window_peak(valgus, s.foot_strike_frame, s.foot_off_frame));
    CHECK(s.peak_hip_adduction_rad ==
          window_peak(adduction, s.foot_strike_frame, s.foot_off_frame));
    ++checked;
  }
  return checked;
}

}  // namespace

TEST_CASE("PigSession with kinematic events: Zeni events and stance summaries as offline",
          "[stream][pig_session][events]") {
  Recording r = walking_recording(0.0, 4);
  stream::PigSessionOptions o = options_for(r);
  o.events = stream::EventSource::Kinematics;
  stream::PigSession session(o);
  const double bound_frames = session.event_delay_bound_s() * r.rate_hz;
  CHECK(bound_frames >= 1.0);
  const Offline off = offline(r.markers(), r.parameters, o.progression);
  Reported rep;
  for (Eigen::Index f = 0; f < r.n_frames(); ++f) {
    const std::vector<double> buf = r.frame(f);
    collect(rep, session.push(buf.data(), buf.size()));
  }
  const std::size_t before_close = rep.events.size();
  session.close();  // reports the extremes held at the end (OnlineZeni::flush)
  collect(rep, session.closing_reports());
  CHECK(rep.events.size() >= before_close);
  // Events: each within the stated delay, and each at a frame the offline Zeni detector finds
  // (events::from_kinematics with the same direction and separation).
  events::ZeniOptions z;
  z.progression = events::ProgressionSource::Given;
  z.progression_direction = Eigen::Vector3d::UnitX();
  const io::Markers markers = r.markers();
  const std::vector<events::GaitEvent> offline_events =
      events::from_kinematics(markers, r.rate_hz, LabAxes("+Z", "+X"), z).events;
  REQUIRE(rep.events.size() >= 8);
  for (const stream::StreamEvent& e : rep.events) {
    CHECK(e.source == stream::EventSource::Kinematics);
    if (e.detected_frame < r.n_frames() - 1) {  // close() reports held ones later
      CHECK(static_cast<double>(e.detected_frame - e.frame) <= bound_frames);
    }
    bool offline_has = false;
    for (const events::GaitEvent& g : offline_events) {
      offline_has = offline_has || (g.side == e.side && g.kind == e.kind && g.frame == e.frame);
    }
    CHECK(offline_has);
  }
  // With the held ones reported by close(), the offline events exactly (no chains here).
  CHECK(rep.events.size() == offline_events.size());
  // Stance summaries: the offline per-stance values on the same events (no filter: the
  // windows are the offline ones).
  CHECK(check_summaries(rep, off) >= 4);
}

TEST_CASE("PigSession with plate events: strikes, offs and summaries as offline",
          "[stream][pig_session][events]") {
  const PlateWalk pw;
  const synth::SyntheticWalking& w = pw.w;
  const Recording& r = pw.r;
  const stream::PigSessionOptions& o = pw.o;
  REQUIRE(o.plate_corners.size() >= 2);
  stream::PigSession session(o);
  CHECK(session.n_plate_values() ==
        static_cast<std::size_t>(o.samples_per_frame) * o.plate_corners.size() * 6);
  const Offline off = offline(r.markers(), r.parameters, o.progression);
  Reported rep;
  push_with_plates(session, r, w, rep);
  // Events: every offline force-plate event (events::from_force_plates) is found online at the
  // same frame, within the stated delay.
  const std::vector<events::GaitEvent> offline_events = events::from_force_plates(w.trial).events;
  REQUIRE(offline_events.size() >= 4);
  for (const events::GaitEvent& g : offline_events) {
    bool online_has = false;
    for (const stream::StreamEvent& e : rep.events) {
      if (e.side == g.side && e.kind == g.kind && e.frame == g.frame) {
        online_has = true;
        CHECK(e.source == stream::EventSource::Plates);
        CHECK(static_cast<double>(e.detected_frame - e.frame) <=
              session.event_delay_bound_s() * r.rate_hz + 1e-9);
      }
    }
    CAPTURE(g.frame);
    CHECK(online_has);
  }
  CHECK(check_summaries(rep, off) >= 2);
}

TEST_CASE("PigSession with filter and events evaluates stances on the lagged angles",
          "[stream][pig_session][events][filter]") {
  Recording r = walking_recording(0.0, 4);
  stream::PigSessionOptions o = options_for(r);
  o.events = stream::EventSource::Kinematics;
  o.cutoff_hz = 6.0;
  stream::PigSession session(o);
  const int k = session.filter_delay_frames();
  CHECK(k == 4);
  Reported rep;
  std::vector<std::array<double, 2>> drop;  // the session's (filtered) obliquity per frame
  for (Eigen::Index f = 0; f < r.n_frames(); ++f) {
    const std::vector<double> buf = r.frame(f);
    const stream::PigFrame& fr = session.push(buf.data(), buf.size());
    drop.push_back(fr.pelvic_obliquity_rad);
    collect(rep, fr);
  }
  int complete = 0;
  for (const stream::StanceSummary& s : rep.stances) {
    // Emitted once the lagged frame off + k - 1 is in.
    CHECK(s.detected_frame >= s.foot_off_frame + k - 1);
    if (s.note != stream::kStanceComplete) continue;
    ++complete;
    // The peak drop is the largest lagged obliquity over single support shifted by k; its
    // frame is reported as an event frame.
    double peak = -1.0;
    const std::size_t i = s.side == Side::Left ? 0 : 1;
    for (std::int64_t f = s.single_support_begin; f < s.single_support_end; ++f) {
      peak = std::max(peak, drop[static_cast<std::size_t>(f + k)][i]);
    }
    CHECK(peak == s.peak_pelvic_drop_rad);
  }
  CHECK(complete >= 4);
  CHECK_THAT(session.notes().back(), ContainsSubstring("off + 4"));
}

TEST_CASE("PigSession events: set-up errors name the argument", "[stream][pig_session][events]") {
  using test::thrown_argument;
  const Recording r = walking_recording(0.0, 1);
  stream::PigSessionOptions o = options_for(r);
  o.events = stream::EventSource::Kinematics;
  o.zeni.left_heel = "LHEEL";
  CHECK(thrown_argument([&] { stream::PigSession s(o); }) == "marker_names");
  o = options_for(r);
  o.events = stream::EventSource::Plates;
  CHECK(thrown_argument([&] { stream::PigSession s(o); }) == "plate_corners");
  o.plate_corners.emplace_back(Eigen::Matrix<double, 4, 3, Eigen::RowMajor>::Zero());
  o.plate_options.right_foot = {"RHEE", "RFOOT"};
  CHECK(thrown_argument([&] { stream::PigSession s(o); }) == "marker_names");
  // Durations and counts that size the detectors are bounded (they used to hang or throw
  // std::bad_alloc / std::length_error); the session's option names are surfaced.
  o.plate_options = {};
  o.plate_options.min_contact_s = 1e7;  // > max_stance_s: never confirmed
  CHECK(thrown_argument([&] { stream::PigSession s(o); }) == "min_contact_s");
  o.plate_options = {};
  o.samples_per_frame = 1000000;
  CHECK(thrown_argument([&] { stream::PigSession s(o); }) == "samples_per_frame");
  o.samples_per_frame = 1;
  o.max_stance_s = 1e9;
  CHECK(thrown_argument([&] { stream::PigSession s(o); }) == "max_stance_s");
  o = options_for(r);
  o.events = stream::EventSource::Kinematics;
  o.zeni.min_separation_s = 1e12;
  CHECK(thrown_argument([&] { stream::PigSession s(o); }) == "min_separation_s");
}

using hipmech::test::thrown_argument;
using hipmech::test::thrown_message;

TEST_CASE("PigSession leaves out events out of sequence, as the offline report's merge",
          "[stream][pig_session][events]") {
  // 1 mm marker noise (the demo's, hipmech._demo.DEMO_SETTINGS): Zeni's extremes include a
  // second strike of a foot before its off, which the offline report drops (merge_events,
  // "out of sequence").
  synth::WalkingSettings ws;
  ws.n_strides = 8;
  ws.marker_noise_m = 0.001;
  ws.seed = 2026;
  const synth::SyntheticWalking w = synth::walking(ws);
  Recording r = recording_of(w);
  stream::PigSessionOptions o = options_for(r);
  o.events = stream::EventSource::Kinematics;
  stream::PigSession session(o);
  Reported rep;
  for (Eigen::Index f = 0; f < r.n_frames(); ++f) {
    const std::vector<double> buf = r.frame(f);
    collect(rep, session.push(buf.data(), buf.size()));
  }
  session.close();
  collect(rep, session.closing_reports());
  // Offline: events::from_kinematics, then merge_events of that one source (report::analyse).
  events::ZeniOptions z;
  z.progression = events::ProgressionSource::Given;
  z.progression_direction = Eigen::Vector3d::UnitX();
  const std::vector<events::GaitEvent> raw =
      events::from_kinematics(r.markers(), r.rate_hz, LabAxes("+Z", "+X"), z).events;
  const events::MergedEvents merged = events::merge_events({raw}, 0);
  long n_out = 0;
  for (const events::DroppedEvent& d : merged.dropped) n_out += d.reason == "out of sequence";
  REQUIRE(n_out >= 1);  // the case this rule is for
  CHECK(session.n_events_out_of_sequence() == n_out);
  const std::vector<events::GaitEvent> online = rep.gait_events();
  REQUIRE(online.size() == merged.events.size());
  for (std::size_t k = 0; k < online.size(); ++k) {
    CAPTURE(k, online[k].frame, merged.events[k].frame);
    CHECK(online[k].side == merged.events[k].side);
    CHECK(online[k].kind == merged.events[k].kind);
    CHECK(online[k].frame == merged.events[k].frame);
  }
  // The summaries are those of the merged events (offline per-stance values).
  const Offline off = offline(r.markers(), r.parameters, o.progression);
  CHECK(check_summaries(rep, off) >= 10);
}

TEST_CASE("PigSession fills a time gap with missing frames", "[stream][pig_session][gap]") {
  Recording r = walking_recording(0.0, 4);
  stream::PigSessionOptions o = options_for(r);
  o.events = stream::EventSource::Kinematics;
  stream::PigSession session(o);
  const Offline off = offline(r.markers(), r.parameters, o.progression);
  Comparer same;
  Reported rep;
  const Eigen::Index gap_begin = 150, gap_end = 155;  // frames 150..154 dropped
  for (Eigen::Index f = 0; f < r.n_frames(); ++f) {
    if (f >= gap_begin && f < gap_end) continue;
    const std::vector<double> buf = r.frame(f);
    const double t = static_cast<double>(f) / r.rate_hz;
    const stream::PigFrame& fr = session.push(buf.data(), buf.size(), t);
    // The recording's frame numbers; the angles of the pushed frames are the offline ones.
    CHECK(fr.frame == f);
    CHECK(fr.time_s == t);
    compare_frame(same, fr, off, f);
    collect(rep, fr);
  }
  CHECK(session.n_frames_filled() == gap_end - gap_begin);
  CHECK(session.n_frames() == r.n_frames());
  // A stance spanning the gap: NaN peaks of valgus and adduction, with their notes.
  int spanning = 0;
  for (const stream::StanceSummary& s : rep.stances) {
    if (s.foot_strike_frame < gap_end && s.foot_off_frame > gap_begin) {
      ++spanning;
      CHECK(std::isnan(s.peak_knee_valgus_rad));
      CHECK(std::isnan(s.peak_hip_adduction_rad));
      CHECK((s.note & stream::kValgusFramesMissing) != 0);
      CHECK((s.note & stream::kAdductionFramesMissing) != 0);
    }
  }
  CHECK(spanning >= 1);
  // A gap longer than max_stance_s is refused (start a new session); nothing changes.
  const std::vector<double> buf = r.frame(0);
  const double last = static_cast<double>(r.n_frames() - 1) / r.rate_hz;
  const std::string msg = thrown_message([&] { session.push(buf.data(), buf.size(), last + 3.5); });
  CHECK_THAT(msg, ContainsSubstring("time_s") && ContainsSubstring("new session"));
  CHECK(session.n_frames() == r.n_frames());
  // A short gap of 1.4 periods is a late frame, not a gap.
  session.push(buf.data(), buf.size(), last + 1.4 / r.rate_hz);
  CHECK(session.n_frames_filled() == gap_end - gap_begin);
}

TEST_CASE("PigSession fills gaps without allocating", "[stream][pig_session][gap][allocation]") {
  Recording r = walking_recording(0.0, 2);
  stream::PigSessionOptions o = options_for(r);
  o.events = stream::EventSource::Kinematics;
  o.cutoff_hz = 6.0;
  stream::PigSession session(o);
  std::vector<std::vector<double>> frames;
  for (Eigen::Index f = 0; f < r.n_frames(); ++f) frames.push_back(r.frame(f));
  test::count_allocations(true);
  for (Eigen::Index f = 0; f < r.n_frames(); f += (f % 50 == 10 ? 7 : 1)) {
    session.push(frames[static_cast<std::size_t>(f)].data(), frames[0].size(),
                 static_cast<double>(f) / r.rate_hz);
  }
  test::count_allocations(false);
  CHECK(test::allocations() == 0);
  CHECK(session.n_frames_filled() > 0);
}

TEST_CASE("PigSession counts frames whose pelvis faces against forward",
          "[stream][pig_session][heading]") {
  // synth::walking walks along +X: told -X, every valid frame faces against it.
  Recording r = walking_recording(0.0, 2);
  for (const char* axis : {"+X", "-X"}) {
    stream::PigSessionOptions o = options_for(r);
    o.progression =
        pelvis::progression_from_axis(parse_signed_axis(axis, "forward"), LabAxes("+Z", "+X"));
    stream::PigSession session(o);
    for (Eigen::Index f = 0; f < r.n_frames(); ++f) {
      std::vector<double> buf = r.frame(f);
      if (f == 7) buf[0] = kNaN;  // a missing marker (row 0): that frame is not counted
      session.push(buf.data(), buf.size());
    }
    const bool lasi_first = r.names[0] == "LASI" || r.names[0] == "RASI" || r.names[0] == "SACR" ||
                            r.names[0] == "LPSI" || r.names[0] == "RPSI";
    CAPTURE(axis, r.names[0]);
    CHECK(session.n_frames_pelvis_valid() == r.n_frames() - (lasi_first ? 1 : 0));
    CHECK(session.n_frames_against_forward() ==
          (std::string(axis) == "-X" ? session.n_frames_pelvis_valid() : 0));
  }
}

TEST_CASE("PigSession close() releases the plate summaries still pending",
          "[stream][pig_session][events]") {
  const PlateWalk pw;
  const synth::SyntheticWalking& w = pw.w;
  const Recording& r = pw.r;
  const stream::PigSessionOptions& o = pw.o;
  stream::PigSession session(o);
  Reported rep;
  push_with_plates(session, r, w, rep);
  CHECK(session.n_events_out_of_sequence() == 0);
  const std::size_t before = rep.stances.size();
  session.close();
  collect(rep, session.closing_reports());
  CHECK(session.n_summaries_dropped_at_close() == 0);
  // Every stance with both events online is summarised by the end (offline: every
  // strike-off pair of from_force_plates is a stance).
  const std::vector<events::GaitEvent> ev = rep.gait_events();
  long n_pairs = 0;
  for (Side side : {Side::Left, Side::Right}) {
    const events::GaitEvent* prev = nullptr;
    for (const events::GaitEvent& e : ev) {
      if (e.side != side) continue;
      n_pairs += prev != nullptr && prev->kind == events::EventKind::FootStrike &&
                 e.kind == events::EventKind::FootOff;
      prev = &e;
    }
  }
  CHECK(static_cast<long>(rep.stances.size()) == n_pairs);
  CHECK(rep.stances.size() >= before);
  for (std::size_t k = before; k < rep.stances.size(); ++k) {
    CHECK(rep.stances[k].detected_frame == r.n_frames() - 1);
  }
  const Offline off = offline(r.markers(), r.parameters, o.progression);
  CHECK(check_summaries(rep, off) >= 2);
}

TEST_CASE("PigSession push on a moved-from session names 'session'",
          "[stream][pig_session][errors]") {
  Recording r = walking_recording(0.0, 1);
  stream::PigSession a(options_for(r));
  stream::PigSession b(std::move(a));
  const std::vector<double> buf = r.frame(0);
  CHECK(thrown_argument([&] { a.push(buf.data(), buf.size()); }) == "session");  // NOLINT
  CHECK_THAT(thrown_message([&] { a.push(buf.data(), buf.size()); }),            // NOLINT
             ContainsSubstring("moved-from session"));
  CHECK(b.push(buf.data(), buf.size()).frame == 0);
}

TEST_CASE("PigSession: a rejected plate contact of the other foot does not end its swing",
          "[stream][pig_session][events]") {
  // A force on a plate no foot is near (events::ContactRejection::NoFootNearCop offline: the
  // contact has no events at all), inside a stance, while the other foot swings. Online its
  // strike is reported (before the contact is judged) with the nearest foot's side, the
  // other foot; once the contact ends without an off, PigSession takes that strike back from
  // the StanceTracker. Source: pelvis::contralateral_drop on the offline events
  // (events::from_force_plates of the edited trial, which has no event of that contact).
  PlateWalk pw;
  synth::SyntheticWalking& w = pw.w;
  Recording& r = pw.r;
  const int spf = pw.o.samples_per_frame;
  const std::vector<events::GaitEvent> base = events::from_force_plates(w.trial).events;
  constexpr Eigen::Index kLength = 8;  // frames of the injected contact (> min_contact_s)
  auto xy_distance = [&](const char* marker, Eigen::Index f, const Eigen::Vector3d& c) {
    const Trajectory& t = r[marker];
    return std::hypot(t(f, 0) - c.x(), t(f, 1) - c.y());
  };
  auto foot_distance = [&](Side s, Eigen::Index f, const Eigen::Vector3d& c) {
    const bool left = s == Side::Left;
    return std::min({xy_distance(left ? "LHEE" : "RHEE", f, c),
                     xy_distance(left ? "LTOE" : "RTOE", f, c),
                     xy_distance(left ? "LANK" : "RANK", f, c)});
  };
  // Find a stance [s, o) of a side S, the other foot's off in it, a free plate and a start b
  // (the other foot in swing and nearer the plate than S's foot, both far from it).
  Side side = Side::Left;
  Eigen::Index strike = -1, begin = -1;
  std::size_t plate = 0;
  for (std::size_t i = 0; i + 1 < base.size() && begin < 0; ++i) {
    const events::GaitEvent& a = base[i];
    if (a.kind != events::EventKind::FootStrike) continue;
    Eigen::Index off = -1, other_off = -1, other_strike = r.n_frames();
    for (std::size_t j = i + 1; j < base.size(); ++j) {
      const events::GaitEvent& e = base[j];
      if (e.side == a.side) {
        if (e.kind == events::EventKind::FootOff) off = e.frame;
        break;
      }
      if (e.kind == events::EventKind::FootOff && other_off < 0) other_off = e.frame;
      if (e.kind == events::EventKind::FootStrike && other_off >= 0) {
        other_strike = std::min(other_strike, e.frame);
      }
    }
    if (off < 0 || other_off < 0) continue;
    const Eigen::Index last = std::min(off, other_strike) - 3;  // contact ends before both
    for (Eigen::Index b = other_off + 3; b + kLength <= last && begin < 0; ++b) {
      for (std::size_t k = 0; k < w.trial.force_plates.size() && begin < 0; ++k) {
        const io::ForcePlate& p = w.trial.force_plates[k];
        const Eigen::Index s0 = (b - 2) * spf, s1 = (b + kLength + 2) * spf;
        if (s1 > p.force_n.rows()) continue;
        if (p.force_n.middleRows(s0, s1 - s0).col(2).cwiseAbs().maxCoeff() > 1.0) continue;
        const Eigen::Vector3d c = p.corners_m.colwise().mean().transpose();
        bool ok = true;
        for (Eigen::Index f = b; f < b + kLength && ok; ++f) {
          const double d_other = foot_distance(opposite(a.side), f, c);
          const double d_stance = foot_distance(a.side, f, c);
          ok = d_other > 0.4 && d_stance > d_other + 0.1;
        }
        if (ok) {
          side = a.side;
          strike = a.frame;
          begin = b;
          plate = k;
        }
      }
    }
  }
  REQUIRE(begin >= 0);
  CAPTURE(side == Side::Left ? "left" : "right", strike, begin, plate);
  io::ForcePlate& p = w.trial.force_plates[plate];
  const Eigen::Vector3d c = p.corners_m.colwise().mean().transpose();
  for (Eigen::Index s = begin * spf; s < (begin + kLength) * spf; ++s) {
    p.force_n.row(s) << 0.0, 0.0, 300.0;  // up +Z (synth::walking's lab)
    p.cop_m.row(s) = c.transpose();
  }
  const std::vector<events::GaitEvent> offline_events = events::from_force_plates(w.trial).events;
  REQUIRE(offline_events.size() == base.size());  // offline: no event for that contact

  stream::PigSession session(pw.o);
  Reported rep;
  push_with_plates(session, r, w, rep);
  session.close();
  collect(rep, session.closing_reports());
  bool bogus_reported = false;  // the case this is about: online reports its strike
  for (const stream::StreamEvent& e : rep.events) {
    bogus_reported |= e.side == opposite(side) && e.kind == events::EventKind::FootStrike &&
                      e.plate == static_cast<int>(plate) && std::abs(e.frame - begin) <= 1;
  }
  REQUIRE(bogus_reported);

  const Offline off = offline(r.markers(), r.parameters, pw.o.progression);
  const std::size_t i = side == Side::Left ? 0 : 1;
  const Eigen::VectorXd obliquity = off.pelvis[i].col(1);
  const pelvis::StanceDrop* want = nullptr;
  const auto drops = pelvis::contralateral_drop(obliquity, side, offline_events);
  for (const pelvis::StanceDrop& d : drops) {
    if (d.side == side && d.stance.begin == strike) want = &d;
  }
  REQUIRE(want != nullptr);
  const stream::StanceSummary* got = nullptr;
  for (const stream::StanceSummary& s : rep.stances) {
    if (s.side == side && s.foot_strike_frame == strike) got = &s;
  }
  REQUIRE(got != nullptr);
  CHECK(got->foot_off_frame == want->stance.end);
  if (want->single_support.size() == 0) {
    CHECK((got->note & stream::kNoSingleSupport) != 0);
    CHECK(std::isnan(got->peak_pelvic_drop_rad));
  } else {
    CHECK(got->single_support_begin == want->single_support.begin);
    CHECK(got->single_support_end == want->single_support.end);
    CHECK(got->peak_pelvic_drop_rad == want->peak_rad);
    CHECK(got->peak_pelvic_drop_frame == want->peak_frame);
  }
}
