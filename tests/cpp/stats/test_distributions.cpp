// hipmech/stats/distributions.hpp against published table values (independent of Boost's own
// tests): Student's t and F critical values from standard tables (e.g. NIST/SEMATECH e-Handbook
// of Statistical Methods, 2012, §1.3.6.7), the normal quantile, and the noncentral t inversion
// against its defining equation.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include <cmath>

#include "hipmech/stats/distributions.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
namespace hs = hipmech::stats;

TEST_CASE("distributions reproduce printed critical values", "[stats][distributions]") {
  // NIST e-Handbook §1.3.6.7.2 (t) and §1.3.6.7.3 (F, upper 5 %): printed to 3 decimals.
  CHECK_THAT(hs::t_quantile(0.975, 10), WithinAbs(2.228, 5e-4));
  CHECK_THAT(hs::t_quantile(0.95, 20), WithinAbs(1.725, 5e-4));
  CHECK_THAT(hs::f_quantile(0.95, 5, 10), WithinAbs(3.326, 5e-4));
  CHECK_THAT(hs::f_quantile(0.95, 10, 5), WithinAbs(4.735, 5e-4));
  CHECK_THAT(hs::normal_quantile(0.975), WithinAbs(1.959964, 1e-6));
  CHECK_THAT(hs::chi2_sf(3.841458820694124, 1), WithinAbs(0.05, 1e-12));
}

TEST_CASE("infinite df is the normal; NaN and out-of-range give NaN", "[stats][distributions]") {
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_THAT(hs::t_quantile(0.975, inf), WithinRel(hs::normal_quantile(0.975), 1e-12));
  CHECK(std::isnan(hs::t_cdf(std::nan(""), 5)));
  CHECK(std::isnan(hs::t_quantile(1.5, 5)));
  CHECK(std::isnan(hs::f_sf(1.0, 0.0, 5)));
  CHECK_THAT(hs::t_p_value(0.0, 5, hs::Alternative::TwoSided), WithinRel(1.0, 1e-12));
  CHECK_THAT(hs::t_p_value(2.228138851986, 10, hs::Alternative::TwoSided), WithinAbs(0.05, 1e-9));
  CHECK_THAT(hs::t_p_value(2.228138851986, 10, hs::Alternative::Greater), WithinAbs(0.025, 1e-9));
}

TEST_CASE("noncentral t inversion satisfies its defining equation", "[stats][distributions]") {
  for (double t : {-3.0, 0.0, 0.7, 2.455, 8.0}) {
    for (double df : {3.0, 10.0, 57.0}) {
      for (double p : {0.025, 0.5, 0.975}) {
        const double ncp = hs::noncentral_t_ncp_for_cdf(t, df, p);
        REQUIRE(std::isfinite(ncp));
        CHECK_THAT(hs::noncentral_t_cdf(t, df, ncp), WithinAbs(p, 1e-10));
      }
    }
  }
}

TEST_CASE("parse helpers name the argument", "[stats][distributions]") {
  CHECK(hs::parse_alternative("less") == hs::Alternative::Less);
  CHECK_THROWS_AS(hs::parse_alternative("both"), std::invalid_argument);
  CHECK_THROWS_AS(hs::check_confidence(1.0), std::invalid_argument);
}
