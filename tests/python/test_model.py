"""hipmech.model against Vicon Plug-in Gait's own outputs and the published regressions."""

from __future__ import annotations

import math

import numpy as np
import pytest

import hipmech
from hipmech import model


@pytest.fixture(scope="module")
def pig_trials(validation_dir):
    folder = validation_dir / "pycgm_pig_stair"
    return (hipmech.io.read_c3d(folder / "Movement_trial.c3d"),
            hipmech.io.read_c3d(folder / "Static_trial.c3d"))


@pytest.fixture(scope="module")
def pig_body(pig_trials):
    trial, static = pig_trials
    params = model.plug_in_gait_static(static, model.PigParameters.from_subject(trial.subject))
    return trial, params, model.plug_in_gait(trial, params)


def _unit(v):
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _vicon_axes(trial, bone):
    """Vicon's segment axes from its bone markers (O origin, A anterior, L left/lateral, P
    proximal, 100 mm along each Plug-in Gait axis X, Y, Z) re-labelled to ISB axes."""
    m = trial.markers
    o = m[bone + "O"]
    x, y, z = (_unit(m[bone + k] - o) for k in "ALP")
    if bone.endswith("FO"):  # Plug-in Gait's foot: Z along the foot (toe to ankle), X up
        return np.stack([-z, x, -y], axis=2)
    return np.stack([x, z, -y], axis=2)


# Source: the Vicon Nexus Plug-in Gait outputs stored in ../shared/validation/pycgm_pig_stair
# (cadop/pyCGM SampleData, MIT): LFEP/RFEP (hip centres), LFEO/RFEO (knee centres), LTIO/RTIO
# (ankle centres), segment bone markers, LHipAngles/RHipAngles, LKneeAngles/RKneeAngles, and the
# Test.vsk static offsets. The C3D stores float32, so agreement is bounded by ~1e-4 mm.
@pytest.mark.parametrize("side", ["left", "right"])
def test_joint_centres_match_vicon(pig_body, side):
    trial, _, body = pig_body
    s = side[0].upper()
    m = trial.markers
    assert np.abs(body.hip_centre[side] - m[s + "FEP"]).max() < 1e-6  # < 0.001 mm (issue: 0.1)
    assert np.abs(body.knee_centre[side] - m[s + "FEO"]).max() < 1e-6
    assert np.abs(body.ankle_centre[side] - m[s + "TIO"]).max() < 1e-6


@pytest.mark.parametrize("side", ["left", "right"])
def test_segment_axes_match_vicon(pig_body, side):
    trial, _, body = pig_body
    s = side[0].upper()
    np.testing.assert_allclose(body.pelvis.R_lab_segment, _vicon_axes(trial, "PEL"), atol=1e-5)
    for segment, bone in (("thigh", "FE"), ("shank", "TI"), ("foot", "FO")):
        frames = getattr(body, segment)[side]
        np.testing.assert_allclose(frames.R_lab_segment, _vicon_axes(trial, s + bone), atol=1e-5)


@pytest.mark.parametrize("side", ["left", "right"])
def test_hip_and_knee_angles_match_vicon(pig_body, side):
    trial, _, body = pig_body
    s = side[0].upper()
    hip = body.hip_angles(side)
    knee = body.knee_angles(side)
    assert math.degrees(np.abs(hip - trial.points[s + "HipAngles"]).max()) < 0.001  # issue: 0.01
    assert math.degrees(np.abs(knee - trial.points[s + "KneeAngles"]).max()) < 0.001


def test_static_offsets_match_vicon_subject_file(pig_body):
    # Test.vsk: LeftStaticPlantFlex 0.25269871950149536, LeftStaticRotOff -0.056018531322479248,
    # RightStaticPlantFlex 0.23960816860198975, RightStaticRotOff -0.05020267516374588 [rad].
    _, params, _ = pig_body
    assert params.static_plantar_flexion_left_rad == pytest.approx(0.25269871950149536, abs=2e-6)
    assert params.static_rotation_offset_left_rad == pytest.approx(-0.056018531322479248, abs=2e-6)
    assert params.static_plantar_flexion_right_rad == pytest.approx(0.23960816860198975, abs=2e-6)
    assert params.static_rotation_offset_right_rad == pytest.approx(-0.05020267516374588, abs=2e-6)


def test_plug_in_gait_accepts_a_dict_and_carries_nan_frames(pig_trials):
    trial, _ = pig_trials
    params = model.PigParameters.from_subject(trial.subject)
    markers = {k: v.copy() for k, v in trial.markers.items()}
    markers["LTHI"][5] = np.nan
    body = model.plug_in_gait(markers, params)
    assert body.knee_centre.left.shape == (trial.n_frames, 3)
    assert np.isnan(body.knee_centre.left[5]).all()
    assert np.isnan(body.thigh.left.R_lab_segment[5]).all()
    assert np.isfinite(body.knee_centre.left[[4, 6]]).all()
    assert np.isfinite(body.knee_centre.right[5]).all()  # the other side is unaffected


def test_missing_markers_are_listed(pig_trials):
    trial, _ = pig_trials
    markers = {k: v for k, v in trial.markers.items() if k not in ("LKNE", "RTIB")}
    with pytest.raises(ValueError, match=r"'LKNE', 'RTIB'.*available: .*LASI") as info:
        model.plug_in_gait(markers, model.PigParameters.from_subject(trial.subject))
    assert info.value.argument == "markers"


def test_missing_measurements_are_named():
    markers = _synthetic_pig_markers()
    with pytest.raises(ValueError, match=r"leg_length_m\[left\]"):
        model.plug_in_gait(markers, model.PigParameters(knee_width_left_m=0.1,
                                                         knee_width_right_m=0.1))
    with pytest.raises(TypeError, match="parameters"):
        model.plug_in_gait(markers, {"leg_length_left_m": 0.9})
    with pytest.raises(ValueError, match="parameters"):
        model.plug_in_gait(markers)
    with pytest.raises(ValueError, match="pelvis_rear"):
        model.plug_in_gait(markers, _synthetic_parameters(), pelvis_rear="front")
    bad = dict(markers)
    bad["LASI"] = np.zeros((4, 2))
    with pytest.raises(ValueError, match=r"LASI.*shape \(n_frames, 3\)"):
        model.plug_in_gait(bad, _synthetic_parameters())


# ---- synthetic cases with known answers ----------------------------------------------------

def _synthetic_pig_markers(n=4):
    """A standing subject in an ISB-aligned lab (X forward, Y up, Z right) [m]."""
    rows = lambda p: np.tile(np.asarray(p, float), (n, 1))  # noqa: E731
    out = {"LASI": rows([0.0, 1.0, -0.12]), "RASI": rows([0.0, 1.0, 0.12]),
           "LPSI": rows([-0.15, 1.0, -0.05]), "RPSI": rows([-0.15, 1.0, 0.05])}
    for s, z in (("L", -1.0), ("R", 1.0)):
        out[s + "THI"] = rows([0.02, 0.75, z * 0.16])
        out[s + "KNE"] = rows([0.0, 0.5, z * 0.15])
        out[s + "TIB"] = rows([0.02, 0.3, z * 0.14])
        out[s + "ANK"] = rows([0.0, 0.08, z * 0.13])
        out[s + "TOE"] = rows([0.15, 0.03, z * 0.1])
        out[s + "HEE"] = rows([-0.05, 0.03, z * 0.1])
    return out


def _synthetic_parameters():
    return model.PigParameters(leg_length_left_m=0.9, leg_length_right_m=0.9,
                               knee_width_left_m=0.1, knee_width_right_m=0.1,
                               ankle_width_left_m=0.07, ankle_width_right_m=0.07)


def test_chord_function_geometry():
    # Analytic: J is at the offset from c, with a right angle at J, medial of c.
    rng = np.random.default_rng(1)
    c = rng.normal(size=(50, 3))
    b = c + rng.normal(size=(50, 3)) + [0, 2.0, 0]
    a = c + rng.normal(size=(50, 3))
    j = model.chord_function(a, b, c, 0.3)
    np.testing.assert_allclose(np.linalg.norm(j - c, axis=1), 0.3, atol=1e-12)
    np.testing.assert_allclose(np.einsum("ij,ij->i", b - j, c - j), 0.0, atol=1e-12)
    normal = np.cross(a - c, b - c)
    np.testing.assert_allclose(np.einsum("ij,ij->i", j - c, normal), 0.0, atol=1e-12)
    # The wand and the centre lie on opposite sides of the line bc.
    u = _unit(b - c)
    perp = lambda p: (p - c) - np.einsum("ij,ij->i", p - c, u)[:, None] * u  # noqa: E731
    assert (np.einsum("ij,ij->i", perp(a), perp(j)) < 0).all()
    with pytest.raises(ValueError, match="offset_m"):
        model.chord_function(a, b, c, 0.0)
    with pytest.raises(ValueError, match="lateral"):
        model.chord_function(a, b, c[:3], 0.3)


def test_hip_joint_centre_regressions_published_equations():
    pw, pd, ll = 0.25, 0.16, 0.92
    # Bell et al. (1990): 19 % posterior, 30 % inferior, 36 % lateral of PW.
    np.testing.assert_allclose(model.hip_joint_centre("bell", "left", inter_asis_distance_m=pw),
                               [-0.19 * pw, -0.30 * pw, -0.36 * pw], atol=1e-15)
    # Harrington et al. (2007), mm: x = -0.24PD-9.9, y = -0.16PW-0.04LL-7.1, z = 0.28PD+0.16PW+7.9
    expect = np.array([-0.24 * 160 - 9.9, -0.16 * 250 - 0.04 * 920 - 7.1,
                       0.28 * 160 + 0.16 * 250 + 7.9]) / 1000
    np.testing.assert_allclose(
        model.hip_joint_centre("harrington", "right", inter_asis_distance_m=pw, pelvic_depth_m=pd,
                               leg_length_m=ll), expect, atol=1e-15)
    expect = np.array([-0.138 * 250 - 10.4, -0.305 * 250 - 10.9, -(0.33 * 250 + 7.3)]) / 1000
    np.testing.assert_allclose(
        model.hip_joint_centre("harrington_width_only", "left", inter_asis_distance_m=pw),
        expect, atol=1e-15)
    # Davis et al. (1991) with Plug-in Gait's constants, written out in Plug-in Gait's axes
    # (X anterior, Y left, Z up) and re-labelled to ISB (x, z, -y).
    at, r = 0.1288 * ll - 0.04856, 0.007
    C = 0.115 * ll - 0.0153
    X = C * math.cos(0.5) * math.sin(0.314) - (at + r) * math.cos(0.314)
    Y = -(C * math.sin(0.5) - pw / 2)  # left side
    Z = -C * math.cos(0.5) * math.cos(0.314) - (at + r) * math.sin(0.314)
    np.testing.assert_allclose(
        model.hip_joint_centre("davis", "left", inter_asis_distance_m=pw, mean_leg_length_m=ll),
        [X, Z, -Y], atol=1e-15)
    with pytest.raises(ValueError, match="method"):
        model.hip_joint_centre("leardini", "left", inter_asis_distance_m=pw)
    with pytest.raises(ValueError, match="pelvic_depth_m"):
        model.hip_joint_centre("harrington", "left", inter_asis_distance_m=pw, leg_length_m=ll)
    with pytest.raises(ValueError, match="side"):
        model.hip_joint_centre("bell", "middle", inter_asis_distance_m=pw)


def test_isb_model_on_a_known_pelvis():
    # A pelvis aligned with an ISB lab: the frames are the identity and the hip centres sit at
    # mid-ASIS + the regression vector exactly.
    m = _synthetic_pig_markers()
    for s, z in (("L", -1.0), ("R", 1.0)):
        m[s + "KNM"] = m[s + "KNE"] * [1, 1, 0.4]
        m[s + "MED"] = m[s + "ANK"] * [1, 1, 0.4]
    body = model.isb_lower_body(m, hip_joint_centre="bell")
    np.testing.assert_allclose(body.pelvis.R_lab_segment, np.tile(np.eye(3), (4, 1, 1)),
                               atol=1e-15)
    assert body.inter_asis_distance_m == pytest.approx(0.24)
    np.testing.assert_allclose(body.hip_centre.right[0],
                               [-0.19 * 0.24, 1.0 - 0.30 * 0.24, 0.36 * 0.24], atol=1e-15)
    for side in ("left", "right"):
        R = body.femur[side].R_lab_segment[0]
        np.testing.assert_allclose(R @ R.T, np.eye(3), atol=1e-14)
        assert np.linalg.det(R) == pytest.approx(1.0)
        assert R[2, 2] > 0.9  # femur Z points right on both sides
        assert body.tibia[side].R_lab_segment[0][2, 2] > 0.9
    with pytest.raises(ValueError, match=r"leg_length_m\[left\]"):
        model.isb_lower_body(m)  # Harrington needs leg lengths
    del m["RMED"]
    with pytest.raises(ValueError, match="RMED"):
        model.isb_lower_body(m, hip_joint_centre="bell")


def test_mirror_symmetry_of_hip_angles():
    # A left/right mirrored subject (Z -> -Z) has the same clinical hip and knee angles.
    m = _synthetic_pig_markers()
    rng = np.random.default_rng(3)
    for k in m:
        m[k] = m[k] + rng.normal(scale=0.01, size=m[k].shape) * [1, 1, np.sign(m[k][0, 2])]
    mirrored = {}
    for k, v in m.items():
        other = {"L": "R", "R": "L"}[k[0]] + k[1:]
        mirrored[other] = v * [1, 1, -1]
    p = _synthetic_parameters()
    a, b = model.plug_in_gait(m, p), model.plug_in_gait(mirrored, p)
    np.testing.assert_allclose(a.hip_angles("left"), b.hip_angles("right"), atol=1e-12)
    np.testing.assert_allclose(a.knee_angles("right"), b.knee_angles("left"), atol=1e-12)


@pytest.mark.parametrize("side", ["left", "right"])
def test_model_to_pelvis_angles_match_vicon(pig_body, side):
    # The whole chain from raw markers: the model's pelvis frame, the detected progression
    # (-X in this stair trial) and the Plug-in Gait sequence reproduce Vicon's L/RPelvisAngles.
    trial, _, body = pig_body
    angles = hipmech.pelvis.angles(body.pelvis.R_lab_segment, side, lab_axes=trial.lab_axes,
                                   sequence="plug-in-gait", pelvis_origin_lab=body.pelvis.origin)
    assert angles.progression.forward == "-X"
    vicon = trial.points[side[0].upper() + "PelvisAngles"]
    assert math.degrees(np.abs(angles.values - vicon).max()) < 0.001  # issue: 0.01 deg


def test_left_right_lookup_refuses_ambiguous_keys():
    pair = model.LeftRight(left="L", right="R")
    assert pair["left"] == "L" and pair["R"] == "R" and pair[hipmech.Side.RIGHT] == "R"
    for key in (0, None, False):
        with pytest.raises(TypeError, match="side"):
            pair[key]
    with pytest.raises(ValueError, match="side"):
        pair["middle"]


def test_joint_angles_name_their_convention_and_take_segment_frames():
    # Known answer: identical proximal and distal frames give zero angles at every joint; the
    # result names its joint, side, columns and convention (issue 19: a bare array before), and
    # a SegmentFrames is taken as its docstring says (it was rejected).
    from hipmech.geometry import SegmentFrames

    R = np.repeat(np.eye(3)[None], 5, axis=0)
    frames = SegmentFrames(np.zeros((5, 3)), R)
    a = model.joint_angles(frames, frames, "left", "knee")
    assert isinstance(a, model.JointAngles)
    assert (a.joint, a.side, a.unit) == ("knee", "left", "rad")
    assert a.columns == ("flexion", "adduction", "internal_rotation")
    assert "Grood & Suntay" in a.convention
    np.testing.assert_array_equal(a, model.joint_angles(R, R, "left", "knee").values)
    assert a.shape == (5, 3) and np.all(a["adduction"] == 0.0) and np.all(a[:, 0] == 0.0)
    np.testing.assert_array_equal(np.degrees(a), np.zeros((5, 3)))
