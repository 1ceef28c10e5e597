"""Time of the measurement-uncertainty propagation (issue 26): 200 Monte Carlo draws of the full
per-trial pipeline on a 1,000-frame trial with 2 threads, and the linear method.

    .venv/bin/python benchmarks/python/time_uncertainty.py [--frames 1000] [--draws 200]
        [--threads 2] [--quick]

The trial is a synthetic walk (``hipmech.synth.walking``, 100 Hz, 1 mm marker noise, a force
plate under every complete stance) with the stride count that gives about ``--frames`` frames
(the frame count used is printed). Each draw runs the whole numerical path of
``hipmech.report.analyse``: markers + noise -> zero-lag filter (6 Hz) -> Plug-in Gait with
perturbed hip centres and subject measurements -> pelvis, hip and knee angles -> inverse
dynamics with perturbed segment parameters and centres of pressure -> per-stance peaks; with
every source of the default model on. One run each (no repetition), printed as

* ``propagation``: ``UncertaintyResult.seconds``, the C++ propagation alone (the issue's
  target: < 1 s for 200 draws on 2 cores);
* ``call``: the whole ``hipmech.uncertainty.propagate`` call (the nominal analysis with its
  2000-resample bootstrap, the propagation, the DataFrames).

``--quick``: a short trial and 20 draws (the test command's smoke pass). No assertion on time.
"""

from __future__ import annotations

import argparse
import os
import time

import hipmech
from hipmech import synth, uncertainty


def trial_of(n_frames: int):
    """A synthetic walk with about ``n_frames`` frames (strides added until it has them)."""
    strides = 2
    while True:
        walk = synth.walking(n_strides=strides, marker_noise_m=0.001, seed=1)
        if walk.trial.n_frames >= n_frames or strides >= 100:
            return walk.trial
        strides += 1


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--frames", type=int, default=1000)
    p.add_argument("--draws", type=int, default=200)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--quick", action="store_true")
    a = p.parse_args()
    frames, draws = (300, 20) if a.quick else (a.frames, a.draws)
    trial = trial_of(frames)
    print(f"hipmech {hipmech.__version__}, {os.cpu_count()} CPUs; synthetic walk of "
          f"{trial.n_frames} frames at {trial.point_rate_hz:g} Hz, "
          f"{len(trial.force_plates)} force plates, default uncertainty model")
    for method in ("monte_carlo", "linear"):
        t0 = time.perf_counter()
        r = uncertainty.propagate(trial, body_mass_kg=75.0, method=method, n_draws=draws,
                                  n_threads=a.threads, seed=1)
        call = time.perf_counter() - t0
        what = (f"Monte Carlo, {r.n_draws} draws" if method == "monte_carlo"
                else "linear (central differences)")
        print(f"{what:<32} {a.threads} threads: propagation {r.seconds:.3f} s, call "
              f"{call:.3f} s, failed draws {r.n_draws_failed}")
        if method == "monte_carlo":
            row = r.summary.set_index("quantity").loc["hip_abduction_moment_nm_per_kg"]
            print(f"  hip abduction moment, left mean {row['left_mean']:.3f} N·m/kg: measurement "
                  f"SD {row['left_mean_sd']:.3f} N·m/kg")


if __name__ == "__main__":
    main()
