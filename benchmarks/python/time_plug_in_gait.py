"""Plug-in Gait from Python on a 10^5-frame trial with every offset of a real subject file.

No peer does this job in one run here (pyCGM2 is not installable from PyPI on this machine;
Vicon Nexus is commercial), so this prints hipmech's own throughput from Python, the figure
issue 18 asks for (>= 0.5 M frames/s), next to the C++ benchmark BM_plug_in_gait_offsets.

    PYTHONPATH=... python benchmarks/python/time_plug_in_gait.py [--quick]

--quick: 10^4 frames, one run (the smoke pass of the test command).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import hipmech
from hipmech import model

N_FRAMES = 100_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="10^4 frames, one run: the smoke pass of the test command")
    args = parser.parse_args()
    n_frames = 10_000 if args.quick else N_FRAMES
    trial = hipmech.synth.walking(n_strides=10).trial
    reps = -(-n_frames // trial.n_frames)
    markers = {k: np.ascontiguousarray(np.tile(v, (reps, 1))[:n_frames])
               for k, v in trial.markers.items()}
    p = model.PigParameters.from_subject(trial.subject)
    # A child's offsets (../shared/validation/biomechzoo_pig_child) [rad].
    p.thigh_rotation_left_rad, p.thigh_rotation_right_rad = -0.1047, -0.2269
    p.shank_rotation_left_rad, p.shank_rotation_right_rad = 0.0686, -0.0082
    p.tibial_torsion_left_rad, p.tibial_torsion_right_rad = -0.2827, -0.3580
    model.plug_in_gait(markers, p)  # warm up
    best = min(_timed(markers, p) for _ in range(1 if args.quick else 7))
    print(f"hipmech.model.plug_in_gait, {n_frames} frames with rotation offsets and tibial "
          f"torsion: {best * 1e3:.1f} ms, {n_frames / best / 1e6:.2f} M frames/s")


def _timed(markers: dict, p: model.PigParameters) -> float:
    t0 = time.perf_counter()
    model.plug_in_gait(markers, p)
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
