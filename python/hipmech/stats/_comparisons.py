"""hipmech.stats, part "comparisons": t-tests and standardized effect sizes with named
confidence intervals (docs: stats-comparisons). Re-exported by :mod:`hipmech.stats`.

>>> from hipmech import stats
>>> r = stats.ttest_paired([210, 205, 193, 182, 259], [197, 195, 191, 174, 236])
>>> r.method, r.df, round(r.statistic, 3)
('paired t-test', 4.0, 3.241)
>>> g = stats.hedges_g([3.2, 6.4, 1.8, 2.4, 5.8, 6.5], [2.4, 3.2, 3.2, 1.4, 2.8, 3.5])
>>> round(g.estimate, 4), g.ci_method
(0.9251, 'noncentral_t')
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from .. import _core
from .._args import invalid_argument as _invalid
from . import _checks

__all__ = [
    "EffectSizeResult",
    "TTestResult",
    "cohen_d",
    "cohen_dav",
    "cohen_dz",
    "glass_delta",
    "hedges_g",
    "hedges_j",
    "smd_from_summary",
    "ttest_independent",
    "ttest_one_sample",
    "ttest_paired",
]

AlternativeName = Literal["two-sided", "less", "greater"]
MissingName = Literal["propagate", "omit", "raise"]
CiName = Literal["noncentral_t", "t", "z"]
CorrectionName = Literal["exact", "approximate"]


def _fmt(v: float) -> str:
    return "nan" if isinstance(v, float) and math.isnan(v) else f"{v:.4g}"


@dataclass(frozen=True)
class TTestResult:
    """Result of a t-test (:func:`ttest_one_sample`, :func:`ttest_paired`,
    :func:`ttest_independent`).

    Attributes
    ----------
    statistic : float
        t = (estimate − null_value) / se.
    df : float
        Degrees of freedom (Welch: Welch–Satterthwaite, not an integer).
    p_value : float
        The p-value under ``alternative``.
    alternative : str
        "two-sided", "less" or "greater".
    estimate : float
        The mean (one sample), the mean of the differences a − b (paired) or mean(a) − mean(b)
        (independent), in the unit of the data.
    null_value : float
        ``mu`` of the one-sample test; 0 for the others.
    se : float
        Standard error of ``estimate``.
    ci_low, ci_high : float
        Confidence interval of ``estimate``; one-sided alternatives give a one-sided interval
        with an infinite bound (as scipy does).
    confidence : float
        Level of the interval.
    n1, n2 : int
        Values used from x or a and from b (paired: complete pairs; one sample: n2 = 0).
    n_missing : int
        NaN values (paired: incomplete pairs), both samples counted.
    method : str
        "one-sample t-test", "paired t-test", "Welch's t-test" or "Student's t-test".
    note : str
        Why a field is NaN (missing values, too few values, zero variance); empty otherwise.
    """

    statistic: float
    df: float
    p_value: float
    alternative: str
    estimate: float
    null_value: float
    se: float
    ci_low: float
    ci_high: float
    confidence: float
    n1: int
    n2: int
    n_missing: int
    method: str
    note: str

    @property
    def ci(self) -> tuple[float, float]:
        """(ci_low, ci_high)."""
        return (self.ci_low, self.ci_high)

    def to_dict(self) -> dict[str, Any]:
        """The fields as a plain dict (for a DataFrame row or JSON)."""
        return dataclasses.asdict(self)

    def __repr__(self) -> str:
        what = {"one-sample t-test": "mean", "paired t-test": "mean of a − b"}.get(
            self.method, "mean(a) − mean(b)")
        n = f"n = {self.n1}" if self.method == "one-sample t-test" else (
            f"n = {self.n1} pairs" if self.method == "paired t-test"
            else f"n = {self.n1} + {self.n2}")
        text = (f"TTestResult({self.method}: t({_fmt(self.df)}) = {_fmt(self.statistic)}, "
                f"p = {_fmt(self.p_value)} ({self.alternative}); {what} = "
                f"{_fmt(self.estimate)}, {_fmt(100 * self.confidence)}% CI "
                f"[{_fmt(self.ci_low)}, {_fmt(self.ci_high)}]; {n}")
        if self.n_missing:
            text += f", {self.n_missing} missing"
        if self.note:
            text += f"; note: {self.note}"
        return text + ")"


@dataclass(frozen=True)
class EffectSizeResult:
    """A standardized mean difference with its confidence interval (:func:`cohen_d`,
    :func:`hedges_g`, :func:`glass_delta`, :func:`cohen_dz`, :func:`cohen_dav`,
    :func:`smd_from_summary`).

    Attributes
    ----------
    estimate : float
        The effect size, in standard deviations.
    ci_low, ci_high : float
        Its confidence interval (NaN for d_av; see ``note``).
    ci_method : str
        "noncentral_t" (exact, Steiger & Fouladi 1997), "t" or "z" (estimate ± critical value
        × the Hedges & Olkin 1985 SE), or "none".
    confidence : float
        Level of the interval.
    name : str
        The estimator, e.g. "Cohen's d (pooled SD)" or "Hedges' g (pooled SD, exact J)".
    mean_difference : float
        mean(a) − mean(b), or the mean of a − b for paired data, in the unit of the data.
    standardizer : float
        The SD divided by, in the unit of the data.
    n1, n2 : int
        Values used from a and b (paired: complete pairs).
    n_missing : int
        NaN values (paired: incomplete pairs).
    df : float
        Degrees of freedom of the standardizer.
    j : float
        Hedges' correction factor when one was applied, else NaN.
    se : float
        Large-sample standard error (Hedges & Olkin 1985), also given with the noncentral t
        interval, which does not use it.
    variance : float
        Sampling variance se², the weight input of a meta-analysis.
    note : str
        Why a field is NaN; empty otherwise.
    """

    estimate: float
    ci_low: float
    ci_high: float
    ci_method: str
    confidence: float
    name: str
    mean_difference: float
    standardizer: float
    n1: int
    n2: int
    n_missing: int
    df: float
    j: float
    se: float
    variance: float
    note: str

    @property
    def ci(self) -> tuple[float, float]:
        """(ci_low, ci_high)."""
        return (self.ci_low, self.ci_high)

    def to_dict(self) -> dict[str, Any]:
        """The fields as a plain dict (for a DataFrame row or JSON)."""
        return dataclasses.asdict(self)

    def __repr__(self) -> str:
        paired = self.name.startswith("Cohen's d_")
        n = f"n = {self.n1} pairs" if paired else f"n = {self.n1} + {self.n2}"
        text = (f"EffectSizeResult({self.name} = {_fmt(self.estimate)}, "
                f"{_fmt(100 * self.confidence)}% CI [{_fmt(self.ci_low)}, {_fmt(self.ci_high)}]"
                f" ({self.ci_method}); {n}")
        if self.n_missing:
            text += f", {self.n_missing} missing"
        if self.note:
            text += f"; note: {self.note}"
        return text + ")"


# ---- argument helpers -------------------------------------------------------------------------

def _number(value: Any, arg: str, expected: str = "a real number") -> float:
    return _checks.number(value, arg, expected)


_MAX_SIZE = 2**53  # group sizes stay exact as doubles (and n1 + n2 cannot overflow)


def _count(value: Any, arg: str) -> int:
    return _checks.integer(value, arg, "an integer group size from 1 to 2**53", minimum=1,
                           maximum=_MAX_SIZE, integral_floats=True)


_MISSING = ("propagate", "omit", "raise")
_ALTERNATIVES = ("two-sided", "less", "greater")
_CIS = ("noncentral_t", "t", "z")
_CI_ALIASES = ("noncentral-t", "nct")


def _length(x: Any) -> int | None:
    """Length of a 1-D array-like, None when it is not one (the core then names the problem)."""
    try:
        shape = np.shape(x)
    except (TypeError, ValueError):
        return None
    return int(shape[0]) if len(shape) == 1 else None


def _at_least(x: Any, arg: str, minimum: int, why: str) -> None:
    """ValueError naming ``arg`` when the array as given is shorter than the method needs
    (values that ``missing="omit"`` leaves out later give a NaN result with a note instead)."""
    n = _length(x)
    if n is not None and n < minimum:
        raise _invalid(arg, f"at least {minimum} value{'s' if minimum > 1 else ''} ({why})",
                       f"{n}")


def _common(alternative: Any, confidence: Any, missing: Any) -> tuple[str, float, str]:
    return (_checks.option(alternative, "alternative", _ALTERNATIVES),
            _checks.confidence(confidence),
            _checks.option(missing, "missing", _MISSING))


# ---- t-tests ----------------------------------------------------------------------------------

def ttest_one_sample(x: npt.ArrayLike, mu: float = 0.0, *,
                     alternative: AlternativeName = "two-sided", confidence: float = 0.95,
                     missing: MissingName = "propagate") -> TTestResult:
    """One-sample t-test of H0: mean = ``mu`` (Student 1908).

    t = (x̄ − μ0) / (s / √n), df = n − 1. The interval is that of the population mean, as
    ``scipy.stats.ttest_1samp(...).confidence_interval()``.

    Parameters
    ----------
    x : array_like (n,)
        The sample; NaN marks a missing value.
    mu : float
        The null mean μ0, in the unit of ``x``.
    alternative : {"two-sided", "less", "greater"}
        "less": H1 mean < μ0 (and a one-sided interval (−inf, upper]).
    confidence : float
        Level of the interval, in (0, 1).
    missing : {"propagate", "omit", "raise"}
        "propagate": NaN result with a note counting the missing values; "omit": left out
        and counted in ``n_missing``; "raise": ValueError.

    Returns
    -------
    TTestResult
        NaN fields with the reason in ``note`` when fewer than 2 values remain after missing
        values are left out, or for zero variance (never an infinite t).

    Raises
    ------
    hipmech.InvalidArgumentError
        (a ValueError) naming the argument: wrong shape or dtype, an infinity, fewer than 2
        values as given, a bad name or confidence level.
    """
    alt, conf, mis = _common(alternative, confidence, missing)
    xs = _checks.pandas_values(x, "x")
    r = _core.stats_ttest_one_sample(xs, _number(mu, "mu", "a finite null mean"), alt, conf, mis)
    _at_least(xs, "x", 2, "the t-test needs 2")
    return TTestResult(**r)


def ttest_paired(a: npt.ArrayLike, b: npt.ArrayLike, *,
                 alternative: AlternativeName = "two-sided", confidence: float = 0.95,
                 missing: MissingName = "propagate") -> TTestResult:
    """Paired t-test of H0: mean(a − b) = 0, the one-sample t-test of the differences
    (Student 1908), as ``scipy.stats.ttest_rel``.

    t = d̄ / (s_d / √n), df = n − 1, d = a − b. A pair with a NaN on either side is missing.

    Parameters
    ----------
    a, b : array_like (n,)
        The two measurements of each subject, in the same order and unit.
    alternative, confidence, missing
        As in :func:`ttest_one_sample`; "greater" means mean(a − b) > 0.

    Returns
    -------
    TTestResult
        ``estimate`` is the mean difference a − b.

    Raises
    ------
    hipmech.InvalidArgumentError
        (a ValueError) naming the argument, also when ``a`` and ``b`` differ in length or hold
        fewer than 2 pairs.
    """
    alt, conf, mis = _common(alternative, confidence, missing)
    a_s, b_s = _checks.pandas_values(a, "a"), _checks.pandas_values(b, "b")
    r = _core.stats_ttest_paired(a_s, b_s, alt, conf, mis)
    _at_least(a_s, "a", 2, "pairs; the t-test needs 2")
    return TTestResult(**r)


def ttest_independent(a: npt.ArrayLike, b: npt.ArrayLike, *, equal_var: bool = False,
                      alternative: AlternativeName = "two-sided", confidence: float = 0.95,
                      missing: MissingName = "propagate") -> TTestResult:
    """Two-sample t-test of H0: mean(a) = mean(b) for independent groups, as
    ``scipy.stats.ttest_ind``.

    Welch (1947), the default: se = √(s_a²/n_a + s_b²/n_b) with Welch–Satterthwaite df;
    needs 2 values per group. Student (1908), ``equal_var=True``: pooled variance,
    df = n_a + n_b − 2.

    Parameters
    ----------
    a, b : array_like
        The two groups (lengths may differ).
    equal_var : bool
        False (default): Welch's t-test; True: Student's.
    alternative, confidence, missing
        As in :func:`ttest_one_sample`; "greater" means mean(a) > mean(b).

    Returns
    -------
    TTestResult
        ``estimate`` is mean(a) − mean(b).

    Raises
    ------
    hipmech.InvalidArgumentError
        (a ValueError) naming the argument, also for groups too small as given (Welch: 2 per
        group; Student: 1 per group and 3 in all).
    """
    if not isinstance(equal_var, (bool, np.bool_)):
        raise _invalid("equal_var", "True or False", repr(equal_var))
    alt, conf, mis = _common(alternative, confidence, missing)
    a_s, b_s = _checks.pandas_values(a, "a"), _checks.pandas_values(b, "b")
    r = _core.stats_ttest_independent(a_s, b_s, bool(equal_var), alt, conf, mis)
    _two_groups(a_s, b_s, 1 if equal_var else 2, 3,
                "Student's t-test" if equal_var else "Welch's t-test")
    return TTestResult(**r)


def _two_groups(a: Any, b: Any, each: int, total: int, what: str) -> None:
    """Minimum sizes of two independent groups as given (see _at_least)."""
    _at_least(a, "a", each, f"{what} needs {each} per group")
    _at_least(b, "b", each, f"{what} needs {each} per group")
    na, nb = _length(a), _length(b)
    if na is not None and nb is not None and na + nb < total:
        raise _invalid("b", f"at least {total} values in a and b together ({what})",
                       f"{na} + {nb}")


# ---- effect sizes -----------------------------------------------------------------------------

def _ci_args(ci: Any, confidence: Any, missing: Any) -> tuple[str, float, str]:
    return (_checks.option(ci, "ci", _CIS, aliases=_CI_ALIASES),
            _checks.confidence(confidence),
            _checks.option(missing, "missing", _MISSING))


def cohen_d(a: npt.ArrayLike, b: npt.ArrayLike, *, ci: CiName = "noncentral_t",
            confidence: float = 0.95, missing: MissingName = "propagate") -> EffectSizeResult:
    """Cohen's d of two independent groups with the pooled SD (Cohen 1988).

    d = (ā − b̄) / s_p, s_p² = ((n_a − 1) s_a² + (n_b − 1) s_b²) / (n_a + n_b − 2).

    Parameters
    ----------
    a, b : array_like
        The two groups, same unit.
    ci : {"noncentral_t", "t", "z"}
        "noncentral_t" (default): exact interval inverting the noncentral t at
        t = d √(n_a n_b / (n_a + n_b)), df = n_a + n_b − 2 (Steiger & Fouladi 1997);
        "t" / "z": d ± t(1 − α/2, df) or z(1 − α/2) times the Hedges & Olkin (1985) SE,
        SE² = (n_a + n_b)/(n_a n_b) + d²/(2(n_a + n_b)) ("t" is pingouin's ``compute_esci``).
    confidence : float
        Level of the interval.
    missing : {"propagate", "omit", "raise"}
        As in :func:`ttest_one_sample`.

    Returns
    -------
    EffectSizeResult
        With ``se`` and ``variance`` from the Hedges & Olkin formula whatever ``ci``.
    """
    c, conf, mis = _ci_args(ci, confidence, missing)
    a_s, b_s = _checks.pandas_values(a, "a"), _checks.pandas_values(b, "b")
    r = _core.stats_standardized_mean_difference(a_s, b_s, "none", c, conf, mis)
    _two_groups(a_s, b_s, 1, 3, "the pooled SD")
    return EffectSizeResult(**r)


def hedges_g(a: npt.ArrayLike, b: npt.ArrayLike, *, correction: CorrectionName = "exact",
             ci: CiName = "noncentral_t", confidence: float = 0.95,
             missing: MissingName = "propagate") -> EffectSizeResult:
    """Hedges' g, Cohen's d corrected for its small-sample bias (Hedges 1981): g = J · d.

    Parameters
    ----------
    a, b : array_like
        The two groups, same unit.
    correction : {"exact", "approximate"}
        "exact": J = Γ(df/2) / (√(df/2) Γ((df − 1)/2)); "approximate": J = 1 − 3/(4 df − 1)
        (pingouin's and R effsize's), df = n_a + n_b − 2. They differ by less than 1e-3 for
        df ≥ 10.
    ci : {"noncentral_t", "t", "z"}
        As in :func:`cohen_d`; the noncentral t bounds of d are multiplied by J, and "t"/"z"
        use g in the SE.
    confidence, missing
        As in :func:`cohen_d`.

    Returns
    -------
    EffectSizeResult
        ``j`` holds the correction factor.
    """
    corr = _checks.option(correction, "correction", ("exact", "approximate", "none"),
                          aliases=("approx",))
    if corr == "none":
        raise _invalid("correction", "'exact' or 'approximate' (cohen_d is the uncorrected d)",
                       "'none'")
    c, conf, mis = _ci_args(ci, confidence, missing)
    a_s, b_s = _checks.pandas_values(a, "a"), _checks.pandas_values(b, "b")
    r = _core.stats_standardized_mean_difference(a_s, b_s, corr, c, conf, mis)
    _two_groups(a_s, b_s, 1, 4, "Hedges' J needs df = n_a + n_b - 2 >= 2")
    return EffectSizeResult(**r)


def glass_delta(a: npt.ArrayLike, b: npt.ArrayLike, *, ci: Literal["t", "z"] = "t",
                confidence: float = 0.95, missing: MissingName = "propagate") -> EffectSizeResult:
    """Glass's Δ = (ā − b̄) / s_b: the difference standardized by the SD of the control group
    ``b`` alone (Glass, McGaw & Smith 1981), when the groups' variances differ.

    SE² = (n_a + n_b)/(n_a n_b) + Δ²/(2(n_b − 1)) (Hedges & Olkin 1985); the "t" interval
    uses df = n_b − 1. There is no exact noncentral t interval ("noncentral_t" gives a NaN
    interval with a note).

    Parameters
    ----------
    a, b : array_like
        Treatment and control group, same unit.
    ci : {"t", "z"}
    confidence, missing
        As in :func:`cohen_d`.
    """
    c, conf, mis = _ci_args(ci, confidence, missing)
    a_s, b_s = _checks.pandas_values(a, "a"), _checks.pandas_values(b, "b")
    r = _core.stats_glass_delta(a_s, b_s, c, conf, mis)
    _at_least(a_s, "a", 1, "Glass's delta")
    _at_least(b_s, "b", 2, "the SD of the control group")
    return EffectSizeResult(**r)


def cohen_dz(a: npt.ArrayLike, b: npt.ArrayLike, *, ci: CiName = "noncentral_t",
             confidence: float = 0.95, missing: MissingName = "propagate") -> EffectSizeResult:
    """Cohen's d_z of paired measurements: the mean difference over the SD of the
    differences, d_z = mean(a − b) / s_(a−b) = t / √n (Cohen 1988; Lakens 2013).

    Parameters
    ----------
    a, b : array_like (n,)
        The two measurements of each subject; a pair with a NaN is missing.
    ci : {"noncentral_t", "t", "z"}
        "noncentral_t" (default): invert the noncentral t at the paired t = d_z √n, df n − 1;
        "t" / "z": d_z ± crit · SE, SE² = 1/n + d_z²/(2n).
    confidence, missing
        As in :func:`cohen_d`.
    """
    c, conf, mis = _ci_args(ci, confidence, missing)
    a_s, b_s = _checks.pandas_values(a, "a"), _checks.pandas_values(b, "b")
    r = _core.stats_cohen_dz(a_s, b_s, c, conf, mis)
    _at_least(a_s, "a", 2, "pairs; d_z needs 2")
    return EffectSizeResult(**r)


def cohen_dav(a: npt.ArrayLike, b: npt.ArrayLike, *,
              standardizer: Literal["mean_sd", "rms_sd"] = "mean_sd", confidence: float = 0.95,
              missing: MissingName = "propagate") -> EffectSizeResult:
    """Cohen's d_av of paired measurements: the mean difference over the average SD of the
    two measurements, comparable with a between-groups d (Lakens 2013).

    Parameters
    ----------
    a, b : array_like (n,)
        The two measurements of each subject; a pair with a NaN is missing.
    standardizer : {"mean_sd", "rms_sd"}
        "mean_sd" (default): (s_a + s_b)/2, Lakens (2013) eq. 5; "rms_sd": √((s_a² + s_b²)/2)
        (Cumming 2012; pingouin's paired "cohen").
    confidence, missing
        As in :func:`cohen_d`.

    Returns
    -------
    EffectSizeResult
        With a NaN interval and ``ci_method`` "none": the sampling distribution of d_av
        depends on the correlation of a and b and no exact interval exists. Use a bootstrap
        over the pairs, or report d_z with its exact interval.
    """
    st = _checks.option(standardizer, "standardizer", ("mean_sd", "rms_sd"))
    conf = _checks.confidence(confidence)
    mis = _checks.option(missing, "missing", _MISSING)
    a_s, b_s = _checks.pandas_values(a, "a"), _checks.pandas_values(b, "b")
    r = _core.stats_cohen_dav(a_s, b_s, st, conf, mis)
    _at_least(a_s, "a", 2, "pairs; d_av needs 2")
    return EffectSizeResult(**r)


def smd_from_summary(mean1: float, sd1: float, n1: int, mean2: float, sd2: float, n2: int, *,
                     correction: Literal["exact", "approximate", "none"] = "exact",
                     ci: CiName = "noncentral_t", confidence: float = 0.95) -> EffectSizeResult:
    """Hedges' g (or Cohen's d with ``correction="none"``) from published group summaries,
    with its sampling variance: the input of a meta-analysis.

    s_p² = ((n1 − 1) sd1² + (n2 − 1) sd2²) / (n1 + n2 − 2), d = (mean1 − mean2) / s_p,
    g = J(n1 + n2 − 2) · d; variance = (n1 + n2)/(n1 n2) + es²/(2(n1 + n2)) with es the
    reported value (Hedges & Olkin 1985; metafor's ``escalc("SMD")`` uses the same formula with
    the exact J).

    Parameters
    ----------
    mean1, sd1, n1 : float, float, int
        Mean, sample SD (n − 1) and size of group 1 (the treatment).
    mean2, sd2, n2 : float, float, int
        The same for group 2 (the control).
    correction : {"exact", "approximate", "none"}
        Hedges' J as in :func:`hedges_g`, or none (Cohen's d).
    ci : {"noncentral_t", "t", "z"}
        As in :func:`cohen_d`.
    confidence : float

    Raises
    ------
    hipmech.InvalidArgumentError
        (a ValueError) naming the argument: a non-finite mean or SD, a negative SD, a size
        below 1 or n1 + n2 below 3.
    """
    corr = _checks.option(correction, "correction", ("exact", "approximate", "none"),
                          aliases=("approx",))
    c = _checks.option(ci, "ci", _CIS, aliases=_CI_ALIASES)
    conf = _checks.confidence(confidence)
    return EffectSizeResult(**_core.stats_smd_from_summary(
        _number(mean1, "mean1", "a finite mean"), _number(sd1, "sd1", "a finite SD >= 0"),
        _count(n1, "n1"), _number(mean2, "mean2", "a finite mean"),
        _number(sd2, "sd2", "a finite SD >= 0"), _count(n2, "n2"), corr, c, conf))


def hedges_j(df: float, correction: CorrectionName = "exact") -> float:
    """Hedges' (1981) small-sample correction factor J(df): exact
    Γ(df/2) / (√(df/2) Γ((df − 1)/2)) or approximately 1 − 3/(4 df − 1). NaN for df < 2.

    >>> from hipmech import stats
    >>> round(stats.hedges_j(10), 7), round(stats.hedges_j(10, "approximate"), 7)
    (0.9227456, 0.9230769)
    """
    return float(_core.stats_hedges_j(_number(df, "df", "degrees of freedom"),
                                      _checks.option(correction, "correction",
                                                     ("exact", "approximate", "none"),
                                                     aliases=("approx",))))
