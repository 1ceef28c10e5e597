"""Every ICC form with F-tests and CIs: hipmech against pingouin.intraclass_corr and a numpy
ANOVA (estimates only).

    .venv/bin/python benchmarks/python/compare_icc.py [--targets 1000] [--raters 4]

Ratings: n subjects (SD 15 N·m around 100) x k sessions with session offsets and an error SD
of 5 N·m. pingouin takes long-format data; its conversion is part of its time (that is how its
users call it) and is also timed apart. Before timing, the six Shrout & Fleiss estimates are
checked to agree (relative 1e-10). Printed: the time per call and pingouin / hipmech and
numpy / hipmech (above 1: hipmech is faster). pingouin is a test-only dependency
(requirements/dev.txt), GPL-3, used here as a peer to time, not as code.
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


def best(stmt, number: int) -> float:
    return min(timeit.repeat(stmt, number=number, repeat=5)) / number


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--targets", type=int, default=1000)
    p.add_argument("--raters", type=int, default=4)
    a = p.parse_args()
    import pingouin as pg

    x = ratings(a.targets, a.raters)
    n, k = x.shape
    long = pd.DataFrame({"t": np.repeat(np.arange(n), k), "r": np.tile(np.arange(k), n),
                         "s": x.ravel()})
    warnings.simplefilter("ignore")  # pingouin trips pandas deprecation warnings

    ours = hipmech._core.stats_icc(x, 0.95, "propagate")["rows"][:6]
    order = [0, 1, 2, 3, 4, 5]  # ICC(1,1), (2,1), (3,1), (1,k), (2,k), (3,k)
    ours = np.array([ours[i]["icc"] for i in order])
    theirs = pg.intraclass_corr(long, "t", "r", "s")["ICC"].to_numpy()
    assert np.allclose(ours, theirs, rtol=1e-10), (ours, theirs)
    assert np.allclose(ours, numpy_icc(x), rtol=1e-10)

    t_core = best(lambda: hipmech._core.stats_icc(x, 0.95, "propagate"), 2000)
    t_table = best(lambda: stats.icc(x), 200)
    t_pg = best(lambda: pg.intraclass_corr(long, "t", "r", "s"), 20)
    t_long = best(lambda: pd.DataFrame({"t": np.repeat(np.arange(n), k),
                                        "r": np.tile(np.arange(k), n), "s": x.ravel()}), 200)
    t_np = best(lambda: numpy_icc(x), 2000)
    print(f"ICC, all forms with F-tests and CIs, {n} targets x {k} raters")
    print(f"  hipmech._core.stats_icc        {t_core * 1e6:10.1f} us")
    print(f"  hipmech.stats.icc (DataFrame)  {t_table * 1e6:10.1f} us")
    print(f"  pingouin.intraclass_corr       {t_pg * 1e6:10.1f} us   "
          f"(+ {t_long * 1e6:.1f} us to build its long table)")
    print(f"  numpy, six estimates only      {t_np * 1e6:10.1f} us")
    print(f"  pingouin / hipmech.stats.icc   {t_pg / t_table:10.1f} x")
    print(f"  pingouin / hipmech core        {t_pg / t_core:10.1f} x")
    print(f"  numpy (no CIs) / hipmech core  {t_np / t_core:10.1f} x")


if __name__ == "__main__":
    main()
