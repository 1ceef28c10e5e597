"""Cohorts: finding the trials of a lab folder, pairing each dynamic trial with its static
trial, and the cohort tables and page (docs: cohorts).

The rules, stated once (the docs and every trial's pairing note quote them):

- **Discovery.** An argument is a C3D file, a folder (searched recursively for ``*.c3d``, any
  case of the extension; names starting with ``.`` are skipped) or a glob pattern (expanded
  here when the shell did not, ``**`` included).
- **Static or dynamic.** A file is a static trial when its folder is named ``Static`` (any
  case), when its file name holds one of the words of :data:`STATIC_WORDS` (split at
  non-letters and at lower-to-upper case changes: ``Static_trial``, ``HC030 Cal 01``,
  ``subjectStatic``; not right after a word of :data:`STATIC_NEGATIONS`: ``NonStatic``) and
  its content does not clearly say walking (gait events and the pelvis travelling at least
  :data:`STATIC_MAX_TRAVEL_M`), or, when the name says nothing, by its content: the file
  holds no gait event (``Foot Strike``/``Foot Off``), the mid-pelvis travels less than
  :data:`STATIC_MAX_TRAVEL_M` (0.5 m) horizontally (the report refuses a static trial whose
  pelvis travels more) and the heels stay within :data:`STATIC_MAX_HEEL_SPREAD_M` (0.2 m) of
  their median position (95th percentile): a standing subject sways by centimetres; walking
  travels metres, and on a treadmill the heels move a step length. Anything else is dynamic.
- **Pairing.** A dynamic trial takes the static trial of its own folder; without one, of a
  ``Static`` folder inside its folder; without one, of a ``Static`` folder beside its folder
  (``../Static``). With several candidates at the nearest level, the last one that sorts
  before the trial's file name (the most recent static recorded before it, as Vicon numbers
  trials) is taken, else the first one. A ``static_map`` CSV (columns ``trial``, ``static``)
  overrides the rule for the trials it names; an empty ``static`` means none.
"""

from __future__ import annotations

import csv
import glob
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import numpy as np

from .._args import path_arg

__all__ = ["STATIC_MAX_HEEL_SPREAD_M", "STATIC_MAX_TRAVEL_M", "STATIC_NEGATIONS", "STATIC_WORDS",
           "TrialPlan", "pairing", "summarise", "summarise_stances", "trial_ids"]

#: Words of a file name that make it a static trial (case-insensitive, whole words).
STATIC_WORDS = ("static", "cal", "calib", "calibration", "standing")
#: A file whose name says nothing is static when it holds no gait event, its mid-pelvis
#: travels less than this horizontally [m] (the report's own static-trial check) ...
STATIC_MAX_TRAVEL_M = 0.5
#: ... and its heels stay within this of their median position [m] (95th percentile of the
#: horizontal distance): standing still, not walking on a treadmill or moving a leg.
STATIC_MAX_HEEL_SPREAD_M = 0.2

_GLOB_CHARS = re.compile(r"[*?\[]")
_GAIT_EVENTS = ("foot strike", "foot off")
_PELVIS = (("LASI", "RASI"), ("LPSI", "RPSI"), ("SACR",))
_HEELS = (("LHEE", "LANK"), ("RHEE", "RANK"))


# --------------------------------------------------------------------------------------------
# Discovery


def _natural_key(path: Path) -> list[Any]:
    """Sort key: digits as numbers (trial2 before trial10), case-insensitive."""
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", str(path))]


def _c3d_under(folder: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(root) / f for f in files
                  if f.lower().endswith(".c3d") and not f.startswith(".")]
    return sorted(found, key=_natural_key)


def discover(paths: Any, arg: str = "paths") -> list[Path]:
    """The C3D files named by ``paths`` (files, folders, glob patterns), in order, each once.

    A path that does not exist is an error naming ``arg``, except a name ending in ``.c3d``,
    which is kept (its trial fails with the reader's FileError and is listed, as a list of
    trial files keeps its length). A folder or pattern with no C3D file is an error.
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        items = [paths]
    else:
        try:
            items = list(paths)
        except TypeError:
            raise TypeError(f"argument {arg!r}: expected a path or a list of paths, got "
                            f"{type(paths).__name__}") from None
    if not items:
        raise ValueError(f"argument {arg!r}: expected at least one trial, got none")
    out: dict[str, Path] = {}
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (str, bytes, os.PathLike)):
            raise TypeError(f"argument {arg!r}: expected paths (str, bytes or os.PathLike), got "
                            f"{type(item).__name__}")
        text = os.fsdecode(path_arg(item, arg))
        p = Path(text)
        if p.is_dir():
            found = _c3d_under(p)
            if not found:
                raise ValueError(f"argument {arg!r}: the folder {text} holds no .c3d file")
        elif p.is_file():
            found = [p]
        elif _GLOB_CHARS.search(text):
            found = []
            for m in sorted(glob.glob(text, recursive=True), key=_natural_key):
                mp = Path(m)
                if mp.is_dir():
                    found += _c3d_under(mp)
                elif mp.is_file() and mp.name.lower().endswith(".c3d"):
                    found.append(mp)
            if not found:
                raise ValueError(f"argument {arg!r}: the pattern {text} matches no .c3d file")
        elif p.name.lower().endswith(".c3d"):
            found = [p]  # kept: listed as a failed trial (FileError)
        else:
            raise ValueError(f"argument {arg!r}: {text} does not exist (expected a C3D file, "
                             "a folder or a glob pattern)")
        for f in found:
            out.setdefault(os.path.abspath(f), f)
    return list(out.values())


# --------------------------------------------------------------------------------------------
# Static or dynamic


def _word_list(stem: str) -> list[str]:
    words = []
    for part in re.split(r"[^A-Za-z]+", stem):
        words += [w.lower() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+", part)]
    return words


def _words(stem: str) -> set[str]:
    return set(_word_list(stem))


#: A static word right after one of these does not count: ``NonStatic``, ``not static``,
#: ``Walk after calibration``, ``post-cal walk``.
STATIC_NEGATIONS = ("non", "not", "no", "after", "post")


def _static_word(stem: str) -> Optional[str]:
    """The first word of STATIC_WORDS in the name not preceded by a negation, or None."""
    words = _word_list(stem)
    for k, w in enumerate(words):
        if w in STATIC_WORDS and not (k and words[k - 1] in STATIC_NEGATIONS):
            return w
    return None


def _horizontal(points: Any, axes: Any) -> np.ndarray:
    """The finite frames of a point, horizontal components only (ISB axes: X, Z) [m]."""
    isb = np.asarray(axes.to_isb(np.ascontiguousarray(points, dtype=float)))  # Y up
    isb = isb[np.isfinite(isb).all(axis=1)]
    return isb[:, [0, 2]]


def _travel_m(xz: np.ndarray) -> float:
    """Largest horizontal distance from the first finite position [m] (the report's check)."""
    return float(np.hypot(*(xz - xz[0]).T).max()) if len(xz) else math.nan


def _spread_m(xz: np.ndarray) -> float:
    """95th percentile of the horizontal distance from the median position [m]: a few frames
    of a swapped or ghost marker do not count."""
    if not len(xz):
        return math.nan
    return float(np.percentile(np.hypot(*(xz - np.median(xz, axis=0)).T), 95))


def classify(path: Path) -> tuple[str, str]:
    """("static" or "dynamic", why) for one C3D file by the rules of this module."""
    if path.parent.name.lower() == "static":
        return "static", f"in a folder named {path.parent.name}"
    word = _static_word(path.stem)
    if word is not None:
        walking = _walking(path)
        if walking:
            return "dynamic", (f"its name holds {word!r}, but {walking}: taken as a dynamic "
                               "trial (docs: cohorts, 'Static or dynamic')")
        return "static", f"its name holds {word!r}"
    from .. import io

    try:
        trial = io.read_c3d(path)
    except (OSError, ValueError, RuntimeError) as exc:
        return "dynamic", f"unreadable ({type(exc).__name__}), taken as a dynamic trial"
    gait = [e for e in trial.events if e.label.strip().lower() in _GAIT_EVENTS]
    if gait:
        return "dynamic", f"the file holds {len(gait)} gait event(s)"
    markers, axes = trial.markers, trial.lab_axes
    pelvis = _pelvis_travel_m(trial)
    if not math.isfinite(pelvis):
        return "dynamic", ("no gait event, but no pelvis marker (LASI/RASI, LPSI/RPSI or SACR) "
                           "to judge the motion by: taken as a dynamic trial")
    if pelvis >= STATIC_MAX_TRAVEL_M:
        return "dynamic", (f"no gait event, but the pelvis travels {pelvis:.2f} m horizontally "
                           f"(>= {STATIC_MAX_TRAVEL_M:g} m)")
    heels: dict[str, float] = {}
    for names in _HEELS:
        for n in names:
            if n in markers:
                heels[n] = _spread_m(_horizontal(markers[n], axes))
                break
    heels = {k: v for k, v in heels.items() if math.isfinite(v)}
    moving = {k: v for k, v in heels.items() if v >= STATIC_MAX_HEEL_SPREAD_M}
    if moving:
        k = max(moving, key=moving.get)
        return "dynamic", (f"no gait event and the pelvis travels {pelvis:.2f} m, but {k} "
                           f"moves {moving[k]:.2f} m from its median position (95th percentile, "
                           f">= {STATIC_MAX_HEEL_SPREAD_M:g} m)")
    feet = (f" and the heels stay within {max(heels.values()):.2f} m of their median position "
            f"(95th percentile, < {STATIC_MAX_HEEL_SPREAD_M:g} m)") if heels else \
        " (no heel marker)"
    return "static", (f"by content: no gait event, the pelvis travels {pelvis:.2f} m "
                      f"horizontally (< {STATIC_MAX_TRAVEL_M:g} m){feet}")


def _pelvis_travel_m(trial: Any) -> float:
    markers, axes = trial.markers, trial.lab_axes
    for names in _PELVIS:
        if all(n in markers for n in names):
            mid = sum(np.asarray(markers[n], dtype=float) for n in names) / len(names)
            return _travel_m(_horizontal(mid, axes))
    return math.nan


def _walking(path: Path) -> str:
    """Why the content of a file named like a static trial clearly says walking (gait events
    and the pelvis travelling at least STATIC_MAX_TRAVEL_M), or "" (also when unreadable)."""
    from .. import io

    try:
        trial = io.read_c3d(path)
    except (OSError, ValueError, RuntimeError):
        return ""
    gait = [e for e in trial.events if e.label.strip().lower() in _GAIT_EVENTS]
    if not gait:
        return ""
    pelvis = _pelvis_travel_m(trial)
    if not (pelvis >= STATIC_MAX_TRAVEL_M):
        return ""
    return (f"the file holds {len(gait)} gait event(s) and the pelvis travels {pelvis:.2f} m "
            f"horizontally (>= {STATIC_MAX_TRAVEL_M:g} m)")


# --------------------------------------------------------------------------------------------
# Pairing


@dataclass
class TrialPlan:
    """One dynamic trial of a run: its file, the static trial paired with it (None: none) and
    why (``pairing``, a sentence), the rule that made it dynamic (``kind_reason``), the
    trial's identifier and output folder (relative to the run's output folder), whether the
    static is the one given for all trials (``given_static``), its own options from the static
    map (``options``: ``body_mass_kg``, ``age_years``, ``patient``) and its subject folder."""

    path: Path
    static: Optional[Path]
    pairing: str
    kind_reason: str = ""
    trial_id: str = ""
    out_dir: Optional[Path] = None
    statics_considered: list[Path] = field(default_factory=list)
    given_static: bool = False
    options: dict[str, Any] = field(default_factory=dict)
    subject: str = ""


#: Per-trial columns of a static-map CSV besides trial and static: column -> run() option.
MAP_OPTION_COLUMNS = {"mass_kg": "body_mass_kg", "age_years": "age_years", "patient": "patient"}


@dataclass
class _MapRow:
    has_static: bool
    static: Optional[Path]
    options: dict[str, Any]
    where: str


def _map_number(text: str, column: str, where: str, arg: str, low: float, high: float,
                low_open: bool) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    ok = math.isfinite(value) and (value > low if low_open else value >= low) and value <= high
    if not ok:
        raise ValueError(f"argument {arg!r}: {where}: column {column}: expected a number in "
                         f"{'(' if low_open else '['}{low:g}, {high:g}], got {text!r}")
    return value


def _static_map(static_map: Any, arg: str = "static_map") -> dict[str, _MapRow]:
    """realpath(trial) -> its row (static: None means no static; has_static False: the rules
    decide) from a CSV file or a mapping trial -> static."""
    if isinstance(static_map, Mapping):
        rows = [(os.fspath(k), True, "" if v is None else os.fspath(v), {}, f"key {k!r}",
                 Path.cwd()) for k, v in static_map.items()]
    elif isinstance(static_map, (str, os.PathLike)):
        p = Path(static_map)
        try:
            with open(p, newline="", encoding="utf-8-sig") as f:
                reader = csv.DictReader(f)
                cols = [c.strip().lower() for c in (reader.fieldnames or [])]
                extra = [c for c in MAP_OPTION_COLUMNS if c in cols]
                if "trial" not in cols or ("static" not in cols and not extra):
                    raise ValueError(f"argument {arg!r}: {p} must have the columns trial and "
                                     f"static (and optionally {', '.join(MAP_OPTION_COLUMNS)}"
                                     f"; header: {reader.fieldnames})")
                rows = []
                for i, row in enumerate(reader, start=2):
                    row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
                    where = f"{p} line {i}"
                    if not row.get("trial"):
                        raise ValueError(f"argument {arg!r}: {where}: empty trial")
                    options: dict[str, Any] = {}
                    if row.get("mass_kg"):
                        options["body_mass_kg"] = _map_number(row["mass_kg"], "mass_kg", where,
                                                              arg, 0, 1000, True)
                    if row.get("age_years"):
                        options["age_years"] = _map_number(row["age_years"], "age_years",
                                                           where, arg, 0, 130, False)
                    if row.get("patient"):
                        options["patient"] = row["patient"]
                    rows.append((row["trial"], "static" in cols, row.get("static", ""),
                                 options, where, p.resolve().parent))
        except FileNotFoundError:
            raise FileNotFoundError(f"argument {arg!r}: no such file {p}") from None
    else:
        raise TypeError(f"argument {arg!r}: expected a CSV file path or a mapping trial -> "
                        f"static, got {type(static_map).__name__}")
    out: dict[str, _MapRow] = {}
    for trial, has_static, static, options, where, base in rows:
        t = Path(trial) if os.path.isabs(trial) else base / trial
        key = os.path.realpath(t)
        if key in out:
            raise ValueError(f"argument {arg!r}: {where}: trial {trial} is named twice")
        s = None
        if static:
            s = Path(static) if os.path.isabs(static) else base / static
            if not s.is_file():
                raise ValueError(f"argument {arg!r}: {where}: the static trial {s} does not "
                                 "exist")
        out[key] = _MapRow(has_static, s, options, where)
    return out


def _pick(trial: Path, candidates: list[Path], where: str) -> tuple[Path, str]:
    if len(candidates) == 1:
        return candidates[0], f"the only static trial {where}"
    names = ", ".join(c.name for c in candidates)
    before = [c for c in candidates if _natural_key(Path(c.name)) < _natural_key(Path(trial.name))]
    if before:
        chosen = before[-1]
        why = "the last one sorting before this trial (the most recent static recorded before it)"
    else:
        chosen = candidates[0]
        why = "none sorts before this trial, so the first one"
    return chosen, f"{len(candidates)} static trials {where} ({names}): {why}"


class _Classifier:
    """classify() with a cache, and the statics of a folder."""

    def __init__(self) -> None:
        self.kinds: dict[str, tuple[str, str]] = {}

    def kind(self, path: Path) -> tuple[str, str]:
        key = os.path.abspath(path)
        if key not in self.kinds:
            self.kinds[key] = classify(path)
        return self.kinds[key]

    def statics_in(self, folder: Path) -> list[Path]:
        try:
            files = sorted((f for f in folder.iterdir() if f.is_file()
                            and f.name.lower().endswith(".c3d") and not f.name.startswith(".")),
                           key=_natural_key)
        except OSError:
            return []
        return [f for f in files if self.kind(f)[0] == "static"]


def _sub_folders(folder: Path, name: str) -> list[Path]:
    try:
        return sorted((d for d in folder.iterdir() if d.is_dir() and d.name.lower() == name),
                      key=_natural_key)
    except OSError:
        return []


def plan(paths: Any, *, static: Any = None, static_map: Any = None, pair: bool = True,
         arg: str = "paths") -> tuple[list[TrialPlan], list[tuple[Path, str]]]:
    """The dynamic trials of ``paths`` with their statics, and the static trials (path, why
    static): those among ``paths`` and those paired from elsewhere. ``static`` (one file for
    all) disables the pairing rules;
    ``pair=False`` too (no static, nothing classified: every file is a dynamic trial)."""
    files = discover(paths, arg)
    mapping = _static_map(static_map) if static_map is not None else {}
    cls = _Classifier()
    plans: list[TrialPlan] = []
    statics: list[tuple[Path, str]] = []
    for f in files:
        row = mapping.get(os.path.realpath(f))
        options = dict(row.options) if row is not None else {}
        if row is not None and row.has_static:
            s = row.static
            plans.append(TrialPlan(f, s, "the static map" + ("" if s else ": no static trial"),
                                   "named in the static map", options=options))
            continue
        if not pair and static is None:
            plans.append(TrialPlan(f, None, "no pairing (pairing turned off)", "given",
                                   options=options))
            continue
        kind, why = cls.kind(f)
        if kind == "static":
            statics.append((f, why))
            continue
        if static is not None:
            plans.append(TrialPlan(f, None, "the static trial given for all trials (static=, "
                                   "--static)", why, given_static=True, options=options))
            continue
        if not pair:
            plans.append(TrialPlan(f, None, "no pairing (pairing turned off)", why,
                                   options=options))
            continue
        folder = f.parent
        chosen, note = None, ""
        levels = [(folder, "in its folder")]
        levels += [(d, f"in {d.name}/ inside its folder") for d in _sub_folders(folder, "static")]
        levels += [(d, f"in ../{d.name}/ beside its folder")
                   for d in _sub_folders(folder.parent, "static") if d != folder]
        for where_folder, where in levels:
            cands = cls.statics_in(where_folder)
            if cands:
                chosen, note = _pick(f, cands, where)
                break
        if chosen is None:
            note = ("no static trial found (looked in its folder, a Static/ folder inside it "
                    "and ../Static/)" + (": analysed without one" if f.is_file() else ""))
        plans.append(TrialPlan(f, chosen, note, why, options=options))
    if not plans:
        raise ValueError(f"argument {arg!r}: no dynamic trial among the {len(files)} file(s): "
                         "all are static trials (" + "; ".join(f"{p.name}: {w}"
                                                               for p, w in statics[:5]) + ")")
    # The statics used but not among ``paths`` (found beside a trial, or named by the map).
    listed = {os.path.abspath(p) for p, _ in statics}
    for p in plans:
        if p.static is not None and os.path.abspath(p.static) not in listed:
            listed.add(os.path.abspath(p.static))
            kind = cls.kinds.get(os.path.abspath(p.static))
            statics.append((p.static, kind[1] if kind else "named in the static map"))
    return plans, statics


def pairing(paths: Any, *, static_map: Any = None) -> Any:
    """The trials a cohort run would analyse and the static trial of each (docs: cohorts).

    Parameters
    ----------
    paths : path, glob pattern or sequence of them
        C3D files and folders (searched recursively).
    static_map : str, os.PathLike or mapping, optional
        CSV file with the columns ``trial`` and ``static`` (relative paths resolved against
        the CSV's folder; an empty static: none), or a mapping trial -> static, overriding the
        rules for the trials it names.

    Returns
    -------
    pandas.DataFrame
        One row per file: ``path``, ``kind`` ("dynamic" or "static"), ``why`` (the rule that
        classified it), ``static`` (the static trial paired with a dynamic one, or None) and
        ``pairing`` (how it was chosen).
    """
    import pandas as pd

    plans, statics = plan(paths, static_map=static_map)
    rows = [{"path": str(p.path), "kind": "dynamic", "why": p.kind_reason,
             "static": None if p.static is None else str(p.static), "pairing": p.pairing}
            for p in plans]
    rows += [{"path": str(p), "kind": "static", "why": w, "static": None, "pairing": ""}
             for p, w in statics]
    return pd.DataFrame(rows, columns=["path", "kind", "why", "static", "pairing"], dtype=object)


def trial_ids(paths: list[Any]) -> list[tuple[str, str]]:
    """Each trial's identifier and subject folder (docs: cohorts, "Trial identifiers").

    The identifier is the file's path relative to the trials' common folder, without the
    extension, with ``/`` between folders (``S01/walk03``); one trial alone: its file name
    without the extension. A first folder named ``cohort`` (any case) becomes
    ``cohort-trials`` (the cohort files' own folder). Identifiers that would be equal ignoring
    case (``walk.c3d`` and ``Walk.C3D``) get ``-2``, ``-3`` ... in input order, the first
    keeping its own. The subject is the first folder under the common folder, or the trial's
    own folder when the trial lies in the common folder itself.
    """
    absolute = [Path(os.path.abspath(os.fsdecode(p))) for p in paths]
    if len(absolute) == 1:
        return [(absolute[0].stem or "trial", absolute[0].parent.name)]
    try:
        common: Optional[Path] = Path(os.path.commonpath([str(a.parent) for a in absolute]))
    except ValueError:  # different drives
        common = None
    used: dict[str, int] = {}
    out = []
    for a in absolute:
        rel = a.relative_to(common) if common is not None else Path(a.name)
        parts = list(rel.with_suffix("").parts) or ["trial"]
        if parts[0].lower() == "cohort":
            parts[0] += "-trials"  # the cohort folder's own name
        tid = "/".join(parts)
        used[tid.lower()] = used.get(tid.lower(), 0) + 1
        if used[tid.lower()] > 1:
            tid += f"-{used[tid.lower()]}"
        out.append((tid, rel.parts[0] if len(rel.parts) > 1 else a.parent.name))
    return out


def assign_out_dirs(plans: list[TrialPlan], out: Path) -> None:
    """Each trial's identifier and subject (:func:`trial_ids`) and output folder: ``out``
    itself for a single trial, else ``out/<id>``."""
    for p, (tid, subject) in zip(plans, trial_ids([p.path for p in plans])):
        p.trial_id, p.subject = tid, subject
        p.out_dir = out if len(plans) == 1 else out.joinpath(*tid.split("/"))


# --------------------------------------------------------------------------------------------
# Tables

#: Columns of summarise(): per trial, quantity and side.
SUMMARY_COLUMNS = (
    "trial", "subject", "status", "reason", "source", "static", "pairing", "body_mass_kg",
    "events_source",
    "quantity", "label", "unit", "side", "n", "missing", "mean", "sd", "ci_low", "ci_high",
    "side_flag", "reference", "difference", "difference_ci_low", "difference_ci_high",
    "si_percent", "si_ci_low", "si_ci_high", "sa_percent", "sa_ci_low", "sa_ci_high",
    "difference_flag", "si_flag", "assessment", "flags", "report")

_SIDE_FIELDS = ("n", "missing", "mean", "sd", "ci_low", "ci_high")
_PAIR_FIELDS = ("difference", "difference_ci_low", "difference_ci_high", "si_percent",
                "si_ci_low", "si_ci_high", "sa_percent", "sa_ci_low", "sa_ci_high",
                "difference_flag", "si_flag", "assessment", "flags")


@dataclass
class _Entry:
    trial: str
    report: Any = None
    reason: str = ""
    source: str = ""
    static: Optional[str] = None
    pairing: str = ""
    html: Optional[str] = None
    subject: str = ""


def _entries(reports: Any) -> list[_Entry]:
    """summarise()'s input as entries: a BatchResult, TrialReports, (path, report, files)
    tuples (BatchResult.reports) or (path, reason) failures. Outside a BatchResult the
    identifiers and subjects are made from the sources as a run makes them (trial_ids)."""
    from ._analysis import TrialReport
    from ._batch import BatchResult

    if isinstance(reports, BatchResult):
        return [_Entry(t.trial_id, t.report, t.reason, str(t.path),
                       None if t.static is None else str(t.static), t.pairing,
                       None if not t.files or "html" not in t.files else str(t.files["html"]),
                       t.subject)
                for t in reports.trials]
    if isinstance(reports, TrialReport):
        reports = [reports]
    try:
        items = list(reports)
    except TypeError:
        raise TypeError("argument 'reports': expected a BatchResult or a sequence of "
                        f"TrialReports, got {type(reports).__name__}") from None
    out: list[_Entry] = []
    for item in items:
        if isinstance(item, TrialReport):
            out.append(_Entry("", item, source=item.source, static=item.static_source))
        elif isinstance(item, tuple) and len(item) == 3 and isinstance(item[1], TrialReport):
            path, rep, files = item
            html = files.get("html") if isinstance(files, Mapping) else None
            out.append(_Entry("", rep, source=os.fsdecode(path), static=rep.static_source,
                              html=None if html is None else str(html)))
        elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], str):
            out.append(_Entry("", None, item[1], source=os.fsdecode(item[0])))
        else:
            raise TypeError("argument 'reports': expected TrialReports, (path, report, files) "
                            "or (path, reason) tuples, got " + type(item).__name__)
    if out:
        for e, (tid, subject) in zip(out, trial_ids([e.source or "trial" for e in out])):
            e.trial, e.subject = tid, subject
    return out


def summarise(reports: Any) -> Any:
    """The cohort table: one row per trial, quantity and side (tidy), failures included.

    Parameters
    ----------
    reports : BatchResult or sequence
        The result of :func:`hipmech.report.run`, or TrialReports
        (:func:`hipmech.report.analyse`), or ``(path, report, files)`` tuples
        (``BatchResult.reports``), or ``(path, reason)`` failures.

    Returns
    -------
    pandas.DataFrame
        The columns of ``cohort/summary.csv`` (docs: cohorts, "Output"): ``trial`` (the
        trial's identifier: its path relative to the trials' common folder, without the
        extension, made from the reports' ``source`` for TrialReports as a run makes it:
        :func:`trial_ids`), ``subject`` (the first folder under the common folder),
        ``status`` ("ok" or "failed"), ``reason``
        (why it failed), ``source``, ``static``, ``pairing``, ``body_mass_kg``,
        ``events_source``, ``quantity``, ``label``, ``unit``, ``side`` ("left"/"right"), the
        side's ``n``, ``missing``, ``mean``, ``sd``, ``ci_low``, ``ci_high`` and
        ``side_flag``, then the trial's between-side values, the same on its left and right
        rows: ``reference``, ``difference`` (other minus reference side), ``si_percent``,
        ``sa_percent`` with their CIs, ``difference_flag``, ``si_flag``, ``assessment``,
        ``flags``; and ``report`` (the trial's report.html, when written). A failed trial is
        one row with its ``reason`` and NaN/None elsewhere. Units are the quantity's
        (``unit``); flags are True, False or None (not assessed).
    """
    import pandas as pd

    rows = []
    for e in _entries(reports):
        base = {"trial": e.trial, "subject": e.subject, "source": e.source, "static": e.static,
                "pairing": e.pairing, "report": e.html}
        rep = e.report
        if rep is None:
            rows.append({**base, "status": "failed", "reason": e.reason})
            continue
        base.update(status="ok", reason="", body_mass_kg=rep.body_mass_kg,
                    events_source=rep.events_source, reference=rep.reference)
        if base["static"] is None:
            base["static"] = rep.static_source
        for row in rep.summary.to_dict(orient="records"):
            pair = {k: row[k] for k in _PAIR_FIELDS}
            for side in ("left", "right"):
                rows.append({**base, "quantity": row["quantity"], "label": row["label"],
                             "unit": row["unit"], "side": side,
                             **{k: row[f"{side}_{k}"] for k in _SIDE_FIELDS},
                             "side_flag": row[f"{side}_flag"], **pair})
    df = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
    for col in ("n", "missing"):
        df[col] = df[col].astype("Int64")
    for col in ("mean", "sd", "ci_low", "ci_high", "body_mass_kg", "difference",
                "difference_ci_low", "difference_ci_high", "si_percent", "si_ci_low",
                "si_ci_high", "sa_percent", "sa_ci_low", "sa_ci_high"):
        df[col] = df[col].astype(float)
    for col in ("side_flag", "difference_flag", "si_flag", "subject", "source", "static",
                "pairing",
                "events_source", "quantity", "label", "unit", "side", "reference",
                "assessment", "flags", "report"):
        df[col] = df[col].astype(object).where(df[col].notna(), None)
    return df


def summarise_stances(reports: Any) -> Any:
    """Every stance of every trial: the trial's ``stances`` table (docs: report) with a first
    column ``trial`` (as in :func:`summarise`). Failed trials have no stance (they are listed
    by :func:`summarise`).

    Parameters
    ----------
    reports : BatchResult or sequence
        As for :func:`summarise`.

    Returns
    -------
    pandas.DataFrame
    """
    import pandas as pd

    from ._analysis import QUANTITIES

    frames = [e.report.stances.assign(trial=e.trial, subject=e.subject)
              for e in _entries(reports) if e.report is not None]
    cols = ["trial", "subject", "side", "stance", "foot_strike_frame", "foot_off_frame",
            "foot_strike_time_s", "foot_off_time_s", "foot_strike_source", "foot_off_source",
            "single_support_begin", "single_support_end", *QUANTITIES,
            "pelvic_drop_peak_percent_stance", "note"]
    if not frames:
        return pd.DataFrame(columns=cols)
    df = pd.concat(frames, ignore_index=True)
    return df[["trial", "subject"] + [c for c in df.columns if c not in ("trial", "subject")]]


def write_tables(summary: Any, stances: Any, folder: Path, *, csv: bool = True,
                 xlsx: Optional[str] = None, trials: Any = None,
                 spm: Any = None) -> dict[str, Path]:
    """summary.csv and stances.csv (and trials.csv, spm.csv), and an Excel workbook named
    ``xlsx`` with one sheet each, written atomically in ``folder``."""
    from ._html import _atomic_write

    files: dict[str, Path] = {}
    tables = [("summary", summary), ("stances", stances)]
    if trials is not None:
        tables.append(("trials", trials))
    if spm is not None:
        tables.append(("spm", spm))
    if csv:
        for name, df in tables:
            path = folder / f"{name}.csv"
            _atomic_write(path, df.to_csv(index=False, lineterminator="\n").encode(
                "utf-8", "backslashreplace"))  # a non-UTF-8 file name: its escape
            files[f"{name}_csv"] = path
    if xlsx:
        import io as _io

        buf = _io.BytesIO()
        with _excel_writer(buf) as writer:
            for name, df in tables:
                df.to_excel(writer, sheet_name=name, index=False)
        path = folder / xlsx
        _atomic_write(path, buf.getvalue())
        files["xlsx"] = path
    return files


def _is_our_table(path: Path) -> bool:
    """True for a summary.csv, stances.csv or Excel workbook that hipmech wrote (by its
    header or sheet names), so that a user's own file of that name is never removed."""
    import zipfile

    try:
        if path.suffix.lower() == ".csv":
            with open(path, "rb") as f:
                head = f.readline(4096).decode("utf-8", "replace").strip().lstrip("\ufeff")
            cols = head.split(",")
            return cols[:1] == ["trial"] and ({"quantity", "side", "assessment"} <= set(cols) or
                                              {"side", "stance", "foot_strike_frame"} <= set(cols))
        if path.suffix.lower() == ".xlsx":
            with zipfile.ZipFile(path) as z:
                book = z.read("xl/workbook.xml").decode("utf-8", "replace")
            return 'name="summary"' in book and 'name="stances"' in book
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return False
    return False


def remove_stale_tables(folder: Path, keep: set[str], names: Iterable[str]) -> list[Path]:
    """Remove the tables ``names`` of an earlier run from ``folder`` that this run did not
    write (not in ``keep``), when hipmech wrote them (:func:`_is_our_table`), as
    :func:`hipmech.report.write` removes the figures of an earlier run. Returns them."""
    removed = []
    for name in names:
        path = folder / name
        if name not in keep and path.is_file() and _is_our_table(path):
            path.unlink()
            removed.append(path)
    return removed


def check_xlsx() -> None:
    """ImportError naming the option and the extra when openpyxl is missing."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise ImportError("argument 'xlsx' (--xlsx): writing Excel files needs openpyxl; "
                          "install it with: pip install 'hipmech[xlsx]'") from None


def _excel_writer(buf: Any) -> Any:
    import pandas as pd

    check_xlsx()
    return pd.ExcelWriter(buf, engine="openpyxl")
