"""hipmech.uncertainty (issue 26): the Python API of the measurement uncertainty.

Independent sources: the per-draw per-stance peaks (``keep_draws``) recomputed with numpy (SD,
percentile interval with numpy's default linear interpolation, side means, difference and the
Robinson symmetry index of the side means per draw), the delta method for the symmetry index
(first-order Taylor expansion of SI(L, R) with the draws' covariance of the side means), and
the model with every source off (zero SD, by definition). Thread-count independence and the
GIL release are properties of the binding. Trials are short synthetic walks (few strides) and
the draws few, so the file runs in a few seconds.
"""

from __future__ import annotations

import dataclasses
import doctest
import math
import threading
import time

import numpy as np
import pandas as pd
import pytest

import hipmech
from hipmech import report, synth, uncertainty as U

QUANTITIES = list(report.QUANTITIES)
CURVES = list(report.CURVES)
FAST = dict(body_mass_kg=75.0, n_resamples=200)


@pytest.fixture(scope="module")
def walk():
    # 3 strides per side with 1 mm marker noise: >= 3 stances per side, a few hundred frames
    return synth.walking(n_strides=3, marker_noise_m=0.001, seed=7)


@pytest.fixture(scope="module")
def mc(walk):
    return U.propagate(walk.trial, n_draws=60, seed=3, n_threads=2, keep_draws=True, **FAST)


# ---------------------------------------------------------------------------------------------
# model
# ---------------------------------------------------------------------------------------------

def test_model_defaults_resolve_with_notes(walk):
    m = U.UncertaintyModel()
    assert m.marker_noise_m is None and m.hip_centre_sd_m is None and m.notes == ()
    r = m.resolved(walk.trial)
    for name in ("marker_noise_m", "segment_mass_cv", "segment_com_sd_fraction",
                 "segment_gyration_cv", "cop_sd_m", "knee_width_sd_m", "ankle_width_sd_m",
                 "leg_length_sd_m"):
        v = getattr(r, name)
        assert v is not None and math.isfinite(v) and v >= 0, name
    # The Davis regression's published error is the default of a Plug-in Gait trial.
    assert r.hip_centre_sd_m == U.hip_centre_error("davis").sd_m
    assert r.notes and all(isinstance(n, str) and n for n in r.notes)
    # A synthetic trial has no C3D residuals: the default marker noise.
    assert math.isnan(U.marker_noise_from_residuals(walk.trial))
    assert r.marker_noise_m == U.default_marker_noise_m()
    assert r == m.resolved(None)  # notes are not compared


def test_model_none_switches_every_source_off():
    m = U.UncertaintyModel.none()
    assert not any(m.active().values())
    assert set(m.active()) == set(U.SOURCES)
    # The defaults: subject measurements 0 (off), like the marker placement.
    assert U.UncertaintyModel().active() == {
        s: s not in ("marker_placement", "subject_measurements") for s in U.SOURCES}
    noise = dataclasses.replace(m, marker_noise_m=0.001)
    assert [k for k, v in noise.active().items() if v] == ["marker_noise"]


@pytest.mark.parametrize("changes", [
    {}, {"knee_width_sd_m": None}, {"knee_width_sd_m": 0.002}, {"cop_sd_m": None},
    {"hip_centre_sd_m": None}, {"segment_mass_cv": None, "leg_length_sd_m": None}])
def test_active_of_an_unresolved_model_is_that_of_its_resolved_model(changes):
    """None fields count as the default resolved() gives them (the reference: resolved(),
    whose subject-measurement defaults are 0; the C++ side: tests/cpp/uncertainty/test_model.cpp)."""
    m = dataclasses.replace(U.UncertaintyModel.none(), **changes)
    assert m.active() == m.resolved().active()
    d = U.UncertaintyModel(**changes)
    assert d.active() == d.resolved().active()
    assert not U.UncertaintyModel().active()["subject_measurements"]


def test_sources_and_hip_centre_errors():
    assert U.SOURCES == ("marker_noise", "marker_placement", "hip_joint_centre",
                         "segment_parameters", "centre_of_pressure", "subject_measurements")
    for method in U.HIP_CENTRE_METHODS:
        e = U.hip_centre_error(method)
        assert e.method == method and len(e.sd_m) == 3
        assert all(0 < v < 0.05 for v in e.sd_m), (method, e.sd_m)  # cm, not m or mm
        assert e.source and e.derivation
    with pytest.raises(ValueError, match="'method'"):
        U.hip_centre_error("ellipse")
    with pytest.raises(TypeError, match="'method'"):
        U.hip_centre_error(3)


@pytest.mark.parametrize("field, value, error", [
    ("marker_noise_m", -0.001, ValueError),
    ("marker_noise_m", 0.5, ValueError),        # above 0.1 m
    ("marker_noise_m", math.inf, ValueError),
    ("marker_noise_m", "1 mm", TypeError),
    ("marker_noise_m", True, TypeError),
    ("marker_placement_sd_m", None, TypeError),  # no default to fill
    ("hip_centre_method", "ellipse", ValueError),
    ("hip_centre_method", 1, TypeError),
    ("hip_centre_sd_m", (0.01, 0.01), ValueError),
    ("hip_centre_sd_m", 0.01, TypeError),
    ("hip_centre_sd_m", (0.01, -0.01, 0.01), ValueError),
    ("hip_centre_side_correlation", 1.5, ValueError),
    ("hip_centre_side_correlation", "0.9", TypeError),
    ("segment_mass_cv", 2.0, ValueError),
    ("segment_com_sd_fraction", -0.1, ValueError),
    ("segment_gyration_cv", "0.1", TypeError),
    ("segment_side_correlation", -0.5, ValueError),
    ("cop_sd_m", -1.0, ValueError),
    ("knee_width_sd_m", math.nan, ValueError),
    ("ankle_width_sd_m", 1 + 2j, TypeError),
    ("leg_length_sd_m", 0.2, ValueError),
])
def test_model_refuses_bad_fields_naming_them(field, value, error):
    with pytest.raises(error, match=rf"'{field}\b"):
        U.UncertaintyModel(**{field: value})


# ---------------------------------------------------------------------------------------------
# propagate: arguments
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("arg, value, error", [
    ("model", "defaults", TypeError),
    ("model", {"marker_noise_m": 0.001}, TypeError),
    ("method", "bootstrap", ValueError),
    ("method", 1, TypeError),
    ("n_draws", 1, ValueError),
    ("n_draws", 100001, ValueError),
    ("n_draws", 10.0, TypeError),
    ("n_draws", True, TypeError),
    ("seed", -1, ValueError),
    ("seed", 2 ** 64, ValueError),
    ("seed", 1.5, TypeError),
    ("n_threads", -1, ValueError),
    ("n_threads", "2", TypeError),
    ("confidence", 0.0, ValueError),
    ("confidence", 1.0, ValueError),
    ("confidence", 95, ValueError),
    ("confidence", "0.95", TypeError),
    ("keep_draws", "yes", TypeError),
    ("keep_draws", 1, TypeError),
    ("cutoff_hz", "6", TypeError),
    ("cutoff_hz", 80.0, ValueError),             # above the Nyquist frequency
    ("moment_frame", "global", ValueError),
    ("events", "vicon", ValueError),
    ("reference", "up", ValueError),
    ("n_resamples", 0, ValueError),
    ("body_mass_kg", -75.0, ValueError),
    ("marker_map", 3, TypeError),
])
def test_propagate_refuses_bad_arguments_naming_them(walk, arg, value, error):
    kwargs = dict(FAST, n_draws=2, n_threads=1)
    kwargs[arg] = value
    with pytest.raises(error, match=rf"'{arg}'"):
        U.propagate(walk.trial, **kwargs)


def test_propagate_refuses_a_trial_that_is_not_one():
    with pytest.raises(TypeError, match="'trial'"):
        U.propagate(42, **FAST)
    with pytest.raises(OSError):
        U.propagate("no_such_file.c3d", **FAST)


# ---------------------------------------------------------------------------------------------
# propagate: the result
# ---------------------------------------------------------------------------------------------

def test_result_tables_and_fields(walk, mc):
    rep = report.analyse(walk.trial, **FAST)
    assert mc.method == "monte_carlo" and mc.n_draws == 60 and mc.seed == 3
    assert mc.confidence == 0.95 and math.isclose(mc.z, 1.959963984540054)
    assert mc.n_draws_failed == 0 and mc.seconds > 0
    assert isinstance(mc.model, U.UncertaintyModel) and mc.model.marker_noise_m is not None

    n = walk.trial.n_frames
    assert list(mc.frames.columns) == ["curve", "side", "frame", "time_s", "value", "sd", "low",
                                       "high"]
    assert len(mc.frames) == len(CURVES) * 2 * n
    assert set(mc.frames["curve"]) == set(CURVES)
    f = mc.frames[(mc.frames["curve"] == "hip_adduction_deg") & (mc.frames["side"] == "left")]
    np.testing.assert_array_equal(f["frame"], np.arange(n))
    np.testing.assert_allclose(f["time_s"], np.arange(n) / rep.point_rate_hz)

    assert list(mc.cycles.columns) == ["curve", "side", "percent", "value", "sd", "low", "high"]
    band = mc.cycle_band("hip_adduction_deg", "left")
    assert band["value"].shape == (101,)
    np.testing.assert_allclose(band["percent"], np.linspace(0, 100, 101))
    # The mean cycle's value is the nominal analysis's mean over its cycles.
    np.testing.assert_allclose(band["value"],
                               np.nanmean(rep.curves["hip_adduction_deg"]["left"], axis=0),
                               atol=1e-9)

    assert list(mc.stances.columns) == ["side", "stance", "quantity", "unit", "value", "sd",
                                        "low", "high", *(f"share_{s}" for s in U.SOURCES)]
    assert len(mc.stances) == len(rep.stances) * len(QUANTITIES)
    # The nominal peaks are the report's, stance by stance.
    for q in QUANTITIES:
        mine = mc.stances[mc.stances["quantity"] == q]
        np.testing.assert_array_equal(mine["side"], rep.stances["side"])
        np.testing.assert_array_equal(mine["stance"], rep.stances["stance"])
        np.testing.assert_allclose(mine["value"], rep.stances[q], atol=1e-9)
    # Monte Carlo draws the sources together: no per-source share.
    assert mc.stances[[f"share_{s}" for s in U.SOURCES]].isna().all().all()

    assert list(mc.summary["quantity"]) == QUANTITIES
    for c in ("left_mean", "left_mean_sd", "left_mean_low", "left_mean_high",
              "left_mean_combined_low", "left_mean_combined_high", "right_mean_sd",
              "difference", "difference_sd", "difference_combined_low", "si_percent", "si_sd",
              "si_combined_high", "sa_percent", "sa_sd", "note"):
        assert c in mc.summary.columns, c
    s = rep.summary.set_index("quantity")
    u = mc.summary.set_index("quantity")
    for q in QUANTITIES:
        for c in ("left_mean", "right_mean", "difference"):
            assert u.loc[q, c] == pytest.approx(s.loc[q, c], abs=1e-9, nan_ok=True)
    finite = mc.stances[np.isfinite(mc.stances["value"])]
    assert (finite["sd"] > 0).all()
    assert (finite["low"] <= finite["high"]).all()


def test_to_dict_is_json_ready(mc):
    import json

    d = mc.to_dict()
    text = json.dumps(d, allow_nan=False)
    assert "frames" in d and "cycles" in d and d["sources"] == list(U.SOURCES)
    assert len(json.dumps(mc.to_dict(frames=False))) < len(text)
    assert "frames" not in mc.to_dict(frames=False)
    assert set(d["stance_draws"]) == set(QUANTITIES)


def test_repr_and_html(mc):
    text = repr(mc)
    assert text.startswith("<hipmech.uncertainty.UncertaintyResult") and len(text) < 2048
    assert "Monte Carlo, 60 draws" in text
    assert "<table>" in mc._repr_html_()
    assert "UncertaintyModel(" in repr(mc.model)


def test_seeded_draws_are_reproducible_and_independent_of_threads(walk):
    kw = dict(FAST, n_draws=20, keep_draws=True)
    a = U.propagate(walk.trial, seed=11, n_threads=1, **kw)
    b = U.propagate(walk.trial, seed=11, n_threads=2, **kw)
    c = U.propagate(walk.trial, seed=12, n_threads=2, **kw)
    for name in ("frames", "cycles", "stances", "summary"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    for q in QUANTITIES:
        np.testing.assert_array_equal(a.stance_draws[q], b.stance_draws[q])
    assert not np.allclose(a.stance_draws["pelvic_drop_deg"], c.stance_draws["pelvic_drop_deg"],
                           equal_nan=True)


def test_model_none_gives_zero_uncertainty(walk):
    r = U.propagate(walk.trial, model=U.UncertaintyModel.none(), n_draws=5, n_threads=1, **FAST)
    for table in (r.frames, r.cycles, r.stances):
        finite = table[np.isfinite(table["value"])]
        assert len(finite) > 0
        np.testing.assert_allclose(finite["sd"], 0.0, atol=1e-12)
        np.testing.assert_allclose(finite["low"], finite["value"], atol=1e-9)
        np.testing.assert_allclose(finite["high"], finite["value"], atol=1e-9)
    for c in ("left_mean_sd", "right_mean_sd", "difference_sd"):
        np.testing.assert_allclose(r.summary[c], 0.0, atol=1e-12)


def test_stance_sd_and_interval_recomputed_from_the_draws(mc, walk):
    """The reported SD and percentile interval of every per-stance peak equal numpy's SD and
    percentiles of the kept draws."""
    for q in QUANTITIES:
        draws = mc.stance_draws[q]
        rows = mc.stances[mc.stances["quantity"] == q]
        assert draws.shape == (mc.n_draws, len(rows))
        for i, row in enumerate(rows.itertuples()):
            d = draws[:, i]
            if not np.isfinite(row.value):
                assert np.isnan(d).all()
                continue
            assert np.isfinite(d).all()
            assert row.sd == pytest.approx(np.std(d, ddof=SD_DDOF), rel=1e-9, abs=1e-12)
            lo, hi = np.percentile(d, [50 * (1 - mc.confidence), 50 * (1 + mc.confidence)],
                                   method=PERCENTILE_METHOD)
            assert row.low == pytest.approx(lo, rel=1e-9, abs=1e-12)
            assert row.high == pytest.approx(hi, rel=1e-9, abs=1e-12)


def side_means(mc, q):
    """Per draw, each side's mean over the stances whose nominal peak is finite."""
    rows = mc.stances[mc.stances["quantity"] == q].reset_index(drop=True)
    d = mc.stance_draws[q]
    out = {}
    for side in ("left", "right"):
        keep = ((rows["side"] == side) & np.isfinite(rows["value"])).to_numpy()
        out[side] = d[:, keep].mean(axis=1)
    return out


def test_side_means_and_asymmetry_sd_recomputed_from_the_draws(mc):
    """The measurement SD of the side means, the difference and the symmetry index equal those
    of the per-draw side means recomputed with numpy (the same draws)."""
    for q in QUANTITIES:
        row = mc.summary.set_index("quantity").loc[q]
        m = side_means(mc, q)
        for side in ("left", "right"):
            assert row[f"{side}_mean_sd"] == pytest.approx(np.std(m[side], ddof=SD_DDOF),
                                                           rel=1e-9)
        diff = m["right"] - m["left"]  # reference left: other - reference
        assert row["difference_sd"] == pytest.approx(np.std(diff, ddof=SD_DDOF), rel=1e-9)
        if q == "hip_abduction_moment_nm_per_kg":
            si = 100 * (m["right"] - m["left"]) / (0.5 * (m["right"] + m["left"]))
            assert row["si_sd"] == pytest.approx(np.std(si, ddof=SD_DDOF), rel=1e-9)


def test_symmetry_index_sd_agrees_with_the_delta_method(walk):
    """First-order (delta method) SD of SI(L, R) = 200 (R - L) / (R + L) from the draws'
    covariance of the side means: dSI/dL = -400 R / (L + R)^2, dSI/dR = 400 L / (L + R)^2.
    With independent sides' hip-centre errors the side means' differences are large against
    their second-order terms and SI is near-linear: within 10 %. (With the default side
    correlation of 0.93 the common part of the error cancels to first order, and the
    second-order term, common scale times the small difference, is ~15 % of what remains.)"""
    mc = U.propagate(walk.trial, n_draws=60, seed=3, n_threads=2, keep_draws=True,
                     model=U.UncertaintyModel(hip_centre_side_correlation=0.0), **FAST)
    q = "hip_abduction_moment_nm_per_kg"
    row = mc.summary.set_index("quantity").loc[q]
    m = side_means(mc, q)
    L, R = row["left_mean"], row["right_mean"]
    g = np.array([-400 * R / (L + R) ** 2, 400 * L / (L + R) ** 2])
    cov = np.cov(np.vstack([m["left"], m["right"]]), ddof=SD_DDOF)
    assert row["si_sd"] == pytest.approx(math.sqrt(g @ cov @ g), rel=0.10)


def test_the_gil_is_released_during_the_propagation(walk):
    """A Python thread keeps running while another propagates: the longest pause of the main
    thread's loop is much shorter than the call."""
    done = threading.Event()
    span = []

    def work():
        try:
            t0 = time.perf_counter()
            U.propagate(walk.trial, n_draws=60, n_threads=1, **FAST)
            span.extend([t0, time.perf_counter()])
        finally:
            done.set()

    stamps = []
    worker = threading.Thread(target=work)
    worker.start()
    while not done.is_set():
        stamps.append(time.perf_counter())
    worker.join()
    assert span, "the call failed"
    t0, t1 = span
    inside = np.array([t for t in stamps if t0 <= t <= t1])
    assert inside.size > 10
    gaps = np.diff(np.concatenate([[t0], inside, [t1]]))
    assert gaps.max() < 0.5 * (t1 - t0), (gaps.max(), t1 - t0)


def test_linear_method_gives_shares_that_sum_to_one(walk):
    r = U.propagate(walk.trial, method="linear", n_threads=2, **FAST)
    assert r.method == "linear" and r.n_draws == 0
    finite = r.stances[np.isfinite(r.stances["value"]) & (r.stances["sd"] > 0)]
    shares = finite[[f"share_{s}" for s in U.SOURCES]].to_numpy()
    np.testing.assert_allclose(shares.sum(axis=1), 1.0, atol=1e-9)
    # Linear: the interval is value -/+ z sd.
    np.testing.assert_allclose(finite["low"], finite["value"] - r.z * finite["sd"], atol=1e-9)
    np.testing.assert_allclose(finite["high"], finite["value"] + r.z * finite["sd"], atol=1e-9)


def test_docstring_examples():
    r = doctest.testmod(U, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert r.attempted >= 1 and r.failed == 0


def test_public_names():
    assert hipmech.uncertainty is U and "uncertainty" in hipmech.__all__
    for name in U.__all__:
        assert hasattr(U, name), name


# The SD over the draws and the percentile definition the C++ uses (src/uncertainty/):
# filled in from the engine's code (see the module docstring).
SD_DDOF = 1
PERCENTILE_METHOD = "linear"


def test_hip_centre_side_correlation_is_the_bias_share_of_the_published_error():
    """The Davis default side correlation, recomputed independently with scipy: the 3-D error
    e = b + u (b a bias common to the subjects, u isotropic N(0, t^2 I)) has |e| / t noncentral
    chi with 3 degrees of freedom; fitting its mean and SD to Mantovani et al. (2016, Gait
    Posture 44:48-54: Davis 25.0 +/- 6.7 mm) gives b and t, and the bias share
    b^2 / (b^2 + 3 t^2) is the table's correlation (rounded to 2 digits). Harrington
    (12.3 +/- 5.9 mm) fits an unbiased error: no shared part, 0."""
    from scipy import integrate, optimize, stats as sst

    def mean_sd(b, t):
        nc = (b / t) ** 2
        m1 = t * integrate.quad(lambda x: np.sqrt(x) * sst.ncx2.pdf(x, 3, nc), 0, np.inf,
                                limit=200)[0]
        return m1, math.sqrt(t * t * (3 + nc) - m1 * m1)

    b, t = optimize.fsolve(lambda p: np.array(mean_sd(*p)) - (25.0, 6.7), (25.0, 6.7))
    assert U.hip_centre_error("davis").side_correlation == pytest.approx(
        b * b / (b * b + 3 * t * t), abs=0.005)
    assert U.hip_centre_error("harrington").side_correlation == 0.0
