"""Time and memory budgets: tools/cell_times.py reads each cell's time from the committed notebooks and
flags what breaks a budget, book/timings.csv is what it reads today, and tools/peak_memory.py measures a
whole process tree (CONTRIBUTING.md, "Time budgets")."""

from __future__ import annotations

import csv
import sys

import nbformat

from tests.helpers import ROOT


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
