/// \file
/// The Plug-in Gait chord function: a joint centre from a proximal joint centre, a wand marker
/// and a lateral marker, at a known distance from the lateral marker.
#pragma once

#include <cmath>
#include <limits>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/trajectory.hpp"

namespace hipmech::model {

/// The chord function of the Conventional Gait Model (Davis et al. 1991; Baker 2013,
/// "Measuring Walking", ch. 8): the joint centre J lies
///   - in the plane of the wand marker a, the proximal joint centre b and the lateral marker c,
///   - at the distance `offset_m` from c,
///   - so that the angle b-J-c is a right angle (J on the circle over the chord bc),
///   - on the side of the line bc away from the wand marker (medial of c).
/// With u = (b - c)/|b - c|, n the unit normal of the plane ((a - c) x (b - c)) and
/// cos(phi) = offset / |b - c|:  J = c + offset (cos(phi) u + sin(phi) n x u).
/// Knee: a = THI, b = hip centre, c = KNE, offset = knee width / 2 + marker radius.
/// Ankle: a = TIB, b = knee centre, c = ANK, offset = ankle width / 2 + marker radius.
/// \param[in] wand #frames by 3, lab frame [m]
/// \param[in] proximal_centre #frames by 3, lab frame [m]
/// \param[in] lateral #frames by 3, lab frame [m]
/// \param offset_m distance from the lateral marker to the joint centre [m]
/// \return #frames by 3 [m]; NaN where an input is missing, the three points are collinear or
///         the offset is not shorter than |b - c|.
/// \throws InvalidArgument if the #frames differ, an input holds infinity, or offset_m is not
///         finite and positive.
inline Trajectory chord_function(const TrajectoryCRef& wand, const TrajectoryCRef& proximal_centre,
                                 const TrajectoryCRef& lateral, double offset_m) {
  check_positive(offset_m, "offset_m", "m");
  check_same_frames(proximal_centre.rows(), wand.rows(), "proximal_centre", "wand");
  check_same_frames(lateral.rows(), wand.rows(), "lateral", "wand");
  check_values(wand, "wand");
  check_values(proximal_centre, "proximal_centre");
  check_values(lateral, "lateral");
  const Eigen::Index n = wand.rows();
  Trajectory out(n, 3);
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  for (Eigen::Index f = 0; f < n; ++f) {
    const Eigen::Vector3d c = lateral.row(f).transpose();
    const Eigen::Vector3d bc = proximal_centre.row(f).transpose() - c;
    const Eigen::Vector3d normal = (wand.row(f).transpose() - c).cross(bc);
    const double length = bc.norm();
    const double normal_norm = normal.norm();
    // NaN inputs fail these comparisons too.
    if (!(length > offset_m) || !(normal_norm > 1e-12 * length * length)) {
      out.row(f).setConstant(nan);
      continue;
    }
    const Eigen::Vector3d u = bc / length;
    const Eigen::Vector3d w = (normal / normal_norm).cross(u);
    const double cos_phi = offset_m / length;
    const double sin_phi = std::sqrt(1.0 - cos_phi * cos_phi);
    out.row(f) = (c + offset_m * (cos_phi * u + sin_phi * w)).transpose();
  }
  return out;
}

}  // namespace hipmech::model
