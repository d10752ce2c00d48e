"""Self-checks for the exercises of *Gradient boosting and the leaderboard*."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import precision_recall_curve

from hitlib.exercises._shared import Hint, _close, _decade_key, _numbers, self_check


@self_check("6.1")
def _brier_per_decade(answer, probabilities: pd.Series, y: pd.Series, decades: pd.Series) -> None:
    if not isinstance(answer, (pd.Series, dict)):
        raise Hint("expected one Brier score per decade, as a Series or dict keyed by decade")
    scores = pd.Series(answer, dtype=float).rename(index=_decade_key).sort_index()

    def per_decade(values: pd.Series) -> pd.Series:
        return values.groupby(decades).mean().sort_index()

    expected = per_decade((probabilities - y) ** 2)
    if list(scores.index) != list(expected.index):
        raise Hint(f"expected the decades {', '.join(map(str, expected.index))}, each on its own")
    if _close(scores, expected, 1e-9):
        return
    if _close(scores, per_decade((probabilities - y).abs()), 1e-9):
        raise Hint("that is the mean absolute error: the Brier score squares each difference")
    if _close(scores, per_decade((probabilities >= 0.5) != y), 1e-9):
        raise Hint("that is the error rate of the 0.5 cut: the Brier score uses the probabilities themselves")
    raise Hint("not the mean of (probability - label) squared over each decade's tracks")


def _cut_for_recall(labels: pd.Series, probabilities: pd.Series, recall: float) -> float:
    """The highest cut on ``probabilities`` that still finds the share ``recall`` of the hits."""
    _, found, cuts = precision_recall_curve(labels, probabilities)
    return float(cuts[np.flatnonzero(found[:-1] >= recall)[-1]])


@self_check("6.2")
def _number_of_trees(answer, X: pd.DataFrame, y: pd.Series, folds) -> None:
    n_trees, accuracy = _numbers(answer, 2, "the number of trees and its mean accuracy")

    curves = []
    for train, test in folds:
        model = HistGradientBoostingClassifier(max_iter=300, early_stopping=False, random_state=0)
        model.fit(X.iloc[train], y.iloc[train])
        curves.append([np.mean(p == y.iloc[test].to_numpy()) for p in model.staged_predict(X.iloc[test])])
    mean_curve = np.mean(curves, axis=0)
    best = int(np.argmax(mean_curve))  # the first of the best, as pandas' idxmax takes it
    if n_trees == best + 1 and _close(accuracy, mean_curve[best], 1e-6):
        return
    if n_trees == best:
        raise Hint("count the trees from 1: the first stage of staged_predict is one tree")
    if n_trees == len(mean_curve):
        raise Hint("300 is the last stage, not necessarily the best: look for the highest mean over the folds")
    if n_trees == best + 1:
        raise Hint("the right number of trees, but not its mean accuracy over the folds (as a fraction of 1)")
    raise Hint("not the number of trees with the highest mean test accuracy over the folds")


@self_check("6.3")
def _cut_fixed_elsewhere(answer, probabilities: pd.Series, y: pd.Series, folds) -> None:
    recalls = _numbers(answer, len(folds), "one recall per fold")
    if recalls.max() > 1:
        raise Hint("give the recalls as fractions of 1, not percentages")

    def recall_per_fold(cut_on_the_fold_itself: bool) -> list[float]:
        found = []
        for _, test in folds:
            chosen_on = test if cut_on_the_fold_itself else np.setdiff1d(np.arange(len(y)), test)
            cut = _cut_for_recall(y.iloc[chosen_on], probabilities.iloc[chosen_on], 0.9)
            hits = test[y.iloc[test].to_numpy() == 1]
            found.append(float((probabilities.iloc[hits] >= cut).mean()))
        return found

    if _close(recalls, recall_per_fold(cut_on_the_fold_itself=False), 1e-6):
        return
    if _close(recalls, recall_per_fold(cut_on_the_fold_itself=True), 1e-6):
        raise Hint("each cut was chosen on the fold it is judged on: choose it on the other folds' tracks")
    raise Hint(
        "not the share of each fold's hits that a cut chosen on the other folds finds: count the fold's hits "
        "whose probability is at or above the cut"
    )
