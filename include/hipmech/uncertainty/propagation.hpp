/// \file
/// How sure is each number of the per-trial hip analysis (report::analyse): the measurement
/// uncertainty of its curves, per-stance peaks, side means and asymmetries from the sources of
/// an UncertaintyModel, by seeded Monte Carlo or by first-order linearisation
/// (docs/uncertainty.md).
///
/// Both methods re-run the numerical path of report::analyse with the nominal analysis held
/// fixed where the inputs are not numbers: the gait events (so the stances and cycles), the
/// force-plate contacts and their feet, the subject parameters after the static trial, the
/// segment lengths the inertia is scaled by, and the settings (cut-off, moment frame, body
/// mass). Per draw: markers + noise -> zero-lag filter -> + placement offsets -> Plug-in Gait
/// (hip centres + offsets, perturbed subject measurements) -> pelvis, hip and knee angles ->
/// inverse dynamics (perturbed segment parameters and centres of pressure) -> peaks over the
/// nominal stance and single-support windows.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/io/trial.hpp"
#include "hipmech/report/analysis.hpp"
#include "hipmech/uncertainty/model.hpp"

namespace hipmech::uncertainty {

/// How the uncertainty is propagated.
enum class Method {
  MonteCarlo = 0,  ///< seeded draws of every source through the whole pipeline (the default)
  Linear,          ///< first-order: Jacobians by central differences, covariance by sources
};

/// "monte_carlo" or "linear".
constexpr const char* to_string(Method m) noexcept {
  return m == Method::Linear ? "linear" : "monte_carlo";
}

/// Settings of propagate().
struct PropagationOptions {
  Method method = Method::MonteCarlo;
  /// Monte Carlo draws, [2, max_monte_carlo_draws(#frames)]: at most 100000, and fewer on
  /// trials longer than 107 frames (every draw's curves are kept, 1 GB at most).
  Eigen::Index n_draws = 200;
  /// Seed: draw d uses its own generator seeded from (seed, d), so the result does not
  /// depend on the number of threads.
  std::uint64_t seed = 1;
  /// Worker threads; 0: std::thread::hardware_concurrency().
  int n_threads = 0;
  /// Coverage of the bands and intervals, (0, 1).
  double confidence = 0.95;
  /// Keep the per-draw per-stance peaks (UncertaintyResult::stance_draws).
  bool keep_draws = false;
};

/// The uncertainty of one number: nominal value, SD and an interval.
/// Monte Carlo: sd over the draws, (low, high) the percentile interval of the draws.
/// Linear: sd from the covariance, (low, high) = value -/+ z sd (z the normal quantile).
/// The band the report draws is value +/- z sd for both methods.
struct ValueUncertainty {
  double value = 0.0;
  double sd = 0.0;
  double low = 0.0;
  double high = 0.0;
  /// Variance share of each source (sums to 1 where sd > 0; NaN for Monte Carlo, which draws
  /// them together).
  std::array<double, kSourceCount> share{};
};

/// Per-frame band of one curve of one side (the whole trial, frame by frame; NaN where the
/// nominal curve is NaN).
struct FrameBand {
  Eigen::VectorXd value, sd, low, high;
};

/// Band of the mean time-normalised cycle (0-100 %, 101 points) of one curve of one side:
/// the mean over report::CycleCurves' cycles, per draw.
struct CycleBand {
  Eigen::VectorXd value, sd, low, high;  ///< 101 points each; empty when the side has no cycle
};

/// Measurement and combined uncertainty of one summary row (report::SummaryRow).
struct SummaryUncertainty {
  report::Quantity quantity = report::Quantity::PelvicDropDeg;
  /// Measurement uncertainty of each side's mean over its finite stances [the quantity's unit].
  std::array<ValueUncertainty, 2> side_mean;
  /// Measurement uncertainty of the difference (other - reference), SI and SA of the side means.
  ValueUncertainty difference, symmetry_index, symmetry_angle;
  /// Combined intervals at PropagationOptions::confidence (measurement + between-stride;
  /// report::analyse's bootstrap CI enters at its own AnalysisOptions confidence): the
  /// percentile bootstrap of
  /// report::analyse with each resample's stances shifted by one draw's measurement error
  /// (Monte Carlo), or the bootstrap SD and the measurement SD added in quadrature (Linear).
  /// [low, high] per side mean, then the difference, SI and SA.
  std::array<std::array<double, 2>, 2> side_mean_combined{};
  std::array<double, 2> difference_combined{}, symmetry_index_combined{},
      symmetry_angle_combined{};
  /// Why something is NaN; empty when everything was computed.
  std::string note;
};

/// The measurement uncertainty of a report::analyse result.
struct UncertaintyResult {
  Method method = Method::MonteCarlo;
  Eigen::Index n_draws = 0;  ///< Monte Carlo draws (0 for Linear)
  std::uint64_t seed = 0;
  double confidence = 0.95;
  /// The model as used (resolved: defaults and residuals filled in, with its notes).
  UncertaintyModel model;
  /// frames[curve][side]: per-frame bands over the whole trial (report::Curve order).
  std::array<std::array<FrameBand, 2>, report::kCurveCount> frames;
  /// cycles[curve][side]: band of the mean normalised cycle.
  std::array<std::array<CycleBand, 2>, report::kCurveCount> cycles;
  /// stances[i][quantity]: the peaks of report::TrialSummary::stances[i].
  std::vector<std::array<ValueUncertainty, report::kQuantityCount>> stances;
  /// One row per report::Quantity, in order.
  std::array<SummaryUncertainty, report::kQuantityCount> summary;
  /// With keep_draws: stance_draws[quantity] is n_draws by #stances (NaN where the nominal
  /// peak is NaN; a failed draw's row is all NaN); empty otherwise.
  std::array<Eigen::MatrixXd, report::kQuantityCount> stance_draws;
  /// Draws whose pipeline failed (a singular frame, ...) and were left out, with why.
  Eigen::Index n_draws_failed = 0;
  /// What was computed and how; why draws failed; a note starting "Warning: " when more than
  /// 5 % of the draws failed (the result rests on the others and may be biased).
  std::vector<std::string> notes;
  double seconds = 0.0;  ///< wall time of the propagation [s]
};

/// The measurement uncertainty of every number of `nominal` (report::analyse of the same
/// `trial`, `options` and `static_trial`).
/// \param[in] trial the dynamic trial the nominal analysis was run on
/// \param[in] nominal report::analyse(trial, options, static_trial)
/// \param[in] options the analysis settings used for `nominal`
/// \param[in] model the uncertainty model (resolved here against `trial`)
/// \param[in] propagation method, draws, seed, threads, confidence
/// \param[in] static_trial the static trial given to report::analyse for `nominal` (Plug-in
///            Gait's foot offsets), or null when there was none
/// \throws InvalidArgument naming `nominal` (not an analysis of this trial: frame count or rate
///         differ), `model` fields, `n_draws` (outside [2, max_monte_carlo_draws]),
///         `n_threads` or `confidence`
UncertaintyResult propagate(const io::Trial& trial, const report::TrialSummary& nominal,
                            const report::AnalysisOptions& options, const UncertaintyModel& model,
                            const PropagationOptions& propagation = {},
                            const io::Trial* static_trial = nullptr);

/// The most Monte Carlo draws propagate() takes for a trial of `n_frames` frames:
/// min(100000, floor(2.5e8 / (12 (n_frames + 101)))). Every draw keeps its deviation of the 12
/// per-frame curves (6 curves, 2 sides) and of their 101-point mean cycles as 4-byte floats,
/// at most 2.5e8 values (1 GB) in all: 17,640 draws for 1,080 frames (10.8 s at 100 Hz).
Eigen::Index max_monte_carlo_draws(Eigen::Index n_frames) noexcept;

}  // namespace hipmech::uncertainty
