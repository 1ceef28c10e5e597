/// \file
/// What a streaming session returns for each pushed frame: the frame's angles, the gait events
/// detected by that push and the per-stance summaries completed by it (docs/stream.md). Plain
/// fixed-size values: returning them allocates nothing, so the hot path stays allocation-free.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string_view>

#include "hipmech/core/side.hpp"
#include "hipmech/events/gait_events.hpp"

namespace hipmech::stream {

namespace detail {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
}  // namespace detail

/// Where a session's online gait events come from.
enum class EventSource {
  None = 0,    ///< no events: per-frame outputs only, no per-stance summaries
  Plates,      ///< force-plate vertical force crossing a threshold (events::from_force_plates)
  Kinematics,  ///< Zeni et al. (2008) extremes of heel and toe relative to the sacrum
};

/// "none", "plates" or "kinematics" (the Python names).
constexpr std::string_view to_string(EventSource s) noexcept {
  return s == EventSource::Plates ? "plates" : s == EventSource::Kinematics ? "kinematics" : "none";
}

/// One gait event found online.
struct StreamEvent {
  Side side = Side::Left;
  events::EventKind kind = events::EventKind::FootStrike;
  /// The frame of the event (0-based count of pushed frames): the force crossing's nearest
  /// frame, or the frame of the kinematic extreme.
  std::int64_t frame = -1;
  /// Session time of `frame` [s] (the time pushed with it, or frame / rate).
  double time_s = detail::nan;
  /// The frame whose push reported the event (>= frame): detected_frame - frame is the
  /// event's detection delay in frames.
  std::int64_t detected_frame = -1;
  EventSource source = EventSource::None;
  /// 0-based plate index for EventSource::Plates, -1 otherwise.
  int plate = -1;
};

/// Why a value of a StanceSummary is NaN (bit flags; 0 = everything computed).
enum StanceNote : std::uint32_t {
  kStanceComplete = 0,
  /// No swing of the other foot inside the stance: no single-limb support, no pelvic drop.
  kNoSingleSupport = 1u << 0,
  /// A single-support frame's pelvic obliquity is NaN (missing marker): no pelvic drop.
  kDropFramesMissing = 1u << 1,
  /// A stance frame's knee valgus is NaN: no peak knee valgus.
  kValgusFramesMissing = 1u << 2,
  /// A stance frame's hip adduction is NaN: no peak hip adduction.
  kAdductionFramesMissing = 1u << 3,
  /// The stance began before the oldest frame the session keeps (its max_stance_s): no peaks.
  kLongerThanBuffer = 1u << 4,
};

/// The summary of one stance [foot strike, foot off) of one side, emitted once its frames and
/// events are in: up to filter delay + event delay bound + open-swing wait (force plates,
/// the other foot in the air) after the foot off (PigSession::summary_delay_bound_s()), or
/// by close(). The values are those of the offline pipeline for the same frames and
/// events (report::StanceRow; pelvis::contralateral_drop for the drop).
struct StanceSummary {
  Side side = Side::Left;
  int stance = 0;  ///< 1, 2, ... per side, in the order emitted
  std::int64_t foot_strike_frame = -1;
  std::int64_t foot_off_frame = -1;  ///< one past the stance's last frame
  double foot_strike_time_s = detail::nan;
  double foot_off_time_s = detail::nan;
  double stance_time_s = detail::nan;  ///< foot_off_time_s - foot_strike_time_s
  /// Single-limb support [begin, end) inside the stance; -1 when unknown.
  std::int64_t single_support_begin = -1;
  std::int64_t single_support_end = -1;
  /// Peak contralateral pelvic drop over single support [rad] (this side's obliquity; positive
  /// = swing side lower), NaN when not computed (see `note`).
  double peak_pelvic_drop_rad = detail::nan;
  std::int64_t peak_pelvic_drop_frame = -1;
  double peak_knee_valgus_rad = detail::nan;    ///< peak over the stance (valgus +)
  double peak_hip_adduction_rad = detail::nan;  ///< peak over the stance (adduction +)
  std::int64_t detected_frame = -1;             ///< the frame whose push emitted it
  std::uint32_t note = kStanceComplete;         ///< StanceNote flags
};

/// Upper bounds of what one push can report (fixed so that a frame is a plain value).
inline constexpr int kMaxEventsPerFrame = 16;
inline constexpr int kMaxStancesPerFrame = 4;

/// The events and stance summaries one push reported.
struct FrameReports {
  std::array<StreamEvent, kMaxEventsPerFrame> events{};
  int n_events = 0;
  std::array<StanceSummary, kMaxStancesPerFrame> stances{};
  int n_stances = 0;
};

/// One frame of a Plug-in Gait session (PigSession). Angles [rad], per side index 0 = left,
/// 1 = right, with the offline pipeline's conventions (report::analyse): pelvis angles Baker
/// (2001) relative to the progression frame, hip angles Grood & Suntay JCS pelvis -> thigh,
/// knee angles JCS thigh -> shank; NaN where a marker the angle needs is missing.
struct PigFrame {
  std::int64_t frame = -1;  ///< 0-based count of pushed frames
  double time_s = detail::nan;
  double pelvic_tilt_rad = detail::nan;                                  ///< anterior +
  std::array<double, 2> pelvic_obliquity_rad{detail::nan, detail::nan};  ///< this side up +
  std::array<double, 2> pelvic_rotation_rad{detail::nan, detail::nan};   ///< this side forward +
  std::array<double, 2> hip_flexion_rad{detail::nan, detail::nan};
  std::array<double, 2> hip_adduction_rad{detail::nan, detail::nan};
  std::array<double, 2> hip_rotation_rad{detail::nan, detail::nan};  ///< internal +
  std::array<double, 2> knee_flexion_rad{detail::nan, detail::nan};
  std::array<double, 2> knee_valgus_rad{detail::nan, detail::nan};    ///< valgus +, varus -
  std::array<double, 2> knee_rotation_rad{detail::nan, detail::nan};  ///< internal +
  FrameReports reports;
};

/// One frame of a 2-D keypoint session (KeypointSession) [rad], index 0 = left, 1 = right.
struct KeypointFrame {
  std::int64_t frame = -1;
  double time_s = detail::nan;
  /// pelvis::obliquity_2d of each side (this side higher +).
  std::array<double, 2> pelvic_obliquity_rad{detail::nan, detail::nan};
  /// knee::fppa_2d of each side (valgus +).
  std::array<double, 2> fppa_rad{detail::nan, detail::nan};
};

}  // namespace hipmech::stream
