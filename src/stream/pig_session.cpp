// The compiled definitions of <hipmech/stream/pig_session.hpp> (declared and documented there).
#include "hipmech/stream/pig_session.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>

#include "frame_input.hpp"
#include "hipmech/core/check.hpp"
#include "hipmech/core/detail/text.hpp"
#include "hipmech/io/markers.hpp"
#include "hipmech/model/joint_angles.hpp"
#include "hipmech/pelvis/conventions.hpp"
#include "hipmech/pelvis/pelvis_angles.hpp"
#include "hipmech/stream/online_events.hpp"
#include "hipmech/stream/stance_tracker.hpp"

namespace hipmech::stream {

namespace {

constexpr std::array<Side, 2> kSides{Side::Left, Side::Right};

/// Row of `name` in `names`, -1 if absent.
int row_of(const std::vector<std::string>& names, std::string_view name) {
  for (std::size_t r = 0; r < names.size(); ++r) {
    if (names[r] == name) return static_cast<int>(r);
  }
  return -1;
}

std::string format_ms(double seconds) {
  return hipmech::detail::significant_digits(seconds * 1e3, 3) + " ms";
}

}  // namespace

/// The online events (from the raw markers and plates) and the stance tracker (from the
/// frame's, possibly filtered, angles). All buffers sized by the constructor.
struct PigSession::Events {
  std::optional<OnlineZeni> zeni;
  std::optional<OnlinePlates> plates;
  std::optional<StanceTracker> tracker;
  // EventSource::Kinematics: rows of the sacrum markers (their mean, as events::mean_marker),
  // of the heels and toes [left, right].
  std::vector<int> sacrum_rows;
  std::array<int, 2> heel_rows{}, toe_rows{};
  // EventSource::Plates: rows of the left foot's markers then the right foot's.
  std::vector<int> foot_rows;
  std::vector<Eigen::Vector3d> foot_points;
  std::vector<StreamEvent> found;  // one push's events
  std::int64_t delay_bound_frames = 0;
  // StanceTracker's open-swing rule: run on (kinematics) or wait W frames (plates).
  std::int64_t open_swing_wait_frames = StanceTracker::kOpenSwingRunsOn;
  std::int64_t n_events_not_reported = 0;  // beyond kMaxEventsPerFrame in one frame
  std::int64_t n_out_of_sequence = 0;      // left out by in_sequence()
  // Force plates: per plate, the strike given to the tracker whose contact has not ended yet.
  std::vector<std::optional<StreamEvent>> open_strike;

  /// A plate event seen (before the sequence rule): an off ends its plate's contact.
  void note_plate_off(const StreamEvent& e) noexcept {
    if (plates && e.kind == events::EventKind::FootOff && e.plate >= 0 &&
        e.plate < static_cast<int>(open_strike.size())) {
      open_strike[static_cast<std::size_t>(e.plate)].reset();
    }
  }

  /// A contact that ended without an off (rejected: offline it has no events) takes its strike
  /// back from the tracker, so that it does not end the other foot's swing there.
  void retract_rejected(int plate) noexcept {
    std::optional<StreamEvent>& s = open_strike[static_cast<std::size_t>(plate)];
    if (s && !plates->contact_open(plate, s->frame)) {
      tracker->retract(*s);
      s.reset();
    }
  }

  /// An accepted plate strike (given to the tracker after this call).
  void note_plate_strike(const StreamEvent& e) noexcept {
    if (!plates || e.kind != events::EventKind::FootStrike || e.plate < 0 ||
        e.plate >= static_cast<int>(open_strike.size())) {
      return;
    }
    retract_rejected(e.plate);  // a previous contact of the plate that ended without an off
    open_strike[static_cast<std::size_t>(e.plate)] = e;
  }
  // Per foot, the most recent accepted events, sorted by frame (the sequence rule's memory).
  static constexpr int kKept = 4;
  std::array<std::array<StreamEvent, kKept>, 2> kept{};
  std::array<int, 2> n_kept{};

  /// The offline report's sequence rule (events::merge_events for one source): per foot,
  /// events alternate strike and off; an event of the same kind as the previous accepted one
  /// of that foot (by frame) is left out. Online: an event arriving after a later one of the
  /// same kind was accepted is left out too (that one is reported already); with force
  /// plates, a strike whose contact ended without an off (rejected) is forgotten first
  /// (offline that contact has no events). Accepted events are remembered.
  bool in_sequence(const StreamEvent& e) noexcept {
    const std::size_t i = e.side == Side::Left ? 0 : 1;
    std::array<StreamEvent, kKept>& k = kept[i];
    int& n = n_kept[i];
    auto before = [](const StreamEvent& a, const StreamEvent& b) {
      if (a.frame != b.frame) return a.frame < b.frame;
      return static_cast<int>(a.kind) < static_cast<int>(b.kind);
    };
    for (;;) {
      int at = n;
      while (at > 0 && before(e, k[static_cast<std::size_t>(at - 1)])) --at;
      if (at > 0) {
        const StreamEvent& prev = k[static_cast<std::size_t>(at - 1)];
        if (prev.kind == e.kind) {
          if (plates && prev.kind == events::EventKind::FootStrike &&
              !plates->contact_open(prev.plate, prev.frame)) {
            // A rejected contact's strike: forget it, then look again.
            std::move(k.begin() + at, k.begin() + n, k.begin() + at - 1);
            --n;
            continue;
          }
          ++n_out_of_sequence;
          return false;
        }
      }
      if (at < n && k[static_cast<std::size_t>(at)].kind == e.kind) {
        ++n_out_of_sequence;
        return false;
      }
      if (n == kKept) {            // forget the oldest
        if (at == 0) return true;  // older than everything kept: nothing to compare with later
        std::move(k.begin() + 1, k.begin() + n, k.begin());
        --n;
        --at;
      }
      std::move_backward(k.begin() + at, k.begin() + n, k.begin() + n + 1);
      k[static_cast<std::size_t>(at)] = e;
      ++n;
      return true;
    }
  }

  Eigen::Vector3d point(const double* xyz, int row) const {
    return Eigen::Map<const Eigen::Vector3d>(xyz + 3 * static_cast<std::size_t>(row));
  }

  /// The events of frame f from the raw markers (and plates) into `found`; returns how many.
  int detect(std::int64_t f, double t, const double* xyz, const double* plate_values) {
    if (zeni) {
      // The sacrum as events::mean_marker: the sum of the markers, then / count.
      Eigen::Vector3d sacrum = point(xyz, sacrum_rows.front());
      for (std::size_t k = 1; k < sacrum_rows.size(); ++k) sacrum += point(xyz, sacrum_rows[k]);
      sacrum = sacrum / static_cast<double>(sacrum_rows.size());
      const std::array<Eigen::Vector3d, 2> heel{point(xyz, heel_rows[0]), point(xyz, heel_rows[1])};
      const std::array<Eigen::Vector3d, 2> toe{point(xyz, toe_rows[0]), point(xyz, toe_rows[1])};
      return zeni->push(f, t, sacrum, heel, toe, found.data(), static_cast<int>(found.size()));
    }
    for (std::size_t k = 0; k < foot_rows.size(); ++k) foot_points[k] = point(xyz, foot_rows[k]);
    return plates->push(f, t, plate_values, foot_points.data(), found.data(),
                        static_cast<int>(found.size()));
  }

  std::int64_t complete_before() const noexcept {
    return zeni ? zeni->complete_before() : plates->complete_before();
  }
};

PigSession::PigSession(PigSessionOptions options) : options_(std::move(options)) {
  const PigSessionOptions& o = options_;
  HIPMECH_CHECK_ARG(std::isfinite(o.point_rate_hz) && o.point_rate_hz > 0.0, "point_rate_hz",
                    "a finite marker rate > 0 Hz", o.point_rate_hz);
  // Marker names: unique, and those plug_in_gait needs (its own check and message).
  const std::vector<std::string>& names = o.marker_names;
  frame_input::check_unique_names(names, "marker_names", "unique marker names");
  model::PigOptions model_options;
  model_options.pelvis_rear = o.pelvis_rear;
  model_options.feet = false;  // pelvis, thighs and shanks are all the angles need
  {
    static const double kNoFrames[3] = {0.0, 0.0, 0.0};
    io::Markers available;
    for (const std::string& n : names) available.add(n, kNoFrames, 0);
    std::vector<std::string> needed;
    std::vector<std::vector<std::string_view>> alternatives;
    model::detail::pig_markers(model_options, needed, alternatives);
    available.require(std::vector<std::string_view>(needed.begin(), needed.end()), alternatives,
                      "marker_names");
  }
  rear_ = o.pelvis_rear;
  if (rear_ == model::PelvisRear::Auto) {
    rear_ = row_of(names, "SACR") >= 0 ? model::PelvisRear::Sacrum : model::PelvisRear::Psis;
    notes_.push_back(rear_ == model::PelvisRear::Sacrum
                         ? "Pelvis rear: SACR (pelvis_rear auto, SACR among the markers)."
                         : "Pelvis rear: the mid-point of LPSI and RPSI (pelvis_rear auto, no "
                           "SACR among the markers).");
  }
  used_rows_ = {row_of(names, "LASI"), row_of(names, "RASI")};
  if (rear_ == model::PelvisRear::Sacrum) {
    used_rows_.push_back(row_of(names, "SACR"));
  } else {
    used_rows_.push_back(row_of(names, "LPSI"));
    used_rows_.push_back(row_of(names, "RPSI"));
  }
  for (Side s : kSides) {
    for (const char* m : {"THI", "KNE", "TIB", "ANK"}) {
      used_rows_.push_back(row_of(names, io::side_marker(s, m)));
    }
  }

  // Parameters: plug_in_gait's check and completion; the inter-ASIS distance must be given.
  std::vector<std::string> model_notes;
  parameters_ = model::detail::checked_parameters(o.parameters, model_notes);
  HIPMECH_CHECK_ARG(std::isfinite(parameters_.inter_asis_distance_m), "inter_asis_distance_m",
                    "a measured inter-ASIS distance in m (a live session cannot average a trial "
                    "as plug_in_gait does: measure it on the static trial, "
                    "model::plug_in_gait_static / hipmech.model.plug_in_gait_static fills it)",
                    "NaN (not given)");
  notes_.insert(notes_.begin(), model_notes.begin(), model_notes.end());
  notes_.insert(notes_.begin(), parameters_.notes.begin(), parameters_.notes.end());
  for (Side s : kSides) {
    side_[model::detail::index(s)] = model::detail::pig_side_constants(parameters_, s);
  }
  pelvis_axes_ = geometry::detail::frame_axes(geometry::Axis::Z, geometry::Axis::X);
  HIPMECH_CHECK_ARG(o.progression.R_lab_progression.allFinite(), "progression",
                    "a finite progression frame", "a matrix holding NaN or infinity");
  R_progression_lab_ = o.progression.R_lab_progression.transpose();

  forward_unit_ = unit_vector(o.progression.forward);
  missing_markers_.assign(3 * names.size(), std::numeric_limits<double>::quiet_NaN());
  const std::size_t n_used = 3 * used_rows_.size();
  used_raw_.assign(n_used, 0.0);
  if (o.cutoff_hz) {
    HIPMECH_CHECK_ARG(o.filter_order >= 1 && o.filter_order <= 8, "filter_order",
                      "a Butterworth order from 1 to 8", o.filter_order);
    filter_.emplace(static_cast<int>(n_used), o.point_rate_hz, *o.cutoff_hz, o.filter_order);
    used_filtered_.assign(n_used, 0.0);
    filter_delay_frames_ = static_cast<int>(std::lround(filter_->delay_s() * o.point_rate_hz));
    notes_.push_back(
        "Markers filtered causally (Butterworth order " + std::to_string(o.filter_order) + ", " +
        hipmech::detail::significant_digits(*o.cutoff_hz, 4) +
        " Hz, scipy lfilter): the angles lag by about " + format_ms(filter_->delay_s()) + " (" +
        std::to_string(filter_delay_frames_) + " frames).");
  }
  HIPMECH_CHECK_ARG(
      o.samples_per_frame >= 1 && o.samples_per_frame <= OnlinePlates::kMaxSamplesPerFrame,
      "samples_per_frame", "1 to 10000 plate samples per point frame", o.samples_per_frame);
  HIPMECH_CHECK_ARG(
      std::isfinite(o.max_stance_s) && o.max_stance_s > 0.0 &&
          o.max_stance_s * o.point_rate_hz < static_cast<double>(StanceTracker::kMaxBoundFrames),
      "max_stance_s", "a finite duration > 0 s, under 1e7 frames at point_rate_hz", o.max_stance_s);
  if (o.events != EventSource::None) set_up_events();
}

void PigSession::set_up_events() {
  const PigSessionOptions& o = options_;
  const std::vector<std::string>& names = o.marker_names;
  static const double kNoFrames[3] = {0.0, 0.0, 0.0};
  io::Markers available;
  for (const std::string& n : names) available.add(n, kNoFrames, 0);
  events_ = std::make_unique<Events>();
  Events& ev = *events_;
  const double rate = o.point_rate_hz;
  if (o.events == EventSource::Kinematics) {
    // The markers of events::from_kinematics: heels, toes and the sacrum (SACR when named,
    // otherwise the mean of LPSI and RPSI, unless zeni.sacrum lists them).
    const events::ZeniOptions& z = o.zeni;
    std::vector<std::string> sacrum = z.sacrum;
    if (sacrum.empty()) {
      sacrum = available.has("SACR") ? std::vector<std::string>{"SACR"}
                                     : std::vector<std::string>{"LPSI", "RPSI"};
    }
    std::vector<std::string> needed{z.left_heel, z.left_toe, z.right_heel, z.right_toe};
    needed.insert(needed.end(), sacrum.begin(), sacrum.end());
    available.require(needed, "marker_names");
    for (const std::string& n : sacrum) ev.sacrum_rows.push_back(row_of(names, n));
    ev.heel_rows = {row_of(names, z.left_heel), row_of(names, z.right_heel)};
    ev.toe_rows = {row_of(names, z.left_toe), row_of(names, z.right_toe)};
    ev.zeni.emplace(rate, unit_vector(o.progression.forward), z.min_separation_s);
    ev.delay_bound_frames = ev.zeni->delay_bound_frames();
    ev.found.resize(OnlineZeni::kMaxEventsPerPush);
    notes_.push_back(
        "Events: Zeni et al. (2008) online from the unfiltered heel, toe and sacrum markers "
        "along the progression " +
        std::string(to_string(o.progression.forward)) + "; reported at most " +
        std::to_string(ev.delay_bound_frames) + " frames (" +
        format_ms(static_cast<double>(ev.delay_bound_frames) / rate) + ") after they happen.");
  } else {
    HIPMECH_CHECK_ARG(!o.plate_corners.empty(), "plate_corners",
                      "the corners of at least one force plate (events 'plates')", "no plate");
    const events::ForcePlateEventOptions& po = o.plate_options;
    std::vector<std::string> needed = po.left_foot;
    needed.insert(needed.end(), po.right_foot.begin(), po.right_foot.end());
    available.require(needed, "marker_names");
    for (const std::string& n : needed) ev.foot_rows.push_back(row_of(names, n));
    ev.foot_points.assign(ev.foot_rows.size(), Eigen::Vector3d::Zero());
    ev.plates.emplace(rate, o.samples_per_frame, o.plate_corners, o.progression.axes, po,
                      o.max_stance_s);
    ev.delay_bound_frames = ev.plates->delay_bound_frames();
    ev.open_strike.assign(o.plate_corners.size(), std::nullopt);
    HIPMECH_CHECK_ARG(std::isfinite(o.open_swing_wait_s) && o.open_swing_wait_s >= 0.0 &&
                          o.open_swing_wait_s <= 100.0,
                      "open_swing_wait_s", "a finite wait from 0 to 100 s", o.open_swing_wait_s);
    ev.open_swing_wait_frames =
        static_cast<std::int64_t>(std::ceil(o.open_swing_wait_s * rate - 1e-9));
    ev.found.resize(static_cast<std::size_t>(ev.plates->max_events_per_push()));
    notes_.push_back(
        "Events: force-plate threshold " + hipmech::detail::significant_digits(po.threshold_n, 4) +
        " N online from the unfiltered plates and foot markers; reported at most " +
        std::to_string(ev.delay_bound_frames) + " frames (" +
        format_ms(static_cast<double>(ev.delay_bound_frames) / rate) + ") after they happen.");
    notes_.push_back(
        "Stance summaries: when the other foot is in the air at a foot off, its next strike is "
        "waited for up to " +
        std::to_string(ev.open_swing_wait_frames) + " frames (" +
        format_ms(static_cast<double>(ev.open_swing_wait_frames) / rate) +
        ", open_swing_wait_s); not seen on a plate by then, the stance has no single support "
        "(as offline).");
  }
  ev.tracker.emplace(rate, o.max_stance_s, filter_delay_frames_, ev.delay_bound_frames,
                     ev.open_swing_wait_frames);
  if (filter_delay_frames_ > 0) {
    notes_.push_back(
        "Stance summaries: each stance [strike, off) is evaluated on the angles of "
        "frames [strike + " +
        std::to_string(filter_delay_frames_) + ", off + " + std::to_string(filter_delay_frames_) +
        ") to follow the filter's lag (StanceTracker delay_frames).");
  }
}

PigSession::~PigSession() = default;
PigSession::PigSession(PigSession&&) noexcept = default;
PigSession& PigSession::operator=(PigSession&&) noexcept = default;

std::size_t PigSession::n_plate_values() const noexcept {
  return options_.events == EventSource::Plates
             ? static_cast<std::size_t>(options_.samples_per_frame) *
                   options_.plate_corners.size() * 6
             : 0;
}

void PigSession::close() noexcept {
  if (closed_) return;
  closed_ = true;
  if (!events_ || n_frames_ == 0) return;
  Events& ev = *events_;
  try {
    const int n_found =
        ev.zeni ? ev.zeni->flush(ev.found.data(), static_cast<int>(ev.found.size())) : 0;
    for (int k = 0; k < n_found; ++k) {
      const StreamEvent& e = ev.found[static_cast<std::size_t>(k)];
      if (!ev.in_sequence(e)) continue;
      if (closing_.n_events < kMaxEventsPerFrame) {
        closing_.events[static_cast<std::size_t>(closing_.n_events++)] = e;
      }
      closing_.n_stances += ev.tracker->on_event(e, closing_.stances.data() + closing_.n_stances,
                                                 kMaxStancesPerFrame - closing_.n_stances);
    }
  } catch (...) {
    // flush and on_event throw only for a capacity the session sized itself.
  }
  // The summaries still waiting (an open swing, the watermark): released with the events
  // known now when their frames are in, otherwise dropped (counted).
  closing_.n_stances +=
      ev.tracker->finish(closing_.stances.data() + closing_.n_stances,
                         kMaxStancesPerFrame - closing_.n_stances, n_dropped_at_close_);
}

double PigSession::filter_delay_s() const noexcept {
  return filter_ ? filter_->delay_s() : 0.0;
}

double PigSession::event_delay_bound_s() const noexcept {
  return events_ ? static_cast<double>(events_->delay_bound_frames) / options_.point_rate_hz : 0.0;
}

std::int64_t PigSession::open_swing_wait_frames() const noexcept {
  return events_ ? events_->open_swing_wait_frames : StanceTracker::kOpenSwingRunsOn;
}

double PigSession::summary_delay_bound_s() const noexcept {
  const double wait = static_cast<double>(std::max<std::int64_t>(0, open_swing_wait_frames()));
  return filter_delay_s() + event_delay_bound_s() + wait / options_.point_rate_hz;
}

std::int64_t PigSession::n_events_not_reported() const noexcept {
  return events_ ? events_->n_events_not_reported : 0;
}

std::int64_t PigSession::n_events_out_of_sequence() const noexcept {
  return events_ ? events_->n_out_of_sequence : 0;
}

void PigSession::track(std::int64_t f, double t, const double* markers_xyz, const double* plates) {
  Events& ev = *events_;
  FrameReports& r = frame_.reports;
  const int n_found = ev.detect(f, t, markers_xyz, plates);
  for (int k = 0; k < n_found; ++k) {
    const StreamEvent& e = ev.found[static_cast<std::size_t>(k)];
    ev.note_plate_off(e);
    if (!ev.in_sequence(e)) continue;  // the offline report's sequence rule
    if (r.n_events < kMaxEventsPerFrame) {
      r.events[static_cast<std::size_t>(r.n_events++)] = e;
    } else {
      ++ev.n_events_not_reported;
    }
    ev.note_plate_strike(e);
    r.n_stances +=
        ev.tracker->on_event(e, r.stances.data() + r.n_stances, kMaxStancesPerFrame - r.n_stances);
  }
  // Force plates: strikes whose contact was rejected at this push are taken back.
  for (int p = 0; p < static_cast<int>(ev.open_strike.size()); ++p) ev.retract_rejected(p);
  r.n_stances += ev.tracker->push_values(
      f, t, frame_.pelvic_obliquity_rad, frame_.knee_valgus_rad, frame_.hip_adduction_rad,
      ev.complete_before(), r.stances.data() + r.n_stances, kMaxStancesPerFrame - r.n_stances);
}

void PigSession::compute_angles(const double* m) noexcept {
  // Rows of `m`: LASI, RASI, then SACR or LPSI RPSI, then per side THI KNE TIB ANK.
  const auto point = [m](std::size_t r) { return Eigen::Map<const Eigen::Vector3d>(m + 3 * r); };
  const std::size_t n_rear = rear_ == model::PelvisRear::Sacrum ? 1 : 2;
  // The rear point as model::detail::pelvis_rear: SACR, or midpoint(LPSI, RPSI).
  const Eigen::Vector3d back =
      n_rear == 1 ? Eigen::Vector3d(point(2)) : Eigen::Vector3d(0.5 * (point(2) + point(3)));
  geometry::Matrix3r R_pelvis;
  Eigen::Vector3d origin;
  model::detail::pelvis_one(point(0), point(1), back, pelvis_axes_, R_pelvis.data(), origin.data());
  // Heading check: the pelvis' anterior axis (X) against the direction of walking (forward is
  // horizontal, so the dot product is that of X's horizontal projection).
  const double heading = R_pelvis.col(0).dot(forward_unit_);
  if (std::isfinite(heading)) {
    ++n_pelvis_valid_;
    if (heading < 0.0) ++n_against_;
  }
  // Pelvis angles: Baker (2001) relative to the progression frame, per side's column map.
  constexpr geometry::CardanSequence kBaker = pelvis::sequence_of(pelvis::PelvisConvention::Baker);
  double raw[3];
  pelvis::detail::reference_raw_one(R_pelvis.data(), R_progression_lab_, geometry::axes_of(kBaker),
                                    raw);
  for (Side s : kSides) {
    const std::size_t i = model::detail::index(s);
    double pa[3];
    pelvis::detail::apply_column_map(pelvis::column_map(pelvis::PelvisConvention::Baker, s), raw,
                                     pa);
    if (s == Side::Left) frame_.pelvic_tilt_rad = pa[0];  // the same on both sides
    frame_.pelvic_obliquity_rad[i] = pa[1];
    frame_.pelvic_rotation_rad[i] = pa[2];

    const std::size_t r0 = 2 + n_rear + 4 * i;
    model::detail::PigLegFrame leg;
    model::detail::pig_leg_one(side_[i], s, origin.data(), R_pelvis.data(), point(r0),
                               point(r0 + 1), point(r0 + 2), point(r0 + 3), leg);
    double hip[3], knee[3];
    model::detail::joint_angles_one(R_pelvis.data(), leg.R_lab_thigh.data(), s, model::Joint::Hip,
                                    hip);
    model::detail::joint_angles_one(leg.R_lab_thigh.data(), leg.R_lab_shank.data(), s,
                                    model::Joint::Knee, knee);
    frame_.hip_flexion_rad[i] = hip[0];
    frame_.hip_adduction_rad[i] = hip[1];
    frame_.hip_rotation_rad[i] = hip[2];
    frame_.knee_flexion_rad[i] = knee[0];
    frame_.knee_valgus_rad[i] = -knee[1];  // knee::KneeAngles::valgus_rad
    frame_.knee_rotation_rad[i] = knee[2];
  }
}

void PigSession::process(std::int64_t f, double t, const double* markers_xyz,
                         const double* plates) {
  frame_.frame = f;
  frame_.time_s = t;
  for (std::size_t k = 0; k < used_rows_.size(); ++k) {
    const double* src = markers_xyz + 3 * static_cast<std::size_t>(used_rows_[k]);
    used_raw_[3 * k] = src[0];
    used_raw_[3 * k + 1] = src[1];
    used_raw_[3 * k + 2] = src[2];
  }
  if (filter_) {
    filter_->step(used_raw_.data(), used_filtered_.data());
    compute_angles(used_filtered_.data());
  } else {
    compute_angles(used_raw_.data());
  }
  if (events_) track(f, t, markers_xyz, plates);
}

const PigFrame& PigSession::push(const double* markers_xyz, std::size_t n_values, double time_s,
                                 const double* plates, std::size_t n_plate_values) {
  frame_input::check_session_open(!used_rows_.empty(), closed_);
  frame_input::check_point_values(
      {"markers", "marker", 3, "finite coordinates in m or NaN (missing)", true},
      options_.marker_names, markers_xyz, n_values);
  const std::size_t expected_plates = this->n_plate_values();
  const bool no_plates = plates == nullptr && n_plate_values == 0;
  if (!(n_plate_values == expected_plates && (plates != nullptr || expected_plates == 0)) &&
      !(no_plates && options_.events == EventSource::Plates)) {
    hipmech::detail::throw_invalid_argument(
        "plates",
        expected_plates == 0
            ? std::string("no plate values (the session's events are not 'plates')")
            : std::to_string(expected_plates) +
                  " values (samples_per_frame x n_plates x 6), or none (all missing)",
        std::to_string(n_plate_values) + " values");
  }
  for (std::size_t v = 0; plates != nullptr && v < n_plate_values; ++v) {
    if (std::isinf(plates[v])) {
      hipmech::detail::throw_invalid_argument(
          "plates", "finite forces [N] and centres of pressure [m], or NaN (missing)",
          hipmech::detail::to_message(plates[v]) + " at value " + std::to_string(v));
    }
  }
  const std::int64_t f = n_frames_;
  const double t = frame_input::checked_time_s(time_s, f, options_.point_rate_hz, last_time_s_);
  // A time gap (a step longer than 1.5 frame periods): dropped frames, filled as missing.
  std::int64_t n_fill = 0;
  if (f > 0 && !std::isnan(time_s)) {
    const double step_s = t - last_time_s_;
    if (step_s * options_.point_rate_hz > 1.5) {
      if (step_s > options_.max_stance_s) {
        hipmech::detail::throw_invalid_argument(
            "time_s",
            "a gap after the previous frame's " + hipmech::detail::to_message(last_time_s_) +
                " s of at most max_stance_s = " +
                hipmech::detail::to_message(options_.max_stance_s) +
                " s (for a longer interruption, start a new session)",
            hipmech::detail::to_message(t) + " s");
      }
      n_fill = std::llround(step_s * options_.point_rate_hz) - 1;
    }
  }
  // Inputs valid: the frame is accepted.
  frame_.reports.n_events = 0;
  frame_.reports.n_stances = 0;
  const double fill_step_s = (t - last_time_s_) / static_cast<double>(n_fill + 1);
  for (std::int64_t k = 1; k <= n_fill; ++k) {
    process(f + k - 1, last_time_s_ + static_cast<double>(k) * fill_step_s, missing_markers_.data(),
            nullptr);
  }
  n_filled_ += n_fill;
  process(f + n_fill, t, markers_xyz, plates);
  last_time_s_ = t;
  n_frames_ += n_fill + 1;
  return frame_;
}

}  // namespace hipmech::stream
