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
inline IsbLowerBody isb_lower_body(const io::Markers& markers, const IsbOptions& options = {}) {
  IsbLowerBody out;
  const Trajectory back = detail::pelvis_rear(markers, options.pelvis_rear);
  out.pelvis = detail::pelvis_from_rear(markers, back);
  std::vector<std::string> needed;
  for (Side s : {Side::Left, Side::Right}) {
    for (const std::string* pattern :
         {&options.names.lateral_epicondyle, &options.names.medial_epicondyle,
          &options.names.lateral_malleolus, &options.names.medial_malleolus}) {
      needed.push_back(IsbMarkerNames::on(*pattern, s));
    }
  }
  markers.require(std::vector<std::string_view>(needed.begin(), needed.end()), "markers");

  out.inter_asis_distance_m = detail::mean_distance(markers.get("LASI"), markers.get("RASI"));
  out.pelvic_depth_m = detail::mean_distance(out.pelvis.origin, back);
  HIPMECH_CHECK_ARG(std::isfinite(out.pelvic_depth_m), "markers",
                    "at least one frame with every pelvis marker", "none");

  for (Side s : {Side::Left, Side::Right}) {
    const std::size_t i = detail::index(s);
    Eigen::Vector3d local;
    switch (options.hip_joint_centre) {
      case HipJointCentreMethod::Bell:
        local = bell_hip_joint_centre(out.inter_asis_distance_m, s);
        break;
      case HipJointCentreMethod::HarringtonWidthOnly:
        local = harrington_width_only_hip_joint_centre(out.inter_asis_distance_m, s);
        break;
      case HipJointCentreMethod::Harrington:
        detail::check_side_length(options.leg_length_m[i], "leg_length_m", s);
        local = harrington_hip_joint_centre(out.inter_asis_distance_m, out.pelvic_depth_m,
                                            options.leg_length_m[i], s);
        break;
      case HipJointCentreMethod::Davis: {
        detail::check_side_length(options.leg_length_m[0], "leg_length_m", Side::Left);
        detail::check_side_length(options.leg_length_m[1], "leg_length_m", Side::Right);
        const double at = std::isfinite(options.asis_trochanter_distance_m[i])
                              ? options.asis_trochanter_distance_m[i]
                              : default_asis_trochanter_distance(options.leg_length_m[i]);
        local = davis_hip_joint_centre(0.5 * (options.leg_length_m[0] + options.leg_length_m[1]),
                                       out.inter_asis_distance_m, at,
                                       0.5 * options.marker_diameter_m, s);
        break;
      }
    }
    out.hip_centre_pelvis[i] = local;
    out.hip_centre[i] = hip_joint_centre_lab(out.pelvis, local);

    const Trajectory le = markers.get(IsbMarkerNames::on(options.names.lateral_epicondyle, s));
    const Trajectory me = markers.get(IsbMarkerNames::on(options.names.medial_epicondyle, s));
    const Trajectory lm = markers.get(IsbMarkerNames::on(options.names.lateral_malleolus, s));
    const Trajectory mm = markers.get(IsbMarkerNames::on(options.names.medial_malleolus, s));
    const Trajectory mid_epicondyles = detail::midpoint(le, me);
    const Trajectory mid_malleoli = detail::midpoint(lm, mm);
    // Lateral minus medial points right on the right side and left on the left.
    out.femur[i] = geometry::frames_from_vectors(
        out.hip_centre[i], out.hip_centre[i] - mid_epicondyles, geometry::Axis::Y,
        lateral_sign(s) * (le - me), geometry::Axis::Z);
    out.tibia[i] = geometry::frames_from_vectors(mid_malleoli, lateral_sign(s) * (lm - mm),
                                                 geometry::Axis::Z,
                                                 mid_epicondyles - mid_malleoli,
                                                 geometry::Axis::Y);
  }
  return out;
}

}  // namespace hipmech::model
