// 3-D Newton-Euler inverse dynamics: the vector form (newton_euler.hpp), the wrench /
// quaternion form of Dumas, Aissaoui & de Guise 2004 (newton_euler_wrench.hpp) and the segment
// kinematics both rest on (segment_motion.hpp). Each expectation names its independent source:
// the ISB inverse-dynamics benchmark (van den Bogert & de Koning 1996), closed-form rigid-body
// mechanics (statics, Euler's equations, projectile motion; Goldstein, Classical Mechanics,
// ch. 5), the exact discrete derivative of a constant-rate rotation, and the other form.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <Eigen/Geometry>

#include "helpers/eigen_matchers.hpp"
#include "helpers/thrown.hpp"
#include "hipmech/dynamics/newton_euler.hpp"
#include "hipmech/dynamics/newton_euler_2d.hpp"
#include "hipmech/dynamics/newton_euler_wrench.hpp"
#include "hipmech/geometry/segment_frames.hpp"
#include "hipmech/signal/derivative.hpp"

using hipmech::test::thrown_argument;
using hipmech::test::thrown_message;

using namespace hipmech;
using namespace hipmech::dynamics;
using Catch::Matchers::WithinAbs;
using geometry::Matrix3r;
using geometry::Rotations;
using hipmech::testing::IsNear;

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

/// exp([v]x): the rotation by |v| about v.
Eigen::Matrix3d rotation_exp(const Eigen::Vector3d& v) {
  const double a = v.norm();
  if (a == 0.0) return Eigen::Matrix3d::Identity();
  return Eigen::AngleAxisd(a, v / a).toRotationMatrix();
}

void set_rotation(Rotations& R, Eigen::Index f, const Eigen::Matrix3d& M) {
  Eigen::Map<Matrix3r>(R.row(f).data()) = M;
}

/// A segment that owns its arrays; view() is the LimbSegment of newton_euler_3d.
struct OwnedSegment {
  Rotations R;
  Trajectory origin, joint;
  SegmentInertia inertia;
  explicit OwnedSegment(Eigen::Index n) : R(n, 9), origin(n, 3), joint(n, 3) {}
  LimbSegment view() const { return LimbSegment{R, origin, joint, inertia}; }
};

std::vector<LimbSegment> views(const std::vector<OwnedSegment>& segs) {
  std::vector<LimbSegment> out;
  for (const auto& s : segs) out.push_back(s.view());
  return out;
}

/// Largest |x| over a block, NaN ignored.
template <typename Derived>
double max_abs(const Eigen::DenseBase<Derived>& x) {
  double m = 0.0;
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    for (Eigen::Index c = 0; c < x.cols(); ++c) {
      if (!std::isnan(x(r, c))) m = std::max(m, std::abs(x(r, c)));
    }
  }
  return m;
}

/// Largest |a - b| over two blocks of the same shape (NaN positions must agree, else +inf).
template <typename A, typename B>
double max_diff(const Eigen::DenseBase<A>& a, const Eigen::DenseBase<B>& b) {
  double m = 0.0;
  for (Eigen::Index r = 0; r < a.rows(); ++r) {
    for (Eigen::Index c = 0; c < a.cols(); ++c) {
      const bool na = std::isnan(a(r, c)), nb = std::isnan(b(r, c));
      if (na != nb) return kInf;
      if (!na) m = std::max(m, std::abs(a(r, c) - b(r, c)));
    }
  }
  return m;
}

using Solver = std::function<std::vector<JointLoads>(const std::vector<LimbSegment>&,
                                                     const ExternalLoad&, double,
                                                     const NewtonEulerOptions&)>;

const Solver vector_form = [](const std::vector<LimbSegment>& c, const ExternalLoad& l, double r,
                              const NewtonEulerOptions& o) { return newton_euler_3d(c, l, r, o); };
const Solver wrench_form = [](const std::vector<LimbSegment>& c, const ExternalLoad& l, double r,
                              const NewtonEulerOptions& o) {
  return newton_euler_3d_wrench(c, l, r, o);
};

// ---------------------------------------------------------------------------------------------
// ISB benchmark (van den Bogert & de Koning 1996), as in test_isb_benchmark.cpp.
// ---------------------------------------------------------------------------------------------

Channels read_columns(const std::string& name, Eigen::Index cols) {
  const std::filesystem::path file =
      std::filesystem::path(HIPMECH_VALIDATION_DIR) / "isb_invdyn_vandenbogert" / name;
  if (!std::filesystem::exists(file)) SKIP("validation data not found at " << file.string());
  std::ifstream in(file);
  std::vector<double> v;
  double x = 0;
  while (in >> x) v.push_back(x);
  REQUIRE(v.size() % static_cast<std::size_t>(cols) == 0);
  const Eigen::Index rows = static_cast<Eigen::Index>(v.size()) / cols;
  return Eigen::Map<Channels>(v.data(), rows, cols);
}

struct IsbData {
  Points2 hip, knee, ankle, toe;
  PlanarLoad load;
  Channels moments;  // true hip, knee, ankle moments [N m]
  Eigen::Index n = 0;
};

IsbData read_isb() {
  const Channels kin = read_columns("all.kin", 8);
  const Channels frc = read_columns("all.frc", 3);
  IsbData b;
  b.moments = read_columns("all.mom", 3);
  b.hip = kin.leftCols(2);
  b.knee = kin.middleCols(2, 2);
  b.ankle = kin.middleCols(4, 2);
  b.toe = kin.rightCols(2);
  b.n = kin.rows();
  b.load.force_n = frc.leftCols(2);
  b.load.point_m = Points2::Zero(b.n, 2);
  b.load.point_m.col(0) = frc.col(2);
  b.load.moment_nm = Series::Zero(b.n);
  return b;
}

struct IsbSegment {
  const Points2* proximal;
  const Points2* distal;
  double mass_kg, com_fraction, inertia_kgm2;
};

std::vector<IsbSegment> isb_segments(const IsbData& b) {
  // The benchmark's parameters (test_isb_benchmark.cpp): foot, shank, thigh.
  return {{&b.ankle, &b.toe, 1.00, 0.0, 0.0200},
          {&b.knee, &b.ankle, 2.86, 0.4334975, 0.042996389},
          {&b.hip, &b.knee, 6.85, 0.4323725, 0.145361267}};
}

Trajectory lift(const Points2& p) {
  Trajectory t = Trajectory::Zero(p.rows(), 3);
  t.leftCols(2) = p;
  return t;
}

/// The planar benchmark embedded in 3-D (x forward, y up, the plane z = 0) and moved by the
/// rigid motion (Q, t) of the lab: ISB segment frames from the 2-D points (Y from the distal
/// to the proximal point, Z normal to the plane), origin at the centre of mass (so that the
/// centre of mass is exactly the planar one, whatever the marker noise does to the length),
/// a diagonal inertia tensor with the benchmark's I about Z.
struct Isb3d {
  std::vector<OwnedSegment> segs;
  ExternalLoad load;
  NewtonEulerOptions options;
  Isb3d(const IsbData& b, const Eigen::Matrix3d& Q, const Eigen::Vector3d& t) {
    const Eigen::Index n = b.n;
    const Trajectory normal = Trajectory::Zero(n, 3).rowwise() + Eigen::RowVector3d(0, 0, 1);
    const auto move = [&](const Trajectory& p) {
      Trajectory out = p * Q.transpose();
      out.rowwise() += t.transpose();
      return out;
    };
    for (const IsbSegment& s : isb_segments(b)) {
      const Trajectory P = lift(*s.proximal), D = lift(*s.distal);
      const Trajectory com = P + s.com_fraction * (D - P);
      const geometry::SegmentFrames fr = geometry::frames_from_vectors(
          com, P - D, geometry::Axis::Y, normal, geometry::Axis::Z);
      OwnedSegment seg(n);
      for (Eigen::Index f = 0; f < n; ++f) {
        set_rotation(seg.R, f, Q * Eigen::Matrix3d(geometry::rotation_at(fr.R_lab_segment, f)));
      }
      seg.origin = move(com);
      seg.joint = move(P);
      seg.inertia.mass_kg = s.mass_kg;
      seg.inertia.com_m.setZero();
      seg.inertia.inertia_kgm2 =
          Eigen::Vector3d(0.9 * s.inertia_kgm2, 0.2 * s.inertia_kgm2, s.inertia_kgm2).asDiagonal();
      segs.push_back(seg);
    }
    load.force_n = lift(b.load.force_n) * Q.transpose();
    load.point_m = move(lift(b.load.point_m));
    load.moment_nm = Trajectory::Zero(n, 3);
    options.gravity_mps2 = Q * Eigen::Vector3d(0.0, -9.81, 0.0);
  }
};

std::vector<PlanarSegment> isb_planar_chain(const IsbData& b) {
  std::vector<PlanarSegment> out;
  for (const IsbSegment& s : isb_segments(b)) {
    out.push_back({*s.proximal, *s.distal, s.mass_kg, s.com_fraction, s.inertia_kgm2});
  }
  return out;
}

}  // namespace

TEST_CASE("newton_euler_3d reproduces the ISB benchmark embedded in 3-D",
          "[dynamics][newton_euler][validation]") {
  // Source: the benchmark's true moments (all.mom), internal, counter-clockwise in (x, y) =
  // +Z in 3-D; and newton_euler_2d on the same data.
  const IsbData b = read_isb();
  const Isb3d isb(b, Eigen::Matrix3d::Identity(), Eigen::Vector3d::Zero());
  const auto chain = views(isb.segs);
  const auto planar = newton_euler_2d(isb_planar_chain(b), b.load, 10000.0);
  // The planar form takes theta'' = D2(theta) (3-point stencil), the 3-D forms alpha = D(omega)
  // (a derivative of a derivative, 5 points) from matrices or quaternions, so their moments
  // differ by sum over the segments up to s of I_k (D(D theta_k) - D2 theta_k): the
  // high-frequency content of the heel-strike impact, which the two stencils filter
  // differently. That explains the difference (up to 1.7 N m) to within 0.02 N m (measured
  // 1e-3 to 9e-3 N m with matrices, 3e-4 to 2e-3 N m with quaternions; the rest is the sine
  // in the discrete omega of a rotation, O((omega h)^3)).
  std::vector<Series> stencil_gap;  // cumulative I_k (D(D theta_k) - D2 theta_k)
  Series acc = Series::Zero(b.n);
  for (const IsbSegment& seg : isb_segments(b)) {
    const Series th = dynamics::detail::unwrapped_angle(*seg.proximal, *seg.distal);
    acc += seg.inertia_kgm2 * (signal::derivative(signal::derivative(th, 10000.0, 1), 10000.0, 1) -
                               signal::derivative(th, 10000.0, 2));
    stencil_gap.push_back(acc);
  }
  for (const Solver& solve : {vector_form, wrench_form}) {
    const auto loads = solve(chain, isb.load, 10000.0, isb.options);
    double sum[3] = {0, 0, 0};
    int count = 0;
    for (Eigen::Index f = 0; f < b.n; ++f) {
      if (b.load.force_n(f, 1) <= 0.0) continue;
      ++count;
      for (int j = 0; j < 3; ++j) {
        const double e = loads[static_cast<std::size_t>(2 - j)].moment_nm(f, 2) - b.moments(f, j);
        sum[j] += e * e;
      }
    }
    REQUIRE(count > 1000);
    const double rms_hip = std::sqrt(sum[0] / count), rms_knee = std::sqrt(sum[1] / count),
                 rms_ankle = std::sqrt(sum[2] / count);
    INFO("stance RMS hip " << rms_hip << ", knee " << rms_knee << ", ankle " << rms_ankle);
    CHECK(rms_hip <= 0.5);
    CHECK(rms_knee <= 0.5);
    CHECK(rms_ankle <= 0.5);
    for (std::size_t s = 0; s < 3; ++s) {
      // In-plane forces equal the planar recursion's (the same D2 of the same centre of mass);
      // the Z moment differs by the stencil gap above: measured stance RMS 0.02-0.04 N m, at
      // most 1.7 N m, 15 ms after heel strike (row 3146), in the impact transient.
      INFO("segment " << s);
      CHECK(max_diff(loads[s].force_n.leftCols(2), planar[s].force_n) < 1e-6);
      const Series gap = loads[s].moment_nm.col(2) - planar[s].moment_nm;
      CHECK(max_diff(gap, stencil_gap[s]) < 0.02);
      double sq = 0.0;
      for (Eigen::Index f = 0; f < b.n; ++f) {
        if (b.load.force_n(f, 1) > 0.0) sq += gap[f] * gap[f];
      }
      INFO("3-D minus planar moment: stance RMS " << std::sqrt(sq / count) << " N m, max "
                                                  << gap.cwiseAbs().maxCoeff() << " N m");
      CHECK(std::sqrt(sq / count) < 0.1);
      // Out-of-plane components vanish (a planar motion with a principal axis along Z).
      CHECK(max_abs(loads[s].force_n.col(2)) < 1e-9);
      CHECK(max_abs(loads[s].moment_nm.leftCols(2)) < 1e-6);
    }
  }
}

TEST_CASE("newton_euler_3d quasi-static equals newton_euler_2d to round-off on the ISB data",
          "[dynamics][newton_euler][validation]") {
  // Without the inertial terms nothing is differentiated, so the two recursions must agree
  // to round-off (source: newton_euler_2d, Winter 2009 eqs. 5.3-5.5).
  const IsbData b = read_isb();
  const Isb3d isb(b, Eigen::Matrix3d::Identity(), Eigen::Vector3d::Zero());
  NewtonEulerOptions o = isb.options;
  o.inertial = false;
  PlanarOptions po;
  po.inertial = false;
  const auto planar = newton_euler_2d(isb_planar_chain(b), b.load, 10000.0, po);
  for (const Solver& solve : {vector_form, wrench_form}) {
    const auto loads = solve(views(isb.segs), isb.load, 10000.0, o);
    for (std::size_t s = 0; s < 3; ++s) {
      CHECK(max_diff(loads[s].force_n.leftCols(2), planar[s].force_n) < 1e-9);
      CHECK(max_diff(loads[s].moment_nm.col(2), planar[s].moment_nm) < 1e-9);
    }
  }
}

TEST_CASE("newton_euler_3d is equivariant under a rigid motion of the lab",
          "[dynamics][newton_euler][property]") {
  // Moving the lab (points, frames, forces, moments and gravity) by (Q, t) moves the joint
  // loads by Q: Newton-Euler is frame-independent. Source: the unmoved result.
  const IsbData b = read_isb();
  const Eigen::Matrix3d Q =
      Eigen::AngleAxisd(2.1, Eigen::Vector3d(0.3, -1.0, 0.6).normalized()).toRotationMatrix();
  const Eigen::Vector3d t(0.7, -1.3, 2.2);
  const Isb3d plain(b, Eigen::Matrix3d::Identity(), Eigen::Vector3d::Zero());
  const Isb3d moved(b, Q, t);
  for (const Solver& solve : {vector_form, wrench_form}) {
    const auto a = solve(views(plain.segs), plain.load, 10000.0, plain.options);
    const auto m = solve(views(moved.segs), moved.load, 10000.0, moved.options);
    for (std::size_t s = 0; s < 3; ++s) {
      INFO("segment " << s);
      // Round-off in the positions (1e-16 m) is amplified by 1/h^2 = 1e8 in the
      // accelerations: measured within 2e-6 N and 4e-7 N m.
      CHECK(max_diff(Trajectory(m[s].force_n * Q), a[s].force_n) < 1e-5);
      CHECK(max_diff(Trajectory(m[s].moment_nm * Q), a[s].moment_nm) < 1e-5);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Analytic 3-D cases (closed-form rigid-body mechanics), both forms.
// ---------------------------------------------------------------------------------------------

namespace {

constexpr double kRate = 1000.0;
constexpr Eigen::Index kFrames = 200;

Eigen::Matrix3d tensor(double xx, double yy, double zz, double xy, double xz, double yz) {
  Eigen::Matrix3d I;
  I << xx, xy, xz, xy, yy, yz, xz, yz, zz;
  return I;
}

/// One segment held still: rotation R0, origin o, joint at origin + R0 joint_local.
OwnedSegment still_segment(const Eigen::Matrix3d& R0, const Eigen::Vector3d& o,
                           const Eigen::Vector3d& joint_local, const SegmentInertia& in) {
  OwnedSegment s(kFrames);
  for (Eigen::Index f = 0; f < kFrames; ++f) {
    set_rotation(s.R, f, R0);
    s.origin.row(f) = o.transpose();
    s.joint.row(f) = (o + R0 * joint_local).transpose();
  }
  s.inertia = in;
  return s;
}

}  // namespace

TEST_CASE("newton_euler_3d: a segment hanging still carries its weight times the lever arm",
          "[dynamics][newton_euler]") {
  // Statics: F = -m g, M = (c - P) x (-m g); with g = -g0 Z the moment is the weight times the
  // horizontal lever arm: M = (dy W, -dx W, 0), d = c - P, W = m g0.
  const Eigen::Matrix3d R0 = rotation_exp(Eigen::Vector3d(0.4, -0.2, 0.9));
  const SegmentInertia in{4.0, Eigen::Vector3d(0.02, -0.18, 0.01),
                          tensor(0.05, 0.01, 0.05, 0.002, 0.0, -0.001)};
  const OwnedSegment seg = still_segment(R0, Eigen::Vector3d(0.3, 0.1, 0.9),
                                         Eigen::Vector3d(0.0, 0.05, 0.0), in);
  const Eigen::Vector3d d = R0 * (in.com_m - Eigen::Vector3d(0.0, 0.05, 0.0));
  const double W = 4.0 * 9.81;
  for (const Solver& solve : {vector_form, wrench_form}) {
    const auto j = solve({seg.view()}, ExternalLoad::zero(kFrames), kRate, {});
    // Round-off: the one-sided D2 at the end frames (2c - 5c + 4c - c) is 1e-16 m off zero,
    // times 1/h^2 = 1e6.
    for (Eigen::Index f = 0; f < kFrames; f += 37) {
      CHECK_THAT(j[0].force_n(f, 0), WithinAbs(0.0, 1e-7));
      CHECK_THAT(j[0].force_n(f, 1), WithinAbs(0.0, 1e-7));
      CHECK_THAT(j[0].force_n(f, 2), WithinAbs(W, 1e-7));
      CHECK_THAT(j[0].moment_nm(f, 0), WithinAbs(d.y() * W, 1e-7));
      CHECK_THAT(j[0].moment_nm(f, 1), WithinAbs(-d.x() * W, 1e-7));
      CHECK_THAT(j[0].moment_nm(f, 2), WithinAbs(0.0, 1e-7));
    }
  }
}

TEST_CASE("newton_euler_3d: a foot standing still balances the ground reaction and its weight",
          "[dynamics][newton_euler]") {
  // Statics about the ankle P: M + (cop - P) x F_grf + (c - P) x m g + M_free = 0, with a
  // vertical F_grf = W_grf Z: M = (-(cop_y - P_y) W_grf + d_y m g0,
  //                                 (cop_x - P_x) W_grf - d_x m g0, -M_free_z).
  const SegmentInertia in{1.2, Eigen::Vector3d(0.07, -0.03, 0.0),
                          tensor(0.001, 0.004, 0.004, 0.0003, 0.0, 0.0)};
  const Eigen::Matrix3d R0 = rotation_exp(Eigen::Vector3d(-1.4, 0.1, 0.05));
  const OwnedSegment foot =
      still_segment(R0, Eigen::Vector3d(0.2, -0.1, 0.08), Eigen::Vector3d::Zero(), in);
  const Eigen::Vector3d P(0.2, -0.1, 0.08), cop(0.31, -0.08, 0.0);
  const Eigen::Vector3d d = R0 * in.com_m;
  const double W_grf = 650.0, mg = 1.2 * 9.81, M_free = 2.5;
  ExternalLoad load = ExternalLoad::zero(kFrames);
  load.force_n.col(2).setConstant(W_grf);
  load.point_m.rowwise() = cop.transpose();
  load.moment_nm.col(2).setConstant(M_free);
  for (const Solver& solve : {vector_form, wrench_form}) {
    const auto j = solve({foot.view()}, load, kRate, {});
    for (Eigen::Index f = 0; f < kFrames; f += 41) {
      CHECK_THAT(j[0].force_n(f, 2), WithinAbs(mg - W_grf, 1e-7));
      CHECK_THAT(j[0].moment_nm(f, 0), WithinAbs(-(cop.y() - P.y()) * W_grf + d.y() * mg, 1e-7));
      CHECK_THAT(j[0].moment_nm(f, 1), WithinAbs((cop.x() - P.x()) * W_grf - d.x() * mg, 1e-7));
      CHECK_THAT(j[0].moment_nm(f, 2), WithinAbs(-M_free, 1e-7));
    }
  }
}

namespace {

/// A segment spinning at constant omega0 (lab) about its fixed origin = joint = centre of mass:
/// R(t) = exp(t [omega0]x) R0.
OwnedSegment spinning_segment(const Eigen::Vector3d& omega0, const Eigen::Matrix3d& R0,
                              const Eigen::Matrix3d& I, double rate = kRate,
                              Eigen::Index n = kFrames) {
  OwnedSegment s(n);
  for (Eigen::Index f = 0; f < n; ++f) {
    set_rotation(s.R, f, rotation_exp(omega0 * (static_cast<double>(f) / rate)) * R0);
    s.origin.row(f) << 0.1, 0.2, 0.3;
  }
  s.joint = s.origin;
  s.inertia = SegmentInertia{2.0, Eigen::Vector3d::Zero(), I};
  return s;
}

}  // namespace

TEST_CASE("newton_euler_3d: spinning at constant omega about a non-principal axis (Euler)",
          "[dynamics][newton_euler]") {
  // Euler's equations in the lab: M = I alpha + omega x (I omega), alpha = 0, I = R I0 R^T.
  // Discretely, the central difference of exp(t W) gives omega sin(h|w|)/(h|w|) (matrices)
  // and omega sin(h|w|/2)/(h|w|/2) (quaternions) at interior frames, exactly; alpha is 0
  // away from the one-sided ends.
  const Eigen::Vector3d omega0(2.0, -3.0, 4.5);
  const Eigen::Matrix3d I0 = tensor(0.05, 0.02, 0.04, 0.004, -0.003, 0.006);
  const Eigen::Matrix3d R0 = rotation_exp(Eigen::Vector3d(0.3, 0.2, -0.5));
  const OwnedSegment seg = spinning_segment(omega0, R0, I0);
  NewtonEulerOptions o;
  o.gravity_mps2 = Eigen::Vector3d(0.0, 0.0, -9.81);
  const double th = omega0.norm() / kRate;
  const double k_matrix = std::sin(th) / th, k_quaternion = std::sin(th / 2) / (th / 2);
  for (const auto& [solve, k] : {std::pair{vector_form, k_matrix}, std::pair{wrench_form, k_quaternion}}) {
    const auto j = solve({seg.view()}, ExternalLoad::zero(kFrames), kRate, o);
    for (Eigen::Index f = 2; f < kFrames - 2; ++f) {
      const Eigen::Matrix3d R = rotation_exp(omega0 * (static_cast<double>(f) / kRate)) * R0;
      const Eigen::Matrix3d I = R * I0 * R.transpose();
      const Eigen::Vector3d w = k * omega0;
      const Eigen::Vector3d euler_discrete = w.cross(I * w);
      const Eigen::Vector3d euler = omega0.cross(I * omega0);
      REQUIRE(euler.norm() > 0.1);  // non-principal: a real gyroscopic moment
      CHECK((j[0].moment_nm.row(f).transpose() - euler_discrete).norm() < 1e-9);
      // Against the continuous omega: the discretisation error (h|w|)^2 / 3 < 1e-4.
      CHECK((j[0].moment_nm.row(f).transpose() - euler).norm() < 1e-4 * euler.norm());
      CHECK((j[0].force_n.row(f) - Eigen::RowVector3d(0, 0, 2.0 * 9.81)).norm() < 1e-9);
    }
  }
}

TEST_CASE("newton_euler_3d: uniform angular acceleration about a fixed non-principal axis",
          "[dynamics][newton_euler]") {
  // phi(t) = w0 t + a0 t^2 / 2 about u: omega = phi' u, alpha = a0 u; the centre of mass at
  // r = R c from the joint has a = alpha x r + omega x (omega x r). Expected (Newton-Euler
  // about the joint): F = m (a - g), M = I alpha + omega x I omega + r x F. Differences are
  // O(h^2) on frames 2 to n - 3 (at 1 kHz within 1e-4 of the scale; halving h divides them
  // by about 4) and O(h) on the two end frames on each side, where alpha is the one-sided
  // difference of a one-sided omega (at 1 kHz within 1e-3; halving h halves them).
  const Eigen::Vector3d u = Eigen::Vector3d(1.0, 2.0, -0.5).normalized();
  const double w0 = 1.5, a0 = 8.0;
  const Eigen::Matrix3d I0 = tensor(0.06, 0.015, 0.055, -0.004, 0.002, 0.003);
  const Eigen::Vector3d c_local(0.03, -0.2, 0.01);
  const Eigen::Vector3d g(0.0, 0.0, -9.81);
  const auto run = [&](const Solver& solve, double rate) {
    const Eigen::Index n = static_cast<Eigen::Index>(0.2 * rate);
    OwnedSegment s(n);
    for (Eigen::Index f = 0; f < n; ++f) {
      const double t = static_cast<double>(f) / rate;
      set_rotation(s.R, f, rotation_exp((w0 * t + 0.5 * a0 * t * t) * u));
      s.origin.row(f) << 0.0, 0.0, 1.0;
    }
    s.joint = s.origin;
    s.inertia = SegmentInertia{3.0, c_local, I0};
    NewtonEulerOptions o;
    o.gravity_mps2 = g;
    const auto j = solve({s.view()}, ExternalLoad::zero(n), rate, o);
    double err = 0.0, err_ends = 0.0, scale = 0.0;
    for (Eigen::Index f = 0; f < n; ++f) {
      const double t = static_cast<double>(f) / rate;
      const Eigen::Matrix3d R = rotation_exp((w0 * t + 0.5 * a0 * t * t) * u);
      const Eigen::Matrix3d I = R * I0 * R.transpose();
      const Eigen::Vector3d w = (w0 + a0 * t) * u, al = a0 * u, r = R * c_local;
      const Eigen::Vector3d F = 3.0 * (al.cross(r) + w.cross(w.cross(r)) - g);
      const Eigen::Vector3d M = I * al + w.cross(I * w) + r.cross(F);
      const double e = std::max((j[0].force_n.row(f).transpose() - F).norm(),
                                (j[0].moment_nm.row(f).transpose() - M).norm());
      (f >= 2 && f < n - 2 ? err : err_ends) = std::max(f >= 2 && f < n - 2 ? err : err_ends, e);
      scale = std::max({scale, F.norm(), M.norm()});
    }
    return std::pair{err / scale, err_ends / scale};
  };
  for (const Solver& solve : {vector_form, wrench_form}) {
    const auto [e1, ends1] = run(solve, 1000.0);
    const auto [e2, ends2] = run(solve, 2000.0);
    INFO("relative error at 1 kHz " << e1 << " (ends " << ends1 << "), at 2 kHz " << e2
                                    << " (ends " << ends2 << ")");
    CHECK(e1 < 1e-4);
    CHECK(e1 / e2 > 3.5);
    CHECK(e1 / e2 < 4.5);
    CHECK(ends1 < 1e-3);
    CHECK(ends1 / ends2 > 1.8);
    CHECK(ends1 / ends2 < 2.2);
  }
}

TEST_CASE("newton_euler_3d: a free-flying segment needs no joint load",
          "[dynamics][newton_euler]") {
  // Projectile motion with a torque-free spin about a principal axis (Goldstein ch. 5): the
  // centre of mass falls with a = g (a parabola, which D2 differentiates exactly) and the
  // spin is steady, so F = m (a - g) = 0 and M = 0 about any point, here a joint 0.25 m away.
  const Eigen::Matrix3d I0 = Eigen::Vector3d(0.04, 0.01, 0.05).asDiagonal();
  const Eigen::Matrix3d R0 = rotation_exp(Eigen::Vector3d(0.7, -0.4, 0.2));
  const Eigen::Vector3d omega0 = R0 * Eigen::Vector3d(0.0, 6.0, 0.0);  // body Y: principal
  const Eigen::Vector3d g(0.0, 0.0, -9.81), v0(2.0, 0.5, 3.0);
  OwnedSegment s(kFrames);
  for (Eigen::Index f = 0; f < kFrames; ++f) {
    const double t = static_cast<double>(f) / kRate;
    const Eigen::Matrix3d R = rotation_exp(omega0 * t) * R0;
    set_rotation(s.R, f, R);
    s.origin.row(f) = (v0 * t + 0.5 * g * t * t).transpose();
    s.joint.row(f) = (s.origin.row(f).transpose() + R * Eigen::Vector3d(0.0, 0.25, 0.0)).transpose();
  }
  s.inertia = SegmentInertia{2.5, Eigen::Vector3d::Zero(), I0};
  NewtonEulerOptions o;
  o.gravity_mps2 = g;
  for (const Solver& solve : {vector_form, wrench_form}) {
    const auto j = solve({s.view()}, ExternalLoad::zero(kFrames), kRate, o);
    CHECK(max_abs(j[0].force_n) < 1e-7);
    // Interior frames: the one-sided stencils at the ends see a changing |omega| estimate.
    CHECK(max_abs(j[0].moment_nm.middleRows(2, kFrames - 4)) < 1e-8);
  }
}

TEST_CASE("newton_euler_3d: joint loads of a segment with no external load are m(a - g) etc.",
          "[dynamics][newton_euler]") {
  // A cubic centre-of-mass path (exact under D2) and a constant spin about a non-principal
  // axis: F = m (a - g), M = omega x I omega + (c - P) x F exactly up to the discrete omega of
  // the constant-rate rotation (see the Euler test).
  const Eigen::Matrix3d I0 = tensor(0.05, 0.02, 0.04, 0.004, -0.003, 0.006);
  const Eigen::Vector3d omega0(-1.0, 2.5, 0.5);
  const Eigen::Vector3d p_local(0.01, 0.2, -0.02);  // the joint in the segment frame
  const Eigen::Vector3d g(0.0, -9.81, 0.0);
  const auto pos = [](double t) {
    return Eigen::Vector3d(1.0 + 0.5 * t - 2.0 * t * t + 3.0 * t * t * t, 0.9 + 0.1 * t * t,
                           -0.2 + 0.3 * t - t * t * t);
  };
  const auto acc = [](double t) { return Eigen::Vector3d(-4.0 + 18.0 * t, 0.2, -6.0 * t); };
  OwnedSegment s(kFrames);
  for (Eigen::Index f = 0; f < kFrames; ++f) {
    const double t = static_cast<double>(f) / kRate;
    const Eigen::Matrix3d R = rotation_exp(omega0 * t);
    set_rotation(s.R, f, R);
    s.origin.row(f) = pos(t).transpose();
    s.joint.row(f) = (pos(t) + R * p_local).transpose();
  }
  s.inertia = SegmentInertia{5.0, Eigen::Vector3d::Zero(), I0};
  NewtonEulerOptions o;
  o.gravity_mps2 = g;
  const double th = omega0.norm() / kRate;
  for (const auto& [solve, k] : {std::pair{vector_form, std::sin(th) / th},
                                 std::pair{wrench_form, std::sin(th / 2) / (th / 2)}}) {
    const auto j = solve({s.view()}, ExternalLoad::zero(kFrames), kRate, o);
    for (Eigen::Index f = 2; f < kFrames - 2; ++f) {
      const double t = static_cast<double>(f) / kRate;
      const Eigen::Matrix3d R = rotation_exp(omega0 * t);
      const Eigen::Matrix3d I = R * I0 * R.transpose();
      const Eigen::Vector3d w = k * omega0;
      const Eigen::Vector3d F = 5.0 * (acc(t) - g);
      const Eigen::Vector3d M = w.cross(I * w) + (-(R * p_local)).cross(F);
      CHECK((j[0].force_n.row(f).transpose() - F).norm() < 1e-6);
      CHECK((j[0].moment_nm.row(f).transpose() - M).norm() < 1e-6);
    }
  }
}

TEST_CASE("newton_euler_3d: constant-velocity translation gives the static loads",
          "[dynamics][newton_euler]") {
  // Galilean invariance: no acceleration, no rotation, so the loads equal those of the same
  // configuration held still (the closed form of the standing-foot test).
  const SegmentInertia in{1.2, Eigen::Vector3d(0.07, -0.03, 0.0),
                          tensor(0.001, 0.004, 0.004, 0.0003, 0.0, 0.0)};
  const Eigen::Matrix3d R0 = rotation_exp(Eigen::Vector3d(-1.4, 0.1, 0.05));
  const Eigen::Vector3d v(1.3, -0.2, 0.05);
  OwnedSegment moving(kFrames);
  ExternalLoad load = ExternalLoad::zero(kFrames);
  for (Eigen::Index f = 0; f < kFrames; ++f) {
    const double t = static_cast<double>(f) / kRate;
    set_rotation(moving.R, f, R0);
    moving.origin.row(f) = (Eigen::Vector3d(0.2, -0.1, 0.08) + v * t).transpose();
    load.point_m.row(f) = (Eigen::Vector3d(0.31, -0.08, 0.0) + v * t).transpose();
  }
  moving.joint = moving.origin;
  moving.inertia = in;
  load.force_n.rowwise() = Eigen::RowVector3d(40.0, -15.0, 650.0);
  load.moment_nm.rowwise() = Eigen::RowVector3d(0.0, 0.0, 2.5);
  const Eigen::Vector3d d = R0 * in.com_m, r(0.11, 0.02, -0.08);  // r = cop - P
  const Eigen::Vector3d Fg(40.0, -15.0, 650.0), mg(0.0, 0.0, -1.2 * 9.81);
  const Eigen::Vector3d F = -mg - Fg;
  const Eigen::Vector3d M = -Eigen::Vector3d(0.0, 0.0, 2.5) - r.cross(Fg) - d.cross(mg);
  for (const Solver& solve : {vector_form, wrench_form}) {
    const auto j = solve({moving.view()}, load, kRate, {});
    for (Eigen::Index f = 0; f < kFrames; ++f) {
      // Round-off of positions up to 0.3 m amplified by 1/h^2 = 1e6 in the acceleration.
      CHECK((j[0].force_n.row(f).transpose() - F).norm() < 1e-7);
      CHECK((j[0].moment_nm.row(f).transpose() - M).norm() < 1e-7);
    }
  }
}

namespace {

/// A smooth random motion of a 3-segment chain with random non-diagonal inertia tensors and a
/// random smooth external load: R_s(t) = exp(sum of sinusoids), origins and joints on smooth
/// curves, the load a smooth force, point and moment. Joint loads of any such input must
/// satisfy Newton-Euler whatever its physical plausibility.
struct RandomChain {
  std::vector<OwnedSegment> segs;
  ExternalLoad load;
  RandomChain(unsigned seed, double rate, double duration_s = 1.0) {
    std::mt19937 gen(seed);
    std::uniform_real_distribution<double> U(-1.0, 1.0);
    const auto n = static_cast<Eigen::Index>(duration_s * rate);
    const auto smooth = [&]() {  // a random smooth 3-vector function of time
      Eigen::Matrix<double, 3, 4> A;
      for (int i = 0; i < 12; ++i) A(i % 3, i / 3) = U(gen);
      const Eigen::Vector3d fr(1.0 + U(gen), 2.0 + U(gen), 3.0 + U(gen));
      return [A, fr](double t) {
        Eigen::Vector3d v;
        for (int k = 0; k < 3; ++k) {
          v[k] = A(k, 0) + A(k, 1) * std::sin(fr[k] * t + A(k, 2)) + 0.3 * A(k, 3) * std::cos(2.3 * fr[k] * t);
        }
        return v;
      };
    };
    for (int s = 0; s < 3; ++s) {
      OwnedSegment seg(n);
      const auto angle = smooth(), origin = smooth(), joint = smooth();
      for (Eigen::Index f = 0; f < n; ++f) {
        const double t = static_cast<double>(f) / rate;
        set_rotation(seg.R, f, rotation_exp(1.5 * angle(t)));
        seg.origin.row(f) = (0.2 * origin(t)).transpose();
        seg.joint.row(f) = (0.2 * joint(t) + Eigen::Vector3d(0, 0, 0.4 * s)).transpose();
      }
      Eigen::Matrix3d A;
      for (int i = 0; i < 9; ++i) A(i / 3, i % 3) = U(gen);
      seg.inertia.mass_kg = 1.0 + 5.0 * (1.0 + U(gen));
      seg.inertia.com_m = 0.1 * Eigen::Vector3d(U(gen), U(gen), U(gen));
      const Eigen::Matrix3d J = 0.01 * (A * A.transpose()) + 0.01 * Eigen::Matrix3d::Identity();
      seg.inertia.inertia_kgm2 = 0.5 * (J + J.transpose());
      segs.push_back(seg);
    }
    load = ExternalLoad::zero(n);
    const auto force = smooth(), point = smooth(), moment = smooth();
    for (Eigen::Index f = 0; f < n; ++f) {
      const double t = static_cast<double>(f) / rate;
      load.force_n.row(f) = (300.0 * force(t)).transpose();
      load.point_m.row(f) = (0.3 * point(t)).transpose();
      load.moment_nm.row(f) = (5.0 * moment(t)).transpose();
    }
  }
};

/// max over joints of max |a - b| / max |b|, force and moment separately, over the frames
/// [skip, n - skip).
double relative_difference(const std::vector<JointLoads>& a, const std::vector<JointLoads>& b,
                           Eigen::Index skip = 0) {
  double r = 0.0;
  for (std::size_t s = 0; s < a.size(); ++s) {
    const Eigen::Index m = b[s].force_n.rows() - 2 * skip;
    r = std::max(r, max_diff(a[s].force_n.middleRows(skip, m), b[s].force_n.middleRows(skip, m)) /
                        max_abs(b[s].force_n));
    r = std::max(r, max_diff(a[s].moment_nm.middleRows(skip, m),
                             b[s].moment_nm.middleRows(skip, m)) /
                        max_abs(b[s].moment_nm));
  }
  return r;
}

/// newton_euler_3d as the lead first wrote it, on segment_motion()'s arrays: the reference for
/// the single-pass rewrite (same equations, Winter 2009 eqs. 5.3-5.4 in 3-D).
std::vector<JointLoads> reference_newton_euler_3d(const std::vector<LimbSegment>& chain,
                                                  const ExternalLoad& load, double rate_hz,
                                                  const NewtonEulerOptions& options) {
  const Eigen::Index n = chain.front().R_lab_segment.rows();
  std::vector<JointLoads> out(chain.size());
  const Eigen::Vector3d g = options.weight ? options.gravity_mps2 : Eigen::Vector3d::Zero();
  for (std::size_t s = 0; s < chain.size(); ++s) {
    const LimbSegment& seg = chain[s];
    const SegmentMotion mo = segment_motion(seg.R_lab_segment, seg.origin_m, seg.inertia.com_m, rate_hz);
    const double m = seg.inertia.mass_kg;
    const Eigen::Matrix3d& I = seg.inertia.inertia_kgm2;
    out[s].force_n.resize(n, 3);
    out[s].moment_nm.resize(n, 3);
    for (Eigen::Index f = 0; f < n; ++f) {
      const Eigen::Vector3d c = mo.com_m.row(f).transpose();
      const Eigen::Vector3d Pd = s == 0 ? Eigen::Vector3d(load.point_m.row(f).transpose())
                                        : Eigen::Vector3d(chain[s - 1].proximal_joint_m.row(f).transpose());
      const Eigen::Vector3d fd = s == 0 ? Eigen::Vector3d(load.force_n.row(f).transpose())
                                        : Eigen::Vector3d(-out[s - 1].force_n.row(f).transpose());
      const Eigen::Vector3d md = s == 0 ? Eigen::Vector3d(load.moment_nm.row(f).transpose())
                                        : Eigen::Vector3d(-out[s - 1].moment_nm.row(f).transpose());
      Eigen::Vector3d F = -m * g - fd;
      Eigen::Vector3d M = -md - (Pd - c).cross(fd);
      if (options.inertial) {
        const Eigen::Matrix3d R = geometry::rotation_at(seg.R_lab_segment, f);
        const Eigen::Vector3d w = R.transpose() * mo.angular_velocity_radps.row(f).transpose();
        const Eigen::Vector3d a = R.transpose() * mo.angular_acceleration_radps2.row(f).transpose();
        F += m * mo.com_acceleration_mps2.row(f).transpose();
        M += R * (I * a + w.cross(I * w));
      }
      M -= (Eigen::Vector3d(seg.proximal_joint_m.row(f).transpose()) - c).cross(F);
      out[s].force_n.row(f) = F.transpose();
      out[s].moment_nm.row(f) = M.transpose();
    }
  }
  return out;
}

}  // namespace

TEST_CASE("newton_euler_3d: the quasi-static option is the ground-reaction lever arm",
          "[dynamics][newton_euler]") {
  // inertial = weight = false: every joint carries F = -F_grf and the internal moment
  // M = -M_free - (cop - P) x F_grf (the lever-arm method, e.g. hip::grf_lever_arm_moment).
  const RandomChain rc(7, 100.0);
  NewtonEulerOptions o;
  o.inertial = false;
  o.weight = false;
  for (const Solver& solve : {vector_form, wrench_form}) {
    const auto j = solve(views(rc.segs), rc.load, 100.0, o);
    for (std::size_t s = 0; s < 3; ++s) {
      for (Eigen::Index f = 0; f < rc.load.force_n.rows(); ++f) {
        const Eigen::Vector3d Fg = rc.load.force_n.row(f).transpose();
        const Eigen::Vector3d r = (rc.load.point_m.row(f) - rc.segs[s].joint.row(f)).transpose();
        const Eigen::Vector3d M = -rc.load.moment_nm.row(f).transpose() - r.cross(Fg);
        CHECK((j[s].force_n.row(f).transpose() + Fg).norm() < 1e-10);
        CHECK((j[s].moment_nm.row(f).transpose() - M).norm() < 1e-10);
      }
    }
  }
}

TEST_CASE("newton_euler_3d single pass equals the recursion on segment_motion's arrays",
          "[dynamics][newton_euler]") {
  // Regression of the speed rewrite: same stencils, same arithmetic (measured bit-identical).
  RandomChain rc(11, 100.0);
  rc.segs[1].R.row(40).setConstant(kNan);
  rc.segs[0].origin.row(70).setConstant(kNan);
  rc.load.force_n.row(90).setConstant(kNan);
  for (bool inertial : {true, false}) {
    NewtonEulerOptions o;
    o.inertial = inertial;
    const auto a = newton_euler_3d(views(rc.segs), rc.load, 100.0, o);
    const auto b = reference_newton_euler_3d(views(rc.segs), rc.load, 100.0, o);
    for (std::size_t s = 0; s < 3; ++s) {
      CHECK_THAT(a[s].force_n, IsNear(b[s].force_n, 0.0));
      CHECK_THAT(a[s].moment_nm, IsNear(b[s].moment_nm, 0.0));
    }
  }
}

TEST_CASE("newton_euler_3d_wrench equals newton_euler_3d: the equations to round-off",
          "[dynamics][newton_euler][wrench]") {
  // On identical kinematics (segment_motion's), the wrench recursion W_i = Phi_i (a - g;
  // alpha) + (0; omega x I omega) + T(d_i) W_{i-1} and the vector recursion are the same
  // equations: asserted to 1e-9 relative, measured about 1e-15.
  for (unsigned seed : {1u, 2u, 3u}) {
    const RandomChain rc(seed, 200.0);
    const auto chain = views(rc.segs);
    std::vector<SegmentMotion> motion;
    std::vector<Quaternions> q;
    for (const auto& seg : chain) {
      motion.push_back(segment_motion(seg.R_lab_segment, seg.origin_m, seg.inertia.com_m, 200.0));
      q.push_back(unit_quaternions(seg.R_lab_segment));
    }
    for (bool inertial : {true, false}) {
      NewtonEulerOptions o;
      o.inertial = inertial;
      const auto w = dynamics::detail::proximal_wrenches(chain, rc.load, motion, q, o);
      const auto v = newton_euler_3d(chain, rc.load, 200.0, o);
      const double rel = relative_difference(w, v);
      INFO("seed " << seed << ", inertial " << inertial << ": relative difference " << rel);
      CHECK(rel < 1e-9);
    }
  }
}

TEST_CASE("newton_euler_3d_wrench equals newton_euler_3d: quaternion vs matrix kinematics",
          "[dynamics][newton_euler][wrench]") {
  // Each form with its own kinematics: differentiating quaternions instead of matrices changes
  // the truncation error of the central differences, not the limit: O(h^2) on frames 2 to
  // n - 3 (each halving of h divides the difference by about 4), O(h) on the two end frames
  // on each side (alpha there is a one-sided difference of a one-sided omega).
  for (unsigned seed : {4u, 5u}) {
    double previous = 0.0, previous_all = 0.0;
    for (double rate : {100.0, 200.0, 400.0}) {
      const RandomChain rc(seed, rate);
      const auto chain = views(rc.segs);
      const auto w = newton_euler_3d_wrench(chain, rc.load, rate);
      const auto v = newton_euler_3d(chain, rc.load, rate);
      const double rel = relative_difference(w, v, 2), rel_all = relative_difference(w, v);
      INFO("seed " << seed << ", " << rate << " Hz: relative difference " << rel
                   << " (frames 2 to n - 3), " << rel_all << " (all frames)");
      CHECK(rel < 0.05 / rate);
      CHECK(rel_all < 0.5 / rate);
      if (previous > 0.0) {
        CHECK(previous / rel > 3.5);
        CHECK(previous / rel < 4.5);
        CHECK(previous_all / rel_all > 1.8);
      }
      previous = rel;
      previous_all = rel_all;
    }
  }
}

TEST_CASE("newton_euler_3d and newton_euler_3d_wrench give NaN on the same frames",
          "[dynamics][newton_euler][wrench][missing]") {
  // docs: a frame whose inputs hold NaN gives NaN; the inertial terms also reach the frames
  // whose stencils read it (force: +-1 frame, moment: +-2 frames); nothing else is touched.
  RandomChain rc(21, 100.0);
  rc.segs[1].R.row(30).setConstant(kNan);      // the shank's frame 30
  rc.segs[2].origin.row(60).setConstant(kNan);  // the thigh's origin at 60
  rc.load.force_n.row(80).setConstant(kNan);    // the ground reaction at 80
  const auto chain = views(rc.segs);
  const auto v = newton_euler_3d(chain, rc.load, 100.0);
  const auto w = newton_euler_3d_wrench(chain, rc.load, 100.0);
  const Eigen::Index n = rc.load.force_n.rows();
  for (std::size_t s = 0; s < 3; ++s) {
    for (Eigen::Index f = 0; f < n; ++f) {
      INFO("segment " << s << ", frame " << f);
      CHECK(std::isnan(v[s].force_n(f, 0)) == std::isnan(w[s].force_n(f, 0)));
      CHECK(std::isnan(v[s].moment_nm(f, 0)) == std::isnan(w[s].moment_nm(f, 0)));
    }
  }
  // The expected pattern, on the thigh (which sees all three gaps).
  const auto nan_at = [&](const Trajectory& x, Eigen::Index f) { return x.row(f).hasNaN(); };
  for (Eigen::Index f = 0; f < n; ++f) {
    const bool force_nan = f == 80 || std::abs(f - 30) <= 1 || std::abs(f - 60) <= 1;
    const bool moment_nan = f == 80 || std::abs(f - 30) <= 2 || std::abs(f - 60) <= 1;
    INFO("frame " << f);
    CHECK(nan_at(v[2].force_n, f) == force_nan);
    CHECK(nan_at(v[2].moment_nm, f) == moment_nan);
  }
}

TEST_CASE("newton_euler_3d and newton_euler_3d_wrench refuse bad inputs, naming them",
          "[dynamics][newton_euler][errors]") {
  const RandomChain rc(3, 100.0);
  for (const Solver& solve : {vector_form, wrench_form}) {
    const auto expect = [&](const std::vector<LimbSegment>& chain, const ExternalLoad& load,
                            double rate, const NewtonEulerOptions& o, const std::string& arg) {
      REQUIRE_THROWS_AS(solve(chain, load, rate, o), InvalidArgument);
      CHECK(thrown_argument([&] { solve(chain, load, rate, o); }) == arg);
    };
    SECTION("empty chain") { expect({}, rc.load, 100.0, {}, "chain"); }
    SECTION("mismatched frames") {
      auto segs = rc.segs;
      segs[1].origin.conservativeResize(segs[1].origin.rows() - 1, 3);
      expect(views(segs), rc.load, 100.0, {}, "chain[1].origin_m");
      segs = rc.segs;
      segs[2].R.conservativeResize(segs[2].R.rows() + 1, 9);
      expect(views(segs), rc.load, 100.0, {}, "chain[2].R_lab_segment");
      ExternalLoad load = rc.load;
      load.point_m.conservativeResize(load.point_m.rows() - 2, 3);
      expect(views(rc.segs), load, 100.0, {}, "load.point_m");
    }
    SECTION("non-positive or missing mass") {
      auto segs = rc.segs;
      segs[0].inertia.mass_kg = 0.0;
      expect(views(segs), rc.load, 100.0, {}, "chain[0].inertia");
      segs[0].inertia.mass_kg = kNan;
      expect(views(segs), rc.load, 100.0, {}, "chain[0].inertia");
    }
    SECTION("asymmetric or negative inertia tensor") {
      auto segs = rc.segs;
      segs[2].inertia.inertia_kgm2(0, 1) += 1e-3;
      expect(views(segs), rc.load, 100.0, {}, "chain[2].inertia");
      segs = rc.segs;
      segs[1].inertia.inertia_kgm2(2, 2) = -0.01;
      expect(views(segs), rc.load, 100.0, {}, "chain[1].inertia");
    }
    SECTION("infinity") {
      auto segs = rc.segs;
      segs[1].joint(5, 2) = kInf;
      expect(views(segs), rc.load, 100.0, {}, "chain[1].proximal_joint_m");
      segs = rc.segs;
      segs[0].R(5, 4) = kInf;
      expect(views(segs), rc.load, 100.0, {}, "chain[0].R_lab_segment");
      segs = rc.segs;
      segs[2].origin(9, 0) = -kInf;
      expect(views(segs), rc.load, 100.0, {}, "chain[2].origin_m");
      ExternalLoad load = rc.load;
      load.moment_nm(3, 1) = kInf;
      expect(views(rc.segs), load, 100.0, {}, "load.moment_nm");
      NewtonEulerOptions o;
      o.gravity_mps2.x() = kInf;
      expect(views(rc.segs), rc.load, 100.0, o, "options.gravity_mps2");
    }
    SECTION("fewer than 4 frames") {
      std::vector<OwnedSegment> segs;
      for (const auto& s : rc.segs) {
        OwnedSegment t(3);
        t.R = s.R.topRows(3);
        t.origin = s.origin.topRows(3);
        t.joint = s.joint.topRows(3);
        t.inertia = s.inertia;
        segs.push_back(t);
      }
      const ExternalLoad load{rc.load.force_n.topRows(3), rc.load.point_m.topRows(3),
                              rc.load.moment_nm.topRows(3)};
      expect(views(segs), load, 100.0, {}, "chain[0].origin_m");
    }
    SECTION("rate") {
      expect(views(rc.segs), rc.load, 0.0, {}, "rate_hz");
      expect(views(rc.segs), rc.load, kNan, {}, "rate_hz");
    }
  }
}

// ---------------------------------------------------------------------------------------------
// segment_motion (and its quaternion counterpart)
// ---------------------------------------------------------------------------------------------

TEST_CASE("segment_motion: omega and alpha of a constant-rate rotation exp(t [w]x) R0",
          "[dynamics][segment_motion]") {
  // Exact discrete values: the central difference of exp(t W) R0 at an interior frame is
  // sin(h|w|)/h [w^]x exp(t W) R0, so omega = w sin(h|w|)/(h|w|) and alpha = 0 (frames 2 to
  // n - 3); at the one-sided ends omega is within (h|w|)^2 of w.
  const Eigen::Vector3d w0(0.8, -2.0, 1.1);
  const OwnedSegment s = spinning_segment(w0, rotation_exp(Eigen::Vector3d(1.0, 0.5, 0.2)),
                                          Eigen::Matrix3d::Identity());
  const SegmentMotion m = segment_motion(s.R, s.origin, Eigen::Vector3d::Zero(), kRate);
  const double th = w0.norm() / kRate;
  for (Eigen::Index f = 0; f < kFrames; ++f) {
    const Eigen::Vector3d w = m.angular_velocity_radps.row(f).transpose();
    if (f > 0 && f < kFrames - 1) {
      CHECK((w - w0 * std::sin(th) / th).norm() < 1e-10);
    } else {
      CHECK((w - w0).norm() < th * th * w0.norm());
    }
    if (f >= 2 && f < kFrames - 2) {
      CHECK(m.angular_acceleration_radps2.row(f).norm() < 1e-7);
    }
  }
  // The quaternion kinematics: omega = w sin(h|w|/2)/(h|w|/2) at interior frames.
  const SegmentMotion q = segment_motion_quaternion(s.R, s.origin, Eigen::Vector3d::Zero(), kRate);
  for (Eigen::Index f = 1; f < kFrames - 1; ++f) {
    CHECK((q.angular_velocity_radps.row(f).transpose() - w0 * std::sin(th / 2) / (th / 2)).norm() <
          1e-10);
  }
}

TEST_CASE("segment_motion: omega and alpha about a time-varying axis",
          "[dynamics][segment_motion]") {
  // R(t) = Rz(psi) Rx(phi): omega = psi' Z + phi' Rz(psi) X, alpha = psi'' Z + phi'' Rz X +
  // psi' phi' Z x Rz X (differentiating the first). Errors O(h^2) on frames 2 to n - 3: at
  // 500 Hz below 2e-4 of the scale, and 4 times smaller at 1 kHz (alpha on the two end frames
  // each side is O(h), see the uniform-acceleration test).
  const auto psi = [](double t) { return 0.8 * std::sin(2.0 * t); };
  const auto dpsi = [](double t) { return 1.6 * std::cos(2.0 * t); };
  const auto ddpsi = [](double t) { return -3.2 * std::sin(2.0 * t); };
  const auto phi = [](double t) { return 0.5 * t + 0.3 * std::cos(3.0 * t); };
  const auto dphi = [](double t) { return 0.5 - 0.9 * std::sin(3.0 * t); };
  const auto ddphi = [](double t) { return -2.7 * std::cos(3.0 * t); };
  const auto errors = [&](double rate, bool quaternion) {
    const auto n = static_cast<Eigen::Index>(2.0 * rate);
    Rotations R(n, 9);
    for (Eigen::Index f = 0; f < n; ++f) {
      const double t = static_cast<double>(f) / rate;
      set_rotation(R, f,
                   Eigen::Matrix3d(Eigen::AngleAxisd(psi(t), Eigen::Vector3d::UnitZ()) *
                                   Eigen::AngleAxisd(phi(t), Eigen::Vector3d::UnitX())));
    }
    const Trajectory o = Trajectory::Zero(n, 3);
    const SegmentMotion m = quaternion ? segment_motion_quaternion(R, o, Eigen::Vector3d::Zero(), rate)
                                       : segment_motion(R, o, Eigen::Vector3d::Zero(), rate);
    double ew = 0, ea = 0;
    for (Eigen::Index f = 2; f < n - 2; ++f) {
      const double t = static_cast<double>(f) / rate;
      const Eigen::Vector3d z = Eigen::Vector3d::UnitZ();
      const Eigen::Vector3d x = Eigen::AngleAxisd(psi(t), z) * Eigen::Vector3d::UnitX();
      const Eigen::Vector3d w = dpsi(t) * z + dphi(t) * x;
      const Eigen::Vector3d a = ddpsi(t) * z + ddphi(t) * x + dphi(t) * dpsi(t) * z.cross(x);
      ew = std::max(ew, (m.angular_velocity_radps.row(f).transpose() - w).norm() / 2.5);
      ea = std::max(ea, (m.angular_acceleration_radps2.row(f).transpose() - a).norm() / 6.0);
    }
    return std::pair{ew, ea};
  };
  for (bool quaternion : {false, true}) {
    const auto [w1, a1] = errors(500.0, quaternion);
    const auto [w2, a2] = errors(1000.0, quaternion);
    INFO((quaternion ? "quaternions" : "matrices") << ": omega " << w1 << " -> " << w2
                                                    << ", alpha " << a1 << " -> " << a2);
    CHECK(w1 < 2e-4);
    CHECK(a1 < 2e-4);
    CHECK(w1 / w2 > 3.5);
    CHECK(w1 / w2 < 4.5);
    CHECK(a1 / a2 > 3.5);
    CHECK(a1 / a2 < 4.5);
  }
}

TEST_CASE("segment_motion: the centre of mass and its acceleration",
          "[dynamics][segment_motion]") {
  // (1) No rotation, a cubic origin path: com = origin + R c, a = origin'' exactly (D2 is
  // exact for cubics). (2) A constant spin w about a fixed origin: a = w x (w x R c), the
  // centripetal acceleration, to O(h^2).
  const Eigen::Index n = 100;
  const double rate = 250.0;
  OwnedSegment s(n);
  const Eigen::Matrix3d R0 = rotation_exp(Eigen::Vector3d(0.2, 0.4, -0.3));
  const Eigen::Vector3d c(0.05, -0.2, 0.03);
  for (Eigen::Index f = 0; f < n; ++f) {
    const double t = static_cast<double>(f) / rate;
    set_rotation(s.R, f, R0);
    s.origin.row(f) << 1.0 + t - t * t * t, 0.5 * t * t, 2.0 - 3.0 * t * t + 0.5 * t * t * t;
  }
  for (const bool quaternion : {false, true}) {
    const SegmentMotion m = quaternion ? segment_motion_quaternion(s.R, s.origin, c, rate)
                                       : segment_motion(s.R, s.origin, c, rate);
    for (Eigen::Index f = 0; f < n; ++f) {
      const double t = static_cast<double>(f) / rate;
      CHECK((m.com_m.row(f) - s.origin.row(f) - (R0 * c).transpose()).norm() < 1e-14);
      CHECK((m.com_acceleration_mps2.row(f) - Eigen::RowVector3d(-6.0 * t, 1.0, -6.0 + 3.0 * t)).norm() <
            1e-8);
    }
  }
  const Eigen::Vector3d w0(3.0, -1.0, 2.0);
  const OwnedSegment spin = spinning_segment(w0, R0, Eigen::Matrix3d::Identity(), rate, n);
  for (const bool quaternion : {false, true}) {
    const SegmentMotion m = quaternion ? segment_motion_quaternion(spin.R, spin.origin, c, rate)
                                       : segment_motion(spin.R, spin.origin, c, rate);
    for (Eigen::Index f = 0; f < n; ++f) {
      const Eigen::Vector3d r =
          Eigen::Matrix3d(geometry::rotation_at(spin.R, f)) * c;
      const Eigen::Vector3d a = w0.cross(w0.cross(r));
      // (h |w|)^2 = 2.2e-4; the one-sided ends have a larger constant.
      CHECK((m.com_acceleration_mps2.row(f).transpose() - a).norm() < 2e-3 * a.norm());
    }
  }
}

TEST_CASE("segment_motion equals central differences of R and of the centre of mass",
          "[dynamics][segment_motion]") {
  // Regression of the speed rewrite (no #frames by 9 dR array): signal::central_difference of
  // R, omega from [omega]x = skew(dR R^T), alpha = D omega, a = D2(origin + R c).
  const RandomChain rc(5, 100.0);
  OwnedSegment s = rc.segs[1];
  s.R.row(20).setConstant(kNan);
  const Eigen::Vector3d c(0.02, -0.15, 0.01);
  const SegmentMotion m = segment_motion(s.R, s.origin, c, 100.0);
  const Eigen::Index n = s.R.rows();
  const Channels dR = signal::central_difference(ChannelsCRef(s.R), 100.0, 1);
  Trajectory w(n, 3), com(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    // The original's expressions and types (row-major maps), so that equality is bitwise.
    const auto R = geometry::rotation_at(s.R, f);
    const Eigen::Matrix3d W = Eigen::Map<const Matrix3r>(dR.row(f).data()) * R.transpose();
    w.row(f) = (0.5 * Eigen::Vector3d(W(2, 1) - W(1, 2), W(0, 2) - W(2, 0), W(1, 0) - W(0, 1)))
                   .transpose();
    com.row(f) = s.origin.row(f) + (R * c).transpose();
  }
  CHECK_THAT(m.com_m, IsNear(com, 0.0));
  CHECK_THAT(m.angular_velocity_radps, IsNear(w, 0.0));
  CHECK_THAT(m.angular_acceleration_radps2, IsNear(signal::derivative(w, 100.0, 1), 0.0));
  CHECK_THAT(m.com_acceleration_mps2, IsNear(signal::derivative(com, 100.0, 2), 0.0));
  Trajectory w2, a2;
  angular_kinematics(s.R, 100.0, w2, a2);
  CHECK_THAT(w2, IsNear(w, 0.0));
  CHECK_THAT(a2, IsNear(m.angular_acceleration_radps2, 0.0));
}

TEST_CASE("segment_motion: a missing frame makes only its neighbours missing",
          "[dynamics][segment_motion][missing]") {
  // docs/conventions: NaN in, NaN out for that frame, plus the frames whose stencils read it.
  const RandomChain rc(9, 100.0);
  const Eigen::Index n = rc.segs[0].R.rows(), k = 40, j = 70;
  OwnedSegment s = rc.segs[0];
  s.R.row(k).setConstant(kNan);
  s.origin.row(j).setConstant(kNan);
  const Eigen::Vector3d c(0.02, -0.15, 0.01);
  for (const bool quaternion : {false, true}) {
    const SegmentMotion m = quaternion ? segment_motion_quaternion(s.R, s.origin, c, 100.0)
                                       : segment_motion(s.R, s.origin, c, 100.0);
    for (Eigen::Index f = 0; f < n; ++f) {
      INFO((quaternion ? "quaternions" : "matrices") << ", frame " << f);
      CHECK(m.com_m.row(f).hasNaN() == (f == k || f == j));
      CHECK(m.com_acceleration_mps2.row(f).hasNaN() ==
            (std::abs(f - k) <= 1 || std::abs(f - j) <= 1));
      CHECK(m.angular_velocity_radps.row(f).hasNaN() == (std::abs(f - k) <= 1));
      CHECK(m.angular_acceleration_radps2.row(f).hasNaN() == (std::abs(f - k) <= 2));
    }
  }
}

TEST_CASE("segment_motion refuses bad inputs, naming them", "[dynamics][segment_motion][errors]") {
  const RandomChain rc(13, 100.0);
  const OwnedSegment& s = rc.segs[0];
  const Eigen::Vector3d c(0.0, -0.1, 0.02);
  for (const bool quaternion : {false, true}) {
    const auto call = [quaternion](const Rotations& R, const Trajectory& o,
                                   const Eigen::Vector3d& cl, double rate) {
      return quaternion ? segment_motion_quaternion(R, o, cl, rate) : segment_motion(R, o, cl, rate);
    };
    const auto expect = [&](const Rotations& R, const Trajectory& o, const Eigen::Vector3d& cl,
                            double rate, const std::string& arg) {
      REQUIRE_THROWS_AS(call(R, o, cl, rate), InvalidArgument);
      CHECK(thrown_argument([&] { call(R, o, cl, rate); }) == arg);
    };
    SECTION("frame counts differ") {
      expect(s.R, Trajectory(s.origin.topRows(50)), c, 100.0, "origin_m");
    }
    SECTION("fewer than 4 frames") {
      expect(Rotations(s.R.topRows(3)), Trajectory(s.origin.topRows(3)), c, 100.0, "origin_m");
    }
    SECTION("infinity") {
      Rotations R = s.R;
      R(10, 3) = kInf;  // with a non-zero com_local, so the centre of mass is infinite too
      expect(R, s.origin, c, 100.0, "R_lab_segment");
      Trajectory o = s.origin;
      o(12, 1) = kInf;
      expect(s.R, o, c, 100.0, "origin_m");
      expect(s.R, s.origin, Eigen::Vector3d(0.0, kNan, 0.0), 100.0, "com_local_m");
    }
    SECTION("rate") {
      expect(s.R, s.origin, c, 0.0, "rate_hz");
      expect(s.R, s.origin, c, -100.0, "rate_hz");
    }
  }
}

TEST_CASE("unit_quaternions: unit, sign-continuous, the rotation they came from",
          "[dynamics][wrench]") {
  // A rotation through pi and beyond: Eigen's conversion alone flips sign where w changes
  // sign; unit_quaternions keeps consecutive quaternions on the same side (q . q_prev > 0).
  const Eigen::Index n = 400;
  Rotations R(n, 9);
  const Eigen::Vector3d axis = Eigen::Vector3d(0.2, 1.0, -0.4).normalized();
  for (Eigen::Index f = 0; f < n; ++f) {
    set_rotation(R, f, rotation_exp(axis * (0.02 * static_cast<double>(f))));  // to 8 rad
  }
  R.row(100).setConstant(kNan);
  const Quaternions q = unit_quaternions(R);
  for (Eigen::Index f = 0; f < n; ++f) {
    if (f == 100) {
      CHECK(q.row(f).hasNaN());
      continue;
    }
    CHECK_THAT(q.row(f).norm(), WithinAbs(1.0, 1e-15));
    const Eigen::Matrix3d back = dynamics::detail::quaternion_to_rotation(q.row(f).transpose());
    CHECK((back - Eigen::Matrix3d(geometry::rotation_at(R, f))).cwiseAbs().maxCoeff() < 1e-14);
    const Eigen::Index prev = f == 101 ? 99 : f - 1;
    if (f > 0) CHECK(q.row(f).dot(q.row(prev)) > 0.9);
  }
}
