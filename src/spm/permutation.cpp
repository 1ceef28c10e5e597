// The compiled definitions of <hipmech/spm/permutation.hpp> (declared and documented there).
#include "hipmech/spm/permutation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "hipmech/core/check.hpp"
#include "hipmech/spm/clusters.hpp"
#include "hipmech/stats/bootstrap.hpp"

namespace hipmech::spm {
namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
constexpr std::int64_t kSaturated = std::numeric_limits<std::int64_t>::max();

std::int64_t saturating_mul(std::int64_t a, std::int64_t b) {
  if (a == 0 || b == 0) return 0;
  return a > kSaturated / b ? kSaturated : a * b;
}

/// C(n, k), saturating. Each step r·(n − k + i)/i is an integer; dividing by the gcd first keeps
/// the intermediate product within range whenever the result is.
std::int64_t binomial(std::int64_t n, std::int64_t k) {
  if (k < 0 || k > n) return 0;
  k = std::min(k, n - k);
  std::int64_t r = 1;
  for (std::int64_t i = 1; i <= k; ++i) {
    const std::int64_t g = std::gcd(r, i);
    const std::int64_t m = (n - k + i) / (i / g);
    r = saturating_mul(r / g, m);
    if (r == kSaturated) return kSaturated;
  }
  return r;
}

/// How the data are relabelled.
enum class Kind {
  Signs,      ///< one-sample / paired: sign flips of the curves
  TwoGroups,  ///< two-sample: which curves form group a
  Order,      ///< regression: the order of the curves against x
  Groups,     ///< one-way ANOVA: the group label of each curve
};

Kind kind_of(Design d) {
  switch (d) {
    case Design::OneSample:
    case Design::Paired:
      return Kind::Signs;
    case Design::TwoSample:
      return Kind::TwoGroups;
    case Design::Regression:
      return Kind::Order;
    case Design::Anova1:
      return Kind::Groups;
    case Design::Anova1rm:
      detail::throw_invalid_argument(
          "f", "a field from ttest, ttest_paired, ttest2, regress or anova1",
          "an anova1rm field (permutation inference of the repeated-measures ANOVA is not "
          "implemented; use inference_rft)");
  }
  return Kind::Signs;
}

/// The data and invariants of the statistic under relabelling, and the enumeration plan.
struct Plan {
  Kind kind = Kind::Signs;
  Eigen::Index n = 0;       // curves
  Eigen::Index q = 0;       // nodes
  RowMatrix y;              // signs: as analysed; others: centred at the column means
  Eigen::RowVectorXd ss;    // Σ y² per node of `y` (invariant under every relabelling here)
  Eigen::VectorXd xc;       // regression: x − x̄
  double sxx = 0.0;         // regression: Σ (x − x̄)²
  Eigen::Index n_a = 0;     // two-sample: curves in group a
  std::vector<int> labels;  // two-sample: 0 (a) / 1 (b); ANOVA: 0..k−1; sorted
  std::vector<double> group_size;  // ANOVA
  int k = 0;                       // ANOVA: groups
  bool exact = false;
  bool mirror_half = false;
  std::int64_t needed = 0;  // permutations an exact test enumerates
  std::int64_t count = 0;   // permutations visited
  std::uint64_t seed = 0;
  const io::CancelCheck* check_cancelled = nullptr;  // PermutationOptions::check_cancelled
};

/// Generates the permutations of a plan one after the other (exact: in enumeration order;
/// Monte Carlo: seeded draws) as weights on the curves: the statistic of a relabelling is a
/// function of S_g = Σ_i w_g,i y_i (g < groups()): signs ±1 (one-sample); 1 for the curves of
/// group a (two-sample); x_π(i) − x̄ (regression); the indicator of group g (ANOVA).
class Relabeller {
 public:
  explicit Relabeller(const Plan& p) : p_(p), rng_(p.seed) {
    const auto n = static_cast<std::size_t>(p.n);
    signs_.assign(n, 1.0);
    labels_ = p.labels;
    order_.resize(n);
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    combination_.resize(static_cast<std::size_t>(p.n_a));
    std::iota(combination_.begin(), combination_.end(), std::size_t{0});
  }

  int groups() const { return p_.kind == Kind::Groups ? p_.k : 1; }

  /// Advances to the next permutation and writes its weights, groups() × n, into `w`.
  void next(double* w) {
    const auto n = static_cast<std::size_t>(p_.n);
    switch (p_.kind) {
      case Kind::Signs:
        if (p_.exact) {  // bit j of the counter flips curve first + j
          const std::size_t first = p_.mirror_half ? 1 : 0;
          for (std::size_t j = 0; j + first < n; ++j) {
            signs_[first + j] = ((counter_ >> j) & 1U) ? -1.0 : 1.0;
          }
        } else {
          std::uint64_t bits = 0;
          for (std::size_t i = 0; i < n; ++i) {
            if (i % 64 == 0) bits = rng_.next();
            signs_[i] = (bits & 1U) ? -1.0 : 1.0;
            bits >>= 1U;
          }
        }
        std::copy(signs_.begin(), signs_.end(), w);
        break;
      case Kind::TwoGroups:
        std::fill(w, w + n, 0.0);
        if (p_.exact) {
          if (counter_ > 0) next_combination();
          for (std::size_t r : combination_) w[r] = 1.0;
        } else {
          shuffle(labels_);
          for (std::size_t i = 0; i < n; ++i) w[i] = labels_[i] == 0 ? 1.0 : 0.0;
        }
        break;
      case Kind::Order:
        if (p_.exact) {
          if (counter_ > 0) std::next_permutation(order_.begin(), order_.end());
        } else {
          shuffle(order_);
        }
        for (std::size_t i = 0; i < n; ++i) w[i] = p_.xc(static_cast<Eigen::Index>(order_[i]));
        break;
      case Kind::Groups:
        if (p_.exact) {
          if (counter_ > 0) std::next_permutation(labels_.begin(), labels_.end());
        } else {
          shuffle(labels_);
        }
        std::fill(w, w + n * static_cast<std::size_t>(p_.k), 0.0);
        for (std::size_t i = 0; i < n; ++i) w[static_cast<std::size_t>(labels_[i]) * n + i] = 1.0;
        break;
    }
    ++counter_;
  }

 private:
  template <typename V>
  void shuffle(V& v) {  // Fisher–Yates with unbiased bounded integers
    for (std::size_t i = v.size() - 1; i > 0; --i) {
      std::swap(v[i], v[static_cast<std::size_t>(rng_.bounded(i + 1))]);
    }
  }

  void next_combination() {  // lexicographic successor of the rows of group a
    const auto n = static_cast<std::size_t>(p_.n), m = combination_.size();
    std::size_t i = m - 1;
    while (combination_[i] == n - m + i) --i;
    ++combination_[i];
    for (std::size_t j = i + 1; j < m; ++j) combination_[j] = combination_[j - 1] + 1;
  }

  const Plan& p_;
  stats::BootstrapRng rng_;
  std::uint64_t counter_ = 0;
  std::vector<double> signs_;
  std::vector<int> labels_;
  std::vector<std::size_t> order_;
  std::vector<std::size_t> combination_;
};

/// Visits the permutations of the plan in order (the same ones on every call) and calls
/// fn(b, stat) with the statistic field (a row of Q) of permutation b for each b with
/// wanted(b). The fields are computed in blocks of kBlock permutations by one matrix product
/// of the weights with the data per group; all buffers are allocated once per call. The
/// cancellation hook, when given, is called before each kCancelCheckPermutations permutations
/// visited (wanted or not); what it throws leaves visit.
template <typename Wanted, typename Fn>
void visit(const Plan& p, Wanted&& wanted, Fn&& fn) {
  constexpr Eigen::Index kBlock = 128;
  const bool cancellable = p.check_cancelled != nullptr && *p.check_cancelled;
  const Eigen::Index n = p.n, q = p.q;
  const double nd = static_cast<double>(n);
  Relabeller gen(p);
  const int k = gen.groups();
  RowMatrix w(kBlock, n * k), s(kBlock, q), stat(kBlock, q), acc(kBlock, q);
  std::vector<std::int64_t> index(static_cast<std::size_t>(kBlock));
  std::vector<double> scratch(static_cast<std::size_t>(n * k));
  const auto ss = p.ss.array();
  Eigen::Index filled = 0;
  auto flush = [&]() {
    if (filled == 0) return;
    auto sb = s.topRows(filled);
    auto tb = stat.topRows(filled);
    switch (p.kind) {
      case Kind::Signs: {
        // t = (S/n) / sqrt((Σy² − S²/n) / ((n − 1) n)), S = Σ s_i y_i: only S changes.
        sb.noalias() = w.topRows(filled) * p.y;
        const double scale = 1.0 / ((nd - 1.0) * nd);
        tb.array() = (sb.array() / nd) /
                     ((ss.replicate(filled, 1) - sb.array().square() / nd) * scale).sqrt();
        break;
      }
      case Kind::TwoGroups: {
        // Centred data: S = Σ_a y, mean_a − mean_b = S (1/n_a + 1/n_b),
        // SS_within = Σy² − S² (1/n_a + 1/n_b).
        sb.noalias() = w.topRows(filled) * p.y;
        const double na = static_cast<double>(p.n_a), c = 1.0 / na + 1.0 / (nd - na);
        tb.array() = (sb.array() * c) /
                     ((ss.replicate(filled, 1) - sb.array().square() * c) / (nd - 2.0) * c).sqrt();
        break;
      }
      case Kind::Order: {
        // S = Σ (x_π(i) − x̄) y_i; t = S / sqrt(Sxx (Σ(y − ȳ)² − S²/Sxx) / (n − 2)).
        sb.noalias() = w.topRows(filled) * p.y;
        tb.array() =
            sb.array() /
            (p.sxx * (ss.replicate(filled, 1) - sb.array().square() / p.sxx) / (nd - 2.0)).sqrt();
        break;
      }
      case Kind::Groups: {
        // Centred data: SS_between = Σ_g G_g² / n_g (G_g = Σ of group g), SS_within = Σy² − SSB.
        auto ab = acc.topRows(filled);
        ab.setZero();
        for (int g = 0; g < k; ++g) {
          sb.noalias() = w.topRows(filled).middleCols(g * n, n) * p.y;
          ab.array() += sb.array().square() / p.group_size[static_cast<std::size_t>(g)];
        }
        const double df1 = static_cast<double>(k - 1), df2 = nd - static_cast<double>(k);
        tb.array() = (ab.array() / df1) / ((ss.replicate(filled, 1) - ab.array()) / df2);
        break;
      }
    }
    for (Eigen::Index r = 0; r < filled; ++r) fn(index[static_cast<std::size_t>(r)], tb.row(r));
    filled = 0;
  };
  for (std::int64_t b = 0; b < p.count; ++b) {
    if (cancellable && b % kCancelCheckPermutations == 0) (*p.check_cancelled)();
    if (!wanted(b)) {
      gen.next(scratch.data());  // keeps the sequence
      continue;
    }
    gen.next(w.row(filled).data());
    index[static_cast<std::size_t>(filled)] = b;
    if (++filled == kBlock) flush();
  }
  flush();
}

/// numpy.percentile(v, 100 (1 − alpha)) with the default linear method (Hyndman & Fan 1996
/// definition 7), including numpy's interpolation formula. Reorders `v` in place (partial
/// selection of the two order statistics that interpolation needs, as numpy partitions).
double percentile_linear(Eigen::VectorXd& v, double alpha) {
  const auto size = static_cast<std::size_t>(v.size());
  double* const first = v.data();
  const double quantile = (100.0 * (1.0 - alpha)) / 100.0;
  const double index = quantile * static_cast<double>(size - 1);
  const double lo_d = std::floor(index);
  const auto lo = static_cast<std::size_t>(lo_d);
  const std::size_t hi = std::min(lo + 1, size - 1);
  const double t = index - lo_d;
  // The lo-th smallest value, then the smallest of those above it (the hi-th when hi > lo).
  std::nth_element(first, first + lo, first + size);
  const double a = first[lo];
  const double b = hi > lo ? *std::min_element(first + hi, first + size) : a;
  const double d = b - a;
  return t >= 0.5 ? b - d * (1.0 - t) : a + d * t;
}

/// Values within this distance of each other are ties: relabellings that give the same field
/// in exact arithmetic (an ANOVA's groups of equal size swapped, the mirror of a permutation)
/// differ by rounding only, and spm1d's floating-point comparisons break such ties either way.
double tie_tolerance(double v) {
  return 1e-12 * std::max(1.0, std::abs(v));
}

/// Largest cluster metric of `z` at `zstar`: over the runs of nodes with s·z > zstar (ties with
/// zstar excluded), s = +1 and, two-tailed, also s = −1, the trapezoidal integral of s·z − zstar
/// (unit spacing; one node: its value) or the number of nodes; 0 without a run. Two-tailed, both
/// tails count, so that a permutation and its mirror (−z) have the same metric and the null
/// distribution does not depend on which of the two was enumerated (Nichols & Holmes 2002: the
/// two-sided test uses the maximum over both tails). spm1d counts the positive tail only and
/// doubles the p value; with one permutation of each mirror pair that makes its cluster p depend
/// on the order of the curves (docs/spm.md, "Differences from spm1d").
template <typename Row>
double max_cluster_metric(const Row& z, double zstar, bool integral, bool two_tailed) {
  const Eigen::Index q = z.size();
  const double above = zstar + tie_tolerance(zstar);
  double best = 0.0;
  for (const double s : {1.0, -1.0}) {
    if (s < 0.0 && !two_tailed) break;
    Eigen::Index i = 0;
    while (i < q) {
      if (!(s * z(i) > above)) {
        ++i;
        continue;
      }
      const Eigen::Index i0 = i;
      double sum = 0.0;
      while (i < q && s * z(i) > above) {
        sum += s * z(i) - zstar;
        ++i;
      }
      const Eigen::Index i1 = i - 1;
      double m = 0.0;
      if (!integral) {
        m = static_cast<double>(i1 - i0 + 1);
      } else if (i1 == i0) {
        m = sum;
      } else {
        m = sum - 0.5 * ((s * z(i0) - zstar) + (s * z(i1) - zstar));
      }
      best = std::max(best, m);
    }
  }
  return best;
}

Plan make_plan(const Field& f, bool two_tailed, const PermutationOptions& opt,
               std::int64_t possible) {
  Plan p;
  p.kind = kind_of(f.design);
  p.n = f.y.rows();
  p.q = f.y.cols();
  p.seed = opt.seed;
  if (p.kind == Kind::Signs) {
    p.y = f.y;
  } else {
    p.y = f.y.rowwise() - f.y.colwise().mean();
  }
  p.ss = p.y.colwise().squaredNorm();
  if (p.kind == Kind::Order) {
    p.xc = f.x.array() - f.x.mean();
    p.sxx = p.xc.squaredNorm();
  }
  if (p.kind == Kind::TwoGroups || p.kind == Kind::Groups) {
    p.labels.assign(f.groups.data(), f.groups.data() + f.groups.size());
    std::sort(p.labels.begin(), p.labels.end());
    p.k = p.labels.back() + 1;
    p.group_size.assign(static_cast<std::size_t>(p.k), 0.0);
    for (int l : p.labels) p.group_size[static_cast<std::size_t>(l)] += 1.0;
    p.n_a = static_cast<Eigen::Index>(p.group_size[0]);
  }
  // A permutation and its mirror (all signs flipped; groups a and b swapped when equal in
  // size) give −z, the same maximum of |z| and the same two-tailed cluster metric: two-tailed,
  // one of each pair is enumerated (spm1d enumerates the same half), and exact enumeration
  // needs only possible / 2 permutations.
  const bool mirrored =
      two_tailed && (p.kind == Kind::Signs || (p.kind == Kind::TwoGroups && 2 * p.n_a == p.n));
  p.needed = mirrored ? possible / 2 : possible;
  if (opt.n_permutations == -1) {
    p.exact = true;
  } else {
    p.exact = !opt.force_monte_carlo && p.needed <= opt.n_permutations;
  }
  p.mirror_half = p.exact && mirrored;
  p.count = p.exact ? p.needed : opt.n_permutations;
  return p;
}

void check_field(const Field& f) {
  const Eigen::Index n = f.y.rows(), q = f.z.size();
  HIPMECH_CHECK_ARG(q >= 2 && f.y.cols() == q && n >= 2 && f.y.allFinite(), "f",
                    "a statistic field from ttest, ttest_paired, ttest2, regress or anova1 "
                    "(with its data y)",
                    "a field without nodes or data");
  switch (kind_of(f.design)) {
    case Kind::Signs:
      break;
    case Kind::TwoGroups: {
      const Eigen::Index na = (f.groups.array() == 0).count();
      HIPMECH_CHECK_ARG(f.groups.size() == n && (f.groups.array() == 1).count() + na == n &&
                            na >= 1 && na < n && n >= 3,
                        "f", "a two-sample field with 0/1 group labels (ttest2)",
                        "labels missing or not 0/1");
      break;
    }
    case Kind::Order:
      HIPMECH_CHECK_ARG(
          f.x.size() == n && n >= 3 && f.x.allFinite() && f.x.maxCoeff() > f.x.minCoeff(), "f",
          "a regression field with its regressor x (regress)", "x missing or constant");
      break;
    case Kind::Groups: {
      bool ok = f.groups.size() == n && f.groups.size() > 0 && f.groups.minCoeff() == 0;
      const int k = ok ? f.groups.maxCoeff() + 1 : 0;
      for (int g = 0; ok && g < k; ++g) ok = (f.groups.array() == g).any();
      HIPMECH_CHECK_ARG(ok && k >= 2 && n > k, "f",
                        "an ANOVA field with group labels 0..k-1, k >= 2 (anova1)",
                        "labels missing or not 0..k-1");
      break;
    }
  }
}

}  // namespace

std::int64_t n_permutations_possible(const Field& f) {
  const auto n = static_cast<std::int64_t>(f.y.rows());
  switch (kind_of(f.design)) {
    case Kind::Signs:
      return n >= 63 ? kSaturated : (std::int64_t{1} << n);
    case Kind::TwoGroups:
      return binomial(n, static_cast<std::int64_t>((f.groups.array() == 0).count()));
    case Kind::Order: {
      std::int64_t r = 1;
      for (std::int64_t i = 2; i <= n; ++i) r = saturating_mul(r, i);
      return r;
    }
    case Kind::Groups: {
      // N! / Π n_g! = Π_g C(n_1 + … + n_g, n_g)
      const int k = f.groups.size() > 0 ? f.groups.maxCoeff() + 1 : 0;
      std::int64_t r = 1, so_far = 0;
      for (int g = 0; g < k; ++g) {
        const auto ng = static_cast<std::int64_t>((f.groups.array() == g).count());
        so_far += ng;
        r = saturating_mul(r, binomial(so_far, ng));
      }
      return r;
    }
  }
  return 0;
}

PermutationNull permutation_null(const Field& f, double alpha, bool two_tailed,
                                 const PermutationOptions& opt) {
  HIPMECH_CHECK_ARG(alpha > 0.0 && alpha < 1.0, "alpha", "a significance level in (0, 1)", alpha);
  HIPMECH_CHECK_ARG(!(two_tailed && f.statistic == Statistic::F), "two_tailed",
                    "false for an F field (F tests are one-tailed)", "true");
  HIPMECH_CHECK_ARG(opt.cluster_metric == "integral" || opt.cluster_metric == "extent",
                    "cluster_metric", "\"integral\" or \"extent\"",
                    "\"" + opt.cluster_metric + "\"");
  HIPMECH_CHECK_ARG(opt.n_permutations == -1 ||
                        (opt.n_permutations >= 1 && opt.n_permutations <= kMaxPermutations),
                    "n_permutations",
                    "a number of permutations from 1 to 10^8 (16 bytes each), or -1 for all",
                    opt.n_permutations);
  check_field(f);
  const std::int64_t possible = n_permutations_possible(f);
  if (opt.n_permutations == -1) {
    HIPMECH_CHECK_ARG(!opt.force_monte_carlo, "n_permutations",
                      "a number of Monte Carlo draws with force_monte_carlo (-1 means all)", -1);
    HIPMECH_CHECK_ARG(
        possible <= kMaxExactPermutations, "n_permutations",
        "-1 (all) only up to 10^7 possible permutations; give a number of "
        "Monte Carlo draws",
        "-1 with " +
            (possible == kSaturated ? std::string("more than 9.2e18") : std::to_string(possible)) +
            " possible permutations");
  }
  Plan plan = make_plan(f, two_tailed, opt, possible);
  PermutationNull out;
  out.exact = plan.exact;
  out.mirror_half = plan.mirror_half;
  out.n_possible = possible;
  out.n_exact = plan.needed;
  out.n_represented = plan.exact ? possible : plan.count;
  // alpha below 1 / (entries of the distribution) cannot be delivered: two-tailed with a mirror
  // half, the entries are half the possible permutations.
  HIPMECH_CHECK_ARG(alpha * static_cast<double>(plan.count) >= 1.0 - 1e-12, "alpha",
                    "at least 1 / (number of permutations in the null distribution) = 1/" +
                        std::to_string(plan.count) +
                        (plan.mirror_half ? " (two-tailed: one of each mirror pair)" : "") +
                        " (more permutations for a smaller alpha)",
                    alpha);

  // The two distributions are the only memory that grows with the permutations: 16 bytes each
  // (kMaxPermutations). The percentile reorders a copy of max_statistic held in the storage of
  // max_cluster_metric before that is filled.
  const auto count = static_cast<Eigen::Index>(plan.count);
  plan.check_cancelled = &opt.check_cancelled;
  out.max_statistic.resize(count);
  visit(
      plan, [](std::int64_t) { return true; },
      [&](std::int64_t b, const auto& z) {
        out.max_statistic(static_cast<Eigen::Index>(b)) =
            two_tailed ? z.cwiseAbs().maxCoeff() : z.maxCoeff();
      });
  out.max_cluster_metric.resize(count);
  out.max_cluster_metric = out.max_statistic;
  out.zstar = percentile_linear(out.max_cluster_metric, alpha);
  const bool integral = opt.cluster_metric == "integral";
  // Only a permutation whose maximum (of |z| two-tailed) is above zstar has a supra-threshold
  // run; the others' metric is 0.
  out.max_cluster_metric.setZero();
  const double above = out.zstar + tie_tolerance(out.zstar);
  visit(
      plan, [&](std::int64_t b) { return out.max_statistic(static_cast<Eigen::Index>(b)) > above; },
      [&](std::int64_t b, const auto& z) {
        out.max_cluster_metric(static_cast<Eigen::Index>(b)) =
            max_cluster_metric(z, out.zstar, integral, two_tailed);
      });
  return out;
}

Inference inference_permutation(const Field& f, double alpha, bool two_tailed,
                                const PermutationOptions& opt) {
  PermutationNull null = permutation_null(f, alpha, two_tailed, opt);
  Inference r;
  r.field = f;
  r.method = Method::Permutation;
  r.alpha = alpha;
  r.two_tailed = two_tailed;
  r.zstar = null.zstar;
  r.n_permutations = null.max_statistic.size();
  r.exact = null.exact;
  r.mirror_half = null.mirror_half;
  r.n_permutations_possible = null.n_possible;
  r.n_permutations_exact = null.n_exact;
  r.seed = opt.seed;
  r.cluster_metric = opt.cluster_metric;
  // Nodes at zstar belong to a cluster (spm1d labels z >= zstar): find_clusters takes
  // z > threshold, so it is given the next double below zstar, or zstar less the tie
  // tolerance when a node ties with zstar (the observed field is then a permutation's maximum).
  const double zstar = null.zstar;
  const double tol_z = tie_tolerance(zstar);
  const bool tie = ((f.z.array().abs() - zstar).abs() <= tol_z).any();
  double below =
      tie ? zstar - tol_z : std::nextafter(zstar, -std::numeric_limits<double>::infinity());
  // Two-tailed, zstar (a percentile of max |z|) is >= 0; only a degenerate zstar of about 0
  // could put `below` under 0, where the two tails would overlap (find_clusters refuses it).
  if (two_tailed) below = std::max(below, 0.0);
  r.clusters = find_clusters(f.z, below, two_tailed, true);
  r.h0reject = !r.clusters.empty();
  const Eigen::Index q = f.z.size();
  const double n = static_cast<double>(null.max_cluster_metric.size());
  const bool integral = opt.cluster_metric == "integral";
  for (Cluster& c : r.clusters) {
    const double s = static_cast<double>(c.sign);
    auto i0 = static_cast<Eigen::Index>(std::ceil(c.start));
    while (i0 < q - 1 && !(s * f.z(i0) >= zstar - tol_z)) ++i0;
    auto i1 = static_cast<Eigen::Index>(std::floor(c.end));
    while (i1 > i0 && !(s * f.z(i1) >= zstar - tol_z)) --i1;
    if (tie) {  // endpoints at zstar itself (find_clusters had zstar less the tolerance)
      if (i0 > 0) {
        const double a = s * f.z(i0 - 1), b = s * f.z(i0);
        c.start = static_cast<double>(i0 - 1) + std::clamp((zstar - a) / (b - a), 0.0, 1.0);
      }
      if (i1 < q - 1) {
        const double a = s * f.z(i1), b = s * f.z(i1 + 1);
        c.end = static_cast<double>(i1) + std::clamp((a - zstar) / (a - b), 0.0, 1.0);
      }
      c.extent = c.end - c.start;
    }
    // The observed cluster is measured as every permutation is (max_cluster_metric on its
    // nodes, s·z − zstar, unit spacing, nodes above zstar only), so the observed labelling's
    // own entry in the null distribution reaches it and the p value is not biased low. spm1d
    // adds half-trapezoids out to the interpolated crossings (and measures the extent between
    // them), a larger metric than its own null entries: its cluster p can leave out the
    // observed labelling (docs/spm.md, "Differences from spm1d").
    Eigen::VectorXd values = s * f.z.segment(i0, i1 - i0 + 1);
    c.integral = max_cluster_metric(values, zstar, true, false);
    const double observed = integral ? c.integral : max_cluster_metric(values, zstar, false, false);
    const auto reached =
        (null.max_cluster_metric.array() >= observed - tie_tolerance(observed)).count();
    // Exact: the fraction of all relabellings (one per mirror pair two-tailed; both tails are
    // in the metric, so no doubling) reaching the observed metric; the observed labelling is
    // one of them. Monte Carlo: (b + 1) / (n + 1), the observed labelling counted with the n
    // draws (Phipson & Smyth 2010, Stat Appl Genet Mol Biol 9:39). Capped at alpha as spm1d
    // reports it (a cluster exists only above zstar).
    double p = null.exact ? static_cast<double>(reached) / n
                          : (static_cast<double>(reached) + 1.0) / (n + 1.0);
    p = std::max(p, 1.0 / (null.exact ? n : n + 1.0));
    c.p = std::min(p, alpha);
  }
  r.p_set = std::numeric_limits<double>::quiet_NaN();
  r.permutation_max = std::move(null.max_statistic);
  return r;
}

}  // namespace hipmech::spm
