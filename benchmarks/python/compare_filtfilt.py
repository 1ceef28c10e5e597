"""Zero-lag Butterworth on channels: hipmech.signal.lowpass against scipy.signal.filtfilt.

    .venv/bin/python benchmarks/python/compare_filtfilt.py [--samples 10000] [--channels 100]
        [--repeat 15] [--quick]

Both filter the same (samples, channels) float64 array along axis 0 with the same order-2
and order-4 Butterworth (6 Hz at 100 Hz) and give the same numbers (checked here first, and in
tests/python/test_signal.py and test_signal_layout.py). The array is timed in C order and in
Fortran order (what ``pandas.DataFrame.to_numpy()`` returns), which hipmech reads in place
(bit-identical results). Best of --repeat runs each. Prints the times and the ratio
scipy / hipmech (above 1: hipmech is faster) per layout; the signal issue requires at least 2
at 10,000 samples by 100 channels.
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
    parser.add_argument("--quick", action="store_true",
                        help="1,000 x 20, one repetition: the smoke pass of the test command")
    args = parser.parse_args()
    if args.quick:
        args.samples, args.channels, args.repeat = 1000, 20, 1
    rng = np.random.default_rng(0)
    x = np.cumsum(rng.normal(size=(args.samples, args.channels)), axis=0)
    layouts = {"C order": np.ascontiguousarray(x), "Fortran order": np.asfortranarray(x)}
    rate, fc = 100.0, 6.0
    for order in (2, 4):
        b, a = ss.butter(order, fc / (rate / 2))
        sos = ss.butter(order, fc / (rate / 2), output="sos")
        reference = hs.lowpass(layouts["C order"], rate, fc, order=order)
        np.testing.assert_allclose(reference, ss.filtfilt(b, a, x, axis=0), rtol=0,
                                   atol=1e-10 * np.abs(x).max())
        print(f"order {order}, {args.samples} samples x {args.channels} channels:")
        for name, v in layouts.items():
            # Every layout is read in place and gives the C-order result bit for bit.
            np.testing.assert_array_equal(hs.lowpass(v, rate, fc, order=order), reference)
            t_hip = best(lambda: hs.lowpass(v, rate, fc, order=order), args.repeat)
            t_sci = best(lambda: ss.filtfilt(b, a, v, axis=0), args.repeat)
            t_hsos = best(lambda: hs.lowpass(v, rate, fc, order=order, form="sos"), args.repeat)
            t_ssos = best(lambda: ss.sosfiltfilt(sos, v, axis=0), args.repeat)
            print(f"  {name}:")
            print(f"    hipmech.signal.lowpass              : {t_hip * 1e3:8.2f} ms")
            print(f"    scipy.signal.filtfilt(axis=0)       : {t_sci * 1e3:8.2f} ms")
            print(f"    ratio scipy / hipmech               : {t_sci / t_hip:8.1f}x")
            print(f"    hipmech.signal.lowpass(form='sos')  : {t_hsos * 1e3:8.2f} ms")
            print(f"    scipy.signal.sosfiltfilt(axis=0)    : {t_ssos * 1e3:8.2f} ms")
            print(f"    ratio scipy / hipmech (sos)         : {t_ssos / t_hsos:8.1f}x")


if __name__ == "__main__":
    main()
