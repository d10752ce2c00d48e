"""Rows a real decade file could hold, and a CSV writer for them (the unit layer's tiny decade files)."""

from __future__ import annotations

import csv
from pathlib import Path

from hitlib import data

# Three rows a real file could hold: a hit, a flop, and a flop with the construction artefact.
ROWS = [
    [
        "Song A",
        "Artist One Featuring Guest",
        "spotify:track:aaa",
        "0.6",
        "0.7",
        "5",
        "-6.5",
        "1",
        "0.05",
        "0.1",
        "0",
        "0.12",
        "0.8",
        "120.0",
        "210000",
        "4",
        "30.5",
        "9",
        "1",
    ],
    [
        "Song B",
        "Artist Two",
        "spotify:track:bbb",
        "0.4",
        "0.3",
        "-1",
        "-15.25",
        "0",
        "0.04",
        "0.9",
        "0.85",
        "0.2",
        "0.3",
        "95.5",
        "180000",
        "3",
        "45.0",
        "11",
        "0",
    ],
    [
        "Song, with comma",
        "Artist Two",
        "spotify:track:ccc",
        "0.5",
        "0.2",
        "11",
        "-20",
        "0",
        "0.03",
        "0.95",
        "0.9",
        "0.1",
        "0.2",
        "0",
        "45000",
        "0",
        "0",
        "2",
        "0",
    ],
]


def write_csv(path: Path, rows=ROWS, header=None, trailing_newline=True) -> Path:
    """Write rows (lists of strings) under a header as CSV; return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header or data.COLUMNS)
        writer.writerows(rows)
    if not trailing_newline:
        path.write_bytes(path.read_bytes().rstrip(b"\n"))
    return path
