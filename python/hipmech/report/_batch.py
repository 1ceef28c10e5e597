"""Many trials: :func:`run` analyses and writes each, with progress, and lists the failures."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, TextIO

from .._args import integer_value
from .._args import side_name as _side_name
from ..io import Trial
from .._args import marker_map as _marker_map_pairs
from .._args import path_arg
from ..io import read_subject
from ._analysis import EVENT_MODES, TrialReport, _age_arg, _mass_arg, _trial_arg, analyse
from ._thresholds import _coerce
from ._html import _colors_arg, _normative_arg, _out_dir, write

__all__ = ["BatchResult", "run"]


@dataclass
class BatchResult:
    """Result of :func:`run`.

    Attributes
    ----------
    reports : list of (pathlib.Path, TrialReport, dict)
        Each trial that worked: its path, its report and the files written (as
        :func:`hipmech.report.write` returns them).
    failures : list of (pathlib.Path, str)
        Each trial that failed and why (the exception type and message).
    out_dirs : dict
        Trial path -> the directory its files went to (or would have gone to).
    """

    reports: list[tuple[Path, TrialReport, dict[str, Path]]] = field(default_factory=list)
    failures: list[tuple[Path, str]] = field(default_factory=list)
    out_dirs: dict[Path, Path] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no trial failed."""
        return not self.failures


def _paths(paths: Any) -> list[Path]:
    if isinstance(paths, (str, bytes, os.PathLike)):
        return [Path(os.fsdecode(path_arg(paths, "paths")))]
    try:
        items = list(paths)
    except TypeError:
        raise TypeError(f"argument 'paths': expected a path or a list of paths, got "
                        f"{type(paths).__name__}") from None
    if not items:
        raise ValueError("argument 'paths': expected at least one trial, got none")
    out = []
    for p in items:
        if isinstance(p, bool) or not isinstance(p, (str, bytes, os.PathLike)):
            raise TypeError(f"argument 'paths': expected paths (str, bytes or os.PathLike), got "
                            f"{type(p).__name__}")
        out.append(Path(os.fsdecode(path_arg(p, "paths"))))
    return out


def _sub_dirs(paths: list[Path], out: Path) -> list[Path]:
    """One directory per trial (named after the file; -2, -3 ... when names repeat), or
    ``out`` itself for a single trial."""
    if len(paths) == 1:
        return [out]
    used: dict[str, int] = {}
    dirs = []
    for p in paths:
        stem = p.stem or "trial"
        used[stem] = used.get(stem, 0) + 1
        dirs.append(out / (stem if used[stem] == 1 else f"{stem}-{used[stem]}"))
    return dirs


def run(paths: Any, out_dir: Any, *, progress: bool = True,
        stream: Optional[TextIO] = None, **options: Any) -> BatchResult:
    """Analyse and write the report of every trial; a failing trial does not stop the others.

    Parameters
    ----------
    paths : path or sequence of paths
        C3D files of dynamic trials.
    out_dir : str or os.PathLike
        Output directory (created); with several trials each gets a sub-directory named after
        its file.
    progress : bool
        Print a line per trial on ``stream`` (default stderr):
        ``[2/5] walk2.c3d ... ok (1.3 s)`` or ``... FAILED: reason``.
    **options
        Keyword arguments of :func:`hipmech.report.analyse` (``static``, ``body_mass_kg``,
        ``reference``, ``events``, ...) and of :func:`hipmech.report.write` (``figures``, ...),
        the same for every trial. An unknown name is a TypeError.

    Returns
    -------
    BatchResult
        The reports written and the failures with their reasons.
    """
    import inspect

    analyse_names = set(inspect.signature(analyse).parameters) - {"trial"}
    write_names = set(inspect.signature(write).parameters) - {"report", "out_dir"}
    unknown = sorted(set(options) - analyse_names - write_names)
    if unknown:
        raise TypeError(f"run() got unexpected keyword argument(s) {unknown}; expected those of "
                        f"hipmech.report.analyse {sorted(analyse_names)} or write "
                        f"{sorted(write_names)}")
    analyse_options = {k: v for k, v in options.items() if k in analyse_names}
    write_options = {k: v for k, v in options.items() if k in write_names}
    static = analyse_options.get("static")
    body_mass_kg = analyse_options.get("body_mass_kg")
    items = _paths(paths)
    # Arguments shared by every trial are checked once, before any trial is read.
    _side_name(analyse_options.get("reference", "left"), "reference")
    integer_value(analyse_options.get("n_resamples", 2000), "n_resamples", 1)
    integer_value(analyse_options.get("seed", 1), "seed", 0)
    _coerce(analyse_options.get("thresholds"))
    moment_frame = analyse_options.get("moment_frame", "jcs")
    if moment_frame not in ("jcs", "distal", "proximal"):
        raise ValueError(f"argument 'moment_frame': expected 'jcs', 'distal' or 'proximal', got "
                         f"{moment_frame!r}")
    events = analyse_options.get("events", "auto")
    if not isinstance(events, str) or events not in EVENT_MODES:
        raise ValueError(f"argument 'events': expected one of {EVENT_MODES}, got {events!r}")
    if body_mass_kg is not None:
        _mass_arg(body_mass_kg)
    # Checked once, before any trial, so that a bad option fails the batch, not every trial.
    if analyse_options.get("age_years") is not None:
        _age_arg(analyse_options["age_years"], None)
    if analyse_options.get("marker_map") is not None:
        _marker_map_pairs(analyse_options["marker_map"], "marker_map")
    subject = analyse_options.get("subject")
    if isinstance(subject, (str, os.PathLike)):
        read_subject(subject)
    if write_options.get("colors") is not None:
        _colors_arg(write_options["colors"])
    if write_options.get("normative") is not None:
        _normative_arg(write_options["normative"])
    if static is not None and not isinstance(static, Trial):
        static, _ = _trial_arg(static, "static")
        analyse_options["static"] = static
    out = _out_dir(out_dir)
    err = stream if stream is not None else sys.stderr
    result = BatchResult()
    for i, (path, target) in enumerate(zip(items, _sub_dirs(items, out)), start=1):
        result.out_dirs[path] = target
        t0 = time.perf_counter()
        try:
            report = analyse(path, **analyse_options)
            files = write(report, target, **write_options)
        except (OSError, ValueError, TypeError, RuntimeError, KeyError) as exc:
            reason = f"{type(exc).__name__}: {exc}"
            result.failures.append((path, reason))
            if progress:
                print(f"[{i}/{len(items)}] {path.name} ... FAILED ({time.perf_counter() - t0:.1f} "
                      f"s): {reason}", file=err, flush=True)
            continue
        result.reports.append((path, report, files))
        if progress:
            print(f"[{i}/{len(items)}] {path.name} ... ok ({time.perf_counter() - t0:.1f} s)",
                  file=err, flush=True)
    return result
