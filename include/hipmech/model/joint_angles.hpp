/// \file
/// Clinical joint angles from segment frames: flexion, adduction and internal rotation with
/// the per-side signs of docs/conventions.md.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "hipmech/core/detail/text.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/geometry/jcs.hpp"

namespace hipmech::model {

/// The joint whose sign rules apply.
enum class Joint {
  Hip,    ///< pelvis -> thigh
  Knee,   ///< thigh -> shank
  Ankle,  ///< shank -> foot
};

/// "hip", "knee" or "ankle".
constexpr std::string_view to_string(Joint joint) noexcept {
  return joint == Joint::Hip ? "hip" : joint == Joint::Knee ? "knee" : "ankle";
}

/// Parses "hip", "knee" or "ankle" (any case).
/// \throws InvalidArgument naming `arg` for anything else.
Joint parse_joint(std::string_view text, const char* arg = "joint");

/// Sign that turns a rotation about e1 (the proximal segment's Z, ISB) into the clinical
/// flexion of docs/conventions.md: +1 for the hip (flexion) and the ankle (dorsiflexion),
/// -1 for the knee (flexion bends the shank backwards).
constexpr double flexion_sign(Joint joint) noexcept {
  return joint == Joint::Knee ? -1.0 : 1.0;
}

namespace detail {

/// The signs joint_angles() applies to the raw JCS angles (alpha, beta, gamma) of `side`:
/// (flexion_sign(joint), lateral_sign(side), lateral_sign(side)).
constexpr std::array<double, 3> clinical_signs(Side side, Joint joint) noexcept {
  return {flexion_sign(joint), lateral_sign(side), lateral_sign(side)};
}

/// One frame of joint_angles(), allocation-free: the clinical (flexion, adduction, internal
/// rotation) [rad] of two row-major ISB rotations (9 values each) into `out` (3 values).
inline void joint_angles_one(const double* R_lab_proximal, const double* R_lab_distal, Side side,
                             Joint joint, double* out) noexcept {
  geometry::detail::jcs_angles_one(R_lab_proximal, R_lab_distal, out);
  const std::array<double, 3> sign = clinical_signs(side, joint);
  out[0] *= sign[0];
  out[1] *= sign[1];
  out[2] *= sign[2];
}

}  // namespace detail

/// Clinical angles of a joint from the Grood & Suntay (1983) joint coordinate system of two
/// ISB segment frames (e1 = proximal Z, e2 floating, e3 = distal Y; geometry::jcs_angles
/// returns the rotations (alpha, beta, gamma) about them). Columns, in radians:
///   0: flexion (hip: +alpha; knee: -alpha; ankle: dorsiflexion, +alpha),
///   1: adduction, knee varus, ankle inversion (right: +beta; left: -beta),
///   2: internal rotation (right: +gamma; left: -gamma).
/// These equal Vicon Plug-in Gait's LHipAngles/RHipAngles and LKneeAngles/RKneeAngles (Y-X-Z
/// Cardan angles in its own axes) to 1e-6 deg on ../shared/validation/pycgm_pig_stair.
/// The ankle follows the same rule with ISB shank and foot frames (foot X towards the toes);
/// Plug-in Gait's ankle angles (another sequence, in its own axes, with a 90 deg offset) are
/// plug_in_gait_ankle_angles() in model/pig_angles.hpp.
/// \param R_lab_proximal #frames by 9, pelvis (hip), thigh (knee) or shank (ankle) frames, ISB
/// \param R_lab_distal #frames by 9, thigh (hip), shank (knee) or foot (ankle) frames, ISB
/// \return #frames by 3 [rad]; NaN where a frame is missing.
Trajectory joint_angles(const geometry::RotationsCRef& R_lab_proximal,
                        const geometry::RotationsCRef& R_lab_distal, Side side, Joint joint);

}  // namespace hipmech::model
