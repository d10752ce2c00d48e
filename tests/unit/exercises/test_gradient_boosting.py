"""hitlib.exercises.gradient_boosting: the self-checks of *Gradient boosting and the leaderboard*."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests.unit.exercises import assert_correct, assert_hint


def test_6_1_brier_per_decade(capsys):
    """Two decades of two tracks: in the 1960s a hit at 0.75 and a flop at 0.5 give (0.0625 + 0.25) / 2."""
    y = pd.Series([1, 0, 1, 0])
    probabilities = pd.Series([0.75, 0.5, 0.9, 0.2])
    decades = pd.Series([1960, 1960, 2010, 2010])
    right = {"1960s": 0.15625, "2010s": (0.01 + 0.04) / 2}
    assert_correct(capsys, "6.1", right, probabilities, y, decades)
    assert_correct(capsys, "6.1", pd.Series(right.values(), index=[1960, 2010]), probabilities, y, decades)
    assert_hint(capsys, "mean absolute error", "6.1", {1960: 0.375, 2010: 0.15}, probabilities, y, decades)
    assert_hint(capsys, "error rate of the 0.5 cut", "6.1", {1960: 0.5, 2010: 0.0}, probabilities, y, decades)
    assert_hint(capsys, "expected the decades 1960, 2010", "6.1", {1960: 0.15625}, probabilities, y, decades)
    assert_hint(capsys, "as a Series or dict", "6.1", [0.15625, 0.025], probabilities, y, decades)


def test_6_2_number_of_trees(capsys):
    """Two folds of a small synthetic task, on which boosting's mean accuracy peaks before 300 trees."""
    from sklearn.datasets import make_classification
    from sklearn.ensemble import HistGradientBoostingClassifier

    features, labels = make_classification(n_samples=400, n_features=5, flip_y=0.2, random_state=0)
    X, y = pd.DataFrame(features), pd.Series(labels)
    folds = [(np.arange(200), np.arange(200, 400)), (np.arange(200, 400), np.arange(200))]
    curves = []
    for train, test in folds:
        model = HistGradientBoostingClassifier(max_iter=300, early_stopping=False, random_state=0)
        model.fit(X.iloc[train], y.iloc[train])
        curves.append([np.mean(p == y.iloc[test]) for p in model.staged_predict(X.iloc[test])])
    mean_curve = np.mean(curves, axis=0)
    best = int(np.argmax(mean_curve))
    assert best + 1 < 300, "the synthetic task should peak before the last tree"
    assert_correct(capsys, "6.2", (best + 1, mean_curve[best]), X, y, folds)
    if best > 0:
        assert_hint(capsys, "count the trees from 1", "6.2", (best, mean_curve[best]), X, y, folds)
    assert_hint(capsys, "the last stage", "6.2", (300, mean_curve[-1]), X, y, folds)
    assert_hint(capsys, "not its mean accuracy", "6.2", (best + 1, 100 * mean_curve[best]), X, y, folds)


def test_6_3_cut_fixed_elsewhere(capsys):
    """Two folds of five hits and five flops. A cut that finds 90 % of one fold's hits must find all five,
    so it sits at that fold's lowest hit: 0.55 chosen on fold B finds 4 of fold A's hits, 0.2 chosen on
    fold A finds all of fold B's."""
    y = pd.Series([1] * 5 + [0] * 5 + [1] * 5 + [0] * 5)
    probabilities = pd.Series(
        [0.9, 0.8, 0.7, 0.6, 0.2, 0.5, 0.4, 0.3, 0.1, 0.05]
        + [0.95, 0.85, 0.75, 0.65, 0.55, 0.45, 0.35, 0.25, 0.15, 0.12]
    )
    a, b = np.arange(10), np.arange(10, 20)
    folds = [(b, a), (a, b)]
    assert_correct(capsys, "6.3", [0.8, 1.0], probabilities, y, folds)
    assert_hint(capsys, "chosen on the fold it is judged on", "6.3", [1.0, 1.0], probabilities, y, folds)
    assert_hint(capsys, "not percentages", "6.3", [80, 100], probabilities, y, folds)
    assert_hint(capsys, "at or above the cut", "6.3", [0.6, 1.0], probabilities, y, folds)
    assert_hint(capsys, "2 number(s), got 1", "6.3", [0.9], probabilities, y, folds)
