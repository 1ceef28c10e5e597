// Gait events and event windows across the binding: one reader for every area that takes
// them (events, pelvis, knee and report), so that the same inputs work everywhere.
#pragma once

#include <pybind11/pybind11.h>

#include <limits>
#include <string>
#include <vector>

#include "arguments.hpp"
#include "hipmech/events/gait_events.hpp"
#include "hipmech/events/windows.hpp"

namespace hipmech::bindings {

/// Gait events from a Python sequence whose items are hipmech.events.GaitEvent objects (or
/// anything with `side`, `kind`, `frame` and optionally `time_s`, `source` attributes), or
/// tuples (side, kind, frame) or (side, kind, frame, time_s, source). Sides as hipmech.Side or
/// 'left'/'right'; kinds as strings events::parse_event_kind accepts, or enum members whose
/// name it accepts. Without a time, time_s is
/// NaN (unknown), never invented. Errors name `arg[i]` and the field.
inline std::vector<events::GaitEvent> events_arg(const py::handle& seq, const char* arg) {
  if (!py::isinstance<py::sequence>(seq) || py::isinstance<py::str>(seq)) {
    hipmech::detail::throw_invalid_argument(arg, "a list of GaitEvent or (side, kind, frame) tuples",
                                            "an object of type " + detail::type_name(seq));
  }
  std::vector<events::GaitEvent> out;
  std::size_t i = 0;
  for (py::handle item : seq.cast<py::sequence>()) {
    const std::string where = std::string(arg) + "[" + std::to_string(i++) + "]";
    py::object side, kind, frame;
    py::object time_s = py::float_(std::numeric_limits<double>::quiet_NaN());
    py::object source = py::str("");
    if (py::isinstance<py::tuple>(item)) {
      const auto t = item.cast<py::tuple>();
      if (t.size() != 3 && t.size() != 5) {
        hipmech::detail::throw_invalid_argument(
            where, "(side, kind, frame) or (side, kind, frame, time_s, source)",
            "a tuple of " + std::to_string(t.size()));
      }
      side = t[0], kind = t[1], frame = t[2];
      if (t.size() == 5) time_s = t[3], source = t[4];
    } else if (py::hasattr(item, "side") && py::hasattr(item, "kind") &&
               py::hasattr(item, "frame")) {
      side = item.attr("side"), kind = item.attr("kind"), frame = item.attr("frame");
      time_s = py::getattr(item, "time_s", time_s);
      source = py::getattr(item, "source", source);
    } else {
      hipmech::detail::throw_invalid_argument(where, "a GaitEvent or a (side, kind, frame) tuple",
                                              "an object of type " + detail::type_name(item));
    }
    events::GaitEvent e;
    e.side = side_arg(SideLike{side}, (where + ".side").c_str());
    if (!py::isinstance<py::str>(kind) && py::hasattr(kind, "name") &&
        py::isinstance<py::str>(kind.attr("name"))) {
      kind = kind.attr("name");  // an enum member such as Kind.FootStrike or FOOT_STRIKE
    }
    if (!py::isinstance<py::str>(kind)) {
      hipmech::detail::throw_invalid_argument(where + ".kind", "'foot_strike' or 'foot_off'",
                                              "an object of type " + detail::type_name(kind));
    }
    e.kind = events::parse_event_kind(kind.cast<std::string>(), (where + ".kind").c_str());
    if (py::isinstance<py::bool_>(frame) || !py::hasattr(frame, "__index__")) {
      hipmech::detail::throw_invalid_argument(where + ".frame", "an integer frame (0-based row)",
                                              py::str(frame).cast<std::string>());
    }
    e.frame = py::reinterpret_borrow<py::object>(frame.attr("__index__")()).cast<Eigen::Index>();
    try {
      e.time_s = time_s.is_none() ? std::numeric_limits<double>::quiet_NaN()
                                  : time_s.cast<double>();
    } catch (const py::cast_error&) {
      hipmech::detail::throw_invalid_argument(where + ".time_s", "a time in s",
                                              py::str(time_s).cast<std::string>());
    }
    e.source = py::str(source).cast<std::string>();
    out.push_back(std::move(e));
  }
  return out;
}

/// Frame windows [begin, end) from a Python iterable of (side, begin, end) tuples or of objects
/// with `side`, `begin` and `end` attributes (hipmech.events.Window); None gives no window.
/// Sides as hipmech.Side or 'left'/'right'. Errors name `arg[i]`; the ranges are checked by the
/// library function that takes the windows.
inline std::vector<events::Window> windows_arg(const py::object& value, const char* arg) {
  std::vector<events::Window> out;
  if (value.is_none()) return out;
  std::size_t i = 0;
  for (py::handle h : value) {
    const std::string name = std::string(arg) + "[" + std::to_string(i++) + "]";
    py::object side, begin, end;
    if (!py::isinstance<py::tuple>(h) && py::hasattr(h, "side") && py::hasattr(h, "begin") &&
        py::hasattr(h, "end")) {
      side = h.attr("side"), begin = h.attr("begin"), end = h.attr("end");
    } else {
      py::tuple t;
      try {
        t = py::reinterpret_borrow<py::object>(h).cast<py::tuple>();
      } catch (const py::cast_error&) {
        hipmech::detail::throw_invalid_argument(name, "a (side, begin, end) tuple",
                                                "an object of type " + detail::type_name(h));
      }
      if (t.size() != 3) {
        hipmech::detail::throw_invalid_argument(name, "a (side, begin, end) tuple",
                                                "a tuple of " + std::to_string(t.size()));
      }
      side = t[0], begin = t[1], end = t[2];
    }
    events::Window w;
    w.side = side_arg(SideLike{side}, name.c_str());
    try {
      w.begin = begin.cast<Eigen::Index>();
      w.end = end.cast<Eigen::Index>();
    } catch (const py::cast_error&) {
      hipmech::detail::throw_invalid_argument(name, "integer frames begin and end",
                                              "non-integer values");
    }
    out.push_back(w);
  }
  return out;
}

}  // namespace hipmech::bindings
