// The hop tests (include/hipmech/clinic/hop_tests.hpp).
//
// Expected values are hand-computed from the published definition (Noyes FR, Barber SD,
// Mangine RE (1991) Am J Sports Med 19(5):513-518): LSI = 100 x involved / uninvolved for the
// distances and 100 x uninvolved time / involved time for the 6-m timed hop; the flag at the
// 90 % return-to-sport cut-off (Thomeé et al. 2011; Grindem et al. 2016) and at Noyes' 85 %.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "helpers/thrown.hpp"
#include "hipmech/clinic.hpp"

using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using hipmech::Side;
using hipmech::test::thrown_argument;
namespace clinic = hipmech::clinic;
using clinic::FlagState;
using clinic::HopTest;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const clinic::Flag& find_flag(const std::vector<clinic::Flag>& flags, const std::string& name) {
  for (const auto& f : flags) {
    if (f.name == name) return f;
  }
  FAIL("no flag " << name);
  return flags.front();
}

// Worked example, right limb involved. Single hop: left 150, 160 (mean 155), right 130, 140
// (mean 135): LSI = 100 x 135 / 155 = 87.0968 %. Triple hop: left 450, right 430: 95.556 %.
// 6-m timed hop: left 2.0, 2.2 s (mean 2.1), right 2.4, 2.6 s (mean 2.5): LSI = 100 x 2.1 / 2.5
// = 84 %. Crossover hop not done.
clinic::HopTrials left_trials() {
  return {{150, 160}, {450}, {}, {2.0, 2.2}};
}
clinic::HopTrials right_trials() {
  return {{130, 140}, {430}, {}, {2.4, 2.6}};
}

}  // namespace

TEST_CASE("hop_tests: worked example, timed hop inverted (Noyes 1991)", "[clinic][hop_tests]") {
  clinic::HopTestsOptions o;
  o.involved = Side::Right;
  const auto h = clinic::hop_tests(left_trials(), right_trials(), o);
  const auto& single = h.tests[static_cast<std::size_t>(HopTest::Single)];
  CHECK(single.left == 155.0);
  CHECK(single.right == 135.0);
  CHECK_THAT(single.lsi_percent, WithinAbs(100.0 * 135.0 / 155.0, 1e-12));
  CHECK(single.lsi_side == "right");
  CHECK_THAT(h.tests[1].lsi_percent, WithinAbs(100.0 * 430.0 / 450.0, 1e-12));
  CHECK_FALSE(h.tests[2].performed);
  CHECK(std::isnan(h.tests[2].lsi_percent));
  const auto& timed = h.tests[static_cast<std::size_t>(HopTest::Timed6m)];
  CHECK_THAT(timed.left, WithinAbs(2.1, 1e-12));
  CHECK_THAT(timed.right, WithinAbs(2.5, 1e-12));
  CHECK_THAT(timed.lsi_percent, WithinAbs(84.0, 1e-12));
  REQUIRE(h.flags.size() == 3);  // one per test done
  CHECK(find_flag(h.flags, "single_hop_lsi_percent").state == FlagState::Flagged);
  CHECK(find_flag(h.flags, "triple_hop_lsi_percent").state == FlagState::Clear);
  const auto& f = find_flag(h.flags, "timed_6m_hop_lsi_percent");
  CHECK(f.state == FlagState::Flagged);
  CHECK(f.side == "right");
  CHECK(f.cutoff == 90.0);
  // Both sources are named: the 90 % return-to-sport criterion and Noyes' 85 %.
  CHECK_THAT(f.source, ContainsSubstring("Noyes"));
  CHECK_THAT(f.source, ContainsSubstring("Grindem"));
  CHECK_THAT(f.source, ContainsSubstring("85 %"));
}

TEST_CASE("hop_tests: Noyes' 85 % cut-off and the best trial", "[clinic][hop_tests]") {
  clinic::HopTestsOptions o;
  o.involved = Side::Right;
  o.lsi_cutoff_percent = 85.0;
  auto h = clinic::hop_tests(left_trials(), right_trials(), o);
  CHECK(find_flag(h.flags, "single_hop_lsi_percent").state == FlagState::Clear);      // 87.1
  CHECK(find_flag(h.flags, "timed_6m_hop_lsi_percent").state == FlagState::Flagged);  // 84
  CHECK_THAT(find_flag(h.flags, "single_hop_lsi_percent").source, ContainsSubstring("Noyes"));
  // Best: the longest distance, the SHORTEST time: single 140 / 160, timed 2.0 / 2.4.
  o.trials = hipmech::hip::TrialStatistic::Best;
  h = clinic::hop_tests(left_trials(), right_trials(), o);
  CHECK_THAT(h.tests[0].lsi_percent, WithinAbs(87.5, 1e-12));
  CHECK(h.tests[3].left == 2.0);
  CHECK(h.tests[3].right == 2.4);
  CHECK_THAT(h.tests[3].lsi_percent, WithinAbs(100.0 * 2.0 / 2.4, 1e-12));
}

TEST_CASE("hop_tests: without an involved side, the worse limb over the better",
          "[clinic][hop_tests]") {
  // Swap sides: the left limb is now worse in every test.
  const auto h = clinic::hop_tests(right_trials(), left_trials());
  CHECK_THAT(h.tests[0].lsi_percent, WithinAbs(100.0 * 135.0 / 155.0, 1e-12));
  CHECK(h.tests[0].lsi_side == "left");
  CHECK_THAT(h.tests[3].lsi_percent, WithinAbs(84.0, 1e-12));
  CHECK(h.tests[3].lsi_side == "left");
  // Named involved limb that did better: LSI above 100 (timed: 2.5 / 2.1).
  clinic::HopTestsOptions o;
  o.involved = Side::Right;
  const auto h2 = clinic::hop_tests(right_trials(), left_trials(), o);
  CHECK_THAT(h2.tests[3].lsi_percent, WithinAbs(100.0 * 2.5 / 2.1, 1e-12));
  CHECK(find_flag(h2.flags, "timed_6m_hop_lsi_percent").state == FlagState::Clear);
  CHECK_THAT(clinic::hop_lsi_percent(HopTest::Timed6m, 2.5, 2.0), WithinAbs(80.0, 1e-12));
  CHECK_THAT(clinic::hop_lsi_percent(HopTest::Single, 90.0, 100.0), WithinAbs(90.0, 1e-12));
}

TEST_CASE("hop_tests: an LSI at the cut-off within rounding is not flagged",
          "[clinic][hop_tests]") {
  // 100 x 117.72 / 130.8 = 89.99999999999999 in binary floating point, 90 % in decimal (review
  // of issue 23); Noyes' rule is strict (below the cut-off).
  clinic::HopTrials l;
  clinic::HopTrials r;
  l.single_cm = {130.8};
  r.single_cm = {117.72};
  clinic::HopTestsOptions o;
  o.involved = Side::Right;
  const auto h = clinic::hop_tests(l, r, o);
  REQUIRE(h.tests[0].lsi_percent < 90.0);
  CHECK(find_flag(h.flags, "single_hop_lsi_percent").state == FlagState::Clear);
  r.single_cm = {117.7199};
  CHECK(find_flag(clinic::hop_tests(l, r, o).flags, "single_hop_lsi_percent").state ==
        FlagState::Flagged);
}

TEST_CASE("hop_tests: the rule names worse over better without an involved side",
          "[clinic][hop_tests]") {
  const auto h = clinic::hop_tests(left_trials(), right_trials());
  CHECK_THAT(find_flag(h.flags, "single_hop_lsi_percent").rule,
             ContainsSubstring("100 x weaker / stronger"));
  CHECK_THAT(find_flag(h.flags, "timed_6m_hop_lsi_percent").rule,
             ContainsSubstring("100 x shorter time / longer time"));
  clinic::HopTestsOptions o;
  o.involved = Side::Right;
  const auto i = clinic::hop_tests(left_trials(), right_trials(), o);
  CHECK_THAT(find_flag(i.flags, "single_hop_lsi_percent").rule,
             ContainsSubstring("100 x involved / uninvolved"));
  CHECK_THAT(find_flag(i.flags, "timed_6m_hop_lsi_percent").rule,
             ContainsSubstring("100 x uninvolved time / involved time"));
}

TEST_CASE("hop_tests: implausible distances and times (unit mistakes) are refused",
          "[clinic][hop_tests]") {
  auto r = right_trials();
  r.single_cm = {1300};  // mm
  CHECK(thrown_argument([&] { clinic::hop_tests(left_trials(), r); }) == "right.single_cm");
  r = right_trials();
  r.triple_cm = {4300};
  CHECK(thrown_argument([&] { clinic::hop_tests(left_trials(), r); }) == "right.triple_cm");
  r = right_trials();
  r.timed_6m_s = {2400};  // ms
  CHECK(thrown_argument([&] { clinic::hop_tests(left_trials(), r); }) == "right.timed_6m_s");
  // The limits themselves are accepted: 500 cm, 1500 cm, 30 s.
  auto l = left_trials();
  l.single_cm = {500};
  l.triple_cm = {1500};
  l.timed_6m_s = {30};
  CHECK_NOTHROW(clinic::hop_tests(l, right_trials()));
}

TEST_CASE("hop_tests: NaN trials, an all-NaN side is not assessed", "[clinic][hop_tests]") {
  auto l = left_trials();
  l.single_cm = {kNaN, kNaN};
  const auto h = clinic::hop_tests(l, right_trials());
  CHECK(std::isnan(h.tests[0].lsi_percent));
  CHECK(find_flag(h.flags, "single_hop_lsi_percent").state == FlagState::NotAssessed);
  CHECK(find_flag(h.flags, "triple_hop_lsi_percent").state == FlagState::Clear);
}

TEST_CASE("hop_tests: bad input names the field", "[clinic][hop_tests]") {
  auto r = right_trials();
  r.triple_cm = {};
  CHECK(thrown_argument([&] { clinic::hop_tests(left_trials(), r); }) == "right.triple_cm");
  r = right_trials();
  r.single_cm = {130, -2};
  CHECK(thrown_argument([&] { clinic::hop_tests(left_trials(), r); }) == "right.single_cm");
  auto l = left_trials();
  l.timed_6m_s = {0.0};
  CHECK(thrown_argument([&] { clinic::hop_tests(l, right_trials()); }) == "left.timed_6m_s");
  l.timed_6m_s = {-2.0};
  CHECK(thrown_argument([&] { clinic::hop_tests(l, right_trials()); }) == "left.timed_6m_s");
  CHECK(thrown_argument([] { clinic::hop_tests({}, {}); }) == "left");
  clinic::HopTestsOptions o;
  o.lsi_cutoff_percent = kNaN;
  CHECK(thrown_argument([&] { clinic::hop_tests(left_trials(), right_trials(), o); }) ==
        "lsi_cutoff_percent");
}
