/// \file
/// The body side of a side-specific quantity. Clinical signs are mirrored per side so that the
/// same sign means the same thing on both sides (docs/conventions.md).
#pragma once

#include <string>
#include <string_view>

#include "hipmech/core/check.hpp"
#include "hipmech/core/detail/text.hpp"

namespace hipmech {

/// Left or right side of the body.
enum class Side {
  Left,
  Right,
};

/// The other side.
constexpr Side opposite(Side side) noexcept {
  return side == Side::Left ? Side::Right : Side::Left;
}

/// "left" or "right".
constexpr std::string_view to_string(Side side) noexcept {
  return side == Side::Left ? "left" : "right";
}

/// "L" or "R": the prefix of Plug-in Gait marker and output names ("LASI", "RKneeAngles").
constexpr char prefix(Side side) noexcept {
  return side == Side::Left ? 'L' : 'R';
}

/// +1 for the right side and -1 for the left: the factor that mirrors a lab-frame lateral
/// component (Z to the right, ISB) so that "lateral" has the same sign on both sides.
constexpr double lateral_sign(Side side) noexcept {
  return side == Side::Right ? 1.0 : -1.0;
}

/// Parses "left"/"right", "l"/"r" (any case, surrounding spaces ignored).
/// \throws InvalidArgument naming `arg` for anything else.
inline Side parse_side(std::string_view text, const char* arg = "side") {
  const std::string s = detail::folded(text);
  if (s == "left" || s == "l") return Side::Left;
  if (s == "right" || s == "r") return Side::Right;
  detail::throw_invalid_argument(arg, "'left' or 'right' (or 'L'/'R')",
                                 "'" + std::string(text) + "'");
}

}  // namespace hipmech
