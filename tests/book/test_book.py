"""Book layer: the built site (from `make book`) in headless Chromium, served on 127.0.0.1 only;
and a notebook that raises makes the build fail."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib.util import find_spec
from pathlib import Path

import nbformat
import pytest
from PIL import Image

from tests.helpers import ROOT
from tests.helpers.browser import visit
from tests.helpers.site import SITE, site_pages


def test_there_are_pages_to_check():
    assert "index.html" in site_pages() and "notebooks/01_data_tour.html" in site_pages()


def test_chapter_one_draws_its_interactive_figure_and_images(browser, site_url):
    context, page, left, problems = visit(browser, site_url, "notebooks/01_data_tour.html")
    try:
        assert page.locator(".hitlib-plotly .main-svg").count() >= 1
        assert page.locator(".hitlib-plotly .scatterlayer .trace").count() >= 2  # hits and flops
        assert page.locator("img").count() >= 2  # the seaborn figures
        assert page.evaluate("typeof window.Plotly") == "object"
        formula = page.locator("div.math-display math").first  # the formula, as MathML the browser draws
        assert formula.bounding_box()["height"] > 30  # a fraction: taller than a line of text
        scripts = page.eval_on_selector_all("script[src]", "s => s.map(x => x.getAttribute('src'))")
        assert any("_static/offline/plotly.min.js" in s for s in scripts)  # Sphinx may append ?v=hash
        assert not any(s.startswith("http") for s in scripts), scripts
        assert_the_menu_switches_the_feature(page, page.locator(".hitlib-plotly").first)
    finally:
        context.close()


@pytest.mark.parametrize("page_path", site_pages())
def test_a_page_loads_plotly_only_if_it_draws_with_it_and_no_math_script(page_path):
    html = (SITE / page_path).read_text()
    scripts = re.findall(r"<script[^>]*>", html)
    plotly = [s for s in scripts if "plotly.min.js" in s]
    if 'class="hitlib-plotly"' in html:
        assert len(plotly) == 1 and "defer" in plotly[0], "one plotly.js, loaded after the text"
    else:
        assert plotly == []
    assert not [s for s in scripts if "mathjax" in s.lower()]
    assert "\\(" not in html and "$$" not in html, "a formula left as TeX"  # MathML is written at build time


def test_figures_are_stored_with_a_palette():
    figures = list((SITE / "_images").glob("*.png"))
    assert figures
    modes = {path.name: Image.open(path).mode for path in figures}
    assert set(modes.values()) == {"P"}, modes  # book_build: 256 colours, a third of the bytes


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA; and the one experimental rule that checks WCAG 2.5.3 (label in name).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "rules": {"label-content-name-mismatch": {"enabled": True}},
}
UNSCROLLED_TABLES = (ROOT / "tests" / "book" / "unscrolled_tables.js").read_text()


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("page_path", site_pages())
def test_page_renders_offline_accessibly_at_any_width(browser, site_url, page_path, mode):
    """In either colour mode: offline, without console errors, every image and figure drawn, and no
    critical or serious axe-core violation. In light mode (the layout does not depend on the mode): at
    390 px and 1280 px nothing scrolls sideways and every wide table scrolls inside its own box."""
    context, page, left, problems = visit(browser, site_url, page_path, mode=mode)
    try:
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        assert left == [], f"requests left the machine: {left}"
        assert page.locator("article").count() == 1 or page_path in ("genindex.html", "search.html")
        broken = page.eval_on_selector_all(
            "img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
        )
        assert broken == [], f"images that did not load: {broken}"
        figures = page.locator(".hitlib-plotly")
        for i in range(figures.count()):
            figures.nth(i).locator(".main-svg").first.wait_for(state="attached", timeout=10_000)
        assert problems == [], f"console errors: {problems}"  # before axe, which fetches stylesheets itself
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("options => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS)
        serious = {
            v["id"]: [n["html"][:120] for n in v["nodes"]] for v in violations if v["impact"] in ("critical", "serious")
        }
        assert serious == {}, serious
        for width in (390, 1280) if mode == "light" else ():
            page.set_viewport_size({"width": width, "height": 800})
            page.wait_for_timeout(300)  # let the layout and the responsive figures settle
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"sideways scroll at {width} px"
            assert page.evaluate(UNSCROLLED_TABLES) == [], f"tables cut off at {width} px"
    finally:
        context.close()


CHAPTER_7 = "notebooks/07_decade_analysis.html"
# What a dropdown figure shows: which traces are visible, the y-axis title, and the visible traces' values.
PLOTTED = """el => JSON.stringify([el.data.map(t => t.visible), el.layout.yaxis.title.text,
    el._fullData.filter(t => t.visible === true).map(t => Array.from(t.y || t.median || []))])"""


def test_chapter_07_draws_every_figure_and_each_dropdown_changes_the_plot(browser, site_url):
    context, page, left, problems = visit(browser, site_url, CHAPTER_7)
    try:
        assert left == [] and problems == [], (left, problems)
        figures = [page.locator(".hitlib-plotly").nth(i) for i in range(page.locator(".hitlib-plotly").count())]
        assert len(figures) >= 3
        for figure in figures:
            figure.locator(".main-svg").first.wait_for(state="attached", timeout=10_000)
            assert figure.locator(".cartesianlayer .trace, .heatmaplayer .hm image").count() >= 1, "nothing drawn"
        assert page.locator(".hitlib-plotly .heatmaplayer .hm image").count() == 1  # the effect-size heat map
        with_menu = [f for f in figures if f.locator(".updatemenu-header").count() == 1]
        assert len(with_menu) >= 2, "the means and the distributions each have a feature dropdown"
        for figure in with_menu:
            assert_the_menu_switches_the_feature(page, figure)
    finally:
        context.close()


def assert_the_menu_switches_the_feature(page, figure):
    """Pick the fourth feature in a figure's dropdown: the y axis, the values and the drawing change."""
    before, drawn = figure.evaluate(PLOTTED), figure.locator(".cartesianlayer").inner_html()
    figure.locator(".updatemenu-header").click()
    option = figure.locator(".updatemenu-dropdown-button").nth(3)
    feature = option.text_content()
    assert feature and feature != figure.locator(".updatemenu-header").text_content()
    option.click()
    page.wait_for_function(
        f"([el, before]) => ({PLOTTED})(el) !== before", arg=[figure.element_handle(), before], timeout=10_000
    )
    after = json.loads(figure.evaluate(PLOTTED))
    assert after[1].startswith(feature), f"the y axis should name {feature}: {after[1]}"
    assert after[2] != json.loads(before)[2], "the visible traces show the same values"
    assert figure.locator(".cartesianlayer").inner_html() != drawn, "the drawing did not change"
    assert feature in figure.locator(".g-ytitle").text_content()


def test_chapter_07_page_is_at_most_1_5_mb():
    page = SITE / CHAPTER_7
    assert page.is_file(), f"{page} not built: run `make book`"
    assert page.stat().st_size <= 1_500_000, f"{page.name} is {page.stat().st_size:,} bytes (plotly.js is shared)"


# In document order, what each exercise's parts are: the exercise (an admonition titled "Exercise …"), its
# solution (a code cell tagged `solution`, whose code and output myst-nb folds into one toggle), and its
# written answer (a `dropdown` with the class `answer`).
EXERCISE_PARTS = """() => [...document.querySelectorAll(
    'div[class*="admonition-exercise-"], .cell.tag_solution, details.answer')].map(e =>
    e.matches('.cell') ? 'solution' : e.matches('details') ? 'answer' : 'exercise')"""


@pytest.mark.parametrize("page_path", [p for p in site_pages() if p.startswith("notebooks/")])
def test_no_exercise_shows_its_solution_or_answer_before_the_reader_opens_it(browser, site_url, page_path):
    context, page, left, problems = visit(browser, site_url, page_path)
    try:
        parts = page.evaluate(EXERCISE_PARTS)
        n = parts.count("exercise")
        assert n >= 2, "every chapter ends with exercises"
        assert parts == ["exercise", "solution", "answer"] * n, "each exercise, then its solution, then its answer"
        solutions, answers = page.locator(".cell.tag_solution"), page.locator("details.answer")
        for i in range(n):
            hidden = [solutions.nth(i).locator(".cell_input"), solutions.nth(i).locator(".cell_output")]
            hidden.append(answers.nth(i).locator(".sd-summary-content"))
            assert not any(part.is_visible() for part in hidden), f"exercise {i + 1} gives its answer away"
        last_solution, last_answer = solutions.nth(n - 1), answers.nth(n - 1)
        last_solution.locator("summary").click()
        last_answer.locator("summary").click()
        assert last_solution.locator(".cell_input").is_visible() and last_answer.locator("p").first.is_visible()
        assert left == [] and problems == []
    finally:
        context.close()


def build_flags() -> list[str]:
    """The flags `make book` passes to jupyter-book, read from the Makefile so this test uses the same."""
    return re.search(r"^BOOK_FLAGS := (.*)$", (ROOT / "Makefile").read_text(), re.M).group(1).split()


@pytest.mark.parametrize(("code", "builds"), [("print('fine')", True), ("raise RuntimeError('boom')", False)])
def test_a_failing_notebook_fails_the_build(tmp_path, code, builds):
    book = tmp_path / "book"
    shutil.copytree(ROOT / "book", book / "book")
    shutil.copy(ROOT / "_config.yml", book)
    (book / "node_modules").symlink_to(ROOT / "node_modules")  # the icons' stylesheet
    (book / "_toc.yml").write_text("format: jb-book\nroot: book/intro\nchapters:\n  - file: chapter\n")
    (book / "book" / "intro.md").write_text("# Intro\n")
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Chapter"), nbformat.v4.new_code_cell(code)]
    )
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, book / "chapter.ipynb")
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "jupyter-book"), "build", str(book), *build_flags()],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (result.returncode == 0) == builds, result.stdout[-3000:] + result.stderr[-3000:]
    if not builds:
        assert "boom" in result.stdout + result.stderr


def test_the_partial_plotly_bundle_is_the_plotly_js_that_plotly_draws_with():
    """The book serves plotly.js's cartesian bundle from npm; the figures were made by the Python package,
    which names the plotly.js it was built for in its own copy's first lines."""
    full = Path(find_spec("plotly").submodule_search_locations[0]) / "package_data" / "plotly.min.js"
    drawn_with = re.search(r"plotly\.js v([\d.]+)", full.read_text()[:300])[1]
    partial = json.loads((ROOT / "node_modules" / "plotly.js-cartesian-dist-min" / "package.json").read_text())
    assert partial["version"] == drawn_with, "update plotly.js-cartesian-dist-min in package.json to match"
