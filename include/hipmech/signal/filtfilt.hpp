/// \file
/// Forward-backward (zero-phase) IIR filtering of channels, the algorithm of
/// scipy.signal.filtfilt(b, a, x, axis=0) with its defaults (padtype="odd",
/// padlen = 3 max(len(a), len(b)), method="pad"): odd extension, lfilter_zi initial
/// conditions scaled by the first sample of each pass (docs/signal.md, "Zero-lag filtering").
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/signal/butterworth.hpp"

namespace hipmech::signal {

/// Length of the odd extension at each end: 3 max(len(a), len(b)) (scipy's default padlen).
inline Eigen::Index filtfilt_padlen(const FilterCoefficients& coefficients) {
  return 3 * coefficients.n_taps();
}

/// Fewest samples filtfilt accepts: padlen + 1 (scipy needs more samples than padlen).
inline Eigen::Index filtfilt_min_length(const FilterCoefficients& coefficients) {
  return filtfilt_padlen(coefficients) + 1;
}

namespace detail {

/// One stage of a cascade, normalised (a(0) = 1), b and a of equal length m + 1, with its
/// steady-state initial conditions for a unit step at the cascade's input.
struct Stage {
  Eigen::VectorXd b, a, zi;
};

/// One transposed-direct-form-II step of a stage for `k` channels at once (x and y must not
/// alias). `z` holds m rows of k states (row-major), so every inner loop runs over contiguous
/// channels and vectorises. The operations are ordered as scipy evaluates them, so that the
/// rounding matches: lfilter (SosOrder = false) computes y = z0 + x b0,
/// z_i = (z_{i+1} + x b_{i+1}) - y a_{i+1}, z_last = x b_m - y a_m; sosfilt (SosOrder = true)
/// computes y = b0 x + z0, z_i = (b_{i+1} x - a_{i+1} y) + z_{i+1}, z_last = b_m x - a_m y.
template <bool SosOrder>
inline void df2t_row(const double* b, const double* a, Eigen::Index m, const double* x, double* y,
                     double* z, Eigen::Index k) {
  const double b0 = b[0];
  if (m == 0) {
    for (Eigen::Index c = 0; c < k; ++c) y[c] = b0 * x[c];
    return;
  }
  const double* z0 = z;
  for (Eigen::Index c = 0; c < k; ++c) y[c] = SosOrder ? b0 * x[c] + z0[c] : z0[c] + x[c] * b0;
  for (Eigen::Index i = 0; i + 1 < m; ++i) {
    double* zi = z + i * k;
    const double* zn = zi + k;
    const double bi = b[i + 1];
    const double ai = a[i + 1];
    for (Eigen::Index c = 0; c < k; ++c) {
      zi[c] = SosOrder ? bi * x[c] - ai * y[c] + zn[c] : zn[c] + x[c] * bi - y[c] * ai;
    }
  }
  double* zl = z + (m - 1) * k;
  const double bl = b[m];
  const double al = a[m];
  for (Eigen::Index c = 0; c < k; ++c) zl[c] = SosOrder ? bl * x[c] - al * y[c] : x[c] * bl - y[c] * al;
}

/// Zero-phase filtering of `n` rows by `k` channels read at `in` (row r, channel c at
/// in[r * in_stride + c * in_col_stride]: C order, Fortran order or a strided view, read in
/// place; the arithmetic of each channel is the same whatever the strides, so the results are
/// bit-identical) into `out` (n by k, contiguous rows, must not overlap `in`), through
/// the cascade `stages`, with odd padding of `pad` rows at each end (needs n > pad).
/// The forward pass writes the data rows straight into `out` and keeps only the right pad
/// (pad by k) aside; the backward pass then runs in place over `out`. `work` is scratch space.
template <bool SosOrder>
inline void filtfilt_rows(const std::vector<Stage>& stages, Eigen::Index pad, const double* in,
                          Eigen::Index in_stride, Eigen::Index in_col_stride, Eigen::Index n,
                          Eigen::Index k, double* out, std::vector<double>& work) {
  Eigen::Index n_states = 0;
  for (const Stage& s : stages) n_states += s.b.size() - 1;
  // work: [right pad: pad * k][z: n_states * k][4 rows of k][kBlock rows of k when strided]
  constexpr Eigen::Index kBlock = 16;
  const Eigen::Index cs = in_col_stride;
  work.resize(static_cast<std::size_t>((pad + n_states + 4 + (cs == 1 ? 0 : kBlock)) * k));
  double* right = work.data();
  double* z = right + pad * k;
  double* tmp = z + n_states * k;
  double* ping = tmp + k;
  double* pong = ping + k;
  double* xbuf = pong + k;
  const double* first = in;
  const double* last = in + (n - 1) * in_stride;
  // The odd extension: left pad 2 x0 - x[pad - r], data, right pad 2 x[n-1] - x[n-2-j];
  // pad rows are generated on the fly into `tmp`.
  auto ext_row = [&](Eigen::Index r) -> const double* {
    if (r < pad) {
      const double* src = in + (pad - r) * in_stride;
      for (Eigen::Index c = 0; c < k; ++c) tmp[c] = 2.0 * first[c * cs] - src[c * cs];
      return tmp;
    }
    if (r < pad + n) {
      const double* src = in + (r - pad) * in_stride;
      for (Eigen::Index c = 0; c < k; ++c) tmp[c] = src[c * cs];
      return tmp;
    }
    const double* src = in + (n - 2 - (r - pad - n)) * in_stride;
    for (Eigen::Index c = 0; c < k; ++c) tmp[c] = 2.0 * last[c * cs] - src[c * cs];
    return tmp;
  };
  auto init_states = [&](const double* x0) {
    double* zs = z;
    for (const Stage& s : stages) {
      for (Eigen::Index i = 0; i < s.zi.size(); ++i, zs += k)
        for (Eigen::Index c = 0; c < k; ++c) zs[c] = s.zi(i) * x0[c];
    }
  };
  // One row through the cascade, from x to y (distinct buffers).
  const std::size_t n_stages = stages.size();
  auto step = [&](const double* x, double* y) {
    double* zs = z;
    const double* src = x;
    for (std::size_t j = 0; j < n_stages; ++j) {
      const Stage& s = stages[j];
      double* dst = j + 1 == n_stages ? y : (j % 2 == 0 ? ping : pong);
      const Eigen::Index m = s.b.size() - 1;
      df2t_row<SosOrder>(s.b.data(), s.a.data(), m, src, dst, zs, k);
      zs += m * k;
      src = dst;
    }
  };
  // Forward pass: the left pad's outputs are not needed (the backward pass stops at the data).
  init_states(ext_row(0));
  for (Eigen::Index r = 0; r < pad; ++r) {
    const double* x = ext_row(r);
    std::copy(x, x + k, xbuf);
    step(xbuf, tmp);
  }
  if (cs == 1) {
    for (Eigen::Index r = 0; r < n; ++r) step(in + r * in_stride, out + r * k);
  } else {
    // Strided channels (Fortran order): kBlock rows are gathered channel by channel (along
    // each channel's memory) into contiguous rows, then filtered as above.
    double* block = xbuf + k;
    for (Eigen::Index r0 = 0; r0 < n; r0 += kBlock) {
      const Eigen::Index nb = std::min(kBlock, n - r0);
      for (Eigen::Index c = 0; c < k; ++c) {
        const double* x = in + r0 * in_stride + c * cs;
        for (Eigen::Index j = 0; j < nb; ++j) block[j * k + c] = x[j * in_stride];
      }
      for (Eigen::Index j = 0; j < nb; ++j) step(block + j * k, out + (r0 + j) * k);
    }
  }
  for (Eigen::Index r = 0; r < pad; ++r) {
    const double* x = ext_row(pad + n + r);
    std::copy(x, x + k, xbuf);
    step(xbuf, right + r * k);
  }
  // Backward pass from the last extended row, in place over `out`.
  init_states(right + (pad - 1) * k);
  for (Eigen::Index r = pad - 1; r >= 0; --r) step(right + r * k, tmp);
  for (Eigen::Index r = n - 1; r >= 0; --r) {
    double* y = out + r * k;
    std::copy(y, y + k, xbuf);
    step(xbuf, y);
  }
}

/// The transfer function as a one-stage cascade: b and a of equal length, normalised so that
/// a(0) = 1 (scipy's lfilter does the same), with lfilter_zi.
std::vector<Stage> ba_stages(const FilterCoefficients& coefficients);

/// Second-order sections as a cascade with scipy.signal.sosfilt_zi initial conditions: the
/// lfilter_zi of each section times the DC gain of the sections before it.
std::vector<Stage> sos_stages(const SecondOrderSections& sos);

/// True when every value is finite: one vectorised pass over C- or Fortran-ordered data (the
/// strided view's own allFinite() would read element by element).
inline bool all_finite(const ChannelsStridedCRef& data) {
  using Rows = Eigen::Map<const Channels, 0, Eigen::OuterStride<>>;
  using Cols = Eigen::Map<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>;
  if (data.innerStride() == 1) {
    return Rows(data.data(), data.rows(), data.cols(), Eigen::OuterStride<>(data.outerStride()))
        .allFinite();
  }
  if (data.outerStride() == 1) {
    return Cols(data.data(), data.rows(), data.cols(), Eigen::OuterStride<>(data.innerStride()))
        .allFinite();
  }
  return data.allFinite();
}

inline void check_coefficients(const FilterCoefficients& coefficients) {
  HIPMECH_CHECK_ARG(coefficients.a.size() >= 1 && coefficients.b.size() >= 1 &&
                        coefficients.a(0) != 0.0,
                    "coefficients", "non-empty b and a with a[0] != 0",
                    "len(b) = " + std::to_string(coefficients.b.size()) +
                        ", len(a) = " + std::to_string(coefficients.a.size()));
}

inline void check_length(Eigen::Index rows, Eigen::Index pad, const char* arg) {
  HIPMECH_CHECK_ARG(rows > pad, arg,
                    "at least " + std::to_string(pad + 1) +
                        " samples (more than the odd padding of " + std::to_string(pad) +
                        " samples at each end)",
                    std::to_string(rows) + " samples");
}

}  // namespace detail

/// Padding of scipy.signal.sosfiltfilt: 3 (2 n_sections + 1 - min(#(b2 == 0), #(a2 == 0))),
/// which is 3 (N + 1) for a Butterworth of order N, as for the transfer function.
Eigen::Index sosfiltfilt_padlen(const SecondOrderSections& sos);

/// Zero-phase filtering of every column, scipy.signal.filtfilt(b, a, data, axis=0) with the
/// default odd padding of padlen = 3 max(len(a), len(b)) samples and lfilter_zi initial
/// conditions. The magnitude response is |H|^2 of one pass and the phase is zero.
/// Columns are filtered together, samples in the outer loop and channels in the inner loop.
/// \param[in] coefficients b and a (a(0) != 0)
/// \param[in] data #samples by #channels, finite (no NaN; see zero_lag_butterworth for gaps)
/// \param[in] arg name of `data` in error messages
/// \return #samples by #channels, same units as `data`
/// \throws InvalidArgument when `data` holds NaN or infinity or has at most padlen samples
Channels filtfilt(const FilterCoefficients& coefficients, const ChannelsStridedCRef& data,
                  const char* arg = "data");

/// Zero-phase filtering through second-order sections, scipy.signal.sosfiltfilt(sos, data,
/// axis=0) with its default odd padding (sosfiltfilt_padlen) and sosfilt_zi initial
/// conditions. Numerically robust at high orders and low cut-offs, where the transfer
/// function form loses digits.
/// \param[in] sos #sections by 6 rows [b0 b1 b2 a0 a1 a2]
/// \param[in] data #samples by #channels, finite
/// \param[in] arg name of `data` in error messages
/// \return #samples by #channels, same units as `data`
Channels sosfiltfilt(const SecondOrderSections& sos, const ChannelsStridedCRef& data,
                     const char* arg = "data");

}  // namespace hipmech::signal
