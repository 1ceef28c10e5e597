"""Zero-lag Butterworth on channels: hipmech.signal.lowpass against scipy.signal.filtfilt.

    .venv/bin/python benchmarks/python/compare_filtfilt.py [--samples 10000] [--channels 100]

Both filter the same (samples, channels) C-order float64 array along axis 0 with the same
order-2 Butterworth (6 Hz at 100 Hz) and give the same numbers (tests/python/test_signal.py).
Best of --repeat runs each. Prints the times and the ratio scipy / hipmech (above 1: hipmech
is faster); the signal issue requires at least 2 at 10,000 samples by 100 channels.
"""

from __future__ import annotations

import argparse
import timeit

import numpy as np
import scipy.signal as ss

import hipmech.signal as hs


def best(fn, repeat: int) -> float:
    fn()  # warm up
    return min(timeit.repeat(fn, number=1, repeat=repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=10000)
    parser.add_argument("--channels", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    x = np.cumsum(rng.normal(size=(args.samples, args.channels)), axis=0)
    rate, fc = 100.0, 6.0
    for order in (2, 4):
        b, a = ss.butter(order, fc / (rate / 2))
        np.testing.assert_allclose(hs.lowpass(x, rate, fc, order=order),
                                   ss.filtfilt(b, a, x, axis=0), rtol=0,
                                   atol=1e-10 * np.abs(x).max())
        t_hip = best(lambda: hs.lowpass(x, rate, fc, order=order), args.repeat)
        t_sci = best(lambda: ss.filtfilt(b, a, x, axis=0), args.repeat)
        sos = ss.butter(order, fc / (rate / 2), output="sos")
        t_hsos = best(lambda: hs.lowpass(x, rate, fc, order=order, form="sos"), args.repeat)
        t_ssos = best(lambda: ss.sosfiltfilt(sos, x, axis=0), args.repeat)
        print(f"order {order}, {args.samples} samples x {args.channels} channels (C order):")
        print(f"  hipmech.signal.lowpass              : {t_hip * 1e3:8.2f} ms")
        print(f"  scipy.signal.filtfilt(axis=0)       : {t_sci * 1e3:8.2f} ms")
        print(f"  ratio scipy / hipmech               : {t_sci / t_hip:8.1f}x")
        print(f"  hipmech.signal.lowpass(form='sos')  : {t_hsos * 1e3:8.2f} ms")
        print(f"  scipy.signal.sosfiltfilt(axis=0)    : {t_ssos * 1e3:8.2f} ms")
        print(f"  ratio scipy / hipmech (sos)         : {t_ssos / t_hsos:8.1f}x")


if __name__ == "__main__":
    main()
