// Python bindings of the pelvis area (flat in hipmech._core; the friendly layer is
// python/hipmech/pelvis.py). Raw names carry a `pelvis_` prefix.
//
// Rotations cross as (n, 3, 3) float64 arrays (a C-contiguous one is read in place as #frames by
// 9 row-major); angle results are handed to numpy without a copy (owned.hpp). Whole-trial
// calls release the GIL.
#include <pybind11/native_enum.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "arguments.hpp"
#include "bind.hpp"
#include "hipmech/pelvis.hpp"
#include "gait_events_arg.hpp"
#include "owned.hpp"
#include "rotations.hpp"

namespace hipmech::bindings {

namespace {

using geometry::CardanSequence;
using geometry::Rotations;
using pelvis::PelvisConvention;

py::dict progression_to_dict(const pelvis::Progression& p) {
  py::dict d;
  d["forward"] = to_string(p.forward);
  d["lab_axes"] = p.axes;
  d["R_lab_progression"] = small_to_numpy(p.R_lab_progression);
  d["method"] = std::string(to_string(p.method));
  d["displacement_m"] = p.displacement_m;
  return d;
}

py::tuple window_tuple(const events::Window& w) {
  return py::make_tuple(std::string(to_string(w.side)), w.begin, w.end);
}

py::list drops_to_list(const std::vector<pelvis::StanceDrop>& drops) {
  py::list out;
  for (const auto& d : drops) {
    py::dict x;
    x["side"] = std::string(to_string(d.side));
    x["stance"] = window_tuple(d.stance);
    x["single_support"] = window_tuple(d.single_support);
    x["peak_rad"] = d.peak_rad;
    x["peak_frame"] = d.peak_frame;
    x["peak_percent_stance"] = d.peak_percent_stance;
    x["midstance_rad"] = d.midstance_rad;
    x["midstance_frame"] = d.midstance_frame;
    x["midstance_percent_stance"] = d.midstance_percent_stance;
    x["trendelenburg"] = d.trendelenburg ? py::object(py::bool_(*d.trendelenburg)) : py::none();
    x["note"] = d.note;
    out.append(x);
  }
  return out;
}

pelvis::DropOptions drop_options(const std::string& midstance, double static_obliquity_rad,
                                 double threshold_rad) {
  pelvis::DropOptions o;
  const std::string m = hipmech::detail::folded(midstance);
  if (m == "single_support" || m == "single-support") {
    o.midstance = pelvis::Midstance::MiddleOfSingleSupport;
  } else if (m == "half_stance" || m == "half-stance") {
    o.midstance = pelvis::Midstance::HalfStance;
  } else {
    hipmech::detail::throw_invalid_argument("midstance", "'single_support' or 'half_stance'",
                                            "'" + midstance + "'");
  }
  o.static_obliquity_rad = static_obliquity_rad;
  o.trendelenburg_threshold_rad = threshold_rad;
  return o;
}

constexpr const char* kDropReturns = R"doc(
Returns
-------
list of dict
    One per stance, in order: ``side``, ``stance`` and ``single_support`` as
    ``(side, begin, end)`` frame windows, ``peak_rad``, ``peak_frame``, ``peak_percent_stance``,
    ``midstance_rad``, ``midstance_frame``, ``midstance_percent_stance``, ``trendelenburg``
    (bool or None) and ``note`` (why a value is NaN; empty when complete).
)doc";

}  // namespace

void bind_pelvis(py::module_& m) {
  m.def(
      "pelvis_angles",
      [](const ArrayLike& R_lab_pelvis, const SideLike& side, const std::string& convention,
         const ArrayLike& R_lab_reference) {
        const Side s = side_arg(side, "side");
        const PelvisConvention c = pelvis::parse_pelvis_convention(convention, "convention");
        const Eigen::Matrix3d ref = fixed_arg<3, 3>(R_lab_reference.obj, "R_lab_reference");
        const RotationsArg R(R_lab_pelvis, "R_lab_pelvis");
        Trajectory out;
        {
          py::gil_scoped_release release;
          out = pelvis::pelvis_angles(R.map(), s, c, ref);
        }
        return to_numpy(std::move(out));
      },
      py::arg("R_lab_pelvis"), py::arg("side"), py::arg("convention"), py::arg("R_lab_reference"),
      R"doc(Pelvis angles of one side in a named convention.

Parameters
----------
R_lab_pelvis : array_like, shape (n_frames, 3, 3)
    Pelvis axes in the lab frame (columns X anterior, Y superior, Z right; ISB). NaN frames
    give NaN rows. A C-contiguous float64 array is read without a copy.
side : Side or str
    Side whose clinical signs apply (ignored for 'opensim').
convention : str
    'plug-in-gait' (= 'tilt-obliquity-rotation', ZXY), 'baker' (= 'rotation-obliquity-tilt',
    YXZ) or 'opensim' (ZXY, raw signs).
R_lab_reference : array_like, shape (3, 3)
    Reference axes in the lab (columns forward, up, right): the progression frame or the
    ISB-aligned lab axes.

Returns
-------
numpy.ndarray, shape (n_frames, 3)
    Columns (tilt, obliquity, rotation) [rad]; OpenSim: (pelvis_tilt, pelvis_list,
    pelvis_rotation).
)doc");

  m.def(
      "pelvis_angles_raw",
      [](const ArrayLike& R_lab_pelvis, const py::object& sequence,
         const ArrayLike& R_lab_reference) {
        const CardanSequence q = sequence_arg(sequence, "sequence");
        const Eigen::Matrix3d ref = fixed_arg<3, 3>(R_lab_reference.obj, "R_lab_reference");
        const RotationsArg R(R_lab_pelvis, "R_lab_pelvis");
        Trajectory out;
        {
          py::gil_scoped_release release;
          out = pelvis::pelvis_angles_raw(R.map(), q, ref);
        }
        return to_numpy(std::move(out));
      },
      py::arg("R_lab_pelvis"), py::arg("sequence"), py::arg("R_lab_reference"),
      R"doc(Raw intrinsic angles of R_lab_reference^T R_lab_pelvis in any of the 12 sequences.

Returns
-------
numpy.ndarray, shape (n_frames, 3)
    (a1, a2, a3) [rad], no sign change.
)doc");

  m.def(
      "pelvis_rotations",
      [](const ArrayLike& angles, const SideLike& side, const std::string& convention) {
        const Side s = side_arg(side, "side");
        const PelvisConvention c = pelvis::parse_pelvis_convention(convention, "convention");
        const TrajectoryArg a(angles, "angles");
        Rotations out;
        {
          py::gil_scoped_release release;
          out = pelvis::pelvis_rotations(a.map(), s, c);
        }
        return rotations_to_numpy(std::move(out));
      },
      py::arg("angles"), py::arg("side"), py::arg("convention"),
      R"doc(The pelvis orientations R_ref_pelvis, shape (n, 3, 3), that (tilt, obliquity,
rotation) angles [rad] of ``side`` in ``convention`` describe (inverse of pelvis_angles).)doc");

  m.def(
      "pelvis_convert_angles",
      [](const ArrayLike& angles, const SideLike& side, const std::string& from_convention,
         const std::string& to_convention) {
        const Side s = side_arg(side, "side");
        const PelvisConvention from = pelvis::parse_pelvis_convention(from_convention, "from_");
        const PelvisConvention to = pelvis::parse_pelvis_convention(to_convention, "to");
        const TrajectoryArg a(angles, "angles");
        Trajectory out;
        {
          py::gil_scoped_release release;
          out = pelvis::convert_pelvis_angles(a.map(), s, from, to);
        }
        return to_numpy(std::move(out));
      },
      py::arg("angles"), py::arg("side"), py::arg("from_convention"), py::arg("to_convention"),
      R"doc(Convert (n, 3) pelvis angles [rad] of one side between conventions (recompose the
rotation, decompose with the other sequence, apply its signs).)doc");

  m.def(
      "pelvis_detect_progression",
      [](const ArrayLike& pelvis_origin_lab, const py::object& R_lab_pelvis, const LabAxes& lab,
         double min_displacement_m) {
        const TrajectoryArg o(pelvis_origin_lab, "pelvis_origin_lab");
        pelvis::Progression p;
        if (R_lab_pelvis.is_none()) {
          py::gil_scoped_release release;
          p = pelvis::detect_progression(o.map(), Rotations(0, 9), lab, min_displacement_m);
        } else {
          const RotationsArg R(ArrayLike{R_lab_pelvis}, "R_lab_pelvis");
          py::gil_scoped_release release;
          p = pelvis::detect_progression(o.map(), R.map(), lab, min_displacement_m);
        }
        return progression_to_dict(p);
      },
      py::arg("pelvis_origin_lab"), py::arg("R_lab_pelvis"), py::arg("lab_axes"),
      py::arg("min_displacement_m") = pelvis::default_min_displacement_m,
      R"doc(Direction of progression (Plug-in Gait rule): the signed horizontal lab axis of the
largest pelvis-origin displacement between the first and last valid frames; below
``min_displacement_m`` [m] the mean pelvis anterior axis decides (needs ``R_lab_pelvis``).

Returns
-------
dict
    ``forward`` ('-X', ...), ``lab_axes`` (LabAxes), ``R_lab_progression`` (3, 3), ``method``
    ('displacement', 'pelvis_orientation' or 'given') and ``displacement_m``.
)doc");

  m.def(
      "pelvis_progression_from_axis",
      [](const std::string& forward, const LabAxes& lab) {
        return progression_to_dict(
            pelvis::progression_from_axis(parse_signed_axis(forward, "forward"), lab));
      },
      py::arg("forward"), py::arg("lab_axes"),
      "The progression frame for a given signed lab axis ('-X', ...); same dict as "
      "pelvis_detect_progression.");

  m.def(
      "pelvis_progression_from_orientation",
      [](const ArrayLike& R_lab_pelvis, const LabAxes& lab) {
        const RotationsArg R(R_lab_pelvis, "R_lab_pelvis");
        pelvis::Progression p;
        {
          py::gil_scoped_release release;
          p = pelvis::progression_from_orientation(R.map(), lab);
        }
        return progression_to_dict(p);
      },
      py::arg("R_lab_pelvis"), py::arg("lab_axes"),
      "The progression frame from the mean pelvis anterior axis snapped to a horizontal lab "
      "axis; same dict as pelvis_detect_progression.");

  m.def(
      "pelvis_static_obliquity",
      [](const ArrayLike& obliquity) {
        const SeriesArg o(obliquity, "obliquity");
        return pelvis::static_obliquity(o.map());
      },
      py::arg("obliquity"),
      "Mean obliquity [rad] of a static trial, NaN frames ignored (the static offset).");

  m.def(
      "pelvis_contralateral_drop",
      [](const ArrayLike& obliquity, const SideLike& obliquity_side, const py::object& stances,
         const py::object& single_support, const std::string& midstance,
         double static_obliquity_rad, double trendelenburg_threshold_rad) {
        const Side s = side_arg(obliquity_side, "obliquity_side");
        const SeriesArg o(obliquity, "obliquity");
        const auto st = windows_arg(stances, "stances");
        const auto sls = windows_arg(single_support, "single_support");
        const auto opts = drop_options(midstance, static_obliquity_rad, trendelenburg_threshold_rad);
        std::vector<pelvis::StanceDrop> d;
        {
          py::gil_scoped_release release;
          d = pelvis::contralateral_drop(o.map(), s, st, sls, opts);
        }
        return drops_to_list(d);
      },
      py::arg("obliquity"), py::arg("obliquity_side"), py::arg("stances"),
      py::arg("single_support"), py::arg("midstance") = "single_support",
      py::arg("static_obliquity_rad") = 0.0,
      py::arg("trendelenburg_threshold_rad") = std::numeric_limits<double>::quiet_NaN(),
      (std::string(R"doc(Contralateral pelvic drop per stance from stance and single-support windows.

Parameters
----------
obliquity : array_like, shape (n_frames,)
    Obliquity of ``obliquity_side`` [rad], NaN = missing.
obliquity_side : Side or str
stances, single_support : list of (side, begin, end)
    Frame windows [begin, end).
midstance : str
    'single_support' (middle of single-limb support) or 'half_stance'.
static_obliquity_rad : float
    Static-trial obliquity of ``obliquity_side`` subtracted first [rad].
trendelenburg_threshold_rad : float
    Flag threshold on the peak [rad]; NaN = no flag.
)doc") + kDropReturns)
          .c_str());

  m.def(
      "pelvis_contralateral_drop_events",
      [](const ArrayLike& obliquity, const SideLike& obliquity_side, const py::object& events,
         const std::string& midstance, double static_obliquity_rad,
         double trendelenburg_threshold_rad) {
        const Side s = side_arg(obliquity_side, "obliquity_side");
        const SeriesArg o(obliquity, "obliquity");
        const auto ev = events_arg(events, "events");
        const auto opts = drop_options(midstance, static_obliquity_rad, trendelenburg_threshold_rad);
        std::vector<pelvis::StanceDrop> d;
        {
          py::gil_scoped_release release;
          d = pelvis::contralateral_drop(o.map(), s, ev, opts);
        }
        return drops_to_list(d);
      },
      py::arg("obliquity"), py::arg("obliquity_side"), py::arg("events"),
      py::arg("midstance") = "single_support", py::arg("static_obliquity_rad") = 0.0,
      py::arg("trendelenburg_threshold_rad") = std::numeric_limits<double>::quiet_NaN(),
      (std::string("Contralateral pelvic drop per stance from gait events, a list of (side, "
                   "kind, frame) with kind 'foot_strike' or 'foot_off'; other parameters as "
                   "pelvis_contralateral_drop.\n") +
       kDropReturns)
          .c_str());

  m.def(
      "pelvis_drop_windows",
      [](const py::object& events) {
        const auto w = pelvis::drop_windows(events_arg(events, "events"));
        py::list st, sls;
        for (const auto& x : w.stances) st.append(window_tuple(x));
        for (const auto& x : w.single_support) sls.append(window_tuple(x));
        return py::make_tuple(st, sls);
      },
      py::arg("events"),
      "Stance and single-limb-support windows, two lists of (side, begin, end), from a list "
      "of (side, kind, frame) gait events.");

  m.def(
      "pelvis_obliquity_2d",
      [](const ArrayLike& left_hip_px, const ArrayLike& right_hip_px, const SideLike& side,
         const py::object& floor) {
        const Side s = side_arg(side, "side");
        pelvis::FloorLine line;
        if (!floor.is_none()) {
          bool copied = false;
          const auto a = detail::as_float64(floor, "floor", "shape (2, 2)", copied);
          if (a.ndim() != 2 || a.shape(0) != 2 || a.shape(1) != 2) {
            hipmech::detail::throw_invalid_argument("floor", "shape (2, 2): two (x, y) points",
                                                    "shape " + detail::shape_string(a));
          }
          line.a_px = Eigen::Vector2d(a.at(0, 0), a.at(0, 1));
          line.b_px = Eigen::Vector2d(a.at(1, 0), a.at(1, 1));
        }
        const Points2Arg l(left_hip_px, "left_hip_px");
        const Points2Arg r(right_hip_px, "right_hip_px");
        Series out;
        {
          py::gil_scoped_release release;
          out = pelvis::obliquity_2d(l.map(), r.map(), s, line);
        }
        return to_numpy(std::move(out));
      },
      py::arg("left_hip_px"), py::arg("right_hip_px"), py::arg("side"),
      py::arg("floor") = py::none(),
      R"doc(Pelvic obliquity of ``side`` from 2-D keypoints [rad]:
atan2(height(side) - height(other), |horizontal distance|), heights = -y (image y points down)
or measured from the ``floor`` line ((2, 2) array of two (x, y) points [px]). Independent of
whether the camera looks from behind or in front.)doc");
}

}  // namespace hipmech::bindings
