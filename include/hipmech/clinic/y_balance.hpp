/// \file
/// The Y-Balance test (docs/clinic.md, "Y-Balance"): single-leg reaches in the anterior (ANT),
/// posteromedial (PM) and posterolateral (PL) directions on each stance limb, normalised to limb
/// length, the composite score, left/right differences and the two injury-risk flags of
/// Plisky et al. (2006).
///
/// Definitions (per stance side; reaches and limb length in cm, limb length from the anterior
/// superior iliac spine to the most distal part of the medial malleolus, supine):
///   normalised reach   = 100 · reach / LL                         [% of limb length]
///   composite          = 100 · (ANT + PM + PL) / (3 · LL)          [% of limb length]
///   difference         = |reach_left − reach_right| per direction  [cm, raw, not normalised]
///   composite difference = |composite_left − composite_right|      [percentage points]
/// A direction's reach is the greatest (TrialStatistic::Best, the Y-Balance protocol's
/// "maximum reach", Plisky et al. 2009) or the mean of its trials.
///
/// Flags (Plisky PJ, Rauh MJ, Kaminski TW, Underwood FB (2006) Star Excursion Balance Test as a
/// predictor of lower extremity injury in high school basketball players. J Orthop Sports Phys
/// Ther 36(12):911-919), both cut-offs parameters:
///   - anterior reach difference > 4 cm (the paper: "greater than 4 cm", odds of a lower
///     extremity injury 2.5 times higher), strictly greater (a difference equal to the cut-off
///     within rounding, clinic::cutoff_tolerance, is not flagged);
///   - composite < 94 % of limb length, per side (the paper: "girls with a composite reach
///     distance less than 94.0 % of their limb length were 6.5 times more likely" to be
///     injured): derived in GIRLS (female high-school basketball players), not in boys; the
///     flag's note says so. The 2006 study used the Star Excursion Balance Test; the
///     instrumented Y-Balance Test and its protocol and reliability are Plisky et al. (2009)
///     N Am J Sports Phys Ther 4(2):92-99.
///
/// Plausible ranges (docs/clinic.md, "Plausible ranges"): a limb length from 30 to 150 cm (the
/// ASIS-to-medial-malleolus length of a child or an adult; a value below 30 is almost surely in
/// metres, above 150 in mm), reaches of at most 250 cm (above is not a reach in cm) and of at
/// most 200 % of the limb length (a composite of 333 % is a unit mistake), and not every reach of
/// a side below 10 % of the limb length (reaches in metres).
///
/// Missing data: a NaN trial is left out of its direction's summary (a note says so); a
/// direction whose trials are all NaN leaves that side's composite NaN and the flags that need
/// it "not assessed".
#pragma once

#include <array>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "hipmech/clinic/flag.hpp"
#include "hipmech/hip/dynamometer.hpp"

namespace hipmech::clinic {

/// The three reach directions of the Y-Balance test, in this order everywhere.
enum class ReachDirection { Anterior = 0, Posteromedial = 1, Posterolateral = 2 };

/// "anterior", "posteromedial", "posterolateral" (indexed by ReachDirection).
inline constexpr std::array<std::string_view, 3> kReachDirectionNames{"anterior", "posteromedial",
                                                                      "posterolateral"};

/// Plausible limb length [cm]: ASIS to medial malleolus, from a small child to a tall adult
/// (below 30 cm the value is almost surely in metres; above 150 cm, in mm).
inline constexpr double kLimbLengthMinCm = 30.0;
inline constexpr double kLimbLengthMaxCm = 150.0;
/// Largest plausible reach [cm] (adult reaches are about 60-130 cm; above 250, mm).
inline constexpr double kReachMaxCm = 250.0;
/// Largest plausible reach relative to the limb length [% of limb length]: 200 (a reach of
/// twice the leg; published composites are about 80-110 %, single reaches up to about 130 %).
/// Above: the reach and the limb length are in different units, or the limb length is wrong.
inline constexpr double kReachMaxPercent = 200.0;
/// When every valid reach of a side is below this [% of limb length], the reaches are taken for
/// metres (0.6 m against 90 cm is 0.7 %); real reaches are about 60-130 % of the limb length.
inline constexpr double kReachMinPercent = 10.0;

/// One stance side's reach trials [cm], in [0, kReachMaxCm], NaN for a failed trial; each direction
/// needs at least one trial.
struct YBalanceReaches {
  std::vector<double> anterior_cm;
  std::vector<double> posteromedial_cm;
  std::vector<double> posterolateral_cm;
};

/// Settings of y_balance: the trial summary and the two cut-offs (Plisky et al. 2006).
struct YBalanceOptions {
  /// Best (the greatest reach, the Y-Balance protocol) or Mean of each direction's trials;
  /// MeanOfBestTwo is accepted too.
  hip::TrialStatistic trials = hip::TrialStatistic::Best;
  /// Composite below this flags a side [% of limb length], > 0 (94.0, girls, Plisky 2006);
  /// equal within clinic::cutoff_tolerance is not below.
  double composite_cutoff_percent = 94.0;
  /// An anterior left/right difference above this is flagged [cm], >= 0 (4, Plisky 2006).
  double anterior_difference_cutoff_cm = 4.0;
};

/// One stance side's scores.
struct YBalanceSide {
  double limb_length_cm = std::numeric_limits<double>::quiet_NaN();  ///< [cm]
  /// The summary reach per direction (ReachDirection order) [cm]; NaN if all trials are NaN.
  std::array<double, 3> reach_cm{};
  /// 100 · reach / limb length per direction [% of limb length].
  std::array<double, 3> reach_percent{};
  /// 100 · (ANT + PM + PL) / (3 · LL) [% of limb length]; NaN if a direction is missing.
  double composite_percent = std::numeric_limits<double>::quiet_NaN();
  /// Each direction's trials summarised (best, mean, SD, NaN count).
  std::array<hip::TrialSummary, 3> trials{};
};

/// Result of y_balance.
struct YBalance {
  YBalanceSide left;
  YBalanceSide right;
  /// |left − right| reach per direction [cm] (raw, as Plisky's 4 cm rule).
  std::array<double, 3> difference_cm{};
  /// |composite_left − composite_right| [percentage points of limb length].
  double composite_difference_percent = std::numeric_limits<double>::quiet_NaN();
  hip::TrialStatistic trials = hip::TrialStatistic::Best;
  YBalanceOptions options;
  /// "anterior_reach_difference_cm" (pair) and "composite_percent" (left, right).
  std::vector<Flag> flags;
  std::vector<std::string> notes;  ///< missing trials, which summary was used
};

/// The composite score 100 · (ANT + PM + PL) / (3 · LL) [% of limb length] of one side (Plisky
/// et al. 2006, 2009); NaN if a reach is NaN.
/// \throws InvalidArgument naming 'anterior_cm', 'posteromedial_cm', 'posterolateral_cm'
///         (negative, above kReachMaxCm or kReachMaxPercent of the limb length, infinite; all
///         three below kReachMinPercent of it: metres) or 'limb_length_cm' (outside
///         [kLimbLengthMinCm, kLimbLengthMaxCm]).
double y_balance_composite_percent(double anterior_cm, double posteromedial_cm,
                                   double posterolateral_cm, double limb_length_cm);

/// Y-Balance scores and flags of both stance sides.
/// \param left, right the reach trials of the left and right stance limb [cm]
/// \param left_limb_length_cm, right_limb_length_cm each limb's length [cm], in
///        [kLimbLengthMinCm, kLimbLengthMaxCm]
/// \param options trial summary and cut-offs
/// \throws InvalidArgument naming the field: 'left.anterior' (no trial, a negative, infinite or
///         implausible reach: above kReachMaxCm or kReachMaxPercent of the side's limb length),
///         ..., 'left' (every valid reach of the side below kReachMinPercent of its limb length:
///         reaches in metres), 'limb_length_cm.left' / 'limb_length_cm.right' (outside 30 to
///         150 cm), 'composite_cutoff_percent', 'anterior_difference_cutoff_cm'.
YBalance y_balance(const YBalanceReaches& left, const YBalanceReaches& right,
                   double left_limb_length_cm, double right_limb_length_cm,
                   const YBalanceOptions& options = {});

/// y_balance with one limb length for both sides (errors name 'limb_length_cm').
YBalance y_balance(const YBalanceReaches& left, const YBalanceReaches& right, double limb_length_cm,
                   const YBalanceOptions& options = {});

}  // namespace hipmech::clinic
