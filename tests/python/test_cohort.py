"""Cohort runs (hipmech.report.run on a lab folder): static trials recognised and paired, the
cohort tables and page, failures listed, parallel runs equal to the serial run.

A folder tree is built in a temporary folder from the real trials of ../shared/validation
(copied at test time, never into the repository):

    child/HC030A/HC030A05.c3d, HC030A01.c3d   walking + static in one folder: the static is
                                             recognised by its content (Vicon names)
    multi/A01 (static) A05 (walk) A07 (static) A09 (walk)   two statics: each walk takes the
                                             last static recorded before it
    stair/Movement_trial.c3d, stair/Static/Static_trial.c3d   a Static/ folder inside
    sib/Dynamic/walk.c3d, sib/Static/cal.c3d  a Static/ folder beside the trial's folder
    mapped/stairs_again.c3d                   paired through a static-map CSV only
    broken/broken.c3d                         a truncated C3D: a listed failure

The independent reference of every cohort number is the trial's own report.json, written by
hipmech.report.write for that trial (the issue's validation: "CSV rows equal to the per-trial
JSON"); the pairing is checked against the rules written in docs/cohorts.md.
"""

from __future__ import annotations

import html.parser
import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pytest

from hipmech import report as R

CHILD = "biomechzoo_pig_child"
STAIR = "pycgm_pig_stair"
FAST = dict(n_resamples=20, figures=False)  # the figures are not under test here


def _tree(validation_dir: Path, root: Path) -> Path:
    child, stair = validation_dir / CHILD, validation_dir / STAIR
    layout = {
        "child/HC030A/HC030A05.c3d": child / "HC030A05.c3d",
        "child/HC030A/HC030A01.c3d": child / "HC030A01.c3d",
        "multi/A01.c3d": child / "HC030A01.c3d",
        "multi/A05.c3d": child / "HC030A05.c3d",
        "multi/A07.c3d": child / "HC030A01.c3d",
        "multi/A09.c3d": child / "HC030A05.c3d",
        "stair/Movement_trial.c3d": stair / "Movement_trial.c3d",
        "stair/Static/Static_trial.c3d": stair / "Static_trial.c3d",
        "sib/Dynamic/walk.c3d": child / "HC030A05.c3d",
        "sib/Static/cal.c3d": child / "HC030A01.c3d",
        "mapped/stairs_again.C3D": stair / "Movement_trial.c3d",
    }
    for rel, src in layout.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, root / rel)
    (root / "broken").mkdir()
    (root / "broken" / "broken.c3d").write_bytes((stair / "Movement_trial.c3d").read_bytes()[:5000])
    (root / "static_map.csv").write_text("trial,static\nmapped/stairs_again.C3D,"
                                         "stair/Static/Static_trial.c3d\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def tree(validation_dir, tmp_path_factory):
    return _tree(validation_dir, tmp_path_factory.mktemp("lab"))


@pytest.fixture(scope="module")
def serial(tree, tmp_path_factory):
    out = tmp_path_factory.mktemp("out_serial")
    return out, R.run(tree, out, jobs=1, static_map=tree / "static_map.csv", progress=False,
                      **FAST)


@pytest.fixture(scope="module")
def parallel(tree, tmp_path_factory):
    out = tmp_path_factory.mktemp("out_parallel")
    return out, R.run(tree, out, jobs=2, static_map=tree / "static_map.csv", progress=False,
                      **FAST)


# What docs/cohorts.md says each trial gets: (trial id, static relative to the tree, rule).
EXPECTED = {
    "broken/broken": (None, "no static trial found"),
    "child/HC030A/HC030A05": ("child/HC030A/HC030A01.c3d", "the only static trial in its folder"),
    "mapped/stairs_again": ("stair/Static/Static_trial.c3d", "the static map"),
    "multi/A05": ("multi/A01.c3d", "the last one sorting before this trial"),
    "multi/A09": ("multi/A07.c3d", "the last one sorting before this trial"),
    "sib/Dynamic/walk": ("sib/Static/cal.c3d", "in ../Static/ beside its folder"),
    "stair/Movement_trial": ("stair/Static/Static_trial.c3d", "in Static/ inside its folder"),
}


def test_pairing_follows_the_documented_rules(tree, serial):
    _, res = serial
    got = {t.trial_id: t for t in res.trials}
    assert sorted(got) == sorted(EXPECTED)
    for tid, (static, rule) in EXPECTED.items():
        t = got[tid]
        assert (t.static is None) == (static is None), tid
        if static is not None:
            assert t.static.resolve() == (tree / static).resolve(), tid
        assert rule in t.pairing, (tid, t.pairing)
    # The statics are recognised, not analysed, each with its rule.
    why = {p.relative_to(tree).as_posix(): w for p, w in res.statics}
    assert why["child/HC030A/HC030A01.c3d"].startswith("by content: no gait event")
    assert why["stair/Static/Static_trial.c3d"] == "in a folder named Static"
    assert why["sib/Static/cal.c3d"] == "in a folder named Static"
    assert set(why) == {"child/HC030A/HC030A01.c3d", "multi/A01.c3d", "multi/A07.c3d",
                        "stair/Static/Static_trial.c3d", "sib/Static/cal.c3d"}
    # The report of each trial used the static chosen (its JSON names it) and says why.
    for t in res.trials:
        if t.status == "ok" and t.static is not None:
            d = json.loads((t.out_dir / "report.json").read_text(encoding="utf-8"))
            assert Path(d["static"]).resolve() == t.static.resolve()
            note, = [n for n in d["notes"] if n.startswith("Static trial (hipmech report")]
            assert t.static.name in note and t.pairing in note
    d = json.loads((got["child/HC030A/HC030A05"].out_dir / "report.json").read_text("utf-8"))
    assert any("recognised as static: by content: no gait event" in n and "0.5 m" in n
               for n in d["notes"])
    # Two candidates named in the note, the multi-static case says which and why.
    assert "2 static trials" in got["multi/A05"].pairing and "A01.c3d, A07.c3d" in \
        got["multi/A05"].pairing


def test_pairing_table_matches_the_run(tree, serial):
    _, res = serial
    table = R.pairing(tree, static_map=tree / "static_map.csv")
    dyn = table[table["kind"] == "dynamic"].set_index("path")
    for t in res.trials:
        row = dyn.loc[str(t.path)]
        assert row["pairing"] == t.pairing
        assert (row["static"] is None) == (t.static is None)
    assert (table["kind"] == "static").sum() == len(res.statics)


def _json(out: Path, tid: str) -> dict:
    return json.loads((out / tid / "report.json").read_text(encoding="utf-8"))


def _same(a, b) -> bool:
    """Equal values: None/NaN/empty on both sides, or the same number (CSV keeps 17 digits)."""
    missing = (None, "")
    if a in missing or (isinstance(a, float) and math.isnan(a)):
        return b in missing or (isinstance(b, float) and math.isnan(b))
    if isinstance(a, (int, float)) and not isinstance(a, bool):
        return isinstance(b, (int, float)) and float(a) == float(b)
    return a == b


def test_summary_csv_rows_equal_each_trials_report_json(serial):
    out, res = serial
    summary = pd.read_csv(out / "cohort" / "summary.csv", keep_default_na=False,
                          na_values=[""])
    ok = [t for t in res.trials if t.status == "ok"]
    failed = [t for t in res.trials if t.status != "ok"]
    assert len(ok) == 6 and [t.trial_id for t in failed] == ["broken/broken"]
    # One row per trial x quantity x side, one per failed trial.
    assert len(summary) == len(ok) * len(R.QUANTITIES) * 2 + len(failed)
    for t in ok:
        d = _json(out, t.trial_id)
        rows = summary[summary["trial"] == t.trial_id]
        assert set(rows["status"]) == {"ok"}
        for q in d["summary"]:
            for side in ("left", "right"):
                r = rows[(rows["quantity"] == q["quantity"]) & (rows["side"] == side)]
                assert len(r) == 1
                r = r.iloc[0].to_dict()
                for k in ("n", "missing", "mean", "sd", "ci_low", "ci_high"):
                    assert _same(q[f"{side}_{k}"], r[k]), (t.trial_id, q["quantity"], side, k)
                for k in ("difference", "difference_ci_low", "difference_ci_high", "si_percent",
                          "si_ci_low", "si_ci_high", "sa_percent", "sa_ci_low", "sa_ci_high",
                          "assessment", "unit"):
                    assert _same(q[k], r[k]), (t.trial_id, q["quantity"], k)
                for k, col in ((f"{side}_flag", "side_flag"), ("si_flag", "si_flag"),
                               ("difference_flag", "difference_flag")):
                    assert _same(q[k], None if pd.isna(r[col]) else bool(r[col]))
                assert r["reference"] == d["settings"]["reference"]
                assert r["body_mass_kg"] == d["body_mass_kg"]
    bad = summary[summary["trial"] == "broken/broken"].iloc[0]
    assert bad["status"] == "failed" and bad["reason"].startswith("FileError:")
    assert "truncated" in bad["reason"] and pd.isna(bad["quantity"])


def test_stances_csv_equals_each_trials_stances(serial):
    out, res = serial
    stances = pd.read_csv(out / "cohort" / "stances.csv", keep_default_na=False, na_values=[""])
    total = 0
    for t in res.trials:
        if t.status != "ok":
            assert t.trial_id not in set(stances["trial"])
            continue
        d = _json(out, t.trial_id)
        rows = stances[stances["trial"] == t.trial_id].to_dict(orient="records")
        assert len(rows) == len(d["stances"])
        total += len(rows)
        for want, got in zip(d["stances"], rows):
            for k, v in want.items():
                assert _same(v, got[k]), (t.trial_id, k)
    assert len(stances) == total > 0


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"])

    def handle_data(self, data):
        self.text.append(data)


def test_index_links_every_report_and_lists_the_failure(serial):
    out, res = serial
    index = out / "cohort" / "index.html"
    page = _Links()
    page.feed(index.read_text(encoding="utf-8"))
    targets = {(index.parent / unquote(h)).resolve() for h in page.hrefs}
    for h in page.hrefs:
        assert (index.parent / unquote(h)).is_file(), h
    for t in res.trials:
        if t.status == "ok":
            assert (t.out_dir / "report.html").resolve() in targets
    for name in ("summary.csv", "stances.csv", "trials.csv"):
        assert (index.parent / name).resolve() in targets
    text = " ".join(page.text)
    assert "1 failed" in text and "broken/broken" in text and "truncated" in text
    trials = pd.read_csv(out / "cohort" / "trials.csv", keep_default_na=False, na_values=[""])
    assert list(trials["trial"]) == [t.trial_id for t in res.trials]
    assert trials.set_index("trial").loc["broken/broken", "status"] == "failed"


def test_summarise_in_python_equals_the_csv(serial):
    out, res = serial
    df = R.summarise(res)
    csv = pd.read_csv(out / "cohort" / "summary.csv", keep_default_na=False, na_values=[""])
    assert list(df.columns) == list(csv.columns) and len(df) == len(csv)
    for col in ("mean", "sd", "si_percent", "difference"):
        pd.testing.assert_series_equal(df[col].astype(float), csv[col].astype(float),
                                       check_names=False)
    # TrialReports and (path, report, files) tuples give the same values.
    reports = [t.report for t in res.trials if t.status == "ok"]
    a = R.summarise(reports)
    b = R.summarise(res.reports)
    for frame in (a, b):
        assert len(frame) == len(reports) * len(R.QUANTITIES) * 2
        assert frame["mean"].astype(float).equals(
            df[df["status"] == "ok"]["mean"].astype(float).reset_index(drop=True))
    st = R.summarise_stances(res)
    assert len(st) == sum(len(r.stances) for r in reports) and list(st.columns)[0] == "trial"


def test_results_print_short(serial):
    _, res = serial
    assert repr(res).startswith("BatchResult(7 trial(s): 6 ok, 1 failed; 5 static trial(s); "
                                "cohort page ")
    assert repr(res.trials[0]).startswith("TrialResult('broken/broken', failed: FileError")
    page = res._repr_html_()  # Jupyter: the table of trials
    assert all(t.trial_id in page for t in res.trials) and len(page) < 20_000


def test_two_worker_processes_equal_the_serial_run(serial, parallel):
    (_, s), (_, p) = serial, parallel
    cols = [c for c in R.summarise(s).columns if c != "report"]
    pd.testing.assert_frame_equal(R.summarise(s)[cols], R.summarise(p)[cols])
    pd.testing.assert_frame_equal(R.summarise_stances(s), R.summarise_stances(p))
    assert [t.trial_id for t in s.trials] == [t.trial_id for t in p.trials]


def test_dask_scheduler_equals_the_serial_run(tree, serial, tmp_path):
    distributed = pytest.importorskip("distributed")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                           dashboard_address=None)
    with cluster, distributed.Client(cluster) as client:
        res = R.run(tree, tmp_path, scheduler=client, static_map=tree / "static_map.csv",
                    progress=False, **FAST)
    cols = [c for c in R.summarise(res).columns if c != "report"]
    pd.testing.assert_frame_equal(R.summarise(serial[1])[cols], R.summarise(res)[cols])
    assert (tmp_path / "cohort" / "index.html").is_file()


def test_progress_lines_and_bar(tree, tmp_path):
    import io

    lines, bar = io.StringIO(), io.StringIO()
    R.run(tree / "stair", tmp_path / "a", jobs=1, progress="lines", stream=lines, **FAST)
    assert "[1/1] Movement_trial ... ok" in lines.getvalue()  # the trial's identifier
    R.run([tree / "stair", tree / "broken"], tmp_path / "b", jobs=1, progress="bar", stream=bar,
          **FAST)
    text = bar.getvalue()
    assert "2/2 [" in text  # tqdm's counter with elapsed<remaining (the ETA)
    assert "broken/broken ... FAILED" in text  # failures are printed above the bar


def test_csv_and_xlsx_of_one_trial(validation_dir, tmp_path):
    pytest.importorskip("openpyxl")
    walk = validation_dir / CHILD / "HC030A05.c3d"
    res = R.run(walk, tmp_path, jobs=1, progress=False, csv=True, xlsx=True, **FAST)
    # One trial: its static is found beside it (HC030A01, by content), files in tmp_path.
    assert res.trials[0].static.name == "HC030A01.c3d"
    assert [p.name for p, _ in res.statics] == ["HC030A01.c3d"]  # found on disk, listed
    summary = pd.read_csv(tmp_path / "summary.csv")
    assert len(summary) == len(R.QUANTITIES) * 2
    book = pd.read_excel(tmp_path / "report.xlsx", sheet_name=None)
    assert set(book) == {"summary", "stances"}
    assert len(book["stances"]) == len(pd.read_csv(tmp_path / "stances.csv"))
    assert not (tmp_path / "cohort").exists()


def test_xlsx_without_openpyxl_names_the_option_and_extra(validation_dir, tmp_path,
                                                           monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl -> ImportError
    with pytest.raises(ImportError, match=r"xlsx.*pip install 'hipmech\[xlsx\]'"):
        R.run(validation_dir / CHILD / "HC030A05.c3d", tmp_path, xlsx=True, **FAST)
    assert not any(tmp_path.iterdir())  # checked before any trial


# ---------------------------------------------------------------------------------------------
# Bad input


def test_bad_input(tree, tmp_path):
    with pytest.raises(ValueError, match="argument 'jobs'"):
        R.run(tree, tmp_path, jobs=0)
    with pytest.raises(TypeError, match="argument 'jobs'"):
        R.run(tree, tmp_path, jobs=1.5)
    with pytest.raises(ValueError, match="argument 'progress'"):
        R.run(tree, tmp_path, progress="loud")
    with pytest.raises(ValueError, match="argument 'paths'.*does not exist"):
        R.run(tree / "no_such_folder", tmp_path)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="argument 'paths'.*holds no .c3d"):
        R.run(tmp_path / "empty", tmp_path / "o")
    with pytest.raises(ValueError, match="argument 'paths'.*matches no .c3d"):
        R.run(str(tree / "*.xyz"), tmp_path)
    with pytest.raises(ValueError, match="argument 'paths': no dynamic trial.*static"):
        R.run(tree / "sib" / "Static", tmp_path)
    bad_map = tmp_path / "map.csv"
    bad_map.write_text("file,static_trial\na.c3d,b.c3d\n", encoding="utf-8")
    with pytest.raises(ValueError, match="argument 'static_map'.*columns trial and static"):
        R.run(tree, tmp_path, static_map=bad_map)
    bad_map.write_text("trial,static\nmulti/A05.c3d,nowhere.c3d\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"argument 'static_map'.*line 2.*does not exist"):
        R.run(tree, tmp_path, static_map=bad_map)
    with pytest.raises(FileNotFoundError, match="argument 'static_map'"):
        R.run(tree, tmp_path, static_map=tmp_path / "missing.csv")
    with pytest.raises(TypeError, match="argument 'scheduler'"):
        R.run(tree / "stair", tmp_path, scheduler=8786, **FAST)
    with pytest.raises(TypeError, match="argument 'figures'"):
        R.run(tree, tmp_path, figures="yes")
    with pytest.raises(ValueError, match="argument 'figure_format'"):
        R.run(tree, tmp_path, figure_format="gif")
    with pytest.raises(TypeError, match="argument 'reports'"):
        R.summarise(42)
    assert not (tmp_path / "cohort").exists()


def test_content_rule_on_walking_in_place(validation_dir, tmp_path):
    # A treadmill-like trial with a known answer: the child's walk with the pelvis's
    # horizontal progression removed from every marker and its gait events dropped. No event,
    # a pelvis that travels 0.00 m: only the heels (a step length apart through a cycle) say
    # that it is walking, by the 0.2 m rule (docs: cohorts, rule 3).
    import numpy as np

    from hipmech import io
    from hipmech.report import _cohort

    t = io.read_c3d(validation_dir / CHILD / "HC030A05.c3d")
    mid = 0.5 * (np.asarray(t.markers["LASI"]) + np.asarray(t.markers["RASI"]))
    shift = mid - np.nanmean(mid, axis=0)
    shift[:, 2] = 0.0  # the file's up axis is +Z: the vertical motion stays
    for name in list(t.markers):
        t.markers[name] = np.asarray(t.markers[name]) - shift
    t.events.clear()
    io.write_c3d(t, tmp_path / "T01.c3d")
    kind, why = _cohort.classify(tmp_path / "T01.c3d")
    assert kind == "dynamic" and "the pelvis travels 0.00 m" in why, why
    assert re.search(r"[LR]HEE moves 0\.[2-9]\d m from its median position", why), why
    kind, why = _cohort.classify(validation_dir / CHILD / "HC030A01.c3d")
    assert kind == "static" and "heels stay within 0.00 m" in why


def test_a_file_name_that_is_not_utf8(validation_dir, tmp_path):
    import os

    lab = tmp_path / "lab"
    lab.mkdir()
    try:
        name = os.fsdecode(b"caf\xe9 walk.c3d")
        shutil.copyfile(validation_dir / CHILD / "HC030A05.c3d", lab / name)
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses a file name that is not UTF-8")
    shutil.copyfile(validation_dir / CHILD / "HC030A05.c3d", lab / "walk.c3d")
    res = R.run(lab, tmp_path / "out", jobs=1, progress=False, **FAST)
    assert res.ok and len(res.trials) == 2
    page = _Links()
    page.feed((tmp_path / "out" / "cohort" / "index.html").read_text(encoding="utf-8"))
    assert "../caf%E9%20walk/report.html" in page.hrefs  # the file's own bytes, escaped
    summary = pd.read_csv(tmp_path / "out" / "cohort" / "summary.csv")
    assert len(summary) == 2 * 8


def test_globs_and_case_insensitive_extension(tree):
    table = R.pairing(str(tree / "m*" / "*.c3d"))
    assert sorted(Path(p).name for p in table["path"]) == ["A01.c3d", "A05.c3d", "A07.c3d",
                                                          "A09.c3d"]
    table = R.pairing(str(tree / "**" / "stairs_again.*"))
    assert [Path(p).name for p in table["path"]] == ["stairs_again.C3D"]


# ---------------------------------------------------------------------------------------------
# Review of issue 22 (a new user's run): each case below failed before its fix.


def test_curves_frame_and_identifiers_match_the_summary(serial, tmp_path, validation_dir):
    _, res = serial
    curves = res.curves_frame()
    ok = [t.trial_id for t in res.trials if t.status == "ok"]
    assert list(dict.fromkeys(curves["trial"])) == ok  # the run's identifiers, input order
    assert set(res.summary()["trial"]) >= set(ok)
    one = next(t for t in res.trials if t.status == "ok")
    assert curves[curves["trial"] == one.trial_id].reset_index(drop=True).drop(
        columns="trial").equals(one.report.curves_frame().drop(columns="trial"))
    # Reports made one by one get the identifiers a run would give them: two Walk01 of two
    # subject folders are S1/Walk01 and S2/Walk01, not Walk01 and Walk01-2.
    for s in ("S1", "S2"):
        (tmp_path / s).mkdir()
        shutil.copyfile(validation_dir / CHILD / "HC030A05.c3d", tmp_path / s / "Walk01.c3d")
    reps = [R.analyse(tmp_path / s / "Walk01.c3d", n_resamples=20) for s in ("S1", "S2")]
    table = R.summarise(reps)
    assert list(dict.fromkeys(table["trial"])) == ["S1/Walk01", "S2/Walk01"]
    assert list(dict.fromkeys(table["subject"])) == ["S1", "S2"]
    # Names equal but for case: the second gets -2 (docs: cohorts, "Trial identifiers").
    from hipmech.report import _cohort

    ids = _cohort.trial_ids([tmp_path / "a" / "walk.c3d", tmp_path / "a" / "Walk.C3D",
                             tmp_path / "b" / "x.c3d"])
    assert ids == [("a/walk", "a"), ("a/Walk-2", "a"), ("b/x", "b")]


def test_subject_column(serial):
    _, res = serial
    trials = pd.read_csv(res.cohort_files["trials_csv"]).set_index("trial")
    assert trials.loc["child/HC030A/HC030A05", "subject"] == "child"
    assert trials.loc["broken/broken", "subject"] == "broken"  # a failed trial has one too
    summary = pd.read_csv(res.cohort_files["summary_csv"])
    assert (summary.groupby("trial")["subject"].first() == trials["subject"]).all()
    stances = pd.read_csv(res.cohort_files["stances_csv"])
    assert list(stances.columns[:2]) == ["trial", "subject"]


def test_static_for_all_trials_is_listed(tree, tmp_path):
    static = tree / "stair" / "Static" / "Static_trial.c3d"
    res = R.run([tree / "child" / "HC030A" / "HC030A05.c3d", tree / "stair" / "Movement_trial.c3d"],
                tmp_path, static=static, jobs=1, progress=False, **FAST)
    assert res.ok
    trials = pd.read_csv(res.cohort_files["trials_csv"])
    assert list(trials["static"]) == [str(static)] * 2
    summary = pd.read_csv(res.cohort_files["summary_csv"])
    assert set(summary["static"]) == {str(static)}
    for t in res.trials:  # the reference: each trial's own report.json
        data = json.loads((t.out_dir / "report.json").read_text(encoding="utf-8"))
        assert Path(data["static"]).resolve() == static.resolve()
    page = (tmp_path / "cohort" / "index.html").read_text(encoding="utf-8")
    assert page.count("<td>Static_trial.c3d</td>") == 2


def test_rerun_replaces_tables_and_works_from_another_folder(tree, tmp_path, monkeypatch):
    pytest.importorskip("openpyxl")
    out = tmp_path / "out"
    monkeypatch.chdir(tree.parent)
    first = R.run([f"{tree.name}/child", f"{tree.name}/stair"], out, jobs=1, progress=False,
                  csv=True, xlsx=True, **FAST)
    assert first.ok and (out / "cohort" / "cohort.xlsx").is_file()
    one = out / "child" / "HC030A" / "HC030A05"
    assert (one / "summary.csv").is_file() and (one / "stances.csv").is_file()
    assert pd.read_csv(one / "summary.csv")["report"].iloc[0] == "report.html"  # its folder
    (one / "notes.csv").write_text("trial,mine\n", encoding="utf-8")  # a user's file
    (one / "stances.xlsx").write_bytes(b"not ours")
    # The same trials named from another working directory, without --csv/--xlsx.
    monkeypatch.chdir(tree)
    second = R.run(["child", "stair"], out, jobs=1, progress=False, **FAST)
    assert second.ok, second.failures  # not "holds the report of another trial"
    assert not (one / "summary.csv").exists() and not (one / "stances.csv").exists()
    assert not (out / "cohort" / "cohort.xlsx").exists()
    assert (one / "notes.csv").is_file() and (one / "stances.xlsx").is_file()
    data = json.loads((one / "report.json").read_text(encoding="utf-8"))
    assert Path(data["source"]).is_absolute()


def test_one_mass_for_several_subjects_is_warned_and_the_map_gives_each_its_own(tree, tmp_path):
    import io

    err = io.StringIO()
    trials = [tree / "child" / "HC030A" / "HC030A05.c3d", tree / "stair" / "Movement_trial.c3d"]
    res = R.run(trials, tmp_path / "a", body_mass_kg=60.0, jobs=1, progress=False, stream=err,
                **FAST)
    assert len(res.warnings) == 1 and "--mass (body_mass_kg)" in res.warnings[0]
    assert "2 subjects (subject names in the C3D files: HC030A, Test)" in res.warnings[0]
    assert res.warnings[0] in err.getvalue()
    for t in res.trials:
        assert res.warnings[0] in t.report.notes
    page = (tmp_path / "a" / "cohort" / "index.html").read_text(encoding="utf-8")
    assert "2 subjects" in page
    # Per-trial values from the static map (its rules decide the statics: no static column).
    m = tmp_path / "map.csv"
    m.write_text(f"trial,mass_kg,age_years,patient\n{trials[0]},45.8,10,child A\n"
                 f"{trials[1]},85,,adult B\n", encoding="utf-8")
    res = R.run(trials, tmp_path / "b", static_map=m, jobs=1, progress=False, **FAST)
    assert not res.warnings and res.ok
    assert [t.report.body_mass_kg for t in res.trials] == [45.8, 85.0]
    assert res.trials[0].report.settings["age_years"] == 10.0
    assert res.trials[0].static.name == "HC030A01.c3d"  # paired by the rules
    page = (res.trials[1].files["html"]).read_text(encoding="utf-8")
    assert "adult B" in page
    m.write_text(f"trial,mass_kg\n{trials[0]},-3\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"argument 'static_map'.*line 2: column mass_kg"):
        R.run(trials, tmp_path / "c", static_map=m, jobs=1, progress=False, **FAST)


def test_walking_trials_named_like_statics(validation_dir, tmp_path):
    lab = tmp_path / "lab"
    lab.mkdir()
    walk = validation_dir / CHILD / "HC030A05.c3d"
    for name in ("Walk after calibration.c3d", "NonStatic.c3d", "SubjectCal.c3d"):
        shutil.copyfile(walk, lab / name)
    shutil.copyfile(validation_dir / CHILD / "HC030A01.c3d", lab / "Cal 01.c3d")
    table = R.pairing(lab).set_index("path")
    kinds = {Path(p).name: k for p, k in table["kind"].items()}
    assert kinds == {"Cal 01.c3d": "static", "NonStatic.c3d": "dynamic",
                     "SubjectCal.c3d": "dynamic", "Walk after calibration.c3d": "dynamic"}
    why = {Path(p).name: w for p, w in table["why"].items()}
    assert why["Cal 01.c3d"] == "its name holds 'cal'"
    assert why["NonStatic.c3d"].startswith("the file holds")  # 'non' + 'static': not static
    # 'cal' in SubjectCal, but gait events and the pelvis travelling >= 0.5 m: walking.
    assert re.match(r"its name holds 'cal', but the file holds \d+ gait event\(s\) and the "
                    r"pelvis travels \d\.\d\d m horizontally \(>= 0\.5 m\): taken as a dynamic",
                    why["SubjectCal.c3d"]), why["SubjectCal.c3d"]
    res = R.run(lab, tmp_path / "out", jobs=1, progress=False, **FAST)
    assert res.ok and len(res.trials) == 3
    sub = next(t for t in res.trials if t.path.name == "SubjectCal.c3d")
    assert any(n.startswith("Dynamic trial: its name holds 'cal'") for n in sub.report.notes)
    page = (tmp_path / "out" / "cohort" / "index.html").read_text(encoding="utf-8")
    assert "<b>not static</b>, analysed as trial SubjectCal" in page


def test_at_most_jobs_trials_in_flight_and_ctrl_c(monkeypatch):
    # A stand-in pool: the trials "finish" at once and Ctrl-C comes with the first result.
    # Before the fix all 5 were submitted (the executor then queued jobs + 1 to its workers,
    # so a third trial started after Ctrl-C).
    import concurrent.futures
    from concurrent.futures import Future

    from hipmech.report import _batch

    submitted = []

    class Pool:
        def __init__(self, max_workers, mp_context, initializer):
            pass

        def submit(self, fn, *args):
            submitted.append(args[0])
            f = Future()
            f.set_result(("failed", "x", None, 0.0))
            return f

        def shutdown(self, wait=True, cancel_futures=False):
            pass

    def finish(i, res):
        raise KeyboardInterrupt

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Pool)
    with pytest.raises(KeyboardInterrupt):
        _batch._run_processes([(i, (f"t{i}",)) for i in range(5)], finish, 2)
    assert submitted == ["t0", "t1"]


def test_serial_ctrl_c_lists_the_trials_written_and_leaves_no_empty_folder(tree, tmp_path,
                                                                           monkeypatch):
    from hipmech.report import _batch

    import functools

    real = _batch.write
    calls = []

    @functools.wraps(real)  # run() reads write()'s options from its signature
    def write(report, target, **kw):
        calls.append(target)
        if len(calls) == 2:
            Path(target).mkdir(parents=True)  # as write() does, then Ctrl-C
            raise KeyboardInterrupt
        return real(report, target, **kw)

    monkeypatch.setattr(_batch, "write", write)
    with pytest.raises(KeyboardInterrupt) as info:
        R.run([tree / "child", tree / "stair", tree / "multi"], tmp_path, jobs=1,
              progress=False, **FAST)
    result = info.value.result
    assert [t.status for t in result.trials] == ["ok", "pending", "pending", "pending"]
    assert "1 of 4 trial(s) written before it (child/HC030A/HC030A05)" in str(info.value)
    assert len(result.reports) == 1 and not result.failures
    assert not calls[1].exists() and not calls[1].parent.exists()  # no empty folder left
    assert not (tmp_path / "cohort").exists()


def test_worker_initializer_refuses_another_hipmech(monkeypatch):
    import signal

    import hipmech
    from hipmech.report import _batch

    init = _batch._worker_initializer()
    old = signal.getsignal(signal.SIGINT)
    try:
        init()  # the same hipmech: nothing to say
        monkeypatch.setattr(hipmech, "__version__", "0.0.0-other")
        with pytest.raises(ImportError, match=r"imported hipmech 0\.0\.0-other from .* but the "
                                              r"process that started it runs hipmech"):
            init()
    finally:
        signal.signal(signal.SIGINT, old)


def _script(tmp_path: Path, body: str) -> subprocess.CompletedProcess:
    import os

    script = tmp_path / "script.py"
    script.write_text(body, encoding="utf-8")
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          cwd=tmp_path, env=dict(os.environ), timeout=300)


def test_script_without_main_guard_gets_one_clear_error(tree, tmp_path):
    res = _script(tmp_path, f"from hipmech import report\n"
                  f"report.run({str(tree / 'multi')!r}, 'out', jobs=2, progress=False, "
                  f"figures=False, n_resamples=20)\n")
    assert res.returncode == 1
    last = res.stderr.strip().splitlines()[-1]
    assert last.startswith("RuntimeError: hipmech report: the worker processes stopped "
                           "(BrokenProcessPool"), res.stderr[-3000:]
    assert 'if __name__ == "__main__":' in last and "jobs=1" in last
    # Each worker says precisely what happened, above.
    assert "called while a worker process was importing the main module" in res.stderr
    assert not (tmp_path / "out" / "cohort").exists()


def test_workers_import_the_parents_hipmech(tree, tmp_path):
    # The parent imports a copy of hipmech put on sys.path at run time; the workers must use
    # that copy (before the fix the forkserver imported the installed one).
    import hipmech

    alt = tmp_path / "alt"
    shutil.copytree(Path(hipmech.__file__).parent, alt / "hipmech",
                    ignore=shutil.ignore_patterns("__pycache__"))
    res = _script(tmp_path, f"import sys\nsys.path.insert(0, {str(alt)!r})\n"
                  "from hipmech import report\n"
                  "if __name__ == '__main__':\n"
                  f"    res = report.run({str(tree / 'multi')!r}, 'out', jobs=2, progress=False, "
                  "figures=False, n_resamples=20)\n"
                  "    assert report.__file__.startswith(sys.path[0]), report.__file__\n"
                  "    print(res.ok, len(res.trials))\n")
    assert res.returncode == 0, res.stderr[-3000:]
    assert res.stdout.split() == ["True", "2"]
