// summary_values: report::analyse's side means, difference, SI and SA as functions of the
// per-stance peaks (summarise.hpp), shared by the Monte Carlo draws and the linearisation.
#include "summarise.hpp"

#include <cmath>
#include <limits>

#include "hipmech/core/check.hpp"
#include "hipmech/stats/asymmetry.hpp"

namespace hipmech::uncertainty::detail {

SummaryValues summary_values(const std::vector<std::array<double, report::kQuantityCount>>& peaks,
                             const report::TrialSummary& nominal, Side reference) {
  HIPMECH_CHECK_SIZE(peaks.size(), nominal.stances.size(), "peaks", "stances (nominal.stances)");
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  SummaryValues out;
  // At most a few dozen stances: the values of a side gathered into a small buffer, then
  // averaged as asymmetry_of_means averages them (Eigen's mean of the finite values).
  Eigen::VectorXd buffer(static_cast<Eigen::Index>(peaks.size()));
  for (std::size_t q = 0; q < report::kQuantityCount; ++q) {
    for (std::size_t i = 0; i < 2; ++i) {
      const Side side = i == 0 ? Side::Left : Side::Right;
      Eigen::Index n = 0;
      for (std::size_t r = 0; r < peaks.size(); ++r) {
        const report::StanceRow& row = nominal.stances[r];
        if (row.side == side && std::isfinite(row.value[q])) buffer[n++] = peaks[r][q];
      }
      out.side_mean[q][i] = n > 0 ? buffer.head(n).mean() : kNaN;
    }
    const double l = out.side_mean[q][0], r = out.side_mean[q][1];
    if (std::isnan(l) || std::isnan(r)) {
      out.difference[q] = out.symmetry_index[q] = out.symmetry_angle[q] = kNaN;
      continue;
    }
    // report::asymmetry_of_means' point estimates: other - reference, and stats::asymmetry of
    // the means (Robinson et al. 1987; Zifchock et al. 2008), NaN where undefined.
    out.difference[q] = reference == Side::Left ? r - l : l - r;
    out.symmetry_index[q] =
        stats::asymmetry(stats::AsymmetryIndex::SymmetryIndex, l, r, reference).value;
    out.symmetry_angle[q] =
        stats::asymmetry(stats::AsymmetryIndex::SymmetryAngle, l, r, reference).value;
  }
  return out;
}

}  // namespace hipmech::uncertainty::detail
