/// \file
/// The single-leg hop tests of Noyes, Barber & Mangine (1991) (docs/clinic.md, "Hop tests"):
/// single hop, triple hop and crossover hop for distance [cm], and the 6-m timed hop [s], with
/// the limb symmetry index (LSI) of each and its flag.
///
/// LSI (Noyes FR, Barber SD, Mangine RE (1991) Abnormal lower limb symmetry determined by
/// function hop tests after anterior cruciate ligament rupture. Am J Sports Med 19(5):513-518):
///   distance tests:  LSI = 100 · involved / uninvolved                         [%]
///   6-m timed hop:   LSI = 100 · uninvolved time / involved time (inverted)    [%]
/// so that, for every test, an LSI below 100 % means the involved limb did worse. Without a
/// named involved side the LSI is 100 · worse / better limb (the shorter distance over the
/// longer, the shorter time over the longer) and the notes name the worse side per test.
///
/// Cut-off (a parameter, default 90 %): an LSI strictly below it is flagged (an LSI equal to the
/// cut-off within rounding, clinic::cutoff_tolerance, is not: 100 · 117.72 / 130.8 is 90 %). Noyes
/// et al. (1991) took 85 % as the lower limit of normal symmetry (from the normal population of
/// Barber SD, Noyes FR, Mangine RE et al. (1990) Clin Orthop Relat Res 255:204-214, where more than
/// 90 % of normal subjects scored 85 % or more); the 90 % default is the later return-to-sport
/// criterion after ACL reconstruction (Thomeé R et al. (2011) Knee Surg Sports Traumatol
/// Arthrosc 19:1798-1805; Grindem H et al. (2016) Br J Sports Med 50:804-808). Each flag's
/// `source` names the source that fits the cut-off used.
///
/// Plausible ranges (docs/clinic.md, "Plausible ranges"): a single hop of at most 500 cm, a
/// triple or crossover hop of at most 1500 cm, a 6-m timed hop of at most 30 s; a larger value
/// is a unit mistake (mm for cm, ms for s).
///
/// Trials: the mean (default) or the best of each side's trials; the best of a timed hop is its
/// SHORTEST time. NaN trials are left out (noted); a side whose trials are all NaN leaves that
/// test's LSI NaN and its flag "not assessed".
#pragma once

#include <array>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hipmech/clinic/flag.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/hip/dynamometer.hpp"

namespace hipmech::clinic {

/// The four hop tests, in this order everywhere.
enum class HopTest { Single = 0, Triple = 1, Crossover = 2, Timed6m = 3 };

/// The tests' field names: "single_cm", "triple_cm", "crossover_cm", "timed_6m_s".
inline constexpr std::array<std::string_view, 4> kHopTestNames{"single_cm", "triple_cm",
                                                               "crossover_cm", "timed_6m_s"};

/// Largest plausible value per test (HopTest order): 500 cm for the single hop, 1500 cm for the
/// triple and crossover hops (about 2.5 and 3 times what athletes reach), 30 s for the 6-m timed
/// hop (about 10 times a patient's time). Above: mm for cm, or ms for s.
inline constexpr std::array<double, 4> kHopMax{500.0, 1500.0, 1500.0, 30.0};

/// One side's hop trials. Distances [cm] in [0, kHopMax], times [s] in (0, kHopMax], NaN for a
/// failed trial. An empty vector means the test was not done; a test must be done on both sides or
/// on neither.
struct HopTrials {
  std::vector<double> single_cm;
  std::vector<double> triple_cm;
  std::vector<double> crossover_cm;
  std::vector<double> timed_6m_s;
};

/// Settings of hop_tests.
struct HopTestsOptions {
  /// The involved (injured, operated) limb; nullopt: the worse limb per test.
  std::optional<Side> involved;
  /// LSI below this is flagged [%], > 0 (90: return to sport; 85: Noyes et al. 1991).
  double lsi_cutoff_percent = 90.0;
  /// Mean (default) or Best of each side's trials (MeanOfBestTwo accepted; for the timed hop
  /// "best" means the shortest times).
  hip::TrialStatistic trials = hip::TrialStatistic::Mean;
};

/// One hop test's scores.
struct HopTestResult {
  HopTest test = HopTest::Single;
  bool performed = false;  ///< trials were given on both sides
  /// The summary of each side's trials [cm, or s for the timed hop]; NaN when not performed or
  /// all trials are NaN.
  double left = std::numeric_limits<double>::quiet_NaN();
  double right = std::numeric_limits<double>::quiet_NaN();
  /// The LSI [%] (inverted for the timed hop); NaN when a side is missing.
  double lsi_percent = std::numeric_limits<double>::quiet_NaN();
  /// The side in the LSI's numerator for a distance (the involved, or the worse limb): "left",
  /// "right", or "" when not performed, missing or both sides equal without a named side.
  std::string lsi_side;
  /// The side summaries (for the timed hop, of the NEGATED times, so that "best" is the
  /// shortest: best = −shortest time; the left/right fields above hold the times).
  hip::TrialSummary left_trials;
  hip::TrialSummary right_trials;
};

/// Result of hop_tests.
struct HopTests {
  std::array<HopTestResult, 4> tests{};  ///< indexed by HopTest
  HopTestsOptions options;
  /// One per performed test: "single_hop_lsi_percent", "triple_hop_lsi_percent",
  /// "crossover_hop_lsi_percent", "timed_6m_hop_lsi_percent".
  std::vector<Flag> flags;
  std::vector<std::string> notes;
};

/// The LSI of one hop test [%]: 100 · involved / uninvolved for a distance, 100 · uninvolved /
/// involved for a time (Noyes et al. 1991); NaN when a value is NaN or the denominator is 0.
/// \throws InvalidArgument naming 'involved' or 'uninvolved' (negative or infinite).
double hop_lsi_percent(HopTest test, double involved, double uninvolved);

/// Scores and flags of the hop tests done.
/// \throws InvalidArgument naming the field: 'right.triple_cm' (a test done on one side only, a
///         negative, infinite or implausible (kHopMax) distance, a time that is not positive),
///         'left' (no test at all), 'lsi_cutoff_percent'.
HopTests hop_tests(const HopTrials& left, const HopTrials& right,
                   const HopTestsOptions& options = {});

}  // namespace hipmech::clinic
