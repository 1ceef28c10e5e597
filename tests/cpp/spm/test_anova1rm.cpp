// hipmech::spm::anova1rm (one-way repeated-measures ANOVA field) against independent sources:
//  - a 3-level x 4-subject design worked by hand with the classical sums of squares (Winer et
//    al. 1991 "Statistical principles in experimental design" ch. 4; Howell 2010 "Statistical
//    methods for psychology" ch. 18), at three nodes (the arithmetic is in the test);
//  - the identity F = t² of the paired t test for two levels (Howell 2010 ch. 18);
//  - F unchanged by adding a constant per subject (the subject effect is removed);
//  - the residuals: orthogonal to the intercept, the lowest level's and the lowest subject's
//    indicators (the definition spm1d reports, docs/spm.md) and the FWHM computed from them;
//  - bad input (unbalanced, one subject, one level, a subject lacking a level) and the refusal
//    of permutation inference.
// The comparison with spm1d (GPL, test-only oracle) is tests/python/test_spm_anova1rm.py.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <cmath>
#include <random>

#include "helpers/thrown.hpp"
#include "hipmech/spm/field.hpp"
#include "hipmech/spm/inference.hpp"
#include "hipmech/spm/permutation.hpp"

namespace sp = hipmech::spm;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using hipmech::test::thrown_argument;
using hipmech::test::thrown_message;

namespace {

// Node 0, subjects (rows) x levels (columns):
//   S1: 3 5 7   S2: 2 4 9   S3: 4 6 8   S4: 3 7 8
// level means 3, 5.5, 8; subject means 5, 5, 6, 6; grand mean 5.5 (total 66, N = 12).
// Σy² = 422, T²/N = 4356/12 = 363: SS_total = 59.
// SS_A = 4 · ((3 − 5.5)² + 0 + (8 − 5.5)²) = 50; SS_S = 3 · 4 · 0.5² = 3.
// SS_error = 59 − 50 − 3 = 6; df (2, 6): F = (50 / 2) / (6 / 6) = 25.
// Node 1: node 0 plus 10 · (subject number): only SS_S changes, F = 25.
// Node 2: node 0 with S2 at level 3 = 6 instead of 9: level means 3, 5.5, 7.25, grand 5.25,
// Σy² = 377, T²/N = 3969/12 = 330.75, SS_total = 46.25; SS_A = 4 · (2.25² + 0.25² + 2²) = 36.5;
// subject means 5, 4, 6, 6: SS_S = 3 · (0.25² + 1.25² + 0.75² + 0.75²) = 8.25;
// SS_error = 46.25 − 36.5 − 8.25 = 1.5; F = (36.5 / 2) / (1.5 / 6) = 73.
struct Design {
  Eigen::MatrixXd y;
  Eigen::VectorXi groups, subjects;
};

Design hand_design() {
  const double table[4][3] = {{3, 5, 7}, {2, 4, 9}, {4, 6, 8}, {3, 7, 8}};
  Design d;
  d.y.resize(12, 3);
  d.groups.resize(12);
  d.subjects.resize(12);
  Eigen::Index i = 0;
  // Rows ordered by level, then subject; labels not 0-based.
  for (int a = 0; a < 3; ++a) {
    for (int s = 0; s < 4; ++s, ++i) {
      d.y(i, 0) = table[s][a];
      d.y(i, 1) = table[s][a] + 10.0 * (s + 1);
      d.y(i, 2) = (s == 1 && a == 2) ? 6.0 : table[s][a];
      d.groups(i) = 10 + 5 * a;
      d.subjects(i) = 101 + s;
    }
  }
  return d;
}

}  // namespace

TEST_CASE("anova1rm: the F field of a 3 x 4 design by hand", "[spm][anova1rm]") {
  const Design d = hand_design();
  const sp::Field f = sp::anova1rm(d.y, d.groups, d.subjects);
  CHECK(f.test == "anova1rm");
  CHECK(f.design == sp::Design::Anova1rm);
  CHECK(f.statistic == sp::Statistic::F);
  CHECK(f.df1 == 2.0);
  CHECK(f.df2 == 6.0);
  CHECK(f.n_curves == 12);
  CHECK(f.n_nodes == 3);
  CHECK_THAT(f.z(0), WithinRel(25.0, 1e-13));
  CHECK_THAT(f.z(1), WithinRel(25.0, 1e-13));
  CHECK_THAT(f.z(2), WithinRel(73.0, 1e-13));
  CHECK(f.groups(0) == 0);
  CHECK(f.groups(11) == 2);
  CHECK(f.subjects(0) == 0);
  CHECK(f.subjects(11) == 3);
  // Residuals: orthogonal to the intercept and the indicators of the lowest level (rows 0–3)
  // and the lowest subject (rows 0, 4, 8); the FWHM is estimate_fwhm of them.
  REQUIRE(f.residuals.rows() == 12);
  for (Eigen::Index q = 0; q < 3; ++q) {
    CHECK_THAT(f.residuals.col(q).sum(), WithinAbs(0.0, 1e-12));
    CHECK_THAT(f.residuals.col(q).head(4).sum(), WithinAbs(0.0, 1e-12));
    CHECK_THAT(f.residuals(0, q) + f.residuals(4, q) + f.residuals(8, q), WithinAbs(0.0, 1e-12));
  }
  CHECK_THAT(f.fwhm, WithinRel(sp::estimate_fwhm(f.residuals), 1e-14));
  CHECK_THAT(f.resels1, WithinRel(2.0 / f.fwhm, 1e-14));
  // RFT inference of the F field works unchanged.
  const sp::Inference r = sp::inference_rft(f, 0.05, false);
  CHECK(r.zstar > 0.0);
}

TEST_CASE("anova1rm: two levels give the paired t squared", "[spm][anova1rm]") {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal;
  const Eigen::Index n = 6, Q = 15;
  Eigen::MatrixXd a(n, Q), b(n, Q);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double subject = 5.0 * normal(rng);
    for (Eigen::Index q = 0; q < Q; ++q) {
      a(i, q) = subject + normal(rng) + 0.3;
      b(i, q) = subject + normal(rng);
    }
  }
  Eigen::MatrixXd y(2 * n, Q);
  y << a, b;
  Eigen::VectorXi g(2 * n), s(2 * n);
  for (Eigen::Index i = 0; i < n; ++i) {
    g(i) = 0;
    g(n + i) = 1;
    s(i) = static_cast<int>(i);
    s(n + i) = static_cast<int>(i);
  }
  const sp::Field f = sp::anova1rm(y, g, s);
  const sp::Field t = sp::ttest_paired(a, b);
  CHECK(f.df1 == 1.0);
  CHECK(f.df2 == t.df2);
  for (Eigen::Index q = 0; q < Q; ++q) {
    CHECK_THAT(f.z(q), WithinRel(t.z(q) * t.z(q), 1e-12));
  }
}

TEST_CASE("anova1rm: bad input", "[spm][anova1rm]") {
  const Design d = hand_design();
  SECTION("a subject with two curves at one level") {
    Eigen::VectorXi g = d.groups;
    g(4) = 10;  // subject 101 now has level 10 twice and no level 15
    CHECK(thrown_argument([&] { sp::anova1rm(d.y, g, d.subjects); }) == "subjects");
    CHECK_THAT(thrown_message([&] { sp::anova1rm(d.y, g, d.subjects); }),
               ContainsSubstring("subject 101 has curves 0 and 4 at level 10"));
  }
  SECTION("a subject lacking a level (unbalanced)") {
    const Eigen::MatrixXd y = d.y.topRows(11);
    const Eigen::VectorXi g = d.groups.head(11), s = d.subjects.head(11);
    CHECK_THAT(thrown_message([&] { sp::anova1rm(y, g, s); }),
               ContainsSubstring("subject 104 has no curve at level 20"));
  }
  SECTION("one subject") {
    // One curve per level of subject 101 (rows 0, 4, 8).
    Eigen::MatrixXd y(3, 3);
    y << d.y.row(0), d.y.row(4), d.y.row(8);
    const Eigen::Vector3i g(10, 15, 20), s(101, 101, 101);
    CHECK(thrown_argument([&] { sp::anova1rm(y, g, s); }) == "subjects");
  }
  SECTION("one level") {
    const Eigen::VectorXi g = Eigen::VectorXi::Constant(4, 1);
    CHECK(thrown_argument([&] { sp::anova1rm(d.y.topRows(4), g, d.subjects.head(4)); }) ==
          "groups");
  }
  SECTION("label counts") {
    CHECK(thrown_argument([&] { sp::anova1rm(d.y, d.groups.head(11), d.subjects); }) == "groups");
    CHECK(thrown_argument([&] { sp::anova1rm(d.y, d.groups, d.subjects.head(11)); }) == "subjects");
  }
  SECTION("NaN") {
    Eigen::MatrixXd y = d.y;
    y(5, 1) = std::nan("");
    CHECK_THAT(thrown_message([&] { sp::anova1rm(y, d.groups, d.subjects); }),
               ContainsSubstring("curve 5 has NaN at node 1"));
  }
  SECTION("permutation inference refused") {
    const sp::Field f = sp::anova1rm(d.y, d.groups, d.subjects);
    CHECK_THAT(thrown_message([&] { sp::inference_permutation(f, 0.05, false); }),
               ContainsSubstring("anova1rm"));
  }
}
