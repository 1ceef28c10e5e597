// Plug-in Gait subject parameters across the binding: the dict `dataclasses.asdict(
// hipmech.model.PigParameters)` gives, read by every binding that builds a Plug-in Gait body
// (model, dynamics), and written back by those that return one. One table names each field.
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <string>
#include <vector>

#include "arguments.hpp"
#include "hipmech/model/plug_in_gait.hpp"

namespace hipmech::bindings {

namespace py = pybind11;

inline double get_number(const py::dict& d, const char* key, double fallback) {
  if (!d.contains(key) || d[key].is_none()) return fallback;
  return d[key].cast<double>();
}

/// A per-side field of model::PigParameters and its Python name "{stem}_{side}_{unit}".
struct PigSideField {
  const char* stem;
  const char* unit;
  std::array<double, 2> model::PigParameters::*member;
};

inline const std::array<PigSideField, 11>& pig_side_fields() {
  using P = model::PigParameters;
  static const std::array<PigSideField, 11> table{{
      {"leg_length", "m", &P::leg_length_m},
      {"knee_width", "m", &P::knee_width_m},
      {"ankle_width", "m", &P::ankle_width_m},
      {"asis_trochanter_distance", "m", &P::asis_trochanter_distance_m},
      {"thigh_rotation", "rad", &P::thigh_rotation_rad},
      {"shank_rotation", "rad", &P::shank_rotation_rad},
      {"tibial_torsion", "rad", &P::tibial_torsion_rad},
      {"ankle_abduction", "rad", &P::ankle_abduction_rad},
      {"static_plantar_flexion", "rad", &P::static_plantar_flexion_rad},
      {"static_rotation_offset", "rad", &P::static_rotation_offset_rad},
      {"sole_delta", "m", &P::sole_delta_m},
  }};
  return table;
}

inline std::string pig_side_key(const PigSideField& field, std::size_t side) {
  return io::python_field_name(field.stem, static_cast<int>(side), field.unit);
}

inline model::PigParameters parameters_from_dict(const py::dict& d) {
  model::PigParameters p;
  for (const PigSideField& field : pig_side_fields()) {
    for (std::size_t i = 0; i < 2; ++i) {
      (p.*field.member)[i] = get_number(d, pig_side_key(field, i).c_str(), (p.*field.member)[i]);
    }
  }
  p.inter_asis_distance_m = get_number(d, "inter_asis_distance_m", p.inter_asis_distance_m);
  p.marker_diameter_m = get_number(d, "marker_diameter_m", p.marker_diameter_m);
  if (d.contains("notes") && !d["notes"].is_none()) {
    if (py::isinstance<py::str>(d["notes"])) {
      hipmech::detail::throw_invalid_argument("parameters.notes", "a list of str", "a str");
    }
    try {
      p.notes = d["notes"].cast<std::vector<std::string>>();
    } catch (const py::cast_error&) {
      hipmech::detail::throw_invalid_argument("parameters.notes", "a list of str",
                                              detail::type_name(d["notes"]));
    }
  }
  return p;
}

inline py::dict parameters_to_dict(const model::PigParameters& p) {
  py::dict d;
  for (const PigSideField& field : pig_side_fields()) {
    for (std::size_t i = 0; i < 2; ++i) d[pig_side_key(field, i).c_str()] = (p.*field.member)[i];
  }
  d["inter_asis_distance_m"] = p.inter_asis_distance_m;
  d["marker_diameter_m"] = p.marker_diameter_m;
  d["notes"] = p.notes;
  return d;
}

}  // namespace hipmech::bindings
