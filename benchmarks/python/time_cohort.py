"""Wall time of a cohort report (``hipmech report DIR``) with figures, serial and in parallel,
and threads against processes.

    .venv/bin/python benchmarks/python/time_cohort.py [--trials 24] [--jobs 1 2] [--repeat 1]
        [--synthetic] [--no-threads] [--resamples 2000] [--quick]

The cohort: ``--trials`` dynamic trials in a temporary lab folder, one sub-folder per subject
holding a walking trial and its static trial, as ``hipmech report`` finds them. By default
copies of the real child trial ``../shared/validation/biomechzoo_pig_child/HC030A05.c3d``
(197 frames at 100 Hz, 2 force plates) with its static ``HC030A01.c3d`` (recognised by its
content); with ``--synthetic`` (or without the validation data) synthetic child-like walking
trials of about 200 frames (``hipmech.synth.walking``, 30 kg, 1.3 m, 2 strides, seeds 1..N)
without static trials.

Printed, one line each (wall time of the whole run, trials per second, and serial / this):

* ``run jobs=N`` for each ``--jobs``: ``hipmech.report.run`` as the command line calls it:
  discovery and pairing, analysis, report.html/json and PNG figures per trial, the cohort
  tables and page. ``jobs=1`` is the serial run in this process; more are worker processes.
* ``threads=2`` (unless ``--no-threads``): the same trials, analysed and written with figures
  in a loop and on 2 threads of this process (``concurrent.futures.ThreadPoolExecutor``), which
  is what a Dask worker with 2 threads does (no discovery, no cohort files: compared with the
  loop); and the analysis alone (no writing) serial, on 2 threads and on 2 processes.
* the CPU time of one trial (thread CPU time, independent of the load), and the shares of it
  spent where the GIL is released (the compiled analysis, Pillow's PNG compression): the
  rest holds the GIL, which bounds what threads can gain (Amdahl's law).

With ``--repeat R`` every way is run R times, the ways interleaved (so that a change in the
machine's load hits them all), and the best and median wall times are printed; serial / this
compares the best times. Each ``run`` line is followed by the median time of one trial in its
worker (analysis and writing): when it grows with the workers, the cores were busy with other
work; the serial run's CPU time per trial is printed too (it does not depend on the load).
No assertion on time. The machine's load average and a control are printed before and after:
a pure-Python loop run in 2 processes at once against 1 (2.00 when 2 cores are free for this
benchmark; near 1 when other work takes them, and then no parallel figure means anything).
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from hipmech import io, report, synth

VALIDATION = Path(__file__).resolve().parents[2].parent / "shared" / "validation"
CHILD = VALIDATION / "biomechzoo_pig_child"


def _cohort(folder: Path, n: int, synthetic: bool) -> tuple[list[Path], str]:
    if not synthetic and (CHILD / "HC030A05.c3d").is_file():
        for i in range(1, n + 1):
            sub = folder / f"S{i:02d}"
            sub.mkdir()
            shutil.copyfile(CHILD / "HC030A01.c3d", sub / f"S{i:02d}A01.c3d")
            shutil.copyfile(CHILD / "HC030A05.c3d", sub / f"S{i:02d}A05.c3d")
        return sorted(folder.glob("*/*A05.c3d")), (
            f"{n} copies of the child trial HC030A05 (197 frames) with its static trial")
    deg = math.pi / 180
    for i in range(1, n + 1):
        walk = synth.walking(body_mass_kg=30.0, height_m=1.3, speed_mps=1.0, n_strides=2,
                             pelvic_drop_rad={"left": 4 * deg, "right": (4 + i % 5) * deg},
                             seed=i)
        (folder / f"S{i:02d}").mkdir()
        io.write_c3d(walk.trial, folder / f"S{i:02d}" / "walk.c3d")
    frames = io.read_c3d(folder / "S01" / "walk.c3d").n_frames
    return sorted(folder.glob("*/walk.c3d")), (
        f"{n} synthetic child-like trials ({frames} frames, no static trial)")


def _analyse_write(args):
    path, static, out, resamples = args
    rep = report.analyse(path, static=static, n_resamples=resamples)
    report.write(rep, out)
    return rep


def _analyse(args):
    path, static, _, resamples = args
    return report.analyse(path, static=static, n_resamples=resamples)


def _busy(n: int) -> float:
    """A pure-Python loop (the control: it scales with the free cores, nothing else)."""
    t0, x = time.perf_counter(), 0
    for i in range(n):
        x += i
    return time.perf_counter() - t0


def _control() -> float:
    """Wall time of the loop once / twice at the same time in 2 processes: 2.0 when two cores
    are free, 1.0 when the machine gives this benchmark one core's worth or less."""
    n = 5_000_000
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_busy, [1000, 1000]))
        one = min(pool.submit(_busy, n).result() for _ in range(2))
        t0 = time.perf_counter()
        list(pool.map(_busy, [n, n]))
        two = time.perf_counter() - t0
    return 2 * one / two


def _gil_free_share(tasks) -> tuple[float, float, float]:
    """Per trial (analyse + write with figures, serially): CPU seconds in all, in the compiled
    analysis (``_core.report_analyse``, which releases the GIL) and in PNG encoding (Pillow,
    which releases it while compressing). Measured with thread CPU time, so independent of
    the machine's load."""
    import PIL.Image

    from hipmech.report import _analysis

    spent = {"core": 0.0, "png": 0.0}
    core, save = _analysis._core.report_analyse, PIL.Image.Image.save

    def timed_core(*a, **k):
        c0 = time.thread_time()
        try:
            return core(*a, **k)
        finally:
            spent["core"] += time.thread_time() - c0

    def timed_save(self, *a, **k):
        c0 = time.thread_time()
        try:
            return save(self, *a, **k)
        finally:
            spent["png"] += time.thread_time() - c0

    _analysis._core.report_analyse, PIL.Image.Image.save = timed_core, timed_save
    try:
        c0 = time.thread_time()
        for task in tasks:
            _analyse_write(task)
        total = time.thread_time() - c0
    finally:
        _analysis._core.report_analyse, PIL.Image.Image.save = core, save
    n = len(tasks)
    return total / n, spent["core"] / n, spent["png"] / n


def _line(label: str, times: list[float], n: int, serial: float | None) -> float:
    best, med = min(times), statistics.median(times)
    ratio = f"   serial / this = {serial / best:4.2f}" if serial else ""
    print(f"{label:<34} best {best:6.2f} s  median {med:6.2f} s  {n / best:5.2f} trials/s"
          f"{ratio}", flush=True)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=24)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--resamples", type=int, default=2000)
    parser.add_argument("--synthetic", action="store_true")
    parser.add_argument("--no-threads", action="store_true")
    parser.add_argument("--quick", action="store_true",
                        help="2 synthetic trials, 100 resamples, jobs 1: the smoke pass of the "
                             "test command")
    args = parser.parse_args()
    if args.quick:
        args.trials, args.resamples, args.jobs, args.synthetic = 2, 100, [1], True
        args.no_threads = True
    load = os.getloadavg() if hasattr(os, "getloadavg") else (math.nan,) * 3
    print(f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"control (a pure-Python loop in 2 processes against 1; 2.00 on 2 free cores): "
          f"{_control():.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        lab = Path(tmp) / "lab"
        lab.mkdir()
        walks, what = _cohort(lab, args.trials, args.synthetic)
        print(f"cohort: {what}; {args.resamples} bootstrap resamples; PNG figures; "
              f"{args.repeat} repetition(s) of each, interleaved")
        # Warm-up: imports, matplotlib's font cache, the first figure.
        res = report.run(walks[0], Path(tmp) / "warm", progress=False, jobs=1)
        pairs = {t.path: (None if t.static is None else str(t.static))
                 for t in report.run(lab, Path(tmp) / "warm2", jobs=1, progress=False,
                                     figures=False, n_resamples=10).trials}
        tasks = [(str(p), pairs[p], str(Path(tmp) / "thr" / p.parent.name), args.resamples)
                 for p in walks]
        runs: dict[str, list[float]] = {}
        per_trial: dict[str, list[float]] = {}

        def timed(label, fn):
            t0 = time.perf_counter()
            out = fn()
            runs.setdefault(label, []).append(time.perf_counter() - t0)
            return out

        procs = ProcessPoolExecutor(2)
        list(procs.map(_analyse, tasks[:2]))  # start the workers outside the timing
        cpu: list[float] = []
        for k in range(args.repeat):
            for jobs in args.jobs:
                c0 = time.process_time()
                res = timed(f"run jobs={jobs}", lambda: report.run(
                    lab, Path(tmp) / f"out{jobs}_{k}", jobs=jobs, progress=False,
                    n_resamples=args.resamples))
                if jobs == 1:
                    cpu.append((time.process_time() - c0) / args.trials)
                assert len(res.reports) == args.trials and not res.failures, res.failures
                per_trial.setdefault(f"run jobs={jobs}", []).extend(
                    t.seconds for t in res.trials)
            if args.no_threads:
                continue
            timed("serial loop (analyse+write+figures)",
                  lambda: [_analyse_write(t) for t in tasks])
            with ThreadPoolExecutor(2) as pool:
                timed("threads=2 (analyse+write+figures)",
                      lambda: list(pool.map(_analyse_write, tasks)))
            timed("analyse only, serial", lambda: [_analyse(t) for t in tasks])
            with ThreadPoolExecutor(2) as pool:
                timed("analyse only, 2 threads", lambda: list(pool.map(_analyse, tasks)))
            timed("analyse only, 2 processes", lambda: list(procs.map(_analyse, tasks)))
        procs.shutdown()
        serial = None
        bases = {"threads=2 (analyse+write+figures)": "serial loop (analyse+write+figures)",
                 "analyse only, 2 threads": "analyse only, serial",
                 "analyse only, 2 processes": "analyse only, serial"}
        for label, times in runs.items():
            if label in bases:
                base = min(runs[bases[label]])
            elif label.startswith("run jobs=") and label != "run jobs=1":
                base = serial
            else:
                base = None
            best = _line(label, times, args.trials, base)
            if label == "run jobs=1":
                serial = best
            if label in per_trial:
                print(f"{'':<34} per trial (in its worker): median "
                      f"{statistics.median(per_trial[label]):.2f} s wall" +
                      (f", {min(cpu):.2f} s CPU" if label == "run jobs=1" and cpu else ""))
        if not args.no_threads:
            total, core, png = _gil_free_share(tasks[:4])
            print(f"CPU per trial (analyse + write, figures): {total:.2f} s; compiled analysis "
                  f"(GIL released) {core:.2f} s ({100 * core / total:.0f} %), PNG encoding "
                  f"(GIL released while compressing) {png:.2f} s ({100 * png / total:.0f} %): "
                  f"2 threads can be at most {1 / (1 - (core + png) / total / 2):.2f}x faster "
                  "(Amdahl)")
        load = os.getloadavg() if hasattr(os, "getloadavg") else (math.nan,) * 3
        print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; control: "
              f"{_control():.2f}")


if __name__ == "__main__":
    main()
