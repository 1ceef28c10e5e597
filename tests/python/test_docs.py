"""Documentation examples are tests: every ```python block in docs/ and README.md runs, page by
page in one namespace (so a page reads as one session), and the docstring examples (>>>) of the
Python API pass doctest."""

from __future__ import annotations

import doctest
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
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
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
