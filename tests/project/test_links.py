"""Chapters are named by title and linked by label, never by number, so that adding, moving or splitting a
chapter renumbers no sentence: prose links with {doc} or {ref}, docstrings and comments name the chapter by
its title in italics ("Introduced in *Normalization*")."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import ROOT

NUMBERED = re.compile(r"\bchapters? [0-9]+|\bchapter-[0-9]|\bch\. ?[0-9]", re.I)
INTRODUCED = re.compile(r"Introduced in \*([^*]+)\*")


def prose_files() -> list[Path]:
    files = [*ROOT.glob("notebooks/*.py"), *ROOT.glob("book/*.md"), ROOT / "README.md", ROOT / "CONTRIBUTING.md"]
    files += [ROOT / "data" / "README.md"]
    files += [p for folder in ("hitlib", "tools", "tests") for p in (ROOT / folder).rglob("*") if p.is_file()]
    return [p for p in files if p.suffix in {".py", ".md", ".html", ".js", ".css"} and p != Path(__file__)]


def chapter_titles() -> set[str]:
    """The first heading of every notebook, as its py:percent pair writes it."""
    return {
        next(line[4:].strip() for line in p.read_text().splitlines() if line.startswith("# # "))
        for p in (ROOT / "notebooks").glob("*.py")
    }


def test_no_chapter_is_named_by_its_number():
    found = []
    for path in prose_files():
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if NUMBERED.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "link the chapter ({doc}, {ref}) or name it by title:\n" + "\n".join(found)


def test_docstrings_introduce_a_helper_in_a_chapter_that_exists():
    titles, found = chapter_titles(), []
    for path in [*(ROOT / "hitlib").rglob("*.py"), *(ROOT / "tools").glob("*.py")]:
        for title in INTRODUCED.findall(path.read_text()):
            if " ".join(title.split()) not in titles:
                found.append(f"{path.relative_to(ROOT)}: *{title}*")
    assert not found, f"not a chapter's title ({sorted(titles)}):\n" + "\n".join(found)
