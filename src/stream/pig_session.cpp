// The compiled definitions of <hipmech/stream/pig_session.hpp> (declared and documented there).
#include "hipmech/stream/pig_session.hpp"

#include <cmath>
#include <limits>
#include <string_view>
#include <utility>

#include "hipmech/core/check.hpp"
#include "hipmech/core/detail/text.hpp"
#include "hipmech/io/markers.hpp"
#include "hipmech/model/joint_angles.hpp"
#include "hipmech/pelvis/conventions.hpp"
#include "hipmech/pelvis/pelvis_angles.hpp"

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

struct PigSession::Events {};

PigSession::PigSession(PigSessionOptions options) : options_(std::move(options)) {
  const PigSessionOptions& o = options_;
  HIPMECH_CHECK_ARG(std::isfinite(o.point_rate_hz) && o.point_rate_hz > 0.0, "point_rate_hz",
                    "a finite marker rate > 0 Hz", o.point_rate_hz);
  // Marker names: unique, and those plug_in_gait needs (its own check and message).
  const std::vector<std::string>& names = o.marker_names;
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = i + 1; j < names.size(); ++j) {
      HIPMECH_CHECK_ARG(names[i] != names[j], "marker_names", "unique marker names",
                        "'" + names[i] + "' twice (rows " + std::to_string(i) + " and " +
                            std::to_string(j) + ")");
    }
  }
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

  const std::size_t n_used = 3 * used_rows_.size();
  used_raw_.assign(n_used, 0.0);
  if (o.cutoff_hz) {
    HIPMECH_CHECK_ARG(o.filter_order >= 1 && o.filter_order <= 8, "filter_order",
                      "a Butterworth order from 1 to 8", o.filter_order);
    filter_.emplace(static_cast<int>(n_used), o.point_rate_hz, *o.cutoff_hz, o.filter_order);
    used_filtered_.assign(n_used, 0.0);
    filter_delay_frames_ = static_cast<int>(std::lround(filter_->delay_s() * o.point_rate_hz));
    notes_.push_back("Markers filtered causally (Butterworth order " +
                     std::to_string(o.filter_order) + ", " +
                     hipmech::detail::significant_digits(*o.cutoff_hz, 4) +
                     " Hz, scipy lfilter): the angles lag by about " +
                     format_ms(filter_->delay_s()) + " (" + std::to_string(filter_delay_frames_) +
                     " frames).");
  }
  HIPMECH_CHECK_ARG(o.samples_per_frame >= 1, "samples_per_frame",
                    "at least 1 plate sample per point frame", o.samples_per_frame);
  HIPMECH_CHECK_ARG(std::isfinite(o.max_stance_s) && o.max_stance_s > 0.0, "max_stance_s",
                    "a finite duration > 0 s", o.max_stance_s);
  HIPMECH_CHECK_ARG(o.events == EventSource::None, "events",
                    "'none' (online events are not wired yet)", std::string(to_string(o.events)));
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

double PigSession::filter_delay_s() const noexcept {
  return filter_ ? filter_->delay_s() : 0.0;
}

double PigSession::event_delay_bound_s() const noexcept {
  return 0.0;
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
  model::detail::pelvis_one(point(0), point(1), back, pelvis_axes_, R_pelvis.data(),
                            origin.data());
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
    model::detail::joint_angles_one(R_pelvis.data(), leg.R_lab_thigh.data(), s,
                                    model::Joint::Hip, hip);
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

const PigFrame& PigSession::push(const double* markers_xyz, std::size_t n_values, double time_s,
                                 const double* plates, std::size_t n_plate_values) {
  HIPMECH_CHECK_ARG(!closed_, "session", "an open session (push() before close())",
                    "session closed");
  const std::size_t expected = this->n_values();
  if (n_values != expected || markers_xyz == nullptr) {
    hipmech::detail::throw_invalid_argument(
        "markers",
        std::to_string(expected) + " values (" + std::to_string(expected / 3) +
            " markers x 3, in marker_names order)",
        markers_xyz == nullptr ? std::string("a null pointer")
                               : std::to_string(n_values) + " values");
  }
  for (std::size_t v = 0; v < n_values; ++v) {
    if (std::isinf(markers_xyz[v])) {
      hipmech::detail::throw_invalid_argument(
          "markers", "finite coordinates in m or NaN (missing)",
          hipmech::detail::to_message(markers_xyz[v]) + " for marker '" +
              options_.marker_names[v / 3] + "' (row " + std::to_string(v / 3) + ", column " +
              std::to_string(v % 3) + ")");
    }
  }
  const std::size_t expected_plates = this->n_plate_values();
  if (n_plate_values != expected_plates || (expected_plates > 0 && plates == nullptr)) {
    hipmech::detail::throw_invalid_argument(
        "plates",
        expected_plates == 0
            ? std::string("no plate values (the session's events are not 'plates')")
            : std::to_string(expected_plates) + " values (samples_per_frame x n_plates x 6)",
        std::to_string(n_plate_values) + " values");
  }
  const std::int64_t f = n_frames_;
  double t = time_s;
  if (std::isnan(t)) {
    t = static_cast<double>(f) / options_.point_rate_hz;
  } else {
    HIPMECH_CHECK_ARG(std::isfinite(t), "time_s", "a finite time in s, or NaN for frame / rate",
                      t);
  }
  if (f > 0 && !(t > last_time_s_)) {
    hipmech::detail::throw_invalid_argument(
        "time_s",
        "a time after the previous frame's " + hipmech::detail::to_message(last_time_s_) + " s",
        hipmech::detail::to_message(t) + " s");
  }
  // Inputs valid: the frame is accepted.
  frame_.frame = f;
  frame_.time_s = t;
  frame_.reports.n_events = 0;
  frame_.reports.n_stances = 0;
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
  (void)plates;
  last_time_s_ = t;
  ++n_frames_;
  return frame_;
}

}  // namespace hipmech::stream
