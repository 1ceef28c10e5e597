// The compiled definitions of <hipmech/events/gait_events.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/events/gait_events.hpp"

namespace hipmech::events {

EventKind parse_event_kind(std::string_view text, const char* arg) {
  std::string s;  // lower case; spaces, '_' and '-' removed
  for (char c : ::hipmech::detail::folded(text)) {
    if (c != '_' && c != '-') s.push_back(c);
  }
  if (s == "footstrike" || s == "strike" || s == "fs" || s == "initialcontact" ||
      s == "heelstrike") {
    return EventKind::FootStrike;
  }
  if (s == "footoff" || s == "off" || s == "fo" || s == "toeoff") return EventKind::FootOff;
  ::hipmech::detail::throw_invalid_argument(arg, "'foot_strike' or 'foot_off'",
                                            "'" + std::string(text) + "'");
}

}  // namespace hipmech::events
