/// \file
/// Umbrella header of the hip area (docs/hip.md): Pauwels' static model of single-leg stance,
/// quasi-static ground-reaction lever-arm moments, isometric dynamometer torque.
#pragma once

#include "hipmech/core.hpp"
#include "hipmech/hip/dynamometer.hpp"
#include "hipmech/hip/lever_arm.hpp"
#include "hipmech/hip/pauwels.hpp"
