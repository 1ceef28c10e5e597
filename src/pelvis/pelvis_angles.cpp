// The compiled definitions of <hipmech/pelvis/pelvis_angles.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/pelvis/pelvis_angles.hpp"

namespace hipmech::pelvis::detail {

Trajectory reference_angles(const geometry::RotationsCRef& R_lab_pelvis,
                            geometry::CardanSequence sequence,
                            const Eigen::Matrix3d& R_lab_reference, const ColumnMap& map) {
  check_values(R_lab_pelvis, "R_lab_pelvis");
  check_reference(R_lab_reference);
  const geometry::Matrix3r Rt = R_lab_reference.transpose();
  const auto q = geometry::axes_of(sequence);
  const Eigen::Index n = R_lab_pelvis.rows();
  Trajectory out(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    double raw[3];
    reference_raw_one(R_lab_pelvis.row(f).data(), Rt, q, raw);
    apply_column_map(map, raw, out.row(f).data());
  }
  return out;
}

}  // namespace hipmech::pelvis::detail

namespace hipmech::pelvis {

geometry::Rotations pelvis_rotations(const TrajectoryCRef& angles, Side side,
                                     PelvisConvention convention) {
  check_values(angles, "angles");
  const ColumnMap map = column_map(convention, side);
  const auto q = geometry::axes_of(sequence_of(convention));
  const Eigen::Index n = angles.rows();
  geometry::Rotations out(n, 9);
  for (Eigen::Index f = 0; f < n; ++f) {
    double raw[3];
    for (std::size_t k = 0; k < 3; ++k)
      raw[map.index[k]] = map.sign[k] * angles(f, static_cast<Eigen::Index>(k));
    geometry::compose_into(raw, q, out.row(f).data());
  }
  return out;
}

Trajectory convert_pelvis_angles(const TrajectoryCRef& angles, Side side, PelvisConvention from,
                                 PelvisConvention to) {
  check_values(angles, "angles");
  const ColumnMap in = column_map(from, side);
  const ColumnMap out_map = column_map(to, side);
  const auto q_in = geometry::axes_of(sequence_of(from));
  const auto q_out = geometry::axes_of(sequence_of(to));
  const Eigen::Index n = angles.rows();
  Trajectory out(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    double raw[3];
    for (std::size_t k = 0; k < 3; ++k)
      raw[in.index[k]] = in.sign[k] * angles(f, static_cast<Eigen::Index>(k));
    geometry::Matrix3r R;
    geometry::compose_into(raw, q_in, R.data());
    double raw_out[3];
    geometry::decompose_into(R.data(), q_out, raw_out);
    for (std::size_t k = 0; k < 3; ++k) {
      out(f, static_cast<Eigen::Index>(k)) = out_map.sign[k] * raw_out[out_map.index[k]];
    }
  }
  return out;
}

}  // namespace hipmech::pelvis
