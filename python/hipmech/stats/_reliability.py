"""Reliability: ICC in every form under both naming systems, SEM, MDC and the smallest
worthwhile change (re-exported by hipmech.stats)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, asdict
from typing import Any, Optional

import numpy as np

from .. import _core
from .._args import invalid_argument as _invalid
from .._errors import InvalidArgumentTypeError
from . import _checks

__all__ = ["ICC_COLUMNS", "Reliability", "icc", "reliability"]

#: The columns of the table :func:`icc` returns, in order.
ICC_COLUMNS = ("form", "shrout_fleiss", "mcgraw_wong", "model", "definition", "unit", "icc", "f",
               "df1", "df2", "p_value", "ci_low", "ci_high", "ci_method")


#: The text columns of the :func:`icc` table and its number columns (float64).
_TEXT_COLUMNS = ("shrout_fleiss", "mcgraw_wong", "model", "definition", "unit", "ci_method")
_NUMBER_COLUMNS = ("icc", "f", "df1", "df2", "p_value", "ci_low", "ci_high")


class _Default(str):
    """The default value of ``missing``: "propagate", told apart from the same word given by
    the caller (so that ``nan_policy`` with a given ``missing`` is an error)."""


_PROPAGATE = _Default("propagate")


def _both(arg: str, ours: str, theirs: str, got: str) -> InvalidArgumentTypeError:
    expected = (f"{ours} (hipmech's name) or {theirs} (pingouin's name), not both")
    return InvalidArgumentTypeError(f"argument {arg!r}: expected {expected}, got {got}", arg,
                                    expected, got)


def _resolve(data: Any, ratings: Any, scores: Optional[str], missing: Any,
             nan_policy: Optional[str]) -> tuple[Any, Optional[str], str]:
    """The table, the score column and the missing-data policy from hipmech's and pingouin's
    argument names (``data``/``ratings`` for the table, ``scores``/``ratings`` for the column,
    ``missing``/``nan_policy``); a TypeError when one thing is given under both names."""
    if isinstance(ratings, str):  # pingouin: ratings= names the score column
        if scores is not None:
            raise _both("ratings", "scores=", "ratings=",
                        f"scores={scores!r} and ratings={ratings!r}")
        if data is None:
            expected = ("the ratings table (the first argument or data=); a str ratings= is "
                        "pingouin's name of the score column of long-format data")
            raise InvalidArgumentTypeError(f"argument 'ratings': expected {expected}, got "
                                           f"{ratings!r} and no table", "ratings", expected,
                                           repr(ratings))
        scores = ratings
    elif ratings is not None:  # hipmech before issue 22: ratings= is the table
        if data is not None:
            raise _both("ratings", "the first argument or data=", "ratings=",
                        "a table in both")
        data = ratings
    elif data is None:
        expected = "the ratings table (the first argument, data= or ratings=)"
        raise InvalidArgumentTypeError(f"argument 'ratings': expected {expected}, got None",
                                       "ratings", expected, "None")
    if nan_policy is not None:
        if missing is not _PROPAGATE:
            raise _both("nan_policy", "missing=", "nan_policy=",
                        f"missing={missing!r} and nan_policy={nan_policy!r}")
        policy = _checks.option(nan_policy, "nan_policy", ("raise", "omit", "propagate"))
    else:
        policy = _checks.option(missing, "missing")
    return data, scores, policy


def _long_to_wide(ratings: Any, targets: str, raters: str, scores: str) -> np.ndarray:
    """The (n_targets, k_raters) table of long-format data, targets and raters in sorted order
    as DataFrame.pivot gives them (NaN for a missing pair), from integer codes: a few numpy
    passes instead of pandas' groupby and pivot."""
    import pandas as pd

    codes, labels = [], []
    for a in (targets, raters):
        # factorize a numpy array (pandas' string arrays factorize ~5x slower), then sort the
        # few labels rather than the rows
        c, u = pd.factorize(ratings[a].to_numpy())
        try:
            order = np.argsort(u, kind="stable")
        except TypeError:  # labels of mixed types: first-seen order
            order = np.arange(len(u))
        rank = np.empty(len(u), dtype=np.intp)
        rank[order] = np.arange(len(u))
        c, u = np.where(c < 0, c, rank[np.maximum(c, 0)]), np.asarray(u)[order]
        if (c < 0).any():
            raise _invalid(a, "a label in every row of long-format data",
                           f"{int((c < 0).sum())} missing label(s)")
        codes.append(c)
        labels.append(u)
    values = ratings[scores]
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        raise _invalid(scores, "a numeric column of ratings", f"dtype {values.dtype}")
    n, k = len(labels[0]), len(labels[1])
    cell = codes[0].astype(np.int64) * k + codes[1]
    counts = np.bincount(cell, minlength=n * k)
    if counts.max(initial=0) > 1:
        first = int(np.flatnonzero(counts > 1)[0])
        pair = tuple(getattr(v, "item", lambda v=v: v)()
                     for v in (labels[0][first // k], labels[1][first % k]))
        raise _invalid("ratings", "one rating per (target, rater)",
                       f"{int(counts.max())} ratings for {pair}")
    wide = np.full(n * k, np.nan)
    wide[cell] = values.to_numpy(dtype=float, na_value=np.nan)
    return wide.reshape(n, k)


def _ratings(ratings: Any, targets: Optional[str], raters: Optional[str],
             scores: Optional[str]) -> Any:
    """An (n_targets, k_raters) float array from a wide array/DataFrame or long-format data."""
    long_args = (targets, raters, scores)
    if any(a is not None for a in long_args):
        if not all(isinstance(a, str) for a in long_args):
            raise _invalid("targets/raters/scores",
                           "all three column names of long-format data (the score column "
                           "as scores= or, pingouin's name, ratings=)", repr(long_args))
        if not hasattr(ratings, "pivot_table"):
            raise _invalid("ratings", "a pandas DataFrame in long format (one row per rating) "
                           "when targets/raters/scores are given", type(ratings).__name__)
        for name, a in zip(("targets", "raters", "scores (pingouin: ratings)"), long_args):
            if a not in ratings.columns:
                raise _invalid(name, f"a column of the long-format table "
                               f"({list(ratings.columns)})", repr(a))
        return _long_to_wide(ratings, targets, raters, scores)
    return _checks.pandas_values(ratings, "ratings")


@functools.lru_cache(maxsize=16)
def _text_columns(labels: tuple) -> tuple[Any, dict[str, Any]]:
    """The index and text columns of an :func:`icc` table with these labels (the same for
    every call), typed by pandas once: its type inference was most of the table's cost."""
    import pandas as pd

    frame = pd.DataFrame([row[1:] for row in labels], columns=list(_TEXT_COLUMNS))
    return (pd.Index([row[0] for row in labels], name="form"),
            {c: frame[c].array for c in _TEXT_COLUMNS})


def _icc_frame(columns: dict[str, Any], index: Any, fast: bool = True) -> Any:
    """A DataFrame of ready-typed column arrays (numpy float64 or the pandas arrays of
    :func:`_text_columns`, copied) on ``index``. ``fast``: pandas' ``DataFrame._from_arrays``
    without its checks (the arrays are typed and aligned already), ~100 us less than the
    public constructor, which is the fallback should a pandas version lack it; the two give
    equal frames (tests/python/test_stats_icc_names.py)."""
    import pandas as pd

    if fast:
        try:
            return pd.DataFrame._from_arrays(list(columns.values()), columns=pd.Index(
                list(columns)), index=index, verify_integrity=False)
        except (AttributeError, TypeError):
            pass
    return pd.DataFrame(columns, index=index)


def _icc_table(r: dict, fast: bool = True) -> Any:
    """The :func:`icc` DataFrame of the core's result, built from typed columns: no per-row
    construction and no type inference (the cached text columns are copied, the index too,
    so that editing one table edits no other)."""
    rows = r["rows"]
    index, text = _text_columns(tuple((row["form"], *(row[c] for c in _TEXT_COLUMNS))
                                      for row in rows))
    columns = {c: text[c].copy() if c in text
               else np.array([row[c] for row in rows], dtype=float)
               for c in ICC_COLUMNS[1:]}
    table = _icc_frame(columns, index.copy(), fast)
    table.attrs.update({"anova": dict(r["anova"]), "confidence": r["confidence"],
                        "n_targets_dropped": int(r["n_targets_dropped"]),
                        "n_missing": int(r["n_missing"]), "note": r["note"]})
    return table


def icc(data: Any = None, targets: Optional[str] = None, raters: Optional[str] = None,
        ratings: Any = None, *, scores: Optional[str] = None, confidence: float = 0.95,
        missing: str = _PROPAGATE, nan_policy: Optional[str] = None):
    """Every intraclass correlation form with its F-test and confidence interval.

    Takes pingouin's argument names too: ``stats.icc(df, targets="subject",
    raters="session", ratings="torque_nm")`` is ``pingouin.intraclass_corr``'s call
    (``data``, ``targets``, ``raters``, ``ratings``, ``nan_policy``).

    Parameters
    ----------
    data : array_like or DataFrame, shape (n_targets, k_raters)
        One row per target (subject), one column per rater, trial or session; NaN marks a
        missing rating. A long-format DataFrame (one row per rating) with the ``targets``,
        ``raters`` and score column names is pivoted to that table (targets and raters in
        sorted order; a missing pair is NaN).
    targets, raters : str, optional
        Column names of long-format data: the target and the rater of each rating.
    ratings : str or array_like, optional
        A str: the score column of long-format data (pingouin's name; the same as
        ``scores``). Otherwise the table itself: hipmech's earlier name of ``data``, kept
        (``icc(ratings=x)`` works).
    scores : str, optional
        The score column of long-format data (hipmech's name).
    confidence : float
        Confidence level of the intervals.
    missing : {"propagate", "omit", "raise"}, default "propagate"
        ``"propagate"``: any missing rating makes every value NaN (``attrs["note"]`` says
        why); ``"omit"``: targets with a missing rating are left out (listwise deletion,
        counted in ``attrs["n_targets_dropped"]``); ``"raise"``: error.
    nan_policy : {"raise", "omit", "propagate"}, optional
        pingouin's name of ``missing``. pingouin's default is "raise"; hipmech's stays
        "propagate" when neither is given.

    Returns
    -------
    pandas.DataFrame
        Ten rows indexed by ``form``, the Shrout & Fleiss (1979) name where one exists, else the
        McGraw & Wong (1996) name: ICC(1,1), ICC(2,1), ICC(3,1), ICC(1,k), ICC(2,k), ICC(3,k),
        then ICC(C,1) and ICC(C,k) (two-way random, consistency) and ICC(A,1) and ICC(A,k)
        (two-way mixed, absolute agreement), which repeat the numbers of ICC(3,.) and
        ICC(2,.). Columns (:data:`ICC_COLUMNS`): ``shrout_fleiss``, ``mcgraw_wong``,
        ``model`` (one-way random, two-way random, two-way mixed), ``definition`` (absolute
        agreement, consistency), ``unit`` (single, average), ``icc``, ``f``, ``df1``,
        ``df2``, ``p_value`` (H0: ICC = 0), ``ci_low``, ``ci_high``, ``ci_method`` ("exact
        (F)", or "approximate (F, Satterthwaite df)" for absolute agreement).
        ``attrs`` holds ``anova`` (mean squares), ``confidence``, ``n_targets_dropped``,
        ``n_missing`` and ``note``.

    Raises
    ------
    TypeError
        (:class:`hipmech.InvalidArgumentError` too) when one thing is given under both names:
        ``scores`` and a str ``ratings``, ``data`` and a table ``ratings``, ``missing`` and
        ``nan_policy``; or no table at all.
    ValueError
        Naming the argument: a column that is not in the data, two ratings of one (target,
        rater), a missing label, non-numeric scores, an unknown policy.

    Examples
    --------
    >>> from hipmech import stats
    >>> sf = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    >>> t = stats.icc(sf)  # Shrout & Fleiss (1979) Table 2
    >>> float(round(t.loc["ICC(3,1)", "icc"], 4)), t.loc["ICC(3,1)", "mcgraw_wong"]
    (0.7148, 'ICC(C,1)')
    """
    data, scores, policy = _resolve(data, ratings, scores, missing, nan_policy)
    r = _core.stats_icc(_ratings(data, targets, raters, scores),
                        _checks.confidence(confidence), policy)
    return _icc_table(r)


@dataclass(frozen=True)
class Reliability:
    """Measurement error of a test from a reliability study (:func:`reliability`), in the unit
    of the ratings (``*_percent``: percent of the grand mean).

    Attributes
    ----------
    form, shrout_fleiss, mcgraw_wong, model, definition : str
        The ICC form used (both names).
    icc, icc_ci_low, icc_ci_high, icc_p_value : float
        Its estimate, confidence interval and p-value.
    sem_method : str
        ``"sqrt_ems"`` or ``"sd_icc"``: which SEM the MDC uses.
    sem_sqrt_ems : float
        sqrt(error mean square): sqrt(MSE) for two-way forms, sqrt(MSW) for one-way forms
        (Weir 2005's recommendation).
    sem_sd_icc : float
        SD * sqrt(1 - ICC), with the SD of all ratings (Weir 2005).
    sem_agreement : float
        sqrt(rater variance + MSE) (de Vet et al. 2006), which adds systematic differences
        between sessions or raters.
    sem : float
        The SEM of ``sem_method``.
    mdc90, mdc95 : float
        Minimal detectable change z * sqrt(2) * SEM, z = 1.645 or 1.960.
    mdc95_percent : float
        100 * MDC95 / abs(grand mean).
    swc : float
        Smallest worthwhile change, ``swc_factor`` * ``sd_all`` (Hopkins 2000; 0.2 = a small
        effect). ``sd_all`` is the observed SD of all ratings (of the subjects' means for an
        average form), which includes measurement error and session offsets.
    swc_factor, sd_all, grand_mean : float
    n_targets, n_raters, n_targets_dropped : int
    note : str
        Why values are NaN; what was dropped.
    """

    form: str
    shrout_fleiss: str
    mcgraw_wong: str
    model: str
    definition: str
    icc: float
    icc_ci_low: float
    icc_ci_high: float
    icc_p_value: float
    sem_method: str
    sem_sqrt_ems: float
    sem_sd_icc: float
    sem_agreement: float
    sem: float
    mdc90: float
    mdc95: float
    mdc95_percent: float
    swc: float
    swc_factor: float
    sd_all: float
    grand_mean: float
    n_targets: int
    n_raters: int
    n_targets_dropped: int
    note: str

    def to_dict(self) -> dict:
        return asdict(self)


def reliability(data: Any = None, targets: Optional[str] = None, raters: Optional[str] = None,
                ratings: Any = None, *, form: str = "ICC(A,1)", sem_method: str = "sqrt_ems",
                swc_factor: float = 0.2, confidence: float = 0.95,
                missing: str = _PROPAGATE, scores: Optional[str] = None,
                nan_policy: Optional[str] = None) -> Reliability:
    """SEM (both formulas), MDC90, MDC95 and the smallest worthwhile change of a test.

    Parameters
    ----------
    data : array_like or DataFrame, shape (n_subjects, k_sessions)
        Test-retest (or inter-rater) data: one row per subject, one column per session/rater,
        or long format as in :func:`icc`.
    form : str
        The row of the :func:`icc` table, by its index label: "ICC(A,1)" (default: two-way
        mixed, absolute agreement, single measures, Koo & Li's choice for test-retest),
        "ICC(2,1)" (its two-way random twin, same numbers), "ICC(3,1)" (two-way mixed,
        consistency), "ICC(C,1)", "ICC(1,1)" = "ICC(1)", ... An average form ("ICC(A,k)")
        gives the error of the mean of k measurements.
    sem_method : {"sqrt_ems", "sd_icc"}
        The SEM behind the MDC: sqrt(error mean square) or SD * sqrt(1 - ICC).
    swc_factor : float
        Smallest worthwhile change as a multiple of the SD (0.2 small, 0.6 moderate).
    targets, raters, ratings, scores, confidence, missing, nan_policy
        As in :func:`icc` (pingouin's argument names included).

    Examples
    --------
    >>> from hipmech import stats
    >>> torque_nm = [[102, 105], [88, 86], [120, 124], [95, 99], [110, 108], [79, 83]]
    >>> r = stats.reliability(torque_nm, form="ICC(2,1)")
    >>> round(r.icc, 3), round(r.sem, 2), round(r.mdc95, 2), r.model
    (0.976, 2.12, 5.87, 'two-way mixed')
    """
    data, scores, policy = _resolve(data, ratings, scores, missing, nan_policy)
    r = _core.stats_reliability(_ratings(data, targets, raters, scores),
                                _checks.option(form, "form"),
                                _checks.option(sem_method, "sem_method"),
                                _checks.number(swc_factor, "swc_factor", "a positive number"),
                                _checks.confidence(confidence), policy)
    row = r["icc"]
    return Reliability(
        form=row["form"], shrout_fleiss=row["shrout_fleiss"], mcgraw_wong=row["mcgraw_wong"],
        model=row["model"], definition=row["definition"], icc=row["icc"],
        icc_ci_low=row["ci_low"], icc_ci_high=row["ci_high"], icc_p_value=row["p_value"],
        sem_method=r["sem_method"], sem_sqrt_ems=r["sem_sqrt_ems"], sem_sd_icc=r["sem_sd_icc"],
        sem_agreement=r["sem_agreement"], sem=r["sem"], mdc90=r["mdc90"], mdc95=r["mdc95"],
        mdc95_percent=r["mdc95_percent"], swc=r["swc"], swc_factor=r["swc_factor"],
        sd_all=r["sd_all"], grand_mean=r["grand_mean"], n_targets=int(r["n_targets"]),
        n_raters=int(r["n_raters"]), n_targets_dropped=int(r["n_targets_dropped"]),
        note=r["note"])
