"""The notebook edition (chapters/) as a reader sees it in real JupyterLab, the interface Binder shows,
in headless Chromium: next to each chapter's web page, it shows the same figures and numbers, no raw MyST,
and no solution or answer before a click."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest

from tests.helpers import ROOT
from tests.helpers.site import SITE
from tools import notebook_edition

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
TOKEN = "edition-test"
# Every figure drawn on a page (outside the solutions, which both fold) or in JupyterLab: images and plotly charts
PAGE_FIGURES = "main .cell:not(.tag_solution) img[src*='_images/'], main .cell:not(.tag_solution) .hitlib-plotly"
LAB_FIGURES = ".jp-OutputArea-output img, .jp-RenderedPlotly"
RAW_MYST = re.compile(r"\{glue|\{term\}|\{doc\}|\{ref\}|\{cite|:::\{|```\{")
SAMPLED_NUMBERS = 8  # glued values per chapter looked for in JupyterLab's text


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory):
    """JupyterLab on a copy of chapters/ (it may save a notebook it opens), every cell drawn (no windowing,
    so all of a chapter can be counted), with a workspace of its own, so no chapter opened before is open."""
    root = tmp_path_factory.mktemp("lab-root")
    shutil.copytree(ROOT / "chapters", root / "chapters")
    settings = tmp_path_factory.mktemp("lab-settings")
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    port = free_port()
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1"]
    command += [
        f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={tmp_path_factory.mktemp('lab-workspaces')}",
    ]
    command += ["--allow-root"] if os.geteuid() == 0 else []
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(240):
        try:
            urllib.request.urlopen(f"{url}api/status?token={TOKEN}", timeout=5).close()
            break
        except OSError:
            assert server.poll() is None, "JupyterLab stopped"
            time.sleep(0.5)
    else:
        pytest.fail("JupyterLab did not start within 2 minutes")
    yield url
    server.terminate()
    server.wait(timeout=30)


def open_in_lab(browser, lab_url, chapter):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{lab_url}lab/tree/chapters/{chapter.name}?reset&token={TOKEN}")  # only this chapter open
    page.wait_for_selector(".jp-Notebook .jp-Cell", state="attached", timeout=120_000)
    cells = nbformat.read(chapter, as_version=4).cells
    markdown = sum(c.cell_type == "markdown" for c in cells)
    page.wait_for_function(f"document.querySelectorAll('.jp-Notebook .jp-Cell').length >= {len(cells)}", timeout=60_000)
    rendered = f"document.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown').length >= {markdown}"
    page.wait_for_function(rendered, timeout=60_000)
    page.wait_for_load_state("networkidle")
    return page


def visible_count(page, selector: str) -> int:
    return page.evaluate(
        "s => [...document.querySelectorAll(s)].filter(e => e.getClientRects().length && e.offsetParent).length",
        selector,
    )


def sampled_numbers(chapter) -> list[str]:
    """Glued values as the page shows them, spread over the chapter's prose (not its folded answers)."""
    source = nbformat.read(ROOT / "notebooks" / chapter.name, as_version=4)
    values = notebook_edition.glued_values(source)
    prose = "\n".join(c.source for c in source.cells if c.cell_type == "markdown")
    prose = notebook_edition.BLOCK.sub(lambda m: "" if m.group(1) == "dropdown" else m.group(0), prose)  # folded
    roles = [m.group(0) for m in notebook_edition.GLUE_ROLE.finditer(prose) if m.group(1) == "text"]
    step = max(1, len(roles) // SAMPLED_NUMBERS)
    return [notebook_edition.fill_glue(role, values, chapter.name) for role in roles[::step]][:SAMPLED_NUMBERS]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_the_edition_reads_like_the_page_in_jupyterlab(browser, lab_url, site_url, chapter):
    web = browser.new_page(viewport={"width": 1280, "height": 900})
    web.goto(f"{site_url}notebooks/{chapter.stem}.html", wait_until="networkidle")
    page_figures = visible_count(web, PAGE_FIGURES)
    web.close()

    lab = open_in_lab(browser, lab_url, chapter)
    try:
        # the DOM's text, since JupyterLab skips laying out what is off screen
        text = lab.eval_on_selector_all(".jp-RenderedMarkdown", "els => els.map(e => e.textContent).join(' ')")
        assert not RAW_MYST.search(text), RAW_MYST.search(text).group(0)
        assert visible_count(lab, LAB_FIGURES) >= page_figures, "a figure of the page is missing in JupyterLab"
        missing = [n for n in sampled_numbers(chapter) if " ".join(n.split()) not in " ".join(text.split())]
        assert not missing, f"glued values the page shows but JupyterLab does not: {missing}"

        folded = lab.locator(".jp-RenderedMarkdown details")
        assert folded.count() >= 4, "each exercise's solution and answer are folded"
        hidden = "els => els.every(d => !d.open)"
        assert lab.eval_on_selector_all(".jp-RenderedMarkdown details", hidden), "an answer is open before a click"
        first = folded.first
        inside = first.locator(":scope > :not(summary)").first
        assert not inside.is_visible()
        first.locator("summary").click()
        assert inside.is_visible(), "a click on the summary opens the solution"
    finally:
        lab.close()


def test_every_link_of_the_edition_into_the_book_finds_its_page_and_anchor():
    site = notebook_edition.book_address()
    links = {
        link
        for chapter in CHAPTERS
        for cell in nbformat.read(chapter, as_version=4).cells
        if cell.cell_type == "markdown"
        for link in re.findall(rf"\]\({re.escape(site)}([^)#]*)(?:#([^)]*))?\)", cell.source)
    }
    assert links, "the edition links into the book"
    for path, anchor in sorted(links):
        page = SITE / (path or "index.html")
        assert page.is_file(), f"the edition links to {path}, which the book does not have"
        assert not anchor or f'id="{anchor}"' in page.read_text(), f"{path} has no #{anchor}"
