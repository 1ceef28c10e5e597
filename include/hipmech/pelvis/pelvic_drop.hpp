/// \file
/// Contralateral pelvic drop per stance: the obliquity of the stance side during its
/// single-limb support (peak, value at midstance, timing), an optional static-trial offset and
/// a Trendelenburg flag (docs/pelvis.md, "Contralateral pelvic drop").
///
/// Drop of a stance of side S = obliquity of S (S higher than the swing side is positive), so a
/// positive drop means the swing-side pelvis is lower than the stance side (docs/conventions.md).
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/events/gait_events.hpp"
#include "hipmech/events/windows.hpp"

namespace hipmech::pelvis {

/// Where "midstance" is taken.
enum class Midstance {
  /// The middle of single-limb support: halfway between the other foot's off and its next
  /// strike (Perry & Burnfield 2010: midstance is the first half of single-limb support and
  /// terminal stance the second, so this is the midstance/terminal-stance boundary; Bramah et
  /// al. 2018 report contralateral pelvic drop "at midstance" of running, whose stance is all
  /// single support). The default.
  MiddleOfSingleSupport,
  /// 50 % of stance: halfway between the foot strike and the foot off of the stance side.
  HalfStance,
};

/// "single_support" or "half_stance".
constexpr std::string_view to_string(Midstance m) noexcept {
  return m == Midstance::MiddleOfSingleSupport ? "single_support" : "half_stance";
}

/// Options of contralateral_drop.
struct DropOptions {
  /// Where the midstance value is read.
  Midstance midstance = Midstance::MiddleOfSingleSupport;
  /// Obliquity of `obliquity_side` in a static (standing) trial [rad], subtracted from the
  /// obliquity before anything else (static_obliquity() gives the mean of a static trial).
  /// 0 = no offset.
  double static_obliquity_rad = 0.0;
  /// A stance is flagged Trendelenburg when its peak drop exceeds this [rad]. NaN (default):
  /// no flag is computed (StanceDrop::trendelenburg is empty). There is no universal cut-off in
  /// gait; docs/pelvis.md discusses the sources.
  double trendelenburg_threshold_rad = std::numeric_limits<double>::quiet_NaN();
};

/// The drop of one stance.
struct StanceDrop {
  /// The stance side S (its foot is on the ground; the other side swings).
  Side side = Side::Left;
  /// The stance [foot strike, foot off) of S, as frames.
  events::Window stance;
  /// Single-limb support inside the stance: the frames where the other foot is off the ground
  /// ([other foot off, other foot strike) clipped to the stance). Empty (size 0) when unknown.
  events::Window single_support;
  /// Peak drop during single-limb support: the largest obliquity of S [rad] (positive = swing
  /// side lower). NaN when single support is unknown or any of its frames is missing (a peak
  /// over an incomplete window is not the peak).
  double peak_rad = std::numeric_limits<double>::quiet_NaN();
  /// Frame of the peak (0-based row), -1 when peak_rad is NaN.
  Eigen::Index peak_frame = -1;
  /// Timing of the peak in % of stance: 100 (peak_frame - stance.begin) /
  /// (stance.end - stance.begin); 0 % at the foot strike, 100 % at the foot off. NaN with peak.
  double peak_percent_stance = std::numeric_limits<double>::quiet_NaN();
  /// Drop at midstance [rad], linearly interpolated when midstance falls between two frames;
  /// NaN when a frame it needs is missing or single support is unknown.
  double midstance_rad = std::numeric_limits<double>::quiet_NaN();
  /// Midstance as a (possibly fractional) frame; NaN when unknown.
  double midstance_frame = std::numeric_limits<double>::quiet_NaN();
  /// Midstance in % of stance (same scale as peak_percent_stance); NaN when unknown.
  double midstance_percent_stance = std::numeric_limits<double>::quiet_NaN();
  /// True when peak_rad > DropOptions::trendelenburg_threshold_rad; empty when no threshold
  /// was given or the peak is NaN.
  std::optional<bool> trendelenburg;
  /// Why something is NaN (missing frames, no single support); empty when everything was
  /// computed.
  std::string note;
};

/// Mean obliquity of a static trial [rad], NaN frames ignored: the offset of
/// DropOptions::static_obliquity_rad.
/// \param obliquity #frames obliquity of one side in the static trial [rad]
/// \throws InvalidArgument naming 'obliquity' if it holds infinity or no valid frame.
double static_obliquity(const SeriesCRef& obliquity);

namespace detail {

void check_windows(const std::vector<events::Window>& windows, Eigen::Index n_frames,
                   const char* arg);

/// Throws InvalidArgument naming `arg` when a finite value exceeds 90 deg in magnitude: a pelvis
/// is never tilted that far sideways, so the angles are most likely in degrees (an OpenSim
/// table keeps its degrees, io::Table::in_degrees). Issue 19: degrees passed as radians ran
/// silently.
void check_obliquity_rad(const SeriesCRef& obliquity, const char* arg);

/// Single-support windows of one side sorted by begin, with the longest length, so that the
/// windows overlapping a stance are found by binary search (linear time over a whole trial).
struct SortedWindows {
  std::vector<events::Window> windows;
  Eigen::Index max_size = 0;
};

SortedWindows sorted_windows(const std::vector<events::Window>& all, Side side);

/// The single-support window overlapping `stance` most, clipped to it (size 0 if none); the
/// first such window in order of begin on ties.
events::Window best_overlap(const events::Window& stance, const SortedWindows& sls);

inline std::string frames_text(Eigen::Index first, Eigen::Index count, Eigen::Index total) {
  return std::to_string(count) + " of " + std::to_string(total) +
         " single-support frames missing (first at frame " + std::to_string(first) + ")";
}

inline void append_note(std::string& note, const std::string& text) {
  if (!note.empty()) note += "; ";
  note += text;
}

}  // namespace detail

/// Contralateral pelvic drop for every stance.
///
/// For a stance of side S, drop(f) = sign * (obliquity(f) - static_obliquity_rad), with sign =
/// +1 when S is `obliquity_side` and -1 otherwise (the obliquity of one side is minus that of
/// the other in every clinical convention). Peak = max of drop over single-limb support;
/// midstance per DropOptions::midstance. Every stance gives one StanceDrop, in the order given;
/// what cannot be computed is NaN and StanceDrop::note says why.
/// \param obliquity #frames pelvic obliquity of `obliquity_side` [rad] (column 1 of
/// pelvis_angles, PlugInGait or Baker), relative to the lab or progression frame; NaN = missing
/// \param obliquity_side the side whose obliquity `obliquity` is
/// \param stances stance windows [foot strike, foot off) of either side, frames of `obliquity`
/// \param single_support single-limb-support windows [other foot off, other foot strike) of
/// either side; the one of the stance's side overlapping the stance most is used, clipped
/// \param options midstance definition, static offset, Trendelenburg threshold
/// \throws InvalidArgument naming the argument (and the window's index) for infinity, a window
/// outside [0, #frames) or empty, a non-finite static offset or an infinite threshold.
std::vector<StanceDrop> contralateral_drop(const SeriesCRef& obliquity, Side obliquity_side,
                                           const std::vector<events::Window>& stances,
                                           const std::vector<events::Window>& single_support,
                                           const DropOptions& options = {});

/// Stance and single-limb-support windows from gait events.
struct DropWindows {
  std::vector<events::Window> stances;
  std::vector<events::Window> single_support;
};

/// Stance windows of both sides and, inside each, the single-limb support, as the events area
/// defines them (events::stance_windows, events::single_limb_support_windows: the stance
/// frames during which the other foot is in an observed swing; walking and running alike).
/// \param events gait events of both feet, any order; frames are 0-based rows
/// \throws InvalidArgument naming 'events[i]' for a negative frame.
DropWindows drop_windows(const std::vector<events::GaitEvent>& events);

/// contralateral_drop with the windows found from gait events (drop_windows). Stances come
/// left first, then right, each in time order.
/// \throws InvalidArgument naming 'events[i]' for a frame outside [0, #frames), and as the
/// window overload otherwise.
std::vector<StanceDrop> contralateral_drop(const SeriesCRef& obliquity, Side obliquity_side,
                                           const std::vector<events::GaitEvent>& events,
                                           const DropOptions& options = {});

}  // namespace hipmech::pelvis
