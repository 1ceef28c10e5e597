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

from . import _core, _results
from ._args import flag, invalid_argument, real_number
from ._core import Side
from ._results import ArrayResult
from .geometry import SegmentFrames

__all__ = [
    "IsbLowerBody",
    "IsbMarkerNames",
    "JointAngles",
    "LeftRight",
    "PigLowerBody",
    "PigParameters",
    "bone_marker_frames",
    "chord_function",
    "chord_rotation",
    "hip_joint_centre",
    "isb_lower_body",
    "joint_angles",
    "plug_in_gait",
    "plug_in_gait_static",
]

SideLike = Union[Side, str]
MarkersLike = Union[Mapping[str, npt.ArrayLike], Any]  # a dict of (n, 3) arrays or an io.Trial

_NAN = math.nan


def _length(value: Any, arg: str) -> float:
    """A length [m] that may be NaN (not given, the default applies), never infinite."""
    expected = "a length [m] (NaN: not given)"
    v = real_number(value, arg, expected)
    if math.isinf(v):
        raise invalid_argument(arg, expected, repr(value))
    return v


def _side_text(side: SideLike) -> str:
    from ._args import side_name

    return side_name(side, "side")


@dataclass(frozen=True, eq=False)
class JointAngles(ArrayResult):
    """Angles of one joint of one side, with the convention they are in.

    ``values`` is (n_frames, 3) [rad]; numpy functions take a JointAngles as that array
    (``np.degrees(body.hip_angles("left"))``), and ``angles[:, 1]`` indexes it, while
    ``angles["adduction"]`` picks a column by name.

    Attributes
    ----------
    values : numpy.ndarray, shape (n_frames, 3)
        The angles [rad]; NaN where a frame was missing.
    columns : tuple of str
        Names of the columns, e.g. ``("flexion", "adduction", "internal_rotation")``.
    joint : str
        ``"hip"``, ``"knee"``, ``"ankle"`` or ``"foot_progression"``.
    side : str
        ``"left"`` or ``"right"``: the side whose clinical signs apply.
    convention : str
        How the angles are defined: the sequence or frame and the sign rule.
    unit : str
        ``"rad"``.
    """

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    values: np.ndarray
    columns: tuple[str, str, str]
    joint: str
    side: str
    convention: str
    unit: str = "rad"

    @property
    def degrees(self) -> np.ndarray:
        """``values`` in degrees (a new array)."""
        return np.rad2deg(self.values)


_JCS = ("Grood & Suntay (1983) joint coordinate system: e1 = proximal Z, e3 = distal Y, "
        "e2 floating; positive means the same on both sides (docs: conventions)")
_JOINT_COLUMNS = {
    "hip": ("flexion", "adduction", "internal_rotation"),
    "knee": ("flexion", "adduction", "internal_rotation"),
    "ankle": ("dorsiflexion", "inversion", "internal_rotation"),
}


@dataclass
class LeftRight:
    """One value per side: ``x.left``, ``x.right``, or ``x["left"]``, ``x[Side.RIGHT]``."""

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

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
    """Plug-in Gait subject measurements and offsets [m, rad]; NaN lengths mean "not measured".

    Leg lengths (ASIS to medial malleolus), knee widths and ankle widths are required. Without
    an inter-ASIS distance the mean marker distance of the trial is used; without an
    ASIS-trochanter distance Plug-in Gait's ``0.1288 * leg_length - 0.04856`` m. The rotation
    offsets keep Vicon's sign (positive = internal; tibial torsion negative = external):
    ``thigh_rotation`` turns the knee centre and ``shank_rotation`` the ankle centre about
    the segment's long axis (:func:`chord_function`), ``tibial_torsion`` turns the knee's
    shank frame from the ankle's, ``ankle_abduction`` turns the ankle centre about an
    antero-posterior axis through ANK. The static foot offsets come from
    :func:`plug_in_gait_static` (Plug-in Gait "StaticPlantFlex" and "StaticRotOff");
    ``sole_delta`` is the heel's height over the toe's for a flat foot there. ``notes`` says
    which values :meth:`from_subject` took as defaults and which parameters of the source the
    model does not apply (docs: model, "Subject parameters").
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
    thigh_rotation_left_rad: float = 0.0
    thigh_rotation_right_rad: float = 0.0
    shank_rotation_left_rad: float = 0.0
    shank_rotation_right_rad: float = 0.0
    tibial_torsion_left_rad: float = 0.0
    tibial_torsion_right_rad: float = 0.0
    ankle_abduction_left_rad: float = 0.0
    ankle_abduction_right_rad: float = 0.0
    sole_delta_left_m: float = 0.0
    sole_delta_right_m: float = 0.0
    notes: list[str] = field(default_factory=list)

    @classmethod
    def from_subject(cls, subject: Any, **overrides: float) -> PigParameters:
        """From subject parameters: a trial's ``trial.subject`` (C3D ``PROCESSING`` group) or
        :func:`hipmech.io.read_vsk` (a Vicon subject file).

        Every Plug-in Gait lower-body parameter the source holds is taken; a missing offset
        is 0 and a missing marker diameter 14 mm, each named in ``notes``, as is every
        parameter of the source the lower-body model does not apply (upper body, Vicon's
        static-fit outputs, other models'). Keyword arguments override single values (named
        in ``notes`` too), e.g. ``marker_diameter_m=0.014`` where a file's value is known to
        be wrong.
        """
        from .io import SubjectParameters

        if isinstance(subject, SubjectParameters):
            d = asdict(subject)
        elif isinstance(subject, Mapping):
            d = asdict(SubjectParameters(**subject))  # TypeError names an unknown key
        else:
            raise TypeError("argument 'subject': expected hipmech.io.SubjectParameters (e.g. "
                            "trial.subject or hipmech.io.read_vsk(path)) or a dict of its "
                            f"fields, got {type(subject).__name__}")
        # Every PigParameters value has a subject-parameter field of the same name: an override
        # goes into the subject, so it counts as given (no "taken as 0" note for it).
        names = {f.name for f in fields(cls)} - {"notes"}
        for key, value in overrides.items():
            if key not in names:
                raise TypeError(f"PigParameters has no field {key!r}")
            d[key] = float(value)
        p = cls(**_core.model_pig_parameters_from_subject(d))
        if overrides:
            p.notes.append("Set by the caller, overriding the subject parameters: "
                           + ", ".join(f"{k} = {float(v):g}" for k, v in overrides.items()) + ".")
        return p


@dataclass
class PigLowerBody:
    """The Plug-in Gait lower body: segment frames (ISB axes) and joint centres [m].

    ``thigh``, ``shank``, ``shank_malleolar``, ``foot`` and the joint centres are
    :class:`LeftRight` pairs. ``shank`` is the knee's shank frame (its Z the knee's flexion
    axis; Vicon's tibia, bone markers ``LTI*``), ``shank_malleolar`` the ankle's (Z through
    the malleoli; the two differ by the tibial torsion). The foot is Plug-in Gait's corrected
    foot (X from the ankle centre towards TOE, rotated by the static offsets); ``None`` when
    computed with ``feet=False``. ``notes`` says which subject parameters were defaults or not
    applied.
    """

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    pelvis: SegmentFrames
    thigh: LeftRight
    shank: LeftRight
    foot: LeftRight | None
    hip_centre: LeftRight
    knee_centre: LeftRight
    ankle_centre: LeftRight
    parameters: PigParameters
    shank_malleolar: LeftRight | None = None
    notes: list[str] = field(default_factory=list)
    lab_axes: Any = None

    def hip_angles(self, side: SideLike) -> JointAngles:
        """Hip flexion, adduction, internal rotation [rad], (n, 3): :func:`joint_angles`."""
        return joint_angles(self.pelvis.R_lab_segment, self.thigh[side].R_lab_segment, side, "hip")

    def knee_angles(self, side: SideLike) -> JointAngles:
        """Knee flexion, adduction (varus), internal rotation [rad], (n, 3)."""
        return joint_angles(self.thigh[side].R_lab_segment, self.shank[side].R_lab_segment, side,
                            "knee")

    def ankle_angles(self, side: SideLike) -> JointAngles:
        """Plug-in Gait's ankle angles [rad], (n, 3): dorsiflexion, inversion, internal
        rotation (adduction) of the foot relative to the malleolar shank, Vicon's
        ``LAnkleAngles``/``RAnkleAngles`` (Y-X-Z Cardan angles in Plug-in Gait's axes with its
        90 degree offset; docs: model, "Ankle and foot angles")."""
        if self.foot is None or self.shank_malleolar is None:
            raise ValueError("argument 'self': expected a body computed with feet=True, got "
                             "one without feet")
        values = _core.model_pig_ankle_angles(self.shank_malleolar[side].R_lab_segment,
                                              self.foot[side].R_lab_segment, side)
        return JointAngles(values, ("dorsiflexion", "inversion", "internal_rotation"), "ankle",
                           _side_text(side), "Plug-in Gait ankle: Y-X-Z Cardan angles of the "
                           "foot relative to the malleolar shank, with its 90 degree offset "
                           "(Vicon's AnkleAngles; docs: model)")

    def foot_progression_angles(self, side: SideLike, progression: Any = None) -> JointAngles:
        """Plug-in Gait's foot progression angles [rad], (n, 3): the foot relative to the
        progression frame, Vicon's ``LFootProgressAngles``/``RFootProgressAngles``; column 2
        is the clinical foot progression angle (positive = in-toeing).

        Parameters
        ----------
        side : {"left", "right"} or hipmech.Side
        progression : hipmech.pelvis.Progression, optional
            By default found the way Plug-in Gait finds it
            (:func:`hipmech.pelvis.detect_progression` on the pelvis, with the trial's lab
            axes when the body was computed from a trial).
        """
        if self.foot is None:
            raise ValueError("argument 'self': expected a body computed with feet=True, got "
                             "one without feet")
        if progression is None:
            from . import pelvis

            progression = pelvis.detect_progression(self.pelvis.origin,
                                                    self.pelvis.R_lab_segment, self.lab_axes)
        R = getattr(progression, "R_lab_progression", progression)
        values = _core.model_pig_foot_progression_angles(R, self.foot[side].R_lab_segment, side)
        return JointAngles(values, ("pitch", "roll", "internal_progression"), "foot_progression",
                           _side_text(side), "Plug-in Gait foot progression: the foot relative "
                           "to the progression frame (Vicon's FootProgressAngles); column 2 "
                           "positive = in-toeing (docs: model)")


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

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

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
    """The Plug-in Gait (Conventional Gait Model 1) lower body for every frame, as Vicon
    Nexus computes it.

    Pelvis: origin mid-ASIS, Z = RASI - LASI, X from SACR (or mid-PSIS) towards mid-ASIS. Hip
    centres: Davis et al. (1991) as Plug-in Gait computes them. Knee and ankle centres: the
    chord function (:func:`chord_function`) at (knee / ankle width + marker diameter) / 2,
    turned by the thigh / shank rotation offsets; the ankle centre then by the ankle
    ab/adduction offset. Thigh, shank (turned by the tibial torsion), malleolar shank and foot
    (static offsets) frames as in docs: model. Every subject parameter is applied; what was a
    default or is not applied is listed in ``notes``.

    Parameters
    ----------
    markers : hipmech.io.Trial or dict of str to array_like (n, 3)
        Plug-in Gait markers in metres (lab frame): LASI, RASI, SACR or LPSI and RPSI, and per
        side THI, KNE, TIB, ANK (TOE for the feet). NaN marks a missing sample: that frame of
        every output depending on it is NaN.
    parameters : PigParameters, optional
        Subject measurements and offsets; by default those of the trial
        (``PigParameters.from_subject(trial.subject)``).
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
        Missing markers (the message lists them all with their alternatives, "'SACR', or
        both 'LPSI' and 'RPSI'", and the available ones, and suggests a marker map for
        :func:`hipmech.io.rename_markers` when another lab's names are present, e.g.
        ``marker_map={'VSAC': 'SACR'}``), missing measurements (named as the subject
        parameter in every source, with :func:`hipmech.io.with_subject` and ``--subject`` to
        give them), an offset that is not finite or beyond +/-pi (named, e.g.
        ``thigh_rotation_rad[left]``), arrays of the wrong shape or frame count.
    """
    feet = flag(feet, "feet")
    points = _markers(markers, "markers")
    params = _parameters(parameters, markers)
    raw = _core.model_plug_in_gait(points, asdict(params), pelvis_rear, feet)
    return PigLowerBody(
        pelvis=_frames(raw["pelvis"]),
        thigh=_pair(raw, "thigh", _frames),
        shank=_pair(raw, "shank", _frames),
        foot=_pair(raw, "foot", _frames) if feet else None,
        hip_centre=_pair(raw, "hip_centre"),
        knee_centre=_pair(raw, "knee_centre"),
        ankle_centre=_pair(raw, "ankle_centre"),
        parameters=PigParameters(**raw["parameters"]),
        shank_malleolar=_pair(raw, "shank_malleolar", _frames),
        notes=list(raw["notes"]),
        lab_axes=getattr(markers, "lab_axes", None),
    )


def plug_in_gait_static(static_markers: MarkersLike, parameters: PigParameters | None = None, *,
                        pelvis_rear: str = "auto", flat_foot: Any = False,
                        up: str | None = None) -> PigParameters:
    """Plug-in Gait's static calibration: the foot offsets (and the inter-ASIS distance).

    The plantar-flexion and rotation offsets are the means over the static trial of the first
    two angles (ZYX) of the rotation from the uncorrected foot (ankle centre to TOE) to the
    static foot (HEE to TOE), as Vicon's "StaticPlantFlex" and "StaticRotOff". The joint
    centres use every offset in ``parameters`` (thigh and shank rotation, tibial torsion).

    Parameters
    ----------
    static_markers : hipmech.io.Trial or dict of str to array_like (n, 3)
        The static trial: the markers of :func:`plug_in_gait` plus LHEE and RHEE [m].
    parameters : PigParameters, optional
        By default those of the static trial.
    pelvis_rear : {"auto", "sacrum", "psis"}
    flat_foot : bool, or (bool, bool) for (left, right)
        Plug-in Gait's "foot flat" option: the feet stood flat in the static trial, so the
        heel marker is taken at the toe marker's height (plus ``sole_delta``) before the
        offsets are measured. Vicon does not store this option in the files; ask the lab.
    up : str, optional
        The lab's up axis ("+Z", ...) for ``flat_foot``; by default the trial's
        (``lab_axes.up``), "+Z" for a dict of markers.

    Returns
    -------
    PigParameters
        ``parameters`` with the static offsets (and a measured inter-ASIS distance when none
        was given) filled in; pass it to :func:`plug_in_gait` for the dynamic trials.
    """
    params = _parameters(parameters, static_markers)
    if isinstance(flat_foot, (bool, np.bool_)):
        flat = (bool(flat_foot), bool(flat_foot))
    elif isinstance(flat_foot, (tuple, list)) and len(flat_foot) == 2 and all(
            isinstance(x, (bool, np.bool_)) for x in flat_foot):
        flat = (bool(flat_foot[0]), bool(flat_foot[1]))
    else:
        raise TypeError("argument 'flat_foot': expected a bool or a (left, right) pair of bool, "
                        f"got {flat_foot!r}")
    if up is None:
        lab = getattr(static_markers, "lab_axes", None)
        up = str(lab.up) if lab is not None else "+Z"
    raw = _core.model_plug_in_gait_static(_markers(static_markers, "static_markers"),
                                          asdict(params), pelvis_rear, flat, str(up))
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
    leg = (_length(leg_length_left_m, "leg_length_left_m"),
           _length(leg_length_right_m, "leg_length_right_m"))
    asis_troch = (_length(asis_trochanter_distance_left_m, "asis_trochanter_distance_left_m"),
                  _length(asis_trochanter_distance_right_m, "asis_trochanter_distance_right_m"))
    diameter = real_number(marker_diameter_m, "marker_diameter_m", "a diameter [m]", finite=True)
    raw = _core.model_isb_lower_body(
        _markers(markers, "markers"), hip_joint_centre, leg, asis_troch, diameter, pelvis_rear,
        (n.lateral_epicondyle, n.medial_epicondyle, n.lateral_malleolus, n.medial_malleolus))
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
    if not isinstance(method, str):
        raise TypeError(f"argument 'method': expected 'bell', 'harrington', "
                        f"'harrington_width_only' or 'davis', got {type(method).__name__}")
    inter_asis_distance_m = real_number(inter_asis_distance_m, "inter_asis_distance_m",
                                        "a distance [m]", finite=True)
    pelvic_depth_m = _length(pelvic_depth_m, "pelvic_depth_m")
    leg_length_m = _length(leg_length_m, "leg_length_m")
    mean_leg_length_m = _length(mean_leg_length_m, "mean_leg_length_m")
    asis_trochanter_distance_m = _length(asis_trochanter_distance_m,
                                         "asis_trochanter_distance_m")
    marker_radius_m = real_number(marker_radius_m, "marker_radius_m", "a radius [m]",
                                  finite=True)
    if method.strip().lower() == "davis" and math.isnan(asis_trochanter_distance_m):
        if math.isnan(leg_length_m):
            leg_length_m = mean_leg_length_m
        if not math.isnan(leg_length_m):
            asis_trochanter_distance_m = 0.1288 * leg_length_m - 0.04856
    return _core.model_hip_joint_centre(method, side, inter_asis_distance_m, pelvic_depth_m,
                                        leg_length_m, mean_leg_length_m,
                                        asis_trochanter_distance_m, marker_radius_m)


def chord_function(wand: npt.ArrayLike, proximal_centre: npt.ArrayLike, lateral: npt.ArrayLike,
                   offset_m: float, rotation_rad: float = 0.0) -> np.ndarray:
    """Plug-in Gait's chord function: a joint centre at ``offset_m`` from the lateral marker.

    The centre J lies at ``offset_m`` from ``lateral``, with a right angle at J between
    ``proximal_centre`` and ``lateral`` (Davis et al. 1991; Baker 2013). With
    ``rotation_rad = 0`` it lies in the plane of the three points, on the side away from the
    wand; otherwise the signed angle about J -> ``proximal_centre`` from J -> ``lateral`` to
    the wand's projection is ``rotation_rad`` (Plug-in Gait's thigh and shank rotation
    offsets: ``+offset`` on the left, ``-offset`` on the right; docs: model). Solved in closed
    form.

    Parameters
    ----------
    wand, proximal_centre, lateral : array_like, shape (n, 3)
        E.g. THI, hip centre, KNE for the knee [m].
    offset_m : float
        E.g. (knee width + marker diameter) / 2 [m].
    rotation_rad : float
        Rotation offset in [-pi, pi] [rad].

    Returns
    -------
    numpy.ndarray, shape (n, 3)
        NaN where an input is missing or the geometry has no solution.
    """
    return _core.model_chord_function(
        wand, proximal_centre, lateral, real_number(offset_m, "offset_m", "a distance [m]",
                                                    finite=True),
        real_number(rotation_rad, "rotation_rad", "an angle [rad]", finite=True))


def chord_rotation(side: SideLike, offset_rad: float) -> float:
    """Plug-in Gait's thigh or shank rotation offset of a side (Vicon's ``LThighRotation``,
    ``RShankRotation`` ..., positive = internal) as the ``rotation_rad`` of
    :func:`chord_function`: ``+offset`` on the left, ``-offset`` on the right (mirror images).

    >>> import hipmech
    >>> hipmech.model.chord_rotation("right", 0.1)
    -0.1
    """
    return _core.model_chord_rotation(side, real_number(offset_rad, "offset_rad",
                                                        "an angle [rad]", finite=True))


def joint_angles(R_lab_proximal: npt.ArrayLike, R_lab_distal: npt.ArrayLike, side: SideLike,
                 joint: str) -> np.ndarray:
    """Clinical hip, knee or ankle angles from two ISB segment frames [rad], shape (n, 3).

    Grood & Suntay (1983) joint coordinate system (e1 proximal Z, e3 distal Y, e2 floating),
    with the signs of docs: conventions. Columns: flexion (ankle: dorsiflexion), adduction
    (knee: varus; ankle: inversion), internal rotation; positive means the same on both sides.
    Equal to Plug-in Gait's HipAngles and KneeAngles (its AnkleAngles use another sequence).

    Parameters
    ----------
    R_lab_proximal, R_lab_distal : SegmentFrames or array_like, shape (n, 3, 3)
        Pelvis and thigh (hip), thigh and shank (knee) or shank and foot (ankle) frames: a
        :class:`hipmech.geometry.SegmentFrames` or its rotations ``R_lab_segment``.
    side : hipmech.Side or str
    joint : {"hip", "knee", "ankle"}

    Returns
    -------
    JointAngles
        ``values`` (n, 3) [rad]; columns flexion, adduction (knee: varus), internal rotation
        (ankle: dorsiflexion, inversion, internal rotation); the JCS convention named.
    """
    R_p = getattr(R_lab_proximal, "R_lab_segment", R_lab_proximal)
    R_d = getattr(R_lab_distal, "R_lab_segment", R_lab_distal)
    values = _core.model_joint_angles(R_p, R_d, side, joint)
    j = str(joint).strip().lower()
    columns = _JOINT_COLUMNS.get(j, ("a1", "a2", "a3"))
    return JointAngles(values, columns, j, _side_text(side), _JCS)


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
