"""examples/explore.ipynb runs top to bottom on the samples' output, and is stored without outputs."""

from __future__ import annotations

import os

import pytest
from conftest import REPO

NOTEBOOK = REPO / "examples" / "explore.ipynb"


def _require(module: str):
    try:
        return pytest.importorskip(module)
    except pytest.skip.Exception:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{module} is needed to execute the notebook in CI: install the `test` extra")
        raise



def test_the_notebook_is_stored_without_outputs():
    nbformat = _require("nbformat")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(not cell.outputs and cell.execution_count is None for cell in code)


def test_the_notebook_runs_on_the_samples_output(samples_out, monkeypatch):
    nbformat, nbclient = _require("nbformat"), _require("nbclient")
    _require("ipykernel")
    monkeypatch.setenv("VNEXTRACT_OUT", str(samples_out))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    ).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    shown = "".join(str(output.get("data", {}).get("text/html", "")) for output in outputs)
    assert "<svg" in shown and "Phường" in shown      # the chart, and wards in the tables
    assert (samples_out / "report.html").is_file()
