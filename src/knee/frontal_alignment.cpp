// The compiled definitions of <hipmech/knee/frontal_alignment.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/knee/frontal_alignment.hpp"

namespace hipmech::knee {

Points2 project_frontal(const TrajectoryCRef& points_lab,
                        const geometry::RotationsCRef& R_lab_frame, const char* arg) {
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

SeparationResult knee_ankle_separation_ratio(const Points2CRef& left_knee,
                                             const Points2CRef& right_knee,
                                             const Points2CRef& left_ankle,
                                             const Points2CRef& right_ankle, CameraView view) {
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
    if (std::isnan(k + a) ||
        std::isnan(left_knee(f, 1) + right_knee(f, 1) + left_ankle(f, 1) + right_ankle(f, 1))) {
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

SeparationResult knee_ankle_separation_ratio(const TrajectoryCRef& left_knee_lab,
                                             const TrajectoryCRef& right_knee_lab,
                                             const TrajectoryCRef& left_ankle_lab,
                                             const TrajectoryCRef& right_ankle_lab,
                                             const geometry::RotationsCRef& R_lab_frame) {
  const Eigen::Index n = left_knee_lab.rows();
  check_same_frames(right_knee_lab.rows(), n, "right_knee_lab", "left_knee_lab");
  check_same_frames(left_ankle_lab.rows(), n, "left_ankle_lab", "left_knee_lab");
  check_same_frames(right_ankle_lab.rows(), n, "right_ankle_lab", "left_knee_lab");
  return knee_ankle_separation_ratio(
      project_frontal(left_knee_lab, R_lab_frame, "left_knee_lab"),
      project_frontal(right_knee_lab, R_lab_frame, "right_knee_lab"),
      project_frontal(left_ankle_lab, R_lab_frame, "left_ankle_lab"),
      project_frontal(right_ankle_lab, R_lab_frame, "right_ankle_lab"), CameraView::Anterior);
}

Series medial_knee_displacement(const Points2CRef& hip, const Points2CRef& knee,
                                const Points2CRef& ankle, Side side, CameraView view,
                                ImageYAxis y_axis) {
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
    out[f] =
        len > 0.0 ? sign * (tx * ay - ty * ax) / len : std::numeric_limits<double>::quiet_NaN();
  }
  return out;
}

Series medial_knee_displacement(const TrajectoryCRef& hip_lab, const TrajectoryCRef& knee_lab,
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
