// Python bindings of the model area (flat in hipmech._core; the friendly layer is
// python/hipmech/model.py).
#include <pybind11/pybind11.h>

#include "arguments.hpp"
#include "bind.hpp"
#include "hipmech/model.hpp"

namespace hipmech::bindings {

void bind_model(py::module_& m) {
  (void)m;
}

}  // namespace hipmech::bindings
