"""Run a command and print the peak memory of its whole process tree (the kernel and its workers included).

Binder gives a reader 2 GB; a kernel that goes beyond it is killed mid-chapter. Every 0.2 s the memory of
the command and of every process it starts is summed, and the largest sum printed, in GB (10^9 bytes, as
Binder states its limit). Each process counts its proportional set size: the pages only it uses, plus its
share of pages it shares with others (TensorFlow's library, loaded by the kernel and by each worker, is
counted once, as the machine holds it once). A short peak between two samples can be missed: read the
result as a lower bound, with a margin of a few percent.

    python tools/peak_memory.py [--record book/peak_memory.csv] jupyter execute notebooks/04_neural_net.ipynb

With `--record`, the peak is also written into that table, in the row of the command's last argument (the
chapter `make outputs` executes), which the timings page shows.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from pathlib import Path

import psutil

SAMPLE_S = 0.2
BINDER_GB = 2.0
COLUMN, FITS = "peak memory (GB)", "within Binder's 2 GB"


def tree_bytes(root: psutil.Process) -> int:
    """Proportional set size of a process and all its descendants, in bytes (processes that just ended count 0)."""
    total = 0
    for process in [root, *root.children(recursive=True)]:
        try:
            total += process.memory_full_info().pss
        except psutil.NoSuchProcess:
            pass
    return total


def record(table: Path, name: str, peak_gb: float) -> None:
    """Write `name`'s peak into the table (one row per name, sorted), keeping the other rows."""
    rows = {}
    if table.exists():
        rows = {row["notebook"]: row for row in csv.DictReader(table.open())}
    rows[name] = {"notebook": name, COLUMN: f"{peak_gb:.2f}", FITS: "yes" if peak_gb <= BINDER_GB else "no"}
    with table.open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=["notebook", COLUMN, FITS], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows[key] for key in sorted(rows))


def main(command: list[str]) -> int:
    table = None
    if command[:1] == ["--record"]:
        table, command = Path(command[1]), command[2:]
    child = subprocess.Popen(command)
    root, peak = psutil.Process(child.pid), 0
    while child.poll() is None:
        try:
            peak = max(peak, tree_bytes(root))
        except psutil.NoSuchProcess:
            break
        time.sleep(SAMPLE_S)
    print(f"peak memory {peak / 1e9:.2f} GB: {' '.join(command)}", file=sys.stderr)
    status = child.wait()
    if table and status == 0:
        record(table, Path(command[-1]).stem, peak / 1e9)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
