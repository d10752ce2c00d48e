"""Copy the repository URL from _config.yml (its one home) into the README badges, the notebooks,
CITATION.cff and the issue forms' links, and the locked versions of LOCKED_ON_COLAB from
requirements-lock.txt into the notebooks' Colab install cells.

python tools/sync_repo_url.py          # rewrite what is out of date
python tools/sync_repo_url.py --check  # exit 1 and list the files that are out of date
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
BADGES_START, BADGES_END = "<!-- badges: start -->", "<!-- badges: end -->"
COLAB_INSTALL = re.compile(r'HITLIB = "hitlib(?P<extras>\[[\w,]+\])? @ git\+[^"]*"')
COLAB_LOCKED = re.compile(r"LOCKED = \[[^\]]*\]")
# Other files' lines that name the repository: CITATION.cff's own (not its references'), the issue forms' links
URL_LINES = {
    "CITATION.cff": re.compile(r'^(repository-code: ")[^"]*(")', re.M),
    ".github/ISSUE_TEMPLATE/config.yml": re.compile(r"^(\s+url: )https://github\.com/[\w.-]+/[\w.-]+(#.*)?$", re.M),
}
# What Colab installs at the lock's version: the book's results depend on scikit-learn's exact version.
LOCKED_ON_COLAB = ("scikit-learn",)


def repository() -> tuple[str, str]:
    """(URL, branch) from _config.yml."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]
    return config["url"].rstrip("/"), config["branch"]


def badges(url: str, branch: str) -> str:
    slug = url.removeprefix("https://github.com/")
    first = "chapters/01_data_tour.ipynb"  # the notebook edition (tools/notebook_edition.py)
    return "\n".join(
        [
            BADGES_START,
            f"[![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/{slug}/{branch}"
            f"?urlpath=lab/tree/{first})",
            f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
            f"(https://colab.research.google.com/github/{slug}/blob/{branch}/{first})",
            BADGES_END,
        ]
    )


def synced_readme(text: str, url: str, branch: str) -> str:
    pattern = re.compile(re.escape(BADGES_START) + ".*?" + re.escape(BADGES_END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"README.md has no {BADGES_START} … {BADGES_END} block")
    return pattern.sub(lambda _: badges(url, branch), text)


def locked_versions() -> str:
    """The Python list of LOCKED_ON_COLAB pinned as in requirements-lock.txt."""
    lock = (ROOT / "requirements-lock.txt").read_text()
    pins = []
    for name in LOCKED_ON_COLAB:
        found = re.search(rf"^{re.escape(name)}==(\S+)", lock, re.M | re.I)
        if not found:
            raise SystemExit(f"requirements-lock.txt does not pin {name}")
        pins.append(f'"{name}=={found[1]}"')
    return f"LOCKED = [{', '.join(pins)}]"


def synced_notebook(text: str, url: str, locked: str) -> str:
    notebook = nbformat.reads(text, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            source = COLAB_INSTALL.sub(lambda m: f'HITLIB = "hitlib{m["extras"] or ""} @ git+{url}"', cell.source)
            cell.source = COLAB_LOCKED.sub(locked, source)
    return nbformat.writes(notebook) + "\n"


def main(check: bool) -> int:
    url, branch = repository()
    locked = locked_versions()
    targets = {ROOT / "README.md": lambda t: synced_readme(t, url, branch)}
    for name, line in URL_LINES.items():
        targets[ROOT / name] = lambda t, line=line: line.sub(lambda m: f"{m[1]}{url}{m[2] or ''}", t)
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        if not any(
            c.cell_type == "code" and COLAB_INSTALL.search(c.source) and COLAB_LOCKED.search(c.source) for c in cells
        ):
            raise SystemExit(
                f'{path.name} has no Colab install cell (lines `HITLIB = "hitlib @ git+…"`, `LOCKED = […]`)'
            )
        targets[path] = lambda t: synced_notebook(t, url, locked)
    stale = []
    for path, sync in targets.items():
        text = path.read_text()
        new = sync(text)
        if new != text:
            stale.append(path.relative_to(ROOT))
            if not check:
                path.write_text(new)
    for path in stale:
        print(f"{'out of date' if check else 'updated'}: {path}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv[1:]))
