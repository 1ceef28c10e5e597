// Python bindings of the stats area, part "bootstrap" (raw names carry a `stats_` prefix; the
// friendly layer is python/hipmech/stats/_bootstrap.py).
#include <pybind11/pybind11.h>

#include "bind.hpp"

namespace hipmech::bindings {

void bind_stats_bootstrap(pybind11::module_& m) { (void)m; }

}  // namespace hipmech::bindings
