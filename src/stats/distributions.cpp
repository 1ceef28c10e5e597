// The compiled definitions of <hipmech/stats/distributions.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/stats/distributions.hpp"

namespace hipmech::stats {

const char* alternative_name(Alternative a) {
  switch (a) {
    case Alternative::Less:
      return "less";
    case Alternative::Greater:
      return "greater";
    case Alternative::TwoSided:
    default:
      return "two-sided";
  }
}

double normal_quantile(double p) {
  if (std::isnan(p) || p < 0.0 || p > 1.0) return detail::kNaN;
  if (p == 0.0) return -std::numeric_limits<double>::infinity();
  if (p == 1.0) return std::numeric_limits<double>::infinity();
  return detail::boost_call("normal_quantile", [&] {
    return boost::math::quantile(boost::math::normal_distribution<double, Policy>(), p);
  });
}

double t_sf(double t, double df) {
  if (detail::any_nan(t, df) || !(df > 0.0)) return detail::kNaN;
  if (std::isinf(df)) return normal_sf(t);
  return detail::boost_call("t_sf", [&] {
    return boost::math::cdf(
        boost::math::complement(boost::math::students_t_distribution<double, Policy>(df), t));
  });
}

double t_quantile(double p, double df) {
  if (detail::any_nan(p, df) || !(df > 0.0) || p < 0.0 || p > 1.0) return detail::kNaN;
  if (std::isinf(df)) return normal_quantile(p);
  if (p == 0.0) return -std::numeric_limits<double>::infinity();
  if (p == 1.0) return std::numeric_limits<double>::infinity();
  return detail::boost_call("t_quantile", [&] {
    return boost::math::quantile(boost::math::students_t_distribution<double, Policy>(df), p);
  });
}

double t_p_value(double t, double df, Alternative alternative) {
  switch (alternative) {
    case Alternative::Less:
      return t_cdf(t, df);
    case Alternative::Greater:
      return t_sf(t, df);
    case Alternative::TwoSided:
    default: {
      const double tail = t_sf(std::fabs(t), df);
      return std::isnan(tail) ? tail : std::fmin(1.0, 2.0 * tail);
    }
  }
}

double f_sf(double f, double df1, double df2) {
  if (detail::any_nan(f, df1, df2) || !(df1 > 0.0) || !(df2 > 0.0)) return detail::kNaN;
  if (std::isinf(f)) return f > 0 ? 0.0 : 1.0;
  if (f <= 0.0) return 1.0;
  return detail::boost_call("f_sf", [&] {
    return boost::math::cdf(
        boost::math::complement(boost::math::fisher_f_distribution<double, Policy>(df1, df2), f));
  });
}

double f_quantile(double p, double df1, double df2) {
  if (detail::any_nan(p, df1, df2) || !(df1 > 0.0) || !(df2 > 0.0) || p < 0.0 || p > 1.0) {
    return detail::kNaN;
  }
  if (p == 1.0) return std::numeric_limits<double>::infinity();
  return detail::boost_call("f_quantile", [&] {
    return boost::math::quantile(boost::math::fisher_f_distribution<double, Policy>(df1, df2), p);
  });
}

double chi2_sf(double x, double df) {
  if (detail::any_nan(x, df) || !(df > 0.0)) return detail::kNaN;
  if (x <= 0.0) return 1.0;
  if (std::isinf(x)) return 0.0;
  return detail::boost_call("chi2_sf", [&] {
    return boost::math::cdf(
        boost::math::complement(boost::math::chi_squared_distribution<double, Policy>(df), x));
  });
}

double noncentral_t_ncp_for_cdf(double t, double df, double p) {
  if (detail::any_nan(t, df, p) || !(df > 0.0) || !(p > 0.0 && p < 1.0) || std::isinf(t)) {
    return detail::kNaN;
  }
  auto g = [&](double ncp) { return noncentral_t_cdf(t, df, ncp) - p; };
  // Bracket: start around t and widen until the sign changes (F is 1 at λ → −∞, 0 at +∞).
  double width = 2.0 + 0.5 * std::fabs(t);
  double lo = t - width;
  double hi = t + width;
  double g_lo = g(lo);
  double g_hi = g(hi);
  for (int i = 0; i < 60 && g_lo < 0.0; ++i) {
    hi = lo;
    g_hi = g_lo;
    width *= 2.0;
    lo = t - width;
    g_lo = g(lo);
  }
  for (int i = 0; i < 60 && g_hi > 0.0; ++i) {
    lo = hi;
    g_lo = g_hi;
    width *= 2.0;
    hi = t + width;
    g_hi = g(hi);
  }
  if (std::isnan(g_lo) || std::isnan(g_hi) || g_lo < 0.0 || g_hi > 0.0) return detail::kNaN;
  if (g_lo == 0.0) return lo;
  if (g_hi == 0.0) return hi;
  std::uintmax_t max_iter = 200;
  const auto tol = boost::math::tools::eps_tolerance<double>(48);
  try {
    const auto r =
        boost::math::tools::toms748_solve(g, lo, hi, g_lo, g_hi, tol, max_iter, Policy());
    return 0.5 * (r.first + r.second);
  } catch (const boost::math::evaluation_error& e) {
    throw NumericalError(std::string("noncentral_t_ncp_for_cdf: ") + e.what());
  }
}

}  // namespace hipmech::stats
