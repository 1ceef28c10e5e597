// The compiled definitions of <hipmech/dynamics/newton_euler_2d.hpp> (declared and documented
// there): heavy functions users never need inline, compiled once into the library.
#include "hipmech/dynamics/newton_euler_2d.hpp"

namespace hipmech::dynamics::detail {

Series unwrapped_angle(const Points2CRef& p, const Points2CRef& d) {
  const Eigen::Index n = p.rows();
  Series a(n);
  double offset = 0.0, last = std::nan("");
  constexpr double two_pi = 6.283185307179586476925286766559;
  for (Eigen::Index f = 0; f < n; ++f) {
    const double raw = std::atan2(d(f, 1) - p(f, 1), d(f, 0) - p(f, 0));
    if (std::isnan(raw)) {
      a[f] = raw;
      continue;
    }
    if (!std::isnan(last)) {
      const double jump = raw + offset - last;
      offset -= two_pi * std::round(jump / two_pi);
    }
    a[f] = raw + offset;
    last = a[f];
  }
  return a;
}

}  // namespace hipmech::dynamics::detail

namespace hipmech::dynamics {

std::vector<PlanarJointLoads> newton_euler_2d(const std::vector<PlanarSegment>& chain,
                                              const PlanarLoad& load, double rate_hz,
                                              const PlanarOptions& options) {
  HIPMECH_CHECK_ARG(!chain.empty(), "chain", "at least one segment (distal first)",
                    "an empty chain");
  check_positive(rate_hz, "rate_hz", "Hz");
  const Eigen::Index n = chain.front().proximal_m.rows();
  HIPMECH_CHECK_ARG(n >= 4, "chain[0].proximal_m", "at least 4 frames for an acceleration",
                    std::to_string(n) + " frames");
  for (std::size_t s = 0; s < chain.size(); ++s) {
    const PlanarSegment& seg = chain[s];
    const std::string name = "chain[" + std::to_string(s) + "]";
    HIPMECH_CHECK_SIZE(seg.proximal_m.rows(), n, name + ".proximal_m", "frames");
    HIPMECH_CHECK_SIZE(seg.distal_m.rows(), n, name + ".distal_m", "frames");
    check_values(seg.proximal_m, (name + ".proximal_m").c_str(), NanPolicy::Allow);
    check_values(seg.distal_m, (name + ".distal_m").c_str(), NanPolicy::Allow);
    check_positive(seg.mass_kg, (name + ".mass_kg").c_str(), "kg");
    HIPMECH_CHECK_ARG(std::isfinite(seg.com_fraction), name + ".com_fraction",
                      "a finite fraction of the segment", seg.com_fraction);
    HIPMECH_CHECK_ARG(std::isfinite(seg.inertia_kgm2) && seg.inertia_kgm2 >= 0.0,
                      name + ".inertia_kgm2", "a finite non-negative value in kg m^2",
                      seg.inertia_kgm2);
  }
  HIPMECH_CHECK_SIZE(load.force_n.rows(), n, "load.force_n", "frames");
  HIPMECH_CHECK_SIZE(load.point_m.rows(), n, "load.point_m", "frames");
  HIPMECH_CHECK_SIZE(load.moment_nm.rows(), n, "load.moment_nm", "frames");
  check_values(load.force_n, "load.force_n", NanPolicy::Allow);
  check_values(load.point_m, "load.point_m", NanPolicy::Allow);
  check_values(load.moment_nm, "load.moment_nm", NanPolicy::Allow);
  HIPMECH_CHECK_ARG(options.gravity_mps2.allFinite(), "options.gravity_mps2", "a finite vector",
                    options.gravity_mps2.transpose());

  const Eigen::Vector2d g = options.weight ? options.gravity_mps2 : Eigen::Vector2d::Zero();
  std::vector<PlanarJointLoads> out(chain.size());
  for (std::size_t s = 0; s < chain.size(); ++s) {
    const PlanarSegment& seg = chain[s];
    Points2 com = seg.proximal_m + seg.com_fraction * (seg.distal_m - seg.proximal_m);
    Points2 acc = Points2::Zero(n, 2);
    Series theta_dd = Series::Zero(n);
    if (options.inertial) {
      acc = signal::derivative(com, rate_hz, 2);
      theta_dd =
          signal::derivative(detail::unwrapped_angle(seg.proximal_m, seg.distal_m), rate_hz, 2);
    }
    PlanarJointLoads& j = out[s];
    j.force_n.resize(n, 2);
    j.moment_nm.resize(n);
    for (Eigen::Index f = 0; f < n; ++f) {
      const Eigen::Vector2d c = com.row(f).transpose();
      Eigen::Vector2d fd, pd;
      double md = 0;
      if (s == 0) {
        fd = load.force_n.row(f).transpose();
        pd = load.point_m.row(f).transpose();
        md = load.moment_nm[f];
      } else {
        fd = -out[s - 1].force_n.row(f).transpose();
        pd = chain[s - 1].proximal_m.row(f).transpose();
        md = -out[s - 1].moment_nm[f];
      }
      const Eigen::Vector2d F = seg.mass_kg * (Eigen::Vector2d(acc.row(f).transpose()) - g) - fd;
      const Eigen::Vector2d P = seg.proximal_m.row(f).transpose();
      const double M = seg.inertia_kgm2 * theta_dd[f] - md - detail::cross2(pd - c, fd) -
                       detail::cross2(P - c, F);
      j.force_n.row(f) = F.transpose();
      j.moment_nm[f] = M;
    }
  }
  return out;
}

}  // namespace hipmech::dynamics
