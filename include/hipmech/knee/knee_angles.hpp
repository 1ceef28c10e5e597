/// \file
/// 3-D knee angles by the Grood & Suntay joint coordinate system, with a valgus view that is
/// positive for valgus on both sides (docs/knee.md).
#pragma once

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/geometry/rotations.hpp"
#include "hipmech/model/joint_angles.hpp"

namespace hipmech::knee {

/// Knee flexion, adduction (varus) and internal rotation per frame [rad].
///
/// Grood & Suntay (1983) J Biomech Eng 105:136-144: e1 = thigh Z (flexion axis), e3 = shank Y
/// (long axis), e2 = e3 x e1 floating (ab/adduction); the ISB recommendation (Wu et al. 2002,
/// J Biomech 35:543-548) on ISB thigh and shank frames. On the Plug-in Gait frames of
/// model::plug_in_gait (kept in ISB axes) the same computation is Plug-in Gait's own Y-X-Z
/// Cardan convention and reproduces Vicon's LKneeAngles/RKneeAngles (docs/knee.md).
struct KneeAngles {
  Trajectory rad;  ///< #frames by 3: flexion, adduction (varus), internal rotation [rad]
  Side side = Side::Left;  ///< the side whose clinical signs apply (set by knee_angles())

  /// The convention of `rad`, named with the result (issue 19): the Grood & Suntay (1983)
  /// joint coordinate system (e1 = thigh Z, e3 = shank Y, e2 floating); flexion, adduction
  /// (varus), internal rotation [rad], positive the same on both sides.
  static constexpr const char* convention = "Grood & Suntay (1983) JCS, ISB signs";

  /// Flexion, positive = flexion [rad].
  auto flexion_rad() const { return rad.col(0); }
  /// Adduction (varus), positive = varus on both sides [rad].
  auto adduction_rad() const { return rad.col(1); }
  /// Valgus = -adduction, positive = valgus on both sides [rad].
  Series valgus_rad() const { return -rad.col(1); }
  /// Internal rotation of the shank relative to the thigh, positive = internal [rad].
  auto rotation_rad() const { return rad.col(2); }
};

/// 3-D knee angles of `side` from thigh and shank frames (ISB axes: X anterior, Y proximal,
/// Z to the right), per-side signs of docs/conventions.md: flexion, varus and internal rotation
/// are positive on both sides.
/// \param R_lab_thigh #frames by 9, thigh (femur) frames, row-major, thigh to lab
/// \param R_lab_shank #frames by 9, shank (tibia) frames, same #frames
/// \return NaN where either frame is missing.
/// \throws InvalidArgument naming 'R_lab_shank' (#frames differ) or the argument holding an
/// infinity.
inline KneeAngles knee_angles(const geometry::RotationsCRef& R_lab_thigh,
                              const geometry::RotationsCRef& R_lab_shank, Side side) {
  check_same_frames(R_lab_shank.rows(), R_lab_thigh.rows(), "R_lab_shank", "R_lab_thigh");
  check_values(R_lab_thigh, "R_lab_thigh");
  check_values(R_lab_shank, "R_lab_shank");
  return KneeAngles{model::joint_angles(R_lab_thigh, R_lab_shank, side, model::Joint::Knee), side};
}

}  // namespace hipmech::knee
