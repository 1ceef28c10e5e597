/// \file
/// Umbrella header of the geometry area (docs/geometry.md): batches of rotations, the twelve
/// Cardan/Euler sequences, segment frames from markers, Grood & Suntay joint angles.
#pragma once

#include "hipmech/core.hpp"
#include "hipmech/geometry/cardan.hpp"
#include "hipmech/geometry/jcs.hpp"
#include "hipmech/geometry/rotations.hpp"
#include "hipmech/geometry/segment_frames.hpp"
