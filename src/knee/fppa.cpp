// The compiled definitions of <hipmech/knee/fppa.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/knee/fppa.hpp"

namespace hipmech::knee::detail {

double signed_angle(double tx, double ty, double sx, double sy, double sign, FppaResult& counts) {
  const double cross = tx * sy - ty * sx;
  const double dot = tx * sx + ty * sy;
  if (std::isnan(cross + dot)) {
    ++counts.missing_frames;
    return std::numeric_limits<double>::quiet_NaN();
  }
  const double t2 = tx * tx + ty * ty;
  const double s2 = sx * sx + sy * sy;
  constexpr double r2 = degenerate_ratio * degenerate_ratio;
  if (t2 <= r2 * s2 || s2 <= r2 * t2 || (cross == 0.0 && dot < 0.0)) {
    ++counts.degenerate_frames;
    return std::numeric_limits<double>::quiet_NaN();
  }
  return sign * std::atan2(cross, dot);
}

}  // namespace hipmech::knee::detail

namespace hipmech::knee {

FppaResult fppa_2d(const Points2CRef& hip, const Points2CRef& knee, const Points2CRef& ankle,
                   Side side, CameraView view, ImageYAxis y_axis) {
  check_same_frames(knee.rows(), hip.rows(), "knee", "hip");
  check_same_frames(ankle.rows(), hip.rows(), "ankle", "hip");
  check_values(hip, "hip");
  check_values(knee, "knee");
  check_values(ankle, "ankle");
  const double sign = detail::valgus_sign(side, view, y_axis);
  const Eigen::Index n = hip.rows();
  FppaResult r;
  r.fppa_rad.resize(n);
  for (Eigen::Index f = 0; f < n; ++f) {
    r.fppa_rad[f] = detail::fppa_2d_one(hip(f, 0), hip(f, 1), knee(f, 0), knee(f, 1), ankle(f, 0),
                                        ankle(f, 1), sign, r);
  }
  return r;
}

FppaResult fppa_3d(const TrajectoryCRef& hip_lab, const TrajectoryCRef& knee_lab,
                   const TrajectoryCRef& ankle_lab, Side side,
                   const geometry::RotationsCRef& R_lab_frame) {
  check_same_frames(knee_lab.rows(), hip_lab.rows(), "knee_lab", "hip_lab");
  check_same_frames(ankle_lab.rows(), hip_lab.rows(), "ankle_lab", "hip_lab");
  const Eigen::Index n = hip_lab.rows();
  detail::check_frame_count(R_lab_frame.rows(), n, "hip_lab");
  check_values(hip_lab, "hip_lab");
  check_values(knee_lab, "knee_lab");
  check_values(ankle_lab, "ankle_lab");
  check_values(R_lab_frame, "R_lab_frame");
  // Image of a camera in front of the subject, y up (detail::frontal_image).
  const double sign = detail::valgus_sign(side, CameraView::Anterior, ImageYAxis::Up);
  const bool constant = R_lab_frame.rows() == 1;
  FppaResult r;
  r.fppa_rad.resize(n);
  for (Eigen::Index f = 0; f < n; ++f) {
    const auto R = geometry::rotation_at(R_lab_frame, constant ? 0 : f);
    const Eigen::Vector2d t =
        detail::frontal_image(R, (knee_lab.row(f) - hip_lab.row(f)).transpose());
    const Eigen::Vector2d s =
        detail::frontal_image(R, (ankle_lab.row(f) - knee_lab.row(f)).transpose());
    r.fppa_rad[f] = detail::signed_angle(t.x(), t.y(), s.x(), s.y(), sign, r);
  }
  return r;
}

}  // namespace hipmech::knee
