// The compiled definitions of <hipmech/stream/stance_tracker.hpp> (declared and documented
// there).
#include "hipmech/stream/stance_tracker.hpp"

#include "hipmech/core/check.hpp"

namespace hipmech::stream {

StanceTracker::StanceTracker(double rate_hz, double max_stance_s, std::int64_t delay_frames,
                             std::int64_t event_delay_bound_frames)
    : rate_hz_(rate_hz), delay_(delay_frames), capacity_(1) {
  (void)max_stance_s, (void)event_delay_bound_frames;
}

int StanceTracker::push_values(std::int64_t frame, double, const std::array<double, 2>&,
                               const std::array<double, 2>&, const std::array<double, 2>&,
                               std::int64_t, StanceSummary*, int) {
  next_frame_ = frame + 1;
  return 0;
}

int StanceTracker::on_event(const StreamEvent&, StanceSummary*, int) { return 0; }

void StanceTracker::reset() noexcept { next_frame_ = 0; }

}  // namespace hipmech::stream
