// The compiled definitions of <hipmech/dynamics/moment_frames.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/dynamics/moment_frames.hpp"

namespace hipmech::dynamics {

MomentFrame parse_moment_frame(std::string_view text, const char* arg) {
  const std::string s = hipmech::detail::folded(text);
  if (s == "global" || s == "lab") return MomentFrame::Global;
  if (s == "proximal") return MomentFrame::Proximal;
  if (s == "distal") return MomentFrame::Distal;
  if (s == "jcs") return MomentFrame::Jcs;
  hipmech::detail::throw_invalid_argument(arg, "'global', 'proximal', 'distal' or 'jcs'",
                                          "'" + std::string(text) + "'");
}

Trajectory resolve_moment(const TrajectoryCRef& moment_lab, MomentFrame frame,
                          const geometry::RotationsCRef& R_lab_proximal,
                          const geometry::RotationsCRef& R_lab_distal) {
  const Eigen::Index n = moment_lab.rows();
  if (frame == MomentFrame::Global) return moment_lab;
  if (frame != MomentFrame::Distal) {
    check_same_frames(R_lab_proximal.rows(), n, "R_lab_proximal", "moment_lab");
  }
  if (frame != MomentFrame::Proximal) {
    check_same_frames(R_lab_distal.rows(), n, "R_lab_distal", "moment_lab");
  }
  Trajectory out(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    const Eigen::Vector3d v = moment_lab.row(f).transpose();
    if (frame == MomentFrame::Proximal) {
      out.row(f) = (geometry::rotation_at(R_lab_proximal, f).transpose() * v).transpose();
    } else if (frame == MomentFrame::Distal) {
      out.row(f) = (geometry::rotation_at(R_lab_distal, f).transpose() * v).transpose();
    } else {
      const Eigen::Vector3d e1 = geometry::rotation_at(R_lab_proximal, f).col(2);
      const Eigen::Vector3d e3 = geometry::rotation_at(R_lab_distal, f).col(1);
      const Eigen::Vector3d c = e3.cross(e1);
      const double norm = c.norm();
      const Eigen::Vector3d e2 =
          norm > 1e-12 ? Eigen::Vector3d(c / norm) : Eigen::Vector3d::Constant(std::nan(""));
      out.row(f) << v.dot(e1), v.dot(e2), v.dot(e3);
    }
  }
  return out;
}

Trajectory clinical_moments(const TrajectoryCRef& moment_lab,
                            const geometry::RotationsCRef& R_lab_proximal,
                            const geometry::RotationsCRef& R_lab_distal, Side side,
                            model::Joint joint, MomentFrame frame) {
  HIPMECH_CHECK_ARG(frame != MomentFrame::Global, "frame",
                    "'proximal', 'distal' or 'jcs' for clinical components", "'global'");
  Trajectory r = resolve_moment(moment_lab, frame, R_lab_proximal, R_lab_distal);
  // Segment axes ISB: Z (flexion), X (adduction), Y (rotation); JCS order e1, e2, e3.
  Trajectory out(r.rows(), 3);
  if (frame == MomentFrame::Jcs) {
    out = r;
  } else {
    out.col(0) = r.col(2);
    out.col(1) = r.col(0);
    out.col(2) = r.col(1);
  }
  out.col(0) *= model::flexion_sign(joint);
  out.col(1) *= lateral_sign(side);
  out.col(2) *= lateral_sign(side);
  return out;
}

}  // namespace hipmech::dynamics
