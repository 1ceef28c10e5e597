// Tests of include/hipmech/uncertainty/model.hpp: the cited defaults (recomputed here from the
// published numbers and the library's segment tables), the residual-derived marker noise, the
// checks and the per-source switches (docs/uncertainty-model.md).
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "helpers/pig_fixtures.hpp"
#include "helpers/thrown.hpp"
#include "hipmech/dynamics/segment_parameters.hpp"
#include "hipmech/io/c3d.hpp"
#include "hipmech/synth/walking.hpp"
#include "hipmech/uncertainty/model.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using hipmech::model::HipJointCentreMethod;
using hipmech::uncertainty::Source;
using hipmech::uncertainty::UncertaintyModel;

namespace {

constexpr double kPi = 3.14159265358979323846;
const double kNaN = std::numeric_limits<double>::quiet_NaN();

const char* const kPigMarkers[] = {"LASI", "RASI", "SACR", "LPSI", "RPSI", "LTHI", "RTHI", "LKNE",
                                   "RKNE", "LTIB", "RTIB", "LANK", "RANK", "LTOE", "RTOE"};

hipmech::io::Trial short_walk() {
  hipmech::synth::WalkingSettings s;
  s.n_strides = 1;
  return hipmech::synth::walking(s).trial;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

bool has_note(const UncertaintyModel& m, const std::string& text) {
  return std::any_of(m.notes.begin(), m.notes.end(),
                     [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("uncertainty sources are named as Python and the columns name them", "[uncertainty]") {
  CHECK(hipmech::uncertainty::to_string(Source::MarkerNoise) == "marker_noise");
  CHECK(hipmech::uncertainty::to_string(Source::MarkerPlacement) == "marker_placement");
  CHECK(hipmech::uncertainty::to_string(Source::HipJointCentre) == "hip_joint_centre");
  CHECK(hipmech::uncertainty::to_string(Source::SegmentParameters) == "segment_parameters");
  CHECK(hipmech::uncertainty::to_string(Source::CentreOfPressure) == "centre_of_pressure");
  CHECK(hipmech::uncertainty::to_string(Source::SubjectMeasurements) == "subject_measurements");
}

TEST_CASE("hip joint centre errors follow from the published 3-D errors", "[uncertainty]") {
  // The papers' 3-D error, mean m and SD s over subjects (docs/uncertainty-model.md): the
  // per-axis root mean square of an isotropic error is sqrt((m^2 + s^2) / 3). Mantovani et al.
  // 2016 (Gait Posture 44:48-54, abstract): Davis 25.0 +/- 6.7 mm, Harrington 12.3 +/- 5.9 mm.
  const double davis = std::sqrt((25.0 * 25.0 + 6.7 * 6.7) / 3.0) * 1e-3;
  const double harrington = std::sqrt((12.3 * 12.3 + 5.9 * 5.9) / 3.0) * 1e-3;
  // Hicks & Richards 2005 (Gait Posture 22:138-145, abstract): mean 21.6 mm only; Maxwell mean
  // 2 sd sqrt(2/pi).
  const double bell = 21.6e-3 / (2.0 * std::sqrt(2.0 / kPi));
  struct Row {
    HipJointCentreMethod method;
    double sd_m;
  };
  for (const Row& row :
       {Row{HipJointCentreMethod::Davis, davis}, Row{HipJointCentreMethod::Bell, bell},
        Row{HipJointCentreMethod::Harrington, harrington},
        Row{HipJointCentreMethod::HarringtonWidthOnly, harrington}}) {
    const auto& e = hipmech::uncertainty::hip_centre_error(row.method);
    for (int a = 0; a < 3; ++a) CHECK_THAT(e.sd_m[a], WithinAbs(row.sd_m, 0.05e-3));  // rounding
    CHECK(std::string(e.source).size() > 20);
    CHECK(std::string(e.derivation).size() > 20);
  }
  // The Maxwell mean used for Bell, checked by simulation: E|e| of three independent N(0, 1).
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal;
  double sum = 0.0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double x = normal(rng), y = normal(rng), z = normal(rng);
    sum += std::sqrt(x * x + y * y + z * z);
  }
  CHECK_THAT(sum / n, WithinAbs(2.0 * std::sqrt(2.0 / kPi), 0.005));  // SE 0.0015
}

TEST_CASE("resolved fills the cited defaults with a note each", "[uncertainty]") {
  const UncertaintyModel m = UncertaintyModel{}.resolved(nullptr);
  CHECK(m.marker_noise_m == hipmech::uncertainty::default_marker_noise_m());
  CHECK_THAT(m.marker_noise_m, WithinAbs(0.001, 1e-15));  // issue 26: ~1 mm
  CHECK(m.hip_centre_sd_m ==
        hipmech::uncertainty::hip_centre_error(HipJointCentreMethod::Davis).sd_m);
  // Bobbert & Schamhardt 1990 (J Biomech 23:705-710, abstract): mean absolute CoP errors 3.5
  // and 6.3 mm; as normal SDs (mean|e| = sd sqrt(2/pi)), root mean square of the two axes.
  const double to_sd = 1.0 / std::sqrt(2.0 / kPi);
  const double cop = std::sqrt(0.5 * (std::pow(3.5 * to_sd, 2) + std::pow(6.3 * to_sd, 2))) * 1e-3;
  CHECK_THAT(m.cop_sd_m, WithinAbs(cop, 0.05e-3));
  CHECK(m.knee_width_sd_m == 0.0);
  CHECK(m.ankle_width_sd_m == 0.0);
  CHECK(m.leg_length_sd_m == 0.0);
  CHECK(m.marker_placement_sd_m == 0.0);
  // The side correlation's bound from Mantovani et al. 2016 (Davis: 25.0 +/- 6.7 mm 3-D):
  // a bias b plus isotropic scatter t fitted to the mean and SD of |e| (noncentral chi, 3
  // degrees of freedom; scipy.stats.ncx2 in tests/python/test_uncertainty.py) gives
  // b = 22.83 mm, t = 7.04 mm and b^2 / (b^2 + 3 t^2) = 0.778, rounded in the table.
  CHECK_THAT(m.hip_centre_side_correlation,
             WithinAbs(22.83 * 22.83 / (22.83 * 22.83 + 3 * 7.04 * 7.04), 0.005));
  CHECK(has_note(m, "side correlation 0.78"));
  CHECK(m.segment_side_correlation == 1.0);
  CHECK(has_note(m, "marker noise 1 mm: default"));
  CHECK(has_note(m, "Mantovani"));
  CHECK(has_note(m, "Bobbert"));
  CHECK(has_note(m, "leg length 0 mm"));
  // Every field it filled has its note (marker noise, placement, hip centre, 3 segment values,
  // segment correlation, CoP, knee width, ankle width, leg length).
  CHECK(m.notes.size() == 11);
  // Idempotent: resolving a resolved model changes no number.
  const UncertaintyModel again = m.resolved(nullptr);
  CHECK(again.marker_noise_m == m.marker_noise_m);
  CHECK(again.hip_centre_sd_m == m.hip_centre_sd_m);
  CHECK(again.segment_mass_cv == m.segment_mass_cv);
  CHECK(again.cop_sd_m == m.cop_sd_m);
  // Another method's error.
  UncertaintyModel h;
  h.hip_centre_method = HipJointCentreMethod::Harrington;
  h.hip_centre_sd_m[1] = 0.02;  // the caller's superior SD stays
  const UncertaintyModel hr = h.resolved(nullptr);
  CHECK(hr.hip_centre_sd_m[0] ==
        hipmech::uncertainty::hip_centre_error(HipJointCentreMethod::Harrington).sd_m[0]);
  CHECK(hr.hip_centre_sd_m[1] == 0.02);
}

TEST_CASE("segment parameter defaults are the spread of the library's tables", "[uncertainty]") {
  // Independent of scripts/uncertainty_segment_spread.py (which parses the C++ source): the
  // same statistics from the tables as the library serves them (de Leva 1996 male, female;
  // Dempster/Winter; Dumas et al. 2007 male, female): per segment the sample SD / mean of the
  // mass fraction and of the radius of gyration across the segment, the sample SD of the
  // centre of mass along the long axis; root mean square over thigh, shank and foot.
  using hipmech::dynamics::BspTable;
  const BspTable tables[] = {BspTable::DeLevaMale, BspTable::DeLevaFemale, BspTable::DempsterWinter,
                             BspTable::DumasMale, BspTable::DumasFemale};
  auto sd = [](const std::vector<double>& v) {
    double mean = 0.0;
    for (double x : v) mean += x;
    mean /= static_cast<double>(v.size());
    double ss = 0.0;
    for (double x : v) ss += (x - mean) * (x - mean);
    return std::pair<double, double>{mean, std::sqrt(ss / static_cast<double>(v.size() - 1))};
  };
  double mass2 = 0.0, com2 = 0.0, gyr2 = 0.0;
  for (const char* segment : {"thigh", "shank", "foot"}) {
    const bool foot = std::string(segment) == "foot";
    std::vector<double> mass, com, gyr;
    for (BspTable t : tables) {
      const auto& row = hipmech::dynamics::find_segment(t, segment);
      mass.push_back(row.mass_fraction);
      const int along = foot ? 0 : 1;  // the long axis: X for the foot, Y otherwise
      com.push_back(std::fabs(row.com_fraction[along]));
      // Radii across the segment: the two axes other than the long one.
      gyr.push_back(foot ? 0.5 * (row.gyration_fraction[1] + row.gyration_fraction[2])
                         : 0.5 * (row.gyration_fraction[0] + row.gyration_fraction[2]));
    }
    const std::pair<double, double> ms = sd(mass), cs = sd(com), gs = sd(gyr);
    mass2 += std::pow(ms.second / ms.first, 2) / 3.0;
    com2 += cs.second * cs.second / 3.0;
    gyr2 += std::pow(gs.second / gs.first, 2) / 3.0;
  }
  const UncertaintyModel m = UncertaintyModel{}.resolved(nullptr);
  CHECK_THAT(m.segment_mass_cv, WithinAbs(std::sqrt(mass2), 0.0005));  // 3 decimals
  CHECK_THAT(m.segment_com_sd_fraction, WithinAbs(std::sqrt(com2), 0.0005));
  CHECK_THAT(m.segment_gyration_cv, WithinAbs(std::sqrt(gyr2), 0.0005));
}

TEST_CASE("marker noise from C3D residual words", "[uncertainty]") {
  // C3D user guide (c3d.org, "3D Data - Integer/Floating-point Format"): the residual word as a
  // signed integer holds the camera mask in its high byte and residual / |POINT:SCALE| in its
  // low byte; negative = missing, low byte 0 = not measured. Expected here: the median of
  // (word & 0xFF) * |POINT:SCALE| * (mm -> m) over the measured samples of the markers.
  hipmech::io::Trial trial = short_walk();
  const Eigen::Index n = trial.n_frames();
  REQUIRE(n > 20);
  std::vector<double> expected_m;
  int k = 0;
  for (const char* name : kPigMarkers) {
    if (trial.find_point(name) < 0) continue;
    hipmech::io::Point& p = trial.point(name);
    p.unit_original = "mm";
    p.residual.resize(n);
    for (Eigen::Index f = 0; f < n; ++f, ++k) {
      const int low = 1 + (k * 7) % 23;  // 0.1 .. 2.3 mm with a 0.1 scale
      const int mask = 0x3E;             // cameras 2-6
      double word = mask * 256 + low;
      if (f % 11 == 0) word = -1.0;  // missing
      if (f % 13 == 0) word = 0.0;   // interpolated
      p.residual[f] = word;
      if (word > 0) expected_m.push_back(low * 0.1 * 1e-3);
    }
  }
  REQUIRE(expected_m.size() > 100);
  const double expected = median(expected_m);

  SECTION("float file written and read back") {
    trial.parameters.set("POINT", hipmech::io::make_parameter("SCALE", std::vector<double>{-0.1}));
    const std::vector<std::uint8_t> bytes = hipmech::io::write_c3d_bytes(trial);
    const hipmech::io::Trial back = hipmech::io::read_c3d_bytes(bytes.data(), bytes.size());
    CHECK_THAT(hipmech::uncertainty::marker_noise_from_residuals(back), WithinRel(expected, 1e-6));
    const UncertaintyModel m = UncertaintyModel{}.resolved(&back);
    CHECK_THAT(m.marker_noise_m, WithinRel(expected, 1e-6));
    CHECK(has_note(m, "median C3D residual"));
  }
  SECTION("integer scale in memory: |POINT:SCALE| 0.5, so 5x the residual") {
    trial.parameters.set("POINT", hipmech::io::make_parameter("SCALE", std::vector<double>{0.5}));
    CHECK_THAT(hipmech::uncertainty::marker_noise_from_residuals(trial),
               WithinRel(5.0 * expected, 1e-12));
  }
  SECTION("a float word with a fraction is the residual itself in POINT:UNITS") {
    trial.parameters.set("POINT", hipmech::io::make_parameter("SCALE", std::vector<double>{-0.1}));
    std::vector<double> direct;
    for (const char* name : kPigMarkers) {
      if (trial.find_point(name) < 0) continue;
      hipmech::io::Point& p = trial.point(name);
      for (Eigen::Index f = 0; f < n; ++f) {
        p.residual[f] = 0.25 + 0.5 * static_cast<double>(f % 4);  // 0.25, 0.75, 1.25, 1.75 mm
        direct.push_back(p.residual[f] * 1e-3);
      }
    }
    CHECK_THAT(hipmech::uncertainty::marker_noise_from_residuals(trial),
               WithinRel(median(direct), 1e-12));
  }
  SECTION("no residuals (as from TRC), or only 0 and -1: NaN, and the default applies") {
    hipmech::io::Trial none = short_walk();
    CHECK(std::isnan(hipmech::uncertainty::marker_noise_from_residuals(none)));
    const UncertaintyModel m = UncertaintyModel{}.resolved(&none);
    CHECK(m.marker_noise_m == hipmech::uncertainty::default_marker_noise_m());
    CHECK(has_note(m, "no measured residuals"));
    for (const char* name : kPigMarkers) {
      if (trial.find_point(name) < 0) continue;
      auto& r = trial.point(name).residual;
      for (Eigen::Index f = 0; f < n; ++f) r[f] = f % 2 == 0 ? 0.0 : -1.0;
    }
    CHECK(std::isnan(hipmech::uncertainty::marker_noise_from_residuals(trial)));
  }
  SECTION("a caller's value is kept over the residuals") {
    UncertaintyModel given;
    given.marker_noise_m = 0.0004;
    const UncertaintyModel m = given.resolved(&trial);
    CHECK(m.marker_noise_m == 0.0004);
    CHECK(has_note(m, "set by the caller"));
  }
}

TEST_CASE("marker noise of the real Plug-in Gait C3D files", "[uncertainty]") {
  // Both validation trials were exported by Vicon Nexus with every residual word 0 (processed)
  // or -1 (missing): read independently with a 30-line Python reader of the float data section
  // (docs/uncertainty-model.md, "Marker noise"). No measured residual: NaN, default 1 mm.
  for (const auto& [folder, file] :
       {std::pair<const char*, const char*>{"pycgm_pig_stair", "Movement_trial.c3d"},
        std::pair<const char*, const char*>{"biomechzoo_pig_child", "HC030A05.c3d"}}) {
    const auto path = hipmech::test::pig_validation_file(file, folder);
    const hipmech::io::Trial trial = hipmech::io::read_c3d(path.string());
    int markers = 0;
    for (const char* name : kPigMarkers) {
      if (trial.find_point(name) < 0) continue;
      ++markers;
      const auto& r = trial.point(name).residual;
      REQUIRE(r.size() == trial.n_frames());
      for (Eigen::Index f = 0; f < r.size(); ++f) CHECK((r[f] == 0.0 || r[f] == -1.0));
    }
    CHECK(markers >= 12);
    CHECK(std::isnan(hipmech::uncertainty::marker_noise_from_residuals(trial)));
    CHECK(UncertaintyModel{}.resolved(&trial).marker_noise_m == 0.001);
  }
}

TEST_CASE("bad uncertainty model fields are named", "[uncertainty]") {
  using hipmech::test::thrown_argument;
  auto resolve = [](UncertaintyModel m) { return [m] { (void)m.resolved(nullptr); }; };
  UncertaintyModel m;
  SECTION("negative SD") {
    m.marker_noise_m = -0.001;
    CHECK(thrown_argument(resolve(m)) == "model.marker_noise_m");
  }
  SECTION("SD above 0.1 m") {
    m.cop_sd_m = 0.2;
    CHECK(thrown_argument(resolve(m)) == "model.cop_sd_m");
    m.cop_sd_m = kNaN;
    m.hip_centre_sd_m[2] = 0.15;
    CHECK_THAT(thrown_argument(resolve(m)), ContainsSubstring("hip_centre_sd_m[2]"));
  }
  SECTION("not finite") {
    m.knee_width_sd_m = std::numeric_limits<double>::infinity();
    CHECK(thrown_argument(resolve(m)) == "model.knee_width_sd_m");
    m.knee_width_sd_m = kNaN;
    m.marker_placement_sd_m = kNaN;  // has no default
    CHECK(thrown_argument(resolve(m)) == "model.marker_placement_sd_m");
  }
  SECTION("correlation outside [0, 1]") {
    m.hip_centre_side_correlation = 1.5;
    CHECK(thrown_argument(resolve(m)) == "model.hip_centre_side_correlation");
    m.hip_centre_side_correlation = 0.0;
    m.segment_side_correlation = -0.1;
    CHECK(thrown_argument(resolve(m)) == "model.segment_side_correlation");
    m.segment_side_correlation = kNaN;
    CHECK(thrown_argument(resolve(m)) == "model.segment_side_correlation");
  }
  SECTION("CV above 1") {
    m.segment_mass_cv = 1.5;
    CHECK(thrown_argument(resolve(m)) == "model.segment_mass_cv");
    m.segment_mass_cv = kNaN;
    m.segment_gyration_cv = -0.2;
    CHECK(thrown_argument(resolve(m)) == "model.segment_gyration_cv");
    m.segment_gyration_cv = kNaN;
    m.segment_com_sd_fraction = 2.0;
    CHECK(thrown_argument(resolve(m)) == "model.segment_com_sd_fraction");
  }
  SECTION("the message says what was expected") {
    m.leg_length_sd_m = -1.0;
    CHECK_THAT(hipmech::test::thrown_message(resolve(m)), ContainsSubstring("[0, 0.1] m"));
  }
}

TEST_CASE("none() switches every source off; the defaults switch the cited ones on",
          "[uncertainty]") {
  const Source all[] = {Source::MarkerNoise,      Source::MarkerPlacement,
                        Source::HipJointCentre,   Source::SegmentParameters,
                        Source::CentreOfPressure, Source::SubjectMeasurements};
  const UncertaintyModel none = UncertaintyModel::none();
  const UncertaintyModel none_resolved = none.resolved(nullptr);
  for (Source s : all) {
    CHECK_FALSE(none.active(s));
    CHECK_FALSE(none_resolved.active(s));
  }
  CHECK(none_resolved.marker_noise_m == 0.0);
  CHECK(none_resolved.hip_centre_sd_m.isZero());
  const UncertaintyModel d = UncertaintyModel{}.resolved(nullptr);
  CHECK(d.active(Source::MarkerNoise));
  CHECK(d.active(Source::HipJointCentre));
  CHECK(d.active(Source::SegmentParameters));
  CHECK(d.active(Source::CentreOfPressure));
  CHECK_FALSE(d.active(Source::MarkerPlacement));
  CHECK_FALSE(d.active(Source::SubjectMeasurements));
  UncertaintyModel one = UncertaintyModel::none();
  one.segment_gyration_cv = 0.1;
  CHECK(one.active(Source::SegmentParameters));
  CHECK_FALSE(one.active(Source::HipJointCentre));
}

TEST_CASE("active() of an unresolved model counts each NaN field as its default", "[uncertainty]") {
  // The independent reference is resolved(), which fills the defaults: active() must say the
  // same before and after it (the subject measurements' defaults are 0, so off).
  const Source all[] = {Source::MarkerNoise,      Source::MarkerPlacement,
                        Source::HipJointCentre,   Source::SegmentParameters,
                        Source::CentreOfPressure, Source::SubjectMeasurements};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  UncertaintyModel partial = UncertaintyModel::none();
  partial.cop_sd_m = nan;
  partial.knee_width_sd_m = nan;
  partial.hip_centre_sd_m[2] = nan;
  for (const UncertaintyModel& m : {UncertaintyModel{}, UncertaintyModel::none(), partial}) {
    const UncertaintyModel r = m.resolved(nullptr);
    for (Source s : all) CHECK(m.active(s) == r.active(s));
  }
  CHECK(UncertaintyModel{}.active(Source::MarkerNoise));
  CHECK_FALSE(UncertaintyModel{}.active(Source::SubjectMeasurements));
  CHECK(partial.active(Source::CentreOfPressure));
  CHECK(partial.active(Source::HipJointCentre));
  CHECK_FALSE(partial.active(Source::SubjectMeasurements));
}
