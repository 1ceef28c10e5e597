#include <cstring>
#include <iostream>

#include <hipmech/hipmech.hpp>

int main() {
  std::cout << "hipmech " << hipmech::version() << " via add_subdirectory\n";
  const hipmech::Side side = hipmech::parse_side("R");
  return std::strcmp(hipmech::version(), HIPMECH_VERSION_STRING) == 0 &&
                 side == hipmech::Side::Right
             ? 0
             : 1;
}
