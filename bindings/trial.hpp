// hipmech::io::Trial <-> the plain dict that python/hipmech/io.py turns into its Trial
// dataclass. Arrays leave C++ without a copy (to_numpy); arrays coming back are converted once
// with the usual named-argument checks. Shared by every binding that takes or returns a trial.
#pragma once

#include <pybind11/pybind11.h>

#include "hipmech/io/force_plate.hpp"
#include "hipmech/io/trial.hpp"

namespace hipmech::bindings {

/// Move `trial` into a dict of plain Python values and numpy arrays (docs: python/hipmech/io.py
/// `Trial._from_core`).
pybind11::dict trial_to_dict(io::Trial&& trial);

/// Build a Trial from the dict `Trial._to_core()` returns; ValueError naming the field
/// (`trial.points['LASI']`, ...) on a wrong shape or type.
io::Trial trial_from_dict(const pybind11::dict& d);

/// io::SubjectParameters <-> the dict of hipmech.io.SubjectParameters (field names from
/// io::subject_fields(): "leg_length_left_m", ..., and "other_parameters").
pybind11::dict subject_to_dict(const io::SubjectParameters& subject);
io::SubjectParameters subject_from_dict(const pybind11::dict& d);

/// A Python hipmech.io.ForcePlate (attributes) as an io::ForcePlate; errors name `where`
/// (`trial.force_plates[0]`) and the field (defined in dynamics.cpp).
io::ForcePlate plate_from_python(const pybind11::handle& p, const std::string& where);

}  // namespace hipmech::bindings
