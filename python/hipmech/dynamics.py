"""Inverse dynamics: body segment parameters, segment kinematics, planar and 3-D bottom-up
Newton–Euler recursions, force plates to feet, joint moments in named frames, and the whole
lower-limb pipeline for a Plug-in Gait trial (docs: dynamics).

Moments are net internal (muscle) moments acting on the distal segment unless ``external`` is
asked for; clinical components carry the per-side signs of docs: conventions (positive
flexion, adduction, internal rotation on both sides; the hip abduction moment is
``-adduction``).

>>> import numpy as np, hipmech
>>> t = hipmech.dynamics.bsp_table("de_leva_male")
>>> round(t["thigh"].mass_fraction, 4)
0.1416
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Optional, Union

import numpy as np
import numpy.typing as npt

from . import _core, _results
from ._args import (flag, integer_value, invalid_argument as _invalid, positive as _positive,
                    positive_number, real_array, real_number, side_name as _side_name)
from ._core import Side
from .geometry import SegmentFrames
from .io import Trial
from .model import PigParameters

__all__ = [
    "BSP_TABLES",
    "BspTable",
    "ExternalLoad",
    "InverseDynamics",
    "JointLoads",
    "JointMoments",
    "LegDynamics",
    "LimbSegment",
    "PlanarLoad",
    "PlanarSegment",
    "SegmentInertia",
    "SegmentMotion",
    "SegmentParameters",
    "bsp_table",
    "clinical_moments",
    "inverse_dynamics",
    "moment_per_kg",
    "moment_percent_bw_height",
    "newton_euler_2d",
    "newton_euler_3d",
    "resolve_moment",
    "segment_inertia",
    "segment_motion",
]

SideLike = Union[Side, str]

#: The body-segment-parameter tables, by the names the functions accept.
BSP_TABLES = ("de_leva_male", "de_leva_female", "dempster_winter", "dumas_male",
              "dumas_female", "plug_in_gait")


# --------------------------------------------------------------------------------------------
# Body segment parameters


@dataclass(frozen=True)
class SegmentParameters:
    """One row of a body-segment-parameter table, as fractions.

    ``com_fraction`` is the centre of mass from the proximal endpoint and the radii are about
    the X, Y, Z axes through it (ISB axes of a right-side segment), all as fractions of the
    segment length; ``product_fraction`` holds the signed products (xy, xz, yz) of Dumas et
    al. (2007), zero for the other tables.
    """

    segment: str
    proximal_endpoint: str
    distal_endpoint: str
    count: int
    mass_fraction: float
    com_fraction: np.ndarray
    gyration_fraction: np.ndarray
    product_fraction: np.ndarray


@dataclass(frozen=True)
class BspTable:
    """A body-segment-parameter table: ``table["thigh"]`` gives one row."""

    name: str
    citation: str
    rows: tuple[SegmentParameters, ...]

    def __getitem__(self, segment: str) -> SegmentParameters:
        for r in self.rows:
            if r.segment == segment:
                return r
        raise _invalid("segment", "one of " + ", ".join(repr(r.segment) for r in self.rows),
                       repr(segment))

    @property
    def segments(self) -> list[str]:
        """The segment names, in table order."""
        return [r.segment for r in self.rows]

    def to_dataframe(self) -> Any:
        """One row per segment (requires pandas): endpoints, count, mass fraction, centre of
        mass (x, y, z), radii of gyration (x, y, z) and products (xy, xz, yz)."""
        import pandas as pd

        rows = []
        for r in self.rows:
            row = {"segment": r.segment, "proximal_endpoint": r.proximal_endpoint,
                   "distal_endpoint": r.distal_endpoint, "count": r.count,
                   "mass_fraction": r.mass_fraction}
            for k, ax in enumerate("xyz"):
                row[f"com_{ax}"] = float(r.com_fraction[k])
            for k, ax in enumerate("xyz"):
                row[f"gyration_{ax}"] = float(r.gyration_fraction[k])
            for k, ax in enumerate(("xy", "xz", "yz")):
                row[f"product_{ax}"] = float(r.product_fraction[k])
            rows.append(row)
        return pd.DataFrame(rows)


def bsp_table(table: str = "dempster_winter") -> BspTable:
    """A body-segment-parameter table, re-entered from its paper.

    Parameters
    ----------
    table : {"de_leva_male", "de_leva_female", "dempster_winter", "dumas_male", "dumas_female", "plug_in_gait"}
        de Leva (1996) J Biomech 29:1223, Table 4; Dempster as tabulated by Winter (2009)
        Table 4.1; Dumas, Chèze & Verriest (2007) J Biomech 40:543, Table 2; the thigh, shank
        and foot parameters of Vicon Plug-in Gait.
    """
    d = _core.dynamics_bsp_table(table)
    rows = tuple(SegmentParameters(r["segment"], r["proximal_endpoint"], r["distal_endpoint"],
                                   int(r["count"]), float(r["mass_fraction"]),
                                   r["com_fraction"], r["gyration_fraction"],
                                   r["product_fraction"]) for r in d["rows"])
    return BspTable(d["name"], d["citation"], rows)


@dataclass(frozen=True)
class SegmentInertia:
    """Mass [kg], centre of mass in the segment frame [m], (3,), and inertia tensor about the
    centre of mass in the segment axes [kg m²], (3, 3)."""

    mass_kg: float
    com_m: np.ndarray
    inertia_kgm2: np.ndarray

    def _to_core(self) -> dict:
        return {"mass_kg": float(self.mass_kg), "com_m": self.com_m,
                "inertia_kgm2": self.inertia_kgm2}


def _inertia(d: dict) -> SegmentInertia:
    return SegmentInertia(float(d["mass_kg"]), d["com_m"], d["inertia_kgm2"])


def segment_inertia(table: str, segment: str, body_mass_kg: float, proximal_m: npt.ArrayLike,
                    distal_m: npt.ArrayLike, side: SideLike = "right") -> SegmentInertia:
    """One table row scaled to a subject, in the caller's segment frame.

    Parameters
    ----------
    table : str
        A name of :data:`BSP_TABLES`.
    segment : str
        "thigh", "shank", "foot", or another segment of the table.
    body_mass_kg : float
    proximal_m, distal_m : array_like, shape (3,)
        The table's two endpoints in the segment frame [m] (ISB axes); their distance is the
        segment length.
    side : hipmech.Side or str
        Mirrors the lateral (Z) terms of the 3-D tables for a left segment.
    """
    return _inertia(_core.dynamics_segment_inertia(table, segment, real_number(
        body_mass_kg, "body_mass_kg", "a body mass [kg]", finite=True),
                                                   proximal_m, distal_m, side))


# --------------------------------------------------------------------------------------------
# Kinematics and Newton–Euler


@dataclass(frozen=True)
class SegmentMotion:
    """Kinematics of one segment in the lab frame, each (n, 3): centre of mass [m], its
    acceleration [m/s²], angular velocity [rad/s] and angular acceleration [rad/s²]."""

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    com_m: np.ndarray
    com_acceleration_mps2: np.ndarray
    angular_velocity_radps: np.ndarray
    angular_acceleration_radps2: np.ndarray


def _rotations_and_origin(frames: Any, origin_m: Any, arg: str) -> tuple[Any, Any]:
    if isinstance(frames, SegmentFrames):
        return frames.R_lab_segment, frames.origin
    if origin_m is None:
        raise _invalid("origin_m", f"an (n, 3) array when {arg!r} is a rotation array", "None")
    return real_array(frames, arg, "SegmentFrames or rotations (n_frames, 3, 3)", ndim=3), origin_m


def segment_motion(frames: Union[SegmentFrames, npt.ArrayLike], com_local_m: npt.ArrayLike,
                   rate_hz: float, *, origin_m: Optional[npt.ArrayLike] = None) -> SegmentMotion:
    """Centre-of-mass and angular kinematics of a segment by central differences.

    ω is the axial vector of the skew part of dR/dt Rᵀ, α its derivative; the centre of mass
    is origin + R com_local and its acceleration the second central difference. Nothing is
    filtered: filter the markers first. A missing frame makes its neighbours NaN.

    Parameters
    ----------
    frames : SegmentFrames or array_like, shape (n, 3, 3)
        The segment's frames (or its rotations, with ``origin_m``).
    com_local_m : array_like, shape (3,)
        Centre of mass in the segment frame [m].
    rate_hz : float
    origin_m : array_like, shape (n, 3), optional
        Origins when ``frames`` is a rotation array.
    """
    if isinstance(frames, SegmentFrames) and origin_m is not None:
        raise _invalid("origin_m", "None when 'frames' is a SegmentFrames (it has its origins)",
                       "an array")
    R, o = _rotations_and_origin(frames, origin_m, "frames")
    d = _core.dynamics_segment_motion(R, o, com_local_m, real_number(
        rate_hz, "rate_hz", "a sampling rate [Hz]", finite=True))
    return SegmentMotion(**d)


@dataclass
class LimbSegment:
    """One segment of a 3-D chain: its frames, its inertia and the joint centre at its
    proximal end (ankle for the foot, knee for the shank, hip for the thigh), (n, 3) [m]."""

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    frames: SegmentFrames
    inertia: SegmentInertia
    proximal_joint_m: np.ndarray

    def _to_core(self) -> dict:
        d = self.inertia._to_core()
        d.update(R_lab_segment=self.frames.R_lab_segment, origin_m=self.frames.origin,
                 proximal_joint_m=self.proximal_joint_m)
        return d


@dataclass
class ExternalLoad:
    """The environment's load on the most distal segment, lab frame, each (n, 3): force on
    the body [N], the point the moment is taken about [m], and that moment [N m] (at the
    centre of pressure: the free moment)."""

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    force_n: np.ndarray
    point_m: np.ndarray
    moment_nm: np.ndarray

    @classmethod
    def zero(cls, n_frames: int) -> "ExternalLoad":
        """No load (a foot in the air) for ``n_frames`` frames."""
        z = np.zeros((int(n_frames), 3))
        return cls(z, z.copy(), z.copy())


@dataclass(frozen=True)
class JointLoads:
    """Force [N] and moment [N m] that the proximal segment exerts on the distal one at the
    joint centre, lab frame, each (n, 3): the net internal moment."""

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    force_n: np.ndarray
    moment_nm: np.ndarray


def newton_euler_3d(chain: Sequence[LimbSegment], load: ExternalLoad, rate_hz: float, *,
                    gravity_mps2: npt.ArrayLike = (0.0, 0.0, -9.81), inertial: bool = True,
                    weight: bool = True, form: str = "vector") -> list[JointLoads]:
    """Bottom-up 3-D Newton–Euler inverse dynamics of a chain, distal segment first.

    For each segment, F = m (a − g) − F_d and M = I α + ω × Iω − M_d − (P_d − c) × F_d −
    (P − c) × F (Winter 2009 ch. 5; Dumas et al. 2004), with the distal load the external
    load for the first segment and minus the previous joint's load after it.

    Parameters
    ----------
    chain : sequence of LimbSegment
        Distal first (foot, shank, thigh); every array with the same number of frames (≥ 4).
    load : ExternalLoad
        The ground reaction on ``chain[0]``.
    rate_hz : float
    gravity_mps2 : array_like, shape (3,)
        Gravity in the lab (default 9.81 m/s² down a Z-up lab).
    inertial, weight : bool
        Include the inertial terms and the segments' weights (both off: the quasi-static
        ground-reaction lever arm).
    form : {"vector", "wrench"}
        The vector form, or the wrench and quaternion form of Dumas et al. (2004). Each
        differentiates its own parameterisation of the orientation (rotation matrices or
        quaternions), so they differ by the truncation error of the central differences (O(h²));
        with the same kinematics they agree to round-off.

    Returns
    -------
    list of JointLoads
        One per segment, at its proximal joint (ankle, knee, hip).
    """
    rate = positive_number(rate_hz, "rate_hz", "Hz")
    inertial, weight = flag(inertial, "inertial"), flag(weight, "weight")
    _check_load(load, ExternalLoad)
    segs = [s._to_core() for s in chain]
    raw = _core.dynamics_newton_euler_3d(segs, load.force_n, load.point_m, load.moment_nm,
                                         rate, gravity_mps2, inertial, weight, form)
    return [JointLoads(f, m) for f, m in raw]


@dataclass
class PlanarSegment:
    """A segment of a planar chain: proximal (the joint) and distal points (n, 2) [m], mass
    [kg], centre of mass as the fraction of proximal→distal, moment of inertia about the
    centre of mass [kg m²]."""

    proximal_m: np.ndarray
    distal_m: np.ndarray
    mass_kg: float
    com_fraction: float
    inertia_kgm2: float


@dataclass
class PlanarLoad:
    """Planar ground reaction: force (n, 2) [N], point of application (n, 2) [m] and free
    moment (n,) [N m], counter-clockwise positive."""

    force_n: np.ndarray
    point_m: np.ndarray
    moment_nm: Optional[np.ndarray] = None


def newton_euler_2d(chain: Sequence[PlanarSegment], load: PlanarLoad, rate_hz: float, *,
                    gravity_mps2: npt.ArrayLike = (0.0, -9.81), inertial: bool = True,
                    weight: bool = True) -> list[tuple[np.ndarray, np.ndarray]]:
    """Planar bottom-up Newton–Euler inverse dynamics (Winter 2009, eqs. 5.3–5.5).

    Returns one (force (n, 2) [N], moment (n,) [N m]) pair per segment at its proximal joint:
    the load of the proximal segment on the distal one, counter-clockwise positive.
    """
    rate = positive_number(rate_hz, "rate_hz", "Hz")
    inertial, weight = flag(inertial, "inertial"), flag(weight, "weight")
    _check_load(load, PlanarLoad)
    segs = [asdict(s) for s in chain]
    n = np.shape(load.force_n)[0] if np.ndim(load.force_n) == 2 else 0
    moment = load.moment_nm if load.moment_nm is not None else np.zeros(n)
    return [(f, m) for f, m in _core.dynamics_newton_euler_2d(
        segs, load.force_n, load.point_m, moment, rate, gravity_mps2, inertial, weight)]


def _check_load(load: Any, kind: type) -> None:
    if not isinstance(load, kind):
        raise TypeError(f"argument 'load': expected hipmech.dynamics.{kind.__name__}, got "
                        f"{type(load).__name__}")


# --------------------------------------------------------------------------------------------
# Expressing moments


def resolve_moment(moment_nm: npt.ArrayLike, frame: str, R_lab_proximal: Any = None,
                   R_lab_distal: Any = None) -> np.ndarray:
    """A lab-frame moment (n, 3) resolved on the axes of ``frame``.

    ``"global"`` (unchanged), ``"proximal"`` or ``"distal"`` (Rᵀ M with that segment's
    rotations, (n, 3, 3)), or ``"jcs"``: the dot products with e1 = proximal Z, e2 = e3 × e1
    (normalised) and e3 = distal Y (Grood & Suntay 1983). The JCS axes are not orthogonal; the
    dot products are the components whose products with the JCS angle rates give the power.
    """
    empty = np.zeros((0, 3, 3))
    Rp = empty if R_lab_proximal is None else getattr(R_lab_proximal, "R_lab_segment",
                                                      R_lab_proximal)
    Rd = empty if R_lab_distal is None else getattr(R_lab_distal, "R_lab_segment", R_lab_distal)
    return _core.dynamics_clinical_moments(moment_nm, Rp, Rd, None, "hip", frame)


def clinical_moments(moment_nm: npt.ArrayLike, R_lab_proximal: Any, R_lab_distal: Any,
                     side: SideLike, joint: str, frame: str = "jcs") -> np.ndarray:
    """Clinical components of a joint moment [N m], (n, 3): flexion (ankle: dorsiflexion),
    adduction (knee: varus; ankle: inversion), internal rotation, with the per-side signs of
    docs: conventions.

    Parameters
    ----------
    moment_nm : array_like, shape (n, 3)
        Moment on the distal segment at the joint, lab frame (negate it first for an external
        moment, or negate the result).
    R_lab_proximal, R_lab_distal : SegmentFrames or array_like, shape (n, 3, 3)
        Pelvis/thigh (hip), thigh/shank (knee), shank/foot (ankle).
    side : hipmech.Side or str
    joint : {"hip", "knee", "ankle"}
    frame : {"jcs", "proximal", "distal"}
    """
    Rp = getattr(R_lab_proximal, "R_lab_segment", R_lab_proximal)
    Rd = getattr(R_lab_distal, "R_lab_segment", R_lab_distal)
    return _core.dynamics_clinical_moments(moment_nm, Rp, Rd, _side_name(side), joint, frame)


def moment_per_kg(moment_nm: npt.ArrayLike, body_mass_kg: float) -> np.ndarray:
    """Moment normalised to body mass [N m/kg]."""
    return real_array(moment_nm, "moment_nm") / _positive(body_mass_kg, "body_mass_kg", "kg")


def moment_percent_bw_height(moment_nm: npt.ArrayLike, body_mass_kg: float, height_m: float,
                             g_mps2: float = 9.81) -> np.ndarray:
    """Moment as a percentage of body weight × height, 100 M / (m g h) [%BW·h]."""
    m = _positive(body_mass_kg, "body_mass_kg", "kg")
    h = _positive(height_m, "height_m", "m")
    g = _positive(g_mps2, "g_mps2", "m/s^2")
    return real_array(moment_nm, "moment_nm") * (100.0 / (m * g * h))


# --------------------------------------------------------------------------------------------
# The lower-limb pipeline


@dataclass(frozen=True)
class JointMoments:
    """Loads at one joint of one leg.

    ``force_n`` and ``moment_nm`` (n, 3) are the lab-frame force and net internal moment on
    the distal segment; ``clinical_nm`` (n, 3) the clinical components (flexion, adduction,
    internal rotation; ankle: dorsiflexion, inversion, internal rotation) in the chosen frame,
    external when asked for. NaN where the foot's load or a marker is missing.
    """

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    force_n: np.ndarray
    moment_nm: np.ndarray
    clinical_nm: np.ndarray
    body_mass_kg: float
    external: bool
    frame: str = "jcs"

    def _column(self, k: int) -> np.ndarray:
        if self.frame == "global":
            raise ValueError("argument 'frame': expected 'jcs', 'proximal' or 'distal' for "
                             "clinical components, got 'global' (clinical_nm holds lab X, Y, Z)")
        return self.clinical_nm[:, k]

    @property
    def flexion_nm(self) -> np.ndarray:
        """Flexion moment (ankle: dorsiflexion) [N m], (n,); external when ``external``."""
        return self._column(0)

    @property
    def adduction_nm(self) -> np.ndarray:
        """Adduction moment (knee: varus; ankle: inversion) [N m], (n,); external when
        ``external``."""
        return self._column(1)

    @property
    def abduction_nm(self) -> np.ndarray:
        """Abduction moment [N m], (n,): minus the adduction moment. Internal by default: the
        net moment of the hip abductors, positive in stance. With ``external`` (and the
        Plug-in-Gait option) it is the external abduction moment, negative in stance."""
        return -self._column(1)

    @property
    def internal_rotation_nm(self) -> np.ndarray:
        """Internal rotation moment [N m], (n,); external when ``external``."""
        return self._column(2)

    @property
    def clinical_nm_per_kg(self) -> np.ndarray:
        """The clinical components normalised to body mass [N m/kg], (n, 3)."""
        return self.clinical_nm / self.body_mass_kg


@dataclass(frozen=True)
class LegDynamics:
    """One leg: the ankle, knee and hip loads, the segment inertia used (foot, shank, thigh)
    with the segment lengths [m], and the foot's ground reaction with each frame's source
    ("plate", "swing" (zero), "rejected" or "unknown" (NaN))."""

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    ankle: JointMoments
    knee: JointMoments
    hip: JointMoments
    inertia: tuple[SegmentInertia, SegmentInertia, SegmentInertia]
    length_m: tuple[float, float, float]
    load: ExternalLoad
    load_source: list[str]


@dataclass(frozen=True)
class InverseDynamics:
    """Result of :func:`inverse_dynamics`: ``left`` and ``right`` legs, the notes on what was
    not used and why, the plate contacts, and the settings."""

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    left: LegDynamics
    right: LegDynamics
    notes: list[str]
    contacts: list[dict]
    rejected: list[dict]
    body_mass_kg: float
    rate_hz: float
    frame: str
    external: bool
    table: str
    cutoff_hz: float

    def __getitem__(self, side: SideLike) -> LegDynamics:
        return self.left if _side_name(side) == "left" else self.right

    def to_dataframe(self) -> Any:
        """Long table (requires pandas): one row per frame, side and joint with the time [s],
        the clinical components [N m] and [N m/kg] (columns prefixed ``external_`` when the
        moments are external), and the load source. Not for ``frame="global"``."""
        import pandas as pd

        pre = "external_" if self.external else ""

        frames = []
        for side in ("left", "right"):
            leg = self[side]
            n = leg.hip.clinical_nm.shape[0]
            for joint in ("hip", "knee", "ankle"):
                j = getattr(leg, joint)
                frames.append(pd.DataFrame({
                    "frame": np.arange(n), "time_s": np.arange(n) / self.rate_hz,
                    "side": side, "joint": joint,
                    pre + "flexion_nm": j.flexion_nm, pre + "adduction_nm": j.adduction_nm,
                    pre + "internal_rotation_nm": j.internal_rotation_nm,
                    pre + "flexion_nm_per_kg": j.flexion_nm / self.body_mass_kg,
                    pre + "adduction_nm_per_kg": j.adduction_nm / self.body_mass_kg,
                    pre + "internal_rotation_nm_per_kg": j.internal_rotation_nm
                    / self.body_mass_kg,
                    "load_source": leg.load_source}))
        return pd.concat(frames, ignore_index=True)


def _leg(d: dict, mass: float, external: bool, frame: str) -> LegDynamics:
    joints = {k: JointMoments(d[k]["force_n"], d[k]["moment_nm"], d[k]["clinical_nm"], mass,
                              external, frame) for k in ("ankle", "knee", "hip")}
    return LegDynamics(inertia=tuple(_inertia(x) for x in d["inertia"]),
                       length_m=tuple(float(x) for x in d["length_m"]),
                       load=ExternalLoad(d["load_force_n"], d["load_point_m"],
                                         d["load_moment_nm"]),
                       load_source=list(d["load_source"]), **joints)


def inverse_dynamics(trial: Trial, parameters: Optional[PigParameters] = None, *,
                     body_mass_kg: Optional[float] = None, events: Any = None,
                     cutoff_hz: Optional[float] = 6.0,
                     force_cutoff_hz: Union[str, float, None] = "same", order: int = 2,
                     table: str = "dempster_winter", frame: str = "jcs",
                     external: bool = False, inertial: bool = True, cop_margin_m: float = 0.02,
                     g_mps2: float = 9.81, plug_in_gait: bool = False,
                     force_resampling: Optional[str] = None) -> InverseDynamics:
    """Hip, knee and ankle moments of both legs of a Plug-in Gait trial.

    The markers and the plate channels are low-passed with the same cut-off (Kristianslund et
    al. 2012), the Plug-in Gait lower body is built, each plate contact is assigned to a foot
    (:func:`hipmech.events.from_force_plates`; a plate loaded by both feet is flagged and not
    used), and the 3-D Newton–Euler recursion runs foot → shank → thigh on each side. A foot's
    load is the plate data during its contacts, zero in its swing phases (from ``events``),
    and NaN otherwise (on the floor off the plates, centre of pressure off the plate, rejected
    contact): those frames are NaN at every joint of that leg, never zero. ``notes`` lists
    what was not used and why.

    Parameters
    ----------
    trial : hipmech.io.Trial
        Plug-in Gait markers (with TOE), force plates.
    parameters : PigParameters, optional
        Subject measurements; by default the trial's.
    body_mass_kg : float, optional
        By default the trial's subject body mass (an error if it has none).
    events : GaitEvent list or events result, optional
        Foot strikes and offs for the swing phases; by default the file's events, or, when the
        file has none, :func:`hipmech.events.from_kinematics`.
    cutoff_hz : float or None
        Cut-off of the zero-lag Butterworth filter for markers and forces [Hz]; None: no
        filtering (the file's data as stored).
    force_cutoff_hz : "same", float or None
        The plate channels' cut-off when it must differ from the markers' (not recommended:
        Kristianslund et al. 2012); None: plate data unfiltered.
    order : int
        Order of one filter pass.
    table : str
        Segment parameters, one of :data:`BSP_TABLES`.
    frame : {"jcs", "proximal", "distal", "global"}
        Axes of the clinical components (``"global"``: lab components, no sign rules).
    external : bool
        Report external moments (the negative of the internal ones) in ``clinical_nm``.
    inertial : bool
        Include the inertial terms (False: weights and ground reaction only).
    cop_margin_m : float
        A centre of pressure further than this outside its plate makes the frame NaN [m].
    g_mps2 : float
        Gravitational acceleration [m/s²], along the trial's down axis.
    plug_in_gait : bool
        Plug-in-Gait-compatible settings: its segment parameters, external moments in the
        distal segment frame (overrides ``table``, ``frame`` and ``external``), and Vicon's
        force resampling unless ``force_resampling`` says otherwise; ``clinical_nm`` then
        holds Vicon's HipMoment / KneeMoment / AnkleMoment components (X, Y, Z) in N m, N m/kg
        after division by the body mass (Vicon writes N mm/kg). For Vicon's numbers use the
        file's markers as Vicon filtered them: ``cutoff_hz=None``.
    force_resampling : {"sample", "frame_mean"}, optional
        How the plate data are taken at each marker frame: ``"sample"`` the analog sample at
        the frame's instant (interpolated for a non-integer rate ratio), ``"frame_mean"`` the
        mean of the samples within half a frame of it, as Vicon Nexus does (docs: dynamics,
        "Force plates to frames"). Default ``"frame_mean"`` with ``plug_in_gait=True``,
        ``"sample"`` otherwise.

    Raises
    ------
    hipmech.InvalidArgumentError
        No force plates, no body mass, missing markers (listed), bad settings.
    """
    from . import events as _events
    from .model import _parameters

    if not isinstance(trial, Trial):
        raise TypeError(f"argument 'trial': expected a hipmech.io.Trial, got "
                        f"{type(trial).__name__}")
    external, inertial = flag(external, "external"), flag(inertial, "inertial")
    if flag(plug_in_gait, "plug_in_gait"):
        table, frame, external = "plug_in_gait", "distal", True
    if force_resampling is None:
        force_resampling = "frame_mean" if plug_in_gait else "sample"
    if not isinstance(force_resampling, str):
        raise TypeError(f"argument 'force_resampling': expected 'sample' or 'frame_mean', got "
                        f"{type(force_resampling).__name__}")
    mass = math.nan if body_mass_kg is None else positive_number(body_mass_kg, "body_mass_kg",
                                                                  "kg")
    g = positive_number(g_mps2, "g_mps2", "m/s^2")
    cut = math.nan if cutoff_hz is None else real_number(
        cutoff_hz, "cutoff_hz", "a cut-off [Hz] or None", finite=True)
    order = integer_value(order, "order")
    cop_margin = real_number(cop_margin_m, "cop_margin_m", "a distance [m]", finite=True)
    if isinstance(force_cutoff_hz, str):
        if force_cutoff_hz != "same":
            raise _invalid("force_cutoff_hz", "'same', a cut-off in Hz or None",
                           repr(force_cutoff_hz))
        force_cut = None
    else:
        force_cut = math.nan if force_cutoff_hz is None else real_number(
            force_cutoff_hz, "force_cutoff_hz", "'same', a cut-off [Hz] or None", finite=True)
    params = _parameters(parameters, trial)
    if events is None:
        ev = _events.from_trial(trial).events
        if not ev:
            ev = _events.from_kinematics(trial).events
    else:
        ev = _events._event_list(events)
    d = _core.dynamics_lower_limb_trial(trial._to_core(), list(trial.force_plates),
                                        asdict(params), mass, ev, cut, force_cut, order,
                                        table, frame, external, inertial, cop_margin, g,
                                        force_resampling)
    m = float(d["body_mass_kg"])
    frame = str(frame).strip().lower()
    frame = "global" if frame == "lab" else frame
    return InverseDynamics(left=_leg(d["left"], m, external, frame),
                           right=_leg(d["right"], m, external, frame),
                           notes=list(d["notes"]), contacts=list(d["contacts"]),
                           rejected=list(d["rejected"]), body_mass_kg=m,
                           rate_hz=float(d["rate_hz"]), frame=frame, external=external,
                           table=table, cutoff_hz=cut)
