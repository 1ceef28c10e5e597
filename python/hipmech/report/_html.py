"""Writing a :class:`TrialReport`: report.html, report.json and the figures (PNG or SVG files
beside the page, referenced by relative paths)."""

from __future__ import annotations

import html
import io as _io
import json
import math
import os
import secrets
import shutil
import threading
import urllib.parse
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Optional

import numpy as np

from ..uncertainty import _sd_text
from ._analysis import RATIO_SCALED, CURVES, QUANTITIES, SIDES, TrialReport

__all__ = ["write"]

#: References of the methods (the thresholds bring their own).
METHOD_REFERENCES = (
    "Baker R (2001). Pelvic angles: a mathematically rigorous definition which is consistent "
    "with a conventional clinical understanding of the terms. Gait Posture 13(1):1-6.",
    "Davis RB, Õunpuu S, Tyburski D, Gage JR (1991). A gait analysis data collection and "
    "reduction technique. Hum Mov Sci 10:575-587.",
    "Grood ES, Suntay WJ (1983). A joint coordinate system for the clinical description of "
    "three-dimensional motions: application to the knee. J Biomech Eng 105:136-144.",
    "Zeni JA, Richards JG, Higginson JS (2008). Two simple methods for determining gait events "
    "during treadmill and overground walking using kinematic data. Gait Posture 27:710-714.",
    "Kristianslund E, Krosshaug T, van den Bogert AJ (2012). Effect of low pass filtering on "
    "joint moments from inverse dynamics: implications for injury prevention. J Biomech "
    "45:666-671.",
    "Winter DA (2009). Biomechanics and Motor Control of Human Movement, 4th ed. Wiley "
    "(chapter 5, inverse dynamics; Table 4.1, segment parameters).",
    "Robinson RO, Herzog W, Nigg BM (1987). Use of force platform variables to quantify the "
    "effects of chiropractic manipulation on gait symmetry. J Manipulative Physiol Ther "
    "10:172-176.",
    "Zifchock RA, Davis I, Higginson J, Royer T (2008). The symmetry angle: a novel, robust "
    "method of quantifying asymmetry. Gait Posture 27:622-627.",
    "Efron B, Tibshirani RJ (1993). An Introduction to the Bootstrap. Chapman & Hall "
    "(percentile interval).",
)

#: CSS added when the report carries the measurement uncertainty (the page is unchanged
#: without it).
_CSS_UNCERTAINTY = "span.meas{color:#555;font-size:0.85em;font-weight:normal}\n"

#: References added when the report carries the measurement uncertainty (docs: uncertainty).
UNCERTAINTY_REFERENCES = (
    "JCGM 101:2008. Evaluation of measurement data - Supplement 1 to the 'Guide to the "
    "expression of uncertainty in measurement' - Propagation of distributions using a Monte "
    "Carlo method. BIPM.",
    "JCGM 100:2008. Evaluation of measurement data - Guide to the expression of uncertainty "
    "in measurement (GUM), section 5 (law of propagation of uncertainty). BIPM.",
    "Stagni R, Leardini A, Cappozzo A, Benedetti MG, Cappello A (2000). Effects of hip joint "
    "centre mislocation on gait analysis results. J Biomech 33:1479-1487.",
)

#: Resolution of PNG figures [dots per inch]: a 6-inch figure is 1200 px wide, sharp on a
#: high-density screen at its on-screen width (34 em) and on paper at 300 dpi up to 10 cm wide.
PNG_DPI = 200
#: How the PNG files are compressed (Pillow's options): zlib's run-length strategy at level 1
#: encodes a figure (RGB) in about 12 ms instead of 18 ms (Pillow's default, level 6), for
#: files about 6 % larger (73 kB against 69 kB; docs: report, "Speed").
PNG_OPTIONS = {"compress_level": 1, "compress_type": zlib.Z_RLE}
#: The accepted ``figure_format`` values of :func:`write`.
FIGURE_FORMATS = ("png", "svg")
#: Columns of a normative corridor (CSV file or DataFrame) for :func:`write`.
NORMATIVE_COLUMNS = ("curve", "percent_cycle", "mean", "sd")

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:72em;
color:#222;line-height:1.4;padding:0 1em}
h1{font-size:1.6em;margin-bottom:0.2em}h2{font-size:1.25em;margin-top:1.6em;
border-bottom:1px solid #ccc}
p.who{margin:0 0 0.8em 0;font-size:1.05em}p.who span{margin-right:2em}
table{border-collapse:collapse;margin:0.5em 0;font-size:0.9em;max-width:100%}
th,td{border:1px solid #ccc;padding:0.25em 0.5em;text-align:left;vertical-align:top;
overflow-wrap:break-word}
table.info td{overflow-wrap:anywhere}
th{background:#f2f2f2}td.num{text-align:right;font-variant-numeric:tabular-nums;
overflow-wrap:normal}
td.flag{background:#fde2c8;font-weight:600}
p.warn{background:#fff3cd;border-left:4px solid #b8860b;padding:.4em .6em}
figure{display:inline-block;margin:0.5em;vertical-align:top;max-width:100%}
figure img{width:34em;max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:0.85em;color:#555;max-width:34em}
.left{color:#b01e1e}.right{color:#1e7a1e}.muted{color:#666;font-size:0.85em}
@page{size:A4;margin:15mm}
@media print{
body{margin:0;padding:0;max-width:none;font-size:10pt}
h2{break-after:avoid;page-break-after:avoid}
figure{display:block;margin:0.4em 0;break-inside:avoid;page-break-inside:avoid}
figure img{width:auto;max-width:100%;max-height:120mm;border:none}
figcaption{max-width:none}
table{width:100%;break-inside:auto;font-size:7.5pt}
th,td{padding:0.15em 0.3em}
table.summary{font-size:6.8pt}table.summary th,table.summary td{padding:0.1em 0.2em}
thead{display:table-header-group}
tr,figure,p.who{break-inside:avoid;page-break-inside:avoid}
.summary,.info{break-inside:avoid;page-break-inside:avoid}
}
"""


def _e(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _num(x: Any, digits: int = 2) -> str:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return "n/a"
    return f"{v:.{digits}f}" if math.isfinite(v) else "n/a"


def _mean_sd(mean: Any, sd: Any, digits: int) -> str:
    if not math.isfinite(float(mean)):
        return "n/a"
    if not math.isfinite(float(sd)):
        return f"{_num(mean, digits)} (SD n/a)"
    return f"{_num(mean, digits)} ± {_num(sd, digits)}"


def _value_meas_sd(value: Any, sd: Any, digits: int) -> str:
    """A value with ``digits`` decimals ± its measurement SD with 2 significant digits (so that
    a small SD never reads 0.0)."""
    if not math.isfinite(float(value)):
        return "n/a"
    if not math.isfinite(float(sd)):
        return f"{_num(value, digits)} (SD n/a)"
    return f"{_num(value, digits)} ± {_sd_text(sd)}"


def _ci(est: Any, lo: Any, hi: Any, digits: int = 1) -> str:
    if not math.isfinite(float(est)):
        return "n/a"
    if math.isfinite(float(lo)) and math.isfinite(float(hi)):
        return f"{_num(est, digits)} [{_num(lo, digits)}, {_num(hi, digits)}]"
    return f"{_num(est, digits)} [CI n/a]"


def _out_dir(out_dir: Any) -> Path:
    if isinstance(out_dir, bool) or not isinstance(out_dir, (str, os.PathLike)):
        raise TypeError(f"argument 'out_dir': expected a directory path, got "
                        f"{type(out_dir).__name__}")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"argument 'out_dir': expected a directory, got the existing "
                                 f"file {out}")
    out.mkdir(parents=True, exist_ok=True)
    return out


def _si_threshold(report: TrialReport) -> Optional[float]:
    for t in report.thresholds:
        if t.quantity == "symmetry_index_percent" and t.value is not None:
            return float(t.value)
    return None


def _atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and a rename,
    so that a reader never sees a half-written file and a failure leaves the old one. The
    temporary file is opened like any new file (permissions from the umask; mkstemp's would
    be 0600)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "xb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())  # on disk before the rename that publishes it
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _colors_arg(colors: Any) -> dict[str, str]:
    """The side -> colour mapping of the figures: the defaults of hipmech.plot, overridden by
    ``colors`` for the sides it names."""
    from .. import plot

    palette = dict(plot.COLORS)
    if colors is None:
        return palette
    for side, value in plot._side_mapping(colors, "colors").items():
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"argument 'colors': expected a colour name or '#rrggbb' for the "
                             f"{side} side, got {value!r}")
        try:
            import matplotlib.colors as mcolors
        except ImportError:  # no figures will be drawn: nothing to check the colour against
            pass
        else:
            if not mcolors.is_color_like(value):
                raise ValueError(f"argument 'colors': expected a matplotlib colour (e.g. "
                                 f"'#d62728') for the {side} side, got {value!r}")
        palette[side] = value
    return palette


def _normative_arg(normative: Any) -> dict[str, Any]:
    """Curve name -> DataFrame (percent_cycle, mean, sd) from a CSV path or a DataFrame.

    Every problem is a ValueError naming the file (or the DataFrame) and what was expected;
    a missing file is a FileNotFoundError (an OSError) naming it."""
    if normative is None:
        return {}
    import pandas as pd

    from .. import plot

    if isinstance(normative, pd.DataFrame):
        where, df = "DataFrame", normative
        line = 0  # rows counted from 0
    elif isinstance(normative, (str, os.PathLike)) and not isinstance(normative, bool):
        path = Path(normative)
        where = f"file {str(path)!r}"
        if not path.is_file():
            raise FileNotFoundError(f"argument 'normative': {where} not found (expected a CSV "
                                    f"file with columns {', '.join(NORMATIVE_COLUMNS)})")
        try:
            df = pd.read_csv(path, skipinitialspace=True, comment="#")
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
            raise ValueError(f"argument 'normative': {where}: expected a CSV file with columns "
                             f"{', '.join(NORMATIVE_COLUMNS)}, got a file pandas cannot read "
                             f"({exc})") from None
        line = 2  # row 0 is on line 2, after the header
    else:
        raise TypeError(f"argument 'normative': expected a CSV path or a pandas DataFrame with "
                        f"columns {', '.join(NORMATIVE_COLUMNS)}, got {type(normative).__name__}")
    where_row = "line" if line else "row"
    missing = [c for c in NORMATIVE_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"argument 'normative': {where}: expected columns "
                         f"{', '.join(NORMATIVE_COLUMNS)}, got {list(map(str, df.columns))!r} "
                         f"(missing {', '.join(missing)})")
    if df.empty:
        raise ValueError(f"argument 'normative': {where}: expected at least one row per curve, "
                         "got no rows")
    names = df["curve"].astype(str).str.strip()
    unknown = ~names.isin(list(CURVES))
    if unknown.any():
        i = int(unknown.to_numpy().nonzero()[0][0])
        raise ValueError(f"argument 'normative': {where}: expected curve names from "
                         f"hipmech.report.CURVES ({', '.join(CURVES)}), got {names.iloc[i]!r} "
                         f"({where_row} {i + line})")
    for c in NORMATIVE_COLUMNS[1:]:
        values = pd.to_numeric(df[c], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(values)
        if bad.any():
            i = int(bad.nonzero()[0][0])
            raise ValueError(f"argument 'normative': {where}: expected finite numbers in column "
                             f"{c!r}, got {df[c].iloc[i]!r} ({where_row} {i + line})")
    out = {}
    for name in CURVES:
        rows = df[(names == name).to_numpy()]
        if rows.empty:
            continue
        band = pd.DataFrame({c: pd.to_numeric(rows[c]).to_numpy(dtype=float)
                             for c in NORMATIVE_COLUMNS[1:]})
        try:
            plot._normative_band(band)
        except ValueError as exc:
            detail = str(exc).replace("argument 'normative': ", "")
            raise ValueError(f"argument 'normative': {where}: curve {name!r}: {detail}") from None
        out[name] = band
    return out


def _text_arg(value: Any, arg: str) -> Optional[str]:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"argument {arg!r}: expected a str or None, got {type(value).__name__}")
    return value


def _header_field(value: Optional[str], report: TrialReport, names: tuple[str, ...]) -> str:
    """An explicit value, else the first non-empty attribute or setting of the report among
    ``names`` (a report that carries none gives "": the field is left out)."""
    if value is not None:
        return value.strip()
    for n in names:
        v = getattr(report, n, None)
        if v is None:
            v = report.settings.get(n)
        if v is not None and str(v).strip():
            return str(v).strip()
    return ""


def _side_words(palette: dict[str, str]) -> str:
    """How the sides look, for the captions: "left red, solid line; right green, dashed line"
    (a colour given by the caller is named as given)."""
    from .. import plot

    names = {"left": "red", "right": "green"}
    words = []
    for side in SIDES:
        colour = names[side] if palette[side] == plot.COLORS[side] else palette[side]
        style = {"-": "solid", "--": "dashed"}.get(plot.LINESTYLES[side], "other")
        words.append(f"{side} {colour}, {style} line")
    return "; ".join(words)


def _figures(report: TrialReport, out: Path, fmt: str, palette: dict[str, str],
             normative: dict[str, Any]) -> tuple[dict[str, Path], list[tuple[str, str, str]],
                                                 list[str], str]:
    """Draw the figures with hipmech.plot and write them into ``out``: (files, [(name,
    caption, file name)], [what was not drawn and why], problem)."""
    try:
        import matplotlib  # noqa: F401

        from .. import plot
    except ImportError as exc:
        return {}, [], [], (f"Figures not drawn: matplotlib or hipmech.plot is not available "
                            f"({exc}).")
    files: dict[str, Path] = {}
    shown: list[tuple[str, str, str]] = []
    not_drawn: list[str] = []

    def save(kind: str, size: tuple[float, float], draw: Any, name: str,
             caption: str) -> None:
        # The figure is drawn by ``draw(ax)`` on a pooled Axes (_pooled_axes: no new Figure,
        # Axes and ticks per figure), once, on the Agg canvas at its final size: _fit_margins
        # measured the labels (no bbox_inches="tight", which drew every figure twice; docs:
        # report, "Speed").
        fig, ax, reused = _pooled_axes(kind, size)
        draw(ax)
        if not _fit_margins(fig) and reused:
            # The title is placed by matplotlib (a y offset text such as "1e-3"): a fresh
            # Axes, whose title placement was never fixed by an earlier figure.
            fig, ax, _ = _pooled_axes(kind, size, fresh=True)
            draw(ax)
            _fit_margins(fig)
        path = out / f"{name}.{fmt}"
        _atomic_write(path, _encode(fig, fmt))
        files[name] = path
        shown.append((name, caption, path.name))

    sides = _side_words(palette)
    fo = {s: report.curves.foot_off_percent[s] for s in SIDES
          if math.isfinite(report.curves.foot_off_percent[s])}
    for q, (unit, label) in CURVES.items():
        per_side = report.curves.data[q]
        # Cycles with data at every point, and with data somewhere (a moment curve has data
        # in stance only where a plate measured the foot): the caption states both when they
        # differ, so the band's sample size is not overstated.
        full = {s: int(np.isfinite(per_side[s]).all(axis=1).sum()) for s in SIDES}
        some = {s: int(np.isfinite(per_side[s]).any(axis=1).sum()) for s in SIDES}
        if not any(some.values()):
            n = {s: int(np.shape(per_side[s])[0]) for s in SIDES}
            why = ("no complete gait cycle on either side" if not any(n.values()) else
                   "no value in any gait cycle of either side")
            not_drawn.append(f"{label} [{unit}]: {why}, so no figure.")
            continue
        meas = _measurement_bands(report, q)

        def draw_curves(ax: Any, per_side: Any = per_side, q: str = q, unit: str = unit,
                        label: str = label, meas: Any = meas) -> None:
            plot.gait_curves(per_side, ax=ax, foot_off_percent=fo or None,
                             ylabel=f"{label} [{unit}]", title=label.split(" (")[0],
                             colors=palette, normative=normative.get(q), **meas)

        counts = " and ".join(
            f"{some[s]} {s}"
            + (f" ({full[s]} with a value at every point)" if full[s] != some[s] else "")
            for s in SIDES)
        norm = (" Grey band: the normative mean ± 1 SD given to the report."
                if q in normative else "")
        band = ""
        if meas:
            u = report.uncertainty
            band = (f" Light band with thin edge lines: the measurement uncertainty of the "
                    f"mean cycle, its value ± {u.z:.2f} SD ({100 * u.confidence:g} % band; "
                    + (f"Monte Carlo, {u.n_draws} draws" if u.method == "monte_carlo"
                       else "linearised") + "); the darker band is the spread between strides "
                    "(± 1 SD).")
        save("curves", (6.0, 3.6), draw_curves, f"curves_{q}",
             f"{label} [{unit}]: mean ± 1 SD over {counts} gait cycles (at each point, the "
             f"cycles with a value there), 0-100 % from foot strike; {sides}; stance shaded up "
             f"to each side's mean foot off.{norm}{band}")
    import pandas as pd

    s = report.summary
    label = {q: QUANTITIES[q][1].split(",")[0] for q in s["quantity"]}
    # The asymmetry the flags judge: the left-right difference of the angles, in degrees, with
    # each angle's margin; the symmetry index of the ratio-scaled moment, with its threshold
    # (docs: report, "Flags"). The symmetry angle of every quantity is shown, not judged.
    angles = s[s["unit"] == "deg"]
    margins = {t.quantity: float(t.value) for t in report.thresholds
               if t.measure == "difference" and t.value is not None}
    moment = s[s["quantity"].isin(RATIO_SCALED)]
    other = "right" if report.reference == "left" else "left"  # difference: other - reference
    panels = (
        ("difference", angles, "difference", f"{other} - {report.reference} difference [deg]",
         f"Difference of the side means (other minus reference limb, "
         f"{report.reference}) with 95 % percentile bootstrap CIs across stances; dashed "
         "marks: the margin of each angle (a flag needs the CI wholly beyond it and >= 3 "
         "stances per side)"),
        ("si", moment, "si_percent", "symmetry index [%]",
         "Symmetry index of the side means of the hip abduction moment (the only "
         "ratio-scaled quantity; angles are judged by their difference)"),
        ("sa", s, "sa_percent", "symmetry angle [%]",
         "Symmetry angle of the side means of every quantity (reported, not used for flags)"),
    )
    for kind, rows, col, xlabel, caption in panels:
        if rows.empty:
            continue
        prefix = "difference" if kind == "difference" else kind
        table = pd.DataFrame({"metric": [label[q] for q in rows["quantity"]],
                              "estimate": rows[col].astype(float),
                              "ci_low": rows[f"{prefix}_ci_low"].astype(float),
                              "ci_high": rows[f"{prefix}_ci_high"].astype(float)})
        thr = _si_threshold(report) if kind == "si" else None

        combined = _combined_cis(report, rows, prefix)

        def draw_bars(ax: Any, kind: str = kind, rows: Any = rows, table: Any = table,
                      thr: Optional[float] = thr, xlabel: str = xlabel,
                      combined: Any = combined) -> None:
            plot.asymmetry_bars(table, ax=ax, threshold=thr, xlabel=xlabel)
            if combined is not None:
                # The combined CI (measurement + between-stride), a dotted line below each
                # bar's stride CI: the interval the flags judge with flag_ci="combined".
                ax.plot([], [], color="black", lw=1.2, marker="|", markersize=10,
                        label="strides 95 % CI")
                for i, (lo, hi) in enumerate(combined):
                    if math.isfinite(lo) and math.isfinite(hi):
                        ax.plot([lo, hi], [i + 0.22, i + 0.22], color="0.35", lw=1.0, ls=":",
                                marker="|", markersize=6, zorder=5, gid=f"combined:{i}")
                ax.plot([], [], color="0.35", lw=1.0, ls=":", marker="|", markersize=6,
                        label="combined 95 % CI")
                # Room below the last row for the legend (three entries over the bars and
                # their intervals hide data wherever matplotlib puts them).
                ax.set_ylim(len(rows) - 0.5 + 1.1, -0.5)
                ax.legend(loc="lower center", fontsize="small", frameon=False, ncol=2)
            if kind != "difference":
                return
            for i, q in enumerate(rows["quantity"]):
                m = margins.get(q)
                if m is None:
                    continue
                for x in (-m, m):
                    ax.plot([x, x], [i - 0.4, i + 0.4], color="0.15", lw=1.2, ls="--",
                            zorder=4, gid=f"margin:{i}",
                            label="-/+ margin" if (i, x) == (0, m) else None)
            if combined is None:
                ax.legend(loc="best", fontsize="small", frameon=False)
            else:
                ax.legend(loc="lower center", fontsize="small", frameon=False, ncol=2)

        extra = ("; dotted line below each bar: the combined 95 % CI (measurement + "
                 "between-stride)" if combined is not None else "")
        height = 0.6 + 0.6 * len(rows) + 0.8 + (0.7 if combined is not None else 0.0)
        save(f"asymmetry_{kind}", (6.0, height), draw_bars,
             f"asymmetry_{kind}",
             f"{caption} (B = {report.n_resamples}, seed {report.seed}){extra}; n/a where not "
             "computable.")
    return files, shown, not_drawn, ""


def _measurement_bands(report: TrialReport, curve: str) -> dict[str, Any]:
    """The ``measurement=`` argument of plot.gait_curves for one curve (value ± z·sd of the
    mean cycle, per side with a band), or {} without uncertainty."""
    u = getattr(report, "uncertainty", None)
    if u is None:
        return {}
    bands = {}
    for side in SIDES:
        b = u.cycle_band(curve, side)
        if b["value"].size == 0 or not np.any(np.isfinite(b["sd"])):
            continue
        half = u.z * b["sd"]
        bands[side] = {"low": b["value"] - half, "high": b["value"] + half}
    if not bands:
        return {}
    return {"measurement": bands,
            "measurement_label": f"measurement {100 * u.confidence:g} % (±{u.z:.2f} SD)"}


def _combined_cis(report: TrialReport, rows: Any, prefix: str) -> Optional[list[tuple]]:
    """The combined CIs of the asymmetry panel's rows, or None without uncertainty."""
    col = f"{prefix}_ci_low_combined"
    if getattr(report, "uncertainty", None) is None or col not in rows.columns:
        return None
    return [(float(lo), float(hi)) for lo, hi in
            zip(rows[col], rows[f"{prefix}_ci_high_combined"])]


#: The pooled figures of this thread (_pooled_axes): {"rc": rcParams they were made under,
#: "figures": {(kind, size): (Figure, Axes)}}.
_POOL = threading.local()


def _pooled_axes(kind: str, size: tuple[float, float],
                 fresh: bool = False) -> tuple[Any, Any, bool]:
    """A Figure of ``size`` inches at :data:`PNG_DPI` with one empty Axes on an Agg canvas:
    (figure, axes, reused).

    Made once per ``kind`` and size in a thread and reused for every later figure of that
    kind (the six curves of a report, the next trial's figures), cleared by _clear_axes:
    making the Figure, the Axes and their ticks costs about a third of a figure's drawing
    (docs: report, "Speed"). matplotlib's settings (rcParams) when the figure was made are
    kept with it: a change makes new figures, as drawing on new figures would see it.
    ``fresh``: a new figure whatever the pool holds (it replaces the pooled one).
    """
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rc = dict.copy(mpl.rcParams)  # the stored values, without resolving the backend
    pool = getattr(_POOL, "figures", None)
    if pool is None or getattr(_POOL, "rc", None) != rc or len(pool) > 16:
        pool = _POOL.figures = {}
        _POOL.rc = rc
    key = (kind, size)
    if not fresh and key in pool:
        fig, ax = pool[key]
        _clear_axes(ax)
        return fig, ax, True
    fig = Figure(figsize=size, dpi=PNG_DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    pool[key] = (fig, ax)
    return fig, ax, False


def _clear_axes(ax: Any) -> None:
    """Remove what hipmech.plot and _figures draw on an Axes (artists, legend, labels, title)
    and give the limits back to autoscaling, keeping the Axes and its ticks: the next
    figure drawn on it is the same, pixel for pixel, as on a new Axes (a test compares
    them); ``Axes.clear`` would recreate the ticks."""
    for c in list(ax.containers):
        c.remove()
    for a in [*ax.lines, *ax.collections, *ax.patches, *ax.texts, *ax.images, *ax.tables,
              *ax.artists]:
        a.remove()
    legend = ax.get_legend()
    if legend is not None:
        legend.remove()
    ax.set_title("")
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.relim()
    ax.set_autoscale_on(True)


def _encode(fig: Any, fmt: str) -> bytes:
    """The figure drawn as SVG, or as PNG at :data:`PNG_DPI` with :data:`PNG_OPTIONS` and
    matplotlib's metadata: RGB when every pixel is opaque (the report's white figures; the
    same pixels, a quarter less to filter and compress), else RGBA."""
    buf = _io.BytesIO()
    if fmt == "svg":
        fig.savefig(buf, format="svg", metadata={"Date": None})
        return buf.getvalue()
    import matplotlib as mpl
    import PIL.Image
    import PIL.PngImagePlugin

    fig.savefig(_Discard(), format="rgba", dpi=PNG_DPI)  # drawn once, with savefig's colours
    size = fig.canvas.get_width_height()
    rgba = fig.canvas.buffer_rgba()  # what was drawn, not a copy
    # Opaque: every pixel's alpha (the high byte of a little-endian RGBA word) is 255.
    opaque = np.frombuffer(rgba, dtype="<u4").min() >= 0xFF000000
    image = (PIL.Image.frombytes("RGB", size, rgba, "raw", "RGBX") if opaque else
             PIL.Image.frombuffer("RGBA", size, rgba, "raw", "RGBA", 0, 1))
    info = PIL.PngImagePlugin.PngInfo()  # as matplotlib.image.imsave writes it
    info.add_text("Software", f"Matplotlib version{mpl.__version__}, https://matplotlib.org/")
    out = _io.BytesIO()
    image.save(out, format="png", dpi=(PNG_DPI, PNG_DPI), pnginfo=info, **PNG_OPTIONS)
    return out.getvalue()


class _Discard(_io.BytesIO):
    """A binary file that keeps nothing (savefig's output when only the canvas is wanted)."""

    def write(self, data: Any) -> int:
        return memoryview(data).nbytes


def _fit_margins(fig: Any) -> bool:
    """Set the margins of the figure's one Axes so that its tick labels, axis labels and title
    fit inside the figure with 0.1 inch to spare (bbox_inches="tight"'s pad).

    The texts outside the Axes are measured on the figure's Agg renderer (a few FreeType
    layouts: the tick labels the locator will draw, the axis labels, the title) and the
    margins are their extent plus matplotlib's paddings; the figure keeps its size. This
    replaces savefig(bbox_inches="tight"), which drew every figure twice (once only to measure
    it), and Axes.get_tightbbox, which costs as much as a draw (docs: report, "Speed").
    Returns whether the title (if any) was placed here (else matplotlib places it).
    """
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.font_manager import FontProperties
    from matplotlib.text import Text

    (ax,) = fig.axes
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    width, height = canvas.get_width_height()
    px = fig.dpi / 72.0  # pixels per point
    rc = mpl.rcParams

    cache = getattr(_POOL, "extents", None)
    if cache is None or getattr(_POOL, "extents_rc", None) is not getattr(_POOL, "rc", None):
        cache = _POOL.extents = {}  # made again when rcParams change (_pooled_axes)
        _POOL.extents_rc = getattr(_POOL, "rc", None)

    def extent(text: str, prop: Any) -> tuple[float, float]:
        """(width, height) [px] of one line of text as matplotlib lays it out (the line's
        height, not just the ink); 0 when empty. The layout is cached for the draw, the
        size by this thread for the next figures (the same tick labels and axis labels)."""
        if not text:
            return 0.0, 0.0
        key = (text, prop, fig.dpi)
        size = cache.get(key)
        if size is None:
            t = Text(0.0, 0.0, text, fontproperties=prop)
            t.set_figure(fig)
            box = t.get_window_extent(renderer)
            size = (box.width, box.height)
            if len(cache) > 4096:
                cache.clear()
            cache[key] = size
        return size

    def tick_labels(axis: Any, name: str) -> tuple[float, float]:
        """Widest and tallest of the major tick labels inside the view [px]."""
        lo, hi = sorted(axis.get_view_interval())
        slack = 1e-10 * max(abs(lo), abs(hi), 1.0)
        locs = [v for v in axis.get_majorticklocs() if lo - slack <= v <= hi + slack]
        prop = FontProperties(size=rc[f"{name}tick.labelsize"])
        sizes = [extent(t, prop) for t in axis.get_major_formatter().format_ticks(locs)]
        tick = (rc[f"{name}tick.major.size"] + rc[f"{name}tick.major.pad"]) * px
        return (max((w for w, _ in sizes), default=0.0) + tick,
                max((h for _, h in sizes), default=0.0) + tick)

    pad = 0.1 * fig.dpi
    label_pad = rc["axes.labelpad"] * px
    _, ylabel_h = extent(ax.get_ylabel(), ax.yaxis.label.get_fontproperties())
    _, xlabel_h = extent(ax.get_xlabel(), ax.xaxis.label.get_fontproperties())
    _, title_h = extent(ax.get_title(), ax.title.get_fontproperties())
    for _ in range(2):  # the margins change the Axes' length and so, maybe, the ticks
        ytick_w, ytick_h = tick_labels(ax.yaxis, "y")
        xtick_w, xtick_h = tick_labels(ax.xaxis, "x")
        left = pad + ytick_w + (ylabel_h + label_pad if ylabel_h else 0.0)
        bottom = pad + xtick_h + (xlabel_h + label_pad if xlabel_h else 0.0)
        top = pad + max(ytick_h / 2, title_h + rc["axes.titlepad"] * px if title_h else 0.0)
        right = pad + xtick_w / 2
        fig.subplots_adjust(left=left / width, right=1.0 - right / width,
                            bottom=bottom / height, top=1.0 - top / height)
    # The title at the top of the Axes, where matplotlib's automatic placement puts it when
    # nothing sits above the Axes (no top ticks or labels, no y offset text such as "1e-3");
    # said once, the draw skips that search (a tight box of the y axis, 25 ms per figure).
    title = ax.get_title()
    if not title:
        return True
    if (not ax.get_title("left") and not ax.get_title("right")
            and not ax.yaxis.get_major_formatter().get_offset()):
        ax.set_title(title, y=1.0)
        return True
    return False


def _uncertainty_info(report: TrialReport) -> list[tuple[str, str]]:
    """The settings rows of the measurement uncertainty (none without it)."""
    u = getattr(report, "uncertainty", None)
    if u is None:
        return []
    what = (f"Monte Carlo, {u.n_draws} draws, seed {u.seed}" if u.method == "monte_carlo"
            else "first-order linearisation")
    on = ", ".join(k.replace("_", " ") for k, v in u.model.active().items() if v) or "none"
    flag_ci = report.settings.get("flag_ci", "combined")
    return [("measurement uncertainty", f"{what}; sources: {on}; "
             f"{100 * u.confidence:g} % intervals; {u.seconds:.2f} s"),
            ("flag rule", "the combined 95 % CI (measurement + between-stride) wholly beyond "
             "the threshold" if flag_ci == "combined" else
             "the between-stride 95 % CI wholly beyond the threshold (measurement uncertainty "
             "shown, not judged)")]


def _uncertainty_legend(report: TrialReport) -> list[str]:
    """What the measurement lines of the tables mean (none without the uncertainty)."""
    if getattr(report, "uncertainty", None) is None:
        return []
    return ["<p class='muted'>With the measurement uncertainty: 'meas. ± x' is the SD of the "
            "number from measurement error alone (marker noise, hip joint centre, segment "
            "parameters, ...; docs: uncertainty), the ± after a mean the SD between stances; "
            "'combined [a, b]' is the 95 % CI combining both (the stride bootstrap with each "
            "resample shifted by a measurement draw). Stance peaks are shown ± their "
            "measurement SD.</p>"]


def _warnings(report: TrialReport) -> list[str]:
    """Warnings a reader must see before the numbers (knee flexion cross-talk)."""
    out = []
    for side, c in sorted(getattr(report, "knee_crosstalk", {}).items()):
        if c.get("suspected"):
            out.append(f"<p class='warn'><b>Check the {_e(side)} knee's valgus:</b> "
                       f"{_e(c.get('note', ''))}</p>")
    return out


def _meas_lines(r: Mapping[str, Any], sd: str, prefix: str, digits: int) -> str:
    """The lines a cell gets with the measurement uncertainty (HTML, escaped): "meas. ± x"
    (the measurement SD) and "combined [a, b]" (the combined 95 % CI)."""
    lo, hi = float(r[f"{prefix}_ci_low_combined"]), float(r[f"{prefix}_ci_high_combined"])
    combined = (f"combined [{_num(lo, digits)}, {_num(hi, digits)}]"
                if math.isfinite(lo) and math.isfinite(hi) else "combined CI n/a")
    return (f"<br><span class='meas'>{_e('meas. ± ' + _sd_text(r[sd]))}</span>"
            f"<br><span class='meas'>{_e(combined)}</span>")


def _summary_table(report: TrialReport) -> str:
    with_u = getattr(report, "uncertainty", None) is not None
    head = ("<thead><tr><th>quantity</th><th>unit</th><th class='left'>left n (missing)</th>"
            "<th class='left'>left mean ± SD</th><th class='right'>right n (missing)</th>"
            "<th class='right'>right mean ± SD</th><th>difference [95 % CI]</th>"
            "<th>SI % [95 % CI]</th><th>SA % [95 % CI]</th><th>assessment</th>"
            "<th>rule (threshold)</th><th>flags</th></tr></thead>")
    rows = []
    for r in report.summary.to_dict(orient="records"):
        digits = 2 if r["unit"] != "deg" else 1
        cells = [f"<td>{_e(r['label'])}</td>", f"<td>{_e(r['unit'])}</td>"]
        for s in SIDES:
            flagged = r[f"{s}_flag"] is True
            cls = "num flag" if flagged else "num"
            cells.append(f"<td class='num'>{r[f'{s}_n']} ({r[f'{s}_missing']})</td>")
            text = _e(_mean_sd(r[f'{s}_mean'], r[f'{s}_sd'], digits))
            if with_u:  # the same cell: between-stride SD, then the measurement SD and CI
                text += _meas_lines(r, f"{s}_mean_sd_meas", s, digits)
            cells.append(f"<td class='{cls}'>{text}</td>")
        diff_cls = "num flag" if r.get("difference_flag") is True else "num"
        diff = _e(_ci(r["difference"], r["difference_ci_low"], r["difference_ci_high"], digits))
        if with_u:
            diff += _meas_lines(r, "difference_sd_meas", "difference", digits)
        cells.append(f"<td class='{diff_cls}'>{diff}</td>")
        si_cls = "num flag" if r["si_flag"] is True else "num"
        if r["quantity"] not in RATIO_SCALED:  # angles: judged by their difference
            r = {**r, "si_percent": math.nan}
        si = _e(_ci(r['si_percent'], r['si_ci_low'], r['si_ci_high']))
        sa = _e(_ci(r['sa_percent'], r['sa_ci_low'], r['sa_ci_high']))
        if with_u:
            if math.isfinite(float(r["si_percent"])):
                si += _meas_lines(r, "si_sd_meas", "si", 1)
            sa += _meas_lines(r, "sa_sd_meas", "sa", 1)
        cells.append(f"<td class='{si_cls}'>{si}</td>")
        cells.append(f"<td class='num'>{sa}</td>")
        cells.append(f"<td>{_e(r.get('assessment', ''))}</td>")
        cells.append(f"<td>{_e(r['threshold'])}</td>")
        cells.append(f"<td>{_e(r['flags']) if r['flags'] else 'none'}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table class='summary'>{head}<tbody>{''.join(rows)}</tbody></table>"


def _stance_table(report: TrialReport) -> str:
    st = report.stances
    if st.empty:
        return "<p>No complete stance.</p>"
    cols = [("side", "side", None), ("stance", "stance", None),
            ("foot_strike_frame", "foot strike (frame)", None),
            ("foot_off_frame", "foot off (frame)", None),
            ("foot_strike_source", "strike source", None),
            ("foot_off_source", "off source", None),
            ("single_support_begin", "single support from (frame)", None),
            ("single_support_end", "to (frame)", None),
            ("pelvic_drop_deg", "pelvic drop [deg]", 1),
            ("knee_valgus_deg", "knee valgus [deg]", 1),
            ("hip_adduction_deg", "hip adduction [deg]", 1),
            ("hip_abduction_moment_nm_per_kg", "hip abduction moment [N·m/kg]", 2),
            ("note", "note", None)]
    head = "<thead><tr>" + "".join(f"<th>{_e(t)}</th>" for _, t, _ in cols) + "</tr></thead>"
    rows = []
    for r in st.to_dict(orient="records"):
        cells = []
        for c, _, d in cols:
            if d is None:
                cls = f" class='{_e(r['side'])}'" if c == "side" else ""
                v = r[c]
                cells.append(f"<td{cls}>{'n/a' if v is None else _e(v)}</td>")
            elif f"{c}_sd" in r:  # with the uncertainty: the peak ± its measurement SD
                cells.append(f"<td class='num'>{_e(_value_meas_sd(r[c], r[f'{c}_sd'], d))}"
                             "</td>")
            else:
                cells.append(f"<td class='num'>{_num(r[c], d)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table>{head}<tbody>{''.join(rows)}</tbody></table>"


def _html(report: TrialReport, shown: list[tuple[str, str, str]], not_drawn: list[str],
          problem: str, patient: str, session: str) -> str:
    s = report.settings
    cut = "none (data as stored)" if report.cutoff_hz is None else f"{report.cutoff_hz:g} Hz"
    who = [(k, v) for k, v in (("patient", patient), ("session", session)) if v]
    info = [
        *who,
        ("trial", report.trial_name), ("file", report.source),
        ("frames", f"{report.n_frames} at {report.point_rate_hz:g} Hz"),
        ("body mass", f"{report.body_mass_kg:g} kg (from the "
                      + {"argument": "argument", "subject": "subject file"}.get(
                          report.body_mass_source, "file") + ")"),
        ("age", (f"{s['age_years']:g} years (from the {s.get('age_source')})"
                 if s.get("age_years") is not None else "unknown")),
        ("static trial", report.static_source or "none"),
        ("subject file", s.get("subject") or "none"),
        ("marker map", ", ".join(f"{k}={v}" for k, v in (s.get("marker_map") or {}).items())
         or "none"),
        ("gait events", f"{report.events_source} (events={s.get('events', 'auto')})"),
        ("marker and force filter", f"zero-lag Butterworth, order 2, {cut}"
         if report.cutoff_hz is not None else cut),
        ("pelvis angles", s.get("pelvis_angles", "")),
        ("joint angles", s.get("joint_angles", "")),
        ("moments", s.get("moments", "")),
        ("asymmetry", f"reference limb {report.reference}; 95 % percentile bootstrap across "
                      f"stances, B = {report.n_resamples}, seed {report.seed}"),
        *_uncertainty_info(report),
        ("hipmech", report.hipmech_version),
    ]
    title = " · ".join([report.trial_name, *(v for _, v in who)])
    parts = ["<!DOCTYPE html>", "<html lang='en'><head><meta charset='utf-8'>",
             "<meta name='viewport' content='width=device-width, initial-scale=1'>",
             f"<title>hipmech hip report: {_e(title)}</title>",
             f"<style>{_CSS}{_CSS_UNCERTAINTY if report.uncertainty is not None else ''}"
             "</style></head><body>",
             f"<h1>Hip report: {_e(report.trial_name)}</h1>"]
    if who:
        parts.append("<p class='who'>" + "".join(
            f"<span><b>{_e(k)}:</b> {_e(v)}</span>" for k, v in who) + "</p>")
    parts += ["<p class='muted'>Pelvic drop, knee valgus, hip adduction and hip abduction moments "
              "per stance, left/right asymmetry, and flags against literature thresholds. "
              "Values are peaks per stance, then mean ± SD across stances.</p>",
              "<h2>Trial and settings</h2><table class='info'>",
              *(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in info),
              "</table>",
              "<h2>Summary</h2>", *_warnings(report), _summary_table(report),
              "<p class='muted'>n: stances with a value; missing: stances whose value could not "
              "be computed (see the notes). Difference: other minus reference limb "
              f"({_e(report.reference)}) side mean, in the quantity's unit; SI: Robinson "
              "symmetry index (the moment only), SA: Zifchock symmetry angle, of the side "
              "means; positive when "
              "the other limb's value is larger. Angles are judged by their difference, the "
              "moment by its SI; no flag from fewer than 3 stances per side or when the 95 % "
              "CI contains the threshold ('not assessed' says why). Highlighted cells are "
              "flagged; each flag names its rule and source.</p>",
              *_uncertainty_legend(report),
              "<h2>Figures</h2>"]
    if problem:
        parts.append(f"<p>{_e(problem)}</p>")
    n_curves = sum(1 for name, _, _ in shown if name.startswith("curves_"))
    if not problem and n_curves == 0:
        parts.append("<p class='nocurve'>No gait curve could be drawn: no complete gait cycle "
                     "(foot strike to the next foot strike of the same foot) with data on "
                     "either side.</p>")
    elif not_drawn:
        parts.append("<ul class='nocurve'>" + "".join(f"<li>{_e(t)}</li>" for t in not_drawn)
                     + "</ul>")
    for name, caption, file_name in shown:
        src = urllib.parse.quote(file_name)
        parts.append(f"<figure><img alt='{_e(caption)}' src='{_e(src)}'>"
                     f"<figcaption>{_e(caption)}</figcaption></figure>")
    parts += ["<h2>Stances</h2>", _stance_table(report),
              "<h2>Notes: what was computed, and what was not</h2><ul>",
              *(f"<li>{_e(n)}</li>" for n in report.notes), "</ul>",
              "<h2>Thresholds</h2><table><thead><tr><th>quantity</th><th>rule</th>"
              "<th>context</th><th>derivation</th><th>source</th><th>note</th></tr></thead>"
              "<tbody>"]
    for t in report.thresholds:
        op = {"beyond": "magnitude > ", "above": "> ", "below": "< "}[t.direction]
        rule = "not computed" if t.value is None else (
            ("left-right difference " if t.measure == "difference" else "") +
            f"{op}{t.value:g} {t.unit}" + (f" ({t.population})" if t.population else ""))
        parts.append(f"<tr><td>{_e(t.quantity)}</td><td>{_e(rule)}</td><td>{_e(t.context)}</td>"
                     f"<td>{_e(t.derivation)}</td><td>{_e(t.source or 'none')}</td>"
                     f"<td>{_e(t.note)}</td></tr>")
    refs = METHOD_REFERENCES + (UNCERTAINTY_REFERENCES if report.uncertainty is not None
                                else ())
    parts += ["</tbody></table>", "<h2>References</h2><ol>",
              *(f"<li>{_e(r)}</li>" for r in refs), "</ol>",
              f"<p class='muted'>Written by hipmech {_e(report.hipmech_version)}.</p>",
              "</body></html>"]
    return "\n".join(parts)


def write(report: TrialReport, out_dir: Any, *, figures: bool = True,
          figure_format: str = "png", colors: Optional[Mapping] = None, normative: Any = None,
          patient: Optional[str] = None, session: Optional[str] = None,
          overwrite: bool = False) -> dict[str, Path]:
    """Write ``report.html``, ``report.json`` and the figures into ``out_dir``.

    The figures are files beside the page (``curves_<curve>.png`` ...), which the page loads
    by relative paths: move or send the directory as a whole. Every file is first written to
    a staging folder beside ``out_dir`` (flushed to disk), then renamed into ``out_dir``, the
    page last, so that a reader never sees a half-written file or a page whose figures are not
    there yet, and a failure (a full disk, a bad figure) leaves ``out_dir`` as it was. Report
    files of an earlier run that this one does not write (the figures after ``figures=False``,
    a curve no longer drawn) are removed: the folder never mixes two runs. Other files in
    ``out_dir`` are left alone.

    Parameters
    ----------
    report : TrialReport
        From :func:`hipmech.report.analyse`.
    out_dir : str or os.PathLike
        Directory, created when missing.
    figures : bool
        Draw the figures (needs matplotlib; without it the HTML says so).
    figure_format : {"png", "svg"}
        PNG at :data:`PNG_DPI` (200) dots per inch (default), or SVG (vector: sharp at any
        zoom and on paper, text selectable).
    colors : mapping, optional
        Side (``"left"``, ``"right"`` or :class:`hipmech.Side`) -> matplotlib colour of the
        figures, overriding the gait-lab default (left red ``#d62728``, right green
        ``#2ca02c``; :data:`hipmech.plot.COLORS`) for the sides given. Left stays a solid
        line and right a dashed one whatever the colours.
    normative : str, os.PathLike or pandas.DataFrame, optional
        A reference group's corridors, drawn as a grey mean ± 1 SD band behind the curves: a
        CSV file or a DataFrame with columns ``curve`` (a name of
        :data:`hipmech.report.CURVES`), ``percent_cycle`` (0-100, each once per curve, at
        least two per curve), ``mean`` and ``sd`` (>= 0), in the report's units and sign
        conventions (docs: report, "Normative corridor"). Curves it does not name get no band.
    patient, session : str, optional
        Shown in the page's header. By default the report's ``subject_name`` and
        ``session_date`` when it carries them, else left out; ``""`` leaves a field out.
        HTML-escaped, as every text in the page.
    overwrite : bool
        ``out_dir`` already holds the report of another trial (its ``report.json`` names
        another source): replace it. Without it that is a FileExistsError, so that one trial's
        report never silently replaces another's (CLI ``--overwrite``). Rewriting the same
        trial's report needs no flag.

    Returns
    -------
    dict of str to pathlib.Path
        ``"html"``, ``"json"`` and one entry per figure (named as the file without its
        extension: ``"curves_hip_adduction_deg"``, ``"asymmetry_si"``, ...). A curve with no
        data on either side has no figure; the page says so instead.

    Raises
    ------
    TypeError
        ``report`` is not a TrialReport, ``out_dir`` not a path, ``colors`` not a mapping,
        ``normative`` neither a path nor a DataFrame, ``patient``/``session`` not a str.
    ValueError
        ``figure_format`` not "png"/"svg", an unknown colour or side in ``colors``, a
        normative CSV/DataFrame with missing columns, an unknown curve name, non-numeric or
        non-finite values, a percent outside 0-100 or repeated, a negative SD (the message
        names the file and the line).
    FileNotFoundError
        (an OSError) the normative file does not exist.
    NotADirectoryError
        (an OSError) ``out_dir`` is an existing file.
    FileExistsError
        (an OSError) ``out_dir`` holds another trial's report and ``overwrite`` is False.
    """
    if not isinstance(report, TrialReport):
        raise TypeError(f"argument 'report': expected a hipmech.report.TrialReport, got "
                        f"{type(report).__name__}")
    if not isinstance(figures, bool):
        raise TypeError(f"argument 'figures': expected a bool, got {type(figures).__name__}")
    if not isinstance(figure_format, str) or figure_format.lower() not in FIGURE_FORMATS:
        raise ValueError(f"argument 'figure_format': expected 'png' or 'svg', got "
                         f"{figure_format!r}")
    fmt = figure_format.lower()
    palette = _colors_arg(colors)
    corridors = _normative_arg(normative)
    patient = _header_field(_text_arg(patient, "patient"), report, ("subject_name", "subject"))
    session = _header_field(_text_arg(session, "session"), report,
                            ("session_date", "session"))
    if not isinstance(overwrite, bool):
        raise TypeError(f"argument 'overwrite': expected a bool, got {type(overwrite).__name__}")
    out = _out_dir(out_dir)
    _check_not_another_trial(out, report, overwrite)
    # Everything is made in a staging folder beside out_dir, then moved in (renames).
    stage = out.parent / f".{out.name}.{os.getpid()}.{secrets.token_hex(4)}.staging"
    stage.mkdir()
    try:
        files: dict[str, Path] = {}
        shown: list[tuple[str, str, str]] = []
        not_drawn: list[str] = []
        problem = "Figures not drawn (figures=False)."
        if figures:
            drawn, shown, not_drawn, problem = _figures(report, stage, fmt, palette, corridors)
            files.update(drawn)
        text = json.dumps(report.to_dict(), indent=1, allow_nan=False, ensure_ascii=False)
        # A file name that is not UTF-8 (held as surrogates by os.fsdecode) is written as its
        # escape (\udce9), which a JSON reader decodes back; never an encoding error.
        _atomic_write(stage / "report.json", (text + "\n").encode("utf-8", "backslashreplace"))
        files["json"] = stage / "report.json"
        page = _html(report, shown, not_drawn, problem, patient, session)
        _atomic_write(stage / "report.html", page.encode("utf-8", "backslashreplace"))
        files["html"] = stage / "report.html"
        order = [k for k in files if k not in ("json", "html")] + ["json", "html"]
        moved: dict[str, Path] = {}
        for key in order:
            target = out / files[key].name
            os.replace(files[key], target)
            moved[key] = target
        keep = {p.name for p in moved.values()}
        for old in out.iterdir():  # an earlier run's report files this run did not write
            if old.name not in keep and _is_report_file(old.name) and old.is_file():
                old.unlink()
        return {k: moved[k] for k in files}
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _is_report_file(name: str) -> bool:
    """A file `write` makes: the page, the JSON or a figure."""
    stem, _, ext = name.rpartition(".")
    return name in ("report.html", "report.json") or (
        ext in FIGURE_FORMATS and (stem.startswith("curves_") or stem.startswith("asymmetry_")))


def _check_not_another_trial(out: Path, report: TrialReport, overwrite: bool) -> None:
    """FileExistsError when out/report.json is the report of another source (unless
    ``overwrite``)."""
    existing = out / "report.json"
    if overwrite or not existing.is_file():
        return
    try:
        source = json.loads(existing.read_text(encoding="utf-8")).get("source")
    except (OSError, ValueError, AttributeError):
        # unreadable: not ours to judge, but not replaced silently either
        raise FileExistsError(f"argument 'out_dir': {existing} exists and is not a readable "
                              "hipmech report; pass overwrite=True (--overwrite) to replace it")
    same = source == report.source
    if not same and isinstance(source, str) and source and report.source:
        try:
            same = os.path.samefile(source, report.source)
        except OSError:
            same = False
    if not same:
        raise FileExistsError(f"argument 'out_dir': {out} holds the report of another trial "
                              f"({source}); pass overwrite=True (--overwrite) to replace it, "
                              "or choose another folder")
