// The compiled definitions of <hipmech/pelvis/pelvic_drop.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/pelvis/pelvic_drop.hpp"

#include "hipmech/events/window_peak.hpp"
#include "hipmech/geometry/cardan.hpp"  // detail::kPi

namespace hipmech::pelvis {

namespace detail {

void check_obliquity_rad(const SeriesCRef& obliquity, const char* arg) {
  constexpr double kQuarterTurn = 0.5 * geometry::detail::kPi;
  for (Eigen::Index f = 0; f < obliquity.size(); ++f) {
    if (std::abs(obliquity[f]) > kQuarterTurn) {  // NaN compares false
      hipmech::detail::throw_invalid_argument(arg,
                             "pelvic obliquity in radians, within +/-pi/2 (were degrees passed?)",
                             std::to_string(obliquity[f]) + " at frame " + std::to_string(f));
    }
  }
}

}  // namespace detail

double static_obliquity(const SeriesCRef& obliquity) {
  check_values(obliquity, "obliquity");
  detail::check_obliquity_rad(obliquity, "obliquity");
  double sum = 0.0;
  Eigen::Index n = 0;
  for (Eigen::Index f = 0; f < obliquity.size(); ++f) {
    if (!std::isnan(obliquity[f])) {
      sum += obliquity[f];
      ++n;
    }
  }
  HIPMECH_CHECK_ARG(n > 0, "obliquity", "at least one valid (non-NaN) frame",
                    std::to_string(obliquity.size()) + " frames, all NaN");
  return sum / static_cast<double>(n);
}

}  // namespace hipmech::pelvis

namespace hipmech::pelvis::detail {

void check_windows(const std::vector<events::Window>& windows, Eigen::Index n_frames,
                   const char* arg) {
  for (std::size_t i = 0; i < windows.size(); ++i) {
    const events::Window& w = windows[i];
    HIPMECH_CHECK_ARG(w.begin >= 0 && w.begin < w.end && w.end <= n_frames,
                      std::string(arg) + "[" + std::to_string(i) + "]",
                      "0 <= begin < end <= " + std::to_string(n_frames) + " (the #frames)",
                      "[" + std::to_string(w.begin) + ", " + std::to_string(w.end) + ")");
  }
}

SortedWindows sorted_windows(const std::vector<events::Window>& all, Side side) {
  SortedWindows s;
  for (const events::Window& w : all) {
    if (w.side != side) continue;
    s.windows.push_back(w);
    s.max_size = std::max(s.max_size, w.size());
  }
  std::sort(s.windows.begin(), s.windows.end(),
            [](const events::Window& a, const events::Window& b) { return a.begin < b.begin; });
  return s;
}

events::Window best_overlap(const events::Window& stance, const SortedWindows& sls) {
  events::Window best{stance.side, stance.begin, stance.begin};
  // Only windows with begin in [stance.begin - max_size, stance.end) can overlap.
  const auto first =
      std::lower_bound(sls.windows.begin(), sls.windows.end(), stance.begin - sls.max_size,
                       [](const events::Window& w, Eigen::Index v) { return w.begin < v; });
  for (auto it = first; it != sls.windows.end() && it->begin < stance.end; ++it) {
    const Eigen::Index b = std::max(it->begin, stance.begin);
    const Eigen::Index e = std::min(it->end, stance.end);
    if (e - b > best.size()) best = events::Window{stance.side, b, e};
  }
  return best;
}

}  // namespace hipmech::pelvis::detail

namespace hipmech::pelvis {

std::vector<StanceDrop> contralateral_drop(const SeriesCRef& obliquity, Side obliquity_side,
                                           const std::vector<events::Window>& stances,
                                           const std::vector<events::Window>& single_support,
                                           const DropOptions& options) {
  check_values(obliquity, "obliquity");
  detail::check_obliquity_rad(obliquity, "obliquity");
  constexpr double kQuarterTurn = 0.5 * geometry::detail::kPi;
  HIPMECH_CHECK_ARG(std::isfinite(options.static_obliquity_rad) &&
                        std::abs(options.static_obliquity_rad) <= kQuarterTurn,
                    "static_obliquity_rad", "a finite angle in rad within +/-pi/2 (degrees?)",
                    options.static_obliquity_rad);
  HIPMECH_CHECK_ARG(std::isnan(options.trendelenburg_threshold_rad) ||
                        std::abs(options.trendelenburg_threshold_rad) < kQuarterTurn,
                    "trendelenburg_threshold_rad",
                    "an angle in rad within +/-pi/2, or NaN for no flag (degrees?)",
                    options.trendelenburg_threshold_rad);
  const Eigen::Index n = obliquity.size();
  detail::check_windows(stances, n, "stances");
  detail::check_windows(single_support, n, "single_support");
  const double nan = std::numeric_limits<double>::quiet_NaN();

  const detail::SortedWindows sls_by_side[2] = {
      detail::sorted_windows(single_support, Side::Left),
      detail::sorted_windows(single_support, Side::Right)};
  std::vector<StanceDrop> out;
  out.reserve(stances.size());
  for (const events::Window& stance : stances) {
    StanceDrop d;
    d.side = stance.side;
    d.stance = stance;
    const double sign = stance.side == obliquity_side ? 1.0 : -1.0;
    const auto drop = [&](Eigen::Index f) {
      return sign * (obliquity[f] - options.static_obliquity_rad);
    };
    const double length = static_cast<double>(stance.size());
    const auto percent = [&](double f) {
      return 100.0 * (f - static_cast<double>(stance.begin)) / length;
    };
    d.single_support = detail::best_overlap(stance, sls_by_side[stance.side == Side::Left ? 0 : 1]);
    const events::Window& sls = d.single_support;

    // Peak over single support: every frame must be present.
    if (sls.size() == 0) {
      detail::append_note(d.note,
                          "no single-limb support inside this stance (no off and strike "
                          "of the other foot within it)");
    } else {
      // events::window_peak: the one peak rule (shared with report and stream).
      const events::WindowPeak peak = events::window_peak(drop, sls.begin, sls.end);
      if (peak.n_missing > 0) {
        detail::append_note(
            d.note, "peak: " + detail::frames_text(peak.first_missing, peak.n_missing, sls.size()));
      } else {
        d.peak_rad = peak.value;
        d.peak_frame = peak.frame;
        d.peak_percent_stance = percent(static_cast<double>(peak.frame));
      }
    }

    // Midstance: middle of single support or 50 % of stance, interpolated between frames.
    double t = nan;
    if (options.midstance == Midstance::HalfStance) {
      t = 0.5 * static_cast<double>(stance.begin + stance.end);
    } else if (sls.size() > 0) {
      t = 0.5 * static_cast<double>(sls.begin + sls.end);
    }
    if (!std::isnan(t)) {
      d.midstance_frame = t;
      d.midstance_percent_stance = percent(t);
      const auto f0 = static_cast<Eigen::Index>(std::floor(t));
      const Eigen::Index f1 = std::min<Eigen::Index>(f0 + 1, n - 1);
      const double w = t - static_cast<double>(f0);
      const double v = w == 0.0 ? drop(f0) : (1.0 - w) * drop(f0) + w * drop(f1);
      if (std::isnan(v)) {
        detail::append_note(d.note, "midstance: frame " + std::to_string(f0) +
                                        (w == 0.0 ? "" : " or " + std::to_string(f1)) + " missing");
      } else {
        d.midstance_rad = v;
      }
    } else {
      detail::append_note(d.note, "midstance: needs single-limb support");
    }

    if (!std::isnan(options.trendelenburg_threshold_rad) && !std::isnan(d.peak_rad)) {
      d.trendelenburg = d.peak_rad > options.trendelenburg_threshold_rad;
    }
    out.push_back(std::move(d));
  }
  return out;
}

DropWindows drop_windows(const std::vector<events::GaitEvent>& events) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    HIPMECH_CHECK_ARG(events[i].frame >= 0, "events[" + std::to_string(i) + "]",
                      "a frame >= 0 (0-based row)", events[i].frame);
  }
  DropWindows out;
  for (Side side : {Side::Left, Side::Right}) {
    for (const events::Window& w : events::stance_windows(events, side)) out.stances.push_back(w);
    for (const events::Window& w : events::single_limb_support_windows(events, side)) {
      out.single_support.push_back(w);
    }
  }
  return out;
}

std::vector<StanceDrop> contralateral_drop(const SeriesCRef& obliquity, Side obliquity_side,
                                           const std::vector<events::GaitEvent>& events,
                                           const DropOptions& options) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    HIPMECH_CHECK_ARG(events[i].frame < obliquity.size(), "events[" + std::to_string(i) + "]",
                      "a frame < " + std::to_string(obliquity.size()) + " (the #frames)",
                      events[i].frame);
  }
  const DropWindows w = drop_windows(events);
  return contralateral_drop(obliquity, obliquity_side, w.stances, w.single_support, options);
}

}  // namespace hipmech::pelvis
