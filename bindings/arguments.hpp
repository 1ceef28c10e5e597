// Argument conversion shared by every binding file.
//
// pybind11's own Eigen caster copies silently when the layout differs and reports a bad shape as
// an opaque TypeError. hipmech takes array arguments as `ArrayLike` instead and converts them
// here, so that
//   * a C-contiguous float64 array reaches C++ without a copy (an Eigen::Map over its buffer);
//   * other real dtypes and layouts are converted once (documented as a copy);
//   * a wrong shape or dtype, or a value the NaN policy rejects, raises ValueError naming the
//     argument and saying what was expected and what arrived.
#pragma once

#include <cmath>
#include <string>
#include <utility>

#include <pybind11/gil_safe_call_once.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "hipmech/core.hpp"

namespace hipmech::bindings {

namespace py = pybind11;

/// Any object numpy can turn into an array. Its caster accepts everything, so that checks and
/// their messages happen in hipmech with the argument's name (see RowsArg, SeriesArg).
struct ArrayLike {
  py::object obj;
};

/// A Side or one of the strings parse_side accepts ("left", "R", ...).
struct SideLike {
  py::object obj;
};

namespace detail {

inline std::string shape_string(const py::array& a) {
  std::string s = "(";
  for (py::ssize_t i = 0; i < a.ndim(); ++i) {
    if (i > 0) s += ", ";
    s += std::to_string(a.shape(i));
  }
  return s + (a.ndim() == 1 ? ",)" : ")");
}

inline std::string type_name(py::handle obj) {
  return py::str(py::type::handle_of(obj).attr("__name__")).cast<std::string>();
}

/// True for numpy.ma.MaskedArray, whose mask numpy would drop silently on conversion.
inline bool is_masked_array(const py::object& obj) {
  PYBIND11_CONSTINIT static py::gil_safe_call_once_and_store<py::object> masked_type;
  const py::object& type = masked_type
                               .call_once_and_store_result([] {
                                 return py::module_::import("numpy.ma").attr("MaskedArray");
                               })
                               .get_stored();
  return py::isinstance(obj, type);
}

/// Turns `obj` into a real-valued numpy array of float64, C order, without a copy where it is
/// one already. Masked entries of a numpy.ma.MaskedArray become NaN (missing). `expected`
/// describes the wanted shape for error messages.
inline py::array_t<double, py::array::c_style> as_float64(const py::object& obj_in, const char* arg,
                                                          const std::string& expected,
                                                          bool& copied) {
  using Float64C = py::array_t<double, py::array::c_style>;
  using Float64CForce = py::array_t<double, py::array::c_style | py::array::forcecast>;
  if (obj_in.is_none()) {
    hipmech::detail::throw_invalid_argument(arg, "an array of " + expected, "None");
  }
  py::object obj = obj_in;
  const bool masked = is_masked_array(obj);
  py::array arr = py::array::ensure(obj);
  if (!arr) {
    PyErr_Clear();
    hipmech::detail::throw_invalid_argument(
        arg, "an array of " + expected,
        "an object of type " + type_name(obj) + " that numpy cannot turn into a numeric array");
  }
  const char kind = arr.dtype().kind();
  if (kind != 'f' && kind != 'i' && kind != 'u') {
    hipmech::detail::throw_invalid_argument(arg,
                                            "real numbers (float64) in an array of " + expected,
                                            "dtype " + py::str(arr.dtype()).cast<std::string>());
  }
  if (masked) {
    // The mask is data: masked samples are missing, so they become NaN.
    arr =
        py::array::ensure(obj.attr("astype")(py::dtype::of<double>()).attr("filled")(std::nan("")));
    if (!arr) throw py::error_already_set();
  }
  if (Float64C::check_(arr)) {
    // A list (or a masked array) was turned into a new array: that is a copy too.
    copied = masked || !py::isinstance<py::array>(obj);
    return py::reinterpret_borrow<Float64C>(arr);
  }
  copied = true;
  // Other float/int dtypes (float32, int64, longdouble...), orders, strides and byte orders.
  auto converted = Float64CForce::ensure(arr);
  if (!converted) {
    const std::string why = py::error_already_set().what();
    hipmech::detail::throw_invalid_argument(
        arg, "an array convertible to float64 of " + expected,
        "dtype " + py::str(arr.dtype()).cast<std::string>() + " (" + why + ")");
  }
  return converted;
}

/// check_values on a converted argument; a whole pass over the data, so the GIL is released
/// for large arrays (below 10^4 values releasing costs more than it frees).
template <typename Derived>
void check_values_nogil(const Eigen::DenseBase<Derived>& values, const char* arg,
                        NanPolicy policy) {
  if (values.size() > 10000) {
    py::gil_scoped_release release;
    check_values(values, arg, policy);
  } else {
    check_values(values, arg, policy);
  }
}

}  // namespace detail

/// An (n, Cols) array argument viewed as a row-major Eigen block.
/// Cols = 3: a marker trajectory (hipmech::Trajectory); Cols = 2: 2-D points.
template <int Cols>
class RowsArg {
 public:
  using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Cols, Eigen::RowMajor>;
  using Map = Eigen::Map<const Matrix>;

  RowsArg(const ArrayLike& value, const char* arg, NanPolicy policy = NanPolicy::Allow) {
    const std::string expected = "shape (n_frames, " + std::to_string(Cols) + ")";
    array_ = detail::as_float64(value.obj, arg, expected, copied_);
    if (array_.ndim() != 2 || array_.shape(1) != Cols) {
      hipmech::detail::throw_invalid_argument(arg, expected,
                                              "shape " + detail::shape_string(array_));
    }
    detail::check_values_nogil(map(), arg, policy);
  }

  /// The data as an Eigen view (no copy); valid while this object lives.
  Map map() const { return Map(array_.data(), array_.shape(0), Cols); }
  Eigen::Index rows() const { return static_cast<Eigen::Index>(array_.shape(0)); }
  /// True when the input had to be converted (dtype, order or byte order differed).
  bool copied() const { return copied_; }

 private:
  py::array_t<double, py::array::c_style> array_;
  bool copied_ = false;
};

using TrajectoryArg = RowsArg<3>;
using Points2Arg = RowsArg<2>;

/// An (n,) array argument: a scalar time series.
class SeriesArg {
 public:
  using Map = Eigen::Map<const Eigen::VectorXd>;

  SeriesArg(const ArrayLike& value, const char* arg, NanPolicy policy = NanPolicy::Allow) {
    array_ = detail::as_float64(value.obj, arg, "shape (n,)", copied_);
    if (array_.ndim() != 1) {
      hipmech::detail::throw_invalid_argument(arg, "shape (n,)",
                                              "shape " + detail::shape_string(array_));
    }
    detail::check_values_nogil(map(), arg, policy);
  }

  Map map() const { return Map(array_.data(), array_.shape(0)); }
  Eigen::Index size() const { return static_cast<Eigen::Index>(array_.shape(0)); }
  bool copied() const { return copied_; }

 private:
  py::array_t<double, py::array::c_style> array_;
  bool copied_ = false;
};

/// An (n, k) array argument of any number of columns (a ratings table: targets × raters),
/// viewed as a row-major Eigen matrix without a copy when it is C-contiguous float64.
class MatrixArg {
 public:
  using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using Map = Eigen::Map<const Matrix>;

  MatrixArg(const ArrayLike& value, const char* arg, const std::string& expected,
            NanPolicy policy = NanPolicy::Allow) {
    array_ = detail::as_float64(value.obj, arg, expected, copied_);
    if (array_.ndim() != 2) {
      hipmech::detail::throw_invalid_argument(arg, expected,
                                              "shape " + detail::shape_string(array_));
    }
    detail::check_values_nogil(map(), arg, policy);
  }

  Map map() const { return Map(array_.data(), array_.shape(0), array_.shape(1)); }
  bool copied() const { return copied_; }

 private:
  py::array_t<double, py::array::c_style> array_;
  bool copied_ = false;
};

/// A small fixed-shape argument: (Rows,) when Cols is 1, else (Rows, Cols) read row by row
/// (gravity, a centre of mass, an inertia tensor, plate corners); ValueError naming `arg`
/// with the shape expected otherwise.
template <int Rows, int Cols>
Eigen::Matrix<double, Rows, Cols> fixed_arg(const py::handle& obj, const std::string& arg) {
  bool copied = false;
  const std::string expected =
      Cols == 1 ? "shape (" + std::to_string(Rows) + ",)"
                : "shape (" + std::to_string(Rows) + ", " + std::to_string(Cols) + ")";
  const auto a = detail::as_float64(py::reinterpret_borrow<py::object>(obj), arg.c_str(),
                                    expected, copied);
  const bool ok = Cols == 1 ? (a.ndim() == 1 && a.shape(0) == Rows)
                            : (a.ndim() == 2 && a.shape(0) == Rows && a.shape(1) == Cols);
  if (!ok) {
    hipmech::detail::throw_invalid_argument(arg, expected, "shape " + detail::shape_string(a));
  }
  Eigen::Matrix<double, Rows, Cols> out;
  for (int r = 0; r < Rows; ++r) {
    for (int c = 0; c < Cols; ++c) out(r, c) = a.data()[r * Cols + c];
  }
  return out;
}

/// Side from a hipmech.Side or a string; ValueError naming `arg` otherwise.
inline Side side_arg(const SideLike& value, const char* arg) {
  if (py::isinstance<py::str>(value.obj)) {
    return parse_side(value.obj.cast<std::string>(), arg);
  }
  try {
    return value.obj.cast<Side>();
  } catch (const py::cast_error&) {
    hipmech::detail::throw_invalid_argument(arg, "hipmech.Side or 'left'/'right'",
                                            "an object of type " + detail::type_name(value.obj));
  }
}

}  // namespace hipmech::bindings

namespace pybind11::detail {

template <>
struct type_caster<hipmech::bindings::ArrayLike> {
  PYBIND11_TYPE_CASTER(hipmech::bindings::ArrayLike,
                       io_name("numpy.typing.ArrayLike", "numpy.typing.NDArray[numpy.float64]"));
  bool load(handle src, bool /*convert*/) {
    value.obj = reinterpret_borrow<object>(src);
    return true;
  }
  static handle cast(const hipmech::bindings::ArrayLike& v, return_value_policy, handle) {
    return v.obj.inc_ref();
  }
};

template <>
struct type_caster<hipmech::bindings::SideLike> {
  PYBIND11_TYPE_CASTER(hipmech::bindings::SideLike, io_name("hipmech.Side | str", "hipmech.Side"));
  bool load(handle src, bool /*convert*/) {
    value.obj = reinterpret_borrow<object>(src);
    return true;
  }
  static handle cast(const hipmech::bindings::SideLike& v, return_value_policy, handle) {
    return v.obj.inc_ref();
  }
};

}  // namespace pybind11::detail
