// The compiled definitions of <hipmech/signal/filtfilt.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/signal/filtfilt.hpp"

namespace hipmech::signal::detail {

std::vector<Stage> ba_stages(const FilterCoefficients& coefficients) {
  const Eigen::Index n = coefficients.n_taps();
  Stage s;
  s.b = Eigen::VectorXd::Zero(n);
  s.a = Eigen::VectorXd::Zero(n);
  s.b.head(coefficients.b.size()) = coefficients.b / coefficients.a(0);
  s.a.head(coefficients.a.size()) = coefficients.a / coefficients.a(0);
  s.zi = lfilter_zi(coefficients);
  return {s};
}

std::vector<Stage> sos_stages(const SecondOrderSections& sos) {
  std::vector<Stage> stages;
  double scale = 1.0;
  for (Eigen::Index i = 0; i < sos.rows(); ++i) {
    FilterCoefficients c{sos.row(i).head<3>().transpose(), sos.row(i).tail<3>().transpose()};
    Stage s;
    s.b = c.b / c.a(0);
    s.a = c.a / c.a(0);
    s.zi = scale * lfilter_zi(c);
    scale *= c.b.sum() / c.a.sum();
    stages.push_back(std::move(s));
  }
  return stages;
}

}  // namespace hipmech::signal::detail

namespace hipmech::signal {

Eigen::Index sosfiltfilt_padlen(const SecondOrderSections& sos) {
  Eigen::Index zb = 0, za = 0;
  for (Eigen::Index i = 0; i < sos.rows(); ++i) {
    zb += sos(i, 2) == 0.0 ? 1 : 0;
    za += sos(i, 5) == 0.0 ? 1 : 0;
  }
  return 3 * (2 * sos.rows() + 1 - std::min(zb, za));
}

Channels filtfilt(const FilterCoefficients& coefficients, const ChannelsStridedCRef& data,
                  const char* arg) {
  detail::check_coefficients(coefficients);
  if (!detail::all_finite(data)) check_values(data, arg, NanPolicy::Reject);
  const Eigen::Index pad = filtfilt_padlen(coefficients);
  detail::check_length(data.rows(), pad, arg);
  Channels out(data.rows(), data.cols());
  if (data.cols() == 0) return out;
  std::vector<double> work;
  detail::filtfilt_rows<false>(detail::ba_stages(coefficients), pad, data.data(),
                               data.outerStride(), data.innerStride(), data.rows(), data.cols(),
                               out.data(), work);
  return out;
}

Channels sosfiltfilt(const SecondOrderSections& sos, const ChannelsStridedCRef& data,
                     const char* arg) {
  HIPMECH_CHECK_ARG(sos.rows() >= 1 && (sos.col(3).array() != 0.0).all(), "sos",
                    "at least one section, each with a0 != 0",
                    std::to_string(sos.rows()) + " sections");
  check_values(sos, "sos", NanPolicy::Reject);
  if (!detail::all_finite(data)) check_values(data, arg, NanPolicy::Reject);
  const Eigen::Index pad = sosfiltfilt_padlen(sos);
  detail::check_length(data.rows(), pad, arg);
  Channels out(data.rows(), data.cols());
  if (data.cols() == 0) return out;
  std::vector<double> work;
  detail::filtfilt_rows<true>(detail::sos_stages(sos), pad, data.data(), data.outerStride(),
                              data.innerStride(), data.rows(), data.cols(), out.data(), work);
  return out;
}

}  // namespace hipmech::signal
