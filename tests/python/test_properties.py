"""Property-based tests (hypothesis) of invariants that follow from the definitions (issue 21).

Each property says why it must hold. Runs are short and reproducible: 50 examples per property,
derandomized (the same examples on every machine), no example database, no deadline (a slow
CI machine must not fail a test).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from hipmech import geometry, signal, stats

PROPERTY = settings(max_examples=50, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

SEQUENCES = list(geometry.CardanSequence.__members__)
CARDAN = [s for s in SEQUENCES if len(set(s)) == 3]  # XYZ ... ZYX: middle angle in [-pi/2, pi/2]
EULER = [s for s in SEQUENCES if len(set(s)) == 2]  # XYX ... ZYZ: middle angle in [0, pi]


def finite(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def frames_of(element: st.SearchStrategy[float], width: int = 3) -> st.SearchStrategy[np.ndarray]:
    """(n, width) arrays of 1 to 6 frames."""
    return st.integers(1, 6).flatmap(lambda n: arrays(np.float64, (n, width), elements=element))


@st.composite
def rotations(draw) -> np.ndarray:
    """(n, 3, 3) rotations from unit quaternions, built here (not by hipmech): the matrix of a
    unit quaternion is in SO(3) (Shoemake 1985)."""
    n = draw(st.integers(1, 6))
    q = draw(arrays(np.float64, (n, 4), elements=finite(-1.0, 1.0)))
    norm = np.linalg.norm(q, axis=1)
    assume(bool(np.all(norm > 0.1)))
    w, x, y, z = (q / norm[:, None]).T
    return np.stack([
        np.stack([1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)], axis=1),
        np.stack([2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)], axis=1),
        np.stack([2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)], axis=1),
    ], axis=1)


def wrapped(a: np.ndarray) -> np.ndarray:
    """Angles in (-pi, pi]: an angle and itself plus 2 pi are the same rotation."""
    return np.angle(np.exp(1j * a))


# --------------------------------------------------------------------------------------------
# geometry
# --------------------------------------------------------------------------------------------
@PROPERTY
@given(angles=frames_of(finite(-10.0, 10.0)), sequence=st.sampled_from(SEQUENCES))
def test_compose_is_a_rotation(angles, sequence):
    # R = R_axis1(a1) R_axis2(a2) R_axis3(a3) is a product of three elementary rotations, each
    # orthonormal with det +1, and SO(3) is closed under multiplication.
    R = geometry.compose(angles, sequence)
    assert R.shape == (len(angles), 3, 3)
    assert geometry.max_orthonormality_error(R) < 1e-12
    np.testing.assert_allclose(np.linalg.det(R), 1.0, atol=1e-12)


@PROPERTY
@given(data=st.data(), sequence=st.sampled_from(SEQUENCES))
def test_decompose_inverts_compose_inside_the_principal_range(data, sequence):
    # decompose returns a1, a3 in (-pi, pi] and a2 in [-pi/2, pi/2] (Cardan) or [0, pi]
    # (Euler), where the angles of a rotation away from gimbal lock are unique: angles drawn
    # inside that range (a margin from its ends and from the lock) come back as they went in.
    outer = finite(-np.pi + 1e-3, np.pi - 1e-3)
    middle = (finite(-np.pi / 2 + 1e-3, np.pi / 2 - 1e-3) if sequence in CARDAN
              else finite(1e-3, np.pi - 1e-3))
    n = data.draw(st.integers(1, 6))
    angles = np.column_stack([data.draw(arrays(np.float64, n, elements=e))
                              for e in (outer, middle, outer)])
    back = geometry.decompose(geometry.compose(angles, sequence), sequence)
    np.testing.assert_allclose(back, angles, atol=1e-9)


@PROPERTY
@given(R=rotations(), sequence=st.sampled_from(SEQUENCES))
def test_decomposition_recomposes_to_the_same_matrix(R, sequence):
    # Any rotation has angles in every one of the 12 sequences; away from gimbal lock
    # (|cos a2| for Cardan, |sin a2| for Euler, not tiny) recomposing them gives the matrix back.
    angles = geometry.decompose(R, sequence)
    a2 = angles[:, 1]
    lock = np.abs(np.cos(a2)) if sequence in CARDAN else np.abs(np.sin(a2))
    assume(bool(np.all(lock > 1e-4)))
    np.testing.assert_allclose(geometry.compose(angles, sequence), R, atol=1e-10)


@PROPERTY
@given(R=rotations(), sequence=st.sampled_from(SEQUENCES))
def test_decompose_stays_in_its_documented_ranges(R, sequence):
    # The documented ranges of decompose (its docstring): a1, a3 in (-pi, pi]; a2 in
    # [-pi/2, pi/2] for Cardan, [0, pi] for Euler sequences.
    a = geometry.decompose(R, sequence)
    eps = 1e-12
    assert np.all(np.abs(a[:, [0, 2]]) <= np.pi + eps)
    if sequence in CARDAN:
        assert np.all(np.abs(a[:, 1]) <= np.pi / 2 + eps)
    else:
        assert np.all((a[:, 1] >= -eps) & (a[:, 1] <= np.pi + eps))


@PROPERTY
@given(R_a=rotations(), data=st.data())
def test_relative_rotation_of_a_frame_to_itself_is_the_identity(R_a, data):
    # R_a_a = R_lab_a.T R_lab_a = I for an orthonormal R_lab_a; and R_a_b R_b_a = I.
    R_b = data.draw(rotations().filter(lambda r: len(r) == len(R_a)))
    identity = np.broadcast_to(np.eye(3), R_a.shape)
    np.testing.assert_allclose(geometry.relative_rotations(R_a, R_a), identity, atol=1e-12)
    np.testing.assert_allclose(
        geometry.relative_rotations(R_a, R_b) @ geometry.relative_rotations(R_b, R_a),
        identity, atol=1e-12)


@PROPERTY
@given(R_p=rotations(), data=st.data())
def test_jcs_angles_are_the_zxy_decomposition_of_the_relative_rotation(R_p, data):
    # Documented equality (jcs_angles docstring, Grood & Suntay 1983 with ISB axes): the JCS
    # angles are the intrinsic Z-X-Y angles of R_proximal_distal.
    R_d = data.draw(rotations().filter(lambda r: len(r) == len(R_p)))
    np.testing.assert_allclose(
        geometry.jcs_angles(R_p, R_d),
        geometry.decompose(geometry.relative_rotations(R_p, R_d), "ZXY"), atol=1e-9)


AXES = st.sampled_from(["X", "Y", "Z"])


@st.composite
def segment_frames(draw):
    """Frames from two non-parallel vectors per frame (not tiny, not nearly parallel)."""
    n = draw(st.integers(1, 6))
    element = finite(-2.0, 2.0)
    origin = draw(arrays(np.float64, (n, 3), elements=element))
    v1 = draw(arrays(np.float64, (n, 3), elements=element))
    v2 = draw(arrays(np.float64, (n, 3), elements=element))
    n1, n2 = np.linalg.norm(v1, axis=1), np.linalg.norm(v2, axis=1)
    assume(bool(np.all((n1 > 1e-2) & (n2 > 1e-2))))
    assume(bool(np.all(np.linalg.norm(np.cross(v1, v2), axis=1) > 1e-2 * n1 * n2)))
    primary = draw(AXES)
    secondary = draw(AXES.filter(lambda a: a != primary))
    return origin, v1, primary, v2, secondary


@PROPERTY
@given(args=segment_frames())
def test_frames_from_vectors_are_right_handed_and_point_along_the_primary(args):
    # The primary axis is v_primary / |v_primary| and the frame is orthonormal and
    # right-handed (det +1) by construction (frames_from_vectors docstring).
    origin, v1, primary, v2, secondary = args
    f = geometry.frames_from_vectors(origin, v1, primary, v2, secondary)
    R = f.R_lab_segment
    assert geometry.max_orthonormality_error(R) < 1e-12
    np.testing.assert_allclose(np.linalg.det(R), 1.0, atol=1e-12)
    column = "XYZ".index(primary)
    np.testing.assert_allclose(R[:, :, column], v1 / np.linalg.norm(v1, axis=1)[:, None],
                               atol=1e-12)
    # the secondary axis lies on v_secondary's side of the primary
    assert np.all(np.einsum("ij,ij->i", R[:, :, "XYZ".index(secondary)], v2) > 0)


@PROPERTY
@given(args=segment_frames(), data=st.data())
def test_to_lab_inverts_to_segment(args, data):
    # p_seg = R.T (p_lab - o) and p_lab = o + R p_seg are inverse maps because R.T R = I; a
    # rigid map also keeps the distance between two points.
    origin, v1, primary, v2, secondary = args
    f = geometry.frames_from_vectors(origin, v1, primary, v2, secondary)
    p = data.draw(arrays(np.float64, origin.shape, elements=finite(-5.0, 5.0)))
    q = data.draw(arrays(np.float64, origin.shape, elements=finite(-5.0, 5.0)))
    np.testing.assert_allclose(geometry.to_lab(f, geometry.to_segment(f, p)), p, atol=1e-12)
    np.testing.assert_allclose(geometry.to_segment(f, geometry.to_lab(f, p)), p, atol=1e-12)
    np.testing.assert_allclose(
        np.linalg.norm(geometry.to_segment(f, p) - geometry.to_segment(f, q), axis=1),
        np.linalg.norm(p - q, axis=1), atol=1e-12)


# --------------------------------------------------------------------------------------------
# stats
# --------------------------------------------------------------------------------------------
POSITIVE = finite(1e-3, 1e4)  # strengths, peak moments: same sign, non-zero


@PROPERTY
@given(left=POSITIVE, right=POSITIVE)
def test_symmetry_index_under_swapping_limbs_and_reference(left, right):
    # SI = 100 (other - reference) / (0.5 (other + reference)) (Robinson 1987): swapping the
    # limbs but not the reference, or the reference but not the limbs, exchanges "other" and
    # "reference" and flips the sign; swapping both leaves the same pair in the same roles.
    si = stats.symmetry_index(left, right, reference="left").value
    assert stats.symmetry_index(right, left, reference="left").value == pytest.approx(-si)
    assert stats.symmetry_index(left, right, reference="right").value == pytest.approx(-si)
    assert stats.symmetry_index(right, left, reference="right").value == pytest.approx(si)
    # and it is bounded: |other - ref| < other + ref for positive values, so |SI| < 200
    assert abs(si) < 200.0


@PROPERTY
@given(value=finite(-1e6, 1e6).filter(lambda v: v != 0.0),
       reference=st.sampled_from(["left", "right"]))
def test_equal_limbs_are_symmetric(value, reference):
    # other == reference: the difference is 0, the ratio 1, the LSI 100 %, for every index.
    assert stats.symmetry_index(value, value, reference=reference).value == 0.0
    assert stats.symmetry_angle(value, value, reference=reference).value == pytest.approx(0.0)
    # (100 x / x may round to 100 + 1 ulp)
    assert stats.limb_symmetry_index(value, value, reference=reference).value == pytest.approx(100)
    assert stats.asymmetry_ratio(value, value, reference=reference).value == 1.0


@PROPERTY
@given(left=POSITIVE, right=POSITIVE)
def test_limb_symmetry_index_of_the_two_references_are_reciprocal(left, right):
    # LSI = 100 other / reference: exchanging the roles gives 100 reference / other, so the
    # product of the two is 100^2; the ratios multiply to 1; the symmetry angle flips sign.
    lsi_l = stats.limb_symmetry_index(left, right, reference="left").value
    lsi_r = stats.limb_symmetry_index(left, right, reference="right").value
    assert lsi_l * lsi_r == pytest.approx(1e4)
    assert (stats.asymmetry_ratio(left, right, reference="left").value
            * stats.asymmetry_ratio(left, right, reference="right").value) == pytest.approx(1.0)
    assert stats.symmetry_angle(left, right, reference="left").value == pytest.approx(
        -stats.symmetry_angle(left, right, reference="right").value, abs=1e-9)


SAMPLE = st.integers(2, 30).flatmap(
    lambda n: arrays(np.float64, n, elements=finite(-1e3, 1e3)))


@PROPERTY
@given(x=SAMPLE, seed=st.integers(0, 2**32), confidence=finite(0.5, 0.99))
def test_percentile_bootstrap_interval_of_the_mean_is_ordered_and_inside_the_data(
        x, seed, confidence):
    # A percentile interval's ends are the alpha/2 and 1 - alpha/2 quantiles of the replicates,
    # so low <= high; every resample's mean lies between min(x) and max(x), so both ends do.
    # (Nothing guarantees that the interval contains the estimate.)
    r = stats.bootstrap("mean", x, n_resamples=200, method="percentile", seed=seed,
                        confidence=confidence)
    assert r.ci_low <= r.ci_high
    tol = 1e-9 * (1.0 + np.max(np.abs(x)))
    assert x.min() - tol <= r.ci_low and r.ci_high <= x.max() + tol
    assert r.estimate == pytest.approx(np.mean(x), abs=tol)
    # the same seed gives the same interval (documented: mt19937_64, platform-independent)
    again = stats.bootstrap("mean", x, n_resamples=200, method="percentile", seed=seed,
                            confidence=confidence)
    assert (again.ci_low, again.ci_high) == (r.ci_low, r.ci_high)


@st.composite
def rating_tables(draw):
    """(n targets, k raters) tables of small whole ratings (0 to 20, as a clinical scale)."""
    n = draw(st.integers(3, 10))
    k = draw(st.integers(2, 5))
    return draw(arrays(np.float64, (n, k), elements=st.integers(0, 20).map(float)))


@PROPERTY
@given(ratings=rating_tables(), shift=st.integers(-1000, 1000), scale=finite(0.1, 10.0))
def test_icc_is_invariant_to_a_shift_and_a_positive_scale_of_every_rating(ratings, shift, scale):
    # Every ICC form is a ratio of differences of ANOVA mean squares (Shrout & Fleiss 1979;
    # McGraw & Wong 1996). Adding a constant to all ratings leaves every deviation from a mean,
    # hence every mean square, unchanged; multiplying by c > 0 multiplies every mean square by
    # c^2, which cancels in the ratio.
    centred = ratings - ratings.mean()
    # no variance at all, or only rounding noise of one: the ICC is undefined (0/0)
    assume(float(np.sum(centred**2)) > 1e-6)
    base = stats.icc(ratings)["icc"].to_numpy()
    shifted = stats.icc(ratings + shift)["icc"].to_numpy()
    scaled = stats.icc(ratings * scale)["icc"].to_numpy()
    np.testing.assert_allclose(shifted, base, atol=1e-9, equal_nan=True)
    np.testing.assert_allclose(scaled, base, atol=1e-9, equal_nan=True)


GROUP = st.integers(2, 20).flatmap(
    lambda n: arrays(np.float64, n, elements=finite(-100.0, 100.0)))


@PROPERTY
@given(a=GROUP, b=GROUP)
def test_cohen_d_flips_sign_when_the_groups_swap(a, b):
    # d = (mean_a - mean_b) / s_p and the pooled SD s_p is symmetric in a and b (Cohen 1988):
    # d(b, a) = -d(a, b), and the exact interval, which inverts a noncentral t at -t, is the
    # mirror image (low, high) -> (-high, -low).
    pooled = np.sqrt(((len(a) - 1) * np.var(a, ddof=1) + (len(b) - 1) * np.var(b, ddof=1))
                     / (len(a) + len(b) - 2))
    assume(pooled > 1e-6)
    ab = stats.cohen_d(a, b)
    ba = stats.cohen_d(b, a)
    assert ba.estimate == pytest.approx(-ab.estimate, rel=1e-12, abs=1e-12)
    assert ba.ci_low == pytest.approx(-ab.ci_high, rel=1e-6, abs=1e-9)
    assert ba.ci_high == pytest.approx(-ab.ci_low, rel=1e-6, abs=1e-9)


# --------------------------------------------------------------------------------------------
# signal
# --------------------------------------------------------------------------------------------
@PROPERTY
@given(constant=finite(-1e4, 1e4), n=st.integers(10, 300), rate_hz=finite(50.0, 2000.0),
       fraction=finite(0.02, 0.9), order=st.integers(1, 4), form=st.sampled_from(["ba", "sos"]),
       pass_correction=st.booleans())
def test_zero_lag_filter_of_a_constant(constant, n, rate_hz, fraction, order, form,
                                       pass_correction):
    # A Butterworth low-pass has gain 1 at 0 Hz and a high-pass gain 0; the odd padding of a
    # constant is the same constant and lfilter_zi starts the filter in its steady state, so
    # the forward-backward result is the constant (low-pass) or 0 (high-pass) at every sample.
    assume(n > 3 * (order + 1))  # padding of 3 (order + 1) samples (lowpass docstring)
    assume(form == "sos" or order <= 2)  # "ba" at high order may refuse (NumericalError)
    cutoff_hz = fraction * rate_hz / 2
    x = np.full(n, constant)
    tol = 1e-9 * (1.0 + abs(constant))
    low = signal.lowpass(x, rate_hz, cutoff_hz, order=order, form=form,
                         pass_correction=pass_correction)
    np.testing.assert_allclose(low, x, atol=tol)
    high = signal.highpass(x, rate_hz, cutoff_hz, order=order, form=form,
                           pass_correction=pass_correction)
    np.testing.assert_allclose(high, 0.0, atol=tol)


@PROPERTY
@given(data=st.data(), a=finite(-10.0, 10.0), b=finite(-10.0, 10.0))
def test_zero_lag_filter_is_linear(data, a, b):
    # filtfilt is linear: the odd padding, the initial conditions (lfilter_zi times the first
    # sample) and both passes are linear in the data, so filter(a x + b y) = a filter(x) +
    # b filter(y).
    n = data.draw(st.integers(20, 200))
    x = data.draw(arrays(np.float64, n, elements=finite(-100.0, 100.0)))
    y = data.draw(arrays(np.float64, n, elements=finite(-100.0, 100.0)))
    f = lambda v: signal.lowpass(v, 100.0, 10.0)  # noqa: E731
    np.testing.assert_allclose(f(a * x + b * y), a * f(x) + b * f(y), atol=1e-8)


@PROPERTY
@given(slope=finite(-100.0, 100.0), intercept=finite(-1e3, 1e3), n=st.integers(2, 200),
       data=st.data(), n_points=st.integers(2, 201))
def test_time_normalise_of_a_linear_ramp_is_linear(slope, intercept, n, data, n_points):
    # Linear interpolation reproduces a linear function exactly: the ramp v[i] = m i + q
    # resampled at frames begin + t (end - begin), t = 0 .. 1, is m (begin + t (end - begin)) + q.
    begin = data.draw(finite(0.0, n - 1.0))
    end = data.draw(finite(begin, n - 1.0))
    assume(end - begin > 1e-3)
    ramp = slope * np.arange(n) + intercept
    out = signal.time_normalise(ramp, begin, end, n_points=n_points)
    frames = begin + np.linspace(0.0, 1.0, n_points) * (end - begin)
    np.testing.assert_allclose(out, slope * frames + intercept,
                               atol=1e-9 * (1.0 + abs(intercept) + abs(slope) * n))
