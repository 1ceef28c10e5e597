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
inline double static_obliquity(const SeriesCRef& obliquity) {
  check_values(obliquity, "obliquity");
  double sum = 0.0;
  Eigen::Index n = 0;
  for (Eigen::Index f = 0; f < obliquity.size(); ++f) {
    if (!std::isnan(obliquity[f])) {
      sum += obliquity[f];
      ++n;
    }
  }
  HIPMECH_CHECK_ARG(n > 0, "obliquity", "at least one valid (non-NaN) frame",
                    std::to_string(obliquity.size()) + " frames, all NaN");
  return sum / static_cast<double>(n);
}

namespace detail {

inline void check_windows(const std::vector<events::Window>& windows, Eigen::Index n_frames,
                          const char* arg) {
  for (std::size_t i = 0; i < windows.size(); ++i) {
    const events::Window& w = windows[i];
    HIPMECH_CHECK_ARG(w.begin >= 0 && w.begin < w.end && w.end <= n_frames,
                      std::string(arg) + "[" + std::to_string(i) + "]",
                      "0 <= begin < end <= " + std::to_string(n_frames) + " (the #frames)",
                      "[" + std::to_string(w.begin) + ", " + std::to_string(w.end) + ")");
  }
}

/// Single-support windows of one side sorted by begin, with the longest length, so that the
/// windows overlapping a stance are found by binary search (linear time over a whole trial).
struct SortedWindows {
  std::vector<events::Window> windows;
  Eigen::Index max_size = 0;
};

inline SortedWindows sorted_windows(const std::vector<events::Window>& all, Side side) {
  SortedWindows s;
  for (const events::Window& w : all) {
    if (w.side != side) continue;
    s.windows.push_back(w);
    s.max_size = std::max(s.max_size, w.size());
  }
  std::sort(s.windows.begin(), s.windows.end(),
            [](const events::Window& a, const events::Window& b) { return a.begin < b.begin; });
  return s;
}

/// The single-support window overlapping `stance` most, clipped to it (size 0 if none); the
/// first such window in order of begin on ties.
inline events::Window best_overlap(const events::Window& stance, const SortedWindows& sls) {
  events::Window best{stance.side, stance.begin, stance.begin};
  // Only windows with begin in [stance.begin - max_size, stance.end) can overlap.
  const auto first = std::lower_bound(
      sls.windows.begin(), sls.windows.end(), stance.begin - sls.max_size,
      [](const events::Window& w, Eigen::Index v) { return w.begin < v; });
  for (auto it = first; it != sls.windows.end() && it->begin < stance.end; ++it) {
    const Eigen::Index b = std::max(it->begin, stance.begin);
    const Eigen::Index e = std::min(it->end, stance.end);
    if (e - b > best.size()) best = events::Window{stance.side, b, e};
  }
  return best;
}

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
inline std::vector<StanceDrop> contralateral_drop(const SeriesCRef& obliquity, Side obliquity_side,
                                                  const std::vector<events::Window>& stances,
                                                  const std::vector<events::Window>& single_support,
                                                  const DropOptions& options = {}) {
  check_values(obliquity, "obliquity");
  HIPMECH_CHECK_ARG(std::isfinite(options.static_obliquity_rad), "static_obliquity_rad",
                    "a finite angle in rad", options.static_obliquity_rad);
  HIPMECH_CHECK_ARG(std::isnan(options.trendelenburg_threshold_rad) ||
                        std::isfinite(options.trendelenburg_threshold_rad),
                    "trendelenburg_threshold_rad", "a finite angle in rad or NaN (no flag)",
                    options.trendelenburg_threshold_rad);
  const Eigen::Index n = obliquity.size();
  detail::check_windows(stances, n, "stances");
  detail::check_windows(single_support, n, "single_support");
  const double nan = std::numeric_limits<double>::quiet_NaN();

  const detail::SortedWindows sls_by_side[2] = {detail::sorted_windows(single_support, Side::Left),
                                                detail::sorted_windows(single_support, Side::Right)};
  std::vector<StanceDrop> out;
  out.reserve(stances.size());
  for (const events::Window& stance : stances) {
    StanceDrop d;
    d.side = stance.side;
    d.stance = stance;
    const double sign = stance.side == obliquity_side ? 1.0 : -1.0;
    const auto drop = [&](Eigen::Index f) {
      return sign * (obliquity[f] - options.static_obliquity_rad);
    };
    const double length = static_cast<double>(stance.size());
    const auto percent = [&](double f) {
      return 100.0 * (f - static_cast<double>(stance.begin)) / length;
    };
    d.single_support =
        detail::best_overlap(stance, sls_by_side[stance.side == Side::Left ? 0 : 1]);
    const events::Window& sls = d.single_support;

    // Peak over single support: every frame must be present.
    if (sls.size() == 0) {
      detail::append_note(d.note, "no single-limb support inside this stance (no off and strike "
                                  "of the other foot within it)");
    } else {
      Eigen::Index missing = 0, first_missing = -1;
      double best = -std::numeric_limits<double>::infinity();
      Eigen::Index best_f = -1;
      for (Eigen::Index f = sls.begin; f < sls.end; ++f) {
        const double v = drop(f);
        if (std::isnan(v)) {
          if (missing++ == 0) first_missing = f;
        } else if (v > best) {
          best = v;
          best_f = f;
        }
      }
      if (missing > 0) {
        detail::append_note(d.note, "peak: " + detail::frames_text(first_missing, missing,
                                                                    sls.size()));
      } else {
        d.peak_rad = best;
        d.peak_frame = best_f;
        d.peak_percent_stance = percent(static_cast<double>(best_f));
      }
    }

    // Midstance: middle of single support or 50 % of stance, interpolated between frames.
    double t = nan;
    if (options.midstance == Midstance::HalfStance) {
      t = 0.5 * static_cast<double>(stance.begin + stance.end);
    } else if (sls.size() > 0) {
      t = 0.5 * static_cast<double>(sls.begin + sls.end);
    }
    if (!std::isnan(t)) {
      d.midstance_frame = t;
      d.midstance_percent_stance = percent(t);
      const auto f0 = static_cast<Eigen::Index>(std::floor(t));
      const Eigen::Index f1 = std::min<Eigen::Index>(f0 + 1, n - 1);
      const double w = t - static_cast<double>(f0);
      const double v = w == 0.0 ? drop(f0) : (1.0 - w) * drop(f0) + w * drop(f1);
      if (std::isnan(v)) {
        detail::append_note(d.note, "midstance: frame " + std::to_string(f0) +
                                        (w == 0.0 ? "" : " or " + std::to_string(f1)) +
                                        " missing");
      } else {
        d.midstance_rad = v;
      }
    } else {
      detail::append_note(d.note, "midstance: needs single-limb support");
    }

    if (!std::isnan(options.trendelenburg_threshold_rad) && !std::isnan(d.peak_rad)) {
      d.trendelenburg = d.peak_rad > options.trendelenburg_threshold_rad;
    }
    out.push_back(std::move(d));
  }
  return out;
}

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
inline DropWindows drop_windows(const std::vector<events::GaitEvent>& events) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    HIPMECH_CHECK_ARG(events[i].frame >= 0, "events[" + std::to_string(i) + "]",
                      "a frame >= 0 (0-based row)", events[i].frame);
  }
  DropWindows out;
  for (Side side : {Side::Left, Side::Right}) {
    for (const events::Window& w : events::stance_windows(events, side)) out.stances.push_back(w);
    for (const events::Window& w : events::single_limb_support_windows(events, side)) {
      out.single_support.push_back(w);
    }
  }
  return out;
}

/// contralateral_drop with the windows found from gait events (drop_windows). Stances come
/// left first, then right, each in time order.
/// \throws InvalidArgument naming 'events[i]' for a frame outside [0, #frames), and as the
/// window overload otherwise.
inline std::vector<StanceDrop> contralateral_drop(const SeriesCRef& obliquity, Side obliquity_side,
                                                  const std::vector<events::GaitEvent>& events,
                                                  const DropOptions& options = {}) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    HIPMECH_CHECK_ARG(events[i].frame < obliquity.size(), "events[" + std::to_string(i) + "]",
                      "a frame < " + std::to_string(obliquity.size()) + " (the #frames)",
                      events[i].frame);
  }
  const DropWindows w = drop_windows(events);
  return contralateral_drop(obliquity, obliquity_side, w.stances, w.single_support, options);
}

}  // namespace hipmech::pelvis
