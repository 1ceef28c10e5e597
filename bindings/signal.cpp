// Python bindings of the signal area (flat in hipmech._core; the friendly layer is
// python/hipmech/signal.py).
#include <pybind11/pybind11.h>

#include "arguments.hpp"
#include "bind.hpp"
#include "hipmech/signal.hpp"

namespace hipmech::bindings {

void bind_signal(py::module_& m) {
  (void)m;
}

}  // namespace hipmech::bindings
