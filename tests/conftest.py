"""Fixtures for more than one test layer, importing nothing until a test asks for them: the catalogue, and
headless Chromium (one for the session, for the book and app layers). The small model is the unit and app
layers' own (tests/helpers/model.py, imported by their conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def tracks():
    """The catalogue, as hitlib.data.load_tracks reads it (pandas DataFrame)."""
    from hitlib.data import load_tracks

    return load_tracks()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.helpers.browser import CHROMIUM_FLAGS, chromium

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
