/// \file
/// The hipmech version: the single source of truth for the library, the CMake package and the
/// Python package (CMakeLists.txt and pyproject.toml both read the three numbers below).
#pragma once

#define HIPMECH_VERSION_MAJOR 0
#define HIPMECH_VERSION_MINOR 1
#define HIPMECH_VERSION_PATCH 0

#define HIPMECH_DETAIL_STR(x) #x
#define HIPMECH_DETAIL_XSTR(x) HIPMECH_DETAIL_STR(x)
/// "MAJOR.MINOR.PATCH" of the headers being compiled.
#define HIPMECH_VERSION_STRING               \
  HIPMECH_DETAIL_XSTR(HIPMECH_VERSION_MAJOR) \
  "." HIPMECH_DETAIL_XSTR(HIPMECH_VERSION_MINOR) "." HIPMECH_DETAIL_XSTR(HIPMECH_VERSION_PATCH)

namespace hipmech {

/// Version of the compiled hipmech library that was linked, as "MAJOR.MINOR.PATCH".
/// Equal to HIPMECH_VERSION_STRING unless headers and library come from different installs.
const char* version() noexcept;

}  // namespace hipmech
