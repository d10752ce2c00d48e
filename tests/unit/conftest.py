"""Unit-layer fixtures: tiny, valid decade files written by the tests, registered with their own checksums;
the small model for hitlib.build's tests (tests/helpers/model.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hitlib import data
from tests.helpers import model
from tests.helpers.rows import ROWS, write_csv

# The small model, for hitlib.build's tests (built once per session, whichever layer asks first)
model_dir = model.model_dir


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
