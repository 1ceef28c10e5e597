"""hipmech.io C3D against an independent reader (ezc3d, pyomeca; a test-only dependency).

Validation: every C3D in ../shared/validation reads with points, analog channels, force-plate
outputs and parameters equal to ezc3d's to float32 precision; files hipmech writes (each
processor type, float and integer data, each force-plate type) read the same in ezc3d.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import hipmech
import hipmech.io as hio

ezc3d = pytest.importorskip("ezc3d")

POINT_SI = {"marker": 1e-3, "angle": math.pi / 180, "moment": 1e-3, "force": 1.0,
            "power": 1.0, "scalar": 1.0}
ANALOG_SI = {"Nmm": 1e-3, "mm": 1e-3}


def validation_c3ds(validation_dir):
    files = sorted(validation_dir.rglob("*.c3d"))
    assert files, "the validation folder holds C3D files"
    return files


def assert_matches_ezc3d(trial: hio.Trial, path, *, atol_force=1e-9):
    c = ezc3d.c3d(str(path), extract_forceplat_data=True)
    labels = list(c["parameters"]["POINT"]["LABELS"]["value"])
    labels += list(c["parameters"]["POINT"].get("LABELS2", {"value": []})["value"])
    points = c["data"]["points"]
    assert list(trial.points) == labels
    for i, name in enumerate(labels):
        ref = points[:3, i, :].T * POINT_SI[trial.kinds[name]]
        np.testing.assert_allclose(trial.points[name], ref, rtol=1e-7, atol=1e-12,
                                   err_msg=name)
    analogs = c["data"]["analogs"][0].T
    assert trial.analog.values.shape == analogs.shape
    factor = np.array([ANALOG_SI.get(u, 1.0) for u in trial.analog.units_original])
    np.testing.assert_allclose(trial.analog.values, analogs * factor, rtol=1e-7, atol=1e-12)
    assert len(trial.force_plates) == len(c["data"]["platform"])
    for mine, ref in zip(trial.force_plates, c["data"]["platform"]):
        np.testing.assert_allclose(mine.force_n, ref["force"].T, atol=atol_force)
        np.testing.assert_allclose(mine.corners_m, ref["corners"].T * 1e-3, atol=1e-9)
        ok = np.isfinite(mine.cop_m[:, 0])  # ezc3d reports garbage off the plate; we give NaN
        np.testing.assert_allclose(mine.cop_m[ok], ref["center_of_pressure"].T[ok] * 1e-3,
                                   atol=1e-9)
        np.testing.assert_allclose(mine.free_moment_nm[ok], ref["Tz"].T[ok] * 1e-3,
                                   atol=max(atol_force, 1e-9))
        if mine.type != 1:
            # ezc3d reports the moment about the surface centre; ours is about the origin.
            centre_moment = mine.moment_nm + np.cross(mine.origin_lab_m - mine.center_m,
                                                      mine.force_n)
            np.testing.assert_allclose(centre_moment, ref["moment"].T * 1e-3,
                                       atol=max(atol_force, 1e-9))
    return c


def test_every_validation_c3d_matches_ezc3d(validation_dir):
    for path in validation_c3ds(validation_dir):
        trial = hio.read_c3d(path)
        c = assert_matches_ezc3d(trial, path)
        # Parameters: every group and value ezc3d sees, we see.
        for gname, group in c["parameters"].items():
            for pname, p in group.items():
                if pname == "__METADATA__":
                    continue
                if pname not in trial.parameters[gname].parameters:
                    # ezc3d inserts empty defaults (ANALOG:FORMAT, BITS ...) absent from the file
                    assert np.size(p["value"]) == 0, (gname, pname)
                    continue
                mine = trial.parameters[gname][pname]
                assert mine.type == p["type"], (gname, pname)
                if p["type"] == -1:
                    ref = [s.strip() for s in np.atleast_1d(p["value"]).ravel(order="F")]
                    assert [s.strip() for s in mine.value] == ref, (gname, pname)
                else:
                    np.testing.assert_allclose(mine.value, np.ravel(p["value"], order="F"),
                                               rtol=1e-7, err_msg=f"{gname}:{pname}")


def test_validation_trial_documented_content(validation_dir):
    # ../shared/validation/README.md: 85 kg, 1679 mm, inter-ASIS 306 mm, knee widths 144/139.
    t = hio.read_c3d(validation_dir / "pycgm_pig_stair" / "Movement_trial.c3d")
    assert t.subject.body_mass_kg == pytest.approx(85.0)
    assert t.subject.height_m == pytest.approx(1.679)
    assert t.subject.leg_length_left_m == pytest.approx(0.877)
    assert t.subject.knee_width_right_m == pytest.approx(0.139)
    assert "LKneeAngles" in t.angles and "LASI" in t.markers and "LASI" not in t.angles
    assert t.units_original["LASI"] == "mm"
    assert t.point_rate_hz == 120 and t.analog.rate_hz == 1080
    # Standing on a step: up is positive.
    assert max(fp.force_n[:, 2].max() for fp in t.force_plates) > 0.8 * 85 * 9.81


@pytest.mark.parametrize("processor", ["intel", "dec"])
@pytest.mark.parametrize("integer_format", [False, True])
def test_ezc3d_reads_what_we_write(validation_dir, tmp_path, processor, integer_format):
    t = hio.read_c3d(validation_dir / "pycgm_pig_stair" / "Movement_trial.c3d")
    out = tmp_path / "out.c3d"
    hio.write_c3d(t, out, processor=processor, integer_format=integer_format)
    back = hio.read_c3d(out)
    # Integer data are quantised to the largest value / 32000 (moments up to ~1e5 N mm here,
    # so a few N of force, a few mm of position): compare against ezc3d at that resolution.
    assert_matches_ezc3d(back, out, atol_force=5.0 if integer_format else 1e-9)


def test_mips_files_are_the_intel_bytes_swapped(validation_dir, tmp_path):
    # ezc3d does not read SGI/MIPS files; numpy's byte order handling is the independent check.
    t = hio.read_c3d(validation_dir / "pycgm_pig_stair" / "Movement_trial.c3d")
    intel = hio._core.write_c3d_bytes(t._to_core(), "intel", False)
    mips = hio._core.write_c3d_bytes(t._to_core(), "mips", False)
    assert len(intel) == len(mips)
    start = (int.from_bytes(intel[16:18], "little") - 1) * 512
    a = np.frombuffer(intel[start:], dtype="<f4")
    b = np.frombuffer(mips[start:], dtype=">f4")
    np.testing.assert_array_equal(a, b)
    back = hio._core.read_c3d_bytes(mips)
    r = hio.Trial._from_core(back)
    np.testing.assert_array_equal(r.points["LASI"], t.points["LASI"])


def plate_trial(plate_type: int) -> tuple[hio.Trial, dict]:
    """One plate of `plate_type` carrying a known wrench (C3D user guide FORCE_PLATFORM;
    Kistler manual for type 3). Lab Z up; plate x = lab x, plate y = lab -y, z down."""
    R = np.array([[1.0, 0, 0], [0, -1, 0], [0, 0, -1]]).T  # columns: plate axes in the lab
    centre = np.array([1.0, 2.0, 0.0])
    force = np.array([30.0, -20.0, 800.0])
    cop = centre + [0.10, 0.05, 0.0]
    free = 5.0
    depth, a, b = 0.04, 0.12, 0.2
    F = R.T @ force
    p = R.T @ (cop - centre)
    T = R.T @ np.array([0, 0, free])
    Ms = np.cross(p, F) + T
    Mo = Ms - np.cross(F, [0, 0, -depth])
    cal = np.eye(6) + 0.01 * np.arange(36).reshape(6, 6) / 36
    if plate_type == 1:
        ch, units = np.r_[F, p[0] * 1e3, p[1] * 1e3, T[2] * 1e3], ["N"] * 3 + ["mm", "mm", "Nmm"]
    elif plate_type in (2, 4):
        ch = np.r_[F, Mo * 1e3]
        if plate_type == 4:
            ch = np.linalg.solve(cal, ch)
        units = ["N"] * 3 + ["Nmm"] * 3
    else:
        A = np.array([[1, 1, 1, 1], [b, b, -b, -b], [-a, a, a, -a], [1, -1, 1, -1]])
        fz = np.linalg.solve(A, [F[2], Mo[0], Mo[1], 0])
        d = Mo[2] / b
        ch, units = np.r_[(F[0] - d) / 2, (F[0] + d) / 2, F[1] / 2, F[1] / 2, fz], ["N"] * 8
    n = len(ch)
    si = np.array([1e-3 if u in ("mm", "Nmm") else 1.0 for u in units])
    values = np.tile(ch * si, (8, 1))
    values[1] *= 1e-3
    t = hio.Trial(point_rate_hz=100.0)
    t.markers["M"] = np.zeros((4, 3))
    t.units_original["M"] = "mm"
    t.analog = hio.Analog(rate_hz=200.0, names=[f"ch{i}" for i in range(n)],
                          descriptions=[""] * n, units_original=units, values=values)
    local = np.array([[0.3, 0.2, 0], [-0.3, 0.2, 0], [-0.3, -0.2, 0], [0.3, -0.2, 0]])
    corners = (centre + local @ R.T) * 1e3
    origin = [a * 1e3, b * 1e3, -depth * 1e3] if plate_type == 3 else [0, 0, depth * 1e3]
    fpg = hio.ParameterGroup()
    fpg.parameters["USED"] = hio.Parameter(np.array([1.0]), type=2, dims=[])
    fpg.parameters["TYPE"] = hio.Parameter(np.array([float(plate_type)]), type=2, dims=[1])
    fpg.parameters["CORNERS"] = hio.Parameter(corners.ravel(), type=4, dims=[3, 4, 1])
    fpg.parameters["ORIGIN"] = hio.Parameter(np.array(origin, float), type=4, dims=[3, 1])
    fpg.parameters["CHANNEL"] = hio.Parameter(np.arange(1.0, n + 1), type=2, dims=[n, 1])
    if plate_type == 4:
        fpg.parameters["CAL_MATRIX"] = hio.Parameter(cal.ravel(order="F"), type=4,
                                                     dims=[6, 6, 1])
    t.parameters["FORCE_PLATFORM"] = fpg
    return t, {"force": force, "cop": cop, "free": free}


@pytest.mark.parametrize("plate_type", [1, 2, 3, 4])
def test_plate_types_known_wrench_and_ezc3d(tmp_path, plate_type):
    t, truth = plate_trial(plate_type)
    out = tmp_path / f"type{plate_type}.c3d"
    hio.write_c3d(t, out)
    r = hio.read_c3d(out)
    fp = r.force_plates[0]
    np.testing.assert_allclose(fp.force_n[0], truth["force"], atol=1e-3)
    np.testing.assert_allclose(fp.cop_m[0], truth["cop"], atol=1e-5)
    np.testing.assert_allclose(fp.free_moment_nm[0], [0, 0, truth["free"]], atol=1e-3)
    assert np.isnan(fp.cop_m[1]).all()  # 0.8 N: below the 10 N threshold
    assert_matches_ezc3d(r, out, atol_force=1e-3)


def test_round_trip_gives_the_same_trial(validation_dir, tmp_path):
    t = hio.read_c3d(validation_dir / "pycgm_pig_stair" / "Movement_trial.c3d")
    t.add_point("LHipAbdMoment", np.full((t.n_frames, 3), 0.5), kind="moment", unit="Nmm")
    out = tmp_path / "rt.c3d"
    hio.write_c3d(t, out)
    r = hio.read_c3d(out)
    assert list(r.points) == list(t.points)
    for name in t.points:
        np.testing.assert_array_equal(r.points[name], t.points[name], err_msg=name)
        assert r.kinds[name] == t.kinds[name]
        assert r.units_original[name] == t.units_original[name]
    np.testing.assert_array_equal(r.analog.values, t.analog.values)
    assert r.events == t.events
    numbers = [k for k, v in t.subject.__dict__.items() if isinstance(v, float)]
    np.testing.assert_array_equal([getattr(r.subject, k) for k in numbers],
                                  [getattr(t.subject, k) for k in numbers])  # NaN == NaN here
    assert r.subject.other_parameters == t.subject.other_parameters
    for fa, fb in zip(r.force_plates, t.force_plates):
        np.testing.assert_array_equal(fa.force_n, fb.force_n)
    assert "LHipAbdMoment" in r.moments
    for gname in ("PROCESSING", "SUBJECTS", "FORCE_PLATFORM", "ANALYSIS"):
        for pname, p in t.parameters[gname].parameters.items():
            q = r.parameters[gname][pname]
            assert q.type == p.type and list(q.dims) == list(p.dims), (gname, pname)
            if p.type == -1:
                assert list(q.value) == list(p.value)
            else:
                np.testing.assert_array_equal(q.value, p.value)


def test_trial_api_and_zero_copy():
    t = hio.Trial(point_rate_hz=50.0, first_frame=11)
    t.markers["LASI"] = [[0.0, 0.1, 1.0]] * 4
    t.angles["LHipAngles"] = np.zeros((4, 3))
    assert list(t.markers) == ["LASI"] and list(t.angles) == ["LHipAngles"]
    assert t.units_original["LHipAngles"] == "rad"
    assert t.n_frames == 4
    np.testing.assert_allclose(t.times_s, [0.2, 0.22, 0.24, 0.26])
    t.events.append(hio.Event("Foot Strike", 0.24, "Left"))
    assert t.event_frame(t.events[0]) == 2
    with pytest.raises(KeyError, match="LASI"):
        t.markers["RASI"]
    with pytest.raises(ValueError, match="'values'"):
        t.markers["RASI"] = np.zeros((5, 3))
    with pytest.raises(ValueError, match="'values'"):
        t.markers["RASI"] = np.zeros((4, 2))
    with pytest.raises(ValueError, match="'kind'"):
        t.add_point("X", np.zeros((4, 3)), kind="torque")
    del t.markers["LASI"]
    assert "LASI" not in t.points and "LASI" not in t.kinds
    data = hio._core.write_c3d_bytes(t._to_core(), "intel", False)
    d = hio._core.read_c3d_bytes(data)
    arr = d["points"][0][4]
    assert arr.flags.c_contiguous and arr.dtype == np.float64 and arr.flags.writeable
    assert arr.base is not None  # a view of the C++ buffer, not a copy


def test_bad_files_raise_oserror_naming_the_file(tmp_path):
    missing = tmp_path / "missing.c3d"
    with pytest.raises(OSError) as info:
        hio.read_c3d(missing)
    assert info.value.filename == str(missing)
    assert isinstance(info.value, hipmech.FileError)
    bad = tmp_path / "notes.c3d"
    bad.write_bytes(b"not a c3d" * 100)
    with pytest.raises(OSError, match="not a C3D file"):
        hio.read_c3d(bad)
    good = hio._core.write_c3d_bytes(plate_trial(2)[0]._to_core(), "intel", False)
    cut = tmp_path / "cut.c3d"
    cut.write_bytes(good[:1500])
    with pytest.raises(OSError, match=r"cut\.c3d.*byte"):
        hio.read_c3d(cut)


def test_bad_arguments_raise_valueerror_or_typeerror(tmp_path):
    t, _ = plate_trial(2)
    with pytest.raises(TypeError, match="'trial'"):
        hio.write_c3d({"points": {}}, tmp_path / "x.c3d")
    with pytest.raises(ValueError, match="'processor'"):
        hio.write_c3d(t, tmp_path / "x.c3d", processor="arm")
    with pytest.raises(ValueError, match="cop_threshold_n"):
        hio.read_c3d(tmp_path / "x.c3d", cop_threshold_n=-1.0)
    t.analog.rate_hz = 150.0
    with pytest.raises(ValueError, match="trial.analog.rate_hz"):
        hio.write_c3d(t, tmp_path / "x.c3d")
    t.analog.rate_hz = 200.0
    t.points["M"] = np.zeros((4, 3), dtype=complex)
    with pytest.raises(ValueError, match=r"trial.points\['M'\]"):
        hio.write_c3d(t, tmp_path / "x.c3d")
