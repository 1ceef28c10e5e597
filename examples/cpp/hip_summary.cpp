// hipmech_hip_summary: the per-trial hip summary of a Plug-in Gait C3D trial, for C++ users.
//
//   hipmech_hip_summary TRIAL.c3d [--mass KG] [--reference left|right] [--csv]
//
// The same pipeline as the Python report (hipmech.report.analyse; the shared spec of issue 8):
//  1. read the C3D; body mass from --mass, else the file's subject parameters;
//  2. markers low-passed (zero-lag Butterworth, order 2 per pass, 6 Hz, each gap-free run on its
//     own: NaN gaps stay NaN);
//  3. Plug-in Gait lower body on the filtered markers (subject parameters from the file);
//  4. gait events: the file's foot strikes / foot offs when it has some for both feet, else the
//     force-plate events plus kinematic (Zeni) events where no plate saw that event;
//  5. pelvis angles (Baker's rotation-obliquity-tilt, progression frame) and the contralateral
//     pelvic drop of every stance;
//  6. per stance: the peak pelvic drop, knee valgus, hip adduction [deg] and internal hip
//     abduction moment [N m/kg] (inverse dynamics, 6 Hz for markers and plates);
//  7. per side: n, missing, mean, SD (n - 1);
//  8. Robinson's symmetry index and Zifchock's symmetry angle of the two side means with 95 %
//     percentile bootstrap CIs (2000 resamples, seed 1: the resamples Python draws).
// Bad input (no file, no mass, bad flag) prints a message on stderr and exits with 2.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <hipmech/dynamics/lower_limb.hpp>
#include <hipmech/events/file_events.hpp>
#include <hipmech/events/force_plate_events.hpp>
#include <hipmech/events/kinematic_events.hpp>
#include <hipmech/events/windows.hpp>
#include <hipmech/io/c3d.hpp>
#include <hipmech/knee/knee_angles.hpp>
#include <hipmech/model/joint_angles.hpp>
#include <hipmech/model/plug_in_gait.hpp>
#include <hipmech/pelvis/pelvic_drop.hpp>
#include <hipmech/pelvis/pelvis_angles.hpp>
#include <hipmech/pelvis/progression.hpp>
#include <hipmech/signal/zero_lag.hpp>
#include <hipmech/stats/asymmetry.hpp>
#include <hipmech/stats/bootstrap.hpp>
#include <hipmech/stats/descriptive.hpp>
#include <hipmech/version.hpp>

namespace {

namespace hm = hipmech;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = 3.14159265358979323846;
constexpr double kDegPerRad = 180.0 / kPi;  // numpy.degrees: x * (180 / pi)

// Settings of the spec (the defaults of hipmech.report.analyse).
constexpr double kCutoffHz = 6.0;
constexpr int kFilterOrder = 2;
constexpr Eigen::Index kResamples = 2000;
constexpr std::uint64_t kSeed = 1;
constexpr double kConfidence = 0.95;
// A kinematic event is added only when no force-plate event of the same foot and kind lies
// within this time of it [s] (Zeni's own minimum separation of two events of one kind).
constexpr double kMergeToleranceS = 0.3;

/// A bad command line: usage on stderr, exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const char* const kUsage =
    "usage: hipmech_hip_summary TRIAL.c3d [--mass KG] [--reference left|right] [--csv]\n"
    "  TRIAL.c3d          a Plug-in Gait trial (markers, subject parameters, force plates)\n"
    "  --mass KG          body mass [kg]; default: the file's subject mass\n"
    "  --reference SIDE   reference limb of the asymmetry indices (default left)\n"
    "  --csv              print the summary as CSV (full precision) instead of text\n";

struct Options {
  std::string path;
  std::optional<double> mass_kg;
  hm::Side reference = hm::Side::Left;
  bool csv = false;
  bool help = false;
};

double parse_mass(const std::string& text) {
  std::size_t used = 0;
  double v = kNaN;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !std::isfinite(v) || v <= 0.0) {
    throw UsageError("argument '--mass': expected a positive body mass in kg, got '" + text + "'");
  }
  return v;
}

Options parse_options(int argc, char** argv) {
  Options o;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    std::optional<std::string> value;
    if (a.rfind("--", 0) == 0 && a.find('=') != std::string::npos) {
      value = a.substr(a.find('=') + 1);
      a = a.substr(0, a.find('='));
    }
    auto take_value = [&]() {
      if (value) return *value;
      if (i + 1 >= args.size())
        throw UsageError("argument '" + a + "': expected a value, got none");
      return args[++i];
    };
    if (a == "-h" || a == "--help") {
      o.help = true;
    } else if (a == "--csv") {
      if (value) throw UsageError("argument '--csv': takes no value, got '" + *value + "'");
      o.csv = true;
    } else if (a == "--mass") {
      o.mass_kg = parse_mass(take_value());
    } else if (a == "--reference") {
      const std::string v = take_value();
      if (v == "left") {
        o.reference = hm::Side::Left;
      } else if (v == "right") {
        o.reference = hm::Side::Right;
      } else {
        throw UsageError("argument '--reference': expected 'left' or 'right', got '" + v + "'");
      }
    } else if (a.size() > 1 && a[0] == '-') {
      throw UsageError("unknown option '" + args[i] + "'");
    } else if (o.path.empty()) {
      o.path = a;
    } else {
      throw UsageError("one trial expected, got '" + o.path + "' and '" + a + "'");
    }
  }
  if (o.path.empty() && !o.help)
    throw UsageError("argument 'TRIAL.c3d': expected a C3D file, got none");
  return o;
}

const char* side_name(hm::Side s) {
  return s == hm::Side::Left ? "left" : "right";
}
std::size_t side_index(hm::Side s) {
  return s == hm::Side::Left ? 0 : 1;
}
constexpr std::array<hm::Side, 2> kSides = {hm::Side::Left, hm::Side::Right};

// ---------------------------------------------------------------------------------------------
// Events (spec step 4)

struct EventChoice {
  std::vector<hm::events::GaitEvent> events;
  std::string source;  // for the notes
  std::vector<std::string> notes;
};

bool has_both_sides(const std::vector<hm::events::GaitEvent>& ev) {
  bool seen[2] = {false, false};
  for (const auto& e : ev) seen[side_index(e.side)] = true;
  return seen[0] && seen[1];
}

EventChoice choose_events(const hm::io::Trial& trial) {
  EventChoice out;
  hm::events::FileEvents file = hm::events::from_trial_events(trial);
  if (has_both_sides(file.events)) {
    out.events = std::move(file.events);
    out.source =
        "the file's foot strike / foot off events (" + std::to_string(out.events.size()) + ")";
    return out;
  }
  // No usable file events: force plates, then Zeni's kinematic events where no plate event of
  // the same foot and kind is within kMergeToleranceS (plates cover few strides; Zeni's
  // strikes are biased on stairs, so a plate event wins where both exist).
  std::vector<hm::events::GaitEvent> plate_events;
  std::size_t n_rejected = 0;
  if (!trial.force_plates.empty()) {
    try {
      hm::events::ForcePlateEvents fp = hm::events::from_force_plates(trial);
      plate_events = std::move(fp.events);
      n_rejected = fp.rejected.size();
      for (const auto& r : fp.rejected) {
        out.notes.push_back("force plate " + std::to_string(r.contact.plate) +
                            ": contact not used for events (" +
                            std::string(hm::events::to_string(r.reason)) + ": " + r.message + ")");
      }
    } catch (const std::invalid_argument& e) {
      out.notes.push_back(std::string("force-plate events not found: ") + e.what());
    }
  }
  std::vector<hm::events::GaitEvent> kinematic;
  try {
    kinematic = hm::events::from_kinematics(trial).events;
  } catch (const std::exception& e) {
    out.notes.push_back(std::string("kinematic (Zeni) events not found: ") + e.what());
  }
  const auto tolerance =
      static_cast<Eigen::Index>(std::llround(kMergeToleranceS * trial.point_rate_hz));
  std::vector<hm::events::GaitEvent> merged = plate_events;
  std::size_t added = 0;
  for (const auto& k : kinematic) {
    bool covered = false;
    for (const auto& p : plate_events) {
      if (p.side == k.side && p.kind == k.kind && std::abs(p.frame - k.frame) <= tolerance) {
        covered = true;
      }
    }
    if (!covered) {
      merged.push_back(k);
      ++added;
    }
  }
  out.events = hm::events::sorted_events(std::move(merged));
  std::ostringstream s;
  s << "no foot strike / foot off events in the file for both feet: force plates ("
    << plate_events.size() << " events";
  if (n_rejected > 0) s << ", " << n_rejected << " contact(s) rejected";
  s << ") + kinematics (Zeni et al. 2008; " << added << " of " << kinematic.size()
    << " events added where no plate event of the same foot and kind lies within "
    << kMergeToleranceS << " s)";
  out.source = s.str();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Per-stance peaks (spec step 6)

/// Max of `x` over [w.begin, w.end); NaN when any frame of the window is NaN.
double window_max(const Eigen::Ref<const Eigen::VectorXd>& x, const hm::events::Window& w) {
  double best = -std::numeric_limits<double>::infinity();
  for (Eigen::Index f = w.begin; f < w.end; ++f) {
    if (std::isnan(x[f])) return kNaN;
    best = std::max(best, x[f]);
  }
  return w.end > w.begin ? best : kNaN;
}

enum Quantity { kPelvicDrop = 0, kKneeValgus, kHipAdduction, kHipAbductionMoment, kQuantities };

struct QuantityInfo {
  const char* name;
  const char* unit;
  const char* what;  // for the notes
};

constexpr std::array<QuantityInfo, kQuantities> kInfo = {{
    {"pelvic_drop_deg", "deg", "pelvic drop"},
    {"knee_valgus_deg", "deg", "knee valgus"},
    {"hip_adduction_deg", "deg", "hip adduction"},
    {"hip_abduction_moment_nm_per_kg", "N\xC2\xB7m/kg" /* N·m/kg, UTF-8 */, "hip abduction moment"},
}};

struct Stance {
  hm::events::Window window;
  std::array<double, kQuantities> value{kNaN, kNaN, kNaN, kNaN};
  std::string drop_note;
};

/// Why the hip moment of a stance is NaN: its NaN frames counted by the source of the foot's
/// load (dynamics::FootLoads::source).
std::string moment_reason(const hm::dynamics::TrialDynamics& dyn, hm::Side side,
                          const hm::events::Window& w) {
  const std::size_t i = side_index(side);
  const auto& source = dyn.dynamics.loads.source[i];
  const auto& moment = dyn.dynamics.leg[i].hip.clinical_nm;
  long unknown = 0, rejected = 0, other = 0;
  for (Eigen::Index f = w.begin; f < w.end; ++f) {
    if (!std::isnan(moment(f, 1))) continue;
    if (source[f] == hm::dynamics::LoadSource::Unknown) {
      ++unknown;
    } else if (source[f] == hm::dynamics::LoadSource::Rejected) {
      ++rejected;
    } else {
      ++other;
    }
  }
  std::string out;
  auto add = [&](long n, const char* what) {
    if (n > 0) out += (out.empty() ? "" : ", ") + std::to_string(n) + " frame(s) " + what;
  };
  add(unknown, "with the foot's load unknown (no usable force plate under it)");
  add(rejected, "on a plate contact that was not used");
  add(other, "with missing markers");
  return out.empty() ? "missing frames" : out;
}

// ---------------------------------------------------------------------------------------------
// Summary (spec steps 7 and 8)

struct SideSummary {
  long n = 0;
  long n_missing = 0;
  double mean = kNaN;
  double sd = kNaN;
  Eigen::VectorXd finite;  // the finite per-stance values, in stance order
};

SideSummary summarise(const std::vector<Stance>& stances, int q) {
  SideSummary s;
  std::vector<double> v;
  for (const Stance& st : stances) {
    const double x = st.value[static_cast<std::size_t>(q)];
    if (std::isnan(x)) {
      ++s.n_missing;
    } else {
      v.push_back(x);
    }
  }
  s.n = static_cast<long>(v.size());
  s.finite = Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
  if (s.n >= 1) {
    const hm::stats::Descriptives d = hm::stats::describe(s.finite);  // SD with n - 1
    s.mean = d.mean;
    s.sd = d.sd;  // NaN for one value
  }
  return s;
}

struct Index {
  double estimate = kNaN, ci_low = kNaN, ci_high = kNaN;
  std::string note;  // why something is NaN, what the bootstrap left out
};

/// SI or SA of the side means (defined with one finite stance per side) with its percentile
/// bootstrap CI (at least 2 finite stances per side): the left and right per-stance samples
/// resampled independently by hipmech::stats::bootstrap, which draws the resamples Python's
/// hipmech.stats.bootstrap draws for the same seed and sizes.
Index asymmetry_of_means(hm::stats::AsymmetryIndex index, const SideSummary& left,
                         const SideSummary& right, hm::Side reference) {
  Index out;
  if (left.n == 0 || right.n == 0) {
    out.note = "no finite stance on " + std::string(left.n == 0 ? "the left" : "the right");
    return out;
  }
  const hm::stats::AsymmetryValue v = hm::stats::asymmetry(index, left.mean, right.mean, reference);
  if (std::isnan(v.value)) {
    out.note = std::string("undefined: ") + hm::stats::asymmetry_reason_text(v.reason);
    return out;
  }
  out.estimate = v.value;
  if (left.n < 2 || right.n < 2) {
    out.note = "no CI: the bootstrap needs at least 2 finite stances per side (left " +
               std::to_string(left.n) + ", right " + std::to_string(right.n) + ")";
    return out;
  }
  const auto statistic = [&](const hm::stats::BootstrapSamples& s) {
    return hm::stats::asymmetry(index, s[0].mean(), s[1].mean(), reference).value;
  };
  const hm::stats::RowMatrix l = left.finite, r = right.finite;
  hm::stats::BootstrapOptions o;
  o.n_resamples = kResamples;
  o.seed = kSeed;
  o.confidence = kConfidence;
  o.method = hm::stats::BootstrapMethod::Percentile;
  const hm::stats::BootstrapResult b =
      hm::stats::bootstrap(statistic, {hm::stats::SampleRef(l), hm::stats::SampleRef(r)}, o);
  out.ci_low = b.ci_low;
  out.ci_high = b.ci_high;
  out.note = b.note;  // resamples with an undefined index, left out
  return out;
}

// ---------------------------------------------------------------------------------------------
// Output

std::string number(double x, const char* format) {
  if (std::isnan(x)) return "nan";
  char buf[64];
  std::snprintf(buf, sizeof buf, format, x);
  return buf;
}

struct Row {
  std::array<SideSummary, 2> side;
  Index si, sa;
};

int run(const Options& opt) {
  // 1. The trial and the body mass.
  const hm::io::Trial trial = hm::io::read_c3d(opt.path);
  double mass = kNaN;
  std::string mass_source;
  if (opt.mass_kg) {
    mass = *opt.mass_kg;
    mass_source = "--mass";
  } else if (std::isfinite(trial.subject.body_mass_kg) && trial.subject.body_mass_kg > 0.0) {
    mass = trial.subject.body_mass_kg;
    mass_source = "the file's subject parameters";
  } else {
    throw UsageError("argument '--mass': expected a body mass in kg, got none and the file '" +
                     opt.path + "' has no subject mass");
  }
  std::vector<std::string> notes;
  const double rate = trial.point_rate_hz;

  // 2. Markers low-passed, each gap-free run on its own (NaN gaps carried).
  std::vector<std::pair<std::string, hm::Trajectory>> filtered;
  std::vector<std::string> short_run_markers;
  std::size_t short_runs = 0;
  for (const hm::io::Point& p : trial.points) {
    if (p.kind != hm::io::PointKind::Marker) continue;
    hm::signal::ZeroLagOptions f;
    f.order = kFilterOrder;
    f.nan = hm::signal::GapPolicy::Runs;
    hm::signal::FilterResult r = hm::signal::zero_lag_butterworth(p.values, rate, kCutoffHz, f);
    if (!r.unfiltered.empty()) {  // one Gap per coordinate: count each run of frames once
      std::vector<std::pair<Eigen::Index, Eigen::Index>> runs;
      for (const hm::signal::Gap& g : r.unfiltered) runs.emplace_back(g.first, g.length);
      std::sort(runs.begin(), runs.end());
      short_runs += static_cast<std::size_t>(std::unique(runs.begin(), runs.end()) - runs.begin());
      short_run_markers.push_back(p.name);
    }
    filtered.emplace_back(p.name, hm::Trajectory(r.values));
  }
  if (short_runs > 0) {
    std::string names;
    for (std::size_t k = 0; k < short_run_markers.size() && k < 8; ++k) {
      names += (k ? ", " : "") + short_run_markers[k];
    }
    if (short_run_markers.size() > 8) names += ", ...";
    notes.push_back(std::to_string(short_runs) + " gap-free run(s) of at most " +
                    std::to_string(3 * (kFilterOrder + 1)) +
                    " frames, too short to filter, were left NaN in " +
                    std::to_string(short_run_markers.size()) + " marker(s): " + names);
  }
  hm::io::Markers markers;
  for (const auto& [name, values] : filtered) markers.add(name, values);

  // 3. Plug-in Gait lower body (subject parameters from the file).
  const hm::model::PigParameters parameters = hm::model::PigParameters::from_subject(trial.subject);
  hm::model::PigOptions model_options;
  model_options.feet = false;  // pelvis, thighs and shanks are all the angles need
  const hm::model::PigLowerBody body = hm::model::plug_in_gait(markers, parameters, model_options);

  // 4. Events.
  EventChoice ev = choose_events(trial);
  for (auto& n : ev.notes) notes.push_back(std::move(n));

  // 5. Pelvis angles in the progression frame (Baker), contralateral drop per stance.
  const hm::pelvis::Progression progression =
      hm::pelvis::detect_progression(body.pelvis.origin, body.pelvis.R_lab_segment, trial.lab_axes,
                                     hm::pelvis::default_min_displacement_m);

  // 6. Inverse dynamics (filters markers and plates itself with the same cut-off).
  std::optional<hm::dynamics::TrialDynamics> dyn;
  try {
    hm::dynamics::TrialDynamicsOptions d;
    d.cutoff_hz = kCutoffHz;
    d.filter.order = kFilterOrder;
    dyn = hm::dynamics::lower_limb_dynamics(trial, parameters, mass, ev.events, d);
    for (const std::string& n : dyn->dynamics.loads.notes)
      notes.push_back("inverse dynamics: " + n);
  } catch (const std::invalid_argument& e) {  // no plates, missing TOE markers, ...
    notes.push_back(std::string("hip abduction moments not computed: ") + e.what());
  } catch (const hm::NumericalError& e) {
    notes.push_back(std::string("hip abduction moments not computed: ") + e.what());
  }

  std::array<std::vector<Stance>, 2> stances;
  for (hm::Side s : kSides) {
    const std::size_t i = side_index(s);
    const hm::Trajectory pelvis =
        hm::pelvis::pelvis_angles(body.pelvis.R_lab_segment, s, hm::pelvis::PelvisConvention::Baker,
                                  progression.R_lab_progression);
    const Eigen::VectorXd obliquity = pelvis.col(1);
    const std::vector<hm::pelvis::StanceDrop> drops =
        hm::pelvis::contralateral_drop(obliquity, s, ev.events);
    const Eigen::VectorXd valgus =
        hm::knee::knee_angles(body.thigh[i].R_lab_segment, body.shank[i].R_lab_segment, s)
            .valgus_rad();
    const Eigen::VectorXd hip_adduction =
        hm::model::joint_angles(body.pelvis.R_lab_segment, body.thigh[i].R_lab_segment, s,
                                hm::model::Joint::Hip)
            .col(1);
    Eigen::VectorXd abduction_moment = Eigen::VectorXd::Constant(trial.n_frames(), kNaN);
    if (dyn) abduction_moment = -dyn->dynamics.leg[i].hip.clinical_nm.col(1) / mass;

    for (const hm::events::Window& w : hm::events::stance_windows(ev.events, s)) {
      Stance st;
      st.window = w;
      for (const auto& d : drops) {
        if (d.side == s && d.stance.begin == w.begin && d.stance.end == w.end) {
          st.value[kPelvicDrop] = d.peak_rad * kDegPerRad;
          st.drop_note = d.note;
        }
      }
      st.value[kKneeValgus] = window_max(valgus, w) * kDegPerRad;
      st.value[kHipAdduction] = window_max(hip_adduction, w) * kDegPerRad;
      st.value[kHipAbductionMoment] = window_max(abduction_moment, w);
      stances[i].push_back(std::move(st));
    }
  }

  // Notes: what was not computed, per side and quantity.
  for (hm::Side s : kSides) {
    const std::vector<Stance>& list = stances[side_index(s)];
    if (list.empty()) {
      notes.push_back(std::string("no complete ") + side_name(s) +
                      " stance (foot strike followed by foot off) in the events");
      continue;
    }
    for (int q = 0; q < kQuantities; ++q) {
      std::string which;  // the stances that are NaN, with the reason
      long missing = 0;
      for (std::size_t k = 0; k < list.size(); ++k) {
        const Stance& st = list[k];
        if (!std::isnan(st.value[static_cast<std::size_t>(q)])) continue;
        ++missing;
        std::string why;
        if (q == kPelvicDrop) {
          why = st.drop_note.empty() ? "no single-limb support found" : st.drop_note;
        } else if (q == kHipAbductionMoment && dyn) {
          why = moment_reason(*dyn, s, st.window);
        } else if (q == kHipAbductionMoment) {
          why = "no inverse dynamics";
        } else {
          why = "missing frames";
        }
        which += std::string(which.empty() ? "" : "; ") + "stance " + std::to_string(k + 1) +
                 " (frames " + std::to_string(st.window.begin) + "-" +
                 std::to_string(st.window.end - 1) + "): " + why;
      }
      if (missing == 0) continue;
      notes.push_back(std::string(kInfo[static_cast<std::size_t>(q)].what) + ", " + side_name(s) +
                      ": " + std::to_string(missing) + " of " + std::to_string(list.size()) +
                      " stance(s) NaN (" + which + ")");
    }
  }

  std::array<Row, kQuantities> rows;
  for (int q = 0; q < kQuantities; ++q) {
    Row& r = rows[static_cast<std::size_t>(q)];
    for (hm::Side s : kSides) r.side[side_index(s)] = summarise(stances[side_index(s)], q);
    r.si = asymmetry_of_means(hm::stats::AsymmetryIndex::SymmetryIndex, r.side[0], r.side[1],
                              opt.reference);
    r.sa = asymmetry_of_means(hm::stats::AsymmetryIndex::SymmetryAngle, r.side[0], r.side[1],
                              opt.reference);
  }

  if (opt.csv) {
    std::cout << "quantity,unit,left_n,left_missing,left_mean,left_sd,right_n,right_missing,"
                 "right_mean,right_sd,si_percent,si_ci_low,si_ci_high,sa_percent,sa_ci_low,"
                 "sa_ci_high\n";
    const char* g = "%.17g";
    for (int q = 0; q < kQuantities; ++q) {
      const Row& r = rows[static_cast<std::size_t>(q)];
      std::cout << kInfo[static_cast<std::size_t>(q)].name << ','
                << kInfo[static_cast<std::size_t>(q)].unit;
      for (const SideSummary& s : r.side) {
        std::cout << ',' << s.n << ',' << s.n_missing << ',' << number(s.mean, g) << ','
                  << number(s.sd, g);
      }
      for (const Index* x : {&r.si, &r.sa}) {
        std::cout << ',' << number(x->estimate, g) << ',' << number(x->ci_low, g) << ','
                  << number(x->ci_high, g);
      }
      std::cout << '\n';
    }
    return 0;
  }

  std::cout << "hipmech " << hm::version() << " hip summary of " << opt.path << '\n'
            << "  frames: " << trial.n_frames() << " at " << rate << " Hz\n"
            << "  body mass: " << number(mass, "%.4g") << " kg (from " << mass_source << ")\n"
            << "  events: " << ev.source << '\n'
            << "  markers and plates low-passed at " << kCutoffHz
            << " Hz (zero-lag Butterworth, order 2); pelvis angles: Baker, progression frame "
            << hm::to_string(progression.forward) << "\n"
            << "  asymmetry: reference limb " << side_name(opt.reference)
            << "; SI (Robinson 1987) and SA (Zifchock 2008) of the side means, 95 % percentile "
               "bootstrap CIs ("
            << kResamples << " resamples, seed " << kSeed << ")\n\n";
  std::cout << "per stance (frames [foot strike, foot off)):\n";
  for (hm::Side s : kSides) {
    for (const Stance& st : stances[side_index(s)]) {
      std::cout << "  " << side_name(s) << " [" << st.window.begin << ", " << st.window.end << ")";
      for (int q = 0; q < kQuantities; ++q) {
        std::cout << "  " << kInfo[static_cast<std::size_t>(q)].name << ' '
                  << number(st.value[static_cast<std::size_t>(q)], "%.2f");
      }
      std::cout << '\n';
    }
  }
  std::cout << "\nsummary (mean +/- SD over stances):\n";
  for (int q = 0; q < kQuantities; ++q) {
    const Row& r = rows[static_cast<std::size_t>(q)];
    std::cout << "  " << kInfo[static_cast<std::size_t>(q)].name << " ["
              << kInfo[static_cast<std::size_t>(q)].unit << "]\n";
    for (hm::Side s : kSides) {
      const SideSummary& x = r.side[side_index(s)];
      std::cout << "    " << (s == hm::Side::Left ? "left " : "right") << "  n " << x.n
                << ", missing " << x.n_missing << ", " << number(x.mean, "%.2f") << " +/- "
                << number(x.sd, "%.2f") << '\n';
    }
    for (const auto& [label, x] : {std::pair<const char*, const Index*>{"SI %", &r.si},
                                   std::pair<const char*, const Index*>{"SA %", &r.sa}}) {
      std::cout << "    " << label << "   " << number(x->estimate, "%.1f") << " [95 % CI "
                << number(x->ci_low, "%.1f") << ", " << number(x->ci_high, "%.1f") << "]";
      if (!x->note.empty()) std::cout << "  (" << x->note << ")";
      std::cout << '\n';
    }
  }
  std::cout << "\nnotes:\n";
  if (notes.empty()) std::cout << "  (none: every quantity was computed for every stance)\n";
  for (const std::string& n : notes) std::cout << "  - " << n << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options opt = parse_options(argc, argv);
    if (opt.help) {
      std::cout << kUsage;
      return 0;
    }
    return run(opt);
  } catch (const UsageError& e) {
    std::cerr << "hipmech_hip_summary: " << e.what() << '\n' << kUsage;
    return 2;
  } catch (const hipmech::FileError& e) {
    std::cerr << "hipmech_hip_summary: cannot read the trial: " << e.what() << '\n';
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "hipmech_hip_summary: bad input: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "hipmech_hip_summary: failed: " << e.what() << '\n';
    return 1;
  } catch (...) {
    std::cerr << "hipmech_hip_summary: failed with an unknown error\n";
    return 1;
  }
}
