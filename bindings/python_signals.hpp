// The cancellation hook that the bindings pass to long C++ computations run with the GIL
// released (file reads, <hipmech/io/cancellation.hpp>; permutation inference,
// <hipmech/spm/permutation.hpp>), so that Ctrl-C raises KeyboardInterrupt from inside the call.
#pragma once

#include <pybind11/pybind11.h>

#include <chrono>

#include "hipmech/io/cancellation.hpp"

namespace hipmech::bindings {

namespace py = pybind11;

/// A CancelCheck made with the GIL held: on Python's main thread it takes the GIL at most every
/// 50 ms, runs the pending signal handlers (PyErr_CheckSignals) and throws error_already_set
/// when one raised, so that Ctrl-C during a long computation raises KeyboardInterrupt at once
/// instead of after it (pybind11 FAQ, "How can I properly handle Ctrl-C in long-running
/// functions?"). The 50 ms bound keeps the cost of waiting for the GIL while other Python
/// threads run small. Other threads get no hook: CPython runs signal handlers on the main
/// thread only.
inline io::CancelCheck python_signals() {
  const py::object main_thread = py::module_::import("threading").attr("main_thread")();
  if (main_thread.attr("ident").cast<unsigned long>() != PyThread_get_thread_ident()) return {};
  return [last = std::chrono::steady_clock::time_point{}]() mutable {
    const auto now = std::chrono::steady_clock::now();
    if (now - last < std::chrono::milliseconds(50)) return;
    last = now;
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
  };
}

}  // namespace hipmech::bindings
