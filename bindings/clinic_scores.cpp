// Python bindings of the clinic area's scores (see bindings/clinic.cpp): Y-Balance, hop tests,
// hip-abductor strength and programme change. Raw functions returning dicts; the friendly
// layer with its result classes is python/hipmech/clinic/_scores.py.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "arguments.hpp"
#include "bind.hpp"
#include "clinic_flag.hpp"
#include "dynamometer_setup.hpp"
#include "hipmech/clinic.hpp"

namespace hipmech::bindings {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// "max"/"best", "mean" or "mean_best_two"; InvalidArgument naming `arg` otherwise.
hip::TrialStatistic trial_statistic(const std::string& text, const char* arg) {
  const std::string f = hipmech::detail::folded(text);
  if (f == "max" || f == "best") return hip::TrialStatistic::Best;
  if (f == "mean") return hip::TrialStatistic::Mean;
  if (f == "mean_best_two") return hip::TrialStatistic::MeanOfBestTwo;
  hipmech::detail::throw_invalid_argument(arg, "'max' (or 'best'), 'mean' or 'mean_best_two'",
                                          "'" + text + "'");
}

std::optional<Side> optional_side(const std::optional<std::string>& text, const char* arg) {
  if (!text) return std::nullopt;
  return parse_side(*text, arg);
}

/// The trials under `key` in a dict of lists of floats (empty when absent).
std::vector<double> trials(const py::dict& d, const char* key) {
  if (!d.contains(key) || d[key].is_none()) return {};
  return d[key].cast<std::vector<double>>();
}

py::list strings(const std::vector<std::string>& v) {
  py::list out;
  for (const auto& s : v) out.append(s);
  return out;
}

py::dict y_side(const clinic::YBalanceSide& s) {
  py::dict reach, percent, n_valid;
  for (std::size_t d = 0; d < 3; ++d) {
    const std::string name(clinic::kReachDirectionNames[d]);
    reach[py::str(name)] = s.reach_cm[d];
    percent[py::str(name)] = s.reach_percent[d];
    n_valid[py::str(name)] = s.trials[d].n_valid;
  }
  py::dict out;
  out["limb_length_cm"] = s.limb_length_cm;
  out["reach_cm"] = reach;
  out["reach_percent"] = percent;
  out["composite_percent"] = s.composite_percent;
  out["n_valid_trials"] = n_valid;
  return out;
}

}  // namespace

void bind_clinic_scores(pybind11::module_& m) {
  m.def(
      "clinic_plausible_ranges",
      [] {
        const auto range = [](double low, double high) { return py::make_tuple(low, high); };
        py::dict y, hop, strength;
        y["limb_length_cm"] = range(clinic::kLimbLengthMinCm, clinic::kLimbLengthMaxCm);
        y["reach_cm"] = range(0.0, clinic::kReachMaxCm);
        y["reach_percent"] = range(clinic::kReachMinPercent, clinic::kReachMaxPercent);
        for (std::size_t i = 0; i < 4; ++i) {
          hop[py::str(std::string(clinic::kHopTestNames[i]))] = range(0.0, clinic::kHopMax[i]);
        }
        strength["body_mass_kg"] = range(0.0, clinic::kBodyMassMaxKg);
        strength["torque_nm_per_kg"] = range(0.0, clinic::kTorquePerKgMax);
        py::dict out;
        out["y_balance"] = y;
        out["hop_tests"] = hop;
        out["hip_abductor_strength"] = strength;
        return out;
      },
      "The plausible ranges of the clinic scores' inputs (raw; hipmech.clinic.PLAUSIBLE_RANGES).");

  m.def(
      "clinic_y_balance",
      [](const py::dict& left, const py::dict& right, double left_limb_length_cm,
         double right_limb_length_cm, bool one_limb_length, const std::string& trials_rule,
         double composite_cutoff_percent, double anterior_difference_cutoff_cm) {
        const auto reaches = [](const py::dict& d) {
          return clinic::YBalanceReaches{trials(d, "anterior"), trials(d, "posteromedial"),
                                         trials(d, "posterolateral")};
        };
        clinic::YBalanceOptions o;
        o.trials = trial_statistic(trials_rule, "trials");
        o.composite_cutoff_percent = composite_cutoff_percent;
        o.anterior_difference_cutoff_cm = anterior_difference_cutoff_cm;
        const clinic::YBalance y =
            one_limb_length
                ? clinic::y_balance(reaches(left), reaches(right), left_limb_length_cm, o)
                : clinic::y_balance(reaches(left), reaches(right), left_limb_length_cm,
                                    right_limb_length_cm, o);
        py::dict diff;
        for (std::size_t d = 0; d < 3; ++d) {
          diff[py::str(std::string(clinic::kReachDirectionNames[d]))] = y.difference_cm[d];
        }
        py::dict out;
        out["left"] = y_side(y.left);
        out["right"] = y_side(y.right);
        out["difference_cm"] = diff;
        out["composite_difference_percent"] = y.composite_difference_percent;
        out["flags"] = flag_list(y.flags);
        out["notes"] = strings(y.notes);
        return out;
      },
      py::arg("left"), py::arg("right"), py::arg("left_limb_length_cm"),
      py::arg("right_limb_length_cm"), py::arg("one_limb_length"), py::arg("trials"),
      py::arg("composite_cutoff_percent"), py::arg("anterior_difference_cutoff_cm"),
      "Y-Balance scores and flags (raw; use hipmech.clinic.y_balance).");

  m.def(
      "clinic_hop_tests",
      [](const py::dict& left, const py::dict& right, const std::optional<std::string>& involved,
         double lsi_cutoff_percent, const std::string& trials_rule) {
        const auto hops = [](const py::dict& d) {
          return clinic::HopTrials{trials(d, "single_cm"), trials(d, "triple_cm"),
                                   trials(d, "crossover_cm"), trials(d, "timed_6m_s")};
        };
        clinic::HopTestsOptions o;
        o.involved = optional_side(involved, "involved");
        o.lsi_cutoff_percent = lsi_cutoff_percent;
        o.trials = trial_statistic(trials_rule, "trials");
        const clinic::HopTests h = clinic::hop_tests(hops(left), hops(right), o);
        py::dict tests;
        for (std::size_t i = 0; i < 4; ++i) {
          const auto& t = h.tests[i];
          py::dict d;
          d["performed"] = t.performed;
          d["left"] = t.left;
          d["right"] = t.right;
          d["lsi_percent"] = t.lsi_percent;
          d["lsi_side"] = t.lsi_side;
          tests[py::str(std::string(clinic::kHopTestNames[i]))] = d;
        }
        py::dict out;
        out["tests"] = tests;
        out["flags"] = flag_list(h.flags);
        out["notes"] = strings(h.notes);
        return out;
      },
      py::arg("left"), py::arg("right"), py::arg("involved"), py::arg("lsi_cutoff_percent"),
      py::arg("trials"), "Hop-test LSIs and flags (raw; use hipmech.clinic.hop_tests).");

  m.def(
      "clinic_hip_abductor_strength",
      [](const std::vector<double>& left, const std::vector<double>& right,
         const std::string& quantity, const std::optional<py::dict>& setup, double body_mass_kg,
         const std::string& summary, const std::optional<std::string>& involved,
         double lsi_cutoff_percent) {
        clinic::AbductorStrengthOptions o;
        const std::string q = hipmech::detail::folded(quantity);
        if (q == "force_n") {
          o.quantity = clinic::StrengthQuantity::ForceN;
        } else if (q == "torque_nm") {
          o.quantity = clinic::StrengthQuantity::TorqueNm;
        } else {
          hipmech::detail::throw_invalid_argument("quantity", "'force_n' or 'torque_nm'",
                                                  "'" + quantity + "'");
        }
        if (setup) o.setup = setup_from_dict(*setup);
        o.body_mass_kg = body_mass_kg;
        o.summary = trial_statistic(summary, "summary");
        o.involved = optional_side(involved, "involved");
        o.lsi_cutoff_percent = lsi_cutoff_percent;
        const clinic::AbductorStrength a = clinic::hip_abductor_strength(left, right, o);
        py::dict out;
        out["torque_nm_trials"] =
            py::dict(py::arg("left") = a.torque_nm_left, py::arg("right") = a.torque_nm_right);
        out["torque_nm"] =
            py::dict(py::arg("left") = a.left_torque_nm, py::arg("right") = a.right_torque_nm);
        out["torque_nm_per_kg"] = py::dict(py::arg("left") = a.left_torque_nm_per_kg,
                                           py::arg("right") = a.right_torque_nm_per_kg);
        out["gravity_torque_nm"] = a.gravity_torque_nm;
        out["lsi_percent"] = a.lsi_percent;
        out["deficit_percent"] = a.deficit_percent;
        out["lsi_side"] = a.lsi_side;
        out["reference_side"] = a.reference_side;
        out["flags"] = flag_list(a.flags);
        out["notes"] = strings(a.notes);
        return out;
      },
      py::arg("left"), py::arg("right"), py::arg("quantity"), py::arg("setup"),
      py::arg("body_mass_kg"), py::arg("summary"), py::arg("involved"),
      py::arg("lsi_cutoff_percent"),
      "Hip-abductor strength, LSI and flag (raw; use hipmech.clinic.hip_abductor_strength).");

  m.def(
      "clinic_programme_change",
      [](double baseline, double follow_up, double sem, double icc, double sd, double mdc,
         bool higher_is_better, double confidence, const std::string& name,
         const std::string& unit) {
        clinic::ProgrammeChangeOptions o;
        o.error = clinic::MeasurementError{sem, icc, sd, mdc};
        o.higher_is_better = higher_is_better;
        o.confidence = confidence;
        o.name = name;
        o.unit = unit;
        const clinic::ProgrammeChange p = clinic::programme_change(baseline, follow_up, o);
        py::dict out;
        out["baseline"] = p.baseline;
        out["follow_up"] = p.follow_up;
        out["change"] = p.change;
        out["percent_change"] = p.percent_change;
        out["sem"] = p.sem;
        out["z"] = p.z;
        out["mdc"] = p.mdc;
        out["mdc_from"] = p.mdc_from;
        out["verdict"] = std::string(clinic::to_string(p.verdict));
        out["flags"] = flag_list(p.flags);
        out["notes"] = strings(p.notes);
        return out;
      },
      py::arg("baseline"), py::arg("follow_up"), py::arg("sem") = kNaN, py::arg("icc") = kNaN,
      py::arg("sd") = kNaN, py::arg("mdc") = kNaN, py::arg("higher_is_better") = true,
      py::arg("confidence") = 0.95, py::arg("name") = "value", py::arg("unit") = "",
      "Change against the minimal detectable change (raw; use hipmech.clinic.programme_change).");
}

}  // namespace hipmech::bindings
