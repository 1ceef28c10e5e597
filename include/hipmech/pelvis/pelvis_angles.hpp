/// \file
/// Pelvis angles relative to the lab or the progression frame, in a named convention
/// (Plug-in Gait tilt-obliquity-rotation, Baker's rotation-obliquity-tilt, OpenSim) or as raw
/// angles of any of the twelve sequences, and conversion between conventions
/// (docs/pelvis.md, "Pelvis angles").
#pragma once

#include <cstddef>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/lab_axes.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/geometry/cardan.hpp"
#include "hipmech/geometry/rotations.hpp"
#include "hipmech/pelvis/conventions.hpp"
#include "hipmech/pelvis/progression.hpp"

namespace hipmech::pelvis {

namespace detail {

/// Throws unless R_lab_reference is finite (a rotation is assumed, not checked).
inline void check_reference(const Eigen::Matrix3d& R_lab_reference) {
  HIPMECH_CHECK_ARG(R_lab_reference.allFinite(), "R_lab_reference",
                    "a finite 3 by 3 rotation matrix", "a matrix holding NaN or infinity");
}

/// One frame of reference_angles() before the column map, allocation-free: the raw angles
/// (a1, a2, a3) [rad] of R_ref_pelvis = R_lab_reference^T R_lab_pelvis into `raw`.
/// \param[in] R_lab_pelvis row-major rotation, 9 values
/// \param[in] R_reference_lab R_lab_reference transposed (row-major)
inline void reference_raw_one(const double* R_lab_pelvis, const geometry::Matrix3r& R_reference_lab,
                              const geometry::SequenceAxes& q, double* raw) noexcept {
  geometry::Matrix3r rel;
  rel.noalias() = R_reference_lab * Eigen::Map<const geometry::Matrix3r>(R_lab_pelvis);
  geometry::decompose_into(rel.data(), q, raw);
}

/// The columns of one side: out[k] = map.sign[k] * raw[map.index[k]] (3 values each).
inline void apply_column_map(const ColumnMap& map, const double* raw, double* out) noexcept {
  out[0] = map.sign[0] * raw[map.index[0]];
  out[1] = map.sign[1] * raw[map.index[1]];
  out[2] = map.sign[2] * raw[map.index[2]];
}

/// Raw angles of R_ref_pelvis = R_lab_reference^T R_lab_pelvis, frame by frame, mapped by
/// `map` into the columns of the result.
Trajectory reference_angles(const geometry::RotationsCRef& R_lab_pelvis,
                            geometry::CardanSequence sequence,
                            const Eigen::Matrix3d& R_lab_reference, const ColumnMap& map);

}  // namespace detail

/// R_lab_reference of the ISB-aligned lab frame: its columns are the lab's forward, up and right
/// axes in lab coordinates (LabAxes::R_isb_lab transposed). Pass it as R_lab_reference for
/// angles "relative to the lab".
inline Eigen::Matrix3d lab_reference(const LabAxes& lab) {
  return lab.R_isb_lab().transpose();
}

/// Raw intrinsic angles of the pelvis relative to a reference frame, any of the 12 sequences:
/// decompose(R_lab_reference^T R_lab_pelvis, sequence), no sign change.
/// \param R_lab_pelvis #frames by 9, pelvis axes in the lab frame (ISB: columns X anterior,
/// Y superior, Z right), row-major 3 by 3 per frame; NaN frames give NaN rows
/// \param sequence intrinsic sequence, e.g. ZXY = R_z(a1) R_x(a2) R_y(a3)
/// \param R_lab_reference reference axes in the lab frame (columns X forward, Y up, Z right):
/// Progression::R_lab_progression or lab_reference(lab_axes)
/// \return #frames by 3, (a1, a2, a3) [rad], ranges as geometry::decompose.
/// \throws InvalidArgument naming 'R_lab_pelvis' (infinity) or 'R_lab_reference' (not finite).
inline Trajectory pelvis_angles_raw(const geometry::RotationsCRef& R_lab_pelvis,
                                    geometry::CardanSequence sequence,
                                    const Eigen::Matrix3d& R_lab_reference) {
  return detail::reference_angles(R_lab_pelvis, sequence, R_lab_reference,
                                  ColumnMap{{0, 1, 2}, {1.0, 1.0, 1.0}});
}

/// Pelvis angles of one side in a named convention (conventions.hpp has the sign table).
///
/// Plug-in Gait: R_ref_pelvis = R_z(a1) R_x(a2) R_y(a3) (tilt first); tilt = -a1,
/// obliquity = +a2 (left) / -a2 (right), rotation = -a3 (left) / +a3 (right); reproduces
/// Vicon's LPelvisAngles / RPelvisAngles with R_lab_reference = the progression frame.
/// Baker (2001): R_ref_pelvis = R_y(a1) R_x(a2) R_z(a3) (rotation first); tilt = -a3,
/// obliquity = +a2 / -a2, rotation = -a1 / +a1.
/// OpenSim: (pelvis_tilt, pelvis_list, pelvis_rotation) = (a1, a2, a3) of ZXY, both sides.
/// \param R_lab_pelvis #frames by 9, pelvis axes in the lab frame (ISB), NaN = missing frame
/// \param side the side whose clinical signs apply (ignored for OpenSim)
/// \param convention PlugInGait, Baker or OpenSim
/// \param R_lab_reference reference axes in the lab (columns forward, up, right). Prefer the
/// overloads taking a Progression or LabAxes: the identity is right only for an ISB-aligned lab
/// (X forward, Y up), which a Vicon or Qualisys lab (Z up) is not.
/// \return #frames by 3 [rad], columns (tilt, obliquity, rotation) for every convention
/// (OpenSim: pelvis_tilt, pelvis_list, pelvis_rotation). Clinical conventions: tilt > 0
/// anterior, obliquity > 0 this side higher, rotation > 0 this side forward. NaN frames stay NaN.
/// \throws InvalidArgument naming 'R_lab_pelvis' (infinity) or 'R_lab_reference'.
/// The rotations are not checked for orthonormality (geometry::max_orthonormality_error).
inline Trajectory pelvis_angles(const geometry::RotationsCRef& R_lab_pelvis, Side side,
                                PelvisConvention convention,
                                const Eigen::Matrix3d& R_lab_reference) {
  return detail::reference_angles(R_lab_pelvis, sequence_of(convention), R_lab_reference,
                                  column_map(convention, side));
}

/// pelvis_angles() relative to the progression frame, as Plug-in Gait reports them: pass
/// detect_progression(pelvis origin, R_lab_pelvis, lab_axes) or progression_from_axis().
inline Trajectory pelvis_angles(const geometry::RotationsCRef& R_lab_pelvis, Side side,
                                PelvisConvention convention, const Progression& progression) {
  return pelvis_angles(R_lab_pelvis, side, convention, progression.R_lab_progression);
}

/// pelvis_angles() relative to the lab's own axes (forward, up and right of `lab`, the trial's
/// io::Trial::lab_axes): angles "relative to the lab", with no progression detected.
inline Trajectory pelvis_angles(const geometry::RotationsCRef& R_lab_pelvis, Side side,
                                PelvisConvention convention, const LabAxes& lab) {
  return pelvis_angles(R_lab_pelvis, side, convention, lab_reference(lab));
}

/// The pelvis orientation R_ref_pelvis that a set of angles describes (the inverse of
/// pelvis_angles with R_lab_reference = identity).
/// \param angles #frames by 3 [rad], columns (tilt, obliquity, rotation) of `side` in
/// `convention`; NaN rows give NaN rows
/// \return #frames by 9 rotations R_ref_pelvis.
/// \throws InvalidArgument naming 'angles' if it holds infinity.
geometry::Rotations pelvis_rotations(const TrajectoryCRef& angles, Side side,
                                     PelvisConvention convention);

/// Converts pelvis angles of one side from one convention to another: recompose R_ref_pelvis
/// with the `from` sequence and signs, decompose it with the `to` sequence, apply the `to`
/// signs. Exact up to rounding (about 1e-15 rad) away from gimbal lock.
/// \param angles #frames by 3 [rad], columns (tilt, obliquity, rotation) in `from`
/// (OpenSim: pelvis_tilt, pelvis_list, pelvis_rotation); NaN rows give NaN rows
/// \param side the side of the angles (and of the result)
/// \return #frames by 3 [rad], columns (tilt, obliquity, rotation) in `to`.
/// \throws InvalidArgument naming 'angles' if it holds infinity.
Trajectory convert_pelvis_angles(const TrajectoryCRef& angles, Side side, PelvisConvention from,
                                 PelvisConvention to);

}  // namespace hipmech::pelvis
