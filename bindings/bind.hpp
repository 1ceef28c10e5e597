// One bind_<area>(module) per binding file, called from module.cpp (manif's layout).
#pragma once

#include <pybind11/pybind11.h>

namespace hipmech::bindings {

void bind_core(pybind11::module_& m);
void bind_io(pybind11::module_& m);
void bind_geometry(pybind11::module_& m);
void bind_signal(pybind11::module_& m);
void bind_events(pybind11::module_& m);
void bind_model(pybind11::module_& m);
void bind_pelvis(pybind11::module_& m);
void bind_knee(pybind11::module_& m);
void bind_hip(pybind11::module_& m);
void bind_dynamics(pybind11::module_& m);
void bind_stats(pybind11::module_& m);
void bind_synth(pybind11::module_& m);
void bind_report(pybind11::module_& m);
void bind_clinic(pybind11::module_& m);
void bind_spm(pybind11::module_& m);
// The stats area is bound in parts (bindings/stats*.cpp), each called from bind_stats.
void bind_stats_comparisons(pybind11::module_& m);
void bind_stats_agreement(pybind11::module_& m);
void bind_stats_bootstrap(pybind11::module_& m);
// The clinic area likewise (bindings/clinic*.cpp), each called from bind_clinic.
void bind_clinic_scores(pybind11::module_& m);
void bind_clinic_tasks(pybind11::module_& m);

}  // namespace hipmech::bindings
