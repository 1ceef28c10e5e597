"""The hip: Pauwels' static model of single-leg stance, quasi-static ground-reaction
lever-arm moments, and isometric dynamometer torque for hip-abductor strength (docs: hip).

>>> import hipmech
>>> r = hipmech.hip.pauwels(body_mass_kg=58.7)  # Pauwels' own subject and geometry
>>> round(r.hip_force_bw, 2), round(r.hip_force_angle_deg, 1)
(3.01, 15.4)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Optional, Sequence, Union

import numpy as np
import numpy.typing as npt

from . import _core, _results
from ._args import (integer_value, invalid_argument as _invalid, positive as _positive,
                    real_array, real_number, real_numbers, side_name as _side_name)
from ._core import Side
from ._results import ArrayResult

__all__ = [
    "DynamometerSetup",
    "LeverArmMoment",
    "Mvic",
    "PAUWELS_DEFAULTS",
    "PauwelsResult",
    "Plateau",
    "SideTrials",
    "TrialSummary",
    "WindowRtd",
    "analyse_mvic",
    "dynamometer_torque",
    "gravity_torque",
    "summarise_sides",
    "torque_per_kg",
    "torque_per_kg_m",
    "torque_percent_bw_height",
    "abductor_line_from_points",
    "cane_force_for_zero_abductor",
    "grf_lever_arm_moment",
    "partial_body_lever_arm_from_hip_centres",
    "pauwels",
    "point_after_pelvic_drop",
]

SideLike = Union[Side, str]

#: The defaults of :func:`pauwels`: Pauwels' (1965) values for the Braune & Fischer subject.
PAUWELS_DEFAULTS: dict = dict(_core.hip_pauwels_defaults())


@dataclass(frozen=True)
class PauwelsResult:
    """Result of :func:`pauwels`, in the stance limb's frontal plane (x medial, y up).

    Forces in newtons and as ratios to body weight (``*_bw``) and to the partial body weight
    S5 (``*_per_partial``, Pauwels' ratios). ``hip_force_n`` (2,) is the force on the femoral
    head (medial, superior components); ``hip_force_angle_rad`` its angle from the vertical,
    positive when its upper end lies medial. The lever arms and angle are those used (after a
    pelvic drop).
    """

    body_weight_n: float
    partial_body_weight_n: float
    abductor_force_n: float
    hip_force_n: np.ndarray
    hip_force_magnitude_n: float
    hip_force_angle_rad: float
    abductor_force_bw: float
    hip_force_bw: float
    abductor_force_per_partial: float
    hip_force_per_partial: float
    partial_body_lever_arm_m: float
    abductor_lever_arm_m: float
    abductor_angle_rad: float
    #: The frame of the vector components: the stance limb's frontal plane.
    frame: str = "stance limb frontal plane: x medial, y superior"
    #: ``hip_force_n`` is the force on the femoral head (from the acetabulum).
    acts_on: str = "femoral head"

    @property
    def hip_force_angle_deg(self) -> float:
        """Angle of the hip force from the vertical [deg]."""
        return math.degrees(self.hip_force_angle_rad)

    @property
    def hip_force_percent_bw(self) -> float:
        """The hip force magnitude as a percentage of body weight (Bergmann et al. 2016 report %BW)."""
        return 100.0 * self.hip_force_bw


def _input(**kwargs: Any) -> dict:
    d = {}
    for k, v in kwargs.items():
        if v is None:
            continue
        d[k] = real_number(v, k, "a finite number", finite=True)
    return d


def pauwels(body_mass_kg: float, *, stance_limb_mass_fraction: Optional[float] = None,
            partial_body_lever_arm_m: Optional[float] = None,
            abductor_lever_arm_m: Optional[float] = None,
            abductor_angle_rad: Optional[float] = None, cane_force_n: float = 0.0,
            cane_lever_arm_m: float = 0.0, pelvic_drop_rad: float = 0.0,
            partial_body_com_height_m: Optional[float] = None, g_mps2: Optional[float] = None,
            partial_body_com_m: Optional[npt.ArrayLike] = None,
            abductor_origin_m: Optional[npt.ArrayLike] = None,
            abductor_insertion_m: Optional[npt.ArrayLike] = None) -> PauwelsResult:
    """Pauwels' static model of single-leg stance (Pauwels 1965/1980).

    The body above the stance hip (weight S5 = body weight − stance limb) is held in the
    frontal plane by the abductors: M a = S5 h − C c, and the femoral head carries
    R = S5 + C + M as vectors. Pauwels' own numbers give R = 3.0 × body weight at 15.4° from
    the vertical; in vivo one-leg-stance loads are lower, 261 ± 29 %BW (Bergmann et al. 2016,
    docs: hip).

    Parameters
    ----------
    body_mass_kg : float
    stance_limb_mass_fraction : float, optional
        Mass of the stance leg / body mass (default 0.18635, Braune & Fischer).
    partial_body_lever_arm_m : float, optional
        h: horizontal distance from the stance hip centre to S5's line, medial (default
        0.1099 m). :func:`partial_body_lever_arm_from_hip_centres` derives it from the hip
        centres.
    abductor_lever_arm_m : float, optional
        a: perpendicular distance from the hip centre to the abductor line (default 0.040 m).
    abductor_angle_rad : float, optional
        θ: the abductor line from the vertical, positive with its upper end medial (default
        21°).
    cane_force_n, cane_lever_arm_m : float
        An upward cane force in the contralateral hand [N] and its horizontal distance from
        the stance hip centre, medial [m].
    pelvic_drop_rad : float
        Contralateral pelvic drop (swing side lower, positive): the pelvis and upper body turn
        about the stance hip, moving S5's centre of mass medially (needs its height,
        ``partial_body_com_height_m``, default 0.1614 m) and, with points given, the abductor
        origin.
    partial_body_com_m, abductor_origin_m, abductor_insertion_m : array_like (2,), optional
        The geometry as points (medial, superior) from the stance hip centre [m], pelvis
        level; all three together replace h, a and θ.
    g_mps2 : float, optional
        Default 9.81 m/s².

    Raises
    ------
    hipmech.InvalidArgumentError
        (a ValueError) naming the field: non-positive mass or lever arm, a fraction outside
        (0, 1), an angle of 90° or more, a cane that would make the abductors push, NaN.
    """
    d = _input(body_mass_kg=body_mass_kg, stance_limb_mass_fraction=stance_limb_mass_fraction,
               partial_body_lever_arm_m=partial_body_lever_arm_m,
               abductor_lever_arm_m=abductor_lever_arm_m, abductor_angle_rad=abductor_angle_rad,
               cane_force_n=cane_force_n, cane_lever_arm_m=cane_lever_arm_m,
               pelvic_drop_rad=pelvic_drop_rad,
               partial_body_com_height_m=partial_body_com_height_m, g_mps2=g_mps2)
    given = [p is not None for p in (partial_body_com_m, abductor_origin_m, abductor_insertion_m)]
    points = None
    if any(given):
        if not all(given):
            names = ("partial_body_com_m", "abductor_origin_m", "abductor_insertion_m")
            missing = names[given.index(False)]
            raise _invalid(missing, "a point (medial, superior) [m] with the other two of "
                           + ", ".join(names) + " (all three or none)", "None")
        points = {"partial_body_com_m": partial_body_com_m,
                  "abductor_origin_m": abductor_origin_m,
                  "abductor_insertion_m": abductor_insertion_m}
    return PauwelsResult(**_core.hip_pauwels(d, points))


def cane_force_for_zero_abductor(body_mass_kg: float, cane_lever_arm_m: float,
                                 **kwargs: Any) -> float:
    """The contralateral cane force [N] at which Pauwels' abductor force falls to zero,
    S5 h / c (the other inputs as in :func:`pauwels`)."""
    allowed = {"stance_limb_mass_fraction", "partial_body_lever_arm_m", "abductor_lever_arm_m",
               "abductor_angle_rad", "pelvic_drop_rad", "partial_body_com_height_m", "g_mps2"}
    unknown = sorted(set(kwargs) - allowed)
    if unknown:
        raise _invalid(unknown[0], "one of " + ", ".join(sorted(allowed)), "an unknown keyword")
    d = _input(body_mass_kg=body_mass_kg, cane_lever_arm_m=cane_lever_arm_m, **kwargs)
    return float(_core.hip_cane_force_for_zero_abductor(d))


def partial_body_lever_arm_from_hip_centres(hip_centre_distance_m: float,
                                            stance_limb_mass_fraction: float = 0.18635) -> float:
    """Lever arm h of S5 from the distance between the hip centres [m]: with the body's centre
    of mass midway between them and the stance leg's below its hip, h = d / (2 (1 − f))."""
    return float(_core.hip_partial_body_lever_arm_from_hip_centres(
        real_number(hip_centre_distance_m, "hip_centre_distance_m", "a distance [m]",
                    finite=True),
        real_number(stance_limb_mass_fraction, "stance_limb_mass_fraction", "a fraction",
                    finite=True)))


def abductor_line_from_points(origin_m: npt.ArrayLike,
                              insertion_m: npt.ArrayLike) -> tuple[float, float]:
    """(lever arm [m], angle from the vertical [rad]) of the line from the abductor origin to
    its insertion, both (medial, superior) from the stance hip centre [m]. The lever arm is
    positive when the line passes lateral of the hip; the angle positive with the origin
    medial of the insertion."""
    a, t = _core.hip_abductor_line_from_points({"origin_m": origin_m, "insertion_m": insertion_m})
    return float(a), float(t)


def point_after_pelvic_drop(point_m: npt.ArrayLike, pelvic_drop_rad: float) -> np.ndarray:
    """A point (medial, superior) fixed to the pelvis, after a contralateral pelvic drop about
    the stance hip centre [m]."""
    return _core.hip_point_after_pelvic_drop(
        {"point_m": real_array(point_m, "point_m", "a point (medial, superior) [m]")},
        real_number(pelvic_drop_rad, "pelvic_drop_rad", "an angle [rad]", finite=True))


@dataclass(frozen=True, eq=False)
class LeverArmMoment(ArrayResult):
    """Result of :func:`grf_lever_arm_moment`: ``values`` (n, 3) [N m] with what they mean.

    numpy takes it as ``values`` (``np.linalg.norm(m, axis=1)``); ``m[:, 0]`` indexes it.

    Attributes
    ----------
    values : numpy.ndarray, shape (n_frames, 3)
        The moment [N m]; NaN in frames with a missing input.
    columns : tuple of str
        ``("x", "y", "z")``: lab axes.
    frame : str
        ``"lab"``: resolve it on a segment or joint frame with
        :func:`hipmech.dynamics.clinical_moments`.
    external : bool
        False: the internal moment on the distal segment (docs: conventions); True: external.
    unit : str
        ``"N m"``.
    """

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    values: np.ndarray
    columns: tuple[str, str, str] = ("x", "y", "z")
    frame: str = "lab"
    external: bool = False
    unit: str = "N m"


def grf_lever_arm_moment(force_n: npt.ArrayLike, cop_m: npt.ArrayLike,
                         joint_centre_m: npt.ArrayLike,
                         free_moment_nm: Optional[npt.ArrayLike] = None, *,
                         external: bool = False) -> LeverArmMoment:
    """Quasi-static joint moment from the ground reaction alone, lab frame [N m], (n, 3).

    M_external = (c − j) × F + T, with c the centre of pressure, j the joint centre, F the
    ground reaction and T the free moment; the internal moment (default) is its negative. It
    neglects the weight and inertia of the segments below the joint; docs: hip gives its error
    against full inverse dynamics on the ISB benchmark. Resolve it on a frame with
    :func:`hipmech.dynamics.clinical_moments`.

    Returns
    -------
    LeverArmMoment
        ``values`` (n, 3) [N m] in the lab frame, ``external`` saying which moment it is.
    """
    values = _core.hip_grf_lever_arm_moment(force_n, cop_m, joint_centre_m, free_moment_nm,
                                            bool(external))
    return LeverArmMoment(values, external=bool(external))


# --------------------------------------------------------------------------------------------
# Isometric dynamometry


@dataclass(frozen=True)
class DynamometerSetup:
    """How the dynamometer was applied.

    Attributes
    ----------
    lever_arm_m : float
        Greater trochanter (the hip's axis) to the centre of the pad [m].
    limb_mass_kg, limb_com_distance_m : float
        Mass of the limb moved and its centre of mass from the hip [m], for the gravity
        correction (e.g. Winter 2009 Table 4.1, "total leg": 0.161 × body mass at 0.447 of the
        leg length).
    limb_angle_rad : float
        Angle of the limb above the horizontal [rad].
    gravity : {"none", "opposes", "assists"}
        Side-lying or standing abduction works against the limb's weight ("opposes": its
        torque is added); supine testing is gravity-neutral ("none").
    gravity_mps2 : float
    """

    lever_arm_m: float
    limb_mass_kg: float = 0.0
    limb_com_distance_m: float = 0.0
    limb_angle_rad: float = 0.0
    gravity: str = "none"
    gravity_mps2: float = 9.81

    def _to_core(self) -> dict:
        d: dict[str, Any] = {
            k: real_number(getattr(self, k), f"setup.{k}", "a finite number", finite=True)
            for k in ("lever_arm_m", "limb_mass_kg", "limb_com_distance_m", "limb_angle_rad",
                      "gravity_mps2")}
        d["gravity"] = str(self.gravity)
        return d


def _setup(setup: Any) -> DynamometerSetup:
    if isinstance(setup, DynamometerSetup):
        return setup
    return DynamometerSetup(lever_arm_m=real_number(
        setup, "setup", "a DynamometerSetup or a lever arm in m", finite=True))


def dynamometer_torque(force_n: npt.ArrayLike, setup: Union[DynamometerSetup, float]) -> np.ndarray:
    """Hip torque from a dynamometer force series [N m], (n,).

    T = F L + the weight correction: + m g d cos θ when gravity opposes the movement,
    − m g d cos θ when it assists (Winter, Wells & Orr 1981, Eur J Appl Physiol 46:397). NaN
    samples stay NaN.

    Parameters
    ----------
    force_n : array_like, shape (n,)
        Force on the pad [N].
    setup : DynamometerSetup or float
        The setup, or just the lever arm [m] (no gravity correction).
    """
    return _core.hip_dynamometer_torque(np.atleast_1d(real_array(force_n, "force_n")),
                                        _setup(setup)._to_core())


def gravity_torque(setup: DynamometerSetup) -> float:
    """The gravity correction a setup adds to F L [N m] (0 for gravity "none")."""
    return float(_core.hip_gravity_torque(_setup(setup)._to_core()))


@dataclass(frozen=True)
class Plateau:
    """The highest mean torque over ``window_s`` seconds: samples [begin, end)."""

    window_s: float
    mean_nm: float
    begin: int
    end: int


@dataclass(frozen=True)
class WindowRtd:
    """Mean rate of torque development from the onset over ``window_ms``."""

    window_ms: float
    rtd_nm_per_s: float
    torque_at_end_nm: float


@dataclass(frozen=True)
class Mvic:
    """Result of :func:`analyse_mvic`. Times count from the first sample; NaN and -1 mark what
    could not be found and ``note`` says why."""

    peak_nm: float
    peak_sample: int
    peak_time_s: float
    plateaus: list[Plateau]
    rtd: list[WindowRtd]
    baseline_nm: float
    baseline_sd_nm: float
    onset_level_nm: float
    onset_sample: int
    onset_time_s: float
    time_to_peak_s: float
    peak_rtd_nm_per_s: float
    peak_rtd_begin: int
    peak_rtd_window_s: float
    note: str

    def plateau(self, window_s: float) -> Plateau:
        """The plateau of that duration."""
        for p in self.plateaus:
            if p.window_s == window_s:
                return p
        raise _invalid("window_s", "one of " + ", ".join(str(p.window_s) for p in self.plateaus),
                       repr(window_s))


def analyse_mvic(torque_nm: npt.ArrayLike, rate_hz: float, *, baseline_begin_s: float = 0.0,
                 baseline_duration_s: float = 0.5, onset_rule: str = "above_baseline",
                 onset_threshold: float = 1.0, onset_sample: Optional[int] = None,
                 plateau_windows_s: Sequence[float] = (1.0, 0.5),
                 rtd_windows_ms: Sequence[float] = (50.0, 100.0, 200.0),
                 peak_rtd_window_ms: float = 20.0) -> Mvic:
    """Maximal voluntary isometric contraction: peak, plateaus, onset and rate of torque
    development (RTD).

    Definitions after Maffiuletti et al. (2016) Eur J Appl Physiol 116:1091–1116: the onset is
    the first sample above the resting baseline + a margin (``onset_rule``: a margin in N m, a
    multiple of the baseline SD, a fraction of the rise, or a ``"manual"`` onset sample); the
    window RTDs are (T(onset + W) − T(onset)) / W; the peak RTD is the steepest slope over a
    sliding ``peak_rtd_window_ms``. A plateau is the highest mean over a window. Windows holding
    NaN are skipped (plateaus, peak RTD) or NaN (baseline, window RTDs), with a note.

    Parameters
    ----------
    torque_nm : array_like, shape (n,)
    rate_hz : float
    onset_rule : {"above_baseline", "baseline_sd", "fraction_of_peak", "manual"}
    onset_threshold : float
        The rule's margin: N m, SD multiples or a fraction in (0, 1).
    onset_sample : int, optional
        The onset for ``onset_rule="manual"``.
    """
    d = _core.hip_analyse_mvic(
        np.atleast_1d(real_array(torque_nm, "torque_nm")),
        real_number(rate_hz, "rate_hz", "a sampling rate [Hz]", finite=True),
        real_number(baseline_begin_s, "baseline_begin_s", "a time [s]", finite=True),
        real_number(baseline_duration_s, "baseline_duration_s", "a duration [s]", finite=True),
        onset_rule, real_number(onset_threshold, "onset_threshold", "a margin", finite=True),
        -1 if onset_sample is None else integer_value(onset_sample, "onset_sample", 0),
        real_numbers(plateau_windows_s, "plateau_windows_s", "durations [s]", finite=True),
        real_numbers(rtd_windows_ms, "rtd_windows_ms", "durations [ms]", finite=True),
        real_number(peak_rtd_window_ms, "peak_rtd_window_ms", "a duration [ms]", finite=True))
    d["plateaus"] = [Plateau(*p) for p in d["plateaus"]]
    d["rtd"] = [WindowRtd(*w) for w in d["rtd"]]
    return Mvic(**d)


def torque_per_kg(torque_nm: npt.ArrayLike, body_mass_kg: npt.ArrayLike) -> np.ndarray:
    """Torque normalised to body mass [N m/kg]."""
    return real_array(torque_nm, "torque_nm") / _positive(body_mass_kg, "body_mass_kg", "kg")


def torque_per_kg_m(torque_nm: npt.ArrayLike, body_mass_kg: npt.ArrayLike,
                    length_m: npt.ArrayLike) -> np.ndarray:
    """Torque normalised to body mass × a length (height or leg length) [N m/(kg m)]: the
    normalisation that removes the dependence on body size for hip-abductor torque
    (Bazett-Jones et al. 2011)."""
    return (real_array(torque_nm, "torque_nm") / _positive(body_mass_kg, "body_mass_kg", "kg")
            / _positive(length_m, "length_m", "m"))


def torque_percent_bw_height(torque_nm: npt.ArrayLike, body_mass_kg: npt.ArrayLike,
                             height_m: npt.ArrayLike, g_mps2: float = 9.81) -> np.ndarray:
    """Torque as a percentage of body weight × height, 100 T / (m g h) [%BW·h]."""
    return (100.0 * real_array(torque_nm, "torque_nm")
            / (_positive(body_mass_kg, "body_mass_kg", "kg") * _positive(g_mps2, "g_mps2", "m/s^2")
               * _positive(height_m, "height_m", "m")))


@dataclass(frozen=True)
class TrialSummary:
    """Several trials of one side: best (largest), its 0-based trial, mean, SD (n − 1), mean
    of the best two and which trials they were; NaN trials are skipped and counted."""

    side: Side
    n_trials: int
    n_valid: int
    best: float
    best_trial: int
    mean: float
    sd: float
    mean_best_two: float
    best_two_trials: tuple[int, int]
    note: str


@dataclass(frozen=True)
class SideTrials:
    """Left and right :class:`TrialSummary`, ready for the asymmetry statistics."""

    left: TrialSummary
    right: TrialSummary

    def __getitem__(self, side: SideLike) -> TrialSummary:
        return self.left if _side_name(side) == "left" else self.right

    def to_dataframe(self) -> Any:
        """One row per side (requires pandas)."""
        import pandas as pd

        rows = []
        for s in (self.left, self.right):
            row = {k: getattr(s, k) for k in TrialSummary.__dataclass_fields__}
            row["side"] = "left" if s.side == Side.LEFT else "right"
            rows.append(row)
        return pd.DataFrame(rows)


def summarise_sides(left_values: Sequence[float], right_values: Sequence[float]) -> SideTrials:
    """Best, mean and mean of the best two of each side's trials (e.g. torques [N m]); the best
    of several trials is the usual clinical value (Thorborg et al. 2010 used the maximum of
    four)."""
    lv = [float(x) for x in np.atleast_1d(real_array(left_values, "left_values")).ravel()]
    rv = [float(x) for x in np.atleast_1d(real_array(right_values, "right_values")).ravel()]
    left, right = _core.hip_summarise_sides(lv, rv)
    return SideTrials(TrialSummary(**left), TrialSummary(**right))
