#include "hipmech/events/merge.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "hipmech/core/check.hpp"

namespace hipmech::events {

MergedEvents merge_events(const std::vector<std::vector<GaitEvent>>& sources,
                          Eigen::Index window_frames, Eigen::Index min_phase_frames) {
  HIPMECH_CHECK_ARG(window_frames >= 0, "window_frames", "a window >= 0 frames", window_frames);
  HIPMECH_CHECK_ARG(min_phase_frames >= 0, "min_phase_frames", "a duration >= 0 frames",
                    min_phase_frames);
  for (std::size_t s = 0; s < sources.size(); ++s) {
    for (std::size_t j = 0; j < sources[s].size(); ++j) {
      HIPMECH_CHECK_ARG(sources[s][j].frame >= 0,
                        "sources[" + std::to_string(s) + "][" + std::to_string(j) + "]",
                        "an event at a frame >= 0 (0-based row)", sources[s][j].frame);
    }
  }
  MergedEvents out;
  // Kept events with their source's priority (index in `sources`).
  std::vector<std::pair<GaitEvent, std::size_t>> kept;
  for (std::size_t s = 0; s < sources.size(); ++s) {
    const std::size_t before = kept.size();
    for (const GaitEvent& e : sources[s]) {
      const auto cover = std::find_if(
          kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(before), [&](const auto& k) {
            return k.first.side == e.side && k.first.kind == e.kind &&
                   std::abs(k.first.frame - e.frame) <= window_frames;
          });
      if (cover != kept.begin() + static_cast<std::ptrdiff_t>(before)) {
        out.dropped.push_back({e, "covered", cover->first});
      } else {
        kept.emplace_back(e, s);
      }
    }
  }
  std::stable_sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(a.first.frame, static_cast<int>(a.first.kind),
                           static_cast<int>(a.first.side)) <
           std::make_tuple(b.first.frame, static_cast<int>(b.first.kind),
                           static_cast<int>(b.first.side));
  });
  // Per foot, until nothing changes: (1) alternation: of two consecutive events of one kind keep
  // the higher priority (on a tie the earlier event); (2) plausible phases: of two consecutive
  // events of different priority closer than min_phase_frames, drop the lower priority one.
  std::vector<bool> drop(kept.size(), false);
  for (Side side : {Side::Left, Side::Right}) {
    for (bool changed = true; changed;) {
      changed = false;
      std::ptrdiff_t prev = -1;
      for (std::size_t i = 0; i < kept.size(); ++i) {
        if (drop[i] || kept[i].first.side != side) continue;
        if (prev >= 0) {
          const auto p = static_cast<std::size_t>(prev);
          const bool same_kind = kept[p].first.kind == kept[i].first.kind;
          const bool too_short = !same_kind && kept[p].second != kept[i].second &&
                                 kept[i].first.frame - kept[p].first.frame < min_phase_frames;
          if (same_kind || too_short) {
            const bool drop_current = kept[i].second >= kept[p].second;
            const std::size_t loser = drop_current ? i : p;
            const std::size_t winner = drop_current ? p : i;
            drop[loser] = true;
            out.dropped.push_back({kept[loser].first,
                                   same_kind ? "out of sequence" : "implausible phase",
                                   kept[winner].first});
            changed = true;
            if (drop_current) continue;  // prev stays
          }
        }
        prev = static_cast<std::ptrdiff_t>(i);
      }
    }
  }
  out.used_per_source.assign(sources.size(), 0);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (drop[i]) continue;
    out.events.push_back(kept[i].first);
    ++out.used_per_source[kept[i].second];
  }
  return out;
}

}  // namespace hipmech::events
