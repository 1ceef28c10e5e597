/// \file
/// A seeded synthetic walking trial in the Plug-in Gait lower-body marker set, with force
/// plates, gait events and its ground truth: the angles and events it was built with
/// (docs/synth.md). Kinematically driven: the marker trajectories come from prescribed joint
/// angles, the ground reaction from a prescribed force shape; it is not a dynamic simulation.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "hipmech/core/check.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/events/gait_events.hpp"
#include "hipmech/geometry/cardan.hpp"
#include "hipmech/geometry/rotations.hpp"
#include "hipmech/io/force_plate.hpp"
#include "hipmech/io/markers.hpp"
#include "hipmech/io/parameters.hpp"
#include "hipmech/io/trial.hpp"
#include "hipmech/model/hip_joint_centre.hpp"
#include "hipmech/model/plug_in_gait.hpp"
#include "hipmech/pelvis/conventions.hpp"
#include "hipmech/pelvis/pelvis_angles.hpp"
#include "hipmech/synth/random.hpp"

namespace hipmech::synth {

/// A complete stance of one side: its 0-based number among that side's complete stances.
struct StanceRef {
  Side side = Side::Left;
  int index = 0;
};

/// Settings of walking(). Per-side arrays are indexed 0 = left, 1 = right.
struct WalkingSettings {
  /// Body mass [kg], (0, 500].
  double body_mass_kg = 75.0;
  /// Body height [m], [1.0, 2.5]; the anthropometry scales with it (WalkingBody::from_height).
  double height_m = 1.75;
  /// Mean walking speed [m/s], [0.2, 2.5]. The stride length follows from the leg geometry and
  /// the joint angles, so the speed sets the stride time (cadence).
  double speed_mps = 1.3;
  /// Complete gait cycles per side, [1, 100].
  int n_strides = 6;
  /// Marker frame rate [Hz], [50, 1000].
  double point_rate_hz = 100.0;
  /// Force-plate analog rate [Hz]: a whole multiple of point_rate_hz, at most 20000.
  double analog_rate_hz = 1000.0;
  /// Peak contralateral pelvic drop during the single-limb support of each side's stances
  /// [rad] (index = the stance side; positive = the swing side lower), [-0.35, 0.35]. A
  /// negative amplitude raises the swing side instead; the stance's truth peak (the largest
  /// drop, as pelvis::contralateral_drop defines it) is then 0, not the amplitude.
  std::array<double, 2> pelvic_drop_rad{0.07, 0.07};
  /// Peak knee valgus (= -JCS knee adduction) during each side's stances [rad], [-0.35, 0.35];
  /// a negative amplitude bends the knee into varus and the truth's valgus peak is then 0.
  std::array<double, 2> knee_valgus_rad{0.035, 0.035};
  /// SD of the stride-to-stride variation of the stride time, relative, [0, 0.2].
  double stride_time_cv = 0.02;
  /// SD of the stride-to-stride variation of each stance's pelvic drop and knee valgus peaks
  /// and of the hip and knee flexion curves [rad], [0, 0.1].
  double variability_sd_rad = 0.0087;
  /// SD of white noise added to every marker coordinate [m], [0, 0.05].
  double marker_noise_m = 0.0;
  /// Seed of the random numbers (Rng): same seed, bit-identical trial.
  std::uint64_t seed = 1;
  /// Put a force plate under every complete stance (true), or only under plate_stances.
  bool plates_every_stance = true;
  /// Stances with a plate when plates_every_stance is false (empty: no plates).
  std::vector<StanceRef> plate_stances;
};

/// Anthropometry of the synthetic subject [m] (docs/synth.md, "Subject").
struct WalkingBody {
  double height_m = 1.75;
  double leg_length_m = 0.0;                 ///< ASIS to medial malleolus (Plug-in Gait)
  double inter_asis_distance_m = 0.0;
  double asis_trochanter_distance_m = 0.0;   ///< Plug-in Gait's default, 0.1288 L - 0.04856 m
  double knee_width_m = 0.0;
  double ankle_width_m = 0.0;
  double marker_diameter_m = 0.014;
  double pelvic_depth_m = 0.0;               ///< mid-ASIS to mid-PSIS
  double psis_distance_m = 0.0;              ///< PSIS to PSIS
  double thigh_length_m = 0.0;               ///< hip centre to knee centre
  double shank_length_m = 0.0;               ///< knee centre to ankle centre
  double foot_length_m = 0.0;                ///< heel to toe tip
  double ankle_height_m = 0.0;               ///< ankle centre above the sole

  /// Scaled from the height H: leg length 0.52 H, inter-ASIS distance 0.143 H, knee width
  /// 0.057 H, ankle width 0.04 H, pelvic depth 0.09 H, PSIS distance 0.05 H (assumed typical
  /// adult proportions: 0.91, 0.25, 0.10, 0.07, 0.16, 0.09 m at 1.75 m); foot length 0.152 H
  /// and ankle height 0.039 H (Winter 2009, Biomechanics and Motor Control of Human Movement,
  /// 4th ed., Fig. 4.1). Thigh and shank have equal lengths such that the ASIS-to-ankle-centre
  /// distance of the upright leg (hip centre depth below the ASIS + thigh + shank) equals the
  /// leg length.
  /// \throws InvalidArgument naming 'height_m' outside [1.0, 2.5] m.
  static WalkingBody from_height(double height_m) {
    HIPMECH_CHECK_ARG(std::isfinite(height_m) && height_m >= 1.0 && height_m <= 2.5, "height_m",
                      "a height in [1.0, 2.5] m", height_m);
    WalkingBody b;
    const double H = height_m;
    b.height_m = H;
    b.leg_length_m = 0.52 * H;
    b.inter_asis_distance_m = 0.143 * H;
    b.asis_trochanter_distance_m = model::default_asis_trochanter_distance(b.leg_length_m);
    b.knee_width_m = 0.057 * H;
    b.ankle_width_m = 0.04 * H;
    b.pelvic_depth_m = 0.09 * H;
    b.psis_distance_m = 0.05 * H;
    b.foot_length_m = 0.152 * H;
    b.ankle_height_m = 0.039 * H;
    const Eigen::Vector3d hjc = b.hip_centre(Side::Right);
    b.thigh_length_m = 0.5 * (b.leg_length_m + hjc.y());  // hjc.y() < 0: below the ASIS
    b.shank_length_m = b.thigh_length_m;
    return b;
  }

  /// The Plug-in Gait subject measurements of this body (tibial torsion and offsets 0).
  model::PigParameters pig_parameters() const {
    model::PigParameters p;
    p.leg_length_m = {leg_length_m, leg_length_m};
    p.knee_width_m = {knee_width_m, knee_width_m};
    p.ankle_width_m = {ankle_width_m, ankle_width_m};
    p.asis_trochanter_distance_m = {asis_trochanter_distance_m, asis_trochanter_distance_m};
    p.inter_asis_distance_m = inter_asis_distance_m;
    p.marker_diameter_m = marker_diameter_m;
    return p;
  }

  /// Hip joint centre in the pelvis frame (origin mid-ASIS, ISB axes) [m]: Davis et al.
  /// (1991) exactly as model::plug_in_gait computes it from these measurements.
  Eigen::Vector3d hip_centre(Side side) const {
    return model::davis_hip_joint_centre(leg_length_m, inter_asis_distance_m,
                                         asis_trochanter_distance_m, 0.5 * marker_diameter_m,
                                         side);
  }
};

/// One complete stance of the truth, frames 0-based rows of the trial.
struct WalkingStance {
  Side side = Side::Left;
  int index = 0;                           ///< number among the side's complete stances
  Eigen::Index foot_strike_frame = 0;      ///< first frame of the stance
  Eigen::Index foot_off_frame = 0;         ///< the foot off: one past the last stance frame
  Eigen::Index single_support_begin = 0;   ///< the other foot's off
  Eigen::Index single_support_end = 0;     ///< the other foot's strike
  /// Peak contralateral drop: max over [single_support_begin, single_support_end) of the
  /// side's pelvic obliquity (Baker, progression frame) [rad], and its frame.
  double pelvic_drop_rad = 0.0;
  Eigen::Index pelvic_drop_frame = 0;
  /// The amplitude injected (setting + stride variability) [rad]; pelvic_drop_rad is it
  /// sampled at the frames (smaller by at most about 0.5 % at 100 Hz) when it is positive, 0
  /// when it is negative (then no frame drops).
  double pelvic_drop_injected_rad = 0.0;
  /// Peak knee valgus over [foot_strike_frame, foot_off_frame) [rad] (= -knee adduction) and
  /// its frame, and the amplitude injected.
  double knee_valgus_rad = 0.0;
  Eigen::Index knee_valgus_frame = 0;
  double knee_valgus_injected_rad = 0.0;
  /// Peak hip adduction over the stance [rad].
  double hip_adduction_rad = 0.0;
  /// 0-based index of the force plate under this stance, -1 if none.
  int plate = -1;
};

/// The ground truth of a synthetic trial: everything it was built with.
struct WalkingTruth {
  /// Foot strikes and foot offs inside the trial, time order, source "synth".
  std::vector<events::GaitEvent> events;
  /// Complete stances, time order.
  std::vector<WalkingStance> stances;
  /// Per side (0 left, 1 right), #frames by 3 [rad]: model::joint_angles columns (flexion,
  /// adduction, internal rotation) of the hip (pelvis -> thigh) and knee (thigh -> shank).
  std::array<Trajectory, 2> hip_angles, knee_angles;
  /// Per side, #frames by 3 [rad]: (tilt, obliquity, rotation) of the pelvis in the
  /// progression frame (+X forward, Z up), Baker's convention (the pelvis area's default) and
  /// Plug-in Gait's.
  std::array<Trajectory, 2> pelvis_angles_baker, pelvis_angles_pig;
  /// #frames by 9, the pelvis axes in the lab (ISB), as model::plug_in_gait builds them.
  geometry::Rotations R_lab_pelvis;
  /// The subject.
  WalkingBody body;
  /// Nominal stride time [s], stride length [m] and the trial's mean speed [m/s].
  double stride_time_s = 0.0;
  double stride_length_m = 0.0;
  double mean_speed_mps = 0.0;
  /// Largest horizontal slide of a foot while it carries the body (its contact point while
  /// it is the lowest point of both feet) [m], and of the stance foot's heel/forefoot contact
  /// over the whole force-plate stance [m] (docs/synth.md, "Feet").
  double max_anchor_slide_m = 0.0;
  double max_stance_slide_m = 0.0;
};

/// A synthetic trial and its truth.
struct SyntheticWalking {
  io::Trial trial;
  WalkingTruth truth;
};

namespace detail {

constexpr double kPi = 3.14159265358979323846;
constexpr double deg = kPi / 180.0;
/// Fraction of the gait cycle at foot off (Perry & Burnfield 2010: stance 60 %).
constexpr double kFootOff = 0.6;
/// The other foot's off and strike in the cycle (double support 10 %, Perry & Burnfield 2010).
constexpr double kOtherOff = 0.1;
constexpr double kOtherStrike = 0.5;
/// A foot may carry the body from this fraction of the cycle before its strike to this
/// fraction after its foot off (it touches the floor in between, docs/synth.md "Feet").
constexpr double kContactMargin = 0.08;
/// Toe-out (foot progression angle) [rad] and the transducer depth of the plates [m].
constexpr double kToeOut = 6.0 * deg;
constexpr double kPlateDepth = 0.04;

/// A smooth periodic curve through knots (phase in [0, 1), value): cubic Hermite with
/// finite-difference tangents (Catmull-Rom on a non-uniform grid), continuous with its first
/// derivative.
class PeriodicCurve {
 public:
  PeriodicCurve(std::initializer_list<std::pair<double, double>> knots_deg) {
    for (const auto& k : knots_deg) {
      x_.push_back(k.first);
      y_.push_back(k.second * deg);
    }
  }
  double operator()(double phase) const {
    const std::size_t n = x_.size();
    double p = phase - std::floor(phase);
    // Knot i (periodic): x, y with the period added when wrapping.
    auto X = [&](long i) {
      const long m = static_cast<long>(n);
      const long w = ((i % m) + m) % m;
      return x_[static_cast<std::size_t>(w)] + static_cast<double>((i - w) / m);
    };
    auto Y = [&](long i) {
      const long m = static_cast<long>(n);
      return y_[static_cast<std::size_t>(((i % m) + m) % m)];
    };
    long i = static_cast<long>(std::upper_bound(x_.begin(), x_.end(), p) - x_.begin()) - 1;
    if (i < 0) {
      i = static_cast<long>(n) - 1;
      p += 1.0;
    }
    const double x0 = X(i), x1 = X(i + 1);
    const double h = x1 - x0;
    const double m0 = (Y(i + 1) - Y(i - 1)) / (X(i + 1) - X(i - 1)) * h;
    const double m1 = (Y(i + 2) - Y(i)) / (X(i + 2) - X(i)) * h;
    const double t = (p - x0) / h, t2 = t * t, t3 = t2 * t;
    return (2 * t3 - 3 * t2 + 1) * Y(i) + (t3 - 2 * t2 + t) * m0 + (-2 * t3 + 3 * t2) * Y(i + 1) +
           (t3 - t2) * m1;
  }

 private:
  std::vector<double> x_, y_;
};

/// The normative curves, knots at % gait cycle (0 = foot strike, 60 = foot off) in degrees:
/// key values of adult walking at self-selected speed after Perry & Burnfield (2010, ch. 4-7)
/// and Kadaba et al. (1990, J Orthop Res 8:383, Plug-in Gait conventions), docs/synth.md.
struct NormativeCurves {
  PeriodicCurve hip_flexion{{0.00, 36}, {0.10, 33}, {0.30, 13}, {0.50, -10}, {0.60, -6},
                            {0.75, 25}, {0.88, 39}};
  PeriodicCurve knee_flexion{{0.00, 5}, {0.13, 18}, {0.25, 12}, {0.40, 5}, {0.50, 12},
                             {0.60, 42}, {0.72, 62}, {0.82, 45}, {0.92, 12}};
  /// Thigh adduction relative to the lab's frontal plane; hip adduction = this + the side's
  /// pelvic obliquity (the pelvis drop adducts the stance hip).
  PeriodicCurve thigh_adduction{{0.00, 0}, {0.15, 3}, {0.45, 2}, {0.60, -2}, {0.75, -4},
                                {0.90, -1}};
  PeriodicCurve hip_rotation{{0.00, 2}, {0.15, 5}, {0.50, -2}, {0.65, -5}, {0.85, 3}};
  PeriodicCurve knee_rotation{{0.00, -2}, {0.20, 3}, {0.55, 0}, {0.70, -5}, {0.90, -3}};
  /// Foot sole relative to the floor, positive toes up: heel rocker to foot flat at 8 %, flat
  /// to heel rise at 30 %, forefoot rocker to foot off (Perry & Burnfield 2010, ch. 4).
  PeriodicCurve foot_pitch{{0.00, 18}, {0.04, 8}, {0.08, 0}, {0.12, 0}, {0.30, 0},
                           {0.38, -3}, {0.50, -15}, {0.60, -40}, {0.66, -50}, {0.72, -35},
                           {0.85, -5}, {0.93, 10}};
};

inline const NormativeCurves& curves() {
  static const NormativeCurves c;
  return c;
}

/// v^a (1 - v)^b scaled to a maximum of 1 at v = a / (a + b); 0 outside (0, 1).
inline double bump(double v, double a, double b) {
  if (!(v > 0.0 && v < 1.0)) return 0.0;
  const double peak = std::pow(a / (a + b), a) * std::pow(b / (a + b), b);
  return std::pow(v, a) * std::pow(1.0 - v, b) / peak;
}
/// Shape of the contralateral drop over single support (peak at 2/7 = 29 %) and of the knee
/// valgus over stance (peak at 25 %: loading response).
inline double drop_shape(double v) { return bump(v, 2.0, 5.0); }
inline double valgus_shape(double u) { return bump(u, 2.0, 6.0); }

/// Strikes and offs of one side (time in frames, any origin), with the per-stride amplitudes.
/// Stride k is [strike[k], strike[k + 1]), its foot off off[k] inside.
struct SideTimeline {
  std::vector<double> strike, off;
  std::vector<double> drop, valgus, hip_var, knee_var;

  std::size_t stride_at(double t) const {
    const auto it = std::upper_bound(strike.begin(), strike.end(), t);
    return static_cast<std::size_t>(std::max<std::ptrdiff_t>(it - strike.begin() - 1, 0));
  }
};

/// The state of one side at one instant.
struct SidePhase {
  std::size_t stride = 0;
  double phase = 0.0;      ///< % cycle / 100, foot off at kFootOff
  bool stance = false;
  double u = 0.0;          ///< fraction of stance (stance) or swing
};

inline SidePhase side_phase(const SideTimeline& s, double t) {
  SidePhase p;
  p.stride = s.stride_at(t);
  const double fs = s.strike[p.stride], fo = s.off[p.stride], next = s.strike[p.stride + 1];
  if (t < fo) {
    p.stance = true;
    p.u = (t - fs) / (fo - fs);
    p.phase = kFootOff * p.u;
  } else {
    p.u = (t - fo) / (next - fo);
    p.phase = kFootOff + (1.0 - kFootOff) * p.u;
  }
  return p;
}

/// Joint angles of one instant [rad].
struct Angles {
  double tilt = 0.0, obliquity_left = 0.0, rotation_left = 0.0;  ///< Baker, left side
  std::array<Eigen::Vector3d, 2> hip, knee;  ///< flexion, adduction, internal rotation
  std::array<double, 2> foot_pitch{0.0, 0.0};
  std::array<SidePhase, 2> phase;
};

inline Angles angles_at(const std::array<SideTimeline, 2>& tl, double t) {
  const NormativeCurves& c = curves();
  Angles a;
  for (std::size_t s = 0; s < 2; ++s) a.phase[s] = side_phase(tl[s], t);
  const double phl = a.phase[0].phase;
  a.tilt = 12.0 * deg + 1.5 * deg * std::cos(4.0 * kPi * (phl - 0.1));
  a.rotation_left = 4.0 * deg * std::cos(2.0 * kPi * phl);
  // Obliquity of the left side: + the left stance's drop during left single support,
  // - the right stance's drop during right single support, 0 in double support.
  for (std::size_t s = 0; s < 2; ++s) {
    const SidePhase& me = a.phase[s];
    const SidePhase& other = a.phase[1 - s];
    if (me.stance && !other.stance) {
      const double v = other.u;  // fraction of the other foot's swing = of single support
      const double drop = tl[s].drop[me.stride] * drop_shape(v);
      a.obliquity_left += s == 0 ? drop : -drop;
    }
  }
  for (std::size_t s = 0; s < 2; ++s) {
    const SidePhase& p = a.phase[s];
    const SideTimeline& st = tl[s];
    const double obliquity_side = s == 0 ? a.obliquity_left : -a.obliquity_left;
    const double var = std::pow(std::sin(kPi * p.phase), 2);
    a.hip[s] = Eigen::Vector3d(c.hip_flexion(p.phase) + st.hip_var[p.stride] * var,
                               c.thigh_adduction(p.phase) + obliquity_side,
                               c.hip_rotation(p.phase));
    const double knee_adduction = p.stance ? -st.valgus[p.stride] * valgus_shape(p.u)
                                           : 3.0 * deg * std::pow(std::sin(kPi * p.u), 2);
    a.knee[s] = Eigen::Vector3d(c.knee_flexion(p.phase) + st.knee_var[p.stride] * var,
                                knee_adduction, c.knee_rotation(p.phase));
    a.foot_pitch[s] = c.foot_pitch(p.phase);
  }
  return a;
}

/// Rotation about the progression frame's up axis (Y) or right axis (Z).
inline Eigen::Matrix3d rot_y(double a) {
  return geometry::compose_one(Eigen::Vector3d(a, 0.0, 0.0), geometry::CardanSequence::YXZ);
}
inline Eigen::Matrix3d rot_z(double a) {
  return geometry::compose_one(Eigen::Vector3d(a, 0.0, 0.0), geometry::CardanSequence::ZXY);
}

/// The lab (Z up, +X forward) seen as the progression frame: columns forward, up, right.
inline Eigen::Matrix3d R_lab_progression() {
  Eigen::Matrix3d R;
  R << 1, 0, 0, 0, 0, 1, 0, 1, 0;
  R.col(2) = Eigen::Vector3d(0, -1, 0);
  return R;
}

/// Marker order of the trial.
constexpr std::size_t kMarkers = 16;
inline const std::array<const char*, kMarkers>& marker_names() {
  static const std::array<const char*, kMarkers> names{
      "LASI", "RASI", "LPSI", "RPSI", "LTHI", "LKNE", "LTIB", "LANK",
      "LHEE", "LTOE", "RTHI", "RKNE", "RTIB", "RANK", "RHEE", "RTOE"};
  return names;
}

/// Everything of one instant, positions relative to the pelvis origin (mid-ASIS) [m].
struct Pose {
  Eigen::Matrix3d R_pelvis;
  std::array<Eigen::Matrix3d, 2> R_thigh, R_shank, R_foot;
  std::array<Eigen::Vector3d, kMarkers> markers;
  /// Per side: heel contact, forefoot (metatarsal heads) contact, toe tip.
  std::array<Eigen::Vector3d, 2> heel, forefoot, toe_tip;
  Eigen::Vector3d pelvis_centre;  ///< mean of the four pelvis markers (centre of mass proxy)
};

inline Pose pose(const WalkingBody& b, const Angles& a) {
  Pose p;
  const Eigen::Matrix3d R_lab_prog = R_lab_progression();
  const auto map = pelvis::column_map(pelvis::PelvisConvention::Baker, Side::Left);
  const Eigen::Vector3d cols(a.tilt, a.obliquity_left, a.rotation_left);
  Eigen::Vector3d raw;
  for (std::size_t k = 0; k < 3; ++k) {
    raw[map.index[k]] = map.sign[k] * cols[static_cast<Eigen::Index>(k)];
  }
  p.R_pelvis = R_lab_prog *
               geometry::compose_one(raw, pelvis::sequence_of(pelvis::PelvisConvention::Baker));
  const Eigen::Vector3d X = p.R_pelvis.col(0), Z = p.R_pelvis.col(2);
  const double r = 0.5 * b.marker_diameter_m;
  p.markers[0] = -0.5 * b.inter_asis_distance_m * Z;
  p.markers[1] = 0.5 * b.inter_asis_distance_m * Z;
  p.markers[2] = -b.pelvic_depth_m * X - 0.5 * b.psis_distance_m * Z;
  p.markers[3] = -b.pelvic_depth_m * X + 0.5 * b.psis_distance_m * Z;
  p.pelvis_centre = 0.25 * (p.markers[0] + p.markers[1] + p.markers[2] + p.markers[3]);
  const double knee_offset = 0.5 * b.knee_width_m + r;
  const double ankle_offset = 0.5 * b.ankle_width_m + r;
  const double Lf = b.foot_length_m, ha = b.ankle_height_m;
  for (std::size_t s = 0; s < 2; ++s) {
    const Side side = s == 0 ? Side::Left : Side::Right;
    const double lat = lateral_sign(side);
    const Eigen::Vector3d& h = a.hip[s];
    const Eigen::Vector3d& k = a.knee[s];
    p.R_thigh[s] = p.R_pelvis * geometry::compose_one(Eigen::Vector3d(h[0], lat * h[1], lat * h[2]),
                                                      geometry::CardanSequence::ZXY);
    p.R_shank[s] = p.R_thigh[s] * geometry::compose_one(Eigen::Vector3d(-k[0], lat * k[1], lat * k[2]),
                                                        geometry::CardanSequence::ZXY);
    p.R_foot[s] = R_lab_prog * rot_y(-lat * kToeOut) * rot_z(a.foot_pitch[s]);
    const Eigen::Vector3d hjc = p.R_pelvis * b.hip_centre(side);
    const Eigen::Vector3d kjc = hjc - b.thigh_length_m * p.R_thigh[s].col(1);
    const Eigen::Vector3d ajc = kjc - b.shank_length_m * p.R_shank[s].col(1);
    const Eigen::Vector3d Zt = p.R_thigh[s].col(2), Yt = p.R_thigh[s].col(1);
    const Eigen::Vector3d Zs = p.R_shank[s].col(2), Ys = p.R_shank[s].col(1);
    const std::size_t m0 = 4 + 6 * s;
    // Wands in the thigh and shank frontal planes, lateral of the knee / ankle markers:
    // the chord function then gives back kjc and ajc exactly (docs/synth.md).
    p.markers[m0 + 0] = kjc + 0.55 * b.thigh_length_m * Yt + lat * (knee_offset + 0.04) * Zt;
    p.markers[m0 + 1] = kjc + lat * knee_offset * Zt;
    p.markers[m0 + 2] = ajc + 0.55 * b.shank_length_m * Ys + lat * (ankle_offset + 0.04) * Zs;
    p.markers[m0 + 3] = ajc + lat * ankle_offset * Zs;
    const Eigen::Matrix3d& F = p.R_foot[s];
    auto foot_point = [&](double x, double y) { return Eigen::Vector3d(ajc + F * Eigen::Vector3d(x, y, 0.0)); };
    const double marker_height = 0.025 + r;  // dorsum of the forefoot / back of the heel
    p.markers[m0 + 4] = foot_point(-0.22 * Lf - r, -ha + marker_height);  // HEE
    p.markers[m0 + 5] = foot_point(0.52 * Lf, -ha + marker_height);       // TOE
    p.heel[s] = foot_point(-0.12 * Lf, -ha);
    p.forefoot[s] = foot_point(0.52 * Lf, -ha);
    p.toe_tip[s] = foot_point(0.78 * Lf, -ha);
  }
  return p;
}

/// Poses along `times` with the pelvis origin placed so that the foot carrying the body does
/// not slide and the lowest foot contact touches the floor (z = 0): per time, among the feet
/// within kContactMargin of their stance, the lowest contact point (heel or forefoot) is put on
/// the floor and kept in place horizontally from the previous time.
struct Placed {
  std::vector<Pose> poses;
  std::vector<Angles> angles;
  std::vector<Eigen::Vector3d> origin;  ///< pelvis origin in the lab [m]
  std::vector<int> anchor;              ///< carrying foot: 0 left, 1 right
  double max_anchor_slide_m = 0.0;
};

inline Placed place(const WalkingBody& b, const std::array<SideTimeline, 2>& tl,
                    const std::vector<double>& times, bool detrend_lateral) {
  Placed out;
  const std::size_t n = times.size();
  out.poses.reserve(n);
  out.angles.reserve(n);
  out.origin.resize(n);
  out.anchor.resize(n);
  std::vector<int> point(n);
  for (std::size_t i = 0; i < n; ++i) {
    out.angles.push_back(angles_at(tl, times[i]));
    out.poses.push_back(pose(b, out.angles.back()));
    const Angles& a = out.angles.back();
    const Pose& p = out.poses.back();
    double lowest = std::numeric_limits<double>::infinity();
    for (int s = 0; s < 2; ++s) {
      const double ph = a.phase[static_cast<std::size_t>(s)].phase;
      if (!(ph < kFootOff + kContactMargin || ph > 1.0 - kContactMargin)) continue;
      const auto su = static_cast<std::size_t>(s);
      const double zh = p.heel[su].z(), zf = p.forefoot[su].z();
      if (zh < lowest) {
        lowest = zh;
        out.anchor[i] = s;
        point[i] = 0;
      }
      if (zf < lowest) {
        lowest = zf;
        out.anchor[i] = s;
        point[i] = 1;
      }
    }
    auto contact = [&](std::size_t frame) {
      const Pose& q = out.poses[frame];
      const auto s = static_cast<std::size_t>(out.anchor[i]);
      return point[i] == 0 ? q.heel[s] : q.forefoot[s];
    };
    Eigen::Vector3d o;
    if (i == 0) {
      o = Eigen::Vector3d::Zero();
    } else {
      o = out.origin[i - 1] - (contact(i) - contact(i - 1));
    }
    o.z() = -lowest;
    out.origin[i] = o;
  }
  if (detrend_lateral && n > 1) {
    // Left/right differences let the body drift sideways; a straight walk needs a constant
    // lateral correction (least-squares line through the pelvis y removed).
    double st = 0, sy = 0, stt = 0, sty = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double t = static_cast<double>(i), y = out.origin[i].y();
      st += t;
      sy += y;
      stt += t * t;
      sty += t * y;
    }
    const double dn = static_cast<double>(n);
    const double slope = (dn * sty - st * sy) / (dn * stt - st * st);
    const double icpt = (sy - slope * st) / dn;
    for (std::size_t i = 0; i < n; ++i) out.origin[i].y() -= icpt + slope * static_cast<double>(i);
  }
  for (std::size_t i = 1; i < n; ++i) {
    if (out.anchor[i] != out.anchor[i - 1] || point[i] != point[i - 1]) continue;
    const auto s = static_cast<std::size_t>(out.anchor[i]);
    const Eigen::Vector3d& c1 = point[i] == 0 ? out.poses[i].heel[s] : out.poses[i].forefoot[s];
    const Eigen::Vector3d& c0 =
        point[i] == 0 ? out.poses[i - 1].heel[s] : out.poses[i - 1].forefoot[s];
    const Eigen::Vector3d d = (c1 + out.origin[i]) - (c0 + out.origin[i - 1]);
    out.max_anchor_slide_m = std::max(out.max_anchor_slide_m, std::hypot(d.x(), d.y()));
  }
  return out;
}

/// Vertical ground reaction shape over a stance, u in [0, 1]: sin(pi u) + 0.33 sin(3 pi u)
/// (the double hump), its mean over the stance 2/pi + 0.22/pi.
constexpr double kHump3 = 0.33;
inline double vertical_shape(double u) {
  if (!(u > 0.0 && u < 1.0)) return 0.0;
  return std::sin(kPi * u) + kHump3 * std::sin(3.0 * kPi * u);
}
inline double vertical_shape_mean() { return 2.0 / kPi + kHump3 * 2.0 / (3.0 * kPi); }

inline void check_range(double v, double lo, double hi, const char* name, const char* unit) {
  HIPMECH_CHECK_ARG(std::isfinite(v) && v >= lo && v <= hi, name,
                    std::string("a value in [") + hipmech::detail::to_message(lo) + ", " +
                        hipmech::detail::to_message(hi) + "] " + unit,
                    v);
}

inline void check_settings(const WalkingSettings& s) {
  HIPMECH_CHECK_ARG(std::isfinite(s.body_mass_kg) && s.body_mass_kg > 0.0 && s.body_mass_kg <= 500.0,
                    "body_mass_kg", "a mass in (0, 500] kg", s.body_mass_kg);
  check_range(s.height_m, 1.0, 2.5, "height_m", "m");
  check_range(s.speed_mps, 0.2, 2.5, "speed_mps", "m/s");
  HIPMECH_CHECK_ARG(s.n_strides >= 1 && s.n_strides <= 100, "n_strides",
                    "a number of gait cycles in [1, 100]", s.n_strides);
  check_range(s.point_rate_hz, 50.0, 1000.0, "point_rate_hz", "Hz");
  HIPMECH_CHECK_ARG(std::isfinite(s.analog_rate_hz) && s.analog_rate_hz >= s.point_rate_hz &&
                        s.analog_rate_hz <= 20000.0 &&
                        std::fabs(s.analog_rate_hz / s.point_rate_hz -
                                  std::round(s.analog_rate_hz / s.point_rate_hz)) < 1e-9,
                    "analog_rate_hz",
                    "a whole multiple of point_rate_hz (" +
                        hipmech::detail::to_message(s.point_rate_hz) +
                        " Hz), at most 20000 Hz",
                    s.analog_rate_hz);
  for (std::size_t k = 0; k < 2; ++k) {
    const std::string side = k == 0 ? "[left]" : "[right]";
    check_range(s.pelvic_drop_rad[k], -0.35, 0.35, ("pelvic_drop_rad" + side).c_str(), "rad");
    check_range(s.knee_valgus_rad[k], -0.35, 0.35, ("knee_valgus_rad" + side).c_str(), "rad");
  }
  check_range(s.stride_time_cv, 0.0, 0.2, "stride_time_cv", "(relative SD)");
  check_range(s.variability_sd_rad, 0.0, 0.1, "variability_sd_rad", "rad");
  check_range(s.marker_noise_m, 0.0, 0.05, "marker_noise_m", "m");
}

}  // namespace detail

/// The nominal stride length [m] of a body walking with the normative curves (and the given
/// drops and valgus): the pelvis displacement over one gait cycle when the carrying foot does
/// not slide. Independent of the speed.
inline double nominal_stride_length(const WalkingBody& body, const std::array<double, 2>& drop,
                                    const std::array<double, 2>& valgus) {
  using namespace detail;
  constexpr double T = 1000.0;  // time unit of the nominal cycle: 1000 steps per cycle
  std::array<SideTimeline, 2> tl;
  for (int k = -3; k <= 3; ++k) {
    const double a = T * k;
    tl[0].strike.push_back(a);
    tl[0].off.push_back(a + kFootOff * T);
    tl[1].strike.push_back(a + kOtherStrike * T);
    tl[1].off.push_back(a + T + kOtherOff * T);
  }
  for (std::size_t s = 0; s < 2; ++s) {
    tl[s].drop.assign(tl[s].strike.size(), drop[s]);
    tl[s].valgus.assign(tl[s].strike.size(), valgus[s]);
    tl[s].hip_var.assign(tl[s].strike.size(), 0.0);
    tl[s].knee_var.assign(tl[s].strike.size(), 0.0);
  }
  std::vector<double> times;
  for (int i = 0; i <= 2 * static_cast<int>(T); ++i) times.push_back(static_cast<double>(i));
  const Placed p = place(body, tl, times, false);
  return p.origin[2 * static_cast<std::size_t>(T)].x() - p.origin[static_cast<std::size_t>(T)].x();
}

/// A synthetic walking trial with known truth (docs/synth.md).
///
/// Lab: Z up, walking along +X (trial.lab_axes = LabAxes("Z", "X")). Markers (Plug-in Gait
/// lower body without SACR: LASI RASI LPSI RPSI and per side THI KNE TIB ANK HEE TOE, stored in
/// mm) are placed on segment frames built from the prescribed angles so that
/// model::plug_in_gait with trial.subject's measurements returns exactly those frames: the
/// pelvis from the ASIS and PSIS, Davis hip centres, chord-function knee and ankle centres
/// (wands in the thigh and shank frontal planes, tibial torsion and offsets 0). Events:
/// "Foot Strike" / "Foot Off" with contexts "Left" / "Right" at whole frames. Force plates:
/// type 2, one per instrumented complete stance, loaded by that foot only.
/// \param settings see WalkingSettings; every value is checked.
/// \return the trial and its truth.
/// \throws InvalidArgument naming the setting that is out of range, or 'plate_stances' for a
///         stance that does not exist.
inline SyntheticWalking walking(const WalkingSettings& settings = {}) {
  using namespace detail;
  check_settings(settings);
  const WalkingBody body = WalkingBody::from_height(settings.height_m);
  const double rate = settings.point_rate_hz;
  const auto spf = static_cast<Eigen::Index>(std::llround(settings.analog_rate_hz / rate));
  const int n = settings.n_strides;
  Rng rng(settings.seed);

  // Timeline: left strides k = -2 .. n + 2 (index k + 2), whole frames, the first left strike
  // of the trial at a_0.
  const double stride_length =
      nominal_stride_length(body, settings.pelvic_drop_rad, settings.knee_valgus_rad);
  const double stride_time = stride_length / settings.speed_mps;
  const std::size_t n_all = static_cast<std::size_t>(n) + 5;
  std::vector<long> T(n_all), a(n_all + 1);
  for (std::size_t k = 0; k < n_all; ++k) {
    const double frames = stride_time * (1.0 + settings.stride_time_cv * rng.normal()) * rate;
    T[k] = std::max(20L, static_cast<long>(std::llround(frames)));
  }
  a[0] = 0;
  for (std::size_t k = 0; k < n_all; ++k) a[k + 1] = a[k] + T[k];
  auto frac = [&](std::size_t k, double f) {
    return a[k] + static_cast<long>(std::llround(f * static_cast<double>(T[k])));
  };
  std::array<SideTimeline, 2> tl;
  for (std::size_t k = 0; k + 1 < n_all; ++k) {
    tl[0].strike.push_back(static_cast<double>(a[k]));
    tl[0].off.push_back(static_cast<double>(frac(k, kFootOff)));
    tl[1].strike.push_back(static_cast<double>(frac(k, kOtherStrike)));
    tl[1].off.push_back(static_cast<double>(frac(k + 1, kOtherOff)));
  }
  const double sd = settings.variability_sd_rad;
  for (std::size_t k = 0; k < tl[0].strike.size(); ++k) {
    for (std::size_t s = 0; s < 2; ++s) {
      tl[s].drop.push_back(settings.pelvic_drop_rad[s] + sd * rng.normal());
      tl[s].valgus.push_back(settings.knee_valgus_rad[s] + sd * rng.normal());
      tl[s].hip_var.push_back(sd * rng.normal());
      tl[s].knee_var.push_back(sd * rng.normal());
    }
  }
  // Trial frames: from a quarter cycle before the left strike of stride 0 (index 2) to three
  // quarters of a cycle after the left strike of stride n.
  const long start = a[2] - static_cast<long>(std::llround(0.25 * static_cast<double>(T[1])));
  const long stop = a[2 + static_cast<std::size_t>(n)] +
                    static_cast<long>(std::llround(0.75 * static_cast<double>(T[2 + static_cast<std::size_t>(n)])));
  const auto n_frames = static_cast<Eigen::Index>(stop - start + 1);
  std::vector<double> times(static_cast<std::size_t>(n_frames));
  for (std::size_t i = 0; i < times.size(); ++i) times[i] = static_cast<double>(start) + static_cast<double>(i);
  const Placed placed = place(body, tl, times, true);

  SyntheticWalking out;
  WalkingTruth& truth = out.truth;
  truth.body = body;
  truth.stride_time_s = stride_time;
  truth.stride_length_m = stride_length;
  truth.max_anchor_slide_m = placed.max_anchor_slide_m;

  // Markers and truth angles.
  io::Trial& trial = out.trial;
  trial.point_rate_hz = rate;
  trial.first_frame = 1;
  trial.lab_axes = LabAxes();
  std::array<Trajectory, kMarkers> markers;
  for (auto& m : markers) m.resize(n_frames, 3);
  truth.R_lab_pelvis.resize(n_frames, 9);
  Trajectory baker_left(n_frames, 3);
  Trajectory com(n_frames, 3);
  std::array<Trajectory, 2> heel, forefoot, toe_tip;
  for (std::size_t s = 0; s < 2; ++s) {
    truth.hip_angles[s].resize(n_frames, 3);
    truth.knee_angles[s].resize(n_frames, 3);
    heel[s].resize(n_frames, 3);
    forefoot[s].resize(n_frames, 3);
    toe_tip[s].resize(n_frames, 3);
  }
  for (Eigen::Index f = 0; f < n_frames; ++f) {
    const auto i = static_cast<std::size_t>(f);
    const Pose& p = placed.poses[i];
    const Angles& an = placed.angles[i];
    const Eigen::Vector3d& o = placed.origin[i];
    for (std::size_t m = 0; m < kMarkers; ++m) markers[m].row(f) = (o + p.markers[m]).transpose();
    geometry::rotation_at(truth.R_lab_pelvis, f) = p.R_pelvis;
    baker_left.row(f) << an.tilt, an.obliquity_left, an.rotation_left;
    com.row(f) = (o + p.pelvis_centre).transpose();
    for (std::size_t s = 0; s < 2; ++s) {
      truth.hip_angles[s].row(f) = an.hip[s].transpose();
      truth.knee_angles[s].row(f) = an.knee[s].transpose();
      heel[s].row(f) = (o + p.heel[s]).transpose();
      forefoot[s].row(f) = (o + p.forefoot[s]).transpose();
      toe_tip[s].row(f) = (o + p.toe_tip[s]).transpose();
    }
  }
  truth.pelvis_angles_baker[0] = baker_left;
  // The right side's columns: same tilt, obliquity and rotation negated (the sign table).
  truth.pelvis_angles_baker[1] = baker_left;
  truth.pelvis_angles_baker[1].col(1) *= -1.0;
  truth.pelvis_angles_baker[1].col(2) *= -1.0;
  for (std::size_t s = 0; s < 2; ++s) {
    const Side side = s == 0 ? Side::Left : Side::Right;
    truth.pelvis_angles_pig[s] = pelvis::convert_pelvis_angles(
        truth.pelvis_angles_baker[s], side, pelvis::PelvisConvention::Baker,
        pelvis::PelvisConvention::PlugInGait);
  }
  {
    const double dx = markers[0](n_frames - 1, 0) + markers[1](n_frames - 1, 0) -
                      markers[0](0, 0) - markers[1](0, 0);
    truth.mean_speed_mps = 0.5 * dx / (static_cast<double>(n_frames - 1) / rate);
  }

  // Events inside the trial.
  struct Ev {
    long frame;
    Side side;
    events::EventKind kind;
  };
  std::vector<Ev> evs;
  for (std::size_t s = 0; s < 2; ++s) {
    const Side side = s == 0 ? Side::Left : Side::Right;
    for (std::size_t k = 0; k < tl[s].strike.size(); ++k) {
      const auto fs = static_cast<long>(tl[s].strike[k]), fo = static_cast<long>(tl[s].off[k]);
      if (fs >= start && fs <= stop) evs.push_back({fs - start, side, events::EventKind::FootStrike});
      if (fo >= start && fo <= stop) evs.push_back({fo - start, side, events::EventKind::FootOff});
    }
  }
  std::sort(evs.begin(), evs.end(), [](const Ev& x, const Ev& y) {
    return x.frame < y.frame || (x.frame == y.frame && x.side < y.side);
  });
  for (const Ev& e : evs) {
    events::GaitEvent g;
    g.side = e.side;
    g.kind = e.kind;
    g.frame = static_cast<Eigen::Index>(e.frame);
    g.time_s = static_cast<double>(e.frame) / rate;
    g.source = "synth";
    truth.events.push_back(g);
    io::Event fe;
    fe.label = e.kind == events::EventKind::FootStrike ? "Foot Strike" : "Foot Off";
    fe.context = e.side == Side::Left ? "Left" : "Right";
    fe.time_s = g.time_s;  // first_frame 1: frame i at i / rate
    fe.icon_id = e.kind == events::EventKind::FootStrike ? 1 : 2;
    trial.events.push_back(fe);
  }

  // Complete stances, in time order.
  struct StanceWork {
    WalkingStance st;
    std::size_t stride;
    double stride_frames;
  };
  std::vector<StanceWork> stances;
  for (std::size_t s = 0; s < 2; ++s) {
    const Side side = s == 0 ? Side::Left : Side::Right;
    int index = 0;
    for (std::size_t k = 0; k + 1 < tl[s].strike.size(); ++k) {
      const auto fs = static_cast<long>(tl[s].strike[k]), fo = static_cast<long>(tl[s].off[k]);
      if (fs < start || fo > stop) continue;
      StanceWork w;
      w.st.side = side;
      w.st.index = index++;
      w.st.foot_strike_frame = fs - start;
      w.st.foot_off_frame = fo - start;
      w.stride = k;
      w.stride_frames = tl[s].strike[k + 1] - tl[s].strike[k];
      // Single support: the other foot's off inside the stance to its next strike.
      const SideTimeline& o = tl[1 - s];
      for (std::size_t j = 0; j + 1 < o.strike.size(); ++j) {
        if (o.off[j] > static_cast<double>(fs) && o.off[j] < static_cast<double>(fo)) {
          w.st.single_support_begin = static_cast<long>(o.off[j]) - start;
          w.st.single_support_end = static_cast<long>(o.strike[j + 1]) - start;
        }
      }
      w.st.pelvic_drop_injected_rad = tl[s].drop[k];
      w.st.knee_valgus_injected_rad = tl[s].valgus[k];
      const double sign = s == 0 ? 1.0 : -1.0;
      w.st.pelvic_drop_rad = -std::numeric_limits<double>::infinity();
      for (Eigen::Index f = w.st.single_support_begin; f < w.st.single_support_end; ++f) {
        const double v = sign * baker_left(f, 1);
        if (v > w.st.pelvic_drop_rad) {
          w.st.pelvic_drop_rad = v;
          w.st.pelvic_drop_frame = f;
        }
      }
      w.st.knee_valgus_rad = -std::numeric_limits<double>::infinity();
      w.st.hip_adduction_rad = -std::numeric_limits<double>::infinity();
      for (Eigen::Index f = w.st.foot_strike_frame; f < w.st.foot_off_frame; ++f) {
        const double v = -truth.knee_angles[s](f, 1);
        if (v > w.st.knee_valgus_rad) {
          w.st.knee_valgus_rad = v;
          w.st.knee_valgus_frame = f;
        }
        w.st.hip_adduction_rad = std::max(w.st.hip_adduction_rad, truth.hip_angles[s](f, 1));
      }
      stances.push_back(w);
    }
  }
  std::sort(stances.begin(), stances.end(), [](const StanceWork& x, const StanceWork& y) {
    return x.st.foot_strike_frame < y.st.foot_strike_frame;
  });

  // Which stances get a plate.
  std::vector<bool> instrumented(stances.size(), settings.plates_every_stance);
  if (!settings.plates_every_stance) {
    for (std::size_t r = 0; r < settings.plate_stances.size(); ++r) {
      const StanceRef& ref = settings.plate_stances[r];
      bool found = false;
      for (std::size_t j = 0; j < stances.size(); ++j) {
        if (stances[j].st.side == ref.side && stances[j].st.index == ref.index) {
          instrumented[j] = true;
          found = true;
        }
      }
      if (!found) {
        int count = 0;
        for (const StanceWork& w : stances) count += w.st.side == ref.side ? 1 : 0;
        HIPMECH_CHECK_ARG(false, "plate_stances[" + std::to_string(r) + "]",
                          "a complete stance: index 0.." + std::to_string(count - 1) + " of the " +
                              std::string(to_string(ref.side)) + " side",
                          ref.index);
      }
    }
  }

  // Ground reaction per instrumented stance, at the analog rate, lab frame.
  const double body_weight = settings.body_mass_kg * 9.81;
  auto at_sample = [&](const Trajectory& x, Eigen::Index sample) {
    const double fr = static_cast<double>(sample) / static_cast<double>(spf);
    const auto f0 = std::min<Eigen::Index>(static_cast<Eigen::Index>(fr), n_frames - 1);
    const Eigen::Index f1 = std::min<Eigen::Index>(f0 + 1, n_frames - 1);
    const double w = fr - static_cast<double>(f0);
    return Eigen::Vector3d((1.0 - w) * x.row(f0).transpose() + w * x.row(f1).transpose());
  };
  io::Parameters& params = trial.parameters;
  params.set("POINT", io::make_parameter("UNITS", std::vector<std::string>{"mm"}));
  struct PlateLoad {
    std::size_t stance;
    Eigen::Index b0;
    Trajectory force, cop;
    Series tz;
    Eigen::Vector2d centre;
  };
  std::vector<PlateLoad> loads;
  double max_stance_slide = 0.0;
  for (std::size_t j = 0; j < stances.size(); ++j) {
    if (!instrumented[j]) continue;
    WalkingStance& st = stances[j].st;
    const std::size_t s = st.side == Side::Left ? 0 : 1;
    const double lat = lateral_sign(st.side);
    st.plate = static_cast<int>(loads.size());
    const Eigen::Index b0 = st.foot_strike_frame * spf, b1 = st.foot_off_frame * spf;
    const double dur = static_cast<double>(b1 - b0);
    // Each stance carries half of its stride's weight impulse: mean vertical force over a
    // stride = body weight.
    const double scale = stances[j].stride_frames * static_cast<double>(spf) /
                         (2.0 * dur * vertical_shape_mean());
    PlateLoad load{j, b0, Trajectory(b1 - b0 + 1, 3), Trajectory(b1 - b0 + 1, 3),
                   Series(b1 - b0 + 1), Eigen::Vector2d::Zero()};
    Eigen::Vector2d lo(1e9, 1e9), hi(-1e9, -1e9);
    for (Eigen::Index q = b0; q <= b1; ++q) {
      const double u = static_cast<double>(q - b0) / dur;
      const Eigen::Vector3d h = at_sample(heel[s], q), e = at_sample(toe_tip[s], q),
                            mf = at_sample(forefoot[s], q);
      // Centre of pressure: heel contact -> a third of the way from the metatarsal heads to
      // the toe tip, on the floor under the foot as it is at that instant.
      const Eigen::Vector3d end = mf + 0.35 * (e - mf);
      Eigen::Vector3d c = h + u * (end - h);
      c.z() = 0.0;
      const Eigen::Vector3d g = at_sample(com, q);
      const double fz = body_weight * scale * vertical_shape(u);
      // Direction: from the centre of pressure towards the centre-of-mass proxy.
      load.force.row(q - b0) = (fz / (g.z() - c.z()) * (g - c)).transpose();
      load.cop.row(q - b0) = c.transpose();
      load.tz[q - b0] = -lat * 0.005 * body_weight * std::sin(2.0 * kPi * u) * vertical_shape(u);
      lo = lo.cwiseMin(c.head<2>());
      hi = hi.cwiseMax(c.head<2>());
    }
    load.centre = 0.5 * (lo + hi);
    // Slide of the foot's contact over the stance: heel from strike to the other foot's off,
    // forefoot from the other foot's strike to foot off.
    max_stance_slide = std::max(
        {max_stance_slide,
         (heel[s].row(st.single_support_begin) - heel[s].row(st.foot_strike_frame)).head<2>().norm(),
         (forefoot[s].row(st.foot_off_frame) - forefoot[s].row(st.single_support_end)).head<2>().norm()});
    loads.push_back(std::move(load));
  }
  // Plates 0.5 m along X (shorter if two plates would overlap) and 0.4 m across, centred on
  // the centre-of-pressure path; plate axes x = lab +X, y = lab -Y, z down.
  double half_x = 0.25;
  const double half_y = 0.20;
  for (std::size_t p = 0; p < loads.size(); ++p) {
    for (std::size_t q = p + 1; q < loads.size(); ++q) {
      const double dx = std::fabs(loads[p].centre.x() - loads[q].centre.x());
      const double dy = std::fabs(loads[p].centre.y() - loads[q].centre.y());
      if (dy < 2.0 * half_y) half_x = std::min(half_x, 0.5 * dx - 0.005);
    }
  }
  Eigen::Matrix3d R;
  R << 1, 0, 0, 0, -1, 0, 0, 0, -1;
  std::vector<double> corners, origins, channels_list, types;
  const Eigen::Index n_samples = n_frames * spf;
  const auto n_plates = static_cast<int>(loads.size());
  trial.analog.rate_hz = settings.analog_rate_hz;
  trial.analog.values = Channels::Zero(n_samples, 6 * n_plates);
  for (std::size_t p = 0; p < loads.size(); ++p) {
    const PlateLoad& load = loads[p];
    const Eigen::Vector3d C(load.centre.x(), load.centre.y(), 0.0);
    const Eigen::Vector3d O = C - R * Eigen::Vector3d(0.0, 0.0, -kPlateDepth);
    for (const auto& xy : {std::pair<double, double>{half_x, half_y}, {-half_x, half_y},
                           {-half_x, -half_y}, {half_x, -half_y}}) {
      const Eigen::Vector3d c = C + R * Eigen::Vector3d(xy.first, xy.second, 0.0);
      for (int d = 0; d < 3; ++d) corners.push_back(c[d] * 1e3);
    }
    for (double v : {0.0, 0.0, -kPlateDepth * 1e3}) origins.push_back(v);
    types.push_back(2.0);
    const auto col = static_cast<Eigen::Index>(6 * p);
    for (Eigen::Index r = 0; r < load.force.rows(); ++r) {
      const Eigen::Vector3d F = load.force.row(r).transpose();
      const Eigen::Vector3d c = load.cop.row(r).transpose();
      const Eigen::Vector3d M = (c - O).cross(F) + Eigen::Vector3d(0.0, 0.0, load.tz[r]);
      trial.analog.values.block<1, 3>(load.b0 + r, col) = (R.transpose() * F).transpose();
      trial.analog.values.block<1, 3>(load.b0 + r, col + 3) = (R.transpose() * M).transpose();
    }
    const std::string num = std::to_string(p + 1);
    for (const char* c : {"Fx", "Fy", "Fz", "Mx", "My", "Mz"}) {
      trial.analog.names.push_back(std::string(c) + num);
      trial.analog.descriptions.push_back("Force plate " + num);
      trial.analog.units_original.push_back(c[0] == 'F' ? "N" : "Nmm");
    }
    for (int c = 1; c <= 6; ++c) channels_list.push_back(static_cast<double>(6 * p) + c);
  }
  truth.max_stance_slide_m = max_stance_slide;
  using io::ParameterType;
  params.set("FORCE_PLATFORM", io::make_parameter("USED", {static_cast<double>(n_plates)},
                                                  ParameterType::Int16, {}));
  if (n_plates > 0) {
    params.set("FORCE_PLATFORM", io::make_parameter("TYPE", types, ParameterType::Int16, {n_plates}));
    params.set("FORCE_PLATFORM", io::make_parameter("ZERO", {1.0, 10.0}, ParameterType::Int16, {2}));
    params.set("FORCE_PLATFORM",
               io::make_parameter("CHANNEL", channels_list, ParameterType::Int16, {6, n_plates}));
    params.set("FORCE_PLATFORM",
               io::make_parameter("CORNERS", corners, ParameterType::Float, {3, 4, n_plates}));
    params.set("FORCE_PLATFORM",
               io::make_parameter("ORIGIN", origins, ParameterType::Float, {3, n_plates}));
  }
  trial.force_plates = io::force_plates_from_analog(params, trial.analog);

  // Marker noise, then the points (stored in mm, as Vicon does).
  if (settings.marker_noise_m > 0.0) {
    for (auto& m : markers) {
      for (Eigen::Index f = 0; f < n_frames; ++f) {
        for (int d = 0; d < 3; ++d) m(f, d) += settings.marker_noise_m * rng.normal();
      }
    }
  }
  for (std::size_t m = 0; m < kMarkers; ++m) {
    trial.set_point(marker_names()[m], std::move(markers[m]), io::PointKind::Marker, "mm");
  }

  // Subject parameters (Plug-in Gait's PROCESSING group on writing).
  io::SubjectParameters& subj = trial.subject;
  subj.body_mass_kg = settings.body_mass_kg;
  subj.height_m = settings.height_m;
  subj.inter_asis_distance_m = body.inter_asis_distance_m;
  subj.marker_diameter_m = body.marker_diameter_m;
  for (std::size_t s = 0; s < 2; ++s) {
    subj.leg_length_m[s] = body.leg_length_m;
    subj.asis_trochanter_distance_m[s] = body.asis_trochanter_distance_m;
    subj.knee_width_m[s] = body.knee_width_m;
    subj.ankle_width_m[s] = body.ankle_width_m;
    // The markers are placed for a model without rotation offsets, torsion or foot offsets:
    // say so, as Vicon would store zeros.
    subj.thigh_rotation_rad[s] = subj.shank_rotation_rad[s] = subj.tibial_torsion_rad[s] = 0.0;
    subj.static_plantar_flexion_rad[s] = subj.static_rotation_offset_rad[s] = 0.0;
    subj.ankle_abduction_rad[s] = subj.sole_delta_m[s] = 0.0;
  }
  for (const StanceWork& w : stances) truth.stances.push_back(w.st);
  return out;
}

}  // namespace hipmech::synth
