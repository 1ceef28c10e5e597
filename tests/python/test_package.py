"""Packaging: one version everywhere, a typed package, a stub that matches the module."""

from __future__ import annotations

import importlib.metadata
import re
import sys
from pathlib import Path

import hipmech
from hipmech import _core

sys.path.insert(0, str(Path(__file__).parent))
import stubs  # noqa: E402


def test_one_version_everywhere(repo_root):
    header = (repo_root / "include" / "hipmech" / "version.hpp").read_text()
    numbers = [re.search(rf"#define HIPMECH_VERSION_{p} (\d+)", header).group(1) for p in ("MAJOR", "MINOR", "PATCH")]
    from_header = ".".join(numbers)
    assert hipmech.__version__ == from_header
    assert _core.__version__ == from_header  # hipmech::version() of the linked library
    assert importlib.metadata.version("hipmech") == from_header


def test_package_is_typed():
    package = Path(hipmech.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "_core.pyi").is_file()


def test_committed_stub_matches_the_module():
    d = stubs.diff(stubs.generate(), stubs.COMMITTED.read_text(encoding="utf-8"))
    assert not d, "python/hipmech/_core.pyi is out of date; run `bash scripts/dev stubs`\n" + d


def test_public_names_are_exported():
    for name in hipmech.__all__:
        assert hasattr(hipmech, name), name
