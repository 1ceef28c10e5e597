/// \file
/// A causal (one-pass, real-time) Butterworth low-pass filter of many channels, one sample of
/// every channel per step, allocation-free after construction (docs/stream.md, "Filter").
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "hipmech/signal/butterworth.hpp"

namespace hipmech::stream {

/// A causal low-pass Butterworth filter run sample by sample on `n_channels` independent
/// channels, the real-time counterpart of the offline zero-lag filter (which needs the future).
///
/// Design: signal::butter(order, cutoff_hz, rate_hz), i.e. scipy.signal.butter(order,
/// cutoff_hz / (rate_hz / 2)) (b, a). Recursion: the transposed direct form II of
/// scipy.signal.lfilter with its rounding order (signal::detail::df2t_row<false>), so that a
/// gap-free channel equals scipy.signal.lfilter(b, a, x, zi=lfilter_zi(b, a) * x[0]) to the
/// last bit up to the compiler: each channel starts (at its first sample, and at its first
/// finite sample after a missing one) from the steady state lfilter_zi(b, a) times that
/// sample, so a constant input passes unchanged from the first sample.
///
/// Missing samples: a NaN (or infinite) input gives a NaN output, and the channel restarts at
/// its next finite sample: every gap-free run is filtered on its own, like the offline
/// GapPolicy::Runs.
///
/// Delay: a causal filter lags. delay_s() is the group delay at DC (exact from b and a; for
/// slow signals such as gait, the lag of every component well below the cut-off): 0.0371 s
/// (3.7 samples) for order 2 at 6 Hz and 100 Hz, 0.0374 s at 200 Hz, 0.0402 s for order 4 at
/// 10 Hz and 100 Hz.
///
/// Not thread-safe: one producer thread per filter (no locks).
class CausalButterworth {
 public:
  /// Designs the filter and allocates the state of every channel.
  /// \param n_channels number of independent channels (>= 1), e.g. 3 per marker
  /// \param rate_hz sampling rate [Hz] (finite, > 0)
  /// \param cutoff_hz -3 dB cut-off of the (single-pass) filter [Hz], 0 < cutoff < rate / 2
  /// \param order Butterworth order, 1 to 8: the transfer-function form (b, a) that
  ///        scipy.signal.lfilter runs loses digits at higher orders and low cut-offs
  ///        (signal::butter), and a real-time smoother above order 8 only adds delay.
  /// \throws InvalidArgument naming 'n_channels', 'rate_hz', 'cutoff_hz' or 'order'.
  CausalButterworth(int n_channels, double rate_hz, double cutoff_hz, int order = 2);

  /// Filters one sample of every channel: in[c] -> out[c], c = 0 .. n_channels - 1.
  /// `in` and `out` must not overlap. NaN / infinite in[c]: out[c] = NaN and channel c
  /// restarts at its next finite sample. No allocation, no exception.
  void step(const double* in, double* out) noexcept;

  /// Forgets every channel's state: the next finite sample of each starts it again.
  void reset() noexcept;

  /// Group delay of the filter at DC [s]:
  /// (sum_k k b_k / sum_k b_k - sum_k k a_k / sum_k a_k) / rate_hz, the lag of a slowly
  /// varying signal (a ramp comes out delayed by exactly this once the start transient has
  /// died out).
  double delay_s() const noexcept { return delay_s_; }

  /// delay_s() in samples (not rounded).
  double delay_samples() const noexcept { return delay_s_ * rate_hz_; }

  /// The design: b and a (a(0) = 1), order + 1 values each.
  const signal::FilterCoefficients& coefficients() const noexcept { return coefficients_; }

  /// scipy.signal.lfilter_zi(b, a): the state for a unit step, scaled by a channel's first sample.
  const Eigen::VectorXd& steady_state() const noexcept { return zi_; }

  int n_channels() const noexcept { return n_channels_; }
  int order() const noexcept { return order_; }
  double rate_hz() const noexcept { return rate_hz_; }
  double cutoff_hz() const noexcept { return cutoff_hz_; }

 private:
  signal::FilterCoefficients coefficients_;
  Eigen::VectorXd zi_;
  std::vector<double> z_;              // order rows of n_channels states (row-major)
  std::vector<std::uint8_t> running_;  // per channel: 1 = state valid
  int n_channels_ = 0;
  int order_ = 0;
  double rate_hz_ = 0.0;
  double cutoff_hz_ = 0.0;
  double delay_s_ = 0.0;
};

}  // namespace hipmech::stream
