"""The cohort page's left vs right SPM (hipmech.report.run, cohort/spm.csv, index.html): one
pair per subject, a paired SPM{t} per curve, skipped with a written reason below 3 pairs or
without the curve.

References, independent of hipmech's SPM: each trial's own report.json (the curves written by
hipmech.report.write), pooled per subject and averaged with numpy here; the paired test of
those curves by spm1d 0.4.55 (Pataky 2016, J Stat Softw 71(7); GPL-3, a test-only oracle that
is run, never read or copied): the threshold, the clusters' interpolated endpoints and their p
values. The synthetic cohort's known answer (hipmech.synth: a larger contralateral pelvic drop
in right stance than in left stance for every subject) fixes the sign and place of the
pelvic-obliquity cluster. Nodes without a value at the cycle's ends (set to NaN in copies of
the synthetic reports): spm1d on the subjects' mean curves cut to the tested nodes, its
positions (nodes of the cut field) plus the first tested node giving % of the full cycle (101
nodes: 1 node = 1 %); the rule itself (docs/cohorts.md) restated in range_tested.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import hipmech
from hipmech import io
from hipmech import report as R
from hipmech.report import _side_spm

spm1d = pytest.importorskip("spm1d")

DEG = math.pi / 180
FAST = dict(n_resamples=20, figures=False, progress=False, jobs=1)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """Six subjects S1..S6, one synthetic walk each (S2: two walks), every subject's
    contralateral drop larger in right stance (6-8.5 deg) than in left stance (3 deg)."""
    lab = tmp_path_factory.mktemp("lab")
    for i in range(1, 7):
        walk = hipmech.synth.walking(n_strides=3, seed=i, variability_sd_rad=0.01,
                                     pelvic_drop_rad={"left": 3 * DEG,
                                                      "right": (6 + 0.5 * i) * DEG})
        (lab / f"S{i}").mkdir()
        io.write_c3d(walk.trial, lab / f"S{i}" / "walk01.c3d")
    walk = hipmech.synth.walking(n_strides=2, seed=11,
                                 pelvic_drop_rad={"left": 3 * DEG, "right": 7 * DEG})
    io.write_c3d(walk.trial, lab / "S2" / "walk02.c3d")
    out = tmp_path_factory.mktemp("study")
    return lab, out, R.run(lab, out, **FAST)


def read_spm(path):
    """cohort/spm.csv with its text columns as str ('' where empty)."""
    text = {c: "string" for c in ("note", "subjects_left_out", "direction")}
    table = pd.read_csv(path, dtype=text)
    for c in text:
        table[c] = table[c].fillna("")
    return table


def subject_curves(result, quantity):
    """subject -> side -> mean curve over the cycles of its trials, from each report.json."""
    cycles: dict = {}
    for t in result.trials:
        d = json.loads((t.out_dir / "report.json").read_text(encoding="utf-8"))
        for side in ("left", "right"):
            a = np.array(d["curves"][quantity][side], dtype=float)
            cycles.setdefault(t.subject, {"left": [], "right": []})[side].append(a)
    return {s: {side: finite_mean(np.vstack(v[side])) for side in v}
            for s, v in cycles.items()}


def finite_mean(cycles):
    """Mean per column over the finite values; NaN where a column has none (no warning)."""
    ok = np.isfinite(cycles)
    n = ok.sum(axis=0)
    total = np.where(ok, cycles, 0.0).sum(axis=0)
    return np.where(n > 0, total / np.maximum(n, 1), np.nan)


def report_curves(reports, subjects, quantity):
    """subject -> side -> mean curve over the cycles of its reports (TrialReport objects)."""
    cycles: dict = {}
    for rep, s in zip(reports, subjects):
        for side in ("left", "right"):
            a = np.array(rep.curves.data[quantity][side], dtype=float)
            cycles.setdefault(s, {"left": [], "right": []})[side].append(a)
    return {s: {side: finite_mean(np.vstack(v[side])) for side in v} for s, v in cycles.items()}


def range_tested(curves):
    """The rule of docs/cohorts.md, restated: the subjects kept and the nodes (first, last)
    tested. A subject whose finite nodes (both sides) are not one run, or a run under 90 % of
    the cycle, is out; the rest are tested over the intersection of their runs when it covers
    90 %, else only the subjects without a missing node are kept, over the whole cycle."""
    runs = {}
    for s in sorted(curves):
        idx = np.flatnonzero(np.isfinite(curves[s]["left"]) & np.isfinite(curves[s]["right"]))
        if idx.size and idx[-1] - idx[0] + 1 == idx.size and idx[-1] - idx[0] >= 90:
            runs[s] = (int(idx[0]), int(idx[-1]))
    if not runs:
        return [], (0, 100)
    first, last = max(a for a, _ in runs.values()), min(b for _, b in runs.values())
    if last - first < 90:
        return [s for s, r in runs.items() if r == (0, 100)], (0, 100)
    return list(runs), (first, last)


def spm1d_paired(curves, subjects, first, last):
    left = np.vstack([curves[s]["left"][first:last + 1] for s in subjects])
    right = np.vstack([curves[s]["right"][first:last + 1] for s in subjects])
    return spm1d.stats.ttest_paired(left, right).inference(0.05, two_tailed=True, interp=True)


def edit(rep, quantity, side, fn):
    """A copy of a TrialReport with fn applied to the (n_cycles, 101) curves of one side."""
    data = {q: dict(v) for q, v in rep.curves.data.items()}
    data[quantity][side] = fn(np.array(data[quantity][side], dtype=float))
    return dataclasses.replace(rep, curves=dataclasses.replace(rep.curves, data=data))


def nan_at(nodes):
    """fn for edit(): every cycle of the side without a value at the given nodes."""
    def fn(a):
        a[:, nodes] = np.nan
        return a
    return fn


def test_spm_csv_matches_spm1d_on_the_subjects_mean_curves(cohort):
    lab, out, res = cohort
    assert res.ok and (out / "cohort" / "spm.csv").is_file()
    assert res.cohort_files["spm_csv"] == out / "cohort" / "spm.csv"
    table = read_spm(out / "cohort" / "spm.csv")
    assert list(table.columns) == list(_side_spm.SPM_COLUMNS)
    assert list(table["quantity"].unique()) == list(_side_spm.SPM_CURVES)
    for q in _side_spm.SPM_CURVES:
        curves = subject_curves(res, q)
        subjects = sorted(curves)
        assert subjects == [f"S{i}" for i in range(1, 7)]
        left = np.vstack([curves[s]["left"] for s in subjects])
        right = np.vstack([curves[s]["right"] for s in subjects])
        ref = spm1d.stats.ttest_paired(left, right).inference(0.05, two_tailed=True,
                                                              interp=True)
        rows = table[table["quantity"] == q]
        assert (rows["subjects"] == 6).all() and (rows["df"] == 5).all()
        assert (rows["nodes_percent"] == "0–100 %").all()
        assert not rows["note"].str.contains("tested over").any()
        assert (rows["alpha"] == 0.05).all() and rows["two_tailed"].all()
        np.testing.assert_allclose(rows["zstar"], ref.zstar, rtol=1e-6)
        if not ref.clusters:
            assert len(rows) == 1 and pd.isna(rows["cluster"].iloc[0])
            continue
        assert list(rows["cluster"]) == list(range(1, len(ref.clusters) + 1))
        d = (left - right).mean(axis=0)  # the mean difference left - right, numpy
        for (_, row), c in zip(rows.iterrows(), ref.clusters):
            start, end = c.endpoints  # 101 nodes: node = % of the cycle
            assert row["start_percent"] == pytest.approx(start, abs=1e-6)
            assert row["end_percent"] == pytest.approx(end, abs=1e-6)
            assert row["p"] == pytest.approx(c.P, rel=1e-6, abs=1e-12)
            assert row["direction"] == ("left > right" if c.csign > 0 else "right > left")
            # The size of the difference: at the peak node of spm1d's field inside the
            # cluster, and its range over the cluster's nodes (in the curve's unit).
            inside = np.arange(math.ceil(start), math.floor(end) + 1)
            peak = inside[np.argmax(np.abs(ref.z[inside]))]
            assert row["peak_percent"] == peak
            assert row["mean_difference_at_peak"] == pytest.approx(d[peak], rel=1e-9, abs=1e-12)
            assert row["mean_difference_min"] == pytest.approx(d[inside].min(), rel=1e-9,
                                                               abs=1e-12)
            assert row["mean_difference_max"] == pytest.approx(d[inside].max(), rel=1e-9,
                                                               abs=1e-12)
            assert np.sign(row["mean_difference_at_peak"]) == c.csign
    # The known answer: the right stance's larger drop lifts the right curve (this side up +)
    # in its single support; a cluster "right > left" covers the drop's peak (about 20-25 %).
    po = table[(table["quantity"] == "pelvic_obliquity_deg") &
               (table["direction"] == "right > left")]
    assert ((po["start_percent"] < 20) & (po["end_percent"] > 25)).any(), po


def test_page_states_the_rule_and_lists_the_clusters(cohort):
    _, out, res = cohort
    page = (out / "cohort" / "index.html").read_text(encoding="utf-8")
    section = page[page.index("<h2>Left vs right over the gait cycle (SPM)</h2>"):
                   page.index("<h2>Trials</h2>")]
    for words in ("paired t test", "α = 0.05", "two-tailed", "random field theory",
                  "<b>cluster</b>", "one pair", "left − right", "spm.csv"):
        assert words in section, words
    table = read_spm(out / "cohort" / "spm.csv")
    tested = table[~table["note"].str.startswith("not tested")]
    n_clusters = int(tested["cluster"].notna().sum())
    assert section.count("<tr><td class='num'>") == n_clusters
    # Each cluster row: the mean difference at its peak and its range, as spm.csv has them.
    unit = "deg"
    assert f"<th>mean left − right at the peak [{unit}]</th>" in section
    for _, row in tested[tested["cluster"].notna()].iterrows():
        assert (f"<td class='num'>{row['mean_difference_at_peak']:.2f}</td><td class='num'>"
                f"{row['mean_difference_min']:.2f} to {row['mean_difference_max']:.2f}</td>"
                ) in section
    assert "set-level p: the probability by chance of at least" in section
    assert "SPM figures not drawn (figures off)." in section and "<img" not in section
    assert "spm.csv</a>" in page[:page.index("<h2>Cohort</h2>")]  # in the tables' links
    # With figures: one figure per tested curve (the page's own section, drawn from the run).
    html = _side_spm.html_section(_side_spm.compare_sides(res), True)
    assert html.count("<img") == len(tested["quantity"].unique())


def test_fewer_than_three_subjects_or_a_missing_curve_are_written_not_tested(cohort):
    _, _, res = cohort
    with pytest.raises(ValueError, match="'alpha'"):
        R.spm_sides(res, alpha=1.0)
    with pytest.raises(TypeError, match="'alpha'"):
        R.spm_sides(res, alpha="0.05")
    two = [t.report for t in res.trials if t.subject in ("S1", "S2")]
    table = R.spm_sides(two)
    assert len(table) == len(_side_spm.SPM_CURVES)
    assert table["zstar"].isna().all() and table["cluster"].isna().all()
    assert all(n.startswith("not tested: 2 subject(s) with a complete curve of both sides, at "
                            "least 3 needed")
               for n in table["note"])
    # A subject without right cycles, one with a gap in every left cycle, and a curve no
    # trial has: left out / not tested, each with why.
    reps = [t.report for t in res.trials]
    by_subject = {t.subject: i for i, t in enumerate(res.trials)}

    def gap(a):
        a[:, 40:43] = np.nan
        return a

    q = "pelvic_obliquity_deg"
    reps[by_subject["S3"]] = edit(reps[by_subject["S3"]], q, "right", lambda a: a[:0])
    reps[by_subject["S4"]] = edit(reps[by_subject["S4"]], q, "left", gap)
    for i, rep in enumerate(reps):
        data = {k: v for k, v in rep.curves.data.items() if k != "knee_valgus_deg"}
        reps[i] = dataclasses.replace(rep, curves=dataclasses.replace(rep.curves, data=data))
    sides = {c.quantity: c for c in _side_spm.compare_sides(reps)}
    po = sides[q]
    assert po.subjects == ("S1", "S2", "S5", "S6")
    assert dict(po.left_out) == {"S3": "no right cycle",
                                 "S4": "left has no value at 40–42 % of the cycle"}
    assert po.result is not None and po.result.n_curves == 4
    assert sides["knee_valgus_deg"].note == "no trial that worked has this curve"
    html = _side_spm.html_section(list(sides.values()), False)
    assert "S4 (left has no value at 40–42 % of the cycle)" in html
    assert "no trial that worked has this curve" in html


def cohort_reports(res, quantity, edits):
    """The cohort's reports and subjects, with edits {subject: [(side, fn), ...]} applied to
    the curve ``quantity`` of every trial of that subject."""
    reps = [t.report for t in res.trials]
    subjects = [t.subject for t in res.trials]
    for i, s in enumerate(subjects):
        for side, fn in edits.get(s, ()):
            reps[i] = edit(reps[i], quantity, side, fn)
    return reps, subjects


def test_nodes_missing_at_the_cycle_ends_shorten_the_test(cohort):
    # Every subject's left curve has no value at 99-100 % (as a real moment whose next foot
    # strike lies beyond the force data), S1 and S2's right curves none at 0-2 % either: all
    # six subjects are tested over 3-98 %. Reference: spm1d on the subjects' mean curves cut to
    # nodes 3..98; its positions (nodes of the cut field) + 3 = % of the full cycle.
    _, _, res = cohort
    q = "pelvic_obliquity_deg"
    end = [("left", nan_at([99, 100]))]
    edits = {f"S{i}": end for i in range(3, 7)}
    edits.update({s: end + [("right", nan_at([0, 1, 2]))] for s in ("S1", "S2")})
    reps, subjects = cohort_reports(res, q, edits)
    c = {x.quantity: x for x in _side_spm.compare_sides(reps)}[q]
    assert c.subjects == tuple(f"S{i}" for i in range(1, 7)) and c.left_out == ()
    assert (c.first, c.last, c.nodes_percent) == (3, 98, "3–98 %")
    assert c.range_note == ("tested over 3–98 % of the cycle: S1, S2 have no value at 0–2 %, "
                            "99–100 %; S3, S4, S5, S6 have no value at 99–100 %")
    curves = report_curves(reps, subjects, q)
    assert range_tested(curves) == (list(c.subjects), (3, 98))
    ref = spm1d_paired(curves, c.subjects, 3, 98)
    r = c.result
    assert r.n_nodes == 96 and r.n_curves == 6
    np.testing.assert_allclose(r.z, ref.z, rtol=1e-8, atol=1e-10)
    assert r.fwhm == pytest.approx(ref.fwhm, rel=1e-8)
    np.testing.assert_allclose(r.resels, ref.resels, rtol=1e-8)
    assert r.zstar == pytest.approx(ref.zstar, rel=1e-6)
    assert ref.clusters, "the known right > left cluster of the synthetic cohort"
    # On the full cycle: the field NaN where not tested, the clusters offset by 3 nodes.
    f = c.on_full_cycle()
    assert f.n_nodes == 101 and np.isnan(f.z[:3]).all() and np.isnan(f.z[99:]).all()
    np.testing.assert_array_equal(f.z[3:99], r.z)
    table = _side_spm.spm_table([c])
    assert list(table.columns) == list(_side_spm.SPM_COLUMNS)
    assert (table["nodes_percent"] == "3–98 %").all()
    assert table["note"].str.startswith(c.range_note).all()
    np.testing.assert_allclose(table["fwhm_percent"], ref.fwhm, rtol=1e-8)  # 1 node = 1 %
    assert list(table["cluster"]) == list(range(1, len(ref.clusters) + 1))
    for (_, row), k in zip(table.iterrows(), ref.clusters):
        start, end = k.endpoints
        assert row["start_percent"] == pytest.approx(start + 3, abs=1e-6)
        assert row["end_percent"] == pytest.approx(end + 3, abs=1e-6)
        assert row["extent_percent"] == pytest.approx(end - start, abs=1e-6)
        assert row["p"] == pytest.approx(k.P, rel=1e-6, abs=1e-12)
        inside = np.arange(math.ceil(start), math.floor(end) + 1)
        assert row["peak_percent"] == inside[np.argmax(np.abs(ref.z[inside]))] + 3
        # The mean difference on the full cycle's nodes (cut-field node + 3), numpy.
        d = np.mean([curves[s]["left"] - curves[s]["right"] for s in c.subjects], axis=0)
        assert row["mean_difference_at_peak"] == pytest.approx(d[int(row["peak_percent"])])
        assert row["mean_difference_min"] == pytest.approx(d[inside + 3].min())
        assert row["mean_difference_max"] == pytest.approx(d[inside + 3].max())
    po = table[table["direction"] == "right > left"]
    assert ((po["start_percent"] < 20) & (po["end_percent"] > 25)).any(), po
    html = _side_spm.html_section([c], False)
    assert "Tested over 3–98 % of the cycle: S1, S2 have no value at 0–2 %" in html
    assert f"<td class='num'>{table['start_percent'].iloc[0]:.1f}</td>" in html
    # The figure: x in % of the full cycle, the field over 3-98 % only, the rest shaded.
    fig = _side_spm.figure(c)
    top, bottom = fig.axes[:2]
    assert bottom.get_xlim() == (0.0, 100.0) and top.get_xlim() == (0.0, 100.0)
    (z,) = [ln for ln in bottom.lines if ln.get_gid() == "z"]
    np.testing.assert_array_equal(z.get_xdata(), np.arange(101.0))
    np.testing.assert_array_equal(np.flatnonzero(np.isfinite(z.get_ydata())), np.arange(3, 99))
    to_data = bottom.transData.inverted()
    spans = sorted(to_data.transform(p.get_extents().get_points())[:, 0].tolist()
                   for p in bottom.patches if str(p.get_gid()).startswith("untested:"))
    np.testing.assert_allclose(spans, [[0, 3], [98, 100]], atol=1e-9)
    (shade,) = [k for k in bottom.collections if k.get_gid() == "cluster:0"]
    xs = shade.get_paths()[0].vertices[:, 0]
    start, end = ref.clusters[0].endpoints
    assert (xs.min(), xs.max()) == (pytest.approx(start + 3), pytest.approx(end + 3))
    assert "3–98 %" in top.get_title()
    # The legend below the SPM panel names the grey part (drawn before plot.spm's legend).
    texts = [t.get_text() for t in bottom.get_legend().get_texts()]
    assert texts[0] == "not tested" and texts[2].startswith("threshold ±t* = ")
    assert _side_spm.figure_png(c).startswith(b"\x89PNG")


def test_too_few_subjects_over_a_shortened_range_are_counted_and_named(cohort):
    _, _, res = cohort
    q = "hip_abduction_moment_nm_per_kg"
    reps, subjects = cohort_reports(res, q, {s: [("left", nan_at([99, 100]))]
                                             for s in ("S1", "S2")})
    two = [r for r, s in zip(reps, subjects) if s in ("S1", "S2")]
    table = R.spm_sides(two)
    row = table[table["quantity"] == q].iloc[0]
    assert row["nodes_percent"] == "0–98 %" and row["subjects"] == 2
    assert row["note"] == ("not tested: 2 subject(s) with a complete curve of both sides over "
                           "0–98 % of the cycle (S1, S2 have no value at 99–100 %), at least 3 "
                           "needed (one pair per subject; the trials of one subject are not "
                           "independent); a subject is the first folder under the trials' "
                           "common folder, so each subject's trials must lie in its own folder "
                           "(S01/walk1.c3d, S02/walk1.c3d, ...; trials lying directly in one "
                           "folder are one subject; docs: cohorts); found as subjects: S1 (1 "
                           "trial), S2 (2 trials)")


def test_a_flat_folder_of_subjects_is_one_subject_and_the_note_says_how_to_lay_them_out(
        cohort, tmp_path):
    # S1.c3d ... S4.c3d side by side in one folder: one subject (the folder), not four; the
    # note says how subjects are told apart and names the folder taken as the subject.
    lab, _, _ = cohort
    flat = tmp_path / "flat"
    flat.mkdir()
    for i in range(1, 5):
        shutil.copy(lab / f"S{i}" / "walk01.c3d", flat / f"S{i}.c3d")
    res = R.run(flat, tmp_path / "out", **FAST)
    table = R.spm_sides(res)
    assert (table["subjects"] == 1).all() and (table["subjects_paired"] == "flat").all()
    for note in table["note"]:
        assert note.startswith("not tested: 1 subject(s) with a complete curve of both sides")
        assert note.endswith("each subject's trials must lie in its own folder (S01/walk1.c3d, "
                             "S02/walk1.c3d, ...; trials lying directly in one folder are one "
                             "subject; docs: cohorts); found as subjects: flat (4 trials)")
    # the console says how subjects are found once, after the curves, not on every line
    lines = _side_spm.console_lines(table)
    assert sum("a subject is the first folder" in line for line in lines) == 1
    assert lines[-1].startswith("  (a subject is the first folder")
    assert "flat (4 trials)" in lines[-1]
    assert all(line.rstrip().endswith("needed (one pair per subject; the trials of one subject "
                                      "are not independent)") for line in lines[1:-1])


@pytest.mark.parametrize("case", ["trailing 88-100", "both ends 0-5 and 95-100"])
def test_more_than_ten_percent_missing_at_the_ends_leaves_the_subjects_out(cohort, case):
    # S1 and S2 have no value over more than 10 % of the cycle's ends (alone, or together:
    # S1 at 0-5 %, S2 at 95-100 % leave 6-94 % = 88 %): both left out with their gaps, as a gap
    # inside the cycle; the others tested over the whole cycle (spm1d as the reference).
    _, _, res = cohort
    q = "hip_adduction_deg"
    if case.startswith("trailing"):
        edits = {s: [("left", nan_at(list(range(88, 101))))] for s in ("S1", "S2")}
        why = {s: "left has no value at 88–100 % of the cycle" for s in ("S1", "S2")}
    else:
        edits = {"S1": [("right", nan_at(list(range(0, 6))))],
                 "S2": [("left", nan_at(list(range(95, 101))))]}
        why = {"S1": "right has no value at 0–5 % of the cycle",
               "S2": "left has no value at 95–100 % of the cycle"}
    reps, subjects = cohort_reports(res, q, edits)
    c = {x.quantity: x for x in _side_spm.compare_sides(reps)}[q]
    assert c.subjects == ("S3", "S4", "S5", "S6") and dict(c.left_out) == why
    assert (c.nodes_percent, c.range_note) == ("0–100 %", "")
    curves = report_curves(reps, subjects, q)
    assert range_tested(curves) == (list(c.subjects), (0, 100))
    ref = spm1d_paired(curves, c.subjects, 0, 100)
    np.testing.assert_allclose(c.result.z, ref.z, rtol=1e-8, atol=1e-10)
    assert c.result.zstar == pytest.approx(ref.zstar, rel=1e-6)
    table = _side_spm.spm_table([c])
    assert (table["nodes_percent"] == "0–100 %").all()
    assert not table["note"].str.contains("tested over").any()


def test_exactly_ninety_percent_left_is_tested_and_a_gap_inside_still_leaves_out(cohort):
    # Every subject without a value at 91-100 %: 0-90 % (90 % of the cycle) is tested. S4 also
    # has a gap at 40-42 %: left out with both gaps named, the other five tested over 0-90 %.
    _, _, res = cohort
    q = "knee_valgus_deg"
    end = [("right", nan_at(list(range(91, 101))))]
    edits = {f"S{i}": end for i in range(1, 7)}
    edits["S4"] = end + [("left", nan_at([40, 41, 42]))]
    reps, subjects = cohort_reports(res, q, edits)
    c = {x.quantity: x for x in _side_spm.compare_sides(reps)}[q]
    assert c.subjects == ("S1", "S2", "S3", "S5", "S6")
    assert dict(c.left_out) == {"S4": "left has no value at 40–42 % of the cycle; right has "
                                      "no value at 91–100 % of the cycle"}
    assert (c.first, c.last, c.nodes_percent) == (0, 90, "0–90 %")
    assert c.range_note == ("tested over 0–90 % of the cycle: S1, S2, S3, S5, S6 have no "
                            "value at 91–100 %")
    curves = report_curves(reps, subjects, q)
    assert range_tested(curves) == (list(c.subjects), (0, 90))
    ref = spm1d_paired(curves, c.subjects, 0, 90)
    np.testing.assert_allclose(c.result.z, ref.z, rtol=1e-8, atol=1e-10)
    assert c.result.zstar == pytest.approx(ref.zstar, rel=1e-6)
    assert c.result.fwhm == pytest.approx(ref.fwhm, rel=1e-8)


def test_identical_trials_in_every_subject_are_refused_with_the_reason(tmp_path):
    # Zero variance of the differences (the same trial copied into three subjects): the test
    # refuses, the page and table say why, the run itself works.
    walk = hipmech.synth.walking(n_strides=2, seed=5)
    for s in ("A", "B", "C"):
        (tmp_path / "lab" / s).mkdir(parents=True)
        io.write_c3d(walk.trial, tmp_path / "lab" / s / "walk.c3d")
    res = R.run(tmp_path / "lab", tmp_path / "out", xlsx=True, **FAST)
    assert res.ok
    table = read_spm(tmp_path / "out" / "cohort" / "spm.csv")
    assert (table["subjects"] == 3).all() and (table["subjects_paired"] == "A; B; C").all()
    # The refusal in words (not the library's argument text), the nodes as % of the cycle.
    assert (table["note"] == "not tested: the subjects' left − right differences are identical "
            "at 0–100 % of the cycle (copied trials?)").all()
    assert table["zstar"].isna().all() and table["df"].isna().all()
    page = (tmp_path / "out" / "cohort" / "index.html").read_text(encoding="utf-8")
    assert "identical at 0–100 % of the cycle (copied trials?)" in page
    assert "argument &#x27;a - b&#x27;" not in page
    # The workbook's spm sheet is the CSV's table (openpyxl is a test dependency).
    sheet = pd.read_excel(tmp_path / "out" / "cohort" / "cohort.xlsx", sheet_name="spm")
    assert list(sheet.columns) == list(table.columns)
    assert list(sheet["note"]) == list(table["note"])


def test_real_lab_folder(validation_dir, tmp_path):
    """Real Plug-in Gait trials (../shared/validation): the child's walk in two subjects and the
    adult's stair descent in a third. Whatever each curve gets (a test or a reason), spm.csv
    and the page agree, and a tested curve matches spm1d on the subjects' curves."""
    child = validation_dir / "biomechzoo_pig_child"
    stair = validation_dir / "pycgm_pig_stair"
    lab = tmp_path / "lab"
    for s, src in (("P1", child / "HC030A05.c3d"), ("P2", child / "HC030A05.c3d"),
                   ("P3", stair / "Movement_trial.c3d")):
        (lab / s).mkdir(parents=True)
        shutil.copyfile(src, lab / s / src.name)
    res = R.run(lab, tmp_path / "out", pair=False, **FAST)
    table = read_spm(tmp_path / "out" / "cohort" / "spm.csv")
    page = (tmp_path / "out" / "cohort" / "index.html").read_text(encoding="utf-8")
    assert list(table["quantity"].unique()) == list(_side_spm.SPM_CURVES)
    for q in _side_spm.SPM_CURVES:
        rows = table[table["quantity"] == q]
        note = rows["note"].iloc[0]
        if note.startswith("not tested"):
            assert rows["zstar"].isna().all()
            assert re.sub(r"\s+", " ", note) in page.replace("&#x27;", "'")
            continue
        curves = subject_curves(res, q)
        ok, (first, last) = range_tested(curves)
        assert rows["nodes_percent"].iloc[0] == f"{first}–{last} %"
        if (first, last) != (0, 100):
            assert note.startswith(f"tested over {first}–{last} % of the cycle: ")
            assert f"{first}–{last} % of the cycle" in page
        ref = spm1d_paired(curves, ok, first, last)
        np.testing.assert_allclose(rows["zstar"], ref.zstar, rtol=1e-6)
        assert int(rows["subjects"].iloc[0]) == len(ok)
        for (_, row), k in zip(rows.iterrows(), ref.clusters):
            assert row["start_percent"] == pytest.approx(k.endpoints[0] + first, abs=1e-6)
            assert row["end_percent"] == pytest.approx(k.endpoints[1] + first, abs=1e-6)


def mirrored(rep):
    """A copy of a TrialReport with its left and right curves swapped: the same walk with the
    other side affected."""
    data = {q: {**v, "left": v["right"], "right": v["left"]} for q, v in rep.curves.data.items()}
    return dataclasses.replace(rep, curves=dataclasses.replace(rep.curves, data=data))


def test_a_cohort_mixing_affected_sides_cancels_and_the_page_says_so(cohort):
    # Known answer: every subject of the cohort has the larger drop in right stance, and the
    # pelvic obliquity has a right > left cluster. Mirroring S2, S4 and S6 (their left and right
    # curves swapped: the larger drop in left stance) leaves every subject as asymmetric as
    # before, but the differences left - right change sign in half the cohort and cancel: no
    # cluster (spm1d on the same curves agrees). The page says that this is no evidence of
    # equal sides, and that left vs right needs the same affected side in every subject.
    _, _, res = cohort
    q = "pelvic_obliquity_deg"
    reps = [t.report for t in res.trials]
    subjects = [t.subject for t in res.trials]
    before = {c.quantity: c for c in _side_spm.compare_sides(reps)}[q]
    assert any(k.sign < 0 for k in before.result.clusters)
    mixed = [mirrored(r) if s in ("S2", "S4", "S6") else r for r, s in zip(reps, subjects)]
    sides = _side_spm.compare_sides(mixed)
    c = {x.quantity: x for x in sides}[q]
    curves = report_curves(mixed, subjects, q)
    ref = spm1d_paired(curves, c.subjects, 0, 100)
    assert not ref.clusters and not c.result.clusters
    d = np.vstack([curves[s]["left"] - curves[s]["right"] for s in c.subjects])
    assert (np.abs(d).max(axis=1) > 2.0).all()  # every subject asymmetric by > 2 deg
    html = _side_spm.html_section(sides, False)
    section = html[html.index(f"<h3>{c.label}"):]
    section = section[:section.index("<h3>", 4)]
    assert ("no difference detected (no supra-threshold cluster anywhere in the cycle at "
            "α = 0.05); this is not evidence that the sides are equal") in section
    assert "do not differ" not in html
    assert ("only when the affected side is the same in every subject" in html and
            "mixing left-affected and right-affected subjects the differences cancel out" in html
            and "needs each subject's affected side, which hipmech does not take yet" in html)
    table = _side_spm.spm_table(sides)
    assert table[table["quantity"] == q]["note"].iloc[0] == (
        "no difference detected (no supra-threshold cluster); not evidence that the sides are "
        "equal")


def test_the_page_says_what_alpha_covers_over_its_curves(cohort):
    # Four curves, each at alpha = 0.05 over its own nodes: a false cluster on at least one
    # of them has a chance of 1 - 0.95^4 = 0.18549375 if independent (Sidak), <= 4 * 0.05
    # (Bonferroni). Arithmetic by hand, not by the module.
    _, out, res = cohort
    sides = _side_spm.compare_sides(res)
    k = sum(c.result is not None for c in sides)
    assert k == 4
    assert _side_spm.alpha_all_curves(0.05, 4) == pytest.approx(0.18549375, rel=1e-12)
    html = _side_spm.html_section(sides, False)
    assert "4 curves, each tested at α = 0.05." in html
    assert "up to about 1 − 0.95^4 ≈ 0.19" in html and "4 × 0.05 = 0.20" in html
    assert "correlated" in html
    table = read_spm(out / "cohort" / "spm.csv")
    assert (table["curves_tested"] == 4).all()
    np.testing.assert_allclose(table["alpha_all_curves"], 0.18549375, rtol=1e-12)
    # Three curves compared: k = 3.
    three = _side_spm.compare_sides(res, quantities=_side_spm.SPM_CURVES[:3])
    assert "3 curves, each tested" in _side_spm.html_section(three, False)
    assert "1 − 0.95^3 ≈ 0.14" in _side_spm.html_section(three, False)  # 0.142625


def test_zero_variance_at_some_nodes_of_a_shortened_range_names_them_in_percent(cohort):
    # Every subject's left - right difference set to the same value at nodes 40-42 (the right
    # curve = left - 1 there), all tested over 3-100 % (no value at 0-2 % of the left side):
    # the refusal names 40-42 % of the full cycle, not the cut field's nodes 37-39.
    _, _, res = cohort
    q = "knee_valgus_deg"
    reps = [t.report for t in res.trials]
    for i, rep in enumerate(reps):
        data = {k: dict(v) for k, v in rep.curves.data.items()}
        left = np.array(data[q]["left"], dtype=float)
        right = np.array(data[q]["right"], dtype=float)
        left[:, :3] = np.nan
        n = min(len(left), len(right))
        left, right = left[:n], right[:n]
        right[:, 40:43] = left[:, 40:43] - 1.0
        data[q] = {**data[q], "left": left, "right": right}
        reps[i] = dataclasses.replace(rep, curves=dataclasses.replace(rep.curves, data=data))
    c = {x.quantity: x for x in _side_spm.compare_sides(reps)}[q]
    assert (c.first, c.last) == (3, 100) and c.result is None
    assert c.note == ("not tested: the subjects' left − right differences are identical at "
                      "40–42 % of the cycle (copied trials, or a curve fixed to the same value "
                      "there?)")


def test_page_text_is_escaped_and_p_values_below_a_double_are_kept(cohort):
    # No raw '<' or '>' outside tags in the SPM section (the p value '< 0.001' included); p
    # values that underflow to 0.0 stay 0.0 in spm.csv and read '< 0.001' on the page.
    _, out, res = cohort
    page = (out / "cohort" / "index.html").read_text(encoding="utf-8")
    section = page[page.index("<h2>Left vs right over the gait cycle (SPM)</h2>"):
                   page.index("<h2>Trials</h2>")]
    text = re.sub(r"<(/?[a-zA-Z][^<>]*)>", "", section)  # the tags removed: text only
    assert "<" not in text and ">" not in text
    table = read_spm(out / "cohort" / "spm.csv")
    assert (table["p"] < 0.001).any()  # the known strong right > left cluster
    assert "&lt; 0.001" in section
    assert _side_spm._fmt_p(0.0) == "< 0.001" and _side_spm._fmt_p(float("nan")) == "n/a"
    sides = _side_spm.compare_sides(res)
    c = next(x for x in sides if x.result is not None and x.result.clusters)
    k = c.result.clusters[0]
    c.result = dataclasses.replace(c.result, clusters=(dataclasses.replace(k, p=0.0),) +
                                   c.result.clusters[1:])
    assert _side_spm.spm_table([c])["p"].iloc[0] == 0.0
    html = _side_spm.html_section([c], False)
    assert "<td class='num'>&lt; 0.001</td></tr>" in html


def test_spm_csv_lists_the_subjects_paired_and_writes_df_as_an_integer(cohort, tmp_path):
    # df = n - 1 = 5 is written "5" in spm.csv and as the integer 5 in the workbook (read
    # with openpyxl, a test dependency), not 5.0.
    import csv

    import openpyxl

    from hipmech.report._cohort import write_tables

    _, out, res = cohort
    with open(out / "cohort" / "spm.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {r["df"] for r in rows} == {"5"}
    assert {r["subjects_paired"] for r in rows} == {"S1; S2; S3; S4; S5; S6"}
    table = R.spm_sides(res)
    write_tables(R.summarise(res), R.summarise_stances(res), tmp_path, csv=False,
                 xlsx="book.xlsx", spm=table)
    book = openpyxl.load_workbook(tmp_path / "book.xlsx", read_only=True)
    try:  # a read-only workbook keeps its file open until closed
        values = list(book["spm"].iter_rows(values_only=True))
    finally:
        book.close()
    col = values[0].index("df")
    assert {v[col] for v in values[1:]} == {5}
    assert all(type(v[col]) is int for v in values[1:])


def test_console_summary_says_the_spm_outcome_per_curve(cohort, capsys):
    # `hipmech report` on a folder prints one line per curve after the cohort table: its
    # clusters as spm.csv has them (range in %, direction, p, mean L - R at the peak), or
    # "no difference detected", or "not tested" with the note.
    from hipmech import cli

    _, out, res = cohort
    cli._print_cohort(res)
    text = capsys.readouterr().out.splitlines()
    head = next(i for i, line in enumerate(text) if line.startswith("Left vs right SPM"))
    assert str(out / "cohort" / "index.html") in text[head]
    lines = text[head + 1:head + 1 + len(_side_spm.SPM_CURVES)]
    table = read_spm(out / "cohort" / "spm.csv")
    for line, (q, rows) in zip(lines, table.groupby("quantity", sort=False)):
        name = rows["label"].iloc[0].split(" (")[0]
        assert line.startswith(f"  {name} (6 subjects): "), line
        clusters = rows[rows["cluster"].notna()]
        if not len(clusters):
            assert line.endswith("no difference detected (no supra-threshold cluster)")
            continue
        assert f": {len(clusters)} cluster(s): " in line
        for _, r in clusters.iterrows():
            p = "< 0.001" if r["p"] < 0.001 else f"{r['p']:.3f}"
            assert (f"{r['start_percent']:.0f}–{r['end_percent']:.0f} % {r['direction']}, p {p}, "
                    f"L − R {r['mean_difference_at_peak']:+.2f} {r['unit']} "
                    f"({r['mean_difference_min']:+.2f} to {r['mean_difference_max']:+.2f} over "
                    "the cluster)") in line
        assert line.endswith("in the same direction are one finding]") == (
            q == "pelvic_obliquity_deg")
    assert text[head + 1 + len(_side_spm.SPM_CURVES)].startswith("Cohort page: ")
    # Not tested: the note itself.
    notes = table.assign(note="not tested: the subjects' left − right differences are "
                         "identical at 0–100 % of the cycle (copied trials?)")
    lines = _side_spm.console_lines(notes.drop_duplicates("quantity"))
    assert lines[1] == ("  pelvic obliquity: not tested: the subjects' left − right "
                        "differences are identical at 0–100 % of the cycle (copied trials?)")


def test_pelvic_obliquity_repeats_half_a_cycle_later_and_the_page_says_one_finding(cohort):
    # The left and right pelvic obliquity are the one pelvis seen from each side: the left
    # curve at p % of the left cycle is minus the right curve at p + 50 % of the right cycle
    # (the right foot strikes half a cycle after the left), so the mean left − right repeats
    # 50 % later with the same sign (numpy on each trial's report.json). Hip adduction, each
    # side's own joint, does not.
    _, out, res = cohort
    curves = subject_curves(res, "pelvic_obliquity_deg")
    left = np.vstack([curves[s]["left"] for s in curves])
    right = np.vstack([curves[s]["right"] for s in curves])
    amplitude = np.abs(left).max()  # about 7 deg
    mirror = np.abs(left[:, :51] + right[:, 50:]).max()
    d = (left - right).mean(axis=0)
    repeat = np.abs(d[:51] - d[50:]).max()
    print(f"amplitude {amplitude:.2f} deg, |L(p) + R(p + 50)| <= {mirror:.2f} deg, "
          f"max |d| {np.abs(d).max():.2f} deg, |d(p) - d(p + 50)| <= {repeat:.2f} deg")
    # Not exact: each side's own foot strikes and cycle lengths, S2's two walks averaged.
    assert mirror < 0.1 * amplitude and repeat < 0.25 * np.abs(d).max()
    table = read_spm(out / "cohort" / "spm.csv")
    po = table[table["quantity"] == "pelvic_obliquity_deg"]
    assert len(po) >= 2 and po["cluster"].notna().all()
    assert po["note"].str.endswith(_side_spm.PELVIS_NOTE).all()
    assert not table[table["quantity"] != "pelvic_obliquity_deg"]["note"].str.contains(
        "same pelvis").any()
    html = (out / "cohort" / "index.html").read_text(encoding="utf-8")
    assert html.count("<b>One pelvis.</b>") == 1
    assert "Hip adduction, knee valgus and the hip abduction moment are each side" in html
