"""hipmech.spm: inputs and result objects (issue 24, new-user review).

Group labels of mixed types, missing group labels, spm1d's aliases (``y0``, ``endpoints``,
``P``), read-only and identity-equal results, the clusters frame, the permutation printout
and its exactness rule, ``n_permutations`` beyond the core's maximum, values whose squares
overflow or underflow, and ``to_dict`` of an infinite FWHM. Newcomer mistakes (review 4):
transposed curves (a warning), DataFrames whose rows are percent, long-format tables, ragged
curves, NaN at the ends, pandas labels that do not match (paired rows, regressor, groups,
node columns), and the cluster side in the printout; the fixes the messages name are checked
to give the field of the plain arrays.

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
    assert two.n_permutations_exact == 8192 and two.mirror_half
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


# ---------------------------------------------------------------------------------------------
# newcomer mistakes (issue 24, review 4): transposed curves, pandas labels, ragged curves,
# long-format tables, NaN at the ends, the cluster side in the printout
# ---------------------------------------------------------------------------------------------

def _ab(seed=41, n=10, q=101):
    rng = np.random.default_rng(seed)
    a = smooth(rng, n, q, width=6.0)
    return a, a + smooth(rng, n, q, width=6.0)


def test_more_curves_than_nodes_warns_naming_the_argument_at_the_callers_line():
    a, b = _ab()
    with pytest.warns(UserWarning) as w:
        r = spm.ttest_paired(a.T, b.T)
    texts = [str(x.message) for x in w]
    assert "a: 101 curves of 10 nodes — curves are rows (n_curves, n_nodes); did you mean a.T?" \
        in texts[0]
    assert texts[1].startswith("b: 101 curves of 10 nodes")
    assert all(x.filename == __file__ for x in w)          # stacklevel: the caller's line
    assert r.n_curves == 101                               # a warning, not an error
    for f in (lambda: spm.ttest(a.T), lambda: spm.regress(a.T, np.arange(101.0)),
              lambda: spm.anova1(a.T, [0, 1] * 50 + [1]), lambda: spm.ttest2(a.T, b.T)):
        with pytest.warns(UserWarning, match="curves of 10 nodes"):
            f()


def test_as_many_nodes_as_curves_or_more_does_not_warn():
    import warnings

    a, b = _ab(n=12, q=12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        spm.ttest_paired(a, b)
        spm.ttest_paired(*_ab())


def test_a_dataframe_whose_rows_are_percent_is_refused():
    pd = pytest.importorskip("pandas")
    a, b = _ab()
    pct = np.linspace(0.0, 100.0, 101)
    subjects = [f"S{i}" for i in range(10)]
    long = pd.DataFrame([(s, side, p, v) for side, m in (("left", a), ("right", b))
                         for s, row in zip(subjects, m) for p, v in zip(pct, row)],
                        columns=["subject", "side", "percent", "value"])
    left = long[long.side == "left"].pivot(index="percent", columns="subject", values="value")
    right = long[long.side == "right"].pivot(index="percent", columns="subject", values="value")
    with pytest.raises(InvalidArgumentError, match=r"'a'.*index 'percent' runs 0 to 100 in 101 "
                       r"even steps.*pass a\.T"):
        spm.ttest_paired(left, right)
    # the suggested fix gives the test on the plain arrays
    r = spm.ttest_paired(left.T, right.T)
    np.testing.assert_array_equal(r.z, spm.ttest_paired(a, b).z)
    # a 0-1 index counts as nodes too; subjects 0..100 as a RangeIndex (the default) do not
    with pytest.raises(InvalidArgumentError, match="'y'.*rows are nodes"):
        spm.ttest(pd.DataFrame(a.T, index=pct / 100))
    many = smooth(np.random.default_rng(3), 101, 101)
    assert spm.ttest(pd.DataFrame(many)).n_curves == 101


def test_long_format_tables_get_the_pivot_to_use():
    pd = pytest.importorskip("pandas")
    a, b = _ab()
    pct = np.linspace(0.0, 100.0, 101)
    long = pd.DataFrame([(s, side, p, v) for side, m in (("left", a), ("right", b))
                         for s, row in enumerate(m) for p, v in zip(pct, row)],
                        columns=["subject", "side", "percent", "value"])
    left, right = long[long.side == "left"], long[long.side == "right"]
    with pytest.raises(InvalidArgumentError) as e:
        spm.ttest_paired(left, right)
    text = str(e.value)
    assert "'a'" in text and "long-format DataFrame of 1010 rows" in text
    assert "a.pivot(index='subject', columns='percent', values='value')" in text
    assert "dtype" not in text
    # the pivot it names gives the curves back
    r = spm.ttest_paired(left.pivot(index="subject", columns="percent", values="value"),
                         right.pivot(index="subject", columns="percent", values="value"))
    np.testing.assert_array_equal(r.z, spm.ttest_paired(a, b).z)
    # all-numeric long table (subject as a number) and the value column alone
    with pytest.raises(InvalidArgumentError, match="long-format"):
        spm.ttest(left.drop(columns="side"))
    with pytest.raises(InvalidArgumentError, match=r"shape \(1010,\).*pivot.*reshape"):
        spm.ttest_paired(left["value"], right["value"])


def test_ragged_curves_name_their_lengths_and_time_normalise():
    a, b = _ab()
    ragged = [a[i][:95 + i] for i in range(3)]
    with pytest.raises(InvalidArgumentError) as e:
        spm.ttest_paired(ragged, [b[i] for i in range(3)])
    text = str(e.value)
    assert "'a'" in text and "hipmech.signal.time_normalise" in text
    assert "3 curves of different lengths: 95 nodes (curve 0); 96 nodes (curve 1); " \
           "97 nodes (curve 2)" in text
    assert "inhomogeneous" not in text
    obj = np.empty(2, dtype=object)
    obj[0], obj[1] = a[0], a[1][:90]
    with pytest.raises(InvalidArgumentError, match=r"'y'.*90 nodes \(curve 1\); 101 nodes"):
        spm.ttest(obj)
    # lists of curves of one length are fine
    assert spm.ttest_paired(list(a), list(b)).n_curves == 10


def test_nan_at_the_same_end_nodes_suggests_the_cut():
    a, b = _ab(n=8)
    a[:, 99:] = np.nan
    with pytest.raises(InvalidArgumentError) as e:
        spm.ttest_paired(a, b)
    text = str(e.value)
    assert "cut all curves to the nodes 0–98" in text and "a[:, :99] (and b alike)" in text
    assert "it would leave no curve" in text
    # the cut it names runs, and equals the test of the cut curves
    assert spm.ttest_paired(a[:, :99], b[:, :99]).n_nodes == 99
    # leading NaN in some curves only: the cut from node 3, counting positions from the cut
    y = smooth(np.random.default_rng(8), 8)
    y[2, :2] = np.nan
    y[5, :3] = np.nan
    with pytest.raises(InvalidArgumentError, match=r"y\[:, 3:\].*leave out 2 of 8 curves.*"
                       r"node k \+ 3 of the cycle"):
        spm.ttest(y)
    # NaN inside a curve: no cut to suggest
    y = smooth(np.random.default_rng(8), 8)
    y[1, 20] = np.nan
    with pytest.raises(InvalidArgumentError) as e:
        spm.ttest(y)
    assert "cut" not in str(e.value)


def test_paired_dataframes_must_have_the_same_index_and_columns():
    pd = pytest.importorskip("pandas")
    a, b = _ab()
    subjects = [f"S{i}" for i in range(10)]
    left, right = pd.DataFrame(a, index=subjects), pd.DataFrame(b, index=subjects)
    expected = spm.ttest_paired(a, b).z
    np.testing.assert_array_equal(spm.ttest_paired(left, right).z, expected)
    shuffled = right.sort_index(ascending=False)
    with pytest.raises(InvalidArgumentError, match=r"'b'.*same labels in another order.*"
                       r"b\.loc\[a\.index\]"):
        spm.ttest_paired(left, shuffled)
    # the hint's fix pairs them again: the same field as the arrays
    np.testing.assert_array_equal(spm.ttest_paired(left, shuffled.loc[left.index]).z, expected)
    other = right.rename(index={"S3": "S30"})
    with pytest.raises(InvalidArgumentError, match=r"'b'.*label 'S30' at position 3 where a "
                       r"has 'S3'"):
        spm.ttest_paired(left, other)
    # node labels (columns)
    pct = np.linspace(0.0, 100.0, 101)
    left.columns = pct
    reversed_nodes = right.set_axis(pct[::-1], axis=1)
    with pytest.raises(InvalidArgumentError, match=r"'b'.*node labels \(columns\).*"
                       r"b\[a\.columns\]"):
        spm.ttest_paired(left, reversed_nodes)
    with pytest.raises(InvalidArgumentError, match=r"'b'.*node labels"):
        spm.ttest2(left, reversed_nodes)
    # integer and float labels of equal value are the same labels; a numpy b is not checked
    np.testing.assert_array_equal(
        spm.ttest_paired(left, right.set_axis(np.arange(101), axis=1).set_axis(
            pct, axis=1)).z, expected)
    np.testing.assert_array_equal(spm.ttest_paired(shuffled, b).z,
                                  spm.ttest_paired(shuffled.to_numpy(), b).z)


def test_regress_and_anova1_check_pandas_labels_against_y():
    pd = pytest.importorskip("pandas")
    a, _ = _ab(n=12)
    subjects = [f"S{i}" for i in range(12)]
    y = pd.DataFrame(a, index=subjects)
    speed = pd.Series(np.linspace(1.0, 2.0, 12), index=subjects)
    ref = spm.regress(a, speed.to_numpy())
    np.testing.assert_array_equal(spm.regress(y, speed).z, ref.z)
    with pytest.raises(InvalidArgumentError, match=r"'x'.*another order.*x\.loc\[y\.index\]"):
        spm.regress(y, speed.sort_index(ascending=False))
    np.testing.assert_array_equal(
        spm.regress(y, speed.sort_index(ascending=False).loc[y.index]).z, ref.z)
    groups = pd.Series(["slow", "fast"] * 6, index=subjects)
    np.testing.assert_array_equal(spm.anova1(y, groups).z,
                                  spm.anova1(a, groups.to_numpy()).z)
    with pytest.raises(InvalidArgumentError, match=r"'groups'.*groups\.loc\[y\.index\]"):
        spm.anova1(y, groups.iloc[::-1])


def test_the_printout_says_which_side_of_the_threshold_a_cluster_lies():
    a, b = _ab()
    pct = np.linspace(0.0, 100.0, 101)
    bump = 2.0 * np.exp(-0.5 * ((pct - 30.0) / 6.0) ** 2)
    text = repr(spm.ttest_paired(a, a + bump + 0.05 * (b - a)))
    assert "cluster 0 (below −zstar):" in text
    text = repr(spm.ttest_paired(a + bump + 0.05 * (b - a), a))
    assert "cluster 0 (above zstar):" in text
    assert " -:" not in text and " +:" not in text


def test_anova1rm_checks_pandas_levels_and_subjects_against_y():
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(9)
    subject = smooth(rng, 6)
    a = np.vstack([subject + smooth(rng, 6) for _ in range(3)])
    rows = [f"{s}-{lv}" for lv in ("slow", "normal", "fast") for s in range(6)]
    y = pd.DataFrame(a, index=rows)
    levels = pd.Series(["slow"] * 6 + ["normal"] * 6 + ["fast"] * 6, index=rows)
    subjects = pd.Series(list(range(6)) * 3, index=rows)
    ref = spm.anova1rm(a, levels.to_numpy(), subjects.to_numpy())
    np.testing.assert_array_equal(spm.anova1rm(y, levels, subjects).z, ref.z)
    with pytest.raises(InvalidArgumentError, match=r"'groups'.*groups\.loc\[y\.index\]"):
        spm.anova1rm(y, levels.iloc[::-1], subjects)
    with pytest.raises(InvalidArgumentError, match=r"'subjects'.*another order"):
        spm.anova1rm(y, levels, subjects.iloc[::-1])


# ---------------------------------------------------------------------------------------------
# what the inference cannot deliver, written in the result (the statistician's review)
# ---------------------------------------------------------------------------------------------

def test_exact_permutation_size_above_alpha_is_noted():
    # 6 pairs, two-tailed: 32 mirror pairs; the percentile threshold leaves 2 of the 32 maxima
    # above it (counted here from permutation_max), a size of 0.0625 > 0.05 (docs/spm.md, "The
    # size of an exact test")
    rng = np.random.default_rng(3)
    a = rng.normal(size=(6, 50)).cumsum(1)
    b = rng.normal(size=(6, 50)).cumsum(1)
    r = spm.ttest_paired(a, b, method="permutation")
    assert r.exact and r.n_permutations == 32
    above = int(np.count_nonzero(r.permutation_max > r.zstar))
    assert above / 32 > 0.05
    assert any(f"size is {above}/32" in n for n in r.notes), r.notes
    # 10 pairs, one-tailed, 1024 sign flips: 52/1024 = 0.0508, within 5 % of alpha: no note
    a = rng.normal(size=(10, 50)).cumsum(1)
    b = rng.normal(size=(10, 50)).cumsum(1)
    r = spm.ttest_paired(a, b, method="permutation", two_tailed=False, n_permutations=-1)
    assert np.count_nonzero(r.permutation_max > r.zstar) == 52
    assert not any("size" in n for n in r.notes)


def test_rft_cluster_with_p_above_alpha_is_noted():
    # White noise of 8 curves: the Bonferroni cap sets zstar, and a cluster crossing it can
    # have an RFT cluster p above alpha (docs/spm.md, "Critical threshold"); spm1d reports the
    # same p (test_spm_oracle.py compares RFT p values on rough fields). Seeds are searched
    # until such a cluster appears.
    found = 0
    for seed in range(300):
        y = np.random.default_rng(seed).normal(size=(8, 101))
        r = spm.ttest(y)
        high = [c for c in r.clusters if c.p > r.alpha]
        if high:
            found += 1
            assert r.h0reject
            assert any("RFT cluster p above alpha" in n for n in r.notes), r.notes
        elif r.clusters:
            assert not any("RFT cluster p above alpha" in n for n in r.notes)
        if found >= 2:
            break
    assert found >= 2


def test_a_count_beyond_int64_is_said_to_be_more_than_9e18():
    # 25 orderings of x: 25! = 1.6e25 relabellings, beyond the C++ count's INT64_MAX saturation
    rng = np.random.default_rng(4)
    r = spm.regress(smooth(rng, 25), np.arange(25.0), method="permutation",
                    n_permutations=200)
    assert not r.exact and r.n_permutations_possible == 2 ** 63 - 1
    assert "200 of more than 9.2e18 orderings of x drawn at random" in repr(r)
