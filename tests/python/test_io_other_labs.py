"""Any marker set, any lab (issue 20 item 4): hipmech.io.rename_markers, read_subject,
with_subject, and the Plug-in Gait messages that point to them."""

from __future__ import annotations

import math

import numpy as np
import pytest

import hipmech
from hipmech import io, model


@pytest.fixture(scope="module")
def walking():
    return hipmech.synth.walking(n_strides=2)


def _other_lab(trial: io.Trial) -> io.Trial:
    """The synthetic walk as another lab records it: a sacrum marker VSAC (the mid-PSIS point)
    instead of LPSI/RPSI, LSHA/RSHA for LTIB/RTIB and no leg lengths."""
    t = io.rename_markers(trial, {"LTIB": "LSHA", "RTIB": "RSHA"})
    t.markers["VSAC"] = 0.5 * (t.markers["LPSI"] + t.markers["RPSI"])
    del t.markers["LPSI"], t.markers["RPSI"]
    t.subject.leg_length_left_m = t.subject.leg_length_right_m = math.nan
    return t


def test_end_to_end_another_labs_trial_runs_after_the_map_and_the_subject(walking, tmp_path):
    original = walking.trial
    other = _other_lab(original)
    # 1. The model says what is missing, its alternatives and the map to try.
    with pytest.raises(ValueError) as info:
        model.plug_in_gait(other)
    message = str(info.value)
    assert info.value.argument == "markers"
    assert "'LTIB', 'RTIB' and 'SACR', or both 'LPSI' and 'RPSI'" in message
    assert "marker_map={'LSHA': 'LTIB', 'RSHA': 'RTIB', 'VSAC': 'SACR'}" in message
    assert "--marker-map LSHA=LTIB,RSHA=RTIB,VSAC=SACR" in message
    # 2. Renamed, the leg length is what is missing: named in every source's terms.
    mapped = io.rename_markers(other, "VSAC=SACR,LSHA=LTIB,RSHA=RTIB")
    with pytest.raises(ValueError) as info:
        model.plug_in_gait(mapped)
    message = str(info.value)
    assert info.value.argument == "leg_length_m[left]"
    for phrase in ("leg_length_left_m", "PROCESSING:LLegLength", "LeftLegLength", "--subject",
                   "with_subject"):
        assert phrase in message
    # 3. With the subject file, the angles are the original trial's, to the last bit.
    path = tmp_path / "subject.json"
    path.write_text('{"leg_length_left_m": %r, "leg_length_right_mm": %r, "age_years": 40}'
                    % (original.subject.leg_length_left_m,
                       original.subject.leg_length_right_m * 1e3))
    ready = io.with_subject(mapped, io.read_subject(path))
    a, b = model.plug_in_gait(original), model.plug_in_gait(ready)
    for side in ("left", "right"):
        np.testing.assert_array_equal(a.hip_angles(side), b.hip_angles(side))
        np.testing.assert_array_equal(a.knee_angles(side), b.knee_angles(side))
        np.testing.assert_array_equal(a.ankle_angles(side), b.ankle_angles(side))
    assert ready.notes == [
        "Markers renamed (marker map): LTIB -> LSHA, RTIB -> RSHA.",
        "Markers renamed (marker map): VSAC -> SACR, LSHA -> LTIB, RSHA -> RTIB.",
        "Subject parameters set (the trial had none): leg_length_left_m = "
        f"{original.subject.leg_length_left_m:g}, leg_length_right_m = "
        f"{original.subject.leg_length_right_m:g}.",
    ]
    assert "age_years" in ready.subject.other_parameters
    # The inputs were not changed.
    assert "VSAC" in other.markers and math.isnan(mapped.subject.leg_length_left_m)


def test_rename_markers_keeps_order_and_data_and_survives_a_c3d_round_trip(walking, tmp_path):
    t = walking.trial
    r = io.rename_markers(t, [("LPSI", "RPSI"), ("RPSI", "LPSI"), ("LTOE", "LMT2")])  # a swap
    names = list(t.points)
    assert list(r.points) == [{"LPSI": "RPSI", "RPSI": "LPSI", "LTOE": "LMT2"}.get(n, n)
                              for n in names]
    np.testing.assert_array_equal(r.markers["RPSI"], t.markers["LPSI"])
    np.testing.assert_array_equal(r.markers["LMT2"], t.markers["LTOE"])
    assert r.units_original["LMT2"] == t.units_original["LTOE"]
    assert r.subject == t.subject and len(r.force_plates) == len(t.force_plates)
    np.testing.assert_array_equal(r.analog.values, t.analog.values)
    r.markers["LMT2"][0, 0] = 99.0  # a copy: the caller's arrays are untouched
    assert t.markers["LTOE"][0, 0] != 99.0
    path = tmp_path / "renamed.c3d"
    io.write_c3d(r, path)
    back = io.read_c3d(path)
    assert [n for n in back.points if n in r.points] == list(r.points)
    np.testing.assert_allclose(back.markers["LMT2"], r.markers["LMT2"], atol=1e-6)


@pytest.mark.parametrize("mapping, error, phrase", [
    ({"LTIBB": "SHANK"}, ValueError, r"'LTIBB', which the trial does not hold \(closest: 'LTIB'"),
    ({"LTIB": "RTIB"}, ValueError, r"already holds 'RTIB'"),
    ("LTIB=X,LTIB=Y", ValueError, r"'LTIB' mapped twice"),
    ("LTIB=X,RTIB=X", ValueError, r"both mapped to 'X'"),
    ("LTIB", ValueError, r"'OLD=NEW' pairs"),
    ("=X", ValueError, r"non-empty names"),
    ({"LTIB": 3}, TypeError, r"str marker names"),
    (42, TypeError, r"argument 'mapping'"),
])
def test_rename_markers_refuses_bad_maps_naming_the_argument(walking, mapping, error, phrase):
    with pytest.raises(error, match=phrase) as info:
        io.rename_markers(walking.trial, mapping)
    if error is ValueError:
        assert info.value.argument == "mapping"
    with pytest.raises(TypeError, match="trial"):
        io.rename_markers({"LTIB": np.zeros((2, 3))}, {"LTIB": "X"})


def test_suggestions_are_bound_for_callers_that_ask_before_running():
    assert hipmech._core.suggest_marker_map(["SACR", "LTIB", "RTIB"], ["VSAC", "LSHA"]) == [
        ("VSAC", "SACR"), ("LSHA", "LTIB")]
    assert hipmech._core.format_marker_map([("VSAC", "SACR")]) == "VSAC=SACR"


def test_read_subject_json_units_and_errors(tmp_path):
    good = tmp_path / "s.json"
    good.write_text('{"body_mass_kg": 85, "height_m": 1.679, "leg_length_left_m": 0.877,'
                    ' "leg_length_right_mm": 866, "knee_width_left_m": null,'
                    ' "tibial_torsion_left_deg": -10, "name": "S01"}')
    s = io.read_subject(good)
    assert s.body_mass_kg == 85.0 and s.leg_length_right_m == pytest.approx(0.866)
    assert math.isnan(s.knee_width_left_m)
    assert s.tibial_torsion_left_rad == pytest.approx(math.radians(-10))
    assert s.other_parameters == ["name"]

    def refused(text, error, phrase):
        bad = tmp_path / "bad.json"
        bad.write_text(text)
        with pytest.raises(error, match=phrase):
            io.read_subject(bad)

    refused('{"leg_length_left_m": 877}', ValueError,
            r"bad\.json: leg_length_left_m = 877: expected a leg length of 0\.2 to 1\.5 m "
            r"\(was it given in mm")
    refused('{"leg_length_left_mm": 0.877}', ValueError, r"bad\.json: leg_length_left_mm = ")
    refused('{"knee_width_left_m": 14}', ValueError, r"knee_width_left_m")
    refused('{"body_mass_kg": 85000}', ValueError, r"body_mass_kg = 85000")
    refused('{"thigh_rotation_left_rad": 10}', ValueError, r"degrees")
    refused('{"leg_lenght_left_m": 0.9}', ValueError, r"unknown key.*leg_length_left_m")
    refused('{"leg_length_left_m": 0.9, "leg_length_left_mm": 900}', ValueError, "twice")
    refused('{"leg_length_left_m": "0.9"}', ValueError, "expected a number")
    refused('{"leg_length_left_m": NaN}', ValueError, "finite")
    refused('[0.9]', hipmech.FileError, "JSON object")
    refused('{"leg', hipmech.FileError, r"bad\.json.*JSON")
    other = tmp_path / "s.txt"
    other.write_text("{}")
    with pytest.raises(hipmech.FileError, match=r"\.json or \.vsk"):
        io.read_subject(other)
    with pytest.raises(hipmech.FileError, match="cannot read"):
        io.read_subject(tmp_path / "missing.json")


def test_read_subject_vsk_equals_the_c3d_and_the_validation_readme(validation_dir):
    folder = validation_dir / "pycgm_pig_stair"
    s = io.read_subject(folder / "Test.vsk")
    # ../shared/validation/README.md: 85 kg, 1679 mm, leg lengths 877/866 mm, inter-ASIS
    # 306 mm, knee widths 144/139 mm.
    assert s.body_mass_kg == 85.0
    assert s.height_m == pytest.approx(1.679, abs=1e-12)
    assert (s.leg_length_left_m, s.leg_length_right_m) == pytest.approx((0.877, 0.866), abs=1e-12)
    assert s.inter_asis_distance_m == pytest.approx(0.306, abs=1e-12)
    assert (s.knee_width_left_m, s.knee_width_right_m) == pytest.approx((0.144, 0.139), abs=1e-12)
    c3d = io.read_c3d(folder / "Movement_trial.c3d").subject  # Vicon wrote both
    for name in ("body_mass_kg", "height_m", "inter_asis_distance_m", "leg_length_left_m",
                 "leg_length_right_m", "knee_width_left_m", "knee_width_right_m",
                 "ankle_width_left_m", "ankle_width_right_m"):
        assert getattr(s, name) == pytest.approx(getattr(c3d, name), abs=1e-6), name
    # with_subject on the trial's own values overrides nothing.
    trial = io.read_c3d(folder / "Movement_trial.c3d")
    assert not any("overridden" in n for n in io.with_subject(
        trial, {k: getattr(trial.subject, k) for k in ("leg_length_left_m",)}).notes)


def test_read_subject_vsk_refuses_unit_slips_and_hostile_xml(tmp_path):
    vsk = tmp_path / "m.vsk"
    vsk.write_text('<KinematicModel><Parameters><StaticParameter NAME="LeftLegLength" '
                   'VALUE="0.877"/></Parameters></KinematicModel>')
    with pytest.raises(ValueError, match=r"m\.vsk: LeftLegLength = 0\.877 mm.*given in m"):
        io.read_subject(vsk)
    bomb = tmp_path / "bomb.vsk"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE k [<!ENTITY a "aaaaaaaaaa">'
                    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                    '<k><StaticParameter NAME="Bodymass" VALUE="1"/>&b;</k>')
    for reader in (io.read_subject, io.read_vsk):
        with pytest.raises(hipmech.FileError, match=r"bomb\.vsk.*(DOCTYPE|entit)"):
            reader(bomb)


def test_with_subject_overrides_and_says_which(walking):
    t = walking.trial
    given = io.SubjectParameters(leg_length_left_m=0.95, knee_width_right_m=math.nan)
    out = io.with_subject(t, given)
    assert out.subject.leg_length_left_m == 0.95
    assert out.subject.knee_width_right_m == t.subject.knee_width_right_m  # NaN: kept
    assert out.notes == [f"Subject parameters overridden: leg_length_left_m "
                         f"{t.subject.leg_length_left_m:g} -> 0.95."]
    assert t.subject.leg_length_left_m != 0.95 and t.notes == []  # the caller's trial
    with pytest.raises(TypeError, match="leg_length_m"):
        io.with_subject(t, {"leg_length_m": 0.9})
    with pytest.raises(ValueError, match="leg_length_left_m = 877"):
        io.with_subject(t, {"leg_length_left_m": 877.0})
    with pytest.raises(TypeError, match="subject"):
        io.with_subject(t, 0.9)
