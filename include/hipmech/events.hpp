/// \file
/// Umbrella header of the events area (docs/events.md).
#pragma once

#include "hipmech/core.hpp"
