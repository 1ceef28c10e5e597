"""Every ICC form with F-tests and CIs: hipmech against pingouin.intraclass_corr and a numpy
ANOVA (estimates only).

    .venv/bin/python benchmarks/python/compare_icc.py [--targets 1000] [--raters 4] [--quick]

Ratings: n subjects (SD 15 N·m around 100) x k sessions with session offsets and an error SD
of 5 N·m. pingouin takes long-format data; its conversion is part of its time (that is how its
users call it) and is also timed apart. hipmech is timed from the wide table (its usual input)
and from the same long table with pingouin's argument names (``stats.icc(long, targets=...,
raters=..., ratings=...)``, the pivot included). Before timing, pingouin's table (ICC, F, df1,
df2, p, unrounded CI) is checked to agree with hipmech's (relative 1e-10; p 1e-7) and the six
estimates with numpy's. Printed: the time per call and pingouin / hipmech and numpy / hipmech
(above 1: hipmech is faster); issue 22 asks for pingouin / hipmech.stats.icc >= 50 on
1000 x 4. pingouin is a test-only dependency (requirements/dev.txt), GPL-3, used here as a
peer to time, not as code.
"""

from __future__ import annotations

import argparse
import timeit
import warnings

import numpy as np
import pandas as pd

import hipmech
from hipmech import stats


def ratings(n: int, k: int) -> np.ndarray:
    rng = np.random.default_rng(42)
    return (100 + rng.normal(0, 15, (n, 1)) + rng.normal(0, 3, (1, k))
            + rng.normal(0, 5, (n, k)))


def numpy_icc(x: np.ndarray) -> np.ndarray:
    """The six estimates from a numpy two-way ANOVA (Shrout & Fleiss 1979)."""
    n, k = x.shape
    g = x.mean()
    rm, cm = x.mean(1, keepdims=True), x.mean(0, keepdims=True)
    msr = k * ((rm - g) ** 2).sum() / (n - 1)
    msc = n * ((cm - g) ** 2).sum() / (k - 1)
    mse = ((x - rm - cm + g) ** 2).sum() / ((n - 1) * (k - 1))
    msw = ((x - rm) ** 2).sum() / (n * (k - 1))
    return np.array([(msr - msw) / (msr + (k - 1) * msw),
                     (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n),
                     (msr - mse) / (msr + (k - 1) * mse),
                     (msr - msw) / msr, (msr - mse) / (msr + (msc - mse) / n), (msr - mse) / msr])


QUICK = False  # --quick: one call per timing (the test suite's smoke run)


def best(stmt, number: int) -> float:
    if QUICK:
        number = 1
    return min(timeit.repeat(stmt, number=number, repeat=1 if QUICK else 5)) / number


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--targets", type=int, default=1000)
    p.add_argument("--raters", type=int, default=4)
    p.add_argument("--quick", action="store_true",
                   help="60 x 3 ratings, one call per timing (a smoke run)")
    a = p.parse_args()
    if a.quick:
        global QUICK
        QUICK = True
        a.targets, a.raters = 60, 3
    import pingouin as pg

    x = ratings(a.targets, a.raters)
    n, k = x.shape
    long = pd.DataFrame({"t": np.repeat(np.arange(n), k), "r": np.tile(np.arange(k), n),
                         "s": x.ravel()})
    warnings.simplefilter("ignore")  # pingouin trips pandas deprecation warnings

    pg.options["round.column.CI95"] = None  # compare the unrounded intervals
    theirs = pg.intraclass_corr(long, "t", "r", "s").set_index("Type")
    table = stats.icc(x)
    names = {"ICC(1,1)": "ICC(1,1)", "ICC(A,1)": "ICC(2,1)", "ICC(C,1)": "ICC(3,1)",
             "ICC(1,k)": "ICC(1,k)", "ICC(A,k)": "ICC(2,k)", "ICC(C,k)": "ICC(3,k)"}
    for pg_name, form in names.items():
        ours, ref = table.loc[form], theirs.loc[pg_name]
        got = [ours.icc, ours.f, ours.df1, ours.df2, ours.ci_low, ours.ci_high]
        want = [ref.ICC, ref.F, ref.df1, ref.df2, *ref.CI95]
        assert np.allclose(got, want, rtol=1e-10), (form, got, want)
        assert np.isclose(ours.p_value, ref.pval, rtol=1e-7, atol=1e-300), form
    assert np.allclose(table["icc"].to_numpy()[:6], numpy_icc(x), rtol=1e-10)
    from_long = stats.icc(long, targets="t", raters="r", ratings="s")
    assert np.allclose(from_long["icc"].to_numpy(), table["icc"].to_numpy(), rtol=1e-12)

    t_core = best(lambda: hipmech._core.stats_icc(x, 0.95, "propagate"), 2000)
    t_table = best(lambda: stats.icc(x), 500)
    t_from_long = best(lambda: stats.icc(long, targets="t", raters="r", ratings="s"), 200)
    t_pg = best(lambda: pg.intraclass_corr(long, "t", "r", "s"), 20)
    t_long = best(lambda: pd.DataFrame({"t": np.repeat(np.arange(n), k),
                                        "r": np.tile(np.arange(k), n), "s": x.ravel()}), 200)
    t_np = best(lambda: numpy_icc(x), 2000)
    print(f"ICC, all forms with F-tests and CIs, {n} targets x {k} raters")
    print(f"  hipmech._core.stats_icc              {t_core * 1e6:10.1f} us")
    print(f"  hipmech.stats.icc (wide -> table)    {t_table * 1e6:10.1f} us")
    print(f"  hipmech.stats.icc (long, pingouin's names) {t_from_long * 1e6:4.1f} us")
    print(f"  pingouin.intraclass_corr (long)      {t_pg * 1e6:10.1f} us   "
          f"(+ {t_long * 1e6:.1f} us to build its long table)")
    print(f"  numpy, six estimates only            {t_np * 1e6:10.1f} us")
    print(f"  pingouin / hipmech.stats.icc         {t_pg / t_table:10.1f} x   (issue 22: >= 50)")
    print(f"  pingouin / hipmech.stats.icc (long)  {t_pg / t_from_long:10.1f} x   "
          f"(both from the same long table)")
    print(f"  pingouin / hipmech core              {t_pg / t_core:10.1f} x")
    print(f"  numpy (no CIs) / hipmech core        {t_np / t_core:10.1f} x")


if __name__ == "__main__":
    main()
