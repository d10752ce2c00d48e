"""App layer in a real browser: the predictor page served by uvicorn on 127.0.0.1, used as a person would.

Headless Chromium (the same launch as the book's browser tests) searches for a track, picks it,
asks for a prediction and reads the probability off the page; nothing may leave the machine.
"""

from __future__ import annotations

import socket
import threading
import time
from urllib.parse import urlsplit

import pytest
import uvicorn
from test_app import KNOWN_TITLE, hit_probability, known, model_dir, pipeline, tracks  # noqa: F401
from test_book import browser  # noqa: F401  (the book's headless Chromium fixture)

from hitlib.app import create_app

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


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
def visit(browser):
    """Open a URL; yields (page, requests that tried to leave the machine, console problems)."""
    context = browser.new_context()
    left: list[str] = []
    problems: list[str] = []

    def route(route):
        url = route.request.url
        if url.startswith("data:") or urlsplit(url).hostname in LOOPBACK:
            route.continue_()
        else:
            left.append(url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)

    def open_page(url: str):
        page.goto(url, wait_until="networkidle")
        return page, left, problems

    yield open_page
    context.close()


def test_search_pick_and_predict_shows_the_models_probability(visit, app_url, pipeline, tracks, known):  # noqa: F811
    page, left, problems = visit(app_url)
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


def test_editing_a_value_forgets_the_catalogue_label(visit, app_url):
    page, left, problems = visit(app_url)
    page.fill("#search", "mixteca")
    page.locator("#results button", has_text=KNOWN_TITLE).click()
    page.fill("#f-energy", "0.9")
    page.click("button[type=submit]")
    page.locator("#result").wait_for(state="visible", timeout=10_000)
    assert page.locator("#truth").is_hidden()
    assert "your own" in page.inner_text("#chosen")
    assert left == [] and problems == []


def test_text_from_the_data_is_inserted_as_text(visit, app_url):
    page, left, problems = visit(app_url)
    page.fill("#search", "<b>")  # no title holds markup; the answer is shown as text either way
    page.locator("#search-note").filter(has_text="No track matches").wait_for(timeout=10_000)
    assert page.locator("#results b").count() == 0
    assert left == [] and problems == []


def test_docs_work_offline(visit, app_url):
    page, left, problems = visit(app_url + "docs")
    page.locator(".swagger-ui .opblock").first.wait_for(timeout=15_000)
    assert left == [], f"requests left the machine: {left}"
