/// \file
/// Time normalisation of a cycle to 0-100 % by linear interpolation, NaN-aware
/// (docs/signal.md, "Time normalisation").
#pragma once

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/trajectory.hpp"

namespace hipmech::signal {

namespace detail {

void check_cycle(double begin, double end, Eigen::Index n_frames, const char* arg_begin,
                 const char* arg_end);

/// Writes n_points rows of the cycle [begin, end] of `data` into `out` (rows contiguous, k
/// columns). Sample times like numpy.linspace(begin, end, n_points).
void normalise_cycle(const ChannelsCRef& data, double begin, double end, Eigen::Index n_points,
                     double* out);

}  // namespace detail

/// Resamples the cycle from frame `begin` to frame `end` (0-based, fractional allowed, e.g.
/// event times x rate) at n_points equally spaced instants, 0 to 100 % of the cycle, by linear
/// interpolation between the two neighbouring frames. A point is NaN when a neighbour it needs
/// is NaN (a point falling exactly on a frame needs only that frame).
/// \param[in] data #frames by #channels (Series, Trajectory or Channels)
/// \param[in] begin first frame of the cycle, 0 <= begin < end
/// \param[in] end last frame of the cycle, end <= #frames - 1
/// \param[in] n_points points per cycle, >= 2 (101: every 1 %)
/// \return n_points by #channels
Channels time_normalise(const ChannelsCRef& data, double begin, double end,
                        Eigen::Index n_points = 101);

/// time_normalise() of several cycles, stacked: row c * n_points + p is point p of cycle c
/// (numpy reshapes it to (n_cycles, n_points, #channels) without a copy).
/// \param[in] cycles (begin, end) frame pairs
Channels time_normalise_cycles(const ChannelsCRef& data,
                               const std::vector<std::pair<double, double>>& cycles,
                               Eigen::Index n_points = 101);

}  // namespace hipmech::signal
