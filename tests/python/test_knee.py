"""hipmech.knee against Vicon Plug-in Gait's knee angles, analytic projections of a synthetic
single-leg squat, and closed-form geometry."""

from __future__ import annotations

import math

import numpy as np
import pytest

import hipmech
from hipmech import knee, model


# --------------------------------------------------------------------------------------------
# A synthetic limb built from explicit rotation matrices (independent of hipmech.geometry)
# --------------------------------------------------------------------------------------------

def _rx(a):
    c, s = np.cos(a), np.sin(a)
    R = np.zeros(np.shape(a) + (3, 3))
    R[..., 0, 0] = 1
    R[..., 1, 1], R[..., 1, 2], R[..., 2, 1], R[..., 2, 2] = c, -s, s, c
    return R


def _rz(a):
    c, s = np.cos(a), np.sin(a)
    R = np.zeros(np.shape(a) + (3, 3))
    R[..., 2, 2] = 1
    R[..., 0, 0], R[..., 0, 1], R[..., 1, 0], R[..., 1, 1] = c, -s, s, c
    return R


def _limb(side, hip_flexion, knee_flexion, valgus, thigh_m=0.45, shank_m=0.42):
    """ISB lab (X forward, Y up, Z right): thigh flexed about Z by hip_flexion; shank relative to
    the thigh by the knee JCS (Grood & Suntay: Z flexion axis, floating X, shank Y) with knee
    flexion = -alpha and adduction = +beta right / -beta left (docs: conventions), so valgus v is
    beta = -v on the right and +v on the left. Returns R_thigh, R_shank, hip, knee, ankle."""
    n = np.size(knee_flexion)
    lateral = 1.0 if side == "right" else -1.0
    beta = -lateral * np.asarray(valgus, dtype=float)
    R_thigh = _rz(np.asarray(hip_flexion, dtype=float) * np.ones(n))
    R_shank = R_thigh @ _rz(-np.asarray(knee_flexion, dtype=float) * np.ones(n)) @ _rx(
        beta * np.ones(n))
    hip = np.tile([0.1, 0.9, 0.1 * lateral], (n, 1))
    kn = hip - thigh_m * R_thigh[:, :, 1]
    ankle = kn - shank_m * R_shank[:, :, 1]
    return R_thigh, R_shank, hip, kn, ankle


def _anterior_camera_px(points, scale=800.0, offset=(640.0, 360.0)):
    """An orthographic camera in front of the subject (looking along -X), pixels with y down:
    the subject's right (+Z) is on the image's left, up (+Y) is image -y."""
    return np.column_stack([offset[0] - scale * points[:, 2], offset[1] - scale * points[:, 1]])


# --------------------------------------------------------------------------------------------
# FPPA: closed-form geometry
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("side,view,y_axis,dx", [
    ("right", "anterior", "down", +1), ("left", "anterior", "down", -1),
    ("right", "posterior", "down", -1), ("left", "posterior", "down", +1),
    ("right", "anterior", "up", +1), ("left", "posterior", "up", +1)])
def test_fppa_sign_is_valgus_positive_on_both_sides_and_views(side, view, y_axis, dx):
    # Hip (0, 0), knee (d, 1), ankle (0, 2) (hip above ankle, y down; mirrored for y up): the
    # angle between thigh and shank is 2 atan(d) (two lines each at atan(d) from vertical). The
    # knee is medial when it lies towards the other limb: image +x for the right limb seen from
    # the front (the subject's left is on the image's right), -x from behind.
    d = 0.2 * dx
    up = -1.0 if y_axis == "up" else 1.0
    hip, kn, ankle = (np.array([[0.0, 0.0]]), np.array([[d, up * 1.0]]),
                      np.array([[0.0, up * 2.0]]))
    r = knee.fppa(hip, kn, ankle, side, view=view, y_axis=y_axis)
    assert r.fppa_rad[0] == pytest.approx(2 * math.atan(0.2), abs=1e-15)  # medial: valgus
    r = knee.fppa(hip, kn * [-1.0, 1.0], ankle, side, view=view, y_axis=y_axis)
    assert r.fppa_rad[0] == pytest.approx(-2 * math.atan(0.2), abs=1e-15)  # lateral: varus


def test_fppa_invariant_to_image_translation_scale_and_roll():
    rng = np.random.default_rng(5)
    n = 500
    hip = rng.normal(size=(n, 2)) * 10
    kn = hip + np.column_stack([rng.normal(size=n), 40 + rng.normal(size=n) * 5])
    ankle = kn + np.column_stack([rng.normal(size=n) * 5, 40 + rng.normal(size=n) * 5])
    ref = knee.fppa(hip, kn, ankle, "left").fppa_rad
    roll = 0.4
    Rz = np.array([[math.cos(roll), -math.sin(roll)], [math.sin(roll), math.cos(roll)]])
    for f in (lambda p: p + [123.0, -45.0], lambda p: 3.7 * p, lambda p: p @ Rz.T):
        np.testing.assert_allclose(knee.fppa(f(hip), f(kn), f(ankle), "left").fppa_rad, ref,
                                   atol=1e-12)
    # Mirror the image (x -> -x) and swap the side: the same valgus.
    m = np.array([-1.0, 1.0])
    np.testing.assert_allclose(knee.fppa(hip * m, kn * m, ankle * m, "right").fppa_rad, ref,
                               atol=1e-15)


def test_fppa_camera_yaw_sensitivity_closed_form():
    # A flexed limb without valgus: thigh forward by a, shank backward by b from vertical, in the
    # sagittal plane. An orthographic camera yawed by psi sees each segment tilted by
    # atan(tan(inclination) sin psi), so |FPPA| = atan(tan a sin psi) + atan(tan b sin psi)
    # (docs: knee, "Sensitivity to the camera").
    a, b = math.radians(30), math.radians(35)
    for psi_deg in (2, 5, 10, 20):
        psi = math.radians(psi_deg)
        hip = np.array([0.0, 1.0, 0.0])
        kn = hip + 0.45 * np.array([math.sin(a), -math.cos(a), 0.0])
        ankle = kn + 0.42 * np.array([-math.sin(b), -math.cos(b), 0.0])
        # Camera in front, rotated by psi about the vertical: image x along -Z rotated.
        x_axis = np.array([math.sin(psi), 0.0, -math.cos(psi)])
        img = [np.array([[p @ x_axis, -p[1]]]) for p in (hip, kn, ankle)]
        r = knee.fppa(*img, "right")
        expected = math.atan(math.tan(a) * math.sin(psi)) + math.atan(math.tan(b) * math.sin(psi))
        assert abs(r.fppa_rad[0]) == pytest.approx(expected, abs=1e-12)


def test_fppa_nan_and_degenerate_frames_are_counted_not_dropped():
    hip = np.array([[0.0, 0.0], [0.0, 0.0], [np.nan, 0.0], [0.0, 0.0], [0.0, 0.0]])
    kn = np.array([[0.0, 1.0], [0.0, 0.0], [0.0, 1.0], [0.0, 1.0], [0.1, 1.0]])
    ankle = np.array([[0.0, 2.0], [0.0, 2.0], [0.0, 2.0], [0.0, 0.5], [0.0, 2.0]])
    r = knee.fppa(hip, kn, ankle, "right")
    assert len(r) == 5
    assert r.fppa_rad[0] == 0.0  # a straight limb
    assert np.isnan(r.fppa_rad[1])  # hip and knee coincide
    assert np.isnan(r.fppa_rad[2])  # missing hip
    assert np.isnan(r.fppa_rad[3])  # the shank folds back along the thigh: side undefined
    assert r.fppa_rad[4] == pytest.approx(2 * math.atan(0.1))
    assert (r.missing_frames, r.degenerate_frames) == (1, 2)


def test_fppa_bad_input_names_the_argument():
    p = np.zeros((4, 2))
    with pytest.raises(ValueError, match="'ankle'"):
        knee.fppa(p, p, np.zeros((3, 2)), "left")
    with pytest.raises(ValueError, match="'hip'"):
        knee.fppa(np.zeros((4, 4)), p, p, "left")
    with pytest.raises(ValueError, match="'knee'"):
        knee.fppa(p, np.zeros(4), p, "left")
    with pytest.raises(ValueError, match="'side'"):
        knee.fppa(p, p, p)
    with pytest.raises(ValueError, match="'view'"):
        knee.fppa(p, p, p, "left", view="sideways")
    with pytest.raises(ValueError, match="'frame'"):
        knee.fppa(np.zeros((4, 3)), np.zeros((4, 3)), np.zeros((4, 3)), "left")
    with pytest.raises(ValueError, match="'frame'"):
        knee.fppa(np.zeros((4, 3)), np.zeros((4, 3)), np.zeros((4, 3)), "left",
                  frame=np.eye(3)[None].repeat(3, axis=0))
    with pytest.raises(ValueError, match="'knee'"):
        knee.fppa(np.zeros((4, 3)), np.zeros((5, 3)), np.zeros((4, 3)), "left", frame="lab")
    with pytest.raises(ValueError, match="'hip'"):
        knee.fppa(np.array([[np.inf, 0.0]]), p[:1], p[:1], "left")


def test_fppa_from_keypoints_by_name():
    kp = hipmech.io.Keypoints2D(
        names=["right_hip", "right_knee", "right_ankle"], frames=np.arange(1),
        points_px={"right_hip": np.array([[0.0, 0.0]]), "right_knee": np.array([[0.2, 1.0]]),
                   "right_ankle": np.array([[0.0, 2.0]])}, confidence={})
    assert knee.fppa(kp, side="right").fppa_rad[0] == pytest.approx(2 * math.atan(0.2))
    with pytest.raises(ValueError, match="'names'"):
        knee.fppa(kp, side="left")


# --------------------------------------------------------------------------------------------
# A synthetic single-leg squat: 3-D valgus, FPPA and repetitions with a known answer
# --------------------------------------------------------------------------------------------

def _squat(side, n_reps=4, rate=100.0, valgus_deg=(6.0, 8.0, 10.0, 7.0)):
    """Squats from standing to ~70 deg knee flexion with a pause between them; hip flexion is
    0.6 x knee flexion (the shank inclines forward by 0.4 x knee flexion) and valgus grows with
    depth to a known per-repetition maximum at the deepest frame."""
    per = int(2.0 * rate)
    pause = int(0.5 * rate)
    phi, v = [np.zeros(pause)], [np.zeros(pause)]
    peaks = []
    for i in range(n_reps):
        s = 0.5 * (1 - np.cos(2 * np.pi * np.arange(per) / per))  # 0 -> 1 -> 0
        peaks.append(sum(len(x) for x in phi) + per // 2)
        phi += [math.radians(70) * s, np.zeros(pause)]
        v += [math.radians(valgus_deg[i]) * s, np.zeros(pause)]
    phi, v = np.concatenate(phi), np.concatenate(v)
    return phi, 0.6 * phi, v, np.array(peaks)


@pytest.mark.parametrize("side", ["left", "right"])
def test_squat_fppa_and_3d_valgus_agree_within_the_projection_error(side):
    phi, theta, v, _ = _squat(side)
    R_thigh, R_shank, hip, kn, ankle = _limb(side, theta, phi, v)
    a = knee.angles(R_thigh, R_shank, side)
    np.testing.assert_allclose(a.flexion_rad, phi, atol=1e-12)
    np.testing.assert_allclose(a.valgus_rad, v, atol=1e-12)
    np.testing.assert_allclose(a.rotation_rad, 0.0, atol=1e-12)
    # Projection error (docs: knee): with the thigh in the sagittal plane the frontal-plane
    # projection gives tan(FPPA) = tan(valgus) / cos(shank inclination), where the shank
    # inclination from vertical is knee flexion - hip flexion.
    expected = np.arctan(np.tan(v) / np.cos(phi - theta))
    f3 = knee.fppa(hip, kn, ankle, side, frame="lab", lab_axes=hipmech.LabAxes("Y", "X"))
    np.testing.assert_allclose(f3.fppa_rad, expected, atol=1e-12)
    f2 = knee.fppa(*(_anterior_camera_px(p) for p in (hip, kn, ankle)), side)
    np.testing.assert_allclose(f2.fppa_rad, expected, atol=1e-12)
    # The documented bound: FPPA exceeds the 3-D valgus by at most the 1/cos factor.
    assert np.all(f2.fppa_rad >= v - 1e-12)
    assert np.all(f2.fppa_rad - v <= np.arctan(np.tan(v) / np.cos(0.4 * math.radians(70))) - v
                  + 1e-12)


@pytest.mark.parametrize("side", ["left", "right"])
def test_squat_repetitions_recover_the_known_peaks(side):
    rate = 100.0
    phi, theta, v, peaks = _squat(side, rate=rate)
    R_thigh, R_shank, hip, kn, ankle = _limb(side, theta, phi, v)
    a = knee.angles(R_thigh, R_shank, side)
    f = knee.fppa(*(_anterior_camera_px(p) for p in (hip, kn, ankle)), side)
    reps = knee.repetitions(knee_flexion=a, fppa=f, valgus=a, rate_hz=rate)
    assert len(reps) == 4 and all(r.complete for r in reps)
    assert [r.peak for r in reps] == peaks.tolist()
    for r, vmax in zip(reps, (6.0, 8.0, 10.0, 7.0)):
        assert r.valgus.at_peak_depth_deg == pytest.approx(vmax, abs=1e-9)
        assert r.valgus.peak_frame == r.peak
        assert r.valgus.peak_percent == pytest.approx(100.0 * (r.peak - r.begin) / (r.end - r.begin))
        assert r.fppa.peak_rad == pytest.approx(
            math.atan(math.tan(math.radians(vmax)) / math.cos(0.4 * math.radians(70))), abs=1e-12)
        assert r.peak_time_s == pytest.approx(r.peak / rate)
        assert r.driver_at_peak == pytest.approx(math.radians(70))
    s = reps.summary["valgus_at_peak_depth"]
    assert s.count == 4
    assert math.degrees(s.mean) == pytest.approx(np.mean([6, 8, 10, 7]), abs=1e-9)
    assert math.degrees(s.sd) == pytest.approx(np.std([6, 8, 10, 7], ddof=1), abs=1e-9)
    # The same repetitions from the pelvis's vertical motion (video without 3-D knee angles).
    # With the foot on the floor the pelvis height is the hip's height above the ankle.
    by_height = knee.repetitions(pelvis_height=hip[:, 1] - ankle[:, 1], fppa=f)
    assert len(by_height) == 4
    assert all(abs(r.peak - p) <= 1 for r, p in zip(by_height, peaks))


def test_repetitions_cut_by_the_recording_are_kept_with_a_note():
    phi, _, _, peaks = _squat("left")
    cut = phi[peaks[0]: peaks[-1] + 10]  # starts at the bottom of the first, ends in the last
    reps = knee.repetitions(knee_flexion=cut)
    assert len(reps) == 4
    assert not reps[0].complete and "starts" in reps[0].note
    assert not reps[-1].complete and "ends" in reps[-1].note
    assert reps.summary["driver_at_peak"].count == 2


def test_repetitions_bad_input():
    with pytest.raises(ValueError, match="'knee_flexion'"):
        knee.repetitions()
    with pytest.raises(ValueError, match="'knee_flexion'"):
        knee.repetitions(knee_flexion=np.zeros(5), pelvis_height=np.zeros(5))
    with pytest.raises(ValueError, match="'min_excursion'"):
        knee.repetitions(knee_flexion=np.zeros(5), min_excursion=-1.0)
    with pytest.raises(ValueError, match="'fppa'"):
        knee.repetitions(knee_flexion=np.sin(np.linspace(0, 20, 200)), fppa=np.zeros(10))
    assert len(knee.repetitions(knee_flexion=np.full(10, np.nan))) == 0


# --------------------------------------------------------------------------------------------
# Separation ratio and medial knee displacement
# --------------------------------------------------------------------------------------------

def test_separation_ratio_known_values_and_views():
    # Front view, pixels: the subject's left is image +x. Knees 20 px apart, ankles 40 px.
    lk, rk = np.array([[110.0, 100.0]]), np.array([[90.0, 100.0]])
    la, ra = np.array([[120.0, 200.0]]), np.array([[80.0, 200.0]])
    s = knee.separation_ratio(lk, rk, la, ra)
    assert s.ratio[0] == pytest.approx(0.5) and s.knee_separation[0] == 20.0
    # From behind the left is image -x: the same image means crossed legs; the ratio stays 0.5
    # but both separations flip sign, and the ankles' negative separation is degenerate.
    s = knee.separation_ratio(lk, rk, la, ra, view="posterior")
    assert np.isnan(s.ratio[0]) and s.degenerate_frames == 1
    # Knees crossing the midline: negative ratio.
    assert knee.separation_ratio(rk, lk, la, ra).ratio[0] == pytest.approx(-0.5)


def test_medial_displacement_is_the_signed_distance_from_the_hip_ankle_line():
    hip, kn, ankle = np.array([[0.0, 0.0]]), np.array([[3.0, 50.0]]), np.array([[0.0, 100.0]])
    assert knee.medial_displacement(hip, kn, ankle, "right")[0] == pytest.approx(3.0)
    assert knee.medial_displacement(hip, kn, ankle, "left")[0] == pytest.approx(-3.0)
    # 3-D squat: equals the distance of the projected knee from the projected hip-ankle line.
    phi, theta, v, peaks = _squat("right")
    _, _, hip3, kn3, ankle3 = _limb("right", theta, phi, v)
    d = knee.medial_displacement(hip3, kn3, ankle3, "right", frame=np.eye(3))
    p = [knee.project_frontal(x, np.eye(3)) for x in (hip3, kn3, ankle3)]
    a, k = p[2] - p[0], p[1] - p[0]
    dist = np.abs(a[:, 0] * k[:, 1] - a[:, 1] * k[:, 0]) / np.linalg.norm(a, axis=1)
    np.testing.assert_allclose(np.abs(d), dist, atol=1e-12)
    assert np.all(d[v > 1e-3] > 0)  # valgus: the knee is medial to the line
    base = knee.medial_displacement(hip3, kn3, ankle3, "right", frame=np.eye(3), baseline_frame=0)
    np.testing.assert_allclose(base, d - d[0])


# --------------------------------------------------------------------------------------------
# Vicon Plug-in Gait knee angles
# --------------------------------------------------------------------------------------------

# Source: Vicon Nexus Plug-in Gait outputs in ../shared/validation/pycgm_pig_stair (cadop/pyCGM
# SampleData, MIT): LKneeAngles/RKneeAngles, and the femur/tibia bone markers {S}FEO/A/L/P and
# {S}TIO/A/L/P (Vicon's own segment axes, 100 mm long, stored as float32).
@pytest.mark.parametrize("side", ["left", "right"])
def test_knee_angles_reproduce_vicon(validation_dir, side):
    folder = validation_dir / "pycgm_pig_stair"
    trial = hipmech.io.read_c3d(folder / "Movement_trial.c3d")
    s = side[0].upper()
    vicon = trial.points[s + "KneeAngles"]
    # From Vicon's own segment axes (the bone markers in the file).
    thigh = model.bone_marker_frames(trial, s + "FE")
    shank = model.bone_marker_frames(trial, s + "TI")
    from_bones = knee.angles(thigh, shank, side)
    assert math.degrees(np.nanmax(np.abs(from_bones.rad - vicon))) < 0.001  # issue: 0.01
    # From the raw markers through the Plug-in Gait model.
    static = hipmech.io.read_c3d(folder / "Static_trial.c3d")
    params = model.plug_in_gait_static(static, model.PigParameters.from_subject(trial.subject))
    body = model.plug_in_gait(trial, params)
    from_model = knee.angles(body, side=side)
    assert math.degrees(np.nanmax(np.abs(from_model.rad - vicon))) < 0.001
    np.testing.assert_array_equal(from_model.valgus_rad, -from_model.adduction_rad)


def test_bone_marker_frames_missing_markers_are_listed():
    with pytest.raises(ValueError, match="LFEO"):
        model.bone_marker_frames({"LFEA": np.zeros((2, 3))}, "LFE")


def _frontal_keypoints(left_hip_x: float, right_hip_x: float) -> "hipmech.io.Keypoints2D":
    """Two legs 400 px long, knees 20 px medial of the hip-ankle lines (y down)."""
    pts = {}
    for side, hx in (("left", left_hip_x), ("right", right_hip_x)):
        medial = 20.0 if (side == "left") == (left_hip_x < right_hip_x) else -20.0
        pts[f"{side}_hip"] = np.array([[hx, 400.0]] * 3)
        pts[f"{side}_knee"] = np.array([[hx + medial, 600.0]] * 3)
        pts[f"{side}_ankle"] = np.array([[hx, 800.0]] * 3)
    return hipmech.io.Keypoints2D(names=list(pts), frames=np.arange(3), points_px=pts,
                                  confidence={})


def test_fppa_from_keypoints_refuses_a_view_the_hips_contradict():
    # Seen from in front the subject's left hip is at the image's right (larger x); the knees
    # here are displaced towards the midline (valgus). The right view gives valgus,
    # 2 atan(20 / 200) (Willson & Davis 2008's angle between thigh and shank lines), on both
    # sides; the wrong view would silently give varus, so it is refused, naming 'view'.
    front = _frontal_keypoints(left_hip_x=720.0, right_hip_x=560.0)
    for side in ("left", "right"):
        f = knee.fppa(front, side=side, view="anterior")
        assert np.allclose(f.fppa_rad, 2 * math.atan(20 / 200))
    with pytest.raises(hipmech.InvalidArgumentError, match="argument 'view'.*'anterior'"):
        knee.fppa(front, side="left", view="posterior")
    back = _frontal_keypoints(left_hip_x=560.0, right_hip_x=720.0)
    assert np.allclose(knee.fppa(back, side="right", view="posterior").fppa_rad,
                       2 * math.atan(20 / 200))
    with pytest.raises(hipmech.InvalidArgumentError, match="argument 'view'.*'posterior'"):
        knee.medial_displacement(back, side="right", view="front")
    # A side view (hips within 10 % of the leg length of each other) is not judged.
    side_view = _frontal_keypoints(left_hip_x=640.0, right_hip_x=650.0)
    knee.fppa(side_view, side="left", view="posterior")
