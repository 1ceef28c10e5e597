/// \file
/// Gait events from several sources merged into one sequence: the file's events where it has
/// them, completed by force-plate contacts and the kinematic method elsewhere, each event keeping
/// its source (docs/events.md, "Merging sources").
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/events/gait_events.hpp"

namespace hipmech::events {

/// An event merge_events() left out, and why.
struct DroppedEvent {
  GaitEvent event;
  /// "covered": an event of the same foot and kind from a source earlier in the priority order
  /// lies within the merge window; "out of sequence": it would make two strikes (or two offs)
  /// of one foot follow each other, and the other event has the higher priority.
  std::string reason;
  GaitEvent kept;  ///< the event that covered it or that it conflicted with
};

/// Result of merge_events().
struct MergedEvents {
  std::vector<GaitEvent> events;      ///< time order (sorted_events), each with its own source
  std::vector<DroppedEvent> dropped;  ///< every event left out, with its reason
  /// Events used per source, in the order of the sources given.
  std::vector<Eigen::Index> used_per_source;
};

/// Merge gait events from sources in priority order (the first wins).
///
/// An event of a later source is added only where no event of the same foot and kind from the
/// events kept so far lies within `window_frames` frames (inclusive); then each foot's sequence
/// is made to alternate strike, off, strike, ...: where two events of one kind follow each
/// other, the one from the later source is dropped (on a tie, the later event). Nothing is
/// dropped silently: `dropped` lists every event left out. The default window in the report is
/// 0.3 s, Zeni et al.'s (2008) minimum separation of two events of one kind, far below a
/// stride (about 1 s), so two events within it mark the same contact.
/// \param[in] sources events per source, highest priority first (0-based frames, any order)
/// \param[in] window_frames merge window [frames] (>= 0)
/// \throws InvalidArgument naming `window_frames` or `sources[i][j]` (a negative frame)
MergedEvents merge_events(const std::vector<std::vector<GaitEvent>>& sources,
                          Eigen::Index window_frames);

}  // namespace hipmech::events
