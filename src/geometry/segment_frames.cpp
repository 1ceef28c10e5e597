// The compiled definitions of <hipmech/geometry/segment_frames.hpp> (declared and documented
// there): heavy functions users never need inline, compiled once into the library.
#include "hipmech/geometry/segment_frames.hpp"

namespace hipmech::geometry {

namespace detail {

FrameAxes frame_axes(Axis primary, Axis secondary) {
  HIPMECH_CHECK_ARG(primary != secondary, "secondary",
                    std::string("an axis other than the primary axis ") + to_string(primary),
                    to_string(secondary));
  FrameAxes axes;
  axes.p = static_cast<int>(primary);
  axes.q = static_cast<int>(secondary);
  axes.r = 3 - axes.p - axes.q;
  axes.cyclic = (axes.q - axes.p + 3) % 3 == 1;  // (p, q, r) cyclic: e_r = e_p x e_q
  return axes;
}

bool frame_from_vectors_one(const Eigen::Vector3d& origin, const Eigen::Vector3d& a,
                            const Eigen::Vector3d& b, const FrameAxes& axes, double* R_lab_segment,
                            double* origin_out) noexcept {
  const double na = a.norm();
  const double nb = b.norm();
  Eigen::Map<Matrix3r> R(R_lab_segment);
  Eigen::Map<Eigen::Vector3d> o(origin_out);
  bool ok = na > 0.0 && nb > 0.0 && !origin.hasNaN();  // false for NaN norms too
  if (ok) {
    const Eigen::Vector3d u = a / na;
    const Eigen::Vector3d w = b - b.dot(u) * u;
    const double nw = w.norm();
    ok = nw > parallel_tolerance * nb;
    if (ok) {
      const Eigen::Vector3d v = w / nw;
      R.col(axes.p) = u;
      R.col(axes.q) = v;
      R.col(axes.r) = axes.cyclic ? u.cross(v) : v.cross(u);
      o = origin;
    }
  }
  if (!ok) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    R.setConstant(nan);
    o.setConstant(nan);
  }
  return ok;
}

}  // namespace detail

SegmentFrames frames_from_vectors(const TrajectoryCRef& origin, const TrajectoryCRef& v_primary,
                                  Axis primary, const TrajectoryCRef& v_secondary, Axis secondary) {
  const detail::FrameAxes axes = detail::frame_axes(primary, secondary);
  check_same_frames(v_primary.rows(), origin.rows(), "v_primary", "origin");
  check_same_frames(v_secondary.rows(), origin.rows(), "v_secondary", "origin");
  check_values(origin, "origin");
  check_values(v_primary, "v_primary");
  check_values(v_secondary, "v_secondary");
  const Eigen::Index n = origin.rows();
  SegmentFrames out{Trajectory(n, 3), Rotations(n, 9)};
  for (Eigen::Index f = 0; f < n; ++f) {
    detail::frame_from_vectors_one(origin.row(f).transpose(), v_primary.row(f).transpose(),
                                   v_secondary.row(f).transpose(), axes,
                                   out.R_lab_segment.row(f).data(), out.origin.row(f).data());
  }
  return out;
}

Trajectory to_segment(const TrajectoryCRef& origin, const RotationsCRef& R_lab_segment,
                      const TrajectoryCRef& points_lab) {
  detail::check_frames(origin, R_lab_segment, points_lab, "points_lab");
  const Eigen::Index n = origin.rows();
  Trajectory out(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    const Eigen::Map<const Matrix3r> R(R_lab_segment.row(f).data());
    out.row(f).noalias() = (points_lab.row(f) - origin.row(f)) * R;
  }
  return out;
}

Trajectory to_lab(const TrajectoryCRef& origin, const RotationsCRef& R_lab_segment,
                  const TrajectoryCRef& points_segment) {
  detail::check_frames(origin, R_lab_segment, points_segment, "points_segment");
  const Eigen::Index n = origin.rows();
  Trajectory out(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    detail::to_lab_one(origin.row(f).data(), R_lab_segment.row(f).data(),
                       points_segment.row(f).data(), out.row(f).data());
  }
  return out;
}

}  // namespace hipmech::geometry
