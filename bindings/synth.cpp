// Python bindings of the synth area (flat in hipmech._core; the friendly layer is
// python/hipmech/synth.py). Raw names carry a `synth_` prefix.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "arguments.hpp"
#include "bind.hpp"
#include "hipmech/synth.hpp"
#include "owned.hpp"
#include "trial.hpp"

namespace hipmech::bindings {

namespace {

py::tuple event_tuple(const events::GaitEvent& e) {
  return py::make_tuple(e.side, std::string(events::to_string(e.kind)), e.frame, e.time_s,
                        e.source);
}

py::dict stance_dict(const synth::WalkingStance& s) {
  py::dict d;
  d["side"] = s.side;
  d["stance"] = s.index;
  d["foot_strike_frame"] = s.foot_strike_frame;
  d["foot_off_frame"] = s.foot_off_frame;
  d["single_support_begin"] = s.single_support_begin;
  d["single_support_end"] = s.single_support_end;
  d["pelvic_drop_rad"] = s.pelvic_drop_rad;
  d["pelvic_drop_frame"] = s.pelvic_drop_frame;
  d["pelvic_drop_injected_rad"] = s.pelvic_drop_injected_rad;
  d["knee_valgus_rad"] = s.knee_valgus_rad;
  d["knee_valgus_frame"] = s.knee_valgus_frame;
  d["knee_valgus_injected_rad"] = s.knee_valgus_injected_rad;
  d["hip_adduction_rad"] = s.hip_adduction_rad;
  d["plate"] = s.plate;
  return d;
}

py::dict body_dict(const synth::WalkingBody& b) {
  py::dict d;
  d["height_m"] = b.height_m;
  d["leg_length_m"] = b.leg_length_m;
  d["inter_asis_distance_m"] = b.inter_asis_distance_m;
  d["asis_trochanter_distance_m"] = b.asis_trochanter_distance_m;
  d["knee_width_m"] = b.knee_width_m;
  d["ankle_width_m"] = b.ankle_width_m;
  d["marker_diameter_m"] = b.marker_diameter_m;
  d["pelvic_depth_m"] = b.pelvic_depth_m;
  d["psis_distance_m"] = b.psis_distance_m;
  d["thigh_length_m"] = b.thigh_length_m;
  d["shank_length_m"] = b.shank_length_m;
  d["foot_length_m"] = b.foot_length_m;
  d["ankle_height_m"] = b.ankle_height_m;
  return d;
}

}  // namespace

void bind_synth(py::module_& m) {
  m.def(
      "synth_walking",
      [](double body_mass_kg, double height_m, double speed_mps, int n_strides,
         double point_rate_hz, double analog_rate_hz, std::pair<double, double> pelvic_drop_rad,
         std::pair<double, double> knee_valgus_rad, double stride_time_cv,
         double variability_sd_rad, double marker_noise_m, std::uint64_t seed,
         bool plates_every_stance, const std::vector<std::pair<SideLike, int>>& plate_stances) {
        synth::WalkingSettings s;
        s.body_mass_kg = body_mass_kg;
        s.height_m = height_m;
        s.speed_mps = speed_mps;
        s.n_strides = n_strides;
        s.point_rate_hz = point_rate_hz;
        s.analog_rate_hz = analog_rate_hz;
        s.pelvic_drop_rad = {pelvic_drop_rad.first, pelvic_drop_rad.second};
        s.knee_valgus_rad = {knee_valgus_rad.first, knee_valgus_rad.second};
        s.stride_time_cv = stride_time_cv;
        s.variability_sd_rad = variability_sd_rad;
        s.marker_noise_m = marker_noise_m;
        s.seed = seed;
        s.plates_every_stance = plates_every_stance;
        for (std::size_t i = 0; i < plate_stances.size(); ++i) {
          const std::string arg = "plates[" + std::to_string(i) + "]";
          s.plate_stances.push_back(
              {side_arg(plate_stances[i].first, arg.c_str()), plate_stances[i].second});
        }
        synth::SyntheticWalking w;
        {
          py::gil_scoped_release release;
          w = synth::walking(s);
        }
        synth::WalkingTruth& t = w.truth;
        py::dict truth;
        py::list events, stances;
        for (const events::GaitEvent& e : t.events) events.append(event_tuple(e));
        for (const synth::WalkingStance& st : t.stances) stances.append(stance_dict(st));
        truth["events"] = events;
        truth["stances"] = stances;
        for (std::size_t k = 0; k < 2; ++k) {
          const std::string side = k == 0 ? "_left" : "_right";
          truth[("hip_angles" + side).c_str()] = to_numpy(std::move(t.hip_angles[k]));
          truth[("knee_angles" + side).c_str()] = to_numpy(std::move(t.knee_angles[k]));
          truth[("pelvis_angles_baker" + side).c_str()] = to_numpy(std::move(t.pelvis_angles_baker[k]));
          truth[("pelvis_angles_pig" + side).c_str()] = to_numpy(std::move(t.pelvis_angles_pig[k]));
        }
        truth["R_lab_pelvis"] = to_numpy(std::move(t.R_lab_pelvis));
        truth["body"] = body_dict(t.body);
        truth["stride_time_s"] = t.stride_time_s;
        truth["stride_length_m"] = t.stride_length_m;
        truth["mean_speed_mps"] = t.mean_speed_mps;
        truth["max_anchor_slide_m"] = t.max_anchor_slide_m;
        truth["max_stance_slide_m"] = t.max_stance_slide_m;
        py::dict out;
        out["trial"] = trial_to_dict(std::move(w.trial));
        out["truth"] = truth;
        return out;
      },
      py::arg("body_mass_kg"), py::arg("height_m"), py::arg("speed_mps"), py::arg("n_strides"),
      py::arg("point_rate_hz"), py::arg("analog_rate_hz"), py::arg("pelvic_drop_rad"),
      py::arg("knee_valgus_rad"), py::arg("stride_time_cv"), py::arg("variability_sd_rad"),
      py::arg("marker_noise_m"), py::arg("seed"), py::arg("plates_every_stance"),
      py::arg("plate_stances"),
      "Raw synthetic walking trial (hipmech::synth::walking): a dict with 'trial' (the dict\n"
      "io.Trial._from_core takes) and 'truth'. Per-side pairs are (left, right); use\n"
      "hipmech.synth.walking.");
}

}  // namespace hipmech::bindings
