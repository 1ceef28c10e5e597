// Python bindings of the clinic area's tasks (see bindings/clinic.cpp): single-leg stance and
// single-leg squat from 3-D markers / joint centres or 2-D keypoints. The friendly layer is
// python/hipmech/clinic/_tasks.py.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <deque>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "arguments.hpp"
#include "bind.hpp"
#include "clinic_flag.hpp"
#include "hipmech/clinic/single_leg_squat.hpp"
#include "hipmech/clinic/single_leg_stance.hpp"
#include "markers.hpp"
#include "owned.hpp"
#include "rotations.hpp"

namespace hipmech::bindings {

namespace {

using clinic::SquatOptions;
using clinic::StanceOptions;

double option(const py::dict& d, const char* key, double fallback) {
  if (!d.contains(key)) return fallback;
  const py::object v = d[key];
  if (v.is_none()) return std::numeric_limits<double>::quiet_NaN();
  try {
    return v.cast<double>();
  } catch (const py::cast_error&) {
    hipmech::detail::throw_invalid_argument(key, "a number",
                                            "an object of type " + detail::type_name(v));
  }
}

StanceOptions stance_options(const py::object& stance_side, const py::dict& o) {
  StanceOptions s;
  if (!stance_side.is_none()) s.stance_side = side_arg(SideLike{stance_side}, "stance_side");
  s.lift_threshold_m = option(o, "lift_threshold_m", s.lift_threshold_m);
  s.lift_threshold_leg_lengths =
      option(o, "lift_threshold_leg_lengths", s.lift_threshold_leg_lengths);
  s.release_fraction = option(o, "release_fraction", s.release_fraction);
  s.baseline_s = option(o, "baseline_s", s.baseline_s);
  s.drop_cutoff_deg = option(o, "drop_cutoff_deg", s.drop_cutoff_deg);
  s.hold_cutoff_s = option(o, "hold_cutoff_s", s.hold_cutoff_s);
  s.filter_cutoff_hz = option(o, "filter_cutoff_hz", s.filter_cutoff_hz);
  s.sustained_s = option(o, "sustained_s", s.sustained_s);
  s.min_hip_width_leg_lengths = option(o, "min_hip_width_leg_lengths", s.min_hip_width_leg_lengths);
  s.narrow_hip_width_leg_lengths =
      option(o, "narrow_hip_width_leg_lengths", s.narrow_hip_width_leg_lengths);
  s.max_gap_s = option(o, "max_gap_s", s.max_gap_s);
  return s;
}

SquatOptions squat_options(const py::dict& o) {
  SquatOptions s;
  s.baseline_s = option(o, "baseline_s", s.baseline_s);
  s.min_excursion_leg_lengths = option(o, "min_excursion_leg_lengths", s.min_excursion_leg_lengths);
  s.onset_fraction = option(o, "onset_fraction", s.onset_fraction);
  s.fppa_cutoff_deg = option(o, "fppa_cutoff_deg", s.fppa_cutoff_deg);
  s.pelvic_drop_cutoff_deg = option(o, "pelvic_drop_cutoff_deg", s.pelvic_drop_cutoff_deg);
  s.filter_cutoff_hz = option(o, "filter_cutoff_hz", s.filter_cutoff_hz);
  s.fppa_noise_limit_deg = option(o, "fppa_noise_limit_deg", s.fppa_noise_limit_deg);
  s.min_hip_width_leg_lengths = option(o, "min_hip_width_leg_lengths", s.min_hip_width_leg_lengths);
  s.narrow_hip_width_leg_lengths =
      option(o, "narrow_hip_width_leg_lengths", s.narrow_hip_width_leg_lengths);
  s.max_gap_s = option(o, "max_gap_s", s.max_gap_s);
  return s;
}

/// hipmech.io.Keypoints2D fields (names, frames, points_px) as an io::Keypoints2D (copies).
io::Keypoints2D keypoints_arg(const py::object& names, const ArrayLike& frames,
                              const py::dict& points) {
  io::Keypoints2D k;
  k.names = names.cast<std::vector<std::string>>();
  const SeriesArg f(frames, "keypoints.frames", NanPolicy::Reject);
  for (Eigen::Index i = 0; i < f.size(); ++i) {
    const double v = f.map()[i];
    HIPMECH_CHECK_ARG(v == std::floor(v), "keypoints.frames", "integer frame numbers", v);
    HIPMECH_CHECK_ARG(i == 0 || v > f.map()[i - 1], "keypoints.frames", "increasing frame numbers",
                      "frame " + std::to_string(v) + " at row " + std::to_string(i));
    k.frames.push_back(static_cast<long>(v));
  }
  std::deque<std::string> where;
  for (const std::string& name : k.names) {
    where.push_back("keypoints.points_px['" + name + "']");
    HIPMECH_CHECK_ARG(points.contains(name), where.back(), "an (n_frames, 2) array", "none");
    const Points2Arg p(ArrayLike{points[py::str(name)]}, where.back().c_str());
    check_same_frames(p.map().rows(), f.size(), where.back().c_str(), "keypoints.frames");
    k.points_px.emplace_back(p.map());
    k.confidence.emplace_back(Series::Ones(f.size()));
  }
  return k;
}

py::dict stance_dict(clinic::StanceResult&& r) {
  py::dict d;
  d["stance_side"] = r.stance_side ? py::object(py::str(std::string(to_string(*r.stance_side))))
                                   : py::object(py::none());
  d["stance_side_detected"] = r.stance_side_detected;
  d["stance_side_contradicted"] = r.stance_side_contradicted;
  d["free_foot_seen_to_end"] = r.free_foot_seen_to_end;
  d["lift_off_frame"] = r.lift_off_frame;
  d["touch_down_frame"] = r.touch_down_frame;
  d["lift_off_s"] = r.lift_off_s;
  d["touch_down_s"] = r.touch_down_s;
  d["hold_time_s"] = r.hold_time_s;
  d["hold_complete"] = r.hold_complete;
  d["lift_threshold"] = r.lift_threshold;
  d["pelvic_drop_peak_deg"] = r.pelvic_drop_peak_deg;
  d["pelvic_drop_peak_s"] = r.pelvic_drop_peak_s;
  d["pelvic_drop_mean_deg"] = r.pelvic_drop_mean_deg;
  d["pelvic_drop_max_deg"] = r.pelvic_drop_max_deg;
  d["pelvic_drop_max_s"] = r.pelvic_drop_max_s;
  d["drop_noise_deg"] = r.drop_noise_deg;
  d["filled_hold_frames"] = r.filled_hold_frames;
  d["time_to_drop_s"] = r.time_to_drop_s;
  d["baseline_obliquity_deg"] = r.baseline_obliquity_deg;
  d["obliquity_noise_deg"] = r.obliquity_noise_deg;
  d["filtered_noise_deg"] = r.filtered_noise_deg;
  d["hip_width_leg_lengths"] = r.hip_width_leg_lengths;
  d["trunk_lean_peak_deg"] = r.trunk_lean_peak_deg;
  d["trunk_lean_mean_deg"] = r.trunk_lean_mean_deg;
  d["hold_frames"] = r.hold_frames;
  d["missing_hold_frames"] = r.missing_hold_frames;
  d["trendelenburg"] = r.trendelenburg;
  d["flags"] = flag_list(r.flags);
  d["notes"] = r.notes;
  d["time_s"] = to_numpy(std::move(r.time_s));
  d["obliquity_deg"] = to_numpy(std::move(r.obliquity_deg));
  d["pelvic_drop_deg"] = to_numpy(std::move(r.pelvic_drop_deg));
  d["trunk_lean_deg"] = to_numpy(std::move(r.trunk_lean_deg));
  d["free_foot_height"] = to_numpy(std::move(r.free_foot_height));
  return d;
}

py::dict summary_dict(const clinic::SquatSummary& s) {
  py::dict d;
  d["mean"] = s.mean;
  d["sd"] = s.sd;
  d["count"] = s.count;
  return d;
}

py::dict squat_dict(clinic::SquatResult&& r) {
  py::dict d;
  d["side"] = std::string(to_string(r.side));
  py::list reps;
  for (const auto& rep : r.repetitions) {
    py::dict x;
    x["begin_frame"] = rep.frames.begin;
    x["peak_frame"] = rep.frames.peak;
    x["end_frame"] = rep.frames.end;
    x["begin_s"] = rep.begin_s;
    x["peak_s"] = rep.peak_s;
    x["end_s"] = rep.end_s;
    x["depth_leg_lengths"] = rep.depth_leg_lengths;
    x["peak_fppa_deg"] = rep.peak_fppa_deg;
    x["peak_pelvic_drop_deg"] = rep.peak_pelvic_drop_deg;
    x["complete"] = rep.frames.complete;
    x["note"] = rep.frames.note;
    reps.append(x);
  }
  d["repetitions"] = reps;
  d["min_excursion_leg_lengths"] = r.min_excursion_leg_lengths;
  d["depth_leg_lengths"] = summary_dict(r.depth_leg_lengths);
  d["peak_fppa_deg"] = summary_dict(r.peak_fppa_deg);
  d["peak_pelvic_drop_deg"] = summary_dict(r.peak_pelvic_drop_deg);
  d["fppa_noise_deg"] = r.fppa_noise_deg;
  d["filtered_fppa_noise_deg"] = r.filtered_fppa_noise_deg;
  d["hip_width_leg_lengths"] = r.hip_width_leg_lengths;
  d["classification"] = r.classification;
  d["flags"] = flag_list(r.flags);
  d["notes"] = r.notes;
  d["time_s"] = to_numpy(std::move(r.time_s));
  d["fppa_deg"] = to_numpy(std::move(r.fppa_deg));
  d["depth_leg_lengths_series"] = to_numpy(std::move(r.depth_leg_lengths_series));
  d["pelvic_drop_deg"] = to_numpy(std::move(r.pelvic_drop_deg));
  return d;
}

}  // namespace

void bind_clinic_tasks(py::module_& m) {
  m.def(
      "clinic_single_leg_stance_3d",
      [](const py::object& markers, const LabAxes& lab, double rate_hz, double start_time_s,
         const py::object& stance_side, const py::dict& options) {
        const StanceOptions o = stance_options(stance_side, options);
        const MarkersArg mk(markers, "markers");
        clinic::StanceResult r;
        {
          py::gil_scoped_release release;
          const clinic::StanceSignals s =
              clinic::stance_signals_3d(mk.markers(), lab, rate_hz, start_time_s, o.baseline_s);
          r = clinic::single_leg_stance(s, o);
        }
        return stance_dict(std::move(r));
      },
      py::arg("markers"), py::arg("lab_axes"), py::arg("rate_hz"), py::arg("start_time_s"),
      py::arg("stance_side"), py::arg("options"),
      R"doc(Single-leg stance (Trendelenburg test) from 3-D markers (dict name -> (n, 3) [m]).
``options``: lift_threshold_m, release_fraction, baseline_s, drop_cutoff_deg, hold_cutoff_s,
filter_cutoff_hz, max_gap_s, sustained_s.
Returns a dict of the result's fields (hipmech.clinic.single_leg_stance).)doc");

  m.def(
      "clinic_single_leg_stance_2d",
      [](const py::object& names, const ArrayLike& frames, const py::dict& points_px,
         double rate_hz, const py::object& stance_side, const py::dict& options) {
        const StanceOptions o = stance_options(stance_side, options);
        const io::Keypoints2D k = keypoints_arg(names, frames, points_px);
        clinic::StanceResult r;
        {
          py::gil_scoped_release release;
          const clinic::StanceSignals s = clinic::stance_signals_2d(k, rate_hz, o.baseline_s);
          r = clinic::single_leg_stance(s, o);
        }
        return stance_dict(std::move(r));
      },
      py::arg("names"), py::arg("frames"), py::arg("points_px"), py::arg("rate_hz"),
      py::arg("stance_side"), py::arg("options"),
      R"doc(Single-leg stance (Trendelenburg test) from 2-D frontal keypoints (the fields of
hipmech.io.Keypoints2D). ``options``: lift_threshold_leg_lengths, release_fraction,
baseline_s, drop_cutoff_deg, hold_cutoff_s, filter_cutoff_hz, max_gap_s, sustained_s,
min_hip_width_leg_lengths, narrow_hip_width_leg_lengths. Returns a dict of the result's
fields.)doc");

  m.def(
      "clinic_single_leg_squat_2d",
      [](const py::object& names, const ArrayLike& frames, const py::dict& points_px,
         const SideLike& side, double rate_hz, const std::string& view, const py::dict& options) {
        const Side s = side_arg(side, "side");
        const knee::CameraView v = knee::parse_camera_view(view, "view");
        const SquatOptions o = squat_options(options);
        const io::Keypoints2D k = keypoints_arg(names, frames, points_px);
        clinic::SquatResult r;
        {
          py::gil_scoped_release release;
          r = clinic::single_leg_squat(
              clinic::squat_signals_2d(k, s, rate_hz, v, o.baseline_s, o.min_hip_width_leg_lengths),
              s, o);
        }
        return squat_dict(std::move(r));
      },
      py::arg("names"), py::arg("frames"), py::arg("points_px"), py::arg("side"),
      py::arg("rate_hz"), py::arg("view"), py::arg("options"),
      R"doc(Single-leg squat from 2-D frontal keypoints (the fields of hipmech.io.Keypoints2D).
``options``: baseline_s, min_excursion_leg_lengths, onset_fraction, fppa_cutoff_deg,
pelvic_drop_cutoff_deg, filter_cutoff_hz, max_gap_s, fppa_noise_limit_deg,
min_hip_width_leg_lengths, narrow_hip_width_leg_lengths. Returns a dict of the result's
fields.)doc");

  m.def(
      "clinic_single_leg_squat_3d",
      [](const ArrayLike& hip_left_lab, const ArrayLike& hip_right_lab, const ArrayLike& knee_lab,
         const ArrayLike& ankle_lab, const ArrayLike& R_lab_pelvis, const SideLike& side,
         const LabAxes& lab, double rate_hz, double start_time_s, const py::dict& options) {
        const Side s = side_arg(side, "side");
        const SquatOptions o = squat_options(options);
        const TrajectoryArg hl(hip_left_lab, "hip_left_lab"), hr(hip_right_lab, "hip_right_lab"),
            kn(knee_lab, "knee_lab"), an(ankle_lab, "ankle_lab");
        const RotationsArg R(R_lab_pelvis, "R_lab_pelvis");
        clinic::SquatResult r;
        {
          py::gil_scoped_release release;
          r = clinic::single_leg_squat(
              clinic::squat_signals_3d(hl.map(), hr.map(), kn.map(), an.map(), R.map(), s, lab,
                                       rate_hz, start_time_s, o.baseline_s),
              s, o);
        }
        return squat_dict(std::move(r));
      },
      py::arg("hip_left_lab"), py::arg("hip_right_lab"), py::arg("knee_lab"), py::arg("ankle_lab"),
      py::arg("R_lab_pelvis"), py::arg("side"), py::arg("lab_axes"), py::arg("rate_hz"),
      py::arg("start_time_s"), py::arg("options"),
      R"doc(Single-leg squat from 3-D joint centres [m] and pelvis axes (n, 3, 3).
``options`` as clinic_single_leg_squat_2d. Returns a dict of the result's fields.)doc");
}

}  // namespace hipmech::bindings
