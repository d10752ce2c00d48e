"""The notebook edition: what Colab, Binder and the book's launch buttons open, in `chapters/`.

The chapters in `notebooks/` are written for Jupyter Book. Their prose holds MyST markup (glued numbers,
admonitions, answer dropdowns, glossary terms, citations) that JupyterLab and Colab show as raw text, and
their solutions are folded by cell metadata that Colab ignores. From each executed chapter this script
writes a notebook that reads like its web page in plain Jupyter Markdown:

- every glued number and phrase is filled in, formatted as the page formats it (myst-nb's own function);
- exercises become quotes, each followed by an empty attempt cell holding its `check(...)` call;
- solutions (code and output) and answers are folded in HTML `<details>`, which JupyterLab and Colab
  open on a click;
- glossary terms, citations, links to the book's other pages and to labelled sections (`{ref}`) point at
  the published book;
- a figure's caption follows the code cell that draws it (the chapters draw their figures in place).

Every other code cell keeps its code and outputs, so the edition opens with the tables and figures the page
shows and redraws them when run. The edition is generated, never edited: `make edition` writes it, and
tests/notebooks/test_edition.py fails while it is out of step with the chapters.

python tools/notebook_edition.py          # write chapters/ from notebooks/
python tools/notebook_edition.py --check  # exit 1 and list the chapters whose edition is out of date
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import nbformat
import yaml
from docutils.nodes import make_id
from myst_nb.core.variables import format_plain_text

ROOT = Path(__file__).resolve().parents[1]
SOURCES, EDITION = ROOT / "notebooks", ROOT / "chapters"
RECORD = "application/papermill.record/"
GLUE_ROLE = re.compile(r"\{glue:(text|md)\}`([^`]+)`")
BLOCK = re.compile(r"^:::\{(admonition|dropdown)\} *([^\n]*)\n((?::[\w-]+:[^\n]*\n)*)(.*?)^:::$", re.M | re.S)
TERM = re.compile(r"\{term\}`([^`<]+?)(?: <([^>]+)>)?`")
CITE = re.compile(r"\{cite(?::p|:t)?\}`([^`]+)`")
DOC = re.compile(r"\{doc\}`([^`<]+?)(?: <([^>]+)>)?`")
LABEL = re.compile(r"^\([\w-]+\)=\n", re.M)
REF = re.compile(r"\{ref\}`([^`<]+?)(?: <([^>]+)>)?`")
# a label on the line before a heading, in a book page or a notebook's py:percent pair ("# (label)=")
LABELLED = re.compile(r"^((?:# )?)\(([\w-]+)\)=\n(?:\1#+ (.+)$)?", re.M)
EXERCISE = re.compile(r":::\{admonition\} Exercise (\d+)")
CHECK_CALL = re.compile(r"`(check\(\"[\w.]+\"[^`]*\))`")


def book_address() -> str:
    """The published book's address, from the repository named in _config.yml (GitHub Pages)."""
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"].rstrip("/")
    owner, name = url.removeprefix("https://github.com/").split("/")
    return f"https://{owner}.github.io/{name}/"


def glued_values(notebook) -> dict[str, dict[str, str]]:
    """Every value the notebook glued, by name: its MIME types (text/plain, text/markdown) and their text."""
    values = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                values[name] = {mime.removeprefix(RECORD): data for mime, data in output["data"].items()}
    return values


def fill_glue(text: str, values: dict[str, dict[str, str]], chapter: str) -> str:
    """Replace each `{glue:text}` and `{glue:md}` role by the value it names, as the page shows it."""

    def filled(match: re.Match) -> str:
        role, content = match.groups()
        key, _, fmt = content.partition(":") if role == "text" else (content, "", "")
        if key not in values:
            raise KeyError(f"{chapter}: the prose pastes {key!r}, which no cell glued (execute the chapter first)")
        if role == "md":
            return values[key]["text/markdown"]
        return format_plain_text(values[key]["text/plain"], fmt or "s")

    return GLUE_ROLE.sub(filled, text)


def references() -> dict[str, str]:
    """Each bibliography key as the page cites it: 'Author and Author Year' (author_year style)."""
    cited = {}
    bib = (ROOT / "book" / "references.bib").read_text()
    for key, body in re.findall(r"^@\w+\{(\w+),\n(.*?)^\}", bib, re.M | re.S):
        fields = dict(re.findall(r"^\s*(\w+)\s*=\s*\{(.*)\},?$", body, re.M))
        authors = [name.split(",")[0].strip("{} ") for name in fields.get("author", key).split(" and ")]
        names = authors[0] + (" et al." if len(authors) > 2 else "".join(f" and {a}" for a in authors[1:]))
        cited[key] = f"{names} {fields.get('year', '')}".strip()
    return cited


def page_title(document: str) -> str:
    """The first heading of a book page or notebook (`{doc}` shows it as the link's text)."""
    page = (SOURCES / f"{document}.md").resolve()
    if page.exists():
        return next(line[2:].strip() for line in page.read_text().splitlines() if line.startswith("# "))
    script = page.with_suffix(".py").read_text()  # a notebook's py:percent pair
    return next(line[4:].strip() for line in script.splitlines() if line.startswith("# # "))


def section_labels() -> dict[str, tuple[str, str | None]]:
    """Each MyST label `(name)=` of the book's pages and chapters: its page ('notebooks/02_baselines') and
    the heading it stands before (`{ref}` shows that heading as the link's text), or None."""
    labels = {}
    sources = [*sorted((ROOT / "book").glob("*.md")), *sorted(SOURCES.glob("*.py"))]
    for source in sources:
        for _, name, heading in LABELLED.findall(source.read_text()):
            labels[name] = (str(source.relative_to(ROOT).with_suffix("")), heading.strip() or None)
    return labels


def glossary_pages() -> dict[str, str]:
    """Each term of the book's glossaries and the page that defines it ('book/methods')."""
    pages = {}
    for page in sorted((ROOT / "book").glob("*.md")):
        for block in re.findall(r"^:::\{glossary\}\n(.*?)^:::$", page.read_text(), re.M | re.S):
            for term in re.findall(r"^(\S.*)$", block, re.M):
                pages[term.strip()] = f"book/{page.stem}"
    return pages


def glossary_anchor(term: str) -> str:
    """The id Sphinx gives a glossary term: 'term-' and the term, runs of other characters as one '-'."""
    return "term-" + re.sub(r"[^\w]+", "-", term).strip("-")


def plain_markdown(
    text: str, site: str, cited: dict[str, str], terms: dict[str, str], labels: dict[str, tuple[str, str | None]]
) -> str:
    """MyST roles and blocks of a markdown cell as Markdown and HTML that Jupyter and Colab render."""

    def term(match: re.Match) -> str:
        shown, target = match.group(1), match.group(2) or match.group(1)
        if target not in terms:
            raise KeyError(f"{{term}} `{target}` is in no glossary of book/")
        return f"[{shown}]({site}{terms[target]}.html#{glossary_anchor(target)})"

    text = TERM.sub(term, LABEL.sub("", text))
    text = CITE.sub(
        lambda m: (
            "(" + "; ".join(f"[{cited[k.strip()]}]({site}book/references.html)" for k in m.group(1).split(",")) + ")"
        ),
        text,
    )

    def doc(match: re.Match) -> str:
        target = match.group(2) or match.group(1)
        shown = match.group(1) if match.group(2) else page_title(target)
        return f"[{shown}]({site}{(SOURCES / target).resolve().relative_to(ROOT)}.html)"

    text = DOC.sub(doc, text)

    def ref(match: re.Match) -> str:
        target = match.group(2) or match.group(1)
        if target not in labels:
            raise KeyError(f"{{ref}} `{target}`: no `({target})=` label in book/ or notebooks/")
        page, heading = labels[target]
        shown = match.group(1) if match.group(2) else heading
        if shown is None:
            raise KeyError(f"{{ref}} `{target}` needs a link text: its label stands before no heading")
        return f"[{shown}]({site}{page}.html#{make_id(target)})"

    text = REF.sub(ref, text)

    def block(match: re.Match) -> str:
        kind, title, _options, body = match.groups()
        body = body.strip("\n")
        if kind == "dropdown":
            return f"<details>\n<summary>{html.escape(title)}</summary>\n\n{body}\n\n</details>"
        return "\n".join([f"> **{title}**", ">"] + [f"> {line}".rstrip() for line in body.splitlines()])

    return BLOCK.sub(block, text)


def output_markdown(output) -> str:
    """A solution's output inside `<details>`: text as a code block, a table as HTML, a figure as an image."""
    if output.output_type == "stream":
        return f"```text\n{output.text.rstrip()}\n```"
    data = output.get("data", {})
    if "image/png" in data:
        return f'<img alt="the solution\'s figure" src="data:image/png;base64,{data["image/png"].strip()}">'
    if "text/html" in data:
        return data["text/html"].strip()
    if "text/markdown" in data:
        return data["text/markdown"].strip()
    if "text/plain" in data:
        return f"```text\n{data['text/plain'].rstrip()}\n```"
    return ""


def folded_solution(cell, number: str):
    """A solution cell as a markdown cell: its code and what it printed, folded until the reader opens them."""
    shown = [output_markdown(o) for o in cell.outputs if not any(k.startswith(RECORD) for k in o.get("data", {}))]
    parts = [f"```python\n{cell.source.rstrip()}\n```", *[s for s in shown if s]]
    body = "\n\n".join(parts)
    return nbformat.v4.new_markdown_cell(
        f"<details>\n<summary>Solution to exercise {number}: code and output</summary>\n\n{body}\n\n</details>"
    )


def attempt_cell(exercise: str, number: str):
    """An empty code cell for the learner's attempt, with the exercise's self-check ready to uncomment."""
    call = CHECK_CALL.search(exercise)
    lines = [f"# Exercise {number}: your attempt."]
    if call:
        lines.append(f"# Then check it: {call.group(1)}")
    return nbformat.v4.new_code_cell("\n".join(lines))


def edition(
    source: Path,
    site: str,
    cited: dict[str, str],
    terms: dict[str, str],
    labels: dict[str, tuple[str, str | None]] | None = None,
):
    """The notebook edition of one executed chapter."""
    notebook = nbformat.read(source, as_version=4)
    labels = section_labels() if labels is None else labels
    values = glued_values(notebook)
    page = f"{site}notebooks/{source.stem}.html"
    cells = [
        nbformat.v4.new_markdown_cell(
            f"*The notebook edition of a chapter of [Hit or Flop?]({site}); [its web page]({page}) shows the "
            "same text and outputs. The numbers in the text are those of the book's run: run the notebook with "
            "other parameters and its outputs change, the text does not.*"
        )
    ]
    number = None  # of the exercise the next solution answers
    for cell in notebook.cells:
        tags = cell.metadata.get("tags", [])
        if "remove-cell" in tags:
            continue
        if cell.cell_type == "markdown":
            text = plain_markdown(fill_glue(cell.source, values, source.name), site, cited, terms, labels)
            cells.append(nbformat.v4.new_markdown_cell(text))
            if exercises := EXERCISE.findall(cell.source):
                number = exercises[-1]
                cells.append(attempt_cell(cell.source, number))
        elif "solution" in tags:
            cells.append(folded_solution(cell, number))
        else:
            kept = nbformat.v4.new_code_cell(cell.source, metadata={"tags": tags} if tags else {})
            kept.outputs = [o for o in cell.outputs if not any(k.startswith(RECORD) for k in o.get("data", {}))]
            kept.execution_count = cell.execution_count
            cells.append(kept)
            caption = cell.metadata.get("mystnb", {}).get("figure", {}).get("caption")
            if caption:
                cells.append(nbformat.v4.new_markdown_cell(f"*{fill_glue(caption, values, source.name)}*"))
    reader = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": notebook.metadata["kernelspec"]})
    reader.metadata["language_info"] = {"name": "python"}
    for index, cell in enumerate(reader.cells):
        cell.id = f"cell-{index}"
    return reader


def main(argv: list[str]) -> int:
    check = "--check" in argv
    site, cited, terms, labels = book_address(), references(), glossary_pages(), section_labels()
    stale = []
    EDITION.mkdir(exist_ok=True)
    for source in sorted(SOURCES.glob("*.ipynb")):
        text = nbformat.writes(edition(source, site, cited, terms, labels)) + "\n"
        target = EDITION / source.name
        if not target.exists() or target.read_text() != text:
            stale.append(target.relative_to(ROOT))
            if not check:
                target.write_text(text)
    if check and stale:
        print("out of date, run `make edition`:", *stale, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
