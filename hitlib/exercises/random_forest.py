"""Self-checks for the exercises of *Random forests*."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import cross_validate

from hitlib.exercises._shared import Hint, _close, _numbers, self_check


@self_check("5.1")
def _other_seeds(answer, forest, X_train, y_train, X_test, y_test) -> None:
    scores = _numbers(answer, 2, "the test accuracies for random_state 1 and 2")
    step = forest.steps[-1][0]
    expected = [
        clone(forest).set_params(**{f"{step}__random_state": seed}).fit(X_train, y_train).score(X_test, y_test)
        for seed in (1, 2)
    ]
    if _close(scores, expected, 0.0005):
        return
    if _close(scores, [forest.score(X_test, y_test)] * 2, 0.0005):
        raise Hint("both equal the seed-25 forest's score: did the new random_state reach the forest?")
    raise Hint("not the test accuracies of the 2000-2019 forest refitted with random_state 1 and 2")


@self_check("5.2")
def _zero_chorus(answer, forest, X_test, y_test) -> None:
    rows, flops, called_flops = _numbers(
        answer, 3, "(test tracks with chorus_hit == 0, flops among them, classified as flops)"
    )
    zero = X_test["chorus_hit"] == 0
    if rows != zero.sum():
        raise Hint("not the number of test tracks with chorus_hit == 0")
    if flops != (y_test[zero] == 0).sum():
        raise Hint("the row count is right, but not the number of flops among them")
    if called_flops != (forest.predict(X_test[zero]) == 0).sum():
        raise Hint("count the rows the forest *predicts* as flops (forest.predict), whatever their label")


def _permutation_drop(model, X: pd.DataFrame, y: pd.Series, column: str, n_repeats: int, seed: int) -> float:
    """``permutation_importance(model, X, y, n_repeats=n_repeats, random_state=seed)`` for one column, with
    scikit-learn's shuffles (each repeat shuffles the column again), at the cost of one column instead of all."""
    rng = np.random.RandomState(np.random.RandomState(seed).randint(np.iinfo(np.int32).max + 1))
    baseline, permuted, order = model.score(X, y), X.copy(), np.arange(len(X))
    drops = []
    for _ in range(n_repeats):
        rng.shuffle(order)
        permuted[column] = permuted[column].to_numpy()[order]
        drops.append(baseline - model.score(permuted, y))
    return float(np.mean(drops))


@self_check("5.3")
def _max_features(answer, X: pd.DataFrame, y: pd.Series, folds, n_trees: int) -> None:
    """Recomputes the setting the answer names (the others cost as much again)."""
    max_features, accuracy = _numbers(answer, 2, "the best max_features and its mean test accuracy")
    if max_features not in (1, 3, 15):
        raise Hint("max_features should be one of the three settings: 1, 3 or 15")

    forest = RandomForestClassifier(n_estimators=n_trees, max_features=int(max_features), random_state=0, n_jobs=-1)
    expected = cross_validate(forest, X, y, cv=folds)["test_score"].mean()
    if _close(accuracy, expected, 1e-6):
        return
    if _close(accuracy / 100, expected, 1e-6):
        raise Hint("give the accuracy as a fraction of 1, not in points")
    raise Hint(f"that is not the mean test accuracy of max_features={int(max_features)} on these folds")


@self_check("5.4")
def _noise_importance(answer, noisy_forest, X_test: pd.DataFrame, y_test: pd.Series) -> None:
    impurity, permutation = _numbers(answer, 2, "(impurity importance, permutation importance) of the noise column")
    columns = list(getattr(noisy_forest, "feature_names_in_", []))  # only a forest fitted on a DataFrame has them
    if "noise" not in columns:
        raise Hint("the forest was not trained with a column named 'noise': add it to the DataFrame X, then fit")
    forest = noisy_forest.steps[-1][1] if hasattr(noisy_forest, "steps") else noisy_forest  # a pipeline's last step
    if not _close(impurity, forest.feature_importances_[columns.index("noise")], 1e-9):
        raise Hint("the impurity importance is the forest's feature_importances_ entry for the noise column")
    if not _close(permutation, _permutation_drop(noisy_forest, X_test, y_test, "noise", 3, 0), 1e-9):
        raise Hint(
            "not the permutation importance of the noise column on the fold's *test* tracks, which the forest "
            "has not seen (n_repeats=3, random_state=0): the mean drop in accuracy when it is shuffled"
        )
