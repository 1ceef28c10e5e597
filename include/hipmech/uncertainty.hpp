/// \file
/// Measurement uncertainty of the hip analysis (docs/uncertainty.md): the model of the error
/// sources and its propagation by Monte Carlo or linearisation.
#pragma once

#include "hipmech/uncertainty/model.hpp"        // IWYU pragma: export
#include "hipmech/uncertainty/propagation.hpp"  // IWYU pragma: export
