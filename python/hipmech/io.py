"""Motion-capture files: C3D, OpenSim TRC/MOT/STO and 2-D keypoint CSV.

Everything past a reader is in SI units (docs: conventions): markers in metres, angles in
radians, moments in N·m; the unit each value had in the file is kept so that writers can
convert back. NaN marks a missing sample.

>>> import numpy as np, hipmech
>>> trial = hipmech.io.Trial(point_rate_hz=100.0)
>>> trial.markers["LASI"] = np.zeros((3, 3))
>>> trial.n_frames, list(trial.markers)
(3, ['LASI'])
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any, Union

import numpy as np
import numpy.typing as npt

from . import _core, _results
from ._args import integer_value, path_arg, real_number
from ._core import LabAxes
from ._errors import InvalidArgumentError

#: A path: str, bytes (any bytes: a name that is not UTF-8 works) or os.PathLike.
PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]

__all__ = [
    "Analog",
    "Event",
    "ForcePlate",
    "Keypoints2D",
    "Parameter",
    "ParameterGroup",
    "PointKind",
    "SubjectParameters",
    "Table",
    "Trial",
    "HALPE_26",
    "COCO_17",
    "KEYPOINT_NAMES",
    "MEDIAPIPE_POSE_33",
    "OPENPOSE_BODY_25",
    "OPENPOSE_COCO_18",
    "read_c3d",
    "read_deeplabcut",
    "read_keypoints",
    "read_keypoints_csv",
    "read_mediapipe",
    "read_openpose",
    "read_pose_trc",
    "read_mot",
    "read_sto",
    "read_subject",
    "read_trc",
    "read_vsk",
    "rename_markers",
    "standard_keypoint_name",
    "with_subject",
    "write_c3d",
    "write_mot",
    "write_sto",
    "write_trc",
]

#: The kinds of point a trial holds, and the SI unit of each.
PointKind = ("marker", "angle", "force", "moment", "power", "scalar")
_SI_UNIT = {"marker": "m", "angle": "rad", "force": "N", "moment": "Nm", "power": "W",
            "scalar": ""}

_NAN = float("nan")


def _label_index(owner: Any, labels: list[str], name: Any) -> int | None:
    """Position of the first ``name`` in ``labels`` (None when absent), O(1) per lookup.

    The name -> position dict is cached on ``owner``. It is rebuilt when ``labels`` is another
    list object or has another length, when the cached position no longer holds ``name`` (a
    label renamed in place) and on a miss (a name the list may hold since), so that editing
    the labels never returns a stale column.
    """
    def build() -> dict[Any, int]:
        index: dict[Any, int] = {}
        for i, label in enumerate(labels):
            index.setdefault(label, i)
        owner.__dict__["_label_cache"] = (labels, len(labels), index)
        return index

    cache = owner.__dict__.get("_label_cache")
    if cache is None or cache[0] is not labels or cache[1] != len(labels):
        index = build()
        fresh = True
    else:
        index, fresh = cache[2], False
    try:
        i = index.get(name)
    except TypeError:  # an unhashable name is no label
        return None
    if i is not None and labels[i] == name:
        return i
    return None if fresh else build().get(name)


def _clip_path(path: Any, limit: int = 100) -> str:
    """A file name for a repr: the path as given, its start cut when longer than ``limit``."""
    text = os.fsdecode(path) if isinstance(path, (bytes, os.PathLike)) else str(path)
    return text if len(text) <= limit else "..." + text[-(limit - 3):]


def _names_text(names: Any, limit: int = 20) -> str:
    """``names`` for a message: the first ``limit`` and how many more."""
    names = list(names)
    shown = ", ".join(repr(n) for n in names[:limit])
    return shown + (f" ... ({len(names) - limit} more, {len(names)} in all)"
                    if len(names) > limit else "")


@dataclass
class Analog:
    """Analog channels at ``rate_hz``, in SI units after the file's scales and offsets.

    ``values`` is (n_samples, n_channels); n_samples = n_frames × samples per frame.
    ``units_original`` is each channel's unit in the file (values are converted to SI where
    the unit is a known physical unit: N·mm → N·m, mm → m; others such as V pass through).
    """

    rate_hz: float = 0.0
    names: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    units_original: list[str] = field(default_factory=list)
    values: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    def __getitem__(self, name: str) -> np.ndarray:
        """The channel called ``name`` as an (n_samples,) view."""
        i = _label_index(self, self.names, name)
        if i is None:
            raise KeyError(f"no analog channel {name!r}; available: "
                           f"{_names_text(self.names)}")
        return self.values[:, i]

    @property
    def n_channels(self) -> int:
        return int(self.values.shape[1])


@dataclass
class ForcePlate:
    """One force plate in the lab frame at the analog rate, SI units.

    Every output is the action of the plate on the body (the ground reaction): the vertical
    force is positive when someone stands on the plate. ``moment_nm`` is about the
    transducer origin ``origin_lab_m``. ``cop_m`` and ``free_moment_nm`` are NaN where the
    normal force is below the reader's ``cop_threshold_n``.
    """

    type: int
    channels: list[int]
    corners_m: np.ndarray
    origin_m: np.ndarray
    calibration: np.ndarray | None
    R_lab_plate: np.ndarray
    center_m: np.ndarray
    origin_lab_m: np.ndarray
    force_n: np.ndarray
    moment_nm: np.ndarray
    cop_m: np.ndarray
    free_moment_nm: np.ndarray

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    @classmethod
    def from_wrench(cls, type: int, corners_m: npt.ArrayLike, force_n: npt.ArrayLike,
                    moment_nm: npt.ArrayLike, *, origin_m: npt.ArrayLike = (0.0, 0.0, 0.0),
                    calibration: npt.ArrayLike | None = None,
                    cop_threshold_n: float = 10.0) -> "ForcePlate":
        """A plate from its definition and its ground reaction, as the reader would give it.

        ``R_lab_plate``, ``center_m`` and ``origin_lab_m`` follow from the corners and
        ``origin_m`` as :func:`read_c3d` derives them; ``cop_m`` and ``free_moment_nm`` from
        the force and moment (the point of the surface where the wrench acts, NaN where the
        normal force is below ``cop_threshold_n``). ``channels`` is empty: :func:`write_c3d`
        appends new analog channels for the plate.

        Parameters
        ----------
        type : {1, 2, 3, 4}
            The C3D plate type the file will hold: 1 (Fx Fy Fz COPx COPy Tz), 2 (Fx Fy Fz Mx My
            Mz), 3 (Kistler's eight channels), 4 (type 2 through ``calibration``).
        corners_m : array_like, shape (4, 3)
            Surface corners in the lab frame [m], C3D order (corner 1 in the plate's +x +y
            quadrant, 2 in -x +y, 3 in -x -y, 4 in +x -y).
        force_n : array_like, shape (n_samples, 3)
            Ground reaction on the body, lab frame [N], at the analog rate.
        moment_nm : array_like, shape (n_samples, 3)
            Its moment about the transducer origin ``origin_lab_m`` (the surface centre minus
            ``origin_m`` in the plate frame), lab frame [N·m].
        origin_m : array_like, shape (3,)
            FORCE_PLATFORM:ORIGIN, plate frame [m] (type 3: Kistler's a, b, az0, with a and b
            not zero).
        calibration : array_like, shape (6, 6), optional
            Type 4 only: the calibration matrix (invertible).
        cop_threshold_n : float
            Normal force below which ``cop_m`` and ``free_moment_nm`` are NaN [N].

        Returns
        -------
        ForcePlate

        Raises
        ------
        ValueError
            Naming the argument: a type outside 1-4, degenerate corners, row counts that
            differ, a calibration for another type or not 6 x 6.

        Examples
        --------
        >>> import numpy as np
        >>> from hipmech.io import ForcePlate
        >>> corners = [[0.3, 0.2, 0], [-0.3, 0.2, 0], [-0.3, -0.2, 0], [0.3, -0.2, 0]]
        >>> f = np.tile([0.0, 0.0, 700.0], (4, 1))
        >>> plate = ForcePlate.from_wrench(2, corners, f, np.zeros((4, 3)))
        >>> plate.cop_m[0]
        array([0., 0., 0.])
        """
        d = _core.make_force_plate(
            integer_value(type, "type"), corners_m, origin_m, force_n, moment_nm, calibration,
            real_number(cop_threshold_n, "cop_threshold_n"))
        return cls(**d)


@dataclass
class Event:
    """A time event. ``time_s`` counts from frame 1 of the capture (C3D convention);
    :meth:`Trial.event_frame` gives the 0-based row of the trial's arrays."""

    label: str
    time_s: float
    context: str = "General"
    description: str = ""
    subject: str = ""
    icon_id: int = 0
    generic_flag: int = 0


@dataclass
class SubjectParameters:
    """Subject parameters in SI units (m, kg, rad); NaN where the source does not give them.

    Filled from a C3D file's ``PROCESSING`` group (:func:`read_c3d`, Vicon's names
    ``Bodymass``, ``LLegLength``, ``RThighRotation`` ...) or a Vicon subject file
    (:func:`read_vsk`, ``LeftLegLength`` ...). Angles keep Vicon's sign (docs: model).
    ``other_parameters`` names every other subject parameter of the source (upper-body
    measurements, Vicon's static-fit outputs, other models' parameters), so that a model can
    say which ones it did not apply; ``invalid_parameters`` the ones of the fields above whose
    value in the source is not a finite number (their field stays NaN and
    :meth:`hipmech.model.PigParameters.from_subject` refuses them).
    """

    body_mass_kg: float = _NAN
    height_m: float = _NAN
    inter_asis_distance_m: float = _NAN
    marker_diameter_m: float = _NAN
    leg_length_left_m: float = _NAN
    leg_length_right_m: float = _NAN
    asis_trochanter_distance_left_m: float = _NAN
    asis_trochanter_distance_right_m: float = _NAN
    knee_width_left_m: float = _NAN
    knee_width_right_m: float = _NAN
    ankle_width_left_m: float = _NAN
    ankle_width_right_m: float = _NAN
    thigh_rotation_left_rad: float = _NAN
    thigh_rotation_right_rad: float = _NAN
    shank_rotation_left_rad: float = _NAN
    shank_rotation_right_rad: float = _NAN
    tibial_torsion_left_rad: float = _NAN
    tibial_torsion_right_rad: float = _NAN
    static_plantar_flexion_left_rad: float = _NAN
    static_plantar_flexion_right_rad: float = _NAN
    static_rotation_offset_left_rad: float = _NAN
    static_rotation_offset_right_rad: float = _NAN
    ankle_abduction_left_rad: float = _NAN
    ankle_abduction_right_rad: float = _NAN
    sole_delta_left_m: float = _NAN
    sole_delta_right_m: float = _NAN
    other_parameters: list[str] = field(default_factory=list)
    invalid_parameters: list[str] = field(default_factory=list)

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html


@dataclass
class Parameter:
    """One C3D parameter: ``value`` is a list of str (type -1, char) or a float64 array
    (type 1 byte, 2 int16, 4 float) in C3D order (first dimension fastest)."""

    value: Any
    type: int = 4
    dims: list[int] = field(default_factory=list)
    description: str = ""
    locked: bool = False

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html


@dataclass
class ParameterGroup:
    """A C3D parameter group: ``parameters`` maps names to :class:`Parameter`."""

    parameters: dict[str, Parameter] = field(default_factory=dict)
    description: str = ""
    locked: bool = False

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    def __getitem__(self, name: str) -> Parameter:
        return self.parameters[name]


class PointsView(MutableMapping):
    """The points of one kind in a :class:`Trial`, by name: ``trial.markers["LASI"]`` is
    an (n_frames, 3) array in SI units. Assigning adds or replaces a point of that kind.

    A lookup is two dict lookups (``trial.points`` and ``trial.kinds``), O(1) whatever the
    number of points; nothing is cached, so editing the trial's dicts directly is seen at once.
    """

    __slots__ = ("_trial", "_kind")

    def __init__(self, trial: Trial, kind: str | None):
        self._trial = trial
        self._kind = kind

    def _names(self) -> list[str]:
        t = self._trial
        if self._kind is None:
            return list(t.points)
        kinds, kind = t.kinds, self._kind
        return [n for n in t.points if kinds.get(n) == kind]

    def __getitem__(self, name: str) -> np.ndarray:
        t = self._trial
        try:
            if self._kind is None or t.kinds.get(name) == self._kind:
                return t.points[name]
        except (KeyError, TypeError):  # absent, or an unhashable name
            pass
        what = "point" if self._kind is None else self._kind
        raise KeyError(f"no {what} {name!r} in the trial; available: "
                       f"{_names_text(self._names())}")

    def __contains__(self, name: object) -> bool:
        t = self._trial
        try:
            return name in t.points and (self._kind is None or t.kinds.get(name) == self._kind)
        except TypeError:
            return False

    def __setitem__(self, name: str, values: Any) -> None:
        self._trial.add_point(name, values, kind=self._kind or "marker")

    def __delitem__(self, name: str) -> None:
        self[name]  # KeyError with the names available
        self._trial.remove_point(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        if self._kind is None:
            return len(self._trial.points)
        return len(self._names())

    def __repr__(self) -> str:
        names = self._names()
        return f"<{len(names)} {self._kind or 'point'}s: {_names_text(names)}>"


@dataclass
class Trial:
    """One capture in SI units: points by name, analog channels, force plates, events,
    subject parameters, lab axes and the file's full parameter tree.

    ``points`` maps every point name to an (n_frames, 3) float64 array; ``kinds`` says what
    each point is (one of :data:`PointKind`); ``markers``, ``angles``, ``moments`` ... are
    views of one kind. ``units_original`` keeps each point's unit in the file. ``notes``
    says what hipmech changed after reading (renamed markers, subject parameters overridden).
    """

    point_rate_hz: float = 0.0
    first_frame: int = 1
    points: dict[str, np.ndarray] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    units_original: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    residuals: dict[str, np.ndarray] = field(default_factory=dict)
    analog: Analog = field(default_factory=Analog)
    force_plates: list[ForcePlate] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    subject: SubjectParameters = field(default_factory=SubjectParameters)
    lab_axes: LabAxes = field(default_factory=LabAxes)
    parameters: dict[str, ParameterGroup] = field(default_factory=dict)
    source: str = ""
    #: What hipmech changed in this trial after reading it, one sentence each
    #: (:func:`rename_markers`, :func:`with_subject`), for a report to show.
    notes: list[str] = field(default_factory=list)

    # -- views -------------------------------------------------------------------------------
    @property
    def markers(self) -> PointsView:
        """Marker trajectories by name, (n_frames, 3) [m]."""
        return PointsView(self, "marker")

    @property
    def angles(self) -> PointsView:
        """Angle outputs by name (Plug-in Gait ``LKneeAngles`` ...), (n_frames, 3) [rad]."""
        return PointsView(self, "angle")

    @property
    def moments(self) -> PointsView:
        """Moment outputs by name, (n_frames, 3) [N·m, or N·m/kg as the file stores them]."""
        return PointsView(self, "moment")

    @property
    def forces(self) -> PointsView:
        """Force outputs by name, (n_frames, 3) [N, or N/kg as the file stores them]."""
        return PointsView(self, "force")

    @property
    def powers(self) -> PointsView:
        """Power outputs by name, (n_frames, 3) [W, or W/kg as the file stores them]."""
        return PointsView(self, "power")

    @property
    def n_frames(self) -> int:
        """Number of point frames."""
        for values in self.points.values():
            return int(values.shape[0])
        return int(self._n_frames_without_points)

    _n_frames_without_points: int = 0

    @property
    def times_s(self) -> np.ndarray:
        """Time of each frame [s], counted like event times (frame 1 at t = 0)."""
        return (self.first_frame - 1 + np.arange(self.n_frames)) / self.point_rate_hz

    def event_frame(self, event: Event) -> int:
        """0-based row of the trial's arrays nearest to ``event`` (may fall outside the
        trial when the event does)."""
        return int(round(event.time_s * self.point_rate_hz)) - (self.first_frame - 1)

    # -- notebook display --------------------------------------------------------------------
    def _summary_rows(self) -> list[tuple[str, str]]:
        """(what, description) pairs of the short repr and the HTML table."""
        n, rate = self.n_frames, self.point_rate_hz
        duration = f", {n / rate:.3g} s" if rate > 0 else ""
        rows = [("source", _clip_path(self.source) or "(not from a file)"),
                ("frames", f"{n} at {rate:g} Hz (first frame {self.first_frame}{duration})")]
        by_kind: dict[str, list[str]] = {}
        for name in self.points:
            by_kind.setdefault(self.kinds.get(name, "marker"), []).append(name)
        order = [k for k in PointKind if k in by_kind] + [k for k in by_kind
                                                          if k not in PointKind]
        for kind in order or ["marker"]:
            names = by_kind.get(kind, [])
            rows.append((f"{kind}s ({len(names)})", _results.names_text(names) or "none"))
        a = self.analog
        rows.append((f"analog ({len(a.names)} at {a.rate_hz:g} Hz)",
                     _results.names_text(a.names) or "none"))
        plates = self.force_plates
        rows.append(("force plates", f"{len(plates)}" + (
            f" (type {', '.join(str(p.type) for p in plates[:8])}"
            f"{', ...' if len(plates) > 8 else ''})" if plates else "")))
        from collections import Counter

        counts = Counter(f"{e.context} {e.label}".strip() for e in self.events)
        rows.append(("events", f"{len(self.events)}" + (
            ": " + ", ".join(f"{c} {k}" for k, c in list(counts.items())[:8])
            + (", ..." if len(counts) > 8 else "") if counts else "")))
        subj = self.subject
        known = [(label, value, unit) for label, value, unit in (
            ("body mass", subj.body_mass_kg, "kg"), ("height", subj.height_m, "m"),
            ("leg length L", subj.leg_length_left_m, "m"),
            ("leg length R", subj.leg_length_right_m, "m"))
            if isinstance(value, (int, float)) and math.isfinite(value)]
        rows.append(("subject", ", ".join(f"{label} {value:g} {unit}"
                                          for label, value, unit in known) or "no parameters"))
        rows.append(("lab axes", str(self.lab_axes)))
        if self.notes:
            rows.append(("notes", f"{len(self.notes)}: " + _results.clip(self.notes[0], 100)
                         + (" ..." if len(self.notes) > 1 else "")))
        return rows

    def __repr__(self) -> str:
        """What the trial holds, in a few lines (< 2 kB whatever its size); the arrays are in
        ``points``, ``analog.values`` ..."""
        lines = [f"  {k}: {v}" for k, v in self._summary_rows()[1:]]
        text = "\n".join([f"<hipmech.io.Trial {_clip_path(self.source) or '(not from a file)'}",
                          *lines])
        return _results.clip(text, _results.REPR_LIMIT - 1) + ">"

    def _repr_html_(self) -> str:
        """The same summary as an HTML table, for Jupyter."""
        return _results.html_table("hipmech.io.Trial", self._summary_rows())

    # -- editing -----------------------------------------------------------------------------
    def add_point(self, name: str, values: Any, kind: str = "marker", unit: str | None = None,
                  description: str = "") -> None:
        """Add or replace the point ``name`` (an analysis output such as an angle).

        Parameters
        ----------
        values : array_like, shape (n_frames, 3)
            In SI units (m, rad, N, N·m, W); NaN where missing.
        kind : str
            One of :data:`PointKind`.
        unit : str, optional
            Unit the writers store it in ("mm", "deg", "Nmm"); the SI unit by default.
        """
        if not isinstance(name, str) or not name:
            raise ValueError(f"argument 'name': expected a non-empty str, got {name!r}")
        if kind not in PointKind:
            raise ValueError(f"argument 'kind': expected one of {PointKind}, got {kind!r}")
        array = np.array(values, dtype=np.float64, order="C", copy=True)
        if array.ndim != 2 or array.shape[1] != 3:
            raise ValueError(f"argument 'values': expected shape (n_frames, 3), got shape "
                             f"{array.shape}")
        others = [n for n in self.points if n != name]
        if others and array.shape[0] != self.n_frames:
            raise ValueError(f"argument 'values': expected {self.n_frames} frames (the trial's "
                             f"frame count), got {array.shape[0]}")
        self.points[name] = array
        self.kinds[name] = kind
        self.units_original[name] = _SI_UNIT[kind] if unit is None else unit
        self.descriptions[name] = description
        self.residuals.pop(name, None)

    def remove_point(self, name: str) -> None:
        """Remove the point ``name`` and its metadata."""
        for d in (self.points, self.kinds, self.units_original, self.descriptions,
                  self.residuals):
            d.pop(name, None)

    # -- conversion to and from the compiled core --------------------------------------------
    @classmethod
    def _from_core(cls, d: dict) -> Trial:
        t = cls(point_rate_hz=d["point_rate_hz"], first_frame=d["first_frame"],
                source=d["source"], lab_axes=d["lab_axes"])
        t._n_frames_without_points = d["n_frames"]
        for name, kind, unit, description, values, residual in d["points"]:
            t.points[name] = values
            t.kinds[name] = kind
            t.units_original[name] = unit
            t.descriptions[name] = description
            if residual is not None:
                t.residuals[name] = residual
        t.analog = Analog(**d["analog"])
        t.force_plates = [ForcePlate(**fp) for fp in d["force_plates"]]
        t.events = [Event(**e) for e in d["events"]]
        t.subject = SubjectParameters(**d["subject"])
        for gname, gdesc, glocked, params in d["parameters"]:
            group = ParameterGroup(description=gdesc, locked=glocked)
            for pname, ptype, dims, value, pdesc, plocked in params:
                group.parameters[pname] = Parameter(value=value, type=ptype, dims=list(dims),
                                                    description=pdesc, locked=plocked)
            t.parameters[gname] = group
        return t

    def _to_core(self) -> dict:
        points = []
        for name, values in self.points.items():
            points.append((name, self.kinds.get(name, "marker"),
                           self.units_original.get(name, ""), self.descriptions.get(name, ""),
                           values, self.residuals.get(name)))
        params = []
        for gname, group in self.parameters.items():
            plist = []
            for pname, p in group.parameters.items():
                value = p.value
                if p.type == -1 and isinstance(value, str):
                    value = [value]
                plist.append((pname, int(p.type), [int(x) for x in p.dims], value,
                              p.description, bool(p.locked)))
            params.append((gname, group.description, bool(group.locked), plist))
        a = self.analog
        # Every number through the one scalar check (issue 21): float()/int() took True as 1,
        # "100" as 100 and truncated a first_frame of 1.5.
        events = []
        for i, e in enumerate(self.events):
            ev = dict(e.__dict__)
            ev["time_s"] = real_number(e.time_s, f"trial.events[{i}].time_s")
            ev["icon_id"] = integer_value(e.icon_id, f"trial.events[{i}].icon_id")
            ev["generic_flag"] = integer_value(e.generic_flag, f"trial.events[{i}].generic_flag")
            events.append(ev)
        subject = dict(self.subject.__dict__)
        for key, value in subject.items():
            if not isinstance(value, list):
                subject[key] = real_number(value, f"trial.subject.{key}")
        return {
            "point_rate_hz": real_number(self.point_rate_hz, "trial.point_rate_hz"),
            "first_frame": integer_value(self.first_frame, "trial.first_frame"),
            "source": self.source,
            "n_frames": self.n_frames,
            "points": points,
            "analog": {"rate_hz": real_number(a.rate_hz, "trial.analog.rate_hz"),
                       "names": list(a.names),
                       "descriptions": list(a.descriptions) + [""] * (len(a.names)
                                                                       - len(a.descriptions)),
                       "units_original": list(a.units_original) + [""] * (
                           len(a.names) - len(a.units_original)),
                       "values": a.values},
            "events": events,
            "subject": {**subject,
                        "other_parameters": list(self.subject.other_parameters),
                        "invalid_parameters": list(self.subject.invalid_parameters)},
            "lab_axes": self.lab_axes,
            "parameters": params,
        }


def read_c3d(path: PathLike, *, cop_threshold_n: float = 10.0) -> Trial:
    """Read a C3D file.

    Ctrl-C interrupts a long read: KeyboardInterrupt is raised within about 0.1 s, from
    inside the read (docs: io, "Cancelling a read").

    Parameters
    ----------
    path : str, bytes or os.PathLike
        The file. Every processor type (Intel, DEC, SGI/MIPS), integer and float data.
    cop_threshold_n : float
        Centre of pressure and free moment are NaN where the force normal to a plate is
        below this [N].

    Returns
    -------
    Trial
        Points in SI units by kind, analog channels, force plates in the lab frame, events,
        subject parameters (from Vicon's PROCESSING group) and the full parameter tree.

    Raises
    ------
    hipmech.FileError
        (an OSError) naming the file and the byte offset or parameter that failed.
    """
    return Trial._from_core(_core.read_c3d(path_arg(path), cop_threshold_n))


def write_c3d(trial: Trial, path: PathLike, *, processor: str = "intel",
              integer_format: bool = False) -> None:
    """Write ``trial`` as a C3D file that :func:`read_c3d` reads back unchanged.

    Points are converted back to their original units and listed by kind in POINT:ANGLES,
    POINT:MOMENTS ...; NaN is written as a missing point; analogs go in their original
    units; events to the EVENT group; every other parameter is kept.

    ``trial.force_plates`` is what is written: the FORCE_PLATFORM group is rewritten to
    describe exactly those plates (all four C3D types). A plate as read keeps its analog
    channels bit for bit; a plate added (``channels=[]``: new channels are appended), retyped
    or edited is written from its ``force_n`` and ``moment_nm`` into the channels it names;
    the channels of a plate removed stay as plain analog channels. An empty list leaves
    FORCE_PLATFORM as ``trial.parameters`` describes it (a trial built from parameters and
    channels; set its ``USED`` to 0 to write no plate). Reading the file back gives
    the plates again (to float32 storage, or to 16-bit steps with ``integer_format``).
    ``cop_m`` and ``free_moment_nm`` follow from the force and moment, so where they are given
    they must agree with them (build new plates with :meth:`ForcePlate.from_wrench`); a plate
    its type cannot hold (type 1: a horizontal moment without vertical force; type 3: zero
    sensor offsets; type 4: a singular calibration) raises ValueError naming the field, and
    nothing is written. The file is written atomically (a temporary file renamed over
    ``path``).

    Parameters
    ----------
    processor : {"intel", "dec", "mips"}
        Byte order and float format.
    integer_format : bool
        Scaled 16-bit integers instead of floats (smaller, lossy).
    """
    _check_trial(trial)
    raw = path_arg(path)
    core = trial._to_core()
    core["force_plates"] = list(trial.force_plates)
    _core.write_c3d(core, raw, processor, integer_format)


#: Largest Vicon subject file read_vsk accepts [bytes]; real ones are under 100 kB.
_MAX_VSK_BYTES = 16 * 1024 * 1024


#: A VALUE of a Vicon subject file: a plain decimal number (no "inf", "nan", "1_480", hex).
_VSK_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")


def read_vsk(path: PathLike) -> SubjectParameters:
    """Read the subject parameters of a Vicon subject file (``.vsk``, XML).

    Every ``<StaticParameter NAME=... VALUE=...>`` is read: Plug-in Gait's lower-body
    parameters into their fields (lengths mm -> m, mass kg, angles stay radians, as Vicon
    stores them), every other name into ``other_parameters``, as are the names of the
    ``<Parameter>`` elements (Vicon's marker coordinates of the subject's model). A
    parameter without a ``VALUE`` (not measured) stays NaN.

    Parameters
    ----------
    path : str, bytes or os.PathLike
        The ``.vsk`` file.

    Returns
    -------
    SubjectParameters
        The same fields :func:`read_c3d` fills from a C3D ``PROCESSING`` group; pass it to
        :meth:`hipmech.model.PigParameters.from_subject`.

    Raises
    ------
    hipmech.FileError
        (an OSError) naming the file: unreadable, larger than 16 MB, not well-formed XML,
        a DOCTYPE or entity declaration (refused: a hostile file could expand entities
        without bound; Vicon writes none), no ``StaticParameter`` element, one without a ``NAME``, a name given twice, or a
        ``VALUE`` that is not a finite decimal number.

    Examples
    --------
    >>> import hipmech  # doctest: +SKIP
    >>> s = hipmech.io.read_vsk("../shared/validation/pycgm_pig_stair/Test.vsk")  # doctest: +SKIP
    >>> round(s.leg_length_left_m, 3), s.body_mass_kg  # doctest: +SKIP
    (0.877, 85.0)
    """
    import xml.etree.ElementTree as ElementTree

    from ._errors import FileError

    name = os.fsdecode(path_arg(path))  # a str that opens the same file, whatever its bytes
    try:
        size = os.path.getsize(name)
        if size > _MAX_VSK_BYTES:
            raise FileError(f"{name}: {size} bytes; a Vicon subject file is expected to be "
                            f"under {_MAX_VSK_BYTES} bytes", name)
        root = _parse_xml(name)
    except FileError:
        raise
    except ElementTree.ParseError as e:
        raise FileError(f"{name}: not a Vicon subject file (XML): {e}", name) from None
    except (LookupError, UnicodeError, ValueError) as e:
        # expat's own refusals outside ParseError: an XML declaration naming an unknown
        # encoding ("UTF-0": LookupError), bytes its decoder rejects (issue 21's campaign)
        raise FileError(f"{name}: not a readable Vicon subject file (XML): "
                        f"{type(e).__name__}: {e}", name) from None
    except OSError as e:
        raise FileError(f"{name}: cannot read: {e.strerror or e}", name) from None
    values: list[tuple[str, float]] = []
    seen: set[str] = set()
    for element in root.iter("StaticParameter"):
        pname = (element.get("NAME") or "").strip()
        if not pname:
            raise FileError(f"{name}: a StaticParameter without a NAME", name)
        if pname.lower() in seen:
            raise FileError(f"{name}: StaticParameter {pname!r} given twice", name)
        seen.add(pname.lower())
        text = element.get("VALUE")
        if text is None or not text.strip():
            continue  # not measured: the field stays NaN ("not given")
        number = float(text) if _VSK_NUMBER.fullmatch(text) else _NAN
        if not math.isfinite(number):
            raise FileError(f"{name}: StaticParameter {pname!r}: VALUE {text!r} is not a "
                            f"finite decimal number", name)
        values.append((pname, number))
    if not seen:
        raise FileError(f"{name}: no <StaticParameter> element: not a Vicon subject file", name)
    others = [e.get("NAME", "") for e in root.iter("Parameter") if e.get("NAME")]
    d = _core.subject_from_named(values, "vsk", others)
    return SubjectParameters(**d)


def _parse_xml(name: str):
    """The root element of the XML file ``name``, refusing DOCTYPE and entity declarations
    (defusedxml when installed; otherwise the bytes are checked before parsing)."""
    from ._errors import FileError

    with open(name, "rb") as f:
        data = f.read(_MAX_VSK_BYTES + 1)
    try:
        import defusedxml  # optional
        import defusedxml.ElementTree as safe
    except ImportError:
        safe = None
    if safe is not None:
        try:
            return safe.fromstring(data, forbid_dtd=True)
        except defusedxml.DefusedXmlException as e:
            raise FileError(f"{name}: refused XML ({type(e).__name__}): a subject file holds "
                            f"no DOCTYPE or entities", name) from None
    text = data
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16: look at the characters
        text = data.decode("utf-16", errors="replace").encode("utf-8")
    if re.search(rb"<!\s*(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        raise FileError(f"{name}: refused XML with a DOCTYPE or entity declaration (a hostile "
                        f"file could expand entities without bound; Vicon writes none)", name)
    import xml.etree.ElementTree as ElementTree

    return ElementTree.fromstring(data)


# ---- other labs: marker maps and subject files ------------------------------------------------

def rename_markers(trial: Trial, mapping: Any) -> Trial:
    """A copy of ``trial`` with markers renamed: another lab's marker set to the names a model
    expects (``{"VSAC": "SACR", "LSHA": "LTIB"}``).

    Each OLD marker is called NEW in the copy, with its values, residuals, unit and
    description, at the same place in ``points`` (nothing reorders; every other datum is
    copied unchanged). The map applies all at once, so it may swap names. The caller's trial
    is not changed. The copy's ``notes`` gain one sentence naming the renaming.
    :func:`write_c3d` writes the new names.

    Parameters
    ----------
    trial : Trial
    mapping : dict of str to str, str or iterable of (str, str)
        OLD -> NEW marker names: a dict, the command line's text form ``"VSAC=SACR,LSHA=LTIB"``
        or (OLD, NEW) pairs.

    Returns
    -------
    Trial
        The renamed copy.

    Raises
    ------
    hipmech.InvalidArgumentError
        (a ValueError) naming ``mapping``: malformed text, an empty name, an OLD given twice,
        two OLDs mapped to one NEW, an OLD that is not a marker of the trial (the message lists
        the closest names and every marker), a NEW that another point of the trial already has.
    TypeError
        ``trial`` not a :class:`Trial`, ``mapping`` of another type or with non-str names.

    Examples
    --------
    >>> import numpy as np, hipmech
    >>> t = hipmech.io.Trial(point_rate_hz=100.0)
    >>> t.markers["VSAC"] = np.zeros((2, 3))
    >>> list(hipmech.io.rename_markers(t, "VSAC=SACR").markers)
    ['SACR']
    """
    import copy

    from ._args import marker_map

    _check_trial(trial)
    pairs = marker_map(mapping, "mapping")
    names = list(trial.points)
    renamed = _core.renamed_point_names(names, list(trial.markers), pairs, "mapping")
    out = copy.deepcopy(trial)
    for attr in ("points", "kinds", "units_original", "descriptions", "residuals"):
        old = getattr(out, attr)
        setattr(out, attr, {new: old[n] for n, new in zip(names, renamed) if n in old})
    changed = [f"{a} -> {b}" for a, b in pairs if a != b]
    if changed:
        out.notes.append("Markers renamed (marker map): " + ", ".join(changed) + ".")
    return out


#: Largest subject JSON file read_subject accepts [bytes].
_MAX_SUBJECT_JSON_BYTES = 1024 * 1024

#: Keys a subject JSON file may hold besides the parameters: descriptive, not applied by a model
#: (they are listed in ``other_parameters``).
_SUBJECT_INFO_KEYS = ("name", "id", "sex", "age_years", "notes", "comment")

#: Plausible SI ranges of subject parameters (low, high, 0 allowed as Vicon's "not given"):
#: a value outside is taken for a unit slip (mm as m, m as mm) and refused.
_PLAUSIBLE = {
    "body_mass": (2.0, 500.0, False),
    "height": (0.4, 2.6, False),
    "inter_asis_distance": (0.05, 0.6, True),
    "marker_diameter": (0.002, 0.05, True),
    "leg_length": (0.2, 1.5, False),
    "asis_trochanter_distance": (0.001, 0.3, True),
    "knee_width": (0.02, 0.3, False),
    "ankle_width": (0.02, 0.3, False),
    "sole_delta": (-0.1, 0.1, True),
}


def _subject_fields() -> list[tuple]:
    """(python_name, stem, unit, side, C3D name, .vsk name, file-to-SI factor) per field."""
    return [tuple(f) for f in _core.subject_fields()]


def _check_plausible(subject: SubjectParameters, path: str, vsk: bool) -> None:
    """ValueError naming the key (as the file spells it) and the file for a value no person
    has; NaN (not given) passes."""
    for name, stem, unit, _side, _c3d, vsk_name, factor in _subject_fields():
        value = getattr(subject, name)
        if math.isnan(value):
            continue
        key = vsk_name if vsk else name
        shown = f"{value / factor:g} {'mm' if factor != 1.0 else unit}" if vsk else f"{value:g}"
        if unit == "rad":
            if abs(value) > math.pi:
                raise ValueError(f"{path}: {key} = {shown}: expected an angle in radians within "
                                 f"+/-pi (was it given in degrees?)")
            continue
        low, high, zero_ok = _PLAUSIBLE[stem]
        if (zero_ok and value == 0.0) or low <= value <= high:
            continue
        words = stem.replace("_", " ")
        expected = (f"{low:g} to {high:g} kg" if unit == "kg" else
                    f"{low * 1e3:g} to {high * 1e3:g} mm" if vsk else f"{low:g} to {high:g} m")
        hint = ("" if unit == "kg" else " (was it given in m instead of mm?)" if vsk else
                " (was it given in mm or cm? use the key " + name[:-2] + "_mm for mm)")
        raise ValueError(f"{path}: {key} = {shown}: expected a {words} of {expected}{hint}")


def _read_subject_json(name: str) -> SubjectParameters:
    import difflib
    import json

    from ._errors import FileError

    try:
        size = os.path.getsize(name)
        if size > _MAX_SUBJECT_JSON_BYTES:
            raise FileError(f"{name}: {size} bytes; a subject file is expected to be under "
                            f"{_MAX_SUBJECT_JSON_BYTES} bytes", name)
        with open(name, encoding="utf-8") as f:
            doc = json.load(f, parse_constant=lambda c: float("nan"))
    except FileError:
        raise
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise FileError(f"{name}: not a subject file (JSON): {e}", name) from None
    except OSError as e:
        raise FileError(f"{name}: cannot read: {e.strerror or e}", name) from None
    if not isinstance(doc, dict):
        raise FileError(f"{name}: expected a JSON object of subject parameters "
                        f"({{\"body_mass_kg\": 85, ...}}), got a {type(doc).__name__}", name)
    fields_by_key: dict[str, tuple[str, float]] = {}
    for pname, stem, unit, _side, _c3d, _vsk, _factor in _subject_fields():
        fields_by_key[pname] = (pname, 1.0)
        if unit == "m":  # unit-carrying alternatives: leg_length_left_mm
            fields_by_key[pname[:-2] + "_mm"] = (pname, 1e-3)
        elif unit == "rad":
            fields_by_key[pname[:-4] + "_deg"] = (pname, math.pi / 180.0)
    subject = SubjectParameters()
    given: dict[str, str] = {}
    for key, value in doc.items():
        if key in _SUBJECT_INFO_KEYS:
            subject.other_parameters.append(key)
            continue
        if key not in fields_by_key:
            near = difflib.get_close_matches(key, list(fields_by_key) + list(_SUBJECT_INFO_KEYS),
                                             n=3)
            raise ValueError(f"{name}: unknown key {key!r}" + (
                f" (did you mean {', '.join(map(repr, near))}?)" if near else "") +
                "; keys are the fields of hipmech.io.SubjectParameters in SI units (docs: io)")
        pname, factor = fields_by_key[key]
        if pname in given:
            raise ValueError(f"{name}: {pname} given twice ({given[pname]!r} and {key!r})")
        given[pname] = key
        if value is None:
            continue  # not given: NaN
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{name}: {key} = {value!r}: expected a number (or null for "
                             f"not given)")
        if not math.isfinite(value):
            raise ValueError(f"{name}: {key} = {value!r}: expected a finite number")
        setattr(subject, pname, float(value) * factor)
        if factor != 1.0:  # the plausibility message names the key the file used
            try:
                _check_plausible(SubjectParameters(**{pname: float(value) * factor}), name,
                                 vsk=False)
            except ValueError as e:
                raise ValueError(str(e).replace(f": {pname} = ", f": {key} = ", 1)) from None
    return subject


def read_subject(path: PathLike) -> SubjectParameters:
    """Read a subject file: the measurements a model needs (leg lengths, knee and ankle widths
    ...) from a JSON file or a Vicon subject file (``.vsk``).

    **JSON** (``.json``): one object whose keys are the fields of :class:`SubjectParameters`,
    in SI units as their names say (``body_mass_kg``, ``height_m``, ``leg_length_left_m``,
    ``leg_length_right_m``, ``knee_width_left_m``, ``ankle_width_left_m``,
    ``inter_asis_distance_m``, ``asis_trochanter_distance_left_m``, ``marker_diameter_m``,
    ``thigh_rotation_left_rad`` ... and their ``_right`` twins). A length may be given in
    millimetres with the unit in the key (``leg_length_left_mm``) and an angle in degrees
    (``tibial_torsion_left_deg``). ``null`` means not given. The keys ``name``, ``id``,
    ``sex``, ``age_years``, ``notes``, ``comment`` are descriptive: kept by name in
    ``other_parameters``, not applied. Any other key is refused.

    **VSK** (``.vsk``): as :func:`read_vsk` (lengths in mm there, converted to m).

    Every value must be plausible for a person (a leg length of 0.2 to 1.5 m, a knee or ankle
    width of 20 to 300 mm, a body mass of 2 to 500 kg, an angle within +/-pi rad ...): a
    value outside is a unit slip (877 given as metres) and refused rather than used.

    Parameters
    ----------
    path : str, bytes or os.PathLike
        A ``.json`` or ``.vsk`` file.

    Returns
    -------
    SubjectParameters
        NaN where the file does not give a value; pass it to :func:`with_subject`.

    Raises
    ------
    ValueError
        Naming the key and the file: an implausible value, an unknown key (with the closest
        valid ones), a key given twice, a value that is not a number.
    hipmech.FileError
        (an OSError) naming the file: unreadable, not JSON / XML, another extension.

    Examples
    --------
    >>> import hipmech  # doctest: +SKIP
    >>> s = hipmech.io.read_subject("subject.json")  # doctest: +SKIP
    >>> trial = hipmech.io.with_subject(hipmech.io.read_c3d("Gait.c3d"), s)  # doctest: +SKIP
    """
    from ._errors import FileError

    name = os.fsdecode(path_arg(path))  # a str that opens the same file, whatever its bytes
    suffix = os.path.splitext(name)[1].lower()
    if suffix == ".vsk":
        subject = read_vsk(name)
        _check_plausible(subject, name, vsk=True)
        return subject
    if suffix == ".json":
        subject = _read_subject_json(name)
        _check_plausible(subject, name, vsk=False)
        return subject
    raise FileError(f"{name}: expected a subject file ending in .json or .vsk, got "
                    f"{suffix or 'no extension'!r}", name)


def with_subject(trial: Trial, subject: Any) -> Trial:
    """A copy of ``trial`` whose subject parameters are overridden by ``subject`` where it
    gives a value; the rest stay the trial's.

    For files without the measurements a model needs (another lab's C3D without leg lengths)
    or whose values are wrong. The caller's trial is not changed. The copy's ``notes`` gain
    one sentence naming each overridden parameter with its old and new value, and the ones
    the trial lacked.

    Parameters
    ----------
    trial : Trial
    subject : SubjectParameters, dict, or a path (str, bytes or os.PathLike)
        The parameters (NaN or absent = not given, keep the trial's): a
        :class:`SubjectParameters` (:func:`read_subject`), a dict of its fields
        (``{"leg_length_left_m": 0.877}``) or the path of a subject file.

    Returns
    -------
    Trial

    Raises
    ------
    TypeError
        A dict key that is no field of :class:`SubjectParameters`; another type.
    ValueError
        An implausible value in a dict (as :func:`read_subject`).

    Examples
    --------
    >>> import hipmech
    >>> t = hipmech.io.with_subject(hipmech.io.Trial(), {"leg_length_left_m": 0.877})
    >>> t.subject.leg_length_left_m, t.notes
    (0.877, ['Subject parameters set (the trial had none): leg_length_left_m = 0.877.'])
    """
    import copy
    from dataclasses import fields as dataclass_fields

    _check_trial(trial)
    if isinstance(subject, (str, bytes, os.PathLike)):
        subject = read_subject(subject)
    elif isinstance(subject, Mapping):
        names = {f.name for f in dataclass_fields(SubjectParameters)}
        unknown = [k for k in subject if k not in names]
        if unknown:
            raise TypeError(f"argument 'subject': {unknown[0]!r} is no field of "
                            f"hipmech.io.SubjectParameters")
        subject = SubjectParameters(**subject)
        _check_plausible(subject, "argument 'subject'", vsk=False)
    elif not isinstance(subject, SubjectParameters):
        raise TypeError("argument 'subject': expected hipmech.io.SubjectParameters "
                        "(hipmech.io.read_subject(path)), a dict of its fields or a path, got "
                        f"{type(subject).__name__}")
    out = copy.deepcopy(trial)
    overridden, added = [], []
    for pname, *_ in _subject_fields():
        new = getattr(subject, pname)
        if math.isnan(new):
            continue
        old = getattr(out.subject, pname)
        if math.isnan(old):
            added.append(f"{pname} = {new:g}")
        elif old != new:
            overridden.append(f"{pname} {old:g} -> {new:g}")
        setattr(out.subject, pname, new)
    for name in subject.other_parameters:
        if name not in out.subject.other_parameters:
            out.subject.other_parameters.append(name)
    # A value the source gave as not a number is replaced when the subject gives it.
    out.subject.invalid_parameters = [
        p for p in out.subject.invalid_parameters
        if not any(math.isfinite(getattr(subject, f[0])) and
                   p.split(" = ")[0].lower() in (f[4].lower(), f[5].lower())
                   for f in _subject_fields())] + list(subject.invalid_parameters)
    if overridden:
        out.notes.append("Subject parameters overridden: " + ", ".join(overridden) + ".")
    if added:
        out.notes.append("Subject parameters set (the trial had none): " + ", ".join(added)
                         + ".")
    return out


def _check_trial(trial: Any) -> None:
    if not isinstance(trial, Trial):
        raise TypeError(f"argument 'trial': expected a hipmech.io.Trial, got "
                        f"{type(trial).__name__}")


def read_trc(path: PathLike) -> Trial:
    """Read an OpenSim TRC marker file.

    Markers are converted to metres from the file's ``Units`` (mm, cm or m; kept in
    ``units_original``); blank or NaN cells are NaN. ``lab_axes`` is OpenSim's frame (Y up,
    X forward); the header keys are kept in ``parameters["TRC"]``. Ctrl-C interrupts a long
    read (KeyboardInterrupt within about 0.1 s).

    Raises
    ------
    hipmech.FileError
        (an OSError) naming the file and line for a malformed file.
    """
    return Trial._from_core(_core.read_trc(path_arg(path)))


def write_trc(trial: Trial, path: PathLike, *, units: str = "mm") -> None:
    """Write the markers of ``trial`` as an OpenSim TRC file in ``units`` (mm, cm or m);
    NaN becomes an empty cell, which OpenSim reads as missing."""
    _check_trial(trial)
    _core.write_trc(trial._to_core(), path_arg(path), units)


@dataclass
class Table:
    """An OpenSim storage table (MOT, STO): ``values`` is (n_rows, n_columns), one column per
    name in ``columns`` (time excluded), ``time_s`` is (n_rows,).

    Values are kept exactly as in the file: ``in_degrees`` says whether the rotational
    columns are in degrees (only the model knows which columns are rotational, so nothing is
    converted). ``header`` keeps every key=value line in order.
    """

    columns: list[str]
    time_s: np.ndarray
    values: np.ndarray
    in_degrees: bool = False
    name: str = ""
    header: list[tuple[str, str]] = field(default_factory=list)

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    def __getitem__(self, column: str) -> np.ndarray:
        """The column called ``column`` as an (n_rows,) view."""
        i = _label_index(self, self.columns, column)
        if i is None:
            raise KeyError(f"no column {column!r}; available: {_names_text(self.columns)}")
        return self.values[:, i]

    def to_dataframe(self):
        """The table as a pandas DataFrame indexed by time (pandas is optional)."""
        import pandas as pd

        return pd.DataFrame(self.values, columns=self.columns,
                            index=pd.Index(self.time_s, name="time_s"))

    def _to_core(self) -> dict:
        return {"name": self.name, "columns": list(self.columns), "time_s": self.time_s,
                "values": self.values, "in_degrees": bool(self.in_degrees),
                "header": [(str(k), str(v)) for k, v in self.header]}


def read_mot(path: PathLike) -> Table:
    """Read an OpenSim motion file (.mot): header keys, ``inDegrees``, labels, NaN cells.

    Ctrl-C interrupts a long read (KeyboardInterrupt within about 0.1 s).

    Raises
    ------
    hipmech.FileError
        (an OSError) naming the file and line for a malformed file.
    """
    return Table(**_core.read_storage(path_arg(path)))


def read_sto(path: PathLike) -> Table:
    """Read an OpenSim storage file (.sto, versions 1 and later); same layout as
    :func:`read_mot`. Ctrl-C interrupts a long read (KeyboardInterrupt within about 0.1 s)."""
    return Table(**_core.read_storage(path_arg(path)))


def _check_table(table: Any) -> None:
    if not isinstance(table, Table):
        raise TypeError(f"argument 'table': expected a hipmech.io.Table, got "
                        f"{type(table).__name__}")


def write_mot(table: Table, path: PathLike) -> None:
    """Write ``table`` as an OpenSim .mot file (``nRows``, ``nColumns`` and ``inDegrees``
    from the table)."""
    _check_table(table)
    _core.write_storage(table._to_core(), path_arg(path), False)


def write_sto(table: Table, path: PathLike) -> None:
    """Write ``table`` as an OpenSim .sto file."""
    _check_table(table)
    _core.write_storage(table._to_core(), path_arg(path), True)


@dataclass
class Keypoints2D:
    """2-D keypoints from a video pipeline, in image pixels.

    ``frames`` holds the frame numbers present in the file (gaps are not filled);
    ``points_px[name]`` is (n_frames, 2) with NaN where the keypoint is absent or below the
    confidence threshold; ``confidence[name]`` is (n_frames,), NaN where absent.

    The pose-estimation readers (:func:`read_keypoints`, docs: io-pose) also fill ``units``
    (``"px"``; ``"normalised"`` for MediaPipe fractions of the image size without an image
    size; ``"m"`` for a Sports2D metre file; y points down in all three),
    ``source_format``, ``rate_hz`` (TRC files; NaN otherwise) and ``notes`` (what the reader
    did: renamed keypoints, frames without a person, points set to NaN).
    """

    names: list[str]
    frames: np.ndarray
    points_px: dict[str, np.ndarray]
    confidence: dict[str, np.ndarray]
    image_width_px: float = _NAN
    image_height_px: float = _NAN
    units: str = "px"
    source_format: str = ""
    rate_hz: float = _NAN
    notes: list[str] = field(default_factory=list)

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    def check_isotropic(self, arg: str) -> None:
        """Raise unless x and y share one unit, as angles need: normalised MediaPipe
        coordinates (fractions of the image's width and height) distort every angle and
        obliquity unless the image is square, so an angle from them is refused, naming
        ``arg``, rather than silently distorted. Pixels and metres pass."""
        if self.units == "normalised":
            raise InvalidArgumentError(
                f"argument '{arg}': expected keypoints in pixels or metres (angles need one "
                f"unit on x and y), got normalised image coordinates from "
                f"{self.source_format or 'the reader'}: read them again with image_width_px "
                f"and image_height_px", arg, "keypoints in pixels or metres",
                "normalised image coordinates")


def read_keypoints_csv(path: PathLike, *, min_confidence: float = 0.0,
                       image_width_px: float | None = None,
                       image_height_px: float | None = None) -> Keypoints2D:
    """Read long-format keypoint CSV (columns ``frame, keypoint, x, y, confidence`` in any
    order; optional ``# image_width=``/``# image_height=`` comment lines). Ctrl-C interrupts a
    long read (KeyboardInterrupt within about 0.1 s).

    Parameters
    ----------
    min_confidence : float
        Points with a lower confidence become NaN (the confidence is kept), in [0, 1].
    image_width_px, image_height_px : float, optional
        The image size, overriding the file's comment lines.
    """
    d = _core.read_keypoints_csv(
        path_arg(path), min_confidence,
        _NAN if image_width_px is None else image_width_px,
        _NAN if image_height_px is None else image_height_px)
    names = d["names"]
    return Keypoints2D(names=names, frames=d["frames"],
                       points_px=dict(zip(names, d["points_px"])),
                       confidence=dict(zip(names, d["confidence"])),
                       image_width_px=d["image_width_px"],
                       image_height_px=d["image_height_px"])


# Readers of pose-estimation outputs (OpenPose, MediaPipe, Sports2D/Pose2Sim TRC, DeepLabCut)
from ._pose import (COCO_17, HALPE_26, KEYPOINT_NAMES, MEDIAPIPE_POSE_33,  # noqa: E402
                    OPENPOSE_BODY_25, OPENPOSE_COCO_18, read_deeplabcut, read_keypoints, read_mediapipe,
                    read_openpose, read_pose_trc, standard_keypoint_name)
