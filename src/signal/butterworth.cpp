// The compiled definitions of <hipmech/signal/butterworth.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/signal/butterworth.hpp"

namespace hipmech::signal::detail {

std::vector<std::complex<double>> poly(const std::vector<std::complex<double>>& roots) {
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

}  // namespace hipmech::signal::detail

namespace hipmech::signal {

ZerosPolesGain butter_zpk(int order, double cutoff_hz, double rate_hz, FilterType type) {
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

FilterCoefficients butter(int order, double cutoff_hz, double rate_hz, FilterType type) {
  const ZerosPolesGain zpk = butter_zpk(order, cutoff_hz, rate_hz, type);
  const auto bc = detail::poly(zpk.zeros);
  const auto ac = detail::poly(zpk.poles);
  FilterCoefficients out;
  out.b.resize(static_cast<Eigen::Index>(bc.size()));
  out.a.resize(static_cast<Eigen::Index>(ac.size()));
  for (std::size_t i = 0; i < bc.size(); ++i)
    out.b(static_cast<Eigen::Index>(i)) = zpk.gain * bc[i].real();
  for (std::size_t i = 0; i < ac.size(); ++i) out.a(static_cast<Eigen::Index>(i)) = ac[i].real();
  return out;
}

SecondOrderSections butter_sos(int order, double cutoff_hz, double rate_hz, FilterType type) {
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
  for (std::size_t i = 0; i < sections.size(); ++i)
    sos.row(static_cast<Eigen::Index>(i)) = sections[i].row;
  sos.row(0).head<3>() *= zpk.gain;
  return sos;
}

Eigen::VectorXd lfilter_zi(const FilterCoefficients& coefficients) {
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

double corrected_cutoff_hz(double target_cutoff_hz, double rate_hz, int order, FilterType type,
                           int n_passes) {
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
