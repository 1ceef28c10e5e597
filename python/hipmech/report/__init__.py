"""The hip report: per-trial summary, HTML/JSON/PNG output and batches (docs: report).

``analyse(trial)`` computes the summary of one Plug-in Gait trial (pelvic drop, knee valgus,
hip adduction and hip abduction moment per stance, their left/right asymmetry with bootstrap
CIs, flags against literature thresholds); ``write(report, out_dir)`` writes ``report.html``
(self-contained), ``report.json`` and the PNG figures; ``run(paths, out_dir)`` does both for
many trials, with progress, and lists the trials that failed.
"""

from __future__ import annotations

from ._thresholds import THRESHOLDS, Threshold, threshold_table
from ._analysis import CURVES, QUANTITIES, Curves, TrialReport, analyse
from ._html import write
from ._batch import BatchResult, run

__all__ = [
    "BatchResult",
    "CURVES",
    "Curves",
    "QUANTITIES",
    "THRESHOLDS",
    "Threshold",
    "TrialReport",
    "analyse",
    "run",
    "threshold_table",
    "write",
]
