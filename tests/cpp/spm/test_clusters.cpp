// hipmech/spm/clusters.hpp on fields worked by hand: linear interpolation of the threshold
// crossings, extents, the area above the threshold (trapezoids), peaks, signs, boundary
// clusters, the no-interpolation rule (a one-node cluster counts one node, as spm1d reports),
// and bad input.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include <limits>

#include "helpers/thrown.hpp"
#include "hipmech/spm/clusters.hpp"

namespace sp = hipmech::spm;
using Catch::Matchers::WithinAbs;

TEST_CASE("spm find_clusters: interpolated crossings by hand", "[spm]") {
  Eigen::VectorXd z(7);
  z << 0, 1, 3, 3, 1, 0, -1;
  const auto c = sp::find_clusters(z, 2.0, false);
  REQUIRE(c.size() == 1);
  // Crossing of 2 between node 1 (z = 1) and 2 (z = 3): 1.5; between 3 and 4: 3.5.
  CHECK_THAT(c[0].start, WithinAbs(1.5, 1e-15));
  CHECK_THAT(c[0].end, WithinAbs(3.5, 1e-15));
  CHECK_THAT(c[0].extent, WithinAbs(2.0, 1e-15));
  // Area of z − 2: triangles of 0.25 at both ends plus 1 × 1 between nodes 2 and 3.
  CHECK_THAT(c[0].integral, WithinAbs(1.5, 1e-15));
  CHECK(c[0].peak == 3.0);
  CHECK(c[0].peak_node == 2);  // the first of equal maxima
  CHECK(c[0].sign == 1);
  CHECK(std::isnan(c[0].p));
  CHECK(std::isnan(c[0].extent_resels));
}

TEST_CASE("spm find_clusters: two tails, ordering, boundaries", "[spm]") {
  Eigen::VectorXd z(8);
  z << 4, 3, 1, -1, -5, -1, 2, 6;
  SECTION("two-tailed: a positive cluster at each end, a negative one inside") {
    const auto c = sp::find_clusters(z, 2.5, true);
    REQUIRE(c.size() == 3);
    CHECK(c[0].sign == 1);
    CHECK(c[0].start == 0.0);                      // touches the boundary: no extrapolation
    CHECK_THAT(c[0].end, WithinAbs(1.25, 1e-15));  // 1 + (3 − 2.5) / (3 − 1)
    CHECK_THAT(c[0].extent, WithinAbs(1.25, 1e-15));
    CHECK(c[1].sign == -1);
    CHECK_THAT(c[1].start, WithinAbs(3.375, 1e-15));  // 3 + (2.5 − 1) / (5 − 1)
    CHECK_THAT(c[1].end, WithinAbs(4.625, 1e-15));
    CHECK(c[1].peak == -5.0);
    CHECK(c[1].peak_node == 4);
    CHECK_THAT(c[1].integral, WithinAbs(0.5 * 2.5 * 1.25, 1e-15));  // triangle of height 2.5
    CHECK_THAT(c[2].start, WithinAbs(6.125, 1e-15));                // 6 + (2.5 − 2) / (6 − 2)
    CHECK(c[2].end == 7.0);
  }
  SECTION("one-tailed: only the positive clusters") {
    const auto c = sp::find_clusters(z, 2.5, false);
    REQUIRE(c.size() == 2);
    CHECK(c[0].sign == 1);
    CHECK(c[1].sign == 1);
  }
  SECTION("without interpolation: node positions; a one-node cluster has extent 1") {
    const auto c = sp::find_clusters(z, 2.5, true, false);
    REQUIRE(c.size() == 3);
    CHECK(c[0].start == 0.0);
    CHECK(c[0].end == 1.0);
    CHECK(c[0].extent == 1.0);
    CHECK(c[1].start == 4.0);
    CHECK(c[1].end == 4.0);
    CHECK(c[1].extent == 1.0);
    CHECK(c[2].extent == 1.0);  // nodes 7 only
  }
  SECTION("the whole field above the threshold is one cluster from 0 to Q − 1") {
    const Eigen::VectorXd all = Eigen::VectorXd::Constant(5, 3.0);
    const auto c = sp::find_clusters(all, 2.0, true);
    REQUIRE(c.size() == 1);
    CHECK(c[0].start == 0.0);
    CHECK(c[0].end == 4.0);
    CHECK(c[0].extent == 4.0);
    CHECK_THAT(c[0].integral, WithinAbs(4.0, 1e-15));
  }
  SECTION("nothing above the threshold") {
    CHECK(sp::find_clusters(z, 10.0, true).empty());
  }
}

TEST_CASE("spm find_clusters refuses bad input", "[spm]") {
  using hipmech::test::thrown_argument;
  Eigen::VectorXd z = Eigen::VectorXd::LinSpaced(5, 0, 4);
  CHECK(thrown_argument([&] { sp::find_clusters(z.head(1), 1.0, true); }) == "z");
  z(2) = std::numeric_limits<double>::quiet_NaN();
  CHECK(thrown_argument([&] { sp::find_clusters(z, 1.0, true); }) == "z");
  CHECK(thrown_argument([] {
          sp::find_clusters(Eigen::VectorXd::Zero(3), std::numeric_limits<double>::infinity(),
                            true);
        }) == "zstar");
  // Two-tailed below 0 a node would be beyond +zstar and −zstar at once (in two clusters).
  Eigen::VectorXd w(5);
  w << 0, 1, 2, 1, 0;
  CHECK(thrown_argument([&] { sp::find_clusters(w, -0.5, true); }) == "zstar");
}

TEST_CASE("spm find_clusters: zstar 0 two-tailed, below 0 one-tailed", "[spm]") {
  Eigen::VectorXd z(5);
  z << -1, 1, 2, 1, -1;
  // Two-tailed at 0: the tails are disjoint (z > 0 and z < 0), crossings at 0.5 and 3.5.
  const auto two = sp::find_clusters(z, 0.0, true);
  REQUIRE(two.size() == 3);
  CHECK(two[0].sign == -1);
  CHECK_THAT(two[0].end, WithinAbs(0.5, 1e-15));
  CHECK(two[1].sign == 1);
  CHECK_THAT(two[1].start, WithinAbs(0.5, 1e-15));
  CHECK_THAT(two[1].end, WithinAbs(3.5, 1e-15));
  CHECK(two[2].sign == -1);
  CHECK_THAT(two[2].start, WithinAbs(3.5, 1e-15));
  // One-tailed at −0.5 (a t threshold at α > 0.5): the whole field, one cluster.
  z(0) = z(4) = -0.2;
  const auto one = sp::find_clusters(z, -0.5, false);
  REQUIRE(one.size() == 1);
  CHECK(one[0].start == 0.0);
  CHECK(one[0].end == 4.0);
}
