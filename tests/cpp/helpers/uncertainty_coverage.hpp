// Coverage of the uncertainty bands on synthetic trials with a known truth (issue 26,
// "Validation"), shared by tests/cpp/uncertainty/test_validation.cpp (a few replicates) and
// benchmarks/validation_coverage.cpp (many): docs/uncertainty-model.md, "Coverage".
//
// One replicate: a noise-free synthetic walk is the truth's markers. The measured trial is the
// same walk with white noise of SD sigma added to every marker coordinate; the measured
// analysis uses the Davis hip centre, which is wrong by delta, drawn per side and axis from the
// model's hip-centre distribution (N(0, sd^2), the two sides independent). The truth is the
// pipeline on the noise-free markers with the true hip centre, the Davis centre moved by
// -delta. The bands of uncertainty::propagate (value +/- z sd, z for 95 %) of the measured
// analysis, with the model's marker noise sigma and hip-centre SDs, should contain the truth in
// 95 % of the frames and per-stance peaks.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "../../../src/uncertainty/pipeline.hpp"
#include "hipmech/report/analysis.hpp"
#include "hipmech/synth/walking.hpp"
#include "hipmech/uncertainty/propagation.hpp"

namespace hipmech::test {

/// Frames and peaks inside their bands, and counted.
struct CoverageTally {
  long frames_in = 0, frames = 0;
  long peaks_in = 0, peaks = 0;
  /// Per quantity (report::Quantity order): peaks inside and counted.
  std::array<long, report::kQuantityCount> quantity_in{}, quantity{};
  /// Per replicate: frames and peaks inside and counted (for the interval over replicates).
  std::vector<std::array<long, 4>> per_replicate;
  long replicates = 0;
  double seconds = 0.0;  ///< propagation time summed over the replicates [s]
};

/// The truth's side of the experiment, computed once: the noise-free walk, its analysis and its
/// pipeline (events from the file, so the measured analysis has the same stances).
struct CoverageSetup {
  synth::SyntheticWalking walk;
  report::AnalysisOptions options;
  report::TrialSummary nominal;
  std::unique_ptr<uncertainty::detail::TrialPipeline> pipeline;
  uncertainty::UncertaintyModel model;  ///< marker noise sigma and the Davis hip-centre SDs

  CoverageSetup(int n_strides, double sigma_m, std::uint64_t walk_seed = 5) {
    synth::WalkingSettings s;
    s.n_strides = n_strides;
    s.seed = walk_seed;
    s.marker_noise_m = 0.0;
    walk = synth::walking(s);
    options.events = report::EventsMode::File;
    options.n_resamples = 20;  // the bootstrap is not part of the bands
    nominal = report::analyse(walk.trial, options);
    pipeline =
        std::make_unique<uncertainty::detail::TrialPipeline>(walk.trial, nominal, options, nullptr);
    model = uncertainty::UncertaintyModel::none();
    model.marker_noise_m = sigma_m;
    const uncertainty::HipCentreError& davis =
        uncertainty::hip_centre_error(model::HipJointCentreMethod::Davis);
    model.hip_centre_sd_m = davis.sd_m;
    model.hip_centre_side_correlation = davis.side_correlation;
  }
};

/// One replicate (seeded by `seed`) added to `tally`.
inline void coverage_replicate(const CoverageSetup& setup, std::uint64_t seed,
                               const uncertainty::PropagationOptions& propagation,
                               CoverageTally& tally) {
  namespace ud = uncertainty::detail;
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  // The regression's error: measured = true + delta, so the truth is the Davis centre - delta.
  // Drawn with the model's side correlation rho, the lateral (Z, right) component mirrored:
  // right = sd z_R, left = sd (rho m z_R + sqrt(1 - rho^2) z_L), m = (1, 1, -1).
  ud::Systematic truth_sys;
  const double rho = setup.model.hip_centre_side_correlation;
  for (int a = 0; a < 3; ++a) {
    const double z_right = normal(rng), z_left = normal(rng);
    const double mirror = a == 2 ? -1.0 : 1.0;
    const double sd = setup.model.hip_centre_sd_m[a];
    truth_sys.hip_centre_offset_m[1][a] = -sd * z_right;
    truth_sys.hip_centre_offset_m[0][a] =
        -sd * (rho * mirror * z_right + std::sqrt(1.0 - rho * rho) * z_left);
  }
  ud::Output truth;
  setup.pipeline->evaluate(setup.pipeline->filtered_markers(), truth_sys, truth);

  // The measured trial: every marker coordinate + N(0, sigma^2).
  io::Trial noisy = setup.walk.trial;
  for (io::Point& p : noisy.points) {
    if (p.kind != io::PointKind::Marker) continue;
    for (Eigen::Index f = 0; f < p.values.rows(); ++f) {
      for (int a = 0; a < 3; ++a) {
        if (std::isfinite(p.values(f, a)))
          p.values(f, a) += setup.model.marker_noise_m * normal(rng);
      }
    }
  }
  const report::TrialSummary measured = report::analyse(noisy, setup.options);
  uncertainty::PropagationOptions prop = propagation;
  prop.seed = seed;
  const uncertainty::UncertaintyResult r =
      uncertainty::propagate(noisy, measured, setup.options, setup.model, prop);
  tally.seconds += r.seconds;
  ++tally.replicates;
  const long frames_in0 = tally.frames_in, frames0 = tally.frames;
  const long peaks_in0 = tally.peaks_in, peaks0 = tally.peaks;

  const double z = 1.959963984540054;
  for (std::size_t c = 0; c < report::kCurveCount; ++c) {
    for (std::size_t s = 0; s < 2; ++s) {
      const uncertainty::FrameBand& b = r.frames[c][s];
      const Eigen::VectorXd& t = truth.curves[c][s];
      for (Eigen::Index f = 0; f < t.size(); ++f) {
        if (!std::isfinite(t[f]) || !std::isfinite(b.value[f]) || !std::isfinite(b.sd[f])) continue;
        ++tally.frames;
        if (std::fabs(t[f] - b.value[f]) <= z * b.sd[f]) ++tally.frames_in;
      }
    }
  }
  const std::size_t n = std::min(truth.peaks.size(), r.stances.size());
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t q = 0; q < report::kQuantityCount; ++q) {
      const double t = truth.peaks[i][q];
      const uncertainty::ValueUncertainty& u = r.stances[i][q];
      if (!std::isfinite(t) || !std::isfinite(u.value) || !std::isfinite(u.sd)) continue;
      ++tally.peaks;
      ++tally.quantity[q];
      if (std::fabs(t - u.value) <= z * u.sd) {
        ++tally.peaks_in;
        ++tally.quantity_in[q];
      }
    }
  }
  tally.per_replicate.push_back({tally.frames_in - frames_in0, tally.frames - frames0,
                                 tally.peaks_in - peaks_in0, tally.peaks - peaks0});
}

/// Coverage sum(in) / sum(n) over the replicates with its 95 % interval. The frames (peaks) of
/// one replicate share its hip-centre error, so they are not independent: the interval is the
/// ratio estimator's, with the replicates as the independent units (cluster sampling, Cochran
/// 1977, Sampling Techniques, 3rd ed., eq. 6.13): se^2 = sum (in_r - p n_r)^2 / (R (R - 1) nbar^2).
/// `peaks`: false for the frames.
struct Coverage {
  double value = 0.0, low = 0.0, high = 0.0, se = 0.0;
};
inline Coverage coverage_of(const CoverageTally& t, bool peaks) {
  const std::size_t k = peaks ? 2 : 0;
  double in = 0.0, n = 0.0;
  for (const auto& r : t.per_replicate) {
    in += static_cast<double>(r[k]);
    n += static_cast<double>(r[k + 1]);
  }
  const auto R = static_cast<double>(t.per_replicate.size());
  Coverage c;
  c.value = in / n;
  double ss = 0.0;
  for (const auto& r : t.per_replicate) {
    const double e = static_cast<double>(r[k]) - c.value * static_cast<double>(r[k + 1]);
    ss += e * e;
  }
  const double nbar = n / R;
  c.se = R > 1 ? std::sqrt(ss / (R * (R - 1.0))) / nbar : 0.0;
  c.low = c.value - 1.959963984540054 * c.se;
  c.high = c.value + 1.959963984540054 * c.se;
  return c;
}

/// Wilson score interval of a proportion k / n at 95 % (Wilson 1927, J Am Stat Assoc 22:209).
inline std::pair<double, double> wilson_interval(long k, long n) {
  const double z = 1.959963984540054;
  const double p = static_cast<double>(k) / static_cast<double>(n);
  const double nn = static_cast<double>(n);
  const double centre = (p + z * z / (2 * nn)) / (1 + z * z / nn);
  const double half = z * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / (1 + z * z / nn);
  return {centre - half, centre + half};
}

}  // namespace hipmech::test
