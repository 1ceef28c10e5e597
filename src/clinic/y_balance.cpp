// The compiled definitions of <hipmech/clinic/y_balance.hpp> (documented there).
#include "hipmech/clinic/y_balance.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "score_trials.hpp"

namespace hipmech::clinic {

namespace {

constexpr const char* kPlisky2006 =
    "Plisky PJ, Rauh MJ, Kaminski TW, Underwood FB (2006) J Orthop Sports Phys Ther "
    "36(12):911-919";

const std::vector<double>& reaches(const YBalanceReaches& r, std::size_t d) {
  return d == 0 ? r.anterior_cm : d == 1 ? r.posteromedial_cm : r.posterolateral_cm;
}

YBalanceSide score_side(Side side, const YBalanceReaches& r, double limb_length_cm,
                        hip::TrialStatistic stat, std::vector<std::string>& notes) {
  YBalanceSide s;
  s.limb_length_cm = limb_length_cm;
  const std::string side_name(to_string(side));
  for (std::size_t d = 0; d < 3; ++d) {
    const std::string field = side_name + "." + std::string(kReachDirectionNames[d]);
    s.trials[d] = detail::summarise(side, reaches(r, d), field, notes);
    s.reach_cm[d] = detail::statistic(s.trials[d], stat, field, notes);
    s.reach_percent[d] = 100.0 * s.reach_cm[d] / limb_length_cm;
  }
  s.composite_percent =
      y_balance_composite_percent(s.reach_cm[0], s.reach_cm[1], s.reach_cm[2], limb_length_cm);
  return s;
}

void check_side(const YBalanceReaches& r, const char* side) {
  for (std::size_t d = 0; d < 3; ++d) {
    detail::check_trials(
        reaches(r, d), std::string(side) + "." + std::string(kReachDirectionNames[d]),
        "reaches in cm", false, kReachMaxCm, "a larger value is not a reach in cm: was it in mm?");
  }
}

void check_limb_length(double cm, const char* arg) {
  const char* why = "the ASIS-to-medial-malleolus length of a child or an adult";
  if (cm > 0.0 && cm < kLimbLengthMinCm) {
    why = "below 30 cm it is almost surely in metres: give centimetres";
  } else if (cm > kLimbLengthMaxCm && std::isfinite(cm)) {
    why = "above 150 cm it is not a leg length in cm: was it in mm?";
  }
  detail::check_plausible(cm, arg, "a limb length (ASIS to medial malleolus) in cm",
                          kLimbLengthMinCm, kLimbLengthMaxCm, why);
}

/// A reach above kReachMaxPercent of the limb length is an error naming `field` (the trial when
/// `trial` >= 0); every finite reach in `reach` below kReachMinPercent of it (and one at least) is
/// an error naming `side_arg`: the reaches are in metres.
void check_reach_vs_limb(const std::vector<std::pair<std::string, std::vector<double>>>& fields,
                         double limb_length_cm, const std::string& side_arg, bool trials) {
  double largest = -1.0;
  for (const auto& [field, values] : fields) {
    for (std::size_t t = 0; t < values.size(); ++t) {
      const double v = values[t];
      if (std::isnan(v)) continue;
      largest = std::max(largest, v);
      const double percent = 100.0 * v / limb_length_cm;
      HIPMECH_CHECK_ARG(percent <= kReachMaxPercent, field,
                        "a reach of at most " + detail::fmt(kReachMaxPercent) +
                            " % of the limb length (" + detail::fmt(limb_length_cm) +
                            " cm): a longer reach means the reach and the limb length are in "
                            "different units, or the limb length is wrong",
                        detail::fmt(v) + " cm (" + detail::fmt(percent) + " %)" +
                            (trials ? " at trial " + std::to_string(t) : ""));
    }
  }
  if (largest < 0.0) return;  // every reach NaN: not assessed, not a unit mistake
  HIPMECH_CHECK_ARG(100.0 * largest / limb_length_cm >= kReachMinPercent, side_arg,
                    "reaches in cm, at least one of them " + detail::fmt(kReachMinPercent) +
                        " % of the limb length (" + detail::fmt(limb_length_cm) +
                        " cm) or more (real reaches are about 60-130 %): were they in metres?",
                    "every reach at most " + detail::fmt(largest));
}

std::vector<std::pair<std::string, std::vector<double>>> side_fields(const YBalanceReaches& r,
                                                                     const char* side) {
  std::vector<std::pair<std::string, std::vector<double>>> out;
  for (std::size_t d = 0; d < 3; ++d) {
    out.emplace_back(std::string(side) + "." + std::string(kReachDirectionNames[d]), reaches(r, d));
  }
  return out;
}

}  // namespace

double y_balance_composite_percent(double anterior_cm, double posteromedial_cm,
                                   double posterolateral_cm, double limb_length_cm) {
  const auto reach = [](double v, const char* arg) {
    HIPMECH_CHECK_ARG(std::isnan(v) || (std::isfinite(v) && v >= 0.0 && v <= kReachMaxCm), arg,
                      "a reach in cm from 0 to " + detail::fmt(kReachMaxCm) + " (NaN if missing)",
                      v);
  };
  reach(anterior_cm, "anterior_cm");
  reach(posteromedial_cm, "posteromedial_cm");
  reach(posterolateral_cm, "posterolateral_cm");
  check_limb_length(limb_length_cm, "limb_length_cm");
  check_reach_vs_limb({{"anterior_cm", {anterior_cm}},
                       {"posteromedial_cm", {posteromedial_cm}},
                       {"posterolateral_cm", {posterolateral_cm}}},
                      limb_length_cm, "anterior_cm", false);
  return 100.0 * (anterior_cm + posteromedial_cm + posterolateral_cm) / (3.0 * limb_length_cm);
}

YBalance y_balance(const YBalanceReaches& left, const YBalanceReaches& right,
                   double left_limb_length_cm, double right_limb_length_cm,
                   const YBalanceOptions& options) {
  check_side(left, "left");
  check_side(right, "right");
  check_limb_length(left_limb_length_cm, "limb_length_cm.left");
  check_limb_length(right_limb_length_cm, "limb_length_cm.right");
  check_reach_vs_limb(side_fields(left, "left"), left_limb_length_cm, "left", true);
  check_reach_vs_limb(side_fields(right, "right"), right_limb_length_cm, "right", true);
  detail::check_cutoff(options.composite_cutoff_percent, "composite_cutoff_percent",
                       "% of limb length");
  HIPMECH_CHECK_ARG(std::isfinite(options.anterior_difference_cutoff_cm) &&
                        options.anterior_difference_cutoff_cm >= 0.0,
                    "anterior_difference_cutoff_cm", "a finite non-negative cut-off in cm",
                    options.anterior_difference_cutoff_cm);

  YBalance y;
  y.options = options;
  y.trials = options.trials;
  y.notes.push_back("each direction's reach is the " + detail::statistic_name(options.trials) +
                    " of its trials");
  y.left = score_side(Side::Left, left, left_limb_length_cm, options.trials, y.notes);
  y.right = score_side(Side::Right, right, right_limb_length_cm, options.trials, y.notes);
  for (std::size_t d = 0; d < 3; ++d)
    y.difference_cm[d] = std::fabs(y.left.reach_cm[d] - y.right.reach_cm[d]);
  y.composite_difference_percent = std::fabs(y.left.composite_percent - y.right.composite_percent);

  const double ant_cut = options.anterior_difference_cutoff_cm;
  y.flags.push_back(make_flag(
      "anterior_reach_difference_cm", "", y.difference_cm[0], ant_cut, "cm",
      "|left - right| anterior reach > " + detail::fmt(ant_cut) + " cm",
      std::string(kPlisky2006) +
          ": an anterior right/left difference greater than 4 cm, 2.5 times the odds of a lower "
          "extremity injury (high-school basketball players, both sexes)",
      above_cutoff(y.difference_cm[0], ant_cut), "an anterior reach is missing on one side"));
  const double comp_cut = options.composite_cutoff_percent;
  for (const YBalanceSide* s : {&y.left, &y.right}) {
    const char* side = s == &y.left ? "left" : "right";
    Flag f = make_flag("composite_percent", side, s->composite_percent, comp_cut, "%",
                       "composite < " + detail::fmt(comp_cut) + " % of limb length",
                       std::string(kPlisky2006) +
                           ": girls with a composite below 94.0 % of limb length, 6.5 times "
                           "the odds of a lower extremity injury",
                       below_cutoff(s->composite_percent, comp_cut),
                       std::string("a ") + side + " reach is missing (all its trials are NaN)");
    if (f.state != FlagState::NotAssessed) {
      f.note =
          "the 94 % cut-off was derived in girls (female high-school basketball players, Star "
          "Excursion Balance Test); the paper reports it for girls only";
    }
    y.flags.push_back(std::move(f));
  }
  return y;
}

YBalance y_balance(const YBalanceReaches& left, const YBalanceReaches& right, double limb_length_cm,
                   const YBalanceOptions& options) {
  check_limb_length(limb_length_cm, "limb_length_cm");
  return y_balance(left, right, limb_length_cm, limb_length_cm, options);
}

}  // namespace hipmech::clinic
