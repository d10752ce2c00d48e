"""Sphinx extension for this book's build: offline assets, formulas as MathML, the book's stylesheet
(``book/_static/book.css``), one copy of each script, and a switch to render the committed notebook
outputs without executing them.

Offline assets: plotly.js is served from the built site itself, so the book works offline. It is
plotly's partial bundle of the cartesian trace types (scatter, box, heatmap and the like: all the book
draws), 1.5 MB instead of the full 4.7 MB, installed by ``npm ci`` at the version the installed
``plotly`` package draws with (a test checks they agree), and copied into ``_static/offline/`` when the
HTML build finishes; nothing is committed to the repository. One copy serves the pages that draw plotly
figures (hitlib's book renderer draws with it); it is loaded only there, after the text.

Math: formulas are written in TeX (``$…$``) and turned into MathML while the book is built
(``latex2mathml``), which browsers draw themselves and screen readers read. No page loads a math script
(MathJax alone weighed 1.2 MB for a handful of inline formulas).

Icons: the theme draws its Font Awesome icons with a 1.5 MB script that turns every ``<i class="fa-…">``
into an SVG. The book drops that script (``book/_templates/static/webpack-macros.html``) and serves Font
Awesome's own stylesheet instead (the same version, from ``node_modules``, installed by ``npm ci``),
which draws the same icons with the web fonts the theme already ships: about 100 kB on every page.

Figures: matplotlib saves them as full-colour PNGs, and a figure with many thin, overlapping lines
compresses badly. When the HTML build finishes, each PNG in ``_images/`` is stored with a palette of 256
colours instead, which such charts need no more of (the partial dependence figure of *Models and time*: 185 kB to 94 kB;
all figures: 1.1 MB to 0.4 MB). A file with transparent pixels, or that would not get smaller, is left as
it is.

Launch buttons: on a chapter's page, the theme's Binder and Colab buttons would open the chapter's source in
``notebooks/``, whose prose is MyST for this build. They open its notebook edition in ``chapters/`` instead
(``tools/notebook_edition.py``), which reads like the page in JupyterLab and Colab.

The predictor page (``book/predictor.md``): when it is part of the build, ``_static/predictor/`` receives
the model's trees (``trees.json``, which ``make model`` writes into ``models/hit_predictor``), the
predictor's script and stylesheet (the very files the web app serves, ``hitlib/app/static/``), and
``predictor.json``: the configuration the app serves at ``/api/config`` (inputs, ranges, defaults,
colours) and a seeded sample of catalogue tracks with their out-of-fold probabilities
(:func:`hitlib.app.frontend.book_config`).
"""

from __future__ import annotations

import io
import json
import os
import shutil
from importlib.resources import files
from pathlib import Path

from docutils import nodes
from latex2mathml.converter import convert as tex_to_mathml
from PIL import Image

from hitlib.models import TREES_FILE

ASSETS = "offline"
PREDICTOR_PAGE = "book/predictor"
# hitlib.plotting's figures: the class of their element, and the id by which they find the page's plotly.js
PLOTLY_FIGURE = 'class="hitlib-plotly"'
PLOTLY_SCRIPT_ID = "hitlib-plotly-js"
# Font Awesome's stylesheet, next to the theme's web fonts (it finds them at ../webfonts/)
ICONS_CSS = "vendor/fontawesome/css/all.min.css"

# The predictor's one script and one stylesheet, shared with the web app.
PREDICTOR_FILES = ("predictor.js", "predictor.css")
PLOTLY_JS = Path(__file__).parents[2] / "node_modules" / "plotly.js-cartesian-dist-min" / "plotly-cartesian.min.js"


def _icons_css(app) -> Path:
    css = Path(app.srcdir) / "node_modules" / "@fortawesome" / "fontawesome-free" / "css" / "all.min.css"
    if not css.is_file():
        raise FileNotFoundError(f"book_build: {css} is missing; run `npm ci`")
    return css


def _visit_inline_math(translator, node) -> None:
    translator.body.append(tex_to_mathml(node.astext()))
    raise nodes.SkipNode


def _visit_display_math(translator, node) -> None:
    translator.body.append(translator.starttag(node, "div", CLASS="math-display"))
    translator.body.append(tex_to_mathml(node.astext(), display="block") + "</div>\n")
    raise nodes.SkipNode


def _configure(app, config) -> None:
    config.html_math_renderer = "mathml"
    config.html_static_path.append(str(Path(app.srcdir) / "book" / "_static"))
    # `make book` sets this: `make test` runs nbval, which re-executes every notebook and fails
    # if any committed output differs, so the pages can show those outputs as they are.
    if os.environ.get("HITLIB_BOOK_EXECUTE") == "off":
        config.nb_execution_mode = "off"


def _copy_assets(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / ASSETS
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(PLOTLY_JS, target / "plotly.min.js")
    icons = Path(app.outdir) / "_static" / ICONS_CSS
    icons.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(_icons_css(app), icons)


def _palette_images(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for path in (Path(app.outdir) / "_images").glob("*.png"):
        with Image.open(path) as image:
            transparent = image.mode == "RGBA" and image.getchannel("A").getextrema()[0] < 255
            if image.mode == "P" or transparent:
                continue
            palette = image.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
        smaller = io.BytesIO()
        palette.save(smaller, format="PNG", optimize=True)
        if smaller.tell() < path.stat().st_size:
            path.write_bytes(smaller.getvalue())


def _model_dir(app) -> Path:
    return Path(os.environ.get("HITLIB_MODEL_DIR") or Path(app.srcdir) / "models" / "hit_predictor")


def _predictor_config(model_dir: Path) -> dict:
    """What the predictor page needs besides the model: the app's page configuration and a track sample."""
    from hitlib.app.frontend import book_config, read_out_of_fold
    from hitlib.data import load_tracks

    card = json.loads((model_dir / "model.json").read_text())
    tracks = load_tracks()
    return book_config(card, tracks, read_out_of_fold(model_dir, tracks))


def _copy_predictor(app, exception) -> None:
    if exception is not None or app.builder.format != "html" or PREDICTOR_PAGE not in app.env.found_docs:
        return
    model_dir = _model_dir(app)
    trees = model_dir / TREES_FILE
    if not trees.is_file():
        raise FileNotFoundError(f"book_build: {trees} is missing; `make model` writes it")
    target = Path(app.outdir) / "_static" / "predictor"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(trees, target / TREES_FILE)
    static = files("hitlib.app") / "static"
    for name in PREDICTOR_FILES:
        (target / name).write_bytes(static.joinpath(name).read_bytes())
    (target / "predictor.json").write_text(json.dumps(_predictor_config(model_dir), separators=(",", ":")))


def _page_scripts(app, pagename, templatename, context, doctree) -> None:
    """plotly.js (deferred, after the text) only on pages that draw a plotly figure; and each inline
    script once: sphinx-thebe 0.3 registers its config snippet twice under Sphinx 7, and the second copy
    throws "Identifier 'THEBE_JS_URL' has already been declared" in the browser."""
    if PLOTLY_FIGURE in context.get("body", ""):
        app.add_js_file(f"{ASSETS}/plotly.min.js", id=PLOTLY_SCRIPT_ID, loading_method="defer")
    unique = {}
    for script in context["script_files"]:  # the thebe copies differ only in filename None versus ""
        key = (script.filename or "", script.priority, tuple(sorted(script.attributes.items())))
        unique.setdefault(key, script)
    context["script_files"] = list(unique.values())


# Markup of the extensions that fails WCAG 2.1 AA (axe-core), and what replaces it.
ACCESSIBLE_MARKUP = {
    # myst-nb's "Show code cell source" toggles: a label that differs from the visible text (WCAG 2.5.3)
    '<summary aria-label="Toggle hidden content">': "<summary>",
    # sphinxcontrib-bibtex's reference list: role="list" requires listitem children, which it lacks
    '<div role="list" class="citation-list">': '<div class="citation-list">',
}


def _accessible_markup(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body", "")
    for markup, replacement in ACCESSIBLE_MARKUP.items():
        body = body.replace(markup, replacement)
    context["body"] = body


def _launch_the_notebook_edition(app, pagename, templatename, context, doctree) -> None:
    if not pagename.startswith("notebooks/"):
        return
    edition = "chapters/" + pagename.removeprefix("notebooks/") + ".ipynb"
    for group in context.get("header_buttons", []):
        if group.get("label") == "launch-buttons":
            for button in group["buttons"]:
                button["url"] = button["url"].replace(f"{pagename}.ipynb", edition)


def setup(app):
    if not PLOTLY_JS.exists():
        raise FileNotFoundError(f"book_build: {PLOTLY_JS} is missing; run `npm ci` (make does)")
    app.add_css_file(ICONS_CSS)
    app.add_css_file("book.css")
    app.add_html_math_renderer("mathml", (_visit_inline_math, None), (_visit_display_math, None))
    app.connect("config-inited", _configure)
    app.connect("build-finished", _copy_assets)
    app.connect("build-finished", _copy_predictor)
    app.connect("build-finished", _palette_images)
    app.connect("html-page-context", _page_scripts, priority=900)  # after every theme handler
    app.connect("html-page-context", _accessible_markup)
    app.connect("html-page-context", _launch_the_notebook_edition, priority=600)  # after the theme's buttons
    return {"parallel_read_safe": True, "parallel_write_safe": True}
