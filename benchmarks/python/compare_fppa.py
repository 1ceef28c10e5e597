"""The knee FPPA from 2-D keypoints: hipmech against numpy and against copying the input.

    .venv/bin/python benchmarks/python/compare_fppa.py [--frames 1000000] [--quick]
        [--bench build/release/benchmarks/hipmech_bench]

Times ``hipmech.knee.fppa`` (the friendly layer) and, when present, the raw binding
``hipmech._core.knee_fppa_2d`` on three C-contiguous (n, 2) float64 keypoint arrays (a
single-leg squat filmed from the front, pixels, y down, 1 % of frames missing), against

* numpy: the same maths vectorised, ``sign * arctan2(t x s, t . s)`` with t = knee - hip,
  s = ankle - knee, and the same NaN rule for coincident points and a limb folded back onto
  itself (Willson & Davis 2008; include/hipmech/knee/fppa.hpp);
* the floor: a plain numpy copy of the three input arrays.

hipmech and numpy agree to 1e-12 rad with NaN in the same frames (asserted below). Printed:
times, frames/s, hipmech / copy (issue target: within 3x at 10^6 frames, >= 20 M frames/s) and
numpy / hipmech (above 1: hipmech is faster). With --bench, the C++ benchmark BM_Knee_fppa_2d at
the same size is run and the Python overhead over C++ is printed (target: at most 10 %).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import timeit

import numpy as np

import hipmech
from hipmech import knee

DEGENERATE_RATIO = 1e-9  # hipmech::knee::degenerate_ratio


QUICK = False  # --quick: one call per timing (the test command's smoke pass)


def _once(fn) -> float:
    t0 = timeit.default_timer()
    fn()
    return timeit.default_timer() - t0


def best(fn, number: int, repeat: int = 7) -> float:
    if QUICK:
        return _once(fn)
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def squat_keypoints(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The keypoints of benchmarks/bench_knee.cpp: squats of 2 s to 70 deg with 1 s pauses at
    60 Hz, the right knee drifting medially (image +x from the front) by up to 40 px."""
    t = np.fmod(np.arange(n) / 60.0, 3.0)
    q = np.where(t < 2.0, np.deg2rad(70.0) * (1.0 - np.cos(np.pi * t)) / 2.0, 0.0)
    drop = 180.0 * (1.0 - np.cos(q))
    hip = np.column_stack([np.full(n, 600.0), 300.0 + drop])
    knee_pts = np.column_stack([600.0 + 40.0 * np.sin(q), 500.0 + 0.5 * drop])
    ankle = np.column_stack([np.full(n, 605.0), np.full(n, 700.0)])
    for i in range(250, n - 4, 500):  # 5-frame gaps every 500 frames: 1 % missing
        hip[i:i + 5] = np.nan
    return (np.ascontiguousarray(hip), np.ascontiguousarray(knee_pts),
            np.ascontiguousarray(ankle))


def numpy_fppa(hip: np.ndarray, knee_pts: np.ndarray, ankle: np.ndarray, side: str,
               view: str = "anterior", y_axis: str = "down") -> np.ndarray:
    """Signed FPPA [rad], positive = valgus: the sign is +1 for the right limb seen from the
    front in y-down pixels (its medial side is image +x) and flips with each of left,
    posterior and y up."""
    sign = ((1.0 if side == "right" else -1.0) * (1.0 if view == "anterior" else -1.0)
            * (1.0 if y_axis == "down" else -1.0))
    t = knee_pts - hip
    s = ankle - knee_pts
    cross = t[:, 0] * s[:, 1] - t[:, 1] * s[:, 0]
    dot = t[:, 0] * s[:, 0] + t[:, 1] * s[:, 1]
    t2 = np.einsum("ij,ij->i", t, t)
    s2 = np.einsum("ij,ij->i", s, s)
    r2 = DEGENERATE_RATIO * DEGENERATE_RATIO
    degenerate = (t2 <= r2 * s2) | (s2 <= r2 * t2) | ((cross == 0.0) & (dot < 0.0))
    out = sign * np.arctan2(cross, dot)
    out[degenerate] = np.nan
    return out


def numpy_copy(hip: np.ndarray, knee_pts: np.ndarray, ankle: np.ndarray):
    return hip.copy(), knee_pts.copy(), ankle.copy()


def cpp_seconds(bench: str, n: int) -> float:
    out = subprocess.run(
        [bench, f"--benchmark_filter=BM_Knee_fppa_2d/{n}$", "--benchmark_format=json",
         "--benchmark_repetitions=7", "--benchmark_report_aggregates_only=true"],
        check=True, capture_output=True, text=True).stdout
    runs = json.loads(out)["benchmarks"]
    med = next(r for r in runs if r.get("aggregate_name") == "median")
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[med["time_unit"]]
    return med["real_time"] * scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=1_000_000)
    parser.add_argument("--bench", default=None, help="path to a built hipmech_bench")
    parser.add_argument("--quick", action="store_true",
                        help="small input, one repetition: the smoke pass of the test command")
    args = parser.parse_args()
    if args.quick:
        global QUICK
        QUICK = True
        args.frames = min(args.frames, 10_000)

    n = args.frames
    hip, knee_pts, ankle = squat_keypoints(n)

    ours = knee.fppa(hip, knee_pts, ankle, "right", view="anterior", y_axis="down").fppa_rad
    ref = numpy_fppa(hip, knee_pts, ankle, "right")
    np.testing.assert_allclose(ours, ref, atol=1e-12, rtol=0.0, equal_nan=True)
    assert np.array_equal(np.isnan(ours), np.isnan(ref))

    number = max(1, 2_000_000 // n)
    t_py = best(lambda: knee.fppa(hip, knee_pts, ankle, "right", view="anterior",
                                  y_axis="down"), number)
    raw = getattr(hipmech._core, "knee_fppa_2d", None)
    t_core = best(lambda: raw(hip, knee_pts, ankle, "right", "anterior", "down"),
                  number) if raw is not None else None
    t_np = best(lambda: numpy_fppa(hip, knee_pts, ankle, "right"), number, repeat=3)
    t_copy = best(lambda: numpy_copy(hip, knee_pts, ankle), number)

    print(f"hipmech {hipmech.__version__}, frames: {n}")
    if t_core is not None:
        print(f"hipmech._core.knee_fppa_2d : {t_core * 1e3:8.2f} ms  "
              f"({n / t_core / 1e6:6.1f} M frames/s)")
    print(f"hipmech.knee.fppa          : {t_py * 1e3:8.2f} ms  ({n / t_py / 1e6:6.1f} M frames/s)")
    print(f"numpy (same maths)         : {t_np * 1e3:8.2f} ms")
    print(f"numpy copy of the input    : {t_copy * 1e3:8.2f} ms")
    print(f"ratio hipmech / copy       : {t_py / t_copy:8.1f}x  (target: <= 3x)")
    print(f"ratio numpy / hipmech      : {t_np / t_py:8.1f}x")
    if args.bench:
        t_cpp = cpp_seconds(args.bench, n)
        print(f"C++ BM_Knee_fppa_2d/{n}: {t_cpp * 1e3:8.2f} ms")
        overhead = f"{100 * (t_py / t_cpp - 1):+7.1f} % (friendly)"
        if t_core is not None:
            overhead = f"{100 * (t_core / t_cpp - 1):+7.1f} % (raw), " + overhead
        print(f"Python overhead over C++   : {overhead}")


if __name__ == "__main__":
    main()
