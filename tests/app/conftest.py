"""App-layer fixtures: the small model (tests/helpers/model.py), a track every catalogue has, a test client of
the app on that model, the app served on loopback."""

from __future__ import annotations

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from hitlib.app import create_app
from tests.helpers import model
from tests.helpers.browser import visit
from tests.helpers.model import KNOWN_TITLE
from tests.helpers.server import served

# The small model (built once per session, whichever layer asks first) and its pipeline
model_dir, pipeline = model.model_dir, model.pipeline


@pytest.fixture(scope="session")
def known(tracks) -> pd.Series:
    return tracks[tracks["track"] == KNOWN_TITLE].iloc[0]


@pytest.fixture(scope="module")
def client(model_dir):
    with TestClient(create_app(model_dir=model_dir)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def app_url(model_dir):
    """The app on a free loopback port, served by uvicorn in a background thread."""
    with served(create_app(model_dir=model_dir)) as url:
        yield url


@pytest.fixture
def open_app(browser, app_url):
    """Open a page of the app (the book tests' `visit`); yields (page, requests that left, console problems)."""
    contexts = []

    def open_page(path: str = ""):
        context, page, left, problems = visit(browser, app_url, path)
        contexts.append(context)
        return page, left, problems

    yield open_page
    for context in contexts:
        context.close()
