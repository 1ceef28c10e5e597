"""stats.icc and stats.reliability take pingouin's argument names (issue 22): ``data``,
``targets``, ``raters``, ``ratings`` (the score column) and ``nan_policy``, beside hipmech's
(the first argument or ``ratings=`` for the table, ``scores``, ``missing``); one thing given
under both names is a TypeError. The table is checked against pingouin.intraclass_corr (a
test-only oracle, GPL-3: none of its code is in hipmech), its CI unrounded, on Shrout & Fleiss
(1979) Table 2 (../shared/validation/stats_reference) and on random 1000 x 4 ratings; the fast
table construction against pandas' public constructor."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import hipmech
from hipmech import stats
from hipmech.stats import _reliability

pg = pytest.importorskip("pingouin")

# pingouin 0.7's labels (McGraw & Wong style) -> hipmech's index (Shrout & Fleiss)
PG_NAMES = {"ICC(1,1)": "ICC(1,1)", "ICC(A,1)": "ICC(2,1)", "ICC(C,1)": "ICC(3,1)",
            "ICC(1,k)": "ICC(1,k)", "ICC(A,k)": "ICC(2,k)", "ICC(C,k)": "ICC(3,k)"}


def _long(x: np.ndarray, shuffle: bool = False) -> pd.DataFrame:
    n, k = x.shape
    long = pd.DataFrame({"subject": np.repeat([f"S{i:04d}" for i in range(n)], k),
                         "session": np.tile([f"day{j}" for j in range(k)], n),
                         "torque_nm": x.ravel()})
    return long.sample(frac=1.0, random_state=3) if shuffle else long


@pytest.fixture()
def pingouin_unrounded():
    """pingouin rounds its CI95 column to 2 dp by default; its option turns that off."""
    old = pg.options.get("round.column.CI95")
    pg.options["round.column.CI95"] = None
    yield pg
    pg.options["round.column.CI95"] = old


def _pingouin(long: pd.DataFrame, **kw) -> pd.DataFrame:
    with warnings.catch_warnings():  # pingouin trips pandas deprecation warnings
        warnings.simplefilter("ignore")
        return pg.intraclass_corr(long, targets="subject", raters="session",
                                  ratings="torque_nm", **kw).set_index("Type")


def _assert_matches_pingouin(table: pd.DataFrame, ref: pd.DataFrame) -> None:
    for pg_name, form in PG_NAMES.items():
        row, e = table.loc[form], ref.loc[pg_name]
        assert row.icc == pytest.approx(e.ICC, rel=1e-10, abs=1e-12), form
        assert row.f == pytest.approx(e.F, rel=1e-10), form
        assert (row.df1, row.df2) == (e.df1, e.df2), form
        assert row.p_value == pytest.approx(e.pval, rel=1e-7, abs=1e-300), form
        assert row.ci_low == pytest.approx(e.CI95[0], rel=1e-8, abs=1e-10), form
        assert row.ci_high == pytest.approx(e.CI95[1], rel=1e-8, abs=1e-10), form


@pytest.fixture(scope="module")
def shrout_fleiss(validation_dir) -> np.ndarray:
    with open(validation_dir / "stats_reference" / "stats_reference_values.json") as f:
        ref = json.load(f)["icc_shrout_fleiss_1979_table2"]
    return np.array(ref["rows_targets_cols_judges"], float)


def test_pingouin_call_on_shrout_fleiss_gives_pingouins_numbers(shrout_fleiss,
                                                                pingouin_unrounded):
    long = _long(shrout_fleiss)
    ours = stats.icc(long, targets="subject", raters="session", ratings="torque_nm")
    _assert_matches_pingouin(ours, _pingouin(long))
    # pingouin's keyword for the table too, and its positional order
    pd.testing.assert_frame_equal(
        stats.icc(data=long, targets="subject", raters="session", ratings="torque_nm"), ours)
    pd.testing.assert_frame_equal(stats.icc(long, "subject", "session", "torque_nm"), ours)
    # hipmech's spellings give the same table
    pd.testing.assert_frame_equal(
        stats.icc(long, targets="subject", raters="session", scores="torque_nm"), ours)
    pd.testing.assert_frame_equal(stats.icc(shrout_fleiss), ours)
    pd.testing.assert_frame_equal(stats.icc(ratings=shrout_fleiss), ours)


def test_random_1000_by_4_long_and_shuffled_match_pingouin(pingouin_unrounded):
    rng = np.random.default_rng(22)
    x = (100 + rng.normal(0, 15, (1000, 1)) + rng.normal(0, 3, (1, 4))
         + rng.normal(0, 5, (1000, 4)))
    ref = _pingouin(_long(x))
    _assert_matches_pingouin(stats.icc(x), ref)
    shuffled = _long(x, shuffle=True)  # row order of long data does not matter
    _assert_matches_pingouin(
        stats.icc(shuffled, targets="subject", raters="session", ratings="torque_nm"), ref)


def test_nan_policy_is_pingouins_name_of_missing(shrout_fleiss, pingouin_unrounded):
    x = shrout_fleiss.copy()
    x[2, 1] = np.nan
    long = _long(x)
    omitted = stats.icc(long, targets="subject", raters="session", ratings="torque_nm",
                        nan_policy="omit")
    _assert_matches_pingouin(omitted, _pingouin(long, nan_policy="omit"))
    pd.testing.assert_frame_equal(omitted, stats.icc(x, missing="omit"))
    with pytest.raises(ValueError):  # pingouin's "raise" raises too
        _pingouin(long, nan_policy="raise")
    with pytest.raises(ValueError, match=r"'ratings'.*nan at row 2, column 1"):
        stats.icc(long, targets="subject", raters="session", ratings="torque_nm",
                  nan_policy="raise")
    # neither given: hipmech's default, propagate (every value NaN)
    assert stats.icc(x)["icc"].isna().all()
    with pytest.raises(ValueError, match="'nan_policy'"):
        stats.icc(x, nan_policy="drop")


@pytest.mark.parametrize("kwargs, named", [
    (dict(targets="subject", raters="session", ratings="torque_nm", scores="torque_nm"),
     "'ratings'"),
    (dict(targets="subject", raters="session", scores="torque_nm", missing="omit",
          nan_policy="omit"), "'nan_policy'"),
    (dict(targets="subject", raters="session", scores="torque_nm", missing="propagate",
          nan_policy="omit"), "'nan_policy'"),
])
@pytest.mark.parametrize("fn", [stats.icc, stats.reliability])
def test_one_thing_under_both_names_is_a_type_error(shrout_fleiss, fn, kwargs, named):
    with pytest.raises(TypeError, match=named) as info:
        fn(_long(shrout_fleiss), **kwargs)
    assert "not both" in str(info.value)
    assert isinstance(info.value, hipmech.InvalidArgumentError)


@pytest.mark.parametrize("fn", [stats.icc, stats.reliability])
def test_table_given_twice_or_not_at_all_is_a_type_error(shrout_fleiss, fn):
    with pytest.raises(TypeError, match="'ratings'.*not both"):
        fn(shrout_fleiss, ratings=shrout_fleiss)
    with pytest.raises(TypeError, match="'ratings'.*not both"):
        fn(data=shrout_fleiss, ratings=shrout_fleiss)
    with pytest.raises(TypeError, match="'ratings'.*got None"):
        fn()
    with pytest.raises(TypeError, match="'ratings'.*score column"):
        fn(targets="subject", raters="session", ratings="torque_nm")


def test_reliability_takes_pingouins_names(shrout_fleiss):
    long = _long(shrout_fleiss)
    a = stats.reliability(long, targets="subject", raters="session", ratings="torque_nm",
                          form="ICC(3,1)")
    b = stats.reliability(shrout_fleiss, form="ICC(3,1)")
    assert a.icc == pytest.approx(b.icc, rel=1e-14) and a.sem == pytest.approx(b.sem, rel=1e-14)
    assert a.icc == pytest.approx(0.7148, abs=5e-5)  # Shrout & Fleiss (1979) Table 2


def test_long_format_errors_name_the_argument():
    long = pd.DataFrame({"t": [1, 1, 2, 2], "r": ["a", "b", "a", "b"], "s": [1.0, 2, 3, 5]})
    with pytest.raises(ValueError, match=r"one rating per .*2 ratings for \(1, 'a'\)"):
        stats.icc(pd.concat([long, long.iloc[:1]]), targets="t", raters="r", ratings="s")
    missing_label = long.astype({"t": object})
    missing_label.loc[2, "t"] = None
    with pytest.raises(ValueError, match="'t'.*1 missing label"):
        stats.icc(missing_label, targets="t", raters="r", ratings="s")
    with pytest.raises(ValueError, match="'s'.*numeric"):
        stats.icc(long.astype({"s": str}), targets="t", raters="r", ratings="s")
    # a column name that is not in the table names the argument that gave it (review: the
    # message named the column as the argument and 'ratings' as the table)
    with pytest.raises(ValueError, match=r"argument 'scores \(pingouin: ratings\)'.*got 'Score'"):
        stats.icc(long, targets="t", raters="r", ratings="Score")
    with pytest.raises(ValueError, match=r"argument 'raters'.*\['t', 'r', 's'\].*got 'R'"):
        stats.icc(long, targets="t", raters="R", scores="s")
    # a missing (target, rater) pair is NaN, as DataFrame.pivot gives it
    t = stats.icc(long.iloc[:3], targets="t", raters="r", ratings="s", nan_policy="omit")
    assert t.attrs["n_targets_dropped"] == 1


def test_long_to_wide_equals_pandas_pivot():
    rng = np.random.default_rng(5)
    long = pd.DataFrame({"t": rng.permutation(np.repeat(np.arange(30) * 7 % 31, 3)),
                         "r": np.tile(["x", "b", "m"], 30), "s": rng.normal(size=90)})
    long = long.drop_duplicates(["t", "r"])
    want = long.pivot(index="t", columns="r", values="s").to_numpy(dtype=float,
                                                                   na_value=np.nan)
    got = _reliability._long_to_wide(long, "t", "r", "s")
    np.testing.assert_array_equal(got, want)


def test_fast_table_equals_the_public_constructor_and_tables_are_independent():
    x = np.random.default_rng(9).normal(size=(20, 3))
    r = hipmech._core.stats_icc(x, 0.95, "propagate")
    fast, public = _reliability._icc_table(r), _reliability._icc_table(r, fast=False)
    pd.testing.assert_frame_equal(fast, public)
    # the table of rows as pandas builds it from records (the former construction)
    records = pd.DataFrame(r["rows"], columns=list(stats.ICC_COLUMNS)).set_index("form")
    pd.testing.assert_frame_equal(fast, records)
    assert list(fast.columns) == list(stats.ICC_COLUMNS[1:])
    # editing one table (values, index name) changes no later table
    fast.loc["ICC(1,1)", "model"] = "edited"
    fast.index.name = "edited"
    again = stats.icc(x)
    assert again.loc["ICC(1,1)", "model"] == "one-way random"
    assert again.index.name == "form"
