// The compiled definitions of <hipmech/geometry/rotations.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/geometry/rotations.hpp"

namespace hipmech::geometry {

CardanSequence parse_sequence(std::string_view text, const char* arg) {
  std::string s;
  for (char c : detail::folded(text)) {
    if (c != ' ' && c != '-' && c != ',') s.push_back(static_cast<char>(c - 'a' + 'A'));
  }
  for (CardanSequence q : all_sequences) {
    if (to_string(q) == s) return q;
  }
  detail::throw_invalid_argument(
      arg, "one of the 12 sequences XYZ, XZY, YXZ, YZX, ZXY, ZYX, XYX, XZX, YXY, YZY, ZXZ, ZYZ",
      "'" + std::string(text) + "'");
}

Rotations relative_rotations(const RotationsCRef& R_lab_a, const RotationsCRef& R_lab_b) {
  check_same_frames(R_lab_b.rows(), R_lab_a.rows(), "R_lab_b", "R_lab_a");
  check_values(R_lab_a, "R_lab_a");
  check_values(R_lab_b, "R_lab_b");
  const Eigen::Index n = R_lab_a.rows();
  Rotations out(n, 9);
  for (Eigen::Index f = 0; f < n; ++f) {
    const Eigen::Map<const Matrix3r> a(R_lab_a.row(f).data());
    const Eigen::Map<const Matrix3r> b(R_lab_b.row(f).data());
    Eigen::Map<Matrix3r>(out.row(f).data()).noalias() = a.transpose() * b;
  }
  return out;
}

double max_orthonormality_error(const RotationsCRef& R) {
  double worst = 0.0;
  for (Eigen::Index f = 0; f < R.rows(); ++f) {
    const Eigen::Map<const Matrix3r> m(R.row(f).data());
    if (m.hasNaN()) continue;
    const double e = (m.transpose() * m - Eigen::Matrix3d::Identity()).cwiseAbs().maxCoeff();
    worst = std::max(worst, m.determinant() < 0.0 ? std::max(e, 2.0) : e);
  }
  return worst;
}

}  // namespace hipmech::geometry
