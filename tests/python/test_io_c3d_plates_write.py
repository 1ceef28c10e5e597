"""write_c3d writes ``Trial.force_plates`` (issue 21): plates added, removed, retyped or edited
in Python reach the file, for all four C3D plate types.

Validation: a known wrench (force, centre of pressure, free moment, built by hand in the plate
frame from the C3D user guide's FORCE_PLATFORM definitions) written as a plate of each type is
read back by hipmech and by ezc3d (an independent reader, test-only) with that wrench; the real
trials' plates as read are written with their channels bit for bit.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

import hipmech.io as hio


def _ezc3d_check():
    """test_io_c3d's comparison with ezc3d (pytest imports test files by path: importlib)."""
    spec = importlib.util.spec_from_file_location(
        "_test_io_c3d_shared", Path(__file__).with_name("test_io_c3d.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # skips this file too when ezc3d is not installed
    return module.assert_matches_ezc3d


assert_matches_ezc3d = _ezc3d_check()

STAIR = ("pycgm_pig_stair", "Movement_trial.c3d")

# Plate 600 x 400 mm centred at (1, 2, 0) m, plate x along lab +x, y along lab -y, z down.
R = np.array([[1.0, 0, 0], [0, -1, 0], [0, 0, -1]]).T  # columns: plate axes in the lab
CENTRE = np.array([1.0, 2.0, 0.0])
CORNERS = CENTRE + np.array([[0.3, 0.2, 0], [-0.3, 0.2, 0], [-0.3, -0.2, 0],
                             [0.3, -0.2, 0]]) @ R.T
FORCE = np.array([30.0, -20.0, 800.0])
COP = CENTRE + [0.10, 0.05, 0.0]
FREE = 5.0
DEPTH = 0.04
CAL = np.eye(6) + 0.01 * np.arange(36).reshape(6, 6) / 36


def known_plate(plate_type: int, n: int = 8) -> hio.ForcePlate:
    """The wrench above on a plate of `plate_type`, moment about the transducer origin DEPTH
    below the surface centre; sample 1 at 0.1 % load (below the 10 N threshold)."""
    origin_lab = CENTRE - [0, 0, DEPTH]
    moment = np.cross(COP - origin_lab, FORCE) + [0, 0, FREE]
    scale = np.ones((n, 1))
    scale[1] = 1e-3
    origin = [0.12, 0.2, -DEPTH] if plate_type == 3 else [0, 0, DEPTH]
    return hio.ForcePlate.from_wrench(plate_type, CORNERS, FORCE * scale, moment * scale,
                                      origin_m=origin,
                                      calibration=CAL if plate_type == 4 else None)


def markers_only(n_frames: int = 4) -> hio.Trial:
    t = hio.Trial(point_rate_hz=100.0)
    t.markers["M"] = np.zeros((n_frames, 3))
    t.units_original["M"] = "mm"
    return t


def test_from_wrench_gives_the_wrench_back():
    for plate_type in (1, 2, 3, 4):
        p = known_plate(plate_type)
        np.testing.assert_allclose(p.cop_m[0], COP, atol=1e-12)
        np.testing.assert_allclose(p.free_moment_nm[0], [0, 0, FREE], atol=1e-12)
        np.testing.assert_allclose(p.R_lab_plate, R, atol=1e-15)
        np.testing.assert_allclose(p.origin_lab_m, CENTRE - [0, 0, DEPTH], atol=1e-15)
        assert np.isnan(p.cop_m[1]).all() and p.channels == []


@pytest.mark.parametrize("plate_type", [1, 2, 3, 4])
@pytest.mark.parametrize("integer_format", [False, True])
def test_a_plate_built_in_python_is_written_and_read_back(tmp_path, plate_type,
                                                          integer_format):
    # The case: a trial built with ForcePlate(type=2, ...) read back with no plate.
    t = markers_only()
    t.force_plates = [known_plate(plate_type)]
    out = tmp_path / f"type{plate_type}.c3d"
    hio.write_c3d(t, out, integer_format=integer_format)
    r = hio.read_c3d(out)
    assert len(r.force_plates) == 1
    fp = r.force_plates[0]
    assert fp.type == plate_type and r.analog.rate_hz == 200.0
    assert fp.channels == list(range(1, 9 if plate_type == 3 else 7))
    # float32 storage; 16-bit integers: steps of each channel's largest value / 32000.
    tol = 0.1 if integer_format else 1e-3
    np.testing.assert_allclose(fp.force_n[0], FORCE, atol=tol)
    np.testing.assert_allclose(fp.cop_m[0], COP, atol=1e-3 if integer_format else 1e-6)
    np.testing.assert_allclose(fp.free_moment_nm[0], [0, 0, FREE], atol=tol)
    assert np.isnan(fp.cop_m[1]).all()
    # An independent reader decodes the same plate from the same channels.
    assert_matches_ezc3d(r, out, atol_force=tol)


def test_real_plates_as_read_keep_their_channels_bit_for_bit(validation_dir, tmp_path):
    for folder, name in [STAIR, ("biomechzoo_pig_child", "HC030A01.c3d")]:
        t = hio.read_c3d(validation_dir / folder / name)
        assert t.force_plates
        hio.write_c3d(t, tmp_path / name)
        r = hio.read_c3d(tmp_path / name)
        np.testing.assert_array_equal(r.analog.values, t.analog.values)
        for a, b in zip(t.force_plates, r.force_plates):
            assert a.channels == b.channels and a.type == b.type
            np.testing.assert_array_equal(a.force_n, b.force_n)


def test_removing_retyping_and_editing_real_plates(validation_dir, tmp_path):
    t = hio.read_c3d(validation_dir.joinpath(*STAIR))
    n_channels = len(t.analog.names)
    # Removed: two plates are left; the channels of the others stay as analog channels.
    removed = hio.read_c3d(validation_dir.joinpath(*STAIR))
    removed.force_plates = removed.force_plates[:2]
    hio.write_c3d(removed, tmp_path / "removed.c3d")
    r = hio.read_c3d(tmp_path / "removed.c3d")
    assert len(r.force_plates) == 2 and len(r.analog.names) == n_channels
    np.testing.assert_array_equal(r.analog.values, t.analog.values)
    # Retyped: plate 1 as a type-4 plate on its own channels (the calibration's inverse).
    # Edited: plate 2 with twice its force and moment, in place.
    edited = hio.read_c3d(validation_dir.joinpath(*STAIR))
    p1, p2 = edited.force_plates[1], edited.force_plates[2]
    retyped = hio.ForcePlate.from_wrench(4, p1.corners_m, p1.force_n, p1.moment_nm,
                                         origin_m=p1.origin_m, calibration=CAL)
    retyped.channels = p1.channels
    doubled = hio.ForcePlate.from_wrench(2, p2.corners_m, 2 * p2.force_n, 2 * p2.moment_nm,
                                         origin_m=p2.origin_m)
    doubled.channels = p2.channels
    edited.force_plates[1:3] = [retyped, doubled]
    hio.write_c3d(edited, tmp_path / "edited.c3d")
    r = hio.read_c3d(tmp_path / "edited.c3d")
    assert [p.type for p in r.force_plates] == [2, 4, 2, 2]
    assert len(r.analog.names) == n_channels
    peak = np.abs(t.force_plates[1].force_n).max()
    np.testing.assert_allclose(r.force_plates[1].force_n, t.force_plates[1].force_n,
                               atol=1e-6 * peak)
    np.testing.assert_allclose(r.force_plates[2].force_n, 2 * t.force_plates[2].force_n,
                               atol=2e-6 * peak)
    np.testing.assert_allclose(r.force_plates[2].moment_nm, 2 * t.force_plates[2].moment_nm,
                               atol=1e-6 * np.abs(t.force_plates[2].moment_nm).max())
    for k in (0, 3):  # untouched plates: untouched channels
        cols = np.array(t.force_plates[k].channels) - 1
        np.testing.assert_array_equal(r.analog.values[:, cols], t.analog.values[:, cols])
    assert_matches_ezc3d(r, tmp_path / "edited.c3d", atol_force=1e-3)


def test_an_empty_list_keeps_the_force_platform_parameters(validation_dir, tmp_path):
    # Documented: no plates given -> FORCE_PLATFORM as the parameters describe it.
    t = hio.read_c3d(validation_dir.joinpath(*STAIR))
    t.force_plates = []
    hio.write_c3d(t, tmp_path / "kept.c3d")
    assert len(hio.read_c3d(tmp_path / "kept.c3d").force_plates) == 4
    t.parameters["FORCE_PLATFORM"]["USED"].value[0] = 0
    hio.write_c3d(t, tmp_path / "none.c3d")
    assert hio.read_c3d(tmp_path / "none.c3d").force_plates == []


@pytest.mark.parametrize("edit, field", [
    (lambda p: p.cop_m.__setitem__((0, 0), p.cop_m[0, 0] + 0.05), "cop_m"),
    (lambda p: p.free_moment_nm.__setitem__((0, 2), 7.0), "free_moment_nm"),
    (lambda p: setattr(p, "R_lab_plate", np.eye(3)), "R_lab_plate"),
    (lambda p: setattr(p, "origin_lab_m", np.zeros(3)), "origin_lab_m"),
    (lambda p: setattr(p, "channels", [1, 2, 3]), "channels"),
    (lambda p: setattr(p, "channels", "123456"), "channels"),
    (lambda p: setattr(p, "calibration", np.eye(6)), "calibration"),
    (lambda p: setattr(p, "type", 9), "type"),
])
def test_a_plate_that_cannot_be_written_is_refused_and_nothing_written(tmp_path, edit, field):
    t = markers_only()
    plate = known_plate(2)
    edit(plate)
    t.force_plates = [plate]
    with pytest.raises(ValueError, match=rf"trial\.force_plates\[0\]\.{field}"):
        hio.write_c3d(t, tmp_path / "bad.c3d")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kwargs, arg", [
    ({"type": 5}, "type"), ({"type": True}, "type"), ({"type": 2.0}, "type"),
    ({"corners_m": np.zeros((4, 3))}, "corners_m"), ({"corners_m": np.zeros((3, 3))}, "corners_m"),
    ({"force_n": np.zeros((8, 2))}, "force_n"), ({"moment_nm": np.zeros((7, 3))}, "moment_nm"),
    ({"force_n": np.zeros((8, 3), dtype=complex)}, "force_n"),
    ({"calibration": np.eye(6)}, "calibration"), ({"origin_m": [0, 0]}, "origin_m"),
    ({"cop_threshold_n": -1.0}, "cop_threshold_n"), ({"cop_threshold_n": "10"}, "cop_threshold_n"),
])
def test_from_wrench_bad_arguments_name_the_argument(kwargs, arg):
    good = {"type": 2, "corners_m": CORNERS, "force_n": np.zeros((8, 3)),
            "moment_nm": np.zeros((8, 3))}
    good.update(kwargs)
    plate_type = good.pop("type")
    with pytest.raises((ValueError, TypeError), match=arg):
        hio.ForcePlate.from_wrench(plate_type, **good)
