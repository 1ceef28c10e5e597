/// \file
/// First and second time derivatives by central differences, second-order one-sided
/// differences at the ends, NaN-aware (docs/signal.md, "Derivatives").
#pragma once

#include <cmath>
#include <string>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/trajectory.hpp"

namespace hipmech::signal {

/// First (order 1) or second (order 2) time derivative of every column, h = 1 / rate_hz:
///
/// - order 1, interior: (x[i+1] - x[i-1]) / (2h); ends: (-3 x0 + 4 x1 - x2) / (2h) and
///   (3 x[n-1] - 4 x[n-2] + x[n-3]) / (2h), second-order one-sided, exactly
///   numpy.gradient(x, h, edge_order=2);
/// - order 2, interior: (x[i+1] - 2 x[i] + x[i-1]) / h^2; ends: (2 x0 - 5 x1 + 4 x2 - x3) / h^2
///   and its mirror, second-order one-sided.
///
/// Every formula is exact for polynomials up to degree 2 (order 1) or 3 (order 2) and has
/// an O(h^2) error otherwise. A derivative whose formula needs a missing sample (NaN) is NaN;
/// the stencil is not switched to avoid gaps.
/// \param[in] data #samples by #channels [unit]
/// \param[in] rate_hz sampling rate [Hz]
/// \param[in] order 1 or 2
/// \return #samples by #channels [unit / s^order]
/// \throws InvalidArgument naming `data` (fewer than 3 (order 1) or 4 (order 2) samples,
///         infinity), `rate_hz` or `order`
Channels central_difference(const ChannelsStridedCRef& data, double rate_hz, int order = 1);

/// central_difference() on a Series, Trajectory or Channels, returning the same type.
template <typename Derived>
typename Derived::PlainObject derivative(const Eigen::MatrixBase<Derived>& data, double rate_hz,
                                         int order = 1) {
  using Plain = typename Derived::PlainObject;
  Channels d = central_difference(ChannelsCRef(data.derived()), rate_hz, order);
  if constexpr (std::is_same_v<Plain, Channels>) {
    return d;
  } else {
    return Plain(d);
  }
}

/// \cond HIPMECH_EXTERN_TEMPLATES (not for the reference: Sphinx cannot parse them)
// Instantiated once in the library for the three array types (src/signal/derivative.cpp).
extern template Series derivative<Series>(const Eigen::MatrixBase<Series>&, double, int);
extern template Trajectory derivative<Trajectory>(const Eigen::MatrixBase<Trajectory>&, double,
                                                  int);
extern template Channels derivative<Channels>(const Eigen::MatrixBase<Channels>&, double, int);
/// \endcond

}  // namespace hipmech::signal
