/// \file
/// Gait events found online, one pushed frame at a time, with the rules of the offline
/// detectors (docs/stream.md, "Events"): OnlineZeni is events::zeni_events (Zeni JA, Richards
/// JG, Higginson JS (2008) Gait Posture 27:710-714, the coordinate-based method) and
/// OnlinePlates is events::from_force_plates. Each is a standalone component with fixed-size
/// state: everything is allocated in the constructor and push() allocates nothing. Neither is
/// thread-safe: one producer thread per object.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/lab_axes.hpp"
#include "hipmech/events/force_plate_events.hpp"
#include "hipmech/events/peaks.hpp"
#include "hipmech/stream/frame.hpp"

namespace hipmech::stream {

/// Zeni et al. (2008) foot strikes and foot offs, online.
///
/// Per push, four signals as events::zeni_events forms them: (heel - sacrum) . p per side
/// (foot strike at its maxima) and (toe - sacrum) . p per side (foot off at its minima), p the
/// unit direction of progression. The extreme rule is events::find_maxima's, run one sample at
/// a time (events::detail::MaximumScanner: strict rise before, strict fall after, a flat top
/// counted once at its middle rounded down, nothing next to a NaN). scipy's minimum-distance
/// thinning is done causally with d = events::detail::separation_samples(min_separation_s,
/// rate_hz) frames (the d of zeni_events): an extreme is held; a later extreme less than d
/// frames after it replaces it when at least as high (equal heights: the later one, as scipy)
/// and is dropped otherwise; the held extreme is reported as soon as no extreme less than d
/// frames after it can still come.
///
/// Differences from the offline result (same markers, direction and separation):
/// - Chains: of three extremes a < b < c (heights), each less than d after the previous one
///   but c at least d after a, scipy keeps a and c; online, b replaced a before c arrived, so
///   only c is kept. Strides last much longer than d (0.3 s by default), so chains need
///   several spurious extremes within one stride.
/// - End of the stream: an extreme still held at the last push is reported only by flush()
///   (offline keeps it: no later extreme can replace it); with flush() the online events of a
///   whole trial equal the offline ones (chains aside).
///
/// Delay: an extreme at frame m is reported by the push of frame m + delay with delay <= d for
/// signals without flat runs (two consecutive equal samples; real marker data), and in general
/// delay <= max(2 d - 1, ceil((L + 1) / 2)), L the length of the extreme's own flat top
/// (a flat run after it, starting less than d frames later, can hold it longer).
/// delay_bound_frames() returns max(1, 2 d - 1).
class OnlineZeni {
 public:
  /// Most events one push can report (two per signal).
  static constexpr int kMaxEventsPerPush = 8;
  /// Largest min_separation_s accepted [s] (it sizes the frame buffers: ~4 x rate x it).
  static constexpr double kMaxSeparationS = 10.0;

  /// \param[in] rate_hz marker rate [Hz], > 0
  /// \param[in] forward_unit direction of progression p in the lab frame (normalised here; a
  ///            live session must be told it: pelvis::Progression::forward, or the direction
  ///            events::estimate_progression finds offline)
  /// \param[in] min_separation_s events of one foot and kind closer than this keep only the
  ///            larger extreme [s], 0 to kMaxSeparationS (events::ZeniOptions::min_separation_s)
  /// \throws InvalidArgument naming 'rate_hz', 'forward_unit' (zero or non-finite) or
  ///         'min_separation_s'.
  OnlineZeni(double rate_hz, const Eigen::Vector3d& forward_unit, double min_separation_s = 0.3);

  /// One frame of markers in; the events it completes out (in frame order).
  /// \param[in] frame 0-based frame index: 0 first, then each push the previous one + 1
  /// \param[in] time_s time of the frame [s] (copied into StreamEvent::time_s of events at
  ///            this frame; not checked here)
  /// \param[in] sacrum_m sacrum point, lab frame [m] (SACR or the PSIS mean); NaN = missing
  /// \param[in] heel_m heel markers [left, right], lab frame [m]; NaN = missing
  /// \param[in] toe_m toe markers [left, right], lab frame [m]; NaN = missing
  /// \param[out] out room for `capacity` events
  /// \param[in] capacity size of `out`, >= kMaxEventsPerPush
  /// \return the number of events written (EventSource::Kinematics, plate -1, detected_frame =
  ///         frame); each event's frame is at most `frame`
  /// \throws InvalidArgument naming 'frame' when it is not the next frame, 'capacity' when too
  ///         small (checked before anything changes).
  int push(std::int64_t frame, double time_s, const Eigen::Vector3d& sacrum_m,
           const std::array<Eigen::Vector3d, 2>& heel_m,
           const std::array<Eigen::Vector3d, 2>& toe_m, StreamEvent* out, int capacity);

  /// End of the stream: reports the extremes still held (each channel's last one, which no
  /// later extreme can replace any more), detected_frame = the last frame pushed. Call once
  /// when a session closes; further pushes continue as if nothing had been held.
  /// \return the number of events written (at most 4)
  /// \throws InvalidArgument naming 'capacity' when capacity < 4.
  int flush(StreamEvent* out, int capacity);

  /// The minimum separation d in frames (events::detail::separation_samples).
  std::int64_t separation_frames() const noexcept { return d_; }
  /// Bound on detected_frame - frame of the reported events, max(1, 2 d - 1) frames (see the
  /// class comment; <= d without flat runs).
  std::int64_t delay_bound_frames() const noexcept;
  /// Every event with a frame below this has been reported: the smallest frame at which an
  /// event can still be reported by a later push (a held extreme, the start of a pending flat
  /// top, or the next frame). StanceTracker uses it to wait for the other foot's events.
  std::int64_t complete_before() const noexcept;
  /// The direction of progression used (unit, lab frame).
  const Eigen::Vector3d& forward_unit() const noexcept { return p_; }
  /// Back to the state after construction (frame 0 next).
  void reset() noexcept;

 private:
  struct Channel {
    events::detail::MaximumScanner scanner;
    std::int64_t held_frame = -1;  ///< -1: nothing held
    double held_value = 0.0;
  };
  double rate_hz_;
  Eigen::Vector3d p_;
  std::int64_t d_;
  std::int64_t next_frame_ = 0;
  std::array<Channel, 4> channels_{};  ///< left strike, left off, right strike, right off
  std::vector<double> times_;          ///< ring of recent frame times (sized once)
  double time_of(std::int64_t frame) const noexcept;
};

/// Why OnlinePlates gave a contact no foot off: the offline reasons
/// (events::ContactRejection) and the online-only ones.
enum class OnlinePlateRejection {
  StrikeNotObserved = 0,  ///< force above threshold at the first sample pushed or after a NaN
  OffNotObserved,         ///< the contact ended with a NaN force
  BothFeet,               ///< offline rule (events::ContactRejection::BothFeet)
  NoFootNearCop,          ///< offline rule
  MissingMarkers,         ///< offline rule
  NoCenterOfPressure,     ///< offline rule
  /// The foot the offline median rule assigns at the contact's end is not the foot that was
  /// nearest the centre of pressure when the strike was reported.
  SideChanged,
  /// No point frame had a centre of pressure and both feet's markers before the contact ended
  /// (so no strike was reported).
  StrikeSideUnknown,
  /// The contact lasted longer than max_contact_s (its per-frame distances are not all kept).
  LongerThanBuffer,
  /// The contact lies between two point frames (no frame instant inside it; offline uses the
  /// nearest frame). Only with min_contact_s below one point frame.
  ShorterThanFrame,
};
/// Number of OnlinePlateRejection values.
inline constexpr int kOnlinePlateRejectionCount = 10;

/// "strike_not_observed", ..., "shorter_than_frame" (the offline names for the offline reasons).
constexpr std::string_view to_string(OnlinePlateRejection r) noexcept {
  switch (r) {
    case OnlinePlateRejection::StrikeNotObserved:
      return "strike_not_observed";
    case OnlinePlateRejection::OffNotObserved:
      return "off_not_observed";
    case OnlinePlateRejection::BothFeet:
      return "both_feet";
    case OnlinePlateRejection::NoFootNearCop:
      return "no_foot_near_cop";
    case OnlinePlateRejection::MissingMarkers:
      return "missing_markers";
    case OnlinePlateRejection::NoCenterOfPressure:
      return "no_center_of_pressure";
    case OnlinePlateRejection::SideChanged:
      return "side_changed";
    case OnlinePlateRejection::StrikeSideUnknown:
      return "strike_side_unknown";
    case OnlinePlateRejection::LongerThanBuffer:
      return "longer_than_buffer";
    case OnlinePlateRejection::ShorterThanFrame:
      return "shorter_than_frame";
  }
  return "unknown";
}

/// Force-plate foot strikes and foot offs, online, with the rules of events::from_force_plates.
///
/// Contacts: per plate, a run of analog samples whose vertical force (force . up) exceeds
/// options.threshold_n, lasting at least options.min_contact_s; frames of samples
/// round(sample x point rate / analog rate) (analog rate = point rate x samples_per_frame).
///
/// Foot strike: reported once the run has lasted min_contact_s (so that a noise spike, which
/// offline ignores, reports nothing), with the side of the foot nearest the centre of pressure
/// (events::detail::hull_distance to the convex hull of its markers on the floor) at the first
/// point frame of the contact where the plate has a centre of pressure and both feet have
/// markers; a strike not observed (force above the threshold at the first sample pushed or
/// after a NaN) is not reported.
///
/// Foot off: reported at the run's end (the first sample at or below the threshold) after the
/// offline decision on the whole contact (the same per-frame distances and the same median,
/// thirds, both-feet and distance rules, events::detail functions): an accepted contact whose
/// side is the strike's reports its off; otherwise nothing and rejections() counts the reason.
///
/// Differences from the offline result: a strike is reported before the contact is judged, so
/// a contact offline rejects (both feet, no foot near the centre of pressure, missing markers,
/// no centre of pressure, side changed) has a strike online and no off: pair strikes with
/// offs (events::stance_windows does) to get the offline stances. A contact still loaded at
/// the last push, or longer than max_contact_s, gives no off (offline, an off clamped to the
/// last frame is not observed anyway). An off whose nearest frame is the next one is reported
/// by the next push.
///
/// Delay: offs 0 frames; strikes at most delay_bound_frames() (the min_contact_s confirmation,
/// when the first frame of the contact has a centre of pressure and both feet's markers).
class OnlinePlates {
 public:
  /// Plate corners as events::PlateView::corners_m (lab frame [m], one corner per row).
  using Corners = Eigen::Matrix<double, 4, 3, Eigen::RowMajor>;
  /// Most markers per foot (the hulls are fixed-size arrays).
  static constexpr int kMaxFootMarkers = 8;
  /// Most analog samples per point frame accepted (one push's samples are read in a loop).
  static constexpr int kMaxSamplesPerFrame = 10000;
  /// Most events one push can report: per plate, one deferred off, one strike, one off.
  int max_events_per_push() const noexcept { return 3 * n_plates(); }

  /// \param[in] point_rate_hz marker (point frame) rate [Hz], > 0
  /// \param[in] samples_per_frame analog samples per point frame (analog rate / point rate), 1
  ///            to kMaxSamplesPerFrame
  /// \param[in] plate_corners_m the four corners of each plate, lab frame [m]; at least one plate
  /// \param[in] lab_axes the lab's up axis (vertical force, heights) and horizontal plane
  /// \param[in] options threshold, durations, distances, foot marker names (their counts fix
  ///            the points push() takes; at most kMaxFootMarkers per foot)
  /// \param[in] max_contact_s longest contact whose off can be reported [s], > 0 (sizes the
  ///            per-contact buffers); options.min_contact_s must not exceed it (such a
  ///            strike could never be confirmed)
  /// \throws InvalidArgument naming 'point_rate_hz', 'samples_per_frame', 'plate_corners_m'
  ///         (none, or non-finite), 'max_contact_s', 'min_contact_s' (> max_contact_s), or the
  ///         option ('threshold_n', 'min_contact_s', 'max_cop_distance_m', 'foot_height_max_m',
  ///         'plate_margin_m', 'left_foot', 'right_foot') as from_force_plates does.
  OnlinePlates(double point_rate_hz, int samples_per_frame, std::vector<Corners> plate_corners_m,
               const LabAxes& lab_axes, const events::ForcePlateEventOptions& options = {},
               double max_contact_s = 3.0);

  /// One point frame of plate samples and foot markers in; the events it completes out (in
  /// frame order).
  /// \param[in] frame 0-based frame index: 0 first, then each push the previous one + 1
  /// \param[in] time_s time of the frame [s] (StreamEvent::time_s of events at this frame)
  /// \param[in] plate_samples samples_per_frame x n_plates x 6 doubles: for analog sample j of
  ///            the frame (sample frame x samples_per_frame + j) and plate k, at
  ///            (j x n_plates + k) x 6: force on the body xyz [N] then centre of pressure xyz
  ///            [m], lab frame; NaN = missing. nullptr = every sample missing (NaN).
  /// \param[in] foot_points_m options.left_foot.size() + options.right_foot.size() points,
  ///            the left foot's markers then the right foot's in the options' order, lab frame
  ///            [m]; NaN = missing
  /// \param[out] out room for `capacity` events
  /// \param[in] capacity size of `out`, >= max_events_per_push()
  /// \return the number of events written (EventSource::Plates, plate = 0-based index)
  /// \throws InvalidArgument naming 'frame' (not the next frame), 'foot_points_m' (nullptr)
  ///         or 'capacity' (too small), before anything changes.
  int push(std::int64_t frame, double time_s, const double* plate_samples,
           const Eigen::Vector3d* foot_points_m, StreamEvent* out, int capacity);

  int n_plates() const noexcept { return static_cast<int>(plates_.size()); }
  int samples_per_frame() const noexcept { return spf_; }
  /// Number of foot marker points push() reads per side.
  int n_foot_markers(Side side) const noexcept { return n_foot_[side == Side::Left ? 0 : 1]; }
  /// Bound on detected_frame - frame of reported events [frames] (strike confirmation).
  std::int64_t delay_bound_frames() const noexcept { return delay_bound_; }
  /// Every event with a frame below this has been reported (pending strikes, deferred offs,
  /// else the next frame).
  std::int64_t complete_before() const noexcept;
  /// Contacts that reported no off, by reason.
  std::int64_t rejections(OnlinePlateRejection reason) const noexcept {
    return rejections_[static_cast<std::size_t>(reason)];
  }
  /// Contacts whose strike and off were both reported.
  std::int64_t n_accepted() const noexcept { return n_accepted_; }
  /// Whether the contact of plate `plate` whose strike was reported at `strike_frame` can
  /// still report its foot off (loaded, or its off deferred to the next push). False once the
  /// contact ended: its off was reported, or it was rejected (no off ever; PigSession then no
  /// longer counts that strike as the foot's previous event).
  bool contact_open(int plate, std::int64_t strike_frame) const noexcept;
  /// Back to the state after construction (frame 0 next).
  void reset() noexcept;

 private:
  /// One plate's run state and the per-frame distances of its current contact.
  struct Plate {
    Corners corners_m;
    std::array<events::detail::Point2, 8> outline{};  ///< plate outline hull
    int n_outline = 0;
    double surface_m = 0.0;                                       ///< mean height of the corners
    double prev_fz_n = std::numeric_limits<double>::quiet_NaN();  ///< last sample's force . up
    bool in_run = false;
    bool strike_seen = false;  ///< the sample before the run was finite, at or below
    bool strike_reported = false;
    bool side_known = false;  ///< strike side decided
    Side strike_side = Side::Left;
    std::int64_t begin_sample = 0;  ///< first sample of the run
    std::int64_t n_samples = 0;     ///< samples of the run so far
    std::int64_t f0 = 0;            ///< first point frame of the contact (offline f0)
    std::int64_t n_stored = 0;      ///< frames f0, f0 + 1, ... stored
    bool overflow = false;          ///< more frames than max_contact_s
    bool any_cop = false;
    std::array<std::vector<double>, 2> dist_m;           ///< per frame, per foot
    std::array<std::vector<unsigned char>, 2> on_plate;  ///< per frame, per foot
    bool off_deferred = false;  ///< an off waiting for the push of its frame
    StreamEvent deferred;
  };
  double point_rate_hz_;
  int spf_;
  double r_;  ///< frames per sample: point rate / analog rate
  events::ForcePlateEventOptions options_;
  events::detail::Horizontal horizontal_;
  std::array<int, 2> n_foot_{};
  std::int64_t max_contact_frames_ = 0;
  std::int64_t confirm_samples_ = 1;
  std::int64_t delay_bound_ = 0;
  std::int64_t next_frame_ = 0;
  std::int64_t n_accepted_ = 0;
  std::array<std::int64_t, kOnlinePlateRejectionCount> rejections_{};
  std::vector<Plate> plates_;
  std::vector<double> scratch_;  ///< median work space (sized once)
  std::vector<double> times_;    ///< ring of recent frame times (sized once)
  std::array<events::detail::Point2, kMaxFootMarkers> work_{};
  std::array<std::array<events::detail::Point2, 2 * kMaxFootMarkers>, 2> hull_{};
  std::array<std::size_t, 2> n_hull_{};
  std::array<double, 2> lowest_m_{};
  double time_of(std::int64_t frame) const noexcept;
  void store_frame(Plate& plate, std::int64_t frame, const double* cop_m);
  void finish_contact(Plate& plate, int index, std::int64_t end_sample, bool off_seen,
                      std::int64_t frame, StreamEvent* out, int& n);
};

}  // namespace hipmech::stream
