"""Gait events and the windows between them (docs: events).

Foot strikes and foot offs come from force plates (:func:`from_force_plates`, a vertical-force
threshold), from marker kinematics (:func:`from_kinematics`, Zeni et al. 2008) or from the file
(:func:`from_trial`, the C3D EVENT group). Frames are 0-based rows of the trial's point data;
times are seconds from the first row (``frame / point_rate_hz``). Windows are half-open frame
ranges ``[begin, end)``: ``trial.markers["LHEE"][w.slice]`` is the data of window ``w``.

>>> from hipmech import Side
>>> from hipmech.events import GaitEvent, stance_windows
>>> evs = [GaitEvent(Side.LEFT, "foot_strike", 10, 0.1), GaitEvent(Side.LEFT, "foot_off", 70, 0.7)]
>>> stance_windows(evs, "left")
[Window(side=<Side.LEFT: 0>, begin=10, end=70)]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Union

import numpy as np

from . import _core, _results
from ._core import Side
from ._args import integer_value, invalid_argument, real_number
from .io import Trial, _check_trial

__all__ = [
    "DroppedEvent",
    "MergedEvents",
    "merge",
    "FileEvents",
    "ForcePlateEvents",
    "GaitEvent",
    "KinematicEvents",
    "PlateContact",
    "RejectedContact",
    "SkippedEvent",
    "Window",
    "from_force_plates",
    "from_kinematics",
    "from_trial",
    "gait_cycles",
    "single_limb_support_windows",
    "stance_windows",
    "swing_windows",
    "to_dataframe",
]

#: The two event kinds.
FOOT_STRIKE = "foot_strike"
FOOT_OFF = "foot_off"


@dataclass(frozen=True)
class GaitEvent:
    """One foot strike or foot off.

    Attributes
    ----------
    side : Side
        The foot.
    kind : str
        ``"foot_strike"`` or ``"foot_off"``.
    frame : int
        0-based row of the trial's point data (the nearest frame).
    time_s : float
        Seconds from the first row: ``frame / point_rate_hz``.
    source : str
        How it was found: ``"force_plate:<0-based plate index>"``, ``"zeni"`` or ``"file"``.
    """

    side: Side
    kind: str
    frame: int
    time_s: float
    source: str = ""


@dataclass(frozen=True)
class Window:
    """A half-open range of frames ``[begin, end)`` of one side (a stance, swing, gait cycle
    or single-limb support)."""

    side: Side
    begin: int
    end: int

    @property
    def size(self) -> int:
        """Number of frames, ``end - begin``."""
        return self.end - self.begin

    @property
    def slice(self) -> slice:
        """``slice(begin, end)``, to index a trial's arrays."""
        return slice(self.begin, self.end)

    def duration_s(self, point_rate_hz: float) -> float:
        """Duration [s] at the given point rate."""
        return self.size / point_rate_hz


@dataclass(frozen=True)
class PlateContact:
    """One contact of a foot with a force plate: analog samples ``[begin_sample,
    end_sample)`` whose vertical force exceeds the threshold.

    ``side`` is None when the markers could not decide. ``strike_time_s`` and
    ``off_time_s`` are the exact analog times (sample / analog rate, from the first sample);
    ``strike_frame``/``off_frame`` the nearest point frames. ``cop_distance_left_m`` and
    ``cop_distance_right_m`` are the median horizontal distances [m] from the centre of
    pressure to each foot's marker outline (NaN when that foot's markers are missing).
    """

    plate: int
    side: Side | None
    begin_sample: int
    end_sample: int
    strike_frame: int
    off_frame: int
    strike_time_s: float
    off_time_s: float
    peak_force_n: float
    cop_distance_left_m: float
    cop_distance_right_m: float


@dataclass(frozen=True)
class RejectedContact(PlateContact):
    """A contact that gave no events. ``reason`` is one of ``"strike_not_observed"``,
    ``"off_not_observed"``, ``"both_feet"``, ``"no_foot_near_cop"``, ``"missing_markers"``,
    ``"no_center_of_pressure"``; ``message`` says it in words with the numbers."""

    reason: str = ""
    message: str = ""


@dataclass
class ForcePlateEvents:
    """Result of :func:`from_force_plates`: the events (time order), the accepted contacts
    and the rejected contacts with their reasons."""

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    events: list[GaitEvent] = field(default_factory=list)
    contacts: list[PlateContact] = field(default_factory=list)
    rejected: list[RejectedContact] = field(default_factory=list)

    def to_dataframe(self):
        """The events as a pandas DataFrame (see :func:`to_dataframe`)."""
        return to_dataframe(self.events)


@dataclass
class KinematicEvents:
    """Result of :func:`from_kinematics`: the events (time order) and the unit direction of
    progression used, (3,) in the lab frame."""

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    events: list[GaitEvent] = field(default_factory=list)
    progression: np.ndarray = field(default_factory=lambda: np.array([1.0, 0.0, 0.0]))

    def to_dataframe(self):
        """The events as a pandas DataFrame (see :func:`to_dataframe`)."""
        return to_dataframe(self.events)


@dataclass(frozen=True)
class SkippedEvent:
    """A file event that is not a usable gait event, with the reason."""

    label: str
    context: str
    time_s: float
    reason: str


@dataclass
class FileEvents:
    """Result of :func:`from_trial`: the foot strikes and foot offs of the file (time order)
    and the events skipped (other labels, no side, outside the trial)."""

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    events: list[GaitEvent] = field(default_factory=list)
    skipped: list[SkippedEvent] = field(default_factory=list)

    def to_dataframe(self):
        """The events as a pandas DataFrame (see :func:`to_dataframe`)."""
        return to_dataframe(self.events)


EventsLike = Union[Iterable[GaitEvent], ForcePlateEvents, KinematicEvents, FileEvents]


def _events(d: dict) -> list[GaitEvent]:
    return [GaitEvent(*e) for e in d["events"]]


def _names(value: Any, arg: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    names = list(value)
    if not names or not all(isinstance(n, str) for n in names):
        raise ValueError(f"argument '{arg}': expected a non-empty list of marker names, got "
                         f"{value!r}")
    return names


def from_force_plates(trial: Trial, *, threshold_n: float = 20.0, min_contact_s: float = 0.05,
                      max_cop_distance_m: float = 0.15, foot_height_max_m: float = 0.10,
                      plate_margin_m: float = 0.02,
                      left_foot: Sequence[str] = ("LHEE", "LTOE", "LANK"),
                      right_foot: Sequence[str] = ("RHEE", "RTOE", "RANK")) -> ForcePlateEvents:
    """Foot strikes and foot offs from the trial's force plates.

    A contact is a run of analog samples whose vertical force (along ``trial.lab_axes.up``;
    plates report the reaction on the body, positive under a standing person) exceeds
    ``threshold_n``. Its first sample is the foot strike and the first sample below the
    threshold again the foot off, each at the nearest point frame. Runs shorter than
    ``min_contact_s`` are noise and ignored. Each contact goes to the foot whose marker
    outline is nearest the centre of pressure (median over the contact).

    Contacts are rejected, with the reason, when the strike or the off is not observed (the
    force is above the threshold at the first or last sample, or next to a NaN), when both
    feet are on the plate, when no foot is within ``max_cop_distance_m`` of the centre of
    pressure, or when a foot's markers are missing throughout the contact.

    Parameters
    ----------
    trial : hipmech.io.Trial
        Force plates in the lab frame [N, m] at ``trial.analog.rate_hz``; foot markers [m].
    threshold_n : float
        Vertical force threshold [N] (20 N by default, the common clinical choice).
    min_contact_s : float
        Shortest contact kept [s].
    max_cop_distance_m : float
        Largest median distance from the centre of pressure to the assigned foot [m].
    foot_height_max_m : float
        The other foot counts as standing on the plate when its markers lie inside the plate
        outline and its lowest marker is at most this high above the surface [m].
    plate_margin_m : float
        Tolerance of the plate-outline test [m].
    left_foot, right_foot : sequence of str
        Marker names of each foot (Plug-in Gait heel, toe, ankle by default).

    Returns
    -------
    ForcePlateEvents
        ``events`` in time order, ``contacts``, ``rejected``.

    Raises
    ------
    hipmech.InvalidArgumentError
        (a ValueError) with no force plates, a bad threshold or duration, or missing foot
        markers (the message lists the missing names and the markers available).
    """
    _check_trial(trial)
    options = [real_number(v, k, f"a finite number [{unit}]", finite=True) for k, v, unit in (
        ("threshold_n", threshold_n, "N"), ("min_contact_s", min_contact_s, "s"),
        ("max_cop_distance_m", max_cop_distance_m, "m"),
        ("foot_height_max_m", foot_height_max_m, "m"), ("plate_margin_m", plate_margin_m, "m"))]
    plates = [(fp.force_n, fp.cop_m, fp.corners_m) for fp in trial.force_plates]
    markers = dict(trial.markers.items())
    d = _core.events_from_force_plates(
        plates, float(trial.analog.rate_hz), markers, float(trial.point_rate_hz), trial.lab_axes,
        *options, _names(left_foot, "left_foot"), _names(right_foot, "right_foot"))
    return ForcePlateEvents(
        events=_events(d),
        contacts=[PlateContact(**c) for c in d["contacts"]],
        rejected=[RejectedContact(**c) for c in d["rejected"]],
    )


def from_kinematics(trial: Trial, method: str = "zeni", *, left_heel: str = "LHEE",
                    left_toe: str = "LTOE", right_heel: str = "RHEE", right_toe: str = "RTOE",
                    sacrum: Sequence[str] | None = None, progression: Any = "auto",
                    min_separation_s: float = 0.3,
                    min_displacement_m: float = 0.2) -> KinematicEvents:
    """Foot strikes and foot offs from marker trajectories (Zeni et al. 2008).

    Foot strike at the local maxima of (heel − sacrum) along the direction of progression,
    foot off at the local minima of (toe − sacrum) (Zeni JA, Richards JG, Higginson JS 2008,
    Gait Posture 27:710–714). Frames with a missing marker are NaN in these signals and no
    extreme is taken next to them. Extremes of one foot and kind closer than
    ``min_separation_s`` keep only the largest.

    Parameters
    ----------
    trial : hipmech.io.Trial
    method : {"zeni"}
        The only method so far.
    left_heel, left_toe, right_heel, right_toe : str
        Marker names.
    sacrum : sequence of str, optional
        Markers whose mean is the sacrum; by default ``SACR`` if the trial has it, else the
        mean of ``LPSI`` and ``RPSI``.
    progression : "auto", "lab", an axis such as "-X", or array_like (3,)
        ``"auto"``: the horizontal direction of the sacrum's displacement over the trial
        (overground walking in any direction); ``"lab"``: ``trial.lab_axes.forward``
        (treadmill); or a lab-frame direction.
    min_separation_s : float
        Minimum time between two events of one foot and kind [s].
    min_displacement_m : float
        ``"auto"`` needs the sacrum to move at least this far horizontally [m].

    Returns
    -------
    KinematicEvents
        ``events`` in time order (source ``"zeni"``) and ``progression``.

    Raises
    ------
    hipmech.InvalidArgumentError
        When markers are missing (listing the missing names and the markers available), when
        the progression cannot be estimated, or on bad options.
    """
    _check_trial(trial)
    if not isinstance(method, str) or method.lower() != "zeni":
        raise ValueError(f"argument 'method': expected 'zeni', got {method!r}")
    separation = real_number(min_separation_s, "min_separation_s", "a finite duration [s]",
                             finite=True)
    displacement = real_number(min_displacement_m, "min_displacement_m",
                               "a finite distance [m]", finite=True)
    markers = dict(trial.markers.items())
    d = _core.events_from_kinematics(
        markers, float(trial.point_rate_hz), trial.lab_axes, left_heel, left_toe,
        right_heel, right_toe, [] if sacrum is None else _names(sacrum, "sacrum"), progression,
        separation, displacement)
    return KinematicEvents(events=_events(d), progression=np.array(d["progression"]))


def from_trial(trial: Trial) -> FileEvents:
    """The foot strikes and foot offs stored in the trial (C3D EVENT group).

    Labels "Foot Strike" (also "Foot Contact", "Heel Strike", "Initial Contact") and
    "Foot Off" ("Toe Off"), contexts "Left"/"Right", any case. Each event's frame is
    ``trial.event_frame(event)`` (its time counts from frame 1 of the capture); other labels,
    events without a side and events outside the trial are listed in ``skipped``.
    """
    _check_trial(trial)
    d = _core.events_from_trial_events(
        [(e.label, e.context, float(e.time_s)) for e in trial.events],
        float(trial.point_rate_hz), int(trial.first_frame), int(trial.n_frames))
    return FileEvents(events=_events(d), skipped=[SkippedEvent(*s) for s in d["skipped"]])


def _event_list(events: EventsLike, arg: str = "events") -> list:
    if isinstance(events, (ForcePlateEvents, KinematicEvents, FileEvents)):
        return events.events
    if isinstance(events, (str, bytes)) or not isinstance(events, Iterable):
        raise ValueError(f"argument {arg!r}: expected a list of GaitEvent or an events "
                         f"result, got {type(events).__name__}")
    return list(events)


def _windows(core_fn, events: EventsLike, side: Side | str) -> list[Window]:
    return [Window(*w) for w in core_fn(_event_list(events), side)]


def stance_windows(events: EventsLike, side: Side | str) -> list[Window]:
    """Stance windows of ``side``: each foot strike to the next foot off of the same foot.

    Parameters
    ----------
    events : list of GaitEvent, or a result of from_force_plates/from_kinematics/from_trial
    side : Side or {"left", "right", "L", "R"}

    Returns
    -------
    list of Window
        ``[strike frame, off frame)``; a strike followed by another strike of the same foot
        (missing off) gives no window.
    """
    return _windows(_core.events_stance_windows, events, side)


def swing_windows(events: EventsLike, side: Side | str) -> list[Window]:
    """Swing windows of ``side``: each foot off to the next foot strike of the same foot,
    ``[off frame, strike frame)``."""
    return _windows(_core.events_swing_windows, events, side)


def gait_cycles(events: EventsLike, side: Side | str) -> list[Window]:
    """Gait cycles (strides) of ``side``: each foot strike to the next foot strike of the
    same foot, ``[strike frame, next strike frame)``. With force-plate events a stride whose
    strike missed the plates is not seen, so check the durations."""
    return _windows(_core.events_gait_cycles, events, side)


def single_limb_support_windows(events: EventsLike, side: Side | str) -> list[Window]:
    """Single-limb support windows of ``side``: inside each stance of ``side``, from the
    opposite foot's off to its next strike, ``[opposite off frame, opposite strike frame)``.
    A stance without both opposite events gives no window."""
    return _windows(_core.events_single_limb_support_windows, events, side)


@dataclass(frozen=True)
class DroppedEvent:
    """An event :func:`merge` left out: ``reason`` is ``"covered"`` (an event of the same foot
    and kind from an earlier source lies within the window), ``"out of sequence"`` (it would
    make two strikes, or two offs, of one foot follow each other, and ``kept`` has the higher
    priority) or ``"implausible phase"`` (it would bound a stance or swing shorter than the
    minimum phase with ``kept``, of higher priority)."""

    event: GaitEvent
    reason: str
    kept: GaitEvent


@dataclass(frozen=True)
class MergedEvents:
    """Result of :func:`merge`: the events in time order, each with its own source; every event
    left out with its reason; and how many events each source gave."""

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    events: list[GaitEvent]
    dropped: list[DroppedEvent]
    used_per_source: list[int]


def merge(sources: Sequence[EventsLike], window_frames: int, *,
          min_phase_frames: int = 0) -> MergedEvents:
    """Merge gait events of several sources in priority order, the first winning.

    An event of a later source is added only where no event of the same foot and kind already
    kept lies within ``window_frames`` frames (inclusive); then each foot's sequence is made to
    alternate strike, off, strike ...: of two events of one kind in a row, the one from the
    later source is dropped (on a tie, the later event); and of two consecutive events of
    different sources closer than ``min_phase_frames`` (a stance or swing no gait has), the
    later source's is dropped. Nothing is dropped silently. This is what
    ``hipmech.report.analyse(events="auto")`` does with the file's events, the force-plate
    contacts and the kinematic events, with a 0.3 s window and a 0.1 s minimum phase (docs:
    events, "Merging sources").

    Parameters
    ----------
    sources : sequence of events
        Each a list of :class:`GaitEvent` (or ``(side, kind, frame)`` tuples) or an events
        result (:func:`from_trial`, :func:`from_force_plates`, :func:`from_kinematics`),
        highest priority first.
    window_frames : int
        The merge window [frames], >= 0.
    min_phase_frames : int
        The shortest stance or swing between events of different sources [frames], >= 0
        (0: no check).

    Returns
    -------
    MergedEvents

    Raises
    ------
    ValueError
        A negative window, phase or frame (naming ``window_frames``, ``min_phase_frames`` or
        ``sources[i][j]``).
    """
    if isinstance(sources, (str, bytes)) or not isinstance(sources, Iterable):
        raise ValueError("argument 'sources': expected a sequence of event lists, got "
                         f"{type(sources).__name__}")
    window = integer_value(window_frames, "window_frames", 0)
    phase = integer_value(min_phase_frames, "min_phase_frames", 0)
    d = _core.events_merge([_event_list(s, f"sources[{i}]") for i, s in enumerate(sources)],
                           window, phase)
    return MergedEvents(
        events=[GaitEvent(*e) for e in d["events"]],
        dropped=[DroppedEvent(GaitEvent(*e), reason, GaitEvent(*k))
                 for e, reason, k in d["dropped"]],
        used_per_source=[int(n) for n in d["used_per_source"]])


def to_dataframe(events: EventsLike):
    """Events as a pandas DataFrame with columns ``side`` ("left"/"right"), ``kind``,
    ``frame``, ``time_s`` and ``source``. pandas is optional: ImportError without it."""
    import pandas as pd  # optional dependency, imported only here

    items = _event_list(events)
    for i, e in enumerate(items):
        if not isinstance(e, GaitEvent):
            raise invalid_argument(f"events[{i}]", "a GaitEvent (a time is needed for time_s)",
                                   f"an object of type {type(e).__name__}")
    rows = [{"side": "left" if e.side == Side.LEFT else "right", "kind": e.kind,
             "frame": e.frame, "time_s": e.time_s, "source": e.source}
            for e in items]
    return pd.DataFrame(rows, columns=["side", "kind", "frame", "time_s", "source"])
