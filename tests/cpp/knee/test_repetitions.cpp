// Repetitions of a depth signal and per-repetition values (include/hipmech/knee/repetitions.hpp).
//
// Expected values: synthetic squats made of raised cosines d(u) = A (1 - cos(2 pi u / T)) / 2,
// u = 0..T-1 frames, separated by pauses at depth 0, whose peak, onset and return frames follow
// from the formula (derivation next to the tests); hand-built repetitions and values with
// hand-computed mean and sample SD for per_repetition.
#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/thrown.hpp"
#include "hipmech/knee/repetitions.hpp"

using hipmech::test::thrown_argument;
using hipmech::test::thrown_message;

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using hipmech::InvalidArgument;
using hipmech::Series;
using hipmech::knee::find_repetitions;
using hipmech::knee::per_repetition;
using hipmech::knee::Repetition;
using hipmech::knee::RepetitionMetric;
using hipmech::knee::RepetitionOptions;
using hipmech::knee::RepetitionSplit;

namespace {

constexpr double kPi = 3.14159265358979323846;
const double nan_value = std::numeric_limits<double>::quiet_NaN();

/// Squats of T = 120 frames each (raised cosines of amplitude amps[k], peak at u = 60) with
/// pauses[k] frames at depth 0 before repetition k and pauses.back() after the last one.
/// starts[k] is the frame where repetition k leaves 0 (u = 0).
///
/// With onset fraction c the descent starts at the last frame before the peak with
/// d <= c A, i.e. cos(2 pi u / T) >= 1 - 2c: u <= T acos(1 - 2c) / (2 pi); the return ends at
/// the mirror frame T - u. For c = 0.05: 120 acos(0.9) / (2 pi) = 8.61, so u = 8 and 112
/// (d(8) = 0.0432 A, d(9) = 0.0545 A: not borderline). For c = 0.2: 120 acos(0.6) / (2 pi) =
/// 17.71, u = 17 and 103. For c = 0: u = 0 and the first pause frame u = T.
struct Squats {
  static constexpr Eigen::Index T = 120;
  Series depth;
  std::vector<Eigen::Index> starts;

  Squats(const std::vector<Eigen::Index>& pauses, const std::vector<double>& amps) {
    Eigen::Index n = 0;
    for (Eigen::Index p : pauses) n += p;
    n += T * static_cast<Eigen::Index>(amps.size());
    depth = Series::Zero(n);
    Eigen::Index f = 0;
    for (std::size_t k = 0; k < amps.size(); ++k) {
      f += pauses[k];
      starts.push_back(f);
      for (Eigen::Index u = 0; u < T; ++u) {
        depth[f + u] = amps[k] * (1.0 - std::cos(2.0 * kPi * static_cast<double>(u) / static_cast<double>(T))) / 2.0;
      }
      f += T;
    }
  }
};

/// Four squats of 1.2 rad (about 69 deg of knee flexion), 740 frames.
Squats four_squats() {
  return Squats({60, 40, 80, 30, 50}, {1.2, 1.2, 1.2, 1.2});
}

/// Uniform noise in [-a, a] from the raw mt19937 stream (whose output the standard fixes,
/// unlike the distributions'), so the signal is the same on every platform.
Series noise(Eigen::Index n, double a, unsigned seed) {
  std::mt19937 rng(seed);
  Series out(n);
  for (Eigen::Index f = 0; f < n; ++f) {
    out[f] = a * (2.0 * static_cast<double>(rng()) / 4294967296.0 - 1.0);
  }
  return out;
}

void check_repetition(const Repetition& r, Eigen::Index begin, Eigen::Index peak, Eigen::Index end,
                      double excursion, bool complete) {
  CHECK(r.begin == begin);
  CHECK(r.peak == peak);
  CHECK(r.end == end);
  CHECK_THAT(r.excursion, WithinAbs(excursion, 1e-12));
  CHECK(r.complete == complete);
  CHECK(r.note.empty() == complete);
}

}  // namespace

TEST_CASE("find_repetitions splits raised-cosine squats", "[knee][repetitions]") {
  const Squats s = four_squats();
  const RepetitionSplit split = find_repetitions(s.depth);
  // Default threshold: half the range, (1.2 - 0) / 2.
  CHECK_THAT(split.min_excursion, WithinAbs(0.6, 1e-15));
  REQUIRE(split.repetitions.size() == 4);
  for (std::size_t k = 0; k < 4; ++k) {
    CAPTURE(k);
    const Eigen::Index t0 = s.starts[k];
    const Repetition& r = split.repetitions[k];
    check_repetition(r, t0 + 8, t0 + 60, t0 + 112, 1.2, true);
    CHECK_THAT(r.depth_at_peak, WithinAbs(1.2, 1e-15));  // d(60) = A (1 - cos pi) / 2 = A
  }
  // A standing offset (knee flexion 5 deg when upright) changes nothing but the depths.
  const RepetitionSplit shifted = find_repetitions(Series(s.depth.array() + 0.09));
  REQUIRE(shifted.repetitions.size() == 4);
  for (std::size_t k = 0; k < 4; ++k) {
    check_repetition(shifted.repetitions[k], s.starts[k] + 8, s.starts[k] + 60, s.starts[k] + 112,
                     1.2, true);
  }
}

TEST_CASE("find_repetitions finds noisy squats", "[knee][repetitions]") {
  // Uneven depths (half range 0.65 <= every excursion) and +-1 % noise of a fixed seed. Near
  // the peak d falls by A pi^2 k^2 / T^2 (7e-4 A k^2) k frames away, so noise of 0.01 A can move
  // the deepest frame by up to about 4 frames; at the onsets the slope is 0.011 A per frame, so
  // the onset frames move by about 1.
  const std::vector<double> amps{1.2, 1.0, 1.3, 1.1};
  Squats s({60, 40, 80, 30, 50}, amps);
  const Series depth = s.depth + noise(s.depth.size(), 0.013, 99);
  const RepetitionSplit split = find_repetitions(depth);
  CHECK_THAT(split.min_excursion,
             WithinAbs((depth.maxCoeff() - depth.minCoeff()) / 2, 1e-15));
  REQUIRE(split.repetitions.size() == 4);
  for (std::size_t k = 0; k < 4; ++k) {
    CAPTURE(k);
    const Eigen::Index t0 = s.starts[k];
    const Repetition& r = split.repetitions[k];
    CHECK(std::abs(r.peak - (t0 + 60)) <= 5);
    CHECK(std::abs(r.begin - (t0 + 8)) <= 3);
    CHECK(std::abs(r.end - (t0 + 112)) <= 3);
    CHECK_THAT(r.excursion, WithinAbs(amps[k], 0.03));
    CHECK(r.depth_at_peak == depth[r.peak]);
    CHECK(r.complete);
  }
}

TEST_CASE("find_repetitions: the threshold and the onset fraction", "[knee][repetitions]") {
  // A shallow squat (0.4) between two deep ones (1.2, 1.0): below the default threshold (half
  // range 0.6) it belongs to no repetition; with min_excursion 0.3 it is one.
  const Squats s({50, 40, 40, 50}, {1.2, 0.4, 1.0});
  const std::vector<Eigen::Index>& t = s.starts;
  SECTION("default: half the range") {
    const RepetitionSplit split = find_repetitions(s.depth);
    CHECK_THAT(split.min_excursion, WithinAbs(0.6, 1e-15));
    REQUIRE(split.repetitions.size() == 2);
    check_repetition(split.repetitions[0], t[0] + 8, t[0] + 60, t[0] + 112, 1.2, true);
    check_repetition(split.repetitions[1], t[2] + 8, t[2] + 60, t[2] + 112, 1.0, true);
  }
  SECTION("a smaller min_excursion") {
    RepetitionOptions o;
    o.min_excursion = 0.3;
    const RepetitionSplit split = find_repetitions(s.depth, o);
    CHECK(split.min_excursion == 0.3);
    REQUIRE(split.repetitions.size() == 3);
    check_repetition(split.repetitions[1], t[1] + 8, t[1] + 60, t[1] + 112, 0.4, true);
  }
  SECTION("a min_excursion larger than any squat") {
    RepetitionOptions o;
    o.min_excursion = 1.25;
    CHECK(find_repetitions(s.depth, o).repetitions.empty());
  }
  SECTION("onset fraction 0.2 and 0") {
    RepetitionOptions o;
    o.onset_fraction = 0.2;
    RepetitionSplit split = find_repetitions(s.depth, o);
    REQUIRE(split.repetitions.size() == 2);
    check_repetition(split.repetitions[0], t[0] + 17, t[0] + 60, t[0] + 103, 1.2, true);
    check_repetition(split.repetitions[1], t[2] + 17, t[2] + 60, t[2] + 103, 1.0, true);
    o.onset_fraction = 0.0;
    split = find_repetitions(s.depth, o);
    REQUIRE(split.repetitions.size() == 2);
    check_repetition(split.repetitions[0], t[0], t[0] + 60, t[0] + 120, 1.2, true);
    check_repetition(split.repetitions[1], t[2], t[2] + 60, t[2] + 120, 1.0, true);
  }
}

TEST_CASE("find_repetitions keeps repetitions cut by the start or the end", "[knee][repetitions]") {
  // The four squats cut from the first peak (t0 + 60) to 10 frames past the last peak, where
  // the depth is still A (1 - cos(2 pi 70 / 120)) / 2 = 0.93 A: the first repetition has no
  // descent, the last no return; both are kept, incomplete, with a note.
  const Squats s = four_squats();
  const Eigen::Index from = s.starts[0] + 60, to = s.starts[3] + 70;
  const Series cut = s.depth.segment(from, to - from + 1);
  const RepetitionSplit split = find_repetitions(cut);
  REQUIRE(split.repetitions.size() == 4);
  const Repetition& first = split.repetitions[0];
  check_repetition(first, 0, 0, 52, 1.2, false);
  CHECK_THAT(first.note, ContainsSubstring("starts") && ContainsSubstring("descent"));
  for (std::size_t k = 1; k < 3; ++k) {
    const Eigen::Index t0 = s.starts[k] - from;
    check_repetition(split.repetitions[k], t0 + 8, t0 + 60, t0 + 112, 1.2, true);
  }
  const Repetition& last = split.repetitions[3];
  const Eigen::Index t3 = s.starts[3] - from;
  check_repetition(last, t3 + 8, t3 + 60, cut.size() - 1, 1.2, false);
  CHECK_THAT(last.note, ContainsSubstring("ends") && ContainsSubstring("return"));
}

TEST_CASE("find_repetitions skips missing samples without splitting", "[knee][repetitions]") {
  // NaN at the start, in a pause, in a descent, next to a peak and in a return: the same four
  // repetitions with the same frames.
  const Squats s = four_squats();
  Series depth = s.depth;
  const std::vector<Eigen::Index>& t = s.starts;
  depth.head(5).setConstant(nan_value);
  depth.segment(t[0] + 100, 6).setConstant(nan_value);
  depth.segment(t[1] + 20, 10).setConstant(nan_value);
  depth.segment(t[2] + 55, 4).setConstant(nan_value);
  depth.segment(t[2] + 125, 20).setConstant(nan_value);
  const RepetitionSplit split = find_repetitions(depth);
  CHECK_THAT(split.min_excursion, WithinAbs(0.6, 1e-15));
  REQUIRE(split.repetitions.size() == 4);
  for (std::size_t k = 0; k < 4; ++k) {
    CAPTURE(k);
    check_repetition(split.repetitions[k], t[k] + 8, t[k] + 60, t[k] + 112, 1.2, true);
  }
}

TEST_CASE("find_repetitions finds nothing in a flat, missing or empty signal", "[knee][repetitions]") {
  const RepetitionSplit flat = find_repetitions(Series::Constant(200, 0.3));
  CHECK(flat.repetitions.empty());
  CHECK(flat.min_excursion == 0.0);
  const RepetitionSplit missing = find_repetitions(Series::Constant(200, nan_value));
  CHECK(missing.repetitions.empty());
  CHECK(std::isnan(missing.min_excursion));
  const RepetitionSplit empty = find_repetitions(Series(0));
  CHECK(empty.repetitions.empty());
  RepetitionOptions o;
  o.min_excursion = 0.1;
  CHECK(find_repetitions(Series(0), o).repetitions.empty());
  CHECK(find_repetitions(Series::Constant(10, nan_value), o).repetitions.empty());
  // A single rise with no return is one incomplete repetition, not nothing.
  Series rise = Series::LinSpaced(50, 0.0, 1.0);
  const RepetitionSplit one = find_repetitions(rise);
  REQUIRE(one.repetitions.size() == 1);
  CHECK(one.repetitions[0].peak == 49);
  CHECK_FALSE(one.repetitions[0].complete);
}

TEST_CASE("find_repetitions rejects bad options naming them", "[knee][repetitions]") {
  const Series depth = four_squats().depth;
  RepetitionOptions o;
  SECTION("min_excursion not positive") {
    for (double bad : {0.0, -0.2, std::numeric_limits<double>::infinity()}) {
      o.min_excursion = bad;
      CAPTURE(bad);
      REQUIRE_THROWS_AS(find_repetitions(depth, o), InvalidArgument);
      CHECK(thrown_argument([&] { (void)find_repetitions(depth, o); }) == "min_excursion");
    }
  }
  SECTION("onset_fraction outside [0, 1)") {
    for (double bad : {-0.01, 1.0, 1.5, nan_value}) {
      o.onset_fraction = bad;
      CAPTURE(bad);
      REQUIRE_THROWS_AS(find_repetitions(depth, o), InvalidArgument);
      CHECK(thrown_argument([&] { (void)find_repetitions(depth, o); }) == "onset_fraction");
    }
  }
  SECTION("infinity in depth") {
    Series bad = depth;
    bad[3] = std::numeric_limits<double>::infinity();
    REQUIRE_THROWS_AS(find_repetitions(bad), InvalidArgument);
    CHECK(thrown_argument([&] { (void)find_repetitions(bad); }) == "depth");
  }
}

TEST_CASE("per_repetition on hand-built repetitions", "[knee][repetitions]") {
  // Frames 0..38. Repetition (begin, peak, end, complete) and the values inside it:
  //   R1 (2, 5, 9, yes):    1 2 3 4 6 5 2 1           at peak 4, peak 6 at 6 (4/7 of the way)
  //   R2 (10, 14, 20, yes): 0 2 - 3 8 7.5 7 - 1 0 0   at peak 8, peak 8 at 14 (40 %), 2 missing
  //   R3 (21, 24, 29, no):  5 9 1 2 3 4 5 6 7         at peak 2, peak 9 at 22 (12.5 %)
  //   R4 (30, 32, 35, yes): 1 2 - 4 3 0               at peak -, peak 4 at 33 (60 %), 1 missing
  //   R5 (36, 37, 38, yes): - - -                     nothing, 3 missing
  // Over the complete ones (R3 left out): at peak 4, 8 -> count 2, mean 6, SD sqrt(8);
  // peak 6, 8, 4 -> count 3, mean 6, SD sqrt((0 + 4 + 4) / 2) = 2. (With R3 the peaks' mean
  // would be 6.75.)
  const double x = nan_value;
  Series v(39);
  v << 0, 0, 1, 2, 3, 4, 6, 5, 2, 1,  //
      0, 2, x, 3, 8, 7.5, 7, x, 1, 0, 0,  //
      5, 9, 1, 2, 3, 4, 5, 6, 7,  //
      1, 2, x, 4, 3, 0,  //
      x, x, x;
  auto rep = [](Eigen::Index b, Eigen::Index p, Eigen::Index e, bool complete) {
    Repetition r;
    r.begin = b;
    r.peak = p;
    r.end = e;
    r.complete = complete;
    return r;
  };
  const std::vector<Repetition> reps{rep(2, 5, 9, true), rep(10, 14, 20, true),
                                     rep(21, 24, 29, false), rep(30, 32, 35, true),
                                     rep(36, 37, 38, true)};
  const RepetitionMetric m = per_repetition(reps, v);
  REQUIRE(m.per_repetition.size() == 5);
  const auto& p = m.per_repetition;
  CHECK(p[0].at_peak_depth == 4.0);
  CHECK(p[0].peak == 6.0);
  CHECK(p[0].peak_frame == 6);
  CHECK_THAT(p[0].peak_percent, WithinRel(400.0 / 7.0, 1e-15));
  CHECK(p[0].missing_frames == 0);
  CHECK(p[1].at_peak_depth == 8.0);
  CHECK(p[1].peak == 8.0);
  CHECK(p[1].peak_frame == 14);
  CHECK_THAT(p[1].peak_percent, WithinRel(40.0, 1e-15));
  CHECK(p[1].missing_frames == 2);
  CHECK(p[2].at_peak_depth == 2.0);
  CHECK(p[2].peak == 9.0);
  CHECK(p[2].peak_frame == 22);
  CHECK_THAT(p[2].peak_percent, WithinRel(12.5, 1e-15));
  CHECK(std::isnan(p[3].at_peak_depth));
  CHECK(p[3].peak == 4.0);
  CHECK(p[3].peak_frame == 33);
  CHECK_THAT(p[3].peak_percent, WithinRel(60.0, 1e-15));
  CHECK(p[3].missing_frames == 1);
  CHECK(std::isnan(p[4].at_peak_depth));
  CHECK(std::isnan(p[4].peak));
  CHECK(p[4].peak_frame == -1);
  CHECK(std::isnan(p[4].peak_percent));
  CHECK(p[4].missing_frames == 3);

  CHECK(m.at_peak_depth.count == 2);
  CHECK_THAT(m.at_peak_depth.mean, WithinRel(6.0, 1e-15));
  CHECK_THAT(m.at_peak_depth.sd, WithinRel(std::sqrt(8.0), 1e-15));
  CHECK(m.peak.count == 3);
  CHECK_THAT(m.peak.mean, WithinRel(6.0, 1e-15));
  CHECK_THAT(m.peak.sd, WithinRel(2.0, 1e-15));

  SECTION("one complete repetition: no SD; none: no mean") {
    const RepetitionMetric one = per_repetition({reps[0], reps[2]}, v);
    CHECK(one.peak.count == 1);
    CHECK(one.peak.mean == 6.0);
    CHECK(std::isnan(one.peak.sd));
    const RepetitionMetric none = per_repetition({reps[2]}, v);
    CHECK(none.peak.count == 0);
    CHECK(std::isnan(none.peak.mean));
    CHECK(none.per_repetition.size() == 1);
    CHECK(per_repetition({}, v).per_repetition.empty());
  }
  SECTION("values shorter than the repetitions") {
    REQUIRE_THROWS_AS(per_repetition(reps, v.head(38)), InvalidArgument);
    CHECK(thrown_argument([&] { (void)per_repetition(reps, v.head(38)); }) == "values");
  }
  SECTION("infinity in values") {
    Series bad = v;
    bad[0] = -std::numeric_limits<double>::infinity();
    REQUIRE_THROWS_AS(per_repetition(reps, bad), InvalidArgument);
    CHECK(thrown_argument([&] { (void)per_repetition(reps, bad); }) == "values");
  }
}

TEST_CASE("per_repetition of a valgus signal lagging the depth", "[knee][repetitions]") {
  // The value is the depth delayed by 5 frames: within each repetition [t0 + 8, t0 + 112] its
  // largest value is A at t0 + 65, (65 - 8) / (112 - 8) = 54.8 % of the repetition, and at the
  // deepest frame t0 + 60 it is d(55) = A (1 - cos(2 pi 55 / 120)) / 2.
  const Squats s = four_squats();
  const Eigen::Index n = s.depth.size();
  Series valgus = Series::Zero(n);
  valgus.tail(n - 5) = s.depth.head(n - 5);
  const RepetitionSplit split = find_repetitions(s.depth);
  const RepetitionMetric m = per_repetition(split.repetitions, valgus);
  REQUIRE(m.per_repetition.size() == 4);
  const double at_peak = 1.2 * (1.0 - std::cos(2.0 * kPi * 55.0 / 120.0)) / 2.0;
  for (std::size_t k = 0; k < 4; ++k) {
    CAPTURE(k);
    CHECK(m.per_repetition[k].peak_frame == s.starts[k] + 65);
    CHECK_THAT(m.per_repetition[k].peak, WithinAbs(1.2, 1e-15));
    CHECK_THAT(m.per_repetition[k].peak_percent, WithinRel(100.0 * 57.0 / 104.0, 1e-14));
    CHECK_THAT(m.per_repetition[k].at_peak_depth, WithinAbs(at_peak, 1e-15));
  }
  CHECK(m.peak.count == 4);
  CHECK_THAT(m.peak.mean, WithinAbs(1.2, 1e-15));
  CHECK_THAT(m.peak.sd, WithinAbs(0.0, 1e-15));
  CHECK_THAT(m.at_peak_depth.mean, WithinAbs(at_peak, 1e-15));
}
