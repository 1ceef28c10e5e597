// Force-plate contacts across the binding: the dict of one events::PlateContact, shared by the
// events and dynamics bindings.
#pragma once

#include <pybind11/pybind11.h>

#include <string>

#include "hipmech/events/force_plate_events.hpp"

namespace hipmech::bindings {

namespace py = pybind11;

inline py::dict contact_dict(const events::PlateContact& c) {
  py::dict d;
  d["plate"] = c.plate;
  d["side"] = c.side_known ? py::cast(c.side) : py::none();
  d["begin_sample"] = c.begin_sample;
  d["end_sample"] = c.end_sample;
  d["strike_frame"] = c.strike_frame;
  d["off_frame"] = c.off_frame;
  d["strike_time_s"] = c.strike_time_s;
  d["off_time_s"] = c.off_time_s;
  d["peak_force_n"] = c.peak_force_n;
  d["cop_distance_left_m"] = c.cop_distance_m[0];
  d["cop_distance_right_m"] = c.cop_distance_m[1];
  return d;
}

/// Adds `contacts` (accepted, as contact_dict) and `rejected` (with `reason` and `message`) of
/// a force-plate detection to `d`.
inline void add_contacts(py::dict& d, const events::ForcePlateEvents& r) {
  py::list contacts, rejected;
  for (const auto& c : r.contacts) contacts.append(contact_dict(c));
  for (const auto& rc : r.rejected) {
    py::dict cd = contact_dict(rc.contact);
    cd["reason"] = std::string(events::to_string(rc.reason));
    cd["message"] = rc.message;
    rejected.append(cd);
  }
  d["contacts"] = contacts;
  d["rejected"] = rejected;
}

}  // namespace hipmech::bindings
