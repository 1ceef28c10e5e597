"""Session files of ``hipmech assess``: one subject, the clinical tests done, their values and
their trial or keypoint files, in YAML, JSON or CSV (docs: assess, "The session file").

:func:`read_session` reads and checks a file into a :class:`Session`. Every problem is a
:class:`SessionError` (a ValueError) naming the file, the line for CSV, and the field path, e.g.
``session.yaml: tests.y_balance.right.anterior: expected a number >= 0 [cm], got -3``. Keys
the format does not know are errors that name them, so that a misspelt key is never ignored.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as _dt
import hashlib
import io as _io
import json
import math
import numbers
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

__all__ = ["SESSION_TESTS", "Session", "SessionError", "Subject", "read_session"]

#: The tests a session can name, in the order an assessment runs and shows them.
SESSION_TESTS = ("single_leg_stance", "single_leg_squat", "hip_abductor_strength", "y_balance",
                 "hop_tests")

SIDES = ("left", "right")
Y_BALANCE_DIRECTIONS = ("anterior", "posteromedial", "posterolateral")
HOP_TESTS = ("single_cm", "triple_cm", "crossover_cm", "timed_6m_s")
STRENGTH_QUANTITIES = ("force_n", "torque_nm")
#: The columns of a CSV session (test, quantity and value required).
CSV_COLUMNS = ("test", "side", "quantity", "trial", "value", "unit")
SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".csv": "csv"}


class SessionError(ValueError):
    """A session file that cannot be used: the message names the file, the line (CSV) and the
    field path. A subclass of ValueError."""


@dataclass(frozen=True)
class Subject:
    """Who was assessed.

    Attributes
    ----------
    id : str
        The subject's identifier (shown in the header and kept in assessment.json).
    name : str
        The subject's name, or "" (an identifier alone is enough).
    mass_kg, height_m : float
        Body mass [kg] and height [m]; NaN when not given.
    limb_length_cm : dict
        ``{"left": cm, "right": cm}``: leg length, anterior superior iliac spine to the medial
        malleolus (the Y-Balance normalisation, Plisky et al. 2009); NaN when not given.
    involved : str or None
        The involved (injured, weak, operated) side, ``"left"``/``"right"``, or None.
    date : str
        The session's date (ISO ``YYYY-MM-DD``), or "".
    """

    id: str
    name: str = ""
    mass_kg: float = math.nan
    height_m: float = math.nan
    limb_length_cm: dict = field(default_factory=lambda: {"left": math.nan, "right": math.nan})
    involved: Optional[str] = None
    date: str = ""


@dataclass(frozen=True)
class Session:
    """A checked session file (:func:`read_session`).

    Attributes
    ----------
    path : pathlib.Path or None
        The file (absolute), None for a session made in Python (:meth:`from_dict`).
    format : str
        ``"yaml"``, ``"json"``, ``"csv"`` or ``"dict"``.
    subject : Subject
    tests : dict
        Test name (of :data:`SESSION_TESTS`) -> its checked inputs: per side, each quantity as a
        list of trial values (floats, in the unit its name carries) or, for
        single_leg_stance/single_leg_squat, the file (absolute :class:`pathlib.Path`) and its
        settings; the test's options beside the sides.
    baseline : pathlib.Path or None
        An earlier session of the same subject to compare with (programme change).
    programme : dict
        Name -> a baseline/follow-up comparison given as numbers (docs: assess).
    sha256 : str
        SHA-256 of the file's bytes ("" for a dict).
    measurement_error : dict
        Test -> quantity -> ``{"sem": x}``, ``{"mdc": x}`` or ``{"reliability": {"icc", "sd"}}``
        (the measurement error of each quantity compared with the baseline session), with
        ``"higher_is_better": bool`` when the session gives the quantity's direction.
    notes : list of str
        What reading the file did that the values alone do not show: lines read as Latin-1,
        failed trials recorded as NaN, a test's limb length used instead of the subject's.
    """

    path: Optional[Path]
    format: str
    subject: Subject
    tests: dict
    baseline: Optional[Path] = None
    programme: dict = field(default_factory=dict)
    sha256: str = ""
    measurement_error: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    @property
    def files(self) -> list[tuple[str, Path]]:
        """(field path, file) of every trial or keypoint file the session names."""
        out = []
        for test in ("single_leg_stance", "single_leg_squat"):
            for side, spec in self.tests.get(test, {}).items():
                if side in SIDES:
                    key = "trial" if "trial" in spec else "keypoints"
                    out.append((f"tests.{test}.{side}.{key}", spec[key]))
        return out

    @classmethod
    def from_dict(cls, data: Mapping, *, base_dir: Any = ".", name: str = "<dict>") -> "Session":
        """A session from a mapping laid out as a YAML/JSON session file (files relative to
        ``base_dir``); errors name ``name`` as the file."""
        return _check(data, _Where(name), Path(base_dir).resolve(), None, "dict", "", [])

    def to_dict(self) -> dict:
        """JSON-ready: paths as strings, NaN as None."""
        def conv(v: Any) -> Any:
            if isinstance(v, Path):
                return str(v)
            if isinstance(v, float):
                return v if math.isfinite(v) else None
            if isinstance(v, dict):
                return {k: conv(x) for k, x in v.items()}
            if isinstance(v, (list, tuple)):
                return [conv(x) for x in v]
            return v

        return conv({"path": self.path, "format": self.format, "sha256": self.sha256,
                     "subject": dataclasses.asdict(self.subject), "tests": self.tests,
                     "baseline": self.baseline, "programme": self.programme,
                     "measurement_error": self.measurement_error, "notes": self.notes})


def read_session(path: Any) -> Session:
    """Read and check a session file: YAML (``.yaml``/``.yml``), JSON (``.json``) or CSV
    (``.csv``, the long layout), by its extension.

    Parameters
    ----------
    path : str or os.PathLike
        The session file. Trial and keypoint files it names are relative to its folder.

    Returns
    -------
    Session

    Raises
    ------
    FileNotFoundError
        (an OSError) the file does not exist.
    SessionError
        (a ValueError) the file cannot be parsed, a required field is missing, a value is of
        the wrong kind or out of range, a key is unknown, a named file is missing: the message
        names the file, the CSV line and the field path.
    TypeError
        ``path`` is not a path.

    Examples
    --------
    A YAML session (docs: assess)::

        subject: {id: P07, mass_kg: 72, limb_length_cm: 92, involved: right}
        tests:
          y_balance:
            left:  {anterior: 64, posteromedial: 102, posterolateral: 98}
            right: {anterior: 58, posteromedial: 99, posterolateral: 95}
    """
    if isinstance(path, bool) or not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"argument 'path': expected a session file path (str or os.PathLike), "
                        f"got {type(path).__name__}")
    p = Path(path)
    fmt = SUFFIXES.get(p.suffix.lower())
    if fmt is None:
        raise SessionError(f"{p}: expected a session file ending in .yaml, .yml, .json or "
                           f".csv, got {p.suffix or 'no extension'!r}")
    if not p.is_file():
        raise FileNotFoundError(f"argument 'path': session file {str(p)!r} not found")
    raw = p.read_bytes()
    where = _Where(str(p))
    text, notes = _decode(raw, where)
    lines: dict[tuple, int] = {}
    units: dict[tuple, tuple[str, int]] = {}
    if fmt == "yaml":
        data = _load_yaml(text, where)
    elif fmt == "json":
        data = _load_json(text, where)
    else:
        data = _load_csv(text, where, lines, units, notes)
    where.lines = lines
    session = _check(data, where, p.resolve().parent, p.resolve(), fmt,
                     hashlib.sha256(raw).hexdigest(), notes)
    if units:
        _check_units(units, where)
    return session


# ------------------------------------------------------------------------------------------
# Parsing


class _Where:
    """The file (and, for CSV, the line of each field) that messages name."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: dict[tuple, int] = {}

    def __call__(self, path: tuple, line_of: Optional[tuple] = None) -> str:
        """``FILE: [line N: ]FIELD``; the line of ``line_of`` (default ``path``): the CSV
        line of the field or of the first field under it."""
        key = tuple(path if line_of is None else line_of)
        line = None
        for k in range(len(key), 0, -1):
            line = self.lines.get(key[:k])
            if line is not None:
                break
        if line is None:  # a mapping: the first line of a field under it
            under = [n for p, n in self.lines.items() if p[:len(key)] == key]
            line = min(under) if under and key else None
        return f"{self.name}: " + (f"line {line}: " if line is not None else "") + _dotted(path)


def _dotted(path: tuple) -> str:
    """``tests.y_balance.right.anterior`` (trial k: `` (trial k)``)."""
    text = ".".join(str(p) for p in path if not isinstance(p, int))
    trial = [p for p in path if isinstance(p, int)]
    return (text or "(top level)") + (f" (trial {trial[-1] + 1})" if trial else "")


def _decode(raw: bytes, where: _Where) -> tuple[str, list[str]]:
    """The file's text by hipmech's rule for text files (docs: io, "Text encodings"): UTF-16
    with a byte-order mark, else UTF-8 (a byte-order mark skipped) line by line, a line that is
    not UTF-8 read as Latin-1 (every byte is a Latin-1 character: nothing fails, nothing is
    lost); the lines read as Latin-1 are noted."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise SessionError(f"{where.name}: expected UTF-16 text (the file starts with its "
                               f"byte-order mark), got bytes that are not ({exc.reason} at "
                               f"byte {exc.start})") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    parts, latin = [], []
    for n, line in enumerate(raw.splitlines(keepends=True), start=1):
        try:
            parts.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            parts.append(line.decode("latin-1"))
            latin.append(n)
    shown = ", ".join(map(str, latin[:10])) + (" ..." if len(latin) > 10 else "")
    return "".join(parts), [
        f"{where.name}: line{'s' if len(latin) > 1 else ''} {shown} not UTF-8: read as Latin-1 "
        "(ISO 8859-1), as hipmech's text readers do (docs: io, Text encodings); save the file "
        "as UTF-8 to be sure of every character"]


#: Keys whose plain YAML scalars are kept as written (an identifier 007 stays "007", not 7).
_TEXT_KEYS = ("id", "name")


def _load_yaml(text: str, where: _Where) -> Any:
    import yaml

    class Loader(yaml.SafeLoader):
        """safe_load that refuses a key given twice (PyYAML keeps the last silently), keeps
        the text of ``id`` and ``name`` as written, and reads no dates (a date is checked as
        text, so that 2026-13-01 is an error naming its field)."""

    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}

    def mapping(loader: Any, node: Any, deep: bool = False) -> dict:
        seen: dict = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if key in seen:
                raise SessionError(f"{where.name}: line {key_node.start_mark.line + 1}: key "
                                   f"{key!r} given twice (first on line {seen[key]})")
            seen[key] = key_node.start_mark.line + 1
            if key in _TEXT_KEYS and isinstance(value_node, yaml.ScalarNode) and \
                    value_node.style is None and value_node.tag != "tag:yaml.org,2002:null":
                value_node.tag = "tag:yaml.org,2002:str"
        return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    try:
        return yaml.load(text, Loader=Loader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        raise SessionError(f"{where.name}: expected YAML, got text YAML cannot parse: "
                           f"{' '.join(_no_stream_name(str(exc)).split())}") from None


def _no_stream_name(text: str) -> str:
    """PyYAML's message without the name of the string it parsed (its lines are the file's)."""
    return text.replace('in "<unicode string>", ', "")


class _JsonInt(int):
    """A JSON integer that keeps its text (an identifier given as a number: 1e3 stays
    "1e3")."""

    text = ""

    @classmethod
    def parse(cls, s: str) -> "_JsonInt":
        x = cls(s)
        x.text = s
        return x


class _JsonFloat(float):
    """A JSON number with a fraction or an exponent that keeps its text."""

    text = ""

    @classmethod
    def parse(cls, s: str) -> "_JsonFloat":
        x = cls(s)
        x.text = s
        return x


def _load_json(text: str, where: _Where) -> Any:
    def pairs(items: list) -> dict:
        out: dict = {}
        for k, v in items:
            if k in out:
                raise SessionError(f"{where.name}: key {k!r} given twice in one object")
            out[k] = v
        return out

    try:
        return json.loads(text, object_pairs_hook=pairs, parse_int=_JsonInt.parse,
                          parse_float=_JsonFloat.parse)
    except json.JSONDecodeError as exc:
        raise SessionError(f"{where.name}: line {exc.lineno}: expected JSON, got {exc.msg} "
                           f"(column {exc.colno})") from None


def _load_csv(text: str, where: _Where, lines: dict, units: dict,
              notes: Optional[list] = None) -> dict:
    """The long layout: one value per row (docs: assess, "CSV"). Rows map to the nested
    fields of the YAML layout: ``subject`` rows to subject.QUANTITY (side: of
    limb_length_cm), ``session`` rows to the top level (baseline), ``programme`` rows to
    programme.QUANTITY (dotted: NAME.FIELD), others to tests.TEST[.SIDE].QUANTITY (dotted:
    setup.lever_arm_m); a trial number makes the value one trial of a list. In a file
    delimited by semicolons (a spreadsheet saved in a locale with comma decimals) a value such
    as 72,5 is read as 72.5 and ``notes`` says so."""
    body = [ln for ln in _io.StringIO(text)]
    delimiter = _delimiter(body)
    rows = csv.reader(body, delimiter=delimiter)
    comma_decimals: list[int] = []
    header: Optional[list[str]] = None
    data: dict = {}
    trials: dict[tuple, dict[int, tuple[str, int]]] = {}
    scalars: dict[tuple, int] = {}
    for row in rows:
        n = rows.line_num
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in row]
        if header is None:
            header = [c.lower() for c in cells]
            unknown = [c for c in header if c not in CSV_COLUMNS]
            missing = [c for c in ("test", "quantity", "value") if c not in header]
            if unknown or missing or len(set(header)) != len(header):
                raise SessionError(
                    f"{where.name}: line {n}: expected a header of columns "
                    f"{', '.join(CSV_COLUMNS)} (side, trial and unit may be left out), got "
                    f"{', '.join(cells)}" + (f" (unknown: {', '.join(unknown)})" if unknown
                                             else "") +
                    (f" (missing: {', '.join(missing)})" if missing else ""))
            continue
        if len(cells) != len(header):
            raise SessionError(f"{where.name}: line {n}: expected {len(header)} cells "
                               f"({', '.join(header)}), got {len(cells)}")
        r = dict(zip(header, cells))
        test, side, quantity = r["test"], r.get("side", ""), r["quantity"]
        if side.lower() in SIDES:
            side = side.lower()  # Left, RIGHT: as involved
        trial, value, unit = r.get("trial", ""), r["value"], r.get("unit", "")
        if delimiter == ";" and quantity.split(".")[-1] not in _TEXT_KEYS and \
                _COMMA_DECIMAL.fullmatch(value):
            value = value.replace(",", ".")
            comma_decimals.append(n)
        if not test or not quantity:
            raise SessionError(f"{where.name}: line {n}: expected a test and a quantity, got "
                               f"test {test!r}, quantity {quantity!r}")
        parts = tuple(quantity.split("."))
        if test == "subject" and side and parts != ("limb_length_cm",):
            raise SessionError(f"{where.name}: line {n}: subject.{quantity}: expected no side "
                               f"(one value for the subject; only limb_length_cm is given per "
                               f"side), got the side {side!r}")
        if test == "subject":
            path = ("subject", *parts) + ((side,) if side else ())
        elif test == "session":
            path = parts if not side else ("session", side, *parts)
        elif test in ("programme", "measurement_error"):
            path = (test, *parts) + ((side,) if side else ())
        else:
            path = ("tests", test) + ((side,) if side else ()) + parts
        if any(not p for p in path):
            raise SessionError(f"{where.name}: line {n}: expected a quantity without empty "
                               f"parts, got {quantity!r}")
        if unit:
            units[path] = (unit, n)
        if trial:
            try:
                k = int(trial)
            except ValueError:
                k = 0
            if k < 1:
                raise SessionError(f"{where.name}: line {n}: {_dotted(path)}: expected a trial "
                                   f"number >= 1, got {trial!r}")
            got = trials.setdefault(path, {})
            if k in got:
                raise SessionError(f"{where.name}: line {n}: {_dotted(path)}: trial {k} given "
                                   f"twice (first on line {got[k][1]})")
            if path in scalars:
                raise SessionError(f"{where.name}: line {n}: {_dotted(path)}: given both "
                                   f"without a trial number (line {scalars[path]}) and as trial "
                                   f"{k}")
            got[k] = (value, n)
        else:
            if path in scalars or path in trials:
                first = scalars.get(path) or min(x[1] for x in trials[path].values())
                raise SessionError(f"{where.name}: line {n}: {_dotted(path)}: given twice "
                                   f"(first on line {first})")
            scalars[path] = n
            _put(data, path, value, where, n, lines)
        lines.setdefault(path, n)
    if header is None:
        raise SessionError(f"{where.name}: expected a CSV header ({', '.join(CSV_COLUMNS)}) and "
                           "rows, got an empty file")
    if comma_decimals and notes is not None:
        shown = ", ".join(map(str, comma_decimals[:10])) + (
            " ..." if len(comma_decimals) > 10 else "")
        notes.append(f"{where.name}: semicolon-delimited, so a comma in a value is its decimal "
                     f"mark (a spreadsheet in a locale with comma decimals): line"
                     f"{'s' if len(comma_decimals) > 1 else ''} {shown} read so (72,5 as 72.5)")
    for path, got in trials.items():
        ordered = [got[k] for k in sorted(got)]
        _put(data, path, [v for v, _ in ordered], where, ordered[0][1], lines)
        for i, (_, n) in enumerate(ordered):
            lines[path + (i,)] = n
    # A programme row's unit is the programme entry's unit when no 'unit' row gives one.
    for path, (unit, _) in units.items():
        if len(path) == 3 and path[0] == "programme" and path[2] in ("baseline", "follow_up"):
            entry = data["programme"][path[1]]
            if isinstance(entry, dict):
                entry.setdefault("unit", unit)
    return data


#: A number with a comma decimal: 72,5 or -0,25 (no thousands separators).
_COMMA_DECIMAL = re.compile(r"[+-]?\d*,\d+")


def _delimiter(lines: list[str]) -> str:
    """The header's delimiter: a comma, or a semicolon (Excel in a locale with comma decimals)
    or a tab when the header holds that and no comma."""
    for line in lines:
        if line.strip() and not line.lstrip().startswith("#"):
            for d in (",", ";", "\t"):
                if d in line:
                    return d
            break
    return ","


def _put(data: dict, path: tuple, value: Any, where: _Where, line: int, lines: dict) -> None:
    node = data
    for k, key in enumerate(path[:-1]):
        nxt = node.setdefault(key, {})
        if not isinstance(nxt, dict):
            raise SessionError(f"{where.name}: line {line}: {_dotted(path)}: "
                               f"{_dotted(path[:k + 1])} is already a value (line "
                               f"{lines.get(path[:k + 1], '?')})")
        node = nxt
    if isinstance(node.get(path[-1]), dict):
        raise SessionError(f"{where.name}: line {line}: {_dotted(path)}: already holds fields "
                           "(a value and fields under one name)")
    node[path[-1]] = value


def _canonical_unit(unit: str) -> str:
    return "".join(c for c in unit.lower() if c not in " ·*.⋅")


def _expected_unit(path: tuple) -> Optional[str]:
    """The unit a CSV row of ``path`` must carry (None: any, checked elsewhere)."""
    if path[0] in ("programme", "measurement_error"):
        return None  # in the unit of the values compared
    named = [x for x in path if isinstance(x, str) and x not in SIDES]
    leaf = named[-1]
    if len(path) >= 4 and path[0] == "tests" and path[1] == "y_balance" and leaf in \
            Y_BALANCE_DIRECTIONS:
        return "cm"
    for suffix, unit in (("_percent", "%"), ("_cm", "cm"), ("_kg", "kg"), ("_nm", "N m"),
                         ("_n", "N"), ("_hz", "Hz"), ("_deg", "deg"), ("_m", "m"), ("_s", "s")):
        if leaf.endswith(suffix):
            return unit
    return ""


def _check_units(units: dict, where: _Where) -> None:
    for path, (unit, _) in units.items():
        want = _expected_unit(path)
        if want is None:
            continue
        if not want:
            raise SessionError(f"{where(path)}: expected no unit (the value has none), got "
                               f"{unit!r}")
        if _canonical_unit(unit) != _canonical_unit(want):
            raise SessionError(f"{where(path)}: expected the unit {want!r} (the name says it), "
                               f"got {unit!r}: convert the value, or leave the unit empty")


# ------------------------------------------------------------------------------------------
# Checking


def _describe(v: Any) -> str:
    if isinstance(v, Mapping):
        return "a mapping"
    if isinstance(v, (list, tuple)):
        return "a list"
    if v is None:
        return "nothing (null)"
    text = repr(v) if isinstance(v, str) else str(v)
    return text if len(text) <= 60 else text[:57] + "..."


#: Trial values that record a failed trial (NaN), besides YAML's .nan and null.
FAILED_TRIAL_WORDS = ("failed", "nan")


def _comma_decimal(v: Any) -> str:
    """A hint for text such as '100,5' (a decimal comma), '1.072,5' (a thousands separator
    before a decimal comma) or '1,5e2' (a decimal comma in an exponent form)."""
    if not isinstance(v, str):
        return ""
    t = v.strip()
    if re.fullmatch(r"[+-]?\d+,\d+", t):
        return f" (a comma decimal? write {t.replace(',', '.')})"
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+,\d+", t):
        return (f" (a thousands separator and a comma decimal? write "
                f"{t.replace('.', '').replace(',', '.')}, without the separator)")
    if re.fullmatch(r"[+-]?\d+,\d+[eE][+-]?\d+", t):
        return f" (a comma decimal? write {t.replace(',', '.')})"
    return ""


class _Checker:
    def __init__(self, where: _Where, base: Path, text: bool) -> None:
        self.where = where
        self.base = base
        self.text = text  # CSV: numbers and booleans arrive as text
        self.notes: list[str] = []

    def fail(self, path: tuple, expected: str, got: Any) -> SessionError:
        return SessionError(f"{self.where(path)}: expected {expected}, got {_describe(got)}"
                            f"{_comma_decimal(got)}")

    def mapping(self, v: Any, path: tuple, allowed: tuple, required: tuple = ()) -> dict:
        if not isinstance(v, Mapping):
            raise self.fail(path, "a mapping (key: value)", v)
        before = None
        for k in v:
            if not isinstance(k, str):
                hint = ""
                if isinstance(k, int) and not isinstance(k, bool) and v[k] is None and \
                        isinstance(before, (int, float)) and not isinstance(before, bool):
                    # {single_cm: 100,5}: a comma separates entries in { }
                    hint = (f" with no value (a comma decimal? inside {{ }} a comma separates "
                            f"entries, so {before},{k} reads as {before} and a key {k}: write "
                            f"{before}.{k})")
                raise SessionError(f"{self.where(path)}: expected text keys, got the key "
                                   f"{k!r}{hint}")
            before = v[k]
        unknown = [k for k in v if k not in allowed]
        if unknown:
            raise SessionError(f"{self.where(path, path + (unknown[0],))}: unknown key(s) "
                               f"{', '.join(map(repr, unknown))} (expected {', '.join(allowed)})")
        missing = [k for k in required if k not in v]
        if missing:
            raise SessionError(f"{self.where(path + (missing[0],))}: required, missing")
        return dict(v)

    def number(self, v: Any, path: tuple, unit: str = "", minimum: Optional[float] = None,
               positive: bool = False, maximum: Optional[float] = None,
               why: str = "") -> float:
        if self.text and isinstance(v, str):
            try:
                x: Any = float(v)
            except ValueError:
                x = v
        else:
            x = v
        u = f" [{unit}]" if unit else ""
        lo = ("a number > 0" if positive else f"a number >= {minimum:g}" if minimum is not None
              else "a number")
        want = lo + (f" and <= {maximum:g}" if maximum is not None else "") + u + (
            f" ({why})" if why else "")
        if isinstance(x, bool) or not isinstance(x, numbers.Real) or not math.isfinite(x):
            raise self.fail(path, want, v)
        x = float(x)
        if (positive and not x > 0) or (minimum is not None and x < minimum) or (
                maximum is not None and x > maximum):
            raise self.fail(path, want, v)
        return x

    def trials(self, v: Any, path: tuple, unit: str, positive: bool = False,
               maximum: Optional[float] = None, why: str = "") -> list[float]:
        """A number or a non-empty list of numbers >= 0 (> 0 with ``positive``, at most
        ``maximum``: ``why`` says what a larger value suggests); a failed
        trial (``.nan``, ``null``, ``failed`` or ``nan``) is NaN, as the clinic functions take
        it, and noted."""
        items = list(v) if isinstance(v, (list, tuple)) else [v]
        if not items:
            raise self.fail(path, f"a number or a list of trial values [{unit}]", v)
        out = []
        for i, x in enumerate(items):
            p = path + (i,) if isinstance(v, (list, tuple)) else path
            if x is None or (isinstance(x, float) and math.isnan(x)) or (
                    isinstance(x, str) and x.strip().lower() in FAILED_TRIAL_WORDS):
                self.notes.append(f"{self.where(p)}: a failed trial ({_describe(x)}), kept as "
                                  "NaN: the test's function leaves it out and says so")
                out.append(math.nan)
            else:
                out.append(self.number(x, p, unit, 0.0, positive, maximum, why))
        return out

    def text_value(self, v: Any, path: tuple, choices: Optional[tuple] = None) -> str:
        if isinstance(v, bool) or not isinstance(v, (str, int)) or (
                isinstance(v, str) and not v.strip()):
            raise self.fail(path, "text" if choices is None else
                            " or ".join(repr(c) for c in choices), v)
        s = str(v).strip()
        if choices is not None and s not in choices:
            raise self.fail(path, " or ".join(repr(c) for c in choices), v)
        return s

    def boolean(self, v: Any, path: tuple) -> bool:
        if self.text and isinstance(v, str) and v.lower() in ("true", "false", "yes", "no"):
            return v.lower() in ("true", "yes")
        if not isinstance(v, bool):
            raise self.fail(path, "true or false", v)
        return v

    def sided(self, v: Any, path: tuple) -> Any:
        """``v`` with its side keys in lower case (Left, RIGHT: as ``involved``)."""
        if not isinstance(v, Mapping):
            return v
        out: dict = {}
        for k, x in v.items():
            key = k.lower() if isinstance(k, str) and k.lower() in SIDES else k
            if key in out:
                first = next(j for j in v if isinstance(j, str) and j.lower() == key)
                raise SessionError(f"{self.where(path + (key,))}: given twice ({first!r} and "
                                   f"{k!r})")
            out[key] = x
        return out

    def side(self, v: Any, path: tuple, allow_none: bool = False) -> Optional[str]:
        if allow_none and (v is None or (isinstance(v, str) and v.strip().lower() in
                                         ("", "none"))):
            return None
        s = v.strip().lower() if isinstance(v, str) else v
        if s not in SIDES:
            raise self.fail(path, "'left' or 'right'" + (" (or none)" if allow_none else ""), v)
        return s

    def per_side(self, v: Any, path: tuple, unit: str, minimum: Optional[float] = None,
                 maximum: Optional[float] = None, why: str = "") -> dict:
        """A number for both sides or {left: n, right: n}: > 0, or in [minimum, maximum]."""
        def one(x: Any, p: tuple) -> float:
            return self.number(x, p, unit, minimum=minimum, positive=minimum is None,
                               maximum=maximum, why=why)

        if isinstance(v, Mapping):
            m = self.mapping(self.sided(v, path), path, SIDES, SIDES)
            return {s: one(m[s], path + (s,)) for s in SIDES}
        x = one(v, path)
        return {"left": x, "right": x}

    def limb_length(self, v: Any, path: tuple) -> dict:
        """Limb length per side [cm] in the plausible range of the Y-Balance's C++ check."""
        low, high = _range("y_balance", "limb_length_cm")
        return self.per_side(v, path, "cm", low, high,
                             f"the ASIS-to-medial-malleolus length in cm; below {low:g} it is "
                             f"almost surely in metres, above {high:g} in mm")

    def file(self, v: Any, path: tuple, folder_ok: bool) -> Path:
        if not isinstance(v, (str, os.PathLike)) or isinstance(v, bool) or not str(v).strip():
            raise self.fail(path, "a file path (relative to the session file's folder)", v)
        p = Path(os.path.expanduser(str(v).strip()))
        full = p if p.is_absolute() else self.base / p
        if folder_ok and full.is_dir():
            return full
        if not full.is_file():
            what = "file or folder" if folder_ok else "file"
            raise SessionError(f"{self.where(path)}: {what} {str(v)!r} not found (looked for "
                               f"{full}; paths are relative to the session file's folder)")
        return full


def _check(data: Any, where: _Where, base: Path, path: Optional[Path], fmt: str,
           sha256: str, notes: list) -> Session:
    c = _Checker(where, base, text=(fmt == "csv"))
    c.notes += notes
    top = c.mapping(data, (), ("subject", "tests", "baseline", "measurement_error",
                               "programme"), ("subject", "tests"))
    subject = _subject(c, top["subject"])
    tests_in = c.mapping(top["tests"], ("tests",), SESSION_TESTS)
    if not tests_in:
        raise SessionError(f"{where(('tests',))}: expected at least one test of "
                           f"{', '.join(SESSION_TESTS)}, got none")
    tests: dict[str, dict] = {}
    for name in SESSION_TESTS:
        if name in tests_in:
            tests[name] = _TESTS[name](c, tests_in[name], ("tests", name), subject)
    baseline = None
    if top.get("baseline") is not None:
        baseline = c.file(top["baseline"], ("baseline",), folder_ok=False)
        if path is not None and baseline.resolve() == path:
            raise SessionError(f"{where(('baseline',))}: expected an earlier session, got this "
                               "session file itself")
    errors: dict = {}
    if top.get("measurement_error") is not None:
        if baseline is None:
            raise SessionError(f"{where(('measurement_error',))}: given without a baseline "
                               "session to compare with (baseline: PATH)")
        tests_e = c.mapping(top["measurement_error"], ("measurement_error",), SESSION_TESTS)
        for test, quantities in tests_e.items():
            tp = ("measurement_error", test)
            if not isinstance(quantities, Mapping) or not quantities:
                raise c.fail(tp, "a mapping of quantities to {sem: ...}, {mdc: ...} or "
                                 "{reliability: {icc, sd}}", quantities)
            errors[test] = {}
            for q, e in quantities.items():
                qp = tp + (str(q),)
                _check_quantity(c, test, str(q), qp)
                m = c.mapping(e, qp, ("sem", "mdc", "reliability", "higher_is_better"))
                kinds = [k for k in ("sem", "mdc", "reliability") if k in m]
                if len(kinds) > 1 or not m:
                    raise c.fail(qp, "one of sem, mdc or reliability (and/or higher_is_better)",
                                 e)
                entry: dict[str, Any] = {}
                for kind in kinds:
                    if kind == "reliability":
                        r = c.mapping(m[kind], qp + (kind,), ("icc", "sd"), ("icc", "sd"))
                        entry[kind] = {
                            "icc": c.number(r["icc"], qp + (kind, "icc"), minimum=0.0,
                                            maximum=1.0),
                            "sd": c.number(r["sd"], qp + (kind, "sd"), positive=True)}
                    else:
                        entry[kind] = c.number(m[kind], qp + (kind,), positive=True)
                if "higher_is_better" in m:
                    entry["higher_is_better"] = c.boolean(m["higher_is_better"],
                                                          qp + ("higher_is_better",))
                    _check_direction(c, test, str(q), entry["higher_is_better"], qp)
                errors[test][str(q)] = entry
    programme = {}
    if top.get("programme") is not None:
        entries = top["programme"]
        if not isinstance(entries, Mapping) or not entries:
            raise c.fail(("programme",), "a mapping of comparison names to {baseline, "
                                         "follow_up, unit, ...}", entries)
        for key, entry in entries.items():
            programme[str(key)] = _programme_entry(c, entry, ("programme", str(key)))
    session = Session(path=path, format=fmt, subject=subject, tests=tests, baseline=baseline,
                      programme=programme, sha256=sha256, measurement_error=errors,
                      notes=list(dict.fromkeys(c.notes)))
    _check_scores(c, session)
    return session


#: The scores whose inputs the session holds as numbers: checked at read time by their own
#: functions (one implementation of the plausible ranges, hipmech.clinic.PLAUSIBLE_RANGES).
_SCORES = ("y_balance", "hop_tests", "hip_abductor_strength")


def _check_scores(c: _Checker, session: Session) -> None:
    """Run each score's function on the session's numbers, so that what it refuses (a reach
    longer than twice the limb length, reaches in metres, a torque per kg no hip abductor
    produces) is refused when the file is read, naming the file and the field."""
    from .._errors import InvalidArgumentError
    from . import _assess

    for test in _SCORES:
        spec = session.tests.get(test)
        fn = _assess._clinic(test)
        if spec is None or fn is None:
            continue
        try:
            _assess._RUNNERS[test](fn, spec, session, "", {}, [])
        except InvalidArgumentError as exc:
            path = _field_of(test, exc.argument, spec)
            if path is None:
                raise SessionError(f"{c.where(('tests', test))}: {exc}") from None
            raise SessionError(f"{c.where(path)}: expected {exc.expected}, got {exc.got}") \
                from None
        except (ValueError, TypeError, RuntimeError, KeyError):
            pass  # not a refused value: the assessment's run of the test reports it


def _field_of(test: str, argument: str, spec: dict) -> Optional[tuple]:
    """The session field of a score function's argument ('right.anterior', 'left',
    'limb_length_cm.left', 'body_mass_kg'), or None when it is not one of the session's."""
    p = ("tests", test)
    parts = tuple(argument.split(".")) if argument else ()
    if not parts:
        return None
    if parts[0] == "body_mass_kg":
        return ("subject", "mass_kg")
    if parts[0] == "limb_length_cm":
        return p + parts  # the test's limb length or the subject's (same values, noted)
    if parts[0] in SIDES:
        if test == "hip_abductor_strength":
            return p + (parts[0], spec["quantity"])
        return p + parts
    if parts[0] == "setup":
        return p + parts
    return None


def _directions() -> Optional[Mapping]:
    """hipmech.clinic.QUANTITY_DIRECTION (test -> quantity -> direction), when this hipmech has
    it."""
    from . import _scores

    table = getattr(_scores, "QUANTITY_DIRECTION", None)
    return table if isinstance(table, Mapping) else None


def _check_quantity(c: _Checker, test: str, quantity: str, path: tuple) -> None:
    """A quantity of measurement_error that the test does not report is an error naming the
    known ones (from the clinic's table of directions; without it, checked once the tests
    have run)."""
    table = _directions()
    if table is None or test not in table or quantity in table[test]:
        return
    raise SessionError(f"{c.where(path)}: expected a quantity of {test} "
                       f"({', '.join(table[test])}), got {quantity!r}")


def _check_direction(c: _Checker, test: str, quantity: str, higher_is_better: bool,
                     path: tuple) -> None:
    """A direction the session gives against hipmech.clinic.QUANTITY_DIRECTION: a quantity
    with no verdict (a moment of the recording, a limb length, a count) or the opposite of its
    direction is an error; the same direction is accepted."""
    table = _directions()
    if table is None or quantity not in table.get(test, {}):
        return
    want = str(table[test][quantity])
    p = path + ("higher_is_better",)
    if want == "no verdict":
        raise SessionError(f"{c.where(p)}: expected no direction ({quantity} gets no verdict: "
                           "hipmech.clinic.QUANTITY_DIRECTION), got "
                           f"{str(higher_is_better).lower()}")
    if (want == "higher is better") != higher_is_better:
        raise SessionError(f"{c.where(p)}: expected {str(not higher_is_better).lower()} "
                           f"({quantity}: {want}, hipmech.clinic.QUANTITY_DIRECTION), got "
                           f"{str(higher_is_better).lower()}")


def _subject(c: _Checker, v: Any) -> Subject:
    p = ("subject",)
    m = c.mapping(v, p, ("id", "name", "mass_kg", "height_m", "limb_length_cm", "involved",
                         "date"), ("id",))
    date = m.get("date")
    if date is None:
        date_text = ""
    elif isinstance(date, (_dt.date, _dt.datetime)):  # YAML reads 2026-03-01 as a date
        date_text = date.isoformat()
    else:
        date_text = c.text_value(date, p + ("date",))
        why = "" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date_text) else "not YYYY-MM-DD"
        if not why:
            try:
                _dt.date.fromisoformat(date_text)
            except ValueError as exc:
                why = str(exc)
        if why:
            raise SessionError(f"{c.where(p + ('date',))}: expected a date YYYY-MM-DD, got "
                               f"{date_text!r} ({why})")
    sid = m["id"]
    if isinstance(sid, (_JsonInt, _JsonFloat)):
        sid = sid.text  # a JSON number keeps its text
    elif isinstance(sid, float) and sid.is_integer():  # a dict made in Python
        sid = int(sid)
    return Subject(
        id=c.text_value(sid, p + ("id",)),
        name=c.text_value(m["name"], p + ("name",)) if m.get("name") is not None else "",
        mass_kg=(c.number(m["mass_kg"], p + ("mass_kg",), "kg", positive=True,
                          maximum=_range("hip_abductor_strength", "body_mass_kg")[1],
                          why="above it is not in kg: was it in g or lb?")
                 if m.get("mass_kg") is not None else math.nan),
        height_m=(c.number(m["height_m"], p + ("height_m",), "m", positive=True, maximum=3.0)
                  if m.get("height_m") is not None else math.nan),
        limb_length_cm=(c.limb_length(m["limb_length_cm"], p + ("limb_length_cm",))
                        if m.get("limb_length_cm") is not None
                        else {"left": math.nan, "right": math.nan}),
        involved=c.side(m.get("involved"), p + ("involved",), allow_none=True),
        date=date_text)


def _range(test: str, field_name: str) -> tuple[float, float]:
    """(low, high) of hipmech.clinic.PLAUSIBLE_RANGES, the compiled limits of the scores."""
    from ._scores import PLAUSIBLE_RANGES

    return PLAUSIBLE_RANGES[test][field_name]


def _sides(c: _Checker, m: dict, p: tuple, both: bool = True) -> tuple[str, ...]:
    sides = tuple(s for s in SIDES if s in m)
    if both:
        for s in SIDES:
            if s not in m:
                raise SessionError(f"{c.where(p + (s,))}: required, missing (the test needs "
                                   "both sides)")
    elif not sides:
        raise SessionError(f"{c.where(p)}: expected 'left' and/or 'right', got neither")
    return sides


def _y_balance(c: _Checker, v: Any, p: tuple, subject: Subject) -> dict:
    m = c.mapping(c.sided(v, p), p, ("left", "right", "limb_length_cm", "trials",
                                      "composite_cutoff_percent",
                                      "anterior_difference_cutoff_cm"))
    _sides(c, m, p)
    out: dict[str, Any] = {}
    for s in SIDES:
        reaches = c.mapping(m[s], p + (s,), Y_BALANCE_DIRECTIONS, Y_BALANCE_DIRECTIONS)
        out[s] = {d: c.trials(reaches[d], p + (s, d), "cm",
                              maximum=_range("y_balance", "reach_cm")[1],
                              why="a longer reach is not in cm: was it in mm?")
                  for d in Y_BALANCE_DIRECTIONS}
    if m.get("limb_length_cm") is not None:
        out["limb_length_cm"] = c.limb_length(m["limb_length_cm"], p + ("limb_length_cm",))
        given = subject.limb_length_cm
        if any(math.isfinite(given[s]) and given[s] != out["limb_length_cm"][s] for s in SIDES):
            def both(d: dict) -> str:
                return ", ".join(f"{s} {d[s]:g}" for s in SIDES) + " cm"

            c.notes.append(f"{c.where(p + ('limb_length_cm',))} ({both(out['limb_length_cm'])}) "
                           f"is used for the Y-Balance instead of subject.limb_length_cm "
                           f"({both(given)})")
    elif all(math.isfinite(x) for x in subject.limb_length_cm.values()):
        out["limb_length_cm"] = dict(subject.limb_length_cm)
    else:
        raise SessionError(f"{c.where(('subject', 'limb_length_cm'))}: required by "
                           f"tests.y_balance (reaches are normalised to limb length), missing "
                           "(give it in subject or in tests.y_balance)")
    if m.get("trials") is not None:
        out["trials"] = c.text_value(m["trials"], p + ("trials",), ("max", "mean"))
    for k in ("composite_cutoff_percent", "anterior_difference_cutoff_cm"):
        if m.get(k) is not None:
            out[k] = c.number(m[k], p + (k,), "%" if k.endswith("percent") else "cm",
                              positive=True)
    return out


def _hop_tests(c: _Checker, v: Any, p: tuple, subject: Subject) -> dict:
    m = c.mapping(c.sided(v, p), p, ("left", "right", "trials", "lsi_cutoff_percent"))
    _sides(c, m, p)
    out: dict[str, Any] = {}
    for s in SIDES:
        hops = c.mapping(m[s], p + (s,), HOP_TESTS)
        if not hops:
            raise SessionError(f"{c.where(p + (s,))}: expected at least one of "
                               f"{', '.join(HOP_TESTS)}, got none")
        out[s] = {h: c.trials(hops[h], p + (s, h), "s" if h.endswith("_s") else "cm",
                              positive=h.endswith("_s"), maximum=_range("hop_tests", h)[1],
                              why="a longer time is not in s: was it in ms?" if h.endswith("_s")
                              else "a longer distance is not in cm: was it in mm?")
                  for h in HOP_TESTS if h in hops}
    for s, o in (("left", "right"), ("right", "left")):
        for h in out[s]:
            if h not in out[o]:
                raise SessionError(f"{c.where(p + (o, h))}: required (given for the {s} side: "
                                   "a hop test needs both sides), missing")
    if m.get("trials") is not None:
        out["trials"] = c.text_value(m["trials"], p + ("trials",), ("mean", "max"))
    if m.get("lsi_cutoff_percent") is not None:
        out["lsi_cutoff_percent"] = c.number(m["lsi_cutoff_percent"],
                                             p + ("lsi_cutoff_percent",), "%", positive=True)
    return out


def _strength(c: _Checker, v: Any, p: tuple, subject: Subject) -> dict:
    m = c.mapping(c.sided(v, p), p, ("left", "right", "setup", "summary",
                                      "lsi_cutoff_percent"))
    _sides(c, m, p)
    out: dict[str, Any] = {}
    kinds = {}
    for s in SIDES:
        q = c.mapping(m[s], p + (s,), STRENGTH_QUANTITIES)
        if len(q) != 1:
            raise c.fail(p + (s,), "one of force_n (the dynamometer's force, with setup."
                                   "lever_arm_m) or torque_nm", m[s])
        (kinds[s],) = q
        out[s] = {kinds[s]: c.trials(q[kinds[s]], p + (s, kinds[s]),
                                     "N" if kinds[s] == "force_n" else "N m")}
    if kinds["left"] != kinds["right"]:
        raise SessionError(f"{c.where(p + ('right', kinds['right']))}: expected "
                           f"{kinds['left']} as on the left side, got {kinds['right']}")
    out["quantity"] = kinds["left"]
    if m.get("setup") is not None:
        sp = p + ("setup",)
        setup = c.mapping(m["setup"], sp, ("lever_arm_m", "limb_mass_kg", "limb_com_distance_m",
                                           "limb_angle_deg", "gravity"), ("lever_arm_m",))
        st = {"lever_arm_m": c.number(setup["lever_arm_m"], sp + ("lever_arm_m",), "m",
                                      positive=True, maximum=2.0)}
        for k, unit in (("limb_mass_kg", "kg"), ("limb_com_distance_m", "m")):
            if setup.get(k) is not None:
                st[k] = c.number(setup[k], sp + (k,), unit, minimum=0.0)
        if setup.get("limb_angle_deg") is not None:
            st["limb_angle_deg"] = c.number(setup["limb_angle_deg"], sp + ("limb_angle_deg",),
                                            "deg", minimum=-90.0, maximum=90.0)
        if setup.get("gravity") is not None:
            st["gravity"] = c.text_value(setup["gravity"], sp + ("gravity",),
                                         ("none", "opposes", "assists"))
        out["setup"] = st
    elif out["quantity"] == "force_n":
        raise SessionError(f"{c.where(p + ('setup', 'lever_arm_m'))}: required by force_n (the "
                           "torque is the force times the lever arm), missing")
    if m.get("summary") is not None:
        out["summary"] = c.text_value(m["summary"], p + ("summary",), ("best", "mean"))
    if m.get("lsi_cutoff_percent") is not None:
        out["lsi_cutoff_percent"] = c.number(m["lsi_cutoff_percent"],
                                             p + ("lsi_cutoff_percent",), "%", positive=True)
    if not math.isfinite(subject.mass_kg):
        raise SessionError(f"{c.where(('subject', 'mass_kg'))}: required by "
                           "tests.hip_abductor_strength (torque per kg of body mass), missing")
    return out


def _task(c: _Checker, v: Any, p: tuple, subject: Subject, squat: bool) -> dict:
    m = c.mapping(c.sided(v, p), p, SIDES)
    out: dict[str, Any] = {}
    for s in _sides(c, m, p, both=False):
        sp = p + (s,)
        allowed = ("trial", "keypoints", "format", "rate_hz", "min_confidence",
                   "image_width_px", "image_height_px") + (("view",) if squat else ())
        spec = c.mapping(m[s], sp, allowed)
        given = [k for k in ("trial", "keypoints") if spec.get(k) is not None]
        if len(given) != 1:
            want = ("one of trial (a C3D or TRC file) or keypoints (a 2-D keypoint file or "
                    "folder)")
            if given:
                raise SessionError(f"{c.where(sp)}: expected {want}, got both 'trial' and "
                                   "'keypoints'")
            raise c.fail(sp, want, m[s])
        key = given[0]
        o: dict[str, Any] = {key: c.file(spec[key], sp + (key,), folder_ok=(key == "keypoints"))}
        if key == "trial" and o["trial"].suffix.lower() not in (".c3d", ".trc"):
            raise c.fail(sp + ("trial",), "a .c3d or .trc file", spec["trial"])
        if spec.get("rate_hz") is not None:
            o["rate_hz"] = c.number(spec["rate_hz"], sp + ("rate_hz",), "Hz", positive=True)
        elif key == "keypoints" and o["keypoints"].suffix.lower() != ".trc":
            raise SessionError(f"{c.where(sp + ('rate_hz',))}: required with keypoints (the "
                               "video's frame rate; a TRC file carries its own), missing")
        if spec.get("format") is not None:
            if key != "keypoints":
                raise c.fail(sp + ("format",), "no format with a trial (C3D/TRC by extension)",
                             spec["format"])
            o["format"] = c.text_value(spec["format"], sp + ("format",))
        size = [k for k in ("image_width_px", "image_height_px") if spec.get(k) is not None]
        if size and key != "keypoints":
            raise c.fail(sp + (size[0],), "no image size with a trial (3-D markers)",
                         spec[size[0]])
        if len(size) == 1:
            other = ({"image_width_px", "image_height_px"} - set(size)).pop()
            raise SessionError(f"{c.where(sp + (other,))}: required with {size[0]} (the "
                               "image's width and height in pixels), missing")
        for k in size:
            o[k] = c.number(spec[k], sp + (k,), "px", positive=True)
        if spec.get("min_confidence") is not None:
            o["min_confidence"] = c.number(spec["min_confidence"], sp + ("min_confidence",),
                                           minimum=0.0, maximum=1.0)
        if squat and spec.get("view") is not None:
            o["view"] = c.text_value(spec["view"], sp + ("view",), ("anterior", "posterior"))
        out[s] = o
    return out


def _programme_entry(c: _Checker, v: Any, p: tuple) -> dict:
    m = c.mapping(v, p, ("baseline", "follow_up", "unit", "sem", "mdc", "reliability",
                         "higher_is_better", "confidence"), ("baseline", "follow_up"))
    out: dict[str, Any] = {k: c.number(m[k], p + (k,)) for k in ("baseline", "follow_up")}
    out["unit"] = c.text_value(m["unit"], p + ("unit",)) if m.get("unit") is not None else ""
    given = [k for k in ("sem", "mdc", "reliability") if m.get(k) is not None]
    if len(given) > 1:
        raise SessionError(f"{c.where(p)}: expected one of sem, mdc or reliability, got "
                           f"{', '.join(given)}")
    for k in ("sem", "mdc"):
        if m.get(k) is not None:
            out[k] = c.number(m[k], p + (k,), out["unit"], positive=True)
    if m.get("reliability") is not None:
        rp = p + ("reliability",)
        r = c.mapping(m["reliability"], rp, ("icc", "sd"), ("icc", "sd"))
        out["reliability"] = {"icc": c.number(r["icc"], rp + ("icc",), minimum=0.0,
                                              maximum=1.0),
                              "sd": c.number(r["sd"], rp + ("sd",), out["unit"], positive=True)}
    if m.get("higher_is_better") is not None:
        out["higher_is_better"] = c.boolean(m["higher_is_better"], p + ("higher_is_better",))
    if m.get("confidence") is not None:
        conf = c.number(m["confidence"], p + ("confidence",), positive=True)
        if not conf < 1:
            raise c.fail(p + ("confidence",), "a number > 0 and < 1", m["confidence"])
        out["confidence"] = conf
    return out


_TESTS = {
    "y_balance": _y_balance,
    "hop_tests": _hop_tests,
    "hip_abductor_strength": _strength,
    "single_leg_stance": lambda c, v, p, s: _task(c, v, p, s, squat=False),
    "single_leg_squat": lambda c, v, p, s: _task(c, v, p, s, squat=True),
}
