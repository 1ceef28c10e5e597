/// \file
/// Change over a strengthening programme for one patient (docs/clinic.md, "Change over a
/// programme"): baseline against follow-up, judged by the minimal detectable change (MDC).
///
///   change         = follow-up − baseline                      [unit of the values]
///   percent change = 100 · change / |baseline|                 [%] (NaN for a zero baseline)
///   SEM            = given, or SD · √(1 − ICC)                 [unit of the values]
///   MDC            = z · √2 · SEM, z = Φ⁻¹(1 − (1 − confidence)/2) (1.96 at 95 %), or given
/// (Weir JP (2005) J Strength Cond Res 19(1):231-240; Haley SM, Fragala-Pinkham MA (2006) Phys
/// Ther 86(5):735-743). The √2 is there because a change is the difference of two measurements,
/// each with error SEM.
///
/// Verdict: "improved" when the change goes beyond the MDC in the better direction (change >
/// MDC when higher is better, change < −MDC when lower is better), "worse" beyond it in the
/// other direction, "within measurement error" otherwise (|change| <= MDC), "not assessed"
/// without an MDC or with a missing value. The per-value arithmetic is stats::change (one
/// implementation with the group analysis of docs/stats-agreement.md).
#pragma once

#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "hipmech/clinic/flag.hpp"

namespace hipmech::clinic {

/// The measurement error of the test, from a reliability study: exactly one of `sem`,
/// (`icc`, `sd`) or `mdc`, or none (then no verdict). NaN means "not given".
struct MeasurementError {
  double sem = std::numeric_limits<double>::quiet_NaN();  ///< SEM, > 0, unit of the values
  double icc = std::numeric_limits<double>::quiet_NaN();  ///< test-retest ICC, in [0, 1]
  double sd = std::numeric_limits<double>::quiet_NaN();   ///< between-subject SD, > 0
  double mdc = std::numeric_limits<double>::quiet_NaN();  ///< MDC at `confidence`, > 0
};

/// How a change compares with the MDC.
enum class ChangeVerdict { Improved, Worse, Within, NotAssessed };

/// "improved", "worse", "within measurement error", "not assessed".
constexpr std::string_view to_string(ChangeVerdict v) noexcept {
  switch (v) {
    case ChangeVerdict::Improved:
      return "improved";
    case ChangeVerdict::Worse:
      return "worse";
    case ChangeVerdict::Within:
      return "within measurement error";
    case ChangeVerdict::NotAssessed:
    default:
      return "not assessed";
  }
}

/// Settings of programme_change.
struct ProgrammeChangeOptions {
  MeasurementError error;
  bool higher_is_better = true;  ///< strength, LSI, reach: true; a time: false
  double confidence = 0.95;      ///< of the MDC, in (0, 1)
  std::string name = "value";    ///< what is measured, for the flag and notes
  std::string unit;              ///< its unit, e.g. "N m/kg"
};

/// Result of programme_change.
struct ProgrammeChange {
  ProgrammeChangeOptions options;
  double baseline = std::numeric_limits<double>::quiet_NaN();
  double follow_up = std::numeric_limits<double>::quiet_NaN();
  double change = std::numeric_limits<double>::quiet_NaN();          ///< follow-up − baseline
  double percent_change = std::numeric_limits<double>::quiet_NaN();  ///< [%]
  double sem = std::numeric_limits<double>::quiet_NaN();  ///< the SEM used (NaN if MDC given)
  double z = std::numeric_limits<double>::quiet_NaN();    ///< Φ⁻¹(1 − (1 − confidence)/2)
  double mdc = std::numeric_limits<double>::quiet_NaN();  ///< NaN when no error was given
  /// Where the MDC came from: "sem", "icc_sd", "mdc" or "none".
  std::string mdc_from = "none";
  ChangeVerdict verdict = ChangeVerdict::NotAssessed;
  /// "<name>_change": flagged when the change is beyond the MDC in the worse direction.
  std::vector<Flag> flags;
  std::vector<std::string> notes;
};

/// SD · √(1 − ICC) (Weir 2005) in the unit of the SD.
/// \throws InvalidArgument naming 'sd' (not finite and positive) or 'icc' (outside [0, 1]).
double sem_from_icc(double sd, double icc);

/// z · √2 · SEM with z = Φ⁻¹(1 − (1 − confidence)/2): 1.96 √2 SEM at 95 %, 1.645 √2 SEM at 90 %
/// (Weir 2005; Haley & Fragala-Pinkham 2006).
/// \throws InvalidArgument naming 'sem' (not finite and positive) or 'confidence' (outside
///         (0, 1)).
double minimal_detectable_change(double sem, double confidence = 0.95);

/// Change from baseline to follow-up for one patient and its verdict against the MDC.
/// \throws InvalidArgument naming 'baseline' / 'follow_up' (infinite), 'confidence', 'sem',
///         'icc', 'sd', 'mdc' (out of range), or 'error' (more than one of sem, (icc, sd), mdc,
///         or an ICC without its SD).
ProgrammeChange programme_change(double baseline, double follow_up,
                                 const ProgrammeChangeOptions& options = {});

}  // namespace hipmech::clinic
