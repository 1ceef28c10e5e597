"""The example notebooks (examples/notebooks/*.ipynb) run from top to bottom, and are committed
without outputs.

They are executed with nbclient in a kernel of this interpreter (ipykernel's native "python3"
spec), in a temporary working directory; a notebook checks its own numbers against the truth of
its synthetic data with ``assert`` cells, so a wrong number fails here.

The docs build executes them too (myst-nb, docs/conf.py), and fails with ``-W`` when a cell
raises. A test command that runs both sets ``HIPMECH_NOTEBOOKS_RUN_BY_DOCS=1`` for pytest, which
then skips ``test_notebook_runs`` rather than run each notebook twice; the docs build must then
follow in the same command.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "examples" / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert any("end_to_end" in n for n in names), names
    assert any("reliability" in n for n in names), names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path):
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} cell {i} has outputs: clear them before committing"
            assert cell.execution_count is None, f"{path.name} cell {i} has an execution count"


@pytest.mark.skipif(os.environ.get("HIPMECH_NOTEBOOKS_RUN_BY_DOCS") == "1",
                    reason="HIPMECH_NOTEBOOKS_RUN_BY_DOCS=1: the docs build of this test command "
                           "executes the notebooks (sphinx-build -W fails on a failing cell)")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(path, as_version=4)
    # The kernel inherits this environment: the same hipmech (PYTHONPATH when testing a
    # staged build), a headless matplotlib backend, the validation data's location.
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("HIPMECH_VALIDATION", str(ROOT.parent / "shared" / "validation"))
    pythonpath = os.pathsep.join(p for p in sys.path if p and Path(p).is_dir())
    monkeypatch.setenv("PYTHONPATH", pythonpath)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
