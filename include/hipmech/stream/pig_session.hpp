/// \file
/// A real-time Plug-in Gait session: push one frame of markers, get that frame's pelvis, hip and
/// knee angles (and the gait events and per-stance summaries the frame completes), with the
/// offline pipeline's formulas and no allocation per frame (docs/stream.md).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/lab_axes.hpp"
#include "hipmech/events/force_plate_events.hpp"
#include "hipmech/events/kinematic_events.hpp"
#include "hipmech/geometry/rotations.hpp"
#include "hipmech/model/plug_in_gait.hpp"
#include "hipmech/pelvis/progression.hpp"
#include "hipmech/stream/causal_filter.hpp"
#include "hipmech/stream/frame.hpp"

namespace hipmech::stream {

/// How a PigSession is set up (once, before the first frame).
struct PigSessionOptions {
  /// Marker frame rate [Hz], > 0. Required.
  double point_rate_hz = 0.0;
  /// The markers of each pushed frame, in row order (n_markers rows of x, y, z, lab frame [m]).
  /// Must name LASI, RASI, SACR or LPSI + RPSI, and LTHI, LKNE, LTIB, LANK, RTHI, RKNE, RTIB,
  /// RANK (plus the event markers of `events`); other names are allowed and ignored by the
  /// angles. Names are unique.
  std::vector<std::string> marker_names;
  /// Subject measurements and offsets (model::plug_in_gait's): leg lengths, knee and ankle
  /// widths AND the inter-ASIS distance are required (a live session cannot average a trial
  /// as plug_in_gait does: measure it on the static trial, model::plug_in_gait_static fills
  /// it). The other defaults as plug_in_gait (model::detail::checked_parameters).
  model::PigParameters parameters;
  /// The pelvis' rear markers: Auto = SACR when marker_names has it, otherwise mid-PSIS.
  model::PelvisRear pelvis_rear = model::PelvisRear::Auto;
  /// The progression frame the pelvis angles are relative to (as report::analyse: Baker
  /// angles relative to the progression frame). A live session must be told its direction
  /// (offline, pelvis::detect_progression reads it from the whole trial). Default: walking
  /// along the lab's +X with +Z up.
  pelvis::Progression progression =
      pelvis::progression_from_axis(SignedAxis::PosX, LabAxes(SignedAxis::PosZ, SignedAxis::PosX));
  /// Causal low-pass cut-off of the markers the angles use [Hz] (CausalButterworth); empty =
  /// no filter (the angles then equal the offline pipeline's with cutoff_hz = None).
  std::optional<double> cutoff_hz;
  /// Order of the causal Butterworth, 1 to 8.
  int filter_order = 2;
  /// Where online gait events come from (None: angles only, no stance summaries).
  EventSource events = EventSource::None;
  /// EventSource::Kinematics: heel, toe and sacrum marker names and min_separation_s of
  /// events::zeni_events. The direction is progression.forward (zeni.progression,
  /// progression_direction and min_displacement_m are not used: a live session cannot
  /// estimate it from the whole trial).
  events::ZeniOptions zeni;
  /// EventSource::Plates: each plate's 4 corners (rows, lab frame [m]), as io::ForcePlate.
  std::vector<Eigen::Matrix<double, 4, 3, Eigen::RowMajor>> plate_corners;
  /// Plate samples per point frame (analog rate / point rate), >= 1.
  int samples_per_frame = 1;
  /// EventSource::Plates: threshold, minimum contact and foot-assignment rules
  /// (events::from_force_plates).
  events::ForcePlateEventOptions plate_options;
  /// Longest stance a summary can cover [s] (the length of the per-frame history kept), > 0.
  double max_stance_s = 3.0;
  /// EventSource::Plates: how long past a foot off a stance summary waits for the other
  /// foot's next strike when that foot is in the air [s], >= 0 (StanceTracker's open swing,
  /// W = ceil(open_swing_wait_s x rate) frames). A strike off the plates is never seen: not
  /// seen within W, the stance has no single support (as offline). 0.3 s is longer than the
  /// flight phase of running, so a runner's next strike (after this foot off) is waited for.
  /// Adds W to the summary latency when the other foot's swing is open. Not used with
  /// EventSource::Kinematics (every strike is observed: the swing runs on, see
  /// StanceTracker).
  double open_swing_wait_s = 0.3;
};

/// A real-time Plug-in Gait session (issue 25): configured once, then push(frame) per frame.
///
/// Per frame, from the (optionally causally filtered) markers: the Plug-in Gait pelvis, hip
/// centres (Davis et al. 1991), knee and ankle centres (chord function), thigh and shank frames
/// (model::plug_in_gait without feet), then the pelvis angles (Baker 2001, relative to the
/// progression frame, pelvis::pelvis_angles), the hip angles (model::joint_angles, pelvis ->
/// thigh) and the knee angles (knee::knee_angles, valgus = -adduction): report::analyse's
/// curves. Every formula is the offline code's one-frame kernel (model::detail::pelvis_one,
/// pig_leg_one, pelvis::detail::reference_raw_one, model::detail::joint_angles_one), so with
/// no filter each output equals the offline pipeline on the same frames bit for bit.
/// A missing marker (NaN) gives NaN for the angles that need it, never an error.
///
/// Events (EventSource::Kinematics: OnlineZeni; EventSource::Plates: OnlinePlates) come from
/// the RAW markers and plates, as report::analyse takes its events from the unfiltered trial; each
/// push lists the events it detected in PigFrame::reports.events (frame = when the event
/// happened, detected_frame = this push). A StanceTracker fed with the frame's pelvic
/// obliquity, knee valgus and hip adduction (after the filter, if any) emits the summary of a
/// stance in PigFrame::reports.stances once its foot off is known and its frames are in; with
/// a filter, the stance [s, o) is evaluated on frames [s + k, o + k), k =
/// filter_delay_frames(), to follow the angles' lag. Latency of a summary: the event delay
/// (event_delay_bound_s()) plus the filter delay, plus with force plates the open-swing wait
/// (PigSessionOptions::open_swing_wait_s): summary_delay_bound_s().
///
/// Real time: everything is allocated by the constructor; push() allocates nothing when its
/// input is valid (an error message allocates), takes no lock and throws only for bad input.
/// Not thread-safe: one producer thread per session, which also calls close(); the PigFrame
/// push() returns is valid until the next push() or close() (copy it for another thread).
class PigSession {
 public:
  /// Validates the options and allocates every buffer.
  /// \throws InvalidArgument naming 'point_rate_hz', 'marker_names' (missing or duplicate
  /// markers, with the markers' alternatives, also the event markers: zeni's heels, toes and
  /// sacrum, or plate_options' foot markers), a parameter of model::plug_in_gait
  /// ('leg_length_m[left]', ..., 'inter_asis_distance_m' when NaN), 'progression',
  /// 'cutoff_hz', 'filter_order', 'samples_per_frame', 'max_stance_s', 'open_swing_wait_s'
  /// (EventSource::Plates: finite, >= 0, at most 100 s), 'plate_corners' (none
  /// with EventSource::Plates), 'min_separation_s' or a plate option (OnlineZeni,
  /// OnlinePlates).
  explicit PigSession(PigSessionOptions options);
  ~PigSession();
  PigSession(PigSession&&) noexcept;
  PigSession& operator=(PigSession&&) noexcept;
  PigSession(const PigSession&) = delete;
  PigSession& operator=(const PigSession&) = delete;

  /// Pushes one frame and returns its outputs. The returned reference is valid until the next
  /// push() or close() (which overwrite it): copy the PigFrame before handing it to another
  /// thread. push allocates nothing when its input is valid (an error message allocates).
  ///
  /// Gait events: per foot, events alternate strike, off, strike (the offline report's
  /// events::merge_events rule for one source): an event of the same kind as the previous
  /// accepted event of that foot (by frame) is left out, the later one (the first is kept),
  /// counted in n_events_out_of_sequence(), not reported and not given to the stance summaries.
  /// Online differences: an event arriving after a later event of the same kind of that foot
  /// was reported is the one left out (offline keeps the earlier); with force plates, a strike
  /// whose contact ended without a foot off (rejected, OnlinePlates) no longer counts as the
  /// previous event (offline it does not exist), so the next contact's strike is kept.
  ///
  /// Time gaps: with times, a step longer than 1.5 frame periods means dropped frames: the
  /// round(step x rate) - 1 missing frames are processed first as missing (NaN markers, NaN
  /// plate samples; times spread evenly over the gap), so frame numbers stay those of the
  /// recording and a stance spanning the gap gets NaN peaks with its note. They are counted
  /// in n_frames_filled(); their outputs are not returned, but the events and summaries they
  /// complete are in the returned frame's reports.
  /// \param markers_xyz n_markers * 3 doubles: row = marker in marker_names order, (x, y, z)
  ///        in the lab frame [m]; NaN = missing
  /// \param n_values the number of doubles at markers_xyz (must be n_markers * 3)
  /// \param time_s the frame's time [s]; NaN: frame / point_rate_hz. Otherwise finite and
  ///        strictly greater than the previous frame's time.
  /// \param plates EventSource::Plates: samples_per_frame * n_plates * 6 doubles, sample-major
  ///        then plate: force on the body (x, y, z) [N] then centre of pressure (x, y, z) [m],
  ///        lab frame, NaN = missing (nullptr with n_plate_values 0: all missing); nullptr
  ///        without EventSource::Plates
  /// \param n_plate_values the number of doubles at plates
  /// \throws InvalidArgument naming 'session' (push after close(), or on a moved-from
  ///         session), 'markers' (wrong size, an infinite value), 'time_s' (not after the
  ///         previous time, both values named; or a gap longer than max_stance_s: start a new
  ///         session) or
  ///         'plates' (wrong size, an infinite value, or given without EventSource::Plates).
  ///         A rejected frame changes nothing (it is not counted).
  const PigFrame& push(const double* markers_xyz, std::size_t n_values, double time_s = detail::nan,
                       const double* plates = nullptr, std::size_t n_plate_values = 0);

  /// Ends the session: further pushes throw. Idempotent. With EventSource::Kinematics it
  /// reports the Zeni extremes still held at the last push (OnlineZeni::flush: no later
  /// extreme can replace them any more), and the stance summaries they complete, in
  /// closing_reports(). Then (both event sources) the stance summaries still pending (waiting
  /// for an open swing of the other foot or for the event watermark) are released with the
  /// events known at close, by the offline rule (the other foot's strike not seen: no single
  /// support, NaN drop, kNoSingleSupport) when their value frames are in; those whose value
  /// frames are not in (a filter delay past the last frame) are dropped and counted in
  /// n_summaries_dropped_at_close(). Must be called from the pushing thread (not
  /// thread-safe, like push()); it overwrites nothing push() returned.
  void close() noexcept;
  bool closed() const noexcept { return closed_; }
  /// What close() reported: the events held at the end (EventSource::Kinematics only: the
  /// online Zeni detector's flush) and the summaries still pending that close() released
  /// (any event source, plates too: StanceTracker::finish); empty before close() and without
  /// events.
  const FrameReports& closing_reports() const noexcept { return closing_; }

  /// Number of frames processed: those pushed plus those filled for time gaps
  /// (n_frames_filled()); the number the next pushed frame gets (without a gap).
  std::int64_t n_frames() const noexcept { return n_frames_; }
  /// Number of values push() expects: n_markers * 3.
  std::size_t n_values() const noexcept { return 3 * options_.marker_names.size(); }
  /// Number of plate values push() expects (0 without EventSource::Plates).
  std::size_t n_plate_values() const noexcept;

  /// CausalButterworth::delay_s() of the marker filter [s]; 0 without filter.
  double filter_delay_s() const noexcept;
  /// filter_delay_s() in whole frames, round(delay * rate): the shift between an event frame
  /// and the filtered angles that belong to it (0 without filter).
  int filter_delay_frames() const noexcept { return filter_delay_frames_; }
  /// Bound on detected_frame - frame of the session's events / rate [s] (0 without events):
  /// OnlineZeni::delay_bound_frames() (2 d - 1 frames, d the minimum separation in frames) or
  /// OnlinePlates::delay_bound_frames() (the min_contact_s confirmation of a strike).
  double event_delay_bound_s() const noexcept;
  /// The StanceTracker's open-swing wait W [frames]: ceil(open_swing_wait_s x rate) with
  /// EventSource::Plates, StanceTracker::kOpenSwingRunsOn (-1) otherwise.
  std::int64_t open_swing_wait_frames() const noexcept;
  /// Bound on the delay of a stance summary after its foot off [s]: filter_delay_s() +
  /// event_delay_bound_s() + open_swing_wait_frames() / rate with EventSource::Plates (W of
  /// waiting for the other foot's strike, then its confirmation); filter_delay_s() +
  /// event_delay_bound_s() with kinematic events; filter_delay_s() without events (no
  /// summaries). (detected_frame -
  /// foot_off_frame is at most this x rate, plus half a frame from rounding the filter delay.)
  double summary_delay_bound_s() const noexcept;
  /// Events found but not listed in a PigFrame because one frame had more than
  /// kMaxEventsPerFrame (they still reach the stance summaries).
  std::int64_t n_events_not_reported() const noexcept;

  /// Events left out because the previous accepted event of that foot was of the same kind
  /// (push(): per foot, strike and off alternate).
  std::int64_t n_events_out_of_sequence() const noexcept;
  /// Frames processed as missing for time gaps (push(): a step longer than 1.5 frame periods).
  std::int64_t n_frames_filled() const noexcept { return n_filled_; }
  /// Frames whose pelvis was valid (all its markers present) and whose anterior axis, on the
  /// horizontal plane, points against progression.forward (dot < 0): a session told the
  /// wrong direction of walking (e.g. +X for a subject walking along -X).
  std::int64_t n_frames_against_forward() const noexcept { return n_against_; }
  /// Frames whose pelvis was valid (the denominator of n_frames_against_forward()).
  std::int64_t n_frames_pelvis_valid() const noexcept { return n_pelvis_valid_; }
  /// Stance summaries still pending at close() whose value frames were not all in (dropped;
  /// close()).
  std::int64_t n_summaries_dropped_at_close() const noexcept { return n_dropped_at_close_; }

  /// The parameters in use, with Plug-in Gait's defaults filled in.
  const model::PigParameters& parameters() const noexcept { return parameters_; }
  /// What the session took as a default or chose (pelvis rear, filter delay, ...), one
  /// sentence each.
  const std::vector<std::string>& notes() const noexcept { return notes_; }
  /// The options the session was built with.
  const PigSessionOptions& options() const noexcept { return options_; }
  /// The rear pelvis markers in use (Sacrum or Psis, Auto resolved).
  model::PelvisRear pelvis_rear() const noexcept { return rear_; }
  /// The last frame pushed (frame -1 before the first push).
  const PigFrame& last() const noexcept { return frame_; }

 private:
  struct Events;  // the online events and stance tracker (EventSource::Plates, ::Kinematics)

  void compute_angles(const double* used_xyz) noexcept;
  void set_up_events();
  void track(std::int64_t f, double t, const double* markers_xyz, const double* plates);
  void process(std::int64_t f, double t, const double* markers_xyz, const double* plates);

  PigSessionOptions options_;
  model::PigParameters parameters_;
  std::vector<std::string> notes_;
  model::PelvisRear rear_ = model::PelvisRear::Sacrum;
  // Rows (in marker_names) of the markers the angles use: LASI, RASI, SACR or LPSI RPSI, then
  // per side THI, KNE, TIB, ANK.
  std::vector<int> used_rows_;
  std::vector<double> used_raw_, used_filtered_;
  std::optional<CausalButterworth> filter_;
  int filter_delay_frames_ = 0;
  std::array<model::detail::PigSideConstants, 2> side_;
  geometry::detail::FrameAxes pelvis_axes_;
  geometry::Matrix3r R_progression_lab_ = geometry::Matrix3r::Identity();
  std::unique_ptr<Events> events_;
  PigFrame frame_;
  FrameReports closing_;
  std::vector<double> missing_markers_;  // all NaN, for the frames of a time gap
  Eigen::Vector3d forward_unit_ = Eigen::Vector3d::UnitX();
  std::int64_t n_frames_ = 0;
  std::int64_t n_filled_ = 0;
  std::int64_t n_against_ = 0;
  std::int64_t n_pelvis_valid_ = 0;
  std::int64_t n_dropped_at_close_ = 0;
  double last_time_s_ = detail::nan;
  bool closed_ = false;
};

}  // namespace hipmech::stream
