"""Reading a C3D into numpy arrays: hipmech.io.read_c3d against ezc3d (pyomeca) on one file.

    .venv/bin/python benchmarks/python/compare_c3d_read.py [FILE.c3d] [--frames 20000] [--quick]

Without FILE it uses ../shared/validation/pycgm_pig_stair/Movement_trial.c3d when present,
and always a synthetic Plug-in-Gait-sized trial of --frames frames written by hipmech. Both
readers produce the same numbers (tests/python/test_io_c3d.py); hipmech's time includes force
plates in the lab frame and SI conversion, so ezc3d is timed with extract_forceplat_data=True.
Prints the times and the ratio ezc3d / hipmech (above 1: hipmech is faster).
"""

from __future__ import annotations

import argparse
import tempfile
import timeit
from pathlib import Path

import numpy as np

import hipmech.io as hio

ROOT = Path(__file__).resolve().parents[2]
VALIDATION = ROOT.parent / "shared" / "validation" / "pycgm_pig_stair" / "Movement_trial.c3d"


QUICK = False  # --quick: one call per timing (the test command's smoke pass)


def _once(fn) -> float:
    t0 = timeit.default_timer()
    fn()
    return timeit.default_timer() - t0


def best(fn, repeat: int = 5) -> float:
    if QUICK:
        return _once(fn)
    return min(timeit.repeat(fn, number=1, repeat=repeat))


def synthetic(path: Path, frames: int) -> None:
    t = hio.Trial(point_rate_hz=100.0)
    x = np.arange(frames) / 100.0
    for m in range(90):
        t.add_point(f"M{m}", np.column_stack([x + 0.01 * m, 0.1 * np.sin(x + m),
                                              0.9 + 0.05 * np.cos(x)]), unit="mm")
    n = 10 * frames
    values = np.sin(np.outer(np.arange(n), np.arange(1, 29)) * 1e-3) + 20.0
    values[:, 2::6] -= 720.0
    t.analog = hio.Analog(rate_hz=1000.0, names=[f"ch{c}" for c in range(28)],
                          descriptions=[""] * 28,
                          units_original=["N" if c % 6 < 3 else "Nmm" for c in range(28)],
                          values=values)
    fp = hio.ParameterGroup()
    fp.parameters["USED"] = hio.Parameter(np.array([4.0]), type=2)
    fp.parameters["TYPE"] = hio.Parameter(np.full(4, 2.0), type=2, dims=[4])
    corners = np.concatenate([[600 * k + 600, 400, 0, 600 * k, 400, 0, 600 * k, 0, 0,
                               600 * k + 600, 0, 0] for k in range(4)]).astype(float)
    fp.parameters["CORNERS"] = hio.Parameter(corners, type=4, dims=[3, 4, 4])
    fp.parameters["ORIGIN"] = hio.Parameter(np.tile([0.0, 0.0, 40.0], 4), type=4, dims=[3, 4])
    fp.parameters["CHANNEL"] = hio.Parameter(np.arange(1.0, 25.0), type=2, dims=[6, 4])
    t.parameters["FORCE_PLATFORM"] = fp
    hio.write_c3d(t, path)


def compare(path: Path) -> None:
    import ezc3d

    t_hip = best(lambda: hio.read_c3d(path))
    t_ez = best(lambda: ezc3d.c3d(str(path), extract_forceplat_data=True))
    t_ez_raw = best(lambda: ezc3d.c3d(str(path)))
    trial = hio.read_c3d(path)
    print(f"{path.name}: {trial.n_frames} frames, {len(trial.points)} points, "
          f"{trial.analog.n_channels} analog channels, {len(trial.force_plates)} plates")
    print(f"  hipmech.io.read_c3d                       : {t_hip * 1e3:9.2f} ms")
    print(f"  ezc3d.c3d(extract_forceplat_data=True)    : {t_ez * 1e3:9.2f} ms")
    print(f"  ezc3d.c3d (no force plates)               : {t_ez_raw * 1e3:9.2f} ms")
    print(f"  ratio ezc3d / hipmech (with force plates) : {t_ez / t_hip:9.1f}x")
    print(f"  ratio ezc3d / hipmech (ezc3d without)     : {t_ez_raw / t_hip:9.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--frames", type=int, default=20000)
    parser.add_argument("--quick", action="store_true",
                        help="small input, one repetition: the smoke pass of the test command")
    args = parser.parse_args()
    if args.quick:
        global QUICK
        QUICK = True
        args.frames = min(args.frames, 2000)
    if args.file:
        compare(args.file)
        return
    if VALIDATION.exists():
        compare(VALIDATION)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"synthetic_{args.frames}.c3d"
        synthetic(path, args.frames)
        compare(path)


if __name__ == "__main__":
    main()
