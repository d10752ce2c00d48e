"""Each chapter notebook has a py:percent twin (jupytext.toml) that holds the same cells: the script is
what a reviewer reads, the notebook keeps the outputs. `make pair` brings a pair back in step."""

from __future__ import annotations

import jupytext
import pytest
from jupytext.config import load_jupytext_config

from tests.helpers import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_every_notebook_has_a_script_and_every_script_a_notebook():
    scripts = sorted((ROOT / "notebooks").glob("*.py"))
    assert [p.stem for p in NOTEBOOKS] == [p.stem for p in scripts]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_script_holds_the_notebooks_cells(path):
    config = load_jupytext_config(str(path.parent))
    expected = jupytext.writes(jupytext.read(path), fmt="py:percent", config=config)
    assert path.with_suffix(".py").read_text() == expected, (
        f"{path.name} and {path.stem}.py differ: edit one, then run `make pair`"
    )
