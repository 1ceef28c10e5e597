// hipmech/stats/bootstrap.hpp: the random stream, Lemire's bounded integers, the linear
// quantile, the BCa ingredients against hand-worked numbers, and the driver (determinism,
// agreement with bootstrap_indices, degenerate replicates, bad input).
//
// Sources of the expected values:
//  - mt19937_64: ISO C++ [rand.predef]/6 fixes the 10000th output of a default-constructed
//    std::mt19937_64 (seed 5489) at 9981545732273789042. The first outputs for seeds 0 and 42
//    and the bounded draws below were computed with an independent Python transcription of
//    Matsumoto & Nishimura's reference mt19937-64.c (init_genrand64 / genrand64_int64) and of
//    Lemire (2019, ACM TOMACS 29:3) Algorithm 5, which reproduces the standard's value above.
//  - Quantiles: Hyndman & Fan (1996) definition 7 worked by hand.
//  - BCa: Efron & Tibshirani (1993) eqs. 14.10, 14.14, 14.15 and eq. 15.36 (several samples),
//    worked step by step in the comments; the Φ and Φ⁻¹ values quoted there were checked with
//    scipy.special.ndtr/ndtri (Cephes), independent of Boost.Math.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "helpers/thrown.hpp"
#include "hipmech/stats/bootstrap.hpp"

namespace hs = hipmech::stats;
using Catch::Matchers::ContainsSubstring;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using hipmech::test::thrown_argument;
using hs::RowMatrix;

namespace {

RowMatrix column(const std::vector<double>& v) {
  RowMatrix m(static_cast<Eigen::Index>(v.size()), 1);
  for (std::size_t i = 0; i < v.size(); ++i) m(static_cast<Eigen::Index>(i), 0) = v[i];
  return m;
}

/// A deterministic pseudo-random n × k table (a linear congruential sequence mapped to
/// [0, 1)), with a per-row offset so that rows differ like subjects do.
RowMatrix table(Eigen::Index n, Eigen::Index k, std::uint64_t state) {
  RowMatrix m(n, k);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double subject = static_cast<double>(i % 7);
    for (Eigen::Index j = 0; j < k; ++j) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      m(i, j) = subject + static_cast<double>(state >> 11U) * 0x1.0p-53;
    }
  }
  return m;
}

hs::BootstrapOptions opts(hs::BootstrapMethod method, Eigen::Index b, std::uint64_t seed,
                          double confidence = 0.95) {
  hs::BootstrapOptions o;
  o.method = method;
  o.n_resamples = b;
  o.seed = seed;
  o.confidence = confidence;
  return o;
}

}  // namespace

TEST_CASE("the random stream is mt19937_64's, fixed by the standard", "[stats][bootstrap]") {
  hs::BootstrapRng standard(5489);
  std::uint64_t v = 0;
  for (int i = 0; i < 10000; ++i) v = standard.next();
  CHECK(v == 9981545732273789042ULL);  // [rand.predef]/6

  hs::BootstrapRng zero(0);
  CHECK(zero.next() == 2947667278772165694ULL);
  CHECK(zero.next() == 18301848765998365067ULL);
  CHECK(zero.next() == 729919693006235833ULL);
  hs::BootstrapRng r42(42);
  CHECK(r42.next() == 13930160852258120406ULL);
  CHECK(r42.next() == 11788048577503494824ULL);
  CHECK(r42.next() == 13874630024467741450ULL);
}

TEST_CASE("bounded integers follow Lemire's algorithm draw for draw", "[stats][bootstrap]") {
  SECTION("small ranges (no rejection in these draws)") {
    hs::BootstrapRng g(42);
    const std::uint64_t expected[10] = {22, 19, 22, 4, 27, 2, 17, 11, 8, 11};
    for (std::uint64_t e : expected) CHECK(g.bounded(30) == e);
    hs::BootstrapRng h(0);
    const std::uint64_t expected7[10] = {1, 6, 0, 4, 3, 0, 4, 2, 5, 6};
    for (std::uint64_t e : expected7) CHECK(h.bounded(7) == e);
  }
  SECTION("a range of 2^63 + 1 rejects about half the draws") {
    // 2^64 mod (2^63 + 1) = 2^63 − 1: draws whose low product word is below it are rejected.
    // The reference took 10 raw draws for these 6 values.
    hs::BootstrapRng g(7);
    const std::uint64_t range = (std::uint64_t{1} << 63U) + 1U;
    const std::uint64_t expected[6] = {8755758169312616625ULL, 8226447053392166523ULL,
                                       1303000185656569710ULL, 8307587821880615459ULL,
                                       2371864540489427440ULL, 6621511216890701170ULL};
    for (std::uint64_t e : expected) CHECK(g.bounded(range) == e);
    hs::BootstrapRng raw(7);
    for (int i = 0; i < 10; ++i) raw.next();
    CHECK(g.next() == raw.next());  // exactly 10 draws consumed
  }
  SECTION("range 1 is always 0") {
    hs::BootstrapRng g(3);
    for (int i = 0; i < 100; ++i) CHECK(g.bounded(1) == 0);
  }
  SECTION("the portable 64x64 -> 128 product matches the compiler's") {
    hs::BootstrapRng g(11);
    for (int i = 0; i < 1000; ++i) {
      const std::uint64_t a = g.next();
      const std::uint64_t b = i % 2 ? g.next() : g.next() >> 40U;
      std::uint64_t lo1 = 0;
      std::uint64_t lo2 = 0;
      const std::uint64_t hi1 = hs::detail::mul_hi_lo(a, b, lo1);
      const std::uint64_t hi2 = hs::detail::mul_hi_lo_portable(a, b, lo2);
      REQUIRE(hi1 == hi2);
      REQUIRE(lo1 == lo2);
    }
  }
}

TEST_CASE("bounded integers are uniform (chi-square)", "[stats][bootstrap]") {
  // Pearson's chi-square goodness of fit; the seed is fixed, so the test is deterministic, and
  // the p-values are far from the 1e-3 threshold.
  auto chi2_p = [](const std::vector<double>& counts, double expected_each) {
    double x2 = 0.0;
    for (double c : counts) x2 += (c - expected_each) * (c - expected_each) / expected_each;
    return hs::chi2_sf(x2, static_cast<double>(counts.size() - 1));
  };
  SECTION("30 row indices, 300000 draws") {
    hs::BootstrapRng g(2024);
    std::vector<double> counts(30, 0.0);
    for (int i = 0; i < 300000; ++i) counts[g.bounded(30)] += 1.0;
    CHECK(chi2_p(counts, 10000.0) > 1e-3);
  }
  SECTION("range 3·2^62: a modulo reduction would put half the draws in the lowest third") {
    // x mod 3·2^62 maps [0, 2^62) twice and the rest once: P(lowest third) = 1/2 instead of
    // 1/3, which this test detects at once (chi-square ≈ 37500 for 300000 draws).
    hs::BootstrapRng g(99);
    const std::uint64_t range = std::uint64_t{3} << 62U;
    std::vector<double> thirds(3, 0.0);
    for (int i = 0; i < 300000; ++i) thirds[g.bounded(range) >> 62U] += 1.0;
    CHECK(chi2_p(thirds, 100000.0) > 1e-3);
  }
}

TEST_CASE("bootstrap_indices: the driver's stream, row-major per sample", "[stats][bootstrap]") {
  const auto idx = hs::bootstrap_indices({30, 4}, 3, 42);
  REQUIRE(idx.size() == 2);
  CHECK(idx[0].rows() == 3);
  CHECK(idx[0].cols() == 30);
  CHECK(idx[1].cols() == 4);
  // Resample 0 starts with sample 0's 30 draws of the seed-42 stream (see the test above).
  const std::int64_t first[10] = {22, 19, 22, 4, 27, 2, 17, 11, 8, 11};
  for (int i = 0; i < 10; ++i) CHECK(idx[0](0, i) == first[i]);
  // Interleaving: sample 0 (30 draws), then sample 1 (4 draws), then resample 1.
  hs::BootstrapRng g(42);
  for (Eigen::Index b = 0; b < 3; ++b) {
    for (Eigen::Index i = 0; i < 30; ++i)
      CHECK(idx[0](b, i) == static_cast<std::int64_t>(g.bounded(30)));
    for (Eigen::Index i = 0; i < 4; ++i)
      CHECK(idx[1](b, i) == static_cast<std::int64_t>(g.bounded(4)));
  }
  // A longer run starts with the same resamples.
  const auto longer = hs::bootstrap_indices({30, 4}, 50, 42);
  CHECK(longer[0].topRows(3) == idx[0]);
  CHECK(longer[1].topRows(3) == idx[1]);
}

TEST_CASE("quantile_linear is Hyndman & Fan definition 7", "[stats][bootstrap]") {
  // Sorted 1 1 2 3 4 5 6 9 (m = 8), h = 7p.
  Eigen::VectorXd s(8);
  s << 1, 1, 2, 3, 4, 5, 6, 9;
  CHECK(hs::quantile_linear(s, 0.0) == 1.0);
  CHECK(hs::quantile_linear(s, 1.0) == 9.0);
  CHECK_THAT(hs::quantile_linear(s, 0.25), WithinAbs(1.75, 1e-15));  // h 1.75: 1 + .75·(2 − 1)
  CHECK_THAT(hs::quantile_linear(s, 0.5), WithinAbs(3.5, 1e-15));    // h 3.5: 3 + .5·(4 − 3)
  CHECK_THAT(hs::quantile_linear(s, 0.9), WithinAbs(6.9, 1e-15));    // h 6.3: 6 + .3·(9 − 6)
  CHECK_THAT(hs::quantile_linear(s, 0.75), WithinAbs(5.25, 1e-15));  // h 5.25: 5 + .25·1
  Eigen::VectorXd one(1);
  one << 4.0;
  CHECK(hs::quantile_linear(one, 0.3) == 4.0);
  CHECK(std::isnan(hs::quantile_linear(Eigen::VectorXd(0), 0.5)));

  // The percentile interval of these replicates at 50 %: α = 0.25 → [1.75, 5.25].
  Eigen::VectorXd shuffled(8);
  shuffled << 3, 1, 4, 1, 5, 9, 2, 6;
  const auto iv = hs::bootstrap_interval(4.0, shuffled, {}, 0.5, hs::BootstrapMethod::Percentile);
  CHECK_THAT(iv.ci_low, WithinAbs(1.75, 1e-15));
  CHECK_THAT(iv.ci_high, WithinAbs(5.25, 1e-15));
  CHECK(iv.level_low == 0.25);
  CHECK(iv.level_high == 0.75);
  CHECK(std::isnan(iv.acceleration));
  // z0: 4 values below 4 (3 1 1 2), 5 at or below → p̂ = 9/16, Φ⁻¹(0.5625) = 0.15731068461017067.
  CHECK_THAT(iv.z0, WithinAbs(0.15731068461017067, 1e-12));
  // SE (B − 1) and bias: mean 31/8, bias 31/8 − 4.
  CHECK_THAT(iv.bias, WithinAbs(31.0 / 8.0 - 4.0, 1e-15));
  CHECK_THAT(iv.se,
             WithinRel(std::sqrt((Eigen::ArrayXd(shuffled) - 3.875).square().sum() / 7.0), 1e-14));
}

TEST_CASE("BCa against a hand-worked example", "[stats][bootstrap]") {
  // Replicates 0.5, 1.0, …, 5.0 (B = 10), estimate θ̂ = 2.0, confidence 0.5 (α = 0.25).
  // z0: 3 replicates below 2.0, 4 at or below → p̂ = (3 + 4)/20 = 0.35,
  //     z0 = Φ⁻¹(0.35) = −0.38532046640756773.
  // Jackknife 1, 2, 3, 6: θ̄ = 3, θ̄ − θ₍ᵢ₎ = 2, 1, 0, −3; Σ³ = −18, Σ² = 14,
  //     a = −18 / (6 · 14^1.5) = −0.05727026612409094 (eq. 14.15).
  // z_α = Φ⁻¹(0.25) = −0.6744897501960817.
  // α1 = Φ(z0 + (z0 + z_α)/(1 − a(z0 + z_α))) = Φ(−1.5136…) = 0.06506199883219832,
  // α2 = Φ(z0 + (z0 − z_α)/(1 − a(z0 − z_α))) = Φ(−0.1009…) = 0.45982998766149197 (eq. 14.10).
  // Ends (h = 9α): low = 0.5 + 0.5·(9·0.065062) = 0.7927789947448924,
  //                high = 2.5 + 0.5·(9·0.459830 − 4) = 2.569234944476714.
  Eigen::VectorXd dist(10);
  dist << 3.0, 0.5, 5.0, 1.5, 2.5, 4.5, 1.0, 2.0, 4.0, 3.5;
  std::vector<Eigen::VectorXd> jack(1, Eigen::VectorXd(4));
  jack[0] << 1.0, 2.0, 3.0, 6.0;
  CHECK_THAT(hs::bca_acceleration(jack), WithinAbs(-0.05727026612409094, 1e-15));
  const auto iv = hs::bootstrap_interval(2.0, dist, jack, 0.5, hs::BootstrapMethod::BCa);
  CHECK_THAT(iv.z0, WithinAbs(-0.38532046640756773, 1e-13));
  CHECK_THAT(iv.acceleration, WithinAbs(-0.05727026612409094, 1e-15));
  CHECK_THAT(iv.level_low, WithinAbs(0.06506199883219832, 1e-13));
  CHECK_THAT(iv.level_high, WithinAbs(0.45982998766149197, 1e-13));
  CHECK_THAT(iv.ci_low, WithinAbs(0.7927789947448924, 1e-12));
  CHECK_THAT(iv.ci_high, WithinAbs(2.569234944476714, 1e-12));
  CHECK(iv.ci_method == hs::BootstrapMethod::BCa);

  SECTION("several samples: influence values U = (n − 1)(θ̄ − θ₍ᵢ₎), eq. 15.36") {
    // Sample 0: 1, 2, 3, 6 (n 4): U = 6, 3, 0, −9; ΣU³/n³ = −486/64, ΣU²/n² = 126/16.
    // Sample 1: 0, 1 (n 2): U = 0.5, −0.5; ΣU³/n³ = 0, ΣU²/n² = 0.5/4.
    // a = (−486/64) / (6 · (126/16 + 1/8)^1.5) = −7.59375 / (6 · 8^1.5).
    std::vector<Eigen::VectorXd> two = jack;
    two.emplace_back(2);
    two[1] << 0.0, 1.0;
    CHECK_THAT(hs::bca_acceleration(two), WithinAbs(-7.59375 / (6.0 * std::pow(8.0, 1.5)), 1e-15));
  }
  SECTION("equal jackknife values: acceleration undefined, BCa NaN with a note") {
    std::vector<Eigen::VectorXd> flat(1, Eigen::VectorXd::Constant(5, 2.0));
    CHECK(std::isnan(hs::bca_acceleration(flat)));
    const auto bad = hs::bootstrap_interval(2.0, dist, flat, 0.9, hs::BootstrapMethod::BCa);
    CHECK(std::isnan(bad.ci_low));
    CHECK(std::isnan(bad.ci_high));
    CHECK_THAT(bad.note, ContainsSubstring("acceleration is undefined"));
  }
  SECTION("every replicate above the estimate: z0 = −inf, BCa NaN with a note") {
    const auto bad = hs::bootstrap_interval(0.1, dist, jack, 0.9, hs::BootstrapMethod::BCa);
    CHECK(std::isinf(bad.z0));
    CHECK(std::isnan(bad.ci_low));
    CHECK_THAT(bad.note, ContainsSubstring("z0 infinite"));
    // The percentile interval does not need z0.
    const auto pct = hs::bootstrap_interval(0.1, dist, jack, 0.9, hs::BootstrapMethod::Percentile);
    CHECK(std::isfinite(pct.ci_low));
  }
}

TEST_CASE("z0 counts ties one half, up to rounding", "[stats][bootstrap]") {
  // 2 below, 2 tied, 1 above: p̂ = (2 + 4)/10 = 0.6.
  Eigen::VectorXd s(5);
  s << 1.0, 2.0, 3.0, 3.0, 4.0;
  CHECK_THAT(hs::bca_z0(3.0, s), WithinAbs(hs::normal_quantile(0.6), 1e-15));
  // The same replicates computed another way, off by an ulp: still ties with a tolerance, and
  // a different z0 without one.
  Eigen::VectorXd t = s;
  t[2] = std::nextafter(3.0, 0.0);
  t[3] = std::nextafter(3.0, 0.0);
  CHECK_THAT(hs::bca_z0(3.0, t, 1e-9), WithinAbs(hs::normal_quantile(0.6), 1e-15));
  CHECK_THAT(hs::bca_z0(3.0, t), WithinAbs(hs::normal_quantile(0.8), 1e-15));  // (4 + 4)/10
  // bootstrap_interval's tolerance is 1e-9 SE: an ulp-level difference does not change z0.
  const auto a = hs::bootstrap_interval(3.0, s, {}, 0.9, hs::BootstrapMethod::Percentile);
  const auto b = hs::bootstrap_interval(3.0, t, {}, 0.9, hs::BootstrapMethod::Percentile);
  CHECK(a.z0 == b.z0);
  // A constant distribution at the estimate: p̂ = 1/2, z0 = 0.
  CHECK(hs::bca_z0(2.0, Eigen::VectorXd::Constant(7, 2.0)) == 0.0);
}

TEST_CASE("the driver is deterministic and uses bootstrap_indices' resamples",
          "[stats][bootstrap]") {
  const RowMatrix x = table(25, 1, 1);
  const RowMatrix y = table(18, 1, 2);
  for (auto method : {hs::BootstrapMethod::Percentile, hs::BootstrapMethod::BCa}) {
    auto o = opts(method, 2000, 7);
    o.return_distribution = true;
    const auto a = hs::bootstrap_named("mean_difference", {x, y}, o);
    const auto b = hs::bootstrap_named("mean_difference", {x, y}, o);
    CHECK(a.ci_low == b.ci_low);
    CHECK(a.ci_high == b.ci_high);
    CHECK(a.estimate == b.estimate);
    CHECK(a.seed == 7);
    CHECK(a.n_resamples == 2000);
    CHECK(a.ci_method == (method == hs::BootstrapMethod::BCa ? "BCa" : "percentile"));
    CHECK(a.note.empty());
    CHECK(a.ci_low < a.estimate);
    CHECK(a.estimate < a.ci_high);
    o.seed = 8;
    const auto c = hs::bootstrap_named("mean_difference", {x, y}, o);
    CHECK(c.ci_low != a.ci_low);
    CHECK(c.ci_high != a.ci_high);

    // The same replicates from the exported indices, computed the same way.
    REQUIRE(a.distribution.has_value());
    const auto idx = hs::bootstrap_indices({25, 18}, 2000, 7);
    for (Eigen::Index r = 0; r < 2000; ++r) {
      RowMatrix xs(25, 1);
      RowMatrix ys(18, 1);
      for (Eigen::Index i = 0; i < 25; ++i) xs(i, 0) = x(idx[0](r, i), 0);
      for (Eigen::Index i = 0; i < 18; ++i) ys(i, 0) = y(idx[1](r, i), 0);
      const double d = hs::detail::column_mean(xs) - hs::detail::column_mean(ys);
      REQUIRE((*a.distribution)[r] == d);
    }
    if (method == hs::BootstrapMethod::BCa) {
      // Jackknife: each row of each sample left out in turn, the other sample whole.
      REQUIRE(a.jackknife.has_value());
      REQUIRE(a.jackknife->size() == 2);
      const double my = y.mean();
      for (Eigen::Index i = 0; i < 25; ++i) {
        const double loo = (x.sum() - x(i, 0)) / 24.0;
        CHECK_THAT((*a.jackknife)[0][i], WithinAbs(loo - my, 1e-13));
      }
      // The interval is bootstrap_interval of these ingredients.
      const auto iv = hs::bootstrap_interval(a.estimate, *a.distribution, *a.jackknife, 0.95,
                                             hs::BootstrapMethod::BCa);
      CHECK(iv.ci_low == a.ci_low);
      CHECK(iv.ci_high == a.ci_high);
      CHECK(iv.acceleration == a.acceleration);
    } else {
      CHECK_FALSE(a.jackknife.has_value());
      CHECK(std::isnan(a.acceleration));
    }
  }
}

TEST_CASE("named statistics compute what they say", "[stats][bootstrap]") {
  const RowMatrix x = table(11, 1, 5);
  const RowMatrix ratings = table(30, 3, 9);
  auto o = opts(hs::BootstrapMethod::BCa, 1000, 1);
  CHECK(hs::bootstrap_named("mean", {x}, o).estimate == hs::detail::column_mean(x));
  Eigen::VectorXd v = Eigen::Map<const Eigen::VectorXd>(x.data(), 11);
  std::sort(v.data(), v.data() + 11);
  CHECK(hs::bootstrap_named("median", {x}, o).estimate == v[5]);
  const RowMatrix x10 = x.topRows(10);
  Eigen::VectorXd w = Eigen::Map<const Eigen::VectorXd>(x10.data(), 10);
  std::sort(w.data(), w.data() + 10);
  CHECK(hs::bootstrap_named("median", {x10}, o).estimate == (w[4] + w[5]) / 2.0);
  const double sd = std::sqrt((x.array() - x.mean()).square().sum() / 10.0);
  CHECK_THAT(hs::bootstrap_named("SD", {x}, o).estimate, WithinRel(sd, 1e-14));
  RowMatrix paired(11, 2);
  paired.col(0) = x;
  paired.col(1) = table(11, 1, 6);
  CHECK_THAT(hs::bootstrap_named("mean_difference", {paired}, o).estimate,
             WithinAbs((paired.col(0) - paired.col(1)).mean(), 1e-14));
  for (const char* name : {"ICC(1,1)", "ICC(2,1)", "ICC(3,1)", "ICC(1,k)", "ICC(2,k)", "ICC(3,k)",
                           "ICC(A,1)", "ICC(C,k)"}) {
    const auto r = hs::bootstrap_named(name, {ratings}, o);
    CHECK(r.estimate == hs::icc_value(ratings, hs::parse_icc_form(name)));
    CHECK(r.ci_low <= r.ci_high);
    CHECK(std::isfinite(r.acceleration));
  }
  // The effect sizes equal effect_size.hpp's on the original samples.
  const RowMatrix y = table(9, 1, 7);
  const Eigen::VectorXd xv = x.col(0);
  const Eigen::VectorXd yv = y.col(0);
  CHECK_THAT(hs::bootstrap_named("cohen_d", {x, y}, o).estimate,
             WithinRel(hs::cohen_d(xv, yv).estimate, 1e-13));
  CHECK_THAT(hs::bootstrap_named("hedges_g", {x, y}, o).estimate,
             WithinRel(hs::hedges_g(xv, yv).estimate, 1e-13));
  const Eigen::VectorXd p0 = paired.col(0);
  const Eigen::VectorXd p1 = paired.col(1);
  CHECK_THAT(hs::bootstrap_named("cohen_dz", {paired}, o).estimate,
             WithinRel(hs::cohen_dz(p0, p1).estimate, 1e-13));
  CHECK(hipmech::test::thrown_argument([&] { hs::bootstrap_named("cohen_d", {x}, o); }) ==
        "samples");
  CHECK(hs::parse_bootstrap_statistic("ICC(A,1)").name == "ICC(A,1)");  // the row asked for
  CHECK(hs::parse_bootstrap_statistic("ICC3K").name == "ICC(3,k)");
  CHECK(hs::parse_bootstrap_statistic(" Mean ").name == "mean");
}

TEST_CASE("non-finite replicates are left out, counted and noted", "[stats][bootstrap]") {
  // The statistic is NaN whenever a resample's first row is row 0 (probability 1/5): those
  // replicates are left out, and the interval is that of the others.
  const RowMatrix x = column({1.0, 2.0, 4.0, 8.0, 16.0});
  auto stat = [](const hs::BootstrapSamples& s) {
    return s[0](0, 0) == 1.0 ? std::numeric_limits<double>::quiet_NaN() : s[0].mean();
  };
  auto o = opts(hs::BootstrapMethod::Percentile, 3000, 5);
  o.return_distribution = true;
  const auto r = hs::bootstrap(stat, {x}, o);
  const auto idx = hs::bootstrap_indices({5}, 3000, 5);
  Eigen::Index expected_nan = 0;
  for (Eigen::Index b = 0; b < 3000; ++b) expected_nan += idx[0](b, 0) == 0 ? 1 : 0;
  CHECK(expected_nan > 450);
  CHECK(r.n_nonfinite == expected_nan);
  CHECK_THAT(r.note, ContainsSubstring(std::to_string(expected_nan) + " of 3000"));
  Eigen::VectorXd finite(3000 - expected_nan);
  Eigen::Index m = 0;
  for (Eigen::Index b = 0; b < 3000; ++b) {
    if (std::isfinite((*r.distribution)[b])) finite[m++] = (*r.distribution)[b];
  }
  const auto iv =
      hs::bootstrap_interval(r.estimate, finite, {}, 0.95, hs::BootstrapMethod::Percentile);
  CHECK(iv.ci_low == r.ci_low);
  CHECK(iv.ci_high == r.ci_high);
  CHECK(iv.n_nonfinite == 0);

  SECTION("infinite replicates count too") {
    auto inf_stat = [](const hs::BootstrapSamples& s) {
      return s[0](0, 0) == 1.0 ? std::numeric_limits<double>::infinity() : s[0].mean();
    };
    CHECK(hs::bootstrap(inf_stat, {x}, o).n_nonfinite == expected_nan);
  }
  SECTION("no finite replicate: NaN interval with a note") {
    auto nan_stat = [](const hs::BootstrapSamples&) { return std::nan(""); };
    const auto all = hs::bootstrap(nan_stat, {x}, o);
    CHECK(all.n_nonfinite == 3000);
    CHECK(std::isnan(all.ci_low));
    CHECK(std::isnan(all.se));
    CHECK_THAT(all.note, ContainsSubstring("no finite bootstrap replicate"));
  }
  SECTION("a constant sample: ICC 0/0 everywhere") {
    const RowMatrix flat = RowMatrix::Constant(6, 3, 2.0);
    const auto icc =
        hs::bootstrap_named("ICC(3,1)", {flat}, opts(hs::BootstrapMethod::BCa, 200, 1));
    CHECK(std::isnan(icc.estimate));
    CHECK(icc.n_nonfinite == 200);
    CHECK(std::isnan(icc.ci_low));
    CHECK_FALSE(icc.note.empty());
  }
  SECTION("few resamples are noted") {
    const auto few = hs::bootstrap_named("mean", {x}, opts(hs::BootstrapMethod::BCa, 200, 1));
    CHECK_THAT(few.note, ContainsSubstring("fewer than 1000 resamples"));
  }
}

TEST_CASE("bad input names the argument", "[stats][bootstrap]") {
  const RowMatrix x = table(10, 1, 3);
  const RowMatrix y = table(8, 1, 4);
  const auto pct = opts(hs::BootstrapMethod::Percentile, 1000, 0);
  const auto bca = opts(hs::BootstrapMethod::BCa, 1000, 0);
  auto mean = [](const hs::BootstrapSamples& s) { return s[0].mean(); };
  SECTION("n_resamples") {
    CHECK(thrown_argument([&] {
            hs::bootstrap(mean, {x}, opts(hs::BootstrapMethod::Percentile, 0, 0));
          }) == "n_resamples");
    CHECK(thrown_argument([&] {
            hs::bootstrap(mean, {x}, opts(hs::BootstrapMethod::BCa, 99, 0));
          }) == "n_resamples");
    CHECK(thrown_argument([&] { hs::bootstrap_indices({3}, -1, 0); }) == "n_resamples");
    CHECK_NOTHROW(hs::bootstrap(mean, {x}, opts(hs::BootstrapMethod::Percentile, 1, 0)));
  }
  SECTION("confidence") {
    for (double c : {0.0, 1.0, 95.0, std::nan("")}) {
      CHECK(thrown_argument([&] {
              hs::bootstrap(mean, {x}, opts(hs::BootstrapMethod::BCa, 1000, 0, c));
            }) == "confidence");
    }
  }
  SECTION("samples") {
    CHECK(thrown_argument([&] { hs::bootstrap(mean, {}, pct); }) == "samples");
    CHECK(thrown_argument([&] { hs::bootstrap(mean, {x, RowMatrix(0, 1)}, pct); }) == "samples[1]");
    CHECK(thrown_argument([&] { hs::bootstrap(mean, {x, y.topRows(1)}, bca); }) == "samples[1]");
    RowMatrix with_nan = y;
    with_nan(3, 0) = std::nan("");
    const std::string msg = hipmech::test::thrown_message([&] {
      hs::bootstrap(mean, {x, with_nan}, pct);
    });
    CHECK_THAT(msg, ContainsSubstring("samples[1]"));
    CHECK_THAT(msg, ContainsSubstring("row 3"));
    RowMatrix with_inf = x;
    with_inf(0, 0) = std::numeric_limits<double>::infinity();
    CHECK(thrown_argument([&] { hs::bootstrap(mean, {with_inf}, pct); }) == "samples[0]");
    CHECK(thrown_argument([&] { hs::bootstrap_indices({}, 10, 0); }) == "sizes");
    CHECK(thrown_argument([&] { hs::bootstrap_indices({3, 0}, 10, 0); }) == "sizes");
  }
  SECTION("named statistics") {
    CHECK(thrown_argument([&] { hs::bootstrap_named("mode", {x}, pct); }) == "statistic");
    CHECK(thrown_argument([&] { hs::bootstrap_named("ICC(4,1)", {x}, pct); }) == "statistic");
    CHECK(thrown_argument([&] { hs::bootstrap_named("mean", {x, y}, pct); }) == "samples");
    CHECK(thrown_argument([&] { hs::bootstrap_named("mean", {table(5, 2, 1)}, pct); }) ==
          "samples[0]");
    CHECK(thrown_argument([&] { hs::bootstrap_named("mean_difference", {x}, pct); }) ==
          "samples[0]");
    CHECK(thrown_argument([&] {
            hs::bootstrap_named("mean_difference", {x, y, y}, pct);
          }) == "samples");
    CHECK(thrown_argument([&] { hs::bootstrap_named("ICC(2,1)", {x}, pct); }) == "samples[0]");
    CHECK(thrown_argument([&] { hs::bootstrap_named("ICC(2,1)", {table(2, 3, 1)}, bca); }) ==
          "samples[0]");
    CHECK_NOTHROW(hs::bootstrap_named("ICC(2,1)", {table(2, 3, 1)}, pct));
    CHECK(thrown_argument([&] { hs::bootstrap_named("sd", {x.topRows(2)}, bca); }) == "samples[0]");
  }
  SECTION("interval") {
    CHECK(thrown_argument([&] { hs::parse_bootstrap_method("basic"); }) == "method");
    CHECK(hs::parse_bootstrap_method("BCa") == hs::BootstrapMethod::BCa);
    CHECK(thrown_argument([&] {
            hs::bootstrap_interval(1.0, Eigen::VectorXd(0), {}, 0.9,
                                   hs::BootstrapMethod::Percentile);
          }) == "distribution");
    CHECK(thrown_argument([&] {
            hs::bootstrap_interval(1.0, Eigen::VectorXd::Ones(5), {}, 0.9,
                                   hs::BootstrapMethod::BCa);
          }) == "jackknife");
  }
}
