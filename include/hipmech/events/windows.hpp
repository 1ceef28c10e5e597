/// \file
/// Windows of one side between gait events: stance, swing, gait cycle and single-limb support
/// (Perry J, Burnfield JM (2010) Gait Analysis: Normal and Pathological Function, 2nd ed.,
/// ch. 2: stance from initial contact to toe off, swing from toe off to the next initial
/// contact, single-limb support from the opposite toe off to the opposite initial contact).
/// Windows are half-open [begin, end) frame ranges between events that are there: nothing is
/// assumed about an event that is missing (a stance needs its strike and its off).
#pragma once

#include <algorithm>
#include <vector>

#include "hipmech/events/gait_events.hpp"

namespace hipmech::events {

namespace detail {

/// For each event of `side` and kind `from`, the next event of `side` (in time order) when it
/// has kind `to` and a later frame: [from.frame, to.frame). With skip_other_kind, events of
/// the third kind in between are skipped (gait cycles: strike to next strike).
std::vector<Window> side_windows(const std::vector<GaitEvent>& events, Side side, EventKind from,
                                 EventKind to, bool skip_other_kind);

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

/// Single-limb support windows of `side`: inside each stance of `side`, the frames during which
/// the other foot is in an observed swing (its foot off followed by its next strike). Walking:
/// [opposite off, opposite strike) inside the stance; running: the whole stance, since the
/// other foot's swing spans it. A stance that meets no observed swing of the other foot (its
/// off or its next strike is missing from the events) gives no window: nothing is assumed
/// about a foot whose events are not there. At most one window per stance (the longest).
std::vector<Window> single_limb_support_windows(const std::vector<GaitEvent>& events, Side side);

}  // namespace hipmech::events
