/// \file
/// Umbrella header of the knee area (docs/knee.md): the signed, side-aware frontal plane
/// projection angle (FPPA) from 2-D or projected 3-D points, 3-D knee angles by the joint
/// coordinate system with a valgus view, the knee-to-ankle separation ratio, medial knee
/// displacement, per-repetition peaks for squats and landings, and a check of flexion cross-talk
/// in the knee's frontal angle.
#pragma once

#include "hipmech/core.hpp"
#include "hipmech/knee/flexion_crosstalk.hpp"
#include "hipmech/knee/fppa.hpp"
#include "hipmech/knee/frontal_alignment.hpp"
#include "hipmech/knee/knee_angles.hpp"
#include "hipmech/knee/repetitions.hpp"
