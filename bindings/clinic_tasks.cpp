// Python bindings of the clinic area's tasks (see bindings/clinic.cpp).
#include "bind.hpp"

namespace hipmech::bindings {

void bind_clinic_tasks(pybind11::module_& m) { (void)m; }

}  // namespace hipmech::bindings
