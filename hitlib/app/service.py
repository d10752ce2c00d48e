"""The predictor's state, built once at start-up: the ONNX model, the catalogue, the what-if maths.

Introduced in *Deployment: a predictor people can use*. The app scores with ``model.onnx`` (the book's
predictor page walks ``trees.json`` instead, exported from the same fit), through one onnxruntime
``InferenceSession`` created when the app starts; a request's what-if variants go to it in one batched call.
Before it serves, the session is checked against the scikit-learn model it was exported from
(:data:`hitlib.models.EXPORT_TOLERANCE`).
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel

from hitlib.app.frontend import page_config, read_out_of_fold, typical_values
from hitlib.app.schemas import TOP_CONTRIBUTIONS, CatalogueTrack, Contribution, Prediction
from hitlib.data import load_tracks
from hitlib.features import BY_NAME, FEATURE_NAMES, FEATURES, INPUT_NAMES
from hitlib.models import MODEL_DIR, ONNX_FILE, ModelFileError, OnnxModel, check_export, load_model

MODEL_DIR_VARIABLE = "HITLIB_MODEL_DIR"
CHECK_ROWS = 512


class SklearnModel:
    """The scikit-learn pipeline with the same interface (the original design reads it per request)."""

    def __init__(self, pipeline: Any, columns: Sequence[str]) -> None:
        self.pipeline = pipeline
        self.columns = list(columns)
        self.hit_column = list(pipeline.classes_).index(1)

    def hit_probability(self, rows: np.ndarray) -> np.ndarray:
        frame = pd.DataFrame(rows, columns=self.columns)
        return self.pipeline.predict_proba(frame)[:, self.hit_column]


def what_if(model: OnnxModel | SklearnModel, rows: np.ndarray, typical: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hit probabilities of ``rows`` and, per input, how much lower they are with its typical value.

    Returns ``(probability, change)``, shapes ``(n,)`` and ``(n, k)``; ``change[i, j]`` is the
    probability of row i minus the probability of row i with column j set to ``typical[j]``.
    All variants go to the model in one call.
    """
    n, k = rows.shape
    variants = np.repeat(rows[:, np.newaxis, :], k + 1, axis=1)
    inputs = np.arange(k)
    variants[:, inputs + 1, inputs] = typical
    probability = model.hit_probability(variants.reshape(n * (k + 1), k)).reshape(n, k + 1)
    return probability[:, 0], probability[:, :1] - probability[:, 1:]


def top_contributions(
    values: np.ndarray, typical: np.ndarray, change: np.ndarray, columns: Sequence[str], top: int = TOP_CONTRIBUTIONS
) -> list[Contribution]:
    """The ``top`` inputs whose what-if moves the probability most (zero changes left out)."""
    order = [j for j in np.argsort(-np.abs(change), kind="stable")[:top] if change[j] != 0]
    return [
        Contribution(
            feature=columns[j],
            label=BY_NAME[columns[j]].label,
            value=float(values[j]),
            typical=float(typical[j]),
            change=float(change[j]),
        )
        for j in order
    ]


def fold_text(text: str) -> str:
    """Text for matching: accents dropped (NFKD, no combining marks) and case folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Catalogue:
    """The dataset's tracks with their out-of-fold probabilities and folded titles and artists for search."""

    tracks: pd.DataFrame
    out_of_fold: np.ndarray
    titles: list[str]
    artists: list[str]

    @classmethod
    def from_tracks(cls, tracks: pd.DataFrame, out_of_fold: np.ndarray) -> Catalogue:
        """Index a frame from :func:`hitlib.data.load_tracks` and its out-of-fold probabilities."""
        return cls(
            tracks.reset_index(drop=True),
            np.asarray(out_of_fold, dtype=float),
            [fold_text(t) for t in tracks["track"]],
            [fold_text(a) for a in tracks["artist"]],
        )

    def search(self, query: str, limit: int) -> list[CatalogueTrack]:
        """Tracks whose title or artist contains ``query`` (folded): title matches first, then artist."""
        needle = fold_text(query)
        found = [i for i, title in enumerate(self.titles) if needle in title]
        if len(found) < limit:
            seen = set(found)
            found += [i for i, artist in enumerate(self.artists) if needle in artist and i not in seen]
        return [self.record(i) for i in found[:limit]]

    def record(self, index: int) -> CatalogueTrack:
        """One catalogue row as a response record."""
        row = self.tracks.iloc[index]
        features = {f.name: (int(row[f.name]) if f.integer else float(row[f.name])) for f in FEATURES}
        return CatalogueTrack(
            track=row["track"],
            artist=row["artist"],
            uri=row["uri"],
            decade=int(row["decade"]),
            label="hit" if row["target"] == 1 else "flop",
            probability=float(self.out_of_fold[index]),
            features=features,
        )


@dataclass(frozen=True)
class Service:
    """Everything a request needs, built once at start-up."""

    model: OnnxModel
    card: dict[str, Any]
    columns: list[str]
    typical: np.ndarray
    catalogue: Catalogue
    config: dict[str, Any]
    model_dir: Path
    load_per_request: bool

    def model_for_request(self) -> OnnxModel | SklearnModel:
        """The session made at start-up; or, in the original project's design, the model read from disk."""
        if self.load_per_request:
            return SklearnModel(load_model(self.model_dir)[0], self.columns)
        return self.model

    def predict(self, tracks: Sequence[BaseModel]) -> list[Prediction]:
        """Score tracks with their what-if contributions."""
        rows = np.array([[getattr(t, c) for c in self.columns] for t in tracks], dtype=float)
        probability, change = what_if(self.model_for_request(), rows, self.typical)
        ignored = [name for name in FEATURE_NAMES if name not in self.columns]
        return [
            Prediction(
                probability=float(p),
                label="hit" if p > 0.5 else "flop",
                contributions=top_contributions(rows[i], self.typical, change[i], self.columns),
                features_used=self.columns,
                features_ignored=ignored,
            )
            for i, p in enumerate(probability)
        ]


def resolve_model_dir(model_dir: str | Path | None) -> Path:
    """The argument, else ``$HITLIB_MODEL_DIR``, else ``models/hit_predictor``; relative to the cwd."""
    chosen = model_dir if model_dir is not None else os.environ.get(MODEL_DIR_VARIABLE) or MODEL_DIR
    return Path(chosen).resolve()


def check_onnx(onnx: OnnxModel, pipeline: Any, tracks: pd.DataFrame, columns: list[str], folder: Path) -> None:
    """Refuse a ``model.onnx`` that does not give the saved model's probabilities on catalogue tracks."""
    sample = tracks[columns].iloc[np.linspace(0, len(tracks) - 1, min(CHECK_ROWS, len(tracks))).astype(int)]
    rows = sample.to_numpy(dtype=float)
    expected = SklearnModel(pipeline, columns).hit_probability(rows)
    check_export(
        str(folder / ONNX_FILE),
        onnx.hit_probability(rows),
        expected,
        reference="model.skops",
        remedy="run `make model` again",
    )


def start_service(model_dir: str | Path | None, data_dir: str | Path | None, load_per_request: bool) -> Service:
    """Load the model, its ONNX export and the catalogue; raise ModelFileError for a bad model directory."""
    folder = resolve_model_dir(model_dir)
    pipeline, card = load_model(folder)
    columns = list(card.get("features", []))
    unknown = [c for c in columns if c not in INPUT_NAMES]
    if not columns or unknown:
        raise ModelFileError(f"{folder}: the card's features {unknown or columns} are not inputs this app knows")
    onnx = OnnxModel.from_file(folder / ONNX_FILE)
    tracks = load_tracks(data_dir=data_dir)
    check_onnx(onnx, pipeline, tracks, columns, folder)
    return Service(
        model=onnx,
        card=card,
        columns=columns,
        typical=typical_values(tracks, columns),
        catalogue=Catalogue.from_tracks(tracks, read_out_of_fold(folder, tracks)),
        config=page_config(card, tracks),
        model_dir=folder,
        load_per_request=load_per_request,
    )
