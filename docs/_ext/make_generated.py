"""Draws the documentation's figures and runs the commands whose output the pages show, with
hipmech's own functions: ``python make_generated.py OUT_DIR``.

Run by the Sphinx extension ``hipmech_generated`` (in this folder) in a subprocess at every docs
build, beside the reading of the pages; nothing it writes is committed. It writes:

- ``demo/``: ``hipmech demo``'s files (``hipmech._demo.run_demo``: the synthetic trial with a
  known right-side weakness, its report page, JSON and figures);
- ``plot/``: figures of ``hipmech.plot`` drawn from the demo's report;
- ``child/``: ``hipmech report`` run on the real child trial of
  ``../shared/validation/biomechzoo_pig_child`` (with its static trial), as a user runs it from
  the repository root: ``console.txt`` (the command and its standard output) and the report it
  wrote in ``child_report/``;
- ``cohort/``: ``hipmech report`` run on a lab folder built from the same validation files
  (``lab/HC030A/`` with the child's static and walking trials, ``lab/stair/`` with the stair
  trial and ``lab/stair/Static/`` its static trial; copies, so that the pairing sees the lab's
  layout): ``console.txt`` (stdout and stderr, as a terminal shows them when the output is not
  a terminal) and ``cohort_figure.png`` (the figure embedded in ``cohort/index.html``);
- ``manifest.json``: per group, the command shown and, when a group could not be made, why
  (``"missing"``: the validation data are not beside the project). The pages then say so
  instead of showing a figure; every other failure fails the build.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHILD = "biomechzoo_pig_child"
#: The command shown in getting-started, run from the repository root (arguments split on spaces).
CHILD_COMMAND = ("hipmech report ../shared/validation/biomechzoo_pig_child/HC030A05.c3d "
                 "--static ../shared/validation/biomechzoo_pig_child/HC030A01.c3d "
                 "--out child_report")


#: The command shown in the Cohorts page, run in a folder holding ``lab/`` (COHORT_LAB).
COHORT_COMMAND = "hipmech report lab --out study"
#: The lab folder of the Cohorts page: its path -> the validation file copied there.
COHORT_LAB = {"lab/HC030A/HC030A01.c3d": f"{CHILD}/HC030A01.c3d",
              "lab/HC030A/HC030A05.c3d": f"{CHILD}/HC030A05.c3d",
              "lab/stair/Movement_trial.c3d": "pycgm_pig_stair/Movement_trial.c3d",
              "lab/stair/Static/Static_trial.c3d": "pycgm_pig_stair/Static_trial.c3d"}


def shown(command: str) -> str:
    """The command as the page shows it: one option per line, joined by backslashes (the same
    command for a POSIX shell)."""
    return command.replace(" --", " \\\n    --")


def _hipmech_command() -> list[str]:
    """The ``hipmech`` console script of this interpreter's environment, else ``python -m
    hipmech`` (the same entry point)."""
    script = Path(sys.executable).with_name("hipmech")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "hipmech"]


def start_child(out: Path, manifest: dict) -> subprocess.Popen | None:
    """Starts CHILD_COMMAND in a scratch copy of the layout it expects (a working directory with
    ``../shared`` beside it, a link to the real one), so that the command and its output are
    exactly what a user sees from the repository root. Returns None when the data are absent."""
    shared = ROOT.parent / "shared"
    data = shared / "validation" / CHILD
    entry = manifest["child"] = {"command": shown(CHILD_COMMAND), "missing": None}
    if not all((data / name).is_file() for name in ("HC030A05.c3d", "HC030A01.c3d")):
        entry["missing"] = (f"the validation data are not beside the project "
                            f"(../shared/validation/{CHILD} not found)")
        return None
    scratch = Path(tempfile.mkdtemp(prefix="hipmech_docs_"))
    (scratch / "shared").symlink_to(shared, target_is_directory=True)
    (scratch / "repo").mkdir()
    return _start(CHILD_COMMAND, scratch, scratch / "repo", stderr=subprocess.PIPE)


def _start(command: str, scratch: Path, cwd: Path, stderr: int) -> subprocess.Popen:
    """Starts ``command`` (a ``hipmech ...`` line) in ``cwd``; ``scratch`` is removed by
    :func:`_finish`."""
    proc = subprocess.Popen(_hipmech_command() + command.split()[1:], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=stderr, text=True)
    proc.scratch = scratch  # type: ignore[attr-defined]
    return proc


def _finish(proc: subprocess.Popen, command: str, folder: Path, make) -> None:
    """Waits for ``proc``; on success writes ``folder/console.txt`` (the command as shown and
    its output) and calls ``make(scratch)`` for the files taken from its output; removes the
    scratch folder either way."""
    stdout, stderr = proc.communicate()
    scratch = proc.scratch  # type: ignore[attr-defined]
    try:
        if proc.returncode != 0:
            raise SystemExit(f"`{command}` exited with {proc.returncode}:\n{stderr or stdout}")
        folder.mkdir(parents=True)
        (folder / "console.txt").write_text(f"$ {shown(command)}\n{stdout}", encoding="utf-8")
        make(scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def finish_child(proc: subprocess.Popen, out: Path) -> None:
    _finish(proc, CHILD_COMMAND, out / "child", lambda scratch: shutil.copytree(
        scratch / "repo" / "child_report", out / "child" / "child_report"))


def start_cohort(out: Path, manifest: dict) -> subprocess.Popen | None:
    """Starts COHORT_COMMAND on a scratch copy of COHORT_LAB; None when the data are absent."""
    validation = ROOT.parent / "shared" / "validation"
    entry = manifest["cohort"] = {"command": COHORT_COMMAND, "missing": None}
    if not all((validation / src).is_file() for src in COHORT_LAB.values()):
        entry["missing"] = ("the validation data are not beside the project "
                            "(../shared/validation not found)")
        return None
    scratch = Path(tempfile.mkdtemp(prefix="hipmech_docs_cohort_"))
    for dst, src in COHORT_LAB.items():
        (scratch / dst).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(validation / src, scratch / dst)
    return _start(COHORT_COMMAND, scratch, scratch, stderr=subprocess.STDOUT)


def finish_cohort(proc: subprocess.Popen, out: Path) -> None:
    def figure(scratch: Path) -> None:
        import base64
        import re

        page = (scratch / "study" / "cohort" / "index.html").read_text(encoding="utf-8")
        found = re.search(r"data:image/png;base64,([A-Za-z0-9+/=]+)", page)
        if found is None:
            raise SystemExit(f"`{COHORT_COMMAND}`: study/cohort/index.html has no figure")
        (out / "cohort" / "cohort_figure.png").write_bytes(base64.b64decode(found.group(1)))

    _finish(proc, COHORT_COMMAND, out / "cohort", figure)


def demo_and_plots(out: Path, manifest: dict) -> None:
    """The demo's report (its figures for the report page) and the plot page's figures."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from hipmech import _demo, plot, stats

    manifest["demo"] = {"command": "hipmech demo", "missing": None}
    result = _demo.run_demo(out / "demo")
    rep = result.report

    manifest["plot"] = {"command": None, "missing": None}
    (out / "plot").mkdir()
    # Gait curves of the demo trial, left and right, stance shaded: the report's own curves.
    fig = Figure(figsize=(11, 3.4), layout="constrained")
    axes = fig.subplots(1, 3)
    for ax, name, title in zip(axes, ("pelvic_obliquity_deg", "hip_adduction_deg",
                                      "knee_valgus_deg"),
                               ("pelvic obliquity", "hip adduction", "knee valgus")):
        plot.gait_curves(rep.curves[name], ax=ax, foot_off_percent=rep.curves.foot_off_percent,
                         ylabel=f"{title} [{rep.curves.units[name]}]", title=title)
    fig.savefig(out / "plot" / "gait_curves.png", dpi=100)

    # The asymmetry of the demo (symmetry index of each quantity, bootstrap CI across stances)
    # and the Bland-Altman plot of the page's example (Bland & Altman 1986, Table 1).
    fig = Figure(figsize=(11, 3.6), layout="constrained")
    ax1, ax2 = fig.subplots(1, 2)
    table = rep.summary.rename(columns={"quantity": "metric", "si_percent": "estimate",
                                        "si_ci_low": "ci_low", "si_ci_high": "ci_high"})
    plot.asymmetry_bars(table, ax=ax1, threshold=10.0,
                        xlabel="symmetry index, reference left [%]")
    ax1.set_title("demo trial: right vs left")
    wright = [494, 395, 516, 434, 476, 557, 413, 442, 650, 433, 417, 656, 267, 478, 178, 423,
              427]
    mini = [512, 430, 520, 428, 500, 600, 364, 380, 658, 445, 432, 626, 260, 477, 259, 350, 451]
    plot.bland_altman(stats.bland_altman(wright, mini), ax=ax2,
                      xlabel="mean of the two meters [l/min]",
                      ylabel="Wright - mini Wright [l/min]",
                      title="Bland & Altman (1986), Table 1")
    fig.savefig(out / "plot" / "asymmetry_bland_altman.png", dpi=100)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    manifest: dict = {}
    child = start_child(out, manifest)  # run beside the demo: the cores are shared
    cohort = start_cohort(out, manifest)
    try:
        demo_and_plots(out, manifest)
    finally:
        if child is not None:
            finish_child(child, out)
        if cohort is not None:
            finish_cohort(cohort, out)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("MPLBACKEND", "Agg")
    raise SystemExit(main(sys.argv[1:]))
