/// \file
/// An ISB lower-body model (Wu et al. 2002 J Biomech 35:543-548): pelvis, femur and
/// tibia/fibula frames from anatomical landmarks, with the hip joint centre from a regression.
#pragma once

#include <array>
#include <string>

#include "hipmech/core/check.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/geometry/segment_frames.hpp"
#include "hipmech/model/hip_joint_centre.hpp"
#include "hipmech/io/markers.hpp"
#include "hipmech/model/plug_in_gait.hpp"

namespace hipmech::model {

/// Marker names of the ISB model; "{S}" stands for "L" or "R". Defaults follow the Plug-in
/// Gait / CGM2 names (KNM and MED are CGM2's medial knee and medial malleolus markers).
struct IsbMarkerNames {
  std::string lateral_epicondyle = "{S}KNE";
  std::string medial_epicondyle = "{S}KNM";
  std::string lateral_malleolus = "{S}ANK";
  std::string medial_malleolus = "{S}MED";

  /// The name of a landmark on one side.
  static std::string on(const std::string& pattern, Side side) {
    std::string s = pattern;
    const std::size_t at = s.find("{S}");
    if (at != std::string::npos) s.replace(at, 3, std::string(1, prefix(side)));
    return s;
  }
};

/// Options of isb_lower_body().
struct IsbOptions {
  HipJointCentreMethod hip_joint_centre = HipJointCentreMethod::Harrington;
  PelvisRear pelvis_rear = PelvisRear::Auto;
  IsbMarkerNames names;
  /// Leg lengths [m], needed by Davis and by the full Harrington regression (index 0 = left).
  std::array<double, 2> leg_length_m{detail::nan, detail::nan};
  /// Davis only: ASIS-trochanter distances (NaN: Plug-in Gait default) and marker diameter.
  std::array<double, 2> asis_trochanter_distance_m{detail::nan, detail::nan};
  double marker_diameter_m = 0.014;
};

/// Output of isb_lower_body(); per-side arrays are indexed 0 = left, 1 = right.
struct IsbLowerBody {
  /// Origin mid-ASIS (Wu et al. put it at the hip centre: same axes, shifted origin);
  /// Z = RASI - LASI; X in the ASIS-mid-PSIS (or SACR) plane, anterior; Y = Z x X.
  geometry::SegmentFrames pelvis;
  /// Femur: origin the hip centre; Y from the mid-epicondyles to the hip centre; Z in the plane
  /// of the hip centre and the epicondyles, to the right; X = Y x Z (anterior).
  std::array<geometry::SegmentFrames, 2> femur;
  /// Tibia/fibula: origin mid-malleoli; Z along the malleoli, to the right; Y towards the
  /// mid-epicondyles (Wu et al.'s mid-condyles, approximated by the epicondyles), made
  /// orthogonal to Z; X = Y x Z (anterior).
  std::array<geometry::SegmentFrames, 2> tibia;
  /// Hip centres in the lab, #frames by 3 [m], and in the pelvis frame [m].
  std::array<Trajectory, 2> hip_centre;
  std::array<Eigen::Vector3d, 2> hip_centre_pelvis;
  /// Mean inter-ASIS distance and pelvic depth (mid-ASIS to mid-PSIS/SACR) of the trial [m].
  double inter_asis_distance_m = detail::nan;
  double pelvic_depth_m = detail::nan;
};

/// The ISB lower-body model for every frame. Pelvic width and depth are the trial means of the
/// marker distances (minus nothing: markers sit on the skin over the landmarks).
/// \param markers LASI, RASI, SACR or LPSI+RPSI, and per side the epicondyles and malleoli
///        named in options.names [m]
/// \throws InvalidArgument listing missing markers, or naming a missing leg length when the
///         method needs one.
IsbLowerBody isb_lower_body(const io::Markers& markers, const IsbOptions& options = {});

}  // namespace hipmech::model
