// The compiled definitions of <hipmech/model/pig_angles.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/model/pig_angles.hpp"

namespace hipmech::model {

Trajectory plug_in_gait_ankle_angles(const geometry::RotationsCRef& R_lab_shank_malleolar,
                                     const geometry::RotationsCRef& R_lab_foot, Side side) {
  check_same_frames(R_lab_foot.rows(), R_lab_shank_malleolar.rows(), "R_lab_foot",
                    "R_lab_shank_malleolar");
  const Eigen::Index n = R_lab_foot.rows();
  Trajectory out(n, 3);
  const double s = lateral_sign(side);
  for (Eigen::Index f = 0; f < n; ++f) {
    const Eigen::Matrix3d P = geometry::rotation_at(R_lab_shank_malleolar, f);
    const Eigen::Matrix3d F = geometry::rotation_at(R_lab_foot, f);
    if (!P.allFinite() || !F.allFinite()) {
      out.row(f).setConstant(std::numeric_limits<double>::quiet_NaN());
      continue;
    }
    const Eigen::Vector3d a = detail::pig_foot_yxz(P, F);
    out(f, 0) = std::remainder(-(a[0] + 0.5 * geometry::detail::kPi), 2.0 * geometry::detail::kPi);
    out(f, 1) = s * a[2];
    out(f, 2) = s * a[1];
  }
  return out;
}

Trajectory plug_in_gait_foot_progression_angles(const Eigen::Matrix3d& R_lab_progression,
                                                const geometry::RotationsCRef& R_lab_foot,
                                                Side side) {
  const Eigen::Index n = R_lab_foot.rows();
  Trajectory out(n, 3);
  const double s = lateral_sign(side);
  for (Eigen::Index f = 0; f < n; ++f) {
    const Eigen::Matrix3d F = geometry::rotation_at(R_lab_foot, f);
    if (!F.allFinite()) {
      out.row(f).setConstant(std::numeric_limits<double>::quiet_NaN());
      continue;
    }
    const Eigen::Vector3d a = detail::pig_foot_yxz(R_lab_progression, F);
    out(f, 0) = a[0];
    out(f, 1) = -s * a[2];
    out(f, 2) = s * a[1];
  }
  return out;
}

}  // namespace hipmech::model
