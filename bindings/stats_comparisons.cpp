// Python bindings of the stats area, part "comparisons": t-tests and effect sizes (raw names
// carry a `stats_` prefix and return dicts; the friendly layer is
// python/hipmech/stats/_comparisons.py).
#include <pybind11/pybind11.h>

#include <string>

#include "arguments.hpp"
#include "bind.hpp"
#include "hipmech/stats/effect_size.hpp"
#include "hipmech/stats/ttest.hpp"

namespace hipmech::bindings {

namespace {

using stats::Alternative;
using stats::EffectSize;
using stats::Missing;
using stats::TTest;

py::dict ttest_dict(const TTest& r) {
  py::dict d;
  d["statistic"] = r.statistic;
  d["df"] = r.df;
  d["p_value"] = r.p_value;
  d["alternative"] = stats::alternative_name(r.alternative);
  d["estimate"] = r.estimate;
  d["null_value"] = r.null_value;
  d["se"] = r.se;
  d["ci_low"] = r.ci_low;
  d["ci_high"] = r.ci_high;
  d["confidence"] = r.confidence;
  d["n1"] = r.n1;
  d["n2"] = r.n2;
  d["n_missing"] = r.n_missing;
  d["method"] = r.method;
  d["note"] = r.note;
  return d;
}

py::dict effect_size_dict(const EffectSize& r) {
  py::dict d;
  d["estimate"] = r.estimate;
  d["ci_low"] = r.ci_low;
  d["ci_high"] = r.ci_high;
  d["ci_method"] = r.ci_method;
  d["confidence"] = r.confidence;
  d["name"] = r.name;
  d["mean_difference"] = r.mean_difference;
  d["standardizer"] = r.standardizer;
  d["n1"] = r.n1;
  d["n2"] = r.n2;
  d["n_missing"] = r.n_missing;
  d["df"] = r.df;
  d["j"] = r.j;
  d["se"] = r.se;
  d["variance"] = r.variance;
  d["note"] = r.note;
  return d;
}

/// Runs `f` (pure C++ on views of the arguments) without the GIL: the noncentral t inversion
/// takes milliseconds, and large samples take a pass over the data.
template <typename F>
auto nogil(F&& f) {
  py::gil_scoped_release release;
  return f();
}

}  // namespace

void bind_stats_comparisons(py::module_& m) {
  m.def(
      "stats_ttest_one_sample",
      [](const ArrayLike& x, double mu, const std::string& alternative, double confidence,
         const std::string& missing) {
        const SeriesArg xs(x, "x");
        const Alternative alt = stats::parse_alternative(alternative);
        const Missing mis = stats::parse_missing(missing);
        return ttest_dict(
            nogil([&] { return stats::ttest_one_sample(xs.map(), mu, alt, confidence, mis); }));
      },
      py::arg("x"), py::arg("mu"), py::arg("alternative"), py::arg("confidence"),
      py::arg("missing"), "One-sample t-test (raw; use hipmech.stats.ttest_one_sample).");
  m.def(
      "stats_ttest_paired",
      [](const ArrayLike& a, const ArrayLike& b, const std::string& alternative, double confidence,
         const std::string& missing) {
        const SeriesArg as(a, "a");
        const SeriesArg bs(b, "b");
        const Alternative alt = stats::parse_alternative(alternative);
        const Missing mis = stats::parse_missing(missing);
        return ttest_dict(
            nogil([&] { return stats::ttest_paired(as.map(), bs.map(), alt, confidence, mis); }));
      },
      py::arg("a"), py::arg("b"), py::arg("alternative"), py::arg("confidence"), py::arg("missing"),
      "Paired t-test (raw; use hipmech.stats.ttest_paired).");
  m.def(
      "stats_ttest_independent",
      [](const ArrayLike& a, const ArrayLike& b, bool equal_var, const std::string& alternative,
         double confidence, const std::string& missing) {
        const SeriesArg as(a, "a");
        const SeriesArg bs(b, "b");
        const Alternative alt = stats::parse_alternative(alternative);
        const Missing mis = stats::parse_missing(missing);
        return ttest_dict(nogil([&] {
          return stats::ttest_independent(as.map(), bs.map(), equal_var, alt, confidence, mis);
        }));
      },
      py::arg("a"), py::arg("b"), py::arg("equal_var"), py::arg("alternative"),
      py::arg("confidence"), py::arg("missing"),
      "Welch's or Student's t-test (raw; use hipmech.stats.ttest_independent).");
  m.def(
      "stats_standardized_mean_difference",
      [](const ArrayLike& a, const ArrayLike& b, const std::string& correction,
         const std::string& ci, double confidence, const std::string& missing) {
        const SeriesArg as(a, "a");
        const SeriesArg bs(b, "b");
        const auto corr = stats::parse_hedges_correction(correction);
        const auto method = stats::parse_effect_size_ci(ci);
        const Missing mis = stats::parse_missing(missing);
        return effect_size_dict(nogil([&] {
          return stats::standardized_mean_difference(as.map(), bs.map(), corr, method, confidence,
                                                     mis);
        }));
      },
      py::arg("a"), py::arg("b"), py::arg("correction"), py::arg("ci"), py::arg("confidence"),
      py::arg("missing"),
      "Cohen's d (correction 'none') or Hedges' g (raw; use hipmech.stats.cohen_d / hedges_g).");
  m.def(
      "stats_glass_delta",
      [](const ArrayLike& a, const ArrayLike& b, const std::string& ci, double confidence,
         const std::string& missing) {
        const SeriesArg as(a, "a");
        const SeriesArg bs(b, "b");
        const auto method = stats::parse_effect_size_ci(ci);
        const Missing mis = stats::parse_missing(missing);
        return effect_size_dict(
            nogil([&] { return stats::glass_delta(as.map(), bs.map(), method, confidence, mis); }));
      },
      py::arg("a"), py::arg("b"), py::arg("ci"), py::arg("confidence"), py::arg("missing"),
      "Glass's delta (raw; use hipmech.stats.glass_delta).");
  m.def(
      "stats_cohen_dz",
      [](const ArrayLike& a, const ArrayLike& b, const std::string& ci, double confidence,
         const std::string& missing) {
        const SeriesArg as(a, "a");
        const SeriesArg bs(b, "b");
        const auto method = stats::parse_effect_size_ci(ci);
        const Missing mis = stats::parse_missing(missing);
        return effect_size_dict(
            nogil([&] { return stats::cohen_dz(as.map(), bs.map(), method, confidence, mis); }));
      },
      py::arg("a"), py::arg("b"), py::arg("ci"), py::arg("confidence"), py::arg("missing"),
      "Cohen's d_z (raw; use hipmech.stats.cohen_dz).");
  m.def(
      "stats_cohen_dav",
      [](const ArrayLike& a, const ArrayLike& b, const std::string& standardizer, double confidence,
         const std::string& missing) {
        const SeriesArg as(a, "a");
        const SeriesArg bs(b, "b");
        const auto st = stats::parse_dav_standardizer(standardizer);
        const Missing mis = stats::parse_missing(missing);
        return effect_size_dict(
            nogil([&] { return stats::cohen_dav(as.map(), bs.map(), st, confidence, mis); }));
      },
      py::arg("a"), py::arg("b"), py::arg("standardizer"), py::arg("confidence"),
      py::arg("missing"), "Cohen's d_av (raw; use hipmech.stats.cohen_dav).");
  m.def(
      "stats_smd_from_summary",
      [](double mean1, double sd1, Eigen::Index n1, double mean2, double sd2, Eigen::Index n2,
         const std::string& correction, const std::string& ci, double confidence) {
        const auto corr = stats::parse_hedges_correction(correction);
        const auto method = stats::parse_effect_size_ci(ci);
        return effect_size_dict(nogil([&] {
          return stats::smd_from_summary(mean1, sd1, n1, mean2, sd2, n2, corr, method, confidence);
        }));
      },
      py::arg("mean1"), py::arg("sd1"), py::arg("n1"), py::arg("mean2"), py::arg("sd2"),
      py::arg("n2"), py::arg("correction"), py::arg("ci"), py::arg("confidence"),
      "Cohen's d or Hedges' g from summary statistics (raw; use "
      "hipmech.stats.smd_from_summary).");
  m.def(
      "stats_hedges_j",
      [](double df, const std::string& correction) {
        return stats::hedges_j(df, stats::parse_hedges_correction(correction));
      },
      py::arg("df"), py::arg("correction"), "Hedges' correction factor J(df) (raw).");
}

}  // namespace hipmech::bindings
