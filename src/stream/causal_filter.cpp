// The compiled definitions of <hipmech/stream/causal_filter.hpp> (declared and documented there).
#include "hipmech/stream/causal_filter.hpp"

#include <cmath>
#include <limits>

#include "hipmech/core/check.hpp"
#include "hipmech/signal/filtfilt.hpp"

namespace hipmech::stream {

CausalButterworth::CausalButterworth(int n_channels, double rate_hz, double cutoff_hz, int order)
    : n_channels_(n_channels), order_(order), rate_hz_(rate_hz), cutoff_hz_(cutoff_hz) {
  HIPMECH_CHECK_ARG(n_channels >= 1, "n_channels", "at least 1 channel", n_channels);
  HIPMECH_CHECK_ARG(std::isfinite(rate_hz) && rate_hz > 0.0, "rate_hz",
                    "a finite sampling rate > 0 Hz", rate_hz);
  signal::check_cutoff(cutoff_hz, rate_hz, "cutoff_hz");
  HIPMECH_CHECK_ARG(order >= 1 && order <= 8, "order",
                    "a Butterworth order from 1 to 8 (transfer-function form)", order);
  coefficients_ = signal::butter(order, cutoff_hz, rate_hz);
  zi_ = signal::lfilter_zi(coefficients_);
  const Eigen::VectorXd& b = coefficients_.b;
  const Eigen::VectorXd& a = coefficients_.a;
  double kb = 0.0, sb = 0.0, ka = 0.0, sa = 0.0;
  for (Eigen::Index k = 0; k < b.size(); ++k) {
    kb += static_cast<double>(k) * b(k);
    sb += b(k);
  }
  for (Eigen::Index k = 0; k < a.size(); ++k) {
    ka += static_cast<double>(k) * a(k);
    sa += a(k);
  }
  delay_s_ = (kb / sb - ka / sa) / rate_hz;
  const auto k = static_cast<std::size_t>(n_channels);
  z_.assign(static_cast<std::size_t>(order) * k, 0.0);
  running_.assign(k, 0);
}

void CausalButterworth::step(const double* in, double* out) noexcept {
  const std::size_t k = running_.size();
  const Eigen::Index m = coefficients_.b.size() - 1;
  // (Re)start every channel whose first finite sample this is from the steady state
  // lfilter_zi * x0 (scipy: lfilter(b, a, x, zi=lfilter_zi(b, a) * x[0])).
  for (std::size_t c = 0; c < k; ++c) {
    if (!std::isfinite(in[c])) {
      running_[c] = 0;
    } else if (running_[c] == 0) {
      for (Eigen::Index i = 0; i < m; ++i) z_[static_cast<std::size_t>(i) * k + c] = zi_(i) * in[c];
      running_[c] = 1;
    }
  }
  signal::detail::df2t_row<false>(coefficients_.b.data(), coefficients_.a.data(), m, in, out,
                                  z_.data(), static_cast<Eigen::Index>(k));
  for (std::size_t c = 0; c < k; ++c) {
    if (running_[c] == 0) out[c] = std::numeric_limits<double>::quiet_NaN();
  }
}

void CausalButterworth::reset() noexcept {
  for (auto& r : running_) r = 0;
}

}  // namespace hipmech::stream
