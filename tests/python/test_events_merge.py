"""hipmech.events.merge: gait events of several sources merged in priority order (the rule of
hipmech/events/merge.hpp, docs/events.md "Merging sources"); hand-made sources whose merged
sequence follows from the rule."""

from __future__ import annotations

import pytest

from hipmech import events


def test_the_first_source_wins_and_later_ones_fill_the_gaps():
    file = [("right", "foot_strike", 18), ("left", "foot_strike", 70),
            ("right", "foot_off", 79), ("left", "foot_off", 132)]
    zeni = [("right", "foot_strike", 20), ("left", "foot_off", 29), ("left", "foot_strike", 72),
            ("right", "foot_off", 81), ("right", "foot_strike", 118)]
    m = events.merge([file, [], zeni], window_frames=30)
    assert [(str(e.side.name).lower(), e.kind, e.frame) for e in m.events] == [
        ("right", "foot_strike", 18), ("left", "foot_off", 29), ("left", "foot_strike", 70),
        ("right", "foot_off", 79), ("right", "foot_strike", 118), ("left", "foot_off", 132)]
    assert m.used_per_source == [4, 0, 2]
    assert sorted(d.event.frame for d in m.dropped) == [20, 72, 81]
    assert all(d.reason == "covered" for d in m.dropped)
    # The left stance [70, 132) now has single support [79, 118).
    sls = events.single_limb_support_windows(m.events, "left")
    assert [(w.begin, w.end) for w in sls] == [(79, 118)]


def test_out_of_sequence_and_bad_arguments():
    plates = [("left", "foot_strike", 100), ("left", "foot_off", 160)]
    zeni = [("left", "foot_strike", 140)]
    m = events.merge([plates, zeni], 30)
    assert [e.frame for e in m.events] == [100, 160]
    assert [(d.event.frame, d.reason, d.kept.frame) for d in m.dropped] == [
        (140, "out of sequence", 100)]
    with pytest.raises(ValueError, match="window_frames"):
        events.merge([plates], -1)
    with pytest.raises(TypeError, match="window_frames"):
        events.merge([plates], 0.5)
    with pytest.raises(ValueError, match=r"sources\[1\]\[0\]"):
        events.merge([plates, [("left", "foot_off", -2)]], 3)
    with pytest.raises(ValueError, match="sources"):
        events.merge("file", 3)


def test_implausible_phase_between_sources():
    # A kinematic off 6 frames before the file's strike: a 6-frame swing (rule of
    # hipmech/events/merge.hpp), dropped with min_phase_frames=10, kept without the check.
    file = [("left", "foot_strike", 27), ("left", "foot_off", 93)]
    zeni = [("left", "foot_off", 21)]
    assert len(events.merge([file, zeni], 30).events) == 3
    m = events.merge([file, zeni], 30, min_phase_frames=10)
    assert [e.frame for e in m.events] == [27, 93]
    assert [(d.event.frame, d.reason, d.kept.frame) for d in m.dropped] == [
        (21, "implausible phase", 27)]
    with pytest.raises(ValueError, match="min_phase_frames"):
        events.merge([file], 3, min_phase_frames=-1)
