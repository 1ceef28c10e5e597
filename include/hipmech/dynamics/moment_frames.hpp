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
MomentFrame parse_moment_frame(std::string_view text, const char* arg = "frame");

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
Trajectory resolve_moment(const TrajectoryCRef& moment_lab, MomentFrame frame,
                          const geometry::RotationsCRef& R_lab_proximal,
                          const geometry::RotationsCRef& R_lab_distal);

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
Trajectory clinical_moments(const TrajectoryCRef& moment_lab,
                            const geometry::RotationsCRef& R_lab_proximal,
                            const geometry::RotationsCRef& R_lab_distal, Side side,
                            model::Joint joint, MomentFrame frame);

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
