// The compiled definitions of <hipmech/model/hip_joint_centre.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/model/hip_joint_centre.hpp"

namespace hipmech::model {

Eigen::Vector3d davis_hip_joint_centre(double mean_leg_length_m, double inter_asis_distance_m,
                                       double asis_trochanter_distance_m, double marker_radius_m,
                                       Side side) {
  check_positive(mean_leg_length_m, "mean_leg_length_m", "m");
  check_positive(inter_asis_distance_m, "inter_asis_distance_m", "m");
  HIPMECH_CHECK_ARG(std::isfinite(asis_trochanter_distance_m), "asis_trochanter_distance_m",
                    "a finite distance in m", asis_trochanter_distance_m);
  HIPMECH_CHECK_ARG(std::isfinite(marker_radius_m) && marker_radius_m >= 0, "marker_radius_m",
                    "a finite radius >= 0 in m", marker_radius_m);
  constexpr double theta = 0.5;   // rad, Davis et al. (1991)
  constexpr double beta = 0.314;  // rad
  const double C = 0.115 * mean_leg_length_m - 0.0153;
  const double d = asis_trochanter_distance_m + marker_radius_m;
  return {C * std::cos(theta) * std::sin(beta) - d * std::cos(beta),
          -C * std::cos(theta) * std::cos(beta) - d * std::sin(beta),
          lateral_sign(side) * (0.5 * inter_asis_distance_m - C * std::sin(theta))};
}

Eigen::Vector3d harrington_hip_joint_centre(double inter_asis_distance_m, double pelvic_depth_m,
                                            double leg_length_m, Side side) {
  check_positive(inter_asis_distance_m, "inter_asis_distance_m", "m");
  check_positive(pelvic_depth_m, "pelvic_depth_m", "m");
  check_positive(leg_length_m, "leg_length_m", "m");
  const double pw = inter_asis_distance_m * 1e3, pd = pelvic_depth_m * 1e3;
  const double ll = leg_length_m * 1e3;
  return Eigen::Vector3d(-0.24 * pd - 9.9, -0.16 * pw - 0.04 * ll - 7.1,
                         lateral_sign(side) * (0.28 * pd + 0.16 * pw + 7.9)) *
         1e-3;
}

}  // namespace hipmech::model
