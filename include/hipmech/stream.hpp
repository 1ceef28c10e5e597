/// \file
/// Umbrella header of the stream area (docs/stream.md): real-time sessions that take one frame
/// at a time (Plug-in Gait markers or 2-D keypoints) and return that frame's pelvis, hip and
/// knee angles with the offline formulas, a causal Butterworth filter with a stated delay, and
/// the shared per-frame value types.
#pragma once

#include "hipmech/core.hpp"
#include "hipmech/stream/causal_filter.hpp"
#include "hipmech/stream/frame.hpp"
#include "hipmech/stream/keypoint_session.hpp"
#include "hipmech/stream/online_events.hpp"
#include "hipmech/stream/pig_session.hpp"
#include "hipmech/stream/stance_tracker.hpp"
