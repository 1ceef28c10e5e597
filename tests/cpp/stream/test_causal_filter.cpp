// Tests of <hipmech/stream/causal_filter.hpp>: CausalButterworth against scipy.signal.lfilter
// with lfilter_zi initial conditions, analytic DC gain and delay, NaN restarts, bad input.
#include <cmath>
#include <limits>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include "helpers/thrown.hpp"
#include "hipmech/stream/causal_filter.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using hipmech::stream::CausalButterworth;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// x_n = sin(0.3 n) + 0.1 n, n = 0 .. 11 (the input of the scipy reference values below).
std::vector<double> reference_input() {
  std::vector<double> x(12);
  for (std::size_t n = 0; n < x.size(); ++n) {
    x[n] = std::sin(0.3 * static_cast<double>(n)) + 0.1 * static_cast<double>(n);
  }
  return x;
}

}  // namespace

TEST_CASE("CausalButterworth equals scipy lfilter with lfilter_zi * x[0]", "[stream][filter]") {
  // scipy 1.17.1, .venv/bin/python:
  //   n = np.arange(12); x = np.sin(0.3*n) + 0.1*n
  //   b, a = scipy.signal.butter(2, 6/50)
  //   scipy.signal.lfilter(b, a, x, zi=scipy.signal.lfilter_zi(b, a)*x[0])[0].tolist()
  const std::vector<double> expected = {0.0,
                                        0.011019100452186225,
                                        0.059599428599570195,
                                        0.16527632205812393,
                                        0.32765744019848153,
                                        0.5325699367808248,
                                        0.7578850274225484,
                                        0.9786334123859425,
                                        1.1711913346787954,
                                        1.3164341276619929,
                                        1.4018361503325538,
                                        1.4225551050027494};
  // signal::butter's a(1), a(2) differ from scipy 1.17.1's by 1 ulp (0x1.79b9161b1e346p+0 against
  // ...347p+0), so the outputs agree to a few ulps (1e-15 at these magnitudes), not bit for bit;
  // the recursion itself is lfilter's (the same a gives scipy's values exactly).
  CausalButterworth filter(1, 100.0, 6.0, 2);
  // b, a of scipy.signal.butter(2, 6/50): the same design.
  CHECK_THAT(filter.coefficients().b(0), WithinRel(0.02785976611713602, 1e-14));
  CHECK_THAT(filter.coefficients().b(1), WithinRel(0.05571953223427204, 1e-14));
  CHECK_THAT(filter.coefficients().a(1), WithinRel(-1.475480443592646, 1e-14));
  CHECK_THAT(filter.coefficients().a(2), WithinRel(0.5869195080611902, 1e-14));
  const std::vector<double> x = reference_input();
  for (std::size_t n = 0; n < x.size(); ++n) {
    double y = kNaN;
    filter.step(&x[n], &y);
    CHECK_THAT(y, WithinAbs(expected[n], 1e-14));
  }
}

TEST_CASE("CausalButterworth restarts a channel after a NaN like scipy on each run",
          "[stream][filter]") {
  // Order 4, 10 Hz at 100 Hz; x[5], x[6] missing: the runs x[0:5] and x[7:12] are filtered
  // each on its own (offline GapPolicy::Runs). scipy 1.17.1:
  //   b, a = scipy.signal.butter(4, 10/50); zi = scipy.signal.lfilter_zi(b, a)
  //   r1, r2 = x[:5], x[7:]
  //   scipy.signal.lfilter(b, a, r1, zi=zi*r1[0])[0]
  //   scipy.signal.lfilter(b, a, r2, zi=zi*r2[0])[0]
  const std::vector<double> run1 = {0.0, 0.0019081252818491834, 0.01584272663962231,
                                    0.06455485106835729, 0.17541357310327044};
  const std::vector<double> run2 = {1.5632093666488673, 1.562786048918802, 1.5593753164447044,
                                    1.5459769871036781, 1.5111419865438098};
  std::vector<double> x = reference_input();
  x[5] = kNaN;
  x[6] = kNaN;
  // Channel 1 is a constant 2.5 throughout: unaffected by channel 0's gap.
  CausalButterworth filter(2, 100.0, 10.0, 4);
  CHECK(filter.n_channels() == 2);
  CHECK(filter.order() == 4);
  // scipy.signal.lfilter_zi(b, a)[0] = 0.9951756566422797
  CHECK_THAT(filter.steady_state()(0), WithinRel(0.9951756566422797, 1e-13));
  for (std::size_t n = 0; n < x.size(); ++n) {
    const double in[2] = {x[n], 2.5};
    double out[2] = {0.0, 0.0};
    filter.step(in, out);
    if (n < 5) {
      CHECK_THAT(out[0], WithinAbs(run1[n], 1e-14));
    } else if (n < 7) {
      CHECK(std::isnan(out[0]));
    } else {
      CHECK_THAT(out[0], WithinAbs(run2[n - 7], 1e-13));
    }
    CHECK_THAT(out[1], WithinRel(2.5, 1e-13));  // steady state from the first sample
  }
  // reset(): the next sample starts every channel again from its steady state.
  filter.reset();
  const double in[2] = {-4.0, 7.0};
  double out[2] = {0.0, 0.0};
  filter.step(in, out);
  CHECK_THAT(out[0], WithinRel(-4.0, 1e-13));
  CHECK_THAT(out[1], WithinRel(7.0, 1e-13));
}

TEST_CASE("CausalButterworth has DC gain 1 and delays a ramp by delay_s", "[stream][filter]") {
  for (int order : {1, 2, 3, 4, 6, 8}) {
    CAPTURE(order);
    const double rate = 200.0, fc = 8.0;
    CausalButterworth filter(1, rate, fc, order);
    // DC gain sum(b) / sum(a) = 1 (analytic: a Butterworth low-pass passes DC unchanged).
    CHECK_THAT(filter.coefficients().b.sum() / filter.coefficients().a.sum(), WithinRel(1.0, 1e-9));
    // Group delay at DC, from b and a: scipy.signal.group_delay((b, a), w=[0]) equals it;
    // for order 2, 6 Hz at 100 Hz it is 3.706783558429907 samples
    // (numpy: k@b/b.sum() - k@a/a.sum(), k = np.arange(3)).
    // A ramp x = t, once the start transient has decayed, comes out as t - delay_s exactly
    // (the DC group delay is the ramp's steady-state lag).
    double y = 0.0;
    const int n = 4000;
    for (int k = 0; k < n; ++k) {
      const double t = k / rate;
      filter.step(&t, &y);
    }
    const double t_last = (n - 1) / rate;
    // Rounding of the recursion grows with the order (about 5e-9 s at order 8, t = 20 s).
    CHECK_THAT(y, WithinAbs(t_last - filter.delay_s(), 1e-7));
    CHECK_THAT(filter.delay_samples(), WithinRel(filter.delay_s() * rate, 1e-15));
  }
  CausalButterworth f2(1, 100.0, 6.0, 2);
  CHECK_THAT(f2.delay_samples(), WithinRel(3.706783558429907, 1e-12));
}

TEST_CASE("CausalButterworth rejects bad settings, naming them", "[stream][filter]") {
  using hipmech::test::thrown_argument;
  CHECK(thrown_argument([] { CausalButterworth(0, 100.0, 6.0); }) == "n_channels");
  CHECK(thrown_argument([] { CausalButterworth(3, 0.0, 6.0); }) == "rate_hz");
  CHECK(thrown_argument([] { CausalButterworth(3, kNaN, 6.0); }) == "rate_hz");
  CHECK(thrown_argument([] { CausalButterworth(3, 100.0, 50.0); }) == "cutoff_hz");
  CHECK(thrown_argument([] { CausalButterworth(3, 100.0, 0.0); }) == "cutoff_hz");
  CHECK(thrown_argument([] { CausalButterworth(3, 100.0, 6.0, 0); }) == "order");
  CHECK(thrown_argument([] { CausalButterworth(3, 100.0, 6.0, 9); }) == "order");
}
