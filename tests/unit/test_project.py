"""Project invariants: one lock for make, CI and Binder; one repository URL; checksums in one place;
and every chapter follows the book's skeleton."""

from __future__ import annotations

import csv
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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_follows_the_skeleton(path):
    notebook = nbformat.read(path, as_version=4)
    cells = notebook.cells
    prose = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    for heading in (
        "**Learning objectives.**",
        "**Prerequisites.**",
        "**Time.**",
        "## Exercises",
        "## Recap",
        "## What's next",
    ):
        assert heading in prose, f"missing {heading}"
    code = [c for c in cells if c.cell_type == "code"]
    assert "google.colab" in code[0].source, "the first code cell is the guarded Colab install"
    assert "parameters" in code[1].metadata.get("tags", []), "the second code cell holds the parameters"
    solutions = [c for c in code if "solution" in c.metadata.get("tags", [])]
    assert solutions, "the exercises have solution cells"
    assert all("hide-cell" in c.metadata["tags"] for c in solutions), "a solution's code and output are folded"
    exercises = [c for c in cells if c.cell_type == "markdown" and ":::{admonition} Exercise" in c.source]
    assert len(exercises) == len(solutions)
    assert 2 <= len(exercises) <= 4, "two to four exercises per chapter"
    assert "(open-ended)" in exercises[-1].source, "the last exercise is the chapter's open-ended one"
    assert longest_run_of_code(cells) <= 5, "six code cells in a row without a sentence between them"
    for number, (exercise, solution) in enumerate(zip(exercises, solutions, strict=True), start=1):
        call = f'check("{int(path.name[:2])}.{number}"'  # hitlib.exercises
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


def test_cell_times_reads_the_execution_records_and_flags_what_is_over_budget(tmp_path, capsys):
    from tools import cell_times

    def cell(source, start, end):
        stamps = {"iopub.execute_input": f"2026-01-01T00:{start}Z", "shell.execute_reply": f"2026-01-01T00:{end}Z"}
        return nbformat.v4.new_code_cell(source, metadata={"execution": stamps})

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# A chapter"),
        cell("fast = 1", "00:00.000", "00:02.500"),
        cell("slow = fit()\nmore()", "00:03.000", "00:53.000"),
        nbformat.v4.new_code_cell("never_run()"),
    ]
    path = tmp_path / "chapter.ipynb"
    nbformat.write(notebook, path)
    assert cell_times.cell_seconds(path) == [(1, 2.5, "fast = 1"), (2, 50.0, "slow = fit()")]
    assert cell_times.main([path]) == 1  # one cell over 45 s
    assert "cell 2: 50 s  slow = fit()" in capsys.readouterr().out
    notebook.cells = notebook.cells[:2]
    nbformat.write(notebook, path)
    assert cell_times.main([path]) == 0


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
