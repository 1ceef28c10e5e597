// The compiled definitions of <hipmech/clinic/abductor_strength.hpp> (documented there).
#include "hipmech/clinic/abductor_strength.hpp"

#include <cmath>
#include <string>

#include "hipmech/stats/asymmetry.hpp"
#include "score_trials.hpp"

namespace hipmech::clinic {

namespace {

constexpr const char* kSource =
    "no hip-specific cut-off has been validated; 90 % is the return-to-sport strength criterion "
    "of knee rehabilitation (Thomeé R et al. (2011) Knee Surg Sports Traumatol Arthrosc "
    "19:1798-1805; Grindem H et al. (2016) Br J Sports Med 50:804-808), applied to the hip "
    "abductors";

}  // namespace

AbductorStrength hip_abductor_strength(const std::vector<double>& left,
                                       const std::vector<double>& right,
                                       const AbductorStrengthOptions& options) {
  const bool force = options.quantity == StrengthQuantity::ForceN;
  const std::string what = force ? "forces in N" : "torques in N m";
  detail::check_trials(left, "left", what);
  detail::check_trials(right, "right", what);
  detail::check_plausible(
      options.body_mass_kg, "body_mass_kg", "a body mass in kg", 0.0, kBodyMassMaxKg,
      options.body_mass_kg > kBodyMassMaxKg ? "above 500 it is not in kg: was it in g or lb?"
                                            : "required: torque per kg divides by it");
  detail::check_cutoff(options.lsi_cutoff_percent, "lsi_cutoff_percent", "%");
  if (force) {
    HIPMECH_CHECK_ARG(options.setup.has_value(), "setup",
                      "a DynamometerSetup (at least the lever arm) for forces in N", "none");
  } else {
    HIPMECH_CHECK_ARG(!options.setup.has_value(), "setup",
                      "none for torques in N m (they are used as measured)", "a setup");
  }

  AbductorStrength a;
  a.options = options;
  const auto to_torque = [&](const std::vector<double>& v) {
    if (!force) return v;
    std::vector<double> t(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) t[i] = hip::dynamometer_torque(v[i], *options.setup);
    return t;
  };
  a.torque_nm_left = to_torque(left);
  a.torque_nm_right = to_torque(right);
  // A torque per body mass far above what hip abductors produce: a unit mistake.
  for (const auto* side : {&a.torque_nm_left, &a.torque_nm_right}) {
    const char* arg = side == &a.torque_nm_left ? "left" : "right";
    for (std::size_t t = 0; t < side->size(); ++t) {
      const double per_kg = (*side)[t] / options.body_mass_kg;
      HIPMECH_CHECK_ARG(
          std::isnan(per_kg) || per_kg <= kTorquePerKgMax, arg,
          std::string(force ? "forces" : "torques") + " giving a torque per body mass of at most " +
              detail::fmt(kTorquePerKgMax) + " N m/kg (hip abduction is about 1-3 N m/kg): was " +
              (force ? "the force in another unit or the lever arm in cm"
                     : "the torque in N cm or another unit") +
              ", or the body mass too small?",
          detail::fmt(per_kg) + " N m/kg (torque " + detail::fmt((*side)[t]) + " N m, body mass " +
              detail::fmt(options.body_mass_kg) + " kg) at trial " + std::to_string(t));
    }
  }
  if (force) {
    a.gravity_torque_nm = hip::gravity_torque_nm(*options.setup);
    a.notes.push_back("torque = force x lever arm (" + detail::fmt(options.setup->lever_arm_m) +
                      " m)" +
                      (a.gravity_torque_nm != 0.0
                           ? " + gravity correction " + detail::fmt(a.gravity_torque_nm) + " N m"
                           : ""));
  }
  a.trials.left = detail::summarise(Side::Left, a.torque_nm_left, "left", a.notes);
  a.trials.right = detail::summarise(Side::Right, a.torque_nm_right, "right", a.notes);
  a.left_torque_nm = detail::statistic(a.trials.left, options.summary, "left", a.notes);
  a.right_torque_nm = detail::statistic(a.trials.right, options.summary, "right", a.notes);
  a.notes.push_back("each side's torque is the " + detail::statistic_name(options.summary) +
                    " of its trials");
  a.left_torque_nm_per_kg = hip::torque_per_kg(a.left_torque_nm, options.body_mass_kg);
  a.right_torque_nm_per_kg = hip::torque_per_kg(a.right_torque_nm, options.body_mass_kg);

  Side involved = Side::Left;
  bool known = false;
  if (options.involved) {
    involved = *options.involved;
    known = true;
  } else if (!std::isnan(a.left_torque_nm) && !std::isnan(a.right_torque_nm)) {
    if (a.left_torque_nm != a.right_torque_nm) {
      involved = a.left_torque_nm < a.right_torque_nm ? Side::Left : Side::Right;
      known = true;
    }
    a.notes.push_back(known ? "no involved side given: LSI = weaker (" +
                                  std::string(to_string(involved)) + ") / stronger (" +
                                  std::string(to_string(opposite(involved))) + ") x 100"
                            : "no involved side given and both sides are equal: LSI = 100 %");
  }
  if (known) {
    a.lsi_side = std::string(to_string(involved));
    a.reference_side = std::string(to_string(opposite(involved)));
  }
  const stats::AsymmetryValue lsi =
      stats::limb_symmetry_index_percent(a.left_torque_nm, a.right_torque_nm, opposite(involved));
  a.lsi_percent = lsi.value;
  a.deficit_percent = 100.0 - a.lsi_percent;
  std::string missing = "a side has no valid trial";
  if (lsi.reason != stats::AsymmetryReason::Missing) {
    missing = std::string("the LSI is undefined: ") + stats::asymmetry_reason_text(lsi.reason);
  }
  const double cut = options.lsi_cutoff_percent;
  a.flags.push_back(make_flag("abductor_lsi_percent", a.lsi_side, a.lsi_percent, cut, "%",
                              "LSI < " + detail::fmt(cut) + " %" +
                                  (options.involved ? " (LSI = 100 x involved / reference torque)"
                                                    : " (LSI = 100 x weaker / stronger torque)"),
                              kSource, below_cutoff(a.lsi_percent, cut), missing));
  return a;
}

}  // namespace hipmech::clinic
