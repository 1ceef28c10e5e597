"""Documentation examples are tests: every ```python block in docs/ and README.md runs, page by
page in one namespace (so a page reads as one session), and the docstring examples (>>>) of the
Python API pass doctest."""

from __future__ import annotations

import doctest
import os
import re
from pathlib import Path

import pytest

import hipmech

ROOT = Path(__file__).resolve().parents[2]
FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```", re.S | re.M)


def python_blocks(page: Path) -> list[str]:
    return FENCE.findall(page.read_text(encoding="utf-8"))


PAGES = [p for p in sorted([*ROOT.glob("docs/**/*.md"), ROOT / "README.md"]) if python_blocks(p)]


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_page_examples_run(page, tmp_path, monkeypatch):
    blocks = python_blocks(page)
    monkeypatch.chdir(tmp_path)
    # Run as a script is ("__main__"), so that a page's `if __name__ == "__main__":` blocks run.
    namespace: dict[str, object] = {"__name__": "__main__"}
    for i, code in enumerate(blocks, start=1):
        try:
            exec(compile(code, f"{page.relative_to(ROOT)} [python block {i}]", "exec"), namespace)
        except Exception as exc:  # report which block failed, with the code
            pytest.fail(f"{page.relative_to(ROOT)}, python block {i} raised {exc!r}:\n{code}")


def test_some_pages_have_examples():
    assert sum(len(python_blocks(p)) for p in PAGES) >= 3


def test_docstring_examples():
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    tests = []
    for name in hipmech.__all__:
        obj = getattr(hipmech, name)
        if callable(obj):
            tests += finder.find(obj, name, globs=dict(vars(hipmech)))
    assert tests, "no docstring examples found"
    for t in tests:
        runner.run(t)
    result = runner.summarize(verbose=False)
    assert result.failed == 0


# --- The built documentation: offline math, notebooks, build-time figures ----------------------
# The whole site is built by the test command after pytest (sphinx-build -W, docs/conf.py); its
# extension docs/_ext/hipmech_offline.py fails that build when a page loads anything from the
# network. Here: docs/conf.py's settings, and a one-page build with them in a few seconds.

DOCS = ROOT / "docs"


def docs_conf() -> dict:
    """The names docs/conf.py defines (it sets environment variables for the notebooks' kernel:
    undone afterwards)."""
    import runpy
    import sys
    from unittest import mock

    with mock.patch.dict(os.environ), mock.patch.object(sys, "path", list(sys.path)):
        return runpy.run_path(str(DOCS / "conf.py"))


def offline_module():
    import importlib.util

    path = DOCS / "_ext" / "hipmech_offline.py"
    spec = importlib.util.spec_from_file_location("hipmech_offline", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_conf_math_is_local_and_notebooks_fail_the_build():
    conf = docs_conf()
    assert "sphinx-mathjax-offline" in conf["extensions"]
    assert "hipmech_offline" in conf["extensions"]
    assert not offline_module().REMOTE.match(conf["mathjax_path"]), conf["mathjax_path"]
    # Every build executes the notebooks, and a failing cell is a warning (-W: an error).
    assert "myst_nb" in conf["extensions"] and "myst_parser" not in conf["extensions"]
    assert conf["nb_execution_mode"] == "force"
    assert conf["nb_execution_allow_errors"] is False
    assert conf["nb_execution_in_temp"] is True  # the notebooks write files


def test_remote_resources_are_found():
    find = offline_module().remote_resources
    page = ("<script defer src='_static/mathjax/tex-chtml.js'></script>"
            '<SCRIPT SRC="https://cdn.jsdelivr.net/npm/mathjax@4/tex-mml-chtml.js"></SCRIPT>'
            '<link rel="stylesheet" href="//fonts.example/f.css">'
            '<img alt="a > b" src=http://x/i.png>'
            '<a href="https://doi.org/10.1016/x">a link is not a resource</a>'
            '<link rel="stylesheet" href="_static/furo.css">')
    assert find(page) == [("script", "https://cdn.jsdelivr.net/npm/mathjax@4/tex-mml-chtml.js"),
                          ("link", "//fonts.example/f.css"), ("img", "http://x/i.png")]


def test_one_page_build_renders_math_offline(tmp_path):
    """docs/conf.py's math and theme settings on a page with math, and a second page that loads a
    script from a CDN: the math page loads MathJax from its own _static, and the offline check
    fails the build on the other page, naming it."""
    pytest.importorskip("sphinx")
    pytest.importorskip("myst_nb")
    import subprocess
    import sys

    conf = docs_conf()
    keep = ("myst_nb", "sphinx.ext.mathjax", "sphinx-mathjax-offline", "hipmech_offline")
    src = tmp_path / "src"
    src.mkdir()
    settings = {name: conf[name] for name in ("source_suffix", "myst_enable_extensions",
                                              "mathjax_path", "html_theme")}
    settings["extensions"] = [e for e in conf["extensions"] if e in keep]
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(DOCS / '_ext')!r})\n"
        + "".join(f"{k} = {v!r}\n" for k, v in settings.items()), encoding="utf-8")
    (src / "index.md").write_text(
        "# Math\n\n```{toctree}\ncdn\n```\n\nInline $\\bar x_{ref}$ and display:\n\n"
        "$$SI = 100\\,\\frac{a - b}{(a + b)/2}$$\n", encoding="utf-8")
    (src / "cdn.md").write_text(
        '# CDN\n\n<script src="https://cdn.jsdelivr.net/npm/x/x.js"></script>\n', encoding="utf-8")
    out = tmp_path / "html"
    done = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", "-b",
                           "html", str(src), str(out)], capture_output=True, text=True)
    warnings = [line for line in done.stderr.splitlines() if "WARNING" in line]
    assert done.returncode == 1 and len(warnings) == 1, done.stderr
    assert "cdn.html loads <script> https://cdn.jsdelivr.net/npm/x/x.js" in warnings[0]
    page = (out / "index.html").read_text(encoding="utf-8")
    scripts = [url for tag, url in offline_module().resources(page) if tag == "script"]
    assert "_static/mathjax/tex-chtml.js" in scripts, scripts
    assert (out / "_static" / "mathjax" / "tex-chtml.js").is_file()
    assert (out / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()
    assert "\\bar x_{ref}" in page  # left to MathJax, in the browser


def test_notebooks_are_pages_of_the_docs():
    """docs/notebooks/ links every example notebook (nothing copied), and the index lists it."""
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    linked = sorted(p.name for p in (DOCS / "notebooks").iterdir())
    examples = sorted(p.name for p in (ROOT / "examples" / "notebooks").glob("*.ipynb"))
    assert linked == examples
    for name in linked:
        link = DOCS / "notebooks" / name
        assert link.is_symlink(), f"{link} should be a symbolic link to examples/notebooks"
        assert link.resolve() == (ROOT / "examples" / "notebooks" / name).resolve()
        assert f"notebooks/{Path(name).stem}\n" in index
