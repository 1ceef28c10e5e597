/// \file
/// Repetitions of a single-leg squat, a series of drop landings or any task that goes down and
/// comes back: split a depth signal (knee flexion, or the pelvis's descent) into repetitions,
/// then report a quantity (FPPA, 3-D valgus) per repetition and across them (docs/knee.md).
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/trajectory.hpp"

namespace hipmech::knee {

/// One repetition of a depth signal; frames are 0-based indices into the signal.
struct Repetition {
  Eigen::Index begin = -1;  ///< last frame before the descent (within onset_fraction of the
                            ///< excursion from the valley before)
  Eigen::Index peak = -1;   ///< deepest frame (largest depth)
  Eigen::Index end = -1;    ///< first frame back within onset_fraction of the valley after
  double depth_at_peak = std::numeric_limits<double>::quiet_NaN();  ///< depth[peak]
  double excursion = std::numeric_limits<double>::quiet_NaN();      ///< peak minus the higher
                                                                    ///< of the two valleys
  /// The deepest frame is certain: the signal was seen to rise by at least min_excursion
  /// before it and to fall by at least min_excursion after it (the return may end before the
  /// valley when the recording stops; `end` is then the last, lowest frame).
  bool complete = false;
  std::string note;       ///< why the repetition is incomplete; empty when complete
};

/// How repetitions are found.
struct RepetitionOptions {
  /// Smallest rise and fall of the depth signal that counts as a repetition, in its unit.
  /// NaN (the default): half the range of the signal (max - min of its finite samples).
  double min_excursion = std::numeric_limits<double>::quiet_NaN();
  /// Where a repetition begins and ends: the fraction of the excursion above the neighbouring
  /// valley at which the descent starts and the return ends, in [0, 1).
  double onset_fraction = 0.05;
};

/// Repetitions found and the threshold used.
struct RepetitionSplit {
  std::vector<Repetition> repetitions;
  double min_excursion = std::numeric_limits<double>::quiet_NaN();  ///< threshold used
};

namespace detail {

/// Walks from the peak towards `limit` (exclusive of frames beyond it) and returns the first
/// frame whose depth is at or below `threshold`; `limit` if none is.
inline Eigen::Index onset(const SeriesCRef& depth, Eigen::Index peak, Eigen::Index limit,
                          double threshold) {
  const Eigen::Index step = limit < peak ? -1 : 1;
  for (Eigen::Index f = peak; f != limit; f += step) {
    if (depth[f] <= threshold) return f;
  }
  return limit;
}

}  // namespace detail

/// Splits a depth signal into repetitions by hysteresis (a peak-valley "zigzag"): a repetition
/// is a rise of at least `min_excursion` from a valley to a peak followed by a fall of at least
/// `min_excursion` from it. This is scipy.signal.find_peaks' prominence >= min_excursion for
/// isolated repetitions, without its sensitivity to single noisy samples. NaN samples are
/// skipped (a short gap does not split a repetition); a repetition cut by the start or the end
/// of the signal is kept with complete = false and a note, never dropped.
/// \param depth #frames depth signal: knee flexion [rad] (larger = deeper) or the descent of the
/// pelvis (e.g. minus its height [m]); NaN where missing
/// \param options threshold and onset fraction
/// \throws InvalidArgument naming 'min_excursion' (not positive) or 'onset_fraction' (outside
/// [0, 1)), or 'depth' (infinity).
RepetitionSplit find_repetitions(const SeriesCRef& depth, const RepetitionOptions& options = {});

/// Mean, sample SD and count of the finite values among complete repetitions.
struct RepetitionSummary {
  double mean = std::numeric_limits<double>::quiet_NaN();
  double sd = std::numeric_limits<double>::quiet_NaN();  ///< n - 1 denominator; NaN if count < 2
  Eigen::Index count = 0;
};

/// A quantity (FPPA, valgus, ...) in one repetition.
struct RepetitionValue {
  double at_peak_depth = std::numeric_limits<double>::quiet_NaN();  ///< value at Repetition::peak
  double peak = std::numeric_limits<double>::quiet_NaN();  ///< largest value in [begin, end]
  Eigen::Index peak_frame = -1;                            ///< its frame; -1 if all are NaN
  double peak_percent = std::numeric_limits<double>::quiet_NaN();  ///< its place in the
                                                                   ///< repetition [%]
  Eigen::Index missing_frames = 0;  ///< NaN frames of the quantity in [begin, end]
};

/// A quantity per repetition and summarised across the complete repetitions.
struct RepetitionMetric {
  std::vector<RepetitionValue> per_repetition;  ///< one per repetition, same order
  RepetitionSummary at_peak_depth;              ///< of RepetitionValue::at_peak_depth
  RepetitionSummary peak;                       ///< of RepetitionValue::peak
};

namespace detail {

RepetitionSummary summarise(const std::vector<double>& values);

}  // namespace detail

/// The value of `values` at each repetition's deepest frame and its largest value within the
/// repetition (with frame and % of the repetition), and their mean, SD and count over the
/// complete repetitions. For valgus quantities (positive = valgus) "largest" is peak valgus.
/// \param repetitions from find_repetitions on a depth signal of the same #frames
/// \param values #frames, e.g. FPPA or 3-D valgus [rad]; NaN where missing
/// \throws InvalidArgument naming 'values' (infinity, or fewer frames than a repetition needs).
RepetitionMetric per_repetition(const std::vector<Repetition>& repetitions,
                                const SeriesCRef& values);

}  // namespace hipmech::knee
