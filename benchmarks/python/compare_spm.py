"""SPM1D: hipmech.spm (C++) against spm1d (Python/numpy) in one process (issue 24).

    .venv/bin/python benchmarks/python/compare_spm.py [--permutations 10000] [--quick]
        [--bench build/release/benchmarks/hipmech_bench]

The data are those of benchmarks/bench_spm.cpp, rebuilt here with the same formulas: 20 pairs
of smooth curves x 101 nodes (sums of sinusoids with trigonometric pseudo-random amplitudes and
phases), a half-sine effect of 0.8 on nodes 40-69 in the first set.

Timed, best of 5 (of a loop of calls for the short ones):

* RFT: ``hipmech.spm.ttest_paired(a, b)`` (field, FWHM, threshold, clusters, p values) against
  ``spm1d.stats.ttest_paired(a, b).inference(0.05, two_tailed=True, interp=True)``; the
  issue's target: hipmech at least 20x faster;
* permutation: ``hipmech.spm.ttest_paired(a, b, method="permutation", n_permutations=10000)``
  from Python (seeded Monte Carlo sign flips of 2^20 possible, two-tailed; the GIL is released
  during the C++ call), the issue's target under 100 ms; spm1d's
  ``spm1d.stats.nonparam.ttest_paired(a, b).inference(0.05, two_tailed=True,
  iterations=10000)`` for scale.

Before timing, hipmech's results are checked against spm1d: the RFT results on these data, and
exact permutation inference on the first 10 pairs (all 1024 sign flips in both). With --bench,
the C++ benchmarks BM_SpmRftPaired20x101 and BM_SpmPermutationPaired20x101_10k (median of 5)
are run too.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import timeit
import warnings

import numpy as np

import hipmech
from hipmech import spm

QUICK = False  # --quick: one call per timing (the test command's smoke pass)


def best(fn, number: int = 1, repeat: int = 5) -> float:
    """Seconds per call: the best of ``repeat`` loops of ``number`` calls."""
    if QUICK:
        t0 = timeit.default_timer()
        fn()
        return timeit.default_timer() - t0
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def spm_curves(j: int, q: int, effect: float, salt: float) -> np.ndarray:
    """spm_curves of bench_spm.cpp."""
    y = np.zeros((j, q))
    nodes = np.arange(q, dtype=float)
    for i in range(j):
        for h in range(1, 7):
            s = float(i * 7 + h) + salt
            a = np.sin(12.9898 * s + 78.233) / h
            phase = 2.0 * np.pi * abs(np.cos(4.1414 * s))
            y[i] += a * np.sin(np.pi * h * nodes / q + phase)
        k = np.arange(40, min(70, q))
        y[i, k] += effect * np.sin(np.pi * (k - 40) / 30.0)
    return y


def check_against_spm1d(spm1d, a: np.ndarray, b: np.ndarray) -> None:
    r = spm.ttest_paired(a, b)
    t = spm1d.stats.ttest_paired(a, b).inference(0.05, two_tailed=True, interp=True)
    assert np.max(np.abs(r.z - t.z)) < 1e-10
    assert abs(r.fwhm - t.fwhm) < 1e-8 * t.fwhm and abs(r.zstar - t.zstar) < 1e-6
    assert len(r.clusters) == len(t.clusters) >= 1
    assert np.allclose(r.p_cluster, [float(p) for p in t.p], atol=1e-6, rtol=0)
    assert abs(r.p_set - float(t.p_set)) < 1e-6
    e = spm.ttest_paired(a[:10], b[:10], method="permutation", n_permutations=-1)
    n = spm1d.stats.nonparam.ttest_paired(a[:10], b[:10]).inference(0.05, two_tailed=True,
                                                                     iterations=-1)
    assert e.exact and abs(e.zstar - n.zstar) < 1e-10
    assert len(e.clusters) == len(n.clusters)
    assert np.allclose(e.p_cluster, [float(p) for p in n.p], atol=1e-12, rtol=0)


def cpp_ms(bench: str, name: str) -> float | None:
    out = subprocess.run(
        [bench, f"--benchmark_filter={name}$", "--benchmark_format=json",
         "--benchmark_repetitions=5", "--benchmark_report_aggregates_only=true"],
        check=True, capture_output=True, text=True).stdout
    runs = json.loads(out)["benchmarks"] if out.strip() else []
    med = next((r for r in runs if r.get("aggregate_name") == "median"), None)
    if med is None:
        return None
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[med["time_unit"]]
    return med["real_time"] * scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--permutations", type=int, default=10_000)
    parser.add_argument("--bench", default=None, help="path to a built hipmech_bench")
    parser.add_argument("--quick", action="store_true",
                        help="one repetition, 1000 permutations: the smoke pass of the tests")
    args = parser.parse_args()
    if args.quick:
        global QUICK
        QUICK = True
        args.permutations = min(args.permutations, 1000)
    warnings.simplefilter("ignore")  # spm1d's deprecation and equal_var notes
    import spm1d

    a, b = spm_curves(20, 101, 0.8, 0.0), spm_curves(20, 101, 0.0, 0.5)
    check_against_spm1d(spm1d, a, b)
    n_perm = args.permutations
    print(f"hipmech {hipmech.__version__}, spm1d {spm1d.__version__}; paired t test of 20 x 101 "
          f"curves, alpha 0.05, two-tailed")
    print("(hipmech = spm1d checked first: RFT z, FWHM, zstar, cluster and set p; exact "
          "permutation zstar and cluster p on 10 pairs)")

    t_ours = best(lambda: spm.ttest_paired(a, b), number=200)
    t_theirs = best(lambda: spm1d.stats.ttest_paired(a, b).inference(
        0.05, two_tailed=True, interp=True), number=10)
    print(f"{'RFT inference':<34}{'hipmech':>11}{'spm1d':>11}{'spm1d/hipmech':>15}")
    print(f"{'  ttest_paired 20 x 101':<34}{t_ours * 1e3:9.3f}ms{t_theirs * 1e3:9.2f}ms"
          f"{t_theirs / t_ours:14.0f}x   (target >= 20x)")

    def ours_perm():
        return spm.ttest_paired(a, b, method="permutation", n_permutations=n_perm, seed=1)

    r = ours_perm()
    assert r.n_permutations == n_perm and not r.exact
    p_ours = best(ours_perm, repeat=5)
    p_theirs = best(lambda: spm1d.stats.nonparam.ttest_paired(a, b).inference(
        0.05, two_tailed=True, iterations=n_perm), repeat=1 if n_perm > 2000 else 3)
    print(f"{'permutation inference':<34}{'hipmech':>11}{'spm1d':>11}{'spm1d/hipmech':>15}")
    print(f"{f'  {n_perm} sign flips, 20 x 101':<34}{p_ours * 1e3:9.1f}ms{p_theirs * 1e3:9.0f}ms"
          f"{p_theirs / p_ours:14.0f}x   (target: hipmech < 100 ms for 10,000)")
    if args.bench:
        for name in ("BM_SpmRftPaired20x101", "BM_SpmPermutationPaired20x101_10k"):
            ms = cpp_ms(args.bench, name)
            print(f"C++ {name}: " + (f"{ms:.3f} ms (median of 5)" if ms is not None else "n/a"))


if __name__ == "__main__":
    main()
