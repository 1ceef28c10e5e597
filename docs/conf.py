"""Sphinx configuration: MyST Markdown pages, autodoc of the installed hipmech package."""

import hipmech

project = "hipmech"
author = "the hipmech developers"
copyright = "2026, the hipmech developers"
version = release = hipmech.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
]
source_suffix = {".md": "markdown"}
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
exclude_patterns = ["_build"]

autodoc_member_order = "groupwise"
autodoc_typehints = "description"
napoleon_numpy_docstring = True
napoleon_google_docstring = False

html_theme = "furo"
html_title = f"hipmech {release}"
