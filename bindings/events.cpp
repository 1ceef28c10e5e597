// Python bindings of the events area (flat in hipmech._core; the friendly layer is
// python/hipmech/events.py). Raw functions take plain values (arrays, dicts of marker arrays,
// lists) and return tuples and dicts that events.py turns into dataclasses.
#include <pybind11/native_enum.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "arguments.hpp"
#include "bind.hpp"
#include "hipmech/events.hpp"
#include "gait_events_arg.hpp"
#include "plate_contacts.hpp"
#include "markers.hpp"

namespace hipmech::bindings {

namespace {

using events::EventKind;
using events::GaitEvent;
using events::Window;

py::tuple event_tuple(const GaitEvent& e) {
  return py::make_tuple(e.side, std::string(events::to_string(e.kind)), e.frame, e.time_s,
                        e.source);
}

py::list event_list(const std::vector<GaitEvent>& events) {
  py::list out;
  for (const GaitEvent& e : events) out.append(event_tuple(e));
  return out;
}

py::list window_list(const std::vector<Window>& windows) {
  py::list out;
  for (const Window& w : windows) out.append(py::make_tuple(w.side, w.begin, w.end));
  return out;
}

events::ProgressionSource progression_arg(const py::object& obj, Eigen::Vector3d& direction) {
  if (py::isinstance<py::str>(obj)) {
    const std::string s = hipmech::detail::folded(obj.cast<std::string>());
    if (s == "auto") return events::ProgressionSource::Auto;
    if (s == "lab") return events::ProgressionSource::LabForward;
    direction = unit_vector(parse_signed_axis(obj.cast<std::string>(), "progression"));
    return events::ProgressionSource::Given;
  }
  bool copied = false;
  auto a = detail::as_float64(obj, "progression", "'auto', 'lab', an axis such as '-X' or shape (3,)",
                              copied);
  if (a.ndim() != 1 || a.shape(0) != 3) {
    hipmech::detail::throw_invalid_argument("progression", "'auto', 'lab', an axis or shape (3,)",
                                            "shape " + detail::shape_string(a));
  }
  direction = Eigen::Map<const Eigen::Vector3d>(a.data());
  return events::ProgressionSource::Given;
}

}  // namespace

void bind_events(py::module_& m) {
  m.def(
      "events_from_force_plates",
      [](const py::list& plates, double analog_rate_hz, const py::object& markers,
         double point_rate_hz, const LabAxes& lab_axes, double threshold_n, double min_contact_s,
         double max_cop_distance_m, double foot_height_max_m, double plate_margin_m,
         const std::vector<std::string>& left_foot, const std::vector<std::string>& right_foot) {
        std::vector<std::unique_ptr<TrajectoryArg>> keep;
        std::vector<events::PlateView> views;
        for (std::size_t i = 0; i < plates.size(); ++i) {
          const std::string where = "force_plates[" + std::to_string(i) + "]";
          auto t = plates[i].cast<py::tuple>();
          keep.push_back(std::make_unique<TrajectoryArg>(
              ArrayLike{py::reinterpret_borrow<py::object>(t[0])}, (where + ".force_n").c_str()));
          keep.push_back(std::make_unique<TrajectoryArg>(
              ArrayLike{py::reinterpret_borrow<py::object>(t[1])}, (where + ".cop_m").c_str()));
          views.push_back({TrajectoryCRef(keep[keep.size() - 2]->map()),
                           TrajectoryCRef(keep.back()->map()),
                           fixed_arg<4, 3>(t[2], where + ".corners_m")});
        }
        const MarkersArg m_arg(markers, "markers");
        events::ForcePlateEventOptions o;
        o.threshold_n = threshold_n;
        o.min_contact_s = min_contact_s;
        o.max_cop_distance_m = max_cop_distance_m;
        o.foot_height_max_m = foot_height_max_m;
        o.plate_margin_m = plate_margin_m;
        o.left_foot = left_foot;
        o.right_foot = right_foot;
        events::ForcePlateEvents r;
        {
          py::gil_scoped_release release;
          r = events::from_force_plates(views, analog_rate_hz, m_arg.markers(), point_rate_hz,
                                        lab_axes, o);
        }
        py::dict d;
        d["events"] = event_list(r.events);
        add_contacts(d, r);
        return d;
      },
      py::arg("force_plates"), py::arg("analog_rate_hz"), py::arg("markers"),
      py::arg("point_rate_hz"), py::arg("lab_axes"), py::arg("threshold_n") = 20.0,
      py::arg("min_contact_s") = 0.05, py::arg("max_cop_distance_m") = 0.15,
      py::arg("foot_height_max_m") = 0.10, py::arg("plate_margin_m") = 0.02,
      py::arg("left_foot") = std::vector<std::string>{"LHEE", "LTOE", "LANK"},
      py::arg("right_foot") = std::vector<std::string>{"RHEE", "RTOE", "RANK"},
      R"doc(Foot strikes and foot offs from force plates (see hipmech.events.from_force_plates).

Parameters
----------
force_plates : list of (force_n, cop_m, corners_m)
    Per plate: (n_samples, 3) ground reaction on the body [N] and centre of pressure [m] in
    the lab frame at the analog rate, and the (4, 3) surface corners [m].
analog_rate_hz, point_rate_hz : float
    Rates of the plates and of the markers [Hz].
markers : dict of str to array_like (n_frames, 3)
    Marker trajectories in the lab frame [m], NaN where missing.
lab_axes : LabAxes

Returns
-------
dict
    ``events`` (tuples side, kind, frame, time_s, source), ``contacts`` and ``rejected``
    (dicts; rejected ones carry ``reason`` and ``message``).
)doc");

  m.def(
      "events_from_kinematics",
      [](const py::object& markers, double point_rate_hz, const LabAxes& lab_axes,
         const std::string& left_heel, const std::string& left_toe, const std::string& right_heel,
         const std::string& right_toe, const std::vector<std::string>& sacrum,
         const py::object& progression, double min_separation_s, double min_displacement_m) {
        const MarkersArg m_arg(markers, "markers");
        events::ZeniOptions o;
        o.left_heel = left_heel;
        o.left_toe = left_toe;
        o.right_heel = right_heel;
        o.right_toe = right_toe;
        o.sacrum = sacrum;
        o.progression = progression_arg(progression, o.progression_direction);
        o.min_separation_s = min_separation_s;
        o.min_displacement_m = min_displacement_m;
        events::KinematicEvents r;
        {
          py::gil_scoped_release release;
          r = events::from_kinematics(m_arg.markers(), point_rate_hz, lab_axes, o);
        }
        py::dict d;
        d["events"] = event_list(r.events);
        d["progression"] = py::make_tuple(r.progression.x(), r.progression.y(), r.progression.z());
        return d;
      },
      py::arg("markers"), py::arg("point_rate_hz"), py::arg("lab_axes"),
      py::arg("left_heel") = "LHEE", py::arg("left_toe") = "LTOE", py::arg("right_heel") = "RHEE",
      py::arg("right_toe") = "RTOE", py::arg("sacrum") = std::vector<std::string>{},
      py::arg("progression") = "auto", py::arg("min_separation_s") = 0.3,
      py::arg("min_displacement_m") = 0.2,
      R"doc(Zeni et al. (2008) foot strikes and foot offs (see hipmech.events.from_kinematics).

Returns
-------
dict
    ``events`` (tuples side, kind, frame, time_s, source) and ``progression`` (the unit
    direction used, lab frame).
)doc");

  m.def(
      "events_from_trial_events",
      [](const py::list& file_events, double point_rate_hz, long first_frame, Eigen::Index n_frames) {
        io::Trial t;
        t.point_rate_hz = point_rate_hz;
        t.first_frame = first_frame;
        t.n_frames_without_points = n_frames;
        for (py::handle item : file_events) {
          auto tup = item.cast<py::tuple>();
          io::Event e;
          e.label = tup[0].cast<std::string>();
          e.context = tup[1].cast<std::string>();
          e.time_s = tup[2].cast<double>();
          t.events.push_back(std::move(e));
        }
        const events::FileEvents r = events::from_trial_events(t);
        py::dict d;
        d["events"] = event_list(r.events);
        py::list skipped;
        for (const auto& s : r.skipped) {
          skipped.append(py::make_tuple(s.event.label, s.event.context, s.event.time_s, s.reason));
        }
        d["skipped"] = skipped;
        return d;
      },
      py::arg("events"), py::arg("point_rate_hz"), py::arg("first_frame"), py::arg("n_frames"),
      R"doc(Foot strikes and foot offs among a trial's events.

Parameters
----------
events : list of (label, context, time_s)
    time_s counts from frame 1 of the capture (C3D).

Returns
-------
dict
    ``events`` (tuples side, kind, frame, time_s, source) and ``skipped`` (label, context,
    time_s, reason).
)doc");

  auto windows = [&m](const char* name, std::vector<Window> (*fn)(const std::vector<GaitEvent>&, Side),
                      const char* doc) {
    m.def(
        name,
        [fn](const py::object& evs, const SideLike& side) {
          return window_list(fn(events_arg(evs, "events"), side_arg(side, "side")));
        },
        py::arg("events"), py::arg("side"), doc);
  };
  windows("events_stance_windows", &events::stance_windows,
          "Stance windows (side, begin, end) of ``side``: foot strike to the next foot off.");
  windows("events_swing_windows", &events::swing_windows,
          "Swing windows (side, begin, end) of ``side``: foot off to the next foot strike.");
  windows("events_gait_cycles", &events::gait_cycles,
          "Gait cycles (side, begin, end) of ``side``: foot strike to the next foot strike.");
  windows("events_single_limb_support_windows", &events::single_limb_support_windows,
          "Single-limb support windows (side, begin, end) of ``side``: inside its stance, the\n"
          "opposite foot's off to its next strike.");

  m.def(
      "events_merge",
      [](const py::sequence& sources, Eigen::Index window_frames, Eigen::Index min_phase_frames) {
        std::vector<std::vector<GaitEvent>> in;
        std::size_t i = 0;
        for (py::handle src : sources) {
          const std::string arg = "sources[" + std::to_string(i++) + "]";
          in.push_back(events_arg(src, arg.c_str()));
        }
        const events::MergedEvents r = events::merge_events(in, window_frames, min_phase_frames);
        py::list dropped;
        for (const events::DroppedEvent& d : r.dropped) {
          dropped.append(py::make_tuple(event_tuple(d.event), d.reason, event_tuple(d.kept)));
        }
        py::dict out;
        out["events"] = event_list(r.events);
        out["dropped"] = dropped;
        out["used_per_source"] = r.used_per_source;
        return out;
      },
      py::arg("sources"), py::arg("window_frames"), py::arg("min_phase_frames") = 0,
      "Gait events of several sources merged in priority order (hipmech::events::merge_events):\n"
      "a dict with 'events', 'dropped' ((event, reason, kept) tuples) and 'used_per_source'.");
  m.def(
      "events_find_maxima",
      [](const ArrayLike& x, Eigen::Index min_distance) {
        const SeriesArg a(x, "x");
        return events::find_maxima(a.map(), min_distance);
      },
      py::arg("x"), py::arg("min_distance") = 1,
      "Local maxima of ``x`` thinned to ``min_distance`` samples (scipy.signal.find_peaks rule).");
  m.def(
      "events_find_minima",
      [](const ArrayLike& x, Eigen::Index min_distance) {
        const SeriesArg a(x, "x");
        return events::find_minima(a.map(), min_distance);
      },
      py::arg("x"), py::arg("min_distance") = 1, "Local minima of ``x`` (maxima of -x).");
}

}  // namespace hipmech::bindings
