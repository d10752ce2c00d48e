"""The notebook edition (chapters/, tools/notebook_edition.py): in step with the chapters, and free of what
JupyterLab and Colab cannot render."""

from __future__ import annotations

import re

import nbformat
import pytest

from tests.helpers import ROOT
from tools import notebook_edition

CHAPTERS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXERCISE = re.compile(r"^> \*\*Exercise (\d+)", re.M)
RAW_MYST = re.compile(r"\{(glue|term|doc|cite|ref|numref)[:}]|^:::|^```\{", re.M)


def edition(chapter):
    return nbformat.read(ROOT / "chapters" / chapter.name, as_version=4)


def markdown_outside_code(cell) -> str:
    """A markdown cell's text without its fenced code blocks (a folded solution's code may hold braces)."""
    return re.sub(r"^```.*?^```", "", cell.source, flags=re.M | re.S)


def test_the_edition_is_in_step_with_the_chapters():
    assert notebook_edition.main(["--check"]) == 0, "run `make edition` and commit chapters/"
    assert {p.name for p in (ROOT / "chapters").glob("*.ipynb")} == {p.name for p in CHAPTERS}


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_the_edition_shows_no_myst_and_folds_every_solution(chapter):
    cells = edition(chapter).cells
    for cell in cells:
        if cell.cell_type == "markdown":
            assert not RAW_MYST.search(markdown_outside_code(cell)), cell.source[:300]
    assert not [c for c in cells if "solution" in c.metadata.get("tags", [])], "solutions are folded, not run"
    exercises = [c for c in cells if c.cell_type == "markdown" and EXERCISE.search(c.source)]
    assert 2 <= len(exercises) <= 4
    for exercise in exercises:
        attempt = cells[cells.index(exercise) + 1]
        number = EXERCISE.findall(exercise.source)[-1]
        assert attempt.cell_type == "code" and attempt.source.startswith(f"# Exercise {number}: your attempt")
    folded = [c for c in cells if c.source.startswith("<details>")]
    assert len(folded) >= 2 * len(exercises), "each exercise has its solution and its answer folded"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_the_edition_keeps_every_figure_and_table_the_page_shows(chapter):
    def shown(notebook, kinds):
        return [
            kind
            for cell in notebook.cells
            if cell.cell_type == "code" and "solution" not in cell.metadata.get("tags", [])
            for output in cell.outputs
            for kind in kinds
            if kind in output.get("data", {})
        ]

    kinds = ("image/png", "text/html", "application/vnd.plotly.v1+json")
    assert shown(edition(chapter), kinds) == shown(nbformat.read(chapter, as_version=4), kinds)


def test_glued_numbers_are_formatted_as_the_page_formats_them():
    values = {
        "accuracy": {"text/plain": "0.76543"},
        "tracks": {"text/plain": "41106"},
        "pair": {"text/markdown": "`a`"},
    }
    text = "{glue:text}`accuracy:.3f` of {glue:text}`tracks:,` tracks, {glue:md}`pair`"
    assert notebook_edition.fill_glue(text, values, "test") == "0.765 of 41,106 tracks, `a`"
    with pytest.raises(KeyError, match="'missing', which no cell glued"):
        notebook_edition.fill_glue("{glue:text}`missing`", values, "test")


def test_section_links_point_at_the_published_section():
    labels = {"last-digit": ("notebooks/02_baselines", "The last digit, machine by machine")}
    site = "https://example.github.io/book/"
    text = "(last-digit)=\n### Seen in {ref}`last-digit`, and {ref}`in the baselines <last-digit>`."
    assert notebook_edition.plain_markdown(text, site, {}, {}, labels) == (
        "### Seen in [The last digit, machine by machine]"
        "(https://example.github.io/book/notebooks/02_baselines.html#last-digit), and "
        "[in the baselines](https://example.github.io/book/notebooks/02_baselines.html#last-digit)."
    )
    with pytest.raises(KeyError, match="no `\\(missing\\)=` label"):
        notebook_edition.plain_markdown("{ref}`missing`", site, {}, {}, labels)


def test_every_label_is_found_with_its_page_and_heading():
    labels = notebook_edition.section_labels()
    assert labels["last-digit"] == ("notebooks/02_baselines", "The last digit, machine by machine")
    assert all(page.startswith(("book/", "notebooks/")) for page, _ in labels.values())
