// hipmech/stats/descriptive.hpp: closed forms (a sample with known mean and SD; the t quantile
// t(0.975, 4) = 2.776 from printed tables, NIST e-Handbook §1.3.6.7.2) and the trial
// combinations on hand-worked rows.
#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>

#include <cmath>

#include "helpers/thrown.hpp"
#include "hipmech/stats/descriptive.hpp"

using Catch::Approx;
namespace hs = hipmech::stats;

TEST_CASE("describe: mean, SD, SE, CV and t CI", "[stats][descriptive]") {
  Eigen::VectorXd x(5);
  x << 2, 4, 4, 5, 10;  // mean 5, SS = 9+1+1+0+25 = 36, SD = 3
  const hs::Descriptives d = hs::describe(x);
  CHECK(d.n == 5);
  CHECK(d.mean == Approx(5));
  CHECK(d.sd == Approx(3));
  CHECK(d.se == Approx(3 / std::sqrt(5.0)));
  CHECK(d.cv_percent == Approx(60));
  CHECK(d.ci_high - d.mean == Approx(2.776 * d.se).margin(1e-3));
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
  CHECK(o.mean == Approx(3));
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
  CHECK(best2[0] == Approx(105));
  CHECK(best2[1] == Approx(60));
  CHECK(best2[2] == Approx(2.5));
  CHECK(used[0] == 2);
  const Eigen::VectorXd best = hs::combine_trials(t, hs::TrialCombination::Best, false);
  CHECK(best[0] == 90);  // lower is better (a time)
  CHECK(std::isnan(best[1]));  // propagate: a missing trial
  const Eigen::VectorXd mean =
      hs::combine_trials(t, hs::TrialCombination::Mean, true, hs::Missing::Propagate, &used, &notes);
  CHECK(mean[0] == Approx(100));
  CHECK(!notes[1].empty());
  CHECK(hipmech::test::thrown_argument([] {
          hs::combine_trials(hs::RowMatrix::Ones(2, 1), hs::TrialCombination::MeanOfBestTwo);
        }) == "trials");
  CHECK(hs::parse_trial_combination("best_two") == hs::TrialCombination::MeanOfBestTwo);
}
