// Inverse dynamics of both legs of a Plug-in Gait body (include/hipmech/dynamics/lower_limb.hpp).
//
// Sources:
// - Vicon Nexus Plug-in Gait's own RHipMoment stored in the validation C3D
//   (../shared/validation/pycgm_pig_stair/Movement_trial.c3d, cadop/pyCGM sample data):
//   external moment, thigh (distal) frame, N mm/kg in the file, N m/kg after the reader's
//   mm -> m scaling. Vicon used one plate per side; RGroundReactionForce is non-zero exactly in
//   the frames it used for the right foot. Compared in single support (left foot in swing by
//   Zeni et al. 2008 events), the file's markers unfiltered as Vicon used them. Tolerance of
//   docs/dynamics.md: RMS <= 0.03 N m/kg, largest difference <= 0.06 N m/kg, sagittal and
//   frontal components.
// - The Plug-in Gait segment table (Vicon's reference guide, Dempster values): mass fractions
//   0.100 (thigh), 0.0465 (shank), 0.0145 (foot); centre of mass 0.567 of the length from the
//   distal joint; lengths between the model's joint centres (foot: ankle centre to TOE).
// - Statics of a still leg (Winter 2009, ch. 5): a leg in the air carries its own weight, the
//   joint moment balancing the segments' weights about the joint; a standing foot balances the
//   ground reaction about the ankle.
// - docs/conventions.md: the external moment is minus the internal one; a frame whose foot
//   load is unknown is NaN at every joint of that leg, never zero.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/eigen_matchers.hpp"
#include "helpers/pig_fixtures.hpp"
#include "helpers/thrown.hpp"
#include "hipmech/dynamics/lower_limb.hpp"
#include "hipmech/events/kinematic_events.hpp"
#include "hipmech/io/c3d.hpp"
#include "hipmech/model.hpp"

using hipmech::test::thrown_argument;
using hipmech::test::thrown_message;

using namespace hipmech;
using namespace hipmech::dynamics;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using hipmech::testing::IsNear;

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

std::filesystem::path validation_file(const char* name) {
  return test::pig_validation_file(name);
}

/// The validation trial, its Plug-in Gait parameters (static trial + the file's subject) and
/// Zeni events, read once.
struct PigData {
  io::Trial trial;
  model::PigParameters parameters;
  std::vector<events::GaitEvent> events;
};

const PigData& pig_data() {
  const std::filesystem::path movement = validation_file("Movement_trial.c3d");
  const std::filesystem::path still = validation_file("Static_trial.c3d");
  static const PigData data = [&] {
    PigData d;
    d.trial = io::read_c3d(movement.string());
    const io::Trial static_trial = io::read_c3d(still.string());
    d.parameters =
        model::plug_in_gait_static(io::Markers::from_trial(static_trial),
                                   model::PigParameters::from_subject(d.trial.subject));
    d.events = events::from_kinematics(d.trial).events;
    return d;
  }();
  return data;
}

/// The Plug-in Gait settings: its table, distal frame, external moments, no filtering.
TrialDynamicsOptions pig_options(bool external = true) {
  TrialDynamicsOptions o;
  o.cutoff_hz = kNan;
  o.limb.table = BspTable::PlugInGait;
  o.limb.frame = MomentFrame::Distal;
  o.limb.external = external;
  return o;
}

const TrialDynamics& pig_run(bool external) {
  const PigData& d = pig_data();
  static std::optional<TrialDynamics> runs[2];
  std::optional<TrialDynamics>& r = runs[external ? 1 : 0];
  if (!r) r = lower_limb_dynamics(d.trial, d.parameters, kNan, d.events, pig_options(external));
  return *r;
}

/// Upper median (the element at size / 2 after sorting) of the finite values.
double upper_median(std::vector<double> v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
  REQUIRE(!v.empty());
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

TEST_CASE("lower_limb_dynamics reproduces Vicon's RHipMoment in single support",
          "[dynamics][lower_limb][validation]") {
  const PigData& d = pig_data();
  const TrialDynamics& r = pig_run(true);
  // Body mass NaN -> the file's subject mass.
  CHECK_THAT(r.dynamics.body_mass_kg, WithinAbs(85.0, 1e-12));
  CHECK(r.dynamics.frame == MomentFrame::Distal);
  CHECK(r.dynamics.external);
  const Trajectory& ref = d.trial.point("RHipMoment").values;
  const Trajectory& grf = d.trial.point("RGroundReactionForce").values;
  const Trajectory mine = r.dynamics.leg[1].hip.clinical_nm / r.dynamics.body_mass_kg;
  const auto& left_source = r.dynamics.loads.source[0];
  const Eigen::Index n = d.trial.n_frames();
  REQUIRE(mine.rows() == n);
  double sum[2] = {0.0, 0.0}, worst[2] = {0.0, 0.0};
  double peak_mine = -1e300, peak_ref = -1e300;
  Eigen::Index count = 0;
  for (Eigen::Index f = 0; f < n; ++f) {
    const bool used_by_vicon = grf.row(f).cwiseAbs().sum() > 0.0;
    if (!used_by_vicon || left_source[f] != LoadSource::Swing || !mine.row(f).allFinite() ||
        !ref.row(f).allFinite()) {
      continue;
    }
    ++count;
    for (int k = 0; k < 2; ++k) {
      const double e = mine(f, k) - ref(f, k);
      sum[k] += e * e;
      worst[k] = std::max(worst[k], std::abs(e));
    }
    peak_mine = std::max(peak_mine, mine(f, 1));
    peak_ref = std::max(peak_ref, ref(f, 1));
  }
  REQUIRE(count >= 30);
  const double rms0 = std::sqrt(sum[0] / static_cast<double>(count));
  const double rms1 = std::sqrt(sum[1] / static_cast<double>(count));
  INFO("frames " << count << "; RMS (flexion, adduction) " << rms0 << ", " << rms1
                 << " N m/kg; largest " << worst[0] << ", " << worst[1]
                 << " N m/kg; adduction peak " << peak_mine << " vs Vicon " << peak_ref);
  CHECK(rms0 <= 0.03);
  CHECK(rms1 <= 0.03);
  CHECK(worst[0] <= 0.06);
  CHECK(worst[1] <= 0.06);
  // The frontal-plane peak (external adduction moment) within 3 %.
  CHECK_THAT(peak_mine, WithinRel(peak_ref, 0.03));
}

TEST_CASE("lower_limb_dynamics: internal moments are minus the external ones",
          "[dynamics][lower_limb][validation]") {
  const TrialDynamics& ext = pig_run(true);
  const TrialDynamics& in = pig_run(false);
  CHECK_FALSE(in.dynamics.external);
  for (std::size_t s = 0; s < 2; ++s) {
    const LegDynamics& a = in.dynamics.leg[s];
    const LegDynamics& b = ext.dynamics.leg[s];
    for (const auto& [ja, jb] : {std::pair{&a.hip, &b.hip}, std::pair{&a.knee, &b.knee},
                                 std::pair{&a.ankle, &b.ankle}}) {
      // The lab-frame moment is the internal one either way; the clinical one flips sign.
      CHECK_THAT(ja->moment_nm, IsNear(jb->moment_nm, 0.0));
      CHECK_THAT(ja->clinical_nm, IsNear(Trajectory(-jb->clinical_nm), 0.0));
      // Not trivially all NaN.
      CHECK(ja->clinical_nm.array().isFinite().count() > 100);
    }
  }
}

TEST_CASE("lower_limb_dynamics: unknown and rejected foot loads are NaN at every joint",
          "[dynamics][lower_limb][validation]") {
  for (bool external : {false, true}) {
    const TrialDynamics& r = pig_run(external);
    Eigen::Index nan_frames = 0, plate_frames = 0;
    for (std::size_t s = 0; s < 2; ++s) {
      const LegDynamics& leg = r.dynamics.leg[s];
      const auto& src = r.dynamics.loads.source[s];
      for (Eigen::Index f = 0; f < src.size(); ++f) {
        if (src[f] == LoadSource::Plate) ++plate_frames;
        if (src[f] != LoadSource::Unknown && src[f] != LoadSource::Rejected) continue;
        ++nan_frames;
        INFO("side " << s << ", frame " << f);
        for (const JointDynamics* j : {&leg.hip, &leg.knee, &leg.ankle}) {
          CHECK(j->force_n.row(f).array().isNaN().all());
          CHECK(j->moment_nm.row(f).array().isNaN().all());
          CHECK(j->clinical_nm.row(f).array().isNaN().all());
        }
      }
    }
    CHECK(nan_frames > 0);
    CHECK(plate_frames > 0);
  }
  // The plate left unused is explained in the notes (Python test_dynamics: "plate 0").
  const auto& notes = pig_run(true).dynamics.loads.notes;
  CHECK(std::any_of(notes.begin(), notes.end(),
                    [](const std::string& s) { return s.find("plate 0") != std::string::npos; }));
}

TEST_CASE("pig_leg_inertia: the Plug-in Gait table on the validation subject",
          "[dynamics][lower_limb][validation]") {
  const PigData& d = pig_data();
  const TrialDynamics& r = pig_run(true);
  const model::PigLowerBody& body = r.body;
  const io::Markers markers = io::Markers::from_trial(d.trial);
  const double fractions[3] = {0.0145, 0.0465, 0.100};  // foot, shank, thigh
  for (Side side : {Side::Left, Side::Right}) {
    const std::size_t s = side == Side::Left ? 0 : 1;
    INFO("side " << to_string(side));
    const TrajectoryMap toe = markers.get(side == Side::Left ? "LTOE" : "RTOE");
    const LegInertia leg = pig_leg_inertia(body, side, toe, 85.0, BspTable::PlugInGait);
    // Endpoints (proximal, distal) of foot, shank, thigh.
    const Trajectory* ends[3][2] = {{&body.ankle_centre[s], nullptr},
                                    {&body.knee_centre[s], &body.ankle_centre[s]},
                                    {&body.hip_centre[s], &body.knee_centre[s]}};
    for (std::size_t k = 0; k < 3; ++k) {
      INFO("segment " << k);
      CHECK_THAT(leg.segment[k].mass_kg, WithinRel(fractions[k] * 85.0, 1e-12));
      std::vector<double> dist;
      for (Eigen::Index f = 0; f < toe.rows(); ++f) {
        const Eigen::RowVector3d a = ends[k][0]->row(f);
        const Eigen::RowVector3d b = k == 0 ? Eigen::RowVector3d(toe.row(f)) : ends[k][1]->row(f);
        dist.push_back((a - b).norm());
      }
      const double median = upper_median(dist);
      INFO("length " << leg.length_m[k] << " m, median distance " << median << " m");
      CHECK_THAT(leg.length_m[k], WithinAbs(median, 1e-12));
      // The same inertia as the dynamics used.
      CHECK_THAT(r.dynamics.leg[s].inertia.segment[k].mass_kg,
                 WithinRel(leg.segment[k].mass_kg, 1e-15));
      CHECK_THAT(r.dynamics.leg[s].inertia.length_m[k], WithinRel(leg.length_m[k], 1e-15));
    }
    // Thigh and shank frames have their origin at the distal joint and Y towards the proximal
    // one: the centre of mass 0.567 L up the Y axis.
    for (std::size_t k : {std::size_t{1}, std::size_t{2}}) {
      const Eigen::Vector3d com = leg.segment[k].com_m;
      CHECK_THAT(com.y(), WithinAbs(0.567 * leg.length_m[k], 1e-12));
      CHECK_THAT(com.x(), WithinAbs(0.0, 1e-12));
      CHECK_THAT(com.z(), WithinAbs(0.0, 1e-12));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Synthetic: a still standing body in an ISB-aligned lab (X forward, Y up, Z right) [m].
// ---------------------------------------------------------------------------------------------

namespace {

using test::Standing;

/// Centre of mass of a segment in the lab at frame f.
Eigen::Vector3d com_lab(const geometry::SegmentFrames& fr, const SegmentInertia& in,
                        Eigen::Index f) {
  return fr.origin.row(f).transpose() + geometry::rotation_at(fr.R_lab_segment, f) * in.com_m;
}

}  // namespace

TEST_CASE("lower_limb_dynamics: still legs balance their weights and the ground reaction",
          "[dynamics][lower_limb]") {
  const Eigen::Index n = 6;
  const Standing st(n);
  const model::PigLowerBody body = model::plug_in_gait(st.markers, Standing::parameters());
  const double mass = 70.0;
  const Eigen::Vector3d g(0.0, -9.81, 0.0);
  // Left foot in the air (Swing, zero) except frame 2, unknown (NaN). Right foot standing on
  // a plate: 350 N up at a centre of pressure under the foot, a free moment about Y.
  FootLoads loads;
  for (std::size_t s = 0; s < 2; ++s) {
    loads.load[s] = ExternalLoad::zero(n);
    loads.source[s] = Eigen::Array<LoadSource, Eigen::Dynamic, 1>::Constant(n, LoadSource::Swing);
  }
  loads.load[0].force_n.row(2).setConstant(kNan);
  loads.load[0].moment_nm.row(2).setConstant(kNan);
  loads.source[0][2] = LoadSource::Unknown;
  const Eigen::Vector3d F(0.0, 350.0, 0.0), cop(0.06, 0.0, 0.11), T(0.0, 1.5, 0.0);
  loads.load[1].force_n.rowwise() = F.transpose();
  loads.load[1].point_m.rowwise() = cop.transpose();
  loads.load[1].moment_nm.rowwise() = T.transpose();
  loads.source[1].setConstant(LoadSource::Plate);
  LowerLimbOptions o;
  o.gravity_mps2 = g;
  o.frame = MomentFrame::Global;
  const LowerLimbDynamics r =
      lower_limb_dynamics(body, {st.toe(Side::Left), st.toe(Side::Right)}, loads, mass, 100.0, o);
  CHECK(r.rate_hz == 100.0);
  CHECK(r.body_mass_kg == mass);
  // Statics about each joint P of the segments below it (distal first: foot, shank, thigh):
  // M_P + sum (c_k - P) x m_k g + [(cop - P) x F + T] = 0, F_P + sum m_k g + [F] = 0.
  for (Side side : {Side::Left, Side::Right}) {
    const std::size_t s = side == Side::Left ? 0 : 1;
    const LegDynamics& leg = r.leg[s];
    const geometry::SegmentFrames* frames[3] = {&body.foot[s], &body.shank[s], &body.thigh[s]};
    const Trajectory* joints[3] = {&body.ankle_centre[s], &body.knee_centre[s],
                                   &body.hip_centre[s]};
    const JointDynamics* out[3] = {&leg.ankle, &leg.knee, &leg.hip};
    for (Eigen::Index f = 0; f < n; ++f) {
      const bool unknown = s == 0 && f == 2;
      for (std::size_t k = 0; k < 3; ++k) {
        INFO("side " << s << ", joint " << k << ", frame " << f);
        if (unknown) {
          CHECK(out[k]->moment_nm.row(f).array().isNaN().all());
          CHECK(out[k]->force_n.row(f).array().isNaN().all());
          continue;
        }
        const Eigen::Vector3d P = joints[k]->row(f).transpose();
        Eigen::Vector3d force = Eigen::Vector3d::Zero(), moment = Eigen::Vector3d::Zero();
        for (std::size_t i = 0; i <= k; ++i) {
          const SegmentInertia& in = leg.inertia.segment[i];
          force += in.mass_kg * g;
          moment += (com_lab(*frames[i], in, f) - P).cross(in.mass_kg * g);
        }
        if (s == 1) {
          force += F;
          moment += (cop - P).cross(F) + T;
        }
        CHECK_THAT(out[k]->force_n.row(f), IsNear(Trajectory(-force.transpose()), 1e-9));
        CHECK_THAT(out[k]->moment_nm.row(f), IsNear(Trajectory(-moment.transpose()), 1e-9));
        // Global: the clinical components are the lab components.
        CHECK_THAT(out[k]->clinical_nm.row(f), IsNear(out[k]->moment_nm.row(f), 0.0));
      }
    }
    // The hanging left leg carries the weight of its three segments.
    if (s == 0) {
      const double m_leg = leg.inertia.segment[0].mass_kg + leg.inertia.segment[1].mass_kg +
                           leg.inertia.segment[2].mass_kg;
      CHECK_THAT(leg.hip.force_n(0, 1), WithinRel(m_leg * 9.81, 1e-12));
    }
  }
  SECTION("clinical components in the JCS, internal and external") {
    LowerLimbOptions oj = o;
    oj.frame = MomentFrame::Jcs;
    const LowerLimbDynamics a =
        lower_limb_dynamics(body, {st.toe(Side::Left), st.toe(Side::Right)}, loads, mass, 100.0, oj);
    oj.external = true;
    const LowerLimbDynamics b =
        lower_limb_dynamics(body, {st.toe(Side::Left), st.toe(Side::Right)}, loads, mass, 100.0, oj);
    const Trajectory expected =
        clinical_moments(a.leg[1].hip.moment_nm, body.pelvis.R_lab_segment,
                         body.thigh[1].R_lab_segment, Side::Right, model::Joint::Hip,
                         MomentFrame::Jcs);
    CHECK_THAT(a.leg[1].hip.clinical_nm, IsNear(expected, 0.0));
    CHECK_THAT(b.leg[1].hip.clinical_nm, IsNear(Trajectory(-expected), 0.0));
    CHECK_THAT(a.leg[1].hip.moment_nm, IsNear(r.leg[1].hip.moment_nm, 0.0));
  }
}

TEST_CASE("lower_limb_dynamics and pig_leg_inertia reject bad input naming the argument",
          "[dynamics][lower_limb]") {
  const Eigen::Index n = 6;
  const Standing st(n);
  const model::PigLowerBody body = model::plug_in_gait(st.markers, Standing::parameters());
  FootLoads loads;
  for (std::size_t s = 0; s < 2; ++s) {
    loads.load[s] = ExternalLoad::zero(n);
    loads.source[s] = Eigen::Array<LoadSource, Eigen::Dynamic, 1>::Constant(n, LoadSource::Swing);
  }
  const std::array<TrajectoryCRef, 2> toes{st.toe(Side::Left), st.toe(Side::Right)};
  SECTION("a body without feet") {
    model::PigOptions po;
    po.feet = false;
    const model::PigLowerBody no_feet = model::plug_in_gait(st.markers, Standing::parameters(), po);
    REQUIRE_THROWS_AS(pig_leg_inertia(no_feet, Side::Left, toes[0], 70.0, BspTable::PlugInGait),
                      InvalidArgument);
    CHECK(thrown_argument([&] {
            (void)pig_leg_inertia(no_feet, Side::Left, toes[0], 70.0, BspTable::PlugInGait);
          }) == "body");
    REQUIRE_THROWS_AS(lower_limb_dynamics(no_feet, toes, loads, 70.0, 100.0), InvalidArgument);
    CHECK(thrown_argument([&] { (void)lower_limb_dynamics(no_feet, toes, loads, 70.0, 100.0); }) ==
          "body");
  }
  SECTION("toe markers, mass, rate and loads") {
    const Trajectory short_toe = Trajectory(st.toe(Side::Right)).topRows(n - 1);
    REQUIRE_THROWS_AS(pig_leg_inertia(body, Side::Right, short_toe, 70.0, BspTable::PlugInGait),
                      InvalidArgument);
    CHECK(thrown_argument([&] {
            (void)pig_leg_inertia(body, Side::Right, short_toe, 70.0, BspTable::PlugInGait);
          }) == "toe_m");
    for (double bad : {0.0, -70.0, kNan}) {
      CHECK(thrown_argument([&] {
              (void)pig_leg_inertia(body, Side::Right, toes[1], bad, BspTable::PlugInGait);
            }) == "body_mass_kg");
      REQUIRE_THROWS_AS(lower_limb_dynamics(body, toes, loads, bad, 100.0), InvalidArgument);
      CHECK(thrown_argument([&] { (void)lower_limb_dynamics(body, toes, loads, bad, 100.0); }) ==
            "body_mass_kg");
      CHECK(thrown_argument([&] { (void)lower_limb_dynamics(body, toes, loads, 70.0, bad); }) ==
            "rate_hz");
    }
    FootLoads short_loads = loads;
    short_loads.load[1] = ExternalLoad::zero(n - 1);
    REQUIRE_THROWS_AS(lower_limb_dynamics(body, toes, short_loads, 70.0, 100.0), InvalidArgument);
    CHECK(thrown_argument([&] { (void)lower_limb_dynamics(body, toes, short_loads, 70.0, 100.0); }) ==
          "loads");
  }
  SECTION("a trial without body mass or force plates") {
    io::Trial trial;  // empty: no subject mass, no plates
    const model::PigParameters p = Standing::parameters();
    REQUIRE_THROWS_AS(lower_limb_dynamics(trial, p, kNan, {}), InvalidArgument);
    CHECK(thrown_argument([&] { (void)lower_limb_dynamics(trial, p, kNan, {}); }) ==
          "body_mass_kg");
    trial.subject.body_mass_kg = 70.0;
    REQUIRE_THROWS_AS(lower_limb_dynamics(trial, p, kNan, {}), InvalidArgument);
    CHECK(thrown_argument([&] { (void)lower_limb_dynamics(trial, p, kNan, {}); }) == "trial");
    trial.force_plates.emplace_back();
    TrialDynamicsOptions o;
    o.cutoff_hz = -6.0;
    CHECK(thrown_argument([&] { (void)lower_limb_dynamics(trial, p, kNan, {}, o); }) ==
          "options.cutoff_hz");
  }
}

TEST_CASE("lower_limb_dynamics on the validation trial: missing body mass and plates",
          "[dynamics][lower_limb][validation]") {
  const PigData& d = pig_data();
  io::Trial no_mass = d.trial;
  no_mass.subject.body_mass_kg = kNan;
  REQUIRE_THROWS_AS(lower_limb_dynamics(no_mass, d.parameters, kNan, d.events, pig_options()),
                    InvalidArgument);
  CHECK(thrown_argument([&] {
          (void)lower_limb_dynamics(no_mass, d.parameters, kNan, d.events, pig_options());
        }) == "body_mass_kg");
  // An explicit mass replaces the missing one.
  const TrialDynamics r = lower_limb_dynamics(no_mass, d.parameters, 85.0, d.events, pig_options());
  CHECK_THAT(r.dynamics.leg[1].hip.clinical_nm,
             IsNear(pig_run(true).dynamics.leg[1].hip.clinical_nm, 0.0));
  io::Trial no_plates = d.trial;
  no_plates.force_plates.clear();
  REQUIRE_THROWS_AS(lower_limb_dynamics(no_plates, d.parameters, kNan, d.events, pig_options()),
                    InvalidArgument);
  CHECK(thrown_argument([&] {
          (void)lower_limb_dynamics(no_plates, d.parameters, kNan, d.events, pig_options());
        }) == "trial");
}
