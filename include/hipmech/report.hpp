/// \file
/// Umbrella header of the report area: the per-trial hip analysis behind `hipmech report`
/// (report::analyse; docs/report.md).
#pragma once

#include "hipmech/report/analysis.hpp"
#include "hipmech/report/summary_json.hpp"
