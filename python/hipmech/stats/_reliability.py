"""Reliability: ICC in every form under both naming systems, SEM, MDC and the smallest
worthwhile change (re-exported by hipmech.stats)."""

from __future__ import annotations

from dataclasses import dataclass, asdict
from typing import Any, Optional

import numpy as np

from .. import _core
from .._args import invalid_argument as _invalid
from . import _checks

__all__ = ["ICC_COLUMNS", "Reliability", "icc", "reliability"]

#: The columns of the table :func:`icc` returns, in order.
ICC_COLUMNS = ("form", "shrout_fleiss", "mcgraw_wong", "model", "definition", "unit", "icc", "f",
               "df1", "df2", "p_value", "ci_low", "ci_high", "ci_method")


def _ratings(ratings: Any, targets: Optional[str], raters: Optional[str],
             scores: Optional[str]) -> Any:
    """An (n_targets, k_raters) float array from a wide array/DataFrame or long-format data."""
    long_args = (targets, raters, scores)
    if any(a is not None for a in long_args):
        if not all(isinstance(a, str) for a in long_args):
            raise _invalid("targets/raters/scores",
                           "all three column names of long-format data", repr(long_args))
        if not hasattr(ratings, "pivot_table"):
            raise _invalid("ratings", "a pandas DataFrame in long format (one row per rating) "
                           "when targets/raters/scores are given", type(ratings).__name__)
        for a in long_args:
            if a not in ratings.columns:
                raise _invalid(a, f"a column of 'ratings' ({list(ratings.columns)})", repr(a))
        for a in (targets, raters):
            if ratings[a].isna().any():
                raise _invalid(a, "a label in every row of long-format data",
                               f"{int(ratings[a].isna().sum())} missing label(s)")
        import pandas as pd

        if not pd.api.types.is_numeric_dtype(ratings[scores]) or \
                pd.api.types.is_bool_dtype(ratings[scores]):
            raise _invalid(scores, "a numeric column of ratings",
                           f"dtype {ratings[scores].dtype}")
        counts = ratings.groupby([targets, raters]).size()
        if (counts > 1).any():
            first = counts[counts > 1].index[0]
            raise _invalid("ratings", "one rating per (target, rater)",
                           f"{int(counts.max())} ratings for {first}")
        wide = ratings.pivot(index=targets, columns=raters, values=scores)
        return wide.to_numpy(dtype=float, na_value=np.nan)
    return _checks.pandas_values(ratings, "ratings")


def icc(ratings: Any, *, confidence: float = 0.95, missing: str = "propagate",
        targets: Optional[str] = None, raters: Optional[str] = None,
        scores: Optional[str] = None):
    """Every intraclass correlation form with its F-test and confidence interval.

    Parameters
    ----------
    ratings : array_like or DataFrame, shape (n_targets, k_raters)
        One row per target (subject), one column per rater, trial or session; NaN marks a
        missing rating. A long-format DataFrame with ``targets``, ``raters`` and ``scores``
        column names is pivoted to that table.
    confidence : float
        Confidence level of the intervals.
    missing : {"propagate", "omit", "raise"}
        ``"propagate"``: any missing rating makes every value NaN (``attrs["note"]`` says
        why); ``"omit"``: targets with a missing rating are left out (listwise deletion,
        counted in ``attrs["n_targets_dropped"]``); ``"raise"``: error.
    targets, raters, scores : str, optional
        Column names of long-format data.

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

    Examples
    --------
    >>> from hipmech import stats
    >>> sf = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    >>> t = stats.icc(sf)  # Shrout & Fleiss (1979) Table 2
    >>> float(round(t.loc["ICC(3,1)", "icc"], 4)), t.loc["ICC(3,1)", "mcgraw_wong"]
    (0.7148, 'ICC(C,1)')
    """
    import pandas as pd

    r = _core.stats_icc(_ratings(ratings, targets, raters, scores),
                        _checks.confidence(confidence), _checks.option(missing, "missing"))
    table = pd.DataFrame(r["rows"], columns=list(ICC_COLUMNS)).set_index("form")
    table.attrs.update({"anova": dict(r["anova"]), "confidence": r["confidence"],
                        "n_targets_dropped": int(r["n_targets_dropped"]),
                        "n_missing": int(r["n_missing"]), "note": r["note"]})
    return table


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


def reliability(ratings: Any, *, form: str = "ICC(A,1)", sem_method: str = "sqrt_ems",
                swc_factor: float = 0.2, confidence: float = 0.95, missing: str = "propagate",
                targets: Optional[str] = None, raters: Optional[str] = None,
                scores: Optional[str] = None) -> Reliability:
    """SEM (both formulas), MDC90, MDC95 and the smallest worthwhile change of a test.

    Parameters
    ----------
    ratings : array_like or DataFrame, shape (n_subjects, k_sessions)
        Test-retest (or inter-rater) data: one row per subject, one column per session/rater.
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
    confidence, missing, targets, raters, scores
        As in :func:`icc`.

    Examples
    --------
    >>> from hipmech import stats
    >>> torque_nm = [[102, 105], [88, 86], [120, 124], [95, 99], [110, 108], [79, 83]]
    >>> r = stats.reliability(torque_nm, form="ICC(2,1)")
    >>> round(r.icc, 3), round(r.sem, 2), round(r.mdc95, 2), r.model
    (0.976, 2.12, 5.87, 'two-way mixed')
    """
    r = _core.stats_reliability(_ratings(ratings, targets, raters, scores),
                                _checks.option(form, "form"),
                                _checks.option(sem_method, "sem_method"),
                                _checks.number(swc_factor, "swc_factor", "a positive number"),
                                _checks.confidence(confidence), _checks.option(missing, "missing"))
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
