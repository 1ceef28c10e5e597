/// \file
/// Joint moments expressed in a named frame (global, proximal, distal segment, or the joint
/// coordinate system), as clinical components with per-side signs, internal or external, and
/// normalised (docs/dynamics.md, "Expressing moments"; Derrick et al. 2020 J Biomech
/// 99:109533 on why the frame must be named).
#pragma once

#include <cmath>
#include <string>
#include <string_view>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "hipmech/core/check.hpp"
#include "hipmech/core/detail/text.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/geometry/rotations.hpp"
#include "hipmech/model/joint_angles.hpp"

namespace hipmech::dynamics {

/// The axes a joint moment is resolved on.
enum class MomentFrame {
  Global,    ///< lab axes
  Proximal,  ///< the proximal segment's axes (pelvis for the hip)
  Distal,    ///< the distal segment's axes (thigh for the hip; Plug-in Gait's choice)
  Jcs,       ///< the joint coordinate system: e1 = proximal Z, e3 = distal Y, e2 = e3 x e1
             ///< normalised (Grood & Suntay 1983); orthogonal projections (dot products)
};

/// "global", "proximal", "distal" or "jcs".
constexpr std::string_view to_string(MomentFrame f) noexcept {
  switch (f) {
    case MomentFrame::Global: return "global";
    case MomentFrame::Proximal: return "proximal";
    case MomentFrame::Distal: return "distal";
    case MomentFrame::Jcs: return "jcs";
  }
  return "jcs";
}

/// Parses "global"/"lab", "proximal", "distal" or "jcs" (any case).
/// \throws InvalidArgument naming `arg` otherwise.
inline MomentFrame parse_moment_frame(std::string_view text, const char* arg = "frame") {
  const std::string s = hipmech::detail::folded(text);
  if (s == "global" || s == "lab") return MomentFrame::Global;
  if (s == "proximal") return MomentFrame::Proximal;
  if (s == "distal") return MomentFrame::Distal;
  if (s == "jcs") return MomentFrame::Jcs;
  hipmech::detail::throw_invalid_argument(arg, "'global', 'proximal', 'distal' or 'jcs'",
                                 "'" + std::string(text) + "'");
}

/// A lab-frame vector per frame resolved on the axes of `frame`: R^T v for a segment frame;
/// (v.e1, v.e2, v.e3) for the JCS, e1 the proximal segment's Z axis, e3 the distal segment's
/// Y axis and e2 = (e3 x e1) / |e3 x e1| the floating axis. The JCS axes are not orthogonal,
/// so these are orthogonal projections, not components that add back up to v; they are the
/// projections whose product with the JCS angle rates gives the joint power (Desroches et al.
/// 2010 J Biomech 43:1234-1240 compare the options).
/// \param[in] moment_lab #frames by 3, lab frame
/// \param[in] frame the axes to resolve on
/// \param[in] R_lab_proximal #frames by 9 (proximal segment; unused for Global/Distal, may be
///            empty then)
/// \param[in] R_lab_distal #frames by 9 (distal segment; unused for Global/Proximal)
/// \return #frames by 3; NaN where an input is missing; at gimbal lock (e3 parallel to e1) the
///         floating-axis (e2) component is NaN, the e1 and e3 components stay defined.
/// \throws InvalidArgument naming the argument whose #frames differ.
inline Trajectory resolve_moment(const TrajectoryCRef& moment_lab, MomentFrame frame,
                                 const geometry::RotationsCRef& R_lab_proximal,
                                 const geometry::RotationsCRef& R_lab_distal) {
  const Eigen::Index n = moment_lab.rows();
  if (frame == MomentFrame::Global) return moment_lab;
  if (frame != MomentFrame::Distal) {
    check_same_frames(R_lab_proximal.rows(), n, "R_lab_proximal", "moment_lab");
  }
  if (frame != MomentFrame::Proximal) {
    check_same_frames(R_lab_distal.rows(), n, "R_lab_distal", "moment_lab");
  }
  Trajectory out(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    const Eigen::Vector3d v = moment_lab.row(f).transpose();
    if (frame == MomentFrame::Proximal) {
      out.row(f) = (geometry::rotation_at(R_lab_proximal, f).transpose() * v).transpose();
    } else if (frame == MomentFrame::Distal) {
      out.row(f) = (geometry::rotation_at(R_lab_distal, f).transpose() * v).transpose();
    } else {
      const Eigen::Vector3d e1 = geometry::rotation_at(R_lab_proximal, f).col(2);
      const Eigen::Vector3d e3 = geometry::rotation_at(R_lab_distal, f).col(1);
      const Eigen::Vector3d c = e3.cross(e1);
      const double norm = c.norm();
      const Eigen::Vector3d e2 =
          norm > 1e-12 ? Eigen::Vector3d(c / norm) : Eigen::Vector3d::Constant(std::nan(""));
      out.row(f) << v.dot(e1), v.dot(e2), v.dot(e3);
    }
  }
  return out;
}

/// Clinical components of a joint moment with the per-side signs of docs/conventions.md,
/// #frames by 3 [N m]:
///   0: flexion moment (ankle: dorsiflexion), about the proximal Z / JCS e1 / distal Z axis,
///      times model::flexion_sign(joint);
///   1: adduction moment (knee: varus; ankle: inversion), about the X axis / JCS e2, times
///      lateral_sign(side) (abduction = minus this);
///   2: internal rotation moment, about the Y axis / JCS e3, times lateral_sign(side).
/// A positive internal hip "adduction" value is a net adductor moment; the hip abduction
/// moment of the clinic is its negative (JointMoments.abduction_nm in Python).
/// \param[in] moment_lab #frames by 3, the moment on the distal segment at the joint, lab frame
/// \param[in] frame Proximal, Distal or Jcs (Global has no clinical meaning: InvalidArgument)
/// \throws InvalidArgument naming `frame` (Global) or a #frames mismatch.
inline Trajectory clinical_moments(const TrajectoryCRef& moment_lab,
                                   const geometry::RotationsCRef& R_lab_proximal,
                                   const geometry::RotationsCRef& R_lab_distal, Side side,
                                   model::Joint joint, MomentFrame frame) {
  HIPMECH_CHECK_ARG(frame != MomentFrame::Global, "frame",
                    "'proximal', 'distal' or 'jcs' for clinical components", "'global'");
  Trajectory r = resolve_moment(moment_lab, frame, R_lab_proximal, R_lab_distal);
  // Segment axes ISB: Z (flexion), X (adduction), Y (rotation); JCS order e1, e2, e3.
  Trajectory out(r.rows(), 3);
  if (frame == MomentFrame::Jcs) {
    out = r;
  } else {
    out.col(0) = r.col(2);
    out.col(1) = r.col(0);
    out.col(2) = r.col(1);
  }
  out.col(0) *= model::flexion_sign(joint);
  out.col(1) *= lateral_sign(side);
  out.col(2) *= lateral_sign(side);
  return out;
}

/// Moment normalised to body mass: M / m [N m/kg].
/// \throws InvalidArgument naming `body_mass_kg` unless finite and positive.
template <typename Derived>
typename Derived::PlainObject moment_per_kg(const Eigen::MatrixBase<Derived>& moment_nm,
                                            double body_mass_kg) {
  check_positive(body_mass_kg, "body_mass_kg", "kg");
  return moment_nm / body_mass_kg;
}

/// Moment as a percentage of body weight times height: 100 M / (m g h) [%BW*h]
/// (Moisio et al. 2003 J Biomech 36:599-603 discuss the choice of normalisation).
/// \throws InvalidArgument naming `body_mass_kg`, `height_m` or `g_mps2` unless finite positive.
template <typename Derived>
typename Derived::PlainObject moment_percent_bw_height(const Eigen::MatrixBase<Derived>& moment_nm,
                                                       double body_mass_kg, double height_m,
                                                       double g_mps2 = 9.81) {
  check_positive(body_mass_kg, "body_mass_kg", "kg");
  check_positive(height_m, "height_m", "m");
  check_positive(g_mps2, "g_mps2", "m/s^2");
  return moment_nm * (100.0 / (body_mass_kg * g_mps2 * height_m));
}

}  // namespace hipmech::dynamics
