// The compiled definitions of <hipmech/pelvis/progression.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/pelvis/progression.hpp"

namespace hipmech::pelvis {

Progression progression_from_axis(SignedAxis forward, const LabAxes& lab) {
  Progression p;
  p.forward = forward;
  p.axes = LabAxes(lab.up(), forward);  // checks perpendicularity, names 'forward'
  p.R_lab_progression = p.axes.R_isb_lab().transpose();
  p.method = ProgressionMethod::Given;
  return p;
}

}  // namespace hipmech::pelvis

namespace hipmech::pelvis::detail {

bool snap_horizontal(const Eigen::Vector3d& v, SignedAxis up, SignedAxis& out) {
  const int u = axis_index(up);
  int best = -1;
  double best_abs = 0.0;
  for (int i = 0; i < 3; ++i) {
    if (i == u) continue;
    const double a = std::abs(v[i]);
    if (a > best_abs) {  // false for NaN
      best_abs = a;
      best = i;
    }
  }
  if (best < 0) return false;
  out = make_signed_axis(best, v[best]);
  return true;
}

}  // namespace hipmech::pelvis::detail

namespace hipmech::pelvis {

Progression progression_from_orientation(const geometry::RotationsCRef& R_lab_pelvis,
                                         const LabAxes& lab) {
  check_values(R_lab_pelvis, "R_lab_pelvis");
  Eigen::Vector3d sum = Eigen::Vector3d::Zero();
  Eigen::Index valid = 0;
  for (Eigen::Index f = 0; f < R_lab_pelvis.rows(); ++f) {
    const auto R = geometry::rotation_at(R_lab_pelvis, f);
    if (R.hasNaN()) continue;
    sum += R.col(0);
    ++valid;
  }
  SignedAxis forward{};
  if (valid == 0 || !detail::snap_horizontal(sum, lab.up(), forward)) {
    throw NumericalError("progression_from_orientation: " +
                         std::string(valid == 0 ? "no frame of R_lab_pelvis is valid (all NaN)"
                                                : "the mean pelvis anterior axis is vertical") +
                         "; give the direction of progression explicitly (progression_from_axis)");
  }
  Progression p = progression_from_axis(forward, lab);
  p.method = ProgressionMethod::PelvisOrientation;
  return p;
}

Progression detect_progression(const TrajectoryCRef& pelvis_origin_lab,
                               const geometry::RotationsCRef& R_lab_pelvis, const LabAxes& lab,
                               double min_displacement_m) {
  HIPMECH_CHECK_ARG(std::isfinite(min_displacement_m) && min_displacement_m >= 0.0,
                    "min_displacement_m", "a finite distance >= 0 in m", min_displacement_m);
  if (R_lab_pelvis.rows() != 0) {
    check_same_frames(R_lab_pelvis.rows(), pelvis_origin_lab.rows(), "R_lab_pelvis",
                      "pelvis_origin_lab");
  }
  check_values(pelvis_origin_lab, "pelvis_origin_lab");
  const NetDisplacement net = net_horizontal_displacement(pelvis_origin_lab, lab);
  double moved = 0.0;
  SignedAxis forward{};
  const bool have_axis = detail::snap_horizontal(net.horizontal, lab.up(), forward);
  if (have_axis) moved = std::abs(net.horizontal[axis_index(forward)]);
  if (have_axis && moved >= min_displacement_m && moved > 0.0) {
    Progression p = progression_from_axis(forward, lab);
    p.method = ProgressionMethod::Displacement;
    p.displacement_m = moved;
    return p;
  }
  HIPMECH_CHECK_ARG(R_lab_pelvis.rows() != 0, "R_lab_pelvis",
                    "pelvis orientations for the fallback (the pelvis origin moved " +
                        hipmech::detail::to_message(moved) + " m, below min_displacement_m = " +
                        hipmech::detail::to_message(min_displacement_m) + " m)",
                    "0 frames");
  Progression p = progression_from_orientation(R_lab_pelvis, lab);
  p.displacement_m = net.first >= 0 ? moved : std::numeric_limits<double>::quiet_NaN();
  return p;
}

}  // namespace hipmech::pelvis
