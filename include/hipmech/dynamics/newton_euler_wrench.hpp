/// \file
/// Bottom-up 3-D Newton-Euler inverse dynamics of a limb in the wrench / quaternion form of
/// Dumas R, Aissaoui R, de Guise JA (2004) "A 3D generic inverse dynamic method using wrench
/// notation and quaternion algebra", Comput Methods Biomech Biomed Engin 7(3):159-166: the same
/// recursion as newton_euler_3d() (newton_euler.hpp), written with 6 by 1 wrenches, 6 by 6
/// generalised-inertia and wrench-transport matrices, and segment kinematics from quaternions
/// rather than from rotation matrices (docs/dynamics.md).
///
/// Why two forms: the vector form differentiates the rotation matrices, this one the
/// quaternions. Mathematically both give the same joint loads; numerically their kinematics
/// differ by the truncation error of the central differences (O(h^2), h = 1 / rate_hz), and
/// their dynamics agree to round-off when fed the same kinematics. Agreement between the two
/// is therefore a check of two independent formulations; see newton_euler_3d_wrench() for
/// the sizes measured.
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "hipmech/core/check.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/dynamics/newton_euler.hpp"
#include "hipmech/dynamics/segment_inertia.hpp"
#include "hipmech/dynamics/segment_motion.hpp"
#include "hipmech/geometry/rotations.hpp"
#include "hipmech/signal/derivative.hpp"

namespace hipmech::dynamics {

/// #frames by 4 quaternions, one per row, scalar first: (w, x, y, z), row-major.
using Quaternions = Eigen::Matrix<double, Eigen::Dynamic, 4, Eigen::RowMajor>;
/// One 6 by 1 wrench, force first: (F; M) (Dumas et al. 2004's order).
using Wrench = Eigen::Matrix<double, 6, 1>;
/// A 6 by 6 matrix acting on wrenches or on (linear; angular) accelerations.
using Matrix6d = Eigen::Matrix<double, 6, 6>;

namespace detail {

/// Hamilton product a b of quaternions stored (w, x, y, z):
/// (a_w b_w - a_v . b_v, a_w b_v + b_w a_v + a_v x b_v).
inline Eigen::Vector4d quaternion_product(const Eigen::Vector4d& a, const Eigen::Vector4d& b) {
  const Eigen::Vector3d av = a.tail<3>(), bv = b.tail<3>();
  Eigen::Vector4d p;
  p[0] = a[0] * b[0] - av.dot(bv);
  p.tail<3>() = a[0] * bv + b[0] * av + av.cross(bv);
  return p;
}

/// Conjugate q* = (w, -x, -y, -z); the inverse of a unit quaternion.
inline Eigen::Vector4d quaternion_conjugate(const Eigen::Vector4d& q) {
  return Eigen::Vector4d(q[0], -q[1], -q[2], -q[3]);
}

/// The pure quaternion (0, v).
inline Eigen::Vector4d pure_quaternion(const Eigen::Vector3d& v) {
  return Eigen::Vector4d(0.0, v.x(), v.y(), v.z());
}

/// The skew-symmetric matrix [v]x, with [v]x u = v x u.
inline Eigen::Matrix3d skew(const Eigen::Vector3d& v) {
  Eigen::Matrix3d S;
  S << 0.0, -v.z(), v.y(), v.z(), 0.0, -v.x(), -v.y(), v.x(), 0.0;
  return S;
}

/// Rotation matrix of a unit quaternion (w, x, y, z) (the rotation v -> q (0, v) q*).
inline Eigen::Matrix3d quaternion_to_rotation(const Eigen::Vector4d& q) {
  return Eigen::Quaterniond(q[0], q[1], q[2], q[3]).toRotationMatrix();
}

}  // namespace detail

/// Unit quaternions of a batch of rotation matrices, with sign continuity: q and -q are the
/// same rotation, and each frame takes the sign whose dot product with the last non-missing
/// frame before it is non-negative, so that the quaternions are a smooth function of time
/// and can be differentiated (Dumas et al. 2004, "Quaternion algebra"). The conversion is
/// Eigen's (Shepperd's method), followed by normalisation.
/// \param[in] R_lab_segment #frames by 9, segment-to-lab rotations (row-major)
/// \return #frames by 4, (w, x, y, z) with q (0, v_segment) q* = (0, v_lab); NaN rows where
///         the rotation is missing (NaN).
/// \throws InvalidArgument naming `R_lab_segment` if it holds infinity.
Quaternions unit_quaternions(const geometry::RotationsCRef& R_lab_segment);

/// Kinematics of one segment from quaternions (Dumas et al. 2004, "Quaternion algebra"), the
/// counterpart of segment_motion() for the wrench form. With q the unit quaternions of
/// R_lab_segment (unit_quaternions()), D the first central difference and D2 the second
/// (signal::central_difference, second-order one-sided at the ends), c = (0, com_local_m) and
/// every product a quaternion product:
///
///   omega = vec(2 q' q*),                         q' = D q
///   alpha = vec(2 q'' q* + 2 q' q'*),             q'' = D(D q)   (q' q'* is real: its
///                                                 vector part vanishes; it is kept for the
///                                                 frames it makes missing, see below)
///   com   = origin + vec(q c q*)
///   a     = D2 origin + vec(q_2 c q* + 2 q' c q'* + q c q_2*),   q_2 = D2 q
///
/// all in the lab frame (omega = 2 q' q^-1 is the lab angular velocity for q rotating segment
/// vectors into the lab). The stencils mirror segment_motion(): alpha is the derivative of a
/// derivative as alpha = D omega is there, a uses D2 as D2(com) does there, so both give NaN on
/// the same frames: omega NaN at a missing frame and its neighbours, alpha two frames around
/// it, a one frame around it. Their values differ from segment_motion()'s by the O(h^2)
/// truncation error of differentiating two different parameterisations.
/// \param[in] R_lab_segment #frames by 9, segment-to-lab rotations
/// \param[in] origin_m #frames by 3, origin of the segment frame in the lab [m]
/// \param[in] com_local_m centre of mass in the segment frame [m]
/// \param[in] rate_hz sampling rate [Hz]
/// \return the segment's SegmentMotion (lab frame).
/// \throws InvalidArgument naming the argument (frame counts differ, fewer than 4 frames,
///         infinity, rate_hz not positive)
inline SegmentMotion segment_motion_quaternion(const geometry::RotationsCRef& R_lab_segment,
                                               const TrajectoryCRef& origin_m,
                                               const Eigen::Vector3d& com_local_m,
                                               double rate_hz);

namespace detail {

/// Quaternions and the kinematics derived from them, for one segment.
struct QuaternionMotion {
  Quaternions q;        ///< unit_quaternions(R_lab_segment)
  SegmentMotion motion; ///< as segment_motion_quaternion()
};

/// segment_motion_quaternion() without the argument checks, keeping the quaternions.
QuaternionMotion quaternion_motion(const geometry::RotationsCRef& R_lab_segment,
                                   const TrajectoryCRef& origin_m,
                                   const Eigen::Vector3d& com_local_m, double rate_hz);

}  // namespace detail

inline SegmentMotion segment_motion_quaternion(const geometry::RotationsCRef& R_lab_segment,
                                               const TrajectoryCRef& origin_m,
                                               const Eigen::Vector3d& com_local_m,
                                               double rate_hz) {
  detail::check_segment_motion_args(R_lab_segment, origin_m, com_local_m, rate_hz);
  return detail::quaternion_motion(R_lab_segment, origin_m, com_local_m, rate_hz).motion;
}

namespace detail {

/// A x for a 6 by 6 matrix A = [A11, 0; A21, A22] with a zero upper-right block (Phi and
/// T of Dumas et al. 2004 both are), evaluated by blocks: (A11 x1; A21 x1 + A22 x2). Equal to
/// the full product except that a missing (NaN) angular part x2 stays out of the linear part
/// instead of reaching it as 0 * NaN = NaN, so that a force is not made missing by an
/// angular acceleration or a moment it does not depend on.
inline Wrench lower_block_product(const Matrix6d& A, const Wrench& x) {
  Wrench y;
  y.head<3>() = A.topLeftCorner<3, 3>() * x.head<3>();
  y.tail<3>() = A.bottomLeftCorner<3, 3>() * x.head<3>() + A.bottomRightCorner<3, 3>() * x.tail<3>();
  return y;
}

/// The wrench recursion of newton_euler_3d_wrench() on given kinematics: one SegmentMotion
/// and one set of unit quaternions (the orientation that carries the inertia tensor into the
/// lab) per segment. Exposed so that the recursion can be checked against newton_euler_3d()
/// on identical kinematics (they agree to round-off). Inputs are assumed checked.
std::vector<JointLoads> proximal_wrenches(const std::vector<LimbSegment>& chain,
                                          const ExternalLoad& load,
                                          const std::vector<SegmentMotion>& motion,
                                          const std::vector<Quaternions>& orientation,
                                          const NewtonEulerOptions& options);

}  // namespace detail

/// Bottom-up Newton-Euler recursion in wrench notation with quaternion kinematics (Dumas et
/// al. 2004): the same inputs, outputs, conventions and checks as newton_euler_3d(). For
/// segment i (distal first) with proximal joint centre P_i, centre of mass C_i, mass m_i,
/// lab inertia tensor I_i = R(q_i) I_local R(q_i)^T, the proximal wrench W_i = (F_i; M_i)
/// (the load of the next segment up on segment i at P_i, lab frame) is
///
///   W_i = Phi_i (a_i - g; alpha_i) + (0; omega_i x I_i omega_i) + T(d_i) W_{i-1},
///
///   Phi_i = [m_i E, 0; m_i [c_i]x, I_i],  c_i = C_i - P_i   (generalised inertia at P_i),
///   T(d)  = [E, 0; [d]x, E],              d_i = P_{i-1} - P_i (wrench transport to P_i),
///
/// with W_{i-1} the wrench of segment i on the segment below it (the joint load found for
/// segment i - 1, at P_{i-1}), and for the first segment W_0 = -(F_ext; M_ext) at the load's
/// point. omega, alpha and a come from segment_motion_quaternion() (omega = 2 q' q*, alpha
/// = 2 q'' q* + 2 q' q'*, a from q c q*). The equations are those of Dumas et al. 2004's
/// "Wrench notation" and "Quaternion algebra" sections, read as the first author implemented
/// them in his 3D Kinematics and Inverse Dynamics toolbox (MATLAB Central, BSD licence:
/// Dynamics_WQ.m, Segment_Kinematics_WQ.m). Equation numbers are not cited: the paper's
/// full text was not at hand when this was written.
///
/// Expected agreement with newton_euler_3d(), as measured (tests/cpp/dynamics/
/// test_newton_euler.cpp; benchmarks/bench_dynamics.cpp's walking legs):
/// - on identical kinematics (detail::proximal_wrenches() fed segment_motion()'s arrays) the
///   two recursions are the same equations: they agree to round-off, at most 6e-16 of the
///   largest force or moment on random 3-segment motions (tests assert 1e-9);
/// - each with its own kinematics they differ by the truncation error of differentiating
///   quaternions rather than matrices. On frames 2 to n - 3 that error is O(h^2), h =
///   1 / rate_hz: halving h divides the difference by 4.0; on random smooth 3-segment motions
///   it is 1e-5 of the largest value at 100 Hz and 6.7e-7 at 400 Hz; on the walking legs at
///   100 Hz, 2.6e-3 N m of moments up to 96 N m. On the first and last two frames alpha is a
///   one-sided difference of a one-sided omega, O(h): there the difference reaches 1.6e-4 of
///   the largest value at 100 Hz (4.3e-4 on the walking legs) and halves with h;
/// - NaN falls on the same frames in both (the 6 by 6 products are evaluated by blocks, see
///   detail::lower_block_product()).
/// The forms are therefore not interchangeable to round-off on measured data; either agrees
/// with the ISB benchmark's true moments as well as the other (the same stance RMS errors,
/// 0.185 / 0.120 / 0.034 N m at hip / knee / ankle, to 6 significant digits, at 10 kHz).
/// \param[in] chain segments, distal first; every array with the same #frames (>= 4)
/// \param[in] load external load on chain[0] (lab frame), #frames rows
/// \param[in] rate_hz sampling rate of every array [Hz]
/// \param[in] options gravity and which terms to include
/// \return one JointLoads per segment, in chain order: the load at its proximal joint
///         (force [N], moment about the joint centre [N m], lab frame), acting on it from the
///         next segment up: the net internal moment.
/// \throws InvalidArgument naming the argument (empty chain, frame counts, bad inertia,
///         infinity, fewer than 4 frames, rate_hz)
std::vector<JointLoads> newton_euler_3d_wrench(const std::vector<LimbSegment>& chain,
                                               const ExternalLoad& load, double rate_hz,
                                               const NewtonEulerOptions& options = {});

}  // namespace hipmech::dynamics
