// Joint moments in a named frame (include/hipmech/dynamics/moment_frames.hpp) and the joint
// helpers they use (model::parse_joint, model::flexion_sign).
//
// Expected values are built by hand, never from the code's own output:
// - segment frames: the components of a vector on a frame's axes are its dot products with
//   the columns of R_lab_segment (the axes in the lab), written out per axis;
// - JCS (Grood & Suntay 1983, J Biomech Eng 105:136-144): e1 = proximal Z, e3 = distal Y,
//   e2 = e3 x e1 / |e3 x e1|, components = orthogonal projections v.e_k; on aligned frames
//   (e1 = Z, e2 = X, e3 = Y) a moment (x, y, z) reads (z, x, y);
// - clinical signs of docs/conventions.md: a moment about +X (anterior, ISB) on aligned frames
//   is +adduction on the right and -adduction on the left; +Z is +flexion at the hip and the
//   ankle (dorsiflexion) and -flexion at the knee (model::flexion_sign);
// - mirror symmetry: reflecting a right-side configuration through the sagittal plane
//   (S = diag(1, 1, -1), lab Z to the right) gives the left-side one, with segment frames
//   R' = S R S (ISB: Z stays to the right) and the moment, an axial vector, M' = -S M; the
//   clinical components must be equal;
// - normalisation: 100 M / (m g h) = 1 %BW*h for M = m g h / 100 (Moisio et al. 2003).
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <string>

#include <Eigen/Geometry>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/eigen_matchers.hpp"
#include "helpers/thrown.hpp"
#include "hipmech/dynamics/moment_frames.hpp"

using hipmech::test::thrown_argument;
using hipmech::test::thrown_message;

using namespace hipmech;
using namespace hipmech::dynamics;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using geometry::Matrix3r;
using geometry::Rotations;
using hipmech::testing::IsNear;

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kPi = 3.14159265358979323846;

/// A uniformly random rotation (normalised Gaussian quaternion).
Eigen::Matrix3d random_rotation(std::mt19937& rng) {
  std::normal_distribution<double> g(0.0, 1.0);
  Eigen::Quaterniond q(g(rng), g(rng), g(rng), g(rng));
  q.normalize();
  return q.toRotationMatrix();
}

void set_rotation(Rotations& R, Eigen::Index f, const Eigen::Matrix3d& M) {
  Eigen::Map<Matrix3r>(R.row(f).data()) = M;
}

Eigen::Matrix3d get_rotation(const Rotations& R, Eigen::Index f) {
  return Eigen::Map<const Matrix3r>(R.row(f).data());
}

/// n frames of one rotation.
Rotations constant_rotations(Eigen::Index n, const Eigen::Matrix3d& M) {
  Rotations R(n, 9);
  for (Eigen::Index f = 0; f < n; ++f) set_rotation(R, f, M);
  return R;
}

/// n frames of one vector.
Trajectory constant_rows(Eigen::Index n, double x, double y, double z) {
  Trajectory t(n, 3);
  t.rowwise() = Eigen::RowVector3d(x, y, z);
  return t;
}

struct Random {
  Rotations proximal, distal;
  Trajectory moment;
  Random(Eigen::Index n, unsigned seed) : proximal(n, 9), distal(n, 9), moment(n, 3) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(-80.0, 80.0);
    for (Eigen::Index f = 0; f < n; ++f) {
      set_rotation(proximal, f, random_rotation(rng));
      set_rotation(distal, f, random_rotation(rng));
      moment.row(f) << u(rng), u(rng), u(rng);
    }
  }
};

const Rotations kNone(0, 9);

}  // namespace

TEST_CASE("resolve_moment: global returns the lab components unchanged",
          "[dynamics][moment_frames]") {
  const Random r(7, 1u);
  // Source: definition (lab axes); the rotations are not needed and may be empty.
  const Trajectory out = resolve_moment(r.moment, MomentFrame::Global, kNone, kNone);
  CHECK_THAT(out, IsNear(r.moment, 0.0));
}

TEST_CASE("resolve_moment: segment frames are the dot products with the segment axes",
          "[dynamics][moment_frames]") {
  // Source: v on the axes of R = (v.x_axis, v.y_axis, v.z_axis), the axes being R's columns.
  const Eigen::Index n = 25;
  const Random r(n, 2u);
  const Trajectory prox = resolve_moment(r.moment, MomentFrame::Proximal, r.proximal, kNone);
  const Trajectory dist = resolve_moment(r.moment, MomentFrame::Distal, kNone, r.distal);
  for (Eigen::Index f = 0; f < n; ++f) {
    const Eigen::Vector3d v = r.moment.row(f).transpose();
    const Eigen::Matrix3d P = get_rotation(r.proximal, f), D = get_rotation(r.distal, f);
    for (Eigen::Index k = 0; k < 3; ++k) {
      const double p = v.x() * P(0, k) + v.y() * P(1, k) + v.z() * P(2, k);
      const double d = v.x() * D(0, k) + v.y() * D(1, k) + v.z() * D(2, k);
      CHECK_THAT(prox(f, k), WithinAbs(p, 1e-12));
      CHECK_THAT(dist(f, k), WithinAbs(d, 1e-12));
    }
    // A rotation keeps the length of the vector.
    CHECK_THAT(prox.row(f).norm(), WithinRel(v.norm(), 1e-13));
    CHECK_THAT(dist.row(f).norm(), WithinRel(v.norm(), 1e-13));
  }
}

TEST_CASE("resolve_moment: JCS components are projections on e1, e2, e3",
          "[dynamics][moment_frames]") {
  SECTION("aligned frames: e1 = Z, e2 = X, e3 = Y") {
    const Rotations I = constant_rotations(3, Eigen::Matrix3d::Identity());
    const Trajectory out = resolve_moment(constant_rows(3, 1.0, 2.0, 3.0), MomentFrame::Jcs, I, I);
    CHECK_THAT(out, IsNear(constant_rows(3, 3.0, 1.0, 2.0), 0.0));
  }
  SECTION("random frames against hand-built axes") {
    const Eigen::Index n = 40;
    const Random r(n, 3u);
    const Trajectory out = resolve_moment(r.moment, MomentFrame::Jcs, r.proximal, r.distal);
    for (Eigen::Index f = 0; f < n; ++f) {
      const Eigen::Matrix3d P = get_rotation(r.proximal, f), D = get_rotation(r.distal, f);
      const Eigen::Vector3d e1(P(0, 2), P(1, 2), P(2, 2));  // proximal Z
      const Eigen::Vector3d e3(D(0, 1), D(1, 1), D(2, 1));  // distal Y
      // e3 x e1 written out, then normalised.
      Eigen::Vector3d e2(e3.y() * e1.z() - e3.z() * e1.y(), e3.z() * e1.x() - e3.x() * e1.z(),
                         e3.x() * e1.y() - e3.y() * e1.x());
      e2 /= std::sqrt(e2.x() * e2.x() + e2.y() * e2.y() + e2.z() * e2.z());
      const Eigen::Vector3d v = r.moment.row(f).transpose();
      const auto dot = [&](const Eigen::Vector3d& e) {
        return v.x() * e.x() + v.y() * e.y() + v.z() * e.z();
      };
      CHECK_THAT(out(f, 0), WithinAbs(dot(e1), 1e-12));
      CHECK_THAT(out(f, 1), WithinAbs(dot(e2), 1e-12));
      CHECK_THAT(out(f, 2), WithinAbs(dot(e3), 1e-12));
      // The flexion component is the proximal frame's Z component (e1 = proximal Z).
      CHECK_THAT(out(f, 0),
                 WithinAbs(resolve_moment(r.moment.row(f), MomentFrame::Proximal,
                                          r.proximal.row(f), kNone)(0, 2),
                           1e-12));
    }
  }
  SECTION("the floating axis is orthogonal to e1 and e3") {
    // e2 is perpendicular to both, so a moment along e1 x e3 projects onto e2 with its full
    // length (up to sign: e2 = e3 x e1 / |.| = -(e1 x e3) / |.|) and onto e1 and e3 with 0.
    const Eigen::Index n = 20;
    Random r(n, 4u);
    for (Eigen::Index f = 0; f < n; ++f) {
      const Eigen::Vector3d e1 = get_rotation(r.proximal, f).col(2);
      const Eigen::Vector3d e3 = get_rotation(r.distal, f).col(1);
      r.moment.row(f) = 10.0 * e1.cross(e3).normalized().transpose();
    }
    const Trajectory out = resolve_moment(r.moment, MomentFrame::Jcs, r.proximal, r.distal);
    for (Eigen::Index f = 0; f < n; ++f) {
      CHECK_THAT(out(f, 0), WithinAbs(0.0, 1e-12));
      CHECK_THAT(out(f, 1), WithinAbs(-10.0, 1e-12));
      CHECK_THAT(out(f, 2), WithinAbs(0.0, 1e-12));
    }
  }
}

TEST_CASE("resolve_moment: JCS floating axis is NaN at gimbal lock, other frames unaffected",
          "[dynamics][moment_frames]") {
  // Distal Y parallel (frame 1) or antiparallel (frame 2) to proximal Z: e3 x e1 = 0, the
  // floating axis is undefined. e1 and e3 are still defined, so their projections remain.
  const Eigen::Index n = 4;
  Rotations P = constant_rotations(n, Eigen::Matrix3d::Identity());
  Rotations D = constant_rotations(n, Eigen::Matrix3d::Identity());
  // Rotation by +90 deg about X: Y -> Z; by -90 deg: Y -> -Z.
  set_rotation(D, 1, Eigen::AngleAxisd(kPi / 2, Eigen::Vector3d::UnitX()).toRotationMatrix());
  set_rotation(D, 2, Eigen::AngleAxisd(-kPi / 2, Eigen::Vector3d::UnitX()).toRotationMatrix());
  REQUIRE((get_rotation(D, 1).col(1) - Eigen::Vector3d::UnitZ()).norm() < 1e-15);
  REQUIRE((get_rotation(D, 2).col(1) + Eigen::Vector3d::UnitZ()).norm() < 1e-15);
  const Trajectory m = constant_rows(n, 1.0, 2.0, 3.0);
  const Trajectory out = resolve_moment(m, MomentFrame::Jcs, P, D);
  for (Eigen::Index f : {1, 2}) {
    INFO("frame " << f);
    CHECK(std::isnan(out(f, 1)));
    CHECK_THAT(out(f, 0), WithinAbs(3.0, 1e-15));
    CHECK_THAT(out(f, 2), WithinAbs(f == 1 ? 3.0 : -3.0, 1e-15));
  }
  for (Eigen::Index f : {0, 3}) {
    CHECK_THAT(out.row(f), IsNear(Eigen::RowVector3d(3.0, 1.0, 2.0), 0.0));
  }
}

TEST_CASE("resolve_moment: a missing frame stays missing", "[dynamics][moment_frames]") {
  // docs/conventions.md: NaN in a frame's input gives NaN for that frame only.
  const Eigen::Index n = 5;
  Random r(n, 5u);
  r.moment(1, 2) = kNan;
  r.proximal(2, 5) = kNan;  // R(1, 2): on proximal Z = e1
  r.distal(3, 4) = kNan;    // R(1, 1): on distal Y = e3
  const Trajectory jcs = resolve_moment(r.moment, MomentFrame::Jcs, r.proximal, r.distal);
  const Trajectory prox = resolve_moment(r.moment, MomentFrame::Proximal, r.proximal, kNone);
  const Trajectory dist = resolve_moment(r.moment, MomentFrame::Distal, kNone, r.distal);
  CHECK(jcs.row(1).array().isNaN().any());
  CHECK(prox.row(1).array().isNaN().all());
  CHECK(dist.row(1).array().isNaN().all());
  CHECK(prox.row(2).array().isNaN().any());
  CHECK(dist.row(3).array().isNaN().any());
  CHECK(jcs.row(2).array().isNaN().any());
  CHECK(jcs.row(3).array().isNaN().any());
  CHECK(prox.row(3).allFinite());  // the distal frame is not used by Proximal
  CHECK(dist.row(2).allFinite());  // nor the proximal frame by Distal
  for (const Trajectory* t : {&jcs, &prox, &dist}) {
    CHECK(t->row(0).allFinite());
    CHECK(t->row(4).allFinite());
  }
}

TEST_CASE("resolve_moment rejects frame-count mismatches naming the argument",
          "[dynamics][moment_frames]") {
  const Random r(6, 6u);
  const Rotations short_R = r.proximal.topRows(5);
  SECTION("proximal") {
    REQUIRE_THROWS_AS(resolve_moment(r.moment, MomentFrame::Proximal, short_R, r.distal),
                      InvalidArgument);
    CHECK(thrown_argument([&] {
            (void)resolve_moment(r.moment, MomentFrame::Proximal, short_R, r.distal);
          }) == "R_lab_proximal");
    CHECK_THAT(thrown_message([&] {
                 (void)resolve_moment(r.moment, MomentFrame::Jcs, short_R, r.distal);
               }),
               ContainsSubstring("'R_lab_proximal'") && ContainsSubstring("6 frames"));
  }
  SECTION("distal") {
    REQUIRE_THROWS_AS(resolve_moment(r.moment, MomentFrame::Distal, r.proximal, short_R),
                      InvalidArgument);
    CHECK(thrown_argument([&] {
            (void)resolve_moment(r.moment, MomentFrame::Jcs, r.proximal, short_R);
          }) == "R_lab_distal");
  }
  SECTION("the unused frame may have any size") {
    CHECK_NOTHROW(resolve_moment(r.moment, MomentFrame::Proximal, r.proximal, short_R));
    CHECK_NOTHROW(resolve_moment(r.moment, MomentFrame::Distal, short_R, r.distal));
    CHECK_NOTHROW(resolve_moment(r.moment, MomentFrame::Global, short_R, short_R));
  }
}

TEST_CASE("clinical_moments: signs on aligned frames for hip, knee and ankle, both sides",
          "[dynamics][moment_frames]") {
  // docs/conventions.md: +X moment = adduction on the right, abduction on the left; +Z =
  // flexion at hip and ankle (dorsiflexion), extension at the knee; +Y = internal rotation on
  // the right, external on the left. The same on every frame when the segments are aligned.
  const Eigen::Index n = 3;
  const Rotations I = constant_rotations(n, Eigen::Matrix3d::Identity());
  const Trajectory mx = constant_rows(n, 5.0, 0.0, 0.0);
  const Trajectory my = constant_rows(n, 0.0, 3.0, 0.0);
  const Trajectory mz = constant_rows(n, 0.0, 0.0, 2.0);
  for (MomentFrame frame : {MomentFrame::Proximal, MomentFrame::Distal, MomentFrame::Jcs}) {
    for (model::Joint joint : {model::Joint::Hip, model::Joint::Knee, model::Joint::Ankle}) {
      INFO("frame " << to_string(frame) << ", joint " << model::to_string(joint));
      const double flex = joint == model::Joint::Knee ? -2.0 : 2.0;
      for (Side side : {Side::Left, Side::Right}) {
        INFO("side " << to_string(side));
        const double lat = side == Side::Right ? 1.0 : -1.0;
        CHECK_THAT(clinical_moments(mx, I, I, side, joint, frame),
                   IsNear(constant_rows(n, 0.0, 5.0 * lat, 0.0), 0.0));
        CHECK_THAT(clinical_moments(my, I, I, side, joint, frame),
                   IsNear(constant_rows(n, 0.0, 0.0, 3.0 * lat), 0.0));
        CHECK_THAT(clinical_moments(mz, I, I, side, joint, frame),
                   IsNear(constant_rows(n, flex, 0.0, 0.0), 0.0));
      }
    }
  }
}

TEST_CASE("clinical_moments on random frames: axis order and signs", "[dynamics][moment_frames]") {
  // Source: (flexion, adduction, rotation) = (fs * z, lat * x, lat * y) in a segment frame and
  // (fs * e1, lat * e2, lat * e3) in the JCS, from the hand-built projections.
  const Eigen::Index n = 15;
  const Random r(n, 8u);
  for (Side side : {Side::Left, Side::Right}) {
    const double lat = side == Side::Right ? 1.0 : -1.0;
    for (model::Joint joint : {model::Joint::Hip, model::Joint::Knee, model::Joint::Ankle}) {
      const double fs = joint == model::Joint::Knee ? -1.0 : 1.0;
      const Trajectory d = clinical_moments(r.moment, r.proximal, r.distal, side, joint,
                                            MomentFrame::Distal);
      const Trajectory p = clinical_moments(r.moment, r.proximal, r.distal, side, joint,
                                            MomentFrame::Proximal);
      const Trajectory j = clinical_moments(r.moment, r.proximal, r.distal, side, joint,
                                            MomentFrame::Jcs);
      for (Eigen::Index f = 0; f < n; ++f) {
        const Eigen::Vector3d v = r.moment.row(f).transpose();
        const Eigen::Matrix3d P = get_rotation(r.proximal, f), D = get_rotation(r.distal, f);
        CHECK_THAT(d(f, 0), WithinAbs(fs * v.dot(D.col(2)), 1e-12));
        CHECK_THAT(d(f, 1), WithinAbs(lat * v.dot(D.col(0)), 1e-12));
        CHECK_THAT(d(f, 2), WithinAbs(lat * v.dot(D.col(1)), 1e-12));
        CHECK_THAT(p(f, 0), WithinAbs(fs * v.dot(P.col(2)), 1e-12));
        CHECK_THAT(p(f, 1), WithinAbs(lat * v.dot(P.col(0)), 1e-12));
        CHECK_THAT(p(f, 2), WithinAbs(lat * v.dot(P.col(1)), 1e-12));
        const Eigen::Vector3d e1 = P.col(2), e3 = D.col(1);
        const Eigen::Vector3d e2 = e3.cross(e1).normalized();
        CHECK_THAT(j(f, 0), WithinAbs(fs * v.dot(e1), 1e-12));
        CHECK_THAT(j(f, 1), WithinAbs(lat * v.dot(e2), 1e-12));
        CHECK_THAT(j(f, 2), WithinAbs(lat * v.dot(e3), 1e-12));
      }
    }
  }
}

TEST_CASE("clinical_moments: a mirrored left side reads like the right side",
          "[dynamics][moment_frames][property]") {
  // Reflect through the sagittal plane (lab X forward, Y up, Z right): S = diag(1, 1, -1).
  // Frames R' = S R S (ISB keeps Z to the right), moment M' = -S M (axial vector).
  const Eigen::Index n = 30;
  const Random right(n, 9u);
  const Eigen::Matrix3d S = Eigen::Vector3d(1.0, 1.0, -1.0).asDiagonal();
  Rotations P(n, 9), D(n, 9);
  Trajectory M(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    set_rotation(P, f, S * get_rotation(right.proximal, f) * S);
    set_rotation(D, f, S * get_rotation(right.distal, f) * S);
    M.row(f) = (-S * right.moment.row(f).transpose()).transpose();
    REQUIRE_THAT(get_rotation(P, f).determinant(), WithinAbs(1.0, 1e-12));
  }
  for (MomentFrame frame : {MomentFrame::Proximal, MomentFrame::Distal, MomentFrame::Jcs}) {
    for (model::Joint joint : {model::Joint::Hip, model::Joint::Knee, model::Joint::Ankle}) {
      INFO("frame " << to_string(frame) << ", joint " << model::to_string(joint));
      const Trajectory r =
          clinical_moments(right.moment, right.proximal, right.distal, Side::Right, joint, frame);
      const Trajectory l = clinical_moments(M, P, D, Side::Left, joint, frame);
      CHECK_THAT(l, IsNear(r, 1e-11));
      // Not trivially zero.
      CHECK(r.cwiseAbs().maxCoeff() > 1.0);
    }
  }
}

TEST_CASE("clinical_moments rejects the global frame and mismatched frames",
          "[dynamics][moment_frames]") {
  const Random r(4, 10u);
  SECTION("global has no clinical meaning") {
    REQUIRE_THROWS_AS(clinical_moments(r.moment, r.proximal, r.distal, Side::Right,
                                       model::Joint::Hip, MomentFrame::Global),
                      InvalidArgument);
    const auto call = [&] {
      (void)clinical_moments(r.moment, r.proximal, r.distal, Side::Right, model::Joint::Hip,
                             MomentFrame::Global);
    };
    CHECK(thrown_argument(call) == "frame");
    CHECK_THAT(thrown_message(call), ContainsSubstring("'global'"));
  }
  SECTION("frame counts") {
    const Rotations short_R = r.distal.topRows(3);
    REQUIRE_THROWS_AS(clinical_moments(r.moment, r.proximal, short_R, Side::Left,
                                       model::Joint::Knee, MomentFrame::Distal),
                      InvalidArgument);
    CHECK(thrown_argument([&] {
            (void)clinical_moments(r.moment, r.proximal, short_R, Side::Left, model::Joint::Knee,
                                   MomentFrame::Jcs);
          }) == "R_lab_distal");
  }
}

TEST_CASE("parse_moment_frame and to_string", "[dynamics][moment_frames]") {
  CHECK(parse_moment_frame("global") == MomentFrame::Global);
  CHECK(parse_moment_frame("Lab") == MomentFrame::Global);
  CHECK(parse_moment_frame(" PROXIMAL ") == MomentFrame::Proximal);
  CHECK(parse_moment_frame("distal") == MomentFrame::Distal);
  CHECK(parse_moment_frame("JCS") == MomentFrame::Jcs);
  for (MomentFrame f :
       {MomentFrame::Global, MomentFrame::Proximal, MomentFrame::Distal, MomentFrame::Jcs}) {
    CHECK(parse_moment_frame(to_string(f)) == f);
  }
  SECTION("bad text names the argument") {
    REQUIRE_THROWS_AS(parse_moment_frame("pelvis"), InvalidArgument);
    CHECK(thrown_argument([] { (void)parse_moment_frame("pelvis"); }) == "frame");
    CHECK(thrown_argument([] { (void)parse_moment_frame("", "moment_frame"); }) ==
          "moment_frame");
    CHECK_THAT(thrown_message([] { (void)parse_moment_frame("pelvis"); }),
               ContainsSubstring("'pelvis'") && ContainsSubstring("'jcs'"));
  }
}

TEST_CASE("moment_per_kg and moment_percent_bw_height", "[dynamics][moment_frames]") {
  // Source: M / m; 100 M / (m g h), with M = m g h / 100 giving exactly 1 %BW*h.
  const double m = 85.0, h = 1.7, g = 9.81;
  Trajectory M(2, 3);
  M << m * g * h / 100.0, 0.0, m, -2.0 * m, 42.5, kNan;
  const Trajectory per_kg = moment_per_kg(M, m);
  CHECK_THAT(per_kg(0, 2), WithinRel(1.0, 1e-15));
  CHECK_THAT(per_kg(1, 0), WithinRel(-2.0, 1e-15));
  CHECK_THAT(per_kg(1, 1), WithinRel(0.5, 1e-15));
  CHECK(std::isnan(per_kg(1, 2)));
  const Trajectory pct = moment_percent_bw_height(M, m, h);
  CHECK_THAT(pct(0, 0), WithinRel(1.0, 1e-14));
  CHECK_THAT(pct(1, 1), WithinRel(100.0 * 42.5 / (m * g * h), 1e-14));
  CHECK(std::isnan(pct(1, 2)));
  // Another gravity: 100 M / (m g h) with g = 9.80665.
  CHECK_THAT(moment_percent_bw_height(M, m, h, 9.80665)(0, 0), WithinRel(g / 9.80665, 1e-14));
  // Works on any Eigen expression, keeps its shape.
  const Eigen::Vector2d col = moment_per_kg(Eigen::Vector2d(85.0, 170.0), 85.0);
  CHECK_THAT(col[1], WithinRel(2.0, 1e-15));

  SECTION("bad inputs name the argument") {
    for (double bad : {0.0, -85.0, kNan, kInf}) {
      INFO("value " << bad);
      REQUIRE_THROWS_AS(moment_per_kg(M, bad), InvalidArgument);
      CHECK(thrown_argument([&] { (void)moment_per_kg(M, bad); }) == "body_mass_kg");
      CHECK(thrown_argument([&] { (void)moment_percent_bw_height(M, bad, h); }) ==
            "body_mass_kg");
      REQUIRE_THROWS_AS(moment_percent_bw_height(M, m, bad), InvalidArgument);
      CHECK(thrown_argument([&] { (void)moment_percent_bw_height(M, m, bad); }) == "height_m");
      CHECK(thrown_argument([&] { (void)moment_percent_bw_height(M, m, h, bad); }) == "g_mps2");
    }
    CHECK_THAT(thrown_message([&] { (void)moment_per_kg(M, -1.0); }),
               ContainsSubstring("'body_mass_kg'") && ContainsSubstring("kg"));
  }
}

TEST_CASE("model::parse_joint and flexion_sign", "[dynamics][moment_frames]") {
  CHECK(model::parse_joint("hip") == model::Joint::Hip);
  CHECK(model::parse_joint(" Knee") == model::Joint::Knee);
  CHECK(model::parse_joint("ANKLE") == model::Joint::Ankle);
  for (model::Joint j : {model::Joint::Hip, model::Joint::Knee, model::Joint::Ankle}) {
    CHECK(model::parse_joint(model::to_string(j)) == j);
  }
  // docs/conventions.md: hip flexion and ankle dorsiflexion about +e1, knee flexion about -e1.
  STATIC_REQUIRE(model::flexion_sign(model::Joint::Hip) == 1.0);
  STATIC_REQUIRE(model::flexion_sign(model::Joint::Knee) == -1.0);
  STATIC_REQUIRE(model::flexion_sign(model::Joint::Ankle) == 1.0);
  SECTION("bad text names the argument") {
    REQUIRE_THROWS_AS(model::parse_joint("elbow"), InvalidArgument);
    CHECK(thrown_argument([] { (void)model::parse_joint("elbow"); }) == "joint");
    CHECK(thrown_argument([] { (void)model::parse_joint("", "which"); }) == "which");
    CHECK_THAT(thrown_message([] { (void)model::parse_joint("elbow"); }),
               ContainsSubstring("'elbow'") && ContainsSubstring("'knee'"));
  }
}
