"""Save and load the book's model in a safe format (skops), together with the facts that describe it.

Introduced in chapter 5, Random forests and boosting. A pickle can run any code when loaded; a skops
file is loaded only if every type it contains is on an explicit list of trusted types.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

MODEL_FILE = "model.skops"
CARD_FILE = "model.json"

# The types a saved hit predictor may contain beyond what skops trusts by default.
TRUSTED_TYPES: list[str] = [
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
]


class ModelFileError(ValueError):
    """A saved model is missing, altered, or contains types hitlib does not trust."""


def save_model(
    pipeline, directory: str | Path, *, features: list[str], metrics: dict[str, float], description: str
) -> Path:
    """Write ``model.skops`` and ``model.json`` (features, metrics, description, versions, SHA-256).

    ``features`` are the input columns in order; ``metrics`` the honest (grouped-CV) scores.
    Returns the directory.
    """
    import sklearn
    import skops
    import skops.io as sio

    blob = sio.dumps(pipeline)
    unexpected = sorted(set(sio.get_untrusted_types(data=blob)) - set(TRUSTED_TYPES))
    if unexpected:
        raise ModelFileError(f"the pipeline contains types outside TRUSTED_TYPES: {unexpected}")
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MODEL_FILE).write_bytes(blob)
    card = {
        "description": description,
        "features": list(features),
        "metrics": {name: float(value) for name, value in metrics.items()},
        "sha256": hashlib.sha256(blob).hexdigest(),
        "versions": {"scikit-learn": sklearn.__version__, "skops": skops.__version__},
    }
    (folder / CARD_FILE).write_text(json.dumps(card, indent=2) + "\n")
    return folder


def load_model(directory: str | Path):
    """Load ``(pipeline, card)`` saved by :func:`save_model`, refusing altered or untrusted files."""
    import skops.io as sio

    folder = Path(directory)
    for name in (MODEL_FILE, CARD_FILE):
        if not (folder / name).is_file():
            raise ModelFileError(f"{folder / name}: file not found (run chapter 5 to create it)")
    card = json.loads((folder / CARD_FILE).read_text())
    blob = (folder / MODEL_FILE).read_bytes()
    actual = hashlib.sha256(blob).hexdigest()
    if actual != card.get("sha256"):
        raise ModelFileError(f"{folder / MODEL_FILE}: SHA-256 {actual} does not match the card's {card.get('sha256')}")
    unexpected = sorted(set(sio.get_untrusted_types(data=blob)) - set(TRUSTED_TYPES))
    if unexpected:
        raise ModelFileError(f"{folder / MODEL_FILE}: contains untrusted types {unexpected}")
    return sio.loads(blob, trusted=TRUSTED_TYPES), card
