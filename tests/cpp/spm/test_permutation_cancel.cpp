// PermutationOptions::check_cancelled (hipmech/spm/permutation.hpp): the hook is called once
// per kCancelCheckPermutations permutations in each of the two passes (a count fixed by the
// contract, checked exactly); a hook that returns leaves the result bit for bit the one without
// a hook; a hook that throws ends the call with its own exception, from the first and from the
// second pass alike. The Python side (KeyboardInterrupt on SIGINT) is tests/python/test_spm.py.
#include <catch2/catch_test_macros.hpp>

#include <cstdint>
#include <random>

#include "hipmech/spm/field.hpp"
#include "hipmech/spm/permutation.hpp"

namespace sp = hipmech::spm;

namespace {

/// J AR(1) curves of Q nodes (coefficient 0.8), each raised by 3 on nodes 10..29.
Eigen::MatrixXd walks(Eigen::Index J, Eigen::Index Q, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> nd(0.0, 1.0);
  Eigen::MatrixXd y(J, Q);
  for (Eigen::Index j = 0; j < J; ++j) {
    double v = 0.0;
    for (Eigen::Index q = 0; q < Q; ++q) {
      v = 0.8 * v + nd(rng);
      y(j, q) = v + (q >= 10 && q < 30 ? 3.0 : 0.0);
    }
  }
  return y;
}

struct Cancelled {
  int calls;
};

/// ceil(n / kCancelCheckPermutations): the calls of one pass over n permutations.
std::int64_t calls_per_pass(std::int64_t n) {
  return (n + sp::kCancelCheckPermutations - 1) / sp::kCancelCheckPermutations;
}

}  // namespace

TEST_CASE("permutation: a returning cancellation hook changes nothing", "[spm][permutation]") {
  const sp::Field f = sp::ttest(walks(12, 51, 3));
  sp::PermutationOptions opt;
  opt.n_permutations = 1000;
  opt.seed = 11;
  const sp::Inference plain = sp::inference_permutation(f, 0.05, true, opt);
  int calls = 0;
  opt.check_cancelled = [&calls] { ++calls; };
  const sp::Inference hooked = sp::inference_permutation(f, 0.05, true, opt);
  CHECK(calls == 2 * calls_per_pass(1000));  // 8 per pass of 1000
  CHECK(hooked.permutation_max == plain.permutation_max);
  CHECK(hooked.zstar == plain.zstar);
  REQUIRE(hooked.clusters.size() == plain.clusters.size());
  REQUIRE_FALSE(plain.clusters.empty());
  for (std::size_t i = 0; i < plain.clusters.size(); ++i) {
    CHECK(hooked.clusters[i].p == plain.clusters[i].p);
    CHECK(hooked.clusters[i].start == plain.clusters[i].start);
  }
  // Exact mode (2^12 / 2 = 2048 sign flips two-tailed) and permutation_null alike.
  calls = 0;
  opt.n_permutations = -1;
  const sp::PermutationNull null = sp::permutation_null(f, 0.05, true, opt);
  CHECK(null.exact);
  CHECK(null.max_statistic.size() == 2048);
  CHECK(calls == 2 * calls_per_pass(2048));
}

TEST_CASE("permutation: a throwing cancellation hook ends the call with its exception",
          "[spm][permutation]") {
  const sp::Field f = sp::ttest(walks(12, 51, 3));
  sp::PermutationOptions opt;
  opt.n_permutations = 1000;
  for (const int throw_at : {1, 3, 9}) {  // 9: in the second pass (8 calls in the first)
    int calls = 0;
    opt.check_cancelled = [&calls, throw_at] {
      if (++calls == throw_at) throw Cancelled{calls};
    };
    bool caught = false;
    try {
      (void)sp::inference_permutation(f, 0.05, true, opt);
    } catch (const Cancelled& c) {
      caught = true;
      CHECK(c.calls == throw_at);
    }
    CHECK(caught);
    CHECK(calls == throw_at);  // not called again after it threw
  }
  int calls = 0;
  opt.check_cancelled = [&calls] {
    if (++calls == 2) throw Cancelled{calls};
  };
  CHECK_THROWS_AS(sp::permutation_null(f, 0.05, false, opt), Cancelled);
  // The options are unchanged and usable again once the hook lets the call run.
  opt.check_cancelled = nullptr;
  CHECK(sp::inference_permutation(f, 0.05, true, opt).permutation_max.size() == 1000);
}
