// Uses an installed hipmech: version, sides and lab axes on a small trajectory.
#include <cstring>
#include <iostream>
#include <limits>

#include <hipmech/hipmech.hpp>

int main() {
  std::cout << "hipmech " << hipmech::version() << '\n';
  // The linked library and the headers must come from the same install.
  if (std::strcmp(hipmech::version(), HIPMECH_VERSION_STRING) != 0) {
    std::cerr << "library " << hipmech::version() << " != headers " << HIPMECH_VERSION_STRING
              << '\n';
    return 1;
  }

  // Two frames of a marker in a Z-up lab; the second frame is missing (NaN).
  hipmech::Trajectory asis_lab(2, 3);
  asis_lab << 0.10, -0.12, 0.95,  //
      std::numeric_limits<double>::quiet_NaN(), 0.0, 0.0;
  const hipmech::LabAxes lab("Z", "X");
  const hipmech::Trajectory asis_isb = lab.to_isb(asis_lab);
  std::cout << hipmech::to_string(lab) << ": frame 0 in ISB axes = " << asis_isb.row(0)
            << ", missing frames = " << hipmech::count_missing_frames(asis_isb) << '\n';

  try {
    (void)hipmech::parse_side("middle");
  } catch (const std::invalid_argument& e) {
    std::cout << "bad input is reported: " << e.what() << '\n';
  }
  return asis_isb(0, 2) == 0.12 && hipmech::count_missing_frames(asis_isb) == 1 ? 0 : 1;
}
