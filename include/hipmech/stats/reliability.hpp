/// \file
/// Measurement error from a reliability study: the standard error of measurement (SEM) by both
/// published formulas, the minimal detectable change (MDC90, MDC95) and the smallest
/// worthwhile change (docs/stats.md, "SEM, MDC and SWC").
///
/// Sources: Weir JP (2005) J Strength Cond Res 19:231–240 (SEM = √MSE, recommended, and
/// SEM = SD·√(1 − ICC); MDC = z·√2·SEM); de Vet HCW et al. (2006) J Clin Epidemiol 59:1033–1039
/// (agreement SEM including the systematic rater/session variance); Hopkins WG (2000) Sports
/// Med 30:1–15 and Batterham & Hopkins (2006) Int J Sports Physiol Perform 1:50–57 (smallest
/// worthwhile change = 0.2 × the observed between-subject SD; hipmech uses the SD of all
/// ratings, which includes the measurement error and any session offsets).
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

#include "hipmech/stats/icc.hpp"

namespace hipmech::stats {

/// Which SEM the MDC is computed from.
enum class SemMethod : std::uint8_t {
  SqrtEms,  ///< √(error mean square): √MSE (two-way forms) or √MSW (one-way); Weir's advice
  SdIcc,    ///< SD·√(1 − ICC), SD of all ratings, ICC of the chosen form
};

/// "sqrt_ems" or "sd_icc"; InvalidArgument naming `arg` otherwise.
inline SemMethod parse_sem_method(const std::string& name, const char* arg = "sem_method") {
  if (name == "sqrt_ems") return SemMethod::SqrtEms;
  if (name == "sd_icc") return SemMethod::SdIcc;
  ::hipmech::detail::throw_invalid_argument(arg, "'sqrt_ems' or 'sd_icc'", "'" + name + "'");
}

/// SEM, MDC and SWC of a ratings table for one ICC form, in the unit of the ratings.
struct Reliability {
  IccRow icc;  ///< the chosen form with its test and interval
  SemMethod sem_method = SemMethod::SqrtEms;
  double grand_mean = detail::kNaN;    ///< mean of all ratings
  double sd_all = detail::kNaN;        ///< SD of all n·k ratings (n·k − 1)
  double sem_sqrt_ems = detail::kNaN;  ///< √MSE (two-way forms) or √MSW (one-way forms)
  double sem_sd_icc = detail::kNaN;    ///< SD·√(1 − ICC); NaN when the ICC is NaN
  double sem_agreement = detail::kNaN;  ///< √(σ²_raters + MSE), σ²_raters = max(0, (MSC − MSE)/n)
  double sem = detail::kNaN;            ///< the SEM of `sem_method`
  double mdc90 = detail::kNaN;          ///< Φ⁻¹(0.95)·√2·SEM
  double mdc95 = detail::kNaN;          ///< Φ⁻¹(0.975)·√2·SEM
  double mdc95_percent = detail::kNaN;  ///< 100·MDC95 / |grand mean|
  double swc_factor = 0.2;
  double swc = detail::kNaN;  ///< swc_factor · sd_all
  Eigen::Index n_targets = 0;
  Eigen::Index n_raters = 0;
  Eigen::Index n_targets_dropped = 0;
  std::string note;
};

/// The measurement error of `ratings` (n subjects × k trials or raters) for ICC `form`.
/// IccForm overload below.
/// A single-measure form gives the error of one measurement; for an average form the SEM
/// is that of the mean of k measurements (the error mean square divided by k, and
/// SD_mean·√(1 − ICC) with the SD of the subjects' means), which is what a clinician who
/// averages k trials gets. Missing data follow `missing` as in icc().
/// `form` names one row of the ICC table (icc_row_index: "ICC(A,1)" is two-way mixed,
/// absolute agreement, Koo & Li's choice for test–retest; "ICC(2,1)" its two-way random twin),
/// so that the reported model is the one asked for.
inline Reliability reliability(const Eigen::Ref<const RowMatrix>& ratings,
                               const std::string& form = "ICC(A,1)",
                               SemMethod sem_method = SemMethod::SqrtEms, double swc_factor = 0.2,
                               double confidence = 0.95, Missing missing = Missing::Propagate) {
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

namespace hipmech::stats {

/// reliability() for a formula (the Shrout & Fleiss row of `form`).
inline Reliability reliability(const Eigen::Ref<const RowMatrix>& ratings, IccForm form,
                               SemMethod sem_method = SemMethod::SqrtEms, double swc_factor = 0.2,
                               double confidence = 0.95, Missing missing = Missing::Propagate) {
  return reliability(ratings, std::string(shrout_fleiss_name(form)), sem_method, swc_factor,
                     confidence, missing);
}

}  // namespace hipmech::stats
