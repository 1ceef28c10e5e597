/// \file
/// Umbrella header of the clinic area (docs/clinic.md): the clinical tests of the hip-weakness
/// literature, each with its scoring, cited cut-offs and results that carry units and sources:
/// single-leg stance (Trendelenburg), single-leg squat, hip-abductor dynamometry, Y-Balance,
/// hop tests and change over a strengthening programme.
#pragma once

#include "hipmech/core.hpp"
#include "hipmech/clinic/flag.hpp"
// scores (Y-Balance, hop tests, abductor strength, programme change)
#include "hipmech/clinic/abductor_strength.hpp"
#include "hipmech/clinic/hop_tests.hpp"
#include "hipmech/clinic/programme_change.hpp"
#include "hipmech/clinic/y_balance.hpp"
// tasks (single-leg stance, single-leg squat)
#include "hipmech/clinic/single_leg_squat.hpp"
#include "hipmech/clinic/single_leg_stance.hpp"
