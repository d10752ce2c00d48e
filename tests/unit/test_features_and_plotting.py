"""hitlib.features (one source for the glossary and validation) and hitlib.plotting (offline renderer)."""

from __future__ import annotations

import subprocess
import sys

import plotly.graph_objects as go
import plotly.io as pio

from hitlib import colors, data, plotting
from hitlib.features import BY_NAME, DECADE, FEATURE_NAMES, FEATURES, INPUTS, glossary_markdown
from tests.helpers import ROOT


def test_fifteen_features_and_the_target_match_the_file_columns():
    assert len(FEATURES) == 15
    assert data.COLUMNS == data.TEXT_COLUMNS + FEATURE_NAMES + ["target"]
    assert set(BY_NAME) == set(FEATURE_NAMES) | {"decade", "target"}
    assert all(f.low < f.high and f.definition.endswith(".") for f in BY_NAME.values())


def test_the_decade_is_an_input_like_the_features_with_its_six_values():
    assert [f.name for f in INPUTS] == [*FEATURE_NAMES, "decade"] and INPUTS[-1] is DECADE
    assert DECADE.choices == data.DECADES and DECADE.integer and (DECADE.low, DECADE.high) == (1960, 2010)
    assert DECADE.describe_range() == "1960s – 2010s" and BY_NAME["key"].describe_range() == "-1, 0, …, 11"


def test_glossary_page_is_generated_from_the_metadata():
    page = (ROOT / "book" / "glossary.md").read_text()
    assert page == glossary_markdown(), "book/glossary.md is stale: run `make glossary`"
    for name in BY_NAME:
        assert f"\n{name}\n  " in page


def test_every_real_value_lies_in_its_valid_range():
    tracks = data.load_tracks()
    for feature in BY_NAME.values():
        assert tracks[feature.name].between(feature.low, feature.high).all(), feature.name


def figure():
    return go.Figure(go.Bar(x=["hit", "flop"], y=[1, 2]), layout={"height": 300})


def test_book_renderer_is_small_deterministic_and_offline_first():
    plotting.use_book_renderer()
    assert pio.renderers.default == plotting.RENDERER_NAME
    bundle = pio.renderers._build_mime_bundle(figure().to_dict())
    again = pio.renderers._build_mime_bundle(figure().to_dict())
    html = bundle["text/html"]
    assert set(bundle) == {"text/html", plotting.PLOTLY_MIME} and bundle == again
    assert bundle[plotting.PLOTLY_MIME]["data"][0]["y"] == [1, 2], "JupyterLab draws the figure from its JSON"
    assert len(html) < 20_000, "the snippet must not inline plotly.js"
    assert 'getElementById("hitlib-plotly-js")' in html and "height:300px" in html  # waits for the page's copy
    other = pio.renderers._build_mime_bundle(go.Figure(go.Bar(y=[3])).to_dict())["text/html"]
    assert html.split('"')[1] != other.split('"')[1], "different figures need different element ids"


def test_the_colours_are_defined_without_plotly_for_the_web_app():
    code = "import sys, hitlib.app; print(sorted({m.split('.')[0] for m in sys.modules} & {'plotly', 'matplotlib'}))"
    imported = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert imported.stdout.strip() == "[]", "the app needs two colours, not a plotting library"
    assert plotting.HIT_COLORS is colors.HIT_COLORS and plotting.DECADE_COLORS is colors.DECADE_COLORS


def test_the_two_class_colours_and_six_decade_colours():
    assert set(plotting.HIT_COLORS) == {"hit", "flop"}
    assert list(plotting.DECADE_COLORS) == list(data.DECADES)
    assert len(set(plotting.DECADE_COLORS.values())) == 6
