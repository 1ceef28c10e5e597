/// \file
/// Cardan (Tait-Bryan) and proper Euler angles for the twelve intrinsic sequences: compose a
/// rotation from three angles and decompose it back (docs/geometry.md, "Rotation conventions").
///
/// Sequence "IJK" means R = R_I(a1) R_J(a2) R_K(a3), rotations about the moving (body-fixed)
/// axes, with the elementary right-handed rotations
///   R_X(a) = [1 0 0; 0 c -s; 0 s c], R_Y(a) = [c 0 s; 0 1 0; -s 0 c], R_Z(a) = [c -s 0; s c 0; 0 0 1].
/// The same matrix read as fixed-axis (extrinsic) rotations is the reversed sequence with the
/// angles reversed (scipy: from_euler("ZXY", ...) upper case = intrinsic, as here).
///
/// Ranges of decompose: a1, a3 in (-pi, pi]; a2 in [-pi/2, pi/2] (Cardan) or [0, pi] (Euler).
///
/// Gimbal lock rule: when |cos a2| < gimbal_tolerance (Cardan) or |sin a2| < gimbal_tolerance
/// (Euler) the first and third axes coincide and only a1 + a3 (or a1 - a3) is defined; decompose
/// then sets a3 = 0 and puts the whole rotation about the merged axis into a1. Away from the
/// lock, a3 is computed from the whole matrix once a1 and a2 are known (Eberly's residual
/// method), so compose(decompose(R)) reproduces R to rounding (about 1e-15) even within 1e-10 rad
/// of the lock, where the separate angles are ill-conditioned.
#pragma once

#include <cmath>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/geometry/rotations.hpp"

namespace hipmech::geometry {

/// Below this |cos a2| (Cardan) or |sin a2| (Euler) a rotation is treated as gimbal-locked:
/// a3 = 0 and a1 takes the whole rotation about the merged axis. Dimensionless.
inline constexpr double gimbal_tolerance = 1e-12;

namespace detail {

inline constexpr double kPi = 3.14159265358979323846;

/// Maps atan2's -pi to +pi so that angles lie in (-pi, pi].
inline double half_open(double a) noexcept {
  return a <= -kPi ? kPi : a;
}

/// Elementary rotation about axis `axis` (0 = X, 1 = Y, 2 = Z) by the angle of cosine c, sine s.
Eigen::Matrix3d elementary(int axis, double c, double s) noexcept;

}  // namespace detail

// Per-frame kernels, public so that other areas (pelvis, knee) can fuse them into their own
// loops without a temporary batch.

/// Indices and parity of a sequence: axes i, j of the first two rotations, k the third axis
/// of the set {X, Y, Z} other than i and j, and s = +1 if (i, j, k) is cyclic, -1 otherwise.
struct SequenceAxes {
  int i, j, k;
  double s;
  bool cardan;
};

constexpr SequenceAxes axes_of(CardanSequence seq) noexcept {
  const int i = sequence_axis(seq, 0);
  const int j = sequence_axis(seq, 1);
  const int k = 3 - i - j;
  return {i, j, k, (j - i + 3) % 3 == 1 ? 1.0 : -1.0, is_cardan(seq)};
}

/// Composes one rotation (angles `a`, 3 values [rad]) into row-major storage `out` (9 values).
void compose_into(const double* a, const SequenceAxes& q, double* out) noexcept;

/// Decomposes one row-major matrix `r` (9 values) into `out` (3 angles). NaN anywhere in `r`
/// gives three NaN.
void decompose_into(const double* r, const SequenceAxes& q, double* out) noexcept;

/// The rotation R = R_axis1(a1) R_axis2(a2) R_axis3(a3) of one set of intrinsic angles.
/// \param[in] angles (a1, a2, a3) [rad], any values (no range restriction)
/// \param[in] sequence one of the twelve intrinsic sequences
/// \return the rotation matrix (orthonormal, det +1); NaN in `angles` gives a NaN matrix.
inline Eigen::Matrix3d compose_one(const Eigen::Vector3d& angles, CardanSequence sequence) {
  Matrix3r out;
  compose_into(angles.data(), axes_of(sequence), out.data());
  return out;
}

/// The intrinsic angles of one rotation matrix (the inverse of compose_one).
/// \param[in] R a rotation matrix (not checked for orthonormality)
/// \param[in] sequence one of the twelve intrinsic sequences
/// \return (a1, a2, a3) [rad]: a1, a3 in (-pi, pi]; a2 in [-pi/2, pi/2] (Cardan) or [0, pi]
/// (Euler). At gimbal lock (see gimbal_tolerance) a3 = 0. NaN in R gives three NaN.
inline Eigen::Vector3d decompose_one(const Eigen::Matrix3d& R, CardanSequence sequence) {
  const Matrix3r r = R;
  Eigen::Vector3d out;
  decompose_into(r.data(), axes_of(sequence), out.data());
  return out;
}

/// Rotations from intrinsic angles, frame by frame: R = R_axis1(a1) R_axis2(a2) R_axis3(a3).
/// \param[in] angles #frames by 3, (a1, a2, a3) per frame [rad]; NaN rows give NaN rows
/// \param[in] sequence one of the twelve intrinsic sequences (e.g. ZXY: R_z(a1) R_x(a2) R_y(a3))
/// \return #frames by 9, one row-major rotation matrix per frame.
/// \throws InvalidArgument naming 'angles' if it holds infinity.
Rotations compose(const TrajectoryCRef& angles, CardanSequence sequence);

/// Intrinsic angles of a batch of rotations (the inverse of compose).
/// \param[in] R #frames by 9 row-major rotation matrices. Not checked for orthonormality (a
/// check costs as much as the decomposition; see max_orthonormality_error). NaN rows (missing
/// frames) give NaN rows.
/// \param[in] sequence one of the twelve intrinsic sequences
/// \return #frames by 3 angles [rad]: a1, a3 in (-pi, pi]; a2 in [-pi/2, pi/2] (Cardan) or
/// [0, pi] (Euler); at gimbal lock a3 = 0 and a1 holds the rotation about the merged axis.
/// \throws InvalidArgument naming 'R' if it holds infinity.
Trajectory decompose(const RotationsCRef& R, CardanSequence sequence);

}  // namespace hipmech::geometry
