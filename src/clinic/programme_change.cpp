// The compiled definitions of <hipmech/clinic/programme_change.hpp> (documented there).
#include "hipmech/clinic/programme_change.hpp"

#include <cmath>
#include <string>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/stats/change.hpp"
#include "hipmech/stats/distributions.hpp"
#include "score_trials.hpp"

namespace hipmech::clinic {

namespace {

constexpr const char* kSource =
    "MDC = z sqrt(2) SEM: Weir JP (2005) J Strength Cond Res 19(1):231-240; Haley SM, "
    "Fragala-Pinkham MA (2006) Phys Ther 86(5):735-743";

void check_confidence(double confidence) {
  HIPMECH_CHECK_ARG(std::isfinite(confidence) && confidence > 0.0 && confidence < 1.0, "confidence",
                    "a confidence level in (0, 1), e.g. 0.95", confidence);
}

double z_of(double confidence) {
  return stats::normal_quantile(1.0 - (1.0 - confidence) / 2.0);
}

}  // namespace

double sem_from_icc(double sd, double icc) {
  check_positive(sd, "sd", "the unit of the values");
  HIPMECH_CHECK_ARG(std::isfinite(icc) && icc >= 0.0 && icc <= 1.0, "icc",
                    "a reliability coefficient in [0, 1]", icc);
  return sd * std::sqrt(1.0 - icc);
}

double minimal_detectable_change(double sem, double confidence) {
  check_positive(sem, "sem", "the unit of the values");
  check_confidence(confidence);
  return z_of(confidence) * std::sqrt(2.0) * sem;
}

ProgrammeChange programme_change(double baseline, double follow_up,
                                 const ProgrammeChangeOptions& options) {
  HIPMECH_CHECK_ARG(!std::isinf(baseline), "baseline", "a finite value or NaN (missing)", baseline);
  HIPMECH_CHECK_ARG(!std::isinf(follow_up), "follow_up", "a finite value or NaN (missing)",
                    follow_up);
  check_confidence(options.confidence);
  const MeasurementError& e = options.error;
  const bool has_sem = !std::isnan(e.sem);
  const bool has_icc = !std::isnan(e.icc) || !std::isnan(e.sd);
  const bool has_mdc = !std::isnan(e.mdc);
  HIPMECH_CHECK_ARG(int(has_sem) + int(has_icc) + int(has_mdc) <= 1, "error",
                    "one of sem, (icc, sd) or mdc", "more than one");
  if (has_icc) {
    HIPMECH_CHECK_ARG(!std::isnan(e.icc) && !std::isnan(e.sd), "error",
                      "both icc and sd (SEM = SD sqrt(1 - ICC))",
                      std::isnan(e.icc) ? "sd without icc" : "icc without sd");
  }

  ProgrammeChange p;
  p.options = options;
  p.baseline = baseline;
  p.follow_up = follow_up;
  p.z = z_of(options.confidence);
  if (has_sem) {
    p.sem = e.sem;
    p.mdc = minimal_detectable_change(e.sem, options.confidence);
    p.mdc_from = "sem";
  } else if (has_icc) {
    p.sem = sem_from_icc(e.sd, e.icc);
    HIPMECH_CHECK_ARG(e.icc < 1.0, "icc",
                      "an ICC below 1 (an ICC of 1 gives SEM = 0: no measurement error, no MDC)",
                      e.icc);
    p.mdc = minimal_detectable_change(p.sem, options.confidence);
    p.mdc_from = "icc_sd";
  } else if (has_mdc) {
    check_positive(e.mdc, "mdc", "the unit of the values");
    p.mdc = e.mdc;
    p.mdc_from = "mdc";
  }

  const Eigen::VectorXd b = Eigen::VectorXd::Constant(1, baseline);
  const Eigen::VectorXd f = Eigen::VectorXd::Constant(1, follow_up);
  const stats::Change c = stats::change(b, f, p.mdc, options.higher_is_better, options.confidence);
  p.change = c.change[0];
  p.percent_change = c.percent_change[0];
  switch (c.category[0]) {
    case stats::ChangeCategory::Improved:
      p.verdict = ChangeVerdict::Improved;
      break;
    case stats::ChangeCategory::Worsened:
      p.verdict = ChangeVerdict::Worse;
      break;
    case stats::ChangeCategory::Within:
      p.verdict = ChangeVerdict::Within;
      break;
    default:
      p.verdict = ChangeVerdict::NotAssessed;
  }
  const std::string unit = options.unit.empty() ? "" : " " + options.unit;
  if (std::isnan(p.change)) {
    p.notes.push_back(options.name + ": the baseline or the follow-up is missing (NaN)");
  } else if (std::isnan(p.mdc)) {
    p.notes.push_back(options.name +
                      ": no measurement error given (sem, icc and sd, or mdc): no verdict");
  }
  if (baseline == 0.0) p.notes.push_back(options.name + ": baseline 0, percent change undefined");
  if (p.mdc_from == "sem" || p.mdc_from == "icc_sd") {
    p.notes.push_back(options.name + ": MDC" + detail::fmt(100.0 * options.confidence) + " = " +
                      detail::fmt(p.z) + " x sqrt(2) x SEM " + detail::fmt(p.sem) + unit + " = " +
                      detail::fmt(p.mdc) + unit +
                      (p.mdc_from == "icc_sd" ? " (SEM = SD sqrt(1 - ICC))" : ""));
  }
  // The flag: a change beyond the MDC in the worse direction.
  const double worse = options.higher_is_better ? -p.change : p.change;
  p.flags.push_back(make_flag(
      options.name + "_change", "", p.change, p.mdc, options.unit,
      options.higher_is_better ? "change < -MDC (worse beyond measurement error)"
                               : "change > MDC (worse beyond measurement error; lower is better)",
      kSource, above_cutoff(worse, p.mdc),
      std::isnan(p.change) ? "the baseline or the follow-up is missing"
                           : "no measurement error (SEM, ICC and SD, or MDC) given"));
  return p;
}

}  // namespace hipmech::clinic
