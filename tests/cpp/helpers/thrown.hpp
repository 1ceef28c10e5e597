// What an InvalidArgument says: the argument it names and its message, for the bad-input tests
// of every area.
#pragma once

#include <string>

#include "hipmech/core/error.hpp"

namespace hipmech::test {

/// The argument named by the InvalidArgument that `call` throws ("" if it throws nothing).
template <typename F>
std::string thrown_argument(F&& call) {
  try {
    call();
  } catch (const InvalidArgument& e) {
    return e.argument();
  }
  return "";
}

/// The message of the InvalidArgument that `call` throws ("" if it throws nothing).
template <typename F>
std::string thrown_message(F&& call) {
  try {
    call();
  } catch (const InvalidArgument& e) {
    return e.what();
  }
  return "";
}

}  // namespace hipmech::test
