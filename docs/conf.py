"""Sphinx configuration: MyST Markdown pages, autodoc of the installed hipmech package, and the
C++ API reference (Doxygen XML of include/hipmech, rendered by Breathe)."""

import logging
import re
import shutil
import subprocess
from pathlib import Path

import hipmech

ROOT = Path(__file__).resolve().parent.parent
# Doxygen's XML goes to the build tree, never into the source tree.
DOXYGEN_XML = ROOT / "build" / "docs" / "doxygen-xml"

project = "hipmech"
author = "the hipmech developers"
copyright = "2026, the hipmech developers"
version = release = hipmech.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "breathe",
]
source_suffix = {".md": "markdown"}
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
exclude_patterns = ["_build"]

autodoc_member_order = "groupwise"
autodoc_typehints = "description"
napoleon_numpy_docstring = True
napoleon_google_docstring = False

breathe_projects = {"hipmech": str(DOXYGEN_XML)}
breathe_default_project = "hipmech"

html_theme = "furo"
html_title = f"hipmech {release}"


def fail(message):
    """Stops the build with `message` alone: an exception (even a SphinxError) would bury it under
    Sphinx's crash report and its request to file an issue with Sphinx."""
    raise SystemExit(f"docs/conf.py: {message}")


def run_doxygen(app):
    """Runs Doxygen on include/hipmech (settings: docs/Doxyfile) before any page is read.

    Doxygen's warnings are errors (WARN_AS_ERROR = FAIL_ON_WARNINGS): the build stops with all
    of them, so a broken @param name or an unknown command never reaches the reference.
    """
    doxygen = shutil.which("doxygen")
    if doxygen is None:
        fail(
            "doxygen is not installed; the C++ API reference (docs/api/cpp.md) needs it. "
            "`bash scripts/dev setup` installs it (Debian package doxygen)."
        )
    fresh = DOXYGEN_XML.with_name(DOXYGEN_XML.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    settings = (ROOT / "docs" / "Doxyfile").read_text(encoding="utf-8")
    settings += f'\nOUTPUT_DIRECTORY = "{fresh}"\nXML_OUTPUT = "{fresh}"\n'
    # `doxygen -` reads the settings from standard input; paths in them are relative to ROOT.
    done = subprocess.run(
        [doxygen, "-"], input=settings, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        lines = (done.stderr + done.stdout).strip().splitlines()
        fail(
            "doxygen failed (its warnings are errors; settings in docs/Doxyfile):\n"
            # Doxygen repeats a warning once per pass over the comment: show it once.
            + "\n".join(dict.fromkeys(lines))
        )
    # Only the files whose content changed are replaced, so that Breathe, which compares the
    # XML files' times, re-reads api/cpp.md only when a header's documentation changed. A file
    # Doxygen no longer writes (a removed header or class) is left in place: index.xml no
    # longer names it, and Breathe stops with "Cannot find file" if a file it read is gone.
    DOXYGEN_XML.mkdir(parents=True, exist_ok=True)
    for new in fresh.iterdir():
        old = DOXYGEN_XML / new.name
        if not old.is_file() or old.read_bytes() != new.read_bytes():
            new.replace(old)
    shutil.rmtree(fresh)


class DecltypeScopeInInitializer(logging.Filter):
    """Drops one Sphinx C++ domain warning, narrowly: an initializer such as
    `corners_m = decltype(corners_m)::Zero()` (io::ForcePlate) is valid C++17, but Sphinx's C++
    expression parser does not accept `decltype(...)::` as a scope, warns "Parsing of expression
    failed. Using fallback parser." and then shows the initializer verbatim, which is right.
    Only that message for an expression holding `decltype(name)::` is dropped; every other parse
    failure still fails the build."""

    pattern = re.compile(r"decltype\(\w+\)::")

    def filter(self, record):
        return not (
            getattr(record, "type", None) == "source_code_parser"
            and record.getMessage().startswith("Parsing of expression failed.")
            and self.pattern.search(record.getMessage())
        )


def setup(app):
    # Sphinx's C++ parser logs through the logger of sphinx.util.cfamily.
    logging.getLogger("sphinx.sphinx.util.cfamily").addFilter(DecltypeScopeInInitializer())
    # Doxygen runs once per build, before any page is read.
    app.connect("builder-inited", run_doxygen)
