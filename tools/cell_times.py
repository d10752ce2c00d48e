"""How long each chapter and its slowest cells took, read from the notebooks' own execution records.

`jupyter execute` (`make outputs`) stamps every code cell with when it started and when it replied
(`metadata.execution`); the committed notebooks therefore carry the times of the run that produced their
outputs. This prints, per chapter, the total and every cell over the cell budget, and exits with status 1
while any budget is exceeded: no cell over 45 s, no chapter over 2 minutes (../shared/GUIDE.md), and all
chapters together within the 5 minutes a cold `make book` may take.

    python tools/cell_times.py [notebooks/*.ipynb]
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

CELL_BUDGET_S = 45
CHAPTER_BUDGET_S = 120
BOOK_BUDGET_S = 300
NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


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


def main(paths: list[Path]) -> int:
    over = 0
    book_seconds = 0.0
    for path in paths:
        timed = cell_seconds(path)
        if not timed:
            print(f"{path.name}: no execution records (run `make outputs NB={path}` first)")
            over += 1
            continue
        total = sum(seconds for _, seconds, _ in timed)
        book_seconds += total
        slow = [cell for cell in timed if cell[1] > CELL_BUDGET_S]
        over += len(slow) + (total > CHAPTER_BUDGET_S)
        flag = "  over the chapter budget" if total > CHAPTER_BUDGET_S else ""
        print(f"{path.name}: {total:.0f} s{flag}")
        for number, seconds, first_line in sorted(slow, key=lambda cell: -cell[1]):
            print(f"    cell {number}: {seconds:.0f} s  {first_line[:70]}")
    over += book_seconds > BOOK_BUDGET_S
    print(f"all chapters: {book_seconds:.0f} s (cold `make book` budget: {BOOK_BUDGET_S} s with rendering)")
    print(f"budgets: {CELL_BUDGET_S} s a cell, {CHAPTER_BUDGET_S} s a chapter; {over} exceeded")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main([Path(arg) for arg in sys.argv[1:]] or NOTEBOOKS))
