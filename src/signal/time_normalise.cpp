// The compiled definitions of <hipmech/signal/time_normalise.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/signal/time_normalise.hpp"

namespace hipmech::signal::detail {

void check_cycle(double begin, double end, Eigen::Index n_frames, const char* arg_begin,
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

void normalise_cycle(const ChannelsCRef& data, double begin, double end, Eigen::Index n_points,
                     double* out) {
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

}  // namespace hipmech::signal::detail

namespace hipmech::signal {

Channels time_normalise(const ChannelsCRef& data, double begin, double end, Eigen::Index n_points) {
  HIPMECH_CHECK_ARG(n_points >= 2, "n_points", "at least 2 points", n_points);
  HIPMECH_CHECK_ARG(data.rows() >= 2, "data", "at least 2 frames",
                    std::to_string(data.rows()) + " frames");
  check_values(data, "data", NanPolicy::Allow);
  detail::check_cycle(begin, end, data.rows(), "begin", "end");
  Channels out(n_points, data.cols());
  detail::normalise_cycle(data, begin, end, n_points, out.data());
  return out;
}

Channels time_normalise_cycles(const ChannelsCRef& data,
                               const std::vector<std::pair<double, double>>& cycles,
                               Eigen::Index n_points) {
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
