/// \file
/// Umbrella header of the geometry area (docs/geometry.md).
#pragma once

#include "hipmech/core.hpp"
