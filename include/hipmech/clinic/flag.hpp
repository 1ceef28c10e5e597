/// \file
/// A flag of a clinical test: a value compared with a cited cut-off, with the rule and its
/// source, or "not assessed" with the reason (docs/clinic.md, "Flags").
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

namespace hipmech::clinic {

/// Outcome of one flag rule.
enum class FlagState {
  NotAssessed,  ///< the rule could not be applied (a value is missing); Flag::note says why
  Clear,        ///< the rule was applied and is not met
  Flagged,      ///< the rule was applied and is met
};

/// "not assessed", "clear" or "flagged".
constexpr std::string_view to_string(FlagState s) noexcept {
  return s == FlagState::Flagged ? "flagged" : s == FlagState::Clear ? "clear" : "not assessed";
}

/// One flag: `value` compared with `cutoff` by `rule`, from `source`.
struct Flag {
  std::string name;    ///< what is judged, e.g. "anterior_reach_difference_cm"
  std::string side;    ///< "left", "right", or "" for a left/right pair
  double value = std::numeric_limits<double>::quiet_NaN();   ///< the value judged, in `unit`
  double cutoff = std::numeric_limits<double>::quiet_NaN();  ///< the cut-off, in `unit`
  std::string unit;    ///< e.g. "cm", "%", "deg"
  std::string rule;    ///< the rule in words, e.g. "difference > 4 cm"
  std::string source;  ///< the citation of the cut-off (author year, journal volume:page)
  FlagState state = FlagState::NotAssessed;
  std::string note;    ///< why not assessed, or a caveat; empty otherwise
};

/// Relative tolerance of a cut-off comparison: a value within cutoff_tolerance * max(1, |cutoff|)
/// of the cut-off counts as equal to it. Scores are computed in floating point (an LSI of
/// 100 * 117.72 / 130.8 is 89.99999999999999, not 90), and clinicians read the printed value,
/// which equals the cut-off: such a value must not be flagged by a strict rule.
inline constexpr double cutoff_tolerance = 1e-9;

/// value > cutoff beyond rounding (see cutoff_tolerance); false when either is NaN.
inline bool above_cutoff(double value, double cutoff) noexcept {
  const double tol = cutoff_tolerance * (std::fabs(cutoff) > 1.0 ? std::fabs(cutoff) : 1.0);
  return value > cutoff + tol;
}

/// value < cutoff beyond rounding (see cutoff_tolerance); false when either is NaN.
inline bool below_cutoff(double value, double cutoff) noexcept {
  const double tol = cutoff_tolerance * (std::fabs(cutoff) > 1.0 ? std::fabs(cutoff) : 1.0);
  return value < cutoff - tol;
}

/// A flag whose state follows from `flagged`, or NotAssessed (with `note`) when `value` or
/// `cutoff` is NaN.
inline Flag make_flag(std::string name, std::string side, double value, double cutoff,
                      std::string unit, std::string rule, std::string source, bool flagged,
                      std::string note_when_missing = "a value is missing") {
  Flag f{std::move(name), std::move(side), value, cutoff, std::move(unit), std::move(rule),
         std::move(source), FlagState::NotAssessed, {}};
  if (value != value || cutoff != cutoff) {
    f.note = std::move(note_when_missing);
  } else {
    f.state = flagged ? FlagState::Flagged : FlagState::Clear;
  }
  return f;
}

}  // namespace hipmech::clinic
