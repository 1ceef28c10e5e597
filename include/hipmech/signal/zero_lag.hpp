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
inline double power_gain(const FilterCoefficients& c, double f_hz, double rate_hz) {
  const double w = 2.0 * 3.14159265358979323846 * f_hz / rate_hz;
  const std::complex<double> zinv(std::cos(w), -std::sin(w));
  auto eval = [&](const Eigen::VectorXd& p) {
    std::complex<double> acc = 0.0;
    for (Eigen::Index i = p.size() - 1; i >= 0; --i) acc = acc * zinv + p(i);
    return acc;
  };
  return std::norm(eval(c.b) / eval(c.a));
}

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
inline FilterResult zero_lag_butterworth(const ChannelsCRef& data, double rate_hz,
                                         double cutoff_hz, const ZeroLagOptions& options = {}) {
  check_order(options.order);
  check_positive(rate_hz, "rate_hz", "Hz");
  check_cutoff(cutoff_hz, rate_hz, "cutoff_hz");
  FilterResult res;
  res.design_cutoff_hz =
      options.pass_correction
          ? corrected_cutoff_hz(cutoff_hz, rate_hz, options.order, options.type, 2)
          : cutoff_hz;
  res.coefficients = butter(options.order, res.design_cutoff_hz, rate_hz, options.type);
  const bool sos_form = options.form == FilterForm::Sections;
  std::vector<detail::Stage> stages;
  Eigen::Index pad = 0;
  if (sos_form) {
    res.sos = butter_sos(options.order, res.design_cutoff_hz, rate_hz, options.type);
    stages = detail::sos_stages(res.sos);
    pad = sosfiltfilt_padlen(res.sos);
  } else {
    // Guard: in b, a form the coefficients lose digits when the order is high and the cut-off
    // low; the computed filter then misses its own -3 dB point (|H(fc)|^2 = 1/2 exactly in
    // theory). Beyond 1e-8 the filtered values would be wrong in the 8th digit or worse, so
    // refuse rather than mislead and point to the sections form.
    const double gain2 = detail::power_gain(res.coefficients, res.design_cutoff_hz, rate_hz);
    if (!(std::abs(gain2 - 0.5) <= 1e-8)) {
      throw NumericalError(
          "zero-lag Butterworth: the transfer-function (b, a) form of order " +
          std::to_string(options.order) + " at " +
          hipmech::detail::to_message(res.design_cutoff_hz) + " Hz (rate " +
          hipmech::detail::to_message(rate_hz) +
          " Hz) is numerically unreliable (|H|^2 at the cut-off is " +
          hipmech::detail::to_message(gain2) +
          " instead of 0.5); use second-order sections (form='sos') or a lower order");
    }
    stages = detail::ba_stages(res.coefficients);
    pad = filtfilt_padlen(res.coefficients);
  }
  const Eigen::Index min_len = pad + 1;
  const std::string length_rule =
      "(more than the odd padding of 3 * (order + 1) = " + std::to_string(min_len - 1) +
      " samples for order " + std::to_string(options.order) + ")";
  const bool all_finite = data.allFinite();  // one vectorised pass on the usual path
  if (!all_finite) {
    if (options.nan == GapPolicy::Error) {
      check_no_gaps(data, "data",
                    "fill the gaps first (fill_gaps) or filter each gap-free run (nan='runs')");
    } else {
      check_values(data, "data", NanPolicy::Allow);
    }
  }
  HIPMECH_CHECK_ARG(data.rows() >= min_len, "data",
                    "at least " + std::to_string(min_len) + " samples " + length_rule,
                    std::to_string(data.rows()) + " samples");
  const Eigen::Index n = data.rows(), k = data.cols();
  auto run = [&](const double* in, Eigen::Index stride, Eigen::Index rows, Eigen::Index cols,
                 double* out, std::vector<double>& work) {
    if (sos_form) {
      detail::filtfilt_rows<true>(stages, pad, in, stride, rows, cols, out, work);
    } else {
      detail::filtfilt_rows<false>(stages, pad, in, stride, rows, cols, out, work);
    }
  };
  res.values.resize(n, k);
  std::vector<double> work;
  if (k == 0) return res;
  if (all_finite) {
    run(data.data(), data.outerStride(), n, k, res.values.data(), work);
    return res;
  }
  // Per column, per gap-free run. Columns without NaN are still filtered together.
  std::vector<Eigen::Index> complete;
  for (Eigen::Index c = 0; c < k; ++c) {
    if (!data.col(c).array().isNaN().any()) complete.push_back(c);
  }
  res.values.setConstant(std::nan(""));
  std::vector<double> in_buf, out_buf;
  if (!complete.empty()) {
    const Eigen::Index kc = static_cast<Eigen::Index>(complete.size());
    in_buf.resize(static_cast<std::size_t>(n * kc));
    out_buf.resize(static_cast<std::size_t>(n * kc));
    for (Eigen::Index r = 0; r < n; ++r)
      for (Eigen::Index j = 0; j < kc; ++j)
        in_buf[static_cast<std::size_t>(r * kc + j)] = data(r, complete[static_cast<std::size_t>(j)]);
    run(in_buf.data(), kc, n, kc, out_buf.data(), work);
    for (Eigen::Index r = 0; r < n; ++r)
      for (Eigen::Index j = 0; j < kc; ++j)
        res.values(r, complete[static_cast<std::size_t>(j)]) = out_buf[static_cast<std::size_t>(r * kc + j)];
  }
  for (Eigen::Index c = 0; c < k; ++c) {
    const FrameMask missing = data.col(c).array().isNaN();
    if (!missing.any()) continue;
    const FrameMask present = !missing;
    for (const Gap& segment : find_gaps_in_mask(present, c)) {  // "gaps" of the present mask are the runs
      if (segment.length < min_len) {
        Gap g = segment;
        g.leading = g.trailing = false;
        res.unfiltered.push_back(g);
        continue;
      }
      in_buf.resize(static_cast<std::size_t>(segment.length));
      out_buf.resize(static_cast<std::size_t>(segment.length));
      for (Eigen::Index r = 0; r < segment.length; ++r)
        in_buf[static_cast<std::size_t>(r)] = data(segment.first + r, c);
      run(in_buf.data(), 1, segment.length, 1, out_buf.data(), work);
      for (Eigen::Index r = 0; r < segment.length; ++r)
        res.values(segment.first + r, c) = out_buf[static_cast<std::size_t>(r)];
    }
  }
  return res;
}

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

}  // namespace hipmech::signal
