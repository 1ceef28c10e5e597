// A clinic Flag as a Python dict (python/hipmech/clinic/_common.py turns it into a Flag).
#pragma once

#include <pybind11/pybind11.h>

#include <string>
#include <vector>

#include "hipmech/clinic/flag.hpp"

namespace hipmech::bindings {

inline pybind11::dict flag_dict(const clinic::Flag& f) {
  pybind11::dict d;
  d["name"] = f.name;
  d["side"] = f.side;
  d["value"] = f.value;
  d["cutoff"] = f.cutoff;
  d["unit"] = f.unit;
  d["rule"] = f.rule;
  d["source"] = f.source;
  d["state"] = std::string(clinic::to_string(f.state));
  d["note"] = f.note;
  return d;
}

inline pybind11::list flag_list(const std::vector<clinic::Flag>& flags) {
  pybind11::list out;
  for (const auto& f : flags) out.append(flag_dict(f));
  return out;
}

}  // namespace hipmech::bindings
