// The compiled definitions of <hipmech/signal/derivative.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/signal/derivative.hpp"

namespace hipmech::signal {

namespace {

// The differences on a view of either layout (Data: a C-order map, vectorised, or any strides).
template <typename Data>
Channels differences(const Data& data, double rate_hz, int order) {
  check_positive(rate_hz, "rate_hz", "Hz");
  HIPMECH_CHECK_ARG(order == 1 || order == 2, "order", "1 (velocity) or 2 (acceleration)", order);
  check_values(data, "data", NanPolicy::Allow);
  const Eigen::Index n = data.rows(), k = data.cols();
  const Eigen::Index min_len = order == 1 ? 3 : 4;
  HIPMECH_CHECK_ARG(n >= min_len, "data",
                    "at least " + std::to_string(min_len) + " samples for a derivative of order " +
                        std::to_string(order) + " (second-order differences at the ends)",
                    std::to_string(n) + " samples");
  Channels out(n, k);
  if (order == 1) {
    const double s = 0.5 * rate_hz;
    out.row(0) = s * (-3.0 * data.row(0) + 4.0 * data.row(1) - data.row(2));
    out.middleRows(1, n - 2) = s * (data.bottomRows(n - 2) - data.topRows(n - 2));
    out.row(n - 1) = s * (3.0 * data.row(n - 1) - 4.0 * data.row(n - 2) + data.row(n - 3));
  } else {
    const double s = rate_hz * rate_hz;
    out.row(0) = s * (2.0 * data.row(0) - 5.0 * data.row(1) + 4.0 * data.row(2) - data.row(3));
    out.middleRows(1, n - 2) =
        s * (data.bottomRows(n - 2) - 2.0 * data.middleRows(1, n - 2) + data.topRows(n - 2));
    out.row(n - 1) = s * (2.0 * data.row(n - 1) - 5.0 * data.row(n - 2) + 4.0 * data.row(n - 3) -
                          data.row(n - 4));
  }
  // IEEE arithmetic already propagates NaN from every sample a formula reads.
  return out;
}

}  // namespace

Channels central_difference(const ChannelsStridedCRef& data, double rate_hz, int order) {
  if (data.innerStride() == 1) {
    using Rows = Eigen::Map<const Channels, 0, Eigen::OuterStride<>>;
    return differences(
        Rows(data.data(), data.rows(), data.cols(), Eigen::OuterStride<>(data.outerStride())),
        rate_hz, order);
  }
  return differences(data, rate_hz, order);
}

// The instantiations the header declares extern.
template Series derivative<Series>(const Eigen::MatrixBase<Series>&, double, int);
template Trajectory derivative<Trajectory>(const Eigen::MatrixBase<Trajectory>&, double, int);
template Channels derivative<Channels>(const Eigen::MatrixBase<Channels>&, double, int);

}  // namespace hipmech::signal
