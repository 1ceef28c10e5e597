"""Crafted and hostile C3D files (issue 21): each is refused with a FileError (OSError) naming
the file and what was wrong, quickly and without building what it declares; a valid file padded
to gigabytes is read for what its data needs. The files are built byte by byte from the C3D
user guide (c3d.org, ch. 2 header, ch. 3 parameters), so each test states its own answer."""

from __future__ import annotations

import math
import os
import re
import struct

import numpy as np
import pytest

import hipmech
from hipmech import io

BLOCK = 512


def _record_group(gid: int, name: str) -> bytes:
    n = name.encode()
    body = b"\x00"  # empty description
    return struct.pack("<bb", len(n), -gid) + n + struct.pack("<H", 2 + len(body)) + body


def _record_param(gid: int, name: str, ptype: int, dims: list[int], data: bytes) -> bytes:
    n = name.encode()
    body = struct.pack("<bB", ptype, len(dims)) + bytes(dims) + data + b"\x00"
    return struct.pack("<bb", len(n), gid) + n + struct.pack("<H", 2 + len(body)) + body


def c3d(records: list[bytes], *, points: int = 0, analog: int = 0, first: int = 1,
        last: int = 1, samples: int = 1, rate: float = 100.0, frame_data: bytes = b"") -> bytes:
    """A C3D file (Intel, float data): header, parameter section from `records` (the last one's
    offset set to 0), data section from block `3 + parameter blocks`."""
    recs = list(records)
    if recs:  # the last record ends the list
        last_rec = bytearray(recs[-1])
        n = abs(struct.unpack("<b", last_rec[:1])[0])
        last_rec[2 + n:4 + n] = b"\x00\x00"
        recs[-1] = bytes(last_rec)
    params = b"".join(recs)
    n_param_blocks = max(1, math.ceil((4 + len(params)) / BLOCK))
    # (the block count byte is not trusted by readers; it saturates at 255 here)
    param_section = (struct.pack("<BBBB", 1, 0x50, min(n_param_blocks, 255), 84) + params).ljust(
        n_param_blocks * BLOCK, b"\x00")
    data_block = 2 + n_param_blocks
    header = bytearray(BLOCK)
    header[0] = 2
    header[1] = 0x50
    struct.pack_into("<HHHHH", header, 2, points, analog * samples, first, last, 0)
    struct.pack_into("<f", header, 12, -1.0)  # float data
    struct.pack_into("<HH", header, 16, data_block, samples)
    struct.pack_into("<f", header, 20, rate)
    return bytes(header) + param_section + frame_data


def _base_records(extra: list[bytes]) -> list[bytes]:
    return [_record_group(1, "POINT"), _record_param(1, "SCALE", 4, [], struct.pack("<f", -1.0)),
            _record_param(1, "RATE", 4, [], struct.pack("<f", 100.0)),
            _record_group(2, "TRIAL"), _record_group(3, "EVENT"),
            _record_group(4, "FORCE_PLATFORM"), _record_group(5, "ANALOG"), *extra]


def _write(tmp_path, data: bytes, name: str = "crafted.c3d"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_valid_crafted_file_reads(tmp_path):
    # The builder's own check: 2 frames of 1 point, known values.
    frames = struct.pack("<4f", 1.0, 2.0, 3.0, 0.0) + struct.pack("<4f", 4.0, 5.0, 6.0, 0.0)
    t = io.read_c3d(_write(tmp_path, c3d(_base_records([]), points=1, first=1, last=2,
                                          frame_data=frames)))
    assert t.n_frames == 2
    np.testing.assert_allclose(t.points["POINT_1"], [[1e-3, 2e-3, 3e-3], [4e-3, 5e-3, 6e-3]])


@pytest.mark.parametrize("start,end", [((1.0, 0.0), (-1.0, 32767.0)),
                                       ((1.0, 0.0), (65535.0, 65535.0))])
def test_billions_of_empty_frames_are_refused(tmp_path, start, end):
    # No points, no analog: frames take no bytes, so the file size cannot bound them; the
    # 32-bit frame fields claim up to 4.3e9 frames (the reader looped for 9.6 s, or forever).
    recs = _base_records([
        _record_param(2, "ACTUAL_START_FIELD", 4, [2], struct.pack("<2f", *start)),
        _record_param(2, "ACTUAL_END_FIELD", 4, [2], struct.pack("<2f", *end))])
    path = _write(tmp_path, c3d(recs, first=1, last=1))
    with pytest.raises(OSError, match=r"crafted\.c3d.*frames with no point or analog data"):
        io.read_c3d(path)


@pytest.mark.parametrize("value", [1e30, float("nan"), 2.5, -70000.0])
def test_frame_fields_that_are_no_16_bit_count_are_refused(tmp_path, value):
    # UBSan: a float -> long conversion of 1e30 or NaN is undefined; now a FileError.
    recs = _base_records([
        _record_param(2, "ACTUAL_START_FIELD", 4, [2], struct.pack("<2f", value, 0.0)),
        _record_param(2, "ACTUAL_END_FIELD", 4, [2], struct.pack("<2f", 10.0, 0.0))])
    with pytest.raises(OSError, match=r"TRIAL:ACTUAL_START_FIELD holds .*16-bit count"):
        io.read_c3d(_write(tmp_path, c3d(recs)))


def test_millions_of_empty_strings_are_refused(tmp_path):
    # A character parameter of dims [0, 255, 255, 255]: 16.6 million empty strings from a
    # 1 kB file (667 MB) before the fix.
    recs = _base_records([_record_param(1, "LABELS", -1, [0, 255, 255, 255], b"")])
    data = c3d(recs)
    assert len(data) < 2048
    with pytest.raises(OSError, match=r"LABELS' declares 16581375 empty strings"):
        io.read_c3d(_write(tmp_path, data))


def test_more_plates_than_analog_channels_are_refused(tmp_path):
    # 2,550 plates sharing the 6 analog channels: 2.38 GB of plate data from a small file.
    recs = _base_records([
        _record_param(4, "USED", 2, [], struct.pack("<h", 2550)),
        _record_param(5, "RATE", 4, [], struct.pack("<f", 100.0))])
    frames = struct.pack("<6f", *([0.0] * 6)) * 10
    path = _write(tmp_path, c3d(recs, analog=6, first=1, last=10, frame_data=frames))
    with pytest.raises(OSError, match=r"FORCE_PLATFORM:USED declares 2550 plates.*6 analog "
                                      r"channels hold at most 1"):
        io.read_c3d(path)


@pytest.mark.parametrize("value", [float("nan"), 1e12])
def test_event_icons_that_are_no_int_are_refused(tmp_path, value):
    recs = _base_records([
        _record_param(3, "USED", 2, [], struct.pack("<h", 1)),
        _record_param(3, "TIMES", 4, [2, 1], struct.pack("<2f", 0.0, 0.5)),
        _record_param(3, "ICON_IDS", 4, [1], struct.pack("<f", value))])
    with pytest.raises(OSError, match=r"EVENT:ICON_IDS holds"):
        io.read_c3d(_write(tmp_path, c3d(recs)))


def test_thousands_of_repeated_labels_are_made_unique_linearly(tmp_path):
    # 32,750 points all labelled "A" in a 560 kB file: 25 s before the fix (the suffix search
    # restarted at _2 for each copy). Known answer: A, A_2, ..., A_32750 in file order.
    n = 32_750
    recs = _base_records([_record_param(1, "LABELS", -1, [1, 250, 131], b"A" * n),
                          _record_param(1, "USED", 2, [], struct.pack("<h", n))])
    t = io.read_c3d(_write(tmp_path, c3d(recs, points=n, frame_data=b"\x00" * (16 * n))))
    assert list(t.points) == ["A"] + [f"A_{k}" for k in range(2, n + 1)]


def test_repeated_labels_take_the_lowest_free_suffix(tmp_path):
    # A label that already looks like a suffixed copy is kept; the next copy of "A" skips it.
    recs = _base_records([_record_param(1, "LABELS", -1, [3, 4], b"A  A  A_2A  "),
                          _record_param(1, "USED", 2, [], struct.pack("<h", 4))])
    t = io.read_c3d(_write(tmp_path, c3d(recs, points=4, frame_data=b"\x00" * 64)))
    assert list(t.points) == ["A", "A_2", "A_2_2", "A_3"]


def test_many_parameter_records_parse_linearly_and_the_last_repeat_wins(tmp_path):
    # 99,000 records in one group (30 s before the fix: a search per record). Known answer:
    # every distinct name is there once; a repeated name keeps the last value.
    names = [f"P{i}" for i in range(99_000)]
    recs = _base_records([_record_param(2, n, 2, [], struct.pack("<h", i % 1000))
                          for i, n in enumerate(names)]
                         + [_record_param(2, "P5", 2, [], struct.pack("<h", 777))])
    t = io.read_c3d(_write(tmp_path, c3d(recs)))
    group = t.parameters["TRIAL"].parameters
    assert len(group) == 99_000
    assert group["P5"].value[0] == 777 and group["P98999"].value[0] == 999


def test_a_valid_file_padded_to_gigabytes_reads_its_data_only(tmp_path):
    # A valid file followed by 3 GB of (sparse) padding: read as the unpadded file. Before the
    # fix the whole 3 GB was read into memory.
    walk = hipmech.synth.walking(n_strides=2, seed=1)
    path = tmp_path / "walk.c3d"
    io.write_c3d(walk.trial, path)
    plain = io.read_c3d(path)
    padded = tmp_path / "padded.c3d"
    padded.write_bytes(path.read_bytes())
    try:
        with open(padded, "r+b") as f:
            f.truncate(3 * 1024**3)
    except OSError as e:  # a file system without sparse files
        pytest.skip(f"cannot make a sparse 3 GB file here: {e}")
    t = io.read_c3d(padded)
    assert t.n_frames == plain.n_frames
    for name in plain.markers:
        np.testing.assert_array_equal(t.markers[name], plain.markers[name])


def test_a_path_with_a_nul_byte_is_refused_and_overwrites_nothing(tmp_path):
    walk = hipmech.synth.walking(n_strides=1, seed=1)
    precious = tmp_path / "precious.c3d"
    precious.write_bytes(b"keep me")
    with pytest.raises(ValueError, match="NUL"):
        io.write_c3d(walk.trial, str(precious) + "\x00.x")
    assert precious.read_bytes() == b"keep me"
    with pytest.raises(ValueError, match="NUL"):
        io.read_c3d(str(precious) + "\x00.x")


def test_writes_are_atomic_and_leave_no_temporary_file(tmp_path):
    walk = hipmech.synth.walking(n_strides=1, seed=1)
    target = tmp_path / "out.c3d"
    target.write_bytes(b"old")
    io.write_c3d(walk.trial, target)
    assert io.read_c3d(target).n_frames == walk.trial.n_frames
    io.write_trc(walk.trial, tmp_path / "out.trc")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.c3d", "out.trc"]
    # A failing write (the target is a directory) leaves nothing behind.
    (tmp_path / "dir.c3d").mkdir()
    with pytest.raises(OSError, match="is a directory"):
        io.write_c3d(walk.trial, tmp_path / "dir.c3d")
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]
    assert os.listdir(tmp_path / "dir.c3d") == []


_STREAM_CHILD = """
import resource, sys
import hipmech.io as io
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = io.read_c3d(sys.argv[1])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = sum(v.nbytes for v in t.points.values()) + sum(v.nbytes for v in t.residuals.values())
print((peak - base) * 1024, result)
"""


def test_a_large_file_is_streamed_not_copied(tmp_path):
    # Issue 21, "streaming reads (no whole-file slurp)": a file over 64 MiB is parsed as its
    # frames are read, a MiB at a time, so reading it costs the trial it gives, not the trial
    # plus a copy of the file (80 MB here: 235 MB of peak RSS growth before, 159 MB after, for
    # a 160 MB trial). Known answer: the same trial as the in-memory reader on the same bytes.
    import subprocess
    import sys
    n, markers = 200_000, 25
    t = io.Trial(point_rate_hz=100.0)
    for k in range(markers):
        t.markers[f"M{k}"] = np.full((n, 3), 0.001 * k)
        t.units_original[f"M{k}"] = "mm"
    t.markers["M3"][1000:2000] = np.nan
    path = tmp_path / "large.c3d"
    io.write_c3d(t, path)
    size = path.stat().st_size
    assert size > 64 * 2**20
    streamed = io.read_c3d(path)
    in_memory = io.Trial._from_core(io._core.read_c3d_bytes(path.read_bytes(), str(path)))
    for name in in_memory.points:
        np.testing.assert_array_equal(streamed.points[name], in_memory.points[name])
    del streamed, in_memory
    out = subprocess.run([sys.executable, "-c", _STREAM_CHILD, str(path)], capture_output=True,
                         text=True, check=True)
    growth, result = (int(x) for x in out.stdout.split())
    assert result == n * markers * 4 * 8  # (n, 3) points and (n,) residuals, float64
    assert growth < result + size // 4, (growth, result, size)
    # Cut short: the frames that are not there are named, as for a small file.
    with open(path, "r+b") as f:
        f.truncate(size - 1000)
    with pytest.raises(OSError, match=r"truncated data section: frame \d+ of 200000"):
        io.read_c3d(path)


@pytest.mark.parametrize("field, edit", [
    ("trial.point_rate_hz", lambda t: setattr(t, "point_rate_hz", True)),
    ("trial.point_rate_hz", lambda t: setattr(t, "point_rate_hz", "100")),
    ("trial.point_rate_hz", lambda t: setattr(t, "point_rate_hz", 100 + 0j)),
    ("trial.first_frame", lambda t: setattr(t, "first_frame", 1.5)),
    ("trial.first_frame", lambda t: setattr(t, "first_frame", True)),
    ("trial.events[0].time_s", lambda t: t.events.append(io.Event("Foot Strike", True))),
    ("trial.events[0].icon_id", lambda t: t.events.append(io.Event("Foot Strike", 0.1, icon_id=1.5))),
    ("trial.subject.body_mass_kg", lambda t: setattr(t.subject, "body_mass_kg", True)),
    ("trial.subject.body_mass_kg", lambda t: setattr(t.subject, "body_mass_kg", "70")),
    ("trial.analog.rate_hz", lambda t: setattr(t.analog, "rate_hz", "100")),
])
def test_trial_fields_refuse_bad_numbers_naming_the_field(tmp_path, field, edit):
    # issue 21: float()/int() in the conversion took True as 1, "100" as 100 and cut 1.5 to 1.
    t = io.Trial(point_rate_hz=100.0)
    t.markers["M"] = np.zeros((4, 3))
    edit(t)
    with pytest.raises((TypeError, ValueError), match=re.escape(field)):
        io.write_c3d(t, tmp_path / "x.c3d")
    assert list(tmp_path.iterdir()) == []


def test_a_nan_data_start_parameter_and_nan_integer_parameters(tmp_path):
    # Found by the long fuzz run (tests/fuzz/corpus/c3d/regression-nan-data-start-int16): a
    # float POINT:DATA_START holding NaN went into the writer's 16-bit placeholder, a NaN to int
    # conversion (undefined behaviour). The reader takes the header's data block; the writer
    # writes its own. An integer parameter edited to NaN is refused, naming it.
    recs = _base_records([_record_param(1, "DATA_START", 4, [], struct.pack("<f", math.nan))])
    t = io.read_c3d(_write(tmp_path, c3d(recs)))
    io.write_c3d(t, tmp_path / "out.c3d")
    assert io.read_c3d(tmp_path / "out.c3d").parameters["POINT"]["DATA_START"].value[0] >= 2
    t.parameters["POINT"].parameters["X"] = io.Parameter(np.array([math.nan]), type=2, dims=[])
    with pytest.raises(ValueError, match="integer parameter POINT:X"):
        io.write_c3d(t, tmp_path / "bad.c3d")
    assert not (tmp_path / "bad.c3d").exists()
