/// \file
/// Subject parameters: the Plug-in Gait lower-body measurements and offsets a lab stores with a
/// trial (C3D PROCESSING group) or in a Vicon subject file (.vsk), in SI units, with one table
/// naming each in both sources (docs/io.md, "Subject parameters").
#pragma once

#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hipmech/core/detail/text.hpp"

namespace hipmech::io {

/// Subject parameters in SI units (m, kg, rad); NaN where the source does not give them.
/// Per-side arrays are indexed 0 = left, 1 = right. Angles keep Vicon's sign (docs/model.md).
struct SubjectParameters {
  static constexpr double nan = std::numeric_limits<double>::quiet_NaN();

  double body_mass_kg = nan;
  double height_m = nan;
  double inter_asis_distance_m = nan;
  double marker_diameter_m = nan;
  double leg_length_m[2] = {nan, nan};
  double asis_trochanter_distance_m[2] = {nan, nan};
  double knee_width_m[2] = {nan, nan};
  double ankle_width_m[2] = {nan, nan};
  /// Plug-in Gait's thigh rotation offset ("ThighRotation") [rad].
  double thigh_rotation_rad[2] = {nan, nan};
  /// Plug-in Gait's shank rotation offset ("ShankRotation") [rad].
  double shank_rotation_rad[2] = {nan, nan};
  /// Tibial torsion ("TibialTorsion") [rad]; negative = external.
  double tibial_torsion_rad[2] = {nan, nan};
  /// Static foot offsets from the static trial ("StaticPlantFlex", "StaticRotOff") [rad].
  double static_plantar_flexion_rad[2] = {nan, nan};
  double static_rotation_offset_rad[2] = {nan, nan};
  /// Ankle ab/adduction offset ("AnkleAbAdd") [rad].
  double ankle_abduction_rad[2] = {nan, nan};
  /// Heel-to-toe sole thickness difference for the flat-foot static option ("SoleDelta") [m].
  double sole_delta_m[2] = {nan, nan};
  /// Every other subject parameter the source holds, by its name there, in source order:
  /// upper-body measurements, Vicon's static-fit outputs (segment lengths), other models'
  /// parameters. Kept so that a model can say which ones it did not apply.
  std::vector<std::string> other_parameters;
  /// Parameters of the table above that the source gives with a value that is not a finite
  /// number ("LThighRotation = inf"), by their name there: their fields stay NaN, and
  /// model::PigParameters::from_subject refuses them rather than take them as "not given".
  std::vector<std::string> invalid_parameters;
};

/// How a source names subject parameters.
enum class SubjectNaming {
  C3d,  ///< Vicon's C3D PROCESSING group: "Bodymass", "LLegLength", "RThighRotation"
  Vsk,  ///< Vicon's subject file: "Bodymass", "LeftLegLength", "RightThighRotation"
};

/// One field of SubjectParameters: its name stem in Vicon's files, its Python name stem and
/// unit, and the factor from the file's unit (mm, kg, rad) to SI.
struct SubjectField {
  const char* file_stem;    ///< "LegLength": prefixed with L/R or Left/Right when sided
  const char* python_stem;  ///< "leg_length": "leg_length_left_m" in Python when sided
  const char* unit;         ///< SI unit suffix: "m", "kg", "rad"
  double file_to_si;        ///< 1e-3 for lengths in mm, 1 otherwise
  double SubjectParameters::*scalar;    ///< set for one-value fields
  double (SubjectParameters::*sided)[2];  ///< set for per-side fields
};

/// The table of every SubjectParameters field, in a fixed order.
inline const std::array<SubjectField, 15>& subject_fields() {
  using S = SubjectParameters;
  static const std::array<SubjectField, 15> table{{
      {"Bodymass", "body_mass", "kg", 1.0, &S::body_mass_kg, nullptr},
      {"Height", "height", "m", 1e-3, &S::height_m, nullptr},
      {"InterAsisDistance", "inter_asis_distance", "m", 1e-3, &S::inter_asis_distance_m, nullptr},
      {"MarkerDiameter", "marker_diameter", "m", 1e-3, &S::marker_diameter_m, nullptr},
      {"LegLength", "leg_length", "m", 1e-3, nullptr, &S::leg_length_m},
      {"AsisTrocanterDistance", "asis_trochanter_distance", "m", 1e-3, nullptr,
       &S::asis_trochanter_distance_m},
      {"KneeWidth", "knee_width", "m", 1e-3, nullptr, &S::knee_width_m},
      {"AnkleWidth", "ankle_width", "m", 1e-3, nullptr, &S::ankle_width_m},
      {"ThighRotation", "thigh_rotation", "rad", 1.0, nullptr, &S::thigh_rotation_rad},
      {"ShankRotation", "shank_rotation", "rad", 1.0, nullptr, &S::shank_rotation_rad},
      {"TibialTorsion", "tibial_torsion", "rad", 1.0, nullptr, &S::tibial_torsion_rad},
      {"StaticPlantFlex", "static_plantar_flexion", "rad", 1.0, nullptr,
       &S::static_plantar_flexion_rad},
      {"StaticRotOff", "static_rotation_offset", "rad", 1.0, nullptr,
       &S::static_rotation_offset_rad},
      {"AnkleAbAdd", "ankle_abduction", "rad", 1.0, nullptr, &S::ankle_abduction_rad},
      {"SoleDelta", "sole_delta", "m", 1e-3, nullptr, &S::sole_delta_m},
  }};
  return table;
}

/// The value of `field` in `s` (side ignored for one-value fields), to read or to set.
inline double& subject_value(SubjectParameters& s, const SubjectField& field, int side) {
  return field.scalar ? s.*field.scalar : (s.*field.sided)[side];
}
inline double subject_value(const SubjectParameters& s, const SubjectField& field, int side) {
  return field.scalar ? s.*field.scalar : (s.*field.sided)[side];
}

/// The Python name of a per-side value "{stem}_{left|right}_{unit}", or "{stem}_{unit}" with
/// side < 0: the names of hipmech.io.SubjectParameters and hipmech.model.PigParameters.
inline std::string python_field_name(const char* stem, int side, const char* unit) {
  std::string name = stem;
  if (side >= 0) name += side == 0 ? "_left" : "_right";
  return name + "_" + unit;
}

/// The name of a field in a source: "LegLength" -> "LLegLength" (C3D) or "LeftLegLength"
/// (VSK) for side 0; side is ignored for one-value fields.
inline std::string subject_parameter_name(const SubjectField& field, int side,
                                          SubjectNaming naming) {
  if (field.scalar) return field.file_stem;
  const char* prefix = naming == SubjectNaming::C3d ? (side == 0 ? "L" : "R")
                                                    : (side == 0 ? "Left" : "Right");
  return std::string(prefix) + field.file_stem;
}

/// The Python name of a field: "leg_length_left_m", "body_mass_kg".
inline std::string subject_python_name(const SubjectField& field, int side) {
  return python_field_name(field.python_stem, field.sided ? side : -1, field.unit);
}

/// Subject parameters from a source's named values (file units: mm, kg, rad). Names match
/// case-insensitively; a name no field holds goes to other_parameters, as do `other_names`
/// (parameters without a number, e.g. text). A non-finite value leaves the field NaN and is
/// listed in invalid_parameters.
inline SubjectParameters subject_from_named(
    const std::vector<std::pair<std::string, double>>& values, SubjectNaming naming,
    const std::vector<std::string>& other_names = {}) {
  SubjectParameters s;
  for (const auto& [name, value] : values) {
    const std::string key = hipmech::detail::folded(name);
    bool known = false;
    for (const SubjectField& field : subject_fields()) {
      for (int side = 0; side < (field.sided ? 2 : 1) && !known; ++side) {
        if (hipmech::detail::folded(subject_parameter_name(field, side, naming)) != key) continue;
        known = true;
        if (std::isfinite(value)) {
          subject_value(s, field, side) = value * field.file_to_si;
        } else {
          s.invalid_parameters.push_back(name + " = " + std::to_string(value));
        }
      }
      if (known) break;
    }
    if (!known) s.other_parameters.push_back(name);
  }
  s.other_parameters.insert(s.other_parameters.end(), other_names.begin(), other_names.end());
  return s;
}

/// The finite fields of `s` as named values in file units (mm, kg, rad), in table order: the
/// inverse of subject_from_named, for a caller writing its own file (io::write_c3d stores the
/// same values in PROCESSING).
inline std::vector<std::pair<std::string, double>> subject_to_named(const SubjectParameters& s,
                                                                    SubjectNaming naming) {
  std::vector<std::pair<std::string, double>> out;
  for (const SubjectField& field : subject_fields()) {
    for (int side = 0; side < (field.sided ? 2 : 1); ++side) {
      const double v = subject_value(s, field, side);
      if (std::isfinite(v)) {
        out.emplace_back(subject_parameter_name(field, side, naming), v / field.file_to_si);
      }
    }
  }
  return out;
}

}  // namespace hipmech::io
