// Python bindings of the clinic area (flat in hipmech._core; the friendly layer is
// python/hipmech/clinic/). Raw names carry a `clinic_` prefix. Bound in parts: the scores
// (bindings/clinic_scores.cpp) and the movement tasks (bindings/clinic_tasks.cpp).
#include "bind.hpp"

namespace hipmech::bindings {

void bind_clinic(pybind11::module_& m) {
  bind_clinic_scores(m);
  bind_clinic_tasks(m);
}

}  // namespace hipmech::bindings
