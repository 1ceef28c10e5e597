"""Python threads calling bindings that release the GIL (issue 21): results equal to those
computed alone. (Data races in the library itself are looked for by the ThreadSanitizer build,
tests/threads/test_threads.cpp.)"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

import hipmech
from hipmech import io
from hipmech import report as R


def test_read_analyse_and_filter_from_four_threads(tmp_path):
    path = tmp_path / "walk.c3d"
    io.write_c3d(hipmech.synth.walking(n_strides=3, seed=9).trial, path)
    alone = R.analyse(path, n_resamples=100).to_dict()
    x = np.sin(np.linspace(0, 20, 3000)).reshape(-1, 3)
    low = hipmech.signal.lowpass(x, 100.0, 6.0)

    def work(i: int):
        t = io.read_c3d(path)
        return R.analyse(t, n_resamples=100).to_dict(), hipmech.signal.lowpass(x, 100.0, 6.0)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, range(8)))
    for d, y in results:
        assert d["summary"] == alone["summary"] and d["stances"] == alone["stances"]
        np.testing.assert_array_equal(y, low)
