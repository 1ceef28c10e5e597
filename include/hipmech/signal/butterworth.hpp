/// \file
/// Digital Butterworth design by the bilinear transform of the analogue prototype, the
/// steady-state initial conditions filtfilt starts from, and Winter's pass correction
/// (docs/signal.md, "Butterworth design").
#pragma once

#include <algorithm>
#include <cmath>
#include <complex>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <Eigen/LU>

#include "hipmech/core/check.hpp"
#include "hipmech/core/error.hpp"

namespace hipmech::signal {

/// Which frequencies a filter keeps.
enum class FilterType {
  Lowpass,   ///< keeps frequencies below the cut-off
  Highpass,  ///< keeps frequencies above the cut-off
};

/// Transfer function H(z) = (b0 + b1 z^-1 + ... + bN z^-N) / (a0 + a1 z^-1 + ... + aN z^-N),
/// with a0 = 1 (scipy.signal.butter(..., output="ba") gives the same two vectors).
struct FilterCoefficients {
  Eigen::VectorXd b;  ///< numerator, N + 1 values
  Eigen::VectorXd a;  ///< denominator, N + 1 values, a(0) = 1

  /// Number of taps: max(len(a), len(b)).
  Eigen::Index n_taps() const { return std::max(a.size(), b.size()); }
};

/// Second-order sections, one per row: [b0 b1 b2 a0 a1 a2] with a0 = 1 (the layout of
/// scipy.signal.butter(..., output="sos")). The filter is the cascade (product) of the rows.
using SecondOrderSections = Eigen::Matrix<double, Eigen::Dynamic, 6, Eigen::RowMajor>;

/// Zeros, poles and gain of a digital filter.
struct ZerosPolesGain {
  std::vector<std::complex<double>> zeros;
  std::vector<std::complex<double>> poles;
  double gain = 1.0;
};

namespace detail {

/// numpy.poly: coefficients of prod(x - r_k), highest power first, built by the same sequence
/// of convolutions as numpy so that rounding matches scipy.
std::vector<std::complex<double>> poly(const std::vector<std::complex<double>>& roots);

}  // namespace detail

/// Cut-off frequency check shared by every Butterworth entry point: 0 < cutoff < Nyquist.
/// \param[in] cutoff_hz cut-off [Hz]
/// \param[in] rate_hz sampling rate [Hz], already checked positive
/// \param[in] arg argument name for the error message
inline void check_cutoff(double cutoff_hz, double rate_hz, const char* arg) {
  HIPMECH_CHECK_ARG(std::isfinite(cutoff_hz) && cutoff_hz > 0.0 && cutoff_hz < 0.5 * rate_hz, arg,
                    "a cut-off in Hz with 0 < " + std::string(arg) + " < Nyquist (rate_hz / 2 = " +
                        hipmech::detail::to_message(0.5 * rate_hz) + " Hz)",
                    hipmech::detail::to_message(cutoff_hz) + " Hz");
}

/// Checks a filter order: an integer from 1 to 20 (higher orders are numerically meaningless
/// in transfer-function form).
inline void check_order(int order, const char* arg = "order") {
  HIPMECH_CHECK_ARG(order >= 1 && order <= 20, arg,
                    "a Butterworth order from 1 to 20 (the order of one pass)", order);
}

/// Digital Butterworth filter of order `order` (one pass), by the bilinear transform of the
/// analogue prototype with pre-warping, exactly as scipy.signal.butter(order, cutoff_hz /
/// (rate_hz / 2), btype) does it: prototype poles p_k = -exp(i pi m / (2N)),
/// m = -N+1, -N+3, ..., N-1; pre-warped analogue cut-off W = 4 tan(pi fc / fs) (in units
/// where the sampling rate is 2); low-pass p -> W p (high-pass p -> W / p, zeros at 0);
/// bilinear map z = (4 + s) / (4 - s); the N extra zeros go to z = -1 (low-pass) or are the
/// images of s = 0, z = +1 (high-pass); gain so that the prototype gain is preserved.
/// The gain of the digital filter is 1/sqrt(2) (-3 dB) at `cutoff_hz`.
/// \param[in] order N >= 1, the order of one pass (scipy's N)
/// \param[in] cutoff_hz -3 dB frequency of one pass [Hz], 0 < cutoff_hz < rate_hz / 2
/// \param[in] rate_hz sampling rate [Hz]
/// \param[in] type low-pass or high-pass
/// \return the N digital zeros and poles and the gain (scipy's output="zpk")
/// \throws InvalidArgument naming `order`, `cutoff_hz` or `rate_hz`
ZerosPolesGain butter_zpk(int order, double cutoff_hz, double rate_hz,
                          FilterType type = FilterType::Lowpass);

/// butter_zpk() as a transfer function: b = k poly(zeros), a = poly(poles), real parts
/// (scipy.signal.zpk2tf; the same sequence of products as numpy.poly, so that the rounding
/// matches scipy.signal.butter(..., output="ba")). Well conditioned for low orders; at high
/// order and low cut-off the coefficients lose digits (use butter_sos()).
/// \return b and a, N + 1 values each, a(0) = 1
FilterCoefficients butter(int order, double cutoff_hz, double rate_hz,
                          FilterType type = FilterType::Lowpass);

/// butter_zpk() as second-order sections: each conjugate pole pair with two of the zeros
/// (z = -1 low-pass, +1 high-pass); for odd N a first-order section with the real pole and
/// one zero; sections ordered from the poles farthest from the unit circle to the nearest
/// (as scipy.signal.zpk2sos does), the gain in the first section. The cascade equals the
/// transfer function of butter() exactly in exact arithmetic.
/// \return ceil(N / 2) sections
SecondOrderSections butter_sos(int order, double cutoff_hz, double rate_hz,
                               FilterType type = FilterType::Lowpass);

/// Steady-state initial conditions of the transposed direct form II for a unit step input,
/// scipy.signal.lfilter_zi: solves (I - A^T) zi = b[1:] - a[1:] b[0] with A the companion
/// matrix of a. filtfilt scales them by the first sample of each pass.
/// \param[in] coefficients b, a (a(0) != 0; both are normalised by a(0))
/// \return max(len(a), len(b)) - 1 values
Eigen::VectorXd lfilter_zi(const FilterCoefficients& coefficients);

/// Winter's pass correction factor for a Butterworth filter of order `order` run `n_passes`
/// times: C = (2^(1/n_passes) - 1)^(1/(2 order)). For the second-order filter Winter uses
/// (order 2, two passes) C = (sqrt(2) - 1)^(1/4) = 0.802 (Winter 2009, section 3.4.4.2;
/// Robertson & Dowling 2003 for the order-N form). Derivation: n passes of an order-N
/// Butterworth have |H|^2 = (1 + (W / Wc)^(2N))^(-n), which is 1/2 at W = C Wc.
/// \param[in] order N >= 1 of one pass
/// \param[in] n_passes >= 1 (filtfilt: 2)
inline double pass_correction_factor(int order, int n_passes = 2) {
  check_order(order);
  HIPMECH_CHECK_ARG(n_passes >= 1, "n_passes", "at least 1 pass", n_passes);
  return std::pow(std::pow(2.0, 1.0 / n_passes) - 1.0, 1.0 / (2.0 * order));
}

/// Cut-off of one pass such that `n_passes` passes together are -3 dB at `target_cutoff_hz`,
/// corrected in the bilinear-warped frequency domain, where the digital Butterworth is
/// exactly the analogue one: tan(pi fc_design / fs) = tan(pi fc_target / fs) / C for a
/// low-pass, * C for a high-pass, so
/// fc_design = (fs / pi) atan(tan(pi fc_target / fs) / C). (Winter's rule fc_target / C is
/// the same to first order at fc << fs; the warped form keeps the -3 dB point exact and the
/// design below Nyquist at every target.)
/// \param[in] target_cutoff_hz wanted -3 dB frequency of the whole zero-lag filter [Hz]
/// \param[in] rate_hz sampling rate [Hz]
/// \param[in] order N of one pass
/// \param[in] type low-pass or high-pass
/// \param[in] n_passes 2 for filtfilt
/// \return the cut-off to give butter() [Hz]
double corrected_cutoff_hz(double target_cutoff_hz, double rate_hz, int order,
                           FilterType type = FilterType::Lowpass, int n_passes = 2);

}  // namespace hipmech::signal
