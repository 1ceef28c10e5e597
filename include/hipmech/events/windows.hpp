/// \file
/// Windows of one side between gait events: stance, swing, gait cycle and single-limb support
/// (Perry J, Burnfield JM (2010) Gait Analysis: Normal and Pathological Function, 2nd ed.,
/// ch. 2: stance from initial contact to toe off, swing from toe off to the next initial
/// contact, single-limb support from the opposite toe off to the opposite initial contact).
/// Windows are half-open [begin, end) frame ranges; they are built from events of one source
/// (a detector or a file) and never across a missing event.
#pragma once

#include <vector>

#include "hipmech/events/gait_events.hpp"

namespace hipmech::events {

namespace detail {

/// For each event of `side` and kind `from`, the next event of `side` (in time order) when it
/// has kind `to` and a later frame: [from.frame, to.frame). With skip_other_kind, events of
/// the third kind in between are skipped (gait cycles: strike to next strike).
inline std::vector<Window> side_windows(const std::vector<GaitEvent>& events, Side side,
                                        EventKind from, EventKind to, bool skip_other_kind) {
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

}  // namespace detail

/// Stance windows of `side`: each foot strike to the next foot off of the same foot, when no
/// other strike of that foot comes first. [strike frame, off frame).
/// \param[in] events gait events of both feet, any order (0-based frames)
inline std::vector<Window> stance_windows(const std::vector<GaitEvent>& events, Side side) {
  return detail::side_windows(events, side, EventKind::FootStrike, EventKind::FootOff, false);
}

/// Swing windows of `side`: each foot off to the next foot strike of the same foot.
/// [off frame, strike frame).
inline std::vector<Window> swing_windows(const std::vector<GaitEvent>& events, Side side) {
  return detail::side_windows(events, side, EventKind::FootOff, EventKind::FootStrike, false);
}

/// Gait cycles (strides) of `side`: each foot strike to the next foot strike of the same foot.
/// [strike frame, next strike frame). With force-plate events a stride whose strike missed the
/// plates is not seen, so a "cycle" may span two strides: compare durations, or use kinematic
/// events.
inline std::vector<Window> gait_cycles(const std::vector<GaitEvent>& events, Side side) {
  return detail::side_windows(events, side, EventKind::FootStrike, EventKind::FootStrike, true);
}

/// Single-limb support windows of `side`: inside each stance of `side`, from the opposite
/// foot's off to the opposite foot's next strike. [opposite off frame, opposite strike frame);
/// a stance without both opposite events gives no window.
inline std::vector<Window> single_limb_support_windows(const std::vector<GaitEvent>& events,
                                                       Side side) {
  const std::vector<GaitEvent> sorted = sorted_events(events);
  const Side other = opposite(side);
  std::vector<Window> out;
  for (const Window& stance : stance_windows(sorted, side)) {
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      const GaitEvent& off = sorted[i];
      if (off.side != other || off.kind != EventKind::FootOff || off.frame < stance.begin ||
          off.frame >= stance.end) {
        continue;
      }
      for (std::size_t j = i + 1; j < sorted.size(); ++j) {
        const GaitEvent& strike = sorted[j];
        if (strike.side != other) continue;
        if (strike.kind == EventKind::FootStrike && strike.frame > off.frame &&
            strike.frame <= stance.end) {
          out.push_back({side, off.frame, strike.frame});
        }
        break;
      }
      break;
    }
  }
  return out;
}

}  // namespace hipmech::events
