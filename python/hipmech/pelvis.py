"""Pelvis angles, progression frame, contralateral pelvic drop and 2-D pelvic drop (docs: pelvis).

Angles are in radians (names without a unit suffix are radians; ``*_deg`` helpers convert).
Pelvis orientations are ``(n_frames, 3, 3)`` arrays ``R_lab_pelvis`` whose columns are the
pelvis X (anterior), Y (superior) and Z (right) axes in lab coordinates (ISB).

>>> import numpy as np, hipmech
>>> R = np.repeat(np.eye(3)[None], 4, axis=0)          # a pelvis aligned with the lab
>>> a = hipmech.pelvis.angles(R, "left", reference="lab", lab_axes=hipmech.LabAxes("Y", "X"))
>>> a.columns, float(abs(a.values).max())
(('tilt', 'obliquity', 'rotation'), 0.0)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

from . import _core, _results
from ._core import LabAxes, Side
from ._args import optional_real_number, real_array, real_number, side_name as _side_name
from ._errors import InvalidArgumentError
from ._results import ArrayResult

__all__ = [
    "CONVENTIONS",
    "Drop2D",
    "PelvisAngles",
    "Progression",
    "StanceDrop",
    "angles",
    "contralateral_drop",
    "convert",
    "detect_progression",
    "drop_2d",
    "drop_windows",
    "drops_to_dataframe",
    "rotations",
    "static_obliquity",
    "trendelenburg",
]

#: Named conventions: name -> (intrinsic sequence in ISB axes, column names). Aliases:
#: "tilt-obliquity-rotation" = "plug-in-gait", "rotation-obliquity-tilt" = "baker".
CONVENTIONS: dict[str, tuple[str, tuple[str, str, str]]] = {
    "plug-in-gait": ("ZXY", ("tilt", "obliquity", "rotation")),
    "baker": ("YXZ", ("tilt", "obliquity", "rotation")),
    "opensim": ("ZXY", ("pelvis_tilt", "pelvis_list", "pelvis_rotation")),
}
_ALIASES = {
    "plugingait": "plug-in-gait", "pig": "plug-in-gait", "cgm": "plug-in-gait",
    "tiltobliquityrotation": "plug-in-gait", "baker": "baker",
    "rotationobliquitytilt": "baker", "opensim": "opensim",
}
_SEQUENCES = ("XYZ", "XZY", "YXZ", "YZX", "ZXY", "ZYX", "XYX", "XZX", "YXY", "YZY", "ZXZ", "ZYZ")


def _convention(name: Any, arg: str) -> tuple[Optional[str], str]:
    """(convention or None for a raw sequence, sequence) from a user's name."""
    if not isinstance(name, str):
        seq = getattr(name, "name", None)  # hipmech.geometry.CardanSequence
        if seq in _SEQUENCES:
            return None, seq
        raise InvalidArgumentError(
            f"argument '{arg}': expected a convention name or a sequence such as 'ZXY', "
            f"got an object of type {type(name).__name__}", arg,
            "a convention name or a sequence such as 'ZXY'", type(name).__name__)
    key = "".join(c for c in name.lower() if c not in " -_")
    if key in _ALIASES:
        conv = _ALIASES[key]
        return conv, CONVENTIONS[conv][0]
    if key.upper() in _SEQUENCES:
        return None, key.upper()
    expected = ("'plug-in-gait' (= 'tilt-obliquity-rotation'), 'baker' "
                "(= 'rotation-obliquity-tilt'), 'opensim', or one of the 12 sequences 'XYZ'...'ZYZ'")
    raise InvalidArgumentError(f"argument '{arg}': expected {expected}, got {name!r}", arg,
                               expected, repr(name))


# --------------------------------------------------------------------------------------------
# Progression frame
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Progression:
    """An ISB-aligned progression frame: X forward along the progression, Y up, Z right.

    ``forward`` is the signed lab axis of progression ('-X', ...); ``R_lab_progression`` (3, 3)
    has the progression X, Y, Z axes as columns in lab coordinates; ``method`` says how it was
    found ('displacement', 'pelvis_orientation' or 'given'); ``displacement_m`` is the pelvis
    origin's displacement along ``forward`` [m] (NaN when not used).
    """

    forward: str
    lab_axes: LabAxes
    R_lab_progression: np.ndarray
    method: str
    displacement_m: float = math.nan

    @classmethod
    def _from_dict(cls, d: dict) -> Progression:
        return cls(forward=d["forward"], lab_axes=d["lab_axes"],
                   R_lab_progression=d["R_lab_progression"], method=d["method"],
                   displacement_m=d["displacement_m"])


def detect_progression(pelvis_origin_lab: Any = None, R_lab_pelvis: Any = None,
                       lab_axes: LabAxes | None = None, *,
                       min_displacement_m: float = 0.8,
                       forward: str | None = None) -> Progression:
    """Find the direction of progression the way Plug-in Gait does.

    The signed horizontal lab axis along which the pelvis origin moved most between its first
    and last valid frames; when it moved less than ``min_displacement_m`` (treadmill, walking
    on the spot), the mean pelvis anterior axis snapped to a lab axis decides.

    Parameters
    ----------
    pelvis_origin_lab : array_like, shape (n_frames, 3), optional
        Pelvis origin (e.g. mid-ASIS) in the lab [m]. Without it the orientation decides.
    R_lab_pelvis : array_like, shape (n_frames, 3, 3), optional
        Pelvis orientations, for the fallback.
    lab_axes : LabAxes, optional
        The lab's axes (only ``up`` is used); default Z up.
    min_displacement_m : float
        Threshold [m]; default 0.8 m (pyCGM2's value for Plug-in Gait).
    forward : str, optional
        Override: the signed lab axis of progression ('-X', '+Y', ...).

    Returns
    -------
    Progression
    """
    lab = lab_axes if lab_axes is not None else LabAxes()
    min_displacement_m = real_number(min_displacement_m, "min_displacement_m",
                                     "a distance [m]", finite=True)
    if forward is not None:
        return Progression._from_dict(_core.pelvis_progression_from_axis(forward, lab))
    if pelvis_origin_lab is None:
        if R_lab_pelvis is None:
            raise InvalidArgumentError(
                "argument 'pelvis_origin_lab': expected the pelvis origin or R_lab_pelvis "
                "(or forward=...), got None for both", "pelvis_origin_lab",
                "the pelvis origin or R_lab_pelvis (or forward=...)", "None for both")
        return Progression._from_dict(_core.pelvis_progression_from_orientation(R_lab_pelvis, lab))
    return Progression._from_dict(_core.pelvis_detect_progression(
        pelvis_origin_lab, R_lab_pelvis, lab, min_displacement_m))


# --------------------------------------------------------------------------------------------
# Angles
# --------------------------------------------------------------------------------------------

@dataclass
class PelvisAngles(ArrayResult):
    """Pelvis angles of one side, ``values`` (n_frames, 3) [rad] with named ``columns``:
    ``angles["obliquity"]`` is a column, and numpy takes a PelvisAngles as its ``values``.

    Named conventions have columns ``('tilt', 'obliquity', 'rotation')`` (Plug-in Gait and
    Baker: tilt > 0 anterior, obliquity > 0 this side higher, rotation > 0 this side forward)
    or ``('pelvis_tilt', 'pelvis_list', 'pelvis_rotation')`` (OpenSim, raw signs). A raw
    ``sequence`` gives columns ``('a1', 'a2', 'a3')`` about the sequence's axes.
    """

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    values: np.ndarray
    columns: tuple[str, str, str]
    side: Optional[str]
    sequence: str
    convention: Optional[str]
    reference: str
    progression: Optional[Progression] = None

    def _named(self, k: int) -> np.ndarray:
        if self.convention is None:
            raise AttributeError(f"raw {self.sequence} angles have columns {self.columns}; "
                                 "index them by name or use values")
        return self.values[:, k]

    @property
    def tilt_rad(self) -> np.ndarray:
        """Column 0: tilt (OpenSim: pelvis_tilt) [rad]."""
        return self._named(0)

    @property
    def obliquity_rad(self) -> np.ndarray:
        """Column 1: obliquity of ``side`` (OpenSim: pelvis_list) [rad]."""
        return self._named(1)

    @property
    def rotation_rad(self) -> np.ndarray:
        """Column 2: rotation of ``side`` (OpenSim: pelvis_rotation) [rad]."""
        return self._named(2)

    @property
    def degrees(self) -> np.ndarray:
        """``values`` in degrees (a new array)."""
        return np.rad2deg(self.values)


def _reference(reference: Any, lab: LabAxes, progression: Any, pelvis_origin_lab: Any,
               R_lab_pelvis: Any, min_displacement_m: float
               ) -> tuple[np.ndarray, str, Optional[Progression]]:
    if isinstance(reference, str):
        key = reference.lower()
        if key == "lab":
            return np.ascontiguousarray(lab.R_isb_lab.T), "lab", None
        if key == "progression":
            if isinstance(progression, Progression):
                prog = progression
            elif isinstance(progression, str):
                prog = detect_progression(lab_axes=lab, forward=progression)
            elif progression is None:
                prog = detect_progression(pelvis_origin_lab, R_lab_pelvis, lab,
                                          min_displacement_m=min_displacement_m)
            else:
                raise InvalidArgumentError(
                    "argument 'progression': expected a Progression, an axis such as '-X' or "
                    f"None, got an object of type {type(progression).__name__}", "progression",
                    "a Progression, an axis such as '-X' or None", type(progression).__name__)
            return prog.R_lab_progression, "progression", prog
        raise InvalidArgumentError(
            f"argument 'reference': expected 'progression', 'lab' or a (3, 3) R_lab_reference, "
            f"got {reference!r}", "reference", "'progression', 'lab' or a (3, 3) array",
            repr(reference))
    return (real_array(reference, "reference", "'progression', 'lab' or a (3, 3) "
                       "R_lab_reference"), "custom", None)


def angles(R_lab_pelvis: Any, side: Any = None, *, lab_axes: LabAxes | None = None,
           reference: Any = "progression", sequence: Any = "rotation-obliquity-tilt",
           progression: Any = None, pelvis_origin_lab: Any = None,
           min_displacement_m: float = 0.8) -> PelvisAngles:
    """Pelvis angles relative to the progression frame or the lab, in a named sequence.

    Parameters
    ----------
    R_lab_pelvis : array_like, shape (n_frames, 3, 3)
        Pelvis axes in the lab (columns X anterior, Y superior, Z right). NaN frames give NaN
        rows. A C-contiguous float64 array is read without a copy.
    side : Side or str
        The side whose clinical signs apply ('left'/'right'); not needed for 'opensim' and
        raw sequences.
    lab_axes : LabAxes, optional
        The lab's axes (default Z up, X forward).
    reference : {'progression', 'lab'} or array_like (3, 3)
        'progression' (default, as Plug-in Gait): the progression frame, from ``progression``
        or detected from ``pelvis_origin_lab`` (else from the pelvis orientation); 'lab': the
        ISB-aligned lab axes (forward, up, right of ``lab_axes``); or an explicit
        R_lab_reference whose columns are the reference's forward, up and right axes.
    sequence : str
        'rotation-obliquity-tilt' (= 'baker', YXZ, the default, as the shared conventions
        say), 'tilt-obliquity-rotation' (= 'plug-in-gait', ZXY: Vicon's PelvisAngles),
        'opensim' (ZXY, raw signs), or a raw sequence such as 'ZXY' (columns a1, a2, a3, no
        sign change).
    progression : Progression or str, optional
        The progression frame, or its signed lab axis ('-X').
    pelvis_origin_lab : array_like, shape (n_frames, 3), optional
        Pelvis origin [m], to detect the progression.

    Returns
    -------
    PelvisAngles
    """
    conv, seq = _convention(sequence, "sequence")
    lab = lab_axes if lab_axes is not None else LabAxes()
    min_displacement_m = real_number(min_displacement_m, "min_displacement_m",
                                     "a distance [m]", finite=True)
    R_ref, ref_name, prog = _reference(reference, lab, progression, pelvis_origin_lab,
                                       R_lab_pelvis, min_displacement_m)
    if conv is None:
        values = _core.pelvis_angles_raw(R_lab_pelvis, seq, R_ref)
        return PelvisAngles(values, ("a1", "a2", "a3"), None, seq, None, ref_name, prog)
    if conv == "opensim":
        side_name = None if side is None else _side_name(side)
        values = _core.pelvis_angles(R_lab_pelvis, side_name or "left", conv, R_ref)
    else:
        if side is None:
            raise InvalidArgumentError(
                f"argument 'side': expected 'left' or 'right' for the {conv} convention, got None",
                "side", f"'left' or 'right' for the {conv} convention", "None")
        side_name = _side_name(side)
        values = _core.pelvis_angles(R_lab_pelvis, side_name, conv, R_ref)
    return PelvisAngles(values, CONVENTIONS[conv][1], side_name, seq, conv, ref_name, prog)


def convert(angles: Any, side: Any = None, *, from_: Optional[str] = None,
            to: str = "plug-in-gait") -> PelvisAngles:
    """Convert pelvis angles of one side between conventions.

    The rotation is recomposed with the ``from_`` sequence and signs, decomposed with the
    ``to`` sequence and its signs applied (exact up to rounding away from gimbal lock).

    Parameters
    ----------
    angles : PelvisAngles or array_like, shape (n_frames, 3)
        Columns (tilt, obliquity, rotation) [rad] (OpenSim: pelvis_tilt, pelvis_list,
        pelvis_rotation). A PelvisAngles brings its own side and convention; a plain array
        carries neither, so ``from_`` (and ``side``) must then be given.
    side : Side or str
        Side of the angles (ignored when both conventions are 'opensim'); by default the
        side of a PelvisAngles.
    from_ : str, optional
        The convention of ``angles``: 'plug-in-gait' (= 'tilt-obliquity-rotation'), 'baker'
        (= 'rotation-obliquity-tilt') or 'opensim'. Required for a plain array (there is no
        default: guessing Baker for Plug-in Gait angles is off by up to about 0.5°); for a
        PelvisAngles it must be omitted or equal its convention.
    to : str
        The convention of the result, as ``from_``.

    Returns
    -------
    PelvisAngles
        The angles in ``to``: ``values`` (n_frames, 3) [rad] with that convention's columns,
        the side, sequence and convention named; the reference frame of a PelvisAngles input
        is kept ("unknown" for a plain array). numpy functions take it as its ``values``.

    Raises
    ------
    hipmech.InvalidArgumentError
        A plain array without ``from_``, a ``from_`` that contradicts a PelvisAngles, a raw
        sequence instead of a convention, no side.
    """
    reference, progression = "unknown", None
    if isinstance(angles, PelvisAngles):
        if angles.convention is None:
            raise InvalidArgumentError(
                "argument 'angles': expected angles in a named convention, got raw "
                f"{angles.sequence} angles", "angles", "angles in a named convention",
                f"raw {angles.sequence} angles")
        if from_ is not None and _convention(from_, "from_")[0] != angles.convention:
            raise InvalidArgumentError(
                f"argument 'from_': expected {angles.convention!r} (the convention of the "
                f"PelvisAngles given) or None, got {from_!r}", "from_",
                f"{angles.convention!r} or None", repr(from_))
        from_ = angles.convention
        side = angles.side if side is None else side
        reference, progression = angles.reference, angles.progression
        angles = angles.values
    elif from_ is None:
        raise InvalidArgumentError(
            "argument 'from_': expected the convention of the angles ('plug-in-gait', 'baker' "
            "or 'opensim'), got None (a plain array does not say which it is)", "from_",
            "'plug-in-gait', 'baker' or 'opensim'", "None")
    c_from, _ = _convention(from_, "from_")
    c_to, seq_to = _convention(to, "to")
    for conv, arg in ((c_from, "from_"), (c_to, "to")):
        if conv is None:
            raise InvalidArgumentError(
                f"argument '{arg}': expected 'plug-in-gait', 'baker' or 'opensim', got a raw "
                "sequence", arg, "'plug-in-gait', 'baker' or 'opensim'", "a raw sequence")
    if side is None:
        if c_from == "opensim" and c_to == "opensim":
            side = "left"
        else:
            raise InvalidArgumentError(
                "argument 'side': expected 'left' or 'right', got None", "side",
                "'left' or 'right'", "None")
    values = _core.pelvis_convert_angles(angles, side, c_from, c_to)
    side_name = None if c_to == "opensim" and c_from == "opensim" else _side_name(side)
    return PelvisAngles(values, CONVENTIONS[c_to][1], side_name, seq_to, c_to, reference,
                        progression)


def rotations(angles: Any, side: Any, convention: str = "baker") -> np.ndarray:
    """The pelvis orientations R_ref_pelvis, (n_frames, 3, 3), that (tilt, obliquity,
    rotation) angles [rad] of ``side`` describe in ``convention`` (inverse of :func:`angles`
    relative to the reference). Useful to build synthetic pelvises."""
    conv, _ = _convention(convention, "convention")
    if conv is None:
        raise InvalidArgumentError(
            "argument 'convention': expected 'plug-in-gait', 'baker' or 'opensim', got a raw "
            "sequence", "convention", "'plug-in-gait', 'baker' or 'opensim'", "a raw sequence")
    return _core.pelvis_rotations(angles, side, conv)


# --------------------------------------------------------------------------------------------
# Contralateral pelvic drop
# --------------------------------------------------------------------------------------------

@dataclass
class StanceDrop:
    """Contralateral pelvic drop of one stance of ``side`` (positive = swing side lower).

    ``stance`` and ``single_support`` are ``(side, begin, end)`` frame windows [begin, end);
    ``peak_rad`` is the largest drop during single-limb support (at ``peak_frame``,
    ``peak_percent_stance`` % of stance from foot strike = 0 % to foot off = 100 %);
    ``midstance_rad`` the drop at midstance (``midstance_frame`` may be fractional:
    interpolated). NaN where not computable, with the reason in ``note``.
    ``trendelenburg`` is None when no threshold was given or the peak is NaN.
    """

    side: str
    stance: tuple[str, int, int]
    single_support: tuple[str, int, int]
    peak_rad: float
    peak_frame: int
    peak_percent_stance: float
    midstance_rad: float
    midstance_frame: float
    midstance_percent_stance: float
    trendelenburg: Optional[bool]
    note: str = ""

    @property
    def peak_deg(self) -> float:
        return math.degrees(self.peak_rad)

    @property
    def midstance_deg(self) -> float:
        return math.degrees(self.midstance_rad)


def _windows(windows: Any, arg: str) -> list[tuple[str, int, int]]:
    if windows is None:
        return []
    out = []
    for w in windows:
        if hasattr(w, "begin") and hasattr(w, "end") and hasattr(w, "side"):
            out.append((w.side, int(w.begin), int(w.end)))
        else:
            out.append(w)  # checked in C++ (names the item)
    return out


def _own_side(carried: str, side: Any) -> str:
    """The side a result carries; a different ``side`` from the caller is an error."""
    if side is not None and _side_name(side) != carried:
        raise InvalidArgumentError(
            f"argument 'side': expected {carried!r} (the side of the angles given) or None, "
            f"got {side!r}", "side", f"{carried!r} or None", repr(side))
    return carried


def _obliquity(obliquity: Any, side: Any, arg: str = "obliquity") -> tuple[Any, Any]:
    if isinstance(obliquity, PelvisAngles):
        if obliquity.convention not in ("plug-in-gait", "baker"):
            raise InvalidArgumentError(
                "argument 'obliquity': expected Plug-in Gait or Baker angles (clinical signs), "
                f"got {obliquity.convention or 'raw ' + obliquity.sequence} angles", "obliquity",
                "Plug-in Gait or Baker angles", f"{obliquity.convention or 'raw'} angles")
        return obliquity.obliquity_rad, _own_side(obliquity.side, side)
    if isinstance(obliquity, Drop2D):
        return obliquity.obliquity_rad, _own_side(obliquity.side, side)
    arr = real_array(obliquity, arg, "an obliquity (n_frames,) or angles (n_frames, 3) [rad]")
    if arr.ndim == 2 and arr.shape[1] == 3:
        arr = arr[:, 1]  # (tilt, obliquity, rotation): the obliquity column
    if side is None:
        raise InvalidArgumentError(
            "argument 'side': expected the side of the obliquity ('left' or 'right'), got None",
            "side", "the side of the obliquity ('left' or 'right')", "None")
    return arr, side


def static_obliquity(obliquity: Any, side: Any = None) -> float:
    """Mean obliquity [rad] of a static trial (NaN frames ignored): the offset that
    :func:`contralateral_drop` subtracts with ``static=``.

    ``obliquity`` is an (n,) array, an (n, 3) angle array or a PelvisAngles; the value is the
    obliquity of the same side as the angles.
    """
    if side is None and not isinstance(obliquity, (PelvisAngles, Drop2D)):
        side = "left"  # the side only labels a bare array: the mean is the same
    arr, _ = _obliquity(obliquity, side)
    return float(_core.pelvis_static_obliquity(arr))


def contralateral_drop(obliquity: Any, side: Any = None, *, events: Any = None,
                       stances: Any = None, single_support: Any = None,
                       midstance: str = "single_support", static: Any = None,
                       trendelenburg_threshold_rad: float | None = None) -> list[StanceDrop]:
    """Contralateral pelvic drop for every stance.

    For a stance of side S (foot strike to foot off of S), the drop is the obliquity of S:
    positive when the swing side is lower. Reported per stance: the peak during single-limb
    support (the other foot's off to its next strike, inside the stance), its frame and timing
    in % stance, and the value at midstance.

    Parameters
    ----------
    obliquity : PelvisAngles, Drop2D, array_like (n_frames,) or (n_frames, 3)
        Obliquity [rad] of ``side`` (column 1 of an (n, 3) array). PelvisAngles (Plug-in Gait
        or Baker) and Drop2D bring their side.
    side : Side or str
        The side of ``obliquity`` (not the stance side: stances of both sides are reported).
    events : list or events result, optional
        Gait events: a result of :func:`hipmech.events.from_trial`, ``from_force_plates`` or
        ``from_kinematics``, or objects with ``side``, ``kind`` and ``frame`` (0-based row) or tuples
        ``(side, kind, frame)``, kind 'foot_strike' or 'foot_off'. Stances and single support
        are derived from them (see :func:`drop_windows`).
    stances, single_support : list, optional
        Instead of ``events``: windows with ``side``, ``begin``, ``end`` or tuples
        ``(side, begin, end)`` [begin, end) in frames.
    midstance : {'single_support', 'half_stance'}
        Midstance at the middle of single-limb support (default) or at 50 % of stance.
    static : float, array_like or PelvisAngles, optional
        Static-trial obliquity of the same side: a mean [rad], or a static trial whose mean
        (NaN ignored) is subtracted.
    trendelenburg_threshold_rad : float, optional
        Flag stances whose peak drop exceeds this [rad]; None: no flag.

    Returns
    -------
    list of StanceDrop
        One per stance, never dropped: NaN values carry a ``note``.
    """
    arr, side = _obliquity(obliquity, side)
    offset = 0.0
    if static is not None:
        if isinstance(static, (bool, np.bool_)):
            raise ValueError("argument 'static': expected a static obliquity [rad], a static "
                             f"trial's obliquity or PelvisAngles, got {static!r}")
        if isinstance(static, (PelvisAngles, Drop2D)):
            # A static trial's angles carry their side: mirror them to the side used here.
            sign = 1.0 if static.side == _side_name(side) else -1.0
            offset = sign * static_obliquity(static)
        elif np.ndim(static) == 0:
            offset = real_number(static, "static", "a static obliquity [rad], a static trial's "
                                 "obliquity or PelvisAngles", finite=True)
        else:
            static_arr, _ = _obliquity(static, side, "static")
            offset = float(_core.pelvis_static_obliquity(static_arr))
    threshold = optional_real_number(trendelenburg_threshold_rad, "trendelenburg_threshold_rad",
                                     "a threshold [rad] or None", finite=True)
    threshold = math.nan if threshold is None else threshold
    if events is not None:
        if stances is not None or single_support is not None:
            raise InvalidArgumentError(
                "argument 'events': expected either events or stances/single_support, got both",
                "events", "either events or stances/single_support", "both")
        from .events import _event_list  # (events imports pelvis: imported here)

        raw = _core.pelvis_contralateral_drop_events(arr, side, _event_list(events), midstance,
                                                     offset, threshold)
    else:
        if stances is None:
            raise InvalidArgumentError(
                "argument 'events': expected gait events or stance windows, got neither",
                "events", "gait events or stance windows", "neither")
        raw = _core.pelvis_contralateral_drop(arr, side, _windows(stances, "stances"),
                                              _windows(single_support, "single_support"),
                                              midstance, offset, threshold)
    return [StanceDrop(**d) for d in raw]


def drop_windows(events: Any) -> tuple[list[tuple[str, int, int]], list[tuple[str, int, int]]]:
    """(stances, single_support) windows ``(side, begin, end)`` from gait events, as
    :func:`contralateral_drop` derives them: a stance is a foot strike followed by the next
    foot off of the same foot; its single support is the other foot's swing inside it: from the
    other foot's off to that foot's next strike, clipped to the stance (walking: [other off,
    other strike); running: the whole stance, the other foot striking after this one's off).
    Both events of the other foot must be there: an off with no later strike bounds nothing,
    since a strike the events missed would hide double support (docs: pelvis, "Windows")."""
    from .events import _event_list  # (events imports pelvis: imported here)

    st, sls = _core.pelvis_drop_windows(_event_list(events))
    return list(st), list(sls)


def trendelenburg(drops: Iterable[StanceDrop], threshold_rad: float) -> list[Optional[bool]]:
    """Trendelenburg flag per stance: peak drop > ``threshold_rad`` (None where the peak is
    NaN). The threshold has no universal value in gait: see the docs (pelvis, Trendelenburg)."""
    threshold_rad = real_number(threshold_rad, "threshold_rad", "a finite angle in rad",
                                finite=True)
    return [None if math.isnan(d.peak_rad) else bool(d.peak_rad > threshold_rad) for d in drops]


def drops_to_dataframe(drops: Sequence[StanceDrop]) -> Any:
    """The per-stance drops as a pandas DataFrame (pandas is imported here, on demand), one row
    per stance, columns as the StanceDrop fields plus ``peak_deg`` and ``midstance_deg``."""
    import pandas as pd  # noqa: PLC0415  (optional dependency)

    rows = []
    for d in drops:
        row = {k: getattr(d, k) for k in d.__dataclass_fields__}
        row["peak_deg"] = d.peak_deg
        row["midstance_deg"] = d.midstance_deg
        rows.append(row)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# 2-D pelvic drop from video keypoints
# --------------------------------------------------------------------------------------------

@dataclass
class Drop2D:
    """2-D pelvic obliquity of ``side`` per frame [rad] (positive = that side higher in the
    image, whichever way the camera looks) and, when windows or events were given, the
    per-stance drops."""

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    obliquity_rad: np.ndarray
    side: str
    stances: list[StanceDrop] = field(default_factory=list)

    @property
    def obliquity_deg(self) -> np.ndarray:
        return np.rad2deg(self.obliquity_rad)


def drop_2d(left_hip_px: Any, right_hip_px: Any = None, side: Any = "left", floor: Any = None,
            windows: Any = None, *, events: Any = None, single_support: Any = None,
            midstance: str = "single_support",
            left_name: str = "left_hip", right_name: str = "right_hip") -> Drop2D:
    """Pelvic obliquity from 2-D video keypoints, side-aware, optionally per stance.

    ``obliquity(S) = atan2(height(S) - height(other), |horizontal distance|)`` with heights = -y
    (image y points down) or measured from the ``floor`` line, so a camera behind or in front
    of the subject gives the same value.

    Parameters
    ----------
    left_hip_px, right_hip_px : array_like, shape (n_frames, 2), or Keypoints2D
        Left and right hip (or PSIS) keypoints (x, y) [px]. A :class:`hipmech.io.Keypoints2D`
        as ``left_hip_px`` (and ``right_hip_px`` None) gives both by ``left_name``/``right_name``.
    side : Side or str
        The side whose obliquity is returned.
    floor : array_like, shape (2, 2), optional
        Two (x, y) points [px] on the floor line (the horizontal reference).
    windows : list, optional
        Stance windows ((side, begin, end) or objects); with ``single_support`` windows, or
        give ``events`` instead, to get per-stance drops (as :func:`contralateral_drop`).

    Returns
    -------
    Drop2D
    """
    if right_hip_px is None and hasattr(left_hip_px, "points_px"):
        kp = left_hip_px
        kp.check_isotropic("left_hip_px")
        try:
            left_hip_px, right_hip_px = kp.points_px[left_name], kp.points_px[right_name]
        except KeyError as exc:
            raise InvalidArgumentError(
                f"argument 'left_name': expected keypoints named {left_name!r} and "
                f"{right_name!r}, got {list(kp.points_px)}", "left_name",
                f"keypoints named {left_name!r} and {right_name!r}", str(list(kp.points_px))
            ) from exc
    if right_hip_px is None:
        raise InvalidArgumentError(
            "argument 'right_hip_px': expected an array of shape (n_frames, 2), got None",
            "right_hip_px", "an array of shape (n_frames, 2)", "None")
    side_name = _side_name(side)
    obl = _core.pelvis_obliquity_2d(left_hip_px, right_hip_px, side_name, floor)
    result = Drop2D(obl, side_name)
    if events is not None or windows is not None:
        result.stances = contralateral_drop(obl, side_name, events=events, stances=windows,
                                            single_support=single_support, midstance=midstance)
    return result
