"""Knee flexion cross-talk check (hipmech.knee.flexion_crosstalk; C++ knee::flexion_crosstalk).

Sources:
- Synthetic known answer: a knee that only flexes, measured with a thigh frame rotated about its
  long axis by a known theta (the axis-misalignment model of Piazza & Cavanagh 2000, J Biomech
  33:1029-1034; Rivest 2005, J Biomech 38:1604-1611), angles by hipmech's own knee.angles; the
  measured angles obey tan(varus) = tan(theta) sin(flexion) (docs/knee.md).
- Real data: Vicon Nexus Plug-in Gait LKneeAngles/RKneeAngles (flexion, varus, rotation) in
  ../shared/validation/pycgm_pig_stair (stair descent, varus up to 58 deg following flexion)
  and ../shared/validation/biomechzoo_pig_child/HC030A05.c3d (a child walking, Vicon's KAD-free
  model with thigh rotation offsets).
"""

from __future__ import annotations

import inspect
import math
import re

import numpy as np
import pytest

import hipmech
from hipmech import _core, knee
from hipmech import events as ev

DEG = math.pi / 180
N = 200
SWINGS = [(40, 80), (140, 180)]


def _true_flexion() -> np.ndarray:
    phi = np.full(N, 5 * DEG)
    for b, e in SWINGS:
        u = np.arange(e - b) / (e - b - 1)
        phi[b:e] = 60 * DEG * 0.5 * (1 - np.cos(2 * np.pi * u))
    return phi


def _rot(axis: int, a: np.ndarray) -> np.ndarray:
    a = np.broadcast_to(np.asarray(a, dtype=float), (N,))
    c, s = np.cos(a), np.sin(a)
    R = np.zeros((N, 3, 3))
    i, j = [(1, 2), (2, 0), (0, 1)][axis]
    R[:, axis, axis] = 1
    R[:, i, i], R[:, i, j], R[:, j, i], R[:, j, j] = c, -s, s, c
    return R


def _measured(theta: float, side: str) -> knee.KneeAngles:
    """Pure flexion about the thigh's Z, the thigh frame rotated internally by theta about its
    long axis (+Y on the right, -Y on the left, ISB axes)."""
    internal = 1.0 if side == "right" else -1.0
    T = _rot(2, 20 * DEG)  # thigh flexed 20 deg in the lab
    thigh = T @ _rot(1, internal * theta)
    shank = T @ _rot(2, -_true_flexion())
    return knee.angles(thigh, shank, side)


# ---- synthetic known answer ------------------------------------------------------------------

@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("theta_deg", [-20.0, 15.0, 25.0])
def test_known_misalignment_is_recovered(side, theta_deg):
    theta = theta_deg * DEG
    a = _measured(theta, side)
    np.testing.assert_allclose(np.tan(a.adduction_rad), np.tan(theta) * np.sin(a.flexion_rad),
                               atol=1e-12)
    c = knee.flexion_crosstalk(a, swing_windows=[(side, b, e) for b, e in SWINGS])
    assert c.side == side and c.judged and c.suspected
    assert (c.windows, c.frames, c.missing_frames) == (2, 80, 0)
    assert c.misalignment_deg == pytest.approx(theta_deg, abs=1e-7)  # exact model
    assert abs(c.correlation) > 0.99 and np.sign(c.correlation) == np.sign(theta)
    assert ("internally" if theta > 0 else "externally") in c.note


@pytest.mark.parametrize("side", ["left", "right"])
def test_aligned_axis_is_not_suspected(side):
    a = _measured(0.0, side)
    c = knee.flexion_crosstalk(a, swing_windows=[(side, b, e) for b, e in SWINGS])
    assert not c.suspected and c.frontal_range_rad == pytest.approx(0.0, abs=1e-12)
    # A genuine frontal wobble of 3 deg unrelated to flexion: judged, not suspected.
    wobble = 3 * DEG * np.sin(2 * np.pi * np.arange(N) / 7)
    c = knee.flexion_crosstalk(a.flexion_rad, wobble, side,
                               swing_windows=[(side, b, e) for b, e in SWINGS])
    assert c.judged and not c.suspected and abs(c.correlation) < 0.3


def test_inputs_events_and_windows_agree():
    a = _measured(18 * DEG, "right")
    events = [("right", "foot_strike", 0), ("right", "foot_off", 40), ("right", "foot_strike", 80),
              ("right", "foot_off", 140), ("right", "foot_strike", 180)]
    by_events = knee.flexion_crosstalk(a, events=events)
    windows = [ev.Window(hipmech.Side.RIGHT, b, e) for b, e in SWINGS]
    by_windows = knee.flexion_crosstalk(a.rad, side="right", swing_windows=windows)
    by_arrays = knee.flexion_crosstalk(a.flexion_rad, a.varus_rad, "right",
                                       swing_windows=ev.swing_windows(
                                           [ev.GaitEvent(hipmech.Side.RIGHT, k, f, f / 100.0, "test")
                                            for _, k, f in events], "right"))
    assert by_events == by_windows == by_arrays
    assert by_events.misalignment_deg == pytest.approx(18.0, abs=1e-7)


def test_nan_frames_are_skipped_and_counted():
    a = _measured(18 * DEG, "left")
    flex = a.flexion_rad.copy()
    flex[[45, 150, 10]] = np.nan  # two in swing, one in stance
    c = knee.flexion_crosstalk(flex, a.varus_rad, "left",
                               swing_windows=[("left", b, e) for b, e in SWINGS])
    assert (c.frames, c.missing_frames) == (78, 2) and c.suspected
    assert "2 missing skipped" in c.note


def test_defaults_match_the_compiled_core():
    # The friendly layer repeats the C++ defaults in its signature: they must agree.
    doc = _core.knee_flexion_crosstalk.__doc__.splitlines()[0]
    params = inspect.signature(knee.flexion_crosstalk).parameters
    for name in ("min_abs_correlation", "min_frontal_range_rad", "min_flexion_range_rad",
                 "min_frames"):
        core_default = re.search(name + r": [^=]*= ([^,)]+)", doc).group(1)
        assert float(core_default) == params[name].default, name


# ---- bad inputs ------------------------------------------------------------------------------

def test_bad_inputs_are_named():
    a = _measured(18 * DEG, "right")
    w = [("right", 40, 80)]
    with pytest.raises(ValueError, match="exactly one of events or swing_windows"):
        knee.flexion_crosstalk(a)
    with pytest.raises(ValueError, match="exactly one"):
        knee.flexion_crosstalk(a, events=[], swing_windows=w)
    with pytest.raises(ValueError, match="argument 'side'"):
        knee.flexion_crosstalk(a, side="left", swing_windows=w)
    with pytest.raises(ValueError, match="argument 'varus'"):
        knee.flexion_crosstalk(a, a.varus_rad, swing_windows=w)
    with pytest.raises(ValueError, match="argument 'side'"):
        knee.flexion_crosstalk(a.rad, swing_windows=w)
    with pytest.raises(ValueError, match="argument 'flexion'"):
        knee.flexion_crosstalk(a.rad[:, :2], side="right", swing_windows=w)
    with pytest.raises(ValueError, match="argument 'varus_rad'.*100 frames"):
        knee.flexion_crosstalk(a.flexion_rad, a.varus_rad[:100], "right", swing_windows=w)
    with pytest.raises(ValueError, match="argument 'flexion_rad'.*degrees given"):
        knee.flexion_crosstalk(np.degrees(a.flexion_rad), a.varus_rad, "right", swing_windows=w)
    with pytest.raises(ValueError, match=r"argument 'swing_windows\[1\]'"):
        knee.flexion_crosstalk(a, swing_windows=[("right", 40, 80), ("right", 190, 201)])
    with pytest.raises(ValueError, match=r"argument 'swing_windows\[0\]'"):
        knee.flexion_crosstalk(a, swing_windows=[("right", 40)])
    with pytest.raises(ValueError, match=r"argument 'events\[1\]'"):
        knee.flexion_crosstalk(a, events=[("right", "foot_off", 40),
                                          ("right", "foot_strike", 200)])
    with pytest.raises(ValueError, match="argument 'min_abs_correlation'"):
        knee.flexion_crosstalk(a, swing_windows=w, min_abs_correlation=-0.1)
    with pytest.raises(ValueError, match="argument 'min_frames'"):
        knee.flexion_crosstalk(a, swing_windows=w, min_frames=1)


def test_not_judged_without_swing():
    a = _measured(18 * DEG, "right")
    c = knee.flexion_crosstalk(a, swing_windows=[("left", 40, 80)])
    assert not c.judged and not c.suspected and c.windows == 0
    assert math.isnan(c.correlation) and "no swing window of the right knee" in c.note


# ---- real data: Vicon's own knee angles ------------------------------------------------------

def _vicon(trial, side):
    return trial.angles[side[0].upper() + "KneeAngles"]  # radians, (flexion, varus, rotation)


@pytest.fixture(scope="module")
def stair(validation_dir):
    return hipmech.io.read_c3d(validation_dir / "pycgm_pig_stair" / "Movement_trial.c3d")


@pytest.fixture(scope="module")
def child(validation_dir):
    return hipmech.io.read_c3d(validation_dir / "biomechzoo_pig_child" / "HC030A05.c3d")


# Measured 2026-12 with Zeni's kinematic events (the stair file has no EVENT group and its force
# plates see one right swing only): r, frontal range, theta per side.
# stair left: r 0.975, 36.2 deg, theta 49.8 deg; right: r 0.966, 61.9 deg, theta 56.9 deg.
@pytest.mark.parametrize("side, r_min, range_min_deg, theta_min_deg",
                         [("left", 0.97, 35.0, 45.0), ("right", 0.96, 60.0, 55.0)])
def test_stair_trial_is_flagged_on_both_knees(stair, side, r_min, range_min_deg, theta_min_deg):
    events = ev.from_kinematics(stair)
    c = knee.flexion_crosstalk(_vicon(stair, side), side=side, events=events)
    assert c.judged and c.suspected, c.note
    assert c.windows == 2 and c.missing_frames == 0
    assert c.correlation > r_min and c.frontal_range_deg > range_min_deg
    assert c.misalignment_deg > theta_min_deg  # varus with flexion: thigh frame internal
    assert "thigh rotation offset" in c.note


def test_stair_right_swing_between_force_plates_is_flagged(stair):
    # The right foot leaves plate 1 and strikes plate 3: one swing [125, 166) at 120 Hz.
    c = knee.flexion_crosstalk(_vicon(stair, "right"), side="right",
                               events=ev.from_force_plates(stair))
    assert (c.windows, c.frames) == (1, 41) and c.suspected
    assert c.correlation > 0.96 and c.frontal_range_deg > 50.0


# child left: r 0.152, 4.67 deg; right: r 0.238, 5.98 deg (flexion spans 55-57 deg in swing).
@pytest.mark.parametrize("side", ["left", "right"])
def test_child_trial_is_not_flagged(child, side):
    c = knee.flexion_crosstalk(_vicon(child, side), side=side, events=ev.from_kinematics(child))
    assert c.judged and not c.suspected, c.note
    assert c.flexion_range_deg > 50.0
    assert abs(c.correlation) < 0.3 and c.frontal_range_deg < 6.5
    assert "no flexion cross-talk suspected" in c.note
