"""Real-time (streaming) gait outputs, frame by frame, for biofeedback (docs: stream).

A session is configured once (the marker layout, the point rate, the subject's Plug-in Gait
parameters, an optional causal low-pass filter and an online gait-event source), then each
``push`` of one frame of markers returns that frame's pelvis, hip and knee angles at once, the
gait events detected by that push and the per-stance summaries (peak contralateral pelvic
drop, peak knee valgus and hip adduction, stance time) completed by it. The work is done in
C++ (``hipmech::stream``): with the filter off, every per-frame value equals the offline
pipeline's (:func:`hipmech.report.analyse` with ``cutoff_hz=None``) for the same frame.

* :class:`Session`: Plug-in Gait markers (3-D). :meth:`Session.from_trial` configures one from
  a :class:`hipmech.io.Trial`; :func:`replay` pushes a trial's frames, at real-time pace or
  as fast as possible, with a callback per frame.
* :class:`KeypointSession`: 2-D video keypoints (frontal-plane projection angle and pelvic
  obliquity).
* :class:`CausalButterworth`: the causal filter the sessions use, on its own.

A session is not thread-safe: push from one thread (one session per thread).

>>> import hipmech
>>> demo = hipmech.synth.walking(n_strides=2)
>>> session = hipmech.stream.Session.from_trial(demo.trial, events="kinematics")
>>> frames = list(hipmech.stream.replay(demo.trial, session))
>>> len(frames) == demo.trial.n_frames, session.filter_delay_s, session.closed
(True, 0.0, True)
>>> steps = [s for f in frames for s in f.stances]   # one summary per completed stance
>>> last = session.closing.stances                   # those only the end of the trial completed
"""

from __future__ import annotations

import math
import os
import re
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any, Optional, TypeVar

import numpy as np

from . import _core, _results
from ._args import _type_error, integer_value, invalid_argument, positive_number, real_number
from ._errors import InvalidArgumentError

__all__ = [
    "CausalButterworth",
    "EVENT_SOURCES",
    "FRAME_COLUMNS",
    "Frame",
    "KeypointFrame",
    "KEYPOINT_FRAME_COLUMNS",
    "KeypointSession",
    "MAX_STANCE_RANGE_S",
    "PIG_MARKERS",
    "STANCE_COLUMNS",
    "SUBJECT_INFO_KEYS",
    "EVENT_COLUMNS",
    "Session",
    "StanceSummary",
    "StreamEvent",
    "StreamResult",
    "replay",
    "trial_arrays",
]

#: What :meth:`Session.push` returns: one frame's angles [deg] (``frame``, ``time_s``,
#: ``pelvic_tilt_deg``, per side ``(left, right)`` tuples ``pelvic_obliquity_deg``, ...,
#: ``knee_valgus_deg``), the ``events`` and ``stances`` the push reported, ``to_dict()``.
Frame = _core.StreamPigFrame
#: What :meth:`KeypointSession.push` returns (``pelvic_obliquity_deg``, ``fppa_deg``).
KeypointFrame = _core.StreamKeypointFrame
#: A gait event found online (``side``, ``kind``, ``frame``, ``time_s``, ``detected_frame``,
#: ``source``, ``plate``).
StreamEvent = _core.StreamEvent
#: The summary of one stance, emitted at its foot off (``pelvic_drop_deg``,
#: ``knee_valgus_deg``, ``hip_adduction_deg``, ``stance_time_s``, ..., ``notes``).
StanceSummary = _core.StreamStanceSummary

#: The accepted ``events=`` values (None: no events, no per-stance summaries).
EVENT_SOURCES = (None, "plates", "kinematics")

#: The markers :meth:`Session.from_trial` streams, those of them the trial has, in this order:
#: the Plug-in Gait lower body (pelvis, thighs, shanks) and the feet (events need heel and toe,
#: plate events the ankle as well).
PIG_MARKERS = ("LASI", "RASI", "SACR", "LPSI", "RPSI",
               "LTHI", "LKNE", "LTIB", "LANK", "LHEE", "LTOE",
               "RTHI", "RKNE", "RTIB", "RANK", "RHEE", "RTOE")

#: Columns of :attr:`StreamResult.frames` (a Session): per frame, in degrees, with the report's
#: curve names (:data:`hipmech.report.CURVES`) and signs; ``left_``/``right_`` per side.
FRAME_COLUMNS = tuple(_core.STREAM_FRAME_COLUMNS)

#: Columns of :attr:`StreamResult.frames` (a KeypointSession).
KEYPOINT_FRAME_COLUMNS = tuple(_core.STREAM_KEYPOINT_FRAME_COLUMNS)

#: Columns of :attr:`StreamResult.events`.
EVENT_COLUMNS = tuple(_core.STREAM_EVENT_COLUMNS)

#: Columns of :attr:`StreamResult.stances`.
STANCE_COLUMNS = tuple(_core.STREAM_STANCE_COLUMNS)


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StreamResult:
    """What :meth:`Session.push_many` (or :meth:`KeypointSession.push_many`) returned, or
    :meth:`Session.close` (no frames; the events and stances only the end released).

    Attributes
    ----------
    frames : pandas.DataFrame
        One row per pushed frame, columns :data:`FRAME_COLUMNS` (a Session: ``frame``, ``time_s``,
        ``pelvic_tilt_deg``, then ``left_``/``right_`` pelvic obliquity (this side up +),
        pelvic rotation (this side forward +), hip flexion, hip adduction, hip (internal)
        rotation, knee flexion, knee valgus (valgus +, varus -), knee (internal) rotation, all
        in degrees) or :data:`KEYPOINT_FRAME_COLUMNS` (a KeypointSession). NaN where a marker
        the angle needs was missing.
    events : pandas.DataFrame
        The gait events these pushes detected, columns :data:`EVENT_COLUMNS`: ``side``
        ("left"/"right"), ``kind`` ("foot_strike"/"foot_off"), ``frame`` (of the event),
        ``time_s``, ``detected_frame`` (the push that reported it), ``delay_s`` ((detected_frame
        - frame) / rate), ``source`` ("plates"/"kinematics"), ``plate`` (0-based, -1 without).
    stances : pandas.DataFrame
        The per-stance summaries these pushes completed, columns :data:`STANCE_COLUMNS`: the
        stance [foot_strike_frame, foot_off_frame) and its times and duration [s], the
        single-support window (-1 when unknown), the peak contralateral pelvic drop over single
        support [deg] and its frame, the peak knee valgus and hip adduction over the stance
        [deg], the frame whose push emitted it, and ``note`` (why a value is NaN, in words;
        "" when complete).
    """

    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    frames: Any
    events: Any
    stances: Any


def _frames_df(values: np.ndarray, columns: Sequence[str]):
    import pandas as pd

    df = pd.DataFrame(values, columns=list(columns))
    df["frame"] = df["frame"].astype(np.int64)
    return df


def _events_df(rows: list):
    import pandas as pd

    df = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    for c in ("frame", "detected_frame", "plate"):
        df[c] = df[c].astype(np.int64)
    return df


def _stances_df(rows: list):
    import pandas as pd

    df = pd.DataFrame(rows, columns=list(STANCE_COLUMNS))
    for c in ("stance", "foot_strike_frame", "foot_off_frame", "single_support_begin",
              "single_support_end", "pelvic_drop_frame", "detected_frame"):
        df[c] = df[c].astype(np.int64)
    return df


def _result(raw: dict, columns: Sequence[str]) -> StreamResult:
    return StreamResult(frames=_frames_df(raw["frames"], columns),
                        events=_events_df(list(raw["events"])),
                        stances=_stances_df(list(raw["stances"])))


# --------------------------------------------------------------------------------------------
# Argument helpers
# --------------------------------------------------------------------------------------------

def _events_arg(events: Any) -> str:
    if events is None:
        return "none"
    if isinstance(events, str) and events in ("plates", "kinematics"):
        return events
    raise invalid_argument("events", "None, 'plates' or 'kinematics'", repr(events))


def _cutoff_arg(cutoff_hz: Any, rate_hz: float) -> Optional[float]:
    if cutoff_hz is None:
        return None
    expected = f"a cut-off in (0, {rate_hz / 2:g}) Hz (half the point rate), or None for no filter"
    c = real_number(cutoff_hz, "cutoff_hz", expected, finite=True)
    if not 0 < c < rate_hz / 2:
        raise invalid_argument("cutoff_hz", expected, repr(cutoff_hz))
    return c


def _names_arg(names: Any, arg: str) -> list[str]:
    if isinstance(names, (str, bytes)) or not isinstance(names, (Sequence, np.ndarray)):
        raise TypeError(f"argument {arg!r}: expected a sequence of names (str), got "
                        f"{type(names).__name__}")
    out = []
    for i, n in enumerate(names):
        if not isinstance(n, str):
            raise TypeError(f"argument '{arg}[{i}]': expected a name (str), got "
                            f"{type(n).__name__}")
        out.append(n)
    if len(set(out)) != len(out):
        twice = sorted({n for n in out if out.count(n) > 1})
        raise invalid_argument(arg, "each name once", f"{twice[0]!r} twice")
    return out


#: Descriptive keys a subject dict may hold besides the measurements (not applied; as
#: :func:`hipmech.report.analyse` and subject JSON files allow them).
SUBJECT_INFO_KEYS = ("name", "id", "sex", "age_years", "notes", "comment")

#: The longest and shortest ``max_stance_s`` accepted [s]: at least one stance (0.2 s, a fast
#: run), at most a minute (the buffers hold max_stance_s x rate frames).
MAX_STANCE_RANGE_S = (0.2, 60.0)

_SIGNED_AXIS = re.compile(r"[+-][xyzXYZ]")


def _axis_arg(value: Any, arg: str) -> str:
    """A signed lab axis '+X', '-y', ...: the sign is required, the letter's case is free."""
    expected = "a signed lab axis: '+X', '-X', '+Y', '-Y', '+Z' or '-Z' (the sign required)"
    if not isinstance(value, str):
        raise _type_error(arg, expected, value)
    if not _SIGNED_AXIS.fullmatch(value):
        raise invalid_argument(arg, expected, repr(value))
    return value[0] + value[1].upper()


def _subject_keys() -> tuple[list[str], list[str]]:
    """(the measurement keys a subject dict may hold, PigParameters' own fields)."""
    from .io import SubjectParameters
    from .model import PigParameters

    pig = [f.name for f in fields(PigParameters) if f.name != "notes"]
    subj = [f.name for f in fields(SubjectParameters)
            if f.name not in ("other_parameters", "invalid_parameters")]
    return sorted(set(subj) | set(pig)), pig


def _subject_dict(subject: Mapping, arg: str = "subject") -> dict:
    """A subject dict without its descriptive keys; InvalidArgument naming ``arg`` and listing
    the accepted keys for any other key."""
    accepted, _ = _subject_keys()
    unknown = [k for k in subject if not isinstance(k, str)
               or (k not in accepted and k not in SUBJECT_INFO_KEYS)]
    if unknown:
        raise invalid_argument(
            arg, "a dict of subject measurements, keys among " + ", ".join(accepted)
            + " (and the descriptive " + ", ".join(SUBJECT_INFO_KEYS) + ", not applied)",
            "the key " + repr(unknown[0]))
    return {k: v for k, v in subject.items() if k not in SUBJECT_INFO_KEYS}


def _parameters_arg(subject: Any) -> dict:
    """The subject as the dict of :class:`hipmech.model.PigParameters` fields."""
    from . import io
    from .model import PigParameters

    if isinstance(subject, (str, bytes, os.PathLike)):
        subject = io.read_subject(subject)
    if isinstance(subject, PigParameters):
        return asdict(subject)
    if isinstance(subject, io.SubjectParameters):
        return asdict(PigParameters.from_subject(subject))
    if isinstance(subject, Mapping):
        values = _subject_dict(subject)
        _, pig = _subject_keys()
        if set(values) <= set(pig):
            return asdict(PigParameters(**values))
        return asdict(PigParameters.from_subject(values))
    raise TypeError("argument 'subject': expected hipmech.model.PigParameters, "
                    "hipmech.io.SubjectParameters (e.g. trial.subject), a dict of either's "
                    f"fields or the path of a subject file, got {type(subject).__name__}")


def _max_stance_arg(value: Any) -> float:
    lo, hi = MAX_STANCE_RANGE_S
    expected = (f"the longest stance to summarise, in [{lo:g}, {hi:g}] s (at least one stance; "
                "the buffers hold max_stance_s x rate frames)")
    v = real_number(value, "max_stance_s", expected, finite=True)
    if not lo <= v <= hi:
        raise invalid_argument("max_stance_s", expected, repr(value))
    return v


def _mixed_times(arg: str, given_before: bool, value: Any) -> InvalidArgumentError:
    """Frames with a time after frames without (or the reverse): refused, because an omitted
    time means frame / rate, a different clock from the caller's."""
    if given_before:
        return invalid_argument(
            arg, "a time for every frame: this session's earlier frames were given times, and "
            "mixing given and omitted (None or NaN) times is not allowed", "none")
    return invalid_argument(
        arg, "no times (None): this session's earlier frames had none (their time is "
        "frame / rate), and mixing given and omitted times is not allowed", repr(value))


def _plates_arg(plates: Any) -> list[np.ndarray]:
    """Plate surface corners (4, 3) [m, lab] from arrays or hipmech.io.ForcePlate objects."""
    if plates is None:
        return []
    if isinstance(plates, (str, bytes)) or not isinstance(plates, (Sequence, np.ndarray)):
        raise TypeError("argument 'plates': expected a list of plate corners (4, 3) [m] or of "
                        f"hipmech.io.ForcePlate (a trial's force_plates), got "
                        f"{type(plates).__name__}")
    out = []
    for i, p in enumerate(plates):
        corners = getattr(p, "corners_m", p)
        a = np.asarray(corners, dtype=float) if not isinstance(corners, np.ndarray) else corners
        if a.shape != (4, 3) or a.dtype.kind not in "iuf":
            raise invalid_argument(f"plates[{i}]", "plate corners of shape (4, 3) [m] (or a "
                                   "hipmech.io.ForcePlate)", f"shape {np.shape(a)}")
        out.append(np.ascontiguousarray(a, dtype=float))
    return out


# --------------------------------------------------------------------------------------------
# Sessions
# --------------------------------------------------------------------------------------------

class _SessionBase:
    """The parts :class:`Session` and :class:`KeypointSession` share: closing, the context
    manager and the properties common to both. Private: each public class lists these
    properties as its own (``__init_subclass__`` copies them into the subclass, so autodoc
    documents them there)."""

    _frame_columns: tuple[str, ...] = ()
    _extra_notes: Sequence[str] = ()
    _core: Any
    _closing: Optional[StreamResult]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in ("closed", "closing", "n_frames", "rate_hz", "filter_delay_s", "notes"):
            if name not in cls.__dict__:
                setattr(cls, name, _SessionBase.__dict__[name])

    def _close_raw(self) -> dict:
        """Closes the core session; returns what it released ({"events", "stances"}; nothing
        for a keypoint session) and keeps the first closing as :attr:`closing`."""
        raw = self._core.close()
        if raw is None:  # a keypoint session: no events, closing releases nothing
            raw = {"events": [], "stances": []}
        if self._closing is None:
            self._closing = _result({"frames": np.empty((0, len(self._frame_columns))),
                                     "events": raw["events"], "stances": raw["stances"]},
                                    self._frame_columns)
        return raw

    def close(self) -> StreamResult:
        """Ends the session (a later push raises); returns what only the end releases (also
        kept as :attr:`closing`; closing again returns the same result)."""
        if self._closing is None:
            self._close_raw()
        return self._closing

    def __enter__(self: _S) -> _S:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        """True after :meth:`close`."""
        return self._core.closed

    @property
    def closing(self) -> Optional[StreamResult]:
        """What :meth:`close` released (None before the session is closed; always empty for
        a :class:`KeypointSession`, which has no events)."""
        return self._closing

    @property
    def n_frames(self) -> int:
        """Frames so far: those pushed plus, in a :class:`Session`, those filled for time gaps
        (:attr:`Session.frames_filled`)."""
        return self._core.n_frames

    @property
    def rate_hz(self) -> float:
        """The point (frame) rate [Hz]."""
        return self._core.rate_hz

    @property
    def filter_delay_s(self) -> float:
        """The causal filter's delay [s] (group delay at DC; 0 without a filter): the angles
        lag the body by this much."""
        return self._core.filter_delay_s

    @property
    def notes(self) -> list[str]:
        """What was taken as a default or from a whole trial, one sentence each."""
        return list(self._core.notes) + list(self._extra_notes)


_S = TypeVar("_S", bound=_SessionBase)


class Session(_SessionBase):
    """A real-time Plug-in Gait session: one frame of markers in, that frame's angles out.

    Per pushed frame: pelvic tilt, obliquity and rotation (Baker 2001, relative to the
    progression frame given by ``forward``), hip flexion, adduction and rotation (Grood &
    Suntay joint coordinate system, pelvis -> thigh), knee flexion, valgus and rotation (thigh
    -> shank), as the offline pipeline computes them (:func:`hipmech.report.analyse`), in
    degrees; NaN where a marker the angle needs is missing. With ``events``, the gait events
    found online and, at each foot off, the stance's summary (peak contralateral pelvic drop
    over single support, peak knee valgus and hip adduction over the stance, stance time).

    Parameters
    ----------
    markers : sequence of str
        The names of the rows of each pushed frame (Plug-in Gait names: LASI, RASI, SACR or
        LPSI and RPSI, per side THI, KNE, TIB, ANK; HEE and TOE for kinematic events, HEE, TOE
        and ANK for plate events). Other names are carried and ignored.
    rate_hz : float
        Point (marker) rate [Hz].
    subject : hipmech.model.PigParameters, hipmech.io.SubjectParameters, dict or path
        Leg lengths, knee and ankle widths and the inter-ASIS distance (required: a live
        session cannot average a trial; measure it from the static trial, or use
        :meth:`from_trial`), the other parameters defaulting as in
        :func:`hipmech.model.plug_in_gait`. A dict holds fields of either class (the
        descriptive keys of :data:`SUBJECT_INFO_KEYS` are allowed and not applied; any other
        key is an error naming ``subject`` that lists the accepted ones); a path is a subject
        file (:func:`hipmech.io.read_subject`: JSON or Vicon ``.vsk``).
    forward : str
        The signed lab axis the subject walks along ('+X', '-Y', ...; the sign is required,
        the letter may be lower case): the progression frame of the pelvis angles and the
        direction of the kinematic events.
    up : str
        The lab's signed up axis ('+Z', ...).
    cutoff_hz : float or None
        Causal Butterworth low-pass of the markers [Hz] (None: no filter). It delays the angles
        by :attr:`filter_delay_s`.
    order : int
        Filter order, 1 to 8.
    events : None, "plates" or "kinematics"
        Online gait events: force-plate contacts (needs ``plates`` and plate samples in each
        push) or Zeni et al. (2008) heel / toe extremes relative to the sacrum.
    plates : list of (4, 3) arrays or of hipmech.io.ForcePlate, optional
        The force plates' surface corners [m, lab frame] (C3D order), for ``events="plates"``
        only (given with another ``events``: an error naming ``plates``).
    samples_per_frame : int
        Plate samples per marker frame (analog rate / point rate), 1 to 10000.
    max_stance_s : float
        The longest stance summarised [s] (the length of the session's buffers), from 0.2 s
        (one stance) to 60 s (:data:`MAX_STANCE_RANGE_S`).
    pelvis_rear : {"auto", "sacrum", "psis"}
        Which markers define the back of the pelvis ("auto": SACR when named).
    min_separation_s : float
        Kinematic events: extremes of the same foot and kind closer than this are thinned, as
        :func:`hipmech.events.from_kinematics` does [s], 0 to 10 s.
    plate_threshold_n, min_contact_s : float
        Plate events: the vertical force threshold [N] and the shortest contact [s], as
        :func:`hipmech.events.from_force_plates`; min_contact_s at most max_stance_s (the
        longest contact kept: a longer strike could never be confirmed).
    open_swing_wait_s : float
        Plate events: how long past a foot off its stance summary waits for the other foot's
        next strike when that foot is in the air [s], >= 0. A strike off the plates is never
        seen: not seen by then, the stance has no single support (NaN drop), as offline. The
        default 0.3 s is longer than a running flight phase (a runner's next strike comes
        after this foot off). It adds to :attr:`latency_s`. Not used with kinematic events
        (every strike is seen).

    Raises
    ------
    hipmech.InvalidArgumentError
        A missing marker name, a missing subject measurement (named), an unknown subject key
        (``subject``), a bad rate, cut-off, order, axis, ``max_stance_s`` or event source,
        ``plates`` without ``events="plates"``.

    Notes
    -----
    Frame times: give a time with every push (``time_s``, ``times``) or with none (each
    frame's time is then frame / rate); mixing the two in one session is refused (an error
    naming ``time_s`` or ``times``), since an omitted time is on another clock than the
    caller's.

    Time gaps: with times, a step longer than 1.5 frame periods is a gap of dropped frames;
    the ``round(step * rate) - 1`` missing frames are processed as missing (NaN markers and
    plate samples) before the pushed frame, so frame numbers stay those of the recording and a
    stance spanning the gap gets NaN peaks with its note (:attr:`frames_filled` counts them;
    their events and stances come with the pushed frame). A gap longer than ``max_stance_s``
    is refused (an error naming ``time_s``: start a new session).

    Gait events of one foot alternate strike, off, strike, as the offline report's event merge
    makes them: an event of the same kind as the foot's previous one is left out
    (:attr:`events_out_of_sequence`).

    Direction: a session told the wrong ``forward`` (the subject walks along the other way)
    gives pelvis angles relative to a reversed progression frame; :meth:`push` (every 256
    frames), :meth:`push_many` and :func:`replay` issue one ``UserWarning`` per session when
    the pelvis faces against ``forward`` in more than half of the frames
    (:attr:`frames_against_forward`).

    At the end, :meth:`close` releases the reports only the end of the recording completes
    (kinematic events held for their minimum separation, the stances they end, and the
    stances still waiting for the other foot's strike); they are kept in :attr:`closing`.

    A session is not thread-safe: push and close it from one thread.
    """

    _frame_columns = FRAME_COLUMNS

    def __init__(self, markers: Sequence[str], rate_hz: float, subject: Any, *,
                 forward: str = "+X", up: str = "+Z", cutoff_hz: Optional[float] = None,
                 order: int = 2, events: Optional[str] = None, plates: Any = None,
                 samples_per_frame: int = 1, max_stance_s: float = 3.0,
                 pelvis_rear: str = "auto", min_separation_s: float = 0.3,
                 plate_threshold_n: float = 20.0, min_contact_s: float = 0.05,
                 open_swing_wait_s: float = 0.3) -> None:
        names = _names_arg(markers, "markers")
        rate = positive_number(rate_hz, "rate_hz", "Hz")
        options = {
            "marker_names": names,
            "rate_hz": rate,
            "parameters": _parameters_arg(subject),
            "forward": _axis_arg(forward, "forward"),
            "up": _axis_arg(up, "up"),
            "cutoff_hz": _cutoff_arg(cutoff_hz, rate),
            "order": integer_value(order, "order"),
            "events": _events_arg(events),
            "plates": _plates_arg(plates),
            "samples_per_frame": integer_value(samples_per_frame, "samples_per_frame", 1),
            "max_stance_s": _max_stance_arg(max_stance_s),
            "pelvis_rear": pelvis_rear,
            "min_separation_s": real_number(min_separation_s, "min_separation_s",
                                            "a duration [s]", finite=True),
            "plate_threshold_n": positive_number(plate_threshold_n, "plate_threshold_n", "N"),
            "min_contact_s": real_number(min_contact_s, "min_contact_s", "a duration [s]",
                                         finite=True),
            "open_swing_wait_s": real_number(open_swing_wait_s, "open_swing_wait_s",
                                             "a duration [s]", finite=True),
        }
        if options["events"] == "plates" and not options["plates"]:
            raise invalid_argument("plates", "the force plates' corners for events='plates'",
                                   "no plates")
        if options["events"] != "plates" and options["plates"]:
            raise invalid_argument(
                "plates", "no plates: plates are used only with events='plates'",
                f"{len(options['plates'])} plates with events={self._events_text(events)}")
        self._core = _core.StreamPigSession(options)
        self._extra_notes: list[str] = []
        self._events = options["events"]
        self._forward = options["forward"]
        self._marker_map: Optional[list[tuple[str, str]]] = None
        self._closing: Optional[StreamResult] = None
        self._times_given: Optional[bool] = None  # set by the first push
        self._n_pushes = 0              # push() calls, for the heading check every 256
        self._heading_warned = False    # the heading warning is issued once per session

    @staticmethod
    def _events_text(events: Any) -> str:
        return "None" if events is None else repr(events)

    # -- configuration from a trial --------------------------------------------------------
    @classmethod
    def from_trial(cls, trial: Any, *, cutoff_hz: Optional[float] = None, order: int = 2,
                   events: Optional[str] = None, forward: Optional[str] = None,
                   static: Any = None, max_stance_s: float = 3.0,
                   pelvis_rear: str = "auto", min_separation_s: float = 0.3,
                   plate_threshold_n: float = 20.0, min_contact_s: float = 0.05,
                   subject: Any = None, marker_map: Any = None,
                   open_swing_wait_s: float = 0.3) -> Session:
        """A session set up as the offline pipeline would analyse ``trial``.

        The markers of :data:`PIG_MARKERS` the trial has (in that order), its point rate,
        lab up axis, force plates (corners) and plate samples per frame; the subject
        parameters of the trial (``PigParameters.from_subject(trial.subject)``), with the
        static trial's foot offsets when ``static`` is given (as
        :func:`hipmech.report.analyse`). Two values a live session must be told are taken from
        the whole trial, each said in :attr:`notes`:

        * the inter-ASIS distance, when the subject parameters give none: the mean LASI-RASI
          distance over the trial's frames, as :func:`hipmech.model.plug_in_gait` measures it
          (on the raw markers; the offline pipeline with a cut-off measures the filtered
          ones, a difference of micrometres);
        * the direction of progression, when ``forward`` is None: the one the offline pipeline
          detects (:func:`hipmech.pelvis.detect_progression` on the Plug-in Gait pelvis).

        Parameters
        ----------
        trial : hipmech.io.Trial
        cutoff_hz, order, events, max_stance_s, pelvis_rear
            As :class:`Session`.
        min_separation_s, plate_threshold_n, min_contact_s
            As :class:`Session` (the defaults are the offline event functions').
        open_swing_wait_s
            As :class:`Session`.
        forward : str, optional
            The signed lab axis of progression; default: detected from the trial.
        static : hipmech.io.Trial, optional
            The static trial (Plug-in Gait foot offsets).
        subject : hipmech.io.SubjectParameters, dict or path, optional
            Subject measurements overriding or completing the trial's, as
            :func:`hipmech.report.analyse` takes them (:func:`hipmech.io.with_subject`: a dict
            of :class:`hipmech.io.SubjectParameters` fields, the descriptive keys of
            :data:`SUBJECT_INFO_KEYS` allowed and not applied, or a JSON / ``.vsk`` subject
            file); each overridden value is said in :attr:`notes`.
        marker_map : dict or str, optional
            Another lab's marker names to Plug-in Gait's (``{"VSAC": "SACR"}`` or
            ``"VSAC=SACR"``), as :func:`hipmech.report.analyse` takes it
            (:func:`hipmech.io.rename_markers`), applied to the trial and the static trial.
            The session keeps it: :func:`replay` and :func:`trial_arrays` read the trial's
            markers under their own names.
        """
        from . import io, model, pelvis
        from ._args import marker_map as marker_map_pairs

        if not isinstance(trial, io.Trial):
            raise TypeError(f"argument 'trial': expected a hipmech.io.Trial, got "
                            f"{type(trial).__name__}")
        n_notes = len(trial.notes)
        pairs = None
        if marker_map is not None:
            pairs = marker_map_pairs(marker_map, "marker_map")
            trial = io.rename_markers(trial, pairs)
        if subject is not None:
            values = _subject_dict(subject) if isinstance(subject, Mapping) else subject
            trial = io.with_subject(trial, values)
        names = [n for n in PIG_MARKERS if n in trial.markers]
        params = model.PigParameters.from_subject(trial.subject)
        notes = list(trial.notes[n_notes:])
        if static is not None:
            if not isinstance(static, io.Trial):
                raise TypeError(f"argument 'static': expected a hipmech.io.Trial, got "
                                f"{type(static).__name__}")
            if pairs is not None:  # the same lab's map; names the static trial lacks skipped
                present = set(static.markers)
                static = io.rename_markers(static, [p for p in pairs if p[0] in present])
            given = params.inter_asis_distance_m > 0
            params = model.plug_in_gait_static(static, params, up=static.lab_axes.up)
            if not given:
                notes.append(f"Inter-ASIS distance {params.inter_asis_distance_m * 1e3:.4g} mm: "
                             "measured on the static trial (as the offline pipeline does).")
        need_iad = not (params.inter_asis_distance_m > 0)
        body = None
        if need_iad or forward is None:
            body = model.plug_in_gait(trial, params, pelvis_rear=pelvis_rear, feet=False)
        if need_iad:
            params.inter_asis_distance_m = float(body.parameters.inter_asis_distance_m)
            notes.append(
                f"Inter-ASIS distance {params.inter_asis_distance_m * 1e3:.4g} mm: the mean "
                "LASI-RASI distance of the whole trial (the subject parameters give none), as "
                "the offline pipeline measures it; a live session needs it beforehand (from "
                "the static trial).")
        if forward is None:
            prog = pelvis.detect_progression(body.pelvis.origin, body.pelvis.R_lab_segment,
                                             trial.lab_axes)
            forward = prog.forward
            how = ("the pelvis's displacement" if prog.method == "displacement" else
                   "the pelvis's mean orientation" if prog.method == "pelvis_orientation" else
                   prog.method)
            notes.append(
                f"Direction of progression {forward}: detected from the whole trial "
                f"({how}), as the offline pipeline does; a live session must be told it "
                "(forward=).")
        plates = list(trial.force_plates) if events == "plates" else []
        spf = 1
        if plates:
            spf = _samples_per_frame(trial)
        session = cls(names, trial.point_rate_hz, params, forward=forward,
                      up=trial.lab_axes.up, cutoff_hz=cutoff_hz, order=order, events=events,
                      plates=plates or None, samples_per_frame=spf, max_stance_s=max_stance_s,
                      pelvis_rear=pelvis_rear, min_separation_s=min_separation_s,
                      plate_threshold_n=plate_threshold_n, min_contact_s=min_contact_s,
                      open_swing_wait_s=open_swing_wait_s)
        session._extra_notes = notes
        session._marker_map = pairs
        return session

    # -- the hot path ----------------------------------------------------------------------
    def push(self, markers: Any, time_s: Optional[float] = None, plates: Any = None) -> Any:
        """Pushes one frame; returns its :class:`Frame` (``hipmech._core.StreamPigFrame``).

        Parameters
        ----------
        markers : array_like, shape (n_markers, 3), or dict of name -> (3,)
            The frame's markers [m, lab], rows in :attr:`marker_names` order (a C-contiguous
            float64 array is read without a copy), or a dict by name (a missing name is NaN).
            NaN marks a missing marker: the angles needing it are NaN.
        time_s : float, optional
            The frame's time [s], strictly after the previous frame's; default frame / rate.
            More than 1.5 frame periods after the previous one: the frames between are
            processed as missing first (:attr:`frames_filled`); the returned frame then
            carries their events and stances too.
        plates : array_like, shape (samples_per_frame, n_plates, 6), optional
            The plate samples of this frame: force xyz [N] and centre of pressure xyz [m], lab
            frame (events="plates").

        Returns
        -------
        Frame
            ``frame``, ``time_s``, ``pelvic_tilt_deg`` and per side ``(left, right)`` tuples
            ``pelvic_obliquity_deg``, ``pelvic_rotation_deg``, ``hip_flexion_deg``,
            ``hip_adduction_deg``, ``hip_rotation_deg``, ``knee_flexion_deg``,
            ``knee_valgus_deg``, ``knee_rotation_deg``; ``events`` and ``stances`` (lists);
            ``to_dict()``.

        Raises
        ------
        hipmech.InvalidArgumentError
            Naming ``markers`` (wrong shape or dtype), ``time_s`` (not after the previous
            frame's; or given after frames without times, or omitted after frames with times;
            or a gap longer than ``max_stance_s``: start a new session),
            ``plates`` (wrong shape, or given without ``events="plates"``) or ``session``
            (closed).
        """
        given = not (time_s is None or time_s != time_s)  # None or NaN: omitted
        if (self._times_given is not None and self._times_given is not given
                and not self._core.closed):  # closed: the core's error naming 'session'
            raise _mixed_times("time_s", self._times_given, time_s)
        frame = self._core.push(markers, time_s if given else None, plates)
        if self._times_given is None:
            self._times_given = given
        self._n_pushes += 1
        if not self._n_pushes & 255 and not self._heading_warned:
            self._check_heading(stacklevel=3)
        return frame

    def _check_heading(self, stacklevel: int = 2) -> None:
        """Warns (once per session) when the pelvis faces against ``forward`` in more than
        half of the frames with a valid pelvis."""
        if self._heading_warned:
            return
        against = self._core.n_frames_against_forward
        valid = self._core.n_frames_pelvis_valid
        if valid > 0 and 2 * against > valid:
            self._heading_warned = True
            other = ("-" if self._forward.startswith("+") else "+") + self._forward[1:]
            warnings.warn(
                f"hipmech.stream.Session: the pelvis faces the other way: its anterior axis "
                f"points against forward='{self._forward}' in {against} of {valid} frames, so "
                f"the subject walks along {other} and the pelvis angles are relative to a "
                f"reversed progression. Make the session with forward='{other}' (or the "
                f"axis the subject walks along; Session.from_trial detects it).",
                UserWarning, stacklevel=stacklevel)

    def push_many(self, markers: Any, times: Any = None, plates: Any = None, *,
                  close: bool = False) -> StreamResult:
        """Pushes many frames at once (the loop runs in C++ with the GIL released).

        Parameters
        ----------
        markers : array_like, shape (n_frames, n_markers, 3)
        times : array_like, shape (n_frames,), optional
            Strictly increasing times [s]; default frame / rate (as for :meth:`push`, all of a
            session's frames have times or none has).
        plates : array_like, shape (n_frames, samples_per_frame, n_plates, 6), optional
            ``events="plates"`` only.
        close : bool
            Close the session after the last frame (:meth:`close`): the result then also
            holds the events and stances only the end releases, so that a whole recording
            pushed at once gives all its events (those of the offline
            :func:`hipmech.events.from_kinematics` with kinematic events).

        Returns
        -------
        StreamResult
            The frames, and the events and stance summaries the pushes (and the closing)
            reported. With times and a gap, ``frames`` holds the pushed frames (their
            ``frame`` numbers skip the filled ones, :attr:`frames_filled`).

        Warns
        -----
        UserWarning
            Once per session, when the pelvis faces against ``forward`` in more than half of
            the frames so far (:attr:`frames_against_forward`): the subject walks the other
            way; make the session with the other sign (``forward='-X'`` for '+X').
        """
        if not isinstance(close, (bool, np.bool_)):
            raise _type_error("close", "True or False", close)
        given = times is not None
        if (self._times_given is not None and self._times_given is not given
                and not self._core.closed):
            raise _mixed_times("times", self._times_given, "an array of times")
        raw = self._core.push_many(markers, times, plates)
        if self._times_given is None and len(raw["frames"]):
            self._times_given = given
        self._check_heading(stacklevel=3)
        if close:
            c = self._close_raw()
            raw["events"] = list(raw["events"]) + list(c["events"])
            raw["stances"] = list(raw["stances"]) + list(c["stances"])
        return _result(raw, self._frame_columns)

    def close(self) -> StreamResult:
        """Ends the session (a later push raises) and returns what only the end releases.

        With kinematic events, the heel and toe extremes still held for their minimum
        separation at the last frame are events now (no later frame can replace them), and
        the stances they complete are summarised. Then the stances still waiting (for the
        other foot's next strike, plate events) are summarised with the events known, by the
        offline rule (that strike not seen: no single support, NaN pelvic drop); those whose
        frames are not all in (a filter delay past the last frame) are dropped and counted
        in :attr:`summaries_dropped_at_close`. Stances whose foot off never came are not
        summarised.

        Returns
        -------
        StreamResult
            No frames; the released ``events`` and ``stances`` (empty without kinematic
            events). Also kept as :attr:`closing`. Closing again returns the same result.
        """
        return super().close()

    # -- properties (closed, closing, n_frames, rate_hz, filter_delay_s, notes: _SessionBase) -
    @property
    def marker_map(self) -> Optional[dict]:
        """The marker map :meth:`from_trial` applied (OLD -> NEW names), or None."""
        return None if self._marker_map is None else dict(self._marker_map)

    @property
    def events_out_of_sequence(self) -> int:
        """int: Gait events left out because the foot's previous event was of the same kind
        (events of one foot alternate strike, off, strike, as in the offline report's event
        merge). Not reported and not summarised."""
        return self._core.n_events_out_of_sequence

    @property
    def frames_filled(self) -> int:
        """int: Frames processed as missing (NaN) for time gaps: a pushed time more than
        1.5 frame periods after the previous one adds ``round(step * rate) - 1`` frames."""
        return self._core.n_frames_filled

    @property
    def frames_against_forward(self) -> int:
        """int: Frames whose pelvis (all its markers present) faces against ``forward``: its
        anterior axis, on the horizontal plane, points the other way. Most frames: the
        session was told the wrong direction (a warning says so)."""
        return self._core.n_frames_against_forward

    @property
    def frames_pelvis_valid(self) -> int:
        """int: Frames whose pelvis markers were all present (the frames the heading check
        counts; see :attr:`frames_against_forward`)."""
        return self._core.n_frames_pelvis_valid

    @property
    def summaries_dropped_at_close(self) -> int:
        """int: Stance summaries still waiting at :meth:`close` whose frames were not all in
        (a filter delay past the last frame): dropped, not reported."""
        return self._core.n_summaries_dropped_at_close

    @property
    def last(self) -> Any:
        """A copy of the last frame pushed (frame -1 before the first push)."""
        return self._core.last

    @property
    def marker_names(self) -> list[str]:
        """The rows of a pushed frame."""
        return list(self._core.marker_names)

    @property
    def event_delay_bound_s(self) -> float:
        """The largest delay [s] between a gait event and the push that reports it (0 without
        events)."""
        return self._core.event_delay_bound_s

    @property
    def latency_s(self) -> float:
        """The latest a stance summary can come after its foot off [s]: filter_delay_s +
        event_delay_bound_s, plus with plate events the wait for the other foot's strike
        (``open_swing_wait_s`` rounded up to frames) (PigSession::summary_delay_bound_s)."""
        return self._core.summary_delay_bound_s

    @property
    def parameters(self) -> Any:
        """The subject parameters used (defaults filled), a hipmech.model.PigParameters."""
        from .model import PigParameters

        return PigParameters(**self._core.parameters)

    @property
    def events(self) -> Optional[str]:
        """The event source: None, "plates" or "kinematics"."""
        return None if self._events == "none" else self._events

    def __repr__(self) -> str:
        return (f"<hipmech.stream.Session {len(self._core.marker_names)} markers at "
                f"{self.rate_hz:g} Hz, forward {self._forward}, events {self.events}, filter "
                f"delay {self.filter_delay_s * 1e3:.1f} ms, {self.n_frames} frames pushed"
                f"{', closed' if self.closed else ''}>")


def _samples_per_frame(trial: Any) -> int:
    n = trial.n_frames
    rows = int(trial.force_plates[0].force_n.shape[0])
    if rows == 0:
        raise invalid_argument("trial", "force plates with analog samples",
                               "force plates without analog samples")
    if n > 0 and rows % n == 0:
        return rows // n
    rate = float(getattr(trial.analog, "rate_hz", 0.0))
    spf = rate / trial.point_rate_hz if trial.point_rate_hz > 0 else 0.0
    if not (spf >= 1 and abs(spf - round(spf)) < 1e-9):
        raise invalid_argument("trial", "force plates sampled at a whole multiple of the point "
                               "rate", f"{rows} plate samples for {n} frames")
    return int(round(spf))


def _plate_samples(trial: Any, spf: int) -> Optional[np.ndarray]:
    """(n_frames, samples_per_frame, n_plates, 6): force xyz [N], CoP xyz [m] per sample."""
    plates = list(trial.force_plates)
    if not plates:
        return None
    n = trial.n_frames
    out = np.full((n, spf, len(plates), 6), np.nan)
    for j, p in enumerate(plates):
        k = min(int(p.force_n.shape[0]), n * spf)
        f = np.full((n * spf, 3), np.nan)
        c = np.full((n * spf, 3), np.nan)
        f[:k] = p.force_n[:k]
        c[:k] = p.cop_m[:k]
        out[:, :, j, :3] = f.reshape(n, spf, 3)
        out[:, :, j, 3:] = c.reshape(n, spf, 3)
    return out


class KeypointSession(_SessionBase):
    """A real-time 2-D keypoint session: per frame, each side's frontal-plane projection angle
    (FPPA, valgus +; :func:`hipmech.knee.fppa`) and pelvic obliquity (this side higher +;
    :func:`hipmech.pelvis.drop_2d`'s obliquity), in degrees.

    Parameters
    ----------
    names : sequence of str
        The names of the rows of each pushed frame of (x, y) keypoints [px or m].
    rate_hz : float
        Frame rate [Hz].
    hip, knee, ankle : (str, str)
        The (left, right) names of the hip, knee and ankle keypoints.
    view : {"anterior", "posterior"}
        The camera's view of the subject (it sets which image direction is the subject's left).
    y_axis : {"down", "up"}
        Image y grows downwards (pixel coordinates, default) or upwards.
    cutoff_hz, order
        Causal low-pass of the keypoints, as :class:`Session`.
    """

    _frame_columns = KEYPOINT_FRAME_COLUMNS

    def __init__(self, names: Sequence[str], rate_hz: float, *,
                 hip: tuple[str, str] = ("left_hip", "right_hip"),
                 knee: tuple[str, str] = ("left_knee", "right_knee"),
                 ankle: tuple[str, str] = ("left_ankle", "right_ankle"),
                 view: str = "anterior", y_axis: str = "down",
                 cutoff_hz: Optional[float] = None, order: int = 2) -> None:
        rate = positive_number(rate_hz, "rate_hz", "Hz")
        options = {
            "names": _names_arg(names, "names"),
            "rate_hz": rate,
            "hip": _pair_arg(hip, "hip"),
            "knee": _pair_arg(knee, "knee"),
            "ankle": _pair_arg(ankle, "ankle"),
            "view": view,
            "y_axis": y_axis,
            "cutoff_hz": _cutoff_arg(cutoff_hz, rate),
            "order": integer_value(order, "order"),
        }
        self._core = _core.StreamKeypointSession(options)
        self._closing: Optional[StreamResult] = None

    def push(self, keypoints: Any, time_s: Optional[float] = None) -> Any:
        """Pushes one frame of keypoints, shape (n_names, 2) (or a dict name -> (x, y)); returns
        its frame (``frame``, ``time_s``, ``pelvic_obliquity_deg`` and ``fppa_deg`` as (left,
        right) tuples, ``to_dict()``). Errors name ``keypoints``, ``time_s`` or ``session
        closed``."""
        return self._core.push(keypoints, time_s)

    def push_many(self, keypoints: Any, times: Any = None, *,
                  close: bool = False) -> StreamResult:
        """Pushes (n_frames, n_names, 2) keypoints (C++ loop, GIL released); with ``close``,
        closes the session after the last frame (as :meth:`Session.push_many`)."""
        if not isinstance(close, (bool, np.bool_)):
            raise _type_error("close", "True or False", close)
        res = _result(self._core.push_many(keypoints, times), self._frame_columns)
        if close:
            self.close()
        return res

    def close(self) -> StreamResult:
        """Ends the session (a later push raises). Returns an empty :class:`StreamResult`
        (kept as :attr:`closing`), as :meth:`Session.close` does: a keypoint session has no
        events, so closing releases nothing."""
        return super().close()

    def __repr__(self) -> str:
        return (f"<hipmech.stream.KeypointSession at {self.rate_hz:g} Hz, filter delay "
                f"{self.filter_delay_s * 1e3:.1f} ms, {self.n_frames} frames pushed"
                f"{', closed' if self.closed else ''}>")


def _pair_arg(value: Any, arg: str) -> tuple[str, str]:
    if not (isinstance(value, (tuple, list)) and len(value) == 2
            and all(isinstance(v, str) for v in value)):
        raise invalid_argument(arg, "a (left, right) pair of keypoint names", repr(value))
    return (value[0], value[1])


class CausalButterworth:
    """A causal low-pass Butterworth filter run sample by sample on ``n_channels`` channels:
    the design of ``scipy.signal.butter(order, cutoff_hz / (rate_hz / 2))`` and the recursion
    of ``scipy.signal.lfilter(b, a, x, zi=scipy.signal.lfilter_zi(b, a) * x[0])`` per channel
    (each gap-free run restarted at its first sample; a NaN sample gives NaN).

    Parameters
    ----------
    n_channels : int
    rate_hz, cutoff_hz : float
        Sampling rate and -3 dB cut-off [Hz], 0 < cutoff_hz < rate_hz / 2.
    order : int
        1 to 8.
    """

    def __init__(self, n_channels: int, rate_hz: float, cutoff_hz: float,
                 order: int = 2) -> None:
        self._core = _core.StreamCausalButterworth(integer_value(n_channels, "n_channels"),
                                                   real_number(rate_hz, "rate_hz"),
                                                   real_number(cutoff_hz, "cutoff_hz"),
                                                   integer_value(order, "order"))

    def step(self, x: Any) -> np.ndarray:
        """One sample of every channel, shape (n_channels,), filtered."""
        return self._core.step(x)

    def run(self, x: Any) -> np.ndarray:
        """Samples (n_samples, n_channels) through the filter, continuing its state."""
        return self._core.run(x)

    def reset(self) -> None:
        """Forgets the state: the next sample of each channel starts it again."""
        self._core.reset()

    @property
    def b(self) -> np.ndarray:
        return self._core.b

    @property
    def a(self) -> np.ndarray:
        return self._core.a

    @property
    def delay_s(self) -> float:
        """Group delay at DC [s]."""
        return self._core.delay_s


# --------------------------------------------------------------------------------------------
# Replay
# --------------------------------------------------------------------------------------------

def replay(trial: Any, session: Optional[Session] = None, *, realtime: bool = False,
           speed: float = 1.0, callback: Optional[Callable[[Any], Any]] = None,
           close: bool = True, **session_options: Any) -> Iterator[Any]:
    """Replays ``trial`` through a session, frame by frame: an iterator of frames.

    Parameters
    ----------
    trial : hipmech.io.Trial
    session : Session, optional
        A fresh session (nothing pushed, not closed: else an error naming ``session``) whose
        markers the trial has (under the session's marker map, if any); by default
        ``Session.from_trial(trial, **session_options)``.
    realtime : bool
        Pace the pushes at the trial's rate (times ``speed``), sleeping between frames
        (``time.perf_counter``); False: as fast as possible.
    speed : float
        Playback speed for ``realtime`` (2.0: twice as fast).
    callback : callable, optional
        Called with each frame after its push (e.g. to draw it).
    close : bool
        Close the session after the last frame (default): the events and stances only the
        end of the trial releases are then in ``session.closing`` (:meth:`Session.close`;
        they reach no callback). False: the session stays open (close it yourself).
    **session_options
        Passed to :meth:`Session.from_trial` (``cutoff_hz``, ``events``, ...).

    Yields
    ------
    Frame
        Each frame's outputs, as :meth:`Session.push` returns them; frame times are
        frame / rate (as the offline pipeline counts them).

    Warns
    -----
    UserWarning
        Once, at the end (or every 256 frames, from :meth:`Session.push`), when the pelvis
        faces against the session's ``forward`` in more than half of the frames
        (:attr:`Session.frames_against_forward`): make the session with the other sign.
    """
    from . import io

    if not isinstance(trial, io.Trial):
        raise TypeError(f"argument 'trial': expected a hipmech.io.Trial, got "
                        f"{type(trial).__name__}")
    if not isinstance(realtime, (bool, np.bool_)):
        raise TypeError(f"argument 'realtime': expected True or False, got "
                        f"{type(realtime).__name__}")
    speed = positive_number(speed, "speed", "times real time")
    if callback is not None and not callable(callback):
        raise TypeError(f"argument 'callback': expected a callable, got "
                        f"{type(callback).__name__}")
    if not isinstance(close, (bool, np.bool_)):
        raise _type_error("close", "True or False", close)
    if session is None:
        session = Session.from_trial(trial, **session_options)
    elif session_options:
        raise TypeError("replay: session options (" + ", ".join(session_options) + ") are "
                        "for a session made from the trial; pass them to Session.from_trial")
    elif not isinstance(session, Session):
        raise TypeError(f"argument 'session': expected a hipmech.stream.Session, got "
                        f"{type(session).__name__}")
    elif session.closed or session.n_frames > 0:
        raise invalid_argument(
            "session", "a fresh session (nothing pushed, not closed): replay pushes the trial "
            "from its first frame",
            "a closed session" if session.closed else
            f"a session with {session.n_frames} frames pushed")
    # Checked now (not at the first next()): a trial without the session's markers.
    markers, plates = trial_arrays(trial, session)
    return _replay(session, markers, plates, bool(realtime), speed, callback, bool(close))


def _replay(session: Session, markers: np.ndarray, plates: Optional[np.ndarray],
            realtime: bool, speed: float, callback: Optional[Callable[[Any], Any]],
            close: bool) -> Iterator[Any]:
    n = markers.shape[0]
    period = 1.0 / (session.rate_hz * speed)
    t0 = time.perf_counter()
    for i in range(n):
        if realtime:
            wait = t0 + i * period - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
        frame = session.push(markers[i], None, None if plates is None else plates[i])
        if callback is not None:
            callback(frame)
        yield frame
    session._check_heading(stacklevel=2)
    if close:
        session.close()


def trial_arrays(trial: Any, session: Session) -> tuple[np.ndarray, Optional[np.ndarray]]:
    """The trial's markers (n_frames, n_markers, 3) in the session's order and, for a session
    with plate events, its plate samples (n_frames, samples_per_frame, n_plates, 6): the
    arguments of :meth:`Session.push_many` that replay the whole trial at once. The session's
    marker map (:meth:`Session.from_trial`) is applied to a trial that still has the old
    names."""
    from . import io

    if not isinstance(trial, io.Trial):
        raise TypeError(f"argument 'trial': expected a hipmech.io.Trial, got "
                        f"{type(trial).__name__}")
    pairs = session._marker_map
    if pairs:
        present, points = set(trial.markers), set(trial.points)
        use = [p for p in pairs if p[0] in present and p[1] not in points]
        if use:
            trial = io.rename_markers(trial, use)
    names = session.marker_names
    missing = [n for n in names if n not in trial.markers]
    if missing:
        raise invalid_argument("trial", f"the session's markers ({', '.join(names)})",
                               f"a trial without {', '.join(missing)}")
    markers = np.empty((trial.n_frames, len(names), 3))
    for j, name in enumerate(names):
        markers[:, j, :] = trial.markers[name]
    plates = (_plate_samples(trial, session._core.samples_per_frame)
              if session.events == "plates" else None)
    return markers, plates

