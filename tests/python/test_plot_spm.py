"""hipmech.plot.spm: the two panels of an SPM figure (curves' mean ± SD, the statistic field with
its threshold and clusters) render headless (Agg) with each element where it belongs.

The expected numbers are independent of hipmech: the curves' mean and SD (ddof=1) from numpy on
the same arrays, and the statistic field, threshold and cluster endpoints and p values from
spm1d 0.4.55 (Pataky 2016, J Stat Softw 71(7); GPL-3, a test-only oracle that is run, never
read or copied; equal_var=True for the ANOVA; spm1d.stats.nonparam with iterations=-1 for
the exact permutation test; docs: spm).
"""

from __future__ import annotations

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from hipmech import plot  # noqa: E402

spm = pytest.importorskip("hipmech.spm")
spm1d = pytest.importorskip("spm1d")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def by_gid(artists, gid):
    return [a for a in artists if a.get_gid() == gid]


def smooth(rng, shape, fwhm_nodes=20.0):
    """Smooth Gaussian noise: white noise convolved with a Gaussian kernel of this FWHM (nodes),
    unit SD per node."""
    sigma = fwhm_nodes / np.sqrt(8 * np.log(2))
    k = np.arange(-int(4 * sigma), int(4 * sigma) + 1)
    kernel = np.exp(-0.5 * (k / sigma) ** 2)
    pad = len(k)
    white = rng.normal(size=(shape[0], shape[1] + 2 * pad))
    y = np.array([np.convolve(w, kernel, mode="same") for w in white])[:, pad:-pad]
    return y / np.sqrt((kernel ** 2).sum())


def pre_post(seed=0, n=12, q=101):
    """Pre/post curves with a positive effect at 20-40 % and a negative one at 70-80 %."""
    rng = np.random.default_rng(seed)
    x = np.linspace(0.0, 100.0, q)
    pre = 4.0 * np.sin(2 * np.pi * x / 100.0) + 2.0 * smooth(rng, (n, q))
    bump = 2.5 * np.exp(-0.5 * ((x - 30.0) / 5.0) ** 2) - 2.5 * np.exp(-0.5 * ((x - 75.0) / 3.0)
                                                                       ** 2)
    post = pre + bump + 0.6 * smooth(rng, (n, q))
    return post, pre


def cluster_x(collection):
    v = np.concatenate([p.vertices for p in collection.get_paths()])
    return v[:, 0].min(), v[:, 0].max(), v


def test_paired_figure_against_numpy_and_spm1d():
    post, pre = pre_post()
    r = spm.ttest_paired(post, pre)
    ref = spm1d.stats.ttest_paired(post, pre).inference(0.05, two_tailed=True, interp=True)
    assert len(ref.clusters) == 2  # the data's own answer: one cluster up, one down

    fig = plot.spm(r, labels=("post", "pre"), ylabel="pelvic obliquity [deg]", title="programme")
    top, bottom = fig.axes
    # Top: mean and SD (ddof=1) of each label from numpy, against 0..100 %.
    x = np.linspace(0.0, 100.0, 101)
    for name, data, colour in (("post", post, "#1f77b4"), ("pre", pre, "#ff7f0e")):
        (line,) = by_gid(top.lines, f"mean:{name}")
        np.testing.assert_allclose(line.get_xdata(), x, atol=1e-12)
        np.testing.assert_allclose(line.get_ydata(), data.mean(axis=0), rtol=0, atol=1e-10)
        assert matplotlib.colors.same_color(line.get_color(), colour)
        (band,) = by_gid(top.collections, f"sd:{name}")
        v = np.concatenate([p.vertices for p in band.get_paths()])
        col = np.rint(v[:, 0]).astype(int)
        m, s = data.mean(axis=0), data.std(axis=0, ddof=1)
        assert np.all(np.isclose(v[:, 1], (m - s)[col], atol=1e-9) |
                      np.isclose(v[:, 1], (m + s)[col], atol=1e-9))
    legend = [t.get_text() for t in top.get_legend().get_texts()]
    assert legend == ["post (solid)", "pre (dashed)"]
    assert top.get_title() == "programme" and top.get_ylabel() == "pelvic obliquity [deg]"

    # Bottom: the field, the two thresholds at -/+ spm1d's zstar, one shaded area per cluster
    # spanning spm1d's interpolated endpoints, its p value written.
    (zline,) = by_gid(bottom.lines, "z")
    np.testing.assert_allclose(zline.get_xdata(), x, atol=1e-12)
    np.testing.assert_allclose(zline.get_ydata(), ref.z, rtol=0, atol=1e-8)
    levels = sorted(line.get_ydata()[0] for line in by_gid(bottom.lines, "threshold"))
    np.testing.assert_allclose(levels, [-ref.zstar, ref.zstar], rtol=1e-6)
    assert bottom.get_ylabel() == "SPM{t}" and bottom.get_xlabel() == "cycle [%]"
    assert len([c for c in bottom.collections if str(c.get_gid()).startswith("cluster:")]) == 2
    for i, c in enumerate(ref.clusters):
        (patch,) = by_gid(bottom.collections, f"cluster:{i}")
        lo, hi, v = cluster_x(patch)
        start, end = c.endpoints  # nodes, and 101 nodes: 1 node = 1 %
        assert lo == pytest.approx(start, abs=1e-6) and hi == pytest.approx(end, abs=1e-6)
        # Shaded between the threshold and the field, on the cluster's side of zero.
        assert np.all(c.csign * v[:, 1] >= ref.zstar - 1e-6)
        (text,) = by_gid(bottom.texts, f"p:{i}")
        expected = "p < 0.001" if c.P < 0.001 else f"p = {c.P:.3f}"
        assert text.get_text() == expected
    assert "α = 0.05" in bottom.get_title() and "two-tailed" in bottom.get_title()
    assert "random field theory" in bottom.get_title()


def test_one_tailed_and_anova_draw_one_threshold():
    post, pre = pre_post(seed=1)
    r = spm.ttest_paired(post, pre, two_tailed=False)
    fig = plot.spm(r)
    bottom = fig.axes[1]
    (thr,) = by_gid(bottom.lines, "threshold")
    ref = spm1d.stats.ttest_paired(post, pre).inference(0.05, two_tailed=False, interp=True)
    assert thr.get_ydata()[0] == pytest.approx(ref.zstar, rel=1e-6)
    assert "one-tailed" in bottom.get_title()
    # The negative effect is not a cluster of a one-tailed test.
    n_clusters = len([c for c in bottom.collections if str(c.get_gid()).startswith("cluster:")])
    assert n_clusters == len(ref.clusters)

    rng = np.random.default_rng(4)
    y = smooth(rng, (18, 101))
    groups = np.repeat([0, 1, 2], 6)
    y[groups == 2] += 1.5 * np.exp(-0.5 * ((np.arange(101) - 50) / 8.0) ** 2)
    r = spm.anova1(y, groups)
    ref = spm1d.stats.anova1(y, groups, equal_var=True).inference(0.05, interp=True)
    fig = plot.spm(r)
    top, bottom = fig.axes
    (thr,) = by_gid(bottom.lines, "threshold")
    assert thr.get_ydata()[0] == pytest.approx(ref.zstar, rel=1e-6)
    assert bottom.get_ylabel() == "SPM{F}"
    assert len(by_gid(top.lines, "mean:" + str(r.curve_labels[0]))) == 1
    assert len([a for a in top.lines if str(a.get_gid()).startswith("mean:")]) == 3


def test_nodes_axis_single_axes_and_no_cluster():
    rng = np.random.default_rng(2)
    a = smooth(rng, (10, 51))
    b = a + 0.5 * smooth(rng, (10, 51))  # no effect
    r = spm.ttest_paired(a, b)
    ref = spm1d.stats.ttest_paired(a, b).inference(0.05, two_tailed=True, interp=True)
    assert len(ref.clusters) == 0
    fig, ax = plt.subplots()
    out = plot.spm(r, ax, x_percent=False, title="no effect")
    assert out is fig and fig.axes == [ax]  # the SPM panel only
    (zline,) = by_gid(ax.lines, "z")
    np.testing.assert_array_equal(zline.get_xdata(), np.arange(51.0))
    assert ax.get_xlim() == (0.0, 50.0) and ax.get_xlabel() == "node"
    assert not [c for c in ax.collections if str(c.get_gid()).startswith("cluster:")]
    assert "no supra-threshold cluster" in ax.get_title() and "no effect" in ax.get_title()
    # Percent of the cycle with 51 nodes: 2 % per node.
    fig = plot.spm(r)
    (zline,) = by_gid(fig.axes[1].lines, "z")
    np.testing.assert_allclose(zline.get_xdata(), np.arange(51.0) * 2.0)


def test_two_axes_given_and_side_labels_take_the_side_colours():
    post, pre = pre_post(seed=3)
    r = spm.ttest_paired(post, pre)
    fig, axes = plt.subplots(1, 2)
    out = plot.spm(r, axes, labels={r.curve_labels[0]: "left", r.curve_labels[1]: "right"})
    assert out is fig
    (left,) = by_gid(axes[0].lines, "mean:left")
    (right,) = by_gid(axes[0].lines, "mean:right")
    assert matplotlib.colors.same_color(left.get_color(), plot.LEFT_COLOR)
    assert left.get_linestyle() == "-"
    assert matplotlib.colors.same_color(right.get_color(), plot.RIGHT_COLOR)
    assert right.get_linestyle() == "--"
    assert len(by_gid(axes[1].lines, "z")) == 1
    fig = plot.spm(r, labels=("post", "pre"), colors={"pre": "black"})
    (line,) = by_gid(fig.axes[0].lines, "mean:pre")
    assert matplotlib.colors.same_color(line.get_color(), "black")


def test_bad_arguments_name_themselves():
    post, pre = pre_post()
    r = spm.ttest_paired(post, pre)
    with pytest.raises(TypeError, match="'result'"):
        plot.spm(np.zeros(101))
    with pytest.raises(TypeError, match="'ax'"):
        plot.spm(r, ax="top")
    with pytest.raises(TypeError, match="'x_percent'"):
        plot.spm(r, x_percent=1)
    with pytest.raises(ValueError, match="'labels'"):
        plot.spm(r, labels=("only one",))
    with pytest.raises(ValueError, match="'labels'"):
        plot.spm(r, labels={"nope": "x"})
    with pytest.raises(ValueError, match="'colors'"):
        plot.spm(r, colors={r.curve_labels[0]: "not a colour"})
    with pytest.raises(TypeError, match="'title'"):
        plot.spm(r, title=3)


def test_permutation_result_threshold_and_rule():
    post, pre = pre_post(seed=5, n=9)  # 2^9 = 512 sign flips: an exact test
    r = spm.ttest_paired(post, pre, method="permutation")
    ref = spm1d.stats.nonparam.ttest_paired(post, pre).inference(
        0.05, iterations=-1, two_tailed=True, cluster_metric="MaxClusterIntegral")
    fig = plot.spm(r)
    bottom = fig.axes[1]
    levels = sorted(line.get_ydata()[0] for line in by_gid(bottom.lines, "threshold"))
    np.testing.assert_allclose(levels, [-ref.zstar, ref.zstar], rtol=1e-9)
    assert "permutation" in bottom.get_title() and "two-tailed" in bottom.get_title()
    n_clusters = len([c for c in bottom.collections if str(c.get_gid()).startswith("cluster:")])
    assert n_clusters == len(ref.clusters) >= 1
    for i, c in enumerate(ref.clusters):
        (patch,) = by_gid(bottom.collections, f"cluster:{i}")
        lo, hi, _ = cluster_x(patch)
        assert lo == pytest.approx(c.endpoints[0], abs=1e-6)
        assert hi == pytest.approx(c.endpoints[1], abs=1e-6)


def edge_effects(seed=6, n=10, q=101):
    """Pre/post curves that differ at both ends of the cycle (clusters reaching 0 % and 100 %)."""
    rng = np.random.default_rng(seed)
    x = np.linspace(0.0, 100.0, q)
    pre = 3.0 * np.sin(2 * np.pi * x / 100.0) + 2.0 * smooth(rng, (n, q))
    bump = 2.5 * np.exp(-0.5 * (x / 6.0) ** 2) - 2.5 * np.exp(-0.5 * ((x - 100.0) / 6.0) ** 2)
    return pre + bump + 0.6 * smooth(rng, (n, q)), pre


def test_legend_below_the_panel_and_p_values_inside_the_axes():
    post, pre = edge_effects()
    r = spm.ttest_paired(post, pre)
    ref = spm1d.stats.ttest_paired(post, pre).inference(0.05, two_tailed=True, interp=True)
    # The data's own answer (spm1d): a cluster starting at node 0 and one ending at node 100.
    assert min(c.endpoints[0] for c in ref.clusters) == pytest.approx(0.0, abs=1e-9)
    assert max(c.endpoints[1] for c in ref.clusters) == pytest.approx(100.0, abs=1e-9)
    fig = plot.spm(r, labels=("post", "pre"))
    top, bottom = fig.axes
    # Two-tailed: the legend says ±t* (both dashed lines), at spm1d's threshold.
    legend = bottom.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [
        "SPM{t}", f"threshold ±t* = {ref.zstar:.3f}"]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = bottom.get_window_extent(renderer)
    leg = legend.get_window_extent(renderer)
    xlabel = bottom.xaxis.label.get_window_extent(renderer)
    fig_box = fig.bbox
    # Below the panel and its x-axis label, inside the figure: clear of the data.
    assert leg.y1 <= xlabel.y0 + 0.5 and leg.y1 < box.y0 and leg.y0 >= fig_box.y0 - 0.5
    # Each p value inside the axes, the edge clusters' too.
    texts = [t for t in bottom.texts if str(t.get_gid()).startswith("p:")]
    assert len(texts) == len(ref.clusters)
    for t in texts:
        e = t.get_window_extent(renderer)
        assert box.x0 - 0.5 <= e.x0 and e.x1 <= box.x1 + 0.5
        assert box.y0 - 0.5 <= e.y0 and e.y1 <= box.y1 + 0.5
    # Each cluster also shaded lightly over the panel's full height, from start to end.
    for i, c in enumerate(ref.clusters):
        (span,) = by_gid(bottom.patches, f"span:{i}")
        v = span.get_transform().transform(span.get_path().vertices)  # display coords
        ya = bottom.transAxes.inverted().transform(v)[:, 1]
        ymin, ymax = ya.min(), ya.max()
        xd = bottom.transData.inverted().transform(v)[:, 0]
        assert xd.min() == pytest.approx(c.endpoints[0], abs=1e-6)
        assert xd.max() == pytest.approx(c.endpoints[1], abs=1e-6)
        assert ymin == pytest.approx(0.0, abs=1e-9) and ymax == pytest.approx(1.0, abs=1e-9)
    # One-tailed: t* alone, one line.
    r1 = spm.ttest_paired(post, pre, two_tailed=False)
    fig = plot.spm(r1)
    assert [t.get_text() for t in fig.axes[1].get_legend().get_texts()] == [
        "SPM{t}", f"threshold t* = {r1.zstar:.3f}"]


def test_labelled_artists_drawn_before_join_the_legend_below():
    post, pre = pre_post()
    r = spm.ttest_paired(post, pre)
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, layout="constrained")
    bottom.axvspan(20.0, 40.0, facecolor="none", hatch="//", label="true effect window")
    plot.spm(r, (top, bottom))
    texts = [t.get_text() for t in bottom.get_legend().get_texts()]
    assert texts[0] == "true effect window" and texts[1] == "SPM{t}"
    assert texts[2].startswith("threshold ±t* = ")


def test_p_values_of_neighbouring_clusters_do_not_overlap():
    rng = np.random.default_rng(0)
    x = np.linspace(0.0, 100.0, 101)
    pre = 2.0 * smooth(rng, (10, 101), 8.0)
    bump = -3.0 * (np.exp(-0.5 * ((x - 30) / 2.5) ** 2) + np.exp(-0.5 * ((x - 40) / 2.5) ** 2))
    post = pre + bump + 0.5 * smooth(rng, (10, 101), 8.0)
    ref = spm1d.stats.ttest_paired(post, pre).inference(0.05, two_tailed=True, interp=True)
    # The data's own answer (spm1d): two clusters below -t*, about 10 % apart.
    assert len(ref.clusters) == 2 and all(c.csign == -1 for c in ref.clusters)
    fig = plot.spm(spm.ttest_paired(post, pre))
    bottom = fig.axes[1]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = bottom.get_window_extent(renderer)
    a, b = (t.get_window_extent(renderer) for t in sorted(
        (t for t in bottom.texts if str(t.get_gid()).startswith("p:")),
        key=lambda t: t.get_gid()))
    assert not a.overlaps(b)
    for e in (a, b):
        assert box.x0 - 0.5 <= e.x0 and e.x1 <= box.x1 + 0.5
        assert box.y0 - 0.5 <= e.y0 and e.y1 <= box.y1 + 0.5
