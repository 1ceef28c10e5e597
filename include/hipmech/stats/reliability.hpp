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
Reliability reliability(const Eigen::Ref<const RowMatrix>& ratings,
                        const std::string& form = "ICC(A,1)",
                        SemMethod sem_method = SemMethod::SqrtEms, double swc_factor = 0.2,
                        double confidence = 0.95, Missing missing = Missing::Propagate);

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
