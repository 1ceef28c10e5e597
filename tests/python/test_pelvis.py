"""hipmech.pelvis: pelvis angles, progression, contralateral drop, 2-D drop.

Independent sources: scipy.spatial.transform.Rotation (intrinsic upper-case sequences, the same
convention as hipmech) for synthetic pelvises with known angles; the analytic relation of
Baker (2001) between the two sequences; analytic keypoints; and Vicon Nexus' own Plug-in Gait
outputs (LPelvisAngles/RPelvisAngles) stored in the validation trial.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

import hipmech
from hipmech import geometry, pelvis

DEG = math.pi / 180

# Progression along -X in a Z-up lab: columns forward (-X), up (+Z), right (+Y).
R_LAB_PROG = np.array([[-1.0, 0, 0], [0, 0, 1], [0, 1, 0]])


def raw_angles(convention: str, side: str, tilt, obliquity, rotation):
    """The raw intrinsic angles of each convention, from the sign table of docs/pelvis.md."""
    s = 1.0 if side == "left" else -1.0
    if convention == "plug-in-gait":  # ZXY
        return np.column_stack([-tilt, s * obliquity, -s * rotation])
    if convention == "baker":  # YXZ
        return np.column_stack([-s * rotation, s * obliquity, -tilt])
    return np.column_stack([tilt, obliquity, rotation])  # opensim, ZXY


SEQ = {"plug-in-gait": "ZXY", "baker": "YXZ", "opensim": "ZXY"}


@pytest.fixture
def known():
    rng = np.random.default_rng(7)
    n = 50
    return (rng.uniform(-30, 30, n) * DEG, rng.uniform(-15, 15, n) * DEG,
            rng.uniform(-40, 40, n) * DEG)


@pytest.mark.parametrize("convention", ["plug-in-gait", "baker", "opensim"])
@pytest.mark.parametrize("side", ["left", "right"])
def test_angles_recover_known_rotations(known, convention, side):
    tilt, obl, rot = known
    R_ref = Rotation.from_euler(SEQ[convention], raw_angles(convention, side, tilt, obl, rot)).as_matrix()
    R_lab = R_LAB_PROG @ R_ref
    a = pelvis.angles(R_lab, side, sequence=convention, progression="-X")
    assert a.convention == convention and a.reference == "progression"
    np.testing.assert_allclose(a.values, np.column_stack([tilt, obl, rot]), atol=1e-12)
    if convention != "opensim":
        np.testing.assert_allclose(a.obliquity_rad, obl, atol=1e-12)
        assert a.columns == ("tilt", "obliquity", "rotation")
    else:
        assert a.columns == ("pelvis_tilt", "pelvis_list", "pelvis_rotation")
    # rotations() is the inverse (relative to the reference).
    np.testing.assert_allclose(pelvis.rotations(a.values, side, convention), R_ref, atol=1e-14)


def test_sequence_names_and_raw_sequences(known):
    tilt, obl, rot = known
    R = R_LAB_PROG @ Rotation.from_euler("ZXY", raw_angles("plug-in-gait", "left", tilt, obl, rot)).as_matrix()
    pig = pelvis.angles(R, "L", sequence="tilt-obliquity-rotation", progression="-X")
    baker = pelvis.angles(R, "L", sequence="rotation-obliquity-tilt", progression="-X")
    assert pig.convention == "plug-in-gait" and baker.convention == "baker"
    for seq in ("XZY", "YXZ", "ZYX", "ZXZ"):
        raw = pelvis.angles(R, sequence=seq, progression="-X")
        expected = Rotation.from_matrix(R_LAB_PROG.T @ R).as_euler(seq)
        np.testing.assert_allclose(raw.values, expected, atol=1e-10)
        assert raw.columns == ("a1", "a2", "a3") and raw.convention is None


def test_baker_example_tilt_first_misreports_obliquity():
    # Baker (2001) Gait Posture 13:1-6: a level pelvis (zero obliquity in the rotation-first
    # sequence) that is both rotated and tilted shows a spurious obliquity in the tilt-first
    # sequence. For R = R_y(r) R_z(t), the ZXY middle angle is asin(sin r sin t).
    tilt, rotation = 25 * DEG, 35 * DEG
    R = Rotation.from_euler("YXZ", raw_angles("baker", "left", np.array([tilt]), np.zeros(1),
                                              np.array([rotation]))).as_matrix()
    baker = pelvis.angles(R, "left", sequence="baker", reference="lab",
                          lab_axes=hipmech.LabAxes("Y", "X"))
    pig = pelvis.angles(R, "left", sequence="plug-in-gait", reference="lab",
                        lab_axes=hipmech.LabAxes("Y", "X"))
    np.testing.assert_allclose(baker.values[0], [tilt, 0.0, rotation], atol=1e-14)
    expected = math.asin(math.sin(rotation) * math.sin(tilt))  # 13.97 deg
    assert pig.obliquity_rad[0] == pytest.approx(expected, abs=1e-12)
    assert abs(pig.obliquity_rad[0]) > 10 * DEG


@pytest.mark.parametrize("side", ["left", "right"])
def test_convert_round_trips_and_matches_scipy(known, side):
    tilt, obl, rot = known
    pig = np.column_stack([tilt, obl, rot])
    R = Rotation.from_euler("ZXY", raw_angles("plug-in-gait", side, tilt, obl, rot))
    s = 1.0 if side == "left" else -1.0
    yxz = R.as_euler("YXZ")  # Baker raw: (rotation, obliquity, tilt) about Y, X, Z
    expected_baker = np.column_stack([-yxz[:, 2], s * yxz[:, 1], -s * yxz[:, 0]])
    baker = pelvis.convert(pig, side, from_="plug-in-gait", to="baker")
    np.testing.assert_allclose(baker, expected_baker, atol=1e-12)
    osim = pelvis.convert(baker, side, from_="baker", to="opensim")
    np.testing.assert_allclose(osim, R.as_euler("ZXY"), atol=1e-12)
    np.testing.assert_allclose(pelvis.convert(osim, side, from_="opensim", to="plug-in-gait"),
                               pig, atol=1e-12)
    # A PelvisAngles brings its side and convention; the result matches direct computation.
    a = pelvis.angles(R.as_matrix(), side, sequence="plug-in-gait", reference=np.eye(3))
    np.testing.assert_allclose(pelvis.convert(a, to="baker"),
                               pelvis.angles(R.as_matrix(), side, sequence="baker",
                                             reference=np.eye(3)).values, atol=1e-12)


def test_angles_keep_missing_frames_and_accept_any_layout(known):
    tilt, obl, rot = known
    R = Rotation.from_euler("ZXY", raw_angles("plug-in-gait", "right", tilt, obl, rot)).as_matrix()
    R[3] = np.nan
    a = pelvis.angles(R, "right", sequence="plug-in-gait", reference=np.eye(3))
    assert np.isnan(a.values[3]).all() and not np.isnan(a.values[4]).any()
    # A non-contiguous view gives the same numbers (converted once).
    np.testing.assert_array_equal(
        pelvis.angles(np.asfortranarray(R), "right", sequence="plug-in-gait",
                      reference=np.eye(3)).values, a.values)
    assert a.values.flags.c_contiguous and a.values.flags.writeable


def test_reproduces_vicon_plug_in_gait_pelvis_angles(validation_dir):
    trial = hipmech.io.read_c3d(validation_dir / "pycgm_pig_stair" / "Movement_trial.c3d")
    m = trial.markers
    mid_asis = 0.5 * (m["LASI"] + m["RASI"])
    mid_psis = 0.5 * (m["LPSI"] + m["RPSI"])
    # Plug-in Gait pelvis: origin mid-ASIS, Z = RASI - LASI, X = mid-ASIS - mid-PSIS made
    # orthogonal to Z, Y = Z x X.
    frames = geometry.frames_from_vectors(mid_asis, m["RASI"] - m["LASI"], "Z",
                                          mid_asis - mid_psis, "X")
    prog = pelvis.detect_progression(frames.origin, frames.R_lab_segment, trial.lab_axes)
    assert prog.forward == "-X" and prog.method == "displacement"
    for side, name in (("left", "LPelvisAngles"), ("right", "RPelvisAngles")):
        a = pelvis.angles(frames.R_lab_segment, side, lab_axes=trial.lab_axes,
                          sequence="plug-in-gait", pelvis_origin_lab=frames.origin)
        assert a.progression.forward == "-X"
        vicon = trial.points[name]  # radians after the reader
        ok = ~np.isnan(vicon).any(axis=1)
        assert ok.sum() > 300
        err_deg = np.rad2deg(np.abs(a.values[ok] - vicon[ok]))
        assert err_deg.max() < 0.01, (name, err_deg.max(axis=0))  # measured: 1.6e-6 deg


def test_detect_progression_rules():
    n = 100
    t = np.arange(n)
    walk = np.column_stack([0.001 * t, -0.012 * t, np.full(n, 0.95)])
    assert pelvis.detect_progression(walk).forward == "-Y"
    # Treadmill: tiny displacement, the pelvis faces +X -> orientation decides.
    still = np.column_stack([0.001 * t, 0.0 * t, np.full(n, 0.95)])
    R = np.repeat(np.array([[1.0, 0, 0], [0, 0, -1], [0, 1, 0]])[None], n, axis=0)  # Y up = lab Z
    p = pelvis.detect_progression(still, R)
    assert (p.forward, p.method) == ("+X", "pelvis_orientation")
    assert pelvis.detect_progression(forward="-Y").method == "given"
    with pytest.raises(hipmech.InvalidArgumentError, match="R_lab_pelvis"):
        pelvis.detect_progression(still)


# ---- contralateral drop ---------------------------------------------------------------------

def left_obliquity(f):
    f = np.asarray(f, dtype=float)
    return 8 * DEG * np.exp(-((f - 40) / 8) ** 2) - 3 * DEG * np.exp(-((f - 100) / 8) ** 2)


class Kind(enum.Enum):
    FootStrike = 0
    FootOff = 1


@dataclass
class Ev:
    side: str
    kind: Kind
    frame: int


EVENTS = [("left", "foot_strike", 10), ("right", "foot_off", 22), ("right", "foot_strike", 70),
          ("left", "foot_off", 80), ("left", "foot_strike", 130), ("right", "foot_off", 141)]


def test_contralateral_drop_per_stance():
    obl = left_obliquity(np.arange(200))
    drops = pelvis.contralateral_drop(obl, "left", events=EVENTS,
                                      trendelenburg_threshold_rad=5 * DEG)
    assert len(drops) == 2
    left, right = drops
    assert (left.side, left.stance, left.single_support) == ("left", ("left", 10, 80), ("left", 22, 70))
    assert left.peak_frame == 40 and left.peak_rad == pytest.approx(left_obliquity(40), abs=1e-15)
    assert left.peak_percent_stance == pytest.approx(100 * 30 / 70)
    assert left.midstance_frame == 46.0
    assert left.midstance_rad == pytest.approx(left_obliquity(46), abs=1e-15)
    assert left.trendelenburg is True and left.note == ""
    assert right.peak_frame == 100 and right.peak_rad == pytest.approx(3 * DEG, abs=1e-12)
    assert right.trendelenburg is False
    assert pelvis.trendelenburg(drops, 2 * DEG) == [True, True]
    # Events as objects with an enum kind, and explicit windows, give the same drops.
    objs = [Ev(s, Kind.FootStrike if k == "foot_strike" else Kind.FootOff, f) for s, k, f in EVENTS]
    again = pelvis.contralateral_drop(obl, "left", events=objs, trendelenburg_threshold_rad=5 * DEG)
    assert again == drops
    stances, sls = pelvis.drop_windows(EVENTS)
    assert stances == [("left", 10, 80), ("right", 70, 141)]
    assert pelvis.contralateral_drop(obl, "left", stances=stances, single_support=sls)[1].peak_rad \
        == right.peak_rad


def test_contralateral_drop_from_angles_static_offset_and_missing_frames():
    n = 200
    obl = left_obliquity(np.arange(n))
    R = Rotation.from_euler("ZXY", raw_angles("plug-in-gait", "right", np.full(n, 0.1), -obl,
                                              np.zeros(n))).as_matrix()
    a = pelvis.angles(R, "right", sequence="plug-in-gait", reference=np.eye(3))  # right's obliquity = -obl
    static = np.full(30, 1 * DEG)
    static[5] = np.nan
    drops = pelvis.contralateral_drop(a, events=EVENTS, static=-static)
    # The offset is the right side's static obliquity (-1 deg); for the left stance the drop
    # is the left obliquity minus the left static obliquity (+1 deg).
    assert drops[0].peak_rad == pytest.approx(left_obliquity(40) - 1 * DEG, abs=1e-12)
    assert drops[1].peak_rad == pytest.approx(-left_obliquity(100) + 1 * DEG, abs=1e-12)
    assert pelvis.static_obliquity(static, "left") == pytest.approx(1 * DEG)
    # A missing frame in single support: NaN peak, a note, the stance is kept.
    obl_gap = obl.copy()
    obl_gap[50] = np.nan
    d = pelvis.contralateral_drop(obl_gap, "left", events=EVENTS)
    assert len(d) == 2 and math.isnan(d[0].peak_rad) and d[0].peak_frame == -1
    assert "1 of 48 single-support frames missing" in d[0].note
    assert d[0].midstance_rad == pytest.approx(left_obliquity(46), abs=1e-15)
    assert d[0].trendelenburg is None
    d_half = pelvis.contralateral_drop(obl, "left", events=EVENTS, midstance="half_stance")
    assert d_half[1].midstance_frame == 105.5
    assert d_half[1].midstance_rad == pytest.approx(-0.5 * (left_obliquity(105) + left_obliquity(106)))


# ---- 2-D drop -------------------------------------------------------------------------------

def hips(theta, behind=True):
    """Left/right hip pixels with the left hip higher by theta; y points down."""
    sx = -1.0 if behind else 1.0
    c, s = 60 * np.cos(theta), 60 * np.sin(theta)
    left = np.column_stack([640 + sx * c, 400 - s])
    right = np.column_stack([640 - sx * c, 400 + s])
    return left, right


def test_drop_2d_analytic_and_view_independent():
    theta = np.array([0.0, 4, -7, 12, -0.5]) * DEG
    for behind in (True, False):
        l, r = hips(theta, behind)
        np.testing.assert_allclose(pelvis.drop_2d(l, r, "left").obliquity_rad, theta, atol=1e-14)
        np.testing.assert_allclose(pelvis.drop_2d(l, r, "right").obliquity_rad, -theta, atol=1e-14)
    # A rolled camera with the floor line given: the roll cancels.
    phi = 9 * DEG
    roll = np.array([[math.cos(phi), -math.sin(phi)], [math.sin(phi), math.cos(phi)]])
    l, r = hips(theta)
    floor = np.array([[100.0, 900.0], [1200.0, 900.0]]) @ roll.T
    np.testing.assert_allclose(pelvis.drop_2d(l @ roll.T, r @ roll.T, "left", floor=floor)
                               .obliquity_rad, theta, atol=1e-13)


def test_drop_2d_from_keypoints_per_stance():
    n = 200
    theta = left_obliquity(np.arange(n))
    l, r = hips(theta, behind=False)
    kp = hipmech.io.Keypoints2D(names=["left_hip", "right_hip"], frames=np.arange(n),
                                points_px={"left_hip": l, "right_hip": r},
                                confidence={"left_hip": np.ones(n), "right_hip": np.ones(n)})
    res = pelvis.drop_2d(kp, side="right", events=EVENTS)
    np.testing.assert_allclose(res.obliquity_rad, -theta, atol=1e-13)
    assert [d.peak_frame for d in res.stances] == [40, 100]
    assert res.stances[0].peak_rad == pytest.approx(left_obliquity(40), abs=1e-12)


# ---- bad input ------------------------------------------------------------------------------

def test_bad_input():
    R = np.repeat(np.eye(3)[None], 5, axis=0)
    E = hipmech.InvalidArgumentError
    with pytest.raises(E, match="R_lab_pelvis") as exc:
        pelvis.angles(np.zeros((5, 3)), "left", reference="lab")
    assert exc.value.argument == "R_lab_pelvis"
    with pytest.raises(E, match="side"):
        pelvis.angles(R, "middle", reference="lab")
    with pytest.raises(E, match="side"):
        pelvis.angles(R, reference="lab")  # clinical convention needs a side
    with pytest.raises(E, match="sequence"):
        pelvis.angles(R, "left", sequence="tilt-rotation", reference="lab")
    with pytest.raises(E, match="reference"):
        pelvis.angles(R, "left", reference="ground")
    with pytest.raises(E, match="R_lab_reference"):
        pelvis.angles(R, "left", reference=np.eye(2))
    bad = R.copy()
    bad[1, 0, 0] = np.inf
    with pytest.raises(E, match="R_lab_pelvis"):
        pelvis.angles(bad, "left", reference="lab")
    with pytest.raises(E, match="'to'"):
        pelvis.convert(np.zeros((2, 3)), "left", from_="baker", to="ZXY")
    # A plain array does not say its convention: from_ has no default (issue 19: Plug-in Gait
    # angles read as Baker's came out up to 0.0086 rad wrong, silently).
    with pytest.raises(E, match="'from_'"):
        pelvis.convert(np.zeros((2, 3)), "left", to="baker")
    obl = np.zeros(50)
    with pytest.raises(E, match=r"events\[0\]"):
        pelvis.contralateral_drop(obl, "left", events=[("left", "heel", 3)])
    with pytest.raises(E, match=r"stances\[0\]"):
        pelvis.contralateral_drop(obl, "left", stances=[("left", 10)])
    with pytest.raises(E, match=r"stances\[0\]"):
        pelvis.contralateral_drop(obl, "left", stances=[("left", 10, 60)])
    with pytest.raises(E, match="midstance"):
        pelvis.contralateral_drop(obl, "left", events=EVENTS[:4], midstance="50%")
    with pytest.raises(E, match="side"):
        pelvis.contralateral_drop(obl, events=EVENTS[:4])
    l, r = hips(np.zeros(4))
    with pytest.raises(E, match="floor"):
        pelvis.drop_2d(l, r, "left", floor=np.zeros((3, 2)))
    with pytest.raises(E, match="right_hip_px"):
        pelvis.drop_2d(l, r[:3], "left")
    with pytest.raises(E, match="left_hip_px"):
        pelvis.drop_2d(l[:, :1], r, "left")


def test_static_offset_from_static_trial_angles_of_either_side():
    # A static trial standing with the left side 1 deg higher, as angles of each side.
    R_static = Rotation.from_euler("ZXY", raw_angles("plug-in-gait", "left", np.zeros(20),
                                                     np.full(20, 1 * DEG), np.zeros(20))).as_matrix()
    obl = left_obliquity(np.arange(200))
    expected = left_obliquity(40) - 1 * DEG
    for static_side in ("left", "right"):
        static = pelvis.angles(R_static, static_side, reference=np.eye(3))
        d = pelvis.contralateral_drop(obl, "left", events=EVENTS, static=static)
        assert d[0].peak_rad == pytest.approx(expected, abs=1e-12)
    with pytest.raises(hipmech.InvalidArgumentError, match="side"):
        pelvis.contralateral_drop(static, "left", events=EVENTS)  # angles of the right side


def test_default_sequence_is_bakers():
    # ../shared/CONVENTIONS.md: pelvis-to-lab angles follow Baker (2001) unless asked otherwise.
    R = Rotation.from_euler("YXZ", [[0.6, 0.1, -0.4]]).as_matrix()
    a = pelvis.angles(R, "right", reference=np.eye(3))
    assert a.convention == "baker" and a.sequence == "YXZ"
    np.testing.assert_allclose(
        a.values, pelvis.angles(R, "right", sequence="baker", reference=np.eye(3)).values)


def test_static_offset_refuses_a_bool_and_accepts_a_0d_array():
    obl = np.zeros(200)
    with pytest.raises(ValueError, match="static"):
        pelvis.contralateral_drop(obl, "left", events=EVENTS, static=True)
    a = pelvis.contralateral_drop(obl, "left", events=EVENTS, static=np.float64(0.01))
    b = pelvis.contralateral_drop(obl, "left", events=EVENTS, static=np.array(0.01))
    assert [d.peak_rad for d in a] == [d.peak_rad for d in b]


def test_events_and_pelvis_read_the_same_event_inputs():
    # One reader for gait events: GaitEvent objects, (side, kind, frame) and 5-tuples, and the
    # usual kind spellings work in both areas and give the same windows.
    from hipmech import events as ev
    triples = [(s, k, f) for s, k, f in EVENTS]
    fives = [(s, k.replace("_", " ").title(), f, f / 100.0, "file") for s, k, f in EVENTS]
    objects = [ev.GaitEvent(side=hipmech.parse_side(s), kind=k, frame=f, time_s=f / 100.0,
                            source="x") for s, k, f in EVENTS]
    expected = pelvis.drop_windows(triples)
    for given in (fives, objects):
        assert pelvis.drop_windows(given) == expected
        assert ([(w.begin, w.end) for w in ev.stance_windows(given, "left")]
                == [(w.begin, w.end) for w in ev.stance_windows(triples, "left")])
    assert pelvis.drop_windows([("L", "FS", 10), ("L", "toe off", 40)])[0] == [("left", 10, 40)]


def test_convert_names_its_convention_and_refuses_a_contradiction():
    # Known answer: a level, straight pelvis is (0, 0, 0) in every convention.
    R = np.repeat(np.eye(3)[None], 4, axis=0)
    a = pelvis.angles(R, "right", sequence="plug-in-gait", reference=np.eye(3))
    b = pelvis.convert(a, to="baker")
    assert isinstance(b, pelvis.PelvisAngles)
    assert (b.convention, b.side, b.columns) == ("baker", "right", ("tilt", "obliquity", "rotation"))
    assert b.reference == a.reference
    np.testing.assert_allclose(b, np.zeros((4, 3)), atol=1e-15)  # numpy takes it as its values
    with pytest.raises(hipmech.InvalidArgumentError, match="'from_'"):
        pelvis.convert(a, from_="baker", to="opensim")  # a says plug-in-gait


def test_contralateral_drop_takes_an_events_result(validation_dir):
    # events.from_trial / from_force_plates results are accepted as events.stance_windows
    # accepts them (issue 19: a bare TypeError before).
    from hipmech import events, io, model

    stair_trial = io.read_c3d(validation_dir / "pycgm_pig_stair" / "Movement_trial.c3d")
    body = model.plug_in_gait(stair_trial)
    a = pelvis.angles(body.pelvis.R_lab_segment, "left", lab_axes=stair_trial.lab_axes,
                      pelvis_origin_lab=body.pelvis.origin)
    fp = events.from_force_plates(stair_trial)
    got = pelvis.contralateral_drop(a, events=fp)
    assert got and repr(got) == repr(pelvis.contralateral_drop(a, events=fp.events))  # NaN-safe
