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
    assert "[1/1] Movement_trial.c3d ... ok" in lines.getvalue()
    R.run([tree / "stair", tree / "broken"], tmp_path / "b", jobs=1, progress="bar", stream=bar,
          **FAST)
    text = bar.getvalue()
    assert "2/2 [" in text  # tqdm's counter with elapsed<remaining (the ETA)
    assert "broken.c3d ... FAILED" in text  # failures are printed above the bar


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
