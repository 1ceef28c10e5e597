"""Plug-in Gait pelvis angles from Python against the C++ benchmark and against scipy.

    .venv/bin/python benchmarks/python/compare_pelvis.py [--frames 1000000]
        [--bench build/release/benchmarks/hipmech_bench] [--quick]

Times ``hipmech._core.pelvis_angles`` (the raw binding) and ``hipmech.pelvis.angles`` (the
friendly layer) on a C-contiguous (n, 3, 3) array, the same computation with scipy
(``Rotation.from_matrix(R_prog.T @ R).as_euler("ZXY")`` plus the sign changes), and, when
``--bench`` names a built hipmech_bench, the C++ benchmark BM_pelvis_angles_plug_in_gait at the
same size. Prints the Python overhead over C++ (target: <= 10 %) and the ratio scipy / hipmech.
Both compute the Plug-in Gait sequence (tilt-obliquity-rotation, ``sequence="plug-in-gait"``),
checked equal to scipy's first.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import timeit

import numpy as np
from scipy.spatial.transform import Rotation

import hipmech
from hipmech import pelvis


def best(fn, number: int, repeat: int = 7) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def walking_pelvis(n: int) -> np.ndarray:
    t = np.arange(n) / 100.0
    ph = 2 * np.pi * 0.9 * t
    deg = np.pi / 180
    raw = np.column_stack([-(10 + 2 * np.sin(2 * ph)) * deg, 5 * np.sin(ph) * deg,
                           -8 * np.cos(ph) * deg])
    R_prog = np.array([[-1.0, 0, 0], [0, 0, 1], [0, 1, 0]])
    R = np.ascontiguousarray(R_prog @ Rotation.from_euler("ZXY", raw).as_matrix())
    for i in range(250, n - 5, 500):
        R[i:i + 5] = np.nan
    return R


def cpp_seconds(bench: str, n: int) -> float:
    out = subprocess.run(
        [bench, f"--benchmark_filter=BM_pelvis_angles_plug_in_gait/{n}$",
         "--benchmark_format=json", "--benchmark_repetitions=7",
         "--benchmark_report_aggregates_only=true"],
        check=True, capture_output=True, text=True).stdout
    runs = json.loads(out)["benchmarks"]
    # The minimum is not an aggregate; the median is the most robust on a shared machine.
    med = next(r for r in runs if r.get("aggregate_name") == "median")
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[med["time_unit"]]
    return med["real_time"] * scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=1_000_000)
    parser.add_argument("--bench", default=None, help="path to a built hipmech_bench")
    parser.add_argument("--quick", action="store_true",
                        help="10,000 frames, one repetition: the test command's smoke pass")
    args = parser.parse_args()
    if args.quick:
        args.frames = min(args.frames, 10_000)
    repeat = 1 if args.quick else 7

    n = args.frames
    R = walking_pelvis(n)
    R_prog = np.array([[-1.0, 0, 0], [0, 0, 1], [0, 1, 0]])
    ok = ~np.isnan(R).any(axis=(1, 2))

    def scipy_angles():
        raw = Rotation.from_matrix(R_prog.T @ R[ok]).as_euler("ZXY")
        return np.column_stack([-raw[:, 0], raw[:, 1], -raw[:, 2]])  # left side

    # The Plug-in Gait (tilt-obliquity-rotation, ZXY) sequence, named: the default sequence
    # is Baker's rotation-obliquity-tilt since the shared conventions chose it.
    def friendly():
        return pelvis.angles(R, "left", progression="-X", sequence="plug-in-gait")

    ours = friendly().values
    assert np.allclose(ours[ok], scipy_angles(), atol=1e-12)
    assert np.isnan(ours[~ok]).all()

    number = max(1, (200_000 if args.quick else 2_000_000) // n)
    t_core = best(lambda: hipmech._core.pelvis_angles(R, "left", "plug-in-gait", R_prog), number,
                  repeat)
    t_py = best(friendly, number, repeat)
    t_scipy = best(scipy_angles, 1, repeat=min(3, repeat))

    print(f"frames: {n}")
    print(f"hipmech._core.pelvis_angles : {t_core * 1e3:8.2f} ms  ({n / t_core / 1e6:6.1f} M frames/s)")
    print(f"hipmech.pelvis.angles       : {t_py * 1e3:8.2f} ms")
    print(f"scipy Rotation.as_euler     : {t_scipy * 1e3:8.2f} ms")
    print(f"ratio scipy / hipmech       : {t_scipy / t_core:8.1f}x")
    if args.bench:
        t_cpp = cpp_seconds(args.bench, n)
        print(f"C++ BM_pelvis_angles_plug_in_gait/{n}: {t_cpp * 1e3:8.2f} ms")
        print(f"Python overhead over C++    : {100 * (t_core / t_cpp - 1):+7.1f} % (raw), "
              f"{100 * (t_py / t_cpp - 1):+7.1f} % (friendly)")


if __name__ == "__main__":
    main()
