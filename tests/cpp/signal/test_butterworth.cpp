// Butterworth design, lfilter_zi and filtfilt (include/hipmech/signal/butterworth.hpp,
// filtfilt.hpp). Reference numbers: scipy 1.17.1, printed with full precision by
//   scipy.signal.butter(2, 6/50); scipy.signal.butter(4, 20/100, "high");
//   scipy.signal.lfilter_zi(*butter(2, 0.2)); scipy.signal.filtfilt(*butter(2, 0.2), x)
// and the analytic Butterworth magnitude |H(f_c)|^2 = 1/2.
#include <cmath>
#include <complex>
#include <limits>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/eigen_matchers.hpp"
#include "hipmech/signal.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using hipmech::InvalidArgument;
using hipmech::testing::IsNear;
namespace sig = hipmech::signal;

namespace {

const double pi = 3.14159265358979323846;

/// |H(e^{i 2 pi f / fs})|^2 of one pass, evaluated directly from b and a.
double power_gain(const sig::FilterCoefficients& c, double f, double fs) {
  const std::complex<double> zinv = std::exp(std::complex<double>(0.0, -2.0 * pi * f / fs));
  std::complex<double> num = 0.0, den = 0.0, p = 1.0;
  for (Eigen::Index i = 0; i < c.b.size(); ++i) {
    num += c.b(i) * p;
    den += c.a(i) * p;
    p *= zinv;
  }
  return std::norm(num / den);
}

}  // namespace

TEST_CASE("butter matches scipy.signal.butter", "[signal]") {
  SECTION("low-pass, order 2, 6 Hz at 100 Hz") {
    const auto c = sig::butter(2, 6.0, 100.0);
    Eigen::Vector3d b(0.02785976611713602, 0.05571953223427204, 0.02785976611713602);
    Eigen::Vector3d a(1.0, -1.475480443592646, 0.5869195080611902);
    CHECK_THAT(c.b, IsNear(b, 1e-15));
    CHECK_THAT(c.a, IsNear(a, 1e-15));
  }
  SECTION("high-pass, order 4, 20 Hz at 200 Hz") {
    const auto c = sig::butter(4, 20.0, 200.0, sig::FilterType::Highpass);
    Eigen::VectorXd b(5), a(5);
    b << 0.43284664499029174, -1.731386579961167, 2.5970798699417506, -1.731386579961167,
        0.43284664499029174;
    a << 1.0, -2.3695130071820376, 2.31398841441588, -1.0546654058785674, 0.18737949236818488;
    CHECK_THAT(c.b, IsNear(b, 1e-14));
    CHECK_THAT(c.a, IsNear(a, 1e-14));
  }
}

TEST_CASE("butter is -3 dB at the cut-off and has unit gain in the pass band", "[signal]") {
  // The transfer-function (b, a) form loses digits at high order and low cut-off: at order 8
  // and fc / Nyquist = 0.04 scipy's own sum(b) / sum(a) is 1 + 1.2e-7. Hence the tolerance.
  for (int order = 1; order <= 8; ++order) {
    const double tol = order <= 6 ? 1e-9 : 1e-6;
    for (double fc : {2.0, 6.0, 15.0, 40.0}) {
      const auto lp = sig::butter(order, fc, 100.0);
      CHECK_THAT(power_gain(lp, fc, 100.0), WithinAbs(0.5, tol));
      CHECK_THAT(power_gain(lp, 0.0, 100.0), WithinAbs(1.0, tol));
      const auto hp = sig::butter(order, fc, 100.0, sig::FilterType::Highpass);
      CHECK_THAT(power_gain(hp, fc, 100.0), WithinAbs(0.5, tol));
      CHECK_THAT(power_gain(hp, 50.0, 100.0), WithinAbs(1.0, tol));
    }
  }
}

TEST_CASE("pass correction: the zero-lag filter is -3 dB at the requested cut-off", "[signal]") {
  // Winter (2009) section 3.4.4.2: C = (2^(1/2) - 1)^(1/4) = 0.802 for his second-order filter.
  CHECK_THAT(sig::pass_correction_factor(2, 2), WithinAbs(0.8022, 1e-4));
  CHECK_THAT(sig::pass_correction_factor(2, 1), WithinAbs(1.0, 1e-15));
  for (int order = 1; order <= 6; ++order) {
    for (double fc : {3.0, 6.0, 12.0, 30.0}) {
      const double design = sig::corrected_cutoff_hz(fc, 100.0, order);
      CHECK(design > fc);
      // two passes: |H|^4 in amplitude squared terms = (power gain)^2 must be 1/2
      const auto c = sig::butter(order, design, 100.0);
      CHECK_THAT(std::pow(power_gain(c, fc, 100.0), 2.0), WithinAbs(0.5, 1e-9));
      const double hp_design =
          sig::corrected_cutoff_hz(fc, 100.0, order, sig::FilterType::Highpass);
      CHECK(hp_design < fc);
      const auto h = sig::butter(order, hp_design, 100.0, sig::FilterType::Highpass);
      CHECK_THAT(std::pow(power_gain(h, fc, 100.0), 2.0), WithinAbs(0.5, 1e-9));
    }
  }
}

TEST_CASE("butter rejects bad arguments", "[signal]") {
  SECTION("order") { REQUIRE_THROWS_AS(sig::butter(0, 6.0, 100.0), InvalidArgument); }
  SECTION("rate") { REQUIRE_THROWS_AS(sig::butter(2, 6.0, -1.0), InvalidArgument); }
  SECTION("cut-off at Nyquist") {
    REQUIRE_THROWS_WITH(sig::butter(2, 50.0, 100.0), ContainsSubstring("cutoff_hz") &&
                                                         ContainsSubstring("Nyquist"));
  }
  SECTION("cut-off zero") { REQUIRE_THROWS_AS(sig::butter(2, 0.0, 100.0), InvalidArgument); }
  SECTION("cut-off NaN") {
    REQUIRE_THROWS_AS(sig::butter(2, std::nan(""), 100.0), InvalidArgument);
  }
}

TEST_CASE("lfilter_zi and filtfilt match scipy", "[signal]") {
  const auto c = sig::butter(2, 10.0, 100.0);  // Wn = 0.2
  CHECK_THAT(sig::lfilter_zi(c), IsNear(Eigen::Vector2d(0.9325447261109279, -0.34534632420711675),
                                        1e-14));
  Eigen::VectorXd x(30);
  for (int i = 0; i < 30; ++i) x(i) = std::sin(0.3 * i) + 0.1 * std::pow(i, 1.5) / 10.0;
  Eigen::VectorXd expected(30);
  expected << -9.0672828986855525e-04, 2.9663461565013366e-01, 5.7193619652312544e-01,
      8.0301435736761628e-01, 9.7158514692988573e-01, 1.0648566146554304e+00,
      1.0768858891936204e+00, 1.0092602643633346e+00, 8.7102486834555604e-01,
      6.7788347534289306e-01, 4.5077133241109690e-01, 2.1394975189523929e-01,
      -7.1936305744052034e-03, -1.8843639484922045e-01, -3.0889952481732863e-01,
      -3.5292117982992022e-01, -3.1146533624406680e-01, -1.8294891663609081e-01,
      2.6575279335488339e-02, 3.0388643387735126e-01, 6.2967129498725338e-01,
      9.8013053516328941e-01, 1.3290278956514747e+00, 1.6501061702468440e+00,
      1.9198162384683635e+00, 2.1203045610690476e+00, 2.2425236507771995e+00,
      2.2890931532745453e+00, 2.2760760219095522e+00, 2.2321343119371133e+00;
  CHECK_THAT(sig::filtfilt(c, x), IsNear(expected, 1e-13));
  // the same series in three channels at once
  hipmech::Channels three(30, 3);
  three << x, 2.0 * x, -x;
  const hipmech::Channels y = sig::filtfilt(c, three);
  CHECK_THAT(y.col(0), IsNear(expected, 1e-13));
  CHECK_THAT(y.col(1), IsNear(2.0 * expected, 1e-13));
  CHECK_THAT(y.col(2), IsNear(-expected, 1e-13));
}

TEST_CASE("filtfilt keeps constants and scales sines by |H|^2", "[signal]") {
  const double fs = 200.0;
  const auto c = sig::butter(3, 10.0, fs);
  const Eigen::Index n = 4000;
  Eigen::VectorXd x(n);
  const double f0 = 8.0;
  for (Eigen::Index i = 0; i < n; ++i) x(i) = 2.5 + std::sin(2 * pi * f0 * static_cast<double>(i) / fs);
  const Eigen::VectorXd y = sig::filtfilt(c, x);
  const double g = power_gain(c, f0, fs);  // zero phase: amplitude times |H|^2
  for (Eigen::Index i = 1000; i < 3000; i += 37) {
    CHECK_THAT(y(i), WithinAbs(2.5 + g * std::sin(2 * pi * f0 * static_cast<double>(i) / fs), 1e-6));
  }
}

TEST_CASE("filtfilt refuses NaN and short input", "[signal]") {
  const auto c = sig::butter(2, 10.0, 100.0);
  SECTION("too short: 9 samples for a padlen of 9") {
    REQUIRE_THROWS_WITH(sig::filtfilt(c, Eigen::VectorXd::Zero(9)),
                        ContainsSubstring("at least 10 samples"));
  }
  SECTION("NaN") {
    Eigen::VectorXd x = Eigen::VectorXd::Zero(20);
    x(3) = std::nan("");
    REQUIRE_THROWS_AS(sig::filtfilt(c, x), InvalidArgument);
  }
}
