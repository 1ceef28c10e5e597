// The compiled definitions of <hipmech/events/windows.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/events/windows.hpp"

namespace hipmech::events::detail {

std::vector<Window> side_windows(const std::vector<GaitEvent>& events, Side side, EventKind from,
                                 EventKind to, bool skip_other_kind) {
  const std::vector<GaitEvent> sorted = sorted_events(events);
  std::vector<Window> out;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const GaitEvent& a = sorted[i];
    if (a.side != side || a.kind != from) continue;
    for (std::size_t j = i + 1; j < sorted.size(); ++j) {
      const GaitEvent& b = sorted[j];
      if (b.side != side) continue;
      if (b.kind != to) {
        if (skip_other_kind) continue;
        break;
      }
      if (b.frame > a.frame) out.push_back({side, a.frame, b.frame});
      break;
    }
  }
  return out;
}

}  // namespace hipmech::events::detail

namespace hipmech::events {

std::vector<Window> single_limb_support_windows(const std::vector<GaitEvent>& events, Side side) {
  const std::vector<Window> other_swings = swing_windows(events, opposite(side));
  std::vector<Window> out;
  for (const Window& stance : stance_windows(events, side)) {
    Window best{side, 0, 0};
    for (const Window& swing : other_swings) {
      const Eigen::Index b = std::max(stance.begin, swing.begin);
      const Eigen::Index e = std::min(stance.end, swing.end);
      if (e - b > best.size()) best = Window{side, b, e};
    }
    if (best.size() > 0) out.push_back(best);
  }
  return out;
}

}  // namespace hipmech::events
