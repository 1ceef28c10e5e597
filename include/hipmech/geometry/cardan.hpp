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
inline Eigen::Matrix3d elementary(int axis, double c, double s) noexcept {
  Eigen::Matrix3d m = Eigen::Matrix3d::Identity();
  const int j = (axis + 1) % 3;
  const int k = (axis + 2) % 3;
  m(j, j) = c;
  m(j, k) = -s;
  m(k, j) = s;
  m(k, k) = c;
  return m;
}

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
inline void compose_into(const double* a, const SequenceAxes& q, double* out) noexcept {
  if (std::isnan(a[0] + a[1] + a[2])) {
    for (int e = 0; e < 9; ++e) out[e] = std::nan("");
    return;
  }
  const int third = q.cardan ? q.k : q.i;
  const Eigen::Matrix3d m = detail::elementary(q.i, std::cos(a[0]), std::sin(a[0])) *
                            detail::elementary(q.j, std::cos(a[1]), std::sin(a[1])) *
                            detail::elementary(third, std::cos(a[2]), std::sin(a[2]));
  Eigen::Map<Matrix3r> dst(out);
  dst = m;
}

/// Decomposes one row-major matrix `r` (9 values) into `out` (3 angles). NaN anywhere in `r`
/// gives three NaN.
inline void decompose_into(const double* r, const SequenceAxes& q, double* out) noexcept {
  const auto R = [r](int row, int col) { return r[3 * row + col]; };
  const int i = q.i, j = q.j, k = q.k;
  const double s = q.s;
  double sum = 0.0;
  for (int e = 0; e < 9; ++e) sum += r[e];
  if (std::isnan(sum)) {
    out[0] = out[1] = out[2] = std::nan("");
    return;
  }
  double a1, a2, a3, y, x;
  if (q.cardan) {
    // R = R_i(a1) R_j(a2) R_k(a3): R[i][k] = s sin a2, (R[i][i], R[i][j]) = cos a2 (cos a3, -s sin a3),
    // (R[k][k], R[j][k]) = cos a2 (cos a1, -s sin a1).
    a2 = std::atan2(s * R(i, k), std::sqrt(R(i, i) * R(i, i) + R(i, j) * R(i, j)));
    y = -s * R(j, k);
    x = R(k, k);
  } else {
    // R = R_i(a1) R_j(a2) R_i(a3): R[i][i] = cos a2, (R[k][i], R[j][i]) = sin a2 (-s cos a1, sin a1).
    a2 = std::atan2(std::sqrt(R(i, j) * R(i, j) + R(i, k) * R(i, k)), R(i, i));
    y = R(j, i);
    x = -s * R(k, i);
  }
  const double n = std::sqrt(x * x + y * y);  // |cos a2| (Cardan) or |sin a2| (Euler)
  if (n < gimbal_tolerance) {
    // Gimbal lock: with a3 = 0, column j of R is R_i(a1) e_j = (.., cos a1, s sin a1) in (j, k).
    a1 = std::atan2(s * R(k, j), R(j, j));
    a3 = 0.0;
  } else {
    a1 = std::atan2(y, x);
    const double c1 = x / n, s1 = y / n;
    // Row j of R_i(a1)^T R = row j of R_j(a2) R_third(a3) = row j of R_third(a3).
    const double rj_i = c1 * R(j, i) + s * s1 * R(k, i);
    const double rj_j = c1 * R(j, j) + s * s1 * R(k, j);
    const double rj_k = c1 * R(j, k) + s * s1 * R(k, k);
    a3 = q.cardan ? std::atan2(s * rj_i, rj_j) : std::atan2(-s * rj_k, rj_j);
  }
  out[0] = detail::half_open(a1);
  out[1] = a2;
  out[2] = detail::half_open(a3);
}

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
inline Rotations compose(const TrajectoryCRef& angles, CardanSequence sequence) {
  check_values(angles, "angles");
  const auto q = axes_of(sequence);
  const Eigen::Index n = angles.rows();
  Rotations out(n, 9);
  for (Eigen::Index f = 0; f < n; ++f) {
    compose_into(angles.row(f).data(), q, out.row(f).data());
  }
  return out;
}

/// Intrinsic angles of a batch of rotations (the inverse of compose).
/// \param[in] R #frames by 9 row-major rotation matrices. Not checked for orthonormality (a
/// check costs as much as the decomposition; see max_orthonormality_error). NaN rows (missing
/// frames) give NaN rows.
/// \param[in] sequence one of the twelve intrinsic sequences
/// \return #frames by 3 angles [rad]: a1, a3 in (-pi, pi]; a2 in [-pi/2, pi/2] (Cardan) or
/// [0, pi] (Euler); at gimbal lock a3 = 0 and a1 holds the rotation about the merged axis.
/// \throws InvalidArgument naming 'R' if it holds infinity.
inline Trajectory decompose(const RotationsCRef& R, CardanSequence sequence) {
  check_values(R, "R");
  const auto q = axes_of(sequence);
  const Eigen::Index n = R.rows();
  Trajectory out(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    decompose_into(R.row(f).data(), q, out.row(f).data());
  }
  return out;
}

}  // namespace hipmech::geometry
