// Rotation batches across the binding: (n, 3, 3) float64 arrays in, (n, 3, 3) arrays out, both
// without a copy where the layout allows (a C-contiguous (n, 3, 3) array is #frames by 9
// row-major, hipmech::geometry::Rotations).
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>
#include <utility>

#include "arguments.hpp"
#include "hipmech/geometry/rotations.hpp"
#include "owned.hpp"

namespace hipmech::bindings {

/// An (n, 3, 3) array argument viewed as #frames by 9 row-major rotations. Values are checked
/// by the C++ function (infinity rejected, NaN = missing frame), so not here a second time.
class RotationsArg {
 public:
  using Map = Eigen::Map<const geometry::Rotations>;

  RotationsArg(const ArrayLike& value, const char* arg) {
    const std::string expected = "shape (n_frames, 3, 3)";
    array_ = detail::as_float64(value.obj, arg, expected, copied_);
    if (array_.ndim() != 3 || array_.shape(1) != 3 || array_.shape(2) != 3) {
      hipmech::detail::throw_invalid_argument(arg, expected,
                                              "shape " + detail::shape_string(array_));
    }
  }

  Map map() const { return Map(array_.data(), array_.shape(0), 9); }
  Eigen::Index rows() const { return static_cast<Eigen::Index>(array_.shape(0)); }
  bool copied() const { return copied_; }

 private:
  py::array_t<double, py::array::c_style> array_;
  bool copied_ = false;
};

/// A rotation batch as a numpy (n, 3, 3) array owning the Eigen memory (a reshaped view).
inline py::array rotations_to_numpy(geometry::Rotations&& R) {
  const auto n = static_cast<py::ssize_t>(R.rows());
  py::array flat = to_numpy(std::move(R));
  return flat.attr("reshape")(n, 3, 3);
}

/// A CardanSequence from the enum or a string such as "ZXY" (case-insensitive); ValueError
/// naming `arg` otherwise.
inline geometry::CardanSequence sequence_arg(const py::object& value, const char* arg) {
  if (py::isinstance<py::str>(value)) {
    return geometry::parse_sequence(value.cast<std::string>(), arg);
  }
  try {
    return value.cast<geometry::CardanSequence>();
  } catch (const py::cast_error&) {
    hipmech::detail::throw_invalid_argument(
        arg, "hipmech.geometry.CardanSequence or a string such as 'ZXY'",
        "an object of type " + detail::type_name(value));
  }
}

}  // namespace hipmech::bindings
