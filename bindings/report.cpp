// Python binding of report::analyse: the whole per-trial analysis in one call (GIL released);
// python/hipmech/report/_analysis.py turns the dict into DataFrames and adds the flags.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>

#include "bind.hpp"
#include "hipmech/dynamics/moment_frames.hpp"
#include "hipmech/report/analysis.hpp"
#include "owned.hpp"
#include "pig_parameters.hpp"
#include "report_dict.hpp"
#include "trial.hpp"

namespace hipmech::bindings {

io::Trial trial_with_plates(const py::dict& trial, const py::list& plates, const std::string& arg) {
  io::Trial t = trial_from_dict(trial);
  for (std::size_t i = 0; i < plates.size(); ++i) {
    t.force_plates.push_back(
        plate_from_python(plates[i], arg + ".force_plates[" + std::to_string(i) + "]"));
  }
  return t;
}

report::AnalysisOptions analysis_options(const py::object& body_mass_kg, Side reference,
                                         const py::object& cutoff_hz, Eigen::Index n_resamples,
                                         std::uint64_t seed, const std::string& moment_frame,
                                         const std::string& events, double events_merge_window_s) {
  report::AnalysisOptions o;
  if (!body_mass_kg.is_none()) o.body_mass_kg = body_mass_kg.cast<double>();
  o.reference = reference;
  if (cutoff_hz.is_none()) {
    o.cutoff_hz.reset();
  } else {
    o.cutoff_hz = cutoff_hz.cast<double>();
  }
  o.n_resamples = n_resamples;
  o.seed = seed;
  o.moment_frame = dynamics::parse_moment_frame(moment_frame, "moment_frame");
  o.events = report::parse_events_mode(events, "events");
  o.events_merge_window_s = events_merge_window_s;
  return o;
}

namespace {

py::dict side_dict(const report::SideStatistics& s, const char* side, py::dict d) {
  const std::string p(side);
  d[py::str(p + "_n")] = s.n;
  d[py::str(p + "_missing")] = s.n_missing;
  d[py::str(p + "_mean")] = s.mean;
  d[py::str(p + "_sd")] = s.sd;
  d[py::str(p + "_ci_low")] = s.ci_low;
  d[py::str(p + "_ci_high")] = s.ci_high;
  return d;
}

}  // namespace

py::dict summary_to_dict(report::TrialSummary&& r) {
  const char* sides[2] = {"left", "right"};
  py::dict d;
  d["body_mass_kg"] = r.body_mass_kg;
  d["body_mass_source"] = r.body_mass_source;
  d["events_source"] = r.events_source;
  d["events_mode"] = std::string(report::to_string(r.events_mode));
  d["point_rate_hz"] = r.point_rate_hz;
  d["events_merge_window_s"] = r.events_merge_window_s;
  d["n_frames"] = r.n_frames;
  d["parameters"] = parameters_to_dict(r.parameters);
  py::list events;
  for (const auto& e : r.events) {
    events.append(py::make_tuple(e.side, std::string(events::to_string(e.kind)), e.frame,
                                 e.time_s, e.source));
  }
  d["events"] = events;
  py::list stances;
  const auto& q = report::quantity_info();
  for (const report::StanceRow& s : r.stances) {
    py::dict row;
    row["side"] = std::string(to_string(s.side));
    row["stance"] = s.stance;
    row["foot_strike_frame"] = s.foot_strike_frame;
    row["foot_off_frame"] = s.foot_off_frame;
    row["foot_strike_time_s"] = s.foot_strike_time_s;
    row["foot_off_time_s"] = s.foot_off_time_s;
    row["foot_strike_source"] = s.foot_strike_source;
    row["foot_off_source"] = s.foot_off_source;
    row["single_support_begin"] =
        s.single_support_begin >= 0 ? py::object(py::int_(s.single_support_begin)) : py::none();
    row["single_support_end"] =
        s.single_support_end >= 0 ? py::object(py::int_(s.single_support_end)) : py::none();
    for (std::size_t k = 0; k < report::kQuantityCount; ++k) row[q[k].name] = s.value[k];
    row["pelvic_drop_peak_percent_stance"] = s.pelvic_drop_peak_percent_stance;
    row["note"] = s.note;
    stances.append(row);
  }
  d["stances"] = stances;
  py::list summary;
  for (const report::SummaryRow& s : r.summary) {
    py::dict row;
    row["quantity"] = q[static_cast<std::size_t>(s.quantity)].name;
    row = side_dict(s.left, "left", row);
    row = side_dict(s.right, "right", row);
    row["difference"] = s.difference.value;
    row["difference_ci_low"] = s.difference.ci_low;
    row["difference_ci_high"] = s.difference.ci_high;
    row["si_percent"] = s.symmetry_index.value;
    row["si_ci_low"] = s.symmetry_index.ci_low;
    row["si_ci_high"] = s.symmetry_index.ci_high;
    row["sa_percent"] = s.symmetry_angle.value;
    row["sa_ci_low"] = s.symmetry_angle.ci_low;
    row["sa_ci_high"] = s.symmetry_angle.ci_high;
    summary.append(row);
  }
  d["summary"] = summary;
  py::dict curves, cycles, foot_off, moments;
  const auto& c = report::curve_info();
  for (std::size_t k = 0; k < report::kCurveCount; ++k) {
    py::dict per_side;
    for (std::size_t i = 0; i < 2; ++i) per_side[sides[i]] = to_numpy(std::move(r.curves.data[k][i]));
    curves[c[k].name] = per_side;
  }
  for (std::size_t i = 0; i < 2; ++i) {
    py::list list;
    for (const auto& [b, e] : r.curves.cycles[i]) list.append(py::make_tuple(b, e));
    cycles[sides[i]] = list;
    foot_off[sides[i]] = r.curves.foot_off_percent[i];
    moments[sides[i]] = r.moments_available[i];
  }
  d["curves"] = curves;
  d["cycles"] = cycles;
  d["foot_off_percent"] = foot_off;
  d["moments_available"] = moments;
  py::dict crosstalk;
  for (std::size_t i = 0; i < 2; ++i) {
    const knee::FlexionCrosstalk& k = r.knee_crosstalk[i];
    py::dict check;
    check["judged"] = k.judged;
    check["suspected"] = k.suspected;
    check["correlation"] = k.correlation;
    check["frontal_range_deg"] = k.frontal_range_rad * 180.0 / 3.14159265358979323846;
    check["flexion_range_deg"] = k.flexion_range_rad * 180.0 / 3.14159265358979323846;
    check["misalignment_deg"] = k.misalignment_rad * 180.0 / 3.14159265358979323846;
    check["frames"] = k.frames;
    check["note"] = k.note;
    crosstalk[sides[i]] = check;
  }
  d["knee_crosstalk"] = crosstalk;
  d["notes"] = r.notes;
  return d;
}

void bind_report(py::module_& m) {
  m.def(
      "report_analyse",
      [](const py::dict& trial, const py::list& plates, const py::object& static_trial,
         const py::object& static_plates, const py::object& body_mass_kg, Side reference,
         const py::object& cutoff_hz, Eigen::Index n_resamples, std::uint64_t seed,
         const std::string& moment_frame, const std::string& events, double events_merge_window_s) {
        const io::Trial t = trial_with_plates(trial, plates, "trial");
        std::optional<io::Trial> st;
        if (!static_trial.is_none()) {
          st = trial_with_plates(static_trial.cast<py::dict>(), static_plates.cast<py::list>(),
                                 "static");
        }
        const report::AnalysisOptions o =
            analysis_options(body_mass_kg, reference, cutoff_hz, n_resamples, seed, moment_frame,
                             events, events_merge_window_s);
        report::TrialSummary r;
        {
          py::gil_scoped_release release;
          r = report::analyse(t, o, st ? &*st : nullptr);
        }
        return summary_to_dict(std::move(r));
      },
      py::arg("trial"), py::arg("plates"), py::arg("static_trial"), py::arg("static_plates"),
      py::arg("body_mass_kg"), py::arg("reference"), py::arg("cutoff_hz"), py::arg("n_resamples"),
      py::arg("seed"), py::arg("moment_frame"), py::arg("events") = "auto",
      py::arg("events_merge_window_s") = 0.3,
      "The per-trial hip analysis (hipmech::report::analyse) as a dict of plain values, lists "
      "and numpy arrays; hipmech.report.analyse builds its TrialReport from it.");
}

}  // namespace hipmech::bindings
