"""hipmech.report: the per-trial hip summary, its files, the batch runner and the CLI.

Independent sources: Vicon Nexus' own Plug-in Gait outputs stored in the stair trial
(../shared/validation/pycgm_pig_stair: LKneeAngles, RHipAngles, LPelvisAngles, RHipMoment ...,
see the README there), scipy's Rotation for the pelvis sequence conversion, the published
symmetry formulas (Robinson et al. 1987; Zifchock et al. 2008) and the percentile bootstrap
written in numpy.
"""

from __future__ import annotations

import copy
import json
import math
from math import nan
import re
import subprocess
import sys

import numpy as np
import pytest

import hipmech
from hipmech import report as R

STAIR = "pycgm_pig_stair"


@pytest.fixture(scope="module")
def stair_path(validation_dir):
    return validation_dir / STAIR / "Movement_trial.c3d"


@pytest.fixture(scope="module")
def static_path(validation_dir):
    return validation_dir / STAIR / "Static_trial.c3d"


@pytest.fixture(scope="module")
def stair_trial(stair_path):
    return hipmech.io.read_c3d(stair_path)


@pytest.fixture(scope="module")
def stair_raw(stair_path):
    """The report on the markers as stored (as Vicon computed its outputs)."""
    return R.analyse(stair_path, cutoff_hz=None)


@pytest.fixture(scope="module")
def stair_default(stair_path, static_path):
    return R.analyse(stair_path, static=static_path)


def _vicon_baker_obliquity_deg(trial, side):
    """Vicon's PelvisAngles (Plug-in Gait: tilt-obliquity-rotation, ZXY in ISB axes, signs as
    in docs/pelvis.md) converted with scipy to Baker's rotation-obliquity-tilt (YXZ) obliquity
    of ``side`` [deg]."""
    from scipy.spatial.transform import Rotation

    a = trial.angles[("L" if side == "left" else "R") + "PelvisAngles"]
    tilt, obl, rot = a[:, 0], a[:, 1], a[:, 2]
    raw = (np.column_stack([-tilt, obl, -rot]) if side == "left"
           else np.column_stack([-tilt, -obl, rot]))
    b = Rotation.from_euler("ZXY", raw).as_euler("YXZ")
    return np.rad2deg(b[:, 1] if side == "left" else -b[:, 1])


def _vicon_peaks(trial, row):
    """Per-stance peaks from Vicon's own outputs over the report's windows."""
    s = row["side"]
    p = "L" if s == "left" else "R"
    b, e = row["foot_strike_frame"], row["foot_off_frame"]
    valgus = np.rad2deg(-trial.angles[p + "KneeAngles"][b:e, 1]).max()   # valgus = -varus
    adduction = np.rad2deg(trial.angles[p + "HipAngles"][b:e, 1]).max()
    drop = _vicon_baker_obliquity_deg(trial, s)[row["single_support_begin"]:
                                                row["single_support_end"]].max()
    return valgus, adduction, drop


# ---------------------------------------------------------------------------------------------
# The stair trial against Vicon's outputs


def test_stair_peaks_equal_vicon_outputs_unfiltered(stair_raw, stair_trial):
    # Unfiltered markers: Plug-in Gait reproduces Vicon to 1e-5 deg (docs: model), so every
    # per-stance peak equals the peak of Vicon's own curve over the same window; 1e-4 deg
    # covers the float32 storage of the C3D.
    rows = stair_raw.stances.to_dict(orient="records")
    assert {r["side"] for r in rows} == {"left", "right"}
    for row in rows:
        valgus, adduction, drop = _vicon_peaks(stair_trial, row)
        assert row["knee_valgus_deg"] == pytest.approx(valgus, abs=1e-4)
        assert row["hip_adduction_deg"] == pytest.approx(adduction, abs=1e-4)
        assert row["pelvic_drop_deg"] == pytest.approx(drop, abs=1e-4)


def test_stair_peaks_filtered_close_to_vicon(stair_default, stair_trial):
    # 6 Hz on the markers moves the peaks by low-pass smoothing only: within 0.5 deg of Vicon's
    # unfiltered curves (measured at most 0.19 deg on this trial).
    for row in stair_default.stances.to_dict(orient="records"):
        valgus, adduction, drop = _vicon_peaks(stair_trial, row)
        assert abs(row["knee_valgus_deg"] - valgus) < 0.5
        assert abs(row["hip_adduction_deg"] - adduction) < 0.5
        assert abs(row["pelvic_drop_deg"] - drop) < 0.5


def test_stair_summary_statistics_from_stances(stair_default):
    # mean and SD (ddof = 1) across stances, written out in numpy from the per-stance table.
    st = stair_default.stances
    for row in stair_default.summary.to_dict(orient="records"):
        for side in ("left", "right"):
            v = st.loc[st["side"] == side, row["quantity"]].to_numpy(float)
            finite = v[np.isfinite(v)]
            assert row[f"{side}_n"] == finite.size
            assert row[f"{side}_missing"] == v.size - finite.size
            if finite.size:
                assert row[f"{side}_mean"] == pytest.approx(finite.mean(), rel=1e-12)
            if finite.size >= 2:
                assert row[f"{side}_sd"] == pytest.approx(finite.std(ddof=1), rel=1e-12)
            else:
                assert math.isnan(row[f"{side}_sd"])


def test_stair_asymmetry_equals_published_formulas(stair_default, stair_path):
    # Robinson et al. (1987) SI = 100 (X_other - X_ref) / (0.5 (X_other + X_ref)); Zifchock et
    # al. (2008) SA = 100 (45 deg - atan(X_ref / X_other)) / 90 deg (no wrap needed: same signs).
    def si(ref, other):
        return 100 * (other - ref) / (0.5 * (other + ref))

    def sa(ref, other):
        return 100 * (45 - math.degrees(math.atan(ref / other))) / 90

    right_ref = R.analyse(stair_path, static=str(stair_path.parent / "Static_trial.c3d"),
                          reference="right")
    for a, b in zip(stair_default.summary.to_dict(orient="records"),
                    right_ref.summary.to_dict(orient="records")):
        left, right = a["left_mean"], a["right_mean"]
        assert math.isfinite(left) and math.isfinite(right), a["quantity"]
        assert a["si_percent"] == pytest.approx(si(left, right), rel=1e-9)
        assert a["sa_percent"] == pytest.approx(sa(left, right), rel=1e-9)
        assert b["si_percent"] == pytest.approx(si(right, left), rel=1e-9)
        assert b["sa_percent"] == pytest.approx(sa(right, left), rel=1e-9)


def test_stair_says_what_it_could_not_compute(stair_default):
    notes = "\n".join(stair_default.notes)
    # Stairs without file events: the event source is stated, the rejected plate is named.
    assert stair_default.events_source == "force plates + kinematics (Zeni)"
    assert "no foot strike or foot off events" in notes and "Zeni" in notes
    assert "Force plate 0" in notes and "threshold at the last sample" in notes
    # One left stance only: no CI, and the reason is given.
    assert stair_default.summary["left_n"].max() == 1
    assert stair_default.summary["si_ci_low"].isna().all()
    assert "the bootstrap needs at least 2 per side" in notes
    # Every stance without a hip moment says why.
    st = stair_default.stances
    no_moment = st[st["hip_abduction_moment_nm_per_kg"].isna()]
    assert all("hip abduction moment" in n for n in no_moment["note"])
    for side in ("left", "right"):
        assert stair_default.moments_available[side] is True
    # Thresholds from another activity are marked as an extrapolation.
    assert "running" in notes and "extrapolation" in notes


def test_stair_hip_moment_vs_vicon_in_the_thigh_frame(stair_path, stair_trial):
    # Vicon's RHipMoment is external, in the thigh frame (validation README); its frontal
    # component is the internal abduction moment in the thigh frame. Vicon used the plate of
    # the first right stance. Compared over right single support (left foot off at frame 56 to
    # left strike at 105), time-normalised on the report's first right cycle; docs/dynamics
    # quotes 0.02 N·m/kg RMS and 0.05 N·m/kg at most unfiltered with Plug-in Gait's own
    # parameters, and tolerates 0.03 RMS and 0.06 at most.
    rep = R.analyse(stair_path, cutoff_hz=None, moment_frame="distal")
    (b, e), = rep.curves.cycles["right"][:1]
    assert (b, e) == (41, 166)
    ours = rep.curves["hip_abduction_moment_nm_per_kg"]["right"][0]
    vicon = hipmech.signal.time_normalise(stair_trial.moments["RHipMoment"][:, 1], b, e)
    pct = 100 * (np.arange(101) / 100 * (e - b)) / (e - b)
    ss = (pct >= 100 * (56 - b) / (e - b)) & (pct <= 100 * (105 - b) / (e - b))
    diff = ours[ss] - vicon[ss]
    assert np.sqrt(np.mean(diff ** 2)) < 0.03
    assert np.max(np.abs(diff)) < 0.06
    assert np.max(ours[ss]) == pytest.approx(np.max(vicon[ss]), rel=0.03)


def test_stair_moment_peaks_are_internal_abduction(stair_default):
    # Internal hip abduction moments are positive in stance (docs: conventions); stair
    # descent peaks of healthy adults lie well inside 0.5-2.5 N·m/kg.
    for side in ("left", "right"):
        v = stair_default.stances.loc[stair_default.stances["side"] == side,
                                      "hip_abduction_moment_nm_per_kg"].dropna()
        assert len(v) >= 1
        assert ((v > 0.5) & (v < 2.5)).all()


# ---------------------------------------------------------------------------------------------
# Files


def test_write_files_html_with_relative_figures_json_clean(stair_default, tmp_path):
    files = R.write(stair_default, tmp_path / "out")
    assert files["html"].name == "report.html" and files["json"].name == "report.json"
    pngs = [k for k in files if k not in ("html", "json")]
    assert len(pngs) == len(R.CURVES) + 3   # one per curve; difference, SI and SA bars
    for k in pngs:
        assert files[k].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = files["html"].read_text(encoding="utf-8")
    assert "<script" not in text.lower() and "<link" not in text.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", text, re.I)
    # The figures are the files beside the page, by relative paths (docs: report).
    srcs = re.findall(r"""src\s*=\s*["']([^"']*)""", text)
    assert sorted(srcs) == sorted(files[k].name for k in pngs)
    # Every threshold's source is named in the page.
    for t in R.THRESHOLDS:
        if t.source:
            assert t.short_source.split()[0] in text
    raw = files["json"].read_text(encoding="utf-8")
    assert not re.search(r"[:\[,]\s*(NaN|-?Infinity)\b", raw)  # no NaN literal as a value
    d = json.loads(raw, parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))
    assert d["units"]["hip_abduction_moment_nm_per_kg"] == "N·m/kg"
    assert d["body_mass_kg"] == 85.0 and d["hipmech_version"] == hipmech.__version__
    by_q = {r["quantity"]: r for r in d["summary"]}
    for row in stair_default.summary.to_dict(orient="records"):
        j = by_q[row["quantity"]]
        for k in ("left_mean", "right_mean", "si_percent", "sa_percent", "si_ci_low"):
            if math.isnan(row[k]):
                assert j[k] is None
            else:
                assert j[k] == pytest.approx(row[k], rel=1e-12)


def test_html_escapes_file_derived_text(stair_trial, tmp_path):
    trial = copy.deepcopy(stair_trial)
    trial.source = "<img src=x onerror=alert(1)>.c3d"
    rep = R.analyse(trial, n_resamples=10)
    text = R.write(rep, tmp_path, figures=False)["html"].read_text(encoding="utf-8")
    assert "<img src=x" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text


# ---------------------------------------------------------------------------------------------
# A known answer for the asymmetry path: the stair trial with events of our choosing


def _with_events(trial, windows):
    t = copy.deepcopy(trial)
    t.events = []
    for side, strike, off in windows:
        for label, frame in (("Foot Strike", strike), ("Foot Off", off)):
            t.events.append(hipmech.io.Event(
                label=label, context=side.capitalize(),
                time_s=(frame + t.first_frame - 1) / t.point_rate_hz))
    return t


def test_asymmetry_ci_equals_numpy_percentile_bootstrap(stair_trial):
    # Six alternating stances per the file's events: the per-stance peaks are the peaks of
    # Vicon's own curves over those windows (unfiltered), and the CI is the 2.5/97.5 %
    # percentiles (numpy, linear interpolation) of the SI of the resampled means, with the
    # left and right stances resampled independently using the rows that
    # hipmech.stats.bootstrap_indices documents for seed 1.
    windows = [("left", 10, 60), ("right", 60, 110), ("left", 110, 160),
               ("right", 160, 210), ("left", 210, 260), ("right", 260, 310)]
    trial = _with_events(stair_trial, windows)
    rep = R.analyse(trial, cutoff_hz=None, n_resamples=2000, seed=1)
    assert rep.events_source == "file"
    st = rep.stances
    assert [(r["side"], r["foot_strike_frame"], r["foot_off_frame"])
            for r in st.to_dict(orient="records")] == sorted(
        windows, key=lambda w: (w[0] != "left", w[1]))
    left = np.array([np.rad2deg(stair_trial.angles["LHipAngles"][b:e, 1]).max()
                     for s, b, e in windows if s == "left"])
    right = np.array([np.rad2deg(stair_trial.angles["RHipAngles"][b:e, 1]).max()
                      for s, b, e in windows if s == "right"])
    np.testing.assert_allclose(st.loc[st.side == "left", "hip_adduction_deg"], left, atol=1e-4)
    np.testing.assert_allclose(st.loc[st.side == "right", "hip_adduction_deg"], right, atol=1e-4)
    li, ri = hipmech.stats.bootstrap_indices([3, 3], n_resamples=2000, seed=1)
    lm, rm = left[li].mean(axis=1), right[ri].mean(axis=1)
    si = 100 * (rm - lm) / (0.5 * (rm + lm))
    lo, hi = np.percentile(si, [2.5, 97.5])
    row = rep.summary.set_index("quantity").loc["hip_adduction_deg"]
    assert row["si_percent"] == pytest.approx(
        100 * (right.mean() - left.mean()) / (0.5 * (right.mean() + left.mean())), abs=1e-3)
    assert row["si_ci_low"] == pytest.approx(lo, abs=1e-3)
    assert row["si_ci_high"] == pytest.approx(hi, abs=1e-3)
    # The first left stance has no single support (no right event before it): NaN with a note.
    assert math.isnan(st.iloc[0]["pelvic_drop_deg"]) and "pelvic drop" in st.iloc[0]["note"]


# The asymmetry of the side means (SI/SA with bootstrap CIs) is hipmech::report::
# asymmetry_of_means since issue 19: its closed-form and degenerate cases are tested in
# tests/cpp/report/test_analysis.cpp.


def test_thresholds_flag_and_name_their_source(stair_path):
    custom = (R.Threshold("hip_adduction_deg", 0.0, "deg", "above", "test context",
                          "Tester A, Other B (2024). A made-up test source."),
              R.Threshold("symmetry_index_percent", 1.0, "%", "beyond", "test context",
                          "Tester A (2024). Another test source."))
    # The stair trial has 1 left and 2 right stances: too few for any flag (issue 20: no flag
    # from fewer than 3 stances per side); the row says so and names the rule.
    rep = R.analyse(stair_path, thresholds=custom, n_resamples=10)
    row = rep.summary.set_index("quantity").loc["hip_adduction_deg"]
    assert row["left_flag"] is None and row["right_flag"] is None and row["flags"] == ""
    assert row["assessment"].startswith("not assessed")
    assert "fewer than 3 stances (left 1)" in row["assessment"]
    assert "Tester & Other 2024" in row["threshold"] and "A made-up test source" in row["source"]
    drop = rep.summary.set_index("quantity").loc["pelvic_drop_deg"]
    assert drop["left_flag"] is None and drop["threshold"] == "no threshold given"
    # Eight strides per side: the side means' CIs lie wholly above 0 deg -> flagged, and the
    # moment's SI (the only ratio-scaled quantity) is judged; angles never get an SI flag.
    walk = hipmech.synth.walking(n_strides=8, seed=5,
                                 pelvic_drop_rad={"left": 0.07, "right": 0.14})
    rep = R.analyse(walk.trial, thresholds=custom, n_resamples=200)
    t = rep.summary.set_index("quantity")
    assert t.loc["hip_adduction_deg", "left_flag"] is True
    assert "Tester & Other 2024" in t.loc["hip_adduction_deg", "flags"]
    assert t.loc["pelvic_drop_deg", "si_flag"] is None  # an angle: no SI flag
    assert t.loc["hip_abduction_moment_nm_per_kg", "si_flag"] is not None


def test_flag_rules_difference_ci_and_minimum_stances():
    # Known answers from the rule (docs: report, "Flags"): a difference flag needs >= 3
    # stances per side and its 95 % CI wholly beyond the margin.
    from hipmech.report._analysis import _flag_row

    margin = R.Threshold("pelvic_drop_deg", 2.0, "deg", "beyond", "walking", "Tester (2024). x",
                         measure="difference")
    base = {"quantity": "pelvic_drop_deg", "left_n": 5, "right_n": 5, "left_missing": 0,
            "right_missing": 0, "left_mean": 4.0, "right_mean": 8.0, "left_sd": 1.0,
            "right_sd": 1.0, "left_ci_low": 3.0, "left_ci_high": 5.0, "right_ci_low": 7.0,
            "right_ci_high": 9.0, "difference": 4.0, "difference_ci_low": 3.0,
            "difference_ci_high": 5.0, "si_percent": 66.7, "si_ci_low": 50.0,
            "si_ci_high": 80.0, "sa_percent": 1.0, "sa_ci_low": 0.0, "sa_ci_high": 2.0}
    assert _flag_row(base, (margin,), None)["difference_flag"] is True
    # CI containing the margin: not assessed, and why.
    row = _flag_row({**base, "difference_ci_low": 1.5}, (margin,), None)
    assert row["difference_flag"] is None and "contains the margin +2 deg" in row["assessment"]
    # Wholly inside the margin: assessed, not flagged.
    row = _flag_row({**base, "difference": 0.3, "difference_ci_low": -1.0,
                     "difference_ci_high": 1.5}, (margin,), None)
    assert row["difference_flag"] is False and row["assessment"] == "within thresholds"
    # Opposite signs (13.6 vs -0.45 deg of knee valgus): a difference is defined where SI is not.
    row = _flag_row({**base, "left_mean": -0.45, "right_mean": 13.6, "difference": 14.05,
                     "difference_ci_low": 11.0, "difference_ci_high": 17.0, "si_percent": nan},
                    (margin,), None)
    assert row["difference_flag"] is True
    # Two stances on a side: never flagged.
    row = _flag_row({**base, "left_n": 2}, (margin,), None)
    assert row["difference_flag"] is None and "fewer than 3 stances" in row["assessment"]
    # SI on an angle is not applied; on the moment only with both sides positive.
    si = R.Threshold("symmetry_index_percent", 10.0, "%", "beyond", "walking", "Tester (2024). x")
    assert _flag_row(base, (si,), None)["si_flag"] is None
    moment = {**base, "quantity": "hip_abduction_moment_nm_per_kg"}
    assert _flag_row(moment, (si,), None)["si_flag"] is True
    row = _flag_row({**moment, "left_mean": -0.1}, (si,), None)
    assert row["si_flag"] is None and "both side means positive" in row["assessment"]


def test_adult_threshold_on_a_child_carries_the_caveat():
    from hipmech.report._analysis import _flag_row

    adult = R.Threshold("hip_abduction_moment_nm_per_kg", 0.7, "N·m/kg", "below", "walking",
                        "Tester (2024). x", population="adults", min_age_years=18)
    row = {"quantity": "hip_abduction_moment_nm_per_kg", "left_n": 5, "right_n": 5,
           "left_missing": 0, "right_missing": 0, "left_mean": 0.5, "right_mean": 0.9,
           "left_sd": 0.05, "right_sd": 0.05, "left_ci_low": 0.45, "left_ci_high": 0.55,
           "right_ci_low": 0.85, "right_ci_high": 0.95, "difference": 0.4,
           "difference_ci_low": 0.3, "difference_ci_high": 0.5, "si_percent": 57.0,
           "si_ci_low": 40.0, "si_ci_high": 70.0, "sa_percent": 1.0, "sa_ci_low": 0.0,
           "sa_ci_high": 2.0}
    child = _flag_row(row, (adult,), 9.0)
    assert child["left_flag"] is True and child["right_flag"] is False
    assert "caveat: threshold measured on adults applied to a subject aged 9" in child["flags"]
    assert "applied to a subject aged 9" in child["threshold"]
    grown = _flag_row(row, (adult,), 30.0)
    assert "caveat" not in grown["flags"]
    unknown = _flag_row(row, (adult,), None)
    assert "age is unknown" in unknown["flags"]
    # A child threshold, when given, is chosen over the adult one for a child.
    kid = R.Threshold("hip_abduction_moment_nm_per_kg", 0.4, "N·m/kg", "below", "walking",
                      "Kid (2024). y", population="children", max_age_years=17)
    child = _flag_row(row, (adult, kid), 9.0)
    assert child["left_flag"] is False and "Kid 2024" in child["threshold"]
    assert "Tester 2024" not in child["threshold"]


def test_default_thresholds_are_cited_and_derived():
    # Heiderscheit et al. (2011) Table 3, running at the preferred step rate: peak hip
    # adduction 10.4 (3.3) deg; Lewinson et al. (2014) abstract, walking: peak internal hip
    # abductor moment 1.1 (0.2) N·m/kg; thresholds are mean +/- 2 SD. Hodt-Billington et al.
    # (2012): the 10 % symmetry criterion. McGinley et al. (2009): measurement-error bands of
    # 2 deg (acceptable) and 5 deg (reasonable) for the left-right differences of angles.
    t = {(x.quantity, x.measure): x for x in R.THRESHOLDS}
    assert t["hip_adduction_deg", "side"].value == pytest.approx(10.4 + 2 * 3.3)
    assert t["hip_abduction_moment_nm_per_kg", "side"].value == pytest.approx(1.1 - 2 * 0.2)
    assert t["hip_abduction_moment_nm_per_kg", "side"].min_age_years == 18
    assert t["symmetry_index_percent", "side"].value == 10.0
    assert t["pelvic_drop_deg", "difference"].value == 2.0
    assert t["hip_adduction_deg", "difference"].value == 2.0
    assert t["knee_valgus_deg", "difference"].value == 5.0
    for x in R.THRESHOLDS:
        assert x.context
        if x.value is None:
            assert x.note  # why no number
        else:
            assert re.search(r"\(\d{4}\)", x.source) and x.derivation
    assert set(R.QUANTITIES) <= {x.quantity for x in R.THRESHOLDS}
    assert list(R.threshold_table().columns)[:3] == ["quantity", "value", "unit"]


# ---------------------------------------------------------------------------------------------
# Batch and command line


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hipmech", *args], capture_output=True,
                          text=True, check=False)


def test_cli_batch_two_good_one_corrupt(stair_path, tmp_path):
    (tmp_path / "walk1.c3d").symlink_to(stair_path)
    (tmp_path / "walk2.c3d").symlink_to(stair_path)
    (tmp_path / "bad.c3d").write_bytes(b"this is not a C3D file" * 10)
    out = tmp_path / "out"
    res = _cli("report", str(tmp_path / "walk1.c3d"), str(tmp_path / "bad.c3d"),
               str(tmp_path / "walk2.c3d"), "--out", str(out), "--no-figures")
    assert res.returncode == 1, res.stderr
    # Progress lines name each trial by its identifier (docs: cohorts, "Trial identifiers").
    assert re.search(r"^\[1/3\] walk1 \.\.\. ok \(\d+\.\d s\)$", res.stderr, re.M)
    assert re.search(r"^\[2/3\] bad \.\.\. FAILED", res.stderr, re.M)
    assert re.search(r"^\[3/3\] walk2 \.\.\. ok", res.stderr, re.M)
    tail = res.stderr.split("trial(s) failed:", 1)
    assert tail[0].rstrip().endswith("1 of 3") and "bad.c3d: FileError" in tail[1]
    for name in ("walk1", "walk2"):
        assert (out / name / "report.html").is_file() and (out / name / "report.json").is_file()
    assert not (out / "bad" / "report.html").exists()
    assert "pelvic_drop_deg" in res.stdout


def test_cli_single_trial_with_static_and_mass(stair_path, static_path, tmp_path):
    res = _cli("report", str(stair_path), "--static", str(static_path), "--mass", "80",
               "--reference", "right", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    d = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert d["body_mass_kg"] == 80.0 and d["body_mass_source"] == "argument"
    assert d["settings"]["reference"] == "right" and d["static"].endswith("Static_trial.c3d")
    assert (tmp_path / "curves_knee_valgus_deg.png").is_file()


def test_run_reports_failures_and_progress(stair_path, tmp_path, capsys):
    res = R.run([stair_path, tmp_path / "missing.c3d"], tmp_path / "o", n_resamples=10,
                figures=False)
    assert not res.ok and len(res.reports) == 1
    (path, reason), = res.failures
    assert path.name == "missing.c3d" and "FileError" in reason
    err = capsys.readouterr().err
    assert re.search(r"^\[1/2\] \S*/Movement_trial \.\.\. ok", err, re.M)  # its identifier
    assert re.search(r"^\[2/2\] \S*/missing \.\.\. FAILED", err, re.M)


# ---------------------------------------------------------------------------------------------
# Bad input


def test_bad_input(stair_path, stair_trial, tmp_path):
    with pytest.raises(OSError):
        R.analyse(tmp_path / "nope.c3d")
    no_mass = copy.deepcopy(stair_trial)
    no_mass.subject.body_mass_kg = math.nan
    with pytest.raises(ValueError, match="body_mass_kg"):
        R.analyse(no_mass)
    with pytest.raises(ValueError, match="body_mass_kg"):
        R.analyse(stair_trial, body_mass_kg=-3.0)
    with pytest.raises(TypeError, match="body_mass_kg"):
        R.analyse(stair_trial, body_mass_kg="85")
    with pytest.raises(ValueError, match="reference"):
        R.analyse(stair_trial, reference="middle")
    with pytest.raises(ValueError, match="cutoff_hz"):
        R.analyse(stair_trial, cutoff_hz=70.0)
    with pytest.raises(ValueError, match="n_resamples"):
        R.analyse(stair_trial, n_resamples=0)
    with pytest.raises(ValueError, match="moment_frame"):
        R.analyse(stair_trial, moment_frame="lab")
    with pytest.raises(TypeError, match="thresholds"):
        R.analyse(stair_trial, thresholds=[1.0])
    with pytest.raises(TypeError, match="trial"):
        R.analyse(42)
    with pytest.raises(ValueError, match="direction"):
        R.Threshold("hip_adduction_deg", 1.0, "deg", "sideways", "x", "y (2000)")
    with pytest.raises(ValueError, match="source"):
        R.Threshold("hip_adduction_deg", 1.0, "deg", "above", "x", "")
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    rep = R.analyse(stair_trial, n_resamples=10)
    with pytest.raises(NotADirectoryError, match="out_dir"):
        R.write(rep, a_file)
    with pytest.raises(TypeError, match="report"):
        R.write({"not": "a report"}, tmp_path)
    with pytest.raises(NotADirectoryError, match="out_dir"):
        R.run([stair_path], a_file)
    with pytest.raises(ValueError, match="reference"):
        R.run([stair_path], tmp_path, reference="up")
    with pytest.raises(ValueError, match="paths"):
        R.run([], tmp_path)


def test_missing_markers_fail_with_the_names(stair_trial):
    t = copy.deepcopy(stair_trial)
    del t.markers["LKNE"]
    with pytest.raises(ValueError, match="LKNE"):
        R.analyse(t, n_resamples=10)


def test_cli_missing_mass_and_missing_file(tmp_path):
    res = _cli("report", str(tmp_path / "nope.c3d"), "--out", str(tmp_path / "o"))
    assert res.returncode == 1 and "nope.c3d" in res.stderr and "failed" in res.stderr
    res = _cli("report", "x.c3d", "--mass", "-1", "--out", str(tmp_path / "o"))
    assert res.returncode == 2 and "argument '--mass'" in res.stderr


def test_thresholds_with_an_unknown_quantity_or_wrong_unit_are_errors():
    walk = hipmech.synth.walking(n_strides=2, seed=3)
    with pytest.raises(ValueError, match="thresholds.*unknown quantity 'hip_adductoin_deg'"):
        R.analyse(walk.trial, thresholds=[R.Threshold("hip_adductoin_deg", 1.0, "deg", "above",
                                                      "x", "Tester (2024)")])
    with pytest.raises(ValueError, match="thresholds.*'deg', got unit 'rad'"):
        R.analyse(walk.trial, thresholds=[R.Threshold("hip_adduction_deg", 0.2, "rad", "above",
                                                      "x", "Tester (2024)")])


def test_a_window_spanning_two_strides_is_left_out_of_the_curves():
    # A synthetic trial whose file events skip one left foot strike: the strike-to-strike
    # window around it holds two left foot offs and two strides. Known answer: the other
    # cycles stay, that one is left out with a note, and the stances are unaffected.
    walk = hipmech.synth.walking(n_strides=5, seed=4)
    trial = walk.trial
    strikes = [e for e in trial.events if e.context == "Left" and e.label == "Foot Strike"]
    full = R.analyse(trial, n_resamples=100, events="file")
    trial.events = [e for e in trial.events if e is not strikes[2]]
    rep = R.analyse(trial, n_resamples=100, events="file")
    n_full = full.curves["knee_valgus_deg"]["left"].shape[0]
    assert rep.curves["knee_valgus_deg"]["left"].shape[0] == n_full - 2
    assert any("Left curves: 1 strike-to-strike window(s) left out" in n for n in rep.notes)
    assert rep.curves["knee_valgus_deg"]["right"].shape[0] == \
        full.curves["knee_valgus_deg"]["right"].shape[0]
    # events="auto" (the default) fills the missing strike from the plates or the kinematics.
    auto = R.analyse(trial, n_resamples=100)
    assert auto.curves["knee_valgus_deg"]["left"].shape[0] == n_full
    filled = auto.events[(auto.events.side == "left") & (auto.events.kind == "foot_strike") &
                         (auto.events.source != "file")]
    assert len(filled) >= 1


def test_report_applies_and_names_the_plug_in_gait_offsets(validation_dir):
    # A child's Vicon trial with thigh rotation -6/-13 deg, shank rotation +3.9/-0.5 deg and
    # tibial torsion -16.2/-20.5 deg in its PROCESSING group (../shared/validation/README.md):
    # the report applies them and says so, and names what the model did not apply.
    r = R.analyse(validation_dir / "biomechzoo_pig_child" / "HC030A05.c3d",
                  n_resamples=200)
    applied = next(n for n in r.notes if n.startswith("Plug-in Gait offsets applied"))
    assert "thigh rotation left -6.0°, right -13.0°" in applied
    assert "tibial torsion left -16.2°, right -20.5°" in applied
    assert any("not applied by the lower-body model" in n and "LShoulderOffset" in n
               for n in r.notes)
