"""Fixtures shared by the test layers: the catalogue, a small real model, headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from hitlib.data import load_tracks
from hitlib.models import CARD_FILE, load_model, save_model
from tests.helpers import CHROMIUM_FLAGS, DESCRIPTION, KNOWN_TITLE, MODEL_INPUTS, chromium


@pytest.fixture(scope="session")
def tracks() -> pd.DataFrame:
    return load_tracks()


def train_small_model(tracks: pd.DataFrame, folder: Path) -> Path:
    """A quick but real model with chapter 5's inputs, saved the way chapter 5 saves its model."""
    model = HistGradientBoostingClassifier(max_iter=50, random_state=0)
    model.fit(tracks[MODEL_INPUTS], tracks["target"])
    return save_model(
        model,
        folder,
        features=MODEL_INPUTS,
        description=DESCRIPTION,
        metrics={"grouped_accuracy": 0.8, "grouped_roc_auc": 0.88},
    )


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory, tracks) -> Path:
    """Shared by the browser tests too: trained once per session, whichever module asks first."""
    folder = tmp_path_factory.getbasetemp() / "app-model"
    return folder if (folder / CARD_FILE).is_file() else train_small_model(tracks, folder)


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
