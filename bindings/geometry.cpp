// Python bindings of the geometry area (flat in hipmech._core; the friendly layer is
// python/hipmech/geometry.py).
#include <pybind11/pybind11.h>

#include "arguments.hpp"
#include "bind.hpp"
#include "hipmech/geometry.hpp"

namespace hipmech::bindings {

void bind_geometry(py::module_& m) {
  (void)m;
}

}  // namespace hipmech::bindings
