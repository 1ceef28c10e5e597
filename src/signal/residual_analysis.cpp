// The compiled definitions of <hipmech/signal/residual_analysis.hpp> (declared and documented
// there): heavy functions users never need inline, compiled once into the library.
#include "hipmech/signal/residual_analysis.hpp"

namespace hipmech::signal {

ResidualAnalysis residual_analysis(const ChannelsCRef& data, double rate_hz,
                                   const Eigen::VectorXd& cutoffs_hz,
                                   const ResidualOptions& options) {
  check_positive(rate_hz, "rate_hz", "Hz");
  check_order(options.order);
  ResidualAnalysis res;
  res.cutoffs_hz = cutoffs_hz.size() == 0 ? default_residual_cutoffs(rate_hz) : cutoffs_hz;
  const Eigen::Index m = res.cutoffs_hz.size();
  HIPMECH_CHECK_ARG(m >= 3, "cutoffs_hz", "at least 3 cut-offs", std::to_string(m) + " cut-offs");
  for (Eigen::Index i = 0; i < m; ++i) {
    const double f = res.cutoffs_hz(i);
    HIPMECH_CHECK_ARG(
        std::isfinite(f) && f > 0.0 && f < 0.5 * rate_hz && (i == 0 || f > res.cutoffs_hz(i - 1)),
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
    for (std::size_t j = 0; j < fit.size(); ++j)
      r(static_cast<Eigen::Index>(j)) = res.residuals(fit[j], c);
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
