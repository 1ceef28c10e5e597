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

inline void check_cycle(double begin, double end, Eigen::Index n_frames, const char* arg_begin,
                        const char* arg_end) {
  const double last = static_cast<double>(n_frames - 1);
  HIPMECH_CHECK_ARG(std::isfinite(begin) && begin >= 0.0 && begin <= last, arg_begin,
                    "a frame index (0-based, may be fractional) in [0, " +
                        hipmech::detail::to_message(last) + "]",
                    begin);
  HIPMECH_CHECK_ARG(std::isfinite(end) && end > begin && end <= last, arg_end,
                    "a frame index after begin (" + hipmech::detail::to_message(begin) +
                        ") and at most " + hipmech::detail::to_message(last),
                    end);
}

/// Writes n_points rows of the cycle [begin, end] of `data` into `out` (rows contiguous, k
/// columns). Sample times like numpy.linspace(begin, end, n_points).
inline void normalise_cycle(const ChannelsCRef& data, double begin, double end,
                            Eigen::Index n_points, double* out) {
  const Eigen::Index k = data.cols();
  const double step = (end - begin) / static_cast<double>(n_points - 1);
  for (Eigen::Index p = 0; p < n_points; ++p) {
    const double t = p == n_points - 1 ? end : begin + static_cast<double>(p) * step;
    Eigen::Index i0 = static_cast<Eigen::Index>(std::floor(t));
    if (i0 > data.rows() - 1) i0 = data.rows() - 1;
    const double w = t - static_cast<double>(i0);
    double* o = out + p * k;
    if (w == 0.0) {
      for (Eigen::Index c = 0; c < k; ++c) o[c] = data(i0, c);
    } else {
      // NaN in either neighbour propagates (IEEE): the point is missing.
      for (Eigen::Index c = 0; c < k; ++c) {
        const double a = data(i0, c), b = data(i0 + 1, c);
        o[c] = a + w * (b - a);
      }
    }
  }
}

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
inline Channels time_normalise(const ChannelsCRef& data, double begin, double end,
                               Eigen::Index n_points = 101) {
  HIPMECH_CHECK_ARG(n_points >= 2, "n_points", "at least 2 points", n_points);
  HIPMECH_CHECK_ARG(data.rows() >= 2, "data", "at least 2 frames",
                    std::to_string(data.rows()) + " frames");
  check_values(data, "data", NanPolicy::Allow);
  detail::check_cycle(begin, end, data.rows(), "begin", "end");
  Channels out(n_points, data.cols());
  detail::normalise_cycle(data, begin, end, n_points, out.data());
  return out;
}

/// time_normalise() of several cycles, stacked: row c * n_points + p is point p of cycle c
/// (numpy reshapes it to (n_cycles, n_points, #channels) without a copy).
/// \param[in] cycles (begin, end) frame pairs
inline Channels time_normalise_cycles(const ChannelsCRef& data,
                                      const std::vector<std::pair<double, double>>& cycles,
                                      Eigen::Index n_points = 101) {
  HIPMECH_CHECK_ARG(n_points >= 2, "n_points", "at least 2 points", n_points);
  HIPMECH_CHECK_ARG(data.rows() >= 2, "data", "at least 2 frames",
                    std::to_string(data.rows()) + " frames");
  check_values(data, "data", NanPolicy::Allow);
  for (std::size_t i = 0; i < cycles.size(); ++i) {
    const std::string b = "cycles[" + std::to_string(i) + "].begin";
    const std::string e = "cycles[" + std::to_string(i) + "].end";
    detail::check_cycle(cycles[i].first, cycles[i].second, data.rows(), b.c_str(), e.c_str());
  }
  Channels out(static_cast<Eigen::Index>(cycles.size()) * n_points, data.cols());
  for (std::size_t i = 0; i < cycles.size(); ++i) {
    detail::normalise_cycle(data, cycles[i].first, cycles[i].second, n_points,
                            out.data() + static_cast<Eigen::Index>(i) * n_points * data.cols());
  }
  return out;
}

}  // namespace hipmech::signal
