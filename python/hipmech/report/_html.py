"""Writing a :class:`TrialReport`: report.html (self-contained), report.json, PNG figures."""

from __future__ import annotations

import base64
import html
import io as _io
import json
import math
import os
from pathlib import Path
from typing import Any, Optional

import numpy as np

from ._analysis import CURVES, QUANTITIES, SIDES, TrialReport

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

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:72em;
color:#222;line-height:1.4;padding:0 1em}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:0.5em 0;font-size:0.9em}
th,td{border:1px solid #ccc;padding:0.25em 0.5em;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.num{text-align:right;font-variant-numeric:tabular-nums}
td.flag{background:#fde2c8;font-weight:600}
figure{display:inline-block;margin:0.5em;vertical-align:top}
figure img{max-width:34em;border:1px solid #eee}
figcaption{font-size:0.85em;color:#555;max-width:34em}
.left{color:#1f77b4}.right{color:#d62728}.muted{color:#666;font-size:0.85em}
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


def _ci(est: Any, lo: Any, hi: Any) -> str:
    if not math.isfinite(float(est)):
        return "n/a"
    if math.isfinite(float(lo)) and math.isfinite(float(hi)):
        return f"{_num(est, 1)} [{_num(lo, 1)}, {_num(hi, 1)}]"
    return f"{_num(est, 1)} [CI n/a]"


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


def _figures(report: TrialReport, out: Path) -> tuple[dict[str, Path], list[tuple[str, str, str]],
                                                        str]:
    """Draw the figures with hipmech.plot: (files, [(name, caption, base64 png)], problem)."""
    try:
        from matplotlib.figure import Figure

        from .. import plot
    except ImportError as exc:
        return {}, [], f"Figures not drawn: matplotlib or hipmech.plot is not available ({exc})."
    files: dict[str, Path] = {}
    embedded: list[tuple[str, str, str]] = []

    def save(fig: Any, name: str, caption: str) -> None:
        buf = _io.BytesIO()
        fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
        data = buf.getvalue()
        path = out / f"{name}.png"
        path.write_bytes(data)
        files[name] = path
        embedded.append((name, caption, base64.b64encode(data).decode("ascii")))

    fo = {s: report.curves.foot_off_percent[s] for s in SIDES
          if math.isfinite(report.curves.foot_off_percent[s])}
    for q, (unit, label) in CURVES.items():
        fig = Figure(figsize=(6.0, 3.6))
        ax = fig.add_subplot()
        per_side = report.curves.data[q]
        plot.gait_curves(per_side, ax=ax, foot_off_percent=fo or None,
                         ylabel=f"{label} [{unit}]", title=label.split(" (")[0])
        # Cycles with data at every point, and with data somewhere (a moment curve has data
        # in stance only where a plate measured the foot): the caption states both when they
        # differ, so the band's sample size is not overstated.
        full = {s: int(np.isfinite(per_side[s]).all(axis=1).sum()) for s in SIDES}
        some = {s: int(np.isfinite(per_side[s]).any(axis=1).sum()) for s in SIDES}
        counts = " and ".join(
            f"{some[s]} {s}" + (f" ({full[s]} complete)" if full[s] != some[s] else "")
            for s in SIDES)
        save(fig, f"curves_{q}",
             f"{label} [{unit}]: mean ± 1 SD over {counts} gait cycles (at each point, the "
             "cycles with a value there), 0-100 % from foot strike; stance shaded up to each "
             "side's mean foot off.")
    import pandas as pd

    for kind, col, xlabel in (("si", "si_percent", "symmetry index [%]"),
                              ("sa", "sa_percent", "symmetry angle [%]")):
        s = report.summary
        table = pd.DataFrame({"metric": [QUANTITIES[q][1].split(",")[0] for q in s["quantity"]],
                              "estimate": s[col].astype(float),
                              "ci_low": s[f"{kind}_ci_low"].astype(float),
                              "ci_high": s[f"{kind}_ci_high"].astype(float)})
        fig = Figure(figsize=(6.0, 3.0))
        ax = fig.add_subplot()
        thr = _si_threshold(report) if kind == "si" else None
        plot.asymmetry_bars(table, ax=ax, threshold=thr, xlabel=xlabel)
        save(fig, f"asymmetry_{kind}",
             f"{xlabel} of the side means (reference limb: {report.reference}; positive: the "
             f"other limb is larger) with 95 % percentile bootstrap CIs across stances "
             f"(B = {report.n_resamples}, seed {report.seed}); n/a where not computable.")
    return files, embedded, ""


def _summary_table(report: TrialReport) -> str:
    head = ("<tr><th>quantity</th><th>unit</th><th class='left'>left n (missing)</th>"
            "<th class='left'>left mean ± SD</th><th class='right'>right n (missing)</th>"
            "<th class='right'>right mean ± SD</th><th>SI % [95 % CI]</th>"
            "<th>SA % [95 % CI]</th><th>threshold</th><th>flags</th></tr>")
    rows = []
    for r in report.summary.to_dict(orient="records"):
        digits = 2 if r["unit"] != "deg" else 1
        cells = [f"<td>{_e(r['label'])}</td>", f"<td>{_e(r['unit'])}</td>"]
        for s in SIDES:
            flagged = r[f"{s}_flag"] is True
            cls = "num flag" if flagged else "num"
            cells.append(f"<td class='num'>{r[f'{s}_n']} ({r[f'{s}_missing']})</td>")
            cells.append(f"<td class='{cls}'>{_e(_mean_sd(r[f'{s}_mean'], r[f'{s}_sd'], digits))}"
                         "</td>")
        si_cls = "num flag" if r["si_flag"] is True else "num"
        cells.append(f"<td class='{si_cls}'>"
                     f"{_e(_ci(r['si_percent'], r['si_ci_low'], r['si_ci_high']))}</td>")
        cells.append(f"<td class='num'>"
                     f"{_e(_ci(r['sa_percent'], r['sa_ci_low'], r['sa_ci_high']))}</td>")
        cells.append(f"<td>{_e(r['threshold'])}</td>")
        cells.append(f"<td>{_e(r['flags']) if r['flags'] else 'none'}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def _stance_table(report: TrialReport) -> str:
    st = report.stances
    if st.empty:
        return "<p>No complete stance.</p>"
    cols = [("side", "side", None), ("stance", "stance", None),
            ("foot_strike_frame", "foot strike (frame)", None),
            ("foot_off_frame", "foot off (frame)", None),
            ("foot_strike_source", "strike source", None),
            ("pelvic_drop_deg", "pelvic drop [deg]", 1),
            ("knee_valgus_deg", "knee valgus [deg]", 1),
            ("hip_adduction_deg", "hip adduction [deg]", 1),
            ("hip_abduction_moment_nm_per_kg", "hip abduction moment [N·m/kg]", 2),
            ("note", "note", None)]
    head = "<tr>" + "".join(f"<th>{_e(t)}</th>" for _, t, _ in cols) + "</tr>"
    rows = []
    for r in st.to_dict(orient="records"):
        cells = []
        for c, _, d in cols:
            if d is None:
                cls = f" class='{_e(r['side'])}'" if c == "side" else ""
                cells.append(f"<td{cls}>{_e(r[c])}</td>")
            else:
                cells.append(f"<td class='num'>{_num(r[c], d)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def _html(report: TrialReport, embedded: list[tuple[str, str, str]], problem: str) -> str:
    s = report.settings
    cut = "none (data as stored)" if report.cutoff_hz is None else f"{report.cutoff_hz:g} Hz"
    info = [
        ("trial", report.trial_name), ("file", report.source),
        ("frames", f"{report.n_frames} at {report.point_rate_hz:g} Hz"),
        ("body mass", f"{report.body_mass_kg:g} kg (from the "
                      f"{'argument' if report.body_mass_source == 'argument' else 'file'})"),
        ("static trial", report.static_source or "none"),
        ("gait events", report.events_source),
        ("marker and force filter", f"zero-lag Butterworth, order 2, {cut}"
         if report.cutoff_hz is not None else cut),
        ("pelvis angles", s.get("pelvis_angles", "")),
        ("joint angles", s.get("joint_angles", "")),
        ("moments", s.get("moments", "")),
        ("asymmetry", f"reference limb {report.reference}; 95 % percentile bootstrap across "
                      f"stances, B = {report.n_resamples}, seed {report.seed}"),
        ("hipmech", report.hipmech_version),
    ]
    parts = ["<!DOCTYPE html>", "<html lang='en'><head><meta charset='utf-8'>",
             f"<title>hipmech hip report: {_e(report.trial_name)}</title>",
             f"<style>{_CSS}</style></head><body>",
             f"<h1>Hip report: {_e(report.trial_name)}</h1>",
             "<p class='muted'>Pelvic drop, knee valgus, hip adduction and hip abduction moments "
             "per stance, left/right asymmetry, and flags against literature thresholds. "
             "Values are peaks per stance, then mean ± SD across stances.</p>",
             "<h2>Trial and settings</h2><table>",
             *(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in info),
             "</table>",
             "<h2>Summary</h2>", _summary_table(report),
             "<p class='muted'>n: stances with a value; missing: stances whose value could not "
             "be computed (see the notes). SI: Robinson symmetry index, SA: Zifchock symmetry "
             f"angle, of the side means, reference limb {_e(report.reference)}; positive when "
             "the other limb's value is larger. Highlighted cells are flagged; each flag names "
             "its source.</p>",
             "<h2>Figures</h2>"]
    if problem:
        parts.append(f"<p>{_e(problem)}</p>")
    for name, caption, data in embedded:
        parts.append(f"<figure><img alt='{_e(name)}' src='data:image/png;base64,{data}'>"
                     f"<figcaption>{_e(caption)}</figcaption></figure>")
    parts += ["<h2>Stances</h2>", _stance_table(report),
              "<h2>Notes: what was computed, and what was not</h2><ul>",
              *(f"<li>{_e(n)}</li>" for n in report.notes), "</ul>",
              "<h2>Thresholds</h2><table><tr><th>quantity</th><th>rule</th><th>context</th>"
              "<th>derivation</th><th>source</th><th>note</th></tr>"]
    for t in report.thresholds:
        op = {"beyond": "magnitude > ", "above": "> ", "below": "< "}[t.direction]
        rule = "not computed" if t.value is None else f"{op}{t.value:g} {t.unit}"
        parts.append(f"<tr><td>{_e(t.quantity)}</td><td>{_e(rule)}</td><td>{_e(t.context)}</td>"
                     f"<td>{_e(t.derivation)}</td><td>{_e(t.source or 'none')}</td>"
                     f"<td>{_e(t.note)}</td></tr>")
    parts += ["</table>", "<h2>References</h2><ol>",
              *(f"<li>{_e(r)}</li>" for r in METHOD_REFERENCES), "</ol>",
              f"<p class='muted'>Written by hipmech {_e(report.hipmech_version)}.</p>",
              "</body></html>"]
    return "\n".join(parts)


def write(report: TrialReport, out_dir: Any, *, figures: bool = True) -> dict[str, Path]:
    """Write ``report.html``, ``report.json`` and the PNG figures into ``out_dir``.

    Parameters
    ----------
    report : TrialReport
        From :func:`hipmech.report.analyse`.
    out_dir : str or os.PathLike
        Directory, created when missing.
    figures : bool
        Draw the figures (needs matplotlib; without it the HTML says so).

    Returns
    -------
    dict of str to pathlib.Path
        ``"html"``, ``"json"`` and one entry per PNG figure (named as the file without
        ``.png``: ``"curves_hip_adduction_deg"``, ``"asymmetry_si"``, ...).

    Raises
    ------
    TypeError
        ``report`` is not a TrialReport or ``out_dir`` not a path.
    NotADirectoryError
        (an OSError) ``out_dir`` is an existing file.
    """
    if not isinstance(report, TrialReport):
        raise TypeError(f"argument 'report': expected a hipmech.report.TrialReport, got "
                        f"{type(report).__name__}")
    if not isinstance(figures, bool):
        raise TypeError(f"argument 'figures': expected a bool, got {type(figures).__name__}")
    out = _out_dir(out_dir)
    files: dict[str, Path] = {}
    text = json.dumps(report.to_dict(), indent=1, allow_nan=False, ensure_ascii=False)
    (out / "report.json").write_text(text + "\n", encoding="utf-8")
    files["json"] = out / "report.json"
    embedded: list[tuple[str, str, str]] = []
    problem = "Figures not drawn (figures=False)."
    if figures:
        pngs, embedded, problem = _figures(report, out)
        files.update(pngs)
    (out / "report.html").write_text(_html(report, embedded, problem), encoding="utf-8")
    files["html"] = out / "report.html"
    return files
