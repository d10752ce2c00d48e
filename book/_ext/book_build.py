"""Sphinx extension for this book's build: offline assets, one copy of each script, and a switch to
render the committed notebook outputs without executing them.

Offline assets: serve plotly.js and MathJax from the built site itself, so the book works offline.

plotly.js comes from the installed ``plotly`` package and MathJax 3 from the installed
``django-static-mathjax`` package (its files only; Django is not needed). Both are copied into
``_static/offline/`` when the HTML build finishes; nothing is committed to the repository.
One copy of plotly.js serves every page, and hitlib's book renderer draws with it.
"""

from __future__ import annotations

import os
import shutil
from importlib.util import find_spec
from pathlib import Path

ASSETS = "offline"
MATHJAX_ENTRY = "tex-mml-chtml.js"


def _plotly_js() -> Path:
    return Path(find_spec("plotly").submodule_search_locations[0]) / "package_data" / "plotly.min.js"


def _mathjax_dir() -> Path:
    return Path(find_spec("mathjax").submodule_search_locations[0]) / "static" / "mathjax" / "es5"


def _configure(app, config) -> None:
    config.mathjax_path = f"{ASSETS}/mathjax/{MATHJAX_ENTRY}"
    # `make site` sets this: the same `make test` runs nbval, which re-executes every notebook and fails
    # if any committed output differs, so the pages can show those outputs as they are.
    if os.environ.get("HITLIB_BOOK_EXECUTE") == "off":
        config.nb_execution_mode = "off"


def _skip_unused_mathjax(folder: str, names: list[str]) -> list[str]:
    """Keep one MathJax bundle (TeX and MathML in, HTML-CSS out) and the files it loads lazily."""
    if Path(folder) == _mathjax_dir():
        return [n for n in names if n.endswith(".js") and n != MATHJAX_ENTRY]
    return [n for n in names if n in ("svg", "svg.js")]


def _copy_assets(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / ASSETS
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(_plotly_js(), target / "plotly.min.js")
    shutil.copytree(_mathjax_dir(), target / "mathjax", ignore=_skip_unused_mathjax, dirs_exist_ok=True)


def _drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    """Keep each inline script once: sphinx-thebe 0.3 registers its config snippet twice under Sphinx 7,
    and the second copy throws "Identifier 'THEBE_JS_URL' has already been declared" in the browser."""
    unique = {}
    for script in context["script_files"]:  # the copies differ only in filename None versus ""
        key = (script.filename or "", script.priority, tuple(sorted(script.attributes.items())))
        unique.setdefault(key, script)
    context["script_files"] = list(unique.values())


def setup(app):
    for source in (_plotly_js(), _mathjax_dir()):
        if not source.exists():
            raise FileNotFoundError(f"book_build: {source} is missing; install the book's requirements")
    app.add_js_file(f"{ASSETS}/plotly.min.js", priority=100)
    app.connect("config-inited", _configure)
    app.connect("build-finished", _copy_assets)
    app.connect("html-page-context", _drop_duplicate_scripts, priority=900)  # after every theme handler
    return {"parallel_read_safe": True, "parallel_write_safe": True}
