// Python bindings of the pelvis area (flat in hipmech._core; the friendly layer is
// python/hipmech/pelvis.py).
#include <pybind11/pybind11.h>

#include "arguments.hpp"
#include "bind.hpp"
#include "hipmech/pelvis.hpp"

namespace hipmech::bindings {

void bind_pelvis(py::module_& m) {
  (void)m;
}

}  // namespace hipmech::bindings
