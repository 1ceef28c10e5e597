"""hipmech LabAxes.to_isb against numpy's matrix product on the same (n, 3) array.

    .venv/bin/python benchmarks/python/compare_lab_to_isb.py [--frames 1000000] [--quick]

Both give identical numbers (tests/python/test_core.py checks it); this prints their times and
the ratio numpy / hipmech (above 1: hipmech is faster). It also times the Python-side cost of
handing arrays to C++: a C-contiguous float64 array (no copy) against a Fortran-order one (one
conversion).
"""

from __future__ import annotations

import argparse
import timeit

import numpy as np

import hipmech


QUICK = False  # --quick: one call per timing (the test command's smoke pass)


def _once(fn) -> float:
    t0 = timeit.default_timer()
    fn()
    return timeit.default_timer() - t0


def best(fn, number: int, repeat: int = 7) -> float:
    if QUICK:
        return _once(fn)
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true",
                        help="small input, one repetition: the smoke pass of the test command")
    args = parser.parse_args()
    if args.quick:
        global QUICK
        QUICK = True
        args.frames = min(args.frames, 10_000)

    n = args.frames
    t = np.arange(n) / 100.0
    points = np.column_stack([1.2 * t, 0.02 * np.sin(5.6 * t), 0.95 + 0.025 * np.cos(11.3 * t)])
    lab = hipmech.LabAxes(up="Z", forward="-X")
    R = lab.R_isb_lab
    assert np.array_equal(lab.to_isb(points), points @ R.T)

    number = max(1, 2_000_000 // n)
    t_hip = best(lambda: lab.to_isb(points), number)
    t_np = best(lambda: points @ R.T, number)
    fortran = np.asfortranarray(points)
    t_hip_f = best(lambda: lab.to_isb(fortran), number)

    print(f"frames: {n}")
    print(f"hipmech LabAxes.to_isb (C order) : {t_hip * 1e3:8.3f} ms  ({n / t_hip / 1e6:7.1f} M frames/s)")
    print(f"hipmech LabAxes.to_isb (F order) : {t_hip_f * 1e3:8.3f} ms  (includes one conversion)")
    print(f"numpy points @ R.T               : {t_np * 1e3:8.3f} ms")
    print(f"ratio numpy / hipmech            : {t_np / t_hip:8.2f}x")


if __name__ == "__main__":
    main()
