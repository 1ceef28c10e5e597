// Marker maps (include/hipmech/io/marker_map.hpp): parsing, renaming a trial, suggestions, and
// the Plug-in Gait model's messages that use them (issue 20, item 4).
#include <cmath>
#include <string>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "hipmech/io/marker_map.hpp"
#include "hipmech/io/markers.hpp"
#include "hipmech/model/plug_in_gait.hpp"
#include "hipmech/synth/walking.hpp"

using Catch::Matchers::ContainsSubstring;
using hipmech::InvalidArgument;
using hipmech::Trajectory;
namespace io = hipmech::io;
namespace model = hipmech::model;

namespace {

/// A 4-frame trial: markers A, VSAC, LSHA and an angle output LKneeAngles, each row (k, k, k)
/// with k the point's index so that a reordering would show.
io::Trial small_trial() {
  io::Trial t;
  t.point_rate_hz = 100.0;
  int k = 0;
  for (const char* name : {"A", "VSAC", "LSHA"}) {
    t.set_point(name, Trajectory::Constant(4, 3, k++));
    t.points.back().residual = Eigen::VectorXd::Constant(4, 0.5 + k);
    t.points.back().description = std::string("marker ") + name;
  }
  t.set_point("LKneeAngles", Trajectory::Constant(4, 3, k), io::PointKind::Angle);
  t.subject.body_mass_kg = 70.0;
  return t;
}

std::string message_of(const io::Trial& t, const io::MarkerMap& map) {
  io::Trial copy = t;
  try {
    io::rename_markers(copy, map);
  } catch (const InvalidArgument& e) {
    CHECK(e.argument() == "old_to_new");
    // A refused map changes nothing.
    for (std::size_t i = 0; i < t.points.size(); ++i)
      CHECK(copy.points[i].name == t.points[i].name);
    return e.what();
  }
  FAIL("expected InvalidArgument");
  return {};
}

}  // namespace

TEST_CASE("parse_marker_map reads OLD=NEW pairs", "[io][marker_map]") {
  const io::MarkerMap map = io::parse_marker_map(" VSAC = SACR, LSHA=LTIB,RSHA=RTIB,");
  REQUIRE(map.size() == 3);
  CHECK(map[0] == std::pair<std::string, std::string>{"VSAC", "SACR"});
  CHECK(map[2] == std::pair<std::string, std::string>{"RSHA", "RTIB"});
  CHECK(io::format_marker_map(map) == "VSAC=SACR,LSHA=LTIB,RSHA=RTIB");
  CHECK(io::parse_marker_map(io::format_marker_map(map)) == map);
  CHECK(io::parse_marker_map("LTIB=RTIB,RTIB=LTIB").size() == 2);  // a swap
}

TEST_CASE("parse_marker_map refuses malformed text, naming the argument", "[io][marker_map]") {
  const auto refused = [](const char* text, const char* phrase) {
    try {
      (void)io::parse_marker_map(text, "--marker-map");
      FAIL("expected InvalidArgument for " << text);
    } catch (const InvalidArgument& e) {
      CHECK(e.argument() == "--marker-map");
      CHECK_THAT(e.what(), ContainsSubstring(phrase));
    }
  };
  SECTION("empty") {
    refused("  ", "'OLD=NEW' pairs");
  }
  SECTION("no '='") {
    refused("VSAC", "'VSAC' in 'VSAC'");
  }
  SECTION("two '='") {
    refused("A=B=C", "'A=B=C'");
  }
  SECTION("empty names") {
    refused("=SACR", "non-empty names");
    refused("VSAC=", "non-empty names");
    refused("A=B,,C=D", "'OLD=NEW' pairs");
  }
  SECTION("a name mapped twice") {
    refused("VSAC=SACR,VSAC=S1", "'VSAC' mapped twice");
  }
  SECTION("two names mapped to one") {
    refused("VSAC=SACR,S1=SACR", "'VSAC' and 'S1' both mapped to 'SACR'");
  }
}

TEST_CASE("rename_markers renames in place and keeps everything else", "[io][marker_map]") {
  const io::Trial before = small_trial();
  io::Trial t = before;
  io::rename_markers(t, {{"VSAC", "SACR"}, {"LSHA", "LTIB"}});
  REQUIRE(t.points.size() == before.points.size());
  const std::vector<std::string> expected{"A", "SACR", "LTIB", "LKneeAngles"};
  for (std::size_t i = 0; i < t.points.size(); ++i) {
    CHECK(t.points[i].name == expected[i]);  // same place: nothing reorders
    CHECK(t.points[i].values == before.points[i].values);
    CHECK(t.points[i].residual == before.points[i].residual);
    CHECK(t.points[i].description == before.points[i].description);
    CHECK(t.points[i].kind == before.points[i].kind);
  }
  CHECK(t.subject.body_mass_kg == 70.0);
  CHECK(t.point_rate_hz == 100.0);
  CHECK(t.find_point("VSAC") == -1);

  SECTION("names swap, all at once") {
    io::Trial u = before;
    io::rename_markers(u, {{"VSAC", "LSHA"}, {"LSHA", "VSAC"}});
    CHECK(u.points[1].name == "LSHA");
    CHECK(u.points[2].name == "VSAC");
    CHECK(u.marker("VSAC") == before.marker("LSHA"));
  }
  SECTION("an empty map and OLD=OLD change nothing") {
    io::Trial u = before;
    io::rename_markers(u, {});
    io::rename_markers(u, {{"A", "A"}});
    CHECK(u.names() == before.names());
  }
}

TEST_CASE("rename_markers refuses a bad map and names the alternatives", "[io][marker_map]") {
  const io::Trial t = small_trial();
  SECTION("an OLD name the trial lacks: the closest names and every marker") {
    const std::string m = message_of(t, {{"VSAK", "SACR"}});
    CHECK_THAT(m, ContainsSubstring("'VSAK', which the trial does not hold"));
    CHECK_THAT(m, ContainsSubstring("closest: 'VSAC'"));
    CHECK_THAT(m, ContainsSubstring("markers available: 'A', 'VSAC', 'LSHA'"));
  }
  SECTION("an OLD name that is a model output") {
    CHECK_THAT(message_of(t, {{"LKneeAngles", "X"}}), ContainsSubstring("not a marker"));
  }
  SECTION("a NEW name another point already has") {
    CHECK_THAT(message_of(t, {{"VSAC", "A"}}),
               ContainsSubstring("'VSAC' -> 'A', but the trial already holds 'A'"));
    CHECK_THAT(message_of(t, {{"VSAC", "LKneeAngles"}}), ContainsSubstring("already holds"));
  }
  SECTION("a name mapped twice, two names mapped to one, empty names") {
    CHECK_THAT(message_of(t, {{"VSAC", "SACR"}, {"VSAC", "S1"}}),
               ContainsSubstring("'VSAC' mapped twice"));
    CHECK_THAT(message_of(t, {{"VSAC", "SACR"}, {"LSHA", "SACR"}}),
               ContainsSubstring("both mapped to 'SACR'"));
    CHECK_THAT(message_of(t, {{"VSAC", ""}}), ContainsSubstring("non-empty"));
  }
}

TEST_CASE("suggest_marker_map finds other labs' names, side by side", "[io][marker_map]") {
  const std::vector<std::string> lab{"LASI",  "RASI",      "VSAC",   "LSHA",   "RSHA",
                                     "L_KNE", "Jane:RKNE", "LTHIAP", "LTHIAD", "RHEEL"};
  const io::MarkerMap m =
      io::suggest_marker_map({"LTIB", "RTIB", "SACR", "LKNE", "RKNE", "LTHI", "RHEE", "LTOE"}, lab);
  const io::MarkerMap expected{{"LSHA", "LTIB"},  {"RSHA", "RTIB"},      {"VSAC", "SACR"},
                               {"L_KNE", "LKNE"}, {"Jane:RKNE", "RKNE"}, {"RHEEL", "RHEE"}};
  CHECK(m == expected);  // LTHI: two candidates (LTHIAP, LTHIAD), no guess; LTOE: none
  // A side never stands in for the other.
  CHECK(io::suggest_marker_map({"RTIB"}, {"LSHA"}).empty());
  CHECK(io::suggest_marker_map({"LPSI"}, {"RPSI"}).empty());
  CHECK(io::marker_map_hint({"LTOE"}, lab).empty());
  CHECK_THAT(io::marker_map_hint({"SACR"}, lab),
             ContainsSubstring("map it with marker_map={'VSAC': 'SACR'}") &&
                 ContainsSubstring("--marker-map VSAC=SACR"));
}

TEST_CASE("Plug-in Gait names the alternatives of what is missing (issue 20)",
          "[io][marker_map][model]") {
  // Another lab's trial: the synthetic walk with a sacrum marker VSAC (mid-PSIS) instead of
  // the PSIS markers, LSHA/RSHA for LTIB/RTIB, and no leg lengths.
  const hipmech::synth::SyntheticWalking w = hipmech::synth::walking();
  io::Trial other = w.trial;
  other.set_point("VSAC", 0.5 * (other.marker("LPSI") + other.marker("RPSI")));
  for (const char* name : {"LPSI", "RPSI"})
    other.points.erase(other.points.begin() + other.find_point(name));
  io::rename_markers(other, {{"LTIB", "LSHA"}, {"RTIB", "RSHA"}});
  other.subject.leg_length_m[0] = other.subject.leg_length_m[1] = std::nan("");

  try {
    (void)model::plug_in_gait(io::Markers::from_trial(other),
                              model::PigParameters::from_subject(other.subject));
    FAIL("expected InvalidArgument");
  } catch (const InvalidArgument& e) {
    CHECK(e.argument() == "markers");
    CHECK_THAT(e.what(), ContainsSubstring("'LTIB', 'RTIB' and 'SACR', or both 'LPSI' and 'RPSI'"));
    CHECK_THAT(e.what(),
               ContainsSubstring("marker_map={'LSHA': 'LTIB', 'RSHA': 'RTIB', 'VSAC': 'SACR'}"));
  }
  io::rename_markers(other, io::parse_marker_map("VSAC=SACR,LSHA=LTIB,RSHA=RTIB"));
  try {
    (void)model::plug_in_gait(io::Markers::from_trial(other),
                              model::PigParameters::from_subject(other.subject));
    FAIL("expected InvalidArgument");
  } catch (const InvalidArgument& e) {
    CHECK(e.argument() == "leg_length_m[left]");
    CHECK_THAT(e.what(), ContainsSubstring("leg_length_left_m") &&
                             ContainsSubstring("PROCESSING:LLegLength") &&
                             ContainsSubstring("LeftLegLength") && ContainsSubstring("--subject") &&
                             ContainsSubstring("with_subject"));
  }
  // With the leg lengths back the angles are the original trial's, to the last bit (SACR is
  // the mid-PSIS point the original pelvis used).
  other.subject.leg_length_m[0] = w.trial.subject.leg_length_m[0];
  other.subject.leg_length_m[1] = w.trial.subject.leg_length_m[1];
  const model::PigLowerBody a = model::plug_in_gait(
      io::Markers::from_trial(w.trial), model::PigParameters::from_subject(w.trial.subject));
  const model::PigLowerBody b = model::plug_in_gait(
      io::Markers::from_trial(other), model::PigParameters::from_subject(other.subject));
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(a.hip_centre[i] == b.hip_centre[i]);
    CHECK(a.knee_centre[i] == b.knee_centre[i]);
    CHECK(a.shank[i].R_lab_segment == b.shank[i].R_lab_segment);
  }
}

TEST_CASE("the pelvis asks for SACR or both PSIS markers", "[model][marker_map]") {
  const Trajectory asis_l = Trajectory::Constant(2, 3, 0.0);
  Trajectory asis_r = asis_l, psi = asis_l;
  asis_r.col(2).setConstant(0.25);
  psi.col(0).setConstant(-0.15);
  io::Markers m;
  m.add("LASI", asis_l);
  m.add("RASI", asis_r);
  m.add("LPSI", psi);
  m.add("S1", psi);
  REQUIRE_THROWS_WITH(model::pig_pelvis(m),
                      ContainsSubstring("expected the markers 'SACR', or both 'LPSI' and 'RPSI'") &&
                          ContainsSubstring("without 'SACR', 'RPSI'") &&
                          ContainsSubstring("marker_map={'S1': 'SACR'}"));
  REQUIRE_THROWS_WITH(model::pig_pelvis(m, model::PelvisRear::Psis),
                      ContainsSubstring("the markers 'RPSI', got markers without them"));
  m.add("RPSI", psi);
  CHECK_NOTHROW(model::pig_pelvis(m));
}
