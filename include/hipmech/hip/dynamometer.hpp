/// \file
/// Isometric hip-abductor strength from a hand-held or fixed dynamometer (docs/hip.md): pad
/// force to hip torque with the limb's weight, the maximal voluntary isometric contraction
/// (MVIC) as a peak and as plateaus, the contraction onset, the rate of torque development
/// (RTD), normalisation by body size, and a per-side summary of repeated trials for the
/// asymmetry statistics.
///
/// Sign: every torque here is the internal (net muscle) abduction moment about the hip, positive
/// in abduction, on both sides (docs/conventions.md, "Sides and signs"). The dynamometer is
/// assumed to read the push of the limb on the pad as a positive force, with the pad held
/// perpendicular to the limb.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"

namespace hipmech::hip {

// ---------------------------------------------------------------------------------------------
// Pad force to hip torque
// ---------------------------------------------------------------------------------------------

/// What the limb's weight does to the abduction the patient attempts (Winter, Wells & Orr 1981,
/// Eur J Appl Physiol 46:397-408: a dynamometer reads the muscle moment minus the moment of the
/// limb's weight when the movement works against gravity, plus it when gravity helps).
enum class GravityEffect {
  /// The abduction plane is horizontal (supine, prone), or the dynamometer was zeroed with the
  /// limb resting on it: the pad torque is the muscle torque.
  None,
  /// Abduction lifts the limb (side-lying, or standing with the limb abducted): the muscles
  /// also hold the limb up; muscle torque = pad torque + weight torque.
  Opposes,
  /// Abduction lowers the limb: the weight helps; muscle torque = pad torque - weight torque.
  Assists,
};

/// Geometry of one dynamometer test. Distances are measured along the limb from the abduction
/// axis, which clinicians locate at the tip of the greater trochanter (about level with the
/// femoral head's centre along the thigh).
struct DynamometerSetup {
  /// Greater trochanter to the centre of the pad, along the limb [m], > 0: proximal to the
  /// lateral femoral condyle for a short-lever test, above the lateral malleolus for a long one.
  /// NaN by default so that a forgotten lever arm is an error, never a silent 0.
  double lever_arm_m = std::numeric_limits<double>::quiet_NaN();
  /// Mass the abductors hold up [kg], >= 0: the whole lower limb, 0.161 body mass (Winter 2009,
  /// Biomechanics and Motor Control of Human Movement, Table 4.1, "total leg").
  double limb_mass_kg = 0.0;
  /// Greater trochanter to the limb's centre of mass, along the limb [m], >= 0 (straight knee:
  /// 0.447 of the greater trochanter to medial malleolus length, Winter 2009 Table 4.1).
  double limb_com_distance_m = 0.0;
  /// Angle of the hip-to-centre-of-mass line above the horizontal [rad], in [-pi/2, pi/2]:
  /// 0 for a limb held horizontal in side-lying, alpha - pi/2 standing with the limb abducted
  /// by alpha from the vertical. Only its cosine enters, so the sign of a small tilt does not
  /// matter; the direction of the weight's effect is `gravity`.
  double limb_angle_rad = 0.0;
  /// Whether the weight opposes, assists or does not act on the abduction.
  GravityEffect gravity = GravityEffect::None;
  /// Magnitude of the gravitational acceleration [m/s^2], > 0 (9.81, as the dynamics area).
  double gravity_mps2 = 9.81;
};

namespace detail {

/// Checks the limb's weight parameters; `prefix` is "setup." when they come from a
/// DynamometerSetup and "" when they are plain arguments.
void check_limb(double mass_kg, double com_distance_m, double angle_rad, double gravity_mps2,
                const std::string& prefix);

void check_setup(const DynamometerSetup& setup);

/// A number for a message, 6 significant digits.
inline std::string fmt(double v) { return hipmech::detail::significant_digits(v, 6); }

}  // namespace detail

/// Moment of the limb's weight about the hip, m g d cos(theta) [N m], >= 0 (Winter, Wells &
/// Orr 1981): the weight m g acts at the centre of mass, whose horizontal distance from the hip
/// is d cos(theta).
/// \param limb_mass_kg mass held up by the muscles [kg], >= 0
/// \param limb_com_distance_m hip joint centre to that mass's centre [m], >= 0
/// \param limb_angle_rad angle of the hip-to-centre line above the horizontal [rad], in
///        [-pi/2, pi/2]
/// \param gravity_mps2 gravitational acceleration [m/s^2], > 0
/// \throws InvalidArgument naming the argument that is out of range or not finite.
inline double limb_weight_torque_nm(double limb_mass_kg, double limb_com_distance_m,
                                    double limb_angle_rad, double gravity_mps2 = 9.81) {
  detail::check_limb(limb_mass_kg, limb_com_distance_m, limb_angle_rad, gravity_mps2, "");
  return limb_mass_kg * gravity_mps2 * limb_com_distance_m * std::cos(limb_angle_rad);
}

/// The term added to the pad torque to obtain the muscle torque [N m]: +m g d cos(theta) when
/// gravity opposes the abduction, -m g d cos(theta) when it assists, 0 when it does not act.
/// \throws InvalidArgument naming the `setup.` field that is out of range.
inline double gravity_torque_nm(const DynamometerSetup& setup) {
  detail::check_setup(setup);
  if (setup.gravity == GravityEffect::None) return 0.0;
  const double w = setup.limb_mass_kg * setup.gravity_mps2 * setup.limb_com_distance_m *
                   std::cos(setup.limb_angle_rad);
  return setup.gravity == GravityEffect::Opposes ? w : -w;
}

/// Hip abduction torque from the pad force, sample by sample:
/// T = F L + gravity_torque_nm(setup), with F the force on the pad [N] and L the lever arm [m].
/// NaN samples stay NaN; nothing is filtered or clipped (a slightly negative force at rest is
/// kept: it is the device's offset, and the onset baseline absorbs it).
/// \param force_n #samples pad force [N], NaN where missing
/// \param setup lever arm and limb weight
/// \return #samples abduction torque [N m]
/// \throws InvalidArgument naming 'force_n' (empty, or an infinity) or a `setup.` field.
inline Series dynamometer_torque(const SeriesCRef& force_n, const DynamometerSetup& setup) {
  HIPMECH_CHECK_ARG(force_n.size() > 0, "force_n", "at least one sample", "an empty series");
  check_values(force_n, "force_n");
  const double offset = gravity_torque_nm(setup);
  return (force_n.array() * setup.lever_arm_m + offset).matrix();
}

/// One pad force (the peak a hand-held dynamometer displays) to hip abduction torque [N m]:
/// F L + gravity_torque_nm(setup); NaN gives NaN.
/// \throws InvalidArgument naming 'force_n' (an infinity) or a `setup.` field.
inline double dynamometer_torque(double force_n, const DynamometerSetup& setup) {
  HIPMECH_CHECK_ARG(!std::isinf(force_n), "force_n", "a finite force in N or NaN (missing)",
                    force_n);
  return force_n * setup.lever_arm_m + gravity_torque_nm(setup);
}

// ---------------------------------------------------------------------------------------------
// MVIC, onset and rate of torque development
// ---------------------------------------------------------------------------------------------

/// How the contraction onset is found (Maffiuletti et al. 2016, Eur J Appl Physiol
/// 116:1091-1116, "onset detection": a torque threshold above the resting baseline, or the
/// trace read by eye). The three automatic rules put the onset at the first sample above a
/// level, level = baseline + margin; they differ in the margin.
enum class OnsetRule {
  /// margin = onset_threshold [N m] (White et al. 2024, Sensors 24:4250, compared 0.1, 1 and
  /// 5 N m on quadriceps torque and took 1 N m as their reference).
  AboveBaseline,
  /// margin = onset_threshold x the baseline's sample SD (e.g. 3 or 5 SD; Dos'Santos et al.
  /// 2017, J Strength Cond Res 31:3463-3473, recommend 5 SD for force-time curves).
  BaselineSd,
  /// margin = onset_threshold x (peak - baseline), a fraction in (0, 1) (e.g. 0.025 or 0.05).
  FractionOfPeak,
  /// The caller read the onset off the trace (visual identification, which Maffiuletti et al.
  /// 2016 discuss as the reference method): MvicOptions::onset_sample.
  Manual,
};

/// Settings of analyse_mvic. Defaults: 0.5 s of baseline at the start of the recording, onset
/// 1 N m above it, plateaus over 1 s and 0.5 s, RTD over 0-50, 0-100 and 0-200 ms
/// (Maffiuletti et al. 2016), peak RTD over a sliding 20 ms window.
struct MvicOptions {
  /// Start of the resting baseline, from the first sample [s], >= 0.
  double baseline_begin_s = 0.0;
  /// Duration of the resting baseline [s], > 0 (rounded to whole samples, at least one; two for
  /// OnsetRule::BaselineSd). The patient must be at rest in it: the onset is searched after it.
  double baseline_duration_s = 0.5;
  OnsetRule onset_rule = OnsetRule::AboveBaseline;
  /// The margin of the rule: N m (AboveBaseline, > 0), SD multiples (BaselineSd, > 0) or a
  /// fraction of the rise (FractionOfPeak, in (0, 1)); ignored for Manual.
  double onset_threshold = 1.0;
  /// Onset sample (0-based) for OnsetRule::Manual; ignored otherwise.
  Eigen::Index onset_sample = -1;
  /// Durations of the plateaus: the highest mean torque over a window of each duration [s],
  /// each > 0 and no longer than the recording (rounded to whole samples).
  std::vector<double> plateau_windows_s{1.0, 0.5};
  /// RTD windows from the onset [ms], each at least one sampling interval and no longer than
  /// the recording; the torque at onset + window is interpolated linearly between samples.
  std::vector<double> rtd_windows_ms{50.0, 100.0, 200.0};
  /// Length of the sliding window of the peak RTD [ms], rounded to whole samples (at least
  /// one) and no longer than the recording.
  double peak_rtd_window_ms = 20.0;
};

/// The highest mean torque over a window of a given duration.
struct Plateau {
  double window_s = std::numeric_limits<double>::quiet_NaN();  ///< requested duration [s]
  double mean_nm = std::numeric_limits<double>::quiet_NaN();   ///< highest mean [N m]
  /// The window, half-open [begin, end) sample range (end - begin = the rounded duration);
  /// -1 when no window is free of NaN. The earliest window wins a tie.
  Eigen::Index begin = -1;
  Eigen::Index end = -1;
};

/// The mean rate of torque development from the onset over one window.
struct WindowRtd {
  double window_ms = std::numeric_limits<double>::quiet_NaN();  ///< [ms]
  /// (T(t_onset + window) - T(t_onset)) / window [N m/s]; NaN when the onset is unknown, the
  /// window runs past the recording or holds a NaN sample.
  double rtd_nm_per_s = std::numeric_limits<double>::quiet_NaN();
  double torque_at_end_nm = std::numeric_limits<double>::quiet_NaN();  ///< T(t_onset + window)
};

/// Everything analyse_mvic reports about one contraction. Times count from the first sample
/// (t = sample / rate_hz); NaN and -1 mark what could not be found, and `note` says why.
struct MvicResult {
  double peak_nm = std::numeric_limits<double>::quiet_NaN();  ///< largest torque [N m]
  Eigen::Index peak_sample = -1;                              ///< its first sample
  double peak_time_s = std::numeric_limits<double>::quiet_NaN();
  std::vector<Plateau> plateaus;  ///< one per MvicOptions::plateau_windows_s, same order
  double baseline_nm = std::numeric_limits<double>::quiet_NaN();     ///< mean in the baseline
  double baseline_sd_nm = std::numeric_limits<double>::quiet_NaN();  ///< its sample SD (n - 1)
  /// Level the torque must exceed for the automatic rules [N m]; NaN for Manual.
  double onset_level_nm = std::numeric_limits<double>::quiet_NaN();
  Eigen::Index onset_sample = -1;  ///< first sample above the level (or the manual onset)
  double onset_time_s = std::numeric_limits<double>::quiet_NaN();
  double time_to_peak_s = std::numeric_limits<double>::quiet_NaN();  ///< peak - onset [s]
  std::vector<WindowRtd> rtd;  ///< one per MvicOptions::rtd_windows_ms, same order
  /// Largest (T[i + k] - T[i]) / (k / rate_hz) over windows of k samples inside [onset, peak]
  /// [N m/s]; windows holding NaN are skipped.
  double peak_rtd_nm_per_s = std::numeric_limits<double>::quiet_NaN();
  Eigen::Index peak_rtd_begin = -1;  ///< first sample i of that window
  double peak_rtd_window_s = std::numeric_limits<double>::quiet_NaN();  ///< k / rate_hz [s]
  /// Why something is NaN or was skipped ("; "-separated sentences); empty when all is found.
  std::string note;
};

namespace detail {

inline void add_note(std::string& note, const std::string& text) {
  if (!note.empty()) note += "; ";
  note += text;
}

/// Whole samples in a finite duration >= 0, rounded to the nearest; durations far beyond any
/// recording saturate (so that sums of them cannot overflow and llround stays defined).
inline Eigen::Index samples_in(double duration_s, double rate_hz) {
  constexpr Eigen::Index cap = Eigen::Index{1} << 52;
  const double x = duration_s * rate_hz;
  return x >= static_cast<double>(cap) ? cap : static_cast<Eigen::Index>(std::llround(x));
}

}  // namespace detail

/// Peak, plateaus, onset and rate of torque development of one isometric contraction
/// (Maffiuletti et al. 2016, Eur J Appl Physiol 116:1091-1116, for the definitions).
///
/// - Peak: the largest sample and its first occurrence.
/// - Plateau of duration D: the highest mean over round(D rate_hz) consecutive samples; windows
///   holding a NaN are skipped (said in `note`). Peak and plateaus are of the torque as given,
///   not baseline-subtracted.
/// - Baseline: mean and sample SD over [baseline_begin_s, + baseline_duration_s); NaN if the
///   window holds a NaN (then the automatic onset is NaN too, with a note).
/// - Onset (automatic rules): the first sample above the level after the last observed sample
///   at or below it before the peak, searched back from the peak down to the end of the
///   baseline window. Searching back from the peak keeps a noise spike in the rest period from
///   being taken as the onset; NaN samples on the way are stepped over (they do not show the
///   torque at or below the level). No onset (-1, NaN times, a note) when the peak does not
///   exceed the level, when the peak lies in the baseline window, when the torque is already
///   above the level at the end of the baseline, or when the crossing sample itself is NaN.
/// - RTD over a window W: (T(t_on + W) - T(t_on)) / W, T(t_on + W) interpolated linearly
///   between samples; NaN when a sample in [onset, onset + W] is NaN or the window runs past
///   the recording.
/// - Peak RTD: the largest slope over k = round(peak_rtd_window_ms rate_hz / 1000) samples
///   between the onset and the peak.
///
/// \param torque_nm #samples abduction torque [N m] (dynamometer_torque), NaN where missing;
///        filter it first if it is noisy (signal::zero_lag_butterworth): RTD and peak RTD
///        differentiate it
/// \param rate_hz sampling rate [Hz], > 0
/// \param options baseline, onset rule, plateau, RTD and peak-RTD windows
/// \throws InvalidArgument naming 'torque_nm' (fewer than 2 samples, an infinity), 'rate_hz',
///         or the `options.` field out of range (a window that is not positive, shorter than a
///         sample or longer than the recording; a baseline outside the recording; a threshold
///         outside its rule's range; a manual onset outside the recording).
/// An all-NaN series is not an error: every value is NaN and `note` says so.
MvicResult analyse_mvic(const SeriesCRef& torque_nm, double rate_hz,
                        const MvicOptions& options = {});

// ---------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------

namespace detail {
inline void check_torque(double torque_nm) {
  HIPMECH_CHECK_ARG(!std::isinf(torque_nm), "torque_nm", "a finite torque in N m or NaN (missing)",
                    torque_nm);
}
}  // namespace detail

/// Torque per body mass, T / m [N m/kg], the ratio most hand-held hip dynamometry studies
/// report. Bazett-Jones et al. (2011) found torque / (body mass x height) free of body size
/// rather than torque / body mass: prefer torque_per_kg_m for comparisons across body sizes.
/// NaN gives NaN.
inline double torque_per_kg(double torque_nm, double body_mass_kg) {
  detail::check_torque(torque_nm);
  check_positive(body_mass_kg, "body_mass_kg", "kg");
  return torque_nm / body_mass_kg;
}

/// Torque per body mass times a length, T / (m l) [N m/(kg m)]: l = body height (Bazett-Jones
/// et al. 2011 found torque / (body mass x height) free of body size for hip muscles) or leg
/// length. NaN gives NaN.
/// \throws InvalidArgument naming 'torque_nm', 'body_mass_kg' or 'length_m' (not positive).
inline double torque_per_kg_m(double torque_nm, double body_mass_kg, double length_m) {
  detail::check_torque(torque_nm);
  check_positive(body_mass_kg, "body_mass_kg", "kg");
  check_positive(length_m, "length_m", "m");
  return torque_nm / (body_mass_kg * length_m);
}

/// Torque as a percentage of body weight times height, 100 T / (m g h) [%BW x height]: the
/// second normalisation of moments in hipmech (docs/conventions.md). NaN gives NaN.
/// \throws InvalidArgument naming 'torque_nm', 'body_mass_kg', 'height_m' or 'gravity_mps2'.
inline double torque_percent_bw_height(double torque_nm, double body_mass_kg, double height_m,
                                       double gravity_mps2 = 9.81) {
  detail::check_torque(torque_nm);
  check_positive(body_mass_kg, "body_mass_kg", "kg");
  check_positive(height_m, "height_m", "m");
  check_positive(gravity_mps2, "gravity_mps2", "m/s^2");
  return 100.0 * torque_nm / (body_mass_kg * gravity_mps2 * height_m);
}

// ---------------------------------------------------------------------------------------------
// Repeated trials per side
// ---------------------------------------------------------------------------------------------

/// Which summary of a side's trials goes on to the asymmetry statistics.
enum class TrialStatistic {
  Best,           ///< the largest trial (Thorborg et al. 2010 used the maximum of four)
  Mean,           ///< the mean of the valid trials
  MeanOfBestTwo,  ///< the mean of the two largest trials (e.g. the best two of three)
};

/// One side's trials of one quantity (peak or plateau torque, raw or normalised, or RTD),
/// summarised. Trials are numbered 0-based in the order given; NaN trials (a failed or
/// rejected recording) are left out of every summary and counted.
struct TrialSummary {
  Side side = Side::Left;
  Eigen::Index n_trials = 0;                               ///< trials given
  Eigen::Index n_valid = 0;                                ///< trials that are not NaN
  double best = std::numeric_limits<double>::quiet_NaN();  ///< largest valid trial
  Eigen::Index best_trial = -1;                            ///< its index (earliest on a tie)
  double mean = std::numeric_limits<double>::quiet_NaN();  ///< mean of the valid trials
  double sd = std::numeric_limits<double>::quiet_NaN();    ///< their sample SD; NaN if < 2
  /// Mean of the two largest valid trials; NaN with fewer than two.
  double mean_best_two = std::numeric_limits<double>::quiet_NaN();
  /// Their indices, largest first (earlier trial first on a tie); -1 where missing.
  std::array<Eigen::Index, 2> best_two_trials{-1, -1};
  std::string note;  ///< missing trials and why a summary is NaN; empty when complete
};

/// Left and right summaries of the same quantity.
struct SideTrials {
  TrialSummary left;
  TrialSummary right;
};

/// Best, mean (with SD) and mean of the best two of one side's trials.
/// \param side the tested side
/// \param trial_values one value per trial, NaN for a missing trial; may be empty (every
///        summary NaN, with a note)
/// \throws InvalidArgument naming 'trial_values' (an infinity).
TrialSummary summarise_trials(Side side, const std::vector<double>& trial_values);

/// summarise_trials for both sides.
/// \throws InvalidArgument naming 'left_values' or 'right_values' (an infinity).
SideTrials summarise_sides(const std::vector<double>& left_values,
                           const std::vector<double>& right_values);

/// The summary a statistic names: best, mean or mean_best_two.
double trial_statistic(const TrialSummary& summary, TrialStatistic statistic);

}  // namespace hipmech::hip
