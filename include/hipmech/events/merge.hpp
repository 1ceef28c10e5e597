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
  /// of one foot follow each other, and the other event has the higher priority; "implausible
  /// phase": it would bound a stance or swing shorter than `min_phase_frames` with an event of
  /// higher priority.
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
/// other, the one from the later source is dropped (on a tie, the later event); and of two
/// consecutive events of different sources closer than `min_phase_frames` (a stance or swing
/// no gait has) the later source's is dropped. Nothing is dropped silently: `dropped` lists
/// every event left out. The report uses a window of 0.3 s, Zeni et al.'s (2008) minimum
/// separation of two events of one kind, far below a stride (about 1 s), so two events within
/// it mark the same contact; and a minimum phase of 0.1 s, shorter than any stance or swing of
/// walking (stance about 0.6 s, swing 0.4 s) or running (stance 0.2-0.3 s): a kinematic event
/// at the edge of a recording (gait initiation, filter edges) 6 frames from a file's event is
/// left out.
/// \param[in] sources events per source, highest priority first (0-based frames, any order)
/// \param[in] window_frames merge window [frames] (>= 0)
/// \param[in] min_phase_frames shortest stance or swing between events of different sources
///            [frames] (>= 0; 0: no check)
/// \throws InvalidArgument naming `window_frames`, `min_phase_frames` or `sources[i][j]` (a
///         negative frame)
MergedEvents merge_events(const std::vector<std::vector<GaitEvent>>& sources,
                          Eigen::Index window_frames, Eigen::Index min_phase_frames = 0);

}  // namespace hipmech::events
