// Python bindings of the stats area (flat in hipmech._core; the friendly layer is the package
// python/hipmech/stats/). Raw names carry a `stats_` prefix. This file binds the asymmetry,
// descriptive, ICC and reliability parts; stats_comparisons.cpp, stats_agreement.cpp and
// stats_bootstrap.cpp bind the rest.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "arguments.hpp"
#include "bind.hpp"
#include "hipmech/stats.hpp"
#include "owned.hpp"

namespace hipmech::bindings {

namespace {

namespace hs = hipmech::stats;

hs::AsymmetryIndex parse_index(const std::string& name) {
  if (name == "lsi") return hs::AsymmetryIndex::LimbSymmetryIndex;
  if (name == "si") return hs::AsymmetryIndex::SymmetryIndex;
  if (name == "sa") return hs::AsymmetryIndex::SymmetryAngle;
  if (name == "ratio") return hs::AsymmetryIndex::Ratio;
  if (name == "diff_max") return hs::AsymmetryIndex::PercentDifferenceMax;
  if (name == "diff_reference") return hs::AsymmetryIndex::PercentDifferenceReference;
  hipmech::detail::throw_invalid_argument(
      "index", "'lsi', 'si', 'sa', 'ratio', 'diff_max' or 'diff_reference'", "'" + name + "'");
}

py::dict descriptives_dict(const hs::Descriptives& d) {
  py::dict out;
  out["n"] = d.n;
  out["n_missing"] = d.n_missing;
  out["mean"] = d.mean;
  out["sd"] = d.sd;
  out["se"] = d.se;
  out["cv_percent"] = d.cv_percent;
  out["ci_low"] = d.ci_low;
  out["ci_high"] = d.ci_high;
  out["confidence"] = d.confidence;
  out["df"] = d.df;
  out["note"] = d.note;
  return out;
}

py::dict anova_dict(const hs::IccAnova& a) {
  py::dict out;
  out["n_targets"] = a.n_targets;
  out["n_raters"] = a.n_raters;
  out["grand_mean"] = a.grand_mean;
  out["ss_targets"] = a.ss_targets;
  out["ss_raters"] = a.ss_raters;
  out["ss_error"] = a.ss_error;
  out["ms_targets"] = a.ms_targets;
  out["ms_raters"] = a.ms_raters;
  out["ms_error"] = a.ms_error;
  out["ms_within"] = a.ms_within;
  out["sd_all"] = a.sd_all;
  return out;
}

py::dict icc_row_dict(const hs::IccRow& r) {
  py::dict out;
  out["form"] = r.label;
  out["shrout_fleiss"] = r.shrout_fleiss;
  out["mcgraw_wong"] = r.mcgraw_wong;
  out["model"] = r.model;
  out["definition"] = r.definition;
  out["unit"] = r.unit;
  out["icc"] = r.icc;
  out["f"] = r.f;
  out["df1"] = r.df1;
  out["df2"] = r.df2;
  out["p_value"] = r.p_value;
  out["ci_low"] = r.ci_low;
  out["ci_high"] = r.ci_high;
  out["ci_method"] = r.ci_method;
  return out;
}

const char* kRatingsShape = "shape (n_targets, k_raters) with n, k >= 2";

}  // namespace

void bind_stats(py::module_& m) {
  m.def(
      "stats_asymmetry",
      [](const std::string& index, const ArrayLike& left, const ArrayLike& right,
         const SideLike& reference) {
        const SeriesArg l(left, "left");
        const SeriesArg r(right, "right");
        const Side ref = side_arg(reference, "reference");
        const hs::AsymmetryIndex which = parse_index(index);
        hs::AsymmetryValues v;
        {
          py::gil_scoped_release release;
          v = hs::asymmetry(which, l.map(), r.map(), ref);
        }
        py::array_t<std::uint8_t> codes(static_cast<py::ssize_t>(v.reason.size()));
        auto* c = codes.mutable_data();
        for (std::size_t i = 0; i < v.reason.size(); ++i) c[i] = static_cast<std::uint8_t>(v.reason[i]);
        return py::make_tuple(to_numpy(std::move(v.value)), codes);
      },
      py::arg("index"), py::arg("left"), py::arg("right"), py::arg("reference"),
      "Asymmetry index ('lsi', 'si', 'sa', 'ratio', 'diff_max', 'diff_reference') per pair: "
      "(values, reason codes); positive when the non-reference limb is larger. Reason texts: "
      "stats_asymmetry_reasons().");
  m.def(
      "stats_asymmetry_reasons",
      [] {
        std::vector<std::string> out;
        for (int i = 0; i <= static_cast<int>(hs::AsymmetryReason::OppositeSigns); ++i) {
          out.emplace_back(hs::asymmetry_reason_text(static_cast<hs::AsymmetryReason>(i)));
        }
        return out;
      },
      "The reason texts of the asymmetry reason codes ('' for a defined value).");

  m.def(
      "stats_describe",
      [](const ArrayLike& x, double confidence, const std::string& missing) {
        const SeriesArg v(x, "x");
        const hs::Missing policy = hs::parse_missing(missing);
        return descriptives_dict(hs::describe(v.map(), confidence, policy, "x"));
      },
      py::arg("x"), py::arg("confidence") = 0.95, py::arg("missing") = "propagate",
      "Mean, SD, SE, CV and the t-based CI of the mean of x.");

  m.def(
      "stats_combine_trials",
      [](const ArrayLike& trials, const std::string& method, bool higher_is_better,
         const std::string& missing) {
        const MatrixArg t(trials, "trials", "shape (n_subjects, n_trials)");
        const hs::TrialCombination how = hs::parse_trial_combination(method);
        const hs::Missing policy = hs::parse_missing(missing);
        Eigen::VectorXi used;
        std::vector<std::string> notes;
        Eigen::VectorXd values = hs::combine_trials(t.map(), how, higher_is_better, policy, &used, &notes);
        py::dict out;
        out["values"] = to_numpy(std::move(values));
        out["n_used"] = to_numpy(Eigen::VectorXd(used.cast<double>()));
        out["notes"] = notes;
        return out;
      },
      py::arg("trials"), py::arg("method"), py::arg("higher_is_better") = true,
      py::arg("missing") = "propagate",
      "One score per subject from (n_subjects, n_trials): 'mean', 'best' or 'mean_of_best_two'.");

  m.def(
      "stats_icc",
      [](const ArrayLike& ratings, double confidence, const std::string& missing) {
        const MatrixArg x(ratings, "ratings", kRatingsShape);
        const hs::Missing policy = hs::parse_missing(missing);
        hs::IccResult r;
        {
          py::gil_scoped_release release;
          r = hs::icc(x.map(), confidence, policy);
        }
        py::list rows;
        for (const auto& row : r.rows) rows.append(icc_row_dict(row));
        py::dict out;
        out["rows"] = rows;
        out["anova"] = anova_dict(r.anova);
        out["confidence"] = r.confidence;
        out["n_targets_dropped"] = r.n_targets_dropped;
        out["n_missing"] = r.n_missing;
        out["note"] = r.note;
        return out;
      },
      py::arg("ratings"), py::arg("confidence") = 0.95, py::arg("missing") = "propagate",
      "Every ICC form of (n_targets, k_raters) ratings with F-tests and CIs (10 rows).");

  m.def(
      "stats_icc_value",
      [](const ArrayLike& ratings, const std::string& form) {
        const MatrixArg x(ratings, "ratings", kRatingsShape, NanPolicy::Reject);
        const hs::IccForm f = hs::parse_icc_form(form);
        return hs::icc_value(x.map(), f);
      },
      py::arg("ratings"), py::arg("form"), "One ICC form, no tests or intervals (fast path).");

  m.def(
      "stats_reliability",
      [](const ArrayLike& ratings, const std::string& form, const std::string& sem_method,
         double swc_factor, double confidence, const std::string& missing) {
        const MatrixArg x(ratings, "ratings", kRatingsShape);
        hs::icc_row_index(form, "form");  // a bad name is reported before the data is used
        const hs::SemMethod sm = hs::parse_sem_method(sem_method);
        const hs::Missing policy = hs::parse_missing(missing);
        hs::Reliability r;
        {
          py::gil_scoped_release release;
          r = hs::reliability(x.map(), form, sm, swc_factor, confidence, policy);
        }
        py::dict out;
        out["icc"] = icc_row_dict(r.icc);
        out["sem_method"] = sem_method;
        out["grand_mean"] = r.grand_mean;
        out["sd_all"] = r.sd_all;
        out["sem_sqrt_ems"] = r.sem_sqrt_ems;
        out["sem_sd_icc"] = r.sem_sd_icc;
        out["sem_agreement"] = r.sem_agreement;
        out["sem"] = r.sem;
        out["mdc90"] = r.mdc90;
        out["mdc95"] = r.mdc95;
        out["mdc95_percent"] = r.mdc95_percent;
        out["swc_factor"] = r.swc_factor;
        out["swc"] = r.swc;
        out["n_targets"] = r.n_targets;
        out["n_raters"] = r.n_raters;
        out["n_targets_dropped"] = r.n_targets_dropped;
        out["note"] = r.note;
        return out;
      },
      py::arg("ratings"), py::arg("form") = "ICC(A,1)", py::arg("sem_method") = "sqrt_ems",
      py::arg("swc_factor") = 0.2, py::arg("confidence") = 0.95, py::arg("missing") = "propagate",
      "SEM (both formulas), MDC90/95 and the smallest worthwhile change for one ICC form.");

  bind_stats_comparisons(m);
  bind_stats_agreement(m);
  bind_stats_bootstrap(m);
}

}  // namespace hipmech::bindings
