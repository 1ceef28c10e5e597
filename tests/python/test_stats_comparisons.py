"""hipmech.stats t-tests and effect sizes against independent sources:

- R package effsize's cohen.d (d, g with both J, three CIs of d) as asserted in pingouin's test
  suite, and the real-statistics.com weight-clinic paired t-test (spm1d's RSWeightClinic):
  ../shared/validation/stats_reference/stats_reference_values.json, keys
  cohen_d_hedges_g_effsize_R and paired_t_real_statistics_weight_clinic;
- scipy.stats.ttest_1samp / ttest_rel / ttest_ind (equal_var both ways) on >= 100 random
  datasets each, all three alternatives: statistic, df, p-value and confidence_interval();
- pingouin.compute_effsize / compute_esci (GPL-3; used only as an oracle here, never read or
  copied into hipmech) for d, g (pingouin's g uses the approximate J), paired d and the t CIs;
- the exact noncentral t CI against an independent root-finding with scipy.stats.nct;
- the missing-data policy, pandas input and bad input.
"""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import pytest
import scipy.optimize
import scipy.special
import scipy.stats

import hipmech
from hipmech import stats

ALTERNATIVES = ("two-sided", "less", "greater")
N_RANDOM = 120


@pytest.fixture(scope="module")
def reference(validation_dir):
    with open(validation_dir / "stats_reference" / "stats_reference_values.json") as f:
        return json.load(f)


def close(a: float, b: float, rel: float = 1e-9, abs_: float = 1e-12) -> bool:
    """Equal within tolerance, infinities equal to themselves."""
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def nct_ci(t_obs: float, df: float, confidence: float) -> tuple[float, float]:
    """The noncentrality interval [λ_lo, λ_hi] with nct.cdf(t_obs; df, λ_lo) = (1 + c)/2 and
    nct.cdf(t_obs; df, λ_hi) = (1 − c)/2, by bracketing and Brent's method on scipy's nct
    (written independently of hipmech's Boost/TOMS 748 implementation)."""
    def cdf(lam):
        # scipy's nct.cdf returns NaN far in its tails (F ~ 1e-20); F falls from 1 to 0 as λ
        # grows, so a NaN there stands for the tail value. The roots lie where F is between
        # (1 - c)/2 and (1 + c)/2, away from those tails.
        value = scipy.stats.nct.cdf(t_obs, df, lam)
        return value if not math.isnan(value) else (1.0 if lam < t_obs else 0.0)

    def root(p):
        f = lambda lam: cdf(lam) - p  # noqa: E731
        lo, hi = t_obs - 1.0, t_obs + 1.0
        while f(lo) < 0:
            lo -= 1.0
        while f(hi) > 0:
            hi += 1.0
        return scipy.optimize.brentq(f, lo, hi, xtol=1e-13, rtol=1e-13, maxiter=500)
    return root(0.5 + confidence / 2), root(0.5 - confidence / 2)


def random_groups(rng, paired=False):
    n1 = int(rng.integers(3, 40))
    n2 = n1 if paired else int(rng.integers(3, 40))
    scale = 10.0 ** rng.uniform(-2, 3)
    a = rng.normal(rng.uniform(-1, 1) * scale, scale * rng.uniform(0.3, 2), n1)
    if paired:
        b = a * rng.uniform(0, 1) + rng.normal(rng.uniform(-1, 1) * scale, scale, n1)
    else:
        b = rng.normal(rng.uniform(-1, 1) * scale, scale * rng.uniform(0.3, 2), n2)
    return a, b


# ---- published values -------------------------------------------------------------------------

def test_effsize_reference_values(reference):
    """R effsize cohen.d values asserted in pingouin's tests; d and g to 1e-6, CIs to 1e-4."""
    ref = reference["cohen_d_hedges_g_effsize_R"]
    a, b, exp, cis = ref["a"], ref["b"], ref["expected"], ref["ci_variants_for_d"]
    d = stats.cohen_d(a, b)
    assert d.estimate == pytest.approx(exp["cohen_d_pooled_sd"], abs=1e-6)
    assert d.ci_method == "noncentral_t"
    assert d.ci == pytest.approx(cis["noncentral_t_exact"], abs=1e-4)
    assert stats.cohen_d(a, b, ci="t").ci == pytest.approx(cis["t_crit_df10_SE_HedgesOlkin"],
                                                           abs=1e-4)
    assert stats.cohen_d(a, b, ci="z").ci == pytest.approx(cis["z_crit_SE_HedgesOlkin"], abs=1e-4)
    g_approx = stats.hedges_g(a, b, correction="approximate")
    assert g_approx.estimate == pytest.approx(exp["hedges_g_approx_J"], abs=1e-6)
    assert g_approx.j == pytest.approx(exp["J_approx_1_minus_3_over_4N_minus_9"], abs=1e-7)
    g = stats.hedges_g(a, b)
    assert g.estimate == pytest.approx(exp["hedges_g_exact_J"], abs=1e-6)
    assert g.j == pytest.approx(exp["J_exact_gamma"], abs=1e-7)
    assert stats.hedges_j(10) == pytest.approx(exp["J_exact_gamma"], abs=1e-7)
    assert stats.hedges_j(10, "approximate") == pytest.approx(
        exp["J_approx_1_minus_3_over_4N_minus_9"], abs=1e-7)


def test_weight_clinic_reference_values(reference):
    """real-statistics.com paired t-test example (spm1d RSWeightClinic): t, df, p; d_z; and the
    "cohen_d_av" value, which is the root-mean-square-SD variant (Lakens' mean-of-SDs d_av is
    0.412933, checked by hand here)."""
    ref = reference["paired_t_real_statistics_weight_clinic"]
    before, after, exp = ref["before"], ref["after"], ref["expected"]
    r = stats.ttest_paired(before, after)
    assert r.statistic == pytest.approx(exp["t"], abs=1e-6)
    assert r.df == exp["df"]
    assert r.p_value == pytest.approx(exp["p_two_tailed"], abs=5e-9)
    assert stats.cohen_dz(before, after).estimate == pytest.approx(exp["cohen_dz"], abs=1e-5)
    assert stats.cohen_dav(before, after, standardizer="rms_sd").estimate == pytest.approx(
        exp["cohen_d_av"], abs=1e-5)
    b, a = np.asarray(before, float), np.asarray(after, float)
    lakens = np.mean(b - a) / ((b.std(ddof=1) + a.std(ddof=1)) / 2)
    assert stats.cohen_dav(before, after).estimate == pytest.approx(lakens, rel=1e-13)
    assert lakens == pytest.approx(0.412933, abs=1e-6)


# ---- t-tests against scipy --------------------------------------------------------------------

def check_against_scipy(ours, theirs, confidence):
    assert close(ours.statistic, float(theirs.statistic)), (ours, theirs)
    assert close(ours.p_value, float(theirs.pvalue), rel=1e-8, abs_=1e-15), (ours, theirs)
    assert close(ours.df, float(theirs.df)), (ours, theirs)
    lo, hi = theirs.confidence_interval(confidence_level=confidence)
    assert close(ours.ci_low, float(lo)), (ours, lo)
    assert close(ours.ci_high, float(hi)), (ours, hi)


def test_ttest_one_sample_against_scipy():
    rng = np.random.default_rng(20260101)
    for _ in range(N_RANDOM):
        x, _ = random_groups(rng)
        mu = float(rng.normal(x.mean(), x.std()))
        conf = float(rng.choice([0.8, 0.9, 0.95, 0.99]))
        for alt in ALTERNATIVES:
            ours = stats.ttest_one_sample(x, mu, alternative=alt, confidence=conf)
            check_against_scipy(ours, scipy.stats.ttest_1samp(x, mu, alternative=alt), conf)
            assert ours.estimate == pytest.approx(x.mean(), rel=1e-13)
            assert ours.n1 == len(x) and ours.n2 == 0


def test_ttest_paired_against_scipy():
    rng = np.random.default_rng(20260102)
    for _ in range(N_RANDOM):
        a, b = random_groups(rng, paired=True)
        conf = float(rng.choice([0.8, 0.9, 0.95, 0.99]))
        for alt in ALTERNATIVES:
            ours = stats.ttest_paired(a, b, alternative=alt, confidence=conf)
            check_against_scipy(ours, scipy.stats.ttest_rel(a, b, alternative=alt), conf)
            assert ours.method == "paired t-test"


@pytest.mark.parametrize("equal_var", [False, True])
def test_ttest_independent_against_scipy(equal_var):
    rng = np.random.default_rng(20260103 + equal_var)
    for _ in range(N_RANDOM):
        a, b = random_groups(rng)
        conf = float(rng.choice([0.8, 0.9, 0.95, 0.99]))
        for alt in ALTERNATIVES:
            ours = stats.ttest_independent(a, b, equal_var=equal_var, alternative=alt,
                                           confidence=conf)
            theirs = scipy.stats.ttest_ind(a, b, equal_var=equal_var, alternative=alt)
            check_against_scipy(ours, theirs, conf)
            assert ours.method == ("Student's t-test" if equal_var else "Welch's t-test")
            assert ours.estimate == pytest.approx(a.mean() - b.mean(), rel=1e-12, abs=1e-12)


def test_one_sided_interval_has_an_infinite_bound():
    r = stats.ttest_one_sample([1.0, 2.0, 4.0], 0.0, alternative="less")
    assert r.ci_low == -math.inf and math.isfinite(r.ci_high)
    r = stats.ttest_independent([1.0, 2.0, 4.0], [3.0, 5.0], alternative="greater",
                                equal_var=True)
    assert r.ci_high == math.inf and math.isfinite(r.ci_low)


# ---- effect sizes against pingouin and scipy.stats.nct -----------------------------------------

def pingouin():
    pg = pytest.importorskip("pingouin")
    return pg


def test_cohen_d_and_hedges_g_against_pingouin():
    pg = pingouin()
    rng = np.random.default_rng(20260104)
    for _ in range(N_RANDOM):
        a, b = random_groups(rng)
        d = stats.cohen_d(a, b, ci="t")
        assert d.estimate == pytest.approx(pg.compute_effsize(a, b, eftype="cohen"), rel=1e-10)
        # pingouin's hedges uses the approximate J = 1 - 3 / (4 (n1 + n2) - 9).
        g = stats.hedges_g(a, b, correction="approximate", ci="t")
        assert g.estimate == pytest.approx(pg.compute_effsize(a, b, eftype="hedges"), rel=1e-10)
        # pingouin's compute_esci: t critical value (df n1 + n2 - 2), Hedges & Olkin SE.
        conf = float(rng.choice([0.9, 0.95]))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            esci = pg.compute_esci(d.estimate, len(a), len(b), eftype="cohen", confidence=conf,
                                   decimals=12)
        ours = stats.cohen_d(a, b, ci="t", confidence=conf)
        assert ours.ci == pytest.approx(tuple(esci), abs=1e-10)


def test_paired_effect_sizes_against_pingouin():
    pg = pingouin()
    rng = np.random.default_rng(20260105)
    for _ in range(N_RANDOM):
        a, b = random_groups(rng, paired=True)
        # pingouin's paired "cohen" divides by sqrt((s_a^2 + s_b^2) / 2): our rms_sd d_av.
        dav = stats.cohen_dav(a, b, standardizer="rms_sd")
        assert dav.estimate == pytest.approx(pg.compute_effsize(a, b, paired=True, eftype="cohen"),
                                          rel=1e-10)
        dz = stats.cohen_dz(a, b, ci="t")
        diff = a - b
        assert dz.estimate == pytest.approx(diff.mean() / diff.std(ddof=1), rel=1e-12)
        # compute_esci(paired=True): SE = sqrt(1/n + d^2/(2n)) with the t critical value.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            esci = pg.compute_esci(dz.estimate, len(a), len(b), paired=True, eftype="cohen",
                                   decimals=12)
        assert dz.ci == pytest.approx(tuple(esci), abs=1e-10)


def test_noncentral_t_intervals_against_scipy_nct():
    rng = np.random.default_rng(20260106)
    worst = 0.0
    for i in range(N_RANDOM):
        a, b = random_groups(rng)
        n1, n2 = len(a), len(b)
        conf = float(rng.choice([0.8, 0.9, 0.95, 0.99]))
        k = math.sqrt(n1 * n2 / (n1 + n2))
        d = stats.cohen_d(a, b, confidence=conf)
        lo, hi = nct_ci(d.estimate * k, n1 + n2 - 2, conf)
        assert d.ci == pytest.approx((lo / k, hi / k), abs=1e-7)
        g = stats.hedges_g(a, b, confidence=conf)
        assert g.ci == pytest.approx((lo / k * g.j, hi / k * g.j), abs=1e-7)
        assert g.estimate == pytest.approx(d.estimate * g.j, rel=1e-14)
        pa, pb = random_groups(rng, paired=True)
        dz = stats.cohen_dz(pa, pb, confidence=conf)
        n = len(pa)
        zlo, zhi = nct_ci(dz.estimate * math.sqrt(n), n - 1, conf)
        assert dz.ci == pytest.approx((zlo / math.sqrt(n), zhi / math.sqrt(n)), abs=1e-7)
        worst = max(worst, abs(d.ci_low - lo / k), abs(d.ci_high - hi / k),
                    abs(dz.ci_low - zlo / math.sqrt(n)), abs(dz.ci_high - zhi / math.sqrt(n)))
    assert worst < 1e-7


# Hedges' exact J computed with mpmath at 40 significant digits (mp.gamma), printed to 20.
J_MPMATH = {3: 0.72360125455826765936, 10: 0.92274560805308710336, 57: 0.98677440000893325262,
            1000: 0.99924978117971636752, 10**5: 0.99999249997812492969,
            10**7: 0.9999999249999978125}


def test_exact_j_against_gamma_function():
    for df, exact in J_MPMATH.items():
        assert stats.hedges_j(df) == pytest.approx(exact, rel=4e-15)
    for df in [2, 3, 5, 10, 17, 50, 120, 1000, 10**6]:
        # Γ(df/2) / Γ((df - 1)/2) as Pochhammer's (z)_1/2 = Γ(z + 1/2) / Γ(z), z = (df - 1)/2
        # (gammaln differences lose digits to cancellation at large df; poch keeps ~1e-12).
        exact = scipy.special.poch((df - 1) / 2, 0.5) / math.sqrt(df / 2)
        assert stats.hedges_j(df) == pytest.approx(exact, rel=1e-11)
        assert stats.hedges_j(df, "approximate") == pytest.approx(1 - 3 / (4 * df - 1), rel=1e-15)
    assert math.isnan(stats.hedges_j(1))


def test_z_interval_and_variance():
    rng = np.random.default_rng(20260107)
    for _ in range(N_RANDOM):
        a, b = random_groups(rng)
        n1, n2 = len(a), len(b)
        for ci in ("z", "t", "noncentral_t"):
            g = stats.hedges_g(a, b, ci=ci)
            var = (n1 + n2) / (n1 * n2) + g.estimate**2 / (2 * (n1 + n2))  # Hedges & Olkin (1985)
            assert g.variance == pytest.approx(var, rel=1e-13)
            assert g.se == pytest.approx(math.sqrt(var), rel=1e-13)
            if ci == "z":
                zc = scipy.stats.norm.ppf(0.975)
                assert g.ci == pytest.approx((g.estimate - zc * g.se, g.estimate + zc * g.se),
                                             rel=1e-12, abs=1e-12)


def test_glass_delta():
    rng = np.random.default_rng(20260108)
    for _ in range(N_RANDOM):
        a, b = random_groups(rng)
        n1, n2 = len(a), len(b)
        r = stats.glass_delta(a, b)
        delta = (a.mean() - b.mean()) / b.std(ddof=1)
        assert r.estimate == pytest.approx(delta, rel=1e-11)
        se = math.sqrt((n1 + n2) / (n1 * n2) + delta**2 / (2 * (n2 - 1)))
        tc = scipy.stats.t.ppf(0.975, n2 - 1)
        assert r.ci == pytest.approx((delta - tc * se, delta + tc * se), rel=1e-10, abs=1e-12)
    r = stats.glass_delta([1.0, 2.0, 3.0], [1.0, 1.5, 2.5], ci="noncentral_t")
    assert math.isnan(r.ci_low) and "no exact noncentral t" in r.note


def test_smd_from_summary_matches_the_data():
    rng = np.random.default_rng(20260109)
    for _ in range(N_RANDOM):
        a, b = random_groups(rng)
        for corr in ("exact", "approximate", "none"):
            s = stats.smd_from_summary(a.mean(), a.std(ddof=1), len(a), b.mean(), b.std(ddof=1),
                                       len(b), correction=corr)
            r = stats.cohen_d(a, b) if corr == "none" else stats.hedges_g(a, b, correction=corr)
            assert s.estimate == pytest.approx(r.estimate, rel=1e-10)
            assert s.variance == pytest.approx(r.variance, rel=1e-10)
            assert s.ci == pytest.approx(r.ci, rel=1e-8, abs=1e-10)
            assert s.name == r.name
    # numpy integers and integral floats are group sizes; 5.5 is not.
    assert stats.smd_from_summary(1.0, 1.0, np.int64(10), 0.0, 1.0, 10.0).n1 == 10
    with pytest.raises(ValueError, match="'n2'"):
        stats.smd_from_summary(1.0, 1.0, 10, 0.0, 1.0, 5.5)


def test_result_objects():
    r = stats.ttest_independent([1.0, 2.0, 3.0], [4.0, 5.0, 6.5])
    assert "Welch's t-test" in repr(r) and "95% CI" in repr(r)
    assert r.to_dict()["method"] == "Welch's t-test"
    assert r.ci == (r.ci_low, r.ci_high)
    e = stats.cohen_d([1.0, 2.0, 3.0], [4.0, 5.0, 6.5])
    assert "Cohen's d (pooled SD)" in repr(e) and "noncentral_t" in repr(e)
    assert set(e.to_dict()) >= {"estimate", "ci_low", "ci_high", "ci_method", "name", "variance"}
    with pytest.raises(Exception):
        e.estimate = 0.0  # frozen


# ---- degenerate input, missing data, bad input --------------------------------------------------

def test_zero_variance_gives_nan_with_a_reason():
    r = stats.ttest_one_sample([0.1, 0.1, 0.1], 0.0)
    assert math.isnan(r.statistic) and math.isnan(r.p_value) and "zero variance" in r.note
    r = stats.ttest_independent([1.0, 1.0], [2.0, 2.0, 2.0])
    assert math.isnan(r.statistic) and "zero variance" in r.note
    e = stats.cohen_d([1.0, 1.0], [2.0, 2.0, 2.0])
    assert math.isnan(e.estimate) and "zero pooled SD" in e.note
    e = stats.cohen_dz([1.0, 2.0, 3.0], [0.0, 1.0, 2.0])
    assert math.isnan(e.estimate) and "zero SD of the differences" in e.note


def test_missing_policy():
    x = [1.0, 2.0, np.nan, 4.0, 7.0]
    r = stats.ttest_one_sample(x)
    assert math.isnan(r.statistic) and r.n_missing == 1 and "1 of 5 values of 'x'" in r.note
    omitted = stats.ttest_one_sample(x, missing="omit")
    clean = stats.ttest_one_sample([1.0, 2.0, 4.0, 7.0])
    assert omitted.statistic == clean.statistic and omitted.n_missing == 1 and omitted.note == ""
    with pytest.raises(hipmech.InvalidArgumentError) as exc:
        stats.ttest_one_sample(x, missing="raise")
    assert exc.value.argument == "x"
    # paired: a pair with a NaN on either side is missing
    a = [1.0, 2.0, 3.0, 4.0, np.nan, 6.0]
    b = [0.5, np.nan, 2.0, 3.9, 4.0, 4.0]
    r = stats.ttest_paired(a, b, missing="omit")
    ref = scipy.stats.ttest_rel([1.0, 3.0, 4.0, 6.0], [0.5, 2.0, 3.9, 4.0])
    assert r.statistic == pytest.approx(ref.statistic, rel=1e-13) and r.n_missing == 2
    assert "2 of 6 pairs" in stats.cohen_dz(a, b).note
    assert scipy.stats.ttest_rel(a, b, nan_policy="omit").statistic == pytest.approx(r.statistic)
    # independent: both groups' NaN counted; omit matches scipy's nan_policy="omit"
    r = stats.ttest_independent(a, b, missing="omit")
    ref = scipy.stats.ttest_ind(a, b, equal_var=False, nan_policy="omit")
    assert r.statistic == pytest.approx(ref.statistic, rel=1e-12) and r.n_missing == 2
    assert r.n1 == 5 and r.n2 == 5
    e = stats.hedges_g(a, b)
    assert math.isnan(e.estimate) and "'a'" in e.note and "'b'" in e.note
    # too few values left after omitting: NaN with a note (not an error)
    r = stats.ttest_one_sample([1.0, np.nan, np.nan], missing="omit")
    assert math.isnan(r.statistic) and "one value" in r.note


def test_pandas_and_numpy_inputs():
    pd = pytest.importorskip("pandas")
    a = pd.Series([1.0, 2.5, None, 4.0, 3.0], dtype="Float64")  # nullable, pd.NA
    b = pd.Series([0.5, 1.5, 2.0, 2.5, 2.0])
    r = stats.ttest_paired(a, b, missing="omit")
    ref = stats.ttest_paired([1.0, 2.5, 4.0, 3.0], [0.5, 1.5, 2.5, 2.0])
    assert r.statistic == ref.statistic and r.n_missing == 1
    ints = stats.cohen_d(np.array([1, 2, 3, 4]), np.array([2, 3, 5, 5], dtype=np.int32))
    assert ints.estimate == pytest.approx(stats.cohen_d([1.0, 2, 3, 4], [2.0, 3, 5, 5]).estimate)
    masked = np.ma.masked_array([1.0, 2.0, 99.0, 4.0], mask=[0, 0, 1, 0])
    assert stats.ttest_one_sample(masked, missing="omit").n_missing == 1
    with pytest.raises(ValueError, match="'a'"):
        stats.ttest_paired(pd.Series([True, False, True]), b)


@pytest.mark.parametrize("call, arg", [
    (lambda: stats.ttest_paired([1.0, 2.0, 3.0], [1.0, 2.0]), "b"),
    (lambda: stats.cohen_dz([1.0, 2.0, 3.0], [1.0, 2.0]), "b"),
    (lambda: stats.cohen_dav([1.0, 2.0], [1.0, 2.0, 3.0]), "b"),
    (lambda: stats.ttest_one_sample([1.0]), "x"),
    (lambda: stats.ttest_one_sample([]), "x"),
    (lambda: stats.ttest_paired([1.0], [2.0]), "a"),
    (lambda: stats.ttest_independent([1.0], [2.0, 3.0, 4.0]), "a"),
    (lambda: stats.ttest_independent([1.0], [2.0], equal_var=True), "b"),
    (lambda: stats.cohen_d([1.0], [2.0]), "b"),
    (lambda: stats.hedges_g([1.0, 2.0], [3.0]), "b"),
    (lambda: stats.glass_delta([1.0, 2.0], [3.0]), "b"),
    (lambda: stats.cohen_dz([1.0], [2.0]), "a"),
    (lambda: stats.ttest_one_sample([[1.0, 2.0], [3.0, 4.0]]), "x"),
    (lambda: stats.ttest_one_sample(["a", "b", "c"]), "x"),
    (lambda: stats.ttest_one_sample([1.0, np.inf, 2.0]), "x"),
    (lambda: stats.ttest_one_sample(None), "x"),
    (lambda: stats.ttest_one_sample([1.0, 2.0], mu="zero"), "mu"),
    (lambda: stats.ttest_one_sample([1.0, 2.0], mu=np.nan), "mu"),
    (lambda: stats.ttest_one_sample([1.0, 2.0], alternative="two_tailed"), "alternative"),
    (lambda: stats.ttest_one_sample([1.0, 2.0], alternative=None), "alternative"),
    (lambda: stats.ttest_one_sample([1.0, 2.0], confidence=95), "confidence"),
    (lambda: stats.ttest_one_sample([1.0, 2.0], missing="drop"), "missing"),
    (lambda: stats.ttest_independent([1.0, 2.0], [3.0, 4.0], equal_var="yes"), "equal_var"),
    (lambda: stats.cohen_d([1.0, 2.0], [3.0, 4.0], ci="exact"), "ci"),
    (lambda: stats.hedges_g([1.0, 2.0], [3.0, 4.0], correction="hedges"), "correction"),
    (lambda: stats.hedges_g([1.0, 2.0], [3.0, 4.0], correction="none"), "correction"),
    (lambda: stats.cohen_dav([1.0, 2.0], [3.0, 4.0], standardizer="pooled"), "standardizer"),
    (lambda: stats.smd_from_summary(np.nan, 1.0, 5, 0.0, 1.0, 5), "mean1"),
    (lambda: stats.smd_from_summary(0.0, -1.0, 5, 0.0, 1.0, 5), "sd1"),
    (lambda: stats.smd_from_summary(0.0, 1.0, 5, 0.0, 1.0, 0), "n2"),
    (lambda: stats.smd_from_summary(0.0, 1.0, 1, 0.0, 1.0, 1), "n2"),
    (lambda: stats.smd_from_summary(0.0, 1.0, True, 0.0, 1.0, 5), "n1"),
])
def test_bad_input_names_the_argument(call, arg):
    with pytest.raises(ValueError) as exc:
        call()
    assert f"'{arg}'" in str(exc.value)
    assert isinstance(exc.value, hipmech.InvalidArgumentError)
    assert exc.value.argument == arg


# ---- review fixes: names and shared argument checks ---------------------------------------------

def test_effect_size_result_calls_its_value_estimate():
    e = stats.hedges_g([3.2, 6.4, 1.8, 2.4, 5.8, 6.5], [2.4, 3.2, 3.2, 1.4, 2.8, 3.5])
    assert e.estimate == pytest.approx(0.9251, abs=5e-5)
    assert not hasattr(e, "value") and "value" not in e.to_dict()


@pytest.mark.parametrize("n1", [10**20, 2**53 + 1, 2**63])
def test_smd_from_summary_huge_size_names_it(n1):
    with pytest.raises(hipmech.InvalidArgumentError) as e:
        stats.smd_from_summary(1.0, 1.0, n1, 0.0, 1.0, 10)
    assert e.value.argument == "n1"


_A, _B = [3.2, 6.4, 1.8, 2.4, 5.8, 6.5], [2.4, 3.2, 3.2, 1.4, 2.8, 3.5]
_COMPARISON_CALLS = {
    "ttest_one_sample": (lambda **k: stats.ttest_one_sample(_A, **k), ("alternative", "missing")),
    "ttest_paired": (lambda **k: stats.ttest_paired(_A, _B, **k), ("alternative", "missing")),
    "ttest_independent": (lambda **k: stats.ttest_independent(_A, _B, **k),
                          ("alternative", "missing")),
    "cohen_d": (lambda **k: stats.cohen_d(_A, _B, **k), ("ci", "missing")),
    "hedges_g": (lambda **k: stats.hedges_g(_A, _B, **k), ("ci", "missing", "correction")),
    "glass_delta": (lambda **k: stats.glass_delta(_A, _B, **k), ("ci", "missing")),
    "cohen_dz": (lambda **k: stats.cohen_dz(_A, _B, **k), ("ci", "missing")),
    "cohen_dav": (lambda **k: stats.cohen_dav(_A, _B, **k), ("standardizer", "missing")),
    "smd_from_summary": (lambda **k: stats.smd_from_summary(1.0, 1.0, 5, 0.0, 1.0, 6, **k),
                         ("ci", "correction")),
}


@pytest.mark.parametrize("name", sorted(_COMPARISON_CALLS))
@pytest.mark.parametrize("bad", ["0.95", None, True])
def test_non_number_confidence_is_an_invalid_argument(name, bad):
    with pytest.raises(hipmech.InvalidArgumentError) as e:
        _COMPARISON_CALLS[name][0](confidence=bad)
    assert e.value.argument == "confidence"


@pytest.mark.parametrize("name, arg", [(n, a) for n, (_, args) in sorted(_COMPARISON_CALLS.items())
                                       for a in args])
def test_non_string_option_is_an_invalid_argument(name, arg):
    with pytest.raises(hipmech.InvalidArgumentError) as e:
        _COMPARISON_CALLS[name][0](**{arg: None})
    assert e.value.argument == arg


def test_shared_checks():
    from hipmech.stats import _checks

    assert _checks.confidence(0.9) == 0.9 and _checks.confidence(np.float32(0.5)) == 0.5
    for bad in ("0.95", None, True, 0.0, 1.0, float("nan"), [0.95]):
        with pytest.raises(hipmech.InvalidArgumentError, match="argument 'confidence'"):
            _checks.confidence(bad)
    assert _checks.option("omit", "missing", ("propagate", "omit")) == "omit"
    assert _checks.option("BCa", "method", ("bca", "percentile"), ignore_case=True) == "BCa"
    assert _checks.option("nct", "ci", ("noncentral_t", "t"), aliases=("nct",)) == "nct"
    for bad in (None, 1, "drop"):
        with pytest.raises(hipmech.InvalidArgumentError, match="argument 'missing'"):
            _checks.option(bad, "missing", ("propagate", "omit"))
    assert _checks.number(np.int64(3), "x") == 3.0 and _checks.number(np.array(2.5), "x") == 2.5
    for bad in (True, "1", None, b"1", float("inf")):
        with pytest.raises(hipmech.InvalidArgumentError, match="argument 'x'"):
            _checks.number(bad, "x", finite=True)
    assert _checks.flag(np.True_, "f") is True
    with pytest.raises(hipmech.InvalidArgumentError):
        _checks.flag(1, "f")
    assert _checks.integer(np.int32(7), "n") == 7
    assert _checks.integer(10.0, "n", integral_floats=True) == 10
    for bad in (True, 1.5, "3", None, 10**20):
        with pytest.raises(hipmech.InvalidArgumentError, match="argument 'n'"):
            _checks.integer(bad, "n", maximum=2**63 - 1)
