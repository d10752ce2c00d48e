"""Keras, imported the way every chapter that trains a network needs it: ``from hitlib.nn import keras``.

Introduced in *The neural network*, which also writes the two functions below: `build_network`, the
original project's network, and `early_stopped_network`, the book's recipe for training it with early
stopping on held-out artists. *Gradient boosting and the leaderboard* writes the third,
`fast_network_hit_probability`, which scores the network fold by fold with `early_stopped_network`'s fast recipe.
Later notebooks import them from here (a test keeps the chapters' cells and these functions identical).
TensorFlow reads two environment variables once, when it is first imported, so they are set here, the one
place the book sets them, before Keras (and TensorFlow with it) is imported:

- ``TF_CPP_MIN_LOG_LEVEL=3`` silences TensorFlow's C++ log lines, which would land in the outputs;
- ``TF_ENABLE_ONEDNN_OPTS=0`` turns off oneDNN's optimisations, which reorder floating-point sums and so
  change the last digits of results from one run to the next;
- ``TF_NUM_INTRAOP_THREADS=1`` and ``TF_NUM_INTEROP_THREADS=1`` run each network on one thread. With more
  threads the sums are split differently, so a laptop with 8 cores and Colab with 2 would train different
  networks from the same seed; and the book's small layers train little faster on two threads than on
  one (measured on the book's 2-core machines), so a chapter can instead train two networks side by side
  in two processes, which inherit these settings.

Chapters seed each network with ``set_seed(SEED)``: Keras's ``keras.utils.set_random_seed``, which seeds
Python, NumPy and TensorFlow at once, plus ``HITLIB_PERTURB_SEED``, a number that is unset in the book.
`make perturb` sets it to retrain every network from other seeds, which is, in effect, what another CPU
does to a long training; nothing else (the folds, the forests) changes. CONTRIBUTING.md, "Checking a
tolerance", says when to run it.
"""

from __future__ import annotations

import os
import sys

TENSORFLOW_ENVIRONMENT = {
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "TF_NUM_INTRAOP_THREADS": "1",
    "TF_NUM_INTEROP_THREADS": "1",
}

_differing = {
    name: os.environ.get(name) for name, value in TENSORFLOW_ENVIRONMENT.items() if os.environ.get(name) != value
}
if "tensorflow" in sys.modules and _differing:
    raise RuntimeError(
        f"TensorFlow was imported before hitlib.nn, with {_differing} instead of {TENSORFLOW_ENVIRONMENT}: "
        "import hitlib.nn first (restart the kernel)"
    )
os.environ.update(TENSORFLOW_ENVIRONMENT)

import keras  # noqa: E402  (only after the environment is set)
from sklearn.model_selection import GroupShuffleSplit  # noqa: E402
from sklearn.preprocessing import MinMaxScaler  # noqa: E402


def set_seed(seed: int) -> None:
    """Seed Python, NumPy and TensorFlow for the next network (``HITLIB_PERTURB_SEED`` is added, if set)."""
    keras.utils.set_random_seed(seed + int(os.environ.get("HITLIB_PERTURB_SEED", "0")))


def build_network(hidden=(14, 120, 80), n_inputs=15):
    """A dense network: ReLU hidden layers of the given sizes, then a two-class softmax."""
    network = keras.Sequential(
        [keras.Input(shape=(n_inputs,))]
        + [keras.layers.Dense(units, activation="relu") for units in hidden]
        + [keras.layers.Dense(2, activation="softmax")]
    )
    network.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.001),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
        steps_per_execution=16,
    )  # one call into TensorFlow per epoch of 16 batches, not 16 calls
    return network


def early_stopped_network(X_fit, Y_fit, fit_groups, max_epochs, seed, learning_rate=0.001, patience=20):
    """Train on 80 % of the artists, validate on the other 20 %, stop after `patience` epochs without progress."""
    set_seed(seed)
    fit, validation = next(
        GroupShuffleSplit(n_splits=1, test_size=0.2, random_state=seed).split(X_fit, groups=fit_groups)
    )
    net = build_network(n_inputs=X_fit.shape[1])
    net.optimizer.learning_rate = learning_rate
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
    fitted = net.fit(
        X_fit[fit],
        Y_fit[fit],
        epochs=max_epochs,
        batch_size=2000,
        verbose=0,
        validation_data=(X_fit[validation], Y_fit[validation]),
        callbacks=[stop],
    )
    return net, len(fitted.history["loss"])


def fast_network_hit_probability(X_fit, y_fit, fit_groups, X_new, max_epochs, seed):
    """The network on inputs scaled to [0, 1] by the training rows, trained with the fast early-stopping recipe
    (learning rate 0.01, patience 5): the hit probability of each new row."""
    scaler = MinMaxScaler().fit(X_fit)
    network, _ = early_stopped_network(
        scaler.transform(X_fit),
        keras.utils.to_categorical(y_fit, 2),
        fit_groups,
        max_epochs=max_epochs,
        seed=seed,
        learning_rate=0.01,
        patience=5,
    )
    return network.predict(scaler.transform(X_new), verbose=0)[:, 1]


__all__ = [
    "TENSORFLOW_ENVIRONMENT",
    "build_network",
    "early_stopped_network",
    "fast_network_hit_probability",
    "keras",
    "set_seed",
]
