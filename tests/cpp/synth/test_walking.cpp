// The synthetic walking trial (include/hipmech/synth/walking.hpp).
//
// Expected values: the synthetic case with known answer, i.e. the angles and events the
// generator was built with (WalkingTruth), recovered by the library's independent pipeline
// (Plug-in Gait model from the markers, pelvis angles, contralateral drop, plate events);
// the ground reaction checked against physics (weight impulse over a stride = body weight x
// stride time) and geometry (centre of pressure inside the plate, under the foot).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "hipmech/events.hpp"
#include "hipmech/io.hpp"
#include "hipmech/model.hpp"
#include "hipmech/pelvis.hpp"
#include "hipmech/synth.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using hipmech::InvalidArgument;
using hipmech::Side;
using hipmech::Trajectory;
using hipmech::events::EventKind;
using hipmech::events::GaitEvent;
namespace synth = hipmech::synth;
namespace model = hipmech::model;
namespace pelvis = hipmech::pelvis;
namespace io = hipmech::io;

namespace {

const synth::SyntheticWalking& default_walk() {
  static const synth::SyntheticWalking w = synth::walking();
  return w;
}

std::size_t idx(Side s) { return s == Side::Left ? 0 : 1; }

/// Largest |a - b| over all elements.
double max_diff(const Trajectory& a, const Trajectory& b) {
  return (a - b).cwiseAbs().maxCoeff();
}

}  // namespace

TEST_CASE("synth walking: Plug-in Gait recovers the truth hip and knee angles",
          "[synth][walking]") {
  // Known answer: the markers were placed on frames built from these angles.
  const synth::SyntheticWalking& w = default_walk();
  const io::Markers markers = io::Markers::from_trial(w.trial);
  const model::PigLowerBody body =
      model::plug_in_gait(markers, model::PigParameters::from_subject(w.trial.subject));
  for (Side s : {Side::Left, Side::Right}) {
    const std::size_t i = idx(s);
    const Trajectory hip = model::joint_angles(body.pelvis.R_lab_segment,
                                               body.thigh[i].R_lab_segment, s, model::Joint::Hip);
    const Trajectory knee = model::joint_angles(body.thigh[i].R_lab_segment,
                                                body.shank[i].R_lab_segment, s, model::Joint::Knee);
    CHECK(max_diff(hip, w.truth.hip_angles[i]) < 1e-9);
    CHECK(max_diff(knee, w.truth.knee_angles[i]) < 1e-9);
  }
  CHECK((body.pelvis.R_lab_segment - w.truth.R_lab_pelvis).cwiseAbs().maxCoeff() < 1e-12);
  CHECK(w.trial.n_frames() > 600);
  CHECK(w.trial.lab_axes == hipmech::LabAxes("Z", "X"));
}

TEST_CASE("synth walking: pelvis angles and contralateral drop per stance equal the truth",
          "[synth][walking]") {
  const synth::SyntheticWalking& w = default_walk();
  const io::Markers markers = io::Markers::from_trial(w.trial);
  const model::PigLowerBody body =
      model::plug_in_gait(markers, model::PigParameters::from_subject(w.trial.subject));
  const pelvis::Progression prog =
      pelvis::detect_progression(body.pelvis.origin, body.pelvis.R_lab_segment, w.trial.lab_axes);
  REQUIRE(prog.forward == hipmech::SignedAxis::PosX);
  for (Side s : {Side::Left, Side::Right}) {
    const Trajectory baker = pelvis::pelvis_angles(body.pelvis.R_lab_segment, s,
                                                   pelvis::PelvisConvention::Baker,
                                                   prog.R_lab_progression);
    const Trajectory pig = pelvis::pelvis_angles(body.pelvis.R_lab_segment, s,
                                                 pelvis::PelvisConvention::PlugInGait,
                                                 prog.R_lab_progression);
    CHECK(max_diff(baker, w.truth.pelvis_angles_baker[idx(s)]) < 1e-12);
    CHECK(max_diff(pig, w.truth.pelvis_angles_pig[idx(s)]) < 1e-12);
  }
  const Trajectory left = pelvis::pelvis_angles(body.pelvis.R_lab_segment, Side::Left,
                                                pelvis::PelvisConvention::Baker,
                                                prog.R_lab_progression);
  const std::vector<GaitEvent> events = hipmech::events::from_trial_events(w.trial).events;
  const std::vector<pelvis::StanceDrop> drops =
      pelvis::contralateral_drop(left.col(1), Side::Left, events);
  REQUIRE(drops.size() == w.truth.stances.size());
  for (const synth::WalkingStance& st : w.truth.stances) {
    const auto d = std::find_if(drops.begin(), drops.end(), [&](const pelvis::StanceDrop& x) {
      return x.stance.side == st.side && x.stance.begin == st.foot_strike_frame;
    });
    REQUIRE(d != drops.end());
    CHECK(d->stance.end == st.foot_off_frame);
    CHECK_THAT(d->peak_rad, WithinAbs(st.pelvic_drop_rad, 1e-12));
    CHECK(d->peak_frame == st.pelvic_drop_frame);
    // The sampled peak is within 0.5 % of the amplitude injected.
    CHECK_THAT(d->peak_rad, WithinRel(st.pelvic_drop_injected_rad, 5e-3));
  }
}

TEST_CASE("synth walking: knee valgus peaks per stance equal the injected valgus",
          "[synth][walking]") {
  synth::WalkingSettings s;
  s.knee_valgus_rad = {0.05, 0.14};
  s.pelvic_drop_rad = {0.06, 0.13};
  s.variability_sd_rad = 0.0;
  const synth::SyntheticWalking w = synth::walking(s);
  const io::Markers markers = io::Markers::from_trial(w.trial);
  const model::PigLowerBody body =
      model::plug_in_gait(markers, model::PigParameters::from_subject(w.trial.subject));
  for (const synth::WalkingStance& st : w.truth.stances) {
    const std::size_t i = idx(st.side);
    const Trajectory knee = model::joint_angles(body.thigh[i].R_lab_segment,
                                                body.shank[i].R_lab_segment, st.side,
                                                model::Joint::Knee);
    const Eigen::Index n = st.foot_off_frame - st.foot_strike_frame;
    const double peak = -knee.col(1).segment(st.foot_strike_frame, n).minCoeff();
    CHECK_THAT(peak, WithinAbs(st.knee_valgus_rad, 1e-9));
    CHECK_THAT(peak, WithinRel(s.knee_valgus_rad[i], 5e-3));
    CHECK_THAT(st.pelvic_drop_rad, WithinRel(s.pelvic_drop_rad[i], 5e-3));
  }
}

TEST_CASE("synth walking: events in the file, and from the force plates within one frame",
          "[synth][walking]") {
  const synth::SyntheticWalking& w = default_walk();
  const std::vector<GaitEvent> file = hipmech::events::from_trial_events(w.trial).events;
  REQUIRE(file.size() == w.truth.events.size());
  for (std::size_t k = 0; k < file.size(); ++k) {
    CHECK(file[k].frame == w.truth.events[k].frame);
    CHECK(file[k].side == w.truth.events[k].side);
    CHECK(file[k].kind == w.truth.events[k].kind);
  }
  const io::Markers markers = io::Markers::from_trial(w.trial);
  const hipmech::events::ForcePlateEvents fp = hipmech::events::from_force_plates(
      hipmech::events::plate_views(w.trial), w.trial.analog.rate_hz, markers,
      w.trial.point_rate_hz, w.trial.lab_axes);
  CHECK(fp.rejected.empty());
  // One plate per complete stance (6 strides: 7 left, 6 right stances).
  REQUIRE(w.trial.force_plates.size() == 13);
  REQUIRE(fp.contacts.size() == w.truth.stances.size());
  for (const synth::WalkingStance& st : w.truth.stances) {
    const auto& c = fp.contacts[static_cast<std::size_t>(st.plate)];
    CHECK(c.side == st.side);
    CHECK(std::abs(c.strike_frame - st.foot_strike_frame) <= 1);
    CHECK(std::abs(c.off_frame - st.foot_off_frame) <= 1);
  }
}

TEST_CASE("synth walking: mean vertical force over a stride equals body weight",
          "[synth][walking]") {
  const synth::SyntheticWalking& w = default_walk();
  const double bw = 75.0 * 9.81;
  const auto spf = static_cast<Eigen::Index>(w.trial.analog.rate_hz / w.trial.point_rate_hz);
  // Strides between left strikes whose three overlapping stances are all on plates.
  std::vector<Eigen::Index> left_strikes;
  for (const GaitEvent& e : w.truth.events) {
    if (e.side == Side::Left && e.kind == EventKind::FootStrike) left_strikes.push_back(e.frame);
  }
  const Eigen::Index first_right_off = [&] {
    for (const GaitEvent& e : w.truth.events) {
      if (e.side == Side::Right && e.kind == EventKind::FootOff) return e.frame;
    }
    return Eigen::Index{0};
  }();
  int checked = 0;
  for (std::size_t k = 1; k + 1 < left_strikes.size(); ++k) {
    const Eigen::Index b = left_strikes[k] * spf, e = left_strikes[k + 1] * spf;
    REQUIRE(left_strikes[k] > first_right_off);
    double sum = 0.0;
    for (const io::ForcePlate& p : w.trial.force_plates) sum += p.force_n.col(2).segment(b, e - b).sum();
    const double mean = sum / static_cast<double>(e - b);
    CHECK_THAT(mean, WithinRel(bw, 0.03));
    ++checked;
  }
  CHECK(checked >= 4);
  // Peaks of the double hump 1.0-1.25 body weight.
  for (const io::ForcePlate& p : w.trial.force_plates) {
    CHECK(p.force_n.col(2).maxCoeff() > 1.0 * bw);
    CHECK(p.force_n.col(2).maxCoeff() < 1.25 * bw);
  }
}

TEST_CASE("synth walking: the centre of pressure lies inside its plate and under the foot",
          "[synth][walking]") {
  const synth::SyntheticWalking& w = default_walk();
  const auto spf = static_cast<Eigen::Index>(w.trial.analog.rate_hz / w.trial.point_rate_hz);
  for (const synth::WalkingStance& st : w.truth.stances) {
    const io::ForcePlate& p = w.trial.force_plates[static_cast<std::size_t>(st.plate)];
    const Eigen::Vector3d lo = p.corners_m.colwise().minCoeff(), hi = p.corners_m.colwise().maxCoeff();
    const std::string pre = st.side == Side::Left ? "L" : "R";
    const Trajectory& hee = w.trial.marker(pre + "HEE");
    const Trajectory& toe = w.trial.marker(pre + "TOE");
    for (Eigen::Index f = st.foot_strike_frame + 1; f < st.foot_off_frame; ++f) {
      const Eigen::Vector3d c = p.cop_m.row(f * spf).transpose();
      REQUIRE(c.allFinite());
      CHECK(c.x() > lo.x());
      CHECK(c.x() < hi.x());
      CHECK(c.y() > lo.y());
      CHECK(c.y() < hi.y());
      CHECK_THAT(c.z(), WithinAbs(0.0, 1e-12));
      // Under the foot: within 3 cm of the heel-toe marker segment, between heel and toe tip.
      const Eigen::Vector2d a = hee.row(f).head<2>().transpose(), b = toe.row(f).head<2>().transpose();
      const Eigen::Vector2d ab = b - a;
      const double t = (c.head<2>() - a).dot(ab) / ab.squaredNorm();
      CHECK(t > -0.05);
      CHECK(t < 1.45);
      const double lateral = std::abs(ab.x() * (c.y() - a.y()) - ab.y() * (c.x() - a.x())) / ab.norm();
      CHECK(lateral < 0.03);
    }
  }
  // Plates do not overlap (their x ranges are disjoint when their y ranges meet).
  for (std::size_t i = 0; i < w.trial.force_plates.size(); ++i) {
    for (std::size_t j = i + 1; j < w.trial.force_plates.size(); ++j) {
      const auto& a = w.trial.force_plates[i].corners_m;
      const auto& b = w.trial.force_plates[j].corners_m;
      const bool x_apart = a.col(0).maxCoeff() <= b.col(0).minCoeff() ||
                           b.col(0).maxCoeff() <= a.col(0).minCoeff();
      const bool y_apart = a.col(1).maxCoeff() <= b.col(1).minCoeff() ||
                           b.col(1).maxCoeff() <= a.col(1).minCoeff();
      CHECK((x_apart || y_apart));
    }
  }
  // Feet nearly planted while they carry the body (docs/synth.md: below 2 cm over a stance).
  CHECK(w.truth.max_anchor_slide_m < 1e-4);
  CHECK(w.truth.max_stance_slide_m < 0.02);
}

TEST_CASE("synth walking: same seed bit-identical, another seed different", "[synth][walking]") {
  synth::WalkingSettings s;
  s.n_strides = 2;
  s.marker_noise_m = 0.001;
  const synth::SyntheticWalking a = synth::walking(s);
  const synth::SyntheticWalking b = synth::walking(s);
  REQUIRE(a.trial.points.size() == b.trial.points.size());
  for (std::size_t k = 0; k < a.trial.points.size(); ++k) {
    CHECK(a.trial.points[k].values == b.trial.points[k].values);
  }
  CHECK(a.trial.analog.values == b.trial.analog.values);
  s.seed = 2;
  const synth::SyntheticWalking c = synth::walking(s);
  const bool differ = c.trial.marker("LASI").rows() != a.trial.marker("LASI").rows() ||
                      c.trial.marker("LASI") != a.trial.marker("LASI");
  CHECK(differ);
  CHECK(c.truth.stances.front().pelvic_drop_injected_rad !=
        a.truth.stances.front().pelvic_drop_injected_rad);
  // The normal transform: mean 0 and SD 1 of 20000 draws within 4 standard errors.
  synth::Rng rng(7);
  double sum = 0.0, sum2 = 0.0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    const double x = rng.normal();
    sum += x;
    sum2 += x * x;
  }
  CHECK_THAT(sum / n, WithinAbs(0.0, 4.0 / std::sqrt(n)));
  CHECK_THAT(sum2 / n, WithinAbs(1.0, 4.0 * std::sqrt(2.0 / n)));
}

TEST_CASE("synth walking: C3D round trip keeps markers, plates, events and subject",
          "[synth][walking]") {
  synth::WalkingSettings s;
  s.n_strides = 2;
  const synth::SyntheticWalking w = synth::walking(s);
  const std::vector<std::uint8_t> bytes = io::write_c3d_bytes(w.trial);
  const io::Trial r = io::read_c3d_bytes(bytes.data(), bytes.size());
  REQUIRE(r.n_frames() == w.trial.n_frames());
  for (const io::Point& p : w.trial.points) {
    // float32 of millimetres up to 10^4: 1e-6 m.
    CHECK(max_diff(r.marker(p.name), p.values) < 2e-6);
  }
  REQUIRE(r.force_plates.size() == w.trial.force_plates.size());
  for (std::size_t k = 0; k < r.force_plates.size(); ++k) {
    CHECK(max_diff(r.force_plates[k].force_n, w.trial.force_plates[k].force_n) < 1e-3);
    CHECK((r.force_plates[k].corners_m - w.trial.force_plates[k].corners_m).cwiseAbs().maxCoeff() < 1e-6);
  }
  REQUIRE(r.events.size() == w.trial.events.size());
  CHECK(hipmech::events::from_trial_events(r).events.size() == w.truth.events.size());
  CHECK_THAT(r.subject.body_mass_kg, WithinAbs(75.0, 1e-5));
  CHECK_THAT(r.subject.leg_length_m[1], WithinAbs(w.truth.body.leg_length_m, 1e-6));
}

TEST_CASE("synth walking: plates only under the chosen stances", "[synth][walking]") {
  synth::WalkingSettings s;
  s.n_strides = 3;
  s.plates_every_stance = false;
  s.plate_stances = {{Side::Right, 1}, {Side::Left, 0}};
  const synth::SyntheticWalking w = synth::walking(s);
  REQUIRE(w.trial.force_plates.size() == 2);
  int with_plate = 0;
  for (const synth::WalkingStance& st : w.truth.stances) {
    if (st.plate >= 0) {
      ++with_plate;
      CHECK(((st.side == Side::Left && st.index == 0) || (st.side == Side::Right && st.index == 1)));
    }
  }
  CHECK(with_plate == 2);
  s.plate_stances = {};
  CHECK(synth::walking(s).trial.force_plates.empty());
}

TEST_CASE("synth walking: bad settings name the argument", "[synth][walking]") {
  auto fails = [](auto change, const char* name) {
    synth::WalkingSettings s;
    change(s);
    try {
      synth::walking(s);
      FAIL("no exception for " << name);
    } catch (const InvalidArgument& e) {
      CHECK_THAT(std::string(e.what()), ContainsSubstring(name));
    }
  };
  const double nan = std::nan("");
  SECTION("mass") { fails([](auto& s) { s.body_mass_kg = -1.0; }, "body_mass_kg"); }
  SECTION("mass NaN") { fails([nan](auto& s) { s.body_mass_kg = nan; }, "body_mass_kg"); }
  SECTION("height") { fails([](auto& s) { s.height_m = 3.0; }, "height_m"); }
  SECTION("speed") { fails([](auto& s) { s.speed_mps = 0.0; }, "speed_mps"); }
  SECTION("strides") { fails([](auto& s) { s.n_strides = 0; }, "n_strides"); }
  SECTION("rate") { fails([](auto& s) { s.point_rate_hz = 10.0; }, "point_rate_hz"); }
  SECTION("analog") { fails([](auto& s) { s.analog_rate_hz = 1050.0; }, "analog_rate_hz"); }
  SECTION("drop") { fails([](auto& s) { s.pelvic_drop_rad[1] = 0.5; }, "pelvic_drop_rad[right]"); }
  SECTION("valgus") { fails([nan](auto& s) { s.knee_valgus_rad[0] = nan; }, "knee_valgus_rad[left]"); }
  SECTION("cv") { fails([](auto& s) { s.stride_time_cv = -0.1; }, "stride_time_cv"); }
  SECTION("sd") { fails([](auto& s) { s.variability_sd_rad = 1.0; }, "variability_sd_rad"); }
  SECTION("noise") { fails([](auto& s) { s.marker_noise_m = -1.0; }, "marker_noise_m"); }
  SECTION("plate stance") {
    fails([](auto& s) {
      s.plates_every_stance = false;
      s.plate_stances = {{Side::Left, 99}};
    }, "plate_stances[0]");
  }
}
