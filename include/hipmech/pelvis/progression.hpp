/// \file
/// The progression frame: an ISB-aligned frame whose X axis is the lab axis the subject walks
/// along (signed), Y the lab's up axis and Z = X x Y (to the right), as Plug-in Gait uses for
/// pelvis and foot angles (docs/pelvis.md, "Progression frame").
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/error.hpp"
#include "hipmech/core/lab_axes.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/geometry/rotations.hpp"

namespace hipmech::pelvis {

/// How a progression frame was found.
enum class ProgressionMethod {
  Displacement,       ///< from the displacement of the pelvis origin over the trial
  PelvisOrientation,  ///< from the mean pelvis anterior (X) axis, snapped to a lab axis
  Given,              ///< chosen by the caller
};

/// "displacement", "pelvis_orientation" or "given".
constexpr std::string_view to_string(ProgressionMethod m) noexcept {
  return m == ProgressionMethod::Displacement        ? "displacement"
         : m == ProgressionMethod::PelvisOrientation ? "pelvis_orientation"
                                                     : "given";
}

/// Default of detect_progression's min_displacement_m: 0.8 m, the threshold of pyCGM2's
/// PelvisProgressionFrameProcedure (800 mm of LASI displacement), the open implementation of
/// the Plug-in Gait rule.
inline constexpr double default_min_displacement_m = 0.8;

/// A progression frame: ISB-aligned (X forward along the progression, Y up, Z right).
struct Progression {
  /// The lab axis of progression (signed), e.g. -X.
  SignedAxis forward = SignedAxis::PosX;
  /// The lab axes with `forward` as the direction of progression (up unchanged).
  LabAxes axes;
  /// R_lab_progression: its columns are the progression X (forward), Y (up) and Z (right) axes
  /// in lab coordinates. A signed permutation matrix.
  Eigen::Matrix3d R_lab_progression = Eigen::Matrix3d::Identity();
  /// How it was found.
  ProgressionMethod method = ProgressionMethod::Given;
  /// Displacement of the pelvis origin along `forward` between the first and the last valid
  /// frames [m] (>= 0); NaN when the origin was not used.
  double displacement_m = std::numeric_limits<double>::quiet_NaN();
};

/// The progression frame for a given direction of progression (the caller's override).
/// \param forward lab axis of progression; must be perpendicular to lab.up()
/// \param lab the lab axes (only `up` is used)
/// \throws InvalidArgument (argument 'forward') if forward lies along lab.up().
Progression progression_from_axis(SignedAxis forward, const LabAxes& lab);

namespace detail {

/// The horizontal lab axis (perpendicular to up) with the largest |component| of v, signed.
/// Returns false when both horizontal components are zero or NaN.
bool snap_horizontal(const Eigen::Vector3d& v, SignedAxis up, SignedAxis& out);

}  // namespace detail

/// Progression frame from the pelvis orientation: the mean over valid frames of the pelvis
/// anterior (X) axis, projected on the horizontal plane and snapped to the horizontal lab axis
/// with the largest component (Plug-in Gait's rule when the subject hardly moves).
/// \param R_lab_pelvis #frames by 9, pelvis axes in the lab frame (columns X anterior, Y up,
/// Z right); NaN frames are skipped
/// \param lab the lab axes (only `up` is used)
/// \throws InvalidArgument naming 'R_lab_pelvis' if it holds infinity; NumericalError if no
/// frame is valid or the mean anterior axis is vertical.
Progression progression_from_orientation(const geometry::RotationsCRef& R_lab_pelvis,
                                         const LabAxes& lab);

/// Direction of progression as Plug-in Gait finds it: the horizontal lab axis (signed) along
/// which the pelvis origin moved most between the first and the last valid frames; when that
/// displacement is below `min_displacement_m` (walking on the spot, a treadmill, a static
/// trial), the pelvis orientation decides (progression_from_orientation). The rule and the
/// 0.8 m default follow pyCGM2's PelvisProgressionFrameProcedure (Leboeuf et al. 2019, Gait
/// Posture 69:235-241), which reproduces Vicon Plug-in Gait.
/// \param pelvis_origin_lab #frames by 3, pelvis origin (e.g. mid-ASIS) in the lab frame [m];
/// NaN frames are skipped
/// \param R_lab_pelvis #frames by 9 pelvis orientations, used only for the fallback; may have 0
/// rows (then a displacement below the threshold is an error) or as many as the origin
/// \param lab the lab axes (only `up` is used)
/// \param min_displacement_m displacement below which the orientation decides [m], >= 0
/// \return the frame; `method` says which rule decided, `displacement_m` the displacement.
/// \throws InvalidArgument naming the argument for a bad min_displacement_m, mismatched frames,
/// infinity, or an empty R_lab_pelvis when the fallback is needed; NumericalError when the
/// fallback finds no valid pelvis frame.
Progression detect_progression(const TrajectoryCRef& pelvis_origin_lab,
                               const geometry::RotationsCRef& R_lab_pelvis, const LabAxes& lab,
                               double min_displacement_m = default_min_displacement_m);

}  // namespace hipmech::pelvis
