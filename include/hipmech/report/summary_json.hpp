/// \file
/// A TrialSummary as JSON: the same keys and values as the Python report's `report.json`
/// (TrialReport.to_dict) for everything report::analyse computes; the Python report adds the
/// threshold flags, settings and version.
#pragma once

#include <string>

#include "hipmech/report/analysis.hpp"

namespace hipmech::report {

/// `summary` as a JSON object (UTF-8): "body_mass_kg", "body_mass_source", "events_source",
/// "point_rate_hz", "n_frames", "summary" (one record per quantity: quantity, label, unit,
/// left_n ... sa_ci_high), "stances" (one record per stance, the columns of
/// TrialReport.stances), "events" (side, kind, frame, time_s, source), "curves" (per curve:
/// unit, left, right as lists of cycles), "cycles", "foot_off_percent", "moments_available"
/// and "notes". Numbers are written with 17 significant digits (they read back bit for bit);
/// NaN and infinities become null, as Python's report writes them.
std::string to_json(const TrialSummary& summary);

}  // namespace hipmech::report
