// Single-leg squat (include/hipmech/clinic/single_leg_squat.hpp).
//
// Expected values come from the definitions, on synthetic squats built with a known answer: five
// half-cosine descents of known depth and deepest frame after 1 s of standing, a knee placed
// medial to the hip-ankle line so that the FPPA is a known angle (thigh and shank of equal
// length: FPPA = 2 atan(medial offset / half the hip-ankle distance)), a pelvis whose free side
// is lowered by a known angle; as signals, as 2-D keypoints (camera in front, y down) and as 3-D
// joint centres in a Z-up lab. Acceptance: the 0.5 deg and one frame.
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <Eigen/Geometry>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/thrown.hpp"
#include "hipmech/clinic/single_leg_squat.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using hipmech::LabAxes;
using hipmech::Points2;
using hipmech::Series;
using hipmech::Side;
using hipmech::Trajectory;
using hipmech::clinic::FlagState;
using hipmech::clinic::single_leg_squat;
using hipmech::clinic::SquatOptions;
using hipmech::clinic::SquatSignals;
using hipmech::test::thrown_argument;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = kPi / 180.0;
const double nan_value = std::numeric_limits<double>::quiet_NaN();

/// Five squats at 100 Hz: standing 0..99, then each repetition i descends over 100 frames from
/// 100 + 300 i, deepest at frame 200 + 300 i, back at 300 + 300 i, 100 frames standing between.
/// depth_i = 0.20 + 0.02 i leg lengths, peak FPPA 10, 12, 14, 11, 13 deg, drop 2, 3, 4, 3, 2 deg.
struct Truth {
  static constexpr Eigen::Index n = 1600;
  std::vector<double> depth{0.20, 0.22, 0.24, 0.26, 0.28};
  std::vector<double> fppa{10, 12, 14, 11, 13};
  std::vector<double> drop{2, 3, 4, 3, 2};
  Series bump_of(Eigen::Index f, const std::vector<double>& v) const {
    Series out(1);
    out[0] = 0.0;
    for (std::size_t i = 0; i < 5; ++i) {
      const auto c = static_cast<Eigen::Index>(200 + 300 * i);
      if (std::abs(f - c) < 100) {
        out[0] = v[i] * 0.5 * (1.0 + std::cos(kPi * static_cast<double>(f - c) / 100.0));
      }
    }
    return out;
  }
  double depth_at(Eigen::Index f) const { return bump_of(f, depth)[0]; }
  double fppa_at(Eigen::Index f) const { return bump_of(f, fppa)[0]; }
  double drop_at(Eigen::Index f) const { return bump_of(f, drop)[0]; }
};

SquatSignals signals(const Truth& t) {
  SquatSignals s;
  s.rate_hz = 100.0;
  s.leg_length = 0.85;
  s.hip_height = Series(Truth::n);
  s.fppa_rad = Series(Truth::n);
  s.obliquity_stance_rad = Series(Truth::n);
  for (Eigen::Index f = 0; f < Truth::n; ++f) {
    s.hip_height[f] = 0.95 - 0.85 * t.depth_at(f);
    s.fppa_rad[f] = (3.0 + t.fppa_at(f)) * kDeg;              // 3 deg while standing
    s.obliquity_stance_rad[f] = (1.0 + t.drop_at(f)) * kDeg;  // +1 deg standing offset
  }
  return s;
}

/// The definitions on their own: no low-pass filter.
SquatOptions raw() {
  SquatOptions o;
  o.filter_cutoff_hz = 0.0;
  return o;
}

double sample_sd(const std::vector<double>& v) {
  double m = 0.0;
  for (double x : v) m += x;
  m /= static_cast<double>(v.size());
  double ss = 0.0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

void check_truth(const hipmech::clinic::SquatResult& r, const Truth& t, double tol_deg,
                 double fppa_offset_deg) {
  REQUIRE(r.repetitions.size() == 5);
  for (std::size_t i = 0; i < 5; ++i) {
    const auto& rep = r.repetitions[i];
    CHECK(rep.frames.complete);
    CHECK(std::abs(rep.frames.peak - static_cast<Eigen::Index>(200 + 300 * i)) <= 1);
    CHECK_THAT(rep.depth_leg_lengths, WithinAbs(t.depth[i], 1e-3));
    CHECK_THAT(rep.peak_fppa_deg, WithinAbs(fppa_offset_deg + t.fppa[i], tol_deg));
    CHECK_THAT(rep.peak_pelvic_drop_deg, WithinAbs(t.drop[i], tol_deg));
  }
  CHECK(r.peak_fppa_deg.count == 5);
  CHECK_THAT(r.peak_fppa_deg.mean, WithinAbs(fppa_offset_deg + 12.0, tol_deg));
  CHECK_THAT(r.peak_fppa_deg.sd, WithinAbs(sample_sd(t.fppa), tol_deg));
  CHECK_THAT(r.peak_pelvic_drop_deg.mean, WithinAbs(2.8, tol_deg));
  CHECK_THAT(r.depth_leg_lengths.mean, WithinAbs(0.24, 1e-3));
}

}  // namespace

TEST_CASE("single_leg_squat: repetitions, peaks and summary from the definitions",
          "[clinic][single_leg_squat]") {
  const Truth t;
  const auto r = single_leg_squat(signals(t), Side::Right, raw());
  check_truth(r, t, 1e-9, 3.0);
  // The default 3 Hz low-pass takes little off the peaks of these 2 s repetitions: the
  // zero-lag order-2 Butterworth's gain 1 / (1 + (f / 3 Hz)^4) is 0.9992 at their 0.5 Hz.
  check_truth(single_leg_squat(signals(t), Side::Right), t, 0.05, 3.0);
  CHECK(r.repetitions[0].frames.peak == 200);
  CHECK_THAT(r.repetitions[2].peak_s, WithinAbs(8.0, 1e-12));
  CHECK_THAT(r.peak_fppa_deg.sd, WithinAbs(std::sqrt(2.5), 1e-9));  // SD of 10..14 shuffled
  // 15 deg mean peak FPPA > 13.5: poor (Herrington 2014 controls 8.4 + 5.1).
  CHECK(r.classification == "poor");
  CHECK(r.flags[0].state == FlagState::Flagged);
  CHECK_THAT(r.flags[0].source, ContainsSubstring("Herrington"));
  CHECK(r.flags[1].state == FlagState::NotAssessed);  // no drop cut-off by default
  SquatOptions o = raw();
  o.fppa_cutoff_deg = 20.0;
  o.pelvic_drop_cutoff_deg = 2.5;
  const auto g = single_leg_squat(signals(t), Side::Right, o);
  CHECK(g.classification == "good");
  CHECK(g.flags[1].state == FlagState::Flagged);
}

TEST_CASE("single_leg_squat: missing samples and a cut repetition", "[clinic][single_leg_squat]") {
  const Truth t;
  SquatSignals s = signals(t);
  s.fppa_rad.segment(150, 5).setConstant(nan_value);  // inside repetition 0, not at its peak
  const auto r = single_leg_squat(s, Side::Left, raw());
  REQUIRE(r.repetitions.size() == 5);
  CHECK_THAT(r.repetitions[0].peak_fppa_deg, WithinAbs(13.0, 1e-9));
  bool noted = false;
  for (const auto& n : r.notes) noted = noted || n.find("5 frame(s)") != std::string::npos;
  CHECK(noted);
  // Cut after the deepest frame of the last repetition: kept, incomplete, not summarised.
  SquatSignals cut = signals(t);
  const Eigen::Index m = 1410;
  cut.hip_height.conservativeResize(m);
  cut.fppa_rad.conservativeResize(m);
  cut.obliquity_stance_rad.conservativeResize(m);
  const auto c = single_leg_squat(cut, Side::Right);
  REQUIRE(c.repetitions.size() == 5);
  CHECK_FALSE(c.repetitions[4].frames.complete);
  CHECK(c.peak_fppa_deg.count == 4);
}

TEST_CASE("single_leg_squat: bad input names the argument", "[clinic][single_leg_squat]") {
  const Truth t;
  SquatSignals s = signals(t);
  s.leg_length = 0.0;
  CHECK(thrown_argument([&] { single_leg_squat(s, Side::Right); }) == "leg_length");
  s = signals(t);
  s.fppa_rad = Series::Zero(3);
  CHECK(thrown_argument([&] { single_leg_squat(s, Side::Right); }) == "fppa_rad");
  s = signals(t);
  s.rate_hz = -1.0;
  CHECK(thrown_argument([&] { single_leg_squat(s, Side::Right); }) == "rate_hz");
  SquatOptions o;
  o.min_excursion_leg_lengths = -0.1;
  CHECK(thrown_argument([&] { single_leg_squat(signals(t), Side::Right, o); }) ==
        "min_excursion_leg_lengths");
  o = {};
  o.filter_cutoff_hz = -1.0;
  CHECK(thrown_argument([&] { single_leg_squat(signals(t), Side::Right, o); }) ==
        "filter_cutoff_hz");
  // More than 1 s interpolated would invent the knee's motion (review 3 of issue 23, item E).
  o = {};
  o.max_gap_s = 1.5;
  CHECK(thrown_argument([&] { single_leg_squat(signals(t), Side::Right, o); }) == "max_gap_s");
  o.max_gap_s = 1.0;
  CHECK_NOTHROW(single_leg_squat(signals(t), Side::Right, o));
}

TEST_CASE("single_leg_squat: 2-D keypoints, camera in front", "[clinic][single_leg_squat]") {
  const Truth t;
  const Eigen::Index n = Truth::n;
  hipmech::io::Keypoints2D k;
  k.names = {"left_hip", "right_hip", "right_knee", "right_ankle"};
  for (long f = 0; f < n; ++f) k.frames.push_back(f);
  k.points_px.assign(4, Points2(n, 2));
  k.confidence.assign(4, Series::Ones(n));
  // Right leg squats; camera in front: the subject's right is image -x, medial is +x. Leg
  // 400 px (thigh = shank), hip above the ankle at distance d; knee offset m medially gives
  // FPPA = 2 atan(m / (d / 2)); the left hip is lower by the drop (obliquity of the right side).
  for (Eigen::Index f = 0; f < n; ++f) {
    const double depth_px = 400.0 * t.depth_at(f);
    const double d = 400.0 - depth_px;  // a shorter hip-ankle distance as the knee bends
    const double fppa = (3.0 + t.fppa_at(f)) * kDeg;
    const double medial = 0.5 * d * std::tan(0.5 * fppa);
    const Eigen::RowVector2d ankle(560, 800), hip(560, 800 - d);
    k.points_px[3].row(f) = ankle;
    k.points_px[1].row(f) = hip;
    k.points_px[2].row(f) = Eigen::RowVector2d(560 + medial, 800 - 0.5 * d);
    const double o = (1.0 + t.drop_at(f)) * kDeg;
    k.points_px[0].row(f) = hip + 120.0 * Eigen::RowVector2d(std::cos(o), std::sin(o));
  }
  const SquatSignals s = hipmech::clinic::squat_signals_2d(k, Side::Right, 100.0);
  // The 2-D depth is the mid-hip descent over the leg length (thigh + shank while standing,
  // here longer than d by the knee's offset): check against the definition.
  CHECK(std::abs(s.leg_length - 400.0) < 1.0);
  const auto r = single_leg_squat(s, Side::Right);
  REQUIRE(r.repetitions.size() == 5);
  for (std::size_t i = 0; i < 5; ++i) {
    const auto& rep = r.repetitions[i];
    CHECK(std::abs(rep.frames.peak - static_cast<Eigen::Index>(200 + 300 * i)) <= 1);
    CHECK_THAT(rep.peak_fppa_deg, WithinAbs(3.0 + t.fppa[i], 0.5));
    CHECK_THAT(rep.peak_pelvic_drop_deg, WithinAbs(t.drop[i], 0.5));
  }
  CHECK_THAT(r.peak_fppa_deg.mean, WithinAbs(15.0, 0.5));

  hipmech::io::Keypoints2D bare = k;
  bare.names = {"left_hip", "right_hip", "left_knee", "left_ankle"};
  CHECK(thrown_argument([&] { hipmech::clinic::squat_signals_2d(bare, Side::Right, 100.0); }) ==
        "keypoints");
}

TEST_CASE("single_leg_squat: 3-D joint centres in a Z-up lab", "[clinic][single_leg_squat]") {
  const Truth t;
  const Eigen::Index n = Truth::n;
  // Subject facing -Y of the lab (forward = -Y, up = Z, right = forward x up = -X); left leg
  // squats; medial for the left leg is towards the subject's right.
  const Eigen::Vector3d fwd(0, -1, 0), up(0, 0, 1), right = fwd.cross(up);
  Trajectory hl(n, 3), hr(n, 3), kn(n, 3), an(n, 3);
  hipmech::geometry::Rotations R(n, 9);
  for (Eigen::Index f = 0; f < n; ++f) {
    const double d = 0.80 - 0.80 * t.depth_at(f);
    const double fppa = (2.0 + t.fppa_at(f)) * kDeg;
    const double medial = 0.5 * d * std::tan(0.5 * fppa);
    const Eigen::Vector3d ankle = Eigen::Vector3d(1.0, 2.0, 0.08) - 0.1 * right;
    const Eigen::Vector3d hip = ankle + d * up;
    an.row(f) = ankle.transpose();
    hl.row(f) = hip.transpose();
    kn.row(f) = (ankle + 0.5 * d * up + medial * right).transpose();
    // The pelvis: its right side lower by the drop (obliquity of the left, stance side).
    const double o = (1.0 + t.drop_at(f)) * kDeg;
    const Eigen::Vector3d z = std::cos(o) * right - std::sin(o) * up;
    hr.row(f) = (hip + 0.18 * z).transpose();
    hipmech::geometry::Matrix3r M;
    M.col(0) = fwd;
    M.col(2) = z;
    M.col(1) = z.cross(fwd);
    Eigen::Map<hipmech::geometry::Matrix3r>(R.row(f).data()) = M;
  }
  const SquatSignals s =
      hipmech::clinic::squat_signals_3d(hl, hr, kn, an, R, Side::Left, LabAxes(), 100.0);
  const auto r = single_leg_squat(s, Side::Left);
  REQUIRE(r.repetitions.size() == 5);
  for (std::size_t i = 0; i < 5; ++i) {
    const auto& rep = r.repetitions[i];
    CHECK(std::abs(rep.frames.peak - static_cast<Eigen::Index>(200 + 300 * i)) <= 1);
    CHECK_THAT(rep.peak_fppa_deg, WithinAbs(2.0 + t.fppa[i], 0.5));
    CHECK_THAT(rep.peak_pelvic_drop_deg, WithinAbs(t.drop[i], 0.5));
  }
  CHECK(thrown_argument([&] {
          hipmech::clinic::squat_signals_3d(hl, hr.topRows(5), kn, an, R, Side::Left, LabAxes(),
                                            100.0);
        }) == "hip_right_lab");
}

// ---------------------------------------------------------------------------------------------
// Keypoint jitter, views, late detection (issue 23 review, items 2, 3, 10, 12)
// ---------------------------------------------------------------------------------------------

namespace {

/// Portable Gaussian noise: Box-Muller on std::mt19937_64 (std::normal_distribution is
/// implementation-defined).
struct Gauss {
  std::mt19937_64 g;
  explicit Gauss(unsigned seed) : g(seed) {}
  double operator()(double sd) {
    const double u1 = (static_cast<double>(g() >> 11) + 0.5) * 0x1.0p-53;
    const double u2 = (static_cast<double>(g() >> 11) + 0.5) * 0x1.0p-53;
    return sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * kPi * u2);
  }
};

/// The reviewer's squat video (/tmp/review23/v/sq.py): 16 s at 60 frames/s, right leg, 1 s of
/// standing, then five 2 s repetitions (half-cosine, 1 s apart) with peak FPPA 8, 10, 12, 10,
/// 8 deg (mean 9.6), the hip 400 px above the ankle standing, 300 px at the deepest, the knee
/// placed so that the FPPA is exact (thigh = shank). `facing`: +1 camera in front (the
/// subject's right on the image's left), -1 behind, 0 side view (both hips at one x).
/// turn_cos < 1: the camera turned from the frontal plane by acos(turn_cos) about the vertical
/// (every x offset from 640 times turn_cos): the FPPA then reads 2 atan(turn_cos tan(FPPA / 2)).
hipmech::io::Keypoints2D squat_video(double noise_px, unsigned seed, int facing = 1,
                                     double turn_cos = 1.0) {
  const double rate = 60.0;
  const Eigen::Index n = 960;
  const double f_peak[5] = {8, 10, 12, 10, 8};
  Gauss noise(seed);
  hipmech::io::Keypoints2D k;
  k.names = {"left_hip", "right_hip", "right_knee", "right_ankle"};
  for (long f = 0; f < n; ++f) k.frames.push_back(f);
  k.points_px.assign(4, Points2(n, 2));
  k.confidence.assign(4, Series::Ones(n));
  const double s = facing == 0 ? 1.0 : facing;
  for (Eigen::Index f = 0; f < n; ++f) {
    const double t = static_cast<double>(f) / rate;
    const double phase = std::fmod(std::max(t - 1.0, 0.0), 3.0);
    const int rep = std::min(static_cast<int>(std::max(t - 1.0, 0.0) / 3.0), 4);
    const double q = (t >= 1.0 && t < 16.0 && phase < 2.0) ? 0.5 * (1 - std::cos(kPi * phase)) : 0;
    const double fppa = f_peak[rep] * q * kDeg;
    const double d = 400.0 * (1.0 - 0.25 * q);
    const double x = 640.0 - s * 60.0;
    k.points_px[1].row(f) << x, 800.0 - d;
    k.points_px[0].row(f) << (facing == 0 ? x : x + s * 120.0), 800.0 - d;
    k.points_px[2].row(f) << x + s * 0.5 * d * std::tan(fppa / 2.0), 800.0 - 0.5 * d;
    k.points_px[3].row(f) << x, 800.0;
    for (auto& p : k.points_px) p(f, 0) = 640.0 + (p(f, 0) - 640.0) * turn_cos;
    for (auto& p : k.points_px) p.row(f) += Eigen::RowVector2d(noise(noise_px), noise(noise_px));
  }
  return k;
}

hipmech::clinic::SquatResult score_squat(const hipmech::io::Keypoints2D& k,
                                         hipmech::knee::CameraView view,
                                         const SquatOptions& o = {}) {
  return single_leg_squat(
      hipmech::clinic::squat_signals_2d(k, Side::Right, 60.0, view, o.baseline_s,
                                        o.min_hip_width_leg_lengths),
      Side::Right, o);
}

/// The mean of the video's peak FPPAs (8, 10, 12, 10, 8 deg) seen turned by acos(turn_cos).
double turned_mean_fppa(double turn_cos) {
  double sum = 0.0;
  for (double p : {8.0, 10.0, 12.0, 10.0, 8.0}) {
    sum += 2.0 * std::atan(turn_cos * std::tan(0.5 * p * kDeg)) / kDeg;
  }
  return sum / 5.0;
}

}  // namespace

TEST_CASE("single_leg_squat: 2 px of keypoint jitter does not inflate the peak FPPA",
          "[clinic][single_leg_squat]") {
  using hipmech::knee::CameraView;
  // Truth: mean peak FPPA 9.6 deg. The review found 13.1 deg unfiltered with 2 px of noise;
  // filtered at 3 Hz the 10 seeds give 9.73 to 10.37 (the peak of a noisy signal is biased
  // up by about half the filtered noise's SD, 0.3 to 0.5 deg here): within 1 deg.
  for (unsigned seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    const auto r = score_squat(squat_video(2.0, seed), CameraView::Anterior);
    REQUIRE(r.peak_fppa_deg.count == 5);
    CHECK_THAT(r.peak_fppa_deg.mean, WithinAbs(9.6, 1.0));
    CHECK(r.classification == "good");
    CHECK(r.fppa_noise_deg > 0.0);
  }
  const auto unfiltered = score_squat(squat_video(2.0, 1), CameraView::Anterior, raw());
  CHECK(unfiltered.peak_fppa_deg.mean > 11.0);
  // Noise-free, the filter costs under 0.05 deg of peak.
  CHECK_THAT(score_squat(squat_video(0.0, 1), CameraView::Anterior).peak_fppa_deg.mean,
             WithinAbs(9.6, 0.05));
  // 10 px of jitter: the filtered FPPA noise exceeds 1 deg, the classification is not assessed.
  const auto noisy = score_squat(squat_video(10.0, 1), CameraView::Anterior);
  CHECK(noisy.classification == "not assessed");
  CHECK_THAT(noisy.flags[0].note, ContainsSubstring("too noisy"));
}

TEST_CASE("single_leg_squat: the view is checked against the hips' image order",
          "[clinic][single_leg_squat]") {
  using hipmech::knee::CameraView;
  // Filmed from behind and scored as from behind: the truth; as from in front: refused.
  const auto back = squat_video(0.0, 1, -1);
  CHECK_THAT(score_squat(back, CameraView::Posterior).peak_fppa_deg.mean, WithinAbs(9.6, 0.05));
  CHECK(thrown_argument([&] { score_squat(back, CameraView::Anterior); }) == "view");
  try {
    score_squat(back, CameraView::Anterior);
  } catch (const std::exception& e) {
    CHECK_THAT(std::string(e.what()), ContainsSubstring("'posterior'"));
  }
  CHECK(thrown_argument([&] { score_squat(squat_video(0.0, 1), CameraView::Posterior); }) ==
        "view");
  // A side view (both hips at one image x): not assessed, whatever the view.
  const auto side = score_squat(squat_video(0.5, 1, 0), CameraView::Posterior);
  CHECK(side.classification == "not assessed");
  CHECK(side.repetitions.size() == 5);  // the depth is still measured
  CHECK(std::isnan(side.peak_fppa_deg.mean));
  CHECK_THAT(side.flags[0].note, ContainsSubstring("side"));
}

TEST_CASE("single_leg_squat: late detection, nobody, no squat", "[clinic][single_leg_squat]") {
  using hipmech::knee::CameraView;
  // Nobody in the first 0.5 s: the baseline is the 1 s after.
  hipmech::io::Keypoints2D k = squat_video(0.0, 1);
  for (auto& p : k.points_px) p.topRows(30).setConstant(nan_value);
  const auto r = score_squat(k, CameraView::Anterior);
  CHECK(r.peak_fppa_deg.count == 5);
  CHECK_THAT(r.peak_fppa_deg.mean, WithinAbs(9.6, 0.05));
  for (auto& p : k.points_px) p.setConstant(nan_value);
  try {
    hipmech::clinic::squat_signals_2d(k, Side::Right, 60.0);
    FAIL("no error");
  } catch (const std::exception& e) {
    CHECK_THAT(std::string(e.what()), ContainsSubstring("min_confidence"));
  }
  // Standing still: the note says so, not "a descent of 0.000 leg lengths".
  hipmech::io::Keypoints2D still = squat_video(0.0, 1);
  for (auto& p : still.points_px) p = p.row(0).replicate(p.rows(), 1).eval();
  const auto s = score_squat(still, CameraView::Anterior);
  CHECK(s.repetitions.empty());
  CHECK_THAT(s.notes.back(), ContainsSubstring("did not descend"));
}

TEST_CASE("single_leg_squat: the view check uses the caller's side-view limit",
          "[clinic][single_leg_squat]") {
  using hipmech::knee::CameraView;
  // The review's t/sqv.py: hips 0.075 leg lengths apart (camera turned, cos 0.25), filmed
  // from in front. With min_hip_width_leg_lengths 0.05 the hips count as apart, so the view
  // is checked: 'posterior' is refused naming 'view'; 'anterior' scores the turned FPPA
  // 2 atan(0.25 tan(FPPA / 2)). With the default 0.1 it is a side view, not assessed.
  const auto k = squat_video(0.0, 1, 1, 0.25);
  SquatOptions o;
  o.min_hip_width_leg_lengths = 0.05;
  CHECK(thrown_argument([&] { score_squat(k, CameraView::Posterior, o); }) == "view");
  const auto front = score_squat(k, CameraView::Anterior, o);
  CHECK_THAT(front.hip_width_leg_lengths, WithinAbs(0.075, 1e-6));
  CHECK_THAT(front.peak_fppa_deg.mean, WithinAbs(turned_mean_fppa(0.25), 0.05));
  const auto side = score_squat(k, CameraView::Posterior);
  CHECK(side.classification == "not assessed");
  CHECK_THAT(side.flags[0].note, ContainsSubstring("side"));
  CHECK(thrown_argument([&] {
          hipmech::clinic::squat_signals_2d(k, Side::Right, 60.0, CameraView::Anterior, 1.0, -0.1);
        }) == "min_hip_width_leg_lengths");
}

TEST_CASE("single_leg_squat: a turned camera shrinks the FPPA and is noted",
          "[clinic][single_leg_squat]") {
  using hipmech::knee::CameraView;
  // The review: turned 60 deg (cos 0.5), hips 0.15 leg lengths apart: mean FPPA 4.8 deg
  // instead of 9.6 (2 atan(0.5 tan(FPPA / 2)) per repetition), "good" without a word. Now a
  // note says the FPPA shrinks.
  const auto r = score_squat(squat_video(0.0, 1, 1, 0.5), CameraView::Anterior);
  CHECK_THAT(r.hip_width_leg_lengths, WithinAbs(0.15, 1e-6));
  CHECK_THAT(r.peak_fppa_deg.mean, WithinAbs(turned_mean_fppa(0.5), 0.05));
  bool noted = false;
  for (const auto& n : r.notes) {
    noted = noted || (n.find("turned") != std::string::npos &&
                      n.find("FPPA reads smaller") != std::string::npos);
  }
  CHECK(noted);
  for (const auto& n : score_squat(squat_video(0.0, 1), CameraView::Anterior).notes) {
    CHECK(n.find("turned") == std::string::npos);
  }
}

TEST_CASE("single_leg_squat: short gaps are filled before the filter",
          "[clinic][single_leg_squat]") {
  using hipmech::knee::CameraView;
  // Every other frame missing: each gap is one frame (1/60 s <= 0.2 s) and filled; the deepest
  // frames (and the FPPA peaks) fall on even frames, so the mean peak FPPA is the truth 9.6 deg
  // as without gaps (within 0.05 deg, the filter's cost).
  hipmech::io::Keypoints2D k = squat_video(0.0, 1);
  for (auto& p : k.points_px) {
    for (Eigen::Index f = 1; f < p.rows(); f += 2) p.row(f).setConstant(nan_value);
  }
  const auto r = score_squat(k, CameraView::Anterior);
  REQUIRE(r.peak_fppa_deg.count == 5);
  CHECK_THAT(r.peak_fppa_deg.mean, WithinAbs(9.6, 0.05));
  bool noted = false;
  for (const auto& n : r.notes)
    noted = noted || n.find("were filled (linear)") != std::string::npos;
  CHECK(noted);
  for (const auto& n : r.notes) CHECK(n.find("too short to filter") == std::string::npos);
  SquatOptions none;
  none.max_gap_s = 0.0;
  CHECK(score_squat(k, CameraView::Anterior, none).classification == "not assessed");
}
