"""Rotations, Cardan/Euler angles for all 12 sequences, segment frames, joint angles.

Conventions (docs: geometry): a rotation ``R_a_b`` re-expresses vectors from frame b in
frame a (``v_a = R_a_b @ v_b``), so its columns are b's axes in a's coordinates. N rotations
are an ``(n, 3, 3)`` float64 array. Sequences are intrinsic: ``"ZXY"`` is
``R = R_z(a1) @ R_x(a2) @ R_y(a3)``, the same as scipy's ``Rotation.from_euler("ZXY", ...)``.
Angles are in radians; NaN marks a missing frame.

>>> import numpy as np, hipmech
>>> R = hipmech.geometry.compose([[0.1, 0.2, 0.3]], "ZXY")
>>> np.allclose(hipmech.geometry.decompose(R, "ZXY"), [[0.1, 0.2, 0.3]])
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

import numpy as np
import numpy.typing as npt

from . import _core, _results
from ._core import CardanSequence
from ._core import SegmentAxis as Axis

__all__ = [
    "Axis",
    "CardanSequence",
    "SegmentFrames",
    "compose",
    "decompose",
    "frames_from_vectors",
    "jcs_angles",
    "max_orthonormality_error",
    "relative_rotations",
    "to_lab",
    "to_segment",
]

SequenceLike = Union[CardanSequence, str]
AxisLike = Union[Axis, str]


@dataclass
class SegmentFrames:
    """N frames of one segment in the lab frame.

    Attributes
    ----------
    origin : numpy.ndarray, shape (n_frames, 3)
        Origin of the segment frame in the lab frame [m]; NaN for missing frames.
    R_lab_segment : numpy.ndarray, shape (n_frames, 3, 3)
        Rotation of the segment in the lab: its columns are the segment's X, Y, Z axes in lab
        coordinates; NaN for missing frames.
    """

    # a short summary instead of every array (issue 22)
    __repr__ = _results.short_repr
    _repr_html_ = _results.short_html

    origin: np.ndarray
    R_lab_segment: np.ndarray

    @property
    def n_frames(self) -> int:
        """Number of frames."""
        return int(self.origin.shape[0])


def compose(angles: npt.ArrayLike, sequence: SequenceLike) -> np.ndarray:
    """Rotation matrices from intrinsic angles: ``R = R_axis1(a1) R_axis2(a2) R_axis3(a3)``.

    Parameters
    ----------
    angles : array_like, shape (n_frames, 3) or (3,)
        (a1, a2, a3) per frame [rad]. NaN rows give NaN matrices.
    sequence : CardanSequence or str
        One of the twelve intrinsic sequences ("XYZ", ..., "ZXY", ..., "ZYZ").

    Returns
    -------
    numpy.ndarray, shape (n_frames, 3, 3), or (3, 3) for a single (3,) input
    """
    a = np.asarray(angles) if not isinstance(angles, np.ndarray) else angles
    if a.ndim == 1 and a.shape[0] == 3:
        return _core.geometry_compose(a[None, :], sequence)[0]
    return _core.geometry_compose(angles, sequence)


def decompose(R: npt.ArrayLike, sequence: SequenceLike) -> np.ndarray:
    """Intrinsic angles of rotation matrices (the inverse of :func:`compose`).

    Ranges: a1, a3 in (-pi, pi]; a2 in [-pi/2, pi/2] for the Cardan sequences and [0, pi] for
    the proper Euler ones. At gimbal lock (\\|cos a2\\| < 1e-12 Cardan, \\|sin a2\\| < 1e-12 Euler)
    a3 = 0 and a1 holds the whole rotation about the merged axis. The matrices are not checked
    for orthonormality (see :func:`max_orthonormality_error`).

    Parameters
    ----------
    R : array_like, shape (n_frames, 3, 3) or (3, 3)
        Rotation matrices. A C-contiguous float64 array is read without a copy.
    sequence : CardanSequence or str

    Returns
    -------
    numpy.ndarray, shape (n_frames, 3), or (3,) for a single (3, 3) input
        (a1, a2, a3) [rad]; NaN rows for NaN frames.
    """
    r = R if isinstance(R, np.ndarray) else np.asarray(R)
    if r.ndim == 2 and r.shape == (3, 3):
        return _core.geometry_decompose(r[None, :, :], sequence)[0]
    return _core.geometry_decompose(R, sequence)


def relative_rotations(R_lab_a: npt.ArrayLike, R_lab_b: npt.ArrayLike) -> np.ndarray:
    """The orientation of b relative to a per frame: ``R_a_b = R_lab_a.T @ R_lab_b``.

    Parameters
    ----------
    R_lab_a, R_lab_b : array_like, shape (n_frames, 3, 3)
        Rotations of frames a and b in the lab frame.

    Returns
    -------
    numpy.ndarray, shape (n_frames, 3, 3)
    """
    return _core.geometry_relative_rotations(R_lab_a, R_lab_b)


def jcs_angles(R_lab_proximal: npt.ArrayLike, R_lab_distal: npt.ArrayLike) -> np.ndarray:
    """Grood & Suntay (1983) joint coordinate system angles, ISB segment axes.

    e1 = proximal Z (flexion axis, body-fixed), e3 = distal Y (long axis, body-fixed),
    e2 = e3 x e1 / \\|e3 x e1\\| (floating). Equal to
    ``decompose(relative_rotations(R_lab_proximal, R_lab_distal), "ZXY")``.

    Parameters
    ----------
    R_lab_proximal, R_lab_distal : array_like, shape (n_frames, 3, 3)
        Segment axes (columns X anterior, Y superior, Z right) in the lab frame.

    Returns
    -------
    numpy.ndarray, shape (n_frames, 3)
        Raw right-handed angles [rad] about e1, e2, e3. Clinical signs per side (flexion,
        adduction, internal rotation) are applied by the model/hip/knee functions.
    """
    return _core.geometry_jcs_angles(R_lab_proximal, R_lab_distal)


def frames_from_vectors(origin: npt.ArrayLike, v_primary: npt.ArrayLike, primary: AxisLike,
                        v_secondary: npt.ArrayLike, secondary: AxisLike) -> SegmentFrames:
    """Orthonormal right-handed segment frames from two vectors per frame.

    The ``primary`` axis points along ``v_primary``; the ``secondary`` axis lies in the plane
    of both vectors, on ``v_secondary``'s side; the third completes a right-handed set.

    Parameters
    ----------
    origin : array_like, shape (n_frames, 3)
        Origin of the frame in the lab [m].
    v_primary, v_secondary : array_like, shape (n_frames, 3)
        Direction vectors in the lab (any length).
    primary, secondary : Axis or str
        The segment axes ("X", "Y", "Z") the vectors define; they must differ.

    Returns
    -------
    SegmentFrames
        NaN frames where an input is NaN, a vector has zero length or the two are parallel.

    Raises
    ------
    InvalidArgumentError
        (a ValueError) for equal axes, different numbers of frames, bad shapes or infinity.
    """
    o, R = _core.geometry_frames_from_vectors(origin, v_primary, primary, v_secondary,
                                              secondary)
    return SegmentFrames(origin=o, R_lab_segment=R)


def _check_frames(frames: object, arg: str = "frames") -> None:
    if not isinstance(frames, SegmentFrames):
        raise TypeError(f"argument {arg!r}: expected hipmech.geometry.SegmentFrames, got "
                        f"{type(frames).__name__}")


def to_segment(frames: SegmentFrames, points_lab: npt.ArrayLike) -> np.ndarray:
    """Points in segment coordinates: ``p_seg = R_lab_segment.T @ (p_lab - origin)``.

    Parameters
    ----------
    frames : SegmentFrames
    points_lab : array_like, shape (n_frames, 3)
        Points in the lab frame [m].

    Returns
    -------
    numpy.ndarray, shape (n_frames, 3)
        [m]; NaN where the point or the frame is missing.
    """
    _check_frames(frames)
    return _core.geometry_to_segment(frames.origin, frames.R_lab_segment, points_lab)


def to_lab(frames: SegmentFrames, points_segment: npt.ArrayLike) -> np.ndarray:
    """Points in lab coordinates: ``p_lab = origin + R_lab_segment @ p_seg``.

    Parameters
    ----------
    frames : SegmentFrames
    points_segment : array_like, shape (n_frames, 3)
        Points in segment coordinates [m].

    Returns
    -------
    numpy.ndarray, shape (n_frames, 3)
        [m]; NaN where the point or the frame is missing.
    """
    _check_frames(frames)
    return _core.geometry_to_lab(frames.origin, frames.R_lab_segment, points_segment)


def max_orthonormality_error(R: npt.ArrayLike) -> float:
    """Largest entry of ``|R.T @ R - I|`` over the frames (2 for a reflection).

    hipmech does not check orthonormality on every call; use this on matrices from outside.

    Parameters
    ----------
    R : array_like, shape (n_frames, 3, 3)

    Returns
    -------
    float
        About 1e-15 for matrices built by hipmech; NaN frames are skipped.
    """
    return float(_core.geometry_max_orthonormality_error(R))
