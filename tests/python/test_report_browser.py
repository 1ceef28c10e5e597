"""report.html is a web page: open it in a real headless browser and check what a reader gets.

The report of the synthetic demo trial (``hipmech demo``'s trial, known right-side weakness) is
written as PNG and as SVG, then loaded from disk by Chromium (Debian's ``chromium`` package)
driven by Playwright (PyPI ``playwright``, launched with ``executable_path`` on the system
browser: Playwright's own browser downloads are not used). Checked: every <img> loaded
(``complete`` and ``naturalWidth > 0``), no console error, page error or failed request, no
horizontal overflow in a 1280 px wide window, and a print layout that fits an A4 page (no
element wider than the page's content box, figures and table rows not split across pages)
from which Chromium prints a PDF of at least one page.

``bash scripts/dev setup`` installs both (TEST_PACKAGES and requirements/dev.txt). The test
skips, saying why, only when no Chromium or no Playwright can be found; set HIPMECH_CHROMIUM to
a browser binary to use another one.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from hipmech import _demo  # noqa: E402

#: A4 (210 mm) less the report's 15 mm print margins on each side, in CSS pixels (96 per inch).
A4_CONTENT_PX = int((210 - 2 * 15) / 25.4 * 96)  # 680


def _chromium() -> str | None:
    env = os.environ.get("HIPMECH_CHROMIUM")
    if env:
        return env if Path(env).is_file() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="module")
def browser():
    exe = _chromium()
    if exe is None:
        pytest.skip("no Chromium found (apt-get install chromium, or set HIPMECH_CHROMIUM; "
                    "bash scripts/dev setup installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed (pip install playwright; bash scripts/dev "
                    "setup installs it from requirements/dev.txt)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, headless=True,
                              args=["--no-sandbox", "--disable-gpu"])
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    """The demo trial's report (written as PNG by run_demo), and the same report as SVG with a
    normative corridor and a header whose text needs escaping."""
    png_dir = tmp_path_factory.mktemp("demo_png")
    result = _demo.run_demo(png_dir)
    svg_dir = tmp_path_factory.mktemp("demo_svg")
    import numpy as np
    import pandas as pd

    from hipmech import report as R

    x = np.arange(0, 101, 2.0)
    normative = pd.DataFrame({"curve": "hip_adduction_deg", "percent_cycle": x,
                              "mean": 5.0 * np.sin(2 * np.pi * x / 100), "sd": 2.0})
    svg_files = R.write(result.report, svg_dir, figure_format="svg", normative=normative,
                        patient="Doe, J. <test> & \"quotes\"", session="2026-12-06 lab 2")
    return result.files, svg_files


def _open(browser, html: Path, width: int = 1280):
    """A new page at ``width`` px showing ``html``, and the problems the browser reported."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} "
                                                       f"({r.failure})"))
    page.goto(html.resolve().as_uri(), wait_until="load")
    return page, problems


_IMAGES = """() => Array.from(document.images).map(i => ({
    src: i.getAttribute('src'), complete: i.complete, w: i.naturalWidth, h: i.naturalHeight}))"""

_OVERFLOW = """() => ({scroll: document.documentElement.scrollWidth,
                      client: document.documentElement.clientWidth})"""

# Elements whose box reaches past the right edge of the page (1 px of rounding allowed).
_TOO_WIDE = """() => {
  const w = document.documentElement.clientWidth;
  return Array.from(document.body.querySelectorAll('*'))
    .filter(e => e.getBoundingClientRect().right > w + 1)
    .map(e => e.tagName + (e.className ? '.' + e.className : '') + ' right=' +
              Math.round(e.getBoundingClientRect().right) + ' > ' + w);
}"""


@pytest.mark.parametrize("which", ["png", "svg"])
def test_every_figure_loads_without_errors_or_overflow(browser, demo_report, which):
    files = demo_report[0] if which == "png" else demo_report[1]
    figures = sorted(p.name for k, p in files.items() if k not in ("html", "json"))
    assert len(figures) == 9 and all(f.endswith("." + which) for f in figures)
    page, problems = _open(browser, files["html"])
    try:
        images = page.evaluate(_IMAGES)
        assert sorted(i["src"] for i in images) == figures  # relative paths, one per figure
        not_loaded = [i for i in images if not (i["complete"] and i["w"] > 0 and i["h"] > 0)]
        assert not not_loaded, not_loaded
        assert problems == []
        size = page.evaluate(_OVERFLOW)
        assert size["scroll"] <= size["client"], size
        assert page.evaluate(_TOO_WIDE) == []
    finally:
        page.close()


def test_header_shows_escaped_patient_and_session(browser, demo_report):
    page, problems = _open(browser, demo_report[1]["html"])
    try:
        who = page.inner_text("p.who")
        assert 'patient: Doe, J. <test> & "quotes"' in who and "session: 2026-12-06 lab 2" in who
        assert page.locator("test").count() == 0   # the name did not become an element
        assert problems == []
    finally:
        page.close()


@pytest.mark.parametrize("which", ["png", "svg"])
def test_prints_to_a_pdf_that_fits_the_page(browser, demo_report, which):
    files = demo_report[0] if which == "png" else demo_report[1]
    page, problems = _open(browser, files["html"], width=A4_CONTENT_PX)
    try:
        page.emulate_media(media="print")
        size = page.evaluate(_OVERFLOW)
        assert size["scroll"] <= size["client"], size
        assert page.evaluate(_TOO_WIDE) == []
        # Figures and table rows are kept whole; headings stay with what follows.
        styles = page.evaluate("""() => ({
            figure: getComputedStyle(document.querySelector('figure')).breakInside,
            row: getComputedStyle(document.querySelector('tr')).breakInside,
            h2: getComputedStyle(document.querySelector('h2')).breakAfter})""")
        assert styles == {"figure": "avoid", "row": "avoid", "h2": "avoid"}, styles
        images = page.evaluate(_IMAGES)
        assert images and all(i["complete"] and i["w"] > 0 for i in images)
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        assert pdf[:5] == b"%PDF-"
        pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
        assert pages >= 1
        assert problems == []
    finally:
        page.close()
