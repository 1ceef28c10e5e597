// The compiled definitions of <hipmech/stats/icc.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/stats/icc.hpp"

namespace hipmech::stats::detail {

std::string icc_key(const std::string& name) {
  std::string s;
  for (char c : name) {
    if (c == ' ') continue;
    s += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return s;
}

}  // namespace hipmech::stats::detail

namespace hipmech::stats {

IccForm parse_icc_form(const std::string& name, const char* arg) {
  const std::string s = detail::icc_key(name);
  if (s == "ICC(1,1)" || s == "ICC(1)" || s == "ICC1") return IccForm::OneWaySingle;
  if (s == "ICC(1,K)" || s == "ICC(K)" || s == "ICC1K") return IccForm::OneWayAverage;
  if (s == "ICC(2,1)" || s == "ICC(A,1)" || s == "ICC2") return IccForm::AgreementSingle;
  if (s == "ICC(2,K)" || s == "ICC(A,K)" || s == "ICC2K") return IccForm::AgreementAverage;
  if (s == "ICC(3,1)" || s == "ICC(C,1)" || s == "ICC3") return IccForm::ConsistencySingle;
  if (s == "ICC(3,K)" || s == "ICC(C,K)" || s == "ICC3K") return IccForm::ConsistencyAverage;
  ::hipmech::detail::throw_invalid_argument(
      arg,
      "an ICC form: ICC(1,1), ICC(2,1), ICC(3,1), ICC(1,k), ICC(2,k), ICC(3,k) (Shrout & "
      "Fleiss) or ICC(1), ICC(k), ICC(A,1), ICC(A,k), ICC(C,1), ICC(C,k) (McGraw & Wong)",
      "'" + name + "'");
}

IccAnova icc_anova(const Eigen::Ref<const RowMatrix>& ratings) {
  const Eigen::Index n = ratings.rows();
  const Eigen::Index k = ratings.cols();
  detail::check_ratings_shape(n, k, "ratings");
  IccAnova a;
  a.n_targets = n;
  a.n_raters = k;
  const double dn = static_cast<double>(n);
  const double dk = static_cast<double>(k);
  const Eigen::VectorXd row_mean = ratings.rowwise().mean();
  const Eigen::RowVectorXd col_mean = ratings.colwise().mean();
  const double grand = row_mean.mean();
  a.grand_mean = grand;
  a.ss_targets = dk * (row_mean.array() - grand).square().sum();
  a.ss_raters = dn * (col_mean.array() - grand).square().sum();
  // SSE = SST − SSR − SSC can cancel catastrophically when the error is tiny; the residual
  // sum is computed directly, as one vectorised expression.
  const double ss_total = (ratings.array() - grand).square().sum();
  double ss_error =
      (((ratings.colwise() - row_mean).rowwise() - col_mean).array() + grand).square().sum();
  // Sums of squares at round-off level are zero: the means of equal values need not be exact
  // (0.1 + 0.1 + 0.1 ≠ 0.3), which would turn a table of equal ratings (0/0) into a finite
  // ICC. Each deviation of a variance-free table is within a few ulps of the largest |x|.
  const double ulp_scale =
      16.0 * std::numeric_limits<double>::epsilon() * ratings.cwiseAbs().maxCoeff();
  const double zero_below = dn * dk * ulp_scale * ulp_scale;
  auto clean = [zero_below](double ss) { return ss <= zero_below ? 0.0 : ss; };
  a.ss_targets = clean(a.ss_targets);
  a.ss_raters = clean(a.ss_raters);
  ss_error = clean(ss_error);
  a.ss_error = ss_error;
  a.ms_targets = a.ss_targets / (dn - 1.0);
  a.ms_raters = a.ss_raters / (dk - 1.0);
  a.ms_error = ss_error / ((dn - 1.0) * (dk - 1.0));
  a.ms_within = (a.ss_raters + ss_error) / (dn * (dk - 1.0));
  a.sd_all = std::sqrt(clean(ss_total) / (dn * dk - 1.0));
  return a;
}

double icc_from_anova(const IccAnova& a, IccForm form) {
  const double k = static_cast<double>(a.n_raters);
  const double n = static_cast<double>(a.n_targets);
  const double msr = a.ms_targets;
  const double mse = a.ms_error;
  const double msw = a.ms_within;
  const double msc = a.ms_raters;
  double num = detail::kNaN;
  double den = detail::kNaN;
  switch (form) {
    case IccForm::OneWaySingle:
      num = msr - msw;
      den = msr + (k - 1.0) * msw;
      break;
    case IccForm::OneWayAverage:
      num = msr - msw;
      den = msr;
      break;
    case IccForm::AgreementSingle:
      num = msr - mse;
      den = msr + (k - 1.0) * mse + k * (msc - mse) / n;
      break;
    case IccForm::AgreementAverage:
      num = msr - mse;
      den = msr + (msc - mse) / n;
      break;
    case IccForm::ConsistencySingle:
      num = msr - mse;
      den = msr + (k - 1.0) * mse;
      break;
    case IccForm::ConsistencyAverage:
      num = msr - mse;
      den = msr;
      break;
  }
  return den != 0.0 ? num / den : detail::kNaN;
}

std::size_t icc_row_index(const std::string& name, const char* arg) {
  const std::string key = detail::icc_key(name);
  if (key == "ICC(1)") return 0;
  if (key == "ICC(K)") return 3;
  for (std::size_t i = 0; i < detail::kIccRows.size(); ++i) {
    if (detail::icc_key(detail::icc_row_label(i)) == key) return i;
  }
  // The short aliases ("ICC2", "ICC3K") name a formula: its Shrout & Fleiss row. Throws the
  // message listing every name otherwise.
  const IccForm form = parse_icc_form(name, arg);
  std::size_t i = 0;
  while (detail::kIccRows[i].form != form) ++i;
  return i;
}

}  // namespace hipmech::stats

namespace hipmech::stats::detail {

void icc_forms(const IccAnova& a, double confidence, std::array<IccRow, 6>& out) {
  const double n = static_cast<double>(a.n_targets);
  const double k = static_cast<double>(a.n_raters);
  const double q = 0.5 + 0.5 * confidence;  // upper quantile 1 − α/2
  const double msr = a.ms_targets;
  const double msc = a.ms_raters;
  const double mse = a.ms_error;
  const double msw = a.ms_within;
  for (std::size_t i = 0; i < 6; ++i) {
    out[i].form = static_cast<IccForm>(i);
    out[i].icc = icc_from_anova(a, out[i].form);
  }
  // Single and average forms share a test; the average interval is 1 − 1/F_L,U (McGraw & Wong
  // Table 7) or Spearman–Brown of the single bounds (agreement).
  auto set_exact = [&](IccForm single, IccForm average, double f, double df1, double df2) {
    const double p = f_sf(f, df1, df2);
    const double fl = f / f_quantile(q, df1, df2);
    const double fu = f * f_quantile(q, df2, df1);
    IccRow& s = out[static_cast<std::size_t>(single)];
    IccRow& m = out[static_cast<std::size_t>(average)];
    for (IccRow* r : {&s, &m}) {
      r->f = f;
      r->df1 = df1;
      r->df2 = df2;
      r->p_value = p;
      r->ci_method = "exact (F)";
    }
    s.ci_low = (fl - 1.0) / (fl + k - 1.0);
    s.ci_high = (fu - 1.0) / (fu + k - 1.0);
    m.ci_low = 1.0 - 1.0 / fl;
    m.ci_high = 1.0 - 1.0 / fu;
  };
  set_exact(IccForm::OneWaySingle, IccForm::OneWayAverage, msr / msw, n - 1.0, n * (k - 1.0));
  const double f2 = msr / mse;
  const double df_e = (n - 1.0) * (k - 1.0);
  set_exact(IccForm::ConsistencySingle, IccForm::ConsistencyAverage, f2, n - 1.0, df_e);

  // Absolute agreement: the F-test is the consistency test (Table 8, ρ0 = 0); the interval
  // uses Satterthwaite's approximate df v (McGraw & Wong 1996 Table 7, note; Shrout & Fleiss
  // 1979 eq. 12–13).
  IccRow& s = out[static_cast<std::size_t>(IccForm::AgreementSingle)];
  IccRow& m = out[static_cast<std::size_t>(IccForm::AgreementAverage)];
  for (IccRow* r : {&s, &m}) {
    r->f = f2;
    r->df1 = n - 1.0;
    r->df2 = df_e;
    r->p_value = out[static_cast<std::size_t>(IccForm::ConsistencySingle)].p_value;
    r->ci_method = "approximate (F, Satterthwaite df)";
  }
  const double rho = s.icc;
  const double ra = k * rho / (n * (1.0 - rho));
  const double rb = 1.0 + k * rho * (n - 1.0) / (n * (1.0 - rho));
  const double va = ra * msc;
  const double vb = rb * mse;
  const double v = (va + vb) * (va + vb) / (va * va / (k - 1.0) + vb * vb / df_e);
  const double f_star = f_quantile(q, n - 1.0, v);
  const double f_star2 = f_quantile(q, v, n - 1.0);
  const double c = k * msc + (k * n - k - n) * mse;
  s.ci_low = n * (msr - f_star * mse) / (f_star * c + n * msr);
  s.ci_high = n * (f_star2 * msr - mse) / (c + n * f_star2 * msr);
  m.ci_low = s.ci_low * k / (1.0 + s.ci_low * (k - 1.0));
  m.ci_high = s.ci_high * k / (1.0 + s.ci_high * (k - 1.0));
}

}  // namespace hipmech::stats::detail

namespace hipmech::stats {

IccResult icc(const Eigen::Ref<const RowMatrix>& ratings, double confidence, Missing missing) {
  check_confidence(confidence);
  detail::check_ratings_shape(ratings.rows(), ratings.cols(), "ratings");
  check_values(ratings, "ratings",
               missing == Missing::Raise ? NanPolicy::Reject : NanPolicy::Allow);
  IccResult r;
  r.confidence = confidence;
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    const auto& name = detail::kIccRows[i];
    IccRow& row = r.rows[i];
    row.form = name.form;
    row.shrout_fleiss = name.shrout_fleiss;
    row.mcgraw_wong = mcgraw_wong_name(name.form);
    row.label = detail::icc_row_label(i);
    row.model = name.model;
    row.definition = name.definition;
    row.unit = is_average(name.form) ? "average" : "single";
  }
  Eigen::Index incomplete = 0;
  for (Eigen::Index i = 0; i < ratings.rows(); ++i) {
    const Eigen::Index nan_cells = ratings.row(i).array().isNaN().count();
    r.n_missing += nan_cells;
    incomplete += nan_cells > 0 ? 1 : 0;
  }
  IccAnova anova;
  if (incomplete == 0) {
    anova = icc_anova(ratings);
  } else if (missing == Missing::Propagate) {
    r.note = std::to_string(r.n_missing) + " rating(s) of " + std::to_string(incomplete) +
             " target(s) are missing (NaN); pass missing='omit' to leave those targets out";
    r.anova.n_targets = ratings.rows();
    r.anova.n_raters = ratings.cols();
    return r;
  } else {
    RowMatrix kept(ratings.rows() - incomplete, ratings.cols());
    Eigen::Index j = 0;
    for (Eigen::Index i = 0; i < ratings.rows(); ++i) {
      if (!ratings.row(i).array().isNaN().any()) kept.row(j++) = ratings.row(i);
    }
    r.n_targets_dropped = incomplete;
    r.note = std::to_string(incomplete) + " target(s) with missing ratings left out";
    if (kept.rows() < 2) {
      detail::append_note(r.note, "fewer than 2 complete targets remain");
      r.anova.n_targets = kept.rows();
      r.anova.n_raters = ratings.cols();
      return r;
    }
    anova = icc_anova(kept);
  }
  r.anova = anova;
  std::array<IccRow, 6> forms{};
  detail::icc_forms(anova, confidence, forms);
  const bool all_equal = anova.ms_targets == 0.0 && anova.ms_error == 0.0 && anova.ms_within == 0.0;
  for (IccRow& row : r.rows) {
    const IccRow& v = forms[static_cast<std::size_t>(row.form)];
    row.icc = v.icc;
    row.f = v.f;
    row.df1 = v.df1;
    row.df2 = v.df2;
    row.p_value = v.p_value;
    row.ci_method = v.ci_method;
    row.ci_low = v.ci_low;
    row.ci_high = v.ci_high;
    if (!std::isfinite(row.f)) {  // a zero error (or within) mean square: no test, no interval
      row.f = row.p_value = row.ci_low = row.ci_high = detail::kNaN;
    }
  }
  if (all_equal) {
    detail::append_note(r.note, "all ratings are equal: every ICC is 0/0");
  } else if (anova.ms_error == 0.0 || anova.ms_within == 0.0) {
    detail::append_note(
        r.note,
        "no residual variance: the F-tests and intervals of the affected forms are undefined");
  }
  return r;
}

}  // namespace hipmech::stats
