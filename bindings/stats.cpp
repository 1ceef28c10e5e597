// Python bindings of the stats area (flat in hipmech._core; the friendly layer is the package
// python/hipmech/stats/). Raw names carry a `stats_` prefix.
#include <pybind11/pybind11.h>

#include "bind.hpp"

namespace hipmech::bindings {

void bind_stats(pybind11::module_& m) {
  bind_stats_comparisons(m);
  bind_stats_agreement(m);
  bind_stats_bootstrap(m);
}

}  // namespace hipmech::bindings
