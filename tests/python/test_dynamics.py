"""hipmech.dynamics against independent sources:

- the ISB inverse-dynamics benchmark (van den Bogert & de Koning 1996; ../shared/validation/
  isb_invdyn_vandenbogert): a simulated running stance with exactly known joint moments;
- Vicon Plug-in Gait's own RHipMoment on the stair trial (../shared/validation/pycgm_pig_stair)
  with the Plug-in-Gait-compatible option;
- the wrench / quaternion form (Dumas et al. 2004) against the vector form;
- closed-form statics (a segment held still under gravity) for signs and frames;
- bad input.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import hipmech
from hipmech import dynamics as dyn
from hipmech.geometry import SegmentFrames


# --------------------------------------------------------------------------------------------
# ISB benchmark


def _isb(validation_dir):
    d = validation_dir / "isb_invdyn_vandenbogert"
    kin = np.loadtxt(d / "all.kin")
    frc = np.loadtxt(d / "all.frc")
    mom = np.loadtxt(d / "all.mom")
    return kin, frc, mom


def _isb_chain(kin):
    hip, knee, ankle, toe = (np.ascontiguousarray(kin[:, 2 * i:2 * i + 2]) for i in range(4))
    # Segment parameters from the benchmark page (../shared/validation/README.md).
    return [dyn.PlanarSegment(ankle, toe, 1.00, 0.0, 0.0200),
            dyn.PlanarSegment(knee, ankle, 2.86, 0.4334975, 0.042996389),
            dyn.PlanarSegment(hip, knee, 6.85, 0.4323725, 0.145361267)]


def _isb_load(frc):
    n = frc.shape[0]
    point = np.zeros((n, 2))
    point[:, 0] = frc[:, 2]
    return dyn.PlanarLoad(np.ascontiguousarray(frc[:, :2]), point)


def test_newton_euler_2d_reproduces_the_isb_benchmark(validation_dir):
    """Issue 6: stance RMS error <= 0.5 N m at hip, knee and ankle at 10 kHz."""
    kin, frc, mom = _isb(validation_dir)
    loads = dyn.newton_euler_2d(_isb_chain(kin), _isb_load(frc), 10000.0)
    stance = frc[:, 1] > 0
    for j, (name, k) in enumerate((("hip", 2), ("knee", 1), ("ankle", 0))):
        err = loads[k][1][stance] - mom[stance, j]
        rms = math.sqrt(float(np.mean(err ** 2)))
        assert rms <= 0.5, (name, rms)
    # The benchmark's published peaks (README): -42.37 (hip), 116.63 (knee), -145.03 (ankle).
    assert loads[2][1][stance].min() == pytest.approx(-42.37, abs=0.5)
    assert loads[1][1][stance].max() == pytest.approx(116.63, abs=0.5)
    assert loads[0][1][stance].min() == pytest.approx(-145.03, abs=0.5)


def test_quasi_static_lever_arm_error_on_the_isb_benchmark(validation_dir):
    """The ground-reaction lever-arm method (no weights, no inertia) against the true moments:
    docs/hip.md quotes these errors. It must equal hip.grf_lever_arm_moment in the plane."""
    kin, frc, mom = _isb(validation_dir)
    chain = _isb_chain(kin)
    qs = dyn.newton_euler_2d(chain, _isb_load(frc), 10000.0, inertial=False, weight=False)
    stance = frc[:, 1] > 0
    rms = [math.sqrt(float(np.mean((qs[k][1][stance] - mom[stance, j]) ** 2)))
           for j, k in ((0, 2), (1, 1), (2, 0))]
    # Measured (docs/hip.md): 69.9 / 21.4 / 8.5 N m RMS at hip / knee / ankle in this running
    # stance: the error grows up the chain as the ignored segment weights and inertia add up.
    assert rms[0] > rms[1] > rms[2] > 0.5
    # Same numbers from the 3-D lever-arm function, the plane embedded in 3-D (z = 0).
    n = frc.shape[0]
    f3 = np.zeros((n, 3)); f3[:, :2] = frc[:, :2]
    c3 = np.zeros((n, 3)); c3[:, 0] = frc[:, 2]
    j3 = np.zeros((n, 3)); j3[:, :2] = kin[:, 0:2]
    m = hipmech.hip.grf_lever_arm_moment(f3, c3, j3)
    np.testing.assert_allclose(m[:, 2], qs[2][1], rtol=0, atol=1e-9)


def _embed(kin, frc, rotation=np.eye(3)):
    """The ISB benchmark as a 3-D chain in the plane z = 0, optionally rotated."""
    n = kin.shape[0]
    pts = []
    for i in range(4):
        p = np.zeros((n, 3)); p[:, :2] = kin[:, 2 * i:2 * i + 2]
        pts.append(p @ rotation.T)
    hip, knee, ankle, toe = pts

    def frames(prox, dist):
        y = prox - dist
        y /= np.linalg.norm(y, axis=1, keepdims=True)
        z = np.tile(rotation @ np.array([0.0, 0.0, 1.0]), (n, 1))
        x = np.cross(y, z)
        R = np.stack([x, y, z], axis=2)
        return SegmentFrames(prox.copy(), np.ascontiguousarray(R))

    def inertia(m, frac, I, L_axis):
        return dyn.SegmentInertia(m, np.array([0.0, -frac * L_axis, 0.0]), np.diag([I, I, I]))

    f_foot = frames(ankle, toe)
    # The foot's centre of mass is at the ankle: the origin of its frame.
    chain = [
        dyn.LimbSegment(f_foot, dyn.SegmentInertia(1.00, np.zeros(3), np.diag([0.02] * 3)), ankle),
        dyn.LimbSegment(frames(knee, ankle), inertia(2.86, 0.4334975, 0.042996389,
                                                     np.linalg.norm(ankle - knee, axis=1)[0]),
                        knee),
        dyn.LimbSegment(frames(hip, knee), inertia(6.85, 0.4323725, 0.145361267,
                                                   np.linalg.norm(knee - hip, axis=1)[0]),
                        hip),
    ]
    f = np.zeros((n, 3)); f[:, :2] = frc[:, :2]
    c = np.zeros((n, 3)); c[:, 0] = frc[:, 2]
    load = dyn.ExternalLoad(f @ rotation.T, c @ rotation.T, np.zeros((n, 3)))
    return chain, load


def test_newton_euler_3d_on_the_embedded_isb_benchmark(validation_dir):
    """The 3-D recursion on the planar benchmark: the moment about the plane normal matches
    the true moments (segment lengths vary by < 1e-9 in the benchmark, so a fixed centre of
    mass is exact), in any orientation of the lab, in both the vector and wrench forms."""
    kin, frc, mom = _isb(validation_dir)
    stance = frc[:, 1] > 0
    rng = np.random.default_rng(6)
    q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    rotation = q * np.sign(np.linalg.det(q))
    for rot in (np.eye(3), rotation):
        chain, load = _embed(kin, frc, rot)
        g = rot @ np.array([0.0, -9.81, 0.0])
        vec = dyn.newton_euler_3d(chain, load, 10000.0, gravity_mps2=g)
        wr = dyn.newton_euler_3d(chain, load, 10000.0, gravity_mps2=g, form="wrench")
        normal = rot @ np.array([0.0, 0.0, 1.0])
        for j, k in ((0, 2), (1, 1), (2, 0)):
            mz = vec[k].moment_nm @ normal
            rms = math.sqrt(float(np.mean((mz[stance] - mom[stance, j]) ** 2)))
            assert rms <= 0.5
            # The two forms differentiate different parameterisations (rotation matrices vs
            # quaternions), so their kinematics differ by the O(h^2) truncation error; with the
            # same kinematics they agree to round-off (tests/cpp/dynamics/test_newton_euler.cpp).
            scale = np.abs(mom).max()  # 145 N m, the largest true moment
            np.testing.assert_allclose(wr[k].moment_nm[2:-2], vec[k].moment_nm[2:-2], rtol=0,
                                       atol=1e-6 * scale)
            np.testing.assert_allclose(wr[k].moment_nm, vec[k].moment_nm, rtol=0,
                                       atol=1e-4 * scale)


# --------------------------------------------------------------------------------------------
# Plug-in Gait


@pytest.fixture(scope="module")
def pig(validation_dir):
    d = validation_dir / "pycgm_pig_stair"
    trial = hipmech.io.read_c3d(d / "Movement_trial.c3d")
    static = hipmech.io.read_c3d(d / "Static_trial.c3d")
    params = hipmech.model.plug_in_gait_static(static, hipmech.model._parameters(None, trial))
    return trial, params


def test_plug_in_gait_option_matches_vicon_hip_moment_in_single_support(pig):
    """Vicon Plug-in Gait RHipMoment (external, thigh frame, N mm/kg; the reader stores it in
    N m/kg since it scales the file's mm to m). Vicon used one plate per side; on the right, the
    plate of frames 41-125. Single support: the left foot in swing by Zeni's events (frames
    56-90). Tolerance (docs/dynamics.md): RMS <= 0.03 N m/kg, largest difference <= 0.06 N m/kg,
    in the sagittal and frontal components, the file's markers unfiltered as Vicon used them."""
    trial, params = pig
    r = dyn.inverse_dynamics(trial, params, plug_in_gait=True, cutoff_hz=None)
    ref = trial.points["RHipMoment"]
    mine = r.right.hip.clinical_nm / r.body_mass_kg
    used_by_vicon = np.abs(trial.points["RGroundReactionForce"]).sum(axis=1) > 0
    left_swing = np.array(r.left.load_source) == "swing"
    sel = used_by_vicon & left_swing & np.isfinite(mine).all(axis=1)
    assert sel.sum() >= 30
    err = mine[sel] - ref[sel]
    rms = np.sqrt(np.mean(err ** 2, axis=0))
    assert rms[0] <= 0.03 and rms[1] <= 0.03, rms
    assert np.abs(err[:, :2]).max() <= 0.06
    # The frontal-plane peak (external adduction moment) within 3 %.
    assert mine[sel, 1].max() == pytest.approx(ref[sel, 1].max(), rel=0.03)


def test_inverse_dynamics_defaults_and_sources(pig):
    trial, params = pig
    r = dyn.inverse_dynamics(trial, params)
    assert r.frame == "jcs" and not r.external and r.table == "dempster_winter"
    assert r.cutoff_hz == 6.0
    for side in ("left", "right"):
        leg = r[side]
        src = np.array(leg.load_source)
        # No silent zero: every frame without plate data or a known swing is NaN at every joint.
        unknown = np.isin(src, ("unknown", "rejected"))
        assert np.isnan(leg.hip.clinical_nm[unknown]).all()
        assert np.isnan(leg.knee.clinical_nm[unknown]).all()
        plate = src == "plate"
        assert np.isfinite(leg.hip.clinical_nm[plate][3:-3]).all()
        # Internal hip abduction moment in stance is positive (the abductors hold the pelvis).
        assert np.nanmax(leg.hip.abduction_nm[plate]) > 0.5 * r.body_mass_kg
    # The rejected plate is explained.
    assert any("plate 0" in n for n in r.notes)
    df = r.to_dataframe()
    assert set(df["joint"]) == {"hip", "knee", "ankle"} and len(df) == 6 * trial.n_frames


def test_force_cut_off_defaults_to_the_marker_cut_off(pig):
    """Kristianslund et al. (2012): one cut-off for both by default; another on request."""
    trial, params = pig
    same = dyn.inverse_dynamics(trial, params, cutoff_hz=8.0)
    explicit = dyn.inverse_dynamics(trial, params, cutoff_hz=8.0, force_cutoff_hz=8.0)
    raw_forces = dyn.inverse_dynamics(trial, params, cutoff_hz=8.0, force_cutoff_hz=None)
    np.testing.assert_array_equal(same.right.hip.moment_nm, explicit.right.hip.moment_nm)
    plate = np.array(same.right.load_source) == "plate"
    assert not np.allclose(same.right.load.force_n[plate], raw_forces.right.load.force_n[plate])
    with pytest.raises(ValueError, match="force_cutoff_hz"):
        dyn.inverse_dynamics(trial, params, force_cutoff_hz="different")


def test_internal_is_minus_external(pig):
    trial, params = pig
    a = dyn.inverse_dynamics(trial, params, cutoff_hz=None)
    b = dyn.inverse_dynamics(trial, params, cutoff_hz=None, external=True)
    np.testing.assert_array_equal(a.right.hip.clinical_nm, -b.right.hip.clinical_nm)
    np.testing.assert_array_equal(a.right.hip.moment_nm, b.right.hip.moment_nm)


def test_frames_agree_on_the_flexion_axis(pig):
    """The proximal, distal and JCS flexion components are the projections of one vector on
    pelvis Z, thigh Z and pelvis Z: proximal and JCS flexion are identical (e1 = pelvis Z)."""
    trial, params = pig
    a = dyn.inverse_dynamics(trial, params, frame="proximal")
    b = dyn.inverse_dynamics(trial, params, frame="jcs")
    np.testing.assert_allclose(a.left.hip.flexion_nm, b.left.hip.flexion_nm, rtol=0, atol=1e-9,
                               equal_nan=True)
    g = dyn.inverse_dynamics(trial, params, frame="global")
    np.testing.assert_allclose(g.left.hip.clinical_nm, g.left.hip.moment_nm, equal_nan=True)


# --------------------------------------------------------------------------------------------
# Statics with closed-form answers


def _still_segment(n, R, origin, mass, com, inertia):
    return dyn.LimbSegment(SegmentFrames(np.tile(origin, (n, 1)), np.tile(R, (n, 1, 1))),
                           dyn.SegmentInertia(mass, np.asarray(com, float), inertia),
                           np.tile(origin, (n, 1)))


def test_static_segment_moment_is_weight_times_lever_arm():
    """A thigh held horizontal (along lab +X) from a joint at the origin, no load: the joint
    must supply F = m g up and M = m g d about the lab Y axis (Z up lab): d x (-m g z)."""
    n, m, d = 10, 7.0, 0.2
    # Columns: X = lab Z, Y = lab -X (the segment points distally along lab +X), Z = lab -Y.
    R = np.column_stack([[0, 0, 1.0], [-1.0, 0, 0], [0, -1.0, 0]])
    seg = _still_segment(n, R, np.zeros(3), m, [0.0, -d, 0.0], np.eye(3))
    load = dyn.ExternalLoad.zero(n)
    (j,) = dyn.newton_euler_3d([seg], load, 100.0)
    np.testing.assert_allclose(j.force_n, np.tile([0.0, 0.0, m * 9.81], (n, 1)), atol=1e-9)
    # CoM at lab (d, 0, 0): moment needed = -(c - P) x (m g) = -(d x) x (-m g z) = -(m g d) y.
    np.testing.assert_allclose(j.moment_nm, np.tile([0.0, -m * 9.81 * d, 0.0], (n, 1)),
                               atol=1e-9)


def test_clinical_moment_signs_mirror_between_sides():
    """A pure internal moment about the lab's anterior axis (+X, ISB) acting on a thigh aligned
    with the pelvis: for the right hip it is an adduction moment, for the left an abduction
    moment (docs/conventions.md), and the JCS, proximal and distal frames agree."""
    n = 4
    eye = np.tile(np.eye(3), (n, 1, 1))
    m = np.tile([5.0, 0.0, 0.0], (n, 1))
    for frame in ("jcs", "proximal", "distal"):
        right = dyn.clinical_moments(m, eye, eye, "right", "hip", frame)
        left = dyn.clinical_moments(m, eye, eye, "left", "hip", frame)
        np.testing.assert_allclose(right[:, 1], 5.0)
        np.testing.assert_allclose(left[:, 1], -5.0)
    # Flexion about +Z for the hip, extension for the knee (its flexion is backwards).
    mz = np.tile([0.0, 0.0, 2.0], (n, 1))
    assert dyn.clinical_moments(mz, eye, eye, "left", "hip")[0, 0] == pytest.approx(2.0)
    assert dyn.clinical_moments(mz, eye, eye, "left", "knee")[0, 0] == pytest.approx(-2.0)
    assert dyn.clinical_moments(mz, eye, eye, "left", "ankle")[0, 0] == pytest.approx(2.0)


def test_normalisation():
    m = np.array([[85.0 * 9.81 * 1.7 / 100.0, 0.0, 85.0]])
    np.testing.assert_allclose(dyn.moment_percent_bw_height(m, 85.0, 1.7)[0, 0], 1.0)
    np.testing.assert_allclose(dyn.moment_per_kg(m, 85.0)[0, 2], 1.0)


def test_bsp_tables_sum_to_the_body():
    """Mass fractions times the count of each segment add up to the whole body (de Leva 1996
    Table 4; Winter 2009 Table 4.1; Dumas et al. 2007 Table 2 within their rounding)."""
    for name in ("de_leva_male", "de_leva_female", "dempster_winter", "dumas_male",
                 "dumas_female"):
        t = dyn.bsp_table(name)
        df = t.to_dataframe()
        whole = df[df["segment"].isin(["upper_trunk", "middle_trunk", "lower_trunk"]) == False]
        total = float((whole["mass_fraction"] * whole["count"]).sum())
        assert total == pytest.approx(1.0, abs=0.0025), name
    assert dyn.bsp_table("plug_in_gait")["thigh"].mass_fraction == pytest.approx(0.100)
    s = dyn.segment_inertia("de_leva_male", "thigh", 80.0, [0, 0.4, 0], [0, 0, 0])
    # de Leva male thigh: 14.16 %, CoM 40.95 % from the hip, r = 32.9 / 14.9 / 32.9 %.
    assert s.mass_kg == pytest.approx(0.1416 * 80.0)
    np.testing.assert_allclose(s.com_m, [0.0, 0.4 - 0.4095 * 0.4, 0.0], atol=1e-12)
    assert s.inertia_kgm2[1, 1] == pytest.approx(0.1416 * 80 * (0.149 * 0.4) ** 2)


# --------------------------------------------------------------------------------------------
# Bad input


def test_bad_input_names_the_argument(pig):
    trial, params = pig
    with pytest.raises(ValueError, match="table"):
        dyn.bsp_table("nonsense")
    with pytest.raises(ValueError, match="segment"):
        dyn.bsp_table("de_leva_male")["tail"]
    with pytest.raises(ValueError, match="frame"):
        dyn.inverse_dynamics(trial, params, frame="pelvis")
    with pytest.raises(ValueError, match="body_mass_kg"):
        dyn.segment_inertia("de_leva_male", "thigh", -1.0, [0, 0.4, 0], [0, 0, 0])
    with pytest.raises(TypeError, match="trial"):
        dyn.inverse_dynamics({"not": "a trial"})
    no_plates = hipmech.io.Trial(**{**trial.__dict__, "force_plates": []})
    with pytest.raises(ValueError, match="force plate"):
        dyn.inverse_dynamics(no_plates, params)
    no_mass = hipmech.io.Trial(**{**trial.__dict__})
    no_mass.subject = type(trial.subject)(**{**trial.subject.__dict__, "body_mass_kg": math.nan})
    with pytest.raises(ValueError, match="body_mass_kg"):
        dyn.inverse_dynamics(no_mass, params)
    n = 10
    seg = _still_segment(n, np.eye(3), np.zeros(3), 1.0, np.zeros(3), np.eye(3))
    with pytest.raises(ValueError, match="load.force_n"):
        dyn.newton_euler_3d([seg], dyn.ExternalLoad.zero(n - 1), 100.0)
    bad = dyn.LimbSegment(seg.frames, dyn.SegmentInertia(0.0, np.zeros(3), np.eye(3)),
                          seg.proximal_joint_m)
    with pytest.raises(ValueError, match=r"chain\[0\]\.inertia"):
        dyn.newton_euler_3d([bad], dyn.ExternalLoad.zero(n), 100.0)
    with pytest.raises(ValueError, match="com_m"):
        dyn.newton_euler_3d([dyn.LimbSegment(seg.frames, dyn.SegmentInertia(
            1.0, np.zeros(2), np.eye(3)), seg.proximal_joint_m)], dyn.ExternalLoad.zero(n), 100.0)


def test_nan_frames_stay_nan_and_others_are_unaffected():
    n = 20
    seg = _still_segment(n, np.eye(3), np.zeros(3), 2.0, [0.0, -0.1, 0.0], np.eye(3) * 0.01)
    load = dyn.ExternalLoad.zero(n)
    load.force_n[7] = np.nan
    (j,) = dyn.newton_euler_3d([seg], load, 100.0)
    assert np.isnan(j.moment_nm[7]).all()
    assert np.isfinite(np.delete(j.moment_nm, 7, axis=0)).all()


def test_result_names_follow_the_frame_and_the_sign(pig):
    """Global components are not clinical; external moments are labelled in the table."""
    trial, params = pig
    g = dyn.inverse_dynamics(trial, params, frame="global")
    with pytest.raises(ValueError, match="frame"):
        g.right.hip.abduction_nm
    e = dyn.inverse_dynamics(trial, params, external=True)
    cols = e.to_dataframe().columns
    assert "external_adduction_nm" in cols and "adduction_nm" not in cols
    with pytest.raises(ValueError, match="g_mps2"):
        dyn.inverse_dynamics(trial, params, g_mps2=-9.81)
    with pytest.raises(ValueError, match="origin_m"):
        r = dyn.inverse_dynamics(trial, params)
        del r
        body = hipmech.model.plug_in_gait(trial, params)
        dyn.segment_motion(body.thigh.left, np.zeros(3), 120.0, origin_m=body.thigh.left.origin)


# --------------------------------------------------------------------------------------------
# Plug-in Gait as Vicon computes it: frame-averaged plate data, all three moment components


def _vicon_trials(validation_dir):
    child = validation_dir / "biomechzoo_pig_child"
    stair = validation_dir / "pycgm_pig_stair"
    c = hipmech.io.read_c3d(child / "HC030A05.c3d")
    # The child file's MarkerDiameter (10 mm) is not the 14 mm Vicon used for this trial
    # (../shared/validation/README.md; tests/python/test_model_offsets.py).
    cp = hipmech.model.PigParameters.from_subject(c.subject, marker_diameter_m=0.014)
    s = hipmech.io.read_c3d(stair / "Movement_trial.c3d")
    sp = hipmech.model.plug_in_gait_static(hipmech.io.read_c3d(stair / "Static_trial.c3d"),
                                           hipmech.model.PigParameters.from_subject(s.subject))
    return {"child": (c, cp), "stair": (s, sp)}


# Vicon used a plate for both feet of the child, and for the right foot only on the stairs:
# its left plate there (plate 0) is still loaded at the last sample, which hipmech rejects
# (the foot off is not observed; test_inverse_dynamics_defaults_and_sources).
VICON_FEET = [("child", "left"), ("child", "right"), ("stair", "right")]


@pytest.fixture(scope="module")
def vicon_trials(validation_dir):
    return _vicon_trials(validation_dir)


@pytest.mark.parametrize("name,side", VICON_FEET)
def test_frame_mean_resampling_is_vicons_ground_reaction(vicon_trials, name, side):
    """Vicon's L/RGroundReactionForce (N/kg) is the mean of the analog samples within half a
    frame of each frame (11 samples at 10:1 for the child, 9 at 9:1 for the stair trial), not
    the sample at the frame: hipmech's "frame_mean" equals it to float precision."""
    trial, params = vicon_trials[name]
    mass = trial.subject.body_mass_kg
    ref = trial.points[side[0].upper() + "GroundReactionForce"] * mass
    used = np.isfinite(ref).all(axis=1) & (np.abs(ref).sum(axis=1) > 0)
    errs = {}
    for how in ("frame_mean", "sample"):
        r = dyn.inverse_dynamics(trial, params, plug_in_gait=True, cutoff_hz=None,
                                 force_resampling=how)
        mine = r[side].load.force_n
        ok = used & (np.array(r[side].load_source) == "plate")
        assert ok.sum() >= 60
        errs[how] = np.abs(mine[ok] - ref[ok]).max()
    assert errs["frame_mean"] < 1e-3, errs  # N (the file stores N/kg as float32)
    assert errs["sample"] > 1.0, errs  # the single sample is off by newtons at heel strike


@pytest.mark.parametrize("name,side", VICON_FEET)
def test_plug_in_gait_moments_match_vicon_all_components(vicon_trials, name, side):
    """Hip, knee and ankle moments, all three components (Vicon's X, Y, Z), against Vicon's
    own: RMS <= 0.03 N m/kg per component over the frames with the foot on a plate (issue 18),
    the file's markers as Vicon filtered them. The child trial has thigh rotation, shank rotation
    and tibial torsion (the knee's distal frame is the turned shank)."""
    trial, params = vicon_trials[name]
    r = dyn.inverse_dynamics(trial, params, plug_in_gait=True, cutoff_hz=None)
    assert r.table == "plug_in_gait"
    s = side[0].upper()
    ref_grf = trial.points[s + "GroundReactionForce"]
    on_plate = (np.isfinite(ref_grf).all(axis=1) & (np.abs(ref_grf).sum(axis=1) > 0)
                & (np.array(r[side].load_source) == "plate"))
    assert on_plate.sum() >= 60
    for joint in ("hip", "knee", "ankle"):
        ref = trial.points[s + joint.capitalize() + "Moment"]
        mine = getattr(r[side], joint).clinical_nm / r.body_mass_kg
        ok = on_plate & np.isfinite(ref).all(axis=1)
        assert np.isfinite(mine[ok]).all(), joint
        rms = np.sqrt(np.mean((mine[ok] - ref[ok]) ** 2, axis=0))
        assert (rms <= 0.03).all(), (joint, rms)


def test_force_resampling_is_checked(pig):
    trial, params = pig
    with pytest.raises(ValueError, match="force_resampling"):
        dyn.inverse_dynamics(trial, params, force_resampling="average")
    with pytest.raises(TypeError, match="force_resampling"):
        dyn.inverse_dynamics(trial, params, force_resampling=3)
