"""The filters and derivatives read every float64 layout in place (issue 22, part 3).

C order, Fortran order (what ``pandas.DataFrame.to_numpy()`` returns), strided slices and
non-contiguous views must give the same numbers, bit for bit, as the C-ordered copy of the
same values: each channel is filtered with the same arithmetic whatever the layout. The
C-ordered result itself is checked against scipy.signal (the oracle of tests/python/
test_signal.py); here scipy checks the Fortran-ordered case directly too.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.signal as ss

import hipmech.signal as hs


def _data(n: int = 240, k: int = 7) -> np.ndarray:
    rng = np.random.default_rng(22)
    return np.cumsum(rng.normal(size=(n, k)), axis=0)


def _layouts(x: np.ndarray) -> dict[str, np.ndarray]:
    """The same (n, k) values in several memory layouts."""
    n, k = x.shape
    big = np.zeros((2 * n, 3 * k))
    big[::2, ::3] = x
    bigf = np.asfortranarray(np.zeros((n + 5, k + 2)))
    bigf[2:n + 2, 1:k + 1] = x
    return {
        "C": np.ascontiguousarray(x),
        "F": np.asfortranarray(x),
        "strided rows and columns": big[::2, ::3],
        "F slice (column subset)": bigf[2:n + 2, 1:k + 1],
        "transposed view": np.ascontiguousarray(x.T).T,
        "pandas to_numpy": pytest.importorskip("pandas").DataFrame(x).to_numpy(),
    }


CALLS = {
    "lowpass": lambda x: hs.lowpass(x, 100.0, 6.0),
    "lowpass order 4 sos": lambda x: hs.lowpass(x, 100.0, 6.0, order=4, form="sos"),
    "highpass pass-corrected": lambda x: hs.highpass(x, 100.0, 1.0, pass_correction=True),
    "filtfilt": lambda x: hs.filtfilt(*ss.butter(2, 0.12), x),
    "sosfiltfilt": lambda x: hs.sosfiltfilt(ss.butter(3, 0.2, output="sos"), x),
    "derivative 1": lambda x: hs.derivative(x, 100.0, 1),
    "derivative 2": lambda x: hs.derivative(x, 100.0, 2),
    "residual_analysis": lambda x: hs.residual_analysis(x, 100.0).residuals,
    "time_normalise": lambda x: hs.time_normalise(x, 3.5, 200.0),
    "fill_gaps": lambda x: hs.fill_gaps(x, max_gap=5).values,
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_every_layout_gives_the_c_order_result_bit_for_bit(name):
    x = _data()
    fn = CALLS[name]
    expected = fn(np.ascontiguousarray(x))
    for layout, v in _layouts(x).items():
        np.testing.assert_array_equal(v, x)  # the same values, another layout
        got = fn(v)
        assert got.shape == expected.shape, layout
        np.testing.assert_array_equal(got, expected, err_msg=f"{name}, {layout}")


def test_fortran_order_matches_scipy():
    # Oracle: scipy.signal.filtfilt / sosfiltfilt along axis 0 (default odd padding).
    x = np.asfortranarray(_data(500, 5))
    b, a = ss.butter(2, 6.0 / 50.0)
    np.testing.assert_allclose(hs.lowpass(x, 100.0, 6.0), ss.filtfilt(b, a, x, axis=0),
                               rtol=0, atol=1e-10 * np.abs(x).max())
    sos = ss.butter(4, 6.0 / 50.0, output="sos")
    np.testing.assert_allclose(hs.lowpass(x, 100.0, 6.0, order=4, form="sos"),
                               ss.sosfiltfilt(sos, x, axis=0), rtol=0,
                               atol=1e-10 * np.abs(x).max())
    # numpy.gradient(edge_order=2) is the documented equal of the first derivative.
    np.testing.assert_allclose(hs.derivative(x, 100.0), np.gradient(x, 0.01, axis=0,
                                                                     edge_order=2),
                               rtol=1e-12, atol=1e-9)


def test_one_d_strided_and_nan_runs():
    x = _data(300, 2)
    series = x[:, 1]  # a non-contiguous (n,) column view
    assert not series.flags.c_contiguous
    np.testing.assert_array_equal(hs.lowpass(series, 100.0, 6.0),
                                  hs.lowpass(series.copy(), 100.0, 6.0))
    y = np.asfortranarray(x)
    y[40:45, 0] = np.nan
    c = hs.lowpass(np.ascontiguousarray(y), 100.0, 6.0, nan="runs")
    f = hs.lowpass(y, 100.0, 6.0, nan="runs")
    np.testing.assert_array_equal(f, c)
    assert np.isnan(f[40:45, 0]).all() and np.isfinite(f[:, 1]).all()
    with pytest.raises(ValueError, match="data"):
        hs.lowpass(y, 100.0, 6.0)


def test_the_input_is_not_modified_and_other_dtypes_still_work():
    x = np.asfortranarray(_data(100, 3))
    before = x.copy()
    hs.lowpass(x, 100.0, 6.0)
    hs.derivative(x, 100.0, 2)
    np.testing.assert_array_equal(x, before)
    np.testing.assert_array_equal(hs.lowpass(x.astype(np.float32), 100.0, 6.0),
                                  hs.lowpass(x.astype(np.float32).astype(np.float64), 100.0,
                                             6.0))
    big_endian = x.astype(">f8")
    np.testing.assert_array_equal(hs.lowpass(big_endian, 100.0, 6.0), hs.lowpass(x, 100.0, 6.0))
    masked = np.ma.masked_array(x, mask=np.zeros_like(x, dtype=bool))
    masked.mask[10, 1] = True
    out = hs.derivative(masked, 100.0)
    assert np.isnan(out[9:12, 1]).any()
