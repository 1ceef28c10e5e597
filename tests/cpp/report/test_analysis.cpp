// hipmech/report/analysis.hpp: the per-trial hip analysis against synthetic trials with known
// answers (synth::walking's truth: the pelvic drop and knee valgus it injected per stance) and
// the asymmetry of means against closed forms (Robinson et al. 1987; Zifchock et al. 2008).
// The Python report is a thin layer over this function (tests/python/test_report.py checks it
// on Vicon's stair trial; tests/python/test_hip_summary_cpp.py the C++ example).
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <cmath>
#include <limits>

#include "helpers/thrown.hpp"
#include "hipmech/report/analysis.hpp"
#include "hipmech/synth/walking.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using hipmech::Side;
namespace report = hipmech::report;
using report::SymmetryMeasure;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = kPi / 180.0;

Eigen::VectorXd values(std::initializer_list<double> v) {
  Eigen::VectorXd x(static_cast<Eigen::Index>(v.size()));
  Eigen::Index i = 0;
  for (double d : v) x[i++] = d;
  return x;
}
}  // namespace

TEST_CASE("asymmetry_of_means: closed forms and degenerate bootstrap", "[report][analysis]") {
  // Equal samples: SI = 0 (Robinson 1987), and every resample too.
  const auto same = report::asymmetry_of_means(SymmetryMeasure::Index, values({4, 5, 6}),
                                               values({4, 5, 6}), Side::Left, 500, 1);
  CHECK(same.value == 0.0);
  CHECK(same.note.empty());
  // Constant samples: SI = 100 (12 - 10) / 11, CI degenerate at the estimate.
  const auto si = report::asymmetry_of_means(SymmetryMeasure::Index, values({10, 10, 10}),
                                             values({12, 12, 12, 12}), Side::Left, 500, 1);
  CHECK_THAT(si.value, WithinRel(100.0 * 2.0 / 11.0, 1e-12));
  CHECK_THAT(si.ci_low, WithinRel(si.value, 1e-12));
  CHECK_THAT(si.ci_high, WithinRel(si.value, 1e-12));
  // SA with the right limb as reference: 100 (45 deg - atan(12 / 10)) / 90 deg (Zifchock 2008,
  // positive when the non-reference (left) limb is larger: here it is smaller).
  const auto sa = report::asymmetry_of_means(SymmetryMeasure::Angle, values({10, 10, 10}),
                                             values({12, 12, 12, 12}), Side::Right, 500, 1);
  CHECK_THAT(sa.value, WithinRel(100.0 * (45.0 - std::atan(12.0 / 10.0) / kDeg) / 90.0, 1e-12));
  // Opposite signs: undefined, and the note says why; NaN values are omitted, not resampled.
  const auto opposite = report::asymmetry_of_means(
      SymmetryMeasure::Index, values({-1, -2}), values({1, kNaN, 2}), Side::Left, 100, 1);
  CHECK(std::isnan(opposite.value));
  CHECK_THAT(opposite.note, ContainsSubstring("opposite signs"));
  // No finite stance on a side: NaN, and the note says so.
  const auto none = report::asymmetry_of_means(SymmetryMeasure::Angle, values({kNaN}),
                                               values({1, 2}), Side::Left, 100, 1);
  CHECK(std::isnan(none.value));
  CHECK_THAT(none.note, ContainsSubstring("left side has 0"));
  // One stance on a side: an estimate, no CI, and the note says so.
  const auto one = report::asymmetry_of_means(SymmetryMeasure::Index, values({10}),
                                              values({12, 13}), Side::Left, 100, 1);
  CHECK_THAT(one.value, WithinRel(100.0 * 2.5 / 11.25, 1e-12));
  CHECK(std::isnan(one.ci_low));
  CHECK_THAT(one.note, ContainsSubstring("at least 2 per side"));
  CHECK(hipmech::test::thrown_argument([] {
          (void)report::asymmetry_of_means(SymmetryMeasure::Index, values({1}), values({1}),
                                           Side::Left, 0, 1);
        }) == "n_resamples");
}

TEST_CASE("analyse: a synthetic trial gives back the drop and valgus it was built with",
          "[report][analysis]") {
  // synth::walking injects a right-side weakness: more contralateral pelvic drop and knee
  // valgus in right stance. Its truth holds each stance's peak; the analysis low-passes the
  // markers at 6 Hz, which rounds the peaks by a few hundredths of a degree (docs/synth.md).
  hipmech::synth::WalkingSettings s;
  s.n_strides = 5;
  s.pelvic_drop_rad = {4.0 * kDeg, 8.0 * kDeg};
  s.knee_valgus_rad = {2.0 * kDeg, 6.0 * kDeg};
  s.seed = 7;
  const hipmech::synth::SyntheticWalking walk = hipmech::synth::walking(s);
  report::AnalysisOptions o;
  o.n_resamples = 200;
  const report::TrialSummary r = report::analyse(walk.trial, o);

  CHECK(r.body_mass_source == "file");
  CHECK_THAT(r.body_mass_kg, WithinRel(75.0, 1e-9));
  REQUIRE_FALSE(r.stances.empty());
  std::array<double, 2> truth_drop{0, 0}, truth_valgus{0, 0};
  std::array<int, 2> n{0, 0};
  for (const auto& st : walk.truth.stances) {
    for (const auto& row : r.stances) {
      if (row.side != st.side || row.foot_strike_frame != st.foot_strike_frame) continue;
      const std::size_t i = st.side == Side::Left ? 0 : 1;
      CHECK(row.foot_off_frame == st.foot_off_frame);
      truth_drop[i] += st.pelvic_drop_rad / kDeg;
      truth_valgus[i] += st.knee_valgus_rad / kDeg;
      ++n[i];
    }
  }
  REQUIRE(n[0] >= 3);
  REQUIRE(n[1] >= 3);
  const auto& drop = r.summary[static_cast<std::size_t>(report::Quantity::PelvicDropDeg)];
  const auto& valgus = r.summary[static_cast<std::size_t>(report::Quantity::KneeValgusDeg)];
  CHECK(drop.left.n == n[0]);
  CHECK(drop.right.n == n[1]);
  CHECK_THAT(drop.left.mean, WithinAbs(truth_drop[0] / n[0], 0.5));
  CHECK_THAT(drop.right.mean, WithinAbs(truth_drop[1] / n[1], 0.5));
  CHECK_THAT(valgus.left.mean, WithinAbs(truth_valgus[0] / n[0], 0.5));
  CHECK_THAT(valgus.right.mean, WithinAbs(truth_valgus[1] / n[1], 0.5));
  // Robinson's SI of the side means, left the reference: right larger -> positive.
  CHECK_THAT(drop.symmetry_index.value, WithinAbs(100.0 * (drop.right.mean - drop.left.mean) /
                                                      (0.5 * (drop.right.mean + drop.left.mean)),
                                                  1e-9));
  CHECK(drop.symmetry_index.ci_low <= drop.symmetry_index.value);
  CHECK(drop.symmetry_index.value <= drop.symmetry_index.ci_high);
  // Every stance stood on a plate: moments on both sides, positive (internal abduction).
  CHECK(r.moments_available[0]);
  CHECK(r.moments_available[1]);
  const auto& moment =
      r.summary[static_cast<std::size_t>(report::Quantity::HipAbductionMomentNmPerKg)];
  CHECK(moment.left.mean > 0.3);
  CHECK(moment.right.mean > 0.3);
  // Curves: one row of 101 points per complete cycle.
  const auto& obliquity = r.curves.data[static_cast<std::size_t>(report::Curve::PelvicObliquityDeg)];
  CHECK(obliquity[0].cols() == 101);
  CHECK(static_cast<std::size_t>(obliquity[0].rows()) == r.curves.cycles[0].size());
  CHECK(r.curves.cycles[0].size() >= 3);
  // The same seed gives the same CIs (deterministic).
  const report::TrialSummary again = report::analyse(walk.trial, o);
  CHECK(again.summary[0].symmetry_index.ci_low == drop.symmetry_index.ci_low);
  CHECK(again.notes == r.notes);
}

TEST_CASE("analyse: bad input names the argument", "[report][analysis]") {
  hipmech::synth::WalkingSettings s;
  s.n_strides = 2;
  const hipmech::synth::SyntheticWalking walk = hipmech::synth::walking(s);
  using hipmech::test::thrown_argument;
  report::AnalysisOptions o;
  o.body_mass_kg = -3.0;
  CHECK(thrown_argument([&] { (void)report::analyse(walk.trial, o); }) == "body_mass_kg");
  o.body_mass_kg = 72000.0;  // grams
  CHECK(thrown_argument([&] { (void)report::analyse(walk.trial, o); }) == "body_mass_kg");
  o = {};
  o.cutoff_hz = 80.0;  // above half the 100 Hz point rate
  CHECK(thrown_argument([&] { (void)report::analyse(walk.trial, o); }) == "cutoff_hz");
  o = {};
  o.n_resamples = 0;
  CHECK(thrown_argument([&] { (void)report::analyse(walk.trial, o); }) == "n_resamples");
  o = {};
  o.moment_frame = hipmech::dynamics::MomentFrame::Global;
  CHECK(thrown_argument([&] { (void)report::analyse(walk.trial, o); }) == "moment_frame");
  hipmech::io::Trial empty;
  CHECK(thrown_argument([&] { (void)report::analyse(empty); }) == "trial");
  hipmech::io::Trial no_mass = walk.trial;
  no_mass.subject.body_mass_kg = kNaN;
  CHECK(thrown_argument([&] { (void)report::analyse(no_mass); }) == "body_mass_kg");
}

TEST_CASE("analyse: event modes and the difference of the side means", "[report][analysis]") {
  // synth::walking writes its true events into the file and puts every stance on a plate:
  // "file" uses those only; "auto" keeps them (the plates and Zeni's events fall within the
  // merge window of the file's and are left out as duplicates); with the file's events gone,
  // "auto" takes the plates and fills the rest from the kinematics.
  hipmech::synth::WalkingSettings s;
  s.n_strides = 4;
  s.seed = 11;
  hipmech::synth::SyntheticWalking walk = hipmech::synth::walking(s);
  report::AnalysisOptions o;
  o.n_resamples = 100;
  o.events = report::EventsMode::File;
  const report::TrialSummary file = report::analyse(walk.trial, o);
  CHECK(file.events_source == "file");
  for (const auto& e : file.events) CHECK(e.source == "file");
  o.events = report::EventsMode::Auto;
  const report::TrialSummary automatic = report::analyse(walk.trial, o);
  CHECK(automatic.events_mode == report::EventsMode::Auto);
  CHECK(automatic.events.size() >= file.events.size());
  walk.trial.events.clear();
  const report::TrialSummary no_file = report::analyse(walk.trial, o);
  CHECK(no_file.events_source.rfind("force plates", 0) == 0);
  o.events = report::EventsMode::File;
  const report::TrialSummary none = report::analyse(walk.trial, o);
  CHECK(none.events_source == "none");
  CHECK(none.stances.empty());
  // The difference is other - reference of the side means (reference left by default).
  for (const auto& row : automatic.summary) {
    if (row.left.n == 0 || row.right.n == 0) continue;
    CHECK_THAT(row.difference.value, WithinAbs(row.right.mean - row.left.mean, 1e-12));
    if (row.left.n >= 2) {
      CHECK(row.left.ci_low <= row.left.mean);
      CHECK(row.left.mean <= row.left.ci_high);
    }
  }
  CHECK(report::parse_events_mode("plates") == report::EventsMode::Plates);
  CHECK_THROWS_WITH(report::parse_events_mode("vicon", "--events"),
                    Catch::Matchers::ContainsSubstring("--events"));
}
