"""One look for every figure in the book, and a plotly renderer that works offline.

Introduced in *The data tour*.

Hits and flops always get the same two colours (Okabe–Ito vermillion and blue, safe for colour-blind
readers); decades always get one ordered palette. Both are defined in :mod:`hitlib.colors` and taken from here.
"""

from __future__ import annotations

import hashlib
import json
from importlib.resources import files
from string import Template

from plotly.io import renderers
from plotly.io._base_renderers import MimetypeRenderer  # the base class plotly requires of renderers

from hitlib.colors import DECADE_COLORS, HIT_COLORS  # defined without plotly, for the web app too

RENDERER_NAME = "hitbook"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
__all__ = ["DECADE_COLORS", "HIT_COLORS", "BookRenderer", "set_style", "use_book_renderer"]
FIGURE_TEMPLATE = Template(files("hitlib").joinpath("templates/plotly_figure.html").read_text())


def set_style() -> None:
    """Seaborn's whitegrid theme at a size that reads well in the book, with modest PNG resolution."""
    import matplotlib as mpl
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook")
    mpl.rcParams.update({"figure.dpi": 90, "savefig.dpi": 90, "figure.figsize": (7, 4)})


def use_book_renderer() -> None:
    """Make plotly figures display through :class:`BookRenderer` (the default renderer from now on)."""
    renderers[RENDERER_NAME] = BookRenderer()
    renderers.default = RENDERER_NAME


def _plotly_js_version() -> str:
    from plotly.offline import get_plotlyjs_version

    return get_plotlyjs_version()


class BookRenderer(MimetypeRenderer):
    """Display a figure as a small HTML snippet that draws with the page's own plotly.js.

    The book ships one local plotly.js, loaded after the text and only on pages that draw plotly figures,
    so the snippet (``templates/plotly_figure.html``) carries only the figure's JSON and draws once that
    script has loaded. Where no plotly.js is on the page (JupyterLab, Colab), it loads it from plotly's
    CDN. In the book's dark theme the figure gets a transparent background and light text. The element id
    is a hash of the figure, so re-running a notebook gives identical outputs.

    The bundle also holds the figure as plotly's own MIME type, which JupyterLab (and so Binder) draws
    with the plotly extension it ships, even in a notebook it does not trust to run scripts, as when it
    is opened with its outputs. The book's pages and Colab use the HTML.
    """

    def to_mimebundle(self, fig_dict: dict) -> dict:
        import plotly.io as pio

        figure_json = pio.to_json(fig_dict, validate=False, remove_uids=True)
        html = FIGURE_TEMPLATE.substitute(
            div_id="hitfig-" + hashlib.sha256(figure_json.encode()).hexdigest()[:12],
            height=fig_dict.get("layout", {}).get("height") or 450,
            figure=figure_json,
            cdn=f"https://cdn.plot.ly/plotly-{_plotly_js_version()}.min.js",
        )
        return {"text/html": html, PLOTLY_MIME: json.loads(figure_json)}
