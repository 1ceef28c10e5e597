/// \file
/// Umbrella header of the pelvis area (docs/pelvis.md).
#pragma once

#include "hipmech/core.hpp"
