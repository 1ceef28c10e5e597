/// \file
/// The named pelvis-angle conventions: which Cardan sequence each one decomposes, which raw
/// angle becomes tilt, obliquity and rotation, and with which sign on each side
/// (docs/pelvis.md, "Conventions").
///
/// Every convention works on R_ref_pelvis = R_lab_ref^T R_lab_pelvis, the pelvis orientation
/// relative to an ISB-aligned reference frame (X forward, Y up, Z right; the progression frame
/// or the ISB-aligned lab frame) with the pelvis axes of ISB (X anterior, Y superior, Z right).
/// Raw angles (a1, a2, a3) are the intrinsic angles of geometry::decompose.
///
/// | convention | sequence | tilt | obliquity (L / R) | rotation (L / R) |
/// | --- | --- | --- | --- | --- |
/// | PlugInGait (tilt-obliquity-rotation) | ZXY | -a1 | +a2 / -a2 | -a3 / +a3 |
/// | Baker (rotation-obliquity-tilt) | YXZ | -a3 | +a2 / -a2 | -a1 / +a1 |
/// | OpenSim (pelvis_tilt, pelvis_list, pelvis_rotation) | ZXY | +a1 | +a2 (both) | +a3 (both) |
///
/// Clinical signs (PlugInGait, Baker): tilt > 0 anterior tilt; obliquity of a side > 0 that side
/// higher than the other; rotation of a side > 0 that side forward (docs/conventions.md).
/// OpenSim coordinates keep the raw right-handed signs of the model (gait2392, Rajagopal 2016):
/// pelvis_tilt > 0 posterior tilt, pelvis_list > 0 right side down, pelvis_rotation > 0 right
/// side forward, whatever the side.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "hipmech/core/check.hpp"
#include "hipmech/core/detail/text.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/geometry/rotations.hpp"

namespace hipmech::pelvis {

/// A named pelvis-angle convention (sequence plus per-side signs).
enum class PelvisConvention {
  /// Vicon Plug-in Gait / Conventional Gait Model: tilt, then obliquity, then rotation
  /// (intrinsic ZXY in ISB axes; Vicon's Y-X-Z in its own axes), clinical signs per side.
  PlugInGait,
  /// Baker (2001) Gait Posture 13:1-6: rotation, then obliquity, then tilt (intrinsic YXZ in ISB
  /// axes), with the same clinical signs per side as PlugInGait.
  Baker,
  /// OpenSim gait2392 / Rajagopal (2016) ground_pelvis CustomJoint coordinates pelvis_tilt,
  /// pelvis_list, pelvis_rotation: body-fixed rotations about Z, X, Y (ZXY), raw signs.
  OpenSim,
};

/// "plug-in-gait", "baker" or "opensim".
constexpr std::string_view to_string(PelvisConvention c) noexcept {
  return c == PelvisConvention::PlugInGait ? "plug-in-gait"
         : c == PelvisConvention::Baker    ? "baker"
                                           : "opensim";
}

/// Parses a convention name (case-insensitive; spaces, '-' and '_' ignored):
/// "plug-in-gait", "pig", "cgm", "tilt-obliquity-rotation" -> PlugInGait;
/// "baker", "rotation-obliquity-tilt" -> Baker; "opensim" -> OpenSim.
/// \throws InvalidArgument naming `arg` for anything else.
PelvisConvention parse_pelvis_convention(std::string_view text, const char* arg = "convention");

/// The intrinsic Cardan sequence a convention decomposes (in ISB axes).
constexpr geometry::CardanSequence sequence_of(PelvisConvention c) noexcept {
  return c == PelvisConvention::Baker ? geometry::CardanSequence::YXZ
                                      : geometry::CardanSequence::ZXY;
}

/// How the three output columns (tilt, obliquity, rotation) come from the raw angles of
/// sequence_of(convention): column k = sign[k] * raw[index[k]]. Signs are +-1, so the same map
/// inverts itself: raw[index[k]] = sign[k] * column k.
struct ColumnMap {
  std::array<int, 3> index;
  std::array<double, 3> sign;
};

/// The column map of a convention for one side (the table in this file's header).
constexpr ColumnMap column_map(PelvisConvention c, Side side) noexcept {
  const double l = side == Side::Left ? 1.0 : -1.0;  // +1 left, -1 right
  switch (c) {
    case PelvisConvention::PlugInGait:
      return {{0, 1, 2}, {-1.0, l, -l}};
    case PelvisConvention::Baker:
      return {{2, 1, 0}, {-1.0, l, -l}};
    case PelvisConvention::OpenSim:
    default:
      return {{0, 1, 2}, {1.0, 1.0, 1.0}};
  }
}

}  // namespace hipmech::pelvis
