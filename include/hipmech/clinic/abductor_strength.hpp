/// \file
/// Hip-abductor strength from a hand-held or fixed dynamometer (docs/clinic.md, "Hip-abductor
/// strength"): per-trial torque, the best or mean trial per side, torque per body mass, the
/// limb symmetry index and the deficit, with the LSI flag.
///
/// Torque [N m], internal abduction moment, positive in abduction on both sides:
///   from a pad force F [N]:  T = F · L + gravity term   (hip::dynamometer_torque: lever arm L
///                            from the greater trochanter to the pad; gravity term from the
///                            DynamometerSetup, Winter, Wells & Orr 1981)
///   given as torque:         T as measured.
///   torque per kg = T / body mass [N m/kg] (hip::torque_per_kg)
///   LSI = 100 · T_involved / T_reference [%], deficit = 100 − LSI [%]
///       (stats::limb_symmetry_index_percent; reference = the uninvolved limb). Without a named
///       side the LSI is 100 · weaker / stronger and the notes say which side was weaker.
///
/// Cut-off (a parameter, default 90 %): an LSI strictly below it is flagged (equal within
/// rounding, clinic::cutoff_tolerance, is not). No hip-specific
/// LSI cut-off has been validated; 90 % is the return-to-sport strength criterion of knee
/// rehabilitation (Thomeé R et al. (2011) Knee Surg Sports Traumatol Arthrosc 19:1798-1805;
/// Grindem H et al. (2016) Br J Sports Med 50:804-808), applied here to the hip abductors, and
/// the flag's source says so. For scale: women with patellofemoral pain had 26 % less
/// hip-abduction strength than controls (Ireland ML et al. (2003) J Orthop Sports Phys Ther
/// 33:671-676) and 27 % less (per body mass) than the weaker limb of controls (Robinson RL, Nee
/// RJ (2007) J Orthop Sports Phys Ther 37:232-238).
///
/// Plausible ranges (docs/clinic.md, "Plausible ranges"): a body mass in (0, 500] kg and a torque
/// per body mass of at most 10 N m/kg per trial (about 1-3 N m/kg is measured): above, a unit is
/// wrong (N cm for N m, a lever arm in cm) or the body mass is too small.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "hipmech/clinic/flag.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/hip/dynamometer.hpp"

namespace hipmech::clinic {

/// Largest plausible body mass [kg] (as report::analyse_trial's check; above: g or lb).
inline constexpr double kBodyMassMaxKg = 500.0;
/// Largest plausible hip-abduction torque per body mass [N m/kg]. Hand-held and fixed
/// dynamometry of the hip abductors give about 1-3 N m/kg; 10 is more than three times the
/// strongest of these. Above: the torque, the force or the lever arm (cm for m) is in another
/// unit, or the body mass is too small.
inline constexpr double kTorquePerKgMax = 10.0;

/// What the dynamometer trials hold.
enum class StrengthQuantity {
  ForceN,    ///< pad force [N]: needs a DynamometerSetup (at least the lever arm)
  TorqueNm,  ///< torque [N m], used as measured (correct it for gravity before)
};

/// Settings of hip_abductor_strength.
struct AbductorStrengthOptions {
  StrengthQuantity quantity = StrengthQuantity::ForceN;
  /// Lever arm and limb weight (ForceN only; required there, refused for TorqueNm).
  std::optional<hip::DynamometerSetup> setup;
  /// Body mass [kg], in (0, 500] (required: no default; above 500 it is not in kg, the limit
  /// of report::analyse_trial).
  double body_mass_kg = std::numeric_limits<double>::quiet_NaN();
  /// Best (the largest trial, Thorborg et al. 2010 used the best of four) or Mean
  /// (MeanOfBestTwo accepted).
  hip::TrialStatistic summary = hip::TrialStatistic::Best;
  /// The involved (weak, injured) limb: the LSI's numerator, the other limb its reference.
  /// nullopt: the weaker limb over the stronger.
  std::optional<Side> involved;
  /// LSI below this is flagged [%], > 0.
  double lsi_cutoff_percent = 90.0;
};

/// Result of hip_abductor_strength.
struct AbductorStrength {
  AbductorStrengthOptions options;
  /// Torque per trial [N m], input order, NaN for a failed trial.
  std::vector<double> torque_nm_left;
  std::vector<double> torque_nm_right;
  /// The summary torque per side [N m] (best or mean) and per body mass [N m/kg].
  double left_torque_nm = std::numeric_limits<double>::quiet_NaN();
  double right_torque_nm = std::numeric_limits<double>::quiet_NaN();
  double left_torque_nm_per_kg = std::numeric_limits<double>::quiet_NaN();
  double right_torque_nm_per_kg = std::numeric_limits<double>::quiet_NaN();
  /// The gravity term added to each F · L [N m] (0 for torques or gravity None).
  double gravity_torque_nm = 0.0;
  hip::SideTrials trials;  ///< per-side summaries of the torques
  /// 100 · involved / reference [%]; NaN when a side is missing or the reference is 0.
  double lsi_percent = std::numeric_limits<double>::quiet_NaN();
  double deficit_percent = std::numeric_limits<double>::quiet_NaN();  ///< 100 − LSI [%]
  /// The numerator ("involved" or weaker) side and the reference side: "left"/"right", or ""
  /// when unknown (missing side, or equal sides without a named side).
  std::string lsi_side;
  std::string reference_side;
  std::vector<Flag> flags;  ///< "abductor_lsi_percent"
  std::vector<std::string> notes;
};

/// Hip-abductor strength of both sides from dynamometer trials.
/// \param left, right one value per trial: forces [N] >= 0 or torques [N m] >= 0, NaN for a
///        failed trial; at least one trial per side
/// \throws InvalidArgument naming the field: 'left' / 'right' (no trial, a negative or infinite
///         value, a torque per body mass above kTorquePerKgMax), 'body_mass_kg' (not in (0,
///         500] kg), 'setup' (missing for forces, given for
///         torques), a 'setup.' field, 'lsi_cutoff_percent'.
AbductorStrength hip_abductor_strength(const std::vector<double>& left,
                                       const std::vector<double>& right,
                                       const AbductorStrengthOptions& options);

}  // namespace hipmech::clinic
