"""The book's in-browser predictor (book/predictor.md): in headless Chromium, served on 127.0.0.1 with
every other request aborted, a track picked from the page gets the probability Python gives, and the
one the web app (hitlib.app, the same saved model) gives for the same track."""

from __future__ import annotations

import json

import pandas as pd
from fastapi.testclient import TestClient

from hitlib.app import create_app
from hitlib.models import load_model
from tests.helpers import ROOT, SITE, visit

PAGE = "book/predictor.html"
ASSETS = SITE / "_static" / "predictor"
MODEL_DIR = ROOT / "models" / "hit_predictor"  # where chapter 5 saves the model and chapter 7 exports it


def config() -> dict:
    return json.loads((ASSETS / "predictor.json").read_text())


def test_the_site_ships_the_model_that_chapter_5_saved():
    _, card = load_model(MODEL_DIR)
    assert config()["sha256"] == card["sha256"]
    assert [i["name"] for i in config()["inputs"]] == card["features"]
    assert (ASSETS / "model.onnx").stat().st_size > 0


def probability_from_the_app(track: dict) -> float:
    """The web app's answer for a catalogue track, found by title, artist and decade."""
    with TestClient(create_app(model_dir=MODEL_DIR)) as client:
        found = client.get("/api/tracks", params={"q": track["track"], "limit": 50}).json()["tracks"]
        same = next(t for t in found if (t["artist"], t["decade"]) == (track["artist"], track["decade"]))
        return client.post("/api/predict", json=same["features"] | {"decade": same["decade"]}).json()["probability"]


def test_a_picked_track_gets_pythons_and_the_apps_probability_offline(browser, site_url):  # noqa: F811
    settings = config()
    track = dict(zip(settings["columns"], settings["tracks"][0], strict=True))
    model, card = load_model(MODEL_DIR)
    expected = model.predict_proba(pd.DataFrame([track])[card["features"]])[0, 1]
    assert abs(probability_from_the_app(track) - expected) < 1e-12
    context, page, left, problems = visit(browser, site_url, PAGE)
    try:
        page.wait_for_selector("#hp-probability", timeout=30_000)
        page.fill("#hp-search", track["track"])
        page.locator("#hp-tracks button", has_text=track["artist"]).first.click()
        page.wait_for_selector("#hp-truth")
        shown = float(page.locator("#hp-result").get_attribute("data-probability"))
        assert abs(shown - expected) < 1e-5
        assert page.locator("#hp-probability").text_content() == f"{shown:.4f}"
        assert track["artist"] in page.locator("#hp-truth").text_content()
        assert left == [] and problems == [], (left, problems)
    finally:
        context.close()


def test_the_page_says_so_when_webassembly_is_missing(browser, site_url):  # noqa: F811
    context = browser.new_context()
    context.add_init_script("delete window.WebAssembly;")
    page = context.new_page()
    try:
        page.goto(site_url + PAGE, wait_until="networkidle")
        assert "needs WebAssembly" in page.locator("#hit-predictor").text_content()
    finally:
        context.close()
