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
inline bool event_kind_of_label(const std::string& label, EventKind& kind) {
  const std::string s = ::hipmech::detail::folded(label);
  if (s == "footstrike" || s == "footcontact" || s == "heelstrike" || s == "initialcontact") {
    kind = EventKind::FootStrike;
    return true;
  }
  if (s == "footoff" || s == "toeoff") {
    kind = EventKind::FootOff;
    return true;
  }
  return false;
}

/// The side of a file context ("Left"/"Right"/"L"/"R", any case); false for "General" etc.
inline bool side_of_context(const std::string& context, Side& side) {
  const std::string s = ::hipmech::detail::folded(context);
  if (s == "left" || s == "l") {
    side = Side::Left;
    return true;
  }
  if (s == "right" || s == "r") {
    side = Side::Right;
    return true;
  }
  return false;
}

/// The foot strikes and foot offs of trial.events. Each event's frame is the 0-based row
/// nearest to its time: round(time_s x point rate) - (first_frame - 1), as io's
/// Trial.event_frame; time_s of the GaitEvent is frame / point rate (from the first row).
/// Events with another label, without a side, or outside the trial's frames are listed in
/// FileEvents::skipped with the reason.
/// \throws InvalidArgument (argument 'trial.point_rate_hz') on a non-positive rate.
inline FileEvents from_trial_events(const io::Trial& trial) {
  check_positive(trial.point_rate_hz, "trial.point_rate_hz", "Hz");
  FileEvents out;
  const Eigen::Index n = trial.n_frames();
  for (const io::Event& e : trial.events) {
    EventKind kind{};
    Side side{};
    if (!event_kind_of_label(e.label, kind)) {
      out.skipped.push_back({e, "not a foot strike or foot off"});
      continue;
    }
    if (!side_of_context(e.context, side)) {
      out.skipped.push_back({e, "no side (context '" + e.context + "')"});
      continue;
    }
    if (!std::isfinite(e.time_s)) {
      out.skipped.push_back({e, "time is not finite"});
      continue;
    }
    const double row = std::round(e.time_s * trial.point_rate_hz) -
                       static_cast<double>(trial.first_frame - 1);
    if (!(row >= 0.0 && row < static_cast<double>(n))) {  // before rounding to an integer
      out.skipped.push_back({e, "outside the trial (time " + std::to_string(e.time_s) +
                                    " s; the trial has " + std::to_string(n) + " frames)"});
      continue;
    }
    const auto frame = static_cast<Eigen::Index>(row);
    if (frame < 0 || frame >= n) {
      out.skipped.push_back({e, "outside the trial (frame " + std::to_string(frame) + " of " +
                                    std::to_string(n) + ")"});
      continue;
    }
    out.events.push_back({side, kind, frame, static_cast<double>(frame) / trial.point_rate_hz,
                          "file"});
  }
  out.events = sorted_events(std::move(out.events));
  return out;
}

}  // namespace hipmech::events
