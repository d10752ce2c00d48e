"""Execute the book's chapters two at a time into Jupyter Book's cache, before `jupyter-book build`.

`make book` runs this first. Jupyter Book 1 executes the notebooks one after another while it reads them;
on the book's 2-core machines most cells keep one core busy, so two chapters side by side take about half
the time. The build then finds every chapter in its cache (`_build/.jupyter_cache`, keyed by the code
cells) and executes nothing. Each kernel uses one OpenMP thread (`OMP_NUM_THREADS=1`, set by `make book`):
two kernels with two threads each would make their threads wait for one another.

Usage: python tools/execute_book.py [notebook ...]   (default: every chapter)
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from jupyter_cache import get_cache
from jupyter_cache.executors import load_executor

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "_build" / ".jupyter_cache"


def main(paths: list[str]) -> int:
    notebooks = [Path(path).resolve() for path in paths] or sorted(ROOT.glob("notebooks/*.ipynb"))
    timeout = yaml.safe_load((ROOT / "_config.yml").read_text())["execute"]["timeout"]
    cache = get_cache(CACHE)
    for notebook in notebooks:
        cache.add_nb_to_project(str(notebook))
    records = [cache.get_project_record(str(notebook)) for notebook in notebooks]
    result = load_executor("local-parallel", cache).run_and_cache(
        filter_pks=[record.pk for record in records], timeout=timeout
    )
    for notebook in notebooks:
        cached = cache.get_cached_project_nb(str(notebook))
        if cached is not None:
            print(f"{notebook.relative_to(ROOT)}: executed in {cached.data['execution_seconds']:.0f} s")
    failed = result.errored + result.excepted
    for uri in failed:
        print(f"{Path(uri).relative_to(ROOT)} failed; its traceback: jcache project info (JUPYTERCACHE={CACHE})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
