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
Points2 project_frontal(const TrajectoryCRef& points_lab,
                        const geometry::RotationsCRef& R_lab_frame, const char* arg = "points_lab");

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
SeparationResult knee_ankle_separation_ratio(const Points2CRef& left_knee,
                                             const Points2CRef& right_knee,
                                             const Points2CRef& left_ankle,
                                             const Points2CRef& right_ankle,
                                             CameraView view = CameraView::Anterior);

/// Knee-to-ankle separation ratio from 3-D points: separations along the frame's Z (lateral)
/// axis, i.e. knee_ankle_separation_ratio of the project_frontal images.
/// \param R_lab_frame 1 by 9 or #frames by 9, frame to lab, ISB axes (pelvis, progression, lab)
SeparationResult knee_ankle_separation_ratio(const TrajectoryCRef& left_knee_lab,
                                             const TrajectoryCRef& right_knee_lab,
                                             const TrajectoryCRef& left_ankle_lab,
                                             const TrajectoryCRef& right_ankle_lab,
                                             const geometry::RotationsCRef& R_lab_frame);

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
Series medial_knee_displacement(const Points2CRef& hip, const Points2CRef& knee,
                                const Points2CRef& ankle, Side side,
                                CameraView view = CameraView::Anterior,
                                ImageYAxis y_axis = ImageYAxis::Down);

/// Medial knee displacement from 3-D points projected onto the frontal plane of a frame
/// (project_frontal), positive medial [m].
Series medial_knee_displacement(const TrajectoryCRef& hip_lab, const TrajectoryCRef& knee_lab,
                                const TrajectoryCRef& ankle_lab, Side side,
                                const geometry::RotationsCRef& R_lab_frame);

}  // namespace hipmech::knee
