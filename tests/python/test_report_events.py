"""The report's gait events (issue 20): ``events="auto"`` completes the file's events from the
force plates and the kinematics, every event keeps its source, and the per-stance pelvic drop
equals the peak of Vicon's own pelvic obliquity over the same single-support window.

Independent source: Vicon Nexus's Plug-in Gait outputs ``LPelvisAngles``/``RPelvisAngles``
stored in the validation C3D files (../shared/validation/README.md), converted from Plug-in
Gait's tilt-obliquity-rotation sequence to the report's rotation-obliquity-tilt sequence (Baker
2001) by :func:`hipmech.pelvis.convert`, whose conversion is checked against scipy in
test_pelvis.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import hipmech
from hipmech import pelvis
from hipmech import report as R

TRIALS = {"child": ("biomechzoo_pig_child", "HC030A05.c3d"),
          "stair": ("pycgm_pig_stair", "Movement_trial.c3d")}


def _vicon_drop_deg(trial, side, begin, end):
    """Peak contralateral drop in [begin, end): the stance side's obliquity (this side up +,
    Baker sequence, progression frame), from Vicon's own pelvis angles."""
    pig = trial.points[("L" if side == "left" else "R") + "PelvisAngles"]
    baker = pelvis.convert(pig, side, from_="plug-in-gait", to="baker")
    return math.degrees(np.max(baker[begin:end, 1]))


@pytest.fixture(scope="module", params=sorted(TRIALS))
def trial(request, validation_dir):
    folder, name = TRIALS[request.param]
    return request.param, hipmech.io.read_c3d(validation_dir / folder / name)


@pytest.mark.parametrize("cutoff_hz,tol_deg", [(None, 1e-5), (6.0, 0.5)])
def test_auto_events_give_drop_on_both_sides_equal_to_vicon(trial, cutoff_hz, tol_deg):
    name, t = trial
    r = R.analyse(t, events="auto", cutoff_hz=cutoff_hz, n_resamples=50)
    st = r.stances
    compared = {"left": 0, "right": 0}
    for _, row in st.iterrows():
        if not np.isfinite(row.pelvic_drop_deg):
            continue
        b, e = int(row.single_support_begin), int(row.single_support_end)
        # The window is single support: the other foot's off to its next strike, inside the
        # stance (docs/pelvis.md, "Windows").
        other = "right" if row.side == "left" else "left"
        ev = r.events
        assert ((ev.side == other) & (ev.kind == "foot_off") & (ev.frame == b)).any() or \
            b == row.foot_strike_frame
        assert ((ev.side == other) & (ev.kind == "foot_strike") & (ev.frame == e)).any() or \
            e == row.foot_off_frame
        vicon = _vicon_drop_deg(t, row.side, b, e)
        assert row.pelvic_drop_deg == pytest.approx(vicon, abs=tol_deg), (name, row.side, b, e)
        compared[row.side] += 1
    # Pelvic drop on both sides (the file's own events bound no single support on the child).
    assert compared["left"] >= 1 and compared["right"] >= 1, (name, compared)
    assert r.summary.set_index("quantity").loc["pelvic_drop_deg", "left_n"] >= 1
    assert r.summary.set_index("quantity").loc["pelvic_drop_deg", "right_n"] >= 1


def test_every_event_keeps_its_source(trial):
    name, t = trial
    r = R.analyse(t, n_resamples=50)
    assert set(r.events.source) <= {"file", "zeni"} | {f"force_plate:{i}" for i in range(1, 9)}
    assert r.settings["events"] == "auto"
    # The stances' event sources are those of the events table.
    for _, row in r.stances.iterrows():
        ev = r.events[(r.events.side == row.side) & (r.events.frame == row.foot_strike_frame) &
                      (r.events.kind == "foot_strike")]
        assert list(ev.source) == [row.foot_strike_source]
    # Each foot alternates strike and off.
    for side in ("left", "right"):
        kinds = list(r.events[r.events.side == side].kind)
        assert all(a != b for a, b in zip(kinds, kinds[1:])), (name, side, kinds)


def test_file_events_alone_leave_the_child_without_pelvic_drop(validation_dir):
    # ../shared/validation/README.md: the child's file marks about one cycle per foot, so its
    # events alone bound no single support; "file" says so, "auto" fills it (test above).
    t = hipmech.io.read_c3d(validation_dir / "biomechzoo_pig_child" / "HC030A05.c3d")
    r = R.analyse(t, events="file", n_resamples=50)
    assert r.events_source == "file" and set(r.events.source) == {"file"}
    assert r.stances.pelvic_drop_deg.isna().all()
    assert all("single-limb support" in n for n in r.stances.note)


def test_single_modes_use_one_source():
    walk = hipmech.synth.walking(n_strides=4, seed=3)
    for mode, sources in (("file", {"file"}), ("kinematics", {"zeni"})):
        r = R.analyse(walk.trial, events=mode, n_resamples=50)
        assert set(r.events.source) == sources, mode
    with pytest.raises(ValueError, match="argument 'events'"):
        R.analyse(walk.trial, events="vicon")
    with pytest.raises(ValueError, match="argument 'events'"):
        R.analyse(walk.trial, events=None)


def test_single_support_rule_of_the_docs():
    # docs/pelvis.md, "Windows": single support is [other foot off, other foot's next strike)
    # inside the stance; an other-foot off with no later strike bounds nothing (a strike the
    # file did not mark would hide double support), so this stance has no window.
    _, sls = pelvis.drop_windows([("left", "foot_strike", 104), ("right", "foot_strike", 59),
                                  ("left", "foot_off", 157), ("right", "foot_off", 111)])
    assert sls == []
    # Completed with the right foot's next strike (as "auto" does), the window is there.
    _, sls = pelvis.drop_windows([("left", "foot_strike", 104), ("right", "foot_strike", 59),
                                  ("left", "foot_off", 157), ("right", "foot_off", 111),
                                  ("right", "foot_strike", 150)])
    assert [tuple(x) for x in sls] == [("left", 111, 150)]
    # Running: the other foot strikes after this foot's off: the whole stance is single support.
    _, sls = pelvis.drop_windows([("left", "foot_strike", 10), ("right", "foot_off", 5),
                                  ("left", "foot_off", 40), ("right", "foot_strike", 50)])
    assert [tuple(x) for x in sls] == [("left", 10, 40)]


def test_a_walking_trial_passed_as_static_is_refused(validation_dir):
    # Swapped arguments: the child's walking trial as the static one. A standing pelvis sways
    # by centimetres; this one travels metres (docs: report, "Static trial").
    folder = validation_dir / "biomechzoo_pig_child"
    walk, static = folder / "HC030A05.c3d", folder / "HC030A01.c3d"
    with pytest.raises(ValueError, match=r"static_trial.*travels \d+\.\d\d m"):
        R.analyse(static, static=walk, n_resamples=10)
    r = R.analyse(walk, static=static, n_resamples=10)  # the right way round
    assert any(n.startswith("Static trial HC030A01.c3d") for n in r.notes)


def test_knee_flexion_crosstalk_is_warned_on_the_stair_trial_only(validation_dir):
    # Vicon's stair trial has a knee "varus" of -58 deg that follows flexion through swing
    # (r > 0.95): the report warns, points at the thigh marker and rotation offsets, and does
    # not judge the knee valgus row. The child's knees, with Vicon's rotation offsets applied,
    # do not follow flexion (|r| < 0.5). Rule and references: docs/knee.md, "Flexion
    # cross-talk".
    stair = R.analyse(validation_dir / "pycgm_pig_stair" / "Movement_trial.c3d", n_resamples=20)
    assert all(c["suspected"] for c in stair.knee_crosstalk.values())
    assert sum(n.startswith("Warning: flexion cross-talk suspected") for n in stair.notes) == 2
    row = stair.summary.set_index("quantity").loc["knee_valgus_deg"]
    assert "flexion cross-talk suspected" in row["assessment"] and row["flags"] == ""
    child = R.analyse(validation_dir / "biomechzoo_pig_child" / "HC030A05.c3d", n_resamples=20)
    assert all(c["judged"] and not c["suspected"] for c in child.knee_crosstalk.values())
    assert all(abs(c["correlation"]) < 0.5 for c in child.knee_crosstalk.values())
    assert not any(n.startswith("Warning") for n in child.notes)


def test_another_labs_marker_set_and_subject_file(tmp_path):
    # Known answer: a trial whose shank markers are called LSHA/RSHA (as in a public course's
    # Gait.c3d) and whose file has no leg lengths fails with the alternatives named; with the
    # marker map and a subject file giving the original values back, the report is identical.
    import dataclasses
    import json

    walk = hipmech.synth.walking(n_strides=4, seed=3)
    hipmech.io.write_c3d(walk.trial, tmp_path / "ours.c3d")  # both through C3D (float32)
    original = R.analyse(tmp_path / "ours.c3d", n_resamples=50)
    t = walk.trial
    t = hipmech.io.rename_markers(t, {"LTIB": "LSHA", "RTIB": "RSHA"})
    legs = {"leg_length_left_m": t.subject.leg_length_left_m,
            "leg_length_right_m": t.subject.leg_length_right_m}
    t.subject = dataclasses.replace(t.subject, leg_length_left_m=math.nan,
                                    leg_length_right_m=math.nan)
    path = tmp_path / "other_lab.c3d"
    hipmech.io.write_c3d(t, path)
    with pytest.raises(ValueError) as err:
        R.analyse(path, n_resamples=50)
    assert "LTIB" in str(err.value)
    subject = tmp_path / "subject.json"
    subject.write_text(json.dumps({**legs, "age_years": 9}))
    r = R.analyse(path, n_resamples=50, marker_map="LSHA=LTIB,RSHA=RTIB", subject=subject)
    np.testing.assert_allclose(r.stances[list(R.QUANTITIES)].to_numpy(dtype=float),
                               original.stances[list(R.QUANTITIES)].to_numpy(dtype=float),
                               rtol=0, atol=1e-9, equal_nan=True)
    assert any(n.startswith("Markers renamed (marker map)") for n in r.notes)
    assert any("leg_length_left_m" in n for n in r.notes if n.startswith("Subject parameters"))
    assert r.settings["marker_map"] == {"LSHA": "LTIB", "RSHA": "RTIB"}
    assert r.settings["age_years"] == 9 and r.settings["age_source"] == "subject"
    # The command line does the same.
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "hipmech", "report", str(path), "--out",
                          str(tmp_path / "rep"), "--no-figures", "--marker-map",
                          "LSHA=LTIB,RSHA=RTIB", "--subject", str(subject)],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "rep" / "report.html").is_file()


def test_partly_assessed_rows_say_so():
    # A row whose side means are within their threshold but whose difference CI contains the
    # margin is "partly assessed", never "within thresholds" (docs: report, "Flags").
    from hipmech.report._analysis import _flag_row

    side = R.Threshold("hip_adduction_deg", 17.0, "deg", "above", "x", "Tester (2024). x")
    margin = R.Threshold("hip_adduction_deg", 2.0, "deg", "beyond", "x", "Tester (2024). x",
                         measure="difference")
    row = {"quantity": "hip_adduction_deg", "left_n": 6, "right_n": 6, "left_missing": 0,
           "right_missing": 0, "left_mean": 8.0, "right_mean": 9.8, "left_sd": 0.5,
           "right_sd": 0.5, "left_ci_low": 7.6, "left_ci_high": 8.4, "right_ci_low": 9.4,
           "right_ci_high": 10.2, "difference": 1.8, "difference_ci_low": 1.4,
           "difference_ci_high": 2.3, "si_percent": 20.0, "si_ci_low": 15.0,
           "si_ci_high": 25.0, "sa_percent": 1.0, "sa_ci_low": 0.0, "sa_ci_high": 2.0}
    out = _flag_row(row, (side, margin), 30.0)
    assert out["assessment"].startswith("partly assessed: right - left difference: 95 % CI")
    assert out["assessment"].endswith("within thresholds: left mean, right mean")
    # Reference right: the difference is named left - right, and a negative CI names -2.
    flipped = {**row, "difference": -1.8, "difference_ci_low": -2.3, "difference_ci_high": -1.4}
    out = _flag_row(flipped, (margin,), 30.0, reference="right")
    assert "left - right difference" in out["assessment"] and "margin -2 deg" in out["assessment"]


def test_subject_mass_and_age_are_named_and_bad_options_fail_once(tmp_path):
    import json
    import subprocess
    import sys

    walk = hipmech.synth.walking(n_strides=3, seed=2)
    r = R.analyse(walk.trial, n_resamples=20, subject={"body_mass_kg": 61.0, "age_years": 9})
    assert r.body_mass_kg == 61.0 and r.body_mass_source == "subject"
    assert "Body mass 61 kg (the subject file)." in r.notes
    assert r.settings["age_years"] == 9 and r.settings["age_source"] == "subject"
    path = tmp_path / "w.c3d"
    hipmech.io.write_c3d(walk.trial, path)
    for option, value in (("--age", "-3"), ("--marker-map", "VSAC"),
                          ("--colors", "left=red,left=blue")):
        out = subprocess.run([sys.executable, "-m", "hipmech", "report", str(path), str(path),
                              "--out", str(tmp_path / "o"), option, value],
                             capture_output=True, text=True, check=False)
        assert out.returncode == 2 and f"argument '{option}'" in out.stderr, out.stderr
        assert "[1/2]" not in out.stderr  # refused before the first trial


def test_a_symmetry_angle_threshold_is_refused_not_ignored():
    sa = R.Threshold("symmetry_angle_percent", 5.0, "%", "beyond", "x", "Tester (2024). x")
    with pytest.raises(ValueError, match="symmetry_angle_percent threshold is not applied"):
        R.analyse(hipmech.synth.walking(n_strides=2, seed=1).trial, thresholds=(sa,))


@pytest.mark.parametrize("name", sorted(TRIALS))
def test_the_static_trials_standing_obliquity_is_named(validation_dir, name):
    # The drops are relative to the lab horizontal; the note gives the standing obliquity of
    # the static trial, which equals the mean of Vicon's own static LPelvisAngles obliquity
    # (Baker sequence) to the note's 0.1 deg, and what the side means would be relative to it.
    folder = validation_dir / TRIALS[name][0]
    static = {"child": "HC030A01.c3d", "stair": "Static_trial.c3d"}[name]
    st = hipmech.io.read_c3d(folder / static)
    vicon = math.degrees(np.nanmean(pelvis.convert(st.points["LPelvisAngles"], "left",
                                                   from_="plug-in-gait", to="baker")[:, 1]))
    r = R.analyse(folder / TRIALS[name][1], static=folder / static, n_resamples=20)
    note = next(n for n in r.notes if n.startswith("Static trial: standing pelvic obliquity"))
    assert f"left {vicon:+.1f}°" in note, (note, vicon)
    drop = r.summary.set_index("quantity").loc["pelvic_drop_deg"]
    assert f"left {drop['left_mean'] - vicon:.1f}°" in note


def test_the_files_own_model_outputs_are_compared_not_ignored(validation_dir):
    # Vicon's own angles in the file are not used; a note says how far the report's peaks are
    # from them. Unfiltered on the stair trial they agree to float32 (docs: model); on the
    # child the file says 10 mm markers where Vicon used 14 mm (validation README), which
    # moves the knee by about 0.3 deg.
    stair = R.analyse(validation_dir / "pycgm_pig_stair" / "Movement_trial.c3d", cutoff_hz=None,
                      n_resamples=20)
    note = next(n for n in stair.notes if n.startswith("The file holds its own model outputs"))
    assert "at most 0.00° (knee valgus), 0.00° (hip adduction), 0.00° (pelvic drop)" in note
    child = R.analyse(validation_dir / "biomechzoo_pig_child" / "HC030A05.c3d", cutoff_hz=None,
                      n_resamples=20)
    note = next(n for n in child.notes if n.startswith("The file holds its own model outputs"))
    assert "0.00° (pelvic drop)" in note and "0.00° (knee valgus)" not in note
    synthetic = R.analyse(hipmech.synth.walking(n_strides=2, seed=1).trial, n_resamples=20)
    assert not any(n.startswith("The file holds") for n in synthetic.notes)
