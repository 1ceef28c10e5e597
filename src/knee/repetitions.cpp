// The compiled definitions of <hipmech/knee/repetitions.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/knee/repetitions.hpp"

namespace hipmech::knee {

RepetitionSplit find_repetitions(const SeriesCRef& depth, const RepetitionOptions& options) {
  check_values(depth, "depth");
  HIPMECH_CHECK_ARG(options.onset_fraction >= 0.0 && options.onset_fraction < 1.0, "onset_fraction",
                    "a fraction in [0, 1)", options.onset_fraction);
  RepetitionSplit out;
  double p = options.min_excursion;
  if (std::isnan(p)) {
    if (depth.size() == 0) return out;  // no sample: no range (Eigen's max of nothing is UB)
    const double hi = depth.maxCoeff<Eigen::PropagateNumbers>();
    const double lo = depth.minCoeff<Eigen::PropagateNumbers>();
    p = 0.5 * (hi - lo);
    out.min_excursion = p;
    if (!(p > 0.0)) return out;  // no finite samples, or a constant signal: no repetition
  } else {
    HIPMECH_CHECK_ARG(std::isfinite(p) && p > 0.0, "min_excursion",
                      "a finite positive depth change (or NaN for half the range)", p);
    out.min_excursion = p;
  }
  const Eigen::Index n = depth.size();
  enum class State { Unknown, Rising, Falling } state = State::Unknown;
  Eigen::Index first = 0;
  while (first < n && std::isnan(depth[first])) ++first;
  if (first == n) return out;
  Eigen::Index i_min = first, i_max = first, valley = -1;
  Repetition pending;  // the repetition whose return is being followed (state Falling)
  bool has_pending = false;
  const double fr = options.onset_fraction;
  auto finish = [&](Eigen::Index valley_after) {
    Repetition r = pending;
    const double d_peak = depth[r.peak];
    const double before = r.begin >= 0 ? depth[r.begin] : std::numeric_limits<double>::quiet_NaN();
    const double after = depth[valley_after];
    r.end = detail::onset(depth, r.peak, valley_after, after + fr * (d_peak - after));
    if (r.begin >= 0) {
      r.begin = detail::onset(depth, r.peak, r.begin, before + fr * (d_peak - before));
      r.excursion = d_peak - std::max(before, after);
    } else {
      r.begin = first;
      r.excursion = d_peak - after;
    }
    out.repetitions.push_back(r);
    has_pending = false;
  };
  for (Eigen::Index f = first; f < n; ++f) {
    const double x = depth[f];
    if (std::isnan(x)) continue;
    switch (state) {
      case State::Unknown:
        if (x > depth[i_max]) i_max = f;
        if (x < depth[i_min]) i_min = f;
        if (depth[i_max] - depth[i_min] >= p) {
          if (i_min < i_max) {
            state = State::Rising;
            valley = i_min;
          } else {  // the signal started deep: the descent of this repetition was not recorded
            pending = Repetition{};
            pending.begin = -1;
            pending.peak = i_max;
            pending.depth_at_peak = depth[i_max];
            pending.complete = false;
            pending.note = "the signal starts within the repetition (its descent is missing)";
            has_pending = true;
            state = State::Falling;
          }
        }
        break;
      case State::Rising:
        if (x > depth[i_max]) i_max = f;
        if (depth[i_max] - x >= p) {
          pending = Repetition{};
          pending.begin = valley;
          pending.peak = i_max;
          pending.depth_at_peak = depth[i_max];
          pending.complete = true;
          has_pending = true;
          state = State::Falling;
          i_min = f;
        }
        break;
      case State::Falling:
        if (x < depth[i_min]) i_min = f;
        if (x - depth[i_min] >= p) {
          finish(i_min);
          valley = i_min;
          state = State::Rising;
          i_max = f;
        }
        break;
    }
  }
  if (has_pending) {
    finish(i_min);  // it has come back by at least min_excursion: its end is the lowest frame
  } else if (state == State::Rising && depth[i_max] - depth[valley] >= p) {
    Repetition r;
    r.peak = i_max;
    r.depth_at_peak = depth[i_max];
    const double before = depth[valley];
    r.begin = detail::onset(depth, i_max, valley, before + fr * (depth[i_max] - before));
    r.end = n - 1;
    r.excursion = depth[i_max] - before;
    r.complete = false;
    r.note = "the signal ends within the repetition (its return is missing)";
    out.repetitions.push_back(r);
  }
  return out;
}

}  // namespace hipmech::knee

namespace hipmech::knee::detail {

RepetitionSummary summarise(const std::vector<double>& values) {
  RepetitionSummary s;
  double sum = 0.0;
  for (double v : values) {
    if (std::isfinite(v)) {
      sum += v;
      ++s.count;
    }
  }
  if (s.count == 0) return s;
  s.mean = sum / static_cast<double>(s.count);
  if (s.count < 2) return s;
  double ss = 0.0;
  for (double v : values) {
    if (std::isfinite(v)) ss += (v - s.mean) * (v - s.mean);
  }
  s.sd = std::sqrt(ss / static_cast<double>(s.count - 1));
  return s;
}

}  // namespace hipmech::knee::detail

namespace hipmech::knee {

RepetitionMetric per_repetition(const std::vector<Repetition>& repetitions,
                                const SeriesCRef& values) {
  check_values(values, "values");
  RepetitionMetric m;
  std::vector<double> at_peak, peaks;
  for (const Repetition& r : repetitions) {
    HIPMECH_CHECK_ARG(r.begin >= 0 && r.begin <= r.peak && r.peak <= r.end && r.end < values.size(),
                      "values",
                      "at least " + std::to_string(r.end + 1) +
                          " frames (as the depth signal of the repetitions)",
                      std::to_string(values.size()) + " frames");
    RepetitionValue v;
    v.at_peak_depth = values[r.peak];
    for (Eigen::Index f = r.begin; f <= r.end; ++f) {
      const double x = values[f];
      if (std::isnan(x)) {
        ++v.missing_frames;
      } else if (v.peak_frame < 0 || x > v.peak) {
        v.peak = x;
        v.peak_frame = f;
      }
    }
    if (v.peak_frame >= 0) {
      v.peak_percent = r.end > r.begin ? 100.0 * static_cast<double>(v.peak_frame - r.begin) /
                                             static_cast<double>(r.end - r.begin)
                                       : 0.0;
    }
    if (r.complete) {
      at_peak.push_back(v.at_peak_depth);
      peaks.push_back(v.peak);
    }
    m.per_repetition.push_back(v);
  }
  m.at_peak_depth = detail::summarise(at_peak);
  m.peak = detail::summarise(peaks);
  return m;
}

}  // namespace hipmech::knee
