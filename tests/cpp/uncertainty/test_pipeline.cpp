// src/uncertainty/pipeline.hpp and summarise.hpp (internal): report::analyse's numerical path
// with the nominal events, contacts and parameters held fixed. Unperturbed, it must give back
// report::analyse's curves and per-stance peaks (analyse is the reference: the published
// analysis); perturbed, each systematic error must act as an independent computation says:
// the hip centre moves by R_pelvis offset (the offset is in the pelvis frame), a centre of
// pressure moved by delta adds delta x F to the ground reaction's moment (so -delta x F to the
// internal hip moment, Winter 2009 eq. 5.4 with the load's point moved), and a thigh mass error
// e adds e times the thigh's own Newton-Euler terms to the hip moment.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "../../../src/uncertainty/pipeline.hpp"
#include "../../../src/uncertainty/summarise.hpp"
#include "helpers/pig_fixtures.hpp"
#include "helpers/thrown.hpp"
#include "hipmech/dynamics/lower_limb.hpp"
#include "hipmech/dynamics/moment_frames.hpp"
#include "hipmech/geometry/rotations.hpp"
#include "hipmech/io/c3d.hpp"
#include "hipmech/io/markers.hpp"
#include "hipmech/model/joint_angles.hpp"
#include "hipmech/model/plug_in_gait.hpp"
#include "hipmech/report/analysis.hpp"
#include "hipmech/signal/time_normalise.hpp"
#include "hipmech/synth/walking.hpp"

using Catch::Matchers::WithinAbs;
using hipmech::Side;
namespace report = hipmech::report;
namespace detail = hipmech::uncertainty::detail;
namespace io = hipmech::io;
namespace model = hipmech::model;
namespace dynamics = hipmech::dynamics;

namespace {

constexpr double kDegPerRad = 180.0 / 3.14159265358979323846;

/// A short synthetic walk with marker noise and a plate under every stance.
hipmech::synth::SyntheticWalking short_walk(double noise_m = 0.001, int strides = 3) {
  hipmech::synth::WalkingSettings s;
  s.n_strides = strides;
  s.marker_noise_m = noise_m;
  s.seed = 7;
  return hipmech::synth::walking(s);
}

/// Both NaN, or within `tol`.
bool same(double a, double b, double tol) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::abs(a - b) <= tol;
}

/// The pipeline's unperturbed evaluation against report::analyse: the curves of every cycle
/// (time-normalised over analyse's cycles) and every per-stance peak, to 1e-9.
void check_reproduces_analyse(const io::Trial& trial, const report::AnalysisOptions& options,
                              const io::Trial* static_trial) {
  const report::TrialSummary nominal = report::analyse(trial, options, static_trial);
  const detail::TrialPipeline pipeline(trial, nominal, options, static_trial);
  detail::Output out;
  pipeline.evaluate(pipeline.filtered_markers(), detail::Systematic{}, out);
  long compared = 0, mismatched = 0, moments = 0;
  for (std::size_t c = 0; c < report::kCurveCount; ++c) {
    for (std::size_t i = 0; i < 2; ++i) {
      REQUIRE(out.curves[c][i].size() == trial.n_frames());
      const auto& cycles = nominal.curves.cycles[i];
      if (cycles.empty()) continue;
      std::vector<std::pair<double, double>> spans;
      for (const auto& [b, e] : cycles) spans.emplace_back(double(b), double(e));
      const hipmech::Channels stacked =
          hipmech::signal::time_normalise_cycles(out.curves[c][i], spans, 101);
      const auto& expected = nominal.curves.data[c][i];
      for (Eigen::Index k = 0; k < expected.rows(); ++k) {
        for (Eigen::Index p = 0; p < 101; ++p) {
          ++compared;
          if (!same(stacked(k * 101 + p, 0), expected(k, p), 1e-9)) ++mismatched;
        }
      }
    }
  }
  CHECK(compared > 0);
  CHECK(mismatched == 0);
  REQUIRE(out.peaks.size() == nominal.stances.size());
  for (std::size_t r = 0; r < nominal.stances.size(); ++r) {
    for (std::size_t q = 0; q < report::kQuantityCount; ++q) {
      INFO("stance " << r << ", quantity " << report::quantity_info()[q].name);
      CHECK(same(out.peaks[r][q], nominal.stances[r].value[q], 1e-9));
      CHECK((std::isnan(out.peaks[r][q]) == (out.peak_frames[r][q] < 0)));
      if (q == 3 && std::isfinite(out.peaks[r][q])) ++moments;
    }
  }
  if (!trial.force_plates.empty()) CHECK(moments > 0);  // the kinetics were compared too

  // summary_values of the unperturbed peaks: the summary's point estimates.
  const detail::SummaryValues sv = detail::summary_values(out.peaks, nominal, options.reference);
  for (std::size_t q = 0; q < report::kQuantityCount; ++q) {
    const report::SummaryRow& row = nominal.summary[q];
    INFO("summary " << report::quantity_info()[q].name);
    CHECK(same(sv.side_mean[q][0], row.left.mean, 1e-9));
    CHECK(same(sv.side_mean[q][1], row.right.mean, 1e-9));
    CHECK(same(sv.difference[q], row.difference.value, 1e-9));
    CHECK(same(sv.symmetry_index[q], row.symmetry_index.value, 1e-9));
    CHECK(same(sv.symmetry_angle[q], row.symmetry_angle.value, 1e-9));
  }
}

/// A body built from the pipeline's nominal filtered markers with `options`.
model::PigLowerBody body_of(const detail::TrialPipeline& pipeline,
                            const model::PigOptions& options) {
  io::Markers m;
  for (std::size_t k = 0; k < pipeline.marker_names().size(); ++k) {
    m.add(pipeline.marker_names()[k], pipeline.filtered_markers()[k]);
  }
  return model::plug_in_gait(m, pipeline.nominal().parameters, options);
}

}  // namespace

TEST_CASE("TrialPipeline: unperturbed, it reproduces report::analyse on synth::walking",
          "[uncertainty][pipeline]") {
  const auto walk = short_walk();
  SECTION("6 Hz filter, JCS moments") {
    check_reproduces_analyse(walk.trial, {}, nullptr);
  }
  SECTION("no filter, distal frame, right reference") {
    report::AnalysisOptions o;
    o.cutoff_hz.reset();
    o.moment_frame = dynamics::MomentFrame::Distal;
    o.reference = Side::Right;
    check_reproduces_analyse(walk.trial, o, nullptr);
  }
}

TEST_CASE("TrialPipeline: unperturbed, it reproduces report::analyse on Vicon trials",
          "[uncertainty][pipeline]") {
  SECTION("pycgm_pig_stair with its static trial") {
    const io::Trial trial =
        io::read_c3d(hipmech::test::pig_validation_file("Movement_trial.c3d").string());
    const io::Trial st =
        io::read_c3d(hipmech::test::pig_validation_file("Static_trial.c3d").string());
    check_reproduces_analyse(trial, {}, &st);
  }
  SECTION("biomechzoo_pig_child (rotation offsets) with its static trial") {
    const io::Trial trial = io::read_c3d(
        hipmech::test::pig_validation_file("HC030A05.c3d", "biomechzoo_pig_child").string());
    const io::Trial st = io::read_c3d(
        hipmech::test::pig_validation_file("HC030A01.c3d", "biomechzoo_pig_child").string());
    check_reproduces_analyse(trial, {}, &st);
  }
}

TEST_CASE("TrialPipeline: bad inputs name the argument", "[uncertainty][pipeline]") {
  const auto walk = short_walk(0.0, 2);
  const report::TrialSummary nominal = report::analyse(walk.trial);
  const auto other = short_walk(0.0, 3);  // another trial: other frame count
  CHECK(hipmech::test::thrown_argument(
            [&] { detail::TrialPipeline p(other.trial, nominal, {}, nullptr); }) == "nominal");
  report::AnalysisOptions o;
  o.cutoff_hz = 8.0;  // not the settings of `nominal`
  CHECK(hipmech::test::thrown_argument(
            [&] { detail::TrialPipeline p(walk.trial, nominal, o, nullptr); }) == "options");
  const detail::TrialPipeline pipeline(walk.trial, nominal, {}, nullptr);
  detail::Output out;
  detail::Systematic sys;
  sys.cop_offset_m.resize(pipeline.n_plates() + 1);
  CHECK(hipmech::test::thrown_argument([&] {
          pipeline.evaluate(pipeline.filtered_markers(), sys, out);
        }) == "systematic.cop_offset_m");
  std::vector<hipmech::Trajectory> fewer = pipeline.filtered_markers();
  fewer.pop_back();
  CHECK(hipmech::test::thrown_argument(
            [&] { pipeline.evaluate(fewer, detail::Systematic{}, out); }) == "filtered");
}

TEST_CASE("PigOptions::hip_centre_offset_m moves each hip centre by R_lab_pelvis offset",
          "[uncertainty][pipeline]") {
  const auto walk = short_walk(0.001, 2);
  const io::Markers markers = io::Markers::from_trial(walk.trial);
  const model::PigParameters p = walk.truth.body.pig_parameters();
  const model::PigLowerBody body0 = model::plug_in_gait(markers, p);
  model::PigOptions o;
  o.hip_centre_offset_m = {Eigen::Vector3d(0.01, -0.02, -0.015),
                           Eigen::Vector3d(0.005, 0.01, 0.02)};
  const model::PigLowerBody body1 = model::plug_in_gait(markers, p, o);
  // The offset is in the pelvis frame: the lab position moves by R_lab_pelvis offset.
  for (std::size_t i = 0; i < 2; ++i) {
    for (Eigen::Index f = 0; f < walk.trial.n_frames(); ++f) {
      const Eigen::Vector3d moved =
          hipmech::geometry::rotation_at(body0.pelvis.R_lab_segment, f) * o.hip_centre_offset_m[i];
      const Eigen::Vector3d got =
          (body1.hip_centre[i].row(f) - body0.hip_centre[i].row(f)).transpose();
      REQUIRE((got - moved).norm() < 1e-12);
    }
  }
  // Zero: the model as before, bit for bit.
  model::PigOptions zero;
  const model::PigLowerBody body2 = model::plug_in_gait(markers, p, zero);
  CHECK((body2.hip_centre[1].array() == body0.hip_centre[1].array()).all());
  CHECK((body2.thigh[0].R_lab_segment.array() == body0.thigh[0].R_lab_segment.array()).all());
  // A non-finite offset is refused, naming the side.
  model::PigOptions bad;
  bad.hip_centre_offset_m[0].x() = std::numeric_limits<double>::quiet_NaN();
  CHECK(hipmech::test::thrown_argument([&] { (void)model::plug_in_gait(markers, p, bad); }) ==
        "hip_centre_offset_m[left]");
}

TEST_CASE("TrialPipeline: a hip centre offset gives the hip angles of the moved model",
          "[uncertainty][pipeline]") {
  const auto walk = short_walk(0.001, 2);
  const report::TrialSummary nominal = report::analyse(walk.trial);
  const detail::TrialPipeline pipeline(walk.trial, nominal, {}, nullptr);
  detail::Systematic sys;
  sys.hip_centre_offset_m = {Eigen::Vector3d(0.0, 0.0, -0.02),   // left: 2 cm lateral
                             Eigen::Vector3d(0.01, 0.0, 0.02)};  // right: 2 cm lateral, 1 cm ant.
  detail::Output out0, out1;
  pipeline.evaluate(pipeline.filtered_markers(), detail::Systematic{}, out0);
  pipeline.evaluate(pipeline.filtered_markers(), sys, out1);
  // The same model built by hand with the offsets (independent of the pipeline's wiring).
  model::PigOptions o;
  o.hip_centre_offset_m = sys.hip_centre_offset_m;
  const model::PigLowerBody body = body_of(pipeline, o);
  constexpr auto kAdd = static_cast<std::size_t>(report::Curve::HipAdductionDeg);
  constexpr auto kFlex = static_cast<std::size_t>(report::Curve::HipFlexionDeg);
  for (Side s : {Side::Left, Side::Right}) {
    const std::size_t i = s == Side::Left ? 0 : 1;
    const hipmech::Trajectory hip = model::joint_angles(
        body.pelvis.R_lab_segment, body.thigh[i].R_lab_segment, s, model::Joint::Hip);
    for (Eigen::Index f = 0; f < walk.trial.n_frames(); ++f) {
      REQUIRE(same(out1.curves[kAdd][i][f], hip(f, 1) * kDegPerRad, 1e-9));
      REQUIRE(same(out1.curves[kFlex][i][f], hip(f, 0) * kDegPerRad, 1e-9));
    }
    // A hip centre 2 cm lateral tilts the thigh's long axis (hip centre - knee centre) by about
    // atan(0.02 / thigh length) into adduction (the knee centre follows it only a little).
    const double expected = std::atan(0.02 / walk.truth.body.thigh_length_m) * kDegPerRad;
    const double mean_change = (out1.curves[kAdd][i] - out0.curves[kAdd][i]).mean();
    INFO("side " << i << ": mean adduction change " << mean_change << " deg, expected about "
                 << expected);
    CHECK(mean_change > 0.6 * expected);
    CHECK(mean_change < 1.4 * expected);
  }
}

TEST_CASE("TrialPipeline: a centre-of-pressure offset adds -delta x F to the hip moment",
          "[uncertainty][pipeline]") {
  const auto walk = short_walk(0.001, 3);
  const report::TrialSummary nominal = report::analyse(walk.trial);
  const detail::TrialPipeline pipeline(walk.trial, nominal, {}, nullptr);
  REQUIRE(pipeline.n_plates() >= 2);
  // The foot loads as report::analyse's inverse dynamics builds them (force per foot).
  dynamics::TrialDynamicsOptions d;
  d.cutoff_hz = 6.0;
  d.filter.order = 2;
  const dynamics::TrialDynamics dyn = dynamics::lower_limb_dynamics(
      walk.trial, nominal.parameters, nominal.body_mass_kg, nominal.events, d);
  const model::PigLowerBody body = body_of(pipeline, {});
  detail::Output out0, out1;
  pipeline.evaluate(pipeline.filtered_markers(), detail::Systematic{}, out0);
  // Every plate's centre of pressure moved by the same horizontal delta (lab Z up: x, y).
  const Eigen::Vector2d offset(0.01, -0.02);
  const Eigen::Vector3d delta(offset.x(), offset.y(), 0.0);
  detail::Systematic sys;
  sys.cop_offset_m.assign(pipeline.n_plates(), offset);
  pipeline.evaluate(pipeline.filtered_markers(), sys, out1);
  constexpr auto kM = static_cast<std::size_t>(report::Curve::HipAbductionMomentNmPerKg);
  long checked = 0;
  for (Side s : {Side::Left, Side::Right}) {
    const std::size_t i = s == Side::Left ? 0 : 1;
    const Eigen::Index n = walk.trial.n_frames();
    // The ground moment about the lab origin gains delta x F; the internal joint moments of
    // the chain foot -> shank -> thigh each lose it (the forces are unchanged).
    hipmech::Trajectory dM = hipmech::Trajectory::Zero(n, 3);
    for (Eigen::Index f = 0; f < n; ++f) {
      if (dyn.dynamics.loads.source[i][f] != dynamics::LoadSource::Plate) continue;
      dM.row(f) = -delta.cross(dyn.dynamics.loads.load[i].force_n.row(f).transpose()).transpose();
    }
    const hipmech::Trajectory dClinical =
        dynamics::clinical_moments(dM, body.pelvis.R_lab_segment, body.thigh[i].R_lab_segment, s,
                                   model::Joint::Hip, dynamics::MomentFrame::Jcs);
    for (Eigen::Index f = 0; f < n; ++f) {
      const double got = out1.curves[kM][i][f] - out0.curves[kM][i][f];
      if (std::isnan(got)) continue;
      const double expected = -dClinical(f, 1) / nominal.body_mass_kg;
      REQUIRE_THAT(got, WithinAbs(expected, 1e-9));
      if (std::abs(expected) > 1e-3) ++checked;
    }
  }
  CHECK(checked > 50);
  // One plate at a time: the effects add up to the effect of all (a plate's share of a foot's
  // load is what moves with that plate's centre of pressure).
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(walk.trial.n_frames());
  for (std::size_t p = 0; p < pipeline.n_plates(); ++p) {
    detail::Systematic one;
    one.cop_offset_m.assign(pipeline.n_plates(), Eigen::Vector2d::Zero());
    one.cop_offset_m[p] = offset;
    detail::Output o;
    pipeline.evaluate(pipeline.filtered_markers(), one, o);
    sum += o.curves[kM][1] - out0.curves[kM][1];
  }
  const Eigen::VectorXd all = out1.curves[kM][1] - out0.curves[kM][1];
  for (Eigen::Index f = 0; f < all.size(); ++f) {
    if (std::isnan(all[f])) continue;
    REQUIRE_THAT(sum[f], WithinAbs(all[f], 1e-9));
  }
}

TEST_CASE("TrialPipeline: a thigh mass error adds e times the thigh's own terms to the hip moment",
          "[uncertainty][pipeline]") {
  const auto walk = short_walk(0.0, 2);
  const report::TrialSummary nominal = report::analyse(walk.trial);
  const detail::TrialPipeline pipeline(walk.trial, nominal, {}, nullptr);
  const double rate = walk.trial.point_rate_hz, mass = nominal.body_mass_kg;
  const model::PigLowerBody body = body_of(pipeline, {});
  // The right thigh's inertia as the inverse dynamics fixes it (pig_leg_inertia on the body).
  hipmech::Trajectory toe = pipeline.filtered_markers()[0];
  for (std::size_t k = 0; k < pipeline.marker_names().size(); ++k) {
    if (pipeline.marker_names()[k] == "RTOE") toe = pipeline.filtered_markers()[k];
  }
  const dynamics::LegInertia leg =
      dynamics::pig_leg_inertia(body, Side::Right, toe, mass, dynamics::BspTable::DempsterWinter);
  const dynamics::SegmentInertia& thigh = leg.segment[2];
  const double e = 0.1;
  detail::Systematic sys;
  sys.segment_mass_rel[1][2] = e;
  detail::Output out0, out1;
  pipeline.evaluate(pipeline.filtered_markers(), detail::Systematic{}, out0);
  pipeline.evaluate(pipeline.filtered_markers(), sys, out1);
  // Newton-Euler of the thigh (Winter 2009 eq. 5.3-5.4 in 3-D): with m -> (1 + e) m and
  // I -> (1 + e) I (I = m k^2, radii unchanged), the hip force changes by e m (a - g) and the
  // hip moment by e [I_lab alpha + omega x I_lab omega] - (P_hip - c) x e m (a - g); a, omega
  // and alpha by central differences (Winter 2009 section 3.4), omega from dR/dt R^T.
  const auto& R = body.thigh[1].R_lab_segment;
  const auto com = [&](Eigen::Index f) {
    return Eigen::Vector3d(body.thigh[1].origin.row(f).transpose() +
                           hipmech::geometry::rotation_at(R, f) * thigh.com_m);
  };
  const auto omega = [&](Eigen::Index f) {
    const Eigen::Matrix3d dR = 0.5 * rate *
                               (Eigen::Matrix3d(hipmech::geometry::rotation_at(R, f + 1)) -
                                Eigen::Matrix3d(hipmech::geometry::rotation_at(R, f - 1)));
    const Eigen::Matrix3d W =
        dR * Eigen::Matrix3d(hipmech::geometry::rotation_at(R, f)).transpose();
    return Eigen::Vector3d(0.5 * (W(2, 1) - W(1, 2)), 0.5 * (W(0, 2) - W(2, 0)),
                           0.5 * (W(1, 0) - W(0, 1)));
  };
  const Eigen::Vector3d g(0.0, 0.0, -9.81);  // synth::walking: lab Z up
  const Eigen::Index n = walk.trial.n_frames();
  hipmech::Trajectory dM = hipmech::Trajectory::Zero(n, 3);
  for (Eigen::Index f = 2; f < n - 2; ++f) {
    const Eigen::Vector3d a = rate * rate * (com(f + 1) - 2.0 * com(f) + com(f - 1));
    const Eigen::Vector3d w = omega(f);
    const Eigen::Vector3d alpha = 0.5 * rate * (omega(f + 1) - omega(f - 1));
    const Eigen::Matrix3d Rf = hipmech::geometry::rotation_at(R, f);
    const Eigen::Matrix3d I = Rf * thigh.inertia_kgm2 * Rf.transpose();
    const Eigen::Vector3d P = body.hip_centre[1].row(f).transpose();
    const Eigen::Vector3d dF = e * thigh.mass_kg * (a - g);
    dM.row(f) = (e * (I * alpha + w.cross(I * w)) - (P - com(f)).cross(dF)).transpose();
  }
  const hipmech::Trajectory dClinical =
      dynamics::clinical_moments(dM, body.pelvis.R_lab_segment, body.thigh[1].R_lab_segment,
                                 Side::Right, model::Joint::Hip, dynamics::MomentFrame::Jcs);
  constexpr auto kM = static_cast<std::size_t>(report::Curve::HipAbductionMomentNmPerKg);
  long checked = 0;
  double largest = 0.0;
  for (Eigen::Index f = 2; f < n - 2; ++f) {
    const double got = out1.curves[kM][1][f] - out0.curves[kM][1][f];
    if (std::isnan(got)) continue;
    const double expected = -dClinical(f, 1) / mass;
    REQUIRE_THAT(got, WithinAbs(expected, 1e-9));
    largest = std::max(largest, std::abs(expected));
    ++checked;
  }
  CHECK(checked > 100);
  CHECK(largest > 0.002);  // the thigh's terms matter: e = 10 % moves the moment visibly
  // The left leg is untouched.
  for (Eigen::Index f = 0; f < n; ++f) {
    REQUIRE(same(out1.curves[kM][0][f], out0.curves[kM][0][f], 0.0));
  }
}
