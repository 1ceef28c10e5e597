// Hand an Eigen result to numpy without a copy: the matrix moves to the heap and a capsule
// owned by the array frees it (pybind11's documented "return a buffer with a capsule" idiom).
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <Eigen/Core>
#include <utility>

namespace hipmech::bindings {

namespace py = pybind11;

/// A row-major or vector Eigen matrix as a numpy array that owns its memory: shape (rows,)
/// for a column vector, (rows, cols) otherwise.
template <typename Matrix>
py::array to_numpy(Matrix&& m) {
  using Plain = std::decay_t<Matrix>;
  static_assert(Plain::IsRowMajor || Plain::ColsAtCompileTime == 1,
                "to_numpy expects a row-major matrix or a vector");
  auto* owned = new Plain(std::forward<Matrix>(m));
  py::capsule free_when_done(owned, [](void* p) { delete static_cast<Plain*>(p); });
  if constexpr (Plain::ColsAtCompileTime == 1) {
    return py::array_t<typename Plain::Scalar>({static_cast<py::ssize_t>(owned->rows())},
                                               owned->data(), free_when_done);
  } else {
    return py::array_t<typename Plain::Scalar>(
        {static_cast<py::ssize_t>(owned->rows()), static_cast<py::ssize_t>(owned->cols())},
        owned->data(), free_when_done);
  }
}

/// A small fixed-size Eigen matrix (corners, rotation) as a new numpy array, row-major.
template <typename Derived>
py::array small_to_numpy(const Eigen::MatrixBase<Derived>& m) {
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  if constexpr (Derived::ColsAtCompileTime == 1) {
    return to_numpy(Eigen::VectorXd(m));
  } else {
    return to_numpy(RowMajor(m));
  }
}

}  // namespace hipmech::bindings
