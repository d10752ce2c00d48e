"""How long each notebook and its slowest cells took, read from the notebooks' own execution records, and
whether the time budgets hold.

`jupyter execute` (`make outputs`) stamps every code cell with when it started and when it replied
(`metadata.execution`); the committed notebooks therefore carry the times of the run that produced their
outputs. The budgets (CONTRIBUTING.md, "Time budgets") depend on the part of the book a notebook is in
(_toc.yml): a chapter of the learner path runs within 180 s with no cell over 60 s, a deep dive within
360 s with no cell over 150 s. A cell over 20 s is announced in the prose just before it ("… for about
45 s"), with a time within a factor of two of its record; a cell over 60 s prints a line of progress.
This prints every notebook's total and every cell that breaks a rule, and exits with status 1 if any does.

    python tools/cell_times.py [--csv book/timings.csv] [notebooks/*.ipynb]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from datetime import datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
DEEP_DIVES = "Deep dives"  # the caption of their part in _toc.yml
BUDGETS = {"learner path": (180, 60), "deep dive": (360, 150)}  # seconds: the notebook, one cell
ANNOUNCE_OVER_S = 20
PROGRESS_OVER_S = 60
ANNOUNCED = re.compile(r"about (\d+(?:\.\d+)?) (s|seconds?|minutes?)\b")


def part_of(path: Path) -> str:
    """'deep dive' for a notebook listed under the deep dives' caption in _toc.yml, else 'learner path'."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    for part in toc["parts"]:
        if part["caption"] == DEEP_DIVES and any(Path(c["file"]).name == path.stem for c in part["chapters"]):
            return "deep dive"
    return "learner path"


def cell_seconds(path: Path) -> list[tuple[int, float, str]]:
    """(cell number, seconds, first line of code) for every code cell that carries an execution record."""
    cells = json.loads(path.read_text())["cells"]
    timed = []
    for number, cell in enumerate(cells):
        record = cell.get("metadata", {}).get("execution", {})
        if cell["cell_type"] != "code" or not {"iopub.execute_input", "shell.execute_reply"} <= record.keys():
            continue
        start, end = (datetime.fromisoformat(record[key]) for key in ("iopub.execute_input", "shell.execute_reply"))
        first_line = "".join(cell["source"]).strip().splitlines()[0] if cell["source"] else ""
        timed.append((number, (end - start).total_seconds(), first_line))
    return timed


def announced_seconds(cells: list[dict], number: int) -> float | None:
    """The time the last sentence before cell `number` announces for it ("about 45 s", "about 2 minutes")."""
    for cell in reversed(cells[:number]):
        if cell["cell_type"] == "markdown" and "remove-cell" not in cell.get("metadata", {}).get("tags", []):
            found = ANNOUNCED.findall("".join(cell["source"]))
            if not found:
                return None
            value, unit = found[-1]
            return float(value) * (60 if unit.startswith("minute") else 1)
    return None


def problems(path: Path, timed: list[tuple[int, float, str]]) -> list[str]:
    """Every rule the notebook's execution record breaks, each naming its cell."""
    cells = json.loads(path.read_text())["cells"]
    total_budget, cell_budget = BUDGETS[part_of(path)]
    total = sum(seconds for _, seconds, _ in timed)
    found = [f"{total:.0f} s in all, over the {total_budget} s budget"] if total > total_budget else []
    for number, seconds, first_line in timed:
        where = f"cell {number} ({seconds:.0f} s, {first_line[:50]!r})"
        if seconds > cell_budget:
            found.append(f"{where}: over the {cell_budget} s a cell may take")
        if seconds > ANNOUNCE_OVER_S:
            announced = announced_seconds(cells, number)
            if announced is None:
                found.append(f'{where}: not announced ("... about {seconds:.0f} s") in the prose before it')
            elif not announced / 2 <= seconds <= announced * 2:
                found.append(f"{where}: announced as about {announced:.0f} s")
        printed = any(o.get("output_type") == "stream" for o in cells[number].get("outputs", []))
        if seconds > PROGRESS_OVER_S and not printed:
            found.append(f"{where}: prints no progress")
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, help="also write each notebook's times to this CSV file")
    parser.add_argument("notebooks", nargs="*", type=Path, default=NOTEBOOKS)
    args = parser.parse_args(argv)
    rows, broken = [], 0
    for path in args.notebooks:
        timed = cell_seconds(path)
        if not timed:
            print(f"{path.name}: no execution records (run `make outputs NB={path}` first)")
            broken += 1
            continue
        found = problems(path, timed)
        broken += len(found)
        total, slowest = sum(t[1] for t in timed), max(t[1] for t in timed)
        rows.append(
            [path.stem, part_of(path), f"{total:.0f}", f"{slowest:.0f}", "/".join(map(str, BUDGETS[part_of(path)]))]
        )
        print(f"{path.name}: {total:.0f} s, slowest cell {slowest:.0f} s ({part_of(path)})")
        for problem in found:
            print(f"    {problem}")
    if args.csv:
        with args.csv.open("w", newline="") as file:
            csv.writer(file).writerows(
                [["notebook", "part", "seconds", "slowest cell (s)", "budget (s): notebook/cell"], *rows]
            )
    print(f"{broken} budget rule(s) broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
