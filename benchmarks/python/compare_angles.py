"""hipmech pelvis + hip JCS angles against numpy and scipy on (n, 3, 3) rotation arrays.

    .venv/bin/python benchmarks/python/compare_angles.py [--frames 1000000] [--quick]
        [--cpp-bench build/release/benchmarks/hipmech_bench]

The task timed is the issue's target: pelvis angles (ZXY decomposition of R_lab_pelvis) plus
left and right hip JCS angles (ZXY decomposition of R_pelvis_femur) over n frames. Peers:

* numpy: the same maths vectorised (einsum for R_lab_pelvis^T R_lab_femur, then arctan2 on
  matrix entries; no gimbal-lock handling, which only makes it cheaper);
* scipy: Rotation.from_matrix(...).as_euler("ZXY") (upper case = intrinsic), with the relative
  rotation as Rotation.inv() * Rotation.

All three agree to 1e-12 rad (asserted below; tests/python/test_geometry.py checks scipy on
every sequence). Printed: times, frames/s and the ratios peer / hipmech (above 1: hipmech is
faster). With --cpp-bench, the C++ benchmark BM_pelvis_and_two_hips at the same size is run and
the Python overhead over C++ is printed (target: at most 10 %).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import timeit

import numpy as np
from scipy.spatial.transform import Rotation

import hipmech
from hipmech import geometry


QUICK = False  # --quick: one call per timing (the test command's smoke pass)


def _once(fn) -> float:
    t0 = timeit.default_timer()
    fn()
    return timeit.default_timer() - t0


def best(fn, number: int, repeat: int = 5) -> float:
    if QUICK:
        return _once(fn)
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def gait_angles(n: int, phase: float) -> np.ndarray:
    """The same gait-like angles as benchmarks/bench_geometry.cpp (without its missing frames)."""
    t = np.arange(n) / 100.0
    return np.column_stack([0.6 * np.sin(6.0 * t + phase), 0.15 * np.sin(6.0 * t + 1.0 + phase),
                            0.2 * np.cos(6.0 * t + phase)])


def numpy_zxy(R: np.ndarray) -> np.ndarray:
    """Intrinsic ZXY angles, R = R_z(a1) R_x(a2) R_y(a3): R[2,1] = sin a2,
    (R[1,1], -R[0,1]) = cos a2 (cos a1, sin a1), (R[2,2], -R[2,0]) = cos a2 (cos a3, sin a3)."""
    a2 = np.arctan2(R[:, 2, 1], np.hypot(R[:, 2, 0], R[:, 2, 2]))
    a1 = np.arctan2(-R[:, 0, 1], R[:, 1, 1])
    a3 = np.arctan2(-R[:, 2, 0], R[:, 2, 2])
    return np.column_stack([a1, a2, a3])


def numpy_task(pelvis, left, right):
    rel_l = np.einsum("nji,njk->nik", pelvis, left)
    rel_r = np.einsum("nji,njk->nik", pelvis, right)
    return numpy_zxy(pelvis), numpy_zxy(rel_l), numpy_zxy(rel_r)


def scipy_task(pelvis, left, right):
    p = Rotation.from_matrix(pelvis)
    return (p.as_euler("ZXY"), (p.inv() * Rotation.from_matrix(left)).as_euler("ZXY"),
            (p.inv() * Rotation.from_matrix(right)).as_euler("ZXY"))


def hipmech_task(pelvis, left, right):
    return (geometry.decompose(pelvis, "ZXY"), geometry.jcs_angles(pelvis, left),
            geometry.jcs_angles(pelvis, right))


def cpp_time(bench: str, n: int) -> float | None:
    out = subprocess.run([bench, f"--benchmark_filter=BM_pelvis_and_two_hips/{n}$",
                          "--benchmark_format=json", "--benchmark_repetitions=5",
                          "--benchmark_report_aggregates_only=true"],
                         capture_output=True, text=True, check=True).stdout
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
            return b["real_time"] * scale
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=1_000_000)
    parser.add_argument("--cpp-bench", default=None,
                        help="path of hipmech_bench, to compare with the C++ time")
    parser.add_argument("--quick", action="store_true",
                        help="small input, one repetition: the smoke pass of the test command")
    args = parser.parse_args()
    if args.quick:
        global QUICK
        QUICK = True
        args.frames = min(args.frames, 10_000)
    n = args.frames

    pelvis = geometry.compose(gait_angles(n, 0.0), "ZXY")
    left = geometry.compose(gait_angles(n, 0.7), "ZXY")
    right = geometry.compose(gait_angles(n, 3.8), "ZXY")

    ours = hipmech_task(pelvis, left, right)
    for peer in (numpy_task(pelvis, left, right), scipy_task(pelvis, left, right)):
        for a, b in zip(ours, peer):
            np.testing.assert_allclose(a, b, atol=1e-12)

    number = max(1, 1_000_000 // n)
    t_hip = best(lambda: hipmech_task(pelvis, left, right), number)
    t_np = best(lambda: numpy_task(pelvis, left, right), number, repeat=3)
    t_sp = best(lambda: scipy_task(pelvis, left, right), number, repeat=3)
    t_dec = best(lambda: geometry.decompose(pelvis, "ZXY"), number)
    t_dec_np = best(lambda: numpy_zxy(pelvis), number, repeat=3)
    t_dec_sp = best(lambda: Rotation.from_matrix(pelvis).as_euler("ZXY"), number, repeat=3)

    print(f"hipmech {hipmech.__version__}, frames: {n}")
    print("pelvis angles + left and right hip JCS angles:")
    print(f"  hipmech : {t_hip * 1e3:9.2f} ms  ({n / t_hip / 1e6:6.2f} M frames/s)")
    print(f"  numpy   : {t_np * 1e3:9.2f} ms  ratio numpy / hipmech {t_np / t_hip:6.1f}x")
    print(f"  scipy   : {t_sp * 1e3:9.2f} ms  ratio scipy / hipmech {t_sp / t_hip:6.1f}x")
    print("decompose ZXY alone:")
    print(f"  hipmech : {t_dec * 1e3:9.2f} ms  ({n / t_dec / 1e6:6.2f} M frames/s)")
    print(f"  numpy   : {t_dec_np * 1e3:9.2f} ms  ratio numpy / hipmech {t_dec_np / t_dec:6.1f}x")
    print(f"  scipy   : {t_dec_sp * 1e3:9.2f} ms  ratio scipy / hipmech {t_dec_sp / t_dec:6.1f}x")
    if args.cpp_bench:
        t_cpp = cpp_time(args.cpp_bench, n)
        if t_cpp:
            print(f"C++ BM_pelvis_and_two_hips/{n}: {t_cpp * 1e3:9.2f} ms; "
                  f"Python over C++: {100 * (t_hip / t_cpp - 1):+.1f} %")


if __name__ == "__main__":
    main()
