/// \file
/// Umbrella header: everything hipmech offers. Prefer the per-area umbrellas
/// (<hipmech/core.hpp>, ...) in code that uses one area.
#pragma once

#include "hipmech/core.hpp"
#include "hipmech/version.hpp"
