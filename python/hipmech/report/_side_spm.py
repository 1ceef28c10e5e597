"""Left vs right over the whole gait cycle, across a cohort's subjects: a paired SPM{t} per
curve (statistical parametric mapping, :mod:`hipmech.spm`; docs: cohorts, "Left vs right over
the gait cycle").

The rule, stated once (the cohort page and docs quote it):

- **Pairs.** One pair per subject (the ``subject`` of the cohort tables: the first folder under
  the trials' common folder): the mean, per point of the cycle, of all the subject's left
  cycles over all its trials that worked, and the same of its right cycles, each side over its
  own gait cycle (foot strike to the next foot strike of that side, 101 points, 0-100 %). A
  subject counts once however many trials or cycles it has: the trials of one subject are not
  independent. A subject without a cycle of a side is left out and named.
- **Missing points.** A subject whose mean curve of a side has no value at some point (every
  cycle missing there) is left out and named when a gap lies inside the cycle, or when its
  values cover less than :data:`SPM_MIN_CYCLE_FRACTION` of the cycle. Missing points only at
  the start and/or end of the cycle (e.g. a moment curve without a value at 99–100 %: the next
  foot strike lies beyond the force data) do not leave subjects out: the test runs over the
  contiguous range where every remaining subject has both sides (SPM on the shorter field:
  statistic, FWHM, resels and threshold from those points only; positions still in % of the
  full cycle), provided that range covers at least :data:`SPM_MIN_CYCLE_FRACTION` of the
  cycle; otherwise every subject with missing points is left out, as a gap inside would. The
  range and the subjects that set it are written (``nodes_percent`` and ``note``).
- **Test.** At every point, the paired t statistic of the differences d = left − right across
  the n subjects, t = mean(d) / (SD(d) / √n), df = n − 1
  (:func:`hipmech.spm.ttest_paired`); t > 0 where the left curve lies above the right.
- **Inference.** Random field theory, two-tailed, α = :data:`SPM_ALPHA`: the critical threshold
  t* is exceeded anywhere in the cycle by a smooth random field of the curves' own smoothness
  (FWHM estimated from the residuals) with probability α, so α is the chance of any false
  cluster over the whole cycle of that curve (family-wise over its nodes, not over the
  curves: each of the :data:`SPM_CURVES` is tested at α, so the chance of a false cluster on
  at least one of k curves is up to about 1 − (1 − α)^k, :func:`alpha_all_curves`). A
  **cluster** is a stretch of the cycle where |t| > t*: left and right differ there; its p
  value is the probability that such a field gives a cluster at least as wide. No cluster
  means no difference detected, not evidence that the sides are equal.
- **Pelvic obliquity** (:data:`PELVIS_NOTE`): its left and right curves are the one pelvis
  seen from each side (this side up +), the left at p % of the left cycle minus the right at
  p ± 50 % of the right cycle, so left − right repeats about 50 % later with the same sign: a
  cluster and one about 50 % later in the same direction are one finding. Hip adduction, knee
  valgus and the hip abduction moment are each side's own joint.
- **Sides.** Left vs right across subjects makes sense only when the affected side is the same
  in every subject: left-affected and right-affected subjects cancel out. An affected vs
  unaffected comparison needs each subject's affected side, which hipmech does not take yet.
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

__all__ = ["SPM_ALPHA", "SPM_CURVES", "SPM_MIN_CYCLE_FRACTION", "SPM_MIN_PAIRS", "SideSPM",
           "alpha_all_curves", "compare_sides", "spm_sides", "spm_table"]

#: The curves compared left vs right on the cohort page, in page order (names of
#: :data:`hipmech.report.CURVES`): the frontal-plane chain of hip-abductor weakness.
SPM_CURVES = ("pelvic_obliquity_deg", "hip_adduction_deg", "knee_valgus_deg",
              "hip_abduction_moment_nm_per_kg")
#: Type-I error rate of each curve's test, family-wise over the nodes of that one curve (the
#: chance of a false cluster anywhere in its cycle); not over the page's curves, each tested at
#: this α (:func:`alpha_all_curves`).
SPM_ALPHA = 0.05
#: Fewest subjects with both sides for a test: a paired t needs 2 (df = 1), and the field's
#: smoothness from 2 residual curves is unusable; 3 is the least that the page reports.
SPM_MIN_PAIRS = 3
#: Least part of the cycle, (last - first point) / (points - 1), over which a curve is tested
#: when points at the start or end of the cycle have no value.
SPM_MIN_CYCLE_FRACTION = 0.90

#: Columns of cohort/spm.csv (:func:`spm_table`).
SPM_COLUMNS = ("quantity", "label", "unit", "test", "subjects", "subjects_paired",
               "subjects_left_out",
               "nodes_percent", "alpha", "curves_tested", "alpha_all_curves",
               "two_tailed", "method", "df", "fwhm_percent", "zstar", "h0reject", "p_set",
               "cluster", "start_percent", "end_percent", "extent_percent", "peak_t",
               "peak_percent", "direction", "mean_difference_at_peak", "mean_difference_min",
               "mean_difference_max", "p", "note")


@dataclass
class SideSPM:
    """One curve's left vs right comparison: the subjects paired, those left out (subject,
    why), the per-subject mean curves (n_subjects, n_points) of each side over the full cycle
    (NaN where a subject has no value), the points tested (``first``, ``last``: the whole cycle
    unless points at its start or end have no value), the :class:`hipmech.spm.SPMResult` of the
    test over those points (None when skipped; its positions count from ``first``) and the
    note saying why not, or over which range."""

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
    n_points: int = 101
    first: int = 0
    last: int = 100
    range_note: str = ""

    @property
    def trimmed(self) -> bool:
        """True when the test runs over part of the cycle (points at its ends have no value)."""
        return self.first > 0 or self.last < self.n_points - 1

    @property
    def nodes_percent(self) -> str:
        """The points tested in % of the full cycle, e.g. '0–98 %'."""
        return _points_text(np.arange(self.first, self.last + 1), self.n_points)

    def mean_difference(self) -> np.ndarray:
        """(n_points,) the mean over the subjects paired of left − right at each point of the
        full cycle, in :attr:`unit` (NaN where a subject has no value; all NaN without
        subjects)."""
        if self.left is None or not len(self.subjects):
            return np.full(self.n_points, np.nan)
        return np.mean(self.left - self.right, axis=0)

    def cluster_difference(self, cluster: Any) -> tuple:
        """(at the peak, min, max): the mean left − right difference, in :attr:`unit`, at the
        peak node of ``cluster`` (a cluster of :meth:`on_full_cycle`, positions in nodes of the
        full cycle) and its least and largest value over the nodes inside the cluster (from
        the first node at or after ``start`` to the last at or before ``end``)."""
        d = self.mean_difference()
        inside = np.arange(math.ceil(cluster.start - 1e-9), math.floor(cluster.end + 1e-9) + 1)
        inside = np.union1d(inside, [cluster.peak_node]).astype(int)
        return float(d[cluster.peak_node]), float(np.min(d[inside])), float(np.max(d[inside]))

    def on_full_cycle(self) -> Any:
        """:attr:`result` placed on the full cycle: the fields (statistic, mean, SD) NaN at the
        points not tested, the clusters' positions offset by :attr:`first` (nodes and % of the
        full cycle). The result itself when the whole cycle was tested; None when not
        tested."""
        r = self.result
        if r is None or not self.trimmed:
            return r
        import dataclasses

        n, k0 = self.n_points, self.first

        def pad(v):
            out = np.full(n, np.nan)
            out[k0:k0 + len(v)] = np.asarray(v, dtype=float)
            return out

        def pct(node):
            return 100.0 * node / (n - 1)

        clusters = tuple(dataclasses.replace(
            c, start=c.start + k0, end=c.end + k0, start_percent=pct(c.start + k0),
            end_percent=pct(c.end + k0), peak_node=c.peak_node + k0) for c in r.clusters)
        return dataclasses.replace(r, z=pad(r.z), n_nodes=n, clusters=clusters,
                                   curve_mean=tuple(pad(m) for m in r.curve_mean),
                                   curve_sd=tuple(pad(v) for v in r.curve_sd))


#: Said of pelvic obliquity wherever its clusters are (page, spm.csv's note, docs): its left
#: and right curves are the one pelvis seen from each side, so a finding repeats half a cycle
#: later.
PELVIS_NOTE = ("pelvic obliquity: the left and right curves are the same pelvis seen from "
               "each side (this side up +), so the left curve at p % of the left cycle is "
               "minus the right curve at p ± 50 % of the right cycle (the same instants: the "
               "right foot strikes about half a cycle after the left); left − right therefore "
               "repeats about 50 % later with the same sign, and a cluster and one about 50 % "
               "later in the same direction (e.g. 10–40 % and 65–91 % right > left) are one "
               "finding, not two. Hip adduction, knee valgus and the hip abduction moment are "
               "each side's own joint: this does not apply to them (a hip's adduction "
               "includes the pelvis' tilt, so a pelvic difference can show in it too, but its "
               "left and right curves are two joints)")
PELVIS_QUANTITY = "pelvic_obliquity_deg"


def _points_text(idx: np.ndarray, n_points: int) -> str:
    """'12–14 %, 30 %' for the points idx of a cycle of n_points."""
    pct = [100.0 * i / (n_points - 1) for i in idx]
    runs: list[list[float]] = []
    for i, p in zip(idx, pct):
        if runs and i == runs[-1][2] + 1:
            runs[-1][1], runs[-1][2] = p, i
        else:
            runs.append([p, p, i])
    return ", ".join(f"{a:g} %" if a == b else f"{a:g}–{b:g} %" for a, b, _ in runs)


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


def _end_range(gaps: np.ndarray, n_points: int) -> Optional[tuple]:
    """(first, last): the one contiguous range of points with a value when the points without
    one (gaps, sorted) lie only at the start and/or end of the cycle; None when a gap lies
    inside the cycle or no point has a value."""
    has = np.ones(n_points, dtype=bool)
    has[gaps] = False
    idx = np.flatnonzero(has)
    if not idx.size or idx[-1] - idx[0] + 1 != idx.size:
        return None
    return int(idx[0]), int(idx[-1])


def _covers(first: int, last: int, n_points: int) -> bool:
    return (last - first) >= SPM_MIN_CYCLE_FRACTION * (n_points - 1) - 1e-9


def _range_note(first: int, last: int, n_points: int, gaps: dict) -> str:
    """'tested over 0–98 % of the cycle: S1, S2 have no value at 99–100 %; S3 has no value at
    100 %' (gaps: subject -> its points without a value)."""
    by_text: dict[str, list] = {}
    for subject, g in gaps.items():
        by_text.setdefault(_points_text(g, n_points), []).append(subject)
    said = "; ".join(f"{', '.join(names)} {'has' if len(names) == 1 else 'have'} no value at "
                     f"{text}" for text, names in by_text.items())
    return (f"tested over {_points_text(np.arange(first, last + 1), n_points)} of the cycle: "
            + said)


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
    found: dict[str, int] = {}  # subject -> its trials, in order of first appearance
    for e in entries:
        found[e.subject] = found.get(e.subject, 0) + 1
    out = []
    for q in quantities:
        unit, label = CURVES[q]
        item = SideSPM(q, unit, label, alpha=alpha)
        out.append(item)
        pooled = _subject_curves(entries, q)
        if not pooled:
            item.note = "no trial that worked has this curve"
            continue
        # Per subject with both sides: its mean curves and its points without a value.
        kept: dict[str, dict] = {}  # subject -> {"left", "right", "gaps", "why", "range"}
        left_out: dict[str, str] = {}
        n_points = None
        for subject, per in pooled.items():
            missing = [s for s in ("left", "right") if not per[s]]
            if missing:
                left_out[subject] = f"no {' and no '.join(missing)} cycle"
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
            n = means["left"].size
            if n_points is None:
                n_points = n
            gaps = np.flatnonzero(~(np.isfinite(means["left"]) & np.isfinite(means["right"])))
            ends = _end_range(gaps, n) if gaps.size else (0, n - 1)
            if ends is None or not _covers(*ends, n):
                # A gap inside the cycle, or too little of the cycle left: out, as always.
                left_out[subject] = "; ".join(why)
                continue
            kept[subject] = dict(means, gaps=gaps, why="; ".join(why), range=ends)
        n_points = n_points or 101
        # The points every kept subject has: the intersection of their end-trimmed ranges.
        first = max((k["range"][0] for k in kept.values()), default=0)
        last = min((k["range"][1] for k in kept.values()), default=n_points - 1)
        with_gaps = {s: k["gaps"] for s, k in kept.items() if k["gaps"].size}
        if with_gaps and not _covers(first, last, n_points):
            # Together they leave too little of the cycle: each subject with a gap is out.
            for s in with_gaps:
                left_out[s] = kept.pop(s)["why"]
            first, last = 0, n_points - 1
            with_gaps = {}
        item.n_points, item.first, item.last = n_points, first, last
        if with_gaps:
            item.range_note = _range_note(first, last, n_points, with_gaps)
        names = list(kept)
        item.subjects = tuple(names)
        item.left_out = tuple((s, left_out[s]) for s in pooled if s in left_out)
        if names:
            item.left = np.vstack([kept[s]["left"] for s in names])
            item.right = np.vstack([kept[s]["right"] for s in names])
        if len(names) < SPM_MIN_PAIRS:
            over = (f" over {item.nodes_percent} of the cycle ("
                    f"{item.range_note.split(': ', 1)[1]})" if item.trimmed else "")
            item.note = (f"not tested: {len(names)} subject(s) with a complete curve of both "
                         f"sides{over}, at least {SPM_MIN_PAIRS} needed (one pair per subject; "
                         "the trials of one subject are not independent); "
                         + _subjects_hint(found))
            continue
        cut = slice(first, last + 1)
        try:
            item.result = spm.ttest_paired(item.left[:, cut], item.right[:, cut], alpha=alpha,
                                           two_tailed=True)
        except ValueError as exc:
            item.note = _refusal_note(exc, item)
    return out


#: The start of :func:`_subjects_hint`'s text (the console says it once for all curves).
_HINT_START = "a subject is the first folder under"


def _subjects_hint(found: dict) -> str:
    """How subjects are told apart, and the folders taken as subjects (``found``: subject ->
    its trials): a flat folder of subjects' files is one subject."""
    named = ", ".join(f"{s} ({n} trial{'s' if n != 1 else ''})" for s, n in found.items())
    return (f"{_HINT_START} the trials' common folder, so each "
            "subject's trials must lie in its own folder (S01/walk1.c3d, S02/walk1.c3d, ...; "
            "trials lying directly in one folder are one subject; docs: cohorts); "
            f"found as subjects: {named or 'none'}")


def _refusal_note(exc: ValueError, item: SideSPM) -> str:
    """The note of a test that refused the data: in words for zero variance of the
    differences (the nodes in % of the full cycle), else the error's own message."""
    import re

    got = str(getattr(exc, "got", "") or exc)
    m = re.search(r"zero variance at nodes ([0-9–, ]+)$", got.strip())
    if m:
        nodes = []
        for part in m.group(1).split(","):
            a, _, b = part.strip().partition("–")
            nodes.extend(range(int(a), int(b or a) + 1))
        idx = np.asarray(nodes, dtype=int) + item.first
        everywhere = idx.size == item.last - item.first + 1
        return ("not tested: the subjects' left − right differences are identical at "
                f"{_points_text(idx, item.n_points)} of the cycle (" +
                ("copied trials?" if everywhere else
                 "copied trials, or a curve fixed to the same value there?") + ")")
    return "not tested: " + " ".join(str(exc).split()) + (
        f" (over {item.nodes_percent} of the cycle)" if item.trimmed else "")


def alpha_all_curves(alpha: float, n_curves: int) -> float:
    """1 − (1 − alpha)^n_curves: the chance of a false cluster on at least one of n_curves
    curves each tested at ``alpha`` if the curves were independent (Šidák). The page's curves
    are correlated (pelvic obliquity, hip adduction and knee valgus move together), which
    makes the true chance lower; it is at most n_curves · alpha in any case (Bonferroni)."""
    return 1.0 - (1.0 - alpha) ** n_curves


def _fmt_p(p: float) -> str:
    """'0.012', '< 0.001' (p = 0.0 included: an RFT p value below the range of a double),
    'n/a': plain text, to be escaped for HTML."""
    if not math.isfinite(p):
        return "n/a"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def spm_table(comparisons: list[SideSPM]) -> Any:
    """The rows of cohort/spm.csv: one per cluster, one for a curve tested without a cluster,
    one for a curve not tested (its ``note`` says why)."""
    import pandas as pd

    rows = []
    n_tested = sum(c.result is not None for c in comparisons)  # curves tested on the page
    for c in comparisons:
        base = {"quantity": c.quantity, "label": c.label, "unit": c.unit,
                "test": "ttest_paired (left - right, one pair per subject)",
                "subjects": len(c.subjects), "subjects_paired": "; ".join(c.subjects),
                "subjects_left_out": "; ".join(
                    f"{s}: {why}" for s, why in c.left_out),
                "nodes_percent": c.nodes_percent,
                "alpha": c.alpha, "curves_tested": n_tested,
                "alpha_all_curves": (alpha_all_curves(c.alpha, n_tested) if n_tested
                                     else math.nan),
                "two_tailed": True, "method": "rft", "note": c.note}
        r = c.on_full_cycle()  # positions in % of the full cycle
        if r is None:
            rows.append(base)
            continue
        q1 = r.n_nodes - 1
        none = ("no difference detected (no supra-threshold cluster); not evidence that the "
                "sides are equal")
        # df = n − 1, an integer: written "5" in the CSV and 5 in the workbook.
        base.update(df=int(round(r.df[-1])), fwhm_percent=100.0 * r.fwhm / q1, zstar=r.zstar,
                    h0reject=bool(r.h0reject), p_set=r.p_set,
                    note="; ".join(([c.range_note] if c.range_note else []) + [*r.notes] +
                                   ([] if r.clusters else [none]) +
                                   ([PELVIS_NOTE] if c.quantity == PELVIS_QUANTITY and
                                    r.clusters else [])))
        if not r.clusters:
            rows.append(base)
            continue
        for i, k in enumerate(r.clusters, start=1):
            at_peak, low, high = c.cluster_difference(k)
            rows.append({**base, "cluster": i, "start_percent": k.start_percent,
                         "end_percent": k.end_percent,
                         "extent_percent": 100.0 * k.extent / q1,
                         "peak_t": k.peak, "peak_percent": 100.0 * k.peak_node / q1,
                         "direction": "left > right" if k.sign > 0 else "right > left",
                         "mean_difference_at_peak": at_peak, "mean_difference_min": low,
                         "mean_difference_max": high, "p": k.p})
    df = pd.DataFrame(rows, columns=list(SPM_COLUMNS))
    df["cluster"] = df["cluster"].astype("Int64")
    df["subjects"] = df["subjects"].astype("Int64")
    df["curves_tested"] = df["curves_tested"].astype("Int64")
    df["df"] = df["df"].astype("Int64")
    for col in ("alpha", "alpha_all_curves", "fwhm_percent", "zstar", "p_set", "start_percent",
                "end_percent", "extent_percent", "peak_t", "peak_percent",
                "mean_difference_at_peak", "mean_difference_min", "mean_difference_max", "p"):
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
    both sides. Points without a value only at the start and/or end of the cycle shorten the
    test to the points every subject has, when they cover at least 90 % of the cycle
    (:data:`SPM_MIN_CYCLE_FRACTION`; positions stay in % of the full cycle); a gap inside the
    cycle leaves its subject out.

    Parameters
    ----------
    reports : BatchResult or sequence
        As for :func:`hipmech.report.summarise`: the result of :func:`hipmech.report.run` or
        TrialReports (their subjects from their source paths, :func:`summarise`'s rule).
    alpha : float
        Type-I error rate of each curve's test, family-wise over the points of that curve (not
        over the curves: ``alpha_all_curves``), strictly between 0 and 1 (default 0.05).

    Returns
    -------
    pandas.DataFrame
        One row per supra-threshold cluster (a curve tested without a cluster, or not tested,
        has one row with an empty ``cluster``): ``quantity``, ``label``, ``unit``, ``test``,
        ``subjects`` (pairs tested), ``subjects_paired`` (their ids, separated by "; "),
        ``subjects_left_out`` (each with why),
        ``nodes_percent`` (the points tested, % of the full cycle: "0–100 %", or e.g.
        "0–98 %" when the curves have no value at 99–100 %; ``note`` names the subjects that
        set it), ``alpha``, ``curves_tested`` (k, the curves of the table tested),
        ``alpha_all_curves`` (1 − (1 − alpha)^k: the chance of a false cluster on at least one
        curve if they were independent; at most k · alpha),
        ``two_tailed``, ``method`` ("rft"), ``df`` (n − 1, an integer), ``fwhm_percent`` (the
        smoothness, % of the cycle), ``zstar`` (t*), ``h0reject``, ``p_set`` (set-level p:
        the probability by chance of at least as many clusters at least as wide as the
        smallest one; 1.0 without a cluster), ``cluster`` (1, 2, ...),
        ``start_percent``, ``end_percent``, ``extent_percent`` (% of the cycle, interpolated
        where t crosses t*), ``peak_t``, ``peak_percent``, ``direction`` ("left > right" or
        "right > left"), ``mean_difference_at_peak`` (the mean over the subjects of
        left − right at ``peak_percent``, in ``unit``), ``mean_difference_min`` and
        ``mean_difference_max`` (its least and largest value over the cluster's nodes),
        ``p`` (the cluster's p value) and ``note``.

    Raises
    ------
    hipmech.InvalidArgumentError
        ``alpha`` outside (0, 1).
    TypeError
        ``reports`` neither a BatchResult nor reports; ``alpha`` not a number.
    """
    return spm_table(compare_sides(reports, alpha=alpha))


def console_lines(table: Any, page: str = "cohort/index.html") -> list[str]:
    """The outcome of :func:`spm_table` (``table``, or cohort/spm.csv read back) for the
    console: a heading, then one line per curve: its clusters (direction, range in % of the
    cycle, p, mean left − right at the peak with its unit and its range over the cluster;
    for pelvic obliquity, that a cluster and one about 50 % later in the same direction are
    one finding), "no difference detected" or "not tested" with the reason; ``page`` is where
    the details are."""
    if table is None or not len(table):
        return []
    alpha = table["alpha"].dropna()
    alpha = f"{float(alpha.iloc[0]):g}" if len(alpha) else f"{SPM_ALPHA:g}"
    lines = [f"Left vs right SPM (one pair per subject; α = {alpha} per curve; L − R: the mean "
             "difference left − right at a cluster's peak of t, then its range over the "
             f"cluster; details: {page}):"]
    hints: list[str] = []  # how subjects are found: said once, after the curves
    for quantity, rows in table.groupby("quantity", sort=False):
        first = rows.iloc[0]
        name = str(first["label"]).split(" (")[0]
        note = first.get("note")
        note = note if isinstance(note, str) else ""  # NaN / pd.NA: empty
        if note.startswith("not tested"):
            head, sep, hint = note.partition(_HINT_START)
            if sep and sep + hint not in hints:
                hints.append(sep + hint)
            lines.append(f"  {name}: {head.rstrip('; ') if sep else note}")
            continue
        n = int(first["subjects"])
        clusters = rows[rows["cluster"].notna()]
        if not len(clusters):
            lines.append(f"  {name} ({n} subjects): no difference detected (no "
                         "supra-threshold cluster)")
            continue
        said = [f"{r['start_percent']:.0f}–{r['end_percent']:.0f} % {r['direction']}, p "
                f"{_fmt_p(float(r['p']))}, L − R {r['mean_difference_at_peak']:+.2f} "
                f"{first['unit']} ({r['mean_difference_min']:+.2f} to "
                f"{r['mean_difference_max']:+.2f} over the cluster)"
                for _, r in clusters.iterrows()]
        line = f"  {name} ({n} subjects): {len(clusters)} cluster(s): " + "; ".join(said)
        if quantity == PELVIS_QUANTITY:
            line += (" [one pelvis seen from each side: a cluster and one about 50 % later in "
                     "the same direction are one finding]")
        lines.append(line)
    lines.extend(f"  ({h})" for h in hints)
    return lines


def figure(c: SideSPM) -> Any:
    """One curve's :func:`hipmech.plot.spm` figure (left and right mean ± SD over the subjects,
    SPM{t} below; a matplotlib Figure without pyplot), x in % of the full cycle: a test over
    part of the cycle leaves the points not tested blank and shaded grey (gid
    ``untested:<i>``)."""
    from matplotlib.figure import Figure

    from .. import plot

    fig = Figure(figsize=(6.4, 5.4), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True)
    title = f"{c.label}: {len(c.subjects)} subjects"
    if c.trimmed:
        title += f"\ntested over {c.nodes_percent} of the cycle (grey: not tested)"
    # x in % of the full cycle; the points not tested left blank and shaded grey (drawn
    # first: plot.spm's legend, below the SPM panel, then names them).
    if c.trimmed:
        pct = 100.0 / (c.n_points - 1)
        spans = [(a, b) for a, b in ((0.0, c.first * pct), (c.last * pct, 100.0)) if b > a]
        for ax in (top, bottom):
            for i, (a, b) in enumerate(spans):
                ax.axvspan(a, b, color="0.85", lw=0, zorder=0, gid=f"untested:{i}",
                           label="not tested" if (ax is bottom and i == 0) else None)
    plot.spm(c.on_full_cycle(), (top, bottom), labels=("left", "right"),
             ylabel=f"[{c.unit}]", title=title)
    return fig


def figure_png(c: SideSPM, dpi: int = 120) -> bytes:
    """:func:`figure` as PNG bytes."""
    import io as _io

    buf = _io.BytesIO()
    figure(c).savefig(buf, format="png", dpi=dpi)
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
             "No cluster means no difference detected, not that the sides are equal. "
             f"At least {SPM_MIN_PAIRS} subjects with a complete curve of both sides are "
             "needed: a subject whose mean curve of a side has a gap inside the cycle is left "
             "out; points without a value only at the start or end of the cycle (e.g. a "
             "moment whose next foot strike lies beyond the force data) shorten the test to "
             "the points every subject has, if they cover at least "
             f"{100 * SPM_MIN_CYCLE_FRACTION:g} % of the cycle (else those subjects are left "
             "out), and the page says over which range. Table: "
             "<a href='spm.csv'>spm.csv</a>.</p>"]
    n_tested = sum(c.result is not None for c in comparisons)
    if n_tested > 1:
        parts.append(
            f"<p><b>{n_tested} curves, each tested at α = {alpha:g}.</b> α holds for each "
            "curve on its own: the chance of a false cluster on at least one of the curves of "
            f"this page is up to about 1 − {1 - alpha:g}^{n_tested} ≈ "
            f"{alpha_all_curves(alpha, n_tested):.2f} (if the curves were independent; at most "
            f"{n_tested} × {alpha:g} = {n_tested * alpha:.2f}). The curves "
            "are correlated (pelvic obliquity, hip adduction and knee valgus move together), "
            "which lowers it; still, read a lone cluster with p near α with care.</p>")
    parts.append(
        "<p><b>Which side is which.</b> Left vs right across the cohort makes sense only when "
        "the affected side is the same in every subject (e.g. all weak on the right): in a "
        "cohort mixing left-affected and right-affected subjects the differences cancel out "
        "and no cluster is found even where every subject is asymmetric. Comparing the "
        "affected with the unaffected side needs each subject's affected side, which hipmech "
        "does not take yet.</p>")
    if not figures and why_no_figures:
        parts.append(f"<p class='muted'>{_e(why_no_figures)}</p>")
    for c in comparisons:
        parts.append(f"<h3>{_e(c.label)} [{_e(c.unit)}]</h3>")
        if c.left_out:
            parts.append("<p class='muted'>Left out: " + "; ".join(
                f"{_e(s)} ({_e(w)})" for s, w in c.left_out) + ".</p>")
        r = c.on_full_cycle()  # positions in % of the full cycle
        if r is None:
            parts.append(f"<p class='muted'>{_e(c.note)}.</p>")
            continue
        if c.range_note:  # tested over part of the cycle: which, and why
            parts.append(f"<p>{_e(c.range_note[:1].upper() + c.range_note[1:])}.</p>")
        if figures:
            try:
                data = base64.b64encode(figure_png(c)).decode("ascii")
                parts.append(f"<figure><img style='width:36em' alt='{_e(c.label)}: left and "
                             "right mean and SD over the subjects, and the SPM{t} of left "
                             "minus right with its threshold and clusters' "
                             f"src='data:image/png;base64,{data}'><figcaption>Top: left (red, "
                             "solid) and right (green, dashed) mean ± 1 SD over the subjects' "
                             "mean curves. Bottom: SPM{t} of left − right, ±t* dashed, "
                             "clusters shaded with their p."
                             + (f" x in % of the full cycle; tested over "
                                f"{_e(c.nodes_percent)}, the rest grey." if c.trimmed else "")
                             + "</figcaption></figure>")
            except ImportError as exc:  # matplotlib missing
                parts.append(f"<p class='muted'>Figure not drawn: {_e(exc)}.</p>")
        head = (f"<p>{len(c.subjects)} subjects, df = {_num(r.df[-1], 0)}, FWHM = "
                f"{_num(100.0 * r.fwhm / (r.n_nodes - 1), 1)} % of the cycle, t* = "
                f"{_num(r.zstar, 3)}: ")
        if not r.clusters:
            where = (f"over {_e(c.nodes_percent)} of the cycle" if c.trimmed else
                     "anywhere in the cycle")
            parts.append(head + "no difference detected (no supra-threshold cluster "
                         f"{where} at α = {alpha:g}); this is not evidence that the sides are "
                         "equal.</p>")
            continue
        n_k = len(r.clusters)
        parts.append(head + f"{n_k} cluster(s); p_set {_e(_fmt_p(r.p_set))} (set-level p: the "
                     f"probability by chance of at least {n_k} cluster(s) at least as wide as "
                     f"the smallest one here).</p>")
        unit = _e(c.unit)
        parts.append("<table><thead><tr><th>cluster</th><th>from [%]</th><th>to [%]</th>"
                     "<th>extent [%]</th><th>peak t</th><th>at [%]</th><th>direction</th>"
                     f"<th>mean left − right at the peak [{unit}]</th><th>its range over the "
                     f"cluster [{unit}]</th><th>p</th></tr></thead><tbody>")
        q1 = r.n_nodes - 1
        for i, k in enumerate(r.clusters, start=1):
            at_peak, low, high = c.cluster_difference(k)
            parts.append(f"<tr><td class='num'>{i}</td><td class='num'>"
                         f"{_num(k.start_percent, 1)}</td><td class='num'>"
                         f"{_num(k.end_percent, 1)}</td><td class='num'>"
                         f"{_num(100.0 * k.extent / q1, 1)}</td><td class='num'>"
                         f"{_num(k.peak, 2)}</td><td class='num'>"
                         f"{_num(100.0 * k.peak_node / q1, 0)}</td><td>"
                         f"{'left &gt; right' if k.sign > 0 else 'right &gt; left'}</td>"
                         f"<td class='num'>{_num(at_peak)}</td><td class='num'>{_num(low)} "
                         f"to {_num(high)}</td>"
                         f"<td class='num'>{_e(_fmt_p(k.p))}</td></tr>")
        parts.append("</tbody></table>")
        if c.quantity == PELVIS_QUANTITY:
            parts.append(f"<p><b>One pelvis.</b> {_e(PELVIS_NOTE[:1].upper() + PELVIS_NOTE[1:])}."
                         "</p>")
        for n in r.notes:
            parts.append(f"<p class='muted'>{_e(n)}</p>")
    return "\n".join(parts)
