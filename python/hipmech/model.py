"""Lower-body marker models: Plug-in Gait / Conventional Gait Model 1 and ISB (docs: model).

Every segment frame uses ISB axes (X anterior, Y superior, Z to the right; Wu et al. 2002) on
both sides; joint centres and origins are in the lab frame in metres. Plug-in Gait's outputs
(hip, knee and ankle centres, segment axes, hip and knee angles) are reproduced to better than
0.001 mm and 1e-5 degrees on Vicon's own output (docs: model, validation).

>>> import numpy as np, hipmech
>>> hjc = hipmech.model.hip_joint_centre("bell", "right", inter_asis_distance_m=0.25)
>>> np.round(hjc, 4).tolist()
[-0.0475, -0.075, 0.09]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Union

import numpy as np
import numpy.typing as npt

from . import _core
from ._core import Side
from .geometry import SegmentFrames

__all__ = [
    "IsbLowerBody",
    "IsbMarkerNames",
    "LeftRight",
    "PigLowerBody",
    "PigParameters",
    "bone_marker_frames",
    "chord_function",
    "hip_joint_centre",
    "isb_lower_body",
    "joint_angles",
    "plug_in_gait",
    "plug_in_gait_static",
]

SideLike = Union[Side, str]
MarkersLike = Union[Mapping[str, npt.ArrayLike], Any]  # a dict of (n, 3) arrays or an io.Trial

_NAN = math.nan


@dataclass
class LeftRight:
    """One value per side: ``x.left``, ``x.right``, or ``x["left"]``, ``x[Side.RIGHT]``."""

    left: Any
    right: Any

    def __getitem__(self, side: SideLike) -> Any:
        if isinstance(side, str):
            s = _core.parse_side(side, "side")
        elif isinstance(side, Side):
            s = side
        else:
            raise TypeError(f"argument 'side': expected hipmech.Side or 'left'/'right', got "
                            f"{type(side).__name__}")
        return self.left if s == Side.LEFT else self.right


@dataclass
class PigParameters:
    """Plug-in Gait subject measurements [m, rad]; NaN means "not measured".

    Leg lengths (ASIS to medial malleolus), knee widths and ankle widths are required. Without
    an inter-ASIS distance the mean marker distance of the trial is used; without an
    ASIS-trochanter distance Plug-in Gait's ``0.1288 * leg_length - 0.04856`` m. The static
    offsets come from :func:`plug_in_gait_static` (Plug-in Gait "StaticPlantFlex" and
    "StaticRotOff").
    """

    leg_length_left_m: float = _NAN
    leg_length_right_m: float = _NAN
    knee_width_left_m: float = _NAN
    knee_width_right_m: float = _NAN
    ankle_width_left_m: float = _NAN
    ankle_width_right_m: float = _NAN
    inter_asis_distance_m: float = _NAN
    asis_trochanter_distance_left_m: float = _NAN
    asis_trochanter_distance_right_m: float = _NAN
    marker_diameter_m: float = 0.014
    static_plantar_flexion_left_rad: float = 0.0
    static_plantar_flexion_right_rad: float = 0.0
    static_rotation_offset_left_rad: float = 0.0
    static_rotation_offset_right_rad: float = 0.0

    @classmethod
    def from_subject(cls, subject: Any, **overrides: float) -> PigParameters:
        """From a trial's :class:`hipmech.io.SubjectParameters` (C3D ``PROCESSING`` group);
        keyword arguments override single values."""
        p = cls()
        for f in fields(cls):
            value = getattr(subject, f.name, None)
            if value is not None and not (f.name == "marker_diameter_m" and math.isnan(value)):
                setattr(p, f.name, float(value))
        for key, value in overrides.items():
            if not hasattr(p, key):
                raise TypeError(f"PigParameters has no field {key!r}")
            setattr(p, key, float(value))
        return p


@dataclass
class PigLowerBody:
    """The Plug-in Gait lower body: segment frames (ISB axes) and joint centres [m].

    ``thigh``, ``shank``, ``foot`` and the joint centres are :class:`LeftRight` pairs. The
    foot is Plug-in Gait's corrected foot (X from the ankle centre towards TOE, rotated by the
    static offsets); ``None`` when computed with ``feet=False``.
    """

    pelvis: SegmentFrames
    thigh: LeftRight
    shank: LeftRight
    foot: LeftRight | None
    hip_centre: LeftRight
    knee_centre: LeftRight
    ankle_centre: LeftRight
    parameters: PigParameters

    def hip_angles(self, side: SideLike) -> np.ndarray:
        """Hip flexion, adduction, internal rotation [rad], (n, 3): :func:`joint_angles`."""
        return joint_angles(self.pelvis.R_lab_segment, self.thigh[side].R_lab_segment, side, "hip")

    def knee_angles(self, side: SideLike) -> np.ndarray:
        """Knee flexion, adduction (varus), internal rotation [rad], (n, 3)."""
        return joint_angles(self.thigh[side].R_lab_segment, self.shank[side].R_lab_segment, side,
                            "knee")


@dataclass
class IsbMarkerNames:
    """Landmark marker names of the ISB model; ``{S}`` stands for ``L`` or ``R``."""

    lateral_epicondyle: str = "{S}KNE"
    medial_epicondyle: str = "{S}KNM"
    lateral_malleolus: str = "{S}ANK"
    medial_malleolus: str = "{S}MED"


@dataclass
class IsbLowerBody:
    """The ISB lower body (Wu et al. 2002 frames): pelvis, femur and tibia frames [m].

    ``hip_centre_pelvis`` holds each hip centre in the pelvis frame (origin mid-ASIS) [m].
    """

    pelvis: SegmentFrames
    femur: LeftRight
    tibia: LeftRight
    hip_centre: LeftRight
    hip_centre_pelvis: LeftRight
    inter_asis_distance_m: float
    pelvic_depth_m: float


def _markers(markers: MarkersLike, arg: str) -> dict[str, Any]:
    points = getattr(markers, "markers", None)  # an io.Trial: its marker view
    if points is not None and not isinstance(markers, Mapping):
        return dict(points.items())
    if isinstance(markers, Mapping):
        return dict(markers)
    raise TypeError(f"argument {arg!r}: expected a hipmech.io.Trial or a dict of (n, 3) marker "
                    f"arrays, got {type(markers).__name__}")


def _parameters(parameters: PigParameters | None, markers: MarkersLike) -> PigParameters:
    if parameters is not None:
        if not isinstance(parameters, PigParameters):
            raise TypeError("argument 'parameters': expected hipmech.model.PigParameters, got "
                            f"{type(parameters).__name__}")
        return parameters
    subject = getattr(markers, "subject", None)
    if subject is None:
        raise ValueError("argument 'parameters': expected PigParameters (leg lengths, knee and "
                         "ankle widths), got None and markers without subject parameters")
    return PigParameters.from_subject(subject)


def _frames(pair: tuple[np.ndarray, np.ndarray]) -> SegmentFrames:
    return SegmentFrames(origin=pair[0], R_lab_segment=pair[1])


def _pair(raw: dict[str, Any], key: str, conv: Any = None) -> LeftRight:
    """The ``key_left`` and ``key_right`` entries of a raw result as a LeftRight."""
    left, right = raw[f"{key}_left"], raw[f"{key}_right"]
    return LeftRight(conv(left), conv(right)) if conv else LeftRight(left, right)


def plug_in_gait(markers: MarkersLike, parameters: PigParameters | None = None, *,
                 pelvis_rear: str = "auto", feet: bool = True) -> PigLowerBody:
    """The Plug-in Gait (Conventional Gait Model 1) lower body for every frame.

    Pelvis: origin mid-ASIS, Z = RASI - LASI, X from SACR (or mid-PSIS) towards mid-ASIS. Hip
    centres: Davis et al. (1991) as Plug-in Gait computes them. Knee and ankle centres: the
    chord function (:func:`chord_function`) with offsets of half the knee / ankle width plus
    the marker radius. Thigh, shank and foot frames as in docs: model.

    Parameters
    ----------
    markers : hipmech.io.Trial or dict of str to array_like (n, 3)
        Plug-in Gait markers in metres (lab frame): LASI, RASI, SACR or LPSI and RPSI, and per
        side THI, KNE, TIB, ANK (TOE for the feet). NaN marks a missing sample: that frame of
        every output depending on it is NaN.
    parameters : PigParameters, optional
        Subject measurements; by default those of the trial (``trial.subject``).
    pelvis_rear : {"auto", "sacrum", "psis"}
        Which markers define the back of the pelvis ("auto": SACR when present).
    feet : bool
        Compute the feet (needs LTOE and RTOE).

    Returns
    -------
    PigLowerBody

    Raises
    ------
    hipmech.InvalidArgumentError
        Missing markers (the message lists them and the available ones), missing
        measurements, arrays of the wrong shape or frame count.
    """
    params = _parameters(parameters, markers)
    raw = _core.model_plug_in_gait(_markers(markers, "markers"), asdict(params), pelvis_rear,
                                   bool(feet))
    return PigLowerBody(
        pelvis=_frames(raw["pelvis"]),
        thigh=_pair(raw, "thigh", _frames),
        shank=_pair(raw, "shank", _frames),
        foot=_pair(raw, "foot", _frames) if feet else None,
        hip_centre=_pair(raw, "hip_centre"),
        knee_centre=_pair(raw, "knee_centre"),
        ankle_centre=_pair(raw, "ankle_centre"),
        parameters=PigParameters(**raw["parameters"]),
    )


def plug_in_gait_static(static_markers: MarkersLike, parameters: PigParameters | None = None, *,
                        pelvis_rear: str = "auto") -> PigParameters:
    """Plug-in Gait's static calibration: the foot offsets (and the inter-ASIS distance).

    The plantar-flexion and rotation offsets are the means over the static trial of the first
    two angles (ZYX) of the rotation from the uncorrected foot (ankle centre to TOE) to the
    static foot (HEE to TOE), as Vicon's "StaticPlantFlex" and "StaticRotOff".

    Parameters
    ----------
    static_markers : hipmech.io.Trial or dict of str to array_like (n, 3)
        The static trial: the markers of :func:`plug_in_gait` plus LHEE and RHEE [m].
    parameters : PigParameters, optional
        By default those of the static trial.

    Returns
    -------
    PigParameters
        ``parameters`` with the static offsets (and a measured inter-ASIS distance when none
        was given) filled in; pass it to :func:`plug_in_gait` for the dynamic trials.
    """
    params = _parameters(parameters, static_markers)
    raw = _core.model_plug_in_gait_static(_markers(static_markers, "static_markers"),
                                          asdict(params), pelvis_rear)
    return PigParameters(**raw)


def isb_lower_body(markers: MarkersLike, *, hip_joint_centre: str = "harrington",
                   leg_length_left_m: float = _NAN, leg_length_right_m: float = _NAN,
                   asis_trochanter_distance_left_m: float = _NAN,
                   asis_trochanter_distance_right_m: float = _NAN,
                   marker_diameter_m: float = 0.014, pelvis_rear: str = "auto",
                   names: IsbMarkerNames | None = None) -> IsbLowerBody:
    """The ISB lower body (Wu et al. 2002): pelvis, femur and tibia/fibula frames.

    Parameters
    ----------
    markers : hipmech.io.Trial or dict of str to array_like (n, 3)
        LASI, RASI, SACR or LPSI and RPSI, and per side the lateral and medial epicondyles and
        malleoli named by ``names`` [m].
    hip_joint_centre : {"harrington", "harrington_width_only", "bell", "davis"}
        The regression for the hip centres (Harrington et al. 2007 needs the leg lengths;
        Davis et al. 1991 the leg lengths and optionally the ASIS-trochanter distances).
    names : IsbMarkerNames, optional
        Landmark marker names (default CGM2's KNE/KNM, ANK/MED).

    Returns
    -------
    IsbLowerBody
    """
    n = names or IsbMarkerNames()
    raw = _core.model_isb_lower_body(
        _markers(markers, "markers"), hip_joint_centre, (leg_length_left_m, leg_length_right_m),
        (asis_trochanter_distance_left_m, asis_trochanter_distance_right_m), marker_diameter_m,
        pelvis_rear, (n.lateral_epicondyle, n.medial_epicondyle, n.lateral_malleolus,
                      n.medial_malleolus))
    return IsbLowerBody(
        pelvis=_frames(raw["pelvis"]),
        femur=_pair(raw, "femur", _frames),
        tibia=_pair(raw, "tibia", _frames),
        hip_centre=_pair(raw, "hip_centre"),
        hip_centre_pelvis=_pair(raw, "hip_centre_pelvis"),
        inter_asis_distance_m=raw["inter_asis_distance_m"],
        pelvic_depth_m=raw["pelvic_depth_m"],
    )


def hip_joint_centre(method: str, side: SideLike, *, inter_asis_distance_m: float,
                     pelvic_depth_m: float = _NAN, leg_length_m: float = _NAN,
                     mean_leg_length_m: float = _NAN, asis_trochanter_distance_m: float = _NAN,
                     marker_radius_m: float = 0.007) -> np.ndarray:
    """The hip joint centre of one side in the ISB pelvis frame [m], shape (3,).

    The pelvis frame has its origin at mid-ASIS, X anterior, Y superior, Z right.

    Parameters
    ----------
    method : {"bell", "harrington", "harrington_width_only", "davis"}
        Bell et al. (1990): (-0.19, -0.30, +/-0.36) x PW. Harrington et al. (2007): from PW,
        pelvic depth PD and leg length LL (mm): x = -0.24 PD - 9.9, y = -0.16 PW - 0.04 LL -
        7.1, z = +/-(0.28 PD + 0.16 PW + 7.9); width only: x = -0.138 PW - 10.4, y = -0.305 PW
        - 10.9, z = +/-(0.33 PW + 7.3). Davis et al. (1991) as in Plug-in Gait (needs
        ``mean_leg_length_m``; the ASIS-trochanter distance defaults to Plug-in Gait's
        regression on it).
    side : hipmech.Side or str
    inter_asis_distance_m : float
        Pelvic width PW, ASIS to ASIS [m].
    """
    if method.strip().lower() == "davis" and math.isnan(asis_trochanter_distance_m):
        if math.isnan(leg_length_m):
            leg_length_m = mean_leg_length_m
        if not math.isnan(leg_length_m):
            asis_trochanter_distance_m = 0.1288 * leg_length_m - 0.04856
    return _core.model_hip_joint_centre(method, side, inter_asis_distance_m, pelvic_depth_m,
                                        leg_length_m, mean_leg_length_m,
                                        asis_trochanter_distance_m, marker_radius_m)


def chord_function(wand: npt.ArrayLike, proximal_centre: npt.ArrayLike, lateral: npt.ArrayLike,
                   offset_m: float) -> np.ndarray:
    """Plug-in Gait's chord function: a joint centre at ``offset_m`` from the lateral marker.

    The centre J lies in the plane of the three points, at ``offset_m`` from ``lateral``, with
    a right angle at J between ``proximal_centre`` and ``lateral``, on the side away from the
    wand (Davis et al. 1991; Baker 2013).

    Parameters
    ----------
    wand, proximal_centre, lateral : array_like, shape (n, 3)
        E.g. THI, hip centre, KNE for the knee [m].
    offset_m : float
        E.g. knee width / 2 + marker radius [m].

    Returns
    -------
    numpy.ndarray, shape (n, 3)
        NaN where an input is missing or the geometry has no solution.
    """
    return _core.model_chord_function(wand, proximal_centre, lateral, float(offset_m))


def joint_angles(R_lab_proximal: npt.ArrayLike, R_lab_distal: npt.ArrayLike, side: SideLike,
                 joint: str) -> np.ndarray:
    """Clinical hip, knee or ankle angles from two ISB segment frames [rad], shape (n, 3).

    Grood & Suntay (1983) joint coordinate system (e1 proximal Z, e3 distal Y, e2 floating),
    with the signs of docs: conventions. Columns: flexion (ankle: dorsiflexion), adduction
    (knee: varus; ankle: inversion), internal rotation; positive means the same on both sides.
    Equal to Plug-in Gait's HipAngles and KneeAngles (its AnkleAngles use another sequence).

    Parameters
    ----------
    R_lab_proximal, R_lab_distal : array_like, shape (n, 3, 3)
        Pelvis and thigh (hip), thigh and shank (knee) or shank and foot (ankle) frames.
    side : hipmech.Side or str
    joint : {"hip", "knee", "ankle"}
    """
    return _core.model_joint_angles(R_lab_proximal, R_lab_distal, side, joint)


def bone_marker_frames(markers: MarkersLike, bone: str) -> SegmentFrames:
    """Segment frames (ISB axes) from the bone markers Vicon Plug-in Gait writes to its output.

    ``{bone}O`` is the segment origin and ``{bone}A``, ``{bone}L``, ``{bone}P`` lie 100 mm
    along Plug-in Gait's X (anterior), Y (left) and Z (proximal) axes; for the foot ("LFO",
    "RFO") X points up and Z from the toe to the ankle. Relabelled to ISB axes (X anterior, Y
    proximal, Z right), so they feed :func:`joint_angles` and :func:`hipmech.knee.angles`
    directly: angles recomputed from Vicon's own segment axes.

    Parameters
    ----------
    markers : io.Trial or dict of (n_frames, 3) arrays
    bone : str
        "PEL", "LFE"/"RFE" (femur), "LTI"/"RTI" (tibia), "LFO"/"RFO" (foot), ...

    Raises
    ------
    ValueError
        A bone marker is missing (the message lists the missing and available names).
    """
    points = _markers(markers, "markers")
    needed = [f"{bone}{k}" for k in "OAP"]
    if all(n in points for n in needed):
        points = {n: points[n] for n in needed}
    return _frames(_core.model_bone_marker_frames(points, str(bone)))
