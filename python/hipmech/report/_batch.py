"""Many trials: :func:`run` finds the trials, pairs each with its static trial, analyses and
writes them in parallel (local processes or a Dask cluster) with a progress bar, lists the
failures and writes the cohort tables and page (docs: cohorts)."""

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
from ..io import read_subject
from ._analysis import EVENT_MODES, TrialReport, _age_arg, _mass_arg, _trial_arg, analyse
from ._thresholds import _coerce
from ._html import _colors_arg, _normative_arg, _out_dir, write
from . import _cohort

__all__ = ["BatchResult", "TrialResult", "run"]

#: The accepted ``progress`` values of :func:`run` (True: "auto", False: "off").
PROGRESS_MODES = ("auto", "bar", "lines", "off")


@dataclass(repr=False)
class TrialResult:
    """One dynamic trial of a :func:`run`.

    Attributes
    ----------
    path : pathlib.Path
        The trial's file.
    trial_id : str
        Its identifier in the cohort tables (its path relative to the trials' common folder,
        without the extension) and the name of its output sub-folder.
    static : pathlib.Path or None
        The static trial used (None: none).
    pairing : str
        How the static trial was chosen, in words (docs: cohorts, "Pairing").
    kind_reason : str
        Why the file was taken as a dynamic trial.
    out_dir : pathlib.Path
        The folder of its report.
    status : str
        "ok" or "failed".
    reason : str
        Why it failed (the exception type and message); "" when it worked.
    report : TrialReport or None
    files : dict
        The files written (as :func:`hipmech.report.write` returns them, plus the CSV/Excel
        files).
    seconds : float
        Wall time of its analysis and writing [s].
    """

    path: Path
    trial_id: str
    static: Optional[Path]
    pairing: str
    kind_reason: str
    out_dir: Path
    status: str = "pending"
    reason: str = ""
    report: Optional[TrialReport] = None
    files: dict[str, Path] = field(default_factory=dict)
    seconds: float = float("nan")

    def __repr__(self) -> str:
        static = "none" if self.static is None else self.static.name
        what = self.status if self.status != "failed" else f"failed: {self.reason}"
        return (f"TrialResult({self.trial_id!r}, {what}, static={static}, "
                f"{self.seconds:.1f} s)")


@dataclass(repr=False)
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
    trials : list of TrialResult
        Every dynamic trial in input order, with its pairing and status.
    statics : list of (pathlib.Path, str)
        The files taken as static trials (not analysed) and why.
    cohort_files : dict
        The cohort files written (``summary_csv``, ``stances_csv``, ``trials_csv``,
        ``index``, ``xlsx``); empty for a single trial.
    seconds : float
        Wall time of the run [s].
    """

    reports: list[tuple[Path, TrialReport, dict[str, Path]]] = field(default_factory=list)
    failures: list[tuple[Path, str]] = field(default_factory=list)
    out_dirs: dict[Path, Path] = field(default_factory=dict)
    trials: list[TrialResult] = field(default_factory=list)
    statics: list[tuple[Path, str]] = field(default_factory=list)
    cohort_files: dict[str, Path] = field(default_factory=dict)
    seconds: float = float("nan")

    @property
    def ok(self) -> bool:
        """True when no trial failed."""
        return not self.failures

    def __repr__(self) -> str:
        n, bad = len(self.trials) or len(self.reports) + len(self.failures), len(self.failures)
        index = self.cohort_files.get("index")
        return (f"BatchResult({n} trial(s): {n - bad} ok, {bad} failed; {len(self.statics)} "
                f"static trial(s)" + (f"; cohort page {index}" if index else "") +
                (f"; {self.seconds:.1f} s" if self.seconds == self.seconds else "") + ")")

    def _repr_html_(self) -> str:
        """Jupyter: the line above and the table of trials (status, static, pairing, flags)."""
        import html

        from ._index import trials_table

        table = trials_table(self, Path.cwd())[["trial", "status", "reason", "static",
                                                "pairing", "flagged"]]
        return f"<p>{html.escape(repr(self))}</p>" + table.to_html(index=False, na_rep="")

    def summary(self) -> Any:
        """:func:`hipmech.report.summarise` of this run (pandas.DataFrame)."""
        return _cohort.summarise(self)

    def stances(self) -> Any:
        """:func:`hipmech.report.summarise_stances` of this run (pandas.DataFrame)."""
        return _cohort.summarise_stances(self)


#: The exceptions a trial may raise that fail it alone (anything else stops the run).
_TRIAL_ERRORS = (OSError, ValueError, TypeError, RuntimeError, KeyError)


def _one(path: Path, static: Any, target: Path, analyse_options: dict[str, Any],
         write_options: dict[str, Any], note: Optional[str] = None
         ) -> tuple[str, Any, Any, float]:
    """Analyse and write one trial: ("ok", report, files, seconds) or ("failed", reason, None,
    seconds); ``note`` (how its static trial was chosen) is added to the report's notes. Runs
    in the calling process, a worker process or a Dask worker."""
    t0 = time.perf_counter()
    try:
        options = dict(analyse_options)
        if static is not None:
            options["static"] = static
        report = analyse(path, **options)
        if note:
            report.notes.append(note)
        files = write(report, target, **write_options)
    except _TRIAL_ERRORS as exc:
        return "failed", f"{type(exc).__name__}: {exc}", None, time.perf_counter() - t0
    return "ok", report, files, time.perf_counter() - t0


def _pairing_note(t: TrialResult, static_why: dict[str, str], given: Any) -> Optional[str]:
    """The report note saying how the trial's static trial was chosen (docs: cohorts)."""
    if given is not None or t.pairing.startswith("no pairing"):
        return None
    if t.static is None:
        return f"Static trial (hipmech report pairing): none; {t.pairing}."
    why = static_why.get(os.path.abspath(t.static), "")
    return (f"Static trial (hipmech report pairing): {t.static.name}, {t.pairing}" +
            (f"; recognised as static: {why}" if why else "") + " (docs: cohorts, 'Pairing').")


def _worker_init() -> None:
    """Worker processes ignore Ctrl-C: the parent stops the pool (docs: cohorts)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Progress:
    """A tqdm bar with ETA on a terminal; one line per finished trial otherwise (logs)."""

    def __init__(self, mode: str, total: int, stream: TextIO) -> None:
        if mode == "auto":
            isatty = getattr(stream, "isatty", None)
            mode = "bar" if (callable(isatty) and isatty()) or _in_notebook(stream) else "lines"
        self.mode, self.total, self.stream = mode, total, stream
        self.bar = None
        if mode == "bar":
            from tqdm.auto import tqdm

            self.bar = tqdm(total=total, file=stream, unit="trial", desc="hipmech report",
                            dynamic_ncols=True, smoothing=0.1)

    def line(self, text: str) -> None:
        if self.mode == "off":
            return
        if self.bar is not None:
            self.bar.write(text, file=self.stream)
        else:
            print(text, file=self.stream, flush=True)

    def done(self, i: int, t: TrialResult) -> None:
        if self.mode == "off":
            return
        head = f"[{i}/{self.total}] {t.path.name} ..."
        if self.bar is not None:
            if t.status != "ok":
                self.bar.write(f"{head} FAILED ({t.seconds:.1f} s): {t.reason}", file=self.stream)
            self.bar.set_postfix_str(t.path.name, refresh=False)
            self.bar.update(1)
        elif t.status == "ok":
            print(f"{head} ok ({t.seconds:.1f} s)", file=self.stream, flush=True)
        else:
            print(f"{head} FAILED ({t.seconds:.1f} s): {t.reason}", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _in_notebook(stream: TextIO) -> bool:
    """True in a Jupyter kernel writing to its own stderr (tqdm.auto then draws a widget)."""
    if stream is not sys.stderr or "ipykernel" not in sys.modules:
        return False
    try:
        return type(get_ipython()).__name__ == "ZMQInteractiveShell"  # type: ignore[name-defined]  # noqa: F821
    except NameError:
        return False


def _jobs_arg(jobs: Any) -> int:
    if jobs is None:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") \
            else (os.cpu_count() or 1)
    return integer_value(jobs, "jobs", 1)


def _progress_arg(progress: Any) -> str:
    if progress is True:
        return "auto"
    if progress is False or progress is None:
        return "off"
    if isinstance(progress, str) and progress in PROGRESS_MODES:
        return progress
    raise ValueError(f"argument 'progress': expected True, False or one of {PROGRESS_MODES}, "
                     f"got {progress!r}")


def _run_serial(tasks, finish) -> None:
    for i, args in tasks:
        finish(i, _one(*args))


def _run_processes(tasks, finish, jobs: int) -> None:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    if method == "forkserver":
        # Imported once in the server, forked per worker (a module that fails is skipped).
        ctx.set_forkserver_preload(["hipmech.report", "hipmech.plot", "matplotlib.figure",
                                    "matplotlib.backends.backend_agg"])
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init)
    try:
        pending = {pool.submit(_one, *args): i for i, args in tasks}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                i = pending.pop(fut)
                try:
                    finish(i, fut.result())
                except _TRIAL_ERRORS as exc:  # e.g. a result that did not unpickle
                    finish(i, ("failed", f"{type(exc).__name__}: {exc}", None, float("nan")))
    except BaseException:
        # Ctrl-C (or an unexpected error): nothing new starts; the running trials finish
        # (each writes atomically) and the workers exit before the exception goes on.
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _run_dask(tasks, finish, scheduler: Any) -> None:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ImportError("argument 'scheduler': a Dask scheduler needs dask.distributed; "
                          "install it with: pip install 'dask[distributed]'") from None
    own = not isinstance(scheduler, Client)
    if own and not isinstance(scheduler, str):
        raise TypeError(f"argument 'scheduler': expected a Dask scheduler address (str, e.g. "
                        f"'tcp://host:8786') or a distributed.Client, got "
                        f"{type(scheduler).__name__}")
    if own:
        try:
            client = Client(scheduler)
        except (OSError, ValueError) as exc:  # TimeoutError is an OSError
            raise OSError(f"argument 'scheduler': cannot connect to the Dask scheduler "
                          f"{scheduler!r}: {type(exc).__name__}: {exc}") from None
    else:
        client = scheduler
    try:
        index = {}
        futures = []
        for i, args in tasks:
            fut = client.submit(_one, *args, pure=False)
            index[fut.key] = i
            futures.append(fut)
        try:
            for fut in as_completed(futures):
                i = index[fut.key]
                try:
                    finish(i, fut.result())
                except Exception as exc:  # the worker died, the result did not come back
                    finish(i, ("failed", f"{type(exc).__name__}: {exc}", None, float("nan")))
        except BaseException:
            client.cancel(futures)
            raise
    finally:
        if own:
            client.close()


def run(paths: Any, out_dir: Any, *, progress: Any = True,
        stream: Optional[TextIO] = None, jobs: Optional[int] = None, scheduler: Any = None,
        static_map: Any = None, pair: bool = True, csv: bool = False, xlsx: bool = False,
        **options: Any) -> BatchResult:
    """Analyse and write the report of every trial; a failing trial does not stop the others.

    Parameters
    ----------
    paths : path, glob pattern or sequence of them
        C3D files, folders (searched recursively for ``*.c3d``) and glob patterns. Static
        trials among them are recognised and paired with the dynamic trials, not analysed
        (docs: cohorts, "Pairing"). A missing ``.c3d`` file is a failed trial; a missing
        folder, or a folder or pattern with no C3D file, is an error naming ``paths``.
    out_dir : str or os.PathLike
        Output directory (created). One trial: its report goes there. Several: each gets a
        sub-folder (its path relative to the trials' common folder) and the cohort files go
        to ``out_dir/cohort/`` (``summary.csv``, ``stances.csv``, ``trials.csv``,
        ``index.html``).
    progress : bool or {"auto", "bar", "lines", "off"}
        True ("auto", default): a tqdm progress bar with ETA on ``stream`` when it is a
        terminal, else one line per finished trial (``[2/5] walk2.c3d ... ok (1.3 s)`` or
        ``... FAILED (0.0 s): reason``), readable in logs. A failure is always printed.
    stream : file, optional
        Where the progress goes (default stderr).
    jobs : int, optional
        Worker processes on this machine (default: the CPUs available). 1 runs the trials
        one after the other in this process.
    scheduler : str or distributed.Client, optional
        A Dask scheduler address (``"tcp://host:8786"``) or client: the trials run on its
        workers (``jobs`` is then ignored). Trial files and ``out_dir`` must be reachable by
        the workers at the same paths.
    static_map : str, os.PathLike or mapping, optional
        CSV file with the columns ``trial`` and ``static`` (relative paths resolved against
        the CSV's folder; an empty static: none), or a mapping: overrides the pairing of the
        trials it names.
    pair : bool
        Find each trial's static trial (default). False: every file is a dynamic trial,
        analysed without a static trial. A ``static`` option (one static trial for all)
        turns the pairing off too.
    csv : bool
        Also write each trial's ``summary.csv`` and ``stances.csv`` beside its report.json
        (the cohort CSVs are always written for several trials).
    xlsx : bool
        Also write an Excel workbook (needs openpyxl: ``pip install 'hipmech[xlsx]'``):
        ``cohort/cohort.xlsx`` with the sheets summary, stances and trials for several
        trials, ``report.xlsx`` beside report.json for one.
    **options
        Keyword arguments of :func:`hipmech.report.analyse` (``static``, ``body_mass_kg``,
        ``reference``, ``events``, ``n_resamples`` ...) and of :func:`hipmech.report.write`
        (``figures``, ...), the same for every trial. An unknown name is a TypeError.

    Returns
    -------
    BatchResult
        Every trial with its pairing and status, the reports written and the failures with
        their reasons. The results equal a serial run's whatever ``jobs`` (the bootstrap is
        seeded).

    Raises
    ------
    KeyboardInterrupt
        Ctrl-C: no new trial starts, the running ones finish (their files are complete), the
        worker processes exit; no cohort file is written.
    """
    import inspect

    t_start = time.perf_counter()
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
    mode = _progress_arg(progress)
    n_jobs = _jobs_arg(jobs)
    for name, value in (("pair", pair), ("csv", csv), ("xlsx", xlsx)):
        if not isinstance(value, bool):
            raise TypeError(f"argument {name!r}: expected a bool, got {type(value).__name__}")
    if xlsx:
        _cohort.check_xlsx()
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
    if not isinstance(write_options.get("figures", True), bool):
        raise TypeError(f"argument 'figures': expected a bool, got "
                        f"{type(write_options['figures']).__name__}")
    fmt = write_options.get("figure_format", "png")
    if not isinstance(fmt, str) or fmt.lower() not in ("png", "svg"):
        raise ValueError(f"argument 'figure_format': expected 'png' or 'svg', got {fmt!r}")
    palette = _colors_arg(write_options.get("colors"))
    if write_options.get("normative") is not None:
        _normative_arg(write_options["normative"])
    if static is not None and not isinstance(static, Trial):
        static, _ = _trial_arg(static, "static")
        analyse_options["static"] = static
    plans, statics = _cohort.plan(paths, static=static, static_map=static_map, pair=pair)
    out = _out_dir(out_dir)
    _cohort.assign_out_dirs(plans, out)
    err = stream if stream is not None else sys.stderr
    result = BatchResult(statics=list(statics))
    for p in plans:
        result.trials.append(TrialResult(p.path, p.trial_id, p.static, p.pairing, p.kind_reason,
                                         p.out_dir))
        result.out_dirs[p.path] = p.out_dir
    static_why = {os.path.abspath(p): w for p, w in statics}
    tasks = [(i, (t.path, None if t.static is None else str(t.static), t.out_dir,
                  analyse_options, write_options, _pairing_note(t, static_why, static)))
             for i, t in enumerate(result.trials)]
    n = len(tasks)
    use_dask = scheduler is not None
    workers = 1 if n == 1 or use_dask else min(n_jobs, n)
    bar = _Progress(mode, n, err)
    if n > 1:
        where = ("the Dask scheduler" if use_dask else
                 f"{workers} worker processes" if workers > 1 else "1 process")
        bar.line(f"hipmech report: {n} trials ({len(statics)} static trial(s) found, "
                 f"not analysed) on {where}")

    def finish(i: int, res: tuple[str, Any, Any, float]) -> None:
        t = result.trials[i]
        status, value, files, seconds = res
        t.status, t.seconds = status, seconds
        if status == "ok":
            t.report, t.files = value, dict(files)
        else:
            t.reason = value
        bar.done(i + 1, t)

    try:
        if use_dask:
            _run_dask(tasks, finish, scheduler)
        elif workers == 1:
            _run_serial(tasks, finish)
        else:
            _run_processes(tasks, finish, workers)
    finally:
        bar.close()
    for t in result.trials:
        if t.status == "ok":
            if csv or (xlsx and n == 1):
                one = BatchResult(trials=[t])  # its tables keep the pairing
                t.files.update(_cohort.write_tables(
                    _cohort.summarise(one), _cohort.summarise_stances(one), t.out_dir, csv=csv,
                    xlsx="report.xlsx" if (xlsx and n == 1) else None))
            result.reports.append((t.path, t.report, t.files))
        else:
            result.failures.append((t.path, t.reason))
    if n > 1:
        from ._index import write_cohort

        result.cohort_files = write_cohort(result, out / "cohort", figures=write_options.get(
            "figures", True), palette=palette, xlsx=xlsx)
    result.seconds = time.perf_counter() - t_start
    return result

