/// \file
/// Umbrella header of the dynamics area (docs/dynamics.md): body segment parameters, segment
/// kinematics, planar and 3-D Newton-Euler inverse dynamics (vector and wrench forms),
/// force plates to feet, moments in named frames, and the lower-limb pipeline.
#pragma once

#include "hipmech/core.hpp"
#include "hipmech/dynamics/foot_loads.hpp"
#include "hipmech/dynamics/lower_limb.hpp"
#include "hipmech/dynamics/moment_frames.hpp"
#include "hipmech/dynamics/newton_euler.hpp"
#include "hipmech/dynamics/newton_euler_2d.hpp"
#include "hipmech/dynamics/newton_euler_wrench.hpp"
#include "hipmech/dynamics/segment_inertia.hpp"
#include "hipmech/dynamics/segment_motion.hpp"
#include "hipmech/dynamics/segment_parameters.hpp"
