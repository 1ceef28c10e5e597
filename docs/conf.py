"""Sphinx configuration: MyST Markdown pages, the example notebooks executed at build time
(myst-nb), figures drawn at build time by hipmech itself (docs/_ext/hipmech_generated.py), math
rendered by a local copy of MathJax (no network), autodoc of the installed hipmech package, and
the C++ API reference (Doxygen XML of include/hipmech, rendered by Breathe)."""

import logging
import os
import re
import shutil
import site
import subprocess
import sys
from pathlib import Path

import hipmech

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
# Doxygen's XML goes to the build tree, never into the source tree.
DOXYGEN_XML = ROOT / "build" / "docs" / "doxygen-xml"

project = "hipmech"
author = "the hipmech developers"
copyright = "2026, the hipmech developers"
version = release = hipmech.__version__

extensions = [
    "myst_nb",  # MyST Markdown (it loads myst_parser) and executed notebooks
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx-mathjax-offline",  # MathJax 3 copied into _static/mathjax: math renders offline
    "breathe",
    "hipmech_generated",  # docs/_ext: figures and command output made at build time
    "hipmech_offline",  # docs/_ext: the build fails if a page loads anything from the network
]
# myst-nb parses the Markdown pages too; a page without code cells is not executed.
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
exclude_patterns = ["_build"]

# The local MathJax of sphinx-mathjax-offline (its setup() sets the same path; set here too so
# that the order in which extensions load cannot bring back Sphinx's default, a CDN URL).
mathjax_path = "mathjax/tex-chtml.js"

# Notebooks: docs/notebooks/*.ipynb are symbolic links to examples/notebooks/*.ipynb, which are
# committed without outputs. myst-nb executes them when it reads them, each in a temporary
# working directory (they write files); hipmech_generated has them read again when the hipmech
# package changed and after a failed run, so an incremental build re-runs them too. A cell that
# raises (the notebooks check their numbers with assert) is a warning that shows the cell and
# its traceback, and -W (scripts/dev test and docs) makes it fail the build. Not
# nb_execution_raise_on_error = True: that stops the build with Sphinx's crash report, which
# names the notebook but not the cell nor the error.
nb_execution_mode = "force"
nb_execution_in_temp = True
nb_execution_allow_errors = False
nb_execution_raise_on_error = False
nb_execution_show_tb = True
nb_execution_timeout = 300  # seconds per cell; the slowest cell takes about 2 s
# The kernel inherits this process's environment: the hipmech that this build documents (the one
# imported above: put first on PYTHONPATH unless it is this environment's installed package), and
# the validation data beside the project (the end-to-end notebook's real trial; it says so and
# goes on when they are absent). MPLBACKEND is left to the kernel, whose inline backend (headless)
# puts the figures into the outputs; MPLBACKEND=Agg, as in tests/python/test_notebooks.py, would
# leave them out.
_hipmech_dir = Path(hipmech.__file__).resolve().parent.parent
if _hipmech_dir not in {Path(p).resolve() for p in site.getsitepackages()}:
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(_hipmech_dir)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    )
os.environ.setdefault("HIPMECH_VALIDATION", str(ROOT.parent / "shared" / "validation"))
os.environ.pop("MPLBACKEND", None)

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
