/// \file
/// Umbrella header of the signal area (docs/signal.md): zero-lag Butterworth filters with
/// Winter's pass correction, residual analysis, derivatives, gaps, time normalisation.
#pragma once

#include "hipmech/core.hpp"
#include "hipmech/signal/butterworth.hpp"
#include "hipmech/signal/derivative.hpp"
#include "hipmech/signal/filtfilt.hpp"
#include "hipmech/signal/gaps.hpp"
#include "hipmech/signal/residual_analysis.hpp"
#include "hipmech/signal/time_normalise.hpp"
#include "hipmech/signal/zero_lag.hpp"
