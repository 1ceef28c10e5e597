/// \file
/// The per-trial hip analysis behind `hipmech report`: one function for C++ and Python
/// (hipmech.report.analyse is a thin layer over report::analyse).
///
/// Pipeline (docs/report.md): markers low-passed (zero-lag Butterworth, order 2 per pass,
/// gap-free runs filtered on their own); Plug-in Gait lower body with the file's subject
/// parameters (and the static trial's foot offsets when one is given); gait events from the
/// file completed by force plates and kinematic (Zeni et al. 2008) events (EventsMode); per stance
/// the peak contralateral pelvic drop in single support, peak knee valgus, hip adduction and
/// internal hip abduction moment (3-D inverse dynamics); per side n, missing, mean and SD; between
/// sides the symmetry index (Robinson et al. 1987) and symmetry angle (Zifchock et al. 2008) of the
/// side means with percentile bootstrap CIs across stances; time-normalised curves per cycle.
/// Everything not computed is said in `notes`, never dropped silently.
///
/// Thresholds and flags are policy, not measurement: they stay in the Python report
/// (hipmech.report.THRESHOLDS) for now.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/side.hpp"
#include "hipmech/dynamics/moment_frames.hpp"
#include "hipmech/events/gait_events.hpp"
#include "hipmech/io/trial.hpp"
#include "hipmech/knee/flexion_crosstalk.hpp"
#include "hipmech/model/plug_in_gait.hpp"

namespace hipmech::report {

/// The per-stance quantities of the summary, in the order of TrialSummary::summary.
enum class Quantity {
  PelvicDropDeg = 0,               ///< contralateral pelvic drop, peak in single support [deg]
  KneeValgusDeg,                   ///< knee valgus (+) / varus (-), peak in stance [deg]
  HipAdductionDeg,                 ///< hip adduction (+), peak in stance [deg]
  HipAbductionMomentNmPerKg,       ///< internal hip abduction moment, peak in stance [N m/kg]
};
inline constexpr std::size_t kQuantityCount = 4;

/// The curves per gait cycle, in the order of CycleCurves::data.
enum class Curve {
  PelvicObliquityDeg = 0,     ///< pelvic obliquity, this side up + (Baker, progression frame)
  HipAdductionDeg,            ///< hip adduction (+) / abduction (-) (Grood & Suntay JCS)
  HipFlexionDeg,              ///< hip flexion (+) / extension (-)
  KneeFlexionDeg,             ///< knee flexion (+) / extension (-)
  KneeValgusDeg,              ///< knee valgus (+) / varus (-)
  HipAbductionMomentNmPerKg,  ///< internal hip abduction moment [N m/kg]
};
inline constexpr std::size_t kCurveCount = 6;

/// Name (the Python column name), unit (UTF-8) and label of a quantity or curve.
struct QuantityInfo {
  const char* name;
  const char* unit;
  const char* label;
};

/// Names, units and labels of the quantities (hipmech.report.QUANTITIES).
const std::array<QuantityInfo, kQuantityCount>& quantity_info() noexcept;
/// Names, units and labels of the curves (hipmech.report.CURVES).
const std::array<QuantityInfo, kCurveCount>& curve_info() noexcept;

/// Where analyse() takes the gait events from (`hipmech report --events`).
enum class EventsMode {
  /// The file's events where it has them, completed by force-plate contacts and then the
  /// kinematic method (Zeni et al. 2008) wherever no event of the same foot and kind from an
  /// earlier source lies within AnalysisOptions::events_merge_window_s (events::merge_events).
  /// Each event keeps its source. The default: files often mark only one cycle per foot.
  Auto = 0,
  File,        ///< the file's events only
  Plates,      ///< force-plate contacts only (events::from_force_plates)
  Kinematics,  ///< the kinematic method only (events::from_kinematics, Zeni et al. 2008)
};

/// "auto", "file", "plates" or "kinematics" (the Python and CLI names).
constexpr const char* to_string(EventsMode mode) noexcept {
  switch (mode) {
    case EventsMode::File:
      return "file";
    case EventsMode::Plates:
      return "plates";
    case EventsMode::Kinematics:
      return "kinematics";
    case EventsMode::Auto:
      break;
  }
  return "auto";
}

/// The EventsMode named `text` ("auto", "file", "plates", "kinematics").
/// \throws InvalidArgument naming `arg` and the accepted names
EventsMode parse_events_mode(std::string_view text, const char* arg = "events");

/// Settings of analyse(). The defaults are those of `hipmech report`.
struct AnalysisOptions {
  /// Body mass [kg]; empty: the trial's subject mass (InvalidArgument naming `body_mass_kg`
  /// when the file has none either).
  std::optional<double> body_mass_kg;
  /// Reference limb of the symmetry index and angle (positive: the other limb is larger).
  Side reference = Side::Left;
  /// Low-pass cut-off of markers and plate forces [Hz] (Kristianslund et al. 2012: the same
  /// for both); empty: the file's data as stored. Must lie in (0, rate / 2).
  std::optional<double> cutoff_hz = 6.0;
  /// Bootstrap resamples B of the asymmetry CIs (>= 1).
  Eigen::Index n_resamples = 2000;
  /// Bootstrap seed: the same seed gives the same resamples in C++ and Python.
  std::uint64_t seed = 1;
  /// Axes of the hip abduction moment: Jcs (Grood & Suntay 1983), Distal (the thigh,
  /// Plug-in Gait's choice) or Proximal (the pelvis). Global is refused (no abduction axis).
  dynamics::MomentFrame moment_frame = dynamics::MomentFrame::Jcs;
  /// Where the gait events come from (EventsMode::Auto: file, then plates, then kinematics).
  EventsMode events = EventsMode::Auto;
  /// An event of a later source is added only where no event of the same foot and kind from an
  /// earlier source lies within this time [s] (Zeni's minimum separation of two events of one
  /// kind, far below a stride).
  double events_merge_window_s = 0.3;
};

/// One stance [foot strike, foot off) of one side.
struct StanceRow {
  Side side = Side::Left;
  int stance = 0;                        ///< 1, 2, ... per side, in time order
  Eigen::Index foot_strike_frame = 0;    ///< 0-based row
  Eigen::Index foot_off_frame = 0;       ///< 0-based row, one past the stance's last frame
  double foot_strike_time_s = 0.0;
  double foot_off_time_s = 0.0;
  std::string foot_strike_source;        ///< GaitEvent::source ("file", "force_plate:1", "zeni")
  std::string foot_off_source;
  Eigen::Index single_support_begin = -1;  ///< -1: single support unknown
  Eigen::Index single_support_end = -1;
  /// Peak of each Quantity; NaN when not computed (the reason in `note`).
  std::array<double, kQuantityCount> value{};
  double pelvic_drop_peak_percent_stance = 0.0;  ///< NaN when the drop is NaN
  std::string note;                              ///< why a value is NaN; empty when all are there
};

/// n, missing, mean and SD of one side's per-stance values.
struct SideStatistics {
  Eigen::Index n = 0;          ///< finite stances
  Eigen::Index n_missing = 0;  ///< stances whose value is NaN
  double mean = 0.0;           ///< NaN when n = 0
  double sd = 0.0;             ///< n - 1 in the denominator; NaN when n < 2
  /// 95 % percentile bootstrap CI of the mean across stances (the options' seed and B);
  /// NaN when n < 2.
  double ci_low = 0.0;
  double ci_high = 0.0;
};

/// An asymmetry of the side means with its percentile bootstrap CI (NaN when undefined or, for
/// the CI, when a side has fewer than 2 finite stances).
struct AsymmetryEstimate {
  double value =
      0.0;  ///< [%] for SymmetryMeasure::Index and Angle, the quantity's unit for Difference
  double ci_low = 0.0;
  double ci_high = 0.0;
  /// Why something is NaN, or what the bootstrap left out ("symmetry index undefined (values
  /// have opposite signs)"); empty when everything was computed.
  std::string note;
};

/// Which asymmetry index asymmetry_of_means() computes.
enum class SymmetryMeasure {
  Index,  ///< Robinson et al. (1987): 100 (other - reference) / (0.5 (other + reference))
  Angle,  ///< Zifchock et al. (2008): 100 (45 deg - atan(left / right)) / 90 deg, signed to
          ///< the reference
  /// other - reference, in the unit of the values: defined for any signs (angles near zero,
  /// opposite signs), where the ratio-based indices are not (Herzog et al. 1989).
  Difference,
};

/// SI or SA of the two side means of per-stance values (NaN values omitted), with its
/// percentile bootstrap CI across stances: the left and right samples resampled independently
/// (stats::bootstrap, which draws the resamples Python's hipmech.stats.bootstrap draws for the
/// same seed and sizes). The estimate needs one finite value per side, the CI two; resamples
/// with an undefined index are left out and counted in `note`.
/// \param[in] left,right per-stance values of each side (any unit; NaN = missing)
/// \param[in] reference reference limb (positive: the other limb is larger)
/// \param[in] n_resamples bootstrap resamples B (>= 1)
/// \param[in] seed bootstrap seed
AsymmetryEstimate asymmetry_of_means(SymmetryMeasure measure,
                                     const Eigen::Ref<const Eigen::VectorXd>& left,
                                     const Eigen::Ref<const Eigen::VectorXd>& right,
                                     Side reference, Eigen::Index n_resamples,
                                     std::uint64_t seed);

/// One summary row: a quantity, both sides, their difference, SI and SA.
struct SummaryRow {
  Quantity quantity = Quantity::PelvicDropDeg;
  SideStatistics left, right;
  AsymmetryEstimate difference;      ///< other - reference side mean, in the quantity's unit
  AsymmetryEstimate symmetry_index;  ///< Robinson et al. (1987), reference limb of the options
  AsymmetryEstimate symmetry_angle;  ///< Zifchock et al. (2008)
};

/// Time-normalised curves per gait cycle (foot strike to the next foot strike of a side).
struct CycleCurves {
  /// data[curve][side]: n_cycles by 101 (0 to 100 % of the cycle), NaN where a frame was missing.
  std::array<std::array<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>, 2>,
             kCurveCount>
      data;
  /// (begin, end) frames of each cycle used, per side.
  std::array<std::vector<std::pair<Eigen::Index, Eigen::Index>>, 2> cycles;
  /// Mean foot off of each side in % of its cycle; NaN when no cycle had one.
  std::array<double, 2> foot_off_percent{};
};

/// The hip analysis of one trial.
struct TrialSummary {
  double body_mass_kg = 0.0;
  std::string body_mass_source;  ///< "argument" or "file"
  std::optional<double> cutoff_hz;
  Side reference = Side::Left;
  Eigen::Index n_resamples = 0;
  std::uint64_t seed = 0;
  double confidence = 0.95;
  dynamics::MomentFrame moment_frame = dynamics::MomentFrame::Jcs;
  EventsMode events_mode = EventsMode::Auto;  ///< AnalysisOptions::events used
  /// The sources that gave events, joined by " + " ("file + force plates + kinematics (Zeni)",
  /// "force plates", ...) or "none"; each event's own source is in `events`.
  std::string events_source;
  double events_merge_window_s = 0.0;  ///< AnalysisOptions::events_merge_window_s used [s]
  double point_rate_hz = 0.0;
  Eigen::Index n_frames = 0;
  model::PigParameters parameters;     ///< as used (static trial's foot offsets applied)
  std::vector<events::GaitEvent> events;  ///< the gait events used, in time order
  std::vector<StanceRow> stances;      ///< left stances first, then right, each in time order
  std::array<SummaryRow, kQuantityCount> summary;
  CycleCurves curves;
  std::array<bool, 2> moments_available{};  ///< per side: a stance has a hip moment
  /// Per side: the knee flexion cross-talk check over the swing phases
  /// (knee::flexion_crosstalk with its default cut-offs); a suspected one is also in `notes`.
  std::array<knee::FlexionCrosstalk, 2> knee_crosstalk;
  /// Everything not computed and why, and the choices made (events, filter, model offsets).
  std::vector<std::string> notes;
};

/// The hip analysis of one Plug-in Gait trial (see the file comment for the pipeline).
/// \param[in] trial the dynamic trial (markers, subject parameters, force plates, events)
/// \param[in] options settings; the defaults are `hipmech report`'s
/// \param[in] static_trial the static trial: Plug-in Gait's foot offsets (plug_in_gait_static,
///            without the flat-foot option); nullptr: the trial file's offsets
/// \throws InvalidArgument naming `body_mass_kg`, `cutoff_hz`, `n_resamples`, `moment_frame`,
///         `trial` (no point data) or the missing Plug-in Gait markers / subject measurements
TrialSummary analyse(const io::Trial& trial, const AnalysisOptions& options = {},
                     const io::Trial* static_trial = nullptr);

}  // namespace hipmech::report
