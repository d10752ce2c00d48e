"""Notebook layer: each chapter runs with its fast parameters (papermill), and nbval, as `make test`
configures it, really fails when a committed output differs from what the code produces."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import nbformat
import papermill
import pytest

from tests.helpers import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

# For each chapter: the parameters of its fast run (and, optionally, glued values that show their effect).
FAST = {
    "01_data_tour.ipynb": {"parameters": {"DECADES": [1960, 2010]}, "glued": {"n_decades": "2"}},
    "02_baselines.ipynb": {"parameters": {"DECADES": [2000, 2010], "N_SPLITS": 3}},
    "03_normalization.ipynb": {"parameters": {"DECADES": [2000, 2010], "N_SPLITS": 3}},
    "04_neural_net.ipynb": {"parameters": {"DECADES": [2000, 2010], "EPOCHS": 5, "MAX_EPOCHS": 5, "N_SPLITS": 2}},
    "05_random_forest.ipynb": {
        "parameters": {"DECADES": [2000, 2010], "N_SPLITS": 3, "N_ESTIMATORS": 20, "MAX_EPOCHS": 5}
    },
    "06_decade_analysis.ipynb": {
        "parameters": {"DECADES": [1990, 2000, 2010], "N_SPLITS": 3, "N_BOOTSTRAP": 50},
        "glued": {"n_bootstrap": "50", "n_folds": "3"},
    },
    "07_deployment.ipynb": {"parameters": {"DECADES": [2010]}, "glued": {"n_compared": "6398"}},
}


def glued(notebook) -> dict[str, str]:
    """The text of every value the notebook glued, by name."""
    values = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                values[name] = output["data"].get("application/papermill.record/text/plain")
    return values


def test_every_chapter_has_a_fast_run():
    assert set(FAST) == {p.name for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_runs_with_fast_parameters(path, tmp_path, request):
    fast = FAST[path.name]
    parameters = dict(fast["parameters"])
    text = path.read_text()
    writes_model = "save_model(" in text
    if "MODEL_DIR" in text:  # a fast run must not touch the real model
        parameters["MODEL_DIR"] = str(tmp_path / "model")
        if not writes_model:  # the chapter reads `make model`'s files: it gets the small model's
            shutil.copytree(request.getfixturevalue("model_dir"), tmp_path / "model")
    out = tmp_path / path.name
    papermill.execute_notebook(path, out, parameters=parameters, cwd=path.parent, progress_bar=False, log_output=False)
    notebook = nbformat.read(out, as_version=4)
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.get("name") == "stderr"], "a warning or log line on stderr"
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in notebook.cells)
    values = glued(notebook)
    for name, expected in fast.get("glued", {}).items():
        assert values[name] == expected, f"{name}: parameters did not take effect"
    if writes_model:
        assert (tmp_path / "model" / "model.skops").is_file() and (tmp_path / "model" / "model.json").is_file()


def drifted_notebook(stored: str, source: str = "print(6 * 7)", tolerance: dict | None = None):
    cell = nbformat.v4.new_code_cell(source, execution_count=1)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=stored)]
    if tolerance is not None:
        cell.metadata["tolerance"] = tolerance
    notebook = nbformat.v4.new_notebook(cells=[cell])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


def nbval_passes(notebook, tmp_path) -> bool:
    """Run nbval as `make test` configures it on one notebook; True if it passes."""
    path = tmp_path / "drift.ipynb"
    nbformat.write(notebook, path)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval",
            "--nbval-current-env",
            "-p",
            "no:cacheprovider",
            "-p",
            "tests.notebooks.nbval_tolerance",
            "--nbval-sanitize-with",
            str(ROOT / "tests" / "notebooks" / "nbval_sanitize.cfg"),
            str(path),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert "passed" in result.stdout or "failed" in result.stdout, result.stdout[-2000:] + result.stderr[-2000:]
    return result.returncode == 0


@pytest.mark.parametrize(("stored", "passes"), [("42\n", True), ("41\n", False)])
def test_nbval_fails_when_a_stored_output_changes(tmp_path, stored, passes):
    assert nbval_passes(drifted_notebook(stored), tmp_path) == passes


# A cell printing an accuracy and a count, committed from another machine, and a tolerance of a few rows.
SCORE = 'print("accuracy 0.73095, 762 flops called hits")'
ROWS = {"abs": 0.0002, "rel": 0.002, "why": "a row or two of 10,277 can flip"}


@pytest.mark.parametrize(
    ("stored", "tolerance", "passes"),
    [
        ("accuracy 0.73095, 762 flops called hits\n", None, True),
        ("accuracy 0.73086, 761 flops called hits\n", None, False),  # exact unless a tolerance is stated
        ("accuracy 0.73086, 761 flops called hits\n", ROWS, True),
        (
            "accuracy 0.73086, 761 flops called hits\n",
            {"abs": 0.00005, "why": "too tight"},
            False,
        ),  # beyond it still fails
        ("accuracy 0.72086, 761 flops called hits\n", ROWS, False),
        ("accuracy 0.73086, 761 hits called flops\n", ROWS, False),  # text stays exact
        ("accuracy  0.73086,  761 flops called hits\n", ROWS, True),  # column padding
        ("accuracy 0.73095, 762 flops called hits\n", {"abs": 0.1}, False),  # a tolerance must say why
    ],
)
def test_a_stated_tolerance_covers_numbers_and_nothing_else(tmp_path, stored, tolerance, passes):
    assert nbval_passes(drifted_notebook(stored, SCORE, tolerance), tmp_path) == passes
