// First-order propagation: a stub until the linearisation lands (issue 26).
#include "linear.hpp"

#include "hipmech/core/error.hpp"

namespace hipmech::uncertainty::detail {

UncertaintyResult propagate_linear(const TrialPipeline&, const UncertaintyModel&,
                                   const PropagationOptions&, const report::AnalysisOptions&) {
  throw InvalidArgument("method", "monte_carlo (linear is not implemented yet)", "linear");
}

}  // namespace hipmech::uncertainty::detail
