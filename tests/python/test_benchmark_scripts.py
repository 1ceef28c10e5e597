"""Every benchmarks/python script runs in its quick mode, so none can rot (issue 22).

Each ``compare_*.py`` / ``time_*.py`` script is run once as a subprocess with ``--quick`` (a
small input and one repetition: a few seconds). No time is asserted: a script passes when it
exits 0, which includes its own correctness checks (hipmech against its peer) before timing.
A new script is picked up automatically and must accept ``--quick``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS_DIR = Path(__file__).resolve().parents[2] / "benchmarks" / "python"
SCRIPTS = sorted(p.name for p in SCRIPTS_DIR.glob("*.py")
                 if p.name.startswith(("compare_", "time_")))

#: Peers a script needs beyond the test requirements (skipped, with the reason, without them).
NEEDS = {
    "compare_c3d_read.py": "ezc3d",
    "compare_dask.py": "distributed",
    "compare_icc.py": "pingouin",
}


def test_the_scripts_are_found():
    assert {"compare_filtfilt.py", "compare_pelvis.py", "time_report.py"} <= set(SCRIPTS)


@pytest.mark.parametrize("script", SCRIPTS)
def test_script_runs_in_quick_mode(script):
    if script in NEEDS:
        pytest.importorskip(NEEDS[script])
    path = SCRIPTS_DIR / script
    args = ["--quick"]
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONWARNINGS="ignore")
    done = subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True,
                          timeout=300, env=env, cwd=SCRIPTS_DIR.parents[1])
    assert done.returncode == 0, (
        f"{script} {' '.join(args)} failed (exit {done.returncode}):\n"
        f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    assert done.stdout.strip(), f"{script} printed nothing"
