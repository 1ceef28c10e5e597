"""Text encodings and paths of hipmech.io (docs/io.md, "Text encodings"; issue 21).

C3D strings reach Python as UTF-8 when they are UTF-8 and as Latin-1 otherwise, never raising;
the file's bytes are checked against ezc3d (an independent reader, a test-only dependency: its
strings carry undecodable bytes as surrogates, so their bytes are recoverable). Text files in
UTF-16 with a byte-order mark read as the UTF-8 file; Latin-1 labels read as UTF-8; an
unreadable encoding is a FileError naming the file and line. Paths may be str, bytes or
os.PathLike, and bytes that are not UTF-8 work.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import numpy as np
import pytest

import hipmech
import hipmech.io as hio

RENE = "Ren\u00e9"  # "René"


def latin1_c3d() -> bytes:
    """A C3D written by hipmech with "Rene" in a point label, a point description, the
    subject's name (SUBJECTS:NAMES) and an event's subject, then patched so that each "e"
    after "Ren" is the Latin-1 byte 0xE9, as a European lab's Vicon or Motion Analysis file
    holds it. Char parameters are fixed-width, so replacing one byte keeps the file valid."""
    t = hio.Trial(point_rate_hz=100.0)
    t.markers["LASI"] = np.zeros((3, 3))
    t.markers["KneeRene"] = np.ones((3, 3))
    t.descriptions["LASI"] = "Rene left ASIS"
    t.descriptions["KneeRene"] = "Genou \u00e9"  # UTF-8 already: stays so
    subjects = hio.ParameterGroup()
    subjects.parameters["NAMES"] = hio.Parameter(["Rene"], type=-1, dims=[4, 1])
    subjects.parameters["USED"] = hio.Parameter(np.array([1.0]), type=2, dims=[])
    t.parameters["SUBJECTS"] = subjects
    t.events.append(hio.Event("Foot Strike", 0.01, "Left", subject="Rene"))
    data = bytearray(hio._core.write_c3d_bytes(t._to_core(), "intel", False))
    found = [m.start() for m in re.finditer(b"Rene", data)]
    assert len(found) == 4  # label, description, subject name, event subject
    for offset in found:
        data[offset + 3] = 0xE9
    assert b"Ren\xe9" in data and b"Rene" not in data
    return bytes(data)


def test_latin1_c3d_strings_read_as_latin1(tmp_path):
    path = tmp_path / "latin1.c3d"
    path.write_bytes(latin1_c3d())
    t = hio.read_c3d(path)
    assert list(t.markers) == ["LASI", "Knee" + RENE]
    assert t.descriptions["LASI"] == RENE + " left ASIS"
    assert t.descriptions["Knee" + RENE] == "Genou \u00e9"
    assert t.parameters["SUBJECTS"]["NAMES"].value == [RENE]
    assert t.parameters["POINT"]["LABELS"].value == ["LASI", "Knee" + RENE]
    assert t.events[0].subject == RENE
    np.testing.assert_array_equal(t.markers["Knee" + RENE], np.ones((3, 3)) / 1000.0
                                  if t.units_original["Knee" + RENE] == "mm" else np.ones((3, 3)))


def test_latin1_c3d_written_back_stores_utf8(tmp_path):
    t = hio.Trial._from_core(hio._core.read_c3d_bytes(latin1_c3d()))
    out = tmp_path / "utf8.c3d"
    hio.write_c3d(t, out)
    data = out.read_bytes()
    assert RENE.encode("utf-8") in data and b"Ren\xe9" not in data
    back = hio.read_c3d(out)
    assert back.parameters["SUBJECTS"]["NAMES"].value == [RENE]
    assert back.descriptions["LASI"] == RENE + " left ASIS"
    assert list(back.markers) == ["LASI", "Knee" + RENE]


def _from_ezc3d(text: str) -> str:
    """An ezc3d string (undecodable bytes as surrogates) decoded as hipmech documents it."""
    raw = text.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def test_latin1_c3d_strings_match_ezc3d(tmp_path):
    ezc3d = pytest.importorskip("ezc3d")
    path = tmp_path / "latin1.c3d"
    path.write_bytes(latin1_c3d())
    t = hio.read_c3d(path)
    c = ezc3d.c3d(str(path))["parameters"]
    for group in ("POINT", "SUBJECTS", "EVENT"):
        for name, param in c[group].items():
            if not isinstance(param, dict) or not isinstance(param.get("value"), list):
                continue
            ours = t.parameters[group][name].value
            theirs = [_from_ezc3d(s).rstrip() for s in param["value"]]
            assert [s.rstrip() for s in ours] == theirs, (group, name)
    assert [_from_ezc3d(s) for s in c["POINT"]["LABELS"]["value"]] == list(t.points)


def test_non_utf8_strings_in_errors_do_not_hide_the_file_error(tmp_path):
    path = tmp_path / "cut.c3d"
    path.write_bytes(latin1_c3d()[:700])
    with pytest.raises(hipmech.FileError) as info:
        hio.read_c3d(path)
    assert info.value.filename == str(path)
    assert "cut.c3d" in str(info.value)


# ---------------------------------------------------------------------------------------------
# text files
# ---------------------------------------------------------------------------------------------

def _trial() -> hio.Trial:
    t = hio.Trial(point_rate_hz=100.0)
    t.markers["LASI"] = np.array([[0.1, 0.95, -0.12], [np.nan] * 3, [0.1025, 0.952, -0.118]])
    t.markers["Genou_\u00e9"] = np.array([[0.2, 0.5, 0.1], [0.21, 0.51, 0.11], [0.22, 0.52, 0.12]])
    return t


def _table() -> hio.Table:
    return hio.Table(columns=["hip_flexion", "flexion_genou_\u00e9"],
                     time_s=np.array([0.0, 0.01, 0.02]),
                     values=np.array([[1.5, 2.0], [np.nan, -2.25], [3.0, 4.125]]),
                     in_degrees=True, name="Cin\u00e9matique")


def _utf16(text: str, order: str) -> bytes:
    return "\ufeff".encode(f"utf-16-{order}") + text.encode(f"utf-16-{order}")


@pytest.mark.parametrize("order", ["le", "be"])
def test_utf16_trc_reads_as_the_utf8_file(tmp_path, order):
    utf8 = tmp_path / "walk.trc"
    hio.write_trc(_trial(), utf8)
    text = utf8.read_bytes().decode("utf-8")
    assert "Genou_\u00e9" in text
    other = tmp_path / f"walk_{order}.trc"
    other.write_bytes(_utf16(text.replace("\n", "\r\n"), order))
    a, b = hio.read_trc(utf8), hio.read_trc(other)
    assert list(b.markers) == list(a.markers) == ["LASI", "Genou_\u00e9"]
    for name in a.markers:
        np.testing.assert_array_equal(b.markers[name], a.markers[name])
    assert b.point_rate_hz == a.point_rate_hz


@pytest.mark.parametrize("order", ["le", "be"])
@pytest.mark.parametrize("suffix", ["sto", "mot"])
def test_utf16_storage_reads_as_the_utf8_file(tmp_path, order, suffix):
    utf8 = tmp_path / f"ik.{suffix}"
    (hio.write_sto if suffix == "sto" else hio.write_mot)(_table(), utf8)
    other = tmp_path / f"ik_{order}.{suffix}"
    other.write_bytes(_utf16(utf8.read_bytes().decode("utf-8"), order))
    a = hio.read_sto(utf8) if suffix == "sto" else hio.read_mot(utf8)
    b = hio.read_sto(other) if suffix == "sto" else hio.read_mot(other)
    assert b.columns == a.columns == ["hip_flexion", "flexion_genou_\u00e9"]
    assert b.name == a.name == "Cin\u00e9matique"
    np.testing.assert_array_equal(b.values, a.values)
    np.testing.assert_array_equal(b.time_s, a.time_s)


def test_utf8_bom_is_skipped(tmp_path):
    utf8 = tmp_path / "ik.mot"
    hio.write_mot(_table(), utf8)
    bom = tmp_path / "bom.mot"
    bom.write_bytes(b"\xef\xbb\xbf" + utf8.read_bytes())
    assert hio.read_mot(bom).columns == hio.read_mot(utf8).columns


def test_latin1_mot_labels_read_as_utf8(tmp_path):
    utf8 = tmp_path / "ik.mot"
    hio.write_mot(_table(), utf8)
    latin1 = tmp_path / "latin1.mot"
    latin1.write_bytes(utf8.read_bytes().decode("utf-8").encode("latin-1"))
    assert b"\xe9" in latin1.read_bytes()
    t = hio.read_mot(latin1)
    assert t.columns == ["hip_flexion", "flexion_genou_\u00e9"]
    assert t.name == "Cin\u00e9matique"
    np.testing.assert_array_equal(t.values, _table().values)


def test_latin1_and_utf16_keypoint_csv(tmp_path):
    text = "frame,keypoint,x,y,confidence\n0,t\u00eate,10.5,20,0.9\n1,t\u00eate,11,21.25,0.8\n"
    for i, data in enumerate([text.encode("latin-1"), _utf16(text, "le"), _utf16(text, "be")]):
        path = tmp_path / f"k{i}.csv"
        path.write_bytes(data)
        k = hio.read_keypoints_csv(path)
        assert k.names == ["t\u00eate"]
        np.testing.assert_array_equal(k.points_px["t\u00eate"], [[10.5, 20.0], [11.0, 21.25]])


def test_unreadable_encodings_are_file_errors_naming_file_and_line(tmp_path):
    utf8 = tmp_path / "walk.trc"
    hio.write_trc(_trial(), utf8)
    text = utf8.read_bytes().decode("utf-8")
    cases = {
        "utf32.trc": (text.encode("utf-32"), r"line 1: .*UTF-32"),
        "nobom.trc": (text.encode("utf-16-le"), r"line 1: .*NUL character.*without a byte-order"),
        "odd.trc": (_utf16(text, "le") + b"x", r"line 10: .*odd number of bytes"),
        "badutf8.mot": (b"\xef\xbb\xbfendheader\ntime\tgenou_\xe9\n0\t1\n",
                        r"line 2: expected UTF-8 .*0xE9"),
    }
    for name, (data, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        reader = hio.read_mot if name.endswith(".mot") else hio.read_trc
        with pytest.raises(hipmech.FileError, match=re.escape(name) + ": " + message) as info:
            reader(path)
        assert isinstance(info.value, OSError)
        assert info.value.filename == str(path)


# ---------------------------------------------------------------------------------------------
# paths
# ---------------------------------------------------------------------------------------------

needs_bytes_names = pytest.mark.skipif(
    sys.platform in ("win32", "darwin"),
    reason="file names that are not UTF-8 exist on Linux and other POSIX file systems")


@needs_bytes_names
def test_non_utf8_bytes_path_round_trips(tmp_path):
    folder = os.fsencode(tmp_path)
    c3d = folder + b"/caf\xe9.c3d"
    trial = _trial()
    hio.write_c3d(trial, c3d)
    assert os.path.exists(c3d)
    for path in (c3d, os.fsdecode(c3d), Path(os.fsdecode(c3d))):
        back = hio.read_c3d(path)  # float32 in the file
        np.testing.assert_allclose(back.markers["LASI"], trial.markers["LASI"], atol=1e-7)
    trc = folder + b"/caf\xe9.trc"
    hio.write_trc(trial, trc)
    assert list(hio.read_trc(trc).markers) == list(trial.markers)
    for suffix, write, read in ((b"mot", hio.write_mot, hio.read_mot),
                                (b"sto", hio.write_sto, hio.read_sto)):
        path = folder + b"/caf\xe9." + suffix
        write(_table(), path)
        np.testing.assert_array_equal(read(path).values, _table().values)
    csv = folder + b"/caf\xe9.csv"
    with open(csv, "wb") as f:
        f.write(b"frame,keypoint,x,y,confidence\n0,nose,1,2,0.9\n")
    assert hio.read_keypoints_csv(csv).names == ["nose"]


@needs_bytes_names
def test_missing_non_utf8_path_is_a_file_error_with_its_name(tmp_path):
    missing = os.fsencode(tmp_path) + b"/caf\xe9_missing.c3d"
    with pytest.raises(hipmech.FileError) as info:
        hio.read_c3d(missing)
    assert info.value.filename == os.fsdecode(missing)
    assert "caf\\xe9_missing.c3d" in str(info.value)  # readable, with the byte shown


@needs_bytes_names
def test_subject_file_with_non_utf8_path(tmp_path, validation_dir):
    vsk = os.fsencode(tmp_path) + b"/ren\xe9.vsk"
    with open(vsk, "wb") as f:
        f.write((validation_dir / "pycgm_pig_stair" / "Test.vsk").read_bytes())
    s = hio.read_subject(vsk)
    assert s.leg_length_left_m == pytest.approx(hio.read_vsk(vsk).leg_length_left_m)
    assert np.isfinite(s.leg_length_left_m)


def test_path_with_nul_is_refused_naming_the_argument(tmp_path):
    precious = tmp_path / "precious.c3d"
    precious.write_bytes(b"keep me")
    for bad in (str(precious) + "\x00.x", os.fsencode(precious) + b"\x00.x"):
        with pytest.raises(ValueError, match="argument 'path'.*NUL"):
            hio.write_c3d(_trial(), bad)
        with pytest.raises(ValueError, match="argument 'path'.*NUL"):
            hio.read_trc(bad)
    assert precious.read_bytes() == b"keep me"


@pytest.mark.parametrize("bad", [None, 3, 1.5, ["a.c3d"], bytearray(b"a.c3d")])
def test_path_of_another_type_is_a_type_error_naming_the_argument(bad):
    with pytest.raises(TypeError, match="argument 'path'"):
        hio.read_c3d(bad)
    with pytest.raises(TypeError, match="argument 'path'"):
        hio.read_mot(bad)
