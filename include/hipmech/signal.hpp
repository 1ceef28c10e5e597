/// \file
/// Umbrella header of the signal area (docs/signal.md).
#pragma once

#include "hipmech/core.hpp"
