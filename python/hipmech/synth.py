"""Synthetic trials with known ground truth (docs: synth).

:func:`walking` builds a deterministic (seeded) walking trial in the Plug-in Gait lower-body
marker set, with force plates, gait events and subject parameters, and returns it with the
truth it was built with: the events, the per-frame pelvis, hip and knee angles, and the
per-stance peaks of contralateral pelvic drop and knee valgus. The same generator
(``hipmech::synth::walking``, C++) feeds the benchmarks.

>>> from hipmech import synth
>>> walk = synth.walking(n_strides=2, pelvic_drop_rad={"left": 0.05, "right": 0.12})
>>> walk.trial.point_rate_hz, len(walk.truth.stances()) > 0
(100.0, True)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Union

import numpy as np

from . import _core, _results
from ._args import integer_value, invalid_argument, real_number, side_name
from ._core import Side
from .events import GaitEvent
from .io import Trial

__all__ = ["Body", "Stance", "SyntheticWalking", "WalkingTruth", "walking"]

PerSide = Union[float, Mapping[str, float]]


@dataclass(frozen=True)
class Body:
    """Anthropometry of the synthetic subject [m], scaled from the height (docs: synth)."""

    height_m: float
    leg_length_m: float
    inter_asis_distance_m: float
    asis_trochanter_distance_m: float
    knee_width_m: float
    ankle_width_m: float
    marker_diameter_m: float
    pelvic_depth_m: float
    psis_distance_m: float
    thigh_length_m: float
    shank_length_m: float
    foot_length_m: float
    ankle_height_m: float


@dataclass(frozen=True)
class Stance:
    """One complete stance of the truth (frames are 0-based rows of the trial).

    The stance is ``[foot_strike_frame, foot_off_frame)``, its single-limb support
    ``[single_support_begin, single_support_end)`` (the other foot's off to its strike).
    ``pelvic_drop_rad`` is the largest obliquity of the stance side (Baker's convention,
    progression frame) over single support, as :func:`hipmech.pelvis.contralateral_drop`
    defines the peak; ``knee_valgus_rad`` the largest knee valgus (minus the JCS knee adduction)
    and ``hip_adduction_rad`` the largest hip adduction over the stance. ``*_injected_rad`` are
    the amplitudes put in (setting plus stride-to-stride variation); the peaks are those
    amplitudes sampled at the frames when positive, and 0 for a negative amplitude (a raised
    swing side or a varus knee: the largest drop or valgus over the stance is then none). ``plate`` is the index of the force plate under the
    stance, ``None`` when it has none.
    """

    side: Side
    stance: int
    foot_strike_frame: int
    foot_off_frame: int
    single_support_begin: int
    single_support_end: int
    pelvic_drop_rad: float
    pelvic_drop_frame: int
    pelvic_drop_injected_rad: float
    knee_valgus_rad: float
    knee_valgus_frame: int
    knee_valgus_injected_rad: float
    hip_adduction_rad: float
    plate: int | None


_STANCE_COLUMNS = ("side", "stance", "foot_strike_frame", "foot_off_frame",
                   "single_support_begin", "single_support_end", "pelvic_drop_rad",
                   "pelvic_drop_frame", "pelvic_drop_injected_rad", "knee_valgus_rad",
                   "knee_valgus_frame", "knee_valgus_injected_rad", "hip_adduction_rad", "plate")


@dataclass(frozen=True)
class WalkingTruth:
    """What a synthetic trial was built with.

    Attributes
    ----------
    events : list of hipmech.events.GaitEvent
        Foot strikes and foot offs inside the trial, in time order (source ``"synth"``); the
        same events are in ``trial.events`` as C3D events.
    stance_list : list of Stance
        The complete stances in time order (:meth:`stances` as a DataFrame).
    hip_angles, knee_angles : dict
        ``{"left": (n, 3), "right": (n, 3)}`` [rad]: flexion, adduction, internal rotation as
        :func:`hipmech.model.joint_angles` returns them (Grood & Suntay JCS, clinical signs).
    pelvis_angles : dict
        ``{"left": (n, 3), "right": (n, 3)}`` [rad]: (tilt, obliquity, rotation) of each side
        in the progression frame (+X forward), Baker's convention, the default of
        :func:`hipmech.pelvis.angles`.
    pelvis_angles_pig : dict
        The same in Plug-in Gait's convention (``sequence="plug-in-gait"``).
    R_lab_pelvis : numpy.ndarray
        (n, 3, 3) pelvis axes in the lab (ISB), as :func:`hipmech.model.plug_in_gait` builds
        them.
    body : Body
        The anthropometry.
    stride_time_s, stride_length_m, mean_speed_mps : float
        Nominal stride time [s] and length [m]; the trial's mean pelvis speed [m/s].
    max_anchor_slide_m, max_stance_slide_m : float
        Largest horizontal slide of the foot contact carrying the body between two frames, and
        of a stance foot's heel (strike to the other foot's off) or forefoot (the other foot's
        strike to foot off) over its force-plate stance [m].
    """

    events: list[GaitEvent]
    stance_list: list[Stance]
    hip_angles: dict[str, np.ndarray]
    knee_angles: dict[str, np.ndarray]
    pelvis_angles: dict[str, np.ndarray]
    pelvis_angles_pig: dict[str, np.ndarray]
    R_lab_pelvis: np.ndarray
    body: Body
    stride_time_s: float
    stride_length_m: float
    mean_speed_mps: float
    max_anchor_slide_m: float
    max_stance_slide_m: float

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    def obliquity(self, side: Any) -> np.ndarray:
        """Pelvic obliquity of ``side`` [rad], (n,): positive when that side is higher (Baker,
        progression frame)."""
        return self.pelvis_angles[side_name(side)][:, 1]

    def knee_valgus(self, side: Any) -> np.ndarray:
        """Knee valgus of ``side`` [rad], (n,): minus the JCS knee adduction."""
        return -self.knee_angles[side_name(side)][:, 1]

    def stances(self) -> Any:
        """The complete stances as a pandas DataFrame, one row per stance in time order, with
        the columns of :class:`Stance` (``side`` as ``"left"``/``"right"``, ``plate`` as a
        nullable integer; angles in radians)."""
        import pandas as pd

        rows = []
        for s in self.stance_list:
            row = {c: getattr(s, c) for c in _STANCE_COLUMNS}
            row["side"] = "left" if s.side == Side.LEFT else "right"
            rows.append(row)
        df = pd.DataFrame(rows, columns=list(_STANCE_COLUMNS))
        df["plate"] = df["plate"].astype("Int64")
        return df

    def to_dataframe(self) -> Any:
        """The same as :meth:`stances`."""
        return self.stances()


@dataclass(frozen=True)
class SyntheticWalking:
    """A synthetic trial and its truth; ``settings`` holds the arguments it was made with."""

    trial: Trial
    truth: WalkingTruth
    settings: dict[str, Any] = field(default_factory=dict)

    def _summary_rows(self) -> list[tuple[str, str]]:
        t, truth = self.trial, self.truth
        sides = [s.side for s in truth.stance_list]
        n_left = sum(1 for s in sides if s == Side.LEFT)
        settings = ", ".join(f"{k}={_results.summarise(v)}" for k, v in self.settings.items())
        return [
            ("trial", f"{t.n_frames} frames at {t.point_rate_hz:g} Hz, {len(t.markers)} "
                      f"markers, {len(t.force_plates)} force plates, {len(t.events)} events"),
            ("truth", f"{len(sides)} stances (left {n_left}, right {len(sides) - n_left}), "
                      f"{len(truth.events)} gait events, stride {truth.stride_time_s:.3g} s, "
                      f"{truth.stride_length_m:.3g} m, mean speed {truth.mean_speed_mps:.3g} m/s"),
            ("settings", _results.clip(settings, 1000)),
        ]

    def __repr__(self) -> str:
        """What was made, in a few lines; ``trial`` and ``truth`` hold the data."""
        lines = "\n".join(f"  {k}: {v}" for k, v in self._summary_rows())
        return _results.clip(f"<hipmech.synth.SyntheticWalking\n{lines}",
                             _results.REPR_LIMIT - 1) + ">"

    def _repr_html_(self) -> str:
        return _results.html_table("hipmech.synth.SyntheticWalking", self._summary_rows())


def _real(value: Any, arg: str) -> float:
    v = real_number(value, arg)
    if not math.isfinite(v):
        raise invalid_argument(arg, "a finite number", repr(value))
    return v


def _per_side(value: Any, arg: str) -> tuple[float, float]:
    """A scalar for both sides or a mapping {"left": .., "right": ..} (missing sides: error)."""
    if isinstance(value, Mapping):
        out: dict[str, float] = {}
        for key, v in value.items():
            if not isinstance(key, (str, Side)):
                raise invalid_argument(arg, "keys 'left' and 'right'", repr(key))
            try:
                name = side_name(key, arg)
            except ValueError:
                raise invalid_argument(arg, "keys 'left' and 'right'", repr(key)) from None
            if name in out:
                raise invalid_argument(arg, "each side once", f"{name!r} twice")
            out[name] = _real(v, f"{arg}[{name}]")
        missing = [s for s in ("left", "right") if s not in out]
        if missing:
            raise invalid_argument(arg, "a value for both 'left' and 'right'",
                                   f"no {missing[0]!r}")
        return out["left"], out["right"]
    v = _real(value, arg)
    return v, v


def _plates(value: Any) -> tuple[bool, list[tuple[str, int]]]:
    if isinstance(value, str):
        if value == "all":
            return True, []
        if value == "none":
            return False, []
        raise invalid_argument("plates", "'all', 'none' or a list of (side, stance) pairs",
                               repr(value))
    if not isinstance(value, Iterable):
        raise TypeError(f"argument 'plates': expected 'all', 'none' or a list of (side, "
                        f"stance) pairs, got {type(value).__name__}")
    out = []
    for i, item in enumerate(value):
        if not (isinstance(item, tuple) and len(item) == 2):
            raise invalid_argument(f"plates[{i}]", "a (side, stance) pair", repr(item))
        out.append((side_name(item[0], f"plates[{i}]"), integer_value(item[1], f"plates[{i}]")))
    return False, out


def _frames(a: np.ndarray) -> np.ndarray:
    return a.reshape(-1, 3, 3)


def walking(*, body_mass_kg: float = 75.0, height_m: float = 1.75, speed_mps: float = 1.3,
            n_strides: int = 6, point_rate_hz: float = 100.0, analog_rate_hz: float = 1000.0,
            pelvic_drop_rad: PerSide = 0.07, knee_valgus_rad: PerSide = 0.035,
            stride_time_cv: float = 0.02, variability_sd_rad: float = 0.0087,
            marker_noise_m: float = 0.0, seed: int = 1,
            plates: Union[str, Iterable[tuple[Any, int]]] = "all") -> SyntheticWalking:
    """A seeded synthetic walking trial with known truth (docs: synth).

    Plug-in Gait lower-body markers (LASI RASI LPSI RPSI, per side THI KNE TIB ANK HEE TOE) in
    a Z-up lab walking along +X, placed so that :func:`hipmech.model.plug_in_gait` with the
    trial's subject parameters recovers the truth angles; foot strike / foot off events (C3D
    EVENT group); type-2 force plates, one under each instrumented complete stance. The same
    arguments give a bit-identical trial on every call. Kinematically driven: the moments that
    inverse dynamics gives are plausible, not a physical truth.

    Parameters
    ----------
    body_mass_kg : float
        Body mass [kg], in (0, 500].
    height_m : float
        Body height [m], in [1.0, 2.5]; the anthropometry scales with it.
    speed_mps : float
        Mean walking speed [m/s], in [0.2, 2.5]; sets the cadence (the stride length comes
        from the leg and the joint angles, about 0.8 times the height).
    n_strides : int
        Complete gait cycles per side, 1 to 100.
    point_rate_hz : float
        Marker rate [Hz], 50 to 1000.
    analog_rate_hz : float
        Force-plate rate [Hz], a whole multiple of ``point_rate_hz``.
    pelvic_drop_rad : float or mapping
        Peak contralateral pelvic drop during each side's single-limb support [rad] (positive:
        the swing side lower), in [-0.35, 0.35]; one value for both sides or
        ``{"left": .., "right": ..}`` keyed by the STANCE side. A negative value raises the
        swing side; the truth's peak drop is then 0.
    knee_valgus_rad : float or mapping
        Peak knee valgus during each side's stance [rad], in [-0.35, 0.35]; scalar or mapping.
        A negative value bends the knee into varus; the truth's peak valgus is then 0.
    stride_time_cv : float
        Stride-to-stride SD of the stride time, relative, in [0, 0.2].
    variability_sd_rad : float
        Stride-to-stride SD of each stance's drop and valgus peak and of the hip and knee
        flexion curves [rad], in [0, 0.1].
    marker_noise_m : float
        SD of white noise on every marker coordinate [m], in [0, 0.05].
    seed : int
        Seed of the random numbers, 0 to 2**64 - 1.
    plates : "all", "none" or list of (side, stance)
        Which complete stances stand on a force plate (``stance`` numbers each side's complete
        stances from 0).

    Returns
    -------
    SyntheticWalking
        ``.trial`` (:class:`hipmech.io.Trial`) and ``.truth`` (:class:`WalkingTruth`).

    Raises
    ------
    ValueError
        A value out of range (the message names the argument), an unknown side key, a stance
        in ``plates`` that does not exist.
    TypeError
        An argument of the wrong type.
    """
    settings = dict(body_mass_kg=body_mass_kg, height_m=height_m, speed_mps=speed_mps,
                    n_strides=n_strides, point_rate_hz=point_rate_hz,
                    analog_rate_hz=analog_rate_hz, pelvic_drop_rad=pelvic_drop_rad,
                    knee_valgus_rad=knee_valgus_rad, stride_time_cv=stride_time_cv,
                    variability_sd_rad=variability_sd_rad, marker_noise_m=marker_noise_m,
                    seed=seed, plates=plates)
    reals = {k: _real(settings[k], k) for k in (
        "body_mass_kg", "height_m", "speed_mps", "point_rate_hz", "analog_rate_hz",
        "stride_time_cv", "variability_sd_rad", "marker_noise_m")}
    n = integer_value(n_strides, "n_strides")
    s = integer_value(seed, "seed")
    if not 0 <= s < 2**64:
        raise invalid_argument("seed", "an integer in [0, 2**64)", repr(seed))
    drop = _per_side(pelvic_drop_rad, "pelvic_drop_rad")
    valgus = _per_side(knee_valgus_rad, "knee_valgus_rad")
    every, chosen = _plates(plates)
    raw = _core.synth_walking(reals["body_mass_kg"], reals["height_m"], reals["speed_mps"], n,
                              reals["point_rate_hz"], reals["analog_rate_hz"], drop, valgus,
                              reals["stride_time_cv"], reals["variability_sd_rad"],
                              reals["marker_noise_m"], s, every, chosen)
    trial = Trial._from_core(raw["trial"])
    t = raw["truth"]
    stances = []
    for d in t["stances"]:
        d = dict(d)
        d["plate"] = None if d["plate"] < 0 else int(d["plate"])
        stances.append(Stance(**d))
    truth = WalkingTruth(
        events=[GaitEvent(*e) for e in t["events"]],
        stance_list=stances,
        hip_angles={k: t[f"hip_angles_{k}"] for k in ("left", "right")},
        knee_angles={k: t[f"knee_angles_{k}"] for k in ("left", "right")},
        pelvis_angles={k: t[f"pelvis_angles_baker_{k}"] for k in ("left", "right")},
        pelvis_angles_pig={k: t[f"pelvis_angles_pig_{k}"] for k in ("left", "right")},
        R_lab_pelvis=_frames(t["R_lab_pelvis"]),
        body=Body(**t["body"]),
        stride_time_s=float(t["stride_time_s"]),
        stride_length_m=float(t["stride_length_m"]),
        mean_speed_mps=float(t["mean_speed_mps"]),
        max_anchor_slide_m=float(t["max_anchor_slide_m"]),
        max_stance_slide_m=float(t["max_stance_slide_m"]),
    )
    return SyntheticWalking(trial=trial, truth=truth, settings=settings)
