/// \file
/// Clinical joint angles from segment frames: flexion, adduction and internal rotation with
/// the per-side signs of docs/conventions.md.
#pragma once

#include "hipmech/core/side.hpp"
#include "hipmech/geometry/jcs.hpp"

namespace hipmech::model {

/// The joint whose sign rules apply.
enum class Joint {
  Hip,   ///< pelvis -> thigh
  Knee,  ///< thigh -> shank
};

/// Clinical angles of a joint from the Grood & Suntay (1983) joint coordinate system of two
/// ISB segment frames (e1 = proximal Z, e2 floating, e3 = distal Y; geometry::jcs_angles
/// returns the rotations (alpha, beta, gamma) about them). Columns, in radians:
///   0: flexion (hip: +alpha; knee: -alpha),
///   1: adduction, knee varus (right: +beta; left: -beta),
///   2: internal rotation (right: +gamma; left: -gamma).
/// These equal Vicon Plug-in Gait's LHipAngles/RHipAngles and LKneeAngles/RKneeAngles (Y-X-Z
/// Cardan angles in its own axes) to 1e-6 deg on ../shared/validation/pycgm_pig_stair.
/// \param R_lab_proximal #frames by 9, pelvis (hip) or thigh (knee) frames, ISB axes
/// \param R_lab_distal #frames by 9, thigh (hip) or shank (knee) frames, ISB axes
/// \return #frames by 3 [rad]; NaN where a frame is missing.
inline Trajectory joint_angles(const geometry::RotationsCRef& R_lab_proximal,
                               const geometry::RotationsCRef& R_lab_distal, Side side,
                               Joint joint) {
  Trajectory a = geometry::jcs_angles(R_lab_proximal, R_lab_distal);
  const double flexion_sign = joint == Joint::Knee ? -1.0 : 1.0;
  const double side_sign = lateral_sign(side);
  a.col(0) *= flexion_sign;
  a.col(1) *= side_sign;
  a.col(2) *= side_sign;
  return a;
}

}  // namespace hipmech::model
