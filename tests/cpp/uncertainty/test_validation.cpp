// Validation of the measurement uncertainty against a known truth (issue 26, "Validation";
// docs/uncertainty-model.md, "Validation"): coverage of the 95 % bands on synthetic walks with
// injected marker noise and a known hip-joint-centre error, and the hip abduction moment's
// sensitivity to the hip centre against the lever-arm arithmetic and Stagni et al. (2000).
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include <cmath>
#include <cstdlib>
#include <string>

#include "../../../src/uncertainty/pipeline.hpp"
#include "helpers/uncertainty_coverage.hpp"
#include "hipmech/geometry/rotations.hpp"
#include "hipmech/io/markers.hpp"
#include "hipmech/model/plug_in_gait.hpp"
#include "hipmech/report/analysis.hpp"
#include "hipmech/synth/walking.hpp"

using Catch::Matchers::WithinAbs;
namespace report = hipmech::report;
namespace unc = hipmech::uncertainty;
namespace ud = hipmech::uncertainty::detail;

TEST_CASE("the 95 % bands contain the truth in 95 % of frames and peaks",
          "[uncertainty][statistical]") {
  // 120 replicates of a one-stride walk (215 frames, 3 stances with peaks), 1 mm marker noise
  // and the Davis hip-centre error drawn per replicate; Monte Carlo with 100 draws (bands
  // value +/- 1.96 sd). The frames of a replicate share its hip-centre error, so the
  // replicates are the independent units: the coverage's standard error is the cluster
  // estimate (tests/cpp/helpers/uncertainty_coverage.hpp), about 0.7 % for the frames and
  // 1.1 % for the peaks here. The test asks for 95 % within 3 standard errors plus 1 % (the
  // bands' SD is estimated from 100 draws: with it the expected coverage is 94.7 %, Student's
  // t with 99 degrees of freedom at 1.96). The 93-97 % is checked on 1000 replicates of
  // both methods by benchmarks/validation_coverage.cpp (docs: 94.8 % of frames, 94.9 % of
  // peaks for the Monte Carlo; 94.9 % and 94.7 % for the linearisation).
  const int replicates = 120;
  const hipmech::test::CoverageSetup setup(1, 0.001);
  unc::PropagationOptions p;
  p.method = unc::Method::MonteCarlo;
  p.n_draws = 100;
  hipmech::test::CoverageTally tally;
  for (int r = 0; r < replicates; ++r) {
    hipmech::test::coverage_replicate(setup, 1000 + static_cast<std::uint64_t>(r), p, tally);
  }
  const auto frames = hipmech::test::coverage_of(tally, false);
  const auto peaks = hipmech::test::coverage_of(tally, true);
  INFO("frames " << frames.value << " (se " << frames.se << ", " << tally.frames << "), peaks "
                 << peaks.value << " (se " << peaks.se << ", " << tally.peaks << ")");
  REQUIRE(tally.frames > 200000);
  REQUIRE(tally.peaks == 12 * replicates);
  CHECK(std::fabs(frames.value - 0.95) <= 3.0 * frames.se + 0.01);
  CHECK(std::fabs(peaks.value - 0.95) <= 3.0 * peaks.se + 0.01);
}

TEST_CASE("hip abduction moment sensitivity to the hip centre: the lever arm", "[uncertainty]") {
  // Moving the hip centre by d (pelvis axis e) moves the ground reaction F's moment arm about
  // the hip by -d e: the external moment changes by -d (e x F), the internal one by
  // d (e x F). The abduction moment is its component on the JCS floating axis
  // e2 = (Z_pelvis x Y_thigh) / |...| (Grood & Suntay 1983), so per metre and per kg of body
  // mass: dM/dd = |(e x F) . e2| / m. For a lateral shift and a vertical F this is F_up
  // cos(thigh inclination) / m. Computed here from the plate's force and the model's frames,
  // independently of the pipeline's inverse dynamics; the tolerance, 5 %, covers the thigh's
  // own inertial terms (its frame moves with the hip centre) and the plate force's filter.
  // Stagni et al. (2000, J Biomech 33:1479-1487, abstract) found the medio-lateral error the
  // one that matters for the abduction moment: checked here as the ordering of the three axes.
  // Their magnitude, -15 % for 30 mm lateral, is half of this trial's +32 % (docs/uncertainty-
  // model.md, "Sensitivity to the hip centre", says why the lever arm gives 32 %).
  hipmech::synth::WalkingSettings s;
  s.n_strides = 3;
  s.seed = 5;
  const hipmech::synth::SyntheticWalking walk = hipmech::synth::walking(s);
  report::AnalysisOptions o;
  o.events = report::EventsMode::File;
  o.n_resamples = 20;
  const report::TrialSummary nominal = report::analyse(walk.trial, o);
  const ud::TrialPipeline pipeline(walk.trial, nominal, o, nullptr);
  const double mass = nominal.body_mass_kg;
  const double step = 0.001;
  // Central differences of the peak moment for a 1 mm shift along each pelvis axis, with the
  // leg's segments as the table gives them (full) and massless (only the ground reaction).
  std::array<ud::Output, 3> plus, minus;
  std::array<ud::Output, 2> massless;  // lateral shift, + and -
  for (int a = 0; a < 3; ++a) {
    ud::Systematic sp, sm;
    for (std::size_t side = 0; side < 2; ++side) {
      // Lateral is -Z on the left, +Z on the right (ISB pelvis frame, Z right).
      const double sign = (a == 2 && side == 0) ? -1.0 : 1.0;
      sp.hip_centre_offset_m[side][a] = sign * step;
      sm.hip_centre_offset_m[side][a] = -sign * step;
    }
    pipeline.evaluate(pipeline.filtered_markers(), sp, plus[static_cast<std::size_t>(a)]);
    pipeline.evaluate(pipeline.filtered_markers(), sm, minus[static_cast<std::size_t>(a)]);
    if (a != 2) continue;
    for (std::size_t side = 0; side < 2; ++side) {
      for (std::size_t g = 0; g < ud::kSegmentCount; ++g) {
        sp.segment_mass_rel[side][g] = sm.segment_mass_rel[side][g] = -1.0 + 1e-9;  // ~0 kg
      }
    }
    pipeline.evaluate(pipeline.filtered_markers(), sp, massless[0]);
    pipeline.evaluate(pipeline.filtered_markers(), sm, massless[1]);
  }
  ud::Output nominal_out;
  pipeline.evaluate(pipeline.filtered_markers(), ud::Systematic{}, nominal_out);
  hipmech::io::Markers markers;
  for (std::size_t k = 0; k < pipeline.marker_names().size(); ++k) {
    markers.add(pipeline.marker_names()[k], pipeline.filtered_markers()[k]);
  }
  const hipmech::model::PigLowerBody body =
      hipmech::model::plug_in_gait(markers, nominal.parameters, hipmech::model::PigOptions{});
  constexpr auto kQ = static_cast<std::size_t>(report::Quantity::HipAbductionMomentNmPerKg);
  const double samples_per_frame = walk.trial.analog.rate_hz / walk.trial.point_rate_hz;
  int checked = 0;
  for (std::size_t i = 0; i < nominal.stances.size(); ++i) {
    const report::StanceRow& row = nominal.stances[i];
    const std::size_t side = row.side == hipmech::Side::Left ? 0 : 1;
    const Eigen::Index t = nominal_out.peak_frames[i][kQ];
    if (t < 0) continue;
    int plate = -1;  // the plate under this stance (the synthetic truth's)
    for (const auto& st : walk.truth.stances) {
      if (st.side == row.side && st.foot_strike_frame == row.foot_strike_frame) plate = st.plate;
    }
    if (plate < 0) continue;
    const auto sample =
        static_cast<Eigen::Index>(std::lround(static_cast<double>(t) * samples_per_frame));
    const Eigen::Vector3d F =
        walk.trial.force_plates[static_cast<std::size_t>(plate)].force_n.row(sample).transpose();
    const Eigen::Map<const hipmech::geometry::Matrix3r> Rp(body.pelvis.R_lab_segment.row(t).data());
    const Eigen::Map<const hipmech::geometry::Matrix3r> Rt(
        body.thigh[side].R_lab_segment.row(t).data());
    const Eigen::Vector3d e2 = Rp.col(2).cross(Rt.col(1)).normalized();
    const Eigen::Vector3d lateral = (side == 0 ? -1.0 : 1.0) * Rp.col(2);
    const double expected = std::fabs(lateral.cross(F).dot(e2)) / mass;
    // With the leg's weight: the hip carries F + m_leg g (accelerations neglected), Plug-in
    // Gait's thigh, shank and foot are 0.100 + 0.0465 + 0.0145 of the body mass.
    const Eigen::Vector3d g = -9.81 * hipmech::unit_vector(walk.trial.lab_axes.up());
    const double with_leg = std::fabs(lateral.cross(F + 0.161 * mass * g).dot(e2)) / mass;
    const std::array<double, 3> dm = {(plus[0].peaks[i][kQ] - minus[0].peaks[i][kQ]) / (2 * step),
                                      (plus[1].peaks[i][kQ] - minus[1].peaks[i][kQ]) / (2 * step),
                                      (plus[2].peaks[i][kQ] - minus[2].peaks[i][kQ]) / (2 * step)};
    const double dm0 = (massless[0].peaks[i][kQ] - massless[1].peaks[i][kQ]) / (2 * step);
    INFO("stance " << i << ": massless leg dM/d(lateral) " << dm0 << " N m/kg per m, ground "
                   << "reaction's lever arm " << expected << "; full leg " << dm[2]
                   << ", with its weight " << with_leg << "; anterior " << dm[0] << ", superior "
                   << dm[1]);
    CHECK(dm[2] > 0.0);  // lateral: a longer moment arm, a larger abduction moment
    CHECK_THAT(dm0 / expected, WithinAbs(1.0, 0.02));
    CHECK_THAT(dm[2] / with_leg, WithinAbs(1.0, 0.05));
    CHECK(std::fabs(dm[2]) > 5.0 * std::fabs(dm[0]));
    CHECK(std::fabs(dm[2]) > 5.0 * std::fabs(dm[1]));
    ++checked;
  }
  CHECK(checked >= 5);
}
