// Python bindings of the clinic area's scores (see bindings/clinic.cpp).
#include "bind.hpp"

namespace hipmech::bindings {

void bind_clinic_scores(pybind11::module_& m) { (void)m; }

}  // namespace hipmech::bindings
