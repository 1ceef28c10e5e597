"""The cohort page's left vs right SPM (hipmech.report.run, cohort/spm.csv, index.html): one
pair per subject, a paired SPM{t} per curve, skipped with a written reason below 3 pairs or
without the curve.

References, independent of hipmech's SPM: each trial's own report.json (the curves written by
hipmech.report.write), pooled per subject and averaged with numpy here; the paired test of
those curves by spm1d 0.4.55 (Pataky 2016, J Stat Softw 71(7); GPL-3, a test-only oracle that
is run, never read or copied): the threshold, the clusters' interpolated endpoints and their p
values. The synthetic cohort's known answer (hipmech.synth: a larger contralateral pelvic drop
in right stance than in left stance for every subject) fixes the sign and place of the
pelvic-obliquity cluster.
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
    return {s: {side: np.nanmean(np.vstack(v[side]), axis=0) for side in v}
            for s, v in cycles.items()}


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
        assert (rows["alpha"] == 0.05).all() and rows["two_tailed"].all()
        np.testing.assert_allclose(rows["zstar"], ref.zstar, rtol=1e-6)
        if not ref.clusters:
            assert len(rows) == 1 and pd.isna(rows["cluster"].iloc[0])
            continue
        assert list(rows["cluster"]) == list(range(1, len(ref.clusters) + 1))
        for (_, row), c in zip(rows.iterrows(), ref.clusters):
            start, end = c.endpoints  # 101 nodes: node = % of the cycle
            assert row["start_percent"] == pytest.approx(start, abs=1e-6)
            assert row["end_percent"] == pytest.approx(end, abs=1e-6)
            assert row["p"] == pytest.approx(c.P, rel=1e-6, abs=1e-12)
            assert row["direction"] == ("left > right" if c.csign > 0 else "right > left")
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

    def edit(rep, quantity, side, fn):
        data = {q: dict(v) for q, v in rep.curves.data.items()}
        data[quantity][side] = fn(np.array(data[quantity][side], dtype=float))
        return dataclasses.replace(rep, curves=dataclasses.replace(rep.curves, data=data))

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
                                 "S4": "left has no value at 40-42 % of the cycle"}
    assert po.result is not None and po.result.n_curves == 4
    assert sides["knee_valgus_deg"].note == "no trial that worked has this curve"
    html = _side_spm.html_section(list(sides.values()), False)
    assert "S4 (left has no value at 40-42 % of the cycle)" in html
    assert "no trial that worked has this curve" in html


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
    assert (table["subjects"] == 3).all()
    assert table["note"].str.startswith("not tested: ").all()
    assert table["zstar"].isna().all()
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
        ok = [s for s in sorted(curves)
              if all(np.isfinite(curves[s][side]).all() for side in ("left", "right"))]
        left = np.vstack([curves[s]["left"] for s in ok])
        right = np.vstack([curves[s]["right"] for s in ok])
        ref = spm1d.stats.ttest_paired(left, right).inference(0.05, two_tailed=True,
                                                              interp=True)
        np.testing.assert_allclose(rows["zstar"], ref.zstar, rtol=1e-6)
        assert int(rows["subjects"].iloc[0]) == len(ok)
