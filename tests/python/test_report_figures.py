"""hipmech.report.write's figures and page options: side colours and line styles, SVG, a
normative corridor from CSV, the page's header, what is said when there is nothing to draw,
and atomic writes.

The report is that of a synthetic walking trial (hipmech.synth, as ``hipmech demo`` builds
it). Expected values are the inputs themselves: the corridor drawn is the CSV's mean ± SD, the
colours are the ones asked for.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
import pandas as pd  # noqa: E402

from hipmech import plot  # noqa: E402
from hipmech import report as R  # noqa: E402
from hipmech import synth  # noqa: E402


@pytest.fixture(scope="module")
def rep():
    walk = synth.walking(n_strides=4, seed=3)
    return R.analyse(walk.trial, n_resamples=50)


def _corridor(curve="hip_adduction_deg", step=5.0):
    x = np.arange(0.0, 100.0 + step / 2, step)
    return pd.DataFrame({"curve": curve, "percent_cycle": x, "mean": np.cos(x / 20.0),
                         "sd": 1.5})


def test_default_sides_are_red_solid_and_green_dashed():
    assert plot.COLORS == {"left": "#d62728", "right": "#2ca02c"}
    assert plot.LINESTYLES == {"left": "-", "right": "--"}


def test_png_at_200_dpi_referenced_by_relative_paths(rep, tmp_path):
    files = R.write(rep, tmp_path)
    figs = {k: p for k, p in files.items() if k not in ("html", "json")}
    assert len(figs) == len(R.CURVES) + 3  # curves; difference, SI and SA bars
    from PIL import Image

    for p in figs.values():
        assert p.suffix == ".png" and p.parent == tmp_path
        with Image.open(p) as im:
            dpi = im.info.get("dpi")
        assert dpi is not None and round(dpi[0]) == 200
    text = files["html"].read_text(encoding="utf-8")
    assert sorted(re.findall(r"<img [^>]*src='([^']*)'", text)) == sorted(
        p.name for p in figs.values())
    assert "base64" not in text
    # Written through temporary files renamed into place: none is left behind.
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_svg_figures(rep, tmp_path):
    files = R.write(rep, tmp_path, figure_format="svg")
    figs = [p for k, p in files.items() if k not in ("html", "json")]
    assert figs and all(p.suffix == ".svg" and b"<svg" in p.read_bytes()[:2000] for p in figs)
    assert not list(tmp_path.glob("*.png"))
    text = files["html"].read_text(encoding="utf-8")
    assert "src='curves_hip_adduction_deg.svg'" in text


def _spy_gait_curves(monkeypatch, look):
    """Record ``look(ax)`` of every report figure drawn by plot.gait_curves, by title, when
    it is drawn (the report reuses one Axes for its curve figures)."""
    seen = {}
    original = plot.gait_curves

    def spy(curves, **kw):
        ax = original(curves, **kw)
        seen[kw["title"]] = look(ax)
        return ax

    monkeypatch.setattr(plot, "gait_curves", spy)
    return seen


def test_colours_and_line_styles_reach_the_figure(rep, monkeypatch, tmp_path):
    def look(ax):
        lines = {ln.get_gid(): (ln.get_color(), ln.get_linestyle()) for ln in ax.lines}
        return lines, [t.get_text() for t in ax.get_legend().get_texts()]

    seen = _spy_gait_curves(monkeypatch, look)
    files = R.write(rep, tmp_path, colors={"left": "black"})
    by, legend = next(iter(seen.values()))
    assert matplotlib.colors.same_color(by["mean:left"][0], "black")
    assert matplotlib.colors.same_color(by["mean:right"][0], plot.RIGHT_COLOR)
    assert by["mean:left"][1] == "-" and by["mean:right"][1] == "--"
    assert legend[0].startswith("left (solid, n=") and legend[1].startswith("right (dashed, n=")
    text = files["html"].read_text(encoding="utf-8")
    assert "left black, solid line; right green, dashed line" in text


def test_normative_corridor_from_csv_is_drawn_grey_behind_the_curves(rep, monkeypatch,
                                                                     tmp_path):
    csv = tmp_path / "norm.csv"
    band = _corridor()
    band.to_csv(csv, index=False)

    def look(ax):
        bands = [(np.concatenate([p.vertices for p in c.get_paths()]), c.get_zorder(),
                  c.get_facecolor()[0][:3]) for c in ax.collections
                 if c.get_gid() == "normative"]
        means = [ln.get_zorder() for ln in ax.lines if ln.get_gid().startswith("mean:")]
        return bands, means, [t.get_text() for t in ax.get_legend().get_texts()]

    seen = _spy_gait_curves(monkeypatch, look)
    files = R.write(rep, tmp_path / "out", normative=csv)
    bands, means, legend = seen["hip adduction"]
    ((v, zorder, colour),) = bands
    mean = np.interp(v[:, 0], band["percent_cycle"], band["mean"])
    assert np.all(np.isclose(v[:, 1], mean - 1.5) | np.isclose(v[:, 1], mean + 1.5))
    assert zorder < min(means)
    assert matplotlib.colors.same_color(colour, plot.NORMATIVE_COLOR)
    assert "normative mean ± 1 SD" in legend
    # Only the curve the file names gets a band.
    assert not seen["knee valgus"][0]
    assert "Grey band: the normative mean ± 1 SD" in files["html"].read_text(encoding="utf-8")


@pytest.mark.parametrize("text, expected", [
    ("curve,percent,mean,sd\nhip_adduction_deg,0,1,1\n", "missing percent_cycle"),
    ("curve,percent_cycle,mean,sd\nhip_abduction_deg,0,1,1\nhip_abduction_deg,100,1,1\n",
     "curve names from hipmech.report.CURVES"),
    ("curve,percent_cycle,mean,sd\nhip_adduction_deg,0,1,1\nhip_adduction_deg,100,abc,1\n",
     "finite numbers in column 'mean', got 'abc' (line 3)"),
    ("curve,percent_cycle,mean,sd\nhip_adduction_deg,0,1,1\nhip_adduction_deg,100,1,-1\n",
     "sd >= 0"),
    ("curve,percent_cycle,mean,sd\nhip_adduction_deg,0,1,1\nhip_adduction_deg,120,1,1\n",
     "percent_cycle in [0, 100]"),
    ("curve,percent_cycle,mean,sd\nhip_adduction_deg,0,1,1\n", "at least two rows"),
    ("", "pandas cannot read"),
])
def test_bad_normative_csv_names_the_file_and_what_was_expected(rep, tmp_path, text, expected):
    csv = tmp_path / "bad norm.csv"
    csv.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ValueError) as err:
        R.write(rep, out, normative=csv)
    msg = str(err.value)
    assert "argument 'normative'" in msg and str(csv) in msg and expected in msg, msg
    assert not out.exists()  # checked before anything is written


def test_bad_normative_and_options(rep, tmp_path):
    with pytest.raises(FileNotFoundError, match="normative.*nope.csv"):
        R.write(rep, tmp_path, normative=tmp_path / "nope.csv")
    with pytest.raises(TypeError, match="normative"):
        R.write(rep, tmp_path, normative=42)
    with pytest.raises(ValueError, match="normative': DataFrame: expected columns"):
        R.write(rep, tmp_path, normative=pd.DataFrame({"curve": ["hip_adduction_deg"]}))
    with pytest.raises(ValueError, match="figure_format"):
        R.write(rep, tmp_path, figure_format="jpg")
    with pytest.raises(ValueError, match="colors"):
        R.write(rep, tmp_path, colors={"left": "not-a-colour"})
    with pytest.raises(ValueError, match="colors"):
        R.write(rep, tmp_path, colors={"middle": "red"})
    with pytest.raises(TypeError, match="colors"):
        R.write(rep, tmp_path, colors="red")
    with pytest.raises(TypeError, match="patient"):
        R.write(rep, tmp_path, patient=123)
    with pytest.raises(ValueError, match="linestyles"):
        plot.gait_curves({"left": np.zeros((1, 101))}, linestyles={"left": "wavy"})


def test_header_patient_and_session_escaped_or_left_out(rep, tmp_path):
    text = R.write(rep, tmp_path / "a", figures=False, patient="<b>Doe</b> & Co",
                   session="2026-12-06")["html"].read_text(encoding="utf-8")
    assert "<b>Doe</b>" not in text and "&lt;b&gt;Doe&lt;/b&gt; &amp; Co" in text
    assert "<p class='who'>" in text and "2026-12-06" in text
    # This report carries no subject name or session date: the fields are left out.
    text = R.write(rep, tmp_path / "b", figures=False)["html"].read_text(encoding="utf-8")
    assert "<p class='who'>" not in text and "<th>patient</th>" not in text
    # ... unless it does (settings or attributes named subject_name / session_date).
    carried = dataclasses.replace(rep, settings={**rep.settings, "subject_name": "P01",
                                                 "session_date": "2026-01-02"})
    text = R.write(carried, tmp_path / "c", figures=False)["html"].read_text(encoding="utf-8")
    assert "<b>patient:</b> P01" in text and "<b>session:</b> 2026-01-02" in text
    text = R.write(carried, tmp_path / "d", figures=False,
                   patient="")["html"].read_text(encoding="utf-8")
    assert "P01" not in text and "2026-01-02" in text


def _without_curves(rep, keep=()):
    empty = np.empty((0, plot.N_POINTS))
    data = {q: (rep.curves.data[q] if q in keep else {"left": empty, "right": empty})
            for q in R.CURVES}
    return dataclasses.replace(rep, curves=dataclasses.replace(rep.curves, data=data))


def test_no_curve_at_all_is_said_in_the_page_not_drawn_empty(rep, tmp_path):
    files = R.write(_without_curves(rep), tmp_path)
    assert not [k for k in files if k.startswith("curves_")]
    assert not list(tmp_path.glob("curves_*"))
    text = files["html"].read_text(encoding="utf-8")
    assert "No gait curve could be drawn: no complete gait cycle" in text
    assert "asymmetry_si.png" in text  # the asymmetry figures do not depend on cycles


def test_a_curve_without_cycles_is_listed_and_a_missing_side_is_said_in_its_axes(
        rep, tmp_path, monkeypatch):
    one = _without_curves(rep, keep=("knee_valgus_deg",))
    files = R.write(one, tmp_path / "a")
    assert [k for k in files if k.startswith("curves_")] == ["curves_knee_valgus_deg"]
    text = files["html"].read_text(encoding="utf-8")
    assert "hip adduction (+) / abduction (-) [deg]: no complete gait cycle on either side, " \
           "so no figure." in text
    # One side without a cycle: the figure is drawn and says so in the axes.
    data = dict(rep.curves.data)
    data["knee_valgus_deg"] = {"left": rep.curves.data["knee_valgus_deg"]["left"],
                               "right": np.empty((0, plot.N_POINTS))}
    half = dataclasses.replace(rep, curves=dataclasses.replace(rep.curves, data=data))
    seen = _spy_gait_curves(monkeypatch, lambda ax: [
        t.get_text() for t in ax.texts if t.get_gid() == "empty:right"])
    R.write(half, tmp_path / "b")
    assert seen["knee valgus"] == ["right: no complete cycle"]
    assert seen["hip adduction"] == []  # nothing left over from another figure


def test_every_label_fits_inside_its_figure_drawn_once(rep, tmp_path, monkeypatch):
    # The figures are laid out by measuring their labels (no bbox_inches="tight", which drew
    # each figure twice). Independent check: matplotlib's own tight box of everything drawn
    # (tick labels, axis labels, title, legend) lies inside the figure, with the 0.1 inch pad
    # kept on the sides it was fitted to; and each figure is drawn exactly once.
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from hipmech.report import _html

    figures, draws, boxes = [], [], []
    fit = _html._fit_margins

    def spy_fit(fig):
        pinned = fit(fig)
        figures.append(fig)
        return pinned

    original_draw = FigureCanvasAgg.draw

    def spy_draw(canvas):
        draws.append(canvas.figure)
        original_draw(canvas)
        # Measured right after the figure's one draw (its Axes is reused for the next one).
        (ax,) = canvas.figure.axes
        boxes.append((ax.get_tightbbox(canvas.get_renderer()), canvas.figure.bbox.frozen(),
                      canvas.figure.dpi))

    monkeypatch.setattr(_html, "_fit_margins", spy_fit)
    monkeypatch.setattr(FigureCanvasAgg, "draw", spy_draw)
    files = R.write(rep, tmp_path)
    assert len(figures) == len(R.CURVES) + 3
    assert [id(f) for f in draws] == [id(f) for f in figures]  # one draw per figure
    from PIL import Image

    for box, page, dpi in boxes:  # pixels
        pad = 0.1 * dpi
        assert box.x0 >= page.x0 + 0.5 * pad and box.y0 >= page.y0 + 0.5 * pad
        assert box.x1 <= page.x1 - 0.5 * pad and box.y1 <= page.y1 - 0.5 * pad
        # ... and not a lot of empty space either: the labels are within a pixel of the pad
        # on the left (y labels) and at the bottom (x label).
        assert abs(box.x0 - page.x0 - pad) < 2 and abs(box.y0 - page.y0 - pad) < 2
    for name in ("curves_hip_adduction_deg", "asymmetry_si"):
        with Image.open(files[name]) as im:
            assert im.size[0] == 1200  # 6 in at 200 dpi, not cropped


def _pixels(path):
    from PIL import Image

    with Image.open(path) as im:
        return np.asarray(im.convert("RGBA")), im.info.get("dpi"), im.info.get("Software")


def test_reused_figures_are_the_pixels_of_new_ones_written_by_matplotlib(rep, tmp_path,
                                                                         monkeypatch):
    # The report draws its figures on Axes reused from figure to figure and from report to
    # report, and writes the PNG itself (RGB when opaque). Oracle: each figure drawn on a new
    # Figure and written by matplotlib's own savefig(format="png"), as before issue 22; the
    # decoded pixels must be equal, and so the dpi and the Software text.
    import io

    from hipmech.report import _html

    other = R.analyse(synth.walking(n_strides=3, seed=7).trial, n_resamples=20,
                      reference="right")
    # A curve whose y axis needs an offset ("+1e4"): its title is left to matplotlib's
    # placement, which a reused Axes no longer does (the report draws it again on a new one).
    data = dict(rep.curves.data)
    data["knee_valgus_deg"] = {s: 1e4 + 1e-3 * np.asarray(v)
                               for s, v in data["knee_valgus_deg"].items()}
    offset = dataclasses.replace(rep, curves=dataclasses.replace(rep.curves, data=data))
    R.write(other, tmp_path / "warm")  # the pool now holds Axes drawn with another trial
    reports = {"rep": rep, "offset": offset}
    pooled = {k: R.write(r, tmp_path / "pooled" / k) for k, r in reports.items()}
    original_pool = _html._pooled_axes

    def fresh(kind, size, fresh=False):
        return original_pool(kind, size, fresh=True)

    def matplotlib_png(fig, fmt):
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=_html.PNG_DPI)
        return buf.getvalue()

    monkeypatch.setattr(_html, "_pooled_axes", fresh)
    monkeypatch.setattr(_html, "_encode", matplotlib_png)
    for k, r in reports.items():
        new = R.write(r, tmp_path / "new" / k)
        names = [n for n in new if n not in ("html", "json")]
        assert names == [n for n in pooled[k] if n not in ("html", "json")] and len(names) == 9
        for name in names:
            a, b = _pixels(pooled[k][name]), _pixels(new[name])
            assert a[0].shape == b[0].shape and np.array_equal(a[0], b[0]), (k, name)
            assert a[1:] == b[1:], (k, name)


def test_difference_axis_names_the_sides_in_their_order(tmp_path, monkeypatch):
    # The report's difference is the other side's mean minus the reference side's (the
    # summary's columns); the axis says so, "right - left" by default, flipped with
    # reference="right".
    seen = {}
    original = plot.asymmetry_bars

    def spy(table, **kw):
        seen[kw["xlabel"]] = table
        return original(table, **kw)

    monkeypatch.setattr(plot, "asymmetry_bars", spy)
    trial = synth.walking(n_strides=4, seed=3).trial
    for reference, other in (("left", "right"), ("right", "left")):
        r = R.analyse(trial, n_resamples=20, reference=reference)
        seen.clear()
        R.write(r, tmp_path / reference)
        table = seen[f"{other} - {reference} difference [deg]"]
        angles = r.summary[r.summary["unit"] == "deg"]
        expected = angles[f"{other}_mean"] - angles[f"{reference}_mean"]
        np.testing.assert_allclose(table["estimate"], expected, rtol=1e-12)
