"""Trial views and label lookups (issue 22, part 3): ``trial.markers[name]``, ``analog[name]``
and ``table[column]`` answer from a dict, without rebuilding the name list per lookup, and
every edit of the trial (direct dict edits, add/remove, renaming, labels renamed in place) is
seen by the next lookup. Correctness only; the timing is printed by the issue report, not
asserted. Expected values are the arrays put in (synthetic cases with a known answer)."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from hipmech import io


def _trial(n_points: int = 5, n_frames: int = 4) -> io.Trial:
    t = io.Trial(point_rate_hz=100.0)
    for i in range(n_points):
        t.add_point(f"M{i}", np.full((n_frames, 3), float(i)))
    t.add_point("LKneeAngles", np.full((n_frames, 3), -1.0), kind="angle")
    return t


def test_marker_lookup_returns_the_stored_array_and_filters_by_kind():
    t = _trial()
    assert t.markers["M3"] is t.points["M3"]
    assert float(t.markers["M3"][0, 0]) == 3.0
    assert "LKneeAngles" not in t.markers and "LKneeAngles" in t.angles
    with pytest.raises(KeyError, match="no marker 'LKneeAngles'"):
        t.markers["LKneeAngles"]
    assert t.angles["LKneeAngles"] is t.points["LKneeAngles"]
    assert list(t.markers) == [f"M{i}" for i in range(5)]
    assert len(t.markers) == 5 and len(t.angles) == 1
    assert dict(t.markers).keys() == {f"M{i}" for i in range(5)}


def test_unhashable_and_missing_names_are_key_errors():
    t = _trial()
    with pytest.raises(KeyError, match=r"no marker \['M1'\]"):
        t.markers[["M1"]]
    assert ["M1"] not in t.markers
    assert t.markers.get("nope") is None


def test_direct_dict_edits_are_seen_by_the_next_lookup():
    t = _trial()
    assert "M0" in t.markers
    # add through the dicts, as a reader does
    t.points["NEW"] = np.ones((4, 3))
    t.kinds["NEW"] = "marker"
    assert t.markers["NEW"] is t.points["NEW"]
    # change a kind: the point moves from one view to the other
    t.kinds["NEW"] = "angle"
    assert "NEW" not in t.markers and t.angles["NEW"] is t.points["NEW"]
    # replace the array
    t.points["M0"] = np.full((4, 3), 7.0)
    assert float(t.markers["M0"][0, 0]) == 7.0
    # remove
    t.remove_point("M1")
    with pytest.raises(KeyError):
        t.markers["M1"]
    del t.markers["M2"]
    assert "M2" not in t.points and "M2" not in t.markers
    # replace the whole dicts
    t.points = {"A": np.zeros((2, 3))}
    t.kinds = {"A": "marker"}
    assert list(t.markers) == ["A"] and "M0" not in t.markers


def test_a_view_object_kept_across_edits_stays_current():
    t = _trial()
    view = t.markers
    t.markers["LATE"] = np.full((4, 3), 9.0)
    assert float(view["LATE"][0, 0]) == 9.0 and len(view) == 6
    renamed = io.rename_markers(t, {"M0": "SACR", "M1": "LASI"})
    assert float(renamed.markers["SACR"][0, 0]) == 0.0
    assert float(renamed.markers["LASI"][0, 0]) == 1.0
    assert "M0" not in renamed.markers and "M0" in t.markers  # the original is unchanged


def test_repr_and_key_error_of_a_1000_point_trial_are_short():
    t = _trial(n_points=1000, n_frames=2)
    assert len(repr(t.markers)) < 2000
    assert repr(t.markers).startswith("<1000 markers: 'M0', 'M1'")
    with pytest.raises(KeyError) as info:
        t.markers["nope"]
    assert len(str(info.value)) < 2000 and "1000 in all" in str(info.value)


def _analog() -> io.Analog:
    values = np.arange(12.0).reshape(3, 4)  # column j holds j, j + 4, j + 8
    return io.Analog(rate_hz=1000.0, names=["Fx", "Fy", "Fz", "Mx"], values=values)


def test_analog_lookup_and_in_place_label_edits():
    a = _analog()
    np.testing.assert_array_equal(a["Fz"], [2.0, 6.0, 10.0])
    # rename a label in place: the new name finds the column, the old one is gone
    a.names[2] = "Fz1"
    np.testing.assert_array_equal(a["Fz1"], [2.0, 6.0, 10.0])
    with pytest.raises(KeyError, match="no analog channel 'Fz'"):
        a["Fz"]
    # swap two labels in place
    a.names[0], a.names[1] = a.names[1], a.names[0]
    np.testing.assert_array_equal(a["Fx"], [1.0, 5.0, 9.0])
    np.testing.assert_array_equal(a["Fy"], [0.0, 4.0, 8.0])
    # append a channel
    a.values = np.hstack([a.values, [[100.0], [101.0], [102.0]]])
    a.names.append("EMG1")
    np.testing.assert_array_equal(a["EMG1"], [100.0, 101.0, 102.0])
    # insert at the front: every position shifts
    a.values = np.hstack([[[-1.0], [-1.0], [-1.0]], a.values])
    a.names.insert(0, "Sync")
    np.testing.assert_array_equal(a["Sync"], [-1.0, -1.0, -1.0])
    np.testing.assert_array_equal(a["EMG1"], [100.0, 101.0, 102.0])
    np.testing.assert_array_equal(a["Fx"], [1.0, 5.0, 9.0])
    # replace the list
    a.names = ["c0", "c1", "c2", "c3", "c4", "c5"]
    np.testing.assert_array_equal(a["c5"], [100.0, 101.0, 102.0])
    with pytest.raises(KeyError):
        a["EMG1"]
    with pytest.raises(KeyError):
        a[["c0"]]


def test_analog_duplicate_labels_give_the_first_channel_and_copies_are_independent():
    a = io.Analog(rate_hz=10.0, names=["X", "X"], values=np.array([[1.0, 2.0]]))
    assert float(a["X"][0]) == 1.0  # list.index's answer
    b = _analog()
    b["Fx"]  # builds the index
    c = copy.deepcopy(b)
    c.names[0] = "Gx"
    np.testing.assert_array_equal(c["Gx"], [0.0, 4.0, 8.0])
    np.testing.assert_array_equal(b["Fx"], [0.0, 4.0, 8.0])
    with pytest.raises(KeyError):
        b["Gx"]
    # the cached index is no field: equality is unchanged
    assert b == io.Analog(rate_hz=1000.0, names=["Fx", "Fy", "Fz", "Mx"], values=b.values)


def test_table_column_lookup_follows_edits():
    table = io.Table(columns=["hip_flexion_r", "knee_angle_r"], time_s=np.array([0.0, 0.01]),
                     values=np.array([[1.0, 2.0], [3.0, 4.0]]))
    np.testing.assert_array_equal(table["knee_angle_r"], [2.0, 4.0])
    table.columns[1] = "knee_angle_l"
    np.testing.assert_array_equal(table["knee_angle_l"], [2.0, 4.0])
    with pytest.raises(KeyError, match="no column 'knee_angle_r'"):
        table["knee_angle_r"]
