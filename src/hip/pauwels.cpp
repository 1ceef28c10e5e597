// The compiled definitions of <hipmech/hip/pauwels.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/hip/pauwels.hpp"

namespace hipmech::hip::detail {

void check_pauwels_loads(const PauwelsInput& in) {
  check_positive(in.body_mass_kg, "body_mass_kg", "kg");
  HIPMECH_CHECK_ARG(std::isfinite(in.stance_limb_mass_fraction) &&
                        in.stance_limb_mass_fraction > 0.0 && in.stance_limb_mass_fraction < 1.0,
                    "stance_limb_mass_fraction", "a fraction of body mass in (0, 1)",
                    in.stance_limb_mass_fraction);
  check_positive(in.g_mps2, "g_mps2", "m/s^2");
  HIPMECH_CHECK_ARG(std::isfinite(in.cane_force_n) && in.cane_force_n >= 0.0, "cane_force_n",
                    "a finite upward force >= 0 [N]", in.cane_force_n);
  HIPMECH_CHECK_ARG(std::isfinite(in.cane_lever_arm_m) && in.cane_lever_arm_m >= 0.0,
                    "cane_lever_arm_m", "a finite distance >= 0 [m]", in.cane_lever_arm_m);
  HIPMECH_CHECK_ARG(in.cane_force_n == 0.0 || in.cane_lever_arm_m > 0.0, "cane_lever_arm_m",
                    "a positive distance [m] when cane_force_n > 0", in.cane_lever_arm_m);
  check_below_right_angle(in.pelvic_drop_rad, "pelvic_drop_rad");
}

PauwelsResult solve_pauwels(const PauwelsInput& in, double h, double a, double theta) {
  PauwelsResult out;
  out.body_weight_n = in.body_mass_kg * in.g_mps2;
  const double s5 = (1.0 - in.stance_limb_mass_fraction) * out.body_weight_n;
  out.partial_body_weight_n = s5;
  const double cane = in.cane_force_n;
  const double cane_moment = cane * in.cane_lever_arm_m;
  // Relative slack of a few ulps so that the cane force computed as S5 h / c is accepted.
  const double limit = std::min(s5, in.cane_lever_arm_m > 0.0 ? s5 * h / in.cane_lever_arm_m : s5);
  HIPMECH_CHECK_ARG(cane <= limit * (1.0 + 1e-12), "cane_force_n",
                    "at most min(S5, S5 h / c) = " + ::hipmech::detail::to_message(limit) +
                        " N (more needs adductors, or lifts the body off the stance hip)",
                    cane);
  const double m = std::max(0.0, (s5 * h - cane_moment) / a);
  out.abductor_force_n = m;
  out.hip_force_n = Eigen::Vector2d(-m * std::sin(theta), -(s5 - cane + m * std::cos(theta)));
  out.hip_force_magnitude_n = out.hip_force_n.norm();
  out.hip_force_angle_rad = std::atan2(-out.hip_force_n.x(), -out.hip_force_n.y());
  out.abductor_force_bw = m / out.body_weight_n;
  out.hip_force_bw = out.hip_force_magnitude_n / out.body_weight_n;
  out.abductor_force_per_partial = m / s5;
  out.hip_force_per_partial = out.hip_force_magnitude_n / s5;
  out.partial_body_lever_arm_m = h;
  out.abductor_lever_arm_m = a;
  out.abductor_angle_rad = theta;
  return out;
}

}  // namespace hipmech::hip::detail

namespace hipmech::hip {

PauwelsResult pauwels(const PauwelsInput& input) {
  detail::check_pauwels_loads(input);
  check_positive(input.partial_body_lever_arm_m, "partial_body_lever_arm_m", "m (medial)");
  check_positive(input.abductor_lever_arm_m, "abductor_lever_arm_m", "m");
  detail::check_below_right_angle(input.abductor_angle_rad, "abductor_angle_rad");
  detail::check_finite(input.partial_body_com_height_m, "partial_body_com_height_m",
                       "a finite height above the hip centre [m]");
  const double drop = input.pelvic_drop_rad;
  // Exactly h for a zero drop (cos 0 = 1, sin 0 = 0).
  const double h =
      point_after_pelvic_drop(
          Eigen::Vector2d(input.partial_body_lever_arm_m, input.partial_body_com_height_m), drop)
          .x();
  HIPMECH_CHECK_ARG(h > 0.0, "pelvic_drop_rad",
                    "a drop that keeps S5's centre of mass medial of the stance hip centre",
                    ::hipmech::detail::to_message(drop) +
                        " rad (h after the drop: " + ::hipmech::detail::to_message(h) + " m)");
  return detail::solve_pauwels(input, h, input.abductor_lever_arm_m, input.abductor_angle_rad);
}

AbductorLine abductor_line_from_points(const Eigen::Vector2d& origin_m,
                                       const Eigen::Vector2d& insertion_m) {
  detail::check_point(origin_m, "origin_m");
  detail::check_point(insertion_m, "insertion_m");
  const Eigen::Vector2d d = origin_m - insertion_m;
  HIPMECH_CHECK_ARG(d.y() > 0.0, "origin_m",
                    "a point superior to insertion_m (y above " +
                        ::hipmech::detail::to_message(insertion_m.y()) + " m)",
                    origin_m.transpose());
  const Eigen::Vector2d u = d / d.norm();
  return {insertion_m.y() * u.x() - insertion_m.x() * u.y(), std::atan2(u.x(), u.y())};
}

PauwelsResult pauwels(const PauwelsInput& input, const PauwelsPoints& points) {
  detail::check_pauwels_loads(input);
  detail::check_point(points.partial_body_com_m, "partial_body_com_m");
  detail::check_point(points.abductor_origin_m, "abductor_origin_m");
  detail::check_point(points.abductor_insertion_m, "abductor_insertion_m");
  const double drop = input.pelvic_drop_rad;
  const Eigen::Vector2d com = point_after_pelvic_drop(points.partial_body_com_m, drop);
  const Eigen::Vector2d origin = point_after_pelvic_drop(points.abductor_origin_m, drop);
  HIPMECH_CHECK_ARG(com.x() > 0.0, "partial_body_com_m",
                    "a centre of mass medial of the stance hip centre (x > 0) after the drop",
                    "x = " + ::hipmech::detail::to_message(com.x()) + " m after the drop");
  HIPMECH_CHECK_ARG(origin.y() > points.abductor_insertion_m.y(), "abductor_origin_m",
                    "an origin superior to abductor_insertion_m after the drop",
                    "y = " + ::hipmech::detail::to_message(origin.y()) + " m after the drop");
  const AbductorLine line = abductor_line_from_points(origin, points.abductor_insertion_m);
  HIPMECH_CHECK_ARG(line.lever_arm_m > 0.0, "abductor_origin_m",
                    "an abductor line passing lateral of the hip centre after the drop "
                    "(lever arm > 0)",
                    "a lever arm of " + ::hipmech::detail::to_message(line.lever_arm_m) + " m");
  return detail::solve_pauwels(input, com.x(), line.lever_arm_m, line.angle_rad);
}

double partial_body_lever_arm_from_hip_centres(double hip_centre_distance_m,
                                               double stance_limb_mass_fraction) {
  check_positive(hip_centre_distance_m, "hip_centre_distance_m", "m");
  HIPMECH_CHECK_ARG(std::isfinite(stance_limb_mass_fraction) && stance_limb_mass_fraction > 0.0 &&
                        stance_limb_mass_fraction < 1.0,
                    "stance_limb_mass_fraction", "a fraction of body mass in (0, 1)",
                    stance_limb_mass_fraction);
  return 0.5 * hip_centre_distance_m / (1.0 - stance_limb_mass_fraction);
}

}  // namespace hipmech::hip
