/// \file
/// Single-leg stance (the Trendelenburg test) from a 3-D marker trial or 2-D frontal video
/// keypoints: stance-leg detection, lift-off and touch-down of the free foot, hold time,
/// contralateral pelvic drop relative to quiet double stance, frontal trunk lean and the
/// Trendelenburg sign with its rule and source (docs/clinic.md, "Single-leg stance
/// (Trendelenburg)").
///
/// Hardcastle P, Nade S (1985) "The significance of the Trendelenburg test", J Bone Joint Surg
/// Br 67(5):741-746: standing on one leg, the pelvis on the side of the raised leg should be held
/// elevated for 30 s; the test is positive when the pelvis on the unsupported side drops within
/// 30 s (and the time taken before it falls is recorded).
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/clinic/flag.hpp"
#include "hipmech/core/lab_axes.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/io/keypoints.hpp"
#include "hipmech/io/markers.hpp"

namespace hipmech::clinic {

/// The per-frame signals a single-leg-stance test is scored from, at a constant rate. The
/// 3-D and 2-D front ends (stance_signals_3d, stance_signals_2d) fill them; any other source
/// can too.
struct StanceSignals {
  double rate_hz = 0.0;       ///< frame rate [Hz]
  double start_time_s = 0.0;  ///< time of row 0 [s]
  /// Pelvic obliquity of the LEFT side [rad]: positive when the left side is higher than the
  /// right (docs/conventions.md); the drop of a right-leg stance is this, of a left-leg stance
  /// minus this. NaN = missing.
  Series obliquity_left_rad;
  /// Height of the lowest point of each foot above any fixed level, in the unit of
  /// `height_in_leg_lengths` (m, or leg lengths); NaN = missing. Same #frames as the obliquity.
  Series foot_height_left;
  Series foot_height_right;
  /// True when the foot heights are in leg lengths (2-D video), false when in metres (3-D).
  bool height_in_leg_lengths = false;
  /// Frontal trunk lean [rad]: angle of the trunk line (mid-pelvis to mid-shoulder) from the
  /// vertical, positive towards the subject's LEFT. Empty when no trunk points were available.
  Series trunk_lean_left_rad;
  /// 2-D: the horizontal separation of the hips in the image over the leg length (medians over
  /// the baseline), to recognise a side view; NaN (the default, 3-D): not checked.
  double hip_width_leg_lengths = std::numeric_limits<double>::quiet_NaN();
};

/// Options of single_leg_stance.
struct StanceOptions {
  /// The standing leg; empty: detected (the foot that stays down, the other lifts longest).
  std::optional<Side> stance_side;
  /// A foot is lifted once its height exceeds its standing level by this much [m] (3-D). A
  /// hipmech choice: 3 cm clears marker noise (about 1 mm) and a weight shift that rolls the
  /// foot without lifting it; the lowest of the foot's markers is used, so a heel raise with
  /// the toes down is not a lift.
  double lift_threshold_m = 0.03;
  /// The same threshold for 2-D keypoints, as a fraction of the leg length (hip-to-ankle
  /// distance in the image during quiet standing). A hipmech choice: 0.05, about 4.5 cm for a
  /// 0.9 m leg, above the jitter of video keypoints (about 1 % of the leg length).
  double lift_threshold_leg_lengths = 0.05;
  /// Hysteresis: the lift (once the height has exceeded the threshold) runs from the first
  /// frame above release_fraction x threshold to the first frame back at or below it, so that
  /// a foot hovering near the threshold does not toggle; in (0, 1].
  double release_fraction = 0.5;
  /// Quiet double stance at the start of the recording [s]: the standing level of each foot
  /// (median height) and the baseline obliquity and trunk lean (mean) are taken over the first
  /// baseline_s seconds from the first frame with a pelvic obliquity (the person first
  /// detected), clipped to the frames before lift-off.
  double baseline_s = 1.0;
  /// Low-pass cut-off of the pelvic drop and the trunk lean [Hz]; 0: not filtered. A zero-lag
  /// Butterworth filter of order 2 (signal::zero_lag_butterworth, scipy's filtfilt(*butter(2,
  /// ...)); -6 dB at the cut-off), each gap-free run on its own after the short gaps are filled
  /// (max_gap_s; longer gaps stay NaN, runs too short to filter are left NaN, both counted in
  /// the notes). A hipmech choice: 2 Hz keeps a drop that develops over 0.5 s or more
  /// (attenuation below 1 % at 0.5 Hz) and removes most keypoint jitter (at 30 frames/s,
  /// white noise keeps a third of its SD).
  double filter_cutoff_hz = 2.0;
  /// Gaps (runs of frames without an obliquity or trunk lean) of at most this duration [s]
  /// (k missing frames with k / rate_hz <= max_gap_s) are filled by linear interpolation
  /// between the frames on each side (signal::fill_gaps, numpy.interp) before the filter;
  /// longer gaps and gaps at the start or end stay NaN; 0: nothing filled. A hipmech choice:
  /// 0.2 s (6 frames at 30 frames/s) bridges keypoints dropped for a few frames, or a video
  /// whose every other frame is missing, and is under half the shortest drop the 2 Hz filter
  /// keeps (0.5 s), so a filled gap cannot create or hide one. At most 1 s (InvalidArgument
  /// above): interpolating across a longer gap invents the pelvis's motion (a 10 deg drop
  /// inside a 6 s gap filled linearly is gone).
  double max_gap_s = 0.2;
  /// The peak drop (and trunk lean) is the largest value held for at least this long [s]: the
  /// maximum over the hold of the running minimum over sustained_s (windows with at least half
  /// their frames present; the whole hold when it is shorter); 0: the largest single frame.
  /// A hipmech choice: Hardcastle & Nade (1985) judge whether the pelvis drops and stays
  /// dropped, a momentary dip is not a sign; with the 2 Hz filter, 1 s keeps the peak of 2-D
  /// keypoints with 2 px of jitter on a 120 px hip width within 0.5 deg (docs/clinic.md). The
  /// minimum, not the median, of each window: under jitter the maximum over the windows of
  /// their minimum reads about 0.4 filtered noise SDs above the true drop, that of their
  /// median 1.35 SDs (docs/clinic.md). The largest single frame is reported too
  /// (pelvic_drop_max_deg).
  double sustained_s = 1.0;
  /// 2-D: the pelvic drop is not assessed when the hips are closer in the image than this
  /// fraction of the leg length during the baseline (a side or strongly oblique view, where
  /// the obliquity is meaningless). A hipmech choice: 0.1; hip-centre separation over
  /// hip-to-ankle length is about 0.18 (a child) to 0.31 (an adult) in a frontal view, so 0.1
  /// admits a camera turned up to about 55 deg from frontal (the obliquity is then magnified by
  /// up to 1 / cos 55 deg = 1.7).
  double min_hip_width_leg_lengths = 0.1;
  /// 2-D: a note (not a refusal) when the hips are at least min_hip_width_leg_lengths but less
  /// than this fraction of the leg length apart in the image during the baseline: a camera
  /// turned from the frontal plane by an angle a (or a narrow subject) shows the hip width x
  /// cos a and the pelvic drop about 1 / cos a too large. A hipmech choice: 0.16, below a
  /// frontal adult (about 0.31) and a frontal child (about 0.18), so a correct frontal view
  /// gives no note; an adult's camera turned more than acos(0.16 / 0.31) = 59 deg, a child's
  /// more than acos(0.16 / 0.18) = 27 deg, does (the drop then reads more than 1.9 x, resp.
  /// 1.1 x, too large).
  double narrow_hip_width_leg_lengths = 0.16;
  /// The pelvis "cannot be held level" when the drop relative to quiet standing exceeds this
  /// [deg]. Hardcastle & Nade (1985) judge by eye whether the pelvis drops; the 2 deg tolerance
  /// for measurement noise is a hipmech choice (a parameter). With the drop's noise SD known
  /// (StanceResult::drop_noise_deg), the flag is raised when the peak exceeds drop_cutoff_deg
  /// + 3 SD, clear when it is below drop_cutoff_deg - 3 SD, and not assessed (with a note) in
  /// between, where noise alone could put it on either side.
  double drop_cutoff_deg = 2.0;
  /// The position must be held this long [s] (Hardcastle & Nade 1985: 30 s).
  double hold_cutoff_s = 30.0;
};

/// Result of single_leg_stance. Frames are 0-based rows of the signals; times in s from
/// StanceSignals::start_time_s.
struct StanceResult {
  std::optional<Side> stance_side;     ///< the standing leg; empty when no lift-off was found
  bool stance_side_detected = false;   ///< true when detected, false when given
  /// True when stance_side was given but that foot, not the other, was lifted (the other leg
  /// stood): the given side looks wrong, nothing is assessed, and a note says so.
  bool stance_side_contradicted = false;
  Eigen::Index lift_off_frame = -1;    ///< first frame of the lift; -1 when none was found
  Eigen::Index touch_down_frame = -1;  ///< first frame back down; -1 when none was seen
  double lift_off_s = std::numeric_limits<double>::quiet_NaN();
  double touch_down_s = std::numeric_limits<double>::quiet_NaN();  ///< NaN when not seen
  /// touch_down - lift_off [s]; when no touch-down was seen, the time to one frame after the
  /// last frame the free foot was seen up (the end of the recording, or the start of the
  /// trailing frames where its keypoints are missing): a lower bound, hold_complete false.
  double hold_time_s = std::numeric_limits<double>::quiet_NaN();
  bool hold_complete = false;  ///< true when the touch-down was seen
  double lift_threshold = std::numeric_limits<double>::quiet_NaN();  ///< used, in height unit
  /// Contralateral pelvic drop over the hold [deg]: the obliquity of the stance side minus its
  /// quiet-standing mean, positive when the free side is lower (the drop), low-passed
  /// (filter_cutoff_hz). Peak (the largest value held for sustained_s), the time of the
  /// largest frame of that window, and mean over the finite frames of the hold. NaN when the
  /// hips are too close in the image (a side view).
  double pelvic_drop_peak_deg = std::numeric_limits<double>::quiet_NaN();
  double pelvic_drop_peak_s = std::numeric_limits<double>::quiet_NaN();
  double pelvic_drop_mean_deg = std::numeric_limits<double>::quiet_NaN();
  /// The largest single frame of the (low-passed) drop over the hold [deg] and its time [s]:
  /// a brief drop the sustained peak leaves out shows here, and a note names it when it exceeds
  /// the peak by more than detail::brief_drop_margin_deg (at least 2 deg; noise alone stays
  /// below it). The first and last 1 / (2 filter_cutoff_hz) s of each gap-free run of the
  /// filtered drop (next to a gap longer than max_gap_s, or the recording's start or end) are
  /// left out: there the filter's padding leaves the noise up to 3 times its SD elsewhere
  /// (detail::filter_edge_frames); NaN when no other frame of the hold is left. Not scored.
  double pelvic_drop_max_deg = std::numeric_limits<double>::quiet_NaN();
  double pelvic_drop_max_s = std::numeric_limits<double>::quiet_NaN();
  /// Time from lift-off to the first frame from which the drop stays above drop_cutoff_deg
  /// for sustained_s [s] (Hardcastle & Nade's "time taken before the pelvis starts to fall");
  /// NaN when it never does.
  double time_to_drop_s = std::numeric_limits<double>::quiet_NaN();
  /// Baseline obliquity of the stance side (quiet double stance) [deg].
  double baseline_obliquity_deg = std::numeric_limits<double>::quiet_NaN();
  /// Noise of the obliquity [deg]: its SD (n - 1) over the quiet-standing baseline, unfiltered
  /// (keypoint jitter plus sway); NaN with fewer than 5 finite baseline frames.
  double obliquity_noise_deg = std::numeric_limits<double>::quiet_NaN();
  /// The same after the low-pass filter [deg]: obliquity_noise_deg x the filter's white-noise
  /// gain (the root sum of squares of its zero-lag impulse response).
  double filtered_noise_deg = std::numeric_limits<double>::quiet_NaN();
  /// The SD of the scored drop from noise alone [deg]: sqrt(filtered_noise_deg^2 +
  /// obliquity_noise_deg^2 / n), the filtered noise of each frame and the error of the
  /// baseline's mean over its n frames (white jitter); the width of the not-assessed band of
  /// the drop flag (StanceOptions::drop_cutoff_deg). NaN when the noise is not estimated.
  double drop_noise_deg = std::numeric_limits<double>::quiet_NaN();
  /// Hip separation in the image over the leg length during the baseline (2-D; NaN in 3-D).
  double hip_width_leg_lengths = std::numeric_limits<double>::quiet_NaN();
  /// False when no touch-down was seen because the free foot's keypoints (or markers) are
  /// missing at the end, as opposed to the recording ending with the foot seen up.
  bool free_foot_seen_to_end = true;
  /// Frontal trunk lean over the hold relative to quiet standing [deg], positive towards the
  /// STANCE side (the compensated Trendelenburg: the trunk shifted over the standing hip).
  double trunk_lean_peak_deg = std::numeric_limits<double>::quiet_NaN();
  double trunk_lean_mean_deg = std::numeric_limits<double>::quiet_NaN();
  Eigen::Index hold_frames = 0;          ///< frames of the hold
  Eigen::Index missing_hold_frames = 0;  ///< of them, frames with a missing obliquity
  /// Of the missing ones, frames in gaps of at most max_gap_s, filled before the filter (the
  /// others stay NaN and are left out of peak and mean).
  Eigen::Index filled_hold_frames = 0;
  /// "positive", "negative" or "not assessed".
  std::string trendelenburg = "not assessed";
  /// "pelvic_drop_peak_deg" (peak drop > drop_cutoff_deg, beyond 3 x drop_noise_deg either
  /// side of it) and "hold_time_s" (hold < hold_cutoff_s), compared by above_cutoff /
  /// below_cutoff; the test is positive when either is flagged, negative when both are clear.
  std::vector<Flag> flags;
  std::vector<std::string> notes;
  /// Series for figures, one value per frame: time [s], obliquity of the stance side [deg]
  /// (raw), pelvic drop [deg] (relative to quiet standing, low-passed: what is scored), trunk
  /// lean towards the stance side [deg] (relative, low-passed, empty without trunk points),
  /// free-foot height above its standing level (height unit). With no stance side, the
  /// obliquity is the left side's and the rest NaN.
  Series time_s, obliquity_deg, pelvic_drop_deg, trunk_lean_deg, free_foot_height;
};

/// The source of the Trendelenburg rule, as flags cite it.
extern const char* const trendelenburg_source;

/// Scores a single-leg-stance trial:
///   1. the baseline window: baseline_s from the first frame with a pelvic obliquity; standing
///      level of each foot = median height over it;
///   2. lifts: runs of frames above release_fraction x threshold that exceed the threshold
///      (hysteresis, NaN frames skipped); the free foot is the one with the longest lift (or the
///      foot other than options.stance_side), its longest lift the hold, which ends at the
///      first frame seen back down, else one frame after the last frame seen up;
///   3. drop(f) = obliquity_S(f) - mean obliquity_S over the baseline (clipped at lift-off),
///      with S the stance side, gaps up to max_gap_s filled linearly, low-passed at
///      filter_cutoff_hz; peak (held for sustained_s), largest frame, mean and time to drop
///      over [lift-off, touch-down);
///   4. trunk lean towards S relative to its baseline mean, low-passed, peak and mean over the
///      hold;
///   5. flags: peak drop > drop_cutoff_deg, hold < hold_cutoff_s (Hardcastle & Nade 1985);
///      the drop is not assessed for a side view (hip_width_leg_lengths below
///      min_hip_width_leg_lengths) or when the peak is within 3 x drop_noise_deg of the
///      cut-off; a note for a narrow view (below narrow_hip_width_leg_lengths).
/// Missing samples are NaN and never dropped: peaks and means use the finite frames of the hold
/// and the notes give the count of missing ones. No lift-off: every score NaN, both flags "not
/// assessed", trendelenburg "not assessed" and a note.
/// \throws InvalidArgument naming 'rate_hz', a series whose #frames differ or that holds an
/// infinity, or the option out of range ('lift_threshold_m', 'release_fraction',
/// 'filter_cutoff_hz' at or above half the rate, ...).
StanceResult single_leg_stance(const StanceSignals& signals, const StanceOptions& options = {});

/// The signals of a 3-D trial: obliquity of the Plug-in Gait pelvis (LASI, RASI and SACR or
/// LPSI+RPSI; model::pig_pelvis) in Baker's sequence relative to the lab (independent of where
/// the subject faces); each foot's height = the lowest, per frame, of its markers present among
/// HEE, TOE, ANK (L/R prefix), each relative to its median over the first baseline_s seconds
/// (a heel raise with the toes down is not a lift; a marker dropping out does not shift the
/// foot); trunk line from the pelvis origin (mid-ASIS) to the midpoint of LSHO and
/// RSHO, else of C7 and CLAV, else C7 (trunk lean empty when none is present), its lateral
/// component along the pelvis's horizontal left axis.
/// \param markers the trial's markers [m]; \param lab which lab axis is up
/// \param rate_hz point rate [Hz]; \param start_time_s time of row 0 [s]
/// \param baseline_s quiet double stance at the start [s] (StanceOptions::baseline_s)
/// \throws InvalidArgument naming 'markers' (listing what is missing), 'rate_hz' or
/// 'baseline_s'.
StanceSignals stance_signals_3d(const io::Markers& markers, const LabAxes& lab, double rate_hz,
                                double start_time_s = 0.0, double baseline_s = 1.0);

/// The signals of 2-D frontal keypoints (hipmech names, image y down): obliquity_2d of
/// left_hip/right_hip (independent of the camera being in front or behind); each foot's
/// height = the lowest, per frame, of its ankle, heel and big_toe keypoints present (height =
/// -image y, each relative to its median over the baseline), in leg lengths (the median over
/// the baseline of the hip-to-ankle distance, mean of both sides); trunk line from the mid-hip
/// to the mid-shoulder keypoints (left_shoulder, right_shoulder), the subject's left taken
/// from the image side of left_hip; hip_width_leg_lengths = median |x of left_hip - x of
/// right_hip| over the baseline / leg length. The baseline is the first baseline_s seconds
/// from the first frame with both hips and an ankle (the person first detected). Frames
/// missing from `keypoints.frames` become NaN rows (gaps filled, not dropped); row 0 is
/// keypoints.frames[0], at time frames[0] / rate_hz.
/// \throws InvalidArgument naming 'keypoints' (listing the missing names, or no frame with
/// both hips and an ankle: the message names min_confidence as a possible cause) or
/// 'rate_hz'.
StanceSignals stance_signals_2d(const io::Keypoints2D& keypoints, double rate_hz,
                                double baseline_s = 1.0);

namespace detail {

/// Rows of `keypoints` placed on a gap-free frame grid: a #grid-frames by 2 array, NaN rows
/// where the file has no frame. Returns the empty array for a name that is absent.
Points2 keypoint_on_grid(const io::Keypoints2D& keypoints, const std::string& name);

/// One lift of a foot: [begin, end) frames; when the foot was not seen coming down, end = one
/// past the last frame it was seen up (#frames when seen up to the end).
struct Lift {
  Eigen::Index begin = -1;
  Eigen::Index end = -1;
  bool came_down = false;
  Eigen::Index last_up = -1;  ///< the last frame seen above the release level
};

/// The lifts of a height signal (already relative to the standing level) by hysteresis.
std::vector<Lift> find_lifts(const SeriesCRef& height, double threshold, double release);

/// Median of the finite values of x[begin, end); NaN when none.
double finite_median(const SeriesCRef& x, Eigen::Index begin, Eigen::Index end);
/// Mean of the finite values of x[begin, end); NaN when none.
double finite_mean(const SeriesCRef& x, Eigen::Index begin, Eigen::Index end);
/// SD (n - 1) of the finite values of x[begin, end); NaN with fewer than `min_count`.
double finite_sd(const SeriesCRef& x, Eigen::Index begin, Eigen::Index end,
                 Eigen::Index min_count = 5);
/// First frame at which x is finite; x.size() when none.
Eigen::Index first_finite(const SeriesCRef& x);

/// x with its interior gaps of at most `max_gap` frames filled linearly (signal::fill_gaps),
/// then low-passed by a zero-lag Butterworth filter of order 2 at cutoff_hz, each gap-free run
/// on its own (signal::GapPolicy::Runs: the longer gaps stay NaN, runs too short to filter are
/// left NaN and their frames added to `unfiltered_frames`); only filled when cutoff_hz is 0.
Series lowpass_runs(const Series& x, double rate_hz, double cutoff_hz, Eigen::Index max_gap,
                    Eigen::Index& unfiltered_frames);
/// The longest gap lowpass_runs fills [frames]: k missing frames with k / rate_hz <=
/// max_gap_s (within 1e-9 s).
Eigen::Index max_gap_frames(double max_gap_s, double rate_hz);
/// The filter's edge zone [frames]: ceil(rate_hz / (2 cutoff_hz)), 1 / (2 cut-off) s; 0 when
/// cutoff_hz is 0 (not filtered). Within it of the end of a gap-free run the zero-lag filter's
/// odd padding leaves white noise with up to about 3 times the SD it has elsewhere; beyond
/// 0.34 / cutoff_hz s it is within 5 % of it (scipy.signal.filtfilt of white noise, 30 to
/// 250 frames/s, 2 and 4 Hz; docs/clinic.md).
Eigen::Index filter_edge_frames(double rate_hz, double cutoff_hz);
/// Per frame, true within `edge` frames of the ends of x's gap-free run (its first and last
/// `edge` frames; a run is a stretch of finite values bounded by NaN or the ends of x).
std::vector<bool> edge_zone(const SeriesCRef& x, Eigen::Index edge);
/// The margin [deg] by which the largest single frame of the drop must exceed its sustained
/// peak for the brief-drop note: max(2, (z(frames) + z(window)) x noise_deg), z(k) = the
/// standard normal quantile at 1 - 0.01 / k. A union (Bonferroni) bound, whatever the noise's
/// correlation: noise alone puts the largest of `frames` frames more than z(frames) SDs above
/// the true drop, or the smallest frame of a `window`-frame window (and so the sustained peak,
/// the largest such minimum) more than z(window) SDs below it, each with probability at most
/// 1 %. For 1050 frames and a 30-frame window: 7.7 SDs. 2 deg when noise_deg is NaN.
double brief_drop_margin_deg(double noise_deg, Eigen::Index frames, Eigen::Index window);
/// The factor by which lowpass_runs scales the SD of white noise: the root sum of squares of
/// the zero-lag filter's impulse response (1 when cutoff_hz is 0).
double lowpass_noise_gain(double rate_hz, double cutoff_hz);

/// The largest value held for `window` frames over x[begin, end): max over the windows (at
/// least half of their frames finite) of their smallest finite value; the window is clipped to
/// end - begin. `at` is the frame of the largest finite value of the winning window, -1 when no
/// window qualifies (NaN returned). With `cutoff` finite, `first_above` is the first window
/// start whose smallest value is above_cutoff(., cutoff), -1 when none.
double sustained_peak(const SeriesCRef& x, Eigen::Index begin, Eigen::Index end,
                      Eigen::Index window, Eigen::Index& at, double cutoff,
                      Eigen::Index& first_above);

}  // namespace detail

}  // namespace hipmech::clinic
