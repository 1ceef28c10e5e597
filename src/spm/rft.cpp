// The compiled definitions of <hipmech/spm/rft.hpp> (declared and documented there). The
// equations and the choices that reproduce spm1d are in docs/spm.md, "Random field theory".
#include "hipmech/spm/rft.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/tools/roots.hpp>

#include "hipmech/core/check.hpp"
#include "hipmech/core/error.hpp"
#include "hipmech/stats/distributions.hpp"

namespace hipmech::spm {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = 3.14159265358979323846;
/// √(4 ln 2): converts the EC densities of unit-variance-gradient fields to per-resel units
/// (Worsley et al. 1996, Table 2, with Λ = 4 ln 2 / FWHM²).
const double kSqrt4Ln2 = std::sqrt(4.0 * std::log(2.0));

void check_space(Statistic s, double df1, double df2, double resels0, double resels1) {
  HIPMECH_CHECK_ARG(std::isfinite(df2) && df2 > 0.0, "df2", "positive error degrees of freedom",
                    df2);
  if (s == Statistic::F) {
    HIPMECH_CHECK_ARG(std::isfinite(df1) && df1 > 0.0, "df1", "positive effect degrees of freedom",
                      df1);
  }
  HIPMECH_CHECK_ARG(std::isfinite(resels0) && resels0 >= 0.0, "resels0",
                    "a finite non-negative resel count", resels0);
  HIPMECH_CHECK_ARG(std::isfinite(resels1) && resels1 >= 0.0, "resels1",
                    "a finite non-negative resel count ((Q - 1) / FWHM)", resels1);
}

/// Upper-tail quantile of the statistic: u with P(stat > u) = p (the 0-D threshold).
double isf(double p, Statistic s, double df1, double df2) {
  if (p <= 0.0) return std::numeric_limits<double>::infinity();
  if (p >= 1.0) {
    return s == Statistic::T ? -std::numeric_limits<double>::infinity() : 0.0;
  }
  return stats::detail::boost_call("hipmech::spm rft isf", [&] {
    if (s == Statistic::T) {
      return boost::math::quantile(boost::math::complement(
          boost::math::students_t_distribution<double, stats::Policy>(df2), p));
    }
    // F(df1, df2) upper quantile through the incomplete beta: x = I⁻¹c(df1/2, df2/2; p),
    // F = df2 x / (df1 (1 − x)), with 1 − x returned by Boost at full precision.
    double y = 1.0;
    const double x = boost::math::ibetac_inv(0.5 * df1, 0.5 * df2, p, &y, stats::Policy());
    return df2 * x / (df1 * y);
  });
}

/// Expected Euler characteristic of the excursion set above u: Σ_d R_d ρ_d(u).
double expected_ec(double u, Statistic s, double df1, double df2, double r0, double r1) {
  return r0 * rft_ec_density(0, u, s, df1, df2) + r1 * rft_ec_density(1, u, s, df1, df2);
}

/// The quantities of the cluster-extent distribution at threshold u (Friston et al. 1994):
/// E_c the expected number of clusters (= E[EC]), β of P(k ≥ K) = exp(−β K²) in 1-D.
struct ExtentModel {
  double expected_clusters;
  double beta;
};

ExtentModel extent_model(double u, Statistic s, double df1, double df2, double r0, double r1) {
  const double rho0 = rft_ec_density(0, u, s, df1, df2);
  const double rho1 = rft_ec_density(1, u, s, df1, df2);
  ExtentModel m{r0 * rho0 + r1 * rho1, 0.0};
  // Expected resels of the excursion set E_N = R1 ρ0 and expected resels per cluster
  // E_k = E_N / (R1 ρ1) = ρ0 / ρ1; β = (Γ(D/2 + 1) / E_k)^(2/D) with D = 1.
  if (rho1 > 0.0 && rho0 > 0.0) {
    const double ek = rho0 / rho1;
    const double g = std::tgamma(1.5) / ek;
    m.beta = g * g;
  } else if (rho0 <= 0.0) {
    m.beta = std::numeric_limits<double>::infinity();
  }
  return m;
}

}  // namespace

double rft_ec_density(int d, double u, Statistic s, double df1, double df2) {
  HIPMECH_CHECK_ARG(d == 0 || d == 1, "d", "0 or 1 (the EC densities of a 1-D field)", d);
  if (std::isnan(u)) return kNaN;
  if (d == 0) {
    return s == Statistic::T ? stats::t_sf(u, df2) : stats::f_sf(u, df1, df2);
  }
  if (s == Statistic::T) {
    // ρ1 = √(4 ln 2) / (2π) · (1 + u²/ν)^(−(ν−1)/2)
    return kSqrt4Ln2 / (2.0 * kPi) * std::pow(1.0 + u * u / df2, -0.5 * (df2 - 1.0));
  }
  if (!(u > 0.0)) return 0.0;
  if (std::isinf(u)) return 0.0;
  // ρ1 = √(4 ln 2) / √(2π) · Γ((ν+k−1)/2) / (Γ(ν/2) Γ(k/2)) · √2 · (ku/ν)^((k−1)/2)
  //      · (1 + ku/ν)^(−(ν+k−2)/2)
  const double k = df1, v = df2;
  const double log_gamma =
      std::lgamma(0.5 * (v + k - 1.0)) - std::lgamma(0.5 * v) - std::lgamma(0.5 * k);
  const double x = k * u / v;
  return kSqrt4Ln2 / std::sqrt(2.0 * kPi) * std::sqrt(2.0) *
         std::exp(log_gamma + 0.5 * (k - 1.0) * std::log(x) - 0.5 * (v + k - 2.0) * std::log1p(x));
}

double rft_sf_max(double u, Statistic s, double df1, double df2, double resels0, double resels1) {
  check_space(s, df1, df2, resels0, resels1);
  if (std::isnan(u)) return kNaN;
  const double ec = expected_ec(u, s, df1, df2, resels0, resels1);
  return std::clamp(-std::expm1(-ec), 0.0, 1.0);
}

double rft_threshold(double alpha, Statistic s, double df1, double df2, double resels0,
                     double resels1, bool two_tailed, Eigen::Index n_nodes) {
  HIPMECH_CHECK_ARG(alpha > 0.0 && alpha < 1.0, "alpha", "a significance level in (0, 1)", alpha);
  HIPMECH_CHECK_ARG(!(two_tailed && s == Statistic::F), "two_tailed",
                    "false for an F field (F tests are one-tailed)", "true");
  HIPMECH_CHECK_ARG(n_nodes >= 2, "n_nodes", "at least 2 nodes", n_nodes);
  check_space(s, df1, df2, resels0, resels1);
  const double a = two_tailed ? 0.5 * alpha : alpha;
  // u_rft: P(max > u) = 1 − exp(−E[EC](u)) = a, i.e. E[EC](u) = −ln(1 − a); then
  // zstar = min(max(u_rft, u_0D), u_Bonferroni) (docs/spm.md, "Critical threshold").
  const double target = -std::log1p(-a);
  const double lo = isf(a, s, df1, df2);  // 0-D threshold: no field's maximum is below it
  const double hi = isf(a / static_cast<double>(n_nodes), s, df1, df2);  // Bonferroni
  auto f = [&](double u) { return expected_ec(u, s, df1, df2, resels0, resels1) - target; };
  double u = lo;
  if (!(f(lo) > 0.0)) {
    u = lo;
  } else if (!std::isfinite(hi) || !(f(hi) < 0.0)) {
    u = hi;
  } else {
    std::uintmax_t max_iter = 200;
    const auto r = boost::math::tools::toms748_solve(
        f, lo, hi, boost::math::tools::eps_tolerance<double>(44), max_iter);
    u = 0.5 * (r.first + r.second);
  }
  // Boost's quantile overflows to infinity for an alpha of about 1e-300: an infinite zstar is
  // not the critical threshold, and such an alpha is refused.
  HIPMECH_CHECK_ARG(std::isfinite(u), "alpha",
                    "a significance level whose critical threshold is finite in double precision",
                    alpha);
  return u;
}

double rft_p_cluster(double extent_resels, double u, Statistic s, double df1, double df2,
                     double resels0, double resels1, bool two_tailed) {
  HIPMECH_CHECK_ARG(std::isfinite(extent_resels) && extent_resels >= 0.0, "extent_resels",
                    "a finite non-negative cluster extent in resels", extent_resels);
  HIPMECH_CHECK_ARG(std::isfinite(u), "u", "a finite threshold", u);
  check_space(s, df1, df2, resels0, resels1);
  const ExtentModel m = extent_model(u, s, df1, df2, resels0, resels1);
  const double p =
      -std::expm1(-m.expected_clusters * std::exp(-m.beta * extent_resels * extent_resels));
  return std::clamp(two_tailed ? 2.0 * p : p, 0.0, 1.0);
}

double rft_p_set(int c, double k_min_resels, double u, Statistic s, double df1, double df2,
                 double resels0, double resels1, bool two_tailed) {
  HIPMECH_CHECK_ARG(c >= 0, "c", "a non-negative number of clusters", c);
  if (c == 0) return 1.0;
  HIPMECH_CHECK_ARG(std::isfinite(k_min_resels) && k_min_resels >= 0.0, "k_min_resels",
                    "a finite non-negative cluster extent in resels", k_min_resels);
  HIPMECH_CHECK_ARG(std::isfinite(u), "u", "a finite threshold", u);
  check_space(s, df1, df2, resels0, resels1);
  const ExtentModel m = extent_model(u, s, df1, df2, resels0, resels1);
  const double lambda = m.expected_clusters * std::exp(-m.beta * k_min_resels * k_min_resels);
  // P(N ≥ c) for N ~ Poisson(λ): the regularised lower incomplete gamma P(c, λ).
  const double p = lambda <= 0.0 ? 0.0 : stats::detail::boost_call("hipmech::spm::rft_p_set", [&] {
    return boost::math::gamma_p(static_cast<double>(c), lambda, stats::Policy());
  });
  return std::clamp(two_tailed ? 2.0 * p : p, 0.0, 1.0);
}

}  // namespace hipmech::spm
