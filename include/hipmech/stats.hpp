/// \file
/// Umbrella header of the statistics area (docs/stats.md): asymmetry indices, descriptive
/// statistics, ICC with SEM and MDC, t-tests and effect sizes, agreement, contingency tables,
/// bootstrap and random-effects meta-analysis. Distributions come from Boost.Math under the
/// explicit error policy of hipmech/stats/distributions.hpp.
#pragma once

#include "hipmech/core.hpp"
#include "hipmech/stats/asymmetry.hpp"
#include "hipmech/stats/bland_altman.hpp"
#include "hipmech/stats/bootstrap.hpp"
#include "hipmech/stats/change.hpp"
#include "hipmech/stats/contingency.hpp"
#include "hipmech/stats/descriptive.hpp"
#include "hipmech/stats/distributions.hpp"
#include "hipmech/stats/effect_size.hpp"
#include "hipmech/stats/icc.hpp"
#include "hipmech/stats/meta_analysis.hpp"
#include "hipmech/stats/missing.hpp"
#include "hipmech/stats/reliability.hpp"
#include "hipmech/stats/ttest.hpp"
