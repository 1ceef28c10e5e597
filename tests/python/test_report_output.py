"""The report's output folder (issue 21, "Data loss"): one trial's report never silently
replaces another's, a run never leaves an earlier run's figures beside its page, and a failing
run leaves the folder as it was (nothing truncated, no staging folder left)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import hipmech
from hipmech import io
from hipmech import report as R
from hipmech.report import _html


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory):
    d = tmp_path_factory.mktemp("trials")
    out = []
    for seed in (1, 2):
        path = d / f"walk{seed}.c3d"
        io.write_c3d(hipmech.synth.walking(n_strides=3, seed=seed).trial, path)
        out.append(R.analyse(path, n_resamples=20))
    return out


def test_another_trials_report_is_not_replaced_without_overwrite(two_reports, tmp_path):
    a, b = two_reports
    R.write(a, tmp_path, figures=False)
    before = (tmp_path / "report.json").read_bytes()
    with pytest.raises(FileExistsError, match="holds the report of another trial"):
        R.write(b, tmp_path, figures=False)
    assert (tmp_path / "report.json").read_bytes() == before
    R.write(a, tmp_path, figures=False)  # the same trial again: no flag needed
    R.write(b, tmp_path, figures=False, overwrite=True)
    assert b"walk2.c3d" in (tmp_path / "report.json").read_bytes()


def test_no_stale_figures_after_a_run_without_figures(two_reports, tmp_path):
    a, _ = two_reports
    files = R.write(a, tmp_path)
    figures = [p for k, p in files.items() if k not in ("html", "json")]
    assert figures and all(p.exists() for p in figures)
    (tmp_path / "notes.txt").write_text("mine")  # not a report file: left alone
    R.write(a, tmp_path, figures=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "report.html",
                                                          "report.json"]


def test_a_failing_run_leaves_the_folder_as_it_was(two_reports, tmp_path, monkeypatch):
    a, _ = two_reports
    R.write(a, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def broken(*args, **kwargs):  # fails after the figures were half made
        raise OSError("No space left on device")

    monkeypatch.setattr(_html, "_html", broken)
    with pytest.raises(OSError, match="No space left"):
        R.write(a, tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    assert not [p for p in tmp_path.parent.iterdir() if p.name.endswith(".staging")]


def test_cli_refuses_to_replace_another_trials_report(two_reports, tmp_path):
    a, b = two_reports
    out = tmp_path / "out"
    run = [sys.executable, "-m", "hipmech", "report", "--out", str(out), "--no-figures"]
    assert subprocess.run(run + [a.source], capture_output=True, text=True).returncode == 0
    res = subprocess.run(run + [b.source], capture_output=True, text=True)
    assert res.returncode == 1 and "--overwrite" in res.stderr
    res = subprocess.run(run + [b.source, "--overwrite"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


def test_non_utf8_and_nul_paths(two_reports, tmp_path):
    # A trial file whose name is not UTF-8 (Latin-1 "café") is read through its bytes path and
    # named by os.fsdecode; a path with a NUL is refused naming the argument.
    a, _ = two_reports
    raw = os.fsencode(str(tmp_path)) + b"/caf\xe9.c3d"
    with open(a.source, "rb") as src, open(raw, "wb") as dst:
        dst.write(src.read())
    r = R.analyse(raw, n_resamples=10)
    assert r.source == os.fsdecode(raw)
    files = R.write(r, tmp_path / "out", figures=False)
    assert files["html"].is_file()
    with pytest.raises(ValueError, match="argument 'trial'.*NUL"):
        R.analyse(a.source + "\x00.x")
