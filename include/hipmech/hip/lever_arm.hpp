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
Trajectory grf_lever_arm_moment(const TrajectoryCRef& force_n, const TrajectoryCRef& cop_m,
                                const TrajectoryCRef& joint_centre_m,
                                const TrajectoryCRef& free_moment_nm, bool external = false);

}  // namespace hipmech::hip
