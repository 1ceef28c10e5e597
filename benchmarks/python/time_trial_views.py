"""Trial views (issue 22): reading every marker of a 1000-point trial, and Plug-in Gait from a
Trial against a dict of its markers.

    .venv/bin/python benchmarks/python/time_trial_views.py [--quick]

Before issue 22 ``trial.markers[name]`` rebuilt the list of marker names on every lookup, so
reading all markers was quadratic in the number of points (74 ms for 1000 on the shared 2-core
machine), and ``model.plug_in_gait(trial)`` (which takes ``dict(trial.markers)``) paid it for
a trial with many outputs. Checked before timing: every lookup returns the trial's own array
and the model gives the same hip centres from the Trial and from the dict. Printed: times per
call; no timing is asserted.
"""

from __future__ import annotations

import argparse
import timeit

import numpy as np

from hipmech import io, model, synth


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--points", type=int, default=1000)
    p.add_argument("--quick", action="store_true", help="100 points, one call per timing")
    a = p.parse_args()
    n_points, repeat = (100, 1) if a.quick else (a.points, 5)

    def best(stmt, number: int) -> float:
        number = 1 if a.quick else number
        return min(timeit.repeat(stmt, number=number, repeat=repeat)) / number

    t = io.Trial(point_rate_hz=100.0)
    for i in range(n_points):
        t.points[f"M{i:04d}"] = np.zeros((200, 3))
        t.kinds[f"M{i:04d}"] = "marker"
    names = list(t.markers)
    assert all(t.markers[n] is t.points[n] for n in names)
    analog = io.Analog(rate_hz=1000.0, names=[f"A{i}" for i in range(n_points)],
                       values=np.zeros((10, n_points)))
    print(f"Trial views, {n_points} points")
    print(f"  read every marker (trial.markers[name])  "
          f"{1e3 * best(lambda: [t.markers[n] for n in names], 5):8.3f} ms")
    print(f"  dict(trial.markers)                      "
          f"{1e3 * best(lambda: dict(t.markers), 5):8.3f} ms")
    print(f"  read every analog channel (analog[name]) "
          f"{1e3 * best(lambda: [analog[n] for n in analog.names], 5):8.3f} ms")

    walk = synth.walking(n_strides=1 if a.quick else 4, seed=1)
    small = walk.trial
    big = io.Trial(point_rate_hz=small.point_rate_hz, subject=small.subject,
                   lab_axes=small.lab_axes)
    for name, values in small.markers.items():
        big.add_point(name, values)
    for i in range(max(n_points - len(big.points), 0)):  # model outputs, as a C3D holds them
        big.points[f"X{i:04d}"] = np.zeros((small.n_frames, 3))
        big.kinds[f"X{i:04d}"] = "angle"
    params = model.PigParameters.from_subject(small.subject)
    for label, trial in (("synthetic trial", small), (f"{len(big.points)}-point trial", big)):
        markers = dict(trial.markers)
        a_, b_ = model.plug_in_gait(trial, params), model.plug_in_gait(markers, params)
        assert np.array_equal(a_.hip_centre.left, b_.hip_centre.left, equal_nan=True)
        t_trial = best(lambda: model.plug_in_gait(trial, params), 10)
        t_dict = best(lambda: model.plug_in_gait(markers, params), 10)
        print(f"  plug_in_gait, {label} ({len(trial.points)} points, {trial.n_frames} frames): "
              f"Trial {1e3 * t_trial:.3f} ms, dict {1e3 * t_dict:.3f} ms, "
              f"Trial / dict {t_trial / t_dict:.2f}")


if __name__ == "__main__":
    main()
