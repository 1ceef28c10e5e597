// The report binding's conversions, shared with the uncertainty binding (bindings/report.cpp):
// a trial dict with its plates, report::AnalysisOptions from report_analyse's arguments, and a
// report::TrialSummary as the dict hipmech.report.analyse builds its TrialReport from.
#pragma once

#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>

#include "hipmech/core/side.hpp"
#include "hipmech/io/trial.hpp"
#include "hipmech/report/analysis.hpp"

namespace hipmech::bindings {

/// The trial dict (Trial._to_core()) with its force plates (hipmech.io.ForcePlate objects);
/// errors name `arg` (`trial.force_plates[0]`, ...).
io::Trial trial_with_plates(const pybind11::dict& trial, const pybind11::list& plates,
                            const std::string& arg);

/// report::AnalysisOptions from report_analyse's arguments (None: the option's "empty");
/// InvalidArgument naming `moment_frame` or `events` for an unknown name.
report::AnalysisOptions analysis_options(const pybind11::object& body_mass_kg, Side reference,
                                         const pybind11::object& cutoff_hz,
                                         Eigen::Index n_resamples, std::uint64_t seed,
                                         const std::string& moment_frame, const std::string& events,
                                         double events_merge_window_s);

/// `r` as plain values, lists and numpy arrays (its curves are moved out).
pybind11::dict summary_to_dict(report::TrialSummary&& r);

}  // namespace hipmech::bindings
