// The compiled definitions of <hipmech/spm/rft.hpp> (declared and documented there).
#include "hipmech/spm/rft.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "hipmech/core/check.hpp"
#include "hipmech/core/error.hpp"
#include "hipmech/stats/distributions.hpp"

namespace hipmech::spm {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = 3.14159265358979323846;
}  // namespace

double rft_ec_density(int d, double u, Statistic s, double df1, double df2) {
  if (d == 0) {
    return s == Statistic::T ? stats::t_sf(u, df2) : stats::f_sf(u, df1, df2);
  }
  if (d != 1) return kNaN;
  const double c = std::sqrt(4.0 * std::log(2.0));
  if (s == Statistic::T) {
    return c / (2.0 * kPi) * std::pow(1.0 + u * u / df2, -0.5 * (df2 - 1.0));
  }
  if (!(u > 0.0)) return 0.0;
  const double k = df1, v = df2;
  const double lg = std::lgamma(0.5 * (v + k - 1.0)) - std::lgamma(0.5 * v) - std::lgamma(0.5 * k);
  return c / std::sqrt(2.0 * kPi) * std::exp(lg) * std::sqrt(2.0) *
         std::pow(k * u / v, 0.5 * (k - 1.0)) * std::pow(1.0 + k * u / v, -0.5 * (v + k - 2.0));
}

double rft_sf_max(double u, Statistic s, double df1, double df2, double resels0, double resels1) {
  const double ec =
      resels0 * rft_ec_density(0, u, s, df1, df2) + resels1 * rft_ec_density(1, u, s, df1, df2);
  return std::min(1.0, std::max(0.0, ec));
}

double rft_threshold(double alpha, Statistic s, double df1, double df2, double resels0,
                     double resels1, bool two_tailed) {
  (void)alpha;
  (void)s;
  (void)df1;
  (void)df2;
  (void)resels0;
  (void)resels1;
  (void)two_tailed;
  throw NumericalError("hipmech::spm::rft_threshold: not implemented yet");
}

double rft_p_cluster(double extent_resels, double u, Statistic s, double df1, double df2,
                     double resels0, double resels1, bool two_tailed) {
  (void)extent_resels;
  (void)u;
  (void)s;
  (void)df1;
  (void)df2;
  (void)resels0;
  (void)resels1;
  (void)two_tailed;
  throw NumericalError("hipmech::spm::rft_p_cluster: not implemented yet");
}

double rft_p_set(int c, double k_min_resels, double u, Statistic s, double df1, double df2,
                 double resels0, double resels1, bool two_tailed) {
  (void)c;
  (void)k_min_resels;
  (void)u;
  (void)s;
  (void)df1;
  (void)df2;
  (void)resels0;
  (void)resels1;
  (void)two_tailed;
  throw NumericalError("hipmech::spm::rft_p_set: not implemented yet");
}

}  // namespace hipmech::spm
