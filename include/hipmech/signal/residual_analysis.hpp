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
ResidualAnalysis residual_analysis(const ChannelsCRef& data, double rate_hz,
                                   const Eigen::VectorXd& cutoffs_hz = Eigen::VectorXd(),
                                   const ResidualOptions& options = {});

}  // namespace hipmech::signal
