"""Fixtures shared by the test layers: the catalogue, a small real model, headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from hitlib.build import build_model
from hitlib.data import load_tracks
from hitlib.models import MODEL_CARD_FILE, load_model
from tests.helpers import CHROMIUM_FLAGS, DESCRIPTION, KNOWN_TITLE, chromium

SMALL_MODEL_FOLDS, SMALL_MODEL_TREES = 2, 30


@pytest.fixture(scope="session")
def tracks() -> pd.DataFrame:
    return load_tracks()


def train_small_model(tracks: pd.DataFrame, folder: Path) -> Path:
    """A quick but real model directory, made by `make model`'s code with fewer trees and folds."""
    return build_model(folder, tracks, n_splits=SMALL_MODEL_FOLDS, max_iter=SMALL_MODEL_TREES, description=DESCRIPTION)


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory, tracks) -> Path:
    """Every file `make model` writes, for a small model: built once per session, whichever test asks first."""
    folder = tmp_path_factory.getbasetemp() / "small-model"
    return folder if (folder / MODEL_CARD_FILE).is_file() else train_small_model(tracks, folder)


@pytest.fixture(scope="session")
def pipeline(model_dir):
    return load_model(model_dir)[0]


@pytest.fixture(scope="session")
def known(tracks) -> pd.Series:
    return tracks[tracks["track"] == KNOWN_TITLE].iloc[0]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
