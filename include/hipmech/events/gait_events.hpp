/// \file
/// Gait events and the windows between them (stance, swing, single-limb support).
/// Frames are 0-based rows of the trial's point data; times are seconds from the first row.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

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

}  // namespace hipmech::events
