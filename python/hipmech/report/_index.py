"""The cohort files of a run: ``cohort/summary.csv``, ``stances.csv``, ``trials.csv`` and the
self-contained ``index.html`` with the cohort table and figure (docs: cohorts)."""

from __future__ import annotations

import base64
import io as _io
import math
import os
import urllib.parse
from pathlib import Path
from typing import Any

from .. import __version__
from ._analysis import QUANTITIES
from ._cohort import remove_stale_tables, summarise, summarise_stances, write_tables
from ._html import _CSS, _atomic_write, _e, _num
from ._side_spm import compare_sides, html_section, spm_table

#: Columns of cohort/trials.csv.
TRIAL_COLUMNS = ("trial", "subject", "status", "reason", "source", "static", "pairing",
                 "why_dynamic",
                 "left_stances", "right_stances", "flagged", "report", "seconds")


def trials_table(result: Any, folder: Path) -> Any:
    """One row per dynamic trial (``folder``: where the report links are relative to)."""
    import pandas as pd

    rows = []
    for t in result.trials:
        rep = t.report
        html = t.files.get("html") if t.files else None
        flagged = ""
        left = right = None
        if rep is not None:
            flagged = ", ".join(r["quantity"] for r in rep.summary.to_dict(orient="records")
                                if str(r["assessment"]).startswith("flagged"))
            sides = list(rep.stances["side"])
            left, right = sides.count("left"), sides.count("right")
        rows.append({"trial": t.trial_id, "subject": t.subject, "status": t.status,
                     "reason": t.reason,
                     "source": str(t.path), "static": None if t.static is None else str(t.static),
                     "pairing": t.pairing, "why_dynamic": t.kind_reason,
                     "left_stances": left, "right_stances": right, "flagged": flagged,
                     "report": None if html is None else _rel(html, folder),
                     "seconds": t.seconds})
    df = pd.DataFrame(rows, columns=list(TRIAL_COLUMNS))
    for col in ("left_stances", "right_stances"):
        df[col] = df[col].astype("Int64")
    for col in ("static", "report"):
        df[col] = df[col].astype(object).where(df[col].notna(), None)
    return df


def _rel(path: Path, folder: Path) -> str:
    return Path(os.path.relpath(path, folder)).as_posix()


def cohort_table(summary: Any) -> Any:
    """Per quantity and side, across the trials that worked: trials with a value, mean, SD,
    median, min and max of the trial means, and the trials flagged for the quantity."""
    import pandas as pd

    ok = summary[summary["status"] == "ok"]
    rows = []
    for q in QUANTITIES:
        for side in ("left", "right"):
            v = ok[(ok["quantity"] == q) & (ok["side"] == side)]
            m = v["mean"].astype(float)
            fin = m[m.notna()]
            flagged = int(v["assessment"].astype(str).str.startswith("flagged").sum())
            rows.append({"quantity": q, "unit": QUANTITIES[q][0], "side": side,
                         "trials": int(len(fin)), "trials_without_value": int(len(m) - len(fin)),
                         "mean": fin.mean() if len(fin) else math.nan,
                         "sd": fin.std(ddof=1) if len(fin) > 1 else math.nan,
                         "median": fin.median() if len(fin) else math.nan,
                         "min": fin.min() if len(fin) else math.nan,
                         "max": fin.max() if len(fin) else math.nan,
                         "trials_flagged": flagged})
    return pd.DataFrame(rows)


def _figure_png(summary: Any, palette: dict[str, str]) -> tuple[bytes, str]:
    """Per quantity, the trial means of each side as points over a box plot (PNG bytes), or
    (b"", why not)."""
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:
        return b"", f"Cohort figure not drawn: matplotlib is not available ({exc})."
    ok = summary[summary["status"] == "ok"]
    if ok.empty:
        return b"", "Cohort figure not drawn: no trial worked."
    import numpy as np

    fig = Figure(figsize=(10, 2.8), layout="constrained")
    axes = fig.subplots(1, len(QUANTITIES))
    rng = np.random.default_rng(0)  # jitter only: fixed so that the page is reproducible
    for ax, q in zip(axes, QUANTITIES):
        data = []
        for side in ("left", "right"):
            v = ok[(ok["quantity"] == q) & (ok["side"] == side)]["mean"].astype(float)
            data.append(v[np.isfinite(v)].to_numpy())
        for k, (side, vals) in enumerate(zip(("left", "right"), data)):
            if vals.size:
                ax.boxplot([vals], positions=[k], widths=0.5, showfliers=False,
                           medianprops={"color": palette[side]})
                ax.plot(k + rng.uniform(-0.12, 0.12, vals.size), vals, "o", ms=4, alpha=0.75,
                        color=palette[side])
        ax.set_xticks([0, 1], [f"left\n(n={data[0].size})", f"right\n(n={data[1].size})"])
        ax.set_xlim(-0.6, 1.6)
        ax.set_title(q.removesuffix("_deg").removesuffix("_nm_per_kg").replace("_", " "),
                     fontsize=9)
        ax.set_ylabel(QUANTITIES[q][0], fontsize=8)
        ax.tick_params(labelsize=8)
        ax.grid(axis="y", alpha=0.3)
    buf = _io.BytesIO()
    fig.savefig(buf, format="png", dpi=150)
    return buf.getvalue(), ""


def _link(href: str, text: str) -> str:
    url = urllib.parse.quote(href, errors="surrogateescape")  # a non-UTF-8 name: its bytes
    return f"<a href='{_e(url)}'>{_e(text)}</a>"


def _page(result: Any, trials: Any, table: Any, png: bytes, why: str, files: dict,
          spm_html: str = "") -> str:
    n = len(result.trials)
    failed = [t for t in result.trials if t.status != "ok"]
    first = next((t.report for t in result.trials if t.report is not None), None)
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
             "<meta name='viewport' content='width=device-width, initial-scale=1'>",
             "<title>hipmech cohort report</title>", f"<style>{_CSS}</style></head><body>",
             "<h1>Cohort report</h1>",
             f"<p>{n} dynamic trial(s): {n - len(failed)} reported, {len(failed)} failed; "
             f"{len(result.statics)} static trial(s) found (not analysed).</p>"]
    if first is not None:
        s = first.settings
        parts.append(f"<p class='muted'>Settings: reference {_e(s.get('reference'))}, "
                     f"low-pass {_e(s.get('cutoff_hz'))} Hz, events {_e(s.get('events'))}, "
                     f"{_e(s.get('n_resamples'))} bootstrap resamples (seed "
                     f"{_e(s.get('seed'))}).</p>")
    tables = " · ".join(_link(Path(p).name, Path(p).name) for k, p in files.items()
                        if k in ("summary_csv", "stances_csv", "trials_csv", "spm_csv",
                                 "xlsx"))
    parts.append(f"<p>Tables: {tables}</p>")
    for w in result.warnings:
        parts.append(f"<p class='warn'>{_e(w)}</p>")
    if failed:
        parts.append("<h2>Failed trials</h2><p class='warn'>These trials have no report; "
                     "they are listed in summary.csv and trials.csv with their reason.</p>"
                     "<table><thead><tr><th>trial</th><th>file</th><th>reason</th></tr>"
                     "</thead><tbody>")
        parts += [f"<tr><td>{_e(t.trial_id)}</td><td>{_e(t.path)}</td><td>{_e(t.reason)}</td>"
                  "</tr>" for t in failed]
        parts.append("</tbody></table>")
    parts.append("<h2>Cohort</h2>")
    if png:
        data = base64.b64encode(png).decode("ascii")
        parts.append("<figure><img style='width:60em' alt='Per quantity, the trial means of "
                     f"the left and right side' src='data:image/png;base64,{data}'>"
                     "<figcaption>Per quantity, each trial's side mean (points; box: median "
                     "and quartiles; whiskers: 1.5 IQR).</figcaption></figure>")
    else:
        parts.append(f"<p class='muted'>{_e(why)}</p>")
    parts.append("<table><thead><tr><th>quantity</th><th>side</th><th>unit</th>"
                 "<th>trials</th><th>no value</th><th>mean</th><th>SD</th><th>median</th>"
                 "<th>min</th><th>max</th><th>trials flagged</th></tr></thead><tbody>")
    for r in table.to_dict(orient="records"):
        parts.append(f"<tr><td>{_e(r['quantity'])}</td><td class='{r['side']}'>{r['side']}</td>"
                     f"<td>{_e(r['unit'])}</td><td class='num'>{r['trials']}</td>"
                     f"<td class='num'>{r['trials_without_value']}</td>" +
                     "".join(f"<td class='num'>{_num(r[k])}</td>"
                             for k in ("mean", "sd", "median", "min", "max")) +
                     f"<td class='num'>{r['trials_flagged']}</td></tr>")
    parts.append("</tbody></table><p class='muted'>Over the trials that worked: the "
                 "statistics of the trials' side means (each trial counts once); a trial is "
                 "flagged for a quantity when its report flags it.</p>")
    if spm_html:
        parts.append(spm_html)
    parts.append("<h2>Trials</h2><table><thead><tr><th>#</th><th>trial</th><th>status</th>"
                 "<th>static trial</th><th>pairing</th><th>stances L/R</th><th>flagged</th>"
                 "</tr></thead><tbody>")
    for i, r in enumerate(trials.to_dict(orient="records"), start=1):
        name = _link(r["report"], r["trial"]) if r["report"] else _e(r["trial"])
        status = "ok" if r["status"] == "ok" else f"FAILED: {_e(r['reason'])}"
        cls = "" if r["status"] == "ok" else " class='flag'"
        static = _e(Path(r["static"]).name) if r["static"] else "none"
        stances = ("" if r["status"] != "ok" else f"{r['left_stances']}/{r['right_stances']}")
        parts.append(f"<tr><td class='num'>{i}</td><td>{name}</td><td{cls}>{status}</td>"
                     f"<td>{static}</td><td>{_e(r['pairing'])}</td><td>{stances}</td>"
                     f"<td>{_e(r['flagged'])}</td></tr>")
    parts.append("</tbody></table>")
    named = [t for t in result.trials if "taken as a dynamic trial (docs: cohorts" in
             t.kind_reason]  # named like a static trial, walking by content
    if result.statics or named:
        parts.append("<h2>Static trials</h2><table><thead><tr><th>file</th><th>why static</th>"
                     "</tr></thead><tbody>")
        parts += [f"<tr><td>{_e(p)}</td><td>{_e(w)}</td></tr>" for p, w in result.statics]
        parts += [f"<tr><td>{_e(t.path)}</td><td><b>not static</b>, analysed as trial "
                  f"{_e(t.trial_id)}: {_e(t.kind_reason)}</td></tr>" for t in named]
        parts.append("</tbody></table>")
    parts.append(f"<p class='muted'>Written by hipmech {_e(__version__)}. The rules for "
                 "static trials and pairing: docs, Cohorts.</p></body></html>")
    return "\n".join(parts)


def write_cohort(result: Any, folder: Path, *, figures: bool = True,
                 palette: dict[str, str], xlsx: bool = False) -> dict[str, Path]:
    """Write the cohort files of ``result`` into ``folder`` (created); the page last."""
    folder.mkdir(parents=True, exist_ok=True)
    summary = summarise(result)
    # Links in the tables are relative to the cohort folder.
    summary["report"] = [_rel(Path(r), folder) if isinstance(r, str) else None
                         for r in summary["report"]]
    trials = trials_table(result, folder)
    # Left vs right over the gait cycle, one pair per subject (paired SPM; docs: cohorts).
    sides = compare_sides(result)
    files = write_tables(summary, summarise_stances(result), folder, csv=True,
                         xlsx="cohort.xlsx" if xlsx else None, trials=trials,
                         spm=spm_table(sides))
    # An earlier run's workbook when this one writes none (--xlsx not given again).
    remove_stale_tables(folder, {p.name for p in files.values()}, ("cohort.xlsx",))
    png, why = _figure_png(summary, palette) if figures else (
        b"", "Cohort figure not drawn (figures off).")
    spm_html = html_section(sides, figures,
                            "" if figures else "SPM figures not drawn (figures off).")
    page = _page(result, trials, cohort_table(summary), png, why, files, spm_html)
    _atomic_write(folder / "index.html", page.encode("utf-8", "backslashreplace"))
    files["index"] = folder / "index.html"
    return files
