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

SidePhase side_phase(const SideTimeline& s, double t);

/// Joint angles of one instant [rad].
struct Angles {
  double tilt = 0.0, obliquity_left = 0.0, rotation_left = 0.0;  ///< Baker, left side
  std::array<Eigen::Vector3d, 2> hip, knee;  ///< flexion, adduction, internal rotation
  std::array<double, 2> foot_pitch{0.0, 0.0};
  std::array<SidePhase, 2> phase;
};

Angles angles_at(const std::array<SideTimeline, 2>& tl, double t);

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

Pose pose(const WalkingBody& b, const Angles& a);

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

Placed place(const WalkingBody& b, const std::array<SideTimeline, 2>& tl,
             const std::vector<double>& times, bool detrend_lateral);

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

void check_settings(const WalkingSettings& s);

}  // namespace detail

/// The nominal stride length [m] of a body walking with the normative curves (and the given
/// drops and valgus): the pelvis displacement over one gait cycle when the carrying foot does
/// not slide. Independent of the speed.
double nominal_stride_length(const WalkingBody& body, const std::array<double, 2>& drop,
                             const std::array<double, 2>& valgus);

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
SyntheticWalking walking(const WalkingSettings& settings = {});

}  // namespace hipmech::synth
