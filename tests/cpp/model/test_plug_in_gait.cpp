// Plug-in Gait model against Vicon's own outputs (the validation trial) and synthetic cases.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <cmath>
#include <filesystem>

#include "helpers/pig_fixtures.hpp"
#include "hipmech/io/c3d.hpp"
#include "hipmech/model.hpp"

using namespace hipmech;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;

namespace {

using test::Standing;

constexpr double kDeg = 180.0 / 3.14159265358979323846;

io::Trial validation_trial(const char* name) {
  return io::read_c3d(test::pig_validation_file(name).string());
}

double max_abs(const Trajectory& a, const Trajectory& b) {
  REQUIRE(a.rows() == b.rows());
  return (a - b).cwiseAbs().maxCoeff();
}



}  // namespace

// Source: Vicon Nexus Plug-in Gait outputs stored in the validation C3D (cadop/pyCGM sample
// data): LFEP/RFEP = hip centres, LFEO/RFEO = knee centres, LTIO/RTIO = ankle centres,
// L/RHipAngles and L/RKneeAngles. Issue limits: 0.1 mm and 0.01 deg; float32 storage allows
// ~1e-4 mm, which is what we check.
TEST_CASE("plug_in_gait reproduces Vicon's joint centres and angles", "[model][validation]") {
  const io::Trial trial = validation_trial("Movement_trial.c3d");
  const io::Trial static_trial = validation_trial("Static_trial.c3d");
  const model::PigParameters p = model::plug_in_gait_static(
      io::Markers::from_trial(static_trial), model::PigParameters::from_subject(trial.subject));
  // Test.vsk: LeftStaticPlantFlex 0.25269871950149536, RightStaticRotOff -0.05020267516374588.
  CHECK_THAT(p.static_plantar_flexion_rad[0], WithinAbs(0.25269871950149536, 2e-6));
  CHECK_THAT(p.static_rotation_offset_rad[1], WithinAbs(-0.05020267516374588, 2e-6));

  const model::PigLowerBody body = model::plug_in_gait(io::Markers::from_trial(trial), p);
  for (Side side : {Side::Left, Side::Right}) {
    const std::size_t i = side == Side::Left ? 0 : 1;
    const std::string s(1, prefix(side));
    CHECK(max_abs(body.hip_centre[i], trial.marker(s + "FEP")) < 1e-6);
    CHECK(max_abs(body.knee_centre[i], trial.marker(s + "FEO")) < 1e-6);
    CHECK(max_abs(body.ankle_centre[i], trial.marker(s + "TIO")) < 1e-6);
    const Trajectory hip = model::joint_angles(body.pelvis.R_lab_segment,
                                               body.thigh[i].R_lab_segment, side, model::Joint::Hip);
    const Trajectory knee = model::joint_angles(
        body.thigh[i].R_lab_segment, body.shank[i].R_lab_segment, side, model::Joint::Knee);
    CHECK(max_abs(hip, trial.point(s + "HipAngles").values) * kDeg < 1e-3);
    CHECK(max_abs(knee, trial.point(s + "KneeAngles").values) * kDeg < 1e-3);
  }
}

TEST_CASE("plug_in_gait frames are orthonormal, right-handed, Z to the right", "[model]") {
  const Standing standing;
  const model::PigLowerBody body = model::plug_in_gait(standing.markers, Standing::parameters());
  // Pelvis aligned with the lab: the identity.
  CHECK((geometry::rotation_at(body.pelvis.R_lab_segment, 0) - Eigen::Matrix3d::Identity())
            .cwiseAbs()
            .maxCoeff() < 1e-15);
  for (std::size_t i = 0; i < 2; ++i) {
    for (const geometry::SegmentFrames* f : {&body.thigh[i], &body.shank[i], &body.foot[i]}) {
      const Eigen::Matrix3d R = geometry::rotation_at(f->R_lab_segment, 0);
      CHECK((R * R.transpose() - Eigen::Matrix3d::Identity()).cwiseAbs().maxCoeff() < 1e-14);
      CHECK_THAT(R.determinant(), WithinAbs(1.0, 1e-14));
      CHECK(R(2, 2) > 0.4);  // the segment's Z axis points to the lab's right on both sides
    }
    // Knee centre medial of the knee marker by half the knee width plus the marker radius.
    CHECK_THAT((body.knee_centre[i].row(0) - standing.markers.get(i ? "RKNE" : "LKNE").row(0)).norm(),
               WithinAbs(0.05 + 0.007, 1e-14));
    CHECK(std::abs(body.knee_centre[i](0, 2)) < 0.15);
  }
  // The hip centre lies at mid-ASIS + the Davis vector (pelvis = identity, origin (0, 1, 0)).
  const Eigen::Vector3d local = model::davis_hip_joint_centre(
      0.9, 0.24, model::default_asis_trochanter_distance(0.9), 0.007, Side::Right);
  CHECK((body.hip_centre[1].row(0).transpose() - (Eigen::Vector3d(0, 1, 0) + local)).norm() < 1e-15);
  CHECK_THAT(body.parameters.inter_asis_distance_m, WithinAbs(0.24, 1e-15));
}

TEST_CASE("plug_in_gait carries NaN frames and rejects bad input", "[model]") {
  Standing standing;
  standing.data[0].second(1, 0) = std::nan("");  // LASI frame 1 missing
  io::Markers markers;
  for (auto& [name, t] : standing.data) markers.add(name, t);
  const model::PigLowerBody body = model::plug_in_gait(markers, Standing::parameters());
  CHECK(body.hip_centre[0].row(1).array().isNaN().all());
  CHECK(body.thigh[1].R_lab_segment.row(1).array().isNaN().all());
  CHECK(body.hip_centre[0].row(0).allFinite());
  CHECK(body.hip_centre[0].row(2).allFinite());

  SECTION("missing markers are listed with the available ones") {
    io::Markers partial;
    for (auto& [name, t] : standing.data) {
      if (name != "LKNE" && name != "RTOE") partial.add(name, t);
    }
    try {
      (void)model::plug_in_gait(partial, Standing::parameters());
      FAIL("expected InvalidArgument");
    } catch (const InvalidArgument& e) {
      CHECK_THAT(e.what(), ContainsSubstring("'LKNE', 'RTOE'"));
      CHECK_THAT(e.what(), ContainsSubstring("available: 'LASI'"));
    }
    model::PigOptions no_feet;
    no_feet.feet = false;
    REQUIRE_THROWS_WITH(model::plug_in_gait(partial, Standing::parameters(), no_feet),
                        ContainsSubstring("LKNE") && !ContainsSubstring("RTOE"));
  }
  SECTION("missing measurements are named with their side") {
    model::PigParameters p = Standing::parameters();
    p.knee_width_m[1] = std::nan("");
    REQUIRE_THROWS_WITH(model::plug_in_gait(standing.markers, p),
                        ContainsSubstring("knee_width_m[right]"));
  }
  SECTION("measurements in millimetres are refused, not used (issue 19)") {
    model::PigParameters p = Standing::parameters();
    p.leg_length_m[0] = 850.0;  // mm typed where metres are expected
    REQUIRE_THROWS_WITH(model::plug_in_gait(standing.markers, p),
                        ContainsSubstring("leg_length_m[left]") && ContainsSubstring("mm or cm"));
    p = Standing::parameters();
    p.marker_diameter_m = 14.0;
    REQUIRE_THROWS_WITH(model::plug_in_gait(standing.markers, p),
                        ContainsSubstring("marker_diameter_m"));
    p = Standing::parameters();
    p.inter_asis_distance_m = 240.0;
    REQUIRE_THROWS_WITH(model::plug_in_gait(standing.markers, p),
                        ContainsSubstring("inter_asis_distance_m"));
  }
  SECTION("markers of different lengths") {
    Trajectory short_one = Trajectory::Zero(2, 3);
    io::Markers m = standing.markers;
    REQUIRE_THROWS_AS(m.add("XTRA", short_one), InvalidArgument);
  }
  SECTION("the static calibration needs the heel markers") {
    io::Markers partial;
    for (auto& [name, t] : standing.data) {
      if (name != "RHEE") partial.add(name, t);
    }
    REQUIRE_THROWS_WITH(model::plug_in_gait_static(partial, Standing::parameters()),
                        ContainsSubstring("RHEE"));
  }
}

TEST_CASE("plug_in_gait_static measures the foot offsets it is given", "[model]") {
  // A heel raised by a known angle: the static foot (HEE -> TOE) is the uncorrected foot
  // (ankle centre -> TOE) rotated by a known plantar flexion; the offset must recover it.
  const Standing standing;
  model::PigLowerBody body = model::plug_in_gait(standing.markers, Standing::parameters());
  const Eigen::Vector3d toe = standing.markers.get("RTOE").row(0).transpose();
  const Eigen::Vector3d ajc = body.ankle_centre[1].row(0).transpose();
  const Eigen::Matrix3d R_foot = geometry::rotation_at(body.foot[1].R_lab_segment, 0);
  const double angle = 0.2;  // rad: the static foot points 0.2 rad further down than ajc->toe
  const Eigen::Vector3d dir = R_foot * Eigen::Vector3d(std::cos(angle), -std::sin(angle), 0);
  Standing moved;
  for (auto& [name, t] : moved.data) {
    if (name == "RHEE") t.rowwise() = (toe - 0.2 * dir).transpose();
  }
  io::Markers markers;
  for (auto& [name, t] : moved.data) markers.add(name, t);
  const model::PigParameters p = model::plug_in_gait_static(markers, Standing::parameters());
  // Static foot = uncorrected foot rotated about its Z by -0.2 rad: plantar flexion offset -0.2.
  CHECK_THAT(p.static_plantar_flexion_rad[1], WithinAbs(-angle, 1e-12));
  CHECK_THAT(p.static_rotation_offset_rad[1], WithinAbs(0.0, 1e-12));
  (void)ajc;
}
