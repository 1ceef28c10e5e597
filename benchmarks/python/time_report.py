"""Where the time of one trial's report goes: hipmech.report.analyse + hipmech.report.write.

    .venv/bin/python benchmarks/python/time_report.py [--repeat 5] [--synthetic] [--quick]
        [--format png|svg]

The trial: the real child trial ``../shared/validation/biomechzoo_pig_child/HC030A05.c3d``
(197 frames at 100 Hz) with its static trial ``HC030A01.c3d`` when present, else (or with
``--synthetic``) a synthetic walking trial of about 200 frames (``hipmech.synth.walking``).

How the stages are measured (medians over ``--repeat`` runs, after one warm-up run: the
steady state of a process that reports trial after trial, as ``hipmech report`` on a folder
does; the first report of a process, which loads fonts and makes the pooled figures, is
printed on its own last line):

* ``analyse`` and ``write`` are timed as a whole: their sum is the per-trial report time.
* ``analyse`` is one C++ call (``hipmech::report::analyse``, GIL released) after reading the
  files in Python, so its inner stages cannot be wrapped with timers from Python. They are
  measured by running each stage's public function on the same trial, outside analyse:
  read (``io.read_c3d`` of both files), filter (``signal.lowpass`` of every marker, 6 Hz, as
  analyse filters), model (``model.plug_in_gait_static`` + ``model.plug_in_gait``), events
  (file, force-plate and kinematic events), dynamics (``dynamics.inverse_dynamics``), and
  stats/bootstrap as ``analyse`` minus ``analyse(n_resamples=1)`` (everything else equal).
  "rest" is analyse minus these stages: angles, stances, curves, the Python tables and flags
  (negative when the separate runs cost more than inside analyse, e.g. Python overhead).
* ``write`` is split by wrapping its stage functions with timers: figures
  (``_html._figures``: drawing and PNG encoding, split into draw and encode by wrapping
  ``FigureCanvasAgg.draw`` and ``PIL.Image.Image.save``), JSON (``TrialReport.to_dict`` +
  ``json.dumps``), HTML (``_html._html``) and the rest (file writes with fsync, renames).

Prints one line per stage: milliseconds and % of the per-trial time, by the wall clock
(``time.perf_counter``) and by the process's CPU time (``time.process_time``: on a shared
machine the CPU time varies less, but leaves out waiting for the disk in fsync). No assertion
on time (``--quick``: one repetition, for the test command's smoke pass).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

import hipmech
from hipmech import dynamics, events, io, model, signal, synth
from hipmech import report as hr
from hipmech.report import _html

HERE = Path(__file__).resolve().parent
CHILD = HERE.parents[1] / ".." / "shared" / "validation" / "biomechzoo_pig_child"


class Timers:
    """Accumulated wall-clock and CPU seconds per name for the current run."""

    def __init__(self) -> None:
        self.run: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        self.runs: list[dict[str, list[float]]] = []

    @contextlib.contextmanager
    def time(self, name: str):
        w0, c0 = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            acc = self.run[name]
            acc[0] += time.perf_counter() - w0
            acc[1] += time.process_time() - c0

    def wrap(self, owner: Any, attr: str, name: str) -> Callable[[], None]:
        """Wrap ``owner.attr`` with a timer; returns the undo."""
        original = getattr(owner, attr)

        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.time(name):
                return original(*args, **kwargs)

        setattr(owner, attr, timed)
        return lambda: setattr(owner, attr, original)

    def next_run(self) -> None:
        self.runs.append(dict(self.run))
        self.run = defaultdict(lambda: [0.0, 0.0])

    def median(self, name: str, clock: int) -> float:
        """Median over the runs; clock 0: wall, 1: CPU."""
        return statistics.median(r[name][clock] if name in r else 0.0 for r in self.runs)


def trial_paths(synthetic: bool) -> tuple[Any, Any, str]:
    dyn, st = CHILD / "HC030A05.c3d", CHILD / "HC030A01.c3d"
    if not synthetic and dyn.is_file():
        return dyn, (st if st.is_file() else None), f"{dyn.name} (biomechzoo child)"
    w = synth.walking(n_strides=2, seed=1)
    return w.trial, None, f"synthetic walking, {w.trial.n_frames} frames"


def stage_runs(dyn: Any, st: Any, timers: Timers) -> None:
    """The analyse stages run one by one through the public API (see the module docstring)."""
    with timers.time("read"):
        trial = io.read_c3d(dyn) if isinstance(dyn, Path) else dyn
        static = io.read_c3d(st) if st is not None else None
    with timers.time("filter"):
        filtered = {name: signal.lowpass(xyz, trial.point_rate_hz, 6.0, nan="runs")
                    for name, xyz in trial.markers.items()}
    with timers.time("model"):
        params = model.PigParameters.from_subject(trial.subject)
        if static is not None:
            params = model.plug_in_gait_static(static, params)
        model.plug_in_gait(filtered, params)
    with timers.time("events"):
        events.from_trial(trial)
        if trial.force_plates:
            events.from_force_plates(trial)
        events.from_kinematics(trial)
    with timers.time("dynamics"):
        if trial.force_plates:
            dynamics.inverse_dynamics(trial, params)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--synthetic", action="store_true",
                        help="a synthetic 200-frame trial even when the child trial is present")
    parser.add_argument("--format", default="png", choices=("png", "svg"))
    parser.add_argument("--quick", action="store_true", help="one repetition (smoke test)")
    args = parser.parse_args()
    repeat = 1 if args.quick else max(1, args.repeat)

    import warnings

    import matplotlib
    import PIL.Image
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    dyn, st, what = trial_paths(args.synthetic)
    timers = Timers()
    undo = [timers.wrap(_html, "_figures", "figures"),
            timers.wrap(_html, "_html", "html"),
            timers.wrap(hr.TrialReport, "to_dict", "json"),
            timers.wrap(json, "dumps", "json"),
            timers.wrap(FigureCanvasAgg, "draw", "figures: draw"),
            timers.wrap(PIL.Image.Image, "save", "figures: encode")]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for i in range(repeat + 1):  # the first run warms up (imports, font cache)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    stage_runs(dyn, st, timers)
                    with timers.time("analyse"):
                        report = hr.analyse(dyn, static=st)
                    with timers.time("analyse(n_resamples=1)"):
                        hr.analyse(dyn, static=st, n_resamples=1)
                with timers.time("write"):
                    files = hr.write(report, Path(tmp) / "report", figure_format=args.format)
                if i == 0:
                    first = {k: tuple(v) for k, v in timers.run.items()}
                    timers.run.clear()
                else:
                    timers.next_run()
    finally:
        for u in reversed(undo):
            u()
    n_figures = sum(1 for k in files if k not in ("html", "json"))

    print(f"hipmech {hipmech.__version__}, matplotlib {matplotlib.__version__}; {what}; "
          f"median of {repeat} run(s)")
    print(f"  {'':<44} {'wall':>8}    {'%':>5} {'CPU':>10}    {'%':>5}")
    table = [breakdown(lambda name, c=c: timers.median(name, c), n_figures, args.format)
             for c in (0, 1)]
    for (name, level, wall, wall_pc), (_, _, cpu, cpu_pc) in zip(*table):
        print(f"  {'  ' * level}{name:<{44 - 2 * level}} {wall * 1e3:8.1f} ms {wall_pc:5.1f} %"
              f" {cpu * 1e3:8.1f} ms {cpu_pc:5.1f} %")
    w, c = (first["analyse"][k] + first["write"][k] for k in (0, 1))
    fw, fc = first.get("figures", (0.0, 0.0))
    print(f"  {'first report of the process (warm-up run)':<44} {w * 1e3:8.1f} ms {'':7}"
          f" {c * 1e3:8.1f} ms   (figures: wall {fw * 1e3:.1f} ms, CPU {fc * 1e3:.1f} ms)")


def breakdown(m: Callable[[str], float], n_figures: int,
              fmt: str) -> list[tuple[str, int, float, float]]:
    """(stage, indent, seconds, % of the per-trial time) for one clock."""
    analyse, write = m("analyse"), m("write")
    total = analyse + write
    boot = max(0.0, analyse - m("analyse(n_resamples=1)"))
    inner = ["read", "filter", "model", "events", "dynamics"]
    rest_analyse = analyse - sum(m(k) for k in inner) - boot
    rest_write = write - m("figures") - m("json") - m("html")
    rows = [("analyse", 0, analyse)] + [(k, 1, m(k)) for k in inner] + [
        ("stats/bootstrap", 1, boot), ("rest (angles, stances, curves, tables)", 1, rest_analyse),
        ("write", 0, write), (f"figures ({n_figures} {fmt.upper()})", 1, m("figures")),
        ("draw (FigureCanvasAgg.draw)", 2, m("figures: draw")),
        ("encode (PIL save)", 2, m("figures: encode")),
        ("JSON", 1, m("json")), ("HTML", 1, m("html")),
        ("rest (file writes, fsync, renames)", 1, rest_write),
        ("per-trial report (analyse + write)", 0, total)]
    return [(name, level, sec, 100 * sec / total) for name, level, sec in rows]


if __name__ == "__main__":
    main()
