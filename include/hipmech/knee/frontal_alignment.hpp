/// \file
/// Frontal-plane knee alignment besides the FPPA: the knee-to-ankle separation ratio and the
/// medial knee displacement, from 2-D points or from 3-D points projected onto a frontal plane
/// (docs/knee.md).
#pragma once

#include <cmath>
#include <limits>
#include <string>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/side.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/geometry/rotations.hpp"
#include "hipmech/knee/fppa.hpp"

namespace hipmech::knee {

/// 3-D points projected onto the frontal plane of a frame, as an orthographic camera in front
/// of the subject sees them with y up: x = -(p . Z) (the subject's left is on the image's
/// right), y = p . Y, with Y (up) and Z (right) the frame's ISB axes in lab coordinates.
/// Feed the result to the 2-D functions with CameraView::Anterior and ImageYAxis::Up.
/// \param points_lab #frames by 3, lab frame [m]
/// \param R_lab_frame 1 by 9 (one frame for the trial) or #frames by 9, frame to lab, ISB axes
/// \param arg the name of `points_lab` in error messages
/// \return #frames by 2 [m]; NaN where the point or the frame is missing.
/// \throws InvalidArgument naming 'R_lab_frame' (count is neither 1 nor #frames, infinity) or
/// `arg` (infinity).
inline Points2 project_frontal(const TrajectoryCRef& points_lab,
                               const geometry::RotationsCRef& R_lab_frame,
                               const char* arg = "points_lab") {
  const Eigen::Index n = points_lab.rows();
  detail::check_frame_count(R_lab_frame.rows(), n, arg);
  check_values(points_lab, arg);
  check_values(R_lab_frame, "R_lab_frame");
  const bool constant = R_lab_frame.rows() == 1;
  Points2 out(n, 2);
  for (Eigen::Index f = 0; f < n; ++f) {
    out.row(f) = detail::frontal_image(geometry::rotation_at(R_lab_frame, constant ? 0 : f),
                                       points_lab.row(f).transpose())
                     .transpose();
  }
  return out;
}

/// Knee and ankle separations and their ratio per frame.
struct SeparationResult {
  Series ratio;                       ///< knee separation / ankle separation [1]
  Series knee_separation;             ///< left knee minus right knee, towards the subject's left
  Series ankle_separation;            ///< the same for the ankles [unit of the points]
  Eigen::Index missing_frames = 0;    ///< frames with a missing (NaN) point
  Eigen::Index degenerate_frames = 0; ///< frames whose ankle separation is not positive
};

/// Knee-to-ankle separation ratio from 2-D frontal-view points (Noyes et al. 2005, "The
/// drop-jump screening test", Am J Sports Med 33:197-207: the horizontal distance between the
/// knee centres divided by that between the ankle centres). Separations are measured along the
/// image x axis, signed so that the left point lying on the subject's left of the right point
/// is positive (knees that cross give a negative ratio). A ratio below 1 means the knees are
/// closer together than the ankles (valgus alignment).
/// \param left_knee, right_knee, left_ankle, right_ankle #frames by 2, (x, y) [px or m]
/// \param view where the camera is: the subject's left is image +x from the front, -x from
/// behind
/// \return the ratio per frame; NaN (and counted) where a point is missing or the ankle
/// separation is zero or negative (feet together or crossed: the ratio has no meaning).
/// \throws InvalidArgument naming the argument whose #frames differ or that holds an infinity.
inline SeparationResult knee_ankle_separation_ratio(const Points2CRef& left_knee,
                                                    const Points2CRef& right_knee,
                                                    const Points2CRef& left_ankle,
                                                    const Points2CRef& right_ankle,
                                                    CameraView view = CameraView::Anterior) {
  const Eigen::Index n = left_knee.rows();
  check_same_frames(right_knee.rows(), n, "right_knee", "left_knee");
  check_same_frames(left_ankle.rows(), n, "left_ankle", "left_knee");
  check_same_frames(right_ankle.rows(), n, "right_ankle", "left_knee");
  check_values(left_knee, "left_knee");
  check_values(right_knee, "right_knee");
  check_values(left_ankle, "left_ankle");
  check_values(right_ankle, "right_ankle");
  const double to_left = view == CameraView::Anterior ? 1.0 : -1.0;
  SeparationResult r;
  r.knee_separation = to_left * (left_knee.col(0) - right_knee.col(0));
  r.ankle_separation = to_left * (left_ankle.col(0) - right_ankle.col(0));
  r.ratio.resize(n);
  for (Eigen::Index f = 0; f < n; ++f) {
    const double k = r.knee_separation[f], a = r.ankle_separation[f];
    if (std::isnan(k + a) || std::isnan(left_knee(f, 1) + right_knee(f, 1) + left_ankle(f, 1) +
                                        right_ankle(f, 1))) {
      ++r.missing_frames;
      r.ratio[f] = std::numeric_limits<double>::quiet_NaN();
    } else if (!(a > 0.0)) {
      ++r.degenerate_frames;
      r.ratio[f] = std::numeric_limits<double>::quiet_NaN();
    } else {
      r.ratio[f] = k / a;
    }
  }
  return r;
}

/// Knee-to-ankle separation ratio from 3-D points: separations along the frame's Z (lateral)
/// axis, i.e. knee_ankle_separation_ratio of the project_frontal images.
/// \param R_lab_frame 1 by 9 or #frames by 9, frame to lab, ISB axes (pelvis, progression, lab)
inline SeparationResult knee_ankle_separation_ratio(const TrajectoryCRef& left_knee_lab,
                                                    const TrajectoryCRef& right_knee_lab,
                                                    const TrajectoryCRef& left_ankle_lab,
                                                    const TrajectoryCRef& right_ankle_lab,
                                                    const geometry::RotationsCRef& R_lab_frame) {
  const Eigen::Index n = left_knee_lab.rows();
  check_same_frames(right_knee_lab.rows(), n, "right_knee_lab", "left_knee_lab");
  check_same_frames(left_ankle_lab.rows(), n, "left_ankle_lab", "left_knee_lab");
  check_same_frames(right_ankle_lab.rows(), n, "right_ankle_lab", "left_knee_lab");
  return knee_ankle_separation_ratio(project_frontal(left_knee_lab, R_lab_frame, "left_knee_lab"),
                                     project_frontal(right_knee_lab, R_lab_frame, "right_knee_lab"),
                                     project_frontal(left_ankle_lab, R_lab_frame, "left_ankle_lab"),
                                     project_frontal(right_ankle_lab, R_lab_frame, "right_ankle_lab"),
                                     CameraView::Anterior);
}

/// Medial knee displacement from 2-D points: the signed distance of the knee centre from the
/// hip-ankle line, positive when the knee is medial to it (the side on which the FPPA is
/// valgus), per frame:
///   d = sign * (t x s) / |ankle - hip|,  t = knee - hip,  s = ankle - knee,
/// with the sign rule of fppa_2d. It is the frontal-plane deviation that the FPPA measures as an
/// angle, in length units (Ageberg et al. 2010, BMC Musculoskelet Disord 11:265, judged medial
/// knee displacement relative to this line by eye). Subtract a standing frame's value for the
/// excursion during a task.
/// \param hip, knee, ankle #frames by 2, (x, y) [px or m]
/// \return #frames distances [unit of the points]; NaN where a point is missing or hip and ankle
/// coincide.
/// \throws InvalidArgument naming the argument whose #frames differ or that holds an infinity.
inline Series medial_knee_displacement(const Points2CRef& hip, const Points2CRef& knee,
                                       const Points2CRef& ankle, Side side,
                                       CameraView view = CameraView::Anterior,
                                       ImageYAxis y_axis = ImageYAxis::Down) {
  check_same_frames(knee.rows(), hip.rows(), "knee", "hip");
  check_same_frames(ankle.rows(), hip.rows(), "ankle", "hip");
  check_values(hip, "hip");
  check_values(knee, "knee");
  check_values(ankle, "ankle");
  const double sign = detail::valgus_sign(side, view, y_axis);
  const Eigen::Index n = hip.rows();
  Series out(n);
  for (Eigen::Index f = 0; f < n; ++f) {
    const double tx = knee(f, 0) - hip(f, 0), ty = knee(f, 1) - hip(f, 1);
    const double ax = ankle(f, 0) - hip(f, 0), ay = ankle(f, 1) - hip(f, 1);
    const double len = std::hypot(ax, ay);
    // t x s = t x (a - t) = t x a.
    out[f] = len > 0.0 ? sign * (tx * ay - ty * ax) / len
                       : std::numeric_limits<double>::quiet_NaN();
  }
  return out;
}

/// Medial knee displacement from 3-D points projected onto the frontal plane of a frame
/// (project_frontal), positive medial [m].
inline Series medial_knee_displacement(const TrajectoryCRef& hip_lab,
                                       const TrajectoryCRef& knee_lab,
                                       const TrajectoryCRef& ankle_lab, Side side,
                                       const geometry::RotationsCRef& R_lab_frame) {
  check_same_frames(knee_lab.rows(), hip_lab.rows(), "knee_lab", "hip_lab");
  check_same_frames(ankle_lab.rows(), hip_lab.rows(), "ankle_lab", "hip_lab");
  return medial_knee_displacement(project_frontal(hip_lab, R_lab_frame, "hip_lab"),
                                  project_frontal(knee_lab, R_lab_frame, "knee_lab"),
                                  project_frontal(ankle_lab, R_lab_frame, "ankle_lab"), side,
                                  CameraView::Anterior, ImageYAxis::Up);
}

}  // namespace hipmech::knee
