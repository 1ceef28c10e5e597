/// \file
/// Quasi-static joint moments from the ground reaction alone: the lever arm of the ground
/// reaction force about a joint centre, neglecting segment weights and inertia (the "GRF
/// vector" method; Wells 1981 Bull Prosthet Res 18:15-19 on its limits, Winter 2009 ch. 5 for the
/// full equations). Its error against full inverse dynamics is measured in docs/hip.md.
#pragma once

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "hipmech/core/check.hpp"
#include "hipmech/core/trajectory.hpp"

namespace hipmech::hip {

/// Net joint moment implied by the ground reaction alone, lab frame, per frame:
///
///   M_external = (c - j) x F + T,   M_internal = -M_external,
///
/// c the centre of pressure, j the joint centre, F the ground reaction on the foot and T the
/// free moment at c. This is the exact net moment when the segments below the joint have no
/// weight and no acceleration; dynamics::newton_euler_3d with inertial and weight off returns
/// the same numbers.
/// \param[in] force_n #frames by 3, ground reaction on the body, lab frame [N]
/// \param[in] cop_m #frames by 3, centre of pressure, lab frame [m]
/// \param[in] joint_centre_m #frames by 3, joint centre (hip, knee or ankle), lab frame [m]
/// \param[in] free_moment_nm #frames by 3, free moment at the centre of pressure [N m]; pass
///            an empty (0-row) array for none
/// \param[in] external false (default): the internal moment on the distal segment, the
///            convention of docs/conventions.md; true: the external moment
/// \return #frames by 3 [N m]; NaN in frames with a missing input.
/// \throws InvalidArgument naming the argument whose #frames differ or that holds infinity.
inline Trajectory grf_lever_arm_moment(const TrajectoryCRef& force_n, const TrajectoryCRef& cop_m,
                                       const TrajectoryCRef& joint_centre_m,
                                       const TrajectoryCRef& free_moment_nm,
                                       bool external = false) {
  const Eigen::Index n = force_n.rows();
  check_same_frames(cop_m.rows(), n, "cop_m", "force_n");
  check_same_frames(joint_centre_m.rows(), n, "joint_centre_m", "force_n");
  const bool has_free = free_moment_nm.rows() > 0;
  if (has_free) check_same_frames(free_moment_nm.rows(), n, "free_moment_nm", "force_n");
  check_values(force_n, "force_n", NanPolicy::Allow);
  check_values(cop_m, "cop_m", NanPolicy::Allow);
  check_values(joint_centre_m, "joint_centre_m", NanPolicy::Allow);
  check_values(free_moment_nm, "free_moment_nm", NanPolicy::Allow);
  const double sign = external ? 1.0 : -1.0;
  Trajectory out(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    const Eigen::Vector3d r = (cop_m.row(f) - joint_centre_m.row(f)).transpose();
    Eigen::Vector3d m = r.cross(Eigen::Vector3d(force_n.row(f).transpose()));
    if (has_free) m += free_moment_nm.row(f).transpose();
    out.row(f) = sign * m.transpose();
  }
  return out;
}

}  // namespace hipmech::hip
