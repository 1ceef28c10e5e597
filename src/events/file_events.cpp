// The compiled definitions of <hipmech/events/file_events.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/events/file_events.hpp"

namespace hipmech::events {

bool event_kind_of_label(const std::string& label, EventKind& kind) {
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

bool side_of_context(const std::string& context, Side& side) {
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

FileEvents from_trial_events(const io::Trial& trial) {
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
    const double row =
        std::round(e.time_s * trial.point_rate_hz) - static_cast<double>(trial.first_frame - 1);
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
    out.events.push_back(
        {side, kind, frame, static_cast<double>(frame) / trial.point_rate_hz, "file"});
  }
  out.events = sorted_events(std::move(out.events));
  return out;
}

}  // namespace hipmech::events
