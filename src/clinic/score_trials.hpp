// Trial checks and summaries shared by the clinic scores (src/clinic/*.cpp): one place for the
// "no trial", "negative value" and "NaN trial" rules of docs/clinic.md.
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "hipmech/core/check.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/hip/dynamometer.hpp"

namespace hipmech::clinic::detail {

/// A number for a note, 4 significant digits.
inline std::string fmt(double v) {
  return ::hipmech::detail::significant_digits(v, 4);
}

/// "max", "mean" or "mean of the best two".
inline std::string statistic_name(hip::TrialStatistic s) {
  switch (s) {
    case hip::TrialStatistic::Best:
      return "max";
    case hip::TrialStatistic::Mean:
      return "mean";
    case hip::TrialStatistic::MeanOfBestTwo:
    default:
      return "mean of the best two";
  }
}

/// Throws InvalidArgument naming `field` unless `trials` holds at least one trial and every
/// trial is NaN (a failed trial) or finite, >= 0 (> 0 when `positive`) and <= `max_value`.
/// `what` is the quantity with its unit, e.g. "reaches in cm"; `why_max` says what a value above
/// `max_value` suggests (a unit mistake, docs/clinic.md "Plausible ranges").
inline void check_trials(const std::vector<double>& trials, const std::string& field,
                         const std::string& what, bool positive = false,
                         double max_value = std::numeric_limits<double>::infinity(),
                         const std::string& why_max = "") {
  HIPMECH_CHECK_ARG(!trials.empty(), field, "at least one trial (" + what + ")", "no trial");
  const bool bounded = std::isfinite(max_value);
  for (std::size_t t = 0; t < trials.size(); ++t) {
    const double v = trials[t];
    const bool ok = std::isnan(v) || (std::isfinite(v) && (positive ? v > 0.0 : v >= 0.0));
    HIPMECH_CHECK_ARG(
        ok, field,
        std::string(positive ? "positive " : "non-negative ") + what + " (NaN for a failed trial)",
        fmt(v) + " at trial " + std::to_string(t));
    HIPMECH_CHECK_ARG(
        !bounded || std::isnan(v) || v <= max_value, field,
        what + " of at most " + fmt(max_value) + (why_max.empty() ? "" : " (" + why_max + ")"),
        fmt(v) + " at trial " + std::to_string(t));
  }
}

/// Throws InvalidArgument naming `arg` unless `value` is finite and in (0, max] when `low` is 0
/// or in [low, max] otherwise; `what` is the quantity with its unit ("a limb length in cm"),
/// `why` what a value outside suggests (docs/clinic.md, "Plausible ranges").
inline void check_plausible(double value, const std::string& arg, const std::string& what,
                            double low, double high, const std::string& why) {
  const bool ok = std::isfinite(value) && (low > 0.0 ? value >= low : value > 0.0) && value <= high;
  HIPMECH_CHECK_ARG(ok, arg,
                    what +
                        (low > 0.0 ? " from " + fmt(low) + " to " + fmt(high)
                                   : ", positive and at most " + fmt(high)) +
                        " (" + why + ")",
                    ::hipmech::detail::significant_digits(value, 6));
}

/// hip::summarise_trials of one field's trials; its NaN notes go to `notes`, naming the field.
inline hip::TrialSummary summarise(Side side, const std::vector<double>& trials,
                                   const std::string& field, std::vector<std::string>& notes) {
  hip::TrialSummary s = hip::summarise_trials(side, trials);
  if (s.n_valid < s.n_trials) {
    notes.push_back(field + ": " + std::to_string(s.n_trials - s.n_valid) + " of " +
                    std::to_string(s.n_trials) + " trials are NaN (failed) and left out" +
                    (s.n_valid == 0 ? "; no valid trial, so it is not assessed" : ""));
  }
  return s;
}

/// The summary a statistic names, with a note when it is NaN although some trial is valid
/// (the mean of the best two with one valid trial).
inline double statistic(const hip::TrialSummary& s, hip::TrialStatistic stat,
                        const std::string& field, std::vector<std::string>& notes) {
  const double v = hip::trial_statistic(s, stat);
  if (std::isnan(v) && s.n_valid > 0) {
    notes.push_back(field + ": fewer than two valid trials, so no mean of the best two");
  }
  return v;
}

/// Throws InvalidArgument naming `arg` unless `value` is finite and > 0.
inline void check_cutoff(double value, const char* arg, const char* unit) {
  HIPMECH_CHECK_ARG(std::isfinite(value) && value > 0.0, arg,
                    std::string("a finite positive cut-off in ") + unit, value);
}

}  // namespace hipmech::clinic::detail
