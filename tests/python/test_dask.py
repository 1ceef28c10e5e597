"""Cohorts on Dask: 20 synthetic trials on a 2-worker LocalCluster give exactly the serial
results (docs: cohorts).

The known answer is the serial run of the same deterministic functions (hipmech.synth is
seeded, the report's bootstrap too), so any difference is a distribution bug: lost or
reordered trials, state shared between tasks, a worker importing another hipmech. Tasks are
library functions only (``report.analyse`` on file paths, as on a real cluster with shared
storage): workers import hipmech, never this test module.
"""

from __future__ import annotations

import math
import operator
import warnings

import pandas as pd
import pytest

from hipmech import io, report, synth

distributed = pytest.importorskip("distributed")

N_TRIALS = 20
DEG = math.pi / 180


def _walk(seed: int):
    """One synthetic subject per seed, the right-side weakness growing with the seed."""
    return synth.walking(pelvic_drop_rad={"left": 4 * DEG, "right": (4 + 0.25 * seed) * DEG},
                         knee_valgus_rad={"left": 2 * DEG, "right": (2 + 0.2 * seed) * DEG},
                         n_strides=4, marker_noise_m=0.001, seed=seed)


def _cluster(**kwargs):
    # No dashboard; distributed's own start-up warnings (ports, ...) are not ours and would be
    # errors under filterwarnings=error.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return distributed.LocalCluster(dashboard_address=None, **kwargs)


def _summaries(reports) -> pd.DataFrame:
    return pd.concat([r.summary.assign(trial=r.source) for r in reports], ignore_index=True)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cohort")
    paths = []
    for seed in range(1, N_TRIALS + 1):
        path = folder / f"subject{seed:02d}.c3d"
        io.write_c3d(_walk(seed).trial, path)
        paths.append(str(path))
    serial = _summaries(report.analyse(p, n_resamples=500) for p in paths)
    return paths, serial


def test_two_worker_processes_equal_the_serial_run(cohort):
    paths, serial = cohort
    with _cluster(n_workers=2, threads_per_worker=1, processes=True) as cluster, \
            distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        futures = client.map(report.analyse, paths, n_resamples=500)
        parallel = _summaries(client.gather(futures))
        workers = {w for ws in client.who_has(futures).values() for w in ws}
    pd.testing.assert_frame_equal(parallel, serial, check_exact=True)
    # Every trial came back once, in order, and both workers took part.
    assert parallel["trial"].drop_duplicates().tolist() == paths
    assert len(workers) == 2
    # The cohort shows what was injected: each subject's right-stance drop is its synthetic
    # amplitude (4 + 0.25 seed deg) within the stride-to-stride SD (0.5 deg, 4 strides) and the
    # 6 Hz filter's rounding.
    right = serial[serial["quantity"] == "pelvic_drop_deg"]["right_mean"].to_numpy()
    injected = [4 + 0.25 * seed for seed in range(1, N_TRIALS + 1)]
    assert max(abs(r - i) for r, i in zip(right, injected)) < 1.0


def test_threads_in_memory_equal_the_serial_run(cohort):
    # One process, two threads: the trials never touch a file (synth on the workers too); the
    # C++ calls release the GIL, the results stay exact.
    paths, serial = cohort
    seeds = list(range(1, 7))
    with _cluster(n_workers=1, threads_per_worker=2, processes=False) as cluster, \
            distributed.Client(cluster) as client:
        walks = [client.submit(_walk, s) for s in seeds]
        trials = client.map(operator.attrgetter("trial"), walks)
        parallel = client.gather(client.map(report.analyse, trials, n_resamples=500))
    got = pd.concat([r.summary for r in parallel], ignore_index=True)
    want = serial[serial["trial"].isin(paths[:6])].drop(columns="trial").reset_index(drop=True)
    # The file round trip stores markers as float32: equal to that precision, not bitwise.
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-4, atol=1e-3)


def test_a_failing_trial_is_reported_not_lost(cohort, tmp_path):
    paths, _ = cohort
    broken = tmp_path / "broken.c3d"
    broken.write_bytes(b"not a c3d file")
    with _cluster(n_workers=2, threads_per_worker=1, processes=True) as cluster, \
            distributed.Client(cluster) as client:
        futures = client.map(report.analyse, [paths[0], str(broken), paths[1]], n_resamples=100)
        done = client.gather(futures, errors="skip")
        statuses = [f.status for f in futures]
        error = futures[1].exception()
    assert statuses == ["finished", "error", "finished"]
    assert len(done) == 2
    assert isinstance(error, OSError) and "broken.c3d" in str(error)
