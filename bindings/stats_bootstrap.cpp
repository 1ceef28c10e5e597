// Python bindings of the stats area, part "bootstrap" (raw names carry a `stats_` prefix; the
// friendly layer is python/hipmech/stats/_bootstrap.py).
//
// Samples arrive as a sequence of array-likes, each (n,) or (n, k) float64; C-contiguous arrays
// are viewed without a copy. Named statistics run entirely in C++ with the GIL released; a
// Python callable runs in the same C++ driver (same resamples, same jackknife, same interval),
// with the GIL held while it is called.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "arguments.hpp"
#include "bind.hpp"
#include "hipmech/stats/bootstrap.hpp"
#include "owned.hpp"

namespace hipmech::bindings {

namespace {

namespace hs = hipmech::stats;

/// The samples argument: the converted arrays (kept alive), whether each was 1-D, and views.
struct SamplesArg {
  std::vector<py::array_t<double, py::array::c_style>> arrays;
  std::vector<bool> one_d;
  std::vector<hs::SampleRef> refs;
};

SamplesArg samples_arg(const py::sequence& samples) {
  SamplesArg s;
  const auto n = static_cast<std::size_t>(py::len(samples));
  s.arrays.reserve(n);
  s.refs.reserve(n);
  for (std::size_t j = 0; j < n; ++j) {
    const std::string arg = "samples[" + std::to_string(j) + "]";
    bool copied = false;
    auto a = detail::as_float64(samples[j], arg.c_str(), "shape (n,) or (n, k)", copied);
    if (a.ndim() != 1 && a.ndim() != 2) {
      hipmech::detail::throw_invalid_argument(arg, "shape (n,) or (n, k)",
                                              "shape " + detail::shape_string(a));
    }
    const auto rows = static_cast<Eigen::Index>(a.shape(0));
    const auto cols = a.ndim() == 2 ? static_cast<Eigen::Index>(a.shape(1)) : Eigen::Index{1};
    s.one_d.push_back(a.ndim() == 1);
    s.refs.emplace_back(Eigen::Map<const hs::RowMatrix>(a.data(), rows, cols));
    s.arrays.push_back(std::move(a));
  }
  return s;
}

hs::BootstrapOptions options(Eigen::Index n_resamples, double confidence, const std::string& method,
                             std::uint64_t seed, bool return_distribution) {
  hs::BootstrapOptions o;
  o.n_resamples = n_resamples;
  o.confidence = confidence;
  o.method = hs::parse_bootstrap_method(method);
  o.seed = seed;
  o.return_distribution = return_distribution;
  return o;
}

py::object jackknife_list(const std::optional<std::vector<Eigen::VectorXd>>& j) {
  if (!j) return py::none();
  py::list out;
  for (const Eigen::VectorXd& v : *j) out.append(to_numpy(Eigen::VectorXd(v)));
  return std::move(out);
}

py::dict result_dict(hs::BootstrapResult&& r, const std::string& statistic) {
  py::dict d;
  d["statistic"] = statistic;
  d["estimate"] = r.estimate;
  d["ci_low"] = r.ci_low;
  d["ci_high"] = r.ci_high;
  d["ci_method"] = r.ci_method;
  d["confidence"] = r.confidence;
  d["n_resamples"] = r.n_resamples;
  d["seed"] = r.seed;
  d["se"] = r.se;
  d["bias"] = r.bias;
  d["z0"] = r.z0;
  d["acceleration"] = r.acceleration;
  d["level_low"] = r.level_low;
  d["level_high"] = r.level_high;
  d["n_nonfinite"] = r.n_nonfinite;
  d["note"] = r.note;
  d["distribution"] =
      r.distribution ? py::object(to_numpy(std::move(*r.distribution))) : py::object(py::none());
  d["jackknife"] = jackknife_list(r.jackknife);
  return d;
}

/// A 1-D float64 array argument that may hold NaN and ±inf (bootstrap replicates).
Eigen::VectorXd replicates_arg(const py::object& obj, const char* arg) {
  bool copied = false;
  const auto a = detail::as_float64(obj, arg, "shape (n,)", copied);
  if (a.ndim() != 1) {
    hipmech::detail::throw_invalid_argument(arg, "shape (n,)", "shape " + detail::shape_string(a));
  }
  return Eigen::Map<const Eigen::VectorXd>(a.data(), static_cast<Eigen::Index>(a.shape(0)));
}

std::string callable_name(const py::object& f) {
  for (const char* attr : {"__name__", "__qualname__"}) {
    if (py::hasattr(f, attr)) return py::str(f.attr(attr)).cast<std::string>();
  }
  return detail::type_name(f);
}

}  // namespace

void bind_stats_bootstrap(py::module_& m) {
  m.def(
      "stats_bootstrap",
      [](const std::string& statistic, const py::sequence& samples, Eigen::Index n_resamples,
         double confidence, const std::string& method, std::uint64_t seed,
         bool return_distribution) {
        const hs::NamedStatistic stat = hs::parse_bootstrap_statistic(statistic);
        const hs::BootstrapOptions o =
            options(n_resamples, confidence, method, seed, return_distribution);
        const SamplesArg s = samples_arg(samples);
        hs::BootstrapResult r;
        {
          py::gil_scoped_release release;
          r = hs::bootstrap_named(stat, s.refs, o);
        }
        return result_dict(std::move(r), stat.name);
      },
      py::arg("statistic"), py::arg("samples"), py::arg("n_resamples") = 10000,
      py::arg("confidence") = 0.95, py::arg("method") = "bca", py::arg("seed") = 0,
      py::arg("return_distribution") = false,
      "Bootstrap CI of a named statistic computed in C++, GIL released (raw; use "
      "hipmech.stats.bootstrap).");

  m.def(
      "stats_bootstrap_callable",
      [](const py::function& statistic, const py::sequence& samples, Eigen::Index n_resamples,
         double confidence, const std::string& method, std::uint64_t seed,
         bool return_distribution) {
        const hs::BootstrapOptions o =
            options(n_resamples, confidence, method, seed, return_distribution);
        const SamplesArg s = samples_arg(samples);
        // Each call gets fresh arrays (copies of the driver's buffers), shaped like the input
        // samples, so that a callable may keep them.
        auto call = [&](const hs::BootstrapSamples& x) -> double {
          py::tuple args(x.size());
          for (std::size_t j = 0; j < x.size(); ++j) {
            const auto rows = static_cast<py::ssize_t>(x[j].rows());
            const auto cols = static_cast<py::ssize_t>(x[j].cols());
            py::array_t<double> a =
                s.one_d[j] ? py::array_t<double>({rows}) : py::array_t<double>({rows, cols});
            if (x[j].size() > 0) {
              std::memcpy(a.mutable_data(), x[j].data(),
                          static_cast<std::size_t>(x[j].size()) * sizeof(double));
            }
            args[j] = std::move(a);
          }
          const py::object out = statistic(*args);
          const double v = PyFloat_AsDouble(out.ptr());
          if (v == -1.0 && PyErr_Occurred()) {
            PyErr_Clear();
            throw py::type_error(
                "argument 'statistic': expected a callable returning one number, got a callable "
                "returning " +
                detail::type_name(out));
          }
          return v;
        };
        return result_dict(hs::bootstrap(call, s.refs, o), callable_name(statistic));
      },
      py::arg("statistic"), py::arg("samples"), py::arg("n_resamples") = 10000,
      py::arg("confidence") = 0.95, py::arg("method") = "bca", py::arg("seed") = 0,
      py::arg("return_distribution") = false,
      "Bootstrap CI of a Python callable f(*resampled_samples) -> float, on the resamples of "
      "stats_bootstrap_indices (raw; use hipmech.stats.bootstrap).");

  m.def(
      "stats_bootstrap_indices",
      [](const std::vector<Eigen::Index>& sizes, Eigen::Index n_resamples, std::uint64_t seed) {
        std::vector<hs::BootstrapIndices> idx;
        {
          py::gil_scoped_release release;
          idx = hs::bootstrap_indices(sizes, n_resamples, seed);
        }
        py::list out;
        for (auto& i : idx) out.append(to_numpy(std::move(i)));
        return out;
      },
      py::arg("sizes"), py::arg("n_resamples") = 10000, py::arg("seed") = 0,
      "Row indices of the bootstrap resamples, one (n_resamples, n_j) int64 array per sample "
      "(raw; use hipmech.stats.bootstrap_indices).");

  m.def(
      "stats_bootstrap_interval",
      [](double estimate, const ArrayLike& distribution, const py::object& jackknife,
         double confidence, const std::string& method) {
        const hs::BootstrapMethod meth = hs::parse_bootstrap_method(method);
        const Eigen::VectorXd dist = replicates_arg(distribution.obj, "distribution");
        std::vector<Eigen::VectorXd> jack;
        if (!jackknife.is_none()) {
          const auto seq = jackknife.cast<py::sequence>();
          for (std::size_t j = 0; j < static_cast<std::size_t>(py::len(seq)); ++j) {
            const std::string arg = "jackknife[" + std::to_string(j) + "]";
            jack.push_back(replicates_arg(seq[j], arg.c_str()));
          }
        }
        const hs::BootstrapInterval iv =
            hs::bootstrap_interval(estimate, dist, jack, confidence, meth);
        py::dict d;
        d["ci_low"] = iv.ci_low;
        d["ci_high"] = iv.ci_high;
        d["ci_method"] = std::string(hs::bootstrap_method_name(iv.ci_method));
        d["confidence"] = iv.confidence;
        d["level_low"] = iv.level_low;
        d["level_high"] = iv.level_high;
        d["z0"] = iv.z0;
        d["acceleration"] = iv.acceleration;
        d["se"] = iv.se;
        d["bias"] = iv.bias;
        d["n_used"] = iv.n_used;
        d["n_nonfinite"] = iv.n_nonfinite;
        d["note"] = iv.note;
        return d;
      },
      py::arg("estimate"), py::arg("distribution"), py::arg("jackknife") = py::none(),
      py::arg("confidence") = 0.95, py::arg("method") = "bca",
      "Percentile or BCa interval from a bootstrap distribution and jackknife values (raw; use "
      "hipmech.stats.bootstrap_interval).");
}

}  // namespace hipmech::bindings
