"""hitlib.models: a saved model loads back identical; altered or untrusted files are refused; the original
forest standardises its inputs and takes its seed as the original did."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest
import skops.io as sio
from sklearn.base import clone
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from hitlib.models import CARD_FILE, MODEL_FILE, ModelFileError, hit_predictor, load_model, original_forest, save_model

rng = np.random.default_rng(0)
X, y = rng.normal(size=(200, 3)), rng.integers(0, 2, 200)


def fitted():
    return make_pipeline(StandardScaler(), HistGradientBoostingClassifier(max_iter=10, random_state=0)).fit(X, y)


def test_round_trip_keeps_predictions_and_card(tmp_path):
    model = fitted()
    save_model(model, tmp_path, features=["a", "b", "c"], metrics={"grouped_accuracy": 0.8}, description="test")
    loaded, card = load_model(tmp_path)
    np.testing.assert_array_equal(loaded.predict_proba(X), model.predict_proba(X))
    assert card["features"] == ["a", "b", "c"] and card["metrics"] == {"grouped_accuracy": 0.8}
    assert set(card["versions"]) == {"scikit-learn", "skops"}


def test_an_altered_file_is_refused(tmp_path):
    save_model(fitted(), tmp_path, features=["a", "b", "c"], metrics={}, description="test")
    blob = (tmp_path / MODEL_FILE).read_bytes()
    (tmp_path / MODEL_FILE).write_bytes(blob[:-1] + bytes([blob[-1] ^ 1]))
    with pytest.raises(ModelFileError, match="does not match the card"):
        load_model(tmp_path)


def flip(values):
    return -values


def test_untrusted_types_are_refused_on_save_and_on_load(tmp_path):
    risky = make_pipeline(FunctionTransformer(flip), HistGradientBoostingClassifier(max_iter=5)).fit(X, y)
    with pytest.raises(ModelFileError, match="outside TRUSTED_TYPES"):
        save_model(risky, tmp_path, features=["a", "b", "c"], metrics={}, description="test")
    blob = sio.dumps(risky)  # a file written by someone else, with a card that matches it
    (tmp_path / MODEL_FILE).write_bytes(blob)
    (tmp_path / CARD_FILE).write_text(json.dumps({"sha256": hashlib.sha256(blob).hexdigest()}))
    with pytest.raises(ModelFileError, match="untrusted types"):
        load_model(tmp_path)


def test_missing_files_say_how_to_make_them(tmp_path):
    with pytest.raises(ModelFileError, match="model.skops: file not found .`make model` creates it"):
        load_model(tmp_path)


def test_the_books_model_uses_every_training_row_for_every_tree():
    # early stopping would set aside a random tenth of the rows, artists included, once there are 10,000
    big_X, big_y = rng.normal(size=(12_000, 3)), rng.integers(0, 2, 12_000)
    model = hit_predictor(max_iter=3).fit(big_X, big_y)
    assert not model.do_early_stopping_ and len(model.validation_score_) == 0


def test_the_original_forest_standardises_and_takes_its_seed_from_numpy_unless_given_one():
    forest = original_forest(n_estimators=5, max_depth=3)
    assert [name for name, _ in forest.steps] == ["standardscaler", "randomforestclassifier"]
    assert {"n_estimators": 5, "max_depth": 3, "n_jobs": -1}.items() <= forest[-1].get_params().items()

    def probabilities_after(numpy_seed):
        np.random.seed(numpy_seed)
        return original_forest(n_estimators=5).fit(X, y).predict_proba(X)

    np.testing.assert_array_equal(probabilities_after(20), probabilities_after(20))
    assert not np.array_equal(probabilities_after(20), probabilities_after(21))
    seeded = original_forest(n_estimators=5, random_state=0)
    np.testing.assert_array_equal(seeded.fit(X, y).predict_proba(X), clone(seeded).fit(X, y).predict_proba(X))
