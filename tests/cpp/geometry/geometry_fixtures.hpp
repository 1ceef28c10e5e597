// Shared helpers of the geometry tests: seeded random rotations and angles, and the
// elementary rotations built with Eigen's AngleAxis (independent of hipmech's own formulas).
#pragma once

#include <cmath>
#include <random>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "hipmech/geometry.hpp"

namespace hipmech::testing {

inline constexpr double kPi = 3.14159265358979323846;

/// A uniformly distributed random rotation (normalised Gaussian quaternion, Shoemake 1992).
inline Eigen::Matrix3d random_rotation(std::mt19937& rng) {
  std::normal_distribution<double> g(0.0, 1.0);
  Eigen::Quaterniond q(g(rng), g(rng), g(rng), g(rng));
  q.normalize();
  return q.toRotationMatrix();
}

/// Random angles inside the ranges decompose returns (open ranges, away from the ends).
inline Eigen::Vector3d random_angles(std::mt19937& rng, geometry::CardanSequence s) {
  std::uniform_real_distribution<double> u(-kPi + 1e-6, kPi - 1e-6);
  std::uniform_real_distribution<double> mid = geometry::is_cardan(s)
                                                   ? std::uniform_real_distribution<double>(-kPi / 2 + 1e-6, kPi / 2 - 1e-6)
                                                   : std::uniform_real_distribution<double>(1e-6, kPi - 1e-6);
  return {u(rng), mid(rng), u(rng)};
}

/// Unit vector of axis index `axis`.
inline Eigen::Vector3d unit(int axis) {
  return Eigen::Vector3d::Unit(axis);
}

/// R_axis1(a1) R_axis2(a2) R_axis3(a3) from Eigen's AngleAxis: the reference composition.
inline Eigen::Matrix3d reference_compose(const Eigen::Vector3d& a, geometry::CardanSequence s) {
  using geometry::sequence_axis;
  return (Eigen::AngleAxisd(a(0), unit(sequence_axis(s, 0))) *
          Eigen::AngleAxisd(a(1), unit(sequence_axis(s, 1))) *
          Eigen::AngleAxisd(a(2), unit(sequence_axis(s, 2))))
      .toRotationMatrix();
}

/// A matrix as one row of a Rotations batch.
inline Eigen::Matrix<double, 1, 9> as_row(const Eigen::Matrix3d& m) {
  geometry::Matrix3r r = m;
  return Eigen::Map<const Eigen::Matrix<double, 1, 9>>(r.data());
}

}  // namespace hipmech::testing
