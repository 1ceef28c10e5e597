"""Signal processing for motion data: zero-lag Butterworth filters with Winter's pass
correction, residual analysis for the cut-off, derivatives, gaps, time normalisation.

Every function takes a series ``(n,)``, a trajectory ``(n, 3)`` or channels
``(n_samples, n_channels)`` and works column by column along axis 0; results have the shape
of the input. NaN marks a missing sample (docs: conventions, "Missing data"): filters refuse it
unless asked to filter each gap-free run, derivatives and normalisation give NaN where they
need a missing sample, and only :func:`fill_gaps` fills anything.

>>> import numpy as np, hipmech.signal as hs
>>> x = np.sin(np.linspace(0, 6, 200)) + 0.01 * np.cos(np.arange(200) * 2.5)
>>> y = hs.lowpass(x, rate_hz=100.0, cutoff_hz=6.0)
>>> y.shape
(200,)
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, Iterator, Sequence

import numpy as np

from . import _core, _results
from ._args import flag, integer_value, real_array, real_number
from ._errors import InvalidArgumentError


def _hz(value: Any, arg: str) -> float:
    """A rate or cut-off [Hz]: a finite real number (the core checks its range)."""
    return real_number(value, arg, "a finite frequency [Hz]", finite=True)

__all__ = [
    "FilledGaps",
    "Gap",
    "ResidualAnalysis",
    "ShortRunWarning",
    "butter",
    "corrected_cutoff_hz",
    "derivative",
    "fill_gaps",
    "filtfilt",
    "find_gaps",
    "highpass",
    "lowpass",
    "pass_correction_factor",
    "residual_analysis",
    "sosfiltfilt",
    "time_normalise",
    "zero_lag_filter",
]


class ShortRunWarning(UserWarning):
    """With ``nan="runs"``, some gap-free runs were too short to filter and were left NaN."""


@dataclass(frozen=True)
class Gap:
    """A run of missing frames: frames ``first`` to ``stop - 1`` (0-based).

    ``channel`` is the column, or None when whole frames are missing (a frame of a trajectory
    is missing when any coordinate is NaN). ``leading``/``trailing``: the gap touches the
    first/last frame, so there is nothing to interpolate from on that side. ``filled``: set by
    :func:`fill_gaps`.
    """

    first: int
    length: int
    channel: int | None = None
    leading: bool = False
    trailing: bool = False
    filled: bool = False

    @property
    def stop(self) -> int:
        """One past the last missing frame."""
        return self.first + self.length

    @property
    def interior(self) -> bool:
        """True when there are valid frames on both sides."""
        return not (self.leading or self.trailing)


def _gaps(raw: list[dict[str, Any]]) -> list[Gap]:
    return [Gap(**g) for g in raw]


@dataclass
class FilledGaps:
    """What :func:`fill_gaps` returns: ``values`` (shape of the input) and every gap found.

    Unpacks as ``values, gaps = fill_gaps(...)``.
    """

    values: np.ndarray
    gaps: list[Gap] = field(default_factory=list)

    @property
    def unfilled(self) -> list[Gap]:
        """Gaps left NaN (too long, or at the start or end)."""
        return [g for g in self.gaps if not g.filled]

    def __iter__(self) -> Iterator[Any]:
        return iter((self.values, self.gaps))


@dataclass
class ResidualAnalysis:
    """Result of :func:`residual_analysis` (Winter 2009, section 3.4.4.3).

    For an ``(n,)`` input ``residuals`` is ``(n_cutoffs,)`` and ``intercept``, ``slope`` and
    ``cutoff_hz`` are floats; for ``(n, k)`` they are ``(n_cutoffs, k)`` and ``(k,)`` arrays.
    """

    cutoffs_hz: np.ndarray  #: grid of cut-offs [Hz]
    residuals: Any  #: R(fc), unit of the data
    intercept: Any  #: noise line at 0 Hz (estimates the noise SD), unit of the data
    slope: Any  #: slope of the noise line [unit / Hz]
    cutoff_hz: Any  #: chosen cut-off [Hz]; NaN where R never reaches the intercept
    fit_range_hz: tuple[float, float]  #: cut-offs the line was fitted to [Hz]
    order: int = 2
    pass_correction: bool = False

    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html


def butter(order: int, cutoff_hz: float, rate_hz: float, btype: str = "lowpass",
           output: str = "ba") -> Any:
    """Digital Butterworth filter of one pass by the bilinear transform.

    The same coefficients as ``scipy.signal.butter(order, cutoff_hz / (rate_hz / 2), btype,
    output=output)``.

    Parameters
    ----------
    order : int
        N, 1 to 20.
    cutoff_hz : float
        -3 dB frequency of the pass [Hz], 0 < cutoff_hz < rate_hz / 2.
    rate_hz : float
        Sampling rate [Hz].
    btype : {"lowpass", "highpass"}
    output : {"ba", "sos"}

    Returns
    -------
    (b, a) or sos : numpy.ndarray
    """
    args = (integer_value(order, "order"), _hz(cutoff_hz, "cutoff_hz"), _hz(rate_hz, "rate_hz"),
            btype)
    if output == "ba":
        return _core.signal_butter(*args)
    if output == "sos":
        return _core.signal_butter_sos(*args)
    raise InvalidArgumentError(f"argument 'output': expected 'ba' or 'sos', got {output!r}",
                               "output", "'ba' or 'sos'", repr(output))


def filtfilt(b: Any, a: Any, data: Any) -> np.ndarray:
    """Zero-phase filtering along axis 0, ``scipy.signal.filtfilt(b, a, data, axis=0)``."""
    return _core.signal_filtfilt(b, a, data)


def sosfiltfilt(sos: Any, data: Any) -> np.ndarray:
    """Zero-phase filtering along axis 0, ``scipy.signal.sosfiltfilt(sos, data, axis=0)``."""
    return _core.signal_sosfiltfilt(sos, data)


def pass_correction_factor(order: int = 2, n_passes: int = 2) -> float:
    """Winter's pass correction C = (2**(1/n_passes) - 1)**(1/(2*order)).

    0.802 for the second-order filter run twice (Winter 2009, section 3.4.4.2).
    """
    return _core.signal_pass_correction_factor(integer_value(order, "order"),
                                               integer_value(n_passes, "n_passes"))


def corrected_cutoff_hz(cutoff_hz: float, rate_hz: float, order: int = 2,
                        btype: str = "lowpass", n_passes: int = 2) -> float:
    """Design cut-off of one pass [Hz] so that ``n_passes`` passes are -3 dB at ``cutoff_hz``.

    Corrected in the bilinear-warped domain: tan(pi fc_design / fs) = tan(pi cutoff_hz / fs) / C
    (low-pass; times C for a high-pass), C = :func:`pass_correction_factor`.
    """
    return _core.signal_corrected_cutoff_hz(_hz(cutoff_hz, "cutoff_hz"), _hz(rate_hz, "rate_hz"),
                                            integer_value(order, "order"), btype,
                                            integer_value(n_passes, "n_passes"))


def zero_lag_filter(data: Any, rate_hz: float, cutoff_hz: float, order: int = 2,
                    btype: str = "lowpass", pass_correction: bool = False, nan: str = "error",
                    form: str = "ba") -> dict[str, Any]:
    """Zero-lag Butterworth filter with its report (see :func:`lowpass`).

    Returns
    -------
    dict
        ``values`` (shape of data), ``design_cutoff_hz``, ``b``, ``a``, ``sos`` (or None),
        ``unfiltered`` (list of :class:`Gap`: runs too short to filter, left NaN).
    """
    r = _core.signal_zero_lag_butterworth(data, _hz(rate_hz, "rate_hz"),
                                          _hz(cutoff_hz, "cutoff_hz"),
                                          integer_value(order, "order"), btype,
                                          flag(pass_correction, "pass_correction"), nan, form)
    r["unfiltered"] = _gaps(r["unfiltered"])
    return r


def _filter(data: Any, rate_hz: float, cutoff_hz: float, order: int, btype: str,
            pass_correction: bool, nan: str, form: str) -> np.ndarray:
    r = zero_lag_filter(data, rate_hz, cutoff_hz, order, btype, pass_correction, nan, form)
    if r["unfiltered"]:
        listed = ", ".join(
            f"channel {g.channel} frames {g.first}-{g.stop - 1}" for g in r["unfiltered"][:10])
        warnings.warn(
            f"{len(r['unfiltered'])} gap-free run(s) shorter than the filter's padding were left "
            f"NaN ({listed}{', ...' if len(r['unfiltered']) > 10 else ''})",
            ShortRunWarning, stacklevel=3)
    return r["values"]


def lowpass(data: Any, rate_hz: float, cutoff_hz: float, order: int = 2,
            pass_correction: bool = False, nan: str = "error", form: str = "ba") -> np.ndarray:
    """Zero-lag (forward-backward) Butterworth low-pass along axis 0.

    Without pass correction this is exactly
    ``scipy.signal.filtfilt(*scipy.signal.butter(order, cutoff_hz / (rate_hz / 2)), data,
    axis=0)`` (odd padding of 3 * (order + 1) samples, lfilter_zi initial conditions).

    Parameters
    ----------
    data : array_like, shape (n,), (n, 3) or (n_samples, n_channels)
        Any unit; filtered column by column.
    rate_hz : float
        Sampling rate [Hz].
    cutoff_hz : float
        Cut-off [Hz], 0 < cutoff_hz < rate_hz / 2. Without pass correction the -3 dB point of
        ONE pass (the zero-lag result is -6 dB there); with it, the -3 dB point of the
        zero-lag filter as a whole.
    order : int
        N of one pass (scipy's N). The zero-lag filter's amplitude response is ``|H|^2``: it rolls
        off like an order-2N filter. Winter's "4th-order zero-lag" filter is order=2.
    pass_correction : bool
        Correct the design cut-off for the two passes (Winter 2009, section 3.4.4.2):
        fc_design = (rate/pi) atan(tan(pi cutoff/rate) / C), C = (2**(1/2) - 1)**(1/(2 order)).
    nan : {"error", "runs"}
        "error": NaN raises :class:`hipmech.InvalidArgumentError` listing the gaps. "runs":
        every gap-free run of every column is filtered on its own; NaN stays NaN; runs of at
        most 3 * (order + 1) samples cannot be padded and are left NaN, with a
        :class:`ShortRunWarning`.
    form : {"ba", "sos"}
        Transfer function (scipy.signal.filtfilt, the default) or second-order sections
        (scipy.signal.sosfiltfilt; robust at high order and low cut-off).

    Returns
    -------
    numpy.ndarray
        Same shape as data, float64.

    Raises
    ------
    InvalidArgumentError
        (a ValueError) naming ``data``, ``rate_hz``, ``cutoff_hz``, ``order``, ``nan`` or
        ``form``.
    NumericalError
        form="ba" at an order and cut-off where the transfer function loses digits.
    """
    return _filter(data, rate_hz, cutoff_hz, order, "lowpass", pass_correction, nan, form)


def highpass(data: Any, rate_hz: float, cutoff_hz: float, order: int = 2,
             pass_correction: bool = False, nan: str = "error", form: str = "ba") -> np.ndarray:
    """Zero-lag Butterworth high-pass; parameters as :func:`lowpass`.

    With pass correction the design cut-off is lowered: tan(pi fc_design / fs) =
    C tan(pi cutoff_hz / fs).
    """
    return _filter(data, rate_hz, cutoff_hz, order, "highpass", pass_correction, nan, form)


def residual_analysis(data: Any, rate_hz: float, cutoffs_hz: Any = None, order: int = 2,
                      pass_correction: bool = False,
                      fit_range_hz: tuple[float, float] | None = None,
                      form: str = "ba") -> ResidualAnalysis:
    """Choose a low-pass cut-off by residual analysis (Winter 2009, section 3.4.4.3).

    For each cut-off fc the residual R(fc) = sqrt(mean((x - lowpass(x, fc))**2)); a straight
    line is fitted (least squares) to R over ``fit_range_hz``, where only noise is left; its
    value at 0 Hz, the intercept, estimates the noise's standard deviation; the chosen cut-off
    is where R(fc) first falls to the intercept (linear interpolation between grid points).

    Parameters
    ----------
    data : array_like, shape (n,) or (n, k)
        Finite (fill gaps first).
    rate_hz : float
        Sampling rate [Hz].
    cutoffs_hz : array_like, optional
        Increasing cut-offs [Hz]; default rate_hz/200 to 0.4 rate_hz in steps of rate_hz/200.
    order, pass_correction, form
        As in :func:`lowpass`.
    fit_range_hz : (float, float), optional
        Cut-offs the noise line is fitted to [Hz]; default (0.15, 0.35) * rate_hz.

    Returns
    -------
    ResidualAnalysis
    """
    if fit_range_hz is None:
        lo, hi = np.nan, np.nan
    else:
        lo, hi = _pair_hz(fit_range_hz, "fit_range_hz")
    order = integer_value(order, "order")
    pass_correction = flag(pass_correction, "pass_correction")
    r = _core.signal_residual_analysis(data, _hz(rate_hz, "rate_hz"), cutoffs_hz, order,
                                       pass_correction, lo, hi, form)
    one_d = np.ndim(data) == 1
    chosen = r["cutoff_hz"]
    if np.isnan(chosen).any():
        warnings.warn("residual analysis: the residual never falls to the noise intercept "
                      "inside the grid for some channel(s); their cut-off is NaN",
                      RuntimeWarning, stacklevel=2)
    return ResidualAnalysis(
        cutoffs_hz=r["cutoffs_hz"],
        residuals=r["residuals"][:, 0] if one_d else r["residuals"],
        intercept=float(r["intercept"][0]) if one_d else r["intercept"],
        slope=float(r["slope"][0]) if one_d else r["slope"],
        cutoff_hz=float(chosen[0]) if one_d else chosen,
        fit_range_hz=(r["fit_from_hz"], r["fit_to_hz"]),
        order=order,
        pass_correction=pass_correction,
    )


def _pair_hz(value: Any, arg: str) -> tuple[float, float]:
    """(from, to) [Hz]: two finite real numbers."""
    expected = "a (from, to) pair of frequencies [Hz]"
    v = real_array(value, arg, expected, ndim=1, finite=True)
    if v.shape != (2,):
        raise InvalidArgumentError(f"argument {arg!r}: expected {expected}, got shape {v.shape}",
                                   arg, expected, f"shape {v.shape}")
    return float(v[0]), float(v[1])


def derivative(data: Any, rate_hz: float, order: int = 1) -> np.ndarray:
    """First or second time derivative by central differences along axis 0.

    Interior: (x[i+1] - x[i-1]) / (2h) and (x[i+1] - 2 x[i] + x[i-1]) / h**2, h = 1/rate_hz.
    Ends: second-order one-sided differences ((-3 x0 + 4 x1 - x2) / (2h), equal to
    ``numpy.gradient(x, h, edge_order=2)``; (2 x0 - 5 x1 + 4 x2 - x3) / h**2). A value whose
    formula needs a missing (NaN) sample is NaN.

    Parameters
    ----------
    data : array_like, shape (n,) or (n, k) [unit]
    rate_hz : float
        Sampling rate [Hz].
    order : {1, 2}

    Returns
    -------
    numpy.ndarray
        Same shape [unit / s**order].
    """
    return _core.signal_derivative(data, _hz(rate_hz, "rate_hz"), integer_value(order, "order"))


def find_gaps(data: Any, per_channel: bool = False) -> list[Gap]:
    """Runs of missing (NaN) frames.

    Parameters
    ----------
    data : array_like, shape (n,) or (n, k)
    per_channel : bool
        False: a frame is missing when any column is NaN (trajectories); True: each column's
        gaps, with ``Gap.channel`` set.

    Returns
    -------
    list of Gap
        In frame order (column order first when per_channel).
    """
    return _gaps(_core.signal_find_gaps(data, flag(per_channel, "per_channel")))


def fill_gaps(data: Any, method: str = "linear", *, max_gap: int,
              per_channel: bool = False) -> FilledGaps:
    """Fill interior gaps of at most ``max_gap`` frames; never extrapolate.

    ``method="linear"``: the straight line between the frames on each side of the gap (as
    ``numpy.interp`` over the valid frames). ``method="cubic"``: the not-a-knot cubic spline
    through every valid frame of the column, evaluated in the gaps (as
    ``scipy.interpolate.CubicSpline(valid_frames, valid_values)``, whose default boundary
    condition is not-a-knot). Longer gaps and gaps touching the first or last frame stay NaN.
    Without ``per_channel`` a frame with any NaN coordinate is missing as a whole, and its
    remaining coordinates are interpolated too.

    Parameters
    ----------
    data : array_like, shape (n,) or (n, k)
    method : {"linear", "cubic"}
    max_gap : int
        Longest gap to fill [frames]; required, because how long a gap may be bridged is a
        decision about the data (e.g. 10 frames = 0.1 s at 100 Hz).
    per_channel : bool

    Returns
    -------
    FilledGaps
        ``values`` (same shape) and ``gaps`` (every gap, with ``filled``).
    """
    values, gaps = _core.signal_fill_gaps(data, method, integer_value(max_gap, "max_gap"),
                                          flag(per_channel, "per_channel"))
    return FilledGaps(values=values, gaps=_gaps(gaps))


def time_normalise(data: Any, begin: Any, end: float | None = None,
                   n_points: int = 101) -> np.ndarray:
    """Resample a cycle to ``n_points`` points from 0 to 100 % by linear interpolation.

    Parameters
    ----------
    data : array_like, shape (n,) or (n, k)
    begin : float or sequence of (begin, end) pairs
        First frame of the cycle (0-based; fractional values such as event times x rate are
        allowed), or a list of cycles.
    end : float, optional
        Last frame of the cycle (required unless ``begin`` is a list of cycles).
    n_points : int
        Points per cycle (101: every 1 %).

    Returns
    -------
    numpy.ndarray
        (n_points,) or (n_points, k) for one cycle; (n_cycles, n_points[, k]) for a list.
        A point is NaN when a frame it interpolates from is NaN.
    """
    n_points = integer_value(n_points, "n_points")
    if end is None:
        if begin is None or np.ndim(begin) != 2 or np.shape(begin)[1] != 2:
            raise InvalidArgumentError(
                "argument 'begin': expected a frame index (with 'end') or a list of "
                f"(begin, end) pairs, got {begin!r}", "begin",
                "a frame index (with 'end') or a list of (begin, end) pairs", repr(begin))
        pairs = real_array(begin, "begin", "a list of (begin, end) pairs of frames", ndim=2,
                           finite=True)
        cycles: Sequence[tuple[float, float]] = [(float(b), float(e)) for b, e in pairs]
        return _core.signal_time_normalise_cycles(data, cycles, n_points)
    return _core.signal_time_normalise(
        data, real_number(begin, "begin", "a frame index", finite=True),
        real_number(end, "end", "a frame index", finite=True), n_points)
