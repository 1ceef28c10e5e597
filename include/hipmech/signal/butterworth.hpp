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
inline std::vector<std::complex<double>> poly(const std::vector<std::complex<double>>& roots) {
  std::vector<std::complex<double>> c{1.0};
  for (const auto& r : roots) {
    std::vector<std::complex<double>> next(c.size() + 1, 0.0);
    for (std::size_t i = 0; i < c.size(); ++i) {
      next[i] += c[i];
      next[i + 1] -= c[i] * r;
    }
    c = std::move(next);
  }
  return c;
}

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
inline ZerosPolesGain butter_zpk(int order, double cutoff_hz, double rate_hz,
                                 FilterType type = FilterType::Lowpass) {
  check_order(order);
  check_positive(rate_hz, "rate_hz", "Hz");
  check_cutoff(cutoff_hz, rate_hz, "cutoff_hz");
  using C = std::complex<double>;
  const double pi = 3.14159265358979323846;
  const int n = order;
  // scipy.signal.buttap
  std::vector<C> p(static_cast<std::size_t>(n));
  for (int j = 0; j < n; ++j) {
    const double m = static_cast<double>(-n + 1 + 2 * j);
    p[static_cast<std::size_t>(j)] = -std::exp(C(0.0, pi * m / (2.0 * n)));
  }
  // scipy.signal.iirfilter: fs = 2, warped = 2 fs tan(pi Wn / fs), Wn = fc / (rate / 2).
  const double wn = cutoff_hz / (0.5 * rate_hz);
  const double fs = 2.0;
  const double warped = 2.0 * fs * std::tan(pi * wn / fs);
  std::vector<C> z;
  double k = 1.0;
  if (type == FilterType::Lowpass) {
    // lp2lp_zpk: p * wo, k * wo^degree (degree = #poles - #zeros = n)
    for (auto& pk : p) pk *= warped;
    k = std::pow(warped, n);
  } else {
    // lp2hp_zpk: z_hp = zeros at 0 (n of them), p_hp = wo / p, k_hp = k * real(1 / prod(-p))
    C prod_minus_p = 1.0;
    for (const auto& pk : p) prod_minus_p *= -pk;
    k = (C(1.0) / prod_minus_p).real();
    for (auto& pk : p) pk = warped / pk;
    z.assign(static_cast<std::size_t>(n), C(0.0));
  }
  // bilinear_zpk with fs2 = 2 fs
  const double fs2 = 2.0 * fs;
  C num = 1.0;
  for (const auto& zk : z) num *= (fs2 - zk);
  C den = 1.0;
  for (const auto& pk : p) den *= (fs2 - pk);
  std::vector<C> zz;
  for (const auto& zk : z) zz.push_back((fs2 + zk) / (fs2 - zk));
  std::vector<C> pz;
  for (const auto& pk : p) pz.push_back((fs2 + pk) / (fs2 - pk));
  while (zz.size() < pz.size()) zz.push_back(-1.0);  // zeros at infinity map to Nyquist
  return {zz, pz, k * (num / den).real()};
}

/// butter_zpk() as a transfer function: b = k poly(zeros), a = poly(poles), real parts
/// (scipy.signal.zpk2tf; the same sequence of products as numpy.poly, so that the rounding
/// matches scipy.signal.butter(..., output="ba")). Well conditioned for low orders; at high
/// order and low cut-off the coefficients lose digits (use butter_sos()).
/// \return b and a, N + 1 values each, a(0) = 1
inline FilterCoefficients butter(int order, double cutoff_hz, double rate_hz,
                                 FilterType type = FilterType::Lowpass) {
  const ZerosPolesGain zpk = butter_zpk(order, cutoff_hz, rate_hz, type);
  const auto bc = detail::poly(zpk.zeros);
  const auto ac = detail::poly(zpk.poles);
  FilterCoefficients out;
  out.b.resize(static_cast<Eigen::Index>(bc.size()));
  out.a.resize(static_cast<Eigen::Index>(ac.size()));
  for (std::size_t i = 0; i < bc.size(); ++i) out.b(static_cast<Eigen::Index>(i)) = zpk.gain * bc[i].real();
  for (std::size_t i = 0; i < ac.size(); ++i) out.a(static_cast<Eigen::Index>(i)) = ac[i].real();
  return out;
}

/// butter_zpk() as second-order sections: each conjugate pole pair with two of the zeros
/// (z = -1 low-pass, +1 high-pass); for odd N a first-order section with the real pole and
/// one zero; sections ordered from the poles farthest from the unit circle to the nearest
/// (as scipy.signal.zpk2sos does), the gain in the first section. The cascade equals the
/// transfer function of butter() exactly in exact arithmetic.
/// \return ceil(N / 2) sections
inline SecondOrderSections butter_sos(int order, double cutoff_hz, double rate_hz,
                                      FilterType type = FilterType::Lowpass) {
  const ZerosPolesGain zpk = butter_zpk(order, cutoff_hz, rate_hz, type);
  const int n = order;
  const double zero = type == FilterType::Lowpass ? -1.0 : 1.0;
  // poles j and n-1-j are conjugates (buttap's ordering survives the transforms)
  struct Section {
    double magnitude;
    Eigen::Matrix<double, 1, 6> row;
  };
  std::vector<Section> sections;
  for (int j = 0; j < n / 2; ++j) {
    const std::complex<double> p = zpk.poles[static_cast<std::size_t>(j)];
    Eigen::Matrix<double, 1, 6> row;
    row << 1.0, -2.0 * zero, zero * zero, 1.0, -2.0 * p.real(), std::norm(p);
    sections.push_back({std::abs(p), row});
  }
  if (n % 2 == 1) {
    const double p = zpk.poles[static_cast<std::size_t>(n / 2)].real();
    Eigen::Matrix<double, 1, 6> row;
    row << 1.0, -zero, 0.0, 1.0, -p, 0.0;
    sections.push_back({std::abs(p), row});
  }
  std::stable_sort(sections.begin(), sections.end(),
                   [](const Section& l, const Section& r) { return l.magnitude < r.magnitude; });
  SecondOrderSections sos(static_cast<Eigen::Index>(sections.size()), 6);
  for (std::size_t i = 0; i < sections.size(); ++i) sos.row(static_cast<Eigen::Index>(i)) = sections[i].row;
  sos.row(0).head<3>() *= zpk.gain;
  return sos;
}

/// Steady-state initial conditions of the transposed direct form II for a unit step input,
/// scipy.signal.lfilter_zi: solves (I - A^T) zi = b[1:] - a[1:] b[0] with A the companion
/// matrix of a. filtfilt scales them by the first sample of each pass.
/// \param[in] coefficients b, a (a(0) != 0; both are normalised by a(0))
/// \return max(len(a), len(b)) - 1 values
inline Eigen::VectorXd lfilter_zi(const FilterCoefficients& coefficients) {
  const Eigen::Index n = coefficients.n_taps();
  HIPMECH_CHECK_ARG(coefficients.a.size() >= 1 && coefficients.a(0) != 0.0, "a",
                    "a denominator whose first coefficient is not 0",
                    coefficients.a.size() == 0 ? std::string("an empty vector")
                                               : hipmech::detail::to_message(coefficients.a(0)));
  Eigen::VectorXd a = Eigen::VectorXd::Zero(n);
  Eigen::VectorXd b = Eigen::VectorXd::Zero(n);
  a.head(coefficients.a.size()) = coefficients.a / coefficients.a(0);
  b.head(coefficients.b.size()) = coefficients.b / coefficients.a(0);
  if (n <= 1) return Eigen::VectorXd(0);
  const Eigen::Index m = n - 1;
  // companion(a).T: first column is -a[1:], superdiagonal... (scipy.linalg.companion)
  Eigen::MatrixXd companion = Eigen::MatrixXd::Zero(m, m);
  for (Eigen::Index j = 0; j < m; ++j) companion(0, j) = -a(j + 1);
  for (Eigen::Index i = 1; i < m; ++i) companion(i, i - 1) = 1.0;
  const Eigen::MatrixXd i_minus_a = Eigen::MatrixXd::Identity(m, m) - companion.transpose();
  const Eigen::VectorXd rhs = b.tail(m) - a.tail(m) * b(0);
  return i_minus_a.partialPivLu().solve(rhs);
}

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
inline double corrected_cutoff_hz(double target_cutoff_hz, double rate_hz, int order,
                                  FilterType type = FilterType::Lowpass, int n_passes = 2) {
  check_positive(rate_hz, "rate_hz", "Hz");
  check_cutoff(target_cutoff_hz, rate_hz, "cutoff_hz");
  const double c = pass_correction_factor(order, n_passes);
  const double pi = 3.14159265358979323846;
  const double t = std::tan(pi * target_cutoff_hz / rate_hz);
  const double design = rate_hz / pi * std::atan(type == FilterType::Lowpass ? t / c : t * c);
  HIPMECH_CHECK_ARG(design > 0.0 && design < 0.5 * rate_hz, "cutoff_hz",
                    "a cut-off whose pass-corrected design cut-off is below Nyquist",
                    hipmech::detail::to_message(target_cutoff_hz) + " Hz (corrected " +
                        hipmech::detail::to_message(design) + " Hz)");
  return design;
}

}  // namespace hipmech::signal
