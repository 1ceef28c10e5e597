"""3-D Newton-Euler inverse dynamics of both legs: hipmech (C++) against the same maths in numpy.

    .venv/bin/python benchmarks/python/compare_newton_euler.py [--frames 1000000] [--quick]
        [--bench build/release/benchmarks/hipmech_bench]

The input is the synthetic walking trial of benchmarks/bench_dynamics.cpp, rebuilt here with
the same formulas: two legs (foot, shank, thigh) walking at 1.2 m/s in a Z-up lab at 100 Hz,
ISB segment frames, non-diagonal inertia tensors, a double-hump ground reaction in stance and
5-frame gaps (NaN) in each thigh's frames every 500 frames.

Compared:

* hipmech: ``hipmech._core.dynamics_newton_euler_3d`` (the raw binding of
  ``hipmech::dynamics::newton_euler_3d``), called once per leg;
* numpy: the same bottom-up recursion written here with broadcasting and einsum, no loop over
  frames (a loop over the three segments only): ``numpy.gradient`` (edge_order=2) for first
  derivatives, the matching second-difference stencil for the centre-of-mass acceleration,
  omega from the skew part of dR/dt R^T and alpha = d omega / dt, then
  F = m (a - g) - F_d and M = R (I R^T alpha + R^T omega x I R^T omega) - M_d - (P_d - c) x F_d
  - (P - c) x F (include/hipmech/dynamics/newton_euler.hpp).

Before timing, the two results are checked to agree to round-off (relative 1e-9 of the largest
value, NaN in the same frames). Printed: times, frames/s for both legs and numpy / hipmech
(above 1: hipmech is faster). Without the binding (an older build), the C++ is timed by running
the benchmark binary (--bench, BM_Dynamics_newton_euler_3d_both_legs, JSON) and the round-off
check is skipped. With both, the binding's overhead over the bare C++ is printed too.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import timeit

import numpy as np

import hipmech

RATE_HZ = 100.0
G = np.array([0.0, 0.0, -9.81])


QUICK = False  # --quick: one call per timing (the test command's smoke pass)


def _once(fn) -> float:
    t0 = timeit.default_timer()
    fn()
    return timeit.default_timer() - t0


def best(fn, number: int, repeat: int = 5) -> float:
    if QUICK:
        return _once(fn)
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


# ---------------------------------------------------------------------------------------------
# The synthetic trial of bench_dynamics.cpp
# ---------------------------------------------------------------------------------------------

def rot_x(a: np.ndarray) -> np.ndarray:
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack([o, z, z, z, c, -s, z, s, c], axis=-1).reshape(-1, 3, 3)


def rot_z(a: np.ndarray) -> np.ndarray:
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack([c, -s, z, s, c, z, z, z, o], axis=-1).reshape(-1, 3, 3)


def leg(n: int, side: float, phase: float) -> dict:
    """One leg of Leg(n, side, phase) in bench_dynamics.cpp."""
    t = np.arange(n) / RATE_HZ
    u = np.fmod(0.9 * t + phase, 1.0)
    p = 2 * np.pi * u
    hip_flex = 0.35 * np.sin(p + 0.3)
    knee_flex = 0.55 - 0.35 * np.cos(p - 0.6) - 0.15 * np.cos(2 * p)
    ankle_flex = 0.2 * np.sin(p - 0.5)
    hip_add = 0.06 * np.sin(p)
    hip_rot = 0.1 * np.sin(p + 1.0)
    hip = np.column_stack([1.2 * t, -side * 0.09 + 0.02 * np.sin(p), 0.92 + 0.02 * np.cos(2 * p)])
    R0 = np.array([[1.0, 0, 0], [0, 0, -1], [0, 1, 0]])
    Rt = rot_z(side * hip_rot) @ rot_x(side * hip_add) @ R0 @ rot_z(hip_flex)
    Rs = Rt @ rot_z(-knee_flex)
    Rf = Rs @ rot_z(ankle_flex)
    knee = hip + Rt @ np.array([0.0, -0.43, 0.0])
    ankle = knee + Rs @ np.array([0.0, -0.42, 0.0])
    force = np.zeros((n, 3))
    point = np.zeros((n, 3))
    moment = np.zeros((n, 3))
    st = u < 0.6
    s = u[st] / 0.6
    fz = 700.0 * (np.sin(np.pi * s) + 0.25 * np.sin(3 * np.pi * s))
    force[st] = np.column_stack([-150.0 * np.sin(2 * np.pi * s), side * 30.0 * np.sin(np.pi * s), fz])
    point[st] = np.column_stack([ankle[st, 0] - 0.05 + 0.22 * s, ankle[st, 1], np.zeros(s.size)])
    moment[st, 2] = 3.0 * np.sin(2 * np.pi * s)
    for i in range(250, n - 4, 500):  # 5-frame gaps every 500 frames: 1 % missing
        Rt[i:i + 5] = np.nan
    foot_I = np.array([[0.0010, 0.0002, 0.0], [0.0002, 0.0040, 0.0], [0.0, 0.0, 0.0040]])
    shank_I = np.array([[0.040, 0.001, 0.0], [0.001, 0.005, 0.0005], [0.0, 0.0005, 0.040]])
    thigh_I = np.array([[0.12, 0.0, 0.002], [0.0, 0.025, 0.0], [0.002, 0.0, 0.12]])
    segs = [
        dict(R_lab_segment=Rf, origin_m=ankle, proximal_joint_m=ankle, mass_kg=1.0,
             com_m=np.array([0.06, -0.03, 0.0]), inertia_kgm2=foot_I),
        dict(R_lab_segment=Rs, origin_m=knee, proximal_joint_m=knee, mass_kg=3.0,
             com_m=np.array([0.0, -0.18, 0.0]), inertia_kgm2=shank_I),
        dict(R_lab_segment=Rt, origin_m=hip, proximal_joint_m=hip, mass_kg=7.0,
             com_m=np.array([0.0, -0.19, 0.0]), inertia_kgm2=thigh_I),
    ]
    for sg in segs:
        for k in ("R_lab_segment", "origin_m", "proximal_joint_m"):
            sg[k] = np.ascontiguousarray(sg[k])
    return dict(segments=segs, force_n=force, point_m=point, moment_nm=moment)


# ---------------------------------------------------------------------------------------------
# numpy: the recursion, vectorised over frames
# ---------------------------------------------------------------------------------------------

def second_difference(x: np.ndarray, h: float) -> np.ndarray:
    """signal::central_difference order 2: (x+ - 2x + x-)/h^2, one-sided 4-point at the ends."""
    out = np.empty_like(x)
    out[1:-1] = (x[2:] - 2.0 * x[1:-1] + x[:-2]) / h**2
    out[0] = (2.0 * x[0] - 5.0 * x[1] + 4.0 * x[2] - x[3]) / h**2
    out[-1] = (2.0 * x[-1] - 5.0 * x[-2] + 4.0 * x[-3] - x[-4]) / h**2
    return out


def numpy_newton_euler_3d(chain: list[dict], force_n, point_m, moment_nm, rate_hz: float,
                          gravity=G) -> list[tuple[np.ndarray, np.ndarray]]:
    h = 1.0 / rate_hz
    out = []
    fd, md, pd = force_n, moment_nm, point_m  # the load on the current segment at pd
    for seg in chain:
        R = seg["R_lab_segment"]
        P = seg["proximal_joint_m"]
        m = seg["mass_kg"]
        I = seg["inertia_kgm2"]
        c = seg["origin_m"] + np.einsum("nij,j->ni", R, seg["com_m"])
        a = second_difference(c, h)
        dR = np.gradient(R, h, axis=0, edge_order=2)
        W = np.einsum("nij,nkj->nik", dR, R)  # dR/dt R^T
        w = 0.5 * np.stack([W[:, 2, 1] - W[:, 1, 2], W[:, 0, 2] - W[:, 2, 0],
                            W[:, 1, 0] - W[:, 0, 1]], axis=1)
        al = np.gradient(w, h, axis=0, edge_order=2)
        w_b = np.einsum("nji,nj->ni", R, w)  # R^T omega
        al_b = np.einsum("nji,nj->ni", R, al)
        Iw = w_b @ I.T
        M_body = al_b @ I.T + np.cross(w_b, Iw)
        F = m * (a - gravity) - fd
        M = np.einsum("nij,nj->ni", R, M_body) - md - np.cross(pd - c, fd) - np.cross(P - c, F)
        out.append((F, M))
        fd, md, pd = -F, -M, P
    return out


# ---------------------------------------------------------------------------------------------

def cpp_seconds(bench: str, n: int) -> float | None:
    """Median real time of BM_Dynamics_newton_euler_3d_both_legs/n, None if n is not one of the
    benchmark's sizes (1000, 1000000)."""
    out = subprocess.run(
        [bench, f"--benchmark_filter=BM_Dynamics_newton_euler_3d_both_legs/{n}$",
         "--benchmark_format=json", "--benchmark_repetitions=5",
         "--benchmark_report_aggregates_only=true"],
        check=True, capture_output=True, text=True).stdout
    runs = json.loads(out)["benchmarks"] if out.strip() else []
    med = next((r for r in runs if r.get("aggregate_name") == "median"), None)
    if med is None:
        return None
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

    legs = [leg(n, 1.0, 0.0), leg(n, -1.0, 0.5)]
    core = getattr(hipmech._core, "dynamics_newton_euler_3d", None)

    def run_numpy():
        return [numpy_newton_euler_3d(L["segments"], L["force_n"], L["point_m"], L["moment_nm"],
                                      RATE_HZ) for L in legs]

    def run_core():
        return [core(L["segments"], L["force_n"], L["point_m"], L["moment_nm"], RATE_HZ, G)
                for L in legs]

    print(f"hipmech {hipmech.__version__}, frames: {n} (both legs, 3 segments each)")
    ours = run_numpy()
    if core is not None:
        theirs = run_core()
        worst = 0.0
        for leg_np, leg_cpp in zip(ours, theirs):
            for (F, M), (Fc, Mc) in zip(leg_np, leg_cpp):
                for x, y in ((F, Fc), (M, Mc)):
                    assert np.array_equal(np.isnan(x), np.isnan(y)), "NaN in different frames"
                    ok = ~np.isnan(y)
                    worst = max(worst, np.max(np.abs(x[ok] - y[ok])) / np.max(np.abs(y[ok])))
        assert worst <= 1e-9, f"numpy and hipmech differ: {worst:.3g} relative"
        print(f"numpy == hipmech to round-off: max relative difference {worst:.2g}, NaN in the "
              f"same {int(np.isnan(theirs[0][2][1][:, 0]).sum())} hip frames of the right leg")
    else:
        print("hipmech._core.dynamics_newton_euler_3d not in this build: no round-off check; "
              "C++ timed through --bench only")

    number = max(1, 200_000 // n)
    t_np = best(run_numpy, number, repeat=3)
    print(f"numpy (same maths)          : {t_np * 1e3:9.1f} ms  ({n / t_np / 1e6:6.2f} M frames/s)")
    t_core = None
    if core is not None:
        t_core = best(run_core, number)
        print(f"hipmech._core (vector form) : {t_core * 1e3:9.1f} ms  "
              f"({n / t_core / 1e6:6.2f} M frames/s)")
        print(f"ratio numpy / hipmech       : {t_np / t_core:9.1f}x  (above 1: hipmech is faster)")
    if args.bench:
        t_cpp = cpp_seconds(args.bench, n)
        if t_cpp is None:
            print(f"no C++ benchmark at {n} frames (sizes: 1000, 1000000)")
            return
        print(f"C++ benchmark (median of 5) : {t_cpp * 1e3:9.1f} ms  "
              f"({n / t_cpp / 1e6:6.2f} M frames/s; target >= 1 M frames/s)")
        print(f"ratio numpy / C++           : {t_np / t_cpp:9.1f}x")
        if t_core is not None:
            print(f"binding overhead over C++   : {100 * (t_core / t_cpp - 1):+8.1f} %")


if __name__ == "__main__":
    main()
