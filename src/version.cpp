#include "hipmech/version.hpp"

namespace hipmech {

const char* version() noexcept {
  return HIPMECH_VERSION_STRING;
}

}  // namespace hipmech
