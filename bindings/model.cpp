// Python bindings of the model area (flat in hipmech._core; the friendly layer is
// python/hipmech/model.py, which turns the dicts returned here into dataclasses).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <string>

#include "arguments.hpp"
#include "bind.hpp"
#include "hipmech/model.hpp"
#include "markers.hpp"
#include "owned.hpp"
#include "pig_parameters.hpp"
#include "rotations.hpp"
#include "trial.hpp"

namespace hipmech::bindings {

namespace {

py::tuple frames_to_python(geometry::SegmentFrames&& frames) {
  return py::make_tuple(to_numpy(std::move(frames.origin)),
                        rotations_to_numpy(std::move(frames.R_lab_segment)));
}

model::PelvisRear parse_rear(const std::string& text) {
  const std::string s = hipmech::detail::folded(text);
  if (s == "auto") return model::PelvisRear::Auto;
  if (s == "sacr" || s == "sacrum") return model::PelvisRear::Sacrum;
  if (s == "psis") return model::PelvisRear::Psis;
  hipmech::detail::throw_invalid_argument("pelvis_rear", "'auto', 'sacrum' or 'psis'",
                                          "'" + text + "'");
}

model::HipJointCentreMethod parse_method(const std::string& text) {
  const std::string s = hipmech::detail::folded(text);
  if (s == "davis") return model::HipJointCentreMethod::Davis;
  if (s == "bell") return model::HipJointCentreMethod::Bell;
  if (s == "harrington") return model::HipJointCentreMethod::Harrington;
  if (s == "harrington_width_only" || s == "harrington-width-only") {
    return model::HipJointCentreMethod::HarringtonWidthOnly;
  }
  hipmech::detail::throw_invalid_argument(
      "method", "'davis', 'bell', 'harrington' or 'harrington_width_only'", "'" + text + "'");
}

const char* side_key(std::size_t i) { return i == 0 ? "left" : "right"; }

}  // namespace

void bind_model(py::module_& m) {
  m.def(
      "model_plug_in_gait",
      [](const py::dict& markers, const py::dict& parameters, const std::string& pelvis_rear,
         bool feet) {
        const MarkersArg arg(markers, "markers");
        const model::PigParameters p = parameters_from_dict(parameters);
        model::PigOptions options;
        options.pelvis_rear = parse_rear(pelvis_rear);
        options.feet = feet;
        model::PigLowerBody body;
        {
          py::gil_scoped_release release;
          body = model::plug_in_gait(arg.markers(), p, options);
        }
        py::dict out;
        out["pelvis"] = frames_to_python(std::move(body.pelvis));
        for (std::size_t i = 0; i < 2; ++i) {
          const std::string s = side_key(i);
          out[("thigh_" + s).c_str()] = frames_to_python(std::move(body.thigh[i]));
          out[("shank_" + s).c_str()] = frames_to_python(std::move(body.shank[i]));
          out[("shank_malleolar_" + s).c_str()] =
              frames_to_python(std::move(body.shank_malleolar[i]));
          if (feet) out[("foot_" + s).c_str()] = frames_to_python(std::move(body.foot[i]));
          out[("hip_centre_" + s).c_str()] = to_numpy(std::move(body.hip_centre[i]));
          out[("knee_centre_" + s).c_str()] = to_numpy(std::move(body.knee_centre[i]));
          out[("ankle_centre_" + s).c_str()] = to_numpy(std::move(body.ankle_centre[i]));
        }
        out["parameters"] = parameters_to_dict(body.parameters);
        out["notes"] = body.notes;
        return out;
      },
      py::arg("markers"), py::arg("parameters"), py::arg("pelvis_rear") = "auto",
      py::arg("feet") = true,
      R"doc(Plug-in Gait lower body (raw; use hipmech.model.plug_in_gait).

Returns a dict: 'pelvis', 'thigh_left', ... as (origin (n, 3) [m], R_lab_segment (n, 3, 3)),
'hip_centre_left', ... as (n, 3) [m], 'parameters' (the parameters used) and 'notes'.)doc");

  m.def(
      "model_pig_parameters_from_subject",
      [](const py::dict& subject) {
        return parameters_to_dict(model::PigParameters::from_subject(subject_from_dict(subject)));
      },
      py::arg("subject"),
      "Plug-in Gait parameters from a subject-parameters dict, with notes (raw; use "
      "hipmech.model.PigParameters.from_subject).");

  m.def(
      "model_plug_in_gait_static",
      [](const py::dict& markers, const py::dict& parameters, const std::string& pelvis_rear,
         std::array<bool, 2> flat_foot, const std::string& up) {
        const MarkersArg arg(markers, "static_markers");
        const model::PigParameters p = parameters_from_dict(parameters);
        model::PigStaticOptions options;
        options.pelvis_rear = parse_rear(pelvis_rear);
        options.flat_foot = flat_foot;
        options.up = parse_signed_axis(up, "up");
        model::PigParameters out;
        {
          py::gil_scoped_release release;
          out = model::plug_in_gait_static(arg.markers(), p, options);
        }
        return parameters_to_dict(out);
      },
      py::arg("static_markers"), py::arg("parameters"), py::arg("pelvis_rear") = "auto",
      py::arg("flat_foot") = std::array<bool, 2>{false, false}, py::arg("up") = "+Z",
      "Plug-in Gait static calibration (raw; use hipmech.model.plug_in_gait_static).");

  m.def(
      "model_bone_marker_frames",
      [](const py::dict& markers, const std::string& bone) {
        const MarkersArg arg(markers, "markers");
        geometry::SegmentFrames frames;
        {
          py::gil_scoped_release release;
          frames = model::bone_marker_frames(arg.markers(), bone);
        }
        return frames_to_python(std::move(frames));
      },
      py::arg("markers"), py::arg("bone"),
      "Segment frames (ISB axes) from Plug-in Gait bone markers {bone}O/A/P (raw; use "
      "hipmech.model.bone_marker_frames).");

  m.def(
      "model_isb_lower_body",
      [](const py::dict& markers, const std::string& method, std::array<double, 2> leg_length_m,
         std::array<double, 2> asis_trochanter_distance_m, double marker_diameter_m,
         const std::string& pelvis_rear, const std::array<std::string, 4>& names) {
        const MarkersArg arg(markers, "markers");
        model::IsbOptions options;
        options.hip_joint_centre = parse_method(method);
        options.leg_length_m = leg_length_m;
        options.asis_trochanter_distance_m = asis_trochanter_distance_m;
        options.marker_diameter_m = marker_diameter_m;
        options.pelvis_rear = parse_rear(pelvis_rear);
        options.names = {names[0], names[1], names[2], names[3]};
        model::IsbLowerBody body;
        {
          py::gil_scoped_release release;
          body = model::isb_lower_body(arg.markers(), options);
        }
        py::dict out;
        out["pelvis"] = frames_to_python(std::move(body.pelvis));
        for (std::size_t i = 0; i < 2; ++i) {
          const std::string s = side_key(i);
          out[("femur_" + s).c_str()] = frames_to_python(std::move(body.femur[i]));
          out[("tibia_" + s).c_str()] = frames_to_python(std::move(body.tibia[i]));
          out[("hip_centre_" + s).c_str()] = to_numpy(std::move(body.hip_centre[i]));
          out[("hip_centre_pelvis_" + s).c_str()] = small_to_numpy(body.hip_centre_pelvis[i]);
        }
        out["inter_asis_distance_m"] = body.inter_asis_distance_m;
        out["pelvic_depth_m"] = body.pelvic_depth_m;
        return out;
      },
      py::arg("markers"), py::arg("method"), py::arg("leg_length_m"),
      py::arg("asis_trochanter_distance_m"), py::arg("marker_diameter_m"),
      py::arg("pelvis_rear"), py::arg("names"),
      "ISB lower body (raw; use hipmech.model.isb_lower_body).");

  m.def(
      "model_hip_joint_centre",
      [](const std::string& method, const SideLike& side, double inter_asis_distance_m,
         double pelvic_depth_m, double leg_length_m, double mean_leg_length_m,
         double asis_trochanter_distance_m, double marker_radius_m) {
        const Side s = side_arg(side, "side");
        switch (parse_method(method)) {
          case model::HipJointCentreMethod::Bell:
            return small_to_numpy(model::bell_hip_joint_centre(inter_asis_distance_m, s));
          case model::HipJointCentreMethod::HarringtonWidthOnly:
            return small_to_numpy(
                model::harrington_width_only_hip_joint_centre(inter_asis_distance_m, s));
          case model::HipJointCentreMethod::Harrington:
            return small_to_numpy(model::harrington_hip_joint_centre(
                inter_asis_distance_m, pelvic_depth_m, leg_length_m, s));
          case model::HipJointCentreMethod::Davis:
            break;
        }
        return small_to_numpy(model::davis_hip_joint_centre(
            mean_leg_length_m, inter_asis_distance_m, asis_trochanter_distance_m,
            marker_radius_m, s));
      },
      py::arg("method"), py::arg("side"), py::arg("inter_asis_distance_m"),
      py::arg("pelvic_depth_m"), py::arg("leg_length_m"), py::arg("mean_leg_length_m"),
      py::arg("asis_trochanter_distance_m"), py::arg("marker_radius_m"),
      "Hip joint centre in the ISB pelvis frame [m] (raw; use hipmech.model.hip_joint_centre).");

  m.def(
      "model_chord_function",
      [](const ArrayLike& wand, const ArrayLike& proximal_centre, const ArrayLike& lateral,
         double offset_m, double rotation_rad) {
        const TrajectoryArg a(wand, "wand"), b(proximal_centre, "proximal_centre"),
            c(lateral, "lateral");
        Trajectory out;
        {
          py::gil_scoped_release release;
          out = model::chord_function(a.map(), b.map(), c.map(), offset_m, rotation_rad);
        }
        return to_numpy(std::move(out));
      },
      py::arg("wand"), py::arg("proximal_centre"), py::arg("lateral"), py::arg("offset_m"),
      py::arg("rotation_rad") = 0.0,
      "Plug-in Gait chord function (raw; use hipmech.model.chord_function).");

  m.def(
      "model_chord_rotation",
      [](const SideLike& side, double offset_rad) {
        return model::chord_rotation(side_arg(side, "side"), offset_rad);
      },
      py::arg("side"), py::arg("offset_rad"),
      "Plug-in Gait's thigh/shank rotation offset as chord_function's rotation_rad (raw; use "
      "hipmech.model.chord_rotation).");

  m.def(
      "model_joint_angles",
      [](const ArrayLike& R_lab_proximal, const ArrayLike& R_lab_distal, const SideLike& side,
         const std::string& joint) {
        const model::Joint j = model::parse_joint(joint, "joint");
        const RotationsArg proximal(R_lab_proximal, "R_lab_proximal");
        const RotationsArg distal(R_lab_distal, "R_lab_distal");
        const Side s = side_arg(side, "side");
        Trajectory out;
        {
          py::gil_scoped_release release;
          out = model::joint_angles(proximal.map(), distal.map(), s, j);
        }
        return to_numpy(std::move(out));
      },
      py::arg("R_lab_proximal"), py::arg("R_lab_distal"), py::arg("side"), py::arg("joint"),
      "Clinical hip, knee or ankle angles (raw; use hipmech.model.joint_angles).");

  m.def(
      "model_pig_ankle_angles",
      [](const ArrayLike& R_lab_shank_malleolar, const ArrayLike& R_lab_foot,
         const SideLike& side) {
        const RotationsArg shank(R_lab_shank_malleolar, "R_lab_shank_malleolar");
        const RotationsArg foot(R_lab_foot, "R_lab_foot");
        const Side s = side_arg(side, "side");
        Trajectory out;
        {
          py::gil_scoped_release release;
          out = model::plug_in_gait_ankle_angles(shank.map(), foot.map(), s);
        }
        return to_numpy(std::move(out));
      },
      py::arg("R_lab_shank_malleolar"), py::arg("R_lab_foot"), py::arg("side"),
      "Plug-in Gait ankle angles (raw; use hipmech.model.PigLowerBody.ankle_angles).");

  m.def(
      "model_pig_foot_progression_angles",
      [](const ArrayLike& R_lab_progression, const ArrayLike& R_lab_foot, const SideLike& side) {
        const RotationsArg foot(R_lab_foot, "R_lab_foot");
        const Eigen::Matrix3d P = fixed_arg<3, 3>(R_lab_progression.obj, "R_lab_progression");
        const Side s = side_arg(side, "side");
        Trajectory out;
        {
          py::gil_scoped_release release;
          out = model::plug_in_gait_foot_progression_angles(P, foot.map(), s);
        }
        return to_numpy(std::move(out));
      },
      py::arg("R_lab_progression"), py::arg("R_lab_foot"), py::arg("side"),
      "Plug-in Gait foot progression angles (raw; use "
      "hipmech.model.PigLowerBody.foot_progression_angles).");
}

}  // namespace hipmech::bindings
