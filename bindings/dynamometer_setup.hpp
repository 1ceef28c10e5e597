// A hip::DynamometerSetup from python/hipmech/hip.py's DynamometerSetup._to_core() dict, shared
// by the hip bindings (bindings/hip.cpp) and the clinic scores (bindings/clinic_scores.cpp).
#pragma once

#include <pybind11/pybind11.h>

#include <string>

#include "hipmech/core/check.hpp"
#include "hipmech/core/detail/text.hpp"
#include "hipmech/hip/dynamometer.hpp"

namespace hipmech::bindings {

inline hip::DynamometerSetup setup_from_dict(const pybind11::dict& d) {
  const auto number = [&d](const char* key, double fallback) {
    if (!d.contains(key) || d[key].is_none()) return fallback;
    return d[key].cast<double>();
  };
  hip::DynamometerSetup s;
  s.lever_arm_m = number("lever_arm_m", s.lever_arm_m);
  s.limb_mass_kg = number("limb_mass_kg", s.limb_mass_kg);
  s.limb_com_distance_m = number("limb_com_distance_m", s.limb_com_distance_m);
  s.limb_angle_rad = number("limb_angle_rad", s.limb_angle_rad);
  s.gravity_mps2 = number("gravity_mps2", s.gravity_mps2);
  const std::string g = d.contains("gravity") ? d["gravity"].cast<std::string>() : "none";
  const std::string f = hipmech::detail::folded(g);
  if (f == "none") {
    s.gravity = hip::GravityEffect::None;
  } else if (f == "opposes") {
    s.gravity = hip::GravityEffect::Opposes;
  } else if (f == "assists") {
    s.gravity = hip::GravityEffect::Assists;
  } else {
    hipmech::detail::throw_invalid_argument("gravity", "'none', 'opposes' or 'assists'",
                                            "'" + g + "'");
  }
  return s;
}

}  // namespace hipmech::bindings
