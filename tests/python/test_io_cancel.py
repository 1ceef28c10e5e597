"""Ctrl-C during the read of a large file (issue 21): the readers check for signals while they
work (include/hipmech/io/cancellation.hpp), so SIGINT raises KeyboardInterrupt from inside the
read instead of after it.

A child process reads a file hipmech wrote and gets SIGINT once the read has started. Python
raises KeyboardInterrupt after an uninterruptible read too, as soon as Python code runs again
(while the binding converts its result, or once it has returned), so the child's SIGINT handler
records where it ran: inside the read, the binding's hook runs it (PyErr_CheckSignals) while the
binding is still running (a profile hook sees its call and not yet its end) and the innermost
Python frame is the one that called the binding; then the binding raises (``c_exception``). The
uninterrupted read is timed in the same test only to send the signal early in the child's read,
whatever the machine's speed; no time is asserted.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from hipmech import io as hio

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is POSIX")

CHILD = r"""
import signal
import sys

import hipmech.io
from hipmech import _core

kind, path = sys.argv[1], sys.argv[2]
read, binding = {"c3d": (hipmech.io.read_c3d, _core.read_c3d),
                 "trc": (hipmech.io.read_trc, _core.read_trc)}[kind]
events = []
handled = []


def profile(frame, event, arg):
    if arg is binding:
        events.append(event)


def on_sigint(signum, frame):
    running = events == ["c_call"]
    handled.append(f"binding running={running}, frame={frame.f_code.co_name}")
    raise KeyboardInterrupt


signal.signal(signal.SIGINT, on_sigint)
try:
    sys.setprofile(profile)
    print("start", flush=True)
    read(path)
    print("done", flush=True)
finally:
    sys.setprofile(None)
    print("binding:", " ".join(events), flush=True)
    print("handler:", "; ".join(handled), flush=True)
"""

def big_c3d(path) -> None:
    """One marker and 20 analog channels at 10 samples per frame, 250,000 frames: 204 MB."""
    n = 250_000
    t = hio.Trial(point_rate_hz=100.0)
    t.markers["M"] = np.zeros((n, 3))
    t.analog = hio.Analog(rate_hz=1000.0, names=[f"A{i}" for i in range(20)],
                          descriptions=[""] * 20, units_original=["V"] * 20,
                          values=np.ones((10 * n, 20)))
    hio.write_c3d(t, path)


def big_trc(path) -> None:
    """20 markers, 60,000 frames: about 50 MB of text."""
    n = 60_000
    t = hio.Trial(point_rate_hz=100.0)
    wave = np.sin(np.linspace(0.0, 600.0, n))
    for m in range(20):
        t.markers[f"M{m}"] = np.column_stack([wave + m, 0.5 * wave, 0.9 + 0.01 * wave])
    hio.write_trc(t, path)


@pytest.mark.parametrize("kind", ["c3d", "trc"])
def test_ctrl_c_interrupts_a_long_read(tmp_path, kind):
    path = tmp_path / f"big.{kind}"
    try:
        (big_c3d if kind == "c3d" else big_trc)(path)
        read = hio.read_c3d if kind == "c3d" else hio.read_trc
        start = time.perf_counter()
        read(path)
        whole_s = time.perf_counter() - start

        child = subprocess.Popen([sys.executable, "-c", CHILD, kind, str(path)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert child.stdout.readline() == "start\n"
            time.sleep(whole_s / 3)  # a third into the child's read
            child.send_signal(signal.SIGINT)
            out, err = child.communicate(timeout=120)
        finally:
            child.kill()
            child.wait()
    finally:
        path.unlink(missing_ok=True)
    context = f"uninterrupted read {whole_s:.2f} s\nstdout:\n{out}\nstderr:\n{err}"
    assert "KeyboardInterrupt" in err, context
    assert child.returncode != 0, context
    assert "done" not in out, context
    assert "binding: c_call c_exception" in out, context
    assert f"handler: binding running=True, frame=read_{kind}\n" in out, context
