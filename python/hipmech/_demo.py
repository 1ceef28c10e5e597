"""``hipmech demo``: a synthetic trial with a known right-side hip-abductor weakness, analysed
by the same report as a real file, and the injected asymmetry compared with what comes back
(docs: report, "The demo").
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import numpy as np

__all__ = ["DEMO_SETTINGS", "TOLERANCES", "DemoResult", "Recovery", "run_demo"]

_DEG = math.pi / 180.0

#: The demo's synthetic subject: 75 kg, 1.75 m, 1.3 m/s, 8 strides per side, a right-side
#: hip-abductor weakness — more contralateral pelvic drop (8° vs 4°) and more knee valgus (6°
#: vs 2°) when standing on the right leg — 1 mm marker noise, every stance on a force plate.
DEMO_SETTINGS: dict[str, Any] = dict(
    body_mass_kg=75.0, height_m=1.75, speed_mps=1.3, n_strides=8,
    pelvic_drop_rad={"left": 4.0 * _DEG, "right": 8.0 * _DEG},
    knee_valgus_rad={"left": 2.0 * _DEG, "right": 6.0 * _DEG},
    marker_noise_m=0.001, seed=2026)

#: How close the report's per-side means [deg] and symmetry index [percentage points] must come
#: to the truth the trial was built with. The report low-passes the markers at 6 Hz, which
#: rounds the peaks a little; with 1 mm of marker noise the recovered means stay well inside.
TOLERANCES: dict[str, float] = {"mean_deg": 0.5, "si_percent": 5.0}

_QUANTITIES = (("pelvic_drop_deg", "pelvic_drop_rad"), ("knee_valgus_deg", "knee_valgus_rad"))


@dataclass(frozen=True)
class Recovery:
    """One comparison of the demo: a truth and what the report found."""

    quantity: str
    what: str            # "left mean", "right mean" or "SI (right vs left)"
    unit: str
    truth: float
    recovered: float
    tolerance: float

    @property
    def difference(self) -> float:
        return self.recovered - self.truth

    @property
    def ok(self) -> bool:
        return bool(abs(self.difference) <= self.tolerance)


@dataclass(frozen=True)
class DemoResult:
    """What :func:`run_demo` produced: the synthetic trial, its report, the files written and
    the comparisons with the truth."""

    walk: Any
    report: Any
    files: dict[str, Path]
    c3d: Path
    recoveries: list[Recovery] = field(default_factory=list)

    @property
    def flagged(self) -> list[str]:
        """The quantities whose summary row the report flagged."""
        return [str(q) for q, f in zip(self.report.summary["quantity"],
                                       self.report.summary["flags"]) if f]

    @property
    def flags_as_expected(self) -> bool:
        """The pelvic-drop row is flagged exactly when the injected left-right difference is
        beyond the report's margin for it (docs: report, "Flags")."""
        from .report import THRESHOLDS

        margin = next(t.value for t in THRESHOLDS
                      if t.quantity == "pelvic_drop_deg" and t.measure == "difference")
        truth = next(r.truth for r in self.recoveries
                     if r.quantity == "pelvic_drop_deg" and r.what.startswith("difference"))
        return ("pelvic_drop_deg" in self.flagged) == (abs(truth) > margin)

    @property
    def ok(self) -> bool:
        """Every recovery within tolerance, and the pelvic-drop flag as the truth expects."""
        return all(r.ok for r in self.recoveries) and self.flags_as_expected


def run_demo(out_dir: Any = "hipmech_demo", *, figures: bool = True,
             log: Optional[Callable[[str], None]] = None, **overrides: Any) -> DemoResult:
    """Synthesise the demo trial, write it as a C3D file, run the report on that file and
    compare the recovered pelvic drop and knee valgus with the truth.

    Parameters
    ----------
    out_dir : path
        Directory for ``demo_walking.c3d``, ``report.html``, ``report.json`` and the figures.
    figures : bool
        Draw the figures (needs matplotlib; without it the report says so).
    log : callable, optional
        Receives progress lines.
    **overrides
        Replace entries of :data:`DEMO_SETTINGS` (any argument of
        :func:`hipmech.synth.walking`).
    """
    from . import io, report, synth

    from . import stats

    say = log if log is not None else (lambda _line: None)
    if not isinstance(out_dir, (str, Path)):
        raise TypeError(f"argument 'out_dir': expected a path (str or pathlib.Path), got "
                        f"{type(out_dir).__name__}")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ValueError(f"argument 'out_dir': expected a directory, got the file {str(out)!r}")
    out.mkdir(parents=True, exist_ok=True)
    settings = {**DEMO_SETTINGS, **overrides}
    t0 = time.perf_counter()
    walk = synth.walking(**settings)
    c3d = out / "demo_walking.c3d"
    io.write_c3d(walk.trial, c3d)
    say(f"synthesised {walk.trial.n_frames} frames, {len(walk.trial.force_plates)} force plates "
        f"-> {c3d} ({time.perf_counter() - t0:.1f} s)")
    t0 = time.perf_counter()
    rep = report.analyse(c3d)             # the same path as `hipmech report FILE.c3d`
    files = report.write(rep, out, figures=figures)
    say(f"report -> {files['html']} ({time.perf_counter() - t0:.1f} s)")

    truth = walk.truth.stances()
    # Compare the stances the report analysed with the same stances of the truth (matched by
    # side and foot-strike frame), so that a stance the report could not use is not compared.
    found = rep.stances.set_index(["side", "foot_strike_frame"])
    summary = rep.summary.set_index("quantity")
    recoveries = []
    for quantity, truth_column in _QUANTITIES:
        means = {}
        for side in ("left", "right"):
            rows = truth[truth["side"] == side]
            keys = [(side, int(f)) for f in rows["foot_strike_frame"]]
            matched = [k in found.index for k in keys]
            true_deg = np.degrees(rows[truth_column].to_numpy(dtype=float)[matched])
            got = np.array([found.loc[k, quantity] for k, m in zip(keys, matched) if m],
                           dtype=float)
            means[side] = (float(np.mean(true_deg)) if true_deg.size else math.nan,
                           float(np.mean(got)) if got.size else math.nan)
            recoveries.append(Recovery(quantity, f"{side} mean", "deg", means[side][0],
                                       means[side][1], TOLERANCES["mean_deg"]))
        # The truth's symmetry index (Robinson et al. 1987, left the reference) against the
        # report's own (its summary, which uses every stance it analysed).
        truth_si = stats.symmetry_index(means["left"][0], means["right"][0],
                                        reference="left").value
        recoveries.append(Recovery(
            quantity, "SI (right vs left)", "%", float(truth_si),
            float(summary.loc[quantity, "si_percent"]), TOLERANCES["si_percent"]))
        # The difference the flags judge (right minus left, left the reference).
        recoveries.append(Recovery(
            quantity, "difference R - L", "deg", means["right"][0] - means["left"][0],
            float(summary.loc[quantity, "difference"]), 2 * TOLERANCES["mean_deg"]))
    return DemoResult(walk=walk, report=rep, files=files, c3d=c3d, recoveries=recoveries)


def format_recoveries(recoveries: list[Recovery]) -> str:
    """The comparison table as text."""
    lines = [f"  {'quantity':<18} {'':<20} {'truth':>8} {'recovered':>10} {'diff':>7} "
             f"{'tolerance':>10}"]
    for r in recoveries:
        lines.append(f"  {r.quantity:<18} {r.what:<20} {r.truth:8.2f} {r.recovered:10.2f} "
                     f"{r.difference:+7.2f} {'±' + format(r.tolerance, 'g') + ' ' + r.unit:>10}"
                     f"  {'ok' if r.ok else 'NOT RECOVERED'}")
    return "\n".join(lines)
