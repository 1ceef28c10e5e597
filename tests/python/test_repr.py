"""Notebook display (issue 22): the big objects (Trial, TrialReport, SyntheticWalking, Curves
and the model, dynamics and events results) have a short text repr (< 2 kB, also for a
1000-point trial) that says what they hold, and an escaped ``_repr_html_`` (< 20 kB);
``TrialReport.curves_frame()`` is the long-format table of the curves. Expected values are the
inputs (synthetic trials with known contents, the counts of the report's own tables) and
numpy's reductions of the same arrays."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

from hipmech import dynamics, events, io, model, report, synth
from hipmech.report import Curves

TEXT_LIMIT, HTML_LIMIT = 2000, 20000


@pytest.fixture(scope="module")
def walk():
    return synth.walking(n_strides=4, pelvic_drop_rad={"left": 0.04, "right": 0.14})


@pytest.fixture(scope="module")
def rep(walk):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return report.analyse(walk.trial, body_mass_kg=75.0)


def _check_display(obj, *contains: str) -> str:
    text = repr(obj)
    assert len(text) < TEXT_LIMIT, (type(obj).__name__, len(text))
    for c in contains:
        assert c in text, (c, text)
    page = obj._repr_html_()
    assert len(page) < HTML_LIMIT, (type(obj).__name__, len(page))
    assert page.startswith("<") and "<table>" in page
    return text


def _big_trial() -> io.Trial:
    """1000 points with long names, 1000 analog channels, 500 events, a long source."""
    t = io.Trial(point_rate_hz=250.0, source="/data/" + "very_long_folder_name/" * 20 + "x.c3d")
    for i in range(1000):
        name = f"point_{i:04d}_" + "n" * 60
        t.points[name] = np.zeros((5, 3))
        t.kinds[name] = ("marker", "angle", "moment", "force", "power")[i % 5]
    t.analog = io.Analog(rate_hz=1000.0, names=[f"EMG channel {i} " + "c" * 40
                                                for i in range(1000)],
                         values=np.zeros((20, 1000)))
    t.events = [io.Event(label="Foot Strike", time_s=0.01 * i, context="Left")
                for i in range(500)]
    t.notes = ["a note " * 100] * 30
    return t


def test_trial_repr_says_what_the_trial_holds(walk):
    t = walk.trial
    text = _check_display(t, "hipmech.io.Trial", f"{t.n_frames} at 100 Hz",
                          f"markers ({len(t.markers)})", "'LASI'",
                          f"analog ({t.analog.n_channels} at 1000 Hz)",
                          f"force plates: {len(t.force_plates)}", f"events: {len(t.events)}",
                          "body mass 75 kg")
    assert "array(" not in text  # no arrays printed


def test_a_1000_point_trial_has_a_short_repr_with_counts():
    t = _big_trial()
    text = _check_display(t, "markers (200)", "angles (200)", "analog (1000 at 1000 Hz)",
                          "events: 500: 500 Left Foot Strike", "more)")
    assert text.count("\n") < 20
    assert len(repr(t.markers)) < TEXT_LIMIT and len(repr(t.analog)) < TEXT_LIMIT


def test_c3d_trial_repr(validation_dir):
    path = validation_dir / "pycgm_pig_stair" / "Movement_trial.c3d"
    t = io.read_c3d(path)
    _check_display(t, "Movement_trial.c3d", "323 at 120 Hz", "markers (159)", "angles (26)",
                   "analog (69 at 1080 Hz)", "force plates: 4", "body mass 85 kg")
    for group in t.parameters.values():
        assert len(repr(group)) < TEXT_LIMIT
        for parameter in group.parameters.values():
            assert len(repr(parameter)) < TEXT_LIMIT


def test_html_is_escaped():
    t = io.Trial(point_rate_hz=100.0, source="<b>trial</b>.c3d")
    t.add_point("<script>alert(1)</script>", np.zeros((2, 3)))
    page = t._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>trial" not in page and "&lt;b&gt;trial" in page


def test_report_repr_names_the_trial_mass_events_stances_and_flags(rep):
    counts = rep.stances["side"].value_counts()
    flagged = rep.summary.loc[rep.summary["assessment"] == "flagged", "quantity"].tolist()
    assert flagged, "the synthetic drop asymmetry of 0.1 rad should be flagged"
    text = _check_display(rep, "hipmech.report.TrialReport", "75 kg", rep.events_source,
                          f"left {counts['left']}, right {counts['right']}",
                          f"flagged: {', '.join(flagged)}")
    assert "DataFrame" not in text
    page = rep._repr_html_()
    for q in rep.summary["quantity"]:
        assert q in page
    assert f"{len(rep.notes)} notes" in page


def test_report_html_escapes_notes(rep):
    import dataclasses

    odd = dataclasses.replace(rep, notes=["<img src=x onerror=alert(1)>"], trial_name="<t>")
    page = odd._repr_html_()
    assert "<img" not in page and "&lt;img" in page and "&lt;t&gt;" in page


def test_results_of_the_pipeline_have_short_reprs(walk, rep):
    t = walk.trial
    pig = model.plug_in_gait(t)
    inv = dynamics.inverse_dynamics(t)
    objects = [walk, walk.truth, rep.curves, pig, pig.thigh, inv, inv.left, inv.left.hip,
               inv.left.load, events.from_force_plates(t), events.from_kinematics(t),
               events.from_trial(t), t.analog, t.force_plates[0], t.subject]
    for obj in objects:
        text = _check_display(obj)
        assert type(obj).__name__ in text
        assert "array(" not in text, type(obj).__name__
    assert f"{t.n_frames}×3 float64" in repr(pig.hip_centre)
    assert re.search(r"events=\[\d+ × GaitEvent\]", repr(events.from_force_plates(t)))


def test_walking_repr_counts_the_truths_stances(walk):
    sides = [s.side for s in walk.truth.stance_list]
    _check_display(walk, "hipmech.synth.SyntheticWalking", f"{len(sides)} stances",
                   f"seed={walk.settings['seed']}")


# ---- curves_frame ----------------------------------------------------------------------------

def test_curves_frame_holds_every_point_of_every_cycle(rep):
    df = rep.curves_frame()
    assert list(df.columns) == ["trial", "side", "quantity", "unit", "cycle", "percent", "value"]
    assert df["cycle"].dtype == np.int64
    assert df["percent"].dtype == np.float64 and df["value"].dtype == np.float64
    assert pd.api.types.is_string_dtype(df["side"]) and pd.api.types.is_string_dtype(df["trial"])
    assert set(df["trial"]) == {rep.trial_name}
    total = sum(a.size for per_side in rep.curves.data.values() for a in per_side.values())
    assert len(df) == total
    for name, per_side in rep.curves.data.items():
        for side, a in per_side.items():
            rows = df[(df["quantity"] == name) & (df["side"] == side)]
            assert set(rows["unit"]) == {rep.curves.units[name]}
            for cycle in range(1, a.shape[0] + 1):
                one = rows[rows["cycle"] == cycle]
                np.testing.assert_array_equal(one["value"].to_numpy(), a[cycle - 1])
                np.testing.assert_array_equal(one["percent"].to_numpy(),
                                              np.linspace(0, 100, a.shape[1]))


def test_curves_frame_groupby_is_the_mean_curve(rep):
    df = rep.curves_frame(trial="S01")
    assert set(df["trial"]) == {"S01"}
    mean = df.groupby(["quantity", "side", "percent"])["value"].mean()
    for name, per_side in rep.curves.data.items():
        for side, a in per_side.items():
            if a.shape[0]:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns
                    want = np.nanmean(a, axis=0)
                np.testing.assert_allclose(mean.loc[(name, side)].to_numpy(), want,
                                           rtol=1e-12, equal_nan=True)
    both = pd.concat([df, rep.curves_frame(trial="S02")], ignore_index=True)
    assert both.groupby("trial").size().to_dict() == {"S01": len(df), "S02": len(df)}


def test_curves_frame_keeps_nan_and_empty_sides():
    a = np.arange(2 * 101, dtype=float).reshape(2, 101)
    a[1, 5:10] = np.nan
    curves = Curves(data={"knee_flexion_deg": {"left": a, "right": np.zeros((0, 101))}},
                    units={"knee_flexion_deg": "deg"},
                    foot_off_percent={"left": 60.0, "right": float("nan")},
                    cycles={"left": [(0, 100), (100, 200)], "right": []})
    df = curves.to_frame("T")
    assert len(df) == 202 and int(df["value"].isna().sum()) == 5
    assert df.loc[df["value"].isna(), "percent"].tolist() == [5.0, 6.0, 7.0, 8.0, 9.0]
    assert set(df["side"]) == {"left"}
    empty = Curves(data={}, units={}, foot_off_percent={}, cycles={}).to_frame()
    assert list(empty.columns) == list(df.columns) and len(empty) == 0
    assert empty["cycle"].dtype == np.int64 and empty["value"].dtype == np.float64
    _check_display(curves, "1 curves", "left 2, right 0")


def test_array_results_of_a_short_trial_are_not_printed_in_full():
    """numpy prints arrays under 1000 values in full: a 300-frame angle was 13 kB of text."""
    from hipmech import geometry, hip, pelvis

    walk = synth.walking(n_strides=1, seed=3)  # about 220 frames: < 1000 values per (n, 3)
    n = walk.trial.n_frames
    assert 3 * n < 1000
    pig = model.plug_in_gait(walk.trial)
    angles = pig.hip_angles("left")
    obliquity = pelvis.angles(pig.pelvis.R_lab_segment, "left", lab_axes=walk.trial.lab_axes)
    lever = hip.LeverArmMoment(values=np.zeros((n, 3)), columns=("x", "y", "z"), frame="lab",
                               external=False, unit="N·m")
    for obj in (angles, obliquity, pig.pelvis, lever):
        text = _check_display(obj, f"{n}×3")
        assert "array(" not in text and "0.0" not in text, text
    assert isinstance(pig.pelvis, geometry.SegmentFrames)
    assert "joint='hip'" in repr(angles) and "side='left'" in repr(angles)


def test_agreement_results_of_300_subjects_are_short():
    """bland_altman and change kept per-subject arrays: 20-25 kB of text for 300 subjects."""
    from hipmech import stats

    rng = np.random.default_rng(22)
    a = rng.normal(100.0, 15.0, 300)
    b = a + rng.normal(0.0, 5.0, 300)
    for obj in (stats.bland_altman(a, b), stats.change(a, b, mdc=5.0)):
        text = _check_display(obj, "300 float64")
        assert "array(" not in text


def test_residual_analysis_repr_shows_the_cut_offs_not_the_grid():
    """residual_analysis kept its 80-cut-off grid and residuals: 5 kB of text for a marker."""
    from hipmech import signal

    walk = synth.walking(n_strides=2, seed=1)
    xyz = walk.trial.markers["LASI"]
    result = signal.residual_analysis(xyz, walk.trial.point_rate_hz)
    n = result.cutoffs_hz.shape[0]
    text = _check_display(result, "ResidualAnalysis(", f"cutoffs_hz=<{n} float64>",
                          f"residuals=<{n}×3 float64>", "cutoff_hz=[")
    assert "array(" not in text
    one = signal.residual_analysis(xyz[:, 0], walk.trial.point_rate_hz)
    assert f"cutoff_hz={one.cutoff_hz:g}" in _check_display(one)
