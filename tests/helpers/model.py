"""The book model's inputs, a track every decade file has, and the small real model that the layers which
test the model (unit: hitlib.build; app) train once per session. Nothing of the model stack is imported
until a test asks for the model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hitlib.features import FEATURE_NAMES

# The inputs of the book's model: the features except the two that give the label away, and the decade.
LEAKY = ("chorus_hit", "sections")
MODEL_INPUTS = [name for name in FEATURE_NAMES if name not in LEAKY] + ["decade"]
DESCRIPTION = "Test model <small> & quick"
KNOWN_TITLE = "Canción Mixteca (Qué Lejos Estoy)"
SMALL_MODEL_FOLDS, SMALL_MODEL_TREES = 2, 30


def hit_probability(pipeline, rows: pd.DataFrame) -> np.ndarray:
    return pipeline.predict_proba(rows[MODEL_INPUTS])[:, list(pipeline.classes_).index(1)]


def train_small_model(tracks: pd.DataFrame, folder: Path) -> Path:
    """A quick but real model directory, made by `make model`'s code with fewer trees and folds."""
    from hitlib.build import build_model

    return build_model(folder, tracks, n_splits=SMALL_MODEL_FOLDS, max_iter=SMALL_MODEL_TREES, description=DESCRIPTION)


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory, tracks) -> Path:
    """Every file `make model` writes, for a small model: built once per session, whichever layer asks first
    (each layer's conftest.py that imports this fixture finds the folder the first one built)."""
    from hitlib.models import MODEL_CARD_FILE

    folder = tmp_path_factory.getbasetemp() / "small-model"
    return folder if (folder / MODEL_CARD_FILE).is_file() else train_small_model(tracks, folder)


@pytest.fixture(scope="session")
def pipeline(model_dir):
    from hitlib.models import load_model

    return load_model(model_dir)[0]
