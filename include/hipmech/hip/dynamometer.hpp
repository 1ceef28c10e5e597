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
inline void check_limb(double mass_kg, double com_distance_m, double angle_rad, double gravity_mps2,
                       const std::string& prefix) {
  HIPMECH_CHECK_ARG(std::isfinite(mass_kg) && mass_kg >= 0.0, prefix + "limb_mass_kg",
                    "a finite mass >= 0 kg", mass_kg);
  HIPMECH_CHECK_ARG(std::isfinite(com_distance_m) && com_distance_m >= 0.0,
                    prefix + "limb_com_distance_m", "a finite distance >= 0 m", com_distance_m);
  constexpr double half_pi = 1.57079632679489661923;
  HIPMECH_CHECK_ARG(std::isfinite(angle_rad) && std::abs(angle_rad) <= half_pi,
                    prefix + "limb_angle_rad", "an angle in [-pi/2, pi/2] rad above the horizontal",
                    angle_rad);
  HIPMECH_CHECK_ARG(std::isfinite(gravity_mps2) && gravity_mps2 > 0.0, prefix + "gravity_mps2",
                    "a finite positive value in m/s^2", gravity_mps2);
}

inline void check_setup(const DynamometerSetup& setup) {
  check_positive(setup.lever_arm_m, "setup.lever_arm_m", "m");
  check_limb(setup.limb_mass_kg, setup.limb_com_distance_m, setup.limb_angle_rad,
             setup.gravity_mps2, "setup.");
  if (setup.gravity != GravityEffect::None) {
    // A weight correction with no weight is a forgotten field, not a choice.
    HIPMECH_CHECK_ARG(setup.limb_mass_kg > 0.0, "setup.limb_mass_kg",
                      "a positive mass when setup.gravity is Opposes or Assists",
                      setup.limb_mass_kg);
    HIPMECH_CHECK_ARG(setup.limb_com_distance_m > 0.0, "setup.limb_com_distance_m",
                      "a positive distance when setup.gravity is Opposes or Assists",
                      setup.limb_com_distance_m);
  }
}

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
inline MvicResult analyse_mvic(const SeriesCRef& torque_nm, double rate_hz,
                               const MvicOptions& options = {}) {
  const Eigen::Index n = torque_nm.size();
  HIPMECH_CHECK_ARG(n >= 2, "torque_nm", "at least 2 samples", std::to_string(n) + " samples");
  check_values(torque_nm, "torque_nm");
  check_positive(rate_hz, "rate_hz", "Hz");
  const double duration_s = static_cast<double>(n) / rate_hz;
  const std::string recording =
      " (the recording has " + std::to_string(n) + " samples, " + detail::fmt(duration_s) + " s)";

  // --- options --------------------------------------------------------------------------------
  HIPMECH_CHECK_ARG(std::isfinite(options.baseline_begin_s) && options.baseline_begin_s >= 0.0,
                    "options.baseline_begin_s", "a finite time >= 0 s", options.baseline_begin_s);
  HIPMECH_CHECK_ARG(std::isfinite(options.baseline_duration_s) && options.baseline_duration_s > 0.0,
                    "options.baseline_duration_s", "a finite positive duration in s",
                    options.baseline_duration_s);
  const Eigen::Index base_begin = detail::samples_in(options.baseline_begin_s, rate_hz);
  const Eigen::Index base_len = detail::samples_in(options.baseline_duration_s, rate_hz);
  const Eigen::Index base_min = options.onset_rule == OnsetRule::BaselineSd ? 2 : 1;
  HIPMECH_CHECK_ARG(
      base_len >= base_min, "options.baseline_duration_s",
      "at least " + std::to_string(base_min) + " sample(s) at " + detail::fmt(rate_hz) + " Hz",
      options.baseline_duration_s);
  HIPMECH_CHECK_ARG(base_begin < n, "options.baseline_begin_s",
                    "a start within the recording" + recording, options.baseline_begin_s);
  HIPMECH_CHECK_ARG(base_begin + base_len <= n, "options.baseline_duration_s",
                    "a baseline window that ends within the recording" + recording,
                    "a window ending at " +
                        detail::fmt(static_cast<double>(base_begin + base_len) / rate_hz) + " s");
  switch (options.onset_rule) {
    case OnsetRule::AboveBaseline:
      HIPMECH_CHECK_ARG(std::isfinite(options.onset_threshold) && options.onset_threshold > 0.0,
                        "options.onset_threshold",
                        "a positive torque in N m above the baseline (OnsetRule::AboveBaseline)",
                        options.onset_threshold);
      break;
    case OnsetRule::BaselineSd:
      HIPMECH_CHECK_ARG(std::isfinite(options.onset_threshold) && options.onset_threshold > 0.0,
                        "options.onset_threshold",
                        "a positive multiple of the baseline SD (OnsetRule::BaselineSd)",
                        options.onset_threshold);
      break;
    case OnsetRule::FractionOfPeak:
      HIPMECH_CHECK_ARG(options.onset_threshold > 0.0 && options.onset_threshold < 1.0,
                        "options.onset_threshold",
                        "a fraction in (0, 1) of the rise to the peak (OnsetRule::FractionOfPeak)",
                        options.onset_threshold);
      break;
    case OnsetRule::Manual:
      HIPMECH_CHECK_ARG(
          options.onset_sample >= 0 && options.onset_sample < n, "options.onset_sample",
          "a sample in [0, " + std::to_string(n) + ") (OnsetRule::Manual)", options.onset_sample);
      break;
  }
  std::vector<Eigen::Index> plateau_len;
  for (double w : options.plateau_windows_s) {
    HIPMECH_CHECK_ARG(std::isfinite(w) && w > 0.0, "options.plateau_windows_s",
                      "finite positive durations in s", w);
    const Eigen::Index k = detail::samples_in(w, rate_hz);
    HIPMECH_CHECK_ARG(k >= 1, "options.plateau_windows_s",
                      "durations of at least one sample at " + detail::fmt(rate_hz) + " Hz", w);
    HIPMECH_CHECK_ARG(k <= n, "options.plateau_windows_s",
                      "durations no longer than the recording" + recording, w);
    plateau_len.push_back(k);
  }
  const double max_rtd_ms = 1000.0 * static_cast<double>(n - 1) / rate_hz;
  for (double w : options.rtd_windows_ms) {
    HIPMECH_CHECK_ARG(
        std::isfinite(w) && w * rate_hz >= 1000.0 * (1.0 - 1e-9), "options.rtd_windows_ms",
        "windows of at least one sampling interval (" + detail::fmt(1000.0 / rate_hz) + " ms)", w);
    HIPMECH_CHECK_ARG(w <= max_rtd_ms * (1.0 + 1e-12), "options.rtd_windows_ms",
                      "windows no longer than the recording" + recording, w);
  }
  HIPMECH_CHECK_ARG(std::isfinite(options.peak_rtd_window_ms) && options.peak_rtd_window_ms > 0.0,
                    "options.peak_rtd_window_ms", "a finite positive window in ms",
                    options.peak_rtd_window_ms);
  const Eigen::Index k_rtd = detail::samples_in(options.peak_rtd_window_ms / 1000.0, rate_hz);
  HIPMECH_CHECK_ARG(
      k_rtd >= 1, "options.peak_rtd_window_ms",
      "a window of at least one sampling interval (" + detail::fmt(1000.0 / rate_hz) + " ms)",
      options.peak_rtd_window_ms);
  HIPMECH_CHECK_ARG(k_rtd <= n - 1, "options.peak_rtd_window_ms",
                    "a window no longer than the recording" + recording,
                    options.peak_rtd_window_ms);

  // --- result skeleton ------------------------------------------------------------------------
  MvicResult r;
  for (double w : options.plateau_windows_s) {
    Plateau p;
    p.window_s = w;
    r.plateaus.push_back(p);
  }
  for (double w : options.rtd_windows_ms) {
    WindowRtd x;
    x.window_ms = w;
    r.rtd.push_back(x);
  }
  r.peak_rtd_window_s = static_cast<double>(k_rtd) / rate_hz;

  // nan_before[i] = number of NaN samples in [0, i): a window [a, b) is NaN-free iff
  // nan_before[b] == nan_before[a].
  std::vector<Eigen::Index> nan_before(static_cast<std::size_t>(n) + 1, 0);
  for (Eigen::Index i = 0; i < n; ++i) {
    nan_before[static_cast<std::size_t>(i) + 1] =
        nan_before[static_cast<std::size_t>(i)] + (std::isnan(torque_nm[i]) ? 1 : 0);
  }
  auto nan_free = [&](Eigen::Index begin, Eigen::Index end) {  // [begin, end)
    return nan_before[static_cast<std::size_t>(end)] == nan_before[static_cast<std::size_t>(begin)];
  };
  const Eigen::Index n_nan = nan_before.back();
  if (n_nan == n) {
    detail::add_note(r.note, "every sample is missing (NaN)");
    return r;
  }
  if (n_nan > 0) {
    detail::add_note(
        r.note, std::to_string(n_nan) + " of " + std::to_string(n) + " samples are missing (NaN)");
  }

  // --- peak -----------------------------------------------------------------------------------
  for (Eigen::Index i = 0; i < n; ++i) {
    const double v = torque_nm[i];
    if (!std::isnan(v) && (r.peak_sample < 0 || v > r.peak_nm)) {
      r.peak_nm = v;
      r.peak_sample = i;
    }
  }
  r.peak_time_s = static_cast<double>(r.peak_sample) / rate_hz;

  // --- plateaus -------------------------------------------------------------------------------
  for (std::size_t w = 0; w < plateau_len.size(); ++w) {
    const Eigen::Index k = plateau_len[w];
    Plateau& p = r.plateaus[w];
    Eigen::Index skipped = 0;
    for (Eigen::Index b = 0; b + k <= n; ++b) {
      if (!nan_free(b, b + k)) {
        ++skipped;
        continue;
      }
      const double mean = torque_nm.segment(b, k).mean();
      if (p.begin < 0 || mean > p.mean_nm) {
        p.mean_nm = mean;
        p.begin = b;
        p.end = b + k;
      }
    }
    if (skipped > 0) {
      detail::add_note(
          r.note, "plateau over " + detail::fmt(p.window_s) + " s: " + std::to_string(skipped) +
                      " of " + std::to_string(n - k + 1) + " windows hold NaN and were skipped" +
                      (p.begin < 0 ? " (none is free of NaN)" : ""));
    }
  }

  // --- baseline -------------------------------------------------------------------------------
  const Eigen::Index base_end = base_begin + base_len;
  if (nan_free(base_begin, base_end)) {
    const Eigen::ArrayXd base = torque_nm.segment(base_begin, base_len).array();
    r.baseline_nm = base.mean();
    if (base_len >= 2) {
      r.baseline_sd_nm =
          std::sqrt((base - r.baseline_nm).square().sum() / static_cast<double>(base_len - 1));
    }
  } else {
    detail::add_note(r.note, "the baseline window holds NaN: baseline unknown");
  }

  // --- onset ----------------------------------------------------------------------------------
  if (options.onset_rule == OnsetRule::Manual) {
    r.onset_sample = options.onset_sample;
  } else if (!std::isnan(r.baseline_nm)) {
    switch (options.onset_rule) {
      case OnsetRule::AboveBaseline:
        r.onset_level_nm = r.baseline_nm + options.onset_threshold;
        break;
      case OnsetRule::BaselineSd:
        r.onset_level_nm = r.baseline_nm + options.onset_threshold * r.baseline_sd_nm;
        break;
      case OnsetRule::FractionOfPeak:
        r.onset_level_nm = r.baseline_nm + options.onset_threshold * (r.peak_nm - r.baseline_nm);
        break;
      case OnsetRule::Manual:
        break;
    }
    const double level = r.onset_level_nm;
    if (!(r.peak_nm > level)) {
      detail::add_note(r.note, "no onset: the peak (" + detail::fmt(r.peak_nm) + " N m" +
                                   ") does not exceed the onset level (" + detail::fmt(level) +
                                   " N m" + ")");
    } else if (r.peak_sample < base_end) {
      detail::add_note(r.note, "no onset: the peak lies in the baseline window");
    } else {
      // Back from the peak to the last observed sample at or below the level (NaN samples are
      // stepped over: they do not show the torque at or below it); the onset is the sample
      // after it, which must be observed, else the crossing fell in a gap.
      Eigen::Index b = r.peak_sample - 1;
      while (b >= base_end && !(torque_nm[b] <= level)) --b;
      if (b < base_end && torque_nm[base_end - 1] > level) {
        detail::add_note(r.note, "no onset: the torque is already above the onset level (" +
                                     detail::fmt(level) +
                                     " N m) at the end of the baseline window");
      } else {
        b = std::max(b, base_end - 1);
        if (std::isnan(torque_nm[b + 1])) {
          detail::add_note(r.note, "no onset: sample " + std::to_string(b + 1) +
                                       ", where the torque crosses the onset level, is missing"
                                       " (NaN)");
        } else {
          r.onset_sample = b + 1;
        }
      }
    }
  }
  if (r.onset_sample < 0) return r;
  const Eigen::Index on = r.onset_sample;
  r.onset_time_s = static_cast<double>(on) / rate_hz;
  r.time_to_peak_s = static_cast<double>(r.peak_sample - on) / rate_hz;
  const double t_on = torque_nm[on];
  if (std::isnan(t_on)) {
    detail::add_note(r.note, "the torque at the onset is missing (NaN): no RTD");
    return r;
  }

  // --- RTD over windows from the onset --------------------------------------------------------
  for (WindowRtd& x : r.rtd) {
    const double offset = x.window_ms * rate_hz / 1000.0;  // samples, maybe fractional
    Eigen::Index i0 = static_cast<Eigen::Index>(std::floor(offset + 1e-9));
    double frac = offset - static_cast<double>(i0);
    if (frac < 1e-9) frac = 0.0;
    const Eigen::Index last = on + i0 + (frac > 0.0 ? 1 : 0);
    if (last >= n) {
      detail::add_note(r.note, "RTD 0-" + detail::fmt(x.window_ms) +
                                   " ms: the window runs past the end of the recording");
      continue;
    }
    if (!nan_free(on, last + 1)) {
      detail::add_note(r.note, "RTD 0-" + detail::fmt(x.window_ms) + " ms: the window holds NaN");
      continue;
    }
    const double a = torque_nm[on + i0];
    x.torque_at_end_nm = frac > 0.0 ? a + frac * (torque_nm[on + i0 + 1] - a) : a;
    x.rtd_nm_per_s = (x.torque_at_end_nm - t_on) / (x.window_ms / 1000.0);
  }

  // --- peak RTD over a sliding window between onset and peak ----------------------------------
  Eigen::Index skipped = 0;
  for (Eigen::Index i = on; i + k_rtd <= r.peak_sample; ++i) {
    if (!nan_free(i, i + k_rtd + 1)) {
      ++skipped;
      continue;
    }
    const double slope =
        (torque_nm[i + k_rtd] - torque_nm[i]) * rate_hz / static_cast<double>(k_rtd);
    if (r.peak_rtd_begin < 0 || slope > r.peak_rtd_nm_per_s) {
      r.peak_rtd_nm_per_s = slope;
      r.peak_rtd_begin = i;
    }
  }
  if (skipped > 0) {
    detail::add_note(r.note, "peak RTD: " + std::to_string(skipped) +
                                 " windows hold NaN and were skipped" +
                                 (r.peak_rtd_begin < 0 ? " (none is free of NaN)" : ""));
  } else if (r.peak_rtd_begin < 0) {
    detail::add_note(r.note, on >= r.peak_sample
                                 ? std::string("peak RTD: the onset is not before the peak")
                                 : "peak RTD: the rise from onset to peak is shorter than the " +
                                       detail::fmt(options.peak_rtd_window_ms) + " ms window");
  }
  return r;
}

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
inline TrialSummary summarise_trials(Side side, const std::vector<double>& trial_values) {
  TrialSummary s;
  s.side = side;
  s.n_trials = static_cast<Eigen::Index>(trial_values.size());
  double sum = 0.0;
  for (Eigen::Index t = 0; t < s.n_trials; ++t) {
    const double v = trial_values[static_cast<std::size_t>(t)];
    HIPMECH_CHECK_ARG(!std::isinf(v), "trial_values", "finite values or NaN (missing trial)",
                      detail::fmt(v) + " at trial " + std::to_string(t));
    if (std::isnan(v)) continue;
    ++s.n_valid;
    sum += v;
    auto& idx = s.best_two_trials;
    auto value = [&](Eigen::Index i) { return trial_values[static_cast<std::size_t>(i)]; };
    if (idx[0] < 0 || v > value(idx[0])) {
      idx[1] = idx[0];
      idx[0] = t;
    } else if (idx[1] < 0 || v > value(idx[1])) {
      idx[1] = t;
    }
  }
  const std::string side_name(to_string(side));
  if (s.n_valid < s.n_trials) {
    detail::add_note(s.note, std::to_string(s.n_trials - s.n_valid) + " of " +
                                 std::to_string(s.n_trials) + " " + side_name +
                                 " trials are missing (NaN) and left out");
  }
  if (s.n_valid == 0) {
    detail::add_note(s.note, "no valid " + side_name + " trial");
    return s;
  }
  s.best_trial = s.best_two_trials[0];
  s.best = trial_values[static_cast<std::size_t>(s.best_trial)];
  s.mean = sum / static_cast<double>(s.n_valid);
  if (s.n_valid < 2) {
    detail::add_note(s.note,
                     "one valid " + side_name + " trial: no SD and no mean of the best two");
    return s;
  }
  double ss = 0.0;
  for (double v : trial_values) {
    if (!std::isnan(v)) ss += (v - s.mean) * (v - s.mean);
  }
  s.sd = std::sqrt(ss / static_cast<double>(s.n_valid - 1));
  s.mean_best_two = 0.5 * (trial_values[static_cast<std::size_t>(s.best_two_trials[0])] +
                           trial_values[static_cast<std::size_t>(s.best_two_trials[1])]);
  return s;
}

/// summarise_trials for both sides.
/// \throws InvalidArgument naming 'left_values' or 'right_values' (an infinity).
inline SideTrials summarise_sides(const std::vector<double>& left_values,
                                  const std::vector<double>& right_values) {
  auto one = [](Side side, const std::vector<double>& values, const char* arg) {
    try {
      return summarise_trials(side, values);
    } catch (const InvalidArgument& e) {
      throw InvalidArgument(arg, e.expected(), e.got());
    }
  };
  return SideTrials{one(Side::Left, left_values, "left_values"),
                    one(Side::Right, right_values, "right_values")};
}

/// The summary a statistic names: best, mean or mean_best_two.
inline double trial_statistic(const TrialSummary& summary, TrialStatistic statistic) {
  switch (statistic) {
    case TrialStatistic::Best:
      return summary.best;
    case TrialStatistic::Mean:
      return summary.mean;
    case TrialStatistic::MeanOfBestTwo:
      return summary.mean_best_two;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace hipmech::hip
