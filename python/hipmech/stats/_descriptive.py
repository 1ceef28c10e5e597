"""Descriptive statistics with a t-based CI, and repeated trials combined per subject
(re-exported by hipmech.stats)."""

from __future__ import annotations

from dataclasses import dataclass, asdict
from typing import Any, List

import numpy as np

from .. import _core
from . import _checks

__all__ = ["Descriptives", "TrialScores", "combine_trials", "describe"]


@dataclass(frozen=True)
class Descriptives:
    """Descriptive statistics of one sample (:func:`describe`).

    Attributes
    ----------
    n : int
        Values used (after ``missing="omit"``).
    n_missing : int
        NaN values in the input.
    mean, sd, se : float
        Mean, sample SD (n - 1) and standard error SD / sqrt(n), in the unit of the data.
    cv_percent : float
        Coefficient of variation 100 * SD / abs(mean); NaN when the mean is 0.
    ci_low, ci_high : float
        The ``confidence`` interval of the mean from Student's t with n - 1 df.
    confidence : float
    df : float
        n - 1.
    note : str
        Why a field is NaN; empty when all are defined.
    """

    n: int
    n_missing: int
    mean: float
    sd: float
    se: float
    cv_percent: float
    ci_low: float
    ci_high: float
    confidence: float
    df: float
    note: str

    def to_dict(self) -> dict:
        return asdict(self)


def describe(x: Any, *, confidence: float = 0.95, missing: str = "propagate") -> Descriptives:
    """Mean, SD, SE, CV and the t-based confidence interval of the mean.

    Parameters
    ----------
    x : array_like, shape (n,)
        The sample; NaN marks a missing value.
    confidence : float
        Confidence level of the interval, in (0, 1).
    missing : {"propagate", "omit", "raise"}
        What NaN does: ``"propagate"`` makes the statistics NaN (``note`` says why),
        ``"omit"`` leaves missing values out (counted in ``n_missing``), ``"raise"`` raises.

    Examples
    --------
    >>> from hipmech import stats
    >>> d = stats.describe([2, 4, 4, 5, 10])
    >>> d.mean, d.sd, d.cv_percent
    (5.0, 3.0, 60.0)
    """
    return Descriptives(**_core.stats_describe(_checks.pandas_values(x, "x"),
                                               _checks.confidence(confidence),
                                               _checks.option(missing, "missing")))


@dataclass(frozen=True)
class TrialScores:
    """One score per subject from repeated trials (:func:`combine_trials`).

    Attributes
    ----------
    values : numpy.ndarray, shape (n_subjects,)
        The scores; NaN where a subject lacks the trials the method needs (see ``notes``).
    n_used : numpy.ndarray, shape (n_subjects,)
        Trials that entered each score.
    notes : list of str
        Why a score is NaN; empty strings where it is defined.
    method : str
    """

    values: np.ndarray
    n_used: np.ndarray
    notes: List[str]
    method: str

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.values, dtype=dtype)


def combine_trials(trials: Any, method: str = "mean", *, higher_is_better: bool = True,
                   missing: str = "propagate") -> TrialScores:
    """Combine repeated trials into one score per subject.

    Parameters
    ----------
    trials : array_like or DataFrame, shape (n_subjects, n_trials)
        One row per subject (and limb), one column per trial; NaN marks a missing trial.
    method : {"mean", "best", "mean_of_best_two"}
        The mean of the trials, the best trial, or the mean of the two best trials ("best two
        of three").
    higher_is_better : bool
        True for strength (the best is the largest); False for times.
    missing : {"propagate", "omit", "raise"}
        ``"propagate"``: a subject with a missing trial gets NaN; ``"omit"``: the trials present
        are combined (at least 1, or 2 for ``"mean_of_best_two"``); ``"raise"``: error.

    Examples
    --------
    >>> from hipmech import stats
    >>> stats.combine_trials([[100, 110, 90], [50, 70, 65]], "mean_of_best_two").values
    array([105. ,  67.5])
    """
    r = _core.stats_combine_trials(_checks.pandas_values(trials, "trials"), _checks.option(method, "method"),
                                   _checks.flag(higher_is_better, "higher_is_better"),
                                   _checks.option(missing, "missing"))
    return TrialScores(r["values"], r["n_used"].astype(int), list(r["notes"]), method)
