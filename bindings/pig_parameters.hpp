// Plug-in Gait subject parameters across the binding: the dict `dataclasses.asdict(
// hipmech.model.PigParameters)` gives, read by every binding that builds a Plug-in Gait body
// (model, dynamics).
#pragma once

#include <pybind11/pybind11.h>

#include <string>

#include "hipmech/model/plug_in_gait.hpp"

namespace hipmech::bindings {

namespace py = pybind11;

inline double get_number(const py::dict& d, const char* key, double fallback) {
  if (!d.contains(key) || d[key].is_none()) return fallback;
  return d[key].cast<double>();
}

inline model::PigParameters parameters_from_dict(const py::dict& d) {
  model::PigParameters p;
  const char* sides[2] = {"left", "right"};
  for (std::size_t i = 0; i < 2; ++i) {
    const std::string s = sides[i];
    p.leg_length_m[i] = get_number(d, ("leg_length_" + s + "_m").c_str(), p.leg_length_m[i]);
    p.knee_width_m[i] = get_number(d, ("knee_width_" + s + "_m").c_str(), p.knee_width_m[i]);
    p.ankle_width_m[i] = get_number(d, ("ankle_width_" + s + "_m").c_str(), p.ankle_width_m[i]);
    p.asis_trochanter_distance_m[i] =
        get_number(d, ("asis_trochanter_distance_" + s + "_m").c_str(),
                   p.asis_trochanter_distance_m[i]);
    p.static_plantar_flexion_rad[i] = get_number(
        d, ("static_plantar_flexion_" + s + "_rad").c_str(), p.static_plantar_flexion_rad[i]);
    p.static_rotation_offset_rad[i] = get_number(
        d, ("static_rotation_offset_" + s + "_rad").c_str(), p.static_rotation_offset_rad[i]);
  }
  p.inter_asis_distance_m = get_number(d, "inter_asis_distance_m", p.inter_asis_distance_m);
  p.marker_diameter_m = get_number(d, "marker_diameter_m", p.marker_diameter_m);
  return p;
}

}  // namespace hipmech::bindings
