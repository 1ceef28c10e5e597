// Segment frames from marker vectors and lab <-> segment transforms (segment_frames.hpp).
// References: hand-built frames with known axes; Eigen's cross products; rigid-motion
// invariance (moving every marker by one rigid motion moves the frame with it).
#include <cmath>
#include <limits>
#include <random>
#include <string>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include "geometry/geometry_fixtures.hpp"
#include "helpers/eigen_matchers.hpp"
#include "hipmech/geometry.hpp"

using namespace hipmech::geometry;
using hipmech::Trajectory;
using hipmech::testing::as_row;
using hipmech::testing::IsNear;
using hipmech::testing::random_rotation;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();

Trajectory rows(std::initializer_list<Eigen::Vector3d> vs) {
  Trajectory t(static_cast<Eigen::Index>(vs.size()), 3);
  Eigen::Index f = 0;
  for (const auto& v : vs) t.row(f++) = v.transpose();
  return t;
}
}  // namespace

TEST_CASE("frames_from_vectors on a hand-built frame", "[geometry][segment_frames]") {
  // Primary Y along (0, 0, 2) (lab up), secondary X towards (1, 0, 0.5): the X axis is the part
  // of it orthogonal to Y, (1, 0, 0); Z = X x Y = (1,0,0) x (0,0,1) = (0, -1, 0).
  const Trajectory o = rows({{0.1, 0.2, 0.3}});
  const SegmentFrames fr =
      frames_from_vectors(o, rows({{0.0, 0.0, 2.0}}), Axis::Y, rows({{1.0, 0.0, 0.5}}), Axis::X);
  REQUIRE(fr.n_frames() == 1);
  Eigen::Matrix3d expected;
  expected.col(0) << 1.0, 0.0, 0.0;
  expected.col(1) << 0.0, 0.0, 1.0;
  expected.col(2) << 0.0, -1.0, 0.0;
  CHECK_THAT(fr.R_lab_segment.row(0), IsNear(as_row(expected), 1e-15));
  CHECK_THAT(fr.origin, IsNear(o, 0.0));
}

TEST_CASE("frames_from_vectors is right-handed with the stated axes for all 6 axis pairs",
          "[geometry][segment_frames]") {
  std::mt19937 rng(11);
  std::normal_distribution<double> g(0.0, 1.0);
  const Eigen::Index n = 200;
  Trajectory o(n, 3), a(n, 3), b(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    o.row(f) << g(rng), g(rng), g(rng);
    a.row(f) << g(rng), g(rng), g(rng);
    b.row(f) << g(rng), g(rng), g(rng);
  }
  for (int p = 0; p < 3; ++p) {
    for (int q = 0; q < 3; ++q) {
      if (p == q) continue;
      INFO("primary " << p << ", secondary " << q);
      const SegmentFrames fr = frames_from_vectors(o, a, Axis(p), b, Axis(q));
      for (Eigen::Index f = 0; f < n; ++f) {
        const Eigen::Matrix3d R = rotation_at(fr.R_lab_segment, f);
        CHECK_THAT(R.transpose() * R, IsNear(Eigen::Matrix3d::Identity(), 1e-14));
        CHECK_THAT(R.determinant(), Catch::Matchers::WithinAbs(1.0, 1e-14));
        // primary along a, exactly in direction
        CHECK_THAT(R.col(p), IsNear(a.row(f).transpose().normalized(), 1e-14));
        // secondary orthogonal to a, in the plane of a and b, on b's side
        CHECK(R.col(q).dot(b.row(f)) > 0.0);
        CHECK_THAT(R.col(q).dot(a.row(f).transpose().cross(b.row(f).transpose())),
                   Catch::Matchers::WithinAbs(0.0, 1e-13));
      }
    }
  }
}

TEST_CASE("degenerate and NaN frames are NaN, not errors", "[geometry][segment_frames]") {
  const Trajectory o = rows({{0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {kNaN, 0, 0}, {0, 0, 0}, {1, 2, 3}});
  const Trajectory a = rows({{0, 0, 0}, {1, 0, 0}, {0, kNaN, 1}, {0, 1, 0}, {0, 1, 0}, {0, 1, 0}});
  const Trajectory b = rows({{1, 0, 0}, {-2, 0, 0}, {1, 0, 0}, {1, 0, 0}, {0, 0, 0}, {1, 0, 0}});
  // rows: zero primary, parallel (antiparallel) vectors, NaN primary, NaN origin, zero secondary, valid
  const SegmentFrames fr = frames_from_vectors(o, a, Axis::Y, b, Axis::X);
  for (Eigen::Index f = 0; f < 5; ++f) {
    INFO("frame " << f);
    CHECK(fr.R_lab_segment.row(f).array().isNaN().all());
    CHECK(fr.origin.row(f).array().isNaN().all());
  }
  CHECK(!fr.R_lab_segment.row(5).hasNaN());
  CHECK_THAT(fr.origin.row(5), IsNear(o.row(5), 0.0));
  const Trajectory p = to_segment(fr, o);
  CHECK(p.topRows(5).array().isNaN().all());
  CHECK_THAT(p.row(5), IsNear(Eigen::RowVector3d::Zero(), 0.0));
}

TEST_CASE("to_segment and to_lab are inverse; known coordinates", "[geometry][segment_frames]") {
  // Frame: origin (1, 2, 3), axes X = lab Y, Y = lab Z, Z = lab X (a cyclic permutation).
  // The lab point (1, 2, 3) + 0.5 lab Y + 0.25 lab X has segment coordinates (0.5, 0, 0.25).
  const SegmentFrames fr = frames_from_vectors(rows({{1, 2, 3}}), rows({{0, 0, 5}}), Axis::Y,
                                               rows({{0, 1, 0}}), Axis::X);
  const Trajectory p_lab = rows({{1.25, 2.5, 3.0}});
  CHECK_THAT(to_segment(fr, p_lab), IsNear(rows({{0.5, 0.0, 0.25}}), 1e-15));
  std::mt19937 rng(12);
  std::normal_distribution<double> g(0.0, 1.0);
  Trajectory o(100, 3), a(100, 3), b(100, 3), q(100, 3);
  for (Eigen::Index f = 0; f < 100; ++f) {
    o.row(f) << g(rng), g(rng), g(rng);
    a.row(f) << g(rng), g(rng), g(rng);
    b.row(f) << g(rng), g(rng), g(rng);
    q.row(f) << g(rng), g(rng), g(rng);
  }
  const SegmentFrames f2 = frames_from_vectors(o, a, Axis::Z, b, Axis::Y);
  CHECK_THAT(to_lab(f2, to_segment(f2, q)), IsNear(q, 1e-13));
  CHECK_THAT(to_segment(f2, to_lab(f2, q)), IsNear(q, 1e-13));
  // The same through the (origin, R) overloads.
  CHECK_THAT(to_segment(f2.origin, f2.R_lab_segment, q), IsNear(to_segment(f2, q), 0.0));
}

TEST_CASE("a rigid motion of all markers moves frames with it and keeps local coordinates",
          "[geometry][segment_frames]") {
  std::mt19937 rng(13);
  std::normal_distribution<double> g(0.0, 1.0);
  const Eigen::Index n = 100;
  Trajectory m1(n, 3), m2(n, 3), m3(n, 3), m4(n, 3);
  for (Eigen::Index f = 0; f < n; ++f) {
    m1.row(f) << g(rng), g(rng), g(rng);
    m2.row(f) << g(rng), g(rng), g(rng);
    m3.row(f) << g(rng), g(rng), g(rng);
    m4.row(f) << g(rng), g(rng), g(rng);
  }
  const Eigen::Matrix3d Q = random_rotation(rng);
  const Eigen::RowVector3d t(0.3, -1.2, 2.0);
  const auto move = [&](const Trajectory& m) {
    Trajectory r = m * Q.transpose();
    r.rowwise() += t;
    return r;
  };
  const SegmentFrames before = frames_from_vectors(m1, m2 - m1, Axis::Y, m3 - m1, Axis::Z);
  const SegmentFrames after =
      frames_from_vectors(move(m1), move(m2) - move(m1), Axis::Y, move(m3) - move(m1), Axis::Z);
  for (Eigen::Index f = 0; f < n; ++f) {
    CHECK_THAT(Eigen::Matrix3d(rotation_at(after.R_lab_segment, f)),
               IsNear(Q * rotation_at(before.R_lab_segment, f), 1e-13));
  }
  CHECK_THAT(to_segment(after, move(m4)), IsNear(to_segment(before, m4), 1e-12));
}

TEST_CASE("frames_from_vectors and transforms reject bad input", "[geometry][segment_frames]") {
  const Trajectory o = Trajectory::Zero(3, 3);
  const Trajectory v = Trajectory::Ones(3, 3);
  SECTION("primary == secondary") {
    try {
      (void)frames_from_vectors(o, v, Axis::Y, v, Axis::Y);
      FAIL("no exception");
    } catch (const hipmech::InvalidArgument& e) {
      CHECK(e.argument() == "secondary");
    }
  }
  SECTION("different #frames") {
    try {
      (void)frames_from_vectors(o, Trajectory::Ones(2, 3), Axis::Y, v, Axis::X);
      FAIL("no exception");
    } catch (const hipmech::InvalidArgument& e) {
      CHECK(e.argument() == "v_primary");
      CHECK(e.expected() == "3 frames (as 'origin')");
    }
    CHECK_THROWS_AS(frames_from_vectors(o, v, Axis::Y, Trajectory::Ones(4, 3), Axis::X),
                    hipmech::InvalidArgument);
  }
  SECTION("infinity") {
    Trajectory w = v;
    w(1, 1) = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(frames_from_vectors(o, v, Axis::Y, w, Axis::X), hipmech::InvalidArgument);
  }
  SECTION("points with other #frames") {
    const SegmentFrames fr = frames_from_vectors(o, v, Axis::Y, Trajectory::Zero(3, 3).array() + 2 * Eigen::Array<double, 1, 3>(1, 0, 0).replicate(3, 1), Axis::X);
    try {
      (void)to_segment(fr, Trajectory::Zero(5, 3));
      FAIL("no exception");
    } catch (const hipmech::InvalidArgument& e) {
      CHECK(e.argument() == "points_lab");
    }
    CHECK_THROWS_AS(to_lab(fr, Trajectory::Zero(2, 3)), hipmech::InvalidArgument);
    CHECK_THROWS_AS(to_lab(fr.origin, Rotations::Zero(2, 9), Trajectory::Zero(3, 3)),
                    hipmech::InvalidArgument);
  }
}
