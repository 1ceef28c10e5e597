"""The measurement uncertainty in the hip report (issue 26): hipmech.report.analyse's
``uncertainty=`` option, its tables, text, HTML, figures, JSON, the flag rule and the CLI
options.

Independent sources: the report without the option (its outputs must be unchanged; with the
option, the stride columns equal it), hipmech.uncertainty.propagate run on its own (the same
numbers), the model with every source off (the combined CIs then equal the stride CIs, by
definition of the combined bootstrap), and the figure's matplotlib artists and SVG text.
Short synthetic trials and few draws keep the file to a few seconds.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from hipmech import cli, report, synth, uncertainty as U

FAST = dict(body_mass_kg=75.0, n_resamples=200)
QUANTITIES = list(report.QUANTITIES)
EXTRA_SUMMARY = ["left_mean_sd_meas", "right_mean_sd_meas", "difference_sd_meas", "si_sd_meas",
                 "sa_sd_meas", "left_ci_low_combined", "left_ci_high_combined",
                 "right_ci_low_combined", "right_ci_high_combined", "difference_ci_low_combined",
                 "difference_ci_high_combined", "si_ci_low_combined", "si_ci_high_combined",
                 "sa_ci_low_combined", "sa_ci_high_combined", "uncertainty_note", "flag_ci"]


@pytest.fixture(scope="module")
def walk():
    # A right-side weakness (8 vs 4 deg of drop) over 4 strides per side, 1 mm noise.
    return synth.walking(n_strides=4, marker_noise_m=0.001, seed=5,
                         pelvic_drop_rad={"left": 0.07, "right": 0.14})


@pytest.fixture(scope="module")
def plain(walk):
    return report.analyse(walk.trial, **FAST)


@pytest.fixture(scope="module")
def with_u(walk):
    return report.analyse(walk.trial, uncertainty="monte_carlo", n_draws=40,
                          uncertainty_threads=2, **FAST)


def test_off_by_default_and_outputs_unchanged(plain, with_u):
    assert plain.uncertainty is None
    assert not set(EXTRA_SUMMARY) & set(plain.summary.columns)
    assert not any(c.endswith("_sd") and c[:-3] in QUANTITIES for c in plain.stances.columns)
    assert "uncertainty" not in plain.to_dict() and "flag_ci" not in plain.settings
    # With the option the report's own columns are the same numbers (same bootstrap seed).
    same = [c for c in plain.summary.columns if c not in ("flags", "assessment", "left_flag",
                                                          "right_flag", "difference_flag",
                                                          "si_flag", "threshold")]
    pd.testing.assert_frame_equal(with_u.summary[same], plain.summary[same])
    pd.testing.assert_frame_equal(with_u.stances[plain.stances.columns], plain.stances)


def test_columns_and_result(walk, with_u):
    assert isinstance(with_u.uncertainty, U.UncertaintyResult)
    assert with_u.uncertainty.n_draws == 40
    for c in EXTRA_SUMMARY:
        assert c in with_u.summary.columns, c
    assert set(with_u.summary["flag_ci"]) == {"combined"}
    cols = list(with_u.stances.columns)
    for q in QUANTITIES:
        assert cols.index(f"{q}_sd") == cols.index(q) + 1
    # The numbers are those of hipmech.uncertainty.propagate with the same settings.
    alone = U.propagate(walk.trial, n_draws=40, n_threads=1, **FAST)
    u = alone.summary.set_index("quantity")
    s = with_u.summary.set_index("quantity")
    for q in QUANTITIES:
        assert s.loc[q, "left_mean_sd_meas"] == pytest.approx(u.loc[q, "left_mean_sd"],
                                                              nan_ok=True)
        assert s.loc[q, "difference_ci_low_combined"] == pytest.approx(
            u.loc[q, "difference_combined_low"], nan_ok=True)
        st = alone.stances[alone.stances["quantity"] == q]
        np.testing.assert_allclose(with_u.stances[f"{q}_sd"], st["sd"])
    assert with_u.settings["uncertainty"] == "monte_carlo"
    assert with_u.settings["flag_ci"] == "combined"
    assert any(n.startswith("Measurement uncertainty (Monte Carlo, 40 draws") for n in
               with_u.notes)


@pytest.mark.parametrize("kwargs, arg, error", [
    (dict(uncertainty="bootstrap"), "uncertainty", ValueError),
    (dict(uncertainty=True), "uncertainty", ValueError),
    (dict(uncertainty="monte_carlo", n_draws=1), "n_draws", ValueError),
    (dict(uncertainty="monte_carlo", n_draws=2.5), "n_draws", TypeError),
    (dict(uncertainty="monte_carlo", uncertainty_seed=-1), "uncertainty_seed", ValueError),
    (dict(uncertainty="monte_carlo", uncertainty_threads=-2), "uncertainty_threads", ValueError),
    (dict(uncertainty="monte_carlo", uncertainty_model="none"), "uncertainty_model", TypeError),
    (dict(uncertainty_model=U.UncertaintyModel()), "uncertainty_model", ValueError),
    (dict(flag_ci="combined"), "flag_ci", ValueError),   # needs the uncertainty
    (dict(uncertainty="linear", flag_ci="both"), "flag_ci", ValueError),
])
def test_bad_options_name_the_argument(walk, kwargs, arg, error):
    with pytest.raises(error, match=rf"'{arg}'"):
        report.analyse(walk.trial, **FAST, **kwargs)


def test_combined_flags_with_every_source_off_equal_the_stride_flags(walk, plain):
    """With no measurement error, each bootstrap resample is shifted by 0: the combined CIs
    are the stride CIs and the flags the same (only the CI's name in the texts differs)."""
    r = report.analyse(walk.trial, uncertainty="monte_carlo",
                       uncertainty_model=U.UncertaintyModel.none(), n_draws=5, **FAST)
    for p in ("left", "right", "difference", "si", "sa"):
        np.testing.assert_allclose(r.summary[f"{p}_ci_low_combined"], plain.summary[f"{p}_ci_low"],
                                   equal_nan=True)
        np.testing.assert_allclose(r.summary[f"{p}_ci_high_combined"],
                                   plain.summary[f"{p}_ci_high"], equal_nan=True)
    for c in ("left_flag", "right_flag", "difference_flag", "si_flag"):
        assert list(r.summary[c]) == list(plain.summary[c])
    assert [a.replace("combined 95 % CI", "95 % CI") for a in r.summary["flags"]] == \
        list(plain.summary["flags"])


def test_combined_cis_are_wider_and_flag_no_more_than_stride(walk, plain):
    """With a large measurement error (5 mm marker noise, 2 cm hip centre error), the
    combined CI of every asymmetry is wider than the stride CI and the combined rule flags
    nothing the stride rule does not (docs: uncertainty, "Decisions": not guaranteed by
    construction for small errors — a percentile bootstrap with noise added may shift a bound
    inwards by less than its Monte Carlo error — so checked where the error dominates)."""
    big = U.UncertaintyModel(marker_noise_m=0.005, hip_centre_sd_m=(0.02, 0.02, 0.02))
    r = report.analyse(walk.trial, uncertainty="monte_carlo", uncertainty_model=big,
                       n_draws=40, **FAST)
    for p in ("difference",):
        w_stride = plain.summary[f"{p}_ci_high"] - plain.summary[f"{p}_ci_low"]
        w_comb = r.summary[f"{p}_ci_high_combined"] - r.summary[f"{p}_ci_low_combined"]
        ok = np.isfinite(w_stride) & np.isfinite(w_comb)
        assert ok.any()
        assert (w_comb[ok] > w_stride[ok]).all(), (w_comb, w_stride)
    for c in ("left_flag", "right_flag", "difference_flag", "si_flag"):
        for comb, stride in zip(r.summary[c], plain.summary[c]):
            assert not (comb is True and stride is not True), c


def test_stride_rule_with_uncertainty_keeps_the_flags(walk, plain):
    r = report.analyse(walk.trial, uncertainty="linear", flag_ci="stride", **FAST)
    assert set(r.summary["flag_ci"]) == {"stride"}
    for c in ("left_flag", "right_flag", "difference_flag", "si_flag", "flags", "assessment"):
        assert list(r.summary[c]) == list(plain.summary[c])


def test_json_html_and_figures(with_u, tmp_path):
    files = report.write(with_u, tmp_path / "out", figure_format="svg")
    d = json.loads(files["json"].read_text(encoding="utf-8"))
    assert d["uncertainty"]["method"] == "monte_carlo"
    assert "frames" not in d["uncertainty"]  # the per-frame bands stay in Python
    assert {r["quantity"] for r in d["uncertainty"]["summary"]} == set(QUANTITIES)
    assert "difference_sd_meas" in d["summary"][0] and "pelvic_drop_deg_sd" in d["stances"][0]
    page = files["html"].read_text(encoding="utf-8")
    assert "meas. ±" in page and "combined [" in page and "measurement uncertainty" in page
    assert "Light band with thin edge lines: the measurement uncertainty of the mean cycle" \
        in page
    svg = files["curves_hip_adduction_deg"].read_text(encoding="utf-8")
    # The legend says which band is which and how wide each is.
    assert "measurement 95 % (±1.96 SD)" in svg and "between strides ±1 SD" in svg
    assert 'id="measurement_edge:left' in svg and "<pattern" not in svg  # no hatch


def test_html_and_figures_unchanged_without_uncertainty(plain, tmp_path):
    files = report.write(plain, tmp_path / "plain", figure_format="svg")
    page = files["html"].read_text(encoding="utf-8")
    assert "meas. ±" not in page and "span.meas" not in page and "JCGM" not in page
    svg = files["curves_hip_adduction_deg"].read_text(encoding="utf-8")
    assert "measurement 95 %" not in svg and "measurement_edge" not in svg


def test_gait_curves_draws_the_measurement_band(with_u):
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    import matplotlib.pyplot as plt

    from hipmech import plot

    u = with_u.uncertainty
    b = u.cycle_band("pelvic_obliquity_deg", "left")
    fig, ax = plt.subplots()
    try:
        plot.gait_curves(with_u.curves["pelvic_obliquity_deg"], ax=ax,
                         measurement={"left": {"low": b["value"] - u.z * b["sd"],
                                               "high": b["value"] + u.z * b["sd"]}})
        gids = [c.get_gid() for c in ax.collections]
        assert "measurement:left" in gids and "measurement:right" not in gids
        assert "sd:left" in gids
        band = next(c for c in ax.collections if c.get_gid() == "measurement:left")
        stride = next(c for c in ax.collections if c.get_gid() == "sd:left")
        # A light fill, no hatch: the between-stride band stays visible through it.
        assert not band.get_hatch()
        assert band.get_facecolor()[0][3] < stride.get_facecolor()[0][3]
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "between strides ±1 SD" in texts and "measurement 95 % (±1.96 SD)" in texts
        # The band spans value -/+ z sd: its vertices reach the lowest and highest bound, and
        # its two edge lines are the bounds.
        y = band.get_paths()[0].vertices[:, 1]
        lo = b["value"] - u.z * b["sd"]
        hi = b["value"] + u.z * b["sd"]
        assert y.min() == pytest.approx(np.nanmin(lo)) and y.max() == pytest.approx(np.nanmax(hi))
        edges = [ln for ln in ax.lines if ln.get_gid() == "measurement_edge:left"]
        assert len(edges) == 2
        np.testing.assert_allclose(edges[0].get_ydata(), lo)
        np.testing.assert_allclose(edges[1].get_ydata(), hi)
        with pytest.raises(ValueError, match="'measurement'"):
            plot.gait_curves(with_u.curves["pelvic_obliquity_deg"], ax=ax,
                             measurement={"left": {"low": b["value"] + 1, "high": b["value"]}})
        with pytest.raises(TypeError, match="'measurement'"):
            plot.gait_curves(with_u.curves["pelvic_obliquity_deg"], ax=ax,
                             measurement={"left": b["value"]})
    finally:
        plt.close(fig)


def test_text_summary_shows_the_measurement_sd(with_u, plain, capsys):
    cli._print_summary(with_u)
    out = capsys.readouterr().out
    assert out.count("meas. ±") >= 2 * len(QUANTITIES) and "combined 95 % CI" in out
    lines = out.splitlines()
    assert lines[0] == ("  (meas. ± = measurement SD (docs: uncertainty); combined = 95 % CI of "
                        "measurement + between-stride)")
    # Each "meas. ±" starts in the column of the number it is of (the side means).
    for main, meas in zip(lines[1::2], lines[2::2]):
        left_mean = main.index(" left ") + len(" left ")
        right_mean = main.index(" right ") + len(" right ")
        assert meas.index("meas. ±") == left_mean, (main, meas)
        assert meas.index("meas. ±", left_mean + 1) == right_mean, (main, meas)
    cli._print_summary(plain)
    assert "meas." not in capsys.readouterr().out


@pytest.mark.parametrize("sd, text", [(0.03, "0.030"), (0.0996, "0.10"), (1.234, "1.2"),
                                      (12.3, "12"), (0.0, "0"), (math.nan, "n/a"),
                                      (None, "n/a"), (0.00012, "0.00012")])
def test_measurement_sd_text_has_two_significant_digits(sd, text):
    """A non-zero SD never shows as 0.0 (the review's "meas. ± 0.0" for 0.03); by hand."""
    assert U._sd_text(sd) == text


def test_small_measurement_sds_do_not_show_as_zero(with_u, tmp_path, capsys):
    """Every non-zero measurement SD in the HTML, the CLI text and the result's repr reads
    non-zero (with 1 decimal, the angles' SDs of a few hundredths read 0.0)."""
    import re

    files = report.write(with_u, tmp_path / "sd", figures=False)
    page = files["html"].read_text(encoding="utf-8")
    cli._print_summary(with_u)
    out = capsys.readouterr().out
    for text in (page, out, repr(with_u.uncertainty)):
        shown = [float(v) for v in re.findall(r"(?:meas\. |left |right |difference )± "
                                              r"(-?[0-9.]+)", text)]
        assert shown and all(v > 0 for v in shown), text[:200]
    # The stance peaks' measurement SDs too.
    sds = with_u.stances["pelvic_drop_deg_sd"].to_numpy(dtype=float)
    for v in sds[np.isfinite(sds)]:
        assert U._sd_text(v) in page


def test_html_repr_and_short_repr(with_u):
    assert "uncertainty" in repr(with_u) and "Monte Carlo, 40 draws" in repr(with_u)


# ---------------------------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def c3d(walk, tmp_path_factory):
    from hipmech import io

    path = tmp_path_factory.mktemp("c3d") / "walk.c3d"
    io.write_c3d(walk.trial, path)
    return path


def run_cli(args, capsys):
    code = cli.main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_default_is_monte_carlo_with_combined_flags(c3d, tmp_path, capsys):
    code, out, err = run_cli(["report", str(c3d), "--out", str(tmp_path / "a"), "--mass", "75",
                              "--no-figures", "--draws", "20", "--progress", "off"], capsys)
    assert code == 0, err
    assert "meas. ±" in out
    d = json.loads((tmp_path / "a" / "report.json").read_text(encoding="utf-8"))
    assert d["settings"]["uncertainty"] == "monte_carlo" and d["settings"]["n_draws"] == 20
    assert d["settings"]["flag_ci"] == "combined"


def test_cli_options(c3d, tmp_path, capsys):
    code, out, err = run_cli(["report", str(c3d), "--out", str(tmp_path / "b"), "--mass", "75",
                              "--no-figures", "--uncertainty", "off", "--progress", "off"],
                             capsys)
    assert code == 0, err and "meas." not in out
    d = json.loads((tmp_path / "b" / "report.json").read_text(encoding="utf-8"))
    assert "uncertainty" not in d and "flag_ci" not in d["settings"]

    code, out, err = run_cli(["report", str(c3d), "--out", str(tmp_path / "c"), "--mass", "75",
                              "--no-figures", "--uncertainty", "linear", "--flag-ci", "stride",
                              "--uncertainty-seed", "4", "--progress", "off"], capsys)
    assert code == 0, err
    d = json.loads((tmp_path / "c" / "report.json").read_text(encoding="utf-8"))
    assert d["settings"]["uncertainty"] == "linear" and d["settings"]["flag_ci"] == "stride"

    code, _, err = run_cli(["report", str(c3d), "--out", str(tmp_path / "d"), "--mass", "75",
                            "--uncertainty", "off", "--flag-ci", "combined"], capsys)
    assert code == 2 and "'--flag-ci'" in err
    code, _, err = run_cli(["report", str(c3d), "--out", str(tmp_path / "e"), "--mass", "75",
                            "--draws", "1"], capsys)
    assert code == 2 and "'--draws'" in err
    # --draws with a method without draws: an error naming it, not silently ignored.
    for method in ("linear", "off"):
        code, _, err = run_cli(["report", str(c3d), "--out", str(tmp_path / "g"), "--mass",
                                "75", "--uncertainty", method, "--draws", "50"], capsys)
        assert code == 2 and "'--draws'" in err and f"--uncertainty {method}" in err
        assert not (tmp_path / "g").exists()
    code, _, err = run_cli(["report", str(c3d), "--out", str(tmp_path / "f"), "--mass", "75",
                            "--uncertainty-seed", "-3"], capsys)
    assert code == 2 and "'--uncertainty-seed'" in err
    with pytest.raises(SystemExit):
        cli.main(["report", str(c3d), "--uncertainty", "bootstrap"])
    capsys.readouterr()


def test_cli_draws_above_the_trial_cap_fail_up_front_naming_the_option(c3d, walk, tmp_path,
                                                                        capsys):
    """--draws above what the trial's length allows: exit 2 before any analysis (no output
    folder), naming --draws and the cap of this trial (max_monte_carlo_draws, by hand:
    floor(2.5e8 / (12 (frames + 101))))."""
    n = walk.trial.n_frames
    cap = min(100000, int(2.5e8 // (12 * (n + 101))))
    assert U.max_monte_carlo_draws(n) == cap
    code, _, err = run_cli(["report", str(c3d), "--out", str(tmp_path / "cap"), "--mass", "75",
                            "--draws", str(cap + 1), "--progress", "off"], capsys)
    assert code == 2 and "argument '--draws'" in err, err
    assert f"at most {cap} Monte Carlo draws for this trial ({n} frames" in err
    assert "n_draws" not in err and not (tmp_path / "cap").exists()
    # Given as a folder, each trial is checked before its analysis; the reason names --draws.
    folder = tmp_path / "lab"
    folder.mkdir()
    (folder / "walk.c3d").write_bytes(c3d.read_bytes())
    code, _, err = run_cli(["report", str(folder), "--out", str(tmp_path / "cap2"), "--mass",
                            "75", "--draws", str(cap + 1), "--progress", "off",
                            "--no-pairing"], capsys)
    assert code == 1 and f"argument '--draws': expected at most {cap}" in err, err


def test_analyse_checks_the_draws_cap_before_the_analysis(walk):
    cap = U.max_monte_carlo_draws(walk.trial.n_frames)
    with pytest.raises(ValueError, match=rf"argument 'n_draws'.*at most {cap} Monte Carlo"):
        report.analyse(walk.trial, uncertainty="monte_carlo", n_draws=cap + 1, **FAST)
    with pytest.raises(ValueError, match=rf"argument 'n_draws'.*at most {cap} Monte Carlo"):
        U.propagate(walk.trial, n_draws=cap + 1, **FAST)
    with pytest.raises(ValueError, match="argument 'n_frames'"):
        U.max_monte_carlo_draws(-1)


def test_many_failed_draws_warn(walk):
    """A knee-width SD as large as the knee (0.1 m) makes about 30 % of the draws fail (a
    negative width, Phi(-1) per side): more than 5 %, so a UserWarning and a note that the
    result rests on the others."""
    from dataclasses import replace

    model = replace(U.UncertaintyModel.none(), knee_width_sd_m=0.1)
    with pytest.warns(UserWarning, match=r"draws .* failed: the uncertainty rests on the"):
        r = report.analyse(walk.trial, uncertainty="monte_carlo", uncertainty_model=model,
                           n_draws=20, **FAST)
    assert r.uncertainty.n_draws_failed > 1
    assert any(n.startswith("Warning (measurement uncertainty): ") and "may be biased" in n
               for n in r.notes)
    with pytest.warns(UserWarning, match="may be biased"):
        U.propagate(walk.trial, model=model, n_draws=20, **FAST)


def test_run_with_worker_processes_gives_each_one_thread(walk, tmp_path, monkeypatch):
    """report.run gives each worker process uncertainty_threads=1 (the processes already use
    the cores; the result does not depend on the threads). The pool is replaced by a serial
    loop that records the tasks, so no process is started here."""
    from hipmech import io
    from hipmech.report import _batch

    paths = []
    for name in ("a", "b"):
        p = tmp_path / f"{name}.c3d"
        io.write_c3d(walk.trial, p)
        paths.append(p)
    seen = []

    def serial(tasks, finish, jobs):
        seen.extend(t[1][3] for t in tasks)
        _batch._run_serial(tasks, finish)

    monkeypatch.setattr(_batch, "_run_processes", serial)
    kw = dict(uncertainty="monte_carlo", n_draws=5, figures=False, progress=False, pair=False,
              **FAST)
    result = report.run(paths, tmp_path / "out", jobs=2, **kw)
    assert [o["uncertainty_threads"] for o in seen] == [1, 1]
    assert all(t.status == "ok" for t in result.trials)
    assert math.isfinite(result.reports[0][1].summary["difference_sd_meas"].iloc[0])
    seen.clear()
    report.run(paths, tmp_path / "out2", jobs=2, uncertainty_threads=2, **kw)
    assert [o["uncertainty_threads"] for o in seen] == [2, 2]  # given: kept
