#!/usr/bin/env python3
"""Mutation campaign against hipmech's file readers (issue 21, "Done when": crafted inputs are
refused with FileError within 1 s and 100 MB).

What it does
------------
Seeds are valid files: every ``*.c3d`` under the validation folder (``../shared/validation``
beside the repository, ``--validation DIR``), the demo trial (``synth.walking(**DEMO_SETTINGS)``
written by ``write_c3d``, as ``hipmech demo`` builds it), and text files: that trial written by
``write_trc``, some of its marker columns as a ``Table`` written by ``write_mot`` and
``write_sto``, a long-format keypoint CSV made from it, ``pycgm_pig_stair/Movement_trial.csv``
(a Vicon model-output export, read as keypoint CSV: always refused, the refusal path is what is
fuzzed) and ``pycgm_pig_stair/Test.vsk``. The ``isb_invdyn_vandenbogert`` files are plain number
matrices that no hipmech reader reads, so they are not seeds.

Each seed gets ``--n`` structured mutations, chosen round robin among the kinds of its format:

C3D: ``header_bytes``/``param_bytes``/``data_bytes`` (bit flips and byte sets in the 512-byte
header, the parameter section, the data), ``header_int16`` (a 16-bit header word set to 0, 1, -1,
2, 255, 256, 32767, 32768, -32768, 65534, ...), ``header_float`` (scale, rate, an event time, or
the first/last-frame words read as one float set to 0, ±1, NaN, ±inf, ±1e30, 1e-30, ...),
``param_dims`` (a parameter's dimension count or one dimension), ``param_type``, ``param_next``
(a record's "next record" offset), ``param_value`` (an element of a parameter, mostly of POINT,
ANALOG, FORCE_PLATFORM, TRIAL and EVENT, set to an extreme of its type), ``param_name`` (name
length or group id byte), ``param_blocks`` (parameter block pointer and count), ``processor``
(84/85/86 swapped, or junk), ``truncate``, ``duplicate`` (a region copied over or into another
place), ``append`` (garbage, zeros, a copy of the file), ``pad_sparse`` (a sparse tail making
the file 150 MB to 1 GB: a reader that slurps the file fails the memory limit) and ``multi``
(2 to 4 of these stacked).

Text (TRC, MOT, STO, keypoint CSV, VSK): ``line_delete``, ``line_duplicate`` (up to thousands of
copies), ``number_replace`` (a number becomes 1e309, NaN, inf, text, 400 digits, 2**63, ...),
``header_count`` (an integer of the header set to 0, -1, 2**31, 2**63, 1e30, ...),
``column_drop``/``column_add`` (in every line, the header line only or one data line),
``encoding`` (UTF-16/32 with and without BOM, UTF-8 BOM, invalid UTF-8, Latin-1 labels, NUL,
overlong forms, CR-only line ends), ``delimiter``, ``truncate``, ``duplicate``, ``append``,
``bytes``, ``huge_line`` (one line of 2 to 20 MB) and ``multi``.

How a read is measured
----------------------
Every read happens in a child process, never in this one: ``--jobs`` long-lived workers (one per
core you give it; use 1 on a shared machine), each of which, per input: collects garbage and
calls ``malloc_trim(0)`` so that freed memory goes back to the system, notes its RSS, resets its
peak RSS (writing ``5`` to ``/proc/self/clear_refs`` resets ``VmHWM``), reads the file, and
reports the wall time of the read and ``VmHWM - RSS before``: the memory the read added. A worker
is replaced after 500 inputs, or when its idle RSS has grown 50 MB above the import-only baseline.
Each worker has ``RLIMIT_AS`` = its address space after import + ``--as-limit-mb`` (2048), so a
memory bomb ends as a MemoryError (a failure) instead of hurting the machine.

Any input whose read takes over half the time limit or adds over half the memory limit is
measured again in a FRESH process that imports hipmech and reads only that file (up to 3 times
while the time is over the limit, the best counts); its figure, the peak RSS of that process
minus the peak RSS of a process that imports hipmech and reads nothing (the "baseline"), is the
one that counts. ``--calibrate K`` (20) also
re-measures K random cases fresh and prints how far the worker's figures were from the fresh
ones, so you can see that the fast path is trustworthy.

Outcomes: ``ok`` (read), ``file_error`` (``hipmech.FileError``, the expected refusal),
``other`` (any other exception: a bug, MemoryError included), ``crash`` (the child died of a
signal), ``timeout`` (no answer within ``--hang-s``, 10 s; the child is killed). For every ``ok``
read of a trial (C3D, TRC) the worker writes it back with ``write_c3d`` into an empty temporary
folder and reads that again (tables: ``write_mot``/``write_sto`` and ``read_mot``/``read_sto``):
a ``ValueError``/``TypeError`` from the writer is an accepted refusal (its messages are listed);
any other exception, a crash, our own file refused by our own reader, or anything left in the
folder after a refused write is a failure.

A failure is: other / crash / timeout, a read over ``--time-limit-s`` (1 s) or adding more than
``--rss-limit-mb`` (100 MB) (both confirmed fresh), or a failed round trip. Each failing input
is saved in ``--out`` (``build/mutation-campaign``) as ``<seed>-<case>-<kind>.<ext>`` with a
``.txt`` holding the mutation, the outcome, the traceback and two reproducer lines; with
``--minimise`` a shrunk ``.min.<ext>`` that fails the same way is saved beside it. The exit
code is 1 if there was any failure.

Usage
-----
    PYTHONPATH=build/dev/pkg .venv/bin/python scripts/mutation_campaign.py --n 2000 --jobs 1
    python scripts/mutation_campaign.py --n 50 --seconds 60          # a quick look
    python scripts/mutation_campaign.py --case HC030A01.c3d:137       # one case again
    python scripts/mutation_campaign.py --only demo_walking.c3d --kinds param_dims,param_next

The same ``--seed``, ``--n`` and seed files give the same mutations on every run (each case's
RNG is seeded by ``seed/file/index``). ``tests/python/test_mutation_campaign.py`` runs the core
of this script on a small fixed-seed sample.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import math
import os
import random
import re
import resource
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_VALIDATION = ROOT.parent / "shared" / "validation"
BLOCK = 512


# ============================================================================================
# Seeds
# ============================================================================================
@dataclass
class Seed:
    """A valid input: ``reader`` is one of READERS' keys, ``fmt`` is "c3d" or "text"."""

    name: str
    reader: str
    data: bytes
    fmt: str

    @property
    def ext(self) -> str:
        return self.name.rsplit(".", 1)[-1]


def demo_seeds() -> list[Seed]:
    """The demo trial as ``hipmech demo`` writes it (C3D), and text files made from it."""
    import numpy as np

    import hipmech.io as hio
    from hipmech import _demo, synth

    walk = synth.walking(**_demo.DEMO_SETTINGS)
    trial = walk.trial
    seeds = []
    with tempfile.TemporaryDirectory() as d:
        p = Path(d)
        hio.write_c3d(trial, p / "demo_walking.c3d")
        hio.write_trc(trial, p / "demo_walking.trc")
        names = list(trial.markers)[:4]
        t = np.arange(trial.n_frames) / trial.point_rate_hz
        cols, vals = [], []
        for name in names:
            for k, axis in enumerate("xyz"):
                cols.append(f"{name}_{axis}")
                vals.append(trial.markers[name][:, k])
        table = hio.Table(columns=cols, time_s=t, values=np.column_stack(vals),
                          name="demo_walking")
        hio.write_mot(table, p / "demo_walking.mot")
        hio.write_sto(table, p / "demo_walking.sto")
        for n, reader in (("demo_walking.c3d", "c3d"), ("demo_walking.trc", "trc"),
                          ("demo_walking.mot", "mot"), ("demo_walking.sto", "sto")):
            seeds.append(Seed(n, reader, (p / n).read_bytes(), "c3d" if reader == "c3d"
                              else "text"))
    # Long-format keypoints: the markers' X and Z (m) as pixels of a 1920 x 1080 image.
    lines = ["# image_width=1920", "# image_height=1080", "frame,keypoint,x,y,confidence"]
    for i in range(0, min(trial.n_frames, 300)):
        for name in list(trial.markers)[:8]:
            x, _, z = trial.markers[name][i]
            lines.append(f"{i},{name},{200 + 500 * x:.3f},{1000 - 500 * z:.3f},0.9")
    seeds.append(Seed("demo_keypoints.csv", "keypoints", ("\n".join(lines) + "\n").encode(),
                      "text"))
    return seeds


def validation_seeds(validation: Path) -> list[Seed]:
    """Every C3D file of the validation folder, the stair trial's model-output CSV and VSK."""
    seeds = [Seed(p.name, "c3d", p.read_bytes(), "c3d")
             for p in sorted(validation.glob("*/*.c3d"))]
    stair = validation / "pycgm_pig_stair"
    if (stair / "Movement_trial.csv").is_file():
        seeds.append(Seed("Movement_trial.csv", "keypoints",
                          (stair / "Movement_trial.csv").read_bytes(), "text"))
    if (stair / "Test.vsk").is_file():
        seeds.append(Seed("Test.vsk", "vsk", (stair / "Test.vsk").read_bytes(), "text"))
    return seeds


# ============================================================================================
# C3D layout (c3d.org user guide, ch. 2 header, ch. 3 parameters)
# ============================================================================================
@dataclass
class Record:
    pos: int                 # first byte (name length)
    name: str
    gid: int                 # < 0: group, > 0: parameter of group -gid
    off_pos: int             # the int16 "next record" offset
    off: int
    type_pos: int = -1       # parameters only
    ndim_pos: int = -1
    ndim: int = 0
    dims: list = field(default_factory=list)
    typ: int = 0
    data_pos: int = -1
    data_len: int = 0


@dataclass
class Layout:
    proc: int
    param_start: int
    param_end: int
    data_start: int
    records: list

    @property
    def endian(self) -> str:
        return ">" if self.proc == 86 else "<"


def parse_c3d(b: bytes) -> Optional[Layout]:
    """Where the header fields and parameter records of ``b`` are (best effort: a mutated file
    may be only partly parsable; None when not even the parameter section can be found)."""
    if len(b) < BLOCK + 4 or b[0] < 2:
        return None
    ps = (b[0] - 1) * BLOCK
    if ps + 4 > len(b):
        return None
    proc = b[ps + 3]
    e = ">" if proc == 86 else "<"
    pe = min(len(b), ps + max(1, b[ps + 2]) * BLOCK)
    ds = (struct.unpack_from(e + "H", b, 16)[0] - 1) * BLOCK
    ds = ds if pe <= ds <= len(b) else pe
    recs: list[Record] = []
    pos = ps + 4
    for _ in range(20000):
        if pos + 2 > pe:
            break
        nlen, gid = struct.unpack_from("bb", b, pos)
        if nlen == 0 or gid == 0:
            break
        n = abs(nlen)
        op = pos + 2 + n
        if op + 2 > pe:
            break
        off = struct.unpack_from(e + "h", b, op)[0]
        r = Record(pos, b[pos + 2:op].decode("latin-1"), gid, op, off)
        if gid > 0 and op + 4 <= pe:
            r.type_pos = op + 2
            r.typ = struct.unpack_from("b", b, op + 2)[0]
            r.ndim_pos = op + 3
            r.ndim = b[op + 3]
            r.dims = list(b[op + 4:op + 4 + r.ndim])
            r.data_pos = op + 4 + r.ndim
            count = math.prod(r.dims) if r.ndim else 1
            r.data_len = max(0, min(abs(r.typ) * count, pe - r.data_pos))
        recs.append(r)
        if off <= 0:
            break
        pos = op + off
    return Layout(proc, ps, pe, ds, recs)


INT16_EXTREMES = (0, 1, -1, 2, 255, 256, 32767, 32768, -32768, 65534, 65535)
FLOAT_EXTREMES = (0.0, 1.0, -1.0, math.nan, math.inf, -math.inf, 1e30, -1e30, 1e-30, 32767.0,
                  -32768.0, 2.0 ** 31, 65535.0, 0.5, 1e-45)
BYTE_EXTREMES = (0, 1, 0x7F, 0x80, 0xFF)

# Header fields: (name, byte offset) of the 16-bit words, and the floats.
HEADER_INT16 = (("param_block_key", 0), ("points", 2), ("analog_per_frame", 4),
                ("first_frame", 6), ("last_frame", 8), ("max_gap", 10), ("data_start", 16),
                ("analog_samples", 18), ("label_range_key", 294), ("label_range_block", 296),
                ("event_key", 298), ("n_events", 300))
HEADER_FLOAT = (("scale", 12), ("rate", 20), ("frames_as_float", 6), ("event_time_0", 304),
                ("event_time_1", 308))
INTERESTING_GROUPS = ("POINT", "ANALOG", "FORCE_PLATFORM", "TRIAL", "EVENT")


def pack_int16(v: int, endian: str) -> bytes:
    return struct.pack(endian + "H", v & 0xFFFF)


def pack_float(v: float, proc: int) -> bytes:
    """A float in the file's processor format: Intel little-endian IEEE, MIPS big-endian, DEC
    (VAX F) as IEEE(4 v) with its 16-bit halves swapped."""
    if proc == 86:
        return struct.pack(">f", v)
    if proc == 85:
        ieee = struct.pack("<f", v * 4.0 if math.isfinite(v) and abs(v) < 1e37 else v)
        return ieee[2:4] + ieee[0:2]
    return struct.pack("<f", v)


def _set(b: bytearray, pos: int, new: bytes) -> bool:
    if pos < 0 or pos + len(new) > len(b):
        return False
    b[pos:pos + len(new)] = new
    return True


def _byte_edits(b: bytearray, lo: int, hi: int, rng: random.Random) -> str:
    hi = min(hi, len(b))
    if hi <= lo:
        return "empty region"
    out = []
    for _ in range(rng.choice((1, 1, 2, 3, 4, 8))):
        i = rng.randrange(lo, hi)
        r = rng.random()
        if r < 0.4:
            bit = rng.randrange(8)
            b[i] ^= 1 << bit
            out.append(f"@{i} bit {bit}")
        elif r < 0.7:
            b[i] = rng.choice(BYTE_EXTREMES)
            out.append(f"@{i}={b[i]:#04x}")
        else:
            b[i] = rng.randrange(256)
            out.append(f"@{i}={b[i]:#04x}")
    return ", ".join(out)


def _params(lay: Optional[Layout]) -> list:
    return [r for r in lay.records if r.gid > 0 and r.type_pos >= 0] if lay else []


def _group_names(lay: Layout) -> dict:
    return {-r.gid: r.name for r in lay.records if r.gid < 0}


def _pick_param(lay: Optional[Layout], rng: random.Random, need_data: bool = False):
    ps = _params(lay)
    if need_data:
        ps = [r for r in ps if r.data_len > 0]
    if not ps:
        return None
    groups = _group_names(lay)
    nice = [r for r in ps if groups.get(r.gid, "") in INTERESTING_GROUPS]
    return rng.choice(nice if nice and rng.random() < 0.7 else ps)


def _full_name(lay: Layout, r: Record) -> str:
    return f"{_group_names(lay).get(r.gid, '?')}:{r.name}"


def m_header_bytes(b, lay, rng):
    return "header bytes " + _byte_edits(b, 0, BLOCK, rng)


def m_param_bytes(b, lay, rng):
    lo, hi = (lay.param_start, lay.data_start) if lay else (BLOCK, 2 * BLOCK)
    return "parameter bytes " + _byte_edits(b, lo, hi, rng)


def m_data_bytes(b, lay, rng):
    lo = lay.data_start if lay else 2 * BLOCK
    if rng.random() < 0.5 and len(b) > lo + 4:
        out = []
        for _ in range(rng.choice((1, 2, 4))):
            i = lo + 4 * rng.randrange((len(b) - lo) // 4)
            v = rng.choice(FLOAT_EXTREMES)
            _set(b, i, pack_float(v, lay.proc if lay else 84))
            out.append(f"@{i}={v!r}")
        return "data floats " + ", ".join(out)
    return "data bytes " + _byte_edits(b, lo, len(b), rng)


def m_header_int16(b, lay, rng):
    name, off = rng.choice(HEADER_INT16)
    v = rng.choice(INT16_EXTREMES + (rng.randrange(65536),))
    _set(b, off, pack_int16(v, lay.endian if lay else "<"))
    return f"header word {name} (byte {off}) = {v}"


def m_header_float(b, lay, rng):
    name, off = rng.choice(HEADER_FLOAT)
    v = rng.choice(FLOAT_EXTREMES)
    _set(b, off, pack_float(v, lay.proc if lay else 84))
    return f"header float {name} (byte {off}) = {v!r}"


def m_param_dims(b, lay, rng):
    r = _pick_param(lay, rng)
    if r is None:
        return m_param_bytes(b, lay, rng)
    if r.ndim == 0 or rng.random() < 0.35:
        v = rng.choice((0, 1, 2, 3, 7, 255, rng.randrange(256)))
        b[r.ndim_pos] = v
        return f"{_full_name(lay, r)} ndim {r.ndim} -> {v}"
    k = rng.randrange(r.ndim)
    v = rng.choice((0, 1, 2, 127, 128, 255, rng.randrange(256)))
    b[r.ndim_pos + 1 + k] = v
    return f"{_full_name(lay, r)} dims[{k}] {r.dims[k]} -> {v}"


def m_param_type(b, lay, rng):
    r = _pick_param(lay, rng)
    if r is None:
        return m_param_bytes(b, lay, rng)
    v = rng.choice((-1, 1, 2, 4, 0, 3, -2, -4, 127, -128, rng.randrange(-128, 128)))
    b[r.type_pos] = v & 0xFF
    return f"{_full_name(lay, r)} type {r.typ} -> {v}"


def m_param_next(b, lay, rng):
    if not lay or not lay.records:
        return m_param_bytes(b, lay, rng)
    r = rng.choice(lay.records)
    v = rng.choice((0, 1, -1, 2, 3, -2, -4, 32767, -32768, r.off + 1, r.off - 1, 2 * r.off,
                    -r.off, rng.randrange(-600, 600)))
    _set(b, r.off_pos, pack_int16(v, lay.endian))
    return f"record {r.name!r} (gid {r.gid}) next offset {r.off} -> {v}"


def m_param_value(b, lay, rng):
    r = _pick_param(lay, rng, need_data=True)
    if r is None:
        return m_header_int16(b, lay, rng)
    size = abs(r.typ) or 1
    k = rng.randrange(max(1, r.data_len // size))
    pos = r.data_pos + k * size
    if r.typ == 4:
        v = rng.choice(FLOAT_EXTREMES)
        _set(b, pos, pack_float(v, lay.proc))
    elif r.typ == 2:
        v = rng.choice(INT16_EXTREMES + (rng.randrange(65536),))
        _set(b, pos, pack_int16(v, lay.endian))
    elif r.typ == 1:
        v = rng.choice(BYTE_EXTREMES)
        b[pos] = v
    else:  # characters: Latin-1, invalid UTF-8, NUL, control characters
        new = rng.choice((b"\xe9", b"\xff", b"\xc3", b"\x00", b"\x1b", b"\xed\xa0\x80"))
        v = new
        _set(b, pos, new[:max(1, r.data_pos + r.data_len - pos)])
    return f"{_full_name(lay, r)} (type {r.typ}, dims {r.dims}) element {k} = {v!r}"


def m_param_name(b, lay, rng):
    if not lay or not lay.records:
        return m_param_bytes(b, lay, rng)
    r = rng.choice(lay.records)
    if rng.random() < 0.5:
        v = rng.choice((0, 1, 127, -127, -len(r.name), len(r.name) + 1, rng.randrange(-128, 128)))
        b[r.pos] = v & 0xFF
        return f"record {r.name!r} name length {len(r.name)} -> {v}"
    others = [x.gid for x in lay.records if x.gid != r.gid]
    v = rng.choice((0, -r.gid, 127, -128, rng.choice(others) if others else 1))
    b[r.pos + 1] = v & 0xFF
    return f"record {r.name!r} group id {r.gid} -> {v}"


def m_param_blocks(b, lay, rng):
    if rng.random() < 0.4 or not lay:
        v = rng.choice((0, 1, 3, 255, rng.randrange(256)))
        b[0] = v
        return f"parameter block pointer (byte 0) -> {v}"
    n = b[lay.param_start + 2]
    v = rng.choice((0, 1, 255, n + 1, max(0, n - 1), rng.randrange(256))) & 0xFF
    b[lay.param_start + 2] = v
    return f"parameter block count {n} -> {v}"


def m_processor(b, lay, rng):
    if not lay:
        return m_header_bytes(b, lay, rng)
    old = b[lay.param_start + 3]
    choices = [p for p in (84, 85, 86) if p != old] * 3 + [0, 83, 87, 255]
    v = rng.choice(choices)
    b[lay.param_start + 3] = v
    return f"processor byte {old} -> {v}"


def _region(n: int, lay: Optional[Layout], rng: random.Random) -> int:
    """A position in [0, n], weighted to the header and parameter section."""
    r = rng.random()
    if lay and r < 0.3:
        return rng.randrange(0, min(n, BLOCK) + 1)
    if lay and r < 0.7:
        return rng.randrange(min(n, lay.param_start), min(n, lay.data_start) + 1)
    if r < 0.8:
        return max(0, n - rng.randrange(1, 64))
    return rng.randrange(0, n + 1)


def m_truncate(b, lay, rng):
    cut = _region(len(b), lay, rng)
    del b[cut:]
    return f"truncated at byte {cut}"


def m_duplicate(b, lay, rng):
    a = _region(len(b), lay, rng)
    length = rng.choice((1, 2, 4, 16, 64, 512, 4096, rng.randrange(1, 20000)))
    chunk = bytes(b[a:a + length])
    c = _region(len(b), lay, rng)
    if rng.random() < 0.5:
        b[c:c] = chunk
        return f"bytes {a}..{a + len(chunk)} inserted again at {c}"
    b[c:c + len(chunk)] = chunk
    return f"bytes {a}..{a + len(chunk)} copied over {c}"


def m_append(b, lay, rng):
    r = rng.random()
    size = rng.choice((1, 3, 511, 512, 4096, 65536, rng.randrange(1, 200000)))
    if r < 0.4:
        b += rng.randbytes(size)
        return f"{size} random bytes appended"
    if r < 0.6:
        b += b"\x00" * size
        return f"{size} zero bytes appended"
    if r < 0.75:
        b += b"\xff" * size
        return f"{size} 0xff bytes appended"
    if len(b) < 8_000_000:
        n = len(b)
        b += bytes(b)
        return f"the whole file ({n} bytes) appended to itself"
    b += rng.randbytes(size)
    return f"{size} random bytes appended"


def m_multi(b, lay, rng, table):
    kinds = [k for k in table if k not in ("multi", "pad_sparse", "huge_line")]
    out = []
    for _ in range(rng.randint(2, 4)):
        k = rng.choice(kinds)
        out.append(f"{k}: {table[k](b, lay, rng)}")
        if lay is not None:
            lay = parse_c3d(bytes(b))
    return "; ".join(out)


C3D_MUTATORS: dict[str, Callable] = {
    "header_bytes": m_header_bytes, "param_bytes": m_param_bytes, "data_bytes": m_data_bytes,
    "header_int16": m_header_int16, "header_float": m_header_float, "param_dims": m_param_dims,
    "param_type": m_param_type, "param_next": m_param_next, "param_value": m_param_value,
    "param_name": m_param_name, "param_blocks": m_param_blocks, "processor": m_processor,
    "truncate": m_truncate, "duplicate": m_duplicate, "append": m_append,
}
C3D_KINDS = list(C3D_MUTATORS) + ["pad_sparse", "multi"]


# ============================================================================================
# Text mutations
# ============================================================================================
NUMBER = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
BAD_NUMBERS = (b"1e308", b"1e309", b"-1e400", b"nan", b"NaN", b"inf", b"-inf", b"Infinity",
               b"abc", b"", b"0x1p3", b"1" + b"0" * 400, b"99999999999999999999",
               b"-2147483649", b"2147483648", b"4294967296", b"9223372036854775808", b"-0",
               b"1e-400", b"1,5", b" ", b"1.2.3", b"+-1", b"--1", b"1e", b"\xe9")
BAD_COUNTS = (b"0", b"-1", b"1", b"2147483647", b"2147483648", b"4294967296",
              b"9223372036854775807", b"18446744073709551616", b"1000000000000", b"1e30",
              b"1e9", b"-0", b"nan", b"3.5")
HEADER_LINES = 12


def _lines(b: bytes) -> list[bytes]:
    return b.split(b"\n")


def _pick_line(n: int, rng: random.Random) -> int:
    if n <= 1:
        return 0
    if rng.random() < 0.6:
        return rng.randrange(min(n, HEADER_LINES))
    return rng.randrange(n)


def _delim(line: bytes) -> bytes:
    for d in (b"\t", b",", b" "):
        if d in line:
            return d
    return b"\t"


def t_line_delete(b, lay, rng):
    ls = _lines(bytes(b))
    gone = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        if len(ls) > 1:
            i = _pick_line(len(ls), rng)
            del ls[i]
            gone.append(i + 1)
    b[:] = b"\n".join(ls)
    return f"deleted line(s) {gone}"


def t_line_duplicate(b, lay, rng):
    ls = _lines(bytes(b))
    i = _pick_line(len(ls), rng)
    times = rng.choice((1, 1, 2, 10, 1000, 20000))
    ls[i:i + 1] = [ls[i]] * (times + 1)
    b[:] = b"\n".join(ls)
    return f"line {i + 1} repeated {times} more time(s)"


def _replace_numbers(b, rng, header_only: bool, values) -> str:
    text = bytes(b)
    limit = len(text)
    if header_only or rng.random() < 0.5:
        end = 0
        for _ in range(HEADER_LINES):
            j = text.find(b"\n", end)
            if j < 0:
                end = len(text)
                break
            end = j + 1
        limit = end
    spans = [m.span() for m in NUMBER.finditer(text, 0, limit)]
    if not spans:
        spans = [m.span() for m in NUMBER.finditer(text)]
    if not spans:
        return "no number to replace"
    picks = sorted(rng.sample(spans, min(len(spans), rng.choice((1, 1, 2, 5)))), reverse=True)
    out = []
    for (s, e) in picks:
        v = rng.choice(values)
        out.append(f"{text[s:e].decode('latin-1')}@{s}->{v[:20].decode('latin-1')}")
        text = text[:s] + v + text[e:]
    b[:] = text
    return ", ".join(out)


def t_number_replace(b, lay, rng):
    return "numbers " + _replace_numbers(b, rng, False, BAD_NUMBERS)


def t_header_count(b, lay, rng):
    return "header integers " + _replace_numbers(b, rng, True, BAD_COUNTS)


def t_column_drop(b, lay, rng):
    ls = _lines(bytes(b))
    mode = rng.choice(("all", "header", "one"))
    i = _pick_line(len(ls), rng)
    d = _delim(ls[i])
    k = rng.randrange(max(1, ls[i].count(d) + 1))
    targets = range(len(ls)) if mode == "all" else (
        range(min(len(ls), HEADER_LINES)) if mode == "header" else [i])
    for j in targets:
        f = ls[j].split(d)
        if len(f) > k:
            del f[k]
            ls[j] = d.join(f)
    b[:] = b"\n".join(ls)
    return f"column {k} dropped ({mode}, line {i + 1})"


def t_column_add(b, lay, rng):
    ls = _lines(bytes(b))
    i = _pick_line(len(ls), rng)
    d = _delim(ls[i])
    v = rng.choice((b"extra", b"1", b"nan", b"", b"1e309"))
    if rng.random() < 0.5:
        ls[i] = ls[i] + d + v
        where = f"line {i + 1}"
    else:
        for j in range(len(ls)):
            ls[j] = ls[j] + d + v
        where = "every line"
    b[:] = b"\n".join(ls)
    return f"field {v!r} added to {where}"


def t_encoding(b, lay, rng):
    text = bytes(b)
    r = rng.randrange(11)
    if r == 0:
        s = text.decode("latin-1")
        b[:] = s.encode("utf-16")
        return "whole file as UTF-16 with BOM"
    if r == 1:
        b[:] = text.decode("latin-1").encode("utf-16-be")
        return "whole file as UTF-16-BE without BOM"
    if r == 2:
        b[:] = text.decode("latin-1").encode("utf-16-le")
        return "whole file as UTF-16-LE without BOM"
    if r == 3:
        b[:] = text.decode("latin-1").encode("utf-32")
        return "whole file as UTF-32 with BOM"
    if r == 4:
        b[:] = b"\xef\xbb\xbf" + text
        return "UTF-8 BOM prepended"
    if r == 5:
        b[:] = text.replace(b"\n", b"\r")
        return "CR-only line ends"
    if r == 6:
        b[:] = text.replace(b"\n", b"\r\n")
        return "CRLF line ends"
    odd = rng.choice((b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf8\x88\x80\x80"))
    junk = {7: b"\xff", 8: b"\xe9", 9: b"\x00", 10: odd}[r]
    ls = _lines(text)
    i = _pick_line(len(ls), rng)
    p = rng.randrange(len(ls[i]) + 1)
    ls[i] = ls[i][:p] + junk + ls[i][p:]
    b[:] = b"\n".join(ls)
    return f"{junk!r} inserted in line {i + 1} at column {p}"


def t_delimiter(b, lay, rng):
    text = bytes(b)
    a, c = rng.choice(((b"\t", b" "), (b"\t", b","), (b",", b"\t"), (b"\t", b"\t\t"),
                       (b",", b",,"), (b"\n", b"\t\n"), (b"\n", b",\n"), (b" ", b"")))
    if rng.random() < 0.5:
        b[:] = text.replace(a, c)
        return f"every {a!r} -> {c!r}"
    ls = _lines(text)
    i = _pick_line(len(ls), rng)
    ls[i] = ls[i].replace(a, c)
    b[:] = b"\n".join(ls)
    return f"{a!r} -> {c!r} in line {i + 1}"


def t_truncate(b, lay, rng):
    n = len(b)
    cut = rng.randrange(0, min(n, 2000) + 1) if rng.random() < 0.5 else rng.randrange(n + 1)
    del b[cut:]
    return f"truncated at byte {cut}"


def t_duplicate(b, lay, rng):
    n = len(b)
    a = rng.randrange(n + 1) if rng.random() < 0.5 else rng.randrange(min(n, 2000) + 1)
    chunk = bytes(b[a:a + rng.choice((1, 10, 100, 1000, 20000))])
    c = rng.randrange(len(b) + 1)
    b[c:c] = chunk
    return f"bytes {a}..{a + len(chunk)} inserted again at {c}"


def t_append(b, lay, rng):
    r = rng.random()
    if r < 0.3:
        size = rng.choice((1, 100, 10000, 100000))
        b += rng.randbytes(size)
        return f"{size} random bytes appended"
    ls = _lines(bytes(b).rstrip(b"\n"))
    if r < 0.6:
        times = rng.choice((1, 100, 10000))
        b += (b"\n" + ls[-1]) * times
        return f"last line appended {times} times"
    if r < 0.8:
        b += b"\n" + rng.choice((b"1\t2", b"x", b"\t\t\t", b"#", b"endheader", b"nan," * 50))
        return "a short junk line appended"
    b += b"\n\n\n\n"
    return "empty lines appended"


def t_bytes(b, lay, rng):
    return "bytes " + _byte_edits(b, 0, len(b), rng)


def t_huge_line(b, lay, rng):
    ls = _lines(bytes(b))
    i = _pick_line(len(ls), rng)
    size = rng.choice((2, 5, 20)) * 1_000_000
    fill = rng.choice((b"1", b"a", b"\t", b"1.5\t", b","))
    ls[i] = ls[i] + fill * (size // len(fill))
    b[:] = b"\n".join(ls)
    return f"line {i + 1} extended by {size} bytes of {fill!r}"


TEXT_MUTATORS: dict[str, Callable] = {
    "line_delete": t_line_delete, "line_duplicate": t_line_duplicate,
    "number_replace": t_number_replace, "header_count": t_header_count,
    "column_drop": t_column_drop, "column_add": t_column_add, "encoding": t_encoding,
    "delimiter": t_delimiter, "truncate": t_truncate, "duplicate": t_duplicate,
    "append": t_append, "bytes": t_bytes, "huge_line": t_huge_line,
}
TEXT_KINDS = list(TEXT_MUTATORS) + ["multi"]


@dataclass
class Case:
    seed: Seed
    index: int
    kind: str
    data: bytes
    what: str
    pad_to: int = 0          # > len(data): the file is extended to this size (sparse zeros)
    master_seed: Optional[int] = None
    kinds: Optional[list] = None

    @property
    def label(self) -> str:
        return f"{self.seed.name}:{self.index}"

    def light(self) -> "Case":
        """This case without its bytes (a campaign keeps thousands of results), if they can
        be made again by :meth:`rebuilt`."""
        if self.master_seed is None:
            return self
        return Case(self.seed, self.index, self.kind, b"", self.what, self.pad_to,
                    self.master_seed, self.kinds)

    def rebuilt(self) -> "Case":
        if self.data or self.master_seed is None:
            return self
        return make_case(self.seed, self.index, self.master_seed, self.kinds)


def kinds_for(seed: Seed) -> list[str]:
    return C3D_KINDS if seed.fmt == "c3d" else TEXT_KINDS


def make_case(seed: Seed, index: int, master_seed: int, kinds: Optional[list] = None) -> Case:
    """Mutation ``index`` of ``seed``: the kind round robin, the details from an RNG seeded
    by (master_seed, file name, index), so every case can be made again alone."""
    rng = random.Random(f"{master_seed}/{seed.name}/{index}")
    ks = [k for k in kinds_for(seed) if not kinds or k in kinds] or kinds_for(seed)
    kind = ks[index % len(ks)]
    b = bytearray(seed.data)
    if seed.fmt == "c3d":
        lay = parse_c3d(seed.data)
        if kind == "pad_sparse":
            size = rng.choice((150, 300, 300, 1024)) * 1024 * 1024
            return Case(seed, index, kind, bytes(b), f"sparse zeros up to {size} bytes", size,
                        master_seed, kinds)
        table = C3D_MUTATORS
    else:
        lay = None
        table = TEXT_MUTATORS
    if kind == "multi":
        what = m_multi(b, lay, rng, table)
    else:
        what = table[kind](b, lay, rng)
    return Case(seed, index, kind, bytes(b), what, 0, master_seed, kinds)


def write_case(case: Case, path: Path) -> None:
    with open(path, "wb") as f:
        f.write(case.data)
        if case.pad_to > len(case.data):
            f.truncate(case.pad_to)


# ============================================================================================
# Worker: a child process that reads files on request (python mutation_campaign.py --worker)
# ============================================================================================
def _status(key: str) -> int:
    """A /proc/self/status field in kB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return -1


def _readers() -> dict:
    import hipmech.io as hio

    def rt_trial(trial, d):
        hio.write_c3d(trial, d / "rt.c3d")
        hio.read_c3d(d / "rt.c3d")

    def rt_mot(table, d):
        hio.write_mot(table, d / "rt.mot")
        hio.read_mot(d / "rt.mot")

    def rt_sto(table, d):
        hio.write_sto(table, d / "rt.sto")
        hio.read_sto(d / "rt.sto")

    def alloc(path):  # harness self-tests: a 200 MB "bomb", a slow read, a hang, ...
        import numpy as np
        return float(np.ones(25_000_000).sum())

    def slow(path):
        time.sleep(1.2)

    def hang(path):
        while True:
            time.sleep(1)

    return {"c3d": (hio.read_c3d, rt_trial), "trc": (hio.read_trc, rt_trial),
            "mot": (hio.read_mot, rt_mot), "sto": (hio.read_sto, rt_sto),
            "keypoints": (hio.read_keypoints_csv, None), "vsk": (hio.read_vsk, None),
            "_selftest_alloc": (alloc, None), "_selftest_slow": (slow, None),
            "_selftest_hang": (hang, None),
            "_selftest_abort": (lambda path: os.abort(), None),
            "_selftest_raise": (lambda path: {}["no such key"], None)}


def _exc(e: BaseException) -> dict:
    tb = traceback.format_exception(type(e), e, e.__traceback__)
    return {"type": f"{type(e).__module__}.{type(e).__qualname__}", "message": str(e)[:2000],
            "traceback": "".join(tb)[-3000:]}


def worker_main(as_limit_mb: int, fresh: bool) -> None:
    """Read one request (a JSON line) at a time from stdin and answer on the original stdout;
    the library's own stdout goes to stderr so it cannot garble the answers."""
    import warnings

    import hipmech

    warnings.simplefilter("ignore")
    readers = _readers()
    out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    try:
        libc = ctypes.CDLL("libc.so.6")
        trim = lambda: libc.malloc_trim(0)  # noqa: E731
    except OSError:
        trim = lambda: None  # noqa: E731
    if as_limit_mb > 0:
        vm = _status("VmSize") * 1024
        resource.setrlimit(resource.RLIMIT_AS, (vm + as_limit_mb * 1024 * 1024,
                                                resource.RLIM_INFINITY))

    def send(msg: dict) -> None:
        out.write(json.dumps(msg) + "\n")
        out.flush()

    gc.collect()
    trim()
    send({"ready": True, "rss_kb": _status("VmRSS"), "hwm_kb": _status("VmHWM")})
    for line in sys.stdin:
        req = json.loads(line)
        read, roundtrip = readers[req["reader"]]
        gc.collect()
        trim()
        rss0 = _status("VmRSS")
        if not fresh:  # reset VmHWM to the current RSS (Linux >= 4.0)
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
        res: dict[str, Any] = {"phase": "read"}
        obj = None
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            obj = read(req["path"])
            res["outcome"] = "ok"
        except hipmech.FileError as e:
            res.update(outcome="file_error", message=str(e)[:500])
        except Exception as e:  # noqa: BLE001 - any other type is what we look for
            res.update(outcome="other", **_exc(e))
        res["time_s"] = time.perf_counter() - t0
        res["cpu_s"] = time.process_time() - c0
        res["hwm_kb"] = _status("VmHWM")
        res["rss0_kb"] = rss0
        res["extra_kb"] = res["hwm_kb"] - rss0
        send(res)
        if req.get("roundtrip") and obj is not None and roundtrip is not None:
            rt: dict[str, Any] = {"phase": "roundtrip"}
            d = Path(tempfile.mkdtemp(prefix="hm-rt-", dir=req.get("tmp")))
            t0 = time.perf_counter()
            try:
                roundtrip(obj, d)
                rt["outcome"] = "ok"
            except hipmech.FileError as e:
                rt.update(outcome="reread_refused", message=str(e)[:500])
            except (ValueError, TypeError) as e:
                rt.update(outcome="refused", type=type(e).__name__, message=str(e)[:500])
            except Exception as e:  # noqa: BLE001
                rt.update(outcome="other", **_exc(e))
            rt["time_s"] = time.perf_counter() - t0
            left = sorted(p.name for p in d.iterdir())
            if rt["outcome"] != "ok" and left:
                rt.update(outcome="litter", left=left, was=rt["outcome"])
            shutil.rmtree(d, ignore_errors=True)
            send(rt)
        obj = None
        send({"phase": "done", "idle_rss_kb": _status("VmRSS")})


class WorkerDied(Exception):
    pass


class Worker:
    """A child running worker_main; ``fresh`` ones read one file and are ended."""

    def __init__(self, as_limit_mb: int, fresh: bool = False, tmp: Optional[str] = None):
        env = dict(os.environ)
        env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
        self.tmp = tmp
        self.stderr = tempfile.TemporaryFile(dir=tmp)
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker",
               "--as-limit-mb", str(as_limit_mb)] + (["--fresh"] if fresh else [])
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr, env=env, start_new_session=True)
        self.buf = b""
        self.served = 0
        self.ready = self.recv(120.0)

    def send(self, msg: dict) -> None:
        self.proc.stdin.write((json.dumps(msg) + "\n").encode())
        self.proc.stdin.flush()

    def recv(self, timeout: float) -> Optional[dict]:
        """The next answer; None after ``timeout`` seconds; WorkerDied if the child died."""
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([fd], [], [], left)
            if r:
                chunk = os.read(fd, 65536)
                if not chunk:
                    rc = self.proc.wait()
                    raise WorkerDied(rc)
                self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def stderr_tail(self) -> str:
        self.stderr.seek(0)
        return self.stderr.read()[-3000:].decode("utf-8", "replace")

    def kill(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)  # its own session: it and its children
            except ProcessLookupError:
                pass
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.stderr):
            try:
                f.close()
            except OSError:  # a broken pipe to a dead child
                pass

    def close(self) -> None:
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self.kill()


def run_one(worker: Worker, path: str, reader: str, roundtrip: bool, hang_s: float) -> dict:
    """Send one read to ``worker`` and collect what happened. The result's ``dead`` is True
    when the worker cannot be used again."""
    res: dict[str, Any] = {"dead": False}
    worker.send({"path": path, "reader": reader, "roundtrip": roundtrip, "tmp": worker.tmp})
    worker.served += 1
    phase = "read"
    try:
        while True:
            msg = worker.recv(hang_s)
            if msg is None:
                worker.kill()
                res["dead"] = True
                res[phase] = {"outcome": "timeout", "time_s": hang_s}
                break
            ph = msg.pop("phase")
            if ph == "done":
                res["idle_rss_kb"] = msg["idle_rss_kb"]
                break
            res[ph] = msg
            if ph == "read":
                phase = "roundtrip"
    except WorkerDied as e:
        rc = e.args[0]
        res["dead"] = True
        res[phase] = {"outcome": "crash", "signal": -rc if rc < 0 else None, "returncode": rc,
                      "stderr": worker.stderr_tail()}
        worker.kill()
    return res


def baseline(as_limit_mb: int, tmp: Optional[str]) -> dict:
    """Peak and current RSS [kB] of a child that imports hipmech and reads nothing."""
    w = Worker(as_limit_mb, fresh=True, tmp=tmp)
    ready = w.ready
    w.close()
    return {"hwm_kb": ready["hwm_kb"], "rss_kb": ready["rss_kb"]}


def measure_fresh(path: str, reader: str, as_limit_mb: int, hang_s: float, base: dict,
                  tmp: Optional[str], repeats: int = 3, time_limit_s: float = math.inf) -> dict:
    """Read ``path`` in fresh processes, up to ``repeats`` times while the time is over
    ``time_limit_s`` (a busy machine can slow one read; the RSS hardly varies): the best time
    and the smallest peak RSS above the import-only baseline."""
    best: Optional[dict] = None
    for _ in range(repeats):
        w = Worker(as_limit_mb, fresh=True, tmp=tmp)
        r = run_one(w, path, reader, False, hang_s)
        if not r["dead"]:
            w.close()
        read = r["read"]
        if read["outcome"] in ("crash", "timeout", "other"):
            return read
        read["extra_fresh_kb"] = read["hwm_kb"] - base["hwm_kb"]
        if best is None:
            best = read
        else:
            best["time_s"] = min(best["time_s"], read["time_s"])
            best["extra_fresh_kb"] = min(best["extra_fresh_kb"], read["extra_fresh_kb"])
        if best["time_s"] <= time_limit_s:
            break
    return best


# ============================================================================================
# The campaign
# ============================================================================================
@dataclass
class Limits:
    time_s: float = 1.0
    rss_mb: float = 100.0
    hang_s: float = 10.0
    as_limit_mb: int = 2048


@dataclass
class Result:
    case: Case
    outcome: str                 # ok / file_error / other / crash / timeout
    time_s: float
    extra_mb: float
    rt: str = ""                 # "" (none), ok, refused, reread_refused, other, crash, ...
    failure: str = ""            # "" or why this case fails
    detail: dict = field(default_factory=dict)


def classify(case: Case, r: dict, limits: Limits, base: dict, tmp: Optional[str]) -> Result:
    read = r["read"]
    outcome = read["outcome"]
    res = Result(case, outcome, read.get("time_s", 0.0), read.get("extra_kb", 0) / 1024.0,
                 detail={"read": read})
    if outcome in ("other", "crash", "timeout"):
        res.failure = outcome
    elif read["time_s"] > limits.time_s / 2 or res.extra_mb > limits.rss_mb / 2:
        # near or over a limit: measure again in fresh processes; their figure counts
        p = Path(tmp or tempfile.gettempdir()) / f"fresh-{os.getpid()}.{case.seed.ext}"
        write_case(case, p)
        fr = measure_fresh(str(p), case.seed.reader, limits.as_limit_mb, limits.hang_s, base, tmp,
                           time_limit_s=limits.time_s)
        p.unlink()
        res.detail["fresh"] = fr
        if fr["outcome"] in ("other", "crash", "timeout"):
            res.failure = fr["outcome"] + " (fresh process)"
        else:
            res.time_s = fr["time_s"]
            res.extra_mb = fr["extra_fresh_kb"] / 1024.0
            over = []
            if res.time_s > limits.time_s:
                over.append(f"slow: {res.time_s:.2f} s")
            if res.extra_mb > limits.rss_mb:
                over.append(f"memory: {res.extra_mb:.0f} MB")
            res.failure = ", ".join(over)
    rt = r.get("roundtrip")
    if rt:
        res.rt = rt["outcome"]
        res.detail["roundtrip"] = rt
        if rt["outcome"] not in ("ok", "refused") and not res.failure:
            res.failure = f"roundtrip {rt['outcome']}"
    return res


def iter_cases(seeds: list[Seed], n: int, master_seed: int,
               kinds: Optional[list] = None) -> Iterator[Case]:
    """Round robin over the seeds, so that a run cut short by --seconds covers all of them."""
    for j in range(n):
        for s in seeds:
            yield make_case(s, j, master_seed, kinds)


@dataclass
class Campaign:
    results: list
    base: dict
    seconds: float
    calibration: list = field(default_factory=list)
    workers_started: int = 0

    @property
    def failures(self) -> list:
        return [r for r in self.results if r.failure]


def run_campaign(cases: Iterator[Case], *, jobs: int = 1, limits: Limits = Limits(),
                 seconds: float = 0.0, roundtrip: bool = True, calibrate: int = 0,
                 tmp: Optional[str] = None, log: Callable[[str], None] = lambda s: None,
                 recycle_after: int = 500, calibrate_seed: int = 0) -> Campaign:
    """Read every case in a worker child; see the module docstring for what is measured."""
    own_tmp = tmp is None
    if own_tmp:
        tmp = tempfile.mkdtemp(prefix="hm-mut-", dir="/dev/shm" if os.path.isdir("/dev/shm")
                               else None)
    t_start = time.monotonic()
    base = baseline(limits.as_limit_mb, tmp)
    log(f"baseline: a child that imports hipmech and reads nothing peaks at "
        f"{base['hwm_kb'] / 1024:.1f} MB RSS")
    workers: list[Optional[Worker]] = [None] * jobs
    busy: dict[int, tuple] = {}
    results: list[Result] = []
    started = 0
    it = iter(cases)
    exhausted = False
    last_log = time.monotonic()

    def fresh_worker() -> Worker:
        nonlocal started
        started += 1
        return Worker(limits.as_limit_mb, tmp=tmp)

    # Workers are driven one request at a time; with several, requests are dealt round robin
    # and answers collected in order (each worker is a separate process on its own core).
    try:
        while True:
            for slot in range(jobs):
                if slot in busy or exhausted:
                    continue
                if seconds and time.monotonic() - t_start > seconds:
                    exhausted = True
                    break
                case = next(it, None)
                if case is None:
                    exhausted = True
                    break
                w = workers[slot]
                if w is None:
                    w = workers[slot] = fresh_worker()
                path = Path(tmp) / f"slot{slot}.{case.seed.ext}"
                write_case(case, path)
                busy[slot] = (case, path)
            if not busy:
                break
            for slot in sorted(busy):
                case, path = busy.pop(slot)
                w = workers[slot]
                r = run_one(w, str(path), case.seed.reader, roundtrip, limits.hang_s)
                res = classify(case, r, limits, base, tmp)
                res.case = case.light()
                results.append(res)
                if res.failure:
                    log(f"FAIL {case.label} [{case.kind}] {res.failure}: {case.what}")
                if r["dead"]:
                    workers[slot] = None
                elif (w.served >= recycle_after
                      or r.get("idle_rss_kb", 0) > base["rss_kb"] + 50 * 1024):
                    w.close()
                    workers[slot] = None
                path.unlink(missing_ok=True)
            if time.monotonic() - last_log > 30:
                last_log = time.monotonic()
                log(f"{len(results)} cases, {sum(1 for r in results if r.failure)} failing, "
                    f"{time.monotonic() - t_start:.0f} s")
        calibration = []
        if calibrate:
            rng = random.Random(calibrate_seed)
            sample = [r for r in results if r.outcome in ("ok", "file_error")]
            for r in rng.sample(sample, min(calibrate, len(sample))):
                p = Path(tmp) / f"calib.{r.case.seed.ext}"
                write_case(r.case.rebuilt(), p)
                fr = measure_fresh(str(p), r.case.seed.reader, limits.as_limit_mb,
                                   limits.hang_s, base, tmp, repeats=1)
                p.unlink()
                if fr.get("extra_fresh_kb") is not None:
                    calibration.append((r, fr["time_s"], fr["extra_fresh_kb"] / 1024.0))
    finally:
        for w in workers:
            if w is not None:
                w.close()
        if own_tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return Campaign(results, base, time.monotonic() - t_start, calibration, started)


# ============================================================================================
# Reporting, saving, minimising
# ============================================================================================
def summary_rows(results: list) -> list:
    """(seed, kind, count, ok, file_error, other, crash, timeout, failing, max time, max MB,
    round trips ok/refused) per seed file and kind, then per seed, then in all."""
    groups: dict[tuple, list] = {}
    for r in results:
        groups.setdefault((r.case.seed.name, r.case.kind), []).append(r)
        groups.setdefault((r.case.seed.name, "(all)"), []).append(r)
        groups.setdefault(("(all)", "(all)"), []).append(r)
    rows = []
    for (s, k), rs in groups.items():
        c = {o: sum(1 for r in rs if r.outcome == o)
             for o in ("ok", "file_error", "other", "crash", "timeout")}
        rows.append((s, k, len(rs), c["ok"], c["file_error"], c["other"], c["crash"],
                     c["timeout"], sum(1 for r in rs if r.failure),
                     max(r.time_s for r in rs), max(r.extra_mb for r in rs),
                     sum(1 for r in rs if r.rt == "ok"), sum(1 for r in rs if r.rt == "refused")))
    order = {}
    for r in results:
        order.setdefault(r.case.seed.name, len(order))
    rows.sort(key=lambda x: (x[0] == "(all)", order.get(x[0], 0), x[1] == "(all)", x[1]))
    return rows


def format_table(rows: list) -> str:
    head = ("seed file", "kind", "count", "OK", "FileError", "other", "crash", "timeout",
            "failing", "max time s", "max extra MB", "rt ok", "rt refused")
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for row in rows:
        s, k, *nums = row
        cells = [s, k] + [str(v) for v in nums[:7]] + [f"{nums[7]:.3f}", f"{nums[8]:.1f}"] + [
            str(v) for v in nums[9:]]
        if k == "(all)":
            cells = [f"**{c}**" for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


READ_CALL = {"c3d": "read_c3d", "trc": "read_trc", "mot": "read_mot", "sto": "read_sto",
             "keypoints": "read_keypoints_csv", "vsk": "read_vsk"}


def reproducer(path: Path, reader: str) -> str:
    fn = READ_CALL.get(reader, reader)
    return f"python -c \"import hipmech.io as h; h.{fn}('{path}')\""


def failure_key(res: Result) -> str:
    """What a shrunk input must still do to count as the same failure."""
    f = res.failure.split(":")[0].split(" (")[0]
    if f == "other":
        return f"other:{res.detail['read'].get('type')}"
    if f.startswith("roundtrip"):
        return f
    return f


def save_failure(res: Result, out: Path, master_seed: int, min_data: Optional[bytes] = None,
                 min_key: str = "") -> Path:
    out.mkdir(parents=True, exist_ok=True)
    c = res.case.rebuilt()
    stem = f"{c.seed.name.replace('.', '_')}-{c.index}-{c.kind}"
    p = out / f"{stem}.{c.seed.ext}"
    write_case(c, p)
    lines = [f"seed file: {c.seed.name} (reader {c.seed.reader}), case {c.index}, "
             f"campaign --seed {master_seed}",
             f"mutation [{c.kind}]: {c.what}",
             f"failure: {res.failure}",
             f"outcome: {res.outcome}, time {res.time_s:.3f} s, extra RSS {res.extra_mb:.1f} MB, "
             f"round trip: {res.rt or '-'}",
             f"reproduce: {reproducer(p, c.seed.reader)}",
             f"campaign: python scripts/mutation_campaign.py --seed {master_seed} "
             f"--case {c.label}"]
    if min_data is not None:
        mp = out / f"{stem}.min.{c.seed.ext}"
        mp.write_bytes(min_data)
        lines.append(f"minimised: {mp.name} ({len(min_data)} bytes, "
                     f"{len(c.data) if not c.pad_to else c.pad_to} before), still {min_key}")
        lines.append(f"reproduce minimised: {reproducer(mp, c.seed.reader)}")
    lines.append("")
    lines.append(json.dumps(res.detail, indent=1, default=str))
    (out / f"{stem}.txt").write_text("\n".join(lines) + "\n")
    return p


def minimise(res: Result, limits: Limits, base: dict, budget: int = 300,
             log: Callable[[str], None] = lambda s: None) -> tuple[bytes, str]:
    """Shrink the failing input while it fails the same way: the shortest failing prefix
    (binary search), then chunks removed, halving the chunk size (ddmin-like), within
    ``budget`` reads."""
    case = res.case.rebuilt()
    key = failure_key(res)
    slow = key.startswith(("slow", "memory", "timeout"))
    budget = min(budget, 40) if slow else budget
    tmp = tempfile.mkdtemp(prefix="hm-min-", dir="/dev/shm" if os.path.isdir("/dev/shm")
                           else None)
    worker: list = [None]
    tries = [0]
    hang = min(limits.hang_s, 5.0) if key.startswith("timeout") else limits.hang_s

    def fails(data: bytes) -> bool:
        if tries[0] >= budget:
            return False
        tries[0] += 1
        c = Case(case.seed, case.index, case.kind, data, case.what)
        if worker[0] is None:
            worker[0] = Worker(limits.as_limit_mb, tmp=tmp)
        p = Path(tmp) / f"min.{case.seed.ext}"
        write_case(c, p)
        r = run_one(worker[0], str(p), case.seed.reader, key.startswith("roundtrip"), hang)
        if r["dead"]:
            worker[0] = None
        got = classify(c, r, limits, base, tmp)
        return bool(got.failure) and failure_key(got) == key

    data = case.data
    try:
        if case.pad_to:  # the padding is the point: do not shrink it away
            return data, key
        lo, hi = 0, len(data)  # shortest failing prefix in (lo, hi]
        while hi - lo > 1 and tries[0] < budget:
            mid = (lo + hi) // 2
            if fails(data[:mid]):
                hi = mid
            else:
                lo = mid
        data = data[:hi]
        chunk = max(1, len(data) // 2)
        while chunk >= 1 and tries[0] < budget:
            i = 0
            while i < len(data) and tries[0] < budget:
                cand = data[:i] + data[i + chunk:]
                if cand and fails(cand):
                    data = cand
                else:
                    i += chunk
            chunk //= 2
        log(f"minimised {case.label}: {len(case.data)} -> {len(data)} bytes in {tries[0]} reads")
        return data, key
    finally:
        if worker[0] is not None:
            worker[0].close()
        shutil.rmtree(tmp, ignore_errors=True)


# ============================================================================================
# Command line
# ============================================================================================
def main(argv: Optional[list] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1, help="master RNG seed (1)")
    ap.add_argument("--n", type=int, default=200, help="mutations per seed file (200)")
    ap.add_argument("--seconds", type=float, default=0.0,
                    help="stop after this many seconds (0: no limit)")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (1)")
    ap.add_argument("--validation", type=Path, default=DEFAULT_VALIDATION,
                    help=f"validation folder ({DEFAULT_VALIDATION})")
    ap.add_argument("--only", default="", help="comma-separated seed file names to use")
    ap.add_argument("--kinds", default="", help="comma-separated mutation kinds to use")
    ap.add_argument("--case", default="", help="run one case again: FILE:INDEX")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "mutation-campaign",
                    help="folder for failing inputs (build/mutation-campaign)")
    ap.add_argument("--time-limit-s", type=float, default=1.0)
    ap.add_argument("--rss-limit-mb", type=float, default=100.0)
    ap.add_argument("--hang-s", type=float, default=10.0,
                    help="no answer after this long is a hang: the child is killed (10)")
    ap.add_argument("--as-limit-mb", type=int, default=2048,
                    help="RLIMIT_AS of each child above its size after import (2048; 0: none)")
    ap.add_argument("--no-roundtrip", action="store_true",
                    help="do not write back and re-read what was read")
    ap.add_argument("--calibrate", type=int, default=20,
                    help="cases re-measured in fresh processes to check the workers' figures")
    ap.add_argument("--minimise", action="store_true",
                    help="shrink the first failing input of each seed file, kind and failure")
    ap.add_argument("--save-per-group", type=int, default=3,
                    help="failing inputs saved per seed file, kind and failure (3)")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--fresh", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)

    if a.worker:
        worker_main(a.as_limit_mb, a.fresh)
        return 0

    def log(s: str) -> None:
        print(s, file=sys.stderr, flush=True)

    # kill PID: end like Ctrl-C, so that the workers and temporary files are cleaned up
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    t0 = time.monotonic()
    seeds = demo_seeds()
    if a.validation.is_dir():
        seeds = validation_seeds(a.validation) + seeds
    else:
        log(f"no validation folder at {a.validation}: demo seeds only")
    if a.case:
        name, _, idx = a.case.rpartition(":")
        a.only, a.n = name, int(idx) + 1
    if a.only:
        want = set(a.only.split(","))
        seeds = [s for s in seeds if s.name in want]
        if not seeds:
            ap.error(f"--only/--case: no seed file called {a.only}")
    kinds = [k for k in a.kinds.split(",") if k] or None
    log(f"{len(seeds)} seed files ({time.monotonic() - t0:.1f} s to build): "
        + ", ".join(f"{s.name} ({len(s.data)} B)" for s in seeds))
    if a.case:
        cases: Iterator[Case] = iter([make_case(seeds[0], a.n - 1, a.seed, kinds)])
    else:
        cases = iter_cases(seeds, a.n, a.seed, kinds)
    limits = Limits(a.time_limit_s, a.rss_limit_mb, a.hang_s, a.as_limit_mb)
    camp = run_campaign(cases, jobs=a.jobs, limits=limits, seconds=a.seconds,
                        roundtrip=not a.no_roundtrip, calibrate=0 if a.case else a.calibrate,
                        log=log, calibrate_seed=a.seed)
    if a.case:
        r = camp.results[0]
        print(f"{r.case.label} [{r.case.kind}] {r.case.what}\n-> {r.outcome}, {r.time_s:.3f} s, "
              f"{r.extra_mb:.1f} MB, round trip {r.rt or '-'}; {r.failure or 'no failure'}")
        print(json.dumps(r.detail, indent=1, default=str)[:4000])
    print(format_table(summary_rows(camp.results)))
    n = len(camp.results)
    print(f"\n{n} mutated inputs in {camp.seconds:.0f} s ({n / max(camp.seconds, 1e-9):.1f}/s), "
          f"--seed {a.seed} --n {a.n} --jobs {a.jobs}; {camp.workers_started} worker processes; "
          f"baseline child peak RSS {camp.base['hwm_kb'] / 1024:.1f} MB")
    refusals: dict[str, int] = {}
    for r in camp.results:
        if r.rt == "refused":
            m = r.detail["roundtrip"]
            msg = re.sub(r"\[[^\]]*\]", "[.]", m["message"].split(", got")[0])
            key = f"{m['type']}: {re.sub(r'-?[0-9][0-9.]*(e[-+]?[0-9]+)?', 'N', msg)[:150]}"
            refusals[key] = refusals.get(key, 0) + 1
    if refusals:
        print("\nround trips refused by the writer (accepted; the message should name the "
              "argument):")
        for k, v in sorted(refusals.items(), key=lambda x: -x[1]):
            print(f"  {v:6d}  {k}")
    if camp.calibration:
        dt = max(abs(f_t - r.time_s) for r, f_t, _ in camp.calibration)
        dm = max(abs(f_m - r.extra_mb) for r, _, f_m in camp.calibration)
        print(f"\ncalibration: {len(camp.calibration)} cases re-read in fresh processes; largest "
              f"difference from the worker's figures: {dt * 1000:.0f} ms, {dm:.1f} MB "
              f"(fresh includes first-touch page faults)")
    fails = camp.failures
    if fails:
        # The same failure tends to repeat: save (and minimise) the first few of each seed
        # file, kind and failure; list the others by case.
        print(f"\n{len(fails)} FAILING input(s), in {a.out}:")
        seen: dict[tuple, int] = {}
        for r in fails:
            group = (r.case.seed.name, r.case.kind, failure_key(r))
            seen[group] = seen.get(group, 0) + 1
            if seen[group] > a.save_per_group:
                print(f"  {r.case.label} [{r.case.kind}] {r.failure}: {r.case.what}\n"
                      f"    (not saved: --case {r.case.label})")
                continue
            md, mk = (None, "")
            if a.minimise and seen[group] == 1:
                md, mk = minimise(r, limits, camp.base, log=log)
            p = save_failure(r, a.out, a.seed, md, mk)
            print(f"  {r.case.label} [{r.case.kind}] {r.failure}: {r.case.what}\n"
                  f"    {reproducer(p, r.case.seed.reader)}")
        return 1
    print("\nno failure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
