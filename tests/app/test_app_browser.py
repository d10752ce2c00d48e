"""App layer in a real browser: the predictor page served by uvicorn on 127.0.0.1, used as a person would.

Headless Chromium (the same launch as the book's browser tests) searches for a track, picks it, reads
its out-of-fold probability and true label, edits a value and reads the model's probability off the
page; nothing may leave the machine, and the page's Content-Security-Policy must not block anything.
"""

from __future__ import annotations

import pandas as pd
import pytest

from hitlib.models import ONNX_FILE, OUT_OF_FOLD_FILE, OnnxModel
from hitlib.plotting import HIT_COLORS
from tests.helpers.browser import css_rgb
from tests.helpers.model import KNOWN_TITLE, MODEL_INPUTS


def pick_known(page) -> None:
    page.wait_for_selector("#hp-result[data-source=model]", timeout=15_000)  # the defaults are scored first
    page.fill("#hp-search", "cancion mixte")  # no accent, lower case: the catalogue has "Canción Mixteca"
    choice = page.locator("#hp-tracks button", has_text=KNOWN_TITLE)
    choice.wait_for(timeout=10_000)
    choice.click()
    page.wait_for_selector("#hp-result[data-source=out-of-fold]")


def test_a_picked_track_shows_its_out_of_fold_probability_next_to_its_label(open_app, model_dir, tracks, known):
    page, left, problems = open_app()
    pick_known(page)
    assert KNOWN_TITLE in page.locator("#hp-chosen").inner_text()
    assert page.input_value("#hp-f-acousticness") == str(known["acousticness"])
    assert page.input_value("#hp-f-decade") == str(known["decade"])
    out_of_fold = pd.read_csv(model_dir / OUT_OF_FOLD_FILE)["probability"].iloc[tracks.index.get_loc(known.name)]
    assert float(page.get_attribute("#hp-result", "data-probability")) == out_of_fold
    assert page.inner_text("#hp-probability") == f"{100 * out_of_fold:.1f} %"
    assert page.inner_text("#hp-label") == ("hit" if out_of_fold > 0.5 else "flop")
    assert page.inner_text("#hp-truth-label") == ("hit" if known["target"] == 1 else "flop")
    assert f"{known['decade']}s" in page.inner_text("#hp-truth")
    assert "Out of fold" in page.inner_text("#hp-source") and page.locator("#hp-explain").is_hidden()
    assert left == [], f"requests left the machine: {left}"
    assert problems == [], f"console problems: {problems}"


def test_editing_a_value_scores_it_with_the_served_model(open_app, model_dir, tracks, known):
    page, left, problems = open_app()
    pick_known(page)
    page.fill("#hp-f-energy", "0.9")
    page.wait_for_selector("#hp-result[data-source=model]")
    row = tracks.loc[[known.name], MODEL_INPUTS].astype(float).assign(energy=0.9)
    expected = OnnxModel.from_file(model_dir / ONNX_FILE).hit_probability(row.to_numpy())[0]
    assert float(page.get_attribute("#hp-result", "data-probability")) == pytest.approx(expected, abs=1e-7)
    assert page.inner_text("#hp-probability") == f"{100 * expected:.1f} %"
    assert page.locator("#hp-truth").is_hidden()
    assert "your own" in page.inner_text("#hp-chosen")
    assert 1 <= page.locator("#hp-contributions li").count() <= 5
    label = "hit" if expected > 0.5 else "flop"
    assert page.eval_on_selector("#hp-label", "e => getComputedStyle(e).color") == css_rgb(HIT_COLORS[label])
    assert left == [] and problems == [], (left, problems)


def test_an_impossible_value_is_named_not_sent(open_app):
    page, left, problems = open_app()
    page.wait_for_selector("#hp-result[data-source=model]", timeout=15_000)
    page.fill("#hp-f-loudness", "20")
    page.locator("#hp-error").filter(has_text="Loudness").wait_for(timeout=5_000)
    assert "-60 – 5" in page.inner_text("#hp-error")
    assert left == [] and problems == [], (left, problems)


def test_text_from_the_data_is_inserted_as_text(open_app):
    page, left, problems = open_app()
    page.wait_for_selector("#hp-status", timeout=15_000)
    page.fill("#hp-search", "<b>")  # no title holds markup; the answer is shown as text either way
    page.locator("#hp-search-note").filter(has_text="No track matches").wait_for(timeout=10_000)
    assert page.locator("#hp-tracks b").count() == 0
    assert left == [] and problems == []


def test_docs_work_offline(open_app):
    page, left, problems = open_app("docs")
    page.locator(".swagger-ui .opblock").first.wait_for(timeout=15_000)
    assert left == [], f"requests left the machine: {left}"
