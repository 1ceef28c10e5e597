// The compiled definitions of <hipmech/model/isb_model.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/model/isb_model.hpp"

namespace hipmech::model {

IsbLowerBody isb_lower_body(const io::Markers& markers, const IsbOptions& options) {
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
    Eigen::Vector3d local =
        Eigen::Vector3d::Zero();  // every case below sets it (GCC 12 -O3 cannot tell)
    switch (options.hip_joint_centre) {
      case HipJointCentreMethod::Bell:
        local = bell_hip_joint_centre(out.inter_asis_distance_m, s);
        break;
      case HipJointCentreMethod::HarringtonWidthOnly:
        local = harrington_width_only_hip_joint_centre(out.inter_asis_distance_m, s);
        break;
      case HipJointCentreMethod::Harrington:
        detail::check_side_length(options.leg_length_m[i], "leg_length_m", s, 1.5);
        local = harrington_hip_joint_centre(out.inter_asis_distance_m, out.pelvic_depth_m,
                                            options.leg_length_m[i], s);
        break;
      case HipJointCentreMethod::Davis: {
        detail::check_side_length(options.leg_length_m[0], "leg_length_m", Side::Left, 1.5);
        detail::check_side_length(options.leg_length_m[1], "leg_length_m", Side::Right, 1.5);
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
    out.tibia[i] =
        geometry::frames_from_vectors(mid_malleoli, lateral_sign(s) * (lm - mm), geometry::Axis::Z,
                                      mid_epicondyles - mid_malleoli, geometry::Axis::Y);
  }
  return out;
}

}  // namespace hipmech::model
