/// \file
/// Zero-lag (forward-backward) Butterworth filtering of series, trajectories and channels, with
/// Winter's pass correction and a policy for missing samples (docs/signal.md).
#pragma once

#include <cmath>
#include <complex>
#include <string>
#include <type_traits>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/error.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/signal/butterworth.hpp"
#include "hipmech/signal/filtfilt.hpp"
#include "hipmech/signal/gaps.hpp"

namespace hipmech::signal {

/// What a filter does with missing samples (NaN).
enum class GapPolicy {
  Error,  ///< refuse NaN: InvalidArgument listing the gaps (default)
  Runs,   ///< filter each gap-free run of each column on its own; NaN stays NaN; runs too
          ///< short for the padding stay NaN and are reported in FilterResult::unfiltered
};

/// How the filter is realised. Both give the same filter in exact arithmetic.
enum class FilterForm {
  /// One transfer function b(z) / a(z), exactly scipy.signal.filtfilt(*butter(...)) (the
  /// default, what most biomechanics code does). Loses digits at high order and low cut-off.
  TransferFunction,
  /// A cascade of second-order sections, as scipy.signal.sosfiltfilt(butter(...,
  /// output="sos")): robust at every order and cut-off.
  Sections,
};

/// Settings of a zero-lag Butterworth filter.
struct ZeroLagOptions {
  /// Order N of ONE pass (scipy.signal.butter's N). The forward-backward result has an
  /// amplitude response |H|^2, i.e. the roll-off of an order-2N filter, and zero phase.
  int order = 2;
  FilterType type = FilterType::Lowpass;
  /// false: cutoff_hz is the -3 dB point of one pass (the zero-lag filter is then -6 dB
  /// there, exactly scipy's filtfilt). true: the design cut-off is corrected so that the
  /// zero-lag filter as a whole is -3 dB at cutoff_hz (corrected_cutoff_hz()).
  bool pass_correction = false;
  GapPolicy nan = GapPolicy::Error;
  FilterForm form = FilterForm::TransferFunction;
};

namespace detail {

/// |H(exp(i 2 pi f / fs))|^2 of a transfer function, by Horner's rule in z^-1.
double power_gain(const FilterCoefficients& c, double f_hz, double rate_hz);

}  // namespace detail

/// Result of zero_lag_butterworth.
struct FilterResult {
  Channels values;              ///< #samples by #channels, filtered
  double design_cutoff_hz = 0;  ///< the cut-off given to butter() [Hz]
  FilterCoefficients coefficients;  ///< b, a of one pass (both forms)
  SecondOrderSections sos;          ///< the sections (FilterForm::Sections only)
  /// Gap-free runs left NaN because they had at most padlen samples (GapPolicy::Runs only);
  /// each is a Gap whose frames hold data that were NOT filtered.
  std::vector<Gap> unfiltered;
};

/// Zero-lag Butterworth filter of every column: butter() then filtfilt() (scipy.signal.
/// filtfilt(*scipy.signal.butter(order, fc / (rate / 2), type), data, axis=0) with the
/// default odd padding), Winter (2009) section 3.4.
/// \param[in] data #samples by #channels (a Series or a Trajectory binds without a copy)
/// \param[in] rate_hz sampling rate [Hz], > 0
/// \param[in] cutoff_hz cut-off [Hz], 0 < cutoff_hz < rate_hz / 2; with pass correction the
///            -3 dB point of the zero-lag filter, without it the -3 dB point of one pass
/// \param[in] options order, type, pass correction, NaN policy
/// \throws InvalidArgument naming `data` (NaN under GapPolicy::Error, with the gaps listed;
///         infinity; fewer than padlen + 1 samples), `rate_hz`, `cutoff_hz` or `order`
/// \throws NumericalError in transfer-function form when the computed coefficients'
///         |H(fc)|^2 differs from 1/2 by more than 1e-8 (high order and low cut-off, e.g.
///         order 8 below fc / Nyquist = 0.05: use FilterForm::Sections)
FilterResult zero_lag_butterworth(const ChannelsStridedCRef& data, double rate_hz, double cutoff_hz,
                                  const ZeroLagOptions& options = {});

namespace detail {

template <typename Derived>
typename Derived::PlainObject as_plain(Channels&& values) {
  using Plain = typename Derived::PlainObject;
  if constexpr (std::is_same_v<Plain, Channels>) {
    return std::move(values);
  } else {
    return Plain(values);
  }
}

}  // namespace detail

/// Zero-lag Butterworth low-pass of a Series (#frames), a Trajectory (#frames by 3) or
/// Channels (#samples by #channels), column by column; returns the same type. NaN is refused
/// (use zero_lag_butterworth with GapPolicy::Runs, or fill_gaps first).
/// \param[in] data #frames by #columns, finite
/// \param[in] rate_hz sampling rate [Hz]
/// \param[in] cutoff_hz cut-off [Hz] (see ZeroLagOptions::pass_correction)
/// \param[in] order N of one pass (the zero-lag result rolls off like order 2N)
/// \param[in] pass_correction correct the cut-off for the two passes (Winter 2009)
template <typename Derived>
typename Derived::PlainObject lowpass(const Eigen::MatrixBase<Derived>& data, double rate_hz,
                                      double cutoff_hz, int order = 2,
                                      bool pass_correction = false) {
  ZeroLagOptions o;
  o.order = order;
  o.pass_correction = pass_correction;
  return detail::as_plain<Derived>(
      zero_lag_butterworth(ChannelsCRef(data.derived()), rate_hz, cutoff_hz, o).values);
}

/// Zero-lag Butterworth high-pass, otherwise as lowpass().
template <typename Derived>
typename Derived::PlainObject highpass(const Eigen::MatrixBase<Derived>& data, double rate_hz,
                                       double cutoff_hz, int order = 2,
                                       bool pass_correction = false) {
  ZeroLagOptions o;
  o.order = order;
  o.type = FilterType::Highpass;
  o.pass_correction = pass_correction;
  return detail::as_plain<Derived>(
      zero_lag_butterworth(ChannelsCRef(data.derived()), rate_hz, cutoff_hz, o).values);
}

/// \cond HIPMECH_EXTERN_TEMPLATES (not for the reference: Sphinx cannot parse them)
// Instantiated once in the library for the three array types (src/signal/zero_lag.cpp): a user's
// translation unit does not instantiate them again.
extern template Series lowpass<Series>(const Eigen::MatrixBase<Series>&, double, double, int, bool);
extern template Series highpass<Series>(const Eigen::MatrixBase<Series>&, double, double, int,
                                        bool);
extern template Trajectory lowpass<Trajectory>(const Eigen::MatrixBase<Trajectory>&, double, double,
                                               int, bool);
extern template Trajectory highpass<Trajectory>(const Eigen::MatrixBase<Trajectory>&, double,
                                                double, int, bool);
extern template Channels lowpass<Channels>(const Eigen::MatrixBase<Channels>&, double, double, int,
                                           bool);
extern template Channels highpass<Channels>(const Eigen::MatrixBase<Channels>&, double, double, int,
                                            bool);
/// \endcond

}  // namespace hipmech::signal
