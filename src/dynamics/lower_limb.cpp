// The compiled definitions of <hipmech/dynamics/lower_limb.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/dynamics/lower_limb.hpp"

namespace hipmech::dynamics::detail {

Eigen::Vector3d local_point(const geometry::SegmentFrames& frames, const TrajectoryCRef& p) {
  std::array<std::vector<double>, 3> v;
  for (Eigen::Index f = 0; f < frames.n_frames(); ++f) {
    const Eigen::Vector3d q = geometry::rotation_at(frames.R_lab_segment, f).transpose() *
                              (p.row(f) - frames.origin.row(f)).transpose();
    if (!q.allFinite()) continue;
    for (std::size_t k = 0; k < 3; ++k) v[k].push_back(q[static_cast<Eigen::Index>(k)]);
  }
  Eigen::Vector3d out = Eigen::Vector3d::Constant(std::numeric_limits<double>::quiet_NaN());
  if (v[0].empty()) return out;
  for (std::size_t k = 0; k < 3; ++k) {
    auto mid = v[k].begin() + static_cast<std::ptrdiff_t>(v[k].size() / 2);
    std::nth_element(v[k].begin(), mid, v[k].end());
    out[static_cast<Eigen::Index>(k)] = *mid;
  }
  return out;
}

}  // namespace hipmech::dynamics::detail

namespace hipmech::dynamics {

LegInertia pig_leg_inertia(const model::PigLowerBody& body, Side side, const TrajectoryCRef& toe_m,
                           double body_mass_kg, BspTable table) {
  check_positive(body_mass_kg, "body_mass_kg", "kg");
  const std::size_t s = side == Side::Left ? 0 : 1;
  const Eigen::Index n = body.hip_centre[s].rows();
  HIPMECH_CHECK_ARG(body.foot[s].n_frames() == n, "body",
                    "a Plug-in Gait body with feet (PigOptions::feet)", "no feet");
  check_same_frames(toe_m.rows(), n, "toe_m", "body");
  struct Spec {
    const geometry::SegmentFrames* frames;
    const char* name;
    TrajectoryCRef proximal, distal;
  };
  const Spec specs[3] = {
      {&body.foot[s], "foot", body.ankle_centre[s], toe_m},
      {&body.shank[s], "shank", body.knee_centre[s], body.ankle_centre[s]},
      {&body.thigh[s], "thigh", body.hip_centre[s], body.knee_centre[s]},
  };
  LegInertia out;
  for (std::size_t k = 0; k < 3; ++k) {
    const Eigen::Vector3d p = detail::local_point(*specs[k].frames, specs[k].proximal);
    const Eigen::Vector3d d = detail::local_point(*specs[k].frames, specs[k].distal);
    HIPMECH_CHECK_ARG(p.allFinite() && d.allFinite(), "body",
                      std::string("at least one frame defining the ") +
                          std::string(to_string(side)) + " " + specs[k].name,
                      "no such frame (markers missing throughout)");
    out.segment[k] = segment_inertia(find_segment(table, specs[k].name), body_mass_kg, p, d, side);
    out.length_m[k] = (d - p).norm();
  }
  return out;
}

LowerLimbDynamics lower_limb_dynamics(const model::PigLowerBody& body,
                                      const std::array<TrajectoryCRef, 2>& toe_m, FootLoads loads,
                                      double body_mass_kg, double rate_hz,
                                      const LowerLimbOptions& options) {
  check_positive(body_mass_kg, "body_mass_kg", "kg");
  check_positive(rate_hz, "rate_hz", "Hz");
  const Eigen::Index n = body.pelvis.n_frames();
  std::array<LegInertia, 2> inertia;
  for (std::size_t s = 0; s < 2; ++s) {
    const Side side = s == 0 ? Side::Left : Side::Right;
    HIPMECH_CHECK_SIZE(loads.load[s].force_n.rows(), n, "loads", "frames");
    inertia[s] = pig_leg_inertia(body, side, toe_m[s], body_mass_kg, options.table);
  }
  return lower_limb_dynamics(body, inertia, std::move(loads), body_mass_kg, rate_hz, options);
}

LowerLimbDynamics lower_limb_dynamics(const model::PigLowerBody& body,
                                      const std::array<LegInertia, 2>& inertia, FootLoads loads,
                                      double body_mass_kg, double rate_hz,
                                      const LowerLimbOptions& options) {
  check_positive(body_mass_kg, "body_mass_kg", "kg");
  check_positive(rate_hz, "rate_hz", "Hz");
  LowerLimbDynamics out;
  const Eigen::Index n = body.pelvis.n_frames();
  for (std::size_t s = 0; s < 2; ++s) {
    const Side side = s == 0 ? Side::Left : Side::Right;
    HIPMECH_CHECK_SIZE(loads.load[s].force_n.rows(), n, "loads", "frames");
    HIPMECH_CHECK_ARG(body.foot[s].n_frames() == n, "body",
                      "a Plug-in Gait body with feet (PigOptions::feet)", "no feet");
    LegDynamics& leg = out.leg[s];
    leg.inertia = inertia[s];
    const std::vector<LimbSegment> chain = {
        {body.foot[s].R_lab_segment, body.foot[s].origin, body.ankle_centre[s],
         leg.inertia.segment[0]},
        {body.shank[s].R_lab_segment, body.shank[s].origin, body.knee_centre[s],
         leg.inertia.segment[1]},
        {body.thigh[s].R_lab_segment, body.thigh[s].origin, body.hip_centre[s],
         leg.inertia.segment[2]},
    };
    NewtonEulerOptions ne;
    ne.gravity_mps2 = options.gravity_mps2;
    ne.inertial = options.inertial;
    std::vector<JointLoads> j = newton_euler_3d(chain, loads.load[s], rate_hz, ne);
    JointDynamics* joints[3] = {&leg.ankle, &leg.knee, &leg.hip};
    // The ankle's proximal frame: the malleolar shank (the ankle's flexion axis, as the ankle
    // angles) for the JCS; Plug-in Gait's "proximal" option uses the knee's shank (Vicon's
    // untorsioned tibia; pyCGM2 reproduces Vicon this way). They differ by the tibial torsion.
    const geometry::SegmentFrames& ankle_proximal =
        options.frame == MomentFrame::Jcs &&
                body.shank_malleolar[s].n_frames() == body.shank[s].n_frames()
            ? body.shank_malleolar[s]
            : body.shank[s];
    const geometry::SegmentFrames* proximal[3] = {&ankle_proximal, &body.thigh[s], &body.pelvis};
    const geometry::SegmentFrames* distal[3] = {&body.foot[s], &body.shank[s], &body.thigh[s]};
    const model::Joint kinds[3] = {model::Joint::Ankle, model::Joint::Knee, model::Joint::Hip};
    for (std::size_t k = 0; k < 3; ++k) {
      joints[k]->force_n = std::move(j[k].force_n);
      joints[k]->moment_nm = std::move(j[k].moment_nm);
      if (options.frame == MomentFrame::Global) {
        joints[k]->clinical_nm = joints[k]->moment_nm;
      } else {
        joints[k]->clinical_nm =
            clinical_moments(joints[k]->moment_nm, proximal[k]->R_lab_segment,
                             distal[k]->R_lab_segment, side, kinds[k], options.frame);
      }
      if (options.external) joints[k]->clinical_nm *= -1.0;
    }
  }
  out.loads = std::move(loads);
  out.body_mass_kg = body_mass_kg;
  out.rate_hz = rate_hz;
  out.frame = options.frame;
  out.external = options.external;
  return out;
}

TrialDynamics lower_limb_dynamics(const io::Trial& trial, const model::PigParameters& parameters,
                                  double body_mass_kg,
                                  const std::vector<events::GaitEvent>& gait_events,
                                  const TrialDynamicsOptions& options) {
  if (std::isnan(body_mass_kg)) body_mass_kg = trial.subject.body_mass_kg;
  HIPMECH_CHECK_ARG(std::isfinite(body_mass_kg) && body_mass_kg > 0.0, "body_mass_kg",
                    "a positive body mass in kg (the trial's subject parameters have none)",
                    body_mass_kg);
  HIPMECH_CHECK_ARG(!trial.force_plates.empty(), "trial", "at least one force plate",
                    "no force plates");
  HIPMECH_CHECK_ARG(std::isnan(options.cutoff_hz) || options.cutoff_hz > 0.0, "options.cutoff_hz",
                    "a positive cut-off in Hz or NaN (no filtering)", options.cutoff_hz);
  HIPMECH_CHECK_ARG(!options.force_cutoff_hz || std::isnan(*options.force_cutoff_hz) ||
                        *options.force_cutoff_hz > 0.0,
                    "options.force_cutoff_hz", "a positive cut-off in Hz or NaN (no filtering)",
                    options.force_cutoff_hz.value_or(0.0));
  const double rate_hz = trial.point_rate_hz;
  // Markers, filtered run by run (gaps stay NaN).
  std::vector<std::pair<std::string, Trajectory>> filtered;
  for (const io::Point& p : trial.points) {
    if (p.kind != io::PointKind::Marker) continue;
    if (std::isnan(options.cutoff_hz)) {
      filtered.emplace_back(p.name, p.values);
      continue;
    }
    signal::ZeroLagOptions o = options.filter;
    o.nan = signal::GapPolicy::Runs;
    filtered.emplace_back(
        p.name,
        Trajectory(signal::zero_lag_butterworth(p.values, rate_hz, options.cutoff_hz, o).values));
  }
  io::Markers markers;
  for (const auto& [name, values] : filtered) markers.add(name, values);
  TrialDynamics out;
  model::PigOptions model_options = options.model;
  model_options.feet = true;
  out.body = model::plug_in_gait(markers, parameters, model_options);
  out.contacts = events::from_force_plates(events::plate_views(trial), trial.analog.rate_hz,
                                           markers, rate_hz, trial.lab_axes, options.contacts);
  FootLoadOptions load_options;
  load_options.cutoff_hz = options.force_cutoff_hz.value_or(options.cutoff_hz);
  load_options.filter = options.filter;
  load_options.cop_margin_m = options.cop_margin_m;
  load_options.resampling = options.force_resampling;
  FootLoads loads = foot_loads(trial.force_plates, trial.analog.rate_hz, rate_hz, trial.n_frames(),
                               out.contacts, gait_events, load_options);
  LowerLimbOptions limb = options.limb;
  limb.gravity_mps2 = -options.limb.gravity_mps2.norm() * unit_vector(trial.lab_axes.up());
  const TrajectoryMap toe_left = markers.get("LTOE"), toe_right = markers.get("RTOE");
  out.dynamics = lower_limb_dynamics(out.body, {toe_left, toe_right}, std::move(loads),
                                     body_mass_kg, rate_hz, limb);
  return out;
}

}  // namespace hipmech::dynamics
