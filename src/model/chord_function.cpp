// The compiled definitions of <hipmech/model/chord_function.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/model/chord_function.hpp"

namespace hipmech::model::detail {

bool chord_point(const Eigen::Vector3d& a, const Eigen::Vector3d& b, const Eigen::Vector3d& c,
                 double d, double cos_beta, double sin_beta, bool rotated, Eigen::Vector3d& out) {
  const Eigen::Vector3d bc = b - c;
  const Eigen::Vector3d ac = a - c;
  const Eigen::Vector3d normal = ac.cross(bc);
  const double length = bc.norm();
  const double normal_norm = normal.norm();
  // NaN inputs fail these comparisons too.
  if (!(length > d) || !(normal_norm > 1e-12 * length * length)) return false;
  const Eigen::Vector3d u = bc / length;
  const Eigen::Vector3d n = normal / normal_norm;
  const Eigen::Vector3d w = n.cross(u);  // in the plane, away from the wand: ac.w <= 0
  const double cos_phi = d / length;
  const double sin_phi = std::sqrt(1.0 - cos_phi * cos_phi);
  double cos_psi = 1.0, sin_psi = 0.0;
  if (rotated) {
    // The wand's coordinates (alpha_u, alpha_w, 0) in (u, w, n). Turning J by psi about u is
    // turning the wand by -psi: the projected angle then has
    //   y = (a - J).g = alpha_w sin(psi),  x = (a - J).e = D - E cos(psi),
    // D = d - alpha_u cos(phi), E = alpha_w sin(phi). Solve y cos(beta) = x sin(beta), i.e.
    // P sin(psi) + Q cos(psi) = S with P = alpha_w cos(beta), Q = E sin(beta), S = D sin(beta):
    //   sin(psi) = (P S -/+ Q r) / R^2, cos(psi) = (Q S +/- P r) / R^2, r = sqrt(R^2 - S^2),
    // and keep the root with x cos(beta) + y sin(beta) > 0 (the angle, not its opposite)
    // nearest psi = 0 (the larger cos(psi)). No trigonometric call per frame.
    const double alpha_u = ac.dot(u), alpha_w = ac.dot(w);
    const double D = d - alpha_u * cos_phi, E = alpha_w * sin_phi;
    const double P = alpha_w * cos_beta, Q = E * sin_beta, S = D * sin_beta;
    const double R2 = P * P + Q * Q;
    const double disc = R2 - S * S;
    if (!(R2 > 0.0) || !(disc >= 0.0)) return false;
    const double r = std::sqrt(disc);
    bool found = false;
    for (double sign : {1.0, -1.0}) {
      const double sp = (P * S - sign * Q * r) / R2, cp = (Q * S + sign * P * r) / R2;
      const double y = alpha_w * sp, x = D - E * cp;
      if (!(x * cos_beta + y * sin_beta > 0.0)) continue;  // the opposite direction
      if (!found || cp > cos_psi) {
        cos_psi = cp;
        sin_psi = sp;
      }
      found = true;
    }
    if (!found) return false;
  }
  out = c + d * (cos_phi * u + sin_phi * (cos_psi * w + sin_psi * n));
  return true;
}

}  // namespace hipmech::model::detail

namespace hipmech::model {

Trajectory chord_function(const TrajectoryCRef& wand, const TrajectoryCRef& proximal_centre,
                          const TrajectoryCRef& lateral, double offset_m, double rotation_rad) {
  check_positive(offset_m, "offset_m", "m");
  HIPMECH_CHECK_ARG(std::isfinite(rotation_rad) && std::abs(rotation_rad) <= geometry::detail::kPi,
                    "rotation_rad", "a finite angle in [-pi, pi] rad", rotation_rad);
  check_same_frames(proximal_centre.rows(), wand.rows(), "proximal_centre", "wand");
  check_same_frames(lateral.rows(), wand.rows(), "lateral", "wand");
  check_values(wand, "wand");
  check_values(proximal_centre, "proximal_centre");
  check_values(lateral, "lateral");
  const Eigen::Index n = wand.rows();
  Trajectory out(n, 3);
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  const detail::ChordRotation t = detail::chord_rotation_terms(rotation_rad);
  for (Eigen::Index f = 0; f < n; ++f) {
    Eigen::Vector3d j;
    if (detail::chord_point(wand.row(f).transpose(), proximal_centre.row(f).transpose(),
                            lateral.row(f).transpose(), offset_m, t.cos_beta, t.sin_beta, t.rotated,
                            j)) {
      out.row(f) = j.transpose();
    } else {
      out.row(f).setConstant(nan);
    }
  }
  return out;
}

}  // namespace hipmech::model
