"""The hip report: per-trial summary, HTML/JSON/PNG output and batches (docs: report).

``analyse(trial)`` computes the summary of one Plug-in Gait trial (pelvic drop, knee valgus,
hip adduction and hip abduction moment per stance, their left/right asymmetry with bootstrap
CIs, flags against literature thresholds); ``write(report, out_dir)`` writes ``report.html``
(self-contained), ``report.json`` and the PNG figures; ``run(paths, out_dir)`` does both for
many trials (a lab folder: statics paired, in parallel, with progress) and writes the cohort
tables; ``summarise(reports)`` gives the cohort table as a DataFrame, ``spm_sides(reports)``
the left vs right SPM of the curves across subjects.
"""

from __future__ import annotations

from ._thresholds import THRESHOLDS, Threshold, threshold_table
from ._analysis import CURVES, QUANTITIES, Curves, TrialReport, analyse
from ._html import write
from ._batch import BatchResult, TrialResult, run
from ._cohort import pairing, summarise, summarise_stances
from ._side_spm import spm_sides

__all__ = [
    "BatchResult",
    "CURVES",
    "Curves",
    "QUANTITIES",
    "THRESHOLDS",
    "Threshold",
    "TrialReport",
    "TrialResult",
    "analyse",
    "pairing",
    "run",
    "spm_sides",
    "summarise",
    "summarise_stances",
    "threshold_table",
    "write",
]
