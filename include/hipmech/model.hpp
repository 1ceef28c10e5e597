/// \file
/// Umbrella header of the model area (docs/model.md): lower-body marker models (Plug-in Gait /
/// Conventional Gait Model 1, ISB) and hip joint centre regressions.
#pragma once

#include "hipmech/core.hpp"
#include "hipmech/model/bone_markers.hpp"
#include "hipmech/model/chord_function.hpp"
#include "hipmech/model/hip_joint_centre.hpp"
#include "hipmech/model/isb_model.hpp"
#include "hipmech/model/joint_angles.hpp"
#include "hipmech/model/pig_angles.hpp"
#include "hipmech/model/plug_in_gait.hpp"
