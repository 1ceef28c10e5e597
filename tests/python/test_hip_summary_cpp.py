"""The C++ example (examples/cpp/hip_summary.cpp) prints the same summary as the Python report.

Both call hipmech::report::analyse (the Python report is a thin layer over it since issue 19):
the C++ program through the C++ API a C++ user links, the Python report through the binding,
the DataFrames and report.json. Their CSV summaries and their JSON (hipmech::report::to_json
against TrialReport.to_dict) must agree number for number, so that neither layer drops, reorders
or rounds what the analysis computed. The executable is built by the consumer test (ctest
consumer.find_package); ``scripts/dev test`` passes its path in HIPMECH_HIP_SUMMARY, which makes
a missing executable an error instead of a skip.
"""

from __future__ import annotations

import io as _io
import json
import math
import os
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hipmech import io, report, synth

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = ["left_n", "left_missing", "left_mean", "left_sd", "right_n", "right_missing",
           "right_mean", "right_sd", "difference", "difference_ci_low", "difference_ci_high",
           "si_percent", "si_ci_low", "si_ci_high", "sa_percent",
           "sa_ci_low", "sa_ci_high"]


@pytest.fixture(scope="module")
def executable() -> Path:
    given = os.environ.get("HIPMECH_HIP_SUMMARY")
    if given:
        path = Path(given)
        assert path.is_file(), f"HIPMECH_HIP_SUMMARY={given} does not exist (ctest builds it)"
        return path
    found = sorted(ROOT.glob("build/*/tests/consumer-find_package/hipmech_hip_summary"),
                   key=lambda p: p.stat().st_mtime)
    if not found:
        pytest.skip("hipmech_hip_summary not built (run ctest's consumer.find_package, or set "
                    "HIPMECH_HIP_SUMMARY)")
    return found[-1]


def _cpp(executable: Path, path: Path, reference: str) -> pd.DataFrame:
    out = subprocess.run([str(executable), str(path), "--csv", "--reference", reference],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    return pd.read_csv(_io.StringIO(out.stdout), keep_default_na=True,
                       na_values=["nan", "-nan"])


def _compare(executable: Path, path: Path, reference: str) -> None:
    cpp = _cpp(executable, path, reference).set_index("quantity")
    py = report.analyse(path, reference=reference).summary.set_index("quantity")
    assert list(cpp.index) == list(py.index)
    assert list(cpp["unit"]) == list(py["unit"])
    for column in COLUMNS:
        a = cpp[column].to_numpy(dtype=float)
        b = py[column].to_numpy(dtype=float)
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12, equal_nan=True,
                                   err_msg=f"{path.name} {reference} {column}")


def _compare_json(executable: Path, path: Path, reference: str) -> None:
    out = subprocess.run([str(executable), str(path), "--json", "--reference", reference],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    cpp = json.loads(out.stdout)
    py = report.analyse(path, reference=reference).to_dict()
    for key, value in cpp.items():
        if key == "summary":  # the Python rows add the threshold flags
            assert [{k: row[k] for k in c} for row, c in zip(py[key], value)] == value
        elif key == "notes":  # ... and the notes on the thresholds, at the end
            assert py[key][:len(value)] == value
            assert all(n.startswith(("Threshold for ", "Age unknown", "The file holds"))
                       for n in py[key][len(value):])
        else:
            assert py[key] == value, key
    assert set(cpp) >= {"summary", "stances", "events", "curves", "cycles", "notes"}


@pytest.mark.parametrize("reference", ["left", "right"])
def test_synthetic_trial(executable, tmp_path, reference):
    deg = math.pi / 180
    walk = synth.walking(pelvic_drop_rad={"left": 4 * deg, "right": 8 * deg},
                         knee_valgus_rad={"left": 2 * deg, "right": 6 * deg},
                         n_strides=5, marker_noise_m=0.001, seed=7)
    path = tmp_path / "walk.c3d"
    io.write_c3d(walk.trial, path)
    _compare(executable, path, reference)
    _compare_json(executable, path, reference)
    # Every CI was computed (5 stances a side), so the comparison covers the bootstrap.
    cpp = _cpp(executable, path, reference)
    assert cpp[["si_ci_low", "sa_ci_high"]].notna().all().all()


def test_stair_trial(executable, validation_dir):
    _compare(executable, validation_dir / "pycgm_pig_stair" / "Movement_trial.c3d", "left")
    _compare_json(executable, validation_dir / "pycgm_pig_stair" / "Movement_trial.c3d", "left")
