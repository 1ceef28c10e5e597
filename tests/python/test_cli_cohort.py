"""``hipmech report`` on a lab folder: pairing, parallel workers, cohort files, CSV/Excel,
Ctrl-C, and the errors naming the option (docs: cohorts).

The trials are the real ones of ../shared/validation, copied into a temporary folder at test
time. The cohort numbers themselves are checked against each trial's report.json in
test_cohort.py; here the command line around them.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

CHILD = "biomechzoo_pig_child"
STAIR = "pycgm_pig_stair"


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hipmech", *args], capture_output=True,
                          text=True, check=False, cwd=cwd)


@pytest.fixture(scope="module")
def lab(validation_dir, tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    (root / "HC030A").mkdir()
    for name in ("HC030A01.c3d", "HC030A05.c3d"):
        shutil.copyfile(validation_dir / CHILD / name, root / "HC030A" / name)
    (root / "stair" / "Static").mkdir(parents=True)
    shutil.copyfile(validation_dir / STAIR / "Movement_trial.c3d", root / "stair" / "up.c3d")
    shutil.copyfile(validation_dir / STAIR / "Static_trial.c3d",
                    root / "stair" / "Static" / "Static_trial.c3d")
    (root / "other").mkdir()
    shutil.copyfile(validation_dir / STAIR / "Movement_trial.c3d", root / "other" / "down.c3d")
    (root / "other" / "broken.c3d").write_bytes(b"not a C3D file" * 40)
    (root / "map.csv").write_text("trial,static\nother/down.c3d,stair/Static/Static_trial.c3d\n",
                                  encoding="utf-8")
    return root


def test_cohort_command(lab, tmp_path):
    pytest.importorskip("openpyxl")
    out = tmp_path / "out"
    res = _cli("report", str(lab), "--static-map", str(lab / "map.csv"), "--jobs", "2",
               "--no-figures", "--csv", "--xlsx", "--out", str(out))
    assert res.returncode == 1, res.stderr  # one trial failed
    assert "4 trials (2 static trial(s) found" in res.stderr
    assert re.search(r"^\[\d/4\] other/broken \.\.\. FAILED \(\d+\.\d s\): FileError", res.stderr,
                     re.M)
    assert "1 of 4 trial(s) failed" in res.stderr
    assert re.search(r"^HC030A/HC030A05: ok, static HC030A01\.c3d", res.stdout, re.M)
    assert re.search(r"^other/down: ok, static Static_trial\.c3d", res.stdout, re.M)
    assert re.search(r"^stair/up: ok, static Static_trial\.c3d", res.stdout, re.M)
    assert re.search(r"^other/broken: FAILED", res.stdout, re.M)
    assert "pelvic_drop_deg" in res.stdout and str(out / "cohort" / "index.html") in res.stdout
    cohort = out / "cohort"
    book = pd.read_excel(cohort / "cohort.xlsx", sheet_name=None)
    assert set(book) == {"summary", "stances", "trials", "spm"}
    summary = pd.read_csv(cohort / "summary.csv")
    assert len(book["summary"]) == len(summary) == 3 * 8 + 1
    for tid in ("HC030A/HC030A05", "other/down", "stair/up"):  # --csv: per-trial tables too
        assert len(pd.read_csv(out / tid / "summary.csv")) == 8
        assert (out / tid / "stances.csv").is_file() and (out / tid / "report.html").is_file()
    pairing = summary.drop_duplicates("trial").set_index("trial")["pairing"]
    assert pairing["other/down"] == "the static map"


def test_one_trial_keeps_the_single_report_layout(validation_dir, tmp_path):
    res = _cli("report", str(validation_dir / CHILD / "HC030A05.c3d"), "--no-figures", "--csv",
               "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    assert "static trial: HC030A01.c3d (the only static trial in its folder)" in res.stdout
    assert (tmp_path / "report.json").is_file() and (tmp_path / "summary.csv").is_file()
    assert not (tmp_path / "cohort").exists()
    res = _cli("report", str(validation_dir / CHILD / "HC030A05.c3d"), "--no-figures",
               "--no-pairing", "--out", str(tmp_path / "b"))
    assert res.returncode == 0 and "static trial" not in res.stdout


@pytest.mark.parametrize("args, message", [
    (["--jobs", "0"], "argument '--jobs': expected an integer >= 1"),
    (["--jobs", "two"], "argument --jobs: invalid int value"),
    (["--progress", "loud"], "argument --progress: invalid choice"),
])
def test_bad_options(lab, tmp_path, args, message):
    res = _cli("report", str(lab), *args, "--out", str(tmp_path))
    assert res.returncode == 2 and message in res.stderr, res.stderr
    assert not (tmp_path / "cohort").exists()


def test_bad_paths_and_maps(lab, tmp_path):
    res = _cli("report", str(lab / "nowhere"), "--out", str(tmp_path))
    assert res.returncode == 2 and "argument 'TRIAL'" in res.stderr
    assert "nowhere does not exist" in res.stderr
    (tmp_path / "empty").mkdir()
    res = _cli("report", str(tmp_path / "empty"), "--out", str(tmp_path / "o"))
    assert res.returncode == 2 and "argument 'TRIAL': the folder" in res.stderr
    assert "holds no .c3d file" in res.stderr
    bad = tmp_path / "map.csv"
    bad.write_text("trial;static\nx;y\n", encoding="utf-8")
    res = _cli("report", str(lab), "--static-map", str(bad), "--out", str(tmp_path / "o"))
    assert res.returncode == 2 and "argument '--static-map'" in res.stderr
    assert "columns trial and static" in res.stderr


def test_ctrl_c_stops_the_workers_and_writes_no_cohort(lab, tmp_path):
    # Figures on, so that the run lasts seconds; SIGINT once the workers are starting.
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "hipmech", "report", str(lab), "--jobs", "2",
                             "--out", str(out), "--progress", "lines"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = proc.stderr.readline()
    assert "hipmech report: 4 trials" in first
    proc.send_signal(signal.SIGINT)
    try:
        stdout, stderr = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    if proc.returncode == 1 and "Cohort page" in stdout:
        pytest.skip("the run finished before the signal arrived")
    assert proc.returncode == 130, stderr
    assert "interrupted (Ctrl-C)" in stderr and "Traceback" not in stderr
    # The trials written before the interrupt are listed, each with its page.
    listed = re.search(r"^Written before the interrupt \((\d) of 4 trial\(s\)\):", stderr, re.M)
    assert listed, stderr
    pages = sorted(out.rglob("report.html"))
    assert int(listed.group(1)) == len(pages)
    for page in pages:
        assert f": {page}" in stderr
    assert not (out / "cohort").exists()
    # The reports written are whole: a report.html never without its report.json.
    for page in out.rglob("report.html"):
        assert (page.parent / "report.json").is_file()
    assert not list(out.rglob("*.tmp")) and not list(out.parent.glob(".*staging"))


def test_static_given_for_all_trials_is_shown(lab, tmp_path):
    static = lab / "stair" / "Static" / "Static_trial.c3d"
    res = _cli("report", str(lab / "stair" / "up.c3d"), str(lab / "other" / "down.c3d"),
               "--static", str(static), "--no-figures", "--jobs", "1", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    assert re.search(r"^stair/up: ok, static Static_trial\.c3d", res.stdout, re.M)
    assert re.search(r"^other/down: ok, static Static_trial\.c3d", res.stdout, re.M)
    trials = pd.read_csv(tmp_path / "cohort" / "trials.csv")
    assert list(trials["static"]) == [str(static)] * 2
    res = _cli("report", str(lab / "stair" / "up.c3d"), "--static", str(static), "--no-figures",
               "--out", str(tmp_path / "one"))
    assert res.returncode == 0, res.stderr
    assert "  static trial: Static_trial.c3d (the static trial given for all trials" in res.stdout


def test_missing_trial_file_is_not_said_to_be_analysed(lab, tmp_path):
    res = _cli("report", str(lab / "stair" / "up.c3d"), str(lab / "gone.c3d"), "--no-figures",
               "--jobs", "1", "--out", str(tmp_path))
    assert res.returncode == 1
    pairing = pd.read_csv(tmp_path / "cohort" / "trials.csv").set_index("trial")["pairing"]
    gone = next(v for k, v in pairing.items() if k.endswith("gone"))
    assert "no static trial found" in gone and "analysed without one" not in gone


def test_closed_stdout_is_not_a_traceback(lab, tmp_path):
    # `hipmech report ... | head -1`: the reader goes away; the Python docs' "Note on SIGPIPE".
    with subprocess.Popen([sys.executable, "-m", "hipmech", "report", str(lab / "stair"),
                           str(lab / "HC030A"), "--no-figures", "--jobs", "1", "--out",
                           str(tmp_path)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        proc.stdout.close()  # before the command prints anything
        stderr = proc.stderr.read()
        proc.wait(timeout=120)
    assert proc.returncode == 1
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
