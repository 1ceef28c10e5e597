/// \file
/// Text helpers for parsing user-facing names (sides, axes).
#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace hipmech::detail {

/// `text` in lower case with every whitespace character removed: " Right " -> "right".
inline std::string folded(std::string_view text) {
  std::string s;
  s.reserve(text.size());
  for (char ch : text) {
    if (!std::isspace(static_cast<unsigned char>(ch))) {
      s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    }
  }
  return s;
}

}  // namespace hipmech::detail
