// report::analyse: the per-trial hip analysis (docs/report.md). One implementation for C++
// users, the `hipmech report` command and hipmech.report.analyse (a thin Python layer over it).
#include "hipmech/report/analysis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "hipmech/core/check.hpp"
#include "hipmech/core/error.hpp"
#include "hipmech/dynamics/lower_limb.hpp"
#include "hipmech/events/file_events.hpp"
#include "hipmech/events/force_plate_events.hpp"
#include "hipmech/events/kinematic_events.hpp"
#include "hipmech/events/merge.hpp"
#include "hipmech/events/window_peak.hpp"
#include "hipmech/events/windows.hpp"
#include "hipmech/geometry/cardan.hpp"
#include "hipmech/io/markers.hpp"
#include "hipmech/knee/flexion_crosstalk.hpp"
#include "hipmech/knee/knee_angles.hpp"
#include "hipmech/model/joint_angles.hpp"
#include "hipmech/pelvis/pelvic_drop.hpp"
#include "hipmech/pelvis/pelvis_angles.hpp"
#include "hipmech/pelvis/progression.hpp"
#include "hipmech/signal/time_normalise.hpp"
#include "hipmech/signal/zero_lag.hpp"
#include "hipmech/stats/asymmetry.hpp"
#include "hipmech/stats/bootstrap.hpp"
#include "hipmech/stats/descriptive.hpp"

namespace hipmech::report {

const std::array<QuantityInfo, kQuantityCount>& quantity_info() noexcept {
  static const std::array<QuantityInfo, kQuantityCount> info = {{
      {"pelvic_drop_deg", "deg", "contralateral pelvic drop, peak in single support"},
      {"knee_valgus_deg", "deg", "knee valgus, peak in stance"},
      {"hip_adduction_deg", "deg", "hip adduction, peak in stance"},
      {"hip_abduction_moment_nm_per_kg", "N\xC2\xB7m/kg",
       "internal hip abduction moment, peak in stance"},
  }};
  return info;
}

const std::array<QuantityInfo, kCurveCount>& curve_info() noexcept {
  static const std::array<QuantityInfo, kCurveCount> info = {{
      {"pelvic_obliquity_deg", "deg", "pelvic obliquity (this side up +)"},
      {"hip_adduction_deg", "deg", "hip adduction (+) / abduction (-)"},
      {"hip_flexion_deg", "deg", "hip flexion (+) / extension (-)"},
      {"knee_flexion_deg", "deg", "knee flexion (+) / extension (-)"},
      {"knee_valgus_deg", "deg", "knee valgus (+) / varus (-)"},
      {"hip_abduction_moment_nm_per_kg", "N\xC2\xB7m/kg", "internal hip abduction moment"},
  }};
  return info;
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDegPerRad = 180.0 / geometry::detail::kPi;  // numpy.rad2deg: x * (180 / pi)
constexpr int kFilterOrder = 2;
constexpr std::array<Side, 2> kSides = {Side::Left, Side::Right};

std::size_t side_index(Side s) { return s == Side::Left ? 0 : 1; }
std::string side_name(Side s) { return std::string(to_string(s)); }

/// printf into a std::string (Python's format specs :g, :.1f and :.2f are printf's).
__attribute__((format(printf, 1, 2))) std::string format(const char* spec, ...) {
  va_list args;
  va_start(args, spec);
  va_list copy;
  va_copy(copy, args);
  const int n = std::vsnprintf(nullptr, 0, spec, copy);
  va_end(copy);
  std::string out(static_cast<std::size_t>(std::max(n, 0)) + 1, '\0');
  std::vsnprintf(out.data(), out.size(), spec, args);
  va_end(args);
  out.resize(static_cast<std::size_t>(std::max(n, 0)));
  return out;
}

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
  return out;
}

std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

/// The text before the first comma of a label ("knee valgus, peak in stance" -> "knee valgus").
std::string short_label(const char* label) {
  const std::string s(label);
  return s.substr(0, s.find(','));
}

/// Whitespace collapsed, then cut at a word boundary so that the text with `placeholder` has at
/// most `width` characters (code points): Python's textwrap.shorten.
std::string shortened(const std::string& text, std::size_t width, const std::string& placeholder) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  const auto length = [](const std::string& s) {  // UTF-8 code points
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  };
  const std::string all = join(words, " ");
  if (length(all) <= width) return all;
  std::string out;
  for (const std::string& w : words) {
    const std::string next = out.empty() ? w : out + " " + w;
    if (length(next) + length(placeholder) > width) break;
    out = next;
  }
  return out + placeholder;
}

// -------------------------------------------------------------------------------------------
// Steps of the pipeline

std::vector<std::string> model_notes(const model::PigParameters& p) {
  const auto pair = [](const std::array<double, 2>& rad) {
    return format("left %.1f\xC2\xB0, right %.1f\xC2\xB0", rad[0] * kDegPerRad,
                  rad[1] * kDegPerRad);
  };
  const double shown = std::max(std::abs(p.ankle_abduction_rad[0]), std::abs(p.ankle_abduction_rad[1]));
  const std::string abadd =
      shown >= 0.05 / kDegPerRad ? "; ankle ab/adduction " + pair(p.ankle_abduction_rad) : "";
  std::vector<std::string> out;
  out.push_back("Plug-in Gait offsets applied: thigh rotation " + pair(p.thigh_rotation_rad) +
                "; shank rotation " + pair(p.shank_rotation_rad) + "; tibial torsion " +
                pair(p.tibial_torsion_rad) + abadd +
                " (the knee centres, knee angles and valgus depend on them).");
  for (const std::string& n : p.notes) {
    out.push_back("Model: " + shortened(n, 600, " ... (PigParameters.notes)"));
  }
  return out;
}

struct EventChoice {
  std::vector<events::GaitEvent> events;
  std::string source;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/// Mean pelvic obliquity of each side of a static trial [rad] (Baker, its own progression
/// frame, pelvis::static_obliquity); empty with the reason in `why` when it cannot be computed.
std::optional<std::array<double, 2>> static_pelvic_obliquity(const io::Trial& st,
                                                             const model::PigParameters& params,
                                                             std::string& why) {
  try {
    model::PigOptions o;
    o.feet = false;
    const model::PigLowerBody b = model::plug_in_gait(io::Markers::from_trial(st), params, o);
    const pelvis::Progression pr = pelvis::detect_progression(
        b.pelvis.origin, b.pelvis.R_lab_segment, st.lab_axes, pelvis::default_min_displacement_m);
    std::array<double, 2> out{};
    for (Side s : kSides) {
      out[side_index(s)] = pelvis::static_obliquity(
          pelvis::pelvis_angles(b.pelvis.R_lab_segment, s, pelvis::PelvisConvention::Baker,
                                pr.R_lab_progression)
              .col(1));
    }
    return out;
  } catch (const std::exception& e) {
    why = e.what();
  }
  return std::nullopt;
}

/// Force-plate events, with a note per contact not used.
std::vector<events::GaitEvent> plate_events_of(const io::Trial& trial,
                                               std::vector<std::string>& notes) {
  if (trial.force_plates.empty()) {
    notes.push_back("Force-plate events not found: the trial has no force plates.");
    return {};
  }
  try {
    events::ForcePlateEvents fp = events::from_force_plates(trial);
    for (const events::RejectedContact& r : fp.rejected) {
      const std::string reason =
          r.message.empty() ? std::string(events::to_string(r.reason)) : r.message;
      notes.push_back("Force plate " + std::to_string(r.contact.plate) + " (frames " +
                      std::to_string(r.contact.strike_frame) + "-" +
                      std::to_string(r.contact.off_frame) + "): contact not used for events (" +
                      reason + ").");
    }
    return std::move(fp.events);
  } catch (const std::invalid_argument& e) {
    notes.push_back(std::string("Force-plate events not found: ") + e.what());
  }
  return {};
}

std::vector<events::GaitEvent> kinematic_events_of(const io::Trial& trial,
                                                   std::vector<std::string>& notes) {
  try {
    return events::from_kinematics(trial).events;
  } catch (const std::invalid_argument& e) {
    notes.push_back(std::string("Kinematic (Zeni) events not found: ") + e.what());
  }
  return {};
}

const char* event_kind_text(events::EventKind k) {
  return k == events::EventKind::FootStrike ? "foot strike" : "foot off";
}

/// The gait events of `mode`. Auto: the file's events, completed by force-plate events and
/// then kinematic (Zeni) events wherever no event of the same foot and kind from an earlier
/// source lies within `merge_window_s` (events::merge_events).
EventChoice gait_events(const io::Trial& trial, EventsMode mode, double merge_window_s,
                        std::vector<std::string>& notes) {
  static const char* const kNames[3] = {"file", "force plates", "kinematics (Zeni)"};
  std::vector<std::vector<events::GaitEvent>> sources(3);
  if (mode == EventsMode::Auto || mode == EventsMode::File) {
    sources[0] = events::from_trial_events(trial).events;
    if (sources[0].empty())
      notes.push_back("Events: the file has no foot strike or foot off events.");
  }
  if (mode == EventsMode::Auto || mode == EventsMode::Plates) {
    sources[1] = plate_events_of(trial, notes);
  }
  if (mode == EventsMode::Auto || mode == EventsMode::Kinematics) {
    sources[2] = kinematic_events_of(trial, notes);
  }
  // Python's round(): half to even (the default floating-point rounding mode).
  const auto window = static_cast<Eigen::Index>(std::nearbyint(merge_window_s * trial.point_rate_hz));
  // A stance or swing under 0.1 s between events of two sources is no gait (merge_events).
  const auto min_phase = static_cast<Eigen::Index>(std::nearbyint(0.1 * trial.point_rate_hz));
  events::MergedEvents merged = events::merge_events(sources, window, min_phase);

  std::string used, counts;
  for (std::size_t s = 0; s < 3; ++s) {
    if (merged.used_per_source[s] == 0) continue;
    used += (used.empty() ? "" : " + ") + std::string(kNames[s]);
    counts += (counts.empty() ? "" : ", ") + std::to_string(merged.used_per_source[s]) + " " +
              (s == 0   ? "from the file"
               : s == 1 ? "from force-plate contacts"
                        : "kinematic (Zeni et al. 2008, validated on "
                          "level walking)");
  }
  const char* mode_text = mode == EventsMode::Auto     ? "auto"
                          : mode == EventsMode::File   ? "file"
                          : mode == EventsMode::Plates ? "plates"
                                                       : "kinematics";
  if (!merged.events.empty()) {
    std::string text = std::string("Events (") + mode_text + "): " + counts;
    if (mode == EventsMode::Auto) {
      // Duplicates per source, and how far Zeni's events lie from the events that covered
      // them (the same contacts marked by two methods).
      std::size_t dup_plates = 0, dup_zeni = 0;
      std::array<std::vector<double>, 2> zeni_offset;  // [strike, off] frames
      for (const auto& d : merged.dropped) {
        if (d.reason != "covered") continue;
        if (d.event.source == "zeni") {
          ++dup_zeni;
          zeni_offset[d.event.kind == events::EventKind::FootStrike ? 0 : 1].push_back(
              static_cast<double>(d.event.frame - d.kept.frame));
        } else {
          ++dup_plates;
        }
      }
      text +=
          "; an event is taken from a later source only where the file (then the force "
          "plates) has none of the same foot and kind within " +
          format("%g", merge_window_s) +
          " s (left out as duplicates: " + std::to_string(dup_plates) + " force-plate and " +
          std::to_string(dup_zeni) + " kinematic events)";
      std::string offsets;
      for (std::size_t k = 0; k < 2; ++k) {
        if (zeni_offset[k].empty()) continue;
        const double med = median(zeni_offset[k]);
        offsets += std::string(offsets.empty() ? "" : ", ") + (k == 0 ? "strikes " : "offs ") +
                   format("%+g frames (%+.0f ms)", med, 1000.0 * med / trial.point_rate_hz);
      }
      if (!offsets.empty()) {
        text += ". Where both marked a contact, Zeni's events lie a median of " + offsets +
                " from the earlier source's: the kinematic events that fill gaps carry an "
                "offset of this size";
      }
    }
    notes.push_back(text + ".");
  }
  for (const auto& d : merged.dropped) {
    if (d.reason == "covered") continue;
    const std::string what = "Events: " + std::string(to_string(d.event.side)) + " " +
                             event_kind_text(d.event.kind) + " at frame " +
                             std::to_string(d.event.frame) + " (" + d.event.source + ") left out: ";
    if (d.reason == "out of sequence") {
      notes.push_back(what + "it would follow the " + event_kind_text(d.kept.kind) + " at frame " +
                      std::to_string(d.kept.frame) + " (" + d.kept.source + ") with no " +
                      (d.event.kind == events::EventKind::FootStrike ? "foot off" : "foot strike") +
                      " between.");
    } else {
      notes.push_back(what + "only " + std::to_string(std::abs(d.event.frame - d.kept.frame)) +
                      " frames from the " + event_kind_text(d.kept.kind) + " at frame " +
                      std::to_string(d.kept.frame) + " (" + d.kept.source +
                      "), a stance or swing shorter than 0.1 s.");
    }
  }
  if (merged.events.empty()) {
    notes.push_back("No gait events: no stance, stride, peak or asymmetry could be computed.");
  }
  EventChoice out;
  out.events = std::move(merged.events);
  out.source = used.empty() ? "none" : used;
  return out;
}

/// The trial's markers low-passed (each gap-free run on its own; runs too short stay NaN).
std::vector<std::pair<std::string, Trajectory>> filtered_markers(const io::Trial& trial,
                                                                 std::optional<double> cutoff_hz,
                                                                 std::vector<std::string>& notes) {
  std::vector<std::pair<std::string, Trajectory>> out;
  const std::vector<std::string> names = trial.names();
  if (!cutoff_hz || names.empty()) {
    notes.push_back("Markers not filtered (cutoff_hz=None): the file's data as stored.");
    for (const std::string& n : names) out.emplace_back(n, trial.point(n).values);
    return out;
  }
  std::vector<std::string> short_runs;  // "NAME (k)" per marker with unfiltered runs
  for (const std::string& n : names) {
    signal::ZeroLagOptions f;
    f.order = kFilterOrder;
    f.nan = signal::GapPolicy::Runs;
    signal::FilterResult r =
        signal::zero_lag_butterworth(trial.point(n).values, trial.point_rate_hz, *cutoff_hz, f);
    if (!r.unfiltered.empty()) {  // one Gap per coordinate: count each run of frames once
      std::set<std::pair<Eigen::Index, Eigen::Index>> runs;
      for (const signal::Gap& g : r.unfiltered) runs.emplace(g.first, g.length);
      short_runs.push_back(n + " (" + std::to_string(runs.size()) + ")");
    }
    out.emplace_back(n, Trajectory(r.values));
  }
  if (!short_runs.empty()) {
    notes.push_back("Marker filtering: gap-free runs too short to filter (at most " +
                    std::to_string(3 * (kFilterOrder + 1)) + " frames) were left NaN in " +
                    std::to_string(short_runs.size()) + " marker(s), runs per marker: " +
                    join(short_runs, ", ") + ".");
  }
  notes.push_back("Markers low-passed: zero-lag Butterworth, order 2, " + format("%g", *cutoff_hz) +
                  " Hz, gaps left NaN (Kristianslund et al. 2012: markers and forces with the "
                  "same cut-off).");
  return out;
}

/// Max over the window; NaN (with the number of NaN frames) when any frame is NaN
/// (events::window_peak, the peak rule shared with pelvis and stream).
std::pair<double, Eigen::Index> window_peak(const Eigen::VectorXd& x, const events::Window& w) {
  const events::WindowPeak p =
      events::window_peak([&](Eigen::Index f) { return x[f]; }, w.begin, w.end);
  return {p.value, p.n_missing};
}

/// "frames A-B" in an inverse-dynamics note, if any.
std::optional<std::pair<Eigen::Index, Eigen::Index>> frames_in_note(const std::string& note) {
  const std::string key = "frames ";
  for (std::size_t at = note.find(key); at != std::string::npos; at = note.find(key, at + 1)) {
    std::size_t i = at + key.size(), j = i;
    while (j < note.size() && note[j] >= '0' && note[j] <= '9') ++j;
    if (j == i || j >= note.size() || note[j] != '-') continue;
    std::size_t k = j + 1, l = k;
    while (l < note.size() && note[l] >= '0' && note[l] <= '9') ++l;
    if (l == k) continue;
    return std::make_pair(std::stol(note.substr(i, j - i)), std::stol(note.substr(k, l - k)));
  }
  return std::nullopt;
}

/// Why the hip moment of a stance is NaN: its NaN frames by the source of the foot's load, and
/// the inverse-dynamics notes about frames inside the stance.
std::string moment_reason(const dynamics::TrialDynamics& dyn, Side side, const events::Window& w,
                          const Eigen::VectorXd& moment) {
  const auto& source = dyn.dynamics.loads.source[side_index(side)];
  long unknown = 0, rejected = 0, other = 0;
  for (Eigen::Index f = w.begin; f < w.end; ++f) {
    if (!std::isnan(moment[f])) continue;
    if (source[f] == dynamics::LoadSource::Unknown) {
      ++unknown;
    } else if (source[f] == dynamics::LoadSource::Rejected) {
      ++rejected;
    } else {
      ++other;
    }
  }
  std::vector<std::string> parts;
  if (unknown) {
    parts.push_back(std::to_string(unknown) +
                    " frame(s) where the foot's load is unknown (neither swing nor a used "
                    "force-plate contact: no usable plate)");
  }
  if (rejected) {
    parts.push_back(std::to_string(rejected) + " frame(s) on a plate contact that was not used");
  }
  if (other) parts.push_back(std::to_string(other) + " frame(s) with missing markers");
  std::vector<std::string> related;
  for (const std::string& n : dyn.dynamics.loads.notes) {
    const auto fr = frames_in_note(n);
    if (fr && fr->first < w.end && fr->second >= w.begin) related.push_back(n);
  }
  std::string text = parts.empty() ? "missing frames" : join(parts, "; ");
  if (!related.empty()) text += " (inverse dynamics: " + join(related, " / ") + ")";
  return text;
}

SideStatistics side_statistics(const std::vector<double>& values, Eigen::VectorXd& finite,
                               Eigen::Index n_resamples, std::uint64_t seed) {
  SideStatistics s;
  std::vector<double> v;
  for (double x : values) {
    if (std::isnan(x)) {
      ++s.n_missing;
    } else {
      v.push_back(x);
    }
  }
  s.n = static_cast<Eigen::Index>(v.size());
  finite = Eigen::Map<const Eigen::VectorXd>(v.data(), s.n);
  s.mean = kNaN;
  s.sd = kNaN;
  if (s.n >= 1) {
    const stats::Descriptives d = stats::describe(finite);  // SD with n - 1; NaN for n = 1
    s.mean = d.mean;
    s.sd = d.sd;
  }
  s.ci_low = s.ci_high = kNaN;
  if (s.n >= 2) {
    const stats::RowMatrix sample = finite;
    stats::BootstrapOptions b;
    b.n_resamples = n_resamples;
    b.seed = seed;
    b.confidence = 0.95;
    b.method = stats::BootstrapMethod::Percentile;
    const stats::BootstrapResult res =
        stats::bootstrap([](const stats::BootstrapSamples& x) { return x[0].mean(); },
                         {stats::SampleRef(sample)}, b);
    s.ci_low = res.ci_low;
    s.ci_high = res.ci_high;
  }
  return s;
}

}  // namespace

AsymmetryEstimate asymmetry_of_means(SymmetryMeasure measure,
                                     const Eigen::Ref<const Eigen::VectorXd>& left_values,
                                     const Eigen::Ref<const Eigen::VectorXd>& right_values,
                                     Side reference, Eigen::Index n_resamples,
                                     std::uint64_t seed) {
  HIPMECH_CHECK_ARG(n_resamples >= 1, "n_resamples", "at least 1 resample", n_resamples);
  HIPMECH_CHECK_ARG(measure == SymmetryMeasure::Index || measure == SymmetryMeasure::Angle ||
                        measure == SymmetryMeasure::Difference,
                    "measure", "a SymmetryMeasure", static_cast<int>(measure));
  const stats::AsymmetryIndex index = measure == SymmetryMeasure::Index
                                          ? stats::AsymmetryIndex::SymmetryIndex
                                          : stats::AsymmetryIndex::SymmetryAngle;
  const std::string name = measure == SymmetryMeasure::Index   ? "symmetry index"
                           : measure == SymmetryMeasure::Angle ? "symmetry angle"
                                                               : "left-right difference";
  // other - reference (the difference), or the ratio-based index.
  const auto of_means = [&](double l_mean, double r_mean) -> stats::AsymmetryValue {
    if (measure == SymmetryMeasure::Difference) {
      stats::AsymmetryValue v;
      v.value = reference == Side::Left ? r_mean - l_mean : l_mean - r_mean;
      return v;
    }
    return stats::asymmetry(index, l_mean, r_mean, reference);
  };
  const auto finite = [](const Eigen::Ref<const Eigen::VectorXd>& x) {
    std::vector<double> v;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      if (std::isfinite(x[i])) v.push_back(x[i]);
    }
    return stats::RowMatrix(Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size())));
  };
  const stats::RowMatrix l = finite(left_values), r = finite(right_values);
  AsymmetryEstimate out{kNaN, kNaN, kNaN, {}};
  if (l.rows() == 0 || r.rows() == 0) {
    out.note = name + " not computed (the left side has " + std::to_string(l.rows()) +
               " and the right side " + std::to_string(r.rows()) + " finite stances)";
    return out;
  }
  const stats::AsymmetryValue a = of_means(l.mean(), r.mean());
  if (!std::isfinite(a.value)) {
    out.note = name + " undefined (" + stats::asymmetry_reason_text(a.reason) + ")";
    return out;
  }
  out.value = a.value;
  if (l.rows() < 2 || r.rows() < 2) {
    out.note = "no " + name + " CI (the left side has " + std::to_string(l.rows()) +
               " and the right side " + std::to_string(r.rows()) +
               " finite stances; the bootstrap needs at least 2 per side)";
    return out;
  }
  const auto statistic = [&](const stats::BootstrapSamples& s) {
    return of_means(s[0].mean(), s[1].mean()).value;
  };
  stats::BootstrapOptions b;
  b.n_resamples = n_resamples;
  b.seed = seed;
  b.confidence = 0.95;
  b.method = stats::BootstrapMethod::Percentile;
  const stats::BootstrapResult res =
      stats::bootstrap(statistic, {stats::SampleRef(l), stats::SampleRef(r)}, b);
  if (res.n_nonfinite > 0) {
    out.note = std::to_string(res.n_nonfinite) + " of " + std::to_string(n_resamples) +
               " bootstrap resamples gave an undefined " + name + " and were left out (" +
               res.note + ")";
  }
  out.ci_low = res.ci_low;
  out.ci_high = res.ci_high;
  return out;
}

/// Largest horizontal travel of the mid-ASIS in a static trial [m]: standing sway is a few
/// centimetres, a walking trial passed by mistake travels metres.
constexpr double kStaticMaxTravelM = 0.5;

EventsMode parse_events_mode(std::string_view text, const char* arg) {
  for (EventsMode m :
       {EventsMode::Auto, EventsMode::File, EventsMode::Plates, EventsMode::Kinematics}) {
    if (text == to_string(m)) return m;
  }
  HIPMECH_CHECK_ARG(false, arg, "'auto', 'file', 'plates' or 'kinematics'",
                    "'" + std::string(text) + "'");
  return EventsMode::Auto;
}

TrialSummary analyse(const io::Trial& trial, const AnalysisOptions& options,
                     const io::Trial* static_trial) {
  HIPMECH_CHECK_ARG(static_cast<int>(options.events) >= 0 && static_cast<int>(options.events) <= 3,
                    "events", "an EventsMode", static_cast<int>(options.events));
  HIPMECH_CHECK_ARG(options.n_resamples >= 1, "n_resamples", "at least 1 resample",
                    options.n_resamples);
  HIPMECH_CHECK_ARG(options.moment_frame != dynamics::MomentFrame::Global, "moment_frame",
                    "jcs, distal or proximal (the lab frame has no abduction axis)", "global");
  HIPMECH_CHECK_ARG(std::isfinite(options.events_merge_window_s) && options.events_merge_window_s >= 0,
                    "events_merge_window_s", "a time >= 0 in s", options.events_merge_window_s);
  const double rate = trial.point_rate_hz;
  const Eigen::Index n = trial.n_frames();
  HIPMECH_CHECK_ARG(rate > 0 && n >= 2, "trial", "a trial with point data",
                    std::to_string(n) + " frames at " + format("%g", rate) + " Hz");

  TrialSummary out;
  std::vector<std::string>& notes = out.notes;
  // Body mass.
  if (options.body_mass_kg) {
    const double m = *options.body_mass_kg;
    HIPMECH_CHECK_ARG(std::isfinite(m) && m > 0 && m <= 500, "body_mass_kg",
                      "a finite positive body mass in kg, at most 500 (was it in g or lb?)", m);
    out.body_mass_kg = m;
    out.body_mass_source = "argument";
  } else {
    const double m = trial.subject.body_mass_kg;
    HIPMECH_CHECK_ARG(std::isfinite(m) && m > 0, "body_mass_kg",
                      "a body mass in kg (the file gives none in its subject parameters; pass "
                      "body_mass_kg= or --mass KG)",
                      "None");
    HIPMECH_CHECK_ARG(m <= 500, "body_mass_kg",
                      "a body mass in kg, at most 500 (the file's subject mass is not in kg?)", m);
    out.body_mass_kg = m;
    out.body_mass_source = "file";
  }
  const double mass = out.body_mass_kg;
  if (options.cutoff_hz) {
    const double c = *options.cutoff_hz;
    HIPMECH_CHECK_ARG(std::isfinite(c) && c > 0 && c < rate / 2, "cutoff_hz",
                      "a cut-off in (0, " + format("%g", rate / 2) +
                          ") Hz (half the point rate), or none for no filter (None in Python)",
                      c);
  }
  out.cutoff_hz = options.cutoff_hz;
  out.reference = options.reference;
  out.n_resamples = options.n_resamples;
  out.seed = options.seed;
  out.moment_frame = options.moment_frame;
  out.events_merge_window_s = options.events_merge_window_s;
  out.events_mode = options.events;
  out.point_rate_hz = rate;
  out.n_frames = n;
  notes.push_back("Body mass " + format("%g", mass) + " kg (" +
                  (out.body_mass_source == "argument" ? "the body_mass_kg argument"
                                                      : "the file's subject parameters") +
                  ").");

  // Model parameters, with the static trial's foot offsets.
  model::PigParameters params = model::PigParameters::from_subject(trial.subject);
  for (std::string& note : model_notes(params)) notes.push_back(std::move(note));
  if (static_trial != nullptr) {
    const model::PigParameters before = params;
    model::PigStaticOptions so;
    so.up = static_trial->lab_axes.up();
    try {
      params = model::plug_in_gait_static(io::Markers::from_trial(*static_trial), params, so);
    } catch (const InvalidArgument& e) {  // name the argument the caller passed
      throw InvalidArgument("static_trial", "a Plug-in Gait static trial", e.what());
    }
    // A static trial is standing: its foot offsets are averages over its frames. The pelvis of
    // a walking trial passed by mistake travels metres; standing sway is centimetres.
    if (static_trial->find_point("LASI") >= 0 && static_trial->find_point("RASI") >= 0) {
      const Trajectory mid = 0.5 * (static_trial->marker("LASI") + static_trial->marker("RASI"));
      const Eigen::Vector3d up = unit_vector(static_trial->lab_axes.up());
      double travel = 0.0;
      Eigen::Index first = -1;
      for (Eigen::Index f = 0; f < mid.rows(); ++f) {
        if (!mid.row(f).allFinite()) continue;
        if (first < 0) first = f;
        Eigen::Vector3d d = (mid.row(f) - mid.row(first)).transpose();
        d -= d.dot(up) * up;
        travel = std::max(travel, d.norm());
      }
      HIPMECH_CHECK_ARG(travel <= kStaticMaxTravelM, "static_trial",
                        "a static (standing) trial: the pelvis moves less than " +
                            format("%g", kStaticMaxTravelM) + " m",
                        "a pelvis that travels " + format("%.2f", travel) +
                            " m horizontally (a walking trial? the arguments may be swapped)");
    }
    std::string name = static_trial->source.empty() ? "<Trial>" : static_trial->source;
    const std::size_t slash = name.find_last_of("/\\");
    if (slash != std::string::npos) name = name.substr(slash + 1);
    const auto& pf = params.static_plantar_flexion_rad;
    const auto& ro = params.static_rotation_offset_rad;
    const auto& pf0 = before.static_plantar_flexion_rad;
    notes.push_back(
        "Static trial " + name + ": Plug-in Gait foot offsets measured (plantar flexion left " +
        format("%.1f\xC2\xB0, right %.1f\xC2\xB0; rotation left %.1f\xC2\xB0, right %.1f\xC2\xB0",
               pf[0] * kDegPerRad, pf[1] * kDegPerRad, ro[0] * kDegPerRad, ro[1] * kDegPerRad) +
        "; without the foot-flat option) and applied in place of the trial file's (plantar "
        "flexion " +
        format("left %.1f\xC2\xB0, right %.1f\xC2\xB0", pf0[0] * kDegPerRad, pf0[1] * kDegPerRad) +
        "). They change the feet, hence the moments, not the hip and knee angles.");
  }
  out.parameters = params;

  EventChoice ev = gait_events(trial, options.events, options.events_merge_window_s, notes);
  out.events = ev.events;
  out.events_source = ev.source;
  const std::vector<std::pair<std::string, Trajectory>> filtered =
      filtered_markers(trial, options.cutoff_hz, notes);
  io::Markers markers;
  for (const auto& [name, values] : filtered) markers.add(name, values);
  model::PigOptions model_options;
  model_options.feet = false;  // pelvis, thighs and shanks are all the angles need
  const model::PigLowerBody body = model::plug_in_gait(markers, params, model_options);

  // Kinematics per side [deg].
  std::array<std::array<Eigen::VectorXd, 2>, kCurveCount> series;
  std::array<std::vector<pelvis::StanceDrop>, 2> drops;
  const pelvis::Progression progression =
      pelvis::detect_progression(body.pelvis.origin, body.pelvis.R_lab_segment, trial.lab_axes,
                                 pelvis::default_min_displacement_m);
  for (Side s : kSides) {
    const std::size_t i = side_index(s);
    const Trajectory pa = pelvis::pelvis_angles(body.pelvis.R_lab_segment, s,
                                                pelvis::PelvisConvention::Baker,
                                                progression.R_lab_progression);
    const Trajectory hip = model::joint_angles(body.pelvis.R_lab_segment,
                                               body.thigh[i].R_lab_segment, s, model::Joint::Hip);
    const knee::KneeAngles knee =
        knee::knee_angles(body.thigh[i].R_lab_segment, body.shank[i].R_lab_segment, s);
    series[static_cast<std::size_t>(Curve::PelvicObliquityDeg)][i] = pa.col(1) * kDegPerRad;
    series[static_cast<std::size_t>(Curve::HipAdductionDeg)][i] = hip.col(1) * kDegPerRad;
    series[static_cast<std::size_t>(Curve::HipFlexionDeg)][i] = hip.col(0) * kDegPerRad;
    series[static_cast<std::size_t>(Curve::KneeFlexionDeg)][i] = knee.rad.col(0) * kDegPerRad;
    series[static_cast<std::size_t>(Curve::KneeValgusDeg)][i] = -knee.rad.col(1) * kDegPerRad;
    // Flexion cross-talk: a frontal knee angle that follows flexion through swing points at a
    // misaligned flexion axis (thigh marker, rotation offset), not at the knee (docs/knee.md).
    out.knee_crosstalk[i] =
        knee::flexion_crosstalk(knee.rad.col(0), knee.adduction_rad(), s, ev.events);
    if (out.knee_crosstalk[i].suspected) {
      notes.push_back("Warning: " + out.knee_crosstalk[i].note);
    }
    for (pelvis::StanceDrop& d : pelvis::contralateral_drop(pa.col(1), s, ev.events)) {
      if (d.side == s) drops[i].push_back(std::move(d));
    }
  }

  // Kinetics.
  std::optional<dynamics::TrialDynamics> dyn;
  constexpr auto kMoment = static_cast<std::size_t>(Curve::HipAbductionMomentNmPerKg);
  if (trial.force_plates.empty()) {
    notes.push_back("Hip abduction moments: not computed, the trial has no force plates.");
  } else {
    try {
      dynamics::TrialDynamicsOptions d;
      d.cutoff_hz = options.cutoff_hz ? *options.cutoff_hz : kNaN;
      d.filter.order = kFilterOrder;
      d.limb.frame = options.moment_frame;
      dyn = dynamics::lower_limb_dynamics(trial, params, mass, ev.events, d);
    } catch (const std::invalid_argument& e) {
      notes.push_back(std::string("Hip abduction moments: not computed, inverse dynamics failed: ") +
                      e.what());
    } catch (const std::runtime_error& e) {  // NumericalError (a singular segment frame, ...)
      notes.push_back(std::string("Hip abduction moments: not computed, inverse dynamics failed: ") +
                      e.what());
    }
  }
  for (Side s : kSides) {
    const std::size_t i = side_index(s);
    series[kMoment][i] = dyn ? Eigen::VectorXd(-dyn->dynamics.leg[i].hip.clinical_nm.col(1) / mass)
                             : Eigen::VectorXd::Constant(n, kNaN);
  }
  if (dyn) {
    for (const std::string& note : dyn->dynamics.loads.notes) notes.push_back("Inverse dynamics: " + note);
  }

  // Stances.
  constexpr std::array<Curve, 3> kPeaks = {Curve::KneeValgusDeg, Curve::HipAdductionDeg,
                                           Curve::HipAbductionMomentNmPerKg};
  constexpr std::array<Quantity, 3> kPeakQuantity = {
      Quantity::KneeValgusDeg, Quantity::HipAdductionDeg, Quantity::HipAbductionMomentNmPerKg};
  const auto source_of = [&](Side side, events::EventKind kind, Eigen::Index frame) {
    for (const auto& e : ev.events) {
      if (e.side == side && e.kind == kind && e.frame == frame) return e.source;
    }
    return std::string();
  };
  std::array<std::array<std::vector<double>, kQuantityCount>, 2> per_side;
  std::vector<std::pair<std::pair<std::size_t, std::size_t>, std::vector<std::string>>> missing;
  const auto add_missing = [&](std::size_t side, std::size_t q, std::string what) {
    for (auto& [key, list] : missing) {
      if (key == std::make_pair(side, q)) {
        list.push_back(std::move(what));
        return;
      }
    }
    missing.push_back({{side, q}, {std::move(what)}});
  };
  std::array<std::vector<std::string>, 2> moment_notes;
  for (Side s : kSides) {
    const std::size_t i = side_index(s);
    int k = 0;
    for (const events::Window& w : events::stance_windows(ev.events, s)) {
      ++k;
      StanceRow row;
      row.side = s;
      row.stance = k;
      row.foot_strike_frame = w.begin;
      row.foot_off_frame = w.end;
      row.foot_strike_time_s = static_cast<double>(w.begin) / rate;
      row.foot_off_time_s = static_cast<double>(w.end) / rate;
      row.foot_strike_source = source_of(s, events::EventKind::FootStrike, w.begin);
      row.foot_off_source = source_of(s, events::EventKind::FootOff, w.end);
      row.value.fill(kNaN);
      row.pelvic_drop_peak_percent_stance = kNaN;
      const std::string where = "stance " + std::to_string(k) + " (frames " +
                                std::to_string(w.begin) + "-" + std::to_string(w.end - 1);
      std::vector<std::string> row_notes;
      const pelvis::StanceDrop* drop = nullptr;
      for (const auto& d : drops[i]) {
        if (d.stance.begin == w.begin && d.stance.end == w.end) drop = &d;
      }
      if (drop != nullptr) {
        row.value[static_cast<std::size_t>(Quantity::PelvicDropDeg)] = drop->peak_rad * kDegPerRad;
        row.pelvic_drop_peak_percent_stance = drop->peak_percent_stance;
        if (drop->single_support.size() > 0) {
          row.single_support_begin = drop->single_support.begin;
          row.single_support_end = drop->single_support.end;
        }
        if (!drop->note.empty()) row_notes.push_back("pelvic drop: " + drop->note);
        if (std::isnan(drop->peak_rad)) {
          add_missing(i, static_cast<std::size_t>(Quantity::PelvicDropDeg),
                      where + ": " + (drop->note.empty() ? "missing frames" : drop->note) + ")");
        }
      }
      for (std::size_t p = 0; p < kPeaks.size(); ++p) {
        const std::size_t q = static_cast<std::size_t>(kPeakQuantity[p]);
        const Eigen::VectorXd& x = series[static_cast<std::size_t>(kPeaks[p])][i];
        const auto [v, n_nan] = window_peak(x, w);
        row.value[q] = v;
        if (!std::isnan(v)) continue;
        if (kPeakQuantity[p] == Quantity::HipAbductionMomentNmPerKg) {
          if (dyn) {
            const std::string why = moment_reason(*dyn, s, w, x);
            moment_notes[i].push_back(where + "): " + why);
            row_notes.push_back("hip abduction moment: " + why);
          }
        } else {
          add_missing(i, q, where + ": " + std::to_string(n_nan) + " NaN frames)");
          row_notes.push_back(std::string(quantity_info()[q].name) + ": " +
                              std::to_string(n_nan) + " missing frames");
        }
      }
      for (std::size_t q = 0; q < kQuantityCount; ++q) per_side[i][q].push_back(row.value[q]);
      row.note = join(row_notes, "; ");
      out.stances.push_back(std::move(row));
    }
  }
  for (Side s : kSides) {
    if (per_side[side_index(s)][0].empty()) {
      notes.push_back("No complete " + side_name(s) + " stance (foot strike followed by a foot off of the " +
                      side_name(s) + " foot): no " + side_name(s) + " peaks.");
    }
  }
  for (const auto& [key, where] : missing) {
    notes.push_back(capitalised(short_label(quantity_info()[key.second].label)) + ", " +
                    side_name(kSides[key.first]) + ": " + std::to_string(where.size()) +
                    " stance(s) give NaN: " + join(where, "; ") + ".");
  }
  for (Side s : kSides) {
    const std::size_t i = side_index(s);
    const auto& m = per_side[i][static_cast<std::size_t>(Quantity::HipAbductionMomentNmPerKg)];
    out.moments_available[i] =
        std::any_of(m.begin(), m.end(), [](double x) { return std::isfinite(x); });
    if (moment_notes[i].empty()) continue;
    const std::string head =
        out.moments_available[i]
            ? "Hip abduction moments: " + std::to_string(moment_notes[i].size()) + " " +
                  side_name(s) + " stance(s) not computed"
            : "Hip abduction moments: the " + side_name(s) + " stances had no usable force plate";
    notes.push_back(head + " (" + join(moment_notes[i], "; ") + ").");
  }

  // Curves per gait cycle.
  for (Side s : kSides) {
    const std::size_t i = side_index(s);
    std::vector<Eigen::Index> offs;
    for (const auto& e : ev.events) {
      if (e.kind == events::EventKind::FootOff && e.side == s) offs.push_back(e.frame);
    }
    // A strike-to-strike window is one gait cycle only if it holds exactly one foot off of that
    // side and is not much longer than the others (events that skip a stride, a missed strike):
    // other windows would blend two strides into one curve.
    const std::vector<events::Window> windows = events::gait_cycles(ev.events, s);
    std::vector<double> lengths;
    for (const auto& w : windows) lengths.push_back(static_cast<double>(w.end - w.begin));
    const double med = lengths.empty() ? kNaN : median(lengths);
    std::vector<std::pair<Eigen::Index, Eigen::Index>> cycles;
    std::vector<std::string> skipped;
    std::vector<double> percent;
    for (const auto& w : windows) {
      const auto inside = std::count_if(offs.begin(), offs.end(),
                                        [&](Eigen::Index f) { return w.begin < f && f < w.end; });
      if (inside == 1 && static_cast<double>(w.end - w.begin) <= 1.5 * med) {
        cycles.emplace_back(w.begin, w.end);
        const auto f = *std::find_if(offs.begin(), offs.end(),
                                     [&](Eigen::Index x) { return w.begin < x && x < w.end; });
        percent.push_back(100.0 * static_cast<double>(f - w.begin) /
                          static_cast<double>(w.end - w.begin));
      } else {
        skipped.push_back("frames " + std::to_string(w.begin) + "-" + std::to_string(w.end));
      }
    }
    if (!skipped.empty()) {
      notes.push_back(capitalised(side_name(s)) + " curves: " + std::to_string(skipped.size()) +
                      " strike-to-strike window(s) left out (" + join(skipped, ", ") +
                      "): not exactly one foot off inside, or longer than 1.5 times the median "
                      "cycle, so probably more than one stride.");
    }
    out.curves.cycles[i] = cycles;
    out.curves.foot_off_percent[i] =
        percent.empty() ? kNaN
                        : std::accumulate(percent.begin(), percent.end(), 0.0) /
                              static_cast<double>(percent.size());
    std::vector<std::pair<double, double>> spans;
    for (const auto& [b, e] : cycles) spans.emplace_back(static_cast<double>(b), static_cast<double>(e));
    for (std::size_t c = 0; c < kCurveCount; ++c) {
      auto& dst = out.curves.data[c][i];
      if (cycles.empty()) {
        dst.resize(0, 101);
        continue;
      }
      const Channels stacked = signal::time_normalise_cycles(series[c][i], spans, 101);
      dst = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
          stacked.data(), static_cast<Eigen::Index>(cycles.size()), 101);
    }
    if (cycles.empty()) {
      notes.push_back("No complete " + side_name(s) + " gait cycle (foot strike to the next " +
                      side_name(s) + " foot strike): no " + side_name(s) + " curves.");
    }
  }

  // Summary.
  for (std::size_t q = 0; q < kQuantityCount; ++q) {
    SummaryRow& row = out.summary[q];
    row.quantity = static_cast<Quantity>(q);
    Eigen::VectorXd left, right;
    row.left = side_statistics(per_side[0][q], left, options.n_resamples, options.seed);
    row.right = side_statistics(per_side[1][q], right, options.n_resamples, options.seed);
    const std::string label = capitalised(short_label(quantity_info()[q].label));
    row.difference = asymmetry_of_means(SymmetryMeasure::Difference, left, right, options.reference,
                                        options.n_resamples, options.seed);
    row.symmetry_index = asymmetry_of_means(SymmetryMeasure::Index, left, right,
                                            options.reference, options.n_resamples, options.seed);
    row.symmetry_angle = asymmetry_of_means(SymmetryMeasure::Angle, left, right,
                                            options.reference, options.n_resamples, options.seed);
    for (const AsymmetryEstimate* e : {&row.symmetry_index, &row.symmetry_angle}) {
      if (!e->note.empty()) notes.push_back(label + ": " + e->note + ".");
    }
  }
  // The static trial's standing obliquity: the drops above are relative to the lab
  // horizontal; say how far the standing posture moves them (not applied: a note).
  if (static_trial != nullptr) {
    std::string why;
    const auto stand = static_pelvic_obliquity(*static_trial, params, why);
    const SummaryRow& drop = out.summary[static_cast<std::size_t>(Quantity::PelvicDropDeg)];
    if (!stand) {
      notes.push_back("Static trial: standing pelvic obliquity not computed (" +
                      shortened(why, 300, "...") + ").");
    } else {
      const double l = (*stand)[0] * kDegPerRad, r = (*stand)[1] * kDegPerRad;
      std::string text = "Static trial: standing pelvic obliquity left " +
                         format("%+.1f\xC2\xB0, right %+.1f\xC2\xB0", l, r) +
                         " (this side up +). The pelvic drops are relative to the lab horizontal, "
                         "not to this standing posture (no static offset is subtracted)";
      if (std::isfinite(drop.left.mean) && std::isfinite(drop.right.mean)) {
        text += "; relative to it the side means would be left " +
                format("%.1f\xC2\xB0, right %.1f\xC2\xB0", drop.left.mean - l, drop.right.mean - r);
      }
      notes.push_back(text +
                      ". A standing obliquity of a few degrees comes from a leg-length "
                      "difference, posture or pelvic marker placement.");
    }
  }
  return out;
}

}  // namespace hipmech::report
