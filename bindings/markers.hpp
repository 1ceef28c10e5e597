// Marker sets across the binding: a dict of name -> (n, 3) array becomes an io::Markers of
// views over the numpy buffers (no copy for C-contiguous float64 arrays; others are converted
// once and kept alive here).
#pragma once

#include <pybind11/pybind11.h>

#include <deque>
#include <string>

#include "arguments.hpp"
#include "hipmech/io/markers.hpp"

namespace hipmech::bindings {

/// The markers argument of a binding; valid while this object lives.
class MarkersArg {
 public:
  MarkersArg(const py::handle& markers, const char* arg) {
    if (!py::isinstance<py::dict>(markers)) {
      hipmech::detail::throw_invalid_argument(
          arg, "a dict of marker name -> (n_frames, 3) array",
          "an object of type " + detail::type_name(markers));
    }
    for (const auto& item : markers.cast<py::dict>()) {
      if (!py::isinstance<py::str>(item.first)) {
        hipmech::detail::throw_invalid_argument(arg, "marker names (str) as keys",
                                                "a key of type " + detail::type_name(item.first));
      }
      const std::string name = item.first.cast<std::string>();
      where_.push_back(std::string(arg) + "['" + name + "']");
      arrays_.emplace_back(ArrayLike{py::reinterpret_borrow<py::object>(item.second)},
                           where_.back().c_str());
      HIPMECH_CHECK_ARG(markers_.size() == 0 || arrays_.back().rows() == markers_.n_frames(),
                        where_.back(),
                        std::to_string(markers_.n_frames()) + " frames (as the other markers)",
                        std::to_string(arrays_.back().rows()) + " frames");
      markers_.add(name, arrays_.back().map().data(), arrays_.back().rows());
    }
  }
  const io::Markers& markers() const { return markers_; }

 private:
  std::deque<std::string> where_;  // deque: stable addresses for the argument names
  std::deque<TrajectoryArg> arrays_;
  io::Markers markers_;
};

}  // namespace hipmech::bindings
