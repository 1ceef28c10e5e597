"""Writing an :class:`~hipmech.clinic.Assessment`: assessment.html (self-contained, in the gait
report's style), assessment.json and the PNG figures (docs: assess, "Outputs")."""

from __future__ import annotations

import base64
import json
import math
import re
from pathlib import Path
from typing import Any

from ..report._html import _CSS, _atomic_write, _e, _out_dir
from ._assess import (Assessment, _check_not_another_session, _flag_side, _publish,
                      _remove_stage, _staging, _unjudged_change, is_side_note)
from ._session import SESSION_TESTS, SIDES

TITLES = {"single_leg_stance": "Single-leg stance (Trendelenburg test)",
          "single_leg_squat": "Single-leg squat",
          "hip_abductor_strength": "Hip-abductor strength (dynamometry)",
          "y_balance": "Y-Balance test", "hop_tests": "Single-leg hop tests"}

#: The left/right scores drawn per test when no flag is judged per side (names of
#: to_frame()'s quantity column, first match wins).
PREFERRED = {"hip_abductor_strength": ("torque_nm_per_kg",),
             "hop_tests": ("single_cm", "triple_cm", "crossover_cm"),
             "y_balance": ("composite_percent",)}

#: Side colours of the page and its figures: two neutral hues that colour-blind readers tell
#: apart (Okabe & Ito 2008's blue and reddish purple, darkened for text), not the gait lab's
#: red/green, which here would read as bad/good.
SIDE_COLORS = {"left": "#0072b2", "right": "#9c4d84"}

EXTRA_CSS = """
.left{color:#0072b2}.right{color:#9c4d84}
td.clear{color:#1e7a1e}td.na{color:#666}
table.scores td:first-child{white-space:nowrap}
table.flags td.num{white-space:nowrap}
"""


def _is_assessment_file(name: str) -> bool:
    """A file write_assessment makes: the page, the JSON or a figure."""
    stem, _, ext = name.rpartition(".")
    return name in ("assessment.html", "assessment.json") or (
        ext == "png" and any(stem == t or stem.startswith(t + "_") for t in
                             (*SESSION_TESTS, "programme")))


def write_assessment(a: Assessment, out_dir: Any, *, overwrite: bool,
                     figures: bool) -> dict[str, Path]:
    out = _out_dir(out_dir)
    _check_not_another_session(out, a, overwrite)
    data = a.to_dict()  # before anything is written: a number that cannot be stored fails here
    stage = _staging(out)
    try:
        files: dict[str, Path] = {}
        shown: list[tuple[str, str, bytes, int]] = []
        problem = "Figures not drawn (figures off)."
        if figures:
            problem = ""
            try:
                drawn = _figures(a)
            except ImportError as exc:
                drawn, problem = [], (f"Figures not drawn: matplotlib is not available "
                                      f"({exc}).")
            for name, caption, png, width_em in drawn:
                if png:  # else a message: nothing to draw
                    _atomic_write(stage / f"{name}.png", png)
                    files[name] = stage / f"{name}.png"
                shown.append((name, caption, png, width_em))
        text = json.dumps(data, indent=1, allow_nan=False, ensure_ascii=False)
        _atomic_write(stage / "assessment.json", (text + "\n").encode("utf-8",
                                                                    "backslashreplace"))
        files["json"] = stage / "assessment.json"
        page = _page(a, shown, problem)
        _atomic_write(stage / "assessment.html", page.encode("utf-8", "backslashreplace"))
        files["html"] = stage / "assessment.html"
        return _publish(stage, out, files, _is_assessment_file)
    finally:
        _remove_stage(stage)


# ------------------------------------------------------------------------------------------
# Figures


def _figures(a: Assessment) -> list[tuple[str, str, bytes]]:
    """(file stem, caption, PNG bytes, width on the page [em]) per figure, or (file stem,
    message, b"", 0) for a test with nothing to draw; ImportError without matplotlib."""
    import matplotlib  # noqa: F401  (ImportError: no figures)

    from ..report._html import _encode

    palette = dict(SIDE_COLORS)
    out = []
    for r in a.runs:
        if r.status != "ok":
            continue
        if r.test == "single_leg_stance":
            made = _stance_figure(r.result, r.side, palette)
        elif r.test == "single_leg_squat":
            made = _squat_figure(r.result, r.side, palette)
        else:
            made = _scores_figure(r.test, r.result, palette)
        if isinstance(made, str):
            out.append((r.key.replace(".", "_"), made, b"", 0))
        elif made is not None:
            fig, caption = made
            width_em = round(34 * fig.get_figwidth() / 6.0)
            out.append((r.key.replace(".", "_"), caption, _encode(fig, "png"), width_em))
    return out


def _new_figure(n_panels: int, height: float = 3.0) -> tuple[Any, list]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from ..report._html import PNG_DPI

    fig = Figure(figsize=(min(3.4 * n_panels + 0.6, 10.0), height), dpi=PNG_DPI,
                 layout="constrained")
    FigureCanvasAgg(fig)  # the Agg canvas the report's PNG encoder reads
    axes = fig.subplots(1, n_panels, squeeze=False)[0]
    return fig, list(axes)


def _label(name: str) -> str:
    return name.replace("_percent", " %").replace("_cm", " cm").replace("_deg", " deg") \
        .replace("_nm_per_kg", " N·m/kg").replace("_s", " s").replace("_", " ") \
        .replace("lsi", "LSI").strip()


def _scores_figure(test: str, result: Any, palette: dict) -> Any:
    """Left/right bars of the scores with their per-side cut-offs, and a panel per unit of
    the other flags (each value against its cut-off)."""
    import numpy as np

    frame = result.to_frame()
    flags = [f for f in result.flags if math.isfinite(_f(f.value))]
    names_both = [n for n in dict.fromkeys(f.name for f in flags)
                  if {f.side for f in flags if f.name == n} >= set(SIDES)]
    panels: list[tuple[str, Any]] = []
    lr = frame[frame["side"].isin(SIDES)]
    if names_both:
        panels.append(("sides", [(n, {f.side: f for f in flags if f.name == n}) for n in
                                 names_both]))
    else:
        both = [q for q in dict.fromkeys(lr["quantity"])
                if set(lr[lr["quantity"] == q]["side"]) >= set(SIDES)]
        chosen = [q for q in PREFERRED.get(test, ()) if q in both]
        if not chosen and both:
            units = lr[lr["quantity"].isin(both)]["unit"]
            unit = units.mode().iloc[0]
            chosen = [q for q in both if (lr[lr["quantity"] == q]["unit"] == unit).all()][:6]
        if chosen:
            panels.append(("values", chosen))
    other = [f for f in flags if f.name not in names_both]
    for unit in dict.fromkeys(f.unit for f in other):
        panels.append(("flags", [f for f in other if f.unit == unit]))
    if not panels:
        return None
    fig, axes = _new_figure(len(panels))
    width = 0.38
    for ax, (kind, content) in zip(axes, panels):
        if kind in ("sides", "values"):
            labels, unit = [], ""
            for i, item in enumerate(content):
                if kind == "sides":
                    name, by_side = item
                    vals = {s: _f(by_side[s].value) for s in SIDES}
                    cut = _f(by_side["left"].cutoff)
                    unit = by_side["left"].unit
                else:
                    name = item
                    rows = lr[lr["quantity"] == name]
                    vals = {s: _f(rows[rows["side"] == s]["value"].iloc[0]) for s in SIDES}
                    cut = math.nan
                    unit = str(rows["unit"].iloc[0])
                labels.append(_label(name))
                for k, s in enumerate(SIDES):
                    ax.bar(i + (k - 0.5) * width, vals[s] if math.isfinite(vals[s]) else 0.0,
                           width, color=palette[s], label=s if i == 0 else None,
                           hatch="" if s == "left" else "//", edgecolor="white")
                if math.isfinite(cut):
                    ax.plot([i - 2 * width, i + 2 * width], [cut, cut], color="0.15", lw=1.3,
                            ls="--", label="cut-off" if i == 0 else None)
            ax.set_xticks(range(len(labels)), labels, fontsize=8,
                          rotation=20 if len(labels) > 2 else 0)
            ax.set_ylabel(unit, fontsize=8)
            ax.legend(fontsize=7, frameon=True, framealpha=0.85, loc="best")
        else:
            y = np.arange(len(content))
            vals = [_f(f.value) for f in content]
            colors = ["#e6550d" if f.state == "flagged" else "0.55" for f in content]
            ax.barh(y, vals, 0.6, color=colors)
            for i, f in enumerate(content):
                c = _f(f.cutoff)
                if math.isfinite(c):
                    ax.plot([c, c], [i - 0.42, i + 0.42], color="0.1", lw=1.5, ls="--",
                            label="cut-off" if i == 0 else None)
            ax.set_yticks(y, [_label(f.name) + (f" ({f.side})" if f.side else "")
                              for f in content], fontsize=8)
            ax.invert_yaxis()
            ax.set_xlabel(content[0].unit, fontsize=8)
            ax.legend(fontsize=7, frameon=True, framealpha=0.85, loc="best")
        ax.tick_params(labelsize=8)
        ax.grid(axis="y" if kind != "flags" else "x", alpha=0.3)
    caption = (f"{TITLES.get(test, test)}: " + "; ".join(
        {"sides": "left (solid) and right (hatched) values judged per side, dashed: the "
                  "cut-off",
         "values": "left (solid) and right (hatched) scores",
         "flags": "values judged against a cut-off (dashed), orange when flagged"}[k]
        for k, _ in panels) + ".")
    return fig, caption


def _series(result: Any, name: str) -> Any:
    import numpy as np

    v = getattr(result, name, None)
    if v is None:
        return None
    a = np.asarray(v, dtype=float)
    return a if a.ndim == 1 and a.size else None


def _cutoff(result: Any, *words: str) -> float:
    for f in result.flags:
        if any(w in f.name for w in words) and math.isfinite(_f(f.cutoff)):
            return _f(f.cutoff)
    return math.nan


def _stance_figure(result: Any, side: str, palette: dict) -> Any:
    t = _series(result, "time_s")
    drop = _series(result, "pelvic_drop_deg")
    label = "contralateral pelvic drop [deg]"
    if drop is None:
        drop, label = _series(result, "obliquity_deg"), "pelvic obliquity [deg]"
    if t is None or drop is None or t.size != drop.size:
        return None
    import numpy as np

    if not math.isfinite(_f(getattr(result, "lift_off_s", math.nan))) or \
            not np.isfinite(drop).any():
        return (f"Single-leg stance on the {side} leg: no figure, no lift-off of the free foot "
                "was found (no stance to draw; the notes say why).")
    fig, (ax,) = _new_figure(1, 2.8)
    ax.plot(t, drop, color=palette.get(side, "0.2"), lw=1.2, label=label.split(" [")[0])
    for name, txt in (("lift_off_s", "lift-off"), ("touch_down_s", "touch-down")):
        x = _f(getattr(result, name, math.nan))
        if math.isfinite(x):
            ax.axvline(x, color="0.4", lw=0.9, ls=":")
            ax.annotate(txt, (x, 1.0), xycoords=("data", "axes fraction"), fontsize=7,
                        ha="left", va="top", color="0.3")
    cut = _cutoff(result, "drop")
    if math.isfinite(cut) and label.startswith("contralateral"):
        ax.axhline(cut, color="0.1", lw=1.2, ls="--", label=f"cut-off {cut:g} deg")
    ax.set_xlabel("time [s]", fontsize=8)
    ax.set_ylabel(label, fontsize=8)
    ax.tick_params(labelsize=8)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, frameon=False, loc="best")
    return fig, (f"Single-leg stance on the {side} leg: {label.split(' [')[0]} over time "
                 "(dotted: lift-off and touch-down of the free foot; dashed: the cut-off).")


def _squat_figure(result: Any, side: str, palette: dict) -> Any:
    reps = getattr(result, "repetitions", None)
    if reps is None or not hasattr(reps, "columns") or "peak_fppa_deg" not in reps.columns \
            or reps.empty:
        return None
    import numpy as np

    fig, (ax,) = _new_figure(1, 2.8)
    n = np.arange(1, len(reps) + 1)
    vals = reps["peak_fppa_deg"].astype(float).to_numpy()
    ax.bar(n, np.nan_to_num(vals), 0.6, color=palette.get(side, "0.4"))
    done = reps["complete"].astype(bool).to_numpy() if "complete" in reps.columns else \
        np.ones(len(reps), dtype=bool)
    if np.isfinite(vals[done]).any():
        mean = float(np.nanmean(vals[done]))
        ax.axhline(mean, color=palette.get(side, "0.4"), lw=1.2, ls=":",
                   label=f"mean of complete repetitions {mean:.1f} deg")
    cut = _cutoff(result, "fppa")
    if math.isfinite(cut):
        ax.axhline(cut, color="0.1", lw=1.2, ls="--", label=f"cut-off {cut:g} deg")
    ax.legend(fontsize=7, frameon=True, framealpha=0.85, loc="best")
    ax.set_xticks(n)
    ax.set_xlabel("repetition", fontsize=8)
    ax.set_ylabel("peak FPPA [deg]", fontsize=8)
    ax.tick_params(labelsize=8)
    ax.grid(axis="y", alpha=0.3)
    return fig, (f"Single-leg squat on the {side} leg: peak frontal-plane projection angle "
                 "per repetition (dotted: the mean of the complete repetitions, which the "
                 "classification judges; dashed: its cut-off).")


def _f(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


# ------------------------------------------------------------------------------------------
# The page


def _fmt(v: Any) -> str:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        x = float(v)
        if not math.isfinite(x):
            return "n/a"
        text = f"{x:.1f}" if abs(x) >= 10 else f"{x:.2f}"
        return text[1:] if text.startswith("-") and not text.strip("-0.") else text  # no -0.00
    return "n/a" if v is None else str(v)


#: A source that starts with a citation: authors, (year), title and journal, then
#: volume(issue):pages, and after it what the rule takes from it.
_CITATION = re.compile(r"^([A-Z][^():;]*\(\d{4}\)[^:]*?\d+(?:\(\d+\))?:\d+(?:-\d+)?)"
                       r"(?:[:;,.]?\s*(.*))?$", re.S)


def _citation(source: str) -> tuple[str, str]:
    """(the citation, what the rule takes from it) of a flag's source: two rules from one
    paper (Hardcastle & Nade 1985: the drop, the 30 s) are one source with two details."""
    m = _CITATION.match(source)
    if not m:
        return source, ""
    detail = (m.group(2) or "").strip()
    if detail.startswith("("):  # "(held for 30 s)" -> "held for 30 s"
        depth = 0
        for j, ch in enumerate(detail):
            depth += {"(": 1, ")": -1}.get(ch, 0)
            if depth == 0:
                detail = (detail[1:j] + detail[j + 1:]).strip()
                break
    return m.group(1).strip(), detail


def _sources(a: Assessment) -> dict[str, list[str]]:
    """Citation -> the details the flags take from it, each citation once, in the order of
    the flags (numbered in the page)."""
    out: dict[str, list[str]] = {}
    for src in a.flags["source"]:
        if src:
            cite, detail = _citation(src)
            details = out.setdefault(cite, [])
            if detail and detail not in details:
                details.append(detail)
    return out


def _flags_table(a: Assessment) -> str:
    fl = a.flags
    if fl.empty:
        return "<p>No flag: no test judged a value against a cut-off.</p>"
    number = {cite: i for i, cite in enumerate(_sources(a), start=1)}
    records = fl.to_dict(orient="records")
    shown = [r for r in records if not _unjudged_change(r)]
    left_out = len(records) - len(shown)
    head = ("<thead><tr><th>test</th><th>what</th><th>side</th><th>value</th><th>cut-off</th>"
            "<th>rule</th><th>state</th><th>source</th><th>note</th></tr></thead>")
    rows = []
    for r in shown:
        cls = {"flagged": "flag", "clear": "clear"}.get(r["state"], "na")
        side = f"<td class='{_e(r['side'])}'>{_e(_flag_side(a, r))}</td>"
        src = f"[{number[_citation(r['source'])[0]]}]" if r["source"] else "none"
        rows.append(f"<tr><td>{_e(r['test'])}</td><td>{_e(r['name'])}</td>{side}"
                    f"<td class='num'>{_e(_fmt(r['value']))} {_e(r['unit'])}</td>"
                    f"<td class='num'>{_e(_fmt(r['cutoff']))} {_e(r['unit'])}</td>"
                    f"<td>{_e(r['rule'])}</td><td class='{cls}'>{_e(r['state'])}</td>"
                    f"<td>{src}</td><td>{_e(r['note'])}</td></tr>")
    more = (f"<p class='muted'>{left_out} change(s) from baseline without a measurement error "
            "(no verdict) are left out here: see Change over the programme.</p>"
            if left_out else "")
    return (f"<table class='summary flags'>{head}<tbody>{''.join(rows)}</tbody></table>"
            + more)


def _scores_table(a: Assessment) -> str:
    s = a.summary
    s = s[s["test"] != "programme"]
    if s.empty:
        return "<p>No test was scored.</p>"
    head = ("<thead><tr><th>test</th><th>quantity</th><th>unit</th><th class='left'>left</th>"
            "<th class='right'>right</th><th>both / other</th></tr></thead>")
    rows = []
    seen: dict[tuple, dict] = {}
    for r in s.to_dict(orient="records"):
        key = (r["test"], r["quantity"], r["unit"])
        side = r["side"] if r["side"] in SIDES else "other"
        seen.setdefault(key, {})[side] = r["value"]
    for (test, quantity, unit), vals in seen.items():
        cells = "".join(f"<td class='num'>{_e(_fmt(vals[k])) if k in vals else ''}</td>"
                        for k in ("left", "right", "other"))
        rows.append(f"<tr><td>{_e(test)}</td><td>{_e(quantity)}</td><td>{_e(unit)}</td>"
                    f"{cells}</tr>")
    return f"<table class='scores'>{head}<tbody>{''.join(rows)}</tbody></table>"


def _programme_table(a: Assessment) -> str:
    rows_in = a.programme_rows()
    if not rows_in:
        return ""
    head = ("<thead><tr><th>comparison</th><th>quantity</th><th>side</th><th>unit</th>"
            "<th>baseline</th><th>follow-up</th><th>change</th><th>change %</th><th>MDC</th>"
            "<th>verdict</th></tr></thead>")
    rows = []
    for name, r in rows_in:
        cls = {"improved": "clear", "worse": "flag"}.get(str(r["verdict"]), "")
        rows.append(f"<tr><td>{_e(name)}</td><td>{_e(r['quantity'])}</td>"
                    f"<td>{_e(r['side'])}</td><td>{_e(r['unit'])}</td>" + "".join(
                        f"<td class='num'>{_e(_fmt(r[q]))}</td>" for q in
                        ("baseline", "follow_up", "change", "percent_change", "mdc")) +
                    f"<td class='{cls}'>{_e(r['verdict'] or 'n/a')}</td></tr>")
    return ("<h2>Change over the programme</h2>"
            f"<table>{head}<tbody>{''.join(rows)}</tbody></table>"
            "<p class='muted'>Change: follow-up minus baseline; MDC: the minimal detectable "
            "change (z · √2 · SEM, Weir 2005); a change within the MDC is within measurement "
            "error; without a measurement error (sem, mdc or reliability in the session) the "
            "verdict is not assessed.</p>")


def _input_text(r: Any) -> str:
    """What a task read: the file, its format and units, the frame rate and where it came
    from, the view and the image size."""
    i = r.input
    parts = [f"{i.get('kind', 'file')} {Path(i['file']).name}"]
    if i.get("format"):
        parts.append(f"format {i['format']}")
    if i.get("units"):
        parts.append(f"units {i['units']}")
    if i.get("rate_hz") is not None:
        parts.append(f"{i['rate_hz']:g} Hz (from {i.get('rate_from', 'the file')})")
    if i.get("view"):
        parts.append(f"view {i['view']}")
    if i.get("image_width_px") is not None and i.get("image_height_px") is not None:
        parts.append(f"image {i['image_width_px']:g} × {i['image_height_px']:g} px")
    return ", ".join(parts)


def _input_rows(a: Assessment) -> list[str]:
    """Rows of the session table: each task's input and its reader's notes, then the notes
    of reading the session file."""
    rows = []
    for r in a.runs:
        if not r.input.get("file"):
            continue
        notes = "".join(f"<li>{_e(n)}</li>" for n in r.notes)
        rows.append(f"<tr><th>{_e(r.key)}</th><td>{_e(_input_text(r))}"
                    + (f"<br>reader notes:<ul>{notes}</ul>" if notes else "") + "</td></tr>")
    if a.session.notes:
        rows.append("<tr><th>reading the session</th><td><ul>" + "".join(
            f"<li>{_e(n)}</li>" for n in a.session.notes) + "</ul></td></tr>")
    return rows


def _page(a: Assessment, shown: list[tuple[str, str, bytes, int]], problem: str) -> str:
    s = a.session
    sub = s.subject
    who = [(k, v) for k, v in (("subject", sub.id), ("name", sub.name), ("date", sub.date),
                               ("involved side", sub.involved or "")) if v]
    ll = sub.limb_length_cm
    info = [("session file", str(s.path) if s.path is not None else "(made in Python)"),
            ("format", s.format), ("SHA-256", s.sha256 or "n/a"),
            ("body mass", f"{sub.mass_kg:g} kg" if math.isfinite(sub.mass_kg) else "not given"),
            ("height", f"{sub.height_m:g} m" if math.isfinite(sub.height_m) else "not given"),
            ("limb length", (f"left {ll['left']:g} cm, right {ll['right']:g} cm"
                             if all(math.isfinite(x) for x in ll.values()) else "not given")),
            ("tests", ", ".join(r.key for r in a.runs)),
            ("baseline session", str(s.baseline) if s.baseline is not None else "none"),
            ("hipmech", a.hipmech_version)]
    title = " · ".join(v for _, v in who)
    parts = ["<!DOCTYPE html>", "<html lang='en'><head><meta charset='utf-8'>",
             "<meta name='viewport' content='width=device-width, initial-scale=1'>",
             f"<title>hipmech clinical assessment: {_e(title)}</title>",
             f"<style>{_CSS}{EXTRA_CSS}</style></head><body>",
             f"<h1>Clinical assessment: {_e(sub.id)}</h1>",
             "<p class='who'>" + "".join(f"<span><b>{_e(k)}:</b> {_e(v)}</span>"
                                         for k, v in who) + "</p>",
             "<p class='muted'>The clinical tests of the hip-weakness literature, each scored by "
             "its published definition; each flag names its rule and source.</p>"]
    failed = a.failed
    if failed:
        parts.append("<p class='warn'><b>Not scored:</b> " + "; ".join(
            f"{_e(r.key)} ({_e(r.status)}: {_e(r.reason)})" for r in failed) + "</p>")
    parts += ["<h2>Session and subject</h2><table class='info'>",
              *(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in info),
              *_input_rows(a), "</table>",
              "<h2>Flags</h2>", _flags_table(a),
              "<p class='muted'>State: flagged (the rule is met), clear (applied, not met) or "
              "not assessed (a value is missing: the note says why). Side 'both': a left/right "
              "comparison. Source: the number of the rule's source under Sources of the rules "
              "below (assessment.json names it in full with every flag).</p>",
              "<h2>Scores</h2>", _scores_table(a), _programme_table(a), "<h2>Figures</h2>"]
    if problem:
        parts.append(f"<p class='muted'>{_e(problem)}</p>")
    elif not shown:
        parts.append("<p class='muted'>No figure: no test with values to draw.</p>")
    for name, caption, png, width_em in shown:
        if not png:
            parts.append(f"<p class='muted'>{_e(caption)}</p>")
            continue
        data = base64.b64encode(png).decode("ascii")
        parts.append(f"<figure><img style='width:{width_em}em' alt='{_e(caption)}' "
                     f"src='data:image/png;base64,{data}'>"
                     f"<figcaption>{_e(caption)} <span class='muted'>({_e(name)}.png)</span>"
                     "</figcaption></figure>")
    notes = list(a.notes)
    for r in a.runs:
        if r.status == "ok":
            notes += [f"{r.key}: {n}" for n in r.result.notes]
    # Not those already in the assessment's notes, nor a side that changed (the assessment
    # says it once: programme_change's own note, or the top-level note of a changed involved
    # side; assessment.json keeps each comparison's notes).
    for name, res in a.programme:
        notes += [f"programme {name}: {n}" for n in getattr(res, "notes", [])
                  if not any(x.endswith(n) for x in a.notes) and not is_side_note(n)]
    parts += ["<h2>Notes</h2>", "<ul>" + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>"
              if notes else "<p>None.</p>"]
    sources = _sources(a)
    if sources:
        parts += ["<h2>Sources of the rules</h2><ol>",
                  *(f"<li>{_e(cite)}" + ("<ul>" + "".join(f"<li>{_e(d)}</li>" for d in details)
                                         + "</ul>" if details else "") + "</li>"
                    for cite, details in sources.items()), "</ol>"]
    parts += [f"<p class='muted'>Written by hipmech {_e(a.hipmech_version)}; every number is "
              "in assessment.json.</p>", "</body></html>"]
    return "\n".join(parts)

