"""hipmech.io text formats (OpenSim TRC/MOT/STO, keypoint CSV) against numpy's own text
parser (numpy.genfromtxt) on the same files, plus round trips and bad input."""

from __future__ import annotations

import numpy as np
import pytest

import hipmech
import hipmech.io as hio

TRC = (
    "PathFileType\t4\t(X/Y/Z)\twalk.trc\n"
    "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame"
    "\tOrigNumFrames\n"
    "100\t100\t3\t2\tmm\t100\t1\t3\n"
    "Frame#\tTime\tLASI\t\t\tRASI\n"
    "\t\tX1\tY1\tZ1\tX2\tY2\tZ2\n"
    "\n"
    "1\t0.00\t100.5\t950\t-120\t101\t951\t120\n"
    "2\t0.01\t\t\t\t102\t952\t121\n"
    "3\t0.02\t102.5\t952\t-118\tNaN\tNaN\tNaN\n"
)

MOT = (
    "walk_ik\n"
    "version=1\n"
    "nRows=3\n"
    "nColumns=3\n"
    "inDegrees=yes\n"
    "endheader\n"
    "time\thip_flexion_r\tpelvis_tx\n"
    "0.00\t10.5\t0.01\n"
    "0.01\t11.0\tnan\n"
    "0.02\t11.5\t0.03\n"
)


def test_trc_matches_genfromtxt_and_round_trips(tmp_path):
    path = tmp_path / "walk.trc"
    path.write_text(TRC)
    t = hio.read_trc(path)
    ref = np.genfromtxt(path, skip_header=6, delimiter="\t")  # blanks -> NaN
    assert list(t.markers) == ["LASI", "RASI"]
    np.testing.assert_allclose(t.markers["LASI"], ref[:, 2:5] / 1000)
    np.testing.assert_allclose(t.markers["RASI"], ref[:, 5:8] / 1000)
    assert np.isnan(t.markers["LASI"][1]).all() and np.isnan(t.markers["RASI"][2]).all()
    assert t.point_rate_hz == 100 and t.first_frame == 1
    assert t.units_original["LASI"] == "mm"
    assert t.lab_axes == hipmech.LabAxes(up="Y", forward="X")
    for units in ("mm", "m"):
        out = tmp_path / f"out_{units}.trc"
        hio.write_trc(t, out, units=units)
        r = hio.read_trc(out)
        np.testing.assert_allclose(r.markers["LASI"], t.markers["LASI"], rtol=1e-9)
        np.testing.assert_allclose(r.markers["RASI"], t.markers["RASI"], rtol=1e-9)


def test_c3d_to_trc_for_opensim(validation_dir, tmp_path):
    t = hio.read_c3d(validation_dir / "pycgm_pig_stair" / "Movement_trial.c3d")
    out = tmp_path / "movement.trc"
    hio.write_trc(t, out)
    r = hio.read_trc(out)
    assert list(r.markers) == list(t.markers)
    # TRC files are in OpenSim's frame (X forward, Y up, Z right: the ISB axes), so the writer
    # re-expresses the Z-up lab markers; LabAxes.to_isb is the independent reference.
    assert r.lab_axes == hipmech.LabAxes(up="Y", forward="X")
    for name in t.markers:
        np.testing.assert_allclose(r.markers[name], t.lab_axes.to_isb(t.markers[name]),
                                   rtol=1e-7, atol=1e-9)


def test_mot_matches_genfromtxt_and_round_trips(tmp_path):
    path = tmp_path / "walk.mot"
    path.write_text(MOT)
    table = hio.read_mot(path)
    ref = np.genfromtxt(path, skip_header=7, delimiter="\t")
    assert table.columns == ["hip_flexion_r", "pelvis_tx"]
    assert table.in_degrees and table.name == "walk_ik"
    np.testing.assert_allclose(table.time_s, ref[:, 0])
    np.testing.assert_allclose(table.values, ref[:, 1:])  # kept in degrees, as in the file
    np.testing.assert_allclose(table["hip_flexion_r"], [10.5, 11.0, 11.5])
    for writer, reader, name in ((hio.write_mot, hio.read_mot, "o.mot"),
                                 (hio.write_sto, hio.read_sto, "o.sto")):
        writer(table, tmp_path / name)
        back = reader(tmp_path / name)
        np.testing.assert_array_equal(back.values, table.values)
        np.testing.assert_array_equal(back.time_s, table.time_s)
        assert back.in_degrees == table.in_degrees and back.columns == table.columns


def test_keypoints_csv(tmp_path):
    path = tmp_path / "pose.csv"
    path.write_text(
        "# image_width=1920\n# image_height=1080\n"
        "frame,keypoint,x,y,confidence\n"
        "0,left_knee,960.5,540,0.9\n0,left_hip,950,400,0.95\n"
        "1,left_knee,961,541,0.2\n1,left_hip,951,401,0.9\n"
        "3,left_hip,952,402,0.8\n")
    k = hio.read_keypoints_csv(path, min_confidence=0.5)
    assert k.names == ["left_knee", "left_hip"]
    np.testing.assert_array_equal(k.frames, [0, 1, 3])
    assert k.image_width_px == 1920 and k.image_height_px == 1080
    np.testing.assert_allclose(k.points_px["left_knee"][0], [960.5, 540])
    assert np.isnan(k.points_px["left_knee"][1]).all()  # confidence 0.2 < 0.5
    assert k.confidence["left_knee"][1] == pytest.approx(0.2)  # kept
    assert np.isnan(k.points_px["left_knee"][2]).all() and np.isnan(k.confidence["left_knee"][2])
    k2 = hio.read_keypoints_csv(path, image_width_px=640, image_height_px=480)
    assert (k2.image_width_px, k2.image_height_px) == (640, 480)


def test_text_formats_bad_input(tmp_path):
    with pytest.raises(OSError):
        hio.read_trc(tmp_path / "missing.trc")
    bad = tmp_path / "bad.trc"
    bad.write_text(TRC.replace("3\t0.02\t102.5", "3\t0.02\tabc"))
    with pytest.raises(OSError, match="bad.trc"):
        hio.read_trc(bad)
    short = tmp_path / "short.mot"
    short.write_text(MOT.replace("0.02\t11.5\t0.03\n", ""))
    with pytest.raises(OSError, match="short.mot"):
        hio.read_mot(short)
    with pytest.raises(ValueError, match="min_confidence"):
        hio.read_keypoints_csv(tmp_path / "x.csv", min_confidence=2.0)
    with pytest.raises(TypeError, match="'table'"):
        hio.write_mot({"columns": []}, tmp_path / "x.mot")
    t = hio.Trial(point_rate_hz=100.0)
    t.markers["A"] = np.zeros((2, 3))
    with pytest.raises(ValueError, match="units"):
        hio.write_trc(t, tmp_path / "x.trc", units="furlong")
