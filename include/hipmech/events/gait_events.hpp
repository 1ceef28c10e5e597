/// \file
/// Gait events and the windows between them (stance, swing, single-limb support).
/// Frames are 0-based rows of the trial's point data; times are seconds from the first row.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/detail/text.hpp"
#include "hipmech/core/side.hpp"

namespace hipmech::events {

/// Foot strike (initial contact) or foot off (toe off).
enum class EventKind {
  FootStrike,
  FootOff,
};

/// One gait event of one foot.
struct GaitEvent {
  Side side = Side::Left;
  EventKind kind = EventKind::FootStrike;
  Eigen::Index frame = 0;  ///< 0-based row of the point data (nearest frame)
  double time_s = 0.0;     ///< seconds from the first row: frame / rate_hz
  std::string source;      ///< how it was found: "force_plate:2", "zeni", "file", ...
};

/// A half-open range of frames [begin, end) of one side: a stance (foot strike to the next foot
/// off of the same foot), a swing, a single-limb support (the other foot's off to its next
/// strike, inside this side's stance) or a gait cycle (foot strike to the next foot strike).
struct Window {
  Side side = Side::Left;
  Eigen::Index begin = 0;  ///< first frame (0-based)
  Eigen::Index end = 0;    ///< one past the last frame
  Eigen::Index size() const noexcept { return end - begin; }
};

/// "foot_strike" or "foot_off" (the names Python uses).
constexpr std::string_view to_string(EventKind kind) noexcept {
  return kind == EventKind::FootStrike ? "foot_strike" : "foot_off";
}

/// Parses a foot strike ("foot_strike", "Foot Strike", "strike", "FS", "initial contact",
/// "heel strike") or a foot off ("foot_off", "Foot Off", "off", "FO", "toe off"), any case.
/// \throws InvalidArgument naming `arg` for anything else.
EventKind parse_event_kind(std::string_view text, const char* arg = "kind");

/// Events in time order: by frame, then foot strike before foot off, then left before right.
/// A stable sort, so events of the same frame, kind and side keep their order.
inline std::vector<GaitEvent> sorted_events(std::vector<GaitEvent> events) {
  std::stable_sort(events.begin(), events.end(), [](const GaitEvent& a, const GaitEvent& b) {
    return std::make_tuple(a.frame, static_cast<int>(a.kind), static_cast<int>(a.side)) <
           std::make_tuple(b.frame, static_cast<int>(b.kind), static_cast<int>(b.side));
  });
  return events;
}

}  // namespace hipmech::events
