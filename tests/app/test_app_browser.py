"""App layer in a real browser: the predictor page served by uvicorn on 127.0.0.1, used as a person would.

Headless Chromium (the same launch as the book's browser tests) searches for a track, picks it,
asks for a prediction and reads the probability off the page; nothing may leave the machine.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest
import uvicorn

from hitlib.app import create_app
from tests.helpers import KNOWN_TITLE, hit_probability, visit


@pytest.fixture(scope="module")
def app_url(model_dir):  # noqa: F811
    """The app on a free loopback port, served by uvicorn in a background thread."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(model_dir=model_dir), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the app did not start on 127.0.0.1")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    server.should_exit = True
    thread.join(timeout=10)
    listener.close()


@pytest.fixture
def open_app(browser, app_url):  # noqa: F811
    """Open a page of the app (the book tests' `visit`); yields (page, requests that left, console problems)."""
    contexts = []

    def open_page(path: str = ""):
        context, page, left, problems = visit(browser, app_url, path)
        contexts.append(context)
        return page, left, problems

    yield open_page
    for context in contexts:
        context.close()


def test_search_pick_and_predict_shows_the_models_probability(open_app, pipeline, tracks, known):  # noqa: F811
    page, left, problems = open_app()
    page.fill("#search", "cancion mixte")  # no accent, lower case: the catalogue has "Canción Mixteca"
    choice = page.locator("#results button", has_text=KNOWN_TITLE)
    choice.wait_for(timeout=10_000)
    choice.click()
    assert KNOWN_TITLE in page.locator("#chosen").inner_text()
    assert page.input_value("#f-acousticness") == str(known["acousticness"])
    assert page.input_value("#f-decade") == str(known["decade"])

    page.click("button[type=submit]")
    page.locator("#result").wait_for(state="visible", timeout=10_000)
    expected = hit_probability(pipeline, tracks.loc[[known.name]])[0]
    assert page.inner_text("#probability") == f"{100 * expected:.1f} %"
    assert page.inner_text("#label") == ("hit" if expected > 0.5 else "flop")
    assert page.inner_text("#truth-label") == ("hit" if known["target"] == 1 else "flop")
    assert page.inner_text("#truth-decade") == f"{known['decade']}s"
    assert 1 <= page.locator("#contributions li").count() <= 5
    assert "chorus_hit" in page.inner_text("#ignored")
    assert left == [], f"requests left the machine: {left}"
    assert problems == [], f"console problems: {problems}"


def test_editing_a_value_forgets_the_catalogue_label(open_app):
    page, left, problems = open_app()
    page.fill("#search", "mixteca")
    page.locator("#results button", has_text=KNOWN_TITLE).click()
    page.fill("#f-energy", "0.9")
    page.click("button[type=submit]")
    page.locator("#result").wait_for(state="visible", timeout=10_000)
    assert page.locator("#truth").is_hidden()
    assert "your own" in page.inner_text("#chosen")
    assert left == [] and problems == []


def test_text_from_the_data_is_inserted_as_text(open_app):
    page, left, problems = open_app()
    page.fill("#search", "<b>")  # no title holds markup; the answer is shown as text either way
    page.locator("#search-note").filter(has_text="No track matches").wait_for(timeout=10_000)
    assert page.locator("#results b").count() == 0
    assert left == [] and problems == []


def test_docs_work_offline(open_app):
    page, left, problems = open_app("docs")
    page.locator(".swagger-ui .opblock").first.wait_for(timeout=15_000)
    assert left == [], f"requests left the machine: {left}"
