"""hipmech.stats (asymmetry, descriptive statistics, ICC, SEM/MDC) against independent sources:

- ../shared/validation/stats_reference: Shrout & Fleiss (1979) Table 2 and the 8 wines x 4
  judges example with every ICC form and its 95 % CI (R psych), the symmetry-index worked table
  (Int J Phys Med Rehabil 2014;2:201, Table 1);
- pingouin.intraclass_corr (ICC, F, df, p; CIs as pingouin rounds them, to 2 dp) and the
  interval formulas of McGraw & Wong (1996) Table 7 evaluated with scipy.stats.f, on 100+
  random tables;
- scipy.stats (describe, sem, t.interval, variation) on 100+ random samples;
- numpy formulas of Robinson (1987) and Zifchock (2008) on 100+ random pairs;
- bad input.
pingouin is GPL-3: a test-only oracle, none of its code is in hipmech.
"""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.stats as ss

import hipmech
from hipmech import stats

pg = pytest.importorskip("pingouin")


def _pg_icc(x):
    """pingouin's ICC table of a wide array (it wants long format; it trips pandas 3.1's
    deprecation warnings, which this suite otherwise treats as errors)."""
    n, k = x.shape
    long = pd.DataFrame({"t": np.repeat(np.arange(n), k), "r": np.tile(np.arange(k), n),
                         "s": np.asarray(x, float).ravel()})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pg.intraclass_corr(long, targets="t", raters="r", ratings="s").set_index("Type")


@pytest.fixture(scope="module")
def reference(validation_dir):
    with open(validation_dir / "stats_reference" / "stats_reference_values.json") as f:
        return json.load(f)


# ---- ICC: published values ------------------------------------------------------------------

@pytest.mark.parametrize("key", ["icc_shrout_fleiss_1979_table2", "icc_wine_4_judges"])
def test_icc_published_values(reference, key):
    ref = reference[key]
    table = stats.icc(ref["rows_targets_cols_judges"])
    for form, e in ref["expected"].items():
        row = table.loc[form]
        assert row.icc == pytest.approx(e["icc"], abs=1e-4), form
        assert row.ci_low == pytest.approx(e["ci95"][0], abs=1e-4), form
        assert row.ci_high == pytest.approx(e["ci95"][1], abs=1e-4), form
        if "F" in e:
            assert row.f == pytest.approx(e["F"], abs=5e-4)
            assert row.df1 == e["df1"]
        if "df2" in e:
            assert row.df2 == e["df2"]
        if "p" in e:
            # printed to 5 dp; ICC(1,1)'s 0.16472 is 0.164769 by scipy.stats.f.sf and pingouin
            assert row.p_value == pytest.approx(e["p"], abs=1e-4)
    if "mean_squares" in ref:
        a = table.attrs["anova"]
        ms = ref["mean_squares"]
        assert a["ms_targets"] == pytest.approx(ms["BMS"], abs=1e-4)
        assert a["ms_within"] == pytest.approx(ms["WMS"], abs=1e-4)
        assert a["ms_raters"] == pytest.approx(ms["JMS"], abs=1e-4)
        assert a["ms_error"] == pytest.approx(ms["EMS"], abs=1e-4)
    if "published_2dp" in ref:  # Shrout & Fleiss' own Table 4, k = 4
        for form, v in ref["published_2dp"].items():
            assert table.loc[form.replace(",4)", ",k)"), "icc"] == pytest.approx(v, abs=0.005)


def test_icc_table_names_both_systems():
    t = stats.icc(np.arange(12.0).reshape(4, 3) + [[0, 1, 0], [1, 0, 0], [0, 0, 2], [1, 1, 0]])
    assert list(t.index) == ["ICC(1,1)", "ICC(2,1)", "ICC(3,1)", "ICC(1,k)", "ICC(2,k)",
                             "ICC(3,k)", "ICC(C,1)", "ICC(C,k)", "ICC(A,1)", "ICC(A,k)"]
    assert tuple(t.reset_index().columns) == stats.ICC_COLUMNS
    assert t.loc["ICC(2,1)", "mcgraw_wong"] == "ICC(A,1)"
    assert t.loc["ICC(A,1)", "model"] == "two-way mixed"
    assert t.loc["ICC(C,1)", "icc"] == t.loc["ICC(3,1)", "icc"]
    assert t.loc["ICC(2,1)", "ci_method"].startswith("approximate")


# ---- ICC: peers on random tables ------------------------------------------------------------

def _mw_intervals(x, confidence=0.95):
    """McGraw & Wong (1996) Table 7 with scipy.stats.f (independent of Boost)."""
    n, k = x.shape
    g = x.mean()
    msr = k * ((x.mean(1) - g) ** 2).sum() / (n - 1)
    msc = n * ((x.mean(0) - g) ** 2).sum() / (k - 1)
    sse = ((x - x.mean(1, keepdims=True) - x.mean(0, keepdims=True) + g) ** 2).sum()
    dfe = (n - 1) * (k - 1)
    mse = sse / dfe
    msw = (((x - x.mean(1, keepdims=True)) ** 2).sum()) / (n * (k - 1))
    q = 0.5 + confidence / 2
    out = {}
    for name, f, df2 in (("1", msr / msw, n * (k - 1)), ("3", msr / mse, dfe)):
        fl = f / ss.f.ppf(q, n - 1, df2)
        fu = f * ss.f.ppf(q, df2, n - 1)
        out[f"ICC({name},1)"] = ((fl - 1) / (fl + k - 1), (fu - 1) / (fu + k - 1))
        out[f"ICC({name},k)"] = (1 - 1 / fl, 1 - 1 / fu)
    rho = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)
    a = k * rho / (n * (1 - rho))
    b = 1 + k * rho * (n - 1) / (n * (1 - rho))
    v = (a * msc + b * mse) ** 2 / ((a * msc) ** 2 / (k - 1) + (b * mse) ** 2 / dfe)
    fs = ss.f.ppf(q, n - 1, v)
    fs2 = ss.f.ppf(q, v, n - 1)
    lo = n * (msr - fs * mse) / (fs * (k * msc + (k * n - k - n) * mse) + n * msr)
    hi = n * (fs2 * msr - mse) / (k * msc + (k * n - k - n) * mse + n * fs2 * msr)
    out["ICC(2,1)"] = (lo, hi)
    out["ICC(2,k)"] = (lo * k / (1 + lo * (k - 1)), hi * k / (1 + hi * (k - 1)))
    return out


# pingouin 0.7's labels (McGraw & Wong style) -> Shrout & Fleiss
PG_NAMES = {"ICC(1,1)": "ICC(1,1)", "ICC(A,1)": "ICC(2,1)", "ICC(C,1)": "ICC(3,1)",
            "ICC(1,k)": "ICC(1,k)", "ICC(A,k)": "ICC(2,k)", "ICC(C,k)": "ICC(3,k)"}


def test_icc_against_pingouin_and_scipy_on_random_tables():
    rng = np.random.default_rng(20261121)
    for trial in range(120):
        n = int(rng.integers(3, 40))
        k = int(rng.integers(2, 7))
        subject = rng.normal(0, rng.uniform(0.2, 3), size=(n, 1))
        rater = rng.normal(0, rng.uniform(0, 2), size=(1, k))
        x = 50 + subject + rater + rng.normal(0, 1, size=(n, k))
        t = stats.icc(x)
        ref = _pg_icc(x)
        intervals = _mw_intervals(x)
        for pg_name, form in PG_NAMES.items():
            row, e = t.loc[form], ref.loc[pg_name]
            assert row.icc == pytest.approx(e.ICC, rel=1e-10, abs=1e-12), (trial, form)
            assert row.f == pytest.approx(e.F, rel=1e-10), (trial, form)
            assert (row.df1, row.df2) == (e.df1, e.df2)
            assert row.p_value == pytest.approx(e.pval, rel=1e-7, abs=1e-15), (trial, form)
            # pingouin rounds its CI to 2 dp
            assert row.ci_low == pytest.approx(e.CI95[0], abs=0.005 + 1e-9), (trial, form)
            assert row.ci_high == pytest.approx(e.CI95[1], abs=0.005 + 1e-9), (trial, form)
            lo, hi = intervals[form]
            assert row.ci_low == pytest.approx(lo, rel=1e-8, abs=1e-10), (trial, form)
            assert row.ci_high == pytest.approx(hi, rel=1e-8, abs=1e-10), (trial, form)


def test_icc_long_format_and_dataframes_match_the_wide_array(reference):
    x = np.array(reference["icc_wine_4_judges"]["rows_targets_cols_judges"], float)
    n, k = x.shape
    long = pd.DataFrame({"wine": np.repeat(np.arange(n), k),
                         "judge": np.tile(list("ABCD"), n), "score": x.ravel()})
    wide = stats.icc(x)
    pd.testing.assert_frame_equal(stats.icc(long, targets="wine", raters="judge", scores="score"),
                                  wide)
    pd.testing.assert_frame_equal(stats.icc(pd.DataFrame(x)), wide)
    with pytest.raises(ValueError, match="one rating per"):
        stats.icc(pd.concat([long, long.iloc[:1]]), targets="wine", raters="judge",
                  scores="score")
    with pytest.raises(ValueError, match="'nope'"):
        stats.icc(long, targets="wine", raters="judge", scores="nope")


def test_icc_missing_data_policy(reference):
    x = np.array(reference["icc_shrout_fleiss_1979_table2"]["rows_targets_cols_judges"], float)
    x[2, 1] = np.nan
    p = stats.icc(x)
    assert p["icc"].isna().all()
    assert "missing" in p.attrs["note"] and p.attrs["n_missing"] == 1
    o = stats.icc(x, missing="omit")
    assert o.attrs["n_targets_dropped"] == 1
    assert o.loc["ICC(2,1)", "icc"] == pytest.approx(
        stats.icc(np.delete(x, 2, axis=0)).loc["ICC(2,1)", "icc"], rel=1e-14)
    with pytest.raises(ValueError, match="ratings"):
        stats.icc(x, missing="raise")
    masked = np.ma.masked_invalid(x)  # a mask is missing data too
    assert stats.icc(masked, missing="omit").loc["ICC(3,1)", "icc"] == o.loc["ICC(3,1)", "icc"]


def test_icc_degenerate_tables_are_nan_with_a_note():
    same = stats.icc(np.full((4, 3), 7.0))
    assert same["icc"].isna().all() and "equal" in same.attrs["note"]
    offset = stats.icc([[1, 3], [2, 4], [3, 5], [4, 6]])  # perfect consistency
    assert offset.loc["ICC(3,1)", "icc"] == pytest.approx(1.0)
    assert math.isnan(offset.loc["ICC(3,1)", "ci_low"])
    assert not np.isinf(offset.select_dtypes("number").to_numpy()).any()


@pytest.mark.parametrize("bad, arg", [
    (np.ones((1, 3)), "ratings"), (np.ones((5, 1)), "ratings"), (np.ones(5), "ratings"),
    ([[1, 2], [3, np.inf]], "ratings"), ([["a", "b"], ["c", "d"]], "ratings"),
])
def test_icc_bad_ratings(bad, arg):
    with pytest.raises(ValueError) as e:
        stats.icc(bad)
    assert e.value.argument == arg


def test_icc_bad_options():
    x = np.random.default_rng(1).normal(size=(6, 3))
    for kwargs, arg in (({"confidence": 1.0}, "confidence"), ({"missing": "drop"}, "missing")):
        with pytest.raises(ValueError) as e:
            stats.icc(x, **kwargs)
        assert e.value.argument == arg
    with pytest.raises(ValueError) as e:
        stats.reliability(x, form="ICC(4,1)")
    assert e.value.argument == "form"
    with pytest.raises(ValueError) as e:
        stats.reliability(x, sem_method="typical")
    assert e.value.argument == "sem_method"


# ---- SEM, MDC, SWC --------------------------------------------------------------------------

def test_sem_mdc_swc_against_the_anova_written_out():
    """Weir (2005): SEM = sqrt(MSE) and SD*sqrt(1 - ICC); MDC95 = 1.96*sqrt(2)*SEM; de Vet
    (2006) agreement SEM; Hopkins (2000) SWC = 0.2*SD. The ANOVA is recomputed here with
    numpy and the ICC taken from pingouin."""
    rng = np.random.default_rng(7)
    for _ in range(100):
        n, k = int(rng.integers(4, 30)), int(rng.integers(2, 5))
        x = 100 + rng.normal(0, 15, (n, 1)) + rng.normal(0, 3, (1, k)) + rng.normal(0, 5, (n, k))
        g = x.mean()
        mse = ((x - x.mean(1, keepdims=True) - x.mean(0, keepdims=True) + g) ** 2).sum() / (
            (n - 1) * (k - 1))
        msc = n * ((x.mean(0) - g) ** 2).sum() / (k - 1)
        icc2 = _pg_icc(x).loc["ICC(A,1)", "ICC"]
        r = stats.reliability(x, form="ICC(A,1)")
        assert r.icc == pytest.approx(icc2, rel=1e-10)
        assert r.sem_sqrt_ems == pytest.approx(math.sqrt(mse), rel=1e-12)
        assert r.sem_sd_icc == pytest.approx(x.std(ddof=1) * math.sqrt(1 - icc2), rel=1e-10)
        assert r.sem_agreement == pytest.approx(math.sqrt(max(0, (msc - mse) / n) + mse))
        assert r.mdc95 == pytest.approx(ss.norm.ppf(0.975) * math.sqrt(2) * r.sem, rel=1e-14)
        assert r.mdc90 == pytest.approx(ss.norm.ppf(0.95) * math.sqrt(2) * r.sem, rel=1e-14)
        assert r.mdc95_percent == pytest.approx(100 * r.mdc95 / g)
        assert r.swc == pytest.approx(0.2 * x.std(ddof=1), rel=1e-12)
        s = stats.reliability(x, form="ICC(3,1)", sem_method="sd_icc", swc_factor=0.6)
        assert s.sem == s.sem_sd_icc and s.swc == pytest.approx(0.6 * x.std(ddof=1))


# ---- descriptive ----------------------------------------------------------------------------

def test_describe_against_scipy():
    rng = np.random.default_rng(3)
    for _ in range(150):
        n = int(rng.integers(2, 60))
        x = rng.normal(rng.uniform(-5, 50), rng.uniform(0.1, 10), n)
        conf = float(rng.choice([0.8, 0.9, 0.95, 0.99]))
        d = stats.describe(x, confidence=conf)
        ref = ss.describe(x)
        assert d.n == ref.nobs and d.mean == pytest.approx(ref.mean, rel=1e-13)
        assert d.sd == pytest.approx(math.sqrt(ref.variance), rel=1e-12)
        assert d.se == pytest.approx(ss.sem(x), rel=1e-12)
        assert d.cv_percent == pytest.approx(100 * abs(ss.variation(x, ddof=1)), rel=1e-12)
        lo, hi = ss.t.interval(conf, n - 1, loc=x.mean(), scale=ss.sem(x))
        assert (d.ci_low, d.ci_high) == (pytest.approx(lo, rel=1e-12), pytest.approx(hi, rel=1e-12))


def test_describe_missing_policy():
    x = [1.0, np.nan, 3.0, 5.0]
    assert math.isnan(stats.describe(x).mean) and "missing" in stats.describe(x).note
    o = stats.describe(x, missing="omit")
    assert (o.mean, o.n, o.n_missing) == (3.0, 3, 1)
    with pytest.raises(ValueError) as e:
        stats.describe(x, missing="raise")
    assert e.value.argument == "x"
    with pytest.raises(ValueError) as e:
        stats.describe(np.ones((2, 2)))
    assert e.value.argument == "x"
    one = stats.describe([4.0])
    assert one.mean == 4.0 and math.isnan(one.sd) and one.note


def test_combine_trials_against_numpy():
    rng = np.random.default_rng(5)
    trials = rng.normal(200, 30, (100, 3))
    s = np.sort(trials, axis=1)[:, ::-1]
    assert np.allclose(stats.combine_trials(trials, "mean").values, trials.mean(1))
    assert np.array_equal(stats.combine_trials(trials, "best").values, trials.max(1))
    assert np.array_equal(stats.combine_trials(trials, "best", higher_is_better=False).values,
                          trials.min(1))
    assert np.allclose(stats.combine_trials(trials, "mean_of_best_two").values, s[:, :2].mean(1))
    trials[0, 1] = np.nan
    assert math.isnan(stats.combine_trials(trials, "mean").values[0])
    om = stats.combine_trials(pd.DataFrame(trials), "mean", missing="omit")
    assert om.values[0] == pytest.approx(np.nanmean(trials[0])) and om.n_used[0] == 2
    with pytest.raises(ValueError) as e:
        stats.combine_trials(trials, "median")
    assert e.value.argument == "method"
    with pytest.raises(ValueError) as e:
        stats.combine_trials(trials[:, :1], "mean_of_best_two")
    assert e.value.argument == "trials"


# ---- asymmetry ------------------------------------------------------------------------------

def test_symmetry_worked_table(reference):
    """Int J Phys Med Rehabil 2014, Table 1. Eq. 5 (SI) puts NP first; Eq. 8 (SA) uses
    arctan(NP/P), i.e. NP in Zifchock's X_L slot, which hipmech calls the reference."""
    ref = reference["symmetry_indices_worked_table"]
    np_, p_ = np.array(ref["NP"]), np.array(ref["P"])
    e = ref["expected"]
    si = stats.symmetry_index(left=np_, right=p_, reference="right")
    assert np.allclose(si.value, e["SI_robinson_pct"], atol=0.005)
    sa = stats.symmetry_angle(left=np_, right=p_, reference="left")
    assert np.allclose(sa.value, e["SA_zifchock_pct"], atol=0.005)
    ratio = stats.asymmetry_ratio(left=np_, right=p_, reference="right")
    assert np.allclose(ratio.value, e["ratio_NP_over_P"], atol=0.0051)  # 1.475 prints 1.48
    diff = stats.percent_difference(left=np_, right=p_, reference="right")
    assert np.allclose(diff.value, e["diff_over_max_pct"], atol=0.05)


def test_asymmetry_against_the_published_formulas():
    """Robinson (1987): SI = (X_R - X_L) / (0.5 (X_R + X_L)); Zifchock (2008): SA = (45 -
    arctan(X_L/X_R)) / 90, minus 180 deg when above 90 deg. hipmech: X_L = reference."""
    rng = np.random.default_rng(11)
    ref = rng.uniform(-50, 200, 500)
    other = rng.uniform(-50, 200, 500)
    lsi = stats.limb_symmetry_index(left=other, right=ref, reference="right")
    si = stats.symmetry_index(left=ref, right=other, reference="left")
    sa = stats.symmetry_angle(left=other, right=ref, reference="right")
    same = np.sign(ref) == np.sign(other)
    assert np.allclose(lsi.value[same], 100 * other[same] / ref[same])
    assert np.allclose(si.value[same], 100 * (other[same] - ref[same])
                       / (0.5 * (other[same] + ref[same])))
    assert np.all(np.isnan(si.value[~same])) and set(si.reason[~same]) == {
        "values have opposite signs"}
    deg = 45 - np.degrees(np.arctan(ref / other))
    deg = np.where(deg > 90, deg - 180, deg)
    assert np.allclose(sa.value, 100 * deg / 90)
    assert np.all(np.abs(sa.value) <= 100)


def test_asymmetry_edge_cases_and_scalars():
    z = stats.limb_symmetry_index(left=5.0, right=0.0, reference="right")
    assert math.isnan(z.value) and z.reason == "reference value is zero"
    assert isinstance(z.value, float) and isinstance(z.reason, str)
    assert float(stats.symmetry_index(left=110, right=100, reference=hipmech.Side.RIGHT)) == \
        pytest.approx(100 * 10 / 105)
    m = stats.symmetry_index(left=[1, np.nan], right=[1, 1], reference="left")
    assert m.reason[1] == "missing value" and m.n_undefined == 1
    t = stats.asymmetry_table(left=[120, 0, -3], right=[100, 0, 3], reference="right")
    assert list(t.columns[:3]) == ["left", "right", "lsi_percent"]
    assert t.lsi_percent[0] == pytest.approx(120)
    assert t.lsi_reason[1] == "both values are zero"
    assert t.symmetry_angle_reason[2] == ""  # SA is defined for opposite signs
    df = stats.limb_symmetry_index(left=[90, 80], right=[100, 100], reference="right").to_dataframe()
    assert list(df.value_percent) == [90, 80]


def test_asymmetry_bad_input():
    with pytest.raises(ValueError) as e:
        stats.limb_symmetry_index(left=1, right=2, reference=None)
    assert e.value.argument == "reference"
    with pytest.raises(TypeError):
        stats.limb_symmetry_index(1, 2)  # the reference limb is required
    with pytest.raises(ValueError) as e:
        stats.symmetry_index(left=[1, 2], right=[1, 2, 3], reference="left")
    assert e.value.argument == "right"
    with pytest.raises(ValueError) as e:
        stats.symmetry_index(left=[[1, 2]], right=[1, 2], reference="left")
    assert e.value.argument == "left"
    with pytest.raises(ValueError) as e:
        stats.symmetry_index(left="strong", right=1, reference="left")
    assert e.value.argument == "left"
    with pytest.raises(ValueError) as e:
        stats.percent_difference(1, 2, reference="left", denominator="mean")
    assert e.value.argument == "denominator"
    with pytest.raises(ValueError) as e:
        stats.symmetry_index(left=[1.0], right=[np.inf], reference="left")
    assert e.value.argument == "right"
    for bad in (None, True, [True, False], "3"):
        with pytest.raises(ValueError) as e:
            stats.limb_symmetry_index(left=bad, right=1.0, reference="left")
        assert e.value.argument == "left"
    nullable = pd.Series([100.0, None], dtype="Float64")  # pandas NA is a missing value
    assert list(stats.limb_symmetry_index(nullable, [100.0, 90.0], reference="right").reason) \
        == ["", "missing value"]


def test_constant_tables_and_samples_are_exactly_degenerate():
    """Review finding: the mean of equal values 0.1 is not exact, which left round-off mean
    squares and a finite ICC for a table of equal ratings (0/0) and a 1e16 t statistic."""
    t = stats.icc(np.full((5, 3), 0.1))
    assert t["icc"].isna().all() and "equal" in t.attrs["note"]
    d = stats.describe([0.1, 0.1, 0.1])
    assert d.sd == 0.0 and d.mean == 0.1 and "equal" in d.note


def test_reliability_reports_the_row_asked_for():
    x = np.random.default_rng(2).normal(100, 10, (8, 1)) + np.random.default_rng(3).normal(0, 3, (8, 2))
    mixed = stats.reliability(x)  # default ICC(A,1): two-way mixed (Koo & Li 2016)
    assert (mixed.form, mixed.model, mixed.shrout_fleiss) == ("ICC(A,1)", "two-way mixed", "")
    rnd = stats.reliability(x, form="ICC(2,1)")
    assert (rnd.model, rnd.mcgraw_wong) == ("two-way random", "ICC(A,1)")
    assert rnd.icc == mixed.icc
    assert stats.reliability(x, form="icc(c, 1)").model == "two-way random"
    assert stats.reliability(x, form="ICC(1)").form == "ICC(1,1)"


def test_icc_long_format_bad_labels_and_scores():
    long = pd.DataFrame({"s": [1, 1, 2, 2, 3, 3], "r": ["a", "b", "a", None, "a", "b"],
                         "y": [1.0, 2.0, 3.0, 4.0, 5.0, 7.0]})
    with pytest.raises(ValueError) as e:
        stats.icc(long, targets="s", raters="r", scores="y")
    assert e.value.argument == "r"
    long["r"] = ["a", "b"] * 3
    long["y"] = ["1", "2", "3", "4", "5", "7"]
    with pytest.raises(ValueError) as e:
        stats.icc(long, targets="s", raters="r", scores="y")
    assert e.value.argument == "y"


@pytest.mark.parametrize("call", [
    lambda **k: stats.describe([1.0, 2.0, 3.0], **k),
    lambda **k: stats.icc(np.eye(3) + 1, **k),
    lambda **k: stats.reliability(np.eye(3) + 1, **k),
])
def test_option_types_name_the_argument(call):
    """Review finding: wrong option types gave pybind11's unnamed TypeError."""
    for kwargs, arg in (({"confidence": "0.95"}, "confidence"), ({"confidence": None}, "confidence"),
                        ({"missing": None}, "missing")):
        with pytest.raises(ValueError) as e:
            call(**kwargs)
        assert e.value.argument == arg
    with pytest.raises(ValueError) as e:
        stats.combine_trials([[1.0, 2.0]], None)
    assert e.value.argument == "method"
    with pytest.raises(ValueError) as e:
        stats.reliability(np.eye(3) + 1, swc_factor="a")
    assert e.value.argument == "swc_factor"


def test_pandas_missing_values_are_read_the_same_way_everywhere():
    """One conversion (stats._checks.pandas_values): pandas NA is a missing value in every
    function that takes samples, as in the t-tests."""
    s = pd.Series([1.0, None, 3.0, 4.0], dtype="Float64")
    other = [1.0, 2.0, 3.0, 5.0]
    assert stats.describe(s, missing="omit").mean == pytest.approx(8 / 3)
    assert stats.bland_altman(s, other, missing="omit").bias == pytest.approx(-1 / 3)
    assert stats.change(s, other, missing="omit").mean_change == pytest.approx(1 / 3)
    assert stats.ttest_paired(s, other, missing="omit").estimate == pytest.approx(-1 / 3)
    assert stats.limb_symmetry_index(s, other, reference="right").reason[1] == "missing value"
    with pytest.raises(ValueError) as e:
        stats.describe(pd.Series([True, False]))
    assert e.value.argument == "x"
