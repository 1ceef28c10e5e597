/// \file
/// Hip joint centre regressions: where the hip joint centre lies in the pelvis frame.
///
/// Every function returns the centre in the ISB pelvis frame of docs/model.md: origin at the
/// mid-point of the two ASIS, X anterior, Y superior, Z to the right (Wu et al. 2002 axes), in
/// metres. The left centre has a negative Z, the right a positive one. Turn them into lab
/// trajectories with hip_joint_centre_lab().
#pragma once

#include <cmath>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/geometry/segment_frames.hpp"

namespace hipmech::model {

/// The regression used for the hip joint centre.
enum class HipJointCentreMethod {
  Davis,               ///< Davis et al. (1991), as Plug-in Gait computes it
  Bell,                ///< Bell et al. (1990): fractions of the inter-ASIS distance
  Harrington,          ///< Harrington et al. (2007), pelvic width, depth and leg length
  HarringtonWidthOnly  ///< Harrington et al. (2007), pelvic width only
};

/// Davis et al. (1991) Hum Mov Sci 10:575-587, exactly as Vicon Plug-in Gait computes it
/// (checked against Vicon's LFEP/RFEP to 0.0003 mm, docs/model.md):
///   C = 0.115 L - 0.0153 m, with L the mean of the two leg lengths,
///   x = C cos(theta) sin(beta) - (d + r) cos(beta)
///   y = -C cos(theta) cos(beta) - (d + r) sin(beta)
///   z = +/-(w / 2 - C sin(theta))   (+ right, - left)
/// with theta = 0.5 rad, beta = 0.314 rad, d the ASIS-trochanter distance of the side, r the
/// marker radius and w the inter-ASIS distance (Plug-in Gait's x, z, -y axes re-labelled ISB).
/// \param mean_leg_length_m mean of the left and right leg lengths [m]
/// \param inter_asis_distance_m distance between the ASIS [m]
/// \param asis_trochanter_distance_m ASIS-trochanter distance of `side` [m]
/// \param marker_radius_m radius of the markers, plus any base-plate offset [m]
/// \return the centre in the ISB pelvis frame [m]
/// \throws InvalidArgument naming the first length that is not finite and positive
///         (the marker radius may be 0).
Eigen::Vector3d davis_hip_joint_centre(double mean_leg_length_m, double inter_asis_distance_m,
                                       double asis_trochanter_distance_m, double marker_radius_m,
                                       Side side);

/// The ASIS-trochanter distance Plug-in Gait assumes when none is measured:
/// d = 0.1288 L - 0.04856 m (Vicon Plug-in Gait reference guide; L the leg length of the side).
inline double default_asis_trochanter_distance(double leg_length_m) {
  check_positive(leg_length_m, "leg_length_m", "m");
  return 0.1288 * leg_length_m - 0.04856;
}

/// Bell, Pedersen & Brand (1990) J Biomech 23:617-621: 19 % of the inter-ASIS distance
/// posterior, 30 % inferior and 36 % lateral of the mid-ASIS point.
/// \param inter_asis_distance_m pelvic width PW [m]
/// \return the centre in the ISB pelvis frame [m]
inline Eigen::Vector3d bell_hip_joint_centre(double inter_asis_distance_m, Side side) {
  check_positive(inter_asis_distance_m, "inter_asis_distance_m", "m");
  const double pw = inter_asis_distance_m;
  return {-0.19 * pw, -0.30 * pw, lateral_sign(side) * 0.36 * pw};
}

/// Harrington et al. (2007) J Biomech 40:595-602, the full regression (in mm in the paper):
///   x = -0.24 PD - 9.9,  y = -0.16 PW - 0.04 LL - 7.1,  z = +/-(0.28 PD + 0.16 PW + 7.9)
/// \param inter_asis_distance_m pelvic width PW, ASIS to ASIS [m]
/// \param pelvic_depth_m PD, mid-ASIS to mid-PSIS [m]
/// \param leg_length_m LL of the side [m]
/// \return the centre in the ISB pelvis frame [m]
Eigen::Vector3d harrington_hip_joint_centre(double inter_asis_distance_m, double pelvic_depth_m,
                                            double leg_length_m, Side side);

/// Harrington et al. (2007), the regression on pelvic width alone (in mm in the paper):
///   x = -0.138 PW - 10.4,  y = -0.305 PW - 10.9,  z = +/-(0.33 PW + 7.3)
/// \param inter_asis_distance_m pelvic width PW [m]
/// \return the centre in the ISB pelvis frame [m]
inline Eigen::Vector3d harrington_width_only_hip_joint_centre(double inter_asis_distance_m,
                                                              Side side) {
  check_positive(inter_asis_distance_m, "inter_asis_distance_m", "m");
  const double pw = inter_asis_distance_m * 1e3;
  return Eigen::Vector3d(-0.138 * pw - 10.4, -0.305 * pw - 10.9,
                         lateral_sign(side) * (0.33 * pw + 7.3)) *
         1e-3;
}

/// A point fixed in the pelvis, in the lab for every frame: origin + R_lab_pelvis * local.
/// \param pelvis pelvis frames (origin mid-ASIS, ISB axes)
/// \param local_m the point in the pelvis frame [m]
/// \return #frames by 3, lab frame [m]; NaN where the pelvis frame is missing.
inline Trajectory hip_joint_centre_lab(const geometry::SegmentFrames& pelvis,
                                       const Eigen::Vector3d& local_m) {
  const Trajectory local_rows = local_m.transpose().replicate(pelvis.n_frames(), 1);
  return geometry::to_lab(pelvis, local_rows);
}

}  // namespace hipmech::model
