// The compiled definitions of <hipmech/pelvis/conventions.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/pelvis/conventions.hpp"

namespace hipmech::pelvis {

PelvisConvention parse_pelvis_convention(std::string_view text, const char* arg) {
  std::string s;
  for (char c : hipmech::detail::folded(text)) {
    if (c != ' ' && c != '-' && c != '_') s.push_back(c);
  }
  if (s == "plugingait" || s == "pig" || s == "cgm" || s == "tiltobliquityrotation") {
    return PelvisConvention::PlugInGait;
  }
  if (s == "baker" || s == "rotationobliquitytilt") return PelvisConvention::Baker;
  if (s == "opensim") return PelvisConvention::OpenSim;
  hipmech::detail::throw_invalid_argument(
      arg,
      "'plug-in-gait' (= 'tilt-obliquity-rotation'), 'baker' (= 'rotation-obliquity-tilt') or "
      "'opensim'",
      "'" + std::string(text) + "'");
}

}  // namespace hipmech::pelvis
