// Python bindings of the spm area: one-dimensional statistical parametric mapping (raw names
// carry an `spm_` prefix and return dicts; the friendly layer is python/hipmech/spm.py).
//
// Curves arrive as (n_curves, n_nodes) array-likes (viewed without a copy when C-contiguous
// float64); the statistic field and its inference (RFT or permutation) run in C++ with the GIL
// released. Permutation inference checks for Ctrl-C while it runs (python_signals.hpp).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "arguments.hpp"
#include "bind.hpp"
#include "hipmech/spm.hpp"
#include "hipmech/spm/permutation.hpp"
#include "owned.hpp"
#include "python_signals.hpp"

namespace hipmech::bindings {

namespace {

namespace hsp = hipmech::spm;

constexpr const char* kCurves = "shape (n_curves, n_nodes)";

py::dict cluster_dict(const hsp::Cluster& c) {
  py::dict d;
  d["start"] = c.start;
  d["end"] = c.end;
  d["extent"] = c.extent;
  d["extent_resels"] = c.extent_resels;
  d["integral"] = c.integral;
  d["peak"] = c.peak;
  d["peak_node"] = static_cast<std::int64_t>(c.peak_node);
  d["sign"] = c.sign;
  d["p"] = c.p;
  return d;
}

const char* method_name(hsp::Method m) {
  return m == hsp::Method::RFT ? "rft" : "permutation";
}

py::dict inference_dict(hsp::Inference&& r) {
  hsp::Field& f = r.field;
  py::dict d;
  d["test"] = f.test;
  d["statistic"] = f.statistic == hsp::Statistic::T ? "t" : "F";
  d["method"] = method_name(r.method);
  d["alpha"] = r.alpha;
  d["two_tailed"] = r.two_tailed;
  d["z"] = to_numpy(std::move(f.z));
  d["zstar"] = r.zstar;
  d["df"] = py::make_tuple(f.df1, f.df2);
  d["fwhm"] = f.fwhm;
  d["resels"] = py::make_tuple(f.resels0, f.resels1);
  d["h0reject"] = r.h0reject;
  d["p_set"] = r.p_set;
  py::list clusters;
  for (const hsp::Cluster& c : r.clusters) clusters.append(cluster_dict(c));
  d["clusters"] = clusters;
  d["n_curves"] = static_cast<std::int64_t>(f.n_curves);
  d["n_nodes"] = static_cast<std::int64_t>(f.n_nodes);
  d["beta"] = f.beta.size() > 0 ? py::object(to_numpy(std::move(f.beta))) : py::object(py::none());
  d["r"] = f.r.size() > 0 ? py::object(to_numpy(std::move(f.r))) : py::object(py::none());
  d["n_permutations"] = r.n_permutations;
  d["exact"] = r.exact;
  d["mirror_half"] = r.mirror_half;
  d["n_permutations_possible"] = r.n_permutations_possible;
  d["n_permutations_exact"] = r.n_permutations_exact;
  d["seed"] = r.seed;
  d["cluster_metric"] = r.cluster_metric;
  d["permutation_max"] = r.permutation_max.size() > 0
                             ? py::object(to_numpy(std::move(r.permutation_max)))
                             : py::object(py::none());
  return d;
}

hsp::Method parse_method(const std::string& method) {
  if (method == "rft") return hsp::Method::RFT;
  if (method == "permutation") return hsp::Method::Permutation;
  hipmech::detail::throw_invalid_argument("method", "'rft' or 'permutation'", "'" + method + "'");
}

/// The test's second argument: nothing (ttest), curves (ttest_paired, ttest2), a regressor
/// (regress), group labels 0..k-1 (anova1) or a tuple (groups, subjects) of labels (anova1rm),
/// converted with the GIL held.
struct SecondArg {
  std::optional<MatrixArg> curves;
  std::optional<SeriesArg> x;
  Eigen::VectorXi groups;
  Eigen::VectorXi subjects;  // anova1rm
};

Eigen::VectorXi int_labels(const py::object& b, const char* name) {
  bool copied = false;
  const auto a = detail::as_float64(b, name, "shape (n_curves,)", copied);
  if (a.ndim() != 1) {
    hipmech::detail::throw_invalid_argument(name, "shape (n_curves,)",
                                            "shape " + detail::shape_string(a));
  }
  Eigen::VectorXi out(static_cast<Eigen::Index>(a.shape(0)));
  for (Eigen::Index i = 0; i < out.size(); ++i) {
    const double g = a.data()[i];
    if (!(g >= 0 && g < 2147483647.0 && g == static_cast<double>(static_cast<int>(g)))) {
      hipmech::detail::throw_invalid_argument(
          name, "numbers 0, 1, ..., k - 1",
          hipmech::detail::to_message(g) + " at index " + std::to_string(i));
    }
    out[i] = static_cast<int>(g);
  }
  return out;
}

SecondArg second_arg(const std::string& test, const py::object& b) {
  SecondArg s;
  if (test == "ttest_paired" || test == "ttest2") {
    s.curves.emplace(ArrayLike{b}, "b", kCurves);
  } else if (test == "regress") {
    s.x.emplace(ArrayLike{b}, "x");
  } else if (test == "anova1") {
    s.groups = int_labels(b, "groups");
  } else if (test == "anova1rm") {
    // b = (groups, subjects)
    const auto t = b.cast<py::tuple>();
    if (t.size() != 2) {
      hipmech::detail::throw_invalid_argument("b", "a tuple (groups, subjects)",
                                              std::to_string(t.size()) + " items");
    }
    s.groups = int_labels(t[0], "groups");
    s.subjects = int_labels(t[1], "subjects");
  } else if (test != "ttest") {
    hipmech::detail::throw_invalid_argument(
        "test", "'ttest', 'ttest_paired', 'ttest2', 'regress', 'anova1' or 'anova1rm'",
        "'" + test + "'");
  }
  return s;
}

hsp::Field field(const std::string& test, const MatrixArg::Map& a, const SecondArg& s, double mu) {
  if (test == "ttest") return hsp::ttest(a, mu);
  if (test == "ttest_paired") return hsp::ttest_paired(a, s.curves->map());
  if (test == "ttest2") return hsp::ttest2(a, s.curves->map());
  if (test == "regress") return hsp::regress(a, s.x->map());
  if (test == "anova1rm") return hsp::anova1rm(a, s.groups, s.subjects);
  return hsp::anova1(a, s.groups);
}

}  // namespace

void bind_spm(py::module_& m) {
  m.def(
      "spm_test",
      [](const std::string& test, const ArrayLike& a, const py::object& b, double mu, double alpha,
         bool two_tailed, const std::string& method, std::int64_t n_permutations,
         std::uint64_t seed, const std::string& cluster_metric, bool force_monte_carlo) {
        const hsp::Method meth = parse_method(method);
        const char* first = test == "ttest_paired" || test == "ttest2" ? "a" : "y";
        const MatrixArg y(a, first, kCurves);
        const SecondArg s = second_arg(test, b);
        hsp::PermutationOptions opt;
        opt.n_permutations = n_permutations;
        opt.seed = seed;
        opt.cluster_metric = cluster_metric;
        opt.force_monte_carlo = force_monte_carlo;
        if (meth == hsp::Method::Permutation) opt.check_cancelled = python_signals();
        hsp::Inference r;
        {
          py::gil_scoped_release release;
          hsp::Field f = field(test, y.map(), s, mu);
          r = meth == hsp::Method::RFT ? hsp::inference_rft(f, alpha, two_tailed)
                                       : hsp::inference_permutation(f, alpha, two_tailed, opt);
        }
        return inference_dict(std::move(r));
      },
      py::arg("test"), py::arg("a"), py::arg("b") = py::none(), py::arg("mu") = 0.0,
      py::arg("alpha") = 0.05, py::arg("two_tailed") = true, py::arg("method") = "rft",
      py::arg("n_permutations") = 10000, py::arg("seed") = 0,
      py::arg("cluster_metric") = "integral", py::arg("force_monte_carlo") = false,
      "Statistic field of an SPM1D test ('ttest', 'ttest_paired', 'ttest2', 'regress', "
      "'anova1', 'anova1rm') and its RFT or permutation inference, GIL released; Ctrl-C "
      "interrupts a permutation inference (raw; use hipmech.spm).");

  m.def(
      "spm_fwhm",
      [](const ArrayLike& residuals) {
        const MatrixArg r(residuals, "residuals", kCurves);
        py::gil_scoped_release release;
        return hsp::estimate_fwhm(r.map());
      },
      py::arg("residuals"),
      "Smoothness (FWHM, in nodes) of a field from its residuals (raw; use hipmech.spm.fwhm).");
}

}  // namespace hipmech::bindings
