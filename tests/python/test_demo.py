"""``hipmech demo``: the synthetic right-side weakness is recovered by the report.

The truth is the synthetic trial's own construction (hipmech.synth: the per-stance pelvic drop
and knee valgus it was built with), an independent source for the report's numbers, which come
from the markers written to and read back from a C3D file, low-passed and run through the
Plug-in Gait model.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys

import numpy as np
import pytest

from hipmech import _demo


def test_demo_command_writes_the_report_and_recovers_the_weakness(tmp_path):
    out = subprocess.run([sys.executable, "-m", "hipmech", "demo", "--out", str(tmp_path)],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert "The injected right-side weakness is recovered within tolerance and flagged (" \
        "pelvic_drop_deg" in out.stdout
    assert "NOT RECOVERED" not in out.stdout
    for name in ("report.html", "report.json", "demo_walking.c3d"):
        assert (tmp_path / name).is_file(), name
    assert list(tmp_path.glob("*.png"))
    # The printed summary is the JSON's: the right pelvic drop mean, to the printed 2 decimals.
    summary = {r["quantity"]: r for r in json.loads((tmp_path / "report.json").read_text())["summary"]}
    m = re.search(r"pelvic_drop_deg\s+left (\d+\.\d+) ± [\d.]+ \(n=\d+\)\s+right (\d+\.\d+)", out.stdout)
    assert m, out.stdout
    assert float(m.group(2)) == pytest.approx(summary["pelvic_drop_deg"]["right_mean"], abs=0.005)
    # Progress went to stderr, the table to stdout.
    assert "synthesised" in out.stderr and "report ->" in out.stderr


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_recovery_holds_for_other_seeds(tmp_path, seed):
    r = _demo.run_demo(tmp_path, figures=False, seed=seed)
    assert r.ok, _demo.format_recoveries(r.recoveries)
    by = {(x.quantity, x.what): x for x in r.recoveries}
    # The truth itself: right stances were built with 8 deg of drop and 6 deg of valgus (plus
    # a 0.5 deg stride-to-stride SD), left ones with 4 and 2 deg (DEMO_SETTINGS).
    assert by[("pelvic_drop_deg", "right mean")].truth == pytest.approx(8.0, abs=0.6)
    assert by[("pelvic_drop_deg", "left mean")].truth == pytest.approx(4.0, abs=0.6)
    assert by[("knee_valgus_deg", "right mean")].truth == pytest.approx(6.0, abs=0.6)
    # SI of the truth by Robinson et al. (1987), left the reference.
    l, rt = by[("pelvic_drop_deg", "left mean")].truth, by[("pelvic_drop_deg", "right mean")].truth
    assert by[("pelvic_drop_deg", "SI (right vs left)")].truth == pytest.approx(
        100 * (rt - l) / (0.5 * (rt + l)))
    # The report's stances are the truth's stances (file events = the synthetic events).
    truth = r.walk.truth.stances()
    assert len(r.report.stances) == len(truth)
    assert np.array_equal(np.sort(r.report.stances["foot_strike_frame"].to_numpy()),
                          np.sort(truth["foot_strike_frame"].to_numpy()))


def test_a_symmetric_subject_gives_no_asymmetry(tmp_path):
    deg = math.pi / 180
    r = _demo.run_demo(tmp_path, figures=False, pelvic_drop_rad=5 * deg,
                       knee_valgus_rad=3 * deg, variability_sd_rad=0.0)
    assert r.ok and r.flagged == []  # nothing injected, nothing flagged
    si = {x.quantity: x.recovered for x in r.recoveries if x.what.startswith("SI")}
    assert abs(si["pelvic_drop_deg"]) < 3 and abs(si["knee_valgus_deg"]) < 5


def test_a_miss_is_reported(tmp_path):
    rec = _demo.Recovery("pelvic_drop_deg", "right mean", "deg", 8.0, 7.0, 0.5)
    assert not rec.ok and rec.difference == -1.0
    assert "NOT RECOVERED" in _demo.format_recoveries([rec])


def test_bad_out_dir(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(ValueError, match="out_dir"):
        _demo.run_demo(f)
    out = subprocess.run([sys.executable, "-m", "hipmech", "demo", "--out", str(f)],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 2 and "out_dir" in out.stderr


def test_out_dir_of_the_wrong_type():
    with pytest.raises(TypeError, match="out_dir"):
        _demo.run_demo(123)
