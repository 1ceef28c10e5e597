"""Python-level fuzz of the file readers with hypothesis (issue 21).

libFuzzer (tests/fuzz) drives the C++ parsers; this drives the same readers through the Python
layer (path handling, the bindings' conversion of strings and arrays, the Trial/Table
constructors). Random bytes and mutations of valid files (bit flips, truncations, inserted,
deleted and overwritten bytes, "interesting" integers and floats) must either read or be
refused with hipmech.FileError (an OSError) or a ValueError: never another exception type, and
never UnicodeDecodeError (a ValueError that names neither the file nor the field). 100
derandomized examples per reader and kind of input, each a file of at most ~50 kB.
"""

from __future__ import annotations

import struct
import tempfile
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import hipmech
import hipmech.io as hio
from hipmech import synth

FUZZ = settings(max_examples=100, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

CORPUS = Path(__file__).resolve().parents[1] / "fuzz" / "corpus"


# --------------------------------------------------------------------------------------------
# Seeds: valid files
# --------------------------------------------------------------------------------------------
def _small_trial(walk: Any, n_frames: int) -> hio.Trial:
    """The first n_frames of a synthetic trial's markers, as a new trial (small files make
    each mutation matter more)."""
    t = hio.Trial(point_rate_hz=walk.trial.point_rate_hz)
    for name in list(walk.trial.markers)[:6]:
        t.markers[name] = walk.trial.markers[name][:n_frames]
    return t


def _seeds() -> dict[str, bytes]:
    walk = synth.walking(n_strides=1, point_rate_hz=50.0, analog_rate_hz=100.0)
    small = _small_trial(walk, 8)
    small.events.append(hio.Event("Foot Strike", 0.02, "Left"))
    with tempfile.TemporaryDirectory() as d:
        out = {}
        # the whole synthetic trial: points, analog channels, type-2 plates, events, subject
        hio.write_c3d(walk.trial, Path(d) / "walk.c3d")
        out["walk.c3d"] = (Path(d) / "walk.c3d").read_bytes()
        hio.write_c3d(small, Path(d) / "small.c3d", processor="dec")
        out["small_dec.c3d"] = (Path(d) / "small.c3d").read_bytes()
        hio.write_trc(small, Path(d) / "small.trc")
        out["small.trc"] = (Path(d) / "small.trc").read_bytes()
    # the committed libFuzzer seeds of the text target (their first byte picks the reader)
    for name in ("mot.txt", "mot_utf16be.txt", "keypoints.txt", "keypoints_latin1.txt",
                 "trc_utf16le.txt"):
        out[name] = (CORPUS / "text" / name).read_bytes()[1:]
    return out


SEEDS = _seeds()


def test_seeds_are_valid():
    """The seeds read (otherwise the mutations would only test the first check)."""
    with tempfile.TemporaryDirectory() as d:
        for name, data in SEEDS.items():
            path = Path(d) / name
            path.write_bytes(data)
            reader, kind = READERS[_reader_of(name)]
            assert isinstance(reader(path), kind), name


# --------------------------------------------------------------------------------------------
# Mutations
# --------------------------------------------------------------------------------------------
# Values at the edges of the C3D header and parameter fields (counts, pointers, scales, rates):
# 16-bit and 32-bit integers at their limits, and floats that are zero, negative, huge, NaN,
# infinite or not whole.
_INTERESTING = [
    b"\x00", b"\xff", b"\x7f", b"\x80", b"\x00\x00", b"\xff\xff", b"\xff\x7f", b"\x00\x80",
    b"\x01\x00", b"\x00\x01", b"\xff\xff\xff\xff", b"\xff\xff\xff\x7f", b"\x00\x00\x00\x80",
    *(struct.pack("<f", v) for v in (0.0, -1.0, 1e20, -1e20, float("nan"), float("inf"), 0.5,
                                     65535.0, 3.4e38)),
    *(struct.pack(">f", v) for v in (1e20, float("nan"), -1.0)),
]
# Text that the text readers treat specially: separators, numbers at the edges of double,
# header keys, byte-order marks and bytes that are not UTF-8.
_TEXT_TOKENS = [
    b"\t", b",", b"\n", b"\r\n", b"\r", b" ", b"nan", b"NaN", b"inf", b"-inf", b"1e309",
    b"-1e309", b"1e-400", b"0x1p3", b"99999999999999999999", b"-0", b"", b"endheader",
    b"nRows=", b"nColumns=", b"inDegrees=", b"version=", b"NumFrames", b"NumMarkers", b"Units",
    b"mm", b"cm", b"m", b"# image_width=", b"frame,keypoint,x,y,confidence", b"\xef\xbb\xbf",
    b"\xff\xfe", b"\xfe\xff", b"\x00", b"\xe9", b"\xc3", b"\xc3\xa9", b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80", b"\xff",
]


@st.composite
def mutations(draw, seed: bytes, tokens: list[bytes], hot: int) -> bytes:
    """1 to 8 edits of ``seed``. Positions favour the first ``hot`` bytes (the C3D header and
    parameter section, a text file's header), where one byte changes the meaning of the rest."""
    data = bytearray(seed)

    def position(end_inclusive: bool = False) -> int:
        top = len(data) if end_inclusive else max(len(data) - 1, 0)
        return draw(st.one_of(st.integers(0, min(hot, top)), st.integers(0, top)))

    # mostly one or two edits (a file that still parses reaches the deeper checks), sometimes
    # many; in-place edits more often than truncation, which ends most files' story early
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 2, 3, 5, 8]))):
        op = draw(st.sampled_from(["flip", "flip", "flip", "byte", "byte", "token", "token",
                                   "token", "insert", "delete", "truncate", "duplicate"]))
        if not data and op not in ("insert", "token"):
            continue
        if op == "flip":  # one bit
            i = position()
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "byte":
            data[position()] = draw(st.integers(0, 255))
        elif op == "token":  # overwrite with an interesting value
            i = position(True)
            token = draw(st.sampled_from(tokens))
            data[i:i + len(token)] = token
        elif op == "insert":
            i = position(True)
            data[i:i] = draw(st.one_of(st.sampled_from(tokens), st.binary(min_size=1, max_size=16)))
        elif op == "delete":
            i = position()
            del data[i:i + draw(st.integers(1, 64))]
        elif op == "truncate":
            del data[position():]
        else:  # duplicate a block (repeated records, lines, parameter groups)
            i = position()
            n = draw(st.integers(1, 512))
            data[i:i] = data[i:i + n]
    return bytes(data)


def c3d_mutations(name: str) -> st.SearchStrategy[bytes]:
    return mutations(SEEDS[name], _INTERESTING, hot=2048)


def text_mutations(name: str) -> st.SearchStrategy[bytes]:
    return mutations(SEEDS[name], _TEXT_TOKENS + _INTERESTING, hot=512)


# Random bytes, and random bytes behind a valid C3D header (so the parameter parser is reached).
RANDOM = st.binary(max_size=4096)
C3D_HEADER_THEN_RANDOM = st.binary(max_size=4096).map(lambda b: SEEDS["walk.c3d"][:512] + b)
# Random text from the readers' alphabet, so that lines, separators and numbers occur.
RANDOM_TEXT = st.lists(st.sampled_from(_TEXT_TOKENS + [b"1", b"0.5", b"-2", b"x", b"LASI"]),
                       max_size=200).map(b"".join)


# --------------------------------------------------------------------------------------------
# The check
# --------------------------------------------------------------------------------------------
READERS: dict[str, tuple[Callable[[Path], Any], type]] = {
    "c3d": (hio.read_c3d, hio.Trial),
    "trc": (hio.read_trc, hio.Trial),
    "mot": (hio.read_mot, hio.Table),
    "sto": (hio.read_sto, hio.Table),
    "keypoints": (hio.read_keypoints_csv, hio.Keypoints2D),
}


def _reader_of(seed_name: str) -> str:
    if seed_name.endswith(".c3d"):
        return "c3d"
    for key in ("trc", "mot", "keypoints"):
        if seed_name.startswith(key) or seed_name.endswith("." + key):
            return key
    raise AssertionError(seed_name)


@pytest.fixture(scope="module")
def scratch():
    """One file rewritten by every example (a function-scoped tmp_path would be shared by all
    the examples of a test anyway)."""
    with tempfile.TemporaryDirectory() as d:
        yield Path(d)


def read_or_refuse(reader: str, data: bytes, folder: Path) -> None:
    """Read ``data`` from a file: a result of the reader's type, or FileError/ValueError with a
    message. Any other exception (TypeError, RuntimeError, SystemError, IndexError, MemoryError,
    ...) propagates and fails the example; UnicodeError fails it explicitly."""
    function, kind = READERS[reader]
    path = folder / f"fuzz.{reader}"
    path.write_bytes(data)
    try:
        result = function(path)
    except UnicodeError as e:  # a ValueError, but one that names neither file nor field
        pytest.fail(f"{reader}: {type(e).__name__} escaped instead of FileError: {e}")
    except OSError as e:
        assert isinstance(e, hipmech.FileError), f"{reader}: a bare {type(e).__name__}: {e}"
        assert str(e)
        event(f"{reader}: FileError")  # pytest --hypothesis-show-statistics counts outcomes
    except ValueError as e:
        assert str(e), f"{reader}: ValueError without a message"
        event(f"{reader}: {type(e).__name__}")
    else:
        assert isinstance(result, kind)
        _touch(result)
        event(f"{reader}: read")


def _touch(result: Any) -> None:
    """Use what was read as a caller would (names, arrays, repr), so that a value the
    bindings produced but Python cannot handle shows up here."""
    repr(result)
    if isinstance(result, hio.Trial):
        for name in result.markers:
            assert result.markers[name].shape == (result.n_frames, 3)
        for event in result.events:
            str(event.label), float(event.time_s)
    elif isinstance(result, hio.Table):
        np.asarray(result.values, dtype=float)
        list(result.columns)
    else:
        for name in result.names:
            np.asarray(result.points_px[name], dtype=float)


# --------------------------------------------------------------------------------------------
# C3D
# --------------------------------------------------------------------------------------------
@FUZZ
@given(data=c3d_mutations("walk.c3d"))
def test_read_c3d_mutated_walking_trial(data, scratch):
    read_or_refuse("c3d", data, scratch)


@FUZZ
@given(data=c3d_mutations("small_dec.c3d"))
def test_read_c3d_mutated_small_dec_file(data, scratch):
    read_or_refuse("c3d", data, scratch)


@FUZZ
@given(data=st.one_of(RANDOM, C3D_HEADER_THEN_RANDOM))
def test_read_c3d_random_bytes(data, scratch):
    read_or_refuse("c3d", data, scratch)


# --------------------------------------------------------------------------------------------
# Text: TRC, MOT/STO, keypoint CSV
# --------------------------------------------------------------------------------------------
@FUZZ
@given(data=st.one_of(text_mutations("small.trc"), text_mutations("trc_utf16le.txt")))
def test_read_trc_mutated(data, scratch):
    read_or_refuse("trc", data, scratch)


@FUZZ
@given(data=st.one_of(text_mutations("mot.txt"), text_mutations("mot_utf16be.txt")),
       reader=st.sampled_from(["mot", "sto"]))
def test_read_mot_sto_mutated(data, reader, scratch):
    read_or_refuse(reader, data, scratch)


@FUZZ
@given(data=st.one_of(text_mutations("keypoints.txt"), text_mutations("keypoints_latin1.txt")))
def test_read_keypoints_csv_mutated(data, scratch):
    read_or_refuse("keypoints", data, scratch)


@FUZZ
@given(data=st.one_of(RANDOM, RANDOM_TEXT), reader=st.sampled_from(["trc", "mot", "keypoints"]))
def test_text_readers_random_bytes(data, reader, scratch):
    read_or_refuse(reader, data, scratch)
