// Dynamics area: bottom-up Newton-Euler inverse dynamics of BOTH legs (2 chains of foot, shank,
// thigh) over a whole walking-like trial, in the vector form (newton_euler_3d), the wrench /
// quaternion form (newton_euler_3d_wrench) and the planar form (newton_euler_2d).
// items_per_second = frames per second for both legs; the target is >= 1 M frames/s
// for both legs single-threaded (3-D vector form). Names start with BM_Dynamics so that
// --benchmark_filter=Dynamics selects the area.
#include <benchmark/benchmark.h>

#include <cmath>
#include <limits>
#include <vector>

#include <Eigen/Geometry>

#include "hipmech/dynamics/newton_euler.hpp"
#include "hipmech/dynamics/newton_euler_2d.hpp"
#include "hipmech/dynamics/newton_euler_wrench.hpp"

namespace {

using hipmech::Points2;
using hipmech::Series;
using hipmech::Trajectory;
using hipmech::dynamics::ExternalLoad;
using hipmech::dynamics::JointLoads;
using hipmech::dynamics::LimbSegment;
using hipmech::dynamics::PlanarLoad;
using hipmech::dynamics::PlanarSegment;
using hipmech::dynamics::SegmentInertia;
using hipmech::geometry::Matrix3r;
using hipmech::geometry::Rotations;

constexpr double kPi = 3.14159265358979323846;
constexpr double kRateHz = 100.0;

void frame_range(benchmark::internal::Benchmark* b) {
  b->Arg(1000)->Arg(1000000)->Unit(benchmark::kMillisecond);
}

/// One leg walking at 1.2 m/s along +X in a Z-up lab at 100 Hz (stride 0.9 Hz, stance 60 %):
/// sagittal hip, knee and ankle angles with some hip adduction and rotation, ISB segment
/// frames (X anterior, Y superior, Z right), origins at the proximal joint centres, a
/// double-hump ground reaction with a centre of pressure rolling heel to toe, and 5-frame
/// gaps (NaN) in the thigh's frames every 500 frames (1 % missing), as occlusions give.
struct Leg {
  Rotations R_thigh, R_shank, R_foot;
  Trajectory hip, knee, ankle;
  ExternalLoad load;
  // Planar (sagittal: lab x, z) points of the same leg, and the toe for the planar foot.
  Points2 hip2, knee2, ankle2, toe2;
  PlanarLoad load2;

  Leg(Eigen::Index n, double side /* +1 right, -1 left */, double phase)
      : R_thigh(n, 9), R_shank(n, 9), R_foot(n, 9), hip(n, 3), knee(n, 3), ankle(n, 3),
        hip2(n, 2), knee2(n, 2), ankle2(n, 2), toe2(n, 2) {
    load = ExternalLoad::zero(n);
    load2 = PlanarLoad{Points2::Zero(n, 2), Points2::Zero(n, 2), Series::Zero(n)};
    // Segment axes in a standing posture: X = lab X, Y = lab Z, Z (right) = -lab Y.
    Eigen::Matrix3d R0;
    R0 << 1, 0, 0, 0, 0, -1, 0, 1, 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double t = static_cast<double>(i) / kRateHz;
      const double u = std::fmod(0.9 * t + phase, 1.0);  // gait cycle fraction
      const double p = 2 * kPi * u;
      const double hip_flex = 0.35 * std::sin(p + 0.3);
      const double knee_flex = 0.55 - 0.35 * std::cos(p - 0.6) - 0.15 * std::cos(2 * p);
      const double ankle_flex = 0.2 * std::sin(p - 0.5);
      const double hip_add = 0.06 * std::sin(p);
      const double hip_rot = 0.1 * std::sin(p + 1.0);
      const Eigen::Vector3d h(1.2 * t, -side * 0.09 + 0.02 * std::sin(p),
                              0.92 + 0.02 * std::cos(2 * p));
      // Flexion about the segment Z axis (right), positive moving the distal end forward.
      const Eigen::Matrix3d Rt = Eigen::AngleAxisd(side * hip_rot, Eigen::Vector3d::UnitZ()) *
                                 Eigen::AngleAxisd(side * hip_add, Eigen::Vector3d::UnitX()) *
                                 R0 * Eigen::AngleAxisd(hip_flex, Eigen::Vector3d::UnitZ());
      const Eigen::Matrix3d Rs = Rt * Eigen::AngleAxisd(-knee_flex, Eigen::Vector3d::UnitZ());
      const Eigen::Matrix3d Rf = Rs * Eigen::AngleAxisd(ankle_flex, Eigen::Vector3d::UnitZ());
      const Eigen::Vector3d k = h + Rt * Eigen::Vector3d(0, -0.43, 0);
      const Eigen::Vector3d a = k + Rs * Eigen::Vector3d(0, -0.42, 0);
      const Eigen::Vector3d toe = a + Rf * Eigen::Vector3d(0.15, -0.05, 0);
      Eigen::Map<Matrix3r>(R_thigh.row(i).data()) = Rt;
      Eigen::Map<Matrix3r>(R_shank.row(i).data()) = Rs;
      Eigen::Map<Matrix3r>(R_foot.row(i).data()) = Rf;
      hip.row(i) = h.transpose();
      knee.row(i) = k.transpose();
      ankle.row(i) = a.transpose();
      hip2.row(i) << h.x(), h.z();
      knee2.row(i) << k.x(), k.z();
      ankle2.row(i) << a.x(), a.z();
      toe2.row(i) << toe.x(), toe.z();
      if (u < 0.6) {  // stance
        const double s = u / 0.6;
        const double fz = 700.0 * (std::sin(kPi * s) + 0.25 * std::sin(3 * kPi * s));
        const Eigen::Vector3d F(150.0 * std::sin(2 * kPi * s) * -1.0, side * 30.0 * std::sin(kPi * s), fz);
        const Eigen::Vector3d cop(a.x() - 0.05 + 0.22 * s, a.y(), 0.0);
        load.force_n.row(i) = F.transpose();
        load.point_m.row(i) = cop.transpose();
        load.moment_nm.row(i) << 0.0, 0.0, 3.0 * std::sin(2 * kPi * s);
        load2.force_n.row(i) << F.x(), F.z();
        load2.point_m.row(i) << cop.x(), cop.z();
      }
    }
    for (Eigen::Index i = 250; i + 5 <= n; i += 500) {
      R_thigh.middleRows(i, 5).setConstant(std::numeric_limits<double>::quiet_NaN());
      hip2.middleRows(i, 5).setConstant(std::numeric_limits<double>::quiet_NaN());
    }
  }

  /// Foot, shank, thigh of a 70 kg adult (de Leva-like values), non-diagonal tensors.
  std::vector<LimbSegment> chain() const {
    SegmentInertia foot{1.0, Eigen::Vector3d(0.06, -0.03, 0.0), Eigen::Matrix3d::Zero()};
    foot.inertia_kgm2 << 0.0010, 0.0002, 0.0, 0.0002, 0.0040, 0.0, 0.0, 0.0, 0.0040;
    SegmentInertia shank{3.0, Eigen::Vector3d(0.0, -0.18, 0.0), Eigen::Matrix3d::Zero()};
    shank.inertia_kgm2 << 0.040, 0.001, 0.0, 0.001, 0.005, 0.0005, 0.0, 0.0005, 0.040;
    SegmentInertia thigh{7.0, Eigen::Vector3d(0.0, -0.19, 0.0), Eigen::Matrix3d::Zero()};
    thigh.inertia_kgm2 << 0.12, 0.0, 0.002, 0.0, 0.025, 0.0, 0.002, 0.0, 0.12;
    return {LimbSegment{R_foot, ankle, ankle, foot}, LimbSegment{R_shank, knee, knee, shank},
            LimbSegment{R_thigh, hip, hip, thigh}};
  }

  std::vector<PlanarSegment> planar_chain() const {
    return {PlanarSegment{ankle2, toe2, 1.0, 0.4, 0.004},
            PlanarSegment{knee2, ankle2, 3.0, 0.43, 0.040},
            PlanarSegment{hip2, knee2, 7.0, 0.44, 0.12}};
  }
};

struct BothLegs {
  Leg right, left;
  explicit BothLegs(Eigen::Index n) : right(n, 1.0, 0.0), left(n, -1.0, 0.5) {}
};

void BM_Dynamics_newton_euler_3d_both_legs(benchmark::State& state) {
  const BothLegs legs(state.range(0));
  const std::vector<LimbSegment> right = legs.right.chain(), left = legs.left.chain();
  for (auto _ : state) {
    std::vector<JointLoads> r = hipmech::dynamics::newton_euler_3d(right, legs.right.load, kRateHz);
    std::vector<JointLoads> l = hipmech::dynamics::newton_euler_3d(left, legs.left.load, kRateHz);
    benchmark::DoNotOptimize(r.back().moment_nm.data());
    benchmark::DoNotOptimize(l.back().moment_nm.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Dynamics_newton_euler_3d_both_legs)->Apply(frame_range);

void BM_Dynamics_newton_euler_3d_wrench_both_legs(benchmark::State& state) {
  const BothLegs legs(state.range(0));
  const std::vector<LimbSegment> right = legs.right.chain(), left = legs.left.chain();
  for (auto _ : state) {
    std::vector<JointLoads> r =
        hipmech::dynamics::newton_euler_3d_wrench(right, legs.right.load, kRateHz);
    std::vector<JointLoads> l =
        hipmech::dynamics::newton_euler_3d_wrench(left, legs.left.load, kRateHz);
    benchmark::DoNotOptimize(r.back().moment_nm.data());
    benchmark::DoNotOptimize(l.back().moment_nm.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Dynamics_newton_euler_3d_wrench_both_legs)->Apply(frame_range);

void BM_Dynamics_newton_euler_2d_both_legs(benchmark::State& state) {
  const BothLegs legs(state.range(0));
  const std::vector<PlanarSegment> right = legs.right.planar_chain(),
                                   left = legs.left.planar_chain();
  for (auto _ : state) {
    auto r = hipmech::dynamics::newton_euler_2d(right, legs.right.load2, kRateHz);
    auto l = hipmech::dynamics::newton_euler_2d(left, legs.left.load2, kRateHz);
    benchmark::DoNotOptimize(r.back().moment_nm.data());
    benchmark::DoNotOptimize(l.back().moment_nm.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Dynamics_newton_euler_2d_both_legs)->Apply(frame_range);

/// The floor: copying the 3-D inputs of both legs (3 rotations, 3 points, 9 load columns each).
void BM_Dynamics_copy_3d_input_both_legs(benchmark::State& state) {
  const BothLegs legs(state.range(0));
  for (auto _ : state) {
    for (const Leg* leg : {&legs.right, &legs.left}) {
      Rotations a = leg->R_foot, b = leg->R_shank, c = leg->R_thigh;
      Trajectory h = leg->hip, k = leg->knee, an = leg->ankle;
      ExternalLoad e = leg->load;
      benchmark::DoNotOptimize(a.data());
      benchmark::DoNotOptimize(b.data());
      benchmark::DoNotOptimize(c.data());
      benchmark::DoNotOptimize(h.data());
      benchmark::DoNotOptimize(k.data());
      benchmark::DoNotOptimize(an.data());
      benchmark::DoNotOptimize(e.force_n.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Dynamics_copy_3d_input_both_legs)->Apply(frame_range);

}  // namespace
