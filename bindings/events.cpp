// Python bindings of the events area (flat in hipmech._core; the friendly layer is
// python/hipmech/events.py).
#include <pybind11/pybind11.h>

#include "arguments.hpp"
#include "bind.hpp"
#include "hipmech/events.hpp"

namespace hipmech::bindings {

void bind_events(py::module_& m) {
  (void)m;
}

}  // namespace hipmech::bindings
