"""examples/stream_replay.py runs (terminal and matplotlib displays) and its per-step lines
show the demo's injected asymmetry: more pelvic drop standing on the right leg (8 deg) than on
the left (4 deg), hipmech._demo.DEMO_SETTINGS (the synthetic truth)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "stream_replay.py"


def _run(*args):
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONWARNINGS="ignore")
    done = subprocess.run([sys.executable, str(EXAMPLE), *args], capture_output=True,
                          text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_terminal_replay_prints_one_line_per_step():
    out = _run("--fast")
    steps = re.findall(r"^(left |right) step +\d+ +pelvic drop +([-\d.]+) deg \|[#.]+\|",
                       out, flags=re.M)
    assert len(steps) >= 10, out
    mean = {s: [float(d) for side, d in steps if side.strip() == s] for s in ("left", "right")}
    # Truth: 4 deg left, 8 deg right (1 mm marker noise, 10 Hz causal filter: within 1 deg).
    assert abs(sum(mean["left"]) / len(mean["left"]) - 4.0) < 1.0
    assert abs(sum(mean["right"]) / len(mean["right"]) - 8.0) < 1.0
    # The default cut-off is 10 Hz (docs/stream.md's advice for feedback): 21.8 ms at 100 Hz.
    assert "filter delay 22 ms" in out
    # replay closed the session: the stance the end of the trial completes is printed too.
    assert re.search(r"^at the end of the trial \(\d+ more\):\n(left |right) step", out,
                     flags=re.M), out


def test_no_filter_and_min_separation_options():
    out = _run("--fast", "--cutoff", "0", "--min-separation", "0.4")
    assert "filter delay 0 ms" in out
    # OnlineZeni's bound 2 d - 1 frames, d = 40 frames at 100 Hz: 790 ms.
    assert "event delay at most 790 ms" in out
    help_text = _run("--help")
    assert "10 Hz" in help_text and "--min-separation" in help_text


def test_plot_replay_draws_and_saves(tmp_path):
    pytest.importorskip("matplotlib")
    out = _run("--fast", "--plot", "--events", "plates", "--cutoff", "6",
               "--save", str(tmp_path / "live.png"))
    assert (tmp_path / "live.png").stat().st_size > 1000
    assert "right:" in out


def test_realtime_pace_at_high_speed():
    import time

    t0 = time.perf_counter()
    _run("--speed", "50")
    # About 1800 frames at 100 Hz = 18 s of walking, at 50x: >= 0.3 s.
    assert time.perf_counter() - t0 >= 0.3
