// hipmech/spm/rft.hpp against independent sources:
//  - EC densities: ρ0 is the survival function of the statistic; ρ1 of a t field tends to the
//    Gaussian density √(4 ln 2)/(2π) e^(−u²/2) of Worsley et al. 1996 (Table 2) as ν → ∞; an F
//    field with one numerator df is t²: ρ_d^F(u²) = 2 ρ_d^t(u) (two tails of one t field);
//  - the critical threshold in its analytic limits: no resels → the single-test t quantile
//    (t(0.975, 10) = 2.228138852, any t table); very rough fields → the Bonferroni quantile at
//    α / Q; a Gaussian-like field with resels0 = 0 → closed form u = √(2 ln(R1 √(4 ln 2) /
//    (2π L))), L = −ln(1 − α); monotonic in α and in the resel count;
//  - cluster and set p values: a cluster of zero extent at the threshold has p = α (their
//    definition), p falls with the extent, p_set(1 cluster, k) = p_cluster(k); a hand value of
//    the Friston et al. 1994 extent law in the Gaussian limit (erfc and exp only).
// spm1d agreement (GPL oracle, test-only) is checked in tests/python/test_spm*.py.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include <cmath>

#include "helpers/thrown.hpp"
#include "hipmech/spm/rft.hpp"
#include "hipmech/stats/distributions.hpp"

namespace sp = hipmech::spm;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using sp::Statistic;

namespace {
constexpr double kPi = 3.14159265358979323846;
const double kSqrt4Ln2 = std::sqrt(4.0 * std::log(2.0));
/// Gaussian-field EC densities (Worsley et al. 1996, Table 2, per resel), from erfc and exp.
double gauss_rho0(double u) {
  return 0.5 * std::erfc(u / std::sqrt(2.0));
}
double gauss_rho1(double u) {
  return kSqrt4Ln2 / (2.0 * kPi) * std::exp(-0.5 * u * u);
}
constexpr double kHugeDf = 1e9;  // t(ν) differs from the Gaussian by O(u⁴/ν)
}  // namespace

TEST_CASE("spm rft EC densities: Gaussian limit and F = t²", "[spm]") {
  for (double u : {0.0, 1.0, 2.5, 4.0}) {
    CHECK_THAT(sp::rft_ec_density(0, u, Statistic::T, 1, kHugeDf), WithinRel(gauss_rho0(u), 1e-7));
    CHECK_THAT(sp::rft_ec_density(1, u, Statistic::T, 1, kHugeDf), WithinRel(gauss_rho1(u), 1e-7));
    for (double v : {4.0, 12.0, 40.0}) {
      CHECK_THAT(sp::rft_ec_density(0, u * u, Statistic::F, 1, v),
                 WithinRel(2.0 * sp::rft_ec_density(0, u, Statistic::T, 1, v), 1e-12));
      if (u > 0.0) {
        CHECK_THAT(sp::rft_ec_density(1, u * u, Statistic::F, 1, v),
                   WithinRel(2.0 * sp::rft_ec_density(1, u, Statistic::T, 1, v), 1e-12));
      }
    }
  }
  // ρ1 of t at u = 0 is √(4 ln 2) / (2π) = 0.26500... for every ν.
  CHECK_THAT(sp::rft_ec_density(1, 0.0, Statistic::T, 1, 7), WithinRel(0.2650104, 1e-6));
  CHECK(sp::rft_ec_density(1, 0.0, Statistic::F, 2, 10) == 0.0);
  CHECK(std::isnan(sp::rft_ec_density(1, std::nan(""), Statistic::T, 1, 10)));
}

TEST_CASE("spm rft_threshold: single-test, Bonferroni and Gaussian limits", "[spm]") {
  SECTION("no resels: the t quantile of one test") {
    // Two-tailed α = 0.05, ν = 10: t(0.975, 10) = 2.228138852 (t tables).
    CHECK_THAT(sp::rft_threshold(0.05, Statistic::T, 1, 10, 1.0, 0.0, true, 101),
               WithinAbs(2.228138852, 1e-9));
    CHECK_THAT(sp::rft_threshold(0.05, Statistic::F, 2, 12, 1.0, 0.0, false, 101),
               WithinRel(hipmech::stats::f_quantile(0.95, 2, 12), 1e-12));
  }
  SECTION("very rough fields: Bonferroni over the nodes") {
    const double bonf = hipmech::stats::t_quantile(1.0 - 0.025 / 101.0, 10);
    CHECK_THAT(sp::rft_threshold(0.05, Statistic::T, 1, 10, 1.0, 1e4, true, 101),
               WithinRel(bonf, 1e-12));
  }
  SECTION("Gaussian-like field with resels0 = 0: closed form") {
    for (double alpha : {0.01, 0.05}) {
      for (double r1 : {5.0, 20.0}) {
        const double L = -std::log1p(-alpha);
        const double u = std::sqrt(2.0 * std::log(r1 * kSqrt4Ln2 / (2.0 * kPi * L)));
        CHECK_THAT(sp::rft_threshold(alpha, Statistic::T, 1, kHugeDf, 0.0, r1, false, 100000),
                   WithinRel(u, 1e-7));
      }
    }
  }
  SECTION("the threshold solves 1 − exp(−E[EC]) = α where no bound applies") {
    const double u = sp::rft_threshold(0.05, Statistic::T, 1, 12, 1.0, 8.0, false, 101);
    CHECK_THAT(sp::rft_sf_max(u, Statistic::T, 1, 12, 1.0, 8.0), WithinRel(0.05, 1e-12));
    const double f = sp::rft_threshold(0.05, Statistic::F, 2, 20, 1.0, 8.0, false, 101);
    CHECK_THAT(sp::rft_sf_max(f, Statistic::F, 2, 20, 1.0, 8.0), WithinRel(0.05, 1e-12));
  }
  SECTION("two-tailed at α is one-tailed at α / 2; monotonic in α and resels") {
    CHECK_THAT(
        sp::rft_threshold(0.05, Statistic::T, 1, 9, 1.0, 6.0, true, 101),
        WithinRel(sp::rft_threshold(0.025, Statistic::T, 1, 9, 1.0, 6.0, false, 101), 1e-14));
    double previous = 0.0;
    for (double r1 : {0.0, 0.5, 2.0, 8.0, 30.0, 100.0}) {
      const double u = sp::rft_threshold(0.05, Statistic::T, 1, 9, 1.0, r1, true, 101);
      CHECK(u >= previous);
      previous = u;
    }
    CHECK(sp::rft_threshold(0.01, Statistic::F, 3, 30, 1.0, 6.0, false, 101) >
          sp::rft_threshold(0.05, Statistic::F, 3, 30, 1.0, 6.0, false, 101));
  }
}

TEST_CASE("spm rft cluster and set p values", "[spm]") {
  const double u = sp::rft_threshold(0.05, Statistic::T, 1, 15, 1.0, 10.0, false, 101);
  SECTION("a cluster of zero extent at the threshold has p = α; p falls with the extent") {
    CHECK_THAT(sp::rft_p_cluster(0.0, u, Statistic::T, 1, 15, 1.0, 10.0, false),
               WithinRel(0.05, 1e-12));
    CHECK_THAT(sp::rft_p_cluster(0.0, u, Statistic::T, 1, 15, 1.0, 10.0, true),
               WithinRel(0.10, 1e-12));
    double previous = 1.0;
    for (double k : {0.1, 0.3, 0.6, 1.0, 2.0}) {
      const double p = sp::rft_p_cluster(k, u, Statistic::T, 1, 15, 1.0, 10.0, false);
      CHECK(p < previous);
      previous = p;
    }
    CHECK(previous < 1e-6);
  }
  SECTION("Friston et al. 1994 extent law by hand (Gaussian limit)") {
    const double h = 3.0, r0 = 1.0, r1 = 10.0, k = 0.4;
    const double ec = r0 * gauss_rho0(h) + r1 * gauss_rho1(h);
    const double ek = gauss_rho0(h) / gauss_rho1(h);               // E_N / E_m(1-D term)
    const double beta = std::pow(std::sqrt(kPi) / 2.0 / ek, 2.0);  // (Γ(3/2) / E_k)²
    const double expected = 1.0 - std::exp(-ec * std::exp(-beta * k * k));
    CHECK_THAT(sp::rft_p_cluster(k, h, Statistic::T, 1, kHugeDf, r0, r1, false),
               WithinRel(expected, 1e-7));
    // Set level: P(Poisson(λ) ≥ 2) = 1 − e^(−λ)(1 + λ), λ = E_c P(k ≥ k_min).
    const double lambda = ec * std::exp(-beta * k * k);
    CHECK_THAT(sp::rft_p_set(2, k, h, Statistic::T, 1, kHugeDf, r0, r1, false),
               WithinRel(1.0 - std::exp(-lambda) * (1.0 + lambda), 1e-7));
  }
  SECTION("set level: one cluster is the cluster p, none gives 1, more clusters less p") {
    for (double k : {0.0, 0.5}) {
      CHECK_THAT(sp::rft_p_set(1, k, u, Statistic::T, 1, 15, 1.0, 10.0, false),
                 WithinRel(sp::rft_p_cluster(k, u, Statistic::T, 1, 15, 1.0, 10.0, false), 1e-12));
    }
    CHECK(sp::rft_p_set(0, 0.0, u, Statistic::T, 1, 15, 1.0, 10.0, true) == 1.0);
    CHECK(sp::rft_p_set(3, 0.2, u, Statistic::T, 1, 15, 1.0, 10.0, false) <
          sp::rft_p_set(2, 0.2, u, Statistic::T, 1, 15, 1.0, 10.0, false));
  }
}

TEST_CASE("spm rft refuses bad arguments", "[spm]") {
  using hipmech::test::thrown_argument;
  CHECK(thrown_argument([] { sp::rft_threshold(0.0, Statistic::T, 1, 9, 1, 5, true, 101); }) ==
        "alpha");
  CHECK(thrown_argument([] { sp::rft_threshold(1.0, Statistic::T, 1, 9, 1, 5, true, 101); }) ==
        "alpha");
  CHECK(thrown_argument([] { sp::rft_threshold(0.05, Statistic::F, 2, 9, 1, 5, true, 101); }) ==
        "two_tailed");
  CHECK(thrown_argument([] { sp::rft_threshold(0.05, Statistic::T, 1, 0, 1, 5, true, 101); }) ==
        "df2");
  CHECK(thrown_argument([] { sp::rft_threshold(0.05, Statistic::T, 1, 9, 1, -5, true, 101); }) ==
        "resels1");
  CHECK(thrown_argument([] { sp::rft_threshold(0.05, Statistic::T, 1, 9, 1, 5, true, 1); }) ==
        "n_nodes");
  CHECK(thrown_argument([] { sp::rft_p_cluster(-1, 3, Statistic::T, 1, 9, 1, 5, true); }) ==
        "extent_resels");
  CHECK(thrown_argument([] { sp::rft_p_set(-1, 0, 3, Statistic::T, 1, 9, 1, 5, true); }) == "c");
  // Only the 0- and 1-dimensional EC densities exist for a 1-D field (was: NaN for d = 2).
  CHECK(thrown_argument([] { sp::rft_ec_density(2, 3.0, Statistic::T, 1, 9); }) == "d");
  CHECK(thrown_argument([] { sp::rft_ec_density(-1, 3.0, Statistic::F, 2, 9); }) == "d");
  // An alpha whose threshold overflows double is refused naming alpha, not with an infinite
  // zstar (nor an error about a 'zstar' the caller never passed); 1e-150 is still finite.
  CHECK(thrown_argument([] { sp::rft_threshold(1e-300, Statistic::T, 1, 9, 1, 20, true, 101); }) ==
        "alpha");
  CHECK(std::isfinite(sp::rft_threshold(1e-150, Statistic::T, 1, 9, 1, 20, true, 101)));
}
