"""hipmech.events: force-plate, Zeni and file events, and the windows between them.

Known answers: synthetic plates whose vertical force first exceeds 20 N at a chosen sample
(strike) and first falls back at another (off); synthetic sinusoidal heel/toe/sacrum
trajectories whose extremes fall on known frames (Zeni et al. 2008). Independent
implementations: numpy run-length thresholding and scipy.signal.find_peaks on the pyCGM stair
trial (validation data), and io's Trial.event_frame for file events.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import hipmech
from hipmech import Side
from hipmech import events as ev
from hipmech import io as hio

NAN = math.nan
POINT_RATE, ANALOG_RATE, N_FRAMES, N_SAMPLES = 100.0, 1000.0, 200, 2000


# -- synthetic force plates ------------------------------------------------------------------
def profile(begin: int, end: int) -> np.ndarray:
    """25 N at `begin`, +100 N per sample up to 800 N, symmetric down to 25 N at end - 1."""
    s = np.arange(N_SAMPLES)
    f = np.minimum.reduce([np.full(N_SAMPLES, 800.0), 25.0 + 100.0 * (s - begin),
                           25.0 + 100.0 * (end - 1 - s)])
    f[(s < begin) | (s >= end)] = 0.0
    return f


def plate(x0: float, z: float = 0.0) -> hio.ForcePlate:
    corners = np.array([[x0 + 0.6, 0.3, z], [x0, 0.3, z], [x0, -0.3, z], [x0 + 0.6, -0.3, z]])
    zeros = np.zeros((N_SAMPLES, 3))
    return hio.ForcePlate(type=2, channels=[], corners_m=corners, origin_m=np.zeros(3),
                          calibration=None, R_lab_plate=np.eye(3), center_m=corners.mean(0),
                          origin_lab_m=corners.mean(0), force_n=zeros.copy(),
                          moment_nm=zeros.copy(), cop_m=np.full((N_SAMPLES, 3), NAN),
                          free_moment_nm=zeros.copy())


def load(p: hio.ForcePlate, begin: int, end: int, heel, toe) -> None:
    f = profile(begin, end)
    on = f > 0
    p.force_n[on, 2] = f[on]
    a = (np.arange(N_SAMPLES) - begin) / (end - begin)
    cop = (1 - a)[:, None] * np.asarray(heel) + a[:, None] * np.asarray(toe)
    p.cop_m[f >= 10] = cop[f >= 10]


def put_foot(t: hio.Trial, side: str, heel, frames=slice(None)) -> None:
    lateral = 0.03 if side == "L" else -0.03
    for name, offset in ((side + "HEE", (0, 0, 0.04)), (side + "TOE", (0.2, 0, 0.02)),
                         (side + "ANK", (0.05, lateral, 0.08))):
        if name not in t.markers:
            t.markers[name] = np.full((N_FRAMES, 3), NAN)
        t.markers[name][frames] = np.asarray(heel) + offset


def walk() -> hio.Trial:
    """Left foot on plate 0 (samples 300-900: frames 30-90), right foot on plate 1 (800-1400:
    frames 80-140) swinging over plate 0 in frames 45-65; plate 2 loaded from the first sample;
    plate 3 loaded with no foot near; a 3 ms spike on plate 0."""
    t = hio.Trial(point_rate_hz=POINT_RATE)
    t.analog.rate_hz = ANALOG_RATE
    lheel, rheel = np.array([0.6, 0.1, 0.0]), np.array([1.2, -0.1, 0.0])
    put_foot(t, "L", lheel)
    put_foot(t, "R", rheel)
    put_foot(t, "R", (0.7, -0.1, 0.03), slice(45, 66))
    t.force_plates = [plate(0.4), plate(1.0), plate(1.6), plate(2.2)]
    load(t.force_plates[0], 300, 900, lheel, lheel + (0.2, 0, 0))
    load(t.force_plates[0], 100, 103, lheel, lheel)
    load(t.force_plates[1], 800, 1400, rheel, rheel + (0.2, 0, 0))
    load(t.force_plates[2], -50, 150, (1.9, 0, 0), (1.9, 0, 0))
    load(t.force_plates[3], 1000, 1300, (2.5, 0, 0), (2.5, 0, 0))
    return t


def test_force_plate_events_of_a_synthetic_walk():
    r = ev.from_force_plates(walk())
    got = [(e.side, e.kind, e.frame, e.source) for e in r.events]
    assert got == [(Side.LEFT, "foot_strike", 30, "force_plate:0"),
                   (Side.RIGHT, "foot_strike", 80, "force_plate:1"),
                   (Side.LEFT, "foot_off", 90, "force_plate:0"),
                   (Side.RIGHT, "foot_off", 140, "force_plate:1")]
    assert [e.time_s for e in r.events] == pytest.approx([0.3, 0.8, 0.9, 1.4], abs=1e-12)
    c = r.contacts[0]
    assert (c.plate, c.side, c.begin_sample, c.end_sample) == (0, Side.LEFT, 300, 900)
    assert c.strike_time_s == pytest.approx(0.3) and c.off_time_s == pytest.approx(0.9)
    assert c.peak_force_n == pytest.approx(800.0)
    assert [(x.plate, x.reason) for x in r.rejected] == [(2, "strike_not_observed"),
                                                        (3, "no_foot_near_cop")]
    assert r.rejected[1].side is None
    # The windows of these events.
    assert ev.stance_windows(r, "left") == [ev.Window(Side.LEFT, 30, 90)]
    assert ev.stance_windows(r.events, Side.RIGHT)[0].size == 60
    # No left strike after the left off at 90: the right stance holds no single support.
    assert ev.single_limb_support_windows(r, "right") == []


def test_force_plate_options_and_rejections():
    t = walk()
    assert ev.from_force_plates(t, threshold_n=900.0).events == []
    r = ev.from_force_plates(t, min_contact_s=0.0)
    assert (r.contacts[0].begin_sample, r.contacts[0].end_sample) == (100, 103)
    r = ev.from_force_plates(t, threshold_n=500.0)  # 25 + 100 * 5 = 525 > 500
    assert (r.contacts[0].begin_sample, r.contacts[0].end_sample) == (305, 895)
    # Both feet standing on plate 0.
    both = walk()
    put_foot(both, "R", (0.6, -0.1, 0.0))
    reasons = {x.plate: x.reason for x in ev.from_force_plates(both).rejected}
    assert reasons[0] == "both_feet"
    # Markers missing throughout the left contact.
    gone = walk()
    for m in ("LHEE", "LTOE", "LANK"):
        gone.markers[m][:] = NAN
    rej = ev.from_force_plates(gone).rejected
    assert rej[0].reason == "missing_markers" and "LHEE, LTOE, LANK" in rej[0].message


@pytest.mark.parametrize("kwargs", [{"threshold_n": 0.0}, {"threshold_n": -1.0},
                                    {"threshold_n": NAN}, {"min_contact_s": -0.01},
                                    {"max_cop_distance_m": 0.0}, {"left_foot": []}])
def test_force_plate_bad_options(kwargs):
    with pytest.raises(ValueError):
        ev.from_force_plates(walk(), **kwargs)


def test_force_plate_bad_input():
    t = walk()
    t.force_plates = []
    with pytest.raises(hipmech.InvalidArgumentError, match="force_plates"):
        ev.from_force_plates(t)
    with pytest.raises(hipmech.InvalidArgumentError) as info:
        ev.from_force_plates(walk(), left_foot=["LHEEL", "LTOE"])
    assert info.value.argument == "markers"
    assert "'LHEEL'" in str(info.value) and "available" in str(info.value)
    with pytest.raises(TypeError, match="trial"):
        ev.from_force_plates({"markers": {}})
    bad = walk()
    bad.force_plates[0].force_n = np.zeros((N_SAMPLES, 2))
    with pytest.raises(ValueError, match=r"force_plates\[0\].force_n"):
        ev.from_force_plates(bad)


# -- synthetic Zeni trajectories -------------------------------------------------------------
def zeni_trial(sacrum=("SACR",), n=400, rate=100.0, speed=1.2) -> hio.Trial:
    """Sacrum walking along -X; (heel - sacrum) along -X = 0.3 sin(2 pi t): left strikes at
    t = 0.25 + k; (toe - sacrum) = 0.3 sin(2 pi (t - 0.1)): left offs at t = 0.85 + k; the right
    foot half a stride later."""
    t = hio.Trial(point_rate_hz=rate)
    time = np.arange(n) / rate
    x = 3.0 - speed * time
    sac = np.column_stack([x, np.zeros(n), np.ones(n)])

    def marker(phase, y, z):
        return np.column_stack([x - 0.3 * np.sin(2 * np.pi * (time - phase)), np.full(n, y),
                                np.full(n, z)])

    if tuple(sacrum) == ("SACR",):
        t.markers["SACR"] = sac
    else:
        t.markers["LPSI"] = sac + (0, 0.05, 0)
        t.markers["RPSI"] = sac - (0, 0.05, 0)
    t.markers["LHEE"] = marker(0.0, 0.1, 0.05)
    t.markers["LTOE"] = marker(0.1, 0.1, 0.03)
    t.markers["RHEE"] = marker(0.5, -0.1, 0.05)
    t.markers["RTOE"] = marker(0.6, -0.1, 0.03)
    return t


def frames(events, side, kind):
    return [e.frame for e in events if e.side == side and e.kind == kind]


@pytest.mark.parametrize("sacrum", [("SACR",), ("LPSI", "RPSI")])
def test_zeni_events_on_known_extremes(sacrum):
    r = ev.from_kinematics(zeni_trial(sacrum))
    np.testing.assert_allclose(r.progression, [-1.0, 0.0, 0.0], atol=1e-12)
    assert frames(r.events, Side.LEFT, "foot_strike") == [25, 125, 225, 325]
    assert frames(r.events, Side.LEFT, "foot_off") == [85, 185, 285, 385]
    assert frames(r.events, Side.RIGHT, "foot_strike") == [75, 175, 275, 375]
    assert frames(r.events, Side.RIGHT, "foot_off") == [35, 135, 235, 335]
    assert all(e.source == "zeni" for e in r.events)
    cycles = ev.gait_cycles(r, "left")
    assert [(w.begin, w.end) for w in cycles] == [(25, 125), (125, 225), (225, 325)]
    assert [w.duration_s(100.0) for w in cycles] == pytest.approx([1.0, 1.0, 1.0])
    # Left single support: right off (35) to right strike (75), inside the left stance 25-85.
    assert [(w.begin, w.end) for w in ev.single_limb_support_windows(r, "L")][0] == (35, 75)
    assert [(w.begin, w.end) for w in ev.swing_windows(r, "left")][0] == (85, 125)


def test_zeni_progression_options_and_missing_frames():
    t = zeni_trial()
    assert frames(ev.from_kinematics(t, progression="-X").events, Side.LEFT, "foot_strike") == \
        [25, 125, 225, 325]
    assert frames(ev.from_kinematics(t, progression=[-3, 0, 0]).events, Side.LEFT,
                  "foot_strike") == [25, 125, 225, 325]
    # The lab's +X points backwards here: maxima and minima swap (t = 0.75 + k).
    assert frames(ev.from_kinematics(t, progression="lab").events, Side.LEFT,
                  "foot_strike") == [75, 175, 275, 375]
    t.markers["LHEE"][124:127] = NAN  # the strike at 125 is not observed
    assert frames(ev.from_kinematics(t).events, Side.LEFT, "foot_strike") == [25, 225, 325]


def test_zeni_bad_input():
    t = zeni_trial()
    del t.markers["LHEE"]
    with pytest.raises(hipmech.InvalidArgumentError) as info:
        ev.from_kinematics(t)
    assert "'LHEE'" in str(info.value) and "'RTOE'" in str(info.value)
    with pytest.raises(ValueError, match="method"):
        ev.from_kinematics(zeni_trial(), method="oconnor")
    with pytest.raises(ValueError, match="progression"):
        ev.from_kinematics(zeni_trial(), progression="sideways")
    with pytest.raises(ValueError, match="progression"):
        ev.from_kinematics(zeni_trial(), progression=[0, 0])
    with pytest.raises(ValueError, match="progression"):
        ev.from_kinematics(zeni_trial(speed=0.0))  # a treadmill: no displacement
    assert ev.from_kinematics(zeni_trial(speed=0.0), progression="lab").events
    with pytest.raises(ValueError, match="min_separation_s"):
        ev.from_kinematics(zeni_trial(), min_separation_s=-1)


def test_find_maxima_matches_scipy():
    signal = pytest.importorskip("scipy.signal")
    rng = np.random.default_rng(7)
    x = np.cumsum(rng.normal(size=500))
    for d in (1, 5, 20):
        assert list(hipmech._core.events_find_maxima(x, d)) == list(signal.find_peaks(x, distance=d)[0])
        assert list(hipmech._core.events_find_minima(x, d)) == list(signal.find_peaks(-x, distance=d)[0])


# -- file events -----------------------------------------------------------------------------
def test_file_events_round_trip_through_c3d(tmp_path):
    t = zeni_trial(n=120)
    t.first_frame = 11
    t.events = [hio.Event("Foot Strike", 0.25, "Left"), hio.Event("Foot Off", 0.50, "Right"),
                hio.Event("Event", 0.30, "General"), hio.Event("Foot Strike", 0.05, "Right")]
    hio.write_c3d(t, tmp_path / "e.c3d")
    back = hio.read_c3d(tmp_path / "e.c3d")
    r = ev.from_trial(back)
    # io's own frame of each file event (an independent conversion).
    expected = [back.event_frame(e) for e in back.events if e.label != "Event" and
                0 <= back.event_frame(e) < back.n_frames]
    assert sorted(e.frame for e in r.events) == sorted(expected) == [15, 40]
    assert [(e.side, e.kind) for e in r.events] == [(Side.LEFT, "foot_strike"),
                                                    (Side.RIGHT, "foot_off")]
    assert r.events[0].time_s == pytest.approx(0.15)
    assert sorted(s.reason.split(" ")[0] for s in r.skipped) == ["not", "outside"]


def test_windows_accept_tuples_and_reject_garbage():
    evs = [(Side.LEFT, "foot_strike", 0, 0.0, ""), ("left", "foot_off", 60, 0.6, "")]
    assert ev.stance_windows(evs, "L") == [ev.Window(Side.LEFT, 0, 60)]
    assert ev.stance_windows([], "left") == []
    with pytest.raises(ValueError, match="side"):
        ev.stance_windows(evs, "middle")
    with pytest.raises(ValueError, match="kind"):
        ev.stance_windows([(Side.LEFT, "heel_rise", 0, 0.0, "")], "left")
    with pytest.raises(ValueError, match="events"):
        ev.stance_windows(42, "left")
    w = ev.Window(Side.LEFT, 5, 9)
    assert np.arange(20)[w.slice].tolist() == [5, 6, 7, 8]


# -- validation: the pyCGM stair trial -------------------------------------------------------
@pytest.fixture(scope="module")
def stair(validation_dir):
    return hio.read_c3d(validation_dir / "pycgm_pig_stair" / "Movement_trial.c3d")


def test_stair_contacts_match_numpy_thresholding(stair):
    r = ev.from_force_plates(stair)
    found = {(c.plate, c.begin_sample, c.end_sample) for c in r.contacts}
    found |= {(c.plate, c.begin_sample, c.end_sample) for c in r.rejected}
    # Independent: runs of Fz > 20 N lasting >= 0.05 s, by numpy run-length encoding.
    expected = set()
    min_len = math.ceil(0.05 * stair.analog.rate_hz)
    for i, fp in enumerate(stair.force_plates):
        above = np.concatenate([[0], (fp.force_n[:, 2] > 20.0).astype(int), [0]])
        starts = np.flatnonzero(np.diff(above) == 1)
        ends = np.flatnonzero(np.diff(above) == -1)
        expected |= {(i, int(s), int(e)) for s, e in zip(starts, ends) if e - s >= min_len}
    assert found == expected
    assert [(c.plate, c.side) for c in r.contacts] == [(1, Side.RIGHT), (2, Side.LEFT),
                                                       (3, Side.RIGHT)]
    assert [(c.plate, c.reason) for c in r.rejected] == [(0, "off_not_observed")]
    assert ev.from_trial(stair).events == []  # the file's EVENT group is empty


def test_stair_zeni_matches_scipy_and_force_plates(stair):
    signal = pytest.importorskip("scipy.signal")
    z = ev.from_kinematics(stair)
    assert z.progression[0] < -0.99  # stair descent along -X
    # Independent: Zeni's signals in numpy, extremes by scipy.signal.find_peaks.
    sacrum = (stair.markers["LPSI"] + stair.markers["RPSI"]) / 2
    d = math.ceil(0.3 * stair.point_rate_hz)
    for side, p in ((Side.LEFT, "L"), (Side.RIGHT, "R")):
        heel = (stair.markers[p + "HEE"] - sacrum) @ z.progression
        toe = (stair.markers[p + "TOE"] - sacrum) @ z.progression
        assert frames(z.events, side, "foot_strike") == list(signal.find_peaks(heel, distance=d)[0])
        assert frames(z.events, side, "foot_off") == list(signal.find_peaks(-toe, distance=d)[0])
    # Against the force plates (measured, 120 Hz frames): offs 4-5 frames early, strikes
    # 11-15 frames early (stair descent: forefoot landing after the heel's most anterior point).
    fp = ev.from_force_plates(stair)
    for e in fp.events:
        diffs = [x.frame - e.frame for x in z.events if x.side == e.side and x.kind == e.kind]
        best = min(diffs, key=abs)
        if e.kind == "foot_off":
            assert -6 <= best <= -3, (e, best)
        else:
            assert -16 <= best <= -10, (e, best)
