"""hipmech.spm: the Python API (issue 24) — statistic fields against scipy node by node, the
result's fields, repr, to_dict and clusters_frame, the missing-value policy, bad input, and the
GIL released during the C++ call. Agreement with spm1d is in test_spm_oracle.py, the type-I
error rate in test_spm_type1.py."""

from __future__ import annotations

import json
import threading
import time

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

import hipmech
from hipmech import _core, spm

Q = 51


def smooth(rng: np.random.Generator, j: int, q: int = Q, width: float = 4.0) -> np.ndarray:
    """j smooth curves of q nodes: white noise convolved with a Gaussian kernel (SD ``width``
    nodes), unit variance."""
    k = np.exp(-0.5 * (np.arange(-4 * width, 4 * width + 1) / width) ** 2)
    k /= np.sqrt(np.sum(k ** 2))
    e = rng.normal(size=(j, q + k.size - 1))
    return np.array([np.convolve(row, k, mode="valid") for row in e])


def bump(q: int = Q, centre: float = 0.5, width: float = 0.1) -> np.ndarray:
    x = np.linspace(0.0, 1.0, q)
    return np.exp(-0.5 * ((x - centre) / width) ** 2)


@pytest.fixture
def pair():
    rng = np.random.default_rng(11)
    b = smooth(rng, 12)
    a = b + 0.5 * smooth(rng, 12) + 1.5 * bump()
    return a, b


# ---------------------------------------------------------------------------------------------
# statistic fields against scipy, node by node (oracle: scipy.stats)
# ---------------------------------------------------------------------------------------------

def test_fields_equal_scipy_node_by_node():
    rng = np.random.default_rng(1)
    y = smooth(rng, 9) + 0.3
    np.testing.assert_allclose(spm.ttest(y, 0.1).z, sps.ttest_1samp(y, 0.1).statistic,
                               rtol=1e-12)
    a, b = smooth(rng, 9), smooth(rng, 9)
    np.testing.assert_allclose(spm.ttest_paired(a, b).z, sps.ttest_rel(a, b).statistic,
                               rtol=1e-12)
    c = smooth(rng, 6)
    np.testing.assert_allclose(spm.ttest2(a, c).z,
                               sps.ttest_ind(a, c, equal_var=True).statistic, rtol=1e-12)
    x = rng.normal(size=9)
    t = [sps.linregress(x, col) for col in y.T]
    r = spm.regress(y, x)
    np.testing.assert_allclose(r.z, [v.slope / v.stderr for v in t], rtol=1e-10)
    np.testing.assert_allclose(r.beta, [v.slope for v in t], rtol=1e-10)
    np.testing.assert_allclose(r.r, [v.rvalue for v in t], rtol=1e-10)
    g = np.array([0, 0, 1, 1, 1, 2, 2, 2, 2])
    f = spm.anova1(y, g)
    np.testing.assert_allclose(f.z, sps.f_oneway(y[g == 0], y[g == 1], y[g == 2]).statistic,
                               rtol=1e-10)
    assert f.df == (2.0, 6.0) and f.statistic == "F" and not f.two_tailed


def test_signs_follow_a_minus_b(pair):
    a, b = pair
    r = spm.ttest_paired(a, b)
    assert r.z.max() > r.zstar and r.clusters and r.clusters[0].sign == 1
    np.testing.assert_allclose(spm.ttest_paired(b, a).z, -r.z, rtol=1e-13)
    assert spm.ttest2(a, b).z[Q // 2] > 0 > spm.ttest2(b, a).z[Q // 2]


# ---------------------------------------------------------------------------------------------
# the result
# ---------------------------------------------------------------------------------------------

def test_result_fields(pair):
    a, b = pair
    r = spm.ttest_paired(a, b, alpha=0.01, two_tailed=False)
    assert isinstance(r, spm.SPMResult) and hipmech.spm is spm
    assert (r.test, r.statistic, r.method, r.alpha, r.two_tailed) == (
        "ttest_paired", "t", "rft", 0.01, False)
    assert r.df == (1.0, 11.0) and r.n_curves == 12 and r.n_nodes == Q
    assert r.z.shape == (Q,) and r.z.dtype == np.float64
    assert r.resels[0] == 1.0 and r.resels[1] == pytest.approx((Q - 1) / r.fwhm)
    assert r.h0reject is True and r.p_cluster == tuple(c.p for c in r.clusters) == r.p
    assert (r.beta, r.r, r.permutation_max) == (None, None, None)
    assert (r.n_permutations, r.exact, r.seed, r.cluster_metric) == (0, False, 0, "")
    assert r.notes == () and r.curve_labels == ("a", "b")
    np.testing.assert_allclose(r.curve_mean[0], a.mean(0))
    np.testing.assert_allclose(r.curve_sd[1], b.std(0, ddof=1))
    np.testing.assert_allclose(r.percent, np.arange(Q) * 100 / (Q - 1))
    c = r.clusters[0]
    assert isinstance(c, spm.SPMCluster)
    assert 0 <= c.start < c.peak_node < c.end <= Q - 1
    assert c.start_percent == pytest.approx(100 * c.start / (Q - 1))
    assert c.end_percent == pytest.approx(100 * c.end / (Q - 1))
    assert c.extent_resels == pytest.approx(c.extent / r.fwhm)
    assert c.peak == pytest.approx(r.z.max()) and r.z[c.peak_node] == c.peak
    assert c.integral > 0 and 0 <= c.p <= 1
    # the threshold: z crosses zstar at the interpolated endpoints
    assert np.interp(c.start, np.arange(Q), r.z) == pytest.approx(r.zstar, abs=1e-9)
    with pytest.raises(dataclasses_frozen_error()):
        r.zstar = 1.0


def dataclasses_frozen_error():
    import dataclasses
    return dataclasses.FrozenInstanceError


def test_labels_and_group_curves():
    rng = np.random.default_rng(2)
    y = smooth(rng, 9)
    g = np.array(["slow", "fast", "normal"] * 3)
    r = spm.anova1(y, g)
    assert r.curve_labels == ("fast", "normal", "slow")
    np.testing.assert_allclose(r.curve_mean[2], y[g == "slow"].mean(0))
    # the same groups as a pandas Series (of text, or categorical) or as numbers: the same field
    np.testing.assert_array_equal(spm.anova1(y, pd.Series(g)).z, r.z)
    np.testing.assert_array_equal(spm.anova1(y, pd.Series(g, dtype="category")).z, r.z)
    np.testing.assert_array_equal(spm.anova1(y, np.unique(g, return_inverse=True)[1]).z, r.z)
    assert spm.ttest(y).curve_labels == spm.regress(y, np.arange(9.0)).curve_labels == ("y",)
    assert spm.ttest2(y[:4], y[4:]).curve_labels == ("a", "b")


def test_pandas_input_and_curve_mu():
    rng = np.random.default_rng(3)
    y = smooth(rng, 8) + 1.0
    mu = np.linspace(0.5, 1.5, Q)
    r = spm.ttest(pd.DataFrame(y), mu)
    np.testing.assert_allclose(r.z, sps.ttest_1samp(y - mu, 0.0).statistic, rtol=1e-12)
    np.testing.assert_allclose(r.curve_mean[0], y.mean(0))  # the curves, not y - mu


def test_repr_reads_like_spm1d(pair):
    a, b = pair
    r = spm.ttest_paired(a, b)
    text = repr(r)
    for part in ("SPM{t}", "ttest_paired", "RFT", "df", "fwhm", "resels", "zstar",
                 "h0reject   :  True", "p_set", "p_cluster", "cluster 0 (above zstar)",
                 "two-tailed"):
        assert part in text, part
    assert len(text.splitlines()) < 20
    assert "SPM{F}" in repr(spm.anova1(a, [0] * 6 + [1] * 6))
    assert "SPMCluster(start=" in repr(r.clusters[0])
    assert "<table>" in r._repr_html_()


def test_to_dict_is_json_ready(pair):
    a, b = pair
    a = a.copy()
    a[0, 3] = np.nan
    r = spm.ttest_paired(a, b, missing="omit_curves")
    d = r.to_dict()
    text = json.dumps(d, allow_nan=False)
    assert json.loads(text)["clusters"][0]["p"] == pytest.approx(r.clusters[0].p)
    assert d["z"] == pytest.approx(list(r.z)) and d["df"] == [1.0, 10.0]
    assert d["notes"] and d["curve_labels"] == ["a", "b"] and len(d["curve_mean"][0]) == Q


def test_clusters_frame(pair):
    a, b = pair
    r = spm.ttest_paired(a, b)
    f = r.clusters_frame()
    assert list(f.columns) == ["start", "end", "start_percent", "end_percent", "extent",
                               "extent_percent", "extent_resels", "integral", "peak",
                               "peak_node", "sign", "p"]
    assert len(f) == len(r.clusters) >= 1
    c = r.clusters[0]
    row = f.iloc[0]
    assert (row["start"], row["end"], row["p"], row["peak_node"]) == (
        c.start, c.end, c.p, c.peak_node)
    assert row["extent_percent"] == pytest.approx(100 * c.extent / (Q - 1))
    empty = spm.ttest(smooth(np.random.default_rng(5), 12), alpha=1e-4).clusters_frame()
    assert empty.empty and list(empty.columns) == list(f.columns)


def test_fwhm_of_residuals_is_the_tests_fwhm_and_near_the_true_smoothness():
    rng = np.random.default_rng(4)
    width = 6.0                               # kernel SD [nodes]
    y = smooth(rng, 400, q=201, width=width)
    true_fwhm = width * np.sqrt(8 * np.log(2))  # FWHM of the Gaussian kernel (analytic)
    r = spm.ttest(y)
    assert spm.fwhm(y - y.mean(0)) == pytest.approx(r.fwhm, rel=1e-12)
    assert r.fwhm == pytest.approx(true_fwhm, rel=0.05)


# ---------------------------------------------------------------------------------------------
# permutation inference (agreement with spm1d's exact mode: test_spm_oracle.py)
# ---------------------------------------------------------------------------------------------

def test_permutation_result_fields(pair):
    a, b = pair
    r = spm.ttest_paired(a, b, method="permutation", n_permutations=1000, seed=5)
    assert (r.method, r.n_permutations, r.exact, r.seed, r.cluster_metric) == (
        "permutation", 1000, False, 5, "integral")
    assert r.permutation_max.shape == (1000,)
    assert "permutation" in repr(r) and "seed 5" in repr(r)
    same = spm.ttest_paired(a, b, method="Permutation", n_permutations=1000, seed=5,
                            cluster_metric="MaxClusterIntegral")
    assert same.zstar == r.zstar and same.p_cluster == r.p_cluster
    drawn = spm.ttest_paired(a, b, method="permutation", n_permutations=200, seed=None)
    again = spm.ttest_paired(a, b, method="permutation", n_permutations=200, seed=drawn.seed)
    np.testing.assert_array_equal(drawn.permutation_max, again.permutation_max)
    # 2^6 = 64 sign flips <= 10000: exact; two-tailed, one of each mirror pair (z and -z)
    exact = spm.ttest_paired(a[:6], b[:6], method="permutation", two_tailed=False)
    assert exact.exact and exact.n_permutations == 64 == exact.permutation_max.size
    exact2 = spm.ttest_paired(a[:6], b[:6], method="permutation")
    assert exact2.exact and exact2.n_permutations == 32
    assert "exact (every distinct permutation)" in repr(exact)
    assert "32 of 64 sign flips (one of each mirror pair z, -z), exact" in repr(exact2)
    balanced = spm.ttest2(a[:4], b[:4], method="permutation")  # C(8, 4) = 70: 35 of them
    assert balanced.n_permutations == 35 and "mirror pair" in repr(balanced)
    unbalanced = spm.ttest2(a[:3], b[:5], method="permutation")  # C(8, 3) = 56, all
    assert unbalanced.n_permutations == 56 and "every distinct" in repr(unbalanced)
    # exact when the permutations to enumerate fit: 32 two-tailed (mirror half), 64 one-tailed
    kw = dict(method="permutation", seed=1)
    assert spm.ttest_paired(a[:6], b[:6], n_permutations=32, **kw).exact
    assert not spm.ttest_paired(a[:6], b[:6], n_permutations=31, **kw).exact
    assert not spm.ttest_paired(a[:6], b[:6], n_permutations=32, two_tailed=False, **kw).exact


def test_monte_carlo_draws_do_not_add_the_observed_labelling():
    # The Monte Carlo null distribution is n_permutations random draws and nothing else (as
    # spm1d's: docs/spm.md). With 2^30 sign flips, a draw of the identity or its mirror has
    # probability 2 / 2^30 per draw, so the observed maximum |t| is not among 500 draws;
    # an exact test enumerates the identity, so there it is.
    rng = np.random.default_rng(12)
    b = smooth(rng, 30)
    a = b + 0.5 * smooth(rng, 30) + 1.5 * bump()
    r = spm.ttest_paired(a, b, method="permutation", n_permutations=500, seed=2)
    observed = np.abs(r.z).max()
    assert not r.exact and r.permutation_max.size == 500
    assert observed > r.permutation_max.max()  # a strong effect: beyond every draw
    assert not np.isclose(r.permutation_max, observed, rtol=1e-9, atol=0).any()
    exact = spm.ttest_paired(a[:8], b[:8], method="permutation")
    assert exact.exact
    assert np.isclose(exact.permutation_max, np.abs(exact.z).max(), rtol=1e-9, atol=0).any()


def test_alpha_floor_is_one_over_the_permutations_the_test_stands_for(pair):
    a, b = pair
    # exact: 1 / (entries of the null distribution): 2^6 = 64 sign flips for 6 pairs
    # one-tailed; two-tailed the distribution holds 32 (one of each mirror pair), and a smaller
    # alpha could not be delivered (the statistician's review: alpha 1/64 two-tailed had the size
    # 1/32)
    for two, n in ((False, 64), (True, 32)):
        r = spm.ttest_paired(a[:6], b[:6], method="permutation", alpha=1 / n, two_tailed=two)
        assert r.exact and r.alpha == 1 / n
        assert f"1/{n}" in _raises("alpha", spm.ttest_paired, a[:6], b[:6],
                                   method="permutation", alpha=0.99 / n, two_tailed=two)
    # Monte Carlo: 1 / n_permutations (12 pairs: 4096 sign flips, 100 drawn)
    r = spm.ttest_paired(a, b, method="permutation", n_permutations=100, alpha=0.01)
    assert not r.exact and r.n_permutations == 100
    assert "1/100" in _raises("alpha", spm.ttest_paired, a, b, method="permutation",
                              n_permutations=100, alpha=0.0099)


def test_p_set_is_one_without_a_cluster_for_rft_and_nan_for_permutation(pair):
    # spm1d reports p_set 1.000 for an RFT inference without clusters (checked in
    # test_spm_oracle.py: compare_rft on the null data sets) and has no p_set for permutation.
    y = smooth(np.random.default_rng(5), 12)
    none = spm.ttest(y, alpha=1e-4)
    assert not none.clusters and none.p_set == 1.0
    assert "p_set      :  1.000" in repr(none)
    a, b = pair
    some = spm.ttest_paired(a, b)
    assert some.clusters and 0.0 < some.p_set < 1.0
    perm = spm.ttest_paired(a, b, method="permutation", n_permutations=200)
    assert perm.clusters and np.isnan(perm.p_set) and "p_set" not in repr(perm)
    assert spm.ttest(y, method="permutation", n_permutations=200, alpha=0.005).p_set != 1.0


def _area_above(r, c) -> float:
    """Area between sign·z and zstar from c.start to c.end, the field linear between nodes
    (numpy.trapezoid through the interpolated crossings)."""
    nodes = np.arange(int(np.ceil(c.start)), int(np.floor(c.end)) + 1)
    x = np.concatenate([[c.start], nodes, [c.end]])
    h = np.interp(x, np.arange(r.n_nodes), c.sign * r.z) - r.zstar
    return float(np.trapezoid(h, x))


def test_cluster_integral_rft_area_and_permutation_metric(pair):
    a, b = pair
    r = spm.ttest_paired(a, b)
    c = r.clusters[0]
    assert 0 < c.start and c.end < Q - 1  # interior: both ends interpolated
    assert c.integral == pytest.approx(_area_above(r, c), rel=1e-12)
    # permutation: the cluster measured as every permutation is, the unit-spacing trapezoid of
    # sign·z − zstar at its nodes (docs/spm.md, "Permutation inference"); spm1d's metric adds
    # 0 at both interpolated crossings, a larger value than its own null entries
    p = spm.ttest_paired(a, b, method="permutation", n_permutations=500)
    c = p.clusters[0]
    assert 0 < c.start and c.end < Q - 1
    nodes = np.arange(int(np.ceil(c.start)), int(np.floor(c.end)) + 1)
    assert c.integral == pytest.approx(np.trapezoid(c.sign * p.z[nodes] - p.zstar), rel=1e-12)
    spm1d_style = np.trapezoid(np.concatenate([[0.0], c.sign * p.z[nodes] - p.zstar, [0.0]]))
    assert c.integral < spm1d_style


# ---------------------------------------------------------------------------------------------
# missing values
# ---------------------------------------------------------------------------------------------

def test_nan_is_an_error_naming_the_curve_and_node(pair):
    a, b = pair
    a = a.copy()
    a[3, 17] = np.nan
    a[3, 18] = np.nan
    a[7, 2] = np.nan
    with pytest.raises(hipmech.InvalidArgumentError) as e:
        spm.ttest_paired(a, b)
    assert e.value.argument == "a"
    msg = str(e.value)
    assert "curve 3 at node 17" in msg and "omit_curves" in msg and "3, 7" in msg
    with pytest.raises(ValueError, match="'y'.*curve 3 at node 17"):
        spm.ttest(a)
    with pytest.raises(ValueError, match="'b'.*curve 3 at node 17"):
        spm.ttest2(b, a)
    x = np.arange(12.0)
    x[5] = np.nan
    with pytest.raises(ValueError, match="'x'.*index 5"):
        spm.regress(b, x)


def test_omit_curves_leaves_out_the_curves_and_says_so(pair):
    a, b = pair
    a = a.copy()
    b = b.copy()
    a[3, 17] = np.nan
    b[8, 0] = np.nan
    r = spm.ttest_paired(a, b, missing="omit_curves")
    keep = [i for i in range(12) if i not in (3, 8)]
    ref = spm.ttest_paired(a[keep], b[keep])
    np.testing.assert_array_equal(r.z, ref.z)
    assert r.n_curves == 10 and r.zstar == ref.zstar
    assert len(r.notes) == 1 and "2 pairs" in r.notes[0] and "3, 8" in r.notes[0]
    assert "note:" in repr(r)
    t2 = spm.ttest2(a, b, missing="omit_curves")
    assert t2.df == (1.0, 20.0) and len(t2.notes) == 2
    x = np.arange(12.0)
    x[0] = np.nan
    g = spm.regress(a, x, missing="omit_curves")
    assert g.n_curves == 10 and any("x" in n for n in g.notes)
    f = spm.anova1(a, np.arange(12) % 3, missing="omit_curves")
    assert f.n_curves == 11 and f.df == (2.0, 8.0)
    assert spm.ttest(b, missing="omit_curves").notes[0].startswith("1 curve of y")
    # too few curves left: the core's error says which curves were left out
    few = a[:3].copy()
    few[1:, 5] = np.nan
    with pytest.raises(hipmech.InvalidArgumentError) as e:
        spm.ttest(few, missing="omit_curves")
    assert e.value.argument == "y" and "omit_curves" in str(e.value) and "1, 2" in str(e.value)


# ---------------------------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------------------------

def _raises(arg: str, f, *args, **kw):
    with pytest.raises(hipmech.InvalidArgumentError) as e:
        f(*args, **kw)
    assert e.value.argument == arg, str(e.value)
    return str(e.value)


def test_bad_shapes_and_dtypes(pair):
    a, b = pair
    assert "shape (51,)" in _raises("y", spm.ttest, a[0])
    _raises("y", spm.ttest, a[None])
    _raises("a", spm.ttest_paired, a.astype(complex), b)
    _raises("y", spm.ttest, np.array([["x"] * Q] * 3))
    _raises("y", spm.ttest, None)
    _raises("b", spm.ttest_paired, a, b[:-1])                 # mismatched pairs
    _raises("b", spm.ttest2, a, b[:, :-1])                    # different node counts
    _raises("x", spm.regress, a, np.arange(11.0))
    _raises("groups", spm.anova1, a, np.arange(11) % 2)
    _raises("groups", spm.anova1, a, np.full(12, np.nan))
    inf = a.copy()
    inf[1, 1] = np.inf
    _raises("a", spm.ttest_paired, inf, b)
    _raises("mu", spm.ttest, a, np.zeros(Q + 1))
    _raises("mu", spm.ttest, a, np.nan)


def test_too_few_curves_and_zero_variance_are_refused_by_the_core(pair):
    a, b = pair
    with pytest.raises(hipmech.InvalidArgumentError) as e:
        spm.ttest(a[:1])
    assert e.value.argument == "y"
    const = a.copy()
    const[:, 4:7] = 1.0
    with pytest.raises(hipmech.InvalidArgumentError, match="4"):
        spm.ttest(const)
    with pytest.raises(hipmech.InvalidArgumentError):
        spm.anova1(a, np.zeros(12))                            # one group
    with pytest.raises(hipmech.InvalidArgumentError):
        spm.regress(a, np.ones(12))                            # constant regressor


def test_bad_options(pair):
    a, b = pair
    assert "one-tailed" in _raises("two_tailed", spm.anova1, a, np.arange(12) % 2,
                                   two_tailed=True)
    msg = _raises("method", spm.ttest_paired, a, b, method="rtf")
    assert "'rft' or 'permutation'" in msg and "'rtf'" in msg
    for alpha in (0, 1, 1.5, -0.1, np.nan):
        _raises("alpha", spm.ttest_paired, a, b, alpha=alpha)
    with pytest.raises(TypeError):
        spm.ttest_paired(a, b, alpha="0.05")
    with pytest.raises(TypeError):
        spm.ttest_paired(a, b, alpha=True)
    assert "ReML" in _raises("equal_var", spm.ttest2, a, b, equal_var=False)
    _raises("equal_var", spm.anova1, a, np.arange(12) % 2, equal_var=False)
    _raises("two_tailed", spm.ttest, a, two_tailed="yes")
    _raises("n_permutations", spm.ttest, a, method="permutation", n_permutations=0)
    _raises("n_permutations", spm.ttest, a, method="permutation", n_permutations=-2)
    _raises("n_permutations", spm.ttest, a, method="permutation", n_permutations=10.5)
    _raises("seed", spm.ttest, a, method="permutation", seed=-1)
    _raises("seed", spm.ttest, a, method="permutation", seed=2 ** 64)
    _raises("seed", spm.ttest, a, seed=-1)  # checked with RFT too
    _raises("cluster_metric", spm.ttest, a, method="permutation", cluster_metric="height")
    _raises("missing", spm.ttest, a, missing="drop")
    # too few permutations for alpha: the smallest p value 1/n must reach alpha (the core)
    _raises("alpha", spm.ttest_paired, a, b, method="permutation", n_permutations=10)
    _raises("residuals", spm.fwhm, a[0])
    with pytest.raises(TypeError):
        spm.anova1(a, np.arange(12) % 2, 0.05)  # options are keyword-only


# ---------------------------------------------------------------------------------------------
# the GIL
# ---------------------------------------------------------------------------------------------

def test_the_gil_is_released_during_the_cpp_call(pair):
    """A Python thread keeps running while another is in the C++ call: the longest pause of the
    main thread's loop is much shorter than the call (with the GIL held it would span it)."""
    a, b = pair
    d = a - b
    done = threading.Event()
    span = []

    def work():
        try:
            t0 = time.perf_counter()
            _core.spm_test("ttest", d, None, 0.0, 0.05, True, "permutation", 40000, 1,
                           "integral", True)
            span.extend([t0, time.perf_counter()])
        finally:
            done.set()

    stamps = []
    worker = threading.Thread(target=work)
    worker.start()
    while not done.is_set():
        stamps.append(time.perf_counter())
    worker.join()
    assert span, "the call failed"
    t0, t1 = span
    inside = np.array([t for t in stamps if t0 <= t <= t1])
    assert inside.size > 10
    gaps = np.diff(np.concatenate([[t0], inside, [t1]]))
    assert gaps.max() < 0.5 * (t1 - t0), (gaps.max(), t1 - t0)


def test_docstring_examples():
    # test_docs.py runs the examples of hipmech's top-level callables; these are a module's
    import doctest

    r = doctest.testmod(spm, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert r.attempted > 10 and r.failed == 0


# Every numeric and array argument refuses the bad values of test_api_bad_values.py (issue 21)
# with a TypeError or ValueError naming the argument.
BAD_VALUES = [True, 1 + 2j, "0.5", None, np.inf, np.array([object(), 1.0] * 6, dtype=object),
              np.ones((12, Q), dtype=bool), np.ones((12, Q), dtype=complex)]
_Y = smooth(np.random.default_rng(9), 12)
_G = np.arange(12) % 3
CALLS = {
    "ttest": (spm.ttest, dict(y=_Y, mu=0.0)),
    "ttest_paired": (spm.ttest_paired, dict(a=_Y, b=_Y[::-1])),
    "ttest2": (spm.ttest2, dict(a=_Y[:5], b=_Y[5:])),
    "regress": (spm.regress, dict(y=_Y, x=np.arange(12.0))),
    "anova1": (spm.anova1, dict(y=_Y, groups=_G)),
    "fwhm": (spm.fwhm, dict(residuals=_Y)),
}
OPTIONS = dict(alpha=0.05, n_permutations=100, seed=0)
#: Accepted on purpose: group labels may be any numbers or strings (a bool or object array of
#: labels); seed=None draws a seed (reported in the result).
ALLOWED = {("groups", 5), ("groups", 6), ("seed", 3)}


@pytest.mark.parametrize("name", list(CALLS))
def test_every_argument_refuses_bad_values(name):
    f, args = CALLS[name]
    if name != "fwhm":
        args = dict(args, **OPTIONS, method="permutation")
    f(**args)  # valid as given
    for arg in args:
        if arg == "method":
            continue
        for i, bad in enumerate(BAD_VALUES):
            if (arg, i) in ALLOWED:
                continue
            kw = dict(args)
            kw[arg] = bad
            with pytest.raises((TypeError, ValueError)) as e:
                f(**kw)
            assert f"'{arg}'" in str(e.value), (name, arg, repr(bad), str(e.value))
