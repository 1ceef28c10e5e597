"""Left vs right over the whole gait cycle, across a cohort's subjects: a paired SPM{t} per
curve (statistical parametric mapping, :mod:`hipmech.spm`; docs: cohorts, "Left vs right over
the gait cycle").

The rule, stated once (the cohort page and docs quote it):

- **Pairs.** One pair per subject (the ``subject`` of the cohort tables: the first folder under
  the trials' common folder): the mean, per point of the cycle, of all the subject's left
  cycles over all its trials that worked, and the same of its right cycles, each side over its
  own gait cycle (foot strike to the next foot strike of that side, 101 points, 0-100 %). A
  subject counts once however many trials or cycles it has: the trials of one subject are not
  independent. A subject without a cycle of a side, or whose mean curve of a side has no value
  at some point (every cycle missing there), is left out and named.
- **Test.** At every point, the paired t statistic of the differences d = left − right across
  the n subjects, t = mean(d) / (SD(d) / √n), df = n − 1
  (:func:`hipmech.spm.ttest_paired`); t > 0 where the left curve lies above the right.
- **Inference.** Random field theory, two-tailed, α = :data:`SPM_ALPHA`: the critical threshold
  t* is exceeded anywhere in the cycle by a smooth random field of the curves' own smoothness
  (FWHM estimated from the residuals) with probability α, so α is the chance of any false
  cluster over the whole cycle. A **cluster** is a stretch of the cycle where |t| > t*: left and
  right differ there; its p value is the probability that such a field gives a cluster at least
  as wide.
- **Skipped** (with the reason written) when fewer than :data:`SPM_MIN_PAIRS` subjects have a
  complete curve of both sides, when no trial has the curve, or when the test refuses the data
  (e.g. zero variance of the differences at some points: identical trials copied into several
  subjects).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Optional

import numpy as np

from ._analysis import CURVES

__all__ = ["SPM_ALPHA", "SPM_CURVES", "SPM_MIN_PAIRS", "SideSPM", "compare_sides",
           "spm_sides", "spm_table"]

#: The curves compared left vs right on the cohort page, in page order (names of
#: :data:`hipmech.report.CURVES`): the frontal-plane chain of hip-abductor weakness.
SPM_CURVES = ("pelvic_obliquity_deg", "hip_adduction_deg", "knee_valgus_deg",
              "hip_abduction_moment_nm_per_kg")
#: Family-wise type-I error rate of each curve's test.
SPM_ALPHA = 0.05
#: Fewest subjects with both sides for a test: a paired t needs 2 (df = 1), and the field's
#: smoothness from 2 residual curves is unusable; 3 is the least that the page reports.
SPM_MIN_PAIRS = 3

#: Columns of cohort/spm.csv (:func:`spm_table`).
SPM_COLUMNS = ("quantity", "label", "unit", "test", "subjects", "subjects_left_out", "alpha",
               "two_tailed", "method", "df", "fwhm_percent", "zstar", "h0reject", "p_set",
               "cluster", "start_percent", "end_percent", "extent_percent", "peak_t",
               "peak_percent", "direction", "p", "note")


@dataclass
class SideSPM:
    """One curve's left vs right comparison: the subjects paired, those left out (subject,
    why), the per-subject mean curves (n_subjects, 101) of each side, the
    :class:`hipmech.spm.SPMResult` (None when skipped) and the note saying why not."""

    quantity: str
    unit: str
    label: str
    subjects: tuple = ()
    left_out: tuple = ()
    left: Optional[np.ndarray] = None
    right: Optional[np.ndarray] = None
    result: Any = None
    note: str = ""
    alpha: float = SPM_ALPHA


def _points_text(idx: np.ndarray, n_points: int) -> str:
    """'12-14 %, 30 %' for the points idx of a cycle of n_points."""
    pct = [100.0 * i / (n_points - 1) for i in idx]
    runs: list[list[float]] = []
    for i, p in zip(idx, pct):
        if runs and i == runs[-1][2] + 1:
            runs[-1][1], runs[-1][2] = p, i
        else:
            runs.append([p, p, i])
    return ", ".join(f"{a:g} %" if a == b else f"{a:g}-{b:g} %" for a, b, _ in runs)


def _subject_curves(entries: list, quantity: str) -> dict:
    """subject -> side -> the cycles of its trials (arrays (n_cycles, n_points)), subjects in
    order of first appearance."""
    pooled: dict[str, dict[str, list]] = {}
    for e in entries:
        if e.report is None:
            continue
        data = e.report.curves.data.get(quantity)
        if data is None:
            continue
        per = pooled.setdefault(e.subject, {"left": [], "right": []})
        for side in ("left", "right"):
            a = np.asarray(data.get(side, np.zeros((0, 101))), dtype=float)
            if a.ndim == 2 and a.shape[0]:
                per[side].append(a)
    return pooled


def compare_sides(reports: Any, *, alpha: float = SPM_ALPHA,
                  quantities: tuple = SPM_CURVES) -> list[SideSPM]:
    """Per curve, the paired SPM{t} of left vs right across subjects (the rule of this
    module); ``reports`` as for :func:`hipmech.report.summarise`."""
    from .. import spm
    from .._args import invalid_argument, real_number
    from ._cohort import _entries

    alpha = real_number(alpha, "alpha", "a number strictly between 0 and 1")
    if not 0.0 < alpha < 1.0:
        raise invalid_argument("alpha", "a number strictly between 0 and 1", repr(alpha))
    entries = _entries(reports)
    out = []
    for q in quantities:
        unit, label = CURVES[q]
        item = SideSPM(q, unit, label, alpha=alpha)
        out.append(item)
        pooled = _subject_curves(entries, q)
        if not pooled:
            item.note = "no trial that worked has this curve"
            continue
        names, left, right, left_out = [], [], [], []
        for subject, per in pooled.items():
            missing = [s for s in ("left", "right") if not per[s]]
            if missing:
                left_out.append((subject, f"no {' and no '.join(missing)} cycle"))
                continue
            means = {}
            why = []
            for side in ("left", "right"):
                cycles = np.concatenate(per[side], axis=0)
                finite = np.isfinite(cycles)
                count = finite.sum(axis=0)
                means[side] = np.where(count > 0, np.where(finite, cycles, 0.0).sum(axis=0) /
                                       np.maximum(count, 1), np.nan)
                gaps = np.flatnonzero(count == 0)
                if gaps.size:
                    why.append(f"{side} has no value at "
                               f"{_points_text(gaps, cycles.shape[1])} of the cycle")
            if why:
                left_out.append((subject, "; ".join(why)))
                continue
            names.append(subject)
            left.append(means["left"])
            right.append(means["right"])
        item.subjects, item.left_out = tuple(names), tuple(left_out)
        if names:
            item.left, item.right = np.vstack(left), np.vstack(right)
        if len(names) < SPM_MIN_PAIRS:
            item.note = (f"not tested: {len(names)} subject(s) with a complete curve of both "
                         f"sides, at least {SPM_MIN_PAIRS} needed (one pair per subject; the "
                         "trials of one subject are not independent)")
            continue
        try:
            item.result = spm.ttest_paired(item.left, item.right, alpha=alpha, two_tailed=True)
        except ValueError as exc:
            item.note = "not tested: " + " ".join(str(exc).split())
    return out


def _fmt_p(p: float) -> str:
    if not math.isfinite(p):
        return "n/a"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def spm_table(comparisons: list[SideSPM]) -> Any:
    """The rows of cohort/spm.csv: one per cluster, one for a curve tested without a cluster,
    one for a curve not tested (its ``note`` says why)."""
    import pandas as pd

    rows = []
    for c in comparisons:
        base = {"quantity": c.quantity, "label": c.label, "unit": c.unit,
                "test": "ttest_paired (left - right, one pair per subject)",
                "subjects": len(c.subjects), "subjects_left_out": "; ".join(
                    f"{s}: {why}" for s, why in c.left_out),
                "alpha": c.alpha, "two_tailed": True, "method": "rft", "note": c.note}
        r = c.result
        if r is None:
            rows.append(base)
            continue
        q1 = r.n_nodes - 1
        base.update(df=float(r.df[-1]), fwhm_percent=100.0 * r.fwhm / q1, zstar=r.zstar,
                    h0reject=bool(r.h0reject), p_set=r.p_set,
                    note="; ".join([*r.notes] + ([] if r.clusters else
                                                 ["no supra-threshold cluster"])))
        if not r.clusters:
            rows.append(base)
            continue
        for i, k in enumerate(r.clusters, start=1):
            rows.append({**base, "cluster": i, "start_percent": k.start_percent,
                         "end_percent": k.end_percent,
                         "extent_percent": 100.0 * k.extent / q1,
                         "peak_t": k.peak, "peak_percent": 100.0 * k.peak_node / q1,
                         "direction": "left > right" if k.sign > 0 else "right > left",
                         "p": k.p})
    df = pd.DataFrame(rows, columns=list(SPM_COLUMNS))
    df["cluster"] = df["cluster"].astype("Int64")
    df["subjects"] = df["subjects"].astype("Int64")
    for col in ("alpha", "df", "fwhm_percent", "zstar", "p_set", "start_percent", "end_percent",
                "extent_percent", "peak_t", "peak_percent", "p"):
        df[col] = df[col].astype(float)
    for col in ("h0reject", "direction"):
        df[col] = df[col].astype(object).where(df[col].notna(), None)
    return df


def spm_sides(reports: Any, *, alpha: float = SPM_ALPHA) -> Any:
    """Left vs right over the whole gait cycle, per curve, across subjects: the table of the
    cohort page's SPM section (``cohort/spm.csv``; docs: cohorts, "Left vs right over the gait
    cycle").

    Per curve of :data:`SPM_CURVES` (pelvic obliquity, hip adduction, knee valgus, hip
    abduction moment): one pair per subject (the mean of all its left cycles and of all its
    right cycles, over its trials that worked, each side over its own gait cycle), a paired t
    test at every point of the cycle (:func:`hipmech.spm.ttest_paired` of left and right,
    t > 0 where left is above right), random field theory inference, two-tailed, at
    ``alpha``. Skipped, with the reason in ``note``, below 3 subjects with a complete curve of
    both sides.

    Parameters
    ----------
    reports : BatchResult or sequence
        As for :func:`hipmech.report.summarise`: the result of :func:`hipmech.report.run` or
        TrialReports (their subjects from their source paths, :func:`summarise`'s rule).
    alpha : float
        Family-wise type-I error rate of each curve's test, strictly between 0 and 1 (default
        0.05).

    Returns
    -------
    pandas.DataFrame
        One row per supra-threshold cluster (a curve tested without a cluster, or not tested,
        has one row with an empty ``cluster``): ``quantity``, ``label``, ``unit``, ``test``,
        ``subjects`` (pairs tested), ``subjects_left_out`` (each with why), ``alpha``,
        ``two_tailed``, ``method`` ("rft"), ``df``, ``fwhm_percent`` (the smoothness, % of the
        cycle), ``zstar`` (t*), ``h0reject``, ``p_set``, ``cluster`` (1, 2, ...),
        ``start_percent``, ``end_percent``, ``extent_percent`` (% of the cycle, interpolated
        where t crosses t*), ``peak_t``, ``peak_percent``, ``direction`` ("left > right" or
        "right > left"), ``p`` (the cluster's p value) and ``note``.

    Raises
    ------
    hipmech.InvalidArgumentError
        ``alpha`` outside (0, 1).
    TypeError
        ``reports`` neither a BatchResult nor reports; ``alpha`` not a number.
    """
    return spm_table(compare_sides(reports, alpha=alpha))


def figure_png(c: SideSPM, dpi: int = 120) -> bytes:
    """One curve's :func:`hipmech.plot.spm` figure (left and right mean ± SD over the subjects,
    SPM{t} below) as PNG bytes."""
    from matplotlib.figure import Figure

    from .. import plot

    fig = Figure(figsize=(6.4, 5.0), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True)
    plot.spm(c.result, (top, bottom), labels=("left", "right"),
             ylabel=f"[{c.unit}]", title=f"{c.label}: {len(c.subjects)} subjects")
    import io as _io

    buf = _io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def html_section(comparisons: list[SideSPM], figures: bool, why_no_figures: str = "") -> str:
    """The cohort page's section: the rule in words, then per curve its figure, its clusters
    and its notes."""
    import base64

    from ._html import _e, _num

    alpha = comparisons[0].alpha if comparisons else SPM_ALPHA
    parts = ["<h2>Left vs right over the gait cycle (SPM)</h2>",
             "<p>Per curve, a paired t test at every point of the gait cycle (statistical "
             "parametric mapping, SPM1D; docs: spm). Each subject gives one pair: the mean of "
             "all its left cycles and of all its right cycles over its trials, each side over "
             "its own cycle (0 % = that side's foot strike). At each point t = mean(d) / (SD(d) "
             "/ √n) of the differences d = left − right over the n subjects (df = n − 1; t &gt; "
             "0 where left is above right). The critical threshold t* is set by random field "
             f"theory, two-tailed, at α = {alpha:g}: a smooth random field of the curves' own "
             "smoothness (FWHM from the residuals) crosses ±t* anywhere in the cycle with "
             f"probability {alpha:g}, so α covers the whole curve, not each point. A "
             "<b>cluster</b> is a stretch of the cycle where |t| &gt; t*: left and right differ "
             "there; its p is the probability of a cluster at least that wide by chance. "
             f"At least {SPM_MIN_PAIRS} subjects with a complete curve of both sides are "
             "needed (a subject whose mean curve of a side has a gap is left out). Table: "
             "<a href='spm.csv'>spm.csv</a>.</p>"]
    if not figures and why_no_figures:
        parts.append(f"<p class='muted'>{_e(why_no_figures)}</p>")
    for c in comparisons:
        parts.append(f"<h3>{_e(c.label)} [{_e(c.unit)}]</h3>")
        if c.left_out:
            parts.append("<p class='muted'>Left out: " + "; ".join(
                f"{_e(s)} ({_e(w)})" for s, w in c.left_out) + ".</p>")
        r = c.result
        if r is None:
            parts.append(f"<p class='muted'>{_e(c.note)}.</p>")
            continue
        if figures:
            try:
                data = base64.b64encode(figure_png(c)).decode("ascii")
                parts.append(f"<figure><img style='width:36em' alt='{_e(c.label)}: left and "
                             "right mean and SD over the subjects, and the SPM{t} of left "
                             "minus right with its threshold and clusters' "
                             f"src='data:image/png;base64,{data}'><figcaption>Top: left (red, "
                             "solid) and right (green, dashed) mean ± 1 SD over the subjects' "
                             "mean curves. Bottom: SPM{t} of left − right, ±t* dashed, "
                             "clusters shaded with their p.</figcaption></figure>")
            except ImportError as exc:  # matplotlib missing
                parts.append(f"<p class='muted'>Figure not drawn: {_e(exc)}.</p>")
        head = (f"<p>{len(c.subjects)} subjects, df = {_num(r.df[-1], 0)}, FWHM = "
                f"{_num(100.0 * r.fwhm / (r.n_nodes - 1), 1)} % of the cycle, t* = "
                f"{_num(r.zstar, 3)}: ")
        if not r.clusters:
            parts.append(head + "no supra-threshold cluster (left and right do not differ "
                         f"anywhere in the cycle at α = {alpha:g}).</p>")
            continue
        parts.append(head + f"{len(r.clusters)} cluster(s), p_set {_fmt_p(r.p_set)}.</p>")
        parts.append("<table><thead><tr><th>cluster</th><th>from [%]</th><th>to [%]</th>"
                     "<th>extent [%]</th><th>peak t</th><th>at [%]</th><th>direction</th>"
                     "<th>p</th></tr></thead><tbody>")
        q1 = r.n_nodes - 1
        for i, k in enumerate(r.clusters, start=1):
            parts.append(f"<tr><td class='num'>{i}</td><td class='num'>"
                         f"{_num(k.start_percent, 1)}</td><td class='num'>"
                         f"{_num(k.end_percent, 1)}</td><td class='num'>"
                         f"{_num(100.0 * k.extent / q1, 1)}</td><td class='num'>"
                         f"{_num(k.peak, 2)}</td><td class='num'>"
                         f"{_num(100.0 * k.peak_node / q1, 0)}</td><td>"
                         f"{'left &gt; right' if k.sign > 0 else 'right &gt; left'}</td>"
                         f"<td class='num'>{_fmt_p(k.p)}</td></tr>")
        parts.append("</tbody></table>")
        for n in r.notes:
            parts.append(f"<p class='muted'>{_e(n)}</p>")
    return "\n".join(parts)
