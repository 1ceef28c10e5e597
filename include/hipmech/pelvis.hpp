/// \file
/// Umbrella header of the pelvis area (docs/pelvis.md): pelvis angles in named conventions
/// (Plug-in Gait, Baker, OpenSim) relative to the lab or the progression frame, progression
/// detection, contralateral pelvic drop per stance, 2-D pelvic obliquity from video keypoints.
#pragma once

#include "hipmech/core.hpp"
#include "hipmech/pelvis/conventions.hpp"
#include "hipmech/pelvis/drop_2d.hpp"
#include "hipmech/pelvis/pelvic_drop.hpp"
#include "hipmech/pelvis/pelvis_angles.hpp"
#include "hipmech/pelvis/progression.hpp"
