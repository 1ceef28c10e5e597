// Python bindings of the signal area (flat in hipmech._core, every name prefixed `signal_`; the
// friendly layer is python/hipmech/signal.py). Array arguments are (n,) or (n, k) float64;
// a C-contiguous float64 array is read in place (the filters and derivatives read any float64
// layout in place: C or Fortran order, strided), results come back without a copy.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <utility>
#include <vector>

#include "arguments.hpp"
#include "bind.hpp"
#include "hipmech/signal.hpp"

namespace hipmech::bindings {

namespace {

using hipmech::signal::FilterType;
using hipmech::signal::Gap;

/// An (n,) or (n, k) array argument viewed as #samples by #channels (k = 1 for (n,)).
/// map(): C order (converted once when it is not). With `strided`, a float64 array of any
/// positive strides (C order, Fortran order as pandas.DataFrame.to_numpy() gives, a slice) is
/// read in place through view() instead, without a copy: the filters and derivatives take
/// ChannelsStridedCRef. Other dtypes, masked arrays and non-arrays are converted as for map().
class ChannelsArg {
 public:
  using Map = Eigen::Map<const Channels>;
  using StridedMap = Eigen::Map<const Channels, 0, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>;

  ChannelsArg(const ArrayLike& value, const char* arg, bool strided = false) {
    const std::string expected = "shape (n,) or (n_samples, n_channels)";
    if (strided && in_place(value.obj)) {
      held_ = py::reinterpret_borrow<py::array>(value.obj);
    } else {
      array_ = detail::as_float64(value.obj, arg, expected, copied_);
      held_ = array_;
    }
    if (held_.ndim() != 1 && held_.ndim() != 2) {
      hipmech::detail::throw_invalid_argument(arg, expected,
                                              "shape " + detail::shape_string(held_));
    }
    one_d_ = held_.ndim() == 1;
  }

  /// C order (only for an argument constructed without `strided`).
  Map map() const {
    return Map(array_.data(), array_.shape(0), one_d_ ? 1 : array_.shape(1));
  }
  /// Any strides, in place.
  StridedMap view() const {
    const auto* data = static_cast<const double*>(held_.data());
    const py::ssize_t rows = held_.shape(0);
    const py::ssize_t cols = one_d_ ? 1 : held_.shape(1);
    const py::ssize_t row_step = held_.strides(0) / static_cast<py::ssize_t>(sizeof(double));
    const py::ssize_t col_step =
        one_d_ ? 1 : held_.strides(1) / static_cast<py::ssize_t>(sizeof(double));
    return StridedMap(data, rows, cols,
                      Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(row_step, col_step));
  }
  bool one_d() const { return one_d_; }

 private:
  /// A non-empty, aligned, native float64 ndarray of 1 or 2 dimensions whose strides are
  /// positive multiples of 8 bytes: readable in place at any layout.
  static bool in_place(const py::object& obj) {
    if (!py::isinstance<py::array>(obj) || detail::is_masked_array(obj)) return false;
    const auto a = py::reinterpret_borrow<py::array>(obj);
    if (!py::array_t<double, 0>::check_(a) || (a.ndim() != 1 && a.ndim() != 2)) return false;
    if (!(a.flags() & py::detail::npy_api::NPY_ARRAY_ALIGNED_)) return false;
    for (py::ssize_t i = 0; i < a.ndim(); ++i) {
      const py::ssize_t step = a.strides(i);
      if (a.shape(i) == 0 || step <= 0 || step % static_cast<py::ssize_t>(sizeof(double)) != 0)
        return false;
    }
    return true;
  }

  py::array_t<double, py::array::c_style> array_;
  py::array held_;
  bool copied_ = false;
  bool one_d_ = false;
};

/// A Channels result as a numpy array that owns it (no copy): (n,) when the input was (n,).
py::array channels_to_numpy(Channels&& values, bool one_d) {
  auto* owned = new Channels(std::move(values));
  py::capsule free_when_done(owned, [](void* p) { delete static_cast<Channels*>(p); });
  const auto rows = static_cast<py::ssize_t>(owned->rows());
  const auto cols = static_cast<py::ssize_t>(owned->cols());
  if (one_d) return py::array_t<double>({rows}, owned->data(), free_when_done);
  return py::array_t<double>({rows, cols}, owned->data(), free_when_done);
}

py::array vector_to_numpy(Eigen::VectorXd&& v) {
  auto* owned = new Eigen::VectorXd(std::move(v));
  py::capsule free_when_done(owned, [](void* p) { delete static_cast<Eigen::VectorXd*>(p); });
  return py::array_t<double>({static_cast<py::ssize_t>(owned->size())}, owned->data(),
                             free_when_done);
}

FilterType filter_type(const std::string& btype) {
  if (btype == "lowpass" || btype == "low") return FilterType::Lowpass;
  if (btype == "highpass" || btype == "high") return FilterType::Highpass;
  hipmech::detail::throw_invalid_argument("btype", "'lowpass' or 'highpass'", "'" + btype + "'");
}

hipmech::signal::FilterForm filter_form(const std::string& form) {
  if (form == "ba") return hipmech::signal::FilterForm::TransferFunction;
  if (form == "sos") return hipmech::signal::FilterForm::Sections;
  hipmech::detail::throw_invalid_argument("form", "'ba' (transfer function) or 'sos'",
                                          "'" + form + "'");
}

hipmech::signal::GapPolicy gap_policy(const std::string& nan) {
  if (nan == "error") return hipmech::signal::GapPolicy::Error;
  if (nan == "runs") return hipmech::signal::GapPolicy::Runs;
  hipmech::detail::throw_invalid_argument("nan", "'error' or 'runs'", "'" + nan + "'");
}

hipmech::signal::FillMethod fill_method(const std::string& method) {
  if (method == "linear") return hipmech::signal::FillMethod::Linear;
  if (method == "cubic") return hipmech::signal::FillMethod::Cubic;
  hipmech::detail::throw_invalid_argument("method", "'linear' or 'cubic'", "'" + method + "'");
}

py::list gaps_to_list(const std::vector<Gap>& gaps) {
  py::list out;
  for (const Gap& g : gaps) {
    py::dict d;
    d["channel"] = g.channel < 0 ? py::object(py::none()) : py::object(py::int_(g.channel));
    d["first"] = g.first;
    d["length"] = g.length;
    d["leading"] = g.leading;
    d["trailing"] = g.trailing;
    d["filled"] = g.filled;
    out.append(std::move(d));
  }
  return out;
}

}  // namespace

void bind_signal(py::module_& m) {
  m.def(
      "signal_butter",
      [](int order, double cutoff_hz, double rate_hz, const std::string& btype) {
        auto c = hipmech::signal::butter(order, cutoff_hz, rate_hz, filter_type(btype));
        return py::make_tuple(vector_to_numpy(std::move(c.b)), vector_to_numpy(std::move(c.a)));
      },
      py::arg("order"), py::arg("cutoff_hz"), py::arg("rate_hz"), py::arg("btype") = "lowpass",
      R"doc(Digital Butterworth filter (bilinear transform), as scipy.signal.butter(order,
cutoff_hz / (rate_hz / 2), btype).

Parameters
----------
order : int
    N of one pass, 1 to 20.
cutoff_hz : float
    -3 dB frequency [Hz], 0 < cutoff_hz < rate_hz / 2.
rate_hz : float
    Sampling rate [Hz].
btype : str
    "lowpass" or "highpass".

Returns
-------
(b, a) : tuple of numpy.ndarray, shape (order + 1,)
)doc");

  m.def(
      "signal_butter_sos",
      [](int order, double cutoff_hz, double rate_hz, const std::string& btype) {
        hipmech::signal::SecondOrderSections sos =
            hipmech::signal::butter_sos(order, cutoff_hz, rate_hz, filter_type(btype));
        Channels out = sos;
        return channels_to_numpy(std::move(out), false);
      },
      py::arg("order"), py::arg("cutoff_hz"), py::arg("rate_hz"), py::arg("btype") = "lowpass",
      R"doc(Digital Butterworth filter as second-order sections, shape (ceil(order / 2), 6),
rows [b0, b1, b2, a0, a1, a2] (scipy.signal.butter(..., output="sos") layout).
)doc");

  m.def(
      "signal_sosfiltfilt",
      [](const ArrayLike& sos, const ArrayLike& data) {
        const ChannelsArg s(sos, "sos");
        HIPMECH_CHECK_ARG(!s.one_d() && s.map().cols() == 6, "sos", "shape (n_sections, 6)",
                          "shape (" + std::to_string(s.map().rows()) + ", " +
                              std::to_string(s.one_d() ? 0 : s.map().cols()) + ")");
        const hipmech::signal::SecondOrderSections sections = s.map();
        const ChannelsArg x(data, "data", true);
        Channels out;
        {
          py::gil_scoped_release release;
          out = hipmech::signal::sosfiltfilt(sections, x.view(), "data");
        }
        return channels_to_numpy(std::move(out), x.one_d());
      },
      py::arg("sos"), py::arg("data"),
      "Zero-phase filtering through second-order sections along axis 0, as\n"
      "scipy.signal.sosfiltfilt(sos, data, axis=0) with its default padding.");

  m.def(
      "signal_lfilter_zi",
      [](const ArrayLike& b, const ArrayLike& a) {
        const SeriesArg bb(b, "b", NanPolicy::Reject);
        const SeriesArg aa(a, "a", NanPolicy::Reject);
        return vector_to_numpy(hipmech::signal::lfilter_zi({bb.map(), aa.map()}));
      },
      py::arg("b"), py::arg("a"),
      "Steady-state initial conditions of lfilter for a unit step (scipy.signal.lfilter_zi).");

  m.def(
      "signal_filtfilt",
      [](const ArrayLike& b, const ArrayLike& a, const ArrayLike& data) {
        const SeriesArg bb(b, "b", NanPolicy::Reject);
        const SeriesArg aa(a, "a", NanPolicy::Reject);
        const ChannelsArg x(data, "data", true);
        hipmech::signal::FilterCoefficients c{bb.map(), aa.map()};
        Channels out;
        {
          py::gil_scoped_release release;
          out = hipmech::signal::filtfilt(c, x.view(), "data");
        }
        return channels_to_numpy(std::move(out), x.one_d());
      },
      py::arg("b"), py::arg("a"), py::arg("data"),
      R"doc(Zero-phase filtering along axis 0, as scipy.signal.filtfilt(b, a, data, axis=0)
(odd padding of 3 * max(len(a), len(b)) samples, lfilter_zi initial conditions).

Parameters
----------
b, a : array_like
    Transfer function coefficients.
data : array_like, shape (n,) or (n_samples, n_channels)
    Finite values.

Returns
-------
numpy.ndarray, same shape as data
)doc");

  m.def(
      "signal_zero_lag_butterworth",
      [](const ArrayLike& data, double rate_hz, double cutoff_hz, int order,
         const std::string& btype, bool pass_correction, const std::string& nan,
         const std::string& form) {
        hipmech::signal::ZeroLagOptions o;
        o.form = filter_form(form);
        o.order = order;
        o.type = filter_type(btype);
        o.pass_correction = pass_correction;
        o.nan = gap_policy(nan);
        const ChannelsArg x(data, "data", true);
        hipmech::signal::FilterResult r;
        {
          py::gil_scoped_release release;
          r = hipmech::signal::zero_lag_butterworth(x.view(), rate_hz, cutoff_hz, o);
        }
        py::dict d;
        d["values"] = channels_to_numpy(std::move(r.values), x.one_d());
        d["design_cutoff_hz"] = r.design_cutoff_hz;
        d["b"] = vector_to_numpy(std::move(r.coefficients.b));
        d["a"] = vector_to_numpy(std::move(r.coefficients.a));
        d["unfiltered"] = gaps_to_list(r.unfiltered);
        if (r.sos.rows() > 0) {
          Channels sos = r.sos;
          d["sos"] = channels_to_numpy(std::move(sos), false);
        } else {
          d["sos"] = py::none();
        }
        return d;
      },
      py::arg("data"), py::arg("rate_hz"), py::arg("cutoff_hz"), py::arg("order") = 2,
      py::arg("btype") = "lowpass", py::arg("pass_correction") = false,
      py::arg("nan") = "error", py::arg("form") = "ba",
      R"doc(Zero-lag Butterworth filter of each column (butter + filtfilt), with a report.

Parameters
----------
data : array_like, shape (n,) or (n_samples, n_channels)
rate_hz : float
    Sampling rate [Hz].
cutoff_hz : float
    Cut-off [Hz]; with pass_correction the -3 dB point of the zero-lag filter.
order : int
    N of one pass (the zero-lag filter rolls off like order 2N).
btype : str
    "lowpass" or "highpass".
pass_correction : bool
    Correct the design cut-off for the two passes (Winter 2009).
nan : str
    "error" (refuse NaN, listing the gaps) or "runs" (each gap-free run on its own).
form : str
    "ba" (transfer function, as scipy.signal.filtfilt) or "sos" (second-order sections, as
    scipy.signal.sosfiltfilt).

Returns
-------
dict
    values (same shape as data), design_cutoff_hz, b, a, unfiltered (runs too short to
    filter, left NaN).
)doc");

  m.def("signal_pass_correction_factor", &hipmech::signal::pass_correction_factor,
        py::arg("order"), py::arg("n_passes") = 2,
        "Winter's pass correction factor C = (2**(1/n_passes) - 1)**(1/(2*order)).");

  m.def(
      "signal_corrected_cutoff_hz",
      [](double cutoff_hz, double rate_hz, int order, const std::string& btype, int n_passes) {
        return hipmech::signal::corrected_cutoff_hz(cutoff_hz, rate_hz, order, filter_type(btype),
                                                    n_passes);
      },
      py::arg("cutoff_hz"), py::arg("rate_hz"), py::arg("order"), py::arg("btype") = "lowpass",
      py::arg("n_passes") = 2,
      "Design cut-off [Hz] of one pass so that n_passes passes are -3 dB at cutoff_hz\n"
      "(bilinear-warped: tan(pi fc_design / fs) = tan(pi cutoff_hz / fs) / C).");

  m.def(
      "signal_residual_analysis",
      [](const ArrayLike& data, double rate_hz, const py::object& cutoffs_hz, int order,
         bool pass_correction, double fit_from_hz, double fit_to_hz, const std::string& form) {
        const ChannelsArg x(data, "data");
        Eigen::VectorXd grid;
        if (!cutoffs_hz.is_none()) grid = SeriesArg(ArrayLike{cutoffs_hz}, "cutoffs_hz").map();
        hipmech::signal::ResidualOptions o;
        o.order = order;
        o.pass_correction = pass_correction;
        o.fit_from_hz = fit_from_hz;
        o.fit_to_hz = fit_to_hz;
        o.form = filter_form(form);
        hipmech::signal::ResidualAnalysis r;
        {
          py::gil_scoped_release release;
          r = hipmech::signal::residual_analysis(x.map(), rate_hz, grid, o);
        }
        py::dict d;
        d["cutoffs_hz"] = vector_to_numpy(std::move(r.cutoffs_hz));
        d["residuals"] = channels_to_numpy(std::move(r.residuals), false);
        d["intercept"] = vector_to_numpy(std::move(r.intercept));
        d["slope"] = vector_to_numpy(std::move(r.slope));
        d["cutoff_hz"] = vector_to_numpy(std::move(r.cutoff_hz));
        d["fit_from_hz"] = r.fit_from_hz;
        d["fit_to_hz"] = r.fit_to_hz;
        d["n_fit"] = r.n_fit;
        return d;
      },
      py::arg("data"), py::arg("rate_hz"), py::arg("cutoffs_hz") = py::none(),
      py::arg("order") = 2, py::arg("pass_correction") = false,
      py::arg("fit_from_hz") = std::nan(""), py::arg("fit_to_hz") = std::nan(""),
      py::arg("form") = "ba",
      R"doc(Residual analysis (Winter 2009, section 3.4.4.3), raw form: a dict with cutoffs_hz,
residuals (n_cutoffs, n_channels), intercept, slope, cutoff_hz (per channel), fit_from_hz,
fit_to_hz, n_fit. NaN fit limits mean 0.15 and 0.35 * rate_hz.
)doc");

  m.def(
      "signal_derivative",
      [](const ArrayLike& data, double rate_hz, int order) {
        const ChannelsArg x(data, "data", true);
        Channels out;
        {
          py::gil_scoped_release release;
          out = hipmech::signal::central_difference(x.view(), rate_hz, order);
        }
        return channels_to_numpy(std::move(out), x.one_d());
      },
      py::arg("data"), py::arg("rate_hz"), py::arg("order") = 1,
      R"doc(First or second time derivative by central differences (second-order one-sided at
the ends, as numpy.gradient(edge_order=2)); NaN where a needed sample is NaN.

Parameters
----------
data : array_like, shape (n,) or (n_samples, n_channels) [unit]
rate_hz : float
    Sampling rate [Hz].
order : int
    1 or 2.

Returns
-------
numpy.ndarray, same shape as data [unit / s**order]
)doc");

  m.def(
      "signal_find_gaps",
      [](const ArrayLike& data, bool per_channel) {
        const ChannelsArg x(data, "data");
        check_values(x.map(), "data", NanPolicy::Allow);
        return gaps_to_list(hipmech::signal::find_gaps(x.map(), per_channel));
      },
      py::arg("data"), py::arg("per_channel") = false,
      "Runs of missing (NaN) frames as a list of dicts (channel, first, length, leading,\n"
      "trailing, filled). Without per_channel a frame is missing when any column is NaN.");

  m.def(
      "signal_fill_gaps",
      [](const ArrayLike& data, const std::string& method, Eigen::Index max_gap,
         bool per_channel) {
        const ChannelsArg x(data, "data");
        const auto how = fill_method(method);
        hipmech::signal::FilledGaps r;
        {
          py::gil_scoped_release release;
          r = hipmech::signal::fill_gaps(x.map(), how, max_gap, per_channel);
        }
        return py::make_tuple(channels_to_numpy(std::move(r.values), x.one_d()),
                              gaps_to_list(r.gaps));
      },
      py::arg("data"), py::arg("method"), py::arg("max_gap"), py::arg("per_channel") = false,
      "Fill interior gaps of at most max_gap frames (linear or not-a-knot cubic spline through\n"
      "every valid frame); returns (values, gaps).");

  m.def(
      "signal_time_normalise",
      [](const ArrayLike& data, double begin, double end, Eigen::Index n_points) {
        const ChannelsArg x(data, "data");
        Channels out;
        {
          py::gil_scoped_release release;
          out = hipmech::signal::time_normalise(x.map(), begin, end, n_points);
        }
        return channels_to_numpy(std::move(out), x.one_d());
      },
      py::arg("data"), py::arg("begin"), py::arg("end"), py::arg("n_points") = 101,
      "Resample frames begin..end (0-based, fractional allowed) to n_points equally spaced\n"
      "points (0-100 %) by linear interpolation; NaN where a neighbour is NaN.");

  m.def(
      "signal_time_normalise_cycles",
      [](const ArrayLike& data, const std::vector<std::pair<double, double>>& cycles,
         Eigen::Index n_points) {
        const ChannelsArg x(data, "data");
        const Eigen::Index k = x.map().cols();
        Channels out;
        {
          py::gil_scoped_release release;
          out = hipmech::signal::time_normalise_cycles(x.map(), cycles, n_points);
        }
        py::array flat = channels_to_numpy(std::move(out), false);
        const auto nc = static_cast<py::ssize_t>(cycles.size());
        if (x.one_d()) return flat.attr("reshape")(py::make_tuple(nc, n_points)).cast<py::array>();
        return flat.attr("reshape")(py::make_tuple(nc, n_points, k)).cast<py::array>();
      },
      py::arg("data"), py::arg("cycles"), py::arg("n_points") = 101,
      "time_normalise for a list of (begin, end) cycles: shape (n_cycles, n_points[, k]).");
}

}  // namespace hipmech::bindings
