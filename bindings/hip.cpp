// Python bindings of the hip area (flat in hipmech._core; the friendly layer is
// python/hipmech/hip.py). Raw names carry a `hip_` prefix.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <utility>
#include <vector>

#include "arguments.hpp"
#include "bind.hpp"
#include "dynamometer_setup.hpp"
#include "hipmech/hip.hpp"
#include "owned.hpp"

namespace hipmech::bindings {

namespace {

double number(const py::dict& d, const char* key, double fallback) {
  if (!d.contains(key) || d[key].is_none()) return fallback;
  return d[key].cast<double>();
}

Eigen::Vector2d point2(const py::dict& d, const char* key) {
  if (!d.contains(key) || d[key].is_none()) {
    return Eigen::Vector2d::Constant(std::numeric_limits<double>::quiet_NaN());
  }
  return fixed_arg<2, 1>(d[key], key);
}

hip::PauwelsInput pauwels_input(const py::dict& d) {
  hip::PauwelsInput in;
  in.body_mass_kg = number(d, "body_mass_kg", in.body_mass_kg);
  in.stance_limb_mass_fraction = number(d, "stance_limb_mass_fraction", in.stance_limb_mass_fraction);
  in.partial_body_lever_arm_m = number(d, "partial_body_lever_arm_m", in.partial_body_lever_arm_m);
  in.abductor_lever_arm_m = number(d, "abductor_lever_arm_m", in.abductor_lever_arm_m);
  in.abductor_angle_rad = number(d, "abductor_angle_rad", in.abductor_angle_rad);
  in.cane_force_n = number(d, "cane_force_n", in.cane_force_n);
  in.cane_lever_arm_m = number(d, "cane_lever_arm_m", in.cane_lever_arm_m);
  in.pelvic_drop_rad = number(d, "pelvic_drop_rad", in.pelvic_drop_rad);
  in.partial_body_com_height_m = number(d, "partial_body_com_height_m", in.partial_body_com_height_m);
  in.g_mps2 = number(d, "g_mps2", in.g_mps2);
  return in;
}

py::dict pauwels_dict(const hip::PauwelsResult& r) {
  py::dict d;
  d["body_weight_n"] = r.body_weight_n;
  d["partial_body_weight_n"] = r.partial_body_weight_n;
  d["abductor_force_n"] = r.abductor_force_n;
  d["hip_force_n"] = small_to_numpy(r.hip_force_n);
  d["hip_force_magnitude_n"] = r.hip_force_magnitude_n;
  d["hip_force_angle_rad"] = r.hip_force_angle_rad;
  d["abductor_force_bw"] = r.abductor_force_bw;
  d["hip_force_bw"] = r.hip_force_bw;
  d["abductor_force_per_partial"] = r.abductor_force_per_partial;
  d["hip_force_per_partial"] = r.hip_force_per_partial;
  d["partial_body_lever_arm_m"] = r.partial_body_lever_arm_m;
  d["abductor_lever_arm_m"] = r.abductor_lever_arm_m;
  d["abductor_angle_rad"] = r.abductor_angle_rad;
  return d;
}

hip::OnsetRule onset_rule(const std::string& text) {
  const std::string f = hipmech::detail::folded(text);
  if (f == "above_baseline") return hip::OnsetRule::AboveBaseline;
  if (f == "baseline_sd") return hip::OnsetRule::BaselineSd;
  if (f == "fraction_of_peak") return hip::OnsetRule::FractionOfPeak;
  if (f == "manual") return hip::OnsetRule::Manual;
  hipmech::detail::throw_invalid_argument(
      "onset_rule", "'above_baseline', 'baseline_sd', 'fraction_of_peak' or 'manual'",
      "'" + text + "'");
}

py::dict summary_dict(const hip::TrialSummary& t) {
  py::dict d;
  d["side"] = t.side;
  d["n_trials"] = t.n_trials;
  d["n_valid"] = t.n_valid;
  d["best"] = t.best;
  d["best_trial"] = t.best_trial;
  d["mean"] = t.mean;
  d["sd"] = t.sd;
  d["mean_best_two"] = t.mean_best_two;
  d["best_two_trials"] = py::make_tuple(t.best_two_trials[0], t.best_two_trials[1]);
  d["note"] = t.note;
  return d;
}

}  // namespace

void bind_hip(py::module_& m) {
  m.def(
      "hip_pauwels",
      [](const py::dict& input, const py::object& points) {
        const hip::PauwelsInput in = pauwels_input(input);
        if (points.is_none()) return pauwels_dict(hip::pauwels(in));
        const auto p = points.cast<py::dict>();
        hip::PauwelsPoints pts;
        pts.partial_body_com_m = point2(p, "partial_body_com_m");
        pts.abductor_origin_m = point2(p, "abductor_origin_m");
        pts.abductor_insertion_m = point2(p, "abductor_insertion_m");
        return pauwels_dict(hip::pauwels(in, pts));
      },
      py::arg("input"), py::arg("points") = py::none(),
      "Pauwels' single-leg-stance model (raw; use hipmech.hip.pauwels).");
  m.def(
      "hip_pauwels_defaults",
      []() {
        const hip::PauwelsInput in;
        py::dict d;
        d["stance_limb_mass_fraction"] = in.stance_limb_mass_fraction;
        d["partial_body_lever_arm_m"] = in.partial_body_lever_arm_m;
        d["abductor_lever_arm_m"] = in.abductor_lever_arm_m;
        d["abductor_angle_rad"] = in.abductor_angle_rad;
        d["partial_body_com_height_m"] = in.partial_body_com_height_m;
        d["g_mps2"] = in.g_mps2;
        return d;
      },
      "The defaults of PauwelsInput (Pauwels 1965 / Braune & Fischer).");
  m.def(
      "hip_cane_force_for_zero_abductor",
      [](const py::dict& input) { return hip::cane_force_for_zero_abductor_n(pauwels_input(input)); },
      py::arg("input"), "Cane force that makes the abductor force zero [N] (raw).");
  m.def(
      "hip_partial_body_lever_arm_from_hip_centres",
      &hip::partial_body_lever_arm_from_hip_centres, py::arg("hip_centre_distance_m"),
      py::arg("stance_limb_mass_fraction"),
      "Lever arm of the partial body weight from the inter-hip-centre distance [m] (raw).");
  m.def(
      "hip_abductor_line_from_points",
      [](const py::dict& points) {
        const hip::AbductorLine l = hip::abductor_line_from_points(
            point2(points, "origin_m"), point2(points, "insertion_m"));
        return py::make_tuple(l.lever_arm_m, l.angle_rad);
      },
      py::arg("points"), "Abductor lever arm and angle from origin and insertion (raw).");
  m.def(
      "hip_point_after_pelvic_drop",
      [](const py::dict& points, double drop) {
        return small_to_numpy(hip::point_after_pelvic_drop(point2(points, "point_m"), drop));
      },
      py::arg("points"), py::arg("pelvic_drop_rad"),
      "A frontal-plane point rotated by a contralateral pelvic drop about the hip (raw).");

  m.def(
      "hip_grf_lever_arm_moment",
      [](const ArrayLike& force_n, const ArrayLike& cop_m, const ArrayLike& joint_centre_m,
         const py::object& free_moment_nm, bool external) {
        const TrajectoryArg f(force_n, "force_n"), c(cop_m, "cop_m"),
            j(joint_centre_m, "joint_centre_m");
        Trajectory free;
        if (!free_moment_nm.is_none()) {
          free = TrajectoryArg(ArrayLike{free_moment_nm}, "free_moment_nm").map();
        } else {
          free.resize(0, 3);
        }
        Trajectory out;
        {
          py::gil_scoped_release release;
          out = hip::grf_lever_arm_moment(f.map(), c.map(), j.map(), free, external);
        }
        return to_numpy(std::move(out));
      },
      py::arg("force_n"), py::arg("cop_m"), py::arg("joint_centre_m"),
      py::arg("free_moment_nm") = py::none(), py::arg("external") = false,
      "Quasi-static joint moment of the ground reaction (raw; use "
      "hipmech.hip.grf_lever_arm_moment).");
  m.def(
      "hip_dynamometer_torque",
      [](const ArrayLike& force_n, const py::dict& setup) {
        const SeriesArg f(force_n, "force_n");
        const hip::DynamometerSetup s = setup_from_dict(setup);
        Series out;
        {
          py::gil_scoped_release release;
          out = hip::dynamometer_torque(f.map(), s);
        }
        return to_numpy(std::move(out));
      },
      py::arg("force_n"), py::arg("setup"),
      "Torque from a dynamometer force series [N m] (raw; use hipmech.hip.dynamometer_torque).");
  m.def(
      "hip_gravity_torque",
      [](const py::dict& setup) { return hip::gravity_torque_nm(setup_from_dict(setup)); },
      py::arg("setup"), "The gravity correction of a dynamometer setup [N m] (raw).");
  m.def(
      "hip_analyse_mvic",
      [](const ArrayLike& torque_nm, double rate_hz, double baseline_begin_s,
         double baseline_duration_s, const std::string& rule, double onset_threshold,
         Eigen::Index onset_sample, const std::vector<double>& plateau_windows_s,
         const std::vector<double>& rtd_windows_ms, double peak_rtd_window_ms) {
        const SeriesArg t(torque_nm, "torque_nm");
        hip::MvicOptions o;
        o.baseline_begin_s = baseline_begin_s;
        o.baseline_duration_s = baseline_duration_s;
        o.onset_rule = onset_rule(rule);
        o.onset_threshold = onset_threshold;
        o.onset_sample = onset_sample;
        o.plateau_windows_s = plateau_windows_s;
        o.rtd_windows_ms = rtd_windows_ms;
        o.peak_rtd_window_ms = peak_rtd_window_ms;
        hip::MvicResult r;
        {
          py::gil_scoped_release release;
          r = hip::analyse_mvic(t.map(), rate_hz, o);
        }
        py::dict d;
        d["peak_nm"] = r.peak_nm;
        d["peak_sample"] = r.peak_sample;
        d["peak_time_s"] = r.peak_time_s;
        py::list plateaus, rtd;
        for (const auto& p : r.plateaus) {
          plateaus.append(py::make_tuple(p.window_s, p.mean_nm, p.begin, p.end));
        }
        for (const auto& w : r.rtd) {
          rtd.append(py::make_tuple(w.window_ms, w.rtd_nm_per_s, w.torque_at_end_nm));
        }
        d["plateaus"] = plateaus;
        d["rtd"] = rtd;
        d["baseline_nm"] = r.baseline_nm;
        d["baseline_sd_nm"] = r.baseline_sd_nm;
        d["onset_level_nm"] = r.onset_level_nm;
        d["onset_sample"] = r.onset_sample;
        d["onset_time_s"] = r.onset_time_s;
        d["time_to_peak_s"] = r.time_to_peak_s;
        d["peak_rtd_nm_per_s"] = r.peak_rtd_nm_per_s;
        d["peak_rtd_begin"] = r.peak_rtd_begin;
        d["peak_rtd_window_s"] = r.peak_rtd_window_s;
        d["note"] = r.note;
        return d;
      },
      py::arg("torque_nm"), py::arg("rate_hz"), py::arg("baseline_begin_s"),
      py::arg("baseline_duration_s"), py::arg("onset_rule"), py::arg("onset_threshold"),
      py::arg("onset_sample"), py::arg("plateau_windows_s"), py::arg("rtd_windows_ms"),
      py::arg("peak_rtd_window_ms"),
      "Peak, plateaus, onset and rate of torque development (raw; use hipmech.hip.analyse_mvic).");
  m.def(
      "hip_summarise_sides",
      [](const std::vector<double>& left, const std::vector<double>& right) {
        const hip::SideTrials s = hip::summarise_sides(left, right);
        return py::make_tuple(summary_dict(s.left), summary_dict(s.right));
      },
      py::arg("left_values"), py::arg("right_values"),
      "Per-side best, mean and mean of the best two trials (raw).");
}

}  // namespace hipmech::bindings
