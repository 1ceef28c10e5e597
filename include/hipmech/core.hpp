/// \file
/// The core every area uses: errors and argument checks, Side, trajectory types, LabAxes.
#pragma once

#include "hipmech/core/check.hpp"
#include "hipmech/core/error.hpp"
#include "hipmech/core/lab_axes.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"
