/// \file
/// Umbrella header of the synth area: deterministic synthetic trials with known ground truth
/// (docs/synth.md).
#pragma once

#include "hipmech/core.hpp"
#include "hipmech/synth/random.hpp"
#include "hipmech/synth/walking.hpp"
