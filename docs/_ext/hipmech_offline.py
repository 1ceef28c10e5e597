"""Sphinx extension: the built HTML must work without the network.

After an HTML build, every page is scanned for ``<script src>``, ``<link href>`` (stylesheets,
fonts, preloads), ``<img src>``, ``<iframe src>`` and ``<source src>`` that point to another
host (``http:``, ``https:`` or ``//``): each is a warning naming the page and the URL, so that
``sphinx-build -W`` fails (a MathJax from a CDN, a notebook's widget script, a theme's web font
would each need the internet to show the page). Links the reader clicks (``<a href>``) are not
resources and may point anywhere. A page with math must load MathJax from the build's own
``_static`` folder, and the file must be there.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The resource attributes checked, per element.
RESOURCES = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src",
             "audio": "src", "video": "src", "embed": "src"}
REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
# Regular expressions rather than html.parser: the same start tags, 30 times faster on the
# 5.6 MB of pages (the C++ reference is large).
TAG = re.compile(r"<(" + "|".join(RESOURCES) + r""")\b((?:"[^"]*"|'[^']*'|[^"'>])*)>""", re.I)
ATTRIBUTE = re.compile(r"""\s([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)


def resources(html: str) -> list[tuple[str, str]]:
    """The (element, URL) of every resource a page loads."""
    urls = []
    for tag in TAG.finditer(html):
        element = tag.group(1).lower()
        for attribute in ATTRIBUTE.finditer(tag.group(2)):
            if attribute.group(1).lower() == RESOURCES[element]:
                urls.append((element, next(v for v in attribute.groups()[1:] if v is not None)))
    return urls


def remote_resources(html: str) -> list[tuple[str, str]]:
    """The resources of a page that come from another host."""
    return [(tag, url) for tag, url in resources(html) if REMOTE.match(url)]


def check(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    mathjax = app.config.mathjax_path
    if REMOTE.match(mathjax):
        logger.warning("hipmech_offline: mathjax_path is %s, on the network; the math would not "
                       "render offline (sphinx-mathjax-offline sets a local path)", mathjax)
    for page in sorted(outdir.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        for tag, url in remote_resources(text):
            logger.warning("hipmech_offline: %s loads <%s> %s from the network",
                           page.relative_to(outdir), tag, url)
        for tag, url in resources(text):
            if tag == "script" and "mathjax" in url.lower() and not REMOTE.match(url):
                if not (page.parent / url.split("?", 1)[0]).is_file():
                    logger.warning("hipmech_offline: %s loads %s, which the build does not hold",
                                   page.relative_to(outdir), url)


def setup(app):
    # After sphinx-mathjax-offline copies MathJax into _static at build-finished (priority 500).
    app.connect("build-finished", check, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
