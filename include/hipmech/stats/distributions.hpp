/// \file
/// The probability distributions of the statistics area, from Boost.Math under one explicit
/// error policy (docs/stats.md, "Distributions"). Nothing here is hand-written numerics: every
/// function forwards to a Boost.Math distribution or root finder.
///
/// Error policy (hipmech::stats::Policy):
///  - domain and pole errors return NaN (callers validate their arguments first, so a NaN here
///    marks a degenerate case such as zero variance, which the caller reports with a reason);
///  - overflow returns ±infinity (a quantile at probability 1), underflow and denormals 0;
///  - evaluation errors (a series that does not converge) throw, and the wrappers turn them
///    into hipmech::NumericalError naming the function;
///  - double precision is not promoted to long double (speed; the accuracy stays ~1e-15).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/non_central_t.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/policies/policy.hpp>
#include <boost/math/tools/roots.hpp>

#include "hipmech/core/check.hpp"
#include "hipmech/core/error.hpp"

namespace hipmech::stats {

/// The Boost.Math error policy of every hipmech statistic (see the file comment).
using Policy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::pole_error<boost::math::policies::ignore_error>,
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::underflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::denorm_error<boost::math::policies::ignore_error>,
    boost::math::policies::evaluation_error<boost::math::policies::throw_on_error>,
    boost::math::policies::rounding_error<boost::math::policies::throw_on_error>,
    boost::math::policies::indeterminate_result_error<boost::math::policies::ignore_error>,
    boost::math::policies::promote_float<false>, boost::math::policies::promote_double<false>>;

/// The alternative hypothesis of a test: two-sided, or one-sided with the parameter less or
/// greater than its null value (scipy's `alternative`).
enum class Alternative : std::uint8_t { TwoSided, Less, Greater };

/// "two-sided", "less" or "greater" (also "two_sided"); InvalidArgument naming `arg` otherwise.
inline Alternative parse_alternative(const std::string& name, const char* arg = "alternative") {
  if (name == "two-sided" || name == "two_sided") return Alternative::TwoSided;
  if (name == "less") return Alternative::Less;
  if (name == "greater") return Alternative::Greater;
  ::hipmech::detail::throw_invalid_argument(arg, "'two-sided', 'less' or 'greater'", "'" + name + "'");
}

const char* alternative_name(Alternative a);

/// Throws InvalidArgument unless 0 < confidence < 1 (a confidence level such as 0.95).
inline void check_confidence(double confidence, const char* arg = "confidence") {
  HIPMECH_CHECK_ARG(confidence > 0.0 && confidence < 1.0, arg,
                    "a confidence level strictly between 0 and 1 (e.g. 0.95)", confidence);
}

namespace detail {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Runs a Boost.Math call; its evaluation errors become hipmech::NumericalError naming `what`.
template <typename F>
double boost_call(const char* what, F&& f) {
  try {
    return f();
  } catch (const boost::math::evaluation_error& e) {
    throw NumericalError(std::string(what) + ": " + e.what());
  } catch (const boost::math::rounding_error& e) {
    throw NumericalError(std::string(what) + ": " + e.what());
  }
}

/// NaN when any argument is NaN (Boost's constructors check their parameters; the policy turns
/// a failed check into NaN, but NaN arguments are settled here, before any work).
inline bool any_nan(double a, double b = 0.0, double c = 0.0, double d = 0.0) {
  return std::isnan(a) || std::isnan(b) || std::isnan(c) || std::isnan(d);
}

}  // namespace detail

// ---- normal ---------------------------------------------------------------------------------

/// Standard normal CDF Φ(z).
inline double normal_cdf(double z) {
  if (std::isnan(z)) return detail::kNaN;
  return detail::boost_call("normal_cdf", [&] {
    return boost::math::cdf(boost::math::normal_distribution<double, Policy>(), z);
  });
}

/// Standard normal survival function 1 − Φ(z), accurate in the upper tail.
inline double normal_sf(double z) {
  if (std::isnan(z)) return detail::kNaN;
  return detail::boost_call("normal_sf", [&] {
    return boost::math::cdf(
        boost::math::complement(boost::math::normal_distribution<double, Policy>(), z));
  });
}

/// Standard normal quantile Φ⁻¹(p), p in [0, 1] (±inf at the ends, NaN outside).
double normal_quantile(double p);

// ---- Student's t ----------------------------------------------------------------------------
// Infinite degrees of freedom give the normal distribution.

/// Student's t CDF with `df` > 0 degrees of freedom.
inline double t_cdf(double t, double df) {
  if (detail::any_nan(t, df) || !(df > 0.0)) return detail::kNaN;
  if (std::isinf(df)) return normal_cdf(t);
  return detail::boost_call("t_cdf", [&] {
    return boost::math::cdf(boost::math::students_t_distribution<double, Policy>(df), t);
  });
}

/// Student's t survival function 1 − F(t).
double t_sf(double t, double df);

/// Student's t quantile F⁻¹(p).
double t_quantile(double p, double df);

/// p-value of a t statistic under `alternative` (two-sided: 2·min tail).
double t_p_value(double t, double df, Alternative alternative);

/// p-value of a z statistic under `alternative`.
inline double z_p_value(double z, Alternative alternative) {
  return t_p_value(z, std::numeric_limits<double>::infinity(), alternative);
}

// ---- F and χ² -------------------------------------------------------------------------------

/// Survival function of Fisher's F(df1, df2): P(F > f), the p-value of an F-test.
double f_sf(double f, double df1, double df2);

/// Quantile of Fisher's F(df1, df2).
double f_quantile(double p, double df1, double df2);

/// Survival function of χ²(df): P(X > x), the p-value of Cochran's Q.
double chi2_sf(double x, double df);

// ---- noncentral t ---------------------------------------------------------------------------

/// CDF of the noncentral t distribution with `df` degrees of freedom and noncentrality `ncp`.
inline double noncentral_t_cdf(double t, double df, double ncp) {
  if (detail::any_nan(t, df, ncp) || !(df > 0.0)) return detail::kNaN;
  return detail::boost_call("noncentral_t_cdf", [&] {
    return boost::math::cdf(boost::math::non_central_t_distribution<double, Policy>(df, ncp), t);
  });
}

/// Quantile of the noncentral t distribution.
inline double noncentral_t_quantile(double p, double df, double ncp) {
  if (detail::any_nan(p, df, ncp) || !(df > 0.0) || p <= 0.0 || p >= 1.0) return detail::kNaN;
  return detail::boost_call("noncentral_t_quantile", [&] {
    return boost::math::quantile(boost::math::non_central_t_distribution<double, Policy>(df, ncp),
                                 p);
  });
}

/// The noncentrality λ at which the noncentral t CDF at the observed `t` equals `p`:
/// F(t; df, λ) = p. F decreases in λ, so the root is unique. This inverts the noncentral t
/// for exact confidence intervals of standardized effects (Steiger & Fouladi 1997; Cumming &
/// Finch 2001): the 95 % interval of λ is [λ(0.975), λ(0.025)]. Boost's TOMS 748 bracketing
/// solver (Alefeld, Potra & Shi 1995) finds the root to ~1e-12 relative.
double noncentral_t_ncp_for_cdf(double t, double df, double p);

}  // namespace hipmech::stats
