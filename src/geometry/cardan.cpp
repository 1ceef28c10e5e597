// The compiled definitions of <hipmech/geometry/cardan.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/geometry/cardan.hpp"

namespace hipmech::geometry::detail {

Eigen::Matrix3d elementary(int axis, double c, double s) noexcept {
  Eigen::Matrix3d m = Eigen::Matrix3d::Identity();
  const int j = (axis + 1) % 3;
  const int k = (axis + 2) % 3;
  m(j, j) = c;
  m(j, k) = -s;
  m(k, j) = s;
  m(k, k) = c;
  return m;
}

}  // namespace hipmech::geometry::detail

namespace hipmech::geometry {

void compose_into(const double* a, const SequenceAxes& q, double* out) noexcept {
  if (std::isnan(a[0] + a[1] + a[2])) {
    for (int e = 0; e < 9; ++e) out[e] = std::nan("");
    return;
  }
  const int third = q.cardan ? q.k : q.i;
  const Eigen::Matrix3d m = detail::elementary(q.i, std::cos(a[0]), std::sin(a[0])) *
                            detail::elementary(q.j, std::cos(a[1]), std::sin(a[1])) *
                            detail::elementary(third, std::cos(a[2]), std::sin(a[2]));
  Eigen::Map<Matrix3r> dst(out);
  dst = m;
}

void decompose_into(const double* r, const SequenceAxes& q, double* out) noexcept {
  const auto R = [r](int row, int col) { return r[3 * row + col]; };
  const int i = q.i, j = q.j, k = q.k;
  const double s = q.s;
  double sum = 0.0;
  for (int e = 0; e < 9; ++e) sum += r[e];
  if (std::isnan(sum)) {
    out[0] = out[1] = out[2] = std::nan("");
    return;
  }
  double a1, a2, a3, y, x;
  if (q.cardan) {
    // R = R_i(a1) R_j(a2) R_k(a3): R[i][k] = s sin a2, (R[i][i], R[i][j]) = cos a2 (cos a3, -s sin
    // a3), (R[k][k], R[j][k]) = cos a2 (cos a1, -s sin a1).
    a2 = std::atan2(s * R(i, k), std::sqrt(R(i, i) * R(i, i) + R(i, j) * R(i, j)));
    y = -s * R(j, k);
    x = R(k, k);
  } else {
    // R = R_i(a1) R_j(a2) R_i(a3): R[i][i] = cos a2, (R[k][i], R[j][i]) = sin a2 (-s cos a1, sin
    // a1).
    a2 = std::atan2(std::sqrt(R(i, j) * R(i, j) + R(i, k) * R(i, k)), R(i, i));
    y = R(j, i);
    x = -s * R(k, i);
  }
  const double n = std::sqrt(x * x + y * y);  // |cos a2| (Cardan) or |sin a2| (Euler)
  if (n < gimbal_tolerance) {
    // Gimbal lock: with a3 = 0, column j of R is R_i(a1) e_j = (.., cos a1, s sin a1) in (j, k).
    a1 = std::atan2(s * R(k, j), R(j, j));
    a3 = 0.0;
  } else {
    a1 = std::atan2(y, x);
    const double c1 = x / n, s1 = y / n;
    // Row j of R_i(a1)^T R = row j of R_j(a2) R_third(a3) = row j of R_third(a3).
    const double rj_i = c1 * R(j, i) + s * s1 * R(k, i);
    const double rj_j = c1 * R(j, j) + s * s1 * R(k, j);
    const double rj_k = c1 * R(j, k) + s * s1 * R(k, k);
    a3 = q.cardan ? std::atan2(s * rj_i, rj_j) : std::atan2(-s * rj_k, rj_j);
  }
  out[0] = detail::half_open(a1);
  out[1] = a2;
  out[2] = detail::half_open(a3);
}

Rotations compose(const TrajectoryCRef& angles, CardanSequence sequence) {
  check_values(angles, "angles");
  const auto q = axes_of(sequence);
  const Eigen::Index n = angles.rows();
  Rotations out(n, 9);
  for (Eigen::Index f = 0; f < n; ++f) {
    compose_into(angles.row(f).data(), q, out.row(f).data());
  }
  return out;
}

Trajectory decompose(const RotationsCRef& R, CardanSequence sequence) {
  check_values(R, "R");
  const auto q = axes_of(sequence);
  const Eigen::Index n = R.rows();
  Trajectory out(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    decompose_into(R.row(f).data(), q, out.row(f).data());
  }
  return out;
}

}  // namespace hipmech::geometry
