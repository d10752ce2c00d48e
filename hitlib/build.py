"""Build the book's model: ``make model``, or ``python -m hitlib.build [directory]``.

Introduced in *Gradient boosting and the leaderboard* (the model) and *Deployment: a predictor people can
use* (the files). One run writes everything the app, the book's predictor page, *Models and time* and the
deployment chapter read, so none of them depends on a notebook having run:

- ``out_of_fold.csv``: each track's hit probability from the artist-grouped fold that did not train on
  it (the scores the app and the predictor page show for catalogue tracks), and the card's metrics;
- ``model.skops`` and ``model.json``: :func:`hitlib.models.hit_predictor` fitted on every track;
- ``model.onnx``: its export for the app, checked against scikit-learn on every track;
- ``trees.json``: its trees as plain lists for the book's predictor page, checked the same way;
- ``MODEL_CARD.md``: the card, filled in from the figures measured here.
"""

from __future__ import annotations

import argparse
import json
import string
import time
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import accuracy_score, brier_score_loss, roc_auc_score

from hitlib.data import load_tracks
from hitlib.evaluation import grouped_cv
from hitlib.models import (
    CARD_FILE,
    CHOSEN_SETTINGS,
    MAX_ITER,
    MODEL_CARD_FILE,
    MODEL_DIR,
    MODEL_INPUTS,
    ONNX_FILE,
    OUT_OF_FOLD_FILE,
    TREES_FILE,
    OnnxModel,
    check_export,
    export_onnx,
    export_trees,
    hit_predictor,
    save_model,
    trees_hit_probability,
)

DESCRIPTION = "HistGradientBoosting on 13 audio features and the decade; labels constructed (see the data tour)"


def out_of_fold(model, tracks: pd.DataFrame, n_splits: int, seed: int) -> tuple[pd.DataFrame, dict[str, float]]:
    """Each track's out-of-fold hit probability under artist-grouped CV, and the metrics over folds."""
    X, y = tracks[MODEL_INPUTS], tracks["target"]
    probability = np.full(len(tracks), np.nan)
    accuracies, aucs = [], []
    for train, test in grouped_cv(n_splits, seed=seed).split(X, y, groups=tracks["artist"]):
        fitted = clone(model).fit(X.iloc[train], y.iloc[train])
        probability[test] = fitted.predict_proba(X.iloc[test])[:, 1]
        accuracies.append(accuracy_score(y.iloc[test], probability[test] >= 0.5))
        aucs.append(roc_auc_score(y.iloc[test], probability[test]))
    table = pd.DataFrame({"uri": tracks["uri"], "decade": tracks["decade"], "target": y, "probability": probability})
    metrics = {
        "grouped_accuracy": float(np.mean(accuracies)),
        "grouped_accuracy_std": float(np.std(accuracies, ddof=1)),
        "grouped_roc_auc": float(np.mean(aucs)),
        "brier_out_of_fold": float(brier_score_loss(y, probability)),
    }
    return table.reset_index(drop=True), metrics


def model_card(card: dict, n_tracks: int, n_splits: int, onnx_gap: float) -> str:
    """``MODEL_CARD.md`` from the template ``hitlib/templates/model_card.md`` and the saved card."""
    template = string.Template(files("hitlib").joinpath("templates", "model_card.md").read_text())
    metrics = card["metrics"]
    return template.substitute(
        description=card["description"],
        inputs=", ".join(card["features"]),
        settings=", ".join(f"{name}={value}" for name, value in card["settings"].items()),
        sklearn_version=card["versions"]["scikit-learn"],
        onnx_gap=f"{onnx_gap:.1e}",
        n_tracks=f"{n_tracks:,}",
        n_splits=n_splits,
        accuracy=f"{metrics['grouped_accuracy']:.3f}",
        accuracy_std=f"{metrics['grouped_accuracy_std']:.3f}",
        roc_auc=f"{metrics['grouped_roc_auc']:.3f}",
        brier=f"{metrics['brier_out_of_fold']:.3f}",
    )


def build_model(
    directory: str | Path = MODEL_DIR,
    tracks: pd.DataFrame | None = None,
    *,
    n_splits: int = 5,
    max_iter: int | None = None,
    seed: int = 0,
    description: str = DESCRIPTION,
) -> Path:
    """Train, evaluate, save and export the book's model into ``directory``; return it.

    ``tracks`` defaults to the whole catalogue; ``max_iter`` (default :data:`hitlib.models.MAX_ITER`) and
    ``n_splits`` can be lowered for a quick model in tests. Raises :class:`hitlib.models.ExportError` if the
    ONNX export or the trees file differs from scikit-learn by more than its tolerance on any track.
    """
    tracks = load_tracks() if tracks is None else tracks
    model = hit_predictor(seed=seed, max_iter=max_iter or MAX_ITER)
    folder = Path(directory)
    scores, metrics = out_of_fold(model, tracks, n_splits, seed)
    model.fit(tracks[MODEL_INPUTS], tracks["target"])
    onnx_bytes = export_onnx(model, len(MODEL_INPUTS))
    trees = export_trees(model)
    rows, expected = tracks[MODEL_INPUTS], model.predict_proba(tracks[MODEL_INPUTS])[:, 1]
    refused = {"reference": "scikit-learn's", "remedy": "nothing was written"}
    gap = check_export(ONNX_FILE, OnnxModel(onnx_bytes, threads=0).hit_probability(rows), expected, **refused)
    check_export(TREES_FILE, trees_hit_probability(trees, rows), expected, **refused)
    settings = {**CHOSEN_SETTINGS, "max_iter": model.max_iter, "random_state": seed}
    save_model(model, folder, features=MODEL_INPUTS, metrics=metrics, description=description, settings=settings)
    scores.to_csv(folder / OUT_OF_FOLD_FILE, index=False, float_format="%.6f")
    (folder / ONNX_FILE).write_bytes(onnx_bytes)
    (folder / TREES_FILE).write_text(json.dumps(trees, separators=(",", ":")))
    card = json.loads((folder / CARD_FILE).read_text())
    (folder / MODEL_CARD_FILE).write_text(model_card(card, len(tracks), n_splits, gap))
    return folder


def ensure_model(directory: str | Path = MODEL_DIR) -> Path:
    """``directory`` once it holds a built model: built here first if it does not (e.g. on Colab, where
    ``make model`` has not run; about 15 seconds)."""
    folder = Path(directory)
    if not (folder / MODEL_CARD_FILE).is_file():
        print(f"No model in {folder} yet (`make model` has not run here): building it now, about 15 seconds.")
        build_model(folder)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description="Train, evaluate, save and export the book's model.")
    parser.add_argument("directory", nargs="?", default=MODEL_DIR, help=f"default: {MODEL_DIR}")
    folder = parser.parse_args().directory
    start = time.perf_counter()
    card = json.loads((build_model(folder) / CARD_FILE).read_text())
    metrics = ", ".join(f"{name} {value:.4f}" for name, value in card["metrics"].items())
    print(f"{folder}: {metrics} ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
