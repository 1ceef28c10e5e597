// The compiled definitions of <hipmech/signal/zero_lag.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/signal/zero_lag.hpp"

namespace hipmech::signal::detail {

double power_gain(const FilterCoefficients& c, double f_hz, double rate_hz) {
  const double w = 2.0 * 3.14159265358979323846 * f_hz / rate_hz;
  const std::complex<double> zinv(std::cos(w), -std::sin(w));
  auto eval = [&](const Eigen::VectorXd& p) {
    std::complex<double> acc = 0.0;
    for (Eigen::Index i = p.size() - 1; i >= 0; --i) acc = acc * zinv + p(i);
    return acc;
  };
  return std::norm(eval(c.b) / eval(c.a));
}

}  // namespace hipmech::signal::detail

namespace hipmech::signal {

FilterResult zero_lag_butterworth(const ChannelsStridedCRef& data, double rate_hz, double cutoff_hz,
                                  const ZeroLagOptions& options) {
  check_order(options.order);
  check_positive(rate_hz, "rate_hz", "Hz");
  check_cutoff(cutoff_hz, rate_hz, "cutoff_hz");
  FilterResult res;
  res.design_cutoff_hz =
      options.pass_correction
          ? corrected_cutoff_hz(cutoff_hz, rate_hz, options.order, options.type, 2)
          : cutoff_hz;
  res.coefficients = butter(options.order, res.design_cutoff_hz, rate_hz, options.type);
  const bool sos_form = options.form == FilterForm::Sections;
  std::vector<detail::Stage> stages;
  Eigen::Index pad = 0;
  if (sos_form) {
    res.sos = butter_sos(options.order, res.design_cutoff_hz, rate_hz, options.type);
    stages = detail::sos_stages(res.sos);
    pad = sosfiltfilt_padlen(res.sos);
  } else {
    // Guard: in b, a form the coefficients lose digits when the order is high and the cut-off
    // low; the computed filter then misses its own -3 dB point (|H(fc)|^2 = 1/2 exactly in
    // theory). Beyond 1e-8 the filtered values would be wrong in the 8th digit or worse, so
    // refuse rather than mislead and point to the sections form.
    const double gain2 = detail::power_gain(res.coefficients, res.design_cutoff_hz, rate_hz);
    if (!(std::abs(gain2 - 0.5) <= 1e-8)) {
      throw NumericalError(
          "zero-lag Butterworth: the transfer-function (b, a) form of order " +
          std::to_string(options.order) + " at " +
          hipmech::detail::to_message(res.design_cutoff_hz) + " Hz (rate " +
          hipmech::detail::to_message(rate_hz) +
          " Hz) is numerically unreliable (|H|^2 at the cut-off is " +
          hipmech::detail::to_message(gain2) +
          " instead of 0.5); use second-order sections (form='sos') or a lower order");
    }
    stages = detail::ba_stages(res.coefficients);
    pad = filtfilt_padlen(res.coefficients);
  }
  const Eigen::Index min_len = pad + 1;
  const std::string length_rule =
      "(more than the odd padding of 3 * (order + 1) = " + std::to_string(min_len - 1) +
      " samples for order " + std::to_string(options.order) + ")";
  const bool all_finite = detail::all_finite(data);  // one vectorised pass on the usual path
  if (!all_finite) {
    if (options.nan == GapPolicy::Error) {
      check_no_gaps(data, "data",
                    "fill the gaps first (fill_gaps) or filter each gap-free run (nan='runs')");
    } else {
      check_values(data, "data", NanPolicy::Allow);
    }
  }
  HIPMECH_CHECK_ARG(data.rows() >= min_len, "data",
                    "at least " + std::to_string(min_len) + " samples " + length_rule,
                    std::to_string(data.rows()) + " samples");
  const Eigen::Index n = data.rows(), k = data.cols();
  auto run = [&](const double* in, Eigen::Index stride, Eigen::Index col_stride, Eigen::Index rows,
                 Eigen::Index cols, double* out, std::vector<double>& work) {
    if (sos_form) {
      detail::filtfilt_rows<true>(stages, pad, in, stride, col_stride, rows, cols, out, work);
    } else {
      detail::filtfilt_rows<false>(stages, pad, in, stride, col_stride, rows, cols, out, work);
    }
  };
  res.values.resize(n, k);
  std::vector<double> work;
  if (k == 0) return res;
  if (all_finite) {
    run(data.data(), data.outerStride(), data.innerStride(), n, k, res.values.data(), work);
    return res;
  }
  // Per column, per gap-free run. Columns without NaN are still filtered together.
  std::vector<Eigen::Index> complete;
  for (Eigen::Index c = 0; c < k; ++c) {
    if (!data.col(c).array().isNaN().any()) complete.push_back(c);
  }
  res.values.setConstant(std::nan(""));
  std::vector<double> in_buf, out_buf;
  if (!complete.empty()) {
    const Eigen::Index kc = static_cast<Eigen::Index>(complete.size());
    in_buf.resize(static_cast<std::size_t>(n * kc));
    out_buf.resize(static_cast<std::size_t>(n * kc));
    for (Eigen::Index r = 0; r < n; ++r)
      for (Eigen::Index j = 0; j < kc; ++j)
        in_buf[static_cast<std::size_t>(r * kc + j)] =
            data(r, complete[static_cast<std::size_t>(j)]);
    run(in_buf.data(), kc, 1, n, kc, out_buf.data(), work);
    for (Eigen::Index r = 0; r < n; ++r)
      for (Eigen::Index j = 0; j < kc; ++j)
        res.values(r, complete[static_cast<std::size_t>(j)]) =
            out_buf[static_cast<std::size_t>(r * kc + j)];
  }
  for (Eigen::Index c = 0; c < k; ++c) {
    const FrameMask missing = data.col(c).array().isNaN();
    if (!missing.any()) continue;
    const FrameMask present = !missing;
    for (const Gap& segment :
         find_gaps_in_mask(present, c)) {  // "gaps" of the present mask are the runs
      if (segment.length < min_len) {
        Gap g = segment;
        g.leading = g.trailing = false;
        res.unfiltered.push_back(g);
        continue;
      }
      in_buf.resize(static_cast<std::size_t>(segment.length));
      out_buf.resize(static_cast<std::size_t>(segment.length));
      for (Eigen::Index r = 0; r < segment.length; ++r)
        in_buf[static_cast<std::size_t>(r)] = data(segment.first + r, c);
      run(in_buf.data(), 1, 1, segment.length, 1, out_buf.data(), work);
      for (Eigen::Index r = 0; r < segment.length; ++r)
        res.values(segment.first + r, c) = out_buf[static_cast<std::size_t>(r)];
    }
  }
  return res;
}

// The instantiations the header declares extern.
template Series lowpass<Series>(const Eigen::MatrixBase<Series>&, double, double, int, bool);
template Series highpass<Series>(const Eigen::MatrixBase<Series>&, double, double, int, bool);
template Trajectory lowpass<Trajectory>(const Eigen::MatrixBase<Trajectory>&, double, double, int,
                                        bool);
template Trajectory highpass<Trajectory>(const Eigen::MatrixBase<Trajectory>&, double, double, int,
                                         bool);
template Channels lowpass<Channels>(const Eigen::MatrixBase<Channels>&, double, double, int, bool);
template Channels highpass<Channels>(const Eigen::MatrixBase<Channels>&, double, double, int, bool);

}  // namespace hipmech::signal
