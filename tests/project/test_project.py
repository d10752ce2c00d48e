"""Project invariants: one lock for make, CI and Binder; one repository URL; checksums in one place;
and every chapter follows the book's skeleton."""

from __future__ import annotations

import ast
import csv
import inspect
import re
import subprocess
import sys
import tomllib
from importlib.metadata import version

import nbformat
import pytest
import yaml
from packaging.requirements import Requirement

from hitlib import data
from hitlib.nn import TENSORFLOW_ENVIRONMENT
from tests.helpers import ROOT
from tests.notebooks.nbval_tolerance import glued_name

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def lock_versions() -> dict[str, str]:
    lines = (ROOT / "requirements-lock.txt").read_text().splitlines()
    pins = [line.split("==") for line in lines if line and not line.startswith("#")]
    assert all(len(pin) == 2 for pin in pins), "every lock line must be an exact `name==version` pin"
    return {name.lower().replace("_", "-"): version for name, version in pins}


def test_binder_installs_what_the_chapters_import_at_the_locks_versions_and_no_test_tooling():
    env = yaml.safe_load((ROOT / "binder" / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    header_python = re.search(r"Python (\d+\.\d+)", (ROOT / "requirements-lock.txt").read_text()).group(1)
    assert f"python={header_python}" in conda
    assert f"{sys.version_info.major}.{sys.version_info.minor}" == header_python, "lock made for another Python"
    assert pip == ["-c ../requirements-lock.txt", "-e ..[nn,app,lab]"], "the lock's versions, runtime extras only"
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    runtime = " ".join(extras["nn"] + extras["app"] + extras["lab"])
    assert not re.search(r"jupyter-book|pytest|playwright|ruff|nbval", runtime), "no book or test tooling on Binder"


def test_lock_satisfies_pyproject_and_matches_this_environment():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = meta["dependencies"] + [r for extra in meta["optional-dependencies"].values() for r in extra]
    locked = lock_versions()
    for line in requirements:
        req = Requirement(line)
        if req.marker and not req.marker.evaluate():
            continue  # for another platform (e.g. full TensorFlow off Linux)
        name = req.name.lower()
        assert name in locked, f"{name} is required by pyproject.toml but not locked"
        assert req.specifier.contains(locked[name]), f"lock has {name}=={locked[name]}, pyproject wants {req}"
        assert version(req.name) == locked[name], f"installed {name} differs from the lock: run make"


def test_repository_url_is_synced_from_config():
    result = subprocess.run(
        [sys.executable, "tools/sync_repo_url.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, f"run `make sync`:\n{result.stdout}{result.stderr}"


# Modules that only hitlib's `app` extra installs (hitlib.build exports the model to ONNX).
NEEDS_APP_EXTRA = re.compile(r"^\s*(?:from|import) (?:hitlib\.app|hitlib\.build|onnxruntime|skl2onnx|fastapi)\b", re.M)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_colab_install_cell_brings_the_extras_the_chapter_imports(path):
    code = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    install = re.search(r'HITLIB = "hitlib(\[[\w,]*\])? @', code[0])
    assert install, "the first code cell installs hitlib on Colab"
    extras = (install[1] or "[]").strip("[]").split(",")
    assert ("app" in extras) == any(NEEDS_APP_EXTRA.search(source) for source in code[1:])


def test_data_readme_lists_the_pinned_checksums():
    listed = dict(
        line.split()[::-1] for line in re.findall(r"^[0-9a-f]{64}  \S+$", (ROOT / "data/README.md").read_text(), re.M)
    )
    assert listed == data.SHA256


def test_no_dataset_file_is_tracked():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout
    assert not re.search(r"dataset-of-\d+s\.csv", tracked)


def test_tensorflow_is_set_up_in_one_place():
    assert TENSORFLOW_ENVIRONMENT == {
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "TF_ENABLE_ONEDNN_OPTS": "0",
        "TF_NUM_INTRAOP_THREADS": "1",
        "TF_NUM_INTEROP_THREADS": "1",
    }
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    code = [ROOT / name for name in tracked if name.endswith(".py") or name in ("Makefile", ".ci/run")]
    code = [path for path in code if "tests" not in path.relative_to(ROOT).parts]
    setting = [p.relative_to(ROOT).as_posix() for p in code if "TF_ENABLE_ONEDNN_OPTS" in p.read_text()]
    assert setting == ["hitlib/nn.py"]
    importing = [p.name for p in code if re.search(r"^\s*(import|from) (keras|tensorflow)\b", p.read_text(), re.M)]
    assert importing == ["nn.py"], "import keras from hitlib.nn, which sets TensorFlow's environment first"


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
    """How the self-checks of a notebook's exercises begin: '4' for chapter 4, 'feature_drop' for the deep
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
    """A cell's tolerance (tests/nbval_tolerance.py) says why, and holds nothing nbval would ignore."""
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


def test_make_stops_at_once_on_another_python(tmp_path, monkeypatch, capsys):
    from tools import check_python

    assert check_python.main() == 0  # this Python is the lock's
    lock = tmp_path / "requirements-lock.txt"
    lock.write_text("# Exact versions for 'make'. Python 3.99.\n")
    monkeypatch.setattr(check_python, "LOCK", lock)
    assert check_python.main() == 1
    message = capsys.readouterr().err
    assert "make needs Python 3.99" in message and "make PYTHON=" in message


def test_binder_starts_with_the_environment_make_exports():
    exported = dict(re.findall(r"^export (\w+) := (\S+)$", (ROOT / "Makefile").read_text(), re.M))
    start = (ROOT / "binder" / "start").read_text()
    assert exported and dict(re.findall(r"^export (\w+)=(\S+)$", start, re.M)) == exported
    assert start.rstrip().endswith('exec "$@"'), "repo2docker's start file must hand over to Jupyter"


def test_cell_times_reads_the_execution_records_and_flags_what_breaks_a_budget(tmp_path, capsys):
    from tools import cell_times

    def cell(source, start, end, printed=""):
        stamps = {"iopub.execute_input": f"2026-01-01T00:{start}Z", "shell.execute_reply": f"2026-01-01T00:{end}Z"}
        code = nbformat.v4.new_code_cell(source, metadata={"execution": stamps})
        code.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed)] if printed else []
        return code

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# A chapter"),
        cell("fast = 1", "00:00.000", "00:02.500"),
        nbformat.v4.new_markdown_cell("The next cell fits for about 30 s."),
        cell("slow = fit()\nmore()", "00:03.000", "00:53.000"),
        nbformat.v4.new_code_cell("never_run()"),
    ]
    path = tmp_path / "chapter.ipynb"
    nbformat.write(notebook, path)
    assert cell_times.cell_seconds(path) == [(1, 2.5, "fast = 1"), (3, 50.0, "slow = fit()")]
    assert cell_times.main([str(path)]) == 0, "50 s, announced as about 30 s: within a factor of two"
    notebook.cells[2].source = "The next cell fits for about 20 s."
    nbformat.write(notebook, path)
    assert cell_times.main([str(path)]) == 1
    assert "cell 3 (50 s, 'slow = fit()'): announced as about 20 s" in capsys.readouterr().out
    notebook.cells[2].source = "The next cell fits."
    notebook.cells[3] = cell("slow = fit()", "00:03.000", "01:03.500")
    nbformat.write(notebook, path)
    assert cell_times.main([str(path), "--csv", str(tmp_path / "times.csv")]) == 1
    printed = capsys.readouterr().out
    for problem in ("over the 60 s a cell may take", "not announced", "prints no progress"):
        assert f"cell 3 (60 s, 'slow = fit()'): {problem}" in printed
    rows = list(csv.reader((tmp_path / "times.csv").open()))
    assert rows[1] == ["chapter", "learner path", "63", "60", "180/60"]


def test_the_timings_table_is_the_committed_notebooks_and_their_budgets_hold(tmp_path, capsys):
    """book/timings.csv is what tools/cell_times.py reads from the committed notebooks (`make outputs`
    writes it), and every notebook meets its part's budgets (CONTRIBUTING.md, "Time budgets")."""
    from tools import cell_times

    written = tmp_path / "timings.csv"
    verdict = cell_times.main(["--csv", str(written)])
    assert written.read_text() == (ROOT / "book" / "timings.csv").read_text(), "run `make timings` (make outputs does)"
    assert verdict == 0, capsys.readouterr().out


def test_peak_memory_measures_the_whole_process_tree_and_records_it(tmp_path, capsys):
    from tools import peak_memory

    table = tmp_path / "peak.csv"
    grandchild = "b = bytearray(300_000_000); import time; time.sleep(1)"
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {grandchild!r}])"
    assert peak_memory.main(["--record", str(table), sys.executable, "-c", child, "chapter_b"]) == 0
    assert "peak memory" in capsys.readouterr().err
    peak_memory.record(table, "chapter_a", 2.5)
    rows = list(csv.DictReader(table.open()))
    assert [row["notebook"] for row in rows] == ["chapter_a", "chapter_b"], "one row per chapter, sorted"
    assert float(rows[1][peak_memory.COLUMN]) >= 0.28, "the grandchild's 300 MB count"
    assert [row[peak_memory.FITS] for row in rows] == ["no", "yes"]


def test_the_networks_later_notebooks_import_are_the_ones_chapter_4_writes():
    """hitlib.nn holds chapter 4's two network functions for later notebooks (d2l's `#@save` pattern):
    the chapter's cells and the package must define them alike, docstrings included."""
    from hitlib import nn

    script = (ROOT / "notebooks" / "04_neural_net.py").read_text()
    written = {node.name: ast.dump(node) for node in ast.parse(script).body if isinstance(node, ast.FunctionDef)}
    for function in (nn.build_network, nn.early_stopped_network):
        assert written[function.__name__] == ast.dump(ast.parse(inspect.getsource(function)).body[0]), (
            f"hitlib.nn.{function.__name__} differs from chapter 4's cell"
        )
