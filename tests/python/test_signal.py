"""hipmech.signal against scipy and numpy: Butterworth design and zero-lag filtering
(scipy.signal.butter/filtfilt/sosfiltfilt/freqz), derivatives (numpy.gradient), gap filling
(numpy.interp, scipy.interpolate.CubicSpline), time normalisation (numpy.interp), residual
analysis on signals with known white noise, NaN policy and bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.signal as ss
from scipy.interpolate import CubicSpline

import hipmech
import hipmech.signal as hs


def _random_signal(rng, n, k):
    t = np.arange(n)[:, None]
    x = np.zeros((n, k))
    for _ in range(4):
        x += rng.uniform(0.2, 2) * np.sin(rng.uniform(0.001, 0.3) * t + rng.uniform(0, 6, k))
    return x + rng.normal(0, 0.1, (n, k)) + rng.uniform(-5, 5, k)


CASES = [(seed, 1 + seed % 6) for seed in range(24)]


@pytest.mark.parametrize("seed,order", CASES)
def test_lowpass_equals_scipy_filtfilt(seed, order):
    # scipy.signal.filtfilt(*butter(N, fc / (fs / 2)), x, axis=0): same default odd padding
    # (3 * max(len(a), len(b))) and lfilter_zi initial conditions. Cut-offs of 0.1-0.8 Nyquist,
    # where the transfer-function form keeps its digits (see test_sos_* for lower ones).
    rng = np.random.default_rng(seed)
    rate = float(rng.choice([100.0, 200.0, 1000.0]))
    wn = rng.uniform(0.1, 0.8)
    n, k = int(rng.integers(60, 3000)), int(rng.integers(1, 12))
    x = _random_signal(rng, n, k)
    expected = ss.filtfilt(*ss.butter(order, wn), x, axis=0)
    got = hs.lowpass(x, rate, wn * rate / 2, order=order)
    assert got.shape == x.shape
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-10)
    # one column as a series keeps its (n,) shape
    np.testing.assert_allclose(hs.lowpass(x[:, 0], rate, wn * rate / 2, order=order),
                               expected[:, 0], rtol=0, atol=1e-10)
    # high-pass likewise
    hp = ss.filtfilt(*ss.butter(order, wn, "highpass"), x, axis=0)
    np.testing.assert_allclose(hs.highpass(x, rate, wn * rate / 2, order=order), hp,
                               rtol=0, atol=1e-10)


@pytest.mark.parametrize("order", [7, 8])
def test_high_orders_at_ordinary_cutoffs_equal_scipy(order):
    rng = np.random.default_rng(order)
    x = _random_signal(rng, 2000, 5)
    # Tolerance 1e-10 of the data's peak magnitude: at order 8 the transfer function amplifies
    # rounding (scipy's own result differs from the exact sosfiltfilt one by as much).
    for fc in (6.0, 10.0, 25.0):  # at 100 Hz: Wn = 0.12, 0.2, 0.5
        expected = ss.filtfilt(*ss.butter(order, fc / 50), x, axis=0)
        np.testing.assert_allclose(hs.lowpass(x, 100.0, fc, order=order), expected, rtol=0,
                                   atol=1e-10 * np.abs(x).max())


def test_coefficients_equal_scipy_butter():
    for order in range(1, 9):
        for wn in (0.02, 0.12, 0.5, 0.9):
            for btype in ("lowpass", "highpass"):
                b, a = hs.butter(order, wn * 50, 100.0, btype)
                eb, ea = ss.butter(order, wn, btype)
                # a's exact zeros (Wn = 0.5) come out as +-1e-16 in both
                np.testing.assert_allclose(b, eb, rtol=1e-13, atol=1e-15)
                np.testing.assert_allclose(a, ea, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("order", range(1, 9))
def test_sos_form_equals_scipy_sosfiltfilt(order):
    rng = np.random.default_rng(100 + order)
    x = _random_signal(rng, 1500, 4)
    for wn in (0.01, 0.04, 0.2, 0.7):
        sos = ss.butter(order, wn, output="sos")
        expected = ss.sosfiltfilt(sos, x, axis=0)
        got = hs.lowpass(x, 100.0, wn * 50, order=order, form="sos")
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-11)
        # our sections are a valid factorisation of the same filter
        np.testing.assert_allclose(hs.sosfiltfilt(hs.butter(order, wn * 50, 100.0, output="sos"),
                                                  x), expected, rtol=0, atol=1e-11)


def test_transfer_function_form_refuses_unreliable_designs():
    x = _random_signal(np.random.default_rng(1), 500, 2)
    with pytest.raises(hipmech.NumericalError, match="form='sos'"):
        hs.lowpass(x, 100.0, 1.0, order=8)  # Wn = 0.02: scipy's b, a are off by 6e-6 here
    assert np.isfinite(hs.lowpass(x, 100.0, 1.0, order=8, form="sos")).all()


def test_trajectory_is_filtered_column_by_column():
    rng = np.random.default_rng(5)
    traj = _random_signal(rng, 400, 3)
    got = hs.lowpass(traj, 100.0, 6.0)
    for c in range(3):
        np.testing.assert_allclose(got[:, c], ss.filtfilt(*ss.butter(2, 0.12), traj[:, c]),
                                   rtol=0, atol=1e-12)
    # Fortran order, float32 and lists are converted
    np.testing.assert_allclose(hs.lowpass(np.asfortranarray(traj), 100.0, 6.0), got, atol=1e-15)
    np.testing.assert_allclose(hs.lowpass(traj.tolist(), 100.0, 6.0), got, atol=1e-15)


@pytest.mark.parametrize("order", [1, 2, 4])
def test_pass_correction_puts_the_zero_lag_minus_3db_point_at_the_cutoff(order):
    # Independent check with scipy.signal.freqz: two passes multiply the gain, so the zero-lag
    # filter's amplitude gain is |H|^2, which must be 1/sqrt(2) at the requested cut-off.
    rate, fc = 100.0, 6.0
    r = hs.zero_lag_filter(np.zeros(100), rate, fc, order=order, pass_correction=True)
    _, h = ss.freqz(r["b"], r["a"], worN=[fc], fs=rate)
    assert abs(abs(h[0]) ** 2 - 1 / np.sqrt(2)) < 1e-12
    c = (2 ** 0.5 - 1) ** (1 / (2 * order))
    assert hs.pass_correction_factor(order) == pytest.approx(c, rel=1e-15)
    expected = rate / np.pi * np.arctan(np.tan(np.pi * fc / rate) / c)
    assert r["design_cutoff_hz"] == pytest.approx(expected, rel=1e-14)
    # Winter's second-order value
    assert hs.pass_correction_factor(2) == pytest.approx(0.802, abs=5e-4)
    # high-pass: the correction lowers the design cut-off
    h_design = hs.corrected_cutoff_hz(fc, rate, order, "highpass")
    _, hh = ss.freqz(*ss.butter(order, h_design / 50, "highpass"), worN=[fc], fs=rate)
    assert abs(abs(hh[0]) ** 2 - 1 / np.sqrt(2)) < 1e-12


def test_nan_is_refused_with_the_gaps_listed():
    x = _random_signal(np.random.default_rng(2), 100, 3)
    x[10:13, 0] = np.nan
    x[40, 0] = np.nan
    x[70, 2] = np.nan
    with pytest.raises(hipmech.InvalidArgumentError) as e:
        hs.lowpass(x, 100.0, 6.0)
    assert e.value.argument == "data"
    assert "channel 0: frames 10-12, 40; channel 2: frames 70" in str(e.value)
    assert "nan='runs'" in str(e.value)
    assert isinstance(e.value, ValueError)


def test_nan_runs_filters_each_run_and_reports_short_ones():
    x = _random_signal(np.random.default_rng(3), 300, 3)
    x[100:103, 1] = np.nan  # column 1: runs 0-99 and 103-299
    x[5, 2] = np.nan        # column 2: run 0-4 too short for order 2 (needs 10)
    ba = ss.butter(2, 0.16)
    with pytest.warns(hs.ShortRunWarning, match="channel 2 frames 0-4"):
        y = hs.lowpass(x, 100.0, 8.0, nan="runs")
    np.testing.assert_allclose(y[:, 0], ss.filtfilt(*ba, x[:, 0]), atol=1e-12)
    np.testing.assert_allclose(y[:100, 1], ss.filtfilt(*ba, x[:100, 1]), atol=1e-12)
    np.testing.assert_allclose(y[103:, 1], ss.filtfilt(*ba, x[103:, 1]), atol=1e-12)
    assert np.isnan(y[100:103, 1]).all() and np.isnan(y[:6, 2]).all()
    np.testing.assert_allclose(y[6:, 2], ss.filtfilt(*ba, x[6:, 2]), atol=1e-12)


@pytest.mark.parametrize(
    "kwargs,argument",
    [
        (dict(rate_hz=0.0), "rate_hz"),
        (dict(rate_hz=-100.0), "rate_hz"),
        (dict(cutoff_hz=50.0), "cutoff_hz"),
        (dict(cutoff_hz=0.0), "cutoff_hz"),
        (dict(cutoff_hz=float("nan")), "cutoff_hz"),
        (dict(order=0), "order"),
        (dict(nan="drop"), "nan"),
        (dict(form="zpk"), "form"),
    ],
)
def test_lowpass_bad_arguments(kwargs, argument):
    args = dict(data=np.zeros(50), rate_hz=100.0, cutoff_hz=6.0) | kwargs
    with pytest.raises(ValueError) as e:
        hs.lowpass(**args)
    assert e.value.argument == argument


def test_lowpass_bad_data():
    with pytest.raises(ValueError, match="at least 16 samples") as e:
        hs.lowpass(np.zeros(15), 100.0, 6.0, order=4)
    assert e.value.argument == "data"
    with pytest.raises(ValueError, match="row 2"):
        hs.lowpass(np.array([0, 1, np.inf] + [0] * 20), 100.0, 6.0)
    with pytest.raises(ValueError, match="shape"):
        hs.lowpass(np.zeros((5, 5, 5)), 100.0, 6.0)
    with pytest.raises(ValueError, match="dtype"):
        hs.lowpass(np.array(["a"] * 20), 100.0, 6.0)


def test_residual_analysis_with_known_noise():
    # Sines at 1, 2.5 and 4 Hz plus white Gaussian noise of known SD: the noise line's
    # intercept estimates the SD (tolerance 5 %), and the chosen cut-off lies above the top
    # signal frequency (4 Hz) and below the noise-only fit range (Winter 2009, 3.4.4.3).
    rate, n = 200.0, 4000
    t = np.arange(n) / rate
    s = (np.sin(2 * np.pi * t) + 0.5 * np.sin(2 * np.pi * 2.5 * t + 1)
         + 0.3 * np.sin(2 * np.pi * 4 * t + 2))
    rng = np.random.default_rng(7)
    sds = np.array([0.01, 0.03, 0.1])
    x = s[:, None] + rng.normal(0, 1, (n, 3)) * sds
    r = hs.residual_analysis(x, rate)
    np.testing.assert_allclose(r.intercept, sds, rtol=0.05)
    assert (r.cutoff_hz > 4.0).all() and (r.cutoff_hz < r.fit_range_hz[0]).all()
    assert r.cutoff_hz[0] > r.cutoff_hz[1] > r.cutoff_hz[2]  # more noise: lower cut-off
    # residuals against scipy at two grid points
    for i in (3, 40):
        fc = r.cutoffs_hz[i]
        ref = np.sqrt(np.mean((x - ss.filtfilt(*ss.butter(2, fc / 100), x, axis=0)) ** 2, axis=0))
        np.testing.assert_allclose(r.residuals[i], ref, rtol=1e-10)
    # the line: numpy.polyfit over the fit range
    m = (r.cutoffs_hz >= r.fit_range_hz[0] - 1e-9) & (r.cutoffs_hz <= r.fit_range_hz[1] + 1e-9)
    slope, intercept = np.polyfit(r.cutoffs_hz[m], r.residuals[m, 1], 1)
    assert r.intercept[1] == pytest.approx(intercept, rel=1e-10)
    assert r.slope[1] == pytest.approx(slope, rel=1e-8)
    # a series gives scalars
    r1 = hs.residual_analysis(x[:, 1], rate)
    assert isinstance(r1.cutoff_hz, float) and r1.cutoff_hz == pytest.approx(r.cutoff_hz[1])


def test_residual_analysis_bad_input():
    x = np.sin(np.arange(300) / 10.0)
    with pytest.raises(ValueError) as e:
        hs.residual_analysis(x, 100.0, cutoffs_hz=[5.0, 4.0, 6.0])
    assert e.value.argument == "cutoffs_hz"
    with pytest.raises(ValueError) as e:
        hs.residual_analysis(x, 100.0, fit_range_hz=(45.0, 46.0))
    assert e.value.argument == "fit_from_hz"
    y = x.copy()
    y[3] = np.nan
    with pytest.raises(ValueError, match="frames 3"):
        hs.residual_analysis(y, 100.0)


def test_derivative_equals_numpy_gradient_and_polynomials():
    rng = np.random.default_rng(11)
    x = rng.normal(size=(200, 4))
    rate = 120.0
    np.testing.assert_allclose(hs.derivative(x, rate),
                               np.gradient(x, 1 / rate, axis=0, edge_order=2), rtol=1e-12,
                               atol=1e-9)
    d2 = hs.derivative(x, rate, order=2)
    np.testing.assert_allclose(d2[1:-1], np.diff(x, 2, axis=0) * rate ** 2, rtol=1e-12, atol=1e-7)
    t = np.arange(50) / rate
    cubic = 1 - 2 * t + 3 * t ** 2 - 4 * t ** 3
    np.testing.assert_allclose(hs.derivative(cubic, rate, 2), 6 - 24 * t, atol=1e-7)
    quad = 1 - 2 * t + 3 * t ** 2
    np.testing.assert_allclose(hs.derivative(quad, rate), -2 + 6 * t, atol=1e-10)
    # sin to O(h^2): the error falls 4x when h halves
    errs = []
    for r in (100.0, 200.0):
        tt = np.arange(int(r)) / r
        errs.append(np.abs(hs.derivative(np.sin(3 * tt), r) - 3 * np.cos(3 * tt)).max())
    assert errs[0] / errs[1] == pytest.approx(4.0, rel=0.1)


def test_derivative_nan_and_bad_input():
    x = np.arange(10.0)
    x[5] = np.nan
    d = hs.derivative(x, 1.0)
    assert np.isnan(d[[4, 6]]).all() and d[5] == 1.0 and np.isfinite(d[[0, 3, 7, 9]]).all()
    with pytest.raises(ValueError) as e:
        hs.derivative(np.zeros(3), 100.0, order=2)
    assert e.value.argument == "data"
    with pytest.raises(ValueError) as e:
        hs.derivative(np.zeros(10), 100.0, order=3)
    assert e.value.argument == "order"


def _holed(rng, n=300):
    t = np.arange(n)
    x = np.column_stack([np.sin(t / 15.0), np.cos(t / 7.0) + t / 100, t ** 0.5])
    x[0:3] = np.nan                 # leading
    x[50:54, 1] = np.nan            # 4 frames (frame-wise: the whole frame is missing)
    x[120:140] = np.nan             # 20 frames: too long for max_gap=10
    x[200, 0] = np.nan              # 1 frame
    x[296:] = np.nan                # trailing
    return x


def test_find_gaps():
    x = _holed(np.random.default_rng(0))
    gaps = hs.find_gaps(x)
    assert [(g.first, g.length) for g in gaps] == [(0, 3), (50, 4), (120, 20), (200, 1), (296, 4)]
    assert gaps[0].leading and gaps[-1].trailing and gaps[1].interior
    per = hs.find_gaps(x, per_channel=True)
    assert [(g.channel, g.first) for g in per if g.channel == 1] == [(1, 0), (1, 50), (1, 120),
                                                                  (1, 296)]
    assert hs.find_gaps(np.zeros(5)) == []


@pytest.mark.parametrize("method", ["linear", "cubic"])
def test_fill_gaps_equals_numpy_interp_and_cubic_spline(method):
    x = _holed(np.random.default_rng(0))
    n = len(x)
    filled, gaps = hs.fill_gaps(x, method, max_gap=10)
    missing = np.isnan(x).any(axis=1)
    valid = np.flatnonzero(~missing)
    frames = np.arange(n)
    for c in range(3):
        if method == "linear":
            ref = np.interp(frames, valid, x[valid, c])
        else:  # the spline through every valid frame, not-a-knot (CubicSpline's default)
            ref = CubicSpline(valid, x[valid, c])(frames)
        for g in gaps:
            sl = slice(g.first, g.stop)
            if g.filled:
                np.testing.assert_allclose(filled[sl, c], ref[sl], rtol=0, atol=1e-10)
            else:
                assert np.isnan(filled[sl, c]).all()
        np.testing.assert_array_equal(filled[~missing, c], x[~missing, c])
    assert [g.filled for g in gaps] == [False, True, False, True, False]


def test_fill_gaps_per_channel_and_bad_input():
    x = _holed(np.random.default_rng(0))
    r = hs.fill_gaps(x, "cubic", max_gap=10, per_channel=True)
    assert r.values[52, 0] == x[52, 0]  # valid coordinates are kept per channel
    valid = np.flatnonzero(~np.isnan(x[:, 1]))
    ref = CubicSpline(valid, x[valid, 1])(np.arange(50, 54))
    np.testing.assert_allclose(r.values[50:54, 1], ref, atol=1e-10)
    assert {(g.channel, g.first) for g in r.unfilled} >= {(0, 0), (1, 120)}
    s = hs.fill_gaps(x[:, 0], max_gap=10)
    assert s.values.shape == (len(x),)
    with pytest.raises(ValueError) as e:
        hs.fill_gaps(x, "nearest", max_gap=3)
    assert e.value.argument == "method"
    with pytest.raises(ValueError) as e:
        hs.fill_gaps(x, max_gap=-1)
    assert e.value.argument == "max_gap"
    with pytest.raises(TypeError):
        hs.fill_gaps(x)  # max_gap is required


def test_time_normalise_equals_numpy_interp():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(120, 3))
    begin, end = 10.3, 97.8
    got = hs.time_normalise(x, begin, end)
    t = np.linspace(begin, end, 101)
    assert got.shape == (101, 3)
    for c in range(3):
        np.testing.assert_allclose(got[:, c], np.interp(t, np.arange(120), x[:, c]), atol=1e-13)
    cycles = [(0, 40), (40, 85.5), (85.5, 119)]
    many = hs.time_normalise(x, cycles, n_points=51)
    assert many.shape == (3, 51, 3)
    for i, (b, e) in enumerate(cycles):
        np.testing.assert_allclose(many[i], hs.time_normalise(x, b, e, n_points=51), atol=0)
    assert hs.time_normalise(x[:, 0], cycles).shape == (3, 101)


def test_time_normalise_nan_and_bad_input():
    x = np.arange(11.0)
    x[5] = np.nan
    y = hs.time_normalise(x, 0, 10, n_points=21)
    assert np.isnan(y[[9, 10, 11]]).all()
    np.testing.assert_allclose(y[[8, 12]], [4.0, 6.0])
    with pytest.raises(ValueError) as e:
        hs.time_normalise(x, 5, 2)
    assert e.value.argument == "end"
    with pytest.raises(ValueError) as e:
        hs.time_normalise(x, [(0, 4), (3, 12)])
    assert e.value.argument == "cycles[1].end"
    with pytest.raises(ValueError) as e:
        hs.time_normalise(x, 3)
    assert e.value.argument == "begin"


def test_gil_is_released_and_results_own_memory():
    x = np.random.default_rng(0).normal(size=(1000, 10))
    y = hs.lowpass(x, 100.0, 6.0)
    assert y.flags.c_contiguous and y.flags.writeable and y.base is not None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        hs.lowpass(x, 100.0, 6.0, nan="runs")  # no NaN: no warning
