/// \file
/// Gait events stored in a file (the C3D EVENT group: labels "Foot Strike" / "Foot Off",
/// contexts "Left" / "Right", times in seconds from frame 1 of the capture) as GaitEvents.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "hipmech/core/detail/text.hpp"
#include "hipmech/events/gait_events.hpp"
#include "hipmech/io/trial.hpp"

namespace hipmech::events {

/// A file event that did not become a GaitEvent, with the reason.
struct SkippedEvent {
  io::Event event;
  std::string reason;  ///< "not a foot strike or foot off", "no side", "outside the trial"
};

/// Events of a trial converted to GaitEvents, and those skipped.
struct FileEvents {
  std::vector<GaitEvent> events;  ///< in time order, source "file"
  std::vector<SkippedEvent> skipped;
};

/// The gait event kind of a file label, if it is one: "Foot Strike", "Foot Contact",
/// "Heel Strike", "Initial Contact" -> FootStrike; "Foot Off", "Toe Off" -> FootOff (any case,
/// spaces ignored). False for other labels.
bool event_kind_of_label(const std::string& label, EventKind& kind);

/// The side of a file context ("Left"/"Right"/"L"/"R", any case); false for "General" etc.
bool side_of_context(const std::string& context, Side& side);

/// The foot strikes and foot offs of trial.events. Each event's frame is the 0-based row
/// nearest to its time: round(time_s x point rate) - (first_frame - 1), as io's
/// Trial.event_frame; time_s of the GaitEvent is frame / point rate (from the first row).
/// Events with another label, without a side, or outside the trial's frames are listed in
/// FileEvents::skipped with the reason.
/// \throws InvalidArgument (argument 'trial.point_rate_hz') on a non-positive rate.
FileEvents from_trial_events(const io::Trial& trial);

}  // namespace hipmech::events
