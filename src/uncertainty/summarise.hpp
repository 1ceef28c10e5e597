// Internal: the summary numbers of report::analyse as functions of the per-stance peaks, one
// implementation for the Monte Carlo draws and the linearisation's differences.
#pragma once

#include <array>
#include <vector>

#include "hipmech/core/side.hpp"
#include "hipmech/report/analysis.hpp"

namespace hipmech::uncertainty::detail {

/// Per quantity: each side's mean, the difference (other - reference), SI and SA of the means,
/// as report::analyse computes them (asymmetry_of_means' point estimates; NaN where undefined).
struct SummaryValues {
  std::array<std::array<double, 2>, report::kQuantityCount> side_mean{};
  std::array<double, report::kQuantityCount> difference{}, symmetry_index{}, symmetry_angle{};
};

/// The summary of `peaks` (one row per stance of `nominal.stances`). Only the stances whose
/// nominal peak is finite enter a side's mean, so every draw averages the same stances; a draw
/// whose peak is NaN where the nominal one is finite gives a NaN mean.
SummaryValues summary_values(const std::vector<std::array<double, report::kQuantityCount>>& peaks,
                             const report::TrialSummary& nominal, Side reference);

}  // namespace hipmech::uncertainty::detail
