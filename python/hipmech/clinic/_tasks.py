"""Clinic tasks: single-leg stance (the Trendelenburg test) and single-leg squat, from 3-D trials
or 2-D frontal video keypoints (docs/clinic.md, "Single-leg stance (Trendelenburg)" and
"Single-leg squat")."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

from .. import _core
from .._errors import InvalidArgumentError
from ._common import ClinicResult, Flag

__all__ = ["SingleLegSquat", "SingleLegStance", "single_leg_squat", "single_leg_stance"]

_NAN = float("nan")


def _is_keypoints(data: Any) -> bool:
    return all(hasattr(data, a) for a in ("names", "frames", "points_px"))


def _is_trial(data: Any) -> bool:
    return hasattr(data, "markers") and hasattr(data, "point_rate_hz")


def _rate(rate_hz: Optional[float], data: Any, arg: str = "rate_hz") -> float:
    """The frame rate: the data's own (a trial's point rate, a TRC's DataRate) unless given; a
    given rate that contradicts the data's own is refused."""
    own = getattr(data, "point_rate_hz", None)
    if own is None:
        own = getattr(data, "rate_hz", None)
    own = None if own is None or not math.isfinite(float(own)) else float(own)
    if rate_hz is None:
        if own is None:
            raise InvalidArgumentError(
                f"argument {arg!r}: expected the video's frame rate in Hz (these keypoints "
                "carry none; a TRC file carries its own), got None", arg,
                "the video's frame rate in Hz", "None")
        return own
    rate = float(rate_hz)
    if own is not None and _is_keypoints(data) and not math.isclose(rate, own, rel_tol=1e-9):
        raise InvalidArgumentError(
            f"argument {arg!r}: expected the keypoints' own frame rate {own:g} Hz (or None to "
            f"use it), got {rate:g} Hz", arg, f"{own:g} Hz (the keypoints' own rate)",
            f"{rate:g} Hz")
    return rate


def _keypoints_checked(kp: Any, arg: str = "data") -> Any:
    """Refuse keypoints whose x and y are in different units (normalised MediaPipe
    coordinates): obliquities and angles need one unit on both axes."""
    check = getattr(kp, "check_isotropic", None)
    if check is not None:
        check(arg)
    return kp


def _start_time_s(trial: Any) -> float:
    return (int(getattr(trial, "first_frame", 1)) - 1) / float(trial.point_rate_hz)


def _options(**kw: Any) -> dict:
    return {k: (None if v is None else float(v)) for k, v in kw.items()}


def _row(test: str, quantity: str, side: str, value: Any, unit: str) -> dict:
    return {"test": test, "quantity": quantity, "side": side,
            "value": _NAN if value is None else float(value), "unit": unit}


# ---------------------------------------------------------------------------------------------
# Single-leg stance
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True, repr=False)
class SingleLegStance(ClinicResult):
    """Result of :func:`single_leg_stance` (the Trendelenburg test).

    Attributes
    ----------
    stance_side : str or None
        The standing leg, ``"left"`` or ``"right"``; None when no lift-off was found.
    stance_side_detected : bool
        True when detected (the foot that stays down), False when given.
    stance_side_contradicted : bool
        True when ``stance_side`` was given but that foot, not the other, was lifted: the
        given side looks wrong and nothing is assessed (a note says so).
    lift_off_s, touch_down_s : float
        Lift-off and touch-down of the free foot [s] (trial time); NaN when not found / seen.
    hold_time_s : float
        Touch-down minus lift-off [s]; when no touch-down was seen, the time to one frame after
        the last frame the free foot was seen up (a lower bound; ``hold_complete`` False).
    hold_complete : bool
        True when the touch-down was seen.
    free_foot_seen_to_end : bool
        False when no touch-down was seen because the free foot's keypoints or markers are
        missing at the end of the recording (rather than the recording ending with the foot
        seen up).
    pelvic_drop_peak_deg, pelvic_drop_mean_deg : float
        Contralateral pelvic drop over the hold [deg]: obliquity of the stance side minus its
        quiet-standing mean, positive = free side lower, low-passed at ``filter_cutoff_hz``.
        Peak = the largest value held for ``sustained_s``; mean of the finite frames. NaN for a
        side view.
    pelvic_drop_peak_s : float
        Time of the peak [s].
    pelvic_drop_max_deg, pelvic_drop_max_s : float
        The largest single frame of the (low-passed) drop over the hold [deg] and its time [s];
        not scored. A brief drop the sustained peak leaves out shows here, and a note names it
        when it exceeds the peak by more than noise alone could put it: the larger of 2 deg
        and (z(N) + z(w)) x ``filtered_noise_deg``, z(k) the normal quantile at 1 - 0.01 / k,
        N the frames searched and w the frames of ``sustained_s`` (a union bound; 7.7 SDs for a
        35 s hold at 30 frames/s). The first and last 1 / (2 ``filter_cutoff_hz``) s of each
        gap-free run (next to a gap longer than ``max_gap_s``, or the recording's start or
        end) are not searched: there the filter leaves the noise up to 3 times larger.
    time_to_drop_s : float
        From lift-off to the first frame from which the drop stays above the cut-off for
        ``sustained_s`` [s]; NaN if never.
    obliquity_noise_deg, filtered_noise_deg : float
        Noise of the obliquity [deg]: its SD during quiet standing, and that SD after the
        low-pass filter (times the filter's white-noise gain).
    drop_noise_deg : float
        The SD of the scored drop from noise alone [deg]: ``filtered_noise_deg`` combined with
        the error of the baseline's mean (``obliquity_noise_deg`` / sqrt(n) over its n
        frames). The drop flag is raised when the peak exceeds ``drop_cutoff_deg`` + 3 SD,
        clear below ``drop_cutoff_deg`` - 3 SD, and not assessed (with a note) in between.
    hip_width_leg_lengths : float
        2-D: hip separation in the image / leg length while standing (NaN in 3-D); below
        ``min_hip_width_leg_lengths`` (a side view) the drop is not assessed, below
        ``narrow_hip_width_leg_lengths`` a note (a turned camera magnifies the drop).
    trunk_lean_peak_deg, trunk_lean_mean_deg : float
        Frontal trunk lean over the hold relative to quiet standing [deg], positive towards the
        stance side; NaN without trunk points.
    trendelenburg : str
        ``"positive"``, ``"negative"`` or ``"not assessed"``; the rules and their source are in
        ``flags`` (``pelvic_drop_peak_deg`` and ``hold_time_s``).
    time_s, obliquity_deg, pelvic_drop_deg, trunk_lean_deg, free_foot_height : numpy.ndarray
        Per-frame series for figures: time [s], obliquity of the stance side [deg], drop
        relative to quiet standing [deg], trunk lean towards the stance side [deg] (empty
        without trunk points), free-foot height above its standing level (``height_unit``).
    height_unit : str
        ``"m"`` (3-D) or ``"leg lengths"`` (2-D).
    lift_off_frame, touch_down_frame : int
        0-based rows of the series; -1 when not found.
    missing_hold_frames, hold_frames : int
        Frames of the hold without a pelvic obliquity, and all frames of the hold.
    filled_hold_frames : int
        Of the missing ones, those in gaps of at most ``max_gap_s``, filled (linear) before the
        filter; the others stay NaN and are left out of the peak and mean.
    """

    stance_side: Optional[str] = None
    stance_side_detected: bool = False
    stance_side_contradicted: bool = False
    free_foot_seen_to_end: bool = True
    obliquity_noise_deg: float = _NAN
    filtered_noise_deg: float = _NAN
    drop_noise_deg: float = _NAN
    hip_width_leg_lengths: float = _NAN
    lift_off_s: float = _NAN
    touch_down_s: float = _NAN
    hold_time_s: float = _NAN
    hold_complete: bool = False
    pelvic_drop_peak_deg: float = _NAN
    pelvic_drop_peak_s: float = _NAN
    pelvic_drop_mean_deg: float = _NAN
    pelvic_drop_max_deg: float = _NAN
    pelvic_drop_max_s: float = _NAN
    time_to_drop_s: float = _NAN
    baseline_obliquity_deg: float = _NAN
    trunk_lean_peak_deg: float = _NAN
    trunk_lean_mean_deg: float = _NAN
    trendelenburg: str = "not assessed"
    lift_off_frame: int = -1
    touch_down_frame: int = -1
    hold_frames: int = 0
    missing_hold_frames: int = 0
    filled_hold_frames: int = 0
    lift_threshold: float = _NAN
    height_unit: str = "m"
    time_s: np.ndarray = field(default_factory=lambda: np.zeros(0))
    obliquity_deg: np.ndarray = field(default_factory=lambda: np.zeros(0))
    pelvic_drop_deg: np.ndarray = field(default_factory=lambda: np.zeros(0))
    trunk_lean_deg: np.ndarray = field(default_factory=lambda: np.zeros(0))
    free_foot_height: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def to_frame(self) -> Any:
        """The scores as a long DataFrame (test, quantity, side, value, unit); ``side`` is the
        stance side."""
        import pandas as pd
        t, s = self.test, self.stance_side or ""
        rows = [_row(t, "lift_off_s", s, self.lift_off_s, "s"),
                _row(t, "touch_down_s", s, self.touch_down_s, "s"),
                _row(t, "hold_time_s", s, self.hold_time_s, "s"),
                _row(t, "pelvic_drop_peak_deg", s, self.pelvic_drop_peak_deg, "deg"),
                _row(t, "pelvic_drop_mean_deg", s, self.pelvic_drop_mean_deg, "deg"),
                _row(t, "pelvic_drop_max_deg", s, self.pelvic_drop_max_deg, "deg"),
                _row(t, "time_to_drop_s", s, self.time_to_drop_s, "s"),
                _row(t, "trunk_lean_peak_deg", s, self.trunk_lean_peak_deg, "deg"),
                _row(t, "trunk_lean_mean_deg", s, self.trunk_lean_mean_deg, "deg"),
                _row(t, "obliquity_noise_deg", s, self.obliquity_noise_deg, "deg")]
        return pd.DataFrame(rows, columns=["test", "quantity", "side", "value", "unit"])

    def series_frame(self) -> Any:
        """The per-frame series as a DataFrame (time_s, obliquity_deg, pelvic_drop_deg,
        trunk_lean_deg, free_foot_height), for figures."""
        import pandas as pd
        n = len(self.time_s)
        lean = self.trunk_lean_deg if len(self.trunk_lean_deg) == n else np.full(n, np.nan)
        return pd.DataFrame({"time_s": self.time_s, "obliquity_deg": self.obliquity_deg,
                             "pelvic_drop_deg": self.pelvic_drop_deg, "trunk_lean_deg": lean,
                             "free_foot_height": self.free_foot_height})


def single_leg_stance(data: Any, *, stance_side: Any = None, rate_hz: Optional[float] = None,
                      lift_threshold_m: float = 0.03, lift_threshold_leg_lengths: float = 0.05,
                      release_fraction: float = 0.5, baseline_s: float = 1.0,
                      drop_cutoff_deg: float = 2.0, hold_cutoff_s: float = 30.0,
                      filter_cutoff_hz: float = 2.0, max_gap_s: float = 0.2,
                      sustained_s: float = 1.0, min_hip_width_leg_lengths: float = 0.1,
                      narrow_hip_width_leg_lengths: float = 0.16) -> SingleLegStance:
    """Single-leg stance (the Trendelenburg test) from a 3-D trial or 2-D frontal keypoints.

    The recording starts with quiet standing on both feet (at least ``baseline_s`` from the
    first frame with a pelvis), then one foot is lifted and held. The free foot is the one
    lifted longest (or the foot other than ``stance_side``); its lift runs from the first frame
    above ``release_fraction`` times the threshold to the first frame back at or below it,
    provided it rose above the threshold (hysteresis). The drop is the obliquity of the stance
    side minus its mean over quiet standing (positive = free side lower), its gaps up to
    ``max_gap_s`` filled linearly, low-passed at ``filter_cutoff_hz``; its peak is the largest
    value held for ``sustained_s`` (the largest single frame is reported beside it).
    Trendelenburg positive when the peak drop exceeds ``drop_cutoff_deg`` or the hold is
    shorter than ``hold_cutoff_s`` (Hardcastle & Nade 1985, J Bone Joint Surg Br
    67(5):741-746: the pelvis on the raised side must be held up for 30 s; the degree
    tolerance, filter and sustained peak are hipmech choices, docs/clinic.md). The drop is not
    assessed for a side view, or when the peak lies within 3 noise SDs (``drop_noise_deg``) of
    the cut-off (a note says so).

    Parameters
    ----------
    data : hipmech.io.Trial or hipmech.io.Keypoints2D
        A 3-D trial with Plug-in Gait pelvis markers (LASI, RASI, and SACR or LPSI/RPSI), foot
        markers (LHEE/LTOE/LANK, RHEE/RTOE/RANK; any of them per foot) and, for the trunk lean,
        LSHO/RSHO or C7/CLAV; or 2-D keypoints of a frontal view (hipmech names: left_hip,
        right_hip, left_ankle/left_heel/left_big_toe, ..., left_shoulder, right_shoulder; image
        y down), whose missing frames become NaN rows.
    stance_side : {"left", "right"} or hipmech.Side, optional
        The standing leg; None (default) detects it.
    rate_hz : float, optional
        Frame rate [Hz]; default: the trial's point rate, or the keypoints' own rate (a TRC
        file's); required for keypoints without one. A rate that differs from the keypoints'
        own is refused.
    lift_threshold_m : float
        3-D: a foot is lifted once it rises this much above its standing level [m] (0.03).
    lift_threshold_leg_lengths : float
        2-D: the same as a fraction of the leg length (hip-to-ankle in the image; 0.05).
    release_fraction : float
        Hysteresis: the lift begins and ends at this fraction of the threshold, in (0, 1].
    baseline_s : float
        Quiet double stance at the start [s] for the standing levels and baselines.
    drop_cutoff_deg : float
        Peak drop above which the pelvis "cannot be held level" [deg].
    hold_cutoff_s : float
        Required hold [s] (30, Hardcastle & Nade 1985).
    filter_cutoff_hz : float
        Low-pass cut-off of the drop and trunk lean [Hz] (zero-lag Butterworth, order 2);
        0: not filtered. Default 2 Hz: a drop develops over 0.5 s or more.
    max_gap_s : float
        Gaps of at most this duration [s] (k missing frames, k / rate <= max_gap_s) are filled
        by linear interpolation before the filter; longer ones stay NaN (counted in the notes);
        0: none filled. Default 0.2 s; at most 1 s (interpolating across a longer gap invents
        the pelvis's motion).
    sustained_s : float
        The peak is the largest value held this long [s]; 0: the largest single frame.
    min_hip_width_leg_lengths : float
        2-D: hips closer in the image than this fraction of the leg length (a side view): the
        drop is not assessed (0.1).
    narrow_hip_width_leg_lengths : float
        2-D: hips closer than this (but not a side view): a note that a camera turned from the
        frontal plane by an angle a magnifies the drop by about 1 / cos a (0.16; a frontal view
        shows about 0.31 for an adult, 0.18 for a child, so the note comes for an adult turned
        more than about 59 deg, a child more than about 27 deg).

    Returns
    -------
    SingleLegStance

    Raises
    ------
    hipmech.InvalidArgumentError
        Missing markers or keypoints (named and listed), a rate or an option out of range
        (named), a ``rate_hz`` contradicting the keypoints' own, normalised keypoint
        coordinates (``data``), arrays of the wrong shape.
    TypeError
        ``data`` is neither a trial nor keypoints.

    Examples
    --------
    >>> r = hipmech.clinic.single_leg_stance(trial)            # doctest: +SKIP
    >>> r.trendelenburg, r.hold_time_s, r.pelvic_drop_peak_deg  # doctest: +SKIP
    """
    opts = _options(lift_threshold_m=lift_threshold_m,
                    lift_threshold_leg_lengths=lift_threshold_leg_lengths,
                    release_fraction=release_fraction, baseline_s=baseline_s,
                    drop_cutoff_deg=drop_cutoff_deg, hold_cutoff_s=hold_cutoff_s,
                    filter_cutoff_hz=filter_cutoff_hz, max_gap_s=max_gap_s,
                    sustained_s=sustained_s, min_hip_width_leg_lengths=min_hip_width_leg_lengths,
                    narrow_hip_width_leg_lengths=narrow_hip_width_leg_lengths)
    if _is_keypoints(data):
        _keypoints_checked(data)
        raw = _core.clinic_single_leg_stance_2d(
            list(data.names), np.asarray(data.frames, dtype=float), dict(data.points_px),
            _rate(rate_hz, data), stance_side, opts)
        unit = "leg lengths"
    elif _is_trial(data):
        from ..model import _markers
        raw = _core.clinic_single_leg_stance_3d(
            _markers(data, "data"), data.lab_axes, _rate(rate_hz, data), _start_time_s(data),
            stance_side, opts)
        unit = "m"
    else:
        raise TypeError("argument 'data': expected a hipmech.io.Trial or hipmech.io.Keypoints2D, "
                        f"got {type(data).__name__}")
    flags = [Flag.from_core(f) for f in raw.pop("flags")]
    notes = list(raw.pop("notes"))
    return SingleLegStance(test="single_leg_stance", flags=flags, notes=notes,
                           height_unit=unit, **raw)


# ---------------------------------------------------------------------------------------------
# Single-leg squat
# ---------------------------------------------------------------------------------------------

_REP_COLUMNS = ["repetition", "begin_s", "peak_s", "end_s", "depth_leg_lengths",
                "peak_fppa_deg", "peak_pelvic_drop_deg", "complete", "note", "begin_frame",
                "peak_frame", "end_frame"]


@dataclass(frozen=True, kw_only=True, repr=False)
class SingleLegSquat(ClinicResult):
    """Result of :func:`single_leg_squat`.

    Attributes
    ----------
    side : str
        The squatting leg.
    repetitions : pandas.DataFrame
        One row per repetition: repetition (1-based), begin_s, peak_s (deepest), end_s,
        depth_leg_lengths (mid-hip descent below standing / leg length), peak_fppa_deg (largest
        knee FPPA, positive = valgus), peak_pelvic_drop_deg (largest contralateral drop relative
        to standing), complete, note, and the 0-based frames.
    depth_leg_lengths, peak_fppa_deg, peak_pelvic_drop_deg : dict
        Summary over the complete repetitions: ``mean``, ``sd`` (between repetitions, n - 1)
        and ``count``.
    classification : str
        ``"poor"`` (mean peak FPPA above the cut-off), ``"good"`` or ``"not assessed"``; the
        rule and its source are in ``flags``.
    fppa_noise_deg, filtered_fppa_noise_deg : float
        Noise of the FPPA [deg]: its SD while standing, and after the low-pass filter. The
        classification is not assessed when the filtered noise reaches
        ``fppa_noise_limit_deg``.
    hip_width_leg_lengths : float
        2-D: hip separation in the image / leg length while standing (NaN in 3-D); below
        ``min_hip_width_leg_lengths`` (a side view) FPPA and drop are not assessed, below
        ``narrow_hip_width_leg_lengths`` a note (a turned camera shrinks the FPPA).
    time_s, fppa_deg, depth_series_leg_lengths, pelvic_drop_deg : numpy.ndarray
        Per-frame series for figures (FPPA and drop low-passed, as scored).
    min_excursion_leg_lengths : float
        The repetition threshold used.
    """

    side: str = "left"
    repetitions: Any = None
    depth_leg_lengths: dict = field(default_factory=dict)
    peak_fppa_deg: dict = field(default_factory=dict)
    peak_pelvic_drop_deg: dict = field(default_factory=dict)
    classification: str = "not assessed"
    min_excursion_leg_lengths: float = _NAN
    fppa_noise_deg: float = _NAN
    filtered_fppa_noise_deg: float = _NAN
    hip_width_leg_lengths: float = _NAN
    time_s: np.ndarray = field(default_factory=lambda: np.zeros(0))
    fppa_deg: np.ndarray = field(default_factory=lambda: np.zeros(0))
    depth_series_leg_lengths: np.ndarray = field(default_factory=lambda: np.zeros(0))
    pelvic_drop_deg: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def to_frame(self) -> Any:
        """The summary as a long DataFrame (test, quantity, side, value, unit): mean, SD and
        count of each per-repetition quantity, and the repetitions found."""
        import pandas as pd
        t, s = self.test, self.side
        rows = [_row(t, "repetitions", s, len(self.repetitions), "count")]
        for name, unit in (("depth_leg_lengths", "leg lengths"), ("peak_fppa_deg", "deg"),
                           ("peak_pelvic_drop_deg", "deg")):
            summ = getattr(self, name)
            base = name.replace("_deg", "").replace("_leg_lengths", "")
            rows.append(_row(t, f"{base}_mean_{unit.replace(' ', '_')}", s, summ["mean"], unit))
            rows.append(_row(t, f"{base}_sd_{unit.replace(' ', '_')}", s, summ["sd"], unit))
        rows.append(_row(t, "fppa_noise_deg", s, self.fppa_noise_deg, "deg"))
        return pd.DataFrame(rows, columns=["test", "quantity", "side", "value", "unit"])

    def series_frame(self) -> Any:
        """The per-frame series as a DataFrame (time_s, fppa_deg, depth_leg_lengths,
        pelvic_drop_deg), for figures."""
        import pandas as pd
        return pd.DataFrame({"time_s": self.time_s, "fppa_deg": self.fppa_deg,
                             "depth_leg_lengths": self.depth_series_leg_lengths,
                             "pelvic_drop_deg": self.pelvic_drop_deg})


def single_leg_squat(data: Any, *, side: Any, view: str = "anterior",
                     rate_hz: Optional[float] = None, parameters: Any = None,
                     baseline_s: float = 1.0, min_excursion_leg_lengths: Optional[float] = None,
                     onset_fraction: float = 0.05, fppa_cutoff_deg: float = 13.5,
                     pelvic_drop_cutoff_deg: Optional[float] = None,
                     filter_cutoff_hz: float = 3.0, max_gap_s: float = 0.2,
                     fppa_noise_limit_deg: float = 1.0, min_hip_width_leg_lengths: float = 0.1,
                     narrow_hip_width_leg_lengths: float = 0.16) -> SingleLegSquat:
    """Single-leg squat: repetitions, per-repetition peak knee FPPA, pelvic drop and depth, a
    summary with the between-repetition SD and a classification by a cited FPPA cut-off.

    The depth is the descent of the mid-hip below standing (median over the first
    ``baseline_s``) divided by the leg length (thigh + shank while standing); repetitions are
    found on it by :func:`hipmech.knee.find_repetitions`. Per repetition: the largest FPPA
    (:func:`hipmech.knee.fppa_2d` / ``fppa_3d``, positive = valgus) and the largest
    contralateral drop (obliquity of the squatting side minus its standing mean), both
    low-passed at ``filter_cutoff_hz`` so that keypoint jitter does not inflate the peaks. The
    squat is
    ``"poor"`` when the mean peak FPPA of the complete repetitions exceeds ``fppa_cutoff_deg``:
    13.5 deg = 8.4 + 5.1, the mean + 1 SD of 30 asymptomatic women (Herrington 2014, Knee
    21(2):514-517; patellofemoral pain 16.8 +/- 5.4 deg; mean + 1 SD is a hipmech choice).

    Parameters
    ----------
    data : hipmech.io.Keypoints2D, hipmech.io.Trial or hipmech.model.PigLowerBody
        2-D frontal keypoints (left_hip, right_hip, and the squatting leg's knee and ankle;
        image y down), or a 3-D Plug-in Gait trial (the joint centres come from
        :func:`hipmech.model.plug_in_gait`, which needs ``parameters`` or the trial's subject
        measurements), or its result.
    side : {"left", "right"} or hipmech.Side
        The squatting leg.
    view : {"anterior", "posterior"}
        2-D: where the camera is (in front by default). Checked against the image: from in
        front the subject's left hip is on the image's right of the right hip (a mirrored
        video counts as the other view); a contradiction is an error naming ``view``.
    rate_hz : float, optional
        Frame rate [Hz]; default: the trial's point rate, or the keypoints' own rate (a TRC
        file's); required for keypoints without one and a PigLowerBody. A rate that differs
        from the keypoints' own is refused.
    parameters : hipmech.model.PigParameters, optional
        3-D trial: the Plug-in Gait measurements (default: from the trial's subject).
    baseline_s : float
        Quiet standing at the start [s].
    min_excursion_leg_lengths : float, optional
        Smallest descent counted as a repetition [leg lengths]; None: half the signal's range.
    onset_fraction : float
        Where a repetition begins and ends (fraction of its excursion), in [0, 1).
    fppa_cutoff_deg : float
        Mean peak FPPA above which the squat is "poor" [deg].
    pelvic_drop_cutoff_deg : float, optional
        A cut-off for the mean peak pelvic drop [deg]; None (default): that flag is "not
        assessed", since no quantitative cut-off is published (Crossley et al. 2011, Am J Sports
        Med 39(4):866-873, rate the pelvis by eye).
    filter_cutoff_hz : float
        Low-pass cut-off of the FPPA and the obliquity [Hz] (zero-lag Butterworth, order 2);
        0: not filtered. Default 3 Hz: a squat lasts 1 to 2 s.
    max_gap_s : float
        Gaps of at most this duration [s] in the FPPA and obliquity are filled by linear
        interpolation before the filter (0.2; at most 1, a longer gap's motion would be
        invented); longer ones stay NaN.
    fppa_noise_limit_deg : float
        The classification is not assessed when the FPPA's noise after the filter (SD while
        standing) reaches this [deg] (1).
    min_hip_width_leg_lengths : float
        2-D: hips closer in the image than this fraction of the leg length (a side view): FPPA
        and drop not assessed (0.1). Also the least hip width at which ``view`` is checked.
    narrow_hip_width_leg_lengths : float
        2-D: hips closer than this (but not a side view): a note that a camera turned from the
        frontal plane by an angle a shrinks the FPPA (the valgus's frontal component about
        x cos a) and magnifies the drop (about 1 / cos a) (0.16: no note for a frontal adult,
        about 0.31, or child, about 0.18).

    Returns
    -------
    SingleLegSquat

    Raises
    ------
    hipmech.InvalidArgumentError
        Missing keypoints or markers (named), a rate or an option out of range (named), a
        ``view`` contradicted by the image, a ``rate_hz`` contradicting the keypoints' own,
        normalised keypoint coordinates (``data``).
    TypeError
        ``data`` is not keypoints, a trial or a PigLowerBody.
    """
    opts = _options(baseline_s=baseline_s, min_excursion_leg_lengths=min_excursion_leg_lengths,
                    onset_fraction=onset_fraction, fppa_cutoff_deg=fppa_cutoff_deg,
                    pelvic_drop_cutoff_deg=pelvic_drop_cutoff_deg,
                    filter_cutoff_hz=filter_cutoff_hz, max_gap_s=max_gap_s,
                    fppa_noise_limit_deg=fppa_noise_limit_deg,
                    min_hip_width_leg_lengths=min_hip_width_leg_lengths,
                    narrow_hip_width_leg_lengths=narrow_hip_width_leg_lengths)
    if _is_keypoints(data):
        _keypoints_checked(data)
        raw = _core.clinic_single_leg_squat_2d(
            list(data.names), np.asarray(data.frames, dtype=float), dict(data.points_px), side,
            _rate(rate_hz, data), view, opts)
    else:
        from .. import model
        if _is_trial(data):
            body = model.plug_in_gait(data, parameters, feet=False)
            lab, rate, start = data.lab_axes, _rate(rate_hz, data), _start_time_s(data)
        elif isinstance(data, model.PigLowerBody):
            body = data
            lab = data.lab_axes if data.lab_axes is not None else _core.LabAxes()
            if rate_hz is None:
                raise InvalidArgumentError(
                    "argument 'rate_hz': expected the frame rate in Hz with a PigLowerBody, "
                    "got None", "rate_hz", "the frame rate in Hz", "None")
            rate, start = float(rate_hz), 0.0
        else:
            raise TypeError("argument 'data': expected hipmech.io.Keypoints2D, hipmech.io.Trial "
                            f"or hipmech.model.PigLowerBody, got {type(data).__name__}")
        raw = _core.clinic_single_leg_squat_3d(
            body.hip_centre.left, body.hip_centre.right, body.knee_centre[side],
            body.ankle_centre[side], body.pelvis.R_lab_segment, side, lab, rate, start, opts)
    flags = [Flag.from_core(f) for f in raw.pop("flags")]
    notes = list(raw.pop("notes"))
    import pandas as pd
    reps = pd.DataFrame([{"repetition": i + 1, **r} for i, r in enumerate(raw.pop("repetitions"))],
                        columns=_REP_COLUMNS)
    depth_series = raw.pop("depth_leg_lengths_series")
    return SingleLegSquat(test="single_leg_squat", flags=flags, notes=notes, repetitions=reps,
                          depth_series_leg_lengths=depth_series, **raw)
