"""Per-frame cost of the real-time sessions (issue 25): hipmech.stream from Python, and C++.

    .venv/bin/python benchmarks/python/time_stream.py [--frames 20000] [--repeat 5] [--quick]
        [--bench build/release/benchmarks/hipmech_bench]

Python: a Plug-in Gait session (17 markers, pelvis + both hips + both knees) made with
``Session.from_trial`` on a synthetic walking trial (``hipmech.synth.walking``, 100 Hz),
timed per frame for

* ``push``: one ``session.push(markers[i])`` call per frame, a C-contiguous float64 (17, 3)
  array (read without a copy), the returned frame kept (what a biofeedback loop does);
* ``push + read``: the same and reading two per-side angles of the frame;
* ``push_many``: ``session.push_many(all frames)``, the loop in C++ with the GIL released,
  per frame;

filter off and on (causal Butterworth 6 Hz, order 2), kinematic events on, and a 2-D
``KeypointSession`` push. Medians over ``--repeat`` runs of ``--frames`` frames
(``time.perf_counter``). Target: <= 20 us per Python push (issue 25).

C++: with ``--bench PATH`` (the Google Benchmark binary, built with -DHIPMECH_BUILD_BENCHMARKS=ON)
the script runs ``PATH --benchmark_filter=Stream`` and prints its per-frame times. No assertion
on time (``--quick``: a short run for the test command's smoke pass).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import time

import numpy as np

import hipmech
from hipmech import stream, synth


def _trial(n_frames: int):
    strides = max(2, int(np.ceil(n_frames / 110)))
    return synth.walking(n_strides=min(strides, 100), marker_noise_m=0.0005, seed=1).trial


def _markers(trial, session, n_frames):
    m, _ = stream.trial_arrays(trial, session)
    reps = int(np.ceil(n_frames / len(m)))
    return np.ascontiguousarray(np.concatenate([m] * reps)[:n_frames])


def time_push(trial, markers, repeat, read=False, **options):
    out = []
    for _ in range(repeat):
        s = stream.Session.from_trial(trial, **options)
        push = s.push
        frames = list(markers)  # per-frame (17, 3) C-contiguous views, made outside the timing
        t0 = time.perf_counter()
        if read:
            for m in frames:
                f = push(m)
                f.pelvic_obliquity_deg
                f.knee_valgus_deg
        else:
            for m in frames:
                push(m)
        out.append((time.perf_counter() - t0) / len(frames))
    return statistics.median(out)


def time_push_many(trial, markers, repeat, **options):
    out = []
    for _ in range(repeat):
        s = stream.Session.from_trial(trial, **options)
        t0 = time.perf_counter()
        s.push_many(markers)
        out.append((time.perf_counter() - t0) / len(markers))
    return statistics.median(out)


def time_keypoints(n_frames, repeat):
    names = ["left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle"]
    rng = np.random.default_rng(0)
    base = np.array([[350, 300], [290, 300], [355, 450], [285, 452], [352, 600], [288, 600]],
                    float)
    kp = base + rng.normal(0, 2, size=(n_frames, 6, 2))
    frames = list(kp)
    out, out_many = [], []
    for _ in range(repeat):
        s = stream.KeypointSession(names, 60.0)
        push = s.push
        t0 = time.perf_counter()
        for k in frames:
            push(k)
        out.append((time.perf_counter() - t0) / n_frames)
        s = stream.KeypointSession(names, 60.0)
        t0 = time.perf_counter()
        s.push_many(kp)
        out_many.append((time.perf_counter() - t0) / n_frames)
    return statistics.median(out), statistics.median(out_many)


def run_cpp(bench: str, quick: bool) -> None:
    args = [bench, "--benchmark_filter=Stream", "--benchmark_format=json"]
    if quick:
        args.append("--benchmark_min_time=0.05")  # seconds (older Google Benchmark: no unit)
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"C++ benchmarks not run ({bench} exited {done.returncode}: "
              f"{done.stderr.strip()[-300:]})")
        return
    for b in json.loads(done.stdout)["benchmarks"]:
        # Per frame: 1 / items_per_second (the benchmark counts frames as items), by CPU time.
        ips = b.get("items_per_second")
        per_frame = 1e6 / ips if ips else b["cpu_time"] * 1e-3
        label = f"{b['name']} ({b.get('label', '')})" if b.get("label") else b["name"]
        print(f"C++ {label:<52s} {per_frame:8.3f} us/frame (CPU)")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--frames", type=int, default=20000)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--quick", action="store_true", help="short run (smoke test)")
    p.add_argument("--bench", help="path of hipmech_bench (C++ Google Benchmarks)")
    a = p.parse_args()
    n, repeat = (500, 1) if a.quick else (a.frames, a.repeat)
    trial = _trial(min(n, 2000))
    probe = stream.Session.from_trial(trial)
    markers = _markers(trial, probe, n)
    print(f"hipmech {hipmech.__version__}: {len(probe.marker_names)} markers, {n} frames, "
          f"median of {repeat} (time.perf_counter)")
    rows = [
        ("push, filter off", time_push(trial, markers, repeat)),
        ("push + read 2 angles, filter off", time_push(trial, markers, repeat, read=True)),
        ("push, causal filter 6 Hz", time_push(trial, markers, repeat, cutoff_hz=6.0)),
        ("push, filter + kinematic events", time_push(trial, markers, repeat, cutoff_hz=6.0,
                                                      events="kinematics")),
        ("push_many, filter off", time_push_many(trial, markers, repeat)),
        ("push_many, filter + kinematic events", time_push_many(trial, markers, repeat,
                                                                cutoff_hz=6.0,
                                                                events="kinematics")),
    ]
    kp_push, kp_many = time_keypoints(n, repeat)
    rows += [("keypoints push (2-D FPPA + obliquity)", kp_push),
             ("keypoints push_many", kp_many)]
    for name, sec in rows:
        print(f"Python {name:<42s} {sec * 1e6:8.3f} us/frame")
    print("target: <= 20 us per Python push (issue 25)")
    if a.bench:
        run_cpp(a.bench, a.quick)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
