"""What both front-ends of the predictor read, computed once in Python.

Introduced in *Deployment: a predictor people can use*. The app's page (``GET /``, scoring through the HTTP API) and the
book's "Try it" page (``book/predictor.md``, scoring with the model's trees in the browser) run the
same script and stylesheet (``hitlib/app/static/``); this module gives them the same configuration: the inputs with
their ranges and defaults (catalogue medians, also the what-if's typical values), the hit/flop palette
of :data:`hitlib.colors.HIT_COLORS`, and the model's facts. The app serves it at ``GET /api/config``;
the book build writes it, with a sample of catalogue tracks, to ``_static/predictor/predictor.json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from hitlib.app.schemas import DEFAULT_LIMIT, MAX_QUERY_CHARS, TOP_CONTRIBUTIONS, PageConfig
from hitlib.colors import HIT_COLORS
from hitlib.features import BY_NAME, FEATURE_NAMES, FEATURES, INPUT_NAMES, INPUTS
from hitlib.models import OUT_OF_FOLD_FILE, ModelFileError

TRACKS_PER_DECADE_AND_CLASS = 50  # the book page's sample: this many hits and flops from each decade
# A catalogue record as a row of the book's predictor.json (the API sends the same fields as objects).
CATALOGUE_COLUMNS: list[str] = ["track", "artist", "uri", "decade", "label", "probability", *FEATURE_NAMES]


def typical_values(tracks: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    """The catalogue median of each column; for whole-number columns a value that actually occurs."""
    medians = []
    for column in columns:
        whole = BY_NAME[column].integer
        medians.append(tracks[column].quantile(0.5, interpolation="lower" if whole else "linear"))
    return np.array(medians, dtype=float)


def read_out_of_fold(model_dir: str | Path, tracks: pd.DataFrame) -> np.ndarray:
    """Each catalogue track's out-of-fold hit probability, from ``out_of_fold.csv`` (``make model``).

    The file has one row per row of :func:`hitlib.data.load_tracks`, in the same order; a file written
    for another catalogue is refused with :class:`hitlib.models.ModelFileError`.
    """
    path = Path(model_dir) / OUT_OF_FOLD_FILE
    if not path.is_file():
        raise ModelFileError(f"{path}: file not found (`make model` creates it)")
    table = pd.read_csv(path)
    if len(table) != len(tracks) or not (table["uri"].to_numpy() == tracks["uri"].to_numpy()).all():
        raise ModelFileError(f"{path}: its tracks are not the catalogue's, in its order (run `make model` again)")
    probability = table["probability"].to_numpy(dtype=float)
    if not np.isfinite(probability).all() or probability.min() < 0 or probability.max() > 1:
        raise ModelFileError(f"{path}: probabilities must be numbers between 0 and 1")
    return probability


def page_config(card: dict[str, Any], tracks: pd.DataFrame) -> dict[str, Any]:
    """The predictor page's configuration (:class:`hitlib.app.schemas.PageConfig`) as plain data."""
    defaults = dict(zip(INPUT_NAMES, typical_values(tracks, INPUT_NAMES), strict=True))
    used = set(card["features"])
    inputs = [
        {
            "name": f.name,
            "label": f.label,
            "unit": f.unit,
            "definition": f.definition,
            "range": f.describe_range(),
            "low": f.low,
            "high": f.high,
            "integer": f.integer,
            "used": f.name in used,
            "default": defaults[f.name],
            "choices": list(f.choices) or None,
        }
        for f in INPUTS
    ]
    config = {
        "inputs": inputs,
        "model_inputs": list(card["features"]),
        "colors": dict(HIT_COLORS),
        "model": {
            "description": str(card.get("description", "")),
            "sha256": str(card.get("sha256", "")),
            "metrics": dict(card.get("metrics", {})),
            "versions": {str(k): str(v) for k, v in card.get("versions", {}).items()},
        },
        "top_contributions": TOP_CONTRIBUTIONS,
        "search_limit": DEFAULT_LIMIT,
        "max_query_chars": MAX_QUERY_CHARS,
    }
    return PageConfig.model_validate(config).model_dump(mode="json")


def catalogue_row(row: pd.Series, probability: float) -> list[Any]:
    """One track as a row under :data:`CATALOGUE_COLUMNS`."""
    features = [int(row[f.name]) if f.integer else float(row[f.name]) for f in FEATURES]
    label = "hit" if row["target"] == 1 else "flop"
    return [str(row["track"]), str(row["artist"]), str(row["uri"]), int(row["decade"]), label, probability, *features]


def book_config(card: dict[str, Any], tracks: pd.DataFrame, out_of_fold: np.ndarray) -> dict[str, Any]:
    """The book page's ``predictor.json``: :func:`page_config` and a seeded sample of catalogue tracks
    (the same number of hits and flops from each decade) with their out-of-fold probabilities."""
    scored = tracks.reset_index(drop=True).assign(_probability=out_of_fold)
    sample = (
        scored.groupby(["decade", "target"], group_keys=False)
        .sample(n=TRACKS_PER_DECADE_AND_CLASS, random_state=0)
        .sort_values(["artist", "track"], kind="stable")
    )
    rows = [catalogue_row(row, float(row["_probability"])) for _, row in sample.iterrows()]
    return page_config(card, tracks) | {"catalogue": {"columns": CATALOGUE_COLUMNS, "rows": rows}}
