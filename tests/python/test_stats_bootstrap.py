"""hipmech.stats.bootstrap: percentile and BCa intervals against (1) an independent numpy
implementation of Efron & Tibshirani's formulas fed with the same resamples,
(2) scipy.stats.bootstrap (exactly, on the same bootstrap distribution, and within Monte-Carlo
error with scipy's own resampling), (3) callables equal to the named statistics, (4) seeded determinism, (5) bad input.

Sources of the reference formulas: Efron B, Tibshirani RJ (1993) An Introduction to the
Bootstrap, ch. 13 (percentile interval), ch. 14 (BCa: eq. 14.10 adjusted levels, eq. 14.14 bias
correction, eq. 14.15 jackknife acceleration), eq. 15.36 (several samples); Hyndman & Fan (1996)
definition 7 (quantile); Shrout & Fleiss (1979) Table 2 (ICC). Φ and Φ⁻¹ come from
scipy.special (Cephes), independent of the Boost.Math used by hipmech.
"""

from __future__ import annotations

import dataclasses
import math
import re
import types

import numpy as np
import pytest
from scipy import stats as sps
from scipy.special import gammaln, ndtr, ndtri

import hipmech
from hipmech.stats import (BOOTSTRAP_STATISTICS, BootstrapInterval, BootstrapResult, bootstrap,
                           bootstrap_indices, bootstrap_interval)

TIE_TOLERANCE = 1e-9  # replicates within 1e-9 bootstrap SE of the estimate are ties (docs)


# ---------------------------------------------------------------------------------------------
# Statistics in numpy, vectorised over leading axes (a resampled sample is (..., n) or (..., n, k))
# ---------------------------------------------------------------------------------------------

def icc_np(x: np.ndarray, form: str) -> np.ndarray:
    """Shrout & Fleiss (1979) ICCs of (..., n, k) tables, from the two-way ANOVA mean squares."""
    n, k = x.shape[-2:]
    grand = x.mean(axis=(-2, -1), keepdims=True)
    rm = x.mean(axis=-1, keepdims=True)
    cm = x.mean(axis=-2, keepdims=True)
    ssr = k * ((rm - grand) ** 2).sum(axis=(-2, -1))
    ssc = n * ((cm - grand) ** 2).sum(axis=(-2, -1))
    sse = ((x - rm - cm + grand) ** 2).sum(axis=(-2, -1))
    msr, msc = ssr / (n - 1), ssc / (k - 1)
    mse, msw = sse / ((n - 1) * (k - 1)), (ssc + sse) / (n * (k - 1))
    num, den = {
        "ICC(1,1)": (msr - msw, msr + (k - 1) * msw),
        "ICC(1,k)": (msr - msw, msr),
        "ICC(2,1)": (msr - mse, msr + (k - 1) * mse + k * (msc - mse) / n),
        "ICC(2,k)": (msr - mse, msr + (msc - mse) / n),
        "ICC(3,1)": (msr - mse, msr + (k - 1) * mse),
        "ICC(3,k)": (msr - mse, msr),
    }[form]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den != 0, num / np.where(den != 0, den, 1.0), np.nan)


def np_statistic(name: str):
    """The numpy twin of a named statistic: f(*samples) with samples (..., n) or (..., n, k)."""
    if name == "mean":
        return lambda x: x.mean(axis=-1)
    if name == "median":
        return lambda x: np.median(x, axis=-1)
    if name == "sd":
        return lambda x: x.std(axis=-1, ddof=1)
    if name == "mean_difference":
        def md(*s):
            if len(s) == 2:
                return s[0].mean(axis=-1) - s[1].mean(axis=-1)
            return (s[0][..., 0] - s[0][..., 1]).mean(axis=-1)
        return md
    if name in ("cohen_d", "hedges_g"):
        # Cohen (1988) pooled-SD d; Hedges (1981) exact J = G(df/2) / (sqrt(df/2) G((df-1)/2))
        def smd(a, b):
            na, nb = a.shape[-1], b.shape[-1]
            df = na + nb - 2
            sp = np.sqrt(((na - 1) * a.var(axis=-1, ddof=1) + (nb - 1) * b.var(axis=-1, ddof=1))
                         / df)
            d = (a.mean(axis=-1) - b.mean(axis=-1)) / sp
            if name == "cohen_d":
                return d
            return d * np.exp(gammaln(df / 2) - 0.5 * np.log(df / 2) - gammaln((df - 1) / 2))
        return smd
    if name == "cohen_dz":
        def dz(x):
            diff = x[..., 0] - x[..., 1]
            return diff.mean(axis=-1) / diff.std(axis=-1, ddof=1)
        return dz
    return lambda x: icc_np(x, name)


# ---------------------------------------------------------------------------------------------
# The reference implementation, written from Efron & Tibshirani (1993)
# ---------------------------------------------------------------------------------------------

def ref_quantile(sorted_x: np.ndarray, p: float) -> float:
    """Hyndman & Fan definition 7: h = (m − 1) p, x[j] + (h − j)(x[j+1] − x[j])."""
    m = sorted_x.size
    h = (m - 1) * min(max(p, 0.0), 1.0)
    j = int(math.floor(h))
    if j >= m - 1:
        return float(sorted_x[-1])
    return float(sorted_x[j] + (h - j) * (sorted_x[j + 1] - sorted_x[j]))


def ref_acceleration(jack: list) -> float:
    """Eq. 14.15 for one sample; for several, the influence values U = (n − 1)(θ̄ − θ₍ᵢ₎) of
    each sample combined as in eq. 15.36 (scipy's form)."""
    if len(jack) == 1:
        d = jack[0].mean() - jack[0]
        return float((d ** 3).sum() / (6.0 * (d ** 2).sum() ** 1.5))
    num = den = 0.0
    for t in jack:
        n = t.size
        u = (n - 1) * (t.mean() - t)
        num += (u ** 3).sum() / n ** 3
        den += (u ** 2).sum() / n ** 2
    return float(num / (6.0 * den ** 1.5))


def ref_interval(theta_hat: float, dist: np.ndarray, jack: list, confidence: float,
                 method: str) -> dict:
    d = np.sort(dist[np.isfinite(dist)])
    B = d.size
    se = d.std(ddof=1)
    tau = TIE_TOLERANCE * se
    # Eq. 14.14 with ties counted one half.
    p = ((d < theta_hat - tau).sum() + (d <= theta_hat + tau).sum()) / (2.0 * B)
    z0 = float(ndtri(p))
    alpha = (1.0 - confidence) / 2.0
    if method == "percentile":
        a = math.nan
        levels = (alpha, 1.0 - alpha)
    else:
        a = ref_acceleration(jack)
        z = float(ndtri(alpha))
        levels = tuple(float(ndtr(z0 + (z0 + zz) / (1.0 - a * (z0 + zz)))) for zz in (z, -z))
    return dict(low=ref_quantile(d, levels[0]), high=ref_quantile(d, levels[1]), z0=z0,
                acceleration=a, level_low=levels[0], level_high=levels[1], se=se,
                bias=d.mean() - theta_hat)


def ref_jackknife(f, samples: list) -> list:
    """θ with row i of sample j left out, the other samples whole."""
    out = []
    for j, s in enumerate(samples):
        vals = []
        for i in range(s.shape[0]):
            loo = list(samples)
            loo[j] = np.delete(s, i, axis=0)
            vals.append(float(f(*loo)))
        out.append(np.array(vals))
    return out


def resampled(samples: list, idx: list) -> list:
    """All B resamples at once: sample j becomes (B, n_j) or (B, n_j, k_j)."""
    return [s[i] for s, i in zip(samples, idx)]


# ---------------------------------------------------------------------------------------------
# Random datasets
# ---------------------------------------------------------------------------------------------

CASES = ["mean", "median", "sd", "mean_difference", "paired", "ICC(2,1)", "ICC(3,k)",
         "ICC(1,1)", "ICC(3,1)", "ICC(1,k)", "ICC(2,k)"]


def dataset(case: str, rng: np.random.Generator, discrete: bool) -> tuple[str, list]:
    """Samples for a case: skewed or normal values, rounded to 0.1 when `discrete` (ties)."""
    n = int(rng.integers(8, 40))
    def values(size):
        v = rng.lognormal(2.0, 0.5, size) if rng.random() < 0.5 else rng.normal(20.0, 4.0, size)
        return np.round(v, 1) if discrete else v
    if case in ("mean", "median", "sd"):
        return case, [values(n)]
    if case in ("mean_difference", "cohen_d", "hedges_g"):
        return case, [values(n), values(int(rng.integers(6, 40)))]
    if case in ("paired", "cohen_dz"):
        a = values(n)
        b = a + (np.round(rng.normal(0.5, 1.0, n), 1) if discrete else rng.normal(0.5, 1.0, n))
        return ("mean_difference" if case == "paired" else case), [np.column_stack([a, b])]
    k = int(rng.integers(2, 5))
    subj = rng.normal(50.0, 8.0, (n, 1))
    x = subj + rng.normal(0.0, 1.5, (1, k)) + rng.normal(0.0, 4.0, (n, k))
    return case, [np.round(x, 1) if discrete else x]


def assert_close(actual, expected, what, rtol=1e-12, atol=1e-12):
    assert np.isclose(actual, expected, rtol=rtol, atol=atol, equal_nan=True), \
        f"{what}: {actual!r} != {expected!r} (difference {actual - expected:.3g})"


# ---------------------------------------------------------------------------------------------
# (1) The independent implementation, same indices, same statistic
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["percentile", "bca"])
def test_matches_independent_implementation(method):
    rng = np.random.default_rng(20240611 if method == "bca" else 11)
    B = 2000
    worst = 0.0
    for t in range(110):
        case = CASES[t % len(CASES)]
        name, samples = dataset(case, rng, discrete=t % 3 == 0)
        conf = [0.95, 0.9, 0.8, 0.99][t % 4]
        seed = int(rng.integers(0, 2**63))
        r = bootstrap(name, *samples, n_resamples=B, confidence=conf, method=method, seed=seed,
                      return_distribution=True)
        f = np_statistic(name)
        idx = bootstrap_indices([s.shape[0] for s in samples], B, seed)
        theta_b = np.asarray(f(*resampled(samples, idx)), dtype=float)
        theta_hat = float(f(*samples))
        jack = ref_jackknife(f, samples) if method == "bca" else []
        ref = ref_interval(theta_hat, theta_b, jack, conf, method)
        # The replicates are the statistic on the resamples of bootstrap_indices.
        np.testing.assert_allclose(r.distribution, theta_b, rtol=1e-12, atol=1e-12)
        assert_close(r.estimate, theta_hat, f"{case} estimate")
        for key, got in (("low", r.ci_low), ("high", r.ci_high), ("z0", r.z0),
                         ("level_low", r.level_low), ("level_high", r.level_high),
                         ("se", r.se), ("bias", r.bias), ("acceleration", r.acceleration)):
            assert_close(got, ref[key], f"dataset {t} ({case}, {method}) {key}")
        worst = max(worst, abs(r.ci_low - ref["low"]), abs(r.ci_high - ref["high"]))
        if method == "bca":
            for mine, theirs in zip(r.jackknife, jack):
                np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-12)
        assert r.n_nonfinite == 0
    assert worst < 1e-11


def test_interval_function_matches_reference():
    """bootstrap_interval on arbitrary replicates (non-finite ones included) and jackknives."""
    rng = np.random.default_rng(5)
    for t in range(100):
        B = int(rng.integers(100, 3000))
        dist = rng.gamma(2.0, 1.0, B)
        dist[rng.random(B) < 0.02] = np.nan
        dist[rng.random(B) < 0.01] = np.inf
        est = float(np.nanmedian(dist[np.isfinite(dist)]) + rng.normal(0, 0.1))
        jack = [rng.normal(0, 1, int(rng.integers(3, 30))) ** 3 for _ in range(1 + t % 3)]
        conf = float(rng.uniform(0.5, 0.99))
        for method in ("percentile", "bca"):
            iv = bootstrap_interval(est, dist, jack, confidence=conf, method=method)
            ref = ref_interval(est, dist, jack, conf, method)
            assert iv.n_nonfinite == int((~np.isfinite(dist)).sum())
            assert iv.n_used == B - iv.n_nonfinite
            for key in ("low", "high", "z0", "level_low", "level_high", "se", "bias",
                        "acceleration"):
                attr = {"low": "ci_low", "high": "ci_high"}.get(key, key)
                assert_close(getattr(iv, attr), ref[key], f"{t} {method} {key}")
            assert "not finite" in iv.note
    # One 1-D jackknife array is one sample.
    j = np.array([1.0, 2.0, 3.0, 6.0])
    d = np.arange(1, 11) * 0.5
    assert bootstrap_interval(2.0, d, j, 0.5).ci_low == bootstrap_interval(2.0, d, [j], 0.5).ci_low
    assert bootstrap_interval(2.0, d, list(j), 0.5).ci_low == bootstrap_interval(2.0, d, [j], 0.5).ci_low
    # Efron & Tibshirani's worked BCa example of the C++ tests (tests/cpp/stats/test_bootstrap.cpp).
    iv = bootstrap_interval(2.0, d, j, confidence=0.5, method="BCa")
    assert_close(iv.ci_low, 0.7927789947448924, "low")
    assert_close(iv.ci_high, 2.569234944476714, "high")


# ---------------------------------------------------------------------------------------------
# (2) scipy.stats.bootstrap
# ---------------------------------------------------------------------------------------------

def scipy_call(name: str, samples: list):
    """(data, statistic, paired) for scipy.stats.bootstrap: a table's k columns become k paired
    samples (scipy resamples their rows together), vectorised with `axis`."""
    f = np_statistic(name)
    if samples[0].ndim == 2:
        cols = tuple(samples[0].T)
        def stat(*c, axis=-1):
            return np.asarray(f(np.stack([np.moveaxis(ci, axis, -1) for ci in c], axis=-1)))
        return cols, stat, True
    def stat1(*s, axis=-1):
        return np.asarray(f(*[np.moveaxis(si, axis, -1) for si in s]))
    return tuple(samples), stat1, False


@pytest.mark.parametrize("method", ["percentile", "BCa"])
def test_scipy_on_the_same_distribution(method):
    """scipy computes its interval (and its own estimate and jackknife) from hipmech's
    replicates (bootstrap_result= with n_resamples=0): the two must agree to round-off.

    Ties: with n ≈ 10 a resample is a permutation of the data once in ~1000 resamples, and its
    statistic equals the estimate up to rounding (3.6e-15 apart, say). scipy compares exactly,
    so whether it counts such a replicate below or above depends on the summation order;
    hipmech counts replicates within 1e-9 SE as ties (one half). Those replicates are set to
    scipy's own estimate in the copy handed to scipy, which then counts them as exact ties: the
    interval moves by round-off only, and every other step is compared exactly."""
    rng = np.random.default_rng(77)
    n_snapped = 0
    for t in range(100):
        case = CASES[t % len(CASES)]
        name, samples = dataset(case, rng, discrete=False)
        r = bootstrap(name, *samples, n_resamples=3000, method=method, seed=t,
                      confidence=0.9, return_distribution=True)
        data, stat, paired = scipy_call(name, samples)
        dist = r.distribution.copy()
        near = np.abs(dist - r.estimate) <= TIE_TOLERANCE * r.se
        dist[near] = stat(*data)
        n_snapped += int(near.sum())
        prior = types.SimpleNamespace(bootstrap_distribution=dist)
        s = sps.bootstrap(data, stat, n_resamples=0, bootstrap_result=prior, paired=paired,
                          method=method, confidence_level=0.9, vectorized=True)
        assert_close(r.ci_low, s.confidence_interval.low, f"{t} {case} low", rtol=1e-11)
        assert_close(r.ci_high, s.confidence_interval.high, f"{t} {case} high", rtol=1e-11)
        assert_close(r.se, s.standard_error, f"{t} {case} se", rtol=1e-11)
    assert n_snapped > 0  # the case above does occur


@pytest.mark.parametrize("method", ["percentile", "BCa"])
def test_scipy_resampling_within_monte_carlo_error(method):
    """scipy's own resampling (another random stream) at B = 10000 on 100 datasets.

    Tolerance. An end point is the p-quantile of B replicates (p = α, or the BCa level α1,2);
    its Monte-Carlo error is that of the empirical CDF at it, binomial with SD
    δ = sqrt(p (1 − p) / B) in probability (Efron & Tibshirani 1993 ch. 19; the order-statistic
    band of a quantile). Two independent runs differ with SD √2 δ; for BCa the level itself
    moves with z0, whose SD is sqrt(p0 (1 − p0) / B) / φ(z0) ≈ 1.25/√B, moving α1,2 by about
    2 φ(z_adjusted) times that. Each of scipy's ends must lie in hipmech's quantile band
    [Q(p − 5 δ'), Q(p + 5 δ')] with δ' the combined SD: a 5-SD band in probability that holds
    for any shape of the bootstrap distribution, discrete (the median) or skewed (ICCs of 10
    subjects, whose lower end moves by 0.2 SE between runs). A systematic offset would show in
    the mean signed difference over the 180 ends of the continuous statistics: it must stay
    within 0.03 SE (its SD is about 0.006 SE: 0.075 SE per end / √180).
    """
    rng = np.random.default_rng(4242)
    B = 10_000
    diffs = []
    for t in range(100):
        case = CASES[t % len(CASES)]
        name, samples = dataset(case, rng, discrete=False)
        r = bootstrap(name, *samples, n_resamples=B, method=method, seed=t,
                      return_distribution=True)
        data, stat, paired = scipy_call(name, samples)
        s = sps.bootstrap(data, stat, n_resamples=B, paired=paired, method=method,
                          vectorized=True, rng=np.random.default_rng(t))
        for p, mine, theirs in ((r.level_low, r.ci_low, s.confidence_interval.low),
                                (r.level_high, r.ci_high, s.confidence_interval.high)):
            delta = math.sqrt(2.0 * p * (1.0 - p) / B)
            if method == "BCa":
                z_adj = float(ndtri(p))
                delta = math.hypot(delta, 2.0 * math.exp(-0.5 * z_adj**2) / math.sqrt(2 * math.pi)
                                   * math.sqrt(2.0) * 1.25 / math.sqrt(B))
            lo, hi = np.quantile(r.distribution, [max(p - 5 * delta, 0.0), min(p + 5 * delta, 1.0)])
            assert lo <= theirs <= hi, (f"dataset {t} ({case}): scipy's end {theirs} outside "
                                        f"hipmech's 5-SD band [{lo}, {hi}] around {mine}")
            if name != "median":
                diffs.append((mine - theirs) / r.se)
    assert abs(np.mean(diffs)) < 0.03


# ---------------------------------------------------------------------------------------------
# (3) A callable equal to a named statistic
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(BOOTSTRAP_STATISTICS) + ["paired"])
def test_callable_equals_named(name):
    rng = np.random.default_rng(sum(map(ord, name)))
    case = name
    stat_name = "mean_difference" if name == "paired" else name
    for discrete in (False, True):
        _, samples = dataset(case, rng, discrete)
        for method in ("percentile", "bca"):
            kw = dict(n_resamples=1500, method=method, seed=99, confidence=0.9,
                      return_distribution=True)
            named = bootstrap(stat_name, *samples, **kw)
            f = np_statistic(stat_name)
            call = bootstrap(lambda *s: float(f(*s)), *samples, **kw)
            np.testing.assert_allclose(call.distribution, named.distribution, rtol=1e-12,
                                       atol=1e-12)
            for field in ("estimate", "ci_low", "ci_high", "se", "bias", "z0", "acceleration",
                          "level_low", "level_high"):
                assert_close(getattr(call, field), getattr(named, field),
                             f"{name} discrete={discrete} {method} {field}")
            assert call.n_nonfinite == named.n_nonfinite
            assert call.statistic == "<lambda>"
            assert named.statistic == stat_name


def test_callable_gets_samples_shaped_like_the_input():
    seen = []

    def stat(a, b):
        seen.append((a.shape, b.shape, str(a.dtype), str(b.dtype)))
        return float(a[:, 0].mean() - b.mean())

    x = np.arange(12.0).reshape(6, 2)
    y = [1, 2, 3, 5]  # a list of ints becomes float64
    r = bootstrap(stat, x, y, n_resamples=100, method="percentile", seed=3)
    assert set(seen) == {((6, 2), (4,), "float64", "float64")}
    assert len(seen) == 101  # the estimate, then 100 resamples
    idx = bootstrap_indices([6, 4], 100, 3)
    r2 = bootstrap(stat, x, y, n_resamples=100, method="percentile", seed=3,
                   return_distribution=True)
    expected = x[idx[0][7], 0].mean() - np.asarray(y, float)[idx[1][7]].mean()
    assert r2.distribution[7] == expected
    assert r.ci == r2.ci


def test_callable_errors_propagate():
    x = np.arange(10.0)
    with pytest.raises(ZeroDivisionError):
        bootstrap(lambda s: 1 / 0, x, n_resamples=100, method="percentile")
    with pytest.raises(TypeError, match="argument 'statistic'"):
        bootstrap(lambda s: s, x, n_resamples=100, method="percentile")
    with pytest.raises(TypeError, match="argument 'statistic'"):
        bootstrap(lambda s: "a", x, n_resamples=100, method="percentile")


# ---------------------------------------------------------------------------------------------
# (4) Seeds
# ---------------------------------------------------------------------------------------------

def test_seeded_determinism():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(25, 3)) + rng.normal(size=(25, 1)) * 2
    a = bootstrap("ICC(3,1)", x, seed=123)
    b = bootstrap("ICC(3,1)", x, seed=123)
    c = bootstrap("ICC(3,1)", x, seed=124)
    assert a == b
    assert (c.ci_low, c.ci_high) != (a.ci_low, a.ci_high)
    assert a.seed == 123 and a.n_resamples == 10_000 and a.ci_method == "BCa"
    # seed=None draws a seed and reports it: the result can be reproduced.
    d = bootstrap("ICC(3,1)", x, seed=None)
    assert 0 <= d.seed < 2**64
    assert bootstrap("ICC(3,1)", x, seed=d.seed) == d
    # Seeds use all 64 bits.
    top = bootstrap("ICC(3,1)", x, seed=2**64 - 1)
    assert top.seed == 2**64 - 1 and top.ci != bootstrap("ICC(3,1)", x, seed=2**63 - 1).ci
    # A longer run starts with the same resamples.
    short = bootstrap_indices([5, 3], 10, seed=8)
    long = bootstrap_indices([5, 3], 1000, seed=8)
    assert all(np.array_equal(s, l[:10]) for s, l in zip(short, long))


def test_stream_is_fixed_across_platforms():
    """The first indices for seed 42 (mt19937_64 and Lemire's method, see the C++ test) and a
    whole interval: same numbers on every platform and compiler."""
    idx = bootstrap_indices(30, 2, seed=42)
    assert idx[0].dtype == np.int64 and idx[0].shape == (2, 30)
    assert idx[0][0, :10].tolist() == [22, 19, 22, 4, 27, 2, 17, 11, 8, 11]
    x = np.arange(1.0, 21.0) ** 1.5
    r = bootstrap("mean", x, n_resamples=1000, seed=2024, method="percentile")
    ref = bootstrap_indices(20, 1000, seed=2024)[0]
    ends = np.quantile(np.sort(x[ref].mean(axis=1)), [0.025, 0.975])
    assert_close(r.ci_low, ends[0], "low")
    assert_close(r.ci_high, ends[1], "high")


# ---------------------------------------------------------------------------------------------
# Degenerate resamples, results
# ---------------------------------------------------------------------------------------------

def test_nonfinite_replicates_are_counted():
    x = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    r = bootstrap(lambda s: np.nan if s[0] == 1.0 else s.mean(), x, n_resamples=3000,
                  method="percentile", seed=5, return_distribution=True)
    idx = bootstrap_indices(5, 3000, seed=5)[0]
    assert r.n_nonfinite == int((idx[:, 0] == 0).sum()) > 0
    assert f"{r.n_nonfinite} of 3000" in r.note
    assert np.isnan(r.distribution).sum() == r.n_nonfinite
    flat = np.full((8, 3), 2.0)
    icc = bootstrap("ICC(2,1)", flat, n_resamples=200)
    assert math.isnan(icc.ci_low) and icc.n_nonfinite == 200
    assert "no finite bootstrap replicate" in icc.note


def test_result_is_a_frozen_dataclass():
    r = bootstrap("median", np.arange(15.0), n_resamples=500, method="percentile")
    assert isinstance(r, BootstrapResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.ci_low = 0.0
    assert r.ci == (r.ci_low, r.ci_high)
    assert r.distribution is None and r.jackknife is None
    assert math.isnan(r.acceleration)
    assert "fewer than 1000 resamples" in r.note
    assert isinstance(bootstrap_interval(1.0, [0.5, 1.5], method="percentile"), BootstrapInterval)
    assert hipmech.stats.bootstrap is bootstrap
    r2 = bootstrap("ICC(A,1)", np.random.default_rng(0).normal(size=(10, 3)), n_resamples=200,
                   return_distribution=True)
    assert r2.statistic == "ICC(A,1)"  # the row asked for (two-way mixed), not its S&F twin
    assert isinstance(r2.jackknife, tuple) and r2.jackknife[0].shape == (10,)


# ---------------------------------------------------------------------------------------------
# (5) Bad input
# ---------------------------------------------------------------------------------------------

def raises_arg(exc, arg):
    return pytest.raises(exc, match=re.escape(f"argument '{arg}'"))


def test_bad_input():
    x = np.arange(10.0)
    with raises_arg(ValueError, "statistic"):
        bootstrap("mode", x)
    with raises_arg(ValueError, "statistic"):
        bootstrap("ICC(4,1)", np.ones((5, 2)))
    with raises_arg(ValueError, "statistic"):
        bootstrap(42, x)
    with raises_arg(ValueError, "samples"):
        bootstrap("mean")
    with raises_arg(ValueError, "samples[0]"):
        bootstrap("mean", [1.0, np.nan, 3.0])
    with raises_arg(ValueError, "samples[1]"):
        bootstrap("mean_difference", x, [1.0, np.inf])
    with raises_arg(ValueError, "samples[0]"):
        bootstrap("mean", np.ones((3, 3, 3)))
    with raises_arg(ValueError, "samples[0]"):
        bootstrap("mean", ["a", "b"])
    with raises_arg(ValueError, "samples[0]"):
        bootstrap("mean", [])
    with raises_arg(ValueError, "samples[0]"):
        bootstrap("ICC(2,1)", x)
    with raises_arg(ValueError, "samples[0]"):
        bootstrap("mean", np.ones((5, 2)))
    with raises_arg(ValueError, "samples"):
        bootstrap("mean", x, x)
    with raises_arg(ValueError, "samples[0]"):
        bootstrap(np.mean, [1.0], method="bca")  # the jackknife needs 2 rows
    with raises_arg(ValueError, "n_resamples"):
        bootstrap("mean", x, n_resamples=0)
    with raises_arg(ValueError, "n_resamples"):
        bootstrap("mean", x, n_resamples=50, method="bca")
    with raises_arg(ValueError, "n_resamples"):
        bootstrap("mean", x, n_resamples=1000.5)
    for c in (0.0, 1.0, 95, np.nan):
        with raises_arg(ValueError, "confidence"):
            bootstrap("mean", x, confidence=c)
    with raises_arg(ValueError, "confidence"):
        bootstrap("mean", x, confidence="high")
    with raises_arg(ValueError, "method"):
        bootstrap("mean", x, method="basic")
    with raises_arg(ValueError, "method"):
        bootstrap("mean", x, method=None)
    for s in (-1, 2**64):
        with raises_arg(ValueError, "seed"):
            bootstrap("mean", x, seed=s)
    with raises_arg(ValueError, "seed"):
        bootstrap("mean", x, seed="abc")
    with raises_arg(ValueError, "return_distribution"):
        bootstrap("mean", x, return_distribution="yes")
    with raises_arg(ValueError, "sizes"):
        bootstrap_indices(0)
    with raises_arg(ValueError, "sizes"):
        bootstrap_indices([])
    with raises_arg(ValueError, "sizes"):
        bootstrap_indices("ab")
    with raises_arg(ValueError, "distribution"):
        bootstrap_interval(1.0, [], method="percentile")
    with raises_arg(ValueError, "distribution"):
        bootstrap_interval(1.0, np.ones((3, 2)), method="percentile")
    with raises_arg(ValueError, "jackknife"):
        bootstrap_interval(1.0, [0.5, 1.5], method="bca")
    with raises_arg(ValueError, "jackknife[1]"):
        bootstrap_interval(1.0, [0.5, 1.5], [np.ones(3), np.ones((2, 2))], method="bca")
    # Errors are hipmech's InvalidArgumentError (a ValueError) with the argument's name.
    with pytest.raises(hipmech.InvalidArgumentError) as info:
        bootstrap("mean", [1.0, np.nan])
    assert info.value.argument == "samples[0]"


# ---------------------------------------------------------------------------------------------
# Review fixes: names and shared argument checks
# ---------------------------------------------------------------------------------------------

def test_interval_fields_are_named_ci_low_ci_high_ci_method():
    x = np.arange(10.0)
    r = bootstrap("mean", x, n_resamples=200, seed=1, return_distribution=True)
    assert r.ci_method == "BCa" and not hasattr(r, "method")
    iv = bootstrap_interval(r.estimate, r.distribution, r.jackknife, 0.95)
    assert (iv.ci_low, iv.ci_high) == r.ci and iv.ci == r.ci and iv.ci_method == "BCa"
    assert not hasattr(iv, "low") and not hasattr(iv, "high")


@pytest.mark.parametrize("call", [
    lambda **k: bootstrap("mean", np.arange(10.0), n_resamples=200, **k),
    lambda **k: bootstrap(np.mean, np.arange(10.0), n_resamples=200, **k),
    lambda **k: bootstrap_interval(1.0, [0.5, 1.5, 1.0], **k, method="percentile"),
])
def test_bad_confidence_and_method_are_invalid_arguments(call):
    for bad in ("0.95", None, True):
        with pytest.raises(hipmech.InvalidArgumentError) as e:
            call(confidence=bad)
        assert e.value.argument == "confidence"
    with pytest.raises(hipmech.InvalidArgumentError) as e:
        bootstrap("mean", np.arange(10.0), method=None)
    assert e.value.argument == "method"


def test_jackknife_of_strings_names_the_argument():
    with pytest.raises(hipmech.InvalidArgumentError) as e:
        bootstrap_interval(1.0, [0.5, 1.5], jackknife=["a", "b"])
    assert e.value.argument == "jackknife"
    with pytest.raises(hipmech.InvalidArgumentError) as e:
        bootstrap_interval(1.0, [0.5, 1.5], jackknife="ab")
    assert e.value.argument == "jackknife"
