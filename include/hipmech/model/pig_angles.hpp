/// \file
/// Plug-in Gait's ankle angles and foot progression angles, as Vicon Nexus outputs them
/// (LAnkleAngles, RFootProgressAngles, ...): Y-X-Z Cardan angles in Plug-in Gait's own segment
/// axes, with its per-side signs and the ankle's 90 deg offset (docs/model.md, "Ankle and foot
/// angles").
#pragma once

#include <cmath>
#include <limits>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/geometry/cardan.hpp"
#include "hipmech/geometry/rotations.hpp"
#include "hipmech/pelvis/progression.hpp"

namespace hipmech::model {

namespace detail {

/// Plug-in Gait's axes of a shank (or progression) frame in its ISB axes: x = X (anterior),
/// y = -Z (left), z = Y (up); as columns.
inline Eigen::Matrix3d pig_axes_of_isb_segment() {
  Eigen::Matrix3d m;
  m << 1, 0, 0, 0, 0, 1, 0, -1, 0;
  return m;
}

/// Plug-in Gait's axes of a foot frame in its ISB axes (foot X towards the toes): x = Y (up),
/// y = -Z (left), z = -X (towards the heel); as columns.
inline Eigen::Matrix3d pig_axes_of_isb_foot() {
  Eigen::Matrix3d m;
  m << 0, 0, -1, 1, 0, 0, 0, -1, 0;
  return m;
}

/// Y-X-Z Cardan angles (a, b, c) of the foot relative to `R_lab_proximal`, both re-labelled
/// to Plug-in Gait's axes, for one frame.
inline Eigen::Vector3d pig_foot_yxz(const Eigen::Matrix3d& R_lab_proximal,
                                    const Eigen::Matrix3d& R_lab_foot) {
  static const Eigen::Matrix3d Tp = pig_axes_of_isb_segment();
  static const Eigen::Matrix3d Tf = pig_axes_of_isb_foot();
  const Eigen::Matrix3d rel = Tp.transpose() * R_lab_proximal.transpose() * R_lab_foot * Tf;
  return geometry::decompose_one(rel, geometry::CardanSequence::YXZ);
}

}  // namespace detail

/// Plug-in Gait's ankle angles: the foot relative to the malleolar shank
/// (PigLowerBody::shank_malleolar, Vicon's "torsioned tibia"), as Y-X-Z Cardan angles (a, b,
/// c) in Plug-in Gait's axes (shank: x anterior, y left, z up; foot: x up, y left, z towards
/// the heel). Columns, in radians, Vicon's LAnkleAngles / RAnkleAngles:
///   0: dorsiflexion, -(a + pi/2) (the 90 deg between the shank's and the foot's z);
///   1: inversion, left -c, right +c (rotation about the foot's long axis);
///   2: internal rotation (adduction), left -b, right +b.
/// Equal to Vicon's to 0.002 deg on ../shared/validation/biomechzoo_pig_child (tibial torsion
/// -16/-21 deg; tests/python/test_model_offsets.py). Source: Vicon Plug-in Gait reference guide
/// ("an offset of 90 degrees is added to the flexion angle"); Kadaba et al. 1990.
/// \param R_lab_shank_malleolar #frames by 9, ISB axes
/// \param R_lab_foot #frames by 9, ISB axes, X towards the toes (PigLowerBody::foot)
/// \return #frames by 3 [rad]; NaN where a frame is missing.
/// \throws InvalidArgument if the #frames differ.
Trajectory plug_in_gait_ankle_angles(const geometry::RotationsCRef& R_lab_shank_malleolar,
                                     const geometry::RotationsCRef& R_lab_foot, Side side);

/// Plug-in Gait's foot progression angles: the foot relative to the progression frame
/// (pelvis::Progression::R_lab_progression: X forward along the walk, Y up, Z right), as Y-X-Z
/// Cardan angles (a, b, c) in Plug-in Gait's axes. Columns, in radians, Vicon's
/// LFootProgressAngles / RFootProgressAngles:
///   0: a, the foot's pitch (about -90 deg for a flat foot: its z points back);
///   1: left +c, right -c;
///   2: internal progression (in-toeing), left -b, right +b; the clinical foot progression
///      angle (negative = out-toeing).
/// Equal to Vicon's to 0.001 deg on ../shared/validation/biomechzoo_pig_child
/// (tests/python/test_model_offsets.py).
/// \param R_lab_progression 3 by 3, ISB-aligned progression frame
/// \param R_lab_foot #frames by 9, ISB axes, X towards the toes (PigLowerBody::foot)
/// \return #frames by 3 [rad]; NaN where a frame is missing.
Trajectory plug_in_gait_foot_progression_angles(const Eigen::Matrix3d& R_lab_progression,
                                                const geometry::RotationsCRef& R_lab_foot,
                                                Side side);

/// plug_in_gait_foot_progression_angles() with the progression frame as Plug-in Gait finds it
/// (pelvis::detect_progression) or as given (pelvis::progression_from_axis): no raw matrix,
/// whose identity would mean a Y-up lab (issue 19).
inline Trajectory plug_in_gait_foot_progression_angles(const pelvis::Progression& progression,
                                                       const geometry::RotationsCRef& R_lab_foot,
                                                       Side side) {
  return plug_in_gait_foot_progression_angles(progression.R_lab_progression, R_lab_foot, side);
}

}  // namespace hipmech::model
