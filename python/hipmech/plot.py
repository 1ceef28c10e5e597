"""matplotlib figures for gait curves, asymmetry and agreement (docs: plot).

- :func:`gait_curves`: curves time-normalised to 0-100 % of the gait cycle (101 points), mean
  and -/+ 1 SD band per side, stance shaded from 0 % to the side's foot off.
- :func:`gait_curve_panel`: a grid of :func:`gait_curves`, one panel per quantity.
- :func:`asymmetry_bars`: a horizontal bar per metric (symmetry index, symmetry angle...) with
  its confidence interval, a zero line and optional -/+ threshold lines.
- :func:`bland_altman`: the Bland-Altman plot of a :func:`hipmech.stats.bland_altman` result
  (or of two arrays): differences against pair means, bias, limits of agreement and their CIs.
- :func:`spm`: a :mod:`hipmech.spm` result: the curves' mean ± SD above the SPM{t}/SPM{F}
  field with its threshold and shaded clusters (p values written).

matplotlib is an optional dependency (``pip install 'hipmech[plot]'``): this module imports it
inside the functions, so ``import hipmech.plot`` works without it and a call raises ImportError
saying what to install. Every function draws on ``ax`` when given (else on a new pyplot
figure), returns the Axes (the Figure for :func:`gait_curve_panel` and :func:`spm`), never
calls ``plt.show()`` and never changes rcParams.

Sides look the same in every figure: left ``LEFT_COLOR`` (red, #d62728) with a solid line,
right ``RIGHT_COLOR`` (green, #2ca02c) with a dashed line, the gait-lab convention (left red,
right green; docs: report, "Figures", for the sources). Red against green is the pair that readers
with red-green colour-vision deficiency (deuteranopia, protanopia) and greyscale prints cannot
tell apart, so the line style carries the side too, and the legend names both (``left (solid,
n=5)``). ``colors=`` and ``linestyles=`` override them.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any, Optional

import numpy as np

from ._args import invalid_argument, real_numbers
from ._core import Side, parse_side

__all__ = [
    "COLORS",
    "LEFT_COLOR",
    "LINESTYLES",
    "NORMATIVE_COLOR",
    "N_POINTS",
    "RIGHT_COLOR",
    "STRIDE_BAND_LABEL",
    "asymmetry_bars",
    "bland_altman",
    "gait_curve_panel",
    "gait_curves",
    "spm",
]

#: Colour of the left side in every figure (matplotlib's "tab:red"; gait-lab convention).
LEFT_COLOR = "#d62728"
#: Colour of the right side in every figure (matplotlib's "tab:green"; gait-lab convention).
RIGHT_COLOR = "#2ca02c"
#: Side name -> colour.
COLORS = {"left": LEFT_COLOR, "right": RIGHT_COLOR}
#: Side name -> line style of its mean curve: the side stays legible without colour.
LINESTYLES = {"left": "-", "right": "--"}
#: Colour of a normative corridor (light grey, behind the sides' colours).
NORMATIVE_COLOR = "0.8"
#: Samples per time-normalised cycle: 0, 1, ..., 100 % of the gait cycle.
N_POINTS = 101

#: Colour of the Bland-Altman bias line and its CI (not a side: matplotlib's "tab:blue").
_BIAS_COLOR = "#1f77b4"

_NEED_MATPLOTLIB = "hipmech.plot needs matplotlib: pip install 'hipmech[plot]'"
_SIDES = ("left", "right")
_BAND_ALPHA = 0.25
#: Fill of each side's measurement band (gait_curves): lighter than the between-stride band,
#: which stays visible through it; its edges are thin lines in the side's colour and line
#: style, so that where the two sides' bands overlap both outlines stay visible.
_MEASUREMENT_ALPHA = 0.10
_MEASUREMENT_EDGE_LW = 0.8
#: Legend text of the between-stride band when a measurement band is drawn too.
STRIDE_BAND_LABEL = "between strides ±1 SD"
_STANCE_ALPHA = 0.08


# ---- helpers ---------------------------------------------------------------------------------

def _matplotlib() -> Any:
    """The matplotlib module, or ImportError saying how to install it."""
    try:
        import matplotlib
        import matplotlib.colors  # noqa: F401  (is_color_like)
    except ImportError as exc:
        raise ImportError(_NEED_MATPLOTLIB) from exc
    return matplotlib


def _new_axes(ax: Any) -> Any:
    """``ax`` checked to be a matplotlib Axes, or a new pyplot figure's Axes when None."""
    _matplotlib()
    from matplotlib.axes import Axes

    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
        return ax
    if not isinstance(ax, Axes):
        raise _type_error("ax", "a matplotlib Axes or None",
                          f"an object of type {type(ax).__name__}")
    return ax


def _type_error(arg: str, expected: str, got: str) -> TypeError:
    """A TypeError in the core's message form ``argument 'NAME': expected WHAT, got WHAT``."""
    return TypeError(f"argument {arg!r}: expected {expected}, got {got}")


def _side_key(key: Any, arg: str) -> str:
    """'left' or 'right' from a mapping key (a hipmech.Side or a side name)."""
    if not isinstance(key, (str, Side)):
        raise _type_error(arg, "keys 'left'/'right' (or hipmech.Side)",
                          f"a key of type {type(key).__name__}")
    return "left" if parse_side(key, arg) == Side.LEFT else "right"


def _side_mapping(value: Any, arg: str) -> dict[str, Any]:
    """A mapping keyed by side, re-keyed 'left'/'right' (each side at most once)."""
    if not isinstance(value, Mapping):
        raise _type_error(arg, "a mapping {'left': ..., 'right': ...}",
                          f"an object of type {type(value).__name__}")
    out: dict[str, Any] = {}
    for key, v in value.items():
        side = _side_key(key, arg)
        if side in out:
            raise invalid_argument(arg, "each side at most once", f"two keys for the {side} side")
        out[side] = v
    return out


def _float_array(value: Any, arg: str, what: str) -> np.ndarray:
    """``value`` as a float array (masked entries become NaN); TypeError naming ``arg`` when it
    is not numeric."""
    if isinstance(value, (str, bytes)) or value is None:
        raise _type_error(arg, what, repr(value))
    kind = value.dtype.kind if isinstance(value, np.ndarray) else None
    if kind in ("b", "c"):  # float() would make True 1.0 and drop an imaginary part
        raise invalid_argument(arg, f"real numbers (float64) in {what}", f"dtype {value.dtype}")
    if kind == "O" or kind is None:
        for x in np.ravel(np.asarray(value, dtype=object)):
            if isinstance(x, (bool, np.bool_, complex, np.complexfloating)):
                raise _type_error(arg, what, f"the value {x!r}")
    try:
        arr = np.ma.filled(np.ma.asarray(value, dtype=float), np.nan)
    except (TypeError, ValueError):
        raise _type_error(arg, what, f"an object of type {type(value).__name__} that is not "
                          "numeric") from None
    return np.asarray(arr, dtype=float)


def _cycles(value: Any, side: str) -> np.ndarray:
    """One side's curves as an (n_cycles, 101) float array."""
    what = f"curves[{side!r}] as an array (n_cycles, {N_POINTS}) of numbers"
    arr = _float_array(value, "curves", what)
    if arr.size == 0:
        return np.empty((0, N_POINTS))
    if arr.ndim == 1 and arr.shape[0] == N_POINTS:
        arr = arr[np.newaxis, :]
    if arr.ndim != 2 or arr.shape[1] != N_POINTS:
        raise invalid_argument("curves", f"curves[{side!r}] of shape (n_cycles, {N_POINTS}): "
                               "one row per cycle, 0..100 % of the gait cycle",
                               f"shape {arr.shape}")
    if np.any(np.isinf(arr)):
        raise invalid_argument("curves", f"finite values or NaN in curves[{side!r}]", "infinity")
    return arr


def _mean_sd(cycles: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per column: mean and SD (ddof=1) over the finite values, and their count. NaN where a
    column has no finite value (mean) or fewer than two (SD); no warnings."""
    finite = np.isfinite(cycles)
    count = finite.sum(axis=0)
    total = np.where(finite, cycles, 0.0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / np.maximum(count, 1), np.nan)
        dev = np.where(finite, cycles - mean, 0.0)
        var = (dev * dev).sum(axis=0) / np.maximum(count - 1, 1)
    sd = np.where(count > 1, np.sqrt(var), np.nan)
    return mean, sd, count


def _color(value: Any, arg: str) -> Any:
    import matplotlib.colors as mcolors

    if not mcolors.is_color_like(value):
        raise invalid_argument(arg, "a matplotlib colour (e.g. '#1f77b4')", repr(value))
    return value


def _percent(value: Any, arg: str) -> float:
    """A number in [0, 100], or NaN/None meaning "not known"."""
    if value is None:
        return math.nan
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.ndarray)):
        raise _type_error(arg, "a number of % gait cycle in [0, 100] (or None/NaN)", repr(value))
    v = float(value) if np.ndim(value) == 0 else None
    if v is None:
        raise _type_error(arg, "a number of % gait cycle in [0, 100] (or None/NaN)",
                          f"an array of shape {np.shape(value)}")
    if math.isnan(v):
        return v
    if not 0.0 <= v <= 100.0:
        raise invalid_argument(arg, "a number of % gait cycle in [0, 100] (or None/NaN)",
                               repr(value))
    return v


def _label(value: Any, arg: str) -> Optional[str]:
    if value is not None and not isinstance(value, str):
        raise _type_error(arg, "a str or None", repr(value))
    return value


# ---- gait curves -----------------------------------------------------------------------------

_STYLE_NAMES = {"-": "solid", "solid": "solid", "--": "dashed", "dashed": "dashed",
                ":": "dotted", "dotted": "dotted", "-.": "dash-dot", "dashdot": "dash-dot"}
_NORMATIVE_COLUMNS = ("percent_cycle", "mean", "sd")


def _linestyle(value: Any, arg: str) -> str:
    if not isinstance(value, str) or value not in _STYLE_NAMES:
        raise invalid_argument(arg, "a line style among " + ", ".join(
            repr(k) for k in _STYLE_NAMES), repr(value))
    return value


def _normative_band(value: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(percent, mean, sd)`` of a normative corridor, sorted by percent, checked."""
    import pandas as pd

    expected = "a DataFrame with columns percent_cycle, mean, sd (numbers; percent in [0, 100])"
    if not isinstance(value, pd.DataFrame):
        raise _type_error("normative", expected, f"an object of type {type(value).__name__}")
    missing = [c for c in _NORMATIVE_COLUMNS if c not in value.columns]
    if missing:
        raise invalid_argument("normative", expected,
                               f"columns {list(value.columns)!r} (missing {missing!r})")
    cols = []
    for c in _NORMATIVE_COLUMNS:
        v = pd.to_numeric(value[c], errors="coerce").to_numpy(dtype=float)
        if not np.all(np.isfinite(v)):
            bad = int(np.flatnonzero(~np.isfinite(v))[0])
            raise invalid_argument("normative", f"finite numbers in column {c!r}",
                                   f"{value[c].iloc[bad]!r} in row {bad}")
        cols.append(v)
    x, mean, sd = cols
    if x.size < 2:
        raise invalid_argument("normative", "at least two rows (points of the cycle)",
                               f"{x.size} row(s)")
    if np.any((x < 0.0) | (x > 100.0)):
        raise invalid_argument("normative", "percent_cycle in [0, 100]",
                               f"{x[(x < 0.0) | (x > 100.0)][0]!r}")
    if np.any(sd < 0.0):
        raise invalid_argument("normative", "sd >= 0", f"{sd[sd < 0.0][0]!r}")
    order = np.argsort(x, kind="stable")
    x, mean, sd = x[order], mean[order], sd[order]
    if np.any(np.diff(x) == 0.0):
        raise invalid_argument("normative", "each percent_cycle once",
                               f"{x[1:][np.diff(x) == 0.0][0]!r} twice")
    return x, mean, sd


def _measurement_band(value: Any, side: str) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) of one side's measurement band: 101 points each (NaN: no band there)."""
    what = (f"measurement[{side!r}] as a mapping with 'low' and 'high' arrays of {N_POINTS} "
            "points (e.g. UncertaintyResult.cycle_band)")
    if not isinstance(value, Mapping) or "low" not in value or "high" not in value:
        raise _type_error("measurement", what, f"an object of type {type(value).__name__}")
    out = []
    for key in ("low", "high"):
        a = _float_array(value[key], "measurement", what)
        if a.size == 0:
            a = np.full(N_POINTS, np.nan)
        if a.shape != (N_POINTS,):
            raise invalid_argument("measurement", what, f"{key!r} of shape {a.shape}")
        if np.any(np.isinf(a)):
            raise invalid_argument("measurement", f"finite values or NaN in measurement[{side!r}]",
                                   "infinity")
        out.append(a)
    low, high = out
    if np.any(low > high):
        raise invalid_argument("measurement", f"low <= high in measurement[{side!r}]",
                               f"low > high at {int(np.flatnonzero(low > high)[0])} %")
    return low, high


def gait_curves(curves: Mapping, *, ax: Any = None, foot_off_percent: Optional[Mapping] = None,
                ylabel: Optional[str] = None, title: Optional[str] = None,
                colors: Optional[Mapping] = None, linestyles: Optional[Mapping] = None,
                normative: Any = None, measurement: Optional[Mapping] = None,
                measurement_label: str = "measurement 95 % (±1.96 SD)") -> Any:
    """Mean -/+ 1 SD of time-normalised curves per side, against % of the gait cycle.

    Per side: the mean curve (a line in the side's colour and line style: left red and solid,
    right green and dashed by default) and a band from mean - SD to mean + SD (SD with
    ddof=1), both computed per column over the cycles whose value there is finite, so a cycle
    with missing samples still counts where it has data; a column with one finite value has a
    mean but no band, a column with none has neither (the line and band have a gap). With
    ``foot_off_percent``, each side's stance (0 % to its foot off) is shaded lightly in the
    side's colour behind the curves. The legend names the side, its line style and the cycles
    with at least one finite sample: ``left (solid, n=5)``. A side given with no cycle holding
    data draws nothing but says so in the axes (``right: no complete cycle``, or ``right: no
    data in its 2 cycles``), and so does an empty ``curves`` mapping (``no complete cycle``),
    so that no axes is left blank without a reason. With ``normative``, a grey band from mean
    - SD to mean + SD of a reference group is drawn behind everything else.

    Parameters
    ----------
    curves : mapping
        ``{"left": array_like (n_cycles, 101), "right": ...}``: one row per gait cycle (foot
        strike to the next foot strike of the same side), sampled at 0, 1, ..., 100 % (e.g.
        :func:`hipmech.signal.time_normalise`). Keys are side names or :class:`hipmech.Side`;
        either side may be absent. A side given with 0 cycles or only NaN draws nothing but
        keeps its legend entry (``n=0``) and its note in the axes. One 1-D curve of 101 values
        counts as one cycle. numpy arrays, lists and pandas DataFrames are accepted.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new pyplot figure.
    foot_off_percent : mapping, optional
        Side -> foot off in % of the gait cycle, in [0, 100] (typically the mean over the
        side's cycles); None or NaN leaves that side unshaded.
    ylabel, title : str, optional
        Axis label (say the unit, e.g. ``"hip adduction [deg]"``) and title.
    colors : mapping, optional
        Side -> matplotlib colour, overriding :data:`COLORS` for the sides given.
    linestyles : mapping, optional
        Side -> line style of the mean curve (``"-"``, ``"--"``, ``":"``, ``"-."`` or their
        names), overriding :data:`LINESTYLES` for the sides given.
    normative : pandas.DataFrame, optional
        A reference group's corridor of this curve, in the unit of ``curves``: columns
        ``percent_cycle`` (in [0, 100], each once, at least two rows), ``mean`` and ``sd``
        (>= 0), one row per point; other columns are ignored. Drawn as a grey band (mean - SD
        to mean + SD) with its legend entry ``normative mean ± 1 SD``.
    measurement : mapping, optional
        Side -> ``{"low": array (101,), "high": array (101,)}``: the measurement uncertainty
        of the side's mean cycle (e.g. value ± z·sd of
        :meth:`hipmech.uncertainty.UncertaintyResult.cycle_band`), drawn as a light fill in
        the side's colour over the between-stride band (which stays visible through it), its
        low and high edges as thin lines in the side's colour and line style (so that
        overlapping bands stay told apart); NaN leaves a gap. With it the legend also says
        which band is which (:data:`STRIDE_BAND_LABEL` and ``measurement_label``).
    measurement_label : str
        Legend text of the measurement band (say its coverage: the report writes
        ``"measurement 95 % (±1.96 SD)"``).

    Returns
    -------
    matplotlib.axes.Axes
        Artists carry gids: ``"mean:<side>"`` (Line2D), ``"sd:<side>"`` (the band),
        ``"stance:<side>"`` (the shaded span), ``"foot_off:<side>"`` (a dotted line at the
        foot off), ``"empty:<side>"`` (the note of a side without data; ``"empty"`` for an
        empty mapping), ``"normative"`` (the corridor), ``"measurement:<side>"`` (the
        measurement band's fill) and ``"measurement_edge:<side>"`` (its two edge lines).

    Raises
    ------
    ImportError
        Without matplotlib.
    hipmech.InvalidArgumentError
        (a ValueError) naming the argument: curves not of 101 columns, an unknown side key,
        infinity, a foot off outside [0, 100], an unknown colour or line style, a normative
        corridor with missing columns, non-numeric or non-finite values, a percent outside
        [0, 100], a negative SD.
    TypeError
        Naming the argument: ``curves`` not a mapping, non-numeric curves, ``ax`` not an Axes,
        ``normative`` not a DataFrame.
    """
    _matplotlib()
    sides = _side_mapping(curves, "curves")
    data = {s: _cycles(v, s) for s, v in sides.items()}
    shade = {s: _percent(v, "foot_off_percent")
             for s, v in _side_mapping({} if foot_off_percent is None else foot_off_percent,
                                       "foot_off_percent").items()}
    palette = dict(COLORS)
    for s, c in _side_mapping({} if colors is None else colors, "colors").items():
        palette[s] = _color(c, "colors")
    styles = dict(LINESTYLES)
    for s, ls in _side_mapping({} if linestyles is None else linestyles, "linestyles").items():
        styles[s] = _linestyle(ls, "linestyles")
    band = None if normative is None else _normative_band(normative)
    meas = {s: _measurement_band(v, s) for s, v in
            _side_mapping({} if measurement is None else measurement, "measurement").items()}
    if measurement is not None and not isinstance(measurement_label, str):
        raise _type_error("measurement_label", "a str", repr(measurement_label))
    ylabel = _label(ylabel, "ylabel")
    title = _label(title, "title")
    ax = _new_axes(ax)

    x = np.linspace(0.0, 100.0, N_POINTS)
    if band is not None:
        nx, nmean, nsd = band
        ax.fill_between(nx, nmean - nsd, nmean + nsd, color=NORMATIVE_COLOR, lw=0, zorder=0.2,
                        gid="normative", label="normative mean ± 1 SD")
    for side in _SIDES:
        fo = shade.get(side, math.nan)
        if not math.isnan(fo) and fo > 0.0:
            ax.axvspan(0.0, fo, color=palette[side], alpha=_STANCE_ALPHA, lw=0, zorder=0,
                       gid=f"stance:{side}")
            ax.axvline(fo, color=palette[side], lw=0.8, ls=":", zorder=0.5,
                       gid=f"foot_off:{side}")
    notes = []
    for side in _SIDES:
        if side not in data:
            continue
        cycles = data[side]
        n = int(np.any(np.isfinite(cycles), axis=1).sum())
        style = _STYLE_NAMES[styles[side]]
        label = f"{side} ({style}, n={n})"
        if n == 0:  # keep the legend entry, draw nothing, say why in the axes
            ax.plot([], [], color=palette[side], ls=styles[side], lw=2, label=label,
                    gid=f"mean:{side}")
            k = cycles.shape[0]
            notes.append((side, f"{side}: no complete cycle" if k == 0 else
                          f"{side}: no data in its {k} cycle{'s' if k > 1 else ''}"))
            continue
        mean, sd, _ = _mean_sd(cycles)
        if np.any(np.isfinite(sd)):
            ax.fill_between(x, mean - sd, mean + sd, color=palette[side], alpha=_BAND_ALPHA,
                            lw=0, zorder=1, gid=f"sd:{side}")
        ax.plot(x, mean, color=palette[side], ls=styles[side], lw=2, label=label, zorder=2,
                gid=f"mean:{side}")
    for side in _SIDES:
        if side not in meas:
            continue
        low, high = meas[side]
        if np.any(np.isfinite(low) & np.isfinite(high)):
            ax.fill_between(x, low, high, color=palette[side], alpha=_MEASUREMENT_ALPHA, lw=0,
                            zorder=1.5, gid=f"measurement:{side}")
            for edge in (low, high):
                ax.plot(x, edge, color=palette[side], ls=styles[side], lw=_MEASUREMENT_EDGE_LW,
                        zorder=1.6, gid=f"measurement_edge:{side}")
    for i, (side, text) in enumerate(notes):
        ax.text(0.5, 0.55 - 0.12 * i, text, transform=ax.transAxes, ha="center",
                va="center", color=palette[side], fontsize="medium", gid=f"empty:{side}")
    if not data:
        ax.text(0.5, 0.5, "no complete cycle", transform=ax.transAxes, ha="center",
                va="center", color="0.3", gid="empty")
    ax.set_xlim(0.0, 100.0)
    ax.set_xlabel("gait cycle [%]")
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title)
    if meas:
        from matplotlib.patches import Patch

        # Which band is which: legend entries in a neutral grey (the sides' colours are on the
        # lines above them).
        handles, labels = ax.get_legend_handles_labels()
        handles += [Patch(facecolor="0.5", alpha=_BAND_ALPHA, lw=0),
                    Patch(facecolor=(0.5, 0.5, 0.5, _MEASUREMENT_ALPHA), edgecolor="0.3",
                          lw=_MEASUREMENT_EDGE_LW)]
        labels += [STRIDE_BAND_LABEL, measurement_label]
        ax.legend(handles, labels, loc="best", fontsize="small", frameon=False)
    elif data or band is not None:
        ax.legend(loc="best", fontsize="small", frameon=False)
    return ax


def gait_curve_panel(curves_by_quantity: Mapping, *, foot_off_percent: Optional[Mapping] = None,
                     ylabels: Optional[Mapping] = None, ncols: int = 3,
                     suptitle: Optional[str] = None, colors: Optional[Mapping] = None,
                     panel_size: tuple = (4.0, 3.0),
                     linestyles: Optional[Mapping] = None) -> Any:
    """A grid of :func:`gait_curves`, one panel per quantity, sharing the stance shading.

    Parameters
    ----------
    curves_by_quantity : mapping
        Panel title (e.g. ``"hip adduction"``) -> the ``curves`` mapping of
        :func:`gait_curves`, in the order the panels should appear (row by row).
    foot_off_percent : mapping, optional
        Side -> foot off [% gait cycle], shaded in every panel.
    ylabels : mapping, optional
        Panel title -> y-axis label (with the unit, e.g. ``"[deg]"``).
    ncols : int
        Panels per row (default 3).
    suptitle : str, optional
        Figure title.
    colors : mapping, optional
        Side -> colour, as in :func:`gait_curves`.
    linestyles : mapping, optional
        Side -> line style, as in :func:`gait_curves`.
    panel_size : (float, float)
        Width and height of one panel in inches.

    Returns
    -------
    matplotlib.figure.Figure
        A new pyplot figure; unused grid cells are removed. Close it (``plt.close(fig)``) when
        making many.

    Raises
    ------
    ImportError, hipmech.InvalidArgumentError, TypeError
        As :func:`gait_curves`, plus an empty or non-mapping ``curves_by_quantity``, a
        non-positive ``ncols``, ``ylabels`` naming an unknown panel.
    """
    _matplotlib()
    if not isinstance(curves_by_quantity, Mapping):
        raise _type_error("curves_by_quantity", "a mapping title -> curves",
                          f"an object of type {type(curves_by_quantity).__name__}")
    if len(curves_by_quantity) == 0:
        raise invalid_argument("curves_by_quantity", "at least one quantity", "an empty mapping")
    if isinstance(ncols, (bool, np.bool_)) or not isinstance(ncols, numbers.Integral):
        raise _type_error("ncols", "a positive int", repr(ncols))
    if ncols < 1:
        raise invalid_argument("ncols", "a positive int", repr(ncols))
    ylabels = {} if ylabels is None else ylabels
    if not isinstance(ylabels, Mapping):
        raise _type_error("ylabels", "a mapping title -> label", repr(ylabels))
    unknown = [k for k in ylabels if k not in curves_by_quantity]
    if unknown:
        raise invalid_argument("ylabels", "titles of curves_by_quantity", repr(unknown[0]))
    size = real_numbers(panel_size, "panel_size", "(width, height) in inches", finite=True)
    if len(size) != 2:
        raise invalid_argument("panel_size", "(width, height) in inches", repr(panel_size))
    w, h = size
    if not (w > 0 and h > 0):
        raise invalid_argument("panel_size", "positive finite (width, height) in inches",
                               repr(panel_size))
    suptitle = _label(suptitle, "suptitle")
    import matplotlib.pyplot as plt

    n = len(curves_by_quantity)
    ncols = int(min(ncols, n))
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(w * ncols, h * nrows), squeeze=False,
                             layout="constrained")
    try:
        flat = axes.ravel()
        for a, (name, curves) in zip(flat, curves_by_quantity.items()):
            gait_curves(curves, ax=a, foot_off_percent=foot_off_percent,
                        ylabel=ylabels.get(name), title=str(name), colors=colors,
                        linestyles=linestyles)
        for a in flat[n:]:
            a.remove()
        if suptitle is not None:
            fig.suptitle(suptitle)
    except BaseException:
        plt.close(fig)
        raise
    return fig


# ---- asymmetry bars --------------------------------------------------------------------------

_TABLE_COLUMNS = ("metric", "estimate", "ci_low", "ci_high")


def _table(table: Any) -> Any:
    import pandas as pd

    if isinstance(table, pd.DataFrame):
        df = table
    elif isinstance(table, (Mapping, list, tuple)):
        try:
            df = pd.DataFrame(table)
        except (TypeError, ValueError) as exc:
            raise _type_error("table", "a DataFrame with columns metric, estimate, ci_low, "
                              "ci_high", f"data pandas cannot tabulate ({exc})") from None
    else:
        raise _type_error("table", "a DataFrame with columns metric, estimate, ci_low, ci_high",
                          f"an object of type {type(table).__name__}")
    missing = [c for c in _TABLE_COLUMNS if c not in df.columns]
    if missing:
        raise invalid_argument("table", "columns metric, estimate, ci_low, ci_high",
                               f"columns {list(df.columns)!r} (missing {missing!r})")
    values = {}
    for c in _TABLE_COLUMNS[1:]:
        col = df[c]
        try:
            values[c] = _float_array(col.to_numpy(dtype=object), "table",
                                     f"numbers in column {c!r}")
        except TypeError:
            raise _type_error("table", f"numbers (or NaN) in column {c!r}",
                              f"values {list(col)!r}") from None
        if np.any(np.isinf(values[c])):
            raise invalid_argument("table", f"finite numbers or NaN in column {c!r}", "infinity")
    lo, hi = values["ci_low"], values["ci_high"]
    both = np.isfinite(lo) & np.isfinite(hi)
    if np.any(lo[both] > hi[both]):
        raise invalid_argument("table", "ci_low <= ci_high in every row",
                               f"ci_low > ci_high in row {int(np.flatnonzero(lo > hi)[0])}")
    return [str(m) for m in df["metric"]], values["estimate"], lo, hi


def asymmetry_bars(table: Any, *, ax: Any = None, threshold: Optional[float] = None,
                   xlabel: Optional[str] = "symmetry index [%]") -> Any:
    """One horizontal bar per metric with its confidence interval.

    Bars start at 0 and end at the estimate (e.g. a symmetry index in %, whose sign says which
    limb is larger relative to the stated reference limb); the CI is drawn as a whisker from
    ``ci_low`` to ``ci_high``; a solid line marks 0 (perfect symmetry) and, with
    ``threshold``, dashed lines mark -threshold and +threshold. A row whose estimate is NaN has
    no bar and reads "n/a"; a row whose CI is NaN has no whisker. The first row is at the top.

    Parameters
    ----------
    table : pandas.DataFrame
        Columns ``metric`` (label), ``estimate``, ``ci_low``, ``ci_high`` (same unit), one
        row per metric; other columns are ignored. A dict of columns or a list of row dicts
        is accepted too.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new pyplot figure.
    threshold : float, optional
        A positive finite value in the unit of the estimates (e.g. a cited 10 % limit of a
        symmetry index) drawn at -/+ threshold.
    xlabel : str or None
        x-axis label (default ``"symmetry index [%]"``).

    Returns
    -------
    matplotlib.axes.Axes
        Artists carry gids: ``"bar:<row>"`` (Rectangle), ``"ci:<row>"`` (Line2D from ci_low to
        ci_high), ``"na:<row>"`` (Text), ``"zero"`` and ``"threshold"`` (Line2D); ``<row>`` is
        the 0-based row number.

    Raises
    ------
    ImportError
        Without matplotlib.
    hipmech.InvalidArgumentError
        (a ValueError) naming the argument: missing columns, infinity, ci_low > ci_high, a
        threshold that is not positive and finite.
    TypeError
        Naming the argument: ``table`` not tabular, non-numeric values, ``ax`` not an Axes.
    """
    _matplotlib()
    metrics, est, lo, hi = _table(table)
    if threshold is not None:
        if isinstance(threshold, (bool, np.bool_, str)) or not isinstance(threshold, numbers.Real):
            raise _type_error("threshold", "a positive finite number or None", repr(threshold))
        threshold = float(threshold)
        if not (math.isfinite(threshold) and threshold > 0.0):
            raise invalid_argument("threshold", "a positive finite number or None",
                                   repr(threshold))
    xlabel = _label(xlabel, "xlabel")
    ax = _new_axes(ax)

    y = np.arange(len(metrics), dtype=float)
    for i in range(len(metrics)):
        if np.isfinite(est[i]):
            ax.barh(y[i], est[i], height=0.6, color="0.65", edgecolor="0.3", lw=0.8, zorder=2,
                    gid=f"bar:{i}")
            if np.isfinite(lo[i]) and np.isfinite(hi[i]):
                ax.plot([lo[i], hi[i]], [y[i], y[i]], color="black", lw=1.2, marker="|",
                        markersize=10, zorder=3, gid=f"ci:{i}")
        else:
            ax.text(0.0, y[i], "  n/a", ha="left", va="center", fontsize="small",
                    color="0.3", gid=f"na:{i}")
    ax.axvline(0.0, color="black", lw=0.8, zorder=1, gid="zero")
    if threshold is not None:
        ax.axvline(-threshold, color="0.4", lw=1.0, ls="--", zorder=1, gid="threshold")
        ax.axvline(threshold, color="0.4", lw=1.0, ls="--", zorder=1, gid="threshold",
                   label=f"-/+ {threshold:g} threshold")
        ax.legend(loc="best", fontsize="small", frameon=False)
    ax.set_yticks(y, metrics)
    if len(metrics):
        ax.set_ylim(len(metrics) - 0.5, -0.5)  # first row on top
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    return ax


# ---- Bland-Altman ----------------------------------------------------------------------------

def bland_altman(result: Any, b: Any = None, *, ax: Any = None, percent: bool = False,
                 xlabel: Optional[str] = None, ylabel: Optional[str] = None,
                 title: Optional[str] = None, **options: Any) -> Any:
    """Bland-Altman plot: difference of each pair against the pair's mean (Bland & Altman
    1986, Lancet i:307-310).

    Points are the pairs with both values (their count and the missing ones are in the
    legend). A solid line marks the bias (mean difference), dashed lines the limits of
    agreement (bias -/+ z SD, z = 1.96 for 95 % agreement), each with its confidence interval
    as a shaded band when the result has one; a thin grey line marks zero difference. When the
    bias is undefined (e.g. NaN pairs under ``missing="propagate"``) only the points are drawn,
    with the result's note.

    Parameters
    ----------
    result : hipmech.stats.BlandAltmanResult, or array_like (n,)
        A result of :func:`hipmech.stats.bland_altman`, drawn as computed; or the first
        method's measurements ``a`` when ``b`` is given, and then this function calls
        ``hipmech.stats.bland_altman(a, b, percent=percent, **options)``.
    b : array_like (n,), optional
        The second method's measurements (only with arrays).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new pyplot figure.
    percent : bool
        With two arrays: plot 100 (a - b) / abs(mean). With a result, the result's own
        ``percent`` decides; ``percent=True`` with a result computed without it is an error.
    xlabel, ylabel, title : str, optional
        Labels (defaults: "mean of a and b", "a - b" or "100 (a - b) / mean [%]"). Put the unit
        in them.
    **options
        With two arrays: ``confidence``, ``loa_ci``, ``missing``, ``agreement`` of
        :func:`hipmech.stats.bland_altman`.

    Returns
    -------
    matplotlib.axes.Axes
        Artists carry gids: ``"points"`` (the scatter), ``"bias"``, ``"loa_low"``,
        ``"loa_high"``, ``"zero"`` (Line2D), ``"bias_ci"``, ``"loa_low_ci"``,
        ``"loa_high_ci"`` (shaded spans).

    Raises
    ------
    ImportError
        Without matplotlib.
    hipmech.InvalidArgumentError
        (a ValueError) naming the argument: from :func:`hipmech.stats.bland_altman` with
        arrays; ``percent`` contradicting the result.
    TypeError
        Naming the argument: ``result`` neither a result nor an array with ``b``, ``b`` or
        options given with a result, ``ax`` not an Axes.
    """
    _matplotlib()
    from .stats import BlandAltmanResult
    from .stats import bland_altman as _compute

    if isinstance(percent, (bool, np.bool_)):
        percent = bool(percent)
    else:
        raise _type_error("percent", "True or False", repr(percent))
    if isinstance(result, BlandAltmanResult):
        if b is not None:
            raise _type_error("b", "None when result is a BlandAltmanResult",
                              f"an object of type {type(b).__name__}")
        if options:
            raise _type_error(next(iter(options)), "no statistics options with a "
                              "BlandAltmanResult (they apply to two arrays)", "a value")
        if percent and not result.percent:
            raise invalid_argument("percent", "False for a result computed with percent=False "
                                   "(recompute with hipmech.stats.bland_altman(a, b, "
                                   "percent=True))", "True")
        r = result
    elif b is None:
        raise _type_error("result", "a hipmech.stats.BlandAltmanResult, or two arrays a, b",
                          f"an object of type {type(result).__name__} and no b")
    else:
        r = _compute(result, b, percent=percent, **options)
    xlabel = _label(xlabel, "xlabel")
    ylabel = _label(ylabel, "ylabel")
    title = _label(title, "title")
    ax = _new_axes(ax)

    means = np.asarray(r.means, dtype=float)
    diffs = np.asarray(r.differences, dtype=float)
    ok = np.isfinite(means) & np.isfinite(diffs)
    n_missing = int((~ok).sum())
    label = f"pairs (n={int(ok.sum())}" + (f", {n_missing} missing)" if n_missing else ")")
    ax.scatter(means[ok], diffs[ok], s=22, color="0.2", alpha=0.8, zorder=3, label=label,
               gid="points")
    ax.axhline(0.0, color="0.6", lw=0.8, zorder=1, gid="zero")
    unit = " %" if r.percent else ""
    if math.isfinite(r.bias):
        spans = (("bias_ci", r.bias_ci_low, r.bias_ci_high),
                 ("loa_low_ci", r.loa_low_ci_low, r.loa_low_ci_high),
                 ("loa_high_ci", r.loa_high_ci_low, r.loa_high_ci_high))
        for gid, low, high in spans:
            if math.isfinite(low) and math.isfinite(high):
                ax.axhspan(low, high, color=_BIAS_COLOR if gid == "bias_ci" else "0.5",
                           alpha=0.12, lw=0, zorder=0, gid=gid)
        ax.axhline(r.bias, color=_BIAS_COLOR, lw=1.5, zorder=2, gid="bias",
                   label=f"bias {r.bias:.3g}{unit}")
        if math.isfinite(r.loa_low) and math.isfinite(r.loa_high):
            z = f"{r.z:.2f}"
            ax.axhline(r.loa_high, color="0.25", lw=1.2, ls="--", zorder=2, gid="loa_high",
                       label=f"bias + {z} SD {r.loa_high:.3g}{unit}")
            ax.axhline(r.loa_low, color="0.25", lw=1.2, ls="--", zorder=2, gid="loa_low",
                       label=f"bias - {z} SD {r.loa_low:.3g}{unit}")
    else:
        ax.text(0.02, 0.98, "bias and limits undefined" + (f": {r.note}" if r.note else ""),
                transform=ax.transAxes, ha="left", va="top", fontsize="small", wrap=True,
                gid="note")
    ax.set_xlabel(xlabel if xlabel is not None else "mean of a and b")
    ax.set_ylabel(ylabel if ylabel is not None else
                  ("100 (a - b) / mean [%]" if r.percent else "a - b"))
    if title is not None:
        ax.set_title(title)
    ax.legend(loc="best", fontsize="small", frameon=False)
    return ax


# ---- SPM1D -----------------------------------------------------------------------------------

#: Colours and line styles of curve labels that are not sides (matplotlib's "tab:blue",
#: "tab:orange", "tab:purple", "tab:brown"; no red or green, which mean left and right).
_LABEL_COLORS = ("#1f77b4", "#ff7f0e", "#9467bd", "#8c564b", "#17becf", "#7f7f7f")
_LABEL_STYLES = ("-", "--", ":", "-.")
#: Colour of the supra-threshold clusters of an SPM (grey: not a side).
_CLUSTER_COLOR = "0.45"
_SPM_ATTRIBUTES = ("test", "statistic", "method", "alpha", "two_tailed", "z", "zstar",
                   "clusters", "curve_labels", "curve_mean", "curve_sd", "n_nodes")


def _spm_result(result: Any) -> Any:
    """``result`` checked to carry what :func:`spm` draws (a hipmech.spm.SPMResult)."""
    missing = [a for a in _SPM_ATTRIBUTES if not hasattr(result, a)]
    if missing:
        raise _type_error("result", "a hipmech.spm result (SPMResult, e.g. of "
                          "hipmech.spm.ttest_paired)", f"an object of type "
                          f"{type(result).__name__} without {', '.join(missing)}")
    return result


def _spm_axes(ax: Any) -> tuple[Any, Any, Any]:
    """(figure, curves Axes or None, statistic Axes) from ``ax``: None (a new figure of two
    panels), a pair of Axes (curves, statistic) or one Axes (the statistic only)."""
    _matplotlib()
    from matplotlib.axes import Axes

    if ax is None:
        import matplotlib.pyplot as plt

        fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.4, 6.4), sharex=True,
                                          layout="constrained")
        return fig, top, bottom
    if isinstance(ax, Axes):
        return ax.figure, None, ax
    if isinstance(ax, (list, tuple, np.ndarray)) and len(ax) == 2 and all(
            isinstance(a, Axes) for a in ax):
        return ax[1].figure, ax[0], ax[1]
    raise _type_error("ax", "None, one matplotlib Axes (the SPM panel) or two (curves, SPM)",
                      f"an object of type {type(ax).__name__}")


def _spm_names(labels: Any, result_labels: tuple) -> list[str]:
    if labels is None:
        return [str(x) for x in result_labels]
    if isinstance(labels, Mapping):
        unknown = [k for k in labels if k not in result_labels]
        if unknown:
            raise invalid_argument("labels", "keys among the result's curve_labels "
                                   f"{tuple(result_labels)!r}", repr(unknown[0]))
        return [str(labels.get(x, x)) for x in result_labels]
    if isinstance(labels, str) or not isinstance(labels, (list, tuple)):
        raise _type_error("labels", "a sequence of str (one per curve label) or a mapping",
                          repr(labels))
    if len(labels) != len(result_labels) or not all(isinstance(x, str) for x in labels):
        raise invalid_argument("labels", f"{len(result_labels)} str, one per curve label "
                               f"{tuple(result_labels)!r}", repr(labels))
    return list(labels)


def _p_text(p: float) -> str:
    if not math.isfinite(p):
        return "p = n/a"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def spm(result: Any, ax: Any = None, *, title: Optional[str] = None, x_percent: bool = True,
        labels: Any = None, ylabel: Optional[str] = None,
        colors: Optional[Mapping] = None) -> Any:
    """Statistical parametric mapping: the curves' mean ± SD per label above the statistic
    field SPM{t} or SPM{F} with its critical threshold and clusters (docs: spm, plot).

    Top panel: per curve label of the result (``result.curve_labels``: ``("a", "b")`` of a
    paired or two-sample test, the group labels of an ANOVA, ``("y",)`` of a one-sample test or
    regression), the mean curve (``result.curve_mean``) and a band from mean − SD to mean + SD
    (``result.curve_sd``), in the style of :func:`gait_curves`: a label named ``left`` or
    ``right`` takes the side's colour and line style, other labels blue, orange, purple ...
    with solid, dashed, dotted ... lines. Bottom panel: the statistic field ``result.z``, a
    thin line at 0, the critical threshold ``zstar`` as a dashed line (at +zstar and −zstar
    for a two-tailed t test, at +zstar for a one-tailed t test and for F), and each
    supra-threshold cluster shaded between the field and the threshold from its start to its
    end (fractional nodes, as the result reports them), its start to end lightly shaded over
    the panel's full height (visible when the field barely passes the threshold), with its p
    value written beside its peak, inside the axes (left-aligned near the left edge,
    right-aligned near the right edge; neighbouring clusters' labels on the same side in two
    rows). The panel's title states the rule: the test, α, the
    tails and the inference (random field theory or permutation), and "no supra-threshold
    cluster" when there is none; the legend, in one row below the panel's x-axis label (clear
    of the field and the threshold lines), gives zstar ("threshold ±t* = ..." two-tailed,
    "threshold t* = ..." one-tailed, "threshold F* = ..."). Artists with a label drawn on the
    SPM panel before the call (e.g. a hatched window, passing ``ax``) join that legend; with
    ``ax`` given, the figure needs room below the panel (constrained layout makes it).

    Parameters
    ----------
    result : hipmech.spm.SPMResult
        A result of :mod:`hipmech.spm` (:func:`hipmech.spm.ttest_paired` ...), drawn as
        computed.
    ax : matplotlib.axes.Axes or (Axes, Axes), optional
        None (default): a new pyplot figure with two panels sharing x. Two Axes: the curves
        panel and the SPM panel. One Axes: the SPM panel only (no curves).
    title : str, optional
        Title of the figure's top panel (the SPM panel when it is alone).
    x_percent : bool
        True (default): x in % of the cycle, 100 · node / (n_nodes − 1); False: in nodes
        0 ... n_nodes − 1 (the unit of the clusters' ``start`` and ``end``).
    labels : sequence of str or mapping, optional
        Names of the curve labels in the legend (e.g. ``("post", "pre")`` for
        ``ttest_paired(post, pre)``, or ``{"a": "left", "b": "right"}``), one per curve label.
    ylabel : str, optional
        y-axis label of the curves panel (say the unit, e.g. ``"pelvic obliquity [deg]"``).
    colors : mapping, optional
        Displayed label -> matplotlib colour, overriding the defaults for the labels given.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on. Artists carry gids: ``"mean:<label>"`` (Line2D) and
        ``"sd:<label>"`` (the band) per displayed label, ``"z"`` (the field), ``"zero"``,
        ``"threshold"`` (one Line2D per threshold line), ``"cluster:<i>"`` (the shaded area of
        cluster i beyond the threshold, 0-based, in the order of ``result.clusters``),
        ``"span:<i>"`` (its light shading over the panel's height, a patch) and ``"p:<i>"``
        (its p value, Text).

    Raises
    ------
    ImportError
        Without matplotlib.
    hipmech.InvalidArgumentError
        (a ValueError) naming the argument: labels not one per curve label, an unknown colour.
    TypeError
        Naming the argument: ``result`` not a hipmech.spm result, ``ax`` neither None nor one
        or two Axes, ``x_percent`` not a bool, a title or label that is not a str.
    """
    _matplotlib()
    r = _spm_result(result)
    if not isinstance(x_percent, (bool, np.bool_)):
        raise _type_error("x_percent", "True or False", repr(x_percent))
    title = _label(title, "title")
    ylabel = _label(ylabel, "ylabel")
    names = _spm_names(labels, tuple(r.curve_labels))
    palette: dict[str, Any] = {}
    if colors is not None:
        if not isinstance(colors, Mapping):
            raise _type_error("colors", "a mapping label -> colour", repr(colors))
        for k, c in colors.items():
            if k not in names:
                raise invalid_argument("colors", f"keys among the labels {tuple(names)!r}",
                                       repr(k))
            palette[k] = _color(c, "colors")
    fig, top, bottom = _spm_axes(ax)

    z = np.asarray(r.z, dtype=float)
    q = z.size
    scale = 100.0 / (q - 1) if (x_percent and q > 1) else 1.0
    x = np.arange(q, dtype=float) * scale
    xlabel = "cycle [%]" if x_percent else "node"

    if top is not None:
        k_other = 0
        for name, mean, sd in zip(names, r.curve_mean, r.curve_sd):
            mean = np.asarray(mean, dtype=float)
            sd = np.asarray(sd, dtype=float)
            if name in COLORS:
                colour, style = COLORS[name], LINESTYLES[name]
            else:
                colour = _LABEL_COLORS[k_other % len(_LABEL_COLORS)]
                style = _LABEL_STYLES[k_other % len(_LABEL_STYLES)]
                k_other += 1
            colour = palette.get(name, colour)
            xm = np.arange(mean.size, dtype=float) * (
                100.0 / (mean.size - 1) if (x_percent and mean.size > 1) else 1.0)
            if np.any(np.isfinite(sd)):
                top.fill_between(xm, mean - sd, mean + sd, color=colour, alpha=_BAND_ALPHA,
                                 lw=0, zorder=1, gid=f"sd:{name}")
            top.plot(xm, mean, color=colour, ls=style, lw=2, zorder=2, gid=f"mean:{name}",
                     label=f"{name} ({_STYLE_NAMES[style]})")
        if names:
            top.legend(loc="best", fontsize="small", frameon=False, title="mean ± 1 SD",
                       title_fontsize="small")
        else:
            top.text(0.5, 0.5, "no curves in the result", transform=top.transAxes,
                     ha="center", va="center", color="0.3", gid="empty")
        if ylabel is not None:
            top.set_ylabel(ylabel)
        if title is not None:
            top.set_title(title)
        top.tick_params(labelbottom=True)
        top.set_xlabel(xlabel)

    stat = "F" if str(r.statistic).upper() == "F" else "t"
    zstar = float(r.zstar)
    two = bool(r.two_tailed) and stat == "t"
    bottom.axhline(0.0, color="0.6", lw=0.8, zorder=1, gid="zero")
    bottom.plot(x, z, color="black", lw=1.8, zorder=3, gid="z", label=f"SPM{{{stat}}}")
    if math.isfinite(zstar):
        bottom.axhline(zstar, color="0.25", lw=1.0, ls="--", zorder=2, gid="threshold",
                       label=f"threshold {'±' if two else ''}{stat}* = {zstar:.3f}")
        if two:
            bottom.axhline(-zstar, color="0.25", lw=1.0, ls="--", zorder=2, gid="threshold")
    method = {"rft": "random field theory", "permutation": "permutation"}.get(
        str(r.method), str(r.method))
    tails = (", two-tailed" if r.two_tailed else ", one-tailed") if stat == "t" else ""
    rule = f"{r.test}: α = {float(r.alpha):g}{tails}, {method}"
    if not r.clusters:
        rule += "; no supra-threshold cluster"
    bottom.set_title(rule, fontsize="small")
    if title is not None and top is None:
        bottom.set_title(title + "\n" + rule, fontsize="small")
    bottom.set_ylabel(f"SPM{{{stat}}}")
    bottom.set_xlabel(xlabel)
    bottom.set_xlim(x[0], x[-1])
    nodes = np.arange(q, dtype=float)
    x_span = (x[-1] - x[0]) or 1.0
    drawn = []  # per cluster: (cluster, nodes, field, sign, peak index, x fraction, row, y)
    last: dict[int, tuple] = {}  # sign -> (right end in x fraction, row, y) of the last label
    # A label's width as a fraction of the panel's (about 0.6 em per character of the small
    # font, the panel's width from the figure's): to keep neighbours apart.
    from matplotlib.font_manager import FontProperties

    em = FontProperties(size="small").get_size_in_points()
    engine = fig.get_layout_engine()
    if engine is not None:  # the panel's width as laid out (constrained layout)
        try:
            engine.execute(fig)
        except Exception:  # noqa: BLE001 - only an estimate; the default position then
            pass
    width_pt = max(bottom.get_position().width * fig.get_figwidth() * 72.0, 1.0)
    for c in sorted(r.clusters, key=lambda c: float(c.start)):
        start, end = float(c.start), float(c.end)
        sign = -1 if int(c.sign) < 0 else 1
        inside = nodes[(nodes > start) & (nodes < end)]
        xs = np.concatenate([[start], inside, [end]])
        zs = np.interp(xs, nodes, z)
        k = int(np.argmax(sign * zs))
        frac = (xs[k] * scale - x[0]) / x_span
        w = (0.6 * em * len(_p_text(float(c.p))) + 4.0) / width_pt
        left = frac if frac < 0.1 else frac - w if frac > 0.9 else frac - w / 2
        # Labels of neighbouring clusters on the same side in two rows, not on top of each
        # other (the second row from the more extreme of the two peaks).
        prev = last.get(sign)
        row = 1 if (prev is not None and left < prev[0] and prev[1] == 0) else 0
        y = sign * max(sign * zs[k], sign * prev[2]) if row else zs[k]
        last[sign] = (left + w, row, y)
        drawn.append((c, xs, zs, sign, k, frac, row, y))
    rows = 1 + max((d[6] for d in drawn), default=0)
    lo, hi = bottom.get_ylim()  # room for the p values above (below) the peaks
    pad = 0.12 * (hi - lo) * rows
    bottom.set_ylim(lo - (pad if two else 0.0), hi + pad)
    index = {id(c): i for i, c in enumerate(r.clusters)}
    for c, xs, zs, sign, k, frac, row, y in drawn:
        i = index[id(c)]
        start, end = float(c.start), float(c.end)
        # The cluster's extent over the panel's full height, lightly: visible even when the
        # field barely passes the threshold; the area beyond the threshold darker.
        bottom.axvspan(start * scale, end * scale, color=_CLUSTER_COLOR, alpha=0.15, lw=0,
                       zorder=0.5, gid=f"span:{i}")
        bottom.fill_between(xs * scale, sign * zstar, zs, color=_CLUSTER_COLOR, alpha=0.55,
                            lw=0, zorder=2.5, gid=f"cluster:{i}")
        # The p value beside the peak, inside the axes: left-aligned near the left edge,
        # right-aligned near the right edge, on a white ground over the lines.
        ha, dx = ("left", 2) if frac < 0.1 else ("right", -2) if frac > 0.9 else ("center", 0)
        bottom.annotate(_p_text(float(c.p)), (xs[k] * scale, y),
                        xytext=(dx, (4 + 13 * row) * sign), textcoords="offset points",
                        ha=ha, va="bottom" if sign > 0 else "top", fontsize="small",
                        gid=f"p:{i}", clip_on=True, zorder=4,
                        bbox=dict(facecolor="white", edgecolor="none", pad=1.0, alpha=0.8))
    _legend_below(bottom)
    return fig


def _legend_below(ax: Any) -> Any:
    """The legend of every labelled artist of ``ax`` in one row below its x-axis label, clear
    of the data (matplotlib's ``loc="best"`` would cover the field or a threshold line); the
    offset from the font sizes and tick lengths of the rc parameters, so it follows the style."""
    from matplotlib import rcParams
    from matplotlib.font_manager import FontProperties
    from matplotlib.transforms import ScaledTranslation

    handles, texts = ax.get_legend_handles_labels()
    if not handles:
        return None

    def points(size: Any) -> float:
        return FontProperties(size=size).get_size_in_points()

    below = (rcParams["xtick.major.size"] + rcParams["xtick.major.pad"]
             + points(rcParams["xtick.labelsize"]) + rcParams["axes.labelpad"]
             + points(rcParams["axes.labelsize"]) + 4.0)
    shift = ScaledTranslation(0.0, -below / 72.0, ax.figure.dpi_scale_trans)
    return ax.legend(handles, texts, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                     bbox_transform=ax.transAxes + shift, ncol=min(len(handles), 4),
                     fontsize="small", frameon=False, borderaxespad=0.0)
