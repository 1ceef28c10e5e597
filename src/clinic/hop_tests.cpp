// The compiled definitions of <hipmech/clinic/hop_tests.hpp> (documented there).
#include "hipmech/clinic/hop_tests.hpp"

#include <cmath>
#include <string>

#include "hipmech/stats/asymmetry.hpp"
#include "score_trials.hpp"

namespace hipmech::clinic {

namespace {

constexpr const char* kNoyes1991 =
    "Noyes FR, Barber SD, Mangine RE (1991) Am J Sports Med 19(5):513-518";
constexpr const char* kReturnToSport =
    "Thomeé R et al. (2011) Knee Surg Sports Traumatol Arthrosc 19:1798-1805; Grindem H et al. "
    "(2016) Br J Sports Med 50:804-808";

const std::vector<double>& trials_of(const HopTrials& t, std::size_t i) {
  switch (i) {
    case 0:
      return t.single_cm;
    case 1:
      return t.triple_cm;
    case 2:
      return t.crossover_cm;
    default:
      return t.timed_6m_s;
  }
}

constexpr std::array<const char*, 4> kFlagNames{"single_hop_lsi_percent", "triple_hop_lsi_percent",
                                                "crossover_hop_lsi_percent",
                                                "timed_6m_hop_lsi_percent"};

/// The source text of the LSI cut-off used.
std::string cutoff_source(double cutoff) {
  const std::string noyes = std::string(kNoyes1991) +
                            " (hop tests and LSI; LSI < 85 % abnormal, the lower limit of normal "
                            "from Barber et al. 1990 Clin Orthop Relat Res 255:204-214)";
  if (cutoff == 90.0) {
    return std::string("90 %: return-to-sport criterion after ACL reconstruction (") +
           kReturnToSport + "); hop tests and LSI: " + noyes;
  }
  if (cutoff == 85.0) return noyes;
  return "cut-off " + detail::fmt(cutoff) + " % set by the user; hop tests and LSI: " + noyes +
         "; 90 %: " + kReturnToSport;
}

}  // namespace

double hop_lsi_percent(HopTest test, double involved, double uninvolved) {
  const bool timed = test == HopTest::Timed6m;
  const char* what = timed ? "a positive time in s (NaN if missing)"
                           : "a non-negative distance in cm (NaN if missing)";
  const auto ok = [timed](double v) {
    return std::isnan(v) || (std::isfinite(v) && (timed ? v > 0.0 : v >= 0.0));
  };
  HIPMECH_CHECK_ARG(ok(involved), "involved", what, involved);
  HIPMECH_CHECK_ARG(ok(uninvolved), "uninvolved", what, uninvolved);
  using stats::AsymmetryIndex;
  return timed ? stats::asymmetry_to_reference(AsymmetryIndex::LimbSymmetryIndex, uninvolved,
                                               involved)
                     .value
               : stats::asymmetry_to_reference(AsymmetryIndex::LimbSymmetryIndex, involved,
                                               uninvolved)
                     .value;
}

HopTests hop_tests(const HopTrials& left, const HopTrials& right, const HopTestsOptions& options) {
  detail::check_cutoff(options.lsi_cutoff_percent, "lsi_cutoff_percent", "%");
  bool any = false;
  for (std::size_t i = 0; i < 4; ++i) {
    const std::string name(kHopTestNames[i]);
    const bool timed = i == 3;
    const std::string what = timed ? "times in s" : "distances in cm";
    const auto& l = trials_of(left, i);
    const auto& r = trials_of(right, i);
    if (l.empty() && r.empty()) continue;
    any = true;
    // A test done on one side only: the other side is missing.
    const std::string why = timed ? "a longer time is not a 6-m hop in s: was it in ms?"
                                  : "a longer distance is not a hop in cm: was it in mm?";
    detail::check_trials(l, "left." + name, what, timed, kHopMax[i], why);
    detail::check_trials(r, "right." + name, what, timed, kHopMax[i], why);
  }
  HIPMECH_CHECK_ARG(any, "left",
                    "trials of at least one hop test (single_cm, triple_cm, crossover_cm, "
                    "timed_6m_s) on both sides",
                    "none");

  HopTests h;
  h.options = options;
  h.notes.push_back("each side's value is the " + detail::statistic_name(options.trials) +
                    " of its trials" +
                    (options.trials == hip::TrialStatistic::Mean
                         ? ""
                         : " (for the timed hop, of the shortest times)"));
  if (!options.involved) {
    h.notes.push_back(
        "no involved side given: each LSI is the worse limb over the better one (shorter "
        "distance / longer; shorter time / longer)");
  }
  const std::string source = cutoff_source(options.lsi_cutoff_percent);
  const double cut = options.lsi_cutoff_percent;
  for (std::size_t i = 0; i < 4; ++i) {
    HopTestResult& t = h.tests[i];
    t.test = static_cast<HopTest>(i);
    const auto& l = trials_of(left, i);
    const auto& r = trials_of(right, i);
    if (l.empty()) continue;
    t.performed = true;
    const bool timed = i == 3;
    const std::string name(kHopTestNames[i]);
    // For the timed hop the better trial is the shorter time: summarise the negated times.
    const auto sign = [timed](std::vector<double> v) {
      if (timed) {
        for (double& x : v) x = -x;
      }
      return v;
    };
    t.left_trials = detail::summarise(Side::Left, sign(l), "left." + name, h.notes);
    t.right_trials = detail::summarise(Side::Right, sign(r), "right." + name, h.notes);
    const double s = timed ? -1.0 : 1.0;
    t.left = s * detail::statistic(t.left_trials, options.trials, "left." + name, h.notes);
    t.right = s * detail::statistic(t.right_trials, options.trials, "right." + name, h.notes);

    Side involved = Side::Left;
    if (options.involved) {
      involved = *options.involved;
      t.lsi_side = std::string(to_string(involved));
    } else if (!std::isnan(t.left) && !std::isnan(t.right) && t.left != t.right) {
      // The worse limb: the shorter distance, the longer time.
      const bool left_worse = timed ? t.left > t.right : t.left < t.right;
      involved = left_worse ? Side::Left : Side::Right;
      t.lsi_side = std::string(to_string(involved));
      h.notes.push_back(name + ": the " + t.lsi_side + " limb did worse");
    }
    const double inv = involved == Side::Left ? t.left : t.right;
    const double uninv = involved == Side::Left ? t.right : t.left;
    t.lsi_percent = hop_lsi_percent(t.test, inv, uninv);
    std::string missing = "a side has no valid trial";
    if (!std::isnan(inv) && !std::isnan(uninv) && std::isnan(t.lsi_percent)) {
      missing = "the LSI is undefined (a distance of 0 in the denominator)";
    }
    const char* formula = options.involved
                              ? (timed ? " (LSI = 100 x uninvolved time / involved time)"
                                       : " (LSI = 100 x involved / uninvolved)")
                              : (timed ? " (LSI = 100 x shorter time / longer time)"
                                       : " (LSI = 100 x weaker / stronger)");
    const std::string rule = std::string("LSI < ") + detail::fmt(cut) + " %" + formula;
    h.flags.push_back(make_flag(kFlagNames[i], t.lsi_side, t.lsi_percent, cut, "%", rule, source,
                                below_cutoff(t.lsi_percent, cut), missing));
  }
  return h;
}

}  // namespace hipmech::clinic
