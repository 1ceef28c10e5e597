/// \file
/// Umbrella header of the model area (docs/model.md).
#pragma once

#include "hipmech/core.hpp"
