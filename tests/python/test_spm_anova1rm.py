"""hipmech.spm.anova1rm (one-way repeated-measures ANOVA) against spm1d, a test-only oracle.

Oracle: spm1d 0.4.55 (Pataky 2012 Comput Methods Biomech Biomed Engin 15:295; GPL-3, installed
from PyPI for the tests only, run as a black box: no code of it is read or copied) and its
random-field generator rft1d 0.2.8 (Pataky 2016 J Stat Softw 71(7)), called as
``spm1d.stats.anova1rm(Y, A, SUBJ, equal_var=True).inference(alpha)``. Compared:

* spm1d's bundled repeated-measures data set ``spm1d.data.uv1d.anova1rm.SpeedGRFcategoricalRM``
  (Pataky et al. 2008 J Biomech 41:1987: 10 subjects x 3 walking speeds, 101 nodes);
* 30 random smooth data sets (rft1d.randn1d, seeded numpy): k 2-5 levels, n 3-10 subjects,
  Q 15-120 nodes, large subject effects (so that the repeated-measures design matters), half
  of them with a level effect (a Gaussian bump) so that clusters exist, rows in random order,
  labels not numbered from 0 (and strings for some).

Tolerances (the issue's): z 1e-10 (relative, absolute floor 1e-10), FWHM and resels 1e-8
(relative), zstar, cluster endpoints/extents and cluster and set p values 1e-6 (absolute).
Also: two levels give the paired t squared (Howell 2010 ch. 18), bad input, missing values.

``python tests/python/test_spm_anova1rm.py`` prints the largest differences found.
"""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pytest

spm1d = pytest.importorskip("spm1d", reason="spm1d (GPL-3, test-only oracle) is not installed")
rft1d = pytest.importorskip("rft1d", reason="rft1d (GPL-3, test-only oracle) is not installed")

from hipmech import spm  # noqa: E402
from hipmech import InvalidArgumentError  # noqa: E402

N_RANDOM = 30
WORST: dict = {}


def _note(name: str, diff: float) -> None:
    WORST[name] = max(WORST.get(name, 0.0), float(diff))


def spm1d_rm(y, a, s, alpha):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return spm1d.stats.anova1rm(y, a, s, equal_var=True).inference(alpha)


def compare(r: spm.SPMResult, t, where: str) -> None:
    z = np.asarray(t.z).ravel()
    np.testing.assert_allclose(r.z, z, rtol=1e-10, atol=1e-10, err_msg=f"{where}: z")
    _note("z (relative)", np.max(np.abs(r.z - z) / np.maximum(1.0, np.abs(z))))
    assert r.df == tuple(float(v) for v in t.df), where
    assert r.fwhm == pytest.approx(t.fwhm, rel=1e-8), f"{where}: fwhm"
    _note("fwhm (relative)", abs(r.fwhm - t.fwhm) / t.fwhm)
    assert r.resels[1] == pytest.approx(float(t.resels[1]), rel=1e-8), f"{where}: resels"
    assert r.zstar == pytest.approx(t.zstar, abs=1e-6), f"{where}: zstar"
    _note("zstar", abs(r.zstar - t.zstar))
    assert r.h0reject == bool(t.h0reject), where
    assert len(r.clusters) == len(t.clusters), where
    for i, (c, tc) in enumerate(zip(r.clusters, t.clusters)):
        w = f"{where}: cluster {i}"
        assert (c.start, c.end) == pytest.approx(tuple(float(e) for e in tc.endpoints),
                                                 abs=1e-6), w
        _note("cluster endpoints", max(abs(c.start - tc.endpoints[0]),
                                       abs(c.end - tc.endpoints[1])))
        assert c.extent == pytest.approx(tc.extent, abs=1e-6), w
        assert c.p == pytest.approx(float(tc.P), abs=1e-6), w
        _note("cluster p", abs(c.p - float(tc.P)))
    if r.clusters:
        assert r.p_set == pytest.approx(float(t.p_set), abs=1e-6), where
        _note("p_set", abs(r.p_set - float(t.p_set)))


def random_case(seed: int):
    rng = np.random.default_rng(seed)
    k, n, q = int(rng.integers(2, 6)), int(rng.integers(3, 11)), int(rng.integers(15, 121))
    fwhm = float(rng.uniform(3.0, 30.0))
    np.random.seed(seed)  # rft1d draws from numpy's global generator
    subject = 5.0 * rft1d.randn1d(n, q, fwhm * 1.5).reshape(n, q)
    nodes = np.arange(q)
    bump = np.exp(-0.5 * ((nodes - q * rng.uniform(0.2, 0.8)) / (0.1 * q)) ** 2)
    effect = rng.uniform(0.5, 2.0) if seed % 2 else 0.0
    y, a, s = [], [], []
    levels = rng.permutation(np.arange(k) * 7 + 3)
    subjects = rng.permutation(np.arange(n) * 3 + 11)
    for i in range(n):
        for j in range(k):
            e = rft1d.randn1d(1, q, fwhm).reshape(q)
            y.append(subject[i] + e + effect * j * bump)
            a.append(levels[j])
            s.append(subjects[i])
    y, a, s = np.array(y), np.array(a), np.array(s)
    order = rng.permutation(len(y))
    alpha = float(rng.choice([0.01, 0.05, 0.1]))
    return y[order], a[order], s[order], alpha


@pytest.mark.parametrize("seed", range(N_RANDOM))
def test_random_sets_against_spm1d(seed):
    y, a, s, alpha = random_case(seed)
    t = spm1d_rm(y, a, s, alpha)
    r = spm.anova1rm(y, a, s, alpha=alpha)
    compare(r, t, f"seed {seed}")
    if seed % 3 == 0:  # labels as strings: same order (zero-padded), same result
        ra = spm.anova1rm(y, [f"L{v:03d}" for v in a], [f"S{v:03d}" for v in s], alpha=alpha)
        np.testing.assert_array_equal(ra.z, r.z)
        assert ra.fwhm == r.fwhm


def test_bundled_speed_grf():
    d = spm1d.data.uv1d.anova1rm.SpeedGRFcategoricalRM()
    for alpha in (0.05, 0.01):
        t = spm1d_rm(d.Y, d.A, d.SUBJ, alpha)
        r = spm.anova1rm(d.Y, d.A, d.SUBJ, alpha=alpha)
        compare(r, t, f"SpeedGRFcategoricalRM alpha {alpha}")
    assert r.clusters  # the walking speed effect on the vertical GRF is found


def test_two_levels_are_paired_t_squared():
    # Howell 2010 ch. 18: with two levels the RM ANOVA F is the paired t squared.
    rng = np.random.default_rng(4)
    subject = rng.normal(size=(8, 41)).cumsum(1) * 3
    a = subject + rng.normal(size=(8, 41)).cumsum(1)
    b = subject + rng.normal(size=(8, 41)).cumsum(1)
    r = spm.anova1rm(np.vstack([a, b]), [0] * 8 + [1] * 8, list(range(8)) * 2)
    t = spm.ttest_paired(a, b)
    np.testing.assert_allclose(r.z, t.z ** 2, rtol=1e-12)
    assert r.df == (1.0, 7.0)


def _design():
    rng = np.random.default_rng(1)
    y = rng.normal(size=(12, 21)).cumsum(1)
    return y, np.repeat([1, 2, 3], 4), np.tile([10, 20, 30, 40], 3)


def test_bad_input():
    y, a, s = _design()
    with pytest.raises(InvalidArgumentError, match="subject 40 has no curve at level 3") as e:
        spm.anova1rm(y[:11], a[:11], s[:11])
    assert e.value.argument == "subjects"
    a2 = a.copy()
    a2[4] = 1  # subject 10 has level 1 twice
    with pytest.raises(InvalidArgumentError, match="subject 10 has 2 curves at level 1"):
        spm.anova1rm(y, a2, s)
    with pytest.raises(InvalidArgumentError) as e:
        spm.anova1rm(y[[0, 4, 8]], a[[0, 4, 8]], s[[0, 4, 8]])  # one subject
    assert e.value.argument == "subjects"
    with pytest.raises(InvalidArgumentError) as e:
        spm.anova1rm(y[:4], a[:4], s[:4])  # one level
    assert e.value.argument == "groups"
    with pytest.raises(InvalidArgumentError) as e:
        spm.anova1rm(y, a, s[:11])
    assert e.value.argument == "subjects"
    with pytest.raises(InvalidArgumentError) as e:
        spm.anova1rm(y, a, s, method="permutation")
    assert e.value.argument == "method"
    with pytest.raises(InvalidArgumentError) as e:
        spm.anova1rm(y, a, s, two_tailed=True)
    assert e.value.argument == "two_tailed"
    with pytest.raises(InvalidArgumentError) as e:
        spm.anova1rm(y, a, s, equal_var=False)
    assert e.value.argument == "equal_var"
    with pytest.raises(InvalidArgumentError) as e:
        spm.anova1rm(y, a, [10, 20, 30, "40"] * 3)
    assert e.value.argument == "subjects"


def test_missing_values():
    y, a, s = _design()
    y = y.copy()
    y[5, 3] = np.nan  # subject 20, level 2
    with pytest.raises(InvalidArgumentError, match="NaN in curve 5 at node 3"):
        spm.anova1rm(y, a, s)
    r = spm.anova1rm(y, a, s, missing="omit_curves")
    keep = s != 20
    expected = spm.anova1rm(y[keep], a[keep], s[keep])
    np.testing.assert_array_equal(r.z, expected.z)
    assert r.n_curves == 9 and r.df == (2.0, 4.0)
    assert any("1 subject left out" in n and n.endswith(": 20") for n in r.notes), r.notes
    s_missing = s.astype(float)
    s_missing[0] = np.nan
    with pytest.raises(InvalidArgumentError) as e:
        spm.anova1rm(y, a, s_missing)
    assert e.value.argument == "subjects"
    # a curve without a subject label is left out alone; the design is then unbalanced
    with pytest.raises(InvalidArgumentError, match="subject 10.0 has no curve at level 1"):
        spm.anova1rm(y, a, s_missing, missing="omit_curves")


if __name__ == "__main__":
    for seed in range(N_RANDOM):
        test_random_sets_against_spm1d(seed)
    test_bundled_speed_grf()
    for k, v in sorted(WORST.items()):
        print(f"{k:20s} {v:.3g}")
    sys.exit(0)
