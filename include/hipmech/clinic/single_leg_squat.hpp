/// \file
/// Single-leg squat from 2-D frontal video keypoints or 3-D joint centres: repetitions of the
/// pelvis's descent, per repetition the peak knee frontal plane projection angle (FPPA), the
/// peak contralateral pelvic drop and the depth, their mean and between-repetition SD, and a
/// classification by a cited FPPA cut-off (docs/clinic.md, "Single-leg squat").
#pragma once

#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/clinic/flag.hpp"
#include "hipmech/core/lab_axes.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/geometry/rotations.hpp"
#include "hipmech/io/keypoints.hpp"
#include "hipmech/knee/fppa.hpp"
#include "hipmech/knee/repetitions.hpp"

namespace hipmech::clinic {

/// The per-frame signals a single-leg squat is scored from, at a constant rate (filled by
/// squat_signals_2d / squat_signals_3d, or by the caller).
struct SquatSignals {
  double rate_hz = 0.0;       ///< frame rate [Hz]
  double start_time_s = 0.0;  ///< time of row 0 [s]
  /// Height of the mid-hip (midpoint of the two hip joint centres or hip keypoints), any unit;
  /// NaN = missing.
  Series hip_height;
  /// Leg length in the unit of hip_height (thigh + shank of the squatting leg while standing).
  double leg_length = std::numeric_limits<double>::quiet_NaN();
  /// FPPA of the squatting knee [rad], positive = valgus (knee::fppa_2d / fppa_3d).
  Series fppa_rad;
  /// Pelvic obliquity of the squatting (stance) side [rad]: positive when that side is higher,
  /// i.e. the free side lower (the contralateral drop).
  Series obliquity_stance_rad;
  /// 2-D: the horizontal separation of the hips in the image over leg_length (medians over the
  /// baseline), to recognise a side view; NaN (the default, 3-D): not checked.
  double hip_width_leg_lengths = std::numeric_limits<double>::quiet_NaN();
};

/// Options of single_leg_squat.
struct SquatOptions {
  /// Quiet standing at the start of the recording [s]: the standing hip height (median) and
  /// the baseline obliquity (mean) are taken over the first baseline_s seconds from the first
  /// frame with a hip height (the person first detected).
  double baseline_s = 1.0;
  /// Low-pass cut-off of the FPPA and the pelvic obliquity [Hz]; 0: not filtered. A zero-lag
  /// Butterworth filter of order 2 (as StanceOptions::filter_cutoff_hz: scipy's
  /// filtfilt(*butter(2, ...)), each gap-free run on its own). A hipmech choice: a squat lasts
  /// 1 to 2 s, and at 3 Hz the peak of a 1 s half-cosine repetition loses under 0.1 deg of 10
  /// while 2 px of keypoint jitter no longer inflates it by 3 deg (docs/clinic.md).
  double filter_cutoff_hz = 3.0;
  /// Gaps of at most this duration [s] in the FPPA and the obliquity are filled by linear
  /// interpolation before the filter (as StanceOptions::max_gap_s); longer gaps stay NaN and
  /// are counted in the notes; 0: nothing filled. A hipmech choice: 0.2 s, under a fifth of a
  /// repetition. At most 1 s (InvalidArgument above): interpolating across a longer gap invents
  /// the knee's and the pelvis's motion.
  double max_gap_s = 0.2;
  /// The FPPA flag is not assessed when the FPPA's noise after the filter (its SD over the
  /// baseline x the filter's noise gain) is at least this [deg]: the peaks could then be
  /// inflated by about that much. A hipmech choice: 1 deg, the accuracy asked of the peak.
  double fppa_noise_limit_deg = 1.0;
  /// 2-D: FPPA and pelvic drop are not assessed when the hips are closer in the image than
  /// this fraction of the leg length (a side view; StanceOptions::min_hip_width_leg_lengths).
  double min_hip_width_leg_lengths = 0.1;
  /// 2-D: a note (not a refusal) when the hips are at least min_hip_width_leg_lengths but less
  /// than this apart (StanceOptions::narrow_hip_width_leg_lengths): a camera turned from the
  /// frontal plane by an angle a shows the knee's valgus smaller (its frontal component x
  /// cos a: the FPPA shrinks) and the pelvic drop about 1 / cos a larger. 0.16: no note for a
  /// frontal adult (about 0.31) or child (about 0.18); a note for an adult turned more than
  /// about 59 deg, a child more than about 27 deg.
  double narrow_hip_width_leg_lengths = 0.16;
  /// Smallest descent that counts as a repetition [leg lengths]; NaN: half the range of the
  /// depth signal (knee::RepetitionOptions).
  double min_excursion_leg_lengths = std::numeric_limits<double>::quiet_NaN();
  /// knee::RepetitionOptions::onset_fraction.
  double onset_fraction = 0.05;
  /// The squat is classified "poor" when the mean peak FPPA of the complete repetitions exceeds
  /// this [deg]. Default 13.5 deg = 8.4 + 5.1 deg, the mean + 1 SD of peak FPPA in the single-
  /// leg squat of 30 asymptomatic women (Herrington 2014; women with patellofemoral pain:
  /// 16.8 +/- 5.4 deg). The derivation (mean + 1 SD) is a hipmech choice.
  double fppa_cutoff_deg = 13.5;
  /// A flag for the mean peak contralateral pelvic drop above this [deg]. NaN (default): not
  /// assessed, since no quantitative cut-off is published for the single-leg squat (Crossley et
  /// al. 2011 rate the pelvis by eye); give one from your own reference data.
  double pelvic_drop_cutoff_deg = std::numeric_limits<double>::quiet_NaN();
};

/// One repetition.
struct SquatRepetition {
  knee::Repetition frames;  ///< begin, deepest, end frames; complete; note
  double begin_s = std::numeric_limits<double>::quiet_NaN();
  double peak_s = std::numeric_limits<double>::quiet_NaN();
  double end_s = std::numeric_limits<double>::quiet_NaN();
  double depth_leg_lengths = std::numeric_limits<double>::quiet_NaN();  ///< at the deepest frame
  double peak_fppa_deg = std::numeric_limits<double>::quiet_NaN();      ///< largest in [begin, end]
  double peak_pelvic_drop_deg = std::numeric_limits<double>::quiet_NaN();  ///< largest drop
};

/// Mean, SD (n - 1) and count over the complete repetitions.
using SquatSummary = knee::RepetitionSummary;

/// Result of single_leg_squat.
struct SquatResult {
  Side side = Side::Left;  ///< the squatting leg
  std::vector<SquatRepetition> repetitions;
  double min_excursion_leg_lengths = std::numeric_limits<double>::quiet_NaN();  ///< used
  SquatSummary depth_leg_lengths, peak_fppa_deg, peak_pelvic_drop_deg;
  /// Noise of the FPPA [deg]: its SD (n - 1) over the standing baseline, unfiltered; NaN with
  /// fewer than 5 finite baseline frames.
  double fppa_noise_deg = std::numeric_limits<double>::quiet_NaN();
  /// The same after the low-pass filter [deg] (x the filter's white-noise gain).
  double filtered_fppa_noise_deg = std::numeric_limits<double>::quiet_NaN();
  /// Hip separation in the image over the leg length during the baseline (2-D; NaN in 3-D).
  double hip_width_leg_lengths = std::numeric_limits<double>::quiet_NaN();
  /// "poor" (mean peak FPPA > fppa_cutoff_deg, by above_cutoff), "good", or "not assessed" (no
  /// complete repetition with an FPPA, a side view, or too much noise).
  std::string classification = "not assessed";
  std::vector<Flag> flags;  ///< "peak_fppa_deg" and "peak_pelvic_drop_deg"
  std::vector<std::string> notes;
  /// Series for figures: time [s], FPPA [deg] (low-passed: what is scored), depth [leg
  /// lengths] (descent of the mid-hip below standing), pelvic drop [deg] (relative to
  /// standing, low-passed). FPPA and drop are NaN for a side view.
  Series time_s, fppa_deg, depth_leg_lengths_series, pelvic_drop_deg;
};

/// Source of the default FPPA cut-off.
extern const char* const squat_fppa_source;

/// Scores a single-leg squat:
///   baseline = baseline_s from the first frame with a hip height;
///   depth(f) = (median hip height over the baseline - hip_height(f)) / leg_length;
///   repetitions = knee::find_repetitions(depth);
///   FPPA and drop(f) = obliquity_stance(f) - mean over the baseline, gaps up to max_gap_s
///   filled linearly, low-passed at filter_cutoff_hz;
///   per repetition: depth at the deepest frame, knee::per_repetition peak of the FPPA and of the
///   drop;
///   summary over the complete repetitions (mean, SD with n - 1); classification by the mean
///   peak FPPA (not assessed for a side view or when the filtered FPPA noise reaches
///   fppa_noise_limit_deg); a note for a narrow view (below narrow_hip_width_leg_lengths).
/// NaN samples stay NaN (find_repetitions skips them; peaks use the finite frames and the notes
/// count the missing ones); incomplete repetitions are kept and reported, not summarised.
/// \throws InvalidArgument naming 'rate_hz', 'leg_length', a series whose #frames differ or
/// that holds an infinity, or the option out of range.
SquatResult single_leg_squat(const SquatSignals& signals, Side side,
                             const SquatOptions& options = {});

/// The signals of 2-D frontal keypoints (hipmech names, image y down): FPPA of
/// {side}_hip, {side}_knee, {side}_ankle by knee::fppa_2d (the view decides the sign),
/// obliquity_2d of the squatting side from left_hip/right_hip, hip height = -y of the mid-hip,
/// leg length = median over the baseline of |hip - knee| + |knee - ankle| of the squatting leg
/// [px], hip_width_leg_lengths = median |x of left_hip - x of right_hip| over the baseline /
/// leg length. The baseline is baseline_s from the first frame with both hips and the
/// squatting leg's knee and ankle. Frames missing from keypoints.frames become NaN rows.
///
/// The view is checked against the image: seen from in front (anterior) the subject's left hip
/// is on the image's right (larger x) of the right hip, seen from behind on its left; when the
/// median over the baseline of x(left_hip) - x(right_hip) has the other sign (and the hips are
/// at least min_hip_width_leg_lengths leg lengths apart, else a side view that
/// single_leg_squat reports; pass the same value as SquatOptions::min_hip_width_leg_lengths),
/// the view is wrong and the FPPA would have the wrong sign. A mirrored (selfie) video counts
/// as the other view.
/// \throws InvalidArgument naming 'keypoints' (listing the missing names, or no frame with
/// the leg: the message names min_confidence as a possible cause), 'view' (contradicted by the
/// image), 'rate_hz', 'baseline_s' or 'min_hip_width_leg_lengths'.
SquatSignals squat_signals_2d(const io::Keypoints2D& keypoints, Side side, double rate_hz,
                              knee::CameraView view = knee::CameraView::Anterior,
                              double baseline_s = 1.0, double min_hip_width_leg_lengths = 0.1);

/// The signals of 3-D joint centres (e.g. model::plug_in_gait's): FPPA by knee::fppa_3d in the
/// frontal plane the subject faces (forward = the mean horizontal pelvis X axis, up = the lab's
/// up), obliquity of the squatting side of the pelvis in Baker's sequence, hip height = height
/// of the mid-hip-centre, leg length = median over the baseline of thigh + shank [m].
/// \param hip_left_lab, hip_right_lab #frames by 3 hip joint centres [m]
/// \param knee_lab, ankle_lab #frames by 3 knee and ankle centres of the squatting leg [m]
/// \param R_lab_pelvis #frames by 9 pelvis axes (ISB)
/// \throws InvalidArgument naming the argument whose #frames differ or that holds an
/// infinity, 'R_lab_pelvis' (no valid frame), 'rate_hz' or 'baseline_s'.
SquatSignals squat_signals_3d(const TrajectoryCRef& hip_left_lab,
                              const TrajectoryCRef& hip_right_lab, const TrajectoryCRef& knee_lab,
                              const TrajectoryCRef& ankle_lab,
                              const geometry::RotationsCRef& R_lab_pelvis, Side side,
                              const LabAxes& lab, double rate_hz, double start_time_s = 0.0,
                              double baseline_s = 1.0);

}  // namespace hipmech::clinic
