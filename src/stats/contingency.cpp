// The compiled definitions of <hipmech/stats/contingency.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/stats/contingency.hpp"

namespace hipmech::stats::detail {

ContingencyEstimate contingency_start(const Table2x2& t, double confidence,
                                      ZeroCorrection correction, const char* measure,
                                      const char* method) {
  check_confidence(confidence);
  const double cells[4] = {t.a, t.b, t.c, t.d};
  const char* names[4] = {"a", "b", "c", "d"};
  for (int i = 0; i < 4; ++i) {
    HIPMECH_CHECK_ARG(std::isfinite(cells[i]) && cells[i] >= 0.0, names[i],
                      "a finite non-negative count", cells[i]);
  }
  HIPMECH_CHECK_ARG(t.a + t.b > 0.0, "table", "a positive total in the exposed row (a + b > 0)",
                    "a = b = 0");
  HIPMECH_CHECK_ARG(t.c + t.d > 0.0, "table", "a positive total in the unexposed row (c + d > 0)",
                    "c = d = 0");
  ContingencyEstimate r;
  r.measure = measure;
  r.ci_method = method;
  r.confidence = confidence;
  r.correction = correction;
  r.table = t;
  const bool zero = t.a == 0.0 || t.b == 0.0 || t.c == 0.0 || t.d == 0.0;
  if (zero && correction == ZeroCorrection::Haldane) {
    r.table = {t.a + 0.5, t.b + 0.5, t.c + 0.5, t.d + 0.5};
    r.corrected = true;
    r.note = "a zero cell: 0.5 added to every cell (Haldane 1956)";
  }
  const Table2x2& u = r.table;
  r.risk_exposed = u.a / (u.a + u.b);
  r.risk_unexposed = u.c / (u.c + u.d);
  return r;
}

void contingency_log_wald(ContingencyEstimate& r, double log_estimate, double se,
                          const char* zero_se_note) {
  const double zc = normal_quantile(0.5 + 0.5 * r.confidence);
  r.log_estimate = log_estimate;
  r.estimate = std::exp(log_estimate);
  r.se = se;
  r.ci_low = std::exp(log_estimate - zc * se);
  r.ci_high = std::exp(log_estimate + zc * se);
  if (!(se > 0.0)) {
    detail::append_note(r.note, zero_se_note);
    return;
  }
  r.z = log_estimate / se;
  r.p_value = z_p_value(r.z, Alternative::TwoSided);
}

}  // namespace hipmech::stats::detail

namespace hipmech::stats {

ContingencyEstimate odds_ratio(const Table2x2& table, double confidence,
                               ZeroCorrection correction) {
  ContingencyEstimate r =
      detail::contingency_start(table, confidence, correction, "odds ratio", "log (Woolf) Wald");
  const Table2x2& u = r.table;
  if (u.a == 0.0 || u.b == 0.0 || u.c == 0.0 || u.d == 0.0) {
    r.note = "a zero cell makes the odds ratio or its SE undefined; pass correction='haldane'";
    return r;
  }
  const double log_or = std::log(u.a) + std::log(u.d) - std::log(u.b) - std::log(u.c);
  detail::contingency_log_wald(r, log_or, std::sqrt(1.0 / u.a + 1.0 / u.b + 1.0 / u.c + 1.0 / u.d));
  return r;
}

ContingencyEstimate relative_risk(const Table2x2& table, double confidence,
                                  ZeroCorrection correction) {
  ContingencyEstimate r =
      detail::contingency_start(table, confidence, correction, "relative risk", "log (Katz) Wald");
  const Table2x2& u = r.table;
  if (u.a == 0.0 || u.c == 0.0) {
    r.note =
        "a zero count of outcomes (a or c) makes the relative risk or its SE undefined; "
        "pass correction='haldane'";
    return r;
  }
  const double n1 = u.a + u.b;
  const double n0 = u.c + u.d;
  const double log_rr = std::log(u.a) - std::log(n1) - std::log(u.c) + std::log(n0);
  const double var = 1.0 / u.a - 1.0 / n1 + 1.0 / u.c - 1.0 / n0;
  detail::contingency_log_wald(
      r, log_rr, std::sqrt(std::fmax(0.0, var)),
      "every outcome count fills its row (b = d = 0, both risks 1): the SE of ln RR is 0, the "
      "interval has zero width and z and the p-value are undefined");
  return r;
}

ContingencyEstimate risk_difference(const Table2x2& table, double confidence,
                                    ZeroCorrection correction) {
  ContingencyEstimate r =
      detail::contingency_start(table, confidence, correction, "risk difference", "Wald");
  const Table2x2& u = r.table;
  const double p1 = r.risk_exposed;
  const double p0 = r.risk_unexposed;
  const double n1 = u.a + u.b;
  const double n0 = u.c + u.d;
  r.estimate = p1 - p0;
  r.se = std::sqrt(p1 * (1.0 - p1) / n1 + p0 * (1.0 - p0) / n0);
  const double zc = normal_quantile(0.5 + 0.5 * confidence);
  r.ci_low = r.estimate - zc * r.se;
  r.ci_high = r.estimate + zc * r.se;
  if (r.se > 0.0) {
    r.z = r.estimate / r.se;
    r.p_value = z_p_value(r.z, Alternative::TwoSided);
  } else {
    r.note =
        "every risk is 0 or 1: the Wald SE is 0, the interval has zero width and the test "
        "is undefined";
  }
  if (!r.corrected && (p1 == 0.0 || p1 == 1.0 || p0 == 0.0 || p0 == 1.0) && r.se > 0.0) {
    r.note = "a risk of 0 or 1: the Wald interval understates the uncertainty of that row";
  }
  return r;
}

}  // namespace hipmech::stats
