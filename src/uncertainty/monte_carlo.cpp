// Seeded Monte Carlo propagation of the measurement uncertainty through report::analyse's
// numerical path (monte_carlo.hpp, docs/uncertainty.md "Monte Carlo").
//
// Per draw d (its own generators, draw_seed(seed, d, source), so the result does not depend on
// the number of threads): raw markers + white noise -> the analysis's filter -> + placement
// offsets -> TrialPipeline::evaluate with the draw's systematic errors (hip centres, segment
// parameters, centres of pressure, subject measurements). What is kept per draw: the deviation
// of every per-frame curve value and of every mean normalised cycle from the pipeline's nominal
// evaluation (float: the deviations are small, so float keeps about 7 significant digits of
// them; 4 bytes per value), and the per-stance peaks (double).
//
// Summaries over the draws that did not fail:
//   - per frame, per mean-cycle point, per stance peak, per summary number: value = the nominal
//     analysis's, sd = the SD of the draws (n - 1), (low, high) = the value plus the
//     (1 - c) / 2 and (1 + c) / 2 quantiles of the deviations (numpy's linear quantile,
//     stats::quantile_linear): the percentile interval of the draws;
//   - combined intervals of the summary rows: report::analyse's percentile bootstrap across
//     stances (the same resamples: stats::bootstrap_indices with options.n_resamples and
//     options.seed) where resample b takes its stance values from draw valid[b mod n_valid]
//     (the nominal value plus that draw's deviation), so that each resample carries one
//     realisation of the measurement error on top of the between-stride resampling.
#include "monte_carlo.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <string>
#include <thread>

#include "hipmech/core/check.hpp"
#include "hipmech/core/error.hpp"
#include "hipmech/signal/time_normalise.hpp"
#include "hipmech/stats/asymmetry.hpp"
#include "hipmech/stats/bootstrap.hpp"
#include "hipmech/stats/distributions.hpp"
#include "hipmech/synth/random.hpp"
#include "summarise.hpp"

namespace hipmech::uncertainty::detail {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr Eigen::Index kCyclePoints = 101;
constexpr std::size_t kSeries = report::kCurveCount * 2;  // curve-major, then side
constexpr std::size_t kQ = report::kQuantityCount;
/// Largest number of stored per-draw values (frames and cycle points of every curve): 1 GB of
/// floats.
constexpr double kMaxStoredValues = 2.5e8;
/// Share of failed draws above which the result carries a warning note.
constexpr double kMaxFailedShare = 0.05;

/// Nan-mean over the cycles of time-normalised curves (n_cycles * 101 rows, cycle-major), 101
/// points: the mean over the cycles with a finite value at that point (hipmech.plot's mean
/// curve), NaN where none has one.
void mean_cycle(const Channels& stacked, Eigen::Index n_cycles, double* out) {
  for (Eigen::Index p = 0; p < kCyclePoints; ++p) {
    double sum = 0.0;
    Eigen::Index count = 0;
    for (Eigen::Index c = 0; c < n_cycles; ++c) {
      const double v = stacked(c * kCyclePoints + p, 0);
      if (std::isfinite(v)) {
        sum += v;
        ++count;
      }
    }
    out[p] = count > 0 ? sum / static_cast<double>(count) : kNaN;
  }
}

/// The mean normalised cycle of a nominal report curve (n_cycles by 101).
Eigen::VectorXd mean_cycle(
    const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>& cycles) {
  Eigen::VectorXd out(kCyclePoints);
  for (Eigen::Index p = 0; p < kCyclePoints; ++p) {
    double sum = 0.0;
    Eigen::Index count = 0;
    for (Eigen::Index c = 0; c < cycles.rows(); ++c) {
      if (std::isfinite(cycles(c, p))) {
        sum += cycles(c, p);
        ++count;
      }
    }
    out[p] = count > 0 ? sum / static_cast<double>(count) : kNaN;
  }
  return out;
}

/// numpy's linear quantiles (stats::quantile_linear, Hyndman & Fan 1996 definition 7) of the
/// m values in `v` at levels p_low <= p_high, by selection instead of a full sort (the second
/// selection runs on the part above the first); reorders `v`.
std::array<double, 2> quantiles_select(double* v, Eigen::Index m, double p_low, double p_high) {
  std::array<double, 2> out{kNaN, kNaN};
  if (m == 0) return out;
  Eigen::Index from = 0;  // v[0, from) holds values <= every value in v[from, m)
  const double ps[2] = {p_low, p_high};
  for (std::size_t k = 0; k < 2; ++k) {
    const double h = static_cast<double>(m - 1) * ps[k];
    const double j = std::floor(h);
    const auto lo = std::max(static_cast<Eigen::Index>(j), from);
    std::nth_element(v + from, v + lo, v + m);
    from = lo;
    const double a = v[lo];
    if (lo >= m - 1) {
      out[k] = a;
      continue;
    }
    const double b = *std::min_element(v + lo + 1, v + m);
    const double g = h - j;
    const double d = b - a;
    out[k] = g >= 0.5 ? b - d * (1.0 - g) : a + d * g;
  }
  return out;
}

/// sd (n - 1) and the percentile interval of deviations (finite, m of them in `dev`, reordered)
/// around `value`.
struct Spread {
  double sd = kNaN, low = kNaN, high = kNaN;
};

Spread spread_of(double value, double* dev, Eigen::Index m, double confidence) {
  Spread s;
  if (!std::isfinite(value) || m == 0) return s;
  double mean = 0.0;
  for (Eigen::Index k = 0; k < m; ++k) mean += dev[k];
  mean /= static_cast<double>(m);
  if (m >= 2) {
    double ss = 0.0;
    for (Eigen::Index k = 0; k < m; ++k) ss += (dev[k] - mean) * (dev[k] - mean);
    s.sd = std::sqrt(ss / static_cast<double>(m - 1));
  }
  const std::array<double, 2> q =
      quantiles_select(dev, m, 0.5 * (1.0 - confidence), 0.5 * (1.0 + confidence));
  s.low = value + q[0];
  s.high = value + q[1];
  return s;
}

ValueUncertainty value_uncertainty(double value, std::vector<double>& dev, double confidence) {
  ValueUncertainty u;
  u.share.fill(kNaN);  // Monte Carlo draws the sources together
  u.value = value;
  const Spread s = spread_of(value, dev.data(), static_cast<Eigen::Index>(dev.size()), confidence);
  u.sd = s.sd;
  u.low = s.low;
  u.high = s.high;
  return u;
}

/// Standard normal numbers from a synth::Rng's uniforms by Marsaglia's polar method (Marsaglia
/// & Bray 1964, SIAM Rev 6:260-264): u, v uniform in (-1, 1) until 0 < s = u^2 + v^2 < 1, then
/// u sqrt(-2 ln s / s) and v sqrt(-2 ln s / s) are independent N(0, 1). One logarithm per two
/// numbers and no sine or cosine: about half the cost of Box-Muller (Rng::normal), which
/// matters for the marker noise (every coordinate of every frame of every draw).
class PolarNormal {
 public:
  explicit PolarNormal(synth::Rng& rng) : rng_(rng) {}
  double operator()() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u = 0.0, v = 0.0, s = 0.0;
    do {
      u = 2.0 * rng_.uniform() - 1.0;
      v = 2.0 * rng_.uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double f = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
  }

 private:
  synth::Rng& rng_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

/// Runs body(worker, begin, end) over [0, count) in `n_threads` contiguous chunks.
template <typename Body>
void parallel_chunks(Eigen::Index count, int n_threads, Body&& body) {
  const Eigen::Index t = std::max<Eigen::Index>(1, std::min<Eigen::Index>(n_threads, count));
  if (t == 1) {
    body(Eigen::Index{0}, count);
    return;
  }
  std::vector<std::thread> threads;
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(t));
  for (Eigen::Index w = 0; w < t; ++w) {
    threads.emplace_back([&, w] {
      try {
        body(count * w / t, count * (w + 1) / t);
      } catch (...) {
        errors[static_cast<std::size_t>(w)] = std::current_exception();
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace

std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31U);
}

std::uint64_t draw_seed(std::uint64_t seed, Eigen::Index draw, Source source) noexcept {
  return splitmix64(splitmix64(splitmix64(seed) + static_cast<std::uint64_t>(draw)) +
                    static_cast<std::uint64_t>(source));
}

Systematic draw_systematic(const UncertaintyModel& model, std::uint64_t seed, Eigen::Index draw,
                           std::size_t n_plates) {
  Systematic sys;
  if (model.active(Source::HipJointCentre)) {
    synth::Rng rng(draw_seed(seed, draw, Source::HipJointCentre));
    const double rho = model.hip_centre_side_correlation;
    const double rest = std::sqrt(std::max(0.0, 1.0 - rho * rho));
    for (Eigen::Index a = 0; a < 3; ++a) {
      const double mirror = a == 2 ? -1.0 : 1.0;  // Z points right: lateral on the right only
      const double z_right = rng.normal();
      const double z_left = rng.normal();
      const double sd = model.hip_centre_sd_m[a];
      sys.hip_centre_offset_m[1][a] = sd * z_right;
      sys.hip_centre_offset_m[0][a] = sd * (rho * mirror * z_right + rest * z_left);
    }
  }
  if (model.active(Source::SegmentParameters)) {
    synth::Rng rng(draw_seed(seed, draw, Source::SegmentParameters));
    const double rho = model.segment_side_correlation;
    const double rest = std::sqrt(std::max(0.0, 1.0 - rho * rho));
    for (std::size_t k = 0; k < kSegmentCount; ++k) {
      const std::array<std::pair<double, std::array<std::array<double, kSegmentCount>, 2>*>, 3>
          params = {{{model.segment_mass_cv, &sys.segment_mass_rel},
                     {model.segment_com_sd_fraction, &sys.segment_com_fraction},
                     {model.segment_gyration_cv, &sys.segment_gyration_rel}}};
      for (const auto& [sd, target] : params) {
        const double z_right = rng.normal();
        const double z_left = rng.normal();
        (*target)[1][k] = sd * z_right;
        (*target)[0][k] = sd * (rho * z_right + rest * z_left);
      }
    }
  }
  if (model.active(Source::CentreOfPressure) && n_plates > 0) {
    synth::Rng rng(draw_seed(seed, draw, Source::CentreOfPressure));
    sys.cop_offset_m.resize(n_plates);
    for (Eigen::Vector2d& o : sys.cop_offset_m) {
      o[0] = model.cop_sd_m * rng.normal();
      o[1] = model.cop_sd_m * rng.normal();
    }
  }
  if (model.active(Source::SubjectMeasurements)) {
    synth::Rng rng(draw_seed(seed, draw, Source::SubjectMeasurements));
    for (std::size_t i = 0; i < 2; ++i) {
      sys.knee_width_delta_m[i] = model.knee_width_sd_m * rng.normal();
      sys.ankle_width_delta_m[i] = model.ankle_width_sd_m * rng.normal();
      sys.leg_length_delta_m[i] = model.leg_length_sd_m * rng.normal();
    }
  }
  return sys;
}

void draw_markers(const TrialPipeline& pipeline, const UncertaintyModel& model, std::uint64_t seed,
                  Eigen::Index draw, std::vector<Trajectory>& noisy,
                  std::vector<Trajectory>& filtered) {
  const std::vector<Trajectory>& raw = pipeline.raw_markers();
  if (model.active(Source::MarkerNoise)) {
    synth::Rng rng(draw_seed(seed, draw, Source::MarkerNoise));
    PolarNormal normal(rng);
    const double sigma = model.marker_noise_m;
    noisy.resize(raw.size());
    for (std::size_t k = 0; k < raw.size(); ++k) {
      noisy[k] = raw[k];  // same size after the first draw: no allocation
      double* x = noisy[k].data();
      const Eigen::Index size = noisy[k].size();
      for (Eigen::Index j = 0; j < size; ++j) x[j] += sigma * normal();  // NaN stays NaN
    }
    pipeline.filter(noisy, filtered);
  } else {
    filtered = pipeline.filtered_markers();
  }
  if (model.active(Source::MarkerPlacement)) {
    synth::Rng rng(draw_seed(seed, draw, Source::MarkerPlacement));
    for (Trajectory& t : filtered) {
      const Eigen::RowVector3d offset(model.marker_placement_sd_m * rng.normal(),
                                      model.marker_placement_sd_m * rng.normal(),
                                      model.marker_placement_sd_m * rng.normal());
      t.rowwise() += offset;
    }
  }
}

UncertaintyResult propagate_monte_carlo(const TrialPipeline& pipeline,
                                        const UncertaintyModel& model,
                                        const PropagationOptions& propagation,
                                        const report::AnalysisOptions& options) {
  const Eigen::Index D = propagation.n_draws;
  const Eigen::Index n = pipeline.n_frames();
  const report::TrialSummary& nominal = pipeline.nominal();
  const std::size_t S = nominal.stances.size();
  const double confidence = propagation.confidence;
  HIPMECH_CHECK_ARG(D <= max_monte_carlo_draws(n), "n_draws",
                    "at most " + std::to_string(max_monte_carlo_draws(n)) +
                        " draws for a trial of " + std::to_string(n) +
                        " frames (the per-draw curves are kept: 1 GB at most)",
                    D);
  int n_threads = propagation.n_threads;
  if (n_threads == 0)
    n_threads = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  n_threads = static_cast<int>(std::min<Eigen::Index>(n_threads, D));

  // The pipeline's own nominal evaluation: the reference of every deviation (with no
  // perturbation every deviation is exactly 0).
  Output ref;
  pipeline.evaluate(pipeline.filtered_markers(), Systematic{}, ref);
  std::array<std::vector<std::pair<double, double>>, 2> spans;
  for (std::size_t i = 0; i < 2; ++i) {
    for (const auto& [b, e] : nominal.curves.cycles[i]) {
      spans[i].emplace_back(static_cast<double>(b), static_cast<double>(e));
    }
  }
  const auto cycle_means = [&](const Output& o, std::size_t c, std::size_t i, double* out) {
    const Channels stacked = signal::time_normalise_cycles(o.curves[c][i], spans[i], kCyclePoints);
    mean_cycle(stacked, static_cast<Eigen::Index>(spans[i].size()), out);
  };
  std::array<Eigen::VectorXd, kSeries> ref_cycle;
  for (std::size_t c = 0; c < report::kCurveCount; ++c) {
    for (std::size_t i = 0; i < 2; ++i) {
      if (spans[i].empty()) continue;
      ref_cycle[c * 2 + i].resize(kCyclePoints);
      cycle_means(ref, c, i, ref_cycle[c * 2 + i].data());
    }
  }

  // The draws.
  const auto uD = static_cast<std::size_t>(D);
  const auto un = static_cast<std::size_t>(n);
  std::vector<float> frame_dev(uD * kSeries * un);
  std::vector<float> cycle_dev(uD * kSeries * static_cast<std::size_t>(kCyclePoints));
  std::vector<double> peaks(uD * S * kQ, kNaN);
  std::vector<char> failed(uD, 0);
  std::vector<std::string> failure(uD), failure_key(uD);  // message; what groups them
  std::atomic<Eigen::Index> next{0};
  const std::size_t n_plates = pipeline.n_plates();
  const auto worker = [&](Eigen::Index, Eigen::Index) {
    Output out;
    std::vector<Trajectory> noisy, filtered;
    Eigen::VectorXd cycle(kCyclePoints);
    for (Eigen::Index d = next++; d < D; d = next++) {
      const auto ud = static_cast<std::size_t>(d);
      try {
        draw_markers(pipeline, model, propagation.seed, d, noisy, filtered);
        const Systematic sys = draw_systematic(model, propagation.seed, d, n_plates);
        pipeline.evaluate(filtered, sys, out);
        for (std::size_t c = 0; c < report::kCurveCount; ++c) {
          for (std::size_t i = 0; i < 2; ++i) {
            const std::size_t k = c * 2 + i;
            float* dst = frame_dev.data() + (ud * kSeries + k) * un;
            const Eigen::VectorXd& x = out.curves[c][i];
            const Eigen::VectorXd& x0 = ref.curves[c][i];
            for (Eigen::Index f = 0; f < n; ++f) dst[f] = static_cast<float>(x[f] - x0[f]);
            if (spans[i].empty()) continue;
            cycle_means(out, c, i, cycle.data());
            float* cdst = cycle_dev.data() + (ud * kSeries + k) * kCyclePoints;
            for (Eigen::Index p = 0; p < kCyclePoints; ++p) {
              cdst[p] = static_cast<float>(cycle[p] - ref_cycle[k][p]);
            }
          }
        }
        for (std::size_t r = 0; r < S; ++r) {
          for (std::size_t q = 0; q < kQ; ++q) peaks[(ud * S + r) * kQ + q] = out.peaks[r][q];
        }
      } catch (const InvalidArgument& e) {  // a perturbed input out of range: by argument
        failed[ud] = 1;
        failure_key[ud] = "argument " + e.argument();
        failure[ud] = e.what();
      } catch (const std::exception& e) {
        failed[ud] = 1;
        failure_key[ud] = failure[ud] = e.what();
      } catch (...) {
        failure_key[ud] = "unknown error";
        failed[ud] = 1;
        failure[ud] = "unknown error";
      }
    }
  };
  parallel_chunks(n_threads, n_threads, worker);

  UncertaintyResult res;
  std::vector<Eigen::Index> valid;
  // Failures grouped by the argument named (or the message): count and first draw.
  std::map<std::string, std::pair<Eigen::Index, Eigen::Index>> reasons;
  for (Eigen::Index d = 0; d < D; ++d) {
    const auto ud = static_cast<std::size_t>(d);
    if (!failed[ud]) {
      valid.push_back(d);
      continue;
    }
    auto it = reasons.find(failure_key[ud]);
    if (it == reasons.end()) {
      reasons.emplace(failure_key[ud], std::make_pair(Eigen::Index{1}, d));
    } else {
      ++it->second.first;
    }
  }
  const auto V = static_cast<Eigen::Index>(valid.size());
  res.n_draws_failed = D - V;
  const std::string percent = hipmech::detail::significant_digits(100.0 * confidence, 4);
  res.notes.push_back(
      "Monte Carlo: " + std::to_string(D) + " draws (seed " + std::to_string(propagation.seed) +
      ", " + std::to_string(n_threads) +
      " thread(s)); per number: sd = the SD of the draws (n - 1), (low, high) = the " + percent +
      " % percentile interval of the draws; the report's bands are value +/- z sd (z = " +
      hipmech::detail::significant_digits(stats::normal_quantile(0.5 * (1.0 + confidence)), 3) +
      "); the combined intervals are the " + percent +
      " % percentile bootstrap across stances with each resample shifted by one draw.");
  for (const auto& [key, count_first] : reasons) {
    res.notes.push_back(std::to_string(count_first.first) +
                        " draw(s) failed and were left out (first: draw " +
                        std::to_string(count_first.second) +
                        "): " + failure[static_cast<std::size_t>(count_first.second)]);
  }
  if (V == 0) {
    res.notes.push_back("Every draw failed: no uncertainty could be computed.");
  } else if (static_cast<double>(D - V) > kMaxFailedShare * static_cast<double>(D)) {
    // The failures are not a random subset (their errors drove the analysis out of range), so
    // the draws left describe a narrower error distribution than the model's.
    res.notes.push_back(
        "Warning: " + std::to_string(D - V) + " of " + std::to_string(D) + " draws (" +
        hipmech::detail::significant_digits(
            100.0 * static_cast<double>(D - V) / static_cast<double>(D), 3) +
        " %, more than 5 %) failed: the uncertainty rests on the " + std::to_string(V) +
        " others and may be biased (too narrow: the failed draws are those whose errors drove "
        "the analysis out of range; see the notes above).");
  }

  // Per-frame bands, in parallel over the frames.
  for (std::size_t c = 0; c < report::kCurveCount; ++c) {
    for (std::size_t i = 0; i < 2; ++i) {
      FrameBand& band = res.frames[c][i];
      band.value = ref.curves[c][i];
      band.sd.resize(n);
      band.low.resize(n);
      band.high.resize(n);
    }
  }
  // Blocks of frames: each valid draw's block of a series is contiguous (the storage is draw
  // by draw), copied into a block buffer that stays in cache, then read across the draws.
  constexpr Eigen::Index kBlock = 64;
  parallel_chunks(n, n_threads, [&](Eigen::Index begin, Eigen::Index end) {
    std::vector<double> dev(static_cast<std::size_t>(V));
    std::vector<float> block(static_cast<std::size_t>(V * kBlock));
    for (std::size_t k = 0; k < kSeries; ++k) {
      FrameBand& band = res.frames[k / 2][k % 2];
      for (Eigen::Index f0 = begin; f0 < end; f0 += kBlock) {
        const Eigen::Index nb = std::min(kBlock, end - f0);
        for (Eigen::Index j = 0; j < V; ++j) {
          const float* src =
              frame_dev.data() +
              (static_cast<std::size_t>(valid[static_cast<std::size_t>(j)]) * kSeries + k) * un +
              static_cast<std::size_t>(f0);
          std::copy(src, src + nb, block.data() + j * kBlock);
        }
        for (Eigen::Index b = 0; b < nb; ++b) {
          const Eigen::Index f = f0 + b;
          Eigen::Index m = 0;
          if (std::isfinite(band.value[f])) {
            for (Eigen::Index j = 0; j < V; ++j) {
              const double x = static_cast<double>(block[static_cast<std::size_t>(j * kBlock + b)]);
              if (std::isfinite(x)) dev[static_cast<std::size_t>(m++)] = x;
            }
          }
          const Spread s = spread_of(band.value[f], dev.data(), m, confidence);
          band.sd[f] = s.sd;
          band.low[f] = s.low;
          band.high[f] = s.high;
        }
      }
    }
  });

  // Mean-cycle bands: value = the nominal analysis's mean cycle.
  {
    std::vector<double> dev(static_cast<std::size_t>(V));
    for (std::size_t k = 0; k < kSeries; ++k) {
      const std::size_t c = k / 2, i = k % 2;
      CycleBand& band = res.cycles[c][i];
      if (spans[i].empty() || nominal.curves.data[c][i].rows() == 0) continue;
      band.value = mean_cycle(nominal.curves.data[c][i]);
      band.sd.resize(kCyclePoints);
      band.low.resize(kCyclePoints);
      band.high.resize(kCyclePoints);
      for (Eigen::Index p = 0; p < kCyclePoints; ++p) {
        Eigen::Index m = 0;
        for (Eigen::Index v : valid) {
          const double x = static_cast<double>(
              cycle_dev[(static_cast<std::size_t>(v) * kSeries + k) * kCyclePoints +
                        static_cast<std::size_t>(p)]);
          if (std::isfinite(x)) dev[static_cast<std::size_t>(m++)] = x;
        }
        const Spread s = spread_of(band.value[p], dev.data(), m, confidence);
        band.sd[p] = s.sd;
        band.low[p] = s.low;
        band.high[p] = s.high;
      }
    }
  }

  // Per-stance peaks: value = the nominal analysis's; deviations from the pipeline's nominal.
  const auto peak_of = [&](Eigen::Index v, std::size_t r, std::size_t q) {
    return peaks[(static_cast<std::size_t>(v) * S + r) * kQ + q];
  };
  std::vector<double> dev;
  res.stances.resize(S);
  for (std::size_t r = 0; r < S; ++r) {
    for (std::size_t q = 0; q < kQ; ++q) {
      const double value = nominal.stances[r].value[q];
      dev.clear();
      if (std::isfinite(value)) {
        for (Eigen::Index v : valid) {
          const double x = peak_of(v, r, q) - ref.peaks[r][q];
          if (std::isfinite(x)) dev.push_back(x);
        }
      }
      res.stances[r][q] = value_uncertainty(value, dev, confidence);
    }
  }
  if (propagation.keep_draws) {
    for (std::size_t q = 0; q < kQ; ++q) {
      Eigen::MatrixXd& m = res.stance_draws[q];
      m.setConstant(D, static_cast<Eigen::Index>(S), kNaN);
      for (Eigen::Index v : valid) {
        for (std::size_t r = 0; r < S; ++r) {
          if (std::isfinite(nominal.stances[r].value[q])) {
            m(v, static_cast<Eigen::Index>(r)) = peak_of(v, r, q);
          }
        }
      }
    }
  }

  // Summary rows: side means, difference, SI and SA per draw (summary_values).
  std::vector<std::array<double, kQ>> ref_peaks(S), draw_peaks(S), shifted(S);
  for (std::size_t r = 0; r < S; ++r) ref_peaks[r] = ref.peaks[r];
  const SummaryValues ref_summary = summary_values(ref_peaks, nominal, options.reference);
  std::vector<SummaryValues> draw_summary(static_cast<std::size_t>(V));
  for (Eigen::Index j = 0; j < V; ++j) {
    for (std::size_t r = 0; r < S; ++r) {
      for (std::size_t q = 0; q < kQ; ++q)
        draw_peaks[r][q] = peak_of(valid[static_cast<std::size_t>(j)], r, q);
    }
    draw_summary[static_cast<std::size_t>(j)] =
        summary_values(draw_peaks, nominal, options.reference);
  }
  const auto summary_uncertainty = [&](double value, auto&& pick) {
    dev.clear();
    if (std::isfinite(value)) {
      const double base = pick(ref_summary);
      for (const SummaryValues& sv : draw_summary) {
        const double x = pick(sv) - base;
        if (std::isfinite(x)) dev.push_back(x);
      }
    }
    return value_uncertainty(value, dev, confidence);
  };
  // The stance values of resample b: the nominal value plus draw valid[b mod V]'s deviation.
  const auto stance_value = [&](Eigen::Index b, std::size_t r, std::size_t q) {
    const Eigen::Index v = valid[static_cast<std::size_t>(b % V)];
    return nominal.stances[r].value[q] + (peak_of(v, r, q) - ref.peaks[r][q]);
  };
  for (std::size_t q = 0; q < kQ; ++q) {
    const report::SummaryRow& row = nominal.summary[q];
    SummaryUncertainty& su = res.summary[q];
    su.quantity = static_cast<report::Quantity>(q);
    su.side_mean[0] = summary_uncertainty(
        row.left.mean, [q](const SummaryValues& s) { return s.side_mean[q][0]; });
    su.side_mean[1] = summary_uncertainty(
        row.right.mean, [q](const SummaryValues& s) { return s.side_mean[q][1]; });
    su.difference = summary_uncertainty(row.difference.value,
                                        [q](const SummaryValues& s) { return s.difference[q]; });
    su.symmetry_index = summary_uncertainty(
        row.symmetry_index.value, [q](const SummaryValues& s) { return s.symmetry_index[q]; });
    su.symmetry_angle = summary_uncertainty(
        row.symmetry_angle.value, [q](const SummaryValues& s) { return s.symmetry_angle[q]; });

    // Combined intervals (see the file comment).
    std::array<std::vector<std::size_t>, 2> rows;  // the finite nominal stances of each side
    for (std::size_t r = 0; r < S; ++r) {
      if (std::isfinite(nominal.stances[r].value[q])) {
        rows[nominal.stances[r].side == Side::Left ? 0 : 1].push_back(r);
      }
    }
    su.side_mean_combined = {{{kNaN, kNaN}, {kNaN, kNaN}}};
    su.difference_combined = su.symmetry_index_combined = su.symmetry_angle_combined = {kNaN, kNaN};
    std::vector<std::string> why;
    if (V == 0) {
      su.note = "every draw failed";
      continue;
    }
    const Eigen::Index B = options.n_resamples;
    const auto interval = [&](double estimate, const Eigen::VectorXd& distribution) {
      const stats::BootstrapInterval iv = stats::bootstrap_interval(
          estimate, distribution, {}, confidence, stats::BootstrapMethod::Percentile);
      return std::array<double, 2>{iv.ci_low, iv.ci_high};
    };
    const auto side_mean_of = [&](Eigen::Index b, const std::vector<std::size_t>& rs,
                                  const stats::BootstrapIndices& idx, std::size_t col0) {
      double sum = 0.0;
      for (std::size_t k = 0; k < rs.size(); ++k) {
        sum += stance_value(
            b, rs[static_cast<std::size_t>(idx(b, static_cast<Eigen::Index>(col0 + k)))], q);
      }
      return sum / static_cast<double>(rs.size());
    };
    for (std::size_t i = 0; i < 2; ++i) {
      const double estimate = i == 0 ? row.left.mean : row.right.mean;
      if (rows[i].size() < 2) {
        why.push_back(std::string(i == 0 ? "left" : "right") + " side mean: " +
                      std::to_string(rows[i].size()) + " finite stance(s), the bootstrap needs 2");
        continue;
      }
      const stats::BootstrapIndices idx =
          stats::bootstrap_indices({static_cast<Eigen::Index>(rows[i].size())}, B, options.seed)[0];
      Eigen::VectorXd dist(B);
      for (Eigen::Index b = 0; b < B; ++b) dist[b] = side_mean_of(b, rows[i], idx, 0);
      su.side_mean_combined[i] = interval(estimate, dist);
    }
    if (rows[0].size() < 2 || rows[1].size() < 2) {
      why.push_back("difference, SI and SA: fewer than 2 finite stances on a side");
    } else {
      const std::vector<stats::BootstrapIndices> idx = stats::bootstrap_indices(
          {static_cast<Eigen::Index>(rows[0].size()), static_cast<Eigen::Index>(rows[1].size())}, B,
          options.seed);
      // bootstrap_indices gives one matrix per sample; side_mean_of reads columns from 0.
      Eigen::VectorXd diff(B), si(B), sa(B);
      for (Eigen::Index b = 0; b < B; ++b) {
        const double l = side_mean_of(b, rows[0], idx[0], 0);
        const double r = side_mean_of(b, rows[1], idx[1], 0);
        diff[b] = options.reference == Side::Left ? r - l : l - r;
        si[b] =
            stats::asymmetry(stats::AsymmetryIndex::SymmetryIndex, l, r, options.reference).value;
        sa[b] =
            stats::asymmetry(stats::AsymmetryIndex::SymmetryAngle, l, r, options.reference).value;
      }
      if (std::isfinite(row.difference.value))
        su.difference_combined = interval(row.difference.value, diff);
      if (std::isfinite(row.symmetry_index.value)) {
        su.symmetry_index_combined = interval(row.symmetry_index.value, si);
      }
      if (std::isfinite(row.symmetry_angle.value)) {
        su.symmetry_angle_combined = interval(row.symmetry_angle.value, sa);
      }
    }
    std::string note;
    for (const std::string& w : why) note += (note.empty() ? "" : "; ") + w;
    if (!note.empty()) su.note = "no combined interval for " + note;
  }
  return res;
}

}  // namespace hipmech::uncertainty::detail

namespace hipmech::uncertainty {

Eigen::Index max_monte_carlo_draws(Eigen::Index n_frames) noexcept {
  constexpr Eigen::Index kMaxDraws = 100000;
  const double per_draw =
      static_cast<double>(detail::kSeries) *
      static_cast<double>(std::max<Eigen::Index>(n_frames, 0) + detail::kCyclePoints);
  const double cap = std::floor(detail::kMaxStoredValues / per_draw);
  return cap >= static_cast<double>(kMaxDraws) ? kMaxDraws : static_cast<Eigen::Index>(cap);
}

}  // namespace hipmech::uncertainty
