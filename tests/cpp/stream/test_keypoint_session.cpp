// Tests of <hipmech/stream/keypoint_session.hpp>: per-frame FPPA and pelvic obliquity equal to
// the offline knee::fppa_2d and pelvis::obliquity_2d frame by frame, missing keypoints, y up,
// the causal filter, bad input and no allocation per push.
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/thrown.hpp"
#include "hipmech/knee/fppa.hpp"
#include "hipmech/pelvis/drop_2d.hpp"
#include "hipmech/stream/keypoint_session.hpp"
#include "stream/allocation_counter.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using namespace hipmech;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A squat-like 2-D recording (pixels, y down) with a nose keypoint that the session ignores:
/// rows nose, left_hip, right_hip, left_knee, right_knee, left_ankle, right_ankle.
struct Keypoints {
  std::vector<std::string> names{"nose",       "left_hip",   "right_hip",  "left_knee",
                                 "right_knee", "left_ankle", "right_ankle"};
  std::vector<Points2> rows;  // one #frames by 2 per name
  Eigen::Index n = 120;
  Keypoints() {
    for (std::size_t k = 0; k < names.size(); ++k) rows.emplace_back(n, 2);
    for (Eigen::Index f = 0; f < n; ++f) {
      const double t = static_cast<double>(f) / 60.0;
      const double drop = 12.0 * std::sin(2.0 * t);
      const double valgus = 15.0 * std::sin(3.0 * t + 0.4);
      rows[0].row(f) << 320.0, 80.0;
      rows[1].row(f) << 380.0, 300.0 + drop;          // left hip (image right, anterior view)
      rows[2].row(f) << 260.0, 300.0 - drop;          // right hip
      rows[3].row(f) << 375.0 - valgus, 420.0;        // left knee
      rows[4].row(f) << 265.0 + 0.5 * valgus, 420.0;  // right knee
      rows[5].row(f) << 378.0, 540.0 + std::cos(t);   // left ankle
      rows[6].row(f) << 262.0, 540.0;                 // right ankle
    }
    rows[3].row(20).setConstant(kNaN);  // left knee missing
    rows[2](50, 1) = kNaN;              // right hip y missing
    rows[6].row(70) = rows[4].row(70);  // right ankle on the knee: degenerate
  }
  std::vector<double> frame(Eigen::Index f) const {
    std::vector<double> out;
    for (const Points2& p : rows) out.insert(out.end(), {p(f, 0), p(f, 1)});
    return out;
  }
};

void same(double session, double batch) {
  if (std::isnan(batch)) {
    CHECK(std::isnan(session));
  } else {
    REQUIRE_THAT(session, WithinAbs(batch, 1e-12));
    CHECK(session == batch);  // the same one-frame code: bit for bit
  }
}

}  // namespace

TEST_CASE("KeypointSession equals obliquity_2d and fppa_2d frame by frame",
          "[stream][keypoint_session]") {
  Keypoints k;
  for (knee::ImageYAxis y : {knee::ImageYAxis::Down, knee::ImageYAxis::Up}) {
    for (knee::CameraView view : {knee::CameraView::Anterior, knee::CameraView::Posterior}) {
      stream::KeypointSessionOptions o;
      o.point_rate_hz = 60.0;
      o.keypoint_names = k.names;
      o.view = view;
      o.y_axis = y;
      o.floor.b_px = Eigen::Vector2d(1.0, 0.05);  // a slightly rolled floor line
      stream::KeypointSession session(o);
      // Offline: obliquity_2d measures with y down; for y up the same points with y negated
      // (and the floor line too).
      const double ys = y == knee::ImageYAxis::Down ? 1.0 : -1.0;
      Points2 lh = k.rows[1], rh = k.rows[2];
      lh.col(1) *= ys;
      rh.col(1) *= ys;
      pelvis::FloorLine floor = o.floor;
      floor.a_px.y() *= ys;
      floor.b_px.y() *= ys;
      const Series obl_l = pelvis::obliquity_2d(lh, rh, Side::Left, floor);
      const Series obl_r = pelvis::obliquity_2d(lh, rh, Side::Right, floor);
      const knee::FppaResult fl =
          knee::fppa_2d(k.rows[1], k.rows[3], k.rows[5], Side::Left, view, y);
      const knee::FppaResult fr =
          knee::fppa_2d(k.rows[2], k.rows[4], k.rows[6], Side::Right, view, y);
      for (Eigen::Index f = 0; f < k.n; ++f) {
        const std::vector<double> buf = k.frame(f);
        const stream::KeypointFrame& out = session.push(buf.data(), buf.size());
        CHECK(out.frame == f);
        same(out.pelvic_obliquity_rad[0], obl_l[f]);
        same(out.pelvic_obliquity_rad[1], obl_r[f]);
        same(out.fppa_rad[0], fl.fppa_rad[f]);
        same(out.fppa_rad[1], fr.fppa_rad[f]);
      }
      CHECK(session.fppa_missing() == fl.missing_frames + fr.missing_frames);
      CHECK(session.fppa_degenerate() == fl.degenerate_frames + fr.degenerate_frames);
      CHECK(session.fppa_degenerate() == 1);
    }
  }
}

TEST_CASE("KeypointSession filters the keypoints causally and allocates nothing per push",
          "[stream][keypoint_session][filter][allocation]") {
  Keypoints k;
  stream::KeypointSessionOptions o;
  o.point_rate_hz = 60.0;
  o.keypoint_names = k.names;
  o.cutoff_hz = 5.0;
  stream::KeypointSession session(o);
  CHECK(session.filter_delay_s() > 0.0);
  // Offline: each keypoint coordinate through its own CausalButterworth (checked against
  // scipy.signal.lfilter in test_causal_filter.cpp), then fppa_2d / obliquity_2d.
  Keypoints f = k;
  for (Points2& p : f.rows) {
    for (Eigen::Index c = 0; c < 2; ++c) {
      stream::CausalButterworth one(1, 60.0, 5.0, 2);
      for (Eigen::Index r = 0; r < p.rows(); ++r) {
        const double x = p(r, c);
        one.step(&x, &p(r, c));
      }
    }
  }
  const Series obl_l = pelvis::obliquity_2d(f.rows[1], f.rows[2], Side::Left);
  const knee::FppaResult fr = knee::fppa_2d(f.rows[2], f.rows[4], f.rows[6], Side::Right);
  std::vector<std::vector<double>> frames;
  for (Eigen::Index r = 0; r < k.n; ++r) frames.push_back(k.frame(r));
  std::vector<stream::KeypointFrame> outputs(frames.size());
  test::count_allocations(true);
  for (std::size_t r = 0; r < frames.size(); ++r) {
    outputs[r] = session.push(frames[r].data(), frames[r].size());
  }
  test::count_allocations(false);
  CHECK(test::allocations() == 0);
  for (Eigen::Index r = 0; r < k.n; ++r) {
    same(outputs[static_cast<std::size_t>(r)].pelvic_obliquity_rad[0], obl_l[r]);
    same(outputs[static_cast<std::size_t>(r)].fppa_rad[1], fr.fppa_rad[r]);
  }
}

TEST_CASE("KeypointSession rejects bad set-up and bad frames, naming the argument",
          "[stream][keypoint_session]") {
  using test::thrown_argument;
  using test::thrown_message;
  Keypoints k;
  stream::KeypointSessionOptions o;
  o.point_rate_hz = 30.0;
  o.keypoint_names = k.names;
  SECTION("set-up") {
    stream::KeypointSessionOptions bad = o;
    bad.point_rate_hz = -1.0;
    CHECK(thrown_argument([&] { stream::KeypointSession s(bad); }) == "point_rate_hz");
    bad = o;
    bad.knee[1] = "RKNE";
    CHECK(thrown_argument([&] { stream::KeypointSession s(bad); }) == "keypoint_names");
    CHECK_THAT(thrown_message([&] { stream::KeypointSession s(bad); }),
               ContainsSubstring("'RKNE'"));
    bad = o;
    bad.keypoint_names.push_back("nose");
    CHECK(thrown_argument([&] { stream::KeypointSession s(bad); }) == "keypoint_names");
    bad = o;
    bad.floor.b_px = bad.floor.a_px;
    CHECK(thrown_argument([&] { stream::KeypointSession s(bad); }) == "floor");
    bad = o;
    bad.cutoff_hz = 15.0;  // Nyquist
    CHECK(thrown_argument([&] { stream::KeypointSession s(bad); }) == "cutoff_hz");
  }
  SECTION("frames") {
    stream::KeypointSession session(o);
    std::vector<double> buf = k.frame(0);
    CHECK(thrown_argument([&] { session.push(buf.data(), 3); }) == "keypoints");
    buf[3] = -std::numeric_limits<double>::infinity();
    CHECK(thrown_argument([&] { session.push(buf.data(), buf.size()); }) == "keypoints");
    buf = k.frame(0);
    session.push(buf.data(), buf.size());  // t = 0
    CHECK(thrown_argument([&] { session.push(buf.data(), buf.size(), 0.0); }) == "time_s");
    session.push(buf.data(), buf.size());  // t = 1/30
    CHECK_THAT(session.last().time_s, WithinAbs(1.0 / 30.0, 1e-15));
    session.close();
    CHECK(thrown_argument([&] { session.push(buf.data(), buf.size()); }) == "session");
  }
  SECTION("moved-from") {
    stream::KeypointSession a(o);
    stream::KeypointSession b(std::move(a));
    const std::vector<double> buf = k.frame(0);
    CHECK(thrown_argument([&] { a.push(buf.data(), buf.size()); }) == "session");  // NOLINT
    CHECK_THAT(thrown_message([&] { a.push(buf.data(), buf.size()); }),            // NOLINT
               ContainsSubstring("moved-from session"));
    CHECK(b.push(buf.data(), buf.size()).frame == 0);
  }
}
