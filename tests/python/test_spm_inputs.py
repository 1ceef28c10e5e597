"""hipmech.spm: inputs and result objects (issue 24, new-user review).

Group labels of mixed types, missing group labels, spm1d's aliases (``y0``, ``endpoints``,
``P``), read-only and identity-equal results, the clusters frame, the permutation printout
and its exactness rule, ``n_permutations`` beyond the core's maximum, values whose squares
overflow or underflow, and ``to_dict`` of an infinite FWHM.

Independent sources: scipy.stats (one-sample t, one-way ANOVA node by node), numpy brute-force
enumeration of sign flips, the counting formulas 2**J, C(n, k), J!, N!/prod(n_g!) (and spm1d's
``nPermUnique`` where spm1d is installed: a GPL test-only oracle, run and never read), and
analytic cases (scale invariance of t, extent / FWHM).
"""

from __future__ import annotations

import inspect
import json
import math

import numpy as np
import pytest
from scipy import stats

from hipmech import InvalidArgumentError, spm

Q = 51


def smooth(rng, n, q=Q, width=4.0):
    """n smooth random curves (white noise convolved with a Gaussian kernel)."""
    k = np.exp(-0.5 * (np.arange(-4 * width, 4 * width + 1) / width) ** 2)
    return np.array([np.convolve(w, k / np.sqrt((k ** 2).sum()), "same")
                     for w in rng.normal(size=(n, q))])


@pytest.fixture
def y30():
    return smooth(np.random.default_rng(30), 30)


# ---------------------------------------------------------------------------------------------
# 1, 2. group labels
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("labels", [
    [1] * 10 + ["1"] * 10 + ["a"] * 10,          # np.asarray would make them all text
    [None] + [1] * 19 + ["a"] * 10,
    [1.0] * 15 + ["b"] * 15,
    [True] * 10 + [2] * 10 + [3] * 10,           # True == 1 would merge with a 1
    np.array([0] * 15 + ["x"] * 15, dtype=object),
])
def test_mixed_label_types_are_refused_naming_groups(y30, labels):
    with pytest.raises(InvalidArgumentError, match="'groups'.*one type.*mixed types") as e:
        spm.anova1(y30, labels)
    assert "index" in str(e.value)


def test_mixed_label_types_refused_from_pandas_too(y30):
    pd = pytest.importorskip("pandas")
    with pytest.raises(InvalidArgumentError, match="'groups'.*mixed types"):
        spm.anova1(y30, pd.Series([1] * 10 + ["1"] * 10 + ["a"] * 10, dtype=object))


@pytest.mark.parametrize("labels, names", [
    (["1"] * 10 + ["a"] * 10 + ["b"] * 10, ("1", "a", "b")),
    ([1] * 10 + [2.5] * 10 + [3] * 10, ("1.0", "2.5", "3.0")),     # numbers of two types
    (np.repeat([2, 0, 1], 10), ("0", "1", "2")),
    (np.repeat(["b", "a", "c"], 10).astype(object), ("a", "b", "c")),
])
def test_labels_of_one_type_are_accepted_and_match_scipy(y30, labels, names):
    r = spm.anova1(y30, labels)
    assert r.curve_labels == names and r.df == (2.0, 27.0)
    g = np.asarray([str(v) for v in labels])
    groups = [y30[g == k] for k in np.unique(g)]
    np.testing.assert_allclose(r.z, stats.f_oneway(*groups).statistic, rtol=1e-10)


@pytest.mark.parametrize("missing_label", [np.nan, None])
def test_missing_group_labels(y30, missing_label):
    y = y30[:20]
    labels = [missing_label] + [0.0] * 9 + [1.0] * 10
    with pytest.raises(InvalidArgumentError, match="'groups'.*omit_curves.*index 0"):
        spm.anova1(y, labels)
    r = spm.anova1(y, labels, missing="omit_curves")
    assert r.n_curves == 19 and r.curve_labels == ("0.0", "1.0")
    assert len(r.notes) == 1 and "group label is missing" in r.notes[0] and ": 0" in r.notes[0]
    f = stats.f_oneway(y[1:10], y[10:]).statistic        # scipy on the 19 labelled curves
    np.testing.assert_allclose(r.z, f, rtol=1e-10)
    assert r.df == (1.0, 17.0)


def test_missing_labels_and_nan_curves_left_out_together(y30):
    y = y30[:20].copy()
    y[5, 7] = np.nan
    labels = ["a"] * 10 + ["b"] * 9 + [None]
    r = spm.anova1(y, labels, missing="omit_curves")
    keep = [i for i in range(20) if i not in (5, 19)]
    assert r.n_curves == 18 and len(r.notes) == 2
    f = stats.f_oneway(y[[i for i in keep if i < 10]], y[[i for i in keep if i >= 10]])
    np.testing.assert_allclose(r.z, f.statistic, rtol=1e-10)


def test_all_labels_missing(y30):
    with pytest.raises(InvalidArgumentError, match="'groups'"):
        spm.anova1(y30, [None] * 30, missing="omit_curves")


# ---------------------------------------------------------------------------------------------
# 3. spm1d's names
# ---------------------------------------------------------------------------------------------

def test_y0_is_an_alias_of_mu():
    y = smooth(np.random.default_rng(3), 12) + 0.3
    curve = np.linspace(-0.2, 0.2, Q)
    for mu in (0.4, curve):
        r = spm.ttest(y, y0=mu)
        t = stats.ttest_1samp(y, mu, axis=0).statistic             # scipy node by node
        np.testing.assert_allclose(r.z, t, rtol=1e-10)
        np.testing.assert_array_equal(r.z, spm.ttest(y, mu).z)
    for mu in (0.0, 0.4):
        with pytest.raises(InvalidArgumentError, match="'y0'.*not both"):
            spm.ttest(y, mu, y0=0.4)
    default = inspect.signature(spm.ttest).parameters["mu"].default
    assert default == 0.0 and repr(default) == "0.0"


def test_cluster_endpoints_and_P_are_read_only_aliases():
    y = smooth(np.random.default_rng(4), 12) + 0.8
    c = spm.ttest(y).clusters[0]
    assert c.endpoints == (c.start, c.end) and c.P == c.p
    with pytest.raises(AttributeError):
        c.P = 0.5
    with pytest.raises(AttributeError):
        c.endpoints = (0, 1)


def test_max_cluster_height_is_named_as_not_offered():
    y = smooth(np.random.default_rng(5), 8)
    with pytest.raises(InvalidArgumentError, match="'cluster_metric'.*MaxClusterHeight.*not"):
        spm.ttest(y, method="permutation", cluster_metric="MaxClusterHeight")


# ---------------------------------------------------------------------------------------------
# 4. frozen result: read-only arrays, identity equality
# ---------------------------------------------------------------------------------------------

def test_result_arrays_are_read_only_and_equality_is_identity():
    rng = np.random.default_rng(6)
    y = smooth(rng, 12) + 0.5
    r = spm.regress(y, np.arange(12.0), method="permutation", n_permutations=200)
    for a in (r.z, r.beta, r.r, r.permutation_max, *r.curve_mean, *r.curve_sd):
        assert not a.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            a[0] = 99.0
    z = r.z.copy()
    z[0] = 99.0                                   # a copy is writable
    r2 = spm.regress(y, np.arange(12.0), method="permutation", n_permutations=200)
    assert r == r and r != r2 and not (r == r2)   # no "truth value of an array" error
    assert len({r, r2, r}) == 2 and {r: 1}[r] == 1
    np.testing.assert_array_equal(r.z, r2.z)      # contents compared field by field


def test_read_only_views_leave_the_callers_arrays_alone():
    z = np.zeros(3)
    r = spm.SPMResult(test="ttest", statistic="t", method="rft", alpha=0.05, two_tailed=True,
                      z=z, zstar=1.0, df=(1.0, 2.0), fwhm=1.0, resels=(1.0, 2.0),
                      h0reject=False, p_set=1.0, clusters=(), p_cluster=(), n_curves=3,
                      n_nodes=3)
    assert z.flags.writeable and not r.z.flags.writeable


# ---------------------------------------------------------------------------------------------
# 5. clusters frame
# ---------------------------------------------------------------------------------------------

def test_clusters_frame_has_extent_resels_and_integral():
    y = smooth(np.random.default_rng(7), 12) + 0.8
    for method in ("rft", "permutation"):
        r = spm.ttest(y, method=method)
        f = r.clusters_frame()
        assert len(f) == len(r.clusters) >= 1
        np.testing.assert_array_equal(f["integral"], [c.integral for c in r.clusters])
        np.testing.assert_array_equal(f["extent_resels"], [c.extent_resels for c in r.clusters])
    rft = spm.ttest(y).clusters_frame()
    np.testing.assert_allclose(rft["extent_resels"], rft["extent"] / spm.ttest(y).fwhm,
                               rtol=1e-12)


# ---------------------------------------------------------------------------------------------
# 6, 7. permutation printout, exactness rule, n_permutations limit
# ---------------------------------------------------------------------------------------------

def test_fourteen_pairs_two_tailed_are_exact_with_the_default_n_permutations():
    # 2**14 = 16384 sign flips in 8192 mirror pairs (z, -z): 8192 <= 10000, so the default is
    # exact two-tailed (since C++ commit 1290e42) and Monte Carlo one-tailed
    rng = np.random.default_rng(8)
    a, b = smooth(rng, 14), smooth(rng, 14)
    two = spm.ttest_paired(a, b, method="permutation")
    assert two.exact and two.n_permutations == 8192 == two.permutation_max.size
    assert two.n_permutations_possible == 2 ** 14
    assert "8192 of 16384 sign flips (one of each mirror pair z, -z), exact" in repr(two)
    one = spm.ttest_paired(a, b, method="permutation", two_tailed=False)
    assert not one.exact and one.n_permutations == 10_000
    assert ("10000 of 16384 sign flips drawn at random (Monte Carlo, seed 0; exact with "
            "n_permutations >= 16384)") in repr(one)
    assert spm.ttest_paired(a, b, method="permutation", two_tailed=False,
                            n_permutations=16384).exact
    mc = spm.ttest_paired(a, b, method="permutation", n_permutations=8191)
    assert not mc.exact and "exact with n_permutations >= 8192" in repr(mc)


def _spm1d_n_unique(name, *args):
    spm1d = pytest.importorskip("spm1d")
    return getattr(spm1d.stats.nonparam, name)(*args).nPermUnique


def test_n_permutations_possible_counts():
    rng = np.random.default_rng(9)
    y = smooth(rng, 9)
    groups = [0, 0, 0, 1, 1, 2, 2, 2, 2]
    cases = [
        (spm.ttest(y, method="permutation"), 2 ** 9, ("ttest", y)),
        (spm.ttest2(y[:4], y[4:], method="permutation"), math.comb(9, 4),
         ("ttest2", y[:4], y[4:])),
        (spm.regress(y[:7], np.arange(7.0), method="permutation"), math.factorial(7),
         ("regress", y[:7], np.arange(7.0))),
        (spm.anova1(y, groups, method="permutation"),
         math.factorial(9) // (math.factorial(3) * math.factorial(2) * math.factorial(4)),
         ("anova1", y, np.array(groups))),
    ]
    for r, m, oracle in cases:
        assert r.n_permutations_possible == m, r.test
        assert f" of {m} " in repr(r) or f"all {m} " in repr(r), repr(r)
    assert spm.ttest(y).n_permutations_possible == 0                       # RFT
    for r, m, oracle in cases:
        assert _spm1d_n_unique(*oracle) == m                               # spm1d's nPermUnique


def test_regress_and_unbalanced_two_sample_are_not_mirrored():
    rng = np.random.default_rng(10)
    y = smooth(rng, 7)
    r = spm.regress(y, np.arange(7.0), method="permutation")               # 5040 <= 10000
    assert r.exact and r.n_permutations == 5040
    assert "all 5040 orderings of x, exact (every distinct permutation)" in repr(r)
    mc = spm.regress(y, np.arange(7.0), method="permutation", n_permutations=3000)
    assert "exact with n_permutations >= 5040" in repr(mc)


@pytest.mark.parametrize("n", [2 ** 63, 10 ** 8 + 1, 2 ** 64])
def test_n_permutations_above_the_maximum(n):
    y = smooth(np.random.default_rng(11), 6)
    with pytest.raises(InvalidArgumentError, match="'n_permutations'.*10\\*\\*8"):
        spm.ttest(y, method="permutation", n_permutations=n)


def test_n_permutations_at_the_maximum_is_accepted():
    y = smooth(np.random.default_rng(11), 6)
    r = spm.ttest(y, method="permutation", n_permutations=10 ** 8)   # 32 to enumerate: exact
    assert r.exact and r.n_permutations == 32


def test_two_tailed_exact_threshold_is_the_percentile_of_one_of_each_mirror_pair():
    # docs/spm.md (permutation): the interpolated percentile of the 2**(J-1) kept maxima is a
    # little lower (more liberal) than that of all 2**J, where every value appears twice
    rng = np.random.default_rng(12)
    d = smooth(rng, 8, width=3.0) + 0.2
    r = spm.ttest(d, method="permutation")
    flips = np.array([[1.0] + [1.0 - 2.0 * ((k >> j) & 1) for j in range(7)]
                      for k in range(2 ** 7)])                     # first sign fixed
    maxima = []
    for s in flips:
        x = d * s[:, None]
        t = x.mean(0) / (x.std(0, ddof=1) / np.sqrt(8))
        maxima.append(np.abs(t).max())
    half = np.percentile(maxima, 95.0)
    full = np.percentile(np.concatenate([maxima, maxima]), 95.0)   # z and -z: same max |z|
    np.testing.assert_allclose(np.sort(r.permutation_max), np.sort(maxima), rtol=1e-10)
    assert r.zstar == pytest.approx(half, rel=1e-10)
    assert half < full
    print(f"J = 8: mirror half {half:.4f}, all 256 sign flips {full:.4f}")


# ---------------------------------------------------------------------------------------------
# 8. extreme scales, to_dict of infinity
# ---------------------------------------------------------------------------------------------

def test_values_whose_squares_overflow_or_underflow_are_refused_as_such():
    y = smooth(np.random.default_rng(13), 10) + 0.2
    ref = spm.ttest(y)
    for scale in (1e100, 1e-100):                     # t is scale-invariant (analytic)
        np.testing.assert_allclose(spm.ttest(y * scale).z, ref.z, rtol=1e-10)
    with pytest.raises(InvalidArgumentError, match="'y'.*1e150.*overflow") as e:
        spm.ttest(y * 1e155)
    assert "zero variance" not in str(e.value)
    with pytest.raises(InvalidArgumentError, match="'y'.*underflow"):
        spm.ttest(y * 1e-160)
    with pytest.raises(InvalidArgumentError, match="'a'.*overflow"):
        spm.ttest_paired(y * 1e155, y * 1e-3)
    with pytest.raises(InvalidArgumentError, match="'b'.*overflow"):
        spm.ttest2(y[:5], y[5:] * 1e155)
    with pytest.raises(InvalidArgumentError, match="'x'.*overflow"):
        spm.regress(y, np.arange(10.0) * 1e155)
    with pytest.raises(InvalidArgumentError, match="'y'.*overflow"):
        spm.anova1(y * 1e155, [0] * 5 + [1] * 5)


def test_to_dict_writes_an_infinite_fwhm_as_none():
    # curves constant over the nodes: residuals without roughness, FWHM infinite (commit
    # 86d06f1), resels[1] = (Q - 1) / inf = 0
    levels = np.random.default_rng(14).normal(size=10)
    r = spm.ttest(np.outer(levels, np.ones(Q)) + 0.3)
    assert math.isinf(r.fwhm) and r.resels == (1.0, 0.0)
    d = r.to_dict()
    assert d["fwhm"] is None and d["resels"] == [1.0, 0.0]
    json.dumps(d, allow_nan=False)


# ---------------------------------------------------------------------------------------------
# 9. docs/spm.md's FWHM remark: an alternating field looks smooth to the central difference
# ---------------------------------------------------------------------------------------------

def test_a_field_alternating_node_to_node_is_estimated_as_smooth():
    rng = np.random.default_rng(3)
    alt = (-1.0) ** np.arange(101)
    y = np.outer(rng.normal(size=10), alt) + rng.normal(size=(10, 101)) * 0.1 + 0.2
    r = spm.ttest(y)
    assert r.fwhm == pytest.approx(21.3, abs=0.05)        # docs/spm.md, "Smoothness"
    spm1d = pytest.importorskip("spm1d")                  # GPL test-only oracle: run, not read
    assert r.fwhm == pytest.approx(spm1d.stats.ttest(y).fwhm, rel=1e-8)
