"""Sphinx extension: figures and command output made by hipmech itself at every docs build.

At ``builder-inited`` it starts ``make_generated.py`` (in this folder) in a subprocess, which runs
``hipmech demo``'s analysis, draws the plot page's figures and runs ``hipmech report`` on the
real child trial when the validation data are beside the project. The pages use two directives:

``{hipmech-figure} GROUP/FILE.png`` (options of ``figure``; the content is the caption)
    the generated figure. When the group could not be made because its data are absent (the
    manifest says why), a note says so instead: the build never needs ``../shared``.
``{hipmech-console} GROUP``
    the group's command and its standard output, as a console block; the command alone and the
    same note when its data are absent.

The first directive that needs the files waits for the subprocess (the pages read before it,
in name order, overlap with it); a failing generator fails the build with its error output.
The generated files live in the build's doctree folder (``.doctrees/hipmech_generated``), never
in the source tree.

What they show depends on more than the pages' sources, which is all Sphinx compares: on the
hipmech package imported by the build (its Python files and compiled core), on the generator and
on which validation data are beside the project. A fingerprint of those is kept with the
generated files and in the environment; when it changes, an incremental build makes the files
again and re-reads the pages that use them and the notebooks (which myst-nb executes when it
reads them), so that no page shows the output of an earlier hipmech. When it has not changed,
nothing is run again.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.images import Figure
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)
GENERATOR = Path(__file__).with_name("make_generated.py")
ROOT = Path(__file__).resolve().parents[2]


def fingerprint() -> str:
    """What the generated files and the notebooks' outputs depend on besides the pages: the
    imported hipmech package's files, the generator, and the list of validation files."""
    import hipmech

    digest = hashlib.sha256()
    package = Path(hipmech.__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    digest.update(GENERATOR.read_bytes())
    for validation in (ROOT.parent / "shared" / "validation",
                       Path(os.environ.get("HIPMECH_VALIDATION", "-"))):
        if validation.is_dir():
            digest.update(repr(sorted(str(p.relative_to(validation))
                                      for p in validation.rglob("*"))).encode())
    return digest.hexdigest()


class _Generator:
    """The generated files of one build: made by a subprocess when the fingerprint changed."""

    def __init__(self, out: Path, print_: str):
        self.out = out
        self.fingerprint = print_
        self.stamp = out.with_name(out.name + ".fingerprint")
        self.log = out.with_name(out.name + ".log")
        self.manifest: dict | None = None
        self.proc: subprocess.Popen | None = None
        stamp = self.stamp.read_text(encoding="utf-8") if self.stamp.is_file() else None
        if stamp == print_ and (out / "manifest.json").is_file():
            return  # made by an earlier build from the same hipmech
        self.stamp.unlink(missing_ok=True)
        self.t0 = time.perf_counter()
        with open(self.log, "w", encoding="utf-8") as log:
            self.proc = subprocess.Popen([sys.executable, str(GENERATOR), str(out)],
                                         stdout=log, stderr=subprocess.STDOUT,
                                         env={**os.environ, "MPLBACKEND": "Agg"})

    def wait(self) -> dict:
        if self.manifest is None:
            if self.proc is not None:
                code = self.proc.wait()
                if code != 0:
                    output = self.log.read_text(encoding="utf-8", errors="replace")
                    # SystemExit, like docs/conf.py's fail(): the message, not a crash report.
                    raise SystemExit(f"docs/_ext/{GENERATOR.name} failed (exit status {code}):"
                                     f"\n{output}")
                self.stamp.write_text(self.fingerprint, encoding="utf-8")
                logger.info("hipmech_generated: figures and command output made in %.1f s",
                            time.perf_counter() - self.t0)
            self.manifest = json.loads((self.out / "manifest.json").read_text(encoding="utf-8"))
        return self.manifest


def start(app) -> None:
    out = Path(app.doctreedir) / "hipmech_generated"
    out.parent.mkdir(parents=True, exist_ok=True)
    app.hipmech_generator = _Generator(out, fingerprint())


def stop(app, exception) -> None:
    generator = getattr(app, "hipmech_generator", None)
    if generator is not None and generator.proc is not None and generator.proc.poll() is None:
        generator.proc.kill()
        generator.proc.wait()


def outdated(app, env, added, changed, removed):
    """The notebooks whose last execution failed (a warning, which -W turns into a failed build,
    but the environment keeps the page as read), and, when the fingerprint changed, the pages
    that show generated files and every notebook (myst-nb executes them when it reads them)."""
    from myst_nb.sphinx_ import NbMetadataCollector

    notebooks = {d for d in env.found_docs if str(env.doc2path(d)).endswith(".ipynb")}
    again = {d for d in notebooks
             if not (NbMetadataCollector.get_exec_data(env, d) or {}).get("succeeded", False)}
    print_ = app.hipmech_generator.fingerprint
    if getattr(env, "hipmech_fingerprint", None) != print_:
        # Kept in the environment, which Sphinx saves only after every page was read: a build
        # that stops on a failing generator keeps the old one, and the next build runs it again.
        env.hipmech_fingerprint = print_
        again |= getattr(env, "hipmech_generated_users", set()) | notebooks
    return sorted(again & (env.found_docs - added - changed - removed))


def purge(app, env, docname) -> None:
    getattr(env, "hipmech_generated_users", set()).discard(docname)


def merge(app, env, docnames, other) -> None:
    env.hipmech_generated_users = (getattr(env, "hipmech_generated_users", set())
                                   | (getattr(other, "hipmech_generated_users", set())
                                      & set(docnames)))


class _Uses(SphinxDirective):
    """Waits for the generator and resolves GROUP[/FILE] in its output."""

    def generated(self, target: str) -> tuple[Path, str | None, dict]:
        env = self.env
        if not hasattr(env, "hipmech_generated_users"):
            env.hipmech_generated_users = set()
        env.hipmech_generated_users.add(env.docname)
        generator = self.env.app.hipmech_generator
        manifest = generator.wait()
        group = target.split("/", 1)[0]
        if group not in manifest:
            raise self.error(f"{self.name}: unknown group {group!r} (the generator makes "
                             f"{', '.join(sorted(manifest))})")
        return generator.out / target, manifest[group]["missing"], manifest[group]

    def note(self, missing: str) -> nodes.Node:
        return nodes.note("", nodes.paragraph(
            "", f"Not made by this build of the documentation: {missing}."))


class HipmechFigure(Figure, _Uses):
    option_spec = dict(Figure.option_spec)

    def run(self):
        path, missing, _ = self.generated(self.arguments[0])
        if missing is not None:
            return [self.note(missing)]
        if not path.is_file():
            raise self.error(f"{self.name}: the generator wrote no {self.arguments[0]!r}")
        # A path relative to the page's folder: Sphinx copies the image into _images.
        page_dir = Path(self.env.doc2path(self.env.docname)).parent
        self.arguments[0] = os.path.relpath(path, page_dir)
        return super().run()


class HipmechConsole(_Uses):
    required_arguments = 1
    option_spec = {"caption": directives.unchanged}

    def run(self):
        path, missing, entry = self.generated(self.arguments[0] + "/console.txt")
        if missing is not None:
            text = f"$ {entry['command']}"
        else:
            text = path.read_text(encoding="utf-8").rstrip("\n")
        block = nodes.literal_block(text, text, language="console")
        return [block] if missing is None else [block, self.note(missing)]


def setup(app):
    app.connect("builder-inited", start, priority=100)  # before Doxygen (docs/conf.py)
    app.connect("build-finished", stop)
    app.connect("env-get-outdated", outdated)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.add_directive("hipmech-figure", HipmechFigure)
    app.add_directive("hipmech-console", HipmechConsole)
    # Not parallel-read safe: the directives wait for a subprocess of the main process.
    return {"version": "1", "parallel_read_safe": False, "parallel_write_safe": True,
            "env_version": 2}
