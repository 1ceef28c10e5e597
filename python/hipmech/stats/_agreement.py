"""hipmech.stats, part "agreement" (re-exported by hipmech.stats): Bland-Altman agreement,
odds ratio / relative risk / risk difference of a 2x2 table, DerSimonian-Laird random-effects
meta-analysis, and change over a programme judged against a minimal detectable change.

Equations, methods and references: docs page "stats-agreement"; the C++ headers
``hipmech/stats/{bland_altman,contingency,meta_analysis,change}.hpp``.

>>> from hipmech import stats
>>> r = stats.relative_risk([[10, 90], [5, 95]])
>>> round(r.estimate, 3), round(r.risk_exposed, 2), round(r.risk_unexposed, 2)
(2.0, 0.1, 0.05)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Optional, Sequence

import numpy as np
import numpy.typing as npt

from .. import _core, _results
from .._args import invalid_argument as _invalid, real_array
from . import _checks

__all__ = [
    "BlandAltmanResult",
    "ChangeResult",
    "ContingencyResult",
    "MetaAnalysisResult",
    "bland_altman",
    "change",
    "meta_analysis",
    "odds_ratio",
    "relative_risk",
    "risk_difference",
]


# ---- argument helpers ------------------------------------------------------------------------

_MISSING = ("propagate", "omit", "raise")


def _values(x: Any) -> np.ndarray:
    """The float values of an input the core already accepted (masked entries become NaN)."""
    return np.ma.filled(np.ma.asarray(x, dtype=float), np.nan).astype(float, copy=False)


# ---- Bland-Altman ----------------------------------------------------------------------------

@dataclass(frozen=True)
class BlandAltmanResult:
    """Result of :func:`bland_altman`.

    Every value is in the unit of ``a`` and ``b`` (e.g. N m, degrees, l/min), or in percent of
    the pair mean when ``percent`` is True. NaN marks a statistic that is undefined, and
    ``note`` says why.

    Attributes
    ----------
    n, n_missing : int
        Pairs used; pairs with a NaN in ``a`` or ``b``.
    confidence, agreement : float
        Confidence level of every interval; agreement level of the limits (0.95: the limits
        should hold 95 % of the differences).
    z : float
        Multiplier of the SD in the limits, the normal quantile at (1 + agreement) / 2 (1.96).
    df : float
        Degrees of freedom n - 1.
    percent : bool
        The differences are 100 (a - b) / abs(mean of the pair).
    ci_method : str
        Method of the limits' intervals (the ``loa_ci`` argument): 'exact' (noncentral t,
        Carkeet 2015) or 'approximate' (Bland & Altman 1999).
    bias, sd, se : float
        Mean difference a - b, SD of the differences (n - 1) and the SE of the bias.
    bias_ci_low, bias_ci_high : float
        t-based CI of the bias (the one-sample t interval of the differences; NaN with a note
        when all differences are equal, as in the t-tests).
    loa_low, loa_high : float
        Limits of agreement, bias -/+ z SD.
    loa_low_ci_low, loa_low_ci_high, loa_high_ci_low, loa_high_ci_high : float
        CIs of the lower and the upper limit.
    slope, intercept, slope_se, slope_ci_low, slope_ci_high, slope_p_value : float
        Proportional bias: ordinary least-squares regression of the differences on the pair
        means (slope per unit of the mean), with the two-sided t-test of a zero slope.
    a, b : numpy.ndarray
        The measurements as given, shape (n_pairs,).
    means, differences : numpy.ndarray
        Per pair (a + b) / 2 and a - b (or 100 (a - b) / abs(mean)), shape (n_pairs,), NaN where
        a pair is missing (and, with ``percent``, where the pair mean is 0): the points of the
        Bland-Altman plot.
    note : str
        Why a field is NaN; empty when all are defined.
    """

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    n: int
    n_missing: int
    confidence: float
    agreement: float
    z: float
    df: float
    percent: bool
    ci_method: str
    bias: float
    sd: float
    se: float
    bias_ci_low: float
    bias_ci_high: float
    loa_low: float
    loa_high: float
    loa_low_ci_low: float
    loa_low_ci_high: float
    loa_high_ci_low: float
    loa_high_ci_high: float
    slope: float
    intercept: float
    slope_se: float
    slope_ci_low: float
    slope_ci_high: float
    slope_p_value: float
    a: np.ndarray
    b: np.ndarray
    means: np.ndarray
    differences: np.ndarray
    note: str

    @property
    def bias_ci(self) -> tuple[float, float]:
        """(low, high) CI of the bias."""
        return (self.bias_ci_low, self.bias_ci_high)

    @property
    def limits(self) -> tuple[float, float]:
        """(lower, upper) limits of agreement."""
        return (self.loa_low, self.loa_high)

    @property
    def loa_low_ci(self) -> tuple[float, float]:
        """(low, high) CI of the lower limit of agreement."""
        return (self.loa_low_ci_low, self.loa_low_ci_high)

    @property
    def loa_high_ci(self) -> tuple[float, float]:
        """(low, high) CI of the upper limit of agreement."""
        return (self.loa_high_ci_low, self.loa_high_ci_high)

    def summary(self) -> Any:
        """One row per estimate (bias, lower and upper limit, proportional-bias slope) with
        its CI and the method's name, as a pandas DataFrame."""
        import pandas as pd

        ci = ("exact (Carkeet 2015)" if self.ci_method == "exact"
              else "approximate (Bland & Altman 1999)")
        rows = [
            ("bias", self.bias, self.bias_ci_low, self.bias_ci_high, "t"),
            ("lower limit of agreement", self.loa_low, self.loa_low_ci_low,
             self.loa_low_ci_high, ci),
            ("upper limit of agreement", self.loa_high, self.loa_high_ci_low,
             self.loa_high_ci_high, ci),
            ("proportional bias (slope)", self.slope, self.slope_ci_low, self.slope_ci_high,
             "OLS of differences on means, t"),
        ]
        return pd.DataFrame(rows, columns=["statistic", "estimate", "ci_low", "ci_high", "method"])

    def to_dataframe(self) -> Any:
        """One row per pair: ``a``, ``b``, ``mean``, ``difference`` (``difference_percent`` when
        ``percent``), as a pandas DataFrame."""
        import pandas as pd

        name = "difference_percent" if self.percent else "difference"
        return pd.DataFrame({"a": self.a, "b": self.b, "mean": self.means, name: self.differences})


def bland_altman(a: npt.ArrayLike, b: npt.ArrayLike, *, confidence: float = 0.95,
                 loa_ci: str = "exact", percent: bool = False, missing: str = "propagate",
                 agreement: float = 0.95) -> BlandAltmanResult:
    """Bland-Altman agreement of two methods measuring the same subjects.

    Differences are ``a - b`` (Bland & Altman 1986, Lancet i:307-310): bias = mean difference
    with its t interval, limits of agreement bias -/+ z SD (z = 1.96 for ``agreement`` 0.95),
    each limit with a CI by ``loa_ci``, and proportional bias as the least-squares slope of the
    differences on the pair means (Bland & Altman 1999, Stat Methods Med Res 8:135-160).

    Parameters
    ----------
    a, b : array_like (n,)
        Paired measurements in the same unit (lists, numpy arrays, pandas Series); NaN marks a
        missing value (the pair is missing).
    confidence : float
        Confidence level of every interval (default 0.95).
    loa_ci : {'exact', 'approximate'}
        CI method of the limits: 'exact' uses the noncentral t (Carkeet 2015, Optom Vis Sci
        92:e71-e80, limits considered individually); 'approximate' Bland & Altman's (1999)
        SE = SD sqrt(1/n + z^2 / (2 (n - 1))) with a t quantile.
    percent : bool
        Analyse 100 (a - b) / abs(mean of the pair) [%] instead of a - b. Dividing by the
        magnitude keeps the sign of a - b for negative measurements (e.g. angles); a pair with
        mean 0 has a NaN percent difference, which makes the summary NaN with a note.
    missing : {'propagate', 'omit', 'raise'}
        Pairs with a NaN: NaN summary with a note (default), left out and counted, or an error.
    agreement : float
        Share of differences the limits should hold (default 0.95, z = 1.96).

    Returns
    -------
    BlandAltmanResult

    Raises
    ------
    hipmech.InvalidArgumentError
        (a ValueError) naming the argument: unequal lengths, infinity, a level outside (0, 1),
        an unknown method or policy name.

    Examples
    --------
    >>> from hipmech import stats
    >>> r = stats.bland_altman([494, 395, 516, 434, 476], [512, 430, 520, 428, 500])
    >>> round(r.bias, 1), r.n
    (-15.0, 5)
    """
    conf = _checks.confidence(confidence)
    agr = _checks.confidence(agreement, "agreement")
    method = _checks.option(loa_ci, "loa_ci", ("exact", "approximate"))
    pct = _checks.flag(percent, "percent")
    policy = _checks.option(missing, "missing", _MISSING)
    a, b = _checks.pandas_values(a, "a"), _checks.pandas_values(b, "b")
    d = _core.stats_bland_altman(a, b, conf, method, pct, policy, agr)
    return BlandAltmanResult(a=_values(a), b=_values(b), **d)


# ---- 2x2 tables ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ContingencyResult:
    """Result of :func:`odds_ratio`, :func:`relative_risk` and :func:`risk_difference`.

    Layout of the table: rows exposed / unexposed, columns outcome / no outcome::

                     outcome   no outcome
        exposed         a          b
        unexposed       c          d

    Attributes
    ----------
    measure : str
        'odds ratio', 'relative risk' or 'risk difference'.
    ci_method : str
        CI method: 'log (Woolf) Wald', 'log (Katz) Wald' or 'Wald'.
    confidence : float
        Confidence level of the interval.
    correction : str
        Zero-cell policy asked for: 'haldane' or 'none'.
    corrected : bool
        0.5 was added to every cell (Haldane 1956) because a cell was 0.
    table : tuple of float
        The counts used (a, b, c, d), after any correction.
    estimate : float
        The odds ratio or relative risk (dimensionless), or the risk difference (a difference of
        proportions, 0 to 1).
    log_estimate : float
        Natural log of the ratio (NaN for the risk difference).
    se : float
        SE of the log ratio, or of the risk difference.
    ci_low, ci_high : float
        CI of the estimate (ratio scale for the ratios).
    z, p_value : float
        Wald statistic against no association (ratio 1, difference 0) and its two-sided p
        (NaN, with a note, when the SE is 0).
    risk_exposed, risk_unexposed : float
        a / (a + b) and c / (c + d) of the table used (proportions, 0 to 1).
    note : str
        Corrections made, or why a field is NaN.
    """

    measure: str
    ci_method: str
    confidence: float
    correction: str
    corrected: bool
    table: tuple
    estimate: float
    log_estimate: float
    se: float
    ci_low: float
    ci_high: float
    z: float
    p_value: float
    risk_exposed: float
    risk_unexposed: float
    note: str

    @property
    def ci(self) -> tuple[float, float]:
        """(low, high) CI of the estimate."""
        return (self.ci_low, self.ci_high)


_CELLS = ("a", "b", "c", "d")
_TABLE_CELLS = ("table[0, 0]", "table[0, 1]", "table[1, 0]", "table[1, 1]")


def _counts(counts: tuple) -> tuple[float, float, float, float]:
    """(a, b, c, d) from one (2, 2) table or four counts; errors name the argument (booleans
    and strings are not counts)."""
    if len(counts) == 1:
        table = counts[0]
        expected = "a (2, 2) table of counts [[a, b], [c, d]]"
        try:
            arr = np.asarray(table, dtype=object)
        except (TypeError, ValueError):
            raise _invalid("table", expected, repr(table)) from None
        if arr.shape != (2, 2):
            raise _invalid("table", expected, f"shape {arr.shape}")
        names = _TABLE_CELLS
        values = [_checks.number(v, n, "a finite non-negative count")
                  for v, n in zip(arr.ravel(), names)]
    elif len(counts) == 4:
        names = _CELLS
        values = [_checks.number(v, n, "a finite non-negative count")
                  for v, n in zip(counts, names)]
    else:
        raise _invalid("table", "one (2, 2) table or four counts a, b, c, d",
                       f"{len(counts)} positional arguments")
    for v, n in zip(values, names):
        if not (math.isfinite(v) and v >= 0.0):
            raise _invalid(n, "a finite non-negative count", repr(v))
    if values[0] + values[1] <= 0:
        raise _invalid("table", "a positive total in the exposed row (a + b > 0)", "a = b = 0")
    if values[2] + values[3] <= 0:
        raise _invalid("table", "a positive total in the unexposed row (c + d > 0)", "c = d = 0")
    return values[0], values[1], values[2], values[3]


def _table_call(fn: Any, counts: tuple, confidence: Any, correction: Any) -> ContingencyResult:
    a, b, c, d = _counts(counts)
    conf = _checks.confidence(confidence)
    corr = _checks.option(correction, "correction", ("haldane", "none"))
    r = fn(a, b, c, d, conf, corr)
    r["table"] = tuple(float(v) for v in r["table"])
    return ContingencyResult(**r)


_TABLE_DOC = """

    Parameters
    ----------
    *counts : array_like (2, 2), or four numbers
        The table ``[[a, b], [c, d]]`` or its counts ``a, b, c, d``: a = exposed with the
        outcome, b = exposed without, c = unexposed with, d = unexposed without. Counts are
        non-negative (integers, or real counts such as weighted ones); each row needs a
        positive total.
    confidence : float
        Confidence level (default 0.95).
    correction : {'haldane', 'none'}
        Zero cells: 'haldane' adds 0.5 to every cell when any cell is 0 (Haldane 1956, Ann
        Hum Genet 20:309-311) and says so in ``note``; 'none' keeps the counts and reports an
        estimate that a zero makes undefined as NaN with the reason in ``note``. The default is
        'haldane' for the odds ratio and the relative risk (their logs are infinite at a zero
        count) and 'none' for the risk difference (always defined; the correction would only
        pull both risks towards 1/2 and bias the difference).

    Returns
    -------
    ContingencyResult

    Raises
    ------
    hipmech.InvalidArgumentError
        (a ValueError) naming the argument: a negative, non-finite or non-numeric count, a
        table that is not (2, 2), an empty row, a level outside (0, 1), an unknown correction.
"""


def odds_ratio(*counts: Any, confidence: float = 0.95,
               correction: str = "haldane") -> ContingencyResult:
    """Odds ratio (a d) / (b c) of a 2x2 table with the log (Woolf) Wald CI,
    exp(ln OR -/+ z sqrt(1/a + 1/b + 1/c + 1/d)) (Woolf 1955, Ann Hum Genet 19:251-253)."""
    return _table_call(_core.stats_odds_ratio, counts, confidence, correction)


def relative_risk(*counts: Any, confidence: float = 0.95,
                  correction: str = "haldane") -> ContingencyResult:
    """Relative risk (a / (a + b)) / (c / (c + d)) of a 2x2 table with the log (Katz) Wald CI,
    exp(ln RR -/+ z sqrt(1/a - 1/(a + b) + 1/c - 1/(c + d))) (Katz et al. 1978, Biometrics
    34:469-474). With correction='none' only a = 0 or c = 0 makes it undefined."""
    return _table_call(_core.stats_relative_risk, counts, confidence, correction)


def risk_difference(*counts: Any, confidence: float = 0.95,
                    correction: str = "none") -> ContingencyResult:
    """Risk difference a / (a + b) - c / (c + d) of a 2x2 table with the Wald CI,
    RD -/+ z sqrt(p1 (1 - p1) / (a + b) + p0 (1 - p0) / (c + d)). Always defined, so no
    zero-cell correction by default: adding 0.5 to every cell would change a difference that
    needs none (0/10 against 5/20: -0.25 uncorrected, -0.216 corrected). A risk of 0 or 1
    makes the Wald interval too narrow, which ``note`` says."""
    return _table_call(_core.stats_risk_difference, counts, confidence, correction)


for _f in (odds_ratio, relative_risk, risk_difference):
    _f.__doc__ = (_f.__doc__ or "") + _TABLE_DOC


# ---- meta-analysis ---------------------------------------------------------------------------

@dataclass(frozen=True)
class MetaAnalysisResult:
    """Result of :func:`meta_analysis` (DerSimonian-Laird random effects).

    Estimates are on the scale of the effects given (e.g. log risk ratios: exponentiate the
    estimate and its CI for the ratio); variances in that unit squared.

    Attributes
    ----------
    k : int
        Number of studies.
    confidence : float
        Confidence level of every interval.
    method : str
        The between-study variance estimator, 'DerSimonian-Laird'.
    fixed_estimate, fixed_se, fixed_ci_low, fixed_ci_high, fixed_z, fixed_p_value : float
        Inverse-variance fixed-effect (common-effect) estimate, SE, z CI, z and two-sided p.
    random_estimate, random_se, random_ci_low, random_ci_high, random_z, random_p_value : float
        The same for the random-effects model with weights 1 / (v + tau^2).
    tau2, tau : float
        Between-study variance (DerSimonian & Laird 1986) and its square root.
    q, q_df, q_p_value : float
        Cochran's Q, its degrees of freedom k - 1 and the chi-square p-value.
    i2_percent : float
        I^2 = max(0, (Q - df) / Q) [%] (Higgins & Thompson 2002).
    h2 : float
        H^2 = Q / df (not truncated at 1).
    prediction_low, prediction_high : float
        Prediction interval of a new study's true effect, random estimate -/+ t(k - 2)
        sqrt(tau^2 + SE^2) (Higgins, Thompson & Spiegelhalter 2009); NaN for k = 2.
    labels : list
        Study labels.
    effects, variances : numpy.ndarray
        Per study, as given (variances = SE^2 when ``se`` was given).
    study_ci_low, study_ci_high : numpy.ndarray
        Per-study z CIs, effect -/+ z sqrt(v).
    weights_fixed_percent, weights_random_percent : numpy.ndarray
        Per-study weights as a percentage of their sum [%].
    note : str
        Why a field is NaN; empty when all are defined.
    """

    k: int
    confidence: float
    method: str
    fixed_estimate: float
    fixed_se: float
    fixed_ci_low: float
    fixed_ci_high: float
    fixed_z: float
    fixed_p_value: float
    random_estimate: float
    random_se: float
    random_ci_low: float
    random_ci_high: float
    random_z: float
    random_p_value: float
    tau2: float
    tau: float
    q: float
    q_df: float
    q_p_value: float
    i2_percent: float
    h2: float
    prediction_low: float
    prediction_high: float
    labels: list
    effects: np.ndarray
    variances: np.ndarray
    study_ci_low: np.ndarray
    study_ci_high: np.ndarray
    weights_fixed_percent: np.ndarray
    weights_random_percent: np.ndarray
    note: str

    @property
    def random_ci(self) -> tuple[float, float]:
        """(low, high) CI of the random-effects estimate."""
        return (self.random_ci_low, self.random_ci_high)

    @property
    def fixed_ci(self) -> tuple[float, float]:
        """(low, high) CI of the fixed-effect estimate."""
        return (self.fixed_ci_low, self.fixed_ci_high)

    @property
    def prediction_interval(self) -> tuple[float, float]:
        """(low, high) prediction interval of a new study's true effect."""
        return (self.prediction_low, self.prediction_high)

    @property
    def studies(self) -> Any:
        """The per-study table, as :meth:`to_dataframe`."""
        return self.to_dataframe()

    def to_dataframe(self) -> Any:
        """One row per study (pandas DataFrame indexed by label): effect, variance, se, ci_low,
        ci_high, weight_fixed_percent, weight_random_percent."""
        import pandas as pd

        return pd.DataFrame(
            {
                "effect": self.effects,
                "variance": self.variances,
                "se": np.sqrt(self.variances),
                "ci_low": self.study_ci_low,
                "ci_high": self.study_ci_high,
                "weight_fixed_percent": self.weights_fixed_percent,
                "weight_random_percent": self.weights_random_percent,
            },
            index=pd.Index(self.labels, name="study"),
        )


def _check_se_squares(se: Any) -> None:
    """InvalidArgumentError naming ``se`` when a finite positive SE squares to 0 or infinity
    in double precision (the sampling variance the core needs would not be a positive finite
    number). Other problems (shape, NaN, a non-positive SE) are left to the core."""
    v = real_array(se, "se", "standard errors (k,)")
    ok = np.isfinite(v) & (v > 0)
    with np.errstate(over="ignore", under="ignore"):
        sq = v * v
    bad = ok & ((sq == 0) | ~np.isfinite(sq))
    if np.any(bad):
        first = float(v[bad].ravel()[0])
        what = "underflows to 0" if first < 1 else "overflows to infinity"
        raise _invalid("se", "standard errors whose square (the sampling variance) is a "
                       "positive finite double, about 1.5e-154 < se < 1.3e154",
                       f"{first!r} (its square {what})")


def meta_analysis(effects: npt.ArrayLike, variances: Optional[npt.ArrayLike] = None, *,
                  se: Optional[npt.ArrayLike] = None, confidence: float = 0.95,
                  labels: Optional[Sequence[Any]] = None) -> MetaAnalysisResult:
    """DerSimonian-Laird random-effects meta-analysis (DerSimonian & Laird 1986, Control Clin
    Trials 7:177-188) with the fixed-effect estimate, heterogeneity and prediction interval.

    Parameters
    ----------
    effects : array_like (k,)
        Study effect sizes on an additive scale (mean differences, standardized mean
        differences, log odds ratios, log risk ratios...), k >= 2, finite.
    variances : array_like (k,), optional
        Their sampling variances (> 0), in the effect's unit squared.
    se : array_like (k,), optional
        Their standard errors (> 0) instead of ``variances`` (give exactly one of the two).
    confidence : float
        Confidence level of every interval (default 0.95).
    labels : sequence, optional
        Study labels for the per-study table (default: the index of a pandas Series given as
        ``effects``, else 1..k).

    Returns
    -------
    MetaAnalysisResult

    Raises
    ------
    hipmech.InvalidArgumentError
        (a ValueError) naming the argument: fewer than 2 studies, NaN or infinite effects,
        variances or SEs that are not positive, unequal lengths, both or neither of
        ``variances`` and ``se``, labels of the wrong length.
    """
    if (variances is None) == (se is None):
        raise _invalid("variances", "either variances or se (exactly one)",
                       "both" if variances is not None else "neither")
    conf = _checks.confidence(confidence)
    if se is not None:
        _check_se_squares(se)
        d = _core.stats_meta_analysis_se(effects, se, conf)
    else:
        d = _core.stats_meta_analysis(effects, variances, conf)
    k = int(d["k"])
    if labels is None:
        import pandas as pd

        index = effects.index if isinstance(effects, pd.Series) else None
        labels = list(index) if index is not None and len(index) == k else list(range(1, k + 1))
    else:
        labels = list(labels)
        if len(labels) != k:
            raise _invalid("labels", f"{k} labels (one per study)", f"{len(labels)} labels")
    return MetaAnalysisResult(labels=labels, **d)


# ---- change over a programme -----------------------------------------------------------------

@dataclass(frozen=True)
class ChangeResult:
    """Result of :func:`change`.

    Changes are follow-up minus baseline in the unit of the values (e.g. N m, N m/kg, % for a
    limb symmetry index); percent changes in % of the baseline's magnitude.

    Attributes
    ----------
    n, n_missing : int
        Subjects with both values; subjects with a NaN baseline or follow-up.
    confidence : float
        Confidence level of the CI.
    mdc : float or None
        The minimal detectable change used (unit of the values), or None.
    higher_is_better : bool
        Direction of improvement.
    baseline, follow_up : numpy.ndarray
        The values as given, shape (n_subjects,).
    change, percent_change : numpy.ndarray
        Per subject follow_up - baseline and 100 (follow_up - baseline) / abs(baseline) (NaN
        for a zero baseline or a missing value).
    category : numpy.ndarray of str
        Per subject 'improved' / 'worsened' (beyond the MDC in the better / worse direction),
        'within' (within -/+ MDC), or 'undefined' (no MDC, or a value missing).
    mean_baseline, mean_follow_up : float
        Over the subjects used.
    mean_change, sd_change, se_change, ci_low, ci_high : float
        Mean change with SD, SE and its t interval.
    ci_method : str
        The interval method, 't (paired)'.
    statistic, df, p_value : float
        Paired t-test of a zero mean change (two-sided): t, its degrees of freedom and p, as
        :func:`ttest_paired` (follow_up, baseline). When every subject changed by exactly the
        same amount, t, p and the CI are NaN with a note (zero variance).
    n_improved, n_worsened, n_within : int or None
        Subjects (with both values) in each category; None without an MDC.
    note : str
        Why a field is NaN; empty when all are defined.
    """

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    n: int
    n_missing: int
    confidence: float
    mdc: Optional[float]
    higher_is_better: bool
    baseline: np.ndarray
    follow_up: np.ndarray
    change: np.ndarray
    percent_change: np.ndarray
    category: np.ndarray
    mean_baseline: float
    mean_follow_up: float
    mean_change: float
    sd_change: float
    se_change: float
    ci_low: float
    ci_high: float
    ci_method: str
    statistic: float
    df: float
    p_value: float
    n_improved: Optional[int]
    n_worsened: Optional[int]
    n_within: Optional[int]
    note: str

    @property
    def ci(self) -> tuple[float, float]:
        """(low, high) CI of the mean change."""
        return (self.ci_low, self.ci_high)

    def to_dataframe(self) -> Any:
        """One row per subject: baseline, follow_up, change, percent_change, category (pandas
        DataFrame)."""
        import pandas as pd

        return pd.DataFrame({
            "baseline": self.baseline,
            "follow_up": self.follow_up,
            "change": self.change,
            "percent_change": self.percent_change,
            "category": self.category,
        })


def change(baseline: npt.ArrayLike, follow_up: npt.ArrayLike, *, mdc: Optional[float] = None,
           higher_is_better: bool = True, confidence: float = 0.95,
           missing: str = "propagate") -> ChangeResult:
    """Change from baseline to follow-up over a programme, per subject and for the group.

    Per subject: change = follow_up - baseline, percent change 100 change / abs(baseline),
    and, with an MDC, whether the change goes beyond it in the better direction ('improved'),
    the worse one ('worsened') or stays within -/+ MDC ('within'; exactly the MDC counts as
    within). Group: mean change with its t interval and the paired t-test.

    Parameters
    ----------
    baseline, follow_up : array_like (n,)
        One value per subject at each time, same unit and subject order; NaN marks a missing
        value.
    mdc : float, optional
        Minimal detectable change (> 0) in the unit of the values, e.g. an MDC95 from a
        reliability study.
    higher_is_better : bool
        True for strength or a limb symmetry index, False for a time or a pain score.
    confidence : float
        Confidence level of the CI of the mean change (default 0.95).
    missing : {'propagate', 'omit', 'raise'}
        Subjects with a NaN in the group summary: NaN with a note (default), left out and
        counted, or an error. Per-subject results keep every subject either way.

    Returns
    -------
    ChangeResult

    Raises
    ------
    hipmech.InvalidArgumentError
        (a ValueError) naming the argument: unequal lengths, infinity, an MDC that is not a
        positive number, a level outside (0, 1), an unknown policy name.
    """
    m = None
    if mdc is not None:
        m = _checks.number(mdc, "mdc", "a positive minimal detectable change in the unit of "
                           "the values (or None)")
        if not (math.isfinite(m) and m > 0.0):
            raise _invalid("mdc", "a positive minimal detectable change in the unit of the "
                           "values (or None)", repr(mdc))
    hib = _checks.flag(higher_is_better, "higher_is_better")
    conf = _checks.confidence(confidence)
    policy = _checks.option(missing, "missing", _MISSING)
    baseline = _checks.pandas_values(baseline, "baseline")
    follow_up = _checks.pandas_values(follow_up, "follow_up")
    d = _core.stats_change(baseline, follow_up, m, hib, conf, policy)
    d["mdc"] = m
    d["category"] = np.asarray(d["category"], dtype=object)
    for key in ("n_improved", "n_worsened", "n_within"):
        d[key] = int(d[key]) if m is not None else None
    return ChangeResult(baseline=_values(baseline), follow_up=_values(follow_up), **d)
