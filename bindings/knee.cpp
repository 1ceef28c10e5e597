// Python bindings of the knee area (flat in hipmech._core; the friendly layer is
// python/hipmech/knee.py). Raw names carry a `knee_` prefix.
//
// Points cross as (n, 2) or (n, 3) float64 arrays read in place when C-contiguous; results are
// handed to numpy without a copy (owned.hpp). Whole-trial calls release the GIL.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "arguments.hpp"
#include "bind.hpp"
#include "gait_events_arg.hpp"
#include "hipmech/knee.hpp"
#include "owned.hpp"
#include "rotations.hpp"

namespace hipmech::bindings {

namespace {

py::tuple fppa_tuple(knee::FppaResult&& r) {
  return py::make_tuple(to_numpy(std::move(r.fppa_rad)), r.missing_frames, r.degenerate_frames);
}

py::dict separation_dict(knee::SeparationResult&& r) {
  py::dict d;
  d["ratio"] = to_numpy(std::move(r.ratio));
  d["knee_separation"] = to_numpy(std::move(r.knee_separation));
  d["ankle_separation"] = to_numpy(std::move(r.ankle_separation));
  d["missing_frames"] = r.missing_frames;
  d["degenerate_frames"] = r.degenerate_frames;
  return d;
}

/// The frame-count checks of the 3-D functions with the Python argument names: every point
/// array has the #frames `n` of `first`, and 'frame' holds 1 rotation or n.
void check_3d(const char* first, Eigen::Index n,
              std::initializer_list<std::pair<const char*, Eigen::Index>> others,
              Eigen::Index n_rotations) {
  for (const auto& [name, rows] : others) check_same_frames(rows, n, name, first);
  HIPMECH_CHECK_ARG(n_rotations == 1 || n_rotations == n, "frame",
                    "1 rotation or " + std::to_string(n) + " (as '" + first + "')",
                    std::to_string(n_rotations) + " rotations");
}

py::dict summary_dict(const knee::RepetitionSummary& s) {
  py::dict d;
  d["mean"] = s.mean;
  d["sd"] = s.sd;
  d["count"] = s.count;
  return d;
}

/// A list of (begin, peak, end, complete) tuples as Repetitions.
std::vector<knee::Repetition> repetitions_arg(const py::object& value, const char* arg) {
  std::vector<knee::Repetition> out;
  std::size_t i = 0;
  for (py::handle h : value) {
    const std::string name = std::string(arg) + "[" + std::to_string(i++) + "]";
    const char* expected = "a (begin, peak, end, complete) tuple of frames and a bool";
    py::tuple t;
    try {
      t = py::reinterpret_borrow<py::object>(h).cast<py::tuple>();
    } catch (const py::cast_error&) {
      hipmech::detail::throw_invalid_argument(name, expected,
                                              "an object of type " + detail::type_name(h));
    }
    if (t.size() != 4) {
      hipmech::detail::throw_invalid_argument(name, expected,
                                              "a tuple of " + std::to_string(t.size()));
    }
    knee::Repetition r;
    try {
      r.begin = t[0].cast<Eigen::Index>();
      r.peak = t[1].cast<Eigen::Index>();
      r.end = t[2].cast<Eigen::Index>();
      r.complete = t[3].cast<bool>();
    } catch (const py::cast_error&) {
      hipmech::detail::throw_invalid_argument(name, expected, "values of other types");
    }
    if (!(r.begin >= 0 && r.begin <= r.peak && r.peak <= r.end)) {
      hipmech::detail::throw_invalid_argument(name, "0 <= begin <= peak <= end",
                                              "(" + std::to_string(r.begin) + ", " +
                                                  std::to_string(r.peak) + ", " +
                                                  std::to_string(r.end) + ")");
    }
    out.push_back(r);
  }
  return out;
}

py::dict crosstalk_dict(const knee::FlexionCrosstalk& c) {
  py::dict d;
  d["side"] = std::string(to_string(c.side));
  d["windows"] = c.windows;
  d["frames"] = c.frames;
  d["missing_frames"] = c.missing_frames;
  d["correlation"] = c.correlation;
  d["frontal_range_rad"] = c.frontal_range_rad;
  d["flexion_range_rad"] = c.flexion_range_rad;
  d["slope"] = c.slope;
  d["misalignment_rad"] = c.misalignment_rad;
  d["judged"] = c.judged;
  d["suspected"] = c.suspected;
  d["note"] = c.note;
  return d;
}

}  // namespace

void bind_knee(py::module_& m) {
  m.def(
      "knee_fppa_2d",
      [](const ArrayLike& hip, const ArrayLike& knee_, const ArrayLike& ankle,
         const SideLike& side, const std::string& view, const std::string& y_axis) {
        const Side s = side_arg(side, "side");
        const knee::CameraView v = knee::parse_camera_view(view, "view");
        const knee::ImageYAxis y = knee::parse_image_y_axis(y_axis, "y_axis");
        const Points2Arg h(hip, "hip"), k(knee_, "knee"), a(ankle, "ankle");
        knee::FppaResult r;
        {
          py::gil_scoped_release release;
          r = knee::fppa_2d(h.map(), k.map(), a.map(), s, v, y);
        }
        return fppa_tuple(std::move(r));
      },
      py::arg("hip"), py::arg("knee"), py::arg("ankle"), py::arg("side"),
      py::arg("view") = "anterior", py::arg("y_axis") = "down",
      R"doc(Signed FPPA from 2-D points [rad], positive = valgus on both sides (Willson & Davis
2008). Returns (fppa_rad, missing_frames, degenerate_frames).)doc");

  m.def(
      "knee_fppa_3d",
      [](const ArrayLike& hip_lab, const ArrayLike& knee_lab, const ArrayLike& ankle_lab,
         const SideLike& side, const ArrayLike& R_lab_frame) {
        const Side s = side_arg(side, "side");
        const TrajectoryArg h(hip_lab, "hip"), k(knee_lab, "knee"), a(ankle_lab, "ankle");
        const RotationsArg R(R_lab_frame, "frame");
        check_3d("hip", h.rows(), {{"knee", k.rows()}, {"ankle", a.rows()}}, R.rows());
        knee::FppaResult r;
        {
          py::gil_scoped_release release;
          r = knee::fppa_3d(h.map(), k.map(), a.map(), s, R.map());
        }
        return fppa_tuple(std::move(r));
      },
      py::arg("hip_lab"), py::arg("knee_lab"), py::arg("ankle_lab"), py::arg("side"),
      py::arg("R_lab_frame"),
      R"doc(Signed FPPA from 3-D points projected onto the frontal (Y-Z) plane of a frame, given
as (1, 3, 3) or (n, 3, 3) rotations (ISB axes). Returns (fppa_rad, missing, degenerate).)doc");

  m.def(
      "knee_project_frontal",
      [](const ArrayLike& points_lab, const ArrayLike& R_lab_frame) {
        const TrajectoryArg p(points_lab, "points_lab");
        const RotationsArg R(R_lab_frame, "frame");
        check_3d("points_lab", p.rows(), {}, R.rows());
        Points2 out;
        {
          py::gil_scoped_release release;
          out = knee::project_frontal(p.map(), R.map());
        }
        return to_numpy(std::move(out));
      },
      py::arg("points_lab"), py::arg("R_lab_frame"),
      R"doc(3-D points as an orthographic anterior camera sees the frame's frontal plane, y up:
(n, 2) = (-p.Z, p.Y).)doc");

  m.def(
      "knee_separation_ratio_2d",
      [](const ArrayLike& lk, const ArrayLike& rk, const ArrayLike& la, const ArrayLike& ra,
         const std::string& view) {
        const knee::CameraView v = knee::parse_camera_view(view, "view");
        const Points2Arg a(lk, "left_knee"), b(rk, "right_knee"), c(la, "left_ankle"),
            d(ra, "right_ankle");
        knee::SeparationResult r;
        {
          py::gil_scoped_release release;
          r = knee::knee_ankle_separation_ratio(a.map(), b.map(), c.map(), d.map(), v);
        }
        return separation_dict(std::move(r));
      },
      py::arg("left_knee"), py::arg("right_knee"), py::arg("left_ankle"),
      py::arg("right_ankle"), py::arg("view") = "anterior",
      R"doc(Knee-to-ankle separation ratio from 2-D frontal-view points (Noyes et al. 2005).)doc");

  m.def(
      "knee_separation_ratio_3d",
      [](const ArrayLike& lk, const ArrayLike& rk, const ArrayLike& la, const ArrayLike& ra,
         const ArrayLike& R_lab_frame) {
        const TrajectoryArg a(lk, "left_knee"), b(rk, "right_knee"), c(la, "left_ankle"),
            d(ra, "right_ankle");
        const RotationsArg R(R_lab_frame, "frame");
        check_3d("left_knee", a.rows(),
                 {{"right_knee", b.rows()}, {"left_ankle", c.rows()}, {"right_ankle", d.rows()}},
                 R.rows());
        knee::SeparationResult r;
        {
          py::gil_scoped_release release;
          r = knee::knee_ankle_separation_ratio(a.map(), b.map(), c.map(), d.map(), R.map());
        }
        return separation_dict(std::move(r));
      },
      py::arg("left_knee_lab"), py::arg("right_knee_lab"), py::arg("left_ankle_lab"),
      py::arg("right_ankle_lab"), py::arg("R_lab_frame"),
      R"doc(Knee-to-ankle separation ratio from 3-D points, separations along the frame's Z.)doc");

  m.def(
      "knee_medial_displacement_2d",
      [](const ArrayLike& hip, const ArrayLike& knee_, const ArrayLike& ankle,
         const SideLike& side, const std::string& view, const std::string& y_axis) {
        const Side s = side_arg(side, "side");
        const knee::CameraView v = knee::parse_camera_view(view, "view");
        const knee::ImageYAxis y = knee::parse_image_y_axis(y_axis, "y_axis");
        const Points2Arg h(hip, "hip"), k(knee_, "knee"), a(ankle, "ankle");
        Series out;
        {
          py::gil_scoped_release release;
          out = knee::medial_knee_displacement(h.map(), k.map(), a.map(), s, v, y);
        }
        return to_numpy(std::move(out));
      },
      py::arg("hip"), py::arg("knee"), py::arg("ankle"), py::arg("side"),
      py::arg("view") = "anterior", py::arg("y_axis") = "down",
      R"doc(Signed distance of the knee from the hip-ankle line, positive medial [unit of the
points].)doc");

  m.def(
      "knee_medial_displacement_3d",
      [](const ArrayLike& hip_lab, const ArrayLike& knee_lab, const ArrayLike& ankle_lab,
         const SideLike& side, const ArrayLike& R_lab_frame) {
        const Side s = side_arg(side, "side");
        const TrajectoryArg h(hip_lab, "hip"), k(knee_lab, "knee"), a(ankle_lab, "ankle");
        const RotationsArg R(R_lab_frame, "frame");
        check_3d("hip", h.rows(), {{"knee", k.rows()}, {"ankle", a.rows()}}, R.rows());
        Series out;
        {
          py::gil_scoped_release release;
          out = knee::medial_knee_displacement(h.map(), k.map(), a.map(), s, R.map());
        }
        return to_numpy(std::move(out));
      },
      py::arg("hip_lab"), py::arg("knee_lab"), py::arg("ankle_lab"), py::arg("side"),
      py::arg("R_lab_frame"),
      R"doc(Medial knee displacement in the frontal plane of a frame, positive medial [m].)doc");

  m.def(
      "knee_angles",
      [](const ArrayLike& R_lab_thigh, const ArrayLike& R_lab_shank, const SideLike& side) {
        const Side s = side_arg(side, "side");
        const RotationsArg t(R_lab_thigh, "R_lab_thigh"), k(R_lab_shank, "R_lab_shank");
        knee::KneeAngles a;
        {
          py::gil_scoped_release release;
          a = knee::knee_angles(t.map(), k.map(), s);
        }
        return to_numpy(std::move(a.rad));
      },
      py::arg("R_lab_thigh"), py::arg("R_lab_shank"), py::arg("side"),
      R"doc(Knee flexion, adduction (varus), internal rotation [rad], (n, 3), Grood & Suntay JCS
with per-side signs.)doc");

  m.def(
      "knee_find_repetitions",
      [](const ArrayLike& depth, double min_excursion, double onset_fraction) {
        const SeriesArg d(depth, "depth");
        knee::RepetitionOptions o;
        o.min_excursion = min_excursion;
        o.onset_fraction = onset_fraction;
        knee::RepetitionSplit split;
        {
          py::gil_scoped_release release;
          split = knee::find_repetitions(d.map(), o);
        }
        py::list reps;
        for (const auto& r : split.repetitions) {
          py::dict x;
          x["begin"] = r.begin;
          x["peak"] = r.peak;
          x["end"] = r.end;
          x["depth_at_peak"] = r.depth_at_peak;
          x["excursion"] = r.excursion;
          x["complete"] = r.complete;
          x["note"] = r.note;
          reps.append(x);
        }
        return py::make_tuple(reps, split.min_excursion);
      },
      py::arg("depth"), py::arg("min_excursion") = std::numeric_limits<double>::quiet_NaN(),
      py::arg("onset_fraction") = 0.05,
      R"doc(Repetitions of a depth signal by hysteresis. Returns (list of dict, min_excursion).)doc");

  m.def(
      "knee_per_repetition",
      [](const py::object& repetitions, const ArrayLike& values) {
        const std::vector<knee::Repetition> reps = repetitions_arg(repetitions, "repetitions");
        const SeriesArg v(values, "values");
        knee::RepetitionMetric metric;
        {
          py::gil_scoped_release release;
          metric = knee::per_repetition(reps, v.map());
        }
        py::list per;
        for (const auto& x : metric.per_repetition) {
          py::dict d;
          d["at_peak_depth"] = x.at_peak_depth;
          d["peak"] = x.peak;
          d["peak_frame"] = x.peak_frame;
          d["peak_percent"] = x.peak_percent;
          d["missing_frames"] = x.missing_frames;
          per.append(d);
        }
        return py::make_tuple(per, summary_dict(metric.at_peak_depth), summary_dict(metric.peak));
      },
      py::arg("repetitions"), py::arg("values"),
      R"doc(A quantity per repetition ((begin, peak, end, complete) tuples) and across the
complete ones. Returns (list of dict, at_peak_depth summary, peak summary).)doc");

  m.def(
      "knee_flexion_crosstalk",
      [](const ArrayLike& flexion_rad, const ArrayLike& varus_rad, const SideLike& side,
         const py::object& swing_windows, const py::object& events, double min_abs_correlation,
         double min_frontal_range_rad, double min_flexion_range_rad, Eigen::Index min_frames) {
        const Side s = side_arg(side, "side");
        const SeriesArg f(flexion_rad, "flexion_rad"), v(varus_rad, "varus_rad");
        if (swing_windows.is_none() == events.is_none()) {
          hipmech::detail::throw_invalid_argument("swing_windows",
                                                  "exactly one of swing_windows or events",
                                                  swing_windows.is_none() ? "neither" : "both");
        }
        knee::CrosstalkOptions o;
        o.min_abs_correlation = min_abs_correlation;
        o.min_frontal_range_rad = min_frontal_range_rad;
        o.min_flexion_range_rad = min_flexion_range_rad;
        o.min_frames = min_frames;
        knee::FlexionCrosstalk c;
        if (events.is_none()) {
          const auto w = windows_arg(swing_windows, "swing_windows");
          py::gil_scoped_release release;
          c = knee::flexion_crosstalk(f.map(), v.map(), s, w, o);
        } else {
          const auto e = events_arg(events, "events");
          py::gil_scoped_release release;
          c = knee::flexion_crosstalk(f.map(), v.map(), s, e, o);
        }
        return crosstalk_dict(c);
      },
      py::arg("flexion_rad"), py::arg("varus_rad"), py::arg("side"),
      py::arg("swing_windows") = py::none(), py::arg("events") = py::none(),
      py::arg("min_abs_correlation") = knee::CrosstalkOptions{}.min_abs_correlation,
      py::arg("min_frontal_range_rad") = knee::CrosstalkOptions{}.min_frontal_range_rad,
      py::arg("min_flexion_range_rad") = knee::CrosstalkOptions{}.min_flexion_range_rad,
      py::arg("min_frames") = knee::CrosstalkOptions{}.min_frames,
      R"doc(Knee flexion cross-talk check over the swing frames of one knee: Pearson r of flexion
and varus, ranges, slope, the axis misalignment theta of tan(varus) = tan(theta) sin(flexion)
[rad], judged, suspected and a note. Give swing_windows (list of (side, begin, end)) or events
(list of (side, kind, frame)). Returns a dict.)doc");
}

}  // namespace hipmech::bindings
