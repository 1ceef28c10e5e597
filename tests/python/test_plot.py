"""hipmech.plot: the figures render headless (Agg) with the expected elements at the expected
places, bad inputs name the argument, and matplotlib stays optional.

Every expected number is computed here independently of hipmech: mean and SD (ddof=1) with
numpy's nanmean/nanstd on the same cycles, or an analytic answer (cycles built as a base curve
plus known offsets); Bland-Altman lines from the published example of Bland & Altman (1986,
Lancet i:307-310, Table 1: bias -2.1 l/min, SD 38.8 l/min) and numpy's mean/std.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import hipmech  # noqa: E402
from hipmech import plot, stats  # noqa: E402

X = np.linspace(0.0, 100.0, 101)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def by_gid(artists, gid):
    return [a for a in artists if a.get_gid() == gid]


def band_vertices(ax, side):
    """All vertices of the side's SD band, (k, 2)."""
    bands = by_gid(ax.collections, f"sd:{side}")
    assert len(bands) == 1
    return np.concatenate([p.vertices for p in bands[0].get_paths()])


def expected_mean_sd(cycles):
    """numpy's own per-column nanmean and nanstd(ddof=1) (their empty-slice warnings are
    expected here and silenced)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(cycles, axis=0), np.nanstd(cycles, axis=0, ddof=1)


def assert_band_is(ax, side, mean, sd):
    """Every band vertex lies at mean - sd or mean + sd of its column, both edges appear for
    every column with a finite SD, and no vertex lies in a column without one."""
    v = band_vertices(ax, side)
    col = np.rint(v[:, 0]).astype(int)
    np.testing.assert_allclose(v[:, 0], X[col], atol=1e-12)
    lo, hi = mean - sd, mean + sd
    at_lo = np.isclose(v[:, 1], lo[col], rtol=0, atol=1e-12)
    at_hi = np.isclose(v[:, 1], hi[col], rtol=0, atol=1e-12)
    assert np.all(at_lo | at_hi)
    finite = np.flatnonzero(np.isfinite(sd))
    assert set(col) == set(finite)
    for i in finite:
        assert np.any(at_lo & (col == i)) and np.any(at_hi & (col == i)), i


# ---- gait_curves ---------------------------------------------------------------------------

def test_mean_and_band_on_a_known_answer():
    # Three cycles base - 2, base, base + 2: mean = base, SD (ddof=1) = sqrt((4 + 0 + 4) / 2) = 2.
    base = 10.0 * np.sin(2 * np.pi * X / 100.0)
    left = np.vstack([base - 2.0, base, base + 2.0])
    ax = plot.gait_curves({"left": left}, ylabel="hip adduction [deg]", title="hip")
    (line,) = by_gid(ax.lines, "mean:left")
    np.testing.assert_allclose(line.get_xdata(), X)
    np.testing.assert_allclose(line.get_ydata(), base, atol=1e-12)
    assert_band_is(ax, "left", base, np.full(101, 2.0))
    assert ax.get_xlim() == (0.0, 100.0)
    assert ax.get_xlabel() == "gait cycle [%]" and ax.get_ylabel() == "hip adduction [deg]"
    assert ax.get_title() == "hip"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["left (solid, n=3)"]


def test_two_sides_lines_bands_colours_and_numpy_statistics():
    rng = np.random.default_rng(7)
    left = rng.normal(5.0, 2.0, (6, 101))
    right = pd.DataFrame(rng.normal(-3.0, 1.0, (4, 101)))  # pandas accepted
    ax = plot.gait_curves({"left": left.tolist(), hipmech.Side.RIGHT: right})  # lists, Side keys
    for side, data, colour, ls in (("left", left, "#d62728", "-"),
                                  ("right", right.to_numpy(), "#2ca02c", "--")):
        lines = by_gid(ax.lines, f"mean:{side}")
        assert len(lines) == 1 and len(by_gid(ax.collections, f"sd:{side}")) == 1
        assert matplotlib.colors.same_color(lines[0].get_color(), colour)
        assert lines[0].get_linestyle() == ls  # greyscale prints tell the sides apart
        assert matplotlib.colors.same_color(
            by_gid(ax.collections, f"sd:{side}")[0].get_facecolor()[0][:3], colour)
        mean, sd = expected_mean_sd(data)
        np.testing.assert_allclose(lines[0].get_ydata(), mean, rtol=0, atol=1e-12)
        assert_band_is(ax, side, mean, sd)
    assert len(ax.lines) == 2 and len(ax.collections) == 2 and len(ax.patches) == 0
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["left (solid, n=6)", "right (dashed, n=4)"]


def test_nan_samples_count_where_finite():
    rng = np.random.default_rng(3)
    cycles = rng.normal(0.0, 1.0, (4, 101))
    cycles[0, 10:30] = np.nan          # one cycle missing there: 3 values remain
    cycles[1:, 40:45] = np.nan         # only one finite value: mean, no SD
    cycles[:, 60:62] = np.nan          # no finite value: neither
    cycles[2, :] = np.nan              # a fully missing cycle does not count in n
    ax = plot.gait_curves({"right": cycles})
    mean, sd = expected_mean_sd(cycles)
    (line,) = by_gid(ax.lines, "mean:right")
    np.testing.assert_allclose(line.get_ydata(), mean, rtol=0, atol=1e-12, equal_nan=True)
    assert np.isnan(line.get_ydata()[60]) and np.isfinite(line.get_ydata()[40])
    assert np.isnan(sd[40]) and np.isfinite(sd[10])
    assert_band_is(ax, "right", mean, sd)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["right (dashed, n=3)"]


def test_stance_shading_ends_at_foot_off():
    cycles = np.zeros((2, 101))
    ax = plot.gait_curves({"left": cycles, "right": cycles},
                          foot_off_percent={"left": 61.5, "R": np.float64(63.0)})
    for side, fo, colour in (("left", 61.5, "#d62728"), ("right", 63.0, "#2ca02c")):
        (span,) = by_gid(ax.patches, f"stance:{side}")
        assert span.get_x() == 0.0 and span.get_width() == pytest.approx(fo, abs=0)
        assert span.get_zorder() < by_gid(ax.lines, f"mean:{side}")[0].get_zorder()
        assert matplotlib.colors.same_color(span.get_facecolor()[:3], colour)
        assert span.get_alpha() < 0.2  # light
        (line,) = by_gid(ax.lines, f"foot_off:{side}")
        np.testing.assert_array_equal(line.get_xdata(), [fo, fo])
    ax = plot.gait_curves({"left": cycles}, foot_off_percent={"left": float("nan"), "right": None})
    assert len(ax.patches) == 0 and len(ax.lines) == 1


def test_empty_and_all_nan_sides_draw_nothing_but_keep_the_legend_and_say_why():
    full = np.ones((2, 101))
    ax = plot.gait_curves({"left": np.empty((0, 101)), "right": np.full((3, 101), np.nan)})
    assert len(ax.collections) == 0
    assert all(len(line.get_xdata()) == 0 for line in ax.lines)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["left (solid, n=0)", "right (dashed, n=0)"]
    # No blank axes: each side without data says so, in the axes.
    assert by_gid(ax.texts, "empty:left")[0].get_text() == "left: no complete cycle"
    assert by_gid(ax.texts, "empty:right")[0].get_text() == "right: no data in its 3 cycles"
    ax = plot.gait_curves({"left": [], "right": full})
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["left (solid, n=0)", "right (dashed, n=2)"]
    assert len(by_gid(ax.texts, "empty:left")) == 1 and not by_gid(ax.texts, "empty:right")
    ax = plot.gait_curves({})  # nothing at all: no legend, and the axes says so
    assert ax.get_legend() is None and len(ax.lines) == 0
    assert by_gid(ax.texts, "empty")[0].get_text() == "no complete cycle"


def test_single_cycle_has_a_mean_and_no_band_and_1d_is_one_cycle():
    base = np.linspace(-1.0, 1.0, 101)
    ax = plot.gait_curves({"left": base})
    assert len(ax.collections) == 0
    np.testing.assert_allclose(by_gid(ax.lines, "mean:left")[0].get_ydata(), base)
    assert ax.get_legend().get_texts()[0].get_text() == "left (solid, n=1)"


def test_draws_on_a_given_axes_and_custom_colours():
    fig, ax = plt.subplots()
    out = plot.gait_curves({"left": np.zeros((2, 101))}, ax=ax, colors={"left": "black"})
    assert out is ax and len(fig.axes) == 1
    assert matplotlib.colors.same_color(ax.lines[0].get_color(), "black")


def test_does_not_touch_rcparams():
    before = dict(matplotlib.rcParams)
    plot.gait_curves({"left": np.zeros((2, 101))}, foot_off_percent={"left": 60})
    plot.asymmetry_bars(pd.DataFrame({"metric": ["a"], "estimate": [1.0], "ci_low": [0.0],
                                      "ci_high": [2.0]}), threshold=5)
    plot.bland_altman([1.0, 2.0, 3.0], [1.1, 2.3, 2.8])
    assert dict(matplotlib.rcParams) == before


@pytest.mark.parametrize("curves, exc, arg", [
    ({"left": np.zeros((3, 100))}, ValueError, "curves"),
    ({"left": np.zeros((3, 101, 1))}, ValueError, "curves"),
    ({"middle": np.zeros((3, 101))}, ValueError, "curves"),
    ({"left": np.zeros((1, 101)), hipmech.Side.LEFT: np.zeros((1, 101))}, ValueError, "curves"),
    ({"left": np.full((1, 101), np.inf)}, ValueError, "curves"),
    ({3: np.zeros((1, 101))}, TypeError, "curves"),
    ({"left": "abc"}, TypeError, "curves"),
    ({"left": [["a"] * 101]}, TypeError, "curves"),
    (np.zeros((3, 101)), TypeError, "curves"),
    (pd.DataFrame(np.zeros((3, 101))), TypeError, "curves"),
])
def test_gait_curves_bad_curves(curves, exc, arg):
    with pytest.raises(exc, match=f"'{arg}'"):
        plot.gait_curves(curves)


@pytest.mark.parametrize("kwargs, exc, arg", [
    ({"foot_off_percent": {"left": 101.0}}, ValueError, "foot_off_percent"),
    ({"foot_off_percent": {"left": -1}}, ValueError, "foot_off_percent"),
    ({"foot_off_percent": {"up": 50}}, ValueError, "foot_off_percent"),
    ({"foot_off_percent": {"left": "60"}}, TypeError, "foot_off_percent"),
    ({"foot_off_percent": {"left": True}}, TypeError, "foot_off_percent"),
    ({"foot_off_percent": 60}, TypeError, "foot_off_percent"),
    ({"colors": {"left": "not-a-colour"}}, ValueError, "colors"),
    ({"ylabel": 3}, TypeError, "ylabel"),
    ({"ax": "axes"}, TypeError, "ax"),
])
def test_gait_curves_bad_options(kwargs, exc, arg):
    with pytest.raises(exc, match=f"'{arg}'"):
        plot.gait_curves({"left": np.zeros((2, 101))}, **kwargs)
    assert plt.get_fignums() == []  # a bad argument opens no figure


# ---- gait_curve_panel ----------------------------------------------------------------------

def test_panel_has_one_axes_per_quantity():
    base = np.linspace(0.0, 1.0, 101)
    curves = {"left": np.vstack([base - 1, base + 1]), "right": np.vstack([base, base])}
    fig = plot.gait_curve_panel(
        {"pelvic obliquity": curves, "hip adduction": curves, "hip flexion": curves,
         "knee flexion": curves},
        foot_off_percent={"left": 60, "right": 62}, ylabels={"hip adduction": "[deg]"},
        ncols=3, suptitle="trial 1")
    assert len(fig.axes) == 4
    assert [a.get_title() for a in fig.axes] == ["pelvic obliquity", "hip adduction",
                                                 "hip flexion", "knee flexion"]
    assert fig.axes[1].get_ylabel() == "[deg]" and fig.axes[0].get_ylabel() == ""
    for a in fig.axes:
        assert len(a.patches) == 2
        assert_band_is(a, "left", base, np.full(101, np.sqrt(2.0)))  # SD of (-1, +1) = sqrt 2
    assert fig.get_suptitle() == "trial 1"


@pytest.mark.parametrize("args, kwargs, exc, arg", [
    (({},), {}, ValueError, "curves_by_quantity"),
    (([1],), {}, TypeError, "curves_by_quantity"),
    (({"a": {"left": np.zeros((1, 101))}},), {"ncols": 0}, ValueError, "ncols"),
    (({"a": {"left": np.zeros((1, 101))}},), {"ncols": 1.5}, TypeError, "ncols"),
    (({"a": {"left": np.zeros((1, 101))}},), {"ylabels": {"b": "x"}}, ValueError, "ylabels"),
    (({"a": {"left": np.zeros((1, 100))}},), {}, ValueError, "curves"),
])
def test_panel_bad_input(args, kwargs, exc, arg):
    with pytest.raises(exc, match=f"'{arg}'"):
        plot.gait_curve_panel(*args, **kwargs)
    assert plt.get_fignums() == []  # no figure left behind


# ---- asymmetry_bars ------------------------------------------------------------------------

TABLE = pd.DataFrame({
    "metric": ["pelvic drop", "knee valgus", "hip abduction moment"],
    "estimate": [12.5, -4.0, np.nan],
    "ci_low": [3.0, -9.5, np.nan],
    "ci_high": [20.0, 1.5, np.nan],
    "method": ["SI"] * 3,  # extra columns are ignored
})


def test_bars_whiskers_zero_and_threshold():
    ax = plot.asymmetry_bars(TABLE, threshold=10)
    for i in range(2):
        (bar,) = by_gid(ax.patches, f"bar:{i}")
        assert bar.get_x() == 0.0 and bar.get_width() == TABLE["estimate"][i]
        assert bar.get_y() + bar.get_height() / 2 == pytest.approx(i, abs=1e-12)
        (ci,) = by_gid(ax.lines, f"ci:{i}")
        np.testing.assert_array_equal(ci.get_xdata(), [TABLE["ci_low"][i], TABLE["ci_high"][i]])
        np.testing.assert_array_equal(ci.get_ydata(), [i, i])
    assert by_gid(ax.patches, "bar:2") == [] and by_gid(ax.lines, "ci:2") == []
    (na,) = by_gid(ax.texts, "na:2")
    assert na.get_text().strip() == "n/a" and na.get_position()[1] == 2
    (zero,) = by_gid(ax.lines, "zero")
    np.testing.assert_array_equal(zero.get_xdata(), [0, 0])
    thresholds = sorted(line.get_xdata()[0] for line in by_gid(ax.lines, "threshold"))
    assert thresholds == [-10.0, 10.0]
    assert all(line.get_linestyle() == "--" for line in by_gid(ax.lines, "threshold"))
    assert [t.get_text() for t in ax.get_yticklabels()] == list(TABLE["metric"])
    assert ax.get_ylim()[0] > ax.get_ylim()[1]  # first row on top
    assert ax.get_xlabel() == "symmetry index [%]"


def test_bars_accept_dicts_and_records_and_no_threshold():
    records = TABLE[["metric", "estimate", "ci_low", "ci_high"]].to_dict("records")
    ax = plot.asymmetry_bars(records, xlabel="symmetry angle [%]")
    assert by_gid(ax.lines, "threshold") == [] and ax.get_xlabel() == "symmetry angle [%]"
    assert by_gid(ax.patches, "bar:1")[0].get_width() == -4.0
    ax = plot.asymmetry_bars(TABLE.to_dict("list"))
    assert len(by_gid(ax.texts, "na:2")) == 1
    ax = plot.asymmetry_bars(TABLE.iloc[:0])  # an empty table draws the zero line only
    assert len(ax.patches) == 0 and len(by_gid(ax.lines, "zero")) == 1


def test_bar_with_nan_ci_has_no_whisker():
    t = pd.DataFrame({"metric": ["x"], "estimate": [3.0], "ci_low": [np.nan], "ci_high": [5.0]})
    ax = plot.asymmetry_bars(t)
    assert len(by_gid(ax.patches, "bar:0")) == 1 and by_gid(ax.lines, "ci:0") == []


@pytest.mark.parametrize("table, kwargs, exc, arg", [
    (TABLE.drop(columns="ci_low"), {}, ValueError, "table"),
    (TABLE.assign(estimate=["a", "b", "c"]), {}, TypeError, "table"),
    (TABLE.assign(estimate=[np.inf, 0, 0]), {}, ValueError, "table"),
    (TABLE.assign(ci_low=[30.0, -9.5, np.nan]), {}, ValueError, "table"),
    (np.zeros((3, 4)), {}, TypeError, "table"),
    ("table", {}, TypeError, "table"),
    (TABLE, {"threshold": -5}, ValueError, "threshold"),
    (TABLE, {"threshold": float("nan")}, ValueError, "threshold"),
    (TABLE, {"threshold": "10"}, TypeError, "threshold"),
    (TABLE, {"xlabel": 1}, TypeError, "xlabel"),
    (TABLE, {"ax": 1}, TypeError, "ax"),
])
def test_asymmetry_bars_bad_input(table, kwargs, exc, arg):
    with pytest.raises(exc, match=f"'{arg}'"):
        plot.asymmetry_bars(table, **kwargs)


# ---- bland_altman --------------------------------------------------------------------------

# Bland & Altman (1986), Table 1: peak expiratory flow [l/min], Wright vs mini Wright meter.
WRIGHT = np.array([494, 395, 516, 434, 476, 557, 413, 442, 650, 433, 417, 656, 267, 478, 178,
                   423, 427], dtype=float)
MINI = np.array([512, 430, 520, 428, 500, 600, 364, 380, 658, 445, 432, 626, 260, 477, 259,
                 350, 451], dtype=float)


def hline_y(ax, gid):
    (line,) = by_gid(ax.lines, gid)
    y = line.get_ydata()
    assert y[0] == y[1]
    return y[0]


def test_bland_altman_lines_at_bias_and_limits():
    ax = plot.bland_altman(stats.bland_altman(WRIGHT, MINI), xlabel="mean PEF [l/min]")
    d = WRIGHT - MINI
    bias, sd = d.mean(), d.std(ddof=1)
    assert round(bias, 1) == -2.1 and round(sd, 1) == 38.8  # the published values
    assert hline_y(ax, "bias") == pytest.approx(bias, rel=1e-12)
    assert hline_y(ax, "loa_low") == pytest.approx(bias - 1.96 * sd, rel=1e-3)  # z = 1.95996
    assert hline_y(ax, "loa_high") == pytest.approx(bias + 1.96 * sd, rel=1e-3)
    assert hline_y(ax, "zero") == 0.0
    (pts,) = by_gid(ax.collections, "points")
    np.testing.assert_allclose(pts.get_offsets(), np.column_stack([(WRIGHT + MINI) / 2, d]))
    # CI bands: the bias CI is the one-sample t interval of the differences (scipy-free check:
    # t(0.975, 16) = 2.1199 from tables); each limit's band contains the limit.
    (bias_ci,) = by_gid(ax.patches, "bias_ci")
    lo, hi = bias_ci.get_y(), bias_ci.get_y() + bias_ci.get_height()
    half = 2.1199 * sd / np.sqrt(d.size)
    assert lo == pytest.approx(bias - half, rel=1e-3) and hi == pytest.approx(bias + half, rel=1e-3)
    for gid, limit in (("loa_low_ci", bias - 1.96 * sd), ("loa_high_ci", bias + 1.96 * sd)):
        (span,) = by_gid(ax.patches, gid)
        assert span.get_y() < limit < span.get_y() + span.get_height()
    assert ax.get_xlabel() == "mean PEF [l/min]" and ax.get_ylabel() == "a - b"
    assert ax.get_legend().get_texts()[0].get_text() == "pairs (n=17)"


def test_bland_altman_from_two_arrays_with_options():
    a = np.append(WRIGHT, np.nan)
    b = np.append(MINI, 400.0)
    ax = plot.bland_altman(pd.Series(a), b.tolist(), missing="omit", percent=True)
    pct = 100 * (WRIGHT - MINI) / np.abs((WRIGHT + MINI) / 2)
    assert hline_y(ax, "bias") == pytest.approx(pct.mean(), rel=1e-12)
    assert hline_y(ax, "loa_high") == pytest.approx(pct.mean() + 1.96 * pct.std(ddof=1), rel=1e-3)
    assert ax.get_legend().get_texts()[0].get_text() == "pairs (n=17, 1 missing)"
    assert "%" in ax.get_ylabel()


def test_bland_altman_undefined_bias_draws_points_and_the_note():
    r = stats.bland_altman(np.append(WRIGHT, np.nan), np.append(MINI, 1.0))  # propagate
    assert np.isnan(r.bias)
    ax = plot.bland_altman(r)
    assert by_gid(ax.lines, "bias") == [] and by_gid(ax.lines, "loa_low") == []
    assert len(by_gid(ax.collections, "points")[0].get_offsets()) == 17
    assert "undefined" in by_gid(ax.texts, "note")[0].get_text()


@pytest.mark.parametrize("args, kwargs, exc, arg", [
    ((WRIGHT,), {}, TypeError, "result"),
    (("x",), {}, TypeError, "result"),
    ((WRIGHT, MINI[:-1]), {}, ValueError, "b"),  # from hipmech.stats: unequal lengths
    ((WRIGHT, MINI), {"confidence": 2}, ValueError, "confidence"),
    ((WRIGHT, MINI), {"percent": "yes"}, TypeError, "percent"),
    ((WRIGHT, MINI), {"ax": 0}, TypeError, "ax"),
])
def test_bland_altman_bad_input(args, kwargs, exc, arg):
    with pytest.raises(exc, match=f"'{arg}'"):
        plot.bland_altman(*args, **kwargs)


def test_bland_altman_result_with_contradicting_arguments():
    r = stats.bland_altman(WRIGHT, MINI)
    with pytest.raises(ValueError, match="'percent'"):
        plot.bland_altman(r, percent=True)
    with pytest.raises(TypeError, match="'b'"):
        plot.bland_altman(r, MINI)
    with pytest.raises(TypeError, match="'missing'"):
        plot.bland_altman(r, missing="omit")


# ---- matplotlib is optional ----------------------------------------------------------------

def test_import_without_matplotlib_and_the_error_on_use():
    code = textwrap.dedent("""
        import sys
        sys.modules["matplotlib"] = None  # every import of matplotlib now fails
        import hipmech, hipmech.plot
        from hipmech import plot
        for call in (lambda: plot.gait_curves({"left": [[0.0] * 101]}),
                     lambda: plot.asymmetry_bars([]),
                     lambda: plot.bland_altman([1.0, 2.0], [1.0, 2.5]),
                     lambda: plot.gait_curve_panel({"a": {}})):
            try:
                call()
            except ImportError as exc:
                assert str(exc) == "hipmech.plot needs matplotlib: pip install 'hipmech[plot]'", exc
            else:
                raise SystemExit("no ImportError")
        assert "matplotlib.pyplot" not in sys.modules
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
