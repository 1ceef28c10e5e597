// Internal: first-order (linearised) propagation (docs/uncertainty-model.md, "Linearisation").
#pragma once

#include "hipmech/uncertainty/propagation.hpp"
#include "pipeline.hpp"

namespace hipmech::uncertainty::detail {

/// Method::Linear of propagate(): `model` already resolved; fills every field of the result
/// but method, seed, n_draws, model and seconds (set by propagate()).
UncertaintyResult propagate_linear(const TrialPipeline& pipeline, const UncertaintyModel& model,
                                   const PropagationOptions& propagation,
                                   const report::AnalysisOptions& options);

}  // namespace hipmech::uncertainty::detail
