// Python bindings of the stats area, part "agreement" (raw names carry a `stats_` prefix; the
// friendly layer is python/hipmech/stats/_agreement.py): Bland-Altman, 2x2 tables,
// DerSimonian-Laird meta-analysis and change over a programme. Each returns a dict.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "arguments.hpp"
#include "bind.hpp"
#include "hipmech/stats/bland_altman.hpp"
#include "hipmech/stats/change.hpp"
#include "hipmech/stats/contingency.hpp"
#include "hipmech/stats/meta_analysis.hpp"
#include "owned.hpp"

namespace hipmech::bindings {

namespace {

py::dict bland_altman_dict(stats::BlandAltman&& r) {
  py::dict d;
  d["n"] = r.n;
  d["n_missing"] = r.n_missing;
  d["confidence"] = r.confidence;
  d["agreement"] = r.agreement;
  d["z"] = r.z;
  d["df"] = r.df;
  d["percent"] = r.percent;
  d["ci_method"] = std::string(stats::loa_ci_name(r.ci_method));
  d["bias"] = r.bias;
  d["sd"] = r.sd;
  d["se"] = r.se;
  d["bias_ci_low"] = r.bias_ci_low;
  d["bias_ci_high"] = r.bias_ci_high;
  d["loa_low"] = r.loa_low;
  d["loa_high"] = r.loa_high;
  d["loa_low_ci_low"] = r.loa_low_ci_low;
  d["loa_low_ci_high"] = r.loa_low_ci_high;
  d["loa_high_ci_low"] = r.loa_high_ci_low;
  d["loa_high_ci_high"] = r.loa_high_ci_high;
  d["slope"] = r.slope;
  d["intercept"] = r.intercept;
  d["slope_se"] = r.slope_se;
  d["slope_ci_low"] = r.slope_ci_low;
  d["slope_ci_high"] = r.slope_ci_high;
  d["slope_p_value"] = r.slope_p_value;
  d["means"] = to_numpy(std::move(r.means));
  d["differences"] = to_numpy(std::move(r.differences));
  d["note"] = r.note;
  return d;
}

py::dict contingency_dict(const stats::ContingencyEstimate& r) {
  py::dict d;
  d["measure"] = r.measure;
  d["ci_method"] = r.ci_method;
  d["confidence"] = r.confidence;
  d["correction"] = std::string(stats::zero_correction_name(r.correction));
  d["corrected"] = r.corrected;
  d["table"] = py::make_tuple(r.table.a, r.table.b, r.table.c, r.table.d);
  d["estimate"] = r.estimate;
  d["log_estimate"] = r.log_estimate;
  d["se"] = r.se;
  d["ci_low"] = r.ci_low;
  d["ci_high"] = r.ci_high;
  d["z"] = r.z;
  d["p_value"] = r.p_value;
  d["risk_exposed"] = r.risk_exposed;
  d["risk_unexposed"] = r.risk_unexposed;
  d["note"] = r.note;
  return d;
}

py::dict meta_dict(stats::MetaAnalysis&& r) {
  py::dict d;
  d["k"] = r.k;
  d["confidence"] = r.confidence;
  d["method"] = r.method;
  d["fixed_estimate"] = r.fixed_estimate;
  d["fixed_se"] = r.fixed_se;
  d["fixed_ci_low"] = r.fixed_ci_low;
  d["fixed_ci_high"] = r.fixed_ci_high;
  d["fixed_z"] = r.fixed_z;
  d["fixed_p_value"] = r.fixed_p_value;
  d["random_estimate"] = r.random_estimate;
  d["random_se"] = r.random_se;
  d["random_ci_low"] = r.random_ci_low;
  d["random_ci_high"] = r.random_ci_high;
  d["random_z"] = r.random_z;
  d["random_p_value"] = r.random_p_value;
  d["tau2"] = r.tau2;
  d["tau"] = r.tau;
  d["q"] = r.q;
  d["q_df"] = r.q_df;
  d["q_p_value"] = r.q_p_value;
  d["i2_percent"] = r.i2_percent;
  d["h2"] = r.h2;
  d["prediction_low"] = r.prediction_low;
  d["prediction_high"] = r.prediction_high;
  d["effects"] = to_numpy(std::move(r.effects));
  d["variances"] = to_numpy(std::move(r.variances));
  d["study_ci_low"] = to_numpy(std::move(r.study_ci_low));
  d["study_ci_high"] = to_numpy(std::move(r.study_ci_high));
  d["weights_fixed_percent"] = to_numpy(std::move(r.weights_fixed_percent));
  d["weights_random_percent"] = to_numpy(std::move(r.weights_random_percent));
  d["note"] = r.note;
  return d;
}

py::dict change_dict(stats::Change&& r) {
  py::dict d;
  d["n"] = r.n;
  d["n_missing"] = r.n_missing;
  d["confidence"] = r.confidence;
  d["mdc"] = r.mdc;
  d["higher_is_better"] = r.higher_is_better;
  d["change"] = to_numpy(std::move(r.change));
  d["percent_change"] = to_numpy(std::move(r.percent_change));
  std::vector<std::string> categories;
  categories.reserve(r.category.size());
  for (const auto c : r.category) categories.emplace_back(stats::change_category_name(c));
  d["category"] = categories;
  d["mean_baseline"] = r.mean_baseline;
  d["mean_follow_up"] = r.mean_follow_up;
  d["mean_change"] = r.mean_change;
  d["sd_change"] = r.sd_change;
  d["se_change"] = r.se_change;
  d["ci_low"] = r.ci_low;
  d["ci_high"] = r.ci_high;
  d["ci_method"] = r.ci_method;
  d["statistic"] = r.statistic;
  d["df"] = r.df;
  d["p_value"] = r.p_value;
  d["n_improved"] = r.n_improved;
  d["n_worsened"] = r.n_worsened;
  d["n_within"] = r.n_within;
  d["note"] = r.note;
  return d;
}

using TableFn = stats::ContingencyEstimate (*)(const stats::Table2x2&, double,
                                               stats::ZeroCorrection);

void def_table(py::module_& m, const char* name, TableFn fn, const char* default_correction,
               const char* doc) {
  m.def(
      name,
      [fn](double a, double b, double c, double d, double confidence,
           const std::string& correction) {
        return contingency_dict(
            fn(stats::Table2x2{a, b, c, d}, confidence, stats::parse_zero_correction(correction)));
      },
      py::arg("a"), py::arg("b"), py::arg("c"), py::arg("d"), py::arg("confidence") = 0.95,
      py::arg("correction") = default_correction, doc);
}

}  // namespace

void bind_stats_agreement(py::module_& m) {
  m.def(
      "stats_bland_altman",
      [](const ArrayLike& a, const ArrayLike& b, double confidence, const std::string& loa_ci,
         bool percent, const std::string& missing, double agreement) {
        const SeriesArg sa(a, "a");
        const SeriesArg sb(b, "b");
        return bland_altman_dict(stats::bland_altman(sa.map(), sb.map(), confidence,
                                                     stats::parse_loa_ci(loa_ci), percent,
                                                     stats::parse_missing(missing), agreement));
      },
      py::arg("a"), py::arg("b"), py::arg("confidence") = 0.95, py::arg("loa_ci") = "exact",
      py::arg("percent") = false, py::arg("missing") = "propagate", py::arg("agreement") = 0.95,
      R"doc(Bland-Altman agreement of paired measurements `a` and `b` (raw; use
hipmech.stats.bland_altman). Returns a dict of the fields of hipmech::stats::BlandAltman.)doc");

  def_table(m, "stats_odds_ratio", &stats::odds_ratio, "haldane",
            "Odds ratio of the 2x2 table (a, b; c, d) with the log (Woolf) CI (raw; use "
            "hipmech.stats.odds_ratio).");
  def_table(m, "stats_relative_risk", &stats::relative_risk, "haldane",
            "Relative risk of the 2x2 table (a, b; c, d) with the log (Katz) CI (raw; use "
            "hipmech.stats.relative_risk).");
  def_table(m, "stats_risk_difference", &stats::risk_difference, "none",
            "Risk difference of the 2x2 table (a, b; c, d) with the Wald CI (raw; use "
            "hipmech.stats.risk_difference).");

  m.def(
      "stats_meta_analysis",
      [](const ArrayLike& effects, const ArrayLike& variances, double confidence) {
        const SeriesArg y(effects, "effects");
        const SeriesArg v(variances, "variances");
        return meta_dict(stats::meta_analysis(y.map(), v.map(), confidence));
      },
      py::arg("effects"), py::arg("variances"), py::arg("confidence") = 0.95,
      "DerSimonian-Laird meta-analysis from effects and sampling variances (raw; use "
      "hipmech.stats.meta_analysis).");
  m.def(
      "stats_meta_analysis_se",
      [](const ArrayLike& effects, const ArrayLike& se, double confidence) {
        const SeriesArg y(effects, "effects");
        const SeriesArg s(se, "se");
        return meta_dict(stats::meta_analysis_se(y.map(), s.map(), confidence));
      },
      py::arg("effects"), py::arg("se"), py::arg("confidence") = 0.95,
      "DerSimonian-Laird meta-analysis from effects and standard errors (raw; use "
      "hipmech.stats.meta_analysis).");

  m.def(
      "stats_change",
      [](const ArrayLike& baseline, const ArrayLike& follow_up, const py::object& mdc,
         bool higher_is_better, double confidence, const std::string& missing) {
        const SeriesArg b(baseline, "baseline");
        const SeriesArg f(follow_up, "follow_up");
        const double mdc_value =
            mdc.is_none() ? std::numeric_limits<double>::quiet_NaN() : mdc.cast<double>();
        HIPMECH_CHECK_ARG(!std::isnan(mdc_value) || mdc.is_none(), "mdc",
                          "a positive minimal detectable change (or None)", "NaN");
        return change_dict(stats::change(b.map(), f.map(), mdc_value, higher_is_better, confidence,
                                         stats::parse_missing(missing)));
      },
      py::arg("baseline"), py::arg("follow_up"), py::arg("mdc") = py::none(),
      py::arg("higher_is_better") = true, py::arg("confidence") = 0.95,
      py::arg("missing") = "propagate",
      "Change from baseline to follow-up per subject and for the group (raw; use "
      "hipmech.stats.change).");
}

}  // namespace hipmech::bindings
