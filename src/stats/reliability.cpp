// The compiled definitions of <hipmech/stats/reliability.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/stats/reliability.hpp"

namespace hipmech::stats {

Reliability reliability(const Eigen::Ref<const RowMatrix>& ratings, const std::string& form,
                        SemMethod sem_method, double swc_factor, double confidence,
                        Missing missing) {
  const std::size_t row = icc_row_index(form, "form");
  HIPMECH_CHECK_ARG(swc_factor > 0.0 && std::isfinite(swc_factor), "swc_factor",
                    "a positive multiple of the SD of the ratings (0.2 = small)", swc_factor);
  const IccResult all = icc(ratings, confidence, missing);
  Reliability r;
  r.icc = all.rows[row];
  const IccForm form_id = r.icc.form;
  r.sem_method = sem_method;
  r.swc_factor = swc_factor;
  r.note = all.note;
  r.n_targets = all.anova.n_targets;
  r.n_raters = all.anova.n_raters;
  r.n_targets_dropped = all.n_targets_dropped;
  const IccAnova& a = all.anova;
  if (std::isnan(a.grand_mean)) return r;  // propagated NaN or too few targets: note says why
  const double k = static_cast<double>(a.n_raters);
  const double n = static_cast<double>(a.n_targets);
  const bool one_way = form_id == IccForm::OneWaySingle || form_id == IccForm::OneWayAverage;
  const bool average = is_average(form_id);
  const double ems = one_way ? a.ms_within : a.ms_error;
  // For the mean of k measurements every error variance is divided by k; the SD is that of the
  // subjects' means, √(MSR/k) (MSR = k·var of the row means).
  const double scale = average ? k : 1.0;
  r.grand_mean = a.grand_mean;
  r.sd_all = average ? std::sqrt(a.ms_targets / k) : a.sd_all;
  r.sem_sqrt_ems = std::sqrt(ems / scale);
  const double rater_var = std::fmax(0.0, (a.ms_raters - a.ms_error) / n);
  r.sem_agreement = one_way ? r.sem_sqrt_ems : std::sqrt((rater_var + a.ms_error) / scale);
  const double icc = r.icc.icc;
  r.sem_sd_icc = std::isnan(icc) ? detail::kNaN : r.sd_all * std::sqrt(std::fmax(0.0, 1.0 - icc));
  r.sem = sem_method == SemMethod::SqrtEms ? r.sem_sqrt_ems : r.sem_sd_icc;
  const double sqrt2 = std::sqrt(2.0);
  r.mdc90 = normal_quantile(0.95) * sqrt2 * r.sem;
  r.mdc95 = normal_quantile(0.975) * sqrt2 * r.sem;
  if (a.grand_mean != 0.0) {
    r.mdc95_percent = 100.0 * r.mdc95 / std::fabs(a.grand_mean);
  } else {
    detail::append_note(r.note, "the grand mean is 0: MDC95% is undefined");
  }
  if (!std::isnan(icc) && icc < 0.0) {
    detail::append_note(
        r.note,
        "the ICC is negative (more error than between-subject variance): SD·sqrt(1 - ICC) "
        "exceeds the SD");
  }
  r.swc = swc_factor * r.sd_all;
  return r;
}

}  // namespace hipmech::stats
