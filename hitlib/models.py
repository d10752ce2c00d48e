"""The book's hit predictor: its definition, and saving and loading it in a safe format (skops) with
the facts that describe it.

Introduced in *Gradient boosting and the leaderboard*, which builds the model step by step and chooses
its settings with a nested, artist-grouped search; :func:`hit_predictor` is that choice, written once.
A pickle can run any code when loaded; a skops file is loaded only if every type it contains is on an
explicit list of trusted types. ``make model`` (:mod:`hitlib.build`) trains, saves and exports it.

The original project's random forest is here too: :func:`original_forest` is written in *Random forests*
(a test keeps that cell and this function identical) and later notebooks take it from here.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from hitlib.features import INPUTS

MODEL_DIR = "models/hit_predictor"  # where `make model` writes, and the app reads, relative to the repository
MODEL_FILE = "model.skops"
CARD_FILE = "model.json"
ONNX_FILE = "model.onnx"
TREES_FILE = "trees.json"
MODEL_CARD_FILE = "MODEL_CARD.md"
OUT_OF_FOLD_FILE = "out_of_fold.csv"

# Accepted as inputs by the app, but never given to the model: both come from how the labels were built
# (*The data tour*), so a model that used them would learn the construction, not the music.
LEAKY_FEATURES: tuple[str, ...] = ("chorus_hit", "sections")
MODEL_INPUTS: list[str] = [f.name for f in INPUTS if f.name not in LEAKY_FEATURES]

# What the nested search of *Gradient boosting and the leaderboard* chose in most outer folds (its table
# "chosen in each outer fold").
CHOSEN_SETTINGS = {"learning_rate": 0.05, "max_leaf_nodes": 31}
MAX_ITER = 300
# ONNX stores thresholds and leaf values as 32-bit floats, so its probabilities agree with scikit-learn's
# to about 1e-7 (*Deployment: a predictor people can use*); the trees file keeps 64-bit floats and agrees
# to rounding. An export (either) further than this from its model is refused.
EXPORT_TOLERANCE = 1e-5

# The types a saved hit predictor may contain beyond what skops trusts by default.
TRUSTED_TYPES: list[str] = [
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
]


def hit_predictor(seed: int = 0, max_iter: int = MAX_ITER):
    """The book's model: gradient boosting on :data:`MODEL_INPUTS` with the settings chosen in
    *Gradient boosting and the leaderboard*."""
    # No early stopping: it would judge on a random tenth of the rows, artists included (*Gradient boosting
    # and the leaderboard*).
    return HistGradientBoostingClassifier(max_iter=max_iter, early_stopping=False, random_state=seed, **CHOSEN_SETTINGS)


def original_forest(n_estimators=200, max_depth=None, random_state=None):
    """The original's forest on standardised inputs. Without `random_state`, it takes its seed from `np.random`."""
    forest = RandomForestClassifier(
        n_estimators=n_estimators, max_depth=max_depth, random_state=random_state, n_jobs=-1
    )
    return make_pipeline(StandardScaler(), forest)


def export_onnx(model, n_inputs: int) -> bytes:
    """The fitted model as ONNX bytes: input ``features`` (float32, one column per input), output
    ``probabilities`` (one column per class), as *Deployment: a predictor people can use* explains."""
    from skl2onnx import to_onnx
    from skl2onnx.common.data_types import FloatTensorType

    with warnings.catch_warnings():
        # skl2onnx hands onnx booleans where onnx expects integers; protobuf 6 (pinned) stores them as 0/1.
        warnings.filterwarnings("ignore", "Field onnx.AttributeProto.ints: Expected an int", DeprecationWarning)
        onnx_model = to_onnx(
            model,
            initial_types=[("features", FloatTensorType([None, n_inputs]))],
            target_opset=17,
            options={"zipmap": False},
        )
    return onnx_model.SerializeToString()


class OnnxModel:
    """An ONNX export in one onnxruntime session: hit probabilities for rows of inputs.

    The app makes one when it starts and scores every request with it, on one thread per call (``threads=1``):
    its requests already run side by side. ``make model`` makes one to check the export before writing it,
    with onnxruntime's default (``threads=0``: every core). Threads split the trees' float32 sums
    differently, so the two agree with scikit-learn to slightly different last digits, both far inside
    :data:`EXPORT_TOLERANCE`.
    """

    def __init__(self, onnx_bytes: bytes, threads: int = 1) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = threads
        self.session = onnxruntime.InferenceSession(
            onnx_bytes, sess_options=options, providers=["CPUExecutionProvider"]
        )
        self.input = self.session.get_inputs()[0].name

    @classmethod
    def from_file(cls, path: Path) -> OnnxModel:
        """The session for ``model.onnx``; :class:`ModelFileError` if the file is missing."""
        if not path.is_file():
            raise ModelFileError(f"{path}: file not found (`make model` creates it)")
        return cls(path.read_bytes())

    def hit_probability(self, rows) -> np.ndarray:
        """Hit probabilities (float64) for a table of inputs in the model's column order."""
        (probabilities,) = self.session.run(["probabilities"], {self.input: np.asarray(rows, dtype=np.float32)})
        return probabilities[:, 1].astype(float)


def check_export(export: str, probability, expected, *, reference: str, remedy: str) -> float:
    """The largest gap between an export's hit probabilities and its model's, refused above
    :data:`EXPORT_TOLERANCE` with :class:`ExportError` (message: the export, the gap, ``remedy``).

    ``make model`` checks both exports before it writes them, and the app checks ``model.onnx`` against
    ``model.skops`` before it serves: an export from another fit must never answer for this one.
    """
    gap = float(np.abs(np.asarray(probability, dtype=float) - np.asarray(expected, dtype=float)).max())
    if gap > EXPORT_TOLERANCE:
        raise ExportError(
            f"{export}: its probabilities differ from {reference} by {gap:.1e} "
            f"(more than {EXPORT_TOLERANCE:g}); {remedy}"
        )
    return gap


def export_trees(model) -> dict:
    """The fitted gradient boosting as plain lists, for the book's predictor page, which evaluates them in
    a few lines of JavaScript instead of loading an ONNX runtime (*Deployment: a predictor people can use*).

    Per tree and node: the input it splits on (-1 at a leaf), the threshold (a row goes left if its
    value is at most the threshold), the two children, whether a missing value goes left, and the leaf's
    value. A track's hit probability is the logistic function of ``baseline`` plus its leaves' values.
    Reads scikit-learn's fitted trees (``_predictors``, ``_baseline_prediction``), as skl2onnx does.
    """
    trees = []
    for (tree,) in model._predictors:
        nodes = tree.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append(
            {
                "feature": np.where(leaf, -1, nodes["feature_idx"]).tolist(),
                "threshold": np.where(leaf, 0.0, nodes["num_threshold"]).tolist(),
                "left": nodes["left"].tolist(),
                "right": nodes["right"].tolist(),
                "missing_left": nodes["missing_go_to_left"].astype(int).tolist(),
                "value": np.where(leaf, nodes["value"], 0.0).tolist(),
            }
        )
    return {"baseline": float(np.ravel(model._baseline_prediction)[0]), "trees": trees}


def trees_hit_probability(trees: dict, rows) -> np.ndarray:
    """Hit probabilities from :func:`export_trees`'s lists, by the steps the predictor page's script takes."""
    rows = np.asarray(rows, dtype=float)
    raw = np.full(len(rows), trees["baseline"])
    for tree in trees["trees"]:
        feature, threshold, left, right, missing_left, value = (
            np.asarray(tree[key]) for key in ("feature", "threshold", "left", "right", "missing_left", "value")
        )
        node = np.zeros(len(rows), dtype=int)
        while (active := feature[node] >= 0).any():  # rows not yet at a leaf
            at = node[active]
            x = rows[active, feature[at]]
            goes_left = np.where(np.isnan(x), missing_left[at] == 1, x <= threshold[at])
            node[active] = np.where(goes_left, left[at], right[at])
        raw += value[node]
    return 1 / (1 + np.exp(-raw))


class ModelFileError(ValueError):
    """A saved model or its export is missing, altered, contains types hitlib does not trust, or (an
    :class:`ExportError`) does not give the model's probabilities."""


class ExportError(ModelFileError):
    """An export (ONNX or the trees file) does not give its scikit-learn model's probabilities."""


def save_model(
    pipeline,
    directory: str | Path,
    *,
    features: list[str],
    metrics: dict[str, float],
    description: str,
    settings: dict | None = None,
) -> Path:
    """Write ``model.skops`` and ``model.json`` (features, metrics, description, settings, versions, SHA-256).

    ``features`` are the input columns in order; ``metrics`` the honest (grouped-CV) scores; ``settings``
    the hyperparameters worth naming. Returns the directory.
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
        "settings": dict(settings or {}),
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
            raise ModelFileError(f"{folder / name}: file not found (`make model` creates it)")
    card = json.loads((folder / CARD_FILE).read_text())
    blob = (folder / MODEL_FILE).read_bytes()
    actual = hashlib.sha256(blob).hexdigest()
    if actual != card.get("sha256"):
        raise ModelFileError(f"{folder / MODEL_FILE}: SHA-256 {actual} does not match the card's {card.get('sha256')}")
    unexpected = sorted(set(sio.get_untrusted_types(data=blob)) - set(TRUSTED_TYPES))
    if unexpected:
        raise ModelFileError(f"{folder / MODEL_FILE}: contains untrusted types {unexpected}")
    return sio.loads(blob, trusted=TRUSTED_TYPES), card
