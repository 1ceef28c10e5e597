"""hipmech.geometry: rotations, the 12 Cardan/Euler sequences, segment frames, JCS angles.

Independent references: scipy.spatial.transform.Rotation (from_euler / as_euler with upper-case
sequences = intrinsic, the hipmech convention) for all 12 sequences on random rotations;
Grood & Suntay (1983) angles computed from the axes as vectors on hand-built frames; numpy
matrix products; rigid-motion invariance and sagittal mirror symmetry.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

import hipmech
from hipmech import geometry

SEQUENCES = ["XYZ", "XZY", "YXZ", "YZX", "ZXY", "ZYX", "XYX", "XZX", "YXY", "YZY", "ZXZ", "ZYZ"]


def random_rotations(n: int, seed: int) -> np.ndarray:
    return Rotation.random(n, random_state=seed).as_matrix()


# --- compose / decompose against scipy --------------------------------------------------------


@pytest.mark.parametrize("sequence", SEQUENCES)
def test_decompose_matches_scipy_as_euler(sequence):
    # scipy: upper case = intrinsic; same ranges as hipmech ((-pi, pi], [-pi/2, pi/2] or [0, pi]).
    R = random_rotations(2000, seed=SEQUENCES.index(sequence))
    ours = geometry.decompose(R, sequence)
    theirs = Rotation.from_matrix(R).as_euler(sequence)
    assert ours.shape == (2000, 3)
    np.testing.assert_allclose(ours, theirs, atol=1e-12, rtol=0)


@pytest.mark.parametrize("sequence", SEQUENCES)
def test_compose_matches_scipy_from_euler(sequence):
    rng = np.random.default_rng(7)
    angles = rng.uniform(-4.0, 4.0, size=(1000, 3))
    ours = geometry.compose(angles, sequence)
    theirs = Rotation.from_euler(sequence, angles).as_matrix()
    assert ours.shape == (1000, 3, 3)
    np.testing.assert_allclose(ours, theirs, atol=1e-14, rtol=0)


@pytest.mark.parametrize("sequence", SEQUENCES)
def test_round_trips(sequence):
    rng = np.random.default_rng(8)
    n = 1000
    mid = (rng.uniform(-np.pi / 2, np.pi / 2, n) if sequence[0] != sequence[2]
           else rng.uniform(0.0, np.pi, n))
    angles = np.column_stack([rng.uniform(-np.pi, np.pi, n), mid, rng.uniform(-np.pi, np.pi, n)])
    np.testing.assert_allclose(geometry.decompose(geometry.compose(angles, sequence), sequence),
                               angles, atol=1e-8)
    R = random_rotations(n, seed=9)
    np.testing.assert_allclose(geometry.compose(geometry.decompose(R, sequence), sequence), R,
                               atol=1e-14)


def test_sequence_as_enum_or_any_case_string_and_single_matrices():
    a = np.array([0.1, -0.2, 0.3])
    R = geometry.compose(a, geometry.CardanSequence.ZXY)
    assert R.shape == (3, 3)
    np.testing.assert_allclose(R, Rotation.from_euler("ZXY", a).as_matrix(), atol=1e-15)
    np.testing.assert_allclose(geometry.decompose(R, "zxy"), a, atol=1e-15)
    np.testing.assert_allclose(geometry.decompose(R.tolist(), "Z-X-Y"), a, atol=1e-15)
    assert geometry.decompose(R[None], "ZXY").shape == (1, 3)


def test_gimbal_lock_rule():
    # XYZ at a2 = +pi/2: R_x(a) R_y(pi/2) R_z(c) = R_x(a + c) R_y(pi/2) -> (a + c, pi/2, 0).
    R = geometry.compose(np.array([[0.3, np.pi / 2, 0.2], [0.3, -np.pi / 2, 0.2]]), "XYZ")
    np.testing.assert_allclose(geometry.decompose(R, "XYZ"),
                               [[0.5, np.pi / 2, 0.0], [0.1, -np.pi / 2, 0.0]], atol=1e-14)
    # ZXZ at a2 = 0: R_z(a + c).
    R = geometry.compose(np.array([[0.3, 0.0, 0.2]]), "ZXZ")
    np.testing.assert_allclose(geometry.decompose(R, "ZXZ"), [[0.5, 0.0, 0.0]], atol=1e-14)


def test_nan_frames_are_nan_rows():
    R = random_rotations(4, seed=1)
    R[2, 1, 1] = np.nan
    out = geometry.decompose(R, "YXZ")
    assert np.isnan(out[2]).all()
    assert not np.isnan(out[[0, 1, 3]]).any()
    angles = np.zeros((3, 3))
    angles[1, 0] = np.nan
    assert np.isnan(geometry.compose(angles, "ZXY")[1]).all()


def test_results_are_handed_over_without_a_copy():
    R = random_rotations(10, seed=2)
    out = geometry.decompose(R, "ZXY")
    assert not out.flags.owndata and out.flags.c_contiguous and out.flags.writeable
    M = geometry.compose(out, "ZXY")
    assert not M.flags.owndata and M.flags.c_contiguous and M.shape == (10, 3, 3)


def test_other_dtypes_are_converted():
    R = random_rotations(5, seed=3)
    np.testing.assert_allclose(geometry.decompose(R.astype(np.float32), "ZXY"),
                               geometry.decompose(R, "ZXY"), atol=1e-6)
    np.testing.assert_allclose(geometry.decompose(np.asfortranarray(R), "ZXY"),
                               geometry.decompose(R, "ZXY"), atol=0)


# --- relative rotations and JCS ---------------------------------------------------------------


def test_relative_rotations_and_jcs_match_scipy():
    P = random_rotations(1000, seed=4)
    D = random_rotations(1000, seed=5)
    rel = geometry.relative_rotations(P, D)
    np.testing.assert_allclose(rel, np.transpose(P, (0, 2, 1)) @ D, atol=1e-15)
    expected = (Rotation.from_matrix(P).inv() * Rotation.from_matrix(D)).as_euler("ZXY")
    np.testing.assert_allclose(geometry.jcs_angles(P, D), expected, atol=1e-12)
    np.testing.assert_allclose(geometry.jcs_angles(P, D), geometry.decompose(rel, "ZXY"), atol=0)


def grood_suntay(P: np.ndarray, D: np.ndarray) -> np.ndarray:
    """Grood & Suntay (1983) with ISB axes, from the axes as vectors (one frame)."""
    e1, e3 = P[:, 2], D[:, 1]
    e2 = np.cross(e3, e1)
    e2 /= np.linalg.norm(e2)
    return np.array([np.arctan2(e2 @ P[:, 1], e2 @ P[:, 0]), np.arcsin(e1 @ e3),
                     np.arctan2(D[:, 2] @ e2, D[:, 0] @ e2)])


def test_jcs_on_hand_built_frames():
    # Thigh = lab axes, knee flexed 90 deg: shank Y = (-1, 0, 0), X = (0, 1, 0) -> (pi/2, 0, 0).
    P = np.eye(3)[None]
    D = np.array([[[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]])
    np.testing.assert_allclose(geometry.jcs_angles(P, D), [[np.pi / 2, 0.0, 0.0]], atol=1e-15)
    # Flexion 30 deg about e1, 10 deg about the floating axis, 5 deg about the shank long axis,
    # applied as lab-frame rotations about those axes in turn (scipy rotvec) on a tilted thigh.
    thigh = Rotation.from_euler("YXZ", [0.4, -0.1, 0.2]).as_matrix()
    axes = thigh.copy()
    for angle, k in ((np.deg2rad(30), 2), (np.deg2rad(10), 0), (np.deg2rad(5), 1)):
        axes = Rotation.from_rotvec(angle * axes[:, k]).as_matrix() @ axes
    expected = np.deg2rad([30.0, 10.0, 5.0])
    np.testing.assert_allclose(grood_suntay(thigh, axes), expected, atol=1e-12)
    np.testing.assert_allclose(geometry.jcs_angles(thigh[None], axes[None])[0], expected,
                               atol=1e-12)


def leg_markers(n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    centre = {"hip": [0.0, 0.9, 0.1], "knee": [0.05, 0.5, 0.1], "lknee": [0.05, 0.5, 0.2],
              "ankle": [0.0, 0.1, 0.1], "lankle": [0.0, 0.1, 0.17]}
    return {k: np.asarray(c) + rng.normal(0.0, 0.05, size=(n, 3)) for k, c in centre.items()}


def knee_angles(m: dict[str, np.ndarray], lateral_sign: float = 1.0) -> np.ndarray:
    thigh = geometry.frames_from_vectors(m["knee"], m["hip"] - m["knee"], "Y",
                                         lateral_sign * (m["lknee"] - m["knee"]), "Z")
    shank = geometry.frames_from_vectors(m["ankle"], m["knee"] - m["ankle"], "Y",
                                         lateral_sign * (m["lankle"] - m["ankle"]), "Z")
    return geometry.jcs_angles(thigh.R_lab_segment, shank.R_lab_segment)


def test_jcs_unchanged_by_a_rigid_motion_of_all_markers():
    m = leg_markers(500, seed=6)
    Q = Rotation.random(random_state=7).as_matrix()
    t = np.array([1.0, -2.0, 0.5])
    moved = {k: v @ Q.T + t for k, v in m.items()}
    before = knee_angles(m)
    assert not np.isnan(before).any()
    np.testing.assert_allclose(knee_angles(moved), before, atol=1e-12)


def test_jcs_mirror_symmetry():
    # Mirror across the sagittal plane (ISB lab, Z right): a left leg whose frames keep Z to the
    # right (lateral vector reversed). Flexion keeps its sign; the other two raw angles flip.
    m = leg_markers(500, seed=8)
    mirrored = {k: v * np.array([1.0, 1.0, -1.0]) for k, v in m.items()}
    right = knee_angles(m)
    left = knee_angles(mirrored, lateral_sign=-1.0)
    np.testing.assert_allclose(left, right * np.array([1.0, -1.0, -1.0]), atol=1e-12)


# --- segment frames -----------------------------------------------------------------------------


def test_frames_from_vectors_hand_built_and_dataclass():
    fr = geometry.frames_from_vectors([[0.1, 0.2, 0.3]], [[0.0, 0.0, 2.0]], geometry.Axis.Y,
                                      [[1.0, 0.0, 0.5]], "x")
    assert isinstance(fr, geometry.SegmentFrames)
    assert fr.n_frames == 1
    # Y = lab Z, X = lab X, Z = X x Y = -lab Y.
    np.testing.assert_allclose(fr.R_lab_segment[0], [[1, 0, 0], [0, 0, -1], [0, 1, 0]], atol=1e-15)
    np.testing.assert_array_equal(fr.origin, [[0.1, 0.2, 0.3]])


def test_frames_degenerate_are_nan_and_transforms_round_trip():
    o = np.zeros((4, 3))
    a = np.array([[0, 1, 0], [0, 0, 0], [0, 1, 0], [0, np.nan, 0]], dtype=float)
    b = np.array([[1, 0, 0], [1, 0, 0], [0, -3, 0], [1, 0, 0]], dtype=float)
    fr = geometry.frames_from_vectors(o, a, "Y", b, "X")
    assert not np.isnan(fr.R_lab_segment[0]).any()
    assert np.isnan(fr.R_lab_segment[1:]).all() and np.isnan(fr.origin[1:]).all()
    rng = np.random.default_rng(10)
    o, a, b, p = (rng.normal(size=(100, 3)) for _ in range(4))
    fr = geometry.frames_from_vectors(o, a, "Z", b, "Y")
    local = geometry.to_segment(fr, p)
    expected = np.einsum("nji,nj->ni", fr.R_lab_segment, p - o)  # R^T (p - o)
    np.testing.assert_allclose(local, expected, atol=1e-14)
    np.testing.assert_allclose(geometry.to_lab(fr, local), p, atol=1e-13)
    assert geometry.max_orthonormality_error(fr.R_lab_segment) < 1e-14


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: geometry.decompose(np.zeros((4, 3)), "ZXY"), "R"),
        (lambda: geometry.decompose(np.zeros((4, 3, 3)), "ZXX"), "sequence"),
        (lambda: geometry.decompose(np.zeros((4, 3, 3)), 3), "sequence"),
        (lambda: geometry.compose(np.zeros((4, 2)), "ZXY"), "angles"),
        (lambda: geometry.compose(np.full((2, 3), np.inf), "ZXY"), "angles"),
        (lambda: geometry.jcs_angles(np.zeros((4, 3, 3)), np.zeros((3, 3, 3))), "R_lab_distal"),
        (lambda: geometry.relative_rotations(np.zeros((4, 3, 3)), "x"), "R_lab_b"),
        (lambda: geometry.frames_from_vectors(np.zeros((2, 3)), np.ones((2, 3)), "Y",
                                              np.ones((2, 3)), "y"), "secondary"),
        (lambda: geometry.frames_from_vectors(np.zeros((2, 3)), np.ones((3, 3)), "Y",
                                              np.ones((2, 3)), "X"), "v_primary"),
        (lambda: geometry.frames_from_vectors(np.zeros((2, 3)), np.ones((2, 3)), "W",
                                              np.ones((2, 3)), "X"), "primary"),
        (lambda: geometry.to_segment(geometry.SegmentFrames(np.zeros((2, 3)), np.zeros((2, 3, 3))),
                                     np.zeros((3, 3))), "points_lab"),
        (lambda: geometry.to_lab(geometry.SegmentFrames(np.zeros((2, 3)), np.zeros((2, 3, 3))),
                                 np.zeros((1, 3))), "points_segment"),
    ],
)
def test_bad_input_names_the_argument(call, argument):
    with pytest.raises(ValueError, match=rf"argument '{argument}': expected") as info:
        call()
    assert isinstance(info.value, hipmech.InvalidArgumentError)
    assert info.value.argument == argument


def test_module_exports():
    for name in geometry.__all__:
        assert hasattr(geometry, name)
    assert geometry.CardanSequence.ZXY.name == "ZXY"
    assert len(list(geometry.CardanSequence)) == 12
