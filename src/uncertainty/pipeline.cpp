// TrialPipeline: report::analyse's numerical path with the nominal analysis's events, contacts,
// parameters and settings held fixed (pipeline.hpp). What is fixed is prepared once here; what a
// draw perturbs (markers, hip centres, subject measurements, segment parameters, centres of
// pressure) goes through evaluate(), which builds no text and keeps no state.
#include "pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "hipmech/core/check.hpp"
#include "hipmech/core/error.hpp"
#include "hipmech/core/lab_axes.hpp"
#include "hipmech/dynamics/foot_loads.hpp"
#include "hipmech/dynamics/lower_limb.hpp"
#include "hipmech/events/window_peak.hpp"
#include "hipmech/geometry/cardan.hpp"
#include "hipmech/io/markers.hpp"
#include "hipmech/knee/knee_angles.hpp"
#include "hipmech/model/joint_angles.hpp"
#include "hipmech/model/plug_in_gait.hpp"
#include "hipmech/pelvis/pelvis_angles.hpp"
#include "hipmech/pelvis/progression.hpp"
#include "hipmech/signal/zero_lag.hpp"

namespace hipmech::uncertainty::detail {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDegPerRad = 180.0 / geometry::detail::kPi;  // as report::analyse
constexpr int kFilterOrder = 2;                               // report::analyse's filter order
constexpr std::array<Side, 2> kSides = {Side::Left, Side::Right};

constexpr std::size_t curve_index(report::Curve c) {
  return static_cast<std::size_t>(c);
}
constexpr std::size_t quantity_index(report::Quantity q) {
  return static_cast<std::size_t>(q);
}

/// A nominal stance: its side, [foot strike, foot off) and single support (-1: unknown).
struct StanceSpec {
  std::size_t side = 0;
  Eigen::Index begin = 0, end = 0, ss_begin = -1, ss_end = -1;
};

/// The frames of one foot's load that came from one plate, and that plate's force there [N].
struct PlateShare {
  std::vector<Eigen::Index> frames;
  std::vector<Eigen::Vector3d> force_n;
};

}  // namespace

struct TrialPipeline::Impl {
  Eigen::Index n = 0;
  double rate_hz = 0.0;
  double mass_kg = 0.0;
  std::optional<double> cutoff_hz;
  report::TrialSummary nominal;
  model::PigParameters parameters;  // nominal.parameters without its notes
  std::vector<std::string> names;
  std::vector<Trajectory> raw, filtered;
  bool feet = false;  // the nominal inverse dynamics ran: evaluate() builds feet and moments
  Eigen::Matrix3d R_lab_progression = Eigen::Matrix3d::Identity();
  // Inverse dynamics, fixed from the nominal analysis.
  dynamics::FootLoads loads;  // notes cleared
  std::array<dynamics::LegInertia, 2> inertia;
  /// Unit vector from the distal to the proximal end of each segment (foot, shank, thigh) in
  /// its frame (the endpoints pig_leg_inertia fixed), per side.
  std::array<std::array<Eigen::Vector3d, kSegmentCount>, 2> towards_proximal;
  dynamics::LowerLimbOptions limb;
  std::array<int, 2> horizontal{0, 1};  // the lab axes other than up, in x, y, z order
  std::size_t n_plates = 0;
  std::vector<std::array<PlateShare, 2>> plate_share;  // [plate][side]
  std::vector<StanceSpec> stances;
};

namespace {

/// The Plug-in Gait markers report::analyse's model reads from `trial` (PelvisRear::Auto: SACR
/// when present, else LPSI and RPSI; TOE when the trial has it), in pig_markers' order.
std::vector<std::string> pipeline_markers(const io::Trial& trial) {
  const auto has = [&](const std::string& name) {
    const Eigen::Index i = trial.find_point(name);
    return i >= 0 && trial.points[static_cast<std::size_t>(i)].kind == io::PointKind::Marker;
  };
  std::vector<std::string> names = {"LASI", "RASI"};
  if (has("SACR")) {
    names.emplace_back("SACR");
  } else {
    names.insert(names.end(), {"LPSI", "RPSI"});
  }
  for (Side s : kSides) {
    for (const char* m : {"THI", "KNE", "TIB", "ANK", "TOE"}) {
      const std::string name = io::side_marker(s, m);
      if (has(name)) names.push_back(name);
    }
  }
  return names;
}

io::Markers markers_of(const std::vector<std::string>& names,
                       const std::vector<Trajectory>& values) {
  io::Markers m;
  for (std::size_t k = 0; k < names.size(); ++k) m.add(names[k], values[k]);
  return m;
}

}  // namespace

TrialPipeline::TrialPipeline(const io::Trial& trial, const report::TrialSummary& nominal,
                             const report::AnalysisOptions& options, const io::Trial* static_trial)
    : impl_(std::make_unique<Impl>()) {
  // The static trial's work (foot offsets, inter-ASIS distance) is in nominal.parameters.
  (void)static_trial;
  Impl& I = *impl_;
  HIPMECH_CHECK_ARG(
      nominal.n_frames == trial.n_frames() && nominal.point_rate_hz == trial.point_rate_hz,
      "nominal", "report::analyse of this trial (same frames and point rate)",
      std::to_string(nominal.n_frames) + " frames at " +
          hipmech::detail::to_message(nominal.point_rate_hz) + " Hz against the trial's " +
          std::to_string(trial.n_frames()) + " at " +
          hipmech::detail::to_message(trial.point_rate_hz) + " Hz");
  HIPMECH_CHECK_ARG(
      nominal.cutoff_hz == options.cutoff_hz && nominal.moment_frame == options.moment_frame &&
          nominal.reference == options.reference,
      "options", "the analysis settings of `nominal` (cutoff_hz, moment_frame, reference)",
      "other settings");
  HIPMECH_CHECK_ARG(std::isfinite(nominal.body_mass_kg) && nominal.body_mass_kg > 0, "nominal",
                    "an analysis with a body mass", nominal.body_mass_kg);
  I.n = trial.n_frames();
  I.rate_hz = trial.point_rate_hz;
  I.mass_kg = nominal.body_mass_kg;
  I.cutoff_hz = options.cutoff_hz;
  I.nominal = nominal;
  I.parameters = nominal.parameters;
  I.parameters.notes.clear();

  I.names = pipeline_markers(trial);
  for (const std::string& name : I.names) I.raw.push_back(trial.marker(name));
  filter(I.raw, I.filtered);
  const bool has_toes = std::count_if(I.names.begin(), I.names.end(), [](const std::string& s) {
                          return s == "LTOE" || s == "RTOE";
                        }) == 2;

  // The nominal inverse dynamics, exactly as report::analyse runs it: its contacts, foot loads
  // and segment inertia are what every evaluation keeps.
  std::optional<dynamics::TrialDynamics> dyn;
  dynamics::TrialDynamicsOptions d;
  d.cutoff_hz = options.cutoff_hz ? *options.cutoff_hz : kNaN;
  d.filter.order = kFilterOrder;
  d.limb.frame = options.moment_frame;
  if (!trial.force_plates.empty() && has_toes) {
    try {
      dyn = dynamics::lower_limb_dynamics(trial, nominal.parameters, I.mass_kg, nominal.events, d);
    } catch (const std::invalid_argument&) {  // analyse: "not computed" (NaN moments)
    } catch (const std::runtime_error&) {
    }
  }
  I.feet = dyn.has_value();
  I.limb = d.limb;
  I.limb.gravity_mps2 = -d.limb.gravity_mps2.norm() * unit_vector(trial.lab_axes.up());
  const int up = axis_index(trial.lab_axes.up());
  for (int a = 0, k = 0; a < 3; ++a) {
    if (a != up) I.horizontal[static_cast<std::size_t>(k++)] = a;
  }
  I.n_plates = trial.force_plates.size();

  // The nominal body (the model's frames from the nominal filtered markers).
  model::PigOptions model_options;
  model_options.feet = I.feet;
  const io::Markers markers = markers_of(I.names, I.filtered);
  const model::PigLowerBody body = model::plug_in_gait(markers, I.parameters, model_options);
  I.R_lab_progression =
      pelvis::detect_progression(body.pelvis.origin, body.pelvis.R_lab_segment, trial.lab_axes,
                                 pelvis::default_min_displacement_m)
          .R_lab_progression;

  if (dyn) {
    I.loads = dyn->dynamics.loads;
    I.loads.notes.clear();
    for (std::size_t s = 0; s < 2; ++s) {
      I.inertia[s] = dyn->dynamics.leg[s].inertia;
      // The segment endpoints pig_leg_inertia fixed in each segment frame.
      const TrajectoryMap toe = markers.get(s == 0 ? "LTOE" : "RTOE");
      const geometry::SegmentFrames* frames[3] = {&body.foot[s], &body.shank[s], &body.thigh[s]};
      const Trajectory* proximal[3] = {&body.ankle_centre[s], &body.knee_centre[s],
                                       &body.hip_centre[s]};
      for (std::size_t k = 0; k < kSegmentCount; ++k) {
        const Eigen::Vector3d p = dynamics::detail::local_point(*frames[k], *proximal[k]);
        const Eigen::Vector3d q = k == 0
                                      ? dynamics::detail::local_point(*frames[k], toe)
                                      : dynamics::detail::local_point(*frames[k], *proximal[k - 1]);
        I.towards_proximal[s][k] = (p - q).normalized();
      }
    }
    // Each plate's share of each foot's load: foot_loads() with that plate's contacts only
    // (accepted and rejected). A frame the nominal loads take from plates gets, from plate p,
    // exactly what the nominal call added from p: its accepted contacts, and the frame either
    // side of them, follow rules that look at that plate's contacts only; a frame another
    // plate made NaN is NaN in the nominal loads and is not used. One call filters one plate's
    // channels (the nominal call's filter, so the same values).
    dynamics::FootLoadOptions lo;
    lo.cutoff_hz = d.force_cutoff_hz.value_or(d.cutoff_hz);
    lo.filter = d.filter;
    lo.cop_margin_m = d.cop_margin_m;
    lo.resampling = d.force_resampling;
    I.plate_share.resize(I.n_plates);
    for (std::size_t p = 0; p < I.n_plates; ++p) {
      events::ForcePlateEvents only_p;
      for (const events::PlateContact& c : dyn->contacts.contacts) {
        if (static_cast<std::size_t>(c.plate) == p) only_p.contacts.push_back(c);
      }
      for (const events::RejectedContact& r : dyn->contacts.rejected) {
        if (static_cast<std::size_t>(r.contact.plate) == p) only_p.rejected.push_back(r);
      }
      if (only_p.contacts.empty()) continue;
      const dynamics::FootLoads only = dynamics::foot_loads(
          trial.force_plates, trial.analog.rate_hz, I.rate_hz, I.n, only_p, nominal.events, lo);
      for (std::size_t s = 0; s < 2; ++s) {
        for (Eigen::Index f = 0; f < I.n; ++f) {
          if (I.loads.source[s][f] != dynamics::LoadSource::Plate ||
              only.source[s][f] != dynamics::LoadSource::Plate) {
            continue;
          }
          const Eigen::Vector3d F = only.load[s].force_n.row(f).transpose();
          if (!F.allFinite() || F.isZero(0.0)) continue;
          I.plate_share[p][s].frames.push_back(f);
          I.plate_share[p][s].force_n.push_back(F);
        }
      }
    }
  }

  for (const report::StanceRow& row : nominal.stances) {
    StanceSpec st;
    st.side = row.side == Side::Left ? 0 : 1;
    st.begin = row.foot_strike_frame;
    st.end = row.foot_off_frame;
    st.ss_begin = row.single_support_begin;
    st.ss_end = row.single_support_end;
    HIPMECH_CHECK_ARG(st.begin >= 0 && st.begin <= st.end && st.end <= I.n, "nominal",
                      "stances inside the trial's frames",
                      "[" + std::to_string(st.begin) + ", " + std::to_string(st.end) + ")");
    I.stances.push_back(st);
  }
}

TrialPipeline::~TrialPipeline() = default;

Eigen::Index TrialPipeline::n_frames() const {
  return impl_->n;
}
double TrialPipeline::rate_hz() const {
  return impl_->rate_hz;
}
const std::vector<std::string>& TrialPipeline::marker_names() const {
  return impl_->names;
}
const std::vector<Trajectory>& TrialPipeline::raw_markers() const {
  return impl_->raw;
}
const std::vector<Trajectory>& TrialPipeline::filtered_markers() const {
  return impl_->filtered;
}
std::size_t TrialPipeline::n_plates() const {
  return impl_->n_plates;
}
const report::TrialSummary& TrialPipeline::nominal() const {
  return impl_->nominal;
}

void TrialPipeline::filter(const std::vector<Trajectory>& raw,
                           std::vector<Trajectory>& filtered) const {
  const Impl& I = *impl_;
  const std::size_t m = I.names.size();
  HIPMECH_CHECK_SIZE(raw.size(), m, "raw", "markers");
  for (std::size_t k = 0; k < m; ++k) HIPMECH_CHECK_SIZE(raw[k].rows(), I.n, "raw", "frames");
  filtered.resize(m);
  if (!I.cutoff_hz) {
    for (std::size_t k = 0; k < m; ++k) filtered[k] = raw[k];
    return;
  }
  // All markers side by side in one call: the filter runs each column on its own (the gap-free
  // runs of a column with gaps, the complete columns together), with the same arithmetic per
  // column whatever the others (signal::detail::filtfilt_rows): the values are analyse's, which
  // filters marker by marker, bit for bit.
  Channels wide(I.n, static_cast<Eigen::Index>(3 * m));
  for (std::size_t k = 0; k < m; ++k) wide.middleCols(static_cast<Eigen::Index>(3 * k), 3) = raw[k];
  signal::ZeroLagOptions f;
  f.order = kFilterOrder;
  f.nan = signal::GapPolicy::Runs;
  const signal::FilterResult r = signal::zero_lag_butterworth(wide, I.rate_hz, *I.cutoff_hz, f);
  for (std::size_t k = 0; k < m; ++k) {
    filtered[k] = r.values.middleCols(static_cast<Eigen::Index>(3 * k), 3);
  }
}

void TrialPipeline::evaluate(const std::vector<Trajectory>& filtered, const Systematic& systematic,
                             Output& out) const {
  const Impl& I = *impl_;
  const std::size_t m = I.names.size();
  HIPMECH_CHECK_SIZE(filtered.size(), m, "filtered", "markers");
  for (std::size_t k = 0; k < m; ++k) {
    HIPMECH_CHECK_SIZE(filtered[k].rows(), I.n, "filtered", "frames");
  }
  HIPMECH_CHECK_ARG(systematic.cop_offset_m.empty() || systematic.cop_offset_m.size() == I.n_plates,
                    "systematic.cop_offset_m", "none or one offset per force plate",
                    systematic.cop_offset_m.size());

  // Model: the nominal parameters with the measurement errors, the hip centres moved.
  model::PigParameters p = I.parameters;
  for (std::size_t i = 0; i < 2; ++i) {
    p.knee_width_m[i] += systematic.knee_width_delta_m[i];
    p.ankle_width_m[i] += systematic.ankle_width_delta_m[i];
    p.leg_length_m[i] += systematic.leg_length_delta_m[i];
  }
  model::PigOptions model_options;
  model_options.feet = I.feet;
  model_options.hip_centre_offset_m = systematic.hip_centre_offset_m;
  const model::PigLowerBody body =
      model::plug_in_gait(markers_of(I.names, filtered), p, model_options);

  // Curves, as report::analyse builds them [deg].
  auto& curves = out.curves;
  for (Side s : kSides) {
    const std::size_t i = s == Side::Left ? 0 : 1;
    const Trajectory pa = pelvis::pelvis_angles(
        body.pelvis.R_lab_segment, s, pelvis::PelvisConvention::Baker, I.R_lab_progression);
    const Trajectory hip = model::joint_angles(body.pelvis.R_lab_segment,
                                               body.thigh[i].R_lab_segment, s, model::Joint::Hip);
    const knee::KneeAngles knee =
        knee::knee_angles(body.thigh[i].R_lab_segment, body.shank[i].R_lab_segment, s);
    curves[curve_index(report::Curve::PelvicObliquityDeg)][i] = pa.col(1) * kDegPerRad;
    curves[curve_index(report::Curve::HipAdductionDeg)][i] = hip.col(1) * kDegPerRad;
    curves[curve_index(report::Curve::HipFlexionDeg)][i] = hip.col(0) * kDegPerRad;
    curves[curve_index(report::Curve::KneeFlexionDeg)][i] = knee.rad.col(0) * kDegPerRad;
    curves[curve_index(report::Curve::KneeValgusDeg)][i] = -knee.rad.col(1) * kDegPerRad;
  }

  // Kinetics: the nominal loads with each plate's centre of pressure moved, the perturbed
  // segment inertia.
  constexpr std::size_t kMoment = curve_index(report::Curve::HipAbductionMomentNmPerKg);
  if (I.feet) {
    dynamics::FootLoads loads = I.loads;
    for (std::size_t plate = 0; plate < systematic.cop_offset_m.size(); ++plate) {
      const Eigen::Vector2d& o = systematic.cop_offset_m[plate];
      if (o.isZero(0.0)) continue;
      Eigen::Vector3d delta = Eigen::Vector3d::Zero();
      delta[I.horizontal[0]] = o[0];
      delta[I.horizontal[1]] = o[1];
      // The loads hold each foot's force and its moment about the lab origin (foot_loads: the
      // plate moment moved there, M_O + O x F); the force applied at c + delta instead of c
      // adds delta x F to that moment.
      for (std::size_t s = 0; s < 2; ++s) {
        const PlateShare& share = I.plate_share[plate][s];
        for (std::size_t j = 0; j < share.frames.size(); ++j) {
          loads.load[s].moment_nm.row(share.frames[j]) += delta.cross(share.force_n[j]).transpose();
        }
      }
    }
    std::array<dynamics::LegInertia, 2> inertia = I.inertia;
    for (std::size_t s = 0; s < 2; ++s) {
      for (std::size_t k = 0; k < kSegmentCount; ++k) {
        const double e_mass = systematic.segment_mass_rel[s][k];
        const double e_com = systematic.segment_com_fraction[s][k];
        const double e_gyr = systematic.segment_gyration_rel[s][k];
        if (e_mass == 0.0 && e_com == 0.0 && e_gyr == 0.0) continue;
        dynamics::SegmentInertia& seg = inertia[s].segment[k];
        seg.mass_kg *= 1.0 + e_mass;
        seg.com_m += e_com * inertia[s].length_m[k] * I.towards_proximal[s][k];
        // I = m k^2 about the centre of mass: both the mass and the radii scale it.
        seg.inertia_kgm2 *= (1.0 + e_mass) * (1.0 + e_gyr) * (1.0 + e_gyr);
      }
    }
    const dynamics::LowerLimbDynamics dyn = dynamics::lower_limb_dynamics(
        body, inertia, std::move(loads), I.mass_kg, I.rate_hz, I.limb);
    for (std::size_t i = 0; i < 2; ++i) {
      curves[kMoment][i] = -dyn.leg[i].hip.clinical_nm.col(1) / I.mass_kg;
    }
  } else {
    for (std::size_t i = 0; i < 2; ++i) curves[kMoment][i].setConstant(I.n, kNaN);
  }

  // Peaks over the nominal windows (events::window_peak, the rule of report::analyse): the
  // drop over single support (pelvis::contralateral_drop: the stance side's obliquity, no
  // static offset), the others over [foot strike, foot off).
  constexpr std::array<report::Curve, 3> kPeakCurve = {report::Curve::KneeValgusDeg,
                                                       report::Curve::HipAdductionDeg,
                                                       report::Curve::HipAbductionMomentNmPerKg};
  constexpr std::array<report::Quantity, 3> kPeakQuantity = {
      report::Quantity::KneeValgusDeg, report::Quantity::HipAdductionDeg,
      report::Quantity::HipAbductionMomentNmPerKg};
  out.peaks.resize(I.stances.size());
  out.peak_frames.resize(I.stances.size());
  for (std::size_t r = 0; r < I.stances.size(); ++r) {
    const StanceSpec& st = I.stances[r];
    auto& value = out.peaks[r];
    auto& frame = out.peak_frames[r];
    const auto peak_of = [&](const Eigen::VectorXd& x, Eigen::Index begin, Eigen::Index end,
                             std::size_t q) {
      const events::WindowPeak w =
          events::window_peak([&](Eigen::Index f) { return x[f]; }, begin, end);
      value[q] = w.value;
      frame[q] = w.frame;
    };
    constexpr std::size_t kDrop = quantity_index(report::Quantity::PelvicDropDeg);
    if (st.ss_begin >= 0 && st.ss_end > st.ss_begin) {
      peak_of(curves[curve_index(report::Curve::PelvicObliquityDeg)][st.side], st.ss_begin,
              st.ss_end, kDrop);
    } else {
      value[kDrop] = kNaN;
      frame[kDrop] = -1;
    }
    for (std::size_t k = 0; k < kPeakCurve.size(); ++k) {
      peak_of(curves[curve_index(kPeakCurve[k])][st.side], st.begin, st.end,
              quantity_index(kPeakQuantity[k]));
    }
  }
}

}  // namespace hipmech::uncertainty::detail
