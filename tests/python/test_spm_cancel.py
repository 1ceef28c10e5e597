"""Ctrl-C during a long permutation inference (issue 24): the C++ loop runs with the GIL
released and calls PermutationOptions::check_cancelled once per block of permutations
(include/hipmech/spm/permutation.hpp); the binding passes the hook of the readers
(bindings/python_signals.hpp), so SIGINT raises KeyboardInterrupt from inside the call instead
of after it (the C++ side of the hook is tests/cpp/spm/test_permutation_cancel.cpp).

As in test_io_cancel.py: a child process runs the inference and gets SIGINT once the call has
started. Python raises KeyboardInterrupt after an uninterruptible call too, as soon as Python
code runs again, so the child's SIGINT handler records where it ran: inside the call, the
binding's hook runs it (PyErr_CheckSignals) while the binding is still running (a profile hook
sees its call and not yet its end) and the innermost Python frame is the one that called the
binding (hipmech.spm._run); then the binding raises (``c_exception``). A short inference is
timed in the parent only to send the signal early in the child's 50 times longer one, whatever
the machine's speed; no time is asserted.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from hipmech import spm

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is POSIX")

SHORT = 100_000  # permutations timed in the parent
LONG = 50 * SHORT  # in the child: 80 MB of null distribution (16 bytes each)

CHILD = r"""
import signal
import sys

import numpy as np

import hipmech.spm
from hipmech import _core

n = int(sys.argv[1])
rng = np.random.default_rng(0)
a = rng.standard_normal((40, 101)).cumsum(axis=1)
b = rng.standard_normal((40, 101)).cumsum(axis=1)
events = []
handled = []


def profile(frame, event, arg):
    if arg is _core.spm_test:
        events.append(event)


def on_sigint(signum, frame):
    running = events == ["c_call"]
    handled.append(f"binding running={running}, frame={frame.f_code.co_name}")
    raise KeyboardInterrupt


signal.signal(signal.SIGINT, on_sigint)
try:
    sys.setprofile(profile)
    print("start", flush=True)
    hipmech.spm.ttest_paired(a, b, method="permutation", n_permutations=n, seed=1)
    print("done", flush=True)
finally:
    sys.setprofile(None)
    print("binding:", " ".join(events), flush=True)
    print("handler:", "; ".join(handled), flush=True)
"""


def test_ctrl_c_interrupts_a_long_permutation_inference():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((40, 101)).cumsum(axis=1)
    b = rng.standard_normal((40, 101)).cumsum(axis=1)
    start = time.perf_counter()
    spm.ttest_paired(a, b, method="permutation", n_permutations=SHORT, seed=1)
    short_s = time.perf_counter() - start

    child = subprocess.Popen([sys.executable, "-c", CHILD, str(LONG)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "start\n"
        time.sleep(3 * short_s)  # about 6 % into the child's inference
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=300)
    finally:
        child.kill()
        child.wait()
    context = f"{SHORT} permutations {short_s:.2f} s\nstdout:\n{out}\nstderr:\n{err}"
    assert "KeyboardInterrupt" in err, context
    assert child.returncode != 0, context
    assert "done" not in out, context
    assert "binding: c_call c_exception" in out, context
    assert "handler: binding running=True, frame=_run\n" in out, context
