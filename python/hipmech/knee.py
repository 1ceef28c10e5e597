"""Knee valgus: the signed frontal plane projection angle (FPPA), 3-D knee angles with a valgus
view, the knee-to-ankle separation ratio, medial knee displacement, per-repetition peaks of
single-leg squats and landings, and a check of flexion cross-talk in the knee's frontal angle
(docs: knee).

Every valgus quantity is positive for valgus (the knee medial to the hip-ankle line) on both
sides and from either camera view. Angles are in radians; ``*_deg`` properties convert.

>>> import numpy as np, hipmech
>>> hip, knee, ankle = np.array([[0.0, 0.0]]), np.array([[0.1, 1.0]]), np.array([[0.0, 2.0]])
>>> r = hipmech.knee.fppa(hip, knee, ankle, "right")  # pixels, y down, camera in front
>>> round(float(r.fppa_deg[0]), 2)  # the right knee lies towards image +x: medial, valgus
11.42
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Optional, Union

import numpy as np
import numpy.typing as npt

from . import _core, _results
from ._core import LabAxes, Side
from ._args import (integer_value, invalid_argument as _invalid, optional_real_number,
                    positive_number, real_array, real_number, side_name as _side_name)

__all__ = [
    "FlexionCrosstalk",
    "Fppa",
    "KneeAngles",
    "Repetition",
    "RepetitionSummary",
    "RepetitionValue",
    "Repetitions",
    "Separation",
    "angles",
    "flexion_crosstalk",
    "fppa",
    "medial_displacement",
    "project_frontal",
    "repetitions",
    "separation_ratio",
]

SideLike = Union[Side, str]


def _width(a: Any, arg: str) -> int:
    """2 or 3: the number of columns of a (n, 2) or (n, 3) point array."""
    shape = np.shape(a)
    if len(shape) != 2 or shape[1] not in (2, 3):
        raise _invalid(arg, "an array of shape (n_frames, 2) (image points) or (n_frames, 3) "
                       "(lab points)", f"shape {tuple(shape)}")
    return int(shape[1])


def _frame_rotations(frame: Any, lab_axes: Optional[LabAxes], n: int) -> np.ndarray:
    """(1, 3, 3) or (n, 3, 3) rotations from 'lab', an array, SegmentFrames or Progression."""
    if frame is None:
        raise _invalid("frame", "'lab', a (3, 3) or (n_frames, 3, 3) rotation, SegmentFrames or "
                       "a Progression for 3-D points (the plane to project on)", "None")
    if isinstance(frame, str):
        if frame.strip().lower() != "lab":
            raise _invalid("frame", "'lab' or rotations", repr(frame))
        axes = lab_axes if lab_axes is not None else LabAxes()
        return np.ascontiguousarray(axes.R_isb_lab.T)[None]
    R = getattr(frame, "R_lab_segment", None)
    if R is None:
        R = getattr(frame, "R_lab_progression", None)
    if R is None:
        R = frame
    R = real_array(R, "frame", "rotations of shape (3, 3) or (n_frames, 3, 3)")
    if R.shape == (3, 3):
        return R[None]
    if R.ndim == 3 and R.shape[1:] == (3, 3) and R.shape[0] in (1, n):
        return R
    raise _invalid("frame", f"rotations of shape (3, 3) or ({n}, 3, 3)", f"shape {R.shape}")


def _frame_count(points: dict[str, Any]) -> int:
    """The number of frames of point arrays that must agree (their first dimension); when they
    do not, InvalidArgumentError naming the one that differs from the others (the first
    argument wins a tie), so that a short ``hip`` is blamed as ``hip``."""
    counts = {name: (np.shape(v)[0] if np.ndim(v) else 0) for name, v in points.items()}
    values = list(counts.values())
    n = max(values, key=lambda c: (values.count(c), -values.index(c)))
    for name, c in counts.items():
        if c != n:
            others = " and ".join(f"'{o}'" for o, k in counts.items() if k == n)
            raise _invalid(name, f"{n} frames (as {others})", f"{c} frames")
    return n


def _keypoints(kp: Any, names: Optional[Mapping[str, str]], side: str,
               parts: tuple[str, ...]) -> list[np.ndarray]:
    kp.check_isotropic("hip")
    pts = kp.points_px
    out = []
    for part in parts:
        name = (names or {}).get(part, f"{side}_{part}")
        if name not in pts:
            raise _invalid("names", f"a keypoint named {name!r} for the {side} {part} (give "
                           f"names={{'{part}': ...}})", f"keypoints {sorted(pts)}")
        out.append(pts[name])
    return out


def _check_view(kp: Any, names: Optional[Mapping[str, str]], view: Any) -> None:
    """Refuse a view that the image order of the two hips contradicts (as
    ``clinic::squat_signals_2d``): seen from in front, the subject's left hip has the larger
    image x; from behind, the smaller. Checked only when both hips are present and their median
    separation is at least 10 % of the median hip-to-ankle distance (a side view is left
    alone); a wrong view would otherwise turn valgus into varus silently."""
    pts = kp.points_px
    key = {part: (names or {}).get(part, part) for part in
           ("left_hip", "right_hip", "left_ankle", "right_ankle")}
    if not all(k in pts for k in (key["left_hip"], key["right_hip"])):
        return
    lh, rh = np.asarray(pts[key["left_hip"]], float), np.asarray(pts[key["right_hip"]], float)
    with np.errstate(all="ignore"):
        dx = lh[:, 0] - rh[:, 0]
        legs = [np.hypot(*(np.asarray(pts[key[f"{s}_ankle"]], float) - h).T)
                for s, h in (("left", lh), ("right", rh)) if key[f"{s}_ankle"] in pts]
    dx = dx[np.isfinite(dx)]
    leg = np.nanmedian(np.concatenate(legs)) if legs and np.isfinite(
        np.concatenate(legs)).any() else np.nan
    if dx.size == 0 or not np.isfinite(leg) or abs(np.median(dx)) < 0.1 * leg:
        return
    seen = "anterior" if np.median(dx) > 0 else "posterior"
    wanted = str(view).strip().lower()
    wanted = {"front": "anterior", "frontal": "anterior", "back": "posterior",
              "rear": "posterior"}.get(wanted, wanted)
    if wanted in ("anterior", "posterior") and wanted != seen:
        raise _invalid("view", f"the view the hips' image order shows ({seen!r}: the subject's "
                       f"left hip is at the image's {'right' if seen == 'anterior' else 'left'}; "
                       f"a mirrored, selfie video counts as the other view)", repr(view))


def _limb_points(hip: Any, knee: Any, ankle: Any, side: Any, names: Optional[Mapping[str, str]],
                 frame: Any, lab_axes: Optional[LabAxes],
                 view: Any = None) -> tuple[str, list[Any], Any]:
    """The side, the hip, knee and ankle points (from arrays or keypoints by name) and, for 3-D
    points, the frame rotations (None for 2-D)."""
    side_name = _side_name(side)
    if knee is None and ankle is None and hasattr(hip, "points_px"):
        kp = hip
        hip, knee, ankle = _keypoints(kp, names, side_name, ("hip", "knee", "ankle"))
        if view is not None:
            _check_view(kp, names, view)
    for name, value in (("knee", knee), ("ankle", ankle)):
        if value is None:
            raise _invalid(name, "an array of shape (n_frames, 2) or (n_frames, 3)", "None")
    points = {"hip": hip, "knee": knee, "ankle": ankle}
    return side_name, [hip, knee, ankle], _plane(points, frame, lab_axes)


def _plane(points: dict[str, Any], frame: Any, lab_axes: Optional[LabAxes]) -> Any:
    """None for 2-D points (``frame`` must be None), else the rotations of ``frame``. The
    point arrays are checked first (dtype, shape, frame counts, each named), so that an error
    names the argument that is wrong rather than ``frame``."""
    for name, value in points.items():
        real_array(value, name, "an array of shape (n_frames, 2) (image points) or "
                   "(n_frames, 3) (lab points)")
    first = next(iter(points))
    width = _width(points[first], first)
    n = _frame_count(points)
    if width == 2:
        if frame is not None:
            raise _invalid("frame", "None for 2-D image points (the image is the plane)",
                           type(frame).__name__)
        return None
    return _frame_rotations(frame, lab_axes, n)


# --------------------------------------------------------------------------------------------
# FPPA
# --------------------------------------------------------------------------------------------

@dataclass
class Fppa:
    """Frontal plane projection angle of one limb per frame.

    Attributes
    ----------
    fppa_rad : numpy.ndarray, shape (n_frames,)
        Positive = valgus (the knee medial to the hip-ankle line), on both sides [rad]; NaN where
        a point is missing or the geometry is degenerate.
    side : str
    missing_frames : int
        Frames with a missing (NaN) point.
    degenerate_frames : int
        Frames with coincident points or a limb folded back onto itself (the angle is undefined).
    """

    fppa_rad: np.ndarray
    side: str
    missing_frames: int = 0
    degenerate_frames: int = 0

    @property
    def fppa_deg(self) -> np.ndarray:
        return np.rad2deg(self.fppa_rad)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self.fppa_rad if dtype is None else self.fppa_rad.astype(dtype)

    def __len__(self) -> int:
        return len(self.fppa_rad)


def fppa(hip: Any, knee: Any = None, ankle: Any = None, side: Optional[SideLike] = None, *,
         view: str = "anterior", y_axis: str = "down", frame: Any = None,
         lab_axes: Optional[LabAxes] = None,
         names: Optional[Mapping[str, str]] = None) -> Fppa:
    """Signed, side-aware frontal plane projection angle (FPPA) per frame.

    ``FPPA = s * atan2(t x s, t . s)`` with ``t = knee - hip`` and ``s = ankle - knee``: the
    angle between the thigh and shank lines, 0 when straight, positive when the knee lies
    medial to the hip-ankle line (valgus) on both sides and from either view (Willson & Davis
    2008, J Orthop Sports Phys Ther 38:606-615). Exactly invariant to image translation, scale
    and camera roll; sensitive to camera yaw when the knee is flexed (docs: knee).

    Parameters
    ----------
    hip, knee, ankle : array_like, shape (n_frames, 2) or (n_frames, 3), or Keypoints2D
        Hip (or ASIS), knee and ankle centres. (n, 2): image points (x, y) [px or m].
        (n, 3): lab points [m], projected onto the frontal plane of ``frame``. A
        :class:`hipmech.io.Keypoints2D` as ``hip`` (``knee`` and ``ankle`` None) gives the three
        by ``names`` (default ``{side}_hip``, ``{side}_knee``, ``{side}_ankle``).
    side : Side or str
        The limb.
    view : {"anterior", "posterior"}
        2-D only: the camera in front of the subject (default) or behind.
    y_axis : {"down", "up"}
        2-D only: image y grows down (pixels, default) or up.
    frame : "lab", array_like (3, 3) or (n_frames, 3, 3), SegmentFrames or Progression
        3-D only: the frame whose frontal (Y-Z, ISB axes) plane the points are projected on, e.g.
        ``body.pelvis`` or ``hipmech.pelvis.detect_progression(...)``; "lab" uses ``lab_axes``.
    lab_axes : LabAxes, optional
        With ``frame="lab"``: which lab axes are up and forward (default Z up, X forward).
    names : dict, optional
        Keypoint names for ``"hip"``, ``"knee"`` and ``"ankle"``.

    Returns
    -------
    Fppa
        ``fppa_rad`` per frame (NaN where missing or degenerate) and the counts of such frames.

    Raises
    ------
    ValueError
        Wrong shapes, non-real dtypes (bool, complex, strings, objects) or infinities, an
        unknown view (InvalidArgumentError naming the argument); mismatched frame counts name
        the point array that differs from the others (a short ``hip`` names ``hip``).
    """
    side_name, points, R = _limb_points(hip, knee, ankle, side, names, frame, lab_axes, view)
    if R is None:
        raw = _core.knee_fppa_2d(*points, side_name, view, y_axis)
    else:
        raw = _core.knee_fppa_3d(*points, side_name, R)
    return Fppa(raw[0], side_name, int(raw[1]), int(raw[2]))


def project_frontal(points_lab: npt.ArrayLike, frame: Any, *,
                    lab_axes: Optional[LabAxes] = None) -> np.ndarray:
    """3-D points as an orthographic camera in front of the subject sees the frontal plane of
    ``frame``, y up: ``(x, y) = (-p . Z, p . Y)`` (ISB axes; the subject's left is on the
    image's right), shape (n_frames, 2). Feed them to the 2-D functions with
    ``view="anterior", y_axis="up"``."""
    points = real_array(points_lab, "points_lab", "an array of shape (n_frames, 3)", ndim=2)
    return _core.knee_project_frontal(points, _frame_rotations(frame, lab_axes,
                                                               points.shape[0]))


# --------------------------------------------------------------------------------------------
# Knee-to-ankle separation and medial knee displacement
# --------------------------------------------------------------------------------------------

@dataclass
class Separation:
    """Knee-to-ankle separation ratio per frame (Noyes et al. 2005).

    ``ratio`` = ``knee_separation / ankle_separation`` [1]; separations are the left point
    minus the right one towards the subject's left [unit of the points]: mediolateral in the
    image (2-D) or along the frame's Z axis (3-D). A ratio below 1 means the knees are closer
    together than the ankles; knees that cross give a negative ratio. NaN where a point is
    missing (``missing_frames``) or the ankle separation is not positive
    (``degenerate_frames``).
    """

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    ratio: np.ndarray
    knee_separation: np.ndarray
    ankle_separation: np.ndarray
    missing_frames: int = 0
    degenerate_frames: int = 0


def separation_ratio(left_knee: Any, right_knee: Any = None, left_ankle: Any = None,
                     right_ankle: Any = None, *, view: str = "anterior", frame: Any = None,
                     lab_axes: Optional[LabAxes] = None,
                     names: Optional[Mapping[str, str]] = None) -> Separation:
    """Knee-to-ankle separation ratio (Noyes et al. 2005, Am J Sports Med 33:197-207).

    Parameters
    ----------
    left_knee, right_knee, left_ankle, right_ankle : array_like, (n_frames, 2) or (n_frames, 3)
        Knee and ankle centres: image points (x, y) or lab points [m] (then ``frame`` is
        required, as in :func:`fppa`). A :class:`hipmech.io.Keypoints2D` as ``left_knee`` gives
        the four by ``names`` (default ``left_knee``, ``right_knee``, ``left_ankle``,
        ``right_ankle``).
    view : {"anterior", "posterior"}
        2-D only: where the camera is.
    """
    if right_knee is None and hasattr(left_knee, "points_px"):
        pts = left_knee.points_px
        found = []
        for key in ("left_knee", "right_knee", "left_ankle", "right_ankle"):
            name = (names or {}).get(key, key)
            if name not in pts:
                raise _invalid("names", f"a keypoint named {name!r} (give names={{'{key}': ...}})",
                               f"keypoints {sorted(pts)}")
            found.append(pts[name])
        left_knee, right_knee, left_ankle, right_ankle = found
    for name, value in (("right_knee", right_knee), ("left_ankle", left_ankle),
                        ("right_ankle", right_ankle)):
        if value is None:
            raise _invalid(name, "an array of shape (n_frames, 2) or (n_frames, 3)", "None")
    R = _plane({"left_knee": left_knee, "right_knee": right_knee, "left_ankle": left_ankle,
                "right_ankle": right_ankle}, frame, lab_axes)
    if R is None:
        d = _core.knee_separation_ratio_2d(left_knee, right_knee, left_ankle, right_ankle, view)
    else:
        d = _core.knee_separation_ratio_3d(left_knee, right_knee, left_ankle, right_ankle, R)
    return Separation(d["ratio"], d["knee_separation"], d["ankle_separation"],
                      int(d["missing_frames"]), int(d["degenerate_frames"]))


def medial_displacement(hip: Any, knee: Any = None, ankle: Any = None,
                        side: Optional[SideLike] = None, *, view: str = "anterior",
                        y_axis: str = "down", frame: Any = None,
                        lab_axes: Optional[LabAxes] = None, baseline_frame: Optional[int] = None,
                        names: Optional[Mapping[str, str]] = None) -> np.ndarray:
    """Medial knee displacement: the signed distance of the knee centre from the hip-ankle
    line in the frontal plane, positive medial (where the FPPA is valgus) [unit of the points].

    Arguments as :func:`fppa`. ``baseline_frame`` (e.g. a standing frame) subtracts that frame's
    value, giving the medial excursion during the task.

    Returns
    -------
    numpy.ndarray, shape (n_frames,)
        NaN where a point is missing or hip and ankle coincide.
    """
    side_name, points, R = _limb_points(hip, knee, ankle, side, names, frame, lab_axes, view)
    if R is None:
        d = _core.knee_medial_displacement_2d(*points, side_name, view, y_axis)
    else:
        d = _core.knee_medial_displacement_3d(*points, side_name, R)
    if baseline_frame is not None:
        baseline_frame = integer_value(baseline_frame, "baseline_frame")
        if not -len(d) <= baseline_frame < len(d):
            raise _invalid("baseline_frame", f"a frame index in [0, {len(d)})",
                           repr(baseline_frame))
        base = d[int(baseline_frame)]
        if math.isnan(base):
            raise _invalid("baseline_frame", "a frame where the displacement is known",
                           f"frame {baseline_frame}, which is NaN (a point is missing)")
        d = d - base
    return d


# --------------------------------------------------------------------------------------------
# 3-D knee angles
# --------------------------------------------------------------------------------------------

@dataclass
class KneeAngles:
    """3-D knee angles per frame (Grood & Suntay 1983 joint coordinate system).

    ``rad`` (n_frames, 3): flexion, adduction (varus), internal rotation [rad], each positive
    for the named motion on both sides (docs: conventions). ``valgus_rad`` = -adduction.
    """

    rad: np.ndarray
    side: str

    @property
    def flexion_rad(self) -> np.ndarray:
        return self.rad[:, 0]

    @property
    def adduction_rad(self) -> np.ndarray:
        return self.rad[:, 1]

    @property
    def varus_rad(self) -> np.ndarray:
        return self.rad[:, 1]

    @property
    def valgus_rad(self) -> np.ndarray:
        return -self.rad[:, 1]

    @property
    def rotation_rad(self) -> np.ndarray:
        return self.rad[:, 2]

    @property
    def degrees(self) -> np.ndarray:
        return np.rad2deg(self.rad)


def angles(thigh: Any, shank: Any = None, side: Optional[SideLike] = None) -> KneeAngles:
    """3-D knee angles by the Grood & Suntay (1983) joint coordinate system.

    On ISB frames (:func:`hipmech.model.isb_lower_body`) this is the ISB recommendation (Wu et
    al. 2002); on Plug-in Gait frames (:func:`hipmech.model.plug_in_gait`) it is Plug-in Gait's
    own convention and equals Vicon's LKneeAngles/RKneeAngles (docs: knee).

    Parameters
    ----------
    thigh : array_like (n_frames, 3, 3), SegmentFrames, PigLowerBody or IsbLowerBody
        Thigh (femur) rotations; a model result gives both segments (``shank`` None).
    shank : array_like (n_frames, 3, 3) or SegmentFrames
        Shank (tibia) rotations.
    side : Side or str
    """
    side_name = _side_name(side)
    if shank is None:
        for t, s in (("thigh", "shank"), ("femur", "tibia")):
            if hasattr(thigh, t) and hasattr(thigh, s):
                thigh, shank = getattr(thigh, t)[side_name], getattr(thigh, s)[side_name]
                break
        else:
            raise _invalid("shank", "shank rotations (n_frames, 3, 3) or SegmentFrames, or a "
                           "model result as 'thigh'", "None")
    R_thigh = real_array(getattr(thigh, "R_lab_segment", thigh), "thigh",
                         "rotations of shape (n_frames, 3, 3)", ndim=3)
    R_shank = real_array(getattr(shank, "R_lab_segment", shank), "shank",
                         "rotations of shape (n_frames, 3, 3)", ndim=3)
    return KneeAngles(_core.knee_angles(R_thigh, R_shank, side_name), side_name)


# --------------------------------------------------------------------------------------------
# Repetitions
# --------------------------------------------------------------------------------------------

@dataclass
class RepetitionValue:
    """A valgus quantity (FPPA or 3-D valgus) in one repetition: its value at the deepest frame
    [rad], its largest value within the repetition [rad] with its frame and place (% of the
    repetition, 0 at ``begin``), and the quantity's missing frames there."""

    at_peak_depth_rad: float
    peak_rad: float
    peak_frame: int
    peak_percent: float
    missing_frames: int

    @property
    def at_peak_depth_deg(self) -> float:
        return math.degrees(self.at_peak_depth_rad)

    @property
    def peak_deg(self) -> float:
        return math.degrees(self.peak_rad)


@dataclass
class Repetition:
    """One repetition: frames ``begin`` (descent starts), ``peak`` (deepest) and ``end`` (back
    up), 0-based; ``driver_at_peak`` is the driving signal there (knee flexion [rad] or pelvis
    height); ``excursion`` its change from the higher neighbouring valley. ``complete`` is True
    when the signal was seen to rise and then fall by at least ``min_excursion`` around the
    deepest frame (so the peak is certain), False with a ``note`` when the recording cuts the
    descent or the return short of that."""

    number: int
    begin: int
    peak: int
    end: int
    complete: bool
    note: str
    driver_at_peak: float
    excursion: float
    fppa: Optional[RepetitionValue] = None
    valgus: Optional[RepetitionValue] = None
    peak_time_s: float = math.nan


@dataclass
class RepetitionSummary:
    """Mean, sample SD (n - 1) and count of a value over the complete repetitions."""

    mean: float
    sd: float
    count: int


@dataclass
class Repetitions:
    """Repetitions of a squat or landing series and the valgus quantities per repetition.

    ``summary`` keys: ``driver_at_peak`` and, for each quantity given (``fppa``, ``valgus``),
    ``{quantity}_at_peak_depth`` (the value at the deepest frame) and ``{quantity}_peak`` (the
    largest value within the repetition), over the complete repetitions.
    """

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    repetitions: list[Repetition]
    driver: str
    min_excursion: float
    summary: dict[str, RepetitionSummary] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.repetitions)

    def __iter__(self) -> Iterator[Repetition]:
        return iter(self.repetitions)

    def __getitem__(self, i: int) -> Repetition:
        return self.repetitions[i]

    def to_dataframe(self) -> Any:
        """One row per repetition (requires pandas): frames, completeness, the driver and, for
        each quantity, ``{q}_at_peak_depth_rad``, ``{q}_peak_rad``, ``{q}_peak_frame``,
        ``{q}_peak_percent``, ``{q}_missing_frames``."""
        import pandas as pd

        rows = []
        for r in self.repetitions:
            row = {k: getattr(r, k) for k in ("number", "begin", "peak", "end", "complete",
                                              "note", "driver_at_peak", "excursion",
                                              "peak_time_s")}
            for q in ("fppa", "valgus"):
                v = getattr(r, q)
                if v is not None:
                    row[f"{q}_at_peak_depth_rad"] = v.at_peak_depth_rad
                    row[f"{q}_peak_rad"] = v.peak_rad
                    row[f"{q}_peak_frame"] = v.peak_frame
                    row[f"{q}_peak_percent"] = v.peak_percent
                    row[f"{q}_missing_frames"] = v.missing_frames
            rows.append(row)
        return pd.DataFrame(rows)


def _series(value: Any, arg: str, attr: str) -> np.ndarray:
    if isinstance(value, Fppa):
        return value.fppa_rad
    if isinstance(value, KneeAngles):
        return value.valgus_rad if attr == "valgus" else value.flexion_rad
    return real_array(value, arg, "an array of shape (n_frames,)", ndim=1)


def repetitions(*, knee_flexion: Any = None, pelvis_height: Any = None, fppa: Any = None,
                valgus: Any = None, min_excursion: Optional[float] = None,
                onset_fraction: float = 0.05, rate_hz: Optional[float] = None) -> Repetitions:
    """Split a single-leg squat or drop-landing series into repetitions and report valgus per
    repetition (at the deepest frame, and its peak with timing) and across them.

    A repetition is a rise of the depth signal by at least ``min_excursion`` followed by a fall
    by as much (hysteresis; docs: knee). Give exactly one driver:

    Parameters
    ----------
    knee_flexion : array_like (n_frames,) or KneeAngles
        Knee flexion [rad]; deeper = more flexion.
    pelvis_height : array_like (n_frames,)
        Height of the pelvis (or a hip keypoint's height) in any unit; deeper = lower. For image
        keypoints with y down, pass ``-y``.
    fppa : array_like (n_frames,) or Fppa, optional
        FPPA per frame [rad], positive = valgus.
    valgus : array_like (n_frames,) or KneeAngles, optional
        3-D knee valgus per frame [rad] (``KneeAngles.valgus_rad``).
    min_excursion : float, optional
        Smallest depth change that counts, in the driver's unit; default half the driver's range.
    onset_fraction : float
        A repetition begins and ends where the depth is this fraction of the excursion away from
        the neighbouring valley (default 0.05).
    rate_hz : float, optional
        Frame rate; fills ``peak_time_s`` (time of the deepest frame from the first frame).

    Returns
    -------
    Repetitions
        Incomplete repetitions (cut by the recording) are listed with a note and left out of the
        summary.
    """
    if (knee_flexion is None) == (pelvis_height is None):
        raise _invalid("knee_flexion", "exactly one of knee_flexion or pelvis_height",
                       "both" if knee_flexion is not None else "neither")
    if knee_flexion is not None:
        driver, sign = "knee_flexion", 1.0
        signal = _series(knee_flexion, "knee_flexion", "flexion")
    else:
        driver, sign = "pelvis_height", -1.0
        signal = _series(pelvis_height, "pelvis_height", "height")
    if rate_hz is not None:
        rate_hz = positive_number(rate_hz, "rate_hz", "Hz")
    depth = sign * signal
    threshold = optional_real_number(min_excursion, "min_excursion",
                                     "a finite depth change or None", finite=True)
    reps, used = _core.knee_find_repetitions(
        depth, math.nan if threshold is None else threshold,
        real_number(onset_fraction, "onset_fraction", "a fraction in [0, 1)", finite=True))
    out = Repetitions([], driver, float(used))
    for i, r in enumerate(reps):
        out.repetitions.append(Repetition(
            number=i + 1, begin=r["begin"], peak=r["peak"], end=r["end"], complete=r["complete"],
            note=r["note"], driver_at_peak=sign * r["depth_at_peak"], excursion=r["excursion"],
            peak_time_s=r["peak"] / float(rate_hz) if rate_hz is not None else math.nan))
    tuples = [(r.begin, r.peak, r.end, r.complete) for r in out.repetitions]
    _, at_deepest, _ = _core.knee_per_repetition(tuples, signal)
    out.summary["driver_at_peak"] = RepetitionSummary(**at_deepest)
    for q, value in (("fppa", fppa), ("valgus", valgus)):
        if value is None:
            continue
        series = _series(value, q, q)
        if len(series) != len(depth):
            raise _invalid(q, f"{len(depth)} frames (as the driver)", f"{len(series)} frames")
        per, at_peak, peak = _core.knee_per_repetition(tuples, series)
        for rep, v in zip(out.repetitions, per):
            setattr(rep, q, RepetitionValue(v["at_peak_depth"], v["peak"], v["peak_frame"],
                                            v["peak_percent"], v["missing_frames"]))
        out.summary[f"{q}_at_peak_depth"] = RepetitionSummary(**at_peak)
        out.summary[f"{q}_peak"] = RepetitionSummary(**peak)
    return out


# --------------------------------------------------------------------------------------------
# Flexion cross-talk
# --------------------------------------------------------------------------------------------

@dataclass
class FlexionCrosstalk:
    """The flexion cross-talk check of one knee over its swing frames (all swings pooled).

    Attributes
    ----------
    side : str
        The knee, ``"left"`` or ``"right"``.
    windows, frames, missing_frames : int
        Swing windows of the side used; swing frames used (both angles present); swing frames
        skipped because an angle is NaN.
    correlation : float
        Pearson r of flexion and varus over the used frames; positive: varus grows with flexion.
    frontal_range_rad, flexion_range_rad : float
        max - min over the used frames [rad].
    slope : float
        Least-squares slope of varus on flexion [rad/rad].
    misalignment_rad : float
        Axis misalignment theta of the pure-misalignment model
        ``tan(varus) = tan(theta) sin(flexion)`` [rad], from the least-squares slope of
        tan(varus) on sin(flexion); positive: thigh frame rotated internally (flexion reads as
        varus), negative: externally (valgus).
    judged : bool
        False when the rule could not be applied (no swing window, too few frames, too little
        flexion, a constant frontal angle); ``note`` says which.
    suspected : bool
        Judged, ``|correlation| >= min_abs_correlation`` and ``frontal_range >=
        min_frontal_range``.
    note : str
        The rule with this knee's numbers, what to check, or why it was not judged.
    """

    side: str
    windows: int
    frames: int
    missing_frames: int
    correlation: float
    frontal_range_rad: float
    flexion_range_rad: float
    slope: float
    misalignment_rad: float
    judged: bool
    suspected: bool
    note: str

    @property
    def frontal_range_deg(self) -> float:
        return math.degrees(self.frontal_range_rad)

    @property
    def flexion_range_deg(self) -> float:
        return math.degrees(self.flexion_range_rad)

    @property
    def misalignment_deg(self) -> float:
        return math.degrees(self.misalignment_rad)


def _crosstalk_angles(flexion: Any, varus: Any, side: Any) -> tuple[np.ndarray, np.ndarray, str]:
    """Flexion, varus [rad] and the side from KneeAngles, an (n, 3) array or two (n,) arrays."""
    if isinstance(flexion, KneeAngles):
        if varus is not None:
            raise _invalid("varus", "None when KneeAngles are given (they carry the varus)",
                           "an array")
        if side is not None and _side_name(side) != flexion.side:
            raise _invalid("side", f"{flexion.side!r} (the side of the KneeAngles) or None",
                           repr(side))
        return flexion.flexion_rad, flexion.adduction_rad, flexion.side
    if side is None:
        raise _invalid("side", "the side of the knee ('left' or 'right')", "None")
    a = real_array(flexion, "flexion", "KneeAngles, an (n_frames, 3) array (flexion, varus, "
                   "rotation [rad]) or an (n_frames,) flexion with varus")
    if varus is None:
        if a.ndim == 1:
            raise _invalid("varus", "the knee's varus (n_frames,) [rad] with an (n_frames,) "
                           "flexion", "None")
        if a.ndim != 2 or a.shape[1] != 3:
            raise _invalid("flexion", "KneeAngles, an (n_frames, 3) array (flexion, varus, "
                           "rotation [rad]) or an (n_frames,) flexion with varus",
                           f"shape {a.shape}")
        return np.ascontiguousarray(a[:, 0]), np.ascontiguousarray(a[:, 1]), _side_name(side)
    return a, real_array(varus, "varus", "an array of shape (n_frames,) [rad]"), _side_name(side)


def flexion_crosstalk(flexion: Any, varus: Any = None, side: Optional[SideLike] = None, *,
                      events: Any = None, swing_windows: Any = None,
                      min_abs_correlation: float = 0.8,
                      min_frontal_range_rad: float = math.radians(10.0),
                      min_flexion_range_rad: float = math.radians(20.0),
                      min_frames: int = 10) -> FlexionCrosstalk:
    """Check one knee for flexion / ab-adduction cross-talk: a varus-valgus angle that follows
    knee flexion through swing, the sign of a misaligned knee flexion axis (docs: knee,
    "Flexion cross-talk").

    If the thigh frame is rotated about its long axis by theta relative to the true flexion
    axis, a knee that only flexes reads ``tan(varus) = tan(theta) sin(flexion)`` (Piazza &
    Cavanagh 2000; Rivest 2005). Over the swing frames the check computes the Pearson r of
    flexion and varus, both ranges and theta; cross-talk is suspected when
    ``|r| >= min_abs_correlation`` and the frontal range ``>= min_frontal_range_rad``. The
    cut-offs are choices, justified in the docs.

    Parameters
    ----------
    flexion : KneeAngles, array_like (n_frames, 3) or (n_frames,)
        Knee angles of one knee [rad]: KneeAngles (brings varus and side), an (n, 3) array
        (flexion, varus, internal rotation, as ``KneeAngles.rad`` or Vicon's ``LKneeAngles`` in
        radians), or flexion alone with ``varus``. NaN = missing.
    varus : array_like (n_frames,), optional
        Knee adduction [rad], positive = varus on both sides (``KneeAngles.adduction_rad``).
    side : Side or str
        The knee (KneeAngles carry it).
    events : list or events result
        Gait events (:func:`hipmech.events.from_trial`, ``from_force_plates``,
        ``from_kinematics``, or ``(side, kind, frame)`` tuples); swings are each foot off to the
        next foot strike of the same foot.
    swing_windows : list of Window or (side, begin, end)
        Instead of ``events``: swing windows ``[begin, end)`` in frames; windows of the other
        side are ignored.
    min_abs_correlation : float
        ``|r|`` cut-off (default 0.8).
    min_frontal_range_rad : float
        Frontal range cut-off [rad] (default 10 deg).
    min_flexion_range_rad : float
        Not judged below this flexion range in swing [rad] (default 20 deg).
    min_frames : int
        Not judged with fewer valid swing frames (default 10).

    Returns
    -------
    FlexionCrosstalk
        ``suspected``, the numbers, and a ``note`` for the report.

    Examples
    --------
    >>> import numpy as np, hipmech
    >>> flex = np.radians(np.r_[np.full(20, 5.0), 30 - 30 * np.cos(np.linspace(0, 2 * np.pi, 40))])
    >>> varus = np.arctan(np.tan(np.radians(15)) * np.sin(flex))   # a 15 deg misaligned axis
    >>> c = hipmech.knee.flexion_crosstalk(flex, varus, "left", swing_windows=[("left", 20, 60)])
    >>> c.suspected, round(c.misalignment_deg, 1)
    (True, 15.0)
    """
    flex, var, side_name = _crosstalk_angles(flexion, varus, side)
    if (events is None) == (swing_windows is None):
        raise _invalid("events", "exactly one of events or swing_windows",
                       "both" if events is not None else "neither")
    if events is not None:
        from .events import _event_list  # (events imports the areas: imported here)

        events = _event_list(events)
    d = _core.knee_flexion_crosstalk(
        flex, var, side_name, swing_windows=swing_windows, events=events,
        min_abs_correlation=real_number(min_abs_correlation, "min_abs_correlation",
                                        "a correlation in [0, 1]", finite=True),
        min_frontal_range_rad=real_number(min_frontal_range_rad, "min_frontal_range_rad",
                                          "a range [rad]", finite=True),
        min_flexion_range_rad=real_number(min_flexion_range_rad, "min_flexion_range_rad",
                                          "a range [rad]", finite=True),
        min_frames=integer_value(min_frames, "min_frames", 1))
    return FlexionCrosstalk(**d)
