"""hipmech.stats, part "bootstrap" (re-exported by hipmech.stats).

Nonparametric bootstrap confidence intervals (percentile and BCa) of a statistic of one or more
samples, with seeded resampling that gives the same resamples on every platform (docs:
stats-bootstrap). The resampling loop runs in C++ (include/hipmech/stats/bootstrap.hpp).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence, Union

import numpy as np
import numpy.typing as npt

from .. import _core
from .._args import invalid_argument as _invalid
from . import _checks

__all__ = [
    "BOOTSTRAP_STATISTICS",
    "BootstrapInterval",
    "BootstrapResult",
    "bootstrap",
    "bootstrap_indices",
    "bootstrap_interval",
]

#: The statistics :func:`bootstrap` computes in C++ by name. Each ICC form is also accepted
#: under its McGraw & Wong name ("ICC(A,1)" is "ICC(2,1)", "ICC(C,k)" is "ICC(3,k)", "ICC(1)"
#: is "ICC(1,1)", "ICC(k)" is "ICC(1,k)").
BOOTSTRAP_STATISTICS: tuple = ("mean", "median", "sd", "mean_difference", "cohen_d",
                               "hedges_g", "cohen_dz", "ICC(1,1)",
                               "ICC(2,1)", "ICC(3,1)", "ICC(1,k)", "ICC(2,k)", "ICC(3,k)")

_SEED_LIMIT = 1 << 64


@dataclass(frozen=True)
class BootstrapResult:
    """Result of :func:`bootstrap`: a confidence interval with everything needed to report and
    reproduce it.

    Attributes
    ----------
    statistic : str
        The statistic's canonical name ("ICC(2,1)" for "ICC(A,1)"), or the callable's name.
    estimate : float
        The statistic on the data.
    ci_low, ci_high : float
        The interval; NaN when it is undefined (``note`` says why).
    ci_method : str
        The interval method (the ``method`` argument): "BCa" or "percentile".
    confidence : float
        Two-sided confidence level.
    n_resamples : int
        Number of resamples B, non-finite replicates included.
    seed : int
        The seed of the resampling (the one drawn when ``seed=None`` was passed).
    se : float
        Bootstrap standard error: SD of the finite replicates (B − 1 denominator).
    bias : float
        Mean of the finite replicates minus the estimate.
    z0 : float
        Bias correction Φ⁻¹(p), p the proportion of replicates below the estimate, ties
        counting one half (also given for the percentile method).
    acceleration : float
        BCa acceleration from the jackknife (NaN for the percentile method).
    level_low, level_high : float
        Quantile levels of the two ends: (1 − confidence)/2 and its complement for the
        percentile method, the adjusted levels α1, α2 for BCa.
    n_nonfinite : int
        Replicates whose statistic was NaN or infinite (degenerate resamples), left out.
    note : str
        What was left out and why a field is NaN; empty when everything is defined.
    distribution : numpy.ndarray or None
        (n_resamples,) replicates in resample order (non-finite ones included), with
        ``return_distribution=True``.
    jackknife : tuple of numpy.ndarray or None
        BCa jackknife values, one (n_j,) array per sample (row i of sample j left out), with
        ``return_distribution=True``.
    """

    statistic: str
    estimate: float
    ci_low: float
    ci_high: float
    ci_method: str
    confidence: float
    n_resamples: int
    seed: int
    se: float
    bias: float
    z0: float
    acceleration: float
    level_low: float
    level_high: float
    n_nonfinite: int
    note: str
    distribution: Optional[np.ndarray] = None
    jackknife: Optional[tuple] = None

    @property
    def ci(self) -> tuple[float, float]:
        """(ci_low, ci_high)."""
        return (self.ci_low, self.ci_high)


@dataclass(frozen=True)
class BootstrapInterval:
    """Result of :func:`bootstrap_interval`.

    Attributes
    ----------
    ci_low, ci_high : float
        The interval; NaN when undefined (``note`` says why).
    ci_method : str
        The interval method (the ``method`` argument): "BCa" or "percentile".
    confidence : float
    level_low, level_high : float
        Quantile levels of the two ends (α, 1 − α or the BCa levels α1, α2).
    z0, acceleration : float
        BCa bias correction and acceleration (acceleration NaN for the percentile method).
    se, bias : float
        SD (B − 1) of the finite replicates and their mean minus the estimate.
    n_used, n_nonfinite : int
        Finite replicates used and non-finite ones left out.
    note : str
    """

    ci_low: float
    ci_high: float
    ci_method: str
    confidence: float
    level_low: float
    level_high: float
    z0: float
    acceleration: float
    se: float
    bias: float
    n_used: int
    n_nonfinite: int
    note: str

    @property
    def ci(self) -> tuple[float, float]:
        """(ci_low, ci_high)."""
        return (self.ci_low, self.ci_high)


def _int_arg(value: Any, arg: str) -> int:
    return _checks.integer(value, arg, "an integer")


_METHODS = ("bca", "percentile")


def _seed_arg(seed: Any) -> int:
    if seed is None:
        return secrets.randbits(64)
    s = _int_arg(seed, "seed")
    if not 0 <= s < _SEED_LIMIT:
        raise _invalid("seed", "an integer in [0, 2**64) or None", repr(s))
    return s


def bootstrap(statistic: Union[str, Callable[..., float]], *samples: npt.ArrayLike,
              n_resamples: int = 10_000, confidence: float = 0.95, method: str = "bca",
              seed: Optional[int] = 0, return_distribution: bool = False) -> BootstrapResult:
    """Bootstrap confidence interval of a statistic of one or more samples.

    Each resample draws the rows of every sample with replacement, independently of the other
    samples (Efron & Tibshirani 1993): two independent groups are two samples; paired data
    (pre/post, left/right, the raters of a subject) are one sample with several columns whose
    rows are resampled whole. The interval is the percentile interval or the bias-corrected and
    accelerated (BCa) interval of Efron (1987), with the jackknife acceleration (several
    samples: each sample's rows left out in turn, as scipy.stats.bootstrap does).

    Parameters
    ----------
    statistic : str or callable
        A name computed entirely in C++ (see :data:`BOOTSTRAP_STATISTICS`):

        - "mean", "median", "sd" (n − 1): one sample, shape (n,);
        - "mean_difference": mean(a) − mean(b) of two samples, or the paired mean difference
          mean(x[:, 0] − x[:, 1]) of one (n, 2) sample;
        - "cohen_d" (pooled SD), "hedges_g" (exact J): two samples (a, b), as
          :func:`cohen_d` and :func:`hedges_g`; "cohen_dz": one (n, 2) paired sample, as
          :func:`cohen_dz` — the bootstrap CI the analytic methods do not give for d_av can be
          had with a callable;
        - "ICC(1,1)", "ICC(2,1)", "ICC(3,1)", "ICC(1,k)", "ICC(2,k)", "ICC(3,k)" or the
          McGraw & Wong names ("ICC(A,1)", "ICC(C,1)", ...): one (n targets, k raters) sample.

        Or a Python callable ``f(*resampled_samples) -> float``. It receives new arrays shaped
        like the samples, resampled with exactly the indices of :func:`bootstrap_indices` for
        the same seed, so a callable equal to a named statistic gives the same result up to
        floating-point rounding of the statistic itself. It is called ``n_resamples`` times
        (then once per row of each sample for BCa), with the GIL held.
    *samples : array_like
        One or more samples, each (n,) or (n, k), finite values. NaN is an error naming the
        sample: resampling would spread a missing value through the resamples, so incomplete
        rows must be dropped (or imputed) first.
    n_resamples : int
        Number of resamples B, 1 to 10**8 (BCa: at least 100; 1000 to 10000 recommended).
    confidence : float
        Two-sided confidence level, strictly between 0 and 1.
    method : {"bca", "percentile"}
        Interval method (case-insensitive).
    seed : int or None
        Seed of the resampling, 0 to 2**64 − 1: the same seed gives the same resamples and the
        same interval on every platform (mt19937_64 and Lemire's bounded integers). None draws
        a fresh seed, reported in the result.
    return_distribution : bool
        Keep the replicates and the jackknife values in the result.

    Returns
    -------
    BootstrapResult
        Replicates whose statistic is NaN or infinite (degenerate resamples) are left out of the
        interval, the SE and the bias, and counted in ``n_nonfinite`` with a ``note``.

    Raises
    ------
    hipmech.InvalidArgumentError
        (a ValueError) naming the argument: an unknown statistic name or one that is neither
        a string nor callable, a sample of the wrong shape for the statistic, NaN or infinity
        in a sample, no sample, ``n_resamples`` or ``seed`` not an integer or out of range,
        ``confidence`` not a number in (0, 1), ``method`` not a string or unknown,
        ``return_distribution`` not a bool.
    TypeError
        The callable returns something that is not a number.

    Examples
    --------
    >>> import numpy as np
    >>> from hipmech.stats import bootstrap
    >>> x = np.array([12.1, 14.3, 11.8, 15.2, 13.9, 12.7, 14.8, 13.1, 12.4, 15.6])
    >>> r = bootstrap("mean", x, n_resamples=2000, seed=1)
    >>> r.ci_method, round(r.estimate, 2), r.ci_low < r.estimate < r.ci_high
    ('BCa', 13.59, True)
    """
    n_resamples = _int_arg(n_resamples, "n_resamples")
    confidence = _checks.confidence(confidence)
    method = _checks.option(method, "method", _METHODS, ignore_case=True)
    seed = _seed_arg(seed)
    return_distribution = _checks.flag(return_distribution, "return_distribution")
    if not samples:
        raise _invalid("samples", "at least one sample after the statistic", "none")
    args = (list(samples), n_resamples, confidence, method, seed, bool(return_distribution))
    if isinstance(statistic, str):
        d = _core.stats_bootstrap(statistic, *args)
    elif callable(statistic):
        d = _core.stats_bootstrap_callable(statistic, *args)
    else:
        raise _invalid("statistic", "a statistic name (str) or a callable", repr(statistic))
    if d["jackknife"] is not None:
        d["jackknife"] = tuple(d["jackknife"])
    return BootstrapResult(**d)


def bootstrap_indices(sizes: Union[int, Sequence[int]], n_resamples: int = 10_000,
                      seed: int = 0) -> list:
    """The row indices :func:`bootstrap` draws for samples of ``sizes`` rows with ``seed``.

    Parameters
    ----------
    sizes : int or sequence of int
        Row count of each sample (an int: one sample).
    n_resamples : int
    seed : int
        0 to 2**64 − 1.

    Returns
    -------
    list of numpy.ndarray
        One (n_resamples, n_j) int64 array per sample: row b holds the rows of sample j that
        make up resample b, so ``sample[idx[j][b]]`` is sample j in resample b. A longer run
        starts with the same resamples.
    """
    if isinstance(sizes, (int, np.integer)) and not isinstance(sizes, bool):
        sizes = [sizes]
    expected = "an integer or a sequence of integers"
    if isinstance(sizes, (str, bytes)):
        raise _invalid("sizes", expected, repr(sizes))
    try:
        size_list = [_checks.integer(s, "sizes", expected) for s in sizes]
    except TypeError:
        raise _invalid("sizes", expected, repr(sizes)) from None
    return list(_core.stats_bootstrap_indices(size_list, _int_arg(n_resamples, "n_resamples"),
                                              _seed_arg(seed)))


def bootstrap_interval(estimate: float, distribution: npt.ArrayLike,
                       jackknife: Optional[Union[npt.ArrayLike, Sequence[npt.ArrayLike]]] = None,
                       confidence: float = 0.95, method: str = "bca") -> BootstrapInterval:
    """Percentile or BCa interval from a bootstrap distribution (for replicates computed
    elsewhere, or to recompute an interval at another level without resampling again).

    Parameters
    ----------
    estimate : float
        The statistic on the data.
    distribution : array_like (B,)
        The statistic of each resample; NaN and infinite replicates are left out and counted.
    jackknife : array_like (n,) or sequence of array_like, optional
        For BCa: the statistic with each row left out, one array per sample (for several
        samples, row i of sample j left out with the other samples whole). A single 1-D array
        is one sample.
    confidence : float
    method : {"bca", "percentile"}

    Returns
    -------
    BootstrapInterval
        Percentile: the (1 − confidence)/2 and (1 + confidence)/2 quantiles of the finite
        replicates by linear interpolation (numpy's default). BCa: the quantiles at
        α1,2 = Φ(z0 + (z0 + z)/(1 − a (z0 + z))), z = Φ⁻¹((1 ∓ confidence)/2), see
        docs/stats-bootstrap.
    """
    estimate = _checks.number(estimate, "estimate", "the statistic on the data (a finite number)",
                              finite=True)
    confidence = _checks.confidence(confidence)
    method = _checks.option(method, "method", _METHODS, ignore_case=True)
    jack = None
    if jackknife is not None:
        expected = "an array of numbers or a sequence of arrays (one per sample)"
        if isinstance(jackknife, (str, bytes)):
            raise _invalid("jackknife", expected, repr(jackknife))
        if isinstance(jackknife, np.ndarray) and jackknife.ndim == 1:
            jack = [jackknife]
        elif isinstance(jackknife, (list, tuple)) and jackknife and all(
                np.ndim(v) == 0 for v in jackknife):
            try:
                jack = [np.asarray([_checks.number(v, "jackknife", expected)
                                    for v in jackknife], dtype=float)]
            except ValueError:
                raise _invalid("jackknife", expected, repr(jackknife)) from None
        else:
            try:
                jack = list(jackknife)
            except TypeError:
                raise _invalid("jackknife", expected, repr(jackknife)) from None
    d = _core.stats_bootstrap_interval(estimate, distribution, jack, confidence, method)
    return BootstrapInterval(**d)
