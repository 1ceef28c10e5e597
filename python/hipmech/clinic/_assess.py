"""The assessment of one session (``hipmech assess SESSION``, docs: assess): every test the
session names, run by the hipmech.clinic functions, collected with its flags and notes, and
written as assessment.html, assessment.json and PNG figures."""

from __future__ import annotations

import hashlib
import inspect
import json
import math
import os
import secrets
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from .. import _results
from ._session import SESSION_TESTS, SIDES, Session, SessionError, read_session

__all__ = ["Assessment", "TestRun", "assess"]

#: Columns of :attr:`Assessment.summary` and :attr:`Assessment.flags`.
SUMMARY_COLUMNS = ("test", "quantity", "side", "value", "unit")
FLAG_COLUMNS = ("test", "name", "side", "value", "cutoff", "unit", "rule", "state", "source",
                "note")


@dataclass(frozen=True)
class TestRun:
    """One test of an assessment: its result, or why there is none.

    Attributes
    ----------
    key : str
        ``"y_balance"``, or ``"single_leg_stance.right"`` for a task done per side.
    test : str
        The test's name (of :data:`hipmech.clinic._session.SESSION_TESTS`).
    side : str
        The side of a per-side task, else "".
    status : str
        ``"ok"``, ``"failed"`` (the function refused the inputs: ``reason`` says why) or
        ``"not available"`` (this hipmech has no such function).
    reason : str
    result : ClinicResult or None
        None when the function refused the inputs; a stance whose recording contradicts the
        stance side given keeps its result (all "not assessed") with status "failed".
    input : dict
        For a task read from a file (single_leg_stance, single_leg_squat): what was read,
        ``file``, ``kind`` (``trial``/``keypoints``), ``format`` (the reader's, e.g.
        ``trc``, ``mediapipe``), ``units``, ``rate_hz`` and ``rate_from`` (``the file`` or
        ``the session``), ``view``, ``image_width_px``/``image_height_px``; else empty.
    notes : list of str
        The reader's notes on the file (renamed keypoints, frames without a person, points
        set to NaN, ...), each once.
    """

    __test__ = False  # not a pytest test class

    key: str
    test: str
    side: str
    status: str
    reason: str = ""
    result: Any = None
    input: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)


@dataclass(frozen=True)
class Assessment:
    """The tests of one session, scored (:func:`assess`).

    Attributes
    ----------
    session : Session
    runs : list of TestRun
        One per test (per side for single_leg_stance and single_leg_squat), in the order of
        :data:`SESSION_TESTS`.
    programme : list of (str, result)
        Baseline against follow-up: the session's ``programme`` entries, then each test
        compared with the ``baseline`` session's (``"<test key> vs baseline"``).
    baseline : Assessment or None
        The baseline session's assessment, when the session names one.
    notes : list of str
    hipmech_version : str
    """

    session: Session
    runs: list = field(default_factory=list)
    programme: list = field(default_factory=list)
    baseline: Optional["Assessment"] = None
    notes: list = field(default_factory=list)
    hipmech_version: str = ""

    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    @property
    def results(self) -> dict:
        """Test key -> result, the tests that ran."""
        return {r.key: r.result for r in self.runs if r.status == "ok"}

    @property
    def failed(self) -> list:
        """The runs without a result (failed or not available)."""
        return [r for r in self.runs if r.status != "ok"]

    @property
    def summary(self) -> Any:
        """One row per test × quantity × side (columns :data:`SUMMARY_COLUMNS`; ``test`` is the
        run's key), then the programme comparisons (test ``programme``)."""
        import pandas as pd

        frames = []
        for r in self.runs:
            if r.status != "ok":
                continue
            f = r.result.to_frame().copy()
            f["test"] = r.key
            frames.append(f[list(SUMMARY_COLUMNS)])
        rows = []
        for name, row in self.programme_rows():
            quantity = name if row["quantity"] in ("", name) else f"{name}: {row['quantity']}"
            for what in ("baseline", "follow_up", "change", "percent_change", "mdc"):
                rows.append({"test": "programme", "quantity": f"{quantity}: {what}",
                             "side": row["side"], "value": row[what],
                             "unit": "%" if what == "percent_change" else row["unit"]})
        if rows:
            frames.append(pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS)))
        if not frames:
            return pd.DataFrame(columns=list(SUMMARY_COLUMNS))
        return pd.concat(frames, ignore_index=True)

    @property
    def flags(self) -> Any:
        """One row per flag (columns :data:`FLAG_COLUMNS`), with its rule and source."""
        import pandas as pd

        rows = []
        for key, res in [(r.key, r.result) for r in self.runs if r.status == "ok"] + [
                (f"programme: {n}", res) for n, res in self.programme]:
            for f in res.flags:
                rows.append({"test": key, **{c: getattr(f, c) for c in FLAG_COLUMNS[1:]}})
        return pd.DataFrame(rows, columns=list(FLAG_COLUMNS))

    def programme_rows(self) -> list[tuple[str, dict]]:
        """(comparison name, row) per compared quantity: the row's quantity, side, unit,
        baseline, follow_up, change, percent_change, mdc and verdict."""
        out = []
        for name, res in self.programme:
            changes = getattr(res, "changes", None)
            if changes is not None and hasattr(changes, "to_dict"):
                for r in changes.to_dict(orient="records"):
                    out.append((name, {k: r.get(k, "") for k in _PROGRAMME_KEYS}))
            else:
                out.append((name, {"quantity": "", "side": "", "unit": _programme_unit(res),
                                   **{k: _float(getattr(res, k, math.nan)) for k in
                                      ("baseline", "follow_up", "change", "percent_change",
                                       "mdc")},
                                   "verdict": str(getattr(res, "verdict", ""))}))
        return out

    def inputs(self) -> list[dict]:
        """Every input file: role, path and SHA-256 (a folder: of its files' names and
        hashes, in name order)."""
        s = self.session
        out = []
        if s.path is not None:
            out.append({"role": "session", "path": str(s.path), "sha256": s.sha256})
        for role, p in s.files:
            out.append({"role": role, "path": str(p), "sha256": _sha256(p)})
        if self.baseline is not None:
            for item in self.baseline.inputs():
                out.append({**item, "role": "baseline " + item["role"]})
        return out

    def to_dict(self) -> dict:
        """Everything assessment.json holds, JSON-ready (NaN as None)."""
        from ._common import _jsonable

        return _jsonable({
            "hipmech_version": self.hipmech_version,
            "session": self.session.to_dict(),
            "inputs": self.inputs(),
            "tests": [{"key": r.key, "test": r.test, "side": r.side, "status": r.status,
                       "reason": r.reason, "input": dict(r.input), "reader_notes": list(r.notes),
                       "result": None if r.result is None else r.result.to_dict()}
                      for r in self.runs],
            "summary": self.summary.to_dict(orient="records"),
            "flags": self.flags.to_dict(orient="records"),
            "programme": [{"name": n, "result": res.to_dict()} for n, res in self.programme],
            "baseline": None if self.baseline is None else {
                "session": str(self.baseline.session.path),
                "summary": self.baseline.summary.to_dict(orient="records")},
            "notes": list(self.notes),
        })

    def write(self, out_dir: Any, *, overwrite: bool = False, figures: bool = True) -> dict:
        """Write assessment.html, assessment.json and the PNG figures into ``out_dir``.

        Every file is first written into a staging folder beside ``out_dir`` and then renamed
        in, the page last: a failure leaves ``out_dir`` as it was, and a reader never sees a
        half-written file. Figures of an earlier assessment that this one does not draw are
        removed; other files are left alone. The page is self-contained (the figures are also
        embedded in it).

        Parameters
        ----------
        out_dir : str or os.PathLike
            Created when missing.
        overwrite : bool
            ``out_dir`` holds the assessment of another session file: replace it. Without it
            that is a FileExistsError (CLI ``--overwrite``), as for hipmech report.
        figures : bool
            Draw the figures (needs matplotlib; without it the page says so).

        Returns
        -------
        dict of str to pathlib.Path
            ``"html"``, ``"json"`` and one entry per figure (the file name without ``.png``).
        """
        from ._assess_html import write_assessment

        for name, v in (("overwrite", overwrite), ("figures", figures)):
            if not isinstance(v, bool):
                raise TypeError(f"argument {name!r}: expected a bool, got {type(v).__name__}")
        return write_assessment(self, out_dir, overwrite=overwrite, figures=figures)


_PROGRAMME_KEYS = ("quantity", "side", "unit", "baseline", "follow_up", "change",
                   "percent_change", "mdc", "verdict")


def _float(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def _programme_unit(res: Any) -> str:
    opts = getattr(res, "options", None)
    unit = getattr(res, "unit", None)
    if unit is None and opts is not None:
        unit = getattr(opts, "unit", None) if not isinstance(opts, Mapping) else opts.get("unit")
    return unit or ""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    if path.is_dir():
        for p in sorted(q for q in path.rglob("*") if q.is_file()):
            h.update(p.relative_to(path).as_posix().encode("utf-8", "surrogateescape") + b"\0")
            h.update(_sha256(p).encode("ascii") + b"\n")
        return h.hexdigest()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def assess(session: Any) -> Assessment:
    """Run every test a session names and collect the results, flags and notes.

    Parameters
    ----------
    session : Session, str or os.PathLike
        A :class:`Session` or a session file (YAML, JSON or CSV; :func:`read_session`).

    Returns
    -------
    Assessment
        A test the clinic function refuses (a trial in which no lift-off is found, a
        keypoint file in a layout no reader knows) does not stop the others: its run is
        ``"failed"`` with the reason, as :attr:`Assessment.failed` lists.

    Raises
    ------
    SessionError
        (a ValueError) the session file is not valid, or its baseline session is of another
        subject.
    FileNotFoundError
        The session file does not exist.
    """
    from .. import __version__

    if not isinstance(session, Session):
        session = read_session(session)
    runs = _run_tests(session)
    notes: list[str] = list(session.notes)
    for r in runs:
        name = Path(r.input["file"]).name if r.input.get("file") else r.key
        notes += [f"{r.key}: {name}: {n}" for n in r.notes]
    baseline = None
    programme: list = []
    for name, spec in session.programme.items():
        key = f"programme.{name}"
        fn = _clinic("programme_change")
        if fn is None:
            runs.append(TestRun(key, "programme_change", "", "not available",
                                "hipmech.clinic.programme_change is not available in this "
                                "hipmech"))
            continue
        try:
            programme.append((name, _programme_numbers(fn, name, spec)))
        except (ValueError, TypeError) as exc:
            runs.append(TestRun(key, "programme_change", "", "failed", str(exc)))
    if session.baseline is not None:
        base_session = read_session(session.baseline)
        if base_session.subject.id != session.subject.id:
            raise SessionError(f"{session.path}: baseline: expected a session of subject "
                               f"{session.subject.id!r}, got one of "
                               f"{base_session.subject.id!r} ({session.baseline})")
        baseline = Assessment(session=base_session, runs=_run_tests(base_session),
                              hipmech_version=__version__)
        if base_session.baseline is not None:
            notes.append(f"The baseline session names a baseline of its own "
                         f"({base_session.baseline}); it is not followed.")
        was, now = base_session.subject.involved, session.subject.involved
        involved_changed = was != now
        moved_all: list[str] = []  # "test: quantities" whose side changed (one top-level note)
        base = {r.key: r for r in baseline.runs}
        change = _clinic("programme_change")
        for r in runs:
            b = base.get(r.key)
            if b is None:
                continue
            if r.status != "ok" or b.status != "ok":
                notes.append(f"{r.key}: no change from baseline (the "
                             f"{'baseline' if b.status != 'ok' else 'follow-up'} test has no "
                             "result).")
                continue
            if change is None:
                notes.append(f"{r.key}: no change from baseline: hipmech.clinic."
                             "programme_change is not available in this hipmech.")
                continue
            errors = session.measurement_error.get(r.test, {})
            kwargs = {kind: {q: e[kind] for q, e in errors.items() if kind in e} or None
                      for kind in ("sem", "mdc", "higher_is_better")}
            rel = {q: (e["reliability"]["icc"], e["reliability"]["sd"])
                   for q, e in errors.items() if "reliability" in e}
            quantities = set(r.result.to_frame()["quantity"])
            unknown = sorted(set(errors) - quantities)
            if unknown:
                raise SessionError(
                    f"{session.path}: measurement_error.{r.test}.{unknown[0]}: expected a "
                    f"quantity of {r.test} ({', '.join(sorted(quantities))}), got "
                    f"{unknown[0]!r}")
            try:
                compared = _call(change, b.result, r.result, reliability=rel or None, **kwargs)
            except (ValueError, TypeError) as exc:
                notes.append(f"{r.key}: no change from baseline: {exc}")
                continue
            programme.append((f"{r.key} vs baseline", compared))
            if involved_changed:  # said once, in the top-level note (the programme keeps its own)
                moved = [q for q, _, _ in _side_moved(compared)]
                if moved:
                    moved_all.append(f"{r.key}: {', '.join(moved)}")
                continue
            # programme_change's own note of a side that changed, else one made here.
            said = [n for n in getattr(compared, "notes", []) if is_side_note(n)]
            notes += [f"{r.key}: {n}" if not n.startswith(f"{r.test}:") else n for n in said]
            moved = [] if said else _side_moved(compared)
            if moved:
                notes.append(f"{r.key}: " + "; ".join(
                    f"{q} is of the {b_side} side at baseline and of the {f_side} side now"
                    for q, b_side, f_side in moved) + " (the involved or the worse side "
                    "changed): not compared.")
        if involved_changed:
            which = (": " + "; ".join(moved_all)) if moved_all else ""
            notes.insert(0, f"The involved side changed: {was or 'not given'} at baseline, "
                            f"{now or 'not given'} now. Limb symmetry indices and deficits are "
                            "of the involved (or, without one, the worse) side, so where the "
                            "side changed the baseline's and this session's are of different "
                            "sides and are not compared (their change is not assessed)"
                            f"{which}. Check subject.involved in both sessions.")
        only = sorted(set(base) - {r.key for r in runs})
        if only:
            notes.append("Tests of the baseline session not repeated at follow-up: "
                         + ", ".join(only) + ".")
    for r in runs:
        if r.status != "ok":
            notes.append(f"{r.key}: {r.status}: {r.reason}")
    return Assessment(session=session, runs=runs, programme=programme, baseline=baseline,
                      notes=notes, hipmech_version=__version__)


def is_side_note(note: str) -> bool:
    """programme_change's note of an LSI on another side at follow-up than at baseline."""
    return "not compared" in note and "side" in note


def _side_moved(compared: Any) -> list[tuple[str, str, str]]:
    """(quantity, baseline side, follow-up side) of the quantities compared by programme_change
    that the baseline has on one side and the follow-up on another (an LSI of the involved or
    worse side, when that side changed)."""
    changes = getattr(compared, "changes", None)
    if changes is None or not hasattr(changes, "to_dict") or changes.empty:
        return []
    only_b: dict = {}
    only_f: dict = {}
    for r in changes.to_dict(orient="records"):
        b, f = _float(r.get("baseline")), _float(r.get("follow_up"))
        if math.isfinite(b) and not math.isfinite(f):
            only_b.setdefault(r["quantity"], r["side"])
        elif math.isfinite(f) and not math.isfinite(b):
            only_f.setdefault(r["quantity"], r["side"])
    return [(q, only_b[q], only_f[q]) for q in only_b if q in only_f and only_b[q] != only_f[q]]


def _clinic(name: str) -> Any:
    from .. import clinic

    return getattr(clinic, name, None)


def _call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)`` without the keywords ``fn`` does not take (an option the
    session gives but this hipmech's function does not know is an error, not dropped: only
    None-valued defaults are left out)."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return fn(*args, **{k: v for k, v in kwargs.items() if v is not None})
    if any(p.kind == p.VAR_KEYWORD for p in params.values()):
        return fn(*args, **{k: v for k, v in kwargs.items() if v is not None})
    unknown = [k for k, v in kwargs.items() if v is not None and k not in params]
    if unknown:
        raise TypeError(f"hipmech.clinic.{getattr(fn, '__name__', fn)} takes no "
                        f"{', '.join(unknown)} in this hipmech")
    return fn(*args, **{k: v for k, v in kwargs.items() if v is not None and k in params})


def _run_tests(session: Session) -> list[TestRun]:
    runs = []
    for test in SESSION_TESTS:
        spec = session.tests.get(test)
        if spec is None:
            continue
        sides = [s for s in SIDES if s in spec] if test in (
            "single_leg_stance", "single_leg_squat") else [""]
        for side in sides:
            key = f"{test}.{side}" if side else test
            fn = _clinic(test)
            info: dict = {}
            read_notes: list = []
            if fn is None:
                runs.append(TestRun(key, test, side, "not available",
                                    f"hipmech.clinic.{test} is not available in this hipmech"))
                continue
            try:
                result = _RUNNERS[test](fn, spec, session, side, info, read_notes)
            except (ValueError, TypeError, OSError, RuntimeError, KeyError) as exc:
                runs.append(TestRun(key, test, side, "failed", str(exc), None, info,
                                    list(dict.fromkeys(read_notes))))
                continue
            status, reason = "ok", ""
            wrong = _wrong_side(result)
            if wrong:
                status, reason = "failed", wrong
            runs.append(TestRun(key, test, side, status, reason, result, info,
                                list(dict.fromkeys(read_notes))))
    return runs


def _wrong_side(result: Any) -> str:
    """Why a stance result contradicts the stance side the session gives (the foot of the
    given stance side was the one lifted), or ""."""
    if getattr(result, "stance_side_contradicted", False) is not True:
        return ""
    why = [n for n in getattr(result, "notes", []) if "contradicts" in n]
    return (why[0] if why else "the stance side given contradicts the recording") + \
        " (tests.single_leg_stance: the side is the standing leg's; move the file to the " \
        "other side)"


def _run_y_balance(fn: Any, spec: dict, session: Session, side: str, info: dict,
                   read_notes: list) -> Any:
    return _call(fn, spec["left"], spec["right"], limb_length_cm=spec["limb_length_cm"],
                 trials=spec.get("trials"),
                 composite_cutoff_percent=spec.get("composite_cutoff_percent"),
                 anterior_difference_cutoff_cm=spec.get("anterior_difference_cutoff_cm"))


def _run_hop_tests(fn: Any, spec: dict, session: Session, side: str, info: dict,
                   read_notes: list) -> Any:
    return _call(fn, spec["left"], spec["right"], involved=session.subject.involved,
                 trials=spec.get("trials"), lsi_cutoff_percent=spec.get("lsi_cutoff_percent"))


def _run_strength(fn: Any, spec: dict, session: Session, side: str, info: dict,
                  read_notes: list) -> Any:
    q = spec["quantity"]
    setup = None
    if "setup" in spec:
        from ..hip import DynamometerSetup

        st = dict(spec["setup"])
        if "limb_angle_deg" in st:
            st["limb_angle_rad"] = math.radians(st.pop("limb_angle_deg"))
        setup = DynamometerSetup(**st)
    return _call(fn, spec["left"][q], spec["right"][q], quantity=q, setup=setup,
                 body_mass_kg=session.subject.mass_kg, summary=spec.get("summary"),
                 involved=session.subject.involved,
                 lsi_cutoff_percent=spec.get("lsi_cutoff_percent"))


def _session_name(session: Session) -> str:
    return str(session.path) if session.path is not None else "<session>"


def _read_task(session: Session, test: str, side: str, info: dict, read_notes: list) -> Any:
    """The trial (C3D/TRC) or the keypoints of a task, checked against the session: the
    frame rate (a file that carries its own, a TRC or a C3D, against the session's
    ``rate_hz``), the units (normalised MediaPipe coordinates are refused: angles need
    pixels); ``info`` and ``read_notes`` are filled with what was read."""
    from .. import io

    s = session.tests[test][side]
    where = f"{_session_name(session)}: tests.{test}.{side}"
    kind = "trial" if "trial" in s else "keypoints"
    p = s[kind]
    info.update({"file": str(p), "kind": kind})
    if test == "single_leg_squat":
        info["view"] = s.get("view", "anterior")
    if kind == "trial":
        data = io.read_c3d(p) if p.suffix.lower() == ".c3d" else io.read_trc(p)
        info["format"] = p.suffix.lower().lstrip(".")
        info["units"] = "m"
        read_notes += [str(n) for n in getattr(data, "notes", [])]
        file_rate = _float(getattr(data, "point_rate_hz", math.nan))
    else:
        kwargs: dict[str, Any] = {k: s[k] for k in ("min_confidence", "image_width_px",
                                                     "image_height_px") if k in s}
        reader = getattr(io, "read_keypoints", None)  # one reader for every known layout
        if reader is not None:
            try:
                data = reader(p, s.get("format"), **kwargs)
            except TypeError as exc:
                if "image_width_px" in kwargs:
                    raise ValueError(f"{where}.image_width_px: this keypoint file's reader "
                                     f"takes no image size (its coordinates are not fractions "
                                     f"of the image): leave image_width_px and image_height_px "
                                     f"out ({exc})") from None
                raise
        elif p.is_file() and p.suffix.lower() == ".csv":
            data = io.read_keypoints_csv(p, **kwargs)
        else:
            raise ValueError(f"{p}: this hipmech reads keypoints from its long CSV layout only "
                             "(frame, keypoint, x, y, confidence)")
        read_notes += [str(n) for n in getattr(data, "notes", [])]
        info["format"] = getattr(data, "source_format", "") or "csv"
        info["units"] = getattr(data, "units", "px")
        for k in ("image_width_px", "image_height_px"):
            v = _float(getattr(data, k, math.nan))
            if math.isfinite(v):
                info[k] = v
        file_rate = _float(getattr(data, "rate_hz", math.nan))
        if info["units"] == "normalised":
            raise ValueError(
                f"{where}.keypoints: {p.name} holds normalised image coordinates (fractions of "
                f"the image's width and height, {info['format']} without an image size): a "
                "pelvic drop or a knee angle from them is distorted unless the image is "
                "square, so the test is not scored; give the video's size in the session "
                "(image_width_px and image_height_px beside keypoints)")
    given = s.get("rate_hz")
    if math.isfinite(file_rate) and file_rate > 0:
        if given is not None and not math.isclose(given, file_rate, rel_tol=1e-6):
            raise ValueError(f"{where}.rate_hz: {given:g} Hz, but {p.name} carries its own frame "
                             f"rate, {file_rate:g} Hz: leave rate_hz out (the file's is used) "
                             "or correct it")
        info.update({"rate_hz": file_rate, "rate_from": "the file"})
    elif given is not None:
        info.update({"rate_hz": given, "rate_from": "the session"})
    else:
        raise ValueError(f"{where}.rate_hz: required ({p.name} carries no frame rate), "
                         "missing")
    return data


def _run_stance(fn: Any, spec: dict, session: Session, side: str, info: dict,
                read_notes: list) -> Any:
    data = _read_task(session, "single_leg_stance", side, info, read_notes)
    rate = info["rate_hz"] if info["kind"] == "keypoints" else None
    return _call(fn, data, stance_side=side, rate_hz=rate)


def _run_squat(fn: Any, spec: dict, session: Session, side: str, info: dict,
               read_notes: list) -> Any:
    data = _read_task(session, "single_leg_squat", side, info, read_notes)
    rate = info["rate_hz"] if info["kind"] == "keypoints" else None
    return _call(fn, data, side=side, view=spec[side].get("view"), rate_hz=rate)


_RUNNERS = {
    "y_balance": _run_y_balance,
    "hop_tests": _run_hop_tests,
    "hip_abductor_strength": _run_strength,
    "single_leg_stance": _run_stance,
    "single_leg_squat": _run_squat,
}


def _programme_numbers(fn: Any, name: str, spec: dict) -> Any:
    rel = spec.get("reliability")
    return _call(fn, spec["baseline"], spec["follow_up"], sem=spec.get("sem"),
                 mdc=spec.get("mdc"),
                 reliability=None if rel is None else (rel["icc"], rel["sd"]),
                 higher_is_better=spec.get("higher_is_better"),
                 confidence=spec.get("confidence"), name=name, unit=spec.get("unit") or None)


def _staging(out: Path) -> Path:
    stage = out.parent / f".{out.name}.{os.getpid()}.{secrets.token_hex(4)}.staging"
    stage.mkdir()
    return stage


class _OutputInUse(FileExistsError):
    """The output folder holds another session's assessment: ``str()`` speaks to a Python
    caller (``overwrite=True``), :attr:`what` is the fact alone for the CLI to add
    ``--overwrite``."""

    def __init__(self, what: str) -> None:
        super().__init__(f"argument 'out_dir': {what}; pass overwrite=True to replace it, or "
                         "choose another folder")
        self.what = what


def _check_not_another_session(out: Path, assessment: Assessment, overwrite: bool) -> None:
    """FileExistsError when out/assessment.json is the assessment of another session file
    (unless ``overwrite``): the rule of hipmech report's output folder."""
    existing = out / "assessment.json"
    if overwrite or not existing.is_file():
        return
    try:
        old = json.loads(existing.read_text(encoding="utf-8"))
        source = old["session"]["path"]
        subject = old["session"]["subject"]["id"]
    except (OSError, ValueError, KeyError, TypeError):
        raise _OutputInUse(f"{existing} exists and is not a readable hipmech "
                           "assessment") from None
    mine = assessment.session.path
    same = source == (None if mine is None else str(mine))
    if not same and isinstance(source, str) and mine is not None:
        try:
            same = os.path.samefile(source, mine)
        except OSError:
            same = False
    if not same:
        raise _OutputInUse(f"{out} holds the assessment of another session (subject "
                           f"{subject!r}, {source})")


def _publish(stage: Path, out: Path, files: dict, is_ours: Any) -> dict:
    """Rename the staged files into ``out`` (the page last), then remove files of an earlier
    run that this one did not write."""
    order = [k for k in files if k not in ("json", "html")] + ["json", "html"]
    moved = {}
    for key in order:
        target = out / files[key].name
        os.replace(files[key], target)
        moved[key] = target
    keep = {p.name for p in moved.values()}
    for old in out.iterdir():
        if old.name not in keep and is_ours(old.name) and old.is_file():
            old.unlink()
    return {k: moved[k] for k in files}


def _remove_stage(stage: Path) -> None:
    shutil.rmtree(stage, ignore_errors=True)


def _unjudged_change(flag_row: dict) -> bool:
    """A programme comparison's flag that could not be judged (no measurement error): left
    out of the printed and shown flag lists (the programme table has the change)."""
    return str(flag_row["test"]).startswith("programme") and \
        flag_row["state"] == "not assessed"


def _flag_side(a: Assessment, row: dict) -> str:
    """A flag's side as shown: its side; 'both' for a left/right comparison; nothing for a
    programme comparison given as numbers (no side at all)."""
    if row["side"]:
        return str(row["side"])
    test = str(row["test"])
    if test.startswith("programme: ") and test[len("programme: "):] in a.session.programme:
        return ""
    return "both"


def _run_notes(a: Assessment) -> list[str]:
    """The assessment's notes without the failed tests' reasons (listed on their own)."""
    failed = {f"{r.key}: {r.status}: {r.reason}" for r in a.failed}
    return [n for n in a.notes if n not in failed]


def format_table(a: Assessment) -> str:
    """The assessment as text: one line per flag (test, what, side, value against the cut-off,
    state), then the programme comparisons and the tests not scored."""
    def num(v: Any) -> str:
        x = _float(v)
        return "n/a" if not math.isfinite(x) else f"{x:.1f}" if abs(x) >= 10 else f"{x:.2f}"

    lines = [f"  {'test':<24} {'flag':<30} {'side':<5} {'value':>9} {'cut-off':>9}  state"]
    for r in a.flags.to_dict(orient="records"):
        if _unjudged_change(r):
            continue
        unit = r["unit"] if r["unit"] != "%" else "%"
        state = r["state"].upper() if r["state"] == "flagged" else r["state"]
        lines.append(f"  {r['test']:<24} {r['name']:<30} {_flag_side(a, r):<5} "
                     f"{num(r['value']) + ' ' + unit:>9} {num(r['cutoff']) + ' ' + unit:>9}"
                     f"  {state}")
    unjudged = 0
    for name, r in a.programme_rows():
        if str(r["verdict"]) in ("", "not assessed"):
            unjudged += 1
            continue
        what = name + (f": {r['quantity']}" if r["quantity"] not in ("", name) else "") + (
            f" ({r['side']})" if r["side"] else "")
        lines.append(f"  programme {what}: {num(r['baseline'])} -> {num(r['follow_up'])} "
                     f"{r['unit']} (MDC {num(r['mdc'])}): {r['verdict']}")
    if unjudged:
        lines.append(f"  programme: {unjudged} more change(s) without a measurement error (no "
                     "verdict; listed in the page and assessment.json)")
    for r in a.failed:
        lines.append(f"  {r.key}: {r.status.upper()}: {r.reason}")
    notes = _run_notes(a)
    if notes:
        lines.append("Notes:")
        lines += [f"  - {n}" for n in notes]
    return "\n".join(lines)
