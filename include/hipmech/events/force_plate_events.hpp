/// \file
/// Foot strike and foot off from force plates: the vertical ground reaction crossing a
/// threshold (20 N by default, the value commonly used for clinical gait event detection, e.g.
/// Zeni et al. 2008 Gait Posture 27:710-714 used force plates as the reference, and Vicon
/// Nexus's default force-plate event threshold), each contact assigned to the foot whose
/// markers are closest to the centre of pressure. Ambiguous contacts are rejected with a reason.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/lab_axes.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/events/gait_events.hpp"
#include "hipmech/io/markers.hpp"
#include "hipmech/io/force_plate.hpp"
#include "hipmech/io/trial.hpp"

namespace hipmech::events {

/// What the detector needs of one force plate: views, no copies.
struct PlateView {
  /// #analog samples by 3, ground reaction on the body in the lab frame [N] (up under a
  /// standing person), NaN where missing.
  TrajectoryCRef force_n;
  /// #analog samples by 3, centre of pressure in the lab frame [m], NaN where undefined.
  TrajectoryCRef cop_m;
  /// The four surface corners in the lab frame [m], one per row (any order around the plate).
  Eigen::Matrix<double, 4, 3, Eigen::RowMajor> corners_m;
};

/// Views of every force plate of `trial` (its force_n, cop_m and corners_m), no copies.
std::vector<PlateView> plate_views(const io::Trial& trial);

/// Options of the force-plate detector.
struct ForcePlateEventOptions {
  /// A contact is a run of samples whose vertical force exceeds this [N] (> 0).
  double threshold_n = 20.0;
  /// Runs shorter than this are noise spikes and ignored (not listed) [s] (>= 0).
  double min_contact_s = 0.05;
  /// The assigned foot's median distance to the centre of pressure must not exceed this [m].
  double max_cop_distance_m = 0.15;
  /// A foot is "on the plate" when its markers lie inside the plate outline (horizontally,
  /// within plate_margin_m) and its lowest marker is at most this high above the surface [m].
  double foot_height_max_m = 0.10;
  /// Tolerance of the outline test [m] (>= 0).
  double plate_margin_m = 0.02;
  /// Marker names of each foot (Plug-in Gait heel, toe, ankle).
  std::vector<std::string> left_foot{"LHEE", "LTOE", "LANK"};
  std::vector<std::string> right_foot{"RHEE", "RTOE", "RANK"};
};

/// Why a contact gave no events.
enum class ContactRejection {
  StrikeNotObserved,   ///< force above threshold at the first sample (or after a NaN)
  OffNotObserved,      ///< force above threshold at the last sample (or before a NaN)
  BothFeet,            ///< both feet load the plate during the contact
  NoFootNearCop,       ///< neither foot within max_cop_distance_m of the centre of pressure
  MissingMarkers,      ///< a foot's markers are missing throughout the contact
  NoCenterOfPressure,  ///< the plate gives no centre of pressure during the contact
};

/// "strike_not_observed", "off_not_observed", "both_feet", "no_foot_near_cop",
/// "missing_markers" or "no_center_of_pressure".
constexpr std::string_view to_string(ContactRejection r) noexcept {
  switch (r) {
    case ContactRejection::StrikeNotObserved: return "strike_not_observed";
    case ContactRejection::OffNotObserved: return "off_not_observed";
    case ContactRejection::BothFeet: return "both_feet";
    case ContactRejection::NoFootNearCop: return "no_foot_near_cop";
    case ContactRejection::MissingMarkers: return "missing_markers";
    case ContactRejection::NoCenterOfPressure: return "no_center_of_pressure";
  }
  return "unknown";
}

/// One contact of a foot with a plate: the samples [begin_sample, end_sample) whose vertical
/// force exceeds the threshold.
struct PlateContact {
  int plate = 0;                   ///< 0-based index of the plate
  Side side = Side::Left;          ///< foot assigned (valid when side_known)
  bool side_known = false;         ///< false when the markers could not decide
  Eigen::Index begin_sample = 0;   ///< first analog sample above the threshold (foot strike)
  Eigen::Index end_sample = 0;     ///< first analog sample below it again (foot off)
  Eigen::Index strike_frame = 0;   ///< nearest point frame of begin_sample (0-based)
  Eigen::Index off_frame = 0;      ///< nearest point frame of end_sample (0-based, clamped)
  double strike_time_s = 0.0;      ///< begin_sample / analog rate [s from the first sample]
  double off_time_s = 0.0;         ///< end_sample / analog rate [s]
  double peak_force_n = 0.0;       ///< largest vertical force during the contact [N]
  /// Median horizontal distance from the centre of pressure to each foot's marker outline
  /// (the convex hull of its markers projected on the floor), left then right [m]; NaN when
  /// the foot's markers are missing throughout.
  std::array<double, 2> cop_distance_m{std::numeric_limits<double>::quiet_NaN(),
                                       std::numeric_limits<double>::quiet_NaN()};
};

/// A contact that gave no events, with the reason.
struct RejectedContact {
  PlateContact contact;
  ContactRejection reason = ContactRejection::BothFeet;
  std::string message;  ///< the reason in words, with the numbers that decided it
};

/// Force-plate events: the events of the accepted contacts, the contacts, and the rejected
/// contacts with their reasons (nothing is dropped silently, except runs shorter than
/// min_contact_s, which are noise).
struct ForcePlateEvents {
  std::vector<GaitEvent> events;  ///< in time order, source "force_plate:<plate index>"
  std::vector<PlateContact> contacts;
  std::vector<RejectedContact> rejected;
};

namespace detail {

using Point2 = Eigen::Vector2d;

/// Horizontal coordinates (forward, right) of a lab-frame point.
struct Horizontal {
  Eigen::Vector3d forward, right, up;
  explicit Horizontal(const LabAxes& axes)
      : forward(unit_vector(axes.forward())),
        right(unit_vector(axes.right())),
        up(unit_vector(axes.up())) {}
  template <typename V>
  Point2 operator()(const V& p) const {
    return {forward.dot(p), right.dot(p)};
  }
};

/// Convex hull of 2-D points (Andrew's monotone chain), counter-clockwise, no repeated point.
std::vector<Point2> convex_hull(std::vector<Point2> pts);

/// convex_hull without allocation (the one implementation; convex_hull calls it): sorts
/// pts[0, n) in place and writes the hull to `hull`, which has room for 2 n points.
/// \return the number of hull points
std::size_t convex_hull_into(Point2* pts, std::size_t n, Point2* hull) noexcept;

inline double segment_distance(const Point2& p, const Point2& a, const Point2& b) {
  const Point2 ab = b - a;
  const double len2 = ab.squaredNorm();
  const double t = len2 > 0 ? std::clamp((p - a).dot(ab) / len2, 0.0, 1.0) : 0.0;
  return (p - (a + t * ab)).norm();
}

/// Distance from `p` to the convex polygon `hull` (counter-clockwise): 0 inside. A hull of 1
/// or 2 points is a point or a segment. NaN for an empty hull or a missing (NaN) point.
double hull_distance(const Point2& p, const std::vector<Point2>& hull);

/// hull_distance on an array of n hull points (the one implementation, no allocation).
double hull_distance(const Point2& p, const Point2* hull, std::size_t n) noexcept;

/// `value` with 3 significant digits, for messages ("0.15", "1.1").
inline std::string short_number(double value) {
  return hipmech::detail::significant_digits(value, 3);
}

/// Median of the finite values; NaN if none.
double finite_median(std::vector<double> v);

/// finite_median of [begin, end) without allocation (reorders the range; the one
/// implementation, finite_median calls it).
double finite_median_inplace(double* begin, double* end) noexcept;

/// Outline of one foot at one frame: the hull of its finite marker points projected on the
/// floor (written to `hull`, room for 2 n points) and the height of its lowest finite point
/// (`*lowest_m`, +infinity when none). Shared by from_force_plates and stream::OnlinePlates.
/// \return the number of hull points (0 when every point is missing)
std::size_t foot_outline(const Eigen::Vector3d* points_m, std::size_t n, const Horizontal& h,
                         Point2* work, Point2* hull, double* lowest_m) noexcept;

/// Whether a foot is on a plate: every point of its outline within plate_margin_m of the
/// plate outline and its lowest marker between 5 cm below and foot_height_max_m above the
/// plate surface (from_force_plates' rule).
bool foot_on_plate(const Point2* foot_hull, std::size_t n_foot, double lowest_m,
                   const Point2* plate_outline, std::size_t n_outline, double surface_m,
                   const ForcePlateEventOptions& options) noexcept;

/// from_force_plates' decision on one contact (everything but whether its strike and off are
/// observed), from the per-frame distances of the centre of pressure to each foot's outline
/// over the contact's nf point frames.
struct ContactDecision {
  /// Median distance per foot [m] (PlateContact::cop_distance_m).
  std::array<double, 2> cop_distance_m{std::numeric_limits<double>::quiet_NaN(),
                                       std::numeric_limits<double>::quiet_NaN()};
  int foot = -1;   ///< the foot with the smaller median (0 left, 1 right); -1 when undecided
  int early = -1;  ///< nearest foot over the first third (-1 undecided)
  int late = -1;   ///< nearest foot over the last third (-1 undecided)
  bool rejected = false;
  ContactRejection reason = ContactRejection::BothFeet;  ///< when rejected
  /// BothFeet: the early/late feet differ (true) or the other foot is on the plate (false).
  bool thirds_differ = false;
};

/// The decision of from_force_plates on one contact. `on_plate_first_and_last[k]`: foot k is
/// on the plate (foot_on_plate) at the contact's first and at its last frame. `scratch` has room
/// for nf values.
ContactDecision decide_contact(const double* dist_left, const double* dist_right, std::size_t nf,
                               bool any_cop, const std::array<bool, 2>& on_plate_first_and_last,
                               double max_cop_distance_m, double* scratch) noexcept;

/// The option checks of from_force_plates (and stream::OnlinePlates): threshold_n,
/// max_cop_distance_m and foot_height_max_m finite and > 0, min_contact_s and plate_margin_m
/// finite and >= 0; an InvalidArgument names the option. The foot marker lists are checked by
/// each caller.
void check_plate_options(const ForcePlateEventOptions& options);

}  // namespace detail

/// Foot strikes and foot offs from force plates.
///
/// Contacts: on each plate, every maximal run of analog samples whose vertical force
/// (force_n . up) exceeds options.threshold_n, lasting at least options.min_contact_s. The foot
/// strike is the run's first sample, the foot off the first sample after it, each converted to
/// the nearest point frame (round(sample x point rate / analog rate), 0-based; the off frame is
/// clamped to the last frame). A strike is observed only if the force was at or below the
/// threshold at the sample before (not at the first sample, not after a NaN); likewise the off.
///
/// Foot assignment: at every point frame of the contact, the horizontal distance from the
/// centre of pressure to each foot's marker outline (the convex hull of its available markers
/// projected on the floor; 0 inside). The contact goes to the foot with the smaller median
/// distance. It is rejected (ForcePlateEvents::rejected, with the reason) when a strike or off
/// is not observed, when the plate gives no centre of pressure, when a foot's markers are
/// missing throughout, when the foot nearest the centre of pressure over the first third of
/// the contact differs from the one over the last third or the other foot is on the plate at
/// the first and at the last frame of the contact (both feet on the plate), or when the
/// assigned foot's median distance exceeds options.max_cop_distance_m.
/// \param[in] plates the plates (force and centre of pressure at the analog rate, lab frame)
/// \param[in] analog_rate_hz rate of the plates' samples [Hz]
/// \param[in] markers marker views by name (#frames by 3, lab frame [m]); the foot markers of
///            options must be present
/// \param[in] point_rate_hz rate of the markers [Hz]
/// \param[in] lab_axes the lab's up axis (vertical force, heights) and horizontal plane
/// \return events in time order (source "force_plate:<0-based plate index>"), contacts, rejects
/// \throws InvalidArgument on no plates, a bad rate, threshold, duration or distance, plates
///         whose force and centre of pressure differ in length, or missing foot markers (the
///         message lists the missing names and the markers available).
ForcePlateEvents from_force_plates(const std::vector<PlateView>& plates, double analog_rate_hz,
                                   const io::Markers& markers, double point_rate_hz,
                                   const LabAxes& lab_axes,
                                   const ForcePlateEventOptions& options = {});

/// Force-plate events of a trial: its plates, analog rate, markers, point rate and lab axes
/// (see the overload above).
inline ForcePlateEvents from_force_plates(const io::Trial& trial,
                                          const ForcePlateEventOptions& options = {}) {
  return from_force_plates(plate_views(trial), trial.analog.rate_hz, io::Markers::from_trial(trial),
                           trial.point_rate_hz, trial.lab_axes, options);
}

}  // namespace hipmech::events
