// uncertainty::propagate: checks, the model resolved against the trial, the trial's pipeline
// built once, then the Monte Carlo (monte_carlo.cpp) or linearised (linear.cpp) propagation.
#include "hipmech/uncertainty/propagation.hpp"

#include <chrono>
#include <cmath>
#include <string>

#include "hipmech/core/check.hpp"
#include "linear.hpp"
#include "monte_carlo.hpp"
#include "pipeline.hpp"

namespace hipmech::uncertainty {

UncertaintyResult propagate(const io::Trial& trial, const report::TrialSummary& nominal,
                            const report::AnalysisOptions& options, const UncertaintyModel& model,
                            const PropagationOptions& propagation, const io::Trial* static_trial) {
  const auto start = std::chrono::steady_clock::now();
  HIPMECH_CHECK_ARG(
      propagation.method == Method::MonteCarlo || propagation.method == Method::Linear, "method",
      "'monte_carlo' or 'linear'", static_cast<int>(propagation.method));
  if (propagation.method == Method::MonteCarlo) {
    const Eigen::Index cap = max_monte_carlo_draws(trial.n_frames());
    HIPMECH_CHECK_ARG(propagation.n_draws >= 2 && propagation.n_draws <= cap, "n_draws",
                      "between 2 and " + std::to_string(cap) +
                          " Monte Carlo draws for this trial of " +
                          std::to_string(trial.n_frames()) +
                          " frames (max_monte_carlo_draws: at most 100000, and the per-draw "
                          "curves, 12 (frames + 101) floats a draw, kept within 1 GB)",
                      propagation.n_draws);
  }
  HIPMECH_CHECK_ARG(propagation.n_threads >= 0, "n_threads",
                    "a number of threads >= 0 (0: one per hardware thread)", propagation.n_threads);
  HIPMECH_CHECK_ARG(std::isfinite(propagation.confidence) && propagation.confidence > 0.0 &&
                        propagation.confidence < 1.0,
                    "confidence", "a coverage in (0, 1), e.g. 0.95", propagation.confidence);
  const UncertaintyModel resolved = model.resolved(&trial);
  const detail::TrialPipeline pipeline(trial, nominal, options, static_trial);
  UncertaintyResult out =
      propagation.method == Method::MonteCarlo
          ? detail::propagate_monte_carlo(pipeline, resolved, propagation, options)
          : detail::propagate_linear(pipeline, resolved, propagation, options);
  out.method = propagation.method;
  out.n_draws = propagation.method == Method::MonteCarlo ? propagation.n_draws : 0;
  out.seed = propagation.seed;
  out.confidence = propagation.confidence;
  out.model = resolved;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace hipmech::uncertainty
