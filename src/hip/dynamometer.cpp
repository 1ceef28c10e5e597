// The compiled definitions of <hipmech/hip/dynamometer.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/hip/dynamometer.hpp"

namespace hipmech::hip::detail {

void check_limb(double mass_kg, double com_distance_m, double angle_rad, double gravity_mps2,
                const std::string& prefix) {
  HIPMECH_CHECK_ARG(std::isfinite(mass_kg) && mass_kg >= 0.0, prefix + "limb_mass_kg",
                    "a finite mass >= 0 kg", mass_kg);
  HIPMECH_CHECK_ARG(std::isfinite(com_distance_m) && com_distance_m >= 0.0,
                    prefix + "limb_com_distance_m", "a finite distance >= 0 m", com_distance_m);
  constexpr double half_pi = 1.57079632679489661923;
  HIPMECH_CHECK_ARG(std::isfinite(angle_rad) && std::abs(angle_rad) <= half_pi,
                    prefix + "limb_angle_rad", "an angle in [-pi/2, pi/2] rad above the horizontal",
                    angle_rad);
  HIPMECH_CHECK_ARG(std::isfinite(gravity_mps2) && gravity_mps2 > 0.0, prefix + "gravity_mps2",
                    "a finite positive value in m/s^2", gravity_mps2);
}

void check_setup(const DynamometerSetup& setup) {
  check_positive(setup.lever_arm_m, "setup.lever_arm_m", "m");
  check_limb(setup.limb_mass_kg, setup.limb_com_distance_m, setup.limb_angle_rad,
             setup.gravity_mps2, "setup.");
  if (setup.gravity != GravityEffect::None) {
    // A weight correction with no weight is a forgotten field, not a choice.
    HIPMECH_CHECK_ARG(setup.limb_mass_kg > 0.0, "setup.limb_mass_kg",
                      "a positive mass when setup.gravity is Opposes or Assists",
                      setup.limb_mass_kg);
    HIPMECH_CHECK_ARG(setup.limb_com_distance_m > 0.0, "setup.limb_com_distance_m",
                      "a positive distance when setup.gravity is Opposes or Assists",
                      setup.limb_com_distance_m);
  }
}

}  // namespace hipmech::hip::detail

namespace hipmech::hip {

MvicResult analyse_mvic(const SeriesCRef& torque_nm, double rate_hz, const MvicOptions& options) {
  const Eigen::Index n = torque_nm.size();
  HIPMECH_CHECK_ARG(n >= 2, "torque_nm", "at least 2 samples", std::to_string(n) + " samples");
  check_values(torque_nm, "torque_nm");
  check_positive(rate_hz, "rate_hz", "Hz");
  const double duration_s = static_cast<double>(n) / rate_hz;
  const std::string recording =
      " (the recording has " + std::to_string(n) + " samples, " + detail::fmt(duration_s) + " s)";

  // --- options --------------------------------------------------------------------------------
  HIPMECH_CHECK_ARG(std::isfinite(options.baseline_begin_s) && options.baseline_begin_s >= 0.0,
                    "options.baseline_begin_s", "a finite time >= 0 s", options.baseline_begin_s);
  HIPMECH_CHECK_ARG(std::isfinite(options.baseline_duration_s) && options.baseline_duration_s > 0.0,
                    "options.baseline_duration_s", "a finite positive duration in s",
                    options.baseline_duration_s);
  const Eigen::Index base_begin = detail::samples_in(options.baseline_begin_s, rate_hz);
  const Eigen::Index base_len = detail::samples_in(options.baseline_duration_s, rate_hz);
  const Eigen::Index base_min = options.onset_rule == OnsetRule::BaselineSd ? 2 : 1;
  HIPMECH_CHECK_ARG(
      base_len >= base_min, "options.baseline_duration_s",
      "at least " + std::to_string(base_min) + " sample(s) at " + detail::fmt(rate_hz) + " Hz",
      options.baseline_duration_s);
  HIPMECH_CHECK_ARG(base_begin < n, "options.baseline_begin_s",
                    "a start within the recording" + recording, options.baseline_begin_s);
  HIPMECH_CHECK_ARG(base_begin + base_len <= n, "options.baseline_duration_s",
                    "a baseline window that ends within the recording" + recording,
                    "a window ending at " +
                        detail::fmt(static_cast<double>(base_begin + base_len) / rate_hz) + " s");
  switch (options.onset_rule) {
    case OnsetRule::AboveBaseline:
      HIPMECH_CHECK_ARG(std::isfinite(options.onset_threshold) && options.onset_threshold > 0.0,
                        "options.onset_threshold",
                        "a positive torque in N m above the baseline (OnsetRule::AboveBaseline)",
                        options.onset_threshold);
      break;
    case OnsetRule::BaselineSd:
      HIPMECH_CHECK_ARG(std::isfinite(options.onset_threshold) && options.onset_threshold > 0.0,
                        "options.onset_threshold",
                        "a positive multiple of the baseline SD (OnsetRule::BaselineSd)",
                        options.onset_threshold);
      break;
    case OnsetRule::FractionOfPeak:
      HIPMECH_CHECK_ARG(options.onset_threshold > 0.0 && options.onset_threshold < 1.0,
                        "options.onset_threshold",
                        "a fraction in (0, 1) of the rise to the peak (OnsetRule::FractionOfPeak)",
                        options.onset_threshold);
      break;
    case OnsetRule::Manual:
      HIPMECH_CHECK_ARG(
          options.onset_sample >= 0 && options.onset_sample < n, "options.onset_sample",
          "a sample in [0, " + std::to_string(n) + ") (OnsetRule::Manual)", options.onset_sample);
      break;
  }
  std::vector<Eigen::Index> plateau_len;
  for (double w : options.plateau_windows_s) {
    HIPMECH_CHECK_ARG(std::isfinite(w) && w > 0.0, "options.plateau_windows_s",
                      "finite positive durations in s", w);
    const Eigen::Index k = detail::samples_in(w, rate_hz);
    HIPMECH_CHECK_ARG(k >= 1, "options.plateau_windows_s",
                      "durations of at least one sample at " + detail::fmt(rate_hz) + " Hz", w);
    HIPMECH_CHECK_ARG(k <= n, "options.plateau_windows_s",
                      "durations no longer than the recording" + recording, w);
    plateau_len.push_back(k);
  }
  const double max_rtd_ms = 1000.0 * static_cast<double>(n - 1) / rate_hz;
  for (double w : options.rtd_windows_ms) {
    HIPMECH_CHECK_ARG(
        std::isfinite(w) && w * rate_hz >= 1000.0 * (1.0 - 1e-9), "options.rtd_windows_ms",
        "windows of at least one sampling interval (" + detail::fmt(1000.0 / rate_hz) + " ms)", w);
    HIPMECH_CHECK_ARG(w <= max_rtd_ms * (1.0 + 1e-12), "options.rtd_windows_ms",
                      "windows no longer than the recording" + recording, w);
  }
  HIPMECH_CHECK_ARG(std::isfinite(options.peak_rtd_window_ms) && options.peak_rtd_window_ms > 0.0,
                    "options.peak_rtd_window_ms", "a finite positive window in ms",
                    options.peak_rtd_window_ms);
  const Eigen::Index k_rtd = detail::samples_in(options.peak_rtd_window_ms / 1000.0, rate_hz);
  HIPMECH_CHECK_ARG(
      k_rtd >= 1, "options.peak_rtd_window_ms",
      "a window of at least one sampling interval (" + detail::fmt(1000.0 / rate_hz) + " ms)",
      options.peak_rtd_window_ms);
  HIPMECH_CHECK_ARG(k_rtd <= n - 1, "options.peak_rtd_window_ms",
                    "a window no longer than the recording" + recording,
                    options.peak_rtd_window_ms);

  // --- result skeleton ------------------------------------------------------------------------
  MvicResult r;
  for (double w : options.plateau_windows_s) {
    Plateau p;
    p.window_s = w;
    r.plateaus.push_back(p);
  }
  for (double w : options.rtd_windows_ms) {
    WindowRtd x;
    x.window_ms = w;
    r.rtd.push_back(x);
  }
  r.peak_rtd_window_s = static_cast<double>(k_rtd) / rate_hz;

  // nan_before[i] = number of NaN samples in [0, i): a window [a, b) is NaN-free iff
  // nan_before[b] == nan_before[a].
  std::vector<Eigen::Index> nan_before(static_cast<std::size_t>(n) + 1, 0);
  for (Eigen::Index i = 0; i < n; ++i) {
    nan_before[static_cast<std::size_t>(i) + 1] =
        nan_before[static_cast<std::size_t>(i)] + (std::isnan(torque_nm[i]) ? 1 : 0);
  }
  auto nan_free = [&](Eigen::Index begin, Eigen::Index end) {  // [begin, end)
    return nan_before[static_cast<std::size_t>(end)] == nan_before[static_cast<std::size_t>(begin)];
  };
  const Eigen::Index n_nan = nan_before.back();
  if (n_nan == n) {
    detail::add_note(r.note, "every sample is missing (NaN)");
    return r;
  }
  if (n_nan > 0) {
    detail::add_note(
        r.note, std::to_string(n_nan) + " of " + std::to_string(n) + " samples are missing (NaN)");
  }

  // --- peak -----------------------------------------------------------------------------------
  for (Eigen::Index i = 0; i < n; ++i) {
    const double v = torque_nm[i];
    if (!std::isnan(v) && (r.peak_sample < 0 || v > r.peak_nm)) {
      r.peak_nm = v;
      r.peak_sample = i;
    }
  }
  r.peak_time_s = static_cast<double>(r.peak_sample) / rate_hz;

  // --- plateaus -------------------------------------------------------------------------------
  for (std::size_t w = 0; w < plateau_len.size(); ++w) {
    const Eigen::Index k = plateau_len[w];
    Plateau& p = r.plateaus[w];
    Eigen::Index skipped = 0;
    for (Eigen::Index b = 0; b + k <= n; ++b) {
      if (!nan_free(b, b + k)) {
        ++skipped;
        continue;
      }
      const double mean = torque_nm.segment(b, k).mean();
      if (p.begin < 0 || mean > p.mean_nm) {
        p.mean_nm = mean;
        p.begin = b;
        p.end = b + k;
      }
    }
    if (skipped > 0) {
      detail::add_note(
          r.note, "plateau over " + detail::fmt(p.window_s) + " s: " + std::to_string(skipped) +
                      " of " + std::to_string(n - k + 1) + " windows hold NaN and were skipped" +
                      (p.begin < 0 ? " (none is free of NaN)" : ""));
    }
  }

  // --- baseline -------------------------------------------------------------------------------
  const Eigen::Index base_end = base_begin + base_len;
  if (nan_free(base_begin, base_end)) {
    const Eigen::ArrayXd base = torque_nm.segment(base_begin, base_len).array();
    r.baseline_nm = base.mean();
    if (base_len >= 2) {
      r.baseline_sd_nm =
          std::sqrt((base - r.baseline_nm).square().sum() / static_cast<double>(base_len - 1));
    }
  } else {
    detail::add_note(r.note, "the baseline window holds NaN: baseline unknown");
  }

  // --- onset ----------------------------------------------------------------------------------
  if (options.onset_rule == OnsetRule::Manual) {
    r.onset_sample = options.onset_sample;
  } else if (!std::isnan(r.baseline_nm)) {
    switch (options.onset_rule) {
      case OnsetRule::AboveBaseline:
        r.onset_level_nm = r.baseline_nm + options.onset_threshold;
        break;
      case OnsetRule::BaselineSd:
        r.onset_level_nm = r.baseline_nm + options.onset_threshold * r.baseline_sd_nm;
        break;
      case OnsetRule::FractionOfPeak:
        r.onset_level_nm = r.baseline_nm + options.onset_threshold * (r.peak_nm - r.baseline_nm);
        break;
      case OnsetRule::Manual:
        break;
    }
    const double level = r.onset_level_nm;
    if (!(r.peak_nm > level)) {
      detail::add_note(r.note, "no onset: the peak (" + detail::fmt(r.peak_nm) + " N m" +
                                   ") does not exceed the onset level (" + detail::fmt(level) +
                                   " N m" + ")");
    } else if (r.peak_sample < base_end) {
      detail::add_note(r.note, "no onset: the peak lies in the baseline window");
    } else {
      // Back from the peak to the last observed sample at or below the level (NaN samples are
      // stepped over: they do not show the torque at or below it); the onset is the sample
      // after it, which must be observed, else the crossing fell in a gap.
      Eigen::Index b = r.peak_sample - 1;
      while (b >= base_end && !(torque_nm[b] <= level)) --b;
      if (b < base_end && torque_nm[base_end - 1] > level) {
        detail::add_note(r.note, "no onset: the torque is already above the onset level (" +
                                     detail::fmt(level) +
                                     " N m) at the end of the baseline window");
      } else {
        b = std::max(b, base_end - 1);
        if (std::isnan(torque_nm[b + 1])) {
          detail::add_note(r.note, "no onset: sample " + std::to_string(b + 1) +
                                       ", where the torque crosses the onset level, is missing"
                                       " (NaN)");
        } else {
          r.onset_sample = b + 1;
        }
      }
    }
  }
  if (r.onset_sample < 0) return r;
  const Eigen::Index on = r.onset_sample;
  r.onset_time_s = static_cast<double>(on) / rate_hz;
  r.time_to_peak_s = static_cast<double>(r.peak_sample - on) / rate_hz;
  const double t_on = torque_nm[on];
  if (std::isnan(t_on)) {
    detail::add_note(r.note, "the torque at the onset is missing (NaN): no RTD");
    return r;
  }

  // --- RTD over windows from the onset --------------------------------------------------------
  for (WindowRtd& x : r.rtd) {
    const double offset = x.window_ms * rate_hz / 1000.0;  // samples, maybe fractional
    Eigen::Index i0 = static_cast<Eigen::Index>(std::floor(offset + 1e-9));
    double frac = offset - static_cast<double>(i0);
    if (frac < 1e-9) frac = 0.0;
    const Eigen::Index last = on + i0 + (frac > 0.0 ? 1 : 0);
    if (last >= n) {
      detail::add_note(r.note, "RTD 0-" + detail::fmt(x.window_ms) +
                                   " ms: the window runs past the end of the recording");
      continue;
    }
    if (!nan_free(on, last + 1)) {
      detail::add_note(r.note, "RTD 0-" + detail::fmt(x.window_ms) + " ms: the window holds NaN");
      continue;
    }
    const double a = torque_nm[on + i0];
    x.torque_at_end_nm = frac > 0.0 ? a + frac * (torque_nm[on + i0 + 1] - a) : a;
    x.rtd_nm_per_s = (x.torque_at_end_nm - t_on) / (x.window_ms / 1000.0);
  }

  // --- peak RTD over a sliding window between onset and peak ----------------------------------
  Eigen::Index skipped = 0;
  for (Eigen::Index i = on; i + k_rtd <= r.peak_sample; ++i) {
    if (!nan_free(i, i + k_rtd + 1)) {
      ++skipped;
      continue;
    }
    const double slope =
        (torque_nm[i + k_rtd] - torque_nm[i]) * rate_hz / static_cast<double>(k_rtd);
    if (r.peak_rtd_begin < 0 || slope > r.peak_rtd_nm_per_s) {
      r.peak_rtd_nm_per_s = slope;
      r.peak_rtd_begin = i;
    }
  }
  if (skipped > 0) {
    detail::add_note(r.note, "peak RTD: " + std::to_string(skipped) +
                                 " windows hold NaN and were skipped" +
                                 (r.peak_rtd_begin < 0 ? " (none is free of NaN)" : ""));
  } else if (r.peak_rtd_begin < 0) {
    detail::add_note(r.note, on >= r.peak_sample
                                 ? std::string("peak RTD: the onset is not before the peak")
                                 : "peak RTD: the rise from onset to peak is shorter than the " +
                                       detail::fmt(options.peak_rtd_window_ms) + " ms window");
  }
  return r;
}

TrialSummary summarise_trials(Side side, const std::vector<double>& trial_values) {
  TrialSummary s;
  s.side = side;
  s.n_trials = static_cast<Eigen::Index>(trial_values.size());
  double sum = 0.0;
  for (Eigen::Index t = 0; t < s.n_trials; ++t) {
    const double v = trial_values[static_cast<std::size_t>(t)];
    HIPMECH_CHECK_ARG(!std::isinf(v), "trial_values", "finite values or NaN (missing trial)",
                      detail::fmt(v) + " at trial " + std::to_string(t));
    if (std::isnan(v)) continue;
    ++s.n_valid;
    sum += v;
    auto& idx = s.best_two_trials;
    auto value = [&](Eigen::Index i) { return trial_values[static_cast<std::size_t>(i)]; };
    if (idx[0] < 0 || v > value(idx[0])) {
      idx[1] = idx[0];
      idx[0] = t;
    } else if (idx[1] < 0 || v > value(idx[1])) {
      idx[1] = t;
    }
  }
  const std::string side_name(to_string(side));
  if (s.n_valid < s.n_trials) {
    detail::add_note(s.note, std::to_string(s.n_trials - s.n_valid) + " of " +
                                 std::to_string(s.n_trials) + " " + side_name +
                                 " trials are missing (NaN) and left out");
  }
  if (s.n_valid == 0) {
    detail::add_note(s.note, "no valid " + side_name + " trial");
    return s;
  }
  s.best_trial = s.best_two_trials[0];
  s.best = trial_values[static_cast<std::size_t>(s.best_trial)];
  s.mean = sum / static_cast<double>(s.n_valid);
  if (s.n_valid < 2) {
    detail::add_note(s.note,
                     "one valid " + side_name + " trial: no SD and no mean of the best two");
    return s;
  }
  double ss = 0.0;
  for (double v : trial_values) {
    if (!std::isnan(v)) ss += (v - s.mean) * (v - s.mean);
  }
  s.sd = std::sqrt(ss / static_cast<double>(s.n_valid - 1));
  s.mean_best_two = 0.5 * (trial_values[static_cast<std::size_t>(s.best_two_trials[0])] +
                           trial_values[static_cast<std::size_t>(s.best_two_trials[1])]);
  return s;
}

SideTrials summarise_sides(const std::vector<double>& left_values,
                           const std::vector<double>& right_values) {
  auto one = [](Side side, const std::vector<double>& values, const char* arg) {
    try {
      return summarise_trials(side, values);
    } catch (const InvalidArgument& e) {
      throw InvalidArgument(arg, e.expected(), e.got());
    }
  };
  return SideTrials{one(Side::Left, left_values, "left_values"),
                    one(Side::Right, right_values, "right_values")};
}

double trial_statistic(const TrialSummary& summary, TrialStatistic statistic) {
  switch (statistic) {
    case TrialStatistic::Best:
      return summary.best;
    case TrialStatistic::Mean:
      return summary.mean;
    case TrialStatistic::MeanOfBestTwo:
      return summary.mean_best_two;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace hipmech::hip
