"""Light pages: each page of the built site loaded over a network slowed to 10 Mbit/s (Chromium's
DevTools protocol, on loopback), measuring what the reader waits for and what they download."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.helpers.site import site_pages

MBIT_PER_S = 10
FIRST_PAINT_S = 2.0  # the first text on screen
PAGE_MB = 2.0  # everything a page downloads at first load, plotly.js (its cartesian bundle) included
FIRST_PROBABILITY_S = 5.0  # the predictor page, from the request to the first probability shown
TRANSFERRED = (
    "performance.getEntriesByType('navigation')[0].transferSize"
    " + performance.getEntriesByType('resource').reduce((total, r) => total + r.transferSize, 0)"
)


def slow_page(browser):
    context = browser.new_context()
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    devtools.send("Network.enable")
    devtools.send("Network.setCacheDisabled", {"cacheDisabled": True})
    rate = MBIT_PER_S * 1e6 / 8  # bytes per second
    devtools.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 20, "downloadThroughput": rate, "uploadThroughput": rate},
    )
    return context, page


# Every page, plotly figures and all, has settled within 10 s at 10 Mbit/s; a load that has not after 20 s
# has stalled (it happens once in many on a busy machine, and a clean-clone run once saw it twice in a row
# on the data tour, which loads in 2.2 s alone) and is tried again, three loads in all.
LOAD_TIMEOUT_MS = 20_000


def first_paint_and_megabytes(browser, url) -> tuple[float, float]:
    for attempt in (1, 2, 3):
        context, page = slow_page(browser)
        try:
            page.goto(url, wait_until="networkidle", timeout=LOAD_TIMEOUT_MS)
            first_paint = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
            return first_paint / 1000, page.evaluate(TRANSFERRED) / 1e6
        except PlaywrightTimeoutError:
            if attempt == 3:
                raise
        finally:
            context.close()


@pytest.mark.parametrize("page_path", site_pages())
def test_text_comes_fast_and_light_pages_stay_light(browser, site_url, page_path):
    first_paint, megabytes = first_paint_and_megabytes(browser, site_url + page_path)
    if first_paint >= FIRST_PAINT_S:  # a busy shared machine can delay one paint: the better of two loads
        first_paint = min(first_paint, first_paint_and_megabytes(browser, site_url + page_path)[0])
    assert first_paint < FIRST_PAINT_S, f"first text after {first_paint:.1f} s at {MBIT_PER_S} Mbit/s"
    assert megabytes <= PAGE_MB, f"{megabytes:.2f} MB downloaded"


def test_the_predictor_answers_within_seconds_on_a_slow_network(browser, site_url):
    context, page = slow_page(browser)
    try:
        start = time.monotonic()
        page.goto(site_url + "book/predictor.html", wait_until="commit")
        page.wait_for_selector("#hp-result[data-source=model]", timeout=60_000)
        seconds = time.monotonic() - start
        assert seconds < FIRST_PROBABILITY_S, f"first probability after {seconds:.1f} s at {MBIT_PER_S} Mbit/s"
    finally:
        context.close()
