"""A cohort of synthetic trials through hipmech.report.analyse: serial, on 2 threads and on 2
worker processes of a Dask LocalCluster.

    .venv/bin/python benchmarks/python/compare_dask.py [--trials 12] [--strides 4] [--quick]

The trials are written as C3D files first (hipmech.synth, seeds 1..N) and each task reads and
analyses one file (no figures, 500 bootstrap resamples), as on a real cluster. Printed: the
wall time of each way and serial / parallel (above 1: the parallel run is faster), and whether
the parallel summaries equal the serial ones exactly. On a 2-core machine the ceiling is 2.
The analysis alone: the whole report (figures, cohort files) through ``hipmech report`` is
timed by ``benchmarks/python/time_cohort.py``. The load average is printed first: other work
on the cores slows the parallel runs most.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

from hipmech import io, report, synth


def _summaries(reports) -> pd.DataFrame:
    return pd.concat([r.summary for r in reports], ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=12)
    parser.add_argument("--strides", type=int, default=4)
    parser.add_argument("--quick", action="store_true",
                        help="2 trials of 2 strides: the smoke pass of the test command")
    args = parser.parse_args()
    if args.quick:
        args.trials, args.strides = 2, 2
    from dask.distributed import Client, LocalCluster

    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")

    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for seed in range(1, args.trials + 1):
            paths.append(str(Path(folder) / f"s{seed}.c3d"))
            io.write_c3d(synth.walking(n_strides=args.strides, seed=seed).trial, paths[-1])

        t0 = time.perf_counter()
        serial = _summaries(report.analyse(p, n_resamples=500) for p in paths)
        t_serial = time.perf_counter() - t0
        print(f"{args.trials} trials, {args.strides} strides each")
        print(f"serial              {t_serial:7.2f} s")
        for label, kwargs in (("2 threads", dict(n_workers=1, threads_per_worker=2,
                                                 processes=False)),
                              ("2 processes", dict(n_workers=2, threads_per_worker=1,
                                                   processes=True))):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                cluster = LocalCluster(dashboard_address=None, **kwargs)
            with cluster, Client(cluster) as client:
                client.gather(client.map(report.analyse, paths[:2], n_resamples=10))  # warm up
                t0 = time.perf_counter()
                parallel = _summaries(client.gather(client.map(report.analyse, paths,
                                                               n_resamples=500, pure=False)))
                t = time.perf_counter() - t0
            same = parallel.equals(serial)
            print(f"{label:<19} {t:7.2f} s   serial / parallel = {t_serial / t:4.2f}   "
                  f"equal to serial: {same}")


if __name__ == "__main__":
    main()
