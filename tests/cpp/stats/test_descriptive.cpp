// hipmech/stats/descriptive.hpp: closed forms (a sample with known mean and SD; the t quantile
// t(0.975, 4) = 2.776 from printed tables, NIST e-Handbook §1.3.6.7.2) and the trial
// combinations on hand-worked rows.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include <cmath>

#include "helpers/thrown.hpp"
#include "hipmech/stats/descriptive.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
namespace hs = hipmech::stats;

TEST_CASE("describe: mean, SD, SE, CV and t CI", "[stats][descriptive]") {
  Eigen::VectorXd x(5);
  x << 2, 4, 4, 5, 10;  // mean 5, SS = 9+1+1+0+25 = 36, SD = 3
  const hs::Descriptives d = hs::describe(x);
  CHECK(d.n == 5);
  CHECK_THAT(d.mean, WithinRel(5, 1e-12));
  CHECK_THAT(d.sd, WithinRel(3, 1e-12));
  CHECK_THAT(d.se, WithinRel(3 / std::sqrt(5.0), 1e-12));
  CHECK_THAT(d.cv_percent, WithinRel(60, 1e-12));
  CHECK_THAT(d.ci_high - d.mean, WithinAbs(2.776 * d.se, 1e-3));
  CHECK(d.note.empty());
}

TEST_CASE("describe: missing values and tiny samples", "[stats][descriptive]") {
  Eigen::VectorXd x(4);
  x << 1, std::nan(""), 3, 5;
  const hs::Descriptives p = hs::describe(x);
  CHECK(std::isnan(p.mean));
  CHECK(p.n_missing == 1);
  CHECK(p.note.find("missing") != std::string::npos);
  const hs::Descriptives o = hs::describe(x, 0.95, hs::Missing::Omit);
  CHECK_THAT(o.mean, WithinRel(3, 1e-12));
  CHECK(o.n == 3);
  CHECK(hipmech::test::thrown_argument([&] { hs::describe(x, 0.95, hs::Missing::Raise); }) == "x");
  Eigen::VectorXd one(1);
  one << 4;
  const hs::Descriptives s = hs::describe(one);
  CHECK(s.mean == 4);
  CHECK(std::isnan(s.sd));
  CHECK(!s.note.empty());
  Eigen::VectorXd zero(3);
  zero << -1, 0, 1;
  CHECK(std::isnan(hs::describe(zero).cv_percent));
}

TEST_CASE("combine_trials: mean, best, mean of the best two", "[stats][descriptive]") {
  hs::RowMatrix t(3, 3);
  t << 100, 110, 90, 50, std::nan(""), 70, 1, 2, 3;
  Eigen::VectorXi used;
  std::vector<std::string> notes;
  const Eigen::VectorXd best2 = hs::combine_trials(t, hs::TrialCombination::MeanOfBestTwo, true,
                                                   hs::Missing::Omit, &used, &notes);
  CHECK_THAT(best2[0], WithinRel(105, 1e-12));
  CHECK_THAT(best2[1], WithinRel(60, 1e-12));
  CHECK_THAT(best2[2], WithinRel(2.5, 1e-12));
  CHECK(used[0] == 2);
  const Eigen::VectorXd best = hs::combine_trials(t, hs::TrialCombination::Best, false);
  CHECK(best[0] == 90);        // lower is better (a time)
  CHECK(std::isnan(best[1]));  // propagate: a missing trial
  const Eigen::VectorXd mean = hs::combine_trials(t, hs::TrialCombination::Mean, true,
                                                  hs::Missing::Propagate, &used, &notes);
  CHECK_THAT(mean[0], WithinRel(100, 1e-12));
  CHECK(!notes[1].empty());
  CHECK(hipmech::test::thrown_argument([] {
          hs::combine_trials(hs::RowMatrix::Ones(2, 1), hs::TrialCombination::MeanOfBestTwo);
        }) == "trials");
  CHECK(hs::parse_trial_combination("best_two") == hs::TrialCombination::MeanOfBestTwo);
}
