/// \file
/// Foot strike and foot off from marker trajectories, after Zeni JA, Richards JG, Higginson JS
/// (2008) Two simple methods for determining gait events during treadmill and overground
/// walking using kinematic data. Gait Posture 27:710-714 (the "coordinate-based" method):
/// foot strike at the maxima of the heel's position relative to the sacrum along the
/// direction of progression, foot off at the minima of the toe's relative position.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/lab_axes.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/events/gait_events.hpp"
#include "hipmech/io/markers.hpp"
#include "hipmech/events/peaks.hpp"
#include "hipmech/io/trial.hpp"

namespace hipmech::events {

/// How the direction of progression is chosen.
enum class ProgressionSource {
  /// The horizontal direction of the sacrum's displacement from its first to its last observed
  /// frame (overground walking; works whatever way the subject walks in the lab).
  Auto,
  /// The trial's LabAxes forward axis (treadmill walking, or a lab whose forward is reliable).
  LabForward,
  /// The direction given in ZeniOptions::progression_direction.
  Given,
};

/// Options of the Zeni et al. (2008) detector; the defaults are Plug-in Gait marker names.
struct ZeniOptions {
  std::string left_heel = "LHEE";
  std::string left_toe = "LTOE";
  std::string right_heel = "RHEE";
  std::string right_toe = "RTOE";
  /// Markers whose mean is the sacrum, frame by frame. Empty (default): "SACR" when the trial
  /// has it, otherwise the mean of "LPSI" and "RPSI" (NaN where either is missing).
  std::vector<std::string> sacrum;
  ProgressionSource progression = ProgressionSource::Auto;
  /// Lab-frame direction of progression when progression == ProgressionSource::Given (normalised).
  Eigen::Vector3d progression_direction = Eigen::Vector3d::UnitX();
  /// Events of the same foot and kind closer than this are thinned to the largest extreme
  /// [s] (one strike and one off per stride; strides last more than 0.5 s in walking).
  double min_separation_s = 0.3;
  /// ProgressionSource::Auto needs the sacrum to move at least this far horizontally [m].
  double min_displacement_m = 0.2;
};

/// Events found from kinematics, and the direction of progression used.
struct KinematicEvents {
  std::vector<GaitEvent> events;  ///< in time order (sorted_events), source "zeni"
  Eigen::Vector3d progression = Eigen::Vector3d::UnitX();  ///< unit vector, lab frame
};

namespace detail {

/// The minimum separation of zeni_events in samples: max(1, ceil(min_separation_s x rate -
/// 1e-9)) (the 1e-9 keeps 0.3 s x 100 Hz at 30 samples). Shared with stream::OnlineZeni.
inline Eigen::Index separation_samples(double min_separation_s, double rate_hz) noexcept {
  return std::max<Eigen::Index>(
      1, static_cast<Eigen::Index>(std::ceil(min_separation_s * rate_hz - 1e-9)));
}

/// One frame of a Zeni et al. (2008) signal: (marker - sacrum) . p [m], p the unit direction
/// of progression; NaN when a point is missing. Shared with stream::OnlineZeni.
template <typename A, typename B>
double zeni_signal(const A& marker_m, const B& sacrum_m, const Eigen::Vector3d& p) noexcept {
  return (marker_m(0) - sacrum_m(0)) * p(0) + (marker_m(1) - sacrum_m(1)) * p(1) +
         (marker_m(2) - sacrum_m(2)) * p(2);
}

}  // namespace detail

/// Per-frame mean of the given markers; NaN where any of them is missing.
/// \return #frames by 3 [m]
inline Trajectory mean_marker(const io::Markers& markers, const std::vector<std::string>& names) {
  Trajectory sum = markers.get(names.front());
  for (std::size_t k = 1; k < names.size(); ++k) sum += markers.get(names[k]);
  return sum / static_cast<double>(names.size());
}

/// The horizontal unit direction of the displacement of `sacrum_m` from its first to its last
/// observed (finite) frame, lab frame.
/// \param[in] sacrum_m #frames by 3, lab frame [m], NaN where missing
/// \param[in] lab_axes which axis is up (the vertical component is removed)
/// \param[in] min_displacement_m smallest horizontal displacement accepted [m]
/// \throws InvalidArgument (argument 'progression') when fewer than two frames are observed or
///         the horizontal displacement is below min_displacement_m (a treadmill trial: use
///         ProgressionSource::LabForward or a given direction).
Eigen::Vector3d estimate_progression(const TrajectoryCRef& sacrum_m, const LabAxes& lab_axes,
                                     double min_displacement_m = 0.2);

/// Zeni et al. (2008) events from trajectories: foot strike at the local maxima of
/// (heel - sacrum) . p, foot off at the local minima of (toe - sacrum) . p, p the direction of
/// progression. A frame with a missing marker is NaN in the signal and no extreme is taken
/// next to it (find_maxima): events stay where they are observed.
/// \param[in] left_heel_m, left_toe_m, right_heel_m, right_toe_m, sacrum_m #frames by 3, lab
///            frame [m], NaN where missing
/// \param[in] point_rate_hz marker rate [Hz]
/// \param[in] progression direction of progression in the lab frame (any length > 0)
/// \param[in] min_separation_s events of one foot and kind closer than this keep only the
///            larger extreme [s], >= 0
/// \return events in time order, source "zeni"; frames 0-based, time_s = frame / rate
/// \throws InvalidArgument on a non-positive rate, a bad separation, a zero or non-finite
///         progression, or trajectories of different lengths.
KinematicEvents zeni_events(const TrajectoryCRef& left_heel_m, const TrajectoryCRef& left_toe_m,
                            const TrajectoryCRef& right_heel_m, const TrajectoryCRef& right_toe_m,
                            const TrajectoryCRef& sacrum_m, double point_rate_hz,
                            const Eigen::Vector3d& progression, double min_separation_s = 0.3);

/// Zeni et al. (2008) events from named markers (see ZeniOptions for the names and the rules).
/// \param[in] markers marker views by name, #frames by 3, lab frame [m]
/// \param[in] point_rate_hz marker rate [Hz]
/// \param[in] lab_axes the lab's up axis (ProgressionSource::Auto) and forward axis
///            (ProgressionSource::LabForward)
/// \throws InvalidArgument (argument 'markers') listing the missing marker names and the
///         markers available; 'progression' when it cannot be estimated; see zeni_events.
KinematicEvents from_kinematics(const io::Markers& markers, double point_rate_hz,
                                const LabAxes& lab_axes, const ZeniOptions& options = {});

/// Zeni et al. (2008) events of a trial (its markers, point rate and lab axes).
inline KinematicEvents from_kinematics(const io::Trial& trial, const ZeniOptions& options = {}) {
  return from_kinematics(io::Markers::from_trial(trial), trial.point_rate_hz, trial.lab_axes, options);
}

}  // namespace hipmech::events
