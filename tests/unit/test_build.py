"""The model build step (hitlib.build, `make model`): every file the app, the book, *Models and time* and
*Deployment: a predictor people can use* read, out-of-fold scores that really are out of fold, and an ONNX
export that is checked before it is written."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from hitlib import build
from hitlib.evaluation import grouped_cv
from hitlib.models import (
    CARD_FILE,
    EXPORT_TOLERANCE,
    MODEL_CARD_FILE,
    MODEL_FILE,
    MODEL_INPUTS,
    ONNX_FILE,
    OUT_OF_FOLD_FILE,
    TREES_FILE,
    ExportError,
    OnnxModel,
    load_model,
    trees_hit_probability,
)
from tests.helpers.model import SMALL_MODEL_FOLDS


def test_the_build_writes_every_file_and_the_card_names_inputs_and_settings(model_dir):
    assert {p.name for p in model_dir.iterdir()} >= {
        MODEL_FILE,
        CARD_FILE,
        ONNX_FILE,
        TREES_FILE,
        MODEL_CARD_FILE,
        OUT_OF_FOLD_FILE,
    }
    card = json.loads((model_dir / CARD_FILE).read_text())
    assert card["features"] == MODEL_INPUTS
    assert card["settings"]["learning_rate"] == 0.05 and card["settings"]["max_leaf_nodes"] == 31


def test_both_exports_give_scikit_learns_probabilities_on_every_track(model_dir, tracks):
    pipeline, _ = load_model(model_dir)
    in_python = pipeline.predict_proba(tracks[MODEL_INPUTS])[:, 1]
    in_onnx = OnnxModel.from_file(model_dir / ONNX_FILE).hit_probability(tracks[MODEL_INPUTS])
    assert np.abs(in_python - in_onnx).max() <= EXPORT_TOLERANCE
    in_trees = trees_hit_probability(json.loads((model_dir / TREES_FILE).read_text()), tracks[MODEL_INPUTS])
    assert np.abs(in_python - in_trees).max() <= 1e-12  # the same 64-bit numbers, summed in another order


def test_a_missing_value_follows_the_trees_own_rule(model_dir, tracks):
    pipeline, _ = load_model(model_dir)
    rows = tracks[MODEL_INPUTS].head(50).astype(float)
    rows.iloc[::2, 3] = np.nan
    trees = json.loads((model_dir / TREES_FILE).read_text())
    np.testing.assert_allclose(trees_hit_probability(trees, rows), pipeline.predict_proba(rows)[:, 1], atol=1e-12)


def test_out_of_fold_scores_come_from_models_that_never_saw_the_track(model_dir, tracks):
    scores = pd.read_csv(model_dir / OUT_OF_FOLD_FILE)
    assert scores["uri"].tolist() == tracks["uri"].tolist() and scores["target"].tolist() == tracks["target"].tolist()
    assert scores["probability"].between(0, 1).all()
    card = json.loads((model_dir / CARD_FILE).read_text())
    model = clone(load_model(model_dir)[0])
    X, y = tracks[MODEL_INPUTS], tracks["target"]
    train, test = next(grouped_cv(SMALL_MODEL_FOLDS, seed=0).split(X, y, groups=tracks["artist"]))
    expected = model.fit(X.iloc[train], y.iloc[train]).predict_proba(X.iloc[test])[:, 1]
    np.testing.assert_allclose(scores["probability"].iloc[test], expected, atol=1e-6)
    in_sample = load_model(model_dir)[0].predict_proba(X.iloc[test])[:, 1]
    assert np.abs(scores["probability"].iloc[test] - in_sample).mean() > 0.01
    accuracy = ((scores["probability"] >= 0.5) == scores["target"]).mean()
    assert abs(accuracy - card["metrics"]["grouped_accuracy"]) < 0.01  # folds of nearly equal size


def test_the_model_card_shows_the_measured_figures(model_dir):
    card = json.loads((model_dir / CARD_FILE).read_text())
    text = (model_dir / MODEL_CARD_FILE).read_text()
    assert f"accuracy {card['metrics']['grouped_accuracy']:.3f} ± {card['metrics']['grouped_accuracy_std']:.3f}" in text
    assert "$" not in text  # every placeholder filled in


@pytest.mark.parametrize("export", [ONNX_FILE, TREES_FILE])
def test_an_export_that_disagrees_is_refused_and_nothing_is_written(tmp_path, tracks, monkeypatch, export):
    target = (OnnxModel, "hit_probability") if export == ONNX_FILE else (build, "trees_hit_probability")
    exact = getattr(*target)
    monkeypatch.setattr(*target, lambda *arguments: exact(*arguments) + 1e-4)
    with pytest.raises(ExportError, match=f"^{export}: its probabilities differ from scikit-learn's by 1.0e-04"):
        build.build_model(tmp_path / "model", tracks.sample(2000, random_state=0), n_splits=2, max_iter=5)
    assert not (tmp_path / "model").exists()


def test_ensure_model_builds_only_what_is_missing(model_dir, monkeypatch, tmp_path):
    monkeypatch.setattr(build, "build_model", lambda folder: (folder.mkdir(), (folder / MODEL_CARD_FILE).touch()))
    assert build.ensure_model(model_dir) == model_dir and (model_dir / MODEL_FILE).is_file()
    assert build.ensure_model(tmp_path / "new") == tmp_path / "new" and (tmp_path / "new" / MODEL_CARD_FILE).is_file()
