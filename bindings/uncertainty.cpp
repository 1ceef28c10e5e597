// Python bindings of the uncertainty area (issue 26): the model's published defaults, the
// marker noise from a trial's residuals, and uncertainty::propagate() run together with the
// nominal report::analyse in one call with the GIL released for both. Raw names carry an
// `uncertainty_` prefix; the friendly layer is python/hipmech/uncertainty.py (and the report's
// `uncertainty=` option, python/hipmech/report/_analysis.py).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "bind.hpp"
#include "hipmech/core/check.hpp"
#include "hipmech/core/detail/text.hpp"
#include "hipmech/report/analysis.hpp"
#include "hipmech/uncertainty/model.hpp"
#include "hipmech/uncertainty/propagation.hpp"
#include "owned.hpp"
#include "report_dict.hpp"
#include "trial.hpp"

namespace hipmech::bindings {

namespace {

namespace hu = hipmech::uncertainty;

constexpr const char* kSides[2] = {"left", "right"};

model::HipJointCentreMethod parse_hip_method(const std::string& text, const char* arg) {
  const std::string s = hipmech::detail::folded(text);
  if (s == "davis") return model::HipJointCentreMethod::Davis;
  if (s == "bell") return model::HipJointCentreMethod::Bell;
  if (s == "harrington") return model::HipJointCentreMethod::Harrington;
  if (s == "harrington_width_only" || s == "harrington-width-only") {
    return model::HipJointCentreMethod::HarringtonWidthOnly;
  }
  hipmech::detail::throw_invalid_argument(
      arg, "'davis', 'bell', 'harrington' or 'harrington_width_only'", "'" + text + "'");
}

const char* hip_method_name(model::HipJointCentreMethod m) {
  switch (m) {
    case model::HipJointCentreMethod::Bell:
      return "bell";
    case model::HipJointCentreMethod::Harrington:
      return "harrington";
    case model::HipJointCentreMethod::HarringtonWidthOnly:
      return "harrington_width_only";
    case model::HipJointCentreMethod::Davis:
      break;
  }
  return "davis";
}

hu::Method parse_method(const std::string& text) {
  const std::string s = hipmech::detail::folded(text);
  if (s == "monte_carlo" || s == "montecarlo" || s == "monte-carlo") return hu::Method::MonteCarlo;
  if (s == "linear") return hu::Method::Linear;
  hipmech::detail::throw_invalid_argument("method", "'monte_carlo' or 'linear'", "'" + text + "'");
}

/// A real number of the model dict (None: NaN, "take the default"); errors name model.<key>.
double model_number(const py::dict& d, const char* key) {
  const std::string arg = std::string("model.") + key;
  if (!d.contains(key)) {
    hipmech::detail::throw_invalid_argument(arg, "a number or None", "no such key");
  }
  const py::object v = d[key];
  if (v.is_none()) return std::numeric_limits<double>::quiet_NaN();
  if (py::isinstance<py::bool_>(v) ||
      !(py::isinstance<py::float_>(v) || py::isinstance<py::int_>(v))) {
    hipmech::detail::throw_invalid_argument(
        arg, "a number or None",
        "an object of type " +
            py::str(py::type::handle_of(v).attr("__name__")).cast<std::string>());
  }
  return v.cast<double>();
}

hu::UncertaintyModel model_from_dict(const py::dict& d) {
  hu::UncertaintyModel m;
  m.marker_noise_m = model_number(d, "marker_noise_m");
  m.marker_placement_sd_m = model_number(d, "marker_placement_sd_m");
  if (!d.contains("hip_centre_method")) {
    hipmech::detail::throw_invalid_argument("model.hip_centre_method", "a method name",
                                            "no such key");
  }
  m.hip_centre_method =
      parse_hip_method(d["hip_centre_method"].cast<std::string>(), "model.hip_centre_method");
  const py::object sd =
      d.contains("hip_centre_sd_m") ? py::object(d["hip_centre_sd_m"]) : py::object(py::none());
  if (sd.is_none()) {
    m.hip_centre_sd_m.setConstant(std::numeric_limits<double>::quiet_NaN());
  } else {
    const py::sequence seq = sd.cast<py::sequence>();
    if (seq.size() != 3) {
      hipmech::detail::throw_invalid_argument("model.hip_centre_sd_m",
                                              "3 SDs (anterior, superior, lateral) in m",
                                              std::to_string(seq.size()) + " values");
    }
    for (py::ssize_t i = 0; i < 3; ++i) {
      const py::object v = seq[static_cast<std::size_t>(i)];
      m.hip_centre_sd_m[i] =
          v.is_none() ? std::numeric_limits<double>::quiet_NaN() : v.cast<double>();
    }
  }
  m.hip_centre_side_correlation = model_number(d, "hip_centre_side_correlation");
  m.segment_mass_cv = model_number(d, "segment_mass_cv");
  m.segment_com_sd_fraction = model_number(d, "segment_com_sd_fraction");
  m.segment_gyration_cv = model_number(d, "segment_gyration_cv");
  m.segment_side_correlation = model_number(d, "segment_side_correlation");
  m.cop_sd_m = model_number(d, "cop_sd_m");
  m.knee_width_sd_m = model_number(d, "knee_width_sd_m");
  m.ankle_width_sd_m = model_number(d, "ankle_width_sd_m");
  m.leg_length_sd_m = model_number(d, "leg_length_sd_m");
  return m;
}

py::dict model_to_dict(const hu::UncertaintyModel& m) {
  py::dict d;
  d["marker_noise_m"] = m.marker_noise_m;
  d["marker_placement_sd_m"] = m.marker_placement_sd_m;
  d["hip_centre_method"] = hip_method_name(m.hip_centre_method);
  d["hip_centre_sd_m"] =
      py::make_tuple(m.hip_centre_sd_m[0], m.hip_centre_sd_m[1], m.hip_centre_sd_m[2]);
  d["hip_centre_side_correlation"] = m.hip_centre_side_correlation;
  d["segment_mass_cv"] = m.segment_mass_cv;
  d["segment_com_sd_fraction"] = m.segment_com_sd_fraction;
  d["segment_gyration_cv"] = m.segment_gyration_cv;
  d["segment_side_correlation"] = m.segment_side_correlation;
  d["cop_sd_m"] = m.cop_sd_m;
  d["knee_width_sd_m"] = m.knee_width_sd_m;
  d["ankle_width_sd_m"] = m.ankle_width_sd_m;
  d["leg_length_sd_m"] = m.leg_length_sd_m;
  d["notes"] = m.notes;
  return d;
}

py::dict value_dict(const hu::ValueUncertainty& v) {
  py::dict d;
  d["value"] = v.value;
  d["sd"] = v.sd;
  d["low"] = v.low;
  d["high"] = v.high;
  py::list share;
  for (double s : v.share) share.append(s);
  d["share"] = share;
  return d;
}

template <typename Band>
py::dict band_dict(Band&& b) {
  py::dict d;
  d["value"] = to_numpy(std::move(b.value));
  d["sd"] = to_numpy(std::move(b.sd));
  d["low"] = to_numpy(std::move(b.low));
  d["high"] = to_numpy(std::move(b.high));
  return d;
}

py::dict result_to_dict(hu::UncertaintyResult&& r) {
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const auto& curves = report::curve_info();
  const auto& quantities = report::quantity_info();
  py::dict d;
  d["method"] = std::string(hu::to_string(r.method));
  d["n_draws"] = r.n_draws;
  d["seed"] = r.seed;
  d["confidence"] = r.confidence;
  d["model"] = model_to_dict(r.model);
  py::dict frames, cycles;
  for (std::size_t k = 0; k < report::kCurveCount; ++k) {
    py::dict f, c;
    for (std::size_t i = 0; i < 2; ++i) {
      f[kSides[i]] = band_dict(std::move(r.frames[k][i]));
      c[kSides[i]] = band_dict(std::move(r.cycles[k][i]));
    }
    frames[curves[k].name] = f;
    cycles[curves[k].name] = c;
  }
  d["frames"] = frames;
  d["cycles"] = cycles;
  // stances[quantity]: value, sd, low, high (#stances,), share (#stances, #sources)
  const Eigen::Index n = static_cast<Eigen::Index>(r.stances.size());
  py::dict stances;
  for (std::size_t q = 0; q < report::kQuantityCount; ++q) {
    Eigen::VectorXd value(n), sd(n), low(n), high(n);
    RowMajor share(n, static_cast<Eigen::Index>(hu::kSourceCount));
    for (Eigen::Index i = 0; i < n; ++i) {
      const hu::ValueUncertainty& v = r.stances[static_cast<std::size_t>(i)][q];
      value[i] = v.value;
      sd[i] = v.sd;
      low[i] = v.low;
      high[i] = v.high;
      for (std::size_t s = 0; s < hu::kSourceCount; ++s) {
        share(i, static_cast<Eigen::Index>(s)) = v.share[s];
      }
    }
    py::dict one;
    one["value"] = to_numpy(std::move(value));
    one["sd"] = to_numpy(std::move(sd));
    one["low"] = to_numpy(std::move(low));
    one["high"] = to_numpy(std::move(high));
    one["share"] = to_numpy(std::move(share));
    stances[quantities[q].name] = one;
  }
  d["stances"] = stances;
  py::list summary;
  for (const hu::SummaryUncertainty& s : r.summary) {
    py::dict row;
    row["quantity"] = quantities[static_cast<std::size_t>(s.quantity)].name;
    for (std::size_t i = 0; i < 2; ++i) {
      row[py::str(std::string(kSides[i]) + "_mean")] = value_dict(s.side_mean[i]);
      row[py::str(std::string(kSides[i]) + "_mean_combined")] =
          py::make_tuple(s.side_mean_combined[i][0], s.side_mean_combined[i][1]);
    }
    row["difference"] = value_dict(s.difference);
    row["symmetry_index"] = value_dict(s.symmetry_index);
    row["symmetry_angle"] = value_dict(s.symmetry_angle);
    row["difference_combined"] = py::make_tuple(s.difference_combined[0], s.difference_combined[1]);
    row["symmetry_index_combined"] =
        py::make_tuple(s.symmetry_index_combined[0], s.symmetry_index_combined[1]);
    row["symmetry_angle_combined"] =
        py::make_tuple(s.symmetry_angle_combined[0], s.symmetry_angle_combined[1]);
    row["note"] = s.note;
    summary.append(row);
  }
  d["summary"] = summary;
  py::dict draws;
  for (std::size_t q = 0; q < report::kQuantityCount; ++q) {
    if (r.stance_draws[q].size() == 0 && r.stance_draws[q].rows() == 0) continue;
    draws[quantities[q].name] = to_numpy(RowMajor(r.stance_draws[q]));
  }
  d["stance_draws"] = draws;
  d["n_draws_failed"] = r.n_draws_failed;
  d["notes"] = r.notes;
  d["seconds"] = r.seconds;
  return d;
}

}  // namespace

void bind_uncertainty(py::module_& m) {
  py::tuple sources(hu::kSourceCount);
  for (std::size_t i = 0; i < hu::kSourceCount; ++i) {
    sources[i] = py::str(std::string(hu::to_string(static_cast<hu::Source>(i))));
  }
  m.attr("UNCERTAINTY_SOURCES") = sources;

  m.def(
      "uncertainty_hip_centre_error",
      [](const std::string& method) {
        const hu::HipCentreError& e = hu::hip_centre_error(parse_hip_method(method, "method"));
        py::dict d;
        d["sd_m"] = py::make_tuple(e.sd_m[0], e.sd_m[1], e.sd_m[2]);
        d["side_correlation"] = e.side_correlation;
        d["source"] = std::string(e.source);
        d["derivation"] = std::string(e.derivation);
        return d;
      },
      py::arg("method"),
      "Published error of a hip-joint-centre regression (hipmech::uncertainty::"
      "hip_centre_error): {'sd_m': (anterior, superior, lateral) SDs in m of the ISB pelvis "
      "frame, 'side_correlation': the left-right correlation's lower bound, 'source': citation, "
      "'derivation': how the numbers follow from the paper}.");

  m.def("uncertainty_default_marker_noise_m", &hu::default_marker_noise_m,
        "Default SD of the white noise of a marker coordinate when the file has no residuals "
        "[m] (hipmech::uncertainty::default_marker_noise_m).");

  m.def("uncertainty_max_monte_carlo_draws", &hu::max_monte_carlo_draws, py::arg("n_frames"),
        "The most Monte Carlo draws propagate takes for a trial of n_frames frames: "
        "min(100000, floor(2.5e8 / (12 (n_frames + 101)))), the per-draw curves kept within 1 GB "
        "(hipmech::uncertainty::max_monte_carlo_draws).");

  m.def(
      "uncertainty_marker_noise_from_residuals",
      [](const py::dict& trial) {
        const io::Trial t = trial_from_dict(trial);
        py::gil_scoped_release release;
        return hu::marker_noise_from_residuals(t);
      },
      py::arg("trial"),
      "The marker noise SD [m] from the trial's C3D residuals (median over the frames of the "
      "Plug-in Gait markers); NaN when the trial carries none "
      "(hipmech::uncertainty::marker_noise_from_residuals).");

  m.def(
      "uncertainty_resolve_model",
      [](const py::dict& model, const py::object& trial) {
        const hu::UncertaintyModel mo = model_from_dict(model);
        std::optional<io::Trial> t;
        if (!trial.is_none()) t = trial_from_dict(trial.cast<py::dict>());
        hu::UncertaintyModel resolved;
        {
          py::gil_scoped_release release;
          resolved = mo.resolved(t ? &*t : nullptr);
        }
        return model_to_dict(resolved);
      },
      py::arg("model"), py::arg("trial"),
      "The model dict with every None/NaN field replaced by its default or by the trial's "
      "residuals, and 'notes' saying where each number came from "
      "(hipmech::uncertainty::UncertaintyModel::resolved).");

  m.def(
      "uncertainty_propagate",
      [](const py::dict& trial, const py::list& plates, const py::object& static_trial,
         const py::object& static_plates, const py::object& body_mass_kg, Side reference,
         const py::object& cutoff_hz, Eigen::Index n_resamples, std::uint64_t seed,
         const std::string& moment_frame, const std::string& events, double events_merge_window_s,
         const py::dict& model, const std::string& method, Eigen::Index n_draws,
         std::uint64_t uncertainty_seed, int n_threads, double confidence, bool keep_draws) {
        const io::Trial t = trial_with_plates(trial, plates, "trial");
        std::optional<io::Trial> st;
        if (!static_trial.is_none()) {
          st = trial_with_plates(static_trial.cast<py::dict>(), static_plates.cast<py::list>(),
                                 "static");
        }
        const report::AnalysisOptions o =
            analysis_options(body_mass_kg, reference, cutoff_hz, n_resamples, seed, moment_frame,
                             events, events_merge_window_s);
        const hu::UncertaintyModel mo = model_from_dict(model);
        hu::PropagationOptions p;
        p.method = parse_method(method);
        p.n_draws = n_draws;
        p.seed = uncertainty_seed;
        p.n_threads = n_threads;
        p.confidence = confidence;
        p.keep_draws = keep_draws;
        report::TrialSummary nominal;
        hu::UncertaintyResult r;
        {
          py::gil_scoped_release release;
          const io::Trial* stp = st ? &*st : nullptr;
          nominal = report::analyse(t, o, stp);
          r = hu::propagate(t, nominal, o, mo, p, stp);
        }
        py::dict d;
        d["uncertainty"] = result_to_dict(std::move(r));
        d["nominal"] = summary_to_dict(std::move(nominal));
        return d;
      },
      py::arg("trial"), py::arg("plates"), py::arg("static_trial"), py::arg("static_plates"),
      py::arg("body_mass_kg"), py::arg("reference"), py::arg("cutoff_hz"), py::arg("n_resamples"),
      py::arg("seed"), py::arg("moment_frame"), py::arg("events"), py::arg("events_merge_window_s"),
      py::arg("model"), py::arg("method"), py::arg("n_draws"), py::arg("uncertainty_seed"),
      py::arg("n_threads"), py::arg("confidence"), py::arg("keep_draws"),
      "report::analyse and uncertainty::propagate of one trial, the GIL released for both: "
      "{'nominal': the dict of report_analyse, 'uncertainty': bands per frame and cycle, per "
      "stance, per summary row, the resolved model, notes}; hipmech.uncertainty.propagate and "
      "hipmech.report.analyse(uncertainty=...) build their results from it.");
}

}  // namespace hipmech::bindings
