"""The per-trial hip summary: :func:`analyse` and :class:`TrialReport` (docs: report)."""

from __future__ import annotations

import math
import os
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Union

import numpy as np

from .. import __version__, dynamics, events as _events, io, model, pelvis, signal, stats
from .._core import Side
from .._args import integer_value, real_number
from .._args import side_name as _side_name
from ._thresholds import Threshold, _coerce

__all__ = ["QUANTITIES", "CURVES", "Curves", "TrialReport", "analyse"]

SIDES = ("left", "right")

#: The per-stance quantities of the summary: name -> (unit, label).
QUANTITIES: dict[str, tuple[str, str]] = {
    "pelvic_drop_deg": ("deg", "contralateral pelvic drop, peak in single support"),
    "knee_valgus_deg": ("deg", "knee valgus, peak in stance"),
    "hip_adduction_deg": ("deg", "hip adduction, peak in stance"),
    "hip_abduction_moment_nm_per_kg": ("N·m/kg", "internal hip abduction moment, peak in stance"),
}

#: The curves drawn per gait cycle: name -> (unit, label).
CURVES: dict[str, tuple[str, str]] = {
    "pelvic_obliquity_deg": ("deg", "pelvic obliquity (this side up +)"),
    "hip_adduction_deg": ("deg", "hip adduction (+) / abduction (-)"),
    "hip_flexion_deg": ("deg", "hip flexion (+) / extension (-)"),
    "knee_flexion_deg": ("deg", "knee flexion (+) / extension (-)"),
    "knee_valgus_deg": ("deg", "knee valgus (+) / varus (-)"),
    "hip_abduction_moment_nm_per_kg": ("N·m/kg", "internal hip abduction moment"),
}

#: Two events of one foot and kind closer than this are the same event when force-plate and
#: kinematic events are merged [s] (the minimum separation of from_kinematics).
MERGE_WINDOW_S = 0.3

PathLike = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class Curves:
    """Time-normalised curves per gait cycle (foot strike to the next foot strike of a side).

    ``data[name][side]`` is an (n_cycles, 101) array from 0 to 100 % of the cycle (NaN where a
    frame was missing); ``units[name]`` its unit; ``foot_off_percent[side]`` the mean foot
    off of that side in % of its cycle (NaN when no cycle had a foot off); ``cycles[side]`` the
    (begin, end) frames of each cycle.
    """

    data: dict[str, dict[str, np.ndarray]]
    units: dict[str, str]
    foot_off_percent: dict[str, float]
    cycles: dict[str, list[tuple[int, int]]]

    def __getitem__(self, name: str) -> dict[str, np.ndarray]:
        return self.data[name]

    def __iter__(self):
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class TrialReport:
    """The hip summary of one trial (docs: report).

    Attributes
    ----------
    summary : pandas.DataFrame
        One row per quantity of :data:`QUANTITIES`: ``quantity``, ``label``, ``unit``,
        ``left_n`` (finite stances), ``left_missing`` (stances whose value is NaN),
        ``left_mean``, ``left_sd`` (ddof = 1), the same for ``right_``, ``si_percent``,
        ``si_ci_low``, ``si_ci_high`` (Robinson symmetry index of the side means, percentile
        bootstrap CI), ``sa_percent``, ``sa_ci_low``, ``sa_ci_high`` (Zifchock symmetry angle),
        ``left_flag``, ``right_flag``, ``si_flag`` (True/False, None when not computed),
        ``flags`` (the flags in words, each naming its source), ``threshold`` (the rule) and
        ``source`` (the citations).
    stances : pandas.DataFrame
        One row per stance: ``side``, ``stance`` (1, 2, ... per side), ``foot_strike_frame``,
        ``foot_off_frame`` (0-based rows; the stance is [strike, off)), their times [s] and
        sources, the single-support window, each quantity of :data:`QUANTITIES` and ``note``.
    events : pandas.DataFrame
        The gait events used (``side``, ``kind``, ``frame``, ``time_s``, ``source``).
    curves : Curves
        Per cycle and side, the curves of :data:`CURVES`.
    notes : list of str
        Everything not computed and why, and the choices made (event source, filtering).
    moments_available : dict
        Side -> True when at least one stance of that side has a hip abduction moment.
    """

    source: str
    trial_name: str
    body_mass_kg: float
    body_mass_source: str
    static_source: Optional[str]
    reference: str
    cutoff_hz: Optional[float]
    n_resamples: int
    seed: int
    confidence: float
    events_source: str
    point_rate_hz: float
    n_frames: int
    summary: Any
    stances: Any
    events: Any
    curves: Curves
    notes: list[str]
    moments_available: dict[str, bool]
    thresholds: tuple[Threshold, ...]
    hipmech_version: str = __version__
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def units(self) -> dict[str, str]:
        """Unit of every quantity and curve."""
        out = {k: u for k, (u, _) in QUANTITIES.items()}
        out.update({k: u for k, (u, _) in CURVES.items()})
        out.update(si_percent="%", sa_percent="%", body_mass_kg="kg", cutoff_hz="Hz")
        return out

    def to_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready Python values: NaN becomes None, arrays become lists."""
        curves = {}
        for name, per_side in self.curves.data.items():
            curves[name] = {"unit": self.curves.units[name],
                            **{s: per_side[s].tolist() for s in SIDES}}
        d = {
            "hipmech_version": self.hipmech_version,
            "source": self.source,
            "trial": self.trial_name,
            "body_mass_kg": self.body_mass_kg,
            "body_mass_source": self.body_mass_source,
            "static": self.static_source,
            "settings": dict(self.settings),
            "events_source": self.events_source,
            "point_rate_hz": self.point_rate_hz,
            "n_frames": self.n_frames,
            "units": self.units,
            "summary": self.summary.to_dict(orient="records"),
            "stances": self.stances.to_dict(orient="records"),
            "events": self.events.to_dict(orient="records"),
            "curves": curves,
            "cycles": {s: [list(c) for c in self.curves.cycles[s]] for s in SIDES},
            "foot_off_percent": dict(self.curves.foot_off_percent),
            "moments_available": dict(self.moments_available),
            "thresholds": [t.to_dict() for t in self.thresholds],
            "notes": list(self.notes),
        }
        return _json_ready(d)


def _json_ready(x: Any) -> Any:
    """NaN/inf -> None, numpy scalars -> Python, tuples -> lists, recursively."""
    if isinstance(x, Mapping):
        return {str(k): _json_ready(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_json_ready(v) for v in x]
    if isinstance(x, np.ndarray):
        return _json_ready(x.tolist())
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        v = float(x)
        return v if math.isfinite(v) else None
    if x is None or isinstance(x, str):
        return x
    try:  # pandas NA / NaT
        import pandas as pd

        if pd.isna(x):
            return None
    except (TypeError, ValueError):
        pass
    return str(x)


# --------------------------------------------------------------------------------------------
# Arguments


def _trial_arg(trial: Any, arg: str) -> tuple[io.Trial, str]:
    if isinstance(trial, io.Trial):
        return trial, trial.source or "<Trial>"
    if isinstance(trial, (str, os.PathLike)):
        path = os.fspath(trial)
        return io.read_c3d(path), path
    raise TypeError(f"argument {arg!r}: expected a hipmech.io.Trial or the path of a C3D file, "
                    f"got {type(trial).__name__}")


def _mass_arg(body_mass_kg: Any, trial: Optional[io.Trial]) -> tuple[float, str]:
    if body_mass_kg is not None:
        m = real_number(body_mass_kg, "body_mass_kg", "a body mass in kg (a number)")
        if not (math.isfinite(m) and m > 0):
            raise ValueError(f"argument 'body_mass_kg': expected a finite positive body mass in "
                             f"kg, got {body_mass_kg!r}")
        return m, "argument"
    m = float(trial.subject.body_mass_kg)
    if math.isfinite(m) and m > 0:
        return m, "file"
    raise ValueError("argument 'body_mass_kg': expected a body mass in kg (the file gives none "
                     "in its subject parameters; pass body_mass_kg= or --mass KG), got None")


def _cutoff_arg(cutoff_hz: Any, rate_hz: float) -> Optional[float]:
    if cutoff_hz is None:
        return None
    c = real_number(cutoff_hz, "cutoff_hz", "a cut-off in Hz or None")
    if not (math.isfinite(c) and 0 < c < rate_hz / 2):
        raise ValueError(f"argument 'cutoff_hz': expected a cut-off in (0, {rate_hz / 2:g}) Hz "
                         f"(half the point rate) or None, got {cutoff_hz!r}")
    return c


# --------------------------------------------------------------------------------------------
# Steps of the pipeline


def _model_notes(params: model.PigParameters) -> list[str]:
    """What the Plug-in Gait model applied from the subject parameters, in degrees, and its
    notes on what it defaulted or did not apply (a long note shortened; the full text is in
    ``PigParameters.notes``)."""
    def pair(stem: str) -> str:
        left = math.degrees(getattr(params, f"{stem}_left_rad"))
        right = math.degrees(getattr(params, f"{stem}_right_rad"))
        return f"left {left:.1f}°, right {right:.1f}°"

    shown = max(abs(params.ankle_abduction_left_rad), abs(params.ankle_abduction_right_rad))
    abadd = (f"; ankle ab/adduction {pair('ankle_abduction')}" if shown >= math.radians(0.05)
             else "")
    out = [f"Plug-in Gait offsets applied: thigh rotation {pair('thigh_rotation')}; shank "
           f"rotation {pair('shank_rotation')}; tibial torsion {pair('tibial_torsion')}{abadd} "
           "(the knee centres, knee angles and valgus depend on them)."]
    out += [f"Model: {textwrap.shorten(n, 600, placeholder=' ... (PigParameters.notes)')}"
            for n in params.notes]
    return out


def _gait_events(trial: io.Trial, notes: list[str]) -> tuple[list, str]:
    """The file's events when it has some for both sides; otherwise force-plate events plus
    Zeni events where no plate event of the same foot and kind is within MERGE_WINDOW_S."""
    fe = _events.from_trial(trial)
    if {e.side for e in fe.events} == {Side.LEFT, Side.RIGHT}:
        notes.append(f"Events: the file's {len(fe.events)} foot strikes and foot offs.")
        return list(fe.events), "file"
    why = ("the file has no foot strike or foot off events" if not fe.events else
           "the file's foot strike and foot off events cover one side only")
    plate_events: list = []
    if trial.force_plates:
        try:
            fp = _events.from_force_plates(trial)
            plate_events = list(fp.events)
            for r in fp.rejected:
                notes.append(f"Force plate {r.plate} (frames {r.strike_frame}-{r.off_frame}): "
                             f"contact not used for events ({r.message or r.reason}).")
        except ValueError as exc:
            notes.append(f"Force-plate events not found: {exc}")
    else:
        notes.append("Force-plate events not found: the trial has no force plates.")
    kin_events: list = []
    try:
        kin_events = list(_events.from_kinematics(trial).events)
    except ValueError as exc:
        notes.append(f"Kinematic (Zeni) events not found: {exc}")
    window = int(round(MERGE_WINDOW_S * trial.point_rate_hz))
    added = [e for e in kin_events
             if not any(p.side == e.side and p.kind == e.kind and abs(p.frame - e.frame) <= window
                        for p in plate_events)]
    merged = sorted(plate_events + added, key=lambda e: (e.frame, e.kind != "foot_off"))
    notes.append(
        f"Events: {why}; used {len(plate_events)} force-plate events and {len(added)} "
        f"kinematic events (Zeni et al. 2008, validated on level walking) where no force-plate "
        f"event of the same foot and kind lies within {MERGE_WINDOW_S:g} s.")
    if not merged:
        notes.append("No gait events: no stance, stride, peak or asymmetry could be computed.")
    return merged, ("force plates + kinematics (Zeni)" if added and plate_events else
                    "force plates" if plate_events else "kinematics (Zeni)" if added else "none")


def _filtered_markers(trial: io.Trial, cutoff_hz: Optional[float],
                      notes: list[str]) -> dict[str, np.ndarray]:
    names = list(trial.markers)
    markers = {n: trial.markers[n] for n in names}
    if cutoff_hz is None or not names:
        notes.append("Markers not filtered (cutoff_hz=None): the file's data as stored.")
        return markers
    stacked = np.concatenate([markers[n] for n in names], axis=1)
    r = signal.zero_lag_filter(stacked, trial.point_rate_hz, cutoff_hz, order=2, nan="runs")
    filtered = r["values"]
    if r["unfiltered"]:
        runs: dict[str, set] = {}
        for g in r["unfiltered"]:
            runs.setdefault(names[(g.channel or 0) // 3], set()).add((g.first, g.stop))
        listed = ", ".join(f"{m} ({len(v)})" for m, v in runs.items())
        notes.append(f"Marker filtering: gap-free runs too short to filter (at most "
                     f"{3 * (2 + 1)} frames) were left NaN in {len(runs)} marker(s), runs per "
                     f"marker: {listed}.")
    notes.append(f"Markers low-passed: zero-lag Butterworth, order 2, {cutoff_hz:g} Hz, gaps "
                 "left NaN (Kristianslund et al. 2012: markers and forces with the same "
                 "cut-off).")
    return {n: np.ascontiguousarray(filtered[:, 3 * k:3 * k + 3]) for k, n in enumerate(names)}


def _peak(values: np.ndarray, window: Any) -> tuple[float, int]:
    """(max over [begin, end), number of NaN frames); NaN when any frame is NaN."""
    seg = values[window.begin:window.end]
    n_nan = int(np.count_nonzero(np.isnan(seg)))
    if seg.size == 0 or n_nan:
        return math.nan, n_nan
    return float(np.max(seg)), 0


def _frames_in_notes(note: str) -> Optional[tuple[int, int]]:
    m = re.search(r"frames (\d+)-(\d+)", note)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _moment_reason(leg: Any, window: Any, id_notes: list[str]) -> str:
    src = leg.load_source[window.begin:window.end]
    moment = leg.hip.abduction_nm[window.begin:window.end]
    bad = [s for s, v in zip(src, moment) if not np.isfinite(v)]
    parts = []
    if "unknown" in bad:
        parts.append(f"{bad.count('unknown')} frame(s) where the foot's load is unknown "
                     "(neither swing nor a used force-plate contact: no usable plate)")
    if "rejected" in bad:
        parts.append(f"{bad.count('rejected')} frame(s) on a plate contact that was not used")
    other = len(bad) - bad.count("unknown") - bad.count("rejected")
    if other:
        parts.append(f"{other} frame(s) with missing markers")
    related = []
    for n in id_notes:
        fr = _frames_in_notes(n)
        if fr is not None and fr[0] < window.end and fr[1] >= window.begin:
            related.append(n)
    text = "; ".join(parts) if parts else "missing frames"
    if related:
        text += " (inverse dynamics: " + " / ".join(related) + ")"
    return text


def _describe(values: np.ndarray) -> tuple[int, int, float, float]:
    """n, n_missing, mean and SD (n - 1) of the finite values: hipmech.stats.describe, as the
    C++ example's stats::describe."""
    d = stats.describe(values, missing="omit")
    return int(d.n), int(d.n_missing), float(d.mean), float(d.sd)


def _asymmetry(kind: str, left: np.ndarray, right: np.ndarray, reference: str,
               n_resamples: int, seed: int, label: str, notes: list[str]
               ) -> tuple[float, float, float]:
    fn = stats.symmetry_index if kind == "si" else stats.symmetry_angle
    name = "symmetry index" if kind == "si" else "symmetry angle"
    lf, rf = left[np.isfinite(left)], right[np.isfinite(right)]
    if lf.size == 0 or rf.size == 0:
        return math.nan, math.nan, math.nan
    a = fn(float(np.mean(lf)), float(np.mean(rf)), reference=reference)
    estimate = float(a.value)
    if not math.isfinite(estimate):
        notes.append(f"{label}: {name} undefined ({a.reason}).")
        return math.nan, math.nan, math.nan
    if lf.size < 2 or rf.size < 2:
        notes.append(f"{label}: no {name} CI (the left side has {lf.size} and the right side "
                     f"{rf.size} finite stances; the bootstrap needs at least 2 per side).")
        return estimate, math.nan, math.nan

    def statistic(lsample: np.ndarray, rsample: np.ndarray) -> float:
        return float(fn(float(np.mean(lsample)), float(np.mean(rsample)),
                        reference=reference).value)

    statistic.__name__ = name.replace(" ", "_")
    b = stats.bootstrap(statistic, lf, rf, n_resamples=n_resamples, method="percentile",
                        seed=seed)
    if b.n_nonfinite:
        notes.append(f"{label}: {b.n_nonfinite} of {n_resamples} bootstrap resamples gave an "
                     f"undefined {name} and were left out ({b.note}).")
    return estimate, float(b.ci_low), float(b.ci_high)


# --------------------------------------------------------------------------------------------
# analyse


def analyse(trial: Any, *, static: Any = None, body_mass_kg: Optional[float] = None,
            reference: Any = "left", cutoff_hz: Optional[float] = 6.0, n_resamples: int = 2000,
            seed: int = 1, thresholds: Any = None, moment_frame: str = "jcs") -> TrialReport:
    """The hip summary of one Plug-in Gait trial (docs: report).

    Markers are low-passed (zero-lag Butterworth, order 2), the Plug-in Gait lower body gives
    pelvis, hip and knee angles, gait events come from the file or from the force plates and
    the kinematics (Zeni), and every stance of each side gives its peak contralateral pelvic
    drop (single support), knee valgus, hip adduction and internal hip abduction moment (3-D
    inverse dynamics, where a force plate was under the foot). Per side and quantity: the mean
    and SD across stances; between sides: the symmetry index and angle of the means with
    percentile bootstrap CIs across stances; flags against literature thresholds.

    Parameters
    ----------
    trial : hipmech.io.Trial or str or os.PathLike
        The dynamic trial, or the path of its C3D file.
    static : hipmech.io.Trial or str or os.PathLike, optional
        The static trial: Plug-in Gait's foot offsets (:func:`hipmech.model.plug_in_gait_static`).
    body_mass_kg : float, optional
        Body mass [kg]; by default the file's subject mass (an error naming
        ``body_mass_kg`` when it has none).
    reference : {"left", "right"} or hipmech.Side
        Reference limb of the symmetry index and angle (positive: the other limb is larger).
    cutoff_hz : float or None
        Low-pass cut-off for markers and plate forces [Hz]; None: the file's data unfiltered.
    n_resamples : int
        Bootstrap resamples B for the asymmetry CIs.
    seed : int
        Bootstrap seed (the same seed gives the same resamples in Python and C++).
    thresholds : sequence of Threshold, optional
        The flags' thresholds (default :data:`hipmech.report.THRESHOLDS`).
    moment_frame : {"jcs", "distal", "proximal"}
        Axes of the hip abduction moment: the joint coordinate system (default, Grood &
        Suntay 1983) or the thigh ("distal", Plug-in Gait's choice) or pelvis frame. On
        stairs the frontal components of the JCS and the thigh frame differ by several tenths
        of N·m/kg (docs: report), so compare like with like.

    Returns
    -------
    TrialReport

    Raises
    ------
    OSError
        (hipmech.FileError) the trial or static file cannot be read.
    ValueError
        No body mass (naming ``body_mass_kg``), a bad ``reference``, ``cutoff_hz``,
        ``n_resamples`` or ``seed``, missing Plug-in Gait markers or subject measurements (the
        message lists them).
    TypeError
        An argument of the wrong type.
    """
    ref = _side_name(reference, "reference")
    n_resamples = integer_value(n_resamples, "n_resamples", 1)
    seed = integer_value(seed, "seed", 0)
    thr = _coerce(thresholds)
    for t in thr:
        expected = (QUANTITIES[t.quantity][0] if t.quantity in QUANTITIES else
                    "%" if t.quantity in ("symmetry_index_percent", "symmetry_angle_percent")
                    else None)
        if expected is None:
            raise ValueError(f"argument 'thresholds': unknown quantity {t.quantity!r}; expected "
                             f"one of {list(QUANTITIES)}, 'symmetry_index_percent' or "
                             "'symmetry_angle_percent'")
        if t.unit != expected:
            raise ValueError(f"argument 'thresholds': the threshold for {t.quantity} must be in "
                             f"{expected!r}, got unit {t.unit!r}")
    if moment_frame not in ("jcs", "distal", "proximal"):
        raise ValueError(f"argument 'moment_frame': expected 'jcs', 'distal' or 'proximal', got "
                         f"{moment_frame!r}")
    tr, source = _trial_arg(trial, "trial")
    if not (tr.point_rate_hz > 0) or tr.n_frames < 2:
        raise ValueError(f"argument 'trial': expected a trial with point data, got "
                         f"{tr.n_frames} frames at {tr.point_rate_hz:g} Hz")
    mass, mass_source = _mass_arg(body_mass_kg, tr)
    cut = _cutoff_arg(cutoff_hz, tr.point_rate_hz)
    static_source = None
    notes: list[str] = []
    where = ("the body_mass_kg argument" if mass_source == "argument"
             else "the file's subject parameters")
    notes.append(f"Body mass {mass:g} kg ({where}).")

    params = model.PigParameters.from_subject(tr.subject)
    notes.extend(_model_notes(params))
    if static is not None:
        st, static_source = _trial_arg(static, "static")
        before = params
        params = model.plug_in_gait_static(st, params)
        pf = [math.degrees(getattr(params, f"static_plantar_flexion_{x}_rad")) for x in SIDES]
        ro = [math.degrees(getattr(params, f"static_rotation_offset_{x}_rad")) for x in SIDES]
        pf0 = [math.degrees(getattr(before, f"static_plantar_flexion_{x}_rad")) for x in SIDES]
        notes.append(f"Static trial {Path(static_source).name}: Plug-in Gait foot offsets "
                     f"measured (plantar flexion left {pf[0]:.1f}°, right {pf[1]:.1f}°; "
                     f"rotation left {ro[0]:.1f}°, right {ro[1]:.1f}°; without the foot-flat "
                     f"option) and applied in place of the trial file's (plantar flexion left "
                     f"{pf0[0]:.1f}°, right {pf0[1]:.1f}°). They change the feet, hence the "
                     "moments, not the hip and knee angles.")

    ev, ev_source = _gait_events(tr, notes)
    markers = _filtered_markers(tr, cut, notes)
    body = model.plug_in_gait(markers, params, feet=False)

    # Kinematics per side, in degrees.
    n = tr.n_frames
    series: dict[str, dict[str, np.ndarray]] = {k: {} for k in CURVES}
    drops: dict[str, list] = {}
    for s in SIDES:
        pa = pelvis.angles(body.pelvis.R_lab_segment, s, lab_axes=tr.lab_axes,
                           pelvis_origin_lab=body.pelvis.origin)
        hip = np.rad2deg(body.hip_angles(s))
        knee = np.rad2deg(body.knee_angles(s))
        series["pelvic_obliquity_deg"][s] = np.rad2deg(pa.obliquity_rad)
        series["hip_adduction_deg"][s] = hip[:, 1]
        series["hip_flexion_deg"][s] = hip[:, 0]
        series["knee_flexion_deg"][s] = knee[:, 0]
        series["knee_valgus_deg"][s] = -knee[:, 1]
        drops[s] = [d for d in pelvis.contralateral_drop(pa, events=ev) if d.side == s]

    # Kinetics.
    idy = None
    id_notes: list[str] = []
    if not tr.force_plates:
        notes.append("Hip abduction moments: not computed, the trial has no force plates.")
    else:
        try:
            idy = dynamics.inverse_dynamics(tr, params, body_mass_kg=mass, events=ev,
                                            cutoff_hz=cut, frame=moment_frame)
            id_notes = list(idy.notes)
        except (ValueError, RuntimeError) as exc:
            notes.append(f"Hip abduction moments: not computed, inverse dynamics failed: {exc}")
    for s in SIDES:
        series["hip_abduction_moment_nm_per_kg"][s] = (
            idy[s].hip.abduction_nm / mass if idy is not None else np.full(n, math.nan))
    for note in id_notes:
        notes.append(f"Inverse dynamics: {note}")

    # Stances.
    import pandas as pd

    source_of = {(e.side, e.kind, e.frame): e.source for e in ev}
    rows = []
    per_side: dict[str, dict[str, list[float]]] = {s: {q: [] for q in QUANTITIES} for s in SIDES}
    missing_notes: dict[tuple[str, str], list[str]] = {}
    moment_notes: dict[str, list[str]] = {s: [] for s in SIDES}
    for s in SIDES:
        side_enum = Side.LEFT if s == "left" else Side.RIGHT
        for k, w in enumerate(_events.stance_windows(ev, s), start=1):
            drop = next((d for d in drops[s] if d.stance[1] == w.begin and d.stance[2] == w.end),
                        None)
            values = {
                "pelvic_drop_deg": math.degrees(drop.peak_rad) if drop is not None else math.nan,
            }
            row_notes = []
            if drop is not None and drop.note:
                row_notes.append(f"pelvic drop: {drop.note}")
            if drop is not None and not math.isfinite(drop.peak_rad):
                missing_notes.setdefault((s, "pelvic_drop_deg"), []).append(
                    f"stance {k} (frames {w.begin}-{w.end - 1})")
            for q in ("knee_valgus_deg", "hip_adduction_deg", "hip_abduction_moment_nm_per_kg"):
                v, n_nan = _peak(series[q][s], w)
                values[q] = v
                if math.isnan(v) and q == "hip_abduction_moment_nm_per_kg":
                    if idy is not None:
                        why = _moment_reason(idy[s], w, id_notes)
                        moment_notes[s].append(f"stance {k} (frames {w.begin}-{w.end - 1}): {why}")
                        row_notes.append(f"hip abduction moment: {why}")
                elif math.isnan(v):
                    missing_notes.setdefault((s, q), []).append(
                        f"stance {k} (frames {w.begin}-{w.end - 1}, {n_nan} NaN frames)")
                    row_notes.append(f"{q}: {n_nan} missing frames")
            for q in QUANTITIES:
                per_side[s][q].append(values[q])
            sls = drop.single_support if drop is not None else (s, -1, -1)
            rows.append({
                "side": s, "stance": k,
                "foot_strike_frame": w.begin, "foot_off_frame": w.end,
                "foot_strike_time_s": w.begin / tr.point_rate_hz,
                "foot_off_time_s": w.end / tr.point_rate_hz,
                "foot_strike_source": source_of.get((side_enum, "foot_strike", w.begin), ""),
                "foot_off_source": source_of.get((side_enum, "foot_off", w.end), ""),
                "single_support_begin": sls[1] if sls[1] >= 0 else None,
                "single_support_end": sls[2] if sls[2] >= 0 else None,
                **values,
                "pelvic_drop_peak_percent_stance": (drop.peak_percent_stance if drop is not None
                                                    else math.nan),
                "note": "; ".join(row_notes),
            })
    stance_cols = ["side", "stance", "foot_strike_frame", "foot_off_frame", "foot_strike_time_s",
                   "foot_off_time_s", "foot_strike_source", "foot_off_source",
                   "single_support_begin", "single_support_end", *QUANTITIES,
                   "pelvic_drop_peak_percent_stance", "note"]
    stances = pd.DataFrame(rows, columns=stance_cols)
    for s in SIDES:
        if not per_side[s]["pelvic_drop_deg"]:
            notes.append(f"No complete {s} stance (foot strike followed by a foot off of the "
                         f"{s} foot): no {s} peaks.")
    for (s, q), where in missing_notes.items():
        notes.append(f"{QUANTITIES[q][1].split(',')[0].capitalize()}, {s}: {len(where)} "
                     f"stance(s) with missing frames give NaN: {', '.join(where)}.")
    moments_available = {s: bool(np.any(np.isfinite(per_side[s]["hip_abduction_moment_nm_per_kg"])))
                         for s in SIDES}
    for s in SIDES:
        if moment_notes[s]:
            if not moments_available[s]:
                head = f"Hip abduction moments: the {s} stances had no usable force plate"
            else:
                head = f"Hip abduction moments: {len(moment_notes[s])} {s} stance(s) not computed"
            notes.append(f"{head} ({'; '.join(moment_notes[s])}).")

    # Curves per gait cycle.
    data: dict[str, dict[str, np.ndarray]] = {q: {} for q in CURVES}
    cycles_out: dict[str, list[tuple[int, int]]] = {}
    foot_off: dict[str, float] = {}
    for s in SIDES:
        offs = [e.frame for e in ev if e.kind == "foot_off" and
                e.side == (Side.LEFT if s == "left" else Side.RIGHT)]
        # A strike-to-strike window is one gait cycle only if it holds exactly one foot off of
        # that side and is not much longer than the others (events that skip a stride, a
        # missed strike): other windows would blend two strides into one curve.
        windows = [(w.begin, w.end) for w in _events.gait_cycles(ev, s)]
        median = float(np.median([e - b for b, e in windows])) if windows else math.nan
        cycles = [(b, e) for b, e in windows
                  if sum(b < f < e for f in offs) == 1 and (e - b) <= 1.5 * median]
        skipped = [(b, e) for b, e in windows if (b, e) not in cycles]
        if skipped:
            notes.append(f"{s.capitalize()} curves: {len(skipped)} strike-to-strike window(s) "
                         f"left out ({', '.join(f'frames {b}-{e}' for b, e in skipped)}): not "
                         "exactly one foot off inside, or longer than 1.5 times the median "
                         "cycle, so probably more than one stride.")
        cycles_out[s] = cycles
        pct = []
        for b, e in cycles:
            inside = [f for f in offs if b < f < e]
            if inside:
                pct.append(100.0 * (inside[0] - b) / (e - b))
        foot_off[s] = float(np.mean(pct)) if pct else math.nan
        for q in CURVES:
            data[q][s] = (signal.time_normalise(series[q][s], cycles) if cycles
                          else np.empty((0, 101)))
        if not cycles:
            notes.append(f"No complete {s} gait cycle (foot strike to the next {s} foot "
                         f"strike): no {s} curves.")

    # Summary.
    thr_by_q: dict[str, list[Threshold]] = {}
    for t in thr:
        thr_by_q.setdefault(t.quantity, []).append(t)
    srows = []
    for q, (unit, label) in QUANTITIES.items():
        left = np.asarray(per_side["left"][q], dtype=float)
        right = np.asarray(per_side["right"][q], dtype=float)
        ln, lm, lmean, lsd = _describe(left)
        rn, rm, rmean, rsd = _describe(right)
        short = label.split(",")[0]
        si = _asymmetry("si", left, right, ref, n_resamples, seed, short.capitalize(), notes)
        sa = _asymmetry("sa", left, right, ref, n_resamples, seed, short.capitalize(), notes)
        flags, rule, sources = [], [], []
        side_flag = {"left": None, "right": None}
        for t in thr_by_q.get(q, []):
            rule.append(t.describe())
            if t.source:
                sources.append(t.source)
            for s, mean in (("left", lmean), ("right", rmean)):
                hit = t.exceeded(mean)
                if hit is not None:
                    side_flag[s] = bool(side_flag[s]) or hit
                if hit:
                    op = "<" if t.direction == "below" else ">"
                    flags.append(f"{s} mean {mean:.2f} {unit} {op} {t.value:g} {t.unit} "
                                 f"({t.context}; {t.short_source})")
        si_flag = None
        for key, est, name in (("symmetry_index_percent", si[0], "SI"),
                               ("symmetry_angle_percent", sa[0], "SA")):
            for t in thr_by_q.get(key, []):
                hit = t.exceeded(est)
                if key == "symmetry_index_percent" and hit is not None:
                    si_flag = bool(si_flag) or hit
                if hit:
                    flags.append(f"{name} {est:.1f} % beyond {t.value:g} % ({t.context}; "
                                 f"{t.short_source})")
        srows.append({
            "quantity": q, "label": label, "unit": unit,
            "left_n": ln, "left_missing": lm, "left_mean": lmean, "left_sd": lsd,
            "right_n": rn, "right_missing": rm, "right_mean": rmean, "right_sd": rsd,
            "si_percent": si[0], "si_ci_low": si[1], "si_ci_high": si[2],
            "sa_percent": sa[0], "sa_ci_low": sa[1], "sa_ci_high": sa[2],
            "left_flag": side_flag["left"], "right_flag": side_flag["right"], "si_flag": si_flag,
            "flags": "; ".join(flags),
            "threshold": "; ".join(rule) if rule else "no threshold given",
            "source": "; ".join(dict.fromkeys(sources)),
        })
    summary = pd.DataFrame(srows)
    for col in ("left_flag", "right_flag", "si_flag"):  # True/False/None, never numpy bools
        summary[col] = pd.Series([r[col] for r in srows], dtype=object)
    for t in thr:
        if t.value is not None and t.context and "walking" not in t.context:
            notes.append(f"Threshold for {t.quantity} comes from {t.context} "
                         f"({t.short_source}); a flag on another activity is an "
                         "extrapolation.")

    events_df = _events.to_dataframe(ev)
    settings = {"cutoff_hz": cut, "filter": "zero-lag Butterworth, order 2" if cut else "none",
                "reference": ref, "n_resamples": n_resamples, "seed": seed,
                "confidence": 0.95, "ci_method": "percentile bootstrap across stances",
                "pelvis_angles": "Baker (rotation-obliquity-tilt), progression frame",
                "joint_angles": "Plug-in Gait, Grood & Suntay JCS",
                "moments": "internal, " + ("JCS" if moment_frame == "jcs"
                                           else moment_frame + " frame")
                           + ", Dempster/Winter segment parameters",
                "moment_frame": moment_frame,
                "events_merge_window_s": MERGE_WINDOW_S}
    return TrialReport(
        source=source, trial_name=Path(source).name if source else "<Trial>",
        body_mass_kg=mass, body_mass_source=mass_source, static_source=static_source,
        reference=ref, cutoff_hz=cut, n_resamples=n_resamples, seed=seed, confidence=0.95,
        events_source=ev_source, point_rate_hz=float(tr.point_rate_hz), n_frames=int(n),
        summary=summary, stances=stances, events=events_df,
        curves=Curves(data=data, units={q: u for q, (u, _) in CURVES.items()},
                      foot_off_percent=foot_off, cycles=cycles_out),
        notes=notes, moments_available=moments_available, thresholds=thr,
        hipmech_version=__version__, settings=settings)
