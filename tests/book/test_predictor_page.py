"""The book's in-browser predictor (book/predictor.md): in headless Chromium, served on 127.0.0.1 with
every other request aborted. It runs the web app's own script and stylesheet (hitlib/app/static) with
the trees backend (the model's trees.json, walked in JavaScript), reads the configuration the app
serves, shows catalogue tracks with their out-of-fold probability, and gives the same probability and
colours as the app's page for the same track."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from fastapi.testclient import TestClient

import hitlib.app
from hitlib.app import create_app
from hitlib.app.frontend import CATALOGUE_COLUMNS, read_out_of_fold
from hitlib.models import CARD_FILE, TREES_FILE, load_model
from hitlib.plotting import HIT_COLORS
from tests.helpers import ROOT
from tests.helpers.browser import css_rgb, visit
from tests.helpers.model import MODEL_INPUTS
from tests.helpers.server import served
from tests.helpers.site import SITE

PAGE = "book/predictor.html"
ASSETS = SITE / "_static" / "predictor"
MODEL_DIR = ROOT / "models" / "hit_predictor"  # where `make model` writes the model the book ships
STATIC = hitlib.app.STATIC_DIR
EDITED_ENERGY = "0.9"


def config() -> dict:
    return json.loads((ASSETS / "predictor.json").read_text())


def sample_track(index: int = 0) -> dict:
    return dict(zip(config()["catalogue"]["columns"], config()["catalogue"]["rows"][index], strict=True))


@pytest.fixture(scope="module")
def app_client():
    with TestClient(create_app(model_dir=MODEL_DIR)) as client:
        yield client


@pytest.fixture(scope="module")
def real_app_url():
    """The web app on the same model directory as the built book."""
    with served(create_app(model_dir=MODEL_DIR)) as url:
        yield url


def test_the_fixture_model_has_the_real_cards_inputs():
    """The app layer's small model (tests/helpers/model.py) has the inputs of the model the book ships."""
    card = MODEL_DIR / CARD_FILE
    assert card.is_file(), "models/hit_predictor is made by `make model` (hitlib.build)"
    assert json.loads(card.read_text())["features"] == MODEL_INPUTS


def test_the_site_ships_the_model_and_the_apps_script_and_configuration(app_client):
    _, card = load_model(MODEL_DIR)
    settings = config()
    assert settings["model"]["sha256"] == card["sha256"]
    assert settings["model_inputs"] == card["features"]
    assert (ASSETS / TREES_FILE).read_bytes() == (MODEL_DIR / TREES_FILE).read_bytes()
    for name in ("predictor.js", "predictor.css"):
        assert (ASSETS / name).read_bytes() == (STATIC / name).read_bytes()
    catalogue = settings.pop("catalogue")
    assert settings == app_client.get("/api/config").json()  # the same inputs, defaults and colours
    assert catalogue["columns"] == CATALOGUE_COLUMNS


def test_the_sample_carries_out_of_fold_probabilities(tracks):
    out_of_fold = pd.read_csv(MODEL_DIR / "out_of_fold.csv").assign(probability=read_out_of_fold(MODEL_DIR, tracks))
    rows = [dict(zip(config()["catalogue"]["columns"], row, strict=True)) for row in config()["catalogue"]["rows"]]
    for row in rows:
        same = out_of_fold[(out_of_fold["uri"] == row["uri"]) & (out_of_fold["decade"] == row["decade"])]
        assert row["probability"] in list(same["probability"])
        assert row["label"] == ("hit" if same["target"].iloc[0] == 1 else "flop")


def read_page(page, after: str) -> dict:
    """The probability, its label and the colours the page shows, once ``after`` matches."""
    page.wait_for_selector(after, timeout=30_000)
    return {
        "probability": float(page.get_attribute("#hp-result", "data-probability")),
        "shown": page.inner_text("#hp-probability"),
        "label": page.inner_text("#hp-label"),
        "label colour": page.eval_on_selector("#hp-label", "e => getComputedStyle(e).color"),
        "truth": page.inner_text("#hp-truth-label") if page.locator("#hp-truth").is_visible() else None,
        "truth colour": page.eval_on_selector("#hp-truth-label", "e => getComputedStyle(e).borderBottomColor"),
    }


def pick_and_edit(page, track: dict) -> tuple[dict, dict]:
    """Pick ``track`` by its title, read the page; set energy, read it again."""
    page.wait_for_selector("#hp-result[data-source=model]", timeout=30_000)
    page.fill("#hp-search", track["track"])
    page.locator("#hp-tracks button", has_text=track["artist"]).first.click()
    picked = read_page(page, "#hp-result[data-source=out-of-fold]")
    page.fill("#hp-f-energy", EDITED_ENERGY)
    edited = read_page(page, "#hp-result[data-source=model]")
    return picked, edited


def findable_track(app_client) -> dict:
    """The first sample track that a search for its title finds in the whole catalogue, in the first results."""
    for index in range(len(config()["catalogue"]["rows"])):
        track = sample_track(index)
        found = app_client.get("/api/tracks", params={"q": track["track"]}).json()["tracks"]
        if sum(t["artist"] == track["artist"] for t in found) == 1:
            return track
    pytest.fail("no sample track can be found by its title")


def test_the_app_page_and_the_book_page_agree_on_a_track(browser, site_url, real_app_url, app_client):
    track = findable_track(app_client)
    model, card = load_model(MODEL_DIR)
    row = pd.DataFrame([track])[card["features"]].astype(float)
    sklearn = model.predict_proba(row.assign(energy=float(EDITED_ENERGY)))[0, 1]
    seen = {}
    for name, url, path in (("book", site_url, PAGE), ("app", real_app_url, "")):
        context, page, left, problems = visit(browser, url, path)
        try:
            seen[name] = pick_and_edit(page, track)
            assert left == [] and problems == [], (name, left, problems)
        finally:
            context.close()
    (book_picked, book_edited), (app_picked, app_edited) = seen["book"], seen["app"]
    assert book_picked == app_picked  # the out-of-fold probability, label, true label and colours
    assert book_picked["probability"] == track["probability"] and book_picked["truth"] == track["label"]
    assert book_picked["truth colour"] == css_rgb(HIT_COLORS[track["label"]])
    assert book_edited["probability"] == pytest.approx(app_edited["probability"], abs=1e-6)
    assert book_edited["probability"] == pytest.approx(sklearn, abs=1e-5)
    assert {k: v for k, v in book_edited.items() if k != "probability"} == {
        k: v for k, v in app_edited.items() if k != "probability"
    }
    assert book_edited["label colour"] == css_rgb(HIT_COLORS[book_edited["label"]])


def test_the_page_needs_no_webassembly(browser, site_url):
    context = browser.new_context()
    context.add_init_script("delete window.WebAssembly;")
    page = context.new_page()
    try:
        page.goto(site_url + PAGE, wait_until="networkidle")
        page.wait_for_selector("#hp-result[data-source=model]", timeout=30_000)
    finally:
        context.close()


def tab_to(page, selector: str, text: str = "", limit: int = 200) -> None:
    """Press Tab until an element that ``selector`` matches (and whose text holds ``text``) has the focus,
    as a keyboard user would."""
    focused = "([s, t]) => document.activeElement.matches(s) && document.activeElement.textContent.includes(t)"
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(focused, [selector, text]):
            return
    pytest.fail(f"{selector} {text} cannot be reached with the Tab key")


def test_the_predictor_works_by_keyboard_alone_and_announces_its_result(browser, site_url, app_client):
    track = findable_track(app_client)
    context, page, left, problems = visit(browser, site_url, PAGE)
    try:
        page.wait_for_selector("#hp-result[data-source=model]", timeout=30_000)
        # the result and the search's note are live regions: a screen reader reads their changes aloud
        assert page.get_attribute("#hp-result", "aria-live") == "polite"
        assert page.get_attribute("#hp-search-note", "aria-live") == "polite"
        assert page.get_attribute("#hp-error", "role") == "alert"
        tab_to(page, "#hp-search")
        page.keyboard.type(track["track"])
        page.locator("#hp-tracks button", has_text=track["artist"]).first.wait_for()
        tab_to(page, "#hp-tracks button", track["artist"])
        page.keyboard.press("Enter")
        picked = read_page(page, "#hp-result[data-source=out-of-fold]")
        assert picked["probability"] == track["probability"]
        tab_to(page, "#hp-f-energy")
        page.keyboard.press("Control+A")
        page.keyboard.type(EDITED_ENERGY)
        edited = read_page(page, "#hp-result[data-source=model]")
        assert edited["probability"] != picked["probability"]
        assert left == [] and problems == []
    finally:
        context.close()
