/// \file
/// Umbrella header: everything hipmech offers. Prefer the per-area umbrellas
/// (<hipmech/core.hpp>, ...) in code that uses one area.
#pragma once

#include "hipmech/clinic.hpp"
#include "hipmech/core.hpp"
#include "hipmech/dynamics.hpp"
#include "hipmech/events.hpp"
#include "hipmech/geometry.hpp"
#include "hipmech/hip.hpp"
#include "hipmech/io.hpp"
#include "hipmech/knee.hpp"
#include "hipmech/model.hpp"
#include "hipmech/pelvis.hpp"
#include "hipmech/report.hpp"
#include "hipmech/signal.hpp"
#include "hipmech/spm.hpp"
#include "hipmech/stats.hpp"
#include "hipmech/stream.hpp"
#include "hipmech/synth.hpp"
#include "hipmech/uncertainty.hpp"
#include "hipmech/version.hpp"
