/// \file
/// Bottom-up planar (2-D) Newton-Euler inverse dynamics of a limb (Winter 2009, ch. 5):
/// sagittal or frontal plane, counter-clockwise moments (docs/dynamics.md).
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "hipmech/core/check.hpp"
#include "hipmech/core/trajectory.hpp"
#include "hipmech/signal/derivative.hpp"

namespace hipmech::dynamics {

/// One segment of a planar chain, defined by two points in the plane (x, y) [m]. Views only.
struct PlanarSegment {
  /// #frames by 2, proximal end = the joint the moment is taken about [m].
  Points2CRef proximal_m;
  /// #frames by 2, distal end [m]; with proximal_m it defines the segment's angle and length.
  Points2CRef distal_m;
  double mass_kg;
  /// Centre of mass as the fraction of the proximal-to-distal vector (0 = at the proximal end).
  double com_fraction;
  /// Moment of inertia about the centre of mass, normal to the plane [kg m^2].
  double inertia_kgm2;
};

/// Load of the environment on the most distal segment, one row per frame.
struct PlanarLoad {
  Points2 force_n;   ///< force on the body (x, y) [N]
  Points2 point_m;   ///< point of application (centre of pressure) [m]
  Series moment_nm;  ///< free moment about point_m, counter-clockwise positive [N m]
};

/// Net load at a joint: what the proximal segment exerts on the distal one (the internal
/// moment), counter-clockwise positive in the (x, y) plane.
struct PlanarJointLoads {
  Points2 force_n;   ///< [N]
  Series moment_nm;  ///< about the joint centre [N m]
};

/// Terms of the planar equations; all on by default.
struct PlanarOptions {
  /// Gravitational acceleration in the plane [m/s^2]; default 9.81 down -y.
  Eigen::Vector2d gravity_mps2{0.0, -9.81};
  bool inertial = true;  ///< include m a and I alpha
  bool weight = true;    ///< include the segments' weights
};

namespace detail {

inline double cross2(const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
  return a.x() * b.y() - a.y() * b.x();
}

/// Angle of p->d per frame, unwrapped across frames (NaN frames skipped, stay NaN).
inline Series unwrapped_angle(const Points2CRef& p, const Points2CRef& d) {
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

}  // namespace detail

/// Planar Newton-Euler recursion, distal segment first (Winter 2009, eqs. 5.3-5.5): for each
/// segment, with F_d, M_d the load on it at its distal point P_d, P its proximal joint and c
/// its centre of mass,
///
///   F = m (a_c - g) - F_d,
///   M = I theta'' - M_d - (P_d - c) x F_d - (P - c) x F      (x: the planar cross product).
///
/// theta is the angle of proximal->distal (unwrapped); a_c and theta'' by second central
/// differences (signal::central_difference), without filtering.
/// \param[in] chain segments, distal first; segment s > 0 takes the previous segment's
///            proximal point as its distal load point
/// \param[in] load external load on chain[0]
/// \param[in] rate_hz sampling rate [Hz]
/// \return one PlanarJointLoads per segment at its proximal joint, in chain order.
/// \throws InvalidArgument naming the argument (empty chain, frame counts, mass not positive,
///         com_fraction or inertia not finite / negative, fewer than 4 frames, infinity)
inline std::vector<PlanarJointLoads> newton_euler_2d(const std::vector<PlanarSegment>& chain,
                                                     const PlanarLoad& load, double rate_hz,
                                                     const PlanarOptions& options = {}) {
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
      theta_dd = signal::derivative(detail::unwrapped_angle(seg.proximal_m, seg.distal_m),
                                    rate_hz, 2);
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
