/// \file
/// Grood & Suntay (1983) joint coordinate system angles between two segments with ISB axes
/// (docs/geometry.md, "Joint coordinate system").
#pragma once

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/geometry/cardan.hpp"
#include "hipmech/geometry/rotations.hpp"

namespace hipmech::geometry {

namespace detail {

/// One frame of jcs_angles() (the loop body it calls for every frame), allocation-free:
/// decompose(R_lab_proximal^T R_lab_distal, ZXY) into `out` (3 angles [rad]).
/// \param[in] R_lab_proximal, R_lab_distal row-major rotations, 9 values each
inline void jcs_angles_one(const double* R_lab_proximal, const double* R_lab_distal,
                           double* out) noexcept {
  constexpr auto q = axes_of(CardanSequence::ZXY);
  const Eigen::Map<const Matrix3r> p(R_lab_proximal);
  const Eigen::Map<const Matrix3r> d(R_lab_distal);
  Matrix3r rel;
  rel.noalias() = p.transpose() * d;
  decompose_into(rel.data(), q, out);
}

}  // namespace detail

/// Joint angles in the Grood & Suntay (1983, J Biomech Eng 105:136) joint coordinate system,
/// with the ISB segment axes of Wu et al. (2002): X anterior, Y superior, Z right.
///
/// e1 = proximal Z (body-fixed, flexion axis), e3 = distal Y (body-fixed long axis),
/// e2 = e3 x e1 / |e3 x e1| (the floating axis). With Xp, Yp, Zp and Xd, Yd, Zd the segment
/// axes in the lab frame:
///   a1 (about e1) = atan2(e2 . Yp, e2 . Xp),
///   a2 (about e2) = asin(Zp . Yd),
///   a3 (about e3) = atan2(Zd . e2, Xd . e2),
/// identical to decompose(relative_rotations(R_lab_proximal, R_lab_distal), ZXY), which is how
/// it is computed (one pass, no temporary). The raw angles are right-handed rotations about the
/// axes; clinical signs per side (flexion, adduction, internal rotation) are applied by the
/// caller (model, hip and knee areas).
/// \param[in] R_lab_proximal #frames by 9, proximal segment axes in the lab frame (columns X, Y, Z)
/// \param[in] R_lab_distal #frames by 9, distal segment axes in the lab frame, same #frames
/// \return #frames by 3 [rad]: column 0 about e1, in (-pi, pi]; column 1 about e2, in
/// [-pi/2, pi/2]; column 2 about e3, in (-pi, pi]. NaN frames in either input give NaN rows.
/// At |e3 x e1| < gimbal_tolerance (long axis along the flexion axis) column 2 is 0.
/// \throws InvalidArgument if the #frames differ (naming 'R_lab_distal') or an input holds
/// infinity. The inputs are not checked for orthonormality.
Trajectory jcs_angles(const RotationsCRef& R_lab_proximal, const RotationsCRef& R_lab_distal);

}  // namespace hipmech::geometry
