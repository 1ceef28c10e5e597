/// \file
/// Pauwels' static model of single-leg stance: the abductor force and the hip joint force from
/// moment and force equilibrium of the body above the stance hip, in the frontal plane
/// (docs/hip.md, "Pauwels' model of single-leg stance").
///
/// Source: Pauwels F (1965) Gesammelte Abhandlungen zur funktionellen Anatomie des
/// Bewegungsapparates / Der Schenkelhalsbruch, pp. 101-112; English: Pauwels F (1980)
/// Biomechanics of the Locomotor Apparatus, Springer. The body data are Braune W & Fischer O
/// (1895-1904) Der Gang des Menschen (English: The Human Gait, 1987), subject of 58.7 kg,
/// experiment 1, phase 16, as encoded in RWTHmediTEC/HipJointForceModel
/// (src/models/Pauwels1965.m, data/BrauneAndFischer189X.m).
///
/// Frame: the frontal plane of the stance limb, origin at the stance hip joint centre,
/// x = MEDIAL (towards the swing side), y = SUPERIOR (vertical, up), metres. The frame is
/// mirrored per side, so the same numbers hold for a left or a right stance; to put a medial
/// component in a lab frame with Z to the right (ISB), multiply it by -lateral_sign(side).
///
/// The free body is everything above the stance hip (trunk, head, arms and the swing limb),
/// of weight S5 = BW - stance limb weight. It carries
///   - S5, vertical, down, on a line h medial of the hip centre;
///   - the abductor force M, pulling the pelvis towards the greater trochanter along a line at
///     angle theta to the vertical, at perpendicular distance a lateral of the hip centre;
///   - optionally a cane in the contralateral hand, an upward force C on a line c medial of the
///     hip centre;
///   - the joint force from the femoral head, through the hip centre.
/// Moments about the hip centre (positive = abduction of the pelvis on the stance femur, i.e.
/// lifting the swing side):
///   M a + C c - S5 h = 0                       =>  M = (S5 h - C c) / a
/// Forces: the load on the femoral head is the sum of the loads the free body carries:
///   R = S5 + C + M  (vectors)  =>  R = (-M sin(theta), -(S5 - C + M cos(theta)))  [medial, up]
/// With Pauwels' numbers (58.7 kg, S5 = 47.76 kg, h = 10.99 cm, a = 4 cm, theta = 21 deg):
/// M/S5 = 2.75, R/S5 = 3.70, R/BW = 3.01, R at 15.4 deg to the vertical.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"

namespace hipmech::hip {

namespace detail {
inline constexpr double pauwels_pi = 3.14159265358979323846;
}  // namespace detail

/// Inputs of Pauwels' single-leg-stance model. The defaults are Pauwels' (1965) own values for
/// the Braune & Fischer subject; only body_mass_kg has to be given.
struct PauwelsInput {
  /// Whole body mass [kg], > 0.
  double body_mass_kg = std::numeric_limits<double>::quiet_NaN();
  /// Mass of the stance limb (thigh, shank, foot) as a fraction of body mass, in (0, 1).
  /// Default 0.18635: one leg of the Braune & Fischer subject (Fischer 1898; Braune & Fischer
  /// 1987, p. 122), which gives Pauwels' S5 = 58.7 kg x (1 - 0.18635) = 47.76 kg (Pauwels
  /// 1965, p. 112). 47.76 / 58.7 = 0.81363 is the same fraction rounded to the published S5.
  double stance_limb_mass_fraction = 0.18635;
  /// h: horizontal distance from the stance hip centre to the line of action of S5 (its
  /// centre of mass), MEDIAL positive [m], > 0. Default 0.1099 m (Pauwels 1965, p. 105: the
  /// frontal moment arm of S5, 10.99 cm). Pelvis level, i.e. before pelvic_drop_rad.
  double partial_body_lever_arm_m = 0.1099;
  /// a: perpendicular distance from the stance hip centre to the abductors' line of action,
  /// which passes LATERAL of the hip centre [m], > 0. Default 0.040 m (Pauwels 1965, p. 111,
  /// from Fick's 1850 muscle data).
  double abductor_lever_arm_m = 0.040;
  /// theta: angle of the abductors' line of action from the vertical [rad], |theta| < pi/2.
  /// POSITIVE when the line's upper end (the origin on the iliac wing) lies MEDIAL of its lower
  /// end (the insertion on the greater trochanter), as in Pauwels' figures: the muscle pulls
  /// the pelvis down and laterally. Default 21 deg (Pauwels 1965, p. 111).
  double abductor_angle_rad = 21.0 * detail::pauwels_pi / 180.0;
  /// C: upward force of a cane held in the CONTRALATERAL (swing-side) hand on the body [N],
  /// >= 0. Default 0 (no cane). Must not exceed min(S5, S5 h / c): beyond S5 h / c the
  /// abductors would have to push (the model has no adductors); beyond S5 the body would lift
  /// off the stance hip.
  double cane_force_n = 0.0;
  /// c: horizontal distance from the stance hip centre to the cane's line of action, medial
  /// (towards the contralateral side) [m], >= 0; > 0 when cane_force_n > 0.
  double cane_lever_arm_m = 0.0;
  /// Contralateral pelvic drop [rad], |drop| < pi/2: positive = the swing-side pelvis is lower
  /// than the stance side (docs/conventions.md); negative = a pelvic hike. The pelvis and the
  /// upper body rotate rigidly about the stance hip centre, carrying S5's centre of mass from
  /// (h, v) to (h cos(drop) + v sin(drop), -h sin(drop) + v cos(drop)), with
  /// v = partial_body_com_height_m: a positive drop moves S5 MEDIALLY (larger h) when
  /// v > h tan(drop / 2), i.e. for a centre of mass more than a few millimetres above the hip
  /// at clinical drops. With lever arms only, the
  /// abductor line (a, theta) is kept as given: pass points to pauwels(input, points) to move
  /// the abductor origin with the pelvis. Default 0.
  double pelvic_drop_rad = 0.0;
  /// v: height of S5's centre of mass above the stance hip centre, pelvis level [m], finite;
  /// used only when pelvic_drop_rad != 0. Default 0.1614 m: Braune & Fischer's S5 centre of
  /// mass at 102.09 cm (Pauwels 1965, p. 102) above a hip centre at 85.95 cm (Braune 1895,
  /// p. 108), experiment 1, phase 16.
  double partial_body_com_height_m = 0.1614;
  /// Gravitational acceleration [m/s^2], > 0.
  double g_mps2 = 9.81;
};

/// Points of the frontal-plane geometry, relative to the stance hip centre, x = MEDIAL,
/// y = SUPERIOR [m], with the pelvis LEVEL (before PauwelsInput::pelvic_drop_rad is applied).
/// All must be given (the defaults are NaN).
struct PauwelsPoints {
  /// Centre of mass of S5 (trunk, head, arms and swing limb): moves with the pelvis.
  Eigen::Vector2d partial_body_com_m =
      Eigen::Vector2d::Constant(std::numeric_limits<double>::quiet_NaN());
  /// Abductor origin (iliac wing; the centre of the abductors' origin area), on the pelvis:
  /// moves with the pelvis.
  Eigen::Vector2d abductor_origin_m =
      Eigen::Vector2d::Constant(std::numeric_limits<double>::quiet_NaN());
  /// Abductor insertion (greater trochanter), on the femur: stays where it is.
  Eigen::Vector2d abductor_insertion_m =
      Eigen::Vector2d::Constant(std::numeric_limits<double>::quiet_NaN());
};

/// Outputs of Pauwels' model. Frame as in the file comment: x medial, y superior, stance limb.
struct PauwelsResult {
  /// The frame of the vector components: the stance limb's frontal plane, x medial, y superior;
  /// hip_force_n acts on the femoral head (named with the result, issue 19).
  static constexpr const char* frame = "stance limb frontal plane: x medial, y superior";
  /// BW = body_mass_kg g [N].
  double body_weight_n = 0.0;
  /// S5 = (1 - stance_limb_mass_fraction) BW [N].
  double partial_body_weight_n = 0.0;
  /// M, the magnitude of the resultant abductor force [N], >= 0.
  double abductor_force_n = 0.0;
  /// R, the force ON THE FEMORAL HEAD (from the acetabulum) [N], components (medial, superior).
  /// It points DOWN and LATERALLY for Pauwels' numbers: (-M sin(theta), -(S5 - C + M cos(theta))).
  /// The force on the acetabulum is -hip_force_n.
  Eigen::Vector2d hip_force_n = Eigen::Vector2d::Zero();
  /// |R| [N].
  double hip_force_magnitude_n = 0.0;
  /// Angle of R's line of action from the vertical [rad]: POSITIVE when its upper end lies
  /// MEDIAL (R on the head points inferolaterally), atan2(-R_medial, -R_superior). 15.4 deg
  /// for Pauwels' numbers. Same sign rule as PauwelsInput::abductor_angle_rad.
  double hip_force_angle_rad = 0.0;
  /// M / BW and |R| / BW (multiply by 100 for %BW).
  double abductor_force_bw = 0.0;
  double hip_force_bw = 0.0;
  /// M / S5 and |R| / S5 (Pauwels' own ratios).
  double abductor_force_per_partial = 0.0;
  double hip_force_per_partial = 0.0;
  /// h, a and theta as used, after the pelvic drop [m, m, rad].
  double partial_body_lever_arm_m = 0.0;
  double abductor_lever_arm_m = 0.0;
  double abductor_angle_rad = 0.0;
};

/// A line of action in the frontal plane of the stance limb.
struct AbductorLine {
  /// Signed perpendicular distance from the hip centre to the line [m]: POSITIVE when the line
  /// passes LATERAL of the hip centre (an abductor: pulling from origin to insertion it lifts
  /// the swing side), negative when it passes medially.
  double lever_arm_m = 0.0;
  /// Angle of the line from the vertical [rad] in (-pi/2, pi/2): POSITIVE when the origin (the
  /// upper end) lies medial of the insertion.
  double angle_rad = 0.0;
};

namespace detail {

inline void check_finite(double value, const char* arg, const char* expected) {
  HIPMECH_CHECK_ARG(std::isfinite(value), arg, expected, value);
}

inline void check_below_right_angle(double angle_rad, const char* arg) {
  HIPMECH_CHECK_ARG(std::isfinite(angle_rad) && std::abs(angle_rad) < 0.5 * pauwels_pi, arg,
                    "a finite angle with |angle| < pi/2 [rad]", angle_rad);
}

inline void check_point(const Eigen::Vector2d& p, const char* arg) {
  HIPMECH_CHECK_ARG(p.allFinite(), arg, "a finite point (medial, superior) [m]", p.transpose());
}

/// Checks the fields that do not describe the geometry (mass, fraction, g, cane, drop).
void check_pauwels_loads(const PauwelsInput& in);

/// Solves the equilibrium for geometry already in the dropped pose.
PauwelsResult solve_pauwels(const PauwelsInput& in, double h, double a, double theta);

}  // namespace detail

/// Where a point fixed to the pelvis goes when the pelvis drops by `pelvic_drop_rad` on the
/// swing side, rotating rigidly about the stance hip centre in the frontal plane:
///   (x, y) -> (x cos(drop) + y sin(drop), -x sin(drop) + y cos(drop))   [medial, superior]
/// A point on the swing side (x > 0) at hip height goes down; a point above the hip (y > 0)
/// goes medially.
/// \param point_m point relative to the stance hip centre, (medial, superior) [m]
/// \param pelvic_drop_rad contralateral pelvic drop [rad], positive = swing side lower
/// \return the point after the drop, same frame [m]
inline Eigen::Vector2d point_after_pelvic_drop(const Eigen::Vector2d& point_m,
                                               double pelvic_drop_rad) {
  const double c = std::cos(pelvic_drop_rad), s = std::sin(pelvic_drop_rad);
  return {c * point_m.x() + s * point_m.y(), -s * point_m.x() + c * point_m.y()};
}

/// Pauwels' model from lever arms (Pauwels 1965, pp. 101-112; see the file comment for the
/// equations). With pelvic_drop_rad != 0 the partial-body lever arm becomes
/// h' = h cos(drop) + v sin(drop) (v = partial_body_com_height_m) and the abductor line is kept.
/// \return forces, ratios and the geometry as used (frame: x medial, y superior, stance limb)
/// \throws InvalidArgument naming the field: body_mass_kg, g_mps2 (not finite and > 0),
/// stance_limb_mass_fraction (outside (0, 1)), partial_body_lever_arm_m, abductor_lever_arm_m
/// (not finite and > 0), abductor_angle_rad, pelvic_drop_rad (not finite or |angle| >= pi/2),
/// partial_body_com_height_m (not finite), cane_force_n (negative, not finite or above
/// min(S5, S5 h / c)), cane_lever_arm_m (negative, not finite, or 0 with a cane force);
/// pelvic_drop_rad also when the drop leaves S5's centre of mass lateral of the hip (h' <= 0).
PauwelsResult pauwels(const PauwelsInput& input);

/// Lever arm and angle of the line from an abductor origin to its insertion.
///   u = (origin - insertion) / |origin - insertion|,  angle = atan2(u_medial, u_superior),
///   lever arm = insertion_superior u_medial - insertion_medial u_superior
/// (the signed distance from the hip centre, positive when the line passes laterally).
/// \param origin_m abductor origin on the iliac wing, (medial, superior) from the stance hip
///   centre [m]; must lie superior to the insertion
/// \param insertion_m abductor insertion on the greater trochanter, same frame [m]
/// \throws InvalidArgument naming origin_m / insertion_m (not finite) or origin_m (not
///   superior to the insertion).
AbductorLine abductor_line_from_points(const Eigen::Vector2d& origin_m,
                                       const Eigen::Vector2d& insertion_m);

/// Pauwels' model from points (PauwelsPoints, pelvis level): S5's centre of mass and the
/// abductor origin rotate with the pelvis by input.pelvic_drop_rad about the stance hip centre
/// (point_after_pelvic_drop), the insertion stays on the femur; then
///   h = com'.x,  (a, theta) = abductor_line_from_points(origin', insertion),
/// and the equilibrium is solved as in pauwels(input). The geometry fields of `input`
/// (partial_body_lever_arm_m, abductor_lever_arm_m, abductor_angle_rad,
/// partial_body_com_height_m) are NOT used. Points measured in the dropped pose go in with
/// pelvic_drop_rad = 0.
/// \throws InvalidArgument as pauwels(input) for the load fields; naming partial_body_com_m,
/// abductor_origin_m or abductor_insertion_m for a non-finite point; partial_body_com_m when
/// S5's centre of mass is not medial of the hip centre after the drop; abductor_origin_m when
/// the origin is not superior to the insertion or the abductor line does not pass laterally of
/// the hip centre after the drop.
PauwelsResult pauwels(const PauwelsInput& input, const PauwelsPoints& points);

/// h from the hip joint centres, assuming the whole-body centre of mass on the midline between
/// the hip centres and the stance limb's centre of mass vertically below the stance hip centre:
/// the moments of BW and S5 about the stance hip are then equal, BW d / 2 = S5 h, so
///   h = (BW / S5) (d / 2) = d / (2 (1 - stance_limb_mass_fraction)).
/// Pauwels' h = 10.99 cm corresponds to d = 17.88 cm; Braune's measured d = 17.0 cm gives
/// h = 10.45 cm (the subject's centre of mass was not on the midline in phase 16).
/// \param hip_centre_distance_m d, distance between the hip joint centres [m], > 0
/// \param stance_limb_mass_fraction stance limb mass / body mass, in (0, 1)
/// \return h [m], medial of the stance hip centre
/// \throws InvalidArgument naming the argument.
double partial_body_lever_arm_from_hip_centres(double hip_centre_distance_m,
                                               double stance_limb_mass_fraction);

/// The contralateral cane force that makes the abductor force zero, C0 = S5 h' / c [N] (h'
/// after the pelvic drop, lever-arm form of the model). A cane force above it would need
/// adductors. pauwels() accepts cane forces up to min(S5, C0); C0 > S5 only when c < h'.
/// input.cane_force_n is ignored.
/// \throws InvalidArgument as pauwels(input), and naming cane_lever_arm_m unless it is > 0.
inline double cane_force_for_zero_abductor_n(const PauwelsInput& input) {
  check_positive(input.cane_lever_arm_m, "cane_lever_arm_m", "m");
  PauwelsInput no_cane = input;
  no_cane.cane_force_n = 0.0;
  const PauwelsResult r = pauwels(no_cane);
  return r.partial_body_weight_n * r.partial_body_lever_arm_m / input.cane_lever_arm_m;
}

}  // namespace hipmech::hip
