"""Shared fixtures: tiny, valid decade files written by the tests, registered with their own checksums."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from hitlib import data

ROOT = Path(__file__).resolve().parents[1]

# Three rows a real file could hold: a hit, a flop, and a flop with the construction artefact.
ROWS = [
    ["Song A", "Artist One Featuring Guest", "spotify:track:aaa", "0.6", "0.7", "5", "-6.5", "1", "0.05",
     "0.1", "0", "0.12", "0.8", "120.0", "210000", "4", "30.5", "9", "1"],
    ["Song B", "Artist Two", "spotify:track:bbb", "0.4", "0.3", "-1", "-15.25", "0", "0.04",
     "0.9", "0.85", "0.2", "0.3", "95.5", "180000", "3", "45.0", "11", "0"],
    ["Song, with comma", "Artist Two", "spotify:track:ccc", "0.5", "0.2", "11", "-20", "0", "0.03",
     "0.95", "0.9", "0.1", "0.2", "0", "45000", "0", "0", "2", "0"],
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


@pytest.fixture
def tiny_dir(tmp_path, monkeypatch) -> Path:
    """A folder with tiny 1960s and 2010s files whose checksums hitlib accepts for this test only."""
    folder = tmp_path / "tiny"
    sums = dict(data.SHA256)
    for decade, rows in ((1960, ROWS), (2010, ROWS[:1])):
        path = write_csv(folder / data.filename(decade), rows)
        sums[path.name] = data.sha256(path)
    monkeypatch.setattr(data, "SHA256", sums)
    monkeypatch.delenv(data.DATA_DIR_VARIABLE, raising=False)
    return folder
