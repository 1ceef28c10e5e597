/// \file
/// Umbrella header of the events area (docs/events.md): gait events from force plates
/// (threshold), from kinematics (Zeni et al. 2008) and from the file, and the stance, swing,
/// gait-cycle and single-limb-support windows between them.
#pragma once

#include "hipmech/core.hpp"
#include "hipmech/events/file_events.hpp"
#include "hipmech/events/force_plate_events.hpp"
#include "hipmech/events/gait_events.hpp"
#include "hipmech/events/kinematic_events.hpp"
#include "hipmech/events/merge.hpp"
#include "hipmech/events/peaks.hpp"
#include "hipmech/events/windows.hpp"
