/// \file
/// Residual analysis for choosing a low-pass cut-off (Winter 2009, section 3.4.4.3;
/// docs/signal.md, "Residual analysis").
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <Eigen/QR>

#include "hipmech/core/check.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/signal/zero_lag.hpp"

namespace hipmech::signal {

/// Settings of residual_analysis.
struct ResidualOptions {
  int order = 2;                 ///< N of one pass of the zero-lag Butterworth
  bool pass_correction = false;  ///< as in ZeroLagOptions
  FilterForm form = FilterForm::TransferFunction;  ///< as in ZeroLagOptions
  /// Cut-offs [Hz] whose residuals the noise line is fitted to. NaN: 0.15 rate_hz and
  /// 0.35 rate_hz (the part of the curve where white noise alone gives a straight line).
  double fit_from_hz = std::numeric_limits<double>::quiet_NaN();
  double fit_to_hz = std::numeric_limits<double>::quiet_NaN();
};

/// Everything residual_analysis computes; one column per data channel.
struct ResidualAnalysis {
  Eigen::VectorXd cutoffs_hz;  ///< the grid of cut-offs [Hz], increasing
  Channels residuals;          ///< #cutoffs by #channels, R(fc), unit of the data
  Eigen::VectorXd intercept;   ///< per channel: the noise line at 0 Hz, unit of the data
  Eigen::VectorXd slope;       ///< per channel: slope of the noise line [unit of data / Hz]
  /// Per channel: the cut-off where R(fc) first falls to the intercept, linearly
  /// interpolated between grid points [Hz]; NaN when the residual never crosses it inside
  /// the grid (e.g. no signal above the noise).
  Eigen::VectorXd cutoff_hz;
  double fit_from_hz = 0;  ///< fit range actually used [Hz]
  double fit_to_hz = 0;
  int n_fit = 0;  ///< number of grid points in the fit
};

/// Default grid: rate_hz / 200 to 0.4 rate_hz in steps of rate_hz / 200 (80 cut-offs).
inline Eigen::VectorXd default_residual_cutoffs(double rate_hz) {
  check_positive(rate_hz, "rate_hz", "Hz");
  return Eigen::VectorXd::LinSpaced(80, 1.0, 80.0) * (rate_hz / 200.0);
}

/// Residual analysis (Winter 2009, section 3.4.4.3): for each cut-off fc of the grid the
/// residual R(fc) = sqrt(mean_i (x_i - xhat_i(fc))^2) between the data and its zero-lag
/// Butterworth low-pass; a least-squares line R = intercept + slope fc through the residuals
/// of the high-frequency (noise) part of the grid [fit_from_hz, fit_to_hz]; the chosen
/// cut-off is where R(fc) equals the intercept, the residual that noise alone would leave.
/// For white noise of standard deviation sigma the intercept estimates sigma.
/// \param[in] data #samples by #channels (a Series or Trajectory binds directly), finite
/// \param[in] rate_hz sampling rate [Hz]
/// \param[in] cutoffs_hz increasing cut-offs [Hz] in (0, rate_hz / 2); empty: the default grid
/// \param[in] options filter order, pass correction, fit range
/// \throws InvalidArgument naming `data` (NaN with the gaps listed, too short), `rate_hz`,
///         `cutoffs_hz`, `fit_from_hz`/`fit_to_hz` (fewer than 2 grid points in the range)
inline ResidualAnalysis residual_analysis(const ChannelsCRef& data, double rate_hz,
                                          const Eigen::VectorXd& cutoffs_hz = Eigen::VectorXd(),
                                          const ResidualOptions& options = {}) {
  check_positive(rate_hz, "rate_hz", "Hz");
  check_order(options.order);
  ResidualAnalysis res;
  res.cutoffs_hz = cutoffs_hz.size() == 0 ? default_residual_cutoffs(rate_hz) : cutoffs_hz;
  const Eigen::Index m = res.cutoffs_hz.size();
  HIPMECH_CHECK_ARG(m >= 3, "cutoffs_hz", "at least 3 cut-offs", std::to_string(m) + " cut-offs");
  for (Eigen::Index i = 0; i < m; ++i) {
    const double f = res.cutoffs_hz(i);
    HIPMECH_CHECK_ARG(std::isfinite(f) && f > 0.0 && f < 0.5 * rate_hz &&
                          (i == 0 || f > res.cutoffs_hz(i - 1)),
                      "cutoffs_hz",
                      "increasing cut-offs in Hz between 0 and Nyquist (" +
                          hipmech::detail::to_message(0.5 * rate_hz) + " Hz)",
                      hipmech::detail::to_message(f) + " Hz at position " + std::to_string(i));
  }
  res.fit_from_hz = std::isnan(options.fit_from_hz) ? 0.15 * rate_hz : options.fit_from_hz;
  res.fit_to_hz = std::isnan(options.fit_to_hz) ? 0.35 * rate_hz : options.fit_to_hz;
  check_no_gaps(data, "data", "fill the gaps first (fill_gaps)");
  const Eigen::Index k = data.cols();
  res.residuals.resize(m, k);
  ZeroLagOptions zo;
  zo.order = options.order;
  zo.pass_correction = options.pass_correction;
  zo.form = options.form;
  for (Eigen::Index i = 0; i < m; ++i) {
    const Channels filtered = zero_lag_butterworth(data, rate_hz, res.cutoffs_hz(i), zo).values;
    res.residuals.row(i) =
        ((data - filtered).array().square().colwise().sum() / static_cast<double>(data.rows()))
            .sqrt();
  }
  // Least-squares line over the fit range.
  std::vector<Eigen::Index> fit;
  for (Eigen::Index i = 0; i < m; ++i) {
    const double f = res.cutoffs_hz(i);
    if (f >= res.fit_from_hz * (1 - 1e-12) && f <= res.fit_to_hz * (1 + 1e-12)) fit.push_back(i);
  }
  res.n_fit = static_cast<int>(fit.size());
  HIPMECH_CHECK_ARG(fit.size() >= 2, "fit_from_hz",
                    "a fit range [fit_from_hz, fit_to_hz] holding at least 2 cut-offs of the grid",
                    "[" + hipmech::detail::to_message(res.fit_from_hz) + ", " +
                        hipmech::detail::to_message(res.fit_to_hz) + "] Hz holding " +
                        std::to_string(fit.size()));
  Eigen::MatrixXd design(static_cast<Eigen::Index>(fit.size()), 2);
  for (std::size_t j = 0; j < fit.size(); ++j) {
    design(static_cast<Eigen::Index>(j), 0) = 1.0;
    design(static_cast<Eigen::Index>(j), 1) = res.cutoffs_hz(fit[j]);
  }
  const auto qr = design.colPivHouseholderQr();
  res.intercept.resize(k);
  res.slope.resize(k);
  res.cutoff_hz.setConstant(k, std::numeric_limits<double>::quiet_NaN());
  for (Eigen::Index c = 0; c < k; ++c) {
    Eigen::VectorXd r(static_cast<Eigen::Index>(fit.size()));
    for (std::size_t j = 0; j < fit.size(); ++j) r(static_cast<Eigen::Index>(j)) = res.residuals(fit[j], c);
    const Eigen::Vector2d coef = qr.solve(r);
    res.intercept(c) = coef(0);
    res.slope(c) = coef(1);
    const double level = coef(0);
    if (res.residuals(0, c) <= level) continue;  // already below the noise at the first cut-off
    for (Eigen::Index i = 1; i < m; ++i) {
      const double r1 = res.residuals(i, c);
      if (r1 <= level) {
        const double r0 = res.residuals(i - 1, c);
        const double f0 = res.cutoffs_hz(i - 1), f1 = res.cutoffs_hz(i);
        res.cutoff_hz(c) = f0 + (r0 - level) / (r0 - r1) * (f1 - f0);
        break;
      }
    }
  }
  return res;
}

}  // namespace hipmech::signal
