"""App-layer fixtures: a test client of the app on the small model, the app served on loopback."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from hitlib.app import create_app
from tests.helpers import served, visit


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
