// RFT inference on residuals without roughness (hipmech/spm/inference.hpp): each curve flat over
// the nodes, only its level differing between curves. The estimated FWHM is infinite, the field
// has 0 resels beyond the first, and the critical threshold is the single-node (0-D) t quantile:
// t(0.975, 9) = 2.2621571627982053 (scipy.stats.t.isf(0.025, 9)); spm1d 0.4.55 reports the same
// threshold (its FWHM is 3.7e17 from the machine epsilon it adds to the variance).
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>

#include <cmath>

#include "hipmech/spm/field.hpp"
#include "hipmech/spm/inference.hpp"

namespace sp = hipmech::spm;
using Catch::Matchers::WithinAbs;

TEST_CASE("spm: flat curves have an infinite FWHM and the single-node threshold", "[spm]") {
  Eigen::MatrixXd y(10, 101);
  for (Eigen::Index i = 0; i < y.rows(); ++i) {
    y.row(i).setConstant(1.0 + 0.3 * std::sin(1.7 * static_cast<double>(i)));
  }
  const sp::Field f = sp::ttest(y);
  CHECK(std::isinf(f.fwhm));
  CHECK(f.resels1 == 0.0);
  const sp::Inference r = sp::inference_rft(f, 0.05, true);
  CHECK_THAT(r.zstar, WithinAbs(2.2621571627982053, 1e-12));
  REQUIRE(r.clusters.size() == 1);  // the whole field, mean ≈ 1 far above 0
  CHECK(r.clusters[0].start == 0.0);
  CHECK(r.clusters[0].end == 100.0);
  CHECK(r.clusters[0].p > 0.0);
  CHECK(r.clusters[0].p < 0.05);
}
