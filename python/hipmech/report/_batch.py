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
from ._analysis import (EVENT_MODES, TrialReport, _age_arg, _mass_arg, _trial_arg,
                        _uncertainty_args, analyse)
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
    subject : str
        Its subject folder (the first folder under the trials' common folder; docs: cohorts,
        "Trial identifiers").
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
    subject: str = ""

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
        ``spm_csv``, ``index``, ``xlsx``); empty for a single trial.
    seconds : float
        Wall time of the run [s].
    warnings : list of str
        Warnings about the whole run (e.g. one body mass given for trials of several
        subjects), also printed, added to each report's notes and shown on the cohort page.
    """

    reports: list[tuple[Path, TrialReport, dict[str, Path]]] = field(default_factory=list)
    failures: list[tuple[Path, str]] = field(default_factory=list)
    out_dirs: dict[Path, Path] = field(default_factory=dict)
    trials: list[TrialResult] = field(default_factory=list)
    statics: list[tuple[Path, str]] = field(default_factory=list)
    cohort_files: dict[str, Path] = field(default_factory=dict)
    seconds: float = float("nan")
    warnings: list[str] = field(default_factory=list)

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

    def curves_frame(self) -> Any:
        """The gait-cycle curves of every trial that worked, in long format (for seaborn).

        :meth:`TrialReport.curves_frame` of each report with the run's trial identifiers
        (``trial``: the ``trial`` of :meth:`summary` and of ``cohort/summary.csv``, docs:
        cohorts, "Trial identifiers"), concatenated in input order.

        Returns
        -------
        pandas.DataFrame
            Columns ``trial``, ``side``, ``quantity``, ``unit``, ``cycle``, ``percent``,
            ``value`` (in ``unit``); no row for a failed trial.
        """
        import pandas as pd

        frames = [t.report.curves_frame(trial=t.trial_id) for t in self.trials
                  if t.report is not None]
        if not frames:
            return pd.DataFrame(columns=["trial", "side", "quantity", "unit", "cycle",
                                         "percent", "value"])
        return pd.concat(frames, ignore_index=True)


#: The exceptions a trial may raise that fail it alone (anything else stops the run).
_TRIAL_ERRORS = (OSError, ValueError, TypeError, RuntimeError, KeyError)


def _one(path: Path, static: Any, target: Path, analyse_options: dict[str, Any],
         write_options: dict[str, Any], note: Optional[str] = None
         ) -> tuple[str, Any, Any, float]:
    """Analyse and write one trial: ("ok", report, files, seconds) or ("failed", reason, None,
    seconds); ``note`` (how its static trial was chosen, a warning) is added to the report's
    notes. The trial and static paths are made absolute first, so that the report's
    ``source`` names the file whatever the working directory of a later run. Runs in the
    calling process, a worker process or a Dask worker."""
    t0 = time.perf_counter()
    created = _missing_dirs(Path(target))
    try:
        options = dict(analyse_options)
        if static is not None:
            options["static"] = os.path.abspath(static)
        report = analyse(os.path.abspath(path), **options)
        for line in ([note] if isinstance(note, str) else note or []):
            report.notes.append(line)
        files = write(report, target, **write_options)
    except _TRIAL_ERRORS as exc:
        return "failed", f"{type(exc).__name__}: {exc}", None, time.perf_counter() - t0
    except BaseException:  # Ctrl-C: no empty trial folder left behind
        for d in created:
            try:
                d.rmdir()
            except OSError:
                break
        raise
    return "ok", report, files, time.perf_counter() - t0


def _missing_dirs(target: Path) -> list[Path]:
    """The folders of ``target`` (itself included) that do not exist yet, deepest first."""
    out = []
    for d in (target, *target.parents):
        if d.exists():
            break
        out.append(d)
    return out


def _pairing_note(t: TrialResult, static_why: dict[str, str], given: Any) -> Optional[str]:
    """The report note saying how the trial's static trial was chosen (docs: cohorts)."""
    if given is not None or t.pairing.startswith("no pairing"):
        return None
    if t.static is None:
        return f"Static trial (hipmech report pairing): none; {t.pairing}."
    why = static_why.get(os.path.abspath(t.static), "")
    return (f"Static trial (hipmech report pairing): {t.static.name}, {t.pairing}" +
            (f"; recognised as static: {why}" if why else "") + " (docs: cohorts, 'Pairing').")


#: Run first in every worker process: Ctrl-C ignored (the parent stops the pool), and the
#: hipmech the worker imports must be the parent's (same file, same version). Executed by
#: ``exec`` (a builtin), so that the check runs even when the worker would import a hipmech
#: without this module's functions.
_WORKER_INIT = """
import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_IGN)
import hipmech
if (os.path.realpath(hipmech.__file__), hipmech.__version__) != (PARENT_FILE, PARENT_VERSION):
    raise ImportError(
        f"hipmech report worker {os.getpid()}: imported hipmech {hipmech.__version__} from "
        f"{hipmech.__file__}, but the process that started it runs hipmech {PARENT_VERSION} "
        f"from {PARENT_FILE} (sys.path differs: a hipmech put on sys.path at run time, or "
        "PYTHONPATH set differently); the workers would compute another version's results")
"""


def _worker_initializer() -> Any:
    """The pool's initializer (picklable: functools.partial of the builtin exec)."""
    import functools

    pkg = sys.modules[__name__.split(".")[0]]
    code = _WORKER_INIT.replace("PARENT_FILE", repr(os.path.realpath(pkg.__file__))).replace(
        "PARENT_VERSION", repr(pkg.__version__))
    return functools.partial(exec, code, {})


def _check_not_bootstrapping() -> None:
    """RuntimeError when run() is called while a worker process imports the main module: the
    calling script has no ``if __name__ == "__main__":`` guard (docs: cohorts)."""
    import multiprocessing

    # multiprocessing's own marker of a process being prepared (spawn/forkserver), the one its
    # "bootstrapping phase" error checks.
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise RuntimeError(
            "hipmech.report.run() was called while a worker process was importing the main "
            "module: the script calls run() at its top level. Python's multiprocessing starts "
            "each worker process by importing the main module again (the 'spawn' and "
            "'forkserver' start methods, used on every platform), so the script ran again in "
            "every worker. Put the call under  if __name__ == \"__main__\":  (docs: cohorts, "
            "'In Python'), or pass jobs=1 to run the trials in this process.")


def _broken_pool_error(exc: BaseException, done: list[str]) -> RuntimeError:
    """The one error of a pool whose worker processes died (BrokenProcessPool)."""
    pkg = sys.modules[__name__.split(".")[0]]
    return RuntimeError(
        "hipmech report: the worker processes stopped (BrokenProcessPool: "
        f"{exc}); no cohort file was written. The likely causes: (1) a script calling "
        "hipmech.report.run() without  if __name__ == \"__main__\":  - Python's "
        "multiprocessing imports the main module again in every worker process (spawn and "
        "forkserver, on every platform), so the script runs again there and fails; put the "
        "call under the guard (docs: cohorts, 'In Python'); (2) the workers imported another "
        f"hipmech than this process ({pkg.__version__} from {pkg.__file__}), e.g. one put on "
        "sys.path at run time; (3) a worker was killed (out of memory) or crashed. The "
        "workers' own messages are above on stderr. jobs=1 (--jobs 1) runs the trials in "
        "this process, without worker processes. "
        + (f"Written before the workers stopped: {', '.join(done)}." if done else
           "No trial was written."))


class _PoolBroken(Exception):
    """The worker processes died (BrokenProcessPool); run() turns it into one RuntimeError."""


class RunInterrupted(KeyboardInterrupt):
    """Ctrl-C during :func:`run`: a KeyboardInterrupt whose ``result`` (a :class:`BatchResult`)
    lists the trials written before it (``status`` "ok"); the others are "pending"."""

    def __init__(self, result: "BatchResult") -> None:
        done = [t.trial_id for t in result.trials if t.status == "ok"]
        super().__init__(f"interrupted: {len(done)} of {len(result.trials)} trial(s) written "
                         "before it" + (f" ({', '.join(done)})" if done else ""))
        self.result = result


class _Progress:
    """A tqdm bar with ETA on a terminal; one line per finished trial otherwise (logs)."""

    def __init__(self, mode: str, total: int, stream: TextIO) -> None:
        if mode == "auto":
            isatty = getattr(stream, "isatty", None)
            mode = "bar" if (callable(isatty) and isatty()) or _in_notebook(stream) else "lines"
        self.mode, self.total, self.stream = mode, total, stream
        self.bar = None
        if mode == "bar":
            if _in_notebook(stream) and _has_ipywidgets():
                from tqdm.auto import tqdm
            else:  # tqdm's notebook widget needs ipywidgets (not a dependency): text bar
                from tqdm import tqdm

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
        head = f"[{i}/{self.total}] {t.trial_id} ..."
        if self.bar is not None:
            if t.status != "ok":
                self.bar.write(f"{head} FAILED ({t.seconds:.1f} s): {t.reason}", file=self.stream)
            self.bar.set_postfix_str(t.trial_id, refresh=False)
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


def _has_ipywidgets() -> bool:
    import importlib.util

    return importlib.util.find_spec("ipywidgets") is not None


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


def _collect(result: BatchResult) -> None:
    """result.reports and result.failures from its trials' status (pending ones: neither)."""
    result.reports = [(t.path, t.report, t.files) for t in result.trials if t.status == "ok"]
    result.failures = [(t.path, t.reason) for t in result.trials if t.status == "failed"]


#: Options that describe one subject: (Python name, option of the command line).
_PER_SUBJECT = (("body_mass_kg", "--mass"), ("age_years", "--age"), ("subject", "--subject"),
                ("patient", "--patient"))


def _several_subjects_warning(plans: list[Any], analyse_options: dict[str, Any],
                              write_options: dict[str, Any]) -> str:
    """A warning when an option describing one subject (mass, age, subject file, patient) is
    applied to trials of several subjects: told apart by the C3D files' subject names when
    they have them, else by their subject folders (docs: cohorts)."""
    given = {name: option for name, option in _PER_SUBJECT
             if {**analyse_options, **write_options}.get(name) is not None}
    if len(plans) < 2 or not given:
        return ""
    names = {name: option for name, option in given.items()
             if any(name not in p.options for p in plans)}  # not every trial has its own
    if not names:
        return ""
    from ..io import read_c3d
    from ._analysis import _subject_name

    c3d_names = []
    for p in plans:
        try:
            c3d_names.append(_subject_name(read_c3d(p.path)))
        except (OSError, ValueError, RuntimeError):
            c3d_names.append(None)
    known = sorted({x for x in c3d_names if x})
    if len(known) > 1:
        subjects, what = known, "subject names in the C3D files"
    elif known and None not in c3d_names:
        return ""  # one subject name in every file
    else:
        subjects, what = sorted({p.subject for p in plans}), "subject folders"
        if len(subjects) < 2:
            return ""
    shown = ", ".join(subjects[:6]) + (" ..." if len(subjects) > 6 else "")
    opts = ", ".join(f"{option} ({name})" for name, option in names.items())
    return (f"Warning: {opts} applied to every trial, but the trials come from "
            f"{len(subjects)} subjects ({what}: {shown}): each trial got the same value. Give "
            "each trial its own in the static map (columns mass_kg, age_years, patient), or run "
            "one subject at a time (docs: cohorts, 'Several subjects').")


def _run_serial(tasks, finish) -> None:
    for i, args in tasks:
        finish(i, _one(*args))


def _run_processes(tasks, finish, jobs: int) -> None:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    if method == "forkserver":
        # Imported once in the server, forked per worker (a module that fails is skipped).
        # Not hipmech: Python 3.11's forkserver imports these with its own default sys.path,
        # not the parent's, so it could import another hipmech; each worker imports hipmech
        # after taking the parent's sys.path, and the initializer checks it is the same.
        ctx.set_forkserver_preload(["numpy", "pandas", "matplotlib.figure",
                                    "matplotlib.backends.backend_agg"])
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx,
                               initializer=_worker_initializer())
    todo = iter(tasks)
    pending: dict[Any, int] = {}

    def submit_next() -> None:
        # At most `jobs` trials in flight (the executor would queue more to its workers, and
        # Ctrl-C would still start them).
        for i, args in todo:
            pending[pool.submit(_one, *args)] = i
            return

    try:
        for _ in range(jobs):
            submit_next()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                i = pending.pop(fut)
                try:
                    res = fut.result()
                except BrokenProcessPool as exc:
                    raise _PoolBroken(str(exc)) from None
                except _TRIAL_ERRORS as exc:  # e.g. a result that did not unpickle
                    res = ("failed", f"{type(exc).__name__}: {exc}", None, float("nan"))
                finish(i, res)
                submit_next()
    except BaseException:
        # Ctrl-C (or an unexpected error): nothing new starts; the running trials finish
        # (each writes atomically) and the workers exit before the exception goes on.
        pool.shutdown(wait=True, cancel_futures=True)
        for fut, i in pending.items():  # the trials that were running: written
            if fut.done() and not fut.cancelled() and fut.exception() is None:
                finish(i, fut.result())
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
        terminal, else one line per finished trial, named by its identifier
        (``[2/5] S01/walk2 ... ok (1.3 s)`` or
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
        the CSV's folder; an empty static: none; without the column the rules pair) and
        optionally ``mass_kg``, ``age_years``, ``patient`` (that trial's values, overriding
        the options), or a mapping trial -> static: overrides the pairing of the trials it
        names (docs: cohorts, "Overrides").
    pair : bool
        Find each trial's static trial (default). False: every file is a dynamic trial,
        analysed without a static trial. A ``static`` option (one static trial for all)
        turns the pairing off too.
    csv : bool
        Also write each trial's ``summary.csv`` and ``stances.csv`` beside its report.json
        (the cohort CSVs are always written for several trials).
    xlsx : bool
        Also write an Excel workbook (needs openpyxl: ``pip install 'hipmech[xlsx]'``):
        ``cohort/cohort.xlsx`` with the sheets summary, stances, trials and spm for several
        trials, ``report.xlsx`` beside report.json for one.
    **options
        Keyword arguments of :func:`hipmech.report.analyse` (``static``, ``body_mass_kg``,
        ``reference``, ``events``, ``n_resamples`` ...) and of :func:`hipmech.report.write`
        (``figures``, ...), the same for every trial. An unknown name is a TypeError. Given
        for trials of several subjects, ``body_mass_kg``, ``age_years``, ``subject`` and
        ``patient`` are warned about (``BatchResult.warnings``, docs: cohorts, "Several
        subjects").

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
        worker processes exit; no cohort file is written. Its ``result`` attribute is the
        BatchResult so far (the trials written have status "ok", the others "pending").
    RuntimeError
        The worker processes died (BrokenProcessPool): the message names the likely causes
        (a script without ``if __name__ == "__main__":``, a different hipmech in the workers,
        a worker killed) and the trials written; no cohort file is written. Also raised when
        ``run`` is called while a worker process imports the main module (that missing
        guard).
    """
    import inspect

    _check_not_bootstrapping()
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
    get = analyse_options.get
    _uncertainty_args(get("uncertainty"), get("uncertainty_model"), get("n_draws", 200),
                      get("uncertainty_seed", 1), get("uncertainty_threads", 0), get("flag_ci"))
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
    given_source: Optional[str] = None
    if static is not None:
        if isinstance(static, Trial):
            given_source = static.source or None
        else:
            static, given_source = _trial_arg(static, "static")
            analyse_options["static"] = static
    plans, statics = _cohort.plan(paths, static=static, static_map=static_map, pair=pair)
    out = _out_dir(out_dir)
    _cohort.assign_out_dirs(plans, out)
    err = stream if stream is not None else sys.stderr
    result = BatchResult(statics=list(statics))
    for p in plans:
        if p.given_static and given_source:
            p.static = Path(given_source)  # shown in the tables; the Trial read once is used
        result.trials.append(TrialResult(p.path, p.trial_id, p.static, p.pairing, p.kind_reason,
                                         p.out_dir, subject=p.subject))
        result.out_dirs[p.path] = p.out_dir
    warning = _several_subjects_warning(plans, analyse_options, write_options)
    if warning:
        result.warnings.append(warning)
        print(f"hipmech report: {warning}", file=err, flush=True)
    static_why = {os.path.abspath(p): w for p, w in statics}
    tasks = []
    for i, (p, t) in enumerate(zip(plans, result.trials)):
        notes = [_pairing_note(t, static_why, static)]
        if "taken as a dynamic trial (docs: cohorts" in p.kind_reason:
            notes.append(f"Dynamic trial: {p.kind_reason}.")
        notes.append(warning)
        tasks.append((i, (t.path, None if (t.static is None or p.given_static) else str(t.static),
                          t.out_dir,
                          {**analyse_options, **{k: v for k, v in p.options.items()
                                                 if k in analyse_names}},
                          {**write_options, **{k: v for k, v in p.options.items()
                                               if k in write_names}},
                          [x for x in notes if x])))
    n = len(tasks)
    use_dask = scheduler is not None
    workers = 1 if n == 1 or use_dask else min(n_jobs, n)
    if workers > 1 and analyse_options.get("uncertainty") is not None \
            and "uncertainty_threads" not in analyse_options:
        # The worker processes already use the cores: one propagation thread each (the
        # result does not depend on the number of threads).
        for _, task in tasks:
            task[3]["uncertainty_threads"] = 1
    bar = _Progress(mode, n, err)

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
        # The first line is inside the try: a Ctrl-C right after it (the user sees the run
        # start) is an interrupt with its (empty) result, like one during the trials.
        if n > 1:
            where = ("the Dask scheduler" if use_dask else
                     f"{workers} worker processes" if workers > 1 else "1 process")
            bar.line(f"hipmech report: {n} trials ({len(statics)} static trial(s) found, "
                     f"not analysed) on {where}")
        if use_dask:
            _run_dask(tasks, finish, scheduler)
        elif workers == 1:
            _run_serial(tasks, finish)
        else:
            _run_processes(tasks, finish, workers)
    except KeyboardInterrupt:
        _collect(result)
        result.seconds = time.perf_counter() - t_start
        raise RunInterrupted(result) from None
    except _PoolBroken as exc:
        raise _broken_pool_error(exc, [t.trial_id for t in result.trials
                                       if t.status == "ok"]) from None
    finally:
        bar.close()
    for t in result.trials:
        if t.status == "ok":
            tables: dict[str, Path] = {}
            if csv or (xlsx and n == 1):
                one = BatchResult(trials=[t])  # its tables keep the pairing
                summary = _cohort.summarise(one)
                summary["report"] = ["report.html" if r else None for r in summary["report"]]
                tables = _cohort.write_tables(
                    summary, _cohort.summarise_stances(one), t.out_dir, csv=csv,
                    xlsx="report.xlsx" if (xlsx and n == 1) else None)
                t.files.update(tables)
            # An earlier run's tables this run did not write (as write() removes its figures).
            _cohort.remove_stale_tables(t.out_dir, {p.name for p in tables.values()},
                                        ("summary.csv", "stances.csv", "report.xlsx"))
    _collect(result)
    if n > 1:
        from ._index import write_cohort

        result.cohort_files = write_cohort(result, out / "cohort", figures=write_options.get(
            "figures", True), palette=palette, xlsx=xlsx)
    result.seconds = time.perf_counter() - t_start
    return result

