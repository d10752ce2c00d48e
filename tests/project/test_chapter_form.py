"""Every notebook's form: the book's skeleton (objectives, quiz, exercises with folded solutions and
self-checks), the Colab install cell, outputs committed from one clean run, well-formed tolerances,
and the functions later notebooks import from hitlib as their chapters write them."""

from __future__ import annotations

import ast
import importlib
import inspect
import re

import nbformat
import pytest

from tests.helpers import ROOT
from tests.notebooks.nbval_tolerance import glued_name

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


# Modules that only hitlib's `app` extra installs (hitlib.build exports the model to ONNX).
NEEDS_APP_EXTRA = re.compile(r"^\s*(?:from|import) (?:hitlib\.app|hitlib\.build|onnxruntime|skl2onnx|fastapi)\b", re.M)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_colab_install_cell_brings_the_extras_the_chapter_imports(path):
    code = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    install = re.search(r'HITLIB = "hitlib(\[[\w,]*\])? @', code[0])
    assert install, "the first code cell installs hitlib on Colab"
    extras = (install[1] or "[]").strip("[]").split(",")
    assert ("app" in extras) == any(NEEDS_APP_EXTRA.search(source) for source in code[1:])


def longest_run_of_code(cells) -> int:
    """The most code cells a reader meets in a row, with no prose between them (cells removed from the book
    and Jupyter's Solution headings do not count as prose)."""
    longest = run = 0
    for cell in cells:
        if cell.cell_type == "code":
            run += 1
            longest = max(longest, run)
        elif "remove-cell" not in cell.metadata.get("tags", []):
            run = 0
    return longest


def test_longest_run_of_code_counts_code_between_prose():
    prose, code = nbformat.v4.new_markdown_cell("Text."), nbformat.v4.new_code_cell("1")
    heading = nbformat.v4.new_markdown_cell("#### Solution", metadata={"tags": ["remove-cell"]})
    assert longest_run_of_code([prose, code, code, prose, code]) == 2
    assert longest_run_of_code([code, heading, code, code]) == 3


def exercise_prefix(path) -> str:
    """How the self-checks of a notebook's exercises begin: '4' for 04_neural_net, 'feature_drop' for the deep
    dive dive_feature_drop, 'a_vs_b' for the interlude interlude_a_vs_b."""
    if path.name[:2].isdigit():
        return str(int(path.name[:2]))
    return path.stem.removeprefix("dive_").removeprefix("interlude_")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_follows_the_skeleton(path):
    notebook = nbformat.read(path, as_version=4)
    cells = notebook.cells
    prose = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    deep_dive = path.name.startswith("dive_")
    if deep_dive:
        assert "A deep dive that extends {doc}`" in cells[0].source, "a deep dive names the chapter it extends"
    for heading in ("**Learning objectives.**", "**Prerequisites.**", "**Time.**", "## Recap", "## What's next"):
        assert heading in prose, f"missing {heading}"
    assert "## Exercises" in prose, "every notebook has exercises"
    quizzes = [c.source for c in cells if c.cell_type == "markdown" and c.source.startswith("## Quiz")]
    assert deep_dive or len(quizzes) == 1, "every chapter of the learner path ends with a quiz"
    assert all(3 <= quiz.count(":::{dropdown}") <= 5 for quiz in quizzes), "three to five questions, answers folded"
    code = [c for c in cells if c.cell_type == "code"]
    assert "google.colab" in code[0].source, "the first code cell is the guarded Colab install"
    assert "parameters" in code[1].metadata.get("tags", []), "the second code cell holds the parameters"
    assignments = [line for line in code[1].source.splitlines() if not line.startswith("#")]
    assert assignments[0].startswith("QUICK = False  # "), "the parameters start with QUICK = False, explained"
    assert longest_run_of_code(cells) <= 5, "six code cells in a row without a sentence between them"
    solutions = [c for c in code if "solution" in c.metadata.get("tags", [])]
    assert solutions, "the exercises have solution cells"
    assert all("hide-cell" in c.metadata["tags"] for c in solutions), "a solution's code and output are folded"
    exercises = [c for c in cells if c.cell_type == "markdown" and ":::{admonition} Exercise" in c.source]
    assert len(exercises) == len(solutions)
    assert 2 <= len(exercises) <= 4, "two to four exercises per chapter"
    assert "(open-ended)" in exercises[-1].source, "the last exercise is the chapter's open-ended one"
    for number, (exercise, solution) in enumerate(zip(exercises, solutions, strict=True), start=1):
        call = f'check("{exercise_prefix(path)}.{number}"'  # hitlib.exercises
        assert call in exercise.source, f"exercise {number} tells the reader how to check an attempt: {call}, ...)"
        assert call in solution.source, f"the solution of exercise {number} runs the same self-check"
        heading = cells[cells.index(solution) - 1]  # what Jupyter shows above the folded solution; the book drops it
        assert heading.source.startswith(f"#### Solution to exercise {number}"), (
            f"exercise {number}: no Solution heading"
        )
        assert "remove-cell" in heading.metadata.get("tags", []), "the book shows the solution in a toggle instead"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_is_clean(path):
    text = path.read_text()
    notebook = nbformat.reads(text, as_version=4)
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert outputs, "notebooks are committed with their outputs"
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.get("name") == "stderr"], "a clean run prints nothing on stderr"
    assert not re.search(r"/(root|tmp|work|home)/[\w.-]+/", text), "a machine-local path in the notebook"
    assert len(text) < 3_000_000
    counts = [c.execution_count for c in notebook.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), "executed top to bottom in one fresh run"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_tolerance_is_well_formed(path):
    """A cell's tolerance (tests/notebooks/nbval_tolerance.py) says why, and holds nothing nbval would ignore."""
    for cell in nbformat.read(path, as_version=4).cells:
        tolerance = cell.metadata.get("tolerance")
        if tolerance is None:
            continue
        assert cell.cell_type == "code", "only code cells have outputs to compare"
        glued = tolerance.get("glued", {})
        assert set(tolerance) <= {"abs", "rel", "why", "glued"}, f"unknown keys: {set(tolerance)}"
        for own in [tolerance, *glued.values()]:
            assert set(own) - {"glued"} <= {"abs", "rel", "why"}, f"unknown keys: {set(own)}"
            assert len(own.get("why", "")) > 20, "say why the quantity varies"
            assert all(own.get(key, 0) >= 0 for key in ("abs", "rel"))
        assert set(glued) <= {glued_name(o) for o in cell.outputs}, (
            f"tolerances for values the cell does not glue: {set(glued)}"
        )


@pytest.mark.parametrize(
    ("notebook", "module", "name"),
    [
        ("04_neural_net", "hitlib.nn", "build_network"),
        ("04_neural_net", "hitlib.nn", "early_stopped_network"),
        ("05_random_forest", "hitlib.models", "original_forest"),
        ("06_gradient_boosting", "hitlib.nn", "fast_network_hit_probability"),
    ],
)
def test_what_later_notebooks_import_is_what_its_chapter_writes(notebook, module, name):
    """Functions written in a chapter and kept in hitlib for later notebooks (d2l's `#@save` pattern): the
    chapter's cell and the package must define them alike, docstrings included."""
    script = (ROOT / "notebooks" / f"{notebook}.py").read_text()
    written = {node.name: ast.dump(node) for node in ast.parse(script).body if isinstance(node, ast.FunctionDef)}
    packaged = ast.dump(ast.parse(inspect.getsource(getattr(importlib.import_module(module), name))).body[0])
    assert written[name] == packaged, f"{module}.{name} differs from its cell in {notebook}.py"
