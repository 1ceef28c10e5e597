"""The core every area uses: array arguments, errors, Side, LabAxes, missing frames.

Independent references: numpy (np.isnan, np.cross, matrix products) for the numbers; the
lab-axis conventions of Vicon (Z up, Y left) and OpenSim (Y up, Z right) for known answers.
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest

import hipmech
from hipmech import _core


def walking_points(n: int = 50) -> np.ndarray:
    t = np.arange(n) / 100.0
    return np.column_stack([1.2 * t, 0.02 * np.sin(5.6 * t), 0.95 + 0.025 * np.cos(11.3 * t)])


# --- array arguments: zero copy where the layout allows ------------------------------------


def test_c_contiguous_float64_reaches_cpp_without_copy():
    points = walking_points()
    address, copied = _core._trajectory_view(points)
    assert address == points.ctypes.data
    assert copied is False


def test_read_only_array_is_not_copied():
    points = walking_points()
    points.setflags(write=False)
    address, copied = _core._trajectory_view(points)
    assert (address, copied) == (points.ctypes.data, False)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p: np.asfortranarray(p), id="fortran-order"),
        pytest.param(lambda p: p.astype(np.float32), id="float32"),
        pytest.param(lambda p: np.round(p * 1000).astype(np.int64), id="int64"),
        pytest.param(lambda p: np.repeat(p, 2, axis=0)[::2], id="strided-rows"),
        pytest.param(lambda p: p.astype(">f8"), id="big-endian"),
        pytest.param(lambda p: p.astype(np.longdouble), id="longdouble"),
        pytest.param(lambda p: p.tolist(), id="list"),
    ],
)
def test_other_layouts_and_real_dtypes_are_converted_once(make):
    source = walking_points()
    arg = make(source)
    _, copied = _core._trajectory_view(arg)
    assert copied is True
    # The converted values are the ones numpy gives.
    expected = np.asarray(arg).astype(np.float64)
    lab = hipmech.LabAxes("Y", "X")  # identity: to_isb returns the input unchanged
    np.testing.assert_array_equal(lab.to_isb(arg), expected)


@pytest.mark.parametrize(
    ("value", "got"),
    [
        (np.zeros((10, 2)), "shape (10, 2)"),
        (np.zeros(3), "shape (3,)"),
        (np.zeros((2, 3, 1)), "shape (2, 3, 1)"),
        (np.zeros((4, 3), dtype=complex), "dtype complex128"),
        (np.zeros((4, 3), dtype=bool), "dtype bool"),
        (np.array([["a", "b", "c"]]), "dtype <U1"),
        (None, "None"),
        ([[1.0, 2.0, 3.0], [4.0]], "an object of type list that numpy cannot turn into a numeric array"),
    ],
)
def test_wrong_shape_or_dtype_raises_value_error_naming_the_argument(value, got):
    with pytest.raises(ValueError, match=r"argument 'points_lab': expected .*") as info:
        hipmech.LabAxes().to_isb(value)
    err = info.value
    assert isinstance(err, hipmech.InvalidArgumentError)
    assert err.argument == "points_lab"
    assert err.got == got


def test_nan_is_missing_data_but_infinity_is_an_error():
    points = walking_points(5)
    points[2] = np.nan
    assert _core._trajectory_view(points)[1] is False  # NaN allowed by default
    with pytest.raises(ValueError, match=r"argument 'points': expected finite values, got nan at row 2, column 0"):
        _core._trajectory_view(points, allow_nan=False)
    points[2] = [0.0, np.inf, 0.0]
    with pytest.raises(ValueError, match=r"got inf at row 2, column 1") as info:
        hipmech.count_missing_frames(points)
    assert info.value.argument == "points"


def test_empty_trajectory_is_valid():
    empty = np.zeros((0, 3))
    assert hipmech.count_missing_frames(empty) == 0
    assert hipmech.LabAxes().to_isb(empty).shape == (0, 3)


# --- errors ---------------------------------------------------------------------------------


def test_exception_hierarchy():
    assert issubclass(hipmech.InvalidArgumentError, ValueError)
    assert issubclass(hipmech.FileError, OSError)
    assert issubclass(hipmech.NumericalError, RuntimeError)


def test_cpp_exceptions_arrive_as_python_exceptions_with_their_details():
    with pytest.raises(hipmech.InvalidArgumentError) as info:
        _core._raise("invalid_argument")
    err = info.value
    assert str(err) == "argument 'hip': expected shape (n_frames, 3), got shape (4, 2)"
    assert (err.argument, err.expected, err.got) == ("hip", "shape (n_frames, 3)", "shape (4, 2)")

    with pytest.raises(OSError) as info:
        _core._raise("file")
    assert isinstance(info.value, hipmech.FileError)
    assert str(info.value) == "trial.c3d: truncated parameter section at byte 512"
    assert info.value.filename == "trial.c3d"

    with pytest.raises(RuntimeError, match="residual analysis: no convergence") as info:
        _core._raise("numerical")
    assert isinstance(info.value, hipmech.NumericalError)


def test_exceptions_survive_pickling():
    # multiprocessing and Dask send exceptions between processes.
    for kind in ("invalid_argument", "file", "numerical"):
        try:
            _core._raise(kind)
        except Exception as exc:  # noqa: BLE001
            back = pickle.loads(pickle.dumps(exc))
            assert type(back) is type(exc) and str(back) == str(exc)
            assert getattr(back, "argument", None) == getattr(exc, "argument", None)
            assert getattr(back, "filename", None) == getattr(exc, "filename", None)


def test_masked_samples_are_missing_not_dropped():
    points = walking_points(6)
    mask = np.zeros(points.shape, dtype=bool)
    mask[2, 1] = True  # one masked coordinate makes frame 2 missing
    masked = np.ma.masked_array(points, mask=mask)
    assert hipmech.count_missing_frames(masked) == 1
    np.testing.assert_array_equal(hipmech.missing_frames(masked), [False, False, True, False, False, False])
    _, copied = _core._trajectory_view(masked)
    assert copied is True


# --- missing frames -------------------------------------------------------------------------


def test_missing_frames_match_numpy():
    rng = np.random.default_rng(7)
    points = rng.normal(size=(1000, 3))
    points[rng.random(points.shape) < 0.05] = np.nan
    expected = np.isnan(points).any(axis=1)
    mask = hipmech.missing_frames(points)
    assert mask.dtype == np.bool_ and mask.shape == (1000,)
    np.testing.assert_array_equal(mask, expected)
    assert hipmech.count_missing_frames(points) == expected.sum()


# --- Side -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "side"), [("left", "LEFT"), ("L", "LEFT"), (" Right ", "RIGHT"), ("r", "RIGHT")])
def test_parse_side(text, side):
    assert hipmech.parse_side(text) is hipmech.Side[side]
    assert hipmech.parse_side(hipmech.Side[side]) is hipmech.Side[side]


@pytest.mark.parametrize("bad", ["middle", "", 1, None])
def test_parse_side_rejects_and_names_the_argument(bad):
    with pytest.raises(ValueError, match=r"argument 'stance_side': expected") as info:
        hipmech.parse_side(bad, arg="stance_side")
    assert info.value.argument == "stance_side"


def test_side_is_a_python_enum():
    import enum

    assert issubclass(hipmech.Side, enum.Enum)
    assert [s.name for s in hipmech.Side] == ["LEFT", "RIGHT"]


# --- LabAxes --------------------------------------------------------------------------------

AXES = ["+X", "-X", "+Y", "-Y", "+Z", "-Z"]


def unit(axis: str) -> np.ndarray:
    v = np.zeros(3)
    v["XYZ".index(axis[1])] = 1.0 if axis[0] == "+" else -1.0
    return v


@pytest.mark.parametrize("up", AXES)
@pytest.mark.parametrize("forward", AXES)
def test_lab_axes_against_numpy(up, forward):
    if up[1] == forward[1]:
        with pytest.raises(ValueError, match="argument 'forward'"):
            hipmech.LabAxes(up, forward)
        return
    lab = hipmech.LabAxes(up, forward)
    right = np.cross(unit(forward), unit(up))
    np.testing.assert_array_equal(unit(lab.right), right)
    R = np.vstack([unit(forward), unit(up), right])
    np.testing.assert_array_equal(lab.R_isb_lab, R)
    points = walking_points()
    points[3] = np.nan
    isb = lab.to_isb(points)
    np.testing.assert_array_equal(isb, points @ R.T)  # NaN rows stay NaN rows
    np.testing.assert_array_equal(lab.from_isb(isb), points)
    np.testing.assert_array_equal(lab.height(points), isb[:, 1])


def test_common_labs():
    vicon = hipmech.LabAxes()
    assert (vicon.up, vicon.forward, vicon.right) == ("+Z", "+X", "-Y")
    assert repr(vicon) == "LabAxes(up=+Z, forward=+X, right=-Y)"
    opensim = hipmech.LabAxes(up="Y", forward="X")
    np.testing.assert_array_equal(opensim.R_isb_lab, np.eye(3))


def test_lab_axes_value_semantics():
    a = hipmech.LabAxes("z", "-x")
    b = hipmech.LabAxes("+Z", "-X")
    assert a == b and hash(a) == hash(b)
    assert a != hipmech.LabAxes()
    assert a != "LabAxes"
    assert pickle.loads(pickle.dumps(a)) == a
    assert {a, b} == {a}


@pytest.mark.parametrize(("up", "forward", "arg"), [("W", "X", "up"), ("Z", "Z", "forward"), ("Z", "-z", "forward"), ("Z", "", "forward")])
def test_lab_axes_bad_input(up, forward, arg):
    with pytest.raises(ValueError, match=f"argument '{arg}'"):
        hipmech.LabAxes(up, forward)


def test_concurrent_calls_from_threads_agree():
    # Whole-trial calls release the GIL; several threads on shared and private arrays must give
    # the numbers a single thread gives.
    from concurrent.futures import ThreadPoolExecutor

    shared = walking_points(200_000)
    lab = hipmech.LabAxes("Z", "-X")
    expected = shared @ lab.R_isb_lab.T
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: lab.to_isb(shared), range(16)))
    for r in results:
        np.testing.assert_array_equal(r, expected)
