// The compiled definitions of <hipmech/events/peaks.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/events/peaks.hpp"

namespace hipmech::events {

std::vector<Eigen::Index> find_maxima(const SeriesCRef& x, Eigen::Index min_distance) {
  HIPMECH_CHECK_ARG(min_distance >= 1, "min_distance", "at least 1 sample", min_distance);
  std::vector<Eigen::Index> peaks;
  detail::MaximumScanner scanner;  // the extreme rule (shared with stream::OnlineZeni)
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const Eigen::Index peak = scanner.push(i, x[i]);
    if (peak >= 0) peaks.push_back(peak);
  }
  if (min_distance <= 1 || peaks.size() < 2) return peaks;
  // Highest first (stable: among equal heights the later one is visited first, as in scipy).
  std::vector<std::size_t> order(peaks.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return x[peaks[a]] < x[peaks[b]]; });
  std::vector<char> keep(peaks.size(), 1);
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const std::size_t j = *it;
    if (!keep[j]) continue;
    for (std::size_t k = j; k-- > 0 && peaks[j] - peaks[k] < min_distance;) keep[k] = 0;
    for (std::size_t k = j + 1; k < peaks.size() && peaks[k] - peaks[j] < min_distance; ++k) {
      keep[k] = 0;
    }
  }
  std::vector<Eigen::Index> kept;
  for (std::size_t j = 0; j < peaks.size(); ++j) {
    if (keep[j]) kept.push_back(peaks[j]);
  }
  return kept;
}

}  // namespace hipmech::events
