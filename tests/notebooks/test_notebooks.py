"""Notebook layer: each chapter runs alone as on Colab, with QUICK = True (papermill), and nbval,
as `make test` configures it, really fails when a committed output differs from what the code produces."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys

import nbformat
import pytest

from tests.helpers import ROOT
from tools import notebook_edition

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

# Every notebook runs with QUICK = True, as a live class would; glued values that show the quick settings took effect.
QUICK_GLUED = {
    "01_data_tour.ipynb": {"n_decades": "2"},
    "07_decade_analysis.ipynb": {"n_bootstrap": "50"},
    "08_models_and_time.ipynb": {"n_folds": "3"},
    "09_deployment.ipynb": {"n_compared": "12270"},
}


def glued(notebook) -> dict[str, str]:
    """The text of every value the notebook glued, by name."""
    return {name: data.get("text/plain") for name, data in notebook_edition.glued_values(notebook).items()}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_runs_alone_as_on_colab(path, tmp_path, colab_python):
    """Each chapter as an instructor opens it in Colab (its notebook edition, chapters/): in an environment
    with Colab's versions and what its install cell adds, copied alone into an empty folder, with
    HITLIB_DATA_DIR the one project setting (tests/notebooks/conftest.py); with QUICK = True."""
    colab_python.install_as_chapter(path)
    folder = tmp_path / "content"  # Colab's working folder; a chapter's ../models is then tmp_path/models
    folder.mkdir()
    shutil.copy2(ROOT / "chapters" / path.name, folder / path.name)  # its notebook edition, which Colab opens
    parameters = folder / "parameters.json"
    parameters.write_text(json.dumps({"QUICK": True}))
    out = folder / f"executed_{path.name}"
    command = [colab_python.python, "-m", "papermill", path.name, out.name, "--parameters_file", parameters.name]
    result = subprocess.run(command, cwd=folder, env=colab_python.environment(), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    notebook = nbformat.read(out, as_version=4)
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.get("name") == "stderr"], "a warning or log line on stderr"
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in notebook.cells)
    values = glued(notebook)
    for name, expected in QUICK_GLUED.get(path.name, {}).items():
        assert values[name] == expected, f"{name}: parameters did not take effect"
    if "save_model(" in path.read_text():
        assert [p.name for p in (tmp_path / "models").glob("*/model.skops")], "the chapter saved no model"


def only_glues(source: str) -> bool:
    """True if every statement of a code cell is a call of `glue`: a cell that only passes values to the prose."""
    statements = ast.parse(source).body
    return bool(statements) and all(
        isinstance(s, ast.Expr) and isinstance(s.value, ast.Call) and getattr(s.value.func, "id", "") == "glue"
        for s in statements
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_cell_that_only_glues_is_hidden_from_the_reader(path):
    notebook = nbformat.read(path, as_version=4)
    shown = [
        cell.source.splitlines()[0]
        for cell in notebook.cells
        if cell.cell_type == "code" and only_glues(cell.source) and "remove-input" not in cell.metadata.get("tags", [])
    ]
    assert not shown, f"tag these cells remove-input: {shown}"


def test_only_glues_tells_plumbing_from_teaching():
    assert only_glues('glue("a", 1, display=False)\nglue("b", 2, display=False)')
    assert not only_glues('x = 1\nglue("a", x, display=False)')
    assert not only_glues("print(1)")


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


# A cell that prints an accuracy gain and glues the same gain in points: each number in its own units.
GAIN = 'from myst_nb import glue\nglue("gain_points", 100 * 0.013, display=False)\nprint("gain", 0.013)'
GAIN_TOLERANCE = {"abs": 0.005, "why": "one network's gain in accuracy"}
IN_POINTS = {"gain_points": {"abs": 0.5, "why": "the same gain, in points"}}


def glued_notebook(stored_points: str, stored_gain: str, tolerance: dict):
    notebook = drifted_notebook(f"gain {stored_gain}\n", GAIN, tolerance)
    glued = nbformat.v4.new_output(
        "display_data",
        data={"application/papermill.record/text/plain": stored_points},
        metadata={"scrapbook": {"mime_prefix": "application/papermill.record/", "name": "gain_points"}},
    )
    notebook.cells[0].outputs.insert(0, glued)
    return notebook


@pytest.mark.parametrize(
    ("stored_points", "stored_gain", "tolerance", "passes"),
    [
        ("1.3", "0.013", GAIN_TOLERANCE, True),
        ("0.9", "0.009", GAIN_TOLERANCE, False),  # 0.4 points is beyond the cell's 0.005
        ("0.9", "0.009", GAIN_TOLERANCE | {"glued": IN_POINTS}, True),
        ("0.9", "0.001", GAIN_TOLERANCE | {"glued": IN_POINTS}, False),  # the printed gain keeps the cell's
        ("0.5", "0.009", GAIN_TOLERANCE | {"glued": IN_POINTS}, False),  # beyond its own tolerance
        ("0.9", "0.009", GAIN_TOLERANCE | {"glued": {"gain_points": {"abs": 0.5}}}, False),  # must say why
    ],
)
def test_a_glued_value_is_compared_in_its_own_units(tmp_path, stored_points, stored_gain, tolerance, passes):
    assert nbval_passes(glued_notebook(stored_points, stored_gain, tolerance), tmp_path) == passes
