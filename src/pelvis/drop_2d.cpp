// The compiled definitions of <hipmech/pelvis/drop_2d.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/pelvis/drop_2d.hpp"

namespace hipmech::pelvis::detail {

void floor_axes(const FloorLine& floor, Eigen::Vector2d& u, Eigen::Vector2d& n) {
  HIPMECH_CHECK_ARG(floor.a_px.allFinite() && floor.b_px.allFinite(), "floor",
                    "two finite points [pixels]", "a point holding NaN or infinity");
  const Eigen::Vector2d d = floor.b_px - floor.a_px;
  const double len = d.norm();
  HIPMECH_CHECK_ARG(len > 0.0, "floor", "two distinct points", "the same point twice");
  u = d / len;
  n = Eigen::Vector2d(u.y(), -u.x());
  if (n.y() > 0.0) n = -n;
  HIPMECH_CHECK_ARG(n.y() < 0.0, "floor", "a line that is not vertical in the image",
                    "a vertical line");
}

}  // namespace hipmech::pelvis::detail

namespace hipmech::pelvis {

Series obliquity_2d(const Points2CRef& left_hip_px, const Points2CRef& right_hip_px, Side side,
                    const FloorLine& floor) {
  check_same_frames(right_hip_px.rows(), left_hip_px.rows(), "right_hip_px", "left_hip_px");
  check_values(left_hip_px, "left_hip_px");
  check_values(right_hip_px, "right_hip_px");
  Eigen::Vector2d u, nrm;
  detail::floor_axes(floor, u, nrm);
  const double s = detail::obliquity_2d_sign(side);  // vector from the other side to S
  const Eigen::Index n = left_hip_px.rows();
  Series out(n);
  for (Eigen::Index f = 0; f < n; ++f) {
    out[f] = detail::obliquity_2d_one(left_hip_px.row(f).transpose(),
                                      right_hip_px.row(f).transpose(), s, u, nrm);
  }
  return out;
}

}  // namespace hipmech::pelvis
