// hipmech._core: the raw, fast layer. The friendly layer is python/hipmech/*.py.
#include <pybind11/pybind11.h>

#include "bind.hpp"
#include "hipmech/version.hpp"

namespace hipmech::bindings {
void bind_stream(pybind11::module_& m);       // bindings/stream.cpp
void bind_uncertainty(pybind11::module_& m);  // bindings/uncertainty.cpp
}  // namespace hipmech::bindings

PYBIND11_MODULE(_core, m, pybind11::mod_gil_not_used()) {
  m.doc() = "hipmech compiled core (use the hipmech package, not this module, directly)";
  m.attr("__version__") = hipmech::version();
  hipmech::bindings::bind_core(m);
  hipmech::bindings::bind_io(m);
  hipmech::bindings::bind_geometry(m);
  hipmech::bindings::bind_signal(m);
  hipmech::bindings::bind_events(m);
  hipmech::bindings::bind_model(m);
  hipmech::bindings::bind_pelvis(m);
  hipmech::bindings::bind_knee(m);
  hipmech::bindings::bind_hip(m);
  hipmech::bindings::bind_dynamics(m);
  hipmech::bindings::bind_stats(m);
  hipmech::bindings::bind_synth(m);
  hipmech::bindings::bind_report(m);
  hipmech::bindings::bind_clinic(m);
  hipmech::bindings::bind_spm(m);
  hipmech::bindings::bind_stream(m);
  hipmech::bindings::bind_uncertainty(m);
}
